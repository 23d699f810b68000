/* The scene object: builds plan (from a plant), meshes, machines, instance storage and static chunks once, then
 * re-animates the moving part. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scene_internal.h"

#define SCENE_DEFAULT_LINES 4

static void emitter_init(struct scene_emitter *em, struct scene *scene, bool counting)
{
    memset(em, 0, sizeof *em);
    for (int k = 0; k < SCENE_KIND_COUNT; k++)
        em->limit[k] = scene->kind_first[k] + scene->kind_count[k];
    em->instances = scene->instances;
    em->spheres = scene->spheres;
    em->thickness = scene->thickness;
    em->owners = scene->owners;
    em->owner = SCENE_NO_MACHINE;
    em->bound_radius = scene->bound_radius;
    em->extent = (const float(*)[3])scene->extent;
    em->counting = counting;
}

/* Counts static and animated instances per kind and lays the kinds out one after another. */
static int scene_allocate_instances(struct scene *scene)
{
    struct scene_emitter fixed, moving;
    emitter_init(&fixed, scene, true);
    emitter_init(&moving, scene, true);
    scene_layout_emit_static(&fixed, &scene->plan, scene->lights, scene->light_count);
    scene_animate_emit(&moving, scene, 0.0);
    uint64_t total = 0, animated = 0;
    for (int k = 0; k < SCENE_KIND_COUNT; k++) {
        scene->kind_first[k] = (uint32_t)total;
        scene->kind_dynamic_first[k] = (uint32_t)total + fixed.count[k];
        scene->kind_count[k] = fixed.count[k] + moving.count[k];
        total += scene->kind_count[k];
        animated += moving.count[k];
        scene->triangles += (uint64_t)scene->kind_count[k] * (scene->meshes[k].index_count / 3);
    }
    if (total > UINT32_MAX / 2) {
        fprintf(stderr, "scene: %llu instances is too many\n", (unsigned long long)total);
        return -1;
    }
    scene->instance_count = (uint32_t)total;
    scene->instances = calloc(total, sizeof *scene->instances);
    scene->spheres = calloc(total, sizeof *scene->spheres);
    scene->thickness = calloc(total, sizeof *scene->thickness);
    scene->owners = calloc(total, sizeof *scene->owners);
    /* scene_cull lists only animated instances: the static ones are drawn chunk by chunk. */
    scene->visible = calloc(animated ? animated : 1, sizeof *scene->visible);
    if (!scene->instances || !scene->spheres || !scene->thickness || !scene->owners || !scene->visible) {
        fprintf(stderr, "scene: out of memory for %u instances\n", scene->instance_count);
        return -1;
    }
    struct scene_emitter em;
    emitter_init(&em, scene, false);
    memcpy(em.cursor, scene->kind_first, sizeof em.cursor);
    memcpy(em.limit, scene->kind_dynamic_first, sizeof em.limit);
    scene_layout_emit_static(&em, &scene->plan, scene->lights, scene->light_count);
    if (em.overflow) {
        fprintf(stderr, "scene: internal error: static layout is not repeatable\n");
        return -1;
    }
    if (scene_chunks_build(scene) != 0)
        return -1;
    return scene_pick_build(scene);
}

static void measure_meshes(struct scene *scene)
{
    for (int k = 0; k < SCENE_KIND_COUNT; k++) {
        scene->bound_radius[k] = scene->meshes[k].bound_radius;
        float lo[3] = {0.0f, 0.0f, 0.0f}, hi[3] = {0.0f, 0.0f, 0.0f};
        for (uint32_t v = 0; v < scene->meshes[k].vertex_count; v++) {
            for (int a = 0; a < 3; a++) {
                float p = scene->meshes[k].vertices[v].pos[a];
                lo[a] = v == 0 || p < lo[a] ? p : lo[a];
                hi[a] = v == 0 || p > hi[a] ? p : hi[a];
            }
        }
        for (int a = 0; a < 3; a++) {
            scene->extent[k][a] = hi[a] - lo[a];
            scene->local_min[k][a] = lo[a];
            scene->local_max[k][a] = hi[a];
        }
    }
}

static int scene_build(struct scene *scene, const struct scene_plant *plant)
{
    if (scene_shapes_build(scene->meshes) != 0 || scene_plan_build(plant, &scene->plan) != 0)
        return -1;
    measure_meshes(scene);
    scene->light_count = plant->light_count;
    scene->lights = calloc(scene->light_count ? scene->light_count : 1, sizeof *scene->lights);
    if (!scene->lights) {
        fprintf(stderr, "scene_create: out of memory for %u lights\n", scene->light_count);
        return -1;
    }
    if (scene->light_count)
        memcpy(scene->lights, plant->lights, scene->light_count * sizeof *scene->lights);
    if (scene_machines_build(scene, plant) != 0 || scene_allocate_instances(scene) != 0)
        return -1;
    scene_update(scene, 0);
    return 0;
}

int scene_create(const struct scene_desc *desc, struct scene **out_scene)
{
    if (!out_scene) {
        fprintf(stderr, "scene_create: out_scene is NULL\n");
        return -1;
    }
    *out_scene = NULL;
    struct scene_desc d = desc ? *desc : (struct scene_desc){0};
    struct scene_plant *generated = NULL;
    const struct scene_plant *plant = d.plant;
    if (plant) {
        char msg[256];
        if (scene_plant_check(plant, msg, sizeof msg) != 0) {
            fprintf(stderr, "scene_create: the plant is not usable: %s\n", msg);
            return -1;
        }
    } else {
        if (d.lines == 0)
            d.lines = SCENE_DEFAULT_LINES;
        if (d.lines > SCENE_MAX_LINES) {
            fprintf(stderr, "scene_create: lines = %u is out of range (1..%d)\n", d.lines, SCENE_MAX_LINES);
            return -1;
        }
        if (scene_plant_generate(d.lines, d.seed ? d.seed : 1, &generated) != 0)
            return -1;
        plant = generated;
    }
    struct scene *scene = calloc(1, sizeof *scene);
    if (!scene) {
        fprintf(stderr, "scene_create: out of memory\n");
        scene_plant_destroy(&generated);
        return -1;
    }
    int rc = scene_build(scene, plant);
    scene_plant_destroy(&generated);
    if (rc != 0) {
        scene_destroy(&scene);
        return -1;
    }
    *out_scene = scene;
    return 0;
}

void scene_destroy(struct scene **scene_ptr)
{
    if (!scene_ptr || !*scene_ptr)
        return;
    struct scene *scene = *scene_ptr;
    scene_shapes_free(scene->meshes);
    scene_plan_free(&scene->plan);
    free(scene->lights);
    free(scene->instances);
    free(scene->spheres);
    free(scene->thickness);
    free(scene->owners);
    scene_machines_free(scene);
    free(scene->visible);
    free(scene->statics);
    free(scene->static_slot);
    free(scene->static_thickness);
    free(scene->static_tris_before);
    free(scene->visible_chunk_skip);
    free(scene->chunks);
    free(scene->visible_chunks);
    scene_pick_free(scene);
    free(scene);
    *scene_ptr = NULL;
}

uint32_t scene_mesh_count(const struct scene *scene)
{
    (void)scene;
    return SCENE_KIND_COUNT;
}

const struct scene_mesh *scene_get_mesh(const struct scene *scene, uint32_t index)
{
    return index < SCENE_KIND_COUNT ? &scene->meshes[index] : NULL;
}

void scene_get_stats(const struct scene *scene, struct scene_stats *out_stats)
{
    *out_stats = (struct scene_stats){.mesh_count = SCENE_KIND_COUNT,
                                      .instance_count = scene->instance_count,
                                      .triangles = scene->triangles,
                                      .light_count = scene->light_count,
                                      .static_instance_count = scene->static_count,
                                      .chunk_count = scene->chunk_count,
                                      .object_count = scene->instance_count +
                                                      scene->kind_count[SCENE_KIND_ROLLER_BED] *
                                                          (SCENE_ROLLER_BED_ROLLERS - 1)};
}

const struct scene_static_instance *scene_static_instances(const struct scene *scene, uint32_t *out_count)
{
    *out_count = scene->static_count;
    return scene->statics;
}

const struct scene_chunk *scene_static_chunks(const struct scene *scene, uint32_t *out_count)
{
    *out_count = scene->chunk_count;
    return scene->chunks;
}

const struct scene_light *scene_get_lights(const struct scene *scene, uint32_t *out_count)
{
    *out_count = scene->light_count;
    return scene->lights;
}

void scene_update(struct scene *scene, int64_t time_ns)
{
    /* Only the animated slots are rewritten; the static ones never change after create. */
    struct scene_emitter em;
    emitter_init(&em, scene, false);
    memcpy(em.cursor, scene->kind_dynamic_first, sizeof em.cursor);
    em.beacons = scene->beacons;
    scene->time_ns = time_ns;
    scene_animate_emit(&em, scene, scene_time_seconds(time_ns));
}

int64_t scene_get_time(const struct scene *scene)
{
    return scene->time_ns;
}
