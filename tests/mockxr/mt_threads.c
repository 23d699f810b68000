/* mockxr under concurrent callers, the conformance suite's multithreading shape: xrWaitFrame on one thread,
 * xrBeginFrame/xrEndFrame on another, xrSyncActions + action states on a third, xrLocateSpace/xrLocateViews on a
 * fourth, xrPollEvent on the main thread; in both clocks. Built to run under ThreadSanitizer (tsan preset). */
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <time.h>

#include "input_util.h"

#define QUEUE 4
#define MIN_CALLS 200     /* each helper thread makes at least this many rounds while frames run */
#define MAX_FRAMES 100000 /* ... unless the frame threads have run this many frames */

struct shared {
    XrInstance inst;
    XrSession session;
    XrActionSet set;
    XrAction trigger, aim;
    XrSpace aim_space, local, view;
    int frames; /* at least */
    /* waiter -> renderer: predicted display times of waited frames */
    pthread_mutex_t lock;
    pthread_cond_t cond;
    XrTime queue[QUEUE];
    int queued;
    atomic_llong latest;   /* the last predicted display time, for the locator */
    bool waited;           /* the waiter's last frame is queued (under lock) */
    atomic_bool rendered;  /* the renderer ended its last frame */
    atomic_bool done;      /* the frame threads finished: the helpers stop */
    atomic_int syncs, locates, ended;
};

struct worker {
    struct shared *s;
    int failures;
    const char *first; /* the first failing call, for the message */
    XrResult first_result;
};

static void fail(struct worker *w, const char *call, XrResult r)
{
    if (w->failures++ == 0) {
        w->first = call;
        w->first_result = r;
    }
}

static void *waiter_main(void *arg)
{
    struct worker *w = arg;
    struct shared *s = w->s;
    XrTime last = 0;
    for (int k = 0; k < MAX_FRAMES && (k < s->frames || atomic_load(&s->syncs) < MIN_CALLS ||
                                        atomic_load(&s->locates) < MIN_CALLS); k++) {
        XrFrameState fs = {.type = XR_TYPE_FRAME_STATE};
        XrResult r = xrWaitFrame(s->session, NULL, &fs);
        if (r != XR_SUCCESS) {
            fail(w, "xrWaitFrame", r);
            break;
        }
        if (fs.predictedDisplayTime <= last)
            fail(w, "xrWaitFrame (display time did not increase)", r);
        last = fs.predictedDisplayTime;
        atomic_store(&s->latest, (long long)last);
        pthread_mutex_lock(&s->lock);
        while (s->queued == QUEUE)
            pthread_cond_wait(&s->cond, &s->lock);
        s->queue[s->queued++] = fs.predictedDisplayTime;
        pthread_cond_broadcast(&s->cond);
        pthread_mutex_unlock(&s->lock);
    }
    pthread_mutex_lock(&s->lock);
    s->waited = true;
    pthread_cond_broadcast(&s->cond);
    pthread_mutex_unlock(&s->lock);
    return NULL;
}

static void *renderer_main(void *arg)
{
    struct worker *w = arg;
    struct shared *s = w->s;
    for (;;) {
        pthread_mutex_lock(&s->lock);
        while (s->queued == 0 && !s->waited)
            pthread_cond_wait(&s->cond, &s->lock);
        if (s->queued == 0) {
            pthread_mutex_unlock(&s->lock);
            break;
        }
        XrTime t = s->queue[0];
        s->queued--;
        memmove(s->queue, s->queue + 1, sizeof(s->queue[0]) * (size_t)s->queued);
        pthread_cond_broadcast(&s->cond);
        pthread_mutex_unlock(&s->lock);
        XrResult r = xrBeginFrame(s->session, NULL);
        if (r != XR_SUCCESS)
            fail(w, "xrBeginFrame", r);
        XrFrameEndInfo e = {.type = XR_TYPE_FRAME_END_INFO,
                            .displayTime = t,
                            .environmentBlendMode = XR_ENVIRONMENT_BLEND_MODE_OPAQUE};
        if ((r = xrEndFrame(s->session, &e)) != XR_SUCCESS)
            fail(w, "xrEndFrame", r);
        else
            atomic_fetch_add(&s->ended, 1);
    }
    atomic_store(&s->rendered, true);
    return NULL;
}

static void *syncer_main(void *arg)
{
    struct worker *w = arg;
    struct shared *s = w->s;
    while (!atomic_load(&s->done)) {
        XrResult r = ix_sync(s->session, s->set, XR_NULL_PATH);
        if (r != XR_SUCCESS && r != XR_SESSION_NOT_FOCUSED)
            fail(w, "xrSyncActions", r);
        XrActionStateGetInfo gi = {.type = XR_TYPE_ACTION_STATE_GET_INFO, .action = s->trigger};
        XrActionStateFloat f = {.type = XR_TYPE_ACTION_STATE_FLOAT};
        if ((r = xrGetActionStateFloat(s->session, &gi, &f)) != XR_SUCCESS)
            fail(w, "xrGetActionStateFloat", r);
        gi.action = s->aim;
        XrActionStatePose p = {.type = XR_TYPE_ACTION_STATE_POSE};
        if ((r = xrGetActionStatePose(s->session, &gi, &p)) != XR_SUCCESS)
            fail(w, "xrGetActionStatePose", r);
        atomic_fetch_add(&s->syncs, 1);
    }
    return NULL;
}

static void *locator_main(void *arg)
{
    struct worker *w = arg;
    struct shared *s = w->s;
    while (!atomic_load(&s->done)) {
        XrTime t = (XrTime)atomic_load(&s->latest);
        if (t == 0)
            continue;
        XrSpaceLocation loc = {.type = XR_TYPE_SPACE_LOCATION};
        XrResult r = xrLocateSpace(s->aim_space, s->local, t, &loc);
        if (r != XR_SUCCESS)
            fail(w, "xrLocateSpace(aim)", r);
        if ((r = xrLocateSpace(s->view, s->local, t, &loc)) != XR_SUCCESS)
            fail(w, "xrLocateSpace(view)", r);
        XrViewLocateInfo li = {.type = XR_TYPE_VIEW_LOCATE_INFO,
                               .viewConfigurationType = XR_VIEW_CONFIGURATION_TYPE_PRIMARY_STEREO,
                               .displayTime = t,
                               .space = s->local};
        XrViewState vs = {.type = XR_TYPE_VIEW_STATE};
        XrView views[2] = {{.type = XR_TYPE_VIEW}, {.type = XR_TYPE_VIEW}};
        uint32_t n = 0;
        if ((r = xrLocateViews(s->session, &li, &vs, 2, &n, views)) != XR_SUCCESS)
            fail(w, "xrLocateViews", r);
        atomic_fetch_add(&s->locates, 1);
    }
    return NULL;
}

static XrSpace ref_space(struct shared *s, XrReferenceSpaceType type)
{
    XrReferenceSpaceCreateInfo ci = {
        .type = XR_TYPE_REFERENCE_SPACE_CREATE_INFO, .referenceSpaceType = type, .poseInReferenceSpace.orientation.w = 1};
    XrSpace out = XR_NULL_HANDLE;
    IX_EXPECT(s->inst, xrCreateReferenceSpace(s->session, &ci, &out), XR_SUCCESS);
    return out;
}

static void setup(struct shared *s)
{
    s->inst = ix_instance_create();
    if (s->inst == XR_NULL_HANDLE)
        exit(1);
    s->session = ix_session_create(s->inst);
    s->set = ix_action_set(s->inst, "mt", 0);
    s->trigger = ix_action(s->inst, s->set, "trigger", XR_ACTION_TYPE_FLOAT_INPUT, true);
    s->aim = ix_action(s->inst, s->set, "aim", XR_ACTION_TYPE_POSE_INPUT, true);
    XrAction actions[] = {s->trigger, s->aim};
    const char *paths[] = {"/user/hand/left/input/trigger/value", "/user/hand/left/input/aim/pose"};
    IX_EXPECT(s->inst, ix_suggest(s->inst, "/interaction_profiles/oculus/touch_controller", actions, paths, 2),
              XR_SUCCESS);
    IX_EXPECT(s->inst, ix_attach(s->session, &s->set, 1), XR_SUCCESS);
    XrActionSpaceCreateInfo ai = {
        .type = XR_TYPE_ACTION_SPACE_CREATE_INFO, .action = s->aim, .poseInActionSpace.orientation.w = 1};
    IX_EXPECT(s->inst, xrCreateActionSpace(s->session, &ai, &s->aim_space), XR_SUCCESS);
    s->local = ref_space(s, XR_REFERENCE_SPACE_TYPE_LOCAL);
    s->view = ref_space(s, XR_REFERENCE_SPACE_TYPE_VIEW);
    XrSessionState st = ix_run_until(s->inst, s->session, XR_SESSION_STATE_FOCUSED, 10, NULL);
    IX_CHECK(st == XR_SESSION_STATE_FOCUSED, "the session did not reach FOCUSED");
}

static void run(const char *clock, int frames)
{
    setenv("MOCKXR_CLOCK", clock, 1);
    struct shared s = {.frames = frames};
    setup(&s);
    pthread_mutex_init(&s.lock, NULL);
    pthread_cond_init(&s.cond, NULL);
    void *(*mains[])(void *) = {waiter_main, renderer_main, syncer_main, locator_main};
    const char *names[] = {"waiter", "renderer", "syncer", "locator"};
    struct worker w[4];
    pthread_t th[4];
    for (int k = 0; k < 4; k++) {
        w[k] = (struct worker){.s = &s};
        IX_CHECK(pthread_create(&th[k], NULL, mains[k], &w[k]) == 0, "pthread_create");
    }
    /* The main thread polls events all along, as an app's loop would. */
    XrSessionState state = XR_SESSION_STATE_FOCUSED;
    while (!atomic_load(&s.rendered)) {
        state = ix_poll(s.inst, state, NULL);
        nanosleep(&(struct timespec){0, 200000}, NULL);
    }
    pthread_join(th[0], NULL);
    pthread_join(th[1], NULL);
    atomic_store(&s.done, true);
    state = ix_poll(s.inst, state, NULL);
    pthread_join(th[2], NULL);
    pthread_join(th[3], NULL);
    for (int k = 0; k < 4; k++)
        IX_CHECK(w[k].failures == 0, "%s clock, %s thread: %d failed calls, the first %s: %s", clock, names[k],
                 w[k].failures, w[k].first, ix_result(s.inst, w[k].first_result));
    IX_CHECK(state == XR_SESSION_STATE_FOCUSED, "%s clock: the session left FOCUSED", clock);
    IX_CHECK(atomic_load(&s.ended) >= frames, "%s clock: %d frames ended, expected %d or more", clock,
             atomic_load(&s.ended), frames);
    IX_CHECK(atomic_load(&s.syncs) >= MIN_CALLS && atomic_load(&s.locates) >= MIN_CALLS,
             "%s clock: the helper threads made %d syncs and %d locates while frames ran, expected %d each", clock,
             atomic_load(&s.syncs), atomic_load(&s.locates), MIN_CALLS);
    printf("%s clock: %d frames, %d syncs, %d locates concurrently\n", clock, atomic_load(&s.ended),
           atomic_load(&s.syncs), atomic_load(&s.locates));
    pthread_cond_destroy(&s.cond);
    pthread_mutex_destroy(&s.lock);
    IX_EXPECT(s.inst, xrDestroyInstance(s.inst), XR_SUCCESS);
}

int main(void)
{
    run("virtual", 400);
    run("realtime", 60);
    return ix_finish("mockxr_mt_threads");
}
