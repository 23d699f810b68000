/* Swapchains on Vulkan: formats, creation of real VkImages on the app's device, destruction, enumeration. */
#include "vk_private.h"

#include <stdlib.h>
#include <string.h>

static XrResult XRAPI_CALL enumerate_formats(XrSession session, uint32_t capacity, uint32_t *count_out,
                                             int64_t *formats)
{
    static const char *func = "xrEnumerateSwapchainFormats";
    mx_lock();
    struct mx_session *s = NULL;
    bool write = false;
    XrResult r = mx_session_get(session, func, &s);
    const struct mx_vk_session *vs = s ? s->vk : NULL;
    /* A headless session (XR_MND_headless) has no graphics API, hence no format. */
    uint32_t n = vs ? vs->format_count : 0;
    if (r == XR_SUCCESS)
        r = mx_two_call(func, "formats", capacity, count_out, formats, n, &write);
    for (uint32_t k = 0; write && k < n; k++)
        formats[k] = vs->formats[k];
    mx_unlock();
    return r;
}

/* Create-info members that do not depend on the device. */
static XrResult check_create_info(const struct mx_vk_session *vs, const XrSwapchainCreateInfo *ci, const char *func)
{
    const XrSwapchainCreateFlags known =
        XR_SWAPCHAIN_CREATE_PROTECTED_CONTENT_BIT | XR_SWAPCHAIN_CREATE_STATIC_IMAGE_BIT;
    if (ci->createFlags & ~known)
        return mx_diag(XR_ERROR_VALIDATION_FAILURE, func, "createFlags 0x%llx has unknown bits",
                       (unsigned long long)ci->createFlags);
    if (ci->createFlags & XR_SWAPCHAIN_CREATE_PROTECTED_CONTENT_BIT)
        return mx_diag(XR_ERROR_FEATURE_UNSUPPORTED, func, "XR_SWAPCHAIN_CREATE_PROTECTED_CONTENT_BIT: mockxr has "
                       "no protected content (it reads images back for capture)");
    VkImageUsageFlags usage;
    VkImageCreateFlags flags;
    if (!mx_vk_usage(ci->usageFlags, &usage, &flags))
        return mx_diag(XR_ERROR_VALIDATION_FAILURE, func, "usageFlags 0x%llx has bits of no enabled extension",
                       (unsigned long long)ci->usageFlags);
    if (!vs || !mx_vk_format_listed(vs, ci->format))
        return mx_diag(XR_ERROR_SWAPCHAIN_FORMAT_UNSUPPORTED, func, "format %lld (%s) is not one "
                       "xrEnumerateSwapchainFormats returns%s", (long long)ci->format, mx_vk_format_name(ci->format),
                       vs ? "" : " (the session has no graphics binding)");
    if (ci->sampleCount != 1)
        return mx_diag(XR_ERROR_VALIDATION_FAILURE, func, "sampleCount is %u; maxSwapchainSampleCount is 1",
                       ci->sampleCount);
    if (ci->width == 0 || ci->height == 0 || ci->arraySize == 0 || ci->mipCount == 0)
        return mx_diag(XR_ERROR_VALIDATION_FAILURE, func, "width %u, height %u, arraySize %u, mipCount %u: none may "
                       "be 0", ci->width, ci->height, ci->arraySize, ci->mipCount);
    if (ci->faceCount != 1 && ci->faceCount != 6)
        return mx_diag(XR_ERROR_VALIDATION_FAILURE, func, "faceCount is %u; it must be 1, or 6 for a cube map",
                       ci->faceCount);
    if (ci->faceCount == 6 && ci->width != ci->height)
        return mx_diag(XR_ERROR_VALIDATION_FAILURE, func, "faceCount 6 with %ux%u: cube faces must be square",
                       ci->width, ci->height);
    uint32_t max_mips = 1;
    for (uint32_t size = ci->width > ci->height ? ci->width : ci->height; size > 1; size /= 2)
        max_mips++;
    if (ci->mipCount > max_mips)
        return mx_diag(XR_ERROR_VALIDATION_FAILURE, func, "mipCount %u exceeds the %u levels of a %ux%u image",
                       ci->mipCount, max_mips, ci->width, ci->height);
    bool depth = mx_vk_format_is_depth((VkFormat)ci->format);
    if ((depth && (usage & VK_IMAGE_USAGE_COLOR_ATTACHMENT_BIT)) ||
        (!depth && (usage & VK_IMAGE_USAGE_DEPTH_STENCIL_ATTACHMENT_BIT)))
        return mx_diag(XR_ERROR_FEATURE_UNSUPPORTED, func, "usage %s_ATTACHMENT is not supported for %s format %s",
                       depth ? "COLOR" : "DEPTH_STENCIL", depth ? "depth" : "colour", mx_vk_format_name(ci->format));
    return XR_SUCCESS;
}

/* Image create info for the swapchain; checks the device's limits for this exact combination. */
static XrResult image_info(const struct mx_vk_session *vs, const XrSwapchainCreateInfo *ci, VkImageCreateInfo *out,
                           const char *func)
{
    VkImageUsageFlags usage;
    VkImageCreateFlags flags;
    mx_vk_usage(ci->usageFlags, &usage, &flags);
    /* Capture copies colour images out; depth images get it too so clears/copies of apps keep working. */
    usage |= VK_IMAGE_USAGE_TRANSFER_SRC_BIT;
    /* A cube swapchain (faceCount 6) is a cube-compatible 2D array: faces +X -X +Y -Y +Z -Z of array
     * element i are layers 6i..6i+5, as Vulkan's cube and cube-array views expect. */
    bool cube = ci->faceCount == 6;
    uint64_t layers = (uint64_t)ci->arraySize * ci->faceCount;
    *out = (VkImageCreateInfo){
        .sType = VK_STRUCTURE_TYPE_IMAGE_CREATE_INFO,
        .flags = flags | (cube ? VK_IMAGE_CREATE_CUBE_COMPATIBLE_BIT : 0),
        .imageType = VK_IMAGE_TYPE_2D,
        .format = (VkFormat)ci->format,
        .extent = {ci->width, ci->height, 1},
        .mipLevels = ci->mipCount,
        .arrayLayers = layers > UINT32_MAX ? UINT32_MAX : (uint32_t)layers,
        .samples = VK_SAMPLE_COUNT_1_BIT,
        .tiling = VK_IMAGE_TILING_OPTIMAL,
        .usage = usage,
        .sharingMode = VK_SHARING_MODE_EXCLUSIVE,
        .initialLayout = VK_IMAGE_LAYOUT_UNDEFINED,
    };
    VkImageFormatProperties p;
    VkResult vr = vs->fn.GetPhysicalDeviceImageFormatProperties(vs->physical_device, out->format, out->imageType,
                                                                out->tiling, out->usage, out->flags, &p);
    if (vr == VK_ERROR_FORMAT_NOT_SUPPORTED)
        return mx_diag(XR_ERROR_FEATURE_UNSUPPORTED, func, "usageFlags 0x%llx are not supported for %s on this "
                       "device", (unsigned long long)ci->usageFlags, mx_vk_format_name(ci->format));
    if (vr != VK_SUCCESS)
        return mx_vk_fail(func, "vkGetPhysicalDeviceImageFormatProperties", vr);
    if (ci->width > p.maxExtent.width || ci->height > p.maxExtent.height || layers > p.maxArrayLayers ||
        ci->mipCount > p.maxMipLevels)
        return mx_diag(XR_ERROR_VALIDATION_FAILURE, func, "%ux%u, arraySize %u x faceCount %u, mipCount %u exceed "
                       "the device's limits for %s (%ux%u, %u layers, %u mips)", ci->width, ci->height, ci->arraySize,
                       ci->faceCount, ci->mipCount, mx_vk_format_name(ci->format), p.maxExtent.width,
                       p.maxExtent.height, p.maxArrayLayers, p.maxMipLevels);
    return XR_SUCCESS;
}

static XrResult image_create(struct mx_vk_session *vs, const VkImageCreateInfo *info, struct mx_vk_image *img,
                             const char *func)
{
    VkResult vr = vs->fn.CreateImage(vs->device, info, NULL, &img->image);
    if (vr != VK_SUCCESS)
        return mx_vk_fail(func, "vkCreateImage", vr);
    VkMemoryRequirements req;
    vs->fn.GetImageMemoryRequirements(vs->device, img->image, &req);
    int type = mx_vk_memory_type(&vs->memory, req.memoryTypeBits, VK_MEMORY_PROPERTY_DEVICE_LOCAL_BIT);
    if (type < 0)
        type = mx_vk_memory_type(&vs->memory, req.memoryTypeBits, 0);
    if (type < 0)
        return mx_diag(XR_ERROR_RUNTIME_FAILURE, func, "no memory type fits the swapchain image");
    VkMemoryAllocateInfo ai = {
        .sType = VK_STRUCTURE_TYPE_MEMORY_ALLOCATE_INFO,
        .allocationSize = req.size,
        .memoryTypeIndex = (uint32_t)type,
    };
    vr = vs->fn.AllocateMemory(vs->device, &ai, NULL, &img->memory);
    if (vr != VK_SUCCESS)
        return mx_vk_fail(func, "vkAllocateMemory", vr);
    vr = vs->fn.BindImageMemory(vs->device, img->image, img->memory, 0);
    if (vr != VK_SUCCESS)
        return mx_vk_fail(func, "vkBindImageMemory", vr);
    VkCommandBufferAllocateInfo ci = {
        .sType = VK_STRUCTURE_TYPE_COMMAND_BUFFER_ALLOCATE_INFO,
        .commandPool = vs->pool,
        .level = VK_COMMAND_BUFFER_LEVEL_PRIMARY,
        .commandBufferCount = 1,
    };
    vr = vs->fn.AllocateCommandBuffers(vs->device, &ci, &img->cmd);
    if (vr != VK_SUCCESS)
        return mx_vk_fail(func, "vkAllocateCommandBuffers", vr);
    VkFenceCreateInfo fi = {.sType = VK_STRUCTURE_TYPE_FENCE_CREATE_INFO};
    vr = vs->fn.CreateFence(vs->device, &fi, NULL, &img->fence);
    if (vr != VK_SUCCESS)
        return mx_vk_fail(func, "vkCreateFence", vr);
    return XR_SUCCESS;
}

/* Frees one image. A transition still running after MX_VK_GPU_TIMEOUT_NS (the app blocks its queue)
 * leaks the image rather than destroying objects the GPU still uses. */
static void image_destroy(struct mx_vk_session *vs, struct mx_vk_image *img)
{
    if (img->fence_pending) {
        VkResult vr = vs->fn.WaitForFences(vs->device, 1, &img->fence, VK_TRUE, MX_VK_GPU_TIMEOUT_NS);
        if (vr != VK_SUCCESS) {
            mx_diag(XR_ERROR_RUNTIME_FAILURE, "xrDestroySwapchain", "a layout transition of the runtime is still "
                    "pending (%s): the image is leaked", mx_vk_result_str(vr));
            return;
        }
    }
    if (img->fence != VK_NULL_HANDLE)
        vs->fn.DestroyFence(vs->device, img->fence, NULL);
    if (img->cmd != VK_NULL_HANDLE)
        vs->fn.FreeCommandBuffers(vs->device, vs->pool, 1, &img->cmd);
    if (img->image != VK_NULL_HANDLE)
        vs->fn.DestroyImage(vs->device, img->image, NULL);
    if (img->memory != VK_NULL_HANDLE)
        vs->fn.FreeMemory(vs->device, img->memory, NULL);
    memset(img, 0, sizeof(*img));
}

void mx_vk_swapchain_free(struct mx_vk_session *vs, struct mx_vk_swapchain *vsc)
{
    if (!vsc)
        return;
    for (struct mx_vk_swapchain **p = &vs->swapchains; *p; p = &(*p)->next) {
        if (*p == vsc) {
            *p = vsc->next;
            break;
        }
    }
    if (vsc->common) {
        mx_handle_unregister(vsc->common->handle);
        free(vsc->common);
        vsc->common = NULL;
    }
    if (vsc->waiting) {
        /* xrDestroySession while another thread waits on one of its images breaks external
         * synchronization; leak the images (the fence is in use) and let the waiter free the rest. */
        mx_diag(XR_ERROR_VALIDATION_FAILURE, "xrDestroySession", "a thread is blocked in xrWaitSwapchainImage on a "
                "swapchain of this session; its images are leaked");
        vsc->orphaned = true;
        return;
    }
    for (uint32_t k = 0; k < MX_VK_IMAGES; k++)
        image_destroy(vs, &vsc->images[k]);
    free(vsc);
}

static XrResult swapchain_build(struct mx_session *s, const XrSwapchainCreateInfo *ci, struct mx_vk_swapchain **out,
                                const char *func)
{
    struct mx_vk_session *vs = s->vk;
    VkImageCreateInfo info;
    XrResult r = image_info(vs, ci, &info, func);
    if (r != XR_SUCCESS)
        return r;
    struct mx_vk_swapchain *vsc = calloc(1, sizeof(*vsc));
    struct mx_swapchain *sc = calloc(1, sizeof(*sc));
    if (!vsc || !sc) {
        free(vsc);
        free(sc);
        return mx_diag(XR_ERROR_OUT_OF_MEMORY, func, "out of memory");
    }
    vsc->common = sc;
    vsc->format = info.format;
    vsc->aspect = mx_vk_format_aspect(info.format);
    vsc->depth = mx_vk_format_is_depth(info.format);
    vsc->layer_count = info.arrayLayers;
    vsc->last_released = -1;
    vsc->next = vs->swapchains;
    vs->swapchains = vsc;
    sc->session = s;
    sc->create_info = *ci;
    sc->create_info.next = NULL;
    sc->image_count = (ci->createFlags & XR_SWAPCHAIN_CREATE_STATIC_IMAGE_BIT) ? 1 : MX_VK_IMAGES;
    sc->vk = vsc;
    for (uint32_t k = 0; k < sc->image_count && r == XR_SUCCESS; k++)
        r = image_create(vs, &info, &vsc->images[k], func);
    if (r == XR_SUCCESS) {
        sc->handle = mx_handle_register(MX_HANDLE_SWAPCHAIN, sc);
        if (sc->handle == 0)
            r = mx_diag(XR_ERROR_OUT_OF_MEMORY, func, "out of memory (handle table)");
    }
    if (r != XR_SUCCESS) {
        mx_vk_swapchain_free(vs, vsc);
        return r;
    }
    *out = vsc;
    return XR_SUCCESS;
}

static XrResult XRAPI_CALL create_swapchain(XrSession session, const XrSwapchainCreateInfo *ci, XrSwapchain *out)
{
    static const char *func = "xrCreateSwapchain";
    mx_lock();
    struct mx_session *s = NULL;
    struct mx_vk_swapchain *vsc = NULL;
    XrResult r = mx_session_get(session, func, &s);
    if (r == XR_SUCCESS)
        r = mx_check_struct(ci, XR_TYPE_SWAPCHAIN_CREATE_INFO, func, "createInfo");
    if (r == XR_SUCCESS && !out)
        r = mx_diag(XR_ERROR_VALIDATION_FAILURE, func, "swapchain (output) is NULL");
    if (r == XR_SUCCESS)
        r = check_create_info(s->vk, ci, func);
    if (r == XR_SUCCESS)
        r = swapchain_build(s, ci, &vsc, func);
    if (r == XR_SUCCESS)
        *out = (XrSwapchain)(uintptr_t)vsc->common->handle;
    mx_unlock();
    return r;
}

static XrResult XRAPI_CALL destroy_swapchain(XrSwapchain swapchain)
{
    static const char *func = "xrDestroySwapchain";
    mx_lock();
    struct mx_swapchain *sc = NULL;
    /* A plain lookup: destroying still works after session loss. */
    XrResult r = mx_handle_lookup(MX_HANDLE_VALUE(swapchain), MX_HANDLE_SWAPCHAIN, func, (void **)&sc);
    struct mx_vk_swapchain *vsc = sc ? sc->vk : NULL;
    if (r == XR_SUCCESS && vsc->waiting)
        r = mx_diag(XR_ERROR_VALIDATION_FAILURE, func, "another thread is blocked in xrWaitSwapchainImage on this "
                    "swapchain: xrDestroySwapchain must be externally synchronized with it");
    if (r == XR_SUCCESS) {
        mx_window_session_end(sc->session); /* a window read-back in flight may copy from its images */
        mx_vk_swapchain_free(sc->session->vk, vsc);
    }
    mx_unlock();
    return r;
}

static XrResult XRAPI_CALL enumerate_images(XrSwapchain swapchain, uint32_t capacity, uint32_t *count_out,
                                            XrSwapchainImageBaseHeader *images)
{
    static const char *func = "xrEnumerateSwapchainImages";
    mx_lock();
    struct mx_swapchain *sc = NULL;
    bool write = false;
    XrResult r = mx_swapchain_get(swapchain, func, &sc);
    if (r == XR_SUCCESS)
        r = mx_two_call(func, "images", capacity, count_out, images, sc->image_count, &write);
    XrSwapchainImageVulkanKHR *vk_images = (XrSwapchainImageVulkanKHR *)images;
    for (uint32_t k = 0; write && k < sc->image_count && r == XR_SUCCESS; k++) {
        if (vk_images[k].type != XR_TYPE_SWAPCHAIN_IMAGE_VULKAN_KHR)
            r = mx_diag(XR_ERROR_VALIDATION_FAILURE, func, "images[%u].type is %s (%d); a Vulkan session needs "
                        "XR_TYPE_SWAPCHAIN_IMAGE_VULKAN_KHR", k, mx_struct_type_str(vk_images[k].type),
                        (int)vk_images[k].type);
    }
    const struct mx_vk_swapchain *vsc = sc ? sc->vk : NULL;
    for (uint32_t k = 0; write && k < sc->image_count && r == XR_SUCCESS; k++)
        vk_images[k].image = vsc->images[k].image;
    mx_unlock();
    return r;
}

void mx_vk_swapchain_release_all(struct mx_session *s)
{
    struct mx_vk_session *vs = s ? s->vk : NULL;
    while (vs && vs->swapchains)
        mx_vk_swapchain_free(vs, vs->swapchains);
}

PFN_xrVoidFunction mx_vk_swapchain_proc(const char *name)
{
    static const struct {
        const char *name;
        PFN_xrVoidFunction fn;
    } table[] = {
        {"xrEnumerateSwapchainFormats", (PFN_xrVoidFunction)enumerate_formats},
        {"xrCreateSwapchain", (PFN_xrVoidFunction)create_swapchain},
        {"xrDestroySwapchain", (PFN_xrVoidFunction)destroy_swapchain},
        {"xrEnumerateSwapchainImages", (PFN_xrVoidFunction)enumerate_images},
    };
    for (size_t k = 0; k < sizeof(table) / sizeof(table[0]); k++) {
        if (strcmp(name, table[k].name) == 0)
            return table[k].fn;
    }
    return mx_vk_swapchain_sync_proc(name);
}
