/* The exit table's tallies in fixed memory: a log-linear histogram per timing and running counts, so a run of any
 * length keeps the same few hundred KB (the frame records themselves are dropped once written). */
#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "xr_internal.h"

/* Magnitudes (ns) below HIST_EXACT have a bucket each; above, each octave has HIST_SUB buckets, so a bucket spans
 * less than 1/64 of its values. A bucket remembers the smallest value it saw: a percentile is exact whenever its
 * bucket holds one distinct value (and within 1/64 of it otherwise). */
#define HIST_EXACT 128
#define HIST_SUB 64
#define HIST_OCTAVES 34 /* up to 2^40 ns (18 min); larger values share the last bucket */
#define HIST_BINS (HIST_EXACT + HIST_OCTAVES * HIST_SUB)

struct hist_bin {
    int64_t min;
    uint64_t count;
};

struct xr_hist {
    uint64_t n;
    int64_t max;
    struct hist_bin *pos, *neg; /* allocated on first use: most timings are never negative */
};

/* T_MONO_*: the first four phases again on CLOCK_MONOTONIC, for runtimes whose clock stands still while the app
 * works (mockxr's virtual clock). */
enum {
    T_WAKE_BEGIN, T_BEGIN_LOCATED, T_LOCATED_END, T_CPU, T_GPU, T_POSE_AGE, T_FENCE,
    T_MONO_WAKE_BEGIN, T_MONO_BEGIN_LOCATED, T_MONO_LOCATED_END, T_MONO_CPU, T_COUNT
};
#define T_FIRST_MONO T_MONO_WAKE_BEGIN

struct xr_stats_acc {
    struct xr_hist hist[T_COUNT];
    uint64_t frames, shown, discarded, late, missed, below;
    float lowest;
    bool has_prev, failed;
    uint32_t prev_session;
    int64_t prev_time;
};

static uint32_t bucket(uint64_t m)
{
    if (m < HIST_EXACT)
        return (uint32_t)m;
    const uint32_t top = 63u - (uint32_t)__builtin_clzll(m), shift = top - 6u;
    const uint32_t idx = HIST_EXACT + (shift - 1u) * HIST_SUB + (uint32_t)((m >> shift) - HIST_SUB);
    return idx < HIST_BINS ? idx : HIST_BINS - 1;
}

static bool hist_add(struct xr_hist *h, double ms)
{
    if (isnan(ms))
        return true;
    const int64_t v = llround(ms * 1e6);
    struct hist_bin **side = v < 0 ? &h->neg : &h->pos;
    if (!*side && !(*side = calloc(HIST_BINS, sizeof(**side))))
        return false;
    struct hist_bin *b = &(*side)[bucket(v < 0 ? (uint64_t)-(v + 1) + 1u : (uint64_t)v)];
    if (b->count++ == 0 || v < b->min)
        b->min = v;
    if (h->n++ == 0 || v > h->max)
        h->max = v;
    return true;
}

/* The value of 0-based rank r (ascending): negatives from the largest magnitude down, then positives up. */
static double hist_rank(const struct xr_hist *h, uint64_t r)
{
    uint64_t seen = 0;
    for (uint32_t k = HIST_BINS; h->neg && k-- > 0;) {
        if ((seen += h->neg[k].count) > r)
            return (double)h->neg[k].min * 1e-6;
    }
    for (uint32_t k = 0; h->pos && k < HIST_BINS; ++k) {
        if ((seen += h->pos[k].count) > r)
            return (double)h->pos[k].min * 1e-6;
    }
    return (double)h->max * 1e-6;
}

static double ms(int64_t ns) { return (double)ns * 1e-6; }

int xr_stats_acc_create(struct xr_stats_acc **out_acc)
{
    *out_acc = calloc(1, sizeof(**out_acc));
    if (!*out_acc)
        return -1;
    (*out_acc)->lowest = 1.0f;
    return 0;
}

void xr_stats_acc_destroy(struct xr_stats_acc **acc_ptr)
{
    if (!acc_ptr || !*acc_ptr)
        return;
    for (int t = 0; t < T_COUNT; ++t) {
        free((*acc_ptr)->hist[t].pos);
        free((*acc_ptr)->hist[t].neg);
    }
    free(*acc_ptr);
    *acc_ptr = NULL;
}

/* A phase on CLOCK_MONOTONIC; NaN (not counted) where a moment is missing there. */
static double mono_ms(int64_t from, int64_t to) { return from && to ? ms(to - from) : NAN; }

/* Records arrive in frame order. Timings count for frames that ended with their views located ("shown");
 * a pose age can be negative (located after its display time). */
void xr_stats_acc_add(struct xr_stats_acc *a, const struct xr_frame_record *r)
{
    a->frames++;
    a->discarded += r->discarded;
    a->late += r->late;
    /* display slots that passed without a new frame, between consecutive frames of one session */
    if (a->has_prev && a->prev_session == r->session && r->period > 0 && r->predicted_display_time > a->prev_time)
        a->missed += (uint64_t)((r->predicted_display_time - a->prev_time + r->period / 2) / r->period) - 1;
    a->has_prev = true;
    a->prev_session = r->session;
    a->prev_time = r->predicted_display_time;
    if (!(r->end && r->located))
        return;
    a->shown++;
    const double v[T_COUNT] = {
        [T_WAKE_BEGIN] = ms(r->begin - r->wake),       [T_BEGIN_LOCATED] = ms(r->located - r->begin),
        [T_LOCATED_END] = ms(r->end - r->located),     [T_CPU] = ms(r->end - r->wake),
        [T_GPU] = r->gpu_ms >= 0.0 ? r->gpu_ms : NAN,  [T_POSE_AGE] = ms(r->predicted_display_time - r->located),
        [T_FENCE] = r->fence_wait_ms,
        [T_MONO_WAKE_BEGIN] = mono_ms(r->mono.wake, r->mono.begin),
        [T_MONO_BEGIN_LOCATED] = mono_ms(r->mono.begin, r->mono.located),
        [T_MONO_LOCATED_END] = mono_ms(r->mono.located, r->mono.end),
        [T_MONO_CPU] = mono_ms(r->mono.wake, r->mono.end),
    };
    for (int t = 0; t < T_COUNT; ++t)
        a->failed = !hist_add(&a->hist[t], v[t]) || a->failed;
    if (r->image_width) {
        a->below += r->res_scale < 1.0f;
        a->lowest = r->res_scale < a->lowest ? r->res_scale : a->lowest;
    }
}

/* Nearest rank, as (n - 1) * q / 100 of the sorted values. */
static void table_row(FILE *out, const char *name, const struct xr_hist *h)
{
    if (h->n == 0) {
        fprintf(out, "  %-22s %9s %9s %9s %9s\n", name, "-", "-", "-", "-");
        return;
    }
    fprintf(out, "  %-22s %9.3f %9.3f %9.3f %9.3f\n", name, hist_rank(h, (h->n - 1) * 50 / 100),
            hist_rank(h, (h->n - 1) * 95 / 100), hist_rank(h, (h->n - 1) * 99 / 100), ms(h->max));
}

void xr_stats_acc_print(const struct xr_stats_acc *a, uint64_t total, uint64_t warmup, bool clock_is_xr, FILE *out)
{
    if (a->failed)
        fprintf(out, "factoryxr: out of memory for the timing table: its percentiles leave frames out\n");
    fprintf(out, "factoryxr: %" PRIu64 " frames (%" PRIu64 " after %" PRIu64 " warm-up, %" PRIu64 " shown), %" PRIu64
                 " missed, %" PRIu64 " discarded, %" PRIu64 " late; times in ms on the %s clock\n",
            total, a->frames, warmup, a->shown, a->missed, a->discarded, a->late,
            clock_is_xr ? "runtime's (XR_KHR_convert_timespec_time)" : "CLOCK_MONOTONIC");
    fprintf(out, "  %-22s %9s %9s %9s %9s\n", "", "p50", "p95", "p99", "max");
    static const char *const names[T_COUNT] = {
        "wake->begin", "begin->located", "located->end", "app cpu (wake->end)", "gpu", "pose age", "fence wait",
        "wake->begin", "begin->located", "located->end", "app cpu (wake->end)"};
    for (int t = 0; t < T_FIRST_MONO; ++t)
        table_row(out, names[t], &a->hist[t]);
    if (clock_is_xr) {
        /* A runtime's clock may stand still while the app works (mockxr's virtual clock: the rows above
         * read 0): the same phases as this process measured them. */
        fprintf(out, "  the same on CLOCK_MONOTONIC (this process's clock):\n");
        for (int t = T_FIRST_MONO; t < T_COUNT; ++t)
            table_row(out, names[t], &a->hist[t]);
    }
    /* dynamic resolution: how much of the time frames were drawn smaller, and how small */
    fprintf(out, "  resolution scale: %" PRIu64 " of %" PRIu64 " shown frames below full size, lowest %.3f\n", a->below,
            a->shown, (double)a->lowest);
}
