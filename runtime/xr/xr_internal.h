/* Shared state and internal API of the xr module's rooms (instance, session, frame, input, swapchain,
 * views, stats). Not a public contract. */
#ifndef FACTORYXR_XR_INTERNAL_H
#define FACTORYXR_XR_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>

#include <vulkan/vulkan.h>
#define XR_USE_GRAPHICS_API_VULKAN
#define XR_USE_TIMESPEC
#include <openxr/openxr.h>
#include <openxr/openxr_platform.h>

#include "factoryxr/gfx.h"
#include "factoryxr/scene.h"
#include "factoryxr/xr.h"

#define XR_MAX_VIEWS GFX_MAX_VIEWS
/* Play space floor offset when the runtime has no STAGE space: LOCAL's origin is at the head. */
#define XR_FLOOR_OFFSET_M 1.6f
#define XR_NEAR_Z 0.05f
#define XR_FAR_Z 400.0f

/* ---- logging: errors are logged where they happen, naming the call and the result as text ---- */
void xr_log(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Returns true when r succeeded; otherwise logs "call failed: XR_ERROR_..." and returns false. */
bool xr_ok(XrInstance instance, XrResult r, const char *call);
const char *xr_result_text(XrInstance instance, XrResult r, char buf[XR_MAX_RESULT_STRING_SIZE]);
const char *xr_vk_result_text(VkResult r);

/* ---- per-frame timing record (stats.c) ---- */
struct xr_frame_record {
    uint64_t frame;   /* app frame index, counted by xrWaitFrame across sessions */
    uint32_t session; /* 0 for the first session, +1 per recreation after loss */
    int64_t predicted_display_time, period;
    int64_t wake, begin, located, end; /* XrTime; 0 = did not happen */
    /* The same moments on CLOCK_MONOTONIC: under a runtime's virtual clock (mockxr) the XrTimes stand still
     * while the app works, so the app's own CPU time is only seen here. */
    struct { int64_t wake, begin, located, end; } mono;
    double gpu_ms;                     /* < 0: unknown */
    double fence_wait_ms;
    float res_scale;               /* dynamic resolution: the fraction of the swapchain size drawn */
    uint32_t image_width, image_height; /* the imageRect submitted (0 before rendering) */
    uint32_t draws;
    uint64_t triangles;
    bool should_render, discarded, late, gpu_pending;
    struct xr_live_record live; /* from the app's live_hook */
};

struct xr_stats;
/* Opens the JSON-lines file (path NULL: none) before anything else, so a bad path fails fast. */
int xr_stats_create(const char *path, bool quiet, struct xr_stats **out_stats);
/* The names of the live record's bad-data counters (kept, not copied). */
void xr_stats_set_live_names(struct xr_stats *stats, const char *const *names, uint32_t count);
/* Whether times are on the runtime's clock (XR_KHR_convert_timespec_time) or raw CLOCK_MONOTONIC. */
void xr_stats_set_clock(struct xr_stats *stats, bool clock_is_xr);
void xr_stats_destroy(struct xr_stats **stats_ptr);
/* A new record for the frame whose xrWaitFrame just returned; valid until the next call. */
struct xr_frame_record *xr_stats_frame_new(struct xr_stats *stats);
struct xr_frame_record *xr_stats_frame_get(struct xr_stats *stats, uint64_t frame);
/* The frame is over (ended or abandoned): summary line each second, JSON lines when settled. */
void xr_stats_frame_done(struct xr_stats *stats, uint64_t frame);
/* The exit table; frames still waiting for their GPU time count with what they have. */
void xr_stats_print_table(struct xr_stats *stats, FILE *out);
/* The exit table's tallies (stats_table.c): fixed memory for any number of frames. */
struct xr_stats_acc;
int xr_stats_acc_create(struct xr_stats_acc **out_acc);
void xr_stats_acc_destroy(struct xr_stats_acc **acc_ptr);
/* Adds a settled record; records arrive in frame order. */
void xr_stats_acc_add(struct xr_stats_acc *acc, const struct xr_frame_record *rec);
/* The table of `total` frames, the first `warmup` of which are not in `acc`. */
void xr_stats_acc_print(const struct xr_stats_acc *acc, uint64_t total, uint64_t warmup, bool clock_is_xr, FILE *out);

/* ---- views.c: matrices and culling volumes from XrPosef + XrFovf ---- */
void xr_views_to_gfx(const XrView *view, float near_z, float far_z, struct gfx_view *out_view);
/* How far (radians, metres) a head can turn / move between two located poses dt_ns apart. */
float xr_views_widen_angle(int64_t dt_ns);
float xr_views_widen_distance(int64_t dt_ns);
/* Eye position pulled back along the view direction so that a cone with the given half-angle still
 * contains everything a sideways move of `sideways_m` could bring into view. */
void xr_views_pullback(const XrView *view, float sideways_m, float out_position[3]);

/* ---- dynamic resolution (resolution.c) ---- */
#define XR_RES_STEPS 32           /* an adaptive scale is a multiple of 1/32 (or the floor, min_scale) */
#define XR_RES_BUDGET 0.85        /* the GPU time aimed at, as a share of the display period */
#define XR_RES_FIXED_SHARE 0.55   /* the share of a full-size frame's GPU time taken not to shrink with pixels
                                     (lavapipe at 512x512 measured 0.48-0.61) */
#define XR_RES_DECAY 0.1          /* how fast the cost estimate follows measurements that fall */
#define XR_RES_RISE_FRAMES 4      /* measurements between two steps up */
#define XR_RES_WINDOW 6           /* measurements averaged (without the largest) */
#define XR_RES_SKIP 2             /* first measurements ignored (pipeline compilation) */
struct xr_res {
    bool adaptive;
    float min_scale; /* adaptive: the floor; fixed: the scale */
    float scale;     /* what frames are drawn at now */
    double cost_ms;  /* estimated GPU ms of a full-size frame; 0 until measured */
    double recent[XR_RES_WINDOW]; /* a ring of full-size costs */
    uint32_t recent_next, recent_count;
    uint32_t skipped; /* first measurements left out so far */
    uint32_t since_rise;
};
/* scale > 0: fixed at that fraction; else adaptive between min_scale (0 = the default) and 1, from 1. */
void xr_res_init(struct xr_res *res, float scale, float min_scale);
/* One frame's GPU time, drawn at frame_scale, against the display period it had to fit. Returns true
 * when the scale changed. Unknown or unusable measurements (<= 0, NaN) leave everything as it is. */
bool xr_res_measured(struct xr_res *res, double gpu_ms, float frame_scale, double period_ms);
float xr_res_scale(const struct xr_res *res);
/* The pixels a scale gives of a full size: rounded, at least 1, at most full. */
uint32_t xr_res_size(float scale, uint32_t full);

/* ---- swapchains (swapchain.c) ---- */
struct xr_swapchain {
    XrSwapchain handle;
    uint32_t image_count;
    VkImage *images;
    uint32_t width, height, array_size;
    int64_t format;
    bool acquired;
};

/* ---- actions (input.c) and what they do (interact*.c) ---- */
#include "interact.h"

/* ---- the module's state ---- */
struct xr_ext {
    bool vulkan2, vulkan1, depth, timespec, debug_utils, hand_tracking;
};

struct xr_fn {
    PFN_xrGetVulkanGraphicsRequirements2KHR get_reqs2;
    PFN_xrCreateVulkanInstanceKHR create_vk_instance;
    PFN_xrGetVulkanGraphicsDevice2KHR get_vk_device2;
    PFN_xrCreateVulkanDeviceKHR create_vk_device;
    PFN_xrGetVulkanGraphicsRequirementsKHR get_reqs1;
    PFN_xrGetVulkanInstanceExtensionsKHR get_instance_exts1;
    PFN_xrGetVulkanDeviceExtensionsKHR get_device_exts1;
    PFN_xrGetVulkanGraphicsDeviceKHR get_vk_device1;
    PFN_xrConvertTimespecTimeToTimeKHR timespec_to_time;
    PFN_xrCreateDebugUtilsMessengerEXT create_messenger;
    PFN_xrDestroyDebugUtilsMessengerEXT destroy_messenger;
};

struct xr {
    struct xr_desc desc;
    enum xr_status status;

    /* instance + system */
    XrInstance instance;
    XrSystemId system;
    struct xr_ext ext;
    struct xr_fn fn;
    XrDebugUtilsMessengerEXT messenger;
    XrViewConfigurationType view_config;
    uint32_t view_count;
    XrViewConfigurationView config_views[XR_MAX_VIEWS];
    XrEnvironmentBlendMode blend_mode;

    /* Vulkan, made through the runtime; outlives sessions */
    VkInstance vk_instance;
    VkPhysicalDevice vk_physical;
    VkDevice vk_device;
    uint32_t queue_family;
    struct gfx *gfx;

    /* session */
    XrSession session;
    XrSessionState state;
    uint32_t session_number; /* sessions created so far */
    bool running;            /* between xrBeginSession and xrEndSession */
    bool exit_requested;     /* xrRequestExitSession sent (or nothing to ask) */
    bool leave;              /* EXITING seen, or exit asked with no session: leave the loop */
    bool lost;               /* LOSS_PENDING / XR_ERROR_SESSION_LOST: recreate in xr_poll */
    struct timespec next_recreate;
    XrSpace play_space;
    XrReferenceSpaceType play_space_type;
    bool multiview;
    uint32_t swapchain_count; /* 1 (array, multiview) or view_count */
    struct xr_swapchain color[XR_MAX_VIEWS], depth[XR_MAX_VIEWS];
    bool depth_swapchains;
    int64_t color_format, depth_format;
    struct xr_input input;
    struct xr_interact interact;

    /* frame loop */
    XrView views[XR_MAX_VIEWS]; /* last located (culling of the next frame, fallback) */
    bool views_valid;
    XrTime views_time;
    uint64_t frames_waited;   /* xrWaitFrame calls that returned, all sessions */
    uint64_t frames_rendered; /* frames ended with a projection layer */
    uint64_t gfx_slot_frame[GFX_FRAMES_IN_FLIGHT]; /* app frame that last used each gfx slot (+1; 0 = none) */
    uint32_t gfx_slot_next;
    double fence_wait_ms; /* GPU waits not yet booked to a frame record */
    struct xr_res res;
    struct xr_stats *stats;
};

/* instance.c */
enum xr_status xr_instance_create(struct xr *xr);
void xr_instance_destroy(struct xr *xr);
XrTime xr_now(const struct xr *xr);
int64_t xr_monotonic_ns(void); /* CLOCK_MONOTONIC in ns, whatever the runtime's clock */
/* vulkan.c */
enum xr_status xr_vulkan_create(struct xr *xr);
void xr_vulkan_destroy(struct xr *xr);
/* session.c */
enum xr_status xr_session_create(struct xr *xr);
void xr_session_destroy(struct xr *xr);
/* An XrResult of a session call: XR_ERROR_SESSION_LOST marks the session lost, instance loss sets
 * the status. Returns true when r succeeded. */
bool xr_session_check(struct xr *xr, XrResult r, const char *call);
/* swapchain.c */
enum xr_status xr_swapchains_create(struct xr *xr);
void xr_swapchains_destroy(struct xr *xr);
bool xr_swapchain_acquire(struct xr *xr, struct xr_swapchain *sc, uint32_t *out_index);
bool xr_swapchain_release(struct xr *xr, struct xr_swapchain *sc);
/* input.c */
enum xr_status xr_input_create(struct xr *xr);
enum xr_status xr_input_attach(struct xr *xr);
void xr_input_detach(struct xr *xr);
void xr_input_destroy(struct xr *xr);
void xr_input_sync(struct xr *xr, XrTime time);
void xr_input_profile_changed(struct xr *xr);
/* A vibration on hand h (0 left, 1 right); false when it did not reach the hand (not focused, or an error). */
bool xr_input_haptic(struct xr *xr, int h, int64_t duration_ns, float amplitude);

#endif
