/* XR_KHR_visibility_mask through the real loader: the two-call idiom over two arrays, counter-clockwise
 * triangles and line loop (the conformance suite's checks), masks that match xrLocateViews' FOV exactly
 * (visible + hidden = the FOV's rectangle at z = -1), corners round in the pixels of MOCKXR_VIEW_SIZE, the
 * script's fov_scale with one mask-changed event per view, and the report's "fov_scale". */
#include "ext_util.h"

#define REPORT "ext_visibility_mask_report.jsonl"
#define MAX_V 64
#define MAX_I 256

struct mask {
    XrVector2f v[MAX_V];
    uint32_t idx[MAX_I];
    uint32_t nv, ni;
};

static XrResult get_mask(PFN_xrGetVisibilityMaskKHR fn, XrSession s, XrViewConfigurationType config, uint32_t view,
                         XrVisibilityMaskTypeKHR type, struct mask *out)
{
    XrVisibilityMaskKHR m = {.type = XR_TYPE_VISIBILITY_MASK_KHR};
    XrResult r = fn(s, config, view, type, &m);
    if (r != XR_SUCCESS)
        return r;
    if (m.vertexCountOutput > MAX_V || m.indexCountOutput > MAX_I)
        return XR_ERROR_SIZE_INSUFFICIENT;
    m.vertexCapacityInput = m.vertexCountOutput;
    m.indexCapacityInput = m.indexCountOutput;
    m.vertices = out->v;
    m.indices = out->idx;
    r = fn(s, config, view, type, &m);
    out->nv = m.vertexCountOutput;
    out->ni = m.indexCountOutput;
    return r;
}

static float cross(XrVector2f a, XrVector2f b, XrVector2f c)
{
    return (b.x - a.x) * (c.y - a.y) - (c.x - a.x) * (b.y - a.y);
}

/* Sum of the triangles' areas; false when one is clockwise or an index is out of range. */
static bool triangles_ccw(const struct mask *m, double *out_area)
{
    *out_area = 0.0;
    if (m->ni == 0 || m->ni % 3)
        return false;
    for (uint32_t k = 0; k < m->ni; k += 3) {
        if (m->idx[k] >= m->nv || m->idx[k + 1] >= m->nv || m->idx[k + 2] >= m->nv)
            return false;
        float c = cross(m->v[m->idx[k]], m->v[m->idx[k + 1]], m->v[m->idx[k + 2]]);
        if (c < 0.0f)
            return false;
        *out_area += 0.5 * c;
    }
    return true;
}

/* The view's FOV as xrLocateViews reports it. */
static XrFovf view_fov(struct mx_test *t, struct mx_test_app *app, XrSpace space, XrTime time, uint32_t view)
{
    XrViewLocateInfo li = {.type = XR_TYPE_VIEW_LOCATE_INFO, .viewConfigurationType = XR_VIEW_CONFIGURATION_TYPE_PRIMARY_STEREO,
                           .displayTime = time, .space = space};
    XrViewState vs = {.type = XR_TYPE_VIEW_STATE};
    XrView views[2] = {{.type = XR_TYPE_VIEW}, {.type = XR_TYPE_VIEW}};
    uint32_t n = 0;
    MX_CHECK_RESULT(t, xrLocateViews(app->session, &li, &vs, 2, &n, views), XR_SUCCESS);
    return views[view].fov;
}

/* Visible and hidden meshes tile the FOV's rectangle at z = -1; the line loop runs round the origin
 * counter-clockwise, touching the rectangle's four edges. */
static void check_view(struct mx_test *t, PFN_xrGetVisibilityMaskKHR fn, XrSession s, uint32_t view, XrFovf fov)
{
    struct mask vis, hid, loop;
    MX_CHECK_RESULT(t, get_mask(fn, s, XR_VIEW_CONFIGURATION_TYPE_PRIMARY_STEREO, view,
                                XR_VISIBILITY_MASK_TYPE_VISIBLE_TRIANGLE_MESH_KHR, &vis), XR_SUCCESS);
    MX_CHECK_RESULT(t, get_mask(fn, s, XR_VIEW_CONFIGURATION_TYPE_PRIMARY_STEREO, view,
                                XR_VISIBILITY_MASK_TYPE_HIDDEN_TRIANGLE_MESH_KHR, &hid), XR_SUCCESS);
    MX_CHECK_RESULT(t, get_mask(fn, s, XR_VIEW_CONFIGURATION_TYPE_PRIMARY_STEREO, view,
                                XR_VISIBILITY_MASK_TYPE_LINE_LOOP_KHR, &loop), XR_SUCCESS);
    double a_vis, a_hid;
    MX_CHECK(t, triangles_ccw(&vis, &a_vis) && triangles_ccw(&hid, &a_hid));
    double l = tan(fov.angleLeft), r = tan(fov.angleRight), u = tan(fov.angleUp), d = tan(fov.angleDown);
    double rect = (r - l) * (u - d);
    MX_CHECK(t, fabs(a_vis + a_hid - rect) < 1e-4 * rect && a_hid > 0.02 * rect && a_hid < 0.1 * rect);
    bool ccw = loop.ni == loop.nv && loop.ni >= 8;
    float min_x = 1e9f, max_x = -1e9f, min_y = 1e9f, max_y = -1e9f;
    for (uint32_t k = 0; k < loop.ni && ccw; k++) {
        XrVector2f a = loop.v[loop.idx[k]], b = loop.v[loop.idx[(k + 1) % loop.ni]];
        ccw = cross((XrVector2f){0, 0}, a, b) >= 0.0f;
        min_x = fminf(min_x, a.x), max_x = fmaxf(max_x, a.x), min_y = fminf(min_y, a.y), max_y = fmaxf(max_y, a.y);
    }
    MX_CHECK(t, ccw && ext_near(min_x, (float)l, 1e-5f) && ext_near(max_x, (float)r, 1e-5f) &&
                    ext_near(min_y, (float)d, 1e-5f) && ext_near(max_y, (float)u, 1e-5f));
}

/* The height (in tangents) of the top-right corner's arc: round in pixels, so it depends on the view size. */
static float corner_height(struct mx_test *t, const char *view_size)
{
    setenv("MOCKXR_VIEW_SIZE", view_size, 1);
    struct mx_test_app app;
    const char *ext[] = {"XR_KHR_visibility_mask", NULL};
    MX_REQUIRE_RESULT(t, mx_test_app_start(&app, ext), XR_SUCCESS);
    PFN_xrGetVisibilityMaskKHR fn = EXT_FN(t, app.instance, PFN_xrGetVisibilityMaskKHR, "xrGetVisibilityMaskKHR");
    struct mask loop = {0};
    if (fn)
        MX_CHECK_RESULT(t, get_mask(fn, app.session, XR_VIEW_CONFIGURATION_TYPE_PRIMARY_STEREO, 0,
                                    XR_VISIBILITY_MASK_TYPE_LINE_LOOP_KHR, &loop), XR_SUCCESS);
    mx_test_app_stop(&app);
    /* the outline starts at the right edge's top end: its distance from the right edge's top corner */
    float max_y = -1e9f;
    for (uint32_t k = 0; k < loop.nv; k++)
        max_y = fmaxf(max_y, loop.v[k].y);
    return loop.nv ? max_y - loop.v[0].y : 0.0f; /* the corner's height in tangent units */
}

static void test_two_call(struct mx_test *t, PFN_xrGetVisibilityMaskKHR fn, XrSession s)
{
    XrVisibilityMaskKHR m = {.type = XR_TYPE_VISIBILITY_MASK_KHR};
    MX_CHECK_RESULT(t, fn(s, XR_VIEW_CONFIGURATION_TYPE_PRIMARY_STEREO, 1, XR_VISIBILITY_MASK_TYPE_VISIBLE_TRIANGLE_MESH_KHR,
                          &m), XR_SUCCESS);
    MX_CHECK(t, m.vertexCountOutput == 37 && m.indexCountOutput == 108);
    XrVector2f v[37];
    uint32_t idx[108];
    m.vertices = v;
    m.vertexCapacityInput = 37;
    m.indices = idx;
    m.indexCapacityInput = 0; /* either capacity 0: counts only (spec) */
    MX_CHECK_RESULT(t, fn(s, XR_VIEW_CONFIGURATION_TYPE_PRIMARY_STEREO, 1, XR_VISIBILITY_MASK_TYPE_VISIBLE_TRIANGLE_MESH_KHR,
                          &m), XR_SUCCESS);
    MX_CHECK(t, m.indexCountOutput == 108);
    if (t->clean)
        return;
    m.indexCapacityInput = 107;
    MX_CHECK_RESULT(t, fn(s, XR_VIEW_CONFIGURATION_TYPE_PRIMARY_STEREO, 1, XR_VISIBILITY_MASK_TYPE_VISIBLE_TRIANGLE_MESH_KHR,
                          &m), XR_ERROR_SIZE_INSUFFICIENT);
    MX_CHECK_RESULT(t, fn(s, XR_VIEW_CONFIGURATION_TYPE_PRIMARY_STEREO, 2, XR_VISIBILITY_MASK_TYPE_LINE_LOOP_KHR, &m),
                    XR_ERROR_VALIDATION_FAILURE);
    MX_CHECK_RESULT(t, fn(s, XR_VIEW_CONFIGURATION_TYPE_PRIMARY_STEREO, 0, (XrVisibilityMaskTypeKHR)9, &m),
                    XR_ERROR_VALIDATION_FAILURE);
    MX_CHECK_RESULT(t, fn(s, XR_VIEW_CONFIGURATION_TYPE_PRIMARY_QUAD_VARJO, 0, XR_VISIBILITY_MASK_TYPE_LINE_LOOP_KHR, &m),
                    XR_ERROR_VIEW_CONFIGURATION_TYPE_UNSUPPORTED);
}

int main(int argc, char **argv)
{
    struct mx_test t;
    mx_test_init(&t, argc, argv);
    mx_test_reset_env();
    if (!t.clean) { /* the validation layer serves the functions of every extension it knows */
        XrInstance plain;
        MX_REQUIRE_RESULT(&t, mx_test_create_instance(NULL, &plain), XR_SUCCESS);
        MX_CHECK(&t, !ext_served(plain, "xrGetVisibilityMaskKHR"));
        xrDestroyInstance(plain);
    }
    /* same tangent height either way; on the wide view the corner radius is the height's 20 %, on the
     * tall one the width's, a third of it */
    float wide = corner_height(&t, "900x300"), tall = corner_height(&t, "300x900");
    MX_CHECK(&t, wide > 0.0f && tall > 0.0f && ext_near(wide / tall, 3.0f, 0.01f));

    setenv("MOCKXR_VIEW_SIZE", "512x512", 1);
    MX_REQUIRE_RESULT(&t, ext_use_script("ext_visibility_mask.json",
                                         "{\"timeline\": [{\"frame\": 10, \"fov_scale\": 0.8}]}") ? XR_SUCCESS
                                                                                                  : XR_ERROR_RUNTIME_FAILURE,
                      XR_SUCCESS);
    setenv("MOCKXR_REPORT", REPORT, 1);
    struct mx_test_app app;
    const char *ext[] = {"XR_KHR_visibility_mask", NULL};
    MX_REQUIRE_RESULT(&t, mx_test_app_start(&app, ext), XR_SUCCESS);
    PFN_xrGetVisibilityMaskKHR fn = EXT_FN(&t, app.instance, PFN_xrGetVisibilityMaskKHR, "xrGetVisibilityMaskKHR");
    MX_REQUIRE_RESULT(&t, fn ? XR_SUCCESS : XR_ERROR_FUNCTION_UNSUPPORTED, XR_SUCCESS);
    XrReferenceSpaceCreateInfo rs = {.type = XR_TYPE_REFERENCE_SPACE_CREATE_INFO,
                                     .referenceSpaceType = XR_REFERENCE_SPACE_TYPE_VIEW,
                                     .poseInReferenceSpace = {.orientation = {0, 0, 0, 1}}};
    XrSpace view;
    MX_REQUIRE_RESULT(&t, xrCreateReferenceSpace(app.session, &rs, &view), XR_SUCCESS);
    test_two_call(&t, fn, app.session);
    struct ext_events ev = {0};
    XrFrameState fs;
    for (int k = 0; k < 5; k++)
        MX_CHECK_RESULT(&t, mx_test_frame(app.session, &fs), XR_SUCCESS);
    ext_poll(app.instance, XR_TYPE_EVENT_DATA_VISIBILITY_MASK_CHANGED_KHR, &ev);
    XrFovf before = view_fov(&t, &app, view, fs.predictedDisplayTime, 0);
    check_view(&t, fn, app.session, 0, before);
    check_view(&t, fn, app.session, 1, view_fov(&t, &app, view, fs.predictedDisplayTime, 1));
    MX_CHECK(&t, ev.count == 0);
    for (int k = 5; k < 15; k++)
        MX_CHECK_RESULT(&t, mx_test_frame(app.session, &fs), XR_SUCCESS);
    ext_poll(app.instance, XR_TYPE_EVENT_DATA_VISIBILITY_MASK_CHANGED_KHR, &ev);
    /* frame 10 narrowed the FOV: one event per view of the running configuration, the masks follow it */
    const XrEventDataVisibilityMaskChangedKHR *last = (const XrEventDataVisibilityMaskChangedKHR *)&ev.last;
    MX_CHECK(&t, ev.count == 2 && last->session == app.session && last->viewIndex == 1 &&
                     last->viewConfigurationType == XR_VIEW_CONFIGURATION_TYPE_PRIMARY_STEREO);
    XrFovf after = view_fov(&t, &app, view, fs.predictedDisplayTime, 0);
    MX_CHECK(&t, ext_near(after.angleLeft, 0.8f * before.angleLeft, 1e-6f) &&
                     ext_near(after.angleUp, 0.8f * before.angleUp, 1e-6f));
    check_view(&t, fn, app.session, 0, after);
    mx_test_app_stop(&app);
    char line[8192];
    MX_CHECK(&t, ext_report_line(REPORT, "\"frame\":9,", line, sizeof line) && strstr(line, "\"fov_scale\":1.000,"));
    MX_CHECK(&t, ext_report_line(REPORT, "\"frame\":10,", line, sizeof line) && strstr(line, "\"fov_scale\":0.800,") &&
                     strstr(line, "\"events\":[\"visibility_mask_changed\"]"));
    unsetenv("MOCKXR_REPORT");
    return mx_test_finish(&t, "ext_visibility_mask");
}
