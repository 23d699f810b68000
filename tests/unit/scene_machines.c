/* Machines: unique ids and names, every machine owns pieces inside its bounds, simulated states follow the
 * line schedules (conveyors blocked by a press fault, counters frozen while stopped), live overrides win. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#include "scene_check.h"
#include "scene_internal.h"

#define NS 1000000000LL

static void check_identity(struct check *chk, const struct scene *scene, uint32_t lines)
{
    uint32_t n = scene_machine_count(scene);
    /* each line: 2 conveyors, 2 robots, a press, 3 racks; and an AGV */
    CHECK(chk, n == lines * 9, "%u machines for %u lines", n, lines);
    uint32_t per_kind[SCENE_MACHINE_KIND_COUNT] = {0};
    for (uint32_t i = 0; i < n; i++) {
        const struct scene_machine *m = scene_get_machine(scene, i);
        CHECK(chk, m && m->id[0] && m->name[0], "machine %u has no id or name", i);
        if (!m)
            continue;
        per_kind[m->kind]++;
        CHECK(chk, scene_find_machine(scene, m->id) == i, "find(%s) != %u", m->id, i);
        CHECK(chk, m->has_state == (m->kind != SCENE_MACHINE_RACK), "%s: has_state %d", m->id, m->has_state);
        CHECK(chk, (m->line == SCENE_NO_LINE) == (m->kind == SCENE_MACHINE_AGV), "%s: line %u", m->id, m->line);
    }
    CHECK(chk, per_kind[SCENE_MACHINE_CONVEYOR] == 2 * lines && per_kind[SCENE_MACHINE_ROBOT] == 2 * lines &&
                   per_kind[SCENE_MACHINE_PRESS] == lines && per_kind[SCENE_MACHINE_RACK] == 3 * lines &&
                   per_kind[SCENE_MACHINE_AGV] == lines,
          "kinds %u conveyors %u robots %u presses %u racks %u agvs", per_kind[0], per_kind[1], per_kind[2],
          per_kind[3], per_kind[4]);
    CHECK(chk, scene_get_machine(scene, n) == NULL, "index past the end answered");
    CHECK(chk, scene_find_machine(scene, "no-such-machine") == SCENE_NO_MACHINE, "unknown id found");
    CHECK(chk, scene_find_machine(scene, NULL) == SCENE_NO_MACHINE, "NULL id found");
    CHECK(chk, strcmp(scene_machine_kind_name(SCENE_MACHINE_PRESS), "press") == 0, "kind name");
    CHECK(chk, strcmp(scene_machine_status_name(SCENE_MACHINE_BLOCKED), "blocked") == 0, "status name");
}

/* Every piece a machine owns lies inside the machine's bounds, and the bounds are where the plan puts it. */
static void check_bounds(struct check *chk, const struct scene *scene)
{
    for (uint32_t i = 0; i < scene_machine_count(scene); i++) {
        float lo[3], hi[3];
        scene_machine_bounds(scene, i, lo, hi);
        uint32_t owned = 0;
        for (uint32_t s = 0; s < scene->instance_count; s++) {
            if (scene->owners[s] != i)
                continue;
            owned++;
            const float *c = scene->spheres[s];
            CHECK(chk, c[0] >= lo[0] - 1e-3f && c[0] <= hi[0] + 1e-3f && c[2] >= lo[2] - 1e-3f && c[2] <= hi[2] + 1e-3f,
                  "%s: piece %u at (%.2f, %.2f) outside its bounds", scene->machines[i].id, s, c[0], c[2]);
        }
        CHECK(chk, owned > 0, "%s owns no piece", scene->machines[i].id);
        CHECK(chk, hi[0] > lo[0] && hi[1] > lo[1] && hi[2] > lo[2] && hi[0] - lo[0] < 30.0f && hi[2] - lo[2] < 30.0f,
              "%s: bounds (%.2f %.2f %.2f)..(%.2f %.2f %.2f)", scene->machines[i].id, lo[0], lo[1], lo[2], hi[0],
              hi[1], hi[2]);
    }
    /* The press of line 1 stands at the pick point of its line. */
    const struct scene_line_plan *line = &scene->plan.line[0];
    float lo[3], hi[3], x = line->x + line->mirror * SCENE_TABLE_X, z = line->z0 - line->cell[0].pick_s;
    scene_machine_bounds(scene, scene_find_machine(scene, "line1-press"), lo, hi);
    CHECK(chk, x > lo[0] && x < hi[0] && z > lo[2] && z < hi[2] && hi[1] > 3.0f,
          "press bounds (%.2f..%.2f, %.2f..%.2f) miss its table at (%.2f, %.2f)", lo[0], hi[0], lo[2], hi[2], x, z);
}

static void check_agv_moves(struct check *chk, struct scene *scene)
{
    uint32_t agv = scene_find_machine(scene, "agv1");
    float lo0[3], hi0[3], lo1[3], hi1[3];
    scene_update(scene, 0);
    scene_machine_bounds(scene, agv, lo0, hi0);
    scene_update(scene, 5 * NS);
    scene_machine_bounds(scene, agv, lo1, hi1);
    CHECK(chk, fabsf(lo0[0] - lo1[0]) + fabsf(lo0[2] - lo1[2]) > 1.0f, "AGV bounds did not move in 5 s");
}

/* Press, robots and conveyors of a line follow its schedule; counters only count while running. */
static void check_simulation(struct check *chk, const struct scene *scene)
{
    const struct scene_line_plan *line = &scene->plan.line[0];
    uint32_t press = scene_find_machine(scene, "line1-press"), in = scene_find_machine(scene, "line1-infeed");
    uint32_t robot = scene_find_machine(scene, "line1-robot-a"), rack = scene_find_machine(scene, "line1-rack-a");
    int seen[SCENE_MACHINE_STATUS_COUNT] = {0};
    struct scene_machine_state prev = {0};
    for (int k = 0; k <= 2 * SCENE_SCHEDULE_S; k++) {
        int64_t t_ns = 7200 * NS + (int64_t)k * NS;
        double t = (double)t_ns * 1e-9;
        struct scene_machine_state p, c, r, again;
        scene_machine_state_sim(scene, press, t_ns, &p);
        scene_machine_state_sim(scene, in, t_ns, &c);
        scene_machine_state_sim(scene, robot, t_ns, &r);
        seen[p.status]++;
        enum scene_status ls = scene_line_status(line, t);
        enum scene_machine_status want = ls == SCENE_STATUS_RUNNING ? SCENE_MACHINE_RUNNING
                                         : ls == SCENE_STATUS_IDLE  ? SCENE_MACHINE_IDLE
                                                                    : SCENE_MACHINE_FAULT;
        CHECK(chk, p.status == want && r.status == want, "t=%.0f: press %d robot %d, line %d", t, p.status, r.status,
              ls);
        CHECK(chk, c.status == (want == SCENE_MACHINE_FAULT ? SCENE_MACHINE_BLOCKED : want),
              "t=%.0f: infeed %d with the line %d", t, c.status, ls);
        CHECK(chk, (p.alarm[0] != '\0') == (want == SCENE_MACHINE_FAULT), "t=%.0f: alarm '%s' in status %d", t,
              p.alarm, p.status);
        CHECK(chk, isfinite(p.temperature_c) && p.temperature_c > 15.0f && p.temperature_c < 80.0f,
              "press at %.1f C", p.temperature_c);
        CHECK(chk, isfinite(p.load_pct) && p.load_pct >= 0.0f && p.load_pct <= 100.0f, "press load %.1f", p.load_pct);
        CHECK(chk, p.parts_per_hour > 100.0f && p.parts_per_hour <= 3600.0f / SCENE_CYCLE_S,
              "press %.0f parts/h", p.parts_per_hour);
        if (k > 0) {
            /* Counters never go back, and do not move over a second spent wholly in fault or idle. */
            CHECK(chk, p.cycle_count >= prev.cycle_count, "count went back at t=%.0f", t);
            if (want != SCENE_MACHINE_RUNNING && scene_line_status(line, t - 1.0) == ls)
                CHECK(chk, p.cycle_count == prev.cycle_count, "count moved while stopped at t=%.0f", t);
        }
        scene_machine_state_sim(scene, press, t_ns, &again);
        CHECK(chk, memcmp(&again, &p, sizeof p) == 0, "state at t=%.0f is not a function of time", t);
        prev = p;
    }
    CHECK(chk, seen[SCENE_MACHINE_RUNNING] && seen[SCENE_MACHINE_IDLE] && seen[SCENE_MACHINE_FAULT],
          "two schedules showed running %d idle %d fault %d", seen[0], seen[1], seen[3]);
    /* Over a minute of running the count grows by about 60 s / cycle time. */
    struct scene_machine_state a, b;
    scene_machine_state_sim(scene, press, 7200 * NS, &a);
    scene_machine_state_sim(scene, press, (7200 + 3600) * NS, &b);
    CHECK(chk, fabs((double)(b.cycle_count - a.cycle_count) - a.parts_per_hour) <= 1.0,
          "an hour counted %llu, parts per hour says %.1f", (unsigned long long)(b.cycle_count - a.cycle_count),
          a.parts_per_hour);
    struct scene_machine_state rs;
    scene_machine_state_sim(scene, rack, 7200 * NS, &rs);
    CHECK(chk, isnan(rs.temperature_c) && isnan(rs.load_pct) && rs.cycle_count == 0, "a rack has numbers");
}

/* The chart's samples: oldest first, the last at the update time, each the simulation at its own time. */
static void check_history(struct check *chk, struct scene *scene)
{
    struct scene_machine_state h[61], at;
    uint32_t press = scene_find_machine(scene, "line1-press");
    scene_update(scene, 7260 * NS);
    CHECK(chk, scene_get_time(scene) == 7260 * NS, "scene_get_time %lld", (long long)scene_get_time(scene));
    CHECK(chk, scene_machine_history(scene, press, 61, NS, h) == 61, "history wrote fewer samples");
    for (int k = 0; k < 61; k++) {
        scene_machine_state_sim(scene, press, (7200 + k) * NS, &at);
        CHECK(chk, memcmp(&at, &h[k], sizeof at) == 0, "sample %d is not the state at t=%d s", k, 7200 + k);
    }
    CHECK(chk, scene_machine_history(scene, press, 61, 0, h) == 0, "a zero step answered");
    CHECK(chk, scene_machine_history(scene, scene_machine_count(scene), 61, NS, h) == 0, "a bad index answered");
}

static void check_live(struct check *chk, struct scene *scene)
{
    uint32_t press = scene_find_machine(scene, "line2-press");
    struct scene_machine_state live = {.status = SCENE_MACHINE_OFFLINE, .cycle_count = 42, .temperature_c = 99.0f,
                                       .parts_per_hour = NAN, .load_pct = NAN}, got, sim;
    snprintf(live.alarm, sizeof live.alarm, "%s", "PLC unreachable");
    scene_update(scene, 100 * NS);
    scene_set_machine_live(scene, press, &live);
    scene_machine_state(scene, press, &got);
    CHECK(chk, got.live && got.status == SCENE_MACHINE_OFFLINE && got.cycle_count == 42 &&
                   strcmp(got.alarm, "PLC unreachable") == 0,
          "live state not returned (status %d count %llu)", got.status, (unsigned long long)got.cycle_count);
    scene_machine_state_sim(scene, press, 100 * NS, &sim);
    CHECK(chk, !sim.live && sim.status != SCENE_MACHINE_OFFLINE, "the simulation saw the live state");
    scene_set_machine_live(scene, press, NULL);
    scene_machine_state(scene, press, &got);
    CHECK(chk, !got.live && memcmp(&got, &sim, sizeof got) == 0, "NULL did not hand the machine back");
    scene_set_machine_live(scene, scene_machine_count(scene), &live); /* out of range: ignored */
}

int main(void)
{
    struct check chk = {0};
    for (uint32_t lines = 1; lines <= 9; lines += 4) {
        struct scene *scene = NULL;
        if (scene_create(&(struct scene_desc){.lines = lines, .seed = 3}, &scene) != 0) {
            fprintf(stderr, "scene_create failed\n");
            return 1;
        }
        check_identity(&chk, scene, lines);
        check_bounds(&chk, scene);
        check_agv_moves(&chk, scene);
        check_simulation(&chk, scene);
        check_history(&chk, scene);
        if (lines > 1)
            check_live(&chk, scene);
        scene_destroy(&scene);
    }
    return check_finish(&chk, "scene_machines");
}
