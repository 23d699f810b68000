/* The renderer's lifetime on a device someone else created (the XR runtime): requirements, create/destroy,
 * memory helpers and error text. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "gfx_internal.h"

/* Long enough for a slow software frame; a fence that takes longer means a lost or hung device. */
#define GFX_FENCE_TIMEOUT_NS 10000000000ull

const char *gfx_vk_result_string(VkResult res)
{
    switch (res) {
#define GFX_RES(r) \
    case r: return #r;
        GFX_RES(VK_SUCCESS)
        GFX_RES(VK_NOT_READY)
        GFX_RES(VK_TIMEOUT)
        GFX_RES(VK_EVENT_SET)
        GFX_RES(VK_EVENT_RESET)
        GFX_RES(VK_INCOMPLETE)
        GFX_RES(VK_ERROR_OUT_OF_HOST_MEMORY)
        GFX_RES(VK_ERROR_OUT_OF_DEVICE_MEMORY)
        GFX_RES(VK_ERROR_INITIALIZATION_FAILED)
        GFX_RES(VK_ERROR_DEVICE_LOST)
        GFX_RES(VK_ERROR_MEMORY_MAP_FAILED)
        GFX_RES(VK_ERROR_LAYER_NOT_PRESENT)
        GFX_RES(VK_ERROR_EXTENSION_NOT_PRESENT)
        GFX_RES(VK_ERROR_FEATURE_NOT_PRESENT)
        GFX_RES(VK_ERROR_INCOMPATIBLE_DRIVER)
        GFX_RES(VK_ERROR_TOO_MANY_OBJECTS)
        GFX_RES(VK_ERROR_FORMAT_NOT_SUPPORTED)
        GFX_RES(VK_ERROR_FRAGMENTED_POOL)
        GFX_RES(VK_ERROR_UNKNOWN)
        GFX_RES(VK_ERROR_OUT_OF_POOL_MEMORY)
        GFX_RES(VK_ERROR_INVALID_EXTERNAL_HANDLE)
        GFX_RES(VK_ERROR_FRAGMENTATION)
        GFX_RES(VK_PIPELINE_COMPILE_REQUIRED)
#undef GFX_RES
    default: return "VK_RESULT_UNKNOWN";
    }
}

void gfx_log_vk_error(const char *file, int line, const char *call, VkResult res)
{
    fprintf(stderr, "gfx: %s failed: %s (%d) [%s:%d]\n", call, gfx_vk_result_string(res), (int)res, file,
            line);
}

static const char *const gfx_no_extensions[1] = {NULL};

const char *const *gfx_required_device_extensions(uint32_t *out_count)
{
    *out_count = 0;
    return gfx_no_extensions;
}

void gfx_required_device_features(VkPhysicalDeviceMultiviewFeatures *inout_features)
{
    inout_features->multiview = VK_TRUE;
}

int gfx_check_physical_device(VkPhysicalDevice physical_device)
{
    VkPhysicalDeviceProperties props;
    vkGetPhysicalDeviceProperties(physical_device, &props);
    if (props.apiVersion < GFX_VULKAN_API_VERSION) {
        fprintf(stderr, "gfx: device '%s' supports Vulkan %u.%u; gfx needs 1.1 (multiview)\n", props.deviceName,
                VK_API_VERSION_MAJOR(props.apiVersion), VK_API_VERSION_MINOR(props.apiVersion));
        return -1;
    }
    VkPhysicalDeviceMultiviewFeatures multiview = {.sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_MULTIVIEW_FEATURES};
    VkPhysicalDeviceFeatures2 features = {.sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_FEATURES_2,
                                          .pNext = &multiview};
    vkGetPhysicalDeviceFeatures2(physical_device, &features);
    if (!multiview.multiview) {
        fprintf(stderr, "gfx: device '%s' has no multiview support\n", props.deviceName);
        return -1;
    }
    return 0;
}

static bool gfx_has_memory_type(const struct gfx *gfx, uint32_t type_bits, VkMemoryPropertyFlags want,
                                uint32_t *out_index)
{
    for (uint32_t i = 0; i < gfx->mem_props.memoryTypeCount; i++) {
        if ((type_bits & (1u << i)) && (gfx->mem_props.memoryTypes[i].propertyFlags & want) == want) {
            *out_index = i;
            return true;
        }
    }
    return false;
}

int gfx_find_memory_type(const struct gfx *gfx, uint32_t type_bits, VkMemoryPropertyFlags want,
                         uint32_t *out_index)
{
    if (gfx_has_memory_type(gfx, type_bits, want, out_index))
        return 0;
    fprintf(stderr, "gfx: no memory type with properties 0x%x in mask 0x%x\n", (unsigned)want, type_bits);
    return -1;
}

static int gfx_bind_new_memory(struct gfx *gfx, VkMemoryRequirements req, VkMemoryPropertyFlags want,
                               VkDeviceMemory *out_memory)
{
    uint32_t type;
    if (gfx_find_memory_type(gfx, req.memoryTypeBits, want, &type) != 0)
        return -1;
    VkMemoryAllocateInfo alloc = {.sType = VK_STRUCTURE_TYPE_MEMORY_ALLOCATE_INFO,
                                  .allocationSize = req.size,
                                  .memoryTypeIndex = type};
    VkResult res = vkAllocateMemory(gfx->device, &alloc, NULL, out_memory);
    gfx->live_objects += res == VK_SUCCESS;
    if (res != VK_SUCCESS) {
        GFX_LOG_VK("vkAllocateMemory", res);
        return -1;
    }
    return 0;
}

/* mapped: host-visible + coherent and persistently mapped (per-frame data); else device-local. */
int gfx_buffer_create(struct gfx *gfx, VkDeviceSize size, VkBufferUsageFlags usage, bool mapped,
                      struct gfx_buffer *out_buffer)
{
    memset(out_buffer, 0, sizeof *out_buffer);
    VkBufferCreateInfo info = {.sType = VK_STRUCTURE_TYPE_BUFFER_CREATE_INFO,
                               .size = size,
                               .usage = usage,
                               .sharingMode = VK_SHARING_MODE_EXCLUSIVE};
    VkResult res = vkCreateBuffer(gfx->device, &info, NULL, &out_buffer->buffer);
    gfx->live_objects += res == VK_SUCCESS;
    if (res != VK_SUCCESS) {
        GFX_LOG_VK("vkCreateBuffer", res);
        return -1;
    }
    out_buffer->size = size;
    VkMemoryRequirements req;
    vkGetBufferMemoryRequirements(gfx->device, out_buffer->buffer, &req);
    VkMemoryPropertyFlags want = mapped ? VK_MEMORY_PROPERTY_HOST_VISIBLE_BIT | VK_MEMORY_PROPERTY_HOST_COHERENT_BIT
                                        : VK_MEMORY_PROPERTY_DEVICE_LOCAL_BIT;
    if (gfx_bind_new_memory(gfx, req, want, &out_buffer->memory) != 0)
        goto fail;
    res = vkBindBufferMemory(gfx->device, out_buffer->buffer, out_buffer->memory, 0);
    if (res != VK_SUCCESS) {
        GFX_LOG_VK("vkBindBufferMemory", res);
        goto fail;
    }
    if (mapped) {
        res = vkMapMemory(gfx->device, out_buffer->memory, 0, VK_WHOLE_SIZE, 0, &out_buffer->map);
        if (res != VK_SUCCESS) {
            GFX_LOG_VK("vkMapMemory", res);
            goto fail;
        }
    }
    return 0;
fail:
    gfx_buffer_destroy(gfx, out_buffer);
    return -1;
}

void gfx_buffer_destroy(struct gfx *gfx, struct gfx_buffer *buffer)
{
    if (buffer->map)
        vkUnmapMemory(gfx->device, buffer->memory);
    GFX_DESTROY(gfx, vkDestroyBuffer, buffer->buffer);
    GFX_DESTROY(gfx, vkFreeMemory, buffer->memory);
    memset(buffer, 0, sizeof *buffer);
}

/* Device-local image; transient attachments get lazily allocated memory when the device offers it. */
int gfx_image_create(struct gfx *gfx, const VkImageCreateInfo *info, struct gfx_image *out_image)
{
    memset(out_image, 0, sizeof *out_image);
    VkResult res = vkCreateImage(gfx->device, info, NULL, &out_image->image);
    gfx->live_objects += res == VK_SUCCESS;
    if (res != VK_SUCCESS) {
        GFX_LOG_VK("vkCreateImage", res);
        return -1;
    }
    VkMemoryRequirements req;
    vkGetImageMemoryRequirements(gfx->device, out_image->image, &req);
    VkMemoryPropertyFlags want = VK_MEMORY_PROPERTY_DEVICE_LOCAL_BIT;
    uint32_t lazy;
    if ((info->usage & VK_IMAGE_USAGE_TRANSIENT_ATTACHMENT_BIT) &&
        gfx_has_memory_type(gfx, req.memoryTypeBits, want | VK_MEMORY_PROPERTY_LAZILY_ALLOCATED_BIT, &lazy))
        want |= VK_MEMORY_PROPERTY_LAZILY_ALLOCATED_BIT;
    if (gfx_bind_new_memory(gfx, req, want, &out_image->memory) != 0)
        goto fail;
    res = vkBindImageMemory(gfx->device, out_image->image, out_image->memory, 0);
    if (res != VK_SUCCESS) {
        GFX_LOG_VK("vkBindImageMemory", res);
        goto fail;
    }
    return 0;
fail:
    gfx_image_destroy(gfx, out_image);
    return -1;
}

void gfx_image_destroy(struct gfx *gfx, struct gfx_image *image)
{
    GFX_DESTROY(gfx, vkDestroyImage, image->image);
    GFX_DESTROY(gfx, vkFreeMemory, image->memory);
    memset(image, 0, sizeof *image);
}

static double gfx_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec * 1e-6;
}

int gfx_slot_wait(struct gfx *gfx, struct gfx_slot *slot, double *out_wait_ms)
{
    double start = gfx_now_ms();
    if (slot->state == GFX_SLOT_SUBMITTED) {
        VkResult res = vkWaitForFences(gfx->device, 1, &slot->fence, VK_TRUE, GFX_FENCE_TIMEOUT_NS);
        if (res != VK_SUCCESS) {
            GFX_LOG_VK("vkWaitForFences", res);
            return -1;
        }
        slot->state = GFX_SLOT_IDLE;
    }
    if (out_wait_ms)
        *out_wait_ms = gfx_now_ms() - start;
    return 0;
}

/* Mesa's llvmpipe (22.3, Debian 12) mishandles primitives that need clipping in a multiview pass: walking
 * through the 16-line hall (mockxr --head walk, frames 16-18) the native pass shades the clipped side wall
 * of BOTH eyes 5-11 levels off the per-view and split images, which agree exactly. Splitting costs
 * nothing there: lavapipe does the work once per view in a multiview pass too (native vs split 1.0x). */
static bool gfx_driver_is_llvmpipe(const struct gfx *gfx)
{
    if (gfx->props.apiVersion < VK_API_VERSION_1_2)
        return false;
    VkPhysicalDeviceDriverProperties driver = {.sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_DRIVER_PROPERTIES};
    VkPhysicalDeviceProperties2 props = {.sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_PROPERTIES_2, .pNext = &driver};
    vkGetPhysicalDeviceProperties2(gfx->physical_device, &props);
    return driver.driverID == VK_DRIVER_ID_MESA_LLVMPIPE;
}

/* llvmpipe mallocs and frees its vertex and bin buffers for every draw on its own threads; glibc gives
 * freed memory at the top of a thread's heap back to the kernel as soon as it exceeds 128 KiB, so every
 * draw page-faulted its buffers in again (a quarter of lavapipe's time, ~5x the vertex cost of the
 * default scene, measured with perf). Keeping up to 64 MiB of freed top-of-heap memory ends that. A
 * process-wide setting: applied only on llvmpipe, and only when the user has not tuned glibc's malloc
 * through its environment variables. */
static void gfx_tune_allocator_for_llvmpipe(void)
{
#ifdef __GLIBC__
    if (getenv("MALLOC_TRIM_THRESHOLD_") || getenv("MALLOC_TOP_PAD_") || getenv("MALLOC_MMAP_THRESHOLD_"))
        return;
    if (mallopt(M_TRIM_THRESHOLD, 64 << 20) != 1 || mallopt(M_MMAP_THRESHOLD, 32 << 20) != 1)
        fprintf(stderr, "gfx: warning: mallopt failed; lavapipe will page-fault more\n");
#endif
}

static int gfx_query_device(struct gfx *gfx, const struct gfx_device_desc *desc)
{
    if (gfx_check_physical_device(desc->physical_device) != 0)
        return -1;
    vkGetPhysicalDeviceProperties(desc->physical_device, &gfx->props);
    vkGetPhysicalDeviceMemoryProperties(desc->physical_device, &gfx->mem_props);
    uint32_t family_count = 0;
    vkGetPhysicalDeviceQueueFamilyProperties(desc->physical_device, &family_count, NULL);
    VkQueueFamilyProperties *families = calloc(family_count ? family_count : 1, sizeof *families);
    if (!families) {
        fprintf(stderr, "gfx: out of memory\n");
        return -1;
    }
    vkGetPhysicalDeviceQueueFamilyProperties(desc->physical_device, &family_count, families);
    int rc = -1;
    if (desc->queue_family >= family_count || desc->queue_index >= families[desc->queue_family].queueCount) {
        fprintf(stderr, "gfx: queue family %u index %u does not exist on this device\n", desc->queue_family,
                desc->queue_index);
    } else if (!(families[desc->queue_family].queueFlags & VK_QUEUE_GRAPHICS_BIT)) {
        fprintf(stderr, "gfx: queue family %u has no graphics support\n", desc->queue_family);
    } else {
        uint32_t bits = families[desc->queue_family].timestampValidBits;
        gfx->timestamps = bits > 0 && gfx->props.limits.timestampPeriod > 0.0f;
        gfx->timestamp_mask = bits >= 64 ? UINT64_MAX : ((uint64_t)1 << bits) - 1;
        if (!gfx->timestamps)
            fprintf(stderr, "gfx: warning: queue family %u has no timestamps; GPU time is unknown\n",
                    desc->queue_family);
        rc = 0;
    }
    free(families);
    return rc;
}

int gfx_create(const struct gfx_device_desc *desc, struct gfx **out_gfx)
{
    *out_gfx = NULL;
    if (!desc || !desc->instance || !desc->physical_device || !desc->device) {
        fprintf(stderr, "gfx: gfx_create needs an instance, a physical device and a device\n");
        return -1;
    }
    struct gfx *gfx = calloc(1, sizeof *gfx);
    if (!gfx) {
        fprintf(stderr, "gfx: out of memory\n");
        return -1;
    }
    /* gfx calls the Vulkan loader it links; a different dispatch entry means a device gfx cannot reach. */
    if (desc->get_instance_proc_addr && desc->get_instance_proc_addr != vkGetInstanceProcAddr)
        fprintf(stderr, "gfx: warning: get_instance_proc_addr is not the loader's; gfx uses the loader's "
                        "entry points for this device\n");
    gfx->instance = desc->instance;
    gfx->physical_device = desc->physical_device;
    gfx->device = desc->device;
    gfx->queue_family = desc->queue_family;
    if (gfx_query_device(gfx, desc) != 0) {
        free(gfx);
        return -1;
    }
    vkGetDeviceQueue(gfx->device, desc->queue_family, desc->queue_index, &gfx->queue);
    bool llvmpipe = gfx_driver_is_llvmpipe(gfx);
    gfx->split_multiview = !desc->force_native_multiview && llvmpipe;
    if (llvmpipe)
        gfx_tune_allocator_for_llvmpipe();
    gfx->light_anchor[1] = 1.7f; /* eye height until the first views arrive */
    if (desc->pipeline_cache_path) {
        if (desc->pipeline_cache_path[0] && !(gfx->cache_path = strdup(desc->pipeline_cache_path))) {
            fprintf(stderr, "gfx: out of memory\n");
            gfx_destroy(&gfx);
            return -1;
        }
    } else if (gfx_pipeline_cache_default_path(&gfx->cache_path) != 0) {
        gfx_destroy(&gfx);
        return -1;
    }
    if (gfx_pipeline_cache_create(gfx) != 0 || gfx_pipeline_layout_create(gfx) != 0 || gfx_slots_create(gfx) != 0) {
        gfx_destroy(&gfx);
        return -1;
    }
    *out_gfx = gfx;
    return 0;
}

uint32_t gfx_live_objects(const struct gfx *gfx)
{
    return gfx->live_objects;
}

void gfx_destroy(struct gfx **gfx_ptr)
{
    if (!gfx_ptr || !*gfx_ptr)
        return;
    struct gfx *gfx = *gfx_ptr;
    /* Shutdown only: every slot, upload and target must be finished before anything is freed. */
    VkResult res = vkDeviceWaitIdle(gfx->device);
    if (res != VK_SUCCESS)
        GFX_LOG_VK("vkDeviceWaitIdle", res);
    gfx_slots_destroy(gfx);
    gfx_target_destroy(gfx);
    gfx_meshes_destroy(gfx);
    gfx_pipeline_layout_destroy(gfx);
    gfx_pipeline_cache_save(gfx);
    GFX_DESTROY(gfx, vkDestroyPipelineCache, gfx->pipeline_cache);
    if (gfx->live_objects != 0)
        fprintf(stderr, "gfx: %" PRIu32 " Vulkan objects were not destroyed (a leak in gfx)\n", gfx->live_objects);
    free(gfx->cache_path);
    free(gfx);
    *gfx_ptr = NULL;
}
