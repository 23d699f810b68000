/* The machine panel's quad layer: its swapchain (8-bit sRGB RGBA or BGRA, the panel's own size) and the upload of new
 * pixels through a host-visible staging buffer, submitted on the frame's queue before the image is released.
 * The fence is only polled: an upload still in flight postpones the next one by a frame, the loop never waits. */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "xr_internal.h"

static bool vk_ok(struct xr *xr, VkResult r, const char *call)
{
    if (r == VK_SUCCESS)
        return true;
    xr_log("%s failed: %s", call, xr_vk_result_text(r));
    xr->status = XR_STATUS_FAILED;
    return false;
}

/* R8G8B8A8_SRGB (the panel's own byte order) or B8G8R8A8_SRGB (swapped on upload); 0 when neither is offered. */
static int64_t panel_format(struct xr *xr)
{
    uint32_t count = 0;
    if (!xr_session_check(xr, xrEnumerateSwapchainFormats(xr->session, 0, &count, NULL), "xrEnumerateSwapchainFormats"))
        return -1;
    int64_t *formats = calloc(count ? count : 1, sizeof *formats), found = 0;
    if (!formats) {
        xr_log("out of memory listing swapchain formats");
        return -1;
    }
    if (!xr_session_check(xr, xrEnumerateSwapchainFormats(xr->session, count, &count, formats), "xrEnumerateSwapchainFormats"))
        found = -1;
    for (uint32_t i = 0; found >= 0 && i < count; ++i) {
        if (formats[i] == VK_FORMAT_R8G8B8A8_SRGB)
            found = formats[i];
        else if (formats[i] == VK_FORMAT_B8G8R8A8_SRGB && found == 0)
            found = formats[i];
    }
    free(formats);
    return found;
}

static bool create_swapchain(struct xr *xr, struct xr_panel_layer *l)
{
    XrSwapchainCreateInfo info = {.type = XR_TYPE_SWAPCHAIN_CREATE_INFO,
                                  .usageFlags = XR_SWAPCHAIN_USAGE_TRANSFER_DST_BIT | XR_SWAPCHAIN_USAGE_SAMPLED_BIT |
                                                XR_SWAPCHAIN_USAGE_COLOR_ATTACHMENT_BIT,
                                  .format = l->format,
                                  .sampleCount = 1,
                                  .width = l->width,
                                  .height = l->height,
                                  .faceCount = 1,
                                  .arraySize = 1,
                                  .mipCount = 1};
    if (!xr_session_check(xr, xrCreateSwapchain(xr->session, &info, &l->swapchain), "xrCreateSwapchain (panel)"))
        return false;
    uint32_t count = 0;
    if (!xr_session_check(xr, xrEnumerateSwapchainImages(l->swapchain, 0, &count, NULL), "xrEnumerateSwapchainImages"))
        return false;
    XrSwapchainImageVulkanKHR *imgs = calloc(count ? count : 1, sizeof(*imgs));
    l->images = calloc(count ? count : 1, sizeof(*l->images));
    if (!imgs || !l->images) {
        free(imgs);
        xr_log("out of memory for %" PRIu32 " panel swapchain images", count);
        xr->status = XR_STATUS_FAILED;
        return false;
    }
    for (uint32_t i = 0; i < count; ++i)
        imgs[i].type = XR_TYPE_SWAPCHAIN_IMAGE_VULKAN_KHR;
    bool ok = xr_session_check(xr, xrEnumerateSwapchainImages(l->swapchain, count, &count, (XrSwapchainImageBaseHeader *)imgs),
                               "xrEnumerateSwapchainImages");
    for (uint32_t i = 0; ok && i < count; ++i)
        l->images[i] = imgs[i].image;
    l->image_count = ok ? count : 0;
    free(imgs);
    return ok;
}

static bool create_staging(struct xr *xr, struct xr_panel_layer *l)
{
    VkDevice dev = xr->vk_device;
    VkBufferCreateInfo bi = {.sType = VK_STRUCTURE_TYPE_BUFFER_CREATE_INFO,
                             .size = (VkDeviceSize)l->width * l->height * 4,
                             .usage = VK_BUFFER_USAGE_TRANSFER_SRC_BIT,
                             .sharingMode = VK_SHARING_MODE_EXCLUSIVE};
    if (!vk_ok(xr, vkCreateBuffer(dev, &bi, NULL, &l->staging), "vkCreateBuffer (panel staging)"))
        return false;
    VkMemoryRequirements req;
    vkGetBufferMemoryRequirements(dev, l->staging, &req);
    VkPhysicalDeviceMemoryProperties props;
    vkGetPhysicalDeviceMemoryProperties(xr->vk_physical, &props);
    const VkMemoryPropertyFlags want = VK_MEMORY_PROPERTY_HOST_VISIBLE_BIT | VK_MEMORY_PROPERTY_HOST_COHERENT_BIT;
    uint32_t type = UINT32_MAX;
    for (uint32_t i = 0; i < props.memoryTypeCount && type == UINT32_MAX; ++i)
        if ((req.memoryTypeBits & (1u << i)) && (props.memoryTypes[i].propertyFlags & want) == want)
            type = i;
    if (type == UINT32_MAX) {
        xr_log("no host-visible coherent memory for the panel's staging buffer");
        xr->status = XR_STATUS_FAILED;
        return false;
    }
    VkMemoryAllocateInfo ai = {.sType = VK_STRUCTURE_TYPE_MEMORY_ALLOCATE_INFO, .allocationSize = req.size, .memoryTypeIndex = type};
    return vk_ok(xr, vkAllocateMemory(dev, &ai, NULL, &l->memory), "vkAllocateMemory (panel staging)") &&
           vk_ok(xr, vkBindBufferMemory(dev, l->staging, l->memory, 0), "vkBindBufferMemory (panel staging)") &&
           vk_ok(xr, vkMapMemory(dev, l->memory, 0, VK_WHOLE_SIZE, 0, &l->mapped), "vkMapMemory (panel staging)");
}

enum xr_status xr_panel_layer_create(struct xr *xr, struct xr_panel_layer *l, uint32_t width, uint32_t height)
{
    *l = (struct xr_panel_layer){.width = width, .height = height};
    vkGetDeviceQueue(xr->vk_device, xr->queue_family, 0, &l->queue);
    VkCommandPoolCreateInfo pi = {.sType = VK_STRUCTURE_TYPE_COMMAND_POOL_CREATE_INFO,
                                  .flags = VK_COMMAND_POOL_CREATE_RESET_COMMAND_BUFFER_BIT,
                                  .queueFamilyIndex = xr->queue_family};
    VkFenceCreateInfo fi = {.sType = VK_STRUCTURE_TYPE_FENCE_CREATE_INFO};
    l->format = panel_format(xr);
    if (l->format < 0)
        return XR_STATUS_FAILED;
    if (l->format == 0) { /* the floor works without panels */
        xr_log("the runtime offers no 8-bit sRGB RGBA or BGRA swapchain format: machine panels are not shown");
        return XR_STATUS_OK;
    }
    if (!create_swapchain(xr, l) || !create_staging(xr, l) ||
        !vk_ok(xr, vkCreateCommandPool(xr->vk_device, &pi, NULL, &l->pool), "vkCreateCommandPool (panel)") ||
        !vk_ok(xr, vkCreateFence(xr->vk_device, &fi, NULL, &l->fence), "vkCreateFence (panel)"))
        return xr->status != XR_STATUS_OK ? xr->status : XR_STATUS_FAILED;
    VkCommandBufferAllocateInfo ci = {.sType = VK_STRUCTURE_TYPE_COMMAND_BUFFER_ALLOCATE_INFO,
                                      .commandPool = l->pool,
                                      .level = VK_COMMAND_BUFFER_LEVEL_PRIMARY,
                                      .commandBufferCount = 1};
    if (!vk_ok(xr, vkAllocateCommandBuffers(xr->vk_device, &ci, &l->cmd), "vkAllocateCommandBuffers (panel)"))
        return XR_STATUS_FAILED;
    return XR_STATUS_OK;
}

/* Session teardown only (the device is idle by then: xr_session_destroy waits for it first). */
void xr_panel_layer_destroy(struct xr *xr, struct xr_panel_layer *l)
{
    VkDevice dev = xr->vk_device;
    if (l->swapchain != XR_NULL_HANDLE)
        xr_ok(xr->instance, xrDestroySwapchain(l->swapchain), "xrDestroySwapchain (panel)");
    if (dev != VK_NULL_HANDLE) {
        if (l->fence != VK_NULL_HANDLE)
            vkDestroyFence(dev, l->fence, NULL);
        if (l->pool != VK_NULL_HANDLE)
            vkDestroyCommandPool(dev, l->pool, NULL);
        if (l->staging != VK_NULL_HANDLE)
            vkDestroyBuffer(dev, l->staging, NULL);
        if (l->memory != VK_NULL_HANDLE)
            vkFreeMemory(dev, l->memory, NULL);
    }
    free(l->images);
    *l = (struct xr_panel_layer){0};
}

static void barrier(VkCommandBuffer cmd, VkImage image, VkImageLayout from, VkImageLayout to, VkAccessFlags src_access,
                    VkAccessFlags dst_access, VkPipelineStageFlags src, VkPipelineStageFlags dst)
{
    VkImageMemoryBarrier b = {.sType = VK_STRUCTURE_TYPE_IMAGE_MEMORY_BARRIER,
                              .srcAccessMask = src_access,
                              .dstAccessMask = dst_access,
                              .oldLayout = from,
                              .newLayout = to,
                              .srcQueueFamilyIndex = VK_QUEUE_FAMILY_IGNORED,
                              .dstQueueFamilyIndex = VK_QUEUE_FAMILY_IGNORED,
                              .image = image,
                              .subresourceRange = {VK_IMAGE_ASPECT_COLOR_BIT, 0, 1, 0, 1}};
    vkCmdPipelineBarrier(cmd, src, dst, 0, 0, NULL, 0, NULL, 1, &b);
}

static bool record(struct xr *xr, struct xr_panel_layer *l, VkImage image)
{
    VkCommandBufferBeginInfo bi = {.sType = VK_STRUCTURE_TYPE_COMMAND_BUFFER_BEGIN_INFO,
                                   .flags = VK_COMMAND_BUFFER_USAGE_ONE_TIME_SUBMIT_BIT};
    if (!vk_ok(xr, vkResetCommandBuffer(l->cmd, 0), "vkResetCommandBuffer (panel)") ||
        !vk_ok(xr, vkBeginCommandBuffer(l->cmd, &bi), "vkBeginCommandBuffer (panel)"))
        return false;
    /* The whole image is rewritten: its old contents (and layout) do not matter. The runtime expects colour
     * swapchain images back in COLOR_ATTACHMENT_OPTIMAL. */
    barrier(l->cmd, image, VK_IMAGE_LAYOUT_UNDEFINED, VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL, 0,
            VK_ACCESS_TRANSFER_WRITE_BIT, VK_PIPELINE_STAGE_TOP_OF_PIPE_BIT, VK_PIPELINE_STAGE_TRANSFER_BIT);
    VkBufferImageCopy copy = {.imageSubresource = {VK_IMAGE_ASPECT_COLOR_BIT, 0, 0, 1},
                              .imageExtent = {l->width, l->height, 1}};
    vkCmdCopyBufferToImage(l->cmd, l->staging, image, VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL, 1, &copy);
    barrier(l->cmd, image, VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL, VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL,
            VK_ACCESS_TRANSFER_WRITE_BIT, VK_ACCESS_COLOR_ATTACHMENT_WRITE_BIT | VK_ACCESS_SHADER_READ_BIT,
            VK_PIPELINE_STAGE_TRANSFER_BIT, VK_PIPELINE_STAGE_ALL_COMMANDS_BIT);
    return vk_ok(xr, vkEndCommandBuffer(l->cmd), "vkEndCommandBuffer (panel)");
}

bool xr_panel_layer_upload(struct xr *xr, struct xr_panel_layer *l, const uint8_t *pixels)
{
    if (l->swapchain == XR_NULL_HANDLE)
        return false;
    if (l->fence_pending) {
        VkResult r = vkGetFenceStatus(xr->vk_device, l->fence);
        if (r == VK_NOT_READY)
            return false; /* the previous upload still reads the staging buffer */
        if (!vk_ok(xr, r, "vkGetFenceStatus (panel)") ||
            !vk_ok(xr, vkResetFences(xr->vk_device, 1, &l->fence), "vkResetFences (panel)"))
            return false;
        l->fence_pending = false;
    }
    const size_t bytes = (size_t)l->width * l->height * 4;
    if (l->format == VK_FORMAT_R8G8B8A8_SRGB) {
        memcpy(l->mapped, pixels, bytes);
    } else {
        uint8_t *dst = l->mapped;
        for (size_t i = 0; i < bytes; i += 4) {
            dst[i] = pixels[i + 2];
            dst[i + 1] = pixels[i + 1];
            dst[i + 2] = pixels[i];
            dst[i + 3] = pixels[i + 3];
        }
    }
    uint32_t index = 0;
    XrSwapchainImageAcquireInfo ai = {.type = XR_TYPE_SWAPCHAIN_IMAGE_ACQUIRE_INFO};
    XrSwapchainImageWaitInfo wi = {.type = XR_TYPE_SWAPCHAIN_IMAGE_WAIT_INFO, .timeout = XR_INFINITE_DURATION};
    if (!xr_session_check(xr, xrAcquireSwapchainImage(l->swapchain, &ai, &index), "xrAcquireSwapchainImage (panel)"))
        return false;
    XrResult wr = xrWaitSwapchainImage(l->swapchain, &wi);
    if (wr == XR_TIMEOUT_EXPIRED || !xr_session_check(xr, wr, "xrWaitSwapchainImage (panel)")) {
        if (wr == XR_TIMEOUT_EXPIRED) {
            xr_log("xrWaitSwapchainImage (panel): XR_TIMEOUT_EXPIRED with an infinite timeout");
            xr->status = XR_STATUS_FAILED;
        }
        return false;
    }
    if (index >= l->image_count) {
        xr_log("xrAcquireSwapchainImage (panel) gave image %u of %u", index, l->image_count);
        xr->status = XR_STATUS_FAILED;
    }
    bool ok = index < l->image_count && record(xr, l, l->images[index]);
    if (ok) {
        VkSubmitInfo si = {.sType = VK_STRUCTURE_TYPE_SUBMIT_INFO, .commandBufferCount = 1, .pCommandBuffers = &l->cmd};
        ok = vk_ok(xr, vkQueueSubmit(l->queue, 1, &si, l->fence), "vkQueueSubmit (panel)");
        l->fence_pending = ok;
    }
    /* released either way (an acquired image must be); only a written one is shown */
    XrSwapchainImageReleaseInfo ri = {.type = XR_TYPE_SWAPCHAIN_IMAGE_RELEASE_INFO};
    if (!xr_session_check(xr, xrReleaseSwapchainImage(l->swapchain, &ri), "xrReleaseSwapchainImage (panel)"))
        return false;
    l->has_image = l->has_image || ok;
    return ok;
}
