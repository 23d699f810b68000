/* The xr module's interaction state: actions and hands (input.c), picking, haptics, the machine panel's quad
 * layer, locomotion and the drawn controllers (interact*.c). Included by xr_internal.h only. */
#ifndef FACTORYXR_XR_INTERACT_H
#define FACTORYXR_XR_INTERACT_H

#include <stdbool.h>
#include <stdint.h>

#include "factoryxr/scene.h"
#include "locomotion.h"

struct xr;
struct panel;

/* One hand as of the last sync (all false / zero while not FOCUSED or with no controller bound). */
struct xr_hand {
    bool active;                 /* its pose actions are bound and active */
    bool grip_valid, aim_valid;  /* located this frame */
    XrPosef grip, aim;           /* play space */
    float select, squeeze;       /* 0..1 */
    bool select_down;            /* held (with hysteresis) */
    bool select_pressed;         /* went down at this sync */
    bool menu_pressed;           /* went down at this sync */
    float stick[2];              /* thumbstick / trackpad x, y in -1..1 */
    uint32_t hover;              /* machine under the aim ray, SCENE_NO_MACHINE */
    float ray_length;            /* where the aim ray stops (metres) */
};

struct xr_input {
    XrActionSet set;
    XrAction grip_pose, aim_pose, select, squeeze, stick, menu, haptic;
    XrPath hand[2];
    XrSpace grip_space[2], aim_space[2]; /* per session */
    XrPath profile[2];
    struct xr_hand hands[2];
};

/* The panel's quad layer: its own swapchain (8-bit sRGB RGBA, or BGRA), uploaded through a staging buffer on the frame's
 * queue when panel_update drew new pixels; a fence that is only polled, never waited for in the loop. */
struct xr_panel_layer {
    XrSwapchain swapchain; /* XR_NULL_HANDLE: the runtime has no format for it, no panel is shown */
    int64_t format;        /* VK_FORMAT_R8G8B8A8_SRGB, or B8G8R8A8_SRGB (bytes swapped on upload) */
    VkImage *images;
    uint32_t image_count, width, height;
    VkQueue queue;
    VkCommandPool pool;
    VkCommandBuffer cmd;
    VkFence fence;
    bool fence_pending; /* an upload was submitted and its fence not yet seen signalled */
    VkBuffer staging;
    VkDeviceMemory memory;
    void *mapped;
    bool has_image;     /* an image was released: the layer can be submitted */
    bool dirty;         /* pixels newer than the released image */
};

#define XR_OVERLAY_MAX 128

/* XR_EXT_hand_tracking (interact_hands.c), per session when the runtime and system offer it. */
struct xr_hands {
    bool enabled;
    PFN_xrCreateHandTrackerEXT create;
    PFN_xrDestroyHandTrackerEXT destroy;
    PFN_xrLocateHandJointsEXT locate;
    XrHandTrackerEXT tracker[2];
    XrHandJointLocationEXT joints[2][XR_HAND_JOINT_COUNT_EXT];
    bool tracked[2];
    bool pinch_down[2];
};

struct xr_interact {
    struct xr_hands hands;
    struct panel *panel;
    struct xr_panel_layer layer;
    bool panel_open;
    uint32_t panel_machine;
    int panel_hand;     /* the hand that opened it */
    bool panel_follow;  /* follows that hand's aim pose instead of staying pinned */
    XrPosef panel_pose; /* pinned: play space; following: in the aim space */
    XrSpace panel_space; /* the space the quad is in this frame */
    uint32_t clicks, pulses, ticks; /* for the log at exit */

    /* Locomotion: the play area's place in the hall (locomotion.h). */
    struct xr_loco loco;
    bool loco_dirty;     /* the play space must be made again from loco */
    bool stick_centred[2];
    bool squeezed[2];
    bool moved;          /* the play area moved this frame: the frame's culling is stale */
    bool report_head;
    bool loco_discrete;  /* the pending move is a teleport or a turn */
    XrTime last_time;    /* the display time of the last update */    /* log where the next located views put the head */
    bool aiming_teleport;
    int teleport_hand;   /* the hand whose stick aims it */
    float teleport_target[3];
    bool teleport_valid;

    /* The controllers, rays, highlight and teleport arc, drawn as extra instances merged into the draw list. */
    uint32_t box_mesh, sphere_mesh; /* scene mesh indices */
    struct scene_instance overlay[XR_OVERLAY_MAX];
    uint32_t overlay_mesh[XR_OVERLAY_MAX];
    uint32_t overlay_count;
    struct scene_instance *merged; /* the draw list's animated instances plus the overlay */
    uint32_t merged_capacity;
    struct scene_batch merged_batches[32];
};

/* interact.c */
enum xr_status xr_interact_create(struct xr *xr);  /* panel (font) and overlay storage, once */
void xr_interact_destroy(struct xr *xr);
enum xr_status xr_interact_attach(struct xr *xr);  /* per session: panel swapchain and upload objects */
void xr_interact_detach(struct xr *xr);
void xr_interact_update(struct xr *xr, XrTime time); /* after the sync: pick, click, haptics, panel, moves */
/* The overlay merged into a frame's draw list (unchanged when there is nothing to draw). */
void xr_interact_draw_list(struct xr *xr, struct scene_draw_list *list);
/* The panel's quad layer for xrEndFrame, or NULL when none is shown. */
const XrCompositionLayerBaseHeader *xr_interact_layer(struct xr *xr, XrCompositionLayerQuad *storage);

/* interact_panel.c: the quad layer's swapchain and uploads */
enum xr_status xr_panel_layer_create(struct xr *xr, struct xr_panel_layer *layer, uint32_t width, uint32_t height);
void xr_panel_layer_destroy(struct xr *xr, struct xr_panel_layer *layer);
/* Copies pixels (width * height RGBA8) into a newly acquired image and releases it; false when the previous
 * upload is still in flight (try again next frame) or on an error (xr->status says which). */
bool xr_panel_layer_upload(struct xr *xr, struct xr_panel_layer *layer, const uint8_t *pixels);

/* interact_draw.c: the overlay instances of one frame */
void xr_overlay_build(struct xr *xr);
void xr_overlay_push(struct xr_interact *it, uint32_t mesh, const float model[16], const float color[4]);

/* interact_hands.c */
enum xr_status xr_hands_attach(struct xr *xr);
void xr_hands_detach(struct xr *xr);
void xr_hands_update(struct xr *xr, XrTime time);
void xr_hands_draw(struct xr *xr);

#endif
