/* Private state of the renderer, shared by the files of runtime/gfx (device, frame, pipeline, pass, mesh, timing). */
#ifndef FACTORYXR_GFX_INTERNAL_H
#define FACTORYXR_GFX_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <vulkan/vulkan.h>

#include "factoryxr/gfx.h"
#include "factoryxr/scene.h"

/* Point lights that light the animated instances each frame: the nearest ones to the eyes (static geometry
 * has every light in reach baked into its vertices). */
#define GFX_MAX_LIGHTS 16
/* Instances the per-slot buffer holds before it first has to grow. */
#define GFX_INITIAL_INSTANCES 1024u
/* Framebuffers are made per (color image, depth image) pair; swapchains are small. */
#define GFX_MAX_IMAGES 8u

#define GFX_LOG_VK(call, res) gfx_log_vk_error(__FILE__, __LINE__, (call), (res))
/* Every object gfx makes adds one to gfx->live_objects (`+= res == VK_SUCCESS` after the call) and every destroy
 * goes through GFX_DESTROY, so the count says what is alive (gfx_live_objects). Command buffers and descriptor
 * sets go with their pools and are not counted. */
#define GFX_DESTROY(gfx, fn, handle)                                                                               \
    ((gfx)->live_objects -= (handle) != VK_NULL_HANDLE, fn((gfx)->device, (handle), NULL))

/* The per-frame uniform block, std140, exactly as shaders/mesh.vert declares it. The first two members are
 * written last (late latch) by gfx_frame_set_views; the rest by gfx_frame_record. */
struct gfx_frame_ubo {
    float view_proj[GFX_MAX_VIEWS][16];
    float eye_pos[GFX_MAX_VIEWS][4];
    float sun_dir[4];   /* towards the sun, world space, unit */
    float sun_color[4]; /* linear RGB radiance */
    float sky_color[4];
    float ground_color[4];
    float fog_color[4];
    float params[4]; /* x fog start (m), y fog end (m) */
};

_Static_assert(sizeof(struct gfx_frame_ubo) == 256, "gfx_frame_ubo must match the std140 block in shaders/mesh.*");

/* The frame's lights for the animated instances (CPU only): the GFX_MAX_LIGHTS nearest to the eyes. */
struct gfx_light_set {
    float pos_radius[GFX_MAX_LIGHTS][4];
    float color[GFX_MAX_LIGHTS][3]; /* rgb * intensity */
    uint32_t count;
};
_Static_assert(sizeof(struct scene_instance) == 80, "struct gfx_instance starts with an 80-byte scene_instance");

/* What the instance vertex binding reads: the scene's instance, then the point lights as seen from the
 * instance's origin (summed on the CPU: per vertex they were most of lavapipe's vertex work). */
struct gfx_instance {
    struct scene_instance base;
    float point[4];     /* rgb: radiance from the lights arriving along point_dir; w: the mesh's spin_pitch */
    float point_dir[4]; /* xyz: unit direction the light mostly comes from (world space); w: 1 = take point
                           as it is (the static pipeline's one identity instance), 0 = weigh by the normal */
};
_Static_assert(sizeof(struct gfx_instance) == 112, "the instance vertex binding reads 112-byte gfx_instance");

/* A vertex of the merged static geometry: world space, with its instance's albedo/emissive and the point
 * lights in reach summed at the vertex once at upload (mesh.c). */
struct gfx_static_vertex {
    float pos[3];
    float normal[3]; /* unit, world space */
    float color[4];  /* the scene instance's color: rgb albedo, w emissive */
    float point[4];  /* rgb: radiance from the point lights at this vertex and normal; w unused */
};
_Static_assert(sizeof(struct gfx_static_vertex) == 56, "the static pipeline reads 56-byte vertices");

/* A buffer with its memory; map is non-NULL for persistently mapped host-coherent buffers. */
struct gfx_buffer {
    VkBuffer buffer;
    VkDeviceMemory memory;
    VkDeviceSize size;
    void *map;
};

struct gfx_image {
    VkImage image;
    VkDeviceMemory memory;
};

enum gfx_slot_state { GFX_SLOT_IDLE, GFX_SLOT_BEGUN, GFX_SLOT_RECORDED, GFX_SLOT_SUBMITTED };

/* Everything one frame in flight owns (vkcube style: one struct indexed by frame slot). */
struct gfx_slot {
    VkCommandPool pool;
    VkCommandBuffer cmd;
    VkFence fence;
    struct gfx_buffer instances; /* vertex buffer, per-instance rate, host-coherent, mapped */
    uint32_t instance_capacity;
    struct gfx_buffer frame_ubo; /* struct gfx_frame_ubo, host-coherent, mapped */
    VkDescriptorSet set;
    VkQueryPool queries; /* 2 timestamps: before and after the pass(es) */
    struct gfx_buffer query_results; /* the frame copies the timestamps here (host-coherent, mapped) */
    bool queries_written;
    enum gfx_slot_state state;
    bool views_set;
    uint32_t draws;
    uint64_t triangles;
};

/* Where a mesh kind lives in the shared vertex/index buffers. */
struct gfx_mesh_range {
    int32_t vertex_offset;
    uint32_t first_index;
    uint32_t index_count;
    float spin_pitch; /* > 0: drawn with the spin pipeline (scene_mesh.spin_pitch) */
};

/* Where a static chunk's merged triangles are in gfx->static_indices; its members' triangles follow one
 * another in the scene's order (thinnest first), so detail culling draws a suffix. */
struct gfx_chunk_range {
    uint32_t first_index;
    uint32_t index_count;
    uint32_t first_member; /* into gfx->member_first_index (the scene's static instance index) */
    uint32_t member_count;
};

/* Render target state built by gfx_set_target. */
/* What a target's render pass and pipelines depend on (gfx_set_target reuses them while it stays the same). */
struct gfx_pass_key {
    VkFormat color_format, depth_format;
    VkSampleCountFlagBits samples;
    uint32_t view_count;
    bool native_multiview, resolve_by_copy, external_depth;
};

struct gfx_target {
    bool valid;
    struct gfx_pass_key pass_key; /* what render_pass and the pipelines were made for */
    struct gfx_target_desc desc;
    VkSampleCountFlagBits samples;
    VkFormat depth_format;
    bool external_depth; /* depth images come from the target (XR depth swapchain) */
    bool native_multiview; /* one pass with a view mask; else one pass per view (image set or layer) */
    uint32_t pass_count;   /* 1 native multiview, else view_count */
    uint32_t draw_width, draw_height; /* the rectangle from (0, 0) that frames draw: gfx_set_render_extent */
    bool resolve_by_copy;  /* split + MSAA: vkCmdResolveImage into the layer (llvmpipe ignores a resolve
                              attachment's base layer) */
    uint32_t color_count[GFX_MAX_VIEWS], depth_count[GFX_MAX_VIEWS];
    VkImageView color_views[GFX_MAX_VIEWS][GFX_MAX_IMAGES];
    VkImageView depth_views[GFX_MAX_VIEWS][GFX_MAX_IMAGES];
    struct gfx_image own_depth, msaa_color;
    VkImageView own_depth_view, msaa_color_view;
    /* framebuffers[pass][color * depth_count + depth] */
    VkFramebuffer framebuffers[GFX_MAX_VIEWS][GFX_MAX_IMAGES * GFX_MAX_IMAGES];
    VkRenderPass render_pass;
    VkPipeline pipeline;        /* animated instances: meshes + per-slot instance buffer */
    VkPipeline pipeline_spin;   /* the same for meshes whose parts spin (mesh.vert's spin constant) */
    VkPipeline pipeline_static; /* merged static geometry: per-vertex color and baked lights */
};

struct gfx {
    VkInstance instance;
    VkPhysicalDevice physical_device;
    VkDevice device;
    VkQueue queue;
    uint32_t queue_family;
    VkPhysicalDeviceProperties props;
    VkPhysicalDeviceMemoryProperties mem_props;
    bool timestamps;         /* the queue family writes timestamps */
    uint64_t timestamp_mask; /* valid bits of a timestamp */
    bool split_multiview;    /* draw multiview targets one layer per pass (driver bug, see gfx.h) */

    uint32_t live_objects; /* Vulkan objects made and not yet destroyed (see GFX_DESTROY) */

    char *cache_path; /* NULL: no persisted pipeline cache */
    VkPipelineCache pipeline_cache;
    VkDescriptorSetLayout set_layout;
    VkPipelineLayout pipeline_layout;
    VkDescriptorPool descriptor_pool;
    VkShaderModule vert, frag;

    struct gfx_buffer vertices, indices; /* device-local, all meshes */
    struct gfx_mesh_range *meshes;
    uint32_t mesh_count;
    /* Merged static chunks (device-local): world-space vertices, their indices, and the one identity
     * instance the static pipeline's instance binding reads. */
    struct gfx_buffer static_vertices, static_indices, static_instance;
    struct gfx_chunk_range *chunks;
    uint32_t chunk_count;
    uint32_t *member_first_index; /* per static instance: its first index in static_indices */
    uint32_t member_count;
    struct scene_light *lights;
    uint32_t light_count;
    float light_anchor[3]; /* eye position the light selection is sorted around */

    struct gfx_target target;
    struct gfx_slot slots[GFX_FRAMES_IN_FLIGHT];
    uint64_t frame_number; /* frames begun; slot = frame_number % GFX_FRAMES_IN_FLIGHT */
};

/* device.c */
const char *gfx_vk_result_string(VkResult res);
void gfx_log_vk_error(const char *file, int line, const char *call, VkResult res);
int gfx_find_memory_type(const struct gfx *gfx, uint32_t type_bits, VkMemoryPropertyFlags want,
                         uint32_t *out_index);
int gfx_buffer_create(struct gfx *gfx, VkDeviceSize size, VkBufferUsageFlags usage, bool mapped,
                      struct gfx_buffer *out_buffer);
void gfx_buffer_destroy(struct gfx *gfx, struct gfx_buffer *buffer);
int gfx_image_create(struct gfx *gfx, const VkImageCreateInfo *info, struct gfx_image *out_image);
void gfx_image_destroy(struct gfx *gfx, struct gfx_image *image);
/* Waits for a slot's submitted work; the only GPU wait the frame loop has. */
int gfx_slot_wait(struct gfx *gfx, struct gfx_slot *slot, double *out_wait_ms);

/* frame.c */
int gfx_slots_create(struct gfx *gfx);
void gfx_slots_destroy(struct gfx *gfx);

/* frame.c: the clear color (linear), the fog color, so that the far end of the hall fades into it. */
void gfx_clear_color(float out_rgba[4]);

/* view.c: out = a * b, column-major 4x4 (out may not alias a or b). */
void gfx_mat4_mul(const float a[16], const float b[16], float out[16]);

/* pipeline.c */
/* $XDG_CACHE_HOME/factoryxr/pipeline.cache or ~/.cache/...; *out_path NULL (warning) when neither is set. */
int gfx_pipeline_cache_default_path(char **out_path);
int gfx_pipeline_cache_create(struct gfx *gfx);
void gfx_pipeline_cache_save(struct gfx *gfx);
int gfx_pipeline_layout_create(struct gfx *gfx);
void gfx_pipeline_layout_destroy(struct gfx *gfx);
enum gfx_pipeline_kind {
    GFX_PIPELINE_INSTANCED, /* animated instances of rigid meshes */
    GFX_PIPELINE_SPIN,      /* animated instances of meshes whose parts spin (roller beds) */
    GFX_PIPELINE_STATIC,    /* merged static chunks (struct gfx_static_vertex) */
};
int gfx_pipeline_create(struct gfx *gfx, VkRenderPass pass, VkSampleCountFlagBits samples,
                        enum gfx_pipeline_kind kind, VkPipeline *out_pipeline);

/* pass.c */
void gfx_target_destroy(struct gfx *gfx);
/* 0 when the acquired image indices exist in the current target. */
int gfx_pass_check_indices(const struct gfx *gfx, const uint32_t *color_index, const uint32_t *depth_index);
/* Records every pass of the current target (one multiview pass, or one per view) with the batches. */
void gfx_pass_record(struct gfx *gfx, struct gfx_slot *slot, const struct scene_draw_list *list,
                     const uint32_t *color_index, const uint32_t *depth_index);

/* mesh.c */
void gfx_meshes_destroy(struct gfx *gfx);

/* frame.c: how much of a point light arrives at squared distance d2 (m²): inverse square, windowed to reach
 * zero at the light's radius (no hard edge). The animated instances' lighting and the static geometry's
 * baked lighting both use it. */
float gfx_light_falloff(float d2, float radius);

/* timing.c */
int gfx_timing_create(struct gfx *gfx, struct gfx_slot *slot);
void gfx_timing_destroy(struct gfx *gfx, struct gfx_slot *slot);
void gfx_timing_begin(struct gfx *gfx, struct gfx_slot *slot);
void gfx_timing_end(struct gfx *gfx, struct gfx_slot *slot);
/* GPU milliseconds of the slot's last completed frame, or -1 when unknown. Call after its fence. */
double gfx_timing_read(struct gfx *gfx, struct gfx_slot *slot);

#endif
