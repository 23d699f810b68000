/* mockxr against the conformance suite's swapchain rules with Vulkan: for every format offered, the
 * create cases the suite builds (tiny, recommended and maximum size, each create flag, mutable usage,
 * two layers, two mips) succeed or are refused as "feature unsupported", and each swapchain made passes
 * the acquire/wait/release cycle; then the suite's projection-layer rules (see /work/notes/cts_checklist.md). */
#include "vk_test.h"

#include <math.h>
#include <pthread.h>

#define MAX_FORMATS 16

static bool is_depth(int64_t f)
{
    return f == VK_FORMAT_D32_SFLOAT || f == VK_FORMAT_D24_UNORM_S8_UINT || f == VK_FORMAT_D16_UNORM;
}

/* Acquire every image (then one too many), wait + release each, twice unless static. */
static void cycle(XrInstance inst, XrSwapchain sc, const XrSwapchainCreateInfo *ci)
{
    uint32_t n = 0;
    VT_EXPECT(inst, xrEnumerateSwapchainImages(sc, 0, &n, NULL), XR_SUCCESS);
    VT_CHECK(n > 0 && n <= 8, "%u images", n);
    if (n == 0 || n > 8)
        return;
    XrSwapchainImageAcquireInfo ai = {.type = XR_TYPE_SWAPCHAIN_IMAGE_ACQUIRE_INFO};
    XrSwapchainImageWaitInfo wi = {.type = XR_TYPE_SWAPCHAIN_IMAGE_WAIT_INFO, .timeout = 0};
    XrSwapchainImageReleaseInfo ri = {.type = XR_TYPE_SWAPCHAIN_IMAGE_RELEASE_INFO};
    VT_EXPECT(inst, xrWaitSwapchainImage(sc, &wi), XR_ERROR_CALL_ORDER_INVALID);
    VT_EXPECT(inst, xrReleaseSwapchainImage(sc, &ri), XR_ERROR_CALL_ORDER_INVALID);
    bool is_static = (ci->createFlags & XR_SWAPCHAIN_CREATE_STATIC_IMAGE_BIT) != 0;
    uint32_t rounds = is_static ? 1 : 2;
    for (uint32_t round = 0; round < rounds; round++) {
        uint32_t index[8];
        for (uint32_t k = 0; k < n; k++) {
            VT_EXPECT(inst, xrAcquireSwapchainImage(sc, k % 2 ? &ai : NULL, &index[k]), XR_SUCCESS);
            if (round == 0) /* acquired, not waited: cannot be released */
                VT_EXPECT(inst, xrReleaseSwapchainImage(sc, &ri), XR_ERROR_CALL_ORDER_INVALID);
        }
        uint32_t extra;
        if (round == 0)
            VT_EXPECT(inst, xrAcquireSwapchainImage(sc, &ai, &extra), XR_ERROR_CALL_ORDER_INVALID);
        wi.timeout = 500000000;
        for (uint32_t k = 0; k < n; k++) {
            VT_EXPECT(inst, xrWaitSwapchainImage(sc, &wi), XR_SUCCESS);
            VT_EXPECT(inst, xrWaitSwapchainImage(sc, &wi), XR_ERROR_CALL_ORDER_INVALID);
            VT_EXPECT(inst, xrReleaseSwapchainImage(sc, k % 2 ? &ri : NULL), XR_SUCCESS);
        }
    }
    uint32_t again;
    if (is_static)
        VT_EXPECT(inst, xrAcquireSwapchainImage(sc, &ai, &again), XR_ERROR_CALL_ORDER_INVALID);
    VT_EXPECT(inst, xrAcquireSwapchainImage(XR_NULL_HANDLE, &ai, &again), XR_ERROR_HANDLE_INVALID);
}

static void try_case(XrInstance inst, XrSession s, const XrSwapchainCreateInfo *ci, const char *what, int *made)
{
    XrSwapchain sc = XR_NULL_HANDLE;
    XrResult r = xrCreateSwapchain(s, ci, &sc);
    VT_CHECK(r == XR_SUCCESS || r == XR_ERROR_FEATURE_UNSUPPORTED, "format %lld, %s: %s", (long long)ci->format,
             what, vt_result(inst, r));
    if (r != XR_SUCCESS)
        return;
    (*made)++;
    cycle(inst, sc, ci);
    VT_EXPECT(inst, xrDestroySwapchain(sc), XR_SUCCESS);
}

static void format_cases(XrInstance inst, XrSession s, int64_t format, const XrViewConfigurationView *view)
{
    bool depth = is_depth(format);
    XrSwapchainCreateInfo base = {
        .type = XR_TYPE_SWAPCHAIN_CREATE_INFO,
        .usageFlags = (depth ? XR_SWAPCHAIN_USAGE_DEPTH_STENCIL_ATTACHMENT_BIT : XR_SWAPCHAIN_USAGE_COLOR_ATTACHMENT_BIT) |
                      XR_SWAPCHAIN_USAGE_SAMPLED_BIT,
        .format = format, .sampleCount = 1, .width = 64, .height = 64, .faceCount = 1, .arraySize = 1, .mipCount = 1};
    int made = 0;
    XrSwapchainCreateInfo ci = base;
    ci.width = ci.height = 8;
    try_case(inst, s, &ci, "8x8", &made);
    ci = base;
    ci.width = view->recommendedImageRectWidth;
    ci.height = view->recommendedImageRectHeight;
    try_case(inst, s, &ci, "recommended size", &made);
    ci = base;
    ci.width = view->maxImageRectWidth;
    ci.height = view->maxImageRectHeight;
    try_case(inst, s, &ci, "maximum size", &made);
    ci = base;
    ci.sampleCount = view->maxSwapchainSampleCount;
    try_case(inst, s, &ci, "maximum sample count", &made);
    const XrSwapchainCreateFlags flags[] = {XR_SWAPCHAIN_CREATE_PROTECTED_CONTENT_BIT,
                                            XR_SWAPCHAIN_CREATE_STATIC_IMAGE_BIT};
    for (int k = 0; k < 2; k++) {
        ci = base;
        ci.createFlags = flags[k];
        try_case(inst, s, &ci, k ? "static" : "protected", &made);
    }
    ci = base;
    ci.arraySize = 2;
    try_case(inst, s, &ci, "two layers", &made);
    if (!depth) {
        ci = base;
        ci.usageFlags |= XR_SWAPCHAIN_USAGE_MUTABLE_FORMAT_BIT;
        try_case(inst, s, &ci, "mutable format usage", &made);
        ci = base;
        ci.mipCount = 2;
        try_case(inst, s, &ci, "two mips", &made);
    }
    VT_CHECK(made >= 6, "format %lld: only %d of the cases made a swapchain", (long long)format, made);
}

/* A colour swapchain (layers: array size) acquired, waited and released once: submittable from then on. */
static XrSwapchain released_swapchain(XrInstance inst, XrSession s, uint32_t layers, bool release)
{
    XrSwapchainCreateInfo ci = {.type = XR_TYPE_SWAPCHAIN_CREATE_INFO,
                                .usageFlags = XR_SWAPCHAIN_USAGE_COLOR_ATTACHMENT_BIT | XR_SWAPCHAIN_USAGE_SAMPLED_BIT,
                                .format = VK_FORMAT_R8G8B8A8_SRGB, .sampleCount = 1, .width = 256, .height = 256,
                                .faceCount = 1, .arraySize = layers, .mipCount = 1};
    XrSwapchain sc = XR_NULL_HANDLE;
    VT_EXPECT(inst, xrCreateSwapchain(s, &ci, &sc), XR_SUCCESS);
    uint32_t index;
    XrSwapchainImageWaitInfo wi = {.type = XR_TYPE_SWAPCHAIN_IMAGE_WAIT_INFO, .timeout = 3000000000};
    if (release) {
        VT_EXPECT(inst, xrAcquireSwapchainImage(sc, NULL, &index), XR_SUCCESS);
        VT_EXPECT(inst, xrWaitSwapchainImage(sc, &wi), XR_SUCCESS);
        VT_EXPECT(inst, xrReleaseSwapchainImage(sc, NULL), XR_SUCCESS);
    }
    return sc;
}

struct proj {
    XrCompositionLayerProjection layer;
    XrCompositionLayerProjectionView views[2];
};

/* Wait + begin (a refused end before leaves the frame open: DISCARDED is fine) and a projection layer
 * built from the located views, like the suite's helper. */
static XrTime frame_with_layer(XrInstance inst, XrSession s, XrSpace space, XrSwapchain sc, struct proj *p)
{
    XrFrameState fs = {.type = XR_TYPE_FRAME_STATE};
    VT_EXPECT(inst, xrWaitFrame(s, NULL, &fs), XR_SUCCESS);
    XrResult r = xrBeginFrame(s, NULL);
    VT_CHECK(r == XR_SUCCESS || r == XR_FRAME_DISCARDED, "xrBeginFrame: %s", vt_result(inst, r));
    XrViewLocateInfo li = {.type = XR_TYPE_VIEW_LOCATE_INFO, .displayTime = fs.predictedDisplayTime, .space = space,
                           .viewConfigurationType = XR_VIEW_CONFIGURATION_TYPE_PRIMARY_STEREO};
    XrViewState vs = {.type = XR_TYPE_VIEW_STATE};
    XrView views[2] = {{.type = XR_TYPE_VIEW}, {.type = XR_TYPE_VIEW}};
    uint32_t n = 0;
    VT_EXPECT(inst, xrLocateViews(s, &li, &vs, 2, &n, views), XR_SUCCESS);
    *p = (struct proj){.layer = {.type = XR_TYPE_COMPOSITION_LAYER_PROJECTION, .space = space, .viewCount = 2}};
    for (uint32_t k = 0; k < 2; k++)
        p->views[k] = (XrCompositionLayerProjectionView){
            .type = XR_TYPE_COMPOSITION_LAYER_PROJECTION_VIEW, .pose = views[k].pose, .fov = views[k].fov,
            .subImage = {.swapchain = sc, .imageRect = {{0, 0}, {256, 256}}}};
    p->layer.views = p->views;
    return fs.predictedDisplayTime;
}

static XrResult end_layers(XrSession s, XrTime t, uint32_t n, const XrCompositionLayerBaseHeader *const *layers)
{
    XrFrameEndInfo ei = {.type = XR_TYPE_FRAME_END_INFO, .displayTime = t,
                         .environmentBlendMode = XR_ENVIRONMENT_BLEND_MODE_OPAQUE, .layerCount = n, .layers = layers};
    return xrEndFrame(s, &ei);
}

/* The suite's projection-layer test: valid variations, then each invalid one on each view. */
static void projection_rules(XrInstance inst, XrSession s)
{
    XrSwapchain color = released_swapchain(inst, s, 1, true), array = released_swapchain(inst, s, 2, true);
    XrSwapchain unreleased = released_swapchain(inst, s, 1, false);
    XrSpace spaces[3];
    const XrReferenceSpaceType types[3] = {XR_REFERENCE_SPACE_TYPE_LOCAL, XR_REFERENCE_SPACE_TYPE_VIEW,
                                           XR_REFERENCE_SPACE_TYPE_STAGE};
    for (int k = 0; k < 3; k++) {
        XrReferenceSpaceCreateInfo ci = {.type = XR_TYPE_REFERENCE_SPACE_CREATE_INFO, .referenceSpaceType = types[k],
                                         .poseInReferenceSpace = {.orientation = {0, 0, 0, 1}}};
        VT_EXPECT(inst, xrCreateReferenceSpace(s, &ci, &spaces[k]), XR_SUCCESS);
    }
    struct proj p;
    const XrCompositionLayerBaseHeader *one[1] = {(const XrCompositionLayerBaseHeader *)&p.layer};
    XrTime t = frame_with_layer(inst, s, spaces[0], array, &p);
    p.views[1].subImage.imageArrayIndex = 1; /* one layer of the array per eye */
    VT_EXPECT(inst, end_layers(s, t, 1, one), XR_SUCCESS);
    for (XrCompositionLayerFlags f = 0; f < 8; f++) { /* every combination of the three core flags */
        t = frame_with_layer(inst, s, spaces[0], color, &p);
        p.layer.layerFlags = f;
        VT_EXPECT(inst, end_layers(s, t, 1, one), XR_SUCCESS);
    }
    for (int k = 0; k < 3; k++) {
        t = frame_with_layer(inst, s, spaces[k], color, &p);
        VT_EXPECT(inst, end_layers(s, t, 1, one), XR_SUCCESS);
    }
    t = frame_with_layer(inst, s, spaces[0], color, &p);
    const XrCompositionLayerBaseHeader *sixteen[16];
    for (int k = 0; k < 16; k++)
        sixteen[k] = one[0]; /* XR_MIN_COMPOSITION_LAYERS_SUPPORTED */
    VT_EXPECT(inst, end_layers(s, t, 16, sixteen), XR_SUCCESS);
    for (uint32_t v = 0; v < 2; v++) {
        t = frame_with_layer(inst, s, spaces[0], color, &p);
        p.views[v].subImage.swapchain = unreleased;
        VT_EXPECT(inst, end_layers(s, t, 1, one), XR_ERROR_LAYER_INVALID);
        t = frame_with_layer(inst, s, spaces[0], color, &p);
        p.layer.viewCount = 1;
        VT_EXPECT(inst, end_layers(s, t, 1, one), XR_ERROR_VALIDATION_FAILURE);
        t = frame_with_layer(inst, s, spaces[0], color, &p);
        p.views[v].pose.orientation = (XrQuaternionf){0.1f, 0.1f, 0.1f, 0.1f};
        VT_EXPECT(inst, end_layers(s, t, 1, one), XR_ERROR_POSE_INVALID);
        t = frame_with_layer(inst, s, spaces[0], color, &p);
        p.views[v].pose.orientation.x = NAN;
        VT_EXPECT(inst, end_layers(s, t, 1, one), XR_ERROR_POSE_INVALID);
        t = frame_with_layer(inst, s, spaces[0], color, &p);
        p.views[v].subImage.imageRect.offset = (XrOffset2Di){-1, -1};
        VT_EXPECT(inst, end_layers(s, t, 1, one), XR_ERROR_SWAPCHAIN_RECT_INVALID);
        t = frame_with_layer(inst, s, spaces[0], color, &p);
        p.views[v].subImage.imageRect.offset = (XrOffset2Di){1, 1};
        VT_EXPECT(inst, end_layers(s, t, 1, one), XR_ERROR_SWAPCHAIN_RECT_INVALID);
        t = frame_with_layer(inst, s, spaces[0], color, &p);
        p.views[v].subImage.imageArrayIndex = 1;
        VT_EXPECT(inst, end_layers(s, t, 1, one), XR_ERROR_VALIDATION_FAILURE);
    }
    t = frame_with_layer(inst, s, spaces[0], color, &p);
    VT_EXPECT(inst, end_layers(s, t, 1, one), XR_SUCCESS);
    for (int k = 0; k < 3; k++)
        VT_EXPECT(inst, xrDestroySpace(spaces[k]), XR_SUCCESS);
    VT_EXPECT(inst, xrDestroySwapchain(color), XR_SUCCESS);
    VT_EXPECT(inst, xrDestroySwapchain(array), XR_SUCCESS);
    VT_EXPECT(inst, xrDestroySwapchain(unreleased), XR_SUCCESS);
}

struct worker {
    XrInstance instance;
    XrSession session;
    int failures;
};

/* One thread of the suite's multithreading test: its own swapchain, acquire / wait / release in a loop
 * while other threads do the same and use paths and action sets. Counts its own failures (the VT_
 * macros are not thread-safe). */
static void *swapchain_worker(void *arg)
{
    struct worker *w = arg;
    XrSwapchainCreateInfo ci = {.type = XR_TYPE_SWAPCHAIN_CREATE_INFO,
                                .usageFlags = XR_SWAPCHAIN_USAGE_COLOR_ATTACHMENT_BIT, .format = VK_FORMAT_R8G8B8A8_SRGB,
                                .sampleCount = 1, .width = 64, .height = 64, .faceCount = 1, .arraySize = 1,
                                .mipCount = 1};
    XrSwapchain sc = XR_NULL_HANDLE;
    w->failures += xrCreateSwapchain(w->session, &ci, &sc) != XR_SUCCESS;
    XrSwapchainImageWaitInfo wi = {.type = XR_TYPE_SWAPCHAIN_IMAGE_WAIT_INFO, .timeout = 1000000000};
    for (int k = 0; k < 50 && sc != XR_NULL_HANDLE; k++) {
        uint32_t index;
        w->failures += xrAcquireSwapchainImage(sc, NULL, &index) != XR_SUCCESS;
        w->failures += xrWaitSwapchainImage(sc, &wi) != XR_SUCCESS;
        w->failures += xrReleaseSwapchainImage(sc, NULL) != XR_SUCCESS;
    }
    return NULL;  /* the swapchain is left to the session, as the suite does */
}

static void *names_worker(void *arg)
{
    struct worker *w = arg;
    for (int k = 0; k < 100; k++) {
        char name[32];
        snprintf(name, sizeof(name), "/thread/%d", k);
        XrPath p;
        w->failures += xrStringToPath(w->instance, name, &p) != XR_SUCCESS;
        snprintf(name, sizeof(name), "set_%d", k);
        XrActionSetCreateInfo ai = {.type = XR_TYPE_ACTION_SET_CREATE_INFO};
        snprintf(ai.actionSetName, sizeof(ai.actionSetName), "%s", name);
        snprintf(ai.localizedActionSetName, sizeof(ai.localizedActionSetName), "%s", name);
        XrActionSet set;
        XrResult r = xrCreateActionSet(w->instance, &ai, &set);
        w->failures += r != XR_SUCCESS || xrDestroyActionSet(set) != XR_SUCCESS;
    }
    return NULL;
}

static void threads(XrInstance inst, XrSession s)
{
    struct worker w[3];
    pthread_t th[3];
    for (int k = 0; k < 3; k++) {
        w[k] = (struct worker){.instance = inst, .session = s};
        VT_CHECK(pthread_create(&th[k], NULL, k < 2 ? swapchain_worker : names_worker, &w[k]) == 0, "pthread_create");
    }
    for (int k = 0; k < 3; k++) {
        pthread_join(th[k], NULL);
        VT_CHECK(w[k].failures == 0, "thread %d: %d calls failed", k, w[k].failures);
    }
}

int main(void)
{
    const char *exts[] = {XR_KHR_VULKAN_ENABLE2_EXTENSION_NAME, NULL};
    XrSystemId sys = XR_NULL_SYSTEM_ID;
    XrInstance inst = vt_instance(exts, &sys);
    struct vt_vk vk;
    if (!inst || !vt_vk_enable2(inst, sys, &vk))
        return vt_finish("cts_swapchain");
    XrGraphicsBindingVulkan2KHR b = vt_binding(&vk);
    XrSession s = XR_NULL_HANDLE;
    VT_EXPECT(inst, vt_session_create(inst, sys, &b, &s), XR_SUCCESS);
    vt_session_begin(inst, s);
    XrViewConfigurationView views[2] = {{.type = XR_TYPE_VIEW_CONFIGURATION_VIEW},
                                        {.type = XR_TYPE_VIEW_CONFIGURATION_VIEW}};
    uint32_t nv = 0;
    VT_EXPECT(inst, xrEnumerateViewConfigurationViews(inst, sys, XR_VIEW_CONFIGURATION_TYPE_PRIMARY_STEREO, 2, &nv,
                                                      views), XR_SUCCESS);
    int64_t formats[MAX_FORMATS];
    uint32_t n = 0;
    VT_EXPECT(inst, xrEnumerateSwapchainFormats(s, MAX_FORMATS, &n, formats), XR_SUCCESS);
    VT_CHECK(n > 0, "no swapchain format offered");
    for (uint32_t k = 0; k < n; k++) {
        for (uint32_t j = 0; j < k; j++)
            VT_CHECK(formats[j] != formats[k], "format %lld listed twice", (long long)formats[k]);
        format_cases(inst, s, formats[k], &views[0]);
    }
    projection_rules(inst, s);
    threads(inst, s);
    VT_EXPECT(inst, xrDestroySession(s), XR_SUCCESS);
    vt_vk_destroy(&vk);
    VT_EXPECT(inst, xrDestroyInstance(inst), XR_SUCCESS);
    return vt_finish("cts_swapchain");
}
