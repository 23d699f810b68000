/* Animation: parts ride the belts, arms move and reach each part as it arrives, presses and beacons follow
 * the schedule, AGVs drive continuous loops inside the hall. */
#include <math.h>

#include "scene_check.h"
#include "scene_internal.h"

#define PI_F 3.14159265f

static float dist3(const float a[3], const float b[3])
{
    float d[3] = {a[0] - b[0], a[1] - b[1], a[2] - b[2]};
    return sqrtf(d[0] * d[0] + d[1] * d[1] + d[2] * d[2]);
}

/* Forward kinematics written independently of animate.c: planar chain turned by the base yaw. */
static void reference_tip(const float base[3], const struct scene_arm_pose *p, float out[3])
{
    float a1 = p->shoulder, a2 = a1 + p->elbow, a3 = a2 + p->wrist;
    float r = SCENE_ARM_A1 * cosf(a1) + SCENE_ARM_A2 * cosf(a2) + SCENE_ARM_A3 * cosf(a3);
    float h = SCENE_ARM_H0 + SCENE_ARM_A1 * sinf(a1) + SCENE_ARM_A2 * sinf(a2) + SCENE_ARM_A3 * sinf(a3);
    out[0] = base[0] + r * cosf(p->yaw);
    out[1] = base[1] + h;
    out[2] = base[2] - r * sinf(p->yaw);
}

/* In every cell, arm A grips each part where the belt delivers it, at the instant it gets there, and sets it on
 * the table; arm B takes it from the table when pressed and sets it on the next belt. Sampled every 5 ms over
 * four minutes. */
struct reach_counts {
    uint32_t picks_a, places_a, picks_b, places_b;
    float worst;
};

static void check_cell_events(struct check *chk, const struct scene_line_plan *lp, uint32_t line, uint32_t k,
                              const struct scene_line_state *prev, const struct scene_line_state *now,
                              struct reach_counts *c)
{
    const double t0 = lp->cell[k].tau;
    for (uint32_t p = 0; p < now->parts; p++) {
        double was = prev->part_tau[p] - t0, is = now->part_tau[p] - t0;
        /* Last sample on the belt before the grip: the gripper is already there. */
        if (was < 0.0 && is >= 0.0 && is < SCENE_TAU_PLACE_A) {
            float d = dist3(prev->effector[k][0], prev->part_pos[p]);
            c->worst = fmaxf(c->worst, d);
            CHECK(chk, d < 0.02f, "line %u cell %u: arm A misses the part on the belt by %.3f m", line, k, (double)d);
            c->picks_a++;
        }
        if (was < SCENE_TAU_PLACE_A && is >= SCENE_TAU_PLACE_A && is < SCENE_TAU_PICK_B) {
            float d = dist3(now->effector[k][0], now->part_pos[p]);
            CHECK(chk, d < 0.02f, "line %u cell %u: arm A lets go %.3f m off the table", line, k, (double)d);
            c->places_a++;
        }
        if (was < SCENE_TAU_PICK_B && is >= SCENE_TAU_PICK_B && is < SCENE_TAU_PLACE_B) {
            float d = dist3(prev->effector[k][1], prev->part_pos[p]);
            CHECK(chk, d < 0.02f, "line %u cell %u: arm B misses the part on the table by %.3f m", line, k, (double)d);
            c->picks_b++;
        }
        if (was < SCENE_TAU_PLACE_B && is >= SCENE_TAU_PLACE_B && is < SCENE_TAU_PLACE_B + 1.0) {
            float d = dist3(now->effector[k][1], now->part_pos[p]);
            CHECK(chk, d < 0.02f, "line %u cell %u: arm B lets go %.3f m off the next belt", line, k, (double)d);
            c->places_b++;
        }
    }
}

static void test_robot_reaches_parts(struct check *chk, const struct scene_plan *plan, uint32_t line)
{
    const struct scene_line_plan *lp = &plan->line[line];
    struct scene_line_state prev, now;
    const double dt = 0.005;
    struct reach_counts c[SCENE_PLANT_MAX_CELLS] = {{0}};
    scene_line_state_at(plan, line, 0.0, &prev);
    for (double t = dt; t < 240.0; t += dt) {
        scene_line_state_at(plan, line, t, &now);
        for (uint32_t k = 0; k < lp->cell_count; k++) {
            for (int a = 0; a < SCENE_ARMS_PER_CELL; a++) {
                float tip[3];
                reference_tip(now.arm_base[k][a], &now.arm[k][a], tip);
                CHECK(chk, dist3(tip, now.effector[k][a]) < 1e-3f, "line %u cell %u arm %d: FK disagrees at t=%f", line,
                      k, a, t);
            }
            check_cell_events(chk, lp, line, k, &prev, &now, &c[k]);
        }
        prev = now;
    }
    for (uint32_t k = 0; k < lp->cell_count; k++) {
        printf("line %u cell %u in 240 s: arm A %u picks (worst miss %.4f m), %u places; arm B %u picks, %u places\n",
               line, k, c[k].picks_a, (double)c[k].worst, c[k].places_a, c[k].picks_b, c[k].places_b);
        /* 240 s at >= 60%% running and 5 s a cycle: at least ~28 parts. */
        CHECK(chk, c[k].picks_a >= 25 && c[k].places_a >= 25 && c[k].picks_b >= 25 && c[k].places_b >= 25,
              "line %u cell %u: too few events: %u %u %u %u", line, k, c[k].picks_a, c[k].places_a, c[k].picks_b,
              c[k].places_b);
    }
}

static void test_line_moves(struct check *chk, const struct scene_plan *plan, uint32_t line)
{
    bool seen[3] = {false, false, false};
    float lo[4] = {1e9f, 1e9f, 1e9f, 1e9f}, hi[4] = {-1e9f, -1e9f, -1e9f, -1e9f};
    float ram_lo = 1e9f, ram_hi = -1e9f;
    uint32_t belt_checks = 0, still_checks = 0;
    for (double t = 0.0; t < 2.0 * SCENE_SCHEDULE_S; t += 0.25) {
        struct scene_line_state a, b;
        scene_line_state_at(plan, line, t, &a);
        scene_line_state_at(plan, line, t + 0.25, &b);
        seen[a.status] = true;
        const float joints[4] = {a.arm[0][0].yaw, a.arm[0][0].shoulder, a.arm[0][0].elbow, a.arm[0][0].wrist};
        for (int j = 0; j < 4; j++)
            lo[j] = fminf(lo[j], joints[j]), hi[j] = fmaxf(hi[j], joints[j]);
        ram_lo = fminf(ram_lo, a.ram_y[0]), ram_hi = fmaxf(ram_hi, a.ram_y[0]);
        bool running = a.status == SCENE_STATUS_RUNNING && b.status == SCENE_STATUS_RUNNING &&
                       b.cycles - a.cycles > 0.0499;
        for (uint32_t p = 0; p < a.parts; p++) {
            if (running && a.part_tau[p] < plan->line[line].cell[0].tau - 0.1 && b.part_tau[p] > a.part_tau[p]) {
                /* On the infeed belt: 0.4 m/s toward -Z, nothing else changes. */
                float dz = a.part_pos[p][2] - b.part_pos[p][2];
                CHECK(chk, fabsf(dz - 0.1f) < 1e-3f, "line %u part %u advanced %.4f m in 0.25 s", line, p, (double)dz);
                CHECK(chk, a.part_pos[p][0] == b.part_pos[p][0], "part drifts sideways");
                belt_checks++;
            }
        }
        if (a.status != SCENE_STATUS_RUNNING && b.status == a.status && b.cycles == a.cycles) {
            CHECK(chk, memcmp(&a.arm, &b.arm, sizeof a.arm) == 0 && memcmp(a.part_pos, b.part_pos, sizeof a.part_pos) == 0,
                  "line %u moves while stopped at t=%f", line, t);
            still_checks++;
        }
    }
    CHECK(chk, seen[SCENE_STATUS_RUNNING] && seen[SCENE_STATUS_IDLE] && seen[SCENE_STATUS_FAULT],
          "line %u schedule misses a state: %d %d %d", line, seen[0], seen[1], seen[2]);
    for (int j = 0; j < 4; j++)
        CHECK(chk, hi[j] - lo[j] > 0.15f, "line %u joint %d barely moves: %f..%f", line, j, (double)lo[j], (double)hi[j]);
    CHECK(chk, ram_hi - ram_lo > 0.8f, "line %u ram stroke %f", line, (double)(ram_hi - ram_lo));
    CHECK(chk, belt_checks > 100 && still_checks > 4, "line %u: %u belt checks, %u standstill checks", line,
          belt_checks, still_checks);
}

enum lamp_look { LAMP_GREEN, LAMP_AMBER, LAMP_RED, LAMP_DARK, LAMP_OTHER };

static enum lamp_look look_of(const float c[4])
{
    if (c[3] <= 0.0f)
        return c[0] < 0.2f && c[1] < 0.2f ? LAMP_DARK : LAMP_OTHER;
    if (c[1] > c[0])
        return LAMP_GREEN;
    if (c[0] > 0.5f && c[1] > 0.2f)
        return LAMP_AMBER;
    return c[0] > 0.5f && c[1] < 0.1f ? LAMP_RED : LAMP_OTHER;
}

/* Every machine's lamp (where scene_machine_beacon says it is) shows its state: green running, amber idle or
 * blocked, red fault (blinking), dark offline; its stale lamp above it is dark. */
static void test_lamps(struct check *chk, struct scene *scene, double t0, double t1)
{
    static const enum lamp_look want[SCENE_MACHINE_STATUS_COUNT] = {LAMP_GREEN, LAMP_AMBER, LAMP_AMBER, LAMP_RED,
                                                                      LAMP_DARK};
    uint32_t found = 0, expected = 0, seen[SCENE_MACHINE_STATUS_COUNT] = {0};
    for (double t = t0; t < t1; t += 0.5) {
        scene_update(scene, (int64_t)(t * 1e9));
        struct scene_draw_list list;
        check_full_list(scene, &list);
        for (uint32_t m = 0; m < scene_machine_count(scene); m++) {
            float at[3];
            if (!scene_machine_beacon(scene, m, at))
                continue;
            expected++;
            struct scene_machine_state st;
            scene_machine_state(scene, m, &st);
            seen[st.status]++;
            for (uint32_t i = 0; i < list.instance_count; i++) {
                const float *mm = list.instances[i].model;
                if (fabsf(mm[12] - at[0]) > 1e-4f || fabsf(mm[13] - at[1]) > 1e-4f || fabsf(mm[14] - at[2]) > 1e-4f)
                    continue;
                found++;
                enum lamp_look look = look_of(list.instances[i].color);
                bool agv_driving = scene_get_machine(scene, m)->kind == SCENE_MACHINE_AGV &&
                                   st.status == SCENE_MACHINE_RUNNING; /* its warning light: orange */
                CHECK(chk, look == want[st.status] || (agv_driving && look == LAMP_AMBER),
                      "%s is %s at t=%.1f but its lamp looks %d", scene_get_machine(scene, m)->id,
                      scene_machine_status_name(st.status), t, look);
                break;
            }
        }
    }
    CHECK(chk, found == expected && expected > 0, "found %u of %u lamps", found, expected);
    printf("lamps: %u checked (running %u, idle %u, blocked %u, fault %u, offline %u)\n", found, seen[0], seen[1],
           seen[2], seen[3], seen[4]);
}

static void test_agvs(struct check *chk, const struct scene_plan *plan)
{
    for (uint32_t i = 0; i < plan->agv_count; i++) {
        const struct scene_agv_plan *agv = &plan->agv[i];
        float prev[3], prev_yaw;
        scene_agv_at(agv, 0.0, prev, &prev_yaw);
        const double dt = 0.05;
        float travelled = 0.0f;
        for (double t = dt; t <= 120.0; t += dt) {
            float pos[3], yaw;
            scene_agv_at(agv, t, pos, &yaw);
            float step = dist3(pos, prev);
            CHECK(chk, step <= agv->speed * (float)dt * 1.01f + 1e-4f && step > 0.0f, "AGV %u jumps %f m at t=%f", i,
                  (double)step, t);
            float dyaw = fabsf(remainderf(yaw - prev_yaw, 2.0f * PI_F));
            CHECK(chk, dyaw <= agv->speed * (float)dt / agv->corner * 1.01f + 1e-4f, "AGV %u turns %f at t=%f", i,
                  (double)dyaw, t);
            /* Its footprint (1.1 x 0.75 m) stays inside the walls. */
            CHECK(chk, pos[0] - 0.7f > plan->hall_min[0] && pos[0] + 0.7f < plan->hall_max[0] &&
                           pos[2] - 0.7f > plan->hall_min[1] && pos[2] + 0.7f < plan->hall_max[1],
                  "AGV %u leaves the hall at t=%f: %f %f", i, t, (double)pos[0], (double)pos[2]);
            /* ... and out of its line's band. */
            const struct scene_line_plan *line = &plan->line[i];
            bool in_band = fabsf(pos[0] - line->x) < SCENE_BAND_HALF_W + 0.2f &&
                           pos[2] < line->z0 - SCENE_BAND_S0 - 0.2f && pos[2] > line->z0 - line->band_s1 + 0.2f;
            CHECK(chk, !in_band, "AGV %u drives into its line at t=%f", i, t);
            travelled += step;
            memcpy(prev, pos, sizeof prev);
            prev_yaw = yaw;
        }
        CHECK(chk, fabsf(travelled - agv->speed * 120.0f) < 0.01f * agv->speed * 120.0f, "AGV %u covered %f m", i,
              (double)travelled);
        CHECK(chk, agv->speed > 1.0f && agv->speed < 1.4f, "AGV %u speed %f", i, (double)agv->speed);
    }
}

/* Rollers: every roller position of every belt is covered exactly once, by a roller-bed instance (its axes,
 * found the way a renderer finds them) or a single roller, and all turn by the line's roller angle: the bed
 * carries it in model[3], a single roller in its rotation. */
struct belt {
    float lx, s0, s1;
};

static uint32_t line_belts(const struct scene_line_plan *line, struct belt *out)
{
    uint32_t n = 0;
    out[n++] = (struct belt){-SCENE_BELT_X, SCENE_IN_S0 + 0.1f, line->cell[0].pick_s + SCENE_PICK_OVER - 0.1f};
    for (uint32_t k = 0; k + 1 < line->cell_count; k++)
        out[n++] = (struct belt){line->cell[k].side * SCENE_BELT_X, line->cell[k].pick_s + SCENE_OUTLET_S + 0.1f,
                                 line->cell[k + 1].pick_s + SCENE_PICK_OVER - 0.1f};
    out[n++] = (struct belt){line->cell[line->cell_count - 1].side * SCENE_BELT_X, line->out_s0 + 0.1f,
                             line->out_s1 - 0.1f};
    return n;
}

static void check_belt(struct check *chk, const struct scene_draw_list *list, float pitch,
                       const struct scene_line_plan *line, uint32_t li, const struct belt *belt, float angle)
{
    uint32_t n = (uint32_t)floorf((belt->s1 - belt->s0) / SCENE_ROLLER_STEP + 1e-3f) + 1;
    uint32_t hits[512] = {0}, strays = 0, wrong_angle = 0, beds = 0;
    float x = line->x + line->mirror * belt->lx;
    for (uint32_t b = 0; b < list->batch_count; b++) {
        const struct scene_batch *batch = &list->batches[b];
        bool bed = batch->mesh == SCENE_KIND_ROLLER_BED;
        if (!bed && batch->mesh != SCENE_KIND_ROLLER)
            continue;
        for (uint32_t i = batch->first_instance; i < batch->first_instance + batch->instance_count; i++) {
            const float *m = list->instances[i].model;
            if (fabsf(m[12] - x) > 1e-3f || m[14] > line->z0 - belt->s0 + 0.05f || m[14] < line->z0 - belt->s1 - 0.05f)
                continue;
            /* a single roller: rotation about X by the angle, so column 1 = 2R (0, cos, sin) */
            float a = bed ? m[3] : atan2f(m[6], m[5]);
            wrong_angle += fabsf(remainderf(a - angle, 2.0f * 3.14159265f)) > 1e-3f;
            beds += bed;
            for (int k = 0; k < (bed ? SCENE_ROLLER_BED_ROLLERS : 1); k++) {
                float z = bed ? m[14] + m[10] * ((float)k - SCENE_ROLLER_BED_ROLLERS / 2 + 0.5f) * pitch : m[14];
                float sk = (line->z0 - z - belt->s0) / SCENE_ROLLER_STEP;
                long idx = lroundf(sk);
                if (fabsf(sk - (float)idx) > 1e-2f || idx < 0 || idx >= (long)n || idx >= 512 ||
                    fabsf(m[13] - (SCENE_BELT_TOP - SCENE_ROLLER_R)) > 1e-4f)
                    strays++;
                else
                    hits[idx]++;
            }
        }
    }
    uint32_t once = 0;
    for (uint32_t k = 0; k < n && k < 512; k++)
        once += hits[k] == 1;
    CHECK(chk, once == n && strays == 0, "line %u belt at %.2f: %u of %u roller places covered once, %u strays", li,
          (double)belt->lx, once, n, strays);
    CHECK(chk, beds == n / SCENE_ROLLER_BED_ROLLERS, "line %u: %u beds for %u rollers", li, beds, n);
    CHECK(chk, wrong_angle == 0, "line %u: %u rollers not at the line's angle %f", li, wrong_angle, (double)angle);
}

static void test_rollers(struct check *chk, struct scene *scene, double t)
{
    scene_update(scene, (int64_t)(t * 1e9));
    struct scene_draw_list list;
    check_full_list(scene, &list);
    const float pitch = scene_get_mesh(scene, SCENE_KIND_ROLLER_BED)->spin_pitch;
    for (uint32_t li = 0; li < scene->plan.lines; li++) {
        struct scene_line_state st;
        scene_line_state_at(&scene->plan, li, scene_time_seconds((int64_t)(t * 1e9)), &st);
        struct belt belts[SCENE_PLANT_MAX_CELLS + 1];
        uint32_t n = line_belts(&scene->plan.line[li], belts);
        for (uint32_t b = 0; b < n; b++)
            check_belt(chk, &list, pitch, &scene->plan.line[li], li, &belts[b], st.roller_angle);
    }
}

/* A plant with lines the procedural floor does not make: three cells, other lengths. */
static struct scene *long_line_scene(void)
{
    struct scene_plant *plant = NULL;
    if (scene_plant_generate(2, 5, &plant) != 0)
        return NULL;
    struct scene_plant_line *l = &plant->lines[1];
    l->infeed_length = 6.0f;
    l->outfeed_length = 8.0f;
    l->cell_count = 3;
    for (uint32_t k = 0; k < 3; k++) {
        struct scene_plant_cell *c = &l->cells[k];
        snprintf(c->robot_in.id, sizeof c->robot_in.id, "c%u-in", k);
        snprintf(c->press.id, sizeof c->press.id, "c%u-press", k);
        snprintf(c->robot_out.id, sizeof c->robot_out.id, "c%u-out", k);
        snprintf(c->transfer.id, sizeof c->transfer.id, "c%u-transfer", k);
        snprintf(c->robot_in.name, sizeof c->robot_in.name, "in %u", k);
        snprintf(c->press.name, sizeof c->press.name, "press %u", k);
        snprintf(c->robot_out.name, sizeof c->robot_out.name, "out %u", k);
        snprintf(c->transfer.name, sizeof c->transfer.name, "transfer %u", k);
        c->transfer_length = 5.0f + 2.0f * (float)k;
    }
    /* room for the longer line: the hall, the AGV loop and line 2's racks and pallets (moved to the new end) */
    plant->hall_min[1] -= 30.0f;
    plant->agvs[1].half[1] += 12.0f;
    plant->agvs[1].center[1] -= 12.0f;
    plant->agvs[1].laps_per_hour = 40; /* about the same speed on the longer loop */
    for (uint32_t k = 3; k < 6; k++)
        plant->racks[k].at[1] -= 22.0f;
    struct scene *scene = NULL;
    char msg[256];
    if (scene_plant_check(plant, msg, sizeof msg) != 0)
        fprintf(stderr, "long line plant: %s\n", msg);
    else
        scene_create(&(struct scene_desc){.plant = plant}, &scene);
    scene_plant_destroy(&plant);
    return scene;
}

int main(void)
{
    struct check chk = {0};
    struct scene *scene = NULL;
    if (scene_create(&(struct scene_desc){.lines = 6}, &scene) != 0) {
        fprintf(stderr, "scene_create failed\n");
        return 1;
    }
    for (uint32_t line = 0; line < scene->plan.lines; line++)
        test_line_moves(&chk, &scene->plan, line);
    test_robot_reaches_parts(&chk, &scene->plan, 0);
    test_robot_reaches_parts(&chk, &scene->plan, 5);
    test_lamps(&chk, scene, 0.0, SCENE_SCHEDULE_S);
    test_rollers(&chk, scene, 7.25);
    test_rollers(&chk, scene, 1234.5);
    test_agvs(&chk, &scene->plan);
    scene_destroy(&scene);

    scene = long_line_scene();
    CHECK(&chk, scene != NULL, "a plant with a three-cell line was refused");
    if (scene) {
        const struct scene_line_plan *l = &scene->plan.line[1];
        CHECK(&chk, l->cell_count == 3 && l->parts >= l->tau_gone && l->parts <= SCENE_MAX_LINE_PARTS,
              "three-cell line: %u cells, %u parts for a %.2f-cycle lifecycle", l->cell_count, l->parts, l->tau_gone);
        test_line_moves(&chk, &scene->plan, 1);
        test_robot_reaches_parts(&chk, &scene->plan, 1);
        test_rollers(&chk, scene, 3.5);
        test_lamps(&chk, scene, 100.0, 100.0 + SCENE_SCHEDULE_S);
        test_agvs(&chk, &scene->plan);
        scene_destroy(&scene);
    }
    return check_finish(&chk, "scene_animation");
}
