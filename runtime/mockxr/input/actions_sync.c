/* mockxr input: xrSyncActions (the simulated controllers' values through the bindings of the current
 * profile, action-set priorities, focus rule) and xrGetActionState*. */
#include "mx_input.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "mockxr_internal.h"
#include "mx_sim.h"

/* Boolean actions read from a scalar: pressed above PRESS, released below RELEASE (hysteresis). */
#define MX_THRESHOLD_PRESS 0.55f
#define MX_THRESHOLD_RELEASE 0.45f

/* Which user paths each attached set is active for in the current sync (bits), by set index. */
struct sync_ctx {
    struct mx_session *s;
    struct mx_input_session *is;
    struct mx_input_instance *ii;
    unsigned *set_users;
};

static size_t set_index(const struct mx_input_session *is, const struct mx_action_set *set)
{
    for (size_t k = 0; k < is->set_count; k++) {
        if (is->sets[k] == set) {
            return k;
        }
    }
    return is->set_count;
}

static const struct mx_suggested_binding *bindings_of(const struct mx_input_instance *ii, const struct mx_profile *p,
                                                      size_t *out_count)
{
    *out_count = 0;
    for (size_t k = 0; ii && p && k < mx_profile_count(); k++) {
        if (mx_profile_at(k) == p) {
            *out_count = ii->suggested_count[k];
            return ii->suggested[k];
        }
    }
    return NULL;
}

/* Length of the identifier part of a component path: bindings to the same identifier (and location)
 * are the same input source for priorities, whatever their component. */
static size_t identifier_len(const struct mx_profile_component *c)
{
    if (strncmp(c->subpath, "/input/", 7) != 0) {
        return strlen(c->subpath);
    }
    return (size_t)(strrchr(c->subpath, '/') - c->subpath);
}

static bool same_source(const struct mx_profile_component *a, const struct mx_profile_component *b)
{
    size_t n = identifier_len(a);
    return n == identifier_len(b) && strncmp(a->subpath, b->subpath, n) == 0;
}

/* True when a binding of a higher-priority set that is active on this user uses the same source. */
static bool suppressed(const struct sync_ctx *c, const struct mx_suggested_binding *b, unsigned u)
{
    size_t n;
    const struct mx_suggested_binding *list = bindings_of(c->ii, c->is->current[u], &n);
    for (size_t k = 0; k < n; k++) {
        const struct mx_suggested_binding *o = &list[k];
        size_t si = set_index(c->is, o->action->set);
        if (o->src.kind == MX_BIND_NONE || o->src.user != (1u << u) || si == c->is->set_count ||
            !(c->set_users[si] & (1u << u))) {
            continue;
        }
        if (o->action->set->priority > b->action->set->priority && same_source(o->src.comp, b->src.comp)) {
            return true;
        }
    }
    return false;
}

static float read_component(const struct mx_session *s, unsigned user, const struct mx_profile_component *comp)
{
    char path[XR_MAX_PATH_LENGTH];
    float v = 0.0f;
    snprintf(path, sizeof path, "%s%s", mx_user_path(user), comp->subpath);
    if (!mx_script_input(s, path, &v)) {
        v = 0.0f; /* untouched controls rest at zero */
    }
    if (comp->type == MX_COMP_BOOLEAN) {
        v = v >= 0.5f ? 1.0f : 0.0f;
    }
    return v;
}

/* Reads one binding's value into out (2 floats); prev_on is the last boolean state (hysteresis). */
static void read_binding(const struct mx_session *s, const struct mx_binding_source *src, bool prev_on, float out[2])
{
    out[0] = out[1] = 0.0f;
    switch (src->kind) {
    case MX_BIND_THRESHOLD: {
        float v = read_component(s, src->user, src->comp);
        out[0] = v > (prev_on ? MX_THRESHOLD_RELEASE : MX_THRESHOLD_PRESS) ? 1.0f : 0.0f;
        break;
    }
    case MX_BIND_VECTOR2:
        out[0] = read_component(s, src->user, src->comp);
        out[1] = read_component(s, src->user, src->comp_y);
        break;
    case MX_BIND_DIRECT:
    case MX_BIND_BOOL_TO_FLOAT:
        if (src->comp->type == MX_COMP_BOOLEAN || src->comp->type == MX_COMP_FLOAT) {
            out[0] = read_component(s, src->user, src->comp);
        }
        break;
    default: break;
    }
}

/* Spec "multiple inputs": OR for booleans, largest magnitude for floats, longest vector for vector2f. */
static void combine(XrActionType type, struct mx_action_value *acc, const float v[2])
{
    if (!acc->active) {
        acc->active = true;
        acc->v[0] = v[0];
        acc->v[1] = v[1];
        return;
    }
    if (type == XR_ACTION_TYPE_BOOLEAN_INPUT) {
        acc->v[0] = (acc->v[0] != 0.0f || v[0] != 0.0f) ? 1.0f : 0.0f;
    } else if (type == XR_ACTION_TYPE_FLOAT_INPUT) {
        if (fabsf(v[0]) > fabsf(acc->v[0])) {
            acc->v[0] = v[0];
        }
    } else if (type == XR_ACTION_TYPE_VECTOR2F_INPUT) {
        if (v[0] * v[0] + v[1] * v[1] > acc->v[0] * acc->v[0] + acc->v[1] * acc->v[1]) {
            acc->v[0] = v[0];
            acc->v[1] = v[1];
        }
    }
}

/* The new (not yet change-tracked) value of one action on user u. */
static struct mx_action_value eval_user(const struct sync_ctx *c, const struct mx_action_state *st, unsigned u)
{
    struct mx_action_value val = {0};
    size_t si = set_index(c->is, st->action->set);
    if (si == c->is->set_count || !(c->set_users[si] & (1u << u))) {
        return val;
    }
    size_t n;
    const struct mx_profile *p = c->is->current[u];
    const struct mx_suggested_binding *list = bindings_of(c->ii, p, &n);
    bool prev_on = st->sub[u].active && st->sub[u].v[0] != 0.0f;
    struct mx_gaze_state gaze = {.tracked = true};
    if ((1u << u) == MX_USER_EYES) {
        mx_gaze_state(c->s, &gaze); /* an eye tracker that lost the eyes makes its actions inactive */
    }
    for (size_t k = 0; k < n && gaze.tracked; k++) {
        const struct mx_suggested_binding *b = &list[k];
        if (b->action != st->action || b->src.kind == MX_BIND_NONE || b->src.user != (1u << u) || suppressed(c, b, u)) {
            continue;
        }
        float v[2] = {0.0f, 0.0f};
        if (b->src.kind == MX_BIND_DPAD) {
            v[0] = mx_input_dpad_read(c->s, c->is, c->ii, p, b->action->set, &b->src) ? 1.0f : 0.0f;
        } else {
            read_binding(c->s, &b->src, prev_on, v);
        }
        combine(st->action->type, &val, v);
    }
    return val;
}

/* Applies the spec's changedSinceLastSync / lastChangeTime / inactive-is-zero rules. */
static void settle(struct mx_action_value *slot, struct mx_action_value now_val, XrTime now)
{
    if (!now_val.active) {
        *slot = (struct mx_action_value){0};
        return;
    }
    bool was_active = slot->active;
    bool differs = now_val.v[0] != slot->v[0] || now_val.v[1] != slot->v[1];
    now_val.changed = was_active && differs;
    now_val.last_change = (!was_active || differs) ? now : slot->last_change;
    *slot = now_val;
}

static void update_state(const struct sync_ctx *c, struct mx_action_state *st, bool focused, XrTime now)
{
    struct mx_action_value all = {0};
    unsigned pose_user = 0;
    for (unsigned u = 0; u < MX_USER_PATH_COUNT; u++) {
        struct mx_action_value v = focused ? eval_user(c, st, u) : (struct mx_action_value){0};
        if (v.active) {
            combine(st->action->type, &all, v.v);
            pose_user = pose_user ? pose_user : (1u << u);
        }
        settle(&st->sub[u], v, now);
    }
    settle(&st->sub[MX_ANY], all, now);
    st->pose_user = pose_user;
}

/* Checks the active action sets, filling ctx->set_users. */
static XrResult check_active_sets(struct sync_ctx *c, const XrActionsSyncInfo *info, const char *func)
{
    for (uint32_t k = 0; k < info->countActiveActionSets; k++) {
        struct mx_action_set *set;
        XrResult r = mx_action_set_get(info->activeActionSets[k].actionSet, func, &set);
        if (r != XR_SUCCESS) {
            return r;
        }
        size_t si = c->is->attached ? set_index(c->is, set) : c->is->set_count;
        if (si == c->is->set_count) {
            return mx_diag(XR_ERROR_ACTIONSET_NOT_ATTACHED, func,
                           "activeActionSets[%u] (\"%s\") is not attached to this session", k, set->name);
        }
        XrPath sub = info->activeActionSets[k].subactionPath;
        if (sub == XR_NULL_PATH) {
            c->set_users[si] |= (1u << MX_USER_PATH_COUNT) - 1u;
            continue;
        }
        const char *str = mx_path_string(c->s->instance, sub);
        if (!str) {
            return mx_diag(XR_ERROR_PATH_INVALID, func, "activeActionSets[%u].subactionPath 0x%llx is not a path", k,
                           (unsigned long long)sub);
        }
        unsigned user = mx_input_user(c->s->instance, str), declared = 0;
        for (struct mx_action *a = set->actions; a; a = a->next) {
            declared |= a->subaction_users;
        }
        if (!user || !(declared & user)) {
            return mx_diag(XR_ERROR_PATH_UNSUPPORTED, func,
                           "activeActionSets[%u].subactionPath %s is not a subaction path of any action of set \"%s\"",
                           k, str, set->name);
        }
        c->set_users[si] |= user;
    }
    return XR_SUCCESS;
}

static XrResult sync(XrSession session, const XrActionsSyncInfo *info)
{
    static const char func[] = "xrSyncActions";
    struct sync_ctx c = {0};
    XrResult r = mx_session_get(session, func, &c.s);
    if (r != XR_SUCCESS || (r = mx_check_struct(info, XR_TYPE_ACTIONS_SYNC_INFO, func, "syncInfo")) != XR_SUCCESS) {
        return r;
    }
    if (info->countActiveActionSets > 0 && !info->activeActionSets) {
        return mx_diag(XR_ERROR_VALIDATION_FAILURE, func, "countActiveActionSets is %u but activeActionSets is NULL",
                       info->countActiveActionSets);
    }
    c.is = mx_input_session_data(c.s);
    c.ii = c.s->instance->input;
    unsigned set_users[64] = {0};
    if (!c.is) {
        return mx_diag(XR_ERROR_OUT_OF_MEMORY, func, "no memory for the session's input state");
    }
    if (c.is->set_count > 64) {
        return mx_diag(XR_ERROR_LIMIT_REACHED, func, "mockxr syncs at most 64 attached action sets");
    }
    c.set_users = set_users;
    if ((r = check_active_sets(&c, info, func)) != XR_SUCCESS) {
        return r;
    }
    bool focused = mx_session_is_focused(c.s);
    if (!c.is->attached) {
        return focused ? XR_SUCCESS : XR_SESSION_NOT_FOCUSED; /* nothing attached (and none passed) */
    }
    mx_input_update_profiles(c.s, c.is);
    c.is->syncs++;
    XrTime now = mx_clock_now(c.s->instance);
    for (size_t k = 0; k < c.is->state_count; k++) {
        update_state(&c, &c.is->states[k], focused, now);
    }
    return focused ? XR_SUCCESS : XR_SESSION_NOT_FOCUSED;
}

XrResult XRAPI_CALL mx_xrSyncActions(XrSession session, const XrActionsSyncInfo *info)
{
    mx_lock();
    XrResult r = sync(session, info);
    mx_unlock();
    return r;
}

/* ---- xrGetActionState* -------------------------------------------------------------------------- */

static const char *type_name(XrActionType t)
{
    switch (t) {
    case XR_ACTION_TYPE_BOOLEAN_INPUT: return "XR_ACTION_TYPE_BOOLEAN_INPUT";
    case XR_ACTION_TYPE_FLOAT_INPUT: return "XR_ACTION_TYPE_FLOAT_INPUT";
    case XR_ACTION_TYPE_VECTOR2F_INPUT: return "XR_ACTION_TYPE_VECTOR2F_INPUT";
    case XR_ACTION_TYPE_POSE_INPUT: return "XR_ACTION_TYPE_POSE_INPUT";
    case XR_ACTION_TYPE_VIBRATION_OUTPUT: return "XR_ACTION_TYPE_VIBRATION_OUTPUT";
    default: return "unknown";
    }
}

/* Common checks of every xrGetActionState*; *out_val is the slot to report (zero when not running). */
static XrResult get_value(XrSession session, const XrActionStateGetInfo *info, const void *state,
                          XrStructureType state_type, XrActionType want, const char *func,
                          struct mx_action_value *out_val)
{
    struct mx_session *s;
    struct mx_action *a;
    XrResult r = mx_session_get(session, func, &s);
    if (r != XR_SUCCESS || (r = mx_check_struct(info, XR_TYPE_ACTION_STATE_GET_INFO, func, "getInfo")) != XR_SUCCESS ||
        (r = mx_check_struct(state, state_type, func, "state")) != XR_SUCCESS ||
        (r = mx_action_get(info->action, func, &a)) != XR_SUCCESS) {
        return r;
    }
    if (a->set->instance != s->instance) {
        return mx_diag(XR_ERROR_HANDLE_INVALID, func, "getInfo->action belongs to another instance");
    }
    if (a->type != want) {
        return mx_diag(XR_ERROR_ACTION_TYPE_MISMATCH, func, "action \"%s\" is %s, this function reads %s", a->name,
                       type_name(a->type), type_name(want));
    }
    struct mx_action_state *st = mx_input_state_of(s->input, a);
    if (!st) {
        return mx_diag(XR_ERROR_ACTIONSET_NOT_ATTACHED, func,
                       "action \"%s\": set \"%s\" is not attached to this session", a->name, a->set->name);
    }
    unsigned user;
    if ((r = mx_input_check_subaction(s->instance, a, info->subactionPath, func, &user)) != XR_SUCCESS) {
        return r;
    }
    *out_val = s->running ? st->sub[user ? mx_user_index(user) : MX_ANY] : (struct mx_action_value){0};
    return XR_SUCCESS;
}

#define GET_STATE_BODY(TYPE_ENUM, ACTION_TYPE, FUNC, ASSIGN)                                                           \
    struct mx_action_value v;                                                                                          \
    mx_lock();                                                                                                         \
    XrResult r = get_value(session, info, state, TYPE_ENUM, ACTION_TYPE, FUNC, &v);                                    \
    if (r == XR_SUCCESS) {                                                                                             \
        ASSIGN;                                                                                                        \
        state->isActive = v.active ? XR_TRUE : XR_FALSE;                                                               \
    }                                                                                                                  \
    mx_unlock();                                                                                                       \
    return r

XrResult XRAPI_CALL mx_xrGetActionStateBoolean(XrSession session, const XrActionStateGetInfo *info,
                                               XrActionStateBoolean *state)
{
    GET_STATE_BODY(XR_TYPE_ACTION_STATE_BOOLEAN, XR_ACTION_TYPE_BOOLEAN_INPUT, "xrGetActionStateBoolean",
                   (state->currentState = v.v[0] != 0.0f ? XR_TRUE : XR_FALSE,
                    state->changedSinceLastSync = v.changed ? XR_TRUE : XR_FALSE,
                    state->lastChangeTime = v.last_change));
}

XrResult XRAPI_CALL mx_xrGetActionStateFloat(XrSession session, const XrActionStateGetInfo *info,
                                             XrActionStateFloat *state)
{
    GET_STATE_BODY(XR_TYPE_ACTION_STATE_FLOAT, XR_ACTION_TYPE_FLOAT_INPUT, "xrGetActionStateFloat",
                   (state->currentState = v.v[0], state->changedSinceLastSync = v.changed ? XR_TRUE : XR_FALSE,
                    state->lastChangeTime = v.last_change));
}

XrResult XRAPI_CALL mx_xrGetActionStateVector2f(XrSession session, const XrActionStateGetInfo *info,
                                                XrActionStateVector2f *state)
{
    GET_STATE_BODY(XR_TYPE_ACTION_STATE_VECTOR2F, XR_ACTION_TYPE_VECTOR2F_INPUT, "xrGetActionStateVector2f",
                   (state->currentState.x = v.v[0], state->currentState.y = v.v[1],
                    state->changedSinceLastSync = v.changed ? XR_TRUE : XR_FALSE,
                    state->lastChangeTime = v.last_change));
}

XrResult XRAPI_CALL mx_xrGetActionStatePose(XrSession session, const XrActionStateGetInfo *info,
                                            XrActionStatePose *state)
{
    GET_STATE_BODY(XR_TYPE_ACTION_STATE_POSE, XR_ACTION_TYPE_POSE_INPUT, "xrGetActionStatePose", (void)0);
}
