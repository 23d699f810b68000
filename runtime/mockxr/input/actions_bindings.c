/* mockxr input: suggested bindings (validated against the core profiles), attaching action sets to a
 * session, the current interaction profile of the simulated controllers, and binding queries. */
#include "mx_input.h"

#include <stdlib.h>
#include <string.h>

#include "mockxr_internal.h"
#include "mx_ext.h"

static size_t profile_index(const struct mx_profile *p)
{
    for (size_t k = 0; k < mx_profile_count(); k++) {
        if (mx_profile_at(k) == p) {
            return k;
        }
    }
    return 0;
}

/* Checks one XrActionSuggestedBinding and resolves it for its action's type. */
static XrResult check_binding(struct mx_instance *i, const struct mx_profile *p, const XrActionSuggestedBinding *b,
                              uint32_t k, struct mx_suggested_binding *out)
{
    static const char func[] = "xrSuggestInteractionProfileBindings";
    struct mx_action *a;
    XrResult r = mx_action_get(b->action, func, &a);
    if (r != XR_SUCCESS) {
        return r;
    }
    if (a->set->instance != i) {
        return mx_diag(XR_ERROR_HANDLE_INVALID, func, "suggestedBindings[%u].action belongs to another instance", k);
    }
    const char *str = mx_path_string(i, b->binding);
    if (!str) {
        return mx_diag(XR_ERROR_PATH_INVALID, func,
                       "suggestedBindings[%u].binding 0x%llx is not a path of this instance", k,
                       (unsigned long long)b->binding);
    }
    const char *why = NULL;
    struct mx_binding_source dpad;
    bool is_dpad = MX_EXT_ON(i, MX_EXT_DPAD_BINDING) && mx_profile_dpad_resolve(p, str, a->type, &dpad);
    if (!is_dpad && !mx_profile_binding_valid(p, str, &why)) {
        return mx_diag(XR_ERROR_PATH_UNSUPPORTED, func, "suggestedBindings[%u].binding %s is not valid for %s: %s", k,
                       str, p->path, why);
    }
    if (a->set->attached) {
        return mx_diag(XR_ERROR_ACTIONSETS_ALREADY_ATTACHED, func,
                       "suggestedBindings[%u].action \"%s\" is in action set \"%s\", already attached to a session", k,
                       a->name, a->set->name);
    }
    out->action = a;
    out->path = b->binding;
    if (is_dpad) {
        out->src = dpad;
    } else {
        mx_profile_resolve(p, str, a->type, &out->src);
    }
    if (out->src.kind == MX_BIND_NONE) {
        /* Valid path the action's type cannot read: accepted, then ignored (spec "Suggested Bindings"). */
        mx_info("xrSuggestInteractionProfileBindings: %s cannot feed action \"%s\" of its type; it stays unbound", str,
                a->name);
    }
    return XR_SUCCESS;
}

/* Each successful suggest call replaces the profile's bindings and dpad settings wholesale (spec). */
static void replace_suggestions(struct mx_input_instance *ii, size_t idx, struct mx_suggested_binding *list, size_t n,
                                struct mx_dpad_params *dpads, size_t dpad_count)
{
    free(ii->suggested[idx]);
    free(ii->dpads[idx]);
    ii->suggested[idx] = list;
    ii->suggested_count[idx] = n;
    ii->dpads[idx] = dpads;
    ii->dpad_count[idx] = dpad_count;
}

static XrResult suggest(XrInstance instance, const XrInteractionProfileSuggestedBinding *sb)
{
    static const char func[] = "xrSuggestInteractionProfileBindings";
    struct mx_instance *i;
    XrResult r = mx_instance_get(instance, func, &i);
    if (r != XR_SUCCESS || (r = mx_check_struct(sb, XR_TYPE_INTERACTION_PROFILE_SUGGESTED_BINDING, func,
                                                "suggestedBindings")) != XR_SUCCESS) {
        return r;
    }
    if (sb->countSuggestedBindings == 0 || !sb->suggestedBindings) {
        return mx_diag(XR_ERROR_VALIDATION_FAILURE, func, "countSuggestedBindings must be > 0 with a non-NULL array");
    }
    const char *profile_str = mx_path_string(i, sb->interactionProfile);
    if (!profile_str) {
        return mx_diag(XR_ERROR_PATH_INVALID, func, "interactionProfile 0x%llx is not a path of this instance",
                       (unsigned long long)sb->interactionProfile);
    }
    const struct mx_profile *p = mx_profile_find(profile_str);
    if (!p) {
        return mx_diag(
            XR_ERROR_PATH_UNSUPPORTED, func,
            "%s is not an interaction profile of the core specification (mockxr knows the nine of OpenXR 1.0)",
            profile_str);
    }
    if (p->extension && !MX_EXT_ON(i, MX_EXT_EYE_GAZE_INTERACTION)) {
        return mx_diag(XR_ERROR_PATH_UNSUPPORTED, func, "%s is a profile of %s, which is not enabled", profile_str,
                       p->extension);
    }
    struct mx_input_instance *ii = mx_input_instance_data(i);
    struct mx_suggested_binding *list = calloc(sb->countSuggestedBindings, sizeof *list);
    if (!ii || !list) {
        free(list);
        return mx_diag(XR_ERROR_OUT_OF_MEMORY, func, "no memory for %u bindings", sb->countSuggestedBindings);
    }
    struct mx_dpad_params *dpads = NULL;
    size_t dpad_count = 0;
    for (uint32_t k = 0; k < sb->countSuggestedBindings && r == XR_SUCCESS; k++) {
        r = check_binding(i, p, &sb->suggestedBindings[k], k, &list[k]);
    }
    if (r == XR_SUCCESS) {
        r = mx_binding_modifications(i, p, sb->next, func, &dpads, &dpad_count);
    }
    if (r != XR_SUCCESS) {
        free(list);
        return r;
    }
    replace_suggestions(ii, profile_index(p), list, sb->countSuggestedBindings, dpads, dpad_count);
    return XR_SUCCESS;
}

XrResult XRAPI_CALL mx_xrSuggestInteractionProfileBindings(XrInstance instance,
                                                           const XrInteractionProfileSuggestedBinding *suggested)
{
    mx_lock();
    XrResult r = suggest(instance, suggested);
    mx_unlock();
    return r;
}

/* ---- attach ---------------------------------------------------------------------------------------- */

static size_t count_actions(struct mx_action_set *const *sets, size_t n)
{
    size_t count = 0;
    for (size_t k = 0; k < n; k++) {
        for (struct mx_action *a = sets[k]->actions; a; a = a->next) {
            count++;
        }
    }
    return count;
}

static XrResult collect_sets(struct mx_session *s, const XrSessionActionSetsAttachInfo *info,
                             struct mx_action_set **sets, const char *func)
{
    for (uint32_t k = 0; k < info->countActionSets; k++) {
        XrResult r = mx_action_set_get(info->actionSets[k], func, &sets[k]);
        if (r != XR_SUCCESS) {
            return r;
        }
        if (sets[k]->instance != s->instance) {
            return mx_diag(XR_ERROR_HANDLE_INVALID, func, "actionSets[%u] belongs to another instance", k);
        }
        for (uint32_t j = 0; j < k; j++) {
            if (sets[j] == sets[k]) {
                return mx_diag(XR_ERROR_VALIDATION_FAILURE, func, "actionSets[%u] repeats actionSets[%u]", k, j);
            }
        }
    }
    return XR_SUCCESS;
}

static XrResult attach(XrSession session, const XrSessionActionSetsAttachInfo *info)
{
    static const char func[] = "xrAttachSessionActionSets";
    struct mx_session *s;
    XrResult r = mx_session_get(session, func, &s);
    if (r != XR_SUCCESS ||
        (r = mx_check_struct(info, XR_TYPE_SESSION_ACTION_SETS_ATTACH_INFO, func, "attachInfo")) != XR_SUCCESS) {
        return r;
    }
    if (info->countActionSets == 0 || !info->actionSets) {
        return mx_diag(XR_ERROR_VALIDATION_FAILURE, func, "countActionSets must be > 0 with a non-NULL array");
    }
    struct mx_input_session *is = mx_input_session_data(s);
    if (!is) {
        return mx_diag(XR_ERROR_OUT_OF_MEMORY, func, "no memory for the session's input state");
    }
    if (is->attached) {
        return mx_diag(XR_ERROR_ACTIONSETS_ALREADY_ATTACHED, func,
                       "action sets were already attached to this session (only one call per session)");
    }
    struct mx_action_set **sets = calloc(info->countActionSets, sizeof *sets);
    if (!sets) {
        return mx_diag(XR_ERROR_OUT_OF_MEMORY, func, "no memory");
    }
    if ((r = collect_sets(s, info, sets, func)) != XR_SUCCESS) {
        free(sets);
        return r;
    }
    size_t n = count_actions(sets, info->countActionSets);
    struct mx_action_state *states = calloc(n ? n : 1, sizeof *states);
    if (!states) {
        free(sets);
        return mx_diag(XR_ERROR_OUT_OF_MEMORY, func, "no memory for %zu action states", n);
    }
    size_t at = 0;
    for (uint32_t k = 0; k < info->countActionSets; k++) {
        sets[k]->attached = true;
        for (struct mx_action *a = sets[k]->actions; a; a = a->next) {
            states[at++].action = a;
        }
    }
    is->sets = sets;
    is->set_count = info->countActionSets;
    is->states = states;
    is->state_count = n;
    is->attached = true;
    return XR_SUCCESS;
}

XrResult XRAPI_CALL mx_xrAttachSessionActionSets(XrSession session, const XrSessionActionSetsAttachInfo *info)
{
    mx_lock();
    XrResult r = attach(session, info);
    mx_unlock();
    return r;
}

/* ---- current interaction profile ------------------------------------------------------------------- */

const struct mx_profile *mx_input_current_profile(const struct mx_session *s, unsigned user)
{
    const struct mx_input_session *is = s->input;
    unsigned u = mx_user_index(user);
    return is && u < MX_USER_PATH_COUNT ? is->current[u] : NULL;
}

const struct mx_profile *mx_input_simulated_profile(enum mx_controllers c)
{
    switch (c) {
    case MX_CONTROLLERS_TOUCH: return mx_profile_find("/interaction_profiles/oculus/touch_controller");
    case MX_CONTROLLERS_INDEX: return mx_profile_find("/interaction_profiles/valve/index_controller");
    case MX_CONTROLLERS_SIMPLE: return mx_profile_find("/interaction_profiles/khr/simple_controller");
    default: return NULL;
    }
}

bool mx_input_script_path_valid(enum mx_controllers c, const char *path, const char **out_why)
{
    const struct mx_profile *p = mx_input_simulated_profile(c);
    struct mx_binding_source src;
    if (!p) {
        *out_why = "MOCKXR_CONTROLLERS=none: there is no controller whose input a script could set";
        return false;
    }
    static const char *const no_such[] = {
        [MX_CONTROLLERS_TOUCH] = "the simulated controllers (MOCKXR_CONTROLLERS=touch, "
                                 "/interaction_profiles/oculus/touch_controller) have no such input on this hand",
        [MX_CONTROLLERS_INDEX] = "the simulated controllers (MOCKXR_CONTROLLERS=index, "
                                 "/interaction_profiles/valve/index_controller) have no such input on this hand",
        [MX_CONTROLLERS_SIMPLE] = "the simulated controllers (MOCKXR_CONTROLLERS=simple, "
                                  "/interaction_profiles/khr/simple_controller) have no such input on this hand",
    };
    /* An exact component read as a float: booleans and scalars qualify, poses and haptics do not. */
    if (!mx_profile_binding_valid(p, path, out_why)) {
        *out_why = no_such[c];
        return false;
    }
    if (!mx_profile_resolve(p, path, XR_ACTION_TYPE_FLOAT_INPUT, &src) ||
        strcmp(src.comp->subpath, path + strlen(mx_user_path(src.user))) != 0) {
        *out_why = "not a boolean or scalar component (give the full path, e.g. .../trigger/value, .../thumbstick/x)";
        return false;
    }
    *out_why = NULL;
    return true;
}

/* The profile of the simulated device on `user` - the controllers' on the hands, the eye tracker's on
 * /user/eyes_ext (with XR_EXT_eye_gaze_interaction) - when the app suggested bindings for it (no emulation
 * of other profiles: like a runtime that only knows its own hardware). */
static const struct mx_profile *wanted_profile(struct mx_instance *i, unsigned user)
{
    const struct mx_profile *p = user == MX_USER_EYES ? mx_profile_find("/interaction_profiles/ext/eye_gaze_interaction")
                                                      : mx_input_simulated_profile(i->config.controllers);
    const struct mx_input_instance *ii = i->input;
    if (!p || !ii || !(p->users & user) || ii->suggested_count[profile_index(p)] == 0 ||
        (user == MX_USER_EYES && !MX_EXT_ON(i, MX_EXT_EYE_GAZE_INTERACTION))) {
        return NULL;
    }
    return p;
}

void mx_input_update_profiles(struct mx_session *s, struct mx_input_session *is)
{
    bool changed = false;
    for (unsigned u = 0; u < MX_USER_PATH_COUNT; u++) {
        const struct mx_profile *want = s->running ? wanted_profile(s->instance, 1u << u) : NULL;
        if (!s->running) {
            want = is->current[u]; /* profiles change only for running sessions */
        }
        if (want != is->current[u]) {
            is->current[u] = want;
            changed = true;
        }
    }
    if (changed) {
        XrEventDataInteractionProfileChanged ev = {XR_TYPE_EVENT_DATA_INTERACTION_PROFILE_CHANGED, NULL,
                                                   (XrSession)(uintptr_t)s->handle};
        mx_instance_push_event(s->instance, &ev);
    }
}

static XrResult get_current_profile(XrSession session, XrPath user_path, XrInteractionProfileState *out)
{
    static const char func[] = "xrGetCurrentInteractionProfile";
    struct mx_session *s;
    XrResult r = mx_session_get(session, func, &s);
    if (r != XR_SUCCESS ||
        (r = mx_check_struct(out, XR_TYPE_INTERACTION_PROFILE_STATE, func, "interactionProfile")) != XR_SUCCESS) {
        return r;
    }
    struct mx_input_session *is = s->input;
    if (!is || !is->attached) {
        return mx_diag(XR_ERROR_ACTIONSET_NOT_ATTACHED, func,
                       "xrAttachSessionActionSets was not called for this session");
    }
    const char *str = mx_path_string(s->instance, user_path);
    if (!str) {
        return mx_diag(XR_ERROR_PATH_INVALID, func, "topLevelUserPath 0x%llx is not a path of this instance",
                       (unsigned long long)user_path);
    }
    unsigned user = mx_input_user(s->instance, str);
    if (!user) {
        return mx_diag(XR_ERROR_PATH_UNSUPPORTED, func, "%s is not a top-level user path", str);
    }
    const struct mx_profile *p = is->current[mx_user_index(user)];
    out->interactionProfile = XR_NULL_PATH;
    if (p) {
        return mx_path_intern(s->instance, p->path, func, &out->interactionProfile);
    }
    return XR_SUCCESS;
}

XrResult XRAPI_CALL mx_xrGetCurrentInteractionProfile(XrSession session, XrPath top_level_user_path,
                                                      XrInteractionProfileState *out_state)
{
    mx_lock();
    XrResult r = get_current_profile(session, top_level_user_path, out_state);
    mx_unlock();
    return r;
}

/* ---- bound sources and their names ------------------------------------------------------------------ */

/* The source path a resolved binding reads: user + component, user + parent for vector2f, user + parent +
 * the dpad component for a dpad. */
static void source_string(const struct mx_binding_source *src, char *buf, size_t cap)
{
    const char *sub = src->comp->subpath;
    size_t len = strlen(sub);
    if (src->kind == MX_BIND_VECTOR2 || src->kind == MX_BIND_DPAD) {
        len = (size_t)(strrchr(sub, '/') - sub);
    }
    snprintf(buf, cap, "%s%.*s%s%s", mx_user_path(src->user), (int)len, sub, src->kind == MX_BIND_DPAD ? "/" : "",
             src->kind == MX_BIND_DPAD ? mx_dpad_name(src->dpad) : "");
}

static XrResult enumerate_sources(XrSession session, const XrBoundSourcesForActionEnumerateInfo *info,
                                  uint32_t capacity, uint32_t *count_out, XrPath *sources)
{
    static const char func[] = "xrEnumerateBoundSourcesForAction";
    struct mx_session *s;
    struct mx_action *a;
    XrResult r = mx_session_get(session, func, &s);
    if (r != XR_SUCCESS ||
        (r = mx_check_struct(info, XR_TYPE_BOUND_SOURCES_FOR_ACTION_ENUMERATE_INFO, func, "enumerateInfo")) !=
            XR_SUCCESS ||
        (r = mx_action_get(info->action, func, &a)) != XR_SUCCESS) {
        return r;
    }
    if (!count_out || (capacity > 0 && !sources)) {
        return mx_diag(XR_ERROR_VALIDATION_FAILURE, func,
                       "sourceCountOutput is NULL, or sources is NULL with capacity %u", capacity);
    }
    if (!mx_input_state_of(s->input, a)) {
        return mx_diag(XR_ERROR_ACTIONSET_NOT_ATTACHED, func, "action \"%s\": its set is not attached to this session",
                       a->name);
    }
    struct mx_input_session *is = s->input;
    struct mx_input_instance *ii = s->instance->input;
    XrPath found[64];
    uint32_t n = 0;
    for (unsigned u = 0; u < MX_USER_PATH_COUNT && ii; u++) {
        const struct mx_profile *p = is->current[u];
        size_t idx = p ? profile_index(p) : 0;
        for (size_t k = 0; p && k < ii->suggested_count[idx] && n < 64; k++) {
            const struct mx_suggested_binding *b = &ii->suggested[idx][k];
            if (b->action != a || b->src.kind == MX_BIND_NONE || b->src.user != (1u << u)) {
                continue;
            }
            char str[XR_MAX_PATH_LENGTH];
            source_string(&b->src, str, sizeof str);
            if ((r = mx_path_intern(s->instance, str, func, &found[n])) != XR_SUCCESS) {
                return r;
            }
            bool dup = false;
            for (uint32_t j = 0; j < n; j++) {
                dup = dup || found[j] == found[n];
            }
            n += dup ? 0 : 1;
        }
    }
    *count_out = n;
    if (capacity == 0) {
        return XR_SUCCESS;
    }
    if (capacity < n) {
        return mx_diag(XR_ERROR_SIZE_INSUFFICIENT, func, "sourceCapacityInput %u < %u sources", capacity, n);
    }
    memcpy(sources, found, n * sizeof *found);
    return XR_SUCCESS;
}

XrResult XRAPI_CALL mx_xrEnumerateBoundSourcesForAction(XrSession session,
                                                        const XrBoundSourcesForActionEnumerateInfo *info,
                                                        uint32_t capacity, uint32_t *count_out, XrPath *sources)
{
    mx_lock();
    XrResult r = enumerate_sources(session, info, capacity, count_out, sources);
    mx_unlock();
    return r;
}

/* "Thumbstick" becomes "Thumbstick Dpad Up" for the dpad component `dir`. */
static void append_dpad_name(unsigned dir, char *name, size_t cap)
{
    static const char *const dirs[] = {"Up", "Down", "Left", "Right", "Center"};
    size_t at = strlen(name);
    for (unsigned k = 0; k < 5; k++) {
        if (dir == 1u << k) {
            snprintf(name + at, cap - at, " Dpad %s", dirs[k]);
        }
    }
}

/* Builds "Left Hand Oculus Touch Controller Trigger" from the parts the flags ask for. */
static bool localized_source(const struct mx_input_session *is, const char *str, XrInputSourceLocalizedNameFlags which,
                             char *out, size_t cap)
{
    unsigned user = 0;
    const char *sub = NULL;
    for (unsigned u = 0; u < MX_USER_PATH_COUNT && !user; u++) {
        const char *up = mx_user_path(1u << u);
        size_t n = strlen(up);
        if (strncmp(str, up, n) == 0 && str[n] == '/') {
            user = 1u << u;
            sub = str + n;
        }
    }
    const struct mx_profile *p = user ? is->current[mx_user_index(user)] : NULL;
    struct mx_binding_source dpad;
    bool is_dpad = p && mx_profile_dpad_resolve(p, str, XR_ACTION_TYPE_BOOLEAN_INPUT, &dpad);
    if (!p || (!is_dpad && !mx_profile_binding_valid(p, str, NULL))) {
        return false;
    }
    const struct mx_profile_component *comp = is_dpad ? dpad.comp : NULL;
    for (size_t k = 0; k < p->component_count && !comp; k++) {
        const char *cs = p->components[k].subpath;
        size_t n = strlen(sub);
        if (strncmp(cs, sub, n) == 0 && (cs[n] == '\0' || cs[n] == '/')) {
            comp = &p->components[k];
        }
    }
    char comp_name[64] = "";
    mx_component_localized(comp, comp_name, sizeof comp_name);
    if (comp && (is_dpad || strcmp(comp->subpath, sub) != 0)) { /* a parent path: the identifier only */
        char *space = strrchr(comp_name, ' ');
        if (space) {
            *space = '\0';
        }
    }
    if (is_dpad) {
        append_dpad_name(dpad.dpad, comp_name, sizeof comp_name);
    }
    snprintf(out, cap, "%s%s%s%s%s",
             (which & XR_INPUT_SOURCE_LOCALIZED_NAME_USER_PATH_BIT) ? mx_user_localized(user) : "",
             (which & XR_INPUT_SOURCE_LOCALIZED_NAME_USER_PATH_BIT) ? " " : "",
             (which & XR_INPUT_SOURCE_LOCALIZED_NAME_INTERACTION_PROFILE_BIT) ? p->localized_name : "",
             (which & XR_INPUT_SOURCE_LOCALIZED_NAME_INTERACTION_PROFILE_BIT) ? " " : "",
             (which & XR_INPUT_SOURCE_LOCALIZED_NAME_COMPONENT_BIT) ? comp_name : "");
    size_t len = strlen(out);
    while (len > 0 && out[len - 1] == ' ') {
        out[--len] = '\0';
    }
    return true;
}

static XrResult localized_name(XrSession session, const XrInputSourceLocalizedNameGetInfo *info, uint32_t capacity,
                               uint32_t *count_out, char *buffer)
{
    static const char func[] = "xrGetInputSourceLocalizedName";
    struct mx_session *s;
    XrResult r = mx_session_get(session, func, &s);
    if (r != XR_SUCCESS ||
        (r = mx_check_struct(info, XR_TYPE_INPUT_SOURCE_LOCALIZED_NAME_GET_INFO, func, "getInfo")) != XR_SUCCESS) {
        return r;
    }
    if (!count_out || (capacity > 0 && !buffer)) {
        return mx_diag(XR_ERROR_VALIDATION_FAILURE, func,
                       "bufferCountOutput is NULL, or buffer is NULL with capacity %u", capacity);
    }
    const XrInputSourceLocalizedNameFlags all = XR_INPUT_SOURCE_LOCALIZED_NAME_USER_PATH_BIT |
                                                XR_INPUT_SOURCE_LOCALIZED_NAME_INTERACTION_PROFILE_BIT |
                                                XR_INPUT_SOURCE_LOCALIZED_NAME_COMPONENT_BIT;
    if (info->whichComponents == 0 || (info->whichComponents & ~all)) {
        return mx_diag(XR_ERROR_VALIDATION_FAILURE, func,
                       "whichComponents 0x%llx: must be a non-zero set of "
                       "XrInputSourceLocalizedNameFlagBits",
                       (unsigned long long)info->whichComponents);
    }
    struct mx_input_session *is = s->input;
    if (!is || !is->attached) {
        return mx_diag(XR_ERROR_ACTIONSET_NOT_ATTACHED, func,
                       "xrAttachSessionActionSets was not called for this session");
    }
    const char *str = mx_path_string(s->instance, info->sourcePath);
    if (!str) {
        return mx_diag(XR_ERROR_PATH_INVALID, func, "sourcePath 0x%llx is not a path of this instance",
                       (unsigned long long)info->sourcePath);
    }
    char name[256];
    if (!localized_source(is, str, info->whichComponents, name, sizeof name)) {
        return mx_diag(XR_ERROR_PATH_UNSUPPORTED, func, "%s is not an input source of a current interaction profile",
                       str);
    }
    uint32_t need = (uint32_t)strlen(name) + 1;
    *count_out = need;
    if (capacity == 0) {
        return XR_SUCCESS;
    }
    if (capacity < need) {
        return mx_diag(XR_ERROR_SIZE_INSUFFICIENT, func, "bufferCapacityInput %u < %u", capacity, need);
    }
    memcpy(buffer, name, need);
    return XR_SUCCESS;
}

XrResult XRAPI_CALL mx_xrGetInputSourceLocalizedName(XrSession session, const XrInputSourceLocalizedNameGetInfo *info,
                                                     uint32_t capacity, uint32_t *count_out, char *buffer)
{
    mx_lock();
    XrResult r = localized_name(session, info, capacity, count_out, buffer);
    mx_unlock();
    return r;
}
