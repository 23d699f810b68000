/* mockxr against the rules the Khronos conformance suite (OpenXR-CTS) checks of any runtime: instance,
 * system, strings, paths, view configurations, enumerations (see /work/notes/cts_checklist.md). */
#include "mx_test.h"

#include <pthread.h>

/* A structure no runtime knows, chained where the suite chains one: it must be ignored. */
static const XrBaseInStructure g_unknown_struct = {.type = (XrStructureType)1000999999};
static XrBaseOutStructure g_unknown_out = {.type = (XrStructureType)1000999999};

/* The core validation layer (--clean runs) rejects unknown structures itself, before mockxr sees them. */
static const void *unknown_in(const struct mx_test *t)
{
    return t->clean ? NULL : &g_unknown_struct;
}

static void *unknown_out(const struct mx_test *t)
{
    return t->clean ? NULL : &g_unknown_out;
}

static XrInstanceCreateInfo basic_create_info(void)
{
    static const char *const names[] = {"XR_MND_headless"};
    XrInstanceCreateInfo ci = {.type = XR_TYPE_INSTANCE_CREATE_INFO, .enabledExtensionCount = 1,
                               .enabledExtensionNames = names};
    snprintf(ci.applicationInfo.applicationName, sizeof(ci.applicationInfo.applicationName), "cts-core");
    ci.applicationInfo.apiVersion = XR_MAKE_VERSION(1, 0, 0);
    return ci;
}

/* Creates with `ci`; destroys what it made. Returns the create result. */
static XrResult try_create(const XrInstanceCreateInfo *ci)
{
    XrInstance inst = XR_NULL_HANDLE;
    XrResult r = xrCreateInstance(ci, &inst);
    if (r == XR_SUCCESS)
        xrDestroyInstance(inst);
    return r;
}

static void test_extension_enumeration(struct mx_test *t)
{
    uint32_t n = 0;
    MX_REQUIRE_RESULT(t, xrEnumerateInstanceExtensionProperties(NULL, 0, &n, NULL), XR_SUCCESS);
    XrExtensionProperties props[64];
    MX_CHECK(t, n > 1 && 2 * n <= 64);
    for (int k = 0; k < 64; k++)
        props[k] = (XrExtensionProperties){.type = XR_TYPE_EXTENSION_PROPERTIES};
    uint32_t twice = 2 * n, got = 0;
    MX_CHECK_RESULT(t, xrEnumerateInstanceExtensionProperties(NULL, twice, &got, props), XR_SUCCESS);
    MX_CHECK(t, got == n); /* a larger capacity does not change the count ... */
    MX_CHECK(t, props[n].extensionName[0] == '\0'); /* ... nor is written past it */
    for (uint32_t k = 0; k < n; k++)
        MX_CHECK(t, props[k].extensionName[0] != '\0' && props[k].extensionVersion > 0);
    props[0].next = unknown_out(t);
    MX_CHECK_RESULT(t, xrEnumerateInstanceExtensionProperties(NULL, n, &got, props), XR_SUCCESS);
    if (t->clean)
        return;
    MX_CHECK_RESULT(t, xrEnumerateInstanceExtensionProperties(NULL, 0, NULL, NULL), XR_ERROR_VALIDATION_FAILURE);
    MX_CHECK_RESULT(t, xrEnumerateInstanceExtensionProperties(NULL, n - 1, &got, props), XR_ERROR_SIZE_INSUFFICIENT);
    MX_CHECK_RESULT(t, xrEnumerateInstanceExtensionProperties("no_such_layer_1", 0, &got, NULL),
                    XR_ERROR_API_LAYER_NOT_PRESENT);
}

static void test_create_instance(struct mx_test *t)
{
    XrInstanceCreateInfo ci = basic_create_info();
    if (!t->clean) { /* the core validation layer itself rejects structures it does not know */
        ci.next = &g_unknown_struct;
        MX_CHECK_RESULT(t, try_create(&ci), XR_SUCCESS);
        ci = basic_create_info();
    }
    ci.applicationInfo.engineName[0] = '\0'; /* an empty engine name is valid */
    ci.applicationInfo.engineVersion = UINT32_MAX;
    MX_CHECK_RESULT(t, try_create(&ci), XR_SUCCESS);
    if (t->clean)
        return;
    const char *flipped[] = {"xr_mnd_HEADLESS"};
    ci = basic_create_info();
    ci.enabledExtensionNames = flipped; /* names compare case-sensitively */
    MX_CHECK_RESULT(t, try_create(&ci), XR_ERROR_EXTENSION_NOT_PRESENT);
    const XrVersion versions[] = {0, 1, XR_MAKE_VERSION(100, 0, 0)};
    for (size_t k = 0; k < sizeof(versions) / sizeof(versions[0]); k++) {
        ci = basic_create_info();
        ci.applicationInfo.apiVersion = versions[k];
        MX_CHECK_RESULT(t, try_create(&ci), XR_ERROR_API_VERSION_UNSUPPORTED);
    }
    ci = basic_create_info();
    memset(ci.applicationInfo.applicationName, 'a', sizeof(ci.applicationInfo.applicationName));
    MX_CHECK_RESULT(t, try_create(&ci), XR_ERROR_NAME_INVALID); /* no terminating NUL */
    ci = basic_create_info();
    memset(ci.applicationInfo.engineName, 'e', sizeof(ci.applicationInfo.engineName));
    MX_CHECK_RESULT(t, try_create(&ci), XR_ERROR_NAME_INVALID);
    ci = basic_create_info();
    ci.createFlags = 0x42;
    MX_CHECK_RESULT(t, try_create(&ci), XR_ERROR_VALIDATION_FAILURE);
    ci = basic_create_info();
    ci.type = XR_TYPE_SYSTEM_GET_INFO;
    MX_CHECK_RESULT(t, try_create(&ci), XR_ERROR_VALIDATION_FAILURE);
    ci = basic_create_info();
    XrInstance inst = XR_NULL_HANDLE;
    MX_CHECK_RESULT(t, xrCreateInstance(NULL, &inst), XR_ERROR_VALIDATION_FAILURE);
    MX_CHECK_RESULT(t, xrCreateInstance(&ci, NULL), XR_ERROR_VALIDATION_FAILURE);
}

static void *destroy_thread(void *arg)
{
    XrInstance *inst = arg;
    return (void *)(intptr_t)xrDestroyInstance(*inst);
}

static void test_instance_lifetime(struct mx_test *t)
{
    XrInstanceCreateInfo ci = basic_create_info();
    for (int k = 0; k < 20; k++) { /* repeated create/destroy, half of them with a system queried */
        XrInstance inst = XR_NULL_HANDLE;
        XrSystemId sys;
        MX_REQUIRE_RESULT(t, xrCreateInstance(&ci, &inst), XR_SUCCESS);
        if (k % 4 < 2)
            MX_CHECK_RESULT(t, mx_test_get_system(inst, &sys), XR_SUCCESS);
        MX_CHECK_RESULT(t, xrDestroyInstance(inst), XR_SUCCESS);
    }
    XrInstance inst = XR_NULL_HANDLE;
    MX_REQUIRE_RESULT(t, xrCreateInstance(&ci, &inst), XR_SUCCESS);
    pthread_t th;
    void *ret = (void *)(intptr_t)XR_ERROR_RUNTIME_FAILURE;
    MX_CHECK(t, pthread_create(&th, NULL, destroy_thread, &inst) == 0 && pthread_join(th, &ret) == 0);
    MX_CHECK(t, (XrResult)(intptr_t)ret == XR_SUCCESS); /* destroyed on another thread than created */
}

static void test_system(struct mx_test *t, XrInstance inst)
{
    XrSystemId sys = XR_NULL_SYSTEM_ID;
    XrSystemGetInfo gi = {.type = XR_TYPE_SYSTEM_GET_INFO, .next = unknown_in(t),
                          .formFactor = XR_FORM_FACTOR_HEAD_MOUNTED_DISPLAY};
    MX_CHECK_RESULT(t, xrGetSystem(inst, &gi, &sys), XR_SUCCESS);
    MX_CHECK(t, sys != XR_NULL_SYSTEM_ID);
    XrSystemProperties sp = {.type = XR_TYPE_SYSTEM_PROPERTIES, .next = unknown_out(t)};
    MX_CHECK_RESULT(t, xrGetSystemProperties(inst, sys, &sp), XR_SUCCESS);
    MX_CHECK(t, sp.systemId == sys && sp.graphicsProperties.maxLayerCount >= 16 && sp.systemName[0] != '\0');
    if (t->clean)
        return;
    gi.formFactor = XR_FORM_FACTOR_MAX_ENUM;
    MX_CHECK_RESULT(t, xrGetSystem(inst, &gi, &sys), XR_ERROR_FORM_FACTOR_UNSUPPORTED);
    MX_CHECK_RESULT(t, xrGetSystemProperties(inst, XR_NULL_SYSTEM_ID, &sp), XR_ERROR_SYSTEM_INVALID);
    uint32_t n = 0;
    MX_CHECK_RESULT(t, xrEnumerateViewConfigurations(inst, XR_NULL_SYSTEM_ID, 0, &n, NULL), XR_ERROR_SYSTEM_INVALID);
    MX_CHECK_RESULT(t, xrEnumerateEnvironmentBlendModes(inst, XR_NULL_SYSTEM_ID,
                                                        XR_VIEW_CONFIGURATION_TYPE_PRIMARY_STEREO, 0, &n, NULL),
                    XR_ERROR_SYSTEM_INVALID);
}

static bool is_offered(XrViewConfigurationType v)
{
    return v == XR_VIEW_CONFIGURATION_TYPE_PRIMARY_STEREO || v == XR_VIEW_CONFIGURATION_TYPE_PRIMARY_MONO;
}

/* Every view configuration type the headers know: offered ones work, the others fail with one of the two
 * codes the suite accepts (their extensions are not enabled). */
static void test_view_configurations(struct mx_test *t, XrInstance inst, XrSystemId sys)
{
    static const XrViewConfigurationType known[] = {
#define MX_VC_ITEM(name, value) name,
        XR_LIST_ENUM_XrViewConfigurationType(MX_VC_ITEM)
#undef MX_VC_ITEM
    };
    uint32_t n = 0;
    XrViewConfigurationType types[8];
    MX_REQUIRE_RESULT(t, xrEnumerateViewConfigurations(inst, sys, 8, &n, types), XR_SUCCESS);
    MX_CHECK(t, n == 2 && types[0] == XR_VIEW_CONFIGURATION_TYPE_PRIMARY_STEREO);
    for (size_t k = 0; k < sizeof(known) / sizeof(known[0]); k++) {
        XrViewConfigurationType v = known[k];
        if (v == XR_VIEW_CONFIGURATION_TYPE_MAX_ENUM || (t->clean && !is_offered(v)))
            continue;
        uint32_t count = 0;
        XrResult blend = xrEnumerateEnvironmentBlendModes(inst, sys, v, 0, &count, NULL);
        XrResult views = xrEnumerateViewConfigurationViews(inst, sys, v, 0, &count, NULL);
        XrViewConfigurationProperties props = {.type = XR_TYPE_VIEW_CONFIGURATION_PROPERTIES};
        XrResult prop = xrGetViewConfigurationProperties(inst, sys, v, &props);
        if (is_offered(v)) {
            MX_CHECK(t, blend == XR_SUCCESS && views == XR_SUCCESS && prop == XR_SUCCESS);
            MX_CHECK(t, props.viewConfigurationType == v);
        } else {
            MX_CHECK(t, blend == XR_ERROR_VIEW_CONFIGURATION_TYPE_UNSUPPORTED || blend == XR_ERROR_VALIDATION_FAILURE);
            MX_CHECK(t, views == XR_ERROR_VIEW_CONFIGURATION_TYPE_UNSUPPORTED || views == XR_ERROR_VALIDATION_FAILURE);
            MX_CHECK(t, prop == XR_ERROR_VIEW_CONFIGURATION_TYPE_UNSUPPORTED || prop == XR_ERROR_VALIDATION_FAILURE);
        }
    }
    XrEnvironmentBlendMode modes[4] = {XR_ENVIRONMENT_BLEND_MODE_MAX_ENUM, XR_ENVIRONMENT_BLEND_MODE_MAX_ENUM,
                                       XR_ENVIRONMENT_BLEND_MODE_MAX_ENUM, XR_ENVIRONMENT_BLEND_MODE_MAX_ENUM};
    MX_CHECK_RESULT(t, xrEnumerateEnvironmentBlendModes(inst, sys, XR_VIEW_CONFIGURATION_TYPE_PRIMARY_STEREO, 4, &n,
                                                        modes), XR_SUCCESS);
    MX_CHECK(t, n == 1 && modes[0] == XR_ENVIRONMENT_BLEND_MODE_OPAQUE && modes[1] == XR_ENVIRONMENT_BLEND_MODE_MAX_ENUM);
    XrViewConfigurationView vcv[3] = {{.type = XR_TYPE_VIEW_CONFIGURATION_VIEW},
                                      {.type = XR_TYPE_VIEW_CONFIGURATION_VIEW},
                                      {.type = XR_TYPE_VIEW_CONFIGURATION_VIEW, .recommendedImageRectWidth = 7}};
    MX_CHECK_RESULT(t, xrEnumerateViewConfigurationViews(inst, sys, XR_VIEW_CONFIGURATION_TYPE_PRIMARY_STEREO, 3, &n,
                                                         vcv), XR_SUCCESS);
    MX_CHECK(t, n == 2 && vcv[2].recommendedImageRectWidth == 7);
    MX_CHECK(t, vcv[0].recommendedImageRectWidth <= vcv[0].maxImageRectWidth && vcv[0].recommendedImageRectWidth > 0);
    if (!t->clean) {
        vcv[0].type = XR_TYPE_UNKNOWN;
        MX_CHECK_RESULT(t, xrEnumerateViewConfigurationViews(inst, sys, XR_VIEW_CONFIGURATION_TYPE_PRIMARY_STEREO, 2,
                                                             &n, vcv), XR_ERROR_VALIDATION_FAILURE);
    }
}

static void test_strings(struct mx_test *t, XrInstance inst)
{
    char buf[XR_MAX_RESULT_STRING_SIZE];
#define MX_RESULT_ITEM(name, value)                                                \
    MX_CHECK_RESULT(t, xrResultToString(inst, (XrResult)(value), buf), XR_SUCCESS); \
    MX_CHECK(t, strcmp(buf, #name) == 0);
    XR_LIST_ENUM_XrResult(MX_RESULT_ITEM)
#undef MX_RESULT_ITEM
    char sbuf[XR_MAX_STRUCTURE_NAME_SIZE];
#define MX_TYPE_ITEM(name, value)                                                                \
    MX_CHECK_RESULT(t, xrStructureTypeToString(inst, (XrStructureType)(value), sbuf), XR_SUCCESS); \
    MX_CHECK(t, strcmp(sbuf, #name) == 0);
    XR_LIST_ENUM_XrStructureType(MX_TYPE_ITEM)
#undef MX_TYPE_ITEM
    MX_CHECK_RESULT(t, xrResultToString(inst, (XrResult)0x7ffffffe, buf), XR_SUCCESS);
    MX_CHECK(t, strcmp(buf, "XR_UNKNOWN_SUCCESS_2147483646") == 0);
    MX_CHECK_RESULT(t, xrResultToString(inst, (XrResult)INT32_MIN, buf), XR_SUCCESS);
    MX_CHECK(t, strcmp(buf, "XR_UNKNOWN_FAILURE_-2147483648") == 0);
    MX_CHECK_RESULT(t, xrStructureTypeToString(inst, (XrStructureType)0x7ffffffe, sbuf), XR_SUCCESS);
    MX_CHECK(t, strcmp(sbuf, "XR_UNKNOWN_STRUCTURE_TYPE_2147483646") == 0);
}

/* The path grammar, case by case (255 characters is the longest path; 256 is one too many). */
static void test_path_grammar(struct mx_test *t, XrInstance inst)
{
    char longest[XR_MAX_PATH_LENGTH], too_long[XR_MAX_PATH_LENGTH + 1];
    for (size_t k = 0; k < sizeof(too_long) - 1; k++)
        too_long[k] = k % 16 == 0 ? '/' : (char)('a' + k % 16);
    too_long[sizeof(too_long) - 1] = '\0';
    memcpy(longest, too_long, sizeof(longest) - 1);
    longest[sizeof(longest) - 1] = '\0';
    const char *good[] = {"/x", "/p/q", "/one/two/three", "/.x", "/x.", "/b./.b/.b./b.b", "/....z", "/123",
                          "/z_0-y.", "/-/_", longest};
    const char *bad[] = {"", "/", "//", "/ends/", "/a//b", "\\a", "/ ", "/q?", "/abC", "rel", "rel/", "/../up",
                         "/.", "/../..", "/x/..", too_long};
    for (size_t k = 0; k < sizeof(good) / sizeof(good[0]); k++) {
        XrPath p = XR_NULL_PATH;
        char back[XR_MAX_PATH_LENGTH];
        uint32_t n = 0;
        MX_CHECK_RESULT(t, xrStringToPath(inst, good[k], &p), XR_SUCCESS);
        MX_CHECK(t, p != XR_NULL_PATH);
        MX_CHECK_RESULT(t, xrPathToString(inst, p, sizeof(back), &n, back), XR_SUCCESS);
        MX_CHECK(t, strcmp(back, good[k]) == 0 && n == strlen(good[k]) + 1);
    }
    for (size_t k = 0; !t->clean && k < sizeof(bad) / sizeof(bad[0]); k++) {
        XrPath p = XR_NULL_PATH;
        XrResult r = xrStringToPath(inst, bad[k], &p);
        if (r != XR_ERROR_PATH_FORMAT_INVALID)
            fprintf(stderr, "path \"%.40s\": %s\n", bad[k], mx_test_result_name(r));
        MX_CHECK(t, r == XR_ERROR_PATH_FORMAT_INVALID);
    }
}

/* Many distinct paths: each either made (and resolvable afterwards) or refused with PATH_COUNT_EXCEEDED. */
static void test_path_count(struct mx_test *t, XrInstance inst)
{
    enum { COUNT = 1000 };
    static XrPath paths[COUNT];
    int made = 0;
    for (int k = 0; k < COUNT; k++) {
        char s[32];
        snprintf(s, sizeof(s), "/%d", k);
        XrResult r = xrStringToPath(inst, s, &paths[k]);
        if (r != XR_SUCCESS) {
            MX_CHECK(t, r == XR_ERROR_PATH_COUNT_EXCEEDED);
            break;
        }
        made++;
    }
    MX_CHECK(t, made == COUNT); /* mockxr's table grows */
    int resolved = 0;
    for (int k = 0; k < made; k++) {
        char s[32], back[32];
        uint32_t n = 0;
        snprintf(s, sizeof(s), "/%d", k);
        resolved += xrPathToString(inst, paths[k], sizeof(back), &n, back) == XR_SUCCESS && strcmp(s, back) == 0;
    }
    MX_CHECK(t, resolved == made);
    XrPath p;
    uint32_t n = 0;
    char one[1];
    MX_CHECK_RESULT(t, xrStringToPath(inst, "/abc/def", &p), XR_SUCCESS);
    MX_CHECK_RESULT(t, xrPathToString(inst, p, 0, &n, NULL), XR_SUCCESS);
    MX_CHECK(t, n == sizeof("/abc/def"));
    if (!t->clean) {
        n = 0;
        MX_CHECK_RESULT(t, xrPathToString(inst, p, 1, &n, one), XR_ERROR_SIZE_INSUFFICIENT);
        MX_CHECK(t, n == sizeof("/abc/def"));
    }
}

/* Names that are no function: "unsupported" and a NULL pointer back; a NULL name is a validation failure. */
static void test_proc_names(struct mx_test *t, XrInstance inst)
{
    const char *names[] = {"", "a", "xr", "not a function", "xr*", "xrGetSystemDoesNotEndLikeThis",
                           "xrGetSystem string is not terminated yet", "xrGetVulkanGraphicsRequirements2KHR"};
    for (size_t k = 0; k < sizeof(names) / sizeof(names[0]); k++) {
        PFN_xrVoidFunction fn = (PFN_xrVoidFunction)test_proc_names;
        MX_CHECK_RESULT(t, xrGetInstanceProcAddr(inst, names[k], &fn), XR_ERROR_FUNCTION_UNSUPPORTED);
        MX_CHECK(t, fn == NULL);
    }
    PFN_xrVoidFunction fn = NULL;
    MX_CHECK_RESULT(t, xrGetInstanceProcAddr(inst, NULL, &fn), XR_ERROR_VALIDATION_FAILURE);
    MX_CHECK_RESULT(t, xrGetInstanceProcAddr(XR_NULL_HANDLE, "xrCreateInstance", &fn), XR_SUCCESS);
    MX_CHECK(t, fn != NULL);
    MX_CHECK_RESULT(t, xrGetInstanceProcAddr(XR_NULL_HANDLE, "xrGetSystem", &fn), XR_ERROR_HANDLE_INVALID);
}

/* XR_NULL_HANDLE and a handle never made, to every instance-level function the suite tries. */
static void test_invalid_instance_handles(struct mx_test *t)
{
    const XrInstance never = (XrInstance)(uintptr_t)0x0123456789abcdefull;
    const XrInstance handles[] = {XR_NULL_HANDLE, never};
    for (size_t k = 0; k < 2; k++) {
        XrInstance h = handles[k];
        XrPath p;
        char buf[XR_MAX_RESULT_STRING_SIZE];
        XrSystemId sys;
        XrEventDataBuffer ev = {.type = XR_TYPE_EVENT_DATA_BUFFER};
        MX_CHECK_RESULT(t, xrStringToPath(h, "/abcd", &p), XR_ERROR_HANDLE_INVALID);
        MX_CHECK_RESULT(t, xrResultToString(h, XR_SUCCESS, buf), XR_ERROR_HANDLE_INVALID);
        MX_CHECK_RESULT(t, xrStructureTypeToString(h, XR_TYPE_UNKNOWN, buf), XR_ERROR_HANDLE_INVALID);
        MX_CHECK_RESULT(t, mx_test_get_system(h, &sys), XR_ERROR_HANDLE_INVALID);
        MX_CHECK_RESULT(t, xrPollEvent(h, &ev), XR_ERROR_HANDLE_INVALID);
        MX_CHECK_RESULT(t, xrDestroyInstance(h), XR_ERROR_HANDLE_INVALID);
    }
}

int main(int argc, char **argv)
{
    struct mx_test t;
    mx_test_init(&t, argc, argv);
    mx_test_reset_env();
    test_extension_enumeration(&t);
    test_create_instance(&t);
    test_instance_lifetime(&t);
    XrInstance inst = XR_NULL_HANDLE;
    XrSystemId sys = XR_NULL_SYSTEM_ID;
    MX_REQUIRE_RESULT(&t, mx_test_create_instance(NULL, &inst), XR_SUCCESS);
    MX_REQUIRE_RESULT(&t, mx_test_get_system(inst, &sys), XR_SUCCESS);
    test_system(&t, inst);
    test_view_configurations(&t, inst, sys);
    if (!t.clean) /* the core validation layer refuses values of extensions not enabled */
        test_strings(&t, inst);
    test_path_grammar(&t, inst);
    test_path_count(&t, inst);
    if (!t.clean)
        test_proc_names(&t, inst);
    MX_CHECK_RESULT(&t, xrDestroyInstance(inst), XR_SUCCESS);
    if (!t.clean) {
        test_invalid_instance_handles(&t);
        MX_CHECK_RESULT(&t, xrDestroyInstance(inst), XR_ERROR_HANDLE_INVALID); /* second destroy */
    }
    return mx_test_finish(&t, "cts_core");
}
