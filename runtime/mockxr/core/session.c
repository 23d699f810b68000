/* XrSession: the state machine exactly per specification, and the instance's event queue. */
#include "mockxr_internal.h"
#include "mx_ext.h"
#include "mx_input.h"
#include "mx_vk.h"

#include <stdlib.h>
#include <string.h>

static const char *state_name(XrSessionState st)
{
    static const char *const names[] = {"UNKNOWN", "IDLE",     "READY",        "SYNCHRONIZED", "VISIBLE",
                                        "FOCUSED", "STOPPING", "LOSS_PENDING", "EXITING"};
    return (st >= 0 && (size_t)st < sizeof(names) / sizeof(names[0])) ? names[st] : "?";
}

static size_t event_size(XrStructureType type)
{
    switch (type) {
    case XR_TYPE_EVENT_DATA_SESSION_STATE_CHANGED:
        return sizeof(XrEventDataSessionStateChanged);
    case XR_TYPE_EVENT_DATA_INSTANCE_LOSS_PENDING:
        return sizeof(XrEventDataInstanceLossPending);
    case XR_TYPE_EVENT_DATA_REFERENCE_SPACE_CHANGE_PENDING:
        return sizeof(XrEventDataReferenceSpaceChangePending);
    case XR_TYPE_EVENT_DATA_INTERACTION_PROFILE_CHANGED:
        return sizeof(XrEventDataInteractionProfileChanged);
    case XR_TYPE_EVENT_DATA_EVENTS_LOST:
        return sizeof(XrEventDataEventsLost);
    default: {
        size_t ext = mx_ext_event_size(type); /* never copy past a smaller event structure */
        return ext ? ext : sizeof(XrEventDataBuffer);
    }
    }
}

void mx_instance_push_event(struct mx_instance *i, const void *ev)
{
    const XrEventDataBaseHeader *h = ev;
    if (i->event_count == MX_MAX_EVENTS) {
        i->events_lost_count++; /* reported by an XrEventDataEventsLost before the next event */
        return;
    }
    XrEventDataBuffer *slot = &i->events[(i->event_head + i->event_count) % MX_MAX_EVENTS];
    memset(slot, 0, sizeof(*slot));
    memcpy(slot, ev, event_size(h->type));
    slot->next = NULL;
    i->event_count++;
}

static void push_one_state(struct mx_session *s, XrSessionState st)
{
    XrEventDataSessionStateChanged ev = {
        .type = XR_TYPE_EVENT_DATA_SESSION_STATE_CHANGED,
        .session = (XrSession)(uintptr_t)s->handle,
        .state = st,
        .time = mx_clock_now(s->instance),
    };
    s->queued_state = st;
    mx_instance_push_event(s->instance, &ev);
}

/* Position in the running chain SYNCHRONIZED < VISIBLE < FOCUSED, -1 outside it. */
static int chain_level(XrSessionState st)
{
    switch (st) {
    case XR_SESSION_STATE_SYNCHRONIZED:
        return 0;
    case XR_SESSION_STATE_VISIBLE:
        return 1;
    case XR_SESSION_STATE_FOCUSED:
        return 2;
    default:
        return -1;
    }
}

void mx_session_push_state(struct mx_session *s, XrSessionState target)
{
    static const XrSessionState chain[] = {XR_SESSION_STATE_SYNCHRONIZED, XR_SESSION_STATE_VISIBLE,
                                           XR_SESSION_STATE_FOCUSED};
    if (s->lost || s->queued_state == target)
        return;
    /* STOPPING is entered from SYNCHRONIZED, even by a session begun but not yet synchronized */
    if (target == XR_SESSION_STATE_STOPPING && s->queued_state == XR_SESSION_STATE_READY)
        push_one_state(s, XR_SESSION_STATE_SYNCHRONIZED);
    int from = chain_level(s->queued_state);
    int to = chain_level(target == XR_SESSION_STATE_STOPPING ? XR_SESSION_STATE_SYNCHRONIZED : target);
    if (from >= 0 && to >= 0) {
        while (from != to) {
            from += from < to ? 1 : -1;
            push_one_state(s, chain[from]);
        }
    }
    if (s->queued_state != target)
        push_one_state(s, target);
}

void mx_session_request_exit(struct mx_session *s)
{
    if (s->exit_requested || !s->running || s->lost)
        return;
    s->exit_requested = true;
    mx_session_push_state(s, XR_SESSION_STATE_STOPPING);
}

void mx_session_lose(struct mx_session *s)
{
    if (s->lost)
        return;
    push_one_state(s, XR_SESSION_STATE_LOSS_PENDING);
    s->lost = true;
    pthread_cond_broadcast(&s->frame_cond);
}

void mx_instance_lose(struct mx_instance *i)
{
    if (i->lost)
        return;
    XrEventDataInstanceLossPending ev = {.type = XR_TYPE_EVENT_DATA_INSTANCE_LOSS_PENDING,
                                         .lossTime = mx_clock_now(i)};
    mx_instance_push_event(i, &ev);
    i->lost = true;
    for (struct mx_session *s = i->sessions; s; s = s->next)
        pthread_cond_broadcast(&s->frame_cond);
}

void mx_session_update_visibility(struct mx_session *s)
{
    bool in_chain = chain_level(s->queued_state) >= 0;
    if (!s->running || s->exit_requested || s->lost || !in_chain || s->frames_ended == 0)
        return;
    const struct mx_instance *i = s->instance;
    mx_session_push_state(s, i->hidden ? XR_SESSION_STATE_SYNCHRONIZED
                                       : (i->unfocused ? XR_SESSION_STATE_VISIBLE : XR_SESSION_STATE_FOCUSED));
}

bool mx_session_is_focused(const struct mx_session *s)
{
    return s->state == XR_SESSION_STATE_FOCUSED && !s->lost;
}

struct mx_frame *mx_session_frame(struct mx_session *s, uint64_t index)
{
    struct mx_frame *f = &s->frames[index % MX_FRAME_HISTORY];
    return (f->index == index && f->predicted_display_time != 0) ? f : NULL;
}

static XrResult check_create(struct mx_instance *i, const XrSessionCreateInfo *ci, const char *func)
{
    XrResult r = mx_check_struct(ci, XR_TYPE_SESSION_CREATE_INFO, func, "createInfo");
    if (r != XR_SUCCESS)
        return r;
    if (ci->createFlags != 0)
        return mx_diag(XR_ERROR_VALIDATION_FAILURE, func, "createFlags is 0x%llx, must be 0",
                       (unsigned long long)ci->createFlags);
    r = mx_check_system(ci->systemId, i, func);
    if (r == XR_SUCCESS && i->sessions)
        r = mx_diag(XR_ERROR_LIMIT_REACHED, func, "the instance already has a session (mockxr allows one at a time)");
    return r;
}

static XrResult bind_graphics(struct mx_session *s, const XrSessionCreateInfo *ci, const char *func)
{
    bool no_binding = false;
    XrResult r = mx_vk_session_bind(s, ci->next, &no_binding);
    if (r != XR_SUCCESS || !no_binding)
        return r;
    if (!s->instance->ext_headless)
        return mx_diag(XR_ERROR_GRAPHICS_DEVICE_INVALID, func,
                       "no graphics binding in createInfo->next (and XR_MND_headless is not enabled): chain an "
                       "XrGraphicsBindingVulkanKHR / XrGraphicsBindingVulkan2KHR");
    s->headless = true;
    return XR_SUCCESS;
}

static XrResult XRAPI_CALL create_session(XrInstance instance, const XrSessionCreateInfo *createInfo,
                                          XrSession *session)
{
    static const char *func = "xrCreateSession";
    mx_lock();
    struct mx_instance *i;
    struct mx_session *s = NULL;
    XrResult r = mx_instance_get(instance, func, &i);
    if (r == XR_SUCCESS)
        r = check_create(i, createInfo, func);
    if (r == XR_SUCCESS && !session)
        r = mx_diag(XR_ERROR_VALIDATION_FAILURE, func, "session (output) is NULL");
    if (r == XR_SUCCESS && !(s = calloc(1, sizeof(*s))))
        r = XR_ERROR_OUT_OF_MEMORY;
    if (r == XR_SUCCESS) {
        s->instance = i;
        s->state = s->queued_state = XR_SESSION_STATE_IDLE;
        if (mx_cond_init(&s->frame_cond) != 0) {
            free(s);
            s = NULL;
            r = XR_ERROR_RUNTIME_FAILURE;
        }
    }
    if (r == XR_SUCCESS && !(s->handle = mx_handle_register(MX_HANDLE_SESSION, s)))
        r = XR_ERROR_OUT_OF_MEMORY;
    if (r == XR_SUCCESS)
        r = bind_graphics(s, createInfo, func);
    if (r != XR_SUCCESS && s) {
        mx_vk_session_release(s);
        mx_handle_unregister(s->handle);
        pthread_cond_destroy(&s->frame_cond);
        free(s);
    } else if (r == XR_SUCCESS) {
        s->next = i->sessions;
        i->sessions = s;
        push_one_state(s, XR_SESSION_STATE_IDLE);
        push_one_state(s, XR_SESSION_STATE_READY);
        *session = (XrSession)(uintptr_t)s->handle;
        char live[256];
        mx_handle_live_text(live, sizeof(live));
        mx_info("session created (%s): %s", s->headless ? "headless" : "Vulkan", live);
    }
    mx_unlock();
    return r;
}

static void drop_session_events(struct mx_instance *i, const struct mx_session *s)
{
    XrEventDataBuffer kept[MX_MAX_EVENTS];
    size_t n = 0;
    XrSession h = (XrSession)(uintptr_t)s->handle;
    for (size_t k = 0; k < i->event_count; k++) {
        const XrEventDataBuffer *e = &i->events[(i->event_head + k) % MX_MAX_EVENTS];
        bool mine = (e->type == XR_TYPE_EVENT_DATA_SESSION_STATE_CHANGED &&
                     ((const XrEventDataSessionStateChanged *)e)->session == h) ||
                    (e->type == XR_TYPE_EVENT_DATA_REFERENCE_SPACE_CHANGE_PENDING &&
                     ((const XrEventDataReferenceSpaceChangePending *)e)->session == h) ||
                    (e->type == XR_TYPE_EVENT_DATA_INTERACTION_PROFILE_CHANGED &&
                     ((const XrEventDataInteractionProfileChanged *)e)->session == h) ||
                    mx_ext_event_session(e) == h;
        if (!mine)
            kept[n++] = *e;
    }
    memcpy(i->events, kept, n * sizeof(kept[0]));
    i->event_head = 0;
    i->event_count = n;
}

void mx_session_destroy(struct mx_session *s)
{
    struct mx_instance *i = s->instance;
    while (s->spaces) {
        struct mx_space *sp = s->spaces;
        s->spaces = sp->next;
        mx_handle_unregister(sp->handle);
        free(sp);
    }
    mx_window_session_end(s); /* its read-back in flight uses the session's device and images */
    mx_vk_swapchain_release_all(s);
    mx_input_session_destroy(s);
    mx_vk_session_release(s);
    mx_debug_session_release(s);
    mx_ext_session_destroy(s);
    drop_session_events(i, s);
    for (struct mx_session **p = &i->sessions; *p; p = &(*p)->next) {
        if (*p == s) {
            *p = s->next;
            break;
        }
    }
    mx_handle_unregister(s->handle);
    pthread_cond_destroy(&s->frame_cond);
    free(s);
}

static XrResult XRAPI_CALL destroy_session(XrSession session)
{
    mx_lock();
    struct mx_session *s;
    XrResult r = mx_session_lookup(session, "xrDestroySession", &s);
    if (r == XR_SUCCESS && s->waiters > 0)
        r = mx_diag(XR_ERROR_CALL_ORDER_INVALID, "xrDestroySession",
                    "another thread is blocked in xrWaitFrame on this session (external synchronization rule)");
    if (r == XR_SUCCESS) {
        mx_session_destroy(s);
        char live[256];
        mx_handle_live_text(live, sizeof(live));
        mx_info("session destroyed: %s", live);
    }
    mx_unlock();
    return r;
}

static XrResult XRAPI_CALL begin_session(XrSession session, const XrSessionBeginInfo *beginInfo)
{
    static const char *func = "xrBeginSession";
    mx_lock();
    struct mx_session *s;
    XrResult r = mx_session_get(session, func, &s);
    if (r == XR_SUCCESS)
        r = mx_check_struct(beginInfo, XR_TYPE_SESSION_BEGIN_INFO, func, "beginInfo");
    if (r == XR_SUCCESS)
        r = mx_check_view_config_offered(s->instance, beginInfo->primaryViewConfigurationType, func);
    if (r == XR_SUCCESS && s->running)
        r = mx_diag(XR_ERROR_SESSION_RUNNING, func, "the session is already running (state %s)",
                    state_name(s->queued_state));
    /* Judged on the runtime's state, as conformant runtimes do (CTS test_XR_MND_headless relies on it). */
    if (r == XR_SUCCESS && s->queued_state != XR_SESSION_STATE_READY)
        r = mx_diag(XR_ERROR_SESSION_NOT_READY, func,
                    "the session is in state %s; wait for XR_SESSION_STATE_READY from xrPollEvent",
                    state_name(s->queued_state));
    if (r == XR_SUCCESS && s->state != XR_SESSION_STATE_READY)
        mx_warn(func, "xrBeginSession called before the app polled XR_SESSION_STATE_READY (last polled: %s) — "
                "allowed, but an app that does this on a real runtime may race", state_name(s->state));
    if (r == XR_SUCCESS) {
        s->running = true;
        s->exit_requested = false;
        s->view_config = beginInfo->primaryViewConfigurationType;
        s->wait_pending = s->frame_in_progress = false;
        mx_ext_session_begin(s);
    }
    mx_unlock();
    return r;
}

static XrResult XRAPI_CALL end_session(XrSession session)
{
    static const char *func = "xrEndSession";
    mx_lock();
    struct mx_session *s;
    XrResult r = mx_session_get(session, func, &s);
    if (r == XR_SUCCESS && !s->running)
        r = mx_diag(XR_ERROR_SESSION_NOT_RUNNING, func, "the session is not running (xrBeginSession not called)");
    if (r == XR_SUCCESS && s->queued_state != XR_SESSION_STATE_STOPPING)
        r = mx_diag(XR_ERROR_SESSION_NOT_STOPPING, func,
                    "the session is in state %s; xrEndSession is allowed only in XR_SESSION_STATE_STOPPING "
                    "(call xrRequestExitSession first)", state_name(s->queued_state));
    if (r == XR_SUCCESS && s->state != XR_SESSION_STATE_STOPPING)
        mx_warn(func, "xrEndSession called before the app polled XR_SESSION_STATE_STOPPING (last polled: %s) — "
                "allowed, but an app that does this on a real runtime may race", state_name(s->state));
    if (r == XR_SUCCESS) {
        s->running = false;
        s->wait_pending = s->frame_in_progress = false;
        pthread_cond_broadcast(&s->frame_cond);
        push_one_state(s, XR_SESSION_STATE_IDLE);
        push_one_state(s, s->exit_requested ? XR_SESSION_STATE_EXITING : XR_SESSION_STATE_READY);
    }
    mx_unlock();
    return r;
}

static XrResult XRAPI_CALL request_exit_session(XrSession session)
{
    static const char *func = "xrRequestExitSession";
    mx_lock();
    struct mx_session *s;
    XrResult r = mx_session_get(session, func, &s);
    if (r == XR_SUCCESS && !s->running)
        r = mx_diag(XR_ERROR_SESSION_NOT_RUNNING, func, "the session is not running (state %s)",
                    state_name(s->state));
    if (r == XR_SUCCESS)
        mx_session_request_exit(s);
    mx_unlock();
    return r;
}

/* The app sees a state when it polls the event: that is when the session's state changes. */
static void deliver_state(struct mx_instance *i, const XrEventDataSessionStateChanged *ev)
{
    for (struct mx_session *s = i->sessions; s; s = s->next) {
        if ((XrSession)(uintptr_t)s->handle != ev->session)
            continue;
        bool was_focused = s->state == XR_SESSION_STATE_FOCUSED;
        s->state = ev->state;
        if (was_focused != (ev->state == XR_SESSION_STATE_FOCUSED))
            mx_input_on_focus_change(s, !was_focused);
        mx_info("session state %s", state_name(ev->state));
        if (ev->state == XR_SESSION_STATE_EXITING)
            mx_notify_send(i->config.notify_fd, "exiting");
    }
}

static XrResult XRAPI_CALL poll_event(XrInstance instance, XrEventDataBuffer *eventData)
{
    static const char *func = "xrPollEvent";
    mx_lock();
    struct mx_instance *i;
    XrResult r = mx_instance_lookup(instance, func, &i);
    if (r == XR_SUCCESS)
        r = mx_check_struct(eventData, XR_TYPE_EVENT_DATA_BUFFER, func, "eventData");
    if (r == XR_SUCCESS && i->events_lost_count > 0) {
        XrEventDataEventsLost lost = {.type = XR_TYPE_EVENT_DATA_EVENTS_LOST, .lostEventCount = i->events_lost_count};
        memset(eventData, 0, sizeof(*eventData));
        memcpy(eventData, &lost, sizeof(lost));
        i->events_lost_count = 0;
    } else if (r == XR_SUCCESS && i->event_count == 0) {
        r = XR_EVENT_UNAVAILABLE;
    } else if (r == XR_SUCCESS) {
        *eventData = i->events[i->event_head];
        i->event_head = (i->event_head + 1) % MX_MAX_EVENTS;
        i->event_count--;
        if (eventData->type == XR_TYPE_EVENT_DATA_SESSION_STATE_CHANGED)
            deliver_state(i, (const XrEventDataSessionStateChanged *)eventData);
    }
    mx_unlock();
    return r;
}

PFN_xrVoidFunction mx_session_proc(const char *name)
{
    static const struct {
        const char *name;
        PFN_xrVoidFunction fn;
    } table[] = {
        {"xrCreateSession", (PFN_xrVoidFunction)create_session},
        {"xrDestroySession", (PFN_xrVoidFunction)destroy_session},
        {"xrBeginSession", (PFN_xrVoidFunction)begin_session},
        {"xrEndSession", (PFN_xrVoidFunction)end_session},
        {"xrRequestExitSession", (PFN_xrVoidFunction)request_exit_session},
        {"xrPollEvent", (PFN_xrVoidFunction)poll_event},
    };
    for (size_t k = 0; k < sizeof(table) / sizeof(table[0]); k++) {
        if (strcmp(name, table[k].name) == 0)
            return table[k].fn;
    }
    return NULL;
}
