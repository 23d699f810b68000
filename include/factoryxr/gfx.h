/* Vulkan renderer: per-frame resources (2 in flight), pipelines + cache, multiview or per-view pass,
 * instanced draws, GPU timestamps. Knows the scene's draw lists, nothing of OpenXR. Owner: runtime/gfx. */
#ifndef FACTORYXR_GFX_H
#define FACTORYXR_GFX_H

#include <stdbool.h>
#include <stdint.h>
#include <vulkan/vulkan.h>

#include "factoryxr/scene.h"

#define GFX_FRAMES_IN_FLIGHT 2
#define GFX_MAX_VIEWS 2

/* The device the XR runtime chose; gfx does not own these handles. */
struct gfx_device_desc {
    VkInstance instance;
    VkPhysicalDevice physical_device;
    VkDevice device;
    uint32_t queue_family;
    uint32_t queue_index;
    PFN_vkGetInstanceProcAddr get_instance_proc_addr; /* may be NULL; gfx calls the linked loader */
    const char *pipeline_cache_path; /* NULL = $XDG_CACHE_HOME/factoryxr/pipeline.cache; "" = none */
    /* false (default): on drivers with a known multiview bug (Mesa llvmpipe/lavapipe shades primitives
     * that need clipping wrongly in a multiview pass) a multiview target is drawn as one pass per array
     * layer, same images, same results. true: always one real multiview pass (benchmarks, checking a newer
     * driver). */
    bool force_native_multiview;
};

/* A set of swapchain images gfx renders into (owned by the XR swapchain). */
struct gfx_image_set {
    uint32_t count;
    const VkImage *images;
};

/* Usage the target's color images need (XR: XR_SWAPCHAIN_USAGE_COLOR_ATTACHMENT_BIT |
 * XR_SWAPCHAIN_USAGE_TRANSFER_DST_BIT): MSAA on a split multiview target resolves with a transfer. */
#define GFX_COLOR_IMAGE_USAGE (VK_IMAGE_USAGE_COLOR_ATTACHMENT_BIT | VK_IMAGE_USAGE_TRANSFER_DST_BIT)

/* Where frames go. Multiview: view_count layers of ONE array image set (color[0], depth[0]).
 * Per-view: one image set per view (color[v], depth[v]), each single-layer.
 * depth_format VK_FORMAT_UNDEFINED or depth[].count == 0 -> gfx makes its own depth buffer. */
struct gfx_target_desc {
    uint32_t width, height;
    uint32_t view_count; /* 1 or 2 */
    bool multiview;
    uint32_t msaa_samples; /* 1 or 4 */
    VkFormat color_format;
    VkFormat depth_format;
    struct gfx_image_set color[GFX_MAX_VIEWS];
    struct gfx_image_set depth[GFX_MAX_VIEWS];
};

/* One eye's matrices: column-major, Vulkan clip space (depth 0..1, y down handled in proj). */
struct gfx_view {
    float view[16];
    float proj[16];
    float eye_pos[3];
};

/* gfx_frame_wait / gfx_frame_begin fill it for the frame that last used the slot (GFX_FRAMES_IN_FLIGHT
 * frames ago) plus their own fence wait; gfx_frame_record fills draws/triangles of the frame being built
 * (gpu_ms -1). */
struct gfx_frame_stats {
    double gpu_ms;        /* timestamp delta around that frame's pass(es); < 0 when unknown */
    double fence_wait_ms; /* how long gfx_frame_begin waited for the slot's fence (CPU) */
    uint32_t draws;       /* vkCmdDrawIndexed calls (per-view: one per batch per view) */
    uint64_t triangles;   /* each instance counted once, not once per view */
};

struct gfx;

/* Returns 0 on success; on failure a message naming the failing call and VkResult is on stderr. */
int gfx_create(const struct gfx_device_desc *desc, struct gfx **out_gfx);
/* Waits for the device to be idle (shutdown only), then frees everything. Tolerates NULL. */
void gfx_destroy(struct gfx **gfx_ptr);
/* Vulkan objects gfx made and has not destroyed yet (buffers, images, memory, views, framebuffers, pipelines,
 * pools, ...): after gfx_clear_target, less gfx_kept_objects, it is back to what gfx_create + gfx_upload_scene
 * left. */
uint32_t gfx_live_objects(const struct gfx *gfx);

/* Uploads the scene's meshes (once, before the first frame). */
int gfx_upload_scene(struct gfx *gfx, const struct scene *scene);
/* (Re)creates image views, framebuffers, depth/MSAA attachments and pipelines for a target. */
int gfx_set_target(struct gfx *gfx, const struct gfx_target_desc *target);
/* Drops the target's views, framebuffers and attachments (after its frames finished): before the swapchain images
 * it draws into go away. Its render pass and pipelines stay: gfx_set_target reuses them for a target of the same
 * formats, sample count and view layout (the next session's), and makes new ones otherwise. */
void gfx_clear_target(struct gfx *gfx);
/* Of gfx_live_objects, those kept for the next target after gfx_clear_target (render pass, pipelines); 0 while a
 * target is set. */
uint32_t gfx_kept_objects(const struct gfx *gfx);

/* Frame: [wait] -> begin (waits only on the reused slot's fence) -> record -> set_views (late latch:
 * writes matrices into the slot's mapped buffer) -> submit. image_index[v] is the acquired swapchain
 * image of each image set (multiview uses [0]). */
/* Optional: waits for the fence of the slot the next gfx_frame_begin uses (the loop's only GPU wait) and
 * reports that slot's previous frame, so the caller can wait where it costs least (before xrWaitFrame);
 * gfx_frame_begin then finds the slot free and reports gpu_ms -1, no draws, and a ~0 fence wait. */
int gfx_frame_wait(struct gfx *gfx, struct gfx_frame_stats *out_prev_stats);
int gfx_frame_begin(struct gfx *gfx, struct gfx_frame_stats *out_prev_stats);
int gfx_frame_record(struct gfx *gfx, const struct scene_draw_list *list, const uint32_t *color_index,
                     const uint32_t *depth_index, struct gfx_frame_stats *out_stats);
void gfx_frame_set_views(struct gfx *gfx, const struct gfx_view *views, uint32_t view_count);
int gfx_frame_submit(struct gfx *gfx);

/* Dynamic resolution: the part of every target image the frames recorded from now on draw, the rectangle
 * from (0, 0) of width x height. The projection is unchanged, so the views' whole FOV lands in it (the XR
 * layer then names it as its imageRect); the rest of the image is left as it was. gfx_set_target resets
 * it to the whole image. Returns -1 (message on stderr) when it is empty or larger than the target. */
int gfx_set_render_extent(struct gfx *gfx, uint32_t width, uint32_t height);

/* Whether the current target is drawn in one real multiview pass (false: per-view, or split; see
 * gfx_device_desc.force_native_multiview). */
bool gfx_target_native_multiview(const struct gfx *gfx);

/* Whether frames write the target's depth images (false with MSAA: depth stays in gfx's own multisampled
 * buffer, no depth resolve), i.e. whether a depth layer may be submitted. */
bool gfx_target_writes_depth(const struct gfx *gfx);

/* gfx needs a Vulkan 1.1 instance and device (multiview is core there). */
#define GFX_VULKAN_API_VERSION VK_API_VERSION_1_1

/* Device extensions / features gfx needs from whoever creates the VkDevice (multiview). With Vulkan 1.1
 * core multiview no extension is needed: the list is empty (count 0), kept for future needs. */
const char *const *gfx_required_device_extensions(uint32_t *out_count);
/* Sets the features gfx needs (multiview = VK_TRUE) in a struct the device creator chains into
 * VkDeviceCreateInfo.pNext (sType/pNext untouched; other members kept). */
void gfx_required_device_features(VkPhysicalDeviceMultiviewFeatures *inout_features);
/* 0 when the physical device can run gfx (API >= 1.1, multiview); else -1 with the reason on stderr. */
int gfx_check_physical_device(VkPhysicalDevice physical_device);

/* Builds one eye's matrices from an OpenXR-style pose (position; unit quaternion x,y,z,w; -Z forward,
 * +Y up) and FOV angles in radians (left/down negative): view = inverse(pose), proj = asymmetric
 * frustum in Vulkan clip space (y down, depth 0..1). */
void gfx_view_from_pose(const float position[3], const float orientation[4], float angle_left,
                        float angle_right, float angle_up, float angle_down, float near_z, float far_z,
                        struct gfx_view *out_view);

#endif
