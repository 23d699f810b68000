/* Private state shared by mockxr's Vulkan code: graphics/ (binding, swapchains) and compositor/ (read-back). */
#ifndef MOCKXR_VK_PRIVATE_H
#define MOCKXR_VK_PRIVATE_H

#include "mx_vk.h" /* first: it selects the Vulkan platform of openxr_platform.h */
#include "mockxr_internal.h"

/* Swapchains hold 3 images (1 when static): enough for a pipelined app, as on real runtimes. */
#define MX_VK_IMAGES 3
#define MX_VK_MAX_FORMATS 8
/* How long the runtime itself waits for the GPU (capture, teardown) before giving up with an error
 * instead of hanging forever on an app that never lets its queue progress. */
#define MX_VK_GPU_TIMEOUT_NS 10000000000ull

/* Per XrInstance (instance->vk). */
struct mx_vk_instance {
    bool requirements_queried;     /* xrGetVulkanGraphicsRequirements(2)KHR succeeded */
    PFN_vkGetInstanceProcAddr gipa; /* from xrCreateVulkanInstanceKHR, else the loader's */
    VkInstance vk_instance;        /* the last one handed to xrGetVulkanGraphicsDevice(2)KHR */
    VkPhysicalDevice physical_device; /* what that call returned */
};

/* Vulkan entry points the runtime uses, resolved from the app's instance and device. */
struct mx_vk_fns {
    PFN_vkGetPhysicalDeviceProperties GetPhysicalDeviceProperties;
    PFN_vkGetPhysicalDeviceFormatProperties GetPhysicalDeviceFormatProperties;
    PFN_vkGetPhysicalDeviceImageFormatProperties GetPhysicalDeviceImageFormatProperties;
    PFN_vkGetPhysicalDeviceMemoryProperties GetPhysicalDeviceMemoryProperties;
    PFN_vkGetPhysicalDeviceQueueFamilyProperties GetPhysicalDeviceQueueFamilyProperties;
    PFN_vkGetDeviceProcAddr GetDeviceProcAddr;
    PFN_vkGetDeviceQueue GetDeviceQueue;
    PFN_vkCreateImage CreateImage;
    PFN_vkDestroyImage DestroyImage;
    PFN_vkGetImageMemoryRequirements GetImageMemoryRequirements;
    PFN_vkCreateBuffer CreateBuffer;
    PFN_vkDestroyBuffer DestroyBuffer;
    PFN_vkGetBufferMemoryRequirements GetBufferMemoryRequirements;
    PFN_vkAllocateMemory AllocateMemory;
    PFN_vkFreeMemory FreeMemory;
    PFN_vkBindImageMemory BindImageMemory;
    PFN_vkBindBufferMemory BindBufferMemory;
    PFN_vkMapMemory MapMemory;
    PFN_vkUnmapMemory UnmapMemory;
    PFN_vkInvalidateMappedMemoryRanges InvalidateMappedMemoryRanges;
    PFN_vkCreateCommandPool CreateCommandPool;
    PFN_vkDestroyCommandPool DestroyCommandPool;
    PFN_vkAllocateCommandBuffers AllocateCommandBuffers;
    PFN_vkFreeCommandBuffers FreeCommandBuffers;
    PFN_vkBeginCommandBuffer BeginCommandBuffer;
    PFN_vkEndCommandBuffer EndCommandBuffer;
    PFN_vkCmdPipelineBarrier CmdPipelineBarrier;
    PFN_vkCmdCopyImageToBuffer CmdCopyImageToBuffer;
    PFN_vkQueueSubmit QueueSubmit;
    PFN_vkCreateFence CreateFence;
    PFN_vkDestroyFence DestroyFence;
    PFN_vkResetFences ResetFences;
    PFN_vkWaitForFences WaitForFences;
};

struct mx_vk_swapchain;
struct mx_vk_watch;

/* Per XrSession with a Vulkan binding (session->vk). */
struct mx_vk_session {
    VkInstance instance;
    VkPhysicalDevice physical_device;
    VkDevice device;
    uint32_t queue_family, queue_index;
    VkQueue queue; /* only touched in xrAcquireSwapchainImage and xrEndFrame, as the binding spec allows */
    struct mx_vk_fns fn;
    VkPhysicalDeviceMemoryProperties memory;
    VkCommandPool pool;
    int64_t formats[MX_VK_MAX_FORMATS]; /* supported, in preference order */
    uint32_t format_count;
    struct mx_vk_swapchain *swapchains;
    struct mx_vk_watch *watch; /* gpu_watch.c: GPU completion of each frame, NULL until the first xrEndFrame */
    bool watch_failed;         /* a watch could not be set up or a signal failed: no more tries */
};

struct mx_vk_image {
    VkImage image;
    VkDeviceMemory memory;
    VkCommandBuffer cmd;  /* the initial layout transition */
    VkFence fence;        /* signalled when that transition is done */
    bool fence_pending;   /* submitted, not yet seen signalled */
    bool transitioned;    /* left VK_IMAGE_LAYOUT_UNDEFINED */
};

/* Per XrSwapchain (swapchain->vk). Images cycle in a fixed order; acquired ones queue in `acquired`
 * (oldest first); only the oldest can be waited on, and it must be released before the next wait. */
struct mx_vk_swapchain {
    struct mx_swapchain *common;
    struct mx_vk_swapchain *next; /* in the session's list */
    VkFormat format;
    VkImageAspectFlags aspect;
    bool depth;
    uint32_t layer_count;
    struct mx_vk_image images[MX_VK_IMAGES];
    uint32_t acquired[MX_VK_IMAGES];
    uint32_t acquired_count;
    bool head_waited;     /* acquired[0] was successfully waited on */
    bool waiting;         /* a thread is blocked in xrWaitSwapchainImage */
    bool orphaned;        /* its session went away during that wait: the waiter frees it */
    uint32_t next_index;
    uint32_t acquire_total;
    int64_t last_released; /* image index, -1 before the first release */
};

/* ---- vk_device.c: Vulkan helpers ---- */
const char *mx_vk_result_str(VkResult r);
/* Logs a failed Vulkan call made by the runtime and turns it into XR_ERROR_RUNTIME_FAILURE. */
XrResult mx_vk_fail(const char *func, const char *call, VkResult vr);
PFN_vkGetInstanceProcAddr mx_vk_gipa(const struct mx_instance *i, VkInstance vk_instance);
/* Resolves the instance- and device-level entry points; false (logged) when one is missing. */
bool mx_vk_load(struct mx_vk_fns *fn, PFN_vkGetInstanceProcAddr gipa, VkInstance instance, VkDevice device,
                const char *func);
/* Index of a memory type allowed by `bits` with `props`, or -1. */
int mx_vk_memory_type(const VkPhysicalDeviceMemoryProperties *m, uint32_t bits, VkMemoryPropertyFlags props);
/* The physical device mockxr uses for `vk_instance` (MOCKXR_VK_DEVICE, else the best GPU); out_name
 * (VK_MAX_PHYSICAL_DEVICE_NAME_SIZE bytes) may be NULL. */
XrResult mx_vk_pick_device(struct mx_instance *i, PFN_vkGetInstanceProcAddr gipa, VkInstance vk_instance,
                           const char *func, VkPhysicalDevice *out, char *out_name);
/* One-shot command buffer on the session's queue, waited with MX_VK_GPU_TIMEOUT_NS. */
XrResult mx_vk_begin_once(struct mx_vk_session *vs, const char *func, VkCommandBuffer *out_cmd);
XrResult mx_vk_submit_once(struct mx_vk_session *vs, const char *func, VkCommandBuffer cmd);

/* ---- gpu_watch.c ---- */
/* Stops the watcher (after draining pending fences for a bounded time; lock held exactly once, released
 * while it drains) and frees its fences. Tolerates none. */
void mx_vk_watch_stop(struct mx_vk_session *vs);

/* ---- vulkan.c ---- */
struct mx_vk_instance *mx_vk_instance_data(struct mx_instance *i, const char *func, XrResult *out_r);

/* ---- vk_formats.c ---- */
bool mx_vk_format_is_depth(VkFormat f);
VkImageAspectFlags mx_vk_format_aspect(VkFormat f);
const char *mx_vk_format_name(int64_t f);
/* Fills vs->formats with the formats the device supports for swapchain use, in preference order. */
void mx_vk_formats_init(struct mx_vk_session *vs);
bool mx_vk_format_listed(const struct mx_vk_session *vs, int64_t f);
/* XR_SWAPCHAIN_USAGE_* → VK_IMAGE_USAGE_* / VK_IMAGE_CREATE_*; false for unknown bits. */
bool mx_vk_usage(XrSwapchainUsageFlags xr, VkImageUsageFlags *out_usage, VkImageCreateFlags *out_flags);

/* ---- swapchain.c ---- */
PFN_xrVoidFunction mx_vk_swapchain_proc(const char *name);
void mx_vk_swapchain_free(struct mx_vk_session *vs, struct mx_vk_swapchain *vsc);

/* ---- swapchain_sync.c: acquire / wait / release ---- */
PFN_xrVoidFunction mx_vk_swapchain_sync_proc(const char *name);

/* ---- compositor/readback.c ---- */
/* Converts `count` texels of format f to 8-bit RGBA (sRGB bytes kept, UNORM as is, RGBA16F clamped and
 * sRGB-encoded, BGRA swizzled); false for formats capture does not handle. */
bool mx_vk_texels_to_rgba8(VkFormat f, const void *src, size_t count, uint8_t *dst);

#endif
