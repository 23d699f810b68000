/* The session and its state machine: events in, "what the loop should do" out. READY -> begin,
 * STOPPING -> end, EXITING -> leave, LOSS_PENDING -> destroy and create a new session. */
#include <inttypes.h>
#include <string.h>

#include "xr_internal.h"

/* While a lost session cannot be recreated (no headset yet), try again this often. */
#define RECREATE_RETRY_NS 250000000L

static const char *state_name(XrSessionState s)
{
    switch (s) {
    case XR_SESSION_STATE_IDLE: return "IDLE";
    case XR_SESSION_STATE_READY: return "READY";
    case XR_SESSION_STATE_SYNCHRONIZED: return "SYNCHRONIZED";
    case XR_SESSION_STATE_VISIBLE: return "VISIBLE";
    case XR_SESSION_STATE_FOCUSED: return "FOCUSED";
    case XR_SESSION_STATE_STOPPING: return "STOPPING";
    case XR_SESSION_STATE_LOSS_PENDING: return "LOSS_PENDING";
    case XR_SESSION_STATE_EXITING: return "EXITING";
    default: return "UNKNOWN";
    }
}

bool xr_session_check(struct xr *xr, XrResult r, const char *call)
{
    if (XR_SUCCEEDED(r))
        return true;
    if (r == XR_ERROR_SESSION_LOST) {
        if (!xr->lost)
            xr_log("%s: XR_ERROR_SESSION_LOST: the session will be recreated", call);
        xr->lost = true;
        return false;
    }
    xr_ok(xr->instance, r, call);
    if (r == XR_ERROR_INSTANCE_LOST) {
        xr_log("the OpenXR runtime is gone (instance lost): exiting");
        xr->status = XR_STATUS_INSTANCE_LOST;
    } else if (xr->status == XR_STATUS_OK) {
        xr->status = XR_STATUS_FAILED;
    }
    return false;
}

/* STAGE puts the floor at y = 0; LOCAL has its origin at the head, so shift it down by a standing height. */
static enum xr_status create_play_space(struct xr *xr)
{
    XrReferenceSpaceType types[8];
    uint32_t count = 0;
    if (!xr_session_check(xr, xrEnumerateReferenceSpaces(xr->session, 8, &count, types), "xrEnumerateReferenceSpaces"))
        return XR_STATUS_FAILED;
    xr->play_space_type = XR_REFERENCE_SPACE_TYPE_LOCAL;
    for (uint32_t i = 0; i < count; ++i)
        if (types[i] == XR_REFERENCE_SPACE_TYPE_STAGE)
            xr->play_space_type = XR_REFERENCE_SPACE_TYPE_STAGE;
    XrReferenceSpaceCreateInfo info = {.type = XR_TYPE_REFERENCE_SPACE_CREATE_INFO,
                                       .referenceSpaceType = xr->play_space_type,
                                       .poseInReferenceSpace = {.orientation = {0, 0, 0, 1}}};
    if (xr->play_space_type == XR_REFERENCE_SPACE_TYPE_LOCAL)
        info.poseInReferenceSpace.position.y = -XR_FLOOR_OFFSET_M;
    if (!xr_session_check(xr, xrCreateReferenceSpace(xr->session, &info, &xr->play_space), "xrCreateReferenceSpace"))
        return XR_STATUS_FAILED;
    return XR_STATUS_OK;
}

static enum xr_status set_gfx_target(struct xr *xr)
{
    struct gfx_target_desc t = {.width = xr->color[0].width,
                                .height = xr->color[0].height,
                                .view_count = xr->view_count,
                                .multiview = xr->multiview,
                                .msaa_samples = xr->desc.msaa_samples ? xr->desc.msaa_samples : 1,
                                .color_format = (VkFormat)xr->color_format,
                                .depth_format = xr->depth_swapchains ? (VkFormat)xr->depth_format : VK_FORMAT_UNDEFINED};
    for (uint32_t i = 0; i < xr->swapchain_count; ++i) {
        t.color[i] = (struct gfx_image_set){.count = xr->color[i].image_count, .images = xr->color[i].images};
        if (xr->depth_swapchains)
            t.depth[i] = (struct gfx_image_set){.count = xr->depth[i].image_count, .images = xr->depth[i].images};
    }
    if (gfx_set_target(xr->gfx, &t) != 0) {
        xr_log("gfx_set_target failed (see above)");
        return XR_STATUS_FAILED;
    }
    if (xr->depth_swapchains && !gfx_target_writes_depth(xr->gfx)) { /* a depth layer must carry real depth */
        xr_log("internal error: depth swapchains made for a target gfx does not write depth to");
        return XR_STATUS_FAILED;
    }
    return XR_STATUS_OK;
}

enum xr_status xr_session_create(struct xr *xr)
{
    XrGraphicsBindingVulkanKHR binding = {.type = XR_TYPE_GRAPHICS_BINDING_VULKAN_KHR,
                                          .instance = xr->vk_instance,
                                          .physicalDevice = xr->vk_physical,
                                          .device = xr->vk_device,
                                          .queueFamilyIndex = xr->queue_family,
                                          .queueIndex = 0};
    XrSessionCreateInfo info = {.type = XR_TYPE_SESSION_CREATE_INFO, .next = &binding, .systemId = xr->system};
    XrResult r = xrCreateSession(xr->instance, &info, &xr->session);
    if (!xr_session_check(xr, r, "xrCreateSession"))
        return xr->status == XR_STATUS_OK ? XR_STATUS_FAILED : xr->status;
    xr->state = XR_SESSION_STATE_UNKNOWN;
    xr->running = false;
    xr->lost = false;
    xr->views_valid = false;
    memset(xr->gfx_slot_frame, 0, sizeof(xr->gfx_slot_frame));
    enum xr_status st = create_play_space(xr);
    if (st == XR_STATUS_OK)
        st = xr_swapchains_create(xr);
    if (st == XR_STATUS_OK)
        st = xr_input_attach(xr);
    if (st == XR_STATUS_OK)
        st = set_gfx_target(xr);
    if (st != XR_STATUS_OK)
        return xr->status != XR_STATUS_OK ? xr->status : st;
    xr_log("session %" PRIu32 " created: %s space, %s, %s swapchains (%s)", xr->session_number,
           xr->play_space_type == XR_REFERENCE_SPACE_TYPE_STAGE ? "STAGE" : "LOCAL + 1.6 m floor offset",
           xr->multiview ? "multiview (one array swapchain)" : "per-view swapchains",
           xr->depth_swapchains ? "color + depth" : "color", xr->depth_swapchains ? "depth layer" : "own depth buffer");
    xr->session_number++;
    return XR_STATUS_OK;
}

/* Outside the frame loop (shutdown, loss): the GPU may still read or write swapchain images. */
static void wait_device_idle(struct xr *xr)
{
    if (xr->vk_device == VK_NULL_HANDLE)
        return;
    VkResult vr = vkDeviceWaitIdle(xr->vk_device);
    if (vr != VK_SUCCESS)
        xr_log("vkDeviceWaitIdle failed: %s", xr_vk_result_text(vr));
}

void xr_session_destroy(struct xr *xr)
{
    if (xr->session == XR_NULL_HANDLE)
        return;
    wait_device_idle(xr);
    /* The frames still in gfx's slots will not report GPU time through this session's slots. */
    for (uint32_t i = 0; i < GFX_FRAMES_IN_FLIGHT; ++i) {
        struct xr_frame_record *rec = xr->gfx_slot_frame[i] ? xr_stats_frame_get(xr->stats, xr->gfx_slot_frame[i] - 1) : NULL;
        if (rec)
            rec->gpu_pending = false;
    }
    /* A session still running here is being torn down after an error: xrDestroySession ends it. */
    xr->running = false;
    xr_input_detach(xr);
    /* The target's views and framebuffers name the swapchain images: they go first. */
    if (xr->gfx)
        gfx_clear_target(xr->gfx);
    xr_swapchains_destroy(xr);
    if (xr->play_space != XR_NULL_HANDLE) {
        xr_ok(xr->instance, xrDestroySpace(xr->play_space), "xrDestroySpace");
        xr->play_space = XR_NULL_HANDLE;
    }
    xr_ok(xr->instance, xrDestroySession(xr->session), "xrDestroySession");
    xr->session = XR_NULL_HANDLE;
    /* Back to what the device held before the session (the soak compares it from session to session). */
    if (xr->gfx)
        xr_log("session destroyed: %" PRIu32 " Vulkan objects live in gfx, %" PRIu32
               " of them kept for the next session (render pass, pipelines)",
               gfx_live_objects(xr->gfx), gfx_kept_objects(xr->gfx));
}

static void on_state_changed(struct xr *xr, const XrEventDataSessionStateChanged *ev)
{
    if (ev->session != xr->session)
        return;
    xr_log("session state %s -> %s", state_name(xr->state), state_name(ev->state));
    xr->state = ev->state;
    switch (ev->state) {
    case XR_SESSION_STATE_READY: {
        XrSessionBeginInfo info = {.type = XR_TYPE_SESSION_BEGIN_INFO, .primaryViewConfigurationType = xr->view_config};
        if (xr_session_check(xr, xrBeginSession(xr->session, &info), "xrBeginSession"))
            xr->running = true;
        break;
    }
    case XR_SESSION_STATE_STOPPING:
        xr->running = false;
        xr_session_check(xr, xrEndSession(xr->session), "xrEndSession");
        break;
    case XR_SESSION_STATE_EXITING:
        xr->leave = true;
        break;
    case XR_SESSION_STATE_LOSS_PENDING:
        xr->lost = true;
        break;
    default:
        break;
    }
}

static void handle_event(struct xr *xr, const XrEventDataBuffer *ev)
{
    switch (ev->type) {
    case XR_TYPE_EVENT_DATA_SESSION_STATE_CHANGED:
        on_state_changed(xr, (const XrEventDataSessionStateChanged *)ev);
        break;
    case XR_TYPE_EVENT_DATA_INSTANCE_LOSS_PENDING:
        xr_log("the runtime announced instance loss: exiting");
        xr->status = XR_STATUS_INSTANCE_LOST;
        break;
    case XR_TYPE_EVENT_DATA_EVENTS_LOST:
        xr_log("the runtime dropped %" PRIu32 " events", ((const XrEventDataEventsLost *)ev)->lostEventCount);
        break;
    case XR_TYPE_EVENT_DATA_INTERACTION_PROFILE_CHANGED:
        xr_input_profile_changed(xr);
        break;
    case XR_TYPE_EVENT_DATA_REFERENCE_SPACE_CHANGE_PENDING:
        xr_log("reference space change pending (recentering)");
        break;
    default:
        break;
    }
}

static bool time_reached(const struct timespec *t)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return now.tv_sec > t->tv_sec || (now.tv_sec == t->tv_sec && now.tv_nsec >= t->tv_nsec);
}

/* After loss: a new session as soon as the runtime has a system again (xrGetSystem may say
 * FORM_FACTOR_UNAVAILABLE for a while). Instance-level objects (Vulkan device, gfx, actions) are kept. */
static void try_recreate(struct xr *xr)
{
    if (!time_reached(&xr->next_recreate))
        return;
    XrSystemGetInfo info = {.type = XR_TYPE_SYSTEM_GET_INFO, .formFactor = XR_FORM_FACTOR_HEAD_MOUNTED_DISPLAY};
    XrSystemId system = XR_NULL_SYSTEM_ID;
    XrResult r = xrGetSystem(xr->instance, &info, &system);
    if (r == XR_ERROR_FORM_FACTOR_UNAVAILABLE) {
        clock_gettime(CLOCK_MONOTONIC, &xr->next_recreate);
        xr->next_recreate.tv_nsec += RECREATE_RETRY_NS;
        if (xr->next_recreate.tv_nsec >= 1000000000L) {
            xr->next_recreate.tv_sec++;
            xr->next_recreate.tv_nsec -= 1000000000L;
        }
        return;
    }
    if (!xr_session_check(xr, r, "xrGetSystem"))
        return;
    if (system != xr->system) {
        xr_log("the runtime came back with another system (%" PRIu64 " -> %" PRIu64 "): not supported, exiting",
               (uint64_t)xr->system, (uint64_t)system);
        xr->status = XR_STATUS_FAILED;
        return;
    }
    /* Graphics requirements are per system and must be queried before each xrCreateSession. */
    XrGraphicsRequirementsVulkanKHR reqs = {.type = XR_TYPE_GRAPHICS_REQUIREMENTS_VULKAN_KHR};
    if (xr->ext.vulkan2) {
        reqs.type = XR_TYPE_GRAPHICS_REQUIREMENTS_VULKAN2_KHR;
        r = xr->fn.get_reqs2(xr->instance, xr->system, &reqs);
    } else {
        r = xr->fn.get_reqs1(xr->instance, xr->system, &reqs);
    }
    if (!xr_session_check(xr, r, "xrGetVulkanGraphicsRequirementsKHR"))
        return;
    enum xr_status st = xr_session_create(xr);
    if (st != XR_STATUS_OK && xr->status == XR_STATUS_OK)
        xr->status = st;
}

enum xr_step xr_poll(struct xr *xr)
{
    for (;;) {
        XrEventDataBuffer ev = {.type = XR_TYPE_EVENT_DATA_BUFFER};
        XrResult r = xrPollEvent(xr->instance, &ev);
        if (r == XR_EVENT_UNAVAILABLE)
            break;
        if (!xr_session_check(xr, r, "xrPollEvent"))
            break;
        handle_event(xr, &ev);
    }
    if (xr->status != XR_STATUS_OK)
        return XR_STEP_EXIT;
    if (xr->leave) {
        xr_session_destroy(xr);
        return XR_STEP_EXIT;
    }
    if (xr->lost && xr->session != XR_NULL_HANDLE) {
        xr_log("session lost: destroying it and creating a new one");
        xr_session_destroy(xr);
        xr->next_recreate = (struct timespec){0, 0};
    }
    if (xr->session == XR_NULL_HANDLE) {
        if (xr->exit_requested)
            return XR_STEP_EXIT;
        try_recreate(xr);
        return xr->status != XR_STATUS_OK ? XR_STEP_EXIT : XR_STEP_IDLE;
    }
    return xr->running ? XR_STEP_FRAME : XR_STEP_IDLE;
}

void xr_request_exit(struct xr *xr)
{
    if (xr->exit_requested)
        return;
    xr->exit_requested = true;
    if (xr->session == XR_NULL_HANDLE || !xr->running) {
        /* Nothing running to stop: the runtime will not send STOPPING/EXITING for us. */
        xr->leave = true;
        return;
    }
    if (!xr_session_check(xr, xrRequestExitSession(xr->session), "xrRequestExitSession"))
        xr->leave = true;
}
