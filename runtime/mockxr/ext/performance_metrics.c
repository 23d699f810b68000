/* XR_META_performance_metrics: counters of what mockxr measures anyway, from the session's last submitted
 * frame - the app's CPU time per frame (xrWaitFrame to xrEndFrame), the pose age at display (motion to
 * photon), and the display slots dropped since the counters were enabled. */
#include "mx_ext.h"

#include <string.h>

enum mx_counter { MX_APP_CPU, MX_MOTION_TO_PHOTON, MX_DROPPED, MX_COUNTER_COUNT };
static const char *const g_counter_paths[MX_COUNTER_COUNT] = {
    "/perfmetrics_meta/app/cpu_frametime",
    "/perfmetrics_meta/app/motion_to_photon_latency",
    "/perfmetrics_meta/compositor/dropped_frame_count",
};

static XrResult XRAPI_CALL enumerate_paths(XrInstance instance, uint32_t capacity, uint32_t *countOutput, XrPath *paths)
{
    static const char *func = "xrEnumeratePerformanceMetricsCounterPathsMETA";
    mx_lock();
    struct mx_instance *i;
    bool write = false;
    XrResult r = mx_instance_get(instance, func, &i);
    if (r == XR_SUCCESS)
        r = mx_two_call(func, "counterPaths", capacity, countOutput, paths, MX_COUNTER_COUNT, &write);
    for (uint32_t k = 0; write && k < MX_COUNTER_COUNT && r == XR_SUCCESS; k++)
        r = mx_path_intern(i, g_counter_paths[k], func, &paths[k]);
    mx_unlock();
    return r;
}

static XrResult XRAPI_CALL set_state(XrSession session, const XrPerformanceMetricsStateMETA *state)
{
    static const char *func = "xrSetPerformanceMetricsStateMETA";
    mx_lock();
    struct mx_session *s;
    struct mx_ext_session *es = NULL;
    XrResult r = mx_session_get(session, func, &s);
    if (r == XR_SUCCESS)
        r = mx_check_struct(state, XR_TYPE_PERFORMANCE_METRICS_STATE_META, func, "state");
    if (r == XR_SUCCESS && !(es = mx_ext_session_data(s)))
        r = XR_ERROR_OUT_OF_MEMORY;
    if (r == XR_SUCCESS) {
        if (state->enabled && !es->metrics_on)
            es->metrics_missed0 = s->missed_slots;
        es->metrics_on = state->enabled != XR_FALSE;
    }
    mx_unlock();
    return r;
}

static XrResult XRAPI_CALL get_state(XrSession session, XrPerformanceMetricsStateMETA *state)
{
    static const char *func = "xrGetPerformanceMetricsStateMETA";
    mx_lock();
    struct mx_session *s;
    XrResult r = mx_session_get(session, func, &s);
    if (r == XR_SUCCESS)
        r = mx_check_struct(state, XR_TYPE_PERFORMANCE_METRICS_STATE_META, func, "state");
    if (r == XR_SUCCESS) {
        const struct mx_ext_session *es = s->ext;
        state->enabled = es && es->metrics_on ? XR_TRUE : XR_FALSE;
    }
    mx_unlock();
    return r;
}

/* The session's most recent frame that xrEndFrame submitted, or NULL. */
static const struct mx_frame *last_submitted(const struct mx_session *s)
{
    const struct mx_frame *best = NULL;
    for (int k = 0; k < MX_FRAME_HISTORY; k++) {
        const struct mx_frame *f = &s->frames[k];
        if (f->ended && f->predicted_display_time && (!best || f->index > best->index))
            best = f;
    }
    return best;
}

static void fill(const struct mx_session *s, enum mx_counter c, XrPerformanceMetricsCounterMETA *out)
{
    const struct mx_frame *f = last_submitted(s);
    out->counterFlags = 0;
    out->uintValue = 0;
    out->floatValue = 0.0f;
    if (c == MX_DROPPED) {
        const struct mx_ext_session *es = s->ext;
        out->counterUnit = XR_PERFORMANCE_METRICS_COUNTER_UNIT_GENERIC_META;
        out->uintValue = (uint32_t)(s->missed_slots - es->metrics_missed0);
        out->counterFlags = XR_PERFORMANCE_METRICS_COUNTER_ANY_VALUE_VALID_BIT_META |
                            XR_PERFORMANCE_METRICS_COUNTER_UINT_VALUE_VALID_BIT_META;
        return;
    }
    out->counterUnit = XR_PERFORMANCE_METRICS_COUNTER_UNIT_MILLISECONDS_META;
    if (!f || (c == MX_MOTION_TO_PHOTON && !f->located))
        return; /* nothing measured yet: no value is valid */
    XrDuration ns = c == MX_APP_CPU ? f->end - f->wake : f->display_time - f->located;
    out->floatValue = (float)((double)ns / 1e6);
    out->counterFlags = XR_PERFORMANCE_METRICS_COUNTER_ANY_VALUE_VALID_BIT_META |
                        XR_PERFORMANCE_METRICS_COUNTER_FLOAT_VALUE_VALID_BIT_META;
}

static XrResult XRAPI_CALL query(XrSession session, XrPath counterPath, XrPerformanceMetricsCounterMETA *counter)
{
    static const char *func = "xrQueryPerformanceMetricsCounterMETA";
    mx_lock();
    struct mx_session *s;
    XrResult r = mx_session_get(session, func, &s);
    const char *str = r == XR_SUCCESS ? mx_path_string(s->instance, counterPath) : NULL;
    int c = -1;
    for (int k = 0; str && k < MX_COUNTER_COUNT; k++)
        c = strcmp(str, g_counter_paths[k]) == 0 ? k : c;
    if (r == XR_SUCCESS)
        r = mx_check_struct(counter, XR_TYPE_PERFORMANCE_METRICS_COUNTER_META, func, "counter");
    if (r == XR_SUCCESS && !str)
        r = mx_diag(XR_ERROR_PATH_INVALID, func, "counterPath 0x%llx is not a path of this instance",
                    (unsigned long long)counterPath);
    if (r == XR_SUCCESS && c < 0)
        r = mx_diag(XR_ERROR_PATH_UNSUPPORTED, func, "%s is not a counter of xrEnumeratePerformanceMetricsCounterPathsMETA",
                    str);
    if (r == XR_SUCCESS && !(s->ext && ((const struct mx_ext_session *)s->ext)->metrics_on))
        r = mx_diag(XR_ERROR_VALIDATION_FAILURE, func, "the performance metrics of this session are not enabled "
                    "(xrSetPerformanceMetricsStateMETA with enabled = XR_TRUE first)");
    if (r == XR_SUCCESS)
        fill(s, (enum mx_counter)c, counter);
    mx_unlock();
    return r;
}

PFN_xrVoidFunction mx_perf_metrics_proc(const char *name)
{
    static const struct {
        const char *name;
        PFN_xrVoidFunction fn;
    } table[] = {
        {"xrEnumeratePerformanceMetricsCounterPathsMETA", (PFN_xrVoidFunction)enumerate_paths},
        {"xrSetPerformanceMetricsStateMETA", (PFN_xrVoidFunction)set_state},
        {"xrGetPerformanceMetricsStateMETA", (PFN_xrVoidFunction)get_state},
        {"xrQueryPerformanceMetricsCounterMETA", (PFN_xrVoidFunction)query},
    };
    for (size_t k = 0; k < sizeof(table) / sizeof(table[0]); k++) {
        if (strcmp(name, table[k].name) == 0)
            return table[k].fn;
    }
    return NULL;
}
