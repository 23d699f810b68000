/* XrInstance: extensions, create/destroy, properties, result/structure-type strings and paths. */
#include "mockxr_internal.h"
#include "mx_ext.h"
#include "mx_input.h"
#include "mx_vk.h"

#include <stdlib.h>
#include <string.h>


#define MX_RUNTIME_VERSION XR_MAKE_VERSION(0, 1, 0)

struct mx_extension {
    const char *name;
    uint32_t version;
    int bit; /* enum mx_ext, or -1 for the extensions with a bool of their own in mx_instance */
};

static const struct mx_extension g_extensions[] = {
    {XR_KHR_VULKAN_ENABLE_EXTENSION_NAME, XR_KHR_vulkan_enable_SPEC_VERSION, -1},
    {XR_KHR_VULKAN_ENABLE2_EXTENSION_NAME, XR_KHR_vulkan_enable2_SPEC_VERSION, -1},
    {XR_KHR_COMPOSITION_LAYER_DEPTH_EXTENSION_NAME, XR_KHR_composition_layer_depth_SPEC_VERSION, -1},
    {XR_KHR_CONVERT_TIMESPEC_TIME_EXTENSION_NAME, XR_KHR_convert_timespec_time_SPEC_VERSION, -1},
    {XR_MND_HEADLESS_EXTENSION_NAME, XR_MND_headless_SPEC_VERSION, -1},
    {XR_EXT_DEBUG_UTILS_EXTENSION_NAME, XR_EXT_debug_utils_SPEC_VERSION, -1},
    {XR_KHR_COMPOSITION_LAYER_CYLINDER_EXTENSION_NAME, XR_KHR_composition_layer_cylinder_SPEC_VERSION, -1},
    {XR_KHR_COMPOSITION_LAYER_EQUIRECT_EXTENSION_NAME, XR_KHR_composition_layer_equirect_SPEC_VERSION, -1},
    {XR_KHR_COMPOSITION_LAYER_EQUIRECT2_EXTENSION_NAME, XR_KHR_composition_layer_equirect2_SPEC_VERSION, -1},
    {XR_KHR_COMPOSITION_LAYER_CUBE_EXTENSION_NAME, XR_KHR_composition_layer_cube_SPEC_VERSION, -1},
    {XR_EXT_HAND_TRACKING_EXTENSION_NAME, XR_EXT_hand_tracking_SPEC_VERSION, MX_EXT_HAND_TRACKING},
    {XR_EXT_EYE_GAZE_INTERACTION_EXTENSION_NAME, XR_EXT_eye_gaze_interaction_SPEC_VERSION, MX_EXT_EYE_GAZE_INTERACTION},
    {XR_KHR_VISIBILITY_MASK_EXTENSION_NAME, XR_KHR_visibility_mask_SPEC_VERSION, MX_EXT_VISIBILITY_MASK},
    {XR_EXT_LOCAL_FLOOR_EXTENSION_NAME, XR_EXT_local_floor_SPEC_VERSION, MX_EXT_LOCAL_FLOOR},
    {XR_KHR_LOCATE_SPACES_EXTENSION_NAME, XR_KHR_locate_spaces_SPEC_VERSION, MX_EXT_LOCATE_SPACES},
    {XR_KHR_BINDING_MODIFICATION_EXTENSION_NAME, XR_KHR_binding_modification_SPEC_VERSION,
     MX_EXT_BINDING_MODIFICATION},
    {XR_EXT_DPAD_BINDING_EXTENSION_NAME, XR_EXT_dpad_binding_SPEC_VERSION, MX_EXT_DPAD_BINDING},
    {XR_EXT_USER_PRESENCE_EXTENSION_NAME, XR_EXT_user_presence_SPEC_VERSION, MX_EXT_USER_PRESENCE},
    {XR_FB_DISPLAY_REFRESH_RATE_EXTENSION_NAME, XR_FB_display_refresh_rate_SPEC_VERSION, MX_EXT_DISPLAY_REFRESH_RATE},
    {XR_EXT_PERFORMANCE_SETTINGS_EXTENSION_NAME, XR_EXT_performance_settings_SPEC_VERSION,
     MX_EXT_PERFORMANCE_SETTINGS},
    {XR_EXT_THERMAL_QUERY_EXTENSION_NAME, XR_EXT_thermal_query_SPEC_VERSION, MX_EXT_THERMAL_QUERY},
    {XR_META_HEADSET_ID_EXTENSION_NAME, XR_META_headset_id_SPEC_VERSION, MX_EXT_HEADSET_ID},
    {XR_META_PERFORMANCE_METRICS_EXTENSION_NAME, XR_META_performance_metrics_SPEC_VERSION, MX_EXT_PERFORMANCE_METRICS},
    {XR_MSFT_CONTROLLER_MODEL_EXTENSION_NAME, XR_MSFT_controller_model_SPEC_VERSION, MX_EXT_CONTROLLER_MODEL},
};
#define MX_EXTENSION_COUNT (sizeof(g_extensions) / sizeof(g_extensions[0]))

static XrResult XRAPI_CALL enumerate_extensions(const char *layerName, uint32_t propertyCapacityInput,
                                                uint32_t *propertyCountOutput, XrExtensionProperties *properties)
{
    static const char *func = "xrEnumerateInstanceExtensionProperties";
    mx_lock();
    XrResult r = XR_SUCCESS;
    bool write = false;
    if (layerName && layerName[0])
        r = mx_diag(XR_ERROR_API_LAYER_NOT_PRESENT, func, "layer \"%s\" is not provided by the runtime", layerName);
    if (r == XR_SUCCESS)
        r = mx_two_call(func, "properties", propertyCapacityInput, propertyCountOutput, properties,
                        (uint32_t)MX_EXTENSION_COUNT, &write);
    for (uint32_t k = 0; write && k < MX_EXTENSION_COUNT && r == XR_SUCCESS; k++)
        r = mx_check_struct(&properties[k], XR_TYPE_EXTENSION_PROPERTIES, func, "properties[i]");
    for (uint32_t k = 0; write && k < MX_EXTENSION_COUNT && r == XR_SUCCESS; k++) {
        snprintf(properties[k].extensionName, sizeof(properties[k].extensionName), "%s", g_extensions[k].name);
        properties[k].extensionVersion = g_extensions[k].version;
    }
    mx_unlock();
    return r;
}

static XrResult enable_extensions(struct mx_instance *i, const XrInstanceCreateInfo *ci)
{
    static const char *func = "xrCreateInstance";
    if (ci->enabledExtensionCount > 0 && !ci->enabledExtensionNames)
        return mx_diag(XR_ERROR_VALIDATION_FAILURE, func, "enabledExtensionNames is NULL");
    for (uint32_t k = 0; k < ci->enabledExtensionCount; k++) {
        const char *name = ci->enabledExtensionNames[k];
        const struct mx_extension *found = NULL;
        for (size_t e = 0; name && e < MX_EXTENSION_COUNT && !found; e++)
            found = strcmp(name, g_extensions[e].name) == 0 ? &g_extensions[e] : NULL;
        if (!found)
            return mx_diag(XR_ERROR_EXTENSION_NOT_PRESENT, func, "extension \"%s\" is not supported by mockxr",
                           name ? name : "(null)");
        if (found->bit >= 0)
            i->exts |= MX_EXT_BIT(found->bit);
        i->ext_vulkan |= strcmp(name, XR_KHR_VULKAN_ENABLE_EXTENSION_NAME) == 0;
        i->ext_vulkan2 |= strcmp(name, XR_KHR_VULKAN_ENABLE2_EXTENSION_NAME) == 0;
        i->ext_depth |= strcmp(name, XR_KHR_COMPOSITION_LAYER_DEPTH_EXTENSION_NAME) == 0;
        i->ext_convert_time |= strcmp(name, XR_KHR_CONVERT_TIMESPEC_TIME_EXTENSION_NAME) == 0;
        i->ext_headless |= strcmp(name, XR_MND_HEADLESS_EXTENSION_NAME) == 0;
        i->ext_debug_utils |= strcmp(name, XR_EXT_DEBUG_UTILS_EXTENSION_NAME) == 0;
        i->ext_cylinder |= strcmp(name, XR_KHR_COMPOSITION_LAYER_CYLINDER_EXTENSION_NAME) == 0;
        i->ext_equirect |= strcmp(name, XR_KHR_COMPOSITION_LAYER_EQUIRECT_EXTENSION_NAME) == 0;
        i->ext_equirect2 |= strcmp(name, XR_KHR_COMPOSITION_LAYER_EQUIRECT2_EXTENSION_NAME) == 0;
        i->ext_cube |= strcmp(name, XR_KHR_COMPOSITION_LAYER_CUBE_EXTENSION_NAME) == 0;
    }
    /* A 1.0 runtime has no XR_ERROR_EXTENSION_DEPENDENCY_NOT_ENABLED (OpenXR 1.1): a broken "must". */
    if (MX_EXT_ON(i, MX_EXT_DPAD_BINDING) && !MX_EXT_ON(i, MX_EXT_BINDING_MODIFICATION))
        return mx_diag(XR_ERROR_VALIDATION_FAILURE, func, "XR_EXT_dpad_binding is enabled without "
                       "XR_KHR_binding_modification, which it builds on: enable both");
    return XR_SUCCESS;
}

static XrResult check_create_info(const XrInstanceCreateInfo *ci)
{
    static const char *func = "xrCreateInstance";
    XrResult r = mx_check_struct(ci, XR_TYPE_INSTANCE_CREATE_INFO, func, "createInfo");
    if (r != XR_SUCCESS)
        return r;
    if (ci->createFlags != 0)
        return mx_diag(XR_ERROR_VALIDATION_FAILURE, func, "createFlags is 0x%llx, must be 0",
                       (unsigned long long)ci->createFlags);
    const XrApplicationInfo *app = &ci->applicationInfo;
    if (!memchr(app->applicationName, '\0', sizeof(app->applicationName)) || app->applicationName[0] == '\0')
        return mx_diag(XR_ERROR_NAME_INVALID, func, "applicationInfo.applicationName is empty or not terminated");
    if (!memchr(app->engineName, '\0', sizeof(app->engineName)))
        return mx_diag(XR_ERROR_NAME_INVALID, func, "applicationInfo.engineName is not NUL-terminated");
    if (XR_VERSION_MAJOR(app->apiVersion) != 1 || XR_VERSION_MINOR(app->apiVersion) != 0)
        return mx_diag(XR_ERROR_API_VERSION_UNSUPPORTED, func, "apiVersion %u.%u.%u requested; mockxr implements 1.0",
                       (unsigned)XR_VERSION_MAJOR(app->apiVersion), (unsigned)XR_VERSION_MINOR(app->apiVersion),
                       (unsigned)XR_VERSION_PATCH(app->apiVersion));
    return XR_SUCCESS;
}

static void instance_free(struct mx_instance *i)
{
    while (i->sessions) {
        mx_session_destroy(i->sessions);
    }
    mx_window_destroy(i);
    mx_input_instance_destroy(i);
    mx_vk_instance_destroy(i);
    mx_ext_instance_destroy(i);
    mx_recorder_close(i);
    mx_record_close(i);
    mx_script_destroy(&i->script);
    mx_debug_instance_release(i);
    for (size_t k = 0; k < i->paths.count; k++)
        free(i->paths.strings[k]);
    free(i->paths.strings);
    mx_config_free(&i->config);
    mx_handle_unregister(i->handle);
    free(i);
}

static XrResult instance_setup(struct mx_instance *i, const XrInstanceCreateInfo *ci)
{
    XrResult r = enable_extensions(i, ci);
    if (r == XR_SUCCESS)
        r = mx_config_load(&i->config);
    if (r == XR_SUCCESS)
        mx_clock_init(&i->clock, &i->config);
    if (r == XR_SUCCESS)
        r = mx_ext_instance_init(i);
    if (r == XR_SUCCESS && i->config.script_path)
        r = mx_script_load(i->config.script_path, &i->config, &i->script);
    if (r == XR_SUCCESS)
        r = mx_recorder_open(i);
    if (r == XR_SUCCESS)
        r = mx_window_create(i);
    if (r == XR_SUCCESS && i->ext_debug_utils)
        r = mx_debug_messengers_from_chain(i, ci->next);
    if (r == XR_SUCCESS)
        r = mx_record_open(i);
    if (r == XR_ERROR_RUNTIME_FAILURE)
        fprintf(stderr, "mockxr: error: xrCreateInstance returns XR_ERROR_RUNTIME_FAILURE (configuration above)\n");
    return r;
}

static XrResult XRAPI_CALL create_instance(const XrInstanceCreateInfo *createInfo, XrInstance *instance)
{
    static const char *func = "xrCreateInstance";
    mx_lock();
    XrResult r = check_create_info(createInfo);
    if (r == XR_SUCCESS && !instance)
        r = mx_diag(XR_ERROR_VALIDATION_FAILURE, func, "instance (output) is NULL");
    struct mx_instance *i = NULL;
    if (r == XR_SUCCESS && !(i = calloc(1, sizeof(*i))))
        r = XR_ERROR_OUT_OF_MEMORY;
    if (r == XR_SUCCESS && !(i->handle = mx_handle_register(MX_HANDLE_INSTANCE, i)))
        r = XR_ERROR_OUT_OF_MEMORY;
    if (r == XR_SUCCESS) {
        snprintf(i->app_name, sizeof(i->app_name), "%s", createInfo->applicationInfo.applicationName);
        mx_runtime_add_instance(i);
        r = instance_setup(i, createInfo);
        if (r != XR_SUCCESS)
            mx_runtime_remove_instance(i);
    }
    if (r != XR_SUCCESS && i) {
        instance_free(i);
        i = NULL;
    }
    if (r == XR_SUCCESS) {
        *instance = (XrInstance)(uintptr_t)i->handle;
        mx_info("instance created for \"%s\" (%s clock, %u Hz, view %ux%u)", i->app_name,
                i->config.clock == MX_CLOCK_VIRTUAL ? "virtual" : "realtime", i->config.refresh_hz,
                i->config.view_width, i->config.view_height);
    }
    mx_unlock();
    return r;
}

static XrResult XRAPI_CALL destroy_instance(XrInstance instance)
{
    mx_lock();
    struct mx_instance *i;
    XrResult r = mx_instance_lookup(instance, "xrDestroyInstance", &i);
    if (r == XR_SUCCESS) {
        int notify_fd = i->config.notify_fd; /* told once the report's summary is written */
        mx_runtime_remove_instance(i);
        instance_free(i);
        mx_notify_send(notify_fd, "instance-gone");
    }
    mx_unlock();
    return r;
}

static XrResult XRAPI_CALL get_instance_properties(XrInstance instance, XrInstanceProperties *props)
{
    static const char *func = "xrGetInstanceProperties";
    mx_lock();
    struct mx_instance *i;
    XrResult r = mx_instance_get(instance, func, &i);
    if (r == XR_SUCCESS)
        r = mx_check_struct(props, XR_TYPE_INSTANCE_PROPERTIES, func, "instanceProperties");
    if (r == XR_SUCCESS) {
        props->runtimeVersion = MX_RUNTIME_VERSION;
        snprintf(props->runtimeName, sizeof(props->runtimeName), "mockxr");
    }
    mx_unlock();
    return r;
}

static XrResult copy_string(const char *func, const char *text, uint32_t capacity, uint32_t *count_out,
                            char *buffer)
{
    bool write;
    XrResult r = mx_two_call(func, "buffer", capacity, count_out, buffer, (uint32_t)strlen(text) + 1, &write);
    if (write)
        memcpy(buffer, text, strlen(text) + 1);
    return r;
}

static XrResult XRAPI_CALL result_to_string(XrInstance instance, XrResult value, char buffer[XR_MAX_RESULT_STRING_SIZE])
{
    static const char *func = "xrResultToString";
    mx_lock();
    struct mx_instance *i;
    XrResult r = mx_instance_get(instance, func, &i);
    if (r == XR_SUCCESS && !buffer)
        r = mx_diag(XR_ERROR_VALIDATION_FAILURE, func, "buffer is NULL");
    if (r == XR_SUCCESS) {
        const char *name = mx_result_str(value);
        if (name)
            snprintf(buffer, XR_MAX_RESULT_STRING_SIZE, "%s", name);
        else
            snprintf(buffer, XR_MAX_RESULT_STRING_SIZE, "XR_UNKNOWN_%s_%d", value < 0 ? "FAILURE" : "SUCCESS",
                     (int)value);
    }
    mx_unlock();
    return r;
}

static XrResult XRAPI_CALL struct_type_to_string(XrInstance instance, XrStructureType value,
                                                 char buffer[XR_MAX_STRUCTURE_NAME_SIZE])
{
    static const char *func = "xrStructureTypeToString";
    mx_lock();
    struct mx_instance *i;
    XrResult r = mx_instance_get(instance, func, &i);
    if (r == XR_SUCCESS && !buffer)
        r = mx_diag(XR_ERROR_VALIDATION_FAILURE, func, "buffer is NULL");
    if (r == XR_SUCCESS) {
        const char *name = mx_struct_type_str(value);
        if (name)
            snprintf(buffer, XR_MAX_STRUCTURE_NAME_SIZE, "%s", name);
        else
            snprintf(buffer, XR_MAX_STRUCTURE_NAME_SIZE, "XR_UNKNOWN_STRUCTURE_TYPE_%d", (int)value);
    }
    mx_unlock();
    return r;
}

/* Path syntax of the specification: "/" then components of [a-z0-9-_.] separated by single "/",
 * no trailing "/", no component made only of dots, shorter than XR_MAX_PATH_LENGTH. */
static const char *path_syntax_error(const char *s)
{
    size_t len = strnlen(s, XR_MAX_PATH_LENGTH);
    if (len >= XR_MAX_PATH_LENGTH)
        return "longer than XR_MAX_PATH_LENGTH - 1";
    if (s[0] != '/')
        return "does not start with '/'";
    if (len == 1 || s[len - 1] == '/')
        return "ends with '/'";
    bool only_dots = true;
    for (size_t k = 1; k <= len; k++) {
        char c = s[k];
        if (c == '/' || c == '\0') {
            if (s[k - 1] == '/')
                return "has an empty component (\"//\")";
            if (only_dots)
                return "has a component made only of '.'";
            only_dots = true;
            continue;
        }
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.'))
            return "has a character outside [a-z0-9-_./]";
        only_dots = only_dots && c == '.';
    }
    return NULL;
}

XrResult mx_path_intern(struct mx_instance *i, const char *str, const char *func, XrPath *out)
{
    if (!str)
        return mx_diag(XR_ERROR_VALIDATION_FAILURE, func, "path string is NULL");
    const char *why = path_syntax_error(str);
    if (why)
        return mx_diag(XR_ERROR_PATH_FORMAT_INVALID, func, "path \"%.300s\" %s", str, why);
    struct mx_path_table *t = &i->paths;
    for (size_t k = 0; k < t->count; k++) {
        if (strcmp(t->strings[k], str) == 0) {
            *out = (XrPath)(k + 1);
            return XR_SUCCESS;
        }
    }
    if (t->count == t->capacity) {
        size_t cap = t->capacity ? t->capacity * 2 : 64;
        char **grown = realloc(t->strings, cap * sizeof(*grown));
        if (!grown)
            return XR_ERROR_OUT_OF_MEMORY;
        t->strings = grown;
        t->capacity = cap;
    }
    if (!(t->strings[t->count] = strdup(str)))
        return XR_ERROR_OUT_OF_MEMORY;
    *out = (XrPath)(++t->count);
    return XR_SUCCESS;
}

const char *mx_path_string(const struct mx_instance *i, XrPath p)
{
    if (p == XR_NULL_PATH || p > i->paths.count)
        return NULL;
    return i->paths.strings[p - 1];
}

static XrResult XRAPI_CALL string_to_path(XrInstance instance, const char *pathString, XrPath *path)
{
    static const char *func = "xrStringToPath";
    mx_lock();
    struct mx_instance *i;
    XrResult r = mx_instance_get(instance, func, &i);
    if (r == XR_SUCCESS && !path)
        r = mx_diag(XR_ERROR_VALIDATION_FAILURE, func, "path (output) is NULL");
    if (r == XR_SUCCESS)
        r = mx_path_intern(i, pathString, func, path);
    mx_unlock();
    return r;
}

static XrResult XRAPI_CALL path_to_string(XrInstance instance, XrPath path, uint32_t bufferCapacityInput,
                                          uint32_t *bufferCountOutput, char *buffer)
{
    static const char *func = "xrPathToString";
    mx_lock();
    struct mx_instance *i;
    XrResult r = mx_instance_get(instance, func, &i);
    const char *text = NULL;
    if (r == XR_SUCCESS && !(text = mx_path_string(i, path)))
        r = mx_diag(XR_ERROR_PATH_INVALID, func, "path 0x%llx was not made by xrStringToPath on this instance",
                    (unsigned long long)path);
    if (r == XR_SUCCESS)
        r = copy_string(func, text, bufferCapacityInput, bufferCountOutput, buffer);
    mx_unlock();
    return r;
}

PFN_xrVoidFunction mx_instance_proc(const char *name)
{
    static const struct {
        const char *name;
        PFN_xrVoidFunction fn;
    } table[] = {
        {"xrEnumerateInstanceExtensionProperties", (PFN_xrVoidFunction)enumerate_extensions},
        {"xrCreateInstance", (PFN_xrVoidFunction)create_instance},
        {"xrDestroyInstance", (PFN_xrVoidFunction)destroy_instance},
        {"xrGetInstanceProperties", (PFN_xrVoidFunction)get_instance_properties},
        {"xrResultToString", (PFN_xrVoidFunction)result_to_string},
        {"xrStructureTypeToString", (PFN_xrVoidFunction)struct_type_to_string},
        {"xrStringToPath", (PFN_xrVoidFunction)string_to_path},
        {"xrPathToString", (PFN_xrVoidFunction)path_to_string},
    };
    for (size_t k = 0; k < sizeof(table) / sizeof(table[0]); k++) {
        if (strcmp(name, table[k].name) == 0)
            return table[k].fn;
    }
    return NULL;
}
