/* XR_KHR_binding_modification + XR_EXT_dpad_binding through the real loader: dpad paths only with the
 * extensions, XrInteractionProfileDpadBindingEXT validated as the spec says, and dpads that work in
 * xrSyncActions from scripted sticks and trackpads: wedges, centre region, overlap, sticky latching, force
 * hysteresis, the spec's defaults; bound sources and their names. */
#include "ext_util.h"

#define TOUCH "/interaction_profiles/oculus/touch_controller"
#define INDEX "/interaction_profiles/valve/index_controller"

enum { UP, DOWN, LEFT, RIGHT, CENTER, UP_F, ACTIONS };

static const char *const g_dirs[] = {"dpad_up", "dpad_down", "dpad_left", "dpad_right", "dpad_center"};

static XrPath path(XrInstance inst, const char *s)
{
    XrPath p = XR_NULL_PATH;
    xrStringToPath(inst, s, &p);
    return p;
}

struct app {
    struct mx_test_app base;
    XrActionSet set;
    XrAction act[ACTIONS];
};

static XrResult start(struct app *a, const char *const *ext)
{
    XrResult r = mx_test_app_start(&a->base, ext);
    XrActionSetCreateInfo sci = {.type = XR_TYPE_ACTION_SET_CREATE_INFO};
    strcpy(sci.actionSetName, "dpads");
    strcpy(sci.localizedActionSetName, "Dpads");
    if (r == XR_SUCCESS)
        r = xrCreateActionSet(a->base.instance, &sci, &a->set);
    XrPath hands[2] = {path(a->base.instance, "/user/hand/left"), path(a->base.instance, "/user/hand/right")};
    for (int k = 0; k < ACTIONS && r == XR_SUCCESS; k++) {
        XrActionCreateInfo ci = {.type = XR_TYPE_ACTION_CREATE_INFO,
                                 .actionType = k == UP_F ? XR_ACTION_TYPE_FLOAT_INPUT : XR_ACTION_TYPE_BOOLEAN_INPUT,
                                 .countSubactionPaths = 2, .subactionPaths = hands};
        snprintf(ci.actionName, sizeof ci.actionName, "a%d", k);
        snprintf(ci.localizedActionName, sizeof ci.localizedActionName, "A%d", k);
        r = xrCreateAction(a->set, &ci, &a->act[k]);
    }
    return r;
}

/* Suggests `n` bindings (action index, path) for `profile` with the dpad settings `mods` (count m). */
static XrResult suggest(struct app *a, const char *profile, const int *acts, const char *const *paths, uint32_t n,
                        XrInteractionProfileDpadBindingEXT *mods, uint32_t m)
{
    XrActionSuggestedBinding b[16];
    for (uint32_t k = 0; k < n; k++)
        b[k] = (XrActionSuggestedBinding){a->act[acts[k]], path(a->base.instance, paths[k])};
    const XrBindingModificationBaseHeaderKHR *ptrs[4];
    for (uint32_t k = 0; k < m; k++)
        ptrs[k] = (const XrBindingModificationBaseHeaderKHR *)&mods[k];
    XrBindingModificationsKHR bm = {.type = XR_TYPE_BINDING_MODIFICATIONS_KHR, .bindingModificationCount = m,
                                    .bindingModifications = ptrs};
    XrInteractionProfileSuggestedBinding sb = {.type = XR_TYPE_INTERACTION_PROFILE_SUGGESTED_BINDING,
                                               .next = m ? &bm : NULL,
                                               .interactionProfile = path(a->base.instance, profile),
                                               .countSuggestedBindings = n, .suggestedBindings = b};
    return xrSuggestInteractionProfileBindings(a->base.instance, &sb);
}

static XrInteractionProfileDpadBindingEXT dpad(struct app *a, const char *binding, float center, float wedge, bool sticky)
{
    return (XrInteractionProfileDpadBindingEXT){.type = XR_TYPE_INTERACTION_PROFILE_DPAD_BINDING_EXT,
                                                .binding = path(a->base.instance, binding), .actionSet = a->set,
                                                .forceThreshold = 0.8f, .forceThresholdReleased = 0.2f,
                                                .centerRegion = center, .wedgeAngle = wedge, .isSticky = sticky};
}

static XrResult attach(struct app *a)
{
    XrSessionActionSetsAttachInfo ai = {.type = XR_TYPE_SESSION_ACTION_SETS_ATTACH_INFO, .countActionSets = 1,
                                        .actionSets = &a->set};
    return xrAttachSessionActionSets(a->base.session, &ai);
}

/* One frame, one sync; the dpad actions active on `hand` as bits (1 << UP, ...). */
static unsigned frame_and_read(struct mx_test *t, struct app *a, int hand, float *out_up_float)
{
    MX_CHECK_RESULT(t, mx_test_frame(a->base.session, NULL), XR_SUCCESS);
    XrSessionState st;
    while (mx_test_next_state(a->base.instance, &st)) {
    }
    XrActiveActionSet active = {a->set, XR_NULL_PATH};
    XrActionsSyncInfo si = {.type = XR_TYPE_ACTIONS_SYNC_INFO, .countActiveActionSets = 1, .activeActionSets = &active};
    XrResult synced = xrSyncActions(a->base.session, &si);
    unsigned bits = 0;
    XrPath sub = path(a->base.instance, hand ? "/user/hand/right" : "/user/hand/left");
    for (int k = 0; k < UP_F && synced == XR_SUCCESS; k++) {
        XrActionStateGetInfo gi = {.type = XR_TYPE_ACTION_STATE_GET_INFO, .action = a->act[k], .subactionPath = sub};
        XrActionStateBoolean b = {.type = XR_TYPE_ACTION_STATE_BOOLEAN};
        MX_CHECK_RESULT(t, xrGetActionStateBoolean(a->base.session, &gi, &b), XR_SUCCESS);
        bits |= b.currentState ? 1u << k : 0u;
    }
    XrActionStateGetInfo gi = {.type = XR_TYPE_ACTION_STATE_GET_INFO, .action = a->act[UP_F], .subactionPath = sub};
    XrActionStateFloat f = {.type = XR_TYPE_ACTION_STATE_FLOAT};
    if (out_up_float && synced == XR_SUCCESS)
        MX_CHECK_RESULT(t, xrGetActionStateFloat(a->base.session, &gi, &f), XR_SUCCESS);
    if (out_up_float)
        *out_up_float = f.currentState;
    return bits;
}

/* Without XR_EXT_dpad_binding there are no dpad paths, and the extension needs binding_modification. */
static void test_without(struct mx_test *t)
{
    struct app a;
    MX_REQUIRE_RESULT(t, start(&a, NULL), XR_SUCCESS);
    const int acts[] = {UP};
    const char *paths[] = {"/user/hand/left/input/thumbstick/dpad_up"};
    MX_CHECK_RESULT(t, suggest(&a, TOUCH, acts, paths, 1, NULL, 0), XR_ERROR_PATH_UNSUPPORTED);
    mx_test_app_stop(&a.base);
    XrInstance inst;
    const char *only_dpad[] = {"XR_EXT_dpad_binding", NULL};
    MX_CHECK_RESULT(t, mx_test_create_instance(only_dpad, &inst), XR_ERROR_VALIDATION_FAILURE);
}

static void test_validation(struct mx_test *t, struct app *a)
{
    const int acts[] = {UP, UP};
    const char *paths[] = {"/user/hand/left/input/thumbstick/dpad_up", "/user/hand/right/input/thumbstick/dpad_up"};
    const char *center[] = {"/user/hand/left/input/thumbstick/dpad_center"};
    MX_CHECK_RESULT(t, suggest(a, TOUCH, acts, center, 1, NULL, 0), XR_ERROR_PATH_UNSUPPORTED); /* sticks: no center */
    const char *pad[] = {"/user/hand/left/input/trackpad/dpad_up"};
    MX_CHECK_RESULT(t, suggest(a, TOUCH, acts, pad, 1, NULL, 0), XR_ERROR_PATH_UNSUPPORTED); /* touch: no trackpad */
    XrInteractionProfileDpadBindingEXT m[2] = {dpad(a, "/user/hand/left/input/thumbstick/dpad_up", 0.5f, 1.0f, false),
                                               dpad(a, "/user/hand/left/input/thumbstick", 0.5f, 1.0f, false)};
    MX_CHECK_RESULT(t, suggest(a, TOUCH, acts, paths, 2, m, 1), XR_ERROR_PATH_UNSUPPORTED); /* not an identifier */
    m[0] = dpad(a, "/user/hand/left/input/trackpad", 0.5f, 1.0f, false);
    MX_CHECK_RESULT(t, suggest(a, TOUCH, acts, paths, 2, m, 1), XR_ERROR_PATH_UNSUPPORTED);
    m[0] = m[1];
    MX_CHECK_RESULT(t, suggest(a, TOUCH, acts, paths, 2, m, 2), XR_ERROR_VALIDATION_FAILURE); /* twice */
    const struct {
        float threshold, released, center, wedge;
    } bad[] = {{0.0f, 0.1f, 0.5f, 1.0f}, {1.1f, 0.1f, 0.5f, 1.0f}, {0.3f, 0.5f, 0.5f, 1.0f}, {0.8f, 0.0f, 0.5f, 1.0f},
               {0.8f, 0.2f, 0.0f, 1.0f}, {0.8f, 0.2f, 1.0f, 1.0f}, {0.8f, 0.2f, 0.5f, -0.1f}, {0.8f, 0.2f, 0.5f, 3.1416f}};
    for (size_t k = 0; k < sizeof(bad) / sizeof(bad[0]); k++) {
        m[0].forceThreshold = bad[k].threshold;
        m[0].forceThresholdReleased = bad[k].released;
        m[0].centerRegion = bad[k].center;
        m[0].wedgeAngle = bad[k].wedge;
        MX_CHECK_RESULT(t, suggest(a, TOUCH, acts, paths, 2, m, 1), XR_ERROR_VALIDATION_FAILURE);
    }
}

static const char g_touch_script[] =
    "{\"timeline\": [\n"
    " {\"frame\": 10, \"input\": {\"/user/hand/left/input/thumbstick/y\": 0.9}},\n"
    " {\"frame\": 12, \"input\": {\"/user/hand/left/input/thumbstick/x\": 0.6, \"/user/hand/left/input/thumbstick/y\": 0.6}},\n"
    " {\"frame\": 14, \"input\": {\"/user/hand/left/input/thumbstick/x\": 0.1, \"/user/hand/left/input/thumbstick/y\": 0.1}},\n"
    " {\"frame\": 20, \"input\": {\"/user/hand/right/input/thumbstick/y\": 0.8}},\n"
    " {\"frame\": 22, \"input\": {\"/user/hand/right/input/thumbstick/x\": 0.8, \"/user/hand/right/input/thumbstick/y\": 0}},\n"
    " {\"frame\": 24, \"input\": {\"/user/hand/right/input/thumbstick/x\": 0.1}},\n"
    " {\"frame\": 26, \"input\": {\"/user/hand/right/input/thumbstick/x\": 0.8}}\n"
    "]}\n";

/* Left stick: overlapping wedges (2 rad) and a small centre; right stick: sticky, the spec's 90 degrees. */
static void test_thumbsticks(struct mx_test *t)
{
    MX_REQUIRE_RESULT(t, ext_use_script("ext_dpad_touch.json", g_touch_script) ? XR_SUCCESS : XR_ERROR_RUNTIME_FAILURE,
                      XR_SUCCESS);
    struct app a;
    const char *ext[] = {"XR_KHR_binding_modification", "XR_EXT_dpad_binding", NULL};
    MX_REQUIRE_RESULT(t, start(&a, ext), XR_SUCCESS);
    if (!t->clean)
        test_validation(t, &a);
    int acts[10];
    const char *paths[10];
    char storage[10][96];
    for (int h = 0; h < 2; h++) {
        for (int d = 0; d < 4; d++) {
            snprintf(storage[4 * h + d], sizeof storage[0], "/user/hand/%s/input/thumbstick/%s", h ? "right" : "left",
                     g_dirs[d]);
            acts[4 * h + d] = d;
            paths[4 * h + d] = storage[4 * h + d];
        }
    }
    acts[8] = UP_F;
    paths[8] = "/user/hand/left/input/thumbstick/dpad_up";
    XrInteractionProfileDpadBindingEXT m[2] = {dpad(&a, "/user/hand/left/input/thumbstick", 0.2f, 2.0f, false),
                                               dpad(&a, "/user/hand/right/input/thumbstick", 0.5f, 1.5707964f, true)};
    MX_CHECK_RESULT(t, suggest(&a, TOUCH, acts, paths, 9, m, 2), XR_SUCCESS);
    MX_REQUIRE_RESULT(t, attach(&a), XR_SUCCESS);
    float up = -1.0f;
    unsigned seen[30];
    for (int f = 0; f < 30; f++)
        seen[f] = frame_and_read(t, &a, f >= 20, f == 10 ? &up : NULL);
    MX_CHECK(t, seen[9] == 0);
    MX_CHECK(t, seen[10] == 1u << UP && up == 1.0f);            /* (0, 0.9): up */
    MX_CHECK(t, seen[12] == ((1u << UP) | (1u << RIGHT)));      /* 45 degrees, 2 rad wedges: both */
    MX_CHECK(t, seen[14] == 0);                                 /* r = 0.14 < 0.2: the centre */
    MX_CHECK(t, seen[20] == 1u << UP);
    MX_CHECK(t, seen[22] == 1u << UP);                          /* sticky: still up, though the stick is right */
    MX_CHECK(t, seen[24] == 0);                                 /* back to the centre releases it */
    MX_CHECK(t, seen[26] == 1u << RIGHT);
    /* bound sources and their names */
    XrBoundSourcesForActionEnumerateInfo ei = {.type = XR_TYPE_BOUND_SOURCES_FOR_ACTION_ENUMERATE_INFO, .action = a.act[UP]};
    XrPath src[4];
    uint32_t n = 0;
    MX_CHECK_RESULT(t, xrEnumerateBoundSourcesForAction(a.base.session, &ei, 4, &n, src), XR_SUCCESS);
    MX_CHECK(t, n == 2 && src[0] == path(a.base.instance, "/user/hand/left/input/thumbstick/dpad_up"));
    XrInputSourceLocalizedNameGetInfo li = {.type = XR_TYPE_INPUT_SOURCE_LOCALIZED_NAME_GET_INFO, .sourcePath = src[0],
                                            .whichComponents = XR_INPUT_SOURCE_LOCALIZED_NAME_USER_PATH_BIT |
                                                               XR_INPUT_SOURCE_LOCALIZED_NAME_COMPONENT_BIT};
    char name[128] = "";
    MX_CHECK_RESULT(t, xrGetInputSourceLocalizedName(a.base.session, &li, sizeof name, &n, name), XR_SUCCESS);
    MX_CHECK(t, strcmp(name, "Left Hand Thumbstick Dpad Up") == 0);
    mx_test_app_stop(&a.base);
}

static const char g_index_script[] =
    "{\"timeline\": [\n"
    " {\"frame\": 10, \"input\": {\"/user/hand/left/input/trackpad/y\": 0.9, \"/user/hand/left/input/trackpad/force\": 0.6}},\n"
    " {\"frame\": 12, \"input\": {\"/user/hand/left/input/trackpad/force\": 0.9}},\n"
    " {\"frame\": 14, \"input\": {\"/user/hand/left/input/trackpad/force\": 0.3}},\n"
    " {\"frame\": 16, \"input\": {\"/user/hand/left/input/trackpad/force\": 0.1}},\n"
    " {\"frame\": 18, \"input\": {\"/user/hand/left/input/trackpad/y\": 0, \"/user/hand/left/input/trackpad/force\": 0.9}},\n"
    " {\"frame\": 20, \"input\": {\"/user/hand/right/input/trackpad/x\": -0.9, \"/user/hand/right/input/trackpad/force\": 0.45}}\n"
    "]}\n";

/* Index trackpads have a force but no click: the force with hysteresis engages the dpad, the centre region
 * is dpad_center; the right pad has no settings: the spec's defaults (0.5 / 0.4). */
static void test_trackpads(struct mx_test *t)
{
    setenv("MOCKXR_CONTROLLERS", "index", 1);
    MX_REQUIRE_RESULT(t, ext_use_script("ext_dpad_index.json", g_index_script) ? XR_SUCCESS : XR_ERROR_RUNTIME_FAILURE,
                      XR_SUCCESS);
    struct app a;
    const char *ext[] = {"XR_KHR_binding_modification", "XR_EXT_dpad_binding", NULL};
    MX_REQUIRE_RESULT(t, start(&a, ext), XR_SUCCESS);
    int acts[10];
    const char *paths[10];
    char storage[10][96];
    for (int h = 0; h < 2; h++) {
        for (int d = 0; d < 5; d++) {
            snprintf(storage[5 * h + d], sizeof storage[0], "/user/hand/%s/input/trackpad/%s", h ? "right" : "left",
                     g_dirs[d]);
            acts[5 * h + d] = d;
            paths[5 * h + d] = storage[5 * h + d];
        }
    }
    XrInteractionProfileDpadBindingEXT m = dpad(&a, "/user/hand/left/input/trackpad", 0.3f, 1.5707964f, false);
    MX_CHECK_RESULT(t, suggest(&a, INDEX, acts, paths, 10, &m, 1), XR_SUCCESS);
    MX_REQUIRE_RESULT(t, attach(&a), XR_SUCCESS);
    unsigned seen[24];
    for (int f = 0; f < 24; f++)
        seen[f] = frame_and_read(t, &a, f >= 20, NULL);
    MX_CHECK(t, seen[10] == 0);                 /* force 0.6 < 0.8: not pressed */
    MX_CHECK(t, seen[12] == 1u << UP);          /* 0.9: pressed */
    MX_CHECK(t, seen[14] == 1u << UP);          /* 0.3: still above the release threshold 0.2 */
    MX_CHECK(t, seen[16] == 0);                 /* 0.1: released */
    MX_CHECK(t, seen[18] == 1u << CENTER);      /* pressed in the centre */
    MX_CHECK(t, seen[20] == 0);                 /* defaults: 0.45 < 0.5 does not press */
    mx_test_app_stop(&a.base);
    unsetenv("MOCKXR_CONTROLLERS");
}

int main(int argc, char **argv)
{
    struct mx_test t;
    mx_test_init(&t, argc, argv);
    mx_test_reset_env();
    if (!t.clean)
        test_without(&t);
    test_thumbsticks(&t);
    test_trackpads(&t);
    return mx_test_finish(&t, "ext_dpad");
}
