/* mockxr against the conformance suite's non-interactive action rules: action set / action naming and
 * lifetime, suggested bindings, attachment and what needs it (see /work/notes/cts_checklist.md). */
#include "mx_test.h"

static XrPath path(XrInstance inst, const char *s)
{
    XrPath p = XR_NULL_PATH;
    return xrStringToPath(inst, s, &p) == XR_SUCCESS ? p : XR_NULL_PATH;
}

static XrResult make_set(XrInstance inst, const char *name, const char *localized, XrActionSet *out)
{
    XrActionSetCreateInfo ci = {.type = XR_TYPE_ACTION_SET_CREATE_INFO};
    snprintf(ci.actionSetName, sizeof(ci.actionSetName), "%s", name);
    snprintf(ci.localizedActionSetName, sizeof(ci.localizedActionSetName), "%s", localized);
    *out = XR_NULL_HANDLE;
    return xrCreateActionSet(inst, &ci, out);
}

static XrResult make_action(XrActionSet set, XrActionType type, const char *name, const char *localized,
                            uint32_t n_sub, const XrPath *sub, XrAction *out)
{
    XrActionCreateInfo ci = {.type = XR_TYPE_ACTION_CREATE_INFO, .actionType = type, .countSubactionPaths = n_sub,
                             .subactionPaths = sub};
    snprintf(ci.actionName, sizeof(ci.actionName), "%s", name);
    snprintf(ci.localizedActionName, sizeof(ci.localizedActionName), "%s", localized);
    *out = XR_NULL_HANDLE;
    return xrCreateAction(set, &ci, out);
}

static void test_set_naming(struct mx_test *t, XrInstance inst)
{
    XrActionSet a, b;
    MX_CHECK_RESULT(t, make_set(inst, "", "a set", &a), XR_ERROR_NAME_INVALID);
    MX_CHECK_RESULT(t, make_set(inst, "a_set", "", &a), XR_ERROR_LOCALIZED_NAME_INVALID);
    MX_CHECK_RESULT(t, make_set(inst, "Not A Path Component", "a set", &a), XR_ERROR_PATH_FORMAT_INVALID);
    MX_REQUIRE_RESULT(t, make_set(inst, "a_set", "a set", &a), XR_SUCCESS);
    MX_CHECK_RESULT(t, make_set(inst, "a_set", "another set", &b), XR_ERROR_NAME_DUPLICATED);
    MX_CHECK_RESULT(t, make_set(inst, "b_set", "a set", &b), XR_ERROR_LOCALIZED_NAME_DUPLICATED);
    MX_CHECK_RESULT(t, xrDestroyActionSet(a), XR_SUCCESS);
    MX_CHECK_RESULT(t, make_set(inst, "a_set", "a set", &a), XR_SUCCESS); /* both names free again */
    MX_CHECK_RESULT(t, make_set(inst, "a_set", "third set", &b), XR_ERROR_NAME_DUPLICATED);
    XrAction act;
    MX_REQUIRE_RESULT(t, make_action(a, XR_ACTION_TYPE_BOOLEAN_INPUT, "press", "press", 0, NULL, &act), XR_SUCCESS);
    MX_CHECK_RESULT(t, xrDestroyActionSet(a), XR_SUCCESS);
    MX_CHECK_RESULT(t, xrDestroyActionSet(a), XR_ERROR_HANDLE_INVALID);
    MX_CHECK_RESULT(t, xrDestroyAction(act), XR_ERROR_HANDLE_INVALID); /* went with its set */
    MX_CHECK_RESULT(t, xrDestroyActionSet((XrActionSet)(uintptr_t)0x1234), XR_ERROR_HANDLE_INVALID);
}

static void test_action_naming(struct mx_test *t, XrInstance inst)
{
    XrActionSet set;
    MX_REQUIRE_RESULT(t, make_set(inst, "naming", "naming", &set), XR_SUCCESS);
    const XrActionType types[] = {XR_ACTION_TYPE_BOOLEAN_INPUT, XR_ACTION_TYPE_FLOAT_INPUT,
                                  XR_ACTION_TYPE_VECTOR2F_INPUT, XR_ACTION_TYPE_POSE_INPUT,
                                  XR_ACTION_TYPE_VIBRATION_OUTPUT};
    XrAction a, b;
    for (size_t k = 0; k < 5; k++) {
        MX_CHECK_RESULT(t, make_action(set, types[k], "each_type", "each type", 0, NULL, &a), XR_SUCCESS);
        MX_CHECK_RESULT(t, xrDestroyAction(a), XR_SUCCESS);
    }
    MX_CHECK_RESULT(t, xrDestroyAction(a), XR_ERROR_HANDLE_INVALID);
    MX_CHECK_RESULT(t, make_action(set, XR_ACTION_TYPE_BOOLEAN_INPUT, "", "x", 0, NULL, &a), XR_ERROR_NAME_INVALID);
    MX_CHECK_RESULT(t, make_action(set, XR_ACTION_TYPE_BOOLEAN_INPUT, "x", "", 0, NULL, &a),
                    XR_ERROR_LOCALIZED_NAME_INVALID);
    MX_CHECK_RESULT(t, make_action(set, XR_ACTION_TYPE_BOOLEAN_INPUT, "Bad Name", "x", 0, NULL, &a),
                    XR_ERROR_PATH_FORMAT_INVALID);
    MX_REQUIRE_RESULT(t, make_action(set, XR_ACTION_TYPE_BOOLEAN_INPUT, "x", "ex", 0, NULL, &a), XR_SUCCESS);
    MX_CHECK_RESULT(t, make_action(set, XR_ACTION_TYPE_BOOLEAN_INPUT, "x", "ex 2", 0, NULL, &b),
                    XR_ERROR_NAME_DUPLICATED);
    MX_CHECK_RESULT(t, make_action(set, XR_ACTION_TYPE_BOOLEAN_INPUT, "y", "ex", 0, NULL, &b),
                    XR_ERROR_LOCALIZED_NAME_DUPLICATED);
    MX_CHECK_RESULT(t, xrDestroyAction(a), XR_SUCCESS);
    MX_CHECK_RESULT(t, make_action(set, XR_ACTION_TYPE_BOOLEAN_INPUT, "x", "ex", 0, NULL, &a), XR_SUCCESS);
    const XrPath twice[2] = {path(inst, "/user/head"), path(inst, "/user/head")};
    MX_CHECK_RESULT(t, make_action(set, XR_ACTION_TYPE_BOOLEAN_INPUT, "dup_sub", "dup sub", 2, twice, &b),
                    XR_ERROR_PATH_UNSUPPORTED);
    const XrPath unknown = path(inst, "/user/nowhere");
    MX_CHECK_RESULT(t, make_action(set, XR_ACTION_TYPE_BOOLEAN_INPUT, "bad_sub", "bad sub", 1, &unknown, &b),
                    XR_ERROR_PATH_UNSUPPORTED);
    MX_CHECK_RESULT(t, make_action((XrActionSet)(uintptr_t)0x1234, XR_ACTION_TYPE_BOOLEAN_INPUT, "z", "z", 0, NULL,
                                   &b), XR_ERROR_HANDLE_INVALID);
    MX_CHECK_RESULT(t, xrDestroyActionSet(set), XR_SUCCESS);
}

static XrResult suggest(XrInstance inst, const char *profile, uint32_t n, const XrActionSuggestedBinding *b)
{
    XrInteractionProfileSuggestedBinding s = {.type = XR_TYPE_INTERACTION_PROFILE_SUGGESTED_BINDING,
                                              .interactionProfile = path(inst, profile),
                                              .countSuggestedBindings = n, .suggestedBindings = b};
    return xrSuggestInteractionProfileBindings(inst, &s);
}

static void test_suggest(struct mx_test *t, XrInstance inst, XrAction press)
{
    const char *simple = "/interaction_profiles/khr/simple_controller";
    XrActionSuggestedBinding b = {press, path(inst, "/user/hand/left/input/select/click")};
    MX_CHECK_RESULT(t, suggest(inst, simple, 1, &b), XR_SUCCESS);
    MX_CHECK_RESULT(t, suggest(inst, simple, 1, &b), XR_SUCCESS); /* again: replaces, no error */
    MX_CHECK_RESULT(t, suggest(inst, simple, 0, &b), XR_ERROR_VALIDATION_FAILURE);
    XrInteractionProfileSuggestedBinding wrong = {.type = XR_TYPE_ACTIONS_SYNC_INFO,
                                                  .interactionProfile = path(inst, simple),
                                                  .countSuggestedBindings = 1, .suggestedBindings = &b};
    MX_CHECK_RESULT(t, xrSuggestInteractionProfileBindings(inst, &wrong), XR_ERROR_VALIDATION_FAILURE);
    const char *bad_profiles[] = {"/invalid", "/interaction_profiles", "/interaction_profiles/invalid",
                                  "/interaction_profiles/khr/simple_controller/invalid",
                                  "/interaction_profiles/khr/another_controller"};
    for (size_t k = 0; k < sizeof(bad_profiles) / sizeof(bad_profiles[0]); k++)
        MX_CHECK_RESULT(t, suggest(inst, bad_profiles[k], 1, &b), XR_ERROR_PATH_UNSUPPORTED);
    const char *bad_paths[] = {"/invalid", "/user/invalid", "/user/hand/invalid", "/user/hand/right",
                               "/user/hand/right/invalid", "/user/hand/right/input", "/user/hand/invalid/input",
                               "/user/invalid/right/input", "/invalid/hand/right/input",
                               "/user/hand/left/input_bad/menu/click", "/user/hand/right/input/select/click/invalid"};
    for (size_t k = 0; k < sizeof(bad_paths) / sizeof(bad_paths[0]); k++) {
        XrActionSuggestedBinding bad = {press, path(inst, bad_paths[k])};
        XrResult r = suggest(inst, simple, 1, &bad);
        if (r != XR_ERROR_PATH_UNSUPPORTED)
            fprintf(stderr, "binding \"%s\": %s\n", bad_paths[k], mx_test_result_name(r));
        MX_CHECK(t, r == XR_ERROR_PATH_UNSUPPORTED);
    }
    /* The same binding many times over, with and without the component: a union, not an error. */
    XrActionSuggestedBinding many[16];
    for (int k = 0; k < 16; k++)
        many[k] = (XrActionSuggestedBinding){press, path(inst, k % 2 ? "/user/hand/left/input/select/click"
                                                                     : "/user/hand/left/input/select")};
    MX_CHECK_RESULT(t, suggest(inst, simple, 16, many), XR_SUCCESS);
    XrActionSuggestedBinding stale = {(XrAction)(uintptr_t)0x1234, b.binding};
    MX_CHECK_RESULT(t, suggest(inst, simple, 1, &stale), XR_ERROR_HANDLE_INVALID);
}

/* Everything that needs the set attached first, then the same calls once it is. */
static void test_needs_attach(struct mx_test *t, XrInstance inst, XrSession s, XrActionSet set, XrAction *acts)
{
    XrActionStateGetInfo gi = {.type = XR_TYPE_ACTION_STATE_GET_INFO};
    XrActionStateBoolean sb = {.type = XR_TYPE_ACTION_STATE_BOOLEAN};
    XrActionStateFloat sf = {.type = XR_TYPE_ACTION_STATE_FLOAT};
    XrActionStateVector2f sv = {.type = XR_TYPE_ACTION_STATE_VECTOR2F};
    XrActionStatePose sp = {.type = XR_TYPE_ACTION_STATE_POSE};
    XrHapticActionInfo hi = {.type = XR_TYPE_HAPTIC_ACTION_INFO, .action = acts[4]};
    XrHapticVibration vib = {.type = XR_TYPE_HAPTIC_VIBRATION, .amplitude = 1.0f,
                             .frequency = XR_FREQUENCY_UNSPECIFIED, .duration = XR_MIN_HAPTIC_DURATION};
    XrInteractionProfileState ips = {.type = XR_TYPE_INTERACTION_PROFILE_STATE};
    XrActiveActionSet active = {set, XR_NULL_PATH};
    XrActionsSyncInfo sync = {.type = XR_TYPE_ACTIONS_SYNC_INFO, .countActiveActionSets = 1,
                              .activeActionSets = &active};
    XrSessionActionSetsAttachInfo ai = {.type = XR_TYPE_SESSION_ACTION_SETS_ATTACH_INFO, .countActionSets = 1,
                                        .actionSets = &set};
    for (int attached = 0; attached < 2; attached++) {
        XrResult want = attached ? XR_SUCCESS : XR_ERROR_ACTIONSET_NOT_ATTACHED;
        gi.action = acts[0];
        MX_CHECK_RESULT(t, xrGetActionStateBoolean(s, &gi, &sb), want);
        gi.action = acts[1];
        MX_CHECK_RESULT(t, xrGetActionStateFloat(s, &gi, &sf), want);
        gi.action = acts[2];
        MX_CHECK_RESULT(t, xrGetActionStateVector2f(s, &gi, &sv), want);
        gi.action = acts[3];
        MX_CHECK_RESULT(t, xrGetActionStatePose(s, &gi, &sp), want);
        /* the session is not focused: haptics answer XR_SESSION_NOT_FOCUSED (a success code, the CTS warns
         * on XR_SUCCESS) once the checks pass */
        XrResult want_haptic = attached ? XR_SESSION_NOT_FOCUSED : want;
        MX_CHECK_RESULT(t, xrApplyHapticFeedback(s, &hi, (const XrHapticBaseHeader *)&vib), want_haptic);
        MX_CHECK_RESULT(t, xrStopHapticFeedback(s, &hi), want_haptic);
        MX_CHECK_RESULT(t, xrGetCurrentInteractionProfile(s, path(inst, "/user/hand/left"), &ips), want);
        XrResult synced = xrSyncActions(s, &sync);
        MX_CHECK(t, attached ? (synced == XR_SUCCESS || synced == XR_SESSION_NOT_FOCUSED)
                             : synced == XR_ERROR_ACTIONSET_NOT_ATTACHED);
        if (!attached) {
            XrBoundSourcesForActionEnumerateInfo ei = {.type = XR_TYPE_BOUND_SOURCES_FOR_ACTION_ENUMERATE_INFO,
                                                       .action = acts[0]};
            uint32_t n = 0;
            MX_CHECK_RESULT(t, xrEnumerateBoundSourcesForAction(s, &ei, 0, &n, NULL), XR_ERROR_ACTIONSET_NOT_ATTACHED);
            XrInputSourceLocalizedNameGetInfo li = {.type = XR_TYPE_INPUT_SOURCE_LOCALIZED_NAME_GET_INFO,
                                                    .sourcePath = path(inst, "/user/hand/left/input/select/click"),
                                                    .whichComponents = XR_INPUT_SOURCE_LOCALIZED_NAME_USER_PATH_BIT};
            MX_CHECK_RESULT(t, xrGetInputSourceLocalizedName(s, &li, 0, &n, NULL), XR_ERROR_ACTIONSET_NOT_ATTACHED);
            ai.countActionSets = 0;
            MX_CHECK_RESULT(t, xrAttachSessionActionSets(s, &ai), XR_ERROR_VALIDATION_FAILURE);
            ai.countActionSets = 1;
            MX_REQUIRE_RESULT(t, xrAttachSessionActionSets(s, &ai), XR_SUCCESS);
        }
    }
    MX_CHECK(t, sb.isActive == XR_FALSE); /* never synced while focused */
    MX_CHECK_RESULT(t, xrGetCurrentInteractionProfile(s, XR_NULL_PATH, &ips), XR_ERROR_PATH_INVALID);
    MX_CHECK_RESULT(t, xrGetCurrentInteractionProfile(s, (XrPath)0x1234, &ips), XR_ERROR_PATH_INVALID);
    MX_CHECK_RESULT(t, xrGetCurrentInteractionProfile(s, path(inst, "/invalid/top/level/path"), &ips),
                    XR_ERROR_PATH_UNSUPPORTED);
    ips.type = XR_TYPE_ACTION_CREATE_INFO;
    MX_CHECK_RESULT(t, xrGetCurrentInteractionProfile(s, path(inst, "/user/hand/left"), &ips),
                    XR_ERROR_VALIDATION_FAILURE);
}

static void test_attachment(struct mx_test *t, XrInstance inst, XrSystemId sys)
{
    XrActionSet set;
    MX_REQUIRE_RESULT(t, make_set(inst, "attach", "attach", &set), XR_SUCCESS);
    const XrActionType types[5] = {XR_ACTION_TYPE_BOOLEAN_INPUT, XR_ACTION_TYPE_FLOAT_INPUT,
                                   XR_ACTION_TYPE_VECTOR2F_INPUT, XR_ACTION_TYPE_POSE_INPUT,
                                   XR_ACTION_TYPE_VIBRATION_OUTPUT};
    const char *names[5] = {"b", "f", "v", "p", "h"};
    XrAction acts[5];
    for (int k = 0; k < 5; k++)
        MX_REQUIRE_RESULT(t, make_action(set, types[k], names[k], names[k], 0, NULL, &acts[k]), XR_SUCCESS);
    test_suggest(t, inst, acts[0]);
    XrSession s;
    MX_REQUIRE_RESULT(t, mx_test_create_session(inst, sys, &s), XR_SUCCESS);
    test_needs_attach(t, inst, s, set, acts);
    XrAction late;
    XrSessionActionSetsAttachInfo ai = {.type = XR_TYPE_SESSION_ACTION_SETS_ATTACH_INFO, .countActionSets = 1,
                                        .actionSets = &set};
    MX_CHECK_RESULT(t, make_action(set, XR_ACTION_TYPE_BOOLEAN_INPUT, "late", "late", 0, NULL, &late),
                    XR_ERROR_ACTIONSETS_ALREADY_ATTACHED);
    MX_CHECK_RESULT(t, xrAttachSessionActionSets(s, &ai), XR_ERROR_ACTIONSETS_ALREADY_ATTACHED);
    XrActionSuggestedBinding b = {acts[0], path(inst, "/user/hand/left/input/select/click")};
    MX_CHECK_RESULT(t, suggest(inst, "/interaction_profiles/khr/simple_controller", 1, &b),
                    XR_ERROR_ACTIONSETS_ALREADY_ATTACHED);
    XrActionSet other;
    MX_REQUIRE_RESULT(t, make_set(inst, "other", "other", &other), XR_SUCCESS);
    ai.actionSets = &other;
    MX_CHECK_RESULT(t, xrAttachSessionActionSets(s, &ai), XR_ERROR_ACTIONSETS_ALREADY_ATTACHED);
    /* One session at a time: after the first goes, the same set attaches to the next one. */
    MX_CHECK_RESULT(t, xrDestroySession(s), XR_SUCCESS);
    MX_REQUIRE_RESULT(t, mx_test_create_session(inst, sys, &s), XR_SUCCESS);
    ai.actionSets = &set;
    MX_CHECK_RESULT(t, xrAttachSessionActionSets(s, &ai), XR_SUCCESS);
    MX_CHECK_RESULT(t, xrDestroySession(s), XR_SUCCESS);
}

int main(int argc, char **argv)
{
    struct mx_test t;
    mx_test_init(&t, argc, argv);
    mx_test_reset_env();
    XrInstance inst = XR_NULL_HANDLE;
    XrSystemId sys = XR_NULL_SYSTEM_ID;
    MX_REQUIRE_RESULT(&t, mx_test_create_instance(NULL, &inst), XR_SUCCESS);
    MX_REQUIRE_RESULT(&t, mx_test_get_system(inst, &sys), XR_SUCCESS);
    test_set_naming(&t, inst);
    test_action_naming(&t, inst);
    test_attachment(&t, inst, sys);
    MX_CHECK_RESULT(&t, xrDestroyInstance(inst), XR_SUCCESS);
    return mx_test_finish(&t, "cts_actions");
}
