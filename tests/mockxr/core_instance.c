/* mockxr conformance: instance, extensions, xrGetInstanceProcAddr, strings, paths, system, view configurations. */
#include "mx_test.h"

static void test_extensions(struct mx_test *t)
{
    uint32_t n = 0;
    MX_CHECK_RESULT(t, xrEnumerateInstanceExtensionProperties(NULL, 0, &n, NULL), XR_SUCCESS);
    MX_CHECK(t, n >= 6);
    XrExtensionProperties props[64];
    for (int k = 0; k < 64; k++)
        props[k] = (XrExtensionProperties){.type = XR_TYPE_EXTENSION_PROPERTIES};
    if (!t->clean && n > 1) {
        uint32_t got = 0;
        MX_CHECK_RESULT(t, xrEnumerateInstanceExtensionProperties(NULL, 1, &got, props), XR_ERROR_SIZE_INSUFFICIENT);
        MX_CHECK(t, got == n);
    }
    uint32_t got = 0;
    MX_CHECK_RESULT(t, xrEnumerateInstanceExtensionProperties(NULL, 64, &got, props), XR_SUCCESS);
    const char *wanted[] = {"XR_KHR_vulkan_enable", "XR_KHR_vulkan_enable2", "XR_KHR_composition_layer_depth",
                            "XR_KHR_convert_timespec_time", "XR_MND_headless", "XR_KHR_composition_layer_cylinder",
                            "XR_KHR_composition_layer_equirect", "XR_KHR_composition_layer_equirect2",
                            "XR_KHR_composition_layer_cube"};
    for (size_t w = 0; w < sizeof(wanted) / sizeof(wanted[0]); w++) {
        bool found = false;
        for (uint32_t k = 0; k < got; k++)
            found = found || strcmp(props[k].extensionName, wanted[w]) == 0;
        MX_CHECK(t, found);
    }
}

static void test_create_errors(struct mx_test *t)
{
    XrInstance inst = XR_NULL_HANDLE;
    const char *bogus[] = {"XR_EXT_does_not_exist", NULL};
    MX_CHECK_RESULT(t, mx_test_create_instance(bogus, &inst), XR_ERROR_EXTENSION_NOT_PRESENT);
    XrInstanceCreateInfo ci = {.type = XR_TYPE_INSTANCE_CREATE_INFO};
    ci.applicationInfo.apiVersion = XR_MAKE_VERSION(1, 0, 0);
    MX_CHECK_RESULT(t, xrCreateInstance(&ci, &inst), XR_ERROR_NAME_INVALID); /* empty application name */
}

static void test_proc_addr(struct mx_test *t, XrInstance inst)
{
    PFN_xrVoidFunction fn = NULL;
    MX_CHECK_RESULT(t, xrGetInstanceProcAddr(inst, "xrWaitFrame", &fn), XR_SUCCESS);
    MX_CHECK(t, fn != NULL);
    MX_CHECK_RESULT(t, xrGetInstanceProcAddr(inst, "xrConvertTimespecTimeToTimeKHR", &fn), XR_SUCCESS);
    if (!t->clean) {
        MX_CHECK_RESULT(t, xrGetInstanceProcAddr(inst, "xrNoSuchFunction", &fn), XR_ERROR_FUNCTION_UNSUPPORTED);
        MX_CHECK(t, fn == NULL);
        /* XR_KHR_vulkan_enable was not enabled on this instance */
        MX_CHECK_RESULT(t, xrGetInstanceProcAddr(inst, "xrGetVulkanGraphicsRequirementsKHR", &fn),
                        XR_ERROR_FUNCTION_UNSUPPORTED);
    }
}

static void test_properties_and_strings(struct mx_test *t, XrInstance inst)
{
    XrInstanceProperties ip = {.type = XR_TYPE_INSTANCE_PROPERTIES};
    MX_CHECK_RESULT(t, xrGetInstanceProperties(inst, &ip), XR_SUCCESS);
    MX_CHECK(t, strcmp(ip.runtimeName, "mockxr") == 0);
    char buf[XR_MAX_RESULT_STRING_SIZE];
    MX_CHECK_RESULT(t, xrResultToString(inst, XR_ERROR_SESSION_NOT_STOPPING, buf), XR_SUCCESS);
    MX_CHECK(t, strcmp(buf, "XR_ERROR_SESSION_NOT_STOPPING") == 0);
    char sbuf[XR_MAX_STRUCTURE_NAME_SIZE];
    MX_CHECK_RESULT(t, xrStructureTypeToString(inst, XR_TYPE_FRAME_END_INFO, sbuf), XR_SUCCESS);
    MX_CHECK(t, strcmp(sbuf, "XR_TYPE_FRAME_END_INFO") == 0);
    if (!t->clean) { /* values outside the enums: the validation layer rejects them itself */
        MX_CHECK_RESULT(t, xrResultToString(inst, (XrResult)-987654, buf), XR_SUCCESS);
        MX_CHECK(t, strcmp(buf, "XR_UNKNOWN_FAILURE_-987654") == 0);
        MX_CHECK_RESULT(t, xrStructureTypeToString(inst, (XrStructureType)777777, sbuf), XR_SUCCESS);
        MX_CHECK(t, strcmp(sbuf, "XR_UNKNOWN_STRUCTURE_TYPE_777777") == 0);
        XrInstanceProperties wrong = {.type = XR_TYPE_SYSTEM_PROPERTIES};
        MX_CHECK_RESULT(t, xrGetInstanceProperties(inst, &wrong), XR_ERROR_VALIDATION_FAILURE);
    }
}

static void test_paths(struct mx_test *t, XrInstance inst)
{
    XrPath a = XR_NULL_PATH, b = XR_NULL_PATH;
    MX_CHECK_RESULT(t, xrStringToPath(inst, "/user/hand/left/input/select/click", &a), XR_SUCCESS);
    MX_CHECK_RESULT(t, xrStringToPath(inst, "/user/hand/left/input/select/click", &b), XR_SUCCESS);
    MX_CHECK(t, a != XR_NULL_PATH && a == b);
    MX_CHECK_RESULT(t, xrStringToPath(inst, "/a-b_c.d/e1", &b), XR_SUCCESS);
    MX_CHECK(t, a != b);
    uint32_t n = 0;
    char buf[XR_MAX_PATH_LENGTH];
    MX_CHECK_RESULT(t, xrPathToString(inst, a, 0, &n, NULL), XR_SUCCESS);
    MX_CHECK(t, n == strlen("/user/hand/left/input/select/click") + 1);
    MX_CHECK_RESULT(t, xrPathToString(inst, a, sizeof(buf), &n, buf), XR_SUCCESS);
    MX_CHECK(t, strcmp(buf, "/user/hand/left/input/select/click") == 0);
    if (t->clean)
        return;
    MX_CHECK_RESULT(t, xrPathToString(inst, a, 4, &n, buf), XR_ERROR_SIZE_INSUFFICIENT);
    MX_CHECK_RESULT(t, xrPathToString(inst, (XrPath)123456, sizeof(buf), &n, buf), XR_ERROR_PATH_INVALID);
    const char *bad[] = {"", "user/hand", "/", "/user/", "/user//hand", "/User/hand", "/user/hand left",
                         "/user/..", "/user/./hand"};
    for (size_t k = 0; k < sizeof(bad) / sizeof(bad[0]); k++) {
        XrPath p;
        MX_CHECK_RESULT(t, xrStringToPath(inst, bad[k], &p), XR_ERROR_PATH_FORMAT_INVALID);
    }
    char too_long[XR_MAX_PATH_LENGTH + 8];
    memset(too_long, 'a', sizeof(too_long));
    too_long[0] = '/';
    too_long[sizeof(too_long) - 1] = '\0';
    XrPath p;
    MX_CHECK_RESULT(t, xrStringToPath(inst, too_long, &p), XR_ERROR_PATH_FORMAT_INVALID);
}

static void test_system(struct mx_test *t, XrInstance inst)
{
    XrSystemId sys = XR_NULL_SYSTEM_ID;
    if (!t->clean) {
        XrSystemProperties sp0 = {.type = XR_TYPE_SYSTEM_PROPERTIES};
        MX_CHECK_RESULT(t, xrGetSystemProperties(inst, 1, &sp0), XR_ERROR_SYSTEM_INVALID); /* before xrGetSystem */
        XrSystemGetInfo hand = {.type = XR_TYPE_SYSTEM_GET_INFO, .formFactor = XR_FORM_FACTOR_HANDHELD_DISPLAY};
        MX_CHECK_RESULT(t, xrGetSystem(inst, &hand, &sys), XR_ERROR_FORM_FACTOR_UNSUPPORTED);
    }
    MX_REQUIRE_RESULT(t, mx_test_get_system(inst, &sys), XR_SUCCESS);
    XrSystemProperties sp = {.type = XR_TYPE_SYSTEM_PROPERTIES};
    MX_CHECK_RESULT(t, xrGetSystemProperties(inst, sys, &sp), XR_SUCCESS);
    MX_CHECK(t, sp.graphicsProperties.maxLayerCount >= 16);
    MX_CHECK(t, sp.trackingProperties.positionTracking == XR_TRUE);
    if (!t->clean)
        MX_CHECK_RESULT(t, xrGetSystemProperties(inst, sys + 41, &sp), XR_ERROR_SYSTEM_INVALID);

    uint32_t n = 0;
    XrViewConfigurationType types[4];
    MX_CHECK_RESULT(t, xrEnumerateViewConfigurations(inst, sys, 0, &n, NULL), XR_SUCCESS);
    MX_CHECK(t, n == 2);
    if (!t->clean)
        MX_CHECK_RESULT(t, xrEnumerateViewConfigurations(inst, sys, 1, &n, types), XR_ERROR_SIZE_INSUFFICIENT);
    MX_CHECK_RESULT(t, xrEnumerateViewConfigurations(inst, sys, 4, &n, types), XR_SUCCESS);
    MX_CHECK(t, types[0] == XR_VIEW_CONFIGURATION_TYPE_PRIMARY_STEREO && types[1] == XR_VIEW_CONFIGURATION_TYPE_PRIMARY_MONO);

    XrViewConfigurationView views[2] = {{.type = XR_TYPE_VIEW_CONFIGURATION_VIEW}, {.type = XR_TYPE_VIEW_CONFIGURATION_VIEW}};
    MX_CHECK_RESULT(t, xrEnumerateViewConfigurationViews(inst, sys, XR_VIEW_CONFIGURATION_TYPE_PRIMARY_STEREO, 2, &n, views),
                    XR_SUCCESS);
    MX_CHECK(t, n == 2 && views[0].recommendedImageRectWidth == 320 && views[0].recommendedImageRectHeight == 240);
    MX_CHECK(t, views[1].maxImageRectWidth >= views[1].recommendedImageRectWidth);
    MX_CHECK_RESULT(t, xrEnumerateViewConfigurationViews(inst, sys, XR_VIEW_CONFIGURATION_TYPE_PRIMARY_MONO, 0, &n, NULL),
                    XR_SUCCESS);
    MX_CHECK(t, n == 1);
    XrViewConfigurationProperties vp = {.type = XR_TYPE_VIEW_CONFIGURATION_PROPERTIES};
    MX_CHECK_RESULT(t, xrGetViewConfigurationProperties(inst, sys, XR_VIEW_CONFIGURATION_TYPE_PRIMARY_STEREO, &vp),
                    XR_SUCCESS);
    MX_CHECK(t, vp.viewConfigurationType == XR_VIEW_CONFIGURATION_TYPE_PRIMARY_STEREO);
    XrEnvironmentBlendMode modes[4];
    MX_CHECK_RESULT(t, xrEnumerateEnvironmentBlendModes(inst, sys, XR_VIEW_CONFIGURATION_TYPE_PRIMARY_STEREO, 4, &n, modes),
                    XR_SUCCESS);
    MX_CHECK(t, n == 1 && modes[0] == XR_ENVIRONMENT_BLEND_MODE_OPAQUE);
    if (!t->clean) {
        MX_CHECK_RESULT(t, xrGetViewConfigurationProperties(inst, sys, XR_VIEW_CONFIGURATION_TYPE_PRIMARY_QUAD_VARJO, &vp),
                        XR_ERROR_VIEW_CONFIGURATION_TYPE_UNSUPPORTED);
        /* not a value of the enum: "unsupported" too (what the 1.0 conformance suite requires) */
        MX_CHECK_RESULT(t, xrGetViewConfigurationProperties(inst, sys, (XrViewConfigurationType)12345, &vp),
                        XR_ERROR_VIEW_CONFIGURATION_TYPE_UNSUPPORTED);
        MX_CHECK_RESULT(t, xrEnumerateViewConfigurationViews(inst, sys, XR_VIEW_CONFIGURATION_TYPE_PRIMARY_STEREO, 1, &n,
                                                             views), XR_ERROR_SIZE_INSUFFICIENT);
    }
}

static void test_handles(struct mx_test *t, XrInstance inst)
{
    if (t->clean)
        return;
    XrSystemId sys;
    MX_REQUIRE_RESULT(t, mx_test_get_system(inst, &sys), XR_SUCCESS);
    XrSession s;
    MX_REQUIRE_RESULT(t, mx_test_create_session(inst, sys, &s), XR_SUCCESS);
    MX_CHECK_RESULT(t, xrDestroySession(s), XR_SUCCESS);
    MX_CHECK_RESULT(t, xrDestroySession(s), XR_ERROR_HANDLE_INVALID); /* stale */
    MX_CHECK_RESULT(t, xrBeginSession((XrSession)(uintptr_t)0x1234, NULL), XR_ERROR_HANDLE_INVALID);
    XrSpace space = XR_NULL_HANDLE;
    XrReferenceSpaceCreateInfo rs = {.type = XR_TYPE_REFERENCE_SPACE_CREATE_INFO,
                                     .referenceSpaceType = XR_REFERENCE_SPACE_TYPE_LOCAL,
                                     .poseInReferenceSpace = {.orientation = {0, 0, 0, 1}}};
    MX_CHECK_RESULT(t, xrCreateReferenceSpace(s, &rs, &space), XR_ERROR_HANDLE_INVALID);
}

static XrBool32 XRAPI_CALL on_message(XrDebugUtilsMessageSeverityFlagsEXT severity, XrDebugUtilsMessageTypeFlagsEXT types,
                                      const XrDebugUtilsMessengerCallbackDataEXT *data, void *user)
{
    int *mockxr_errors = user;
    if (data->messageId && strcmp(data->messageId, "mockxr") == 0 &&
        (severity & XR_DEBUG_UTILS_MESSAGE_SEVERITY_ERROR_BIT_EXT) && data->message &&
        strstr(data->message, "xrStringToPath returns XR_ERROR_PATH_FORMAT_INVALID"))
        (*mockxr_errors)++;
    (void)types;
    return XR_FALSE;
}

/* mockxr's explanations reach an XR_EXT_debug_utils messenger. */
static void test_debug_utils(struct mx_test *t)
{
    XrInstance inst;
    const char *ext[] = {"XR_EXT_debug_utils", NULL};
    MX_REQUIRE_RESULT(t, mx_test_create_instance(ext, &inst), XR_SUCCESS);
    PFN_xrCreateDebugUtilsMessengerEXT create = NULL;
    MX_REQUIRE_RESULT(t, xrGetInstanceProcAddr(inst, "xrCreateDebugUtilsMessengerEXT", (PFN_xrVoidFunction *)&create),
                      XR_SUCCESS);
    int count = 0;
    XrDebugUtilsMessengerCreateInfoEXT ci = {.type = XR_TYPE_DEBUG_UTILS_MESSENGER_CREATE_INFO_EXT,
                                             .messageSeverities = XR_DEBUG_UTILS_MESSAGE_SEVERITY_ERROR_BIT_EXT,
                                             .messageTypes = XR_DEBUG_UTILS_MESSAGE_TYPE_VALIDATION_BIT_EXT,
                                             .userCallback = on_message, .userData = &count};
    XrDebugUtilsMessengerEXT messenger;
    MX_REQUIRE_RESULT(t, create(inst, &ci, &messenger), XR_SUCCESS);
    XrPath p;
    MX_CHECK_RESULT(t, xrStringToPath(inst, "/bad//path", &p), XR_ERROR_PATH_FORMAT_INVALID);
    MX_CHECK(t, count == 1);
    MX_CHECK_RESULT(t, xrDestroyInstance(inst), XR_SUCCESS);

    /* A messenger chained to XrInstanceCreateInfo works from creation on, exactly once per error (the loader
     * also registers it with the runtime after creation). */
    count = 0;
    XrInstanceCreateInfo ici = {.type = XR_TYPE_INSTANCE_CREATE_INFO, .next = &ci};
    snprintf(ici.applicationInfo.applicationName, sizeof(ici.applicationInfo.applicationName), "chained");
    ici.applicationInfo.apiVersion = XR_MAKE_VERSION(1, 0, 0);
    const char *names[] = {"XR_EXT_debug_utils"};
    ici.enabledExtensionCount = 1;
    ici.enabledExtensionNames = names;
    MX_REQUIRE_RESULT(t, xrCreateInstance(&ici, &inst), XR_SUCCESS);
    MX_CHECK_RESULT(t, xrStringToPath(inst, "/bad//path", &p), XR_ERROR_PATH_FORMAT_INVALID);
    MX_CHECK(t, count == 1);
    MX_CHECK_RESULT(t, xrDestroyInstance(inst), XR_SUCCESS);
}

int main(int argc, char **argv)
{
    struct mx_test t;
    mx_test_init(&t, argc, argv);
    mx_test_reset_env();
    setenv("MOCKXR_VIEW_SIZE", "320x240", 1);
    test_extensions(&t);
    if (!t.clean)
        test_create_errors(&t);
    XrInstance inst;
    const char *ext[] = {"XR_KHR_convert_timespec_time", NULL};
    MX_REQUIRE_RESULT(&t, mx_test_create_instance(ext, &inst), XR_SUCCESS);
    test_proc_addr(&t, inst);
    test_properties_and_strings(&t, inst);
    test_paths(&t, inst);
    test_system(&t, inst);
    test_handles(&t, inst);
    MX_CHECK_RESULT(&t, xrDestroyInstance(inst), XR_SUCCESS);
    if (!t.clean)
        test_debug_utils(&t);
    return mx_test_finish(&t, "core_instance");
}
