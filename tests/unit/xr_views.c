/* Unit test of the xr module's view math: asymmetric OpenXR FOVs map to Vulkan clip space (x right,
 * y down, depth 0..1), eye poses invert correctly, and the culling widening grows with time. */
#include <math.h>
#include <stdio.h>

#include "unit_check.h"
#include "xr_internal.h"

#define CHECK_NEAR(a, b, eps)                                                                                      \
    do {                                                                                                           \
        double a_ = (a), b_ = (b);                                                                                 \
        if (!(fabs(a_ - b_) <= (eps))) {                                                                           \
            fprintf(stderr, "FAIL %s:%d: %s = %.6f, want %.6f\n", __FILE__, __LINE__, #a, a_, b_);                 \
            failures++;                                                                                            \
        }                                                                                                          \
    } while (0)

/* World point -> normalized device coordinates through a gfx_view (column-major matrices). */
static void project(const struct gfx_view *v, const float p[3], float out_ndc[3])
{
    float e[4], c[4];
    for (int r = 0; r < 4; ++r)
        e[r] = v->view[0 * 4 + r] * p[0] + v->view[1 * 4 + r] * p[1] + v->view[2 * 4 + r] * p[2] + v->view[3 * 4 + r];
    for (int r = 0; r < 4; ++r)
        c[r] = v->proj[0 * 4 + r] * e[0] + v->proj[1 * 4 + r] * e[1] + v->proj[2 * 4 + r] * e[2] + v->proj[3 * 4 + r] * e[3];
    for (int i = 0; i < 3; ++i)
        out_ndc[i] = c[i] / c[3];
}

static void fov_edges(float l, float r, float u, float d)
{
    XrView view = {.type = XR_TYPE_VIEW, .pose = {.orientation = {0, 0, 0, 1}}, .fov = {l, r, u, d}};
    struct gfx_view g;
    xr_views_to_gfx(&view, 0.1f, 100.0f, &g);
    float ndc[3];
    project(&g, (float[3]){tanf(l) * 2, 0, -2}, ndc);
    CHECK_NEAR(ndc[0], -1.0, 1e-4);
    project(&g, (float[3]){tanf(r) * 3, 0, -3}, ndc);
    CHECK_NEAR(ndc[0], 1.0, 1e-4);
    project(&g, (float[3]){0, tanf(u) * 5, -5}, ndc);
    CHECK_NEAR(ndc[1], -1.0, 1e-4); /* up is the top row: Vulkan's y points down */
    project(&g, (float[3]){0, tanf(d) * 5, -5}, ndc);
    CHECK_NEAR(ndc[1], 1.0, 1e-4);
    project(&g, (float[3]){0, 0, -0.1f}, ndc);
    CHECK_NEAR(ndc[2], 0.0, 1e-4);
    project(&g, (float[3]){0, 0, -100.0f}, ndc);
    CHECK_NEAR(ndc[2], 1.0, 1e-4);
    project(&g, (float[3]){0, 0, -10.0f}, ndc);
    CHECK(ndc[2] > 0.0f && ndc[2] < 1.0f);
}

/* An eye at (1, 1.6, 2) turned 90 degrees left (about +Y) looks down -X. */
static void pose(void)
{
    const float s = sqrtf(0.5f);
    XrView view = {.type = XR_TYPE_VIEW,
                   .pose = {.orientation = {0, s, 0, s}, .position = {1.0f, 1.6f, 2.0f}},
                   .fov = {-0.7f, 0.7f, 0.7f, -0.7f}};
    struct gfx_view g;
    xr_views_to_gfx(&view, 0.1f, 100.0f, &g);
    float ndc[3];
    project(&g, (float[3]){-4.0f, 1.6f, 2.0f}, ndc); /* straight ahead */
    CHECK_NEAR(ndc[0], 0.0, 1e-4);
    CHECK_NEAR(ndc[1], 0.0, 1e-4);
    CHECK(ndc[2] > 0.0f && ndc[2] < 1.0f);
    project(&g, (float[3]){-4.0f, 1.6f, 1.0f}, ndc); /* the eye's right is world -Z */
    CHECK(ndc[0] > 0.1f);
    project(&g, (float[3]){-4.0f, 2.6f, 2.0f}, ndc); /* above: negative y in Vulkan */
    CHECK(ndc[1] < -0.1f);
    CHECK_NEAR(g.eye_pos[0], 1.0, 1e-6);
    CHECK_NEAR(g.eye_pos[1], 1.6, 1e-6);

    float back[3];
    xr_views_pullback(&view, 0.1f, back); /* backwards = +X here; half-angle 0.7 rad */
    CHECK_NEAR(back[0], 1.0 + 0.1 / tan(0.7), 1e-4);
    CHECK_NEAR(back[1], 1.6, 1e-5);
    CHECK_NEAR(back[2], 2.0, 1e-5);
}

static void widening(void)
{
    CHECK_NEAR(xr_views_widen_angle(0), 0.0, 1e-9);
    CHECK(xr_views_widen_angle(11111111) > 0.05f); /* one 90 Hz period of a fast head turn */
    CHECK(xr_views_widen_angle(22222222) > xr_views_widen_angle(11111111));
    CHECK(xr_views_widen_angle(10000000000LL) <= 0.5f);
    CHECK(xr_views_widen_distance(11111111) > 0.01f);
    CHECK(xr_views_widen_distance(-5) == 0.0f);
}

int main(void)
{
    fov_edges(-0.785f, 0.785f, 0.785f, -0.785f);
    fov_edges(-0.9f, 0.6f, 0.7f, -0.95f); /* asymmetric, like a real headset's inner/outer eye */
    pose();
    widening();
    return unit_finish("xr views");
}
