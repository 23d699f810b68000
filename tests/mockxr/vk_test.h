/* Helpers of the mockxr Vulkan tests: checks printing results by name, an XrInstance with the Vulkan
 * extensions, a Vulkan device made either way (enable / enable2), a session, frames, one-shot command
 * buffers and PNG reading. Header-only: each test is one executable. */
#ifndef MOCKXR_TEST_VK_TEST_H
#define MOCKXR_TEST_VK_TEST_H

#include <png.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <vulkan/vulkan.h>
#define XR_USE_GRAPHICS_API_VULKAN
#include <openxr/openxr.h>
#include <openxr/openxr_platform.h>

static int vt_failures;

static inline const char *vt_result(XrInstance inst, XrResult r)
{
    static char buf[XR_MAX_RESULT_STRING_SIZE];
    if (inst == XR_NULL_HANDLE || xrResultToString(inst, r, buf) != XR_SUCCESS)
        snprintf(buf, sizeof buf, "XrResult(%d)", (int)r);
    return buf;
}

#define VT_CHECK(cond, ...)                                                                  \
    do {                                                                                     \
        if (!(cond)) {                                                                       \
            vt_failures++;                                                                   \
            fprintf(stderr, "%s:%d: CHECK(%s) failed: ", __FILE__, __LINE__, #cond);         \
            fprintf(stderr, __VA_ARGS__);                                                    \
            fputc('\n', stderr);                                                             \
        }                                                                                    \
    } while (0)

/* Expects `call` to return `want` (results printed by name). */
#define VT_EXPECT(inst, call, want)                                                          \
    do {                                                                                     \
        XrResult vt_r_ = (call);                                                             \
        if (vt_r_ != (want)) {                                                               \
            vt_failures++;                                                                   \
            fprintf(stderr, "%s:%d: %s returned %s", __FILE__, __LINE__, #call,              \
                    vt_result(inst, vt_r_));                                                 \
            fprintf(stderr, ", expected %s\n", vt_result(inst, want));                       \
        }                                                                                    \
    } while (0)

#define VT_VK(call)                                                                          \
    do {                                                                                     \
        VkResult vt_vr_ = (call);                                                            \
        if (vt_vr_ != VK_SUCCESS) {                                                          \
            vt_failures++;                                                                   \
            fprintf(stderr, "%s:%d: %s returned VkResult %d\n", __FILE__, __LINE__, #call,   \
                    (int)vt_vr_);                                                            \
        }                                                                                    \
    } while (0)

static inline int vt_finish(const char *name)
{
    if (vt_failures) {
        fprintf(stderr, "%s: %d failure(s)\n", name, vt_failures);
        return 1;
    }
    printf("%s: all checks passed\n", name);
    return 0;
}

/* An extension function of the instance (NULL + a failure when missing). */
static inline PFN_xrVoidFunction vt_proc(XrInstance inst, const char *name)
{
    PFN_xrVoidFunction fn = NULL;
    XrResult r = xrGetInstanceProcAddr(inst, name, &fn);
    VT_CHECK(r == XR_SUCCESS && fn, "xrGetInstanceProcAddr(%s): %s", name, vt_result(inst, r));
    return fn;
}

/* Instance with the given extensions (NULL-terminated list) and its HMD system. */
static inline XrInstance vt_instance(const char *const *exts, XrSystemId *out_system)
{
    uint32_t n = 0;
    while (exts && exts[n])
        n++;
    XrInstanceCreateInfo ci = {.type = XR_TYPE_INSTANCE_CREATE_INFO, .enabledExtensionCount = n,
                               .enabledExtensionNames = exts};
    snprintf(ci.applicationInfo.applicationName, sizeof ci.applicationInfo.applicationName, "mockxr-vk-test");
    ci.applicationInfo.apiVersion = XR_MAKE_VERSION(1, 0, 0);
    XrInstance inst = XR_NULL_HANDLE;
    XrResult r = xrCreateInstance(&ci, &inst);
    VT_CHECK(r == XR_SUCCESS, "xrCreateInstance: %s", vt_result(XR_NULL_HANDLE, r));
    if (r != XR_SUCCESS)
        return XR_NULL_HANDLE;
    XrSystemGetInfo gi = {.type = XR_TYPE_SYSTEM_GET_INFO, .formFactor = XR_FORM_FACTOR_HEAD_MOUNTED_DISPLAY};
    r = xrGetSystem(inst, &gi, out_system);
    VT_CHECK(r == XR_SUCCESS, "xrGetSystem: %s", vt_result(inst, r));
    return inst;
}

/* The app's Vulkan objects. */
struct vt_vk {
    VkInstance instance;
    VkPhysicalDevice physical;
    VkDevice device;
    uint32_t family;
    VkQueue queue;
    VkCommandPool pool;
};

static inline bool vt_graphics_family(VkPhysicalDevice pd, uint32_t *out)
{
    uint32_t n = 0;
    vkGetPhysicalDeviceQueueFamilyProperties(pd, &n, NULL);
    VkQueueFamilyProperties props[16];
    n = n > 16 ? 16 : n;
    vkGetPhysicalDeviceQueueFamilyProperties(pd, &n, props);
    for (uint32_t k = 0; k < n; k++) {
        if (props[k].queueFlags & VK_QUEUE_GRAPHICS_BIT) {
            *out = k;
            return true;
        }
    }
    return false;
}

static inline const VkApplicationInfo *vt_app_info(void)
{
    static const VkApplicationInfo app = {.sType = VK_STRUCTURE_TYPE_APPLICATION_INFO,
                                          .pApplicationName = "mockxr-vk-test",
                                          .apiVersion = VK_API_VERSION_1_1};
    return &app;
}

static inline bool vt_finish_device(struct vt_vk *vk)
{
    vkGetDeviceQueue(vk->device, vk->family, 0, &vk->queue);
    VkCommandPoolCreateInfo pi = {.sType = VK_STRUCTURE_TYPE_COMMAND_POOL_CREATE_INFO,
                                  .flags = VK_COMMAND_POOL_CREATE_RESET_COMMAND_BUFFER_BIT,
                                  .queueFamilyIndex = vk->family};
    VkResult vr = vkCreateCommandPool(vk->device, &pi, NULL, &vk->pool);
    VT_CHECK(vr == VK_SUCCESS, "vkCreateCommandPool: %d", (int)vr);
    return vr == VK_SUCCESS;
}

/* XR_KHR_vulkan_enable2: requirements, instance, device pick, device, all through the runtime. */
static inline bool vt_vk_enable2(XrInstance inst, XrSystemId sys, struct vt_vk *vk)
{
    memset(vk, 0, sizeof(*vk));
    PFN_xrGetVulkanGraphicsRequirements2KHR reqs =
        (PFN_xrGetVulkanGraphicsRequirements2KHR)vt_proc(inst, "xrGetVulkanGraphicsRequirements2KHR");
    PFN_xrCreateVulkanInstanceKHR create_instance =
        (PFN_xrCreateVulkanInstanceKHR)vt_proc(inst, "xrCreateVulkanInstanceKHR");
    PFN_xrGetVulkanGraphicsDevice2KHR get_device =
        (PFN_xrGetVulkanGraphicsDevice2KHR)vt_proc(inst, "xrGetVulkanGraphicsDevice2KHR");
    PFN_xrCreateVulkanDeviceKHR create_device = (PFN_xrCreateVulkanDeviceKHR)vt_proc(inst, "xrCreateVulkanDeviceKHR");
    if (!reqs || !create_instance || !get_device || !create_device)
        return false;
    XrGraphicsRequirementsVulkan2KHR req = {.type = XR_TYPE_GRAPHICS_REQUIREMENTS_VULKAN2_KHR};
    VT_EXPECT(inst, reqs(inst, sys, &req), XR_SUCCESS);
    VkInstanceCreateInfo ici = {.sType = VK_STRUCTURE_TYPE_INSTANCE_CREATE_INFO, .pApplicationInfo = vt_app_info()};
    XrVulkanInstanceCreateInfoKHR xici = {.type = XR_TYPE_VULKAN_INSTANCE_CREATE_INFO_KHR, .systemId = sys,
                                          .pfnGetInstanceProcAddr = vkGetInstanceProcAddr,
                                          .vulkanCreateInfo = &ici};
    VkResult vr = VK_ERROR_UNKNOWN;
    VT_EXPECT(inst, create_instance(inst, &xici, &vk->instance, &vr), XR_SUCCESS);
    if (vr != VK_SUCCESS)
        return false;
    XrVulkanGraphicsDeviceGetInfoKHR gi = {.type = XR_TYPE_VULKAN_GRAPHICS_DEVICE_GET_INFO_KHR, .systemId = sys,
                                           .vulkanInstance = vk->instance};
    VT_EXPECT(inst, get_device(inst, &gi, &vk->physical), XR_SUCCESS);
    if (!vk->physical || !vt_graphics_family(vk->physical, &vk->family))
        return false;
    float prio = 1.0f;
    VkDeviceQueueCreateInfo qi = {.sType = VK_STRUCTURE_TYPE_DEVICE_QUEUE_CREATE_INFO,
                                  .queueFamilyIndex = vk->family, .queueCount = 1, .pQueuePriorities = &prio};
    VkDeviceCreateInfo dci = {.sType = VK_STRUCTURE_TYPE_DEVICE_CREATE_INFO, .queueCreateInfoCount = 1,
                              .pQueueCreateInfos = &qi};
    XrVulkanDeviceCreateInfoKHR xdci = {.type = XR_TYPE_VULKAN_DEVICE_CREATE_INFO_KHR, .systemId = sys,
                                        .pfnGetInstanceProcAddr = vkGetInstanceProcAddr,
                                        .vulkanPhysicalDevice = vk->physical, .vulkanCreateInfo = &dci};
    VT_EXPECT(inst, create_device(inst, &xdci, &vk->device, &vr), XR_SUCCESS);
    if (vr != VK_SUCCESS)
        return false;
    return vt_finish_device(vk);
}

/* Splits a space-separated extension list (modified in place) into at most cap names. */
static inline uint32_t vt_split(char *list, const char **names, uint32_t cap)
{
    uint32_t n = 0;
    char *save = NULL;
    for (char *tok = strtok_r(list, " ", &save); tok && n < cap; tok = strtok_r(NULL, " ", &save))
        names[n++] = tok;
    return n;
}

/* One of xrGetVulkan{Instance,Device}ExtensionsKHR through the two-call idiom (malloc'ed string). */
static inline char *vt_ext_string(XrInstance inst, XrSystemId sys, const char *fn_name)
{
    PFN_xrGetVulkanInstanceExtensionsKHR get = (PFN_xrGetVulkanInstanceExtensionsKHR)vt_proc(inst, fn_name);
    uint32_t n = 0;
    if (!get)
        return NULL;
    VT_EXPECT(inst, get(inst, sys, 0, &n, NULL), XR_SUCCESS);
    char *buf = calloc(n + 1, 1);
    if (buf)
        VT_EXPECT(inst, get(inst, sys, n, &n, buf), XR_SUCCESS);
    return buf;
}

/* XR_KHR_vulkan_enable: the app creates instance and device itself with the runtime's extension lists,
 * on the physical device xrGetVulkanGraphicsDeviceKHR names. */
static inline bool vt_vk_enable1(XrInstance inst, XrSystemId sys, struct vt_vk *vk)
{
    memset(vk, 0, sizeof(*vk));
    PFN_xrGetVulkanGraphicsRequirementsKHR reqs =
        (PFN_xrGetVulkanGraphicsRequirementsKHR)vt_proc(inst, "xrGetVulkanGraphicsRequirementsKHR");
    PFN_xrGetVulkanGraphicsDeviceKHR get_device =
        (PFN_xrGetVulkanGraphicsDeviceKHR)vt_proc(inst, "xrGetVulkanGraphicsDeviceKHR");
    char *iexts = vt_ext_string(inst, sys, "xrGetVulkanInstanceExtensionsKHR");
    char *dexts = vt_ext_string(inst, sys, "xrGetVulkanDeviceExtensionsKHR");
    bool ok = reqs && get_device && iexts && dexts;
    if (ok) {
        XrGraphicsRequirementsVulkanKHR req = {.type = XR_TYPE_GRAPHICS_REQUIREMENTS_VULKAN_KHR};
        VT_EXPECT(inst, reqs(inst, sys, &req), XR_SUCCESS);
        const char *names[16];
        VkInstanceCreateInfo ici = {.sType = VK_STRUCTURE_TYPE_INSTANCE_CREATE_INFO, .pApplicationInfo = vt_app_info(),
                                    .enabledExtensionCount = vt_split(iexts, names, 16),
                                    .ppEnabledExtensionNames = names};
        VkResult vr = vkCreateInstance(&ici, NULL, &vk->instance);
        VT_CHECK(vr == VK_SUCCESS, "vkCreateInstance with the runtime's extensions: %d", (int)vr);
        ok = vr == VK_SUCCESS;
    }
    if (ok) {
        VT_EXPECT(inst, get_device(inst, sys, vk->instance, &vk->physical), XR_SUCCESS);
        ok = vk->physical && vt_graphics_family(vk->physical, &vk->family);
    }
    if (ok) {
        const char *names[16];
        float prio = 1.0f;
        VkDeviceQueueCreateInfo qi = {.sType = VK_STRUCTURE_TYPE_DEVICE_QUEUE_CREATE_INFO,
                                      .queueFamilyIndex = vk->family, .queueCount = 1, .pQueuePriorities = &prio};
        VkDeviceCreateInfo dci = {.sType = VK_STRUCTURE_TYPE_DEVICE_CREATE_INFO, .queueCreateInfoCount = 1,
                                  .pQueueCreateInfos = &qi, .enabledExtensionCount = vt_split(dexts, names, 16),
                                  .ppEnabledExtensionNames = names};
        VkResult vr = vkCreateDevice(vk->physical, &dci, NULL, &vk->device);
        VT_CHECK(vr == VK_SUCCESS, "vkCreateDevice with the runtime's extensions: %d", (int)vr);
        ok = vr == VK_SUCCESS && vt_finish_device(vk);
    }
    free(iexts);
    free(dexts);
    return ok;
}

static inline void vt_vk_destroy(struct vt_vk *vk)
{
    if (vk->device) {
        vkDeviceWaitIdle(vk->device);
        if (vk->pool)
            vkDestroyCommandPool(vk->device, vk->pool, NULL);
        vkDestroyDevice(vk->device, NULL);
    }
    if (vk->instance)
        vkDestroyInstance(vk->instance, NULL);
    memset(vk, 0, sizeof(*vk));
}

static inline XrGraphicsBindingVulkanKHR vt_binding(const struct vt_vk *vk)
{
    return (XrGraphicsBindingVulkanKHR){.type = XR_TYPE_GRAPHICS_BINDING_VULKAN_KHR, .instance = vk->instance,
                                        .physicalDevice = vk->physical, .device = vk->device,
                                        .queueFamilyIndex = vk->family, .queueIndex = 0};
}

static inline XrResult vt_session_create(XrInstance inst, XrSystemId sys, const XrGraphicsBindingVulkanKHR *b,
                                         XrSession *out)
{
    XrSessionCreateInfo ci = {.type = XR_TYPE_SESSION_CREATE_INFO, .next = b, .systemId = sys};
    *out = XR_NULL_HANDLE;
    return xrCreateSession(inst, &ci, out);
}

/* Polls events; returns the newest session state seen (or `state`). */
static inline XrSessionState vt_poll(XrInstance inst, XrSessionState state)
{
    for (;;) {
        XrEventDataBuffer ev = {.type = XR_TYPE_EVENT_DATA_BUFFER};
        XrResult r = xrPollEvent(inst, &ev);
        if (r != XR_SUCCESS) {
            VT_CHECK(r == XR_EVENT_UNAVAILABLE, "xrPollEvent: %s", vt_result(inst, r));
            return state;
        }
        if (ev.type == XR_TYPE_EVENT_DATA_SESSION_STATE_CHANGED)
            state = ((XrEventDataSessionStateChanged *)&ev)->state;
    }
}

/* Waits for READY and begins a stereo session. */
static inline void vt_session_begin(XrInstance inst, XrSession s)
{
    XrSessionState st = vt_poll(inst, XR_SESSION_STATE_UNKNOWN);
    VT_CHECK(st == XR_SESSION_STATE_READY, "session state %d, expected READY", (int)st);
    XrSessionBeginInfo bi = {.type = XR_TYPE_SESSION_BEGIN_INFO,
                             .primaryViewConfigurationType = XR_VIEW_CONFIGURATION_TYPE_PRIMARY_STEREO};
    VT_EXPECT(inst, xrBeginSession(s, &bi), XR_SUCCESS);
}

/* xrWaitFrame + xrBeginFrame; returns the predicted display time. */
static inline XrTime vt_frame_begin(XrInstance inst, XrSession s)
{
    XrFrameWaitInfo wi = {.type = XR_TYPE_FRAME_WAIT_INFO};
    XrFrameState fs = {.type = XR_TYPE_FRAME_STATE};
    VT_EXPECT(inst, xrWaitFrame(s, &wi, &fs), XR_SUCCESS);
    XrFrameBeginInfo bi = {.type = XR_TYPE_FRAME_BEGIN_INFO};
    VT_EXPECT(inst, xrBeginFrame(s, &bi), XR_SUCCESS);
    return fs.predictedDisplayTime;
}

static inline XrResult vt_frame_end(XrSession s, XrTime t, const XrCompositionLayerBaseHeader *layer)
{
    XrFrameEndInfo ei = {.type = XR_TYPE_FRAME_END_INFO, .displayTime = t,
                         .environmentBlendMode = XR_ENVIRONMENT_BLEND_MODE_OPAQUE, .layerCount = layer ? 1 : 0,
                         .layers = layer ? &layer : NULL};
    return xrEndFrame(s, &ei);
}

static inline XrSwapchainCreateInfo vt_swapchain_info(int64_t format, uint32_t w, uint32_t h, uint32_t layers)
{
    bool depth = format == VK_FORMAT_D32_SFLOAT || format == VK_FORMAT_D24_UNORM_S8_UINT ||
                 format == VK_FORMAT_D16_UNORM;
    return (XrSwapchainCreateInfo){
        .type = XR_TYPE_SWAPCHAIN_CREATE_INFO,
        .usageFlags =
            (depth ? XR_SWAPCHAIN_USAGE_DEPTH_STENCIL_ATTACHMENT_BIT : XR_SWAPCHAIN_USAGE_COLOR_ATTACHMENT_BIT) |
            XR_SWAPCHAIN_USAGE_TRANSFER_DST_BIT | XR_SWAPCHAIN_USAGE_SAMPLED_BIT,
        .format = format, .sampleCount = 1, .width = w, .height = h, .faceCount = 1, .arraySize = layers,
        .mipCount = 1};
}

/* Enumerates the swapchain's VkImages into out (capacity cap); returns the count. */
static inline uint32_t vt_images(XrInstance inst, XrSwapchain sc, VkImage *out, uint32_t cap)
{
    uint32_t n = 0;
    VT_EXPECT(inst, xrEnumerateSwapchainImages(sc, 0, &n, NULL), XR_SUCCESS);
    XrSwapchainImageVulkanKHR imgs[8];
    for (uint32_t k = 0; k < 8; k++)
        imgs[k] = (XrSwapchainImageVulkanKHR){.type = XR_TYPE_SWAPCHAIN_IMAGE_VULKAN_KHR};
    n = n > 8 ? 8 : n;
    VT_EXPECT(inst, xrEnumerateSwapchainImages(sc, n, &n, (XrSwapchainImageBaseHeader *)imgs), XR_SUCCESS);
    for (uint32_t k = 0; k < n && k < cap; k++)
        out[k] = imgs[k].image;
    return n;
}

/* A primary command buffer being recorded; vt_cmd_submit ends, submits, waits and frees it. */
static inline VkCommandBuffer vt_cmd_begin(const struct vt_vk *vk)
{
    VkCommandBufferAllocateInfo ai = {.sType = VK_STRUCTURE_TYPE_COMMAND_BUFFER_ALLOCATE_INFO,
                                      .commandPool = vk->pool, .level = VK_COMMAND_BUFFER_LEVEL_PRIMARY,
                                      .commandBufferCount = 1};
    VkCommandBuffer cmd = VK_NULL_HANDLE;
    VT_VK(vkAllocateCommandBuffers(vk->device, &ai, &cmd));
    VkCommandBufferBeginInfo bi = {.sType = VK_STRUCTURE_TYPE_COMMAND_BUFFER_BEGIN_INFO,
                                   .flags = VK_COMMAND_BUFFER_USAGE_ONE_TIME_SUBMIT_BIT};
    VT_VK(vkBeginCommandBuffer(cmd, &bi));
    return cmd;
}

/* A submitted command buffer and its fence, as apps keep them (they do not wait before release). */
struct vt_pending {
    VkCommandBuffer cmd;
    VkFence fence;
};

static inline struct vt_pending vt_cmd_submit_async(const struct vt_vk *vk, VkCommandBuffer cmd)
{
    struct vt_pending p = {.cmd = cmd};
    VT_VK(vkEndCommandBuffer(cmd));
    VkFenceCreateInfo fi = {.sType = VK_STRUCTURE_TYPE_FENCE_CREATE_INFO};
    VT_VK(vkCreateFence(vk->device, &fi, NULL, &p.fence));
    VkSubmitInfo si = {.sType = VK_STRUCTURE_TYPE_SUBMIT_INFO, .commandBufferCount = 1, .pCommandBuffers = &cmd};
    VT_VK(vkQueueSubmit(vk->queue, 1, &si, p.fence));
    return p;
}

static inline void vt_cmd_finish(const struct vt_vk *vk, struct vt_pending *p)
{
    if (p->fence) {
        VT_VK(vkWaitForFences(vk->device, 1, &p->fence, VK_TRUE, UINT64_MAX));
        vkDestroyFence(vk->device, p->fence, NULL);
    }
    if (p->cmd)
        vkFreeCommandBuffers(vk->device, vk->pool, 1, &p->cmd);
    memset(p, 0, sizeof(*p));
}

static inline void vt_cmd_submit(const struct vt_vk *vk, VkCommandBuffer cmd)
{
    struct vt_pending p = vt_cmd_submit_async(vk, cmd);
    vt_cmd_finish(vk, &p);
}

/* Layout transition of one array layer (all aspects of `aspect`), as an app records it. */
static inline void vt_barrier(VkCommandBuffer cmd, VkImage image, VkImageAspectFlags aspect, uint32_t layer,
                              VkImageLayout from, VkImageLayout to)
{
    VkImageMemoryBarrier b = {.sType = VK_STRUCTURE_TYPE_IMAGE_MEMORY_BARRIER,
                              .srcAccessMask = VK_ACCESS_MEMORY_WRITE_BIT,
                              .dstAccessMask = VK_ACCESS_MEMORY_READ_BIT | VK_ACCESS_MEMORY_WRITE_BIT,
                              .oldLayout = from, .newLayout = to,
                              .srcQueueFamilyIndex = VK_QUEUE_FAMILY_IGNORED,
                              .dstQueueFamilyIndex = VK_QUEUE_FAMILY_IGNORED, .image = image,
                              .subresourceRange = {aspect, 0, 1, layer, 1}};
    vkCmdPipelineBarrier(cmd, VK_PIPELINE_STAGE_ALL_COMMANDS_BIT, VK_PIPELINE_STAGE_ALL_COMMANDS_BIT, 0, 0, NULL, 0,
                         NULL, 1, &b);
}

/* Clears one layer of a colour image that is in COLOR_ATTACHMENT_OPTIMAL (where the binding spec says the
 * runtime leaves it after xrWaitSwapchainImage) and returns it there, as the spec requires at release. */
static inline void vt_clear_color(VkCommandBuffer cmd, VkImage image, uint32_t layer, const float rgba[4])
{
    vt_barrier(cmd, image, VK_IMAGE_ASPECT_COLOR_BIT, layer, VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL,
               VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL);
    VkClearColorValue c;
    memcpy(c.float32, rgba, sizeof(c.float32));
    VkImageSubresourceRange range = {VK_IMAGE_ASPECT_COLOR_BIT, 0, 1, layer, 1};
    vkCmdClearColorImage(cmd, image, VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL, &c, 1, &range);
    vt_barrier(cmd, image, VK_IMAGE_ASPECT_COLOR_BIT, layer, VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL,
               VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL);
}

/* Reads an 8-bit RGBA PNG; returns malloc'ed pixels (NULL on failure). */
static inline uint8_t *vt_png_read(const char *path, uint32_t *out_w, uint32_t *out_h)
{
    png_image img;
    memset(&img, 0, sizeof(img));
    img.version = PNG_IMAGE_VERSION;
    if (!png_image_begin_read_from_file(&img, path)) {
        VT_CHECK(false, "cannot read %s: %s", path, img.message);
        return NULL;
    }
    img.format = PNG_FORMAT_RGBA;
    uint8_t *px = malloc(PNG_IMAGE_SIZE(img));
    if (!px || !png_image_finish_read(&img, NULL, px, 0, NULL)) {
        VT_CHECK(false, "cannot decode %s: %s", path, img.message);
        free(px);
        png_image_free(&img);
        return NULL;
    }
    *out_w = img.width;
    *out_h = img.height;
    return px;
}

#endif
