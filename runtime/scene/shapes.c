/* Procedural meshes, one per mesh kind: prisms from 2D profiles, a UV sphere, a quad. Counter-clockwise
 * triangles seen from outside (the face normal computed from the winding points along the normals). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scene_internal.h"

#define SHAPES_PI 3.14159265358979323846f

struct mesh_builder {
    struct scene_vertex *v;
    uint32_t *idx;
    uint32_t vn, vcap, in, icap;
    bool failed;
};

static void mb_reserve(struct mesh_builder *mb, uint32_t vextra, uint32_t iextra)
{
    if (mb->failed)
        return;
    if (mb->vn + vextra > mb->vcap) {
        uint32_t cap = (mb->vn + vextra) * 2;
        struct scene_vertex *v = realloc(mb->v, cap * sizeof *v);
        if (!v) {
            mb->failed = true;
            return;
        }
        mb->v = v;
        mb->vcap = cap;
    }
    if (mb->in + iextra > mb->icap) {
        uint32_t cap = (mb->in + iextra) * 2;
        uint32_t *idx = realloc(mb->idx, cap * sizeof *idx);
        if (!idx) {
            mb->failed = true;
            return;
        }
        mb->idx = idx;
        mb->icap = cap;
    }
}

static uint32_t mb_vertex(struct mesh_builder *mb, const float p[3], const float n[3])
{
    struct scene_vertex *v = &mb->v[mb->vn];
    memcpy(v->pos, p, sizeof v->pos);
    memcpy(v->normal, n, sizeof v->normal);
    return mb->vn++;
}

static void mb_tri(struct mesh_builder *mb, uint32_t a, uint32_t b, uint32_t c)
{
    mb->idx[mb->in++] = a;
    mb->idx[mb->in++] = b;
    mb->idx[mb->in++] = c;
}

/* Maps profile coordinates (a, b) and axis coordinate w into 3D with U x V = axis (right-handed). */
static void frame_point(int axis, float a, float b, float w, float out[3])
{
    if (axis == 0) { /* axis X: U = Y, V = Z */
        out[0] = w, out[1] = a, out[2] = b;
    } else if (axis == 1) { /* axis Y: U = Z, V = X */
        out[0] = b, out[1] = w, out[2] = a;
    } else { /* axis Z: U = X, V = Y */
        out[0] = a, out[1] = b, out[2] = w;
    }
}

/* A prism: the convex profile (counter-clockwise seen from +axis) extruded from w0 to w1, capped unless
 * open. smooth: side normals radial (cylinders); otherwise one normal per side face (facets). */
static void mb_prism(struct mesh_builder *mb, int axis, float (*profile)[2], uint32_t n, float w0, float w1,
                     bool smooth, bool open)
{
    mb_reserve(mb, n * 6, n * 12);
    if (mb->failed)
        return;
    for (uint32_t i = 0; i < n; i++) {
        const float *p = profile[i], *q = profile[(i + 1) % n];
        float na[2], nb[2];
        if (smooth) {
            float lp = hypotf(p[0], p[1]), lq = hypotf(q[0], q[1]);
            na[0] = p[0] / lp, na[1] = p[1] / lp, nb[0] = q[0] / lq, nb[1] = q[1] / lq;
        } else {
            float ex = q[0] - p[0], ey = q[1] - p[1], l = hypotf(ex, ey);
            na[0] = nb[0] = ey / l, na[1] = nb[1] = -ex / l;
        }
        float pos[3], nrm[3];
        frame_point(axis, p[0], p[1], w0, pos), frame_point(axis, na[0], na[1], 0.0f, nrm);
        uint32_t a0 = mb_vertex(mb, pos, nrm);
        frame_point(axis, p[0], p[1], w1, pos);
        uint32_t a1 = mb_vertex(mb, pos, nrm);
        frame_point(axis, q[0], q[1], w0, pos), frame_point(axis, nb[0], nb[1], 0.0f, nrm);
        uint32_t b0 = mb_vertex(mb, pos, nrm);
        frame_point(axis, q[0], q[1], w1, pos);
        uint32_t b1 = mb_vertex(mb, pos, nrm);
        mb_tri(mb, a0, b0, b1);
        mb_tri(mb, a0, b1, a1);
    }
    for (int cap = 0; cap < (open ? 0 : 2); cap++) {
        float w = cap ? w1 : w0, sign = cap ? 1.0f : -1.0f;
        float pos[3], nrm[3];
        frame_point(axis, 0.0f, 0.0f, sign, nrm);
        uint32_t first = mb->vn;
        for (uint32_t i = 0; i < n; i++) {
            frame_point(axis, profile[i][0], profile[i][1], w, pos);
            mb_vertex(mb, pos, nrm);
        }
        for (uint32_t i = 1; i + 1 < n; i++) {
            if (cap)
                mb_tri(mb, first, first + i, first + i + 1);
            else
                mb_tri(mb, first, first + i + 1, first + i);
        }
    }
}

static void regular_profile(float (*out)[2], uint32_t n, float radius, float phase)
{
    for (uint32_t i = 0; i < n; i++) {
        float a = phase + 2.0f * SHAPES_PI * (float)i / (float)n;
        out[i][0] = radius * cosf(a);
        out[i][1] = radius * sinf(a);
    }
}

static void mb_sphere(struct mesh_builder *mb, uint32_t slices, uint32_t stacks, float radius)
{
    mb_reserve(mb, (slices + 1) * (stacks + 1), slices * stacks * 6);
    if (mb->failed)
        return;
    for (uint32_t j = 0; j <= stacks; j++) {
        float theta = SHAPES_PI * (float)j / (float)stacks; /* from +Y down */
        for (uint32_t i = 0; i <= slices; i++) {
            float phi = 2.0f * SHAPES_PI * (float)(i % slices) / (float)slices;
            float n[3] = {sinf(theta) * cosf(phi), cosf(theta), -sinf(theta) * sinf(phi)};
            float p[3] = {n[0] * radius, n[1] * radius, n[2] * radius};
            mb_vertex(mb, p, n);
        }
    }
    for (uint32_t j = 0; j < stacks; j++) {
        for (uint32_t i = 0; i < slices; i++) {
            uint32_t a = j * (slices + 1) + i, b = a + slices + 1;
            if (j != 0)
                mb_tri(mb, a, b, a + 1);
            if (j + 1 != stacks)
                mb_tri(mb, a + 1, b, b + 1);
        }
    }
}

/* A unit square in XZ as an n x n grid: the renderer lights per vertex, and a floor slab or the roof needs
 * vertices every metre or two to show the light pools of the fixtures above it. n = 1 for small pieces
 * (paint strips a hand wide, windows), where extra vertices would only cost. */
static void mb_quad(struct mesh_builder *mb, uint32_t n)
{
    const float nrm[3] = {0.0f, 1.0f, 0.0f};
    mb_reserve(mb, (n + 1) * (n + 1), n * n * 6);
    if (mb->failed)
        return;
    for (uint32_t i = 0; i <= n; i++) {
        for (uint32_t j = 0; j <= n; j++) {
            const float p[3] = {-0.5f + (float)i / (float)n, 0.0f, -0.5f + (float)j / (float)n};
            mb_vertex(mb, p, nrm);
        }
    }
    for (uint32_t i = 0; i < n; i++) {
        for (uint32_t j = 0; j < n; j++) {
            uint32_t a = i * (n + 1) + j, b = a + n + 1; /* a: (i, j), b: (i + 1, j) */
            mb_tri(mb, a, a + 1, b + 1);
            mb_tri(mb, a, b + 1, b);
        }
    }
}

static void build_kind(struct mesh_builder *mb, enum scene_kind kind)
{
    float profile[16][2];
    switch (kind) {
    case SCENE_KIND_QUAD:
        mb_quad(mb, 4);
        break;
    case SCENE_KIND_BOX:
        regular_profile(profile, 4, sqrtf(0.5f), SHAPES_PI / 4.0f);
        mb_prism(mb, 1, profile, 4, -0.5f, 0.5f, false, false);
        break;
    case SCENE_KIND_CYLINDER:
        regular_profile(profile, 12, 0.5f, 0.0f);
        mb_prism(mb, 1, profile, 12, -0.5f, 0.5f, true, false);
        break;
    case SCENE_KIND_ROLLER: /* open: its ends sit behind the conveyor's side rails */
        regular_profile(profile, SCENE_ROLLER_SIDES, 0.5f, 0.0f);
        mb_prism(mb, 0, profile, SCENE_ROLLER_SIDES, -0.5f, 0.5f, false, true);
        break;
    case SCENE_KIND_ROLLER_BED: {
        /* Rollers of the conveyor's real radius and spacing (metres across and along; 1 long, the instance
         * scales X), centred on the origin: axes at z = (k + 1/2) * step, k = -rollers/2 .. rollers/2 - 1. */
        regular_profile(profile, SCENE_ROLLER_SIDES, SCENE_ROLLER_R, 0.0f);
        for (int k = 0; k < SCENE_ROLLER_BED_ROLLERS; k++) {
            uint32_t first = mb->vn;
            mb_prism(mb, 0, profile, SCENE_ROLLER_SIDES, -0.5f, 0.5f, false, true);
            float z = ((float)k - SCENE_ROLLER_BED_ROLLERS / 2 + 0.5f) * SCENE_ROLLER_STEP;
            for (uint32_t v = first; !mb->failed && v < mb->vn; v++)
                mb->v[v].pos[2] += z;
        }
        break;
    }
    case SCENE_KIND_PART:
        regular_profile(profile, 6, 0.5f, 0.0f);
        mb_prism(mb, 1, profile, 6, -0.5f, 0.5f, false, false);
        break;
    case SCENE_KIND_ARM:
        regular_profile(profile, 8, 0.5f, SHAPES_PI / 8.0f);
        mb_prism(mb, 0, profile, 8, 0.0f, 1.0f, false, false);
        break;
    case SCENE_KIND_SPHERE:
        mb_sphere(mb, 8, 6, 0.5f); /* joints and beacons are a hand wide: more facets only cost */
        break;
    case SCENE_KIND_FIXTURE: {
        /* Housing cross-section in the XY plane: wide emitting bottom, narrow top. */
        float trapezoid[4][2] = {{-0.5f, -0.5f}, {0.5f, -0.5f}, {0.3f, 0.5f}, {-0.3f, 0.5f}};
        mb_prism(mb, 2, trapezoid, 4, -0.5f, 0.5f, false, false);
        break;
    }
    case SCENE_KIND_TILE:
        mb_quad(mb, 1);
        break;
    case SCENE_KIND_COUNT:
        break;
    }
}

static const char *const kind_names[SCENE_KIND_COUNT] = {"quad",    "box",     "cylinder", "roller", "part",
                                                         "arm",     "sphere",  "fixture",  "tile",   "roller bed"};

int scene_shapes_build(struct scene_mesh meshes[SCENE_KIND_COUNT])
{
    memset(meshes, 0, sizeof(struct scene_mesh) * SCENE_KIND_COUNT);
    for (int k = 0; k < SCENE_KIND_COUNT; k++) {
        struct mesh_builder mb = {0};
        build_kind(&mb, (enum scene_kind)k);
        if (mb.failed) {
            free(mb.v);
            free(mb.idx);
            scene_shapes_free(meshes);
            fprintf(stderr, "scene: out of memory building mesh '%s'\n", kind_names[k]);
            return -1;
        }
        float r2 = 0.0f;
        for (uint32_t i = 0; i < mb.vn; i++) {
            const float *p = mb.v[i].pos;
            r2 = fmaxf(r2, p[0] * p[0] + p[1] * p[1] + p[2] * p[2]);
        }
        meshes[k] = (struct scene_mesh){.name = kind_names[k],
                                        .vertices = mb.v,
                                        .vertex_count = mb.vn,
                                        .indices = mb.idx,
                                        .index_count = mb.in,
                                        /* a hair larger so float rounding can never leave a vertex out */
                                        .bound_radius = sqrtf(r2) * 1.0001f,
                                        .spin_pitch = k == SCENE_KIND_ROLLER_BED ? SCENE_ROLLER_STEP : 0.0f};
    }
    return 0;
}

void scene_shapes_free(struct scene_mesh meshes[SCENE_KIND_COUNT])
{
    for (int k = 0; k < SCENE_KIND_COUNT; k++) {
        free((void *)meshes[k].vertices);
        free((void *)meshes[k].indices);
        meshes[k].vertices = NULL;
        meshes[k].indices = NULL;
    }
}
