/* e2e checker: joins factoryxr's --stats records with mockxr's report (by predicted display time) and
 * asserts the frame loop's structure: views located after xrBeginFrame and for exactly the submitted
 * display time, every xrEndFrame carries its own wait's predicted time, <= 2 frames in flight, no
 * discarded or late frames, depth layers, app/runtime pose ages that agree within 0.1 ms, and imageRects
 * that are the part of the images the app drew (dynamic resolution). */
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#define POSE_AGE_TOLERANCE_NS 100000 /* 0.1 ms */

struct args {
    const char *stats, *report;
    long min_frames;     /* frames with a projection layer, at least */
    long sessions;       /* app sessions expected (1 + losses) */
    bool depth;          /* every projection view carries depth */
    long slow_frame;     /* runtime frame made slow by the script (may be late); -1 = none */
    bool allow_errors;   /* mockxr counts XR_ERROR_SESSION_LOST returns after an injected loss as errors */
};

struct lines {
    cJSON **items;
    size_t count;
};

static int failures;

#define FAIL(...)                                                                                                  \
    do {                                                                                                           \
        fprintf(stderr, "FAIL: " __VA_ARGS__);                                                                     \
        fputc('\n', stderr);                                                                                       \
        failures++;                                                                                                \
    } while (0)

static bool read_lines(const char *path, struct lines *out)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        perror(path);
        return false;
    }
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    size_t lineno = 0;
    bool ok = true;
    while ((n = getline(&line, &cap, f)) > 0) {
        lineno++;
        if (n == 1 && line[0] == '\n')
            continue;
        cJSON *j = cJSON_Parse(line);
        if (!j) {
            fprintf(stderr, "%s:%zu: not JSON: %s", path, lineno, line);
            ok = false;
            break;
        }
        cJSON **grown = realloc(out->items, (out->count + 1) * sizeof(*grown));
        if (!grown) {
            cJSON_Delete(j);
            ok = false;
            break;
        }
        out->items = grown;
        out->items[out->count++] = j;
    }
    free(line);
    fclose(f);
    return ok;
}

static void free_lines(struct lines *l)
{
    for (size_t i = 0; i < l->count; ++i)
        cJSON_Delete(l->items[i]);
    free(l->items);
}

/* Integer field; aborts the check (counted) when missing. */
static int64_t num(const cJSON *o, const char *name)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);
    if (!cJSON_IsNumber(v)) {
        FAIL("record lacks numeric field \"%s\"", name);
        return 0;
    }
    return (int64_t)v->valuedouble;
}

static bool is_type(const cJSON *o, const char *type)
{
    const cJSON *t = cJSON_GetObjectItemCaseSensitive(o, "type");
    return cJSON_IsString(t) && strcmp(t->valuestring, type) == 0;
}

static const cJSON *app_record_for(const struct lines *stats, int64_t display_time)
{
    for (size_t i = 0; i < stats->count; ++i)
        if (num(stats->items[i], "predicted_display_time") == display_time)
            return stats->items[i];
    return NULL;
}

/* The projection layer of a mockxr frame record, or NULL when it submitted none. */
static const cJSON *projection_layer(const cJSON *frame)
{
    const cJSON *layer;
    cJSON_ArrayForEach(layer, cJSON_GetObjectItemCaseSensitive(frame, "layers"))
        if (is_type(layer, "projection"))
            return layer;
    return NULL;
}

/* Dynamic resolution: every view's imageRect is the part of the image the app says it drew. */
static void check_rects(int64_t frame, const cJSON *proj, const cJSON *app)
{
    const int64_t w = num(app, "image_width"), h = num(app, "image_height");
    const cJSON *view;
    cJSON_ArrayForEach(view, cJSON_GetObjectItemCaseSensitive(proj, "views")) {
        const cJSON *rect = cJSON_GetObjectItemCaseSensitive(view, "rect");
        const cJSON *rw = cJSON_GetArrayItem(rect, 2), *rh = cJSON_GetArrayItem(rect, 3);
        if (cJSON_GetArraySize(rect) != 4 || !cJSON_IsNumber(cJSON_GetArrayItem(rect, 0)) ||
            !cJSON_IsNumber(cJSON_GetArrayItem(rect, 1)) || !cJSON_IsNumber(rw) || !cJSON_IsNumber(rh))
            FAIL("runtime frame %" PRId64 ": a projection view without a rect [x, y, w, h]", frame);
        else if (cJSON_GetArrayItem(rect, 0)->valueint != 0 || cJSON_GetArrayItem(rect, 1)->valueint != 0 ||
                 rw->valueint != w || rh->valueint != h)
            FAIL("runtime frame %" PRId64 ": imageRect [%d, %d, %d, %d], the app drew %" PRId64 "x%" PRId64 " from (0, 0)",
                 frame, cJSON_GetArrayItem(rect, 0)->valueint, cJSON_GetArrayItem(rect, 1)->valueint, rw->valueint,
                 rh->valueint, w, h);
    }
}

static void check_runtime_frame(const struct args *a, const cJSON *f, const struct lines *stats, long *shown)
{
    const int64_t frame = num(f, "frame"), T = num(f, "predicted_display_time");
    const int64_t end_seq = num(f, "end_seq");
    if (end_seq == 0)
        return; /* waited but never ended: the session stopped or was lost in between */
    if (num(f, "display_time") != T)
        FAIL("runtime frame %" PRId64 ": xrEndFrame displayTime %" PRId64 " != its xrWaitFrame's predicted %" PRId64,
             frame, num(f, "display_time"), T);
    if (num(f, "in_flight") > 2)
        FAIL("runtime frame %" PRId64 ": %" PRId64 " frames in flight", frame, num(f, "in_flight"));
    const cJSON *app = app_record_for(stats, T);
    if ((num(f, "discarded") || num(f, "late")) && frame != a->slow_frame)
        FAIL("runtime frame %" PRId64 ": discarded %" PRId64 " late %" PRId64, frame, num(f, "discarded"),
             num(f, "late"));
    const cJSON *proj = projection_layer(f);
    if (!proj)
        return;
    ++*shown;
    const int64_t begin_seq = num(f, "begin_seq"), located_seq = num(f, "located_seq");
    if (num(f, "located") == 0 || !(begin_seq < located_seq && located_seq < end_seq))
        FAIL("runtime frame %" PRId64 ": views for display time %" PRId64 " not located between xrBeginFrame and "
             "xrEndFrame (begin_seq %" PRId64 ", located_seq %" PRId64 ", end_seq %" PRId64 ")",
             frame, T, begin_seq, located_seq, end_seq);
    const cJSON *view;
    cJSON_ArrayForEach(view, cJSON_GetObjectItemCaseSensitive(proj, "views"))
        if (a->depth && num(view, "depth") != 1)
            FAIL("runtime frame %" PRId64 ": a projection view without depth", frame);
    if (!app) {
        FAIL("runtime frame %" PRId64 " (display time %" PRId64 ") has no app record", frame, T);
        return;
    }
    check_rects(frame, proj, app);
    const int64_t diff = num(app, "pose_age") - num(f, "pose_age");
    if (diff > POSE_AGE_TOLERANCE_NS || diff < -POSE_AGE_TOLERANCE_NS)
        FAIL("display time %" PRId64 ": app pose age %" PRId64 " ns vs mockxr %" PRId64 " ns", T, num(app, "pose_age"),
             num(f, "pose_age"));
}

/* The app's own record: phases in order, located for its own display time. */
static void check_app(const struct args *a, const struct lines *stats)
{
    int64_t max_session = -1;
    for (size_t i = 0; i < stats->count; ++i) {
        const cJSON *r = stats->items[i];
        const int64_t frame = num(r, "frame");
        if (frame != (int64_t)i)
            FAIL("app record %zu has frame %" PRId64, i, frame);
        if (num(r, "session") > max_session)
            max_session = num(r, "session");
        if (num(r, "end") == 0 || num(r, "located") == 0)
            continue;
        const int64_t wake = num(r, "wake"), begin = num(r, "begin"), located = num(r, "located"), end = num(r, "end");
        if (!(wake <= begin && begin <= located && located <= end))
            FAIL("app frame %" PRId64 ": phases out of order (wake %" PRId64 " begin %" PRId64 " located %" PRId64
                 " end %" PRId64 ")", frame, wake, begin, located, end);
        if (num(r, "pose_age") != num(r, "predicted_display_time") - located)
            FAIL("app frame %" PRId64 ": pose_age is not predicted_display_time - located", frame);
        if (num(r, "discarded") && a->slow_frame < 0)
            FAIL("app frame %" PRId64 ": discarded", frame);
    }
    if (max_session + 1 != a->sessions)
        FAIL("app ran %" PRId64 " session(s), expected %ld", max_session + 1, a->sessions);
}

/* Display cadence: consecutive frames of a session are one period apart (no slot missed), except
 * right at an injected slow frame; after it the loop must be back on the cadence at once. */
static void check_cadence(const struct args *a, const cJSON *prev, const cJSON *f)
{
    const int64_t frame = num(f, "frame");
    if (!prev || num(prev, "frame") + 1 != frame || frame == a->slow_frame || frame == a->slow_frame + 1)
        return;
    const int64_t step = num(f, "predicted_display_time") - num(prev, "predicted_display_time");
    if (step != num(f, "period"))
        FAIL("runtime frame %" PRId64 ": display time advanced %" PRId64 " ns, period %" PRId64 " (missed slots)",
             frame, step, num(f, "period"));
}

static void check(const struct args *a, const struct lines *stats, const struct lines *report)
{
    check_app(a, stats);
    long shown = 0, summaries = 0;
    const cJSON *prev = NULL;
    for (size_t i = 0; i < report->count; ++i) {
        const cJSON *o = report->items[i];
        if (is_type(o, "frame")) {
            check_runtime_frame(a, o, stats, &shown);
            check_cadence(a, prev, o);
            prev = o;
        } else if (is_type(o, "summary")) {
            summaries++;
            if (num(o, "errors") != 0 && !a->allow_errors)
                FAIL("mockxr diagnosed %" PRId64 " rule violation(s)", num(o, "errors"));
            if (num(o, "discarded") != 0)
                FAIL("mockxr summary: %" PRId64 " discarded frames", num(o, "discarded"));
        }
    }
    if (summaries == 0)
        FAIL("mockxr report has no summary line (did the runtime shut down cleanly?)");
    if (shown < a->min_frames)
        FAIL("%ld frames shown with a projection layer, expected at least %ld", shown, a->min_frames);
    printf("factoryxr_check: %zu app records, %zu report lines, %ld frames shown, %d failure(s)\n", stats->count,
           report->count, shown, failures);
}

static bool parse_args(int argc, char **argv, struct args *a)
{
    *a = (struct args){.sessions = 1, .slow_frame = -1};
    for (int i = 1; i < argc; ++i) {
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(argv[i], "--depth") == 0 || strcmp(argv[i], "--allow-errors") == 0) {
            a->depth = a->depth || strcmp(argv[i], "--depth") == 0;
            a->allow_errors = a->allow_errors || strcmp(argv[i], "--allow-errors") == 0;
            continue;
        }
        if (!v)
            return false;
        if (strcmp(argv[i], "--stats") == 0)
            a->stats = v;
        else if (strcmp(argv[i], "--report") == 0)
            a->report = v;
        else if (strcmp(argv[i], "--min-frames") == 0)
            a->min_frames = strtol(v, NULL, 10);
        else if (strcmp(argv[i], "--sessions") == 0)
            a->sessions = strtol(v, NULL, 10);
        else if (strcmp(argv[i], "--slow-frame") == 0)
            a->slow_frame = strtol(v, NULL, 10);
        else
            return false;
        ++i;
    }
    return a->stats && a->report;
}

int main(int argc, char **argv)
{
    struct args a;
    if (!parse_args(argc, argv, &a)) {
        fprintf(stderr, "usage: factoryxr_check --stats FILE --report FILE [--min-frames N] [--sessions N] [--depth] "
                        "[--slow-frame FRAME] [--allow-errors]\n");
        return 2;
    }
    struct lines stats = {0}, report = {0};
    bool ok = read_lines(a.stats, &stats) && read_lines(a.report, &report);
    if (ok)
        check(&a, &stats, &report);
    free_lines(&stats);
    free_lines(&report);
    return ok && failures == 0 ? 0 : 1;
}
