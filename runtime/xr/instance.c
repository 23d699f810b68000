/* The xr module's lifecycle: OpenXR instance, extensions, system, view configuration, blend mode,
 * debug messenger, logging helpers and the runtime clock. */
#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "xr_internal.h"

void xr_log(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("factoryxr: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
}

/* Before an instance exists xrResultToString cannot be asked: name the results seen then. */
static const char *early_result_name(XrResult r)
{
    switch (r) {
    case XR_ERROR_RUNTIME_UNAVAILABLE: return "XR_ERROR_RUNTIME_UNAVAILABLE";
    case XR_ERROR_RUNTIME_FAILURE: return "XR_ERROR_RUNTIME_FAILURE";
    case XR_ERROR_INSTANCE_LOST: return "XR_ERROR_INSTANCE_LOST";
    case XR_ERROR_OUT_OF_MEMORY: return "XR_ERROR_OUT_OF_MEMORY";
    case XR_ERROR_API_VERSION_UNSUPPORTED: return "XR_ERROR_API_VERSION_UNSUPPORTED";
    case XR_ERROR_EXTENSION_NOT_PRESENT: return "XR_ERROR_EXTENSION_NOT_PRESENT";
    case XR_ERROR_API_LAYER_NOT_PRESENT: return "XR_ERROR_API_LAYER_NOT_PRESENT";
    case XR_ERROR_VALIDATION_FAILURE: return "XR_ERROR_VALIDATION_FAILURE";
    case XR_ERROR_INITIALIZATION_FAILED: return "XR_ERROR_INITIALIZATION_FAILED";
    default: return NULL;
    }
}

const char *xr_result_text(XrInstance instance, XrResult r, char buf[XR_MAX_RESULT_STRING_SIZE])
{
    /* A lost instance cannot name results either. */
    if (instance == XR_NULL_HANDLE || r == XR_ERROR_INSTANCE_LOST || xrResultToString(instance, r, buf) != XR_SUCCESS) {
        const char *name = early_result_name(r);
        if (name)
            snprintf(buf, XR_MAX_RESULT_STRING_SIZE, "%s", name);
        else
            snprintf(buf, XR_MAX_RESULT_STRING_SIZE, "XrResult %d", (int)r);
    }
    return buf;
}

bool xr_ok(XrInstance instance, XrResult r, const char *call)
{
    if (XR_SUCCEEDED(r))
        return true;
    char buf[XR_MAX_RESULT_STRING_SIZE];
    xr_log("%s failed: %s", call, xr_result_text(instance, r, buf));
    return false;
}

static XrBool32 XRAPI_CALL on_runtime_message(XrDebugUtilsMessageSeverityFlagsEXT severity,
                                              XrDebugUtilsMessageTypeFlagsEXT types,
                                              const XrDebugUtilsMessengerCallbackDataEXT *data, void *user)
{
    const char *level = (severity & XR_DEBUG_UTILS_MESSAGE_SEVERITY_ERROR_BIT_EXT)     ? "error"
                        : (severity & XR_DEBUG_UTILS_MESSAGE_SEVERITY_WARNING_BIT_EXT) ? "warning"
                        : (severity & XR_DEBUG_UTILS_MESSAGE_SEVERITY_INFO_BIT_EXT)    ? "info"
                                                                                        : "verbose";
    xr_log("runtime %s [%s] %s: %s", level, (types & XR_DEBUG_UTILS_MESSAGE_TYPE_VALIDATION_BIT_EXT) ? "validation" : "general",
           data->functionName ? data->functionName : "-", data->message ? data->message : "");
    return XR_FALSE;
}

static bool has_ext(const XrExtensionProperties *props, uint32_t count, const char *name)
{
    for (uint32_t i = 0; i < count; ++i)
        if (strcmp(props[i].extensionName, name) == 0)
            return true;
    return false;
}

/* FACTORYXR_VULKAN=enable forces the XR_KHR_vulkan_enable path (a runtime with a broken enable2, and
 * the e2e test of the fallback); "enable2" or unset prefers enable2. Leaves exactly one of the two set. */
static bool apply_vulkan_override(struct xr *xr)
{
    const char *v = getenv("FACTORYXR_VULKAN");
    if (v && strcmp(v, "enable") != 0 && strcmp(v, "enable2") != 0) {
        xr_log("FACTORYXR_VULKAN='%s': expected 'enable' or 'enable2'", v);
        return false;
    }
    const bool want1 = v && strcmp(v, "enable") == 0;
    if (want1 && !xr->ext.vulkan1) {
        xr_log("FACTORYXR_VULKAN=enable, but the runtime does not offer XR_KHR_vulkan_enable");
        return false;
    }
    if (want1 || !xr->ext.vulkan2)
        xr->ext.vulkan2 = false;
    else
        xr->ext.vulkan1 = false;
    return true;
}

/* Which of the extensions we can use the runtime (and enabled layers) offer. */
static enum xr_status pick_extensions(struct xr *xr)
{
    uint32_t count = 0;
    XrResult r = xrEnumerateInstanceExtensionProperties(NULL, 0, &count, NULL);
    if (r == XR_ERROR_RUNTIME_UNAVAILABLE || r == XR_ERROR_RUNTIME_FAILURE || r == XR_ERROR_INSTANCE_LOST) {
        char buf[XR_MAX_RESULT_STRING_SIZE];
        const char *env = getenv("XR_RUNTIME_JSON");
        xr_log("no OpenXR runtime available (xrEnumerateInstanceExtensionProperties: %s; XR_RUNTIME_JSON %s%s).\n"
               "  Select one: start Monado (monado-service) or SteamVR and make it the active OpenXR runtime,\n"
               "  or point XR_RUNTIME_JSON at a runtime manifest (e.g. XR_RUNTIME_JSON=build/mockxr.json).\n"
               "  See docs/headset.md.",
               xr_result_text(XR_NULL_HANDLE, r, buf), env ? "is " : "is not set", env ? env : "");
        return XR_STATUS_NO_RUNTIME;
    }
    if (!xr_ok(XR_NULL_HANDLE, r, "xrEnumerateInstanceExtensionProperties"))
        return XR_STATUS_FAILED;
    XrExtensionProperties *props = calloc(count ? count : 1, sizeof(*props));
    if (!props) {
        xr_log("out of memory listing %" PRIu32 " extensions", count);
        return XR_STATUS_FAILED;
    }
    for (uint32_t i = 0; i < count; ++i)
        props[i].type = XR_TYPE_EXTENSION_PROPERTIES;
    r = xrEnumerateInstanceExtensionProperties(NULL, count, &count, props);
    if (xr_ok(XR_NULL_HANDLE, r, "xrEnumerateInstanceExtensionProperties")) {
        xr->ext.vulkan2 = has_ext(props, count, XR_KHR_VULKAN_ENABLE2_EXTENSION_NAME);
        xr->ext.vulkan1 = has_ext(props, count, XR_KHR_VULKAN_ENABLE_EXTENSION_NAME);
        xr->ext.depth = has_ext(props, count, XR_KHR_COMPOSITION_LAYER_DEPTH_EXTENSION_NAME);
        xr->ext.timespec = has_ext(props, count, XR_KHR_CONVERT_TIMESPEC_TIME_EXTENSION_NAME);
        xr->ext.debug_utils = has_ext(props, count, XR_EXT_DEBUG_UTILS_EXTENSION_NAME);
        xr->ext.hand_tracking = has_ext(props, count, XR_EXT_HAND_TRACKING_EXTENSION_NAME);
    }
    free(props);
    if (!XR_SUCCEEDED(r) || !apply_vulkan_override(xr))
        return XR_STATUS_FAILED;
    if (!xr->ext.vulkan2 && !xr->ext.vulkan1) {
        xr_log("the OpenXR runtime offers neither XR_KHR_vulkan_enable2 nor XR_KHR_vulkan_enable: factoryxr needs Vulkan");
        return XR_STATUS_FAILED;
    }
    return XR_STATUS_OK;
}

static bool load_fn(struct xr *xr, const char *name, PFN_xrVoidFunction *out_fn)
{
    return xr_ok(xr->instance, xrGetInstanceProcAddr(xr->instance, name, out_fn), name);
}

static enum xr_status load_functions(struct xr *xr)
{
    bool ok = true;
#define LOAD(field, name) ok = ok && load_fn(xr, name, (PFN_xrVoidFunction *)&xr->fn.field)
    if (xr->ext.vulkan2) {
        LOAD(get_reqs2, "xrGetVulkanGraphicsRequirements2KHR");
        LOAD(create_vk_instance, "xrCreateVulkanInstanceKHR");
        LOAD(get_vk_device2, "xrGetVulkanGraphicsDevice2KHR");
        LOAD(create_vk_device, "xrCreateVulkanDeviceKHR");
    } else {
        LOAD(get_reqs1, "xrGetVulkanGraphicsRequirementsKHR");
        LOAD(get_instance_exts1, "xrGetVulkanInstanceExtensionsKHR");
        LOAD(get_device_exts1, "xrGetVulkanDeviceExtensionsKHR");
        LOAD(get_vk_device1, "xrGetVulkanGraphicsDeviceKHR");
    }
    if (xr->ext.timespec)
        LOAD(timespec_to_time, "xrConvertTimespecTimeToTimeKHR");
    if (xr->ext.debug_utils) {
        LOAD(create_messenger, "xrCreateDebugUtilsMessengerEXT");
        LOAD(destroy_messenger, "xrDestroyDebugUtilsMessengerEXT");
    }
#undef LOAD
    return ok ? XR_STATUS_OK : XR_STATUS_FAILED;
}

static enum xr_status create_instance(struct xr *xr)
{
    const char *exts[5];
    uint32_t n = 0;
    exts[n++] = xr->ext.vulkan2 ? XR_KHR_VULKAN_ENABLE2_EXTENSION_NAME : XR_KHR_VULKAN_ENABLE_EXTENSION_NAME;
    if (xr->ext.depth)
        exts[n++] = XR_KHR_COMPOSITION_LAYER_DEPTH_EXTENSION_NAME;
    if (xr->ext.timespec)
        exts[n++] = XR_KHR_CONVERT_TIMESPEC_TIME_EXTENSION_NAME;
    if (xr->ext.debug_utils)
        exts[n++] = XR_EXT_DEBUG_UTILS_EXTENSION_NAME;
    if (xr->ext.hand_tracking) /* tracked hands drawn, a pinch selects (interact_hands.c) */
        exts[n++] = XR_EXT_HAND_TRACKING_EXTENSION_NAME;

    XrInstanceCreateInfo info = {.type = XR_TYPE_INSTANCE_CREATE_INFO,
                                 .enabledExtensionCount = n,
                                 .enabledExtensionNames = exts};
    snprintf(info.applicationInfo.applicationName, sizeof(info.applicationInfo.applicationName), "%s",
             xr->desc.app_name ? xr->desc.app_name : "factoryxr");
    info.applicationInfo.applicationVersion = 1;
    snprintf(info.applicationInfo.engineName, sizeof(info.applicationInfo.engineName), "factoryxr");
    info.applicationInfo.engineVersion = 1;
    info.applicationInfo.apiVersion = XR_MAKE_VERSION(1, 0, 0);
    XrResult r = xrCreateInstance(&info, &xr->instance);
    if (r == XR_ERROR_RUNTIME_UNAVAILABLE) {
        xr_log("xrCreateInstance failed: XR_ERROR_RUNTIME_UNAVAILABLE. Start Monado or SteamVR, or set XR_RUNTIME_JSON.");
        return XR_STATUS_NO_RUNTIME;
    }
    if (!xr_ok(XR_NULL_HANDLE, r, "xrCreateInstance"))
        return XR_STATUS_FAILED;
    return load_functions(xr);
}

static void create_messenger(struct xr *xr)
{
    if (!xr->ext.debug_utils)
        return;
    XrDebugUtilsMessengerCreateInfoEXT info = {
        .type = XR_TYPE_DEBUG_UTILS_MESSENGER_CREATE_INFO_EXT,
        .messageSeverities = XR_DEBUG_UTILS_MESSAGE_SEVERITY_WARNING_BIT_EXT | XR_DEBUG_UTILS_MESSAGE_SEVERITY_ERROR_BIT_EXT,
        .messageTypes = XR_DEBUG_UTILS_MESSAGE_TYPE_GENERAL_BIT_EXT | XR_DEBUG_UTILS_MESSAGE_TYPE_VALIDATION_BIT_EXT |
                        XR_DEBUG_UTILS_MESSAGE_TYPE_PERFORMANCE_BIT_EXT | XR_DEBUG_UTILS_MESSAGE_TYPE_CONFORMANCE_BIT_EXT,
        .userCallback = on_runtime_message,
    };
    /* Messages are a convenience: without the messenger the app still runs. */
    if (!xr_ok(xr->instance, xr->fn.create_messenger(xr->instance, &info, &xr->messenger),
               "xrCreateDebugUtilsMessengerEXT"))
        xr->messenger = XR_NULL_HANDLE;
}

/* Stereo when offered (mono otherwise), the per-view sizes, and the first blend mode. */
static enum xr_status pick_views(struct xr *xr)
{
    XrViewConfigurationType types[8];
    uint32_t count = 0;
    if (!xr_ok(xr->instance, xrEnumerateViewConfigurations(xr->instance, xr->system, 8, &count, types),
               "xrEnumerateViewConfigurations"))
        return XR_STATUS_FAILED;
    xr->view_config = 0;
    for (uint32_t i = 0; i < count; ++i)
        if (types[i] == XR_VIEW_CONFIGURATION_TYPE_PRIMARY_STEREO ||
            (types[i] == XR_VIEW_CONFIGURATION_TYPE_PRIMARY_MONO && xr->view_config == 0))
            xr->view_config = types[i];
    if (xr->view_config == 0) {
        xr_log("the system offers neither a stereo nor a mono primary view configuration");
        return XR_STATUS_FAILED;
    }
    xr->view_count = xr->view_config == XR_VIEW_CONFIGURATION_TYPE_PRIMARY_STEREO ? 2 : 1;
    for (uint32_t i = 0; i < XR_MAX_VIEWS; ++i)
        xr->config_views[i].type = XR_TYPE_VIEW_CONFIGURATION_VIEW;
    if (!xr_ok(xr->instance, xrEnumerateViewConfigurationViews(xr->instance, xr->system, xr->view_config, XR_MAX_VIEWS,
                                                               &count, xr->config_views),
               "xrEnumerateViewConfigurationViews"))
        return XR_STATUS_FAILED;
    if (count != xr->view_count) {
        xr_log("xrEnumerateViewConfigurationViews returned %" PRIu32 " views, expected %" PRIu32, count, xr->view_count);
        return XR_STATUS_FAILED;
    }
    XrEnvironmentBlendMode modes[8];
    if (!xr_ok(xr->instance, xrEnumerateEnvironmentBlendModes(xr->instance, xr->system, xr->view_config, 8, &count, modes),
               "xrEnumerateEnvironmentBlendModes"))
        return XR_STATUS_FAILED;
    if (count == 0) {
        xr_log("xrEnumerateEnvironmentBlendModes returned no blend mode");
        return XR_STATUS_FAILED;
    }
    xr->blend_mode = modes[0];
    return XR_STATUS_OK;
}

static enum xr_status get_system(struct xr *xr)
{
    XrSystemGetInfo info = {.type = XR_TYPE_SYSTEM_GET_INFO, .formFactor = XR_FORM_FACTOR_HEAD_MOUNTED_DISPLAY};
    XrResult r = xrGetSystem(xr->instance, &info, &xr->system);
    if (r == XR_ERROR_FORM_FACTOR_UNAVAILABLE) {
        xr_log("xrGetSystem failed: XR_ERROR_FORM_FACTOR_UNAVAILABLE: no headset connected to the runtime (plug it in, "
               "or start the runtime's service)");
        return XR_STATUS_NO_RUNTIME;
    }
    return xr_ok(xr->instance, r, "xrGetSystem") ? XR_STATUS_OK : XR_STATUS_FAILED;
}

enum xr_status xr_instance_create(struct xr *xr)
{
    enum xr_status st = pick_extensions(xr);
    if (st == XR_STATUS_OK)
        st = create_instance(xr);
    if (st != XR_STATUS_OK)
        return st;
    create_messenger(xr);
    XrInstanceProperties props = {.type = XR_TYPE_INSTANCE_PROPERTIES};
    if (!xr_ok(xr->instance, xrGetInstanceProperties(xr->instance, &props), "xrGetInstanceProperties"))
        return XR_STATUS_FAILED;
    st = get_system(xr);
    if (st == XR_STATUS_OK)
        st = pick_views(xr);
    if (st != XR_STATUS_OK)
        return st;
    xr_log("runtime %s %u.%u.%u, %s, %s %ux%u per eye, %s%s%s%s", props.runtimeName,
           XR_VERSION_MAJOR(props.runtimeVersion), XR_VERSION_MINOR(props.runtimeVersion),
           XR_VERSION_PATCH(props.runtimeVersion), xr->ext.vulkan2 ? "vulkan_enable2" : "vulkan_enable (fallback)",
           xr->view_count == 2 ? "stereo" : "mono", xr->config_views[0].recommendedImageRectWidth,
           xr->config_views[0].recommendedImageRectHeight, xr->ext.depth ? "depth layers" : "no depth layers",
           xr->ext.timespec ? "" : ", no XR_KHR_convert_timespec_time (stats use CLOCK_MONOTONIC)",
           xr->ext.debug_utils ? ", debug utils" : "", xr->ext.hand_tracking ? ", hand tracking" : "");
    return XR_STATUS_OK;
}

void xr_instance_destroy(struct xr *xr)
{
    if (xr->messenger != XR_NULL_HANDLE) {
        xr_ok(xr->instance, xr->fn.destroy_messenger(xr->messenger), "xrDestroyDebugUtilsMessengerEXT");
        xr->messenger = XR_NULL_HANDLE;
    }
    if (xr->instance != XR_NULL_HANDLE) {
        xr_ok(xr->instance, xrDestroyInstance(xr->instance), "xrDestroyInstance");
        xr->instance = XR_NULL_HANDLE;
    }
}

/* The runtime's clock (what mockxr's virtual clock says under MOCKXR_CLOCK=virtual), so app and
 * runtime records agree; CLOCK_MONOTONIC ns when the runtime cannot convert. */
int64_t xr_monotonic_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

XrTime xr_now(const struct xr *xr)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    if (xr->fn.timespec_to_time) {
        XrTime t = 0;
        if (XR_SUCCEEDED(xr->fn.timespec_to_time(xr->instance, &ts, &t)))
            return t;
    }
    return (XrTime)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

enum xr_status xr_create(const struct xr_desc *desc, struct xr **out_xr)
{
    *out_xr = NULL;
    if (!desc || !desc->scene) {
        xr_log("xr_create: a scene is required");
        return XR_STATUS_FAILED;
    }
    if (desc->msaa_samples != 0 && desc->msaa_samples != 1 && desc->msaa_samples != 4) {
        xr_log("xr_create: msaa_samples must be 1 or 4, not %" PRIu32, desc->msaa_samples);
        return XR_STATUS_FAILED;
    }
    if (!(desc->res_scale >= 0.0f && desc->res_scale <= 1.0f) ||
        !(desc->min_res_scale >= 0.0f && desc->min_res_scale <= 1.0f)) {
        xr_log("xr_create: res_scale and min_res_scale must be in 0..1 (0: adaptive / the default), not %g and %g",
               (double)desc->res_scale, (double)desc->min_res_scale);
        return XR_STATUS_FAILED;
    }
    struct xr *xr = calloc(1, sizeof(*xr));
    if (!xr) {
        xr_log("xr_create: out of memory");
        return XR_STATUS_FAILED;
    }
    xr->desc = *desc;
    xr_res_init(&xr->res, desc->res_scale, desc->min_res_scale);
    xr->multiview = !desc->no_multiview;
    enum xr_status st = xr_stats_create(desc->stats_path, desc->quiet, &xr->stats) == 0 ? XR_STATUS_OK : XR_STATUS_FAILED;
    if (st == XR_STATUS_OK && desc->live_bad_count > XR_LIVE_MAX_BAD) {
        xr_log("xr_create: %u live data counters, at most %d", desc->live_bad_count, XR_LIVE_MAX_BAD);
        st = XR_STATUS_FAILED;
    }
    if (st == XR_STATUS_OK) {
        xr_stats_set_live_names(xr->stats, desc->live_bad_names, desc->live_bad_count);
        st = xr_instance_create(xr);
    }
    if (st == XR_STATUS_OK) {
        xr_stats_set_clock(xr->stats, xr->fn.timespec_to_time != NULL);
        st = xr_vulkan_create(xr);
    }
    if (st == XR_STATUS_OK)
        st = xr_input_create(xr);
    if (st == XR_STATUS_OK)
        st = xr_session_create(xr);
    if (st != XR_STATUS_OK) {
        xr_destroy(&xr);
        return st;
    }
    *out_xr = xr;
    return XR_STATUS_OK;
}

void xr_destroy(struct xr **xr_ptr)
{
    if (!xr_ptr || !*xr_ptr)
        return;
    struct xr *xr = *xr_ptr;
    xr_session_destroy(xr);
    xr_input_destroy(xr);
    xr_vulkan_destroy(xr);
    xr_stats_destroy(&xr->stats);
    xr_instance_destroy(xr);
    free(xr);
    *xr_ptr = NULL;
}

enum xr_status xr_get_status(const struct xr *xr)
{
    return xr->status;
}

const char *xr_status_string(enum xr_status status)
{
    switch (status) {
    case XR_STATUS_OK: return "ok";
    case XR_STATUS_FAILED: return "failed";
    case XR_STATUS_NO_RUNTIME: return "no OpenXR runtime";
    case XR_STATUS_INSTANCE_LOST: return "OpenXR instance lost";
    }
    return "unknown";
}

void xr_print_stats_table(const struct xr *xr, FILE *out)
{
    xr_stats_print_table(xr->stats, out);
}
