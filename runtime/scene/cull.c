/* View frusta from OpenXR poses and FOVs, and bounding-sphere culling: animated instances one by one into a
 * kind-sorted list, static geometry chunk by chunk. */
#include <math.h>
#include <string.h>

#include "scene_internal.h"

#define CULL_MAX_HALF_ANGLE 1.5607964f /* just under 90 degrees: tangents stay finite */

bool scene_sphere_in_frustum(const struct scene_frustum *frustum, const float sphere[4])
{
    for (int i = 0; i < 6; i++) {
        const float *p = frustum->planes[i];
        if (p[0] * sphere[0] + p[1] * sphere[1] + p[2] * sphere[2] + p[3] < -sphere[3])
            return false;
    }
    return true;
}

static bool sphere_in_any(const struct scene_frustum *frusta, uint32_t count, const float sphere[4])
{
    for (uint32_t f = 0; f < count; f++) {
        if (scene_sphere_in_frustum(&frusta[f], sphere))
            return true;
    }
    return false;
}

/* Distance from eye to the nearest point of a sphere (0 inside it). */
static float sphere_distance(const float eye[3], const float sphere[4])
{
    float dx = sphere[0] - eye[0], dy = sphere[1] - eye[1], dz = sphere[2] - eye[2];
    return fmaxf(0.0f, sqrtf(dx * dx + dy * dy + dz * dz) - sphere[3]);
}

void scene_cull_detail(struct scene *scene, const struct scene_frustum *frusta, uint32_t frustum_count,
                       const struct scene_detail *detail, struct scene_draw_list *out_list)
{
    uint32_t n = 0, batches = 0, chunks = 0;
    uint64_t triangles = 0;
    if (!frusta)
        frustum_count = 0;
    const float angle = detail && detail->min_angle > 0.0f ? detail->min_angle : 0.0f;
    for (int k = 0; k < SCENE_KIND_COUNT; k++) {
        uint32_t first = n, begin = scene->kind_dynamic_first[k], end = scene->kind_first[k] + scene->kind_count[k];
        for (uint32_t i = begin; i < end; i++) {
            if (frustum_count > 0 && !sphere_in_any(frusta, frustum_count, scene->spheres[i]))
                continue;
            if (angle > 0.0f && scene->thickness[i] < angle * sphere_distance(detail->eye, scene->spheres[i]))
                continue;
            scene->visible[n++] = scene->instances[i];
        }
        if (n == first)
            continue;
        scene->batches[batches++] = (struct scene_batch){.mesh = (uint32_t)k, .first_instance = first,
                                                         .instance_count = n - first};
        triangles += (uint64_t)(n - first) * (scene->meshes[k].index_count / 3);
    }
    for (uint32_t c = 0; c < scene->chunk_count; c++) {
        const struct scene_chunk *chunk = &scene->chunks[c];
        if (frustum_count > 0 && !sphere_in_any(frusta, frustum_count, chunk->sphere))
            continue;
        uint32_t skip = 0;
        if (angle > 0.0f) {
            /* Every member is at least this far away: the ones thinner than the angle there are detail. */
            float thinnest = angle * sphere_distance(detail->eye, chunk->sphere);
            while (skip < chunk->count && scene->static_thickness[chunk->first + skip] < thinnest)
                skip++;
        }
        if (skip == chunk->count)
            continue;
        scene->visible_chunks[chunks] = c;
        scene->visible_chunk_skip[chunks++] = skip;
        triangles += chunk->triangles - scene->static_tris_before[chunk->first + skip];
    }
    *out_list = (struct scene_draw_list){.instances = scene->visible,
                                         .instance_count = n,
                                         .batches = scene->batches,
                                         .batch_count = batches,
                                         .chunks = scene->visible_chunks,
                                         .chunk_skip = scene->visible_chunk_skip,
                                         .chunk_count = chunks,
                                         .triangles = triangles};
}

void scene_cull(struct scene *scene, const struct scene_frustum *frusta, uint32_t frustum_count,
                struct scene_draw_list *out_list)
{
    scene_cull_detail(scene, frusta, frustum_count, NULL, out_list);
}

static void quat_rotate(const float q[4], const float v[3], float out[3])
{
    /* v' = v + 2w (u x v) + 2 u x (u x v), u = q.xyz */
    float u[3] = {q[0], q[1], q[2]}, w = q[3];
    float t[3] = {2.0f * (u[1] * v[2] - u[2] * v[1]), 2.0f * (u[2] * v[0] - u[0] * v[2]),
                  2.0f * (u[0] * v[1] - u[1] * v[0])};
    out[0] = v[0] + w * t[0] + (u[1] * t[2] - u[2] * t[1]);
    out[1] = v[1] + w * t[1] + (u[2] * t[0] - u[0] * t[2]);
    out[2] = v[2] + w * t[2] + (u[0] * t[1] - u[1] * t[0]);
}

static float clamp_angle(float a)
{
    return fminf(CULL_MAX_HALF_ANGLE, fmaxf(-CULL_MAX_HALF_ANGLE, a));
}

/* A view-space plane (normal n, offset d, inside where n.p + d >= 0), normalised and moved to world space. */
static void set_plane(float out[4], const float n[3], float d, const float position[3], const float orientation[4])
{
    float len = sqrtf(n[0] * n[0] + n[1] * n[1] + n[2] * n[2]);
    float nv[3] = {n[0] / len, n[1] / len, n[2] / len}, nw[3];
    quat_rotate(orientation, nv, nw);
    out[0] = nw[0];
    out[1] = nw[1];
    out[2] = nw[2];
    out[3] = d / len - (nw[0] * position[0] + nw[1] * position[1] + nw[2] * position[2]);
}

void scene_frustum_from_fov(const float position[3], const float orientation[4], float angle_left,
                            float angle_right, float angle_up, float angle_down, float near_z, float far_z,
                            float widen_rad, struct scene_frustum *out_frustum)
{
    /* Normalise the quaternion: poses from a runtime are unit only up to rounding. */
    float q[4], ql = sqrtf(orientation[0] * orientation[0] + orientation[1] * orientation[1] +
                           orientation[2] * orientation[2] + orientation[3] * orientation[3]);
    for (int i = 0; i < 4; i++)
        q[i] = ql > 0.0f ? orientation[i] / ql : (i == 3 ? 1.0f : 0.0f);
    float tl = tanf(clamp_angle(angle_left - widen_rad)), tr = tanf(clamp_angle(angle_right + widen_rad));
    float tu = tanf(clamp_angle(angle_up + widen_rad)), td = tanf(clamp_angle(angle_down - widen_rad));
    /* View space looks down -Z; depth = -z. Inside: tl*depth <= x <= tr*depth, td*depth <= y <= tu*depth. */
    const float left[3] = {1.0f, 0.0f, tl}, right[3] = {-1.0f, 0.0f, -tr};
    const float down[3] = {0.0f, 1.0f, td}, up[3] = {0.0f, -1.0f, -tu};
    const float near_n[3] = {0.0f, 0.0f, -1.0f}, far_n[3] = {0.0f, 0.0f, 1.0f};
    set_plane(out_frustum->planes[0], left, 0.0f, position, q);
    set_plane(out_frustum->planes[1], right, 0.0f, position, q);
    set_plane(out_frustum->planes[2], down, 0.0f, position, q);
    set_plane(out_frustum->planes[3], up, 0.0f, position, q);
    set_plane(out_frustum->planes[4], near_n, -(near_z > 0.0f ? near_z : 0.0f), position, q);
    if (isfinite(far_z) && far_z > near_z) {
        set_plane(out_frustum->planes[5], far_n, far_z, position, q);
    } else {
        /* No far plane (infinite projection): a plane every point satisfies. */
        memset(out_frustum->planes[5], 0, sizeof out_frustum->planes[5]);
        out_frustum->planes[5][3] = 1.0f;
    }
}
