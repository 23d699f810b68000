/* The hand-over from the ingest thread to the frame loop, with two threads at once: every state the reader takes is
 * whole (never half of two writes), newer than the last one it took, and the last write of each machine always
 * arrives; then the twin's own ingest path (bad data of every cause counted, floods, old times) against twin_apply
 * running concurrently as the frame loop would, and staleness. Written to be clean under ThreadSanitizer. */
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "twin_internal.h"
#include "unit_check.h"

#define MACHINES 300
#define WRITES 2000

struct writer_arg {
    struct twin_snapshot *snap;
    atomic_bool done;
};

static void *writer_main(void *p)
{
    struct writer_arg *w = p;
    for (uint32_t k = 1; k <= WRITES; k++) {
        for (uint32_t i = 0; i < MACHINES; i++) {
            struct twin_slot_data *d = twin_snapshot_back(w->snap, i);
            d->state.cycle_count = k;
            d->state.temperature_c = (float)k;
            d->arrived_frame = (uint64_t)k * 1000 + i;
            snprintf(d->state.alarm, sizeof d->state.alarm, "write %u of machine %u", k, i);
            twin_snapshot_publish(w->snap, i);
        }
    }
    atomic_store_explicit(&w->done, true, memory_order_release);
    return NULL;
}

struct reader_state {
    uint64_t last[MACHINES];
    uint64_t taken, torn, backwards;
};

static void take_one(void *user, uint32_t i, const struct twin_slot_data *d)
{
    struct reader_state *r = user;
    char want[SCENE_ALARM_MAX];
    uint64_t k = d->state.cycle_count;
    snprintf(want, sizeof want, "write %llu of machine %u", (unsigned long long)k, i);
    r->torn += d->state.temperature_c != (float)k || d->arrived_frame != k * 1000 + i || strcmp(want, d->state.alarm) != 0;
    r->backwards += k <= r->last[i];
    r->last[i] = k;
    r->taken++;
}

static void snapshot_threads(void)
{
    static struct twin_snapshot snap;
    CHECK(twin_snapshot_init(&snap, MACHINES) == 0);
    struct writer_arg w = {.snap = &snap};
    atomic_init(&w.done, false);
    static struct reader_state r;
    pthread_t thread;
    CHECK(pthread_create(&thread, NULL, writer_main, &w) == 0);
    uint64_t takes = 0;
    while (!atomic_load_explicit(&w.done, memory_order_acquire)) {
        twin_snapshot_take(&snap, take_one, &r);
        takes++;
    }
    pthread_join(thread, NULL);
    twin_snapshot_take(&snap, take_one, &r); /* whatever the last frame before the end had not taken */
    uint32_t final = 0;
    for (uint32_t i = 0; i < MACHINES; i++)
        final += r.last[i] == WRITES;
    printf("hand-over: %llu takes, %llu states taken of %u written, %llu torn, %llu out of order, %u of %u final\n",
           (unsigned long long)takes, (unsigned long long)r.taken, MACHINES * WRITES, (unsigned long long)r.torn,
           (unsigned long long)r.backwards, final, MACHINES);
    CHECK(r.torn == 0 && r.backwards == 0 && final == MACHINES && r.taken <= (uint64_t)MACHINES * WRITES);
    CHECK(twin_snapshot_take(&snap, take_one, &r) == 0); /* nothing new: nothing taken */
    twin_snapshot_free(&snap);
}

/* ---- the ingest path against twin_apply ---- */

struct feeder {
    struct twin *twin;
    atomic_bool done;
};

static void msg(struct twin *t, const char *topic, const char *payload)
{
    twin_ingest_message(t, topic, payload, strlen(payload));
}

static void *feeder_main(void *p)
{
    struct feeder *f = p;
    struct twin *t = f->twin;
    char payload[128];
    for (int k = 0; k < 500; k++) { /* the press counts up, the robot alternates; 2 machines * 500 */
        snprintf(payload, sizeof payload, "{\"status\":\"running\",\"cycle_count\":%d,\"ts\":%d}", k, 1000 + k);
        msg(t, "plant/a/line1-press/state", payload);
        msg(t, "plant/a/line1-robot-a/state", k % 2 ? "{\"status\":\"fault\"}" : "{\"status\":\"running\"}");
        if (k % 50 == 0) {
            struct timespec ms = {0, 1000000};
            nanosleep(&ms, NULL);
        }
    }
    msg(t, "plant/a/line1-press/state", "{\"status\":\"idle\",\"cycle_count\":9999,\"ts\":5000}");
    /* one of each kind of bad data */
    msg(t, "plant/a/line1-press/state", "{oops");                                   /* json */
    msg(t, "plant/a/line1-press/state", "{\"status\":7}");                          /* type */
    msg(t, "plant/a/line1-press/state", "{\"status\":\"running\",\"load_pct\":500}"); /* range */
    msg(t, "plant/a/no-such-machine/state", "{\"status\":\"running\"}");            /* unknown id */
    msg(t, "plant/a/line1-rack-a/state", "{\"status\":\"running\"}");               /* a rack: no state */
    msg(t, "plant/b/line1-press/state", "{\"status\":\"running\"}");                /* topic */
    msg(t, "plant/a/line1-press/status", "{\"status\":\"running\"}");               /* topic */
    msg(t, "plant/a/line1-press/state", "{\"status\":\"running\",\"ts\":4000}");    /* old */
    char *big = malloc(TWIN_MAX_PAYLOAD + 10);
    if (big) {
        memset(big, ' ', TWIN_MAX_PAYLOAD + 10);
        twin_ingest_message(t, "plant/a/line1-press/state", big, TWIN_MAX_PAYLOAD + 10); /* oversized */
        free(big);
    }
    atomic_store_explicit(&f->done, true, memory_order_release);
    return NULL;
}

static void ingest_and_apply(void)
{
    struct scene *scene = NULL;
    if (scene_create(&(struct scene_desc){.lines = 4}, &scene) != 0)
        return;
    struct twin *t = NULL;
    /* at most 100 messages a second per machine: the feeder's 500 per machine in a few ms are a flood */
    CHECK(twin_create_offline(&(struct twin_desc){.scene = scene, .url = "mqtt://127.0.0.1/plant/a",
                                                  .max_rate = 100, .stale_after_s = 0.2},
                              &t) == 0);
    if (!t) {
        scene_destroy(&scene);
        return;
    }
    struct feeder f = {.twin = t};
    atomic_init(&f.done, false);
    pthread_t thread;
    CHECK(pthread_create(&thread, NULL, feeder_main, &f) == 0);
    uint64_t frame = 0;
    uint32_t worst_lag = 0;
    struct twin_counts c;
    while (!atomic_load_explicit(&f.done, memory_order_acquire)) {
        twin_apply(t, scene, frame, (int64_t)frame * 11111111, &c);
        worst_lag = c.lag_frames > worst_lag ? c.lag_frames : worst_lag;
        scene_update(scene, (int64_t)frame++ * 11111111);
    }
    pthread_join(thread, NULL);
    twin_apply(t, scene, frame, (int64_t)frame * 11111111, &c);
    worst_lag = c.lag_frames > worst_lag ? c.lag_frames : worst_lag;
    struct scene_machine_state press, robot;
    scene_machine_state(scene, scene_find_machine(scene, "line1-press"), &press);
    scene_machine_state(scene, scene_find_machine(scene, "line1-robot-a"), &robot);
    CHECK(press.live && press.status == SCENE_MACHINE_IDLE && press.cycle_count == 9999 && !press.stale);
    CHECK(robot.live && robot.status == SCENE_MACHINE_FAULT);
    CHECK(c.messages == 1001 + 9 && c.accepted == 1001);
    for (int k = 0; k < TWIN_BAD_COUNT; k++) {
        uint64_t want = k == TWIN_BAD_UNKNOWN_ID || k == TWIN_BAD_TOPIC ? 2 : k == TWIN_BAD_FLOOD ? c.bad[k] : 1;
        CHECK(c.bad[k] == want);
        if (c.bad[k] != want)
            fprintf(stderr, "  %s: %llu, expected %llu\n", twin_bad_name(k), (unsigned long long)c.bad[k],
                    (unsigned long long)want);
    }
    CHECK(c.bad[TWIN_BAD_FLOOD] > 0); /* 500 messages in a few ms for one machine */
    CHECK(c.machines == 2 && c.status[SCENE_MACHINE_IDLE] == 1 && c.status[SCENE_MACHINE_FAULT] == 1);
    CHECK(worst_lag <= 1); /* applied in the first frame after arrival, or the one after when it came mid-take */
    printf("ingest: %llu messages, %llu flood, worst lag %u frames over %llu frames\n", (unsigned long long)c.messages,
           (unsigned long long)c.bad[TWIN_BAD_FLOOD], worst_lag, (unsigned long long)frame);
    /* No data for longer than the stale limit: stale, once; fresh data clears it. */
    struct timespec wait = {0, 300000000};
    nanosleep(&wait, NULL);
    /* each frame checks a slice of the live machines (a 32nd, at least one): within 32 frames all are seen */
    frame++;
    twin_apply(t, scene, frame, (int64_t)frame * 11111111, &c);
    CHECK(c.stale == 1);
    for (int k = 0; k < 32; k++, frame++)
        twin_apply(t, scene, frame + 1, (int64_t)(frame + 1) * 11111111, &c);
    scene_machine_state(scene, scene_find_machine(scene, "line1-press"), &press);
    CHECK(press.stale && c.stale == 2 && press.status == SCENE_MACHINE_IDLE);
    msg(t, "plant/a/line1-press/state", "{\"status\":\"running\",\"ts\":6000}");
    frame++;
    twin_apply(t, scene, frame, (int64_t)frame * 11111111, &c);
    scene_machine_state(scene, scene_find_machine(scene, "line1-press"), &press);
    CHECK(!press.stale && press.status == SCENE_MACHINE_RUNNING && c.stale == 1 && c.applied == 1);
    CHECK(press.since_ns == (int64_t)frame * 11111111); /* the status began when it was applied */
    twin_destroy(&t);
    CHECK(t == NULL);
    twin_destroy(&t);
    scene_destroy(&scene);
}

int main(void)
{
    snapshot_threads();
    ingest_and_apply();
    return unit_finish("twin hand-over");
}
