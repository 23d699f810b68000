/* The floor plan's static geometry: hall, structure, light fixtures, and every part of the lines, racks and
 * pallet stacks that never moves, all from the plan (see plan.c). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "scene_internal.h"

#define LAYOUT_PI 3.14159265358979323846f
#define LAYOUT_TRUSS_STEP 8.0f
#define LAYOUT_PANEL 2.5f     /* truss panel width */
#define LAYOUT_TILE 6.0f
#define LAYOUT_PAINT_Y 0.004f /* paint sits a few millimetres above the concrete */

static const float c_yellow[4] = {0.75f, 0.5f, 0.02f, 0.0f}, c_black[4] = {0.015f, 0.015f, 0.015f, 0.0f};
static const float c_wall[4] = {0.42f, 0.44f, 0.47f, 0.0f}, c_column[4] = {0.04f, 0.1f, 0.28f, 0.0f};
static const float c_truss[4] = {0.3f, 0.31f, 0.33f, 0.0f}, c_roof[4] = {0.2f, 0.21f, 0.22f, 0.0f};
static const float c_fixture[4] = {1.0f, 0.92f, 0.8f, 4.0f}, c_frame[4] = {0.08f, 0.12f, 0.22f, 0.0f};
static const float c_machine[4] = {0.55f, 0.57f, 0.6f, 0.0f}, c_accent[4] = {0.03f, 0.16f, 0.45f, 0.0f};
static const float c_feeder[4] = {0.04f, 0.22f, 0.08f, 0.0f}, c_bin[4] = {0.03f, 0.08f, 0.35f, 0.0f};
static const float c_upright[4] = {0.02f, 0.07f, 0.32f, 0.0f}, c_beam[4] = {0.8f, 0.24f, 0.02f, 0.0f};
static const float c_pallet[4] = {0.42f, 0.28f, 0.14f, 0.0f}, c_dark[4] = {0.05f, 0.05f, 0.06f, 0.0f};

const float scene_arm_base_s[SCENE_ARMS_PER_CELL] = {0.5f, 1.4f};

uint32_t scene_hash(uint32_t seed, uint32_t a, uint32_t b, uint32_t c)
{
    /* A stateless integer hash (murmur3 finaliser over a mix of the inputs): same inputs, same value. */
    uint32_t h = seed * 0x9E3779B1u ^ a * 0x85EBCA77u ^ b * 0xC2B2AE3Du ^ c * 0x27D4EB2Fu;
    h ^= h >> 16;
    h *= 0x85EBCA6Bu;
    h ^= h >> 13;
    h *= 0xC2B2AE35u;
    h ^= h >> 16;
    return h;
}

float scene_hash_unit(uint32_t seed, uint32_t a, uint32_t b, uint32_t c)
{
    return (float)(scene_hash(seed, a, b, c) >> 8) / 16777216.0f;
}

/* A painted strip on the floor from (x0,z0) to (x1,z1). */
static void paint(struct scene_emitter *em, float x0, float z0, float x1, float z1, float width, float y,
                  const float color[4])
{
    float dx = x1 - x0, dz = z1 - z0, len = sqrtf(dx * dx + dz * dz);
    const float pos[3] = {(x0 + x1) * 0.5f, y, (z0 + z1) * 0.5f};
    const float scale[3] = {len, 1.0f, width};
    scene_emit_trs(em, SCENE_KIND_TILE, pos, 1, atan2f(-dz, dx), scale, color);
}

static void emit_floor_and_shell(struct scene_emitter *em, const struct scene_plan *plan)
{
    float x0 = plan->hall_min[0], x1 = plan->hall_max[0], z0 = plan->hall_min[1], z1 = plan->hall_max[1];
    float w = x1 - x0, d = z1 - z0, h = plan->roof_y;
    uint32_t nx = (uint32_t)ceilf(w / LAYOUT_TILE), nz = (uint32_t)ceilf(d / LAYOUT_TILE);
    float tw = w / (float)nx, td = d / (float)nz;
    for (uint32_t j = 0; j < nz; j++) {
        for (uint32_t i = 0; i < nx; i++) {
            /* Concrete slabs, each a slightly different grey. */
            float v = 0.27f + 0.05f * scene_hash_unit(plan->seed, i, j, 7);
            const float color[4] = {v, v * 0.97f, v * 0.92f, 0.0f};
            const float pos[3] = {x0 + tw * ((float)i + 0.5f), 0.0f, z0 + td * ((float)j + 0.5f)};
            const float scale[3] = {tw * 0.995f, 1.0f, td * 0.995f};
            scene_emit_trs(em, SCENE_KIND_QUAD, pos, 1, 0.0f, scale, color);
        }
    }
    const float t = 0.3f;
    scene_emit_box(em, x0 - t * 0.5f, h * 0.5f, (z0 + z1) * 0.5f, t, h, d + 2 * t, c_wall);
    scene_emit_box(em, x1 + t * 0.5f, h * 0.5f, (z0 + z1) * 0.5f, t, h, d + 2 * t, c_wall);
    scene_emit_box(em, (x0 + x1) * 0.5f, h * 0.5f, z0 - t * 0.5f, w, h, t, c_wall);
    scene_emit_box(em, (x0 + x1) * 0.5f, h * 0.5f, z1 + t * 0.5f, w, h, t, c_wall);
    /* Clerestory windows high on the side walls: tiles stood up to face into the hall, glowing sky blue. */
    static const float c_window[4] = {0.55f, 0.7f, 0.9f, 1.2f};
    for (float z = z1 - 6.0f; z > z0 + 2.0f; z -= LAYOUT_TRUSS_STEP) {
        const float left[3] = {x0 + 0.01f, 6.6f, z}, right[3] = {x1 - 0.01f, 6.6f, z}, size[3] = {1.4f, 1.0f, 5.0f};
        scene_emit_trs(em, SCENE_KIND_TILE, left, 2, -LAYOUT_PI * 0.5f, size, c_window);
        scene_emit_trs(em, SCENE_KIND_TILE, right, 2, LAYOUT_PI * 0.5f, size, c_window);
    }
    /* The roof: a quad turned upside down so it faces the floor. */
    const float roof_pos[3] = {(x0 + x1) * 0.5f, h, (z0 + z1) * 0.5f};
    const float roof_scale[3] = {w, 1.0f, d};
    scene_emit_trs(em, SCENE_KIND_QUAD, roof_pos, 0, LAYOUT_PI, roof_scale, c_roof);
}

static void emit_truss(struct scene_emitter *em, const struct scene_plan *plan, float z)
{
    float x0 = plan->hall_min[0], x1 = plan->hall_max[0];
    float top = plan->roof_y - 0.15f, bottom = plan->roof_y - 1.3f;
    const float a[3] = {x0, top, z}, b[3] = {x1, top, z}, c[3] = {x0, bottom, z}, d[3] = {x1, bottom, z};
    scene_emit_beam(em, a, b, 0.2f, c_truss);
    scene_emit_beam(em, c, d, 0.2f, c_truss);
    uint32_t panels = (uint32_t)ceilf((x1 - x0) / LAYOUT_PANEL);
    float pw = (x1 - x0) / (float)panels;
    for (uint32_t i = 0; i < panels; i++) {
        float xa = x0 + pw * (float)i, xb = xa + pw;
        const float lo[3] = {xa, bottom, z}, hi[3] = {xb, top, z}, up[3] = {xa, top, z};
        if (i % 2) {
            const float lo2[3] = {xb, bottom, z}, hi2[3] = {xa, top, z};
            scene_emit_beam(em, lo2, hi2, 0.08f, c_truss);
        } else {
            scene_emit_beam(em, lo, hi, 0.08f, c_truss);
        }
        if (i > 0)
            scene_emit_beam(em, lo, up, 0.08f, c_truss);
    }
}

static void emit_structure(struct scene_emitter *em, const struct scene_plan *plan)
{
    float x0 = plan->hall_min[0], x1 = plan->hall_max[0], h = plan->roof_y;
    /* Trusses every few metres, each carried by a column at both side walls. */
    for (float z = plan->hall_max[1] - 2.0f; z > plan->hall_min[1]; z -= LAYOUT_TRUSS_STEP) {
        emit_truss(em, plan, z);
        scene_emit_box(em, x0 + 0.25f, h * 0.5f, z, 0.4f, h, 0.4f, c_column);
        scene_emit_box(em, x1 - 0.25f, h * 0.5f, z, 0.4f, h, 0.4f, c_column);
    }
    /* Free-standing columns (between line bands in the procedural floor), each with an impact guard. */
    for (uint32_t i = 0; i < plan->column_count; i++) {
        float x = plan->column[i][0], z = plan->column[i][1];
        scene_emit_box(em, x, h * 0.5f, z, 0.35f, h, 0.35f, c_column);
        scene_emit_box(em, x, 0.6f, z, 0.5f, 1.2f, 0.5f, c_yellow);
    }
}

/* A fixture hangs 0.2 m above each light, on a rod from the trusses' bottom chord. */
static void emit_fixtures(struct scene_emitter *em, const struct scene_plan *plan, const struct scene_light *lights,
                          uint32_t count)
{
    const float chord = plan->roof_y - 1.3f;
    for (uint32_t i = 0; i < count; i++) {
        const float pos[3] = {lights[i].pos[0], lights[i].pos[1] + 0.2f, lights[i].pos[2]};
        if (chord > pos[1])
            scene_emit_box(em, pos[0], (pos[1] + chord) * 0.5f, pos[2], 0.03f, chord - pos[1], 0.03f, c_dark);
        const float scale[3] = {0.5f, 0.15f, 2.4f};
        scene_emit_trs(em, SCENE_KIND_FIXTURE, pos, 1, 0.0f, scale, c_fixture);
    }
}

/* A hatched safety zone: black ground, yellow 45-degree stripes clipped to the rectangle, yellow border. */
static void emit_hatch(struct scene_emitter *em, const struct scene_line_plan *line, float lx0, float s0, float lx1,
                       float s1)
{
    float x0 = line->x + fminf(line->mirror * lx0, line->mirror * lx1);
    float x1 = line->x + fmaxf(line->mirror * lx0, line->mirror * lx1), za = line->z0 - s0, zb = line->z0 - s1;
    float w = x1 - x0, d = s1 - s0;
    const float base_pos[3] = {(x0 + x1) * 0.5f, LAYOUT_PAINT_Y, (za + zb) * 0.5f};
    const float base_scale[3] = {w, 1.0f, d};
    scene_emit_trs(em, SCENE_KIND_QUAD, base_pos, 1, 0.0f, base_scale, c_black);
    const float step = 0.4f;
    for (float c = -d + step * 0.5f; c < w; c += step) {
        /* stripe u - v = c in zone coordinates (u across, v along s) */
        float u0 = fmaxf(0.0f, c), u1 = fminf(w, d + c);
        if (u1 - u0 < 0.05f)
            continue;
        paint(em, x0 + u0, za - (u0 - c), x0 + u1, za - (u1 - c), 0.12f, 2.0f * LAYOUT_PAINT_Y, c_yellow);
    }
    paint(em, x0, za, x1, za, 0.1f, 2.0f * LAYOUT_PAINT_Y, c_yellow);
    paint(em, x0, zb, x1, zb, 0.1f, 2.0f * LAYOUT_PAINT_Y, c_yellow);
    paint(em, x0, za, x0, zb, 0.1f, 2.0f * LAYOUT_PAINT_Y, c_yellow);
    paint(em, x1, za, x1, zb, 0.1f, 2.0f * LAYOUT_PAINT_Y, c_yellow);
}

/* Box in line-local coordinates: lx, y, s of its centre and its size across, up and along. */
static void line_box(struct scene_emitter *em, const struct scene_line_plan *line, float lx, float y, float s,
                     float sx, float sy, float ss, const float color[4])
{
    scene_emit_box(em, line->x + line->mirror * lx, y, line->z0 - s, sx, sy, ss, color);
}

static void emit_conveyor_frame(struct scene_emitter *em, const struct scene_line_plan *line, float lx, float s0,
                                float s1)
{
    em->keep = true; /* the belt's parts ride on it */
    for (int side = -1; side <= 1; side += 2) {
        line_box(em, line, lx + 0.43f * (float)side, SCENE_BELT_TOP - 0.03f, (s0 + s1) * 0.5f, 0.05f, 0.14f, s1 - s0,
                 c_frame);
        for (float s = s0 + 0.2f; s < s1; s += 2.0f)
            line_box(em, line, lx + 0.4f * (float)side, 0.41f, s, 0.06f, 0.82f, 0.06f, c_frame);
    }
    em->keep = false;
}

/* World-space box of a rack, from its near end: d along -z, x across. */
static void rack_box(struct scene_emitter *em, const struct scene_rack_plan *rack, float x, float y, float d, float sx,
                     float sy, float sd, const float color[4])
{
    scene_emit_box(em, rack->x + x, y, rack->z - d, sx, sy, sd, color);
}

static void emit_rack_load(struct scene_emitter *em, const struct scene_plan *plan, uint32_t index, float d, float y,
                           uint32_t slot)
{
    const struct scene_rack_plan *rack = &plan->rack[index];
    rack_box(em, rack, 0.0f, y + 0.07f, d, 0.9f, 0.14f, 1.1f, c_pallet);
    /* Loads vary by seed: empty, one crate, or a stack of cartons. */
    uint32_t h = scene_hash(plan->seed, index, slot, 4);
    float tone = 0.8f + 0.4f * (float)((h >> 8) & 255) / 255.0f;
    const float carton[4] = {0.5f * tone, 0.34f * tone, 0.17f * tone, 0.0f};
    switch (h % 4) {
    case 1:
        rack_box(em, rack, 0.0f, y + 0.49f, d, 0.8f, 0.7f, 1.0f, c_accent);
        break;
    case 2:
        rack_box(em, rack, 0.0f, y + 0.39f, d - 0.26f, 0.8f, 0.5f, 0.5f, carton);
        rack_box(em, rack, 0.0f, y + 0.39f, d + 0.26f, 0.8f, 0.5f, 0.5f, carton);
        break;
    case 3:
        rack_box(em, rack, 0.0f, y + 0.39f, d, 0.8f, 0.5f, 1.0f, carton);
        rack_box(em, rack, 0.0f, y + 0.89f, d, 0.7f, 0.5f, 0.8f, carton);
        break;
    default:
        break;
    }
}

static void emit_rack(struct scene_emitter *em, const struct scene_plan *plan, uint32_t index)
{
    const struct scene_rack_plan *rack = &plan->rack[index];
    em->owner = rack->machine;
    const float levels[3] = {0.0f, 1.46f, 2.86f};
    em->keep = true; /* uprights and beams carry the loads */
    for (uint32_t k = 0; k <= rack->bays; k++) {
        for (int side = -1; side <= 1; side += 2)
            rack_box(em, rack, 0.45f * (float)side, 2.1f, SCENE_RACK_BAY * (float)k, 0.08f, 4.2f, 0.08f, c_upright);
    }
    em->keep = false;
    for (uint32_t b = 0; b < rack->bays; b++) {
        float dc = SCENE_RACK_BAY * ((float)b + 0.5f);
        for (uint32_t l = 0; l < 3; l++) {
            if (l > 0) {
                em->keep = true;
                for (int side = -1; side <= 1; side += 2)
                    rack_box(em, rack, 0.45f * (float)side, levels[l] - 0.06f, dc, 0.06f, 0.12f, SCENE_RACK_BAY, c_beam);
            }
            em->keep = false;
            for (uint32_t p = 0; p < 2; p++)
                emit_rack_load(em, plan, index, dc + ((float)p - 0.5f) * 1.25f, levels[l], b * 10 + l * 2 + p);
        }
    }
    em->owner = SCENE_NO_MACHINE;
}

/* A pallet on the floor with its cartons: low stacks leave the view into a line open. */
static void emit_pallet(struct scene_emitter *em, const struct scene_plan *plan, uint32_t index)
{
    const struct scene_plant_pallet *p = &plan->pallet[index];
    uint32_t h = scene_hash(plan->seed, index, 300u, 5);
    scene_emit_box(em, p->at[0], 0.07f, p->at[1], 0.9f, 0.14f, 1.1f, c_pallet);
    float tone = 0.8f + 0.4f * (float)((h >> 8) & 255) / 255.0f;
    const float carton[4] = {0.5f * tone, 0.34f * tone, 0.17f * tone, 0.0f};
    for (uint32_t l = 0; l < p->layers; l++)
        scene_emit_box(em, p->at[0], 0.39f + 0.5f * (float)l, p->at[1], 0.8f - 0.1f * (float)l, 0.5f,
                       1.0f - 0.1f * (float)l, l == 1 && (h & 0x100) ? c_accent : carton);
}

/* See-through guard rails closing a robot cell across the line, before and after its robots. */
static void emit_cell_rails(struct scene_emitter *em, const struct scene_line_plan *line, float pick_s)
{
    const float rail_s[2] = {pick_s - SCENE_RAIL_BEFORE, pick_s + SCENE_RAIL_AFTER};
    for (int r = 0; r < 2; r++) {
        for (int p = 0; p < 3; p++)
            line_box(em, line, -0.7f + 0.7f * (float)p, 0.55f, rail_s[r], 0.06f, 1.1f, 0.06f, c_yellow);
        for (int h = 0; h < 2; h++) {
            const float a[3] = {line->x - 0.7f, 0.5f + 0.5f * (float)h, line->z0 - rail_s[r]};
            const float b[3] = {line->x + 0.7f, 0.5f + 0.5f * (float)h, line->z0 - rail_s[r]};
            scene_emit_beam(em, a, b, 0.04f, c_yellow);
        }
    }
}

/* An operator's desk with a glowing screen beside the infeed, and the cable tray along the line. */
static void emit_line_extras(struct scene_emitter *em, const struct scene_line_plan *line)
{
    const float desk_s = line->desk_s, desk_x = 0.6f;
    line_box(em, line, desk_x, 0.74f, desk_s, 0.7f, 0.04f, 1.4f, c_machine);
    for (int k = 0; k < 4; k++)
        line_box(em, line, desk_x + ((k & 1) ? 0.3f : -0.3f), 0.36f, desk_s + ((k & 2) ? 0.65f : -0.65f), 0.04f,
                 0.72f, 0.04f, c_dark);
    line_box(em, line, desk_x + 0.2f, 1.0f, desk_s, 0.05f, 0.4f, 0.6f, c_dark);
    static const float c_screen[4] = {0.2f, 0.45f, 0.9f, 1.5f};
    line_box(em, line, desk_x + 0.17f, 1.0f, desk_s, 0.01f, 0.34f, 0.54f, c_screen);
    line_box(em, line, 0.0f, 5.0f, line->out_s1 * 0.5f, 0.4f, 0.08f, line->out_s1, c_frame);
}

/* One robot cell: hatched zone, press (base with the table, C-frame column, crown, control cabinet, beacon
 * pole; the ram moves), the robots' bases, guard rails and the cable drop to the press. */
static void emit_cell(struct scene_emitter *em, const struct scene_line_plan *line, const struct scene_cell_plan *cell)
{
    const float p = cell->pick_s, side = cell->side;
    emit_hatch(em, line, -0.75f, p - 1.1f, 0.75f, p + 2.6f);
    em->owner = cell->press;
    line_box(em, line, side * SCENE_TABLE_X, SCENE_BELT_TOP * 0.5f, p, 0.9f, SCENE_BELT_TOP, 0.9f, c_machine);
    line_box(em, line, side * 1.85f, 1.5f, p, 0.3f, 3.0f, 0.7f, c_accent);
    line_box(em, line, side * 1.5f, 2.85f, p, 1.0f, 0.3f, 0.6f, c_accent);
    line_box(em, line, side * 2.6f, 0.9f, p - 0.8f, 0.6f, 1.8f, 0.8f, c_machine); /* control cabinet */
    const float pole_pos[3] = {line->x + line->mirror * side * 1.85f, 3.17f, line->z0 - p};
    const float pole_scale[3] = {0.06f, 0.35f, 0.06f};
    scene_emit_trs(em, SCENE_KIND_CYLINDER, pole_pos, 1, 0.0f, pole_scale, c_dark);
    for (int a = 0; a < SCENE_ARMS_PER_CELL; a++) {
        em->owner = a == 0 ? cell->robot_in : cell->robot_out;
        const float pos[3] = {line->x, 0.35f, line->z0 - (p + scene_arm_base_s[a])};
        const float plate[3] = {0.6f, 0.1f, 0.6f}, pedestal[3] = {0.36f, 0.6f, 0.36f};
        const float plate_pos[3] = {pos[0], 0.05f, pos[2]};
        scene_emit_trs(em, SCENE_KIND_CYLINDER, plate_pos, 1, 0.0f, plate, c_dark);
        scene_emit_trs(em, SCENE_KIND_CYLINDER, pos, 1, 0.0f, pedestal, c_dark);
    }
    em->owner = SCENE_NO_MACHINE;
    emit_cell_rails(em, line, p);
    line_box(em, line, side * 1.6f, 4.0f, p, 0.1f, 2.0f, 0.1f, c_frame); /* cable drop to the press */
}

static void emit_line_static(struct scene_emitter *em, const struct scene_line_plan *line)
{
    float xl = line->x - SCENE_BAND_HALF_W, xr = line->x + SCENE_BAND_HALF_W;
    float za = line->z0 - SCENE_BAND_S0, zb = line->z0 - line->band_s1;
    /* Aisle markings around the band. */
    paint(em, xl, za, xl, zb, 0.12f, LAYOUT_PAINT_Y, c_yellow);
    paint(em, xr, za, xr, zb, 0.12f, LAYOUT_PAINT_Y, c_yellow);
    paint(em, xl, za, xr, za, 0.12f, LAYOUT_PAINT_Y, c_yellow);
    paint(em, xl, zb, xr, zb, 0.12f, LAYOUT_PAINT_Y, c_yellow);

    em->owner = line->infeed;
    emit_conveyor_frame(em, line, -SCENE_BELT_X, SCENE_IN_S0, line->cell[0].pick_s + SCENE_PICK_OVER);
    line_box(em, line, -SCENE_BELT_X, 1.05f, SCENE_FEEDER_S, 1.0f, 1.1f, 0.94f, c_feeder); /* parts emerge here */
    for (uint32_t k = 0; k < line->cell_count; k++) {
        const struct scene_cell_plan *cell = &line->cell[k];
        emit_cell(em, line, cell);
        if (k + 1 < line->cell_count) {
            /* The transfer to the next cell, with a post at its start for its lamp. */
            float s0 = cell->pick_s + SCENE_OUTLET_S, s1 = line->cell[k + 1].pick_s + SCENE_PICK_OVER;
            em->owner = cell->transfer;
            emit_conveyor_frame(em, line, cell->side * SCENE_BELT_X, s0, s1);
            line_box(em, line, cell->side * (SCENE_BELT_X + 0.55f), 0.55f, s0 + 0.2f, 0.04f, 1.1f, 0.04f, c_dark);
        }
    }
    const float out_x = line->cell[line->cell_count - 1].side * SCENE_BELT_X;
    em->owner = line->outfeed;
    emit_conveyor_frame(em, line, out_x, line->out_s0, line->out_s1);
    line_box(em, line, out_x, 0.65f, line->bin_s, 1.1f, 1.3f, 1.1f, c_bin); /* ... and drop in here */
    em->owner = SCENE_NO_MACHINE;
    emit_line_extras(em, line);
}

void scene_layout_emit_static(struct scene_emitter *em, const struct scene_plan *plan,
                              const struct scene_light *lights, uint32_t light_count)
{
    emit_floor_and_shell(em, plan);
    emit_structure(em, plan);
    emit_fixtures(em, plan, lights, light_count);
    for (uint32_t i = 0; i < plan->lines; i++)
        emit_line_static(em, &plan->line[i]);
    for (uint32_t i = 0; i < plan->rack_count; i++)
        emit_rack(em, plan, i);
    for (uint32_t i = 0; i < plan->pallet_count; i++)
        emit_pallet(em, plan, i);
}
