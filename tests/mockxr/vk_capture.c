/* mockxr Vulkan clean path (XR_KHR_vulkan_enable2, or XR_KHR_vulkan_enable with argument "enable1"):
 * swapchains (multiview sRGB + depth layer, BGRA UNORM, RGBA16F) rendered through acquire/wait/release in
 * the layouts the binding spec promises, submitted in projection layers, captured by
 * MOCKXR_CAPTURE_FRAMES=3-5 and read back from the PNGs; the composited view is there unless
 * MOCKXR_CAPTURE_KINDS leaves it out. No error on purpose: runs under validation too. */
#include "vk_test.h"

#include <math.h>

#define SIZE 64

struct chain {
    XrSwapchain handle;
    VkImage images[4];
    uint32_t layers;
    bool depth;
};

static void chain_create(XrInstance inst, XrSession s, int64_t format, uint32_t layers, struct chain *out)
{
    XrSwapchainCreateInfo ci = vt_swapchain_info(format, SIZE, SIZE, layers);
    out->layers = layers;
    out->depth = format == VK_FORMAT_D32_SFLOAT || format == VK_FORMAT_D24_UNORM_S8_UINT ||
                 format == VK_FORMAT_D16_UNORM;
    VT_EXPECT(inst, xrCreateSwapchain(s, &ci, &out->handle), XR_SUCCESS);
    VT_CHECK(vt_images(inst, out->handle, out->images, 4) == 3, "a swapchain has 3 images");
}

/* Acquire, wait, clear every layer (layer k gets colours[k]), submit without waiting (as apps do: the
 * runtime must order its reads after this work), release. The caller finishes *out after xrEndFrame. */
static void chain_render(XrInstance inst, const struct vt_vk *vk, struct chain *c, const float colours[][4],
                         VkImageAspectFlags depth_aspect, struct vt_pending *out)
{
    uint32_t index = 99;
    VT_EXPECT(inst, xrAcquireSwapchainImage(c->handle, NULL, &index), XR_SUCCESS);
    XrSwapchainImageWaitInfo wi = {.type = XR_TYPE_SWAPCHAIN_IMAGE_WAIT_INFO, .timeout = XR_INFINITE_DURATION};
    VT_EXPECT(inst, xrWaitSwapchainImage(c->handle, &wi), XR_SUCCESS);
    VT_CHECK(index < 3, "acquired index %u", index);
    if (index >= 3)
        return;
    VkCommandBuffer cmd = vt_cmd_begin(vk);
    for (uint32_t k = 0; k < c->layers; k++) {
        if (!c->depth) {
            vt_clear_color(cmd, c->images[index], k, colours[k]);
            continue;
        }
        vt_barrier(cmd, c->images[index], depth_aspect, k, VK_IMAGE_LAYOUT_DEPTH_STENCIL_ATTACHMENT_OPTIMAL,
                   VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL);
        VkClearDepthStencilValue v = {.depth = 1.0f, .stencil = 0};
        VkImageSubresourceRange range = {depth_aspect, 0, 1, k, 1};
        vkCmdClearDepthStencilImage(cmd, c->images[index], VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL, &v, 1, &range);
        vt_barrier(cmd, c->images[index], depth_aspect, k, VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL,
                   VK_IMAGE_LAYOUT_DEPTH_STENCIL_ATTACHMENT_OPTIMAL);
    }
    *out = vt_cmd_submit_async(vk, cmd);
    VT_EXPECT(inst, xrReleaseSwapchainImage(c->handle, NULL), XR_SUCCESS);
}

static XrCompositionLayerProjectionView view(const struct chain *c, uint32_t layer, XrRect2Di rect)
{
    XrCompositionLayerProjectionView v = {.type = XR_TYPE_COMPOSITION_LAYER_PROJECTION_VIEW};
    v.pose.orientation.w = 1.0f;
    v.fov = (XrFovf){.angleLeft = -0.8f, .angleRight = 0.8f, .angleUp = 0.8f, .angleDown = -0.8f};
    v.subImage = (XrSwapchainSubImage){.swapchain = c->handle, .imageRect = rect, .imageArrayIndex = layer};
    return v;
}

/* Checks every pixel of a capture against one RGBA value (±1 for rounding of sRGB encoding). */
static void check_png(const char *dir, int frame, int eye, uint32_t w, uint32_t h, const int want[4])
{
    char path[1024];
    snprintf(path, sizeof path, "%s/frame_%06d_eye%d.png", dir, frame, eye);
    uint32_t pw = 0, ph = 0;
    uint8_t *px = vt_png_read(path, &pw, &ph);
    if (!px)
        return;
    VT_CHECK(pw == w && ph == h, "%s is %ux%u, expected %ux%u (the sub-image rect)", path, pw, ph, w, h);
    int bad = 0;
    for (uint32_t k = 0; k < pw * ph && pw == w && ph == h; k++) {
        for (int c = 0; c < 4; c++) {
            if (abs(px[4 * k + c] - want[c]) > 1 && bad++ == 0)
                VT_CHECK(false, "%s pixel %u channel %d is %d, expected %d", path, k, c, px[4 * k + c], want[c]);
        }
    }
    free(px);
}

static void remove_old(const char *dir)
{
    char path[1024];
    for (int f = 0; f < 8; f++) {
        for (int e = 0; e < 2; e++) {
            snprintf(path, sizeof path, "%s/frame_%06d_eye%d.png", dir, f, e);
            remove(path);
            snprintf(path, sizeof path, "%s/frame_%06d_eye%d_composited.png", dir, f, e);
            remove(path);
        }
    }
}

static int64_t first_depth_format(XrInstance inst, XrSession s)
{
    int64_t formats[16];
    uint32_t n = 0;
    VT_EXPECT(inst, xrEnumerateSwapchainFormats(s, 16, &n, formats), XR_SUCCESS);
    for (uint32_t k = 0; k < n; k++) {
        if (formats[k] == VK_FORMAT_D32_SFLOAT || formats[k] == VK_FORMAT_D24_UNORM_S8_UINT ||
            formats[k] == VK_FORMAT_D16_UNORM)
            return formats[k];
    }
    VT_CHECK(false, "no depth format offered");
    return VK_FORMAT_D16_UNORM;
}

static void run_frames(XrInstance inst, XrSession s, XrSpace space, const struct vt_vk *vk, struct chain *ch,
                       VkImageAspectFlags depth_aspect)
{
    static const float srgb[2][4] = {{1.0f, 0.0f, 0.5f, 1.0f}, {0.0f, 1.0f, 0.0f, 1.0f}};
    static const float unorm[1][4] = {{0.2f, 0.4f, 0.6f, 1.0f}};
    static const float half[1][4] = {{2.0f, 0.5f, 0.0f, 0.25f}};
    const XrRect2Di full = {{0, 0}, {SIZE, SIZE}}, part = {{8, 16}, {32, 24}};
    for (int f = 0; f < 7; f++) {
        XrTime t = vt_frame_begin(inst, s);
        /* frames 0-3, 6: multiview sRGB + depth; 4: BGRA UNORM; 5: RGBA16F */
        struct chain *c = f == 4 ? &ch[2] : f == 5 ? &ch[3] : &ch[0];
        struct vt_pending work[2] = {{0}};
        chain_render(inst, vk, c, f == 4 ? unorm : f == 5 ? half : srgb, 0, &work[0]);
        XrCompositionLayerDepthInfoKHR depth[2];
        XrCompositionLayerProjectionView views[2] = {view(c, 0, full), view(c, c->layers - 1, part)};
        if (c == &ch[0]) {
            chain_render(inst, vk, &ch[1], NULL, depth_aspect, &work[1]);
            for (uint32_t e = 0; e < 2; e++) {
                depth[e] = (XrCompositionLayerDepthInfoKHR){
                    .type = XR_TYPE_COMPOSITION_LAYER_DEPTH_INFO_KHR, .minDepth = 0.0f, .maxDepth = 1.0f,
                    .nearZ = 0.1f, .farZ = 100.0f,
                    .subImage = {.swapchain = ch[1].handle, .imageRect = full, .imageArrayIndex = e}};
                views[e].next = &depth[e];
            }
        }
        XrCompositionLayerProjection layer = {.type = XR_TYPE_COMPOSITION_LAYER_PROJECTION, .space = space,
                                              .viewCount = 2, .views = views};
        VT_EXPECT(inst, vt_frame_end(s, t, (const XrCompositionLayerBaseHeader *)&layer), XR_SUCCESS);
        vt_cmd_finish(vk, &work[0]);
        vt_cmd_finish(vk, &work[1]);
        vt_poll(inst, XR_SESSION_STATE_UNKNOWN);
    }
}

int main(int argc, char **argv)
{
    bool enable1 = argc > 1 && strcmp(argv[1], "enable1") == 0;
    const char *dir = getenv("MOCKXR_CAPTURE_DIR");
    VT_CHECK(dir != NULL, "MOCKXR_CAPTURE_DIR must be set by the test");
    if (!dir)
        return vt_finish("vk_capture");
    remove_old(dir);
    const char *exts[] = {enable1 ? XR_KHR_VULKAN_ENABLE_EXTENSION_NAME : XR_KHR_VULKAN_ENABLE2_EXTENSION_NAME,
                          XR_KHR_COMPOSITION_LAYER_DEPTH_EXTENSION_NAME, NULL};
    XrSystemId sys = XR_NULL_SYSTEM_ID;
    XrInstance inst = vt_instance(exts, &sys);
    struct vt_vk vk;
    XrSession s = XR_NULL_HANDLE;
    if (!inst || !(enable1 ? vt_vk_enable1(inst, sys, &vk) : vt_vk_enable2(inst, sys, &vk)))
        return vt_finish("vk_capture");
    XrGraphicsBindingVulkan2KHR b = vt_binding(&vk);
    VT_EXPECT(inst, vt_session_create(inst, sys, &b, &s), XR_SUCCESS);
    vt_session_begin(inst, s);
    XrReferenceSpaceCreateInfo rs = {.type = XR_TYPE_REFERENCE_SPACE_CREATE_INFO,
                                     .referenceSpaceType = XR_REFERENCE_SPACE_TYPE_LOCAL};
    rs.poseInReferenceSpace.orientation.w = 1.0f;
    XrSpace space = XR_NULL_HANDLE;
    VT_EXPECT(inst, xrCreateReferenceSpace(s, &rs, &space), XR_SUCCESS);

    int64_t depth_format = first_depth_format(inst, s);
    VkImageAspectFlags depth_aspect = VK_IMAGE_ASPECT_DEPTH_BIT |
                                      (depth_format == VK_FORMAT_D24_UNORM_S8_UINT ? VK_IMAGE_ASPECT_STENCIL_BIT : 0);
    struct chain ch[4] = {{0}};
    chain_create(inst, s, VK_FORMAT_R8G8B8A8_SRGB, 2, &ch[0]);
    chain_create(inst, s, depth_format, 2, &ch[1]);
    chain_create(inst, s, VK_FORMAT_B8G8R8A8_UNORM, 1, &ch[2]);
    chain_create(inst, s, VK_FORMAT_R16G16B16A16_SFLOAT, 1, &ch[3]);
    run_frames(inst, s, space, &vk, ch, depth_aspect);

    vkDeviceWaitIdle(vk.device);
    for (int k = 0; k < 4; k++)
        VT_EXPECT(inst, xrDestroySwapchain(ch[k].handle), XR_SUCCESS);
    VT_EXPECT(inst, xrDestroySpace(space), XR_SUCCESS);
    VT_EXPECT(inst, xrDestroySession(s), XR_SUCCESS);
    vt_vk_destroy(&vk);
    VT_EXPECT(inst, xrDestroyInstance(inst), XR_SUCCESS);

    /* Frame 3: multiview sRGB, layer 0 full (stored sRGB bytes of linear 0.5 = 188), layer 1 sub-rect. */
    check_png(dir, 3, 0, SIZE, SIZE, (const int[4]){255, 0, 188, 255});
    check_png(dir, 3, 1, 32, 24, (const int[4]){0, 255, 0, 255});
    /* Frame 4: BGRA UNORM swizzled back to RGBA, bytes as stored. */
    check_png(dir, 4, 0, SIZE, SIZE, (const int[4]){51, 102, 153, 255});
    check_png(dir, 4, 1, 32, 24, (const int[4]){51, 102, 153, 255});
    /* Frame 5: RGBA16F clamped and sRGB-encoded; alpha linear. */
    check_png(dir, 5, 0, SIZE, SIZE, (const int[4]){255, 188, 0, 64});
    /* The composited view is written unless MOCKXR_CAPTURE_KINDS leaves it out. */
    const char *kinds = getenv("MOCKXR_CAPTURE_KINDS");
    bool composited = !kinds || strstr(kinds, "composited");
    char cpath[1024];
    snprintf(cpath, sizeof cpath, "%s/frame_%06d_eye1_composited.png", dir, 3);
    FILE *cf = fopen(cpath, "rb");
    VT_CHECK((cf != NULL) == composited, "%s %s, MOCKXR_CAPTURE_KINDS=%s", cpath, cf ? "exists" : "is missing",
             kinds ? kinds : "(unset: views,composited)");
    if (cf)
        fclose(cf);
    /* Only the selected frames are captured. */
    char path[1024];
    snprintf(path, sizeof path, "%s/frame_%06d_eye0.png", dir, 2);
    FILE *f = fopen(path, "rb");
    VT_CHECK(f == NULL, "%s exists but frame 2 is not in MOCKXR_CAPTURE_FRAMES", path);
    if (f)
        fclose(f);
    return vt_finish("vk_capture");
}
