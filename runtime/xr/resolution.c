/* Dynamic resolution: the fraction of the swapchain size each frame draws, chosen from measured GPU times
 * so that the GPU keeps up with the display when the machine slows down, instead of missing slots. */
#include <math.h>

#include "xr_internal.h"

void xr_res_init(struct xr_res *res, float scale, float min_scale)
{
    const bool adaptive = !(scale > 0.0f);
    *res = (struct xr_res){
        .adaptive = adaptive,
        .min_scale = adaptive ? (min_scale > 0.0f ? min_scale : XR_DEFAULT_MIN_RES_SCALE) : scale,
        .scale = adaptive ? 1.0f : scale,
    };
    if (res->min_scale > 1.0f)
        res->min_scale = 1.0f;
}

float xr_res_scale(const struct xr_res *res)
{
    return res->scale;
}

uint32_t xr_res_size(float scale, uint32_t full)
{
    const double s = (double)full * (double)scale;
    uint32_t n = (uint32_t)(s + 0.5);
    return n < 1 ? 1 : n > full ? full : n;
}

/* GPU time of a frame drawn at `scale`, as a share of the same frame at full size: a part that does not
 * shrink with the pixel count (vertex work, binning, per-draw costs), the rest in proportion to it. */
static double share_at(double scale)
{
    return XR_RES_FIXED_SHARE + (1.0 - XR_RES_FIXED_SHARE) * scale * scale;
}

/* The mean of the recent costs without the largest one: smooth against lavapipe's +-40 % from frame to
 * frame, deaf to one spike in the window (two frames in flight absorb one). */
static double trimmed_mean(const double *v, uint32_t n)
{
    double sum = 0.0, largest = v[0];
    for (uint32_t i = 0; i < n; ++i) {
        sum += v[i];
        largest = v[i] > largest ? v[i] : largest;
    }
    return (sum - largest) / (double)(n - 1);
}

/* The largest scale on the 1/XR_RES_STEPS grid whose modelled GPU time stays within the budget. */
static float scale_for(double cost_ms, double period_ms)
{
    const double share = XR_RES_BUDGET * period_ms / cost_ms;
    if (share >= 1.0)
        return 1.0f;
    const double s2 = (share - XR_RES_FIXED_SHARE) / (1.0 - XR_RES_FIXED_SHARE);
    const double s = s2 > 0.0 ? sqrt(s2) : 0.0;
    return (float)(floor(s * XR_RES_STEPS + 1e-9) / XR_RES_STEPS);
}

bool xr_res_measured(struct xr_res *res, double gpu_ms, float frame_scale, double period_ms)
{
    if (!res->adaptive || !(gpu_ms > 0.0) || !isfinite(gpu_ms) || !(period_ms > 0.0) || !isfinite(period_ms) ||
        !(frame_scale > 0.0f) || frame_scale > 1.0f)
        return false; /* fixed scale, or nothing usable measured (no timestamps, hidden frame) */
    /* The first frames compile pipelines and fault in memory (one may take 200 ms): not a measure of the
     * GPU's pace. */
    if (res->skipped < XR_RES_SKIP) {
        res->skipped++;
        return false;
    }
    /* What this frame would have cost at full size, smoothed over the last XR_RES_WINDOW frames. */
    res->recent[res->recent_next] = gpu_ms / share_at(frame_scale);
    res->recent_next = (res->recent_next + 1) % XR_RES_WINDOW;
    res->recent_count += res->recent_count < XR_RES_WINDOW;
    if (res->recent_count < 3)
        return false;
    const double sample = trimmed_mean(res->recent, res->recent_count);
    /* Up at once, down slowly: a slow phase is met within a few frames, and a fast moment does not undo
     * it. */
    if (res->cost_ms <= 0.0 || sample > res->cost_ms)
        res->cost_ms = sample;
    else
        res->cost_ms += XR_RES_DECAY * (sample - res->cost_ms);

    float want = scale_for(res->cost_ms, period_ms);
    want = want < res->min_scale ? res->min_scale : want > 1.0f ? 1.0f : want;
    const float old = res->scale;
    res->since_rise++;
    if (want < res->scale) {
        res->scale = want; /* shrink at once: the next frames are already late otherwise */
        res->since_rise = 0;
    } else if (want > res->scale && res->since_rise >= XR_RES_RISE_FRAMES) {
        /* grow one grid step at a time, so that a step too far shows in the measurements before the next */
        float up = (float)(floor(res->scale * XR_RES_STEPS + 1e-4) + 1.0) / XR_RES_STEPS;
        res->scale = up < want ? up : want;
        res->since_rise = 0;
    }
    return res->scale != old;
}
