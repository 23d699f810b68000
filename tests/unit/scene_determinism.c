/* Determinism: the scene is a pure function of time, whatever was animated before, on any epoch; the static
 * geometry and its chunks never change, and are the same for the same desc. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#include "scene_check.h"
#include "scene_internal.h"

/* The animated instances at time t (all of them: frustum_count 0). */
static struct scene_instance *snapshot(struct scene *scene, int64_t t, uint32_t *out_count)
{
    struct scene_draw_list list;
    scene_update(scene, t);
    check_full_list(scene, &list);
    struct scene_instance *copy = malloc(list.instance_count * sizeof *copy);
    if (copy)
        memcpy(copy, list.instances, list.instance_count * sizeof *copy);
    *out_count = list.instance_count;
    return copy;
}

/* Largest translation difference between two snapshots of the same scene. Parts are left out: each
 * cycle one drops into the bin and reappears inside the feeder (checked on their lifecycle instead). */
static float max_move(const struct scene *scene, const struct scene_instance *a, const struct scene_instance *b,
                      uint32_t n)
{
    float worst = 0.0f;
    /* The full list holds the animated slots of each kind in kind order. */
    uint32_t parts0 = 0;
    for (int k = 0; k < SCENE_KIND_PART; k++)
        parts0 += scene->kind_first[k] + scene->kind_count[k] - scene->kind_dynamic_first[k];
    uint32_t parts1 = parts0 + scene->kind_first[SCENE_KIND_PART] + scene->kind_count[SCENE_KIND_PART] -
                      scene->kind_dynamic_first[SCENE_KIND_PART];
    for (uint32_t i = 0; i < n; i++) {
        if (i >= parts0 && i < parts1)
            continue;
        for (int k = 12; k < 15; k++)
            worst = fmaxf(worst, fabsf(a[i].model[k] - b[i].model[k]));
    }
    return worst;
}

/* A copy of the static instances and chunks, to compare across updates and scenes. */
struct statics_copy {
    struct scene_static_instance *statics;
    struct scene_chunk *chunks;
    uint32_t static_count, chunk_count;
};

static bool statics_copy_make(const struct scene *scene, struct statics_copy *out)
{
    const struct scene_static_instance *statics = scene_static_instances(scene, &out->static_count);
    const struct scene_chunk *chunks = scene_static_chunks(scene, &out->chunk_count);
    out->statics = malloc((out->static_count ? out->static_count : 1) * sizeof *out->statics);
    out->chunks = malloc((out->chunk_count ? out->chunk_count : 1) * sizeof *out->chunks);
    if (!out->statics || !out->chunks)
        return false;
    memcpy(out->statics, statics, out->static_count * sizeof *statics);
    memcpy(out->chunks, chunks, out->chunk_count * sizeof *chunks);
    return true;
}

static void statics_copy_free(struct statics_copy *copy)
{
    free(copy->statics);
    free(copy->chunks);
}

static bool statics_equal(const struct statics_copy *a, const struct scene *scene)
{
    struct statics_copy b;
    bool ok = statics_copy_make(scene, &b) && a->static_count == b.static_count && a->chunk_count == b.chunk_count &&
              memcmp(a->statics, b.statics, a->static_count * sizeof *a->statics) == 0 &&
              memcmp(a->chunks, b.chunks, a->chunk_count * sizeof *a->chunks) == 0;
    statics_copy_free(&b);
    return ok;
}

static void test_same_time_same_bytes(struct check *chk, struct scene *scene)
{
    struct statics_copy before;
    CHECK(chk, statics_copy_make(scene, &before), "out of memory");
    static const int64_t times[] = {0, 1, 1500000000, 123456789012LL, 1700000000123456789LL, -5000000000LL,
                                    INT64_MAX, INT64_MIN, 3599999999999LL};
    const size_t n = sizeof times / sizeof times[0];
    for (size_t i = 0; i < n; i++) {
        uint32_t count_a, count_b, count_c;
        struct scene_instance *direct = snapshot(scene, times[i], &count_a);
        struct scene_instance *other = snapshot(scene, times[(i + 3) % n], &count_c);
        struct scene_instance *again = snapshot(scene, times[i], &count_b);
        CHECK(chk, direct && again && other, "out of memory");
        if (direct && again && other) {
            CHECK(chk, count_a == count_b && count_a == count_c, "instance count changed with time");
            CHECK(chk, memcmp(direct, again, count_a * sizeof *direct) == 0,
                  "t=%lld then t=%lld then t=%lld: not bit-identical", (long long)times[i],
                  (long long)times[(i + 3) % n], (long long)times[i]);
            if (scene_time_seconds(times[i]) != scene_time_seconds(times[(i + 3) % n]))
                CHECK(chk, memcmp(direct, other, count_a * sizeof *direct) != 0, "different times, same scene");
        }
        free(direct);
        free(again);
        free(other);
    }
    CHECK(chk, before.statics && before.chunks && statics_equal(&before, scene),
          "static instances or chunks changed with time");
    statics_copy_free(&before);
}

static void test_same_desc_same_scene(struct check *chk)
{
    struct scene *a = NULL, *b = NULL, *c = NULL;
    CHECK(chk, scene_create(&(struct scene_desc){.lines = 5, .seed = 7}, &a) == 0, "create a");
    CHECK(chk, scene_create(&(struct scene_desc){.lines = 5, .seed = 7}, &b) == 0, "create b");
    CHECK(chk, scene_create(&(struct scene_desc){.lines = 5, .seed = 8}, &c) == 0, "create c");
    if (a && b && c) {
        uint32_t na, nb, nc;
        struct scene_instance *ia = snapshot(a, 42000000000LL, &na);
        struct scene_instance *ib = snapshot(b, 42000000000LL, &nb);
        struct scene_instance *ic = snapshot(c, 42000000000LL, &nc);
        CHECK(chk, ia && ib && ic, "out of memory");
        if (ia && ib && ic) {
            CHECK(chk, na == nb && memcmp(ia, ib, na * sizeof *ia) == 0, "two scenes from one desc animate apart");
            CHECK(chk, na != nc || memcmp(ia, ic, na * sizeof *ia) != 0, "seed has no effect on the animation");
        }
        struct statics_copy sa, sc;
        bool made_a = statics_copy_make(a, &sa), made_c = statics_copy_make(c, &sc);
        CHECK(chk, made_a && made_c, "out of memory");
        if (made_a && made_c) {
            CHECK(chk, sa.static_count > 0 && sa.chunk_count > 0 && statics_equal(&sa, b),
                  "two scenes from one desc differ in static instances or chunks");
            /* The seed varies rack loads and the greys of the floor slabs. */
            CHECK(chk, sa.static_count != sc.static_count ||
                           memcmp(sa.statics, sc.statics, sa.static_count * sizeof *sa.statics) != 0,
                  "seed has no effect on the static instances");
        }
        statics_copy_free(&sa);
        statics_copy_free(&sc);
        free(ia);
        free(ib);
        free(ic);
    }
    scene_destroy(&a);
    scene_destroy(&b);
    scene_destroy(&c);
}

/* Time wraps at SCENE_PERIOD_S: nothing may jump there, and nothing may jitter at huge epochs. */
static void test_wrap_and_precision(struct check *chk, struct scene *scene)
{
    const int64_t period = (int64_t)SCENE_PERIOD_S * 1000000000LL, ms = 1000000;
    const int64_t pairs[][2] = {{period - ms, period},
                                {1000 * 1000000000LL, 1000 * 1000000000LL + ms},
                                {1700000000000000000LL, 1700000000000000000LL + ms},
                                {-ms, 0}};
    for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++) {
        uint32_t n1, n2;
        struct scene_instance *a = snapshot(scene, pairs[i][0], &n1);
        struct scene_instance *b = snapshot(scene, pairs[i][1], &n2);
        CHECK(chk, a && b && n1 == n2, "snapshot");
        if (a && b && n1 == n2) {
            float moved = max_move(scene, a, b, n1);
            /* 1 ms: AGVs drive ~1.2 mm, a swinging gripper well under 2 cm; a wrap glitch moves metres. */
            CHECK(chk, moved < 0.02f, "pair %zu: something jumped %.4f m in 1 ms", i, (double)moved);
        }
        free(a);
        free(b);
        for (uint32_t line = 0; line < scene->plan.lines; line++) {
            struct scene_line_state s1, s2;
            scene_line_state_at(&scene->plan, line, scene_time_seconds(pairs[i][0]), &s1);
            scene_line_state_at(&scene->plan, line, scene_time_seconds(pairs[i][1]), &s2);
            for (uint32_t p = 0; p < s1.parts; p++) {
                double d = fmod(s2.part_tau[p] - s1.part_tau[p] + s1.parts, s1.parts);
                CHECK(chk, d < 0.001, "pair %zu line %u part %u: lifecycle jumped by %f", i, line, p, d);
            }
        }
    }
    CHECK(chk, scene_time_seconds(period) == 0.0 && scene_time_seconds(-1) > 3599.9,
          "time wrap: %f %f", scene_time_seconds(period), scene_time_seconds(-1));
    double frac_s = scene_time_seconds(1700000000000000000LL + 123456789);
    CHECK(chk, fabs(frac_s - floor(frac_s) - 0.123456789) < 1e-9, "ns lost at a large epoch: %.12f", frac_s);
}

/* The animated slots are sized once at create: every time must emit exactly as many per kind. */
static void test_animated_count_constant(struct check *chk, const struct scene *scene)
{
    for (double t = 0.0; t < SCENE_PERIOD_S; t += 7.77) {
        struct scene_emitter em;
        memset(&em, 0, sizeof em);
        em.counting = true;
        scene_animate_emit(&em, scene, t);
        for (int k = 0; k < SCENE_KIND_COUNT; k++) {
            uint32_t slots = scene->kind_first[k] + scene->kind_count[k] - scene->kind_dynamic_first[k];
            CHECK(chk, em.count[k] == slots, "t=%f kind %d: %u animated instances, %u slots", t, k, em.count[k],
                  slots);
        }
    }
}

int main(void)
{
    struct check chk = {0};
    struct scene *scene = NULL;
    if (scene_create(&(struct scene_desc){0}, &scene) != 0) {
        fprintf(stderr, "scene_create failed\n");
        return 1;
    }
    test_same_time_same_bytes(&chk, scene);
    test_wrap_and_precision(&chk, scene);
    test_animated_count_constant(&chk, scene);
    test_same_desc_same_scene(&chk);
    scene_destroy(&scene);
    scene_destroy(&scene); /* tolerates NULL */
    return check_finish(&chk, "scene_determinism");
}
