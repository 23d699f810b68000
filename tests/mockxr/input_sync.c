/* mockxr conformance, through the loader: xrSyncActions and state rules — focus, scripted input with
 * changedSinceLastSync/lastChangeTime, subaction filtering, type mismatches, priorities, haptics errors,
 * no binding for the simulated profile, MOCKXR_CONTROLLERS=none. */
#include <stdlib.h>

#include "input_util.h"

/* Frames count from 0 at the first xrWaitFrame; the session is focused after a few of them. */
static const char script_press[] =
    "{\"timeline\": ["
    "{\"frame\": 10, \"input\": {\"/user/hand/right/input/trigger/value\": 0.75,"
    " \"/user/hand/left/input/thumbstick/x\": 0.5, \"/user/hand/left/input/thumbstick/y\": -1}},"
    "{\"frame\": 15, \"input\": {\"/user/hand/right/input/a/click\": 1}},"
    "{\"frame\": 25, \"input\": {\"/user/hand/right/input/a/click\": 0}}]}\n";
static const char script_focus[] = "{\"timeline\": [{\"frame\": 12, \"fault\": \"focus_loss\"},"
                                   " {\"frame\": 14, \"input\": {\"/user/hand/right/input/a/click\": 1}},"
                                   " {\"frame\": 20, \"fault\": \"focus_regain\"}]}\n";

static const char script_pose[] =
    "{\"timeline\": [{\"frame\": 0, \"left\": {\"position\": [0.1, 1.0, -0.3], \"orientation\": [0, 0, 0, 1]},"
    " \"right\": {\"position\": [0.3, 1.2, -0.4], \"orientation\": [0, 0.7071068, 0, 0.7071068]}}]}\n";

struct fixture {
    XrInstance inst;
    XrSession s;
    XrActionSet set;
    XrAction press, value, stick, pose, buzz, plain;
    XrPath left, right;
};

/* Writes the script and points MOCKXR_SCRIPT at it (read by xrCreateInstance). */
static void use_script(const char *text)
{
    const char *file = "mockxr_input_sync_script.json";
    FILE *f = fopen(file, "w");
    IX_CHECK(f != NULL, "cannot write %s", file);
    if (f) {
        fputs(text, f);
        fclose(f);
        setenv("MOCKXR_SCRIPT", file, 1);
    }
}

static void fixture_open(struct fixture *fx, const char *controllers, bool bind_touch)
{
    setenv("MOCKXR_CONTROLLERS", controllers, 1);
    fx->inst = ix_instance_create();
    fx->s = ix_session_create(fx->inst);
    fx->left = ix_path(fx->inst, "/user/hand/left");
    fx->right = ix_path(fx->inst, "/user/hand/right");
    fx->set = ix_action_set(fx->inst, "play", 0);
    fx->press = ix_action(fx->inst, fx->set, "press", XR_ACTION_TYPE_BOOLEAN_INPUT, true);
    fx->value = ix_action(fx->inst, fx->set, "value", XR_ACTION_TYPE_FLOAT_INPUT, true);
    fx->stick = ix_action(fx->inst, fx->set, "stick", XR_ACTION_TYPE_VECTOR2F_INPUT, true);
    fx->pose = ix_action(fx->inst, fx->set, "pose", XR_ACTION_TYPE_POSE_INPUT, true);
    fx->buzz = ix_action(fx->inst, fx->set, "buzz", XR_ACTION_TYPE_VIBRATION_OUTPUT, true);
    fx->plain = ix_action(fx->inst, fx->set, "plain", XR_ACTION_TYPE_BOOLEAN_INPUT, false);
    XrAction acts[8] = {fx->press, fx->press, fx->value, fx->stick, fx->pose, fx->pose, fx->buzz, fx->plain};
    const char *touch[8] = {"/user/hand/left/input/x/click",   "/user/hand/right/input/a/click",
                            "/user/hand/right/input/trigger",  "/user/hand/left/input/thumbstick",
                            "/user/hand/left/input/grip/pose", "/user/hand/right/input/grip/pose",
                            "/user/hand/right/output/haptic",  "/user/hand/right/input/trigger/value"};
    const char *vive[2] = {"/user/hand/left/input/trigger/click", "/user/hand/right/input/trigger/click"};
    if (bind_touch) {
        IX_EXPECT(fx->inst, ix_suggest(fx->inst, "/interaction_profiles/oculus/touch_controller", acts, touch, 8),
                  XR_SUCCESS);
    }
    IX_EXPECT(fx->inst, ix_suggest(fx->inst, "/interaction_profiles/htc/vive_controller", acts, vive, 2), XR_SUCCESS);
    IX_EXPECT(fx->inst, ix_attach(fx->s, &fx->set, 1), XR_SUCCESS);
}

static void fixture_close(struct fixture *fx)
{
    IX_EXPECT(fx->inst, xrDestroySession(fx->s), XR_SUCCESS);
    IX_EXPECT(fx->inst, xrDestroyInstance(fx->inst), XR_SUCCESS);
    unsetenv("MOCKXR_SCRIPT");
}

static XrActionStateBoolean get_bool(struct fixture *fx, XrAction a, XrPath sub)
{
    XrActionStateGetInfo gi = {.type = XR_TYPE_ACTION_STATE_GET_INFO, .action = a, .subactionPath = sub};
    XrActionStateBoolean b = {.type = XR_TYPE_ACTION_STATE_BOOLEAN};
    IX_EXPECT(fx->inst, xrGetActionStateBoolean(fx->s, &gi, &b), XR_SUCCESS);
    return b;
}

/* Errors that need no running session. */
static void test_errors(void)
{
    struct fixture fx;
    fixture_open(&fx, "touch", true);
    XrActionStateGetInfo gi = {.type = XR_TYPE_ACTION_STATE_GET_INFO, .action = fx.press};
    XrActionStateFloat f = {.type = XR_TYPE_ACTION_STATE_FLOAT};
    XrActionStateVector2f v = {.type = XR_TYPE_ACTION_STATE_VECTOR2F};
    XrActionStatePose p = {.type = XR_TYPE_ACTION_STATE_POSE};
    XrActionStateBoolean b = {.type = XR_TYPE_ACTION_STATE_BOOLEAN};
    IX_EXPECT(fx.inst, xrGetActionStateFloat(fx.s, &gi, &f), XR_ERROR_ACTION_TYPE_MISMATCH);
    IX_EXPECT(fx.inst, xrGetActionStateVector2f(fx.s, &gi, &v), XR_ERROR_ACTION_TYPE_MISMATCH);
    IX_EXPECT(fx.inst, xrGetActionStatePose(fx.s, &gi, &p), XR_ERROR_ACTION_TYPE_MISMATCH);
    gi.action = fx.buzz;
    IX_EXPECT(fx.inst, xrGetActionStateBoolean(fx.s, &gi, &b), XR_ERROR_ACTION_TYPE_MISMATCH);
    XrHapticVibration vib = {.type = XR_TYPE_HAPTIC_VIBRATION, .amplitude = 1.0f, .duration = 1000000};
    XrHapticActionInfo hi = {.type = XR_TYPE_HAPTIC_ACTION_INFO, .action = fx.press};
    IX_EXPECT(fx.inst, xrApplyHapticFeedback(fx.s, &hi, (const XrHapticBaseHeader *)&vib),
              XR_ERROR_ACTION_TYPE_MISMATCH);
    IX_EXPECT(fx.inst, xrStopHapticFeedback(fx.s, &hi), XR_ERROR_ACTION_TYPE_MISMATCH);
    XrActionSpaceCreateInfo aci = {.type = XR_TYPE_ACTION_SPACE_CREATE_INFO,
                                   .action = fx.press,
                                   .poseInActionSpace = {.orientation = {0, 0, 0, 1}}};
    XrSpace sp;
    IX_EXPECT(fx.inst, xrCreateActionSpace(fx.s, &aci, &sp), XR_ERROR_ACTION_TYPE_MISMATCH);
    /* Subaction paths not declared on the action. */
    gi.action = fx.press;
    gi.subactionPath = ix_path(fx.inst, "/user/gamepad");
    IX_EXPECT(fx.inst, xrGetActionStateBoolean(fx.s, &gi, &b), XR_ERROR_PATH_UNSUPPORTED);
    gi.action = fx.plain;
    gi.subactionPath = fx.left;
    IX_EXPECT(fx.inst, xrGetActionStateBoolean(fx.s, &gi, &b), XR_ERROR_PATH_UNSUPPORTED);
    hi.action = fx.buzz;
    hi.subactionPath = ix_path(fx.inst, "/user/head");
    IX_EXPECT(fx.inst, xrApplyHapticFeedback(fx.s, &hi, (const XrHapticBaseHeader *)&vib), XR_ERROR_PATH_UNSUPPORTED);
    aci.action = fx.pose;
    aci.subactionPath = ix_path(fx.inst, "/user/head");
    IX_EXPECT(fx.inst, xrCreateActionSpace(fx.s, &aci, &sp), XR_ERROR_PATH_UNSUPPORTED);
    IX_EXPECT(fx.inst, ix_sync(fx.s, fx.set, ix_path(fx.inst, "/user/head")), XR_ERROR_PATH_UNSUPPORTED);
    /* Not focused yet (IDLE/READY): XR_SESSION_NOT_FOCUSED, every state inactive. */
    IX_EXPECT(fx.inst, ix_sync(fx.s, fx.set, XR_NULL_PATH), XR_SESSION_NOT_FOCUSED);
    b = get_bool(&fx, fx.press, XR_NULL_PATH);
    IX_CHECK(!b.isActive && !b.currentState && b.lastChangeTime == 0, "inactive while not focused");
    XrInteractionProfileState ps = {.type = XR_TYPE_INTERACTION_PROFILE_STATE};
    IX_EXPECT(fx.inst, xrGetCurrentInteractionProfile(fx.s, fx.left, &ps), XR_SUCCESS);
    IX_CHECK(ps.interactionProfile == XR_NULL_PATH, "no profile for a session that is not running");
    fixture_close(&fx);
}

/* Scripted presses: rising edge seen once with changedSinceLastSync, subaction filtering. */
static void test_scripted_input(void)
{
    use_script(script_press);
    struct fixture fx;
    fixture_open(&fx, "touch", true);
    int changes = 0;
    XrSessionState st = ix_run_until(fx.inst, fx.s, XR_SESSION_STATE_FOCUSED, 30, &changes);
    IX_CHECK(st == XR_SESSION_STATE_FOCUSED, "state %d", (int)st);
    int rising = 0, falling = 0, frames_on = 0;
    XrTime last_change = 0;
    for (int frame = 0; frame < 40; frame++) {
        ix_frame(fx.inst, fx.s, NULL);
        IX_EXPECT(fx.inst, ix_sync(fx.s, fx.set, XR_NULL_PATH), XR_SUCCESS);
        XrActionStateBoolean any = get_bool(&fx, fx.press, XR_NULL_PATH);
        XrActionStateBoolean l = get_bool(&fx, fx.press, fx.left);
        XrActionStateBoolean r = get_bool(&fx, fx.press, fx.right);
        IX_CHECK(any.isActive && l.isActive && r.isActive, "frame %d: inactive", frame);
        IX_CHECK(!l.currentState, "frame %d: left pressed but only the right a/click is scripted", frame);
        IX_CHECK(any.currentState == r.currentState, "frame %d: any %d right %d", frame, any.currentState,
                 r.currentState);
        rising += any.changedSinceLastSync && any.currentState;
        falling += any.changedSinceLastSync && !any.currentState;
        frames_on += any.currentState;
        if (any.changedSinceLastSync) {
            IX_CHECK(any.lastChangeTime > last_change, "lastChangeTime did not move on a change");
            last_change = any.lastChangeTime;
        }
    }
    IX_CHECK(rising == 1 && falling == 1 && frames_on > 0, "rising %d falling %d on %d", rising, falling, frames_on);
    /* The scripted trigger value reads through the float action and the thresholded boolean. */
    XrActionStateGetInfo gi = {.type = XR_TYPE_ACTION_STATE_GET_INFO, .action = fx.value};
    XrActionStateFloat f = {.type = XR_TYPE_ACTION_STATE_FLOAT};
    IX_EXPECT(fx.inst, xrGetActionStateFloat(fx.s, &gi, &f), XR_SUCCESS);
    IX_CHECK(f.isActive && f.currentState > 0.7f && f.currentState < 0.8f, "trigger value %f", (double)f.currentState);
    XrActionStateBoolean plain = get_bool(&fx, fx.plain, XR_NULL_PATH);
    IX_CHECK(plain.isActive && plain.currentState, "thresholded trigger");
    gi.action = fx.stick;
    XrActionStateVector2f v = {.type = XR_TYPE_ACTION_STATE_VECTOR2F};
    IX_EXPECT(fx.inst, xrGetActionStateVector2f(fx.s, &gi, &v), XR_SUCCESS);
    IX_CHECK(v.isActive && v.currentState.x == 0.5f && v.currentState.y == -1.0f, "stick %f %f",
             (double)v.currentState.x, (double)v.currentState.y);
    /* Syncing only the left hand deactivates the right-only bindings. */
    IX_EXPECT(fx.inst, ix_sync(fx.s, fx.set, fx.left), XR_SUCCESS);
    XrActionStateBoolean r = get_bool(&fx, fx.press, fx.right);
    IX_CHECK(!r.isActive, "right active while only the left hand is synced");
    gi.action = fx.value;
    IX_EXPECT(fx.inst, xrGetActionStateFloat(fx.s, &gi, &f), XR_SUCCESS);
    IX_CHECK(!f.isActive, "right trigger active while only the left hand is synced");
    fixture_close(&fx);
}

/* Focus taken away by the script: sync says NOT_FOCUSED and everything is inactive until it returns. */
static void test_focus_loss(void)
{
    use_script(script_focus);
    struct fixture fx;
    fixture_open(&fx, "touch", true);
    XrSessionState st = ix_run_until(fx.inst, fx.s, XR_SESSION_STATE_FOCUSED, 30, NULL);
    IX_CHECK(st == XR_SESSION_STATE_FOCUSED, "state %d", (int)st);
    int not_focused = 0, focused_again = 0;
    for (int frame = 0; frame < 40; frame++) {
        ix_frame(fx.inst, fx.s, NULL);
        st = ix_poll(fx.inst, st, NULL);
        XrResult r = ix_sync(fx.s, fx.set, XR_NULL_PATH);
        XrActionStateBoolean b = get_bool(&fx, fx.press, XR_NULL_PATH);
        if (st == XR_SESSION_STATE_FOCUSED) {
            IX_CHECK(r == XR_SUCCESS && b.isActive, "frame %d focused: %s active %d", frame, ix_result(fx.inst, r),
                     b.isActive);
            /* Pressed while unfocused: back in focus it reads pressed, but not as a change (it was inactive). */
            if (not_focused > 0 && focused_again == 0) {
                IX_CHECK(b.currentState && !b.changedSinceLastSync && b.lastChangeTime > 0,
                         "first focused sync: state %d changed %d", b.currentState, b.changedSinceLastSync);
            }
            focused_again += not_focused > 0;
        } else {
            IX_CHECK(r == XR_SESSION_NOT_FOCUSED && !b.isActive, "frame %d state %d: %s active %d", frame, (int)st,
                     ix_result(fx.inst, r), b.isActive);
            not_focused++;
        }
    }
    IX_CHECK(not_focused > 0 && focused_again > 0, "not focused %d, focused again %d", not_focused, focused_again);
    fixture_close(&fx);
}

/* Without bindings for the simulated profile (or without controllers) nothing is bound. */
static void test_unbound(const char *controllers, bool bind_touch)
{
    struct fixture fx;
    fixture_open(&fx, controllers, bind_touch);
    int changes = 0;
    XrSessionState st = ix_run_until(fx.inst, fx.s, XR_SESSION_STATE_FOCUSED, 30, &changes);
    IX_EXPECT(fx.inst, ix_sync(fx.s, fx.set, XR_NULL_PATH),
              st == XR_SESSION_STATE_FOCUSED ? XR_SUCCESS : XR_SESSION_NOT_FOCUSED);
    ix_poll(fx.inst, st, &changes);
    IX_CHECK(changes == 0, "%s: profile changed", controllers);
    XrInteractionProfileState ps = {.type = XR_TYPE_INTERACTION_PROFILE_STATE};
    IX_EXPECT(fx.inst, xrGetCurrentInteractionProfile(fx.s, fx.right, &ps), XR_SUCCESS);
    IX_CHECK(ps.interactionProfile == XR_NULL_PATH, "%s: a current profile", controllers);
    XrActionStateBoolean b = get_bool(&fx, fx.press, XR_NULL_PATH);
    IX_CHECK(!b.isActive, "%s: bound", controllers);
    XrBoundSourcesForActionEnumerateInfo ei = {.type = XR_TYPE_BOUND_SOURCES_FOR_ACTION_ENUMERATE_INFO,
                                               .action = fx.press};
    uint32_t n = 99;
    IX_EXPECT(fx.inst, xrEnumerateBoundSourcesForAction(fx.s, &ei, 0, &n, NULL), XR_SUCCESS);
    IX_CHECK(n == 0, "%s: %u bound sources", controllers, n);
    fixture_close(&fx);
}

/* A higher-priority set bound to the same source hides the lower one's binding. */
static void test_priority(void)
{
    setenv("MOCKXR_CONTROLLERS", "index", 1);
    XrInstance inst = ix_instance_create();
    XrSession s = ix_session_create(inst);
    XrActionSet low = ix_action_set(inst, "low", 1), high = ix_action_set(inst, "high", 5);
    XrAction lo = ix_action(inst, low, "lo", XR_ACTION_TYPE_FLOAT_INPUT, false);
    XrAction lo2 = ix_action(inst, low, "lo2", XR_ACTION_TYPE_BOOLEAN_INPUT, false);
    XrAction hi = ix_action(inst, high, "hi", XR_ACTION_TYPE_BOOLEAN_INPUT, false);
    XrAction acts[3] = {lo, lo2, hi};
    const char *paths[3] = {"/user/hand/left/input/trigger/value", "/user/hand/left/input/a/click",
                            "/user/hand/left/input/trigger/click"};
    IX_EXPECT(inst, ix_suggest(inst, "/interaction_profiles/valve/index_controller", acts, paths, 3), XR_SUCCESS);
    XrActionSet sets[2] = {low, high};
    IX_EXPECT(inst, ix_attach(s, sets, 2), XR_SUCCESS);
    IX_CHECK(ix_run_until(inst, s, XR_SESSION_STATE_FOCUSED, 30, NULL) == XR_SESSION_STATE_FOCUSED, "focused");
    XrActiveActionSet active[2] = {{low, XR_NULL_PATH}, {high, XR_NULL_PATH}};
    XrActionsSyncInfo si = {.type = XR_TYPE_ACTIONS_SYNC_INFO, .countActiveActionSets = 2, .activeActionSets = active};
    IX_EXPECT(inst, xrSyncActions(s, &si), XR_SUCCESS);
    XrActionStateGetInfo gi = {.type = XR_TYPE_ACTION_STATE_GET_INFO, .action = lo};
    XrActionStateFloat f = {.type = XR_TYPE_ACTION_STATE_FLOAT};
    IX_EXPECT(inst, xrGetActionStateFloat(s, &gi, &f), XR_SUCCESS);
    IX_CHECK(!f.isActive, "lower-priority trigger binding still active");
    XrActionStateBoolean b = {.type = XR_TYPE_ACTION_STATE_BOOLEAN};
    gi.action = lo2;
    IX_EXPECT(inst, xrGetActionStateBoolean(s, &gi, &b), XR_SUCCESS);
    IX_CHECK(b.isActive, "other sources of the lower set are unaffected");
    gi.action = hi;
    IX_EXPECT(inst, xrGetActionStateBoolean(s, &gi, &b), XR_SUCCESS);
    IX_CHECK(b.isActive, "higher-priority binding inactive");
    /* With only the low set active, its binding comes back. */
    si.countActiveActionSets = 1;
    IX_EXPECT(inst, xrSyncActions(s, &si), XR_SUCCESS);
    gi.action = lo;
    IX_EXPECT(inst, xrGetActionStateFloat(s, &gi, &f), XR_SUCCESS);
    IX_CHECK(f.isActive, "lower-priority binding inactive when alone");
    IX_EXPECT(inst, xrDestroySession(s), XR_SUCCESS);
    IX_EXPECT(inst, xrDestroyInstance(inst), XR_SUCCESS);
}

/* Sums the "haptics" fields of the report's frame lines; *out_summary gets the summary's. */
static long report_haptics(const char *file, long *out_summary)
{
    FILE *f = fopen(file, "r");
    char line[8192];
    long sum = 0;
    *out_summary = -1;
    IX_CHECK(f != NULL, "no report %s", file);
    while (f && fgets(line, sizeof line, f)) {
        const char *h = strstr(line, "\"haptics\":");
        if (!h) {
            continue;
        }
        long v = strtol(h + strlen("\"haptics\":"), NULL, 10);
        if (strstr(line, "\"type\":\"summary\"")) {
            *out_summary = v;
        } else if (strstr(line, "\"type\":\"frame\"")) {
            sum += v;
        }
    }
    if (f) {
        fclose(f);
    }
    return sum;
}

/* Haptics reaching a bound output while focused are counted in the report; others are discarded. */
static void test_haptics(void)
{
    const char *report = "mockxr_input_sync_report.jsonl";
    setenv("MOCKXR_REPORT", report, 1);
    struct fixture fx;
    fixture_open(&fx, "touch", true);
    XrHapticVibration vib = {.type = XR_TYPE_HAPTIC_VIBRATION,
                             .amplitude = 0.8f,
                             .duration = 20000000,
                             .frequency = XR_FREQUENCY_UNSPECIFIED};
    XrHapticActionInfo hi = {.type = XR_TYPE_HAPTIC_ACTION_INFO, .action = fx.buzz};
    const XrHapticBaseHeader *h = (const XrHapticBaseHeader *)&vib;
    /* not running, so not focused: XR_SESSION_NOT_FOCUSED, discarded */
    IX_EXPECT(fx.inst, xrApplyHapticFeedback(fx.s, &hi, h), XR_SESSION_NOT_FOCUSED);
    IX_EXPECT(fx.inst, xrStopHapticFeedback(fx.s, &hi), XR_SESSION_NOT_FOCUSED);
    IX_CHECK(ix_run_until(fx.inst, fx.s, XR_SESSION_STATE_FOCUSED, 30, NULL) == XR_SESSION_STATE_FOCUSED, "focus");
    IX_EXPECT(fx.inst, ix_sync(fx.s, fx.set, XR_NULL_PATH), XR_SUCCESS);
    ix_frame(fx.inst, fx.s, NULL);
    IX_EXPECT(fx.inst, xrApplyHapticFeedback(fx.s, &hi, h), XR_SUCCESS); /* bound on the right */
    hi.subactionPath = fx.right;
    IX_EXPECT(fx.inst, xrApplyHapticFeedback(fx.s, &hi, h), XR_SUCCESS);
    IX_EXPECT(fx.inst, xrApplyHapticFeedback(fx.s, &hi, h), XR_SUCCESS);
    IX_EXPECT(fx.inst, xrStopHapticFeedback(fx.s, &hi), XR_SUCCESS);
    hi.subactionPath = fx.left;
    IX_EXPECT(fx.inst, xrApplyHapticFeedback(fx.s, &hi, h), XR_SUCCESS); /* nothing bound on the left */
    vib.amplitude = 1.5f;
    IX_EXPECT(fx.inst, xrApplyHapticFeedback(fx.s, &hi, h), XR_ERROR_VALIDATION_FAILURE);
    XrHapticVibration wrong = {.type = XR_TYPE_ACTION_STATE_FLOAT};
    IX_EXPECT(fx.inst, xrApplyHapticFeedback(fx.s, &hi, (const XrHapticBaseHeader *)&wrong),
              XR_ERROR_VALIDATION_FAILURE);
    ix_frame(fx.inst, fx.s, NULL);
    /* Focus gone (exit requested, VISIBLE polled): XR_SESSION_NOT_FOCUSED again, and nothing counts. */
    IX_EXPECT(fx.inst, xrRequestExitSession(fx.s), XR_SUCCESS);
    IX_CHECK(ix_poll(fx.inst, XR_SESSION_STATE_FOCUSED, NULL) == XR_SESSION_STATE_STOPPING, "stopping");
    hi.subactionPath = fx.right;
    vib.amplitude = 0.8f;
    IX_EXPECT(fx.inst, xrApplyHapticFeedback(fx.s, &hi, h), XR_SESSION_NOT_FOCUSED);
    IX_EXPECT(fx.inst, xrStopHapticFeedback(fx.s, &hi), XR_SESSION_NOT_FOCUSED);
    ix_frame(fx.inst, fx.s, NULL);
    fixture_close(&fx);
    unsetenv("MOCKXR_REPORT");
    long summary;
    long frames = report_haptics(report, &summary);
    IX_CHECK(frames == 3 && summary == 3, "report: frame lines sum %ld, summary %ld (want 3, 3)", frames, summary);
}

static XrSpaceLocation locate(struct fixture *fx, XrSpace space, XrSpace base, XrTime t)
{
    XrSpaceLocation loc = {.type = XR_TYPE_SPACE_LOCATION};
    IX_EXPECT(fx->inst, xrLocateSpace(space, base, t, &loc), XR_SUCCESS);
    return loc;
}

static bool near(float a, float b)
{
    return a - b < 1e-4f && b - a < 1e-4f;
}

/* Action spaces follow the script's controller poses (grip as is, aim 5 cm ahead); unbound or not yet
 * synced pose actions are not locatable. */
static void test_action_space(void)
{
    use_script(script_pose);
    struct fixture fx;
    fixture_open(&fx, "touch", true);
    XrReferenceSpaceCreateInfo rci = {.type = XR_TYPE_REFERENCE_SPACE_CREATE_INFO,
                                      .referenceSpaceType = XR_REFERENCE_SPACE_TYPE_STAGE,
                                      .poseInReferenceSpace = {.orientation = {0, 0, 0, 1}}};
    XrSpace stage, grip_l, grip_r, offset_r;
    IX_EXPECT(fx.inst, xrCreateReferenceSpace(fx.s, &rci, &stage), XR_SUCCESS);
    XrActionSpaceCreateInfo aci = {.type = XR_TYPE_ACTION_SPACE_CREATE_INFO,
                                   .action = fx.pose,
                                   .subactionPath = fx.left,
                                   .poseInActionSpace = {.orientation = {0, 0, 0, 1}}};
    IX_EXPECT(fx.inst, xrCreateActionSpace(fx.s, &aci, &grip_l), XR_SUCCESS);
    aci.subactionPath = fx.right;
    IX_EXPECT(fx.inst, xrCreateActionSpace(fx.s, &aci, &grip_r), XR_SUCCESS);
    aci.poseInActionSpace.position.z = -1.0f; /* 1 m along the right grip's -Z, which the script turned to -X */
    IX_EXPECT(fx.inst, xrCreateActionSpace(fx.s, &aci, &offset_r), XR_SUCCESS);
    IX_CHECK(ix_run_until(fx.inst, fx.s, XR_SESSION_STATE_FOCUSED, 30, NULL) == XR_SESSION_STATE_FOCUSED, "focus");
    XrTime t;
    ix_frame(fx.inst, fx.s, &t);
    XrSpaceLocation loc = locate(&fx, grip_l, stage, t);
    IX_CHECK(loc.locationFlags == 0, "located before the first sync: 0x%llx", (unsigned long long)loc.locationFlags);
    IX_EXPECT(fx.inst, ix_sync(fx.s, fx.set, XR_NULL_PATH), XR_SUCCESS);
    loc = locate(&fx, grip_l, stage, t);
    IX_CHECK((loc.locationFlags & XR_SPACE_LOCATION_POSITION_VALID_BIT) && near(loc.pose.position.x, 0.1f) &&
                 near(loc.pose.position.y, 1.0f) && near(loc.pose.position.z, -0.3f),
             "left grip at %f %f %f flags 0x%llx", (double)loc.pose.position.x, (double)loc.pose.position.y,
             (double)loc.pose.position.z, (unsigned long long)loc.locationFlags);
    loc = locate(&fx, offset_r, grip_r, t);
    IX_CHECK(near(loc.pose.position.z, -1.0f) && near(loc.pose.position.x, 0.0f), "offset in grip %f %f",
             (double)loc.pose.position.x, (double)loc.pose.position.z);
    loc = locate(&fx, offset_r, stage, t);
    IX_CHECK(near(loc.pose.position.x, 0.3f - 1.0f) && near(loc.pose.position.y, 1.2f) &&
                 near(loc.pose.position.z, -0.4f),
             "offset in stage %f %f %f", (double)loc.pose.position.x, (double)loc.pose.position.y,
             (double)loc.pose.position.z);
    /* Syncing only the left hand makes the right grip unlocatable. */
    IX_EXPECT(fx.inst, ix_sync(fx.s, fx.set, fx.left), XR_SUCCESS);
    loc = locate(&fx, grip_r, stage, t);
    IX_CHECK(loc.locationFlags == 0, "right grip located while its hand is not synced");
    IX_EXPECT(fx.inst, xrDestroySpace(offset_r), XR_SUCCESS);
    IX_EXPECT(fx.inst, xrDestroySpace(grip_r), XR_SUCCESS);
    /* The space outlives its action handle (spec: the action's resources stay while spaces use them). */
    IX_EXPECT(fx.inst, xrDestroyAction(fx.pose), XR_SUCCESS);
    loc = locate(&fx, grip_l, stage, t);
    IX_CHECK(loc.locationFlags & XR_SPACE_LOCATION_POSITION_VALID_BIT, "space lost with its action handle");
    IX_EXPECT(fx.inst, xrDestroySpace(grip_l), XR_SUCCESS);
    IX_EXPECT(fx.inst, xrDestroySpace(stage), XR_SUCCESS);
    fixture_close(&fx);
}

/* Binding queries: two-call idioms, parent paths as sources, names, and their errors. */
static void test_queries(void)
{
    struct fixture fx;
    fixture_open(&fx, "touch", true);
    XrInputSourceLocalizedNameGetInfo li = {.type = XR_TYPE_INPUT_SOURCE_LOCALIZED_NAME_GET_INFO,
                                            .sourcePath = ix_path(fx.inst, "/user/hand/left/input/thumbstick"),
                                            .whichComponents = XR_INPUT_SOURCE_LOCALIZED_NAME_COMPONENT_BIT};
    uint32_t n = 0;
    char name[64];
    IX_EXPECT(fx.inst, xrGetInputSourceLocalizedName(fx.s, &li, 0, &n, NULL),
              XR_ERROR_PATH_UNSUPPORTED); /* no profile yet */
    IX_CHECK(ix_run_until(fx.inst, fx.s, XR_SESSION_STATE_FOCUSED, 30, NULL) == XR_SESSION_STATE_FOCUSED, "focus");
    IX_EXPECT(fx.inst, ix_sync(fx.s, fx.set, XR_NULL_PATH), XR_SUCCESS);
    IX_EXPECT(fx.inst, xrGetInputSourceLocalizedName(fx.s, &li, 0, &n, NULL), XR_SUCCESS);
    IX_CHECK(n == strlen("Thumbstick") + 1, "name length %u", n);
    IX_EXPECT(fx.inst, xrGetInputSourceLocalizedName(fx.s, &li, 3, &n, name), XR_ERROR_SIZE_INSUFFICIENT);
    IX_EXPECT(fx.inst, xrGetInputSourceLocalizedName(fx.s, &li, sizeof name, &n, name), XR_SUCCESS);
    IX_CHECK(strcmp(name, "Thumbstick") == 0, "component name '%s'", name);
    li.whichComponents = XR_INPUT_SOURCE_LOCALIZED_NAME_USER_PATH_BIT;
    IX_EXPECT(fx.inst, xrGetInputSourceLocalizedName(fx.s, &li, sizeof name, &n, name), XR_SUCCESS);
    IX_CHECK(strcmp(name, "Left Hand") == 0, "user name '%s'", name);
    li.whichComponents = 0;
    IX_EXPECT(fx.inst, xrGetInputSourceLocalizedName(fx.s, &li, sizeof name, &n, name), XR_ERROR_VALIDATION_FAILURE);
    li.whichComponents = XR_INPUT_SOURCE_LOCALIZED_NAME_COMPONENT_BIT;
    li.sourcePath = ix_path(fx.inst, "/user/hand/left/input/a/click"); /* a is right-hand only */
    IX_EXPECT(fx.inst, xrGetInputSourceLocalizedName(fx.s, &li, sizeof name, &n, name), XR_ERROR_PATH_UNSUPPORTED);
    /* The vector2f action's source is the parent path. */
    XrBoundSourcesForActionEnumerateInfo ei = {.type = XR_TYPE_BOUND_SOURCES_FOR_ACTION_ENUMERATE_INFO,
                                               .action = fx.stick};
    XrPath src[4];
    IX_EXPECT(fx.inst, xrEnumerateBoundSourcesForAction(fx.s, &ei, 4, &n, src), XR_SUCCESS);
    IX_CHECK(n == 1 && src[0] == ix_path(fx.inst, "/user/hand/left/input/thumbstick"), "stick sources %u", n);
    ei.action = fx.press;
    IX_EXPECT(fx.inst, xrEnumerateBoundSourcesForAction(fx.s, &ei, 1, &n, src), XR_ERROR_SIZE_INSUFFICIENT);
    IX_CHECK(n == 2, "press needs %u", n);
    /* The shorthand ".../trigger" of a float action resolves to .../trigger/value. */
    ei.action = fx.value;
    IX_EXPECT(fx.inst, xrEnumerateBoundSourcesForAction(fx.s, &ei, 4, &n, src), XR_SUCCESS);
    IX_CHECK(n == 1 && src[0] == ix_path(fx.inst, "/user/hand/right/input/trigger/value"), "value sources %u", n);
    XrInteractionProfileState ps = {.type = XR_TYPE_INTERACTION_PROFILE_STATE};
    IX_EXPECT(fx.inst, xrGetCurrentInteractionProfile(fx.s, (XrPath)0x7fffffffull, &ps), XR_ERROR_PATH_INVALID);
    fixture_close(&fx);
}

/* A script may only set boolean/scalar inputs the simulated controllers have: anything else fails
 * xrCreateInstance (no silently ignored typo). The same input is fine on a profile that has it. */
static void test_script_paths(void)
{
    static const struct {
        const char *controllers, *path;
        XrResult want;
    } cases[] = {
        {"touch", "/user/hand/left/input/a/click", XR_ERROR_RUNTIME_FAILURE},  /* a is right-hand only */
        {"index", "/user/hand/left/input/a/click", XR_SUCCESS},
        {"touch", "/user/hand/left/input/grip/pose", XR_ERROR_RUNTIME_FAILURE}, /* not a value */
        {"touch", "/user/hand/left/input/thumbstick", XR_ERROR_RUNTIME_FAILURE}, /* give .../x and .../y */
        {"simple", "/user/hand/right/input/select/click", XR_SUCCESS},
        {"none", "/user/hand/right/input/select/click", XR_ERROR_RUNTIME_FAILURE},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        char text[256];
        snprintf(text, sizeof text, "{\"timeline\": [{\"frame\": 1, \"input\": {\"%s\": 1}}]}\n", cases[k].path);
        use_script(text);
        setenv("MOCKXR_CONTROLLERS", cases[k].controllers, 1);
        const char *exts[] = {"XR_MND_headless"};
        XrInstanceCreateInfo ci = {.type = XR_TYPE_INSTANCE_CREATE_INFO, .enabledExtensionCount = 1,
                                   .enabledExtensionNames = exts};
        strcpy(ci.applicationInfo.applicationName, "mockxr-input-script");
        ci.applicationInfo.apiVersion = XR_MAKE_VERSION(1, 0, 0);
        XrInstance inst = XR_NULL_HANDLE;
        XrResult r = xrCreateInstance(&ci, &inst);
        IX_CHECK(r == cases[k].want, "%s with %s: xrCreateInstance returned %d", cases[k].path, cases[k].controllers,
                 (int)r);
        if (inst != XR_NULL_HANDLE) {
            xrDestroyInstance(inst);
        }
        unsetenv("MOCKXR_SCRIPT");
    }
}

int main(void)
{
    test_errors();
    test_scripted_input();
    test_focus_loss();
    test_unbound("touch", false);
    test_unbound("none", true);
    test_priority();
    test_haptics();
    test_action_space();
    test_queries();
    test_script_paths();
    return ix_finish("input_sync");
}
