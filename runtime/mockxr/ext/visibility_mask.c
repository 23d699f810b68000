/* XR_KHR_visibility_mask: per-view hidden / visible triangle meshes and line loop that match the simulated
 * field of view (xrLocateViews' FOV, which the script can scale) and the recommended view size; the
 * mask-changed event when the FOV changes. */
#include "mx_ext.h"

#include <math.h>
#include <string.h>

#define MX_MASK_PI 3.14159265358979323846
#define MX_MASK_ARC_SEGMENTS 8      /* per rounded corner */
#define MX_MASK_CORNER_FRACTION 0.2 /* corner radius, as a fraction of the smaller view edge, in pixels */
#define MX_MASK_ARC_POINTS (MX_MASK_ARC_SEGMENTS + 1)
#define MX_MASK_OUTLINE (4 * MX_MASK_ARC_POINTS) /* vertices of the visible outline */

/* Per-eye field of view of a current HMD (wider towards the temple than towards the nose), scaled by the
 * script's fov_scale. */
XrFovf mx_view_fov(const struct mx_instance *i, XrViewConfigurationType config, uint32_t eye)
{
    XrFovf f = config == XR_VIEW_CONFIGURATION_TYPE_PRIMARY_MONO ? (XrFovf){-0.8727f, 0.8727f, 0.8378f, -0.8727f}
               : eye == 0 ? (XrFovf){-0.9425f, 0.7854f, 0.8378f, -0.8727f}
                          : (XrFovf){-0.7854f, 0.9425f, 0.8378f, -0.8727f};
    const struct mx_ext_instance *e = i ? mx_ext_instance_data(i) : NULL;
    float s = e ? e->fov_scale : 1.0f;
    return (XrFovf){f.angleLeft * s, f.angleRight * s, f.angleUp * s, f.angleDown * s};
}

/* The visible area is the view's rectangle (at z = -1: the FOV's tangents) with its corners rounded by
 * circular arcs - circular in the pixels of the recommended image, as a lens's edge would be. Its outline,
 * counter-clockwise seen by the user (+x right, +y up), starting at the right edge. */
static void outline(const struct mx_instance *i, const XrFovf *fov, XrVector2f *out, XrVector2f corners[4])
{
    double l = tan(fov->angleLeft), r = tan(fov->angleRight), u = tan(fov->angleUp), d = tan(fov->angleDown);
    double w = i->config.view_width, h = i->config.view_height;
    double radius_px = MX_MASK_CORNER_FRACTION * (w < h ? w : h);
    double rx = radius_px * (r - l) / w, ry = radius_px * (u - d) / h; /* the radius in tangent units */
    const double cx[4] = {r - rx, l + rx, l + rx, r - rx}, cy[4] = {u - ry, u - ry, d + ry, d + ry};
    const double px[4] = {r, l, l, r}, py[4] = {u, u, d, d};
    size_t n = 0;
    for (int c = 0; c < 4; c++) { /* top-right, top-left, bottom-left, bottom-right */
        for (int k = 0; k < MX_MASK_ARC_POINTS; k++) {
            double a = (c + (double)k / MX_MASK_ARC_SEGMENTS) * (MX_MASK_PI / 2.0);
            out[n++] = (XrVector2f){(float)(cx[c] + rx * cos(a)), (float)(cy[c] + ry * sin(a))};
        }
        corners[c] = (XrVector2f){(float)px[c], (float)py[c]};
    }
}

/* Appends triangle (a, b, c) counter-clockwise (the spec's winding, as seen by the user). */
static void triangle(uint32_t *idx, size_t *n, const XrVector2f *v, uint32_t a, uint32_t b, uint32_t c)
{
    float cross = (v[b].x - v[a].x) * (v[c].y - v[a].y) - (v[c].x - v[a].x) * (v[b].y - v[a].y);
    idx[(*n)++] = a;
    idx[(*n)++] = cross >= 0.0f ? b : c;
    idx[(*n)++] = cross >= 0.0f ? c : b;
}

#define MX_MASK_MAX_VERTICES (MX_MASK_OUTLINE + 4)
#define MX_MASK_MAX_INDICES (3 * MX_MASK_OUTLINE)

/* Builds one mask: the visible fan around the view's centre, the hidden corner fans outside the arcs, or
 * the outline as a line loop. */
static void build(const struct mx_instance *i, const XrFovf *fov, XrVisibilityMaskTypeKHR type, XrVector2f *v,
                  size_t *nv, uint32_t *idx, size_t *ni)
{
    XrVector2f ring[MX_MASK_OUTLINE], corners[4];
    outline(i, fov, ring, corners);
    *nv = *ni = 0;
    if (type == XR_VISIBILITY_MASK_TYPE_LINE_LOOP_KHR) {
        for (uint32_t k = 0; k < MX_MASK_OUTLINE; k++) {
            v[(*nv)++] = ring[k];
            idx[(*ni)++] = k;
        }
    } else if (type == XR_VISIBILITY_MASK_TYPE_VISIBLE_TRIANGLE_MESH_KHR) {
        v[(*nv)++] = (XrVector2f){0.0f, 0.0f}; /* the view's centre, inside every FOV */
        memcpy(v + 1, ring, sizeof(ring));
        *nv += MX_MASK_OUTLINE;
        for (uint32_t k = 0; k < MX_MASK_OUTLINE; k++)
            triangle(idx, ni, v, 0, 1 + k, 1 + (k + 1) % MX_MASK_OUTLINE);
    } else {
        for (uint32_t c = 0; c < 4; c++) {
            uint32_t base = (uint32_t)*nv;
            v[(*nv)++] = corners[c];
            for (uint32_t k = 0; k < MX_MASK_ARC_POINTS; k++)
                v[(*nv)++] = ring[c * MX_MASK_ARC_POINTS + k];
            for (uint32_t k = 0; k < MX_MASK_ARC_SEGMENTS; k++)
                triangle(idx, ni, v, base, base + 1 + k, base + 2 + k);
        }
    }
}

static XrResult check_args(struct mx_session *s, XrViewConfigurationType config, uint32_t view,
                           XrVisibilityMaskTypeKHR type, XrVisibilityMaskKHR *mask, const char *func)
{
    XrResult r = mx_check_view_config_offered(s->instance, config, func);
    if (r == XR_SUCCESS)
        r = mx_check_struct(mask, XR_TYPE_VISIBILITY_MASK_KHR, func, "visibilityMask");
    if (r != XR_SUCCESS)
        return r;
    uint32_t views = config == XR_VIEW_CONFIGURATION_TYPE_PRIMARY_STEREO ? 2 : 1;
    if (view >= views)
        return mx_diag(XR_ERROR_VALIDATION_FAILURE, func, "viewIndex %u: the view configuration has %u view(s)", view,
                       views);
    if (type != XR_VISIBILITY_MASK_TYPE_HIDDEN_TRIANGLE_MESH_KHR &&
        type != XR_VISIBILITY_MASK_TYPE_VISIBLE_TRIANGLE_MESH_KHR && type != XR_VISIBILITY_MASK_TYPE_LINE_LOOP_KHR)
        return mx_diag(XR_ERROR_VALIDATION_FAILURE, func, "visibilityMaskType %d is not an XrVisibilityMaskTypeKHR",
                       (int)type);
    if ((mask->vertexCapacityInput && !mask->vertices) || (mask->indexCapacityInput && !mask->indices))
        return mx_diag(XR_ERROR_VALIDATION_FAILURE, func, "a capacity is > 0 but its array is NULL");
    return XR_SUCCESS;
}

/* Two-call idiom over two arrays: either capacity 0 asks for both counts (spec). */
static XrResult XRAPI_CALL get_visibility_mask(XrSession session, XrViewConfigurationType viewConfigurationType,
                                               uint32_t viewIndex, XrVisibilityMaskTypeKHR visibilityMaskType,
                                               XrVisibilityMaskKHR *visibilityMask)
{
    static const char *func = "xrGetVisibilityMaskKHR";
    mx_lock();
    struct mx_session *s;
    XrResult r = mx_session_get(session, func, &s);
    if (r == XR_SUCCESS)
        r = check_args(s, viewConfigurationType, viewIndex, visibilityMaskType, visibilityMask, func);
    if (r == XR_SUCCESS) {
        XrVector2f v[MX_MASK_MAX_VERTICES];
        uint32_t idx[MX_MASK_MAX_INDICES];
        size_t nv, ni;
        XrFovf fov = mx_view_fov(s->instance, viewConfigurationType, viewIndex);
        build(s->instance, &fov, visibilityMaskType, v, &nv, idx, &ni);
        XrVisibilityMaskKHR *m = visibilityMask;
        m->vertexCountOutput = (uint32_t)nv;
        m->indexCountOutput = (uint32_t)ni;
        if (m->vertexCapacityInput == 0 || m->indexCapacityInput == 0) {
            r = XR_SUCCESS;
        } else if (m->vertexCapacityInput < nv || m->indexCapacityInput < ni) {
            r = mx_diag(XR_ERROR_SIZE_INSUFFICIENT, func, "capacities %u vertices / %u indices; %zu / %zu needed",
                        m->vertexCapacityInput, m->indexCapacityInput, nv, ni);
        } else {
            memcpy(m->vertices, v, nv * sizeof(*v));
            memcpy(m->indices, idx, ni * sizeof(*idx));
        }
    }
    mx_unlock();
    return r;
}

/* The script scales the FOV: the views and their masks change, and a running session with the extension
 * enabled hears of each view's mask (spec: one event per view). */
void mx_ext_set_fov_scale(struct mx_session *s, float scale)
{
    struct mx_ext_instance *e = mx_ext_instance_data(s->instance);
    if (e->fov_scale == scale)
        return;
    e->fov_scale = scale;
    mx_info("script: field of view scaled by %.3f", (double)scale);
    if (!MX_EXT_ON(s->instance, MX_EXT_VISIBILITY_MASK) || !s->running)
        return;
    uint32_t views = s->view_config == XR_VIEW_CONFIGURATION_TYPE_PRIMARY_STEREO ? 2 : 1;
    for (uint32_t k = 0; k < views; k++) {
        XrEventDataVisibilityMaskChangedKHR ev = {.type = XR_TYPE_EVENT_DATA_VISIBILITY_MASK_CHANGED_KHR,
                                                  .session = (XrSession)(uintptr_t)s->handle,
                                                  .viewConfigurationType = s->view_config,
                                                  .viewIndex = k};
        mx_ext_push_event(s->instance, &ev, MX_REPORT_VISIBILITY_MASK);
    }
}

PFN_xrVoidFunction mx_visibility_mask_proc(const char *name)
{
    return strcmp(name, "xrGetVisibilityMaskKHR") == 0 ? (PFN_xrVoidFunction)get_visibility_mask : NULL;
}
