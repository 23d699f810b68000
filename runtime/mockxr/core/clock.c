/* The runtime's clocks (realtime on CLOCK_MONOTONIC, virtual = moved only by xrWaitFrame) and
 * XR_KHR_convert_timespec_time. */
#include "mockxr_internal.h"

#include <string.h>
#include <time.h>

#define MX_VIRTUAL_EPOCH 1000000000ll /* 1 s: XrTime 0 is invalid, so virtual time starts later */

XrTime mx_clock_monotonic_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (XrTime)ts.tv_sec * 1000000000ll + ts.tv_nsec;
}

void mx_clock_init(struct mx_clock *c, const struct mx_config *cfg)
{
    c->mode = cfg->clock;
    c->period = cfg->period;
    c->virtual_now = MX_VIRTUAL_EPOCH;
    c->epoch = c->mode == MX_CLOCK_VIRTUAL ? MX_VIRTUAL_EPOCH : mx_clock_monotonic_ns();
}

/* XR_FB_display_refresh_rate: the display runs at a new period from the slot at `anchor` on, so the frame
 * after the one displayed at `anchor` is displayed one new period later. */
void mx_clock_set_period(struct mx_clock *c, XrDuration period, XrTime anchor)
{
    c->period = period;
    c->epoch = anchor - period;
}

XrTime mx_clock_now(const struct mx_instance *i)
{
    return i->clock.mode == MX_CLOCK_VIRTUAL ? i->clock.virtual_now : mx_clock_monotonic_ns();
}

/* In virtual mode "now" is the simulated time, so an app that stamps events with the converted
 * CLOCK_MONOTONIC time stays on the runtime's (deterministic) timeline. */
static XrResult XRAPI_CALL convert_timespec_to_time(XrInstance instance, const struct timespec *timespecTime,
                                                    XrTime *time)
{
    static const char *func = "xrConvertTimespecTimeToTimeKHR";
    mx_lock();
    struct mx_instance *i;
    XrResult r = mx_instance_get(instance, func, &i);
    if (r == XR_SUCCESS && (!timespecTime || !time))
        r = mx_diag(XR_ERROR_VALIDATION_FAILURE, func, "%s is NULL", timespecTime ? "time" : "timespecTime");
    if (r == XR_SUCCESS && (timespecTime->tv_sec < 0 || timespecTime->tv_nsec < 0 ||
                            timespecTime->tv_nsec >= 1000000000l ||
                            (timespecTime->tv_sec == 0 && timespecTime->tv_nsec == 0)))
        r = mx_diag(XR_ERROR_TIME_INVALID, func, "timespec {%lld, %ld} is not a valid CLOCK_MONOTONIC time",
                    (long long)timespecTime->tv_sec, (long)timespecTime->tv_nsec);
    if (r == XR_SUCCESS) {
        if (i->clock.mode == MX_CLOCK_VIRTUAL)
            *time = i->clock.virtual_now;
        else
            *time = (XrTime)timespecTime->tv_sec * 1000000000ll + timespecTime->tv_nsec;
    }
    mx_unlock();
    return r;
}

static XrResult XRAPI_CALL convert_time_to_timespec(XrInstance instance, XrTime time, struct timespec *timespecTime)
{
    static const char *func = "xrConvertTimeToTimespecTimeKHR";
    mx_lock();
    struct mx_instance *i;
    XrResult r = mx_instance_get(instance, func, &i);
    if (r == XR_SUCCESS && !timespecTime)
        r = mx_diag(XR_ERROR_VALIDATION_FAILURE, func, "timespecTime is NULL");
    if (r == XR_SUCCESS && time <= 0)
        r = mx_diag(XR_ERROR_TIME_INVALID, func, "time %lld is not a valid XrTime (must be > 0)", (long long)time);
    if (r == XR_SUCCESS) {
        timespecTime->tv_sec = (time_t)(time / 1000000000ll);
        timespecTime->tv_nsec = (long)(time % 1000000000ll);
    }
    mx_unlock();
    return r;
}

PFN_xrVoidFunction mx_clock_proc(const char *name)
{
    if (strcmp(name, "xrConvertTimespecTimeToTimeKHR") == 0)
        return (PFN_xrVoidFunction)convert_timespec_to_time;
    if (strcmp(name, "xrConvertTimeToTimespecTimeKHR") == 0)
        return (PFN_xrVoidFunction)convert_time_to_timespec;
    return NULL;
}
