/* mockxr conformance: reference spaces, bounds, xrLocateSpace, xrLocateViews (IPD, asymmetric FOV), head motion. */
#include "mx_test.h"

#include <math.h>
#include <time.h>

#define XR_USE_TIMESPEC
#include <openxr/openxr_platform.h>

static const XrPosef g_identity = {.orientation = {0, 0, 0, 1}};

static XrSpace make_space(struct mx_test *t, XrSession s, XrReferenceSpaceType type, XrPosef pose)
{
    XrSpace space = XR_NULL_HANDLE;
    XrReferenceSpaceCreateInfo ci = {.type = XR_TYPE_REFERENCE_SPACE_CREATE_INFO, .referenceSpaceType = type,
                                     .poseInReferenceSpace = pose};
    MX_REQUIRE_RESULT(t, xrCreateReferenceSpace(s, &ci, &space), XR_SUCCESS);
    return space;
}

static bool near(float a, float b)
{
    return fabsf(a - b) < 1e-4f;
}

static void test_reference_spaces(struct mx_test *t, XrSession s)
{
    uint32_t n = 0;
    XrReferenceSpaceType types[4];
    MX_CHECK_RESULT(t, xrEnumerateReferenceSpaces(s, 0, &n, NULL), XR_SUCCESS);
    MX_CHECK(t, n == 3);
    MX_CHECK_RESULT(t, xrEnumerateReferenceSpaces(s, 4, &n, types), XR_SUCCESS);
    MX_CHECK(t, types[0] == XR_REFERENCE_SPACE_TYPE_VIEW && types[1] == XR_REFERENCE_SPACE_TYPE_LOCAL &&
                    types[2] == XR_REFERENCE_SPACE_TYPE_STAGE);
    XrExtent2Df bounds;
    MX_CHECK_RESULT(t, xrGetReferenceSpaceBoundsRect(s, XR_REFERENCE_SPACE_TYPE_STAGE, &bounds), XR_SUCCESS);
    MX_CHECK(t, bounds.width > 1.0f && bounds.height > 1.0f);
    MX_CHECK_RESULT(t, xrGetReferenceSpaceBoundsRect(s, XR_REFERENCE_SPACE_TYPE_LOCAL, &bounds),
                    XR_SPACE_BOUNDS_UNAVAILABLE);
    MX_CHECK(t, bounds.width == 0.0f && bounds.height == 0.0f);
    if (t->clean)
        return;
    MX_CHECK_RESULT(t, xrEnumerateReferenceSpaces(s, 2, &n, types), XR_ERROR_SIZE_INSUFFICIENT);
    XrSpace sp;
    XrReferenceSpaceCreateInfo ci = {.type = XR_TYPE_REFERENCE_SPACE_CREATE_INFO,
                                     .referenceSpaceType = XR_REFERENCE_SPACE_TYPE_UNBOUNDED_MSFT,
                                     .poseInReferenceSpace = g_identity};
    MX_CHECK_RESULT(t, xrCreateReferenceSpace(s, &ci, &sp), XR_ERROR_REFERENCE_SPACE_UNSUPPORTED);
    ci.referenceSpaceType = XR_REFERENCE_SPACE_TYPE_LOCAL;
    ci.poseInReferenceSpace.orientation.w = 2.0f;
    MX_CHECK_RESULT(t, xrCreateReferenceSpace(s, &ci, &sp), XR_ERROR_POSE_INVALID);
}

static void test_locate_space(struct mx_test *t, XrSession s, XrTime now)
{
    XrSpace view = make_space(t, s, XR_REFERENCE_SPACE_TYPE_VIEW, g_identity);
    XrSpace local = make_space(t, s, XR_REFERENCE_SPACE_TYPE_LOCAL, g_identity);
    XrSpace stage = make_space(t, s, XR_REFERENCE_SPACE_TYPE_STAGE, g_identity);
    XrPosef ahead = {.orientation = {0, 0, 0, 1}, .position = {0, 0, -2}};
    XrSpace local_ahead = make_space(t, s, XR_REFERENCE_SPACE_TYPE_LOCAL, ahead);
    XrSpaceLocation loc = {.type = XR_TYPE_SPACE_LOCATION};
    MX_CHECK_RESULT(t, xrLocateSpace(view, local, now, &loc), XR_SUCCESS);
    MX_CHECK(t, (loc.locationFlags & XR_SPACE_LOCATION_POSITION_VALID_BIT) &&
                    (loc.locationFlags & XR_SPACE_LOCATION_ORIENTATION_TRACKED_BIT));
    MX_CHECK(t, near(loc.pose.position.x, 0) && near(loc.pose.position.y, 0) && near(loc.pose.position.z, 0));
    MX_CHECK_RESULT(t, xrLocateSpace(local, stage, now, &loc), XR_SUCCESS);
    MX_CHECK(t, near(loc.pose.position.y, 1.6f)); /* LOCAL sits at standing eye height above the floor */
    MX_CHECK_RESULT(t, xrLocateSpace(local_ahead, view, now, &loc), XR_SUCCESS);
    MX_CHECK(t, near(loc.pose.position.z, -2.0f) && near(loc.pose.orientation.w, 1.0f));
    MX_CHECK_RESULT(t, xrLocateSpace(stage, local_ahead, now, &loc), XR_SUCCESS);
    MX_CHECK(t, near(loc.pose.position.y, -1.6f) && near(loc.pose.position.z, 2.0f));
    if (!t->clean) {
        MX_CHECK_RESULT(t, xrLocateSpace(view, local, 0, &loc), XR_ERROR_TIME_INVALID);
        MX_CHECK_RESULT(t, xrDestroySpace(local_ahead), XR_SUCCESS);
        MX_CHECK_RESULT(t, xrLocateSpace(local_ahead, view, now, &loc), XR_ERROR_HANDLE_INVALID);
    }
}

static void test_locate_views(struct mx_test *t, XrSession s, XrTime now)
{
    XrSpace local = make_space(t, s, XR_REFERENCE_SPACE_TYPE_LOCAL, g_identity);
    XrViewLocateInfo li = {.type = XR_TYPE_VIEW_LOCATE_INFO,
                           .viewConfigurationType = XR_VIEW_CONFIGURATION_TYPE_PRIMARY_STEREO,
                           .displayTime = now, .space = local};
    XrViewState vs = {.type = XR_TYPE_VIEW_STATE};
    XrView views[2] = {{.type = XR_TYPE_VIEW}, {.type = XR_TYPE_VIEW}};
    uint32_t n = 0;
    MX_CHECK_RESULT(t, xrLocateViews(s, &li, &vs, 0, &n, NULL), XR_SUCCESS);
    MX_CHECK(t, n == 2);
    MX_CHECK_RESULT(t, xrLocateViews(s, &li, &vs, 2, &n, views), XR_SUCCESS);
    MX_CHECK(t, vs.viewStateFlags & XR_VIEW_STATE_POSITION_VALID_BIT);
    float ipd = views[1].pose.position.x - views[0].pose.position.x;
    MX_CHECK(t, fabsf(ipd - 0.063f) < 1e-4f);
    MX_CHECK(t, near(views[0].pose.position.y, views[1].pose.position.y));
    /* asymmetric like a real HMD: each eye sees further towards its temple */
    MX_CHECK(t, -views[0].fov.angleLeft > views[0].fov.angleRight);
    MX_CHECK(t, views[1].fov.angleRight > -views[1].fov.angleLeft);
    MX_CHECK(t, near(views[0].fov.angleLeft, -views[1].fov.angleRight));
    MX_CHECK(t, views[0].fov.angleUp > 0 && views[0].fov.angleDown < 0);
    /* any supported configuration can be located, not only the session's (as the CTS checks) */
    li.viewConfigurationType = XR_VIEW_CONFIGURATION_TYPE_PRIMARY_MONO;
    MX_CHECK_RESULT(t, xrLocateViews(s, &li, &vs, 2, &n, views), XR_SUCCESS);
    MX_CHECK(t, n == 1 && near(views[0].fov.angleLeft, -views[0].fov.angleRight));
    li.viewConfigurationType = XR_VIEW_CONFIGURATION_TYPE_PRIMARY_STEREO;
    if (t->clean)
        return;
    MX_CHECK_RESULT(t, xrLocateViews(s, &li, &vs, 1, &n, views), XR_ERROR_SIZE_INSUFFICIENT);
    li.viewConfigurationType = XR_VIEW_CONFIGURATION_TYPE_PRIMARY_QUAD_VARJO;
    MX_CHECK_RESULT(t, xrLocateViews(s, &li, &vs, 2, &n, views), XR_ERROR_VIEW_CONFIGURATION_TYPE_UNSUPPORTED);
    li.viewConfigurationType = XR_VIEW_CONFIGURATION_TYPE_PRIMARY_STEREO;
    li.displayTime = 0;
    MX_CHECK_RESULT(t, xrLocateViews(s, &li, &vs, 2, &n, views), XR_ERROR_TIME_INVALID);
}

/* MOCKXR_HEAD=look turns the head over time, identically in two runs of the virtual clock. */
static void head_track(struct mx_test *t, XrQuaternionf *out, int count)
{
    struct mx_test_app app;
    setenv("MOCKXR_HEAD", "look", 1);
    MX_REQUIRE_RESULT(t, mx_test_app_start(&app, NULL), XR_SUCCESS);
    XrSpace view = make_space(t, app.session, XR_REFERENCE_SPACE_TYPE_VIEW, g_identity);
    XrSpace local = make_space(t, app.session, XR_REFERENCE_SPACE_TYPE_LOCAL, g_identity);
    for (int k = 0; k < count; k++) {
        XrFrameState fs;
        for (int f = 0; f < 30; f++)
            MX_CHECK_RESULT(t, mx_test_frame(app.session, &fs), XR_SUCCESS);
        XrSpaceLocation loc = {.type = XR_TYPE_SPACE_LOCATION};
        MX_CHECK_RESULT(t, xrLocateSpace(view, local, fs.predictedDisplayTime, &loc), XR_SUCCESS);
        out[k] = loc.pose.orientation;
    }
    mx_test_app_stop(&app);
    unsetenv("MOCKXR_HEAD");
}

static void test_head_motion(struct mx_test *t)
{
    XrQuaternionf a[4], b[4];
    head_track(t, a, 4);
    head_track(t, b, 4);
    MX_CHECK(t, memcmp(a, b, sizeof(a)) == 0);
    MX_CHECK(t, !near(a[0].y, a[1].y) || !near(a[1].y, a[2].y)); /* it moves */
}

/* XR_KHR_convert_timespec_time under the virtual clock: "now" is the virtual time, XrTime maps 1:1 back. */
static void test_convert_time(struct mx_test *t)
{
    struct mx_test_app app;
    const char *ext[] = {"XR_KHR_convert_timespec_time", NULL};
    MX_REQUIRE_RESULT(t, mx_test_app_start(&app, ext), XR_SUCCESS);
    PFN_xrConvertTimespecTimeToTimeKHR to_time = NULL;
    PFN_xrConvertTimeToTimespecTimeKHR to_timespec = NULL;
    MX_REQUIRE_RESULT(t, xrGetInstanceProcAddr(app.instance, "xrConvertTimespecTimeToTimeKHR", (PFN_xrVoidFunction *)&to_time),
                      XR_SUCCESS);
    MX_REQUIRE_RESULT(t, xrGetInstanceProcAddr(app.instance, "xrConvertTimeToTimespecTimeKHR",
                                               (PFN_xrVoidFunction *)&to_timespec), XR_SUCCESS);
    XrFrameState fs;
    for (int k = 0; k < 3; k++)
        MX_CHECK_RESULT(t, mx_test_frame(app.session, &fs), XR_SUCCESS);
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    XrTime xt = 0;
    MX_CHECK_RESULT(t, to_time(app.instance, &now, &xt), XR_SUCCESS);
    MX_CHECK(t, xt == fs.predictedDisplayTime - fs.predictedDisplayPeriod); /* woke one period before display */
    struct timespec back;
    MX_CHECK_RESULT(t, to_timespec(app.instance, fs.predictedDisplayTime, &back), XR_SUCCESS);
    MX_CHECK(t, (XrTime)back.tv_sec * 1000000000 + back.tv_nsec == fs.predictedDisplayTime);
    if (!t->clean)
        MX_CHECK_RESULT(t, to_timespec(app.instance, 0, &back), XR_ERROR_TIME_INVALID);
    mx_test_app_stop(&app);
}

/* MOCKXR_VIEWS=mono: a system with PRIMARY_MONO only (how an app's mono fallback gets tested). */
static void test_mono_only(struct mx_test *t)
{
    setenv("MOCKXR_VIEWS", "mono", 1);
    XrInstance inst = XR_NULL_HANDLE;
    XrSystemId sys = XR_NULL_SYSTEM_ID;
    MX_REQUIRE_RESULT(t, mx_test_create_instance(NULL, &inst), XR_SUCCESS);
    MX_CHECK_RESULT(t, mx_test_get_system(inst, &sys), XR_SUCCESS);
    uint32_t n = 0;
    XrViewConfigurationType types[4];
    MX_CHECK_RESULT(t, xrEnumerateViewConfigurations(inst, sys, 4, &n, types), XR_SUCCESS);
    MX_CHECK(t, n == 1 && types[0] == XR_VIEW_CONFIGURATION_TYPE_PRIMARY_MONO);
    XrViewConfigurationView views[2] = {{XR_TYPE_VIEW_CONFIGURATION_VIEW, NULL, 0, 0, 0, 0, 0, 0},
                                        {XR_TYPE_VIEW_CONFIGURATION_VIEW, NULL, 0, 0, 0, 0, 0, 0}};
    MX_CHECK_RESULT(t, xrEnumerateViewConfigurationViews(inst, sys, XR_VIEW_CONFIGURATION_TYPE_PRIMARY_MONO, 2, &n, views),
                    XR_SUCCESS);
    MX_CHECK(t, n == 1 && views[0].recommendedImageRectWidth > 0);
    if (!t->clean) {
        MX_CHECK_RESULT(t, xrEnumerateViewConfigurationViews(inst, sys, XR_VIEW_CONFIGURATION_TYPE_PRIMARY_STEREO, 2,
                                                             &n, views),
                        XR_ERROR_VIEW_CONFIGURATION_TYPE_UNSUPPORTED);
        XrViewConfigurationProperties props = {XR_TYPE_VIEW_CONFIGURATION_PROPERTIES, NULL, 0, XR_FALSE};
        MX_CHECK_RESULT(t, xrGetViewConfigurationProperties(inst, sys, XR_VIEW_CONFIGURATION_TYPE_PRIMARY_STEREO, &props),
                        XR_ERROR_VIEW_CONFIGURATION_TYPE_UNSUPPORTED);
    }
    xrDestroyInstance(inst);
    if (!t->clean) { /* a value that is neither: the instance fails, naming the variable */
        setenv("MOCKXR_VIEWS", "triple", 1);
        inst = XR_NULL_HANDLE;
        MX_CHECK_RESULT(t, mx_test_create_instance(NULL, &inst), XR_ERROR_RUNTIME_FAILURE);
        if (inst != XR_NULL_HANDLE)
            xrDestroyInstance(inst);
    }
    unsetenv("MOCKXR_VIEWS");
}

int main(int argc, char **argv)
{
    struct mx_test t;
    mx_test_init(&t, argc, argv);
    mx_test_reset_env();
    struct mx_test_app app;
    MX_REQUIRE_RESULT(&t, mx_test_app_start(&app, NULL), XR_SUCCESS);
    XrFrameState fs;
    MX_REQUIRE_RESULT(&t, mx_test_frame(app.session, &fs), XR_SUCCESS);
    test_reference_spaces(&t, app.session);
    test_locate_space(&t, app.session, fs.predictedDisplayTime);
    test_locate_views(&t, app.session, fs.predictedDisplayTime);
    mx_test_app_stop(&app);
    test_head_motion(&t);
    test_convert_time(&t);
    test_mono_only(&t);
    return mx_test_finish(&t, "core_spaces");
}
