/* Capture: reads back the projection views of selected frames (MOCKXR_CAPTURE_FRAMES) and writes PNGs. */
#include "vk_private.h"

#include <errno.h>
#include <math.h>
#include <png.h>
#include <stdlib.h>
#include <string.h>

static float half_to_float(uint16_t h)
{
    uint32_t exponent = (h >> 10) & 0x1fu, mantissa = h & 0x3ffu;
    float v;
    if (exponent == 0)
        v = ldexpf((float)mantissa, -24);
    else if (exponent == 31)
        v = mantissa ? NAN : INFINITY;
    else
        v = ldexpf((float)(mantissa | 0x400u), (int)exponent - 25);
    return (h & 0x8000u) ? -v : v;
}

static uint8_t unit_to_byte(float v)
{
    if (!(v > 0.0f)) /* also NaN */
        return 0;
    if (v >= 1.0f)
        return 255;
    return (uint8_t)(v * 255.0f + 0.5f);
}

static uint8_t linear_to_srgb_byte(float v)
{
    if (!(v > 0.0f))
        return 0;
    if (v >= 1.0f)
        return 255;
    float e = v <= 0.0031308f ? 12.92f * v : 1.055f * powf(v, 1.0f / 2.4f) - 0.055f;
    return unit_to_byte(e);
}

bool mx_vk_texels_to_rgba8(VkFormat f, const void *src, size_t count, uint8_t *dst)
{
    const uint8_t *b = src;
    switch (f) {
    case VK_FORMAT_R8G8B8A8_SRGB:
    case VK_FORMAT_R8G8B8A8_UNORM:
        memcpy(dst, b, count * 4); /* sRGB bytes are already display-encoded: kept as stored */
        return true;
    case VK_FORMAT_B8G8R8A8_SRGB:
    case VK_FORMAT_B8G8R8A8_UNORM:
        for (size_t k = 0; k < count; k++) {
            dst[4 * k + 0] = b[4 * k + 2];
            dst[4 * k + 1] = b[4 * k + 1];
            dst[4 * k + 2] = b[4 * k + 0];
            dst[4 * k + 3] = b[4 * k + 3];
        }
        return true;
    case VK_FORMAT_R16G16B16A16_SFLOAT:
        for (size_t k = 0; k < count; k++) {
            uint16_t h[4];
            memcpy(h, b + 8 * k, sizeof(h));
            for (int c = 0; c < 3; c++)
                dst[4 * k + c] = linear_to_srgb_byte(half_to_float(h[c]));
            dst[4 * k + 3] = unit_to_byte(half_to_float(h[3]));
        }
        return true;
    default:
        return false;
    }
}

static bool png_rows(png_structp png, png_infop info, FILE *f, const uint8_t *rgba, uint32_t width, uint32_t height)
{
    if (setjmp(png_jmpbuf(png)))
        return false; /* libpng already printed why */
    png_init_io(png, f);
    png_set_IHDR(png, info, width, height, 8, PNG_COLOR_TYPE_RGBA, PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT,
                 PNG_FILTER_TYPE_DEFAULT);
    png_write_info(png, info);
    for (uint32_t y = 0; y < height; y++)
        png_write_row(png, (png_const_bytep)(rgba + (size_t)y * width * 4));
    png_write_end(png, NULL);
    return true;
}

bool mx_vk_png_write(const char *path, const uint8_t *rgba, uint32_t width, uint32_t height)
{
    FILE *f = fopen(path, "wb");
    if (!f) {
        fprintf(stderr, "mockxr: error: capture: cannot create %s: %s\n", path, strerror(errno));
        return false;
    }
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
    png_infop info = png ? png_create_info_struct(png) : NULL;
    bool ok = png && info && png_rows(png, info, f, rgba, width, height);
    png_destroy_write_struct(&png, &info);
    if (fclose(f) != 0)
        ok = false;
    return ok;
}

/* A host-visible buffer the view is copied into. */
struct mx_readback {
    VkBuffer buffer;
    VkDeviceMemory memory;
    VkDeviceSize size;
    bool coherent;
};

static void readback_free(struct mx_vk_session *vs, struct mx_readback *rb)
{
    if (rb->buffer != VK_NULL_HANDLE)
        vs->fn.DestroyBuffer(vs->device, rb->buffer, NULL);
    if (rb->memory != VK_NULL_HANDLE)
        vs->fn.FreeMemory(vs->device, rb->memory, NULL);
}

static XrResult readback_create(struct mx_vk_session *vs, VkDeviceSize size, struct mx_readback *rb, const char *func)
{
    VkBufferCreateInfo bi = {
        .sType = VK_STRUCTURE_TYPE_BUFFER_CREATE_INFO,
        .size = size,
        .usage = VK_BUFFER_USAGE_TRANSFER_DST_BIT,
        .sharingMode = VK_SHARING_MODE_EXCLUSIVE,
    };
    rb->size = size;
    VkResult vr = vs->fn.CreateBuffer(vs->device, &bi, NULL, &rb->buffer);
    if (vr != VK_SUCCESS)
        return mx_vk_fail(func, "vkCreateBuffer (capture)", vr);
    VkMemoryRequirements req;
    vs->fn.GetBufferMemoryRequirements(vs->device, rb->buffer, &req);
    const VkMemoryPropertyFlags coherent = VK_MEMORY_PROPERTY_HOST_VISIBLE_BIT | VK_MEMORY_PROPERTY_HOST_COHERENT_BIT;
    int type = mx_vk_memory_type(&vs->memory, req.memoryTypeBits, coherent);
    rb->coherent = type >= 0;
    if (type < 0)
        type = mx_vk_memory_type(&vs->memory, req.memoryTypeBits, VK_MEMORY_PROPERTY_HOST_VISIBLE_BIT);
    if (type < 0)
        return mx_diag(XR_ERROR_RUNTIME_FAILURE, func, "capture: no host-visible memory type for the read-back");
    VkMemoryAllocateInfo ai = {
        .sType = VK_STRUCTURE_TYPE_MEMORY_ALLOCATE_INFO,
        .allocationSize = req.size,
        .memoryTypeIndex = (uint32_t)type,
    };
    vr = vs->fn.AllocateMemory(vs->device, &ai, NULL, &rb->memory);
    if (vr != VK_SUCCESS)
        return mx_vk_fail(func, "vkAllocateMemory (capture)", vr);
    vr = vs->fn.BindBufferMemory(vs->device, rb->buffer, rb->memory, 0);
    if (vr != VK_SUCCESS)
        return mx_vk_fail(func, "vkBindBufferMemory (capture)", vr);
    return XR_SUCCESS;
}

static void layer_barrier(struct mx_vk_session *vs, VkCommandBuffer cmd, VkImage image, uint32_t layer, bool to_copy)
{
    VkImageMemoryBarrier b = {
        .sType = VK_STRUCTURE_TYPE_IMAGE_MEMORY_BARRIER,
        .srcAccessMask = to_copy ? VK_ACCESS_MEMORY_WRITE_BIT : 0,
        .dstAccessMask = to_copy ? VK_ACCESS_TRANSFER_READ_BIT : VK_ACCESS_MEMORY_READ_BIT | VK_ACCESS_MEMORY_WRITE_BIT,
        .oldLayout = to_copy ? VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL : VK_IMAGE_LAYOUT_TRANSFER_SRC_OPTIMAL,
        .newLayout = to_copy ? VK_IMAGE_LAYOUT_TRANSFER_SRC_OPTIMAL : VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL,
        .srcQueueFamilyIndex = VK_QUEUE_FAMILY_IGNORED,
        .dstQueueFamilyIndex = VK_QUEUE_FAMILY_IGNORED,
        .image = image,
        .subresourceRange = {VK_IMAGE_ASPECT_COLOR_BIT, 0, 1, layer, 1},
    };
    vs->fn.CmdPipelineBarrier(cmd, to_copy ? VK_PIPELINE_STAGE_ALL_COMMANDS_BIT : VK_PIPELINE_STAGE_TRANSFER_BIT,
                              to_copy ? VK_PIPELINE_STAGE_TRANSFER_BIT : VK_PIPELINE_STAGE_ALL_COMMANDS_BIT, 0, 0, NULL,
                              0, NULL, 1, &b);
}

/* Copies the sub-image into rb on the app's queue, after everything the app submitted for it (the
 * barrier's source scope is every earlier command), and waits: capture frames stall on purpose. */
static XrResult copy_view(struct mx_vk_session *vs, VkImage image, const XrSwapchainSubImage *sub,
                          struct mx_readback *rb, const char *func)
{
    VkCommandBuffer cmd = VK_NULL_HANDLE;
    XrResult r = mx_vk_begin_once(vs, func, &cmd);
    if (r != XR_SUCCESS)
        return r;
    layer_barrier(vs, cmd, image, sub->imageArrayIndex, true);
    VkBufferImageCopy region = {
        .imageSubresource = {VK_IMAGE_ASPECT_COLOR_BIT, 0, sub->imageArrayIndex, 1},
        .imageOffset = {sub->imageRect.offset.x, sub->imageRect.offset.y, 0},
        .imageExtent = {(uint32_t)sub->imageRect.extent.width, (uint32_t)sub->imageRect.extent.height, 1},
    };
    vs->fn.CmdCopyImageToBuffer(cmd, image, VK_IMAGE_LAYOUT_TRANSFER_SRC_OPTIMAL, rb->buffer, 1, &region);
    layer_barrier(vs, cmd, image, sub->imageArrayIndex, false);
    VkBufferMemoryBarrier host = {
        .sType = VK_STRUCTURE_TYPE_BUFFER_MEMORY_BARRIER,
        .srcAccessMask = VK_ACCESS_TRANSFER_WRITE_BIT,
        .dstAccessMask = VK_ACCESS_HOST_READ_BIT,
        .srcQueueFamilyIndex = VK_QUEUE_FAMILY_IGNORED,
        .dstQueueFamilyIndex = VK_QUEUE_FAMILY_IGNORED,
        .buffer = rb->buffer,
        .size = VK_WHOLE_SIZE,
    };
    vs->fn.CmdPipelineBarrier(cmd, VK_PIPELINE_STAGE_TRANSFER_BIT, VK_PIPELINE_STAGE_HOST_BIT, 0, 0, NULL, 1, &host,
                              0, NULL);
    return mx_vk_submit_once(vs, func, cmd);
}

static XrResult write_view(struct mx_vk_session *vs, const struct mx_vk_swapchain *vsc, struct mx_readback *rb,
                           uint32_t width, uint32_t height, const char *path, const char *func)
{
    void *mapped = NULL;
    VkResult vr = vs->fn.MapMemory(vs->device, rb->memory, 0, VK_WHOLE_SIZE, 0, &mapped);
    if (vr != VK_SUCCESS)
        return mx_vk_fail(func, "vkMapMemory (capture)", vr);
    if (!rb->coherent) {
        VkMappedMemoryRange range = {
            .sType = VK_STRUCTURE_TYPE_MAPPED_MEMORY_RANGE, .memory = rb->memory, .size = VK_WHOLE_SIZE};
        vr = vs->fn.InvalidateMappedMemoryRanges(vs->device, 1, &range);
    }
    XrResult r = vr == VK_SUCCESS ? XR_SUCCESS : mx_vk_fail(func, "vkInvalidateMappedMemoryRanges", vr);
    uint8_t *rgba = r == XR_SUCCESS ? malloc((size_t)width * height * 4) : NULL;
    if (r == XR_SUCCESS && !rgba)
        r = mx_diag(XR_ERROR_OUT_OF_MEMORY, func, "capture: out of memory");
    if (r == XR_SUCCESS && !mx_vk_texels_to_rgba8(vsc->format, mapped, (size_t)width * height, rgba))
        r = mx_diag(XR_ERROR_RUNTIME_FAILURE, func, "capture: format %s cannot be converted",
                    mx_vk_format_name(vsc->format));
    if (r == XR_SUCCESS && !mx_vk_png_write(path, rgba, width, height))
        r = mx_diag(XR_ERROR_RUNTIME_FAILURE, func, "capture: writing %s failed", path);
    free(rgba);
    vs->fn.UnmapMemory(vs->device, rb->memory);
    return r;
}

static void capture_view(struct mx_session *s, const XrSwapchainSubImage *sub, const char *path)
{
    static const char *func = "xrEndFrame";
    struct mx_vk_session *vs = s->vk;
    struct mx_swapchain *sc = NULL;
    /* CORE validated every sub-image of the frame before calling us. */
    if (mx_handle_lookup(MX_HANDLE_VALUE(sub->swapchain), MX_HANDLE_SWAPCHAIN, func, (void **)&sc) != XR_SUCCESS)
        return;
    const struct mx_vk_swapchain *vsc = sc->vk;
    if (vsc->depth || vsc->last_released < 0)
        return;
    uint32_t width = (uint32_t)sub->imageRect.extent.width, height = (uint32_t)sub->imageRect.extent.height;
    VkDeviceSize texel = vsc->format == VK_FORMAT_R16G16B16A16_SFLOAT ? 8 : 4;
    struct mx_readback rb = {0};
    XrResult r = readback_create(vs, texel * width * height, &rb, func);
    if (r == XR_SUCCESS)
        r = copy_view(vs, vsc->images[vsc->last_released].image, sub, &rb, func);
    if (r == XR_SUCCESS)
        r = write_view(vs, vsc, &rb, width, height, path, func);
    if (r == XR_SUCCESS)
        mx_info("captured %s", path);
    readback_free(vs, &rb);
}

/* The frame's first projection layer, or NULL. */
static const XrCompositionLayerProjection *first_projection(const XrFrameEndInfo *info)
{
    for (uint32_t k = 0; k < info->layerCount; k++) {
        if (info->layers[k]->type == XR_TYPE_COMPOSITION_LAYER_PROJECTION)
            return (const XrCompositionLayerProjection *)info->layers[k];
    }
    return NULL;
}

void mx_vk_end_frame(struct mx_session *s, uint64_t frame_index, const XrFrameEndInfo *info)
{
    if (!s || !s->vk || !mx_config_capture_selected(&s->instance->config, frame_index))
        return;
    const XrCompositionLayerProjection *proj = first_projection(info);
    if (!proj)
        return;
    const char *dir = s->instance->config.capture_dir; /* config.c checked that it exists */
    for (uint32_t v = 0; v < proj->viewCount; v++) {
        char path[4096];
        snprintf(path, sizeof(path), "%s/frame_%06llu_eye%u.png", dir, (unsigned long long)frame_index, v);
        capture_view(s, &proj->views[v].subImage, path);
    }
}
