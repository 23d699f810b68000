/* mockxr's sub-image checks in xrEndFrame on Vulkan swapchains: never-released swapchain, rect outside the
 * image, array index past arraySize, colour/depth mix-ups and destroyed handles, each with its error code;
 * then the same frame ends cleanly with a projection + depth layer. */
#include "vk_test.h"

#define SIZE 64

static XrSwapchain make(XrInstance inst, XrSession s, int64_t format, bool release)
{
    XrSwapchainCreateInfo ci = vt_swapchain_info(format, SIZE, SIZE, 1);
    XrSwapchain sc = XR_NULL_HANDLE;
    VT_EXPECT(inst, xrCreateSwapchain(s, &ci, &sc), XR_SUCCESS);
    if (!release)
        return sc;
    uint32_t index = 0;
    XrSwapchainImageWaitInfo wi = {.type = XR_TYPE_SWAPCHAIN_IMAGE_WAIT_INFO, .timeout = XR_INFINITE_DURATION};
    VT_EXPECT(inst, xrAcquireSwapchainImage(sc, NULL, &index), XR_SUCCESS);
    VT_EXPECT(inst, xrWaitSwapchainImage(sc, &wi), XR_SUCCESS);
    VT_EXPECT(inst, xrReleaseSwapchainImage(sc, NULL), XR_SUCCESS);
    return sc;
}

struct frame {
    XrCompositionLayerProjectionView views[2];
    XrCompositionLayerDepthInfoKHR depth[2];
    XrCompositionLayerProjection layer;
};

static void frame_init(struct frame *f, XrSpace space, XrSwapchain color, XrSwapchain depth)
{
    memset(f, 0, sizeof(*f));
    for (int e = 0; e < 2; e++) {
        XrCompositionLayerProjectionView *v = &f->views[e];
        v->type = XR_TYPE_COMPOSITION_LAYER_PROJECTION_VIEW;
        v->pose.orientation.w = 1.0f;
        v->fov = (XrFovf){.angleLeft = -0.8f, .angleRight = 0.8f, .angleUp = 0.8f, .angleDown = -0.8f};
        v->subImage = (XrSwapchainSubImage){.swapchain = color, .imageRect = {{0, 0}, {SIZE, SIZE}}};
        f->depth[e] = (XrCompositionLayerDepthInfoKHR){
            .type = XR_TYPE_COMPOSITION_LAYER_DEPTH_INFO_KHR, .minDepth = 0.0f, .maxDepth = 1.0f, .nearZ = 0.1f,
            .farZ = 100.0f, .subImage = {.swapchain = depth, .imageRect = {{0, 0}, {SIZE, SIZE}}}};
        v->next = depth ? &f->depth[e] : NULL;
    }
    f->layer = (XrCompositionLayerProjection){.type = XR_TYPE_COMPOSITION_LAYER_PROJECTION, .space = space,
                                              .viewCount = 2, .views = f->views};
}

static XrResult end(XrSession s, XrTime t, struct frame *f)
{
    return vt_frame_end(s, t, (const XrCompositionLayerBaseHeader *)&f->layer);
}

static void check_rects(XrInstance inst, XrSession s, XrTime t, XrSpace space, XrSwapchain color)
{
    static const XrRect2Di bad[] = {
        {{40, 0}, {32, SIZE}},  /* right edge at 72 > 64 */
        {{0, 1}, {SIZE, SIZE}}, /* bottom edge at 65 */
        {{-1, 0}, {8, 8}},      /* negative offset */
        {{0, 0}, {0, 8}},       /* empty */
    };
    struct frame f;
    for (size_t k = 0; k < sizeof(bad) / sizeof(bad[0]); k++) {
        frame_init(&f, space, color, XR_NULL_HANDLE);
        f.views[1].subImage.imageRect = bad[k];
        VT_EXPECT(inst, end(s, t, &f), XR_ERROR_SWAPCHAIN_RECT_INVALID);
    }
}

int main(void)
{
    const char *exts[] = {XR_KHR_VULKAN_ENABLE2_EXTENSION_NAME, XR_KHR_COMPOSITION_LAYER_DEPTH_EXTENSION_NAME, NULL};
    XrSystemId sys = XR_NULL_SYSTEM_ID;
    XrInstance inst = vt_instance(exts, &sys);
    struct vt_vk vk;
    if (!inst || !vt_vk_enable2(inst, sys, &vk))
        return vt_finish("vk_layers");
    XrGraphicsBindingVulkan2KHR b = vt_binding(&vk);
    XrSession s = XR_NULL_HANDLE;
    VT_EXPECT(inst, vt_session_create(inst, sys, &b, &s), XR_SUCCESS);
    vt_session_begin(inst, s);
    XrReferenceSpaceCreateInfo rs = {.type = XR_TYPE_REFERENCE_SPACE_CREATE_INFO,
                                     .referenceSpaceType = XR_REFERENCE_SPACE_TYPE_LOCAL};
    rs.poseInReferenceSpace.orientation.w = 1.0f;
    XrSpace space = XR_NULL_HANDLE;
    VT_EXPECT(inst, xrCreateReferenceSpace(s, &rs, &space), XR_SUCCESS);

    XrSwapchain color = make(inst, s, VK_FORMAT_R8G8B8A8_SRGB, true);
    XrSwapchain fresh = make(inst, s, VK_FORMAT_R8G8B8A8_SRGB, false);
    XrSwapchain depth = make(inst, s, VK_FORMAT_D16_UNORM, true);
    XrSwapchain gone = make(inst, s, VK_FORMAT_R8G8B8A8_SRGB, true);
    VT_EXPECT(inst, xrDestroySwapchain(gone), XR_SUCCESS);

    XrTime t = vt_frame_begin(inst, s);
    struct frame f;
    frame_init(&f, space, fresh, XR_NULL_HANDLE);
    VT_EXPECT(inst, end(s, t, &f), XR_ERROR_LAYER_INVALID); /* never released */
    check_rects(inst, s, t, space, color);
    frame_init(&f, space, color, XR_NULL_HANDLE);
    f.views[0].subImage.imageArrayIndex = 1;
    VT_EXPECT(inst, end(s, t, &f), XR_ERROR_VALIDATION_FAILURE);
    frame_init(&f, space, color, color); /* depth info naming a colour swapchain */
    VT_EXPECT(inst, end(s, t, &f), XR_ERROR_VALIDATION_FAILURE);
    frame_init(&f, space, depth, XR_NULL_HANDLE); /* a depth swapchain as colour */
    VT_EXPECT(inst, end(s, t, &f), XR_ERROR_VALIDATION_FAILURE);
    frame_init(&f, space, gone, XR_NULL_HANDLE);
    VT_EXPECT(inst, end(s, t, &f), XR_ERROR_HANDLE_INVALID);
    frame_init(&f, space, color, depth);
    f.depth[1].subImage.imageRect.extent.width = SIZE + 1;
    VT_EXPECT(inst, end(s, t, &f), XR_ERROR_SWAPCHAIN_RECT_INVALID);
    frame_init(&f, space, color, depth);
    f.views[1].subImage.imageRect = (XrRect2Di){{32, 0}, {32, SIZE}}; /* right half: inside */
    VT_EXPECT(inst, end(s, t, &f), XR_SUCCESS);

    VT_EXPECT(inst, xrDestroySwapchain(color), XR_SUCCESS);
    VT_EXPECT(inst, xrDestroySwapchain(fresh), XR_SUCCESS);
    VT_EXPECT(inst, xrDestroySwapchain(depth), XR_SUCCESS);
    VT_EXPECT(inst, xrDestroySpace(space), XR_SUCCESS);
    VT_EXPECT(inst, xrDestroySession(s), XR_SUCCESS);
    vt_vk_destroy(&vk);
    VT_EXPECT(inst, xrDestroyInstance(inst), XR_SUCCESS);
    return vt_finish("vk_layers");
}
