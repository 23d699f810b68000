/* e2e checker of mockxr's frame pacing in a realtime run of factoryxr: the wake targets follow the pacing's
 * model as each frame line records it, frames are not discarded and (leniently) not late, GPU completion
 * is known; with --compare, app pacing's leads are shorter than slot pacing's. Structure, not speed. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#define WARMUP 8 /* more than mockxr's MX_PACING_MIN_FRAMES (4) */
#define MAX_FRAMES 4096

struct run {
    char pacing[8];
    int frames, paced, discarded, late, exact, woken_early, gpu_known, gpu_before_end, short_lead;
    double lead_sum_ms, period;
    double cost[MAX_FRAMES]; /* ready (end, or GPU done) - wake target, frames not discarded */
    int costs;
};

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Whether this machine let the run's frames cost well under a period (p90 + twice the base margin): only
 * then can app pacing be required to wake later than slot pacing, and frames to be on time. */
static bool fits(struct run *r)
{
    if (r->costs == 0)
        return false;
    qsort(r->cost, (size_t)r->costs, sizeof(double), cmp_double);
    double p90 = r->cost[(r->costs * 9 + 9) / 10 - 1], base = r->period / 10 > 1e6 ? r->period / 10 : 1e6;
    printf("pacing_check: %s pacing: frame cost p90 %.3f ms\n", r->pacing, p90 / 1e6);
    return p90 + 2 * base < r->period;
}

static double num(const cJSON *o, const char *k)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
    return cJSON_IsNumber(v) ? v->valuedouble : -1.0;
}

static void frame(const cJSON *o, struct run *r)
{
    bool app = strcmp(r->pacing, "app") == 0;
    double predicted = num(o, "predicted_display_time"), period = num(o, "period");
    double target = num(o, "wake_target"), lead = predicted - target;
    double estimate = num(o, "estimate"), margin = num(o, "margin"), end = num(o, "end"), gpu = num(o, "gpu_done");
    r->frames++;
    r->discarded += num(o, "discarded") != 0;
    r->late += num(o, "late") != 0;
    r->woken_early += num(o, "wake") < target;
    r->period = period;
    if (num(o, "discarded") == 0) {
        if (r->costs < MAX_FRAMES)
            r->cost[r->costs++] = (gpu > end ? gpu : end) - target;
        r->gpu_known += gpu > 0;
        r->gpu_before_end += gpu > 0 && gpu < end; /* completion is of work submitted before xrEndFrame */
    }
    if (num(o, "frame") < WARMUP)
        return;
    double expect = app && estimate + margin < period ? estimate + margin : period;
    r->paced++;
    r->exact += lead == expect && margin >= 1e6;
    r->short_lead += lead < period;
    r->lead_sum_ms += lead / 1e6;
}

static bool read_run(const char *path, struct run *r)
{
    memset(r, 0, sizeof(*r));
    FILE *f = fopen(path, "r");
    if (!f) {
        fprintf(stderr, "pacing_check: cannot read %s\n", path);
        return false;
    }
    size_t cap = 0;
    char *line = NULL;
    bool ok = true;
    while (getline(&line, &cap, f) > 0) {
        cJSON *o = cJSON_Parse(line);
        const cJSON *type = cJSON_GetObjectItemCaseSensitive(o, "type");
        if (!cJSON_IsString(type)) {
            fprintf(stderr, "pacing_check: %s: a line is not a report record\n", path);
            ok = false;
        } else if (strcmp(type->valuestring, "header") == 0) {
            const cJSON *p = cJSON_GetObjectItemCaseSensitive(o, "pacing");
            snprintf(r->pacing, sizeof r->pacing, "%s", cJSON_IsString(p) ? p->valuestring : "?");
        } else if (strcmp(type->valuestring, "frame") == 0) {
            frame(o, r);
        }
        cJSON_Delete(o);
    }
    free(line);
    fclose(f);
    return ok;
}

static int check(const char *path, struct run *r, const char *want, int min_frames)
{
    bool machine_fits = fits(r);
    int bad = 0;
#define EXPECT(cond, ...)                                                                                          \
    do {                                                                                                           \
        if (!(cond)) {                                                                                             \
            fprintf(stderr, "pacing_check: %s: ", path);                                                           \
            fprintf(stderr, __VA_ARGS__);                                                                          \
            fputc('\n', stderr);                                                                                   \
            bad++;                                                                                                 \
        }                                                                                                          \
    } while (0)
    EXPECT(strcmp(r->pacing, want) == 0, "header pacing '%s', expected '%s'", r->pacing, want);
    EXPECT(r->frames >= min_frames, "%d frame lines, expected at least %d", r->frames, min_frames);
    EXPECT(r->exact == r->paced, "%d of %d wake targets are not predicted - min(period, estimate + margin)",
           r->paced - r->exact, r->paced);
    EXPECT(r->woken_early == 0, "%d frames woken before their wake target", r->woken_early);
    EXPECT(r->discarded == 0, "%d frames discarded", r->discarded);
    /* lenient: on a shared 2-CPU VM at load 8-13 even slot pacing saw 19 of 151 frames late */
    EXPECT(r->late * 4 <= r->frames || !machine_fits, "%d of %d frames late (lenient bound: 25 %%)", r->late,
           r->frames);
    EXPECT(r->gpu_known * 10 >= r->frames * 9, "GPU completion known for %d of %d frames", r->gpu_known, r->frames);
    EXPECT(r->gpu_before_end == 0, "%d frames' GPU completion before their xrEndFrame", r->gpu_before_end);
    if (strcmp(want, "slot") == 0)
        EXPECT(r->short_lead == 0, "slot pacing: %d leads shorter than a period", r->short_lead);
    printf("pacing_check: %s: %s pacing, %d frames, %d late, mean lead %.3f ms, %d of %d leads under a period\n",
           path, r->pacing, r->frames, r->late, r->paced ? r->lead_sum_ms / r->paced : 0.0, r->short_lead, r->paced);
    return bad;
}

int main(int argc, char **argv)
{
    if (argc != 4) {
        fprintf(stderr, "usage: pacing_check APP_REPORT SLOT_REPORT MIN_FRAMES\n");
        return 2;
    }
    int min_frames = atoi(argv[3]);
    static struct run app, slot;
    if (!read_run(argv[1], &app) || !read_run(argv[2], &slot))
        return 1;
    int bad = check(argv[1], &app, "app", min_frames) + check(argv[2], &slot, "slot", min_frames);
    /* Switching the pacing moves the wake targets: app pacing's leads are shorter. Lenient: where the machine
     * cannot render a frame well within a period (a shared, loaded VM) the lead is capped at a period; the
     * model itself is checked on every frame above. */
    bool app_fits = fits(&app);
    if (!app_fits)
        printf("pacing_check: the machine was too loaded to require shorter leads (%d of %d were)\n", app.short_lead,
               app.paced);
    if (app_fits && (app.short_lead == 0 || app.lead_sum_ms / app.paced >= slot.lead_sum_ms / slot.paced)) {
        fprintf(stderr, "pacing_check: app pacing: %d of %d leads under a period, mean lead not below slot's\n",
                app.short_lead, app.paced);
        bad++;
    }
    if (bad)
        fprintf(stderr, "pacing_check: %d check(s) failed\n", bad);
    return bad ? 1 : 0;
}
