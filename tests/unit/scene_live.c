/* Live data in the scene: a stopped machine freezes its line (or itself, an AGV) as it was when it stopped, and
 * animation stays a function of time and states; lamps show live states and staleness; the history live updates
 * build answers the chart; the link state reaches the machines' states. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "scene_check.h"
#include "scene_internal.h"

#define NS 1000000000LL

/* The model matrices of every animated piece a machine owns, in slot order. */
static uint32_t pieces_of(const struct scene *scene, uint32_t machine, float *out, uint32_t cap)
{
    uint32_t n = 0;
    for (uint32_t k = 0; k < SCENE_KIND_COUNT; k++) {
        for (uint32_t i = scene->kind_dynamic_first[k]; i < scene->kind_first[k] + scene->kind_count[k]; i++) {
            if (scene->owners[i] == machine && n < cap)
                memcpy(&out[16 * n++], scene->instances[i].model, 16 * sizeof(float));
        }
    }
    return n;
}

static bool same_pieces(struct scene *scene, uint32_t machine, int64_t t1, int64_t t2)
{
    static float a[16 * 64], b[16 * 64];
    scene_update(scene, t1);
    uint32_t na = pieces_of(scene, machine, a, 64);
    scene_update(scene, t2);
    uint32_t nb = pieces_of(scene, machine, b, 64);
    return na == nb && na > 0 && memcmp(a, b, na * 16 * sizeof(float)) == 0;
}

static struct scene_machine_state live_state(enum scene_machine_status status, int64_t since, int64_t updated)
{
    return (struct scene_machine_state){.status = status, .cycle_count = 7, .parts_per_hour = 700.0f,
                                        .temperature_c = 40.0f, .load_pct = 50.0f, .since_ns = since,
                                        .updated_ns = updated};
}

static void check_freeze(struct check *chk, struct scene *scene)
{
    uint32_t press = scene_find_machine(scene, "line1-press"), robot = scene_find_machine(scene, "line1-robot-a");
    uint32_t robot2 = scene_find_machine(scene, "line2-robot-a"), infeed2 = scene_find_machine(scene, "line2-infeed");
    struct scene_machine_state st = live_state(SCENE_MACHINE_RUNNING, 0, 100 * NS);
    scene_set_machine_live(scene, press, &st);
    CHECK(chk, !same_pieces(scene, robot, 100 * NS, 100 * NS + NS / 4), "a live running line stands still");
    /* The press faults at 101 s: its line stands as it was then, whatever the time. */
    st = live_state(SCENE_MACHINE_FAULT, 101 * NS, 101 * NS);
    scene_set_machine_live(scene, press, &st);
    CHECK(chk, same_pieces(scene, robot, 102 * NS, 130 * NS), "the line moves while its press is in fault");
    float frozen[16 * 64], at_stop[16 * 64];
    scene_update(scene, 130 * NS);
    uint32_t n = pieces_of(scene, robot, frozen, 64);
    st = live_state(SCENE_MACHINE_RUNNING, 0, 101 * NS);
    scene_set_machine_live(scene, press, &st);
    scene_update(scene, 101 * NS);
    CHECK(chk, pieces_of(scene, robot, at_stop, 64) == n && memcmp(frozen, at_stop, n * 16 * sizeof(float)) == 0,
          "the stopped line is not frozen as it was when the press stopped");
    CHECK(chk, !same_pieces(scene, robot2, 102 * NS, 103 * NS) || scene_line_status(&scene->plan.line[1], 102.0) !=
                                                                    SCENE_STATUS_RUNNING,
          "line 2 stopped with line 1");
    /* A blocked conveyor halts its line too; running again, it moves. */
    st = live_state(SCENE_MACHINE_BLOCKED, 50 * NS, 50 * NS);
    scene_set_machine_live(scene, infeed2, &st);
    CHECK(chk, same_pieces(scene, robot2, 60 * NS, 68 * NS + 3 * NS / 10) &&
                   same_pieces(scene, infeed2, 60 * NS, 68 * NS + 3 * NS / 10),
          "a blocked conveyor's line moves");
    st = live_state(SCENE_MACHINE_RUNNING, 71 * NS, 71 * NS);
    scene_set_machine_live(scene, infeed2, &st);
    CHECK(chk, !same_pieces(scene, robot2, 72 * NS, 72 * NS + NS / 4), "running again, the line stands still");
    /* Pure: the same time and states give the same instances whatever came before. */
    float x[16 * 64], y[16 * 64];
    scene_update(scene, 80 * NS);
    uint32_t nx = pieces_of(scene, robot2, x, 64);
    scene_update(scene, 999 * NS);
    scene_update(scene, 80 * NS);
    CHECK(chk, pieces_of(scene, robot2, y, 64) == nx && memcmp(x, y, nx * 16 * sizeof(float)) == 0,
          "scene_update(80 s) depends on what came before");
    scene_set_machine_live(scene, press, NULL);
    scene_set_machine_live(scene, infeed2, NULL);
}

static void check_agv(struct check *chk, struct scene *scene)
{
    uint32_t agv = scene_find_machine(scene, "agv1");
    struct scene_machine_state st = live_state(SCENE_MACHINE_FAULT, 10 * NS, 10 * NS);
    scene_set_machine_live(scene, agv, &st);
    CHECK(chk, same_pieces(scene, agv, 20 * NS, 30 * NS), "an AGV in fault drives on");
    st = live_state(SCENE_MACHINE_RUNNING, 30 * NS, 30 * NS);
    scene_set_machine_live(scene, agv, &st);
    CHECK(chk, !same_pieces(scene, agv, 31 * NS, 32 * NS), "a running AGV stands");
    scene_set_machine_live(scene, agv, NULL);
}

/* The instance centred at pos (a lamp), or NULL. */
static const struct scene_instance *instance_at(const struct scene *scene, const float pos[3])
{
    for (uint32_t i = 0; i < scene->instance_count; i++) {
        const float *m = scene->instances[i].model;
        if (fabsf(m[12] - pos[0]) < 1e-4f && fabsf(m[13] - pos[1]) < 1e-4f && fabsf(m[14] - pos[2]) < 1e-4f)
            return &scene->instances[i];
    }
    return NULL;
}

static void check_lamps(struct check *chk, struct scene *scene)
{
    uint32_t robot = scene_find_machine(scene, "line3-robot-b");
    struct scene_machine_state st = live_state(SCENE_MACHINE_FAULT, 5 * NS, 5 * NS);
    scene_set_machine_live(scene, robot, &st);
    scene_update(scene, 6 * NS); /* blink on */
    float at[3];
    CHECK(chk, scene_machine_beacon(scene, robot, at), "robot has no lamp");
    const struct scene_instance *lamp = instance_at(scene, at);
    CHECK(chk, lamp && lamp->color[0] > 0.5f && lamp->color[1] < 0.1f && lamp->color[3] > 1.0f, "fault lamp not red");
    const float above[3] = {at[0], at[1] + SCENE_LAMP_STACK, at[2]};
    const struct scene_instance *stale = instance_at(scene, above);
    CHECK(chk, stale && stale->color[3] == 0.0f, "the stale lamp glows for fresh data");
    st.stale = true;
    scene_set_machine_live(scene, robot, &st);
    scene_update(scene, 6 * NS);
    stale = instance_at(scene, above);
    CHECK(chk, stale && stale->color[3] > 1.0f && stale->color[2] > stale->color[1], "no violet stale lamp");
    struct scene_machine_state got;
    scene_machine_state(scene, robot, &got);
    CHECK(chk, got.live && got.stale && got.status == SCENE_MACHINE_FAULT, "state lost its stale flag");
    scene_set_machine_live(scene, robot, NULL);
    uint32_t rack = scene_find_machine(scene, "line1-rack-a");
    CHECK(chk, !scene_machine_beacon(scene, rack, at), "a rack has a lamp");
    scene_set_machine_live(scene, rack, &st);
    scene_machine_state(scene, rack, &got);
    CHECK(chk, !got.live, "a rack took live data");
}

static void check_history(struct check *chk, struct scene *scene)
{
    uint32_t press = scene_find_machine(scene, "line2-press");
    /* 10 Hz from 10 s to 20 s: temperature follows time, fault from 15.05 s on. */
    for (int k = 0; k <= 100; k++) {
        int64_t t = 10 * NS + k * (NS / 10) + (k > 50 ? NS / 20 : 0);
        struct scene_machine_state st = live_state(k > 50 ? SCENE_MACHINE_FAULT : SCENE_MACHINE_RUNNING, 0, t);
        st.temperature_c = 30.0f + (float)k;
        scene_set_machine_live(scene, press, &st);
    }
    scene_update(scene, 21 * NS);
    struct scene_machine_state h[49], sim;
    CHECK(chk, scene_machine_history(scene, press, 49, NS / 4, h) == 49, "history wrote fewer samples");
    for (int k = 0; k < 49; k++) {
        int64_t t = 21 * NS - (int64_t)(48 - k) * (NS / 4);
        if (t < 10 * NS) {
            scene_machine_state_sim(scene, press, t, &sim);
            CHECK(chk, !h[k].live && h[k].status == sim.status, "sample at %.2f s before live data is not simulated",
                  (double)t * 1e-9);
            continue;
        }
        CHECK(chk, h[k].live, "sample at %.2f s is not live", (double)t * 1e-9);
        bool fault = t >= 15 * NS + NS / 20 + NS / 10;
        CHECK(chk, h[k].status == (fault ? SCENE_MACHINE_FAULT : SCENE_MACHINE_RUNNING) || t < 15 * NS + NS / 5,
              "sample at %.2f s: status %d", (double)t * 1e-9, h[k].status);
        /* at most one step old: one sample kept per half second */
        float want = 30.0f + (float)(t > 20 * NS ? 100 : (t - 10 * NS) / (NS / 10));
        CHECK(chk, h[k].temperature_c <= want + 0.01f && h[k].temperature_c >= want - 5.01f,
              "sample at %.2f s: %.1f C, the update then said %.1f C", (double)t * 1e-9, h[k].temperature_c, want);
    }
    CHECK(chk, h[48].status == SCENE_MACHINE_FAULT && h[48].temperature_c == 130.0f, "the newest sample is not the last update");
    const struct scene_history *hist = &scene->history[press];
    CHECK(chk, hist->count <= 2 * 10 + 4 && hist->count >= 18, "%u samples kept for 10 s at 10 Hz", hist->count);
    /* A long stream wraps the ring: times before the oldest kept sample answer that sample, not the simulation. */
    for (int k = 0; k < 2000; k++) {
        struct scene_machine_state st = live_state(SCENE_MACHINE_IDLE, 0, 30 * NS + k * (NS / 10));
        scene_set_machine_live(scene, press, &st);
    }
    scene_update(scene, 240 * NS);
    CHECK(chk, hist->count == SCENE_HISTORY_SAMPLES && hist->dropped, "%u samples, dropped %d", hist->count,
          hist->dropped);
    CHECK(chk, scene_machine_history(scene, press, 2, 200 * NS, h) == 2 && h[0].live && h[0].status == SCENE_MACHINE_IDLE,
          "a time before the oldest kept sample was not answered from it");
    scene_set_machine_live(scene, press, NULL);
    CHECK(chk, hist->count == 0 && !hist->dropped, "NULL kept the history");
    scene_machine_history(scene, press, 2, NS, h);
    CHECK(chk, !h[1].live, "a machine handed back still answers live history");
}

static void check_link(struct check *chk, struct scene *scene)
{
    uint32_t press = scene_find_machine(scene, "line1-press"), other = scene_find_machine(scene, "line1-outfeed");
    struct scene_machine_state st = live_state(SCENE_MACHINE_RUNNING, 0, 5 * NS), got;
    scene_set_machine_live(scene, press, &st);
    CHECK(chk, scene_get_link(scene) == SCENE_LINK_NONE, "link not none at first");
    scene_set_link(scene, SCENE_LINK_DOWN);
    scene_machine_state(scene, press, &got);
    CHECK(chk, got.link_down, "live machine not marked while the link is down");
    scene_machine_state(scene, other, &got);
    CHECK(chk, !got.link_down, "a simulated machine marked link down");
    scene_set_link(scene, SCENE_LINK_UP);
    scene_machine_state(scene, press, &got);
    CHECK(chk, !got.link_down && strcmp(scene_link_name(scene_get_link(scene)), "up") == 0, "link up not reported");
    scene_set_link(scene, (enum scene_link)77);
    CHECK(chk, scene_get_link(scene) == SCENE_LINK_NONE, "a bad link value was kept");
    scene_set_machine_live(scene, press, NULL);
}

int main(void)
{
    struct check chk = {0};
    struct scene *scene = NULL;
    if (scene_create(&(struct scene_desc){.lines = 4, .seed = 1}, &scene) != 0) {
        fprintf(stderr, "scene_create failed\n");
        return 1;
    }
    check_freeze(&chk, scene);
    check_agv(&chk, scene);
    check_lamps(&chk, scene);
    check_history(&chk, scene);
    check_link(&chk, scene);
    scene_destroy(&scene);
    return check_finish(&chk, "scene_live");
}
