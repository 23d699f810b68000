/* mockxr's extensions room: the simulated headset's extension state, each extension's entry points, and
 * the hooks the other rooms call (instance/session lifetime, system properties, events, the report). */
#ifndef MOCKXR_MX_EXT_H
#define MOCKXR_MX_EXT_H

#include "mockxr_internal.h"

/* ---- State ---------------------------------------------------------------------------------------- */

/* XR_EXT_performance_settings / XR_EXT_thermal_query: one processing domain (CPU or GPU). */
struct mx_perf_domain {
    XrPerfSettingsLevelEXT hint;                   /* the app's xrPerfSettingsSetPerformanceLevelEXT */
    XrPerfSettingsNotificationLevelEXT notif[3];   /* by sub-domain - 1: compositing, rendering, thermal */
    float headroom, slope;                         /* thermal: degrees C to throttling, degrees C per second */
};

/* Kinds of extension events, as the report's frame lines name them ("events"). */
enum mx_report_event {
    MX_REPORT_USER_PRESENCE,
    MX_REPORT_REFRESH_RATE,
    MX_REPORT_PERF_SETTINGS,
    MX_REPORT_VISIBILITY_MASK,
    MX_REPORT_EVENT_COUNT
};

/* The simulated headset, per instance: what the script changes and the app's requests. */
struct mx_ext_instance {
    bool user_present;      /* XR_EXT_user_presence (the headset is worn unless the script says not) */
    float refresh_hz;       /* XR_FB_display_refresh_rate: the display's current rate */
    float fov_scale;        /* the views' field of view, scaled (script "fov_scale"; visibility masks follow) */
    struct mx_perf_domain perf[2]; /* [0] CPU, [1] GPU */
    uint32_t report_events; /* 1 << enum mx_report_event queued since the last frame line */
};

/* XR_EXT_hand_tracking: one tracker of one hand, a child of its session. */
struct mx_hand_tracker {
    uint64_t handle;
    struct mx_session *session;
    XrHandEXT hand;
    struct mx_hand_tracker *next;
};

struct mx_ext_session {
    struct mx_hand_tracker *trackers;
    uint32_t hand_locates[2]; /* xrLocateHandJointsEXT calls per hand since the last frame line */
    bool metrics_on;          /* XR_META_performance_metrics enabled for the session */
    uint64_t metrics_missed0; /* the session's missed display slots when it was enabled */
    uint64_t model_keys;      /* XR_MSFT_controller_model keys given out: bit profile index * 2 + hand */
};

/* The instance's / session's extension state (created with them; a session's on first use, NULL on OOM). */
struct mx_ext_instance *mx_ext_instance_data(const struct mx_instance *i);
struct mx_ext_session *mx_ext_session_data(struct mx_session *s);

/* ---- Hooks of the other rooms (ext/extensions.c) -------------------------------------------------- */

XrResult mx_ext_instance_init(struct mx_instance *i); /* after the configuration is loaded */
void mx_ext_instance_destroy(struct mx_instance *i);
void mx_ext_session_destroy(struct mx_session *s);
/* xrBeginSession succeeded (XR_EXT_user_presence queues the presence then). */
void mx_ext_session_begin(struct mx_session *s);
/* An extension's entry point by name; *out_needed is the MX_EXT_BIT of the extension that must be
 * enabled on the instance for it to be served. NULL when the name is none of them. */
PFN_xrVoidFunction mx_ext_proc(const char *name, uint32_t *out_needed);
/* Fills the extension structures chained to XrSystemProperties (those of enabled extensions). */
void mx_ext_system_properties(const struct mx_instance *i, XrSystemProperties *props);
/* Size of an extension's event structure (0 when not one of them) and the session it is about. */
size_t mx_ext_event_size(XrStructureType type);
XrSession mx_ext_event_session(const XrEventDataBuffer *ev);
/* Queues an extension event and notes it for the report. */
void mx_ext_push_event(struct mx_instance *i, const void *ev, enum mx_report_event kind);
/* The report's extension fields of a frame line (each only when the app enabled its extension). */
void mx_ext_record_frame(FILE *f, struct mx_session *s);

/* ---- What the script changes (input/script_ext.c applies them at their frame) -------------------- */

void mx_ext_set_user_presence(struct mx_session *s, bool present);            /* user_presence.c */
/* A supported rate (mx_refresh_rate_supported) or 0 for the configured one; the pacer follows. */
void mx_ext_set_refresh_rate(struct mx_session *s, float hz);                  /* display_refresh_rate.c */
bool mx_refresh_rate_supported(const struct mx_config *c, float hz);
/* headroom / slope: thermal sub-domain only, NAN keeps the previous value (performance_settings.c). */
void mx_ext_set_perf(struct mx_session *s, XrPerfSettingsDomainEXT domain, XrPerfSettingsSubDomainEXT sub,
                     XrPerfSettingsNotificationLevelEXT level, float headroom, float slope);
void mx_ext_set_fov_scale(struct mx_session *s, float scale);                  /* visibility_mask.c */

/* ---- XR_KHR_binding_modification + XR_EXT_dpad_binding (binding_modification.c, dpad_binding.c) -------- */

struct mx_profile;
struct mx_profile_component;
struct mx_action_set;

/* One XrInteractionProfileDpadBindingEXT, checked: the dpad of one thumbstick / trackpad for one action set. */
struct mx_dpad_params {
    const struct mx_action_set *set;
    unsigned user;                        /* mx_user_bits */
    const struct mx_profile_component *x; /* the identifier's x component: which thumbstick / trackpad */
    float force_threshold, force_released, center, wedge;
    bool sticky;
};

/* The dpad settings XR_KHR_binding_modification chains to one xrSuggestInteractionProfileBindings call for
 * `profile` (XrBindingModificationsKHR), each validated as the spec says (PATH_UNSUPPORTED for a binding
 * that is no thumbstick / trackpad of the profile, VALIDATION_FAILURE for ranges and duplicates). *out is
 * malloc'ed (NULL when none). */
XrResult mx_binding_modifications(struct mx_instance *i, const struct mx_profile *profile, const void *next,
                                  const char *func, struct mx_dpad_params **out, size_t *out_count);
/* The spec's settings when the app gave none for an input and action set. */
struct mx_dpad_params mx_dpad_defaults(void);

/* A dpad's state between syncs: whether its input is engaged (hysteresis of a trackpad's force) and the
 * regions a sticky dpad latched. */
struct mx_dpad_latch {
    bool engaged;
    unsigned latched;
};
/* The enum mx_dpad_dir bits active for stick / pad values (x, y) and, on a trackpad, its press (a click 0/1,
 * or a force with the thresholds' hysteresis; has_press false: always pressed). */
unsigned mx_dpad_eval(const struct mx_dpad_params *p, bool trackpad, float x, float y, bool has_press, bool press_is_force,
                      float press, struct mx_dpad_latch *io);

/* ---- Each extension's entry points ---------------------------------------------------------------- */

PFN_xrVoidFunction mx_hand_tracking_proc(const char *name);
PFN_xrVoidFunction mx_visibility_mask_proc(const char *name);
PFN_xrVoidFunction mx_locate_spaces_proc(const char *name);
PFN_xrVoidFunction mx_refresh_rate_proc(const char *name);
PFN_xrVoidFunction mx_perf_settings_proc(const char *name);
PFN_xrVoidFunction mx_thermal_query_proc(const char *name);
PFN_xrVoidFunction mx_perf_metrics_proc(const char *name);
PFN_xrVoidFunction mx_controller_model_proc(const char *name);

/* The report's "hands" (hand_tracking.c) and "gaze" (eye_gaze_interaction.c) fields of a frame line. */
void mx_hands_record(FILE *f, struct mx_session *s);
void mx_gaze_record(FILE *f, struct mx_session *s);
/* XR_META_headset_id: the simulated headset model's id (headset_id.c). */
XrUuidEXT mx_headset_id(void);
/* Hand trackers of a destroyed session go with it (hand_tracking.c). */
void mx_hand_trackers_destroy(struct mx_session *s);
/* XR_KHR_visibility_mask's view field of view, the FOV of xrLocateViews (visibility_mask.c). */
XrFovf mx_view_fov(const struct mx_instance *i, XrViewConfigurationType config, uint32_t eye);
/* XR_EXT_local_floor: LOCAL_FLOOR's origin in STAGE, given LOCAL's (local_floor.c). */
XrPosef mx_local_floor_pose(const XrPosef *local_in_stage);

#endif
