/* XR_EXT_thermal_query: a domain's thermal notification level, headroom and slope (the script sets them,
 * see XR_EXT_performance_settings' "perf" entries; a cool, steady device otherwise). */
#include "mx_ext.h"

#include <string.h>

static XrResult XRAPI_CALL get_trend(XrSession session, XrPerfSettingsDomainEXT domain,
                                     XrPerfSettingsNotificationLevelEXT *notificationLevel, float *tempHeadroom,
                                     float *tempSlope)
{
    static const char *func = "xrThermalGetTemperatureTrendEXT";
    mx_lock();
    struct mx_session *s;
    XrResult r = mx_session_get(session, func, &s);
    if (r == XR_SUCCESS && domain != XR_PERF_SETTINGS_DOMAIN_CPU_EXT && domain != XR_PERF_SETTINGS_DOMAIN_GPU_EXT)
        r = mx_diag(XR_ERROR_VALIDATION_FAILURE, func, "domain %d is not an XrPerfSettingsDomainEXT", (int)domain);
    if (r == XR_SUCCESS && (!notificationLevel || !tempHeadroom || !tempSlope))
        r = mx_diag(XR_ERROR_VALIDATION_FAILURE, func, "notificationLevel, tempHeadroom and tempSlope must not be NULL");
    if (r == XR_SUCCESS) {
        const struct mx_perf_domain *d =
            &mx_ext_instance_data(s->instance)->perf[domain == XR_PERF_SETTINGS_DOMAIN_GPU_EXT];
        *notificationLevel = d->notif[XR_PERF_SETTINGS_SUB_DOMAIN_THERMAL_EXT - 1];
        *tempHeadroom = d->headroom;
        *tempSlope = d->slope;
    }
    mx_unlock();
    return r;
}

PFN_xrVoidFunction mx_thermal_query_proc(const char *name)
{
    return strcmp(name, "xrThermalGetTemperatureTrendEXT") == 0 ? (PFN_xrVoidFunction)get_trend : NULL;
}
