/* The frame loop: xrWaitFrame pacing (realtime slot or app pacing, virtual), xrBeginFrame / xrEndFrame call order. */
#include "mockxr_internal.h"
#include "mx_vk.h"

#include <string.h>
#include <sched.h>
#include <sys/prctl.h>

#define MX_WAIT_FOR_BEGIN_TIMEOUT_NS 5000000000ll /* a wait that can never be satisfied must not hang */

static struct timespec abs_time(XrTime ns)
{
    return (struct timespec){.tv_sec = (time_t)(ns / 1000000000ll), .tv_nsec = (long)(ns % 1000000000ll)};
}

/* Slots are epoch + k*P. xrWaitFrame returns `lead` before the display time it predicts: the earliest slot
 * whose wake is still ahead of `now`. Slot pacing leads by one period (the start of the slot before the
 * predicted one), app pacing by the app's estimated cost plus a margin. A late app skips to the next
 * such slot, never reusing a predicted time. */
static void next_slot(const struct mx_session *s, XrTime now, XrDuration lead, XrTime *out_wake,
                      XrTime *out_predicted)
{
    const struct mx_clock *c = &s->instance->clock;
    XrTime k = (now + lead - c->epoch) / c->period + 1;
    XrTime predicted = c->epoch + k * c->period;
    if (predicted <= s->last_predicted)
        predicted = s->last_predicted + c->period;
    *out_wake = predicted - lead;
    *out_predicted = predicted;
}

static bool frame_loop_alive(const struct mx_session *s)
{
    return s->running && !s->lost && !s->instance->lost;
}

/* After sleeping with the lock released: the session may have ended or been lost meanwhile. */
static XrResult recheck(const struct mx_session *s, const char *func)
{
    if (s->instance->lost)
        return mx_diag(XR_ERROR_INSTANCE_LOST, func, "the instance was lost while xrWaitFrame waited");
    if (s->lost)
        return mx_diag(XR_ERROR_SESSION_LOST, func, "the session was lost while xrWaitFrame waited");
    if (!s->running)
        return mx_diag(XR_ERROR_SESSION_NOT_RUNNING, func, "xrEndSession was called while xrWaitFrame waited");
    return XR_SUCCESS;
}

/* Blocks (lock released) until the previous frame was begun and no other xrWaitFrame is pacing. */
static XrResult wait_for_turn(struct mx_session *s, const char *func)
{
    XrTime deadline = mx_clock_monotonic_ns() + MX_WAIT_FOR_BEGIN_TIMEOUT_NS;
    struct timespec ts = abs_time(deadline);
    bool timed_out = false;
    s->waiters++;
    while ((s->wait_pending || s->wait_in_progress) && frame_loop_alive(s) && !timed_out)
        timed_out = !mx_cond_timedwait(&s->frame_cond, &ts) && mx_clock_monotonic_ns() >= deadline;
    s->waiters--;
    if (timed_out)
        return mx_diag(XR_ERROR_CALL_ORDER_INVALID, func,
                       "blocked 5 s: the frame of the previous xrWaitFrame (frame %llu) was never begun. Each "
                       "xrWaitFrame must be followed by xrBeginFrame before the next xrWaitFrame can return",
                       (unsigned long long)s->current_frame);
    return recheck(s, func);
}

/* Realtime: waits until `wake` on CLOCK_MONOTONIC with the lock released, as a compositor's vsync thread
 * would: a timed wait (timer slack narrowed) until MX_SPIN_NS before the slot, then a yielding spin to the
 * slot itself. A timed wake-up alone lands up to milliseconds late when the CPU it wakes was idle (VMs
 * especially); the spin costs MX_SPIN_NS of CPU per frame. */
#define MX_SPIN_NS 300000
static void sleep_until(struct mx_session *s, XrTime wake)
{
    XrTime coarse = wake - MX_SPIN_NS;
    struct timespec ts = abs_time(coarse);
    int old_slack = prctl(PR_GET_TIMERSLACK, 0, 0, 0, 0);
    if (old_slack > 0)
        prctl(PR_SET_TIMERSLACK, 1000ul, 0, 0, 0);
    s->waiters++;
    while (mx_clock_monotonic_ns() < coarse && frame_loop_alive(s))
        mx_cond_timedwait(&s->frame_cond, &ts);
    if (frame_loop_alive(s) && mx_clock_monotonic_ns() < wake) {
        mx_unlock(); /* waiters > 0 keeps the session alive, as during the timed wait */
        while (mx_clock_monotonic_ns() < wake)
            sched_yield();
        mx_lock();
    }
    s->waiters--;
    if (old_slack > 0)
        prctl(PR_SET_TIMERSLACK, (unsigned long)old_slack, 0, 0, 0);
}

/* How long before the predicted display time the app is woken (MOCKXR_PACING), and the estimate and margin
 * it came from (recorded with the frame: GPU completions may feed the estimator while xrWaitFrame sleeps). */
static XrDuration pacing_lead(struct mx_session *s, XrDuration *out_estimate, XrDuration *out_margin)
{
    const struct mx_clock *c = &s->instance->clock;
    if (s->pacing.period == 0)
        mx_pacing_init(&s->pacing, c->period);
    else if (s->pacing.period != c->period) /* XR_FB_display_refresh_rate */
        mx_pacing_set_period(&s->pacing, c->period);
    *out_estimate = mx_pacing_estimate(&s->pacing);
    *out_margin = s->pacing.margin;
    if (c->mode == MX_CLOCK_VIRTUAL || s->instance->config.pacing == MX_PACING_SLOT)
        return c->period;
    return mx_pacing_lead(&s->pacing);
}

static void pace(struct mx_session *s, XrTime *out_wake, XrTime *out_predicted, XrTime *out_scheduled,
                 XrDuration *out_estimate, XrDuration *out_margin)
{
    struct mx_clock *c = &s->instance->clock;
    XrTime wake, predicted;
    XrDuration lead = pacing_lead(s, out_estimate, out_margin);
    if (c->mode == MX_CLOCK_VIRTUAL) {
        next_slot(s, c->virtual_now + s->instance->extra_wait_delay, lead, &wake, &predicted);
        c->virtual_now = wake;
        *out_scheduled = wake;
        *out_wake = wake;
    } else {
        XrTime now = mx_clock_monotonic_ns();
        next_slot(s, now, lead, &wake, &predicted);
        *out_scheduled = wake;
        sleep_until(s, wake + s->instance->extra_wait_delay);
        /* slow runtime: the slot may have passed meanwhile; the next one still ahead is predicted */
        if (s->instance->extra_wait_delay > 0)
            next_slot(s, mx_clock_monotonic_ns() - c->period, c->period, &wake, &predicted);
        *out_wake = mx_clock_monotonic_ns();
    }
    if (s->last_predicted != 0 && predicted - s->last_predicted > c->period) {
        uint64_t missed = (uint64_t)((predicted - s->last_predicted) / c->period - 1);
        s->missed_slots += missed;
        mx_record_missed(s->instance, missed);
    }
    *out_predicted = predicted;
}

static XrResult XRAPI_CALL wait_frame(XrSession session, const XrFrameWaitInfo *frameWaitInfo, XrFrameState *frameState)
{
    static const char *func = "xrWaitFrame";
    mx_lock();
    struct mx_session *s;
    XrResult r = mx_session_get(session, func, &s);
    if (r == XR_SUCCESS && frameWaitInfo)
        r = mx_check_struct(frameWaitInfo, XR_TYPE_FRAME_WAIT_INFO, func, "frameWaitInfo");
    if (r == XR_SUCCESS)
        r = mx_check_struct(frameState, XR_TYPE_FRAME_STATE, func, "frameState");
    if (r == XR_SUCCESS && !s->running)
        r = mx_diag(XR_ERROR_SESSION_NOT_RUNNING, func, "the session is not running (call xrBeginSession first)");
    if (r == XR_SUCCESS)
        r = wait_for_turn(s, func);
    XrTime wake = 0, predicted = 0, scheduled = 0;
    XrDuration estimate = 0, margin = 0;
    if (r == XR_SUCCESS) {
        s->wait_in_progress = true;
        pace(s, &wake, &predicted, &scheduled, &estimate, &margin);
        s->wait_in_progress = false;
        pthread_cond_broadcast(&s->frame_cond);
        r = recheck(s, func);
    }
    if (r == XR_SUCCESS) {
        /* Frames are numbered run-wide: a new session continues the script's timeline, never replays it. */
        struct mx_instance *i = s->instance;
        uint64_t index = i->frames_waited++;
        s->frames_waited++;
        struct mx_frame *f = &s->frames[index % MX_FRAME_HISTORY];
        *f = (struct mx_frame){.index = index, .predicted_display_time = predicted,
                               .period = i->clock.period, .wake = wake, .scheduled_wake = scheduled,
                               .estimate = estimate, .margin = margin,
                               .wake_mono = mx_clock_monotonic_ns(), .wake_seq = mx_next_seq(i)};
        if (index == 0)
            i->first_predicted = predicted;
        s->last_predicted = predicted;
        s->current_frame = index;
        s->wait_pending = true;
        if (s->queued_state == XR_SESSION_STATE_READY)
            mx_session_push_state(s, XR_SESSION_STATE_SYNCHRONIZED);
        mx_script_apply(s, index);
        mx_recorder_frame(s, index, predicted);
        frameState->predictedDisplayTime = predicted;
        frameState->predictedDisplayPeriod = s->instance->clock.period;
        frameState->shouldRender =
            s->state == XR_SESSION_STATE_VISIBLE || s->state == XR_SESSION_STATE_FOCUSED ? XR_TRUE : XR_FALSE;
    }
    mx_unlock();
    return r;
}

static XrResult XRAPI_CALL begin_frame(XrSession session, const XrFrameBeginInfo *frameBeginInfo)
{
    static const char *func = "xrBeginFrame";
    mx_lock();
    struct mx_session *s;
    XrResult r = mx_session_get(session, func, &s);
    if (r == XR_SUCCESS && frameBeginInfo)
        r = mx_check_struct(frameBeginInfo, XR_TYPE_FRAME_BEGIN_INFO, func, "frameBeginInfo");
    if (r == XR_SUCCESS && !s->running)
        r = mx_diag(XR_ERROR_SESSION_NOT_RUNNING, func, "the session is not running");
    if (r == XR_SUCCESS && !s->wait_pending)
        r = mx_diag(XR_ERROR_CALL_ORDER_INVALID, func,
                    "no xrWaitFrame since the last xrBeginFrame: each xrBeginFrame needs its own xrWaitFrame");
    if (r == XR_SUCCESS) {
        uint32_t in_flight = 1;
        if (s->frame_in_progress) {
            /* The spec's rule: beginning over an unfinished frame discards that frame. */
            struct mx_frame *old = mx_session_frame(s, s->begun_frame);
            if (old) {
                old->discarded = true;
                mx_record_frame(s, old, NULL, false);
            }
            in_flight = 2;
            r = XR_FRAME_DISCARDED;
        }
        s->wait_pending = false;
        s->frame_in_progress = true;
        s->begun_frame = s->current_frame;
        struct mx_frame *f = mx_session_frame(s, s->begun_frame);
        if (f) {
            f->begin = mx_clock_now(s->instance);
            f->begin_seq = mx_next_seq(s->instance);
            f->begun = true;
            f->in_flight = in_flight;
        }
        pthread_cond_broadcast(&s->frame_cond);
    }
    mx_unlock();
    return r;
}

static XrResult check_end_info(struct mx_session *s, const XrFrameEndInfo *info, const char *func)
{
    XrResult r = mx_check_struct(info, XR_TYPE_FRAME_END_INFO, func, "frameEndInfo");
    if (r != XR_SUCCESS)
        return r;
    if (!s->running)
        return mx_diag(XR_ERROR_SESSION_NOT_RUNNING, func, "the session is not running");
    if (!s->frame_in_progress)
        return mx_diag(XR_ERROR_CALL_ORDER_INVALID, func, "no frame in progress: call xrBeginFrame first");
    if (info->displayTime <= 0)
        return mx_diag(XR_ERROR_TIME_INVALID, func, "displayTime is %lld; use the predictedDisplayTime of xrWaitFrame",
                       (long long)info->displayTime);
    if (info->environmentBlendMode != XR_ENVIRONMENT_BLEND_MODE_OPAQUE)
        return mx_diag(XR_ERROR_ENVIRONMENT_BLEND_MODE_UNSUPPORTED, func,
                       "environmentBlendMode %d; mockxr supports XR_ENVIRONMENT_BLEND_MODE_OPAQUE only",
                       (int)info->environmentBlendMode);
    if (info->layerCount > MX_MAX_LAYERS)
        return mx_diag(XR_ERROR_LAYER_LIMIT_EXCEEDED, func, "layerCount %u exceeds maxLayerCount %u", info->layerCount,
                       MX_MAX_LAYERS);
    if (info->layerCount > 0 && !info->layers)
        return mx_diag(XR_ERROR_VALIDATION_FAILURE, func, "layerCount is %u but layers is NULL", info->layerCount);
    return XR_SUCCESS;
}

/* Visibility and focus follow submitted frames; MOCKXR_EXIT_AFTER_FRAMES (frames of the whole run, all
 * sessions together) ends any app. */
static void after_frame(struct mx_session *s)
{
    mx_session_update_visibility(s);
    const struct mx_config *c = &s->instance->config;
    if (c->exit_after_frames > 0 && s->instance->frames_ended >= (uint64_t)c->exit_after_frames &&
        !s->exit_requested && s->running) {
        mx_info("MOCKXR_EXIT_AFTER_FRAMES=%lld reached: requesting exit", (long long)c->exit_after_frames);
        mx_session_request_exit(s);
        mx_recorder_exit(s->instance);
    }
}

static XrResult XRAPI_CALL end_frame(XrSession session, const XrFrameEndInfo *frameEndInfo)
{
    static const char *func = "xrEndFrame";
    mx_lock();
    struct mx_session *s;
    XrResult r = mx_session_get(session, func, &s);
    if (r == XR_SUCCESS)
        r = check_end_info(s, frameEndInfo, func);
    if (r == XR_SUCCESS)
        r = mx_frame_validate_layers(s, frameEndInfo, func);
    if (r == XR_SUCCESS) {
        s->frame_in_progress = false;
        struct mx_frame *f = mx_session_frame(s, s->begun_frame);
        if (f) {
            f->end = mx_clock_now(s->instance);
            f->end_mono = mx_clock_monotonic_ns();
            f->end_seq = mx_next_seq(s->instance);
            f->display_time = frameEndInfo->displayTime;
            f->ended = true;
            f->late = f->end > frameEndInfo->displayTime;
            /* realtime: the app's GPU work gets a fence; its completion feeds pacing and the record */
            bool gpu_watched = s->instance->clock.mode == MX_CLOCK_REALTIME && mx_vk_watch_frame(s, f->index);
            if (!gpu_watched)
                mx_pacing_frame_done(&s->pacing, f->scheduled_wake, f->end, 0, f->predicted_display_time);
            mx_record_frame(s, f, frameEndInfo, gpu_watched);
        }
        s->frames_ended++;
        s->instance->frames_ended++;
        mx_vk_end_frame(s, s->begun_frame, frameEndInfo);
        mx_window_end_frame(s, f, frameEndInfo);
        after_frame(s);
    }
    mx_unlock();
    return r;
}

void mx_frame_gpu_done(struct mx_session *s, uint64_t index, XrTime t)
{
    struct mx_frame *f = mx_session_frame(s, index);
    if (f && t > 0) {
        f->gpu_done = t;
        mx_pacing_frame_done(&s->pacing, f->scheduled_wake, f->end, t, f->predicted_display_time);
    }
    mx_record_gpu_done(s->instance, index, t);
}

PFN_xrVoidFunction mx_frame_proc(const char *name)
{
    if (strcmp(name, "xrWaitFrame") == 0)
        return (PFN_xrVoidFunction)wait_frame;
    if (strcmp(name, "xrBeginFrame") == 0)
        return (PFN_xrVoidFunction)begin_frame;
    if (strcmp(name, "xrEndFrame") == 0)
        return (PFN_xrVoidFunction)end_frame;
    return NULL;
}
