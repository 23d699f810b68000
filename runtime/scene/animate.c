/* Animation as a pure function of time and machine states: line schedules (or live states), conveyors, parts,
 * robot arms (IK/FK), presses, status lamps and AGVs. Nothing here keeps state between calls. */
#include <math.h>
#include <string.h>

#include <cglm/cglm.h>

#include "scene_internal.h"

#define ANIM_PI 3.14159265358979323846
#define ANIM_HOVER 0.6f /* height above pick/place points the gripper travels at */

double scene_time_seconds(int64_t time_ns)
{
    /* Wrap in integers first: at ~1e18 ns a double cannot hold nanoseconds any more. */
    const int64_t period_ns = (int64_t)SCENE_PERIOD_S * 1000000000;
    int64_t m = time_ns % period_ns;
    if (m < 0)
        m += period_ns;
    return (double)(m / 1000000000) + (double)(m % 1000000000) * 1e-9;
}

static void schedule_split(const struct scene_line_plan *line, double t, double *out_periods, double *out_r)
{
    double u = t + (double)line->sched_phase;
    double k = floor(u / SCENE_SCHEDULE_S);
    *out_periods = k;
    *out_r = u - k * SCENE_SCHEDULE_S;
}

enum scene_status scene_line_status(const struct scene_line_plan *line, double t)
{
    double k, r;
    schedule_split(line, t, &k, &r);
    const uint32_t *s = line->sched;
    if (r < s[0])
        return SCENE_STATUS_RUNNING;
    if (r < s[0] + s[1])
        return SCENE_STATUS_IDLE;
    if (r < s[0] + s[1] + s[2])
        return SCENE_STATUS_RUNNING;
    return SCENE_STATUS_FAULT;
}

double scene_line_cycles(const struct scene_line_plan *line, double t)
{
    /* Process time: the integral of "running" over the schedule, in closed form. */
    double k, r;
    schedule_split(line, t, &k, &r);
    const uint32_t *s = line->sched;
    double run = fmin(r, s[0]) + fmax(0.0, fmin(r - (s[0] + s[1]), (double)s[2]));
    return (k * (s[0] + s[2]) + run) / SCENE_CYCLE_S;
}

static float smooth01(double x)
{
    x = x < 0.0 ? 0.0 : (x > 1.0 ? 1.0 : x);
    return (float)(x * x * (3.0 - 2.0 * x));
}

static void line_point(const struct scene_line_plan *line, float lx, float y, float s, float out[3])
{
    out[0] = line->x + line->mirror * lx;
    out[1] = y;
    out[2] = line->z0 - s;
}

/* Inverse kinematics, elbow up, tool pointing straight down with its grip point at target. */
static void arm_ik(const float base[3], const float target[3], struct scene_arm_pose *out)
{
    float dx = target[0] - base[0], dz = target[2] - base[2];
    float r = sqrtf(dx * dx + dz * dz);
    float h = target[1] + SCENE_ARM_A3 - (base[1] + SCENE_ARM_H0);
    float c = (r * r + h * h - SCENE_ARM_A1 * SCENE_ARM_A1 - SCENE_ARM_A2 * SCENE_ARM_A2) /
              (2.0f * SCENE_ARM_A1 * SCENE_ARM_A2);
    c = fminf(1.0f, fmaxf(-1.0f, c));
    float elbow = -acosf(c);
    float shoulder = atan2f(h, r) - atan2f(SCENE_ARM_A2 * sinf(elbow), SCENE_ARM_A1 + SCENE_ARM_A2 * cosf(elbow));
    out->yaw = atan2f(-dz, dx);
    out->shoulder = shoulder;
    out->elbow = elbow;
    out->wrist = -(float)(ANIM_PI / 2.0) - shoulder - elbow;
}

/* Forward kinematics: frames of the upper arm, forearm and tool (each link along its +X). */
static void arm_chain(const float base[3], const struct scene_arm_pose *pose, mat4 out_links[3], float out_tip[3])
{
    mat4 m0;
    vec3 shoulder = {base[0], base[1] + SCENE_ARM_H0, base[2]};
    glm_translate_make(m0, shoulder);
    glm_rotate_y(m0, pose->yaw, m0);
    glm_rotate_z(m0, pose->shoulder, out_links[0]);
    glm_mat4_copy(out_links[0], out_links[1]);
    glm_translate_x(out_links[1], SCENE_ARM_A1);
    glm_rotate_z(out_links[1], pose->elbow, out_links[1]);
    glm_mat4_copy(out_links[1], out_links[2]);
    glm_translate_x(out_links[2], SCENE_ARM_A2);
    glm_rotate_z(out_links[2], pose->wrist, out_links[2]);
    vec4 tip_local = {SCENE_ARM_A3, 0.0f, 0.0f, 1.0f}, tip;
    glm_mat4_mulv(out_links[2], tip_local, tip);
    out_tip[0] = tip[0], out_tip[1] = tip[1], out_tip[2] = tip[2];
}

static void pose_lerp(const struct scene_arm_pose *a, const struct scene_arm_pose *b, float k,
                      struct scene_arm_pose *out)
{
    out->yaw = a->yaw + (b->yaw - a->yaw) * k;
    out->shoulder = a->shoulder + (b->shoulder - a->shoulder) * k;
    out->elbow = a->elbow + (b->elbow - a->elbow) * k;
    out->wrist = a->wrist + (b->wrist - a->wrist) * k;
}

/* The four key poses of a pick-and-place: at the pick, above it, above the place, at the place. */
struct arm_keys {
    struct scene_arm_pose key[4];
};

static void arm_keys_make(const float base[3], const float pick[3], const float place[3], struct arm_keys *out)
{
    float pick_up[3] = {pick[0], pick[1] + ANIM_HOVER, pick[2]};
    float place_up[3] = {place[0], place[1] + ANIM_HOVER, place[2]};
    arm_ik(base, pick, &out->key[0]);
    arm_ik(base, pick_up, &out->key[1]);
    arm_ik(base, place_up, &out->key[2]);
    arm_ik(base, place, &out->key[3]);
    /* Every move takes the short way round: mirrored lines would otherwise swing through the back. */
    for (int k = 1; k < 4; k++)
        out->key[k].yaw = out->key[0].yaw + remainderf(out->key[k].yaw - out->key[0].yaw, 2.0f * (float)ANIM_PI);
}

/* Pick-and-place cycle, u in [0,1): at the pick point at u = 0, where a part arrives at that instant. */
static void arm_pose_at(const struct arm_keys *keys, double u, struct scene_arm_pose *out)
{
    static const double at[7] = {0.0, 0.1, 0.3, 0.4, 0.5, 0.8, 1.0};
    static const int pose_of[7] = {0, 1, 2, 3, 2, 1, 0};
    int i = 0;
    while (i < 5 && u >= at[i + 1])
        i++;
    pose_lerp(&keys->key[pose_of[i]], &keys->key[pose_of[i + 1]], smooth01((u - at[i]) / (at[i + 1] - at[i])),
              out);
    /* Closed while carrying; opens after the place, closes again on the way down to the next pick. */
    if (u < 0.4)
        out->grip = 0.0f;
    else if (u < 0.45)
        out->grip = smooth01((u - 0.4) / 0.05);
    else if (u < 0.9)
        out->grip = 1.0f;
    else
        out->grip = 1.0f - smooth01((u - 0.9) / 0.1);
}

static double frac(double x)
{
    return x - floor(x);
}

/* The key poses of both arms of each cell, where they work, and the part's turn each arm adds. */
struct line_keys {
    struct arm_keys keys[SCENE_PLANT_MAX_CELLS][SCENE_ARMS_PER_CELL];
};

/* Where a part is at lifecycle position tau (cycles) and its yaw; it turns with the tool that holds it. */
static void part_place(const struct scene_line_plan *line, const struct scene_line_state *st,
                       const struct line_keys *lk, double tau, float out_pos[3], float *out_yaw)
{
    const float centre_y = SCENE_BELT_TOP + SCENE_PART_H * 0.5f;
    float yaw = 0.0f;
    if (tau < line->cell[0].tau) {
        line_point(line, -SCENE_BELT_X, centre_y, (float)(tau * SCENE_PITCH_M), out_pos);
        *out_yaw = 0.0f;
        return;
    }
    for (uint32_t k = 0; k < line->cell_count; k++) {
        const struct scene_cell_plan *cell = &line->cell[k];
        const struct arm_keys *a = &lk->keys[k][0], *b = &lk->keys[k][1];
        double d = tau - cell->tau;
        float on_table = yaw + a->key[3].yaw - a->key[0].yaw;
        float after = on_table + b->key[3].yaw - b->key[0].yaw;
        if (d < SCENE_TAU_PLACE_A) {
            memcpy(out_pos, st->effector[k][0], sizeof(float) * 3);
            *out_yaw = yaw + st->arm[k][0].yaw - a->key[0].yaw;
            return;
        }
        if (d < SCENE_TAU_PICK_B) {
            line_point(line, cell->side * SCENE_TABLE_X, centre_y, cell->pick_s, out_pos);
            *out_yaw = on_table;
            return;
        }
        if (d < SCENE_TAU_PLACE_B) {
            memcpy(out_pos, st->effector[k][1], sizeof(float) * 3);
            *out_yaw = on_table + st->arm[k][1].yaw - b->key[0].yaw;
            return;
        }
        bool last = k + 1 == line->cell_count;
        if (last || tau < line->cell[k + 1].tau) {
            float s = cell->pick_s + SCENE_PLACE_S + (float)((d - SCENE_TAU_PLACE_B) * SCENE_PITCH_M);
            if (last && tau >= line->tau_gone) /* in the bin, out of sight until it comes round again */
                line_point(line, cell->side * SCENE_BELT_X, 0.5f, line->bin_s, out_pos);
            else
                line_point(line, cell->side * SCENE_BELT_X, centre_y, s, out_pos);
            *out_yaw = after;
            return;
        }
        yaw = after;
    }
}

void scene_line_pose(const struct scene_plan *plan, uint32_t index, double cycles, struct scene_line_state *out)
{
    const struct scene_line_plan *line = &plan->line[index];
    const float centre_y = SCENE_BELT_TOP + SCENE_PART_H * 0.5f;
    out->cycles = cycles;
    out->cell_count = line->cell_count;
    out->parts = line->parts;
    struct line_keys lk;
    for (uint32_t k = 0; k < line->cell_count; k++) {
        const struct scene_cell_plan *cell = &line->cell[k];
        float pick[3], table[3], place[3];
        line_point(line, -cell->side * SCENE_BELT_X, centre_y, cell->pick_s, pick);
        line_point(line, cell->side * SCENE_TABLE_X, centre_y, cell->pick_s, table);
        line_point(line, cell->side * SCENE_BELT_X, centre_y, cell->pick_s + SCENE_PLACE_S, place);
        for (int a = 0; a < SCENE_ARMS_PER_CELL; a++)
            line_point(line, 0.0f, 0.0f, cell->pick_s + scene_arm_base_s[a], out->arm_base[k][a]);
        /* Arm A's cycle starts as a part reaches the pick point; arm B's when the part on the table is pressed. */
        arm_keys_make(out->arm_base[k][0], pick, table, &lk.keys[k][0]);
        arm_keys_make(out->arm_base[k][1], table, place, &lk.keys[k][1]);
        double u = frac(cycles - cell->tau);
        arm_pose_at(&lk.keys[k][0], u, &out->arm[k][0]);
        arm_pose_at(&lk.keys[k][1], frac(cycles - cell->tau - SCENE_TAU_PICK_B), &out->arm[k][1]);
        for (int a = 0; a < SCENE_ARMS_PER_CELL; a++) {
            mat4 links[3];
            arm_chain(out->arm_base[k][a], &out->arm[k][a], links, out->effector[k][a]);
        }
        /* A part sits on the table from 0.4 to 0.85 of the cycle; the ram presses in between. */
        const float ram_up = 3.1f, ram_down = 1.91f;
        double press = (u - 0.45) / 0.35;
        out->ram_y[k] = ram_up;
        if (press > 0.0 && press < 1.0)
            out->ram_y[k] = ram_up - (ram_up - ram_down) * (float)sin(ANIM_PI * press);
    }
    for (uint32_t p = 0; p < line->parts; p++) {
        double tau = fmod(cycles + p, (double)line->parts);
        out->part_tau[p] = (float)tau;
        part_place(line, out, &lk, tau, out->part_pos[p], &out->part_yaw[p]);
    }
    out->roller_angle = -(float)(frac(cycles) * SCENE_PITCH_M / SCENE_ROLLER_R);
}

void scene_line_state_at(const struct scene_plan *plan, uint32_t index, double t, struct scene_line_state *out)
{
    const struct scene_line_plan *line = &plan->line[index];
    memset(out, 0, sizeof *out);
    out->status = scene_line_status(line, t);
    scene_line_pose(plan, index, scene_line_cycles(line, t), out);
}

static void emit_arm(struct scene_emitter *em, const float base[3], const struct scene_arm_pose *pose)
{
    static const float orange[4] = {0.85f, 0.28f, 0.02f, 0.0f}, dark[4] = {0.04f, 0.04f, 0.05f, 0.0f};
    static const float steel[4] = {0.5f, 0.52f, 0.55f, 0.0f};
    mat4 links[3], m;
    float tip[3];
    arm_chain(base, pose, links, tip);
    const float turret_pos[3] = {base[0], base[1] + SCENE_ARM_H0 - 0.2f, base[2]};
    const float turret_size[3] = {0.45f, 0.4f, 0.4f};
    em->keep = true; /* a robot missing links in the distance would look broken; joints and fingers may go */
    scene_emit_trs(em, SCENE_KIND_BOX, turret_pos, 1, pose->yaw, turret_size, orange);
    static const float link_len[3] = {SCENE_ARM_A1, SCENE_ARM_A2, SCENE_ARM_A3 - 0.15f};
    static const float link_w[3] = {0.18f, 0.13f, 0.08f}, joint_d[3] = {0.26f, 0.2f, 0.15f};
    for (int i = 0; i < 3; i++) {
        vec3 link_scale = {link_len[i], link_w[i], link_w[i]};
        glm_scale_to(links[i], link_scale, m);
        scene_emit(em, SCENE_KIND_ARM, (const float *)m, i == 2 ? steel : orange);
    }
    em->keep = false;
    for (int i = 0; i < 3; i++) { /* the joints' spheres round the links off: detail in the distance */
        vec3 joint_scale = {joint_d[i], joint_d[i], joint_d[i]};
        glm_scale_to(links[i], joint_scale, m);
        scene_emit(em, SCENE_KIND_SPHERE, (const float *)m, i == 2 ? dark : orange);
    }
    /* Two fingers reaching from the tool flange to the grip point, straddling the part. */
    for (int side = -1; side <= 1; side += 2) {
        mat4 f;
        vec3 at = {SCENE_ARM_A3 - 0.075f, 0.0f, (float)side * (0.165f + 0.06f * pose->grip)};
        vec3 size = {0.15f, 0.05f, 0.03f};
        glm_mat4_copy(links[2], f);
        glm_translate(f, at);
        glm_scale(f, size);
        scene_emit(em, SCENE_KIND_BOX, (const float *)f, dark);
    }
}

static void emit_rollers(struct scene_emitter *em, const struct scene_line_plan *line, float lx, float s0, float s1,
                         float angle)
{
    static const float steel[4] = {0.42f, 0.44f, 0.46f, 0.0f};
    const float scale[3] = {0.8f, 2.0f * SCENE_ROLLER_R, 2.0f * SCENE_ROLLER_R};
    const float bed_scale[3] = {0.8f, 1.0f, 1.0f};
    /* All rollers of a belt turn alike. Runs of SCENE_ROLLER_BED_ROLLERS are one roller-bed instance each,
     * spun by the renderer (model[3]); the few left at the end stay single rollers. */
    float m[16], bed[16], origin[3] = {0.0f, 0.0f, 0.0f};
    scene_xf_trs(m, origin, 0, angle, scale);
    scene_xf_trs(bed, origin, 1, 0.0f, bed_scale);
    bed[3] = angle;
    uint32_t rollers = (uint32_t)floorf((s1 - s0) / SCENE_ROLLER_STEP + 1e-3f) + 1;
    uint32_t k = 0;
    for (; k + SCENE_ROLLER_BED_ROLLERS <= rollers; k += SCENE_ROLLER_BED_ROLLERS) {
        /* centre of the run; the bed's local +Z runs towards smaller s (world +z), it is symmetric anyway */
        float s = s0 + ((float)k + (SCENE_ROLLER_BED_ROLLERS - 1) * 0.5f) * SCENE_ROLLER_STEP;
        line_point(line, lx, SCENE_BELT_TOP - SCENE_ROLLER_R, s, bed + 12);
        scene_emit(em, SCENE_KIND_ROLLER_BED, bed, steel);
    }
    for (; k < rollers; k++) {
        line_point(line, lx, SCENE_BELT_TOP - SCENE_ROLLER_R, s0 + (float)k * SCENE_ROLLER_STEP, m + 12);
        scene_emit(em, SCENE_KIND_ROLLER, m, steel);
    }
}

/* Status lamp colours (emissive in [3]): green running, amber idle, amber blinking blocked, red blinking fault,
 * dark offline. */
static void lamp_color(enum scene_machine_status status, double t, float out[4])
{
    static const float colors[SCENE_MACHINE_STATUS_COUNT][4] = {
        {0.05f, 0.9f, 0.1f, 4.0f}, {1.0f, 0.45f, 0.0f, 4.0f}, {1.0f, 0.45f, 0.0f, 4.0f},
        {1.0f, 0.02f, 0.02f, 6.0f}, {0.12f, 0.12f, 0.13f, 0.0f}};
    memcpy(out, colors[(unsigned)status < SCENE_MACHINE_STATUS_COUNT ? status : SCENE_MACHINE_OFFLINE], sizeof(float) * 4);
    if (status == SCENE_MACHINE_FAULT && frac(t * 2.0) >= 0.5)
        out[3] = 0.5f;
    if (status == SCENE_MACHINE_BLOCKED && frac(t) >= 0.5)
        out[3] = 0.5f;
}

/* A machine's status lamp (a cube, or the press's beacon sphere) at pos, and its stale lamp above it: violet,
 * blinking, while its live data is stale; dark otherwise. */
static void emit_lamps(struct scene_emitter *em, const struct scene *scene, uint32_t machine, const float pos[3],
                       bool sphere, double t)
{
    float color[4];
    em->owner = machine;
    lamp_color(scene_machine_status_at(scene, machine, t), t, color);
    if (sphere) {
        const float scale[3] = {0.2f, 0.2f, 0.2f};
        scene_emit_trs(em, SCENE_KIND_SPHERE, pos, 1, 0.0f, scale, color);
    } else {
        scene_emit_box(em, pos[0], pos[1], pos[2], SCENE_LAMP, SCENE_LAMP, SCENE_LAMP, color);
    }
    static const float dark[4] = {0.05f, 0.05f, 0.06f, 0.0f};
    float stale[4] = {0.55f, 0.25f, 1.0f, frac(t) < 0.5 ? 5.0f : 1.0f};
    const bool is_stale = scene->live && scene->live[machine].live && scene->live[machine].stale;
    float above = pos[1] + (sphere ? 0.18f : SCENE_LAMP_STACK);
    scene_emit_box(em, pos[0], above, pos[2], SCENE_LAMP, SCENE_LAMP, SCENE_LAMP, is_stale ? stale : dark);
    if (em->beacons && !em->counting && machine < scene->machine_count)
        memcpy(em->beacons[machine], pos, sizeof(float) * 3);
    em->owner = SCENE_NO_MACHINE;
}

/* With live data for any of its machines a line runs on its own (no schedule), and stands frozen as it was
 * when the first of its live machines stopped running. Returns false for a simulated line. */
static bool line_live_clock(const struct scene *scene, const struct scene_line_plan *line, double t, double *out_t)
{
    bool live = false;
    int64_t stopped = INT64_MAX;
    for (uint32_t m = line->first_machine; scene->live && m < line->first_machine + line->machine_count; m++) {
        const struct scene_machine_state *st = &scene->live[m];
        if (!st->live)
            continue;
        live = true;
        if (st->status != SCENE_MACHINE_RUNNING && st->since_ns < stopped)
            stopped = st->since_ns;
    }
    *out_t = stopped != INT64_MAX ? scene_time_seconds(stopped) : t;
    return live;
}

static void emit_line_moving(struct scene_emitter *em, const struct scene_plan *plan, uint32_t index,
                             const struct scene_line_state *st)
{
    const struct scene_line_plan *line = &plan->line[index];
    em->owner = line->infeed;
    emit_rollers(em, line, -SCENE_BELT_X, SCENE_IN_S0 + 0.1f, line->cell[0].pick_s + SCENE_PICK_OVER - 0.1f,
                 st->roller_angle);
    for (uint32_t k = 0; k + 1 < line->cell_count; k++) {
        em->owner = line->cell[k].transfer;
        emit_rollers(em, line, line->cell[k].side * SCENE_BELT_X, line->cell[k].pick_s + SCENE_OUTLET_S + 0.1f,
                     line->cell[k + 1].pick_s + SCENE_PICK_OVER - 0.1f, st->roller_angle);
    }
    em->owner = line->outfeed;
    emit_rollers(em, line, line->cell[line->cell_count - 1].side * SCENE_BELT_X, line->out_s0 + 0.1f,
                 line->out_s1 - 0.1f, st->roller_angle);
    em->owner = SCENE_NO_MACHINE; /* work pieces belong to whoever holds them for a moment: to none */
    const float part_scale[3] = {0.28f, SCENE_PART_H, 0.28f};
    for (uint32_t p = 0; p < line->parts; p++) {
        /* Raw castings are rust red; pressed parts come out bright. */
        static const float raw[4] = {0.45f, 0.08f, 0.03f, 0.0f}, done[4] = {0.7f, 0.72f, 0.75f, 0.0f};
        const float *color = st->part_tau[p] < line->cell[0].tau + SCENE_TAU_PLACE_A + 0.25 ? raw : done;
        scene_emit_trs(em, SCENE_KIND_PART, st->part_pos[p], 1, st->part_yaw[p], part_scale, color);
    }
    static const float ram_color[4] = {0.6f, 0.62f, 0.64f, 0.0f};
    for (uint32_t k = 0; k < line->cell_count; k++) {
        const struct scene_cell_plan *cell = &line->cell[k];
        for (int a = 0; a < SCENE_ARMS_PER_CELL; a++) {
            em->owner = a == 0 ? cell->robot_in : cell->robot_out;
            emit_arm(em, st->arm_base[k][a], &st->arm[k][a]);
        }
        em->owner = cell->press;
        float pos[3];
        line_point(line, cell->side * SCENE_TABLE_X, st->ram_y[k], cell->pick_s, pos);
        const float ram_scale[3] = {0.3f, 1.6f, 0.3f};
        scene_emit_trs(em, SCENE_KIND_BOX, pos, 1, 0.0f, ram_scale, ram_color);
    }
    em->owner = SCENE_NO_MACHINE;
}

/* Every machine's status lamp: the press's beacon on its column, a conveyor's lamp on its feeder, post or
 * bin, a robot's on the middle post of its cell's guard rail. */
static void emit_line_lamps(struct scene_emitter *em, const struct scene *scene, uint32_t index, double t)
{
    const struct scene_line_plan *line = &scene->plan.line[index];
    float pos[3];
    line_point(line, -SCENE_BELT_X, 1.6f + SCENE_LAMP * 0.5f, SCENE_FEEDER_S, pos);
    emit_lamps(em, scene, line->infeed, pos, false, t);
    for (uint32_t k = 0; k < line->cell_count; k++) {
        const struct scene_cell_plan *cell = &line->cell[k];
        line_point(line, 0.0f, 1.1f + SCENE_LAMP * 0.5f, cell->pick_s - SCENE_RAIL_BEFORE, pos);
        emit_lamps(em, scene, cell->robot_in, pos, false, t);
        line_point(line, cell->side * 1.85f, 3.45f, cell->pick_s, pos);
        emit_lamps(em, scene, cell->press, pos, true, t);
        line_point(line, 0.0f, 1.1f + SCENE_LAMP * 0.5f, cell->pick_s + SCENE_RAIL_AFTER, pos);
        emit_lamps(em, scene, cell->robot_out, pos, false, t);
        if (k + 1 < line->cell_count) {
            line_point(line, cell->side * (SCENE_BELT_X + 0.55f), 1.1f + SCENE_LAMP * 0.5f,
                       cell->pick_s + SCENE_OUTLET_S + 0.2f, pos);
            emit_lamps(em, scene, cell->transfer, pos, false, t);
        }
    }
    line_point(line, line->cell[line->cell_count - 1].side * SCENE_BELT_X, 1.3f + SCENE_LAMP * 0.5f, line->bin_s, pos);
    emit_lamps(em, scene, line->outfeed, pos, false, t);
}

static void emit_line(struct scene_emitter *em, const struct scene *scene, uint32_t index, double t)
{
    const struct scene_plan *plan = &scene->plan;
    struct scene_line_state st;
    memset(&st, 0, sizeof st);
    double t_line;
    if (line_live_clock(scene, &plan->line[index], t, &t_line))
        scene_line_pose(plan, index, t_line / SCENE_CYCLE_S, &st);
    else
        scene_line_state_at(plan, index, t, &st);
    emit_line_moving(em, plan, index, &st);
    emit_line_lamps(em, scene, index, t);
}

void scene_agv_at(const struct scene_agv_plan *agv, double t, float out_pos[3], float *out_yaw)
{
    /* Arc length along the loop, then walk its four straights and four quarter turns. */
    double l = fmod((double)agv->speed * t + (double)agv->phase * agv->length, (double)agv->length);
    float rc = agv->corner;
    float x = agv->cx + agv->hx, z = agv->cz + agv->hz - rc;
    float yaw = (float)(ANIM_PI / 2.0); /* heading -Z */
    for (int side = 0; side < 4; side++) {
        float straight = 2.0f * ((side % 2 == 0 ? agv->hz : agv->hx) - rc);
        float dx = cosf(yaw), dz = -sinf(yaw);
        if (l <= straight) {
            x += dx * (float)l, z += dz * (float)l;
            break;
        }
        x += dx * straight, z += dz * straight, l -= straight;
        /* Turn left around a centre to the left of the heading. */
        float cxl = x + dz * rc, czl = z - dx * rc;
        float arc = rc * (float)(ANIM_PI / 2.0);
        float turned = (float)(l < arc ? l : arc) / rc;
        float a = yaw + turned - (float)(ANIM_PI / 2.0);
        x = cxl + cosf(a) * rc, z = czl - sinf(a) * rc;
        yaw += turned;
        if (l <= arc)
            break;
        l -= arc;
    }
    out_pos[0] = x, out_pos[1] = 0.0f, out_pos[2] = z;
    *out_yaw = yaw;
}

static void emit_agv(struct scene_emitter *em, const struct scene *scene, uint32_t index, double t)
{
    const struct scene_agv_plan *agv = &scene->plan.agv[index];
    static const float deck[4] = {0.08f, 0.08f, 0.09f, 0.0f}, cargo[4] = {0.5f, 0.34f, 0.17f, 0.0f};
    /* A live AGV that is not running stands where it stopped. */
    const struct scene_machine_state *live = scene->live ? &scene->live[agv->machine] : NULL;
    const bool stopped = live && live->live && live->status != SCENE_MACHINE_RUNNING;
    float pos[3], yaw;
    scene_agv_at(agv, stopped ? scene_time_seconds(live->since_ns) : t, pos, &yaw);
    float c = cosf(yaw), s = sinf(yaw);
    em->owner = agv->machine;
    /* Body parts as (forward, up, side) offsets and sizes in the AGV's frame. */
    static const float part[3][6] = {{0.0f, 0.17f, 0.0f, 1.1f, 0.26f, 0.75f},
                                     {0.0f, 0.32f, 0.0f, 1.0f, 0.04f, 0.68f},
                                     {-0.1f, 0.6f, 0.0f, 0.7f, 0.52f, 0.55f}};
    for (int i = 0; i < 3; i++) {
        const float *p = part[i];
        float at[3] = {pos[0] + c * p[0] + s * p[2], p[1], pos[2] - s * p[0] + c * p[2]};
        float size[3] = {p[3], p[4], p[5]};
        scene_emit_trs(em, SCENE_KIND_BOX, at, 1, yaw, size, i == 0 ? agv->color : (i == 1 ? deck : cargo));
    }
    /* Its warning light blinks orange while it drives; stopped, it shows the status colour. */
    const float light_at[3] = {pos[0] + c * 0.45f + s * 0.27f, 0.42f, pos[2] - s * 0.45f + c * 0.27f};
    float light[4] = {1.0f, 0.5f, 0.0f, frac(t * 1.5) < 0.5 ? 5.0f : 0.3f};
    if (stopped)
        lamp_color(live->status, t, light);
    const float light_size[3] = {0.09f, 0.09f, 0.09f};
    scene_emit_trs(em, SCENE_KIND_SPHERE, light_at, 1, yaw, light_size, light);
    /* The stale lamp rides on the cargo. */
    static const float dark[4] = {0.05f, 0.05f, 0.06f, 0.0f};
    float stale[4] = {0.55f, 0.25f, 1.0f, frac(t) < 0.5 ? 5.0f : 1.0f};
    const float top[3] = {pos[0] - c * 0.1f, 0.86f + SCENE_LAMP * 0.5f, pos[2] + s * 0.1f};
    const float lamp[3] = {SCENE_LAMP, SCENE_LAMP, SCENE_LAMP};
    scene_emit_trs(em, SCENE_KIND_BOX, top, 1, yaw, lamp, live && live->live && live->stale ? stale : dark);
    if (em->beacons && !em->counting)
        memcpy(em->beacons[agv->machine], light_at, sizeof light_at);
    em->owner = SCENE_NO_MACHINE;
}

void scene_animate_emit(struct scene_emitter *em, const struct scene *scene, double t)
{
    for (uint32_t i = 0; i < scene->plan.lines; i++)
        emit_line(em, scene, i, t);
    for (uint32_t i = 0; i < scene->plan.agv_count; i++)
        emit_agv(em, scene, i, t);
    em->owner = SCENE_NO_MACHINE;
}
