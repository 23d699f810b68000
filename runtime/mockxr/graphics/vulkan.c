/* XR_KHR_vulkan_enable and XR_KHR_vulkan_enable2: requirements, extension lists, instance/device creation,
 * the runtime's choice of physical device, and the session's graphics binding. */
#include "vk_private.h"

#include <stdlib.h>
#include <string.h>

/* mockxr needs no Vulkan extension itself. It still asks for what an out-of-process runtime sharing
 * images with its compositor asks for (all promoted to Vulkan 1.1, available everywhere), so apps
 * exercise their handling of a real, multi-name list instead of an empty one. */
static const char g_instance_extensions[] = "VK_KHR_external_memory_capabilities "
                                            "VK_KHR_get_physical_device_properties2";
static const char g_device_extensions[] = "VK_KHR_external_memory VK_KHR_dedicated_allocation "
                                          "VK_KHR_get_memory_requirements2";

struct mx_vk_instance *mx_vk_instance_data(struct mx_instance *i, const char *func, XrResult *out_r)
{
    if (!i->vk) {
        i->vk = calloc(1, sizeof(struct mx_vk_instance));
        if (!i->vk) {
            *out_r = mx_diag(XR_ERROR_OUT_OF_MEMORY, func, "out of memory");
            return NULL;
        }
    }
    *out_r = XR_SUCCESS;
    return i->vk;
}

void mx_vk_instance_destroy(struct mx_instance *i)
{
    if (!i)
        return;
    free(i->vk);
    i->vk = NULL;
}

/* Instance + system checks every Vulkan entry point starts with (lock held). */
static XrResult begin_call(XrInstance instance, XrSystemId system_id, const char *func, struct mx_instance **out_i,
                           struct mx_vk_instance **out_vi)
{
    XrResult r = mx_instance_get(instance, func, out_i);
    if (r == XR_SUCCESS)
        r = mx_check_system(system_id, *out_i, func);
    if (r == XR_SUCCESS)
        *out_vi = mx_vk_instance_data(*out_i, func, &r);
    return r;
}

static XrResult requirements(XrInstance instance, XrSystemId system_id, XrGraphicsRequirementsVulkanKHR *req,
                             XrStructureType type, const char *func)
{
    mx_lock();
    struct mx_instance *i = NULL;
    struct mx_vk_instance *vi = NULL;
    XrResult r = begin_call(instance, system_id, func, &i, &vi);
    if (r == XR_SUCCESS)
        r = mx_check_struct(req, type, func, "graphicsRequirements");
    if (r == XR_SUCCESS) {
        req->minApiVersionSupported = XR_MAKE_VERSION(1, 0, 0);
        req->maxApiVersionSupported = XR_MAKE_VERSION(1, 3, 0); /* the newest it was tested with (lavapipe) */
        vi->requirements_queried = true;
    }
    mx_unlock();
    return r;
}

static XrResult XRAPI_CALL get_requirements(XrInstance instance, XrSystemId system_id,
                                            XrGraphicsRequirementsVulkanKHR *req)
{
    return requirements(instance, system_id, req, XR_TYPE_GRAPHICS_REQUIREMENTS_VULKAN_KHR,
                        "xrGetVulkanGraphicsRequirementsKHR");
}

static XrResult XRAPI_CALL get_requirements2(XrInstance instance, XrSystemId system_id,
                                             XrGraphicsRequirementsVulkan2KHR *req)
{
    return requirements(instance, system_id, req, XR_TYPE_GRAPHICS_REQUIREMENTS_VULKAN2_KHR,
                        "xrGetVulkanGraphicsRequirements2KHR");
}

static XrResult extension_string(XrInstance instance, XrSystemId system_id, uint32_t capacity, uint32_t *count_out,
                                 char *buffer, const char *list, const char *func)
{
    mx_lock();
    struct mx_instance *i = NULL;
    struct mx_vk_instance *vi = NULL;
    bool write = false;
    XrResult r = begin_call(instance, system_id, func, &i, &vi);
    if (r == XR_SUCCESS)
        r = mx_two_call(func, "buffer", capacity, count_out, buffer, (uint32_t)strlen(list) + 1, &write);
    if (r == XR_SUCCESS && write)
        memcpy(buffer, list, strlen(list) + 1);
    mx_unlock();
    return r;
}

static XrResult XRAPI_CALL get_instance_extensions(XrInstance instance, XrSystemId system_id, uint32_t capacity,
                                                   uint32_t *count_out, char *buffer)
{
    return extension_string(instance, system_id, capacity, count_out, buffer, g_instance_extensions,
                            "xrGetVulkanInstanceExtensionsKHR");
}

static XrResult XRAPI_CALL get_device_extensions(XrInstance instance, XrSystemId system_id, uint32_t capacity,
                                                 uint32_t *count_out, char *buffer)
{
    return extension_string(instance, system_id, capacity, count_out, buffer, g_device_extensions,
                            "xrGetVulkanDeviceExtensionsKHR");
}

static XrResult graphics_device(struct mx_instance *i, struct mx_vk_instance *vi, VkInstance vk_instance,
                                VkPhysicalDevice *out, const char *func)
{
    if (vk_instance == VK_NULL_HANDLE)
        return mx_diag(XR_ERROR_VALIDATION_FAILURE, func, "the VkInstance is VK_NULL_HANDLE");
    if (!out)
        return mx_diag(XR_ERROR_VALIDATION_FAILURE, func, "the VkPhysicalDevice output pointer is NULL");
    VkPhysicalDevice picked = VK_NULL_HANDLE;
    char name[VK_MAX_PHYSICAL_DEVICE_NAME_SIZE];
    XrResult r = mx_vk_pick_device(i, mx_vk_gipa(i, vk_instance), vk_instance, func, &picked, name);
    if (r != XR_SUCCESS)
        return r;
    if (vi->vk_instance != vk_instance)
        vi->gipa = NULL; /* a different instance than the one xrCreateVulkanInstanceKHR made */
    vi->vk_instance = vk_instance;
    vi->physical_device = picked;
    *out = picked;
    mx_info("Vulkan physical device: %s", name);
    return XR_SUCCESS;
}

static XrResult XRAPI_CALL get_graphics_device(XrInstance instance, XrSystemId system_id, VkInstance vk_instance,
                                               VkPhysicalDevice *out)
{
    static const char *func = "xrGetVulkanGraphicsDeviceKHR";
    mx_lock();
    struct mx_instance *i = NULL;
    struct mx_vk_instance *vi = NULL;
    XrResult r = begin_call(instance, system_id, func, &i, &vi);
    if (r == XR_SUCCESS)
        r = graphics_device(i, vi, vk_instance, out, func);
    mx_unlock();
    return r;
}

static XrResult XRAPI_CALL get_graphics_device2(XrInstance instance, const XrVulkanGraphicsDeviceGetInfoKHR *info,
                                                VkPhysicalDevice *out)
{
    static const char *func = "xrGetVulkanGraphicsDevice2KHR";
    mx_lock();
    struct mx_instance *i = NULL;
    struct mx_vk_instance *vi = NULL;
    XrResult r = mx_check_struct(info, XR_TYPE_VULKAN_GRAPHICS_DEVICE_GET_INFO_KHR, func, "getInfo");
    if (r == XR_SUCCESS)
        r = begin_call(instance, info->systemId, func, &i, &vi);
    if (r == XR_SUCCESS)
        r = graphics_device(i, vi, info->vulkanInstance, out, func);
    mx_unlock();
    return r;
}

/* The app's extension names followed by those of mockxr's space-separated `list` not already there. */
struct mx_name_list {
    const char **names;
    uint32_t count;
    char *storage; /* mockxr's names point into it */
};

static bool merge_names(const char *const *app, uint32_t app_count, const char *list, struct mx_name_list *out)
{
    out->storage = strdup(list);
    out->names = calloc(app_count + 8, sizeof(char *));
    out->count = 0;
    if (!out->storage || !out->names)
        return false;
    for (uint32_t k = 0; k < app_count; k++)
        out->names[out->count++] = app[k];
    char *save = NULL;
    for (char *tok = strtok_r(out->storage, " ", &save); tok && out->count < app_count + 8;
         tok = strtok_r(NULL, " ", &save)) {
        bool dup = false;
        for (uint32_t k = 0; k < app_count && !dup; k++)
            dup = strcmp(app[k], tok) == 0;
        if (!dup)
            out->names[out->count++] = tok;
    }
    return true;
}

static void free_names(struct mx_name_list *l)
{
    free(l->names);
    free(l->storage);
}

/* What XrVulkanInstanceCreateInfoKHR and XrVulkanDeviceCreateInfoKHR share, checked after their type. */
static XrResult check_create_members(uint64_t flags, PFN_vkGetInstanceProcAddr gipa, const void *vk_ci,
                                     uint32_t ext_count, const char *const *ext_names, const void *out_handle,
                                     const VkResult *out_vr, const char *func)
{
    if (flags != 0)
        return mx_diag(XR_ERROR_VALIDATION_FAILURE, func, "createFlags is 0x%llx; it must be 0",
                       (unsigned long long)flags);
    if (!gipa)
        return mx_diag(XR_ERROR_VALIDATION_FAILURE, func, "pfnGetInstanceProcAddr is NULL");
    if (!vk_ci)
        return mx_diag(XR_ERROR_VALIDATION_FAILURE, func, "vulkanCreateInfo is NULL");
    for (uint32_t k = 0; k < ext_count; k++) {
        if (!ext_names || !ext_names[k])
            return mx_diag(XR_ERROR_VALIDATION_FAILURE, func, "vulkanCreateInfo->ppEnabledExtensionNames[%u] is "
                           "NULL (enabledExtensionCount %u)", k, ext_count);
    }
    if (!out_handle || !out_vr)
        return mx_diag(XR_ERROR_VALIDATION_FAILURE, func, "an output pointer (%s) is NULL",
                       out_handle ? "vulkanResult" : "the Vulkan handle");
    return XR_SUCCESS;
}

static XrResult XRAPI_CALL create_vulkan_instance(XrInstance instance, const XrVulkanInstanceCreateInfoKHR *ci,
                                                  VkInstance *out_instance, VkResult *out_vr)
{
    static const char *func = "xrCreateVulkanInstanceKHR";
    mx_lock();
    struct mx_instance *i = NULL;
    struct mx_vk_instance *vi = NULL;
    XrResult r = mx_check_struct(ci, XR_TYPE_VULKAN_INSTANCE_CREATE_INFO_KHR, func, "createInfo");
    const VkInstanceCreateInfo *app = r == XR_SUCCESS ? ci->vulkanCreateInfo : NULL;
    if (r == XR_SUCCESS)
        r = check_create_members(ci->createFlags, ci->pfnGetInstanceProcAddr, app,
                                 app ? app->enabledExtensionCount : 0, app ? app->ppEnabledExtensionNames : NULL,
                                 out_instance, out_vr, func);
    if (r == XR_SUCCESS)
        r = begin_call(instance, ci->systemId, func, &i, &vi);
    PFN_vkCreateInstance create = NULL;
    if (r == XR_SUCCESS) {
        create = (PFN_vkCreateInstance)ci->pfnGetInstanceProcAddr(VK_NULL_HANDLE, "vkCreateInstance");
        if (!create)
            r = mx_diag(XR_ERROR_RUNTIME_FAILURE, func, "pfnGetInstanceProcAddr(vkCreateInstance) returned NULL");
    }
    struct mx_name_list names = {0};
    if (r == XR_SUCCESS &&
        !merge_names(app->ppEnabledExtensionNames, app->enabledExtensionCount, g_instance_extensions, &names))
        r = mx_diag(XR_ERROR_OUT_OF_MEMORY, func, "out of memory");
    if (r == XR_SUCCESS) {
        VkInstanceCreateInfo mine = *app;
        mine.enabledExtensionCount = names.count;
        mine.ppEnabledExtensionNames = names.names;
        *out_vr = create(&mine, ci->vulkanAllocator, out_instance);
        if (*out_vr != VK_SUCCESS) {
            r = mx_diag(XR_ERROR_RUNTIME_FAILURE, func, "vkCreateInstance with the app's create info (+ %s) "
                        "failed with %s (also in *vulkanResult)", g_instance_extensions, mx_vk_result_str(*out_vr));
        } else {
            vi->gipa = ci->pfnGetInstanceProcAddr;
            vi->vk_instance = *out_instance;
            vi->physical_device = VK_NULL_HANDLE;
        }
    }
    free_names(&names);
    mx_unlock();
    return r;
}

static XrResult XRAPI_CALL create_vulkan_device(XrInstance instance, const XrVulkanDeviceCreateInfoKHR *ci,
                                                VkDevice *out_device, VkResult *out_vr)
{
    static const char *func = "xrCreateVulkanDeviceKHR";
    mx_lock();
    struct mx_instance *i = NULL;
    struct mx_vk_instance *vi = NULL;
    XrResult r = mx_check_struct(ci, XR_TYPE_VULKAN_DEVICE_CREATE_INFO_KHR, func, "createInfo");
    const VkDeviceCreateInfo *app = r == XR_SUCCESS ? ci->vulkanCreateInfo : NULL;
    if (r == XR_SUCCESS)
        r = check_create_members(ci->createFlags, ci->pfnGetInstanceProcAddr, app,
                                 app ? app->enabledExtensionCount : 0, app ? app->ppEnabledExtensionNames : NULL,
                                 out_device, out_vr, func);
    if (r == XR_SUCCESS)
        r = begin_call(instance, ci->systemId, func, &i, &vi);
    if (r == XR_SUCCESS && (vi->physical_device == VK_NULL_HANDLE || vi->physical_device != ci->vulkanPhysicalDevice))
        r = mx_diag(XR_ERROR_HANDLE_INVALID, func, "vulkanPhysicalDevice %p is not the device "
                    "xrGetVulkanGraphicsDevice2KHR returned (%p)%s", (void *)ci->vulkanPhysicalDevice,
                    (void *)vi->physical_device,
                    vi->physical_device ? "" : ": call xrGetVulkanGraphicsDevice2KHR first");
    PFN_vkCreateDevice create = NULL;
    if (r == XR_SUCCESS) {
        create = (PFN_vkCreateDevice)ci->pfnGetInstanceProcAddr(vi->vk_instance, "vkCreateDevice");
        if (!create)
            r = mx_diag(XR_ERROR_RUNTIME_FAILURE, func, "pfnGetInstanceProcAddr(vkCreateDevice) returned NULL");
    }
    struct mx_name_list names = {0};
    if (r == XR_SUCCESS &&
        !merge_names(app->ppEnabledExtensionNames, app->enabledExtensionCount, g_device_extensions, &names))
        r = mx_diag(XR_ERROR_OUT_OF_MEMORY, func, "out of memory");
    if (r == XR_SUCCESS) {
        VkDeviceCreateInfo mine = *app;
        mine.enabledExtensionCount = names.count;
        mine.ppEnabledExtensionNames = names.names;
        *out_vr = create(ci->vulkanPhysicalDevice, &mine, ci->vulkanAllocator, out_device);
        if (*out_vr != VK_SUCCESS)
            r = mx_diag(XR_ERROR_RUNTIME_FAILURE, func, "vkCreateDevice with the app's create info (+ %s) failed "
                        "with %s (also in *vulkanResult)", g_device_extensions, mx_vk_result_str(*out_vr));
    }
    free_names(&names);
    mx_unlock();
    return r;
}

static const XrGraphicsBindingVulkanKHR *find_binding(const void *next)
{
    for (const XrBaseInStructure *s = next; s; s = s->next) {
        if (s->type == XR_TYPE_GRAPHICS_BINDING_VULKAN_KHR)
            return (const XrGraphicsBindingVulkanKHR *)s;
    }
    return NULL;
}

/* Binding members against what the runtime chose (xrCreateSession's rules). */
static XrResult check_binding(struct mx_instance *i, const XrGraphicsBindingVulkanKHR *b, const char *func)
{
    if (!i->ext_vulkan && !i->ext_vulkan2)
        return mx_diag(XR_ERROR_VALIDATION_FAILURE, func, "XrGraphicsBindingVulkanKHR given but neither "
                       "XR_KHR_vulkan_enable nor XR_KHR_vulkan_enable2 is enabled");
    struct mx_vk_instance *vi = i->vk;
    if (!vi || !vi->requirements_queried)
        return mx_diag(XR_ERROR_GRAPHICS_REQUIREMENTS_CALL_MISSING, func, "xrGetVulkanGraphicsRequirements%sKHR "
                       "was not called for this instance and system before xrCreateSession",
                       i->ext_vulkan2 ? "2" : "");
    if (b->instance == VK_NULL_HANDLE || b->physicalDevice == VK_NULL_HANDLE || b->device == VK_NULL_HANDLE)
        return mx_diag(XR_ERROR_GRAPHICS_DEVICE_INVALID, func, "XrGraphicsBindingVulkanKHR has a null %s",
                       !b->instance ? "instance" : !b->physicalDevice ? "physicalDevice" : "device");
    VkPhysicalDevice picked = VK_NULL_HANDLE;
    XrResult r = mx_vk_pick_device(i, mx_vk_gipa(i, b->instance), b->instance, func, &picked, NULL);
    if (r != XR_SUCCESS)
        return r;
    if (picked != b->physicalDevice)
        return mx_diag(XR_ERROR_GRAPHICS_DEVICE_INVALID, func, "physicalDevice %p is not the one "
                       "xrGetVulkanGraphicsDevice%sKHR returns for this VkInstance (%p)", (void *)b->physicalDevice,
                       i->ext_vulkan2 ? "2" : "", (void *)picked);
    return XR_SUCCESS;
}

static XrResult check_queue(struct mx_vk_session *vs, const XrGraphicsBindingVulkanKHR *b, const char *func)
{
    uint32_t count = 0;
    vs->fn.GetPhysicalDeviceQueueFamilyProperties(vs->physical_device, &count, NULL);
    VkQueueFamilyProperties families[32];
    if (count > 32)
        count = 32;
    vs->fn.GetPhysicalDeviceQueueFamilyProperties(vs->physical_device, &count, families);
    if (b->queueFamilyIndex >= count)
        return mx_diag(XR_ERROR_VALIDATION_FAILURE, func, "queueFamilyIndex %u does not exist (the device has %u "
                       "queue families)", b->queueFamilyIndex, count);
    const VkQueueFamilyProperties *f = &families[b->queueFamilyIndex];
    if (b->queueIndex >= f->queueCount)
        return mx_diag(XR_ERROR_VALIDATION_FAILURE, func, "queueIndex %u is out of range: queue family %u has %u "
                       "queue(s)", b->queueIndex, b->queueFamilyIndex, f->queueCount);
    if (!(f->queueFlags & VK_QUEUE_GRAPHICS_BIT))
        return mx_diag(XR_ERROR_VALIDATION_FAILURE, func, "queue family %u has no VK_QUEUE_GRAPHICS_BIT: swapchain "
                       "images must be rendered and transitioned on a graphics queue", b->queueFamilyIndex);
    return XR_SUCCESS;
}

static XrResult session_setup(struct mx_instance *i, struct mx_vk_session *vs, const XrGraphicsBindingVulkanKHR *b,
                              const char *func)
{
    vs->instance = b->instance;
    vs->physical_device = b->physicalDevice;
    vs->device = b->device;
    vs->queue_family = b->queueFamilyIndex;
    vs->queue_index = b->queueIndex;
    if (!mx_vk_load(&vs->fn, mx_vk_gipa(i, b->instance), b->instance, b->device, func))
        return XR_ERROR_RUNTIME_FAILURE;
    XrResult r = check_queue(vs, b, func);
    if (r != XR_SUCCESS)
        return r;
    vs->fn.GetDeviceQueue(vs->device, vs->queue_family, vs->queue_index, &vs->queue);
    vs->fn.GetPhysicalDeviceMemoryProperties(vs->physical_device, &vs->memory);
    VkCommandPoolCreateInfo pi = {
        .sType = VK_STRUCTURE_TYPE_COMMAND_POOL_CREATE_INFO,
        .flags = VK_COMMAND_POOL_CREATE_RESET_COMMAND_BUFFER_BIT,
        .queueFamilyIndex = vs->queue_family,
    };
    VkResult vr = vs->fn.CreateCommandPool(vs->device, &pi, NULL, &vs->pool);
    if (vr != VK_SUCCESS) {
        vs->pool = VK_NULL_HANDLE;
        return mx_vk_fail(func, "vkCreateCommandPool", vr);
    }
    mx_vk_formats_init(vs);
    return XR_SUCCESS;
}

XrResult mx_vk_session_bind(struct mx_session *s, const void *create_info_next, bool *out_headless_ok)
{
    static const char *func = "xrCreateSession";
    const XrGraphicsBindingVulkanKHR *b = find_binding(create_info_next);
    *out_headless_ok = b == NULL;
    if (!b)
        return XR_SUCCESS;
    XrResult r = check_binding(s->instance, b, func);
    if (r != XR_SUCCESS)
        return r;
    struct mx_vk_session *vs = calloc(1, sizeof(*vs));
    if (!vs)
        return mx_diag(XR_ERROR_OUT_OF_MEMORY, func, "out of memory");
    s->vk = vs;
    r = session_setup(s->instance, vs, b, func);
    if (r != XR_SUCCESS)
        mx_vk_session_release(s);
    return r;
}

void mx_vk_session_release(struct mx_session *s)
{
    struct mx_vk_session *vs = s ? s->vk : NULL;
    if (!vs)
        return;
    mx_vk_watch_stop(vs);
    mx_vk_swapchain_release_all(s);
    if (vs->pool != VK_NULL_HANDLE)
        vs->fn.DestroyCommandPool(vs->device, vs->pool, NULL);
    free(vs);
    s->vk = NULL;
}

PFN_xrVoidFunction mx_vk_proc(const char *name)
{
    static const struct {
        const char *name;
        PFN_xrVoidFunction fn;
    } table[] = {
        {"xrGetVulkanGraphicsRequirementsKHR", (PFN_xrVoidFunction)get_requirements},
        {"xrGetVulkanInstanceExtensionsKHR", (PFN_xrVoidFunction)get_instance_extensions},
        {"xrGetVulkanDeviceExtensionsKHR", (PFN_xrVoidFunction)get_device_extensions},
        {"xrGetVulkanGraphicsDeviceKHR", (PFN_xrVoidFunction)get_graphics_device},
        {"xrGetVulkanGraphicsRequirements2KHR", (PFN_xrVoidFunction)get_requirements2},
        {"xrCreateVulkanInstanceKHR", (PFN_xrVoidFunction)create_vulkan_instance},
        {"xrGetVulkanGraphicsDevice2KHR", (PFN_xrVoidFunction)get_graphics_device2},
        {"xrCreateVulkanDeviceKHR", (PFN_xrVoidFunction)create_vulkan_device},
    };
    for (size_t k = 0; k < sizeof(table) / sizeof(table[0]); k++) {
        if (strcmp(name, table[k].name) == 0)
            return table[k].fn;
    }
    return mx_vk_swapchain_proc(name);
}
