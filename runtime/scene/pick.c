/* Picking: a ray against the floor's pieces, a BVH over the static pieces' world boxes (built once) and the
 * moving pieces' bounding spheres, then each candidate's exact shape in its own space; the nearest hit wins. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scene_internal.h"

#define PICK_LEAF 4
#define PICK_STACK 64

struct pick_node {
    float lo[3], hi[3];
    uint32_t first; /* leaf: into items; inner: the left child (the right one follows it) */
    uint32_t count; /* leaf: items; 0 for an inner node */
};

struct scene_pick_bvh {
    struct pick_node *nodes;
    uint32_t node_count;
    uint32_t *items; /* instance slots */
    float (*box)[6]; /* per item while building: lo, hi */
};

/* The instance's local box through its (affine) model: world axis-aligned box. */
static void instance_box(const struct scene *scene, uint32_t kind, const struct scene_instance *in, float out[6])
{
    const float *m = in->model;
    for (int a = 0; a < 3; a++) {
        float c = m[12 + a], h = 0.0f;
        for (int col = 0; col < 3; col++) {
            float lc = (scene->local_min[kind][col] + scene->local_max[kind][col]) * 0.5f;
            float lh = (scene->local_max[kind][col] - scene->local_min[kind][col]) * 0.5f;
            c += m[col * 4 + a] * lc;
            h += fabsf(m[col * 4 + a]) * lh;
        }
        out[a] = c - h;
        out[3 + a] = c + h;
    }
}

static uint32_t slot_kind(const struct scene *scene, uint32_t slot)
{
    for (uint32_t k = 0; k < SCENE_KIND_COUNT; k++) {
        if (slot < scene->kind_first[k] + scene->kind_count[k])
            return k;
    }
    return SCENE_KIND_COUNT - 1;
}

static float centre(const struct scene_pick_bvh *bvh, uint32_t item, int axis)
{
    return bvh->box[item][axis] + bvh->box[item][3 + axis];
}

/* Reorders order[lo, hi) so that the item at k has its centre (on axis) where a sort would put it, none before it
 * larger and none after it smaller (Hoare's selection; no global comparator state, unlike qsort). */
static void select_kth(const struct scene_pick_bvh *bvh, uint32_t *order, uint32_t lo, uint32_t hi, uint32_t k,
                       int axis)
{
    while (hi - lo > 1) {
        const float pivot = centre(bvh, order[lo + (hi - lo) / 2], axis);
        uint32_t i = lo, j = hi - 1;
        while (i <= j) {
            while (centre(bvh, order[i], axis) < pivot)
                i++;
            while (centre(bvh, order[j], axis) > pivot)
                j--;
            if (i <= j) {
                uint32_t t = order[i];
                order[i] = order[j];
                order[j] = t;
                i++;
                if (j == 0)
                    break;
                j--;
            }
        }
        /* now [lo, j] <= pivot <= [i, hi) */
        if (k <= j && j + 1 > lo)
            hi = j + 1;
        else if (k >= i)
            lo = i;
        else
            return;
    }
}

/* Node `n` over items [first, first + count): bounds, then a median split on the widest axis of the centres. */
static void build_node(struct scene_pick_bvh *bvh, uint32_t *order, uint32_t n, uint32_t first, uint32_t count)
{
    struct pick_node *node = &bvh->nodes[n];
    float clo[3] = {INFINITY, INFINITY, INFINITY}, chi[3] = {-INFINITY, -INFINITY, -INFINITY};
    for (int a = 0; a < 3; a++) {
        node->lo[a] = INFINITY;
        node->hi[a] = -INFINITY;
    }
    for (uint32_t i = first; i < first + count; i++) {
        const float *b = bvh->box[order[i]];
        for (int a = 0; a < 3; a++) {
            node->lo[a] = fminf(node->lo[a], b[a]);
            node->hi[a] = fmaxf(node->hi[a], b[3 + a]);
            clo[a] = fminf(clo[a], b[a] + b[3 + a]);
            chi[a] = fmaxf(chi[a], b[a] + b[3 + a]);
        }
    }
    if (count <= PICK_LEAF) {
        node->first = first;
        node->count = count;
        return;
    }
    int axis = 0;
    for (int a = 1; a < 3; a++)
        axis = chi[a] - clo[a] > chi[axis] - clo[axis] ? a : axis;
    select_kth(bvh, order, first, first + count, first + count / 2, axis);
    uint32_t left = bvh->node_count;
    bvh->node_count += 2;
    node->first = left;
    node->count = 0;
    build_node(bvh, order, left, first, count / 2);
    build_node(bvh, order, left + 1, first + count / 2, count - count / 2);
}

int scene_pick_build(struct scene *scene)
{
    uint32_t n = 0;
    for (uint32_t k = 0; k < SCENE_KIND_COUNT; k++)
        n += scene->kind_dynamic_first[k] - scene->kind_first[k];
    struct scene_pick_bvh *bvh = calloc(1, sizeof *bvh);
    uint32_t *order = calloc(n ? n : 1, sizeof *order);
    if (bvh) {
        bvh->items = calloc(n ? n : 1, sizeof *bvh->items);
        bvh->box = calloc(n ? n : 1, sizeof *bvh->box);
        bvh->nodes = calloc(2 * (size_t)(n ? n : 1), sizeof *bvh->nodes);
    }
    if (!bvh || !order || !bvh->items || !bvh->box || !bvh->nodes) {
        fprintf(stderr, "scene: out of memory for the picking BVH of %u pieces\n", n);
        free(order);
        scene->pick = bvh;
        scene_pick_free(scene);
        return -1;
    }
    uint32_t i = 0;
    for (uint32_t k = 0; k < SCENE_KIND_COUNT; k++) {
        for (uint32_t s = scene->kind_first[k]; s < scene->kind_dynamic_first[k]; s++, i++) {
            bvh->items[i] = s;
            order[i] = i;
            instance_box(scene, k, &scene->instances[s], bvh->box[i]);
        }
    }
    bvh->node_count = 1;
    build_node(bvh, order, 0, 0, n);
    /* items in leaf order, so a leaf's items are contiguous */
    uint32_t *sorted = calloc(n ? n : 1, sizeof *sorted);
    if (!sorted) {
        fprintf(stderr, "scene: out of memory for the picking BVH of %u pieces\n", n);
        free(order);
        scene->pick = bvh;
        scene_pick_free(scene);
        return -1;
    }
    for (uint32_t j = 0; j < n; j++)
        sorted[j] = bvh->items[order[j]];
    free(bvh->items);
    free(bvh->box);
    free(order);
    bvh->items = sorted;
    bvh->box = NULL;
    scene->pick = bvh;
    return 0;
}

void scene_pick_free(struct scene *scene)
{
    if (!scene->pick)
        return;
    free(scene->pick->nodes);
    free(scene->pick->items);
    free(scene->pick->box);
    free(scene->pick);
    scene->pick = NULL;
}

/* Entry and exit of the ray o + t d against the box lo..hi; false when it misses it within [0, tmax]. */
static bool ray_box(const float o[3], const float inv[3], const float lo[3], const float hi[3], float tmax,
                    float *out_t)
{
    float t0 = 0.0f, t1 = tmax;
    for (int a = 0; a < 3; a++) {
        float n = (lo[a] - o[a]) * inv[a], f = (hi[a] - o[a]) * inv[a];
        if (isnan(n) || isnan(f)) { /* parallel and on a face: 0 * inf */
            if (o[a] < lo[a] || o[a] > hi[a])
                return false;
            continue;
        }
        if (n > f) {
            float s = n;
            n = f;
            f = s;
        }
        t0 = n > t0 ? n : t0;
        t1 = f < t1 ? f : t1;
        if (t0 > t1)
            return false;
    }
    *out_t = t0;
    return true;
}

/* Smallest t >= 0 of |p + t d|^2 = r^2 over the given axes (a sphere: all three; a cylinder's wall: x, z). */
static bool ray_quadric(const float p[3], const float d[3], const bool axes[3], float r, float *out_t)
{
    float a = 0.0f, b = 0.0f, c = -r * r;
    for (int i = 0; i < 3; i++) {
        if (!axes[i])
            continue;
        a += d[i] * d[i];
        b += 2.0f * p[i] * d[i];
        c += p[i] * p[i];
    }
    if (c <= 0.0f) { /* starts inside */
        *out_t = 0.0f;
        return true;
    }
    float disc = b * b - 4.0f * a * c;
    if (a <= 0.0f || disc < 0.0f)
        return false;
    float t = (-b - sqrtf(disc)) / (2.0f * a);
    if (t < 0.0f)
        return false;
    *out_t = t;
    return true;
}

/* The piece's exact shape in its own space: boxes, prisms and flat pieces as their box, spheres as spheres,
 * cylinders as capped cylinders. t is the world distance (the model is affine, so t carries over). */
bool scene_pick_shape(const struct scene *scene, uint32_t kind, const struct scene_instance *in, const float o[3],
                      const float d[3], float tmax, float *out_t)
{
    const float *m = in->model;
    /* the upper 3x3 (model[3] is the spin angle, not part of the transform) */
    float a00 = m[0], a10 = m[1], a20 = m[2], a01 = m[4], a11 = m[5], a21 = m[6], a02 = m[8], a12 = m[9], a22 = m[10];
    float c00 = a11 * a22 - a12 * a21, c01 = a12 * a20 - a10 * a22, c02 = a10 * a21 - a11 * a20;
    float det = a00 * c00 + a01 * c01 + a02 * c02;
    if (!(fabsf(det) > 1e-12f))
        return false;
    float id = 1.0f / det;
    float inv[9] = {c00 * id, (a02 * a21 - a01 * a22) * id, (a01 * a12 - a02 * a11) * id,
                    c01 * id, (a00 * a22 - a02 * a20) * id, (a02 * a10 - a00 * a12) * id,
                    c02 * id, (a01 * a20 - a00 * a21) * id, (a00 * a11 - a01 * a10) * id};
    float rel[3] = {o[0] - m[12], o[1] - m[13], o[2] - m[14]}, lo[3], ld[3];
    for (int r = 0; r < 3; r++) {
        lo[r] = inv[r * 3] * rel[0] + inv[r * 3 + 1] * rel[1] + inv[r * 3 + 2] * rel[2];
        ld[r] = inv[r * 3] * d[0] + inv[r * 3 + 1] * d[1] + inv[r * 3 + 2] * d[2];
    }
    const float *bmin = scene->local_min[kind], *bmax = scene->local_max[kind];
    float rinv[3] = {1.0f / ld[0], 1.0f / ld[1], 1.0f / ld[2]}, t;
    if (!ray_box(lo, rinv, bmin, bmax, tmax, &t))
        return false;
    if (kind == SCENE_KIND_SPHERE) {
        const bool all[3] = {true, true, true};
        if (!ray_quadric(lo, ld, all, bmax[0], &t))
            return false;
    } else if (kind == SCENE_KIND_CYLINDER) {
        /* the box's entry is on a cap or inside the wall's circle: that is the hit; else the wall */
        float p[3] = {lo[0] + t * ld[0], lo[1] + t * ld[1], lo[2] + t * ld[2]};
        if (p[0] * p[0] + p[2] * p[2] > bmax[0] * bmax[0] * 1.0001f) {
            const bool xz[3] = {true, false, true};
            float c[3] = {lo[0], lo[1], lo[2]};
            if (!ray_quadric(c, ld, xz, bmax[0], &t))
                return false;
            float y = lo[1] + t * ld[1];
            if (y < bmin[1] || y > bmax[1])
                return false;
        }
    }
    if (t > tmax)
        return false;
    *out_t = t;
    return true;
}

static void consider(const struct scene *scene, uint32_t slot, uint32_t kind, const float o[3], const float d[3],
                     struct scene_hit *best)
{
    float t;
    if (scene_pick_shape(scene, kind, &scene->instances[slot], o, d, best->distance, &t) && t < best->distance) {
        best->distance = t;
        best->machine = scene->owners[slot];
        best->slot = slot;
    }
}

bool scene_pick(const struct scene *scene, const float origin[3], const float dir[3], float max_distance,
                struct scene_hit *out_hit)
{
    struct scene_hit best = {.distance = max_distance, .machine = SCENE_NO_MACHINE, .slot = UINT32_MAX};
    float len = sqrtf(dir[0] * dir[0] + dir[1] * dir[1] + dir[2] * dir[2]);
    if (!(len > 0.0f) || !(max_distance > 0.0f)) {
        *out_hit = best;
        return false;
    }
    const float d[3] = {dir[0] / len, dir[1] / len, dir[2] / len};
    const float inv[3] = {1.0f / d[0], 1.0f / d[1], 1.0f / d[2]};
    const struct scene_pick_bvh *bvh = scene->pick;
    uint32_t stack[PICK_STACK], top = 0;
    float t;
    if (bvh && bvh->node_count && ray_box(origin, inv, bvh->nodes[0].lo, bvh->nodes[0].hi, best.distance, &t))
        stack[top++] = 0;
    while (top > 0) {
        const struct pick_node *node = &bvh->nodes[stack[--top]];
        if (node->count) {
            for (uint32_t i = node->first; i < node->first + node->count; i++)
                consider(scene, bvh->items[i], slot_kind(scene, bvh->items[i]), origin, d, &best);
            continue;
        }
        /* the nearer child last, so it is popped first */
        float tl, tr;
        bool hl = ray_box(origin, inv, bvh->nodes[node->first].lo, bvh->nodes[node->first].hi, best.distance, &tl);
        bool hr = ray_box(origin, inv, bvh->nodes[node->first + 1].lo, bvh->nodes[node->first + 1].hi, best.distance,
                          &tr);
        if (hl && hr && top + 2 <= PICK_STACK) {
            stack[top++] = tl < tr ? node->first + 1 : node->first;
            stack[top++] = tl < tr ? node->first : node->first + 1;
        } else if (hl && top < PICK_STACK) {
            stack[top++] = node->first;
        } else if (hr && top < PICK_STACK) {
            stack[top++] = node->first + 1;
        }
    }
    /* The moving pieces: their bounding spheres first. */
    for (uint32_t k = 0; k < SCENE_KIND_COUNT; k++) {
        for (uint32_t s = scene->kind_dynamic_first[k]; s < scene->kind_first[k] + scene->kind_count[k]; s++) {
            const float *sp = scene->spheres[s];
            float rel[3] = {sp[0] - origin[0], sp[1] - origin[1], sp[2] - origin[2]};
            float along = rel[0] * d[0] + rel[1] * d[1] + rel[2] * d[2];
            float dist2 = rel[0] * rel[0] + rel[1] * rel[1] + rel[2] * rel[2] - along * along;
            if (dist2 > sp[3] * sp[3] || along + sp[3] < 0.0f || along - sp[3] > best.distance)
                continue;
            consider(scene, s, k, origin, d, &best);
        }
    }
    if (best.slot != UINT32_MAX) {
        for (int a = 0; a < 3; a++)
            best.point[a] = origin[a] + d[a] * best.distance;
    }
    *out_hit = best;
    return best.slot != UINT32_MAX;
}

void scene_hall_bounds(const struct scene *scene, float out_min[2], float out_max[2])
{
    for (int a = 0; a < 2; a++) {
        out_min[a] = scene->plan.hall_min[a];
        out_max[a] = scene->plan.hall_max[a];
    }
}
