/* Machines: who is who on the floor (ids, names, kinds, from the plant), their simulated state as a function of
 * time, live overrides from the twin with the history they build, and their bounds and lamps. */
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

static void set_ident(struct scene_machine *m, const struct scene_plant_ident *id, enum scene_machine_kind kind,
                      uint32_t line)
{
    memcpy(m->id, id->id, sizeof m->id);
    memcpy(m->name, id->name, sizeof m->name);
    m->id[SCENE_ID_MAX - 1] = '\0';
    m->name[SCENE_NAME_MAX - 1] = '\0';
    m->kind = kind;
    m->line = line;
    m->has_state = kind != SCENE_MACHINE_RACK;
}

/* The order is the plan's (plan.c): each line's infeed, cells (robot in, press, robot out, transfer), outfeed;
 * then the racks, then the AGVs. machine_slot holds a machine's place within its line, or its rack or AGV
 * index. */
static void name_machines(struct scene *scene, const struct scene_plant *plant)
{
    uint32_t m = 0;
    for (uint32_t l = 0; l < plant->line_count; l++) {
        const struct scene_plant_line *line = &plant->lines[l];
        uint32_t first = m;
        set_ident(&scene->machines[m++], &line->infeed, SCENE_MACHINE_CONVEYOR, l);
        for (uint32_t k = 0; k < line->cell_count; k++) {
            set_ident(&scene->machines[m++], &line->cells[k].robot_in, SCENE_MACHINE_ROBOT, l);
            set_ident(&scene->machines[m++], &line->cells[k].press, SCENE_MACHINE_PRESS, l);
            set_ident(&scene->machines[m++], &line->cells[k].robot_out, SCENE_MACHINE_ROBOT, l);
            if (k + 1 < line->cell_count)
                set_ident(&scene->machines[m++], &line->cells[k].transfer, SCENE_MACHINE_CONVEYOR, l);
        }
        set_ident(&scene->machines[m++], &line->outfeed, SCENE_MACHINE_CONVEYOR, l);
        for (uint32_t i = first; i < m; i++)
            scene->machine_slot[i] = i - first;
    }
    for (uint32_t r = 0; r < plant->rack_count; r++) {
        scene->machine_slot[m] = r;
        set_ident(&scene->machines[m++], &plant->racks[r].ident, SCENE_MACHINE_RACK, plant->racks[r].line);
    }
    for (uint32_t a = 0; a < plant->agv_count; a++) {
        scene->machine_slot[m] = a;
        set_ident(&scene->machines[m++], &plant->agvs[a].ident, SCENE_MACHINE_AGV, SCENE_NO_LINE);
    }
}

int scene_machines_build(struct scene *scene, const struct scene_plant *plant)
{
    uint32_t count = plant->rack_count + plant->agv_count;
    for (uint32_t l = 0; l < plant->line_count; l++)
        count += scene_line_machine_count(&plant->lines[l]);
    size_t n = count ? count : 1;
    scene->machines = calloc(n, sizeof *scene->machines);
    scene->live = calloc(n, sizeof *scene->live);
    scene->history = calloc(n, sizeof *scene->history);
    scene->beacons = calloc(n, sizeof *scene->beacons);
    scene->machine_slot = calloc(n, sizeof *scene->machine_slot);
    if (!scene->machines || !scene->live || !scene->history || !scene->beacons || !scene->machine_slot) {
        fprintf(stderr, "scene: out of memory for %u machines\n", count);
        return -1;
    }
    scene->machine_count = count;
    name_machines(scene, plant);
    uint32_t stateful = 0;
    for (uint32_t i = 0; i < count; i++)
        stateful += scene->machines[i].has_state;
    size_t pool = (size_t)(stateful ? stateful : 1) * SCENE_HISTORY_SAMPLES * sizeof *scene->history_pool;
    scene->history_pool = calloc(1, pool);
    if (!scene->history_pool) {
        fprintf(stderr, "scene: out of memory for the live history of %u machines\n", stateful);
        return -1;
    }
    /* Touched now, page by page (a volatile write: a memset of zeros after an allocation may be folded into a lazy
     * calloc), so that live data arriving for 10,000 machines does not page-fault the frame loop: measured 145 ms
     * in one frame otherwise. */
    for (size_t off = 0; off < pool; off += 4096)
        ((volatile char *)scene->history_pool)[off] = 0;
    for (uint32_t i = 0, k = 0; i < count; i++) {
        if (scene->machines[i].has_state)
            scene->history[i].samples = &scene->history_pool[(size_t)k++ * SCENE_HISTORY_SAMPLES];
    }
    return 0;
}

void scene_machines_free(struct scene *scene)
{
    free(scene->history_pool);
    scene->history_pool = NULL;
    free(scene->machines);
    free(scene->live);
    free(scene->history);
    free(scene->beacons);
    free(scene->machine_slot);
    scene->machines = NULL;
    scene->live = NULL;
    scene->history = NULL;
    scene->beacons = NULL;
    scene->machine_slot = NULL;
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

/* The status a machine of a line shows while the line is in `line_status`: a conveyor next to a faulted cell
 * backs up (blocked); everything else follows the line. */
static enum scene_machine_status kind_status(enum scene_machine_kind kind, enum scene_status line_status)
{
    if (line_status == SCENE_STATUS_IDLE)
        return SCENE_MACHINE_IDLE;
    if (line_status == SCENE_STATUS_FAULT)
        return kind == SCENE_MACHINE_CONVEYOR ? SCENE_MACHINE_BLOCKED : SCENE_MACHINE_FAULT;
    return SCENE_MACHINE_RUNNING;
}

enum scene_machine_status scene_machine_status_at(const struct scene *scene, uint32_t index, double t)
{
    if (index >= scene->machine_count)
        return SCENE_MACHINE_OFFLINE;
    if (scene->live[index].live)
        return scene->live[index].status;
    const struct scene_machine *m = &scene->machines[index];
    if (m->kind == SCENE_MACHINE_AGV)
        return SCENE_MACHINE_RUNNING;
    if (!m->has_state || m->line >= scene->plan.lines)
        return SCENE_MACHINE_IDLE;
    return kind_status(m->kind, scene_line_status(&scene->plan.line[m->line], t));
}

static void line_machine_sim(const struct scene *scene, uint32_t index, double t, struct scene_machine_state *out)
{
    const struct scene_machine *m = &scene->machines[index];
    const struct scene_line_plan *line = &scene->plan.line[m->line];
    const uint32_t seed = scene->plan.seed, slot = scene->machine_slot[index];
    double cycles = scene_line_cycles(line, t);
    /* Busy share of the last 20 s: heat builds while the line runs and leaks away while it stands. */
    double busy = (cycles - scene_line_cycles(line, t - 20.0)) * SCENE_CYCLE_S / 20.0;
    float wobble = (float)sin(2.0 * MACHINES_PI * (t / 600.0 + scene_hash_unit(seed, m->line, slot, 11)));
    out->status = kind_status(m->kind, scene_line_status(line, t));
    /* Counters start from a plausible age of the machine, then count the parts it handled. */
    out->cycle_count = 20000u + scene_hash(seed, m->line, slot, 12) % 80000u + (uint64_t)floor(cycles);
    out->parts_per_hour = (float)(cycles - scene_line_cycles(line, t - 3600.0));
    double phase = cycles - floor(cycles);
    switch (m->kind) {
    case SCENE_MACHINE_PRESS:
        out->temperature_c = MACHINES_AMBIENT_C + 22.0f * (float)busy + 1.5f * wobble;
        /* Tonnage peaks while the ram is down (0.45..0.8 of the cycle, see scene_line_pose). */
        out->load_pct = out->status == SCENE_MACHINE_RUNNING
                            ? 15.0f + 80.0f * (float)fmax(0.0, sin(MACHINES_PI * (phase - 0.45) / 0.35))
                            : 0.0f;
        break;
    case SCENE_MACHINE_ROBOT:
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
        if (m->kind == SCENE_MACHINE_PRESS)
            snprintf(out->alarm, sizeof out->alarm, "%s", alarms[scene_hash(seed, m->line, period, 13) % 4]);
        else
            snprintf(out->alarm, sizeof out->alarm, "Cell interlock: %.60s in fault", scene->machines[
                         line->first_machine + 2].name); /* the line's first press */
    }
}

static void agv_sim(const struct scene *scene, uint32_t agv_index, double t, struct scene_machine_state *out)
{
    if (agv_index >= scene->plan.agv_count)
        return;
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
            agv_sim(scene, scene->machine_slot[index], t, &st);
        else
            line_machine_sim(scene, index, t, &st);
    }
    *out_state = st;
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
