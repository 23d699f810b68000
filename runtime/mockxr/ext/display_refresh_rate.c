/* XR_FB_display_refresh_rate: the display's rates, the current one, the app's requests (granted at once:
 * the display period and the frame pacer follow) and the script's changes, each told by an event. */
#include "mx_ext.h"

#include <math.h>
#include <string.h>

#define MX_MAX_RATES 8

/* The rates of a current standalone headset plus MOCKXR_REFRESH_HZ, lowest first (spec order). */
static uint32_t supported_rates(const struct mx_config *c, float out[MX_MAX_RATES])
{
    static const float common[] = {60.0f, 72.0f, 80.0f, 90.0f, 120.0f, 144.0f};
    uint32_t n = 0;
    bool configured_listed = false;
    for (size_t k = 0; k < sizeof(common) / sizeof(common[0]); k++) {
        if (!configured_listed && (float)c->refresh_hz <= common[k]) {
            configured_listed = true;
            if ((float)c->refresh_hz < common[k])
                out[n++] = (float)c->refresh_hz;
        }
        out[n++] = common[k];
    }
    if (!configured_listed)
        out[n++] = (float)c->refresh_hz;
    return n;
}

bool mx_refresh_rate_supported(const struct mx_config *c, float hz)
{
    float rates[MX_MAX_RATES];
    uint32_t n = supported_rates(c, rates);
    for (uint32_t k = 0; k < n; k++) {
        if (fabsf(rates[k] - hz) < 0.01f)
            return true;
    }
    return false;
}

/* Slots continue from the session's last predicted display time at the new period; the script's pose
 * timeline (frame f = first predicted time + f periods) is re-based so that it stays continuous there. */
static void change_rate(struct mx_session *s, float hz)
{
    struct mx_instance *i = s->instance;
    struct mx_ext_instance *e = mx_ext_instance_data(i);
    if (fabsf(e->refresh_hz - hz) < 0.01f)
        return;
    XrDuration old_period = i->clock.period;
    XrDuration period = (XrDuration)llround(1e9 / (double)hz);
    XrTime anchor = s->last_predicted ? s->last_predicted : mx_clock_now(i);
    if (i->frames_waited > 0) {
        double f = (double)(anchor - i->first_predicted) / (double)old_period;
        i->first_predicted = anchor - (XrTime)llround(f * (double)period);
    }
    mx_clock_set_period(&i->clock, period, anchor);
    XrEventDataDisplayRefreshRateChangedFB ev = {.type = XR_TYPE_EVENT_DATA_DISPLAY_REFRESH_RATE_CHANGED_FB,
                                                 .fromDisplayRefreshRate = e->refresh_hz,
                                                 .toDisplayRefreshRate = hz};
    e->refresh_hz = hz;
    mx_info("display refresh rate %.0f Hz (period %lld ns)", (double)hz, (long long)period);
    if (MX_EXT_ON(i, MX_EXT_DISPLAY_REFRESH_RATE))
        mx_ext_push_event(i, &ev, MX_REPORT_REFRESH_RATE);
}

void mx_ext_set_refresh_rate(struct mx_session *s, float hz)
{
    change_rate(s, hz > 0.0f ? hz : (float)s->instance->config.refresh_hz);
}

static XrResult XRAPI_CALL enumerate_rates(XrSession session, uint32_t capacity, uint32_t *countOutput, float *rates)
{
    static const char *func = "xrEnumerateDisplayRefreshRatesFB";
    mx_lock();
    struct mx_session *s;
    bool write = false;
    float all[MX_MAX_RATES];
    XrResult r = mx_session_get(session, func, &s);
    uint32_t n = r == XR_SUCCESS ? supported_rates(&s->instance->config, all) : 0;
    if (r == XR_SUCCESS)
        r = mx_two_call(func, "displayRefreshRates", capacity, countOutput, rates, n, &write);
    if (write)
        memcpy(rates, all, n * sizeof(*rates));
    mx_unlock();
    return r;
}

static XrResult XRAPI_CALL get_rate(XrSession session, float *displayRefreshRate)
{
    static const char *func = "xrGetDisplayRefreshRateFB";
    mx_lock();
    struct mx_session *s;
    XrResult r = mx_session_get(session, func, &s);
    if (r == XR_SUCCESS && !displayRefreshRate)
        r = mx_diag(XR_ERROR_VALIDATION_FAILURE, func, "displayRefreshRate (output) is NULL");
    if (r == XR_SUCCESS)
        *displayRefreshRate = mx_ext_instance_data(s->instance)->refresh_hz;
    mx_unlock();
    return r;
}

/* 0 means "no preference": the configured rate (MOCKXR_REFRESH_HZ). */
static XrResult XRAPI_CALL request_rate(XrSession session, float displayRefreshRate)
{
    static const char *func = "xrRequestDisplayRefreshRateFB";
    mx_lock();
    struct mx_session *s;
    XrResult r = mx_session_get(session, func, &s);
    if (r == XR_SUCCESS && displayRefreshRate != 0.0f &&
        !(isfinite(displayRefreshRate) && mx_refresh_rate_supported(&s->instance->config, displayRefreshRate)))
        r = mx_diag(XR_ERROR_DISPLAY_REFRESH_RATE_UNSUPPORTED_FB, func, "%g Hz is neither 0 nor one of the rates "
                    "xrEnumerateDisplayRefreshRatesFB lists", (double)displayRefreshRate);
    if (r == XR_SUCCESS)
        mx_ext_set_refresh_rate(s, displayRefreshRate);
    mx_unlock();
    return r;
}

PFN_xrVoidFunction mx_refresh_rate_proc(const char *name)
{
    if (strcmp(name, "xrEnumerateDisplayRefreshRatesFB") == 0)
        return (PFN_xrVoidFunction)enumerate_rates;
    if (strcmp(name, "xrGetDisplayRefreshRateFB") == 0)
        return (PFN_xrVoidFunction)get_rate;
    if (strcmp(name, "xrRequestDisplayRefreshRateFB") == 0)
        return (PFN_xrVoidFunction)request_rate;
    return NULL;
}
