/* mockxr against the conformance suite's session-level rules: session creation, events, frame call order,
 * reference spaces, xrLocateViews edge cases and simulated velocities (see /work/notes/cts_checklist.md). */
#include "mx_test.h"

#include <math.h>

static const XrPosef g_identity = {.orientation = {0, 0, 0, 1}};
static const XrBaseInStructure g_unknown_in = {.type = (XrStructureType)1000999999};

static void test_create_session(struct mx_test *t, XrInstance inst, XrSystemId sys)
{
    XrSession s = XR_NULL_HANDLE;
    if (!t->clean) {
        MX_CHECK_RESULT(t, mx_test_create_session(inst, XR_NULL_SYSTEM_ID, &s), XR_ERROR_SYSTEM_INVALID);
        MX_CHECK_RESULT(t, mx_test_create_session(inst, (XrSystemId)0xdeadbeef, &s), XR_ERROR_SYSTEM_INVALID);
        MX_CHECK(t, s == XR_NULL_HANDLE);
    }
    /* Twenty in a row, half of them begun and destroyed while running (no xrEndSession). */
    for (int k = 0; k < 20; k++) {
        MX_REQUIRE_RESULT(t, mx_test_create_session(inst, sys, &s), XR_SUCCESS);
        XrSessionState st = XR_SESSION_STATE_UNKNOWN;
        while (st != XR_SESSION_STATE_READY && mx_test_next_state(inst, &st)) {
        }
        MX_CHECK(t, st == XR_SESSION_STATE_READY);
        if (k % 4 < 2) {
            XrSessionBeginInfo bi = {.type = XR_TYPE_SESSION_BEGIN_INFO,
                                     .primaryViewConfigurationType = XR_VIEW_CONFIGURATION_TYPE_PRIMARY_STEREO};
            MX_CHECK_RESULT(t, xrBeginSession(s, &bi), XR_SUCCESS);
        }
        MX_CHECK_RESULT(t, xrDestroySession(s), XR_SUCCESS);
    }
    XrEventDataBuffer ev = {.type = XR_TYPE_EVENT_DATA_BUFFER};
    MX_CHECK_RESULT(t, xrPollEvent(inst, &ev), XR_EVENT_UNAVAILABLE); /* a destroyed session's events go too */
}

/* Events are whole structures inside the buffer; an unknown structure chained to the buffer is ignored. */
static void test_poll_event(struct mx_test *t, XrInstance inst, XrSystemId sys)
{
    XrSession s = XR_NULL_HANDLE;
    MX_REQUIRE_RESULT(t, mx_test_create_session(inst, sys, &s), XR_SUCCESS);
    XrEventDataBuffer ev = {.type = XR_TYPE_EVENT_DATA_BUFFER, .next = t->clean ? NULL : &g_unknown_in};
    MX_CHECK_RESULT(t, xrPollEvent(inst, &ev), XR_SUCCESS);
    MX_CHECK(t, ev.type == XR_TYPE_EVENT_DATA_SESSION_STATE_CHANGED && ev.next == NULL);
    const XrEventDataSessionStateChanged *sc = (const XrEventDataSessionStateChanged *)&ev;
    MX_CHECK(t, sc->session == s && sc->state == XR_SESSION_STATE_IDLE && sc->time > 0);
    MX_CHECK_RESULT(t, xrDestroySession(s), XR_SUCCESS);
}

/* xrBeginSession with every value the view configuration enum lists (its MAX_ENUM too) but the offered
 * ones: "unsupported", as the 1.0 suite requires; then READY -> begin works, with nothing queued before
 * the first frame. */
static void test_begin_view_configs(struct mx_test *t)
{
    static const XrViewConfigurationType known[] = {
#define MX_VC_ITEM(name, value) name,
        XR_LIST_ENUM_XrViewConfigurationType(MX_VC_ITEM)
#undef MX_VC_ITEM
    };
    XrInstance inst;
    XrSystemId sys;
    XrSession s;
    MX_REQUIRE_RESULT(t, mx_test_create_instance(NULL, &inst), XR_SUCCESS);
    MX_REQUIRE_RESULT(t, mx_test_get_system(inst, &sys), XR_SUCCESS);
    MX_REQUIRE_RESULT(t, mx_test_create_session(inst, sys, &s), XR_SUCCESS);
    const XrSessionState ready[] = {XR_SESSION_STATE_IDLE, XR_SESSION_STATE_READY};
    mx_test_expect_states(t, inst, ready, 2, "create");
    for (size_t k = 0; k < sizeof(known) / sizeof(known[0]); k++) {
        if (known[k] == XR_VIEW_CONFIGURATION_TYPE_PRIMARY_STEREO || known[k] == XR_VIEW_CONFIGURATION_TYPE_PRIMARY_MONO)
            continue;
        XrSessionBeginInfo bi = {.type = XR_TYPE_SESSION_BEGIN_INFO, .primaryViewConfigurationType = known[k]};
        MX_CHECK_RESULT(t, xrBeginSession(s, &bi), XR_ERROR_VIEW_CONFIGURATION_TYPE_UNSUPPORTED);
    }
    XrSessionBeginInfo bi = {.type = XR_TYPE_SESSION_BEGIN_INFO,
                             .primaryViewConfigurationType = XR_VIEW_CONFIGURATION_TYPE_PRIMARY_STEREO};
    MX_CHECK_RESULT(t, xrBeginSession(s, &bi), XR_SUCCESS);
    mx_test_expect_states(t, inst, NULL, 0, "begun, no frame yet");
    MX_CHECK_RESULT(t, xrRequestExitSession(XR_NULL_HANDLE), XR_ERROR_HANDLE_INVALID);
    MX_CHECK_RESULT(t, xrDestroyInstance(inst), XR_SUCCESS);
}

static XrResult wait(XrSession s, XrFrameState *fs)
{
    *fs = (XrFrameState){.type = XR_TYPE_FRAME_STATE};
    return xrWaitFrame(s, NULL, fs);
}

static XrResult end(XrSession s, XrTime when)
{
    XrFrameEndInfo ei = {.type = XR_TYPE_FRAME_END_INFO, .displayTime = when,
                         .environmentBlendMode = XR_ENVIRONMENT_BLEND_MODE_OPAQUE};
    return xrEndFrame(s, &ei);
}

/* Wrongly typed frame structures (the suite's "without type" / "with wrong type" sections). */
static void test_frame_types(struct mx_test *t, XrSession s)
{
    XrFrameState fs;
    XrFrameWaitInfo wi = {.type = XR_TYPE_UNKNOWN};
    XrFrameState st = {.type = XR_TYPE_FRAME_STATE};
    MX_CHECK_RESULT(t, xrWaitFrame(s, &wi, &st), XR_ERROR_VALIDATION_FAILURE);
    wi.type = XR_TYPE_ACTIONS_SYNC_INFO;
    MX_CHECK_RESULT(t, xrWaitFrame(s, &wi, &st), XR_ERROR_VALIDATION_FAILURE);
    MX_REQUIRE_RESULT(t, wait(s, &fs), XR_SUCCESS);
    XrFrameBeginInfo bi = {.type = XR_TYPE_UNKNOWN};
    MX_CHECK_RESULT(t, xrBeginFrame(s, &bi), XR_ERROR_VALIDATION_FAILURE);
    bi.type = XR_TYPE_ACTIONS_SYNC_INFO;
    MX_CHECK_RESULT(t, xrBeginFrame(s, &bi), XR_ERROR_VALIDATION_FAILURE);
    MX_CHECK_RESULT(t, xrBeginFrame(s, NULL), XR_SUCCESS); /* the failed begins did not use the wait up */
    XrFrameEndInfo ei = {.type = XR_TYPE_UNKNOWN, .displayTime = fs.predictedDisplayTime,
                         .environmentBlendMode = XR_ENVIRONMENT_BLEND_MODE_OPAQUE};
    MX_CHECK_RESULT(t, xrEndFrame(s, &ei), XR_ERROR_VALIDATION_FAILURE);
    ei.type = XR_TYPE_ACTIONS_SYNC_INFO;
    MX_CHECK_RESULT(t, xrEndFrame(s, &ei), XR_ERROR_VALIDATION_FAILURE);
    MX_CHECK_RESULT(t, end(s, fs.predictedDisplayTime), XR_SUCCESS);
}

/* The suite's call-order sequence on a fresh running session. */
static void test_frame_order(struct mx_test *t, XrSession s)
{
    XrFrameState fs, fs1, fs2;
    MX_CHECK_RESULT(t, xrBeginFrame(s, NULL), XR_ERROR_CALL_ORDER_INVALID); /* no wait yet */
    MX_REQUIRE_RESULT(t, wait(s, &fs), XR_SUCCESS);
    MX_CHECK_RESULT(t, xrBeginFrame(s, NULL), XR_SUCCESS);
    MX_REQUIRE_RESULT(t, wait(s, &fs), XR_SUCCESS);
    MX_CHECK_RESULT(t, xrBeginFrame(s, NULL), XR_FRAME_DISCARDED); /* over an unfinished frame */
    MX_CHECK_RESULT(t, end(s, fs.predictedDisplayTime), XR_SUCCESS);
    MX_CHECK_RESULT(t, xrBeginFrame(s, NULL), XR_ERROR_CALL_ORDER_INVALID);
    /* A failed xrEndFrame leaves the frame open: the next begin discards it. */
    MX_REQUIRE_RESULT(t, wait(s, &fs), XR_SUCCESS);
    MX_CHECK_RESULT(t, xrBeginFrame(s, NULL), XR_SUCCESS);
    MX_CHECK_RESULT(t, end(s, 0), XR_ERROR_TIME_INVALID);
    MX_REQUIRE_RESULT(t, wait(s, &fs), XR_SUCCESS);
    MX_CHECK_RESULT(t, xrBeginFrame(s, NULL), XR_FRAME_DISCARDED);
    MX_CHECK_RESULT(t, end(s, fs.predictedDisplayTime), XR_SUCCESS);
    /* A refused second begin does not discard the frame in progress. */
    MX_REQUIRE_RESULT(t, wait(s, &fs), XR_SUCCESS);
    MX_CHECK_RESULT(t, xrBeginFrame(s, NULL), XR_SUCCESS);
    MX_CHECK_RESULT(t, xrBeginFrame(s, NULL), XR_ERROR_CALL_ORDER_INVALID);
    MX_CHECK_RESULT(t, end(s, fs.predictedDisplayTime), XR_SUCCESS);
    MX_CHECK_RESULT(t, end(s, fs.predictedDisplayTime), XR_ERROR_CALL_ORDER_INVALID);
    /* A second wait may return once the previous frame was begun, before it ended. */
    MX_REQUIRE_RESULT(t, wait(s, &fs1), XR_SUCCESS);
    MX_CHECK_RESULT(t, xrBeginFrame(s, NULL), XR_SUCCESS);
    MX_REQUIRE_RESULT(t, wait(s, &fs2), XR_SUCCESS);
    MX_CHECK_RESULT(t, end(s, fs.predictedDisplayTime), XR_SUCCESS);
    MX_CHECK_RESULT(t, xrBeginFrame(s, NULL), XR_SUCCESS);
    MX_CHECK_RESULT(t, end(s, fs2.predictedDisplayTime), XR_SUCCESS);
    MX_CHECK(t, fs2.predictedDisplayTime > fs1.predictedDisplayTime);
}

static void test_frame_end_info(struct mx_test *t, XrSession s)
{
    const XrEnvironmentBlendMode modes[] = {XR_ENVIRONMENT_BLEND_MODE_OPAQUE, XR_ENVIRONMENT_BLEND_MODE_ADDITIVE,
                                            XR_ENVIRONMENT_BLEND_MODE_ALPHA_BLEND};
    XrFrameState fs;
    for (size_t k = 0; k < 3; k++) {
        MX_REQUIRE_RESULT(t, wait(s, &fs), XR_SUCCESS);
        /* the refused end of the previous iteration left its frame open: this begin discards it */
        MX_CHECK_RESULT(t, xrBeginFrame(s, NULL), k < 2 ? XR_SUCCESS : XR_FRAME_DISCARDED);
        XrFrameEndInfo ei = {.type = XR_TYPE_FRAME_END_INFO, .displayTime = fs.predictedDisplayTime,
                             .environmentBlendMode = modes[k]};
        MX_CHECK_RESULT(t, xrEndFrame(s, &ei), k == 0 ? XR_SUCCESS : XR_ERROR_ENVIRONMENT_BLEND_MODE_UNSUPPORTED);
    }
    const XrCompositionLayerBaseHeader *none[1] = {NULL};
    XrFrameEndInfo ei = {.type = XR_TYPE_FRAME_END_INFO, .displayTime = fs.predictedDisplayTime,
                         .environmentBlendMode = XR_ENVIRONMENT_BLEND_MODE_OPAQUE, .layerCount = 1, .layers = none};
    MX_CHECK_RESULT(t, xrEndFrame(s, &ei), XR_ERROR_LAYER_INVALID);
    MX_CHECK_RESULT(t, end(s, fs.predictedDisplayTime), XR_SUCCESS);
}

static void test_reference_spaces(struct mx_test *t, XrSession s)
{
    XrReferenceSpaceType types[3];
    uint32_t n = 0;
    MX_REQUIRE_RESULT(t, xrEnumerateReferenceSpaces(s, 3, &n, types), XR_SUCCESS);
    for (uint32_t k = 0; k < n; k++) {
        XrExtent2Df b = {-1.0f, -1.0f};
        XrResult r = xrGetReferenceSpaceBoundsRect(s, types[k], &b);
        MX_CHECK(t, (r == XR_SUCCESS && b.width > 0.0f && b.height > 0.0f) ||
                        (r == XR_SPACE_BOUNDS_UNAVAILABLE && b.width == 0.0f && b.height == 0.0f));
        XrReferenceSpaceCreateInfo ci = {.type = XR_TYPE_REFERENCE_SPACE_CREATE_INFO,
                                         .next = t->clean ? NULL : &g_unknown_in, .referenceSpaceType = types[k],
                                         .poseInReferenceSpace = g_identity};
        XrSpace sp = XR_NULL_HANDLE;
        MX_CHECK_RESULT(t, xrCreateReferenceSpace(s, &ci, &sp), XR_SUCCESS);
        MX_CHECK_RESULT(t, xrDestroySpace(sp), XR_SUCCESS);
        if (t->clean)
            continue;
        const float bad_w[] = {0.0f, NAN};
        for (int w = 0; w < 2; w++) {
            ci.poseInReferenceSpace.orientation.w = bad_w[w];
            sp = XR_NULL_HANDLE;
            MX_CHECK_RESULT(t, xrCreateReferenceSpace(s, &ci, &sp), XR_ERROR_POSE_INVALID);
            MX_CHECK(t, sp == XR_NULL_HANDLE);
        }
    }
    if (t->clean)
        return;
    XrReferenceSpaceCreateInfo ci = {.type = XR_TYPE_REFERENCE_SPACE_CREATE_INFO,
                                     .referenceSpaceType = XR_REFERENCE_SPACE_TYPE_MAX_ENUM,
                                     .poseInReferenceSpace = g_identity};
    XrSpace sp = XR_NULL_HANDLE;
    MX_CHECK_RESULT(t, xrCreateReferenceSpace(s, &ci, &sp), XR_ERROR_REFERENCE_SPACE_UNSUPPORTED);
    MX_CHECK(t, sp == XR_NULL_HANDLE);
    XrExtent2Df b;
    MX_CHECK_RESULT(t, xrGetReferenceSpaceBoundsRect(s, XR_REFERENCE_SPACE_TYPE_MAX_ENUM, &b),
                    XR_ERROR_REFERENCE_SPACE_UNSUPPORTED);
}

static XrSpace make_space(struct mx_test *t, XrSession s, XrReferenceSpaceType type)
{
    XrReferenceSpaceCreateInfo ci = {.type = XR_TYPE_REFERENCE_SPACE_CREATE_INFO, .referenceSpaceType = type,
                                     .poseInReferenceSpace = g_identity};
    XrSpace sp = XR_NULL_HANDLE;
    MX_REQUIRE_RESULT(t, xrCreateReferenceSpace(s, &ci, &sp), XR_SUCCESS);
    return sp;
}

static void test_locate_views(struct mx_test *t, XrSession s, XrTime when)
{
    static const XrViewConfigurationType known[] = {
#define MX_VC_ITEM(name, value) name,
        XR_LIST_ENUM_XrViewConfigurationType(MX_VC_ITEM)
#undef MX_VC_ITEM
    };
    XrSpace local = make_space(t, s, XR_REFERENCE_SPACE_TYPE_LOCAL);
    XrViewLocateInfo li = {.type = XR_TYPE_VIEW_LOCATE_INFO, .displayTime = when, .space = local,
                           .viewConfigurationType = XR_VIEW_CONFIGURATION_TYPE_PRIMARY_STEREO};
    XrViewState vs = {.type = XR_TYPE_VIEW_STATE};
    XrView views[2] = {{.type = XR_TYPE_VIEW}, {.type = XR_TYPE_VIEW}};
    uint32_t n = 0;
    MX_CHECK_RESULT(t, xrLocateViews(s, &li, &vs, 2, &n, views), XR_SUCCESS);
    MX_CHECK(t, n == 2);
    for (size_t k = 0; k < sizeof(known) / sizeof(known[0]); k++) {
        bool offered = known[k] == XR_VIEW_CONFIGURATION_TYPE_PRIMARY_STEREO ||
                       known[k] == XR_VIEW_CONFIGURATION_TYPE_PRIMARY_MONO;
        if (known[k] == XR_VIEW_CONFIGURATION_TYPE_MAX_ENUM || (t->clean && !offered))
            continue;
        li.viewConfigurationType = known[k];
        XrResult r = xrLocateViews(s, &li, &vs, 2, &n, views);
        MX_CHECK(t, offered ? (r == XR_SUCCESS && n == (known[k] == XR_VIEW_CONFIGURATION_TYPE_PRIMARY_MONO ? 1u : 2u))
                            : (r == XR_ERROR_VALIDATION_FAILURE || r == XR_ERROR_VIEW_CONFIGURATION_TYPE_UNSUPPORTED));
    }
    if (!t->clean) {
        li.viewConfigurationType = XR_VIEW_CONFIGURATION_TYPE_PRIMARY_STEREO;
        const XrTime bad[] = {0, -42};
        for (int k = 0; k < 2; k++) {
            li.displayTime = bad[k];
            MX_CHECK_RESULT(t, xrLocateViews(s, &li, &vs, 2, &n, views), XR_ERROR_TIME_INVALID);
        }
        li.displayTime = when;
        XrView untyped[2] = {{.type = XR_TYPE_UNKNOWN}, {.type = XR_TYPE_UNKNOWN}};
        MX_CHECK_RESULT(t, xrLocateViews(s, &li, &vs, 2, &n, untyped), XR_ERROR_VALIDATION_FAILURE);
        MX_CHECK_RESULT(t, xrLocateViews(XR_NULL_HANDLE, &li, &vs, 2, &n, views), XR_ERROR_HANDLE_INVALID);
    }
    MX_CHECK_RESULT(t, xrDestroySpace(local), XR_SUCCESS);
}

static void test_after_end_session(struct mx_test *t, struct mx_test_app *app)
{
    MX_CHECK_RESULT(t, xrRequestExitSession(app->session), XR_SUCCESS);
    MX_CHECK(t, mx_test_run_to_state(app, XR_SESSION_STATE_STOPPING, 10));
    MX_CHECK_RESULT(t, xrEndSession(app->session), XR_SUCCESS);
    if (t->clean)
        return;
    XrFrameState fs;
    MX_CHECK_RESULT(t, wait(app->session, &fs), XR_ERROR_SESSION_NOT_RUNNING);
    MX_CHECK_RESULT(t, xrBeginFrame(app->session, NULL), XR_ERROR_SESSION_NOT_RUNNING);
}

/* Velocities, with MOCKXR_HEAD=walk: a 1 m circle at 0.5 m/s facing the walking direction, so the head
 * moves 0.5 m/s horizontally and turns at 0.5 rad/s about +Y; the floor does not move against LOCAL. */
static void test_velocity(struct mx_test *t)
{
    setenv("MOCKXR_HEAD", "walk", 1);
    struct mx_test_app app;
    MX_REQUIRE_RESULT(t, mx_test_app_start(&app, NULL), XR_SUCCESS);
    XrFrameState fs;
    MX_REQUIRE_RESULT(t, mx_test_frame(app.session, &fs), XR_SUCCESS);
    XrSpace view = make_space(t, app.session, XR_REFERENCE_SPACE_TYPE_VIEW);
    XrSpace stage = make_space(t, app.session, XR_REFERENCE_SPACE_TYPE_STAGE);
    XrSpace local = make_space(t, app.session, XR_REFERENCE_SPACE_TYPE_LOCAL);
    XrTime at = fs.predictedDisplayTime + 2000000000; /* 2 s later: somewhere along the circle */
    XrSpaceVelocity vel = {.type = XR_TYPE_SPACE_VELOCITY};
    XrSpaceLocation loc = {.type = XR_TYPE_SPACE_LOCATION, .next = &vel};
    MX_CHECK_RESULT(t, xrLocateSpace(view, stage, at, &loc), XR_SUCCESS);
    XrSpaceVelocityFlags both = XR_SPACE_VELOCITY_LINEAR_VALID_BIT | XR_SPACE_VELOCITY_ANGULAR_VALID_BIT;
    MX_CHECK(t, (vel.velocityFlags & both) == both);
    double horizontal = hypot(vel.linearVelocity.x, vel.linearVelocity.z);
    MX_CHECK(t, fabs(horizontal - 0.5) < 0.01);
    MX_CHECK(t, fabs(vel.angularVelocity.y - 0.5) < 0.01 && fabs(vel.angularVelocity.x) < 0.01 &&
                    fabs(vel.angularVelocity.z) < 0.01);
    /* The same as the motion seen by two locations 10 ms apart. */
    XrSpaceLocation a = {.type = XR_TYPE_SPACE_LOCATION}, b = {.type = XR_TYPE_SPACE_LOCATION};
    MX_CHECK_RESULT(t, xrLocateSpace(view, stage, at - 5000000, &a), XR_SUCCESS);
    MX_CHECK_RESULT(t, xrLocateSpace(view, stage, at + 5000000, &b), XR_SUCCESS);
    MX_CHECK(t, fabs((b.pose.position.x - a.pose.position.x) / 0.01 - vel.linearVelocity.x) < 0.01);
    MX_CHECK(t, fabs((b.pose.position.z - a.pose.position.z) / 0.01 - vel.linearVelocity.z) < 0.01);
    vel = (XrSpaceVelocity){.type = XR_TYPE_SPACE_VELOCITY};
    MX_CHECK_RESULT(t, xrLocateSpace(stage, local, at, &loc), XR_SUCCESS);
    MX_CHECK(t, (vel.velocityFlags & both) == both);
    MX_CHECK(t, fabsf(vel.linearVelocity.x) + fabsf(vel.linearVelocity.y) + fabsf(vel.linearVelocity.z) < 1e-4f);
    MX_CHECK(t, fabsf(vel.angularVelocity.x) + fabsf(vel.angularVelocity.y) + fabsf(vel.angularVelocity.z) < 1e-4f);
    mx_test_app_stop(&app);
    unsetenv("MOCKXR_HEAD");
}

int main(int argc, char **argv)
{
    struct mx_test t;
    mx_test_init(&t, argc, argv);
    mx_test_reset_env();
    XrInstance inst = XR_NULL_HANDLE;
    XrSystemId sys = XR_NULL_SYSTEM_ID;
    MX_REQUIRE_RESULT(&t, mx_test_create_instance(NULL, &inst), XR_SUCCESS);
    MX_REQUIRE_RESULT(&t, mx_test_get_system(inst, &sys), XR_SUCCESS);
    test_create_session(&t, inst, sys);
    test_poll_event(&t, inst, sys);
    MX_CHECK_RESULT(&t, xrDestroyInstance(inst), XR_SUCCESS);

    if (!t.clean)
        test_begin_view_configs(&t);
    struct mx_test_app app;
    MX_REQUIRE_RESULT(&t, mx_test_app_start(&app, NULL), XR_SUCCESS);
    if (!t.clean) {
        test_frame_types(&t, app.session);
        test_frame_order(&t, app.session);
        test_frame_end_info(&t, app.session);
    }
    test_reference_spaces(&t, app.session);
    XrFrameState fs;
    MX_REQUIRE_RESULT(&t, mx_test_frame(app.session, &fs), XR_SUCCESS);
    test_locate_views(&t, app.session, fs.predictedDisplayTime);
    test_after_end_session(&t, &app);
    mx_test_app_stop(&app);
    test_velocity(&t);
    return mx_test_finish(&t, "cts_session");
}
