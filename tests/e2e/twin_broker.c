/* The ingest thread through a real broker (the ctest fixture's), without XR: every message of a burst arrives and
 * the newest state of each machine is what the frame loop applies; bad data is counted; the twin leaves cleanly.
 * usage: twin_broker BROKER_DIR   (BROKER_DIR/port names the fixture broker's port) */
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <mosquitto.h>

#include "twin_internal.h"
#include "unit_check.h"

#define MACHINES 20
#define ROUNDS 100

static int read_port(const char *dir)
{
    char path[512];
    snprintf(path, sizeof path, "%s/port", dir);
    FILE *f = fopen(path, "r");
    int port = 0;
    if (!f || fscanf(f, "%d", &port) != 1)
        port = 0;
    if (f)
        fclose(f);
    return port;
}

static void on_publish(struct mosquitto *m, void *obj, int mid)
{
    (void)m;
    (void)mid;
    (*(int *)obj)++;
}

/* Publishes ROUNDS states for each of the first MACHINES machines with a state, the last round "idle" with the
 * round as count, and one bad payload; QoS 1, returning once the broker acknowledged them all. */
static int publish_burst(int port, struct scene *scene, const char *prefix, uint32_t *out_ids)
{
    int acked = 0, sent = 0;
    struct mosquitto *m = mosquitto_new(NULL, true, &acked);
    if (!m || mosquitto_connect(m, "127.0.0.1", port, 30) != MOSQ_ERR_SUCCESS)
        return -1;
    mosquitto_publish_callback_set(m, on_publish);
    mosquitto_max_inflight_messages_set(m, 0); /* all in flight at once: only the acks are waited for */
    uint32_t n = 0;
    for (uint32_t i = 0; i < scene_machine_count(scene) && n < MACHINES; i++) {
        if (scene_get_machine(scene, i)->has_state)
            out_ids[n++] = i;
    }
    int rc = 0;
    for (int r = 1; r <= ROUNDS && rc == 0; r++) {
        for (uint32_t k = 0; k < n && rc == 0; k++, sent++) {
            char topic[256], payload[128];
            snprintf(topic, sizeof topic, "%s/%s/state", prefix, scene_get_machine(scene, out_ids[k])->id);
            snprintf(payload, sizeof payload, "{\"status\":\"%s\",\"cycle_count\":%d}", r == ROUNDS ? "idle" : "running",
                     r);
            rc = mosquitto_publish(m, NULL, topic, (int)strlen(payload), payload, 1, false);
        }
        rc = rc ? rc : mosquitto_loop(m, 0, 1);
    }
    char bad_topic[128];
    snprintf(bad_topic, sizeof bad_topic, "%s/line1-press/state", prefix);
    rc = rc ? rc : mosquitto_publish(m, NULL, bad_topic, 5, "{oops", 1, false);
    sent++;
    for (int loops = 0; rc == 0 && acked < sent && loops < 100000; loops++)
        rc = mosquitto_loop(m, 10, 1);
    mosquitto_disconnect(m);
    mosquitto_destroy(m);
    return rc == 0 && acked == sent ? 0 : -1;
}

int main(int argc, char **argv)
{
    int port = argc > 1 ? read_port(argv[1]) : 0;
    CHECK(port > 0);
    if (port <= 0)
        return unit_finish("twin broker");
    struct scene *scene = NULL;
    CHECK(scene_create(&(struct scene_desc){.lines = 4}, &scene) == 0);
    char url[128], prefix[64];
    snprintf(prefix, sizeof prefix, "twin-broker-%d", (int)getpid());
    snprintf(url, sizeof url, "mqtt://127.0.0.1:%d/%s", port, prefix);
    struct twin *twin = NULL;
    CHECK(twin_create(&(struct twin_desc){.scene = scene, .url = url, .max_rate = 100000}, &twin) == 0);
    /* the frame loop's side, until the twin is connected */
    struct twin_counts c = {0};
    uint64_t frame = 0;
    for (int k = 0; k < 2000 && c.link != SCENE_LINK_UP; k++, frame++) {
        twin_apply(twin, scene, frame, (int64_t)frame * 11111111, &c);
        struct timespec ms = {0, 5000000};
        nanosleep(&ms, NULL);
    }
    CHECK(c.link == SCENE_LINK_UP && scene_get_link(scene) == SCENE_LINK_UP);
    mosquitto_lib_init();
    uint32_t ids[MACHINES];
    CHECK(publish_burst(port, scene, prefix, ids) == 0);
    mosquitto_lib_cleanup();
    /* the frame loop keeps taking until everything arrived (10 s at most: the broker has it all already) */
    for (int k = 0; k < 2000 && c.messages < MACHINES * ROUNDS + 1; k++, frame++) {
        twin_apply(twin, scene, frame, (int64_t)frame * 11111111, &c);
        struct timespec ms = {0, 5000000};
        nanosleep(&ms, NULL);
    }
    twin_apply(twin, scene, frame, (int64_t)frame * 11111111, &c);
    printf("twin broker: %llu messages, %llu accepted, %u machines live, %llu bad json\n",
           (unsigned long long)c.messages, (unsigned long long)c.accepted, c.machines,
           (unsigned long long)c.bad[TWIN_BAD_JSON]);
    CHECK(c.messages == MACHINES * ROUNDS + 1 && c.accepted == MACHINES * ROUNDS && c.bad[TWIN_BAD_JSON] == 1);
    CHECK(c.machines == MACHINES && c.status[SCENE_MACHINE_IDLE] == MACHINES);
    for (uint32_t k = 0; k < MACHINES; k++) {
        struct scene_machine_state st;
        scene_machine_state(scene, ids[k], &st);
        CHECK(st.live && st.status == SCENE_MACHINE_IDLE && st.cycle_count == ROUNDS);
    }
    twin_destroy(&twin);
    CHECK(twin == NULL);
    scene_destroy(&scene);
    return unit_finish("twin broker");
}
