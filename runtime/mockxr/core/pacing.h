/* App pacing (MOCKXR_PACING=app): an estimate of the app's frame cost and the margin, from which
 * xrWaitFrame derives how long before the predicted display time to wake the app. Pure logic: no clock,
 * no lock, no OpenXR; times are nanoseconds on any one clock. */
#ifndef MOCKXR_PACING_H
#define MOCKXR_PACING_H

#include <stdbool.h>
#include <stdint.h>

/* Frames the cost window remembers; the estimate is a high percentile of it, so spikes (up to 6 in a window)
 * do not move it, and a lasting change does within a few frames (up) or one window (down). */
#define MX_PACING_WINDOW 64
/* The estimate is never below the least of the latest MX_PACING_STEP_FRAMES costs: when that many frames in a
 * row cost more, the change is lasting and is followed at once (spikes rarely come three in a row). */
#define MX_PACING_STEP_FRAMES 3
/* Until this many frames are known the app is woken a whole period early, as with slot pacing. */
#define MX_PACING_MIN_FRAMES 4

struct mx_pacing_window {
    int64_t cost[MX_PACING_WINDOW];
    uint32_t count, next;
};

struct mx_pacing {
    int64_t period;
    /* A frame's cost: its critical path from its wake target to ready, CPU (to xrEndFrame) and then
     * GPU (to the app's queue done with it), which is what the wake has to lead the display by. */
    struct mx_pacing_window cost;
    int64_t margin;              /* current safety margin */
    int64_t margin_base;         /* what the margin decays back to: max(1 ms, period / 10) */
    int64_t margin_max;          /* the most it widens to: period / 2 */
    uint64_t frames, late;       /* frames fed, and of those late */
    bool last_late;              /* the frame fed last was late */
};

void mx_pacing_init(struct mx_pacing *p, int64_t period);
/* A new display period (XR_FB_display_refresh_rate): margins follow it, costs are kept. */
void mx_pacing_set_period(struct mx_pacing *p, int64_t period);
/* One finished frame: aimed to wake at `wake` (the wake target: a late wake-up on a loaded machine is part of
 * what the lead has to cover), xrEndFrame at `end`, the app's GPU work done at `gpu_done`
 * (0: unknown, the CPU part alone is the cost), for display at `predicted`. Returns whether it was late:
 * ready (CPU and GPU done) after `predicted`. A late frame after an on-time one widens the margin by one base
 * margin, however late it was (the late frames after it add nothing: a lasting change is the estimate's to
 * follow); each frame on time narrows it back by 1/32 of its excess. */
bool mx_pacing_frame_done(struct mx_pacing *p, int64_t wake, int64_t end, int64_t gpu_done, int64_t predicted);
/* The estimated cost of the next frame (CPU then GPU): the 90th percentile of the window, or the least of the
 * latest MX_PACING_STEP_FRAMES costs if that is more; 0 before MX_PACING_MIN_FRAMES frames. */
int64_t mx_pacing_estimate(const struct mx_pacing *p);
/* How long before its predicted display time to wake the app: estimate + margin, at most one period (an
 * app whose frames need longer is woken as slot pacing would: never earlier, never a higher pose age)
 * and exactly one period before the estimate exists. */
int64_t mx_pacing_lead(const struct mx_pacing *p);

#endif
