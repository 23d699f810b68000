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

/* Arm A grips each part where the belt delivers it, at the instant it gets there, and sets it on the table;
 * arm B takes it from the table when pressed. Sampled every 5 ms over four minutes. */
static void test_robot_reaches_parts(struct check *chk, const struct scene_plan *plan, uint32_t line)
{
    struct scene_line_state prev, now;
    const double dt = 0.005;
    uint32_t picks_a = 0, places_a = 0, picks_b = 0, places_b = 0;
    float worst = 0.0f;
    scene_line_state_at(plan, line, 0.0, &prev);
    for (double t = dt; t < 240.0; t += dt) {
        scene_line_state_at(plan, line, t, &now);
        for (int a = 0; a < SCENE_ARMS_PER_LINE; a++) {
            float tip[3];
            reference_tip(now.arm_base[a], &now.arm[a], tip);
            CHECK(chk, dist3(tip, now.effector[a]) < 1e-3f, "line %u arm %d: FK disagrees at t=%f", line, a, t);
        }
        for (int p = 0; p < SCENE_PARTS_PER_LINE; p++) {
            float was = prev.part_tau[p], is = now.part_tau[p];
            /* Last sample on the belt before the grip: the gripper is already there. */
            if (was < SCENE_TAU_PICK_A && is >= SCENE_TAU_PICK_A && is < SCENE_TAU_PLACE_A) {
                float d = dist3(prev.effector[0], prev.part_pos[p]);
                worst = fmaxf(worst, d);
                CHECK(chk, d < 0.02f, "line %u: arm A misses the part on the belt by %.3f m at t=%.3f", line, (double)d,
                      t);
                picks_a++;
            }
            if (was < SCENE_TAU_PLACE_A && is >= SCENE_TAU_PLACE_A && is < SCENE_TAU_PICK_B) {
                float d = dist3(now.effector[0], now.part_pos[p]);
                CHECK(chk, d < 0.02f, "line %u: arm A lets go %.3f m off the table at t=%.3f", line, (double)d, t);
                places_a++;
            }
            if (was < SCENE_TAU_PICK_B && is >= SCENE_TAU_PICK_B && is < SCENE_TAU_PLACE_B) {
                float d = dist3(prev.effector[1], prev.part_pos[p]);
                CHECK(chk, d < 0.02f, "line %u: arm B misses the part on the table by %.3f m", line, (double)d);
                picks_b++;
            }
            if (was < SCENE_TAU_PLACE_B && is >= SCENE_TAU_PLACE_B && is < SCENE_TAU_PLACE_B + 1.0f) {
                float d = dist3(now.effector[1], now.part_pos[p]);
                CHECK(chk, d < 0.02f, "line %u: arm B lets go %.3f m off the outfeed belt", line, (double)d);
                places_b++;
            }
        }
        prev = now;
    }
    printf("line %u in 240 s: arm A %u picks (worst miss %.4f m), %u places; arm B %u picks, %u places\n", line,
           picks_a, (double)worst, places_a, picks_b, places_b);
    /* 240 s at >= 60%% running and 5 s a cycle: at least ~28 parts. */
    CHECK(chk, picks_a >= 25 && places_a >= 25 && picks_b >= 25 && places_b >= 25, "too few events: %u %u %u %u",
          picks_a, places_a, picks_b, places_b);
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
        const float joints[4] = {a.arm[0].yaw, a.arm[0].shoulder, a.arm[0].elbow, a.arm[0].wrist};
        for (int j = 0; j < 4; j++)
            lo[j] = fminf(lo[j], joints[j]), hi[j] = fmaxf(hi[j], joints[j]);
        ram_lo = fminf(ram_lo, a.ram_y), ram_hi = fmaxf(ram_hi, a.ram_y);
        bool running = a.status == SCENE_STATUS_RUNNING && b.status == SCENE_STATUS_RUNNING &&
                       b.cycles - a.cycles > 0.0499;
        for (int p = 0; p < SCENE_PARTS_PER_LINE; p++) {
            if (running && a.part_tau[p] < 4.9f && b.part_tau[p] > a.part_tau[p]) {
                /* On the infeed belt: 0.4 m/s toward -Z, nothing else changes. */
                float dz = a.part_pos[p][2] - b.part_pos[p][2];
                CHECK(chk, fabsf(dz - 0.1f) < 1e-3f, "line %u part %d advanced %.4f m in 0.25 s", line, p, (double)dz);
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

/* The beacon instance shows the schedule: green running, amber idle, red fault. */
static void test_beacon_instance(struct check *chk, struct scene *scene)
{
    const struct scene_line_plan *line = &scene->plan.line[0];
    uint32_t found = 0;
    for (double t = 0.0; t < SCENE_SCHEDULE_S; t += 0.5) {
        enum scene_status status = scene_line_status(line, t);
        scene_update(scene, (int64_t)(t * 1e9));
        struct scene_draw_list list;
        check_full_list(scene, &list);
        for (uint32_t i = 0; i < list.instance_count; i++) {
            const struct scene_instance *in = &list.instances[i];
            if (fabsf(in->model[12] - (line->x + line->mirror * 1.85f)) > 1e-4f || fabsf(in->model[13] - 3.45f) > 1e-4f ||
                fabsf(in->model[14] - (line->z0 - SCENE_PICK_S)) > 1e-4f)
                continue;
            found++;
            const float *c = in->color;
            bool green = c[1] > c[0], amber = c[0] > 0.5f && c[1] > 0.2f, red = c[0] > 0.5f && c[1] < 0.1f;
            CHECK(chk, in->color[3] > 0.0f, "beacon not emissive");
            CHECK(chk, status != SCENE_STATUS_RUNNING || green, "running but not green at t=%f", t);
            CHECK(chk, status != SCENE_STATUS_IDLE || amber, "idle but not amber at t=%f", t);
            CHECK(chk, status != SCENE_STATUS_FAULT || red, "fault but not red at t=%f", t);
        }
    }
    CHECK(chk, found == 120, "beacon instance found %u times of 120", found);
}

static void test_agvs(struct check *chk, const struct scene_plan *plan)
{
    for (uint32_t i = 0; i < plan->lines; i++) {
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
                           pos[2] < line->z0 - SCENE_BAND_S0 - 0.2f && pos[2] > line->z0 - SCENE_BAND_S1 + 0.2f;
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

/* Rollers: every roller position of both belts is covered exactly once, by a roller-bed instance (its
 * axes, found the way a renderer finds them) or a single roller, and all turn by the line's roller angle:
 * the bed carries it in model[3], a single roller in its rotation. */
static void test_rollers(struct check *chk, struct scene *scene, double t)
{
    scene_update(scene, (int64_t)(t * 1e9));
    struct scene_draw_list list;
    check_full_list(scene, &list);
    const float pitch = scene_get_mesh(scene, SCENE_KIND_ROLLER_BED)->spin_pitch;
    for (uint32_t li = 0; li < scene->plan.lines; li++) {
        const struct scene_line_plan *line = &scene->plan.line[li];
        struct scene_line_state st;
        scene_line_state_at(&scene->plan, li, scene_time_seconds((int64_t)(t * 1e9)), &st);
        static const float belt_x[2] = {SCENE_IN_X, SCENE_OUT_X};
        static const float belt_s[2][2] = {{SCENE_IN_S0 + 0.1f, SCENE_IN_S1 - 0.1f},
                                           {SCENE_OUT_S0 + 0.1f, SCENE_OUT_S1 - 0.1f}};
        for (int belt = 0; belt < 2; belt++) {
            uint32_t n = (uint32_t)floorf((belt_s[belt][1] - belt_s[belt][0]) / SCENE_ROLLER_STEP + 1e-3f) + 1;
            uint32_t hits[128] = {0}, strays = 0, wrong_angle = 0, beds = 0;
            float x = line->x + line->mirror * belt_x[belt];
            for (uint32_t b = 0; b < list.batch_count; b++) {
                const struct scene_batch *batch = &list.batches[b];
                bool bed = batch->mesh == SCENE_KIND_ROLLER_BED;
                if (!bed && batch->mesh != SCENE_KIND_ROLLER)
                    continue;
                for (uint32_t i = batch->first_instance; i < batch->first_instance + batch->instance_count; i++) {
                    const float *m = list.instances[i].model;
                    if (fabsf(m[12] - x) > 1e-3f || m[14] > line->z0 - belt_s[belt][0] + 1.0f ||
                        m[14] < line->z0 - belt_s[belt][1] - 1.0f)
                        continue;
                    /* a single roller: rotation about X by the angle, so column 1 = 2R (0, cos, sin) */
                    float angle = bed ? m[3] : atan2f(m[6], m[5]);
                    float d = remainderf(angle - st.roller_angle, 2.0f * 3.14159265f);
                    wrong_angle += fabsf(d) > 1e-3f;
                    beds += bed;
                    for (int k = 0; k < (bed ? SCENE_ROLLER_BED_ROLLERS : 1); k++) {
                        float z = bed ? m[14] + m[10] * ((float)k - SCENE_ROLLER_BED_ROLLERS / 2 + 0.5f) * pitch : m[14];
                        float sk = (line->z0 - z - belt_s[belt][0]) / SCENE_ROLLER_STEP;
                        long idx = lroundf(sk);
                        if (fabsf(sk - (float)idx) > 1e-2f || idx < 0 || idx >= (long)n || idx >= 128 ||
                            fabsf(m[13] - (SCENE_BELT_TOP - SCENE_ROLLER_R)) > 1e-4f)
                            strays++;
                        else
                            hits[idx]++;
                    }
                }
            }
            uint32_t once = 0;
            for (uint32_t k = 0; k < n && k < 128; k++)
                once += hits[k] == 1;
            CHECK(chk, once == n && strays == 0, "line %u belt %d: %u of %u roller places covered once, %u strays", li,
                  belt, once, n, strays);
            CHECK(chk, beds == n / SCENE_ROLLER_BED_ROLLERS, "line %u belt %d: %u beds for %u rollers", li, belt, beds,
                  n);
            CHECK(chk, wrong_angle == 0, "line %u belt %d: %u rollers not at the line's angle %f", li, belt,
                  wrong_angle, (double)st.roller_angle);
        }
    }
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
    test_beacon_instance(&chk, scene);
    test_rollers(&chk, scene, 7.25);
    test_rollers(&chk, scene, 1234.5);
    test_agvs(&chk, &scene->plan);
    scene_destroy(&scene);
    return check_finish(&chk, "scene_animation");
}
