/* mockxr's app-pacing estimator on synthetic timings: steady costs, a spike, a lasting step up and down,
 * a late frame widening the margin (a step, however late), an unknown GPU time, the lead's bounds. */
#include <stdint.h>

#include "pacing.h"
#include "unit_check.h"

#define MS 1000000ll
#define PERIOD 11111111ll /* 90 Hz */

struct sim {
    struct mx_pacing p;
    int64_t next_display;
    int late;
};

static void sim_init(struct sim *s)
{
    mx_pacing_init(&s->p, PERIOD);
    s->next_display = 1000 * MS;
    s->late = 0;
}

/* One frame woken as the runtime would (predicted - lead), taking cpu then gpu (gpu 0: unknown). */
static bool frame(struct sim *s, int64_t cpu, int64_t gpu)
{
    int64_t predicted = s->next_display;
    s->next_display += PERIOD;
    int64_t wake = predicted - mx_pacing_lead(&s->p);
    int64_t end = wake + cpu;
    bool late = mx_pacing_frame_done(&s->p, wake, end, gpu ? end + gpu : 0, predicted);
    s->late += late;
    return late;
}

static void frames(struct sim *s, int n, int64_t cpu, int64_t gpu)
{
    for (int k = 0; k < n; k++)
        frame(s, cpu, gpu);
}

static void test_start_and_steady(void)
{
    struct sim s;
    sim_init(&s);
    CHECK(s.p.margin_base == PERIOD / 10); /* 1.11 ms at 90 Hz: above the 1 ms floor */
    CHECK(s.p.margin_max == PERIOD / 2);
    CHECK(mx_pacing_lead(&s.p) == PERIOD); /* nothing known yet: slot pacing */
    CHECK(mx_pacing_estimate(&s.p) == 0);
    frames(&s, MX_PACING_MIN_FRAMES - 1, 3 * MS, 2 * MS);
    CHECK(mx_pacing_lead(&s.p) == PERIOD);
    frames(&s, 100, 3 * MS, 2 * MS);
    CHECK(s.late == 0);
    CHECK(mx_pacing_estimate(&s.p) == 5 * MS);
    CHECK(s.p.margin == s.p.margin_base);
    CHECK(mx_pacing_lead(&s.p) == 5 * MS + PERIOD / 10);
}

static void test_spike(void)
{
    struct sim s;
    sim_init(&s);
    frames(&s, 100, 3 * MS, 2 * MS);
    CHECK(frame(&s, 7 * MS, 2 * MS)); /* 9 ms of work with a 6.1 ms lead: late */
    CHECK(mx_pacing_estimate(&s.p) == 5 * MS); /* one spike in the window does not move the estimate */
    CHECK(s.p.margin == 2 * s.p.margin_base); /* one step */
    int64_t widened = s.p.margin;
    frames(&s, 10, 3 * MS, 2 * MS);
    CHECK(s.late == 1);
    CHECK(s.p.margin < widened && s.p.margin > s.p.margin_base); /* narrowing, slowly */
    frames(&s, 400, 3 * MS, 2 * MS);
    CHECK(s.p.margin - s.p.margin_base < MS / 100); /* back to the base */
    CHECK(mx_pacing_estimate(&s.p) == 5 * MS);
}

static void test_step_up_and_down(void)
{
    struct sim s;
    sim_init(&s);
    frames(&s, 100, 3 * MS, 2 * MS);
    frames(&s, 2, 4 * MS, 4 * MS); /* a lasting step up to 8 ms: two frames could still be spikes ... */
    CHECK(mx_pacing_estimate(&s.p) == 5 * MS);
    frame(&s, 4 * MS, 4 * MS); /* ... the third in a row is followed at once */
    CHECK(mx_pacing_estimate(&s.p) == 8 * MS);
    frame(&s, 4 * MS, 4 * MS);
    CHECK(mx_pacing_estimate(&s.p) == 8 * MS);
    CHECK(s.late == 3); /* the three that showed the step: the margin covers less than 3 ms, the estimate follows */
    int late_after_step = s.late;
    frames(&s, 200, 4 * MS, 4 * MS);
    CHECK(s.late == late_after_step);
    CHECK(mx_pacing_lead(&s.p) - 8 * MS - s.p.margin_base < MS / 100);
    /* back down to 3 ms: the estimate stays high for most of a window (cheap: pose age, not a miss) ... */
    frames(&s, 10, 2 * MS, 1 * MS);
    CHECK(mx_pacing_estimate(&s.p) == 8 * MS);
    /* ... and follows within one window */
    frames(&s, MX_PACING_WINDOW, 2 * MS, 1 * MS);
    CHECK(mx_pacing_estimate(&s.p) == 3 * MS);
    CHECK(s.late == late_after_step);
}

static void test_late_widens_margin(void)
{
    struct sim s;
    sim_init(&s);
    frames(&s, 50, 2 * MS, 2 * MS);
    int64_t before = s.p.margin;
    /* the GPU part alone makes this one late, by 3 ms */
    int64_t lead = mx_pacing_lead(&s.p);
    CHECK(frame(&s, 2 * MS, lead - 2 * MS + 3 * MS));
    CHECK(s.p.margin == before + s.p.margin_base); /* one step, however late */
    /* the late frames right after it add nothing (its GPU work may still run; a lasting change is the
     * estimate's) ... */
    CHECK(frame(&s, 2 * MS, 30 * MS));
    CHECK(s.p.margin == before + s.p.margin_base);
    /* ... a late frame after an on-time one adds a step again, never past half a period */
    for (int k = 0; k < 6; k++) {
        frame(&s, 2 * MS, 2 * MS);
        CHECK(frame(&s, 2 * MS, 30 * MS));
    }
    CHECK(s.p.margin == s.p.margin_max);
    /* barely late still widens by the base margin */
    struct sim t;
    sim_init(&t);
    frames(&t, 50, 2 * MS, 2 * MS);
    lead = mx_pacing_lead(&t.p);
    CHECK(frame(&t, 2 * MS, lead - 2 * MS + 1000));
    CHECK(t.p.margin == 2 * t.p.margin_base);
}

/* A lone spike of three periods costs one step of margin, not its size: the frames after it keep their pose age
 * (the widening before this rule aged the next ~50 frames' poses by up to half a period, docs/latency.md). */
static void test_spike_ages_few_poses(void)
{
    struct sim s;
    sim_init(&s);
    frames(&s, 100, 1 * MS, 2 * MS);
    const int64_t steady = mx_pacing_lead(&s.p);
    CHECK(steady == 3 * MS + s.p.margin_base);
    CHECK(frame(&s, 1 * MS, 33 * MS));
    CHECK(mx_pacing_lead(&s.p) == steady + s.p.margin_base);
    frames(&s, 24, 1 * MS, 2 * MS); /* a quarter second at 90 Hz takes back more than half the step */
    CHECK(s.late == 1);
    CHECK(mx_pacing_lead(&s.p) < steady + s.p.margin_base / 2);
    /* two spikes in a row are still spikes: the estimate holds */
    frame(&s, 1 * MS, 20 * MS);
    frame(&s, 1 * MS, 20 * MS);
    frame(&s, 1 * MS, 2 * MS);
    CHECK(mx_pacing_estimate(&s.p) == 3 * MS);
}

static void test_unknown_gpu_and_bounds(void)
{
    struct sim s;
    sim_init(&s);
    frames(&s, 40, 3 * MS, 0); /* no GPU completion known: the CPU part is the cost */
    CHECK(mx_pacing_estimate(&s.p) == 3 * MS);
    CHECK(s.late == 0);
    frames(&s, 40, 30 * MS, 0); /* costs beyond a period: woken as slot pacing would, never earlier */
    CHECK(mx_pacing_lead(&s.p) == PERIOD);
    /* a new period: margins follow it */
    mx_pacing_set_period(&s.p, 16666667);
    CHECK(s.p.margin_base == 16666667 / 10);
    CHECK(s.p.margin <= s.p.margin_max && s.p.margin >= s.p.margin_base);
    /* a slow display (20 Hz) keeps a 5 ms base; a fast one never goes below 1 ms */
    struct mx_pacing q;
    mx_pacing_init(&q, 4000000);
    CHECK(q.margin_base == MS);
}

int main(void)
{
    test_start_and_steady();
    test_spike();
    test_step_up_and_down();
    test_late_widens_margin();
    test_spike_ages_few_poses();
    test_unknown_gpu_and_bounds();
    return unit_finish("pacing_test");
}
