/* mockxr-run's reading of mockxr's JSON-lines report: counts of frame records and the summary line,
 * printed as the table CI logs show. */
#include "mxrun.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

static long get_long(const cJSON *obj, const char *key, long fallback)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    return cJSON_IsNumber(v) ? (long)v->valuedouble : fallback;
}

static void get_pctl(const cJSON *obj, const char *key, struct mxrun_pctl *out)
{
    const cJSON *p = cJSON_GetObjectItemCaseSensitive(obj, key);
    const char *names[] = {"p50", "p95", "p99", "max"};
    double *dst[] = {&out->p50, &out->p95, &out->p99, &out->max};
    out->present = cJSON_IsObject(p);
    for (int i = 0; out->present && i < 4; i++) {
        const cJSON *v = cJSON_GetObjectItemCaseSensitive(p, names[i]);
        *dst[i] = cJSON_IsNumber(v) ? v->valuedouble : 0.0;
        out->present = cJSON_IsNumber(v);
    }
}

static bool has_projection_layer(const cJSON *frame)
{
    const cJSON *layers = cJSON_GetObjectItemCaseSensitive(frame, "layers");
    const cJSON *layer;
    cJSON_ArrayForEach(layer, layers) {
        const cJSON *type = cJSON_GetObjectItemCaseSensitive(layer, "type");
        if (cJSON_IsString(type) && strcmp(type->valuestring, "projection") == 0)
            return true;
    }
    return false;
}

static void read_record(const cJSON *rec, struct mxrun_report *r)
{
    const cJSON *type = cJSON_GetObjectItemCaseSensitive(rec, "type");
    if (!cJSON_IsString(type))
        return;
    if (strcmp(type->valuestring, "header") == 0) {
        const cJSON *clock = cJSON_GetObjectItemCaseSensitive(rec, "clock");
        if (cJSON_IsString(clock))
            snprintf(r->clock, sizeof r->clock, "%s", clock->valuestring);
        const cJSON *pacing = cJSON_GetObjectItemCaseSensitive(rec, "pacing");
        if (cJSON_IsString(pacing))
            snprintf(r->pacing, sizeof r->pacing, "%s", pacing->valuestring);
        r->refresh_hz = get_long(rec, "refresh_hz", 0);
    } else if (strcmp(type->valuestring, "frame") == 0) {
        r->frame_records++;
        if (has_projection_layer(rec))
            r->projection_frames++;
    } else if (strcmp(type->valuestring, "summary") == 0) {
        r->has_summary = true;
        r->frames = get_long(rec, "frames", 0);
        r->missed = get_long(rec, "missed", 0);
        r->discarded = get_long(rec, "discarded", 0);
        r->late = get_long(rec, "late", 0);
        r->errors = get_long(rec, "errors", 0);
        r->lost_returns = get_long(rec, "lost_returns", 0);
        get_pctl(rec, "app_cpu_ms", &r->app_cpu_ms);
        get_pctl(rec, "pose_age_ms", &r->pose_age_ms);
        get_pctl(rec, "wake_jitter_ms", &r->wake_jitter_ms);
        r->gpu_late = get_long(rec, "gpu_late", 0);
        get_pctl(rec, "gpu_after_end_ms", &r->gpu_after_end_ms);
    } else if (strcmp(type->valuestring, "monotonic") == 0) {
        get_pctl(rec, "app_cpu_ms", &r->app_cpu_monotonic_ms);
    }
}

int mxrun_report_read(const char *path, struct mxrun_report *out_report)
{
    struct mxrun_report r = {0};
    *out_report = r;
    FILE *f = fopen(path, "r");
    if (!f && errno == ENOENT)
        return 0; /* no report: found stays false, the caller says what that means */
    if (!f) {
        fprintf(stderr, "mockxr-run: cannot read report %s: %s\n", path, strerror(errno));
        return -1;
    }
    char *line = NULL;
    size_t cap = 0;
    long lineno = 0;
    int rc = 0;
    while (getline(&line, &cap, f) >= 0) {
        lineno++;
        if (line[strspn(line, " \t\r\n")] == '\0')
            continue;
        cJSON *rec = cJSON_Parse(line);
        if (!cJSON_IsObject(rec)) {
            /* A run killed mid-write leaves a truncated last line; anything else is a broken report. */
            int next = fgetc(f);
            if (next != EOF) {
                fprintf(stderr, "mockxr-run: report %s line %ld is not a JSON object\n", path, lineno);
                rc = -1;
            }
            cJSON_Delete(rec);
            break;
        }
        r.found = true;
        read_record(rec, &r);
        cJSON_Delete(rec);
    }
    free(line);
    fclose(f);
    *out_report = r;
    return rc;
}

static void print_row(FILE *out, const char *name, const struct mxrun_pctl *p)
{
    if (p->present)
        fprintf(out, "  %-26s %9.3f %9.3f %9.3f %9.3f\n", name, p->p50, p->p95, p->p99, p->max);
    else
        fprintf(out, "  %-26s %9s %9s %9s %9s\n", name, "-", "-", "-", "-");
}

void mxrun_report_print(const struct mxrun_report *r, FILE *out)
{
    fprintf(out, "mockxr-run: summary (%s clock, %ld Hz, %s pacing)\n", r->clock[0] ? r->clock : "?", r->refresh_hz,
            r->pacing[0] ? r->pacing : "?");
    fprintf(out, "  frames %ld   with projection layer %ld   missed %ld   discarded %ld   late %ld   errors %ld",
            r->frames, r->projection_frames, r->missed, r->discarded, r->late, r->errors);
    if (r->lost_returns > 0) /* the app's due after a scripted loss, not a rule it broke */
        fprintf(out, "   lost returns %ld", r->lost_returns);
    if (r->gpu_late > 0)
        fprintf(out, "   GPU late %ld", r->gpu_late);
    fputc('\n', out);
    fprintf(out, "  %-26s %9s %9s %9s %9s\n", "(ms)", "p50", "p95", "p99", "max");
    print_row(out, "app CPU", &r->app_cpu_ms);
    print_row(out, "pose age", &r->pose_age_ms);
    print_row(out, "wake jitter", &r->wake_jitter_ms);
    /* The virtual clock stands still while the app works (its rows above read 0): the process's clock. */
    print_row(out, "app CPU (CLOCK_MONOTONIC)", &r->app_cpu_monotonic_ms);
    print_row(out, "GPU after end (MONOTONIC)", &r->gpu_after_end_ms);
}
