/* mockxr conformance: every MOCKXR_* variable, good values take effect and bad ones fail xrCreateInstance
 * with XR_ERROR_RUNTIME_FAILURE and a message naming the variable. */
#include "mx_test.h"

struct bad_value {
    const char *name, *value;
};

static void test_bad_values(struct mx_test *t)
{
    const struct bad_value bad[] = {
        {"MOCKXR_CLOCK", "fast"},          {"MOCKXR_REFRESH_HZ", "59"},      {"MOCKXR_REFRESH_HZ", "241"},
        {"MOCKXR_REFRESH_HZ", "90hz"},     {"MOCKXR_VIEW_SIZE", "1024"},     {"MOCKXR_VIEW_SIZE", "8x8"},
        {"MOCKXR_VIEW_SIZE", "100x-5"},    {"MOCKXR_HEAD", "run"},           {"MOCKXR_CONTROLLERS", "wand"},
        {"MOCKXR_EXIT_AFTER_FRAMES", "0"}, {"MOCKXR_EXIT_AFTER_FRAMES", "x"}, {"MOCKXR_QUIET", "yes"},
        {"MOCKXR_SCRIPT", "/nonexistent/script.json"}, {"MOCKXR_REPORT", "/nonexistent/dir/report.jsonl"},
        {"MOCKXR_CAPTURE_DIR", "/nonexistent/dir"},    {"MOCKXR_CAPTURE_FRAMES", "1,2"},
        {"MOCKXR_VK_DEVICE", "99"},
        /* not a number, stdout (< 3: never mockxr-run's socket), a descriptor that is not open */
        {"MOCKXR_WINDOW", "yes"},
        {"MOCKXR_NOTIFY_FD", "x"},         {"MOCKXR_NOTIFY_FD", "1"},       {"MOCKXR_NOTIFY_FD", "999"},
    };
    for (size_t k = 0; k < sizeof(bad) / sizeof(bad[0]); k++) {
        mx_test_reset_env();
        setenv(bad[k].name, bad[k].value, 1);
        char text[4096];
        XrInstance inst = XR_NULL_HANDLE;
        XrResult r = mx_test_create_instance_captured(&inst, text, sizeof(text));
        t->checks++;
        if (r != XR_ERROR_RUNTIME_FAILURE || !strstr(text, bad[k].name)) {
            fprintf(stderr, "%s=%s: got %s, stderr \"%s\"\n", bad[k].name, bad[k].value, mx_test_result_name(r), text);
            t->failures++;
        }
        if (r == XR_SUCCESS)
            xrDestroyInstance(inst);
        setenv("MOCKXR_QUIET", "1", 1); /* mx_test_reset_env keeps it: undo the bad value */
    }
    /* The capture list is checked for syntax too (the directory exists). */
    mx_test_reset_env();
    setenv("MOCKXR_CAPTURE_DIR", ".", 1);
    const char *lists[] = {"1,,2", "5-3", "a", "3,"};
    for (size_t k = 0; k < sizeof(lists) / sizeof(lists[0]); k++) {
        setenv("MOCKXR_CAPTURE_FRAMES", lists[k], 1);
        char text[4096];
        XrInstance inst;
        MX_CHECK_RESULT(t, mx_test_create_instance_captured(&inst, text, sizeof(text)), XR_ERROR_RUNTIME_FAILURE);
        MX_CHECK(t, strstr(text, "MOCKXR_CAPTURE_FRAMES") != NULL);
    }
    /* What a captured frame gives: a list of views, composited, depth. */
    setenv("MOCKXR_CAPTURE_FRAMES", "0", 1);
    const char *kinds[] = {"raw", "views,", ",depth", "views,,depth", "composited;depth", "Views"};
    for (size_t k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++) {
        setenv("MOCKXR_CAPTURE_KINDS", kinds[k], 1);
        char text[4096];
        XrInstance inst;
        MX_CHECK_RESULT(t, mx_test_create_instance_captured(&inst, text, sizeof(text)), XR_ERROR_RUNTIME_FAILURE);
        MX_CHECK(t, strstr(text, "MOCKXR_CAPTURE_KINDS") != NULL);
    }
    mx_test_reset_env(); /* kinds without a capture directory */
    setenv("MOCKXR_CAPTURE_KINDS", "depth", 1);
    char text[4096];
    XrInstance inst;
    MX_CHECK_RESULT(t, mx_test_create_instance_captured(&inst, text, sizeof(text)), XR_ERROR_RUNTIME_FAILURE);
    MX_CHECK(t, strstr(text, "MOCKXR_CAPTURE_DIR") != NULL);
    setenv("MOCKXR_CAPTURE_DIR", ".", 1);
    setenv("MOCKXR_CAPTURE_FRAMES", "0", 1);
    setenv("MOCKXR_CAPTURE_KINDS", "depth,views,composited,depth", 1);
    MX_CHECK_RESULT(t, mx_test_create_instance_captured(&inst, text, sizeof(text)), XR_SUCCESS);
    MX_CHECK_RESULT(t, xrDestroyInstance(inst), XR_SUCCESS);
}

static void test_good_values(struct mx_test *t)
{
    mx_test_reset_env();
    setenv("MOCKXR_REFRESH_HZ", "120", 1);
    setenv("MOCKXR_VIEW_SIZE", "512x256", 1);
    setenv("MOCKXR_HEAD", "walk", 1);
    setenv("MOCKXR_CONTROLLERS", "none", 1);
    setenv("MOCKXR_EXIT_AFTER_FRAMES", "3", 1);
    setenv("MOCKXR_CLOCK", "", 1); /* empty means unset: realtime */
    struct mx_test_app app;
    MX_REQUIRE_RESULT(t, mx_test_app_start(&app, NULL), XR_SUCCESS);
    XrViewConfigurationView v[2] = {{.type = XR_TYPE_VIEW_CONFIGURATION_VIEW}, {.type = XR_TYPE_VIEW_CONFIGURATION_VIEW}};
    uint32_t n;
    MX_CHECK_RESULT(t, xrEnumerateViewConfigurationViews(app.instance, app.system,
                                                         XR_VIEW_CONFIGURATION_TYPE_PRIMARY_STEREO, 2, &n, v),
                    XR_SUCCESS);
    MX_CHECK(t, v[0].recommendedImageRectWidth == 512 && v[0].recommendedImageRectHeight == 256);
    XrFrameState fs;
    MX_CHECK_RESULT(t, mx_test_frame(app.session, &fs), XR_SUCCESS);
    MX_CHECK(t, fs.predictedDisplayPeriod == 8333333);
    /* MOCKXR_EXIT_AFTER_FRAMES=3: STOPPING arrives by itself after the third frame */
    MX_CHECK(t, mx_test_run_to_state(&app, XR_SESSION_STATE_STOPPING, 5));
    mx_test_app_stop(&app);
}

int main(int argc, char **argv)
{
    struct mx_test t;
    mx_test_init(&t, argc, argv);
    if (!t.clean) /* bad values make xrCreateInstance fail on purpose */
        test_bad_values(&t);
    test_good_values(&t);
    return mx_test_finish(&t, "core_config");
}
