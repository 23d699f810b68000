/* The simulated headset's extensions through the real loader: XR_META_headset_id (a fixed model id),
 * XR_META_performance_metrics (counters of the last submitted frame and of dropped slots),
 * XR_EXT_user_presence (the event at
 * xrBeginSession and at each scripted change, only while running), XR_FB_display_refresh_rate (rates, the
 * app's requests and the script's changes: period, pacing and events follow), XR_EXT_performance_settings +
 * XR_EXT_thermal_query (level hints, scripted notifications, the thermal trend), and their report fields. */
#include "ext_util.h"

#define REPORT "ext_headset_report.jsonl"

static const char g_script[] =
    "{\"timeline\": [\n"
    " {\"frame\": 10, \"user_present\": false},\n"
    " {\"frame\": 12, \"user_present\": false},\n"
    " {\"frame\": 20, \"user_present\": true, \"refresh_hz\": 120},\n"
    " {\"frame\": 30, \"perf\": {\"domain\": \"gpu\", \"sub_domain\": \"thermal\", \"level\": \"warning\",\n"
    "                         \"headroom\": 2.5, \"slope\": 0.25}},\n"
    " {\"frame\": 31, \"perf\": {\"domain\": \"cpu\", \"sub_domain\": \"rendering\", \"level\": \"impaired\"}},\n"
    " {\"frame\": 40, \"perf\": {\"domain\": \"gpu\", \"sub_domain\": \"thermal\", \"level\": \"warning\"}}\n"
    "]}\n";

struct fns {
    PFN_xrEnumerateDisplayRefreshRatesFB enumerate;
    PFN_xrGetDisplayRefreshRateFB get;
    PFN_xrRequestDisplayRefreshRateFB request;
    PFN_xrPerfSettingsSetPerformanceLevelEXT set_level;
    PFN_xrThermalGetTemperatureTrendEXT trend;
};

/* Everything queued, by kind. */
struct seen {
    int presence, refresh, perf, states;
    XrEventDataUserPresenceChangedEXT last_presence;
    XrEventDataDisplayRefreshRateChangedFB last_refresh;
    XrEventDataPerfSettingsEXT perf_events[8];
};

static void poll_all(XrInstance inst, struct seen *s)
{
    for (;;) {
        XrEventDataBuffer e = {.type = XR_TYPE_EVENT_DATA_BUFFER};
        if (xrPollEvent(inst, &e) != XR_SUCCESS)
            return;
        if (e.type == XR_TYPE_EVENT_DATA_USER_PRESENCE_CHANGED_EXT) {
            s->presence++;
            memcpy(&s->last_presence, &e, sizeof(s->last_presence));
        } else if (e.type == XR_TYPE_EVENT_DATA_DISPLAY_REFRESH_RATE_CHANGED_FB) {
            s->refresh++;
            memcpy(&s->last_refresh, &e, sizeof(s->last_refresh));
        } else if (e.type == XR_TYPE_EVENT_DATA_PERF_SETTINGS_EXT && s->perf < 8) {
            memcpy(&s->perf_events[s->perf++], &e, sizeof(s->perf_events[0]));
        } else if (e.type == XR_TYPE_EVENT_DATA_SESSION_STATE_CHANGED) {
            s->states++;
        }
    }
}

static XrFrameState frames(struct mx_test *t, struct mx_test_app *app, int n, struct seen *s)
{
    XrFrameState fs = {0};
    for (int k = 0; k < n; k++) {
        MX_CHECK_RESULT(t, mx_test_frame(app->session, &fs), XR_SUCCESS);
        poll_all(app->instance, s);
    }
    return fs;
}

static void test_not_enabled(struct mx_test *t)
{
    XrInstance inst;
    MX_REQUIRE_RESULT(t, mx_test_create_instance(NULL, &inst), XR_SUCCESS);
    MX_CHECK(t, !ext_served(inst, "xrRequestDisplayRefreshRateFB") && !ext_served(inst, "xrThermalGetTemperatureTrendEXT") &&
                    !ext_served(inst, "xrPerfSettingsSetPerformanceLevelEXT"));
    XrSystemId sys;
    MX_REQUIRE_RESULT(t, mx_test_get_system(inst, &sys), XR_SUCCESS);
    XrSystemHeadsetIdPropertiesMETA id = {.type = XR_TYPE_SYSTEM_HEADSET_ID_PROPERTIES_META};
    XrSystemUserPresencePropertiesEXT up = {.type = XR_TYPE_SYSTEM_USER_PRESENCE_PROPERTIES_EXT, .next = &id};
    XrSystemProperties sp = {.type = XR_TYPE_SYSTEM_PROPERTIES, .next = &up};
    MX_CHECK_RESULT(t, xrGetSystemProperties(inst, sys, &sp), XR_SUCCESS);
    MX_CHECK(t, up.supportsUserPresence == XR_FALSE);
    const XrUuidEXT zero = {{0}};
    MX_CHECK(t, memcmp(&id.id, &zero, sizeof(zero)) == 0); /* not the runtime's to fill */
    xrDestroyInstance(inst);
}

static void test_rates(struct mx_test *t, const struct fns *f, struct mx_test_app *app, struct seen *s)
{
    float rates[16], hz = 0.0f;
    uint32_t n = 0;
    MX_CHECK_RESULT(t, f->enumerate(app->session, 0, &n, NULL), XR_SUCCESS);
    MX_CHECK_RESULT(t, f->enumerate(app->session, 16, &n, rates), XR_SUCCESS);
    /* MOCKXR_REFRESH_HZ=100 among the usual rates, lowest first */
    const float want[] = {60, 72, 80, 90, 100, 120, 144};
    MX_CHECK(t, n == 7 && memcmp(rates, want, sizeof(want)) == 0);
    MX_CHECK_RESULT(t, f->get(app->session, &hz), XR_SUCCESS);
    MX_CHECK(t, hz == 100.0f);
    if (!t->clean) {
        MX_CHECK_RESULT(t, f->enumerate(app->session, 3, &n, rates), XR_ERROR_SIZE_INSUFFICIENT);
        MX_CHECK_RESULT(t, f->request(app->session, 75.0f), XR_ERROR_DISPLAY_REFRESH_RATE_UNSUPPORTED_FB);
    }
    XrFrameState fs = frames(t, app, 3, s);
    XrTime last = fs.predictedDisplayTime;
    MX_CHECK(t, fs.predictedDisplayPeriod == 10000000);
    /* granted at once: the event, the new period, slots one new period apart from the last one */
    MX_CHECK_RESULT(t, f->request(app->session, 72.0f), XR_SUCCESS);
    poll_all(app->instance, s);
    MX_CHECK(t, s->refresh == 1 && s->last_refresh.fromDisplayRefreshRate == 100.0f &&
                    s->last_refresh.toDisplayRefreshRate == 72.0f);
    fs = frames(t, app, 2, s);
    MX_CHECK(t, fs.predictedDisplayPeriod == 13888889 && fs.predictedDisplayTime == last + 2 * 13888889);
    MX_CHECK_RESULT(t, f->get(app->session, &hz), XR_SUCCESS);
    MX_CHECK(t, hz == 72.0f);
    MX_CHECK_RESULT(t, f->request(app->session, 72.0f), XR_SUCCESS); /* no change: no event */
    MX_CHECK_RESULT(t, f->request(app->session, 0.0f), XR_SUCCESS);  /* no preference: the configured rate */
    poll_all(app->instance, s);
    MX_CHECK(t, s->refresh == 2 && s->last_refresh.toDisplayRefreshRate == 100.0f);
}

static void test_perf(struct mx_test *t, const struct fns *f, struct mx_test_app *app)
{
    XrPerfSettingsNotificationLevelEXT level = XR_PERF_SETTINGS_NOTIFICATION_LEVEL_MAX_ENUM_EXT;
    float headroom = -1.0f, slope = -1.0f;
    MX_CHECK_RESULT(t, f->trend(app->session, XR_PERF_SETTINGS_DOMAIN_CPU_EXT, &level, &headroom, &slope), XR_SUCCESS);
    MX_CHECK(t, level == XR_PERF_SETTINGS_NOTIF_LEVEL_NORMAL_EXT && headroom == 20.0f && slope == 0.0f);
    MX_CHECK_RESULT(t, f->set_level(app->session, XR_PERF_SETTINGS_DOMAIN_GPU_EXT, XR_PERF_SETTINGS_LEVEL_BOOST_EXT),
                    XR_SUCCESS);
    if (t->clean)
        return;
    MX_CHECK_RESULT(t, f->set_level(app->session, (XrPerfSettingsDomainEXT)3, XR_PERF_SETTINGS_LEVEL_BOOST_EXT),
                    XR_ERROR_VALIDATION_FAILURE);
    MX_CHECK_RESULT(t, f->set_level(app->session, XR_PERF_SETTINGS_DOMAIN_CPU_EXT, (XrPerfSettingsLevelEXT)60),
                    XR_ERROR_VALIDATION_FAILURE);
    MX_CHECK_RESULT(t, f->trend(app->session, (XrPerfSettingsDomainEXT)0, &level, &headroom, &slope),
                    XR_ERROR_VALIDATION_FAILURE);
}

/* Frames 0..49 of the script: presence, the script's refresh rate, perf notifications and the trend. */
static void test_timeline(struct mx_test *t, const struct fns *f, struct mx_test_app *app, struct seen *s)
{
    frames(t, app, 5, s); /* frames 0..4 were run by test_rates: 5..9 */
    MX_CHECK(t, s->presence == 1 && s->last_presence.isUserPresent == XR_TRUE &&
                    s->last_presence.session == app->session); /* the one of xrBeginSession */
    frames(t, app, 5, s); /* 10..14: taken off once (frame 12 repeats it: no second event) */
    MX_CHECK(t, s->presence == 2 && s->last_presence.isUserPresent == XR_FALSE);
    XrFrameState fs = frames(t, app, 10, s); /* 15..24: back on, and the display switched to 120 Hz */
    MX_CHECK(t, s->presence == 3 && s->last_presence.isUserPresent == XR_TRUE);
    MX_CHECK(t, s->refresh == 3 && s->last_refresh.toDisplayRefreshRate == 120.0f && fs.predictedDisplayPeriod == 8333333);
    frames(t, app, 20, s); /* 25..44 */
    MX_CHECK(t, s->perf == 2); /* frame 40 repeats frame 30's level: no event */
    MX_CHECK(t, s->perf == 2 && s->perf_events[0].domain == XR_PERF_SETTINGS_DOMAIN_GPU_EXT &&
                    s->perf_events[0].subDomain == XR_PERF_SETTINGS_SUB_DOMAIN_THERMAL_EXT &&
                    s->perf_events[0].fromLevel == XR_PERF_SETTINGS_NOTIF_LEVEL_NORMAL_EXT &&
                    s->perf_events[0].toLevel == XR_PERF_SETTINGS_NOTIF_LEVEL_WARNING_EXT &&
                    s->perf_events[1].subDomain == XR_PERF_SETTINGS_SUB_DOMAIN_RENDERING_EXT &&
                    s->perf_events[1].toLevel == XR_PERF_SETTINGS_NOTIF_LEVEL_IMPAIRED_EXT);
    XrPerfSettingsNotificationLevelEXT level;
    float headroom, slope;
    MX_CHECK_RESULT(t, f->trend(app->session, XR_PERF_SETTINGS_DOMAIN_GPU_EXT, &level, &headroom, &slope), XR_SUCCESS);
    MX_CHECK(t, level == XR_PERF_SETTINGS_NOTIF_LEVEL_WARNING_EXT && headroom == 2.5f && slope == 0.25f);
    MX_CHECK_RESULT(t, f->trend(app->session, XR_PERF_SETTINGS_DOMAIN_CPU_EXT, &level, &headroom, &slope), XR_SUCCESS);
    MX_CHECK(t, level == XR_PERF_SETTINGS_NOTIF_LEVEL_NORMAL_EXT); /* CPU rendering is impaired, not its thermal */
    /* after xrEndSession no presence event reaches the app (spec) */
    MX_CHECK_RESULT(t, xrRequestExitSession(app->session), XR_SUCCESS);
    poll_all(app->instance, s);
    MX_CHECK_RESULT(t, xrEndSession(app->session), XR_SUCCESS);
}

/* One frame whose views are located at its predicted display time (the pose age the metrics report). */
static XrResult located_frame(XrSession s, XrSpace space)
{
    XrFrameState fs = {.type = XR_TYPE_FRAME_STATE};
    XrResult r = xrWaitFrame(s, NULL, &fs);
    if (r == XR_SUCCESS)
        r = xrBeginFrame(s, NULL);
    XrViewLocateInfo li = {.type = XR_TYPE_VIEW_LOCATE_INFO, .viewConfigurationType = XR_VIEW_CONFIGURATION_TYPE_PRIMARY_STEREO,
                           .displayTime = fs.predictedDisplayTime, .space = space};
    XrViewState vs = {.type = XR_TYPE_VIEW_STATE};
    XrView views[2] = {{.type = XR_TYPE_VIEW}, {.type = XR_TYPE_VIEW}};
    uint32_t n;
    if (r == XR_SUCCESS)
        r = xrLocateViews(s, &li, &vs, 2, &n, views);
    XrFrameEndInfo end = {.type = XR_TYPE_FRAME_END_INFO, .displayTime = fs.predictedDisplayTime,
                          .environmentBlendMode = XR_ENVIRONMENT_BLEND_MODE_OPAQUE};
    return r == XR_SUCCESS ? xrEndFrame(s, &end) : r;
}

/* XR_META_performance_metrics: the counters of the last submitted frame (virtual clock: no app CPU time,
 * a pose age of one period) and the display slots dropped since enabling (a scripted slow runtime). */
static void test_metrics(struct mx_test *t)
{
    MX_REQUIRE_RESULT(t, ext_use_script("ext_headset_metrics.json",
                                        "{\"timeline\": [{\"frame\": 6, \"fault\": \"slow\", \"delay_ms\": 25},\n"
                                        "              {\"frame\": 7, \"fault\": \"slow\", \"delay_ms\": 0}]}") ? XR_SUCCESS
                                                                                                          : XR_ERROR_RUNTIME_FAILURE,
                      XR_SUCCESS);
    struct mx_test_app app;
    const char *ext[] = {"XR_META_performance_metrics", NULL};
    MX_REQUIRE_RESULT(t, mx_test_app_start(&app, ext), XR_SUCCESS);
    PFN_xrEnumeratePerformanceMetricsCounterPathsMETA paths_fn = EXT_FN(
        t, app.instance, PFN_xrEnumeratePerformanceMetricsCounterPathsMETA, "xrEnumeratePerformanceMetricsCounterPathsMETA");
    PFN_xrSetPerformanceMetricsStateMETA set = EXT_FN(t, app.instance, PFN_xrSetPerformanceMetricsStateMETA,
                                                      "xrSetPerformanceMetricsStateMETA");
    PFN_xrGetPerformanceMetricsStateMETA get = EXT_FN(t, app.instance, PFN_xrGetPerformanceMetricsStateMETA,
                                                      "xrGetPerformanceMetricsStateMETA");
    PFN_xrQueryPerformanceMetricsCounterMETA query = EXT_FN(t, app.instance, PFN_xrQueryPerformanceMetricsCounterMETA,
                                                            "xrQueryPerformanceMetricsCounterMETA");
    MX_REQUIRE_RESULT(t, paths_fn && set && get && query ? XR_SUCCESS : XR_ERROR_FUNCTION_UNSUPPORTED, XR_SUCCESS);
    XrPath paths[4];
    uint32_t n = 0;
    MX_CHECK_RESULT(t, paths_fn(app.instance, 4, &n, paths), XR_SUCCESS);
    MX_CHECK(t, n == 3);
    XrPerformanceMetricsCounterMETA c = {.type = XR_TYPE_PERFORMANCE_METRICS_COUNTER_META};
    if (!t->clean)
        MX_CHECK_RESULT(t, query(app.session, paths[0], &c), XR_ERROR_VALIDATION_FAILURE); /* not enabled */
    XrPerformanceMetricsStateMETA st = {.type = XR_TYPE_PERFORMANCE_METRICS_STATE_META, .enabled = XR_TRUE};
    MX_CHECK_RESULT(t, set(app.session, &st), XR_SUCCESS);
    st.enabled = XR_FALSE;
    MX_CHECK_RESULT(t, get(app.session, &st), XR_SUCCESS);
    MX_CHECK(t, st.enabled == XR_TRUE);
    MX_CHECK_RESULT(t, query(app.session, paths[0], &c), XR_SUCCESS); /* no frame yet: nothing valid */
    MX_CHECK(t, c.counterFlags == 0);
    XrReferenceSpaceCreateInfo rs = {.type = XR_TYPE_REFERENCE_SPACE_CREATE_INFO,
                                     .referenceSpaceType = XR_REFERENCE_SPACE_TYPE_LOCAL,
                                     .poseInReferenceSpace = {.orientation = {0, 0, 0, 1}}};
    XrSpace local;
    MX_REQUIRE_RESULT(t, xrCreateReferenceSpace(app.session, &rs, &local), XR_SUCCESS);
    for (int k = 0; k < 10; k++)
        MX_CHECK_RESULT(t, located_frame(app.session, local), XR_SUCCESS);
    MX_CHECK_RESULT(t, query(app.session, paths[0], &c), XR_SUCCESS);
    MX_CHECK(t, c.counterFlags == 0x5 && c.counterUnit == XR_PERFORMANCE_METRICS_COUNTER_UNIT_MILLISECONDS_META &&
                    c.floatValue == 0.0f); /* the virtual clock does not move while the app works */
    MX_CHECK_RESULT(t, query(app.session, paths[1], &c), XR_SUCCESS);
    MX_CHECK(t, c.counterFlags == 0x5 && ext_near(c.floatValue, 10.0f, 1e-4f)); /* one 100 Hz period */
    MX_CHECK_RESULT(t, query(app.session, paths[2], &c), XR_SUCCESS);
    MX_CHECK(t, c.counterFlags == 0x3 && c.uintValue == 2); /* 25 ms late: the 2 slots passed in between */
    if (!t->clean) {
        XrPath other;
        MX_CHECK_RESULT(t, xrStringToPath(app.instance, "/perfmetrics_meta/app/gpu_frametime", &other), XR_SUCCESS);
        MX_CHECK_RESULT(t, query(app.session, other, &c), XR_ERROR_PATH_UNSUPPORTED);
    }
    mx_test_app_stop(&app);
    unsetenv("MOCKXR_SCRIPT");
}

static void check_report(struct mx_test *t)
{
    char line[8192];
    MX_CHECK(t, ext_report_line(REPORT, "\"frame\":10,", line, sizeof line) &&
                    strstr(line, "\"user_present\":0,\"refresh_hz\":100.00,") &&
                    strstr(line, "\"events\":[\"user_presence_changed\"]"));
    /* a scripted rate applies in its frame's xrWaitFrame: that frame keeps the slot it was given, the next
     * one is a new period later */
    MX_CHECK(t, ext_report_line(REPORT, "\"frame\":20,", line, sizeof line) &&
                    strstr(line, "\"period\":10000000,") && strstr(line, "\"refresh_hz\":120.00,") &&
                    strstr(line, "\"events\":[\"user_presence_changed\",\"display_refresh_rate_changed\"]"));
    MX_CHECK(t, ext_report_line(REPORT, "\"frame\":21,", line, sizeof line) && strstr(line, "\"period\":8333333,"));
    MX_CHECK(t, ext_report_line(REPORT, "\"frame\":31,", line, sizeof line) &&
                    strstr(line, "\"perf\":{\"cpu\":{\"hint\":\"sustained_high\",\"compositing\":\"normal\","
                                 "\"rendering\":\"impaired\",\"thermal\":\"normal\",\"headroom\":20.00,\"slope\":0.000},"
                                 "\"gpu\":{\"hint\":\"boost\",\"compositing\":\"normal\",\"rendering\":\"normal\","
                                 "\"thermal\":\"warning\",\"headroom\":2.50,\"slope\":0.250}}"));
    MX_CHECK(t, ext_report_line(REPORT, "\"frame\":32,", line, sizeof line) && !strstr(line, "\"events\""));
}

int main(int argc, char **argv)
{
    struct mx_test t;
    mx_test_init(&t, argc, argv);
    mx_test_reset_env();
    if (!t.clean)
        test_not_enabled(&t);
    setenv("MOCKXR_REFRESH_HZ", "100", 1);
    MX_REQUIRE_RESULT(&t, ext_use_script("ext_headset.json", g_script) ? XR_SUCCESS : XR_ERROR_RUNTIME_FAILURE,
                      XR_SUCCESS);
    setenv("MOCKXR_REPORT", REPORT, 1);
    struct mx_test_app app;
    const char *ext[] = {"XR_EXT_user_presence", "XR_FB_display_refresh_rate", "XR_EXT_performance_settings",
                         "XR_EXT_thermal_query", "XR_META_headset_id", NULL};
    MX_REQUIRE_RESULT(&t, mx_test_app_start(&app, ext), XR_SUCCESS);
    XrSystemHeadsetIdPropertiesMETA id = {.type = XR_TYPE_SYSTEM_HEADSET_ID_PROPERTIES_META};
    XrSystemUserPresencePropertiesEXT up = {.type = XR_TYPE_SYSTEM_USER_PRESENCE_PROPERTIES_EXT, .next = &id};
    XrSystemProperties sp = {.type = XR_TYPE_SYSTEM_PROPERTIES, .next = &up};
    MX_CHECK_RESULT(&t, xrGetSystemProperties(app.instance, app.system, &sp), XR_SUCCESS);
    MX_CHECK(&t, up.supportsUserPresence == XR_TRUE);
    /* XR_META_headset_id: the model's fixed id, a version-5 layout UUID */
    MX_CHECK(&t, memcmp(id.id.data, "mockxr", 6) == 0 && (id.id.data[6] >> 4) == 5 && (id.id.data[8] >> 6) == 2);
    struct fns f = {EXT_FN(&t, app.instance, PFN_xrEnumerateDisplayRefreshRatesFB, "xrEnumerateDisplayRefreshRatesFB"),
                    EXT_FN(&t, app.instance, PFN_xrGetDisplayRefreshRateFB, "xrGetDisplayRefreshRateFB"),
                    EXT_FN(&t, app.instance, PFN_xrRequestDisplayRefreshRateFB, "xrRequestDisplayRefreshRateFB"),
                    EXT_FN(&t, app.instance, PFN_xrPerfSettingsSetPerformanceLevelEXT,
                           "xrPerfSettingsSetPerformanceLevelEXT"),
                    EXT_FN(&t, app.instance, PFN_xrThermalGetTemperatureTrendEXT, "xrThermalGetTemperatureTrendEXT")};
    MX_REQUIRE_RESULT(&t, f.enumerate && f.get && f.request && f.set_level && f.trend ? XR_SUCCESS
                                                                                      : XR_ERROR_FUNCTION_UNSUPPORTED,
                      XR_SUCCESS);
    struct seen s = {0};
    test_rates(&t, &f, &app, &s);
    test_perf(&t, &f, &app);
    test_timeline(&t, &f, &app, &s);
    mx_test_app_stop(&app);
    if (!t.clean)
        check_report(&t);
    unsetenv("MOCKXR_REPORT");
    test_metrics(&t);
    return mx_test_finish(&t, "ext_headset");
}
