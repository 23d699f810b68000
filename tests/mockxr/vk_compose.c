/* mockxr's reference compositor, checked pixel by pixel in the composited captures
 * (frame_NNNNNN_eyeE_composited.png, MOCKXR_VIEW_SIZE per eye) of frames whose layers have known solid
 * colours and patterns: quad position and size from its pose, eye visibility, source alpha on/off,
 * premultiplied vs unpremultiplied, sub-image rect and array layer, sRGB and UNORM swapchains showing the
 * same colour, cylinder / equirect2 / equirect / cube placement, a rotated cube, and the depth capture
 * (frame_NNNNNN_eyeE_depth.png) against the depth the test cleared. Expected pixels come from the views
 * xrLocateViews returns, projected by the test's own pinhole model. */
#include "vk_compose_util.h"

#define TOL 3 /* levels: bilinear filtering and sRGB rounding */

static const int BG[3] = {0, 0, 255}; /* the projection layer: linear blue 1.0 */
static const int RED[3] = {255, 0, 0};
static const int GREEN[3] = {0, 255, 0};

/* Waits, begins and locates the views of the next frame (run frame f) in LOCAL. */
static XrTime frame_begin(struct ctx *c, int f)
{
    XrTime t = vt_frame_begin(c->inst, c->session);
    XrViewLocateInfo li = {.type = XR_TYPE_VIEW_LOCATE_INFO,
                           .viewConfigurationType = XR_VIEW_CONFIGURATION_TYPE_PRIMARY_STEREO, .displayTime = t,
                           .space = c->local};
    XrViewState vs = {.type = XR_TYPE_VIEW_STATE};
    XrView views[2] = {{.type = XR_TYPE_VIEW}, {.type = XR_TYPE_VIEW}};
    uint32_t n = 0;
    VT_EXPECT(c->inst, xrLocateViews(c->session, &li, &vs, 2, &n, views), XR_SUCCESS);
    for (int e = 0; e < 2; e++)
        c->eyes[e][f] = (struct cu_eye){views[e].pose, views[e].fov, c->proj.w, c->proj.h};
    return t;
}

/* The background: a projection layer of the located views (so it fills each eye exactly), optionally with
 * the depth swapchain chained. */
struct proj_layer {
    XrCompositionLayerProjectionView views[2];
    XrCompositionLayerDepthInfoKHR depth[2];
    XrCompositionLayerProjection layer;
};

static void proj_init(struct ctx *c, int f, bool with_depth, struct proj_layer *p)
{
    memset(p, 0, sizeof(*p));
    for (uint32_t e = 0; e < 2; e++) {
        XrRect2Di rect = {{0, 0}, {(int32_t)c->proj.w, (int32_t)c->proj.h}};
        p->views[e] = (XrCompositionLayerProjectionView){
            .type = XR_TYPE_COMPOSITION_LAYER_PROJECTION_VIEW, .pose = c->eyes[e][f].pose, .fov = c->eyes[e][f].fov,
            .subImage = {.swapchain = c->proj.handle, .imageRect = rect, .imageArrayIndex = e}};
        p->depth[e] = (XrCompositionLayerDepthInfoKHR){
            .type = XR_TYPE_COMPOSITION_LAYER_DEPTH_INFO_KHR, .minDepth = 0.0f, .maxDepth = 1.0f, .nearZ = 0.1f,
            .farZ = 100.0f, .subImage = {.swapchain = c->depth.handle, .imageRect = rect, .imageArrayIndex = e}};
        p->views[e].next = with_depth ? &p->depth[e] : NULL;
    }
    p->layer = (XrCompositionLayerProjection){.type = XR_TYPE_COMPOSITION_LAYER_PROJECTION, .space = c->local,
                                              .viewCount = 2, .views = p->views};
}

static void frame_end(struct ctx *c, XrTime t, const XrCompositionLayerBaseHeader *const *layers, uint32_t n)
{
    XrFrameEndInfo ei = {.type = XR_TYPE_FRAME_END_INFO, .displayTime = t,
                         .environmentBlendMode = XR_ENVIRONMENT_BLEND_MODE_OPAQUE, .layerCount = n, .layers = layers};
    VT_EXPECT(c->inst, xrEndFrame(c->session, &ei), XR_SUCCESS);
    vt_poll(c->inst, XR_SESSION_STATE_UNKNOWN);
}

static XrCompositionLayerQuad quad(const struct ctx *c, const struct chain *ch, XrVector3f at, float w, float h)
{
    return (XrCompositionLayerQuad){
        .type = XR_TYPE_COMPOSITION_LAYER_QUAD, .space = c->local, .eyeVisibility = XR_EYE_VISIBILITY_BOTH,
        .subImage = {.swapchain = ch->handle, .imageRect = {{0, 0}, {(int32_t)ch->w, (int32_t)ch->h}}},
        .pose = {{0, 0, 0, 1}, at}, .size = {w, h}};
}

/* Every swapchain of the run; colours are linear (vkCmdClearColorImage) unless uploaded as bytes. */
struct chains {
    struct chain red, green, half, grey_srgb, grey_unorm, pattern, halves, quadrants, cube;
};

static bool setup(struct ctx *c, struct chains *ch)
{
    const char *exts[] = {XR_KHR_VULKAN_ENABLE2_EXTENSION_NAME, XR_KHR_COMPOSITION_LAYER_DEPTH_EXTENSION_NAME,
                          XR_KHR_COMPOSITION_LAYER_CYLINDER_EXTENSION_NAME,
                          XR_KHR_COMPOSITION_LAYER_EQUIRECT_EXTENSION_NAME,
                          XR_KHR_COMPOSITION_LAYER_EQUIRECT2_EXTENSION_NAME,
                          XR_KHR_COMPOSITION_LAYER_CUBE_EXTENSION_NAME, NULL};
    c->inst = vt_instance(exts, &c->sys);
    if (!c->inst || !vt_vk_enable2(c->inst, c->sys, &c->vk))
        return false;
    XrGraphicsBindingVulkan2KHR b = vt_binding(&c->vk);
    VT_EXPECT(c->inst, vt_session_create(c->inst, c->sys, &b, &c->session), XR_SUCCESS);
    vt_session_begin(c->inst, c->session);
    XrReferenceSpaceCreateInfo rs = {.type = XR_TYPE_REFERENCE_SPACE_CREATE_INFO,
                                     .referenceSpaceType = XR_REFERENCE_SPACE_TYPE_LOCAL};
    rs.poseInReferenceSpace.orientation.w = 1.0f;
    VT_EXPECT(c->inst, xrCreateReferenceSpace(c->session, &rs, &c->local), XR_SUCCESS);
    XrViewConfigurationView vcv[2] = {{.type = XR_TYPE_VIEW_CONFIGURATION_VIEW},
                                      {.type = XR_TYPE_VIEW_CONFIGURATION_VIEW}};
    uint32_t n = 0;
    VT_EXPECT(c->inst, xrEnumerateViewConfigurationViews(c->inst, c->sys, XR_VIEW_CONFIGURATION_TYPE_PRIMARY_STEREO,
                                                         2, &n, vcv), XR_SUCCESS);
    uint32_t w = vcv[0].recommendedImageRectWidth, h = vcv[0].recommendedImageRectHeight;
    c->depth_format = VK_FORMAT_D16_UNORM;
    chain_create(c, &c->proj, VK_FORMAT_R8G8B8A8_SRGB, w, h, 2, 1);
    chain_create(c, &c->depth, c->depth_format, w, h, 2, 1);
    chain_create(c, &ch->red, VK_FORMAT_R8G8B8A8_SRGB, 16, 16, 1, 1);
    chain_create(c, &ch->green, VK_FORMAT_R8G8B8A8_SRGB, 16, 16, 1, 1);
    chain_create(c, &ch->half, VK_FORMAT_R8G8B8A8_UNORM, 16, 16, 1, 1);
    chain_create(c, &ch->grey_srgb, VK_FORMAT_R8G8B8A8_SRGB, 16, 16, 1, 1);
    chain_create(c, &ch->grey_unorm, VK_FORMAT_R8G8B8A8_UNORM, 16, 16, 1, 1);
    chain_create(c, &ch->pattern, VK_FORMAT_R8G8B8A8_SRGB, 64, 64, 2, 1);
    chain_create(c, &ch->halves, VK_FORMAT_R8G8B8A8_SRGB, 32, 32, 1, 1);
    chain_create(c, &ch->quadrants, VK_FORMAT_R8G8B8A8_SRGB, 32, 32, 1, 1);
    chain_create(c, &ch->cube, VK_FORMAT_R8G8B8A8_SRGB, 16, 16, 1, 6);
    return !vt_failures;
}

static const uint8_t B_RED[4] = {255, 0, 0, 255}, B_GREEN[4] = {0, 255, 0, 255}, B_WHITE[4] = {255, 255, 255, 255},
                     B_YELLOW[4] = {255, 255, 0, 255};

/* Pattern layer 0 all white, layer 1 left half red and right half green: quadrant sets per layer. */
static void fill_pattern(struct ctx *c, struct chain *ch, VkImage image, void *arg)
{
    (void)arg;
    const uint8_t white[4][4] = {{255, 255, 255, 255}, {255, 255, 255, 255}, {255, 255, 255, 255},
                                 {255, 255, 255, 255}};
    const uint8_t halves[4][4] = {{255, 0, 0, 255}, {0, 255, 0, 255}, {255, 0, 0, 255}, {0, 255, 0, 255}};
    uint8_t *px = malloc((size_t)ch->w * ch->h * 4);
    for (uint32_t k = 0; px && k < 2; k++) {
        const uint8_t(*q)[4] = k == 0 ? white : halves;
        for (uint32_t y = 0; y < ch->h; y++) {
            for (uint32_t x = 0; x < ch->w; x++)
                memcpy(px + ((size_t)y * ch->w + x) * 4, q[(y >= ch->h / 2) * 2 + (x >= ch->w / 2)], 4);
        }
        cu_upload(&c->vk, image, k, ch->w, ch->h, px);
    }
    free(px);
}

static void fill_all(struct ctx *c, struct chains *ch)
{
    float blue[4] = {0, 0, 1, 1}, red[4] = {1, 0, 0, 1}, green[4] = {0, 1, 0, 1};
    float half[4] = {0.5f, 0, 0, 0.5f}, grey[4] = {0.5f, 0.5f, 0.5f, 1};
    /* Faces +X red, -X green, +Y white, -Y yellow, +Z magenta, -Z cyan. */
    float faces[6][4] = {{1, 0, 0, 1}, {0, 1, 0, 1}, {1, 1, 1, 1}, {1, 1, 0, 1}, {1, 0, 1, 1}, {0, 1, 1, 1}};
    uint8_t halves[4][4], quadrants[4][4];
    memcpy(halves[0], B_RED, 4), memcpy(halves[1], B_GREEN, 4), memcpy(halves[2], B_RED, 4);
    memcpy(halves[3], B_GREEN, 4);
    memcpy(quadrants[0], B_RED, 4), memcpy(quadrants[1], B_GREEN, 4), memcpy(quadrants[2], B_YELLOW, 4);
    memcpy(quadrants[3], B_WHITE, 4);
    chain_fill(c, &c->proj, fill_clear, blue);
    chain_fill(c, &c->depth, fill_depth, NULL);
    chain_fill(c, &ch->red, fill_clear, red);
    chain_fill(c, &ch->green, fill_clear, green);
    chain_fill(c, &ch->half, fill_clear, half);
    chain_fill(c, &ch->grey_srgb, fill_clear, grey);
    chain_fill(c, &ch->grey_unorm, fill_clear, grey);
    chain_fill(c, &ch->pattern, fill_pattern, NULL);
    chain_fill(c, &ch->halves, fill_quadrants, halves);
    chain_fill(c, &ch->quadrants, fill_quadrants, quadrants);
    chain_fill(c, &ch->cube, fill_per_layer, faces);
}

#define L(x) ((const XrCompositionLayerBaseHeader *)&(x))

/* Frame 0: a red 1 x 0.5 m quad 2 m ahead for both eyes, a green one for the left eye only, a grey
 * 0.5 x 0.3 m one turned 40 deg about +Y. */
#define TURNED_AT ((XrVector3f){-0.4f, 0.4f, -1.8f})
#define TURNED_YAW 0.6981317f

/* Point (x, y) of the turned quad's plane, in LOCAL. */
static XrVector3f on_turned(float x, float y)
{
    return (XrVector3f){TURNED_AT.x + cosf(TURNED_YAW) * x, TURNED_AT.y + y, TURNED_AT.z - sinf(TURNED_YAW) * x};
}

static void frame_quads(struct ctx *c, struct chains *ch, int f)
{
    XrTime t = frame_begin(c, f);
    struct proj_layer p;
    proj_init(c, f, false, &p);
    XrCompositionLayerQuad red = quad(c, &ch->red, (XrVector3f){0.3f, 0.1f, -2.0f}, 1.0f, 0.5f);
    XrCompositionLayerQuad green = quad(c, &ch->green, (XrVector3f){-0.5f, -0.3f, -1.5f}, 0.3f, 0.3f);
    green.eyeVisibility = XR_EYE_VISIBILITY_LEFT;
    XrCompositionLayerQuad turned = quad(c, &ch->grey_srgb, TURNED_AT, 0.5f, 0.3f);
    turned.pose.orientation = (XrQuaternionf){0, sinf(TURNED_YAW / 2), 0, cosf(TURNED_YAW / 2)};
    const XrCompositionLayerBaseHeader *layers[] = {L(p.layer), L(red), L(green), L(turned)};
    frame_end(c, t, layers, 4);
}

/* Frame 1: the same texel (0.5, 0, 0, 0.5) under five flag sets, over the blue projection. */
static const XrCompositionLayerFlags ALPHA_FLAGS[5] = {
    0, XR_COMPOSITION_LAYER_BLEND_TEXTURE_SOURCE_ALPHA_BIT,
    XR_COMPOSITION_LAYER_BLEND_TEXTURE_SOURCE_ALPHA_BIT | XR_COMPOSITION_LAYER_UNPREMULTIPLIED_ALPHA_BIT,
    XR_COMPOSITION_LAYER_UNPREMULTIPLIED_ALPHA_BIT, XR_COMPOSITION_LAYER_CORRECT_CHROMATIC_ABERRATION_BIT};

static XrVector3f alpha_at(int k)
{
    return (XrVector3f){-0.9f + 0.45f * (float)k, 0.0f, -2.5f};
}

static void frame_alpha(struct ctx *c, struct chains *ch, int f)
{
    XrTime t = frame_begin(c, f);
    struct proj_layer p;
    proj_init(c, f, false, &p);
    XrCompositionLayerQuad q[5];
    const XrCompositionLayerBaseHeader *layers[6] = {L(p.layer)};
    for (int k = 0; k < 5; k++) {
        q[k] = quad(c, &ch->half, alpha_at(k), 0.3f, 0.3f);
        q[k].layerFlags = ALPHA_FLAGS[k];
        layers[k + 1] = L(q[k]);
    }
    frame_end(c, t, layers, 6);
}

/* Frame 2: grey 0.5 from an sRGB and from a UNORM swapchain; sub-image rects of array layer 1. */
static void frame_formats(struct ctx *c, struct chains *ch, int f)
{
    XrTime t = frame_begin(c, f);
    struct proj_layer p;
    proj_init(c, f, false, &p);
    XrCompositionLayerQuad s = quad(c, &ch->grey_srgb, (XrVector3f){-0.5f, 0.3f, -2.0f}, 0.4f, 0.4f);
    XrCompositionLayerQuad u = quad(c, &ch->grey_unorm, (XrVector3f){0.5f, 0.3f, -2.0f}, 0.4f, 0.4f);
    XrCompositionLayerQuad right = quad(c, &ch->pattern, (XrVector3f){0.0f, -0.35f, -2.0f}, 0.3f, 0.6f);
    right.subImage.imageRect = (XrRect2Di){{32, 0}, {32, 64}}; /* the green half of layer 1 */
    right.subImage.imageArrayIndex = 1;
    XrCompositionLayerQuad left = right;
    left.pose.position.x = -0.6f;
    left.subImage.imageRect.offset.x = 0; /* the red half */
    XrCompositionLayerQuad white = right;
    white.pose.position.x = 0.6f;
    white.subImage.imageArrayIndex = 0; /* layer 0 is white */
    const XrCompositionLayerBaseHeader *layers[] = {L(p.layer), L(s), L(u), L(right), L(left), L(white)};
    frame_end(c, t, layers, 6);
}

/* Frame 3: a cylinder of radius 2 m whose axis is 0.5 m behind the LOCAL origin (so the eyes are off its
 * axis and the radius shows), 45 deg wide, as high as wide (1.57 m). */
#define CYL_Z 0.5f

static void frame_cylinder(struct ctx *c, struct chains *ch, int f)
{
    XrTime t = frame_begin(c, f);
    struct proj_layer p;
    proj_init(c, f, false, &p);
    XrCompositionLayerCylinderKHR cyl = {
        .type = XR_TYPE_COMPOSITION_LAYER_CYLINDER_KHR, .space = c->local, .eyeVisibility = XR_EYE_VISIBILITY_BOTH,
        .subImage = {.swapchain = ch->halves.handle, .imageRect = {{0, 0}, {32, 32}}},
        .pose = {{0, 0, 0, 1}, {0, 0, CYL_Z}}, .radius = 2.0f, .centralAngle = (float)M_PI / 4.0f, .aspectRatio = 1.0f};
    const XrCompositionLayerBaseHeader *layers[] = {L(p.layer), L(cyl)};
    frame_end(c, t, layers, 2);
}

/* Frame 4: equirect2 at infinity, 90 deg wide, +-22.5 deg high. */
static void frame_equirect2(struct ctx *c, struct chains *ch, int f)
{
    XrTime t = frame_begin(c, f);
    struct proj_layer p;
    proj_init(c, f, false, &p);
    XrCompositionLayerEquirect2KHR e = {
        .type = XR_TYPE_COMPOSITION_LAYER_EQUIRECT2_KHR, .space = c->local, .eyeVisibility = XR_EYE_VISIBILITY_BOTH,
        .subImage = {.swapchain = ch->halves.handle, .imageRect = {{0, 0}, {32, 32}}}, .pose = {{0, 0, 0, 1}, {0, 0, 0}},
        .radius = 0.0f, .centralHorizontalAngle = (float)M_PI_2, .upperVerticalAngle = (float)M_PI / 8.0f,
        .lowerVerticalAngle = -(float)M_PI / 8.0f};
    const XrCompositionLayerBaseHeader *layers[] = {L(p.layer), L(e)};
    frame_end(c, t, layers, 2);
}

/* Frame 5: a full equirect sphere at infinity of four quadrants. */
static void frame_equirect(struct ctx *c, struct chains *ch, int f)
{
    XrTime t = frame_begin(c, f);
    XrCompositionLayerEquirectKHR e = {
        .type = XR_TYPE_COMPOSITION_LAYER_EQUIRECT_KHR, .space = c->local, .eyeVisibility = XR_EYE_VISIBILITY_BOTH,
        .subImage = {.swapchain = ch->quadrants.handle, .imageRect = {{0, 0}, {32, 32}}},
        .pose = {{0, 0, 0, 1}, {0, 0, 0}}, .radius = INFINITY, .scale = {1, 1}, .bias = {0, 0}};
    const XrCompositionLayerBaseHeader *layers[] = {L(e)};
    frame_end(c, t, layers, 1);
}

/* Frames 6 and 7: the cube map, then turned 90 deg about +Y. */
static void frame_cube(struct ctx *c, struct chains *ch, int f, bool turned)
{
    XrTime t = frame_begin(c, f);
    XrCompositionLayerCubeKHR cube = {.type = XR_TYPE_COMPOSITION_LAYER_CUBE_KHR, .space = c->local,
                                      .eyeVisibility = XR_EYE_VISIBILITY_BOTH, .swapchain = ch->cube.handle,
                                      .orientation = {0, 0, 0, 1}};
    if (turned)
        cube.orientation = (XrQuaternionf){0, (float)M_SQRT1_2, 0, (float)M_SQRT1_2};
    const XrCompositionLayerBaseHeader *layers[] = {L(cube)};
    frame_end(c, t, layers, 1);
}

/* Frame 8: the projection layer with depth 0.25 (left) and 0.75 (right) chained. */
static void frame_depth(struct ctx *c, int f)
{
    XrTime t = frame_begin(c, f);
    struct proj_layer p;
    proj_init(c, f, true, &p);
    const XrCompositionLayerBaseHeader *layers[] = {L(p.layer)};
    frame_end(c, t, layers, 1);
}

static void submit_frames(struct ctx *c, struct chains *ch)
{
    fill_all(c, ch);
    frame_quads(c, ch, 0);
    frame_alpha(c, ch, 1);
    frame_formats(c, ch, 2);
    frame_cylinder(c, ch, 3);
    frame_equirect2(c, ch, 4);
    frame_equirect(c, ch, 5);
    frame_cube(c, ch, 6, false);
    frame_cube(c, ch, 7, true);
    frame_depth(c, 8);
}

static void teardown(struct ctx *c, struct chains *ch)
{
    vkDeviceWaitIdle(c->vk.device);
    struct chain *all[] = {&c->proj, &c->depth, &ch->red, &ch->green, &ch->half, &ch->grey_srgb, &ch->grey_unorm,
                           &ch->pattern, &ch->halves, &ch->quadrants, &ch->cube};
    for (size_t k = 0; k < sizeof(all) / sizeof(all[0]); k++) {
        if (all[k]->handle)
            VT_EXPECT(c->inst, xrDestroySwapchain(all[k]->handle), XR_SUCCESS);
    }
    if (c->local)
        VT_EXPECT(c->inst, xrDestroySpace(c->local), XR_SUCCESS);
    if (c->session)
        VT_EXPECT(c->inst, xrDestroySession(c->session), XR_SUCCESS);
    vt_vk_destroy(&c->vk);
    if (c->inst)
        VT_EXPECT(c->inst, xrDestroyInstance(c->inst), XR_SUCCESS);
}

static void remove_old(const char *dir)
{
    static const char *const suffixes[] = {"", "_composited", "_depth"};
    char path[1024];
    for (int f = 0; f < FRAMES; f++) {
        for (int e = 0; e < 2; e++) {
            for (int k = 0; k < 3; k++) {
                snprintf(path, sizeof path, "%s/frame_%06d_eye%d%s.png", dir, f, e, suffixes[k]);
                remove(path);
            }
        }
    }
}

static bool load(const struct ctx *c, struct cu_image *img, const char *dir, int f, int e)
{
    if (!cu_load(img, dir, f, e, "_composited"))
        return false;
    VT_CHECK(img->w == c->proj.w && img->h == c->proj.h, "%s is %ux%u, expected the view size %ux%u", img->path,
             img->w, img->h, c->proj.w, c->proj.h);
    return img->w == c->proj.w && img->h == c->proj.h;
}

static void expect_point(const struct ctx *c, const struct cu_image *img, int f, int e, XrVector3f p,
                         const int want[3], const char *what)
{
    float x, y;
    bool front = cu_point_pixel(&c->eyes[e][f], p, &x, &y);
    VT_CHECK(front, "%s: %s is behind eye %d", img->path, what, e);
    if (front)
        cu_expect(img, x, y, want, TOL, what);
}

static void expect_dir(const struct ctx *c, const struct cu_image *img, int f, int e, XrVector3f d,
                       const int want[3], const char *what)
{
    float x, y;
    bool front = cu_dir_pixel(&c->eyes[e][f], d, &x, &y);
    VT_CHECK(front, "%s: %s is behind eye %d", img->path, what, e);
    if (front)
        cu_expect(img, x, y, want, TOL, what);
}

static bool is_red(const struct cu_image *img, int x, int y)
{
    const uint8_t *p = img->px + ((size_t)y * img->w + (size_t)x) * 4;
    return p[0] > 128 && p[2] < 128;
}

/* The red quad's extent along the row and the column through its centre, against its projected edges. */
static void check_extent(const struct ctx *c, const struct cu_image *img, int e)
{
    const struct cu_eye *eye = &c->eyes[e][0];
    float cx, cy, lx, ly, rx, ry, tx, ty, bx, by;
    cu_point_pixel(eye, (XrVector3f){0.3f, 0.1f, -2.0f}, &cx, &cy);
    cu_point_pixel(eye, (XrVector3f){-0.2f, 0.1f, -2.0f}, &lx, &ly);
    cu_point_pixel(eye, (XrVector3f){0.8f, 0.1f, -2.0f}, &rx, &ry);
    cu_point_pixel(eye, (XrVector3f){0.3f, 0.35f, -2.0f}, &tx, &ty);
    cu_point_pixel(eye, (XrVector3f){0.3f, -0.15f, -2.0f}, &bx, &by);
    int across = 0, down = 0;
    for (int x = 0; x < (int)img->w; x++)
        across += is_red(img, x, (int)cy);
    for (int y = 0; y < (int)img->h; y++)
        down += is_red(img, (int)cx, y);
    VT_CHECK(fabsf((float)across - (rx - lx)) <= 1.5f, "%s: the quad is %d px wide at row %d, expected %.1f",
             img->path, across, (int)cy, rx - lx);
    VT_CHECK(fabsf((float)down - (by - ty)) <= 1.5f, "%s: the quad is %d px high at column %d, expected %.1f",
             img->path, down, (int)cx, by - ty);
}

static void check_quads(const struct ctx *c, const char *dir)
{
    for (int e = 0; e < 2; e++) {
        struct cu_image img;
        if (!load(c, &img, dir, 0, e))
            continue;
        expect_point(c, &img, 0, e, (XrVector3f){0.3f, 0.1f, -2.0f}, RED, "quad centre");
        for (int k = -1; k <= 1; k += 2) {
            expect_point(c, &img, 0, e, (XrVector3f){0.3f + 0.4f * (float)k, 0.1f, -2.0f}, RED, "inside x edge");
            expect_point(c, &img, 0, e, (XrVector3f){0.3f, 0.1f + 0.2f * (float)k, -2.0f}, RED, "inside y edge");
            expect_point(c, &img, 0, e, (XrVector3f){0.3f + 0.6f * (float)k, 0.1f, -2.0f}, BG, "outside x edge");
            expect_point(c, &img, 0, e, (XrVector3f){0.3f, 0.1f + 0.3f * (float)k, -2.0f}, BG, "outside y edge");
        }
        check_extent(c, &img, e);
        expect_point(c, &img, 0, e, (XrVector3f){-0.5f, -0.3f, -1.5f}, e == 0 ? GREEN : BG,
                     e == 0 ? "left-only quad in the left eye" : "left-only quad absent from the right eye");
        const int grey[3] = {188, 188, 188};
        for (int k = -1; k <= 1; k += 2) {
            float f = (float)k;
            expect_point(c, &img, 0, e, on_turned(0.2f * f, 0.1f * f), grey, "turned quad, inside a corner");
            expect_point(c, &img, 0, e, on_turned(0.3f * f, 0), BG, "beside the turned quad");
            expect_point(c, &img, 0, e, on_turned(0, 0.2f * f), BG, "above / below the turned quad");
        }
        free(img.px);
    }
}

/* The texel (128, 0, 0, 128) of a UNORM swapchain over linear blue 1.0, under each flag set. */
static void check_alpha(const struct ctx *c, const char *dir)
{
    float v = 128.0f / 255.0f, a = v;
    const int opaque[3] = {cu_encode(v), 0, 0};
    const int premultiplied[3] = {cu_encode(v), 0, cu_encode(1.0f - a)};
    const int unpremultiplied[3] = {cu_encode(v * a), 0, cu_encode(1.0f - a)};
    const int *want[5] = {opaque, premultiplied, unpremultiplied, opaque, opaque};
    const char *names[5] = {"no source alpha", "source alpha, premultiplied", "source alpha, unpremultiplied",
                            "unpremultiplied without source alpha", "chromatic aberration bit (ignored)"};
    for (int e = 0; e < 2; e++) {
        struct cu_image img;
        if (!load(c, &img, dir, 1, e))
            continue;
        for (int k = 0; k < 5; k++)
            expect_point(c, &img, 1, e, alpha_at(k), want[k], names[k]);
        free(img.px);
    }
}

static void check_formats(const struct ctx *c, const char *dir)
{
    const int grey[3] = {188, 188, 188}, white[3] = {255, 255, 255};
    for (int e = 0; e < 2; e++) {
        struct cu_image img;
        if (!load(c, &img, dir, 2, e))
            continue;
        expect_point(c, &img, 2, e, (XrVector3f){-0.5f, 0.3f, -2.0f}, grey, "grey 0.5 from an sRGB swapchain");
        expect_point(c, &img, 2, e, (XrVector3f){0.5f, 0.3f, -2.0f}, grey, "grey 0.5 from a UNORM swapchain");
        for (int k = -1; k <= 1; k++) {
            float dx = 0.1f * (float)k;
            expect_point(c, &img, 2, e, (XrVector3f){dx, -0.35f, -2.0f}, GREEN, "rect (32,0)+32x64 of layer 1");
            expect_point(c, &img, 2, e, (XrVector3f){-0.6f + dx, -0.35f, -2.0f}, RED, "rect (0,0)+32x64 of layer 1");
            expect_point(c, &img, 2, e, (XrVector3f){0.6f + dx, -0.35f, -2.0f}, white, "layer 0");
        }
        free(img.px);
    }
}

static XrVector3f on_cylinder(float deg, float y)
{
    float th = deg * (float)M_PI / 180.0f;
    return (XrVector3f){2.0f * sinf(th), y, CYL_Z - 2.0f * cosf(th)};
}

/* Pixels showing the cylinder along the row of its centre line, against its projected edges. */
static void check_cylinder_width(const struct ctx *c, const struct cu_image *img, int e)
{
    float x0, y0, lx, ly, rx, ry;
    cu_point_pixel(&c->eyes[e][3], on_cylinder(0, 0), &x0, &y0);
    cu_point_pixel(&c->eyes[e][3], on_cylinder(-22.5f, 0), &lx, &ly);
    cu_point_pixel(&c->eyes[e][3], on_cylinder(22.5f, 0), &rx, &ry);
    int n = 0;
    for (int x = 0; x < (int)img->w; x++) {
        const uint8_t *p = img->px + ((size_t)(int)y0 * img->w + (size_t)x) * 4;
        n += p[2] < 128; /* red or green, not the blue background */
    }
    VT_CHECK(fabsf((float)n - (rx - lx)) <= 1.5f, "%s: the cylinder is %d px wide at row %d, expected %.1f",
             img->path, n, (int)y0, rx - lx);
}

static void check_cylinder(const struct ctx *c, const char *dir)
{
    const float h = 2.0f * (float)M_PI / 4.0f; /* radius x central angle / aspect ratio */
    for (int e = 0; e < 2; e++) {
        struct cu_image img;
        if (!load(c, &img, dir, 3, e))
            continue;
        expect_point(c, &img, 3, e, on_cylinder(-10, 0), RED, "cylinder, left half");
        expect_point(c, &img, 3, e, on_cylinder(10, 0), GREEN, "cylinder, right half");
        expect_point(c, &img, 3, e, on_cylinder(-10, 0.4f * h), RED, "cylinder, near its top");
        expect_point(c, &img, 3, e, on_cylinder(10, -0.4f * h), GREEN, "cylinder, near its bottom");
        expect_point(c, &img, 3, e, on_cylinder(-10, 0.6f * h), BG, "above the cylinder");
        expect_point(c, &img, 3, e, on_cylinder(-10, -0.6f * h), BG, "below the cylinder");
        expect_point(c, &img, 3, e, on_cylinder(-30, 0), BG, "left of the 45 deg arc");
        expect_point(c, &img, 3, e, on_cylinder(30, 0), BG, "right of the 45 deg arc");
        check_cylinder_width(c, &img, e);
        free(img.px);
    }
}

static float rad(float deg)
{
    return deg * (float)M_PI / 180.0f;
}

static void check_equirects(const struct ctx *c, const char *dir)
{
    const int yellow[3] = {255, 255, 0}, white[3] = {255, 255, 255};
    for (int e = 0; e < 2; e++) {
        struct cu_image img;
        if (load(c, &img, dir, 4, e)) {
            expect_dir(c, &img, 4, e, cu_lonlat(rad(-20), 0), RED, "equirect2, left half");
            expect_dir(c, &img, 4, e, cu_lonlat(rad(20), 0), GREEN, "equirect2, right half");
            expect_dir(c, &img, 4, e, cu_lonlat(rad(-20), rad(15)), RED, "equirect2, below its upper angle");
            expect_dir(c, &img, 4, e, cu_lonlat(rad(20), rad(-15)), GREEN, "equirect2, above its lower angle");
            expect_dir(c, &img, 4, e, cu_lonlat(rad(-20), rad(30)), BG, "above equirect2");
            expect_dir(c, &img, 4, e, cu_lonlat(rad(-20), rad(-30)), BG, "below equirect2");
            expect_dir(c, &img, 4, e, cu_lonlat(rad(e == 0 ? -52 : 48), 0), BG, "beside equirect2's 90 deg");
            free(img.px);
        }
        if (load(c, &img, dir, 5, e)) {
            expect_dir(c, &img, 5, e, cu_lonlat(rad(-20), rad(15)), RED, "equirect, top left quadrant");
            expect_dir(c, &img, 5, e, cu_lonlat(rad(20), rad(15)), GREEN, "equirect, top right quadrant");
            expect_dir(c, &img, 5, e, cu_lonlat(rad(-20), rad(-15)), yellow, "equirect, bottom left quadrant");
            expect_dir(c, &img, 5, e, cu_lonlat(rad(20), rad(-15)), white, "equirect, bottom right quadrant");
            free(img.px);
        }
    }
}

static void check_cubes(const struct ctx *c, const char *dir)
{
    const int cyan[3] = {0, 255, 255}, white[3] = {255, 255, 255};
    for (int e = 0; e < 2; e++) {
        struct cu_image img;
        if (load(c, &img, dir, 6, e)) {
            expect_dir(c, &img, 6, e, cu_lonlat(0, 0), cyan, "cube -Z face ahead");
            expect_dir(c, &img, 6, e, cu_lonlat(0, rad(47)), white, "cube +Y face above");
            expect_dir(c, &img, 6, e, cu_lonlat(rad(e == 0 ? -47 : 47), 0), e == 0 ? GREEN : RED,
                       e == 0 ? "cube -X face on the left" : "cube +X face on the right");
            free(img.px);
        }
        if (load(c, &img, dir, 7, e)) { /* turned 90 deg left: +X comes ahead, -Z goes left */
            expect_dir(c, &img, 7, e, cu_lonlat(0, 0), RED, "turned cube: +X face ahead");
            if (e == 0)
                expect_dir(c, &img, 7, e, cu_lonlat(rad(-47), 0), cyan, "turned cube: -Z face on the left");
            free(img.px);
        }
    }
}

static void check_depth(const struct ctx *c, const char *dir)
{
    for (int e = 0; e < 2; e++) {
        char path[1024];
        snprintf(path, sizeof path, "%s/frame_%06d_eye%d_depth.png", dir, 8, e);
        uint32_t w = 0, h = 0;
        uint16_t *d = cu_load_depth(path, &w, &h);
        if (!d)
            continue;
        VT_CHECK(w == c->proj.w && h == c->proj.h, "%s is %ux%u, expected %ux%u", path, w, h, c->proj.w, c->proj.h);
        int want = e == 0 ? 16384 : 49151; /* 0.25 and 0.75 of 65535 */
        int bad = 0;
        for (size_t k = 0; k < (size_t)w * h; k++) {
            if (abs((int)d[k] - want) > 1 && bad++ == 0)
                VT_CHECK(false, "%s: value %d at %zu, expected %d (the cleared depth)", path, d[k], k, want);
        }
        free(d);
        snprintf(path, sizeof path, "%s/frame_%06d_eye%d_depth.png", dir, 0, e);
        FILE *f = fopen(path, "rb");
        VT_CHECK(!f, "%s exists but frame 0 chained no depth", path);
        if (f)
            fclose(f);
    }
}

/* The raw projection views are still written beside the composited ones. */
static void check_raw(const struct ctx *c, const char *dir)
{
    struct cu_image img;
    if (!cu_load(&img, dir, 0, 1, ""))
        return;
    VT_CHECK(img.w == c->proj.w && img.h == c->proj.h, "%s is %ux%u", img.path, img.w, img.h);
    cu_expect(&img, 1.0f, 1.0f, BG, 0, "raw view");
    free(img.px);
}

static void check_frames(const struct ctx *c, const char *dir)
{
    check_quads(c, dir);
    check_alpha(c, dir);
    check_formats(c, dir);
    check_cylinder(c, dir);
    check_equirects(c, dir);
    check_cubes(c, dir);
    check_depth(c, dir);
    check_raw(c, dir);
}


int main(void)
{
    const char *dir = getenv("MOCKXR_CAPTURE_DIR");
    VT_CHECK(dir != NULL, "MOCKXR_CAPTURE_DIR must be set by the test");
    if (!dir)
        return vt_finish("vk_compose");
    remove_old(dir);
    struct ctx c;
    struct chains ch;
    memset(&c, 0, sizeof(c));
    memset(&ch, 0, sizeof(ch));
    if (setup(&c, &ch))
        submit_frames(&c, &ch);
    teardown(&c, &ch);
    if (!vt_failures)
        check_frames(&c, dir);
    return vt_finish("vk_compose");
}
