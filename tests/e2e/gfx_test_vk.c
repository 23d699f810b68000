/* Vulkan scaffolding for the renderer's offscreen test and benchmark (see gfx_test_vk.h). */
#include <dlfcn.h>
#include <link.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gfx_test_vk.h"

#define GVK_CHECK(call)                                                                   \
    do {                                                                                  \
        VkResult gvk_res_ = (call);                                                       \
        if (gvk_res_ != VK_SUCCESS) {                                                     \
            fprintf(stderr, "gvk: %s failed: VkResult %d (line %d)\n", #call, (int)gvk_res_, \
                    __LINE__);                                                            \
            return -1;                                                                    \
        }                                                                                 \
    } while (0)

static VKAPI_ATTR VkBool32 VKAPI_CALL gvk_on_message(VkDebugUtilsMessageSeverityFlagBitsEXT severity,
                                                     VkDebugUtilsMessageTypeFlagsEXT type,
                                                     const VkDebugUtilsMessengerCallbackDataEXT *data, void *user)
{
    struct gvk *vk = user;
    bool validation = type & VK_DEBUG_UTILS_MESSAGE_TYPE_VALIDATION_BIT_EXT;
    bool bad = severity >= VK_DEBUG_UTILS_MESSAGE_SEVERITY_WARNING_BIT_EXT;
    if (validation && bad) {
        vk->validation_messages++;
        fprintf(stderr, "Validation %s: %s\n",
                severity >= VK_DEBUG_UTILS_MESSAGE_SEVERITY_ERROR_BIT_EXT ? "Error" : "Warning", data->pMessage);
    } else if (bad) {
        fprintf(stderr, "vulkan: %s\n", data->pMessage);
    }
    return VK_FALSE;
}

static bool gvk_has_instance_extension(const char *name)
{
    uint32_t count = 0;
    if (vkEnumerateInstanceExtensionProperties(NULL, &count, NULL) != VK_SUCCESS)
        return false;
    VkExtensionProperties *props = calloc(count ? count : 1, sizeof *props);
    bool found = false;
    if (props && vkEnumerateInstanceExtensionProperties(NULL, &count, props) == VK_SUCCESS) {
        for (uint32_t i = 0; i < count && !found; i++)
            found = strcmp(props[i].extensionName, name) == 0;
    }
    free(props);
    return found;
}

static int gvk_instance(struct gvk *vk)
{
    bool debug = gvk_has_instance_extension(VK_EXT_DEBUG_UTILS_EXTENSION_NAME);
    const char *ext = VK_EXT_DEBUG_UTILS_EXTENSION_NAME;
    VkDebugUtilsMessengerCreateInfoEXT messenger = {
        .sType = VK_STRUCTURE_TYPE_DEBUG_UTILS_MESSENGER_CREATE_INFO_EXT,
        .messageSeverity = VK_DEBUG_UTILS_MESSAGE_SEVERITY_WARNING_BIT_EXT |
                           VK_DEBUG_UTILS_MESSAGE_SEVERITY_ERROR_BIT_EXT,
        .messageType = VK_DEBUG_UTILS_MESSAGE_TYPE_GENERAL_BIT_EXT | VK_DEBUG_UTILS_MESSAGE_TYPE_VALIDATION_BIT_EXT |
                       VK_DEBUG_UTILS_MESSAGE_TYPE_PERFORMANCE_BIT_EXT,
        .pfnUserCallback = gvk_on_message,
        .pUserData = vk};
    VkApplicationInfo app = {.sType = VK_STRUCTURE_TYPE_APPLICATION_INFO, .pApplicationName = "gfx_offscreen",
                             .apiVersion = GFX_VULKAN_API_VERSION};
    VkInstanceCreateInfo info = {.sType = VK_STRUCTURE_TYPE_INSTANCE_CREATE_INFO,
                                 .pNext = debug ? &messenger : NULL, /* also covers create/destroy */
                                 .pApplicationInfo = &app,
                                 .enabledExtensionCount = debug ? 1 : 0,
                                 .ppEnabledExtensionNames = &ext};
    GVK_CHECK(vkCreateInstance(&info, NULL, &vk->instance));
    if (debug) {
        PFN_vkCreateDebugUtilsMessengerEXT create =
            (PFN_vkCreateDebugUtilsMessengerEXT)vkGetInstanceProcAddr(vk->instance, "vkCreateDebugUtilsMessengerEXT");
        if (create)
            GVK_CHECK(create(vk->instance, &messenger, NULL, &vk->messenger));
    }
    return 0;
}

static int gvk_pick_device(struct gvk *vk)
{
    uint32_t count = 0;
    GVK_CHECK(vkEnumeratePhysicalDevices(vk->instance, &count, NULL));
    VkPhysicalDevice devices[8];
    count = count > 8 ? 8 : count;
    VkResult res = vkEnumeratePhysicalDevices(vk->instance, &count, devices);
    if (res != VK_SUCCESS && res != VK_INCOMPLETE) {
        fprintf(stderr, "gvk: vkEnumeratePhysicalDevices failed: %d\n", (int)res);
        return -1;
    }
    for (uint32_t d = 0; d < count; d++) {
        if (gfx_check_physical_device(devices[d]) != 0)
            continue;
        uint32_t families = 0;
        vkGetPhysicalDeviceQueueFamilyProperties(devices[d], &families, NULL);
        VkQueueFamilyProperties props[16];
        families = families > 16 ? 16 : families;
        vkGetPhysicalDeviceQueueFamilyProperties(devices[d], &families, props);
        for (uint32_t f = 0; f < families; f++) {
            if (props[f].queueFlags & VK_QUEUE_GRAPHICS_BIT) {
                vk->physical_device = devices[d];
                vk->queue_family = f;
                return 0;
            }
        }
    }
    fprintf(stderr, "gvk: no Vulkan 1.1 device with multiview and a graphics queue (is VK_ICD_FILENAMES set?)\n");
    return -1;
}

static int gvk_device(struct gvk *vk)
{
    float priority = 1.0f;
    VkDeviceQueueCreateInfo queue = {.sType = VK_STRUCTURE_TYPE_DEVICE_QUEUE_CREATE_INFO,
                                     .queueFamilyIndex = vk->queue_family, .queueCount = 1,
                                     .pQueuePriorities = &priority};
    VkPhysicalDeviceMultiviewFeatures multiview = {.sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_MULTIVIEW_FEATURES};
    gfx_required_device_features(&multiview);
    uint32_t ext_count = 0;
    const char *const *exts = gfx_required_device_extensions(&ext_count);
    VkDeviceCreateInfo info = {.sType = VK_STRUCTURE_TYPE_DEVICE_CREATE_INFO, .pNext = &multiview,
                               .queueCreateInfoCount = 1, .pQueueCreateInfos = &queue,
                               .enabledExtensionCount = ext_count, .ppEnabledExtensionNames = exts};
    GVK_CHECK(vkCreateDevice(vk->physical_device, &info, NULL, &vk->device));
    vkGetDeviceQueue(vk->device, vk->queue_family, 0, &vk->queue);
    VkCommandPoolCreateInfo pool = {.sType = VK_STRUCTURE_TYPE_COMMAND_POOL_CREATE_INFO,
                                    .flags = VK_COMMAND_POOL_CREATE_RESET_COMMAND_BUFFER_BIT,
                                    .queueFamilyIndex = vk->queue_family};
    GVK_CHECK(vkCreateCommandPool(vk->device, &pool, NULL, &vk->pool));
    vkGetPhysicalDeviceMemoryProperties(vk->physical_device, &vk->mem_props);
    return 0;
}

static int gvk_pin_object(struct dl_phdr_info *info, size_t size, void *data)
{
    if (info->dlpi_name && info->dlpi_name[0])
        dlopen(info->dlpi_name, RTLD_NOW | RTLD_NOLOAD | RTLD_NODELETE); /* no new reference to drop */
    return 0;
}

/* The loader unloads the driver and layers at vkDestroyInstance; their globals then vanish from
 * LeakSanitizer's roots and what they still point to reads as leaked. Keeping every loaded object
 * mapped makes ASan runs report only real leaks. */
static void gvk_pin_loaded_objects(void)
{
    dl_iterate_phdr(gvk_pin_object, NULL);
}

int gvk_create(struct gvk *out)
{
    memset(out, 0, sizeof *out);
    if (gvk_instance(out) != 0 || gvk_pick_device(out) != 0 || gvk_device(out) != 0) {
        gvk_destroy(out);
        return -1;
    }
    gvk_pin_loaded_objects();
    return 0;
}

void gvk_destroy(struct gvk *vk)
{
    if (vk->device) {
        vkDestroyCommandPool(vk->device, vk->pool, NULL);
        vkDestroyDevice(vk->device, NULL);
    }
    if (vk->messenger) {
        PFN_vkDestroyDebugUtilsMessengerEXT destroy = (PFN_vkDestroyDebugUtilsMessengerEXT)vkGetInstanceProcAddr(
            vk->instance, "vkDestroyDebugUtilsMessengerEXT");
        if (destroy)
            destroy(vk->instance, vk->messenger, NULL);
    }
    if (vk->instance)
        vkDestroyInstance(vk->instance, NULL);
    uint32_t messages = vk->validation_messages;
    memset(vk, 0, sizeof *vk);
    vk->validation_messages = messages;
}

struct gfx_device_desc gvk_device_desc(const struct gvk *vk, const char *cache_path)
{
    return (struct gfx_device_desc){.instance = vk->instance, .physical_device = vk->physical_device,
                                     .device = vk->device, .queue_family = vk->queue_family, .queue_index = 0,
                                     .pipeline_cache_path = cache_path};
}

static int gvk_memory_type(const struct gvk *vk, uint32_t bits, VkMemoryPropertyFlags want, uint32_t *out)
{
    for (uint32_t i = 0; i < vk->mem_props.memoryTypeCount; i++) {
        if ((bits & (1u << i)) && (vk->mem_props.memoryTypes[i].propertyFlags & want) == want) {
            *out = i;
            return 0;
        }
    }
    fprintf(stderr, "gvk: no suitable memory type\n");
    return -1;
}

/* Runs one command buffer to completion (test scaffolding: waiting here is the point). */
static int gvk_submit_wait(struct gvk *vk, VkCommandBuffer cmd)
{
    VkFenceCreateInfo fence_info = {.sType = VK_STRUCTURE_TYPE_FENCE_CREATE_INFO};
    VkFence fence;
    GVK_CHECK(vkEndCommandBuffer(cmd));
    GVK_CHECK(vkCreateFence(vk->device, &fence_info, NULL, &fence));
    VkSubmitInfo submit = {.sType = VK_STRUCTURE_TYPE_SUBMIT_INFO, .commandBufferCount = 1, .pCommandBuffers = &cmd};
    VkResult res = vkQueueSubmit(vk->queue, 1, &submit, fence);
    if (res == VK_SUCCESS)
        res = vkWaitForFences(vk->device, 1, &fence, VK_TRUE, UINT64_MAX);
    vkDestroyFence(vk->device, fence, NULL);
    vkFreeCommandBuffers(vk->device, vk->pool, 1, &cmd);
    if (res != VK_SUCCESS) {
        fprintf(stderr, "gvk: submit/wait failed: %d\n", (int)res);
        return -1;
    }
    return 0;
}

static int gvk_begin(struct gvk *vk, VkCommandBuffer *out_cmd)
{
    VkCommandBufferAllocateInfo info = {.sType = VK_STRUCTURE_TYPE_COMMAND_BUFFER_ALLOCATE_INFO,
                                        .commandPool = vk->pool, .level = VK_COMMAND_BUFFER_LEVEL_PRIMARY,
                                        .commandBufferCount = 1};
    GVK_CHECK(vkAllocateCommandBuffers(vk->device, &info, out_cmd));
    VkCommandBufferBeginInfo begin = {.sType = VK_STRUCTURE_TYPE_COMMAND_BUFFER_BEGIN_INFO,
                                      .flags = VK_COMMAND_BUFFER_USAGE_ONE_TIME_SUBMIT_BIT};
    GVK_CHECK(vkBeginCommandBuffer(*out_cmd, &begin));
    return 0;
}

static void gvk_barrier(VkCommandBuffer cmd, VkImage image, VkImageAspectFlags aspect, uint32_t layers,
                        VkImageLayout from, VkImageLayout to, VkPipelineStageFlags src_stage, VkAccessFlags src,
                        VkPipelineStageFlags dst_stage, VkAccessFlags dst)
{
    VkImageMemoryBarrier b = {.sType = VK_STRUCTURE_TYPE_IMAGE_MEMORY_BARRIER, .srcAccessMask = src,
                              .dstAccessMask = dst, .oldLayout = from, .newLayout = to,
                              .srcQueueFamilyIndex = VK_QUEUE_FAMILY_IGNORED,
                              .dstQueueFamilyIndex = VK_QUEUE_FAMILY_IGNORED, .image = image,
                              .subresourceRange = {aspect, 0, 1, 0, layers}};
    vkCmdPipelineBarrier(cmd, src_stage, dst_stage, 0, 0, NULL, 0, NULL, 1, &b);
}

int gvk_images_create(struct gvk *vk, VkFormat format, bool depth, uint32_t width, uint32_t height,
                      uint32_t layers, uint32_t count, struct gvk_images *out)
{
    memset(out, 0, sizeof *out);
    *out = (struct gvk_images){.count = count, .layers = layers, .width = width, .height = height, .format = format};
    VkImageCreateInfo info = {
        .sType = VK_STRUCTURE_TYPE_IMAGE_CREATE_INFO, .imageType = VK_IMAGE_TYPE_2D, .format = format,
        .extent = {width, height, 1}, .mipLevels = 1, .arrayLayers = layers, .samples = VK_SAMPLE_COUNT_1_BIT,
        .tiling = VK_IMAGE_TILING_OPTIMAL,
        .usage = (depth ? VK_IMAGE_USAGE_DEPTH_STENCIL_ATTACHMENT_BIT : GFX_COLOR_IMAGE_USAGE) |
                 VK_IMAGE_USAGE_TRANSFER_SRC_BIT,
        .sharingMode = VK_SHARING_MODE_EXCLUSIVE, .initialLayout = VK_IMAGE_LAYOUT_UNDEFINED};
    VkCommandBuffer cmd;
    if (gvk_begin(vk, &cmd) != 0)
        return -1;
    for (uint32_t i = 0; i < count; i++) {
        GVK_CHECK(vkCreateImage(vk->device, &info, NULL, &out->images[i]));
        VkMemoryRequirements req;
        vkGetImageMemoryRequirements(vk->device, out->images[i], &req);
        VkMemoryAllocateInfo alloc = {.sType = VK_STRUCTURE_TYPE_MEMORY_ALLOCATE_INFO, .allocationSize = req.size};
        if (gvk_memory_type(vk, req.memoryTypeBits, VK_MEMORY_PROPERTY_DEVICE_LOCAL_BIT, &alloc.memoryTypeIndex) != 0)
            return -1;
        GVK_CHECK(vkAllocateMemory(vk->device, &alloc, NULL, &out->memory[i]));
        GVK_CHECK(vkBindImageMemory(vk->device, out->images[i], out->memory[i], 0));
        /* What an XR runtime hands over after xrWaitSwapchainImage. */
        if (depth)
            gvk_barrier(cmd, out->images[i], VK_IMAGE_ASPECT_DEPTH_BIT, layers, VK_IMAGE_LAYOUT_UNDEFINED,
                        VK_IMAGE_LAYOUT_DEPTH_STENCIL_ATTACHMENT_OPTIMAL, VK_PIPELINE_STAGE_TOP_OF_PIPE_BIT, 0,
                        VK_PIPELINE_STAGE_EARLY_FRAGMENT_TESTS_BIT,
                        VK_ACCESS_DEPTH_STENCIL_ATTACHMENT_WRITE_BIT);
        else
            gvk_barrier(cmd, out->images[i], VK_IMAGE_ASPECT_COLOR_BIT, layers, VK_IMAGE_LAYOUT_UNDEFINED,
                        VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL, VK_PIPELINE_STAGE_TOP_OF_PIPE_BIT, 0,
                        VK_PIPELINE_STAGE_COLOR_ATTACHMENT_OUTPUT_BIT, VK_ACCESS_COLOR_ATTACHMENT_WRITE_BIT);
    }
    return gvk_submit_wait(vk, cmd);
}

void gvk_images_destroy(struct gvk *vk, struct gvk_images *set)
{
    for (uint32_t i = 0; i < set->count; i++) {
        vkDestroyImage(vk->device, set->images[i], NULL);
        vkFreeMemory(vk->device, set->memory[i], NULL);
    }
    memset(set, 0, sizeof *set);
}

static int gvk_copy_out(struct gvk *vk, const struct gvk_images *set, uint32_t image, uint32_t layer, VkBuffer buffer)
{
    VkCommandBuffer cmd;
    if (gvk_begin(vk, &cmd) != 0)
        return -1;
    VkImage img = set->images[image];
    gvk_barrier(cmd, img, VK_IMAGE_ASPECT_COLOR_BIT, set->layers, VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL,
                VK_IMAGE_LAYOUT_TRANSFER_SRC_OPTIMAL, VK_PIPELINE_STAGE_COLOR_ATTACHMENT_OUTPUT_BIT,
                VK_ACCESS_COLOR_ATTACHMENT_WRITE_BIT, VK_PIPELINE_STAGE_TRANSFER_BIT, VK_ACCESS_TRANSFER_READ_BIT);
    VkBufferImageCopy region = {.imageSubresource = {VK_IMAGE_ASPECT_COLOR_BIT, 0, layer, 1},
                                .imageExtent = {set->width, set->height, 1}};
    vkCmdCopyImageToBuffer(cmd, img, VK_IMAGE_LAYOUT_TRANSFER_SRC_OPTIMAL, buffer, 1, &region);
    gvk_barrier(cmd, img, VK_IMAGE_ASPECT_COLOR_BIT, set->layers, VK_IMAGE_LAYOUT_TRANSFER_SRC_OPTIMAL,
                VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL, VK_PIPELINE_STAGE_TRANSFER_BIT, 0,
                VK_PIPELINE_STAGE_COLOR_ATTACHMENT_OUTPUT_BIT, VK_ACCESS_COLOR_ATTACHMENT_WRITE_BIT);
    VkBufferMemoryBarrier host = {.sType = VK_STRUCTURE_TYPE_BUFFER_MEMORY_BARRIER,
                                  .srcAccessMask = VK_ACCESS_TRANSFER_WRITE_BIT, .dstAccessMask = VK_ACCESS_HOST_READ_BIT,
                                  .srcQueueFamilyIndex = VK_QUEUE_FAMILY_IGNORED,
                                  .dstQueueFamilyIndex = VK_QUEUE_FAMILY_IGNORED, .buffer = buffer,
                                  .size = VK_WHOLE_SIZE};
    vkCmdPipelineBarrier(cmd, VK_PIPELINE_STAGE_TRANSFER_BIT, VK_PIPELINE_STAGE_HOST_BIT, 0, 0, NULL, 1, &host, 0,
                         NULL);
    return gvk_submit_wait(vk, cmd);
}

int gvk_read_layer(struct gvk *vk, const struct gvk_images *set, uint32_t image, uint32_t layer, uint8_t *out_pixels)
{
    VkDeviceSize size = (VkDeviceSize)set->width * set->height * 4;
    VkBufferCreateInfo info = {.sType = VK_STRUCTURE_TYPE_BUFFER_CREATE_INFO, .size = size,
                               .usage = VK_BUFFER_USAGE_TRANSFER_DST_BIT, .sharingMode = VK_SHARING_MODE_EXCLUSIVE};
    VkBuffer buffer;
    GVK_CHECK(vkCreateBuffer(vk->device, &info, NULL, &buffer));
    VkMemoryRequirements req;
    vkGetBufferMemoryRequirements(vk->device, buffer, &req);
    VkMemoryAllocateInfo alloc = {.sType = VK_STRUCTURE_TYPE_MEMORY_ALLOCATE_INFO, .allocationSize = req.size};
    VkDeviceMemory memory = VK_NULL_HANDLE;
    void *map = NULL;
    int rc = -1;
    if (gvk_memory_type(vk, req.memoryTypeBits,
                        VK_MEMORY_PROPERTY_HOST_VISIBLE_BIT | VK_MEMORY_PROPERTY_HOST_COHERENT_BIT,
                        &alloc.memoryTypeIndex) == 0 &&
        vkAllocateMemory(vk->device, &alloc, NULL, &memory) == VK_SUCCESS &&
        vkBindBufferMemory(vk->device, buffer, memory, 0) == VK_SUCCESS &&
        gvk_copy_out(vk, set, image, layer, buffer) == 0 &&
        vkMapMemory(vk->device, memory, 0, VK_WHOLE_SIZE, 0, &map) == VK_SUCCESS) {
        memcpy(out_pixels, map, (size_t)size);
        vkUnmapMemory(vk->device, memory);
        rc = 0;
    } else {
        fprintf(stderr, "gvk: read-back of image %u layer %u failed\n", image, layer);
    }
    vkDestroyBuffer(vk->device, buffer, NULL);
    vkFreeMemory(vk->device, memory, NULL);
    return rc;
}
