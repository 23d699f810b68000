/* Actions: grip and aim poses, select (value), squeeze, thumbstick, menu and a haptic output on both hands,
 * suggested for the core controller profiles; synced only while FOCUSED into struct xr_hand per hand. */
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

/* One profile's bindings: the component of each action on both hands (NULL: the profile has none; "L:"/"R:"
 * prefixes limit a component to one hand, as the Touch controller's menu button is on the left only). */
struct profile_map {
    const char *profile;
    const char *select, *squeeze, *stick, *menu[2];
};

static const struct profile_map profiles[] = {
    {"/interaction_profiles/khr/simple_controller", "select/click", NULL, NULL, {"menu/click", "menu/click"}},
    {"/interaction_profiles/oculus/touch_controller", "trigger/value", "squeeze/value", "thumbstick",
     {"menu/click", "b/click"}},
    {"/interaction_profiles/valve/index_controller", "trigger/value", "squeeze/value", "thumbstick",
     {"b/click", "b/click"}},
    {"/interaction_profiles/htc/vive_controller", "trigger/value", "squeeze/click", "trackpad",
     {"menu/click", "menu/click"}},
    {"/interaction_profiles/microsoft/motion_controller", "trigger/value", "squeeze/click", "thumbstick",
     {"menu/click", "menu/click"}},
};

static bool add_binding(struct xr *xr, XrActionSuggestedBinding *b, uint32_t *n, XrAction action, int h,
                        const char *kind, const char *component)
{
    if (!component)
        return true;
    char buf[XR_MAX_PATH_LENGTH];
    snprintf(buf, sizeof(buf), "%s/%s/%s", hand_paths[h], kind, component);
    b[*n].action = action;
    return path(xr, buf, &b[(*n)++].binding);
}

static bool suggest(struct xr *xr, const struct profile_map *p)
{
    const struct xr_input *in = &xr->input;
    XrActionSuggestedBinding b[16];
    uint32_t n = 0;
    for (int h = 0; h < 2; ++h) {
        if (!add_binding(xr, b, &n, in->grip_pose, h, "input", "grip/pose") ||
            !add_binding(xr, b, &n, in->aim_pose, h, "input", "aim/pose") ||
            !add_binding(xr, b, &n, in->select, h, "input", p->select) ||
            !add_binding(xr, b, &n, in->squeeze, h, "input", p->squeeze) ||
            !add_binding(xr, b, &n, in->stick, h, "input", p->stick) ||
            !add_binding(xr, b, &n, in->menu, h, "input", p->menu[h]) ||
            !add_binding(xr, b, &n, in->haptic, h, "output", "haptic"))
            return false;
    }
    XrInteractionProfileSuggestedBinding info = {.type = XR_TYPE_INTERACTION_PROFILE_SUGGESTED_BINDING,
                                                 .countSuggestedBindings = n,
                                                 .suggestedBindings = b};
    if (!path(xr, p->profile, &info.interactionProfile))
        return false;
    XrResult r = xrSuggestInteractionProfileBindings(xr->instance, &info);
    if (r == XR_ERROR_PATH_UNSUPPORTED) { /* a runtime that does not know this profile: the others still work */
        xr_log("the runtime does not know %s; its bindings are left out", p->profile);
        return true;
    }
    return xr_ok(xr->instance, r, "xrSuggestInteractionProfileBindings");
}

enum xr_status xr_input_create(struct xr *xr)
{
    struct xr_input *in = &xr->input;
    XrActionSetCreateInfo info = {.type = XR_TYPE_ACTION_SET_CREATE_INFO, .priority = 0};
    snprintf(info.actionSetName, sizeof(info.actionSetName), "factory");
    snprintf(info.localizedActionSetName, sizeof(info.localizedActionSetName), "Factory floor");
    if (!path(xr, hand_paths[0], &in->hand[0]) || !path(xr, hand_paths[1], &in->hand[1]) ||
        !xr_ok(xr->instance, xrCreateActionSet(xr->instance, &info, &in->set), "xrCreateActionSet") ||
        !create_action(xr, "grip_pose", "Grip pose", XR_ACTION_TYPE_POSE_INPUT, &in->grip_pose) ||
        !create_action(xr, "aim_pose", "Aim pose", XR_ACTION_TYPE_POSE_INPUT, &in->aim_pose) ||
        !create_action(xr, "select", "Select", XR_ACTION_TYPE_FLOAT_INPUT, &in->select) ||
        !create_action(xr, "squeeze", "Squeeze", XR_ACTION_TYPE_FLOAT_INPUT, &in->squeeze) ||
        !create_action(xr, "move", "Move and turn", XR_ACTION_TYPE_VECTOR2F_INPUT, &in->stick) ||
        !create_action(xr, "menu", "Close panel", XR_ACTION_TYPE_BOOLEAN_INPUT, &in->menu) ||
        !create_action(xr, "haptic", "Haptic", XR_ACTION_TYPE_VIBRATION_OUTPUT, &in->haptic))
        return XR_STATUS_FAILED;
    for (size_t i = 0; i < sizeof(profiles) / sizeof(profiles[0]); ++i)
        if (!suggest(xr, &profiles[i]))
            return XR_STATUS_FAILED;
    return xr_interact_create(xr);
}

static bool action_space(struct xr *xr, XrAction action, XrPath hand, XrSpace *out)
{
    XrActionSpaceCreateInfo info = {.type = XR_TYPE_ACTION_SPACE_CREATE_INFO,
                                    .action = action,
                                    .subactionPath = hand,
                                    .poseInActionSpace = {.orientation = {0, 0, 0, 1}}};
    return xr_session_check(xr, xrCreateActionSpace(xr->session, &info, out), "xrCreateActionSpace");
}

/* Per session: the hand spaces, and the action set attached (action sets become immutable then). */
enum xr_status xr_input_attach(struct xr *xr)
{
    struct xr_input *in = &xr->input;
    for (int h = 0; h < 2; ++h) {
        if (!action_space(xr, in->grip_pose, in->hand[h], &in->grip_space[h]) ||
            !action_space(xr, in->aim_pose, in->hand[h], &in->aim_space[h]))
            return XR_STATUS_FAILED;
        in->hands[h] = (struct xr_hand){.hover = SCENE_NO_MACHINE};
        in->profile[h] = XR_NULL_PATH;
    }
    XrSessionActionSetsAttachInfo attach = {.type = XR_TYPE_SESSION_ACTION_SETS_ATTACH_INFO,
                                            .countActionSets = 1,
                                            .actionSets = &in->set};
    if (!xr_session_check(xr, xrAttachSessionActionSets(xr->session, &attach), "xrAttachSessionActionSets"))
        return XR_STATUS_FAILED;
    return xr_interact_attach(xr);
}

void xr_input_detach(struct xr *xr)
{
    xr_interact_detach(xr);
    for (int h = 0; h < 2; ++h) {
        XrSpace *spaces[2] = {&xr->input.grip_space[h], &xr->input.aim_space[h]};
        for (int s = 0; s < 2; ++s) {
            if (*spaces[s] != XR_NULL_HANDLE)
                xr_ok(xr->instance, xrDestroySpace(*spaces[s]), "xrDestroySpace");
            *spaces[s] = XR_NULL_HANDLE;
        }
    }
}

void xr_input_destroy(struct xr *xr)
{
    xr_interact_destroy(xr);
    /* Destroying the set destroys its actions. */
    if (xr->input.set != XR_NULL_HANDLE)
        xr_ok(xr->instance, xrDestroyActionSet(xr->input.set), "xrDestroyActionSet");
    xr->input.set = XR_NULL_HANDLE;
}

static bool get_float(struct xr *xr, XrAction action, XrPath hand, float *out)
{
    XrActionStateGetInfo get = {.type = XR_TYPE_ACTION_STATE_GET_INFO, .action = action, .subactionPath = hand};
    XrActionStateFloat st = {.type = XR_TYPE_ACTION_STATE_FLOAT};
    if (!xr_session_check(xr, xrGetActionStateFloat(xr->session, &get, &st), "xrGetActionStateFloat"))
        return false;
    *out = st.isActive ? st.currentState : 0.0f;
    return true;
}

static bool locate(struct xr *xr, XrSpace space, XrTime time, XrPosef *out_pose, bool *out_valid)
{
    XrSpaceLocation loc = {.type = XR_TYPE_SPACE_LOCATION};
    if (!xr_session_check(xr, xrLocateSpace(space, xr->play_space, time, &loc), "xrLocateSpace"))
        return false;
    const XrSpaceLocationFlags need = XR_SPACE_LOCATION_POSITION_VALID_BIT | XR_SPACE_LOCATION_ORIENTATION_VALID_BIT;
    *out_valid = (loc.locationFlags & need) == need;
    if (*out_valid)
        *out_pose = loc.pose;
    return true;
}

static bool sync_hand(struct xr *xr, int h, XrTime time)
{
    struct xr_input *in = &xr->input;
    struct xr_hand *hand = &in->hands[h];
    XrActionStateGetInfo get = {.type = XR_TYPE_ACTION_STATE_GET_INFO, .subactionPath = in->hand[h]};
    XrActionStateVector2f stick = {.type = XR_TYPE_ACTION_STATE_VECTOR2F};
    XrActionStateBoolean menu = {.type = XR_TYPE_ACTION_STATE_BOOLEAN};
    XrActionStatePose pose = {.type = XR_TYPE_ACTION_STATE_POSE};
    float select = 0.0f;
    get.action = in->stick;
    if (!xr_session_check(xr, xrGetActionStateVector2f(xr->session, &get, &stick), "xrGetActionStateVector2f"))
        return false;
    get.action = in->menu;
    if (!xr_session_check(xr, xrGetActionStateBoolean(xr->session, &get, &menu), "xrGetActionStateBoolean"))
        return false;
    get.action = in->aim_pose;
    if (!xr_session_check(xr, xrGetActionStatePose(xr->session, &get, &pose), "xrGetActionStatePose") ||
        !get_float(xr, in->select, in->hand[h], &select) || !get_float(xr, in->squeeze, in->hand[h], &hand->squeeze))
        return false;
    hand->active = pose.isActive;
    hand->stick[0] = stick.isActive ? stick.currentState.x : 0.0f;
    hand->stick[1] = stick.isActive ? stick.currentState.y : 0.0f;
    /* Hysteresis so a trigger resting near the threshold does not click twice. */
    const bool down = hand->select_down ? select > 0.4f : select > 0.6f;
    hand->select_pressed = down && !hand->select_down;
    hand->select_down = down;
    hand->select = select;
    hand->menu_pressed = menu.isActive && menu.currentState && menu.changedSinceLastSync;
    hand->grip_valid = hand->aim_valid = false;
    if (!hand->active)
        return true;
    return locate(xr, in->grip_space[h], time, &hand->grip, &hand->grip_valid) &&
           locate(xr, in->aim_space[h], time, &hand->aim, &hand->aim_valid);
}

/* Input counts only while FOCUSED (xrSyncActions is not even called otherwise: every action reads inactive and
 * a held trigger is let go); between xrWaitFrame and xrBeginFrame, after scene_update, so picking sees the
 * frame's scene and nothing delays the frame's pose sampling. */
void xr_input_sync(struct xr *xr, XrTime time)
{
    struct xr_input *in = &xr->input;
    bool synced = false;
    if (xr->state == XR_SESSION_STATE_FOCUSED) {
        XrActiveActionSet active = {.actionSet = in->set, .subactionPath = XR_NULL_PATH};
        XrActionsSyncInfo info = {.type = XR_TYPE_ACTIONS_SYNC_INFO, .countActiveActionSets = 1, .activeActionSets = &active};
        XrResult r = xrSyncActions(xr->session, &info);
        if (r != XR_SESSION_NOT_FOCUSED && !xr_session_check(xr, r, "xrSyncActions"))
            return;
        synced = r == XR_SUCCESS;
    }
    for (int h = 0; h < 2 && xr->status == XR_STATUS_OK && !xr->lost; ++h) {
        if (!synced) {
            /* a trigger held through a focus loss is not a new press when focus returns */
            in->hands[h] = (struct xr_hand){.hover = in->hands[h].hover, .select_down = in->hands[h].select_down};
            continue;
        }
        if (!sync_hand(xr, h, time))
            return;
    }
    if (xr->status == XR_STATUS_OK && !xr->lost)
        xr_hands_update(xr, time);
    if (xr->status == XR_STATUS_OK && !xr->lost)
        xr_interact_update(xr, time);
}

bool xr_input_haptic(struct xr *xr, int h, int64_t duration_ns, float amplitude)
{
    XrHapticVibration vib = {.type = XR_TYPE_HAPTIC_VIBRATION,
                             .duration = duration_ns,
                             .frequency = XR_FREQUENCY_UNSPECIFIED,
                             .amplitude = amplitude};
    XrHapticActionInfo info = {.type = XR_TYPE_HAPTIC_ACTION_INFO, .action = xr->input.haptic,
                               .subactionPath = xr->input.hand[h]};
    XrResult r = xrApplyHapticFeedback(xr->session, &info, (const XrHapticBaseHeader *)&vib);
    if (r == XR_SUCCESS)
        return true;
    if (r != XR_SESSION_NOT_FOCUSED) /* focus lost since the sync: nothing reached the hand */
        xr_session_check(xr, r, "xrApplyHapticFeedback");
    return false;
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
