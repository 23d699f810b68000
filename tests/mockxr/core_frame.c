/* mockxr conformance: frame loop call order, XR_FRAME_DISCARDED, layer validation, display times, and a
 * pipelined app (xrWaitFrame on one thread, begin/end on another) in both clocks. */
#include "mx_test.h"

#include <pthread.h>

static XrFrameEndInfo end_info(XrTime t, uint32_t n, const XrCompositionLayerBaseHeader *const *layers)
{
    return (XrFrameEndInfo){.type = XR_TYPE_FRAME_END_INFO, .displayTime = t,
                            .environmentBlendMode = XR_ENVIRONMENT_BLEND_MODE_OPAQUE, .layerCount = n,
                            .layers = layers};
}

/* The call-order rules of the specification, in the order the OpenXR CTS checks them. */
static void test_call_order(struct mx_test *t, XrSession s)
{
    XrFrameState fs = {.type = XR_TYPE_FRAME_STATE}, fs2 = {.type = XR_TYPE_FRAME_STATE};
    XrFrameEndInfo end = end_info(0, 0, NULL);
    MX_CHECK_RESULT(t, xrBeginFrame(s, NULL), XR_ERROR_CALL_ORDER_INVALID); /* no wait yet */
    MX_REQUIRE_RESULT(t, xrWaitFrame(s, NULL, &fs), XR_SUCCESS);
    MX_CHECK_RESULT(t, xrBeginFrame(s, NULL), XR_SUCCESS);
    MX_REQUIRE_RESULT(t, xrWaitFrame(s, NULL, &fs), XR_SUCCESS);
    MX_CHECK_RESULT(t, xrBeginFrame(s, NULL), XR_FRAME_DISCARDED); /* over an unfinished frame */
    end.displayTime = fs.predictedDisplayTime;
    MX_CHECK_RESULT(t, xrEndFrame(s, &end), XR_SUCCESS);
    MX_CHECK_RESULT(t, xrBeginFrame(s, NULL), XR_ERROR_CALL_ORDER_INVALID);
    /* A failed xrEndFrame leaves the frame in progress: the next begin discards it. */
    MX_REQUIRE_RESULT(t, xrWaitFrame(s, NULL, &fs), XR_SUCCESS);
    MX_CHECK_RESULT(t, xrBeginFrame(s, NULL), XR_SUCCESS);
    XrFrameEndInfo bad = end_info(0, 0, NULL);
    MX_CHECK_RESULT(t, xrEndFrame(s, &bad), XR_ERROR_TIME_INVALID);
    MX_REQUIRE_RESULT(t, xrWaitFrame(s, NULL, &fs), XR_SUCCESS);
    MX_CHECK_RESULT(t, xrBeginFrame(s, NULL), XR_FRAME_DISCARDED);
    end.displayTime = fs.predictedDisplayTime;
    MX_CHECK_RESULT(t, xrEndFrame(s, &end), XR_SUCCESS);
    /* A bad xrBeginFrame does not discard the frame in progress. */
    MX_REQUIRE_RESULT(t, xrWaitFrame(s, NULL, &fs), XR_SUCCESS);
    MX_CHECK_RESULT(t, xrBeginFrame(s, NULL), XR_SUCCESS);
    MX_CHECK_RESULT(t, xrBeginFrame(s, NULL), XR_ERROR_CALL_ORDER_INVALID);
    end.displayTime = fs.predictedDisplayTime;
    MX_CHECK_RESULT(t, xrEndFrame(s, &end), XR_SUCCESS);
    MX_CHECK_RESULT(t, xrEndFrame(s, &end), XR_ERROR_CALL_ORDER_INVALID);
    /* Wait may return again once the previous frame was begun, before it ended. */
    MX_REQUIRE_RESULT(t, xrWaitFrame(s, NULL, &fs), XR_SUCCESS);
    MX_CHECK_RESULT(t, xrBeginFrame(s, NULL), XR_SUCCESS);
    MX_REQUIRE_RESULT(t, xrWaitFrame(s, NULL, &fs2), XR_SUCCESS);
    end.displayTime = fs.predictedDisplayTime;
    MX_CHECK_RESULT(t, xrEndFrame(s, &end), XR_SUCCESS);
    MX_CHECK_RESULT(t, xrBeginFrame(s, NULL), XR_SUCCESS);
    end.displayTime = fs2.predictedDisplayTime;
    MX_CHECK_RESULT(t, xrEndFrame(s, &end), XR_SUCCESS);
    MX_CHECK(t, fs2.predictedDisplayTime > fs.predictedDisplayTime);
    XrFrameWaitInfo wrong = {.type = XR_TYPE_FRAME_BEGIN_INFO};
    MX_CHECK_RESULT(t, xrWaitFrame(s, &wrong, &fs), XR_ERROR_VALIDATION_FAILURE);
}

static XrResult end_with(XrSession s, const XrFrameEndInfo *proto)
{
    XrFrameState fs = {.type = XR_TYPE_FRAME_STATE};
    XrResult r = xrWaitFrame(s, NULL, &fs);
    if (r == XR_SUCCESS)
        r = xrBeginFrame(s, NULL);
    if (r != XR_SUCCESS && r != XR_FRAME_DISCARDED)
        return r;
    XrFrameEndInfo e = *proto;
    e.displayTime = fs.predictedDisplayTime;
    return xrEndFrame(s, &e);
}

static void test_layers(struct mx_test *t, XrSession s, XrSpace local)
{
    const XrPosef identity = {.orientation = {0, 0, 0, 1}};
    XrCompositionLayerProjectionView views[2];
    for (int k = 0; k < 2; k++)
        views[k] = (XrCompositionLayerProjectionView){.type = XR_TYPE_COMPOSITION_LAYER_PROJECTION_VIEW,
                                                      .pose = identity, .fov = {-0.8f, 0.8f, 0.8f, -0.8f},
                                                      .subImage = {.imageRect = {{0, 0}, {64, 64}}}};
    XrCompositionLayerProjection proj = {.type = XR_TYPE_COMPOSITION_LAYER_PROJECTION, .space = local,
                                         .viewCount = 2, .views = views};
    const XrCompositionLayerBaseHeader *one[1] = {(const XrCompositionLayerBaseHeader *)&proj};
    const XrCompositionLayerBaseHeader *null_layer[1] = {NULL};
    XrFrameEndInfo e = end_info(0, 1, null_layer);
    MX_CHECK_RESULT(t, end_with(s, &e), XR_ERROR_LAYER_INVALID);
    XrCompositionLayerProjection cube = proj;
    cube.type = XR_TYPE_COMPOSITION_LAYER_CUBE_KHR; /* extension not enabled */
    const XrCompositionLayerBaseHeader *cube_layer[1] = {(const XrCompositionLayerBaseHeader *)&cube};
    e = end_info(0, 1, cube_layer);
    MX_CHECK_RESULT(t, end_with(s, &e), XR_ERROR_LAYER_INVALID);
    /* No released image (headless: no swapchain at all) */
    e = end_info(0, 1, one);
    MX_CHECK_RESULT(t, end_with(s, &e), XR_ERROR_HANDLE_INVALID);
    proj.viewCount = 1;
    MX_CHECK_RESULT(t, end_with(s, &e), XR_ERROR_VALIDATION_FAILURE);
    proj.viewCount = 2;
    views[0].pose.orientation.w = 0.5f;
    MX_CHECK_RESULT(t, end_with(s, &e), XR_ERROR_POSE_INVALID);
    views[0].pose = identity;
    XrCompositionLayerDepthInfoKHR depth = {.type = XR_TYPE_COMPOSITION_LAYER_DEPTH_INFO_KHR, .minDepth = 0.0f,
                                            .maxDepth = 1.5f, .nearZ = 0.1f, .farZ = 100.0f};
    views[0].next = &depth;
    MX_CHECK_RESULT(t, end_with(s, &e), XR_ERROR_VALIDATION_FAILURE);
    depth.maxDepth = 0.0f; /* min == max */
    MX_CHECK_RESULT(t, end_with(s, &e), XR_ERROR_VALIDATION_FAILURE);
    depth.maxDepth = 1.0f;
    depth.farZ = depth.nearZ;
    MX_CHECK_RESULT(t, end_with(s, &e), XR_ERROR_VALIDATION_FAILURE);
    views[0].next = NULL;
    const XrCompositionLayerBaseHeader *many[17];
    for (int k = 0; k < 17; k++)
        many[k] = one[0];
    e = end_info(0, 17, many);
    MX_CHECK_RESULT(t, end_with(s, &e), XR_ERROR_LAYER_LIMIT_EXCEEDED);
    e = end_info(0, 0, NULL);
    e.environmentBlendMode = XR_ENVIRONMENT_BLEND_MODE_ADDITIVE;
    MX_CHECK_RESULT(t, end_with(s, &e), XR_ERROR_ENVIRONMENT_BLEND_MODE_UNSUPPORTED);
    XrCompositionLayerQuad quad = {.type = XR_TYPE_COMPOSITION_LAYER_QUAD, .space = local,
                                   .eyeVisibility = (XrEyeVisibility)7, .pose = identity, .size = {1, 1}};
    const XrCompositionLayerBaseHeader *quad_layer[1] = {(const XrCompositionLayerBaseHeader *)&quad};
    e = end_info(0, 1, quad_layer);
    MX_CHECK_RESULT(t, end_with(s, &e), XR_ERROR_VALIDATION_FAILURE);
    e = end_info(0, 0, NULL); /* the failed frame above is still in progress: discarded by this one */
    MX_CHECK_RESULT(t, end_with(s, &e), XR_SUCCESS);
}

/* Virtual clock: each frame advances by exactly one period. */
static void test_times(struct mx_test *t, XrSession s, int frames, bool exact)
{
    XrTime last = 0;
    XrDuration period = 0;
    for (int k = 0; k < frames; k++) {
        XrFrameState fs;
        MX_CHECK_RESULT(t, mx_test_frame(s, &fs), XR_SUCCESS);
        if (last != 0 && exact)
            MX_CHECK(t, fs.predictedDisplayTime - last == fs.predictedDisplayPeriod);
        MX_CHECK(t, fs.predictedDisplayTime > last);
        if (period)
            MX_CHECK(t, fs.predictedDisplayPeriod == period);
        period = fs.predictedDisplayPeriod;
        last = fs.predictedDisplayTime;
    }
}

struct pipeline {
    XrSession session;
    pthread_mutex_t lock;
    pthread_cond_t cond;
    XrTime queue[4];
    int queued, frames, failures;
};

static void *render_thread(void *arg)
{
    struct pipeline *p = arg;
    for (int k = 0; k < p->frames; k++) {
        pthread_mutex_lock(&p->lock);
        while (p->queued == 0)
            pthread_cond_wait(&p->cond, &p->lock);
        XrTime t = p->queue[0];
        p->queued--;
        memmove(p->queue, p->queue + 1, sizeof(p->queue[0]) * (size_t)p->queued);
        pthread_cond_broadcast(&p->cond);
        pthread_mutex_unlock(&p->lock);
        XrResult r = xrBeginFrame(p->session, NULL);
        XrFrameEndInfo e = end_info(t, 0, NULL);
        if (r != XR_SUCCESS || xrEndFrame(p->session, &e) != XR_SUCCESS)
            p->failures++;
    }
    return NULL;
}

/* The CTS pipelined pattern: waits on this thread, begin/end on another; no deadlock, times increase. */
static void test_pipelined(struct mx_test *t, XrSession s, int frames)
{
    struct pipeline p = {.session = s, .frames = frames};
    pthread_mutex_init(&p.lock, NULL);
    pthread_cond_init(&p.cond, NULL);
    pthread_t th;
    MX_CHECK(t, pthread_create(&th, NULL, render_thread, &p) == 0);
    XrTime last = 0;
    for (int k = 0; k < frames; k++) {
        XrFrameState fs = {.type = XR_TYPE_FRAME_STATE};
        MX_CHECK_RESULT(t, xrWaitFrame(s, NULL, &fs), XR_SUCCESS);
        MX_CHECK(t, fs.predictedDisplayTime > last);
        last = fs.predictedDisplayTime;
        pthread_mutex_lock(&p.lock);
        while (p.queued == 4)
            pthread_cond_wait(&p.cond, &p.lock);
        p.queue[p.queued++] = fs.predictedDisplayTime;
        pthread_cond_broadcast(&p.cond);
        pthread_mutex_unlock(&p.lock);
    }
    pthread_join(th, NULL);
    MX_CHECK(t, p.failures == 0);
    pthread_cond_destroy(&p.cond);
    pthread_mutex_destroy(&p.lock);
}

struct hammer {
    struct mx_test_app *app;
    XrSpace view, local;
    XrTime time;
    int failures;
};

/* Concurrent calls of everything a helper thread may do while the frame loop runs. */
static void *hammer_thread(void *arg)
{
    struct hammer *h = arg;
    for (int k = 0; k < 500; k++) {
        XrSpaceLocation loc = {.type = XR_TYPE_SPACE_LOCATION};
        XrViewLocateInfo li = {.type = XR_TYPE_VIEW_LOCATE_INFO,
                               .viewConfigurationType = XR_VIEW_CONFIGURATION_TYPE_PRIMARY_STEREO,
                               .displayTime = h->time, .space = h->local};
        XrViewState vs = {.type = XR_TYPE_VIEW_STATE};
        XrView views[2] = {{.type = XR_TYPE_VIEW}, {.type = XR_TYPE_VIEW}};
        XrSystemProperties sp = {.type = XR_TYPE_SYSTEM_PROPERTIES};
        uint32_t n;
        XrPath path;
        char buf[64];
        if (xrLocateSpace(h->view, h->local, h->time, &loc) != XR_SUCCESS ||
            xrLocateViews(h->app->session, &li, &vs, 2, &n, views) != XR_SUCCESS ||
            xrGetSystemProperties(h->app->instance, h->app->system, &sp) != XR_SUCCESS ||
            xrStringToPath(h->app->instance, "/user/hand/left", &path) != XR_SUCCESS ||
            xrPathToString(h->app->instance, path, sizeof(buf), &n, buf) != XR_SUCCESS)
            h->failures++;
    }
    return NULL;
}

static void test_hammer(struct mx_test *t, struct mx_test_app *app, XrSpace local, bool virtual_clock)
{
    XrFrameState fs;
    MX_REQUIRE_RESULT(t, mx_test_frame(app->session, &fs), XR_SUCCESS);
    struct hammer h[3];
    pthread_t th[3];
    XrReferenceSpaceCreateInfo rs = {.type = XR_TYPE_REFERENCE_SPACE_CREATE_INFO,
                                     .referenceSpaceType = XR_REFERENCE_SPACE_TYPE_VIEW,
                                     .poseInReferenceSpace = {.orientation = {0, 0, 0, 1}}};
    XrSpace view;
    MX_REQUIRE_RESULT(t, xrCreateReferenceSpace(app->session, &rs, &view), XR_SUCCESS);
    for (int k = 0; k < 3; k++) {
        h[k] = (struct hammer){.app = app, .view = view, .local = local, .time = fs.predictedDisplayTime};
        MX_CHECK(t, pthread_create(&th[k], NULL, hammer_thread, &h[k]) == 0);
    }
    test_times(t, app->session, virtual_clock ? 200 : 20, virtual_clock);
    for (int k = 0; k < 3; k++) {
        pthread_join(th[k], NULL);
        MX_CHECK(t, h[k].failures == 0);
    }
    MX_CHECK_RESULT(t, xrDestroySpace(view), XR_SUCCESS);
}

static void run(struct mx_test *t, bool virtual_clock)
{
    mx_test_reset_env();
    if (!virtual_clock) {
        setenv("MOCKXR_CLOCK", "realtime", 1);
        setenv("MOCKXR_REFRESH_HZ", "240", 1);
    }
    struct mx_test_app app;
    const char *ext[] = {"XR_KHR_composition_layer_depth", NULL};
    MX_REQUIRE_RESULT(t, mx_test_app_start(&app, ext), XR_SUCCESS);
    XrSpace local;
    XrReferenceSpaceCreateInfo rs = {.type = XR_TYPE_REFERENCE_SPACE_CREATE_INFO,
                                     .referenceSpaceType = XR_REFERENCE_SPACE_TYPE_LOCAL,
                                     .poseInReferenceSpace = {.orientation = {0, 0, 0, 1}}};
    MX_REQUIRE_RESULT(t, xrCreateReferenceSpace(app.session, &rs, &local), XR_SUCCESS);
    if (!t->clean && virtual_clock) {
        test_call_order(t, app.session);
        test_layers(t, app.session, local);
    }
    test_times(t, app.session, virtual_clock ? 100 : 20, virtual_clock);
    test_pipelined(t, app.session, virtual_clock ? 200 : 30);
    test_times(t, app.session, 5, virtual_clock);
    test_hammer(t, &app, local, virtual_clock);
    mx_test_app_stop(&app);
}

int main(int argc, char **argv)
{
    struct mx_test t;
    mx_test_init(&t, argc, argv);
    run(&t, true);
    run(&t, false);
    return mx_test_finish(&t, "core_frame");
}
