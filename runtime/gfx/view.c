/* Eye matrices from OpenXR-style poses and FOV angles (Vulkan clip space), and the matrix product the late
 * latch needs. */
#include <math.h>
#include <string.h>

#include <cglm/cglm.h>

#include "gfx_internal.h"

void gfx_mat4_mul(const float a[16], const float b[16], float out[16])
{
    for (int col = 0; col < 4; col++) {
        for (int row = 0; row < 4; row++) {
            float sum = 0.0f;
            for (int k = 0; k < 4; k++)
                sum += a[k * 4 + row] * b[col * 4 + k];
            out[col * 4 + row] = sum;
        }
    }
}

/* Asymmetric frustum from tangents, as OpenXR's FOV asks for; y points down and depth runs 0..1 in
 * Vulkan clip space, so the height term is (down - up). */
static void gfx_projection(float angle_left, float angle_right, float angle_up, float angle_down, float near_z,
                           float far_z, float out[16])
{
    float tl = tanf(angle_left), tr = tanf(angle_right), tu = tanf(angle_up), td = tanf(angle_down);
    float w = tr - tl, h = td - tu;
    memset(out, 0, 16 * sizeof *out);
    out[0] = 2.0f / w;
    out[8] = (tr + tl) / w;
    out[5] = 2.0f / h;
    out[9] = (tu + td) / h;
    out[10] = -far_z / (far_z - near_z);
    out[14] = -(far_z * near_z) / (far_z - near_z);
    out[11] = -1.0f;
}

void gfx_view_from_pose(const float position[3], const float orientation[4], float angle_left,
                        float angle_right, float angle_up, float angle_down, float near_z, float far_z,
                        struct gfx_view *out_view)
{
    CGLM_ALIGN_MAT mat4 pose;
    versor q = {orientation[0], orientation[1], orientation[2], orientation[3]};
    glm_quat_mat4(q, pose);
    pose[3][0] = position[0];
    pose[3][1] = position[1];
    pose[3][2] = position[2];
    glm_inv_tr(pose); /* rigid transform: transpose the rotation, rotate the negated translation */
    memcpy(out_view->view, pose, sizeof out_view->view);
    gfx_projection(angle_left, angle_right, angle_up, angle_down, near_z, far_z, out_view->proj);
    memcpy(out_view->eye_pos, position, sizeof out_view->eye_pos);
}
