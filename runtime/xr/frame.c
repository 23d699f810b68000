/* The frame loop: gfx slot fence (its GPU time sets the resolution scale) -> xrWaitFrame -> live data -> animate + cull
 * (widened) -> acquire + wait images -> begin -> record -> locate views (late latch) -> set views -> submit
 * -> release -> end, all for one predicted display time. */
#include <inttypes.h>
#include <math.h>
#include <string.h>

#include "xr_internal.h"

/* Detail culling's threshold: desc.detail_px pixels as an angle at the centre of the finest view (the
 * tangent per pixel there, of the pixels drawn). When dynamic resolution draws a frame at scale s < 1
 * because the GPU falls behind, it is detail_px / s of those pixels (detail_px / s^2 of the full size); a
 * fixed --res-scale keeps detail_px of the pixels drawn. Towards the edges a pixel spans less angle (half
 * of it 45 degrees off-centre), so a piece left out there may have covered up to twice as many pixels. */
static bool detail_for_views(const struct xr *xr, float res_scale, struct scene_detail *out)
{
    float px = xr->desc.detail_px == 0.0f ? XR_DEFAULT_DETAIL_PX : xr->desc.detail_px;
    if (!(px > 0.0f) || !xr->views_valid)
        return false;
    float per_px = INFINITY, eye[3] = {0.0f, 0.0f, 0.0f};
    for (uint32_t v = 0; v < xr->view_count; ++v) {
        const XrFovf *fov = &xr->views[v].fov;
        const XrViewConfigurationView *cv = &xr->config_views[v];
        if (cv->recommendedImageRectWidth == 0 || cv->recommendedImageRectHeight == 0)
            return false;
        per_px = fminf(per_px, (tanf(fov->angleRight) - tanf(fov->angleLeft)) / (float)cv->recommendedImageRectWidth);
        per_px = fminf(per_px, (tanf(fov->angleUp) - tanf(fov->angleDown)) / (float)cv->recommendedImageRectHeight);
        eye[0] += xr->views[v].pose.position.x / (float)xr->view_count;
        eye[1] += xr->views[v].pose.position.y / (float)xr->view_count;
        eye[2] += xr->views[v].pose.position.z / (float)xr->view_count;
    }
    per_px /= res_scale;
    if (xr->res.adaptive)
        per_px /= res_scale; /* shed triangles under load too: most of a small frame's cost on lavapipe */
    if (!(per_px > 0.0f) || !isfinite(per_px))
        return false;
    *out = (struct scene_detail){.eye = {eye[0], eye[1], eye[2]}, .min_angle = px * per_px};
    return true;
}

/* Culling uses the previous frame's views (this frame's are located only after recording), widened
 * by the head motion possible between the two display times. */
static void cull(struct xr *xr, XrTime display_time, XrDuration period, float res_scale,
                 struct scene_draw_list *out_list)
{
    struct scene_frustum frusta[XR_MAX_VIEWS];
    struct scene_detail detail;
    uint32_t n = 0;
    if (xr->views_valid) {
        int64_t dt = display_time - xr->views_time;
        if (dt < period)
            dt = period;
        const float widen = xr_views_widen_angle(dt);
        const float sideways = xr_views_widen_distance(dt);
        for (uint32_t v = 0; v < xr->view_count; ++v) {
            const XrView *view = &xr->views[v];
            const XrQuaternionf *q = &view->pose.orientation;
            float pos[3], orient[4] = {q->x, q->y, q->z, q->w};
            xr_views_pullback(view, sideways, pos);
            scene_frustum_from_fov(pos, orient, view->fov.angleLeft, view->fov.angleRight, view->fov.angleUp,
                                   view->fov.angleDown, XR_NEAR_Z, XR_FAR_Z + 1.0f, widen, &frusta[n++]);
        }
    }
    const bool with_detail = detail_for_views(xr, res_scale, &detail);
    scene_cull_detail(xr->desc.scene, frusta, n, with_detail ? &detail : NULL, out_list);
}

/* Standing at the origin looking down -Z: used only until the runtime reports a valid pose. */
static void default_views(struct xr *xr)
{
    for (uint32_t v = 0; v < xr->view_count; ++v) {
        xr->views[v] = (XrView){.type = XR_TYPE_VIEW,
                                .pose = {.orientation = {0, 0, 0, 1},
                                         .position = {v == 0 && xr->view_count == 2 ? -0.032f : 0.032f, XR_FLOOR_OFFSET_M, 0}},
                                .fov = {-0.785f, 0.785f, 0.785f, -0.785f}};
    }
}

static bool locate_views(struct xr *xr, XrTime display_time, struct xr_frame_record *rec)
{
    XrViewLocateInfo info = {.type = XR_TYPE_VIEW_LOCATE_INFO,
                             .viewConfigurationType = xr->view_config,
                             .displayTime = display_time,
                             .space = xr->play_space};
    XrViewState state = {.type = XR_TYPE_VIEW_STATE};
    XrView views[XR_MAX_VIEWS] = {{.type = XR_TYPE_VIEW}, {.type = XR_TYPE_VIEW}};
    uint32_t count = 0;
    rec->located = xr_now(xr); /* when xrLocateViews was called: what the runtime's pose age measures too */
    rec->mono.located = xr_monotonic_ns();
    if (!xr_session_check(xr, xrLocateViews(xr->session, &info, &state, xr->view_count, &count, views), "xrLocateViews"))
        return false;
    const XrViewStateFlags need = XR_VIEW_STATE_ORIENTATION_VALID_BIT | XR_VIEW_STATE_POSITION_VALID_BIT;
    if ((state.viewStateFlags & need) != need || count != xr->view_count) {
        if (xr->views_valid)
            return false; /* tracking lost for a moment: keep rendering from the last good poses */
        default_views(xr);
        return false;
    }
    memcpy(xr->views, views, sizeof(views[0]) * count);
    xr->views_valid = true;
    xr->views_time = display_time;
    return true;
}

/* gfx reports a slot's previous frame when the slot is waited for: give that frame its GPU time (and
 * dynamic resolution its measurement). The wait itself is booked to the frame about to use the slot
 * (bind_slot). */
static void settle_gpu(struct xr *xr, const struct gfx_frame_stats *prev)
{
    const uint32_t slot = xr->gfx_slot_next;
    if (xr->gfx_slot_frame[slot] != 0) {
        struct xr_frame_record *old = xr_stats_frame_get(xr->stats, xr->gfx_slot_frame[slot] - 1);
        if (old) {
            old->gpu_ms = prev->gpu_ms;
            old->gpu_pending = false;
            xr_res_measured(&xr->res, prev->gpu_ms, old->res_scale, (double)old->period * 1e-6);
        }
        xr->gfx_slot_frame[slot] = 0;
    }
    xr->fence_wait_ms += prev->fence_wait_ms;
}

static void bind_slot(struct xr *xr, struct xr_frame_record *rec)
{
    xr->gfx_slot_frame[xr->gfx_slot_next] = rec->frame + 1;
    xr->gfx_slot_next = (xr->gfx_slot_next + 1) % GFX_FRAMES_IN_FLIGHT;
    rec->fence_wait_ms = xr->fence_wait_ms;
    xr->fence_wait_ms = 0.0;
}

static void release_all(struct xr *xr)
{
    for (uint32_t i = 0; i < xr->swapchain_count; ++i) {
        xr_swapchain_release(xr, &xr->color[i]);
        if (xr->depth_swapchains)
            xr_swapchain_release(xr, &xr->depth[i]);
    }
}

/* The swapchain images a frame renders into, acquired and waited for before xrBeginFrame. */
struct xr_frame_images {
    uint32_t color[XR_MAX_VIEWS], depth[XR_MAX_VIEWS];
};

static bool acquire_all(struct xr *xr, uint32_t *color_index, uint32_t *depth_index)
{
    for (uint32_t i = 0; i < xr->swapchain_count; ++i) {
        if (!xr_swapchain_acquire(xr, &xr->color[i], &color_index[i]) ||
            (xr->depth_swapchains && !xr_swapchain_acquire(xr, &xr->depth[i], &depth_index[i]))) {
            release_all(xr);
            return false;
        }
    }
    return true;
}

static bool gfx_failed(struct xr *xr, const char *call)
{
    xr_log("%s failed (see above)", call);
    xr->status = XR_STATUS_FAILED;
    return false;
}

/* Before xrBeginFrame: acquire and wait for the swapchain images (the runtime may block on the GPU here)
 * and begin the gfx frame, so that begin -> end holds only recording, the late latch and the submit.
 * Acquire and wait do not depend on xrBeginFrame in the spec; the images are released before xrEndFrame
 * either way. */
static bool prepare(struct xr *xr, struct xr_frame_images *img, struct xr_frame_record *rec)
{
    if (!acquire_all(xr, img->color, img->depth))
        return false;
    struct gfx_frame_stats prev = {0};
    if (gfx_frame_begin(xr->gfx, &prev) != 0) {
        release_all(xr);
        return gfx_failed(xr, "gfx_frame_begin");
    }
    settle_gpu(xr, &prev);
    bind_slot(xr, rec);
    return true;
}

/* A prepared frame that will not be rendered (session lost, xrBeginFrame failed): its images go back,
 * and gfx will hand the same slot out again, so the slot bookkeeping steps back too. */
static void abandon(struct xr *xr)
{
    release_all(xr);
    xr->gfx_slot_next = (xr->gfx_slot_next + GFX_FRAMES_IN_FLIGHT - 1) % GFX_FRAMES_IN_FLIGHT;
    xr->gfx_slot_frame[xr->gfx_slot_next] = 0;
}

/* Everything between xrBeginFrame and xrEndFrame for a frame that is shown: record, locate the views
 * (late latch), write them, submit, release. Once prepare() ran gfx_frame_begin, a frame not submitted
 * is dropped by the next gfx_frame_begin, so an error on the way leaves gfx consistent. */
static bool render(struct xr *xr, XrTime display_time, const struct scene_draw_list *list,
                   const struct xr_frame_images *img, struct xr_frame_record *rec)
{
    struct gfx_frame_stats cur = {0};
    bool located = true;
    if (xr->desc.no_late_latch)
        located = locate_views(xr, display_time, rec);
    rec->image_width = xr_res_size(rec->res_scale, xr->color[0].width);
    rec->image_height = xr_res_size(rec->res_scale, xr->color[0].height);
    if (gfx_set_render_extent(xr->gfx, rec->image_width, rec->image_height) != 0) {
        release_all(xr);
        return gfx_failed(xr, "gfx_set_render_extent");
    }
    if (gfx_frame_record(xr->gfx, list, img->color, xr->depth_swapchains ? img->depth : NULL, &cur) != 0) {
        release_all(xr);
        return gfx_failed(xr, "gfx_frame_record");
    }
    if (!xr->desc.no_late_latch)
        located = locate_views(xr, display_time, rec);
    if (!xr->views_valid && !located)
        default_views(xr);
    struct gfx_view views[XR_MAX_VIEWS];
    for (uint32_t v = 0; v < xr->view_count; ++v)
        xr_views_to_gfx(&xr->views[v], XR_NEAR_Z, XR_FAR_Z, &views[v]);
    gfx_frame_set_views(xr->gfx, views, xr->view_count);
    if (gfx_frame_submit(xr->gfx) != 0) {
        release_all(xr);
        return gfx_failed(xr, "gfx_frame_submit");
    }
    rec->draws = cur.draws;
    rec->triangles = cur.triangles;
    rec->gpu_pending = true;
    const bool lost_before = xr->lost;
    release_all(xr);
    return !lost_before && !xr->lost && xr->status == XR_STATUS_OK;
}

/* The projection layer names exactly the poses and FOVs the images were rendered with. */
static XrResult end_frame(struct xr *xr, XrTime display_time, bool with_layer, struct xr_frame_record *rec)
{
    XrCompositionLayerProjectionView pv[XR_MAX_VIEWS];
    XrCompositionLayerDepthInfoKHR depth[XR_MAX_VIEWS];
    for (uint32_t v = 0; v < xr->view_count; ++v) {
        const uint32_t sc = xr->multiview ? 0 : v, layer = xr->multiview ? v : 0;
        /* dynamic resolution: the part of the images this frame drew */
        const XrRect2Di rect = {{0, 0}, {(int32_t)rec->image_width, (int32_t)rec->image_height}};
        depth[v] = (XrCompositionLayerDepthInfoKHR){
            .type = XR_TYPE_COMPOSITION_LAYER_DEPTH_INFO_KHR,
            .subImage = {.swapchain = xr->depth[sc].handle, .imageRect = rect, .imageArrayIndex = layer},
            .minDepth = 0.0f,
            .maxDepth = 1.0f,
            .nearZ = XR_NEAR_Z,
            .farZ = XR_FAR_Z};
        pv[v] = (XrCompositionLayerProjectionView){
            .type = XR_TYPE_COMPOSITION_LAYER_PROJECTION_VIEW,
            .next = xr->depth_swapchains ? &depth[v] : NULL,
            .pose = xr->views[v].pose,
            .fov = xr->views[v].fov,
            .subImage = {.swapchain = xr->color[sc].handle, .imageRect = rect, .imageArrayIndex = layer}};
    }
    XrCompositionLayerProjection proj = {.type = XR_TYPE_COMPOSITION_LAYER_PROJECTION,
                                         .space = xr->play_space,
                                         .viewCount = xr->view_count,
                                         .views = pv};
    XrCompositionLayerQuad panel;
    const XrCompositionLayerBaseHeader *layers[2] = {(const XrCompositionLayerBaseHeader *)&proj,
                                                     xr_interact_layer(xr, &panel)};
    XrFrameEndInfo info = {.type = XR_TYPE_FRAME_END_INFO,
                           .displayTime = display_time,
                           .environmentBlendMode = xr->blend_mode,
                           .layerCount = with_layer ? (layers[1] ? 2 : 1) : 0,
                           .layers = with_layer ? layers : NULL};
    rec->end = xr_now(xr);
    rec->mono.end = xr_monotonic_ns();
    return xrEndFrame(xr->session, &info);
}

static void after_end(struct xr *xr, struct xr_frame_record *rec, bool rendered)
{
    rec->late = rec->end >= rec->predicted_display_time;
    if (rendered)
        xr->frames_rendered++;
    if (xr->desc.max_frames && xr->frames_rendered >= xr->desc.max_frames)
        xr_request_exit(xr);
}

/* The loop's GPU wait comes before xrWaitFrame: when the GPU is behind, the runtime then predicts the
 * display time after the wait, and wake -> end holds only the app's own CPU work. */
static bool wait_gpu(struct xr *xr)
{
    struct gfx_frame_stats prev = {0};
    if (gfx_frame_wait(xr->gfx, &prev) != 0)
        return gfx_failed(xr, "gfx_frame_wait");
    settle_gpu(xr, &prev);
    return true;
}

enum xr_status xr_frame(struct xr *xr)
{
    if (!wait_gpu(xr))
        return xr->status;
    XrFrameWaitInfo wait_info = {.type = XR_TYPE_FRAME_WAIT_INFO};
    XrFrameState fs = {.type = XR_TYPE_FRAME_STATE};
    if (!xr_session_check(xr, xrWaitFrame(xr->session, &wait_info, &fs), "xrWaitFrame"))
        return xr->status;
    const XrTime wake = xr_now(xr);
    const int64_t wake_mono = xr_monotonic_ns();
    struct xr_frame_record *rec = xr_stats_frame_new(xr->stats);
    if (!rec) {
        xr->status = XR_STATUS_FAILED;
        return xr->status;
    }
    rec->wake = wake;
    rec->mono.wake = wake_mono;
    rec->frame = xr->frames_waited++;
    rec->session = xr->session_number - 1;
    rec->predicted_display_time = fs.predictedDisplayTime;
    rec->period = fs.predictedDisplayPeriod;
    rec->should_render = fs.shouldRender;
    rec->res_scale = xr_res_scale(&xr->res);
    const uint64_t frame = rec->frame;

    struct scene_draw_list list = {0};
    if (xr->desc.live_hook) /* the app's live data into the scene: takes no lock, never waits */
        xr->desc.live_hook(xr->desc.live_user, xr->desc.scene, frame, fs.predictedDisplayTime, &rec->live);
    if (fs.shouldRender) {
        scene_update(xr->desc.scene, fs.predictedDisplayTime);
        cull(xr, fs.predictedDisplayTime, fs.predictedDisplayPeriod, rec->res_scale, &list);
    }
    xr_input_sync(xr, fs.predictedDisplayTime);
    if (fs.shouldRender) /* the hands' controllers, rays, highlight and arc */
        xr_interact_draw_list(xr, &list);
    struct xr_frame_images img = {{0}, {0}};
    const bool prepared = fs.shouldRender && xr->status == XR_STATUS_OK && !xr->lost && prepare(xr, &img, rec);
    if (xr->status != XR_STATUS_OK || xr->lost) {
        if (prepared)
            abandon(xr);
        xr_stats_frame_done(xr->stats, frame);
        return xr->status;
    }

    XrFrameBeginInfo begin_info = {.type = XR_TYPE_FRAME_BEGIN_INFO};
    XrResult r = xrBeginFrame(xr->session, &begin_info);
    if (r == XR_FRAME_DISCARDED && frame > 0) {
        struct xr_frame_record *prev = xr_stats_frame_get(xr->stats, frame - 1);
        if (prev)
            prev->discarded = true;
    }
    if (xr_session_check(xr, r, "xrBeginFrame")) {
        rec->begin = xr_now(xr);
        rec->mono.begin = xr_monotonic_ns();
        bool rendered = prepared && render(xr, fs.predictedDisplayTime, &list, &img, rec);
        if (xr->status == XR_STATUS_OK && !xr->lost) {
            r = end_frame(xr, fs.predictedDisplayTime, rendered, rec);
            if (xr_session_check(xr, r, "xrEndFrame"))
                after_end(xr, rec, rendered);
        }
    } else if (prepared) {
        abandon(xr); /* gfx drops the begun frame at its next gfx_frame_begin */
    }
    xr_stats_frame_done(xr->stats, frame);
    return xr->status;
}
