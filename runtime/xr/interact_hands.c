/* Tracked hands (XR_EXT_hand_tracking, when the runtime offers it): the 26 joints of each hand located every
 * frame, drawn as spheres while that hand holds no controller, and a pinch (thumb tip to index tip) acting as
 * select with the palm's -Z (towards the fingers) as the aim ray. */
#include <math.h>
#include <string.h>

#include "xr_internal.h"

#define HANDS_PINCH_ON 0.015f  /* metres between the tips' surfaces */
#define HANDS_PINCH_OFF 0.03f

static bool load(struct xr *xr, const char *name, PFN_xrVoidFunction *out)
{
    return xr_ok(xr->instance, xrGetInstanceProcAddr(xr->instance, name, out), name);
}

enum xr_status xr_hands_attach(struct xr *xr)
{
    struct xr_hands *hs = &xr->interact.hands;
    *hs = (struct xr_hands){0};
    if (!xr->ext.hand_tracking)
        return XR_STATUS_OK;
    XrSystemHandTrackingPropertiesEXT ht = {.type = XR_TYPE_SYSTEM_HAND_TRACKING_PROPERTIES_EXT};
    XrSystemProperties props = {.type = XR_TYPE_SYSTEM_PROPERTIES, .next = &ht};
    if (!xr_ok(xr->instance, xrGetSystemProperties(xr->instance, xr->system, &props), "xrGetSystemProperties"))
        return XR_STATUS_FAILED;
    if (!ht.supportsHandTracking)
        return XR_STATUS_OK;
    if (!load(xr, "xrCreateHandTrackerEXT", (PFN_xrVoidFunction *)&hs->create) ||
        !load(xr, "xrDestroyHandTrackerEXT", (PFN_xrVoidFunction *)&hs->destroy) ||
        !load(xr, "xrLocateHandJointsEXT", (PFN_xrVoidFunction *)&hs->locate))
        return XR_STATUS_FAILED;
    for (int h = 0; h < 2; ++h) {
        XrHandTrackerCreateInfoEXT info = {.type = XR_TYPE_HAND_TRACKER_CREATE_INFO_EXT,
                                           .hand = h ? XR_HAND_RIGHT_EXT : XR_HAND_LEFT_EXT,
                                           .handJointSet = XR_HAND_JOINT_SET_DEFAULT_EXT};
        if (!xr_session_check(xr, hs->create(xr->session, &info, &hs->tracker[h]), "xrCreateHandTrackerEXT"))
            return XR_STATUS_FAILED;
    }
    hs->enabled = true;
    return XR_STATUS_OK;
}

void xr_hands_detach(struct xr *xr)
{
    struct xr_hands *hs = &xr->interact.hands;
    for (int h = 0; h < 2; ++h) {
        if (hs->tracker[h] != XR_NULL_HANDLE)
            xr_ok(xr->instance, hs->destroy(hs->tracker[h]), "xrDestroyHandTrackerEXT");
        hs->tracker[h] = XR_NULL_HANDLE;
    }
    hs->enabled = false;
}

static float tip_gap(const XrHandJointLocationEXT *j)
{
    const XrVector3f *a = &j[XR_HAND_JOINT_THUMB_TIP_EXT].pose.position, *b = &j[XR_HAND_JOINT_INDEX_TIP_EXT].pose.position;
    float dx = a->x - b->x, dy = a->y - b->y, dz = a->z - b->z;
    return sqrtf(dx * dx + dy * dy + dz * dz) - j[XR_HAND_JOINT_THUMB_TIP_EXT].radius - j[XR_HAND_JOINT_INDEX_TIP_EXT].radius;
}

/* After the actions' sync: a hand without an active controller aims with its palm and selects by pinching. */
void xr_hands_update(struct xr *xr, XrTime time)
{
    struct xr_hands *hs = &xr->interact.hands;
    if (!hs->enabled)
        return;
    for (int h = 0; h < 2; ++h) {
        hs->tracked[h] = false;
        if (xr->state != XR_SESSION_STATE_FOCUSED)
            continue; /* no hand data without input focus; a pinch held through it is no new press */
        XrHandJointsLocateInfoEXT info = {.type = XR_TYPE_HAND_JOINTS_LOCATE_INFO_EXT, .baseSpace = xr->play_space, .time = time};
        XrHandJointLocationsEXT locs = {.type = XR_TYPE_HAND_JOINT_LOCATIONS_EXT,
                                        .jointCount = XR_HAND_JOINT_COUNT_EXT,
                                        .jointLocations = hs->joints[h]};
        if (!xr_session_check(xr, hs->locate(hs->tracker[h], &info, &locs), "xrLocateHandJointsEXT"))
            return;
        const XrSpaceLocationFlags need = XR_SPACE_LOCATION_POSITION_VALID_BIT | XR_SPACE_LOCATION_ORIENTATION_VALID_BIT;
        hs->tracked[h] = locs.isActive && (hs->joints[h][XR_HAND_JOINT_PALM_EXT].locationFlags & need) == need;
        struct xr_hand *hand = &xr->input.hands[h];
        if (!hs->tracked[h] || hand->active) {
            hs->pinch_down[h] = false;
            continue;
        }
        const float gap = tip_gap(hs->joints[h]);
        const bool down = hs->pinch_down[h] ? gap < HANDS_PINCH_OFF : gap < HANDS_PINCH_ON;
        hand->select_pressed = down && !hs->pinch_down[h];
        hand->select_down = hs->pinch_down[h] = down;
        hand->select = down ? 1.0f : 0.0f;
        hand->aim = hs->joints[h][XR_HAND_JOINT_PALM_EXT].pose;
        hand->aim_valid = true;
    }
}

/* The joints of the hands that hold no controller, as spheres of their radius. */
void xr_hands_draw(struct xr *xr)
{
    static const float color[4] = {0.85f, 0.75f, 0.65f, 0.15f}, color_pinch[4] = {1.0f, 0.85f, 0.1f, 0.6f};
    struct xr_hands *hs = &xr->interact.hands;
    for (int h = 0; hs->enabled && h < 2; ++h) {
        if (!hs->tracked[h] || xr->input.hands[h].active)
            continue;
        for (uint32_t j = 0; j < XR_HAND_JOINT_COUNT_EXT; ++j) {
            const XrHandJointLocationEXT *l = &hs->joints[h][j];
            const float d = 2.0f * l->radius;
            const float m[16] = {d, 0, 0, 0, 0, d, 0, 0, 0, 0, d, 0, l->pose.position.x, l->pose.position.y, l->pose.position.z, 1};
            xr_overlay_push(&xr->interact, xr->interact.sphere_mesh, m, hs->pinch_down[h] ? color_pinch : color);
        }
    }
}
