/* mockxr conformance: MOCKXR_SCRIPT timelines (head keyframes, faults) and clear errors for bad scripts. */
#include "mx_test.h"

#include <math.h>

static const XrPosef g_identity = {.orientation = {0, 0, 0, 1}};

static void test_bad_scripts(struct mx_test *t)
{
    const struct {
        const char *text, *expect;
    } bad[] = {
        {"{\"timeline\": [\n {\"frame\": 1},\n {\"frame\": 2 \"fault\": \"x\"}\n]}", ":3: not valid JSON"}, /* comma missing */
        {"{\"timeline\": [\n {\"frame\": 1},\n {\"frame\": 2, \"colour\": 1}\n]}", ":3: timeline[1]"},
        {"{\"timeline\": [\n {\"frame\": 9},\n {\"frame\": 2}\n]}", "frame order"},
        {"{\"timeline\": [{\"frame\": 1, \"fault\": \"meteor\"}]}", "\"fault\" must be one of"},
        {"{\"timeline\": [{\"frame\": 1, \"fault\": \"slow\"}]}", "delay_ms"},
        {"{\"timeline\": [{\"frame\": -1}]}", "\"frame\" must be an integer"},
        {"{\"timeline\": [{\"frame\": 1, \"head\": {\"position\": [0, 1], \"orientation\": [0, 0, 0, 1]}}]}",
         "position must be 3"},
        {"{\"timeline\": [{\"frame\": 1, \"head\": {\"position\": [0, 1, 0], \"orientation\": [0, 0, 0, 2]}}]}",
         "unit quaternion"},
        {"{\"timeline\": [{\"frame\": 1, \"input\": {\"/user/hand/left/input/trigger/value\": 3}}]}", "[-1, 1]"},
        {"{\"timeline\": [{\"frame\": 1, \"input\": {\"/user/hand/left/input/trigerr/value\": 1}}]}", "trigerr"},
        {"{\"events\": []}", "{\"timeline\""},
        /* "snapshots" (the frames a recording marked): increasing frame indices only */
        {"{\"timeline\": [], \"snapshots\": 5}", "\"snapshots\" must be an array"},
        {"{\"timeline\": [], \"snapshots\": [5, 5]}", "snapshots[1]"},
        {"{\"timeline\": [], \"snapshots\": [-1]}", "snapshots[0]"},
        {"{\"timeline\": [], \"snapshots\": [1.5]}", "snapshots[0]"},
    };
    for (size_t k = 0; k < sizeof(bad) / sizeof(bad[0]); k++) {
        mx_test_reset_env();
        MX_REQUIRE_RESULT(t, mx_test_write_file("core_script_bad.json", bad[k].text) ? XR_SUCCESS : XR_ERROR_RUNTIME_FAILURE,
                          XR_SUCCESS);
        setenv("MOCKXR_SCRIPT", "core_script_bad.json", 1);
        char text[4096];
        XrInstance inst;
        XrResult r = mx_test_create_instance_captured(&inst, text, sizeof(text));
        t->checks++;
        if (r != XR_ERROR_RUNTIME_FAILURE || !strstr(text, bad[k].expect) || !strstr(text, "MOCKXR_SCRIPT")) {
            fprintf(stderr, "bad script %zu: got %s, stderr \"%s\", wanted \"%s\"\n", k, mx_test_result_name(r), text,
                    bad[k].expect);
            t->failures++;
        }
        if (r == XR_SUCCESS)
            xrDestroyInstance(inst);
    }
    remove("core_script_bad.json");
}

static const char g_faults[] =
    "{\"comment\": \"fault timeline of core_script\", \"timeline\": [\n"
    " {\"frame\": 5, \"fault\": \"focus_loss\"},\n"
    " {\"frame\": 10, \"fault\": \"focus_regain\"},\n"
    " {\"frame\": 15, \"fault\": \"visibility_loss\"},\n"
    " {\"frame\": 20, \"fault\": \"visibility_regain\"},\n"
    " {\"frame\": 25, \"fault\": \"slow\", \"delay_ms\": 25},\n"
    " {\"frame\": 30, \"fault\": \"slow\", \"delay_ms\": 0},\n"
    " {\"frame\": 35, \"fault\": \"exit_request\"}\n]}\n";

static void test_faults(struct mx_test *t)
{
    mx_test_reset_env();
    MX_REQUIRE_RESULT(t, mx_test_write_file("core_script_faults.json", g_faults) ? XR_SUCCESS : XR_ERROR_RUNTIME_FAILURE,
                      XR_SUCCESS);
    setenv("MOCKXR_SCRIPT", "core_script_faults.json", 1);
    struct mx_test_app app;
    MX_REQUIRE_RESULT(t, mx_test_app_start(&app, NULL), XR_SUCCESS);
    XrSessionState seen[32];
    int n = 0, slow_frames = 0;
    XrTime last = 0;
    for (int frame = 0; frame < 40; frame++) {
        XrFrameState fs;
        MX_CHECK_RESULT(t, mx_test_frame(app.session, &fs), XR_SUCCESS);
        if (last && fs.predictedDisplayTime - last > fs.predictedDisplayPeriod)
            slow_frames++;
        last = fs.predictedDisplayTime;
        XrSessionState st;
        while (n < 32 && mx_test_next_state(app.instance, &st))
            seen[n++] = st;
    }
    const XrSessionState expected[] = {
        XR_SESSION_STATE_SYNCHRONIZED, XR_SESSION_STATE_VISIBLE,  XR_SESSION_STATE_FOCUSED,      /* frame 0 */
        XR_SESSION_STATE_VISIBLE,      XR_SESSION_STATE_FOCUSED,                                 /* 5, 10 */
        XR_SESSION_STATE_VISIBLE,      XR_SESSION_STATE_SYNCHRONIZED,                            /* 15 */
        XR_SESSION_STATE_VISIBLE,      XR_SESSION_STATE_FOCUSED,                                 /* 20 */
        XR_SESSION_STATE_VISIBLE,      XR_SESSION_STATE_SYNCHRONIZED, XR_SESSION_STATE_STOPPING, /* 35 */
    };
    int want = (int)(sizeof(expected) / sizeof(expected[0]));
    MX_CHECK(t, n == want);
    for (int k = 0; k < n && k < want; k++) {
        t->checks++;
        if (seen[k] != expected[k]) {
            fprintf(stderr, "state %d: got %s, expected %s\n", k, mx_test_state_name(seen[k]),
                    mx_test_state_name(expected[k]));
            t->failures++;
        }
    }
    MX_CHECK(t, slow_frames == 5); /* frames 26..30 waited 25 ms longer: they skip display slots */
    mx_test_app_stop(&app);
    remove("core_script_faults.json");
}

static void run_loss(struct mx_test *t, const char *fault, XrStructureType event, XrResult after)
{
    char text[256];
    snprintf(text, sizeof(text), "{\"timeline\": [{\"frame\": 3, \"fault\": \"%s\"}]}", fault);
    mx_test_reset_env();
    MX_REQUIRE_RESULT(t, mx_test_write_file("core_script_loss.json", text) ? XR_SUCCESS : XR_ERROR_RUNTIME_FAILURE,
                      XR_SUCCESS);
    setenv("MOCKXR_SCRIPT", "core_script_loss.json", 1);
    struct mx_test_app app;
    MX_REQUIRE_RESULT(t, mx_test_app_start(&app, NULL), XR_SUCCESS);
    XrResult r = XR_SUCCESS;
    int frames = 0;
    while (r == XR_SUCCESS && frames < 10) {
        r = mx_test_frame(app.session, NULL);
        frames += r == XR_SUCCESS;
    }
    MX_CHECK(t, frames == 3); /* frame 3's own xrBeginFrame already fails */
    MX_CHECK_RESULT(t, r, after);
    bool got = false;
    for (;;) {
        XrEventDataBuffer ev = {.type = XR_TYPE_EVENT_DATA_BUFFER};
        if (xrPollEvent(app.instance, &ev) != XR_SUCCESS)
            break;
        got = got || ev.type == event;
        if (ev.type == XR_TYPE_EVENT_DATA_SESSION_STATE_CHANGED && event == XR_TYPE_EVENT_DATA_SESSION_STATE_CHANGED)
            got = ((XrEventDataSessionStateChanged *)&ev)->state == XR_SESSION_STATE_LOSS_PENDING;
    }
    MX_CHECK(t, got);
    mx_test_app_stop(&app);
    remove("core_script_loss.json");
}

/* Last line of a file that contains `needle`, copied into out; false when none. */
static bool find_line(const char *path, const char *needle, char *out, size_t size)
{
    FILE *f = fopen(path, "r");
    char line[4096];
    bool found = false;
    while (f && fgets(line, sizeof(line), f)) {
        if (strstr(line, needle)) {
            snprintf(out, size, "%s", line);
            found = true;
        }
    }
    if (f)
        fclose(f);
    return found;
}

/* Creates a session, polls IDLE and READY and begins it. */
static XrResult restart_session(struct mx_test_app *app)
{
    XrResult r = mx_test_create_session(app->instance, app->system, &app->session);
    XrSessionState st = XR_SESSION_STATE_UNKNOWN;
    while (r == XR_SUCCESS && st != XR_SESSION_STATE_READY) {
        if (!mx_test_next_state(app->instance, &st))
            r = XR_ERROR_RUNTIME_FAILURE;
    }
    XrSessionBeginInfo bi = {.type = XR_TYPE_SESSION_BEGIN_INFO,
                             .primaryViewConfigurationType = XR_VIEW_CONFIGURATION_TYPE_PRIMARY_STEREO};
    return r == XR_SUCCESS ? xrBeginSession(app->session, &bi) : r;
}

/* The timeline is run-wide: an app that recovers from a scripted loss with a new session is not lost
 * again at the same frame of that session, and focus taken away before the loss stays away in the new
 * session until the script gives it back. The SESSION_LOST answers after the loss are the spec's due,
 * not rule violations: the report counts them as "lost_returns", not "errors". */
static void test_loss_once(struct mx_test *t)
{
    static const char script[] = "{\"timeline\": [{\"frame\": 1, \"fault\": \"focus_loss\"},\n"
                                 " {\"frame\": 3, \"fault\": \"session_loss\"},\n"
                                 " {\"frame\": 8, \"fault\": \"focus_regain\"}]}\n";
    mx_test_reset_env();
    MX_REQUIRE_RESULT(t, mx_test_write_file("core_script_once.json", script) ? XR_SUCCESS : XR_ERROR_RUNTIME_FAILURE,
                      XR_SUCCESS);
    setenv("MOCKXR_SCRIPT", "core_script_once.json", 1);
    setenv("MOCKXR_REPORT", "core_script_once.jsonl", 1);
    struct mx_test_app app;
    MX_REQUIRE_RESULT(t, mx_test_app_start(&app, NULL), XR_SUCCESS);
    int frames = 0;
    while (frames < 10 && mx_test_frame(app.session, NULL) == XR_SUCCESS)
        frames++;
    MX_CHECK(t, frames == 3); /* run frames 0..2; frame 3 is lost in its xrWaitFrame */
    XrSessionState st = XR_SESSION_STATE_UNKNOWN;
    while (st != XR_SESSION_STATE_LOSS_PENDING && mx_test_next_state(app.instance, &st))
        ;
    MX_CHECK(t, st == XR_SESSION_STATE_LOSS_PENDING);
    MX_CHECK_RESULT(t, xrDestroySession(app.session), XR_SUCCESS);
    MX_REQUIRE_RESULT(t, restart_session(&app), XR_SUCCESS);
    /* run frames 4..13 in the new session: no second loss at its own frame 3 */
    XrSessionState seen[8];
    int n = 0;
    for (frames = 0; frames < 10; frames++) {
        MX_CHECK_RESULT(t, mx_test_frame(app.session, NULL), XR_SUCCESS);
        while (n < 8 && mx_test_next_state(app.instance, &st))
            seen[n++] = st;
    }
    /* still unfocused when the new session is shown (frame 4); focus comes back at frame 8 */
    const XrSessionState expected[] = {XR_SESSION_STATE_SYNCHRONIZED, XR_SESSION_STATE_VISIBLE,
                                       XR_SESSION_STATE_FOCUSED};
    MX_CHECK(t, n == 3);
    for (int k = 0; k < n && k < 3; k++)
        MX_CHECK(t, seen[k] == expected[k]);
    mx_test_app_stop(&app);
    char line[4096] = "";
    MX_CHECK(t, find_line("core_script_once.jsonl", "\"frame\":4,", line, sizeof(line)) &&
                    strstr(line, "\"type\":\"frame\"")); /* the report counts frames run-wide too */
    MX_CHECK(t, !find_line("core_script_once.jsonl", "\"frame\":3,", line, sizeof(line)));
    MX_CHECK(t, find_line("core_script_once.jsonl", "\"type\":\"summary\"", line, sizeof(line)));
    MX_CHECK(t, strstr(line, "\"frames\":13,") && strstr(line, "\"errors\":0,") && strstr(line, "\"lost_returns\":1,"));
    if (t->failures)
        fprintf(stderr, "summary: %s", line);
    remove("core_script_once.json");
    remove("core_script_once.jsonl");
}

static void test_head_keyframes(struct mx_test *t)
{
    mx_test_reset_env();
    const char *text = "{\"timeline\": [\n"
                       " {\"frame\": 0, \"head\": {\"position\": [0, 1.0, 0]}},\n"
                       " {\"frame\": 10, \"head\": {\"position\": [1, 1.0, 0], \"orientation\": [0, 0, 0, 1]}}\n]}";
    MX_REQUIRE_RESULT(t, mx_test_write_file("core_script_head.json", text) ? XR_SUCCESS : XR_ERROR_RUNTIME_FAILURE,
                      XR_SUCCESS);
    setenv("MOCKXR_SCRIPT", "core_script_head.json", 1);
    struct mx_test_app app;
    MX_REQUIRE_RESULT(t, mx_test_app_start(&app, NULL), XR_SUCCESS);
    XrSpace view, stage;
    XrReferenceSpaceCreateInfo ci = {.type = XR_TYPE_REFERENCE_SPACE_CREATE_INFO,
                                     .referenceSpaceType = XR_REFERENCE_SPACE_TYPE_VIEW, .poseInReferenceSpace = g_identity};
    MX_REQUIRE_RESULT(t, xrCreateReferenceSpace(app.session, &ci, &view), XR_SUCCESS);
    ci.referenceSpaceType = XR_REFERENCE_SPACE_TYPE_STAGE;
    MX_REQUIRE_RESULT(t, xrCreateReferenceSpace(app.session, &ci, &stage), XR_SUCCESS);
    XrFrameState fs;
    for (int k = 0; k <= 5; k++)
        MX_CHECK_RESULT(t, mx_test_frame(app.session, &fs), XR_SUCCESS);
    XrSpaceLocation loc = {.type = XR_TYPE_SPACE_LOCATION};
    MX_CHECK_RESULT(t, xrLocateSpace(view, stage, fs.predictedDisplayTime, &loc), XR_SUCCESS);
    MX_CHECK(t, fabsf(loc.pose.position.x - 0.5f) < 1e-4f && fabsf(loc.pose.position.y - 1.0f) < 1e-4f);
    mx_test_app_stop(&app);
    remove("core_script_head.json");
}

/* An app that does not poll: the queue keeps its first 64 events and then reports how many it dropped. */
static void test_events_lost(struct mx_test *t)
{
    char text[8192] = "{\"timeline\": [\n";
    for (int f = 1; f <= 90; f++) {
        char line[96];
        snprintf(line, sizeof(line), " {\"frame\": %d, \"fault\": \"%s\"}%s\n", f, f % 2 ? "focus_loss" : "focus_regain",
                 f < 90 ? "," : "");
        strncat(text, line, sizeof(text) - strlen(text) - 1);
    }
    strncat(text, "]}\n", sizeof(text) - strlen(text) - 1);
    mx_test_reset_env();
    MX_REQUIRE_RESULT(t, mx_test_write_file("core_script_flood.json", text) ? XR_SUCCESS : XR_ERROR_RUNTIME_FAILURE,
                      XR_SUCCESS);
    setenv("MOCKXR_SCRIPT", "core_script_flood.json", 1);
    struct mx_test_app app;
    MX_REQUIRE_RESULT(t, mx_test_app_start(&app, NULL), XR_SUCCESS);
    for (int f = 0; f <= 90; f++)
        MX_CHECK_RESULT(t, mx_test_frame(app.session, NULL), XR_SUCCESS);
    /* 3 (sync, visible, focused) + 90 focus changes were queued: 64 kept, 29 lost */
    XrEventDataBuffer ev = {.type = XR_TYPE_EVENT_DATA_BUFFER};
    MX_CHECK_RESULT(t, xrPollEvent(app.instance, &ev), XR_SUCCESS);
    MX_CHECK(t, ev.type == XR_TYPE_EVENT_DATA_EVENTS_LOST && ((XrEventDataEventsLost *)&ev)->lostEventCount == 29);
    int kept = 0;
    for (;;) {
        ev = (XrEventDataBuffer){.type = XR_TYPE_EVENT_DATA_BUFFER};
        if (xrPollEvent(app.instance, &ev) != XR_SUCCESS)
            break;
        kept++;
    }
    MX_CHECK(t, kept == 64);
    mx_test_app_stop(&app);
    remove("core_script_flood.json");
}

int main(int argc, char **argv)
{
    struct mx_test t;
    mx_test_init(&t, argc, argv);
    if (!t.clean) { /* bad scripts and losses make calls fail on purpose */
        test_bad_scripts(&t);
        run_loss(&t, "session_loss", XR_TYPE_EVENT_DATA_SESSION_STATE_CHANGED, XR_ERROR_SESSION_LOST);
        run_loss(&t, "instance_loss", XR_TYPE_EVENT_DATA_INSTANCE_LOSS_PENDING, XR_ERROR_INSTANCE_LOST);
    }
    test_faults(&t);
    test_loss_once(&t);
    test_head_keyframes(&t);
    test_events_lost(&t);
    return mx_test_finish(&t, "core_script");
}
