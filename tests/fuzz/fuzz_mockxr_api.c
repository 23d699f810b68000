/* Fuzzes mockxr's API in-process: random call sequences, handles and struct chains; every answer a result code. */
#include "fuzz_mockxr_api.h"

#include <stdalign.h>

XrResult XRAPI_CALL xrNegotiateLoaderRuntimeInterface(const XrNegotiateLoaderInfo *loaderInfo,
                                                      XrNegotiateRuntimeRequest *runtimeRequest);

/* ---- The input, read as a stream of choices (zero once it runs out) ------------------------------- */
uint8_t u8(struct in *in)
{
    if (!in->n)
        return 0;
    in->n--;
    return *in->p++;
}
uint32_t u32(struct in *in)
{
    uint32_t v = 0;
    for (int k = 0; k < 4; k++)
        v = v << 8 | u8(in);
    return v;
}
uint64_t u64(struct in *in)
{
    return (uint64_t)u32(in) << 32 | u32(in);
}

/* ---- What the sequence has made so far: live handles, destroyed ones, ids --------------------------- */
#define STALE 8
static uint64_t g_live[K_COUNT][POOL];
static uint64_t g_stale[STALE];
static unsigned g_stale_next;
static bool g_wait_pending[POOL]; /* per session slot: waited, not yet begun (a second wait would block 5 s) */
static XrSystemId g_systems[POOL];
XrPath g_paths[8];
static XrTime g_time; /* the last predicted display time */
static PFN_xrGetInstanceProcAddr g_gipa;

static void forget(uint64_t h)
{
    for (int k = 0; k < K_COUNT; k++)
        for (int s = 0; s < POOL; s++)
            if (g_live[k][s] == h) {
                g_live[k][s] = 0;
                if (k == K_SESSION)
                    g_wait_pending[s] = false;
            }
    g_stale[g_stale_next++ % STALE] = h;
}

bool keep(enum kind k, uint64_t h)
{
    for (int s = 0; s < POOL; s++)
        if (!g_live[k][s]) {
            g_live[k][s] = h;
            if (k == K_SESSION)
                g_wait_pending[s] = false;
            return true;
        }
    return false;
}

bool full(enum kind k)
{
    for (int s = 0; s < POOL; s++)
        if (!g_live[k][s])
            return false;
    return true;
}

/* A handle for a parameter of kind k: live, destroyed, another kind's, garbage or XR_NULL_HANDLE. */
uint64_t handle(struct in *in, enum kind k)
{
    uint8_t b = u8(in);
    switch (b % 8) {
    case 4:
        return g_stale[(b / 8) % STALE];
    case 5:
        return g_live[(k + 1 + (b / 8) % (K_COUNT - 1)) % K_COUNT][(b / 64) % POOL];
    case 6:
        return u64(in);
    case 7:
        return 0;
    default:
        return g_live[k][(b / 8) % POOL];
    }
}

XrPath path(struct in *in)
{
    uint8_t b = u8(in);
    return b < 200 ? g_paths[b % 8] : b < 250 ? XR_NULL_PATH : u64(in);
}

static XrTime time_value(struct in *in)
{
    uint8_t b = u8(in);
    return b < 160 ? g_time : b < 200 ? 0 : b < 230 ? g_time + (XrTime)(b - 200) * 11111111 : (XrTime)u64(in);
}

/* ---- Struct chains: known types of other structs (zeroed), unknown types, several deep --------------- */
static const XrStructureType g_chain_types[] = {
    XR_TYPE_SPACE_VELOCITY,
    XR_TYPE_DEBUG_UTILS_MESSENGER_CREATE_INFO_EXT,
    XR_TYPE_COMPOSITION_LAYER_DEPTH_INFO_KHR,
    XR_TYPE_SYSTEM_HAND_TRACKING_PROPERTIES_EXT,
    XR_TYPE_SYSTEM_EYE_GAZE_INTERACTION_PROPERTIES_EXT,
    XR_TYPE_INTERACTION_PROFILE_DPAD_BINDING_EXT,
    XR_TYPE_BINDING_MODIFICATIONS_KHR,
    XR_TYPE_EVENT_DATA_BUFFER,
    XR_TYPE_SESSION_BEGIN_INFO,
    XR_TYPE_ACTION_CREATE_INFO,
    XR_TYPE_VIEW,
    XR_TYPE_HAND_JOINT_LOCATIONS_EXT,
    XR_TYPE_HAND_JOINT_VELOCITIES_EXT,
    XR_TYPE_SYSTEM_USER_PRESENCE_PROPERTIES_EXT,
    XR_TYPE_SYSTEM_HEADSET_ID_PROPERTIES_META,
};
#define CHAIN_MAX 3
static union {
    XrBaseOutStructure base;
    alignas(16) uint8_t bytes[512];
} g_chain[CHAIN_MAX];

void *chain(struct in *in)
{
    uint8_t b = u8(in);
    int depth = b < 160 ? 0 : b < 230 ? 1 : b < 250 ? 2 : 3;
    memset(g_chain, 0, sizeof g_chain);
    for (int k = 0; k < depth; k++) {
        uint8_t t = u8(in);
        g_chain[k].base.type = t < 200 ? PICK(in, g_chain_types) : (XrStructureType)u32(in);
        g_chain[k].base.next = k + 1 < depth ? &g_chain[k + 1].base : NULL;
    }
    return depth ? &g_chain[0].base : NULL;
}

/* A structure type for an input or output struct: right (mostly), or wrong. */
XrStructureType type_of(struct in *in, XrStructureType right)
{
    uint8_t b = u8(in);
    return b < 230 ? right : b < 245 ? XR_TYPE_UNKNOWN : (XrStructureType)u32(in);
}

PFN_xrVoidFunction proc(const char *name)
{
    PFN_xrVoidFunction fn = NULL;
    for (int s = 0; s < POOL && !fn; s++)
        if (g_live[K_INSTANCE][s] && g_gipa((XrInstance)(uintptr_t)g_live[K_INSTANCE][s], name, &fn) != XR_SUCCESS)
            fn = NULL;
    return fn;
}

/* ---- The calls ---------------------------------------------------------------------------------------- */
static const char *const g_exts[] = {
    XR_MND_HEADLESS_EXTENSION_NAME,         XR_EXT_DEBUG_UTILS_EXTENSION_NAME,
    XR_EXT_HAND_TRACKING_EXTENSION_NAME,    XR_EXT_EYE_GAZE_INTERACTION_EXTENSION_NAME,
    XR_KHR_VISIBILITY_MASK_EXTENSION_NAME,  XR_KHR_COMPOSITION_LAYER_DEPTH_EXTENSION_NAME,
    XR_EXT_DPAD_BINDING_EXTENSION_NAME,     XR_KHR_BINDING_MODIFICATION_EXTENSION_NAME,
    XR_EXT_USER_PRESENCE_EXTENSION_NAME,    XR_META_HEADSET_ID_EXTENSION_NAME,
    XR_MSFT_CONTROLLER_MODEL_EXTENSION_NAME, XR_EXT_LOCAL_FLOOR_EXTENSION_NAME,
    "XR_EXT_no_such_extension",
};

static XrResult create_instance(struct in *in)
{
    if (full(K_INSTANCE))
        return XR_SUCCESS;
    XrInstanceCreateInfo ci = {.type = type_of(in, XR_TYPE_INSTANCE_CREATE_INFO), .next = chain(in)};
    uint8_t b = u8(in);
    snprintf(ci.applicationInfo.applicationName, sizeof ci.applicationInfo.applicationName, "%s",
             b & 1 ? "" : "fuzz");
    static const XrVersion versions[] = {XR_MAKE_VERSION(1, 0, 0), XR_CURRENT_API_VERSION, XR_MAKE_VERSION(2, 0, 0), 0};
    ci.applicationInfo.apiVersion = PICK(in, versions);
    const char *names[sizeof g_exts / sizeof g_exts[0]];
    uint32_t mask = u32(in) | (b & 2 ? 0 : 1); /* mostly headless: sessions need it without Vulkan */
    for (size_t k = 0; k < sizeof g_exts / sizeof g_exts[0]; k++)
        if (mask & (1u << k) && (k + 1 < sizeof g_exts / sizeof g_exts[0] || b & 4))
            names[ci.enabledExtensionCount++] = g_exts[k];
    ci.enabledExtensionNames = names;
    XrInstance inst = XR_NULL_HANDLE;
    PFN_xrCreateInstance fn = NULL;
    XrResult r = g_gipa(XR_NULL_HANDLE, "xrCreateInstance", (PFN_xrVoidFunction *)&fn);
    if (r == XR_SUCCESS)
        r = fn(&ci, &inst);
    if (r == XR_SUCCESS && !keep(K_INSTANCE, (uint64_t)(uintptr_t)inst))
        abort();
    return r;
}

static XrResult destroy(struct in *in, enum kind k)
{
    static const char *const names[K_COUNT] = {
        "xrDestroyInstance", "xrDestroySession", "xrDestroySpace", "xrDestroyActionSet", "xrDestroyAction",
        "xrDestroySwapchain", "xrDestroyDebugUtilsMessengerEXT"};
    uint64_t h = handle(in, k);
    typedef XrResult(XRAPI_PTR * destroy_fn)(uint64_t);
    XrResult r = XR_SUCCESS;
    CALL(destroy_fn, names[k], h);
    if (r == XR_SUCCESS)
        forget(h);
    return r;
}

static XrResult system_calls(struct in *in)
{
    XrResult r = XR_SUCCESS;
    uint8_t b = u8(in);
    XrInstance inst = H(XrInstance, in, K_INSTANCE);
    if (b % 3 == 0) {
        static const XrFormFactor ffs[] = {XR_FORM_FACTOR_HEAD_MOUNTED_DISPLAY, XR_FORM_FACTOR_HANDHELD_DISPLAY, 0, 77};
        XrSystemGetInfo gi = {.type = type_of(in, XR_TYPE_SYSTEM_GET_INFO), .next = chain(in), .formFactor = PICK(in, ffs)};
        XrSystemId id = XR_NULL_SYSTEM_ID;
        CALL(PFN_xrGetSystem, "xrGetSystem", inst, &gi, &id);
        if (r == XR_SUCCESS)
            g_systems[b / 3 % POOL] = id;
    } else if (b % 3 == 1) {
        XrSystemProperties p = {.type = type_of(in, XR_TYPE_SYSTEM_PROPERTIES), .next = chain(in)};
        CALL(PFN_xrGetSystemProperties, "xrGetSystemProperties", inst, g_systems[u8(in) % POOL], &p);
    } else {
        XrInstanceProperties p = {.type = type_of(in, XR_TYPE_INSTANCE_PROPERTIES), .next = chain(in)};
        CALL(PFN_xrGetInstanceProperties, "xrGetInstanceProperties", inst, &p);
        char text[XR_MAX_RESULT_STRING_SIZE];
        CALL(PFN_xrResultToString, "xrResultToString", inst, (XrResult)u32(in), text);
        CALL(PFN_xrStructureTypeToString, "xrStructureTypeToString", inst, (XrStructureType)u32(in), text);
    }
    return r;
}

static XrResult create_session(struct in *in)
{
    if (full(K_SESSION))
        return XR_SUCCESS;
    XrSessionCreateInfo ci = {.type = type_of(in, XR_TYPE_SESSION_CREATE_INFO), .next = chain(in)};
    XrInstance inst = H(XrInstance, in, K_INSTANCE);
    ci.systemId = g_systems[u8(in) % POOL];
    XrSession s = XR_NULL_HANDLE;
    XrResult r = XR_SUCCESS;
    CALL(PFN_xrCreateSession, "xrCreateSession", inst, &ci, &s);
    if (r == XR_SUCCESS && !keep(K_SESSION, (uint64_t)(uintptr_t)s))
        abort();
    return r;
}

static int session_slot(XrSession s)
{
    for (int k = 0; k < POOL; k++)
        if (s && g_live[K_SESSION][k] == (uint64_t)(uintptr_t)s)
            return k;
    return -1;
}

static XrResult session_calls(struct in *in)
{
    static const XrViewConfigurationType vcts[] = {XR_VIEW_CONFIGURATION_TYPE_PRIMARY_STEREO,
                                                   XR_VIEW_CONFIGURATION_TYPE_PRIMARY_MONO, 0, 1000037000};
    XrResult r = XR_SUCCESS;
    uint8_t b = u8(in);
    XrSession s = H(XrSession, in, K_SESSION);
    int slot = session_slot(s);
    switch (b % 6) {
    case 0: {
        XrSessionBeginInfo bi = {.type = type_of(in, XR_TYPE_SESSION_BEGIN_INFO), .next = chain(in),
                                 .primaryViewConfigurationType = PICK(in, vcts)};
        CALL(PFN_xrBeginSession, "xrBeginSession", s, &bi);
        break;
    }
    case 1:
        CALL(PFN_xrEndSession, "xrEndSession", s);
        break;
    case 2:
        CALL(PFN_xrRequestExitSession, "xrRequestExitSession", s);
        break;
    case 3: {
        if (slot >= 0 && g_wait_pending[slot])
            break;
        XrFrameWaitInfo wi = {.type = type_of(in, XR_TYPE_FRAME_WAIT_INFO), .next = chain(in)};
        XrFrameState fs = {.type = type_of(in, XR_TYPE_FRAME_STATE)};
        CALL(PFN_xrWaitFrame, "xrWaitFrame", s, u8(in) < 240 ? &wi : NULL, &fs);
        if (r == XR_SUCCESS) {
            g_time = fs.predictedDisplayTime;
            if (slot < 0)
                abort(); /* only a live session waits */
            g_wait_pending[slot] = true;
        }
        break;
    }
    case 4: {
        XrFrameBeginInfo fi = {.type = type_of(in, XR_TYPE_FRAME_BEGIN_INFO), .next = chain(in)};
        CALL(PFN_xrBeginFrame, "xrBeginFrame", s, u8(in) < 240 ? &fi : NULL);
        if (XR_SUCCEEDED(r) && slot >= 0)
            g_wait_pending[slot] = false;
        break;
    }
    default: {
        XrEventDataBuffer ev = {.type = type_of(in, XR_TYPE_EVENT_DATA_BUFFER)};
        CALL(PFN_xrPollEvent, "xrPollEvent", H(XrInstance, in, K_INSTANCE), &ev);
        break;
    }
    }
    return r;
}

static XrResult end_frame(struct in *in)
{
    static const XrEnvironmentBlendMode blends[] = {XR_ENVIRONMENT_BLEND_MODE_OPAQUE, XR_ENVIRONMENT_BLEND_MODE_ADDITIVE, 0};
    XrSession s = H(XrSession, in, K_SESSION);
    XrCompositionLayerProjectionView views[3];
    XrCompositionLayerProjection proj = {.type = type_of(in, XR_TYPE_COMPOSITION_LAYER_PROJECTION), .next = chain(in),
                                         .space = H(XrSpace, in, K_SPACE), .viewCount = u8(in) % 4, .views = views};
    for (int k = 0; k < 3; k++) {
        views[k] = (XrCompositionLayerProjectionView){
            .type = type_of(in, XR_TYPE_COMPOSITION_LAYER_PROJECTION_VIEW),
            .pose = {.orientation = {0, 0, 0, u8(in) < 200 ? 1.0f : 0.0f}},
            .fov = {-0.7f, 0.7f, 0.7f, -0.7f},
            .subImage = {.swapchain = H(XrSwapchain, in, K_SWAPCHAIN), .imageRect = {{0, 0}, {(int32_t)u8(in), 64}}}};
    }
    XrCompositionLayerQuad quad = {.type = type_of(in, XR_TYPE_COMPOSITION_LAYER_QUAD), .space = H(XrSpace, in, K_SPACE),
                                   .pose = {.orientation = {0, 0, 0, 1}}, .size = {1, 1}};
    const XrCompositionLayerBaseHeader *layers[3] = {(const void *)&proj, (const void *)&quad, NULL};
    XrFrameEndInfo ei = {.type = type_of(in, XR_TYPE_FRAME_END_INFO), .next = chain(in), .displayTime = time_value(in),
                         .environmentBlendMode = PICK(in, blends), .layerCount = u8(in) % 4, .layers = layers};
    if (u8(in) > 240)
        ei.layers = NULL;
    XrResult r = XR_SUCCESS;
    CALL(PFN_xrEndFrame, "xrEndFrame", s, &ei);
    return r;
}

static XrPosef pose(struct in *in)
{
    uint8_t b = u8(in);
    XrPosef p = {.orientation = {0, 0, 0, 1}, .position = {0, (float)(b % 7), 0}};
    if (b > 220)
        p.orientation.w = b > 240 ? 0.0f : 2.0f; /* not a unit quaternion */
    return p;
}

static XrResult space_calls(struct in *in)
{
    static const XrReferenceSpaceType types[] = {XR_REFERENCE_SPACE_TYPE_VIEW, XR_REFERENCE_SPACE_TYPE_LOCAL,
                                                 XR_REFERENCE_SPACE_TYPE_STAGE, XR_REFERENCE_SPACE_TYPE_LOCAL_FLOOR_EXT,
                                                 0, 99};
    XrResult r = XR_SUCCESS;
    uint8_t b = u8(in);
    XrSession s = H(XrSession, in, K_SESSION);
    if (b % 4 == 0 && !full(K_SPACE)) {
        XrReferenceSpaceCreateInfo ci = {.type = type_of(in, XR_TYPE_REFERENCE_SPACE_CREATE_INFO), .next = chain(in),
                                         .referenceSpaceType = PICK(in, types), .poseInReferenceSpace = pose(in)};
        XrSpace sp = XR_NULL_HANDLE;
        CALL(PFN_xrCreateReferenceSpace, "xrCreateReferenceSpace", s, &ci, &sp);
        if (r == XR_SUCCESS && !keep(K_SPACE, (uint64_t)(uintptr_t)sp))
            abort();
    } else if (b % 4 == 1 && !full(K_SPACE)) {
        XrActionSpaceCreateInfo ci = {.type = type_of(in, XR_TYPE_ACTION_SPACE_CREATE_INFO), .next = chain(in),
                                      .action = H(XrAction, in, K_ACTION), .subactionPath = path(in),
                                      .poseInActionSpace = pose(in)};
        XrSpace sp = XR_NULL_HANDLE;
        CALL(PFN_xrCreateActionSpace, "xrCreateActionSpace", s, &ci, &sp);
        if (r == XR_SUCCESS && !keep(K_SPACE, (uint64_t)(uintptr_t)sp))
            abort();
    } else if (b % 4 == 2) {
        XrSpaceLocation loc = {.type = type_of(in, XR_TYPE_SPACE_LOCATION), .next = chain(in)};
        CALL(PFN_xrLocateSpace, "xrLocateSpace", H(XrSpace, in, K_SPACE), H(XrSpace, in, K_SPACE), time_value(in), &loc);
    } else {
        static const XrViewConfigurationType vcts[] = {XR_VIEW_CONFIGURATION_TYPE_PRIMARY_STEREO,
                                                       XR_VIEW_CONFIGURATION_TYPE_PRIMARY_MONO, 0};
        XrViewLocateInfo li = {.type = type_of(in, XR_TYPE_VIEW_LOCATE_INFO), .next = chain(in),
                               .viewConfigurationType = PICK(in, vcts), .displayTime = time_value(in),
                               .space = H(XrSpace, in, K_SPACE)};
        XrViewState vs = {.type = type_of(in, XR_TYPE_VIEW_STATE)};
        XrView views[4];
        for (int k = 0; k < 4; k++)
            views[k] = (XrView){.type = type_of(in, XR_TYPE_VIEW)};
        uint32_t capacity = u8(in) % 5, count = 0;
        CALL(PFN_xrLocateViews, "xrLocateViews", s, &li, &vs, capacity, &count, u8(in) < 240 ? views : NULL);
        if (r == XR_SUCCESS && count > 4)
            abort();
    }
    return r;
}

#define ENUM_CAP 8
static XrResult enumerate_calls(struct in *in)
{
    XrResult r = XR_SUCCESS;
    uint8_t b = u8(in);
    uint32_t capacity = u8(in) % (ENUM_CAP + 1), count = 0;
    bool null_buffer = u8(in) > 230;
    alignas(16) uint8_t buf[ENUM_CAP * 512];
    memset(buf, 0, sizeof buf);
    void *out = null_buffer ? NULL : buf;
    XrInstance inst = H(XrInstance, in, K_INSTANCE);
    XrSession s = H(XrSession, in, K_SESSION);
    XrSystemId sys = g_systems[u8(in) % POOL];
    switch (b % 7) {
    case 0:
        CALL(PFN_xrEnumerateReferenceSpaces, "xrEnumerateReferenceSpaces", s, capacity, &count, out);
        break;
    case 1:
        CALL(PFN_xrEnumerateViewConfigurations, "xrEnumerateViewConfigurations", inst, sys, capacity, &count, out);
        break;
    case 2: {
        XrViewConfigurationView *v = out;
        for (uint32_t k = 0; v && k < capacity; k++)
            v[k].type = type_of(in, XR_TYPE_VIEW_CONFIGURATION_VIEW);
        CALL(PFN_xrEnumerateViewConfigurationViews, "xrEnumerateViewConfigurationViews", inst, sys,
             u8(in) & 1 ? XR_VIEW_CONFIGURATION_TYPE_PRIMARY_STEREO : XR_VIEW_CONFIGURATION_TYPE_PRIMARY_MONO,
             capacity, &count, v);
        break;
    }
    case 3:
        CALL(PFN_xrEnumerateEnvironmentBlendModes, "xrEnumerateEnvironmentBlendModes", inst, sys,
             XR_VIEW_CONFIGURATION_TYPE_PRIMARY_STEREO, capacity, &count, out);
        break;
    case 4:
        CALL(PFN_xrEnumerateSwapchainFormats, "xrEnumerateSwapchainFormats", s, capacity, &count, out);
        break;
    case 5: {
        XrExtensionProperties *p = out;
        for (uint32_t k = 0; p && k < capacity; k++)
            p[k].type = type_of(in, XR_TYPE_EXTENSION_PROPERTIES);
        CALL(PFN_xrEnumerateInstanceExtensionProperties, "xrEnumerateInstanceExtensionProperties",
             u8(in) & 1 ? "XR_APILAYER_nope" : NULL, capacity, &count, p);
        break;
    }
    default: {
        XrViewConfigurationProperties p = {.type = type_of(in, XR_TYPE_VIEW_CONFIGURATION_PROPERTIES)};
        CALL(PFN_xrGetViewConfigurationProperties, "xrGetViewConfigurationProperties", inst, sys,
             XR_VIEW_CONFIGURATION_TYPE_PRIMARY_STEREO, &p);
        XrExtent2Df bounds;
        CALL(PFN_xrGetReferenceSpaceBoundsRect, "xrGetReferenceSpaceBoundsRect", s, XR_REFERENCE_SPACE_TYPE_STAGE,
             &bounds);
        break;
    }
    }
    if (r == XR_SUCCESS && capacity && count > capacity)
        abort(); /* never more than asked for */
    return r;
}

static XrBool32 XRAPI_CALL on_message(XrDebugUtilsMessageSeverityFlagsEXT severity, XrDebugUtilsMessageTypeFlagsEXT types,
                                      const XrDebugUtilsMessengerCallbackDataEXT *data, void *user)
{
    (void)severity;
    (void)types;
    (void)user;
    if (!data || !data->message)
        abort(); /* the runtime always says what */
    return XR_FALSE;
}

static XrResult debug_calls(struct in *in)
{
    XrResult r = XR_SUCCESS;
    if (u8(in) & 1 && !full(K_MESSENGER)) {
        XrDebugUtilsMessengerCreateInfoEXT ci = {
            .type = type_of(in, XR_TYPE_DEBUG_UTILS_MESSENGER_CREATE_INFO_EXT), .next = chain(in),
            .messageSeverities = u32(in), .messageTypes = u32(in), .userCallback = u8(in) < 240 ? on_message : NULL};
        XrDebugUtilsMessengerEXT m = XR_NULL_HANDLE;
        CALL(PFN_xrCreateDebugUtilsMessengerEXT, "xrCreateDebugUtilsMessengerEXT", H(XrInstance, in, K_INSTANCE), &ci, &m);
        if (r == XR_SUCCESS && !keep(K_MESSENGER, (uint64_t)(uintptr_t)m))
            abort();
    } else {
        XrDebugUtilsLabelEXT label = {.type = type_of(in, XR_TYPE_DEBUG_UTILS_LABEL_EXT),
                                      .labelName = u8(in) < 240 ? "label" : NULL};
        CALL(PFN_xrSessionBeginDebugUtilsLabelRegionEXT, "xrSessionBeginDebugUtilsLabelRegionEXT",
             H(XrSession, in, K_SESSION), &label);
        CALL(PFN_xrSessionEndDebugUtilsLabelRegionEXT, "xrSessionEndDebugUtilsLabelRegionEXT",
             H(XrSession, in, K_SESSION));
    }
    return r;
}

static void destroy_everything(void)
{
    PFN_xrDestroyInstance fn = (PFN_xrDestroyInstance)proc("xrDestroyInstance");
    for (int s = 0; s < POOL; s++)
        if (g_live[K_INSTANCE][s] && fn((XrInstance)(uintptr_t)g_live[K_INSTANCE][s]) != XR_SUCCESS)
            abort(); /* a live instance is always destroyable */
    memset(g_live, 0, sizeof g_live);
    memset(g_wait_pending, 0, sizeof g_wait_pending);
    memset(g_systems, 0, sizeof g_systems);
    memset(g_paths, 0, sizeof g_paths);
    g_time = 0;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    setenv(MOCKXR_ENV_QUIET, "1", 1);
    setenv(MOCKXR_ENV_CLOCK, "virtual", 1); /* xrWaitFrame paces in virtual time: no sleeping */
    XrNegotiateLoaderInfo li = {.structType = XR_LOADER_INTERFACE_STRUCT_LOADER_INFO,
                                .structVersion = XR_LOADER_INFO_STRUCT_VERSION,
                                .structSize = sizeof li,
                                .minInterfaceVersion = 1,
                                .maxInterfaceVersion = 1,
                                .minApiVersion = XR_MAKE_VERSION(1, 0, 0),
                                .maxApiVersion = XR_MAKE_VERSION(1, 0, 0xfff)};
    XrNegotiateRuntimeRequest rr = {.structType = XR_LOADER_INTERFACE_STRUCT_RUNTIME_REQUEST,
                                    .structVersion = XR_RUNTIME_INFO_STRUCT_VERSION,
                                    .structSize = sizeof rr};
    if (xrNegotiateLoaderRuntimeInterface(&li, &rr) != XR_SUCCESS || !rr.getInstanceProcAddr)
        abort();
    g_gipa = rr.getInstanceProcAddr;
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct in in = {data, size};
    for (int calls = 0; in.n && calls < 64; calls++) {
        uint8_t op = u8(&in);
        XrResult r = XR_SUCCESS;
        switch (op % 16) {
        case 0: r = create_instance(&in); break;
        case 1: r = destroy(&in, (enum kind)(u8(&in) % K_COUNT)); break;
        case 2: r = system_calls(&in); break;
        case 3: r = create_session(&in); break;
        case 4: case 5: r = session_calls(&in); break;
        case 6: r = end_frame(&in); break;
        case 7: case 8: r = space_calls(&in); break;
        case 9: r = enumerate_calls(&in); break;
        case 10: r = path_calls(&in); break;
        case 11: r = action_create_calls(&in); break;
        case 12: r = action_use_calls(&in); break;
        case 13: r = swapchain_calls(&in); break;
        case 14: r = debug_calls(&in); break;
        default: {
            PFN_xrVoidFunction fn = NULL;
            static const char *const names[] = {"xrCreateInstance", "xrLocateSpace", "xrNope", "",
                                                "xrGetVulkanGraphicsRequirementsKHR", "xrGetHandMeshFB"};
            r = g_gipa(H(XrInstance, &in, K_INSTANCE), PICK(&in, names), u8(&in) < 240 ? &fn : NULL);
            break;
        }
        }
        /* Every answer is a result code of the API: a success, a qualified success or an error. */
        if (r > XR_FRAME_DISCARDED)
            abort();
    }
    destroy_everything();
    return 0;
}
