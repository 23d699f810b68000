/* fxr-plant-sim's rooms: the telemetry model (model.c) and the command line, publishing, recording and replay
 * (main.c). */
#ifndef FACTORYXR_SIM_H
#define FACTORYXR_SIM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "factoryxr/scene.h"

/* One machine as the simulator drives it. */
struct sim_machine {
    char id[SCENE_ID_MAX];
    enum scene_machine_kind kind;
    uint32_t line;          /* SCENE_NO_LINE for AGVs */
    enum scene_machine_status status;
    double status_until;    /* seconds: when a fault or an idle spell ends */
    double cycles;          /* work done (cycles of 5 s while running) */
    uint64_t count_base;    /* cycle_count at start */
    double pph;             /* parts per hour, smoothed */
    double temperature_c;
    double load_pct;
    const char *alarm;
};

struct sim_model {
    struct sim_machine *machines;
    uint32_t count;
    uint32_t lines;
    uint64_t rng;
    double faults_per_hour; /* per machine */
    double t;               /* seconds since start */
};

/* The machines with a state of the plant (racks take no data). Returns 0 or -1. */
int sim_model_init(struct sim_model *m, const struct scene_plant *plant, uint64_t seed, double faults_per_hour);
void sim_model_free(struct sim_model *m);
/* Moves the model to time t (seconds, increasing): faults start and clear, counters count, temperatures drift. */
void sim_model_step(struct sim_model *m, double t);
/* The payload of machine i now; returns its length. */
size_t sim_model_payload(const struct sim_model *m, uint32_t i, int64_t unix_ms, char *out, size_t size);

#endif
