/* Machines: who is who on the floor (ids, names, kinds), their simulated state as a function of time, live
 * overrides from the twin, and their bounds. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scene_internal.h"

#define MACHINES_PI 3.14159265358979323846
#define MACHINES_AMBIENT_C 24.0f

static const char *const kind_names[SCENE_MACHINE_KIND_COUNT] = {"conveyor", "robot", "press", "rack", "agv"};
static const char *const status_names[SCENE_MACHINE_STATUS_COUNT] = {"running", "idle", "blocked", "fault",
                                                                      "offline"};

const char *scene_machine_kind_name(enum scene_machine_kind kind)
{
    return (unsigned)kind < SCENE_MACHINE_KIND_COUNT ? kind_names[kind] : "unknown";
}

const char *scene_machine_status_name(enum scene_machine_status status)
{
    return (unsigned)status < SCENE_MACHINE_STATUS_COUNT ? status_names[status] : "unknown";
}

static void name_line_machine(struct scene_machine *m, uint32_t line, enum scene_role role)
{
    static const struct {
        const char *id, *name;
        enum scene_machine_kind kind;
    } roles[SCENE_ROLES_PER_LINE] = {
        [SCENE_ROLE_INFEED] = {"infeed", "Infeed conveyor", SCENE_MACHINE_CONVEYOR},
        [SCENE_ROLE_ROBOT_A] = {"robot-a", "Loading robot", SCENE_MACHINE_ROBOT},
        [SCENE_ROLE_PRESS] = {"press", "Press", SCENE_MACHINE_PRESS},
        [SCENE_ROLE_ROBOT_B] = {"robot-b", "Unloading robot", SCENE_MACHINE_ROBOT},
        [SCENE_ROLE_OUTFEED] = {"outfeed", "Outfeed conveyor", SCENE_MACHINE_CONVEYOR},
        [SCENE_ROLE_RACK_A] = {"rack-a", "Rack A", SCENE_MACHINE_RACK},
        [SCENE_ROLE_RACK_B] = {"rack-b", "Rack B", SCENE_MACHINE_RACK},
        [SCENE_ROLE_RACK_C] = {"rack-c", "Rack C", SCENE_MACHINE_RACK},
    };
    /* People count lines from 1. */
    snprintf(m->id, sizeof m->id, "line%u-%s", line + 1, roles[role].id);
    snprintf(m->name, sizeof m->name, "%s, line %u", roles[role].name, line + 1);
    m->kind = roles[role].kind;
    m->line = line;
    m->has_state = m->kind != SCENE_MACHINE_RACK;
}

int scene_machines_build(struct scene *scene)
{
    const struct scene_plan *plan = &scene->plan;
    uint32_t count = plan->lines * SCENE_ROLES_PER_LINE + plan->lines;
    scene->machines = calloc(count, sizeof *scene->machines);
    scene->live = calloc(count, sizeof *scene->live);
    if (!scene->machines || !scene->live) {
        fprintf(stderr, "scene: out of memory for %u machines\n", count);
        return -1;
    }
    scene->machine_count = count;
    for (uint32_t l = 0; l < plan->lines; l++) {
        for (int r = 0; r < SCENE_ROLES_PER_LINE; r++)
            name_line_machine(&scene->machines[scene_role_machine(l, (enum scene_role)r)], l, (enum scene_role)r);
    }
    for (uint32_t a = 0; a < plan->lines; a++) {
        struct scene_machine *m = &scene->machines[scene_agv_machine(plan, a)];
        snprintf(m->id, sizeof m->id, "agv%u", a + 1);
        snprintf(m->name, sizeof m->name, "AGV %u", a + 1);
        m->kind = SCENE_MACHINE_AGV;
        m->line = SCENE_NO_LINE;
        m->has_state = true;
    }
    return 0;
}

void scene_machines_free(struct scene *scene)
{
    free(scene->machines);
    free(scene->live);
    scene->machines = NULL;
    scene->live = NULL;
    scene->machine_count = 0;
}

uint32_t scene_machine_count(const struct scene *scene)
{
    return scene->machine_count;
}

const struct scene_machine *scene_get_machine(const struct scene *scene, uint32_t index)
{
    return index < scene->machine_count ? &scene->machines[index] : NULL;
}

uint32_t scene_find_machine(const struct scene *scene, const char *id)
{
    if (!id)
        return SCENE_NO_MACHINE;
    for (uint32_t i = 0; i < scene->machine_count; i++) {
        if (strcmp(scene->machines[i].id, id) == 0)
            return i;
    }
    return SCENE_NO_MACHINE;
}

/* The status a machine of a line shows while the line is in `line_status`: a conveyor feeding a faulted press
 * backs up (blocked); everything else follows the line. */
static enum scene_machine_status role_status(enum scene_role role, enum scene_status line_status)
{
    if (line_status == SCENE_STATUS_IDLE)
        return SCENE_MACHINE_IDLE;
    if (line_status == SCENE_STATUS_FAULT)
        return role == SCENE_ROLE_INFEED || role == SCENE_ROLE_OUTFEED ? SCENE_MACHINE_BLOCKED : SCENE_MACHINE_FAULT;
    return SCENE_MACHINE_RUNNING;
}

static void line_machine_sim(const struct scene *scene, uint32_t line_index, enum scene_role role, double t,
                             struct scene_machine_state *out)
{
    const struct scene_line_plan *line = &scene->plan.line[line_index];
    const uint32_t seed = scene->plan.seed;
    double cycles = scene_line_cycles(line, t);
    /* Busy share of the last 20 s: heat builds while the line runs and leaks away while it stands. */
    double busy = (cycles - scene_line_cycles(line, t - 20.0)) * SCENE_CYCLE_S / 20.0;
    float wobble = (float)sin(2.0 * MACHINES_PI * (t / 600.0 + scene_hash_unit(seed, line_index, (uint32_t)role, 11)));
    out->status = role_status(role, scene_line_status(line, t));
    /* Counters start from a plausible age of the machine, then count the parts it handled. */
    out->cycle_count = 20000u + scene_hash(seed, line_index, (uint32_t)role, 12) % 80000u + (uint64_t)floor(cycles);
    out->parts_per_hour = (float)(cycles - scene_line_cycles(line, t - 3600.0));
    double phase = cycles - floor(cycles);
    switch (role) {
    case SCENE_ROLE_PRESS:
        out->temperature_c = MACHINES_AMBIENT_C + 22.0f * (float)busy + 1.5f * wobble;
        /* Tonnage peaks while the ram is down (0.45..0.8 of the cycle, see scene_line_state_at). */
        out->load_pct = out->status == SCENE_MACHINE_RUNNING
                            ? 15.0f + 80.0f * (float)fmax(0.0, sin(MACHINES_PI * (phase - 0.45) / 0.35))
                            : 0.0f;
        break;
    case SCENE_ROLE_ROBOT_A:
    case SCENE_ROLE_ROBOT_B:
        out->temperature_c = MACHINES_AMBIENT_C + 14.0f * (float)busy + 1.0f * wobble;
        out->load_pct = out->status == SCENE_MACHINE_RUNNING
                            ? 35.0f + 30.0f * (float)fabs(sin(2.0 * MACHINES_PI * phase))
                            : 0.0f;
        break;
    default: /* conveyors */
        out->temperature_c = MACHINES_AMBIENT_C + 8.0f * (float)busy + 0.5f * wobble;
        out->load_pct = out->status == SCENE_MACHINE_RUNNING ? 40.0f + 5.0f * wobble : 0.0f;
        break;
    }
    if (out->status == SCENE_MACHINE_FAULT) {
        static const char *const alarms[4] = {"Die clamp pressure low", "Light curtain interrupted",
                                              "Part not seated on table", "Hydraulic oil over temperature"};
        /* The same alarm for the whole fault: keyed by which schedule period it falls in. */
        uint32_t period = (uint32_t)floor((t + line->sched_phase) / SCENE_SCHEDULE_S);
        if (role == SCENE_ROLE_PRESS)
            snprintf(out->alarm, sizeof out->alarm, "%s", alarms[scene_hash(seed, line_index, period, 13) % 4]);
        else
            snprintf(out->alarm, sizeof out->alarm, "Cell interlock: press %u in fault", line_index + 1);
    }
}

static void agv_sim(const struct scene *scene, uint32_t agv_index, double t, struct scene_machine_state *out)
{
    const struct scene_agv_plan *agv = &scene->plan.agv[agv_index];
    double laps = (double)agv->speed * t / agv->length + agv->phase;
    out->status = SCENE_MACHINE_RUNNING;
    out->cycle_count = 5000u + scene_hash(scene->plan.seed, agv_index, 0, 14) % 20000u + (uint64_t)floor(laps);
    out->parts_per_hour = NAN;
    out->temperature_c = NAN;
    /* Drive load: higher through the corners of the loop. */
    out->load_pct = 30.0f + 20.0f * (float)fabs(sin(4.0 * MACHINES_PI * laps));
}

void scene_machine_state_sim(const struct scene *scene, uint32_t index, int64_t time_ns,
                             struct scene_machine_state *out_state)
{
    struct scene_machine_state st = {.status = SCENE_MACHINE_IDLE, .parts_per_hour = NAN, .temperature_c = NAN,
                                     .load_pct = NAN};
    if (index < scene->machine_count && scene->machines[index].has_state) {
        /* Counters keep counting past the animation's wrap: the simulation runs on unwrapped time. */
        double t = (double)time_ns * 1e-9;
        const struct scene_machine *m = &scene->machines[index];
        if (m->kind == SCENE_MACHINE_AGV)
            agv_sim(scene, index - scene->plan.lines * SCENE_ROLES_PER_LINE, t, &st);
        else
            line_machine_sim(scene, m->line, (enum scene_role)(index % SCENE_ROLES_PER_LINE), t, &st);
    }
    *out_state = st;
}

void scene_machine_state(const struct scene *scene, uint32_t index, struct scene_machine_state *out_state)
{
    if (index < scene->machine_count && scene->live[index].live) {
        *out_state = scene->live[index];
        return;
    }
    scene_machine_state_sim(scene, index, scene->time_ns, out_state);
}

void scene_set_machine_live(struct scene *scene, uint32_t index, const struct scene_machine_state *state)
{
    if (index >= scene->machine_count)
        return;
    if (!state) {
        memset(&scene->live[index], 0, sizeof scene->live[index]);
        return;
    }
    scene->live[index] = *state;
    scene->live[index].live = true;
    scene->live[index].alarm[SCENE_ALARM_MAX - 1] = '\0';
}

void scene_machine_bounds(const struct scene *scene, uint32_t index, float out_min[3], float out_max[3])
{
    for (int a = 0; a < 3; a++) {
        out_min[a] = INFINITY;
        out_max[a] = -INFINITY;
    }
    for (uint32_t k = 0; k < SCENE_KIND_COUNT; k++) {
        for (uint32_t i = scene->kind_first[k]; i < scene->kind_first[k] + scene->kind_count[k]; i++) {
            if (scene->owners[i] != index)
                continue;
            /* The mesh's local box through the model: centre moved, half extents through |M|. */
            const float *m = scene->instances[i].model;
            for (int a = 0; a < 3; a++) {
                float c = m[12 + a], h = 0.0f;
                for (int col = 0; col < 3; col++) {
                    float lc = (scene->local_min[k][col] + scene->local_max[k][col]) * 0.5f;
                    float lh = (scene->local_max[k][col] - scene->local_min[k][col]) * 0.5f;
                    c += m[col * 4 + a] * lc;
                    h += fabsf(m[col * 4 + a]) * lh;
                }
                out_min[a] = fminf(out_min[a], c - h);
                out_max[a] = fmaxf(out_max[a], c + h);
            }
        }
    }
}

uint32_t scene_machine_history(const struct scene *scene, uint32_t index, uint32_t count, int64_t step_ns,
                               struct scene_machine_state *out_samples)
{
    if (index >= scene->machine_count || step_ns <= 0)
        return 0;
    for (uint32_t k = 0; k < count; k++)
        scene_machine_state_sim(scene, index, scene->time_ns - (int64_t)(count - 1 - k) * step_ns, &out_samples[k]);
    return count;
}
