/* mockxr swapchain rules on Vulkan: formats offered (order, filtering, two-call idiom, none when headless),
 * every create error, image enumeration, acquire/wait/release order rules, static swapchains, the wait
 * timeout (the app holds its queue on an unset VkEvent), a blocked waiter not blocking other threads, and
 * handles after destroy. */
#include "vk_test.h"

#include <pthread.h>
#include <time.h>

#define SIZE 64

/* What mockxr offers, in its preference order, when the device supports it. */
static const int64_t g_candidates[] = {
    VK_FORMAT_R8G8B8A8_SRGB, VK_FORMAT_B8G8R8A8_SRGB, VK_FORMAT_R8G8B8A8_UNORM, VK_FORMAT_B8G8R8A8_UNORM,
    VK_FORMAT_R16G16B16A16_SFLOAT, VK_FORMAT_D32_SFLOAT, VK_FORMAT_D24_UNORM_S8_UINT, VK_FORMAT_D16_UNORM,
};
#define CANDIDATES (sizeof(g_candidates) / sizeof(g_candidates[0]))

static bool is_depth(int64_t f)
{
    return f == VK_FORMAT_D32_SFLOAT || f == VK_FORMAT_D24_UNORM_S8_UINT || f == VK_FORMAT_D16_UNORM;
}

static bool device_supports(const struct vt_vk *vk, int64_t f)
{
    VkFormatProperties p;
    vkGetPhysicalDeviceFormatProperties(vk->physical, (VkFormat)f, &p);
    VkFormatFeatureFlags need = VK_FORMAT_FEATURE_SAMPLED_IMAGE_BIT | VK_FORMAT_FEATURE_TRANSFER_SRC_BIT |
                                VK_FORMAT_FEATURE_TRANSFER_DST_BIT |
                                (is_depth(f) ? VK_FORMAT_FEATURE_DEPTH_STENCIL_ATTACHMENT_BIT
                                             : VK_FORMAT_FEATURE_COLOR_ATTACHMENT_BIT);
    return (p.optimalTilingFeatures & need) == need;
}

static void check_formats(XrInstance inst, XrSession s, const struct vt_vk *vk)
{
    uint32_t n = 0;
    VT_EXPECT(inst, xrEnumerateSwapchainFormats(s, 0, &n, NULL), XR_SUCCESS);
    int64_t got[16];
    for (int k = 0; k < 16; k++)
        got[k] = -1;
    VT_CHECK(n >= 2 && n <= 16, "%u formats", n);
    if (n < 2 || n > 16)
        return;
    uint32_t n1 = 0;
    VT_EXPECT(inst, xrEnumerateSwapchainFormats(s, 1, &n1, got), XR_ERROR_SIZE_INSUFFICIENT);
    VT_CHECK(got[1] == -1 && n1 == n, "SIZE_INSUFFICIENT must not write past capacity and must report %u", n);
    VT_EXPECT(inst, xrEnumerateSwapchainFormats(s, n, &n1, got), XR_SUCCESS);
    /* Exactly the candidates the device supports, in order. */
    uint32_t expected = 0;
    for (size_t c = 0; c < CANDIDATES; c++) {
        if (!device_supports(vk, g_candidates[c]))
            continue;
        VT_CHECK(expected < n && got[expected] == g_candidates[c], "format %u is %lld, expected %lld", expected,
                 (long long)(expected < n ? got[expected] : -1), (long long)g_candidates[c]);
        expected++;
    }
    VT_CHECK(expected == n, "%u formats listed, %u expected", n, expected);
    VT_CHECK(got[0] == VK_FORMAT_R8G8B8A8_SRGB || got[0] == VK_FORMAT_B8G8R8A8_SRGB, "an sRGB format comes first");
}

static XrResult create(XrSession s, const XrSwapchainCreateInfo *ci, XrSwapchain *out)
{
    *out = XR_NULL_HANDLE;
    XrResult r = xrCreateSwapchain(s, ci, out);
    if (r == XR_SUCCESS)
        xrDestroySwapchain(*out);
    return r;
}

/* Formats and sizes. */
static void check_create_errors(XrInstance inst, XrSession s)
{
    XrSwapchain sc;
    XrSwapchainCreateInfo ci = vt_swapchain_info(VK_FORMAT_R5G6B5_UNORM_PACK16, SIZE, SIZE, 1);
    VT_EXPECT(inst, create(s, &ci, &sc), XR_ERROR_SWAPCHAIN_FORMAT_UNSUPPORTED);
    const XrSwapchainCreateInfo good = vt_swapchain_info(VK_FORMAT_R8G8B8A8_SRGB, SIZE, SIZE, 1);
    VT_EXPECT(inst, create(s, &good, &sc), XR_SUCCESS);
    ci = good;
    ci.faceCount = 2; /* 1, or 6 for a cube map (mockxr_vk_layer_types) */
    VT_EXPECT(inst, create(s, &ci, &sc), XR_ERROR_VALIDATION_FAILURE);
    ci = good;
    ci.sampleCount = 4;
    VT_EXPECT(inst, create(s, &ci, &sc), XR_ERROR_VALIDATION_FAILURE);
    ci = good;
    ci.width = 0;
    VT_EXPECT(inst, create(s, &ci, &sc), XR_ERROR_VALIDATION_FAILURE);
    ci = good;
    ci.arraySize = 0;
    VT_EXPECT(inst, create(s, &ci, &sc), XR_ERROR_VALIDATION_FAILURE);
    ci = good;
    ci.mipCount = 8; /* a 64x64 image has 7 levels */
    VT_EXPECT(inst, create(s, &ci, &sc), XR_ERROR_VALIDATION_FAILURE);
    ci.mipCount = 7;
    VT_EXPECT(inst, create(s, &ci, &sc), XR_SUCCESS);
    ci = good;
    ci.arraySize = 2;
    ci.mipCount = 3;
    VT_EXPECT(inst, create(s, &ci, &sc), XR_SUCCESS);
}

/* Flags and usage: unknown bits, protected content, and usage the device does not support. */
static void check_create_flags(XrInstance inst, XrSession s, const struct vt_vk *vk)
{
    XrSwapchain sc;
    const XrSwapchainCreateInfo good = vt_swapchain_info(VK_FORMAT_R8G8B8A8_SRGB, SIZE, SIZE, 1);
    XrSwapchainCreateInfo ci = good;
    ci.createFlags = XR_SWAPCHAIN_CREATE_PROTECTED_CONTENT_BIT;
    VT_EXPECT(inst, create(s, &ci, &sc), XR_ERROR_FEATURE_UNSUPPORTED);
    ci = good;
    ci.createFlags = 0x100;
    VT_EXPECT(inst, create(s, &ci, &sc), XR_ERROR_VALIDATION_FAILURE);
    ci = good;
    ci.usageFlags |= 0x80; /* XR_MND_swapchain_usage_input_attachment_bit, not enabled */
    VT_EXPECT(inst, create(s, &ci, &sc), XR_ERROR_VALIDATION_FAILURE);
    ci = vt_swapchain_info(VK_FORMAT_D32_SFLOAT, SIZE, SIZE, 1);
    ci.usageFlags |= XR_SWAPCHAIN_USAGE_COLOR_ATTACHMENT_BIT;
    VT_EXPECT(inst, create(s, &ci, &sc), XR_ERROR_FEATURE_UNSUPPORTED);
    /* Usage mapped 1:1: storage on sRGB is up to the device; the runtime must agree with it. */
    ci = good;
    ci.usageFlags |= XR_SWAPCHAIN_USAGE_UNORDERED_ACCESS_BIT;
    VkImageFormatProperties p;
    VkResult vr = vkGetPhysicalDeviceImageFormatProperties(
        vk->physical, VK_FORMAT_R8G8B8A8_SRGB, VK_IMAGE_TYPE_2D, VK_IMAGE_TILING_OPTIMAL,
        VK_IMAGE_USAGE_COLOR_ATTACHMENT_BIT | VK_IMAGE_USAGE_TRANSFER_DST_BIT | VK_IMAGE_USAGE_SAMPLED_BIT |
            VK_IMAGE_USAGE_STORAGE_BIT | VK_IMAGE_USAGE_TRANSFER_SRC_BIT, 0, &p);
    VT_EXPECT(inst, create(s, &ci, &sc), vr == VK_SUCCESS ? XR_SUCCESS : XR_ERROR_FEATURE_UNSUPPORTED);
    VT_EXPECT(inst, xrCreateSwapchain(s, &good, NULL), XR_ERROR_VALIDATION_FAILURE);
    ci = good;
    ci.type = XR_TYPE_SESSION_CREATE_INFO;
    VT_EXPECT(inst, create(s, &ci, &sc), XR_ERROR_VALIDATION_FAILURE);
}

/* Every offered format makes a multiview swapchain. */
static void check_create_all(XrInstance inst, XrSession s, const struct vt_vk *vk)
{
    XrSwapchain sc;
    for (size_t c = 0; c < CANDIDATES; c++) {
        if (!device_supports(vk, g_candidates[c]))
            continue;
        XrSwapchainCreateInfo ci = vt_swapchain_info(g_candidates[c], SIZE, SIZE, 2);
        VT_EXPECT(inst, create(s, &ci, &sc), XR_SUCCESS);
    }
}

static void check_images(XrInstance inst, XrSession s)
{
    XrSwapchainCreateInfo ci = vt_swapchain_info(VK_FORMAT_R8G8B8A8_UNORM, SIZE, SIZE, 1);
    XrSwapchain sc = XR_NULL_HANDLE;
    VT_EXPECT(inst, xrCreateSwapchain(s, &ci, &sc), XR_SUCCESS);
    uint32_t n = 0;
    VT_EXPECT(inst, xrEnumerateSwapchainImages(sc, 0, &n, NULL), XR_SUCCESS);
    VT_CHECK(n == 3, "%u images", n);
    XrSwapchainImageVulkanKHR imgs[3];
    for (int k = 0; k < 3; k++)
        imgs[k] = (XrSwapchainImageVulkanKHR){.type = XR_TYPE_SWAPCHAIN_IMAGE_VULKAN_KHR};
    VT_EXPECT(inst, xrEnumerateSwapchainImages(sc, 1, &n, (XrSwapchainImageBaseHeader *)imgs),
              XR_ERROR_SIZE_INSUFFICIENT);
    imgs[1].type = XR_TYPE_SWAPCHAIN_IMAGE_ACQUIRE_INFO;
    VT_EXPECT(inst, xrEnumerateSwapchainImages(sc, 3, &n, (XrSwapchainImageBaseHeader *)imgs),
              XR_ERROR_VALIDATION_FAILURE);
    imgs[1].type = XR_TYPE_SWAPCHAIN_IMAGE_VULKAN_KHR;
    VT_EXPECT(inst, xrEnumerateSwapchainImages(sc, 3, &n, (XrSwapchainImageBaseHeader *)imgs), XR_SUCCESS);
    VT_CHECK(imgs[0].image && imgs[1].image && imgs[2].image && imgs[0].image != imgs[1].image &&
             imgs[1].image != imgs[2].image && imgs[0].image != imgs[2].image, "three distinct VkImages");
    VT_EXPECT(inst, xrDestroySwapchain(sc), XR_SUCCESS);
    uint32_t index = 0;
    VT_EXPECT(inst, xrAcquireSwapchainImage(sc, NULL, &index), XR_ERROR_HANDLE_INVALID);
    VT_EXPECT(inst, xrDestroySwapchain(sc), XR_ERROR_HANDLE_INVALID);
}

static void check_order(XrInstance inst, XrSession s)
{
    XrSwapchainCreateInfo ci = vt_swapchain_info(VK_FORMAT_R8G8B8A8_SRGB, SIZE, SIZE, 1);
    XrSwapchain sc = XR_NULL_HANDLE;
    VT_EXPECT(inst, xrCreateSwapchain(s, &ci, &sc), XR_SUCCESS);
    XrSwapchainImageWaitInfo wi = {.type = XR_TYPE_SWAPCHAIN_IMAGE_WAIT_INFO, .timeout = XR_INFINITE_DURATION};
    XrSwapchainImageAcquireInfo ai = {.type = XR_TYPE_SWAPCHAIN_IMAGE_ACQUIRE_INFO};
    uint32_t index = 99;
    VT_EXPECT(inst, xrWaitSwapchainImage(sc, &wi), XR_ERROR_CALL_ORDER_INVALID);
    VT_EXPECT(inst, xrReleaseSwapchainImage(sc, NULL), XR_ERROR_CALL_ORDER_INVALID);
    VT_EXPECT(inst, xrAcquireSwapchainImage(sc, &ai, NULL), XR_ERROR_VALIDATION_FAILURE);
    for (uint32_t k = 0; k < 3; k++) {
        VT_EXPECT(inst, xrAcquireSwapchainImage(sc, k % 2 ? &ai : NULL, &index), XR_SUCCESS);
        VT_CHECK(index == k, "acquire %u gave index %u", k, index);
        VT_EXPECT(inst, xrReleaseSwapchainImage(sc, NULL), XR_ERROR_CALL_ORDER_INVALID);
    }
    VT_EXPECT(inst, xrAcquireSwapchainImage(sc, &ai, &index), XR_ERROR_CALL_ORDER_INVALID);
    VT_EXPECT(inst, xrWaitSwapchainImage(sc, NULL), XR_ERROR_VALIDATION_FAILURE);
    for (uint32_t k = 0; k < 3; k++) {
        VT_EXPECT(inst, xrWaitSwapchainImage(sc, &wi), XR_SUCCESS);
        VT_EXPECT(inst, xrWaitSwapchainImage(sc, &wi), XR_ERROR_CALL_ORDER_INVALID);
        XrSwapchainImageReleaseInfo ri = {.type = XR_TYPE_SWAPCHAIN_IMAGE_RELEASE_INFO};
        VT_EXPECT(inst, xrReleaseSwapchainImage(sc, k % 2 ? &ri : NULL), XR_SUCCESS);
    }
    VT_EXPECT(inst, xrReleaseSwapchainImage(sc, NULL), XR_ERROR_CALL_ORDER_INVALID);
    /* The cycle goes on in the same order. */
    VT_EXPECT(inst, xrAcquireSwapchainImage(sc, NULL, &index), XR_SUCCESS);
    VT_CHECK(index == 0, "after a full cycle acquire gave %u", index);
    VT_EXPECT(inst, xrDestroySwapchain(sc), XR_SUCCESS); /* with an image acquired: allowed */

    ci.createFlags = XR_SWAPCHAIN_CREATE_STATIC_IMAGE_BIT;
    VT_EXPECT(inst, xrCreateSwapchain(s, &ci, &sc), XR_SUCCESS);
    uint32_t n = 0;
    VT_EXPECT(inst, xrEnumerateSwapchainImages(sc, 0, &n, NULL), XR_SUCCESS);
    VT_CHECK(n == 1, "a static swapchain has %u images, expected 1", n);
    VT_EXPECT(inst, xrAcquireSwapchainImage(sc, NULL, &index), XR_SUCCESS);
    VT_EXPECT(inst, xrWaitSwapchainImage(sc, &wi), XR_SUCCESS);
    VT_EXPECT(inst, xrReleaseSwapchainImage(sc, NULL), XR_SUCCESS);
    VT_EXPECT(inst, xrAcquireSwapchainImage(sc, NULL, &index), XR_ERROR_CALL_ORDER_INVALID);
    VT_EXPECT(inst, xrDestroySwapchain(sc), XR_SUCCESS);
}

/* The app blocks its queue on a VkEvent only the host sets. The runtime's layout transition is queued
 * behind it, so the image cannot be ready: xrWaitSwapchainImage must time out, and keep timing out on
 * the same image, then succeed once the event is set. */
static void check_timeout(XrInstance inst, XrSession s, const struct vt_vk *vk)
{
    VkEventCreateInfo ei = {.sType = VK_STRUCTURE_TYPE_EVENT_CREATE_INFO};
    VkEvent event = VK_NULL_HANDLE;
    VT_VK(vkCreateEvent(vk->device, &ei, NULL, &event));
    VkCommandBuffer cmd = vt_cmd_begin(vk);
    vkCmdWaitEvents(cmd, 1, &event, VK_PIPELINE_STAGE_HOST_BIT, VK_PIPELINE_STAGE_ALL_COMMANDS_BIT, 0, NULL, 0, NULL,
                    0, NULL);
    VT_VK(vkEndCommandBuffer(cmd));
    VkSubmitInfo si = {.sType = VK_STRUCTURE_TYPE_SUBMIT_INFO, .commandBufferCount = 1, .pCommandBuffers = &cmd};
    VT_VK(vkQueueSubmit(vk->queue, 1, &si, VK_NULL_HANDLE));

    XrSwapchainCreateInfo ci = vt_swapchain_info(VK_FORMAT_R8G8B8A8_SRGB, SIZE, SIZE, 1);
    XrSwapchain sc = XR_NULL_HANDLE;
    VT_EXPECT(inst, xrCreateSwapchain(s, &ci, &sc), XR_SUCCESS);
    uint32_t index = 0;
    VT_EXPECT(inst, xrAcquireSwapchainImage(sc, NULL, &index), XR_SUCCESS);
    XrSwapchainImageWaitInfo wi = {.type = XR_TYPE_SWAPCHAIN_IMAGE_WAIT_INFO, .timeout = 2000000}; /* 2 ms */
    VT_EXPECT(inst, xrWaitSwapchainImage(sc, &wi), XR_TIMEOUT_EXPIRED);
    wi.timeout = 0;
    VT_EXPECT(inst, xrWaitSwapchainImage(sc, &wi), XR_TIMEOUT_EXPIRED);
    VT_EXPECT(inst, xrReleaseSwapchainImage(sc, NULL), XR_ERROR_CALL_ORDER_INVALID);
    VT_VK(vkSetEvent(vk->device, event));
    wi.timeout = XR_INFINITE_DURATION;
    VT_EXPECT(inst, xrWaitSwapchainImage(sc, &wi), XR_SUCCESS);
    VT_EXPECT(inst, xrReleaseSwapchainImage(sc, NULL), XR_SUCCESS);
    VT_VK(vkQueueWaitIdle(vk->queue));
    vkFreeCommandBuffers(vk->device, vk->pool, 1, &cmd);
    vkDestroyEvent(vk->device, event, NULL);
    VT_EXPECT(inst, xrDestroySwapchain(sc), XR_SUCCESS);
}

struct waiter {
    XrSwapchain swapchain;
    _Atomic int started;
    _Atomic int result; /* XrResult, 1 while not returned */
};

static void *wait_forever(void *arg)
{
    struct waiter *w = arg;
    XrSwapchainImageWaitInfo wi = {.type = XR_TYPE_SWAPCHAIN_IMAGE_WAIT_INFO, .timeout = XR_INFINITE_DURATION};
    w->started = 1;
    w->result = xrWaitSwapchainImage(w->swapchain, &wi);
    return NULL;
}

/* A thread blocked in xrWaitSwapchainImage (the queue is held on a VkEvent) must not block the runtime:
 * this thread keeps calling it meanwhile, then sets the event, and the wait succeeds. */
static void check_blocked_waiter(XrInstance inst, XrSession s, const struct vt_vk *vk)
{
    VkEventCreateInfo ei = {.sType = VK_STRUCTURE_TYPE_EVENT_CREATE_INFO};
    VkEvent event = VK_NULL_HANDLE;
    VT_VK(vkCreateEvent(vk->device, &ei, NULL, &event));
    VkCommandBuffer cmd = vt_cmd_begin(vk);
    vkCmdWaitEvents(cmd, 1, &event, VK_PIPELINE_STAGE_HOST_BIT, VK_PIPELINE_STAGE_ALL_COMMANDS_BIT, 0, NULL, 0, NULL,
                    0, NULL);
    VT_VK(vkEndCommandBuffer(cmd));
    VkSubmitInfo si = {.sType = VK_STRUCTURE_TYPE_SUBMIT_INFO, .commandBufferCount = 1, .pCommandBuffers = &cmd};
    VT_VK(vkQueueSubmit(vk->queue, 1, &si, VK_NULL_HANDLE));
    XrSwapchainCreateInfo ci = vt_swapchain_info(VK_FORMAT_R8G8B8A8_UNORM, SIZE, SIZE, 1);
    struct waiter w = {.result = 1};
    VT_EXPECT(inst, xrCreateSwapchain(s, &ci, &w.swapchain), XR_SUCCESS);
    uint32_t index = 0;
    VT_EXPECT(inst, xrAcquireSwapchainImage(w.swapchain, NULL, &index), XR_SUCCESS);
    pthread_t thread;
    VT_CHECK(pthread_create(&thread, NULL, wait_forever, &w) == 0, "pthread_create");
    while (!w.started)
        nanosleep(&(struct timespec){0, 1000000}, NULL);
    nanosleep(&(struct timespec){0, 50000000}, NULL); /* let it reach the fence wait */
    uint32_t n = 0;
    VT_EXPECT(inst, xrEnumerateSwapchainFormats(s, 0, &n, NULL), XR_SUCCESS); /* would hang if the lock were held */
    VT_EXPECT(inst, xrReleaseSwapchainImage(w.swapchain, NULL), XR_ERROR_CALL_ORDER_INVALID);
    VT_CHECK(w.result == 1, "xrWaitSwapchainImage returned %s before the queue could reach the image",
             vt_result(inst, (XrResult)w.result));
    VT_VK(vkSetEvent(vk->device, event));
    pthread_join(thread, NULL);
    VT_CHECK(w.result == XR_SUCCESS, "the blocked wait returned %s", vt_result(inst, (XrResult)w.result));
    VT_EXPECT(inst, xrReleaseSwapchainImage(w.swapchain, NULL), XR_SUCCESS);
    VT_VK(vkQueueWaitIdle(vk->queue));
    vkFreeCommandBuffers(vk->device, vk->pool, 1, &cmd);
    vkDestroyEvent(vk->device, event, NULL);
    VT_EXPECT(inst, xrDestroySwapchain(w.swapchain), XR_SUCCESS);
}

/* A headless session (XR_MND_headless) has no graphics API: no format, no swapchain. */
static void check_headless(void)
{
    const char *exts[] = {"XR_MND_headless", NULL};
    XrSystemId sys = XR_NULL_SYSTEM_ID;
    XrInstance inst = vt_instance(exts, &sys);
    XrSession s = XR_NULL_HANDLE;
    if (!inst)
        return;
    VT_EXPECT(inst, vt_session_create(inst, sys, NULL, &s), XR_SUCCESS);
    uint32_t n = 99;
    VT_EXPECT(inst, xrEnumerateSwapchainFormats(s, 0, &n, NULL), XR_SUCCESS);
    VT_CHECK(n == 0, "a headless session offers %u formats", n);
    XrSwapchainCreateInfo ci = vt_swapchain_info(VK_FORMAT_R8G8B8A8_SRGB, SIZE, SIZE, 1);
    XrSwapchain sc = XR_NULL_HANDLE;
    VT_EXPECT(inst, xrCreateSwapchain(s, &ci, &sc), XR_ERROR_SWAPCHAIN_FORMAT_UNSUPPORTED);
    VT_EXPECT(inst, xrDestroySession(s), XR_SUCCESS);
    VT_EXPECT(inst, xrDestroyInstance(inst), XR_SUCCESS);
}

int main(void)
{
    const char *exts[] = {XR_KHR_VULKAN_ENABLE2_EXTENSION_NAME, NULL};
    XrSystemId sys = XR_NULL_SYSTEM_ID;
    XrInstance inst = vt_instance(exts, &sys);
    struct vt_vk vk;
    if (!inst || !vt_vk_enable2(inst, sys, &vk))
        return vt_finish("vk_swapchain");
    XrGraphicsBindingVulkan2KHR b = vt_binding(&vk);
    XrSession s = XR_NULL_HANDLE;
    VT_EXPECT(inst, vt_session_create(inst, sys, &b, &s), XR_SUCCESS);
    check_formats(inst, s, &vk);
    check_create_errors(inst, s);
    check_create_flags(inst, s, &vk);
    check_create_all(inst, s, &vk);
    check_images(inst, s);
    check_order(inst, s);
    check_timeout(inst, s, &vk);
    check_blocked_waiter(inst, s, &vk);
    /* Swapchains left alive are freed with the session. */
    XrSwapchainCreateInfo ci = vt_swapchain_info(VK_FORMAT_R8G8B8A8_SRGB, SIZE, SIZE, 1);
    XrSwapchain left = XR_NULL_HANDLE;
    VT_EXPECT(inst, xrCreateSwapchain(s, &ci, &left), XR_SUCCESS);
    VT_EXPECT(inst, xrDestroySession(s), XR_SUCCESS);
    VT_EXPECT(inst, xrDestroySwapchain(left), XR_ERROR_HANDLE_INVALID);
    vt_vk_destroy(&vk);
    VT_EXPECT(inst, xrDestroyInstance(inst), XR_SUCCESS);
    check_headless();
    return vt_finish("vk_swapchain");
}
