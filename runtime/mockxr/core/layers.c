/* xrEndFrame's composition layer validation: types, spaces, poses, sub-images, depth info. */
#include "mockxr_internal.h"
#include "mx_vk.h"

#include <math.h>

#define MX_VALID_LAYER_FLAGS                                                                        \
    (XR_COMPOSITION_LAYER_CORRECT_CHROMATIC_ABERRATION_BIT | XR_COMPOSITION_LAYER_BLEND_TEXTURE_SOURCE_ALPHA_BIT | \
     XR_COMPOSITION_LAYER_UNPREMULTIPLIED_ALPHA_BIT)

static XrResult check_space(struct mx_session *s, XrSpace h, const char *func, const char *what)
{
    struct mx_space *space;
    XrResult r = mx_space_get(h, func, &space);
    if (r == XR_SUCCESS && space->session != s)
        r = mx_diag(XR_ERROR_VALIDATION_FAILURE, func, "%s.space belongs to another session", what);
    return r;
}

static bool depth_in_range(float v)
{
    return isfinite(v) && v >= 0.0f && v <= 1.0f;
}

static XrResult check_depth_ranges(const XrCompositionLayerDepthInfoKHR *d, const char *func, const char *what)
{
    if (!depth_in_range(d->minDepth) || !depth_in_range(d->maxDepth))
        return mx_diag(XR_ERROR_VALIDATION_FAILURE, func, "%s depth info: minDepth %g / maxDepth %g outside [0, 1]",
                       what, (double)d->minDepth, (double)d->maxDepth);
    if (d->minDepth >= d->maxDepth)
        return mx_diag(XR_ERROR_VALIDATION_FAILURE, func, "%s depth info: minDepth %g must be less than maxDepth %g",
                       what, (double)d->minDepth, (double)d->maxDepth);
    if (isnan(d->nearZ) || isnan(d->farZ) || d->nearZ == d->farZ)
        return mx_diag(XR_ERROR_VALIDATION_FAILURE, func, "%s depth info: nearZ %g and farZ %g must differ (infinity "
                       "allowed)", what, (double)d->nearZ, (double)d->farZ);
    return XR_SUCCESS;
}

/* The depth info of XR_KHR_composition_layer_depth chained to a projection view, or NULL. */
static const XrCompositionLayerDepthInfoKHR *depth_info(struct mx_session *s, const XrCompositionLayerProjectionView *v)
{
    for (const XrBaseInStructure *b = v->next; s->instance->ext_depth && b; b = b->next) {
        if (b->type == XR_TYPE_COMPOSITION_LAYER_DEPTH_INFO_KHR)
            return (const XrCompositionLayerDepthInfoKHR *)b;
    }
    return NULL;
}

static XrResult check_projection_view(struct mx_session *s, const XrCompositionLayerProjectionView *v,
                                      const char *func, const char *what)
{
    XrResult r = mx_check_struct(v, XR_TYPE_COMPOSITION_LAYER_PROJECTION_VIEW, func, what);
    const XrCompositionLayerDepthInfoKHR *depth = r == XR_SUCCESS ? depth_info(s, v) : NULL;
    if (r == XR_SUCCESS)
        r = mx_check_pose(&v->pose, func, what);
    if (r == XR_SUCCESS && !(v->fov.angleLeft < v->fov.angleRight && v->fov.angleDown < v->fov.angleUp))
        r = mx_diag(XR_ERROR_VALIDATION_FAILURE, func, "%s.fov is empty or inverted", what);
    if (r == XR_SUCCESS && depth)
        r = check_depth_ranges(depth, func, what);
    if (r == XR_SUCCESS)
        r = mx_vk_validate_subimage(s, &v->subImage, func, what, false);
    if (r == XR_SUCCESS && depth)
        r = mx_vk_validate_subimage(s, &depth->subImage, func, what, true);
    return r;
}

static XrResult check_projection(struct mx_session *s, const XrCompositionLayerProjection *p, const char *func,
                                 const char *what)
{
    uint32_t expected = s->view_config == XR_VIEW_CONFIGURATION_TYPE_PRIMARY_MONO ? 1 : 2;
    if (p->viewCount != expected)
        return mx_diag(XR_ERROR_VALIDATION_FAILURE, func, "%s.viewCount is %u; the session's view configuration has %u",
                       what, p->viewCount, expected);
    if (!p->views)
        return mx_diag(XR_ERROR_VALIDATION_FAILURE, func, "%s.views is NULL", what);
    for (uint32_t k = 0; k < p->viewCount; k++) {
        char name[64];
        snprintf(name, sizeof(name), "%s.views[%u]", what, k);
        XrResult r = check_projection_view(s, &p->views[k], func, name);
        if (r != XR_SUCCESS)
            return r;
    }
    return XR_SUCCESS;
}

static XrResult check_quad(struct mx_session *s, const XrCompositionLayerQuad *q, const char *func, const char *what)
{
    if (q->eyeVisibility != XR_EYE_VISIBILITY_BOTH && q->eyeVisibility != XR_EYE_VISIBILITY_LEFT &&
        q->eyeVisibility != XR_EYE_VISIBILITY_RIGHT)
        return mx_diag(XR_ERROR_VALIDATION_FAILURE, func, "%s.eyeVisibility %d is not valid", what,
                       (int)q->eyeVisibility);
    XrResult r = mx_check_pose(&q->pose, func, what);
    if (r == XR_SUCCESS && !(isfinite(q->size.width) && isfinite(q->size.height)))
        r = mx_diag(XR_ERROR_VALIDATION_FAILURE, func, "%s.size is not finite", what);
    if (r == XR_SUCCESS)
        r = mx_vk_validate_subimage(s, &q->subImage, func, what, false);
    return r;
}

static XrResult check_layer(struct mx_session *s, const XrCompositionLayerBaseHeader *l, const char *func,
                            const char *what, const XrCompositionLayerProjection **io_projection)
{
    if (!l)
        return mx_diag(XR_ERROR_LAYER_INVALID, func, "%s is NULL", what);
    if (l->type != XR_TYPE_COMPOSITION_LAYER_PROJECTION && l->type != XR_TYPE_COMPOSITION_LAYER_QUAD) {
        const char *name = mx_struct_type_str(l->type);
        return mx_diag(XR_ERROR_LAYER_INVALID, func, "%s has type %s (%d): mockxr composes projection and quad layers",
                       what, name ? name : "unknown", (int)l->type);
    }
    if (l->layerFlags & ~(XrCompositionLayerFlags)MX_VALID_LAYER_FLAGS)
        return mx_diag(XR_ERROR_VALIDATION_FAILURE, func, "%s.layerFlags 0x%llx has undefined bits", what,
                       (unsigned long long)l->layerFlags);
    XrResult r = check_space(s, l->space, func, what);
    if (r != XR_SUCCESS)
        return r;
    if (l->type == XR_TYPE_COMPOSITION_LAYER_QUAD)
        return check_quad(s, (const XrCompositionLayerQuad *)l, func, what);
    if (!*io_projection)
        *io_projection = (const XrCompositionLayerProjection *)l;
    return check_projection(s, (const XrCompositionLayerProjection *)l, func, what);
}

XrResult mx_frame_validate_layers(struct mx_session *s, const XrFrameEndInfo *info, const char *func,
                                  const XrCompositionLayerProjection **out_projection)
{
    *out_projection = NULL;
    for (uint32_t k = 0; k < info->layerCount; k++) {
        char what[32];
        snprintf(what, sizeof(what), "layers[%u]", k);
        XrResult r = check_layer(s, info->layers[k], func, what, out_projection);
        if (r != XR_SUCCESS) {
            *out_projection = NULL;
            return r;
        }
    }
    return XR_SUCCESS;
}
