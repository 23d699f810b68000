/* Render targets and passes: one multiview pass (viewMask over the layers of one array image) or one pass
 * per view into single-layer images; depth (the target's or our own), optional MSAA resolved into the
 * target, and the instanced draws of a frame. */
#include <stdio.h>
#include <string.h>

#include "gfx_internal.h"

static const VkFormat gfx_depth_candidates[] = {VK_FORMAT_D32_SFLOAT, VK_FORMAT_X8_D24_UNORM_PACK32,
                                                VK_FORMAT_D16_UNORM};

static int gfx_pick_depth_format(struct gfx *gfx, VkFormat *out_format)
{
    for (size_t i = 0; i < sizeof gfx_depth_candidates / sizeof gfx_depth_candidates[0]; i++) {
        VkFormatProperties props;
        vkGetPhysicalDeviceFormatProperties(gfx->physical_device, gfx_depth_candidates[i], &props);
        if (props.optimalTilingFeatures & VK_FORMAT_FEATURE_DEPTH_STENCIL_ATTACHMENT_BIT) {
            *out_format = gfx_depth_candidates[i];
            return 0;
        }
    }
    fprintf(stderr, "gfx: the device has no depth attachment format\n");
    return -1;
}

/* Combined depth/stencil formats (an XR runtime may offer D24S8) are attached with both aspects. */
static VkImageAspectFlags gfx_depth_aspect(VkFormat format)
{
    switch (format) {
    case VK_FORMAT_D16_UNORM_S8_UINT:
    case VK_FORMAT_D24_UNORM_S8_UINT:
    case VK_FORMAT_D32_SFLOAT_S8_UINT: return VK_IMAGE_ASPECT_DEPTH_BIT | VK_IMAGE_ASPECT_STENCIL_BIT;
    default: return VK_IMAGE_ASPECT_DEPTH_BIT;
    }
}

static int gfx_check_image_set(const struct gfx_image_set *set, const char *what, uint32_t v)
{
    if (set->count == 0 || set->count > GFX_MAX_IMAGES || !set->images) {
        fprintf(stderr, "gfx: target %s[%u] has %u images; 1..%u expected\n", what, v, set->count, GFX_MAX_IMAGES);
        return -1;
    }
    return 0;
}

static int gfx_check_target(const struct gfx *gfx, const struct gfx_target_desc *t)
{
    const VkPhysicalDeviceLimits *lim = &gfx->props.limits;
    if (t->width == 0 || t->height == 0 || t->width > lim->maxFramebufferWidth ||
        t->height > lim->maxFramebufferHeight) {
        fprintf(stderr, "gfx: target size %ux%u is outside 1..%ux%u\n", t->width, t->height,
                lim->maxFramebufferWidth, lim->maxFramebufferHeight);
        return -1;
    }
    if (t->view_count < 1 || t->view_count > GFX_MAX_VIEWS) {
        fprintf(stderr, "gfx: target view_count %u; 1..%u expected\n", t->view_count, GFX_MAX_VIEWS);
        return -1;
    }
    VkSampleCountFlags counts = lim->framebufferColorSampleCounts & lim->framebufferDepthSampleCounts;
    if ((t->msaa_samples != 1 && t->msaa_samples != 4) || !(counts & t->msaa_samples)) {
        fprintf(stderr, "gfx: target msaa_samples %u; 1 or 4 (if the device supports it) expected\n",
                t->msaa_samples);
        return -1;
    }
    if (t->color_format == VK_FORMAT_UNDEFINED) {
        fprintf(stderr, "gfx: target color_format is undefined\n");
        return -1;
    }
    uint32_t sets = t->multiview ? 1 : t->view_count;
    for (uint32_t v = 0; v < sets; v++) {
        if (gfx_check_image_set(&t->color[v], "color", v) != 0)
            return -1;
    }
    return 0;
}

/* Only without MSAA: resolving depth would need VK_KHR_depth_stencil_resolve, and a multisampled pass
 * keeps its depth in our own transient attachment (the caller then must not submit a depth layer). */
static bool gfx_target_uses_depth_images(const struct gfx_target_desc *t)
{
    if (t->depth_format == VK_FORMAT_UNDEFINED || t->msaa_samples != 1)
        return false;
    uint32_t sets = t->multiview ? 1 : t->view_count;
    for (uint32_t v = 0; v < sets; v++) {
        if (t->depth[v].count == 0)
            return false;
    }
    return true;
}

static int gfx_render_pass_create(struct gfx *gfx, struct gfx_target *tg)
{
    const struct gfx_target_desc *t = &tg->desc;
    bool msaa = tg->samples != VK_SAMPLE_COUNT_1_BIT;
    bool copy = tg->resolve_by_copy;
    VkAttachmentDescription color = {
        .format = t->color_format, .samples = tg->samples, .loadOp = VK_ATTACHMENT_LOAD_OP_CLEAR,
        .storeOp = msaa && !copy ? VK_ATTACHMENT_STORE_OP_DONT_CARE : VK_ATTACHMENT_STORE_OP_STORE,
        .stencilLoadOp = VK_ATTACHMENT_LOAD_OP_DONT_CARE, .stencilStoreOp = VK_ATTACHMENT_STORE_OP_DONT_CARE,
        /* XR swapchain images arrive in, and must be handed back in, COLOR_ATTACHMENT_OPTIMAL. */
        .initialLayout = msaa ? VK_IMAGE_LAYOUT_UNDEFINED : VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL,
        .finalLayout = copy ? VK_IMAGE_LAYOUT_TRANSFER_SRC_OPTIMAL : VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL};
    VkAttachmentDescription depth = {
        .format = tg->depth_format, .samples = tg->samples, .loadOp = VK_ATTACHMENT_LOAD_OP_CLEAR,
        .storeOp = tg->external_depth ? VK_ATTACHMENT_STORE_OP_STORE : VK_ATTACHMENT_STORE_OP_DONT_CARE,
        .stencilLoadOp = VK_ATTACHMENT_LOAD_OP_DONT_CARE, .stencilStoreOp = VK_ATTACHMENT_STORE_OP_DONT_CARE,
        .initialLayout = VK_IMAGE_LAYOUT_UNDEFINED, /* cleared anyway */
        .finalLayout = VK_IMAGE_LAYOUT_DEPTH_STENCIL_ATTACHMENT_OPTIMAL};
    VkAttachmentDescription resolve = {
        .format = t->color_format, .samples = VK_SAMPLE_COUNT_1_BIT, .loadOp = VK_ATTACHMENT_LOAD_OP_DONT_CARE,
        .storeOp = VK_ATTACHMENT_STORE_OP_STORE, .stencilLoadOp = VK_ATTACHMENT_LOAD_OP_DONT_CARE,
        .stencilStoreOp = VK_ATTACHMENT_STORE_OP_DONT_CARE,
        .initialLayout = VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL,
        .finalLayout = VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL};
    VkAttachmentDescription attachments[3] = {color, depth, resolve};
    VkAttachmentReference color_ref = {0, VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL};
    VkAttachmentReference depth_ref = {1, VK_IMAGE_LAYOUT_DEPTH_STENCIL_ATTACHMENT_OPTIMAL};
    VkAttachmentReference resolve_ref = {2, VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL};
    VkSubpassDescription subpass = {.pipelineBindPoint = VK_PIPELINE_BIND_POINT_GRAPHICS,
                                    .colorAttachmentCount = 1, .pColorAttachments = &color_ref,
                                    .pResolveAttachments = msaa && !copy ? &resolve_ref : NULL,
                                    .pDepthStencilAttachment = &depth_ref};
    const VkPipelineStageFlags attach_stages = VK_PIPELINE_STAGE_COLOR_ATTACHMENT_OUTPUT_BIT |
                                               VK_PIPELINE_STAGE_EARLY_FRAGMENT_TESTS_BIT |
                                               VK_PIPELINE_STAGE_LATE_FRAGMENT_TESTS_BIT;
    const VkAccessFlags attach_writes = VK_ACCESS_COLOR_ATTACHMENT_WRITE_BIT |
                                        VK_ACCESS_DEPTH_STENCIL_ATTACHMENT_WRITE_BIT;
    /* In: the previous pass or frame wrote (or resolved from) the same depth/MSAA attachments; order after
     * it. Out: whoever reads the images next (the resolve copy, the runtime's compositor) sees the writes. */
    VkSubpassDependency deps[2] = {
        {.srcSubpass = VK_SUBPASS_EXTERNAL, .dstSubpass = 0,
         .srcStageMask = attach_stages | VK_PIPELINE_STAGE_TRANSFER_BIT,
         .dstStageMask = attach_stages, .srcAccessMask = attach_writes,
         .dstAccessMask = attach_writes | VK_ACCESS_COLOR_ATTACHMENT_READ_BIT |
                          VK_ACCESS_DEPTH_STENCIL_ATTACHMENT_READ_BIT},
        {.srcSubpass = 0, .dstSubpass = VK_SUBPASS_EXTERNAL, .srcStageMask = attach_stages,
         .dstStageMask = VK_PIPELINE_STAGE_ALL_COMMANDS_BIT, .srcAccessMask = attach_writes,
         .dstAccessMask = VK_ACCESS_MEMORY_READ_BIT | VK_ACCESS_MEMORY_WRITE_BIT},
    };
    uint32_t view_mask = (1u << t->view_count) - 1u; /* 0b11: both eyes in one pass */
    VkRenderPassMultiviewCreateInfo multiview = {.sType = VK_STRUCTURE_TYPE_RENDER_PASS_MULTIVIEW_CREATE_INFO,
                                                 .subpassCount = 1, .pViewMasks = &view_mask,
                                                 .correlationMaskCount = 1, .pCorrelationMasks = &view_mask};
    VkRenderPassCreateInfo info = {.sType = VK_STRUCTURE_TYPE_RENDER_PASS_CREATE_INFO,
                                   .pNext = tg->native_multiview ? &multiview : NULL,
                                   .attachmentCount = msaa && !copy ? 3 : 2, .pAttachments = attachments,
                                   .subpassCount = 1, .pSubpasses = &subpass,
                                   .dependencyCount = 2, .pDependencies = deps};
    VkResult res = vkCreateRenderPass(gfx->device, &info, NULL, &tg->render_pass);
    gfx->live_objects += res == VK_SUCCESS;
    if (res != VK_SUCCESS) {
        GFX_LOG_VK("vkCreateRenderPass", res);
        return -1;
    }
    return 0;
}

/* Native multiview: all layers as one array view; otherwise the one layer a pass draws. */
static int gfx_view_create(struct gfx *gfx, VkImage image, VkFormat format, VkImageAspectFlags aspect,
                           uint32_t base_layer, VkImageView *out_view)
{
    bool native = gfx->target.native_multiview;
    VkImageViewCreateInfo info = {
        .sType = VK_STRUCTURE_TYPE_IMAGE_VIEW_CREATE_INFO, .image = image,
        .viewType = native ? VK_IMAGE_VIEW_TYPE_2D_ARRAY : VK_IMAGE_VIEW_TYPE_2D, .format = format,
        .subresourceRange = {.aspectMask = aspect, .baseMipLevel = 0, .levelCount = 1,
                             .baseArrayLayer = base_layer, .layerCount = native ? gfx->target.desc.view_count : 1}};
    VkResult res = vkCreateImageView(gfx->device, &info, NULL, out_view);
    gfx->live_objects += res == VK_SUCCESS;
    if (res != VK_SUCCESS) {
        GFX_LOG_VK("vkCreateImageView", res);
        return -1;
    }
    return 0;
}

/* An attachment only gfx uses (transient unless the MSAA color is resolved by a copy). */
static int gfx_own_attachment(struct gfx *gfx, VkFormat format, VkImageUsageFlags usage, VkImageAspectFlags aspect,
                              struct gfx_image *out_image, VkImageView *out_view)
{
    const struct gfx_target *tg = &gfx->target;
    uint32_t layers = tg->native_multiview ? tg->desc.view_count : 1;
    VkImageCreateInfo info = {.sType = VK_STRUCTURE_TYPE_IMAGE_CREATE_INFO, .imageType = VK_IMAGE_TYPE_2D,
                              .format = format, .extent = {tg->desc.width, tg->desc.height, 1}, .mipLevels = 1,
                              .arrayLayers = layers, .samples = tg->samples, .tiling = VK_IMAGE_TILING_OPTIMAL,
                              .usage = usage,
                              .sharingMode = VK_SHARING_MODE_EXCLUSIVE, .initialLayout = VK_IMAGE_LAYOUT_UNDEFINED};
    if (gfx_image_create(gfx, &info, out_image) != 0)
        return -1;
    return gfx_view_create(gfx, out_image->image, format, aspect, 0, out_view);
}

static int gfx_target_views(struct gfx *gfx)
{
    struct gfx_target *tg = &gfx->target;
    for (uint32_t p = 0; p < tg->pass_count; p++) {
        /* A split multiview target: pass p draws layer p of the one array image set. */
        uint32_t set = tg->desc.multiview ? 0 : p;
        uint32_t layer = tg->desc.multiview && !tg->native_multiview ? p : 0;
        tg->color_count[p] = tg->desc.color[set].count;
        for (uint32_t i = 0; i < tg->color_count[p]; i++) {
            if (gfx_view_create(gfx, tg->desc.color[set].images[i], tg->desc.color_format, VK_IMAGE_ASPECT_COLOR_BIT,
                                layer, &tg->color_views[p][i]) != 0)
                return -1;
        }
        tg->depth_count[p] = tg->external_depth ? tg->desc.depth[set].count : 1;
        for (uint32_t i = 0; tg->external_depth && i < tg->depth_count[p]; i++) {
            if (gfx_view_create(gfx, tg->desc.depth[set].images[i], tg->depth_format,
                                gfx_depth_aspect(tg->depth_format), layer, &tg->depth_views[p][i]) != 0)
                return -1;
        }
    }
    if (!tg->external_depth &&
        gfx_own_attachment(gfx, tg->depth_format,
                           VK_IMAGE_USAGE_DEPTH_STENCIL_ATTACHMENT_BIT | VK_IMAGE_USAGE_TRANSIENT_ATTACHMENT_BIT,
                           gfx_depth_aspect(tg->depth_format), &tg->own_depth, &tg->own_depth_view) != 0)
        return -1;
    if (tg->samples != VK_SAMPLE_COUNT_1_BIT &&
        gfx_own_attachment(gfx, tg->desc.color_format,
                           VK_IMAGE_USAGE_COLOR_ATTACHMENT_BIT | (tg->resolve_by_copy ? VK_IMAGE_USAGE_TRANSFER_SRC_BIT
                                                                                      : VK_IMAGE_USAGE_TRANSIENT_ATTACHMENT_BIT),
                           VK_IMAGE_ASPECT_COLOR_BIT, &tg->msaa_color, &tg->msaa_color_view) != 0)
        return -1;
    return 0;
}

/* One framebuffer per (color image, depth image) pair of each pass: the two swapchains are acquired
 * independently, so their indices need not match. */
static int gfx_target_framebuffers(struct gfx *gfx)
{
    struct gfx_target *tg = &gfx->target;
    bool msaa = tg->samples != VK_SAMPLE_COUNT_1_BIT;
    for (uint32_t p = 0; p < tg->pass_count; p++) {
        for (uint32_t c = 0; c < tg->color_count[p]; c++) {
            for (uint32_t d = 0; d < tg->depth_count[p]; d++) {
                VkImageView depth = tg->external_depth ? tg->depth_views[p][d] : tg->own_depth_view;
                VkImageView views[3] = {msaa ? tg->msaa_color_view : tg->color_views[p][c], depth,
                                        tg->color_views[p][c]};
                VkFramebufferCreateInfo info = {.sType = VK_STRUCTURE_TYPE_FRAMEBUFFER_CREATE_INFO,
                                                .renderPass = tg->render_pass,
                                                .attachmentCount = msaa && !tg->resolve_by_copy ? 3 : 2,
                                                .pAttachments = views, .width = tg->desc.width,
                                                .height = tg->desc.height, .layers = 1};
                VkResult res = vkCreateFramebuffer(gfx->device, &info, NULL,
                                                   &tg->framebuffers[p][c * tg->depth_count[p] + d]);
                gfx->live_objects += res == VK_SUCCESS;
                if (res != VK_SUCCESS) {
                    GFX_LOG_VK("vkCreateFramebuffer", res);
                    return -1;
                }
            }
        }
    }
    return 0;
}

/* The target's views, framebuffers and attachments go; its render pass and pipelines (and what they were made
 * for) stay, for the next target to reuse. */
static void gfx_target_release(struct gfx *gfx)
{
    struct gfx_target *tg = &gfx->target;
    for (uint32_t p = 0; p < GFX_MAX_VIEWS; p++) {
        for (uint32_t i = 0; i < GFX_MAX_IMAGES * GFX_MAX_IMAGES; i++)
            GFX_DESTROY(gfx, vkDestroyFramebuffer, tg->framebuffers[p][i]);
        for (uint32_t i = 0; i < GFX_MAX_IMAGES; i++) {
            GFX_DESTROY(gfx, vkDestroyImageView, tg->color_views[p][i]);
            GFX_DESTROY(gfx, vkDestroyImageView, tg->depth_views[p][i]);
        }
    }
    GFX_DESTROY(gfx, vkDestroyImageView, tg->own_depth_view);
    GFX_DESTROY(gfx, vkDestroyImageView, tg->msaa_color_view);
    gfx_image_destroy(gfx, &tg->own_depth);
    gfx_image_destroy(gfx, &tg->msaa_color);
    *tg = (struct gfx_target){.pass_key = tg->pass_key, .render_pass = tg->render_pass, .pipeline = tg->pipeline,
                              .pipeline_spin = tg->pipeline_spin, .pipeline_static = tg->pipeline_static};
}

static void gfx_pass_set_destroy(struct gfx *gfx)
{
    struct gfx_target *tg = &gfx->target;
    GFX_DESTROY(gfx, vkDestroyPipeline, tg->pipeline);
    GFX_DESTROY(gfx, vkDestroyPipeline, tg->pipeline_spin);
    GFX_DESTROY(gfx, vkDestroyPipeline, tg->pipeline_static);
    GFX_DESTROY(gfx, vkDestroyRenderPass, tg->render_pass);
    tg->pipeline = tg->pipeline_spin = tg->pipeline_static = VK_NULL_HANDLE;
    tg->render_pass = VK_NULL_HANDLE;
}

void gfx_target_destroy(struct gfx *gfx)
{
    gfx_target_release(gfx);
    gfx_pass_set_destroy(gfx);
    memset(&gfx->target, 0, sizeof gfx->target);
}

uint32_t gfx_kept_objects(const struct gfx *gfx)
{
    const struct gfx_target *tg = &gfx->target;
    return tg->valid ? 0
                     : (tg->render_pass != VK_NULL_HANDLE) + (tg->pipeline != VK_NULL_HANDLE) +
                           (tg->pipeline_spin != VK_NULL_HANDLE) + (tg->pipeline_static != VK_NULL_HANDLE);
}

static bool gfx_pass_key_equal(const struct gfx_pass_key *a, const struct gfx_pass_key *b)
{
    return a->color_format == b->color_format && a->depth_format == b->depth_format && a->samples == b->samples &&
           a->view_count == b->view_count && a->native_multiview == b->native_multiview &&
           a->resolve_by_copy == b->resolve_by_copy && a->external_depth == b->external_depth;
}

void gfx_clear_target(struct gfx *gfx)
{
    for (uint32_t i = 0; i < GFX_FRAMES_IN_FLIGHT; i++) { /* frames in flight still use the target */
        gfx_slot_wait(gfx, &gfx->slots[i], NULL);           /* (a failure is logged; the objects go anyway) */
        gfx->slots[i].state = GFX_SLOT_IDLE;
    }
    gfx_target_release(gfx);
}

int gfx_set_target(struct gfx *gfx, const struct gfx_target_desc *target)
{
    if (!target || gfx_check_target(gfx, target) != 0)
        return -1;
    for (uint32_t i = 0; i < GFX_FRAMES_IN_FLIGHT; i++) { /* frames in flight still use the old target */
        if (gfx_slot_wait(gfx, &gfx->slots[i], NULL) != 0)
            return -1;
        gfx->slots[i].state = GFX_SLOT_IDLE; /* a frame recorded for the old target is dropped */
    }
    gfx_target_release(gfx);
    struct gfx_target *tg = &gfx->target;
    tg->desc = *target;
    tg->samples = (VkSampleCountFlagBits)target->msaa_samples;
    tg->native_multiview = target->multiview && !gfx->split_multiview;
    tg->pass_count = tg->native_multiview ? 1 : target->view_count;
    tg->resolve_by_copy = target->multiview && !tg->native_multiview && target->msaa_samples > 1;
    tg->external_depth = gfx_target_uses_depth_images(target);
    if (tg->external_depth) {
        tg->depth_format = target->depth_format;
        for (uint32_t s = 0; s < (target->multiview ? 1 : target->view_count); s++) {
            if (gfx_check_image_set(&target->depth[s], "depth", s) != 0)
                goto fail;
        }
    } else if (gfx_pick_depth_format(gfx, &tg->depth_format) != 0) {
        goto fail;
    }
    /* A new session's swapchains in the same formats, sample count and view layout keep the render pass and the
     * pipelines: compiling them again per session cost time and, on lavapipe (LLVM), heap that never came back. */
    const struct gfx_pass_key key = {.color_format = target->color_format, .depth_format = tg->depth_format,
                                     .samples = tg->samples, .view_count = target->view_count,
                                     .native_multiview = tg->native_multiview, .resolve_by_copy = tg->resolve_by_copy,
                                     .external_depth = tg->external_depth};
    if (tg->render_pass != VK_NULL_HANDLE && !gfx_pass_key_equal(&key, &tg->pass_key))
        gfx_pass_set_destroy(gfx);
    tg->pass_key = key;
    if ((tg->render_pass == VK_NULL_HANDLE &&
         (gfx_render_pass_create(gfx, tg) != 0 ||
          gfx_pipeline_create(gfx, tg->render_pass, tg->samples, GFX_PIPELINE_INSTANCED, &tg->pipeline) != 0 ||
          gfx_pipeline_create(gfx, tg->render_pass, tg->samples, GFX_PIPELINE_SPIN, &tg->pipeline_spin) != 0 ||
          gfx_pipeline_create(gfx, tg->render_pass, tg->samples, GFX_PIPELINE_STATIC, &tg->pipeline_static) != 0)) ||
        gfx_target_views(gfx) != 0 || gfx_target_framebuffers(gfx) != 0)
        goto fail;
    tg->draw_width = target->width;
    tg->draw_height = target->height;
    tg->valid = true;
    return 0;
fail:
    gfx_target_destroy(gfx);
    return -1;
}

int gfx_set_render_extent(struct gfx *gfx, uint32_t width, uint32_t height)
{
    struct gfx_target *tg = &gfx->target;
    if (!tg->valid) {
        fprintf(stderr, "gfx: gfx_set_render_extent needs gfx_set_target first\n");
        return -1;
    }
    if (width == 0 || height == 0 || width > tg->desc.width || height > tg->desc.height) {
        fprintf(stderr, "gfx: render extent %ux%u is outside 1x1..%ux%u (the target's size)\n", width, height,
                tg->desc.width, tg->desc.height);
        return -1;
    }
    tg->draw_width = width;
    tg->draw_height = height;
    return 0;
}

bool gfx_target_native_multiview(const struct gfx *gfx)
{
    return gfx->target.valid && gfx->target.native_multiview;
}

bool gfx_target_writes_depth(const struct gfx *gfx)
{
    return gfx->target.valid && gfx->target.external_depth;
}

/* The acquired image of pass p's image set: multiview targets have one set, so index [0]. */
static uint32_t gfx_pass_image(const struct gfx_target *tg, const uint32_t *index, uint32_t p)
{
    return index[tg->desc.multiview ? 0 : p];
}

int gfx_pass_check_indices(const struct gfx *gfx, const uint32_t *color_index, const uint32_t *depth_index)
{
    const struct gfx_target *tg = &gfx->target;
    for (uint32_t p = 0; p < tg->pass_count; p++) {
        uint32_t c = gfx_pass_image(tg, color_index, p);
        if (c >= tg->color_count[p] || (tg->external_depth && !depth_index) ||
            (tg->external_depth && gfx_pass_image(tg, depth_index, p) >= tg->depth_count[p])) {
            fprintf(stderr, "gfx: image index out of range for pass %u (color %u of %u; depth %s, %u images)\n", p,
                    c, tg->color_count[p], depth_index ? "given" : "missing", tg->depth_count[p]);
            return -1;
        }
    }
    return 0;
}

static void gfx_layer_barrier(VkCommandBuffer cmd, VkImage image, uint32_t layer, bool to_transfer)
{
    VkImageMemoryBarrier b = {
        .sType = VK_STRUCTURE_TYPE_IMAGE_MEMORY_BARRIER,
        .srcAccessMask = to_transfer ? VK_ACCESS_COLOR_ATTACHMENT_WRITE_BIT : VK_ACCESS_TRANSFER_WRITE_BIT,
        .dstAccessMask = to_transfer ? VK_ACCESS_TRANSFER_WRITE_BIT
                                     : VK_ACCESS_COLOR_ATTACHMENT_WRITE_BIT | VK_ACCESS_MEMORY_READ_BIT,
        .oldLayout = to_transfer ? VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL : VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL,
        .newLayout = to_transfer ? VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL : VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL,
        .srcQueueFamilyIndex = VK_QUEUE_FAMILY_IGNORED, .dstQueueFamilyIndex = VK_QUEUE_FAMILY_IGNORED,
        .image = image, .subresourceRange = {VK_IMAGE_ASPECT_COLOR_BIT, 0, 1, layer, 1}};
    vkCmdPipelineBarrier(cmd,
                         to_transfer ? VK_PIPELINE_STAGE_COLOR_ATTACHMENT_OUTPUT_BIT : VK_PIPELINE_STAGE_TRANSFER_BIT,
                         to_transfer ? VK_PIPELINE_STAGE_TRANSFER_BIT : VK_PIPELINE_STAGE_ALL_COMMANDS_BIT, 0, 0, NULL,
                         0, NULL, 1, &b);
}

/* Split multiview + MSAA: resolve pass p's samples into layer p, leaving it in COLOR_ATTACHMENT_OPTIMAL. */
static void gfx_resolve_copy(const struct gfx_target *tg, VkCommandBuffer cmd, uint32_t color, uint32_t p)
{
    VkImage image = tg->desc.color[0].images[color];
    gfx_layer_barrier(cmd, image, p, true);
    VkImageResolve region = {.srcSubresource = {VK_IMAGE_ASPECT_COLOR_BIT, 0, 0, 1},
                             .dstSubresource = {VK_IMAGE_ASPECT_COLOR_BIT, 0, p, 1},
                             .extent = {tg->draw_width, tg->draw_height, 1}};
    vkCmdResolveImage(cmd, tg->msaa_color.image, VK_IMAGE_LAYOUT_TRANSFER_SRC_OPTIMAL, image,
                      VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL, 1, &region);
    gfx_layer_barrier(cmd, image, p, false);
}

/* Animated instances: one instanced draw per mesh kind. */
static void gfx_draw_batches(struct gfx *gfx, struct gfx_slot *slot, const struct scene_draw_list *list,
                             bool count_triangles)
{
    const struct gfx_target *tg = &gfx->target;
    if (list->batch_count == 0)
        return;
    VkBuffer buffers[2] = {gfx->vertices.buffer, slot->instances.buffer};
    VkDeviceSize offsets[2] = {0, 0};
    VkPipeline bound = VK_NULL_HANDLE;
    vkCmdBindVertexBuffers(slot->cmd, 0, 2, buffers, offsets);
    vkCmdBindIndexBuffer(slot->cmd, gfx->indices.buffer, 0, VK_INDEX_TYPE_UINT32);
    for (uint32_t b = 0; b < list->batch_count; b++) {
        const struct scene_batch *batch = &list->batches[b];
        const struct gfx_mesh_range *mesh = &gfx->meshes[batch->mesh];
        if (batch->instance_count == 0 || mesh->index_count == 0)
            continue;
        VkPipeline want = mesh->spin_pitch > 0.0f ? tg->pipeline_spin : tg->pipeline;
        if (want != bound) {
            vkCmdBindPipeline(slot->cmd, VK_PIPELINE_BIND_POINT_GRAPHICS, want);
            bound = want;
        }
        vkCmdDrawIndexed(slot->cmd, mesh->index_count, batch->instance_count, mesh->first_index,
                         mesh->vertex_offset, batch->first_instance);
        slot->draws++;
        if (count_triangles)
            slot->triangles += (uint64_t)batch->instance_count * (mesh->index_count / 3);
    }
}

/* Merged static chunks: one draw per run of visible chunks that lie next to each other in the index
 * buffer (the list is ascending and chunks are stored in order, so neighbours on the floor plan often
 * share a draw). A chunk whose thinnest members detail culling skipped starts at its first drawn member. */
static void gfx_draw_chunks(struct gfx *gfx, struct gfx_slot *slot, const struct scene_draw_list *list,
                            bool count_triangles)
{
    const struct gfx_target *tg = &gfx->target;
    if (list->chunk_count == 0 || !gfx->static_indices.buffer) /* no chunk has triangles */
        return;
    VkBuffer buffers[2] = {gfx->static_vertices.buffer, gfx->static_instance.buffer};
    VkDeviceSize offsets[2] = {0, 0};
    vkCmdBindPipeline(slot->cmd, VK_PIPELINE_BIND_POINT_GRAPHICS, tg->pipeline_static);
    vkCmdBindVertexBuffers(slot->cmd, 0, 2, buffers, offsets);
    vkCmdBindIndexBuffer(slot->cmd, gfx->static_indices.buffer, 0, VK_INDEX_TYPE_UINT32);
    uint32_t first = 0, count = 0;
    for (uint32_t c = 0; c <= list->chunk_count; c++) {
        const struct gfx_chunk_range *r = c < list->chunk_count ? &gfx->chunks[list->chunks[c]] : NULL;
        uint32_t start = 0, end = 0;
        if (r) {
            uint32_t skip = list->chunk_skip ? list->chunk_skip[c] : 0;
            start = skip < r->member_count ? gfx->member_first_index[r->first_member + skip]
                                           : r->first_index + r->index_count;
            end = r->first_index + r->index_count;
        }
        if (r && count > 0 && start == first + count) {
            count += end - start; /* continues the run */
            continue;
        }
        if (count > 0) {
            vkCmdDrawIndexed(slot->cmd, count, 1, first, 0, 0);
            slot->draws++;
            if (count_triangles)
                slot->triangles += count / 3;
        }
        if (r) {
            first = start;
            count = end - start;
        }
    }
}

void gfx_pass_record(struct gfx *gfx, struct gfx_slot *slot, const struct scene_draw_list *list,
                     const uint32_t *color_index, const uint32_t *depth_index)
{
    const struct gfx_target *tg = &gfx->target;
    VkClearValue clears[3];
    gfx_clear_color(clears[0].color.float32);
    clears[1].depthStencil = (VkClearDepthStencilValue){1.0f, 0};
    clears[2] = clears[0];
    /* Dynamic resolution: the whole FOV lands in the drawn rectangle; the rest of the image is neither
     * cleared nor drawn (the layer's imageRect names only the rectangle). */
    VkViewport viewport = {0.0f, 0.0f, (float)tg->draw_width, (float)tg->draw_height, 0.0f, 1.0f};
    VkRect2D area = {{0, 0}, {tg->draw_width, tg->draw_height}};
    for (uint32_t p = 0; p < tg->pass_count; p++) {
        uint32_t c = gfx_pass_image(tg, color_index, p);
        uint32_t d = tg->external_depth ? gfx_pass_image(tg, depth_index, p) : 0;
        VkRenderPassBeginInfo begin = {.sType = VK_STRUCTURE_TYPE_RENDER_PASS_BEGIN_INFO,
                                       .renderPass = tg->render_pass,
                                       .framebuffer = tg->framebuffers[p][c * tg->depth_count[p] + d],
                                       .renderArea = area, .clearValueCount = tg->samples > 1 ? 3 : 2,
                                       .pClearValues = clears};
        vkCmdBeginRenderPass(slot->cmd, &begin, VK_SUBPASS_CONTENTS_INLINE);
        vkCmdSetViewport(slot->cmd, 0, 1, &viewport);
        vkCmdSetScissor(slot->cmd, 0, 1, &area);
        vkCmdBindDescriptorSets(slot->cmd, VK_PIPELINE_BIND_POINT_GRAPHICS, gfx->pipeline_layout, 0, 1, &slot->set, 0,
                                NULL);
        uint32_t view_base = tg->native_multiview ? 0 : p;
        vkCmdPushConstants(slot->cmd, gfx->pipeline_layout, VK_SHADER_STAGE_VERTEX_BIT, 0, sizeof view_base,
                           &view_base);
        /* Animated pieces first: most stand in front of the hall, whose fragments then fail the depth test. */
        gfx_draw_batches(gfx, slot, list, p == 0);
        gfx_draw_chunks(gfx, slot, list, p == 0);
        vkCmdEndRenderPass(slot->cmd);
        if (tg->resolve_by_copy)
            gfx_resolve_copy(tg, slot->cmd, c, p);
    }
}
