/* Culling: frusta from OpenXR poses, sphere tests, union of eyes, widening, and scene_cull against a
 * brute-force reference over many random frusta: animated instances one by one, static chunks by their
 * spheres, and no static instance in view left out with its chunk. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#include "scene_check.h"
#include "scene_internal.h"

#define PI_F 3.14159265f

/* Deterministic random numbers for the test (xorshift), no global state. */
static float rnd(uint32_t *state, float lo, float hi)
{
    uint32_t x = *state;
    x ^= x << 13, x ^= x >> 17, x ^= x << 5;
    *state = x;
    return lo + (hi - lo) * (float)(x >> 8) / 16777216.0f;
}

/* The reference sphere: centre at the translation, mesh radius times the longest basis column. */
static void reference_sphere(const struct scene *scene, uint32_t kind, const struct scene_instance *in, float out[4])
{
    const float *m = in->model;
    float s = 0.0f;
    for (int c = 0; c < 3; c++)
        s = fmaxf(s, sqrtf(m[c * 4] * m[c * 4] + m[c * 4 + 1] * m[c * 4 + 1] + m[c * 4 + 2] * m[c * 4 + 2]));
    out[0] = m[12], out[1] = m[13], out[2] = m[14];
    out[3] = scene_get_mesh(scene, kind)->bound_radius * s;
}

static bool reference_visible(const struct scene_frustum *frusta, uint32_t count, const float sphere[4])
{
    for (uint32_t f = 0; f < count; f++) {
        bool inside = true;
        for (int p = 0; p < 6 && inside; p++) {
            const float *pl = frusta[f].planes[p];
            double d = (double)pl[0] * sphere[0] + (double)pl[1] * sphere[1] + (double)pl[2] * sphere[2] + pl[3];
            inside = d >= -(double)sphere[3];
        }
        if (inside)
            return true;
    }
    return false;
}

/* What a cull kept: animated instances and static chunks. */
struct kept {
    uint32_t instances, chunks;
};

/* For each static instance, the chunk it belongs to (from the chunks' ranges). */
static uint32_t *chunk_of_statics(const struct scene *scene)
{
    uint32_t static_count = 0, chunk_count = 0;
    scene_static_instances(scene, &static_count);
    const struct scene_chunk *chunks = scene_static_chunks(scene, &chunk_count);
    uint32_t *out = malloc((static_count ? static_count : 1) * sizeof *out);
    if (!out)
        return NULL;
    for (uint32_t i = 0; i < static_count; i++)
        out[i] = UINT32_MAX;
    for (uint32_t c = 0; c < chunk_count; c++) {
        for (uint32_t i = chunks[c].first; i < chunks[c].first + chunks[c].count && i < static_count; i++)
            out[i] = c;
    }
    return out;
}

/* Runs scene_cull and compares it with the reference: the animated instances one by one and byte for byte,
 * the chunks by their spheres, and every static instance in view must come with its chunk. */
static void compare_with_reference(struct check *chk, struct scene *scene, const struct scene_draw_list *full,
                                   const uint32_t *chunk_of, const struct scene_frustum *frusta, uint32_t count,
                                   struct kept *out_kept)
{
    struct scene_draw_list list;
    scene_cull(scene, frusta, count, &list);
    uint32_t n = 0, mismatches = 0;
    uint64_t triangles = 0;
    for (uint32_t b = 0; b < full->batch_count; b++) {
        const struct scene_batch *batch = &full->batches[b];
        for (uint32_t i = batch->first_instance; i < batch->first_instance + batch->instance_count; i++) {
            float sphere[4];
            reference_sphere(scene, batch->mesh, &full->instances[i], sphere);
            if (!reference_visible(frusta, count, sphere))
                continue;
            if (n >= list.instance_count || memcmp(&list.instances[n], &full->instances[i], sizeof full->instances[i]))
                mismatches++;
            n++;
            triangles += scene_get_mesh(scene, batch->mesh)->index_count / 3;
        }
    }
    CHECK(chk, n == list.instance_count && mismatches == 0, "cull kept %u animated, reference %u, %u mismatches",
          list.instance_count, n, mismatches);

    uint32_t chunk_count = 0, static_count = 0, listed = 0, wrong = 0, missed_static = 0;
    const struct scene_chunk *chunks = scene_static_chunks(scene, &chunk_count);
    const struct scene_static_instance *statics = scene_static_instances(scene, &static_count);
    uint8_t *in_list = calloc(chunk_count ? chunk_count : 1, 1);
    CHECK(chk, in_list != NULL, "out of memory");
    if (!in_list)
        return;
    for (uint32_t c = 0; c < chunk_count; c++) {
        bool visible = reference_visible(frusta, count, chunks[c].sphere);
        bool kept = listed < list.chunk_count && list.chunks[listed] == c;
        wrong += visible != kept;
        listed += kept;
        in_list[c] = kept;
        if (visible)
            triangles += chunks[c].triangles;
    }
    CHECK(chk, wrong == 0 && listed == list.chunk_count, "cull kept %u chunks (%u in order), %u differ from the "
          "reference", list.chunk_count, listed, wrong);
    for (uint32_t i = 0; i < static_count; i++) {
        float sphere[4];
        reference_sphere(scene, statics[i].mesh, &statics[i].instance, sphere);
        if (reference_visible(frusta, count, sphere) && (chunk_of[i] >= chunk_count || !in_list[chunk_of[i]]))
            missed_static++;
    }
    free(in_list);
    CHECK(chk, missed_static == 0, "%u static instances in view, but their chunks culled", missed_static);
    CHECK(chk, wrong != 0 || n != list.instance_count || triangles == list.triangles,
          "triangles %llu, reference %llu",
          (unsigned long long)list.triangles, (unsigned long long)triangles);
    *out_kept = (struct kept){.instances = list.instance_count, .chunks = list.chunk_count};
}

/* Orientation that turns the view (-Z forward) by yaw about +Y, then pitch about the new X. */
static void yaw_pitch_quat(float yaw, float pitch, float out[4])
{
    float cy = cosf(yaw * 0.5f), sy = sinf(yaw * 0.5f), cp = cosf(pitch * 0.5f), sp = sinf(pitch * 0.5f);
    /* q = q_yaw * q_pitch */
    out[0] = cy * sp, out[1] = sy * cp, out[2] = -sy * sp, out[3] = cy * cp;
}

static bool list_has(const struct scene_draw_list *list, const struct scene_instance *in)
{
    for (uint32_t i = 0; i < list->instance_count; i++) {
        if (memcmp(&list->instances[i], in, sizeof *in) == 0)
            return true;
    }
    return false;
}

/* Where the full list's batch of a kind starts (the kind must be animated). */
static uint32_t batch_first(struct check *chk, const struct scene_draw_list *full, uint32_t kind)
{
    for (uint32_t b = 0; b < full->batch_count; b++) {
        if (full->batches[b].mesh == kind)
            return full->batches[b].first_instance;
    }
    CHECK(chk, 0, "no batch of kind %u in the full list", kind);
    return 0;
}

static bool list_has_chunk(const struct scene_draw_list *list, uint32_t chunk)
{
    for (uint32_t i = 0; i < list->chunk_count; i++) {
        if (list->chunks[i] == chunk)
            return true;
    }
    return false;
}

/* Looks at one instance (the first part) from 6 m away: kept ahead, culled behind, culled just beyond the
 * left edge of the FOV and kept again once the FOV is widened. */
static void test_single_instance(struct check *chk, struct scene *scene, const struct scene_draw_list *full)
{
    uint32_t idx = batch_first(chk, full, SCENE_KIND_PART);
    struct scene_instance target = full->instances[idx];
    float sphere[4];
    reference_sphere(scene, SCENE_KIND_PART, &target, sphere);
    const float dist = 6.0f, half = 0.6f;
    float eye[3] = {sphere[0], sphere[1], sphere[2] + dist}; /* target straight down -Z */
    float q[4];
    struct scene_frustum f;
    struct scene_draw_list list;
    yaw_pitch_quat(0.0f, 0.0f, q);
    scene_frustum_from_fov(eye, q, -half, half, half, -half, 0.05f, 100.0f, 0.0f, &f);
    scene_cull(scene, &f, 1, &list);
    CHECK(chk, list_has(&list, &target), "instance straight ahead culled");
    CHECK(chk, list.instance_count < full->instance_count, "nothing culled looking ahead");
    yaw_pitch_quat(PI_F, 0.0f, q);
    scene_frustum_from_fov(eye, q, -half, half, half, -half, 0.05f, 100.0f, 0.0f, &f);
    scene_cull(scene, &f, 1, &list);
    CHECK(chk, !list_has(&list, &target), "instance behind kept");
    /* Turn right until the sphere is 0.02 rad beyond the left plane. */
    float beyond = asinf(sphere[3] / dist) + 0.02f;
    yaw_pitch_quat(-(half + beyond), 0.0f, q);
    scene_frustum_from_fov(eye, q, -half, half, half, -half, 0.05f, 100.0f, 0.0f, &f);
    scene_cull(scene, &f, 1, &list);
    CHECK(chk, !list_has(&list, &target), "instance just outside the FOV kept");
    scene_frustum_from_fov(eye, q, -half, half, half, -half, 0.05f, 100.0f, 0.04f, &f);
    scene_cull(scene, &f, 1, &list);
    CHECK(chk, list_has(&list, &target), "instance just outside the FOV culled although widened");
    /* Beyond the far plane, and in front of the near plane. */
    yaw_pitch_quat(0.0f, 0.0f, q);
    scene_frustum_from_fov(eye, q, -half, half, half, -half, 0.05f, dist - sphere[3] - 0.1f, 0.0f, &f);
    scene_cull(scene, &f, 1, &list);
    CHECK(chk, !list_has(&list, &target), "instance beyond the far plane kept");
    scene_frustum_from_fov(eye, q, -half, half, half, -half, dist + sphere[3] + 0.1f, 200.0f, 0.0f, &f);
    scene_cull(scene, &f, 1, &list);
    CHECK(chk, !list_has(&list, &target), "instance before the near plane kept");
    scene_frustum_from_fov(eye, q, -half, half, half, -half, 0.05f, INFINITY, 0.0f, &f);
    scene_cull(scene, &f, 1, &list);
    CHECK(chk, list_has(&list, &target), "infinite far plane culls");
}

/* The same for a whole chunk: the smallest one, seen from beyond its sphere. */
static void test_single_chunk(struct check *chk, struct scene *scene)
{
    uint32_t chunk_count = 0, pick = 0;
    const struct scene_chunk *chunks = scene_static_chunks(scene, &chunk_count);
    for (uint32_t c = 1; c < chunk_count; c++) {
        if (chunks[c].sphere[3] < chunks[pick].sphere[3])
            pick = c;
    }
    const float *sphere = chunks[pick].sphere;
    const float dist = sphere[3] + 6.0f, half = 0.6f;
    float eye[3] = {sphere[0], sphere[1], sphere[2] + dist}, q[4];
    struct scene_frustum f;
    struct scene_draw_list list;
    yaw_pitch_quat(0.0f, 0.0f, q);
    scene_frustum_from_fov(eye, q, -half, half, half, -half, 0.05f, 200.0f, 0.0f, &f);
    scene_cull(scene, &f, 1, &list);
    CHECK(chk, list_has_chunk(&list, pick), "chunk %u straight ahead culled", pick);
    CHECK(chk, list.chunk_count < chunk_count, "no chunk culled looking ahead");
    yaw_pitch_quat(PI_F, 0.0f, q);
    scene_frustum_from_fov(eye, q, -half, half, half, -half, 0.05f, 200.0f, 0.0f, &f);
    scene_cull(scene, &f, 1, &list);
    CHECK(chk, !list_has_chunk(&list, pick), "chunk %u behind kept", pick);
    float beyond = asinf(sphere[3] / dist) + 0.02f;
    yaw_pitch_quat(-(half + beyond), 0.0f, q);
    scene_frustum_from_fov(eye, q, -half, half, half, -half, 0.05f, 200.0f, 0.0f, &f);
    scene_cull(scene, &f, 1, &list);
    CHECK(chk, !list_has_chunk(&list, pick), "chunk %u just outside the FOV kept", pick);
    scene_frustum_from_fov(eye, q, -half, half, half, -half, 0.05f, 200.0f, 0.04f, &f);
    scene_cull(scene, &f, 1, &list);
    CHECK(chk, list_has_chunk(&list, pick), "chunk %u just outside the FOV culled although widened", pick);
}

/* The planes agree with the FOV definition: random points classified by angle and by plane. */
static void test_planes_match_fov(struct check *chk)
{
    uint32_t rng = 12345, checked = 0;
    for (int i = 0; i < 2000; i++) {
        float pos[3] = {rnd(&rng, -5, 5), rnd(&rng, 0, 3), rnd(&rng, -5, 5)}, q[4];
        float yaw = rnd(&rng, -PI_F, PI_F), pitch = rnd(&rng, -1.2f, 1.2f);
        float l = rnd(&rng, -1.2f, -0.2f), r = rnd(&rng, 0.2f, 1.2f), u = rnd(&rng, 0.2f, 1.0f), d = rnd(&rng, -1.0f, -0.2f);
        yaw_pitch_quat(yaw, pitch, q);
        struct scene_frustum f;
        scene_frustum_from_fov(pos, q, l, r, u, d, 0.1f, 20.0f, 0.0f, &f);
        /* A point given in view space, moved to the world with the same rotation written out as matrices. */
        float v[3] = {rnd(&rng, -10, 10), rnd(&rng, -10, 10), rnd(&rng, -25, 2)};
        float cp = cosf(pitch), sp = sinf(pitch), cy = cosf(yaw), sy = sinf(yaw);
        float a[3] = {v[0], cp * v[1] - sp * v[2], sp * v[1] + cp * v[2]};      /* pitch about X */
        float w[4] = {cy * a[0] + sy * a[2] + pos[0], a[1] + pos[1], -sy * a[0] + cy * a[2] + pos[2], 0.0f};
        float depth = -v[2];
        if (depth <= 0.0f)
            continue;
        float margin = 0.01f;
        float hx = v[0] / depth, hy = v[1] / depth;
        bool inside = depth > 0.1f + margin && depth < 20.0f - margin && hx > tanf(l) + margin &&
                      hx < tanf(r) - margin && hy > tanf(d) + margin && hy < tanf(u) - margin;
        bool outside = depth < 0.1f - margin || depth > 20.0f + margin || hx < tanf(l) - margin ||
                       hx > tanf(r) + margin || hy < tanf(d) - margin || hy > tanf(u) + margin;
        if (!inside && !outside)
            continue;
        checked++;
        CHECK(chk, scene_sphere_in_frustum(&f, w) == inside, "point %d: planes say %d, angles say %d", i,
              !inside, inside);
    }
    CHECK(chk, checked > 500, "only %u points checked", checked);
}

static void test_random_frusta(struct check *chk, struct scene *scene, const struct scene_draw_list *full,
                               const uint32_t *chunk_of)
{
    uint32_t rng = 777, kept_some = 0, culled_some = 0, culled_chunks = 0, chunk_count = 0;
    scene_static_chunks(scene, &chunk_count);
    const struct scene_plan *plan = &scene->plan;
    for (int i = 0; i < 300; i++) {
        struct scene_frustum f[3];
        uint32_t count = 1 + (uint32_t)i % 3;
        for (uint32_t k = 0; k < count; k++) {
            float pos[3] = {rnd(&rng, plan->hall_min[0], plan->hall_max[0]), rnd(&rng, 0.3f, 5.0f),
                            rnd(&rng, plan->hall_min[1], plan->hall_max[1])};
            float q[4] = {rnd(&rng, -1, 1), rnd(&rng, -1, 1), rnd(&rng, -1, 1), rnd(&rng, -1, 1)};
            float n = sqrtf(q[0] * q[0] + q[1] * q[1] + q[2] * q[2] + q[3] * q[3]);
            for (int c = 0; c < 4; c++)
                q[c] /= n;
            scene_frustum_from_fov(pos, q, rnd(&rng, -1.4f, -0.1f), rnd(&rng, 0.1f, 1.4f), rnd(&rng, 0.1f, 1.4f),
                                   rnd(&rng, -1.4f, -0.1f), rnd(&rng, 0.01f, 1.0f), rnd(&rng, 2.0f, 150.0f),
                                   rnd(&rng, 0.0f, 0.2f), &f[k]);
        }
        struct kept kept;
        compare_with_reference(chk, scene, full, chunk_of, f, count, &kept);
        kept_some += kept.instances > 0 && kept.chunks > 0;
        culled_some += kept.instances < full->instance_count;
        culled_chunks += kept.chunks < chunk_count;
    }
    printf("random frusta: %u of 300 keep instances and chunks, %u cull instances, %u cull chunks\n", kept_some,
           culled_some, culled_chunks);
    CHECK(chk, kept_some > 100 && culled_some > 250 && culled_chunks > 150,
          "random frusta too trivial: %u kept, %u culled instances, %u culled chunks", kept_some, culled_some,
          culled_chunks);
}

/* Two eyes: the union of what each sees, and no instance or chunk twice. */
static void test_union(struct check *chk, struct scene *scene, const struct scene_draw_list *full,
                       const uint32_t *chunk_of)
{
    const float left_eye[3] = {-0.032f, 1.7f, 0.0f}, right_eye[3] = {0.032f, 1.7f, 0.0f};
    float q_left[4], q_right[4];
    yaw_pitch_quat(0.9f, 0.0f, q_left);
    yaw_pitch_quat(-0.9f, 0.0f, q_right);
    struct scene_frustum f[2];
    scene_frustum_from_fov(left_eye, q_left, -0.7f, 0.6f, 0.7f, -0.8f, 0.05f, 60.0f, 0.0f, &f[0]);
    scene_frustum_from_fov(right_eye, q_right, -0.6f, 0.7f, 0.7f, -0.8f, 0.05f, 60.0f, 0.0f, &f[1]);
    struct kept k0, k1, k01;
    compare_with_reference(chk, scene, full, chunk_of, &f[0], 1, &k0);
    compare_with_reference(chk, scene, full, chunk_of, &f[1], 1, &k1);
    compare_with_reference(chk, scene, full, chunk_of, f, 2, &k01);
    uint32_t n0 = k0.instances, n1 = k1.instances, n01 = k01.instances;
    CHECK(chk, n01 >= n0 && n01 >= n1 && n01 <= n0 + n1 && n01 > n0 && n01 > n1, "union %u of %u and %u", n01, n0,
          n1);
    uint32_t c0 = k0.chunks, c1 = k1.chunks, c01 = k01.chunks;
    CHECK(chk, c01 >= c0 && c01 >= c1 && c01 <= c0 + c1 && c01 > c0 && c01 > c1, "chunk union %u of %u and %u", c01,
          c0, c1);
    struct scene_draw_list all;
    uint32_t chunk_count = 0;
    scene_static_chunks(scene, &chunk_count);
    scene_cull(scene, f, 0, &all);
    CHECK(chk, all.instance_count == full->instance_count && all.chunk_count == chunk_count,
          "frustum_count 0 keeps %u of %u instances, %u of %u chunks", all.instance_count, full->instance_count,
          all.chunk_count, chunk_count);
}

static void test_batches(struct check *chk, struct scene *scene)
{
    const float eye[3] = {0.0f, 1.7f, 0.0f}, q[4] = {0, 0, 0, 1};
    struct scene_frustum f;
    scene_frustum_from_fov(eye, q, -0.8f, 0.8f, 0.8f, -0.8f, 0.05f, 40.0f, 0.0f, &f);
    struct scene_draw_list list;
    scene_cull(scene, &f, 1, &list);
    uint32_t next = 0, chunk_count = 0;
    uint64_t triangles = 0;
    const struct scene_chunk *chunks = scene_static_chunks(scene, &chunk_count);
    for (uint32_t b = 0; b < list.batch_count; b++) {
        const struct scene_batch *batch = &list.batches[b];
        CHECK(chk, b == 0 || batch->mesh > list.batches[b - 1].mesh, "batches out of order");
        CHECK(chk, batch->first_instance == next && batch->instance_count > 0, "batch %u range", b);
        CHECK(chk, scene->kind_first[batch->mesh] + scene->kind_count[batch->mesh] >
                       scene->kind_dynamic_first[batch->mesh],
              "batch %u: kind %u has no animated instances", b, batch->mesh);
        next += batch->instance_count;
        triangles += (uint64_t)batch->instance_count * (scene_get_mesh(scene, batch->mesh)->index_count / 3);
    }
    for (uint32_t c = 0; c < list.chunk_count; c++) {
        CHECK(chk, list.chunks[c] < chunk_count && (c == 0 || list.chunks[c] > list.chunks[c - 1]),
              "chunk list out of range or order at %u", c);
        if (list.chunks[c] < chunk_count)
            triangles += chunks[list.chunks[c]].triangles;
    }
    CHECK(chk, next == list.instance_count && triangles == list.triangles, "batches vs list: %u/%u instances", next,
          list.instance_count);
    CHECK(chk, list.instance_count > 100 && list.batch_count >= 4, "default view is poor: %u instances, %u batches",
          list.instance_count, list.batch_count);
    CHECK(chk, list.chunk_count > 0 && list.chunk_count < chunk_count, "default view keeps %u of %u chunks",
          list.chunk_count, chunk_count);
    uint32_t static_count = 0;
    scene_static_instances(scene, &static_count);
    printf("default view (one eye, 92 deg, 40 m): %u of %u animated instances, %u of %u chunks, %llu triangles, "
           "%u draws\n",
           list.instance_count, scene->instance_count - static_count, list.chunk_count, chunk_count,
           (unsigned long long)list.triangles, list.batch_count + list.chunk_count);
}

/* Detail culling against a reference: the frustum-only cull, then every piece thinner than min_angle times
 * its distance (animated: its own sphere; static: its chunk's sphere, members thinnest first) left out, and
 * nothing seen at min_angle or more ever missing. */
static double sphere_gap(const float eye[3], const float sphere[4])
{
    double dx = (double)sphere[0] - eye[0], dy = (double)sphere[1] - eye[1], dz = (double)sphere[2] - eye[2];
    return fmax(0.0, sqrt(dx * dx + dy * dy + dz * dz) - sphere[3]);
}

static void compare_detail(struct check *chk, struct scene *scene, const struct scene_frustum *frusta, uint32_t count,
                           const struct scene_detail *detail, uint64_t *out_triangles, uint64_t *out_all_triangles)
{
    struct scene_draw_list all, list;
    scene_cull(scene, frusta, count, &all);
    /* a private copy: the next cull reuses the scene's storage */
    uint32_t *all_chunks = malloc((all.chunk_count ? all.chunk_count : 1) * sizeof *all_chunks);
    CHECK(chk, all_chunks != NULL, "out of memory");
    if (!all_chunks)
        return;
    memcpy(all_chunks, all.chunks, all.chunk_count * sizeof *all_chunks);
    uint32_t all_chunk_count = all.chunk_count;
    *out_all_triangles = all.triangles;

    scene_cull_detail(scene, frusta, count, detail, &list);
    const double angle = detail->min_angle;
    /* Animated: walk the scene's animated slots (kind by kind, as scene_cull lists them) with the scene's own
     * thickness, which must be the geometric one, or infinite for the pieces always kept (robot arms). */
    uint32_t n = 0, mismatches = 0, bad_thickness = 0;
    uint64_t triangles = 0;
    for (int k = 0; k < SCENE_KIND_COUNT; k++) {
        for (uint32_t i = scene->kind_dynamic_first[k]; i < scene->kind_first[k] + scene->kind_count[k]; i++) {
            float sphere[4];
            reference_sphere(scene, (uint32_t)k, &scene->instances[i], sphere);
            double thick = reference_thickness(scene, (uint32_t)k, &scene->instances[i]);
            bad_thickness += !isinf(scene->thickness[i]) && fabs(thick - scene->thickness[i]) > 1e-4 * thick;
            if (!reference_visible(frusta, count, sphere) ||
                scene->thickness[i] < angle * sphere_gap(detail->eye, sphere) * (1.0 - 1e-5))
                continue;
            if (n >= list.instance_count ||
                memcmp(&list.instances[n], &scene->instances[i], sizeof scene->instances[i]) != 0)
                mismatches++;
            n++;
            triangles += scene_get_mesh(scene, (uint32_t)k)->index_count / 3;
        }
    }
    CHECK(chk, n == list.instance_count && mismatches == 0 && bad_thickness == 0,
          "detail cull kept %u animated, reference %u, %u differ, %u thicknesses wrong", list.instance_count, n,
          mismatches, bad_thickness);

    uint32_t chunk_count = 0, static_count = 0, listed = 0, wrong = 0, missing = 0;
    const struct scene_chunk *chunks = scene_static_chunks(scene, &chunk_count);
    const struct scene_static_instance *statics = scene_static_instances(scene, &static_count);
    for (uint32_t a = 0; a < all_chunk_count; a++) {
        const struct scene_chunk *ch = &chunks[all_chunks[a]];
        double gap = sphere_gap(detail->eye, ch->sphere);
        uint32_t skip = 0;
        /* the scene's own thickness of static pieces (scene_counts checks it against the geometry; pieces
         * that carry others are infinite) */
        while (skip < ch->count && scene->static_thickness[ch->first + skip] < angle * gap * (1.0 - 1e-5))
            skip++;
        bool kept = listed < list.chunk_count && list.chunks[listed] == all_chunks[a];
        if (skip == ch->count) {
            wrong += kept;
        } else if (!kept) {
            wrong++;
        } else {
            wrong += list.chunk_skip[listed] > skip; /* never more than the reference (boundary slack: fewer) */
            uint32_t used = list.chunk_skip[listed];
            for (uint32_t m = ch->first + used; m < ch->first + ch->count; m++)
                triangles += scene_get_mesh(scene, statics[m].mesh)->index_count / 3;
            /* Whatever is seen at min_angle or more from where it stands is drawn. */
            for (uint32_t m = ch->first; m < ch->first + used; m++) {
                float sphere[4];
                reference_sphere(scene, statics[m].mesh, &statics[m].instance, sphere);
                double thick = scene->static_thickness[m];
                missing += reference_visible(frusta, count, sphere) && thick >= angle * sphere_gap(detail->eye, sphere);
            }
            listed++;
        }
    }
    CHECK(chk, wrong == 0 && listed == list.chunk_count, "detail cull: %u chunks differ from the reference (%u of %u "
          "listed in order)", wrong, listed, list.chunk_count);
    CHECK(chk, missing == 0, "detail cull left out %u static pieces seen at min_angle or more", missing);
    CHECK(chk, triangles == list.triangles, "detail cull: triangles %llu, reference %llu",
          (unsigned long long)list.triangles, (unsigned long long)triangles);
    *out_triangles = list.triangles;
    free(all_chunks);
}

static void test_detail(struct check *chk, struct scene *scene)
{
    /* The default view down the hall at 512 px per 90 degrees, 1.5 px: the far half loses its thin pieces. */
    const float eye[3] = {0.0f, 1.7f, 0.0f}, q[4] = {0.0f, 0.0f, 0.0f, 1.0f};
    struct scene_frustum f;
    scene_frustum_from_fov(eye, q, -0.785f, 0.785f, 0.785f, -0.785f, 0.05f, 100.0f, 0.0f, &f);
    struct scene_detail detail = {.eye = {eye[0], eye[1], eye[2]}, .min_angle = 1.5f * (PI_F / 2.0f) / 512.0f};
    uint64_t kept = 0, all = 0;
    compare_detail(chk, scene, &f, 1, &detail, &kept, &all);
    printf("detail culling, default view, 1.5 px at 512 px / 90 deg: %llu of %llu triangles\n",
           (unsigned long long)kept, (unsigned long long)all);
    CHECK(chk, kept < all * 9 / 10 && kept > all / 3, "detail culling kept %llu of %llu triangles",
          (unsigned long long)kept, (unsigned long long)all);
    /* Robot arms are never detail: at a huge angle every arm link in view stays (and little else). */
    struct scene_draw_list arms;
    scene_cull(scene, &f, 1, &arms);
    uint32_t arm_links = 0, kept_links = 0;
    for (uint32_t b = 0; b < arms.batch_count; b++)
        arm_links += arms.batches[b].mesh == SCENE_KIND_ARM ? arms.batches[b].instance_count : 0;
    detail.min_angle = 1.0f;
    scene_cull_detail(scene, &f, 1, &detail, &arms);
    for (uint32_t b = 0; b < arms.batch_count; b++)
        kept_links += arms.batches[b].mesh == SCENE_KIND_ARM ? arms.batches[b].instance_count : 0;
    CHECK(chk, arm_links > 0 && kept_links == arm_links, "detail culling kept %u of %u robot arm links", kept_links,
          arm_links);
    /* min_angle 0 (and no detail) keeps exactly what scene_cull keeps. */
    detail.min_angle = 0.0f;
    compare_detail(chk, scene, &f, 1, &detail, &kept, &all);
    CHECK(chk, kept == all, "min_angle 0 kept %llu of %llu triangles", (unsigned long long)kept,
          (unsigned long long)all);
    /* Random eyes, views and angles. */
    uint32_t state = 0x9e3779b9u;
    for (int r = 0; r < 40; r++) {
        const float e[3] = {rnd(&state, -20.0f, 20.0f), rnd(&state, 0.3f, 6.0f), rnd(&state, -50.0f, 5.0f)};
        float rq[4];
        yaw_pitch_quat(rnd(&state, -PI_F, PI_F), rnd(&state, -0.8f, 0.8f), rq);
        scene_frustum_from_fov(e, rq, -0.9f, 0.8f, 0.8f, -0.9f, 0.05f, 100.0f, 0.0f, &f);
        struct scene_detail d = {.eye = {e[0], e[1], e[2]}, .min_angle = rnd(&state, 0.0f, 0.02f)};
        compare_detail(chk, scene, &f, 1, &d, &kept, &all);
        CHECK(chk, kept <= all, "detail culling added triangles");
    }
}

int main(void)
{
    struct check chk = {0};
    struct scene *scene = NULL;
    if (scene_create(NULL, &scene) != 0) {
        fprintf(stderr, "scene_create failed\n");
        return 1;
    }
    scene_update(scene, 17500000000LL);
    /* A private copy of the full list (the animated instances): scene_cull reuses its storage. */
    struct scene_draw_list view;
    check_full_list(scene, &view);
    struct scene_instance *instances = malloc(view.instance_count * sizeof *instances);
    struct scene_batch *batches = malloc(view.batch_count * sizeof *batches);
    if (!instances || !batches) {
        fprintf(stderr, "out of memory\n");
        return 1;
    }
    memcpy(instances, view.instances, view.instance_count * sizeof *instances);
    memcpy(batches, view.batches, view.batch_count * sizeof *batches);
    struct scene_draw_list full = view;
    full.instances = instances;
    full.batches = batches;

    uint32_t *chunk_of = chunk_of_statics(scene);
    if (!chunk_of) {
        fprintf(stderr, "out of memory\n");
        return 1;
    }

    test_single_instance(&chk, scene, &full);
    test_single_chunk(&chk, scene);
    test_planes_match_fov(&chk);
    test_random_frusta(&chk, scene, &full, chunk_of);
    test_union(&chk, scene, &full, chunk_of);
    test_batches(&chk, scene);
    test_detail(&chk, scene);
    free(instances);
    free(batches);
    free(chunk_of);
    scene_destroy(&scene);
    return check_finish(&chk, "scene_cull");
}
