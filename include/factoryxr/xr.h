/* OpenXR application layer: instance, system, session state machine, frame loop, spaces, views,
 * actions, swapchains (hands VkImages to gfx) and the per-frame timing record. Owner: runtime/xr. */
#ifndef FACTORYXR_XR_H
#define FACTORYXR_XR_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "factoryxr/scene.h"

/* Live data of one frame as the app's live_hook reports it: the stats record's "live" object (docs/plant.md).
 * Message counts are totals since start. */
#define XR_LIVE_MAX_BAD 16
struct xr_live_record {
    bool enabled;
    uint8_t link;                                /* enum scene_link */
    uint32_t machines;                           /* with live data */
    uint32_t stale;
    uint32_t status[SCENE_MACHINE_STATUS_COUNT]; /* machines with live data per status */
    uint32_t applied;                            /* machine updates applied in this frame */
    uint32_t lag_frames;                         /* most frames an update waited past the first it could make */
    uint64_t messages;
    uint64_t bad[XR_LIVE_MAX_BAD];               /* per cause, named by xr_desc.live_bad_names */
};

/* Zero means default in every field (sokol style). */
struct xr_desc {
    struct scene *scene;     /* required; animated and culled every frame, not owned */
    const char *app_name;    /* NULL = "factoryxr" */
    uint32_t msaa_samples;   /* 1 or 4; 0 = 1 */
    bool no_multiview;       /* per-view swapchains and passes instead of one array swapchain */
    bool no_late_latch;      /* locate views before recording commands (to measure what latching buys) */
    bool smooth_move;        /* the left stick walks (comfort default: off; teleport and snap turns always) */
    uint64_t max_frames;     /* request exit after this many rendered frames; 0 = run until told */
    const char *stats_path;  /* per-frame records as JSON lines; NULL = none */
    bool quiet;              /* no one-line summary each second */
    /* Detail culling: pieces thinner than this many pixels of the view's resolution are not drawn (they
     * would only shimmer; see scene_cull_detail). 0 = XR_DEFAULT_DETAIL_PX; < 0 = draw every piece. */
    float detail_px;
    /* Dynamic resolution: the fraction of the swapchain's width and height each frame draws (the layer's
     * imageRect). 0 = adaptive (default): from 1 down to min_res_scale, chosen from the measured GPU time
     * so that it keeps within 85 % of the display period (and at a scale s < 1 detail culling leaves out
     * pieces thinner than detail_px / s of the pixels drawn); > 0 (up to 1) = fixed at that fraction. */
    float res_scale;
    float min_res_scale; /* adaptive floor, (0, 1]; 0 = XR_DEFAULT_MIN_RES_SCALE */
    /* Live data: called on the frame loop's thread once per frame, after xrWaitFrame and before scene_update, with
     * the frame's number and predicted display time. It applies the app's newest live data to the scene and must
     * not block; what it writes to out_record goes into the frame's stats record. NULL = no live data. */
    void (*live_hook)(void *user, struct scene *scene, uint64_t frame, int64_t display_time,
                      struct xr_live_record *out_record);
    void *live_user;
    const char *const *live_bad_names; /* names of out_record->bad[0 .. live_bad_count) in the stats record */
    uint32_t live_bad_count;           /* at most XR_LIVE_MAX_BAD */
};

#define XR_DEFAULT_DETAIL_PX 2.0f
#define XR_DEFAULT_MIN_RES_SCALE 0.4f

/* Why xr stopped (or could not start); the app turns these into exit codes. */
enum xr_status {
    XR_STATUS_OK = 0,
    XR_STATUS_FAILED,        /* an OpenXR or Vulkan call failed; the log names it */
    XR_STATUS_NO_RUNTIME,    /* no OpenXR runtime (or no headset) available */
    XR_STATUS_INSTANCE_LOST, /* the runtime went away (XR_ERROR_INSTANCE_LOST / loss pending) */
};

/* What the outer loop should do next, decided by the session state machine. */
enum xr_step {
    XR_STEP_FRAME, /* the session is running: call xr_frame() */
    XR_STEP_IDLE,  /* nothing to render yet (waiting for READY, or for a lost session's return): poll again soon */
    XR_STEP_EXIT,  /* leave the loop; xr_get_status() says why */
};

struct xr;

/* Instance, system, Vulkan device, renderer, first session. On failure *out_xr is NULL and a message
 * naming the failing call (or saying how to select a runtime) is on stderr. */
enum xr_status xr_create(const struct xr_desc *desc, struct xr **out_xr);
/* Ends and destroys the session (if any) and everything else; flushes the stats file. Tolerates NULL. */
void xr_destroy(struct xr **xr_ptr);

/* Drains the event queue and drives the session state machine (begin, end, recreate after loss). */
enum xr_step xr_poll(struct xr *xr);
/* One frame: wait, animate + cull, begin, render (late-latched views), end. Returns XR_STATUS_OK
 * also when the session was lost on the way (xr_poll recreates it). */
enum xr_status xr_frame(struct xr *xr);
/* Asks the runtime to end the session (SIGINT/SIGTERM, --frames reached); leaves at once when no
 * session is running. Safe to call more than once. */
void xr_request_exit(struct xr *xr);
enum xr_status xr_get_status(const struct xr *xr);

/* The summary table of the frame records (p50/p95/p99/max of each phase after warm-up). */
void xr_print_stats_table(const struct xr *xr, FILE *out);
/* Readable name of a status for messages. */
const char *xr_status_string(enum xr_status status);

#endif
