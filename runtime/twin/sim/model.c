/* The simulator's telemetry model: machines run, fault now and then (random, at a rate per hour) and recover, idle
 * for a while; a line's conveyors block while one of its cells is in fault; counters count while running,
 * temperatures drift towards what the work heats them to, loads wander. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim.h"

#define SIM_AMBIENT_C 24.0
#define SIM_CYCLE_S 5.0
#define SIM_IDLES_PER_HOUR 2.0

static const char *const sim_alarms[] = {"Die clamp pressure low", "Light curtain interrupted",
                                         "Part not seated on table", "Hydraulic oil over temperature",
                                         "Gripper vacuum lost", "Servo following error", "Emergency stop pressed"};

static double rnd(uint64_t *s) /* xorshift64*: [0, 1) */
{
    *s ^= *s >> 12;
    *s ^= *s << 25;
    *s ^= *s >> 27;
    return (double)((*s * 2685821657736338717ull) >> 11) / 9007199254740992.0;
}

static void add(struct sim_model *m, const struct scene_plant_ident *id, enum scene_machine_kind kind, uint32_t line)
{
    struct sim_machine *s = &m->machines[m->count++];
    memcpy(s->id, id->id, sizeof s->id);
    s->kind = kind;
    s->line = line;
    s->status = SCENE_MACHINE_RUNNING;
    s->count_base = 10000 + (uint64_t)(rnd(&m->rng) * 90000.0);
    s->pph = 3600.0 / SIM_CYCLE_S;
    s->temperature_c = SIM_AMBIENT_C + 10.0 * rnd(&m->rng);
    s->load_pct = 40.0 + 20.0 * rnd(&m->rng);
}

int sim_model_init(struct sim_model *m, const struct scene_plant *plant, uint64_t seed, double faults_per_hour)
{
    memset(m, 0, sizeof *m);
    uint32_t cap = plant->agv_count;
    for (uint32_t l = 0; l < plant->line_count; l++)
        cap += 4 * plant->lines[l].cell_count + 1;
    m->machines = calloc(cap ? cap : 1, sizeof *m->machines);
    if (!m->machines)
        return -1;
    m->rng = seed * 0x9E3779B97F4A7C15ull + 1;
    m->faults_per_hour = faults_per_hour;
    m->lines = plant->line_count;
    for (uint32_t l = 0; l < plant->line_count; l++) {
        const struct scene_plant_line *line = &plant->lines[l];
        add(m, &line->infeed, SCENE_MACHINE_CONVEYOR, l);
        for (uint32_t k = 0; k < line->cell_count; k++) {
            add(m, &line->cells[k].robot_in, SCENE_MACHINE_ROBOT, l);
            add(m, &line->cells[k].press, SCENE_MACHINE_PRESS, l);
            add(m, &line->cells[k].robot_out, SCENE_MACHINE_ROBOT, l);
            if (k + 1 < line->cell_count)
                add(m, &line->cells[k].transfer, SCENE_MACHINE_CONVEYOR, l);
        }
        add(m, &line->outfeed, SCENE_MACHINE_CONVEYOR, l);
    }
    for (uint32_t a = 0; a < plant->agv_count; a++)
        add(m, &plant->agvs[a].ident, SCENE_MACHINE_AGV, SCENE_NO_LINE);
    return 0;
}

void sim_model_free(struct sim_model *m)
{
    free(m->machines);
    memset(m, 0, sizeof *m);
}

/* Robots, presses and AGVs fault and idle on their own; conveyors follow their line. */
static void step_status(struct sim_model *m, struct sim_machine *s, double dt)
{
    if (s->status != SCENE_MACHINE_RUNNING) {
        if (m->t >= s->status_until && s->status != SCENE_MACHINE_BLOCKED) {
            s->status = SCENE_MACHINE_RUNNING;
            s->alarm = NULL;
        }
        return;
    }
    double u = rnd(&m->rng);
    double p_fault = m->faults_per_hour / 3600.0 * dt, p_idle = SIM_IDLES_PER_HOUR / 3600.0 * dt;
    if (u < p_fault) {
        s->status = SCENE_MACHINE_FAULT;
        s->status_until = m->t + 5.0 + 25.0 * rnd(&m->rng);
        s->alarm = sim_alarms[(size_t)(rnd(&m->rng) * (sizeof sim_alarms / sizeof sim_alarms[0]))];
    } else if (u < p_fault + p_idle) {
        s->status = SCENE_MACHINE_IDLE;
        s->status_until = m->t + 10.0 + 50.0 * rnd(&m->rng);
    }
}

static void step_conveyors(struct sim_model *m, uint32_t first, uint32_t end)
{
    bool fault = false, idle = false;
    for (uint32_t i = first; i < end; i++) {
        const struct sim_machine *s = &m->machines[i];
        if (s->kind != SCENE_MACHINE_CONVEYOR) {
            fault |= s->status == SCENE_MACHINE_FAULT;
            idle |= s->status == SCENE_MACHINE_IDLE;
        }
    }
    for (uint32_t i = first; i < end; i++) {
        struct sim_machine *s = &m->machines[i];
        if (s->kind == SCENE_MACHINE_CONVEYOR)
            s->status = fault ? SCENE_MACHINE_BLOCKED : idle ? SCENE_MACHINE_IDLE : SCENE_MACHINE_RUNNING;
    }
}

static void step_numbers(struct sim_model *m, struct sim_machine *s, double dt)
{
    const bool running = s->status == SCENE_MACHINE_RUNNING;
    if (running)
        s->cycles += dt / SIM_CYCLE_S;
    double k = 1.0 - exp(-dt / 600.0); /* parts per hour: ten minutes' memory */
    s->pph += ((running ? 3600.0 / SIM_CYCLE_S : 0.0) - s->pph) * k;
    double heat = s->kind == SCENE_MACHINE_PRESS ? 22.0 : s->kind == SCENE_MACHINE_ROBOT ? 14.0 : 8.0;
    double target = SIM_AMBIENT_C + (running ? heat : 0.0);
    s->temperature_c += (target - s->temperature_c) * (1.0 - exp(-dt / 120.0)) + (rnd(&m->rng) - 0.5) * 0.2 * sqrt(dt);
    if (running)
        s->load_pct = fmin(95.0, fmax(20.0, s->load_pct + (rnd(&m->rng) - 0.5) * 8.0 * sqrt(dt)));
    else
        s->load_pct = 0.0;
}

void sim_model_step(struct sim_model *m, double t)
{
    double dt = t - m->t;
    if (dt <= 0.0)
        return;
    m->t = t;
    for (uint32_t i = 0; i < m->count; i++) {
        if (m->machines[i].kind != SCENE_MACHINE_CONVEYOR)
            step_status(m, &m->machines[i], dt);
    }
    uint32_t first = 0;
    for (uint32_t i = 0; i <= m->count; i++) { /* a line's machines are contiguous */
        if (i == m->count || m->machines[i].line != m->machines[first].line) {
            if (m->machines[first].line != SCENE_NO_LINE)
                step_conveyors(m, first, i);
            first = i;
        }
    }
    for (uint32_t i = 0; i < m->count; i++)
        step_numbers(m, &m->machines[i], dt);
}

size_t sim_model_payload(const struct sim_model *m, uint32_t i, int64_t unix_ms, char *out, size_t size)
{
    const struct sim_machine *s = &m->machines[i];
    int n = snprintf(out, size, "{\"status\":\"%s\",\"cycle_count\":%llu,\"parts_per_hour\":%.1f,",
                     scene_machine_status_name(s->status), (unsigned long long)(s->count_base + (uint64_t)s->cycles),
                     s->pph);
    if (n > 0 && (size_t)n < size && s->kind != SCENE_MACHINE_AGV)
        n += snprintf(out + n, size - (size_t)n, "\"temperature_c\":%.2f,", s->temperature_c);
    if (n > 0 && (size_t)n < size)
        n += snprintf(out + n, size - (size_t)n, "\"load_pct\":%.1f,\"alarm\":\"%s\",\"ts\":%lld}", s->load_pct,
                      s->alarm ? s->alarm : "", (long long)unix_ms);
    return n > 0 && (size_t)n < size ? (size_t)n : 0;
}
