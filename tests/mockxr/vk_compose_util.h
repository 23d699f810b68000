/* Helpers of mockxr_vk_compose: uploading texels into a swapchain layer, projecting points and directions
 * into an eye's pixels the way the wearer sees them, sRGB arithmetic, reading the capture PNGs, and the
 * test's swapchains (create, fill through acquire/wait/release). */
#ifndef MOCKXR_TEST_VK_COMPOSE_UTIL_H
#define MOCKXR_TEST_VK_COMPOSE_UTIL_H

#include "vk_test.h"

#include <math.h>

static inline float cu_srgb_to_linear(float e)
{
    return e <= 0.04045f ? e / 12.92f : powf((e + 0.055f) / 1.055f, 2.4f);
}

/* The byte a compositor writes for linear value v (the display is sRGB). */
static inline int cu_encode(float v)
{
    v = v < 0.0f ? 0.0f : v > 1.0f ? 1.0f : v;
    float e = v <= 0.0031308f ? 12.92f * v : 1.055f * powf(v, 1.0f / 2.4f) - 0.055f;
    return (int)lrintf(e * 255.0f);
}

/* Copies w x h RGBA bytes (as stored: sRGB formats take sRGB-encoded bytes) into one layer of a colour image
 * in COLOR_ATTACHMENT_OPTIMAL, through a host-visible staging buffer, and leaves it in that layout. */
static inline void cu_upload(const struct vt_vk *vk, VkImage image, uint32_t layer, uint32_t w, uint32_t h,
                             const uint8_t *rgba)
{
    VkDeviceSize size = (VkDeviceSize)w * h * 4;
    VkBufferCreateInfo bi = {.sType = VK_STRUCTURE_TYPE_BUFFER_CREATE_INFO, .size = size,
                             .usage = VK_BUFFER_USAGE_TRANSFER_SRC_BIT, .sharingMode = VK_SHARING_MODE_EXCLUSIVE};
    VkBuffer buffer = VK_NULL_HANDLE;
    VkDeviceMemory memory = VK_NULL_HANDLE;
    VT_VK(vkCreateBuffer(vk->device, &bi, NULL, &buffer));
    VkMemoryRequirements req;
    vkGetBufferMemoryRequirements(vk->device, buffer, &req);
    VkPhysicalDeviceMemoryProperties props;
    vkGetPhysicalDeviceMemoryProperties(vk->physical, &props);
    uint32_t type = UINT32_MAX;
    VkMemoryPropertyFlags want = VK_MEMORY_PROPERTY_HOST_VISIBLE_BIT | VK_MEMORY_PROPERTY_HOST_COHERENT_BIT;
    for (uint32_t k = 0; k < props.memoryTypeCount && type == UINT32_MAX; k++) {
        if ((req.memoryTypeBits & (1u << k)) && (props.memoryTypes[k].propertyFlags & want) == want)
            type = k;
    }
    VT_CHECK(type != UINT32_MAX, "no host-visible coherent memory type");
    VkMemoryAllocateInfo ai = {.sType = VK_STRUCTURE_TYPE_MEMORY_ALLOCATE_INFO, .allocationSize = req.size,
                               .memoryTypeIndex = type};
    VT_VK(vkAllocateMemory(vk->device, &ai, NULL, &memory));
    VT_VK(vkBindBufferMemory(vk->device, buffer, memory, 0));
    void *mapped = NULL;
    VT_VK(vkMapMemory(vk->device, memory, 0, size, 0, &mapped));
    if (mapped) {
        memcpy(mapped, rgba, (size_t)size);
        vkUnmapMemory(vk->device, memory);
    }
    VkCommandBuffer cmd = vt_cmd_begin(vk);
    vt_barrier(cmd, image, VK_IMAGE_ASPECT_COLOR_BIT, layer, VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL,
               VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL);
    VkBufferImageCopy region = {.imageSubresource = {VK_IMAGE_ASPECT_COLOR_BIT, 0, layer, 1},
                                .imageExtent = {w, h, 1}};
    vkCmdCopyBufferToImage(cmd, buffer, image, VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL, 1, &region);
    vt_barrier(cmd, image, VK_IMAGE_ASPECT_COLOR_BIT, layer, VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL,
               VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL);
    vt_cmd_submit(vk, cmd);
    vkDestroyBuffer(vk->device, buffer, NULL);
    vkFreeMemory(vk->device, memory, NULL);
}

/* An eye as xrLocateViews gave it (in the test's LOCAL space), and the capture's size. */
struct cu_eye {
    XrPosef pose;
    XrFovf fov;
    uint32_t width, height;
};

static inline XrVector3f cu_rotate(XrQuaternionf q, XrVector3f v)
{
    /* v + 2 w (q x v) + 2 q x (q x v) */
    XrVector3f u = {q.x, q.y, q.z};
    XrVector3f c1 = {u.y * v.z - u.z * v.y, u.z * v.x - u.x * v.z, u.x * v.y - u.y * v.x};
    XrVector3f c2 = {u.y * c1.z - u.z * c1.y, u.z * c1.x - u.x * c1.z, u.x * c1.y - u.y * c1.x};
    return (XrVector3f){v.x + 2 * (q.w * c1.x + c2.x), v.y + 2 * (q.w * c1.y + c2.y), v.z + 2 * (q.w * c1.z + c2.z)};
}

/* Pixel (x right, y down, continuous: pixel k spans [k, k+1)) where the eye sees direction d (eye space
 * after rotating world direction by the eye's inverse orientation); false when behind the eye. */
static inline bool cu_dir_pixel(const struct cu_eye *e, XrVector3f world_dir, float *out_x, float *out_y)
{
    XrQuaternionf inv = {-e->pose.orientation.x, -e->pose.orientation.y, -e->pose.orientation.z,
                         e->pose.orientation.w};
    XrVector3f d = cu_rotate(inv, world_dir);
    if (!(d.z < 0.0f))
        return false;
    float tl = tanf(e->fov.angleLeft), tr = tanf(e->fov.angleRight);
    float tu = tanf(e->fov.angleUp), td = tanf(e->fov.angleDown);
    *out_x = (d.x / -d.z - tl) / (tr - tl) * (float)e->width;
    *out_y = (tu - d.y / -d.z) / (tu - td) * (float)e->height;
    return true;
}

static inline bool cu_point_pixel(const struct cu_eye *e, XrVector3f p, float *out_x, float *out_y)
{
    XrVector3f d = {p.x - e->pose.position.x, p.y - e->pose.position.y, p.z - e->pose.position.z};
    return cu_dir_pixel(e, d, out_x, out_y);
}

/* Direction of longitude lon (radians, + to the right of -Z) and latitude lat (+ up). */
static inline XrVector3f cu_lonlat(float lon, float lat)
{
    return (XrVector3f){sinf(lon) * cosf(lat), sinf(lat), -cosf(lon) * cosf(lat)};
}

/* An 8-bit RGBA capture (composited views are MOCKXR_VIEW_SIZE). */
struct cu_image {
    uint8_t *px;
    uint32_t w, h;
    char path[1024];
};

static inline bool cu_load(struct cu_image *img, const char *dir, int frame, int eye, const char *suffix)
{
    snprintf(img->path, sizeof img->path, "%s/frame_%06d_eye%d%s.png", dir, frame, eye, suffix);
    img->px = vt_png_read(img->path, &img->w, &img->h);
    return img->px != NULL;
}

/* Checks the pixel at continuous position (x, y) against an RGB value (tolerance in levels). */
static inline void cu_expect(const struct cu_image *img, float x, float y, const int want[3], int tol,
                             const char *what)
{
    int ix = (int)floorf(x), iy = (int)floorf(y);
    if (!img->px)
        return;
    if (ix < 0 || iy < 0 || ix >= (int)img->w || iy >= (int)img->h) {
        VT_CHECK(false, "%s: %s at (%.1f, %.1f) is outside the %ux%u image", img->path, what, x, y, img->w, img->h);
        return;
    }
    const uint8_t *p = img->px + ((size_t)iy * img->w + (size_t)ix) * 4;
    bool ok = true;
    for (int c = 0; c < 3; c++)
        ok = ok && abs(p[c] - want[c]) <= tol;
    VT_CHECK(ok, "%s: %s at pixel (%d, %d) is (%d, %d, %d), expected (%d, %d, %d) +-%d", img->path, what, ix, iy,
             p[0], p[1], p[2], want[0], want[1], want[2], tol);
}

/* Reads a 16-bit grey PNG (the depth capture) into malloc'ed host-order values. */
static inline uint16_t *cu_load_depth(const char *path, uint32_t *out_w, uint32_t *out_h)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        VT_CHECK(false, "cannot open %s", path);
        return NULL;
    }
    png_structp png = png_create_read_struct(PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
    png_infop info = png ? png_create_info_struct(png) : NULL;
    uint16_t *values = NULL;
    if (png && info && !setjmp(png_jmpbuf(png))) {
        png_init_io(png, f);
        png_read_info(png, info);
        uint32_t w = png_get_image_width(png, info), h = png_get_image_height(png, info);
        bool grey16 = png_get_bit_depth(png, info) == 16 && png_get_color_type(png, info) == PNG_COLOR_TYPE_GRAY;
        VT_CHECK(grey16, "%s is not a 16-bit grey PNG", path);
        values = grey16 ? malloc((size_t)w * h * 2) : NULL;
        for (uint32_t y = 0; values && y < h; y++) {
            uint8_t row[4096];
            png_read_row(png, row, NULL);
            for (uint32_t x = 0; x < w && x < sizeof(row) / 2; x++)
                values[(size_t)y * w + x] = (uint16_t)(row[2 * x] << 8 | row[2 * x + 1]);
        }
        *out_w = w, *out_h = h;
    }
    png_destroy_read_struct(&png, &info, NULL);
    fclose(f);
    return values;
}

/* ---- The test's swapchains and frames ---- */

#define FRAMES 9
struct chain {
    XrSwapchain handle;
    VkImage images[4];
    uint32_t w, h, layers, faces;
};

struct ctx {
    XrInstance inst;
    XrSystemId sys;
    struct vt_vk vk;
    XrSession session;
    XrSpace local;
    struct cu_eye eyes[2][FRAMES]; /* eye e of run frame f, in LOCAL */
    struct chain proj, depth;
    int64_t depth_format;
};

static inline void chain_create(struct ctx *c, struct chain *ch, int64_t format, uint32_t w, uint32_t h, uint32_t layers,
                         uint32_t faces)
{
    XrSwapchainCreateInfo ci = vt_swapchain_info(format, w, h, layers);
    ci.faceCount = faces;
    ch->w = w, ch->h = h, ch->layers = layers, ch->faces = faces;
    VT_EXPECT(c->inst, xrCreateSwapchain(c->session, &ci, &ch->handle), XR_SUCCESS);
    VT_CHECK(vt_images(c->inst, ch->handle, ch->images, 4) == 3, "a swapchain has 3 images");
}

/* Acquire, wait, let fill() record into the image, submit and wait, release. */
static inline void chain_fill(struct ctx *c, struct chain *ch, void (*fill)(struct ctx *, struct chain *, VkImage, void *),
                       void *arg)
{
    uint32_t index = 0;
    XrSwapchainImageWaitInfo wi = {.type = XR_TYPE_SWAPCHAIN_IMAGE_WAIT_INFO, .timeout = XR_INFINITE_DURATION};
    VT_EXPECT(c->inst, xrAcquireSwapchainImage(ch->handle, NULL, &index), XR_SUCCESS);
    VT_EXPECT(c->inst, xrWaitSwapchainImage(ch->handle, &wi), XR_SUCCESS);
    if (index < 3)
        fill(c, ch, ch->images[index], arg);
    VT_EXPECT(c->inst, xrReleaseSwapchainImage(ch->handle, NULL), XR_SUCCESS);
}

/* arg: a float[4] linear colour for every layer. */
static inline void fill_clear(struct ctx *c, struct chain *ch, VkImage image, void *arg)
{
    VkCommandBuffer cmd = vt_cmd_begin(&c->vk);
    for (uint32_t k = 0; k < ch->layers * ch->faces; k++)
        vt_clear_color(cmd, image, k, (const float *)arg);
    vt_cmd_submit(&c->vk, cmd);
}

/* arg: float[n][4], colour of layer k (faces of a cube). */
static inline void fill_per_layer(struct ctx *c, struct chain *ch, VkImage image, void *arg)
{
    const float(*colours)[4] = arg;
    VkCommandBuffer cmd = vt_cmd_begin(&c->vk);
    for (uint32_t k = 0; k < ch->layers * ch->faces; k++)
        vt_clear_color(cmd, image, k, colours[k]);
    vt_cmd_submit(&c->vk, cmd);
}

/* arg: the four quadrant colours (RGBA bytes, as stored) TL, TR, BL, BR, written to every layer. */
static inline void fill_quadrants(struct ctx *c, struct chain *ch, VkImage image, void *arg)
{
    const uint8_t(*q)[4] = arg;
    uint8_t *px = malloc((size_t)ch->w * ch->h * 4);
    for (uint32_t y = 0; px && y < ch->h; y++) {
        for (uint32_t x = 0; x < ch->w; x++)
            memcpy(px + ((size_t)y * ch->w + x) * 4, q[(y >= ch->h / 2) * 2 + (x >= ch->w / 2)], 4);
    }
    for (uint32_t k = 0; px && k < ch->layers; k++)
        cu_upload(&c->vk, image, k, ch->w, ch->h, px);
    free(px);
}

static inline void fill_depth(struct ctx *c, struct chain *ch, VkImage image, void *arg)
{
    (void)arg;
    VkImageAspectFlags aspect = VK_IMAGE_ASPECT_DEPTH_BIT |
                                (c->depth_format == VK_FORMAT_D24_UNORM_S8_UINT ? VK_IMAGE_ASPECT_STENCIL_BIT : 0);
    VkCommandBuffer cmd = vt_cmd_begin(&c->vk);
    for (uint32_t k = 0; k < ch->layers; k++) {
        vt_barrier(cmd, image, aspect, k, VK_IMAGE_LAYOUT_DEPTH_STENCIL_ATTACHMENT_OPTIMAL,
                   VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL);
        VkClearDepthStencilValue v = {.depth = k == 0 ? 0.25f : 0.75f};
        VkImageSubresourceRange range = {aspect, 0, 1, k, 1};
        vkCmdClearDepthStencilImage(cmd, image, VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL, &v, 1, &range);
        vt_barrier(cmd, image, aspect, k, VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL,
                   VK_IMAGE_LAYOUT_DEPTH_STENCIL_ATTACHMENT_OPTIMAL);
    }
    vt_cmd_submit(&c->vk, cmd);
}

#endif
