/* When the app's GPU work for a frame is done: a fence signalled on the app's queue at xrEndFrame and a
 * watcher thread that waits for it, as a compositor learns when a frame is ready (app pacing's GPU cost). */
#include "vk_private.h"

#include <stdlib.h>

/* Fences in flight per session: a GPU this many frames behind gets no more until one completes. */
#define MX_WATCH_FENCES 8
#define MX_WATCH_POLL_NS 100000000ull /* the watcher re-checks for shutdown this often while it waits */
#define MX_WATCH_DRAIN_NS 2000000000ll /* at session end, how long the watcher still waits for the GPU */

struct mx_vk_watch {
    struct mx_session *session;
    pthread_t thread;
    pthread_cond_t cond;
    VkFence fences[MX_WATCH_FENCES];
    uint64_t frames[MX_WATCH_FENCES];
    uint32_t head, count; /* pending fences: fences[(head + k) % N] for k < count, in submission order */
    bool stop, exited;
    bool leaked; /* a fence never signalled by the drain deadline: the fences cannot be destroyed */
};

static bool watch_wait(struct mx_vk_session *vs, VkFence fence, uint64_t timeout, VkResult *out_vr)
{
    *out_vr = vs->fn.WaitForFences(vs->device, 1, &fence, VK_TRUE, timeout);
    return *out_vr == VK_SUCCESS;
}

/* Waits for each pending fence in turn with the lock released and reports its time; at shutdown it
 * drains what is pending for MX_WATCH_DRAIN_NS, then reports the rest as unknown. */
static void *watch_main(void *arg)
{
    struct mx_vk_watch *w = arg;
    struct mx_vk_session *vs = w->session->vk;
    XrTime drain_until = 0;
    mx_lock();
    for (;;) {
        while (w->count == 0 && !w->stop)
            mx_cond_wait(&w->cond);
        if (w->count == 0)
            break;
        if (w->stop && drain_until == 0)
            drain_until = mx_clock_monotonic_ns() + MX_WATCH_DRAIN_NS;
        VkFence fence = w->fences[w->head];
        uint64_t frame = w->frames[w->head];
        mx_unlock();
        VkResult vr;
        bool done = watch_wait(vs, fence, MX_WATCH_POLL_NS, &vr);
        XrTime t = mx_clock_monotonic_ns();
        mx_lock();
        bool give_up = !done && (vr != VK_TIMEOUT || (drain_until != 0 && t >= drain_until));
        if (!done && !give_up)
            continue;
        if (give_up) {
            if (vr != VK_TIMEOUT && !vs->watch_failed)
                mx_warn("xrEndFrame", "waiting for the app's GPU work of frame %llu failed (vkWaitForFences: %s); "
                        "GPU completion is no longer watched (app pacing learns CPU time only)",
                        (unsigned long long)frame, mx_vk_result_str(vr));
            if (vr != VK_TIMEOUT)
                vs->watch_failed = true; /* e.g. device lost: no more fences on this queue */
            w->leaked = true;
            t = 0;
        }
        w->head = (w->head + 1) % MX_WATCH_FENCES;
        w->count--;
        mx_frame_gpu_done(w->session, frame, t);
        pthread_cond_broadcast(&w->cond);
    }
    w->exited = true;
    pthread_cond_broadcast(&w->cond);
    mx_unlock();
    return NULL;
}

static void watch_free(struct mx_vk_session *vs, struct mx_vk_watch *w)
{
    for (uint32_t k = 0; k < MX_WATCH_FENCES && !w->leaked; k++) {
        if (w->fences[k] != VK_NULL_HANDLE)
            vs->fn.DestroyFence(vs->device, w->fences[k], NULL);
    }
    pthread_cond_destroy(&w->cond);
    free(w);
}

static struct mx_vk_watch *watch_create(struct mx_session *s, struct mx_vk_session *vs)
{
    struct mx_vk_watch *w = calloc(1, sizeof(*w));
    if (!w || mx_cond_init(&w->cond) != 0) {
        free(w);
        mx_warn("xrEndFrame", "out of memory: the app's GPU completion is not watched (app pacing learns CPU time only)");
        return NULL;
    }
    w->session = s;
    VkFenceCreateInfo fi = {.sType = VK_STRUCTURE_TYPE_FENCE_CREATE_INFO};
    for (uint32_t k = 0; k < MX_WATCH_FENCES; k++) {
        VkResult vr = vs->fn.CreateFence(vs->device, &fi, NULL, &w->fences[k]);
        if (vr != VK_SUCCESS) {
            w->fences[k] = VK_NULL_HANDLE;
            mx_warn("xrEndFrame", "vkCreateFence failed (%s): the app's GPU completion is not watched (app pacing "
                    "learns CPU time only)", mx_vk_result_str(vr));
            watch_free(vs, w);
            return NULL;
        }
    }
    if (pthread_create(&w->thread, NULL, watch_main, w) != 0) {
        mx_warn("xrEndFrame", "cannot start the GPU watcher thread: the app's GPU completion is not watched (app "
                "pacing learns CPU time only)");
        watch_free(vs, w);
        return NULL;
    }
    return w;
}

bool mx_vk_watch_frame(struct mx_session *s, uint64_t frame_index)
{
    struct mx_vk_session *vs = s->vk;
    if (!vs || vs->watch_failed)
        return false;
    if (!vs->watch && !(vs->watch = watch_create(s, vs))) {
        vs->watch_failed = true;
        return false;
    }
    struct mx_vk_watch *w = vs->watch;
    if (w->count == MX_WATCH_FENCES || w->stop)
        return false; /* the GPU is far behind: this frame goes unwatched */
    uint32_t slot = (w->head + w->count) % MX_WATCH_FENCES;
    /* Not pending: the watcher saw it signalled (or gave up on it) and no longer touches it. */
    VkResult vr = vs->fn.ResetFences(vs->device, 1, &w->fences[slot]);
    /* No command buffers: the fence signals once all work submitted to the queue before it is done. The
     * binding lets the runtime use the app's queue in xrEndFrame, the app synchronizing its own use. */
    if (vr == VK_SUCCESS)
        vr = vs->fn.QueueSubmit(vs->queue, 0, NULL, w->fences[slot]);
    if (vr != VK_SUCCESS) {
        mx_warn("xrEndFrame", "signalling a fence on the app's queue failed (%s): GPU completion is no longer "
                "watched (app pacing learns CPU time only)", mx_vk_result_str(vr));
        vs->watch_failed = true;
        return false;
    }
    w->frames[slot] = frame_index;
    w->count++;
    pthread_cond_broadcast(&w->cond);
    return true;
}

void mx_vk_watch_stop(struct mx_vk_session *vs)
{
    struct mx_vk_watch *w = vs->watch;
    if (!w)
        return;
    w->stop = true;
    pthread_cond_broadcast(&w->cond);
    while (!w->exited)
        mx_cond_wait(&w->cond); /* the watcher reports (lock held) what it still drains meanwhile */
    mx_unlock();
    pthread_join(w->thread, NULL);
    mx_lock();
    watch_free(vs, w);
    vs->watch = NULL;
}
