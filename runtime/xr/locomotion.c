/* Locomotion math: the play area's transform in the hall, turns, teleports, the aiming arc, allowed targets. */
#include <math.h>

#include "locomotion.h"

#define LOCO_GRAVITY 9.81f
#define LOCO_ARC_STEP_S 0.05f

void xr_loco_to_world(const struct xr_loco *loco, const float stage[3], float out_world[3])
{
    const float c = cosf(loco->yaw), s = sinf(loco->yaw);
    /* R_y(yaw): x' = c x + s z, z' = -s x + c z (counter-clockwise seen from +Y) */
    float x = c * stage[0] + s * stage[2], z = -s * stage[0] + c * stage[2];
    out_world[0] = x + loco->offset[0];
    out_world[1] = stage[1];
    out_world[2] = z + loco->offset[1];
}

void xr_loco_turn(struct xr_loco *loco, const float head[3], float angle)
{
    /* W' = T(h) R(angle) T(-h) W: the offset turns about the head, the yaw adds. */
    const float c = cosf(angle), s = sinf(angle);
    float dx = loco->offset[0] - head[0], dz = loco->offset[1] - head[2];
    loco->offset[0] = head[0] + c * dx + s * dz;
    loco->offset[1] = head[2] - s * dx + c * dz;
    loco->yaw = remainderf(loco->yaw + angle, 2.0f * (float)M_PI);
}

void xr_loco_teleport(struct xr_loco *loco, const float head[3], const float target[3])
{
    loco->offset[0] += target[0] - head[0];
    loco->offset[1] += target[2] - head[2];
}

void xr_loco_space_pose(const struct xr_loco *loco, float base_y, float out_position[3], float out_orientation[4])
{
    /* The world origin seen from the stage: W^-1 = (R(-yaw), -R(-yaw) t), after the reference space's offset. */
    const float c = cosf(-loco->yaw), s = sinf(-loco->yaw);
    const float tx = loco->offset[0], tz = loco->offset[1];
    out_position[0] = -(c * tx + s * tz);
    out_position[1] = base_y;
    out_position[2] = -(-s * tx + c * tz);
    out_orientation[0] = 0.0f;
    out_orientation[1] = sinf(-loco->yaw * 0.5f);
    out_orientation[2] = 0.0f;
    out_orientation[3] = cosf(-loco->yaw * 0.5f);
}

void xr_loco_smooth_delta(const float forward[3], const float stick[2], float dt_s, float out_delta[2])
{
    float fx = forward[0], fz = forward[2], len = sqrtf(fx * fx + fz * fz);
    out_delta[0] = out_delta[1] = 0.0f;
    if (!(len > 1e-3f))
        return;
    fx /= len;
    fz /= len;
    /* right of a forward (fx, fz) seen from above: (-fz, fx) */
    const float k = XR_LOCO_SMOOTH_SPEED * dt_s;
    out_delta[0] = (stick[1] * fx - stick[0] * fz) * k;
    out_delta[1] = (stick[1] * fz + stick[0] * fx) * k;
}

uint32_t xr_loco_arc(const float origin[3], const float dir[3], float (*points)[3], uint32_t max, bool *out_landed,
                     float out_hit[3])
{
    float len = sqrtf(dir[0] * dir[0] + dir[1] * dir[1] + dir[2] * dir[2]);
    *out_landed = false;
    if (max == 0 || !(len > 0.0f) || origin[1] < 0.0f)
        return 0;
    float v[3] = {dir[0] / len * XR_LOCO_ARC_SPEED, dir[1] / len * XR_LOCO_ARC_SPEED, dir[2] / len * XR_LOCO_ARC_SPEED};
    float p[3] = {origin[0], origin[1], origin[2]};
    uint32_t n = 0;
    points[n][0] = p[0], points[n][1] = p[1], points[n][2] = p[2];
    n++;
    while (n < max) {
        float q[3] = {p[0] + v[0] * LOCO_ARC_STEP_S, p[1] + v[1] * LOCO_ARC_STEP_S - 0.5f * LOCO_GRAVITY * LOCO_ARC_STEP_S * LOCO_ARC_STEP_S,
                      p[2] + v[2] * LOCO_ARC_STEP_S};
        v[1] -= LOCO_GRAVITY * LOCO_ARC_STEP_S;
        if (q[1] <= 0.0f) { /* crosses the floor in this step: end exactly on it */
            float f = p[1] / (p[1] - q[1]);
            for (int a = 0; a < 3; a++)
                out_hit[a] = p[a] + (q[a] - p[a]) * f;
            out_hit[1] = 0.0f;
            points[n][0] = out_hit[0], points[n][1] = 0.0f, points[n][2] = out_hit[2];
            *out_landed = true;
            return n + 1;
        }
        points[n][0] = q[0], points[n][1] = q[1], points[n][2] = q[2];
        p[0] = q[0], p[1] = q[1], p[2] = q[2];
        n++;
    }
    return n;
}

bool xr_loco_target_valid(const struct scene *scene, const float target[3])
{
    float lo[2], hi[2];
    scene_hall_bounds(scene, lo, hi);
    if (!(target[0] >= lo[0] + XR_LOCO_WALL_MARGIN && target[0] <= hi[0] - XR_LOCO_WALL_MARGIN &&
          target[2] >= lo[1] + XR_LOCO_WALL_MARGIN && target[2] <= hi[1] - XR_LOCO_WALL_MARGIN))
        return false;
    for (uint32_t m = 0; m < scene_machine_count(scene); m++) {
        float bmin[3], bmax[3];
        scene_machine_bounds(scene, m, bmin, bmax);
        if (target[0] > bmin[0] - XR_LOCO_MACHINE_MARGIN && target[0] < bmax[0] + XR_LOCO_MACHINE_MARGIN &&
            target[2] > bmin[2] - XR_LOCO_MACHINE_MARGIN && target[2] < bmax[2] + XR_LOCO_MACHINE_MARGIN)
            return false;
    }
    /* Columns, guards, anything of the structure a person would stand in: what is under a head's height. */
    const float from[3] = {target[0], 2.0f, target[2]}, down[3] = {0.0f, -1.0f, 0.0f};
    struct scene_hit hit;
    return !scene_pick(scene, from, down, 2.0f + 0.5f, &hit) || hit.point[1] < 0.05f;
}
