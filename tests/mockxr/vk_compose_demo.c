/* The docs' composited capture (docs/mockxr.md, "Capture and the reference compositor"): a projection layer
 * the CPU ray-casts (sky, a tiled floor) for the located views, a half-transparent quad "panel" in front
 * and a cylinder banner behind it, one frame, captured by MOCKXR_CAPTURE_FRAMES=0. Run as the test
 * mockxr_vk_compose_demo (it checks the composited files exist) and by the compositor-images target. */
#include "vk_compose_util.h"

/* sRGB bytes of linear colour c (alpha a, premultiplied by the caller where wanted). */
static void put(uint8_t *p, const float c[3], float a)
{
    for (int k = 0; k < 3; k++)
        p[k] = (uint8_t)cu_encode(c[k]);
    p[3] = (uint8_t)lrintf(a * 255.0f);
}

/* The world seen along direction d from `eye` (LOCAL, floor 1.6 m below its origin). */
static void world(XrVector3f eye, XrVector3f d, float out[3])
{
    if (d.y < -1e-4f) {
        float t = (-1.6f - eye.y) / d.y, x = eye.x + t * d.x, z = eye.z + t * d.z;
        bool dark = ((int)floorf(x) + (int)floorf(z)) & 1;
        float fade = 1.0f / (1.0f + 0.02f * t * t), v = dark ? 0.08f : 0.35f;
        float haze[3] = {0.30f, 0.36f, 0.45f};
        for (int k = 0; k < 3; k++)
            out[k] = v * fade + haze[k] * (1.0f - fade);
        return;
    }
    float up = fmaxf(d.y, 0.0f) / sqrtf(d.x * d.x + d.y * d.y + d.z * d.z);
    float horizon[3] = {0.45f, 0.55f, 0.70f}, zenith[3] = {0.05f, 0.15f, 0.45f};
    for (int k = 0; k < 3; k++)
        out[k] = horizon[k] + (zenith[k] - horizon[k]) * sqrtf(up);
}

/* One view as the app would render it: every pixel's ray through the located pose and FOV. */
static void render_view(const struct cu_eye *e, uint8_t *px)
{
    float tl = tanf(e->fov.angleLeft), tr = tanf(e->fov.angleRight);
    float tu = tanf(e->fov.angleUp), td = tanf(e->fov.angleDown);
    for (uint32_t y = 0; y < e->height; y++) {
        for (uint32_t x = 0; x < e->width; x++) {
            XrVector3f d = {tl + (tr - tl) * ((float)x + 0.5f) / (float)e->width,
                            tu - (tu - td) * ((float)y + 0.5f) / (float)e->height, -1.0f};
            float c[3];
            world(e->pose.position, cu_rotate(e->pose.orientation, d), c);
            put(px + ((size_t)y * e->width + x) * 4, c, 1.0f);
        }
    }
}

/* A status panel: dark glass (alpha 0.65, premultiplied), a white frame, three bars of machine states. */
static void render_panel(uint8_t *px, uint32_t w, uint32_t h)
{
    const float bars[3][3] = {{0.05f, 0.60f, 0.10f}, {0.90f, 0.45f, 0.02f}, {0.75f, 0.03f, 0.02f}};
    const float fill[3] = {0.55f, 0.80f, 0.30f}, glass[3] = {0.01f, 0.02f, 0.04f}, white[3] = {1, 1, 1};
    for (uint32_t y = 0; y < h; y++) {
        for (uint32_t x = 0; x < w; x++) {
            uint8_t *p = px + ((size_t)y * w + x) * 4;
            bool frame = x < 3 || y < 3 || x >= w - 3 || y >= h - 3;
            int bar = (int)(y * 5 / h) - 1; /* rows 1..3 of 5 hold the bars */
            bool in_bar = bar >= 0 && bar < 3 && y % (h / 5) > h / 20 && x > w / 10 &&
                          (float)x < (float)w * (0.1f + 0.8f * fill[bar]);
            if (frame)
                put(p, white, 1.0f);
            else if (in_bar)
                put(p, bars[bar], 1.0f);
            else
                put(p, (const float[3]){glass[0] * 0.65f, glass[1] * 0.65f, glass[2] * 0.65f}, 0.65f);
        }
    }
}

/* A banner of soft vertical stripes for the cylinder. */
static void render_banner(uint8_t *px, uint32_t w, uint32_t h)
{
    for (uint32_t y = 0; y < h; y++) {
        for (uint32_t x = 0; x < w; x++) {
            float s = 0.5f + 0.5f * sinf((float)x * 0.2f), c[3] = {0.15f + 0.5f * s, 0.12f, 0.35f + 0.3f * (1 - s)};
            put(px + ((size_t)y * w + x) * 4, c, 1.0f);
        }
    }
}

static void upload_chain(struct ctx *c, struct chain *ch, uint8_t *const *layers)
{
    uint32_t index = 0;
    XrSwapchainImageWaitInfo wi = {.type = XR_TYPE_SWAPCHAIN_IMAGE_WAIT_INFO, .timeout = XR_INFINITE_DURATION};
    VT_EXPECT(c->inst, xrAcquireSwapchainImage(ch->handle, NULL, &index), XR_SUCCESS);
    VT_EXPECT(c->inst, xrWaitSwapchainImage(ch->handle, &wi), XR_SUCCESS);
    for (uint32_t k = 0; index < 3 && k < ch->layers; k++)
        cu_upload(&c->vk, ch->images[index], k, ch->w, ch->h, layers[k]);
    VT_EXPECT(c->inst, xrReleaseSwapchainImage(ch->handle, NULL), XR_SUCCESS);
}

static void run(struct ctx *c, struct chain *panel, struct chain *banner)
{
    XrTime t = vt_frame_begin(c->inst, c->session);
    XrViewLocateInfo li = {.type = XR_TYPE_VIEW_LOCATE_INFO,
                           .viewConfigurationType = XR_VIEW_CONFIGURATION_TYPE_PRIMARY_STEREO, .displayTime = t,
                           .space = c->local};
    XrViewState vs = {.type = XR_TYPE_VIEW_STATE};
    XrView views[2] = {{.type = XR_TYPE_VIEW}, {.type = XR_TYPE_VIEW}};
    uint32_t n = 0;
    VT_EXPECT(c->inst, xrLocateViews(c->session, &li, &vs, 2, &n, views), XR_SUCCESS);
    uint8_t *eyes[2] = {malloc((size_t)c->proj.w * c->proj.h * 4), malloc((size_t)c->proj.w * c->proj.h * 4)};
    uint8_t *panel_px = malloc((size_t)panel->w * panel->h * 4), *banner_px = malloc((size_t)banner->w * banner->h * 4);
    if (eyes[0] && eyes[1] && panel_px && banner_px) {
        for (int e = 0; e < 2; e++)
            render_view(&(struct cu_eye){views[e].pose, views[e].fov, c->proj.w, c->proj.h}, eyes[e]);
        render_panel(panel_px, panel->w, panel->h);
        render_banner(banner_px, banner->w, banner->h);
        upload_chain(c, &c->proj, eyes);
        upload_chain(c, panel, &panel_px);
        upload_chain(c, banner, &banner_px);
    }
    free(eyes[0]), free(eyes[1]), free(panel_px), free(banner_px);
    XrCompositionLayerProjectionView pv[2];
    for (uint32_t e = 0; e < 2; e++)
        pv[e] = (XrCompositionLayerProjectionView){
            .type = XR_TYPE_COMPOSITION_LAYER_PROJECTION_VIEW, .pose = views[e].pose, .fov = views[e].fov,
            .subImage = {c->proj.handle, {{0, 0}, {(int32_t)c->proj.w, (int32_t)c->proj.h}}, e}};
    XrCompositionLayerProjection proj = {.type = XR_TYPE_COMPOSITION_LAYER_PROJECTION, .space = c->local,
                                         .viewCount = 2, .views = pv};
    XrCompositionLayerCylinderKHR cyl = {
        .type = XR_TYPE_COMPOSITION_LAYER_CYLINDER_KHR, .space = c->local, .eyeVisibility = XR_EYE_VISIBILITY_BOTH,
        .subImage = {banner->handle, {{0, 0}, {(int32_t)banner->w, (int32_t)banner->h}}, 0},
        .pose = {{0, 0, 0, 1}, {0, 1.0f, 0}}, .radius = 4.0f, .centralAngle = 1.6f, .aspectRatio = 8.0f};
    XrCompositionLayerQuad quad = {
        .type = XR_TYPE_COMPOSITION_LAYER_QUAD, .space = c->local,
        .layerFlags = XR_COMPOSITION_LAYER_BLEND_TEXTURE_SOURCE_ALPHA_BIT, .eyeVisibility = XR_EYE_VISIBILITY_BOTH,
        .subImage = {panel->handle, {{0, 0}, {(int32_t)panel->w, (int32_t)panel->h}}, 0},
        .pose = {{0, 0.1305f, 0, 0.9914f}, {0.1f, -0.05f, -1.3f}}, .size = {0.8f, 0.5f}};
    const XrCompositionLayerBaseHeader *layers[] = {(const XrCompositionLayerBaseHeader *)&proj,
                                                    (const XrCompositionLayerBaseHeader *)&cyl,
                                                    (const XrCompositionLayerBaseHeader *)&quad};
    XrFrameEndInfo ei = {.type = XR_TYPE_FRAME_END_INFO, .displayTime = t,
                         .environmentBlendMode = XR_ENVIRONMENT_BLEND_MODE_OPAQUE, .layerCount = 3, .layers = layers};
    VT_EXPECT(c->inst, xrEndFrame(c->session, &ei), XR_SUCCESS);
}

int main(void)
{
    const char *dir = getenv("MOCKXR_CAPTURE_DIR");
    VT_CHECK(dir != NULL, "MOCKXR_CAPTURE_DIR must be set");
    struct ctx c;
    memset(&c, 0, sizeof(c));
    struct chain panel = {0}, banner = {0};
    const char *exts[] = {XR_KHR_VULKAN_ENABLE2_EXTENSION_NAME, XR_KHR_COMPOSITION_LAYER_CYLINDER_EXTENSION_NAME, NULL};
    c.inst = dir ? vt_instance(exts, &c.sys) : XR_NULL_HANDLE;
    if (c.inst && vt_vk_enable2(c.inst, c.sys, &c.vk)) {
        XrGraphicsBindingVulkan2KHR b = vt_binding(&c.vk);
        VT_EXPECT(c.inst, vt_session_create(c.inst, c.sys, &b, &c.session), XR_SUCCESS);
        vt_session_begin(c.inst, c.session);
        XrReferenceSpaceCreateInfo rs = {.type = XR_TYPE_REFERENCE_SPACE_CREATE_INFO,
                                         .referenceSpaceType = XR_REFERENCE_SPACE_TYPE_LOCAL,
                                         .poseInReferenceSpace = {{0, 0, 0, 1}, {0, 0, 0}}};
        VT_EXPECT(c.inst, xrCreateReferenceSpace(c.session, &rs, &c.local), XR_SUCCESS);
        XrViewConfigurationView vcv[2] = {{.type = XR_TYPE_VIEW_CONFIGURATION_VIEW},
                                          {.type = XR_TYPE_VIEW_CONFIGURATION_VIEW}};
        uint32_t n = 0;
        VT_EXPECT(c.inst, xrEnumerateViewConfigurationViews(c.inst, c.sys, XR_VIEW_CONFIGURATION_TYPE_PRIMARY_STEREO,
                                                            2, &n, vcv), XR_SUCCESS);
        chain_create(&c, &c.proj, VK_FORMAT_R8G8B8A8_SRGB, vcv[0].recommendedImageRectWidth,
                     vcv[0].recommendedImageRectHeight, 2, 1);
        chain_create(&c, &panel, VK_FORMAT_R8G8B8A8_SRGB, 160, 100, 1, 1);
        chain_create(&c, &banner, VK_FORMAT_R8G8B8A8_SRGB, 256, 32, 1, 1);
        run(&c, &panel, &banner);
        vkDeviceWaitIdle(c.vk.device);
        XrSwapchain all[] = {c.proj.handle, panel.handle, banner.handle};
        for (int k = 0; k < 3; k++)
            VT_EXPECT(c.inst, xrDestroySwapchain(all[k]), XR_SUCCESS);
        VT_EXPECT(c.inst, xrDestroySpace(c.local), XR_SUCCESS);
        VT_EXPECT(c.inst, xrDestroySession(c.session), XR_SUCCESS);
    }
    vt_vk_destroy(&c.vk);
    if (c.inst)
        VT_EXPECT(c.inst, xrDestroyInstance(c.inst), XR_SUCCESS);
    for (int e = 0; e < 2 && dir; e++) {
        struct cu_image img;
        if (cu_load(&img, dir, 0, e, "_composited"))
            free(img.px);
    }
    return vt_finish("vk_compose_demo");
}
