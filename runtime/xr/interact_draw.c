/* What the hands add to a frame's picture: controllers at their grip poses, aim rays that stop at what they hit,
 * a glowing frame round the hovered (and the shown) machine, the teleport arc and its marker. Extra instances of
 * the scene's box and sphere meshes, merged into the draw list's batches (the list is untouched when there are
 * none, so a run without controllers draws exactly what it drew before). */
#include <math.h>
#include <string.h>

#include "xr_internal.h"

static const float color_body[4] = {0.06f, 0.06f, 0.07f, 0.0f};
static const float color_hand[2][4] = {{0.2f, 0.45f, 1.0f, 0.8f}, {1.0f, 0.5f, 0.1f, 0.8f}};
static const float color_ray[4] = {0.3f, 0.9f, 1.0f, 1.0f};
static const float color_ray_hover[4] = {1.0f, 0.85f, 0.1f, 1.0f};
static const float color_hover[4] = {1.0f, 0.85f, 0.1f, 1.2f};
static const float color_shown[4] = {0.2f, 1.0f, 0.4f, 1.2f};
static const float color_arc_ok[4] = {0.2f, 1.0f, 0.4f, 1.0f};
static const float color_arc_bad[4] = {1.0f, 0.2f, 0.15f, 1.0f};

void xr_overlay_push(struct xr_interact *it, uint32_t mesh, const float model[16], const float color[4])
{
    if (it->overlay_count >= XR_OVERLAY_MAX)
        return;
    struct scene_instance *in = &it->overlay[it->overlay_count];
    memcpy(in->model, model, sizeof in->model);
    in->model[3] = in->model[7] = in->model[11] = 0.0f; /* no spin; the bottom row is not part of the transform */
    in->model[15] = 1.0f;
    memcpy(in->color, color, sizeof in->color);
    it->overlay_mesh[it->overlay_count++] = mesh;
}

/* model = T(p) R(q) S(s), columns. */
static void pose_model(const XrPosef *pose, const float local[3], const float s[3], float m[16])
{
    const float x = pose->orientation.x, y = pose->orientation.y, z = pose->orientation.z, w = pose->orientation.w;
    const float r[9] = {1 - 2 * (y * y + z * z), 2 * (x * y + z * w),     2 * (x * z - y * w),
                        2 * (x * y - z * w),     1 - 2 * (x * x + z * z), 2 * (y * z + x * w),
                        2 * (x * z + y * w),     2 * (y * z - x * w),     1 - 2 * (x * x + y * y)};
    for (int c = 0; c < 3; c++)
        for (int a = 0; a < 3; a++)
            m[c * 4 + a] = r[c * 3 + a] * s[c];
    for (int a = 0; a < 3; a++)
        m[12 + a] = (&pose->position.x)[a] + r[a] * local[0] + r[3 + a] * local[1] + r[6 + a] * local[2];
}

/* A box of w x w from a to b. */
static void beam(struct xr_interact *it, const float a[3], const float b[3], float w, const float color[4])
{
    float d[3] = {b[0] - a[0], b[1] - a[1], b[2] - a[2]};
    float len = sqrtf(d[0] * d[0] + d[1] * d[1] + d[2] * d[2]);
    if (!(len > 1e-5f))
        return;
    float z[3] = {d[0] / len, d[1] / len, d[2] / len};
    float up[3] = {0.0f, 1.0f, 0.0f};
    if (fabsf(z[1]) > 0.9f)
        up[0] = 1.0f, up[1] = 0.0f;
    float x[3] = {up[1] * z[2] - up[2] * z[1], up[2] * z[0] - up[0] * z[2], up[0] * z[1] - up[1] * z[0]};
    float xl = sqrtf(x[0] * x[0] + x[1] * x[1] + x[2] * x[2]);
    for (int i = 0; i < 3; i++)
        x[i] /= xl;
    float y[3] = {z[1] * x[2] - z[2] * x[1], z[2] * x[0] - z[0] * x[2], z[0] * x[1] - z[1] * x[0]};
    float m[16] = {0};
    for (int i = 0; i < 3; i++) {
        m[i] = x[i] * w;
        m[4 + i] = y[i] * w;
        m[8 + i] = z[i] * len;
        m[12 + i] = (a[i] + b[i]) * 0.5f;
    }
    xr_overlay_push(it, it->box_mesh, m, color);
}

/* The twelve edges of a machine's bounds. */
static void frame_machine(struct xr *xr, uint32_t machine, const float color[4])
{
    float lo[3], hi[3];
    scene_machine_bounds(xr->desc.scene, machine, lo, hi);
    if (!(hi[0] >= lo[0]))
        return;
    for (int axis = 0; axis < 3; axis++) {
        int u = (axis + 1) % 3, v = (axis + 2) % 3;
        for (int k = 0; k < 4; k++) {
            float a[3], b[3];
            a[axis] = lo[axis];
            b[axis] = hi[axis];
            a[u] = b[u] = (k & 1) ? hi[u] : lo[u];
            a[v] = b[v] = (k & 2) ? hi[v] : lo[v];
            beam(&xr->interact, a, b, 0.025f, color);
        }
    }
}

static void hand_model(struct xr *xr, int h)
{
    struct xr_interact *it = &xr->interact;
    const struct xr_hand *hand = &xr->input.hands[h];
    float m[16];
    if (hand->grip_valid) {
        const float body_at[3] = {0.0f, 0.0f, 0.02f}, body[3] = {0.045f, 0.035f, 0.13f};
        const float knob_at[3] = {0.0f, 0.025f, -0.035f}, knob[3] = {0.03f, 0.03f, 0.03f};
        pose_model(&hand->grip, body_at, body, m);
        xr_overlay_push(it, it->box_mesh, m, color_body);
        pose_model(&hand->grip, knob_at, knob, m);
        xr_overlay_push(it, it->sphere_mesh, m, color_hand[h]);
    }
    if (hand->aim_valid) {
        const float len = hand->ray_length;
        const float at[3] = {0.0f, 0.0f, -len * 0.5f}, size[3] = {0.006f, 0.006f, len};
        pose_model(&hand->aim, at, size, m);
        xr_overlay_push(it, it->box_mesh, m, hand->hover != SCENE_NO_MACHINE ? color_ray_hover : color_ray);
    }
}

static void teleport_arc(struct xr *xr)
{
    struct xr_interact *it = &xr->interact;
    const struct xr_hand *hand = &xr->input.hands[it->teleport_hand];
    if (!it->aiming_teleport || !hand->aim_valid)
        return;
    const XrQuaternionf *q = &hand->aim.orientation;
    /* the aim's -Z in play space (same rotation as pose_model's third column, negated) */
    float d[3] = {-(2 * (q->x * q->z + q->y * q->w)), -(2 * (q->y * q->z - q->x * q->w)),
                  -(1 - 2 * (q->x * q->x + q->y * q->y))};
    float o[3] = {hand->aim.position.x, hand->aim.position.y, hand->aim.position.z}, pts[XR_LOCO_ARC_POINTS][3], hit[3];
    bool landed = false;
    uint32_t n = xr_loco_arc(o, d, pts, XR_LOCO_ARC_POINTS, &landed, hit);
    const float *color = it->teleport_valid ? color_arc_ok : color_arc_bad;
    for (uint32_t i = 0; i + 1 < n; i++)
        beam(it, pts[i], pts[i + 1], 0.015f, color);
    if (landed) {
        float m[16] = {0.6f, 0, 0, 0, 0, 0.02f, 0, 0, 0, 0, 0.6f, 0, hit[0], 0.01f, hit[2], 1};
        xr_overlay_push(it, it->sphere_mesh, m, color);
    }
}

void xr_overlay_build(struct xr *xr)
{
    struct xr_interact *it = &xr->interact;
    it->overlay_count = 0;
    uint32_t framed = SCENE_NO_MACHINE;
    if (it->panel_open) {
        frame_machine(xr, it->panel_machine, color_shown);
        framed = it->panel_machine;
    }
    for (int h = 0; h < 2; ++h) {
        hand_model(xr, h);
        uint32_t hover = xr->input.hands[h].hover;
        if (hover != SCENE_NO_MACHINE && hover != framed) {
            frame_machine(xr, hover, color_hover);
            framed = hover;
        }
    }
    teleport_arc(xr);
    xr_hands_draw(xr);
}

void xr_interact_draw_list(struct xr *xr, struct scene_draw_list *list)
{
    struct xr_interact *it = &xr->interact;
    if (it->moved) /* the list was culled for where the views were before the move: draw everything once */
        scene_cull(xr->desc.scene, NULL, 0, list);
    if (it->overlay_count == 0)
        return;
    uint32_t n = 0, batches = 0;
    uint64_t triangles = list->triangles;
    const uint32_t kinds = scene_mesh_count(xr->desc.scene);
    for (uint32_t k = 0; k < kinds && batches < 32; k++) {
        uint32_t first = n;
        for (uint32_t b = 0; b < list->batch_count; b++) {
            const struct scene_batch *src = &list->batches[b];
            if (src->mesh != k || n + src->instance_count > it->merged_capacity)
                continue;
            memcpy(&it->merged[n], &list->instances[src->first_instance], src->instance_count * sizeof *it->merged);
            n += src->instance_count;
        }
        for (uint32_t o = 0; o < it->overlay_count; o++) {
            if (it->overlay_mesh[o] != k || n >= it->merged_capacity)
                continue;
            it->merged[n++] = it->overlay[o];
            triangles += scene_get_mesh(xr->desc.scene, k)->index_count / 3;
        }
        if (n > first)
            it->merged_batches[batches++] = (struct scene_batch){.mesh = k, .first_instance = first,
                                                                 .instance_count = n - first};
    }
    list->instances = it->merged;
    list->instance_count = n;
    list->batches = it->merged_batches;
    list->batch_count = batches;
    list->triangles = triangles;
}
