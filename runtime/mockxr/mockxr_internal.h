/* mockxr internals shared by every room of the runtime: the one runtime state, handles, objects, APIs. */
#ifndef MOCKXR_INTERNAL_H
#define MOCKXR_INTERNAL_H

#include <pthread.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>

#include <vulkan/vulkan.h>
#define XR_USE_TIMESPEC
#define XR_USE_GRAPHICS_API_VULKAN
#include <openxr/openxr.h>
#include <openxr/openxr_platform.h>

#include <mockxr/mockxr.h>
#include <mockxr/mockxr_ext.h>

#include "pacing.h"

/* ---- Locking --------------------------------------------------------------------------------------
 * ONE process-wide recursive mutex protects every mockxr object. Every xr* entry point takes it with
 * mx_lock() for its whole body and releases it with mx_unlock() before returning; every mx_* helper
 * below assumes it is held. Code that blocks (xrWaitFrame, xrWaitSwapchainImage) must wait on a
 * condition variable with mx_cond_wait*() so the lock is released while sleeping; a thread blocked
 * there must hold the lock exactly once (i.e. block only in the entry point itself). */
void mx_lock(void);
void mx_unlock(void);
/* Wait on `cond` with the global lock released meanwhile. The timed one returns false on timeout
 * (abs_deadline on CLOCK_MONOTONIC). */
void mx_cond_wait(pthread_cond_t *cond);
bool mx_cond_timedwait(pthread_cond_t *cond, const struct timespec *abs_deadline);
/* Condition variables that work with mx_cond_* (CLOCK_MONOTONIC). */
int mx_cond_init(pthread_cond_t *cond);

/* ---- Configuration (config.c): every MOCKXR_* variable, parsed once per xrCreateInstance ---------- */
enum mx_clock_mode { MX_CLOCK_REALTIME, MX_CLOCK_VIRTUAL };
enum mx_head_mode { MX_HEAD_STILL, MX_HEAD_LOOK, MX_HEAD_WALK };
/* MOCKXR_PACING: when xrWaitFrame wakes the app (core/frame.c, core/pacing.h). */
enum mx_pacing_mode { MX_PACING_APP, MX_PACING_SLOT };
enum mx_controllers { MX_CONTROLLERS_TOUCH, MX_CONTROLLERS_INDEX, MX_CONTROLLERS_SIMPLE, MX_CONTROLLERS_NONE };

struct mx_frame_range {
    uint64_t first, last; /* inclusive */
};

/* MOCKXR_CAPTURE_KINDS: what a captured frame gives. */
enum { MX_CAPTURE_VIEWS = 1, MX_CAPTURE_COMPOSITED = 2, MX_CAPTURE_DEPTH = 4 };

struct mx_config {
    enum mx_clock_mode clock;
    enum mx_pacing_mode pacing; /* default: app with the realtime clock, slot with the virtual one */
    uint32_t refresh_hz;
    XrDuration period; /* ns, 1e9 / refresh_hz rounded */
    uint32_t view_width, view_height;
    int vk_device_index;   /* -1 unless MOCKXR_VK_DEVICE is a number */
    char *vk_device_name;  /* substring, NULL unless MOCKXR_VK_DEVICE is a name */
    enum mx_head_mode head;
    enum mx_controllers controllers;
    bool mono_only;        /* MOCKXR_VIEWS=mono: only PRIMARY_MONO is offered */
    char *script_path;     /* NULL: none */
    char *report_path;     /* NULL: none */
    char *capture_dir;     /* NULL: none */
    struct mx_frame_range *capture_frames;
    size_t capture_frame_range_count;
    uint32_t capture_kinds;    /* MX_CAPTURE_* bits; default views + composited */
    int64_t exit_after_frames; /* -1: never */
    bool quiet;
    char *record_path;         /* MOCKXR_RECORD, NULL: none (input/recorder.c) */
    bool window;               /* MOCKXR_WINDOW=1 (window/) */
    int notify_fd;             /* MOCKXR_NOTIFY_FD, -1: none (notify.c) */
};

/* Parses the environment into out (allocations freed by mx_config_free). On a bad value prints a
 * message naming the variable and returns XR_ERROR_RUNTIME_FAILURE. */
XrResult mx_config_load(struct mx_config *out);
void mx_config_free(struct mx_config *c);
/* notify.c: MOCKXR_NOTIFY_FD checked (an open socket) into *out_fd (-1 when unset), and a line sent on fd (-1: nothing)
 * without blocking ("exiting", "instance-gone"). */
XrResult mx_notify_parse(const char *value, int *out_fd);
void mx_notify_send(int fd, const char *what);
/* True when frame `index` is listed in MOCKXR_CAPTURE_FRAMES (and a capture dir is set). */
bool mx_config_capture_selected(const struct mx_config *c, uint64_t index);

/* ---- Handles (handles.c): slot table with kind + generation, validated in one place --------------- */
enum mx_handle_kind {
    MX_HANDLE_INSTANCE = 1,
    MX_HANDLE_SESSION,
    MX_HANDLE_SPACE,
    MX_HANDLE_SWAPCHAIN,
    MX_HANDLE_ACTION_SET,
    MX_HANDLE_ACTION,
    MX_HANDLE_DEBUG_MESSENGER,
    MX_HANDLE_HAND_TRACKER,
    MX_HANDLE_KIND_COUNT
};

/* Registers obj and returns its handle value (never 0), or 0 when out of memory. */
uint64_t mx_handle_register(enum mx_handle_kind kind, void *obj);
/* Forgets the handle: later lookups return XR_ERROR_HANDLE_INVALID. Tolerates 0. */
void mx_handle_unregister(uint64_t handle);
/* A one-line count of the live handles per type, e.g. "5 live handles (1 XrInstance, 4 XrAction)". */
void mx_handle_live_text(char *buf, size_t size);
/* XR_NULL_HANDLE, a stale, foreign or wrong-kind value: diagnosed XR_ERROR_HANDLE_INVALID. */
XrResult mx_handle_lookup(uint64_t handle, enum mx_handle_kind kind, const char *func, void **out);
#define MX_HANDLE_VALUE(h) ((uint64_t)(uintptr_t)(h))
/* The live object of `handle` when it is of `kind`, else NULL (no diagnostic, nothing noted). */
void *mx_handle_object(uint64_t handle, enum mx_handle_kind kind);

/* The handles the API call in progress looked up successfully, in order (each once, at most
 * MX_CALL_CONTEXT_MAX): the objects its diagnostics name in XR_EXT_debug_utils callbacks. */
#define MX_CALL_CONTEXT_MAX 6
struct mx_call_object {
    enum mx_handle_kind kind;
    uint64_t handle;
};
uint32_t mx_call_context(const struct mx_call_object **out);

struct mx_instance;
struct mx_session;
struct mx_space;
struct mx_swapchain;
struct mx_action_set; /* defined by INPUT (mx_input.h) */
struct mx_action;     /* defined by INPUT (mx_input.h) */

/* Typed lookups. *_get also fail with XR_ERROR_INSTANCE_LOST / XR_ERROR_SESSION_LOST once the object
 * (or its instance) is lost; *_lookup only check the handle (for destroy functions). */
XrResult mx_instance_get(XrInstance h, const char *func, struct mx_instance **out);
XrResult mx_instance_lookup(XrInstance h, const char *func, struct mx_instance **out);
XrResult mx_session_get(XrSession h, const char *func, struct mx_session **out);
XrResult mx_session_lookup(XrSession h, const char *func, struct mx_session **out);
XrResult mx_space_get(XrSpace h, const char *func, struct mx_space **out);
XrResult mx_swapchain_get(XrSwapchain h, const char *func, struct mx_swapchain **out);
XrResult mx_action_set_get(XrActionSet h, const char *func, struct mx_action_set **out);
XrResult mx_action_get(XrAction h, const char *func, struct mx_action **out);

/* Runtime-wide bookkeeping (handles.c). */
struct mx_instance *mx_runtime_instances(void);
void mx_runtime_add_instance(struct mx_instance *i);
void mx_runtime_remove_instance(struct mx_instance *i);
void mx_runtime_count_error(void);
void mx_runtime_count_lost(void);

/* ---- Diagnostics (diag.c) --------------------------------------------------------------------------
 * mx_diag explains an error the app caused (function, rule, expected vs got) on stderr and through
 * every XR_EXT_debug_utils messenger, counts it for the report's "errors", and returns r.
 * XR_ERROR_SESSION_LOST / XR_ERROR_INSTANCE_LOST are the expected answer after an injected loss: they
 * are explained as a "note" (severity INFO) and counted apart, as "lost_returns". */
XrResult mx_diag(XrResult r, const char *func, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* An informational line (suppressed by MOCKXR_QUIET=1 of any live instance). */
void mx_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Errors diagnosed so far in this process (rule violations only, see mx_diag). */
uint64_t mx_diag_error_count(void);
/* XR_ERROR_SESSION_LOST / XR_ERROR_INSTANCE_LOST returned so far in this process (after an injected
 * loss: the app's due, not its fault, so noted apart from the errors). */
uint64_t mx_diag_lost_count(void);
/* A rule the app bent without breaking it (e.g. a race a real runtime would expose): "mockxr: warning:"
 * and the message (which names the function) on stderr, even with MOCKXR_QUIET, and a WARNING to the
 * debug-utils messengers (functionName = func); no error counted. */
void mx_warn(const char *func, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Checks that `s` is non-NULL and its type member is `expected` (XR_ERROR_VALIDATION_FAILURE). */
XrResult mx_check_struct(const void *s, XrStructureType expected, const char *func, const char *what);
/* Text of an XrResult / XrStructureType (never NULL). */
const char *mx_result_str(XrResult r);
const char *mx_struct_type_str(XrStructureType t);

/* ---- Extensions of ext/ (and their input simulation in input/); instance.c lists them ---------------
 * An instance's enabled ones are bits of mx_instance.exts; ext/mx_ext.h holds the hooks other rooms call. */
enum mx_ext {
    MX_EXT_HAND_TRACKING,
    MX_EXT_EYE_GAZE_INTERACTION,
    MX_EXT_VISIBILITY_MASK,
    MX_EXT_LOCAL_FLOOR,
    MX_EXT_LOCATE_SPACES,
    MX_EXT_BINDING_MODIFICATION,
    MX_EXT_DPAD_BINDING,
    MX_EXT_USER_PRESENCE,
    MX_EXT_DISPLAY_REFRESH_RATE,
    MX_EXT_PERFORMANCE_SETTINGS,
    MX_EXT_THERMAL_QUERY,
    MX_EXT_HEADSET_ID,
    MX_EXT_PERFORMANCE_METRICS,
    MX_EXT_CONTROLLER_MODEL,
    MX_EXT_COUNT
};
#define MX_EXT_BIT(e) (1u << (e))
#define MX_EXT_ON(instance, e) (((instance)->exts & MX_EXT_BIT(e)) != 0)

/* ---- Paths (instance.c): per instance, syntax-checked ------------------------------------------ */
/* Interns a well-formed path string; XR_ERROR_PATH_FORMAT_INVALID (diagnosed) when it is not. */
XrResult mx_path_intern(struct mx_instance *i, const char *str, const char *func, XrPath *out);
/* The string of a path of this instance, or NULL for XR_NULL_PATH / unknown values. */
const char *mx_path_string(const struct mx_instance *i, XrPath p);

/* ---- Clock (clock.c) ----------------------------------------------------------------------------- */
struct mx_clock {
    enum mx_clock_mode mode;
    XrDuration period;
    XrTime virtual_now; /* virtual mode: moves only in xrWaitFrame */
    XrTime epoch;       /* display slots are epoch + k * period */
};
void mx_clock_init(struct mx_clock *c, const struct mx_config *cfg);
/* A new display period: slots continue from `anchor` (a display time) at the new period. */
void mx_clock_set_period(struct mx_clock *c, XrDuration period, XrTime anchor);
/* The runtime's current XrTime (realtime: CLOCK_MONOTONIC ns; virtual: the simulated time). */
XrTime mx_clock_now(const struct mx_instance *i);
XrTime mx_clock_monotonic_ns(void);

/* ---- Script (script.c) and simulated tracking (sim.c) --------------------------------------------- */
struct mx_script;
/* Loads and checks the file (input paths against the simulated controllers' profile); on error prints
 * "MOCKXR_SCRIPT=<file>:<line>: timeline[N]: ..." and returns XR_ERROR_RUNTIME_FAILURE. */
XrResult mx_script_load(const char *path, const struct mx_config *config, struct mx_script **out);
/* The same from a NUL-terminated text already in memory (path only names it in messages). */
XrResult mx_script_parse(const char *path, const char *text, const struct mx_config *config, struct mx_script **out);
void mx_script_destroy(struct mx_script **s);
/* Input value set by the script for a full input path ("/user/hand/right/input/trigger/value",
 * "/user/hand/left/input/thumbstick/x", ".../a/click") at the session's current (run-wide) frame;
 * false when the script never set it (INPUT then uses its own default). */
bool mx_script_input(const struct mx_session *s, const char *path, float *out_value);
/* Applies the script's faults scheduled for run-wide frame `frame` (called by xrWaitFrame for each new
 * frame; run-wide indices never repeat, so each fault fires once per instance). */
void mx_script_apply(struct mx_session *s, uint64_t frame);
/* Pose of "/user/head", "/user/hand/left" or "/user/hand/right" at time t in STAGE space (floor
 * origin, +Y up, -Z forward; LOCAL is STAGE raised to the standing eye height 1.6 m): the
 * script's keyframes interpolated, else the simulated default (MOCKXR_HEAD motion, hands at rest
 * in front of the head). Always succeeds. */
void mx_sim_pose(const struct mx_session *s, const char *user_path, XrTime t, XrPosef *out_pose);

/* ---- Recording (input/recorder.c): MOCKXR_RECORD, the session as a replayable MOCKXR_SCRIPT ---------- */
struct mx_recorder;
/* Opens the file (XR_ERROR_RUNTIME_FAILURE with a message when it cannot be written). */
XrResult mx_recorder_open(struct mx_instance *i);
/* xrWaitFrame of run frame `frame` (after the script's changes): poses at `predicted` and changed inputs. */
void mx_recorder_frame(struct mx_session *s, uint64_t frame, XrTime predicted);
/* The runtime requests the exit (MOCKXR_EXIT_AFTER_FRAMES, window closed): a replay requests it in the
 * xrWaitFrame of the last frame, so it waits the same frames. */
void mx_recorder_exit(struct mx_instance *i);
/* Marks the frame shown now as a snapshot (listed in the recording's "snapshots"). */
void mx_recorder_mark(struct mx_instance *i);
/* Writes the end of the file and closes it (instance destroy). */
void mx_recorder_close(struct mx_instance *i);

/* ---- Window (window/): MOCKXR_WINDOW=1, the session on the desk ------------------------------------ */
struct mx_window;
struct mx_frame;
/* Loads SDL2 and opens the window on its own thread (XR_ERROR_RUNTIME_FAILURE with a message when it cannot). */
XrResult mx_window_create(struct mx_instance *i);
void mx_window_destroy(struct mx_instance *i);
/* xrEndFrame, after the frame was recorded: the overlay's numbers, the window's read-back of this frame
 * (asynchronous: shown once the GPU copied it), F12 marks and a close request (→ exit requested). */
void mx_window_end_frame(struct mx_session *s, const struct mx_frame *f, const XrFrameEndInfo *info);
/* Session destroy: finishes the read-back in flight. */
void mx_window_session_end(struct mx_session *s);
/* The desk's head / controller pose ("/user/head", "/user/hand/left|right") and input value for a full
 * component path; false without a window (or for a control the person never touched). */
bool mx_window_pose(const struct mx_instance *i, const char *user_path, XrPosef *out);
bool mx_window_input(const struct mx_instance *i, const char *path, float *out);

/* ---- Objects ------------------------------------------------------------------------------------ */
#define MX_MAX_EVENTS 64
#define MX_MAX_LAYERS 16
#define MX_FRAME_HISTORY 8

struct mx_debug_messenger {
    uint64_t handle;
    struct mx_instance *instance;
    XrDebugUtilsMessageSeverityFlagsEXT severities;
    XrDebugUtilsMessageTypeFlagsEXT types;
    PFN_xrDebugUtilsMessengerCallbackEXT callback;
    void *user_data;
    struct mx_debug_messenger *next;
};

struct mx_path_table {
    char **strings; /* XrPath p is strings[p - 1] */
    size_t count, capacity;
};

struct mx_record; /* record.c: the MOCKXR_REPORT writer */

struct mx_instance {
    uint64_t handle;
    struct mx_config config;
    struct mx_clock clock;
    struct mx_script *script;  /* NULL without MOCKXR_SCRIPT */
    struct mx_record *record;  /* NULL without MOCKXR_REPORT */
    struct mx_recorder *recorder; /* NULL without MOCKXR_RECORD (input/recorder.c) */
    struct mx_window *window;     /* NULL without MOCKXR_WINDOW=1 (window/) */
    char app_name[XR_MAX_APPLICATION_NAME_SIZE];
    bool ext_headless, ext_depth, ext_convert_time, ext_debug_utils, ext_vulkan, ext_vulkan2;
    bool ext_cylinder, ext_equirect, ext_equirect2, ext_cube; /* XR_KHR_composition_layer_* */
    uint32_t exts;           /* MX_EXT_BIT of each enum mx_ext extension enabled */
    bool lost;               /* instance loss injected: calls return XR_ERROR_INSTANCE_LOST */
    bool system_queried;     /* xrGetSystem succeeded at least once */
    uint64_t seq;            /* mx_next_seq */
    /* The run's timeline, shared by every session of the instance so that a scripted event happens
     * once even when the app creates a new session (e.g. after a scripted loss). */
    uint64_t frames_waited;      /* run-wide frame index: the next xrWaitFrame's, counted from the first */
    uint64_t frames_ended;       /* run-wide submitted frames (MOCKXR_EXIT_AFTER_FRAMES) */
    XrTime first_predicted;      /* predictedDisplayTime of run frame 0 (pose keyframes' time base) */
    XrDuration extra_wait_delay; /* fault: slow runtime */
    bool hidden, unfocused;      /* faults: visibility / focus taken away (applies to any session) */
    struct mx_path_table paths;
    XrEventDataBuffer events[MX_MAX_EVENTS];
    size_t event_head, event_count;
    bool events_lost;        /* overflow: XrEventDataEventsLost is delivered next */
    uint32_t events_lost_count;
    struct mx_session *sessions; /* linked via mx_session.next */
    struct mx_debug_messenger *messengers;
    void *vk;    /* VK's per-instance data (requirements queried, ...) */
    void *input; /* INPUT's per-instance data (action sets) */
    void *debug; /* XR_EXT_debug_utils' per-instance data (object names) */
    void *ext;   /* EXT's per-instance data: the simulated headset's extension state (ext/mx_ext.h) */
    struct mx_instance *next; /* runtime's instance list */
};

/* One frame of the session as seen by the runtime (record.c writes it). */
struct mx_frame {
    uint64_t index; /* run-wide (mx_instance.frames_waited), the report's "frame" */
    XrTime predicted_display_time, period;
    XrTime wake, begin, located, end, display_time;
    XrTime scheduled_wake; /* the wake target: slot start, or with app pacing predicted - lead (jitter = wake - this) */
    XrDuration estimate, margin; /* app pacing's cost estimate and margin when this frame was woken */
    XrTime gpu_done;       /* realtime: the app's queue finished this frame's work (0: unknown / not yet) */
    XrTime wake_mono, end_mono; /* CLOCK_MONOTONIC at xrWaitFrame's return / xrEndFrame (any clock) */
    uint64_t wake_seq, begin_seq, located_seq, end_seq;
    uint32_t in_flight;
    bool begun, ended, discarded, late;
};

struct mx_session {
    uint64_t handle;
    struct mx_instance *instance;
    XrSessionState state;        /* what the app has seen through xrPollEvent */
    XrSessionState queued_state; /* the last state queued (events not yet polled included) */
    bool running;                /* between successful xrBeginSession and xrEndSession */
    bool exit_requested;         /* STOPPING leads to EXITING after xrEndSession */
    bool lost;                   /* LOSS_PENDING queued: calls return XR_ERROR_SESSION_LOST */
    bool headless;               /* XR_MND_headless session, no graphics binding */
    XrViewConfigurationType view_config;
    /* frame loop */
    pthread_cond_t frame_cond;
    bool wait_pending;           /* xrWaitFrame returned, its xrBeginFrame not yet called */
    bool frame_in_progress;      /* xrBeginFrame called, xrEndFrame not yet */
    bool wait_in_progress;       /* a thread is inside xrWaitFrame's pacing (possibly asleep) */
    uint32_t waiters;            /* threads blocked in xrWaitFrame (destroy must not free under them) */
    uint64_t frames_waited;      /* xrWaitFrame calls of this session */
    uint64_t frames_ended;       /* frames this session submitted */
    uint64_t current_frame;      /* run-wide index of the frame of the last xrWaitFrame */
    uint64_t begun_frame;        /* run-wide index of the frame in progress (frame_in_progress) */
    XrTime last_predicted;       /* strictly increasing predictedDisplayTime */
    struct mx_frame frames[MX_FRAME_HISTORY]; /* ring indexed by frame index */
    uint64_t missed_slots;
    struct mx_pacing pacing;     /* the app's frame costs (core/pacing.h), fed at xrEndFrame or GPU completion */
    struct mx_space *spaces;     /* linked via mx_space.next */
    void *vk;    /* VK's per-session data (binding, swapchains) */
    void *input; /* INPUT's per-session data (attachment, states) */
    void *debug; /* XR_EXT_debug_utils' per-session data (label regions, inserted label) */
    void *ext;   /* EXT's per-session data (hand trackers, ...: ext/mx_ext.h) */
    struct mx_session *next;
};

enum mx_space_kind { MX_SPACE_REFERENCE, MX_SPACE_ACTION };

struct mx_space {
    uint64_t handle;
    struct mx_session *session;
    enum mx_space_kind kind;
    XrReferenceSpaceType reference_type; /* MX_SPACE_REFERENCE */
    XrPosef pose_in_parent;              /* poseInReferenceSpace / poseInActionSpace */
    void *action_data;                   /* MX_SPACE_ACTION: INPUT's, borrowed (never freed by CORE) */
    XrPath subaction_path;
    struct mx_space *next;
};

/* Common part of a swapchain; VK owns creation, images and the private data. */
struct mx_swapchain {
    uint64_t handle;
    struct mx_session *session;
    XrSwapchainCreateInfo create_info; /* next = NULL */
    uint32_t image_count;
    void *vk;
};

/* ---- Session API for the other rooms ----------------------------------------------------------- */
bool mx_session_is_focused(const struct mx_session *s);
/* The frame record of index, or NULL when it left the history ring. */
struct mx_frame *mx_session_frame(struct mx_session *s, uint64_t index);
/* Queues an event for the instance (copied; type-specific size taken from ev->type). */
void mx_instance_push_event(struct mx_instance *i, const void *ev);
/* Queues XrEventDataSessionStateChanged towards `target`, stepping through intermediate states. */
void mx_session_push_state(struct mx_session *s, XrSessionState target);
/* Requests exit (script, MOCKXR_EXIT_AFTER_FRAMES, xrRequestExitSession): ... → STOPPING. */
void mx_session_request_exit(struct mx_session *s);
/* Session loss: LOSS_PENDING queued, later calls fail with XR_ERROR_SESSION_LOST. */
void mx_session_lose(struct mx_session *s);
/* Instance loss: XrEventDataInstanceLossPending queued, later calls fail with XR_ERROR_INSTANCE_LOST. */
void mx_instance_lose(struct mx_instance *i);
/* Moves a running, shown session towards FOCUSED / VISIBLE / SYNCHRONIZED per its hidden/unfocused
 * flags (after the first submitted frame, not while stopping). */
void mx_session_update_visibility(struct mx_session *s);
/* Destroys a session and all its children (xrDestroySession, xrDestroyInstance). */
void mx_session_destroy(struct mx_session *s);
/* Creates a space of the session and registers its handle. */
XrResult mx_space_create(struct mx_session *s, enum mx_space_kind kind, const XrPosef *pose, struct mx_space **out);
/* The runtime's view k of a view configuration (mono: 1 view, stereo: 2) at time t: its pose in STAGE and its
 * field of view, what xrLocateViews reports (there relative to the app's space). */
void mx_view_in_stage(const struct mx_session *s, XrViewConfigurationType config, uint32_t k, XrTime t,
                      XrPosef *out_pose, XrFovf *out_fov);
/* xrLocateSpace's work once its arguments are checked: fills loc (and an XrSpaceVelocity chained to it). */
XrResult mx_space_locate(struct mx_space *sp, struct mx_space *base, XrTime time, XrSpaceLocation *loc);
/* Locates a space's origin in STAGE coordinates; out_valid false when not trackable (inactive action). */
XrResult mx_space_pose_in_stage(struct mx_space *space, XrTime t, XrPosef *out_pose, bool *out_valid);
/* The instance's call counter for the report's *_seq fields (per instance, so runs repeat exactly). */
uint64_t mx_next_seq(struct mx_instance *i);

/* frame.c: graphics/ calls it (lock held) when the app's queue finished frame `index`'s work: t on
 * CLOCK_MONOTONIC, 0 when unknown. Feeds app pacing and completes the frame's record line. */
void mx_frame_gpu_done(struct mx_session *s, uint64_t index, XrTime t);

/* layers.c: xrEndFrame's layer checks (every layer of info, in order; the first failure is returned). */
XrResult mx_frame_validate_layers(struct mx_session *s, const XrFrameEndInfo *info, const char *func);

/* ---- Record (record.c) ------------------------------------------------------------------------- */
XrResult mx_record_open(struct mx_instance *i);
/* Writes the frame's line; with gpu_pending the line waits (and later lines after it) until
 * mx_record_gpu_done gives its GPU completion time. */
void mx_record_frame(struct mx_session *s, const struct mx_frame *f, const XrFrameEndInfo *end_info,
                     bool gpu_pending);
/* Frame `index`'s GPU completion (t 0: unknown, e.g. the fence could not be waited for). */
void mx_record_gpu_done(struct mx_instance *i, uint64_t index, XrTime t);
void mx_record_missed(struct mx_instance *i, uint64_t slots);
void mx_record_close(struct mx_instance *i); /* writes the summary, frees */

/* ---- Entry points owned by CORE, served through xrGetInstanceProcAddr (entry.c) ----------------- */
PFN_xrVoidFunction mx_core_proc(const char *name);
/* Each room serves its own entry points by name (NULL when not its own). */
PFN_xrVoidFunction mx_instance_proc(const char *name); /* instance.c */
PFN_xrVoidFunction mx_system_proc(const char *name);   /* system.c */
PFN_xrVoidFunction mx_session_proc(const char *name);  /* session.c */
PFN_xrVoidFunction mx_frame_proc(const char *name);    /* frame.c */
PFN_xrVoidFunction mx_space_proc(const char *name);    /* space.c */
PFN_xrVoidFunction mx_clock_proc(const char *name);    /* clock.c */
PFN_xrVoidFunction mx_debug_proc(const char *name);    /* ext/debug_utils.c: XR_EXT_debug_utils */

/* ---- XR_EXT_debug_utils (ext/debug_utils.c) --------------------------------------------------------
 * One of mockxr's own messages (diag.c) to the messengers that asked for its severity (type VALIDATION):
 * those of the instance the call's objects belong to (every instance when the call named none), with
 * the call's objects (mx_call_context, their names filled in) and the session's labels, most recent first. */
void mx_debug_emit(XrDebugUtilsMessageSeverityFlagsEXT severity, const char *func, const char *message);
/* Messengers chained to XrInstanceCreateInfo live as long as the instance. */
XrResult mx_debug_messengers_from_chain(struct mx_instance *i, const void *next);
/* Frees the instance's messengers and object names / the session's labels (destroy paths). */
void mx_debug_instance_release(struct mx_instance *i);
void mx_debug_session_release(struct mx_session *s);
/* A destroyed handle's name is forgotten (handles.c calls it for every unregistered handle). */
void mx_debug_forget(uint64_t handle);

/* system.c: the only XrSystemId, and the view configuration check shared by session/space. */
XrResult mx_check_system(XrSystemId id, const struct mx_instance *i, const char *func);
XrResult mx_check_view_config(XrViewConfigurationType t, const char *func);
/* mx_check_view_config, then whether this instance's system offers it (MOCKXR_VIEWS=mono hides stereo). */
XrResult mx_check_view_config_offered(const struct mx_instance *i, XrViewConfigurationType t, const char *func);

/* Two-call idiom: validates count_out (and the buffer when capacity > 0), stores `needed` in
 * *count_out; *out_write is true when the caller must fill `needed` elements. capacity < needed
 * (and > 0) gives a diagnosed XR_ERROR_SIZE_INSUFFICIENT. */
XrResult mx_two_call(const char *func, const char *what, uint32_t capacity, uint32_t *count_out,
                     const void *buffer, uint32_t needed, bool *out_write);

/* Pose math (space.c) */
XrPosef mx_pose_identity(void);
XrPosef mx_pose_multiply(const XrPosef *a, const XrPosef *b); /* a * b: b expressed in a's parent */
XrPosef mx_pose_invert(const XrPosef *p);
/* A pose whose orientation is not a unit quaternion: diagnosed XR_ERROR_POSE_INVALID. */
XrResult mx_check_pose(const XrPosef *p, const char *func, const char *what);

#endif
