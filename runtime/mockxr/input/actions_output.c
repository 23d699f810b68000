/* mockxr input: haptic output (validated and counted for the report) and action spaces (poses of the
 * simulated controllers through the bound grip/aim source). */
#include "mx_input.h"

#include <string.h>

#include "mockxr_internal.h"
#include "mx_sim.h"

/* The aim pose sits 5 cm in front of the grip pose, same orientation (documented in docs/mockxr.md). */
#define MX_AIM_FORWARD_M 0.05f

/* True when `a` has a usable binding on `user` (0: any user) in the current profiles. */
static bool action_bound(const struct mx_session *s, const struct mx_action *a, unsigned user)
{
    const struct mx_input_session *is = s->input;
    const struct mx_input_instance *ii = s->instance->input;
    for (unsigned u = 0; is && ii && u < MX_USER_PATH_COUNT; u++) {
        const struct mx_profile *p = is->current[u];
        if (!p || (user && user != (1u << u))) {
            continue;
        }
        for (size_t k = 0; k < mx_profile_count(); k++) {
            if (mx_profile_at(k) != p) {
                continue;
            }
            for (size_t b = 0; b < ii->suggested_count[k]; b++) {
                const struct mx_suggested_binding *sb = &ii->suggested[k][b];
                if (sb->action == a && sb->src.kind != MX_BIND_NONE && sb->src.user == (1u << u)) {
                    return true;
                }
            }
        }
    }
    return false;
}

/* Checks shared by xrApplyHapticFeedback / xrStopHapticFeedback. */
static XrResult haptic_common(XrSession session, const XrHapticActionInfo *info, const char *func,
                              struct mx_session **out_s, struct mx_action **out_a, unsigned *out_user)
{
    XrResult r = mx_session_get(session, func, out_s);
    if (r != XR_SUCCESS ||
        (r = mx_check_struct(info, XR_TYPE_HAPTIC_ACTION_INFO, func, "hapticActionInfo")) != XR_SUCCESS ||
        (r = mx_action_get(info->action, func, out_a)) != XR_SUCCESS) {
        return r;
    }
    struct mx_action *a = *out_a;
    if (a->set->instance != (*out_s)->instance) {
        return mx_diag(XR_ERROR_HANDLE_INVALID, func, "hapticActionInfo->action belongs to another instance");
    }
    if (a->type != XR_ACTION_TYPE_VIBRATION_OUTPUT) {
        return mx_diag(XR_ERROR_ACTION_TYPE_MISMATCH, func,
                       "action \"%s\" is not XR_ACTION_TYPE_VIBRATION_OUTPUT (type %d)", a->name, (int)a->type);
    }
    if (!mx_input_state_of((*out_s)->input, a)) {
        return mx_diag(XR_ERROR_ACTIONSET_NOT_ATTACHED, func,
                       "action \"%s\": set \"%s\" is not attached to this session", a->name, a->set->name);
    }
    return mx_input_check_subaction((*out_s)->instance, a, info->subactionPath, func, out_user);
}

static XrResult apply(XrSession session, const XrHapticActionInfo *info, const XrHapticBaseHeader *feedback)
{
    static const char func[] = "xrApplyHapticFeedback";
    struct mx_session *s;
    struct mx_action *a;
    unsigned user;
    XrResult r = haptic_common(session, info, func, &s, &a, &user);
    if (r != XR_SUCCESS ||
        (r = mx_check_struct(feedback, XR_TYPE_HAPTIC_VIBRATION, func, "hapticFeedback")) != XR_SUCCESS) {
        return r;
    }
    const XrHapticVibration *vib = (const XrHapticVibration *)feedback;
    if (!(vib->amplitude >= 0.0f && vib->amplitude <= 1.0f)) {
        return mx_diag(XR_ERROR_VALIDATION_FAILURE, func, "amplitude %g is outside [0, 1]", (double)vib->amplitude);
    }
    /* Without input focus the call succeeds with XR_SESSION_NOT_FOCUSED and nothing reaches a device
     * (spec); focused, it counts when the action reaches a bound output. */
    if (!mx_session_is_focused(s)) {
        return XR_SESSION_NOT_FOCUSED;
    }
    if (action_bound(s, a, user)) {
        ((struct mx_input_session *)s->input)->haptic_applied++;
    }
    return XR_SUCCESS;
}

XrResult XRAPI_CALL mx_xrApplyHapticFeedback(XrSession session, const XrHapticActionInfo *info,
                                             const XrHapticBaseHeader *feedback)
{
    mx_lock();
    XrResult r = apply(session, info, feedback);
    mx_unlock();
    return r;
}

XrResult XRAPI_CALL mx_xrStopHapticFeedback(XrSession session, const XrHapticActionInfo *info)
{
    struct mx_session *s;
    struct mx_action *a;
    unsigned user;
    mx_lock();
    XrResult r = haptic_common(session, info, "xrStopHapticFeedback", &s, &a, &user);
    if (r == XR_SUCCESS && !mx_session_is_focused(s)) {
        r = XR_SESSION_NOT_FOCUSED; /* nothing is playing for an unfocused session */
    } else if (r == XR_SUCCESS) {
        ((struct mx_input_session *)s->input)->haptic_stopped++;
    }
    mx_unlock();
    return r;
}

/* ---- action spaces ----------------------------------------------------------------------------- */

static XrResult create_action_space(XrSession session, const XrActionSpaceCreateInfo *info, XrSpace *out)
{
    static const char func[] = "xrCreateActionSpace";
    struct mx_session *s;
    struct mx_action *a;
    XrResult r = mx_session_get(session, func, &s);
    if (r != XR_SUCCESS ||
        (r = mx_check_struct(info, XR_TYPE_ACTION_SPACE_CREATE_INFO, func, "createInfo")) != XR_SUCCESS ||
        (r = mx_action_get(info->action, func, &a)) != XR_SUCCESS) {
        return r;
    }
    if (!out) {
        return mx_diag(XR_ERROR_VALIDATION_FAILURE, func, "space (output) is NULL");
    }
    if (a->set->instance != s->instance) {
        return mx_diag(XR_ERROR_HANDLE_INVALID, func, "createInfo->action belongs to another instance");
    }
    if (a->type != XR_ACTION_TYPE_POSE_INPUT) {
        return mx_diag(XR_ERROR_ACTION_TYPE_MISMATCH, func, "action \"%s\" is not XR_ACTION_TYPE_POSE_INPUT", a->name);
    }
    unsigned user;
    if ((r = mx_input_check_subaction(s->instance, a, info->subactionPath, func, &user)) != XR_SUCCESS ||
        (r = mx_check_pose(&info->poseInActionSpace, func, "createInfo->poseInActionSpace")) != XR_SUCCESS) {
        return r;
    }
    struct mx_space *sp;
    if ((r = mx_space_create(s, MX_SPACE_ACTION, &info->poseInActionSpace, &sp)) != XR_SUCCESS) {
        return r;
    }
    sp->action_data = a;
    sp->subaction_path = info->subactionPath;
    *out = (XrSpace)(uintptr_t)sp->handle;
    return XR_SUCCESS;
}

XrResult XRAPI_CALL mx_xrCreateActionSpace(XrSession session, const XrActionSpaceCreateInfo *info, XrSpace *space)
{
    mx_lock();
    XrResult r = create_action_space(session, info, space);
    mx_unlock();
    return r;
}

/* The pose component an action follows on `user` in the current profile (grip or aim). */
static const struct mx_profile_component *pose_component(const struct mx_session *s, const struct mx_action *a,
                                                         unsigned user)
{
    const struct mx_input_session *is = s->input;
    const struct mx_input_instance *ii = s->instance->input;
    const struct mx_profile *p = is->current[mx_user_index(user)];
    for (size_t k = 0; p && ii && k < mx_profile_count(); k++) {
        for (size_t b = 0; mx_profile_at(k) == p && b < ii->suggested_count[k]; b++) {
            const struct mx_suggested_binding *sb = &ii->suggested[k][b];
            if (sb->action == a && sb->src.kind == MX_BIND_DIRECT && sb->src.user == user) {
                return sb->src.comp;
            }
        }
    }
    return NULL;
}

/* The user path an action space follows now (0: none - the action is not active there). */
static unsigned followed_user(struct mx_space *space, const struct mx_action_state *st)
{
    struct mx_session *s = space->session;
    const char *sub = mx_path_string(s->instance, space->subaction_path);
    if (!sub) {
        return st->pose_user; /* the one source chosen at the last sync */
    }
    unsigned user = mx_input_user(s->instance, sub);
    return user && st->sub[mx_user_index(user)].active ? user : 0;
}

bool mx_input_space_follows_gaze(struct mx_space *space)
{
    struct mx_action_state *st = space->kind == MX_SPACE_ACTION && space->session->running
                                     ? mx_input_state_of(space->session->input, space->action_data)
                                     : NULL;
    return st && followed_user(space, st) == MX_USER_EYES;
}

XrResult mx_input_locate_action_space(struct mx_space *space, XrTime time, XrPosef *out_pose, bool *out_active)
{
    struct mx_session *s = space->session;
    const struct mx_action *a = space->action_data;
    struct mx_action_state *st = mx_input_state_of(s->input, a);
    *out_pose = mx_pose_identity();
    *out_active = false;
    if (!st || !s->running) {
        return XR_SUCCESS;
    }
    unsigned user = followed_user(space, st);
    const struct mx_profile_component *comp = user ? pose_component(s, a, user) : NULL;
    if (!comp) {
        return XR_SUCCESS;
    }
    if (user == MX_USER_EYES) { /* the gaze: from between the eyes along where they look */
        struct mx_gaze_state g;
        mx_gaze_state(s, &g);
        mx_gaze_pose(s, time, out_pose);
        *out_active = g.tracked;
        return XR_SUCCESS;
    }
    XrPosef hand;
    mx_sim_pose(s, mx_user_path(user), time, &hand);
    XrPosef offset = mx_pose_identity();
    if (strcmp(comp->subpath, "/input/aim/pose") == 0) {
        offset.position.z = -MX_AIM_FORWARD_M;
    }
    *out_pose = mx_pose_multiply(&hand, &offset);
    *out_active = true;
    return XR_SUCCESS;
}
