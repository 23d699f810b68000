/* mockxr's checks of the cylinder, equirect, equirect2 and cube layers in xrEndFrame: refused without their
 * extension, each parameter range of the spec, eye visibility, poses, swapchain kinds (a cube layer needs a
 * faceCount 6 swapchain, every other layer a 2D one) and cube swapchain creation; then the values the
 * conformance suite submits (radius 0, 1, +infinity, its orientations) end cleanly. */
#include "vk_test.h"

#include <math.h>

#define SIZE 32

struct fixture {
    XrInstance inst;
    XrSystemId sys;
    struct vt_vk vk;
    XrSession session;
    XrSpace space;
    XrSwapchain flat, cube, depth, fresh_cube;
};

static XrSwapchain make(XrInstance inst, XrSession s, int64_t format, uint32_t faces, bool release)
{
    XrSwapchainCreateInfo ci = vt_swapchain_info(format, SIZE, SIZE, 1);
    ci.faceCount = faces;
    XrSwapchain sc = XR_NULL_HANDLE;
    VT_EXPECT(inst, xrCreateSwapchain(s, &ci, &sc), XR_SUCCESS);
    if (!release || !sc)
        return sc;
    uint32_t index = 0;
    XrSwapchainImageWaitInfo wi = {.type = XR_TYPE_SWAPCHAIN_IMAGE_WAIT_INFO, .timeout = XR_INFINITE_DURATION};
    VT_EXPECT(inst, xrAcquireSwapchainImage(sc, NULL, &index), XR_SUCCESS);
    VT_EXPECT(inst, xrWaitSwapchainImage(sc, &wi), XR_SUCCESS);
    VT_EXPECT(inst, xrReleaseSwapchainImage(sc, NULL), XR_SUCCESS);
    return sc;
}

static bool fixture_open(struct fixture *f, bool with_extensions)
{
    const char *all[] = {XR_KHR_VULKAN_ENABLE2_EXTENSION_NAME,
                         XR_KHR_COMPOSITION_LAYER_CYLINDER_EXTENSION_NAME,
                         XR_KHR_COMPOSITION_LAYER_EQUIRECT_EXTENSION_NAME,
                         XR_KHR_COMPOSITION_LAYER_EQUIRECT2_EXTENSION_NAME,
                         XR_KHR_COMPOSITION_LAYER_CUBE_EXTENSION_NAME,
                         NULL};
    const char *plain[] = {XR_KHR_VULKAN_ENABLE2_EXTENSION_NAME, NULL};
    memset(f, 0, sizeof(*f));
    f->inst = vt_instance(with_extensions ? all : plain, &f->sys);
    if (!f->inst || !vt_vk_enable2(f->inst, f->sys, &f->vk))
        return false;
    XrGraphicsBindingVulkan2KHR b = vt_binding(&f->vk);
    VT_EXPECT(f->inst, vt_session_create(f->inst, f->sys, &b, &f->session), XR_SUCCESS);
    vt_session_begin(f->inst, f->session);
    XrReferenceSpaceCreateInfo rs = {.type = XR_TYPE_REFERENCE_SPACE_CREATE_INFO,
                                     .referenceSpaceType = XR_REFERENCE_SPACE_TYPE_LOCAL};
    rs.poseInReferenceSpace.orientation.w = 1.0f;
    VT_EXPECT(f->inst, xrCreateReferenceSpace(f->session, &rs, &f->space), XR_SUCCESS);
    f->flat = make(f->inst, f->session, VK_FORMAT_R8G8B8A8_SRGB, 1, true);
    f->cube = make(f->inst, f->session, VK_FORMAT_R8G8B8A8_SRGB, 6, true);
    f->depth = make(f->inst, f->session, VK_FORMAT_D16_UNORM, 1, true);
    f->fresh_cube = make(f->inst, f->session, VK_FORMAT_R8G8B8A8_SRGB, 6, false);
    return f->flat && f->cube && f->depth && f->fresh_cube;
}

static void fixture_close(struct fixture *f)
{
    XrSwapchain chains[] = {f->flat, f->cube, f->depth, f->fresh_cube};
    for (size_t k = 0; k < sizeof(chains) / sizeof(chains[0]); k++) {
        if (chains[k])
            VT_EXPECT(f->inst, xrDestroySwapchain(chains[k]), XR_SUCCESS);
    }
    if (f->space)
        VT_EXPECT(f->inst, xrDestroySpace(f->space), XR_SUCCESS);
    if (f->session)
        VT_EXPECT(f->inst, xrDestroySession(f->session), XR_SUCCESS);
    vt_vk_destroy(&f->vk);
    if (f->inst)
        VT_EXPECT(f->inst, xrDestroyInstance(f->inst), XR_SUCCESS);
}

static XrSwapchainSubImage sub(XrSwapchain sc)
{
    return (XrSwapchainSubImage){.swapchain = sc, .imageRect = {{0, 0}, {SIZE, SIZE}}};
}

static XrCompositionLayerCylinderKHR cylinder(const struct fixture *f)
{
    return (XrCompositionLayerCylinderKHR){.type = XR_TYPE_COMPOSITION_LAYER_CYLINDER_KHR, .space = f->space,
                                           .eyeVisibility = XR_EYE_VISIBILITY_BOTH, .subImage = sub(f->flat),
                                           .pose = {{0, 0, 0, 1}, {1, 1, 1}}, .radius = 1.0f,
                                           .centralAngle = 3.14f / 3, .aspectRatio = 1.0f};
}

static XrCompositionLayerEquirectKHR equirect(const struct fixture *f)
{
    return (XrCompositionLayerEquirectKHR){.type = XR_TYPE_COMPOSITION_LAYER_EQUIRECT_KHR, .space = f->space,
                                           .eyeVisibility = XR_EYE_VISIBILITY_BOTH, .subImage = sub(f->flat),
                                           .pose = {{0, 0, 0, 1}, {0, 0, 0}}, .radius = 0.0f, .scale = {1, 1},
                                           .bias = {0, 0}};
}

static XrCompositionLayerEquirect2KHR equirect2(const struct fixture *f)
{
    return (XrCompositionLayerEquirect2KHR){
        .type = XR_TYPE_COMPOSITION_LAYER_EQUIRECT2_KHR, .space = f->space, .eyeVisibility = XR_EYE_VISIBILITY_BOTH,
        .subImage = sub(f->flat), .pose = {{0, 0, 0, 1}, {0, 0, 0}}, .radius = 2.0f,
        .centralHorizontalAngle = 2.0f * (float)M_PI, .upperVerticalAngle = (float)M_PI_2,
        .lowerVerticalAngle = -(float)M_PI_2};
}

static XrCompositionLayerCubeKHR cube(const struct fixture *f)
{
    return (XrCompositionLayerCubeKHR){.type = XR_TYPE_COMPOSITION_LAYER_CUBE_KHR, .space = f->space,
                                       .eyeVisibility = XR_EYE_VISIBILITY_BOTH, .swapchain = f->cube,
                                       .orientation = {0, 0, 0, 1}};
}

/* Ends the frame in progress with the layer alone; a failed end leaves the frame open for the next try. */
static XrResult submit(const struct fixture *f, XrTime t, const void *layer)
{
    return vt_frame_end(f->session, t, (const XrCompositionLayerBaseHeader *)layer);
}

static void check_without_extensions(void)
{
    struct fixture f;
    if (fixture_open(&f, false)) {
        XrTime t = vt_frame_begin(f.inst, f.session);
        XrCompositionLayerCylinderKHR c = cylinder(&f);
        XrCompositionLayerEquirectKHR e = equirect(&f);
        XrCompositionLayerEquirect2KHR e2 = equirect2(&f);
        XrCompositionLayerCubeKHR cu = cube(&f);
        VT_EXPECT(f.inst, submit(&f, t, &c), XR_ERROR_LAYER_INVALID);
        VT_EXPECT(f.inst, submit(&f, t, &e), XR_ERROR_LAYER_INVALID);
        VT_EXPECT(f.inst, submit(&f, t, &e2), XR_ERROR_LAYER_INVALID);
        VT_EXPECT(f.inst, submit(&f, t, &cu), XR_ERROR_LAYER_INVALID);
        VT_EXPECT(f.inst, submit(&f, t, NULL), XR_SUCCESS);
    }
    fixture_close(&f);
}

static void check_cylinder(const struct fixture *f, XrTime t)
{
    static const float bad_radius[] = {-1.0f, NAN, -INFINITY};
    static const float bad_angle[] = {-0.1f, (float)(2.0 * M_PI), 7.0f, NAN};
    static const float bad_aspect[] = {0.0f, -1.0f, INFINITY, NAN};
    XrCompositionLayerCylinderKHR c;
    for (size_t k = 0; k < sizeof(bad_radius) / sizeof(bad_radius[0]); k++) {
        c = cylinder(f);
        c.radius = bad_radius[k];
        VT_EXPECT(f->inst, submit(f, t, &c), XR_ERROR_VALIDATION_FAILURE);
    }
    for (size_t k = 0; k < sizeof(bad_angle) / sizeof(bad_angle[0]); k++) {
        c = cylinder(f);
        c.centralAngle = bad_angle[k];
        VT_EXPECT(f->inst, submit(f, t, &c), XR_ERROR_VALIDATION_FAILURE);
    }
    for (size_t k = 0; k < sizeof(bad_aspect) / sizeof(bad_aspect[0]); k++) {
        c = cylinder(f);
        c.aspectRatio = bad_aspect[k];
        VT_EXPECT(f->inst, submit(f, t, &c), XR_ERROR_VALIDATION_FAILURE);
    }
    c = cylinder(f);
    c.eyeVisibility = (XrEyeVisibility)3;
    VT_EXPECT(f->inst, submit(f, t, &c), XR_ERROR_VALIDATION_FAILURE);
    c = cylinder(f);
    c.pose.orientation.w = 2.0f;
    VT_EXPECT(f->inst, submit(f, t, &c), XR_ERROR_POSE_INVALID);
    c = cylinder(f);
    c.subImage.imageRect.extent.width = SIZE + 1;
    VT_EXPECT(f->inst, submit(f, t, &c), XR_ERROR_SWAPCHAIN_RECT_INVALID);
    c = cylinder(f);
    c.subImage.swapchain = f->cube; /* a cube swapchain where a 2D one is needed */
    VT_EXPECT(f->inst, submit(f, t, &c), XR_ERROR_VALIDATION_FAILURE);
    c = cylinder(f);
    c.subImage.swapchain = f->depth;
    VT_EXPECT(f->inst, submit(f, t, &c), XR_ERROR_VALIDATION_FAILURE);
}

static void check_equirects(const struct fixture *f, XrTime t)
{
    XrCompositionLayerEquirectKHR e = equirect(f);
    e.radius = -0.5f;
    VT_EXPECT(f->inst, submit(f, t, &e), XR_ERROR_VALIDATION_FAILURE);
    e = equirect(f);
    e.scale.y = INFINITY;
    VT_EXPECT(f->inst, submit(f, t, &e), XR_ERROR_VALIDATION_FAILURE);
    e = equirect(f);
    e.bias.x = NAN;
    VT_EXPECT(f->inst, submit(f, t, &e), XR_ERROR_VALIDATION_FAILURE);
    e = equirect(f);
    e.subImage.swapchain = f->cube;
    VT_EXPECT(f->inst, submit(f, t, &e), XR_ERROR_VALIDATION_FAILURE);
    e = equirect(f);
    e.eyeVisibility = (XrEyeVisibility)-1;
    VT_EXPECT(f->inst, submit(f, t, &e), XR_ERROR_VALIDATION_FAILURE);

    XrCompositionLayerEquirect2KHR e2 = equirect2(f);
    e2.radius = NAN;
    VT_EXPECT(f->inst, submit(f, t, &e2), XR_ERROR_VALIDATION_FAILURE);
    e2 = equirect2(f);
    e2.centralHorizontalAngle = 6.3f; /* past 2 pi */
    VT_EXPECT(f->inst, submit(f, t, &e2), XR_ERROR_VALIDATION_FAILURE);
    e2 = equirect2(f);
    e2.centralHorizontalAngle = -0.01f;
    VT_EXPECT(f->inst, submit(f, t, &e2), XR_ERROR_VALIDATION_FAILURE);
    e2 = equirect2(f);
    e2.upperVerticalAngle = 1.6f; /* past pi / 2 */
    VT_EXPECT(f->inst, submit(f, t, &e2), XR_ERROR_VALIDATION_FAILURE);
    e2 = equirect2(f);
    e2.lowerVerticalAngle = -1.6f;
    VT_EXPECT(f->inst, submit(f, t, &e2), XR_ERROR_VALIDATION_FAILURE);
    e2 = equirect2(f);
    e2.pose.orientation = (XrQuaternionf){0, 0, 0, 0};
    VT_EXPECT(f->inst, submit(f, t, &e2), XR_ERROR_POSE_INVALID);
    e2 = equirect2(f);
    e2.subImage.imageArrayIndex = 1;
    VT_EXPECT(f->inst, submit(f, t, &e2), XR_ERROR_VALIDATION_FAILURE);
}

static void check_cube(const struct fixture *f, XrTime t)
{
    XrCompositionLayerCubeKHR c = cube(f);
    c.swapchain = f->flat; /* faceCount 1 */
    VT_EXPECT(f->inst, submit(f, t, &c), XR_ERROR_VALIDATION_FAILURE);
    c = cube(f);
    c.imageArrayIndex = 1;
    VT_EXPECT(f->inst, submit(f, t, &c), XR_ERROR_VALIDATION_FAILURE);
    c = cube(f);
    c.orientation = (XrQuaternionf){0.5f, 0, 0, 0.5f};
    VT_EXPECT(f->inst, submit(f, t, &c), XR_ERROR_POSE_INVALID);
    c = cube(f);
    c.swapchain = f->fresh_cube;
    VT_EXPECT(f->inst, submit(f, t, &c), XR_ERROR_LAYER_INVALID); /* never released */
    c = cube(f);
    c.swapchain = XR_NULL_HANDLE;
    VT_EXPECT(f->inst, submit(f, t, &c), XR_ERROR_HANDLE_INVALID);
    c = cube(f);
    c.eyeVisibility = (XrEyeVisibility)5;
    VT_EXPECT(f->inst, submit(f, t, &c), XR_ERROR_VALIDATION_FAILURE);
}

/* What the conformance suite submits: a projection-free frame of two layers per type, radius 0, 1 and
 * +infinity, the suite's orientations, all three flags, left + right. Each frame must succeed. */
static void check_suite_values(struct fixture *f)
{
    const float radii[] = {0.0f, 1.0f, INFINITY};
    const XrQuaternionf turns[] = {{0, 0, 0, 1}, {0, 0.7071f, 0, 0.7071f}, {-0.709f, 0.383f, -0.381f, -0.454f}};
    for (int k = 0; k < 3; k++) {
        XrTime t = vt_frame_begin(f->inst, f->session);
        XrCompositionLayerCylinderKHR c = cylinder(f);
        XrCompositionLayerEquirectKHR e = equirect(f);
        XrCompositionLayerEquirect2KHR e2 = equirect2(f);
        XrCompositionLayerCubeKHR cu = cube(f), cu_right = cube(f);
        c.radius = e.radius = e2.radius = radii[k];
        e.pose.orientation = e2.pose.orientation = cu.orientation = cu_right.orientation = turns[k];
        c.layerFlags = e.layerFlags = cu.layerFlags = 7;
        cu.eyeVisibility = XR_EYE_VISIBILITY_LEFT;
        cu_right.eyeVisibility = XR_EYE_VISIBILITY_RIGHT;
        const XrCompositionLayerBaseHeader *layers[] = {
            (const XrCompositionLayerBaseHeader *)&c, (const XrCompositionLayerBaseHeader *)&e,
            (const XrCompositionLayerBaseHeader *)&e2, (const XrCompositionLayerBaseHeader *)&cu,
            (const XrCompositionLayerBaseHeader *)&cu_right};
        XrFrameEndInfo ei = {.type = XR_TYPE_FRAME_END_INFO, .displayTime = t,
                             .environmentBlendMode = XR_ENVIRONMENT_BLEND_MODE_OPAQUE, .layerCount = 5,
                             .layers = layers};
        VT_EXPECT(f->inst, xrEndFrame(f->session, &ei), XR_SUCCESS);
    }
}

static void check_cube_swapchains(const struct fixture *f, bool clean)
{
    XrSwapchainCreateInfo ci = vt_swapchain_info(VK_FORMAT_R8G8B8A8_SRGB, SIZE, SIZE / 2, 1);
    XrSwapchain sc = XR_NULL_HANDLE;
    if (!clean) {
        ci.faceCount = 6; /* not square */
        VT_EXPECT(f->inst, xrCreateSwapchain(f->session, &ci, &sc), XR_ERROR_VALIDATION_FAILURE);
        ci = vt_swapchain_info(VK_FORMAT_R8G8B8A8_SRGB, SIZE, SIZE, 1);
        ci.faceCount = 3;
        VT_EXPECT(f->inst, xrCreateSwapchain(f->session, &ci, &sc), XR_ERROR_VALIDATION_FAILURE);
        ci.faceCount = 0;
        VT_EXPECT(f->inst, xrCreateSwapchain(f->session, &ci, &sc), XR_ERROR_VALIDATION_FAILURE);
    }
    ci = vt_swapchain_info(VK_FORMAT_R8G8B8A8_SRGB, SIZE, SIZE, 1);
    /* Two cube maps in one array: 12 layers; the app clears all of them (validation would flag a layer
     * range past the image). */
    ci.faceCount = 6;
    ci.arraySize = 2;
    VT_EXPECT(f->inst, xrCreateSwapchain(f->session, &ci, &sc), XR_SUCCESS);
    VkImage images[4];
    uint32_t n = sc ? vt_images(f->inst, sc, images, 4) : 0;
    VT_CHECK(n == 3, "a cube swapchain has %u images, expected 3", n);
    uint32_t index = 0;
    XrSwapchainImageWaitInfo wi = {.type = XR_TYPE_SWAPCHAIN_IMAGE_WAIT_INFO, .timeout = XR_INFINITE_DURATION};
    VT_EXPECT(f->inst, xrAcquireSwapchainImage(sc, NULL, &index), XR_SUCCESS);
    VT_EXPECT(f->inst, xrWaitSwapchainImage(sc, &wi), XR_SUCCESS);
    if (n == 3 && index < 3) {
        VkCommandBuffer cmd = vt_cmd_begin(&f->vk);
        for (uint32_t layer = 0; layer < 12; layer++)
            vt_clear_color(cmd, images[index], layer, (const float[4]){0.1f * (float)(layer % 6), 0, 0, 1});
        vt_cmd_submit(&f->vk, cmd);
    }
    VT_EXPECT(f->inst, xrReleaseSwapchainImage(sc, NULL), XR_SUCCESS);
    if (sc)
        VT_EXPECT(f->inst, xrDestroySwapchain(sc), XR_SUCCESS);
}

/* Without XR_KHR_composition_layer_depth a depth info in a view's chain is not the runtime's: xrEndFrame
 * ignores it, and so does the capture (MOCKXR_CAPTURE_KINDS=composited,depth, run frame `frame`): the
 * composited view is written, no depth file. */
static void check_foreign_depth_chain(struct fixture *f, const char *dir, int frame)
{
    XrTime t = vt_frame_begin(f->inst, f->session);
    XrCompositionLayerDepthInfoKHR junk = {.type = XR_TYPE_COMPOSITION_LAYER_DEPTH_INFO_KHR,
                                           .subImage = {.swapchain = (XrSwapchain)(uintptr_t)0xdead}};
    XrCompositionLayerProjectionView views[2];
    for (int e = 0; e < 2; e++) {
        views[e] = (XrCompositionLayerProjectionView){.type = XR_TYPE_COMPOSITION_LAYER_PROJECTION_VIEW,
                                                      .next = &junk, .pose = {{0, 0, 0, 1}, {0, 0, 0}},
                                                      .fov = {-0.8f, 0.8f, 0.8f, -0.8f}, .subImage = sub(f->flat)};
    }
    XrCompositionLayerProjection p = {.type = XR_TYPE_COMPOSITION_LAYER_PROJECTION, .space = f->space,
                                      .viewCount = 2, .views = views};
    VT_EXPECT(f->inst, submit(f, t, &p), XR_SUCCESS);
    char path[1024];
    snprintf(path, sizeof path, "%s/frame_%06d_eye0_composited.png", dir, frame);
    FILE *file = fopen(path, "rb");
    VT_CHECK(file != NULL, "%s is missing: the capture failed", path);
    if (file)
        fclose(file);
    snprintf(path, sizeof path, "%s/frame_%06d_eye0_depth.png", dir, frame);
    file = fopen(path, "rb");
    VT_CHECK(file == NULL, "%s exists: a depth chain was read without its extension", path);
    if (file)
        fclose(file);
}

/* With argument "clean" only the error-free part runs (under the validation layers). */
int main(int argc, char **argv)
{
    bool clean = argc > 1 && strcmp(argv[1], "clean") == 0;
    if (!clean)
        check_without_extensions();
    struct fixture f;
    if (fixture_open(&f, true)) {
        if (!clean) {
            XrTime t = vt_frame_begin(f.inst, f.session);
            check_cylinder(&f, t);
            check_equirects(&f, t);
            check_cube(&f, t);
            VT_EXPECT(f.inst, submit(&f, t, NULL), XR_SUCCESS);
        }
        check_cube_swapchains(&f, clean);
        check_suite_values(&f);
        const char *dir = getenv("MOCKXR_CAPTURE_DIR");
        VT_CHECK(dir != NULL, "MOCKXR_CAPTURE_DIR must be set by the test");
        int frame = clean ? 3 : 4; /* frames of this instance so far: 3 of the suite's values (+1 of errors) */
        if (dir) {
            char path[1024];
            snprintf(path, sizeof path, "%s/frame_%06d_eye0_composited.png", dir, frame);
            remove(path);
            check_foreign_depth_chain(&f, dir, frame);
        }
    }
    fixture_close(&f);
    return vt_finish("vk_layer_types");
}
