/* Unit test of the xr module's timing records: JSON lines written in frame order once their GPU time
 * is known, pose age derived, unknown GPU time as null, missed slots counted, percentiles in the table; a long
 * run keeps only recent records and its table's percentiles stay within a bucket (1/64) of the exact ones. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "unit_check.h"
#include "xr_internal.h"


/* stats.c logs through the module's logger; instance.c is not linked here. */
void xr_log(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

#define P 10000000LL /* 100 Hz */

/* Frame i: display time (i + 1 + skipped) * P, app CPU (i + 1) ms, located 2 ms after wake. */
static void add_frame(struct xr_stats *s, uint64_t i, int64_t skipped, bool gpu_pending)
{
    struct xr_frame_record *r = xr_stats_frame_new(s);
    CHECK(r != NULL);
    r->frame = i;
    r->period = P;
    r->predicted_display_time = (int64_t)(i + 1 + skipped) * P;
    r->wake = r->predicted_display_time - P;
    r->begin = r->wake + 1000000;
    r->located = r->wake + 2000000;
    r->end = r->wake + (int64_t)(i + 1) * 1000000;
    if (r->end < r->located)
        r->end = r->located;
    /* CLOCK_MONOTONIC: begin 0.25 ms, located 0.5 ms, end (i + 1) * 0.5 ms after wake */
    r->mono.wake = 7000000000LL + (int64_t)i * P;
    r->mono.begin = r->mono.wake + 250000;
    r->mono.located = r->mono.wake + 500000;
    r->mono.end = r->mono.wake + (int64_t)(i + 1) * 500000;
    r->should_render = true;
    r->gpu_pending = gpu_pending;
    r->draws = 3;
    r->triangles = 99;
}

static size_t count_lines(const char *path, cJSON **out_first, cJSON **out_last)
{
    FILE *f = fopen(path, "r");
    char line[1024];
    size_t n = 0;
    while (f && fgets(line, sizeof(line), f)) {
        cJSON *j = cJSON_Parse(line);
        CHECK(j != NULL);
        if (n == 0)
            *out_first = j;
        else if (*out_last)
            cJSON_Delete(*out_last);
        if (n > 0)
            *out_last = j;
        n++;
    }
    if (f)
        fclose(f);
    return n;
}

static double num(const cJSON *o, const char *k)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
    CHECK(cJSON_IsNumber(v));
    return cJSON_IsNumber(v) ? v->valuedouble : -1;
}

static int cmp_i64(const void *a, const void *b)
{
    const int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

/* The table's p50/p95/p99/max of `name`. */
static bool table_values(const char *table, const char *name, double out[4])
{
    const char *row = strstr(table, name);
    return row && sscanf(row + strlen(name), "%lf %lf %lf %lf", &out[0], &out[1], &out[2], &out[3]) == 4;
}

/* 100,000 frames with pseudo-random app CPU times and pose ages that go negative (located after the display
 * time): old records are dropped, and every percentile is within 1/64 (+ the printed 0.001 ms) of the exact
 * nearest-rank value. */
static void test_long_run(void)
{
    enum { N = 100000 };
    struct xr_stats *s = NULL;
    CHECK(xr_stats_create(NULL, true, &s) == 0);
    if (!s)
        return;
    static int64_t cpu[N], age[N];
    uint32_t seed = 12345;
    for (uint64_t i = 0; i < N; ++i) {
        struct xr_frame_record *r = xr_stats_frame_new(s);
        CHECK(r != NULL);
        if (!r)
            break;
        seed = seed * 1664525u + 1013904223u;
        r->frame = i;
        r->period = P;
        r->predicted_display_time = (int64_t)(i + 1) * P;
        r->wake = r->predicted_display_time - P;
        r->begin = r->wake + 1000;
        r->located = r->wake + 2000 + (int64_t)(seed >> 8) % (2 * P); /* up to one period late */
        r->end = r->located + (int64_t)(seed % 50000000u);            /* up to 50 ms */
        r->should_render = true;
        cpu[i] = r->end - r->wake;
        age[i] = r->predicted_display_time - r->located;
        xr_stats_frame_done(s, i);
    }
    CHECK(xr_stats_frame_get(s, 0) == NULL && xr_stats_frame_get(s, N / 2) == NULL);
    CHECK(xr_stats_frame_get(s, N - 1) != NULL && xr_stats_frame_get(s, N - 2) != NULL);
    char *table = NULL;
    size_t size = 0;
    FILE *out = open_memstream(&table, &size);
    xr_stats_print_table(s, out);
    fclose(out);
    CHECK(strstr(table, "100000 frames (99990 after 10 warm-up, 99990 shown), 0 missed") != NULL);
    const char *names[2] = {"app cpu (wake->end)", "pose age"};
    int64_t *values[2] = {cpu, age};
    bool negative = false;
    for (int m = 0; m < 2; ++m) {
        int64_t *v = values[m] + 10;
        const size_t n = N - 10;
        qsort(v, n, sizeof(*v), cmp_i64);
        negative = negative || v[0] < 0;
        const double exact[4] = {v[(n - 1) * 50 / 100] * 1e-6, v[(n - 1) * 95 / 100] * 1e-6,
                                 v[(n - 1) * 99 / 100] * 1e-6, v[n - 1] * 1e-6};
        double got[4];
        CHECK(table_values(table, names[m], got));
        for (int k = 0; k < 4; ++k) {
            const double tol = fabs(exact[k]) / 64 + 0.0011;
            if (fabs(got[k] - exact[k]) > tol) {
                fprintf(stderr, "%s column %d: %.4f, exact %.4f\n", names[m], k, got[k], exact[k]);
                failures++;
            }
        }
    }
    CHECK(negative); /* the case the histogram's negative side exists for */
    free(table);
    xr_stats_destroy(&s);
}

int main(void)
{
    test_long_run();
    char path[] = "/tmp/xr_stats_test_XXXXXX";
    int fd = mkstemp(path);
    CHECK(fd >= 0);
    struct xr_stats *s = NULL;
    CHECK(xr_stats_create("/nonexistent-dir/stats.jsonl", true, &s) == -1 && s == NULL);
    CHECK(xr_stats_create(path, true, &s) == 0);
    xr_stats_set_clock(s, true);
    /* 100 frames; frame 0 waits for its GPU time, the rest are settled; one slot skipped after frame 49. */
    for (uint64_t i = 0; i < 100; ++i) {
        add_frame(s, i, i >= 50 ? 1 : 0, i == 0);
        xr_stats_frame_done(s, i);
    }
    struct xr_frame_record *r0 = xr_stats_frame_get(s, 0);
    CHECK(r0 && r0->frame == 0 && xr_stats_frame_get(s, 100) == NULL);
    /* the last frame carries live data, named by the app */
    static const char *const bad_names[2] = {"json", "range"};
    xr_stats_set_live_names(s, bad_names, 2);
    struct xr_frame_record *r99 = xr_stats_frame_get(s, 99);
    CHECK(r99 != NULL);
    if (r99)
        r99->live = (struct xr_live_record){.enabled = true, .link = SCENE_LINK_UP, .machines = 3, .stale = 1,
                                            .status = {1, 0, 0, 2, 0}, .applied = 2, .messages = 40, .bad = {5, 7}};
    r0->gpu_ms = 1.5; /* arrives late: frame 0's line (and all after it) waited for it */
    r0->gpu_pending = false;
    xr_stats_frame_done(s, 99);

    char *table = NULL;
    size_t size = 0;
    FILE *out = open_memstream(&table, &size);
    xr_stats_print_table(s, out);
    fclose(out);
    /* After 10 warm-up frames app CPU is 11..100 ms (the end is max(located, wake + i + 1 ms)). */
    CHECK(strstr(table, "100 frames (90 after 10 warm-up, 90 shown), 1 missed, 0 discarded, 0 late") != NULL);
    double p50 = 0, p95 = 0, p99 = 0, max = 0;
    const char *row = strstr(table, "app cpu (wake->end)");
    CHECK(row && sscanf(row + strlen("app cpu (wake->end)"), "%lf %lf %lf %lf", &p50, &p95, &p99, &max) == 4);
    CHECK(p50 == 55.0 && p95 == 95.0 && p99 == 99.0 && max == 100.0);
    row = strstr(table, "pose age");
    CHECK(row && sscanf(row + strlen("pose age"), "%lf %lf %lf %lf", &p50, &p95, &p99, &max) == 4);
    CHECK(p50 == 8.0 && max == 8.0);
    CHECK(strstr(table, "  gpu                            -         -         -         -") != NULL); /* all unknown */
    /* the runtime's clock is used (set_clock true): the same phases follow on CLOCK_MONOTONIC */
    const char *mono = strstr(table, "the same on CLOCK_MONOTONIC");
    CHECK(mono != NULL);
    row = mono ? strstr(mono, "wake->begin") : NULL;
    CHECK(row && sscanf(row + strlen("wake->begin"), "%lf %lf %lf %lf", &p50, &p95, &p99, &max) == 4);
    CHECK(p50 == 0.25 && max == 0.25);
    row = mono ? strstr(mono, "app cpu (wake->end)") : NULL;
    CHECK(row && sscanf(row + strlen("app cpu (wake->end)"), "%lf %lf %lf %lf", &p50, &p95, &p99, &max) == 4);
    CHECK(p50 == 27.5 && max == 50.0);
    if (failures)
        fputs(table, stderr);
    free(table);
    xr_stats_destroy(&s);
    CHECK(s == NULL);
    xr_stats_destroy(&s); /* tolerates NULL */
    cJSON *first = NULL, *last = NULL;
    size_t n = count_lines(path, &first, &last);
    CHECK(n == 100);
    if (first && last) {
        CHECK(num(first, "frame") == 0 && num(first, "gpu_ms") == 1.5 && num(first, "pose_age") == P - 2000000);
        CHECK(num(first, "draws") == 3 && num(first, "triangles") == 99 && num(first, "discarded") == 0);
        CHECK(cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(last, "gpu_ms")));
        CHECK(num(last, "frame") == 99 && num(last, "predicted_display_time") == 101 * P);
        const cJSON *clock = cJSON_GetObjectItemCaseSensitive(last, "clock");
        CHECK(cJSON_IsString(clock) && strcmp(clock->valuestring, "xr") == 0);
        CHECK(cJSON_GetObjectItemCaseSensitive(first, "live") == NULL);
        const cJSON *live = cJSON_GetObjectItemCaseSensitive(last, "live");
        const cJSON *link = cJSON_GetObjectItemCaseSensitive(live, "link");
        const cJSON *bad = cJSON_GetObjectItemCaseSensitive(live, "bad");
        CHECK(cJSON_IsString(link) && strcmp(link->valuestring, "up") == 0);
        CHECK(num(live, "machines") == 3 && num(live, "stale") == 1 && num(live, "running") == 1 &&
              num(live, "fault") == 2 && num(live, "applied") == 2 && num(live, "messages") == 40);
        CHECK(num(bad, "json") == 5 && num(bad, "range") == 7 && cJSON_GetArraySize(bad) == 2);
    }
    cJSON_Delete(first);
    cJSON_Delete(last);
    close(fd);
    unlink(path);
    return unit_finish("xr stats");
}
