/* XR_EXT_performance_settings: the app's performance level hints per domain, and the simulated device's
 * notification levels per sub-domain (set by the script) told by XrEventDataPerfSettingsEXT. */
#include "mx_ext.h"

#include <math.h>
#include <string.h>

static const char *level_name(XrPerfSettingsNotificationLevelEXT l)
{
    return l == XR_PERF_SETTINGS_NOTIF_LEVEL_NORMAL_EXT    ? "normal"
           : l == XR_PERF_SETTINGS_NOTIF_LEVEL_WARNING_EXT ? "warning"
                                                            : "impaired";
}

/* The script sets a sub-domain's level (and, for thermal, the headroom and slope xrThermalGetTemperatureTrendEXT
 * reports); a change of level is an event for an app that enabled the extension. */
void mx_ext_set_perf(struct mx_session *s, XrPerfSettingsDomainEXT domain, XrPerfSettingsSubDomainEXT sub,
                     XrPerfSettingsNotificationLevelEXT level, float headroom, float slope)
{
    struct mx_perf_domain *d = &mx_ext_instance_data(s->instance)->perf[domain == XR_PERF_SETTINGS_DOMAIN_GPU_EXT];
    if (sub == XR_PERF_SETTINGS_SUB_DOMAIN_THERMAL_EXT && !isnan(headroom))
        d->headroom = headroom;
    if (sub == XR_PERF_SETTINGS_SUB_DOMAIN_THERMAL_EXT && !isnan(slope))
        d->slope = slope;
    XrPerfSettingsNotificationLevelEXT from = d->notif[sub - 1];
    if (from == level)
        return;
    d->notif[sub - 1] = level;
    mx_info("script: %s %s level %s", domain == XR_PERF_SETTINGS_DOMAIN_GPU_EXT ? "GPU" : "CPU",
            sub == XR_PERF_SETTINGS_SUB_DOMAIN_COMPOSITING_EXT ? "compositing"
            : sub == XR_PERF_SETTINGS_SUB_DOMAIN_RENDERING_EXT ? "rendering"
                                                               : "thermal",
            level_name(level));
    if (!MX_EXT_ON(s->instance, MX_EXT_PERFORMANCE_SETTINGS))
        return;
    XrEventDataPerfSettingsEXT ev = {.type = XR_TYPE_EVENT_DATA_PERF_SETTINGS_EXT, .domain = domain,
                                     .subDomain = sub, .fromLevel = from, .toLevel = level};
    mx_ext_push_event(s->instance, &ev, MX_REPORT_PERF_SETTINGS);
}

static XrResult XRAPI_CALL set_level(XrSession session, XrPerfSettingsDomainEXT domain, XrPerfSettingsLevelEXT level)
{
    static const char *func = "xrPerfSettingsSetPerformanceLevelEXT";
    mx_lock();
    struct mx_session *s;
    XrResult r = mx_session_get(session, func, &s);
    if (r == XR_SUCCESS && domain != XR_PERF_SETTINGS_DOMAIN_CPU_EXT && domain != XR_PERF_SETTINGS_DOMAIN_GPU_EXT)
        r = mx_diag(XR_ERROR_VALIDATION_FAILURE, func, "domain %d is not an XrPerfSettingsDomainEXT", (int)domain);
    if (r == XR_SUCCESS && level != XR_PERF_SETTINGS_LEVEL_POWER_SAVINGS_EXT &&
        level != XR_PERF_SETTINGS_LEVEL_SUSTAINED_LOW_EXT && level != XR_PERF_SETTINGS_LEVEL_SUSTAINED_HIGH_EXT &&
        level != XR_PERF_SETTINGS_LEVEL_BOOST_EXT)
        r = mx_diag(XR_ERROR_VALIDATION_FAILURE, func, "level %d is not an XrPerfSettingsLevelEXT", (int)level);
    if (r == XR_SUCCESS)
        mx_ext_instance_data(s->instance)->perf[domain == XR_PERF_SETTINGS_DOMAIN_GPU_EXT].hint = level;
    mx_unlock();
    return r;
}

PFN_xrVoidFunction mx_perf_settings_proc(const char *name)
{
    return strcmp(name, "xrPerfSettingsSetPerformanceLevelEXT") == 0 ? (PFN_xrVoidFunction)set_level : NULL;
}
