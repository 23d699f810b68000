/* Counts: the scene grows with the line count, bad descs are refused, stats match the draw list. */
#include <stdint.h>

#include "scene_check.h"
#include "scene_internal.h"

static void check_list_consistent(struct check *chk, const struct scene *scene, const struct scene_draw_list *list)
{
    uint32_t next = 0;
    uint64_t triangles = 0;
    for (uint32_t b = 0; b < list->batch_count; b++) {
        const struct scene_batch *batch = &list->batches[b];
        CHECK(chk, b == 0 || batch->mesh > list->batches[b - 1].mesh, "batches not sorted by mesh kind");
        CHECK(chk, batch->mesh < scene_mesh_count(scene), "batch mesh %u out of range", batch->mesh);
        CHECK(chk, batch->first_instance == next, "batch %u starts at %u, expected %u", b, batch->first_instance,
              next);
        CHECK(chk, batch->instance_count > 0, "empty batch %u", b);
        next += batch->instance_count;
        const struct scene_mesh *mesh = scene_get_mesh(scene, batch->mesh);
        if (mesh)
            triangles += (uint64_t)batch->instance_count * (mesh->index_count / 3);
    }
    CHECK(chk, next == list->instance_count, "batches cover %u of %u instances", next, list->instance_count);
    CHECK(chk, triangles == list->triangles, "triangles %llu, batches say %llu", (unsigned long long)list->triangles,
          (unsigned long long)triangles);
}

/* Lights hang inside the hall under the roof, front to back, each at a glowing fixture. */
static void check_lights(struct check *chk, const struct scene *scene, const struct scene_draw_list *list,
                         const struct scene_light *lights, uint32_t count)
{
    const struct scene_plan *plan = &scene->plan;
    for (uint32_t i = 0; i < count; i++) {
        const struct scene_light *l = &lights[i];
        CHECK(chk, l->pos[0] > plan->hall_min[0] && l->pos[0] < plan->hall_max[0] && l->pos[2] > plan->hall_min[1] &&
                       l->pos[2] < plan->hall_max[1] && l->pos[1] > 2.0f && l->pos[1] < plan->roof_y,
              "light %u outside the hall", i);
        CHECK(chk, l->radius > 0.0f && l->intensity > 0.0f, "light %u is dark", i);
        CHECK(chk, i == 0 || l->pos[2] <= lights[i - 1].pos[2], "lights not ordered front to back");
        bool fixture = false;
        for (uint32_t b = 0; b < list->batch_count && !fixture; b++) {
            const struct scene_batch *batch = &list->batches[b];
            if (batch->mesh != SCENE_KIND_FIXTURE)
                continue;
            for (uint32_t k = batch->first_instance; k < batch->first_instance + batch->instance_count; k++) {
                const struct scene_instance *in = &list->instances[k];
                float dx = in->model[12] - l->pos[0], dy = in->model[13] - l->pos[1], dz = in->model[14] - l->pos[2];
                fixture |= dx * dx + dy * dy + dz * dz < 0.25f && in->color[3] > 0.0f;
            }
        }
        CHECK(chk, fixture, "light %u has no glowing fixture", i);
    }
}

static void test_scaling(struct check *chk)
{
    static const uint32_t lines[] = {1, 2, 3, 4, 16, 64, 256};
    struct scene_stats prev = {0};
    float prev_area = 0.0f;
    for (size_t i = 0; i < sizeof lines / sizeof lines[0]; i++) {
        struct scene *scene = NULL;
        CHECK(chk, scene_create(&(struct scene_desc){.lines = lines[i]}, &scene) == 0, "create %u lines", lines[i]);
        if (!scene)
            continue;
        struct scene_stats st;
        struct scene_draw_list list;
        scene_get_stats(scene, &st);
        check_full_list(scene, &list);
        uint32_t light_count = 0;
        const struct scene_light *lights = scene_get_lights(scene, &light_count);
        printf("lines %3u: %6u instances, %8llu triangles, %4u lights, %u meshes\n", lines[i], st.instance_count,
               (unsigned long long)st.triangles, st.light_count, st.mesh_count);
        CHECK(chk, st.mesh_count == scene_mesh_count(scene) && st.mesh_count == SCENE_KIND_COUNT, "mesh count");
        CHECK(chk, list.instance_count == st.instance_count, "full list %u vs stats %u", list.instance_count,
              st.instance_count);
        CHECK(chk, list.triangles == st.triangles, "full list triangles differ from stats");
        CHECK(chk, list.batch_count == SCENE_KIND_COUNT, "every kind is used: %u batches", list.batch_count);
        check_list_consistent(chk, scene, &list);
        CHECK(chk, light_count == st.light_count && lights != NULL, "lights");
        check_lights(chk, scene, &list, lights, light_count);
        CHECK(chk, st.instance_count > prev.instance_count && st.triangles > prev.triangles,
              "%u lines is not bigger than the previous count", lines[i]);
        CHECK(chk, st.light_count >= prev.light_count && st.light_count > 0, "lights shrink");
        float area = (scene->plan.hall_max[0] - scene->plan.hall_min[0]) *
                     (scene->plan.hall_max[1] - scene->plan.hall_min[1]);
        CHECK(chk, area >= prev_area, "hall shrinks at %u lines", lines[i]);
        if (lines[i] == 4) {
            /* The default scene: rich, yet light enough for lavapipe at 512x512 per eye. */
            CHECK(chk, st.instance_count >= 1500 && st.instance_count <= 8000, "default instances %u",
                  st.instance_count);
            CHECK(chk, st.triangles <= 400000, "default triangles %llu", (unsigned long long)st.triangles);
        }
        prev = st;
        prev_area = area;
        scene_destroy(&scene);
        CHECK(chk, scene == NULL, "destroy NULLs the pointer");
    }
}

static void test_descs(struct check *chk)
{
    struct scene *def = NULL, *zero = NULL, *null_desc = NULL, *bad = (struct scene *)&bad;
    struct scene_stats a, b, c;
    CHECK(chk, scene_create(&(struct scene_desc){.lines = 4, .seed = 1}, &def) == 0, "create default");
    CHECK(chk, scene_create(&(struct scene_desc){.lines = 0, .seed = 0}, &zero) == 0, "lines 0 means default");
    CHECK(chk, scene_create(NULL, &null_desc) == 0, "NULL desc means default");
    if (def && zero && null_desc) {
        scene_get_stats(def, &a);
        scene_get_stats(zero, &b);
        scene_get_stats(null_desc, &c);
        CHECK(chk, a.instance_count == b.instance_count && a.instance_count == c.instance_count, "default != zero");
        struct scene_draw_list la, lb;
        check_full_list(def, &la);
        check_full_list(zero, &lb);
        CHECK(chk, memcmp(la.instances, lb.instances, la.instance_count * sizeof *la.instances) == 0,
              "zero desc differs from lines 4 seed 1");
    }
    CHECK(chk, scene_create(&(struct scene_desc){.lines = SCENE_MAX_LINES + 1}, &bad) == -1, "257 lines accepted");
    CHECK(chk, bad == NULL, "out_scene not cleared on failure");
    CHECK(chk, scene_create(&(struct scene_desc){.lines = UINT32_MAX}, &bad) == -1, "UINT32_MAX lines accepted");
    CHECK(chk, scene_create(&(struct scene_desc){0}, NULL) == -1, "NULL out_scene accepted");
    CHECK(chk, def == NULL || scene_get_mesh(def, SCENE_KIND_COUNT) == NULL, "mesh index out of range");
    scene_destroy(&def);
    scene_destroy(&zero);
    scene_destroy(&null_desc);
    scene_destroy(NULL);
}

int main(void)
{
    struct check chk = {0};
    test_scaling(&chk);
    test_descs(&chk);
    return check_finish(&chk, "scene_counts");
}
