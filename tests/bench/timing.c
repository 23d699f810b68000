/* fxr-timing's record parsing (cJSON) and statistics: percentiles, phases, pose age, jitter, misses. */
#include "timing.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

/* A numeric field: absent -> fallback; present but not a number -> false. */
static bool get_i64(const cJSON *obj, const char *key, int64_t fallback, int64_t *out)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    if (!v) {
        *out = fallback;
        return true;
    }
    if (!cJSON_IsNumber(v))
        return false;
    *out = (int64_t)v->valuedouble;
    return true;
}

static bool get_flag(const cJSON *obj, const char *key, bool *out)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    *out = (cJSON_IsNumber(v) && v->valuedouble != 0.0) || cJSON_IsTrue(v);
    return !v || cJSON_IsNumber(v) || cJSON_IsBool(v);
}

/* An optional number of ms: absent or null -> -1. */
static bool get_ms(const cJSON *obj, const char *key, double *out)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    *out = cJSON_IsNumber(v) ? v->valuedouble : -1.0;
    return !v || cJSON_IsNumber(v) || cJSON_IsNull(v);
}

static int parse_frame(const cJSON *rec, struct timing_frame *f)
{
    int64_t pose_age = 0;
    bool has_pose_age = cJSON_GetObjectItemCaseSensitive(rec, "pose_age") != NULL;
    bool ok = get_i64(rec, "frame", 0, &f->frame) && get_i64(rec, "predicted_display_time", 0, &f->predicted_display_time) &&
              get_i64(rec, "period", 0, &f->period) && get_i64(rec, "wake", 0, &f->wake) &&
              get_i64(rec, "begin", 0, &f->begin) && get_i64(rec, "located", 0, &f->located) &&
              get_i64(rec, "end", 0, &f->end) && get_i64(rec, "pose_age", 0, &pose_age) &&
              get_i64(rec, "draws", -1, &f->draws) && get_i64(rec, "triangles", -1, &f->triangles) &&
              get_flag(rec, "discarded", &f->discarded) && get_flag(rec, "late", &f->late) &&
              get_ms(rec, "gpu_ms", &f->gpu_ms) && get_ms(rec, "fence_wait_ms", &f->fence_ms) &&
              get_ms(rec, "res_scale", &f->res_scale);
    if (!ok)
        return -1;
    if (f->located <= 0)
        f->pose_age = 0; /* views never located for this frame: no pose age */
    else if (has_pose_age)
        f->pose_age = pose_age;
    else
        f->pose_age = f->predicted_display_time - f->located;
    return 1;
}

int timing_parse_line(const char *line, struct timing_frame *out_frame, int64_t *inout_header_period)
{
    if (line[strspn(line, " \t\r\n")] == '\0')
        return 0;
    cJSON *rec = cJSON_Parse(line);
    if (!cJSON_IsObject(rec)) {
        cJSON_Delete(rec);
        return -1;
    }
    const cJSON *type = cJSON_GetObjectItemCaseSensitive(rec, "type");
    const char *t = cJSON_IsString(type) ? type->valuestring : NULL;
    int rc = 0;
    if (t && strcmp(t, "header") == 0) {
        int64_t period = 0;
        if (get_i64(rec, "period", 0, &period) && period > 0)
            *inout_header_period = period;
    } else if ((!t || strcmp(t, "frame") == 0) && cJSON_IsNumber(cJSON_GetObjectItemCaseSensitive(rec, "frame"))) {
        *out_frame = (struct timing_frame){0};
        rc = parse_frame(rec, out_frame);
    }
    cJSON_Delete(rec);
    return rc;
}

int timing_records_append(struct timing_records *r, const struct timing_frame *frame)
{
    if (r->count == r->capacity) {
        size_t cap = r->capacity ? r->capacity * 2 : 256;
        struct timing_frame *grown = realloc(r->frames, cap * sizeof *grown);
        if (!grown)
            return -1;
        r->frames = grown;
        r->capacity = cap;
    }
    r->frames[r->count++] = *frame;
    return 0;
}

void timing_records_free(struct timing_records *r)
{
    free(r->frames);
    *r = (struct timing_records){0};
}

int timing_records_load(const char *path, struct timing_records *out_records)
{
    struct timing_records r = {0};
    *out_records = r;
    FILE *f = fopen(path, "r");
    if (!f) {
        fprintf(stderr, "fxr-timing: cannot read %s: %s\n", path, strerror(errno));
        return -1;
    }
    char *line = NULL;
    size_t cap = 0;
    long lineno = 0;
    int rc = 0;
    while (rc == 0 && getline(&line, &cap, f) >= 0) {
        lineno++;
        struct timing_frame frame;
        int got = timing_parse_line(line, &frame, &r.header_period);
        if (got < 0) {
            fprintf(stderr, "fxr-timing: %s:%ld: not a JSON object, or a frame record with a non-numeric field\n",
                    path, lineno);
            rc = -1;
        } else if (got == 1 && timing_records_append(&r, &frame) != 0) {
            fprintf(stderr, "fxr-timing: out of memory reading %s\n", path);
            rc = -1;
        }
    }
    free(line);
    fclose(f);
    if (rc != 0)
        timing_records_free(&r);
    *out_records = r;
    return rc;
}

double timing_percentile(const double *sorted, size_t n, double p)
{
    if (n == 0)
        return 0.0;
    double rank = ceil(p / 100.0 * (double)n);
    size_t idx = rank < 1.0 ? 0 : (size_t)rank - 1;
    return sorted[idx < n ? idx : n - 1];
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

void timing_dist_compute(double *values, size_t n, struct timing_dist *out_dist)
{
    *out_dist = (struct timing_dist){.n = n};
    if (n == 0)
        return;
    qsort(values, n, sizeof *values, cmp_double);
    out_dist->p50 = timing_percentile(values, n, 50.0);
    out_dist->p95 = timing_percentile(values, n, 95.0);
    out_dist->p99 = timing_percentile(values, n, 99.0);
    out_dist->max = values[n - 1];
}

/* Milliseconds from `from` to `to`, when both happened (non-zero) and in that order. */
static bool span_ms(int64_t from, int64_t to, double *out)
{
    if (from <= 0 || to <= 0 || to < from)
        return false;
    *out = (double)(to - from) / 1e6;
    return true;
}

enum { S_W2B, S_B2L, S_L2E, S_W2E, S_GPU, S_FENCE, S_AGE, S_JIT, S_PERIOD, S_DRAWS, S_TRIS, S_SCALE, S_COUNT };

/* Per-frame samples of every series, then one distribution each. */
static void collect(const struct timing_frame *fr, size_t first, size_t count, int64_t header_period,
                    double *series[S_COUNT], size_t n[S_COUNT], struct timing_summary *s)
{
    for (size_t i = first; i < count; i++) {
        const struct timing_frame *f = &fr[i];
        int64_t period = f->period > 0 ? f->period : header_period;
        double v;
        if (span_ms(f->wake, f->begin, &v)) series[S_W2B][n[S_W2B]++] = v;
        if (span_ms(f->begin, f->located, &v)) series[S_B2L][n[S_B2L]++] = v;
        if (span_ms(f->located, f->end, &v)) series[S_L2E][n[S_L2E]++] = v;
        if (span_ms(f->wake, f->end, &v)) series[S_W2E][n[S_W2E]++] = v;
        if (f->gpu_ms >= 0.0) series[S_GPU][n[S_GPU]++] = f->gpu_ms;
        if (f->fence_ms >= 0.0) series[S_FENCE][n[S_FENCE]++] = f->fence_ms;
        if (f->located > 0) series[S_AGE][n[S_AGE]++] = (double)f->pose_age / 1e6;
        else s->unlocated++;
        if (period > 0) series[S_PERIOD][n[S_PERIOD]++] = (double)period / 1e6;
        if (f->draws >= 0) series[S_DRAWS][n[S_DRAWS]++] = (double)f->draws;
        if (f->triangles >= 0) series[S_TRIS][n[S_TRIS]++] = (double)f->triangles;
        if (f->res_scale > 0.0) {
            series[S_SCALE][n[S_SCALE]++] = f->res_scale;
            s->below_full += f->res_scale < 1.0;
        }
        s->discarded += f->discarded;
        s->late += f->late;
        if (i == first || fr[i - 1].frame + 1 != f->frame || period <= 0)
            continue; /* jitter and misses need the previous frame of the same run */
        if (f->wake > 0 && fr[i - 1].wake > 0)
            series[S_JIT][n[S_JIT]++] = fabs((double)(f->wake - fr[i - 1].wake - period)) / 1e6;
        int64_t gap = f->predicted_display_time - fr[i - 1].predicted_display_time;
        int64_t slots = (int64_t)llround((double)gap / (double)period);
        if (slots > 1)
            s->missed += slots - 1;
    }
}

int timing_summarize(const struct timing_records *r, size_t warmup, struct timing_summary *out_summary)
{
    struct timing_summary s = {.frames_total = r->count, .warmup = warmup};
    *out_summary = s;
    if (r->count <= warmup)
        return -1;
    size_t count = r->count - warmup;
    double *block = malloc(sizeof(double) * count * S_COUNT);
    if (!block)
        return -1;
    double *series[S_COUNT];
    size_t n[S_COUNT] = {0};
    for (int k = 0; k < S_COUNT; k++)
        series[k] = block + (size_t)k * count;
    s.frames = count;
    collect(r->frames, warmup, r->count, r->header_period, series, n, &s);
    struct timing_dist *dists[] = {&s.wake_to_begin, &s.begin_to_located, &s.located_to_end, &s.wake_to_end,
                                   &s.gpu, &s.fence, &s.pose_age, &s.wake_jitter};
    for (int k = 0; k <= S_JIT; k++)
        timing_dist_compute(series[k], n[k], dists[k]);
    struct timing_dist d;
    timing_dist_compute(series[S_PERIOD], n[S_PERIOD], &d);
    s.period_ms = d.p50;
    timing_dist_compute(series[S_DRAWS], n[S_DRAWS], &d);
    s.draws = d.n ? d.p50 : -1.0;
    timing_dist_compute(series[S_TRIS], n[S_TRIS], &d);
    s.triangles = d.n ? d.p50 : -1.0;
    timing_dist_compute(series[S_SCALE], n[S_SCALE], &d);
    s.res_scale = d.n ? d.p50 : -1.0;
    s.res_scale_min = d.n ? series[S_SCALE][0] : -1.0; /* sorted ascending by timing_dist_compute */
    free(block);
    *out_summary = s;
    return 0;
}
