/* Picking: the BVH finds what a linear scan of every piece finds (random rays), known rays hit, miss, stop at
 * the nearest of several and pass through gaps, exact shapes (sphere, cylinder) are not their boxes. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#include "scene_check.h"
#include "scene_internal.h"

static uint32_t rng = 12345;
static float frand(void) /* [0, 1) */
{
    rng = rng * 1664525u + 1013904223u;
    return (float)(rng >> 8) / 16777216.0f;
}

static uint32_t kind_of(const struct scene *scene, uint32_t slot)
{
    for (uint32_t k = 0; k < SCENE_KIND_COUNT; k++)
        if (slot < scene->kind_first[k] + scene->kind_count[k])
            return k;
    return SCENE_KIND_COUNT;
}

/* The reference: every piece's exact shape, no acceleration. */
static float linear_pick(const struct scene *scene, const float o[3], const float d[3], float tmax, uint32_t *out_slot)
{
    float best = tmax;
    *out_slot = UINT32_MAX;
    for (uint32_t s = 0; s < scene->instance_count; s++) {
        float t;
        if (scene_pick_shape(scene, kind_of(scene, s), &scene->instances[s], o, d, best, &t) && t < best) {
            best = t;
            *out_slot = s;
        }
    }
    return best;
}

static void check_against_linear(struct check *chk, const struct scene *scene)
{
    const struct scene_plan *p = &scene->plan;
    uint32_t hits = 0, machines = 0;
    for (int i = 0; i < 400; i++) {
        float o[3] = {p->hall_min[0] + frand() * (p->hall_max[0] - p->hall_min[0]), 0.3f + frand() * 3.0f,
                      p->hall_min[1] + frand() * (p->hall_max[1] - p->hall_min[1])};
        float d[3] = {frand() * 2.0f - 1.0f, frand() * 1.2f - 0.8f, frand() * 2.0f - 1.0f};
        float len = sqrtf(d[0] * d[0] + d[1] * d[1] + d[2] * d[2]);
        for (int a = 0; a < 3; a++)
            d[a] /= len;
        uint32_t slot;
        float ref = linear_pick(scene, o, d, 60.0f, &slot);
        struct scene_hit hit;
        bool got = scene_pick(scene, o, d, 60.0f, &hit);
        CHECK(chk, got == (slot != UINT32_MAX), "ray %d: pick %d, linear scan %d", i, got, slot != UINT32_MAX);
        CHECK(chk, fabsf(hit.distance - ref) < 1e-4f, "ray %d: distance %.5f, linear scan %.5f", i, hit.distance, ref);
        if (got && slot != UINT32_MAX) {
            hits++;
            CHECK(chk, hit.slot == slot || fabsf(hit.distance - ref) < 1e-6f, "ray %d: slot %u, linear %u", i, hit.slot,
                  slot);
            CHECK(chk, hit.machine == scene->owners[hit.slot], "ray %d: machine %u, owner %u", i, hit.machine,
                  scene->owners[hit.slot]);
            machines += hit.machine != SCENE_NO_MACHINE;
            for (int a = 0; a < 3; a++)
                CHECK(chk, fabsf(hit.point[a] - (o[a] + d[a] * hit.distance)) < 1e-4f, "ray %d: point", i);
        }
    }
    CHECK(chk, hits > 300 && machines > 40, "the random rays met only %u pieces, %u of machines", hits, machines);
}

/* Straight down onto each press: the press, nearer than the floor under it; a short ray stops before it. */
static void check_known(struct check *chk, const struct scene *scene)
{
    uint32_t presses = 0;
    for (uint32_t m = 0; m < scene_machine_count(scene); m++) {
        if (scene_get_machine(scene, m)->kind != SCENE_MACHINE_PRESS)
            continue;
        presses++;
        /* the press's tallest static piece: cast down onto its centre from 0.2 m above the machine */
        uint32_t top = UINT32_MAX;
        for (uint32_t s = 0; s < scene->instance_count; s++)
            if (scene->owners[s] == m && kind_of(scene, s) == 1 /* box */ &&
                (top == UINT32_MAX || scene->spheres[s][1] > scene->spheres[top][1]))
                top = s;
        float lo[3], hi[3];
        scene_machine_bounds(scene, m, lo, hi);
        float o[3] = {scene->spheres[top][0], hi[1] + 0.2f, scene->spheres[top][2]}, down[3] = {0, -1, 0};
        struct scene_hit hit;
        bool got = scene_pick(scene, o, down, 50.0f, &hit);
        CHECK(chk, got && hit.machine == m, "press %u: hit %d machine %u", m, got, hit.machine);
        CHECK(chk, hit.distance >= 0.2f - 1e-4f && hit.distance < o[1] - 0.01f, "press %u: distance %.3f from %.3f", m,
              hit.distance, o[1]);
        got = scene_pick(scene, o, down, 0.1f, &hit);
        CHECK(chk, !got && hit.machine == SCENE_NO_MACHINE && hit.distance == 0.1f, "short ray hit %u", hit.machine);
    }
    CHECK(chk, presses == 4, "%u presses", presses);

    /* Out of the hall, looking away from it: nothing. A zero direction: nothing. */
    const struct scene_plan *p = &scene->plan;
    float out[3] = {p->hall_max[0] + 20.0f, 1.0f, 0.0f}, away[3] = {1, 0, 0}, zero[3] = {0, 0, 0};
    struct scene_hit hit;
    CHECK(chk, !scene_pick(scene, out, away, 1000.0f, &hit) && hit.slot == UINT32_MAX, "a ray away from the hall hit");
    CHECK(chk, !scene_pick(scene, out, zero, 1000.0f, &hit), "a zero direction hit");
    /* Looking at the hall from outside: the wall first (structure), whatever stands behind it. */
    float back[3] = {-1, 0, 0};
    CHECK(chk, scene_pick(scene, out, back, 1000.0f, &hit) && hit.machine == SCENE_NO_MACHINE &&
                   fabsf(hit.point[0] - p->hall_max[0]) < 1.0f,
          "wall: machine %u at x %.2f (hall ends at %.2f)", hit.machine, hit.point[0], p->hall_max[0]);

    /* Through a gap: a ray down in an aisle, clear of every machine's bounds, reaches the floor (structure). */
    uint32_t gaps = 0;
    for (float x = p->hall_min[0] + 1.0f; x < p->hall_max[0] - 1.0f && gaps < 5; x += 0.37f) {
        for (float z = p->hall_min[1] + 1.0f; z < p->hall_max[1] - 1.0f && gaps < 5; z += 0.41f) {
            bool clear = true;
            for (uint32_t m = 0; m < scene_machine_count(scene) && clear; m++) {
                float lo[3], hi[3];
                scene_machine_bounds(scene, m, lo, hi);
                clear = x < lo[0] - 0.3f || x > hi[0] + 0.3f || z < lo[2] - 0.3f || z > hi[2] + 0.3f;
            }
            if (!clear)
                continue;
            uint32_t slot;
            float o[3] = {x, 1.5f, z}, down[3] = {0, -1, 0};
            float ref = linear_pick(scene, o, down, 10.0f, &slot);
            if (slot == UINT32_MAX || scene->owners[slot] != SCENE_NO_MACHINE || ref < 1.4f)
                continue; /* something low of the structure (a column guard, paint) */
            gaps++;
            CHECK(chk, scene_pick(scene, o, down, 10.0f, &hit) && hit.machine == SCENE_NO_MACHINE &&
                           fabsf(hit.point[1]) < 0.05f,
                  "gap at (%.2f, %.2f): machine %u at y %.3f", x, z, hit.machine, hit.point[1]);
        }
    }
    CHECK(chk, gaps == 5, "found %u gaps", gaps);
}

/* Exact shapes: a ray past the corner of a sphere's or cylinder's box misses; through the middle hits at the
 * surface; a box is its box. */
static void check_shapes(struct check *chk, const struct scene *scene)
{
    struct scene_instance in = {.model = {2, 0, 0, 0, 0, 2, 0, 0, 0, 0, 2, 0, 10, 0, 0, 1}}; /* scale 2 at x 10 */
    float d[3] = {0, 0, -1}, t;
    float mid[3] = {10, 0, 5}, corner[3] = {10.0f + 0.9f * scene->local_max[6][0] * 2.0f,
                                            0.9f * scene->local_max[6][1] * 2.0f, 5};
    /* sphere (kind 6): radius 0.5 scaled to 1 */
    CHECK(chk, scene_pick_shape(scene, 6, &in, mid, d, 100.0f, &t) && fabsf(t - 4.0f) < 1e-3f, "sphere centre t %.4f", t);
    CHECK(chk, !scene_pick_shape(scene, 6, &in, corner, d, 100.0f, &t), "sphere box corner hit");
    CHECK(chk, scene_pick_shape(scene, 1, &in, corner, d, 100.0f, &t), "box corner missed");
    /* cylinder (kind 2) along Y: the corner of its box in x-z misses, from above onto the cap hits */
    float cyl_corner[3] = {10.9f, 5, 0.9f}, down0[3] = {0, -1, 0};
    CHECK(chk, !scene_pick_shape(scene, 2, &in, cyl_corner, down0, 100.0f, &t), "cylinder box corner hit");
    CHECK(chk, scene_pick_shape(scene, 1, &in, cyl_corner, down0, 100.0f, &t), "box corner from above missed");
    CHECK(chk, scene_pick_shape(scene, 2, &in, mid, d, 100.0f, &t) && fabsf(t - (5.0f - 2.0f * scene->local_max[2][2])) < 1e-3f,
          "cylinder wall t %.4f", t);
    float above[3] = {10, 5, 0}, down[3] = {0, -1, 0};
    CHECK(chk, scene_pick_shape(scene, 2, &in, above, down, 100.0f, &t) && fabsf(t - (5.0f - 2.0f * scene->local_max[2][1])) < 1e-3f,
          "cylinder cap t %.4f", t);
    CHECK(chk, !scene_pick_shape(scene, 2, &in, above, down, 1.0f, &t), "beyond tmax hit");
    /* a degenerate model never hits */
    struct scene_instance flat = {.model = {0}};
    CHECK(chk, !scene_pick_shape(scene, 1, &flat, mid, d, 100.0f, &t), "zero model hit");
}

int main(void)
{
    struct check chk = {0};
    struct scene *scene = NULL;
    if (scene_create(&(struct scene_desc){0}, &scene) != 0)
        return 1;
    CHECK(&chk, !strcmp(scene->meshes[1].name, "box") && !strcmp(scene->meshes[2].name, "cylinder") &&
                    !strcmp(scene->meshes[6].name, "sphere"),
          "mesh kinds moved: %s %s %s", scene->meshes[1].name, scene->meshes[2].name, scene->meshes[6].name);
    scene_update(scene, 17500000000LL);
    check_against_linear(&chk, scene);
    check_known(&chk, scene);
    check_shapes(&chk, scene);
    scene_destroy(&scene);
    return check_finish(&chk, "scene_pick");
}
