/* Per-frame timing records: JSON lines (--stats), a one-line summary each second of runtime time,
 * and the p50/p95/p99/max table at exit (tallied in stats_table.c). Vocabulary as in shared/DESIGN.md. */
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "xr_internal.h"

#define SUMMARY_INTERVAL_NS 1000000000LL
#define WARMUP_FRAMES 10

/* Records live in a ring from the oldest one still needed (not yet written, the current one-second window, the
 * last few frames) to the newest, so memory stays flat however long the app runs; the exit table keeps tallies
 * (stats_table.c), and copies of the first 2 x WARMUP_FRAMES records for a run too short to leave warm-up out. */
#define RING_INITIAL 256u
#define RING_KEEP 8u /* the frames before the newest stay reachable (GPU times arrive two frames late) */

struct xr_stats {
    struct xr_frame_record *ring;
    uint64_t capacity;     /* a power of two */
    uint64_t count;        /* records made: frames [0, count) */
    uint64_t written;      /* records [0, written) are in the JSON file */
    uint64_t tallied;      /* records [0, tallied) are in the exit table's tallies */
    uint64_t summary_from; /* first record of the current one-second window */
    int64_t summary_until; /* display time that closes the window */
    struct xr_frame_record head[2 * WARMUP_FRAMES];
    struct xr_stats_acc *after_warmup; /* records from WARMUP_FRAMES on */
    FILE *file;
    bool clock_is_xr, quiet;
    const char *const *live_names;
    uint32_t live_count;
};

static struct xr_frame_record *rec_at(const struct xr_stats *s, uint64_t i)
{
    return &s->ring[i & (s->capacity - 1)];
}

void xr_stats_set_live_names(struct xr_stats *stats, const char *const *names, uint32_t count)
{
    stats->live_names = names;
    stats->live_count = names ? count : 0;
}

void xr_stats_set_clock(struct xr_stats *stats, bool clock_is_xr)
{
    stats->clock_is_xr = clock_is_xr;
}

int xr_stats_create(const char *path, bool quiet, struct xr_stats **out_stats)
{
    *out_stats = NULL;
    struct xr_stats *s = calloc(1, sizeof(*s));
    if (!s) {
        xr_log("xr_stats_create: out of memory");
        return -1;
    }
    s->quiet = quiet;
    s->capacity = RING_INITIAL;
    if (!(s->ring = calloc(s->capacity, sizeof(*s->ring))) || xr_stats_acc_create(&s->after_warmup) != 0) {
        xr_log("xr_stats_create: out of memory");
        free(s->ring);
        free(s);
        return -1;
    }
    if (path) {
        s->file = fopen(path, "w");
        if (!s->file) {
            xr_log("cannot open the stats file %s for writing: %s", path, strerror(errno));
            xr_stats_acc_destroy(&s->after_warmup);
            free(s->ring);
            free(s);
            return -1;
        }
    }
    *out_stats = s;
    return 0;
}

/* The live data of a frame: ,"live":{"link":"up","machines":3,...,"bad":{"json":0,...}} */
static void write_live(FILE *f, const struct xr_stats *s, const struct xr_live_record *l)
{
    fprintf(f, ",\"live\":{\"link\":\"%s\",\"machines\":%" PRIu32 ",\"stale\":%" PRIu32,
            scene_link_name((enum scene_link)l->link), l->machines, l->stale);
    for (int k = 0; k < SCENE_MACHINE_STATUS_COUNT; k++)
        fprintf(f, ",\"%s\":%" PRIu32, scene_machine_status_name((enum scene_machine_status)k), l->status[k]);
    fprintf(f, ",\"applied\":%" PRIu32 ",\"lag_frames\":%" PRIu32 ",\"messages\":%" PRIu64 ",\"bad\":{", l->applied,
            l->lag_frames, l->messages);
    for (uint32_t k = 0; k < s->live_count; k++)
        fprintf(f, "%s\"%s\":%" PRIu64, k ? "," : "", s->live_names[k], l->bad[k]);
    fputs("}}", f);
}

static void write_record(const struct xr_stats *s, FILE *f, const struct xr_frame_record *r, bool clock_is_xr)
{
    fprintf(f,
            "{\"frame\":%" PRIu64 ",\"session\":%" PRIu32 ",\"predicted_display_time\":%" PRId64 ",\"period\":%" PRId64
            ",\"wake\":%" PRId64 ",\"begin\":%" PRId64 ",\"located\":%" PRId64 ",\"end\":%" PRId64
            ",\"pose_age\":%" PRId64 ",",
            r->frame, r->session, r->predicted_display_time, r->period, r->wake, r->begin, r->located, r->end,
            r->located ? r->predicted_display_time - r->located : 0);
    if (r->gpu_ms >= 0.0)
        fprintf(f, "\"gpu_ms\":%.4f,", r->gpu_ms);
    else
        fputs("\"gpu_ms\":null,", f);
    fprintf(f,
            "\"fence_wait_ms\":%.4f,\"draws\":%" PRIu32 ",\"triangles\":%" PRIu64
            ",\"res_scale\":%.5f,\"image_width\":%" PRIu32 ",\"image_height\":%" PRIu32
            ",\"should_render\":%d,\"discarded\":%d,\"late\":%d,\"clock\":\"%s\"",
            r->fence_wait_ms, r->draws, r->triangles, (double)r->res_scale, r->image_width, r->image_height,
            r->should_render, r->discarded, r->late, clock_is_xr ? "xr" : "monotonic");
    if (r->live.enabled)
        write_live(f, s, &r->live);
    fputs("}\n", f);
}

/* Records [tallied, upto) into the exit table's tallies (and the copies of the first ones). */
static void tally(struct xr_stats *s, uint64_t upto)
{
    for (; s->tallied < upto; s->tallied++) {
        const struct xr_frame_record *r = rec_at(s, s->tallied);
        if (s->tallied < 2 * WARMUP_FRAMES)
            s->head[s->tallied] = *r;
        if (s->tallied >= WARMUP_FRAMES)
            xr_stats_acc_add(s->after_warmup, r);
    }
}

/* Records are written in order once their GPU time is known (it arrives two frames later). */
static void flush(struct xr_stats *s, bool all)
{
    while (s->written < s->count && (all || !rec_at(s, s->written)->gpu_pending)) {
        if (s->file)
            write_record(s, s->file, rec_at(s, s->written), s->clock_is_xr);
        s->written++;
    }
    tally(s, s->written);
}

void xr_stats_destroy(struct xr_stats **stats_ptr)
{
    if (!stats_ptr || !*stats_ptr)
        return;
    struct xr_stats *s = *stats_ptr;
    flush(s, true);
    if (s->file && fclose(s->file) != 0)
        xr_log("writing the stats file failed: %s", strerror(errno));
    xr_stats_acc_destroy(&s->after_warmup);
    free(s->ring);
    free(s);
    *stats_ptr = NULL;
}

/* The oldest record still needed. */
static uint64_t ring_base(const struct xr_stats *s)
{
    uint64_t base = s->written < s->summary_from ? s->written : s->summary_from;
    if (s->count > RING_KEEP && s->count - RING_KEEP < base)
        base = s->count - RING_KEEP;
    return base;
}

struct xr_frame_record *xr_stats_frame_new(struct xr_stats *s)
{
    const uint64_t base = ring_base(s);
    if (s->count - base == s->capacity) {
        const uint64_t cap = s->capacity * 2;
        struct xr_frame_record *r = malloc(cap * sizeof(*r));
        if (!r) {
            xr_log("out of memory for %" PRIu64 " frame records", cap);
            return NULL;
        }
        for (uint64_t i = base; i < s->count; ++i)
            r[i & (cap - 1)] = *rec_at(s, i);
        free(s->ring);
        s->ring = r;
        s->capacity = cap;
    }
    struct xr_frame_record *rec = rec_at(s, s->count++);
    *rec = (struct xr_frame_record){.gpu_ms = -1.0};
    return rec;
}

struct xr_frame_record *xr_stats_frame_get(struct xr_stats *s, uint64_t frame)
{
    /* Frames are numbered densely from 0 in creation order. */
    if (frame >= s->count || frame < ring_base(s))
        return NULL;
    struct xr_frame_record *r = rec_at(s, frame);
    return r->frame == frame ? r : NULL;
}

static int cmp_double(const void *a, const void *b)
{
    const double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

struct pct {
    double p50, p95, p99, max;
    uint64_t n;
};

/* Nearest-rank percentiles of one field over records [from, to) that ended with a layer; fields say
 * "unknown" with NaN (a pose age can be negative: a frame located after its display time). */
static struct pct percentiles(const struct xr_stats *s, uint64_t from, uint64_t to,
                              double (*field)(const struct xr_frame_record *))
{
    struct pct p = {0};
    double *v = malloc((to > from ? to - from : 1) * sizeof(*v));
    if (!v)
        return p;
    for (uint64_t i = from; i < to; ++i) {
        const struct xr_frame_record *r = rec_at(s, i);
        const double x = r->end && r->located ? field(r) : NAN;
        if (!isnan(x))
            v[p.n++] = x;
    }
    if (p.n) {
        qsort(v, p.n, sizeof(*v), cmp_double);
        p.p50 = v[(p.n - 1) * 50 / 100];
        p.p95 = v[(p.n - 1) * 95 / 100];
        p.p99 = v[(p.n - 1) * 99 / 100];
        p.max = v[p.n - 1];
    }
    free(v);
    return p;
}

static double ms(int64_t ns) { return (double)ns * 1e-6; }
static double f_cpu(const struct xr_frame_record *r) { return ms(r->end - r->wake); }
static double f_gpu(const struct xr_frame_record *r) { return r->gpu_ms >= 0.0 ? r->gpu_ms : NAN; }
static double f_pose_age(const struct xr_frame_record *r) { return ms(r->predicted_display_time - r->located); }

/* Display slots that passed without a new frame, between consecutive frames of one session. */
static uint64_t missed(const struct xr_stats *s, uint64_t from, uint64_t to)
{
    uint64_t m = 0;
    for (uint64_t i = from + 1; i < to; ++i) {
        const struct xr_frame_record *a = rec_at(s, i - 1), *b = rec_at(s, i);
        if (a->session == b->session && b->period > 0 && b->predicted_display_time > a->predicted_display_time)
            m += (uint64_t)((b->predicted_display_time - a->predicted_display_time + b->period / 2) / b->period) - 1;
    }
    return m;
}

static void print_summary_line(const struct xr_stats *s, uint64_t from, uint64_t to)
{
    const struct pct cpu = percentiles(s, from, to, f_cpu), age = percentiles(s, from, to, f_pose_age);
    const struct pct gpu = percentiles(s, from, to, f_gpu);
    const struct xr_frame_record *last = rec_at(s, to - 1);
    printf("factoryxr: t=%.1fs %" PRIu64 " frames, %" PRIu64 " missed, cpu p50 %.3f max %.3f ms, pose age p50 %.2f ms, "
           "gpu p50 %.2f ms, %" PRIu32 " draws, %" PRIu64 " triangles, %" PRIu32 "x%" PRIu32 "\n",
           (double)last->predicted_display_time * 1e-9, to - from, missed(s, from, to), cpu.p50, cpu.max, age.p50, gpu.p50,
           last->draws, last->triangles, last->image_width, last->image_height);
    if (last->live.enabled) {
        const struct xr_live_record *l = &last->live;
        uint64_t bad = 0;
        for (uint32_t k = 0; k < XR_LIVE_MAX_BAD; k++)
            bad += l->bad[k];
        printf("factoryxr:   live: link %s, %" PRIu32 " machines (%" PRIu32 " running, %" PRIu32 " idle, %" PRIu32
               " blocked, %" PRIu32 " fault, %" PRIu32 " offline, %" PRIu32 " stale), %" PRIu64 " messages, %" PRIu64
               " bad\n",
               scene_link_name((enum scene_link)l->link), l->machines, l->status[0], l->status[1], l->status[2],
               l->status[3], l->status[4], l->stale, l->messages, bad);
    }
    fflush(stdout);
}

void xr_stats_frame_done(struct xr_stats *s, uint64_t frame)
{
    flush(s, false);
    const struct xr_frame_record *r = xr_stats_frame_get(s, frame);
    if (!r)
        return;
    const int64_t t = r->predicted_display_time;
    if (s->summary_until == 0) {
        s->summary_until = t + SUMMARY_INTERVAL_NS;
        s->summary_from = frame;
    } else if (t >= s->summary_until) {
        if (!s->quiet)
            print_summary_line(s, s->summary_from, frame + 1);
        s->summary_from = frame + 1;
        s->summary_until = t + SUMMARY_INTERVAL_NS;
    }
}

void xr_stats_print_table(struct xr_stats *s, FILE *out)
{
    if (!s || s->count == 0) {
        fprintf(out, "factoryxr: no frames\n");
        return;
    }
    /* Frames whose GPU time is still out count with what they have (as the JSON lines will at exit). */
    tally(s, s->count);
    if (s->count > 2 * WARMUP_FRAMES) {
        xr_stats_acc_print(s->after_warmup, s->count, WARMUP_FRAMES, s->clock_is_xr, out);
        return;
    }
    /* Too short to leave the warm-up out: every frame counts. */
    struct xr_stats_acc *all = NULL;
    if (xr_stats_acc_create(&all) != 0) {
        fprintf(out, "factoryxr: out of memory for the timing table\n");
        return;
    }
    for (uint64_t i = 0; i < s->count; ++i)
        xr_stats_acc_add(all, &s->head[i]);
    xr_stats_acc_print(all, s->count, 0, s->clock_is_xr, out);
    xr_stats_acc_destroy(&all);
}
