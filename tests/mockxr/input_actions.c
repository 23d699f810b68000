/* mockxr conformance, through the loader: action sets and actions (name rules, duplicates, subaction
 * paths), suggested bindings for every component of every core profile (typos rejected), attach rules. */
#include "input_util.h"
#include "mx_profiles.h"

static void test_action_set_rules(XrInstance inst)
{
    XrActionSetCreateInfo ci = {.type = XR_TYPE_ACTION_SET_CREATE_INFO};
    XrActionSet set = XR_NULL_HANDLE, other = XR_NULL_HANDLE;
    strcpy(ci.actionSetName, "gameplay");
    strcpy(ci.localizedActionSetName, "Gameplay");
    IX_EXPECT(inst, xrCreateActionSet(inst, &ci, &set), XR_SUCCESS);
    IX_EXPECT(inst, xrCreateActionSet(inst, &ci, &other), XR_ERROR_NAME_DUPLICATED);
    strcpy(ci.actionSetName, "gameplay2");
    IX_EXPECT(inst, xrCreateActionSet(inst, &ci, &other), XR_ERROR_LOCALIZED_NAME_DUPLICATED);
    strcpy(ci.localizedActionSetName, "Gameplay 2");
    ci.actionSetName[0] = '\0';
    IX_EXPECT(inst, xrCreateActionSet(inst, &ci, &other), XR_ERROR_NAME_INVALID);
    strcpy(ci.actionSetName, "Game Play");
    IX_EXPECT(inst, xrCreateActionSet(inst, &ci, &other), XR_ERROR_PATH_FORMAT_INVALID);
    strcpy(ci.actionSetName, "game/play");
    IX_EXPECT(inst, xrCreateActionSet(inst, &ci, &other), XR_ERROR_PATH_FORMAT_INVALID);
    strcpy(ci.actionSetName, "gameplay2");
    ci.localizedActionSetName[0] = '\0';
    IX_EXPECT(inst, xrCreateActionSet(inst, &ci, &other), XR_ERROR_LOCALIZED_NAME_INVALID);
    /* Destroying the first frees its names. */
    IX_EXPECT(inst, xrDestroyActionSet(set), XR_SUCCESS);
    IX_EXPECT(inst, xrDestroyActionSet(set), XR_ERROR_HANDLE_INVALID);
    strcpy(ci.actionSetName, "gameplay");
    strcpy(ci.localizedActionSetName, "Gameplay");
    IX_EXPECT(inst, xrCreateActionSet(inst, &ci, &set), XR_SUCCESS);
    IX_EXPECT(inst, xrDestroyActionSet(set), XR_SUCCESS);
}

static void test_action_rules(XrInstance inst)
{
    XrActionSet set = ix_action_set(inst, "rules", 0);
    XrAction a = XR_NULL_HANDLE, b = XR_NULL_HANDLE;
    XrActionCreateInfo ci = {.type = XR_TYPE_ACTION_CREATE_INFO, .actionType = XR_ACTION_TYPE_BOOLEAN_INPUT};
    strcpy(ci.actionName, "jump");
    strcpy(ci.localizedActionName, "Jump");
    IX_EXPECT(inst, xrCreateAction(set, &ci, &a), XR_SUCCESS);
    IX_EXPECT(inst, xrCreateAction(set, &ci, &b), XR_ERROR_NAME_DUPLICATED);
    strcpy(ci.actionName, "jump2");
    IX_EXPECT(inst, xrCreateAction(set, &ci, &b), XR_ERROR_LOCALIZED_NAME_DUPLICATED);
    strcpy(ci.localizedActionName, "Jump 2");
    ci.actionName[0] = '\0';
    IX_EXPECT(inst, xrCreateAction(set, &ci, &b), XR_ERROR_NAME_INVALID);
    strcpy(ci.actionName, "JUMP");
    IX_EXPECT(inst, xrCreateAction(set, &ci, &b), XR_ERROR_PATH_FORMAT_INVALID);
    strcpy(ci.actionName, "jump2");
    ci.localizedActionName[0] = '\0';
    IX_EXPECT(inst, xrCreateAction(set, &ci, &b), XR_ERROR_LOCALIZED_NAME_INVALID);
    strcpy(ci.localizedActionName, "Jump 2");
    /* Subaction paths: only top-level user paths, each once. */
    XrPath subs[2] = {ix_path(inst, "/user/hand/left"), ix_path(inst, "/user/hand/left")};
    ci.countSubactionPaths = 2;
    ci.subactionPaths = subs;
    IX_EXPECT(inst, xrCreateAction(set, &ci, &b), XR_ERROR_PATH_UNSUPPORTED);
    subs[1] = ix_path(inst, "/user/hand/left/input/trigger");
    IX_EXPECT(inst, xrCreateAction(set, &ci, &b), XR_ERROR_PATH_UNSUPPORTED);
    subs[1] = ix_path(inst, "/user");
    IX_EXPECT(inst, xrCreateAction(set, &ci, &b), XR_ERROR_PATH_UNSUPPORTED);
    subs[1] = ix_path(inst, "/user/gamepad");
    IX_EXPECT(inst, xrCreateAction(set, &ci, &b), XR_SUCCESS);
    /* Every action type is accepted; same name in another set is fine. */
    static const XrActionType types[] = {XR_ACTION_TYPE_FLOAT_INPUT, XR_ACTION_TYPE_VECTOR2F_INPUT,
                                         XR_ACTION_TYPE_POSE_INPUT, XR_ACTION_TYPE_VIBRATION_OUTPUT};
    XrActionSet set2 = ix_action_set(inst, "rules2", 0);
    for (size_t k = 0; k < 4; k++) {
        XrAction t = ix_action(inst, set2,
                               k == 0   ? "jump"
                               : k == 1 ? "move"
                               : k == 2 ? "hand"
                                        : "buzz",
                               types[k], true);
        IX_CHECK(t != XR_NULL_HANDLE, "type %d", (int)types[k]);
    }
    IX_EXPECT(inst, xrDestroyAction(a), XR_SUCCESS);
    IX_EXPECT(inst, xrDestroyAction(a), XR_ERROR_HANDLE_INVALID);
    strcpy(ci.actionName, "jump");
    strcpy(ci.localizedActionName, "Jump");
    ci.countSubactionPaths = 0;
    ci.subactionPaths = NULL;
    IX_EXPECT(inst, xrCreateAction(set, &ci, &a), XR_SUCCESS); /* name free again */
    IX_EXPECT(inst, xrDestroyActionSet(set), XR_SUCCESS);
    IX_EXPECT(inst, xrDestroyAction(a), XR_ERROR_HANDLE_INVALID); /* destroyed with its set */
    IX_EXPECT(inst, xrDestroyActionSet(set2), XR_SUCCESS);
}

static XrActionType type_for(enum mx_comp_type t)
{
    switch (t) {
    case MX_COMP_BOOLEAN: return XR_ACTION_TYPE_BOOLEAN_INPUT;
    case MX_COMP_FLOAT: return XR_ACTION_TYPE_FLOAT_INPUT;
    case MX_COMP_POSE: return XR_ACTION_TYPE_POSE_INPUT;
    default: return XR_ACTION_TYPE_VIBRATION_OUTPUT;
    }
}

/* Every component of every profile on each of its user paths, bound to an action of its type. */
static void test_every_profile(XrInstance inst)
{
    XrActionSet set = ix_action_set(inst, "profiles", 0);
    XrAction by_type[4] = {ix_action(inst, set, "b", XR_ACTION_TYPE_BOOLEAN_INPUT, false),
                           ix_action(inst, set, "f", XR_ACTION_TYPE_FLOAT_INPUT, false),
                           ix_action(inst, set, "p", XR_ACTION_TYPE_POSE_INPUT, false),
                           ix_action(inst, set, "v", XR_ACTION_TYPE_VIBRATION_OUTPUT, false)};
    XrAction vec = ix_action(inst, set, "v2", XR_ACTION_TYPE_VECTOR2F_INPUT, false);
    static const unsigned users[] = {MX_USER_LEFT, MX_USER_RIGHT, MX_USER_HEAD, MX_USER_GAMEPAD};
    int accepted = 0;
    for (size_t i = 0; i < mx_profile_count(); i++) {
        const struct mx_profile *p = mx_profile_at(i);
        for (size_t c = 0; c < p->component_count; c++) {
            const struct mx_profile_component *comp = &p->components[c];
            for (size_t u = 0; u < 4; u++) {
                char path[256];
                snprintf(path, sizeof path, "%s%s", mx_user_path(users[u]), comp->subpath);
                XrAction act = by_type[type_for(comp->type) == XR_ACTION_TYPE_BOOLEAN_INPUT ? 0
                                       : type_for(comp->type) == XR_ACTION_TYPE_FLOAT_INPUT ? 1
                                       : type_for(comp->type) == XR_ACTION_TYPE_POSE_INPUT  ? 2
                                                                                            : 3];
                const char *pp = path;
                XrResult want = (comp->users & users[u]) ? XR_SUCCESS : XR_ERROR_PATH_UNSUPPORTED;
                XrResult got = ix_suggest(inst, p->path, &act, &pp, 1);
                IX_CHECK(got == want, "%s %s: %s", p->path, path, ix_result(inst, got));
                accepted += got == XR_SUCCESS;
                /* A one-letter typo in the identifier is rejected. */
                char typo[256];
                snprintf(typo, sizeof typo, "%s", path);
                char *id = strstr(typo, "put/") ? strstr(typo, "put/") + 4 : NULL;
                if (id && (comp->users & users[u])) {
                    *id = *id == 'q' ? 'z' : 'q';
                    const char *tp = typo;
                    IX_EXPECT(inst, ix_suggest(inst, p->path, &act, &tp, 1), XR_ERROR_PATH_UNSUPPORTED);
                }
            }
        }
    }
    IX_CHECK(accepted == 196, "accepted %d component bindings", accepted);
    /* Shorthand paths of the spec, all in one call. */
    XrAction acts[6] = {by_type[0], by_type[1], vec, by_type[2], by_type[0], vec};
    const char *paths[6] = {"/user/hand/left/input/trigger",    "/user/hand/right/input/squeeze",
                            "/user/hand/left/input/thumbstick", "/user/hand/right/input/grip",
                            "/user/hand/right/input/a",         "/user/hand/right/input/thumbstick"};
    IX_EXPECT(inst, ix_suggest(inst, "/interaction_profiles/oculus/touch_controller", acts, paths, 6), XR_SUCCESS);
    const char *xbox[2] = {"/user/gamepad/input/thumbstick_left", "/user/gamepad/input/trigger_right"};
    XrAction xacts[2] = {vec, by_type[1]};
    IX_EXPECT(inst, ix_suggest(inst, "/interaction_profiles/microsoft/xbox_controller", xacts, xbox, 2), XR_SUCCESS);
    /* Unknown profiles and malformed pieces. */
    const char *good = "/user/hand/left/input/select/click";
    IX_EXPECT(inst, ix_suggest(inst, "/interaction_profiles/khr/simple_controllr", by_type, &good, 1),
              XR_ERROR_PATH_UNSUPPORTED);
    IX_EXPECT(inst, ix_suggest(inst, "/interaction_profiles/khr", by_type, &good, 1), XR_ERROR_PATH_UNSUPPORTED);
    IX_EXPECT(inst, ix_suggest(inst, "/user/hand/left", by_type, &good, 1), XR_ERROR_PATH_UNSUPPORTED);
    const char *bad[] = {"/user/hand/left/input/select/clic", "/user/hand/left/input", "/user/hand/left/select/click",
                         "/user/hand/center/input/select/click", "/user/head/input/select/click"};
    for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
        IX_EXPECT(inst, ix_suggest(inst, "/interaction_profiles/khr/simple_controller", by_type, &bad[k], 1),
                  XR_ERROR_PATH_UNSUPPORTED);
    }
    /* Unknown XrPath values. */
    XrActionSuggestedBinding b = {by_type[0], (XrPath)0x7fffffffull};
    XrInteractionProfileSuggestedBinding sb = {.type = XR_TYPE_INTERACTION_PROFILE_SUGGESTED_BINDING,
                                               .interactionProfile =
                                                   ix_path(inst, "/interaction_profiles/khr/simple_controller"),
                                               .countSuggestedBindings = 1,
                                               .suggestedBindings = &b};
    IX_EXPECT(inst, xrSuggestInteractionProfileBindings(inst, &sb), XR_ERROR_PATH_INVALID);
    IX_EXPECT(inst, xrDestroyActionSet(set), XR_SUCCESS);
}

static void test_attach_rules(XrInstance inst)
{
    XrSession s = ix_session_create(inst);
    XrActionSet set = ix_action_set(inst, "attach", 0), late = ix_action_set(inst, "late", 0);
    XrAction a = ix_action(inst, set, "select", XR_ACTION_TYPE_BOOLEAN_INPUT, true);
    const char *path = "/user/hand/left/input/select/click";
    IX_EXPECT(inst, ix_suggest(inst, "/interaction_profiles/khr/simple_controller", &a, &path, 1), XR_SUCCESS);
    /* Before attach: queries that need it fail. */
    XrInteractionProfileState ps = {.type = XR_TYPE_INTERACTION_PROFILE_STATE};
    IX_EXPECT(inst, xrGetCurrentInteractionProfile(s, ix_path(inst, "/user/hand/left"), &ps),
              XR_ERROR_ACTIONSET_NOT_ATTACHED);
    XrActionStateGetInfo gi = {.type = XR_TYPE_ACTION_STATE_GET_INFO, .action = a};
    XrActionStateBoolean bs = {.type = XR_TYPE_ACTION_STATE_BOOLEAN};
    IX_EXPECT(inst, xrGetActionStateBoolean(s, &gi, &bs), XR_ERROR_ACTIONSET_NOT_ATTACHED);
    IX_EXPECT(inst, ix_attach(s, &set, 1), XR_SUCCESS);
    IX_EXPECT(inst, ix_attach(s, &late, 1), XR_ERROR_ACTIONSETS_ALREADY_ATTACHED);
    /* The attached set is immutable; other sets are not. */
    XrActionCreateInfo ci = {.type = XR_TYPE_ACTION_CREATE_INFO, .actionType = XR_ACTION_TYPE_FLOAT_INPUT};
    strcpy(ci.actionName, "more");
    strcpy(ci.localizedActionName, "More");
    XrAction b = XR_NULL_HANDLE;
    IX_EXPECT(inst, xrCreateAction(set, &ci, &b), XR_ERROR_ACTIONSETS_ALREADY_ATTACHED);
    IX_EXPECT(inst, ix_suggest(inst, "/interaction_profiles/khr/simple_controller", &a, &path, 1),
              XR_ERROR_ACTIONSETS_ALREADY_ATTACHED);
    XrAction c = ix_action(inst, late, "other", XR_ACTION_TYPE_BOOLEAN_INPUT, false);
    IX_EXPECT(inst, ix_suggest(inst, "/interaction_profiles/khr/simple_controller", &c, &path, 1), XR_SUCCESS);
    /* Syncing or reading a set that is not attached to this session. */
    IX_EXPECT(inst, ix_sync(s, late, XR_NULL_PATH), XR_ERROR_ACTIONSET_NOT_ATTACHED);
    gi.action = c;
    IX_EXPECT(inst, xrGetActionStateBoolean(s, &gi, &bs), XR_ERROR_ACTIONSET_NOT_ATTACHED);
    /* Current profile before any sync: none, and not-a-user path is unsupported. */
    IX_EXPECT(inst, xrGetCurrentInteractionProfile(s, ix_path(inst, "/user/hand/left"), &ps), XR_SUCCESS);
    IX_CHECK(ps.interactionProfile == XR_NULL_PATH, "profile before first sync");
    IX_EXPECT(inst, xrGetCurrentInteractionProfile(s, ix_path(inst, "/user/hand/left/input"), &ps),
              XR_ERROR_PATH_UNSUPPORTED);
    IX_EXPECT(inst, xrDestroySession(s), XR_SUCCESS);
    /* A second session may attach the (already immutable) set again. */
    s = ix_session_create(inst);
    IX_EXPECT(inst, ix_attach(s, &set, 1), XR_SUCCESS);
    IX_EXPECT(inst, xrDestroySession(s), XR_SUCCESS);
}

int main(void)
{
    XrInstance inst = ix_instance_create();
    if (inst == XR_NULL_HANDLE) {
        return 1;
    }
    test_action_set_rules(inst);
    test_action_rules(inst);
    test_every_profile(inst);
    test_attach_rules(inst);
    IX_EXPECT(inst, xrDestroyInstance(inst), XR_SUCCESS);
    return ix_finish("input_actions");
}
