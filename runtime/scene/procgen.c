/* The procedural floor as a plant: N standard lines on a grid around the main aisle, three racks and a row of
 * pallet stacks per line, an AGV loop around each line, columns between the bands, a fixture row per column.
 * Schedules, AGV phases and colours come from the seed. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "scene_internal.h"

#define GEN_PI 3.14159265358979323846
#define GEN_PITCH_X 10.0f   /* line bands across */
#define GEN_PITCH_Z 24.0f   /* line bands along */
#define GEN_WALL_GAP 4.0f   /* band edge to side wall */
#define GEN_FRONT_Z 6.0f    /* front wall: the viewer at the origin has room behind */
#define GEN_ROOF_Y 9.0f
#define GEN_INFEED 10.0f
#define GEN_OUTFEED 5.9f
#define GEN_BAND_S1 19.5f   /* where a standard line's band ends: outfeed end + SCENE_BAND_TAIL */
#define GEN_TRUSS_STEP 8.0f

struct gen_grid {
    uint32_t cols, rows;
};

static void ident(struct scene_plant_ident *out, const char *id_fmt, const char *name_fmt, uint32_t n)
{
    snprintf(out->id, sizeof out->id, id_fmt, n);
    snprintf(out->name, sizeof out->name, name_fmt, n);
}

static void gen_line(struct scene_plant *plant, struct gen_grid g, uint32_t i)
{
    struct scene_plant_line *line = &plant->lines[i];
    uint32_t c = i % g.cols, r = i / g.cols, n = i + 1; /* people count lines from 1 */
    /* Columns straddle x = 0 so that the viewer at the origin looks down an aisle between lines. */
    line->origin[0] = ((float)c - (float)(g.cols / 2) + 0.5f) * GEN_PITCH_X;
    line->origin[1] = -3.0f + SCENE_BAND_S0 - (float)r * GEN_PITCH_Z;
    /* Lines left of the main aisle are mirrored, so both sides of it show their conveyors and robots. */
    line->mirrored = line->origin[0] < 0.0f;
    ident(&line->ident, "line%u", "Line %u", n);
    ident(&line->infeed, "line%u-infeed", "Infeed conveyor, line %u", n);
    ident(&line->outfeed, "line%u-outfeed", "Outfeed conveyor, line %u", n);
    ident(&line->cells[0].robot_in, "line%u-robot-a", "Loading robot, line %u", n);
    ident(&line->cells[0].press, "line%u-press", "Press, line %u", n);
    ident(&line->cells[0].robot_out, "line%u-robot-b", "Unloading robot, line %u", n);
    line->infeed_length = GEN_INFEED;
    line->outfeed_length = GEN_OUTFEED;
    line->cell_count = 1;
    /* Schedule in 3 s steps, so the running time per schedule is a multiple of 3 s: see SCENE_PERIOD_S. */
    uint32_t h = scene_hash(plant->seed, i, 1, 0);
    line->schedule[3] = 3 * (1 + h % 2);
    line->schedule[1] = 3 * (1 + (h >> 4) % 3);
    line->schedule[0] = 3 * (4 + (h >> 8) % 5);
    line->schedule[2] = SCENE_SCHEDULE_S - line->schedule[0] - line->schedule[1] - line->schedule[3];
    line->schedule_phase = 3 * ((h >> 12) % (SCENE_SCHEDULE_S / 3));
}

/* Racks beside the conveyors (lx, s of the near end, bays) and the stacks on the side that faces an aisle. */
static void gen_line_storage(struct scene_plant *plant, uint32_t i)
{
    static const struct {
        float lx, s0;
        uint32_t bays;
        const char *id, *name;
    } racks[3] = {{-2.9f, 13.4f, 2, "a", "A"}, {2.9f, 0.6f, 3, "b", "B"}, {2.9f, 13.4f, 2, "c", "C"}};
    const struct scene_plant_line *line = &plant->lines[i];
    float mirror = line->mirrored ? -1.0f : 1.0f;
    for (uint32_t k = 0; k < 3; k++) {
        struct scene_plant_rack *rack = &plant->racks[3 * i + k];
        snprintf(rack->ident.id, sizeof rack->ident.id, "line%u-rack-%s", i + 1, racks[k].id);
        snprintf(rack->ident.name, sizeof rack->ident.name, "Rack %s, line %u", racks[k].name, i + 1);
        rack->line = i;
        rack->at[0] = line->origin[0] + mirror * racks[k].lx;
        rack->at[1] = line->origin[1] - racks[k].s0;
        rack->bays = racks[k].bays;
    }
    for (uint32_t k = 0; k < 5; k++) {
        struct scene_plant_pallet *p = &plant->pallets[5 * i + k];
        p->at[0] = line->origin[0] + mirror * -2.9f;
        p->at[1] = line->origin[1] - (1.2f + 1.5f * (float)k);
        p->layers = 1 + scene_hash(plant->seed, i, 300u + k, 5) % 2;
    }
}

static void gen_agv(struct scene_plant *plant, uint32_t i)
{
    const struct scene_plant_line *line = &plant->lines[i];
    struct scene_plant_agv *agv = &plant->agvs[i];
    ident(&agv->ident, "agv%u", "AGV %u", i + 1);
    /* The loop runs 0.75 m outside the band, so the neighbouring loops pass 1.5 m apart. */
    agv->center[0] = line->origin[0];
    agv->center[1] = line->origin[1] - (SCENE_BAND_S0 + GEN_BAND_S1) * 0.5f;
    agv->half[0] = SCENE_BAND_HALF_W + 0.75f;
    agv->half[1] = (GEN_BAND_S1 - SCENE_BAND_S0) * 0.5f + 0.75f;
    agv->corner = 1.2f;
    float length = 4.0f * (agv->half[0] + agv->half[1] - 2.0f * agv->corner) + 2.0f * (float)GEN_PI * agv->corner;
    agv->laps_per_hour = (uint32_t)floor((double)SCENE_PERIOD_S * 1.2 / length + 0.5);
    agv->phase = scene_hash_unit(plant->seed, i, 2, 0);
    static const float colors[3][3] = {{0.8f, 0.55f, 0.02f}, {0.05f, 0.25f, 0.6f}, {0.6f, 0.6f, 0.62f}};
    for (int k = 0; k < 3; k++)
        agv->color[k] = colors[scene_hash(plant->seed, i, 3, 0) % 3][k];
}

/* Fixture rows every 8 m between the trusses, one fixture over each column of lines. out may be NULL to
 * count. */
static uint32_t gen_lights(const struct scene_plant *plant, struct gen_grid g, struct scene_light *out)
{
    uint32_t n = 0;
    for (float z = plant->hall_max[1] - 2.0f - GEN_TRUSS_STEP * 0.5f; z > plant->hall_min[1]; z -= GEN_TRUSS_STEP) {
        for (uint32_t c = 0; c < g.cols; c++, n++) {
            if (out)
                out[n] = (struct scene_light){.pos = {plant->lines[c].origin[0], plant->roof_y - 2.1f, z},
                                              .radius = 14.0f,
                                              .color = {1.0f, 0.92f, 0.8f},
                                              .intensity = 1.0f};
        }
    }
    return n;
}

/* The hall and the lines first (the lights and columns depend on them), then everything else. */
static struct scene_plant *gen_alloc(uint32_t lines, uint32_t seed, struct gen_grid g)
{
    struct scene_plant probe = {.seed = seed, .roof_y = GEN_ROOF_Y};
    float x_first = ((float)0 - (float)(g.cols / 2) + 0.5f) * GEN_PITCH_X;
    float x_last = ((float)(g.cols - 1) - (float)(g.cols / 2) + 0.5f) * GEN_PITCH_X;
    probe.hall_min[0] = x_first - SCENE_BAND_HALF_W - GEN_WALL_GAP;
    probe.hall_max[0] = x_last + SCENE_BAND_HALF_W + GEN_WALL_GAP;
    probe.hall_max[1] = GEN_FRONT_Z;
    probe.hall_min[1] = -3.0f - (float)g.rows * GEN_PITCH_Z - 1.0f;
    uint32_t rows_of_lights = 0;
    for (float z = probe.hall_max[1] - 2.0f - GEN_TRUSS_STEP * 0.5f; z > probe.hall_min[1]; z -= GEN_TRUSS_STEP)
        rows_of_lights++;
    struct scene_plant_counts counts = {.lines = lines,
                                        .racks = 3 * lines,
                                        .pallets = 5 * lines,
                                        .columns = (g.rows - 1) * (g.cols - 1),
                                        .agvs = lines,
                                        .lights = rows_of_lights * g.cols};
    struct scene_plant *plant = NULL;
    if (scene_plant_create(&counts, &plant) != 0)
        return NULL;
    plant->seed = probe.seed;
    plant->roof_y = probe.roof_y;
    for (int a = 0; a < 2; a++) {
        plant->hall_min[a] = probe.hall_min[a];
        plant->hall_max[a] = probe.hall_max[a];
    }
    return plant;
}

int scene_plant_generate(uint32_t lines, uint32_t seed, struct scene_plant **out_plant)
{
    *out_plant = NULL;
    if (lines < 1 || lines > SCENE_MAX_LINES) {
        fprintf(stderr, "scene: lines = %u is out of range (1..%d)\n", lines, SCENE_MAX_LINES);
        return -1;
    }
    struct gen_grid g;
    g.cols = lines <= 2 ? lines : (uint32_t)ceil(sqrt((double)lines));
    g.rows = (lines + g.cols - 1) / g.cols;
    struct scene_plant *plant = gen_alloc(lines, seed ? seed : 1, g);
    if (!plant)
        return -1;
    for (uint32_t i = 0; i < lines; i++) {
        gen_line(plant, g, i);
        gen_line_storage(plant, i);
        gen_agv(plant, i);
    }
    /* Free-standing columns where the aisles between the line bands cross. */
    uint32_t n = 0;
    for (uint32_t r = 0; r + 1 < g.rows; r++) {
        float z = plant->lines[r * g.cols].origin[1] - GEN_BAND_S1 - 1.5f;
        for (uint32_t c = 0; c + 1 < g.cols; c++, n++) {
            plant->columns[n][0] = plant->lines[c].origin[0] + GEN_PITCH_X * 0.5f;
            plant->columns[n][1] = z;
        }
    }
    gen_lights(plant, g, plant->lights);
    *out_plant = plant;
    return 0;
}
