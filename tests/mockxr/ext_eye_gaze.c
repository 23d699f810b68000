/* XR_EXT_eye_gaze_interaction through the real loader: the profile and /user/eyes_ext only when enabled, the
 * gaze pose following the head (located in VIEW: identity), the script's yaw / pitch / tracked, the sample
 * time, the profile next to a controller's, bound sources and names, and the report's "gaze". */
#include "ext_util.h"

#define REPORT "ext_eye_gaze_report.jsonl"
#define PROFILE "/interaction_profiles/ext/eye_gaze_interaction"
#define GAZE "/user/eyes_ext/input/gaze_ext/pose"

static const char g_script[] =
    "{\"timeline\": [\n"
    " {\"frame\": 10, \"gaze\": {\"yaw\": 30, \"pitch\": -10}},\n"
    " {\"frame\": 20, \"gaze\": {\"tracked\": false}},\n"
    " {\"frame\": 30, \"gaze\": {\"tracked\": true, \"yaw\": 0}, \"head\": {\"position\": [0, 1.6, 0],\n"
    "   \"orientation\": [0, 0.7071068, 0, 0.7071068]}},\n"
    " {\"frame\": 35, \"input\": {\"/user/hand/left/input/select/click\": true}}\n"
    "]}\n";

static XrPath path(XrInstance inst, const char *s)
{
    XrPath p = XR_NULL_PATH;
    xrStringToPath(inst, s, &p);
    return p;
}

static XrAction action(XrInstance inst, XrActionSet set, const char *name, XrActionType type, uint32_t n_sub,
                       const XrPath *sub)
{
    XrActionCreateInfo ci = {.type = XR_TYPE_ACTION_CREATE_INFO, .actionType = type, .countSubactionPaths = n_sub,
                             .subactionPaths = sub};
    snprintf(ci.actionName, sizeof ci.actionName, "%s", name);
    snprintf(ci.localizedActionName, sizeof ci.localizedActionName, "%s", name);
    XrAction a = XR_NULL_HANDLE;
    xrCreateAction(set, &ci, &a);
    return a;
}

static XrResult suggest(XrInstance inst, const char *profile, XrAction a, const char *binding)
{
    XrActionSuggestedBinding b = {a, path(inst, binding)};
    XrInteractionProfileSuggestedBinding sb = {.type = XR_TYPE_INTERACTION_PROFILE_SUGGESTED_BINDING,
                                               .interactionProfile = path(inst, profile),
                                               .countSuggestedBindings = 1, .suggestedBindings = &b};
    return xrSuggestInteractionProfileBindings(inst, &sb);
}

static XrActionSet action_set(XrInstance inst)
{
    XrActionSetCreateInfo ci = {.type = XR_TYPE_ACTION_SET_CREATE_INFO};
    strcpy(ci.actionSetName, "gameplay");
    strcpy(ci.localizedActionSetName, "Gameplay");
    XrActionSet set = XR_NULL_HANDLE;
    xrCreateActionSet(inst, &ci, &set);
    return set;
}

/* Without the extension neither the profile nor /user/eyes_ext exist. */
static void test_not_enabled(struct mx_test *t)
{
    XrInstance inst;
    MX_REQUIRE_RESULT(t, mx_test_create_instance(NULL, &inst), XR_SUCCESS);
    XrActionSet set = action_set(inst);
    XrAction pose = action(inst, set, "gaze", XR_ACTION_TYPE_POSE_INPUT, 0, NULL);
    MX_CHECK_RESULT(t, suggest(inst, PROFILE, pose, GAZE), XR_ERROR_PATH_UNSUPPORTED);
    XrPath eyes = path(inst, "/user/eyes_ext");
    MX_CHECK(t, action(inst, set, "with_eyes", XR_ACTION_TYPE_POSE_INPUT, 1, &eyes) == XR_NULL_HANDLE);
    XrSystemId sys;
    MX_REQUIRE_RESULT(t, mx_test_get_system(inst, &sys), XR_SUCCESS);
    XrSystemEyeGazeInteractionPropertiesEXT ep = {.type = XR_TYPE_SYSTEM_EYE_GAZE_INTERACTION_PROPERTIES_EXT};
    XrSystemProperties sp = {.type = XR_TYPE_SYSTEM_PROPERTIES, .next = &ep};
    MX_CHECK_RESULT(t, xrGetSystemProperties(inst, sys, &sp), XR_SUCCESS);
    MX_CHECK(t, ep.supportsEyeGazeInteraction == XR_FALSE);
    xrDestroyInstance(inst);
}

/* The gaze space located in VIEW at time `time`; returns its flags. */
static XrSpaceLocationFlags locate(XrSpace gaze, XrSpace view, XrTime time, XrPosef *out, XrTime *out_sample)
{
    XrEyeGazeSampleTimeEXT sample = {.type = XR_TYPE_EYE_GAZE_SAMPLE_TIME_EXT, .time = -1};
    XrSpaceLocation loc = {.type = XR_TYPE_SPACE_LOCATION, .next = &sample};
    if (xrLocateSpace(gaze, view, time, &loc) != XR_SUCCESS)
        return 0xdead;
    *out = loc.pose;
    *out_sample = sample.time;
    return loc.locationFlags;
}

/* -Z of a pose's orientation. */
static XrVector3f forward(XrQuaternionf q)
{
    return (XrVector3f){-2.0f * (q.x * q.z + q.w * q.y), -2.0f * (q.y * q.z - q.w * q.x),
                        -(1.0f - 2.0f * (q.x * q.x + q.y * q.y))};
}

struct fixture {
    struct mx_test_app app;
    XrActionSet set;
    XrAction gaze, confirm;
    XrSpace gaze_space, view, local;
};

static XrResult sync_actions(struct fixture *fx)
{
    XrActiveActionSet active = {fx->set, XR_NULL_PATH};
    XrActionsSyncInfo si = {.type = XR_TYPE_ACTIONS_SYNC_INFO, .countActiveActionSets = 1, .activeActionSets = &active};
    return xrSyncActions(fx->app.session, &si);
}

static bool pose_active(struct fixture *fx, XrAction a)
{
    XrActionStateGetInfo gi = {.type = XR_TYPE_ACTION_STATE_GET_INFO, .action = a};
    XrActionStatePose st = {.type = XR_TYPE_ACTION_STATE_POSE};
    return xrGetActionStatePose(fx->app.session, &gi, &st) == XR_SUCCESS && st.isActive;
}

static void setup(struct mx_test *t, struct fixture *fx)
{
    const char *ext[] = {"XR_EXT_eye_gaze_interaction", NULL};
    MX_REQUIRE_RESULT(t, mx_test_app_start(&fx->app, ext), XR_SUCCESS);
    XrInstance inst = fx->app.instance;
    XrSystemEyeGazeInteractionPropertiesEXT ep = {.type = XR_TYPE_SYSTEM_EYE_GAZE_INTERACTION_PROPERTIES_EXT};
    XrSystemProperties sp = {.type = XR_TYPE_SYSTEM_PROPERTIES, .next = &ep};
    MX_CHECK_RESULT(t, xrGetSystemProperties(inst, fx->app.system, &sp), XR_SUCCESS);
    MX_CHECK(t, ep.supportsEyeGazeInteraction == XR_TRUE);
    fx->set = action_set(inst);
    XrPath eyes = path(inst, "/user/eyes_ext");
    fx->gaze = action(inst, fx->set, "user_intent", XR_ACTION_TYPE_POSE_INPUT, 1, &eyes);
    fx->confirm = action(inst, fx->set, "user_confirm", XR_ACTION_TYPE_BOOLEAN_INPUT, 0, NULL);
    MX_REQUIRE_RESULT(t, fx->gaze && fx->confirm ? XR_SUCCESS : XR_ERROR_RUNTIME_FAILURE, XR_SUCCESS);
    if (!t->clean) { /* the eyes have one input only; a hand path is no eye path */
        MX_CHECK_RESULT(t, suggest(inst, PROFILE, fx->gaze, "/user/eyes_ext/input/select/click"), XR_ERROR_PATH_UNSUPPORTED);
        MX_CHECK_RESULT(t, suggest(inst, PROFILE, fx->gaze, "/user/hand/left/input/gaze_ext/pose"),
                        XR_ERROR_PATH_UNSUPPORTED);
    }
    MX_CHECK_RESULT(t, suggest(inst, PROFILE, fx->gaze, GAZE), XR_SUCCESS);
    MX_CHECK_RESULT(t, suggest(inst, "/interaction_profiles/khr/simple_controller", fx->confirm,
                               "/user/hand/left/input/select/click"), XR_SUCCESS);
    XrSessionActionSetsAttachInfo ai = {.type = XR_TYPE_SESSION_ACTION_SETS_ATTACH_INFO, .countActionSets = 1,
                                        .actionSets = &fx->set};
    MX_CHECK_RESULT(t, xrAttachSessionActionSets(fx->app.session, &ai), XR_SUCCESS);
    XrActionSpaceCreateInfo asi = {.type = XR_TYPE_ACTION_SPACE_CREATE_INFO, .action = fx->gaze,
                                   .poseInActionSpace = {.orientation = {0, 0, 0, 1}}};
    MX_CHECK_RESULT(t, xrCreateActionSpace(fx->app.session, &asi, &fx->gaze_space), XR_SUCCESS);
    XrReferenceSpaceCreateInfo rs = {.type = XR_TYPE_REFERENCE_SPACE_CREATE_INFO,
                                     .referenceSpaceType = XR_REFERENCE_SPACE_TYPE_VIEW,
                                     .poseInReferenceSpace = {.orientation = {0, 0, 0, 1}}};
    MX_CHECK_RESULT(t, xrCreateReferenceSpace(fx->app.session, &rs, &fx->view), XR_SUCCESS);
    rs.referenceSpaceType = XR_REFERENCE_SPACE_TYPE_LOCAL;
    MX_CHECK_RESULT(t, xrCreateReferenceSpace(fx->app.session, &rs, &fx->local), XR_SUCCESS);
}

/* Runs frames up to run frame `frame` (exclusive), polling; returns the last predicted display time. */
static XrTime run_to(struct mx_test *t, struct fixture *fx, int *io_frame, int frame)
{
    XrFrameState fs = {0};
    for (; *io_frame < frame; (*io_frame)++)
        MX_CHECK_RESULT(t, mx_test_frame(fx->app.session, &fs), XR_SUCCESS);
    struct ext_events ev = {0};
    ext_poll(fx->app.instance, XR_TYPE_EVENT_DATA_INTERACTION_PROFILE_CHANGED, &ev);
    return fs.predictedDisplayTime;
}

static void test_gaze(struct mx_test *t, struct fixture *fx)
{
    XrPosef pose;
    XrTime sample;
    int frame = 0;
    XrTime time = run_to(t, fx, &frame, 5);
    MX_CHECK_RESULT(t, sync_actions(fx), XR_SUCCESS);
    MX_CHECK(t, pose_active(fx, fx->gaze));
    XrInteractionProfileState ps = {.type = XR_TYPE_INTERACTION_PROFILE_STATE};
    MX_CHECK_RESULT(t, xrGetCurrentInteractionProfile(fx->app.session, path(fx->app.instance, "/user/eyes_ext"), &ps),
                    XR_SUCCESS);
    MX_CHECK(t, ps.interactionProfile == path(fx->app.instance, PROFILE));
    /* straight ahead from between the eyes: the VIEW space itself, sampled at the time asked for */
    XrSpaceLocationFlags flags = locate(fx->gaze_space, fx->view, time, &pose, &sample);
    MX_CHECK(t, flags == 0xf && sample == time);
    MX_CHECK(t, ext_dist(pose.position, (XrVector3f){0, 0, 0}) < 1e-5f && ext_near(pose.orientation.w, 1.0f, 1e-5f));
    XrSpaceLocation loc = {.type = XR_TYPE_SPACE_LOCATION};
    XrEyeGazeSampleTimeEXT other = {.type = XR_TYPE_EYE_GAZE_SAMPLE_TIME_EXT, .time = -1};
    loc.next = &other;
    MX_CHECK_RESULT(t, xrLocateSpace(fx->view, fx->local, time, &loc), XR_SUCCESS);
    MX_CHECK(t, other.time == 0); /* not a gaze: no sample time */

    time = run_to(t, fx, &frame, 15); /* 30 degrees left, 10 down */
    MX_CHECK_RESULT(t, sync_actions(fx), XR_SUCCESS);
    flags = locate(fx->gaze_space, fx->view, time, &pose, &sample);
    XrVector3f dir = forward(pose.orientation);
    MX_CHECK(t, flags == 0xf && ext_near(dir.y, -sinf(10.0f * 3.14159265f / 180.0f), 1e-4f));
    MX_CHECK(t, ext_near(atan2f(-dir.x, -dir.z) * 180.0f / 3.14159265f, 30.0f, 0.01f));

    time = run_to(t, fx, &frame, 25); /* eyes lost: inactive, not locatable */
    MX_CHECK_RESULT(t, sync_actions(fx), XR_SUCCESS);
    MX_CHECK(t, !pose_active(fx, fx->gaze));
    MX_CHECK(t, locate(fx->gaze_space, fx->view, time, &pose, &sample) == 0 && sample == 0);

    time = run_to(t, fx, &frame, 36); /* found again, yaw 0, pitch still -10; the head turned 90 degrees left */
    MX_CHECK_RESULT(t, sync_actions(fx), XR_SUCCESS);
    MX_CHECK(t, pose_active(fx, fx->gaze));
    flags = locate(fx->gaze_space, fx->local, time, &pose, &sample);
    dir = forward(pose.orientation);
    MX_CHECK(t, flags == 0xf && ext_near(dir.x, -cosf(10.0f * 3.14159265f / 180.0f), 1e-4f) && ext_near(dir.z, 0.0f, 1e-4f));
    XrActionStateGetInfo gi = {.type = XR_TYPE_ACTION_STATE_GET_INFO, .action = fx->confirm};
    XrActionStateBoolean b = {.type = XR_TYPE_ACTION_STATE_BOOLEAN};
    MX_CHECK_RESULT(t, xrGetActionStateBoolean(fx->app.session, &gi, &b), XR_SUCCESS);
    MX_CHECK(t, b.isActive && b.currentState); /* the controller's binding works next to the eyes' */
}

static void test_sources(struct mx_test *t, struct fixture *fx)
{
    XrBoundSourcesForActionEnumerateInfo ei = {.type = XR_TYPE_BOUND_SOURCES_FOR_ACTION_ENUMERATE_INFO,
                                               .action = fx->gaze};
    XrPath src[4];
    uint32_t n = 0;
    MX_CHECK_RESULT(t, xrEnumerateBoundSourcesForAction(fx->app.session, &ei, 4, &n, src), XR_SUCCESS);
    MX_CHECK(t, n == 1 && src[0] == path(fx->app.instance, GAZE));
    XrInputSourceLocalizedNameGetInfo li = {.type = XR_TYPE_INPUT_SOURCE_LOCALIZED_NAME_GET_INFO, .sourcePath = src[0],
                                            .whichComponents = XR_INPUT_SOURCE_LOCALIZED_NAME_USER_PATH_BIT |
                                                               XR_INPUT_SOURCE_LOCALIZED_NAME_INTERACTION_PROFILE_BIT |
                                                               XR_INPUT_SOURCE_LOCALIZED_NAME_COMPONENT_BIT};
    char name[128];
    MX_CHECK_RESULT(t, xrGetInputSourceLocalizedName(fx->app.session, &li, sizeof name, &n, name), XR_SUCCESS);
    MX_CHECK(t, strcmp(name, "Eyes Eye Gaze Interaction Gaze Ext Pose") == 0);
}

int main(int argc, char **argv)
{
    struct mx_test t;
    mx_test_init(&t, argc, argv);
    mx_test_reset_env();
    setenv("MOCKXR_CONTROLLERS", "simple", 1);
    if (!t.clean)
        test_not_enabled(&t);
    MX_REQUIRE_RESULT(&t, ext_use_script("ext_eye_gaze.json", g_script) ? XR_SUCCESS : XR_ERROR_RUNTIME_FAILURE,
                      XR_SUCCESS);
    setenv("MOCKXR_REPORT", REPORT, 1);
    struct fixture fx;
    setup(&t, &fx);
    test_gaze(&t, &fx);
    test_sources(&t, &fx);
    mx_test_app_stop(&fx.app);
    char line[8192];
    MX_CHECK(&t, ext_report_line(REPORT, "\"frame\":15,", line, sizeof line) &&
                     strstr(line, "\"gaze\":{\"tracked\":1,\"yaw\":30.00,\"pitch\":-10.00}"));
    MX_CHECK(&t, ext_report_line(REPORT, "\"frame\":25,", line, sizeof line) &&
                     strstr(line, "\"gaze\":{\"tracked\":0,"));
    unsetenv("MOCKXR_REPORT");
    return mx_test_finish(&t, "ext_eye_gaze");
}
