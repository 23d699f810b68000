/* App pacing's estimator: the app's frame cost (a high percentile of recent CPU-then-GPU times) and an
 * adaptive margin. Pure logic (pacing.h); core/frame.c feeds it and turns its lead into a wake time. */
#include "pacing.h"

#include <stdlib.h>
#include <string.h>

#define MX_PACING_MS 1000000ll
/* The rank the estimate takes from the window, sorted: its 90th percentile (with 64 frames, the 7th
 * largest), so up to 6 spikes in a window are ignored. */
#define MX_PACING_RANK(n) (((n) * 9 + 9) / 10)
#define MX_PACING_DECAY 32 /* frames on time narrow the margin by 1/MX_PACING_DECAY of its excess each */

static void window_add(struct mx_pacing_window *w, int64_t cost)
{
    w->cost[w->next] = cost > 0 ? cost : 0;
    w->next = (w->next + 1) % MX_PACING_WINDOW;
    if (w->count < MX_PACING_WINDOW)
        w->count++;
}

static int cmp_i64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

static int64_t window_estimate(const struct mx_pacing_window *w)
{
    if (w->count == 0)
        return 0;
    int64_t sorted[MX_PACING_WINDOW];
    memcpy(sorted, w->cost, sizeof(int64_t) * w->count);
    qsort(sorted, w->count, sizeof(int64_t), cmp_i64);
    uint32_t rank = MX_PACING_RANK(w->count);
    int64_t estimate = sorted[(rank ? rank : 1) - 1];
    /* a lasting step up: the latest few frames all cost more than the percentile says */
    if (w->count >= MX_PACING_STEP_FRAMES) {
        int64_t least = INT64_MAX;
        for (uint32_t k = 1; k <= MX_PACING_STEP_FRAMES; ++k) {
            int64_t c = w->cost[(w->next + MX_PACING_WINDOW - k) % MX_PACING_WINDOW];
            least = c < least ? c : least;
        }
        estimate = least > estimate ? least : estimate;
    }
    return estimate;
}

void mx_pacing_set_period(struct mx_pacing *p, int64_t period)
{
    p->period = period;
    p->margin_base = period / 10 > MX_PACING_MS ? period / 10 : MX_PACING_MS;
    p->margin_max = period / 2 > p->margin_base ? period / 2 : p->margin_base;
    if (p->margin < p->margin_base)
        p->margin = p->margin_base;
    if (p->margin > p->margin_max)
        p->margin = p->margin_max;
}

void mx_pacing_init(struct mx_pacing *p, int64_t period)
{
    memset(p, 0, sizeof(*p));
    mx_pacing_set_period(p, period);
    p->margin = p->margin_base;
}

bool mx_pacing_frame_done(struct mx_pacing *p, int64_t wake, int64_t end, int64_t gpu_done, int64_t predicted)
{
    int64_t ready = gpu_done > end ? gpu_done : end;
    window_add(&p->cost, ready - wake);
    p->frames++;
    if (ready > predicted) {
        /* One step for a late frame after an on-time one, however late it was; none for the late frames that
         * follow it. A lasting change is the estimate's to follow (its step rule takes it within
         * MX_PACING_STEP_FRAMES); a spike is not repeated, and the frames right after it are late because its
         * GPU work still runs. Widening by its size, or a step per late frame, only aged the poses of the
         * dozens of frames that narrow it back (measured on lavapipe: docs/latency.md). */
        if (!p->last_late)
            p->margin = p->margin + p->margin_base < p->margin_max ? p->margin + p->margin_base : p->margin_max;
        p->last_late = true;
        p->late++;
        return true;
    }
    p->last_late = false;
    p->margin -= (p->margin - p->margin_base) / MX_PACING_DECAY;
    return false;
}

int64_t mx_pacing_estimate(const struct mx_pacing *p)
{
    if (p->frames < MX_PACING_MIN_FRAMES)
        return 0;
    return window_estimate(&p->cost);
}

int64_t mx_pacing_lead(const struct mx_pacing *p)
{
    if (p->frames < MX_PACING_MIN_FRAMES)
        return p->period;
    int64_t lead = mx_pacing_estimate(p) + p->margin;
    return lead < p->period ? lead : p->period;
}
