/* mockxr input: action sets and actions (create/destroy, name rules), per-instance/session input data,
 * the hooks CORE calls, and the proc table of every action-system entry point. */
#include "mx_input.h"

#include <stdlib.h>
#include <string.h>

#include "mockxr_internal.h"

struct mx_input_instance *mx_input_instance_data(struct mx_instance *i)
{
    if (!i->input) {
        i->input = calloc(1, sizeof(struct mx_input_instance));
    }
    return i->input;
}

struct mx_input_session *mx_input_session_data(struct mx_session *s)
{
    if (!s->input) {
        s->input = calloc(1, sizeof(struct mx_input_session));
    }
    return s->input;
}

unsigned mx_input_user(const struct mx_instance *i, const char *path)
{
    unsigned user = mx_user_from_path(path);
    return user == MX_USER_EYES && !MX_EXT_ON(i, MX_EXT_EYE_GAZE_INTERACTION) ? 0 : user;
}

unsigned mx_user_index(unsigned user_bit)
{
    for (unsigned k = 0; k < MX_USER_PATH_COUNT; k++) {
        if (user_bit == (1u << k)) {
            return k;
        }
    }
    return MX_ANY;
}

struct mx_action_state *mx_input_state_of(struct mx_input_session *is, const struct mx_action *a)
{
    if (!is || !is->attached) {
        return NULL;
    }
    for (size_t k = 0; k < is->state_count; k++) {
        if (is->states[k].action == a) {
            return &is->states[k];
        }
    }
    return NULL;
}

XrResult mx_input_check_subaction(struct mx_instance *i, const struct mx_action *a, XrPath path, const char *func,
                                  unsigned *out_user)
{
    *out_user = 0;
    if (path == XR_NULL_PATH) {
        return XR_SUCCESS;
    }
    const char *str = mx_path_string(i, path);
    if (!str) {
        return mx_diag(XR_ERROR_PATH_INVALID, func, "subactionPath 0x%llx is not a path of this instance",
                       (unsigned long long)path);
    }
    unsigned user = mx_input_user(i, str);
    if (!user || !(a->subaction_users & user)) {
        return mx_diag(XR_ERROR_PATH_UNSUPPORTED, func,
                       "subactionPath %s was not given in subactionPaths when action '%s' was created", str, a->name);
    }
    *out_user = user;
    return XR_SUCCESS;
}

/* ---- name rules (spec, XrActionSetCreateInfo / XrActionCreateInfo) --------------------------------- */

/* A name must be non-empty, NUL-terminated in its array, and only use characters of one path level. */
static XrResult check_name(const char *name, size_t cap, const char *func, const char *what)
{
    if (!memchr(name, '\0', cap)) {
        return mx_diag(XR_ERROR_VALIDATION_FAILURE, func, "%s is not NUL-terminated within its %zu bytes", what, cap);
    }
    if (name[0] == '\0') {
        return mx_diag(XR_ERROR_NAME_INVALID, func, "%s is empty", what);
    }
    bool only_dots = true;
    for (const char *c = name; *c; c++) {
        bool ok = (*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') || *c == '-' || *c == '_' || *c == '.';
        if (!ok) {
            return mx_diag(XR_ERROR_PATH_FORMAT_INVALID, func,
                           "%s \"%s\" has character '%c': only a-z 0-9 - _ . are allowed (one level of a path)", what,
                           name, *c);
        }
        only_dots = only_dots && *c == '.';
    }
    if (only_dots) {
        return mx_diag(XR_ERROR_PATH_FORMAT_INVALID, func, "%s \"%s\" is only periods", what, name);
    }
    return XR_SUCCESS;
}

static XrResult check_localized(const char *name, size_t cap, const char *func, const char *what)
{
    if (!memchr(name, '\0', cap)) {
        return mx_diag(XR_ERROR_VALIDATION_FAILURE, func, "%s is not NUL-terminated within its %zu bytes", what, cap);
    }
    if (name[0] == '\0') {
        return mx_diag(XR_ERROR_LOCALIZED_NAME_INVALID, func, "%s is empty", what);
    }
    return XR_SUCCESS;
}

/* ---- action sets ------------------------------------------------------------------------------------ */

static XrResult check_set_names(struct mx_input_instance *ii, const XrActionSetCreateInfo *info, const char *func)
{
    XrResult r = check_name(info->actionSetName, sizeof info->actionSetName, func, "actionSetName");
    if (r != XR_SUCCESS) {
        return r;
    }
    r = check_localized(info->localizedActionSetName, sizeof info->localizedActionSetName, func,
                        "localizedActionSetName");
    if (r != XR_SUCCESS) {
        return r;
    }
    for (struct mx_action_set *o = ii->sets; o; o = o->next) {
        if (o->handle && strcmp(o->name, info->actionSetName) == 0) {
            return mx_diag(XR_ERROR_NAME_DUPLICATED, func, "an action set named \"%s\" already exists",
                           info->actionSetName);
        }
        if (o->handle && strcmp(o->localized_name, info->localizedActionSetName) == 0) {
            return mx_diag(XR_ERROR_LOCALIZED_NAME_DUPLICATED, func,
                           "an action set with localized name \"%s\" already exists", info->localizedActionSetName);
        }
    }
    return XR_SUCCESS;
}

static XrResult create_action_set(XrInstance instance, const XrActionSetCreateInfo *info, XrActionSet *out)
{
    static const char func[] = "xrCreateActionSet";
    struct mx_instance *i;
    XrResult r = mx_instance_get(instance, func, &i);
    if (r != XR_SUCCESS) {
        return r;
    }
    if ((r = mx_check_struct(info, XR_TYPE_ACTION_SET_CREATE_INFO, func, "createInfo")) != XR_SUCCESS) {
        return r;
    }
    if (!out) {
        return mx_diag(XR_ERROR_VALIDATION_FAILURE, func, "actionSet (output) is NULL");
    }
    struct mx_input_instance *ii = mx_input_instance_data(i);
    if (!ii) {
        return mx_diag(XR_ERROR_OUT_OF_MEMORY, func, "no memory for the input state");
    }
    if ((r = check_set_names(ii, info, func)) != XR_SUCCESS) {
        return r;
    }
    struct mx_action_set *set = calloc(1, sizeof *set);
    if (!set) {
        return mx_diag(XR_ERROR_OUT_OF_MEMORY, func, "no memory for the action set");
    }
    set->instance = i;
    memcpy(set->name, info->actionSetName, sizeof set->name);
    memcpy(set->localized_name, info->localizedActionSetName, sizeof set->localized_name);
    set->priority = info->priority;
    set->handle = mx_handle_register(MX_HANDLE_ACTION_SET, set);
    if (!set->handle) {
        free(set);
        return mx_diag(XR_ERROR_OUT_OF_MEMORY, func, "no handle slot left");
    }
    set->next = ii->sets;
    ii->sets = set;
    *out = (XrActionSet)(uintptr_t)set->handle;
    return XR_SUCCESS;
}

static void retire_action(struct mx_action *a)
{
    mx_handle_unregister(a->handle);
    a->handle = 0;
}

static XrResult destroy_action_set(XrActionSet handle)
{
    struct mx_action_set *set;
    XrResult r = mx_action_set_get(handle, "xrDestroyActionSet", &set);
    if (r != XR_SUCCESS) {
        return r;
    }
    for (struct mx_action *a = set->actions; a; a = a->next) {
        retire_action(a);
    }
    mx_handle_unregister(set->handle);
    set->handle = 0;
    return XR_SUCCESS;
}

/* ---- actions ---------------------------------------------------------------------------------------- */

static bool valid_action_type(XrActionType t)
{
    return t == XR_ACTION_TYPE_BOOLEAN_INPUT || t == XR_ACTION_TYPE_FLOAT_INPUT || t == XR_ACTION_TYPE_VECTOR2F_INPUT ||
           t == XR_ACTION_TYPE_POSE_INPUT || t == XR_ACTION_TYPE_VIBRATION_OUTPUT;
}

static XrResult check_subaction_paths(struct mx_instance *i, const XrActionCreateInfo *info, const char *func,
                                      unsigned *out_users)
{
    *out_users = 0;
    if (info->countSubactionPaths > 0 && !info->subactionPaths) {
        return mx_diag(XR_ERROR_VALIDATION_FAILURE, func, "countSubactionPaths is %u but subactionPaths is NULL",
                       info->countSubactionPaths);
    }
    for (uint32_t k = 0; k < info->countSubactionPaths; k++) {
        const char *str = mx_path_string(i, info->subactionPaths[k]);
        if (!str) {
            return mx_diag(XR_ERROR_PATH_INVALID, func, "subactionPaths[%u] = 0x%llx is not a path of this instance", k,
                           (unsigned long long)info->subactionPaths[k]);
        }
        unsigned user = mx_input_user(i, str);
        if (!user) {
            return mx_diag(XR_ERROR_PATH_UNSUPPORTED, func,
                           "subactionPaths[%u] = %s: must be /user/head, /user/hand/left, /user/hand/right, "
                           "/user/gamepad (or /user/eyes_ext with XR_EXT_eye_gaze_interaction)",
                           k, str);
        }
        if (*out_users & user) {
            return mx_diag(XR_ERROR_PATH_UNSUPPORTED, func, "subactionPaths[%u] = %s appears twice", k, str);
        }
        *out_users |= user;
    }
    return XR_SUCCESS;
}

static XrResult check_action_info(struct mx_action_set *set, const XrActionCreateInfo *info, const char *func)
{
    if (set->attached) {
        return mx_diag(XR_ERROR_ACTIONSETS_ALREADY_ATTACHED, func,
                       "action set \"%s\" was attached to a session: it is immutable", set->name);
    }
    XrResult r = check_name(info->actionName, sizeof info->actionName, func, "actionName");
    if (r == XR_SUCCESS) {
        r = check_localized(info->localizedActionName, sizeof info->localizedActionName, func, "localizedActionName");
    }
    if (r != XR_SUCCESS) {
        return r;
    }
    if (!valid_action_type(info->actionType)) {
        return mx_diag(XR_ERROR_VALIDATION_FAILURE, func, "actionType %d is not an XrActionType",
                       (int)info->actionType);
    }
    for (struct mx_action *o = set->actions; o; o = o->next) {
        if (o->handle && strcmp(o->name, info->actionName) == 0) {
            return mx_diag(XR_ERROR_NAME_DUPLICATED, func, "action set \"%s\" already has an action named \"%s\"",
                           set->name, info->actionName);
        }
        if (o->handle && strcmp(o->localized_name, info->localizedActionName) == 0) {
            return mx_diag(XR_ERROR_LOCALIZED_NAME_DUPLICATED, func,
                           "action set \"%s\" already has an action with localized name \"%s\"", set->name,
                           info->localizedActionName);
        }
    }
    return XR_SUCCESS;
}

static XrResult create_action(XrActionSet set_handle, const XrActionCreateInfo *info, XrAction *out)
{
    static const char func[] = "xrCreateAction";
    struct mx_action_set *set;
    XrResult r = mx_action_set_get(set_handle, func, &set);
    if (r != XR_SUCCESS) {
        return r;
    }
    if ((r = mx_check_struct(info, XR_TYPE_ACTION_CREATE_INFO, func, "createInfo")) != XR_SUCCESS) {
        return r;
    }
    if (!out) {
        return mx_diag(XR_ERROR_VALIDATION_FAILURE, func, "action (output) is NULL");
    }
    unsigned users;
    if ((r = check_action_info(set, info, func)) != XR_SUCCESS ||
        (r = check_subaction_paths(set->instance, info, func, &users)) != XR_SUCCESS) {
        return r;
    }
    struct mx_action *a = calloc(1, sizeof *a);
    if (!a) {
        return mx_diag(XR_ERROR_OUT_OF_MEMORY, func, "no memory for the action");
    }
    a->set = set;
    memcpy(a->name, info->actionName, sizeof a->name);
    memcpy(a->localized_name, info->localizedActionName, sizeof a->localized_name);
    a->type = info->actionType;
    a->subaction_users = users;
    a->handle = mx_handle_register(MX_HANDLE_ACTION, a);
    if (!a->handle) {
        free(a);
        return mx_diag(XR_ERROR_OUT_OF_MEMORY, func, "no handle slot left");
    }
    a->next = set->actions;
    set->actions = a;
    *out = (XrAction)(uintptr_t)a->handle;
    return XR_SUCCESS;
}

static XrResult destroy_action(XrAction handle)
{
    struct mx_action *a;
    XrResult r = mx_action_get(handle, "xrDestroyAction", &a);
    if (r == XR_SUCCESS) {
        retire_action(a);
    }
    return r;
}

/* ---- locked entry points ----------------------------------------------------------------------------- */

static XrResult XRAPI_CALL mx_xrCreateActionSet(XrInstance instance, const XrActionSetCreateInfo *info,
                                                XrActionSet *out)
{
    mx_lock();
    XrResult r = create_action_set(instance, info, out);
    mx_unlock();
    return r;
}

static XrResult XRAPI_CALL mx_xrDestroyActionSet(XrActionSet set)
{
    mx_lock();
    XrResult r = destroy_action_set(set);
    mx_unlock();
    return r;
}

static XrResult XRAPI_CALL mx_xrCreateAction(XrActionSet set, const XrActionCreateInfo *info, XrAction *out)
{
    mx_lock();
    XrResult r = create_action(set, info, out);
    mx_unlock();
    return r;
}

static XrResult XRAPI_CALL mx_xrDestroyAction(XrAction action)
{
    mx_lock();
    XrResult r = destroy_action(action);
    mx_unlock();
    return r;
}

/* ---- hooks ------------------------------------------------------------------------------------------ */

void mx_input_instance_destroy(struct mx_instance *i)
{
    struct mx_input_instance *ii = i ? i->input : NULL;
    if (!ii) {
        return;
    }
    for (struct mx_action_set *set = ii->sets, *next_set; set; set = next_set) {
        next_set = set->next;
        for (struct mx_action *a = set->actions, *next; a; a = next) {
            next = a->next;
            mx_handle_unregister(a->handle);
            free(a);
        }
        mx_handle_unregister(set->handle);
        free(set);
    }
    for (size_t k = 0; k < sizeof ii->suggested / sizeof ii->suggested[0]; k++) {
        free(ii->suggested[k]);
        free(ii->dpads[k]);
    }
    free(ii);
    i->input = NULL;
}

void mx_input_session_destroy(struct mx_session *s)
{
    struct mx_input_session *is = s ? s->input : NULL;
    if (!is) {
        return;
    }
    free(is->sets);
    free(is->states);
    free(is->dpads);
    free(is);
    s->input = NULL;
}

void mx_input_on_focus_change(struct mx_session *s, bool focused)
{
    /* Action states change only in xrSyncActions (spec): the next sync returns XR_SESSION_NOT_FOCUSED
     * and deactivates everything, so nothing to do here. */
    (void)s;
    (void)focused;
}

void mx_input_haptic_counts(const struct mx_session *s, uint64_t *out_applied, uint64_t *out_stopped)
{
    const struct mx_input_session *is = s ? s->input : NULL;
    *out_applied = is ? is->haptic_applied : 0;
    *out_stopped = is ? is->haptic_stopped : 0;
}

PFN_xrVoidFunction mx_input_proc(const char *name)
{
    static const struct {
        const char *name;
        PFN_xrVoidFunction fn;
    } table[] = {
        {"xrCreateActionSet", (PFN_xrVoidFunction)mx_xrCreateActionSet},
        {"xrDestroyActionSet", (PFN_xrVoidFunction)mx_xrDestroyActionSet},
        {"xrCreateAction", (PFN_xrVoidFunction)mx_xrCreateAction},
        {"xrDestroyAction", (PFN_xrVoidFunction)mx_xrDestroyAction},
        {"xrSuggestInteractionProfileBindings", (PFN_xrVoidFunction)mx_xrSuggestInteractionProfileBindings},
        {"xrAttachSessionActionSets", (PFN_xrVoidFunction)mx_xrAttachSessionActionSets},
        {"xrGetCurrentInteractionProfile", (PFN_xrVoidFunction)mx_xrGetCurrentInteractionProfile},
        {"xrEnumerateBoundSourcesForAction", (PFN_xrVoidFunction)mx_xrEnumerateBoundSourcesForAction},
        {"xrGetInputSourceLocalizedName", (PFN_xrVoidFunction)mx_xrGetInputSourceLocalizedName},
        {"xrSyncActions", (PFN_xrVoidFunction)mx_xrSyncActions},
        {"xrGetActionStateBoolean", (PFN_xrVoidFunction)mx_xrGetActionStateBoolean},
        {"xrGetActionStateFloat", (PFN_xrVoidFunction)mx_xrGetActionStateFloat},
        {"xrGetActionStateVector2f", (PFN_xrVoidFunction)mx_xrGetActionStateVector2f},
        {"xrGetActionStatePose", (PFN_xrVoidFunction)mx_xrGetActionStatePose},
        {"xrApplyHapticFeedback", (PFN_xrVoidFunction)mx_xrApplyHapticFeedback},
        {"xrStopHapticFeedback", (PFN_xrVoidFunction)mx_xrStopHapticFeedback},
        {"xrCreateActionSpace", (PFN_xrVoidFunction)mx_xrCreateActionSpace},
    };
    for (size_t k = 0; name && k < sizeof table / sizeof table[0]; k++) {
        if (strcmp(table[k].name, name) == 0) {
            return table[k].fn;
        }
    }
    return NULL;
}
