/* Locomotion as a transform of the play area: where the tracked space (stage) stands in the hall, snap turns
 * about the head, teleports that put the head over a target, the arc a teleport aims with and which targets
 * are allowed. Pure math over the scene: no OpenXR, so it is unit-tested alone. */
#ifndef FACTORYXR_XR_LOCOMOTION_H
#define FACTORYXR_XR_LOCOMOTION_H

#include <stdbool.h>
#include <stdint.h>

#include "factoryxr/scene.h"

#define XR_LOCO_SNAP_DEG 30.0f       /* snap turn */
#define XR_LOCO_ARC_SPEED 7.0f       /* m/s of the teleport arc's launch: about 5 m on level ground */
#define XR_LOCO_ARC_POINTS 24
#define XR_LOCO_WALL_MARGIN 0.4f     /* a target keeps this far from the hall's walls ... */
#define XR_LOCO_MACHINE_MARGIN 0.25f /* ... and from a machine's footprint */
#define XR_LOCO_SMOOTH_SPEED 1.5f    /* m/s of the smooth move (behind a flag) */

/* world = R_y(yaw) * stage + (offset[0], 0, offset[1]). */
struct xr_loco {
    float yaw;       /* radians, counter-clockwise seen from above */
    float offset[2]; /* x, z */
};

void xr_loco_to_world(const struct xr_loco *loco, const float stage[3], float out_world[3]);
/* Turns the play area by angle (radians) about the vertical through head (world), which stays where it is. */
void xr_loco_turn(struct xr_loco *loco, const float head[3], float angle);
/* Moves the play area so that the head (world) stands over target (its x, z; height unchanged). */
void xr_loco_teleport(struct xr_loco *loco, const float head[3], const float target[3]);
/* The world frame's pose in the play area's reference space, whose floor is base_y below its origin's... i.e.
 * base_y is the reference space's height offset (-1.6 for LOCAL, 0 for STAGE): what xrCreateReferenceSpace's
 * poseInReferenceSpace needs for views located in it to come out in world coordinates. */
void xr_loco_space_pose(const struct xr_loco *loco, float base_y, float out_position[3], float out_orientation[4]);
/* The smooth move of one frame (world x, z): the stick's y along forward (the head's view direction, made level),
 * its x to the right of it, at XR_LOCO_SMOOTH_SPEED for a full deflection, over dt_s seconds. A forward straight
 * up or down gives no move. */
void xr_loco_smooth_delta(const float forward[3], const float stick[2], float dt_s, float out_delta[2]);
/* The teleport arc: a throw from origin along dir (any length) at XR_LOCO_ARC_SPEED under gravity, sampled
 * every 0.05 s until it meets the floor (y = 0): up to max points, the last on the floor. Returns the number of
 * points and whether it reached the floor within them (out_hit: where). */
uint32_t xr_loco_arc(const float origin[3], const float dir[3], float (*points)[3], uint32_t max, bool *out_landed,
                     float out_hit[3]);
/* Whether a floor point is a place to stand: inside the hall (by the wall margin), outside every machine's
 * footprint (by the machine margin), and with nothing under the head above it (columns, structure). */
bool xr_loco_target_valid(const struct scene *scene, const float target[3]);

#endif
