/* Swapchain image acquire / wait / release with the spec's order rules and Vulkan layouts, and the
 * sub-image checks xrEndFrame makes for every layer. */
#include "vk_private.h"

#include <stdlib.h>
#include <string.h>

/* UNDEFINED -> the layout the Vulkan binding promises once xrWaitSwapchainImage returns. Recorded in
 * xrAcquireSwapchainImage because the runtime may use the app's queue there but not in
 * xrWaitSwapchainImage; the wait then only waits for the fence. The source scope covers every command
 * submitted before, so the image is ready only once the queue got there. */
static XrResult transition_initial(struct mx_vk_session *vs, struct mx_vk_swapchain *vsc, struct mx_vk_image *img,
                                   const char *func)
{
    VkCommandBufferBeginInfo bi = {
        .sType = VK_STRUCTURE_TYPE_COMMAND_BUFFER_BEGIN_INFO,
        .flags = VK_COMMAND_BUFFER_USAGE_ONE_TIME_SUBMIT_BIT,
    };
    VkResult vr = vs->fn.BeginCommandBuffer(img->cmd, &bi);
    if (vr != VK_SUCCESS)
        return mx_vk_fail(func, "vkBeginCommandBuffer", vr);
    VkImageMemoryBarrier b = {
        .sType = VK_STRUCTURE_TYPE_IMAGE_MEMORY_BARRIER,
        .srcAccessMask = 0,
        .dstAccessMask = VK_ACCESS_MEMORY_READ_BIT | VK_ACCESS_MEMORY_WRITE_BIT,
        .oldLayout = VK_IMAGE_LAYOUT_UNDEFINED,
        .newLayout = vsc->depth ? VK_IMAGE_LAYOUT_DEPTH_STENCIL_ATTACHMENT_OPTIMAL
                                : VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL,
        .srcQueueFamilyIndex = VK_QUEUE_FAMILY_IGNORED,
        .dstQueueFamilyIndex = VK_QUEUE_FAMILY_IGNORED,
        .image = img->image,
        .subresourceRange = {vsc->aspect, 0, VK_REMAINING_MIP_LEVELS, 0, VK_REMAINING_ARRAY_LAYERS},
    };
    vs->fn.CmdPipelineBarrier(img->cmd, VK_PIPELINE_STAGE_ALL_COMMANDS_BIT, VK_PIPELINE_STAGE_ALL_COMMANDS_BIT, 0, 0,
                              NULL, 0, NULL, 1, &b);
    vr = vs->fn.EndCommandBuffer(img->cmd);
    if (vr != VK_SUCCESS)
        return mx_vk_fail(func, "vkEndCommandBuffer", vr);
    VkSubmitInfo si = {.sType = VK_STRUCTURE_TYPE_SUBMIT_INFO, .commandBufferCount = 1, .pCommandBuffers = &img->cmd};
    vr = vs->fn.QueueSubmit(vs->queue, 1, &si, img->fence);
    if (vr != VK_SUCCESS)
        return mx_vk_fail(func, "vkQueueSubmit", vr);
    img->fence_pending = true;
    img->transitioned = true;
    return XR_SUCCESS;
}

static XrResult XRAPI_CALL acquire_image(XrSwapchain swapchain, const XrSwapchainImageAcquireInfo *info,
                                         uint32_t *index)
{
    static const char *func = "xrAcquireSwapchainImage";
    mx_lock();
    struct mx_swapchain *sc = NULL;
    XrResult r = mx_swapchain_get(swapchain, func, &sc);
    if (r == XR_SUCCESS && info)
        r = mx_check_struct(info, XR_TYPE_SWAPCHAIN_IMAGE_ACQUIRE_INFO, func, "acquireInfo");
    if (r == XR_SUCCESS && !index)
        r = mx_diag(XR_ERROR_VALIDATION_FAILURE, func, "index (output) is NULL");
    struct mx_vk_swapchain *vsc = sc ? sc->vk : NULL;
    if (r == XR_SUCCESS && (sc->create_info.createFlags & XR_SWAPCHAIN_CREATE_STATIC_IMAGE_BIT) &&
        vsc->acquire_total > 0)
        r = mx_diag(XR_ERROR_CALL_ORDER_INVALID, func, "the swapchain was created with "
                    "XR_SWAPCHAIN_CREATE_STATIC_IMAGE_BIT: its image can be acquired only once");
    if (r == XR_SUCCESS && vsc->acquired_count == sc->image_count)
        r = mx_diag(XR_ERROR_CALL_ORDER_INVALID, func, "all %u images are already acquired; release one first",
                    sc->image_count);
    if (r == XR_SUCCESS) {
        uint32_t k = vsc->next_index;
        struct mx_vk_image *img = &vsc->images[k];
        if (!img->transitioned)
            r = transition_initial(sc->session->vk, vsc, img, func);
        if (r == XR_SUCCESS) {
            vsc->next_index = (k + 1) % sc->image_count;
            vsc->acquired[vsc->acquired_count++] = k;
            vsc->acquire_total++;
            *index = k;
        }
    }
    mx_unlock();
    return r;
}

/* Blocks on the image's fence with the global lock released (other threads keep calling the runtime).
 * Returns the Vulkan result; *out_orphaned is set when the session was destroyed meanwhile. */
static VkResult wait_fence(struct mx_vk_session *vs, struct mx_vk_swapchain *vsc, struct mx_vk_image *img,
                           XrDuration timeout, bool *out_orphaned)
{
    PFN_vkWaitForFences wait = vs->fn.WaitForFences;
    VkDevice device = vs->device;
    VkFence fence = img->fence;
    uint64_t ns = timeout <= 0 ? 0 : timeout == XR_INFINITE_DURATION ? UINT64_MAX : (uint64_t)timeout;
    vsc->waiting = true;
    mx_unlock();
    VkResult vr = wait(device, 1, &fence, VK_TRUE, ns);
    mx_lock();
    vsc->waiting = false;
    *out_orphaned = vsc->orphaned;
    return vr;
}

static XrResult XRAPI_CALL wait_image(XrSwapchain swapchain, const XrSwapchainImageWaitInfo *info)
{
    static const char *func = "xrWaitSwapchainImage";
    mx_lock();
    struct mx_swapchain *sc = NULL;
    XrResult r = mx_swapchain_get(swapchain, func, &sc);
    if (r == XR_SUCCESS)
        r = mx_check_struct(info, XR_TYPE_SWAPCHAIN_IMAGE_WAIT_INFO, func, "waitInfo");
    struct mx_vk_swapchain *vsc = sc ? sc->vk : NULL;
    if (r == XR_SUCCESS && vsc->acquired_count == 0)
        r = mx_diag(XR_ERROR_CALL_ORDER_INVALID, func, "no image is acquired (call xrAcquireSwapchainImage first)");
    if (r == XR_SUCCESS && vsc->head_waited)
        r = mx_diag(XR_ERROR_CALL_ORDER_INVALID, func, "image %u was already waited on and is not released yet: "
                    "release it before waiting on the next one", vsc->acquired[0]);
    if (r == XR_SUCCESS && vsc->waiting)
        r = mx_diag(XR_ERROR_CALL_ORDER_INVALID, func, "another thread is already waiting on this swapchain");
    if (r != XR_SUCCESS) {
        mx_unlock();
        return r;
    }
    struct mx_vk_session *vs = sc->session->vk;
    struct mx_vk_image *img = &vsc->images[vsc->acquired[0]];
    if (img->fence_pending) {
        bool orphaned = false;
        VkResult vr = wait_fence(vs, vsc, img, info->timeout, &orphaned);
        if (orphaned) {
            free(vsc); /* its images were leaked by mx_vk_swapchain_free; the handle is gone */
            r = mx_diag(XR_ERROR_HANDLE_INVALID, func, "the session was destroyed while this thread waited");
        } else if (vr == VK_TIMEOUT) {
            r = XR_TIMEOUT_EXPIRED; /* the next wait waits on the same image */
        } else {
            if (vr == VK_SUCCESS)
                vr = vs->fn.ResetFences(vs->device, 1, &img->fence);
            if (vr != VK_SUCCESS)
                r = mx_vk_fail(func, "vkWaitForFences/vkResetFences", vr);
            img->fence_pending = vr != VK_SUCCESS;
        }
    }
    if (r == XR_SUCCESS)
        vsc->head_waited = true;
    mx_unlock();
    return r;
}

static XrResult XRAPI_CALL release_image(XrSwapchain swapchain, const XrSwapchainImageReleaseInfo *info)
{
    static const char *func = "xrReleaseSwapchainImage";
    mx_lock();
    struct mx_swapchain *sc = NULL;
    XrResult r = mx_swapchain_get(swapchain, func, &sc);
    if (r == XR_SUCCESS && info)
        r = mx_check_struct(info, XR_TYPE_SWAPCHAIN_IMAGE_RELEASE_INFO, func, "releaseInfo");
    struct mx_vk_swapchain *vsc = sc ? sc->vk : NULL;
    if (r == XR_SUCCESS && !vsc->head_waited)
        r = mx_diag(XR_ERROR_CALL_ORDER_INVALID, func, "%s", vsc->acquired_count == 0
                    ? "no image is acquired"
                    : "the oldest acquired image was not successfully waited on (call xrWaitSwapchainImage)");
    if (r == XR_SUCCESS) {
        vsc->last_released = vsc->acquired[0];
        memmove(&vsc->acquired[0], &vsc->acquired[1], (vsc->acquired_count - 1) * sizeof(vsc->acquired[0]));
        vsc->acquired_count--;
        vsc->head_waited = false;
    }
    mx_unlock();
    return r;
}

/* The swapchain of a layer: of this session, with a released image. */
static XrResult released_swapchain(struct mx_session *s, XrSwapchain h, const char *func, const char *at,
                                   struct mx_swapchain **out)
{
    XrResult r = mx_swapchain_get(h, func, out);
    if (r != XR_SUCCESS)
        return r;
    if ((*out)->session != s)
        return mx_diag(XR_ERROR_LAYER_INVALID, func, "%s: the swapchain belongs to another session", at);
    if (((const struct mx_vk_swapchain *)(*out)->vk)->last_released < 0)
        return mx_diag(XR_ERROR_LAYER_INVALID, func, "%s: no image of the swapchain was ever released "
                       "(acquire, wait, render, release before submitting it)", at);
    return XR_SUCCESS;
}

XrResult mx_vk_validate_subimage(struct mx_session *s, const XrSwapchainSubImage *sub, const char *func,
                                 const char *what, bool is_depth)
{
    char at[160];
    snprintf(at, sizeof(at), "%s%s", what, is_depth ? " (its XrCompositionLayerDepthInfoKHR)" : "");
    struct mx_swapchain *sc = NULL;
    XrResult r = released_swapchain(s, sub->swapchain, func, at, &sc);
    if (r != XR_SUCCESS)
        return r;
    const struct mx_vk_swapchain *vsc = sc->vk;
    const XrSwapchainCreateInfo *ci = &sc->create_info;
    const XrRect2Di *rc = &sub->imageRect;
    int64_t right = (int64_t)rc->offset.x + rc->extent.width, bottom = (int64_t)rc->offset.y + rc->extent.height;
    if (rc->offset.x < 0 || rc->offset.y < 0 || rc->extent.width <= 0 || rc->extent.height <= 0 ||
        right > ci->width || bottom > ci->height)
        return mx_diag(XR_ERROR_SWAPCHAIN_RECT_INVALID, func, "%s: imageRect {offset (%d,%d), extent %dx%d} is not "
                       "a non-empty rect inside the %ux%u image", at, rc->offset.x, rc->offset.y, rc->extent.width,
                       rc->extent.height, ci->width, ci->height);
    if (sub->imageArrayIndex >= ci->arraySize)
        return mx_diag(XR_ERROR_VALIDATION_FAILURE, func, "%s: imageArrayIndex %u is not below the swapchain's "
                       "arraySize %u", at, sub->imageArrayIndex, ci->arraySize);
    if (ci->faceCount != 1)
        return mx_diag(XR_ERROR_VALIDATION_FAILURE, func, "%s: the swapchain has faceCount %u; only a cube layer "
                       "takes a cube swapchain, every sub-image needs faceCount 1", at, ci->faceCount);
    if (is_depth != vsc->depth)
        return mx_diag(XR_ERROR_VALIDATION_FAILURE, func, "%s: a %s swapchain (%s) where a %s one is expected", at,
                       vsc->depth ? "depth" : "colour", mx_vk_format_name(ci->format), is_depth ? "depth" : "colour");
    return XR_SUCCESS;
}

XrResult mx_vk_validate_cube(struct mx_session *s, XrSwapchain swapchain, uint32_t array_index, const char *func,
                             const char *what)
{
    struct mx_swapchain *sc = NULL;
    XrResult r = released_swapchain(s, swapchain, func, what, &sc);
    if (r != XR_SUCCESS)
        return r;
    const XrSwapchainCreateInfo *ci = &sc->create_info;
    if (ci->faceCount != 6)
        return mx_diag(XR_ERROR_VALIDATION_FAILURE, func, "%s.swapchain has faceCount %u; a cube layer needs a "
                       "swapchain created with faceCount 6", what, ci->faceCount);
    if (array_index >= ci->arraySize)
        return mx_diag(XR_ERROR_VALIDATION_FAILURE, func, "%s.imageArrayIndex %u is not below the swapchain's "
                       "arraySize %u", what, array_index, ci->arraySize);
    if (((const struct mx_vk_swapchain *)sc->vk)->depth)
        return mx_diag(XR_ERROR_VALIDATION_FAILURE, func, "%s.swapchain has the depth format %s; a cube layer needs "
                       "a colour swapchain", what, mx_vk_format_name(ci->format));
    return XR_SUCCESS;
}

PFN_xrVoidFunction mx_vk_swapchain_sync_proc(const char *name)
{
    static const struct {
        const char *name;
        PFN_xrVoidFunction fn;
    } table[] = {
        {"xrAcquireSwapchainImage", (PFN_xrVoidFunction)acquire_image},
        {"xrWaitSwapchainImage", (PFN_xrVoidFunction)wait_image},
        {"xrReleaseSwapchainImage", (PFN_xrVoidFunction)release_image},
    };
    for (size_t k = 0; k < sizeof(table) / sizeof(table[0]); k++) {
        if (strcmp(name, table[k].name) == 0)
            return table[k].fn;
    }
    return NULL;
}
