/* Unit test of dynamic resolution's controller (runtime/xr/resolution.c): fed GPU times of a simulated
 * GPU whose cost follows the controller's own model, or not, it shrinks within four measurements of an
 * overload, ignores a lone spike and the first frames, climbs back one step at a time, keeps to its
 * bounds, and leaves a fixed scale and bad measurements alone. */
#include <math.h>
#include <stdio.h>

#include "unit_check.h"
#include "xr_internal.h"


#define PERIOD_MS 11.111

/* A GPU whose frame costs fixed_ms plus pixel_ms at full size, scaled by the drawn area. */
static double gpu_ms(double fixed_ms, double pixel_ms, float scale)
{
    return fixed_ms + pixel_ms * (double)scale * (double)scale;
}

/* Feeds n measurements with the loop's two-frame delay (frame k's time arrives while frame k + 2 is
 * about to be drawn), returns the scale after them; *out_min the lowest scale seen. */
static float run(struct xr_res *res, uint32_t n, double fixed_ms, double pixel_ms, float *out_min)
{
    float drawn[2] = {xr_res_scale(res), xr_res_scale(res)};
    float lowest = xr_res_scale(res);
    for (uint32_t k = 0; k < n; ++k) {
        const float s = drawn[k % 2]; /* the frame that used this slot */
        xr_res_measured(res, gpu_ms(fixed_ms, pixel_ms, s), s, PERIOD_MS);
        drawn[k % 2] = xr_res_scale(res);
        lowest = fminf(lowest, xr_res_scale(res));
    }
    if (out_min)
        *out_min = lowest;
    return xr_res_scale(res);
}

static bool on_grid(float s)
{
    const float k = s * XR_RES_STEPS;
    return fabsf(k - roundf(k)) < 1e-4f;
}

static void cheap_gpu_stays_full(void)
{
    struct xr_res res;
    xr_res_init(&res, 0.0f, 0.0f);
    CHECK(res.adaptive && xr_res_scale(&res) == 1.0f && res.min_scale == XR_DEFAULT_MIN_RES_SCALE);
    float lowest = 0.0f;
    CHECK(run(&res, 500, 3.0, 5.5, &lowest) == 1.0f); /* 8.5 ms of an 11.1 ms period: under the 9.4 ms budget */
    CHECK(lowest == 1.0f);
}

static void overload_shrinks_fast_then_fits(void)
{
    struct xr_res res;
    xr_res_init(&res, 0.0f, 0.5f);
    run(&res, 50, 2.0, 5.0, NULL);
    CHECK(xr_res_scale(&res) == 1.0f);
    /* The machine slows down 1.8x: 12.6 ms at full size, more than a period. One slow frame could be a
     * spike; by the fourth the window's trimmed mean is over the budget, and the scale it drops to fits. */
    const double fixed = 3.6, pixel = 9.0;
    uint32_t slow = 0;
    while (xr_res_scale(&res) == 1.0f && slow < 10) {
        xr_res_measured(&res, gpu_ms(fixed, pixel, 1.0f), 1.0f, PERIOD_MS);
        slow++;
    }
    CHECK(slow >= 2 && slow <= 4);
    /* the window still holds fast frames, so the first step down may fall short; a few more fit */
    for (int k = 0; k < 6; ++k)
        xr_res_measured(&res, gpu_ms(fixed, pixel, xr_res_scale(&res)), xr_res_scale(&res), PERIOD_MS);
    CHECK(gpu_ms(fixed, pixel, xr_res_scale(&res)) <= XR_RES_BUDGET * PERIOD_MS + 1e-9);
    float lowest = 1.0f;
    const float settled = run(&res, 400, fixed, pixel, &lowest);
    CHECK(settled >= 0.5f && settled < 1.0f);
    CHECK(gpu_ms(fixed, pixel, settled) <= XR_RES_BUDGET * PERIOD_MS + 1e-9); /* fits, and is ... */
    CHECK(gpu_ms(fixed, pixel, settled + 2.0f / XR_RES_STEPS) > XR_RES_BUDGET * PERIOD_MS); /* ... near the edge */
    CHECK(lowest >= 0.5f && on_grid(settled));
}

static void slow_first_frame_is_ignored(void)
{
    struct xr_res res;
    xr_res_init(&res, 0.0f, 0.0f);
    CHECK(!xr_res_measured(&res, 200.0, 1.0f, PERIOD_MS)); /* the first frames compile pipelines */
    CHECK(!xr_res_measured(&res, 60.0, 1.0f, PERIOD_MS));
    CHECK(xr_res_scale(&res) == 1.0f && res.recent_count == 0);
    CHECK(run(&res, 20, 2.0, 5.0, NULL) == 1.0f);
}

static void lone_spike_is_ignored(void)
{
    struct xr_res res;
    xr_res_init(&res, 0.0f, 0.0f);
    run(&res, 50, 2.0, 5.0, NULL);
    for (int i = 0; i < 60; ++i) { /* every tenth frame takes 4x as long */
        xr_res_measured(&res, i % 10 == 0 ? 28.0 : 7.0, 1.0f, PERIOD_MS);
        CHECK(xr_res_scale(&res) == 1.0f);
    }
    /* Every other one is no spike: 14 ms on average, over the period. */
    for (int i = 0; i < 8; ++i)
        xr_res_measured(&res, i % 2 == 0 ? 21.0 : 7.0, 1.0f, PERIOD_MS);
    CHECK(xr_res_scale(&res) < 1.0f);
}

static void recovers_one_step_at_a_time(void)
{
    struct xr_res res;
    xr_res_init(&res, 0.0f, 0.5f);
    run(&res, 100, 6.0, 14.0, NULL); /* 20 ms at full size: down to the floor */
    CHECK(xr_res_scale(&res) == 0.5f);
    /* Fast again: the scale climbs by one grid step per XR_RES_RISE_FRAMES measurements at most. */
    float prev = xr_res_scale(&res);
    uint32_t steps = 0, frames = 0;
    while (xr_res_scale(&res) < 1.0f && frames < 2000) {
        xr_res_measured(&res, gpu_ms(1.0, 3.0, xr_res_scale(&res)), xr_res_scale(&res), PERIOD_MS);
        frames++;
        const float now = xr_res_scale(&res);
        CHECK(now >= prev);
        CHECK(now - prev <= 1.0f / XR_RES_STEPS + 1e-6f);
        if (now > prev) {
            steps++;
            CHECK(on_grid(now));
        }
        prev = now;
    }
    CHECK(xr_res_scale(&res) == 1.0f);
    CHECK(steps == XR_RES_STEPS / 2);
    CHECK(frames >= (steps - 1) * XR_RES_RISE_FRAMES + 1); /* the first step may come at once */
    /* the falling cost estimate delays the first steps, but not by seconds at 90 Hz */
    CHECK(frames <= 400);
}

static void bounds_and_floor(void)
{
    struct xr_res res;
    xr_res_init(&res, 0.0f, 0.7f); /* a floor off the grid is kept as it is */
    float lowest = 1.0f;
    run(&res, 300, 20.0, 40.0, &lowest); /* hopeless: even the floor is over budget */
    CHECK(xr_res_scale(&res) == 0.7f && lowest == 0.7f);
    xr_res_init(&res, 0.0f, 1.0f); /* floor 1: adaptive in name only */
    CHECK(run(&res, 100, 20.0, 40.0, NULL) == 1.0f);
}

static void fixed_scale_never_moves(void)
{
    struct xr_res res;
    xr_res_init(&res, 0.75f, 0.0f);
    CHECK(!res.adaptive && xr_res_scale(&res) == 0.75f);
    float lowest = 1.0f;
    CHECK(run(&res, 100, 20.0, 40.0, &lowest) == 0.75f && lowest == 0.75f);
    CHECK(!xr_res_measured(&res, 50.0, 0.75f, PERIOD_MS));
}

static void bad_measurements_change_nothing(void)
{
    struct xr_res res;
    xr_res_init(&res, 0.0f, 0.0f);
    const double bad_gpu[] = {-1.0, 0.0, NAN, INFINITY};
    for (int i = 0; i < 4; ++i) {
        for (int k = 0; k < 5; ++k)
            CHECK(!xr_res_measured(&res, bad_gpu[i], 1.0f, PERIOD_MS));
    }
    for (int k = 0; k < 5; ++k) {
        CHECK(!xr_res_measured(&res, 30.0, 1.0f, 0.0));      /* no period */
        CHECK(!xr_res_measured(&res, 30.0, 1.0f, NAN));
        CHECK(!xr_res_measured(&res, 30.0, 0.0f, PERIOD_MS)); /* no scale recorded */
        CHECK(!xr_res_measured(&res, 30.0, 1.5f, PERIOD_MS));
    }
    CHECK(xr_res_scale(&res) == 1.0f && res.cost_ms == 0.0 && res.recent_count == 0);
}

static void sizes(void)
{
    CHECK(xr_res_size(1.0f, 512) == 512);
    CHECK(xr_res_size(0.5f, 512) == 256);
    CHECK(xr_res_size(20.0f / 32.0f, 512) == 320);
    CHECK(xr_res_size(0.6f, 1832) == 1099); /* 1099.2 */
    CHECK(xr_res_size(0.6f, 1833) == 1100); /* 1099.8 */
    CHECK(xr_res_size(0.25f, 1) == 1 && xr_res_size(0.001f, 100) == 1);
}

int main(void)
{
    cheap_gpu_stays_full();
    overload_shrinks_fast_then_fits();
    slow_first_frame_is_ignored();
    lone_spike_is_ignored();
    recovers_one_step_at_a_time();
    bounds_and_floor();
    fixed_scale_never_moves();
    bad_measurements_change_nothing();
    sizes();
    return unit_finish("unit_xr_res");
}
