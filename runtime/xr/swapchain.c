/* Swapchains: format choice (sRGB colour, a depth format when depth layers are offered), one array
 * swapchain for multiview or one per view, their VkImages, and acquire/wait/release. */
#include <inttypes.h>
#include <stdlib.h>

#include "xr_internal.h"

/* Lighting is computed linear; an sRGB format makes the hardware encode on write. */
static const int64_t color_prefs[] = {VK_FORMAT_R8G8B8A8_SRGB, VK_FORMAT_B8G8R8A8_SRGB};
static const int64_t depth_prefs[] = {VK_FORMAT_D32_SFLOAT, VK_FORMAT_D24_UNORM_S8_UINT, VK_FORMAT_D16_UNORM};

static int64_t pick(const int64_t *offered, uint32_t offered_count, const int64_t *prefs, uint32_t pref_count)
{
    for (uint32_t p = 0; p < pref_count; ++p)
        for (uint32_t i = 0; i < offered_count; ++i)
            if (offered[i] == prefs[p])
                return prefs[p];
    return 0;
}

static bool is_depth_format(int64_t f)
{
    return f == VK_FORMAT_D32_SFLOAT || f == VK_FORMAT_D24_UNORM_S8_UINT || f == VK_FORMAT_D16_UNORM ||
           f == VK_FORMAT_D32_SFLOAT_S8_UINT || f == VK_FORMAT_X8_D24_UNORM_PACK32;
}

static enum xr_status pick_formats(struct xr *xr)
{
    uint32_t count = 0;
    if (!xr_session_check(xr, xrEnumerateSwapchainFormats(xr->session, 0, &count, NULL), "xrEnumerateSwapchainFormats"))
        return XR_STATUS_FAILED;
    int64_t *formats = calloc(count ? count : 1, sizeof(*formats));
    if (!formats) {
        xr_log("out of memory listing swapchain formats");
        return XR_STATUS_FAILED;
    }
    bool ok = xr_session_check(xr, xrEnumerateSwapchainFormats(xr->session, count, &count, formats),
                               "xrEnumerateSwapchainFormats");
    if (ok) {
        xr->color_format = pick(formats, count, color_prefs, 2);
        for (uint32_t i = 0; i < count && xr->color_format == 0; ++i)
            if (!is_depth_format(formats[i]))
                xr->color_format = formats[i]; /* runtime's first colour format: it knows its compositor best */
        /* gfx keeps an MSAA frame's depth in its own multisampled buffer and does not resolve it (see
         * gfx_target_writes_depth): depth swapchains would carry undefined data, so there are none then. */
        const bool msaa = xr->desc.msaa_samples > 1;
        xr->depth_format = xr->ext.depth && !msaa ? pick(formats, count, depth_prefs, 3) : 0;
    }
    free(formats);
    if (ok && xr->color_format == 0) {
        xr_log("the runtime offers no colour swapchain format");
        ok = false;
    }
    if (ok && xr->color_format != VK_FORMAT_R8G8B8A8_SRGB && xr->color_format != VK_FORMAT_B8G8R8A8_SRGB)
        xr_log("no sRGB swapchain format offered: using VkFormat %" PRId64 " (colours will look darker)", xr->color_format);
    xr->depth_swapchains = xr->depth_format != 0;
    return ok ? XR_STATUS_OK : XR_STATUS_FAILED;
}

static enum xr_status create_one(struct xr *xr, struct xr_swapchain *sc, int64_t format, XrSwapchainUsageFlags usage,
                                 uint32_t array_size)
{
    const XrViewConfigurationView *v = &xr->config_views[0];
    XrSwapchainCreateInfo info = {.type = XR_TYPE_SWAPCHAIN_CREATE_INFO,
                                  .usageFlags = usage,
                                  .format = format,
                                  .sampleCount = 1,
                                  .width = v->recommendedImageRectWidth,
                                  .height = v->recommendedImageRectHeight,
                                  .faceCount = 1,
                                  .arraySize = array_size,
                                  .mipCount = 1};
    if (!xr_session_check(xr, xrCreateSwapchain(xr->session, &info, &sc->handle), "xrCreateSwapchain"))
        return XR_STATUS_FAILED;
    sc->width = info.width;
    sc->height = info.height;
    sc->array_size = array_size;
    sc->format = format;
    uint32_t count = 0;
    if (!xr_session_check(xr, xrEnumerateSwapchainImages(sc->handle, 0, &count, NULL), "xrEnumerateSwapchainImages"))
        return XR_STATUS_FAILED;
    XrSwapchainImageVulkanKHR *imgs = calloc(count ? count : 1, sizeof(*imgs));
    sc->images = calloc(count ? count : 1, sizeof(*sc->images));
    if (!imgs || !sc->images) {
        free(imgs);
        xr_log("out of memory for %" PRIu32 " swapchain images", count);
        return XR_STATUS_FAILED;
    }
    for (uint32_t i = 0; i < count; ++i)
        imgs[i].type = XR_TYPE_SWAPCHAIN_IMAGE_VULKAN_KHR;
    bool ok = xr_session_check(xr, xrEnumerateSwapchainImages(sc->handle, count, &count, (XrSwapchainImageBaseHeader *)imgs),
                               "xrEnumerateSwapchainImages");
    for (uint32_t i = 0; ok && i < count; ++i)
        sc->images[i] = imgs[i].image;
    sc->image_count = ok ? count : 0;
    free(imgs);
    return ok ? XR_STATUS_OK : XR_STATUS_FAILED;
}

enum xr_status xr_swapchains_create(struct xr *xr)
{
    enum xr_status st = pick_formats(xr);
    if (st != XR_STATUS_OK)
        return st;
    xr->swapchain_count = xr->multiview ? 1 : xr->view_count;
    uint32_t layers = xr->multiview ? xr->view_count : 1;
    for (uint32_t i = 0; i < xr->swapchain_count && st == XR_STATUS_OK; ++i) {
        /* gfx resolves MSAA into split multiview targets with a transfer (GFX_COLOR_IMAGE_USAGE). */
        st = create_one(xr, &xr->color[i], xr->color_format,
                        XR_SWAPCHAIN_USAGE_COLOR_ATTACHMENT_BIT | XR_SWAPCHAIN_USAGE_TRANSFER_DST_BIT, layers);
        if (st == XR_STATUS_OK && xr->depth_swapchains)
            st = create_one(xr, &xr->depth[i], xr->depth_format, XR_SWAPCHAIN_USAGE_DEPTH_STENCIL_ATTACHMENT_BIT, layers);
    }
    return st;
}

static void destroy_one(struct xr *xr, struct xr_swapchain *sc)
{
    if (sc->handle != XR_NULL_HANDLE)
        xr_ok(xr->instance, xrDestroySwapchain(sc->handle), "xrDestroySwapchain");
    free(sc->images);
    *sc = (struct xr_swapchain){0};
}

void xr_swapchains_destroy(struct xr *xr)
{
    for (uint32_t i = 0; i < XR_MAX_VIEWS; ++i) {
        destroy_one(xr, &xr->color[i]);
        destroy_one(xr, &xr->depth[i]);
    }
    xr->swapchain_count = 0;
}

bool xr_swapchain_acquire(struct xr *xr, struct xr_swapchain *sc, uint32_t *out_index)
{
    XrSwapchainImageAcquireInfo ai = {.type = XR_TYPE_SWAPCHAIN_IMAGE_ACQUIRE_INFO};
    if (!xr_session_check(xr, xrAcquireSwapchainImage(sc->handle, &ai, out_index), "xrAcquireSwapchainImage"))
        return false;
    XrSwapchainImageWaitInfo wi = {.type = XR_TYPE_SWAPCHAIN_IMAGE_WAIT_INFO, .timeout = XR_INFINITE_DURATION};
    XrResult r = xrWaitSwapchainImage(sc->handle, &wi);
    if (r == XR_TIMEOUT_EXPIRED) {
        xr_log("xrWaitSwapchainImage: XR_TIMEOUT_EXPIRED with an infinite timeout");
        xr->status = XR_STATUS_FAILED;
        return false;
    }
    /* Only a waited image may be released. */
    sc->acquired = xr_session_check(xr, r, "xrWaitSwapchainImage");
    return sc->acquired;
}

bool xr_swapchain_release(struct xr *xr, struct xr_swapchain *sc)
{
    if (!sc->acquired)
        return true;
    sc->acquired = false;
    XrSwapchainImageReleaseInfo ri = {.type = XR_TYPE_SWAPCHAIN_IMAGE_RELEASE_INFO};
    return xr_session_check(xr, xrReleaseSwapchainImage(sc->handle, &ri), "xrReleaseSwapchainImage");
}
