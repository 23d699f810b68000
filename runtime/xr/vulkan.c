/* The Vulkan instance and device the runtime wants (XR_KHR_vulkan_enable2, or XR_KHR_vulkan_enable as a
 * fallback), with what gfx needs (multiview), and the renderer made on them. */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "xr_internal.h"

#define MAX_EXTS 64

const char *xr_vk_result_text(VkResult r)
{
    switch (r) {
#define CASE(x) case x: return #x
        CASE(VK_SUCCESS);
        CASE(VK_NOT_READY);
        CASE(VK_TIMEOUT);
        CASE(VK_INCOMPLETE);
        CASE(VK_ERROR_OUT_OF_HOST_MEMORY);
        CASE(VK_ERROR_OUT_OF_DEVICE_MEMORY);
        CASE(VK_ERROR_INITIALIZATION_FAILED);
        CASE(VK_ERROR_DEVICE_LOST);
        CASE(VK_ERROR_LAYER_NOT_PRESENT);
        CASE(VK_ERROR_EXTENSION_NOT_PRESENT);
        CASE(VK_ERROR_FEATURE_NOT_PRESENT);
        CASE(VK_ERROR_INCOMPATIBLE_DRIVER);
        CASE(VK_ERROR_TOO_MANY_OBJECTS);
#undef CASE
    default: return "VkResult (other)";
    }
}

/* Vulkan API version: gfx needs 1.1 (GFX_VULKAN_API_VERSION, multiview core); we ask for 1.2 so gfx can
 * also query driver properties. The runtime's requirements must allow it. */
static bool check_requirements(struct xr *xr)
{
    XrGraphicsRequirementsVulkanKHR reqs = {.type = XR_TYPE_GRAPHICS_REQUIREMENTS_VULKAN_KHR};
    XrResult r;
    if (xr->ext.vulkan2) {
        reqs.type = XR_TYPE_GRAPHICS_REQUIREMENTS_VULKAN2_KHR;
        r = xr->fn.get_reqs2(xr->instance, xr->system, &reqs);
        if (!xr_ok(xr->instance, r, "xrGetVulkanGraphicsRequirements2KHR"))
            return false;
    } else {
        r = xr->fn.get_reqs1(xr->instance, xr->system, &reqs);
        if (!xr_ok(xr->instance, r, "xrGetVulkanGraphicsRequirementsKHR"))
            return false;
    }
    if (XR_VERSION_MAJOR(reqs.minApiVersionSupported) > 1 ||
        (XR_VERSION_MAJOR(reqs.minApiVersionSupported) == 1 && XR_VERSION_MINOR(reqs.minApiVersionSupported) > 2)) {
        xr_log("the runtime needs Vulkan %u.%u or newer; factoryxr asks for 1.2",
               XR_VERSION_MAJOR(reqs.minApiVersionSupported), XR_VERSION_MINOR(reqs.minApiVersionSupported));
        return false;
    }
    return true;
}

/* Splits the runtime's space-separated extension string (enable1) into names appended to list. */
static bool split_names(char *str, const char **list, uint32_t *count)
{
    for (char *save = NULL, *tok = strtok_r(str, " ", &save); tok; tok = strtok_r(NULL, " ", &save)) {
        if (*count == MAX_EXTS) {
            xr_log("the runtime asks for more than %d Vulkan extensions", MAX_EXTS);
            return false;
        }
        list[(*count)++] = tok;
    }
    return true;
}

typedef XrResult(XRAPI_PTR *get_ext_string_fn)(XrInstance, XrSystemId, uint32_t, uint32_t *, char *);

static char *runtime_ext_string(struct xr *xr, get_ext_string_fn fn, const char *call)
{
    uint32_t size = 0;
    if (!xr_ok(xr->instance, fn(xr->instance, xr->system, 0, &size, NULL), call))
        return NULL;
    char *str = calloc(size + 1, 1);
    if (!str) {
        xr_log("%s: out of memory", call);
        return NULL;
    }
    if (!xr_ok(xr->instance, fn(xr->instance, xr->system, size, &size, str), call)) {
        free(str);
        return NULL;
    }
    return str;
}

static bool create_instance(struct xr *xr)
{
    VkApplicationInfo app = {.sType = VK_STRUCTURE_TYPE_APPLICATION_INFO,
                             .pApplicationName = "factoryxr",
                             .applicationVersion = 1,
                             .pEngineName = "factoryxr",
                             .engineVersion = 1,
                             .apiVersion = VK_API_VERSION_1_2};
    VkInstanceCreateInfo info = {.sType = VK_STRUCTURE_TYPE_INSTANCE_CREATE_INFO, .pApplicationInfo = &app};
    VkResult vr = VK_SUCCESS;
    if (xr->ext.vulkan2) {
        XrVulkanInstanceCreateInfoKHR xinfo = {.type = XR_TYPE_VULKAN_INSTANCE_CREATE_INFO_KHR,
                                               .systemId = xr->system,
                                               .pfnGetInstanceProcAddr = vkGetInstanceProcAddr,
                                               .vulkanCreateInfo = &info};
        if (!xr_ok(xr->instance, xr->fn.create_vk_instance(xr->instance, &xinfo, &xr->vk_instance, &vr),
                   "xrCreateVulkanInstanceKHR"))
            return false;
    } else {
        const char *names[MAX_EXTS];
        uint32_t count = 0;
        char *str = runtime_ext_string(xr, xr->fn.get_instance_exts1, "xrGetVulkanInstanceExtensionsKHR");
        if (!str || !split_names(str, names, &count)) {
            free(str);
            return false;
        }
        info.enabledExtensionCount = count;
        info.ppEnabledExtensionNames = names;
        vr = vkCreateInstance(&info, NULL, &xr->vk_instance);
        free(str);
    }
    if (vr != VK_SUCCESS) {
        xr_log("vkCreateInstance failed: %s", xr_vk_result_text(vr));
        xr->vk_instance = VK_NULL_HANDLE;
        return false;
    }
    return true;
}

static bool pick_physical_device(struct xr *xr)
{
    if (xr->ext.vulkan2) {
        XrVulkanGraphicsDeviceGetInfoKHR info = {.type = XR_TYPE_VULKAN_GRAPHICS_DEVICE_GET_INFO_KHR,
                                                 .systemId = xr->system,
                                                 .vulkanInstance = xr->vk_instance};
        if (!xr_ok(xr->instance, xr->fn.get_vk_device2(xr->instance, &info, &xr->vk_physical),
                   "xrGetVulkanGraphicsDevice2KHR"))
            return false;
    } else if (!xr_ok(xr->instance, xr->fn.get_vk_device1(xr->instance, xr->system, xr->vk_instance, &xr->vk_physical),
                      "xrGetVulkanGraphicsDeviceKHR")) {
        return false;
    }
    uint32_t count = 0;
    vkGetPhysicalDeviceQueueFamilyProperties(xr->vk_physical, &count, NULL);
    VkQueueFamilyProperties *families = calloc(count ? count : 1, sizeof(*families));
    if (!families) {
        xr_log("out of memory listing queue families");
        return false;
    }
    vkGetPhysicalDeviceQueueFamilyProperties(xr->vk_physical, &count, families);
    bool found = false;
    for (uint32_t i = 0; i < count && !found; ++i) {
        if (families[i].queueFlags & VK_QUEUE_GRAPHICS_BIT) {
            xr->queue_family = i;
            found = true;
        }
    }
    free(families);
    if (!found)
        xr_log("the runtime's Vulkan device has no graphics queue");
    if (found && gfx_check_physical_device(xr->vk_physical) != 0) {
        xr_log("the runtime's Vulkan device cannot run the renderer (see above)");
        return false;
    }
    return found;
}

static bool create_device(struct xr *xr)
{
    const char *names[MAX_EXTS];
    uint32_t count = 0, gfx_count = 0;
    const char *const *gfx_exts = gfx_required_device_extensions(&gfx_count);
    for (uint32_t i = 0; i < gfx_count && count < MAX_EXTS; ++i)
        names[count++] = gfx_exts[i];
    char *str = NULL;
    if (!xr->ext.vulkan2) {
        str = runtime_ext_string(xr, xr->fn.get_device_exts1, "xrGetVulkanDeviceExtensionsKHR");
        if (!str || !split_names(str, names, &count)) {
            free(str);
            return false;
        }
    }
    float priority = 1.0f;
    VkDeviceQueueCreateInfo queue = {.sType = VK_STRUCTURE_TYPE_DEVICE_QUEUE_CREATE_INFO,
                                     .queueFamilyIndex = xr->queue_family,
                                     .queueCount = 1,
                                     .pQueuePriorities = &priority};
    /* gfx's shaders read gl_ViewIndex on both paths (0 in a per-view pass): multiview is always on. */
    VkPhysicalDeviceMultiviewFeatures features = {.sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_MULTIVIEW_FEATURES};
    gfx_required_device_features(&features);
    VkDeviceCreateInfo info = {.sType = VK_STRUCTURE_TYPE_DEVICE_CREATE_INFO,
                               .pNext = &features,
                               .queueCreateInfoCount = 1,
                               .pQueueCreateInfos = &queue,
                               .enabledExtensionCount = count,
                               .ppEnabledExtensionNames = names};
    VkResult vr = VK_SUCCESS;
    if (xr->ext.vulkan2) {
        XrVulkanDeviceCreateInfoKHR xinfo = {.type = XR_TYPE_VULKAN_DEVICE_CREATE_INFO_KHR,
                                             .systemId = xr->system,
                                             .pfnGetInstanceProcAddr = vkGetInstanceProcAddr,
                                             .vulkanPhysicalDevice = xr->vk_physical,
                                             .vulkanCreateInfo = &info};
        if (!xr_ok(xr->instance, xr->fn.create_vk_device(xr->instance, &xinfo, &xr->vk_device, &vr),
                   "xrCreateVulkanDeviceKHR")) {
            free(str);
            return false;
        }
    } else {
        vr = vkCreateDevice(xr->vk_physical, &info, NULL, &xr->vk_device);
    }
    free(str);
    if (vr != VK_SUCCESS) {
        xr_log("vkCreateDevice failed: %s", xr_vk_result_text(vr));
        xr->vk_device = VK_NULL_HANDLE;
        return false;
    }
    return true;
}

enum xr_status xr_vulkan_create(struct xr *xr)
{
    if (!check_requirements(xr) || !create_instance(xr) || !pick_physical_device(xr) || !create_device(xr))
        return XR_STATUS_FAILED;
    struct gfx_device_desc desc = {.instance = xr->vk_instance,
                                   .physical_device = xr->vk_physical,
                                   .device = xr->vk_device,
                                   .queue_family = xr->queue_family,
                                   .queue_index = 0,
                                   .get_instance_proc_addr = vkGetInstanceProcAddr};
    if (gfx_create(&desc, &xr->gfx) != 0) {
        xr_log("gfx_create failed (see above)");
        return XR_STATUS_FAILED;
    }
    if (gfx_upload_scene(xr->gfx, xr->desc.scene) != 0) {
        xr_log("gfx_upload_scene failed (see above)");
        return XR_STATUS_FAILED;
    }
    xr_log("Vulkan ready: %" PRIu32 " Vulkan objects live in gfx before any session", gfx_live_objects(xr->gfx));
    return XR_STATUS_OK;
}

void xr_vulkan_destroy(struct xr *xr)
{
    gfx_destroy(&xr->gfx);
    if (xr->vk_device != VK_NULL_HANDLE) {
        vkDestroyDevice(xr->vk_device, NULL);
        xr->vk_device = VK_NULL_HANDLE;
    }
    if (xr->vk_instance != VK_NULL_HANDLE) {
        vkDestroyInstance(xr->vk_instance, NULL);
        xr->vk_instance = VK_NULL_HANDLE;
    }
}
