/* mockxr conformance: the session state machine, every transition and every wrong-state error code. */
#include "mx_test.h"

static const XrSessionBeginInfo g_begin = {.type = XR_TYPE_SESSION_BEGIN_INFO,
                                           .primaryViewConfigurationType = XR_VIEW_CONFIGURATION_TYPE_PRIMARY_STEREO};

static void test_before_running(struct mx_test *t, XrInstance inst, XrSession s)
{
    if (t->clean)
        return;
    /* READY is queued at creation, so xrBeginSession would already succeed here (the runtime's state
     * decides; test_unpolled covers that, with its warning). XR_ERROR_SESSION_NOT_READY is checked in
     * test_exit, after EXITING. */
    MX_CHECK_RESULT(t, xrEndSession(s), XR_ERROR_SESSION_NOT_RUNNING);
    MX_CHECK_RESULT(t, xrRequestExitSession(s), XR_ERROR_SESSION_NOT_RUNNING);
    XrFrameState fs = {.type = XR_TYPE_FRAME_STATE};
    MX_CHECK_RESULT(t, xrWaitFrame(s, NULL, &fs), XR_ERROR_SESSION_NOT_RUNNING);
    MX_CHECK_RESULT(t, xrBeginFrame(s, NULL), XR_ERROR_SESSION_NOT_RUNNING);
    XrSystemId sys;
    MX_REQUIRE_RESULT(t, mx_test_get_system(inst, &sys), XR_SUCCESS);
    XrSession second;
    MX_CHECK_RESULT(t, mx_test_create_session(inst, sys, &second), XR_ERROR_LIMIT_REACHED);
}

static void test_running(struct mx_test *t, XrInstance inst, XrSession s)
{
    if (!t->clean) {
        XrSessionBeginInfo varjo = {.type = XR_TYPE_SESSION_BEGIN_INFO,
                                    .primaryViewConfigurationType = XR_VIEW_CONFIGURATION_TYPE_PRIMARY_QUAD_VARJO};
        MX_CHECK_RESULT(t, xrBeginSession(s, &varjo), XR_ERROR_VIEW_CONFIGURATION_TYPE_UNSUPPORTED);
    }
    MX_REQUIRE_RESULT(t, xrBeginSession(s, &g_begin), XR_SUCCESS);
    if (!t->clean) {
        MX_CHECK_RESULT(t, xrBeginSession(s, &g_begin), XR_ERROR_SESSION_RUNNING);
        MX_CHECK_RESULT(t, xrEndSession(s), XR_ERROR_SESSION_NOT_STOPPING);
    }
    /* No frame yet: still READY. The first xrWaitFrame synchronizes, the first submitted frame shows + focuses. */
    XrFrameState fs;
    MX_CHECK_RESULT(t, mx_test_frame(s, &fs), XR_SUCCESS);
    MX_CHECK(t, fs.shouldRender == XR_FALSE); /* SYNCHRONIZED not yet polled */
    const XrSessionState up[] = {XR_SESSION_STATE_SYNCHRONIZED, XR_SESSION_STATE_VISIBLE, XR_SESSION_STATE_FOCUSED};
    mx_test_expect_states(t, inst, up, 3, "after the first frame");
    MX_CHECK_RESULT(t, mx_test_frame(s, &fs), XR_SUCCESS);
    MX_CHECK(t, fs.shouldRender == XR_TRUE);
    mx_test_expect_states(t, inst, NULL, 0, "steady frames");
    if (!t->clean)
        MX_CHECK_RESULT(t, xrEndSession(s), XR_ERROR_SESSION_NOT_STOPPING);
}

static void test_exit(struct mx_test *t, XrInstance inst, XrSession s)
{
    MX_CHECK_RESULT(t, xrRequestExitSession(s), XR_SUCCESS);
    /* STOPPING is queued now: xrEndSession would be legal even before the app polls it (test_unpolled);
     * this is the careful app's path, which polls first. */
    const XrSessionState down[] = {XR_SESSION_STATE_VISIBLE, XR_SESSION_STATE_SYNCHRONIZED,
                                   XR_SESSION_STATE_STOPPING};
    mx_test_expect_states(t, inst, down, 3, "after xrRequestExitSession");
    MX_CHECK_RESULT(t, mx_test_frame(s, NULL), XR_SUCCESS); /* frames stay legal while stopping */
    MX_CHECK_RESULT(t, xrEndSession(s), XR_SUCCESS);
    const XrSessionState end[] = {XR_SESSION_STATE_IDLE, XR_SESSION_STATE_EXITING};
    mx_test_expect_states(t, inst, end, 2, "after xrEndSession");
    if (!t->clean) {
        MX_CHECK_RESULT(t, xrEndSession(s), XR_ERROR_SESSION_NOT_RUNNING);
        XrFrameState fs = {.type = XR_TYPE_FRAME_STATE};
        MX_CHECK_RESULT(t, xrWaitFrame(s, NULL, &fs), XR_ERROR_SESSION_NOT_RUNNING);
        MX_CHECK_RESULT(t, xrBeginSession(s, &g_begin), XR_ERROR_SESSION_NOT_READY);
    }
}

/* A fresh session on the same instance goes through IDLE -> READY again. */
static void test_restart(struct mx_test *t, XrInstance inst, XrSystemId sys)
{
    XrSession s;
    MX_REQUIRE_RESULT(t, mx_test_create_session(inst, sys, &s), XR_SUCCESS);
    const XrSessionState start[] = {XR_SESSION_STATE_IDLE, XR_SESSION_STATE_READY};
    mx_test_expect_states(t, inst, start, 2, "second session");
    MX_CHECK_RESULT(t, xrBeginSession(s, &g_begin), XR_SUCCESS);
    MX_CHECK_RESULT(t, xrDestroySession(s), XR_SUCCESS); /* destroying a running session is allowed */
    mx_test_expect_states(t, inst, NULL, 0, "destroyed session leaves no events");
}

/* Exit requested before the first frame: STOPPING is still reached through SYNCHRONIZED. */
static void test_early_exit(struct mx_test *t, XrInstance inst, XrSystemId sys)
{
    XrSession s;
    MX_REQUIRE_RESULT(t, mx_test_create_session(inst, sys, &s), XR_SUCCESS);
    const XrSessionState start[] = {XR_SESSION_STATE_IDLE, XR_SESSION_STATE_READY};
    mx_test_expect_states(t, inst, start, 2, "third session");
    MX_CHECK_RESULT(t, xrBeginSession(s, &g_begin), XR_SUCCESS);
    MX_CHECK_RESULT(t, xrRequestExitSession(s), XR_SUCCESS);
    const XrSessionState stop[] = {XR_SESSION_STATE_SYNCHRONIZED, XR_SESSION_STATE_STOPPING};
    mx_test_expect_states(t, inst, stop, 2, "exit before the first frame");
    MX_CHECK_RESULT(t, xrEndSession(s), XR_SUCCESS);
    const XrSessionState end[] = {XR_SESSION_STATE_IDLE, XR_SESSION_STATE_EXITING};
    mx_test_expect_states(t, inst, end, 2, "early exit ended");
    MX_CHECK_RESULT(t, xrDestroySession(s), XR_SUCCESS);
}

static XrBool32 XRAPI_CALL on_warning(XrDebugUtilsMessageSeverityFlagsEXT severity, XrDebugUtilsMessageTypeFlagsEXT types,
                                      const XrDebugUtilsMessengerCallbackDataEXT *data, void *user)
{
    int *warnings = user;
    if (data->messageId && strcmp(data->messageId, "mockxr") == 0 && data->message &&
        (severity & XR_DEBUG_UTILS_MESSAGE_SEVERITY_WARNING_BIT_EXT) && strstr(data->message, "before the app polled"))
        (*warnings)++;
    (void)types;
    return XR_FALSE;
}

/* The CTS's test_XR_MND_headless sequence: begin right after xrCreateSession and end right after
 * xrRequestExitSession, polling nothing. Conformant runtimes judge their own state (READY / STOPPING are
 * queued), so both succeed; mockxr only warns (stderr and debug utils), counting no error. */
static void test_unpolled(struct mx_test *t)
{
    mx_test_reset_env();
    setenv("MOCKXR_REPORT", "core_session_unpolled.jsonl", 1);
    XrInstance inst;
    const char *ext[] = {"XR_EXT_debug_utils", NULL};
    MX_REQUIRE_RESULT(t, mx_test_create_instance(ext, &inst), XR_SUCCESS);
    PFN_xrCreateDebugUtilsMessengerEXT create = NULL;
    MX_REQUIRE_RESULT(t, xrGetInstanceProcAddr(inst, "xrCreateDebugUtilsMessengerEXT", (PFN_xrVoidFunction *)&create),
                      XR_SUCCESS);
    int warnings = 0;
    XrDebugUtilsMessengerCreateInfoEXT mci = {.type = XR_TYPE_DEBUG_UTILS_MESSENGER_CREATE_INFO_EXT,
                                              .messageSeverities = XR_DEBUG_UTILS_MESSAGE_SEVERITY_WARNING_BIT_EXT,
                                              .messageTypes = XR_DEBUG_UTILS_MESSAGE_TYPE_VALIDATION_BIT_EXT,
                                              .userCallback = on_warning, .userData = &warnings};
    XrDebugUtilsMessengerEXT messenger;
    MX_REQUIRE_RESULT(t, create(inst, &mci, &messenger), XR_SUCCESS);
    XrSystemId sys;
    MX_REQUIRE_RESULT(t, mx_test_get_system(inst, &sys), XR_SUCCESS);
    XrSession s;
    MX_REQUIRE_RESULT(t, mx_test_create_session(inst, sys, &s), XR_SUCCESS);
    uint32_t formats = UINT32_MAX;
    MX_CHECK_RESULT(t, xrEnumerateSwapchainFormats(s, 0, &formats, NULL), XR_SUCCESS);
    MX_CHECK(t, formats == 0);
    char text[4096];
    struct mx_test_capture cap;
    MX_REQUIRE_RESULT(t, mx_test_capture_start(&cap) ? XR_SUCCESS : XR_ERROR_RUNTIME_FAILURE, XR_SUCCESS);
    XrResult begun = xrBeginSession(s, &g_begin);
    XrResult exit_requested = xrRequestExitSession(s);
    XrResult ended = xrEndSession(s);
    mx_test_capture_stop(&cap, text, sizeof(text));
    MX_CHECK_RESULT(t, begun, XR_SUCCESS);
    MX_CHECK_RESULT(t, exit_requested, XR_SUCCESS);
    MX_CHECK_RESULT(t, ended, XR_SUCCESS);
    MX_CHECK(t, strstr(text, "mockxr: warning: xrBeginSession called before the app polled XR_SESSION_STATE_READY") != NULL);
    MX_CHECK(t, strstr(text, "mockxr: warning: xrEndSession called before the app polled XR_SESSION_STATE_STOPPING") != NULL);
    MX_CHECK(t, strstr(text, "may race") != NULL && strstr(text, "error") == NULL);
    MX_CHECK(t, warnings == 2);
    const XrSessionState all[] = {XR_SESSION_STATE_IDLE,     XR_SESSION_STATE_READY, XR_SESSION_STATE_SYNCHRONIZED,
                                  XR_SESSION_STATE_STOPPING, XR_SESSION_STATE_IDLE,  XR_SESSION_STATE_EXITING};
    mx_test_expect_states(t, inst, all, 6, "unpolled begin/end");
    MX_CHECK_RESULT(t, xrDestroyInstance(inst), XR_SUCCESS);
    /* Warnings are not rule violations: the report's summary counts no error. */
    FILE *f = fopen("core_session_unpolled.jsonl", "r");
    char line[2048], last[2048] = "";
    while (f && fgets(line, sizeof(line), f))
        memcpy(last, line, sizeof(line));
    if (f)
        fclose(f);
    MX_CHECK(t, strstr(last, "\"type\":\"summary\"") != NULL && strstr(last, "\"errors\":0,") != NULL);
    remove("core_session_unpolled.jsonl");
}

static void test_no_headless(struct mx_test *t)
{
    if (t->clean)
        return;
    XrInstanceCreateInfo ci = {.type = XR_TYPE_INSTANCE_CREATE_INFO};
    snprintf(ci.applicationInfo.applicationName, sizeof(ci.applicationInfo.applicationName), "no-headless");
    ci.applicationInfo.apiVersion = XR_MAKE_VERSION(1, 0, 0);
    XrInstance inst;
    MX_REQUIRE_RESULT(t, xrCreateInstance(&ci, &inst), XR_SUCCESS);
    XrSystemId sys;
    MX_REQUIRE_RESULT(t, mx_test_get_system(inst, &sys), XR_SUCCESS);
    XrSession s;
    MX_CHECK_RESULT(t, mx_test_create_session(inst, sys, &s), XR_ERROR_GRAPHICS_DEVICE_INVALID);
    MX_CHECK_RESULT(t, xrDestroyInstance(inst), XR_SUCCESS);
}

int main(int argc, char **argv)
{
    struct mx_test t;
    mx_test_init(&t, argc, argv);
    mx_test_reset_env();
    XrInstance inst;
    XrSystemId sys;
    XrSession s;
    MX_REQUIRE_RESULT(&t, mx_test_create_instance(NULL, &inst), XR_SUCCESS);
    MX_REQUIRE_RESULT(&t, mx_test_get_system(inst, &sys), XR_SUCCESS);
    MX_REQUIRE_RESULT(&t, mx_test_create_session(inst, sys, &s), XR_SUCCESS);
    test_before_running(&t, inst, s);
    const XrSessionState start[] = {XR_SESSION_STATE_IDLE, XR_SESSION_STATE_READY};
    mx_test_expect_states(&t, inst, start, 2, "after xrCreateSession");
    test_running(&t, inst, s);
    test_exit(&t, inst, s);
    MX_CHECK_RESULT(&t, xrDestroySession(s), XR_SUCCESS);
    test_restart(&t, inst, sys);
    test_early_exit(&t, inst, sys);
    MX_CHECK_RESULT(&t, xrDestroyInstance(inst), XR_SUCCESS);
    test_unpolled(&t);
    test_no_headless(&t);
    return mx_test_finish(&t, "core_session");
}
