/* Animation as a pure function of time: line schedules, conveyors, parts, robot arms (IK/FK), presses,
 * beacons and AGVs. Nothing here keeps state between calls. */
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

/* Where a part is at lifecycle position tau (cycles) and its yaw; it turns with the tool that holds it. */
static void part_place(const struct scene_line_plan *line, const struct scene_line_state *st,
                       const struct arm_keys keys[SCENE_ARMS_PER_LINE], double tau, float out_pos[3],
                       float *out_yaw)
{
    const float centre_y = SCENE_BELT_TOP + SCENE_PART_H * 0.5f;
    float on_table = keys[0].key[3].yaw - keys[0].key[0].yaw;
    if (tau < SCENE_TAU_PICK_A) {
        line_point(line, SCENE_IN_X, centre_y, (float)(tau * SCENE_PITCH_M), out_pos);
        *out_yaw = 0.0f;
    } else if (tau < SCENE_TAU_PLACE_A) {
        memcpy(out_pos, st->effector[0], sizeof(float) * 3);
        *out_yaw = st->arm[0].yaw - keys[0].key[0].yaw;
    } else if (tau < SCENE_TAU_PICK_B) {
        line_point(line, SCENE_TABLE_X, centre_y, SCENE_PICK_S, out_pos);
        *out_yaw = on_table;
    } else if (tau < SCENE_TAU_PLACE_B) {
        memcpy(out_pos, st->effector[1], sizeof(float) * 3);
        *out_yaw = on_table + st->arm[1].yaw - keys[1].key[0].yaw;
    } else {
        float s = SCENE_OUT_PLACE_S + (float)((tau - SCENE_TAU_PLACE_B) * SCENE_PITCH_M);
        line_point(line, SCENE_OUT_X, centre_y, s, out_pos);
        *out_yaw = on_table + keys[1].key[3].yaw - keys[1].key[0].yaw;
    }
}

void scene_line_state_at(const struct scene_plan *plan, uint32_t index, double t, struct scene_line_state *out)
{
    const struct scene_line_plan *line = &plan->line[index];
    const float centre_y = SCENE_BELT_TOP + SCENE_PART_H * 0.5f;
    memset(out, 0, sizeof *out);
    out->status = scene_line_status(line, t);
    out->cycles = scene_line_cycles(line, t);
    double cyc = frac(out->cycles);

    float pick_a[3], table[3], place_b[3];
    line_point(line, SCENE_IN_X, centre_y, SCENE_PICK_S, pick_a);
    line_point(line, SCENE_TABLE_X, centre_y, SCENE_PICK_S, table);
    line_point(line, SCENE_OUT_X, centre_y, SCENE_OUT_PLACE_S, place_b);
    for (int a = 0; a < SCENE_ARMS_PER_LINE; a++)
        line_point(line, scene_arm_base_ls[a][0], 0.0f, scene_arm_base_ls[a][1], out->arm_base[a]);
    /* Arm B's cycle starts when the part on the table has been pressed. */
    struct arm_keys keys[SCENE_ARMS_PER_LINE];
    arm_keys_make(out->arm_base[0], pick_a, table, &keys[0]);
    arm_keys_make(out->arm_base[1], table, place_b, &keys[1]);
    arm_pose_at(&keys[0], cyc, &out->arm[0]);
    arm_pose_at(&keys[1], frac(out->cycles - (SCENE_TAU_PICK_B - SCENE_TAU_PICK_A)), &out->arm[1]);
    for (int a = 0; a < SCENE_ARMS_PER_LINE; a++) {
        mat4 links[3];
        arm_chain(out->arm_base[a], &out->arm[a], links, out->effector[a]);
    }
    for (int p = 0; p < SCENE_PARTS_PER_LINE; p++) {
        double tau = fmod(out->cycles + p, (double)SCENE_PARTS_PER_LINE);
        out->part_tau[p] = (float)tau;
        part_place(line, out, keys, tau, out->part_pos[p], &out->part_yaw[p]);
    }
    /* A part sits on the table from frac 0.4 to 0.85 of the cycle; the ram presses in between. */
    const float ram_up = 3.1f, ram_down = 1.91f;
    double press = (cyc - 0.45) / 0.35;
    out->ram_y = ram_up;
    if (press > 0.0 && press < 1.0)
        out->ram_y = ram_up - (ram_up - ram_down) * (float)sin(ANIM_PI * press);
    out->roller_angle = -(float)(cyc * SCENE_PITCH_M / SCENE_ROLLER_R);
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

static void emit_line(struct scene_emitter *em, const struct scene_plan *plan, uint32_t index, double t)
{
    const struct scene_line_plan *line = &plan->line[index];
    struct scene_line_state st;
    scene_line_state_at(plan, index, t, &st);
    em->owner = scene_role_machine(index, SCENE_ROLE_INFEED);
    emit_rollers(em, line, SCENE_IN_X, SCENE_IN_S0 + 0.1f, SCENE_IN_S1 - 0.1f, st.roller_angle);
    em->owner = scene_role_machine(index, SCENE_ROLE_OUTFEED);
    emit_rollers(em, line, SCENE_OUT_X, SCENE_OUT_S0 + 0.1f, SCENE_OUT_S1 - 0.1f, st.roller_angle);
    em->owner = SCENE_NO_MACHINE; /* work pieces belong to whoever holds them for a moment: to none */
    const float part_scale[3] = {0.28f, SCENE_PART_H, 0.28f};
    for (int p = 0; p < SCENE_PARTS_PER_LINE; p++) {
        /* Raw castings are rust red; pressed parts come out bright. */
        static const float raw[4] = {0.45f, 0.08f, 0.03f, 0.0f}, done[4] = {0.7f, 0.72f, 0.75f, 0.0f};
        const float *color = st.part_tau[p] < SCENE_TAU_PLACE_A + 0.25f ? raw : done;
        scene_emit_trs(em, SCENE_KIND_PART, st.part_pos[p], 1, st.part_yaw[p], part_scale, color);
    }
    for (int a = 0; a < SCENE_ARMS_PER_LINE; a++) {
        em->owner = scene_role_machine(index, a == 0 ? SCENE_ROLE_ROBOT_A : SCENE_ROLE_ROBOT_B);
        emit_arm(em, st.arm_base[a], &st.arm[a]);
    }
    em->owner = scene_role_machine(index, SCENE_ROLE_PRESS);
    static const float ram_color[4] = {0.6f, 0.62f, 0.64f, 0.0f};
    float pos[3];
    line_point(line, SCENE_TABLE_X, st.ram_y, SCENE_PICK_S, pos);
    const float ram_scale[3] = {0.3f, 1.6f, 0.3f};
    scene_emit_trs(em, SCENE_KIND_BOX, pos, 1, 0.0f, ram_scale, ram_color);

    /* Beacon: green running, amber idle, red fault (blinking at 2 Hz); emissive in color[3]. */
    float beacon[4] = {0.05f, 0.9f, 0.1f, 4.0f};
    if (st.status == SCENE_STATUS_IDLE) {
        beacon[0] = 1.0f, beacon[1] = 0.45f, beacon[2] = 0.0f;
    } else if (st.status == SCENE_STATUS_FAULT) {
        beacon[0] = 1.0f, beacon[1] = 0.02f, beacon[2] = 0.02f;
        beacon[3] = frac(t * 2.0) < 0.5 ? 6.0f : 0.5f;
    }
    line_point(line, 1.85f, 3.45f, SCENE_PICK_S, pos);
    const float beacon_scale[3] = {0.2f, 0.2f, 0.2f};
    scene_emit_trs(em, SCENE_KIND_SPHERE, pos, 1, 0.0f, beacon_scale, beacon);
    em->owner = SCENE_NO_MACHINE;
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

static void emit_agv(struct scene_emitter *em, const struct scene_agv_plan *agv, double t)
{
    static const float deck[4] = {0.08f, 0.08f, 0.09f, 0.0f}, cargo[4] = {0.5f, 0.34f, 0.17f, 0.0f};
    float pos[3], yaw;
    scene_agv_at(agv, t, pos, &yaw);
    float c = cosf(yaw), s = sinf(yaw);
    /* Body parts as (forward, up, side) offsets and sizes in the AGV's frame. */
    static const float part[4][6] = {{0.0f, 0.17f, 0.0f, 1.1f, 0.26f, 0.75f},
                                     {0.0f, 0.32f, 0.0f, 1.0f, 0.04f, 0.68f},
                                     {-0.1f, 0.6f, 0.0f, 0.7f, 0.52f, 0.55f},
                                     {0.45f, 0.42f, 0.27f, 0.09f, 0.09f, 0.09f}};
    for (int i = 0; i < 4; i++) {
        const float *p = part[i];
        float at[3] = {pos[0] + c * p[0] + s * p[2], p[1], pos[2] - s * p[0] + c * p[2]};
        float size[3] = {p[3], p[4], p[5]};
        if (i == 3) {
            float light[4] = {1.0f, 0.5f, 0.0f, frac(t * 1.5) < 0.5 ? 5.0f : 0.3f};
            scene_emit_trs(em, SCENE_KIND_SPHERE, at, 1, yaw, size, light);
        } else {
            scene_emit_trs(em, SCENE_KIND_BOX, at, 1, yaw, size, i == 0 ? agv->color : (i == 1 ? deck : cargo));
        }
    }
}

void scene_animate_emit(struct scene_emitter *em, const struct scene_plan *plan, double t)
{
    for (uint32_t i = 0; i < plan->lines; i++)
        emit_line(em, plan, i, t);
    for (uint32_t i = 0; i < plan->lines; i++) {
        em->owner = scene_agv_machine(plan, i);
        emit_agv(em, &plan->agv[i], t);
    }
    em->owner = SCENE_NO_MACHINE;
}
