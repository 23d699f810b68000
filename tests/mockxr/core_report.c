/* mockxr conformance: the MOCKXR_REPORT record format, and virtual-time determinism (two runs, same bytes). */
#include "mx_test.h"

#include <cjson/cJSON.h>
#include <time.h>

#define FRAMES 40

static const XrPosef g_identity = {.orientation = {0, 0, 0, 1}};

/* One app run: FRAMES frames with views located, then one discarded frame; `provoke` adds one rule break. */
static void run_app(struct mx_test *t, const char *report, bool provoke)
{
    mx_test_reset_env();
    setenv("MOCKXR_REPORT", report, 1);
    setenv("MOCKXR_VIEW_SIZE", "256x256", 1);
    setenv("MOCKXR_HEAD", "look", 1);
    struct mx_test_app app;
    MX_REQUIRE_RESULT(t, mx_test_app_start(&app, NULL), XR_SUCCESS);
    XrSpace local;
    XrReferenceSpaceCreateInfo ci = {.type = XR_TYPE_REFERENCE_SPACE_CREATE_INFO,
                                     .referenceSpaceType = XR_REFERENCE_SPACE_TYPE_LOCAL, .poseInReferenceSpace = g_identity};
    MX_REQUIRE_RESULT(t, xrCreateReferenceSpace(app.session, &ci, &local), XR_SUCCESS);
    for (int k = 0; k < FRAMES; k++) {
        XrFrameState fs = {.type = XR_TYPE_FRAME_STATE};
        MX_CHECK_RESULT(t, xrWaitFrame(app.session, NULL, &fs), XR_SUCCESS);
        MX_CHECK_RESULT(t, xrBeginFrame(app.session, NULL), XR_SUCCESS);
        XrViewLocateInfo li = {.type = XR_TYPE_VIEW_LOCATE_INFO,
                               .viewConfigurationType = XR_VIEW_CONFIGURATION_TYPE_PRIMARY_STEREO,
                               .displayTime = fs.predictedDisplayTime, .space = local};
        XrViewState vs = {.type = XR_TYPE_VIEW_STATE};
        XrView views[2] = {{.type = XR_TYPE_VIEW}, {.type = XR_TYPE_VIEW}};
        uint32_t n;
        MX_CHECK_RESULT(t, xrLocateViews(app.session, &li, &vs, 2, &n, views), XR_SUCCESS);
        XrFrameEndInfo end = {.type = XR_TYPE_FRAME_END_INFO, .displayTime = fs.predictedDisplayTime,
                              .environmentBlendMode = XR_ENVIRONMENT_BLEND_MODE_OPAQUE};
        MX_CHECK_RESULT(t, xrEndFrame(app.session, &end), XR_SUCCESS);
        if (provoke && k == 3)
            MX_CHECK_RESULT(t, xrBeginFrame(app.session, NULL), XR_ERROR_CALL_ORDER_INVALID);
    }
    XrFrameState fs = {.type = XR_TYPE_FRAME_STATE};
    MX_CHECK_RESULT(t, xrWaitFrame(app.session, NULL, &fs), XR_SUCCESS);
    MX_CHECK_RESULT(t, xrBeginFrame(app.session, NULL), XR_SUCCESS);
    MX_CHECK_RESULT(t, xrWaitFrame(app.session, NULL, &fs), XR_SUCCESS);
    MX_CHECK_RESULT(t, xrBeginFrame(app.session, NULL), XR_FRAME_DISCARDED);
    XrFrameEndInfo end = {.type = XR_TYPE_FRAME_END_INFO, .displayTime = fs.predictedDisplayTime,
                          .environmentBlendMode = XR_ENVIRONMENT_BLEND_MODE_OPAQUE};
    MX_CHECK_RESULT(t, xrEndFrame(app.session, &end), XR_SUCCESS);
    mx_test_app_stop(&app); /* the summary is written when the instance goes */
}

static char *slurp(const char *path, size_t *out_size)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *buf = calloc(1, 1 << 20);
    size_t n = buf ? fread(buf, 1, (1 << 20) - 1, f) : 0;
    fclose(f);
    *out_size = n;
    return buf;
}

static double num(const cJSON *o, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    return cJSON_IsNumber(v) ? v->valuedouble : -1.0;
}

static void check_frame(struct mx_test *t, const cJSON *o, int index, double *io_last_pdt)
{
    MX_CHECK(t, num(o, "frame") == index);
    double pdt = num(o, "predicted_display_time"), period = num(o, "period");
    MX_CHECK(t, period == 11111111.0);
    if (*io_last_pdt > 0)
        MX_CHECK(t, pdt - *io_last_pdt == period);
    *io_last_pdt = pdt;
    MX_CHECK(t, num(o, "wake_seq") < num(o, "begin_seq") && num(o, "begin_seq") < num(o, "located_seq") &&
                    num(o, "located_seq") < num(o, "end_seq"));
    MX_CHECK(t, num(o, "display_time") == pdt);
    MX_CHECK(t, num(o, "pose_age") == pdt - num(o, "located"));
    MX_CHECK(t, num(o, "app_cpu") == num(o, "end") - num(o, "wake"));
    MX_CHECK(t, num(o, "pose_age") > 0 && num(o, "discarded") == 0 && num(o, "late") == 0);
    MX_CHECK(t, num(o, "in_flight") == 1 && num(o, "haptics") == 0);
    MX_CHECK(t, cJSON_IsArray(cJSON_GetObjectItemCaseSensitive(o, "layers")));
}

static void check_summary(struct mx_test *t, const cJSON *o, int errors)
{
    MX_CHECK(t, num(o, "frames") == FRAMES + 2 && num(o, "discarded") == 1 && num(o, "missed") == 0);
    MX_CHECK(t, num(o, "errors") == errors);
    const char *series[] = {"app_cpu_ms", "pose_age_ms", "wake_jitter_ms"};
    for (int k = 0; k < 3; k++) {
        const cJSON *s = cJSON_GetObjectItemCaseSensitive(o, series[k]);
        MX_CHECK(t, cJSON_IsObject(s) && num(s, "p50") >= 0 && num(s, "p50") <= num(s, "p95") &&
                        num(s, "p95") <= num(s, "p99") && num(s, "p99") <= num(s, "max"));
    }
    /* views located right after xrBeginFrame, one period before display: pose age = one period */
    MX_CHECK(t, num(cJSON_GetObjectItemCaseSensitive(o, "pose_age_ms"), "p50") == 11.111);
}

/* Checks and removes the {"type":"monotonic",...} line (CLOCK_MONOTONIC figures, different each run), which
 * comes right before the summary; returns the new length. */
static size_t drop_monotonic(struct mx_test *t, char *text, size_t n)
{
    char *at = strstr(text, "{\"type\":\"monotonic\"");
    char *eol = at ? strchr(at, '\n') : NULL;
    MX_CHECK(t, eol && strncmp(eol + 1, "{\"type\":\"summary\"", strlen("{\"type\":\"summary\"")) == 0);
    if (!eol)
        return n;
    *eol = '\0';
    cJSON *o = cJSON_Parse(at);
    *eol = '\n';
    /* the app's CPU time as the process saw it: not 0 like the virtual clock's */
    const cJSON *cpu = cJSON_GetObjectItemCaseSensitive(o, "app_cpu_ms");
    MX_CHECK(t, cJSON_IsObject(cpu) && num(cpu, "max") > 0 && num(cpu, "p50") <= num(cpu, "max"));
    cJSON_Delete(o);
    memmove(at, eol + 1, (size_t)(text + n - (eol + 1)) + 1);
    return n - (size_t)(eol + 1 - at);
}

static void check_report(struct mx_test *t, char *text, int errors)
{
    int line = 0, frames = 0;
    double last_pdt = 0;
    bool summary = false;
    for (char *save = NULL, *l = strtok_r(text, "\n", &save); l; l = strtok_r(NULL, "\n", &save), line++) {
        cJSON *o = cJSON_Parse(l);
        MX_CHECK(t, o != NULL);
        const cJSON *type = cJSON_GetObjectItemCaseSensitive(o, "type");
        const char *ty = cJSON_IsString(type) ? type->valuestring : "";
        if (line == 0) {
            MX_CHECK(t, strcmp(ty, "header") == 0 && num(o, "refresh_hz") == 90 && num(o, "period") == 11111111);
            const cJSON *clock = cJSON_GetObjectItemCaseSensitive(o, "clock");
            MX_CHECK(t, cJSON_IsString(clock) && strcmp(clock->valuestring, "virtual") == 0);
            const cJSON *vs = cJSON_GetObjectItemCaseSensitive(o, "view_size");
            MX_CHECK(t, cJSON_GetArraySize(vs) == 2 && cJSON_GetArrayItem(vs, 0)->valueint == 256 &&
                            cJSON_GetArrayItem(vs, 1)->valueint == 256);
        } else if (strcmp(ty, "frame") == 0 && frames < FRAMES) {
            check_frame(t, o, frames++, &last_pdt);
        } else if (strcmp(ty, "frame") == 0) {
            MX_CHECK(t, num(o, "discarded") == (frames == FRAMES ? 1 : 0));
            frames++;
        } else if (strcmp(ty, "summary") == 0) {
            check_summary(t, o, errors);
            summary = true;
        }
        cJSON_Delete(o);
    }
    MX_CHECK(t, frames == FRAMES + 2 && summary);
}

/* Realtime: an app that sleeps three periods per frame misses display slots and ends its frames late.
 * Only lower bounds are checked (a loaded machine can only make it later, never earlier). */
static void test_realtime_misses(struct mx_test *t)
{
    mx_test_reset_env();
    setenv("MOCKXR_CLOCK", "realtime", 1);
    setenv("MOCKXR_REPORT", "core_report_rt.jsonl", 1);
    struct mx_test_app app;
    MX_REQUIRE_RESULT(t, mx_test_app_start(&app, NULL), XR_SUCCESS);
    const struct timespec nap = {.tv_sec = 0, .tv_nsec = 34000000}; /* > 3 periods at 90 Hz */
    for (int k = 0; k < 5; k++) {
        XrFrameState fs = {.type = XR_TYPE_FRAME_STATE};
        MX_CHECK_RESULT(t, xrWaitFrame(app.session, NULL, &fs), XR_SUCCESS);
        MX_CHECK_RESULT(t, xrBeginFrame(app.session, NULL), XR_SUCCESS);
        nanosleep(&nap, NULL);
        XrFrameEndInfo end = {.type = XR_TYPE_FRAME_END_INFO, .displayTime = fs.predictedDisplayTime,
                              .environmentBlendMode = XR_ENVIRONMENT_BLEND_MODE_OPAQUE};
        MX_CHECK_RESULT(t, xrEndFrame(app.session, &end), XR_SUCCESS);
    }
    mx_test_app_stop(&app);
    size_t n = 0;
    char *text = slurp("core_report_rt.jsonl", &n);
    char *last = NULL; /* start of the last line: the summary */
    for (size_t k = n >= 2 ? n - 2 : 0; text && n > 0 && !last; k--) {
        if (k == 0 || text[k - 1] == '\n')
            last = text + k;
    }
    cJSON *summary = last ? cJSON_Parse(last) : NULL;
    MX_CHECK(t, summary != NULL);
    MX_CHECK(t, num(summary, "frames") == 5 && num(summary, "late") == 5 && num(summary, "missed") >= 8);
    cJSON_Delete(summary);
    free(text);
    if (t->failures == 0)
        remove("core_report_rt.jsonl");
}

int main(int argc, char **argv)
{
    struct mx_test t;
    mx_test_init(&t, argc, argv);
    bool provoke = !t.clean;
    run_app(&t, "core_report_a.jsonl", provoke);
    run_app(&t, "core_report_b.jsonl", provoke);
    size_t na = 0, nb = 0;
    char *a = slurp("core_report_a.jsonl", &na), *b = slurp("core_report_b.jsonl", &nb);
    MX_REQUIRE_RESULT(&t, a && b ? XR_SUCCESS : XR_ERROR_RUNTIME_FAILURE, XR_SUCCESS);
    /* virtual clock: bit-identical records, but for the line of the process's own clock */
    na = drop_monotonic(&t, a, na);
    nb = drop_monotonic(&t, b, nb);
    MX_CHECK(&t, na > 0 && na == nb && memcmp(a, b, na) == 0);
    check_report(&t, a, provoke ? 1 : 0);
    free(a);
    free(b);
    remove("core_report_a.jsonl");
    remove("core_report_b.jsonl");
    test_realtime_misses(&t);
    return mx_test_finish(&t, "core_report");
}
