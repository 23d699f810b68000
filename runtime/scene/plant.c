/* Plants: allocation, and the check of everything a scene needs of one (ranges, ids, the floor's footprints). */
#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "plant_check.h"
#include "scene_internal.h"

int scene_plant_create(const struct scene_plant_counts *counts, struct scene_plant **out_plant)
{
    *out_plant = NULL;
    const struct scene_plant_counts c = counts ? *counts : (struct scene_plant_counts){0};
    if (c.lines > SCENE_PLANT_MAX_LINES || c.racks > SCENE_PLANT_MAX_OBJECTS || c.pallets > SCENE_PLANT_MAX_OBJECTS ||
        c.columns > SCENE_PLANT_MAX_OBJECTS || c.agvs > SCENE_PLANT_MAX_OBJECTS || c.lights > SCENE_PLANT_MAX_OBJECTS) {
        fprintf(stderr, "scene_plant_create: too many objects (at most %d lines and %d of each other kind)\n",
                SCENE_PLANT_MAX_LINES, SCENE_PLANT_MAX_OBJECTS);
        return -1;
    }
    struct scene_plant *p = calloc(1, sizeof *p);
    if (!p) {
        fprintf(stderr, "scene_plant_create: out of memory\n");
        return -1;
    }
    p->line_count = c.lines;
    p->rack_count = c.racks;
    p->pallet_count = c.pallets;
    p->column_count = c.columns;
    p->agv_count = c.agvs;
    p->light_count = c.lights;
    p->lines = calloc(c.lines ? c.lines : 1, sizeof *p->lines);
    p->racks = calloc(c.racks ? c.racks : 1, sizeof *p->racks);
    p->pallets = calloc(c.pallets ? c.pallets : 1, sizeof *p->pallets);
    p->columns = calloc(c.columns ? c.columns : 1, sizeof *p->columns);
    p->agvs = calloc(c.agvs ? c.agvs : 1, sizeof *p->agvs);
    p->lights = calloc(c.lights ? c.lights : 1, sizeof *p->lights);
    if (!p->lines || !p->racks || !p->pallets || !p->columns || !p->agvs || !p->lights) {
        fprintf(stderr, "scene_plant_create: out of memory for %u lines\n", c.lines);
        scene_plant_destroy(&p);
        return -1;
    }
    for (uint32_t i = 0; i < c.racks; i++)
        p->racks[i].line = SCENE_NO_LINE;
    *out_plant = p;
    return 0;
}

void scene_plant_destroy(struct scene_plant **plant_ptr)
{
    if (!plant_ptr || !*plant_ptr)
        return;
    struct scene_plant *p = *plant_ptr;
    free(p->lines);
    free(p->racks);
    free(p->pallets);
    free(p->columns);
    free(p->agvs);
    free(p->lights);
    free(p);
    *plant_ptr = NULL;
}

void scene_plant_line_band(const struct scene_plant_line *line, float out_min[2], float out_max[2])
{
    struct scene_line_plan g;
    scene_line_geometry(line, &g);
    out_min[0] = g.x - SCENE_BAND_HALF_W;
    out_max[0] = g.x + SCENE_BAND_HALF_W;
    out_min[1] = g.z0 - g.band_s1;
    out_max[1] = g.z0 - SCENE_BAND_S0;
}

int plant_fail(struct plant_check *pc, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(pc->msg, pc->msg_size, fmt, ap);
    va_end(ap);
    return -1;
}

/* ---- ranges ---- */

static bool in_range(float v, float lo, float hi)
{
    return isfinite(v) && v >= lo && v <= hi;
}

static int check_ident(struct plant_check *pc, const struct scene_plant_ident *id, const char *path)
{
    if (!memchr(id->id, '\0', sizeof id->id) || !memchr(id->name, '\0', sizeof id->name))
        return plant_fail(pc, "%s: id or name longer than %d bytes", path, SCENE_ID_MAX - 1);
    if (id->id[0] == '\0')
        return plant_fail(pc, "%s.id: empty", path);
    for (const char *c = id->id; *c; c++) {
        if (!isalnum((unsigned char)*c) && *c != '.' && *c != '_' && *c != '-')
            return plant_fail(pc, "%s.id: '%s' has '%c': ids are letters, digits, '.', '_' and '-' (an MQTT topic level)",
                              path, id->id, *c);
    }
    if (id->name[0] == '\0')
        return plant_fail(pc, "%s.name: empty", path);
    for (const char *c = id->name; *c; c++) {
        if ((unsigned char)*c < 0x20 || *c == 0x7f)
            return plant_fail(pc, "%s.name: '%s' has a control character", path, id->name);
    }
    return 0;
}

static int check_hall(struct plant_check *pc, const struct scene_plant *p)
{
    for (int a = 0; a < 2; a++) {
        if (!in_range(p->hall_min[a], -5000.0f, 5000.0f) || !in_range(p->hall_max[a], -5000.0f, 5000.0f))
            return plant_fail(pc, "hall: %s %g..%g is not within -5000..5000 m", a ? "z" : "x", (double)p->hall_min[a],
                              (double)p->hall_max[a]);
        if (!(p->hall_max[a] - p->hall_min[a] >= 4.0f))
            return plant_fail(pc, "hall.max: %s %g is not at least 4 m beyond hall.min's %g", a ? "z" : "x",
                              (double)p->hall_max[a], (double)p->hall_min[a]);
    }
    if (!in_range(p->roof_y, 4.0f, 30.0f))
        return plant_fail(pc, "hall.height: %g is not within 4..30 m", (double)p->roof_y);
    if (p->line_count > SCENE_PLANT_MAX_LINES)
        return plant_fail(pc, "lines: %u lines, at most %d", p->line_count, SCENE_PLANT_MAX_LINES);
    return 0;
}

static int check_line(struct plant_check *pc, const struct scene_plant_line *l, uint32_t i)
{
    char path[64];
    snprintf(path, sizeof path, "lines[%u]", i);
    if (!in_range(l->origin[0], -5000.0f, 5000.0f) || !in_range(l->origin[1], -5000.0f, 5000.0f))
        return plant_fail(pc, "%s.origin: [%g, %g] is not a position on the floor", path, (double)l->origin[0],
                          (double)l->origin[1]);
    if (!in_range(l->infeed_length, SCENE_PLANT_INFEED_MIN, SCENE_PLANT_INFEED_MAX))
        return plant_fail(pc, "%s.infeed.length: %g is not within %g..%g m", path, (double)l->infeed_length,
                          (double)SCENE_PLANT_INFEED_MIN, (double)SCENE_PLANT_INFEED_MAX);
    if (!in_range(l->outfeed_length, SCENE_PLANT_OUTFEED_MIN, SCENE_PLANT_OUTFEED_MAX))
        return plant_fail(pc, "%s.outfeed.length: %g is not within %g..%g m", path, (double)l->outfeed_length,
                          (double)SCENE_PLANT_OUTFEED_MIN, (double)SCENE_PLANT_OUTFEED_MAX);
    if (l->cell_count < 1 || l->cell_count > SCENE_PLANT_MAX_CELLS)
        return plant_fail(pc, "%s.cells: %u cells, expected 1..%d", path, l->cell_count, SCENE_PLANT_MAX_CELLS);
    for (uint32_t k = 0; k + 1 < l->cell_count; k++) {
        if (!in_range(l->cells[k].transfer_length, SCENE_PLANT_TRANSFER_MIN, SCENE_PLANT_TRANSFER_MAX))
            return plant_fail(pc, "%s.cells[%u].transfer.length: %g is not within %g..%g m", path, k,
                              (double)l->cells[k].transfer_length, (double)SCENE_PLANT_TRANSFER_MIN,
                              (double)SCENE_PLANT_TRANSFER_MAX);
    }
    uint32_t sum = 0;
    for (int k = 0; k < 4; k++) {
        if (l->schedule[k] % 3 != 0 || l->schedule[k] > SCENE_SCHEDULE_S)
            return plant_fail(pc, "%s.schedule: %u s is not a multiple of 3 within 0..60", path, l->schedule[k]);
        sum += l->schedule[k];
    }
    if (sum != SCENE_SCHEDULE_S)
        return plant_fail(pc, "%s.schedule: running %u + idle %u + running %u + fault %u = %u s, expected 60", path,
                          l->schedule[0], l->schedule[1], l->schedule[2], l->schedule[3], sum);
    if (l->schedule_phase % 3 != 0 || l->schedule_phase >= SCENE_SCHEDULE_S)
        return plant_fail(pc, "%s.schedule.phase: %u is not a multiple of 3 below 60", path, l->schedule_phase);
    struct scene_line_plan g;
    scene_line_geometry(l, &g);
    if (g.parts == 0)
        return plant_fail(pc, "%s: too long: a part takes %.1f cycles from the feeder to the bin, at most %d", path,
                          g.tau_gone, SCENE_MAX_LINE_PARTS);
    return 0;
}

static int check_objects(struct plant_check *pc, const struct scene_plant *p)
{
    for (uint32_t i = 0; i < p->rack_count; i++) {
        const struct scene_plant_rack *r = &p->racks[i];
        if (r->bays < 1 || r->bays > 8)
            return plant_fail(pc, "racks[%u].bays: %u, expected 1..8", i, r->bays);
        if (r->line != SCENE_NO_LINE && r->line >= p->line_count)
            return plant_fail(pc, "racks[%u].line: line index %u of %u lines", i, r->line, p->line_count);
    }
    for (uint32_t i = 0; i < p->pallet_count; i++) {
        if (p->pallets[i].layers > 2)
            return plant_fail(pc, "pallets[%u].layers: %u, expected 0..2", i, p->pallets[i].layers);
    }
    for (uint32_t i = 0; i < p->agv_count; i++) {
        const struct scene_plant_agv *a = &p->agvs[i];
        if (!in_range(a->corner, 0.5f, 50.0f))
            return plant_fail(pc, "agvs[%u].route.corner: %g is not within 0.5..50 m", i, (double)a->corner);
        if (!in_range(a->half[0], a->corner + 0.01f, 2500.0f) || !in_range(a->half[1], a->corner + 0.01f, 2500.0f))
            return plant_fail(pc, "agvs[%u].route.size: half extents %g x %g m do not exceed the corner radius %g m", i,
                              (double)a->half[0], (double)a->half[1], (double)a->corner);
        float length = 4.0f * (a->half[0] + a->half[1] - 2.0f * a->corner) + 2.0f * 3.14159265f * a->corner;
        if (a->laps_per_hour < 1 || (double)a->laps_per_hour * length / SCENE_PERIOD_S > 3.0)
            return plant_fail(pc, "agvs[%u].laps_per_hour: %u laps of %.1f m an hour, expected 1 up to 3 m/s", i,
                              a->laps_per_hour, (double)length);
        if (!(a->phase >= 0.0f && a->phase < 1.0f))
            return plant_fail(pc, "agvs[%u].phase: %g is not within [0, 1)", i, (double)a->phase);
        for (int k = 0; k < 3; k++) {
            if (!in_range(a->color[k], 0.0f, 1.0f))
                return plant_fail(pc, "agvs[%u].color: %g is not within 0..1", i, (double)a->color[k]);
        }
    }
    for (uint32_t i = 0; i < p->light_count; i++) {
        const struct scene_light *l = &p->lights[i];
        if (!in_range(l->pos[0], p->hall_min[0], p->hall_max[0]) || !in_range(l->pos[2], p->hall_min[1], p->hall_max[1]) ||
            !in_range(l->pos[1], 0.5f, p->roof_y - 0.5f))
            return plant_fail(pc, "lights[%u].at: [%g, %g, %g] is not inside the hall (0.5 m below the roof)", i,
                              (double)l->pos[0], (double)l->pos[1], (double)l->pos[2]);
        if (!in_range(l->radius, 0.1f, 500.0f) || !in_range(l->intensity, 0.0f, 100.0f))
            return plant_fail(pc, "lights[%u]: radius %g (0.1..500 m) or intensity %g (0..100) out of range", i,
                              (double)l->radius, (double)l->intensity);
        for (int k = 0; k < 3; k++) {
            if (!in_range(l->color[k], 0.0f, 1.0f))
                return plant_fail(pc, "lights[%u].color: %g is not within 0..1", i, (double)l->color[k]);
        }
    }
    return 0;
}

int scene_plant_check(const struct scene_plant *plant, char *msg, size_t msg_size)
{
    char scratch[8];
    struct plant_check pc = {.plant = plant, .msg = msg && msg_size ? msg : scratch,
                             .msg_size = msg && msg_size ? msg_size : sizeof scratch};
    pc.msg[0] = '\0';
    if (!plant)
        return plant_fail(&pc, "no plant");
    if (check_hall(&pc, plant) != 0)
        return -1;
    for (uint32_t i = 0; i < plant->line_count; i++) {
        if (check_line(&pc, &plant->lines[i], i) != 0)
            return -1;
    }
    if (check_objects(&pc, plant) != 0 || plant_check_ids(&pc) != 0 || plant_check_space(&pc) != 0)
        return -1;
    return 0;
}

/* Ident checks are shared with plant_space.c's id pass. */
int plant_check_ident(struct plant_check *pc, const struct scene_plant_ident *id, const char *path)
{
    return check_ident(pc, id, path);
}
