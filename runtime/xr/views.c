/* Eye matrices from OpenXR poses and asymmetric FOVs (Vulkan clip space), and how much to widen the
 * culling volume so that late-latched poses cannot reveal culled objects. Pure math (cglm). */
#include <math.h>
#include <string.h>

#include <cglm/cglm.h>

#include "xr_internal.h"

/* Fastest plausible head motion between two located poses: about 400 deg/s and 2 m/s. */
#define HEAD_MAX_ANGULAR_RAD_S 7.0f
#define HEAD_MAX_SPEED_M_S 2.0f
#define MIN_HALF_ANGLE_RAD 0.1f

/* Projection from the four FOV tangents: x maps tan(left)..tan(right) to -1..1, y maps tan(up) to -1
 * (Vulkan's y points down) and tan(down) to +1, depth near..far to 0..1. */
static void projection(const XrFovf *fov, float near_z, float far_z, mat4 dest)
{
    const float l = tanf(fov->angleLeft), r = tanf(fov->angleRight);
    const float u = tanf(fov->angleUp), d = tanf(fov->angleDown);
    glm_mat4_zero(dest);
    dest[0][0] = 2.0f / (r - l);
    dest[2][0] = (r + l) / (r - l);
    dest[1][1] = -2.0f / (u - d);
    dest[2][1] = -(u + d) / (u - d);
    dest[2][2] = -far_z / (far_z - near_z);
    dest[3][2] = -(far_z * near_z) / (far_z - near_z);
    dest[2][3] = -1.0f;
}

void xr_views_to_gfx(const XrView *view, float near_z, float far_z, struct gfx_view *out_view)
{
    const XrQuaternionf *q = &view->pose.orientation;
    const XrVector3f *p = &view->pose.position;
    versor rot = {q->x, q->y, q->z, q->w};
    mat4 eye, proj;
    glm_quat_mat4(rot, eye);
    eye[3][0] = p->x;
    eye[3][1] = p->y;
    eye[3][2] = p->z;
    glm_inv_tr(eye); /* world -> eye: the inverse of the eye's rigid pose */
    projection(&view->fov, near_z, far_z, proj);
    memcpy(out_view->view, eye, sizeof(out_view->view));
    memcpy(out_view->proj, proj, sizeof(out_view->proj));
    out_view->eye_pos[0] = p->x;
    out_view->eye_pos[1] = p->y;
    out_view->eye_pos[2] = p->z;
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
