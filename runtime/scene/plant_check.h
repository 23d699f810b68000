/* The plant check's shared state and its passes (plant.c: ranges; plant_space.c: ids and footprints). */
#ifndef FACTORYXR_PLANT_CHECK_H
#define FACTORYXR_PLANT_CHECK_H

#include <stddef.h>

#include "factoryxr/scene.h"

struct plant_check {
    const struct scene_plant *plant;
    char *msg;
    size_t msg_size;
};

/* Writes the message and returns -1. */
int plant_fail(struct plant_check *pc, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int plant_check_ident(struct plant_check *pc, const struct scene_plant_ident *id, const char *path);
/* Every id well formed and used once (lines, machines, racks and AGVs share one namespace). */
int plant_check_ids(struct plant_check *pc);
/* Nothing outside the hall, no two solid things in one place, no two line bands overlapping, every AGV loop
 * clear of bands, solid things and other loops. */
int plant_check_space(struct plant_check *pc);

#endif
