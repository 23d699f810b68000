/* Eye matrices from OpenXR poses and FOVs (computed by gfx), and how much to widen the culling volume so
 * that late-latched poses cannot reveal culled objects. Pure math (cglm). */
#include <math.h>

#include <cglm/cglm.h>

#include "xr_internal.h"

/* Fastest plausible head motion between two located poses: about 400 deg/s and 2 m/s. */
#define HEAD_MAX_ANGULAR_RAD_S 7.0f
#define HEAD_MAX_SPEED_M_S 2.0f
#define MIN_HALF_ANGLE_RAD 0.1f

/* gfx builds the matrices (one implementation of the eye math for the app and gfx's own tests). */
void xr_views_to_gfx(const XrView *view, float near_z, float far_z, struct gfx_view *out_view)
{
    const XrVector3f *p = &view->pose.position;
    const XrQuaternionf *q = &view->pose.orientation;
    const float position[3] = {p->x, p->y, p->z}, orientation[4] = {q->x, q->y, q->z, q->w};
    gfx_view_from_pose(position, orientation, view->fov.angleLeft, view->fov.angleRight, view->fov.angleUp,
                       view->fov.angleDown, near_z, far_z, out_view);
}

float xr_views_widen_angle(int64_t dt_ns)
{
    float a = HEAD_MAX_ANGULAR_RAD_S * (float)dt_ns * 1e-9f;
    return a < 0.0f ? 0.0f : (a > 0.5f ? 0.5f : a);
}

float xr_views_widen_distance(int64_t dt_ns)
{
    float m = HEAD_MAX_SPEED_M_S * (float)dt_ns * 1e-9f;
    return m < 0.0f ? 0.0f : (m > 0.5f ? 0.5f : m);
}

/* A frustum plane at half-angle t from the view axis moves out by b*sin(t) when the apex moves back
 * by b, and by at most s*cos(t) when the apex moves sideways by s: b = s / tan(t) covers the move. */
void xr_views_pullback(const XrView *view, float sideways_m, float out_position[3])
{
    const XrFovf *f = &view->fov;
    float t = fminf(fminf(-f->angleLeft, f->angleRight), fminf(f->angleUp, -f->angleDown));
    if (t < MIN_HALF_ANGLE_RAD)
        t = MIN_HALF_ANGLE_RAD;
    const float back = sideways_m / tanf(t);
    const XrQuaternionf *q = &view->pose.orientation;
    versor rot = {q->x, q->y, q->z, q->w};
    vec3 forward = {0.0f, 0.0f, -1.0f};
    glm_quat_rotatev(rot, forward, forward);
    out_position[0] = view->pose.position.x - forward[0] * back;
    out_position[1] = view->pose.position.y - forward[1] * back;
    out_position[2] = view->pose.position.z - forward[2] * back;
}
