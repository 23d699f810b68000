/* Loader negotiation (the only exported symbol) and xrGetInstanceProcAddr over every room's table. */
#include "mockxr_internal.h"
#include "mx_ext.h"
#include "mx_input.h"
#include "mx_vk.h"

#include <stddef.h>
#include <string.h>

/* Extension functions are only served to instances that enabled their extension. */
enum mx_gate { MX_GATE_VK1, MX_GATE_VK2, MX_GATE_TIME, MX_GATE_DEBUG, MX_GATE_NONE };

static enum mx_gate gate_of(const char *name)
{
    static const struct {
        const char *name;
        enum mx_gate gate;
    } gated[] = {
        {"xrGetVulkanInstanceExtensionsKHR", MX_GATE_VK1},
        {"xrGetVulkanDeviceExtensionsKHR", MX_GATE_VK1},
        {"xrGetVulkanGraphicsDeviceKHR", MX_GATE_VK1},
        {"xrGetVulkanGraphicsRequirementsKHR", MX_GATE_VK1},
        {"xrCreateVulkanInstanceKHR", MX_GATE_VK2},
        {"xrCreateVulkanDeviceKHR", MX_GATE_VK2},
        {"xrGetVulkanGraphicsDevice2KHR", MX_GATE_VK2},
        {"xrGetVulkanGraphicsRequirements2KHR", MX_GATE_VK2},
        {"xrConvertTimespecTimeToTimeKHR", MX_GATE_TIME},
        {"xrConvertTimeToTimespecTimeKHR", MX_GATE_TIME},
        {"xrSetDebugUtilsObjectNameEXT", MX_GATE_DEBUG},
        {"xrCreateDebugUtilsMessengerEXT", MX_GATE_DEBUG},
        {"xrDestroyDebugUtilsMessengerEXT", MX_GATE_DEBUG},
        {"xrSubmitDebugUtilsMessageEXT", MX_GATE_DEBUG},
        {"xrSessionBeginDebugUtilsLabelRegionEXT", MX_GATE_DEBUG},
        {"xrSessionEndDebugUtilsLabelRegionEXT", MX_GATE_DEBUG},
        {"xrSessionInsertDebugUtilsLabelEXT", MX_GATE_DEBUG},
    };
    for (size_t k = 0; k < sizeof(gated) / sizeof(gated[0]); k++) {
        if (strcmp(name, gated[k].name) == 0)
            return gated[k].gate;
    }
    return MX_GATE_NONE;
}

static bool gate_open(const struct mx_instance *i, enum mx_gate gate)
{
    switch (gate) {
    case MX_GATE_VK1:
        return i->ext_vulkan;
    case MX_GATE_VK2:
        return i->ext_vulkan2;
    case MX_GATE_TIME:
        return i->ext_convert_time;
    case MX_GATE_DEBUG:
        return i->ext_debug_utils;
    case MX_GATE_NONE:
        return true;
    }
    return false;
}

static XrResult XRAPI_CALL get_instance_proc_addr(XrInstance instance, const char *name, PFN_xrVoidFunction *function);

PFN_xrVoidFunction mx_core_proc(const char *name)
{
    PFN_xrVoidFunction (*const rooms[])(const char *) = {
        mx_instance_proc, mx_system_proc, mx_session_proc, mx_frame_proc,
        mx_space_proc,    mx_clock_proc,  mx_debug_proc,
    };
    if (strcmp(name, "xrGetInstanceProcAddr") == 0)
        return (PFN_xrVoidFunction)get_instance_proc_addr;
    for (size_t k = 0; k < sizeof(rooms) / sizeof(rooms[0]); k++) {
        PFN_xrVoidFunction fn = rooms[k](name);
        if (fn)
            return fn;
    }
    return NULL;
}

static XrResult XRAPI_CALL get_instance_proc_addr(XrInstance instance, const char *name, PFN_xrVoidFunction *function)
{
    static const char *func = "xrGetInstanceProcAddr";
    mx_lock();
    XrResult r = XR_SUCCESS;
    if (!function || !name) {
        r = mx_diag(XR_ERROR_VALIDATION_FAILURE, func, "%s is NULL", function ? "name" : "function (output)");
        if (function)
            *function = NULL;
        mx_unlock();
        return r;
    }
    *function = NULL;
    struct mx_instance *i = NULL;
    if (instance == XR_NULL_HANDLE) {
        if (strcmp(name, "xrEnumerateInstanceExtensionProperties") != 0 && strcmp(name, "xrCreateInstance") != 0 &&
            strcmp(name, "xrEnumerateApiLayerProperties") != 0)
            r = mx_diag(XR_ERROR_HANDLE_INVALID, func, "instance is XR_NULL_HANDLE, which only serves "
                        "xrEnumerateInstanceExtensionProperties and xrCreateInstance (asked for %s)", name);
    } else {
        r = mx_instance_lookup(instance, func, &i);
    }
    if (r == XR_SUCCESS) {
        PFN_xrVoidFunction fn = mx_core_proc(name);
        uint32_t needed = 0; /* MX_EXT_BIT of an extension of ext/ */
        if (!fn)
            fn = mx_vk_proc(name);
        if (!fn)
            fn = mx_input_proc(name);
        if (!fn)
            fn = mx_ext_proc(name, &needed);
        if (fn && i && (!gate_open(i, gate_of(name)) || (i->exts & needed) != needed))
            fn = NULL; /* its extension was not enabled on this instance */
        *function = fn;
        r = fn ? XR_SUCCESS : XR_ERROR_FUNCTION_UNSUPPORTED;
    }
    mx_unlock();
    return r;
}

static bool loader_info_ok(const XrNegotiateLoaderInfo *info)
{
    return info && info->structType == XR_LOADER_INTERFACE_STRUCT_LOADER_INFO &&
           info->structVersion == XR_LOADER_INFO_STRUCT_VERSION && info->structSize == sizeof(XrNegotiateLoaderInfo) &&
           info->minInterfaceVersion <= XR_CURRENT_LOADER_RUNTIME_VERSION &&
           info->maxInterfaceVersion >= XR_CURRENT_LOADER_RUNTIME_VERSION &&
           info->minApiVersion <= XR_MAKE_VERSION(1, 0, XR_VERSION_PATCH(XR_CURRENT_API_VERSION)) &&
           XR_VERSION_MAJOR(info->maxApiVersion) >= 1;
}

__attribute__((visibility("default"))) XrResult XRAPI_CALL
xrNegotiateLoaderRuntimeInterface(const XrNegotiateLoaderInfo *loaderInfo, XrNegotiateRuntimeRequest *runtimeRequest);

XrResult XRAPI_CALL xrNegotiateLoaderRuntimeInterface(const XrNegotiateLoaderInfo *loaderInfo,
                                                      XrNegotiateRuntimeRequest *runtimeRequest)
{
    if (!loader_info_ok(loaderInfo)) {
        fprintf(stderr, "mockxr: error: xrNegotiateLoaderRuntimeInterface: loader info is missing or asks for an "
                        "interface/API version mockxr does not offer (interface 1, OpenXR 1.0)\n");
        return XR_ERROR_INITIALIZATION_FAILED;
    }
    if (!runtimeRequest || runtimeRequest->structType != XR_LOADER_INTERFACE_STRUCT_RUNTIME_REQUEST ||
        runtimeRequest->structVersion != XR_RUNTIME_INFO_STRUCT_VERSION ||
        runtimeRequest->structSize != sizeof(XrNegotiateRuntimeRequest)) {
        fprintf(stderr, "mockxr: error: xrNegotiateLoaderRuntimeInterface: runtime request struct is missing or "
                        "has a wrong type/version/size\n");
        return XR_ERROR_INITIALIZATION_FAILED;
    }
    runtimeRequest->runtimeInterfaceVersion = XR_CURRENT_LOADER_RUNTIME_VERSION;
    runtimeRequest->runtimeApiVersion = XR_MAKE_VERSION(1, 0, XR_VERSION_PATCH(XR_CURRENT_API_VERSION));
    runtimeRequest->getInstanceProcAddr = get_instance_proc_addr;
    return XR_SUCCESS;
}
