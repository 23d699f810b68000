/* The one system (an HMD), its view configurations (stereo + mono) and blend mode (opaque). */
#include "mockxr_internal.h"
#include "mx_ext.h"

#include <openxr/openxr_reflection.h>
#include <string.h>

#define MX_SYSTEM_ID ((XrSystemId)1)
#define MX_MAX_VIEW_DIM 4096u

static bool is_known_view_config(XrViewConfigurationType t)
{
#define MX_VC_CASE(name, value) \
    case value:                 \
        return true;
    switch (t) {
        XR_LIST_ENUM_XrViewConfigurationType(MX_VC_CASE) default : return false;
    }
#undef MX_VC_CASE
}

/* Shared by every function taking a view configuration type (also used by session.c). */

XrResult mx_check_view_config(XrViewConfigurationType t, const char *func)
{
    if (t == XR_VIEW_CONFIGURATION_TYPE_PRIMARY_STEREO || t == XR_VIEW_CONFIGURATION_TYPE_PRIMARY_MONO)
        return XR_SUCCESS;
    /* "Unsupported" for every other value, even one no XrViewConfigurationType names: the 1.0 conformance
     * suite requires it of xrBeginSession for every value of the enum's list (XR_..._MAX_ENUM included),
     * and later versions accept it everywhere. */
    return mx_diag(XR_ERROR_VIEW_CONFIGURATION_TYPE_UNSUPPORTED, func,
                   "view configuration type %d is %s (PRIMARY_STEREO and PRIMARY_MONO are supported)", (int)t,
                   is_known_view_config(t) && t != XR_VIEW_CONFIGURATION_TYPE_MAX_ENUM
                       ? "not supported"
                       : "not a valid XrViewConfigurationType");
}

XrResult mx_check_view_config_offered(const struct mx_instance *i, XrViewConfigurationType t, const char *func)
{
    XrResult r = mx_check_view_config(t, func);
    if (r == XR_SUCCESS && i->config.mono_only && t == XR_VIEW_CONFIGURATION_TYPE_PRIMARY_STEREO)
        r = mx_diag(XR_ERROR_VIEW_CONFIGURATION_TYPE_UNSUPPORTED, func,
                    "PRIMARY_STEREO is not offered: MOCKXR_VIEWS=mono simulates a system with PRIMARY_MONO only");
    return r;
}

XrResult mx_check_system(XrSystemId id, const struct mx_instance *i, const char *func)
{
    if (id != MX_SYSTEM_ID || !i->system_queried)
        return mx_diag(XR_ERROR_SYSTEM_INVALID, func, "systemId %llu was not returned by xrGetSystem on this instance",
                       (unsigned long long)id);
    return XR_SUCCESS;
}

static XrResult XRAPI_CALL get_system(XrInstance instance, const XrSystemGetInfo *getInfo, XrSystemId *systemId)
{
    static const char *func = "xrGetSystem";
    mx_lock();
    struct mx_instance *i;
    XrResult r = mx_instance_get(instance, func, &i);
    if (r == XR_SUCCESS)
        r = mx_check_struct(getInfo, XR_TYPE_SYSTEM_GET_INFO, func, "getInfo");
    if (r == XR_SUCCESS && !systemId)
        r = mx_diag(XR_ERROR_VALIDATION_FAILURE, func, "systemId (output) is NULL");
    /* Any other value, even one no XrFormFactor names, is "unsupported": the conformance suite asks for
     * XR_ERROR_FORM_FACTOR_UNSUPPORTED with XR_FORM_FACTOR_MAX_ENUM. */
    if (r == XR_SUCCESS && getInfo->formFactor != XR_FORM_FACTOR_HEAD_MOUNTED_DISPLAY)
        r = mx_diag(XR_ERROR_FORM_FACTOR_UNSUPPORTED, func, "formFactor %d%s; mockxr simulates a head-mounted "
                    "display only", (int)getInfo->formFactor,
                    getInfo->formFactor == XR_FORM_FACTOR_HANDHELD_DISPLAY ? " (handheld)" : " (not an XrFormFactor)");
    if (r == XR_SUCCESS) {
        *systemId = MX_SYSTEM_ID;
        i->system_queried = true;
    }
    mx_unlock();
    return r;
}

static XrResult XRAPI_CALL get_system_properties(XrInstance instance, XrSystemId systemId,
                                                 XrSystemProperties *properties)
{
    static const char *func = "xrGetSystemProperties";
    mx_lock();
    struct mx_instance *i;
    XrResult r = mx_instance_get(instance, func, &i);
    if (r == XR_SUCCESS)
        r = mx_check_system(systemId, i, func);
    if (r == XR_SUCCESS)
        r = mx_check_struct(properties, XR_TYPE_SYSTEM_PROPERTIES, func, "properties");
    if (r == XR_SUCCESS) {
        properties->systemId = MX_SYSTEM_ID;
        properties->vendorId = 0x4d58; /* "MX" */
        snprintf(properties->systemName, sizeof(properties->systemName), "mockxr headless HMD");
        properties->graphicsProperties.maxSwapchainImageWidth = MX_MAX_VIEW_DIM < i->config.view_width
                                                                     ? i->config.view_width
                                                                     : MX_MAX_VIEW_DIM;
        properties->graphicsProperties.maxSwapchainImageHeight = MX_MAX_VIEW_DIM < i->config.view_height
                                                                      ? i->config.view_height
                                                                      : MX_MAX_VIEW_DIM;
        properties->graphicsProperties.maxLayerCount = MX_MAX_LAYERS;
        properties->trackingProperties.orientationTracking = XR_TRUE;
        properties->trackingProperties.positionTracking = XR_TRUE;
        mx_ext_system_properties(i, properties);
    }
    mx_unlock();
    return r;
}

static XrResult XRAPI_CALL enumerate_view_configs(XrInstance instance, XrSystemId systemId, uint32_t capacity,
                                                  uint32_t *countOutput, XrViewConfigurationType *types)
{
    static const char *func = "xrEnumerateViewConfigurations";
    mx_lock();
    struct mx_instance *i;
    bool write = false;
    XrResult r = mx_instance_get(instance, func, &i);
    if (r == XR_SUCCESS)
        r = mx_check_system(systemId, i, func);
    if (r == XR_SUCCESS)
        r = mx_two_call(func, "viewConfigurationTypes", capacity, countOutput, types, i->config.mono_only ? 1 : 2,
                        &write);
    if (write && i->config.mono_only) {
        types[0] = XR_VIEW_CONFIGURATION_TYPE_PRIMARY_MONO;
    } else if (write) {
        types[0] = XR_VIEW_CONFIGURATION_TYPE_PRIMARY_STEREO; /* the primary one first */
        types[1] = XR_VIEW_CONFIGURATION_TYPE_PRIMARY_MONO;
    }
    mx_unlock();
    return r;
}

static XrResult XRAPI_CALL get_view_config_properties(XrInstance instance, XrSystemId systemId,
                                                      XrViewConfigurationType type,
                                                      XrViewConfigurationProperties *props)
{
    static const char *func = "xrGetViewConfigurationProperties";
    mx_lock();
    struct mx_instance *i;
    XrResult r = mx_instance_get(instance, func, &i);
    if (r == XR_SUCCESS)
        r = mx_check_system(systemId, i, func);
    if (r == XR_SUCCESS)
        r = mx_check_view_config_offered(i, type, func);
    if (r == XR_SUCCESS)
        r = mx_check_struct(props, XR_TYPE_VIEW_CONFIGURATION_PROPERTIES, func, "configurationProperties");
    if (r == XR_SUCCESS) {
        props->viewConfigurationType = type;
        props->fovMutable = XR_TRUE;
    }
    mx_unlock();
    return r;
}

static XrResult fill_views(const struct mx_instance *i, uint32_t count, XrViewConfigurationView *views,
                           const char *func)
{
    for (uint32_t k = 0; k < count; k++) {
        XrResult r = mx_check_struct(&views[k], XR_TYPE_VIEW_CONFIGURATION_VIEW, func, "views[i]");
        if (r != XR_SUCCESS)
            return r;
        views[k].recommendedImageRectWidth = i->config.view_width;
        views[k].recommendedImageRectHeight = i->config.view_height;
        views[k].maxImageRectWidth = i->config.view_width > MX_MAX_VIEW_DIM ? i->config.view_width : MX_MAX_VIEW_DIM;
        views[k].maxImageRectHeight =
            i->config.view_height > MX_MAX_VIEW_DIM ? i->config.view_height : MX_MAX_VIEW_DIM;
        views[k].recommendedSwapchainSampleCount = 1;
        views[k].maxSwapchainSampleCount = 1;
    }
    return XR_SUCCESS;
}

static XrResult XRAPI_CALL enumerate_view_config_views(XrInstance instance, XrSystemId systemId,
                                                       XrViewConfigurationType type, uint32_t capacity,
                                                       uint32_t *countOutput, XrViewConfigurationView *views)
{
    static const char *func = "xrEnumerateViewConfigurationViews";
    mx_lock();
    struct mx_instance *i;
    bool write = false;
    XrResult r = mx_instance_get(instance, func, &i);
    if (r == XR_SUCCESS)
        r = mx_check_system(systemId, i, func);
    if (r == XR_SUCCESS)
        r = mx_check_view_config_offered(i, type, func);
    uint32_t n = type == XR_VIEW_CONFIGURATION_TYPE_PRIMARY_STEREO ? 2 : 1;
    if (r == XR_SUCCESS)
        r = mx_two_call(func, "views", capacity, countOutput, views, n, &write);
    if (write)
        r = fill_views(i, n, views, func);
    mx_unlock();
    return r;
}

static XrResult XRAPI_CALL enumerate_blend_modes(XrInstance instance, XrSystemId systemId,
                                                 XrViewConfigurationType type, uint32_t capacity,
                                                 uint32_t *countOutput, XrEnvironmentBlendMode *modes)
{
    static const char *func = "xrEnumerateEnvironmentBlendModes";
    mx_lock();
    struct mx_instance *i;
    bool write = false;
    XrResult r = mx_instance_get(instance, func, &i);
    if (r == XR_SUCCESS)
        r = mx_check_system(systemId, i, func);
    if (r == XR_SUCCESS)
        r = mx_check_view_config_offered(i, type, func);
    if (r == XR_SUCCESS)
        r = mx_two_call(func, "environmentBlendModes", capacity, countOutput, modes, 1, &write);
    if (write)
        modes[0] = XR_ENVIRONMENT_BLEND_MODE_OPAQUE;
    mx_unlock();
    return r;
}

PFN_xrVoidFunction mx_system_proc(const char *name)
{
    static const struct {
        const char *name;
        PFN_xrVoidFunction fn;
    } table[] = {
        {"xrGetSystem", (PFN_xrVoidFunction)get_system},
        {"xrGetSystemProperties", (PFN_xrVoidFunction)get_system_properties},
        {"xrEnumerateViewConfigurations", (PFN_xrVoidFunction)enumerate_view_configs},
        {"xrGetViewConfigurationProperties", (PFN_xrVoidFunction)get_view_config_properties},
        {"xrEnumerateViewConfigurationViews", (PFN_xrVoidFunction)enumerate_view_config_views},
        {"xrEnumerateEnvironmentBlendModes", (PFN_xrVoidFunction)enumerate_blend_modes},
    };
    for (size_t k = 0; k < sizeof(table) / sizeof(table[0]); k++) {
        if (strcmp(name, table[k].name) == 0)
            return table[k].fn;
    }
    return NULL;
}
