/* What the hands do: the aim ray picks a machine (a haptic tick when it moves onto a new one), select opens its
 * panel (a pulse) and a second select or menu closes it, squeeze pins it or lets it follow the hand, the stick
 * turns (30 degree snaps) and teleports (push forward to aim, let go to jump). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "factoryxr/panel.h"
#include "xr_internal.h"

#define INTERACT_RAY_MAX 30.0f
#define INTERACT_PULSE_NS 60000000LL
#define INTERACT_TICK_NS 12000000LL
#define INTERACT_PANEL_W 0.48f /* metres; the panel's pixels are 512 x 320 */
#define INTERACT_PANEL_DIST 0.8f
#define INTERACT_STICK_ON 0.7f
#define INTERACT_STICK_OFF 0.3f

enum xr_status xr_interact_create(struct xr *xr)
{
    struct xr_interact *it = &xr->interact;
    if (panel_create(&(struct panel_desc){0}, &it->panel) != 0) {
        xr_log("the machine panel could not be made (see above)");
        return XR_STATUS_FAILED;
    }
    struct scene_stats st;
    scene_get_stats(xr->desc.scene, &st);
    it->merged_capacity = st.instance_count - st.static_instance_count + XR_OVERLAY_MAX;
    it->merged = calloc(it->merged_capacity, sizeof *it->merged);
    if (!it->merged) {
        xr_log("out of memory for %u drawn instances", it->merged_capacity);
        return XR_STATUS_FAILED;
    }
    it->box_mesh = it->sphere_mesh = UINT32_MAX;
    for (uint32_t k = 0; k < scene_mesh_count(xr->desc.scene); ++k) {
        const char *name = scene_get_mesh(xr->desc.scene, k)->name;
        if (strcmp(name, "box") == 0)
            it->box_mesh = k;
        else if (strcmp(name, "sphere") == 0)
            it->sphere_mesh = k;
    }
    if (it->box_mesh == UINT32_MAX || it->sphere_mesh == UINT32_MAX) {
        xr_log("the scene has no box or sphere mesh to draw controllers with");
        return XR_STATUS_FAILED;
    }
    it->panel_machine = SCENE_NO_MACHINE;
    return XR_STATUS_OK;
}

void xr_interact_destroy(struct xr *xr)
{
    struct xr_interact *it = &xr->interact;
    if (it->clicks || it->ticks)
        xr_log("interaction: %u selects, %u haptic pulses, %u hover ticks", it->clicks, it->pulses, it->ticks);
    panel_destroy(&it->panel);
    free(it->merged);
    it->merged = NULL;
}

enum xr_status xr_interact_attach(struct xr *xr)
{
    struct xr_interact *it = &xr->interact;
    it->panel_open = false;
    it->aiming_teleport = false;
    it->loco_dirty = it->loco.yaw != 0.0f || it->loco.offset[0] != 0.0f || it->loco.offset[1] != 0.0f;
    uint32_t w = 0, h = 0;
    panel_pixels(it->panel, &w, &h);
    enum xr_status st = xr_panel_layer_create(xr, &it->layer, w, h);
    return st == XR_STATUS_OK ? xr_hands_attach(xr) : st;
}

void xr_interact_detach(struct xr *xr)
{
    xr_hands_detach(xr);
    xr_panel_layer_destroy(xr, &xr->interact.layer);
    xr->interact.panel_open = false;
}

static void pose_dir(const XrPosef *p, const float local[3], float out[3])
{
    /* v' = v + 2 w (q x v) + 2 q x (q x v) */
    const float qx = p->orientation.x, qy = p->orientation.y, qz = p->orientation.z, qw = p->orientation.w;
    float tx = 2.0f * (qy * local[2] - qz * local[1]), ty = 2.0f * (qz * local[0] - qx * local[2]),
          tz = 2.0f * (qx * local[1] - qy * local[0]);
    out[0] = local[0] + qw * tx + (qy * tz - qz * ty);
    out[1] = local[1] + qw * ty + (qz * tx - qx * tz);
    out[2] = local[2] + qw * tz + (qx * ty - qy * tx);
}

static void pulse(struct xr *xr, int h, bool strong)
{
    if (xr_input_haptic(xr, h, strong ? INTERACT_PULSE_NS : INTERACT_TICK_NS, strong ? 0.7f : 0.25f)) {
        if (strong)
            xr->interact.pulses++;
        else
            xr->interact.ticks++;
    }
}

static void pick_hand(struct xr *xr, int h)
{
    struct xr_hand *hand = &xr->input.hands[h];
    uint32_t before = hand->hover;
    hand->hover = SCENE_NO_MACHINE;
    hand->ray_length = INTERACT_RAY_MAX;
    if (!hand->aim_valid)
        return;
    const float fwd[3] = {0.0f, 0.0f, -1.0f};
    float o[3] = {hand->aim.position.x, hand->aim.position.y, hand->aim.position.z}, d[3];
    pose_dir(&hand->aim, fwd, d);
    struct scene_hit hit;
    if (scene_pick(xr->desc.scene, o, d, INTERACT_RAY_MAX, &hit)) {
        hand->hover = hit.machine;
        hand->ray_length = hit.distance;
    }
    if (hand->hover != SCENE_NO_MACHINE && hand->hover != before)
        pulse(xr, h, false);
}

static void open_panel(struct xr *xr, int h, uint32_t machine)
{
    struct xr_interact *it = &xr->interact;
    const struct xr_hand *hand = &xr->input.hands[h];
    const float fwd[3] = {0.0f, 0.0f, -1.0f};
    float d[3];
    pose_dir(&hand->aim, fwd, d);
    float dist = fminf(INTERACT_PANEL_DIST, hand->ray_length * 0.7f);
    float pos[3] = {hand->aim.position.x + d[0] * dist, hand->aim.position.y + d[1] * dist + 0.1f,
                    hand->aim.position.z + d[2] * dist};
    /* upright, its front (+Z) turned towards the hand */
    float yaw = atan2f(hand->aim.position.x - pos[0], hand->aim.position.z - pos[2]);
    it->panel_pose = (XrPosef){.orientation = {0.0f, sinf(yaw * 0.5f), 0.0f, cosf(yaw * 0.5f)},
                               .position = {pos[0], pos[1], pos[2]}};
    it->panel_open = true;
    it->panel_follow = false;
    it->panel_hand = h;
    it->panel_machine = machine;
    it->layer.dirty = panel_update(it->panel, xr->desc.scene, machine) || it->layer.dirty;
    const struct scene_machine *m = scene_get_machine(xr->desc.scene, machine);
    xr_log("panel opened: %s (%s)", m ? m->id : "?", h ? "right" : "left");
}

/* a ∘ b: the pose b given in a's space, in a's base space */
static XrPosef compose(const XrPosef *a, const XrPosef *b)
{
    const XrQuaternionf *p = &a->orientation, *q = &b->orientation;
    float off[3] = {b->position.x, b->position.y, b->position.z}, r[3];
    pose_dir(a, off, r);
    return (XrPosef){.orientation = {p->w * q->x + p->x * q->w + p->y * q->z - p->z * q->y,
                                     p->w * q->y - p->x * q->z + p->y * q->w + p->z * q->x,
                                     p->w * q->z + p->x * q->y - p->y * q->x + p->z * q->w,
                                     p->w * q->w - p->x * q->x - p->y * q->y - p->z * q->z},
                     .position = {a->position.x + r[0], a->position.y + r[1], a->position.z + r[2]}};
}

/* Squeeze: follow the hand (30 cm ahead of its aim pose, tilted 30 degrees towards the eyes), or pin it where it
 * is now. */
static void toggle_follow(struct xr *xr, const struct xr_hand *hand)
{
    struct xr_interact *it = &xr->interact;
    static const XrPosef follow = {.orientation = {-0.258819f, 0.0f, 0.0f, 0.965926f}, .position = {0.0f, 0.12f, -0.3f}};
    if (!it->panel_follow) {
        it->panel_pose = follow;
        it->panel_follow = true;
    } else if (hand->aim_valid) {
        it->panel_pose = compose(&hand->aim, &follow);
        it->panel_follow = false;
    } else {
        return; /* nowhere known to pin it: it keeps following */
    }
    xr_log("panel %s", it->panel_follow ? "follows the hand" : "pinned");
}

static void close_panel(struct xr *xr, const char *why)
{
    xr->interact.panel_open = false;
    xr_log("panel closed (%s)", why);
}

static void head_position(const struct xr *xr, float out[3])
{
    out[0] = out[1] = out[2] = 0.0f;
    for (uint32_t v = 0; v < xr->view_count; ++v) {
        out[0] += xr->views[v].pose.position.x / (float)xr->view_count;
        out[1] += xr->views[v].pose.position.y / (float)xr->view_count;
        out[2] += xr->views[v].pose.position.z / (float)xr->view_count;
    }
}

/* --smooth-move: the left stick walks where the head looks, never into a machine or out of the hall. */
static void smooth_move(struct xr *xr, const struct xr_hand *hand, float dt_s)
{
    struct xr_interact *it = &xr->interact;
    if (!xr->views_valid || (hand->stick[0] == 0.0f && hand->stick[1] == 0.0f))
        return;
    const float back[3] = {0.0f, 0.0f, -1.0f};
    float fwd[3], head[3], delta[2];
    pose_dir(&xr->views[0].pose, back, fwd);
    xr_loco_smooth_delta(fwd, hand->stick, dt_s, delta);
    head_position(xr, head);
    const float to[3] = {head[0] + delta[0], 0.0f, head[2] + delta[1]};
    if (!(fabsf(delta[0]) + fabsf(delta[1]) > 0.0f) || !xr_loco_target_valid(xr->desc.scene, to))
        return;
    it->loco.offset[0] += delta[0];
    it->loco.offset[1] += delta[1];
    it->loco_dirty = true;
}

/* The stick: left/right snaps a turn, forward aims a teleport that happens when it is let go (with --smooth-move
 * the left stick walks instead). */
static void locomotion(struct xr *xr, int h, float dt_s)
{
    if (xr->desc.smooth_move && h == 0) {
        smooth_move(xr, &xr->input.hands[h], dt_s);
        return;
    }
    struct xr_interact *it = &xr->interact;
    const struct xr_hand *hand = &xr->input.hands[h];
    const float x = hand->stick[0], y = hand->stick[1];
    const bool centred = fabsf(x) < INTERACT_STICK_OFF && fabsf(y) < INTERACT_STICK_OFF;
    float head[3];
    head_position(xr, head);
    if (it->aiming_teleport && it->teleport_hand == h) {
        if (y > INTERACT_STICK_OFF && hand->aim_valid) {
            const float fwd[3] = {0.0f, 0.0f, -1.0f};
            float o[3] = {hand->aim.position.x, hand->aim.position.y, hand->aim.position.z}, d[3], pts[XR_LOCO_ARC_POINTS][3];
            pose_dir(&hand->aim, fwd, d);
            bool landed = false;
            xr_loco_arc(o, d, pts, XR_LOCO_ARC_POINTS, &landed, it->teleport_target);
            it->teleport_valid = landed && xr_loco_target_valid(xr->desc.scene, it->teleport_target);
            return;
        }
        it->aiming_teleport = false;
        if (centred && it->teleport_valid && xr->views_valid) {
            xr_loco_teleport(&it->loco, head, it->teleport_target);
            it->loco_dirty = it->loco_discrete = true;
            xr_log("teleport from (%.3f, %.3f) to (%.3f, %.3f)", head[0], head[2], it->teleport_target[0],
                   it->teleport_target[2]);
        }
        return;
    }
    if (!it->stick_centred[h]) {
        it->stick_centred[h] = centred;
        return;
    }
    if (it->aiming_teleport)
        return; /* the other hand aims a teleport */
    if (y > INTERACT_STICK_ON) {
        it->aiming_teleport = true;
        it->teleport_valid = false;
        it->teleport_hand = h;
        it->stick_centred[h] = false;
    } else if (fabsf(x) > INTERACT_STICK_ON && xr->views_valid) {
        /* stick right turns right: clockwise seen from above */
        xr_loco_turn(&it->loco, head, (x > 0.0f ? -1.0f : 1.0f) * XR_LOCO_SNAP_DEG * (float)M_PI / 180.0f);
        it->loco_dirty = it->loco_discrete = true;
        it->stick_centred[h] = false;
        xr_log("snap turn %s", x > 0.0f ? "right" : "left");
    }
}

/* A moved play area is a new reference space whose pose puts the views in hall coordinates. */
static void apply_locomotion(struct xr *xr)
{
    struct xr_interact *it = &xr->interact;
    float pos[3], q[4];
    xr_loco_space_pose(&it->loco, xr->play_space_type == XR_REFERENCE_SPACE_TYPE_LOCAL ? -XR_FLOOR_OFFSET_M : 0.0f,
                       pos, q);
    XrReferenceSpaceCreateInfo info = {.type = XR_TYPE_REFERENCE_SPACE_CREATE_INFO,
                                       .referenceSpaceType = xr->play_space_type,
                                       .poseInReferenceSpace = {.orientation = {q[0], q[1], q[2], q[3]},
                                                                .position = {pos[0], pos[1], pos[2]}}};
    XrSpace space = XR_NULL_HANDLE;
    if (!xr_session_check(xr, xrCreateReferenceSpace(xr->session, &info, &space), "xrCreateReferenceSpace"))
        return;
    if (xr->play_space != XR_NULL_HANDLE)
        xr_ok(xr->instance, xrDestroySpace(xr->play_space), "xrDestroySpace");
    xr->play_space = space;
    it->loco_dirty = false;
    it->moved = true;
    it->report_head = it->loco_discrete; /* a teleport or a turn, not every frame of a smooth move */
    it->loco_discrete = false;
}

void xr_interact_update(struct xr *xr, XrTime time)
{
    struct xr_interact *it = &xr->interact;
    /* seconds since the last frame's display time, for smooth moves (0 at the first, at most 0.1) */
    const float dt_s = it->last_time > 0 && time > it->last_time ? fminf((float)(time - it->last_time) * 1e-9f, 0.1f) : 0.0f;
    it->last_time = time;
    it->moved = false;
    if (it->report_head && xr->views_valid) { /* the first views located in the moved play area */
        float head[3];
        head_position(xr, head);
        xr_log("head at (%.3f, %.3f, %.3f) after the move", head[0], head[1], head[2]);
        it->report_head = false;
    }
    for (int h = 0; h < 2; ++h) {
        struct xr_hand *hand = &xr->input.hands[h];
        pick_hand(xr, h);
        if (hand->select_pressed) {
            it->clicks++;
            if (it->panel_open) {
                close_panel(xr, "select");
                pulse(xr, h, true);
            } else if (hand->hover != SCENE_NO_MACHINE) {
                open_panel(xr, h, hand->hover);
                pulse(xr, h, true);
            }
        }
        if (hand->menu_pressed && it->panel_open)
            close_panel(xr, "menu");
        const bool squeezed = hand->squeeze > 0.6f;
        if (squeezed && !it->squeezed[h] && it->panel_open && it->panel_hand == h)
            toggle_follow(xr, hand);
        it->squeezed[h] = squeezed;
        locomotion(xr, h, dt_s);
    }
    if (it->loco_dirty && xr->session != XR_NULL_HANDLE)
        apply_locomotion(xr);
    if (it->panel_open) {
        if (panel_update(it->panel, xr->desc.scene, it->panel_machine))
            it->layer.dirty = true;
        if (it->layer.dirty && xr_panel_layer_upload(xr, &it->layer, panel_pixels(it->panel, NULL, NULL)))
            it->layer.dirty = false;
    }
    xr_overlay_build(xr);
}

const XrCompositionLayerBaseHeader *xr_interact_layer(struct xr *xr, XrCompositionLayerQuad *q)
{
    struct xr_interact *it = &xr->interact;
    if (!it->panel_open || !it->layer.has_image)
        return NULL;
    const XrSpace space = it->panel_follow ? xr->input.aim_space[it->panel_hand] : xr->play_space;
    const float aspect = (float)it->layer.height / (float)it->layer.width;
    *q = (XrCompositionLayerQuad){
        .type = XR_TYPE_COMPOSITION_LAYER_QUAD,
        .layerFlags = XR_COMPOSITION_LAYER_BLEND_TEXTURE_SOURCE_ALPHA_BIT,
        .space = space,
        .eyeVisibility = XR_EYE_VISIBILITY_BOTH,
        .subImage = {.swapchain = it->layer.swapchain,
                     .imageRect = {{0, 0}, {(int32_t)it->layer.width, (int32_t)it->layer.height}}},
        .pose = it->panel_pose,
        .size = {INTERACT_PANEL_W, INTERACT_PANEL_W * aspect}};
    return (const XrCompositionLayerBaseHeader *)q;
}
