/* The extensions room's glue: each extension's entry points by name (served only to instances that enabled
 * it), the simulated headset's extension state, system properties, extension events and report fields. */
#include "mx_ext.h"

#include <stdlib.h>
#include <string.h>

struct mx_ext_instance *mx_ext_instance_data(const struct mx_instance *i)
{
    return i->ext;
}

struct mx_ext_session *mx_ext_session_data(struct mx_session *s)
{
    if (!s->ext)
        s->ext = calloc(1, sizeof(struct mx_ext_session));
    return s->ext;
}

XrResult mx_ext_instance_init(struct mx_instance *i)
{
    struct mx_ext_instance *e = calloc(1, sizeof(*e));
    if (!e)
        return XR_ERROR_OUT_OF_MEMORY;
    e->user_present = true;
    e->refresh_hz = (float)i->config.refresh_hz;
    e->fov_scale = 1.0f;
    for (int d = 0; d < 2; d++) {
        e->perf[d].hint = XR_PERF_SETTINGS_LEVEL_SUSTAINED_HIGH_EXT; /* the spec's default */
        for (int k = 0; k < 3; k++)
            e->perf[d].notif[k] = XR_PERF_SETTINGS_NOTIF_LEVEL_NORMAL_EXT;
        e->perf[d].headroom = 20.0f; /* a cool device: 20 degrees C below throttling, steady */
        e->perf[d].slope = 0.0f;
    }
    i->ext = e;
    return XR_SUCCESS;
}

void mx_ext_instance_destroy(struct mx_instance *i)
{
    free(i->ext);
    i->ext = NULL;
}

void mx_ext_session_destroy(struct mx_session *s)
{
    mx_hand_trackers_destroy(s);
    free(s->ext);
    s->ext = NULL;
}

PFN_xrVoidFunction mx_ext_proc(const char *name, uint32_t *out_needed)
{
    static const struct {
        PFN_xrVoidFunction (*proc)(const char *);
        enum mx_ext ext;
    } rooms[] = {
        {mx_hand_tracking_proc, MX_EXT_HAND_TRACKING},       {mx_visibility_mask_proc, MX_EXT_VISIBILITY_MASK},
        {mx_locate_spaces_proc, MX_EXT_LOCATE_SPACES},       {mx_refresh_rate_proc, MX_EXT_DISPLAY_REFRESH_RATE},
        {mx_perf_settings_proc, MX_EXT_PERFORMANCE_SETTINGS}, {mx_thermal_query_proc, MX_EXT_THERMAL_QUERY},
        {mx_perf_metrics_proc, MX_EXT_PERFORMANCE_METRICS},   {mx_controller_model_proc, MX_EXT_CONTROLLER_MODEL},
    };
    for (size_t k = 0; k < sizeof(rooms) / sizeof(rooms[0]); k++) {
        PFN_xrVoidFunction fn = rooms[k].proc(name);
        if (fn) {
            *out_needed = MX_EXT_BIT(rooms[k].ext);
            return fn;
        }
    }
    *out_needed = 0;
    return NULL;
}

/* The system supports every extension mockxr offers: each answers XR_TRUE when the app enabled it (an
 * extension's structure is not valid in the chain otherwise, and is left alone). */
void mx_ext_system_properties(const struct mx_instance *i, XrSystemProperties *props)
{
    for (XrBaseOutStructure *o = props->next; o; o = o->next) {
        if (o->type == XR_TYPE_SYSTEM_HAND_TRACKING_PROPERTIES_EXT && MX_EXT_ON(i, MX_EXT_HAND_TRACKING))
            ((XrSystemHandTrackingPropertiesEXT *)o)->supportsHandTracking = XR_TRUE;
        else if (o->type == XR_TYPE_SYSTEM_EYE_GAZE_INTERACTION_PROPERTIES_EXT &&
                 MX_EXT_ON(i, MX_EXT_EYE_GAZE_INTERACTION))
            ((XrSystemEyeGazeInteractionPropertiesEXT *)o)->supportsEyeGazeInteraction = XR_TRUE;
        else if (o->type == XR_TYPE_SYSTEM_USER_PRESENCE_PROPERTIES_EXT && MX_EXT_ON(i, MX_EXT_USER_PRESENCE))
            ((XrSystemUserPresencePropertiesEXT *)o)->supportsUserPresence = XR_TRUE;
        else if (o->type == XR_TYPE_SYSTEM_HEADSET_ID_PROPERTIES_META && MX_EXT_ON(i, MX_EXT_HEADSET_ID))
            ((XrSystemHeadsetIdPropertiesMETA *)o)->id = mx_headset_id();
    }
}

size_t mx_ext_event_size(XrStructureType type)
{
    /* if-chain, not switch: XR_EXT_user_presence's value is no member of the 1.0.20 enum */
    if (type == XR_TYPE_EVENT_DATA_USER_PRESENCE_CHANGED_EXT)
        return sizeof(XrEventDataUserPresenceChangedEXT);
    if (type == XR_TYPE_EVENT_DATA_DISPLAY_REFRESH_RATE_CHANGED_FB)
        return sizeof(XrEventDataDisplayRefreshRateChangedFB);
    if (type == XR_TYPE_EVENT_DATA_PERF_SETTINGS_EXT)
        return sizeof(XrEventDataPerfSettingsEXT);
    if (type == XR_TYPE_EVENT_DATA_VISIBILITY_MASK_CHANGED_KHR)
        return sizeof(XrEventDataVisibilityMaskChangedKHR);
    return 0;
}

XrSession mx_ext_event_session(const XrEventDataBuffer *ev)
{
    if (ev->type == XR_TYPE_EVENT_DATA_USER_PRESENCE_CHANGED_EXT)
        return ((const XrEventDataUserPresenceChangedEXT *)ev)->session;
    if (ev->type == XR_TYPE_EVENT_DATA_VISIBILITY_MASK_CHANGED_KHR)
        return ((const XrEventDataVisibilityMaskChangedKHR *)ev)->session;
    return XR_NULL_HANDLE;
}

void mx_ext_push_event(struct mx_instance *i, const void *ev, enum mx_report_event kind)
{
    mx_instance_push_event(i, ev);
    mx_ext_instance_data(i)->report_events |= 1u << kind;
}

void mx_ext_session_begin(struct mx_session *s)
{
    if (!MX_EXT_ON(s->instance, MX_EXT_USER_PRESENCE))
        return;
    /* The spec wants the presence queued at every successful xrBeginSession, whatever it is. */
    XrEventDataUserPresenceChangedEXT ev = {.type = XR_TYPE_EVENT_DATA_USER_PRESENCE_CHANGED_EXT,
                                            .session = (XrSession)(uintptr_t)s->handle,
                                            .isUserPresent = mx_ext_instance_data(s->instance)->user_present};
    mx_ext_push_event(s->instance, &ev, MX_REPORT_USER_PRESENCE);
}

static const char *perf_level_name(XrPerfSettingsLevelEXT l)
{
    switch (l) {
    case XR_PERF_SETTINGS_LEVEL_POWER_SAVINGS_EXT: return "power_savings";
    case XR_PERF_SETTINGS_LEVEL_SUSTAINED_LOW_EXT: return "sustained_low";
    case XR_PERF_SETTINGS_LEVEL_BOOST_EXT: return "boost";
    default: return "sustained_high";
    }
}

static const char *notif_name(XrPerfSettingsNotificationLevelEXT l)
{
    return l == XR_PERF_SETTINGS_NOTIF_LEVEL_NORMAL_EXT    ? "normal"
           : l == XR_PERF_SETTINGS_NOTIF_LEVEL_WARNING_EXT ? "warning"
                                                            : "impaired";
}

static void record_perf(FILE *f, const struct mx_ext_instance *e)
{
    static const char *const domains[2] = {"cpu", "gpu"};
    fputs("\"perf\":{", f);
    for (int d = 0; d < 2; d++) {
        const struct mx_perf_domain *p = &e->perf[d];
        fprintf(f, "%s\"%s\":{\"hint\":\"%s\",\"compositing\":\"%s\",\"rendering\":\"%s\",\"thermal\":\"%s\","
                   "\"headroom\":%.2f,\"slope\":%.3f}",
                d ? "," : "", domains[d], perf_level_name(p->hint), notif_name(p->notif[0]), notif_name(p->notif[1]),
                notif_name(p->notif[2]), (double)p->headroom, (double)p->slope);
    }
    fputs("},", f);
}

static void record_events(FILE *f, struct mx_ext_instance *e)
{
    static const char *const names[MX_REPORT_EVENT_COUNT] = {
        [MX_REPORT_USER_PRESENCE] = "user_presence_changed",
        [MX_REPORT_REFRESH_RATE] = "display_refresh_rate_changed",
        [MX_REPORT_PERF_SETTINGS] = "perf_settings",
        [MX_REPORT_VISIBILITY_MASK] = "visibility_mask_changed",
    };
    if (!e->report_events)
        return;
    fputs("\"events\":[", f);
    bool first = true;
    for (int k = 0; k < MX_REPORT_EVENT_COUNT; k++) {
        if (e->report_events & (1u << k)) {
            fprintf(f, "%s\"%s\"", first ? "" : ",", names[k]);
            first = false;
        }
    }
    fputs("],", f);
    e->report_events = 0;
}

void mx_ext_record_frame(FILE *f, struct mx_session *s)
{
    const struct mx_instance *i = s->instance;
    struct mx_ext_instance *e = mx_ext_instance_data(i);
    if (MX_EXT_ON(i, MX_EXT_HAND_TRACKING))
        mx_hands_record(f, s);
    if (MX_EXT_ON(i, MX_EXT_EYE_GAZE_INTERACTION))
        mx_gaze_record(f, s);
    if (MX_EXT_ON(i, MX_EXT_USER_PRESENCE))
        fprintf(f, "\"user_present\":%d,", e->user_present ? 1 : 0);
    if (MX_EXT_ON(i, MX_EXT_DISPLAY_REFRESH_RATE))
        fprintf(f, "\"refresh_hz\":%.2f,", (double)e->refresh_hz);
    if (MX_EXT_ON(i, MX_EXT_VISIBILITY_MASK))
        fprintf(f, "\"fov_scale\":%.3f,", (double)e->fov_scale);
    if (MX_EXT_ON(i, MX_EXT_PERFORMANCE_SETTINGS) || MX_EXT_ON(i, MX_EXT_THERMAL_QUERY))
        record_perf(f, e);
    record_events(f, e);
}
