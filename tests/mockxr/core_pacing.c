/* mockxr conformance: MOCKXR_PACING on the realtime clock. App pacing wakes a (headless) app its estimated
 * cost plus margin before the display time, as the report's wake targets show; slot pacing wakes it at
 * the slot start; the variable is checked. Lenient where a loaded machine could change the outcome. */
#include "mx_test.h"

#include <cjson/cJSON.h>

#define FRAMES 60
#define WARMUP 8 /* more than the estimator's MX_PACING_MIN_FRAMES (4) */

static double num(const cJSON *o, const char *k)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
    return cJSON_IsNumber(v) ? v->valuedouble : -1.0;
}

static void run_app(struct mx_test *t, const char *pacing, const char *report)
{
    mx_test_reset_env();
    setenv("MOCKXR_CLOCK", "realtime", 1);
    setenv("MOCKXR_PACING", pacing, 1);
    setenv("MOCKXR_REPORT", report, 1);
    struct mx_test_app app;
    MX_REQUIRE_RESULT(t, mx_test_app_start(&app, NULL), XR_SUCCESS);
    for (int k = 0; k < FRAMES; k++)
        MX_CHECK_RESULT(t, mx_test_frame(app.session, NULL), XR_SUCCESS);
    mx_test_app_stop(&app);
}

struct seen {
    int frames, late, discarded, short_lead, exact, woken_early, gpu_known, estimate_exact;
    double min_lead_ms;
    bool header_ok, summary_ok, monotonic_ok;
    double cost[FRAMES]; /* end - wake_target of each frame (headless: the cost the estimator is fed) */
};

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* What mockxr's estimator (core/pacing.c) gives after `n` frames: the 90th percentile (nearest rank) of the
 * last 64 costs, or the least of the last 3 if that is more (a lasting step up); 0 before 4 frames. */
static double expected_estimate(const struct seen *s, int n)
{
    if (n < 4)
        return 0;
    double w[64];
    int count = n < 64 ? n : 64;
    for (int k = 0; k < count; k++)
        w[k] = s->cost[n - count + k];
    qsort(w, (size_t)count, sizeof(double), cmp_double);
    double estimate = w[(count * 9 + 9) / 10 - 1];
    for (int k = 1; k <= 3; k++)
        if (s->cost[n - k] < estimate)
            return estimate;
    double least = s->cost[n - 1];
    for (int k = 2; k <= 3; k++)
        least = s->cost[n - k] < least ? s->cost[n - k] : least;
    return least;
}

/* p90 of the whole run's costs: whether the machine let frames cost well under a period. */
static double p90_cost(const struct seen *s)
{
    double w[FRAMES];
    int n = s->frames < FRAMES ? s->frames : FRAMES;
    memcpy(w, s->cost, sizeof(double) * (size_t)n);
    qsort(w, (size_t)n, sizeof(double), cmp_double);
    return n ? w[(n * 9 + 9) / 10 - 1] : 0;
}

static void read_frame(const cJSON *o, bool app, struct seen *s)
{
    double predicted = num(o, "predicted_display_time"), period = num(o, "period");
    double target = num(o, "wake_target"), wake = num(o, "wake");
    double estimate = num(o, "estimate"), margin = num(o, "margin");
    double lead = predicted - target;
    int n = s->frames;
    /* the estimate the frame was woken with comes from the costs of the frames before it */
    s->estimate_exact += estimate == expected_estimate(s, n);
    if (n < FRAMES)
        s->cost[n] = num(o, "end") - target;
    s->frames++;
    s->late += num(o, "late") != 0;
    s->discarded += num(o, "discarded") != 0;
    s->woken_early += wake < target; /* never before the target it aimed for */
    s->gpu_known += num(o, "gpu_done") != 0; /* headless: no GPU to watch */
    if (num(o, "frame") < WARMUP)
        return;
    /* the lead the record names: estimate + margin, at most a period (slot: exactly a period) */
    double expect = app && estimate + margin < period ? estimate + margin : period;
    s->exact += lead == expect && estimate >= 0 && margin >= 1e6;
    s->short_lead += lead < period;
    if (s->min_lead_ms < 0 || lead / 1e6 < s->min_lead_ms)
        s->min_lead_ms = lead / 1e6;
}

static struct seen *read_report(struct mx_test *t, const char *path, const char *pacing)
{
    static struct seen runs[2];
    struct seen *sp = &runs[strcmp(pacing, "app") == 0 ? 0 : 1];
    *sp = (struct seen){.min_lead_ms = -1};
    struct seen s = *sp;
    bool app = strcmp(pacing, "app") == 0;
    FILE *f = fopen(path, "r");
    MX_CHECK(t, f != NULL);
    char line[8192];
    while (f && fgets(line, sizeof line, f)) {
        cJSON *o = cJSON_Parse(line);
        MX_CHECK(t, o != NULL);
        const cJSON *type = cJSON_GetObjectItemCaseSensitive(o, "type");
        const char *ty = cJSON_IsString(type) ? type->valuestring : "";
        if (strcmp(ty, "header") == 0) {
            const cJSON *p = cJSON_GetObjectItemCaseSensitive(o, "pacing");
            s.header_ok = cJSON_IsString(p) && strcmp(p->valuestring, pacing) == 0;
        } else if (strcmp(ty, "frame") == 0) {
            read_frame(o, app, &s);
        } else if (strcmp(ty, "monotonic") == 0) {
            const cJSON *mono = cJSON_GetObjectItemCaseSensitive(o, "app_cpu_ms");
            s.monotonic_ok = cJSON_IsObject(mono) && num(mono, "p50") >= 0 && num(mono, "max") >= num(mono, "p50");
        } else if (strcmp(ty, "summary") == 0) {
            s.summary_ok = !cJSON_HasObjectItem(o, "gpu_after_end_ms") && num(o, "gpu_late") == 0;
        }
        cJSON_Delete(o);
    }
    if (f)
        fclose(f);
    *sp = s;
    return sp;
}

static void test_pacing(struct mx_test *t)
{
    run_app(t, "app", "core_pacing_app.jsonl");
    run_app(t, "slot", "core_pacing_slot.jsonl");
    const struct seen a = *read_report(t, "core_pacing_app.jsonl", "app");
    const struct seen s = *read_report(t, "core_pacing_slot.jsonl", "slot");
    const int paced = FRAMES - WARMUP;
    MX_CHECK(t, a.header_ok && s.header_ok && a.summary_ok && s.summary_ok && a.monotonic_ok && s.monotonic_ok);
    MX_CHECK(t, a.frames == FRAMES && s.frames == FRAMES);
    MX_CHECK(t, a.woken_early == 0 && s.woken_early == 0 && a.gpu_known == 0 && s.gpu_known == 0);
    /* every wake target is the lead its line names, every estimate the p90 of the costs before it */
    MX_CHECK(t, a.exact == paced && s.exact == paced);
    MX_CHECK(t, a.estimate_exact == FRAMES && s.estimate_exact == FRAMES);
    /* slot: a whole period; app: a headless frame costs microseconds, so on an idle machine every lead is about
     * the 1.1 ms base margin — after the slot start by most of a period. Lenient: on a loaded machine (a shared
     * 2-CPU VM at load 10-14 here) wake-ups come milliseconds late, which the cost includes, and late frames
     * widen the margin: 0-23 of 52 leads stayed under a period there. The model is checked exactly above; a
     * shorter lead is required where the run's own costs (p90 + twice the base margin) fit in a period. */
    MX_CHECK(t, s.short_lead == 0 && s.min_lead_ms > 11.0);
    MX_CHECK(t, a.min_lead_ms >= 1.0);
    const bool fits = p90_cost(&a) + 2 * 1111111.0 < 11111111.0;
    MX_CHECK(t, a.short_lead >= 1 || !fits);
    MX_CHECK(t, a.discarded == 0 && (a.late <= FRAMES / 4 || !fits));
    printf("app: %d frames, %d late, %d of %d leads under a period (min %.3f ms), %d exact, cost p90 %.3f ms%s; "
           "slot: %d short, %d exact\n", a.frames, a.late, a.short_lead, paced, a.min_lead_ms, a.exact,
           p90_cost(&a) / 1e6, fits ? "" : " (machine too loaded to require a shorter lead)", s.short_lead, s.exact);
    if (t->failures == 0) {
        remove("core_pacing_app.jsonl");
        remove("core_pacing_slot.jsonl");
    }
}

/* Bad values are refused with a message; the virtual clock paces by slot (its default) only. */
static void test_config(struct mx_test *t)
{
    static const char *const bad[][2] = {{"fast", "realtime"}, {"app", "virtual"}};
    for (int k = 0; k < 2; k++) {
        mx_test_reset_env();
        setenv("MOCKXR_PACING", bad[k][0], 1);
        setenv("MOCKXR_CLOCK", bad[k][1], 1);
        XrInstance inst = XR_NULL_HANDLE;
        char out[2048];
        MX_CHECK_RESULT(t, mx_test_create_instance_captured(&inst, out, sizeof out), XR_ERROR_RUNTIME_FAILURE);
        MX_CHECK(t, strstr(out, "MOCKXR_PACING") != NULL);
        if (inst != XR_NULL_HANDLE)
            xrDestroyInstance(inst);
    }
    mx_test_reset_env();
    setenv("MOCKXR_REPORT", "core_pacing_virtual.jsonl", 1);
    struct mx_test_app app;
    MX_REQUIRE_RESULT(t, mx_test_app_start(&app, NULL), XR_SUCCESS);
    mx_test_app_stop(&app);
    FILE *f = fopen("core_pacing_virtual.jsonl", "r");
    char line[1024] = "";
    MX_CHECK(t, f && fgets(line, sizeof line, f) && strstr(line, "\"pacing\":\"slot\"") != NULL);
    if (f)
        fclose(f);
    remove("core_pacing_virtual.jsonl");
}

int main(int argc, char **argv)
{
    struct mx_test t;
    mx_test_init(&t, argc, argv);
    test_pacing(&t);
    if (!t.clean)
        test_config(&t);
    return mx_test_finish(&t, "core_pacing");
}
