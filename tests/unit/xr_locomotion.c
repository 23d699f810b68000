/* Locomotion math: the play area's transform (turns about the head keep the head in place, teleports put it over
 * the target), the reference-space pose that makes located views come out in hall coordinates, the teleport arc
 * and which targets are allowed (the hall, machine footprints, structure). */
#include <math.h>
#include <stdio.h>

#include "locomotion.h"
#include "scene_check.h"

static float dist3(const float a[3], const float b[3])
{
    return sqrtf((a[0] - b[0]) * (a[0] - b[0]) + (a[1] - b[1]) * (a[1] - b[1]) + (a[2] - b[2]) * (a[2] - b[2]));
}

/* Where a stage point lands when located in the space xr_loco_space_pose describes: inverse of that pose. */
static void through_space(const struct xr_loco *loco, const float stage[3], float out[3])
{
    float p[3], q[4];
    xr_loco_space_pose(loco, 0.0f, p, q);
    /* pose in reference = (R(q), p): a reference point r is at R(q)^-1 (r - p) in the space */
    float yaw = 2.0f * atan2f(q[1], q[3]);
    float d[3] = {stage[0] - p[0], stage[1] - p[1], stage[2] - p[2]};
    float c = cosf(-yaw), s = sinf(-yaw);
    out[0] = c * d[0] + s * d[2];
    out[1] = d[1];
    out[2] = -s * d[0] + c * d[2];
}

int main(void)
{
    struct check chk = {0};
    struct xr_loco loco = {0};
    const float head_stage[3] = {0.3f, 1.6f, -0.2f};
    float head[3];
    xr_loco_to_world(&loco, head_stage, head);
    CHECK(&chk, dist3(head, head_stage) < 1e-6f, "identity moved the head");

    /* Snap turns: 12 of 30 degrees are a full turn, the head stays put throughout. */
    for (int i = 0; i < 12; i++) {
        xr_loco_turn(&loco, head, XR_LOCO_SNAP_DEG * (float)M_PI / 180.0f);
        float now[3];
        xr_loco_to_world(&loco, head_stage, now);
        CHECK(&chk, dist3(now, head) < 1e-4f, "turn %d moved the head to (%.3f %.3f %.3f)", i, now[0], now[1], now[2]);
    }
    CHECK(&chk, fabsf(loco.yaw) < 1e-4f && fabsf(loco.offset[0]) < 1e-4f && fabsf(loco.offset[1]) < 1e-4f,
          "a full turn left yaw %.5f offset %.5f %.5f", loco.yaw, loco.offset[0], loco.offset[1]);
    /* One turn left: a point 1 m ahead of the head (-Z) swings to its left (-X). */
    xr_loco_turn(&loco, head, (float)M_PI / 2.0f);
    float ahead_stage[3] = {head_stage[0], head_stage[1], head_stage[2] - 1.0f}, ahead[3];
    xr_loco_to_world(&loco, ahead_stage, ahead);
    CHECK(&chk, fabsf(ahead[0] - (head[0] - 1.0f)) < 1e-4f && fabsf(ahead[2] - head[2]) < 1e-4f,
          "after a left quarter turn ahead is (%.3f, %.3f), head (%.3f, %.3f)", ahead[0], ahead[2], head[0], head[2]);

    /* Teleport: the head lands over the target, at its own height; the space pose agrees with to_world. */
    const float target[3] = {4.0f, 0.0f, -9.0f};
    xr_loco_to_world(&loco, head_stage, head);
    xr_loco_teleport(&loco, head, target);
    float now[3], via[3];
    xr_loco_to_world(&loco, head_stage, now);
    CHECK(&chk, fabsf(now[0] - 4.0f) < 1e-4f && fabsf(now[2] + 9.0f) < 1e-4f && fabsf(now[1] - 1.6f) < 1e-6f,
          "teleported head at (%.3f %.3f %.3f)", now[0], now[1], now[2]);
    through_space(&loco, head_stage, via);
    CHECK(&chk, dist3(via, now) < 1e-4f, "space pose gives (%.3f %.3f %.3f), to_world (%.3f %.3f %.3f)", via[0], via[1],
          via[2], now[0], now[1], now[2]);
    float p[3], q[4];
    xr_loco_space_pose(&loco, -1.6f, p, q);
    CHECK(&chk, p[1] == -1.6f && fabsf(q[0] * q[0] + q[1] * q[1] + q[2] * q[2] + q[3] * q[3] - 1.0f) < 1e-5f,
          "LOCAL base height %.2f, |q| off", p[1]);

    /* The arc: thrown level from 1.2 m it lands on the floor ahead, farther when thrown upwards. */
    float pts[XR_LOCO_ARC_POINTS][3], hit[3], hit_up[3];
    bool landed = false, landed_up = false;
    const float o[3] = {0.0f, 1.2f, 0.0f}, level[3] = {0.0f, 0.0f, -1.0f}, up[3] = {0.0f, 0.5f, -1.0f};
    uint32_t n = xr_loco_arc(o, level, pts, XR_LOCO_ARC_POINTS, &landed, hit);
    CHECK(&chk, landed && n >= 3 && hit[1] == 0.0f && pts[n - 1][1] == 0.0f, "level throw: landed %d after %u points", landed, n);
    /* t = sqrt(2 h / g), distance = v t */
    float expect = XR_LOCO_ARC_SPEED * sqrtf(2.0f * 1.2f / 9.81f);
    CHECK(&chk, fabsf(-hit[2] - expect) < 0.05f && fabsf(hit[0]) < 1e-6f, "level throw lands at %.3f, want %.3f", -hit[2], expect);
    xr_loco_arc(o, up, pts, XR_LOCO_ARC_POINTS, &landed_up, hit_up);
    CHECK(&chk, landed_up && -hit_up[2] > -hit[2], "upward throw lands at %.3f, level at %.3f", -hit_up[2], -hit[2]);
    const float sky[3] = {0.0f, 1.0f, 0.0f};
    xr_loco_arc(o, sky, pts, 4, &landed, hit);
    CHECK(&chk, !landed, "a throw straight up landed within 4 points");

    /* Smooth move: forward along the level view direction, right to its right, at the set speed. */
    float delta[2];
    const float look_down_z[3] = {0.0f, -0.5f, -1.0f}, full_fwd[2] = {0.0f, 1.0f}, full_right[2] = {1.0f, 0.0f};
    xr_loco_smooth_delta(look_down_z, full_fwd, 2.0f, delta);
    CHECK(&chk, fabsf(delta[0]) < 1e-6f && fabsf(delta[1] + 2.0f * XR_LOCO_SMOOTH_SPEED) < 1e-5f, "forward: %.3f %.3f",
          delta[0], delta[1]);
    xr_loco_smooth_delta(look_down_z, full_right, 1.0f, delta);
    CHECK(&chk, fabsf(delta[0] - XR_LOCO_SMOOTH_SPEED) < 1e-5f && fabsf(delta[1]) < 1e-6f, "right: %.3f %.3f", delta[0],
          delta[1]);
    const float look_px[3] = {1.0f, 0.0f, 0.0f}, half_back[2] = {0.0f, -0.5f}, straight_down[3] = {0.0f, -1.0f, 0.0f};
    xr_loco_smooth_delta(look_px, half_back, 1.0f, delta);
    CHECK(&chk, fabsf(delta[0] + 0.5f * XR_LOCO_SMOOTH_SPEED) < 1e-5f && fabsf(delta[1]) < 1e-6f, "back: %.3f %.3f",
          delta[0], delta[1]);
    xr_loco_smooth_delta(straight_down, full_fwd, 1.0f, delta);
    CHECK(&chk, delta[0] == 0.0f && delta[1] == 0.0f, "looking straight down moved %.3f %.3f", delta[0], delta[1]);

    /* Targets: the open aisle yes; a machine's footprint, outside the hall, a column no. */
    struct scene *scene = NULL;
    if (scene_create(&(struct scene_desc){0}, &scene) != 0)
        return 1;
    scene_update(scene, 1000000000LL);
    const float aisle[3] = {0.0f, 0.0f, -5.0f};
    CHECK(&chk, xr_loco_target_valid(scene, aisle), "the centre aisle is not a valid target");
    float lo[2], hi[2];
    scene_hall_bounds(scene, lo, hi);
    const float outside[3] = {hi[0] + 1.0f, 0.0f, -5.0f}, by_wall[3] = {hi[0] - 0.1f, 0.0f, -5.0f};
    CHECK(&chk, !xr_loco_target_valid(scene, outside), "outside the hall is valid");
    CHECK(&chk, !xr_loco_target_valid(scene, by_wall), "against the wall is valid");
    uint32_t invalid_machines = 0;
    for (uint32_t m = 0; m < scene_machine_count(scene); m++) {
        float bmin[3], bmax[3];
        scene_machine_bounds(scene, m, bmin, bmax);
        const float centre[3] = {(bmin[0] + bmax[0]) * 0.5f, 0.0f, (bmin[2] + bmax[2]) * 0.5f};
        invalid_machines += !xr_loco_target_valid(scene, centre);
    }
    CHECK(&chk, invalid_machines == scene_machine_count(scene), "%u of %u machine centres refused", invalid_machines,
          scene_machine_count(scene));
    scene_destroy(&scene);
    return check_finish(&chk, "xr_locomotion");
}
