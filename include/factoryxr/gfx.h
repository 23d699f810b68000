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
    PFN_vkGetInstanceProcAddr get_instance_proc_addr; /* may be NULL: vkGetInstanceProcAddr */
    const char *pipeline_cache_path; /* NULL = $XDG_CACHE_HOME/factoryxr/pipeline.cache; "" = none */
};

/* A set of swapchain images gfx renders into (owned by the XR swapchain). */
struct gfx_image_set {
    uint32_t count;
    const VkImage *images;
};

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

/* What the frame that last completed on this slot cost; filled by gfx_frame_begin. */
struct gfx_frame_stats {
    double gpu_ms;        /* timestamp delta of that frame's pass; < 0 when unknown */
    double fence_wait_ms; /* how long gfx_frame_begin waited for the slot's fence (CPU) */
    uint32_t draws;       /* draws recorded in the frame being built */
    uint64_t triangles;
};

struct gfx;

/* Returns 0 on success; on failure a message naming the failing call and VkResult is on stderr. */
int gfx_create(const struct gfx_device_desc *desc, struct gfx **out_gfx);
/* Waits for the device to be idle (shutdown only), then frees everything. Tolerates NULL. */
void gfx_destroy(struct gfx **gfx_ptr);

/* Uploads the scene's meshes (once, before the first frame). */
int gfx_upload_scene(struct gfx *gfx, const struct scene *scene);
/* (Re)creates image views, framebuffers, depth/MSAA attachments and pipelines for a target. */
int gfx_set_target(struct gfx *gfx, const struct gfx_target_desc *target);

/* Frame: begin (waits only on the reused slot's fence) -> record -> set_views (late latch: writes
 * matrices into the slot's mapped buffer) -> submit. image_index[v] is the acquired swapchain image
 * of each image set (multiview uses [0]). */
int gfx_frame_begin(struct gfx *gfx, struct gfx_frame_stats *out_prev_stats);
int gfx_frame_record(struct gfx *gfx, const struct scene_draw_list *list, const uint32_t *color_index,
                     const uint32_t *depth_index, struct gfx_frame_stats *out_stats);
void gfx_frame_set_views(struct gfx *gfx, const struct gfx_view *views, uint32_t view_count);
int gfx_frame_submit(struct gfx *gfx);

/* Device extensions / features gfx needs from whoever creates the VkDevice (multiview). */
const char *const *gfx_required_device_extensions(uint32_t *out_count);

#endif
