/* Vulkan helpers of mockxr: entry-point loading, result names, memory types, device pick, one-shot submits. */
#include "vk_private.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

const char *mx_vk_result_str(VkResult r)
{
    switch (r) {
#define MX_VK_CASE(x) \
    case x:           \
        return #x;
        MX_VK_CASE(VK_SUCCESS)
        MX_VK_CASE(VK_NOT_READY)
        MX_VK_CASE(VK_TIMEOUT)
        MX_VK_CASE(VK_INCOMPLETE)
        MX_VK_CASE(VK_ERROR_OUT_OF_HOST_MEMORY)
        MX_VK_CASE(VK_ERROR_OUT_OF_DEVICE_MEMORY)
        MX_VK_CASE(VK_ERROR_INITIALIZATION_FAILED)
        MX_VK_CASE(VK_ERROR_DEVICE_LOST)
        MX_VK_CASE(VK_ERROR_MEMORY_MAP_FAILED)
        MX_VK_CASE(VK_ERROR_LAYER_NOT_PRESENT)
        MX_VK_CASE(VK_ERROR_EXTENSION_NOT_PRESENT)
        MX_VK_CASE(VK_ERROR_FEATURE_NOT_PRESENT)
        MX_VK_CASE(VK_ERROR_INCOMPATIBLE_DRIVER)
        MX_VK_CASE(VK_ERROR_TOO_MANY_OBJECTS)
        MX_VK_CASE(VK_ERROR_FORMAT_NOT_SUPPORTED)
        MX_VK_CASE(VK_ERROR_UNKNOWN)
#undef MX_VK_CASE
    default:
        return "VkResult(unknown)";
    }
}

XrResult mx_vk_fail(const char *func, const char *call, VkResult vr)
{
    return mx_diag(XR_ERROR_RUNTIME_FAILURE, func, "the runtime's %s failed with %s (%d)", call, mx_vk_result_str(vr),
                   (int)vr);
}

PFN_vkGetInstanceProcAddr mx_vk_gipa(const struct mx_instance *i, VkInstance vk_instance)
{
    const struct mx_vk_instance *vi = i ? i->vk : NULL;
    /* An app that created its instance through xrCreateVulkanInstanceKHR named its loader entry point:
     * keep using it for that instance (it may not be the libvulkan we link). */
    if (vi && vi->gipa && vi->vk_instance == vk_instance)
        return vi->gipa;
    return vkGetInstanceProcAddr;
}

#define MX_LOAD_I(name)                                                                  \
    do {                                                                                 \
        fn->name = (PFN_vk##name)gipa(instance, "vk" #name);                             \
        if (!fn->name) {                                                                 \
            mx_diag(XR_ERROR_RUNTIME_FAILURE, func, "vkGetInstanceProcAddr(vk" #name ") returned NULL"); \
            return false;                                                                \
        }                                                                                \
    } while (0)
#define MX_LOAD_D(name)                                                                  \
    do {                                                                                 \
        fn->name = (PFN_vk##name)fn->GetDeviceProcAddr(device, "vk" #name);              \
        if (!fn->name) {                                                                 \
            mx_diag(XR_ERROR_RUNTIME_FAILURE, func, "vkGetDeviceProcAddr(vk" #name ") returned NULL"); \
            return false;                                                                \
        }                                                                                \
    } while (0)

bool mx_vk_load(struct mx_vk_fns *fn, PFN_vkGetInstanceProcAddr gipa, VkInstance instance, VkDevice device,
                const char *func)
{
    MX_LOAD_I(GetPhysicalDeviceProperties);
    MX_LOAD_I(GetPhysicalDeviceFormatProperties);
    MX_LOAD_I(GetPhysicalDeviceImageFormatProperties);
    MX_LOAD_I(GetPhysicalDeviceMemoryProperties);
    MX_LOAD_I(GetPhysicalDeviceQueueFamilyProperties);
    MX_LOAD_I(GetDeviceProcAddr);
    if (device == VK_NULL_HANDLE)
        return true;
    MX_LOAD_D(GetDeviceQueue);
    MX_LOAD_D(CreateImage);
    MX_LOAD_D(DestroyImage);
    MX_LOAD_D(GetImageMemoryRequirements);
    MX_LOAD_D(CreateBuffer);
    MX_LOAD_D(DestroyBuffer);
    MX_LOAD_D(GetBufferMemoryRequirements);
    MX_LOAD_D(AllocateMemory);
    MX_LOAD_D(FreeMemory);
    MX_LOAD_D(BindImageMemory);
    MX_LOAD_D(BindBufferMemory);
    MX_LOAD_D(MapMemory);
    MX_LOAD_D(UnmapMemory);
    MX_LOAD_D(InvalidateMappedMemoryRanges);
    MX_LOAD_D(CreateCommandPool);
    MX_LOAD_D(DestroyCommandPool);
    MX_LOAD_D(AllocateCommandBuffers);
    MX_LOAD_D(FreeCommandBuffers);
    MX_LOAD_D(BeginCommandBuffer);
    MX_LOAD_D(EndCommandBuffer);
    MX_LOAD_D(CmdPipelineBarrier);
    MX_LOAD_D(CmdCopyImageToBuffer);
    MX_LOAD_D(QueueSubmit);
    MX_LOAD_D(CreateFence);
    MX_LOAD_D(DestroyFence);
    MX_LOAD_D(ResetFences);
    MX_LOAD_D(WaitForFences);
    return true;
}

int mx_vk_memory_type(const VkPhysicalDeviceMemoryProperties *m, uint32_t bits, VkMemoryPropertyFlags props)
{
    for (uint32_t k = 0; k < m->memoryTypeCount; k++) {
        if ((bits & (1u << k)) && (m->memoryTypes[k].propertyFlags & props) == props)
            return (int)k;
    }
    return -1;
}

/* Default choice when MOCKXR_VK_DEVICE is unset: the kind of GPU a headset would hang off. */
static int type_rank(VkPhysicalDeviceType t)
{
    switch (t) {
    case VK_PHYSICAL_DEVICE_TYPE_DISCRETE_GPU:
        return 0;
    case VK_PHYSICAL_DEVICE_TYPE_INTEGRATED_GPU:
        return 1;
    case VK_PHYSICAL_DEVICE_TYPE_VIRTUAL_GPU:
        return 2;
    case VK_PHYSICAL_DEVICE_TYPE_CPU:
        return 3;
    default:
        return 4;
    }
}

static void list_devices(char *buf, size_t size, const VkPhysicalDeviceProperties *props, uint32_t count)
{
    size_t used = 0;
    buf[0] = '\0';
    for (uint32_t k = 0; k < count && used < size; k++) {
        int n = snprintf(buf + used, size - used, "%s%u: \"%s\"", k ? ", " : "", k, props[k].deviceName);
        if (n < 0)
            break;
        used += (size_t)n;
    }
}

static XrResult choose(const struct mx_config *cfg, const VkPhysicalDeviceProperties *props, uint32_t count,
                       const char *func, uint32_t *out)
{
    char names[512];
    list_devices(names, sizeof(names), props, count);
    if (cfg->vk_device_index >= 0) {
        if ((uint32_t)cfg->vk_device_index >= count)
            return mx_diag(XR_ERROR_RUNTIME_FAILURE, func,
                           "%s=%d but the Vulkan instance has %u physical device(s): %s", MOCKXR_ENV_VK_DEVICE,
                           cfg->vk_device_index, count, names);
        *out = (uint32_t)cfg->vk_device_index;
        return XR_SUCCESS;
    }
    if (cfg->vk_device_name) {
        for (uint32_t k = 0; k < count; k++) {
            if (strcasestr(props[k].deviceName, cfg->vk_device_name)) {
                *out = k;
                return XR_SUCCESS;
            }
        }
        return mx_diag(XR_ERROR_RUNTIME_FAILURE, func, "%s=\"%s\" matches no physical device name; devices: %s",
                       MOCKXR_ENV_VK_DEVICE, cfg->vk_device_name, names);
    }
    uint32_t best = 0;
    for (uint32_t k = 1; k < count; k++) {
        if (type_rank(props[k].deviceType) < type_rank(props[best].deviceType))
            best = k;
    }
    *out = best;
    return XR_SUCCESS;
}

XrResult mx_vk_pick_device(struct mx_instance *i, PFN_vkGetInstanceProcAddr gipa, VkInstance vk_instance,
                           const char *func, VkPhysicalDevice *out, char *out_name)
{
    PFN_vkEnumeratePhysicalDevices enumerate =
        (PFN_vkEnumeratePhysicalDevices)gipa(vk_instance, "vkEnumeratePhysicalDevices");
    PFN_vkGetPhysicalDeviceProperties get_props =
        (PFN_vkGetPhysicalDeviceProperties)gipa(vk_instance, "vkGetPhysicalDeviceProperties");
    if (!enumerate || !get_props)
        return mx_diag(XR_ERROR_RUNTIME_FAILURE, func, "vkGetInstanceProcAddr(vkEnumeratePhysicalDevices) returned "
                       "NULL: is the VkInstance valid?");
    uint32_t count = 0;
    VkResult vr = enumerate(vk_instance, &count, NULL);
    if (vr != VK_SUCCESS)
        return mx_vk_fail(func, "vkEnumeratePhysicalDevices", vr);
    if (count == 0)
        return mx_diag(XR_ERROR_RUNTIME_FAILURE, func, "the Vulkan instance has no physical device");
    VkPhysicalDevice *devices = calloc(count, sizeof(*devices));
    VkPhysicalDeviceProperties *props = calloc(count, sizeof(*props));
    XrResult r = XR_SUCCESS;
    if (!devices || !props) {
        r = mx_diag(XR_ERROR_OUT_OF_MEMORY, func, "out of memory listing %u physical devices", count);
    } else {
        vr = enumerate(vk_instance, &count, devices);
        if (vr != VK_SUCCESS && vr != VK_INCOMPLETE)
            r = mx_vk_fail(func, "vkEnumeratePhysicalDevices", vr);
    }
    uint32_t chosen = 0;
    if (r == XR_SUCCESS) {
        for (uint32_t k = 0; k < count; k++)
            get_props(devices[k], &props[k]);
        r = choose(&i->config, props, count, func, &chosen);
    }
    if (r == XR_SUCCESS) {
        *out = devices[chosen];
        if (out_name)
            snprintf(out_name, VK_MAX_PHYSICAL_DEVICE_NAME_SIZE, "%s", props[chosen].deviceName);
    }
    free(devices);
    free(props);
    return r;
}

XrResult mx_vk_begin_once(struct mx_vk_session *vs, const char *func, VkCommandBuffer *out_cmd)
{
    VkCommandBufferAllocateInfo ai = {
        .sType = VK_STRUCTURE_TYPE_COMMAND_BUFFER_ALLOCATE_INFO,
        .commandPool = vs->pool,
        .level = VK_COMMAND_BUFFER_LEVEL_PRIMARY,
        .commandBufferCount = 1,
    };
    VkResult vr = vs->fn.AllocateCommandBuffers(vs->device, &ai, out_cmd);
    if (vr != VK_SUCCESS)
        return mx_vk_fail(func, "vkAllocateCommandBuffers", vr);
    VkCommandBufferBeginInfo bi = {
        .sType = VK_STRUCTURE_TYPE_COMMAND_BUFFER_BEGIN_INFO,
        .flags = VK_COMMAND_BUFFER_USAGE_ONE_TIME_SUBMIT_BIT,
    };
    vr = vs->fn.BeginCommandBuffer(*out_cmd, &bi);
    if (vr != VK_SUCCESS) {
        vs->fn.FreeCommandBuffers(vs->device, vs->pool, 1, out_cmd);
        *out_cmd = VK_NULL_HANDLE;
        return mx_vk_fail(func, "vkBeginCommandBuffer", vr);
    }
    return XR_SUCCESS;
}

/* Ends, submits and waits for cmd, then frees it. The wait is bounded so that an app whose queue never
 * progresses gets an error instead of a hung runtime; the buffer is leaked then (still in use). */
XrResult mx_vk_submit_once(struct mx_vk_session *vs, const char *func, VkCommandBuffer cmd)
{
    VkResult vr = vs->fn.EndCommandBuffer(cmd);
    XrResult r = XR_SUCCESS;
    VkFence fence = VK_NULL_HANDLE;
    if (vr != VK_SUCCESS) {
        r = mx_vk_fail(func, "vkEndCommandBuffer", vr);
        goto out;
    }
    VkFenceCreateInfo fi = {.sType = VK_STRUCTURE_TYPE_FENCE_CREATE_INFO};
    vr = vs->fn.CreateFence(vs->device, &fi, NULL, &fence);
    if (vr != VK_SUCCESS) {
        r = mx_vk_fail(func, "vkCreateFence", vr);
        goto out;
    }
    VkSubmitInfo si = {.sType = VK_STRUCTURE_TYPE_SUBMIT_INFO, .commandBufferCount = 1, .pCommandBuffers = &cmd};
    vr = vs->fn.QueueSubmit(vs->queue, 1, &si, fence);
    if (vr != VK_SUCCESS) {
        r = mx_vk_fail(func, "vkQueueSubmit", vr);
        goto out;
    }
    vr = vs->fn.WaitForFences(vs->device, 1, &fence, VK_TRUE, MX_VK_GPU_TIMEOUT_NS);
    if (vr != VK_SUCCESS) {
        r = mx_diag(XR_ERROR_RUNTIME_FAILURE, func, "the runtime's GPU work did not finish within %llu s (%s): "
                    "is the app's queue blocked?", MX_VK_GPU_TIMEOUT_NS / 1000000000ull, mx_vk_result_str(vr));
        return r; /* fence and command buffer still in use: leaked on purpose */
    }
out:
    if (fence != VK_NULL_HANDLE)
        vs->fn.DestroyFence(vs->device, fence, NULL);
    vs->fn.FreeCommandBuffers(vs->device, vs->pool, 1, &cmd);
    return r;
}
