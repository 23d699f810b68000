/* A submitted frame as the compositor needs it: every layer's poses resolved in STAGE at the frame's display
 * time, the runtime's eyes there, and copies of the images the layers name (mx_comp_frame_read). */
#include "comp_vk.h"

#include <stdlib.h>
#include <string.h>

static const struct mx_vk_swapchain *chain_of(XrSwapchain h)
{
    struct mx_swapchain *sc = NULL;
    /* Plain lookup: xrEndFrame validated every handle of the frame just before. */
    if (mx_handle_lookup(MX_HANDLE_VALUE(h), MX_HANDLE_SWAPCHAIN, "xrEndFrame", (void **)&sc) != XR_SUCCESS)
        return NULL;
    return sc->vk;
}

static bool read_sub(struct mx_read_list *list, const XrSwapchainSubImage *sub, struct mx_comp_image *img,
                     struct mx_comp_depth *depth)
{
    const struct mx_vk_swapchain *vsc = chain_of(sub->swapchain);
    return vsc && mx_read_add(list, vsc, sub->imageArrayIndex, 1, sub->imageRect, img, depth);
}

/* The depth info chained to a view; only with XR_KHR_composition_layer_depth enabled (without it the chain
 * is not the runtime's to read, and xrEndFrame did not validate it). */
static const XrCompositionLayerDepthInfoKHR *depth_info(const struct mx_session *s,
                                                        const XrCompositionLayerProjectionView *v)
{
    for (const XrBaseInStructure *b = v->next; s->instance->ext_depth && b; b = b->next) {
        if (b->type == XR_TYPE_COMPOSITION_LAYER_DEPTH_INFO_KHR)
            return (const XrCompositionLayerDepthInfoKHR *)b;
    }
    return NULL;
}

static uint32_t eye_mask(const struct mx_comp_frame *f, XrEyeVisibility v)
{
    if (f->eye_count == 1) /* a mono display is seen by both eyes */
        return 1u;
    return v == XR_EYE_VISIBILITY_LEFT ? 1u : v == XR_EYE_VISIBILITY_RIGHT ? 2u : 3u;
}

/* Fills the projection layer's views; queues their colour (and, for the first projection layer, depth). */
static bool add_projection(const struct mx_session *s, struct mx_comp_frame *f, const XrPosef *space,
                           const XrCompositionLayerProjection *p, uint32_t what, struct mx_read_list *list)
{
    struct mx_comp_layer *cl = &f->layers[f->layer_count];
    bool first = f->projection < 0;
    bool ok = true;
    cl->kind = MX_COMP_PROJECTION;
    cl->eyes = f->eye_count == 1 ? 1u : 3u;
    for (uint32_t v = 0; v < p->viewCount && v < MX_COMP_MAX_VIEWS; v++) {
        cl->view_pose[v] = mx_pose_multiply(space, &p->views[v].pose);
        cl->view_fov[v] = p->views[v].fov;
        if ((what & MX_COMP_READ_LAYERS) || (first && (what & MX_COMP_READ_PROJECTION)))
            ok = ok && read_sub(list, &p->views[v].subImage, &cl->image[v], NULL);
        const XrCompositionLayerDepthInfoKHR *d = depth_info(s, &p->views[v]);
        if (first && d && (what & MX_COMP_READ_DEPTH))
            ok = ok && read_sub(list, &d->subImage, NULL, &f->depth[v]);
    }
    if (first)
        f->projection = (int32_t)f->layer_count;
    return ok;
}

/* Fills a quad, cylinder, equirect(2) or cube layer; queues its image when the layers are read. */
static bool add_shape(struct mx_comp_frame *f, const XrPosef *space, const XrCompositionLayerBaseHeader *l,
                      uint32_t what, struct mx_read_list *list)
{
    struct mx_comp_layer *cl = &f->layers[f->layer_count];
    const XrSwapchainSubImage *sub = NULL;
    XrEyeVisibility eye = XR_EYE_VISIBILITY_BOTH;
    if (l->type == XR_TYPE_COMPOSITION_LAYER_QUAD) {
        const XrCompositionLayerQuad *q = (const XrCompositionLayerQuad *)l;
        cl->kind = MX_COMP_QUAD, cl->pose = mx_pose_multiply(space, &q->pose), cl->shape.quad_size = q->size;
        sub = &q->subImage, eye = q->eyeVisibility;
    } else if (l->type == XR_TYPE_COMPOSITION_LAYER_CYLINDER_KHR) {
        const XrCompositionLayerCylinderKHR *c = (const XrCompositionLayerCylinderKHR *)l;
        cl->kind = MX_COMP_CYLINDER, cl->pose = mx_pose_multiply(space, &c->pose);
        cl->shape.cylinder.radius = c->radius, cl->shape.cylinder.central_angle = c->centralAngle;
        cl->shape.cylinder.aspect_ratio = c->aspectRatio;
        sub = &c->subImage, eye = c->eyeVisibility;
    } else if (l->type == XR_TYPE_COMPOSITION_LAYER_EQUIRECT_KHR) {
        const XrCompositionLayerEquirectKHR *e = (const XrCompositionLayerEquirectKHR *)l;
        cl->kind = MX_COMP_EQUIRECT, cl->pose = mx_pose_multiply(space, &e->pose);
        cl->shape.equirect.radius = e->radius, cl->shape.equirect.scale = e->scale, cl->shape.equirect.bias = e->bias;
        sub = &e->subImage, eye = e->eyeVisibility;
    } else if (l->type == XR_TYPE_COMPOSITION_LAYER_EQUIRECT2_KHR) {
        const XrCompositionLayerEquirect2KHR *e = (const XrCompositionLayerEquirect2KHR *)l;
        cl->kind = MX_COMP_EQUIRECT2, cl->pose = mx_pose_multiply(space, &e->pose);
        cl->shape.equirect2.radius = e->radius;
        cl->shape.equirect2.central_horizontal_angle = e->centralHorizontalAngle;
        cl->shape.equirect2.upper_vertical_angle = e->upperVerticalAngle;
        cl->shape.equirect2.lower_vertical_angle = e->lowerVerticalAngle;
        sub = &e->subImage, eye = e->eyeVisibility;
    } else {
        const XrCompositionLayerCubeKHR *c = (const XrCompositionLayerCubeKHR *)l;
        XrPosef turn = {.orientation = c->orientation};
        cl->kind = MX_COMP_CUBE, cl->pose = mx_pose_multiply(space, &turn), eye = c->eyeVisibility;
        const struct mx_vk_swapchain *vsc = chain_of(c->swapchain);
        if (!vsc)
            return false;
        XrRect2Di all = {{0, 0}, {(int32_t)vsc->common->create_info.width, (int32_t)vsc->common->create_info.height}};
        cl->eyes = eye_mask(f, eye);
        return !(what & MX_COMP_READ_LAYERS) || mx_read_add(list, vsc, 6 * c->imageArrayIndex, 6, all, &cl->image[0], NULL);
    }
    cl->eyes = eye_mask(f, eye);
    return !(what & MX_COMP_READ_LAYERS) || read_sub(list, sub, &cl->image[0], NULL);
}

/* Adds the layer unless its space cannot be located at the display time (then nobody would see it). */
static XrResult add_layer(const struct mx_session *s, struct mx_comp_frame *f, const XrCompositionLayerBaseHeader *l,
                          uint32_t what, struct mx_read_list *list)
{
    struct mx_space *space = NULL;
    XrPosef pose;
    bool valid = false;
    XrResult r = mx_space_get(l->space, "xrEndFrame", &space);
    if (r == XR_SUCCESS)
        r = mx_space_pose_in_stage(space, f->display_time, &pose, &valid);
    if (r != XR_SUCCESS || !valid)
        return r;
    struct mx_comp_layer *cl = &f->layers[f->layer_count];
    cl->source_alpha = (l->layerFlags & XR_COMPOSITION_LAYER_BLEND_TEXTURE_SOURCE_ALPHA_BIT) != 0;
    cl->unpremultiplied = (l->layerFlags & XR_COMPOSITION_LAYER_UNPREMULTIPLIED_ALPHA_BIT) != 0;
    bool queued = l->type == XR_TYPE_COMPOSITION_LAYER_PROJECTION
                      ? add_projection(s, f, &pose, (const XrCompositionLayerProjection *)l, what, list)
                      : add_shape(f, &pose, l, what, list);
    if (!queued)
        return mx_diag(XR_ERROR_RUNTIME_FAILURE, "xrEndFrame", "capture: the frame's images could not be queued");
    f->layer_count++;
    return XR_SUCCESS;
}

/* The frame with every pose resolved and its read-back list (images not yet filled). */
static XrResult frame_build(struct mx_session *s, const XrFrameEndInfo *info, uint64_t frame_index, uint32_t what,
                            struct mx_comp_frame **out_f, struct mx_read_list **out_list)
{
    struct mx_comp_frame *f = *out_f = calloc(1, sizeof(*f));
    struct mx_read_list *list = *out_list = calloc(1, sizeof(*list));
    XrResult r = f && list ? XR_SUCCESS : mx_diag(XR_ERROR_OUT_OF_MEMORY, "xrEndFrame", "capture: out of memory");
    if (r == XR_SUCCESS) {
        f->index = frame_index;
        f->display_time = info->displayTime;
        f->projection = -1;
        f->eye_count = s->view_config == XR_VIEW_CONFIGURATION_TYPE_PRIMARY_MONO ? 1 : 2;
        for (uint32_t e = 0; e < f->eye_count; e++)
            mx_view_in_stage(s, s->view_config, e, info->displayTime, &f->eye_pose[e], &f->eye_fov[e]);
    }
    for (uint32_t k = 0; r == XR_SUCCESS && k < info->layerCount && k < MX_COMP_MAX_LAYERS; k++)
        r = add_layer(s, f, info->layers[k], what, list);
    return r;
}

XrResult mx_comp_frame_read(struct mx_session *s, const XrFrameEndInfo *info, uint64_t frame_index, uint32_t what,
                            struct mx_comp_frame **out)
{
    *out = NULL;
    struct mx_comp_frame *f = NULL;
    struct mx_read_list *list = NULL;
    XrResult r = frame_build(s, info, frame_index, what, &f, &list);
    if (r == XR_SUCCESS && s->vk)
        r = mx_read_run(s->vk, list, "xrEndFrame");
    free(list);
    if (r != XR_SUCCESS) {
        mx_comp_frame_destroy(&f);
        return r;
    }
    *out = f;
    return XR_SUCCESS;
}

struct mx_comp_pending {
    struct mx_comp_frame *frame;
    struct mx_read_list *list;
    struct mx_read_async *async; /* NULL: nothing to read (headless session) */
};

XrResult mx_comp_frame_read_async(struct mx_session *s, const XrFrameEndInfo *info, uint64_t frame_index,
                                  struct mx_comp_pending **out)
{
    *out = NULL;
    struct mx_comp_pending *p = calloc(1, sizeof(*p));
    XrResult r = p ? frame_build(s, info, frame_index, MX_COMP_READ_LAYERS, &p->frame, &p->list)
                   : mx_diag(XR_ERROR_OUT_OF_MEMORY, "xrEndFrame", "window: out of memory");
    if (r == XR_SUCCESS && s->vk && p->list->count > 0)
        r = mx_read_submit(s->vk, p->list, "xrEndFrame", &p->async);
    if (r != XR_SUCCESS) {
        mx_comp_pending_destroy(s, &p);
        return r;
    }
    *out = p;
    return XR_SUCCESS;
}

XrResult mx_comp_pending_poll(struct mx_session *s, struct mx_comp_pending **pp, struct mx_comp_frame **out)
{
    struct mx_comp_pending *p = *pp;
    *out = NULL;
    XrResult r = p->async ? mx_read_poll(s->vk, p->async, false, "xrEndFrame") : XR_SUCCESS;
    if (r == XR_EVENT_UNAVAILABLE)
        return r;
    if (r == XR_SUCCESS) {
        *out = p->frame;
        p->frame = NULL;
    }
    mx_comp_pending_destroy(s, pp);
    return r;
}

void mx_comp_pending_destroy(struct mx_session *s, struct mx_comp_pending **pp)
{
    struct mx_comp_pending *p = pp ? *pp : NULL;
    if (!p)
        return;
    if (p->async)
        mx_read_abandon(s->vk, &p->async);
    mx_comp_frame_destroy(&p->frame);
    free(p->list);
    free(p);
    *pp = NULL;
}
