/* The plan the scene animates, derived from a plant: line geometry along the flow, part lifecycles, machine
 * numbering, AGV speeds. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scene_internal.h"

#define PLAN_PI 3.14159265358979323846

/* Part slots a line may have: divisors and multiples of 36, so that both the schedules (36k cycles an hour)
 * and live running (720 cycles an hour) bring every part back to where it was when the hour wraps. */
static const uint32_t plan_part_counts[] = {1, 2, 3, 4, 6, 9, 12, 18, 36, 72, 108, SCENE_MAX_LINE_PARTS};

static uint32_t part_slots(double tau_gone)
{
    double need = ceil(tau_gone - 1e-6);
    for (size_t i = 0; i < sizeof plan_part_counts / sizeof plan_part_counts[0]; i++) {
        if ((double)plan_part_counts[i] >= need)
            return plan_part_counts[i];
    }
    return 0; /* too long: scene_plant_check refuses it */
}

uint32_t scene_line_machine_count(const struct scene_plant_line *line)
{
    uint32_t cells = line->cell_count ? line->cell_count : 1;
    return 4 * cells + 1;
}

void scene_line_geometry(const struct scene_plant_line *in, struct scene_line_plan *out)
{
    memset(out, 0, sizeof *out);
    out->x = in->origin[0];
    out->z0 = in->origin[1];
    out->mirror = in->mirrored ? -1.0f : 1.0f;
    memcpy(out->sched, in->schedule, sizeof out->sched);
    out->sched_phase = in->schedule_phase;
    out->cell_count = in->cell_count < 1 ? 1 : (in->cell_count > SCENE_PLANT_MAX_CELLS ? SCENE_PLANT_MAX_CELLS
                                                                                          : in->cell_count);
    float pick = in->infeed_length;
    double tau = pick / SCENE_PITCH_M;
    for (uint32_t k = 0; k < out->cell_count; k++) {
        out->cell[k].pick_s = pick;
        out->cell[k].side = k % 2 == 0 ? 1.0f : -1.0f;
        out->cell[k].tau = tau;
        if (k + 1 < out->cell_count) {
            /* The transfer's frame runs from this cell's outlet to just past the next pick point. */
            float next = pick + SCENE_OUTLET_S - SCENE_PICK_OVER + in->cells[k].transfer_length;
            tau += SCENE_TAU_PLACE_B + (next - (pick + SCENE_PLACE_S)) / SCENE_PITCH_M;
            pick = next;
        }
    }
    out->out_s0 = pick + SCENE_OUTLET_S;
    out->out_s1 = out->out_s0 + in->outfeed_length;
    out->bin_s = out->out_s1 + SCENE_BIN_OVER;
    out->band_s1 = out->out_s1 + SCENE_BAND_TAIL;
    out->desk_s = fminf(4.0f, 0.4f * in->infeed_length);
    out->tau_out = tau + SCENE_TAU_PLACE_B;
    out->tau_gone = out->tau_out + (out->bin_s - SCENE_PART_GONE - (pick + SCENE_PLACE_S)) / SCENE_PITCH_M;
    out->parts = part_slots(out->tau_gone);
}

static void plan_agv(const struct scene_plant_agv *in, uint32_t machine, struct scene_agv_plan *out)
{
    *out = (struct scene_agv_plan){.cx = in->center[0], .cz = in->center[1], .hx = in->half[0], .hz = in->half[1],
                                   .corner = in->corner, .phase = in->phase, .machine = machine};
    out->length = 4.0f * (out->hx + out->hz - 2.0f * out->corner) + 2.0f * (float)PLAN_PI * out->corner;
    out->speed = (float)((double)in->laps_per_hour * out->length / SCENE_PERIOD_S);
    memcpy(out->color, in->color, sizeof in->color);
    out->color[3] = 0.0f;
}

int scene_plan_build(const struct scene_plant *plant, struct scene_plan *out_plan)
{
    struct scene_plan plan = {.lines = plant->line_count,
                              .seed = plant->seed,
                              .roof_y = plant->roof_y,
                              .hall_min = {plant->hall_min[0], plant->hall_min[1]},
                              .hall_max = {plant->hall_max[0], plant->hall_max[1]},
                              .rack_count = plant->rack_count,
                              .pallet_count = plant->pallet_count,
                              .column_count = plant->column_count,
                              .agv_count = plant->agv_count};
    plan.line = calloc(plan.lines ? plan.lines : 1, sizeof *plan.line);
    plan.rack = calloc(plan.rack_count ? plan.rack_count : 1, sizeof *plan.rack);
    plan.pallet = calloc(plan.pallet_count ? plan.pallet_count : 1, sizeof *plan.pallet);
    plan.column = calloc(plan.column_count ? plan.column_count : 1, sizeof *plan.column);
    plan.agv = calloc(plan.agv_count ? plan.agv_count : 1, sizeof *plan.agv);
    if (!plan.line || !plan.rack || !plan.pallet || !plan.column || !plan.agv) {
        fprintf(stderr, "scene: out of memory planning %u lines\n", plan.lines);
        scene_plan_free(&plan);
        return -1;
    }
    uint32_t m = 0; /* machine numbering: see scene_machines_build */
    for (uint32_t i = 0; i < plan.lines; i++) {
        struct scene_line_plan *line = &plan.line[i];
        scene_line_geometry(&plant->lines[i], line);
        line->first_machine = m;
        line->infeed = m++;
        for (uint32_t k = 0; k < line->cell_count; k++) {
            line->cell[k].robot_in = m++;
            line->cell[k].press = m++;
            line->cell[k].robot_out = m++;
            line->cell[k].transfer = k + 1 < line->cell_count ? m++ : SCENE_NO_MACHINE;
        }
        line->outfeed = m++;
        line->machine_count = m - line->first_machine;
    }
    for (uint32_t i = 0; i < plan.rack_count; i++) {
        const struct scene_plant_rack *r = &plant->racks[i];
        plan.rack[i] = (struct scene_rack_plan){.x = r->at[0], .z = r->at[1], .bays = r->bays, .machine = m++};
    }
    if (plan.pallet_count)
        memcpy(plan.pallet, plant->pallets, plan.pallet_count * sizeof *plan.pallet);
    if (plan.column_count)
        memcpy(plan.column, plant->columns, plan.column_count * sizeof *plan.column);
    for (uint32_t i = 0; i < plan.agv_count; i++)
        plan_agv(&plant->agvs[i], m++, &plan.agv[i]);
    *out_plan = plan;
    return 0;
}

void scene_plan_free(struct scene_plan *plan)
{
    free(plan->line);
    free(plan->rack);
    free(plan->pallet);
    free(plan->column);
    free(plan->agv);
    plan->line = NULL;
    plan->rack = NULL;
    plan->pallet = NULL;
    plan->column = NULL;
    plan->agv = NULL;
}
