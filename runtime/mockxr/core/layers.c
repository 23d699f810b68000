/* xrEndFrame's composition layer validation: types (and their extensions), spaces, poses, each type's
 * parameter ranges, sub-images and swapchain kinds, depth info. */
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

static XrResult check_eye(XrEyeVisibility e, const char *func, const char *what)
{
    if (e != XR_EYE_VISIBILITY_BOTH && e != XR_EYE_VISIBILITY_LEFT && e != XR_EYE_VISIBILITY_RIGHT)
        return mx_diag(XR_ERROR_VALIDATION_FAILURE, func, "%s.eyeVisibility %d is not valid", what, (int)e);
    return XR_SUCCESS;
}

static XrResult check_quad(struct mx_session *s, const XrCompositionLayerQuad *q, const char *func, const char *what)
{
    XrResult r = check_eye(q->eyeVisibility, func, what);
    if (r == XR_SUCCESS)
        r = mx_check_pose(&q->pose, func, what);
    if (r == XR_SUCCESS && !(isfinite(q->size.width) && isfinite(q->size.height)))
        r = mx_diag(XR_ERROR_VALIDATION_FAILURE, func, "%s.size is not finite", what);
    if (r == XR_SUCCESS)
        r = mx_vk_validate_subimage(s, &q->subImage, func, what, false);
    return r;
}

/* Cylinder and sphere radii: >= 0, where 0 and +infinity both mean "at infinity". */
static XrResult check_radius(float radius, const char *func, const char *what)
{
    if (!(radius >= 0.0f)) /* also NaN */
        return mx_diag(XR_ERROR_VALIDATION_FAILURE, func, "%s.radius is %g; it must be >= 0 (0 or +infinity: at "
                       "infinity)", what, (double)radius);
    return XR_SUCCESS;
}

/* Parameters of the spec's ranges. Closed bounds are compared with the float nearest to them, which an
 * app writing 2 * (float)M_PI gets. */
static XrResult check_cylinder(struct mx_session *s, const XrCompositionLayerCylinderKHR *c, const char *func,
                               const char *what)
{
    XrResult r = check_eye(c->eyeVisibility, func, what);
    if (r == XR_SUCCESS)
        r = mx_check_pose(&c->pose, func, what);
    if (r == XR_SUCCESS)
        r = check_radius(c->radius, func, what);
    if (r == XR_SUCCESS && !(c->centralAngle >= 0.0f && c->centralAngle < (float)(2.0 * M_PI)))
        r = mx_diag(XR_ERROR_VALIDATION_FAILURE, func, "%s.centralAngle %g is outside [0, 2*pi)", what,
                    (double)c->centralAngle);
    if (r == XR_SUCCESS && !(c->aspectRatio > 0.0f && isfinite(c->aspectRatio)))
        r = mx_diag(XR_ERROR_VALIDATION_FAILURE, func, "%s.aspectRatio %g must be finite and > 0 (width / height)",
                    what, (double)c->aspectRatio);
    if (r == XR_SUCCESS)
        r = mx_vk_validate_subimage(s, &c->subImage, func, what, false);
    return r;
}

static XrResult check_equirect(struct mx_session *s, const XrCompositionLayerEquirectKHR *e, const char *func,
                               const char *what)
{
    XrResult r = check_eye(e->eyeVisibility, func, what);
    if (r == XR_SUCCESS)
        r = mx_check_pose(&e->pose, func, what);
    if (r == XR_SUCCESS)
        r = check_radius(e->radius, func, what);
    if (r == XR_SUCCESS &&
        !(isfinite(e->scale.x) && isfinite(e->scale.y) && isfinite(e->bias.x) && isfinite(e->bias.y)))
        r = mx_diag(XR_ERROR_VALIDATION_FAILURE, func, "%s.scale (%g, %g) and bias (%g, %g) must be finite", what,
                    (double)e->scale.x, (double)e->scale.y, (double)e->bias.x, (double)e->bias.y);
    if (r == XR_SUCCESS)
        r = mx_vk_validate_subimage(s, &e->subImage, func, what, false);
    return r;
}

static bool in_closed(float v, float lo, float hi)
{
    return v >= lo && v <= hi; /* false for NaN */
}

static XrResult check_equirect2(struct mx_session *s, const XrCompositionLayerEquirect2KHR *e, const char *func,
                                const char *what)
{
    const float half_pi = (float)M_PI_2;
    XrResult r = check_eye(e->eyeVisibility, func, what);
    if (r == XR_SUCCESS)
        r = mx_check_pose(&e->pose, func, what);
    if (r == XR_SUCCESS)
        r = check_radius(e->radius, func, what);
    if (r == XR_SUCCESS && !in_closed(e->centralHorizontalAngle, 0.0f, (float)(2.0 * M_PI)))
        r = mx_diag(XR_ERROR_VALIDATION_FAILURE, func, "%s.centralHorizontalAngle %g is outside [0, 2*pi]", what,
                    (double)e->centralHorizontalAngle);
    if (r == XR_SUCCESS && !(in_closed(e->upperVerticalAngle, -half_pi, half_pi) &&
                             in_closed(e->lowerVerticalAngle, -half_pi, half_pi)))
        r = mx_diag(XR_ERROR_VALIDATION_FAILURE, func, "%s.upperVerticalAngle %g / lowerVerticalAngle %g: each must "
                    "be in [-pi/2, pi/2]", what, (double)e->upperVerticalAngle, (double)e->lowerVerticalAngle);
    if (r == XR_SUCCESS)
        r = mx_vk_validate_subimage(s, &e->subImage, func, what, false);
    return r;
}

static XrResult check_cube(struct mx_session *s, const XrCompositionLayerCubeKHR *c, const char *func,
                           const char *what)
{
    XrResult r = check_eye(c->eyeVisibility, func, what);
    XrPosef orientation_only = {.orientation = c->orientation};
    if (r == XR_SUCCESS)
        r = mx_check_pose(&orientation_only, func, what);
    if (r == XR_SUCCESS)
        r = mx_vk_validate_cube(s, c->swapchain, c->imageArrayIndex, func, what);
    return r;
}

/* Whether the instance may submit a layer of this type, and the extension that offers it. */
static bool type_enabled(const struct mx_instance *i, XrStructureType t, const char **out_extension)
{
    *out_extension = NULL;
    switch (t) {
    case XR_TYPE_COMPOSITION_LAYER_PROJECTION:
    case XR_TYPE_COMPOSITION_LAYER_QUAD:
        return true;
    case XR_TYPE_COMPOSITION_LAYER_CYLINDER_KHR:
        *out_extension = XR_KHR_COMPOSITION_LAYER_CYLINDER_EXTENSION_NAME;
        return i->ext_cylinder;
    case XR_TYPE_COMPOSITION_LAYER_EQUIRECT_KHR:
        *out_extension = XR_KHR_COMPOSITION_LAYER_EQUIRECT_EXTENSION_NAME;
        return i->ext_equirect;
    case XR_TYPE_COMPOSITION_LAYER_EQUIRECT2_KHR:
        *out_extension = XR_KHR_COMPOSITION_LAYER_EQUIRECT2_EXTENSION_NAME;
        return i->ext_equirect2;
    case XR_TYPE_COMPOSITION_LAYER_CUBE_KHR:
        *out_extension = XR_KHR_COMPOSITION_LAYER_CUBE_EXTENSION_NAME;
        return i->ext_cube;
    default:
        return false;
    }
}

static XrResult check_type(struct mx_session *s, const XrCompositionLayerBaseHeader *l, const char *func,
                           const char *what)
{
    const char *extension = NULL;
    if (type_enabled(s->instance, l->type, &extension))
        return XR_SUCCESS;
    const char *name = mx_struct_type_str(l->type);
    if (extension)
        return mx_diag(XR_ERROR_LAYER_INVALID, func, "%s has type %s: enable %s at xrCreateInstance to submit it",
                       what, name ? name : "unknown", extension);
    return mx_diag(XR_ERROR_LAYER_INVALID, func, "%s has type %s (%d), not a composition layer mockxr knows "
                   "(projection, quad, cylinder, equirect, equirect2, cube)", what, name ? name : "unknown",
                   (int)l->type);
}

static XrResult check_layer(struct mx_session *s, const XrCompositionLayerBaseHeader *l, const char *func,
                            const char *what)
{
    if (!l)
        return mx_diag(XR_ERROR_LAYER_INVALID, func, "%s is NULL", what);
    XrResult r = check_type(s, l, func, what);
    if (r != XR_SUCCESS)
        return r;
    if (l->layerFlags & ~(XrCompositionLayerFlags)MX_VALID_LAYER_FLAGS)
        return mx_diag(XR_ERROR_VALIDATION_FAILURE, func, "%s.layerFlags 0x%llx has undefined bits", what,
                       (unsigned long long)l->layerFlags);
    r = check_space(s, l->space, func, what);
    if (r != XR_SUCCESS)
        return r;
    switch (l->type) {
    case XR_TYPE_COMPOSITION_LAYER_QUAD:
        return check_quad(s, (const XrCompositionLayerQuad *)l, func, what);
    case XR_TYPE_COMPOSITION_LAYER_CYLINDER_KHR:
        return check_cylinder(s, (const XrCompositionLayerCylinderKHR *)l, func, what);
    case XR_TYPE_COMPOSITION_LAYER_EQUIRECT_KHR:
        return check_equirect(s, (const XrCompositionLayerEquirectKHR *)l, func, what);
    case XR_TYPE_COMPOSITION_LAYER_EQUIRECT2_KHR:
        return check_equirect2(s, (const XrCompositionLayerEquirect2KHR *)l, func, what);
    case XR_TYPE_COMPOSITION_LAYER_CUBE_KHR:
        return check_cube(s, (const XrCompositionLayerCubeKHR *)l, func, what);
    default:
        return check_projection(s, (const XrCompositionLayerProjection *)l, func, what);
    }
}

XrResult mx_frame_validate_layers(struct mx_session *s, const XrFrameEndInfo *info, const char *func)
{
    for (uint32_t k = 0; k < info->layerCount; k++) {
        char what[32];
        snprintf(what, sizeof(what), "layers[%u]", k);
        XrResult r = check_layer(s, info->layers[k], func, what);
        if (r != XR_SUCCESS)
            return r;
    }
    return XR_SUCCESS;
}
