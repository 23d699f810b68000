/* A minimal action set: a grip pose and a trigger on both hands, bound for the KHR simple controller
 * and the Oculus Touch controller; press/release and tracking changes are logged to show it works. */
#include <inttypes.h>
#include <string.h>

#include "xr_internal.h"

static const char *const hand_paths[2] = {"/user/hand/left", "/user/hand/right"};

static bool path(struct xr *xr, const char *str, XrPath *out)
{
    return xr_ok(xr->instance, xrStringToPath(xr->instance, str, out), "xrStringToPath");
}

static bool create_action(struct xr *xr, const char *name, const char *localized, XrActionType type, XrAction *out)
{
    XrActionCreateInfo info = {.type = XR_TYPE_ACTION_CREATE_INFO,
                               .actionType = type,
                               .countSubactionPaths = 2,
                               .subactionPaths = xr->input.hand};
    snprintf(info.actionName, sizeof(info.actionName), "%s", name);
    snprintf(info.localizedActionName, sizeof(info.localizedActionName), "%s", localized);
    return xr_ok(xr->instance, xrCreateAction(xr->input.set, &info, out), "xrCreateAction");
}

/* Suggests pose + trigger bindings for one profile; trigger_suffix is that profile's trigger component. */
static bool suggest(struct xr *xr, const char *profile, const char *trigger_suffix)
{
    XrActionSuggestedBinding b[4];
    char buf[XR_MAX_PATH_LENGTH];
    for (int h = 0; h < 2; ++h) {
        b[h * 2].action = xr->input.pose;
        b[h * 2 + 1].action = xr->input.trigger;
        snprintf(buf, sizeof(buf), "%s/input/grip/pose", hand_paths[h]);
        if (!path(xr, buf, &b[h * 2].binding))
            return false;
        snprintf(buf, sizeof(buf), "%s/input/%s", hand_paths[h], trigger_suffix);
        if (!path(xr, buf, &b[h * 2 + 1].binding))
            return false;
    }
    XrInteractionProfileSuggestedBinding info = {.type = XR_TYPE_INTERACTION_PROFILE_SUGGESTED_BINDING,
                                                 .countSuggestedBindings = 4,
                                                 .suggestedBindings = b};
    if (!path(xr, profile, &info.interactionProfile))
        return false;
    return xr_ok(xr->instance, xrSuggestInteractionProfileBindings(xr->instance, &info),
                 "xrSuggestInteractionProfileBindings");
}

enum xr_status xr_input_create(struct xr *xr)
{
    struct xr_input *in = &xr->input;
    XrActionSetCreateInfo info = {.type = XR_TYPE_ACTION_SET_CREATE_INFO, .priority = 0};
    snprintf(info.actionSetName, sizeof(info.actionSetName), "factory");
    snprintf(info.localizedActionSetName, sizeof(info.localizedActionSetName), "Factory floor");
    if (!path(xr, hand_paths[0], &in->hand[0]) || !path(xr, hand_paths[1], &in->hand[1]) ||
        !xr_ok(xr->instance, xrCreateActionSet(xr->instance, &info, &in->set), "xrCreateActionSet") ||
        !create_action(xr, "hand_pose", "Hand pose", XR_ACTION_TYPE_POSE_INPUT, &in->pose) ||
        !create_action(xr, "trigger", "Trigger", XR_ACTION_TYPE_FLOAT_INPUT, &in->trigger) ||
        !suggest(xr, "/interaction_profiles/khr/simple_controller", "select/click") ||
        !suggest(xr, "/interaction_profiles/oculus/touch_controller", "trigger/value"))
        return XR_STATUS_FAILED;
    return XR_STATUS_OK;
}

/* Per session: the hand spaces, and the action set attached (action sets become immutable then). */
enum xr_status xr_input_attach(struct xr *xr)
{
    struct xr_input *in = &xr->input;
    for (int h = 0; h < 2; ++h) {
        XrActionSpaceCreateInfo info = {.type = XR_TYPE_ACTION_SPACE_CREATE_INFO,
                                        .action = in->pose,
                                        .subactionPath = in->hand[h],
                                        .poseInActionSpace = {.orientation = {0, 0, 0, 1}}};
        if (!xr_session_check(xr, xrCreateActionSpace(xr->session, &info, &in->hand_space[h]), "xrCreateActionSpace"))
            return XR_STATUS_FAILED;
        in->pressed[h] = in->tracked[h] = false;
        in->profile[h] = XR_NULL_PATH;
    }
    XrSessionActionSetsAttachInfo attach = {.type = XR_TYPE_SESSION_ACTION_SETS_ATTACH_INFO,
                                            .countActionSets = 1,
                                            .actionSets = &in->set};
    if (!xr_session_check(xr, xrAttachSessionActionSets(xr->session, &attach), "xrAttachSessionActionSets"))
        return XR_STATUS_FAILED;
    return XR_STATUS_OK;
}

void xr_input_detach(struct xr *xr)
{
    for (int h = 0; h < 2; ++h) {
        if (xr->input.hand_space[h] != XR_NULL_HANDLE)
            xr_ok(xr->instance, xrDestroySpace(xr->input.hand_space[h]), "xrDestroySpace");
        xr->input.hand_space[h] = XR_NULL_HANDLE;
    }
}

void xr_input_destroy(struct xr *xr)
{
    /* Destroying the set destroys its actions. */
    if (xr->input.set != XR_NULL_HANDLE)
        xr_ok(xr->instance, xrDestroyActionSet(xr->input.set), "xrDestroyActionSet");
    xr->input.set = XR_NULL_HANDLE;
    xr->input.pose = xr->input.trigger = XR_NULL_HANDLE;
}

static void sync_hand(struct xr *xr, int h, XrTime time)
{
    struct xr_input *in = &xr->input;
    XrActionStateGetInfo get = {.type = XR_TYPE_ACTION_STATE_GET_INFO, .action = in->trigger, .subactionPath = in->hand[h]};
    XrActionStateFloat value = {.type = XR_TYPE_ACTION_STATE_FLOAT};
    if (!xr_session_check(xr, xrGetActionStateFloat(xr->session, &get, &value), "xrGetActionStateFloat"))
        return;
    /* Hysteresis so a trigger resting near the threshold does not flood the log. */
    const bool pressed = value.isActive && (in->pressed[h] ? value.currentState > 0.4f : value.currentState > 0.6f);
    if (pressed != in->pressed[h])
        xr_log("%s trigger %s (%.2f)", h ? "right" : "left", pressed ? "pressed" : "released", value.currentState);
    in->pressed[h] = pressed;

    XrSpaceLocation loc = {.type = XR_TYPE_SPACE_LOCATION};
    if (!xr_session_check(xr, xrLocateSpace(in->hand_space[h], xr->play_space, time, &loc), "xrLocateSpace"))
        return;
    const bool tracked = (loc.locationFlags & XR_SPACE_LOCATION_POSITION_TRACKED_BIT) != 0;
    if (tracked != in->tracked[h])
        xr_log("%s hand %s at (%.2f, %.2f, %.2f)", h ? "right" : "left", tracked ? "tracked" : "lost", loc.pose.position.x,
               loc.pose.position.y, loc.pose.position.z);
    in->tracked[h] = tracked;
}

/* Input only counts while focused; between xrWaitFrame and xrBeginFrame, so it never delays a frame's
 * pose sampling. */
void xr_input_sync(struct xr *xr, XrTime time)
{
    if (xr->state != XR_SESSION_STATE_FOCUSED)
        return;
    XrActiveActionSet active = {.actionSet = xr->input.set, .subactionPath = XR_NULL_PATH};
    XrActionsSyncInfo info = {.type = XR_TYPE_ACTIONS_SYNC_INFO, .countActiveActionSets = 1, .activeActionSets = &active};
    XrResult r = xrSyncActions(xr->session, &info);
    if (r == XR_SESSION_NOT_FOCUSED || !xr_session_check(xr, r, "xrSyncActions"))
        return;
    for (int h = 0; h < 2 && xr->status == XR_STATUS_OK && !xr->lost; ++h)
        sync_hand(xr, h, time);
}

void xr_input_profile_changed(struct xr *xr)
{
    if (xr->session == XR_NULL_HANDLE)
        return;
    for (int h = 0; h < 2; ++h) {
        XrInteractionProfileState st = {.type = XR_TYPE_INTERACTION_PROFILE_STATE};
        if (!xr_session_check(xr, xrGetCurrentInteractionProfile(xr->session, xr->input.hand[h], &st),
                              "xrGetCurrentInteractionProfile"))
            return;
        if (st.interactionProfile == xr->input.profile[h])
            continue;
        xr->input.profile[h] = st.interactionProfile;
        char name[XR_MAX_PATH_LENGTH] = "none";
        uint32_t len = 0;
        if (st.interactionProfile != XR_NULL_PATH &&
            !xr_ok(xr->instance, xrPathToString(xr->instance, st.interactionProfile, sizeof(name), &len, name),
                   "xrPathToString"))
            return;
        xr_log("%s hand: interaction profile %s", h ? "right" : "left", name);
    }
}
