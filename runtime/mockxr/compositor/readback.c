/* Copies the images a frame's layers name back to host memory (one command buffer, one wait) and converts
 * their texels: colour to 8-bit RGBA as the compositor samples it, depth to 16-bit values. */
#include "comp_vk.h"

#include <math.h>
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

/* Stored depth d in [0, 1] as round(d * 65535). D24 arrives as 32 bits with the depth in the low 24. */
static bool depth_to_u16(VkFormat f, const void *src, size_t count, uint16_t *dst)
{
    const uint8_t *b = src;
    for (size_t k = 0; k < count; k++) {
        if (f == VK_FORMAT_D16_UNORM) {
            memcpy(&dst[k], b + 2 * k, 2);
        } else if (f == VK_FORMAT_D32_SFLOAT) {
            float d;
            memcpy(&d, b + 4 * k, 4);
            d = d > 0.0f ? (d < 1.0f ? d : 1.0f) : 0.0f;
            dst[k] = (uint16_t)lrintf(d * 65535.0f);
        } else if (f == VK_FORMAT_D24_UNORM_S8_UINT) {
            uint32_t v;
            memcpy(&v, b + 4 * k, 4);
            dst[k] = (uint16_t)(((uint64_t)(v & 0xffffffu) * 65535u + 8388607u) / 16777215u);
        } else {
            return false;
        }
    }
    return true;
}

static VkDeviceSize texel_bytes(VkFormat f)
{
    switch (f) {
    case VK_FORMAT_R16G16B16A16_SFLOAT:
        return 8;
    case VK_FORMAT_D16_UNORM:
        return 2;
    default:
        return 4; /* RGBA8 / BGRA8, D32, D24 (depth aspect: 32 bits a texel) */
    }
}

bool mx_read_add(struct mx_read_list *list, const struct mx_vk_swapchain *vsc, uint32_t first_layer,
                 uint32_t layer_count, XrRect2Di rect, struct mx_comp_image *colour, struct mx_comp_depth *depth)
{
    if (list->count == MX_READ_MAX_ITEMS)
        return false;
    VkDeviceSize offset = 0;
    if (list->count > 0) { /* copies need 4-byte aligned offsets; 16 keeps every texel size aligned */
        const struct mx_read_item *last = &list->items[list->count - 1];
        offset = (last->offset + last->bytes + 15) & ~(VkDeviceSize)15;
    }
    list->items[list->count++] = (struct mx_read_item){
        .vsc = vsc, .first_layer = first_layer, .layer_count = layer_count, .rect = rect, .offset = offset,
        .bytes = texel_bytes(vsc->format) * (VkDeviceSize)rect.extent.width * (VkDeviceSize)rect.extent.height *
                 layer_count,
        .colour = colour, .depth = depth};
    return true;
}

/* A host-visible buffer the regions are copied into. */
struct readback {
    VkBuffer buffer;
    VkDeviceMemory memory;
    bool coherent;
};

static void readback_free(struct mx_vk_session *vs, struct readback *rb)
{
    if (rb->buffer != VK_NULL_HANDLE)
        vs->fn.DestroyBuffer(vs->device, rb->buffer, NULL);
    if (rb->memory != VK_NULL_HANDLE)
        vs->fn.FreeMemory(vs->device, rb->memory, NULL);
}

static XrResult readback_create(struct mx_vk_session *vs, VkDeviceSize size, struct readback *rb, const char *func)
{
    VkBufferCreateInfo bi = {
        .sType = VK_STRUCTURE_TYPE_BUFFER_CREATE_INFO,
        .size = size,
        .usage = VK_BUFFER_USAGE_TRANSFER_DST_BIT,
        .sharingMode = VK_SHARING_MODE_EXCLUSIVE,
    };
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

/* The item's layers from the layout the app released them in (attachment) to TRANSFER_SRC and back. */
static void item_barrier(struct mx_vk_session *vs, VkCommandBuffer cmd, const struct mx_read_item *it, bool to_copy)
{
    VkImageLayout attachment = it->vsc->depth ? VK_IMAGE_LAYOUT_DEPTH_STENCIL_ATTACHMENT_OPTIMAL
                                              : VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL;
    VkImageMemoryBarrier b = {
        .sType = VK_STRUCTURE_TYPE_IMAGE_MEMORY_BARRIER,
        .srcAccessMask = to_copy ? VK_ACCESS_MEMORY_WRITE_BIT : 0,
        .dstAccessMask = to_copy ? VK_ACCESS_TRANSFER_READ_BIT : VK_ACCESS_MEMORY_READ_BIT | VK_ACCESS_MEMORY_WRITE_BIT,
        .oldLayout = to_copy ? attachment : VK_IMAGE_LAYOUT_TRANSFER_SRC_OPTIMAL,
        .newLayout = to_copy ? VK_IMAGE_LAYOUT_TRANSFER_SRC_OPTIMAL : attachment,
        .srcQueueFamilyIndex = VK_QUEUE_FAMILY_IGNORED,
        .dstQueueFamilyIndex = VK_QUEUE_FAMILY_IGNORED,
        .image = it->vsc->images[it->vsc->last_released].image,
        .subresourceRange = {it->vsc->aspect, 0, 1, it->first_layer, it->layer_count},
    };
    vs->fn.CmdPipelineBarrier(cmd, to_copy ? VK_PIPELINE_STAGE_ALL_COMMANDS_BIT : VK_PIPELINE_STAGE_TRANSFER_BIT,
                              to_copy ? VK_PIPELINE_STAGE_TRANSFER_BIT : VK_PIPELINE_STAGE_ALL_COMMANDS_BIT, 0, 0, NULL,
                              0, NULL, 1, &b);
}

/* Records every copy; the first barrier's source scope is every command submitted before, so each copy
 * follows the app's rendering of that image. */
static void record_copies(struct mx_vk_session *vs, VkCommandBuffer cmd, const struct mx_read_list *list,
                          VkBuffer buffer)
{
    for (uint32_t k = 0; k < list->count; k++) {
        const struct mx_read_item *it = &list->items[k];
        item_barrier(vs, cmd, it, true);
        VkBufferImageCopy region = {
            .bufferOffset = it->offset,
            .imageSubresource = {it->vsc->depth ? VK_IMAGE_ASPECT_DEPTH_BIT : VK_IMAGE_ASPECT_COLOR_BIT, 0,
                                 it->first_layer, it->layer_count},
            .imageOffset = {it->rect.offset.x, it->rect.offset.y, 0},
            .imageExtent = {(uint32_t)it->rect.extent.width, (uint32_t)it->rect.extent.height, 1},
        };
        vs->fn.CmdCopyImageToBuffer(cmd, it->vsc->images[it->vsc->last_released].image,
                                    VK_IMAGE_LAYOUT_TRANSFER_SRC_OPTIMAL, buffer, 1, &region);
        item_barrier(vs, cmd, it, false);
    }
    VkBufferMemoryBarrier host = {
        .sType = VK_STRUCTURE_TYPE_BUFFER_MEMORY_BARRIER,
        .srcAccessMask = VK_ACCESS_TRANSFER_WRITE_BIT,
        .dstAccessMask = VK_ACCESS_HOST_READ_BIT,
        .srcQueueFamilyIndex = VK_QUEUE_FAMILY_IGNORED,
        .dstQueueFamilyIndex = VK_QUEUE_FAMILY_IGNORED,
        .buffer = buffer,
        .size = VK_WHOLE_SIZE,
    };
    vs->fn.CmdPipelineBarrier(cmd, VK_PIPELINE_STAGE_TRANSFER_BIT, VK_PIPELINE_STAGE_HOST_BIT, 0, 0, NULL, 1, &host,
                              0, NULL);
}

static XrResult convert_item(const struct mx_read_item *it, const uint8_t *bytes, const char *func)
{
    uint32_t w = (uint32_t)it->rect.extent.width, h = (uint32_t)it->rect.extent.height;
    size_t count = (size_t)w * h * it->layer_count;
    if (it->depth) {
        it->depth->values = malloc(count * sizeof(uint16_t));
        if (!it->depth->values)
            return mx_diag(XR_ERROR_OUT_OF_MEMORY, func, "capture: out of memory");
        it->depth->width = w, it->depth->height = h;
        depth_to_u16(it->vsc->format, bytes, count, it->depth->values);
        return XR_SUCCESS;
    }
    struct mx_comp_image *img = it->colour;
    img->rgba = malloc(count * 4);
    if (!img->rgba)
        return mx_diag(XR_ERROR_OUT_OF_MEMORY, func, "capture: out of memory");
    img->width = w, img->height = h, img->faces = it->layer_count;
    img->encoding = it->vsc->format == VK_FORMAT_R8G8B8A8_UNORM || it->vsc->format == VK_FORMAT_B8G8R8A8_UNORM
                        ? MX_COMP_LINEAR
                        : MX_COMP_SRGB;
    if (!mx_vk_texels_to_rgba8(it->vsc->format, bytes, count, img->rgba))
        return mx_diag(XR_ERROR_RUNTIME_FAILURE, func, "capture: format %s cannot be converted",
                       mx_vk_format_name(it->vsc->format));
    return XR_SUCCESS;
}

static XrResult convert_all(struct mx_vk_session *vs, struct readback *rb, const struct mx_read_list *list,
                            const char *func)
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
    for (uint32_t k = 0; k < list->count && r == XR_SUCCESS; k++)
        r = convert_item(&list->items[k], (const uint8_t *)mapped + list->items[k].offset, func);
    vs->fn.UnmapMemory(vs->device, rb->memory);
    return r;
}

/* One read-back in flight (the window's frames): the list it fills, its buffer, command buffer and fence. */
struct mx_read_async {
    struct mx_read_list *list;
    struct readback rb;
    VkCommandBuffer cmd;
    VkFence fence;
};

static void async_free(struct mx_vk_session *vs, struct mx_read_async *a)
{
    if (a->fence != VK_NULL_HANDLE)
        vs->fn.DestroyFence(vs->device, a->fence, NULL);
    if (a->cmd != VK_NULL_HANDLE)
        vs->fn.FreeCommandBuffers(vs->device, vs->pool, 1, &a->cmd);
    readback_free(vs, &a->rb);
    free(a);
}

XrResult mx_read_submit(struct mx_vk_session *vs, struct mx_read_list *list, const char *func,
                        struct mx_read_async **out)
{
    *out = NULL;
    if (list->count == 0)
        return mx_diag(XR_ERROR_RUNTIME_FAILURE, func, "window: the frame has no image to show");
    struct mx_read_async *a = calloc(1, sizeof(*a));
    if (!a)
        return mx_diag(XR_ERROR_OUT_OF_MEMORY, func, "window: out of memory");
    a->list = list;
    const struct mx_read_item *last = &list->items[list->count - 1];
    XrResult r = readback_create(vs, last->offset + last->bytes, &a->rb, func);
    if (r == XR_SUCCESS)
        r = mx_vk_begin_once(vs, func, &a->cmd);
    VkFenceCreateInfo fi = {.sType = VK_STRUCTURE_TYPE_FENCE_CREATE_INFO};
    VkResult vr = VK_SUCCESS;
    if (r == XR_SUCCESS && (vr = vs->fn.CreateFence(vs->device, &fi, NULL, &a->fence)) != VK_SUCCESS)
        r = mx_vk_fail(func, "vkCreateFence (window)", vr);
    if (r == XR_SUCCESS) {
        record_copies(vs, a->cmd, list, a->rb.buffer);
        if ((vr = vs->fn.EndCommandBuffer(a->cmd)) != VK_SUCCESS)
            r = mx_vk_fail(func, "vkEndCommandBuffer (window)", vr);
    }
    VkSubmitInfo si = {.sType = VK_STRUCTURE_TYPE_SUBMIT_INFO, .commandBufferCount = 1, .pCommandBuffers = &a->cmd};
    if (r == XR_SUCCESS && (vr = vs->fn.QueueSubmit(vs->queue, 1, &si, a->fence)) != VK_SUCCESS)
        r = mx_vk_fail(func, "vkQueueSubmit (window)", vr);
    if (r != XR_SUCCESS) {
        async_free(vs, a); /* nothing was submitted */
        return r;
    }
    *out = a;
    return XR_SUCCESS;
}

XrResult mx_read_poll(struct mx_vk_session *vs, struct mx_read_async *a, bool wait, const char *func)
{
    /* a zero timeout asks whether the fence is signalled without waiting */
    VkResult vr = vs->fn.WaitForFences(vs->device, 1, &a->fence, VK_TRUE, wait ? MX_VK_GPU_TIMEOUT_NS : 0);
    if (vr == VK_TIMEOUT)
        return XR_EVENT_UNAVAILABLE;
    if (vr != VK_SUCCESS)
        return mx_vk_fail(func, "vkWaitForFences (window)", vr);
    return convert_all(vs, &a->rb, a->list, func);
}

void mx_read_abandon(struct mx_vk_session *vs, struct mx_read_async **pa)
{
    struct mx_read_async *a = *pa;
    if (!a)
        return;
    *pa = NULL;
    VkResult vr = vs->fn.WaitForFences(vs->device, 1, &a->fence, VK_TRUE, MX_VK_GPU_TIMEOUT_NS);
    if (vr != VK_SUCCESS) {
        mx_warn("xrDestroySession", "window: a frame read-back did not finish (%s); its buffer is leaked",
                mx_vk_result_str(vr));
        free(a);
        return;
    }
    async_free(vs, a);
}

XrResult mx_read_run(struct mx_vk_session *vs, struct mx_read_list *list, const char *func)
{
    if (list->count == 0)
        return XR_SUCCESS;
    const struct mx_read_item *last = &list->items[list->count - 1];
    struct readback rb = {0};
    XrResult r = readback_create(vs, last->offset + last->bytes, &rb, func);
    VkCommandBuffer cmd = VK_NULL_HANDLE;
    if (r == XR_SUCCESS)
        r = mx_vk_begin_once(vs, func, &cmd);
    if (r == XR_SUCCESS) {
        record_copies(vs, cmd, list, rb.buffer);
        r = mx_vk_submit_once(vs, func, cmd);
        if (r != XR_SUCCESS)
            return r; /* the copy may still be running: the buffer is leaked rather than freed under it */
    }
    if (r == XR_SUCCESS)
        r = convert_all(vs, &rb, list, func);
    readback_free(vs, &rb);
    return r;
}
