/* Counts: the scene grows with the line count, bad descs are refused, stats match the draw list and the
 * static chunks. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>

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
    uint32_t chunk_count = 0;
    const struct scene_chunk *chunks = scene_static_chunks(scene, &chunk_count);
    for (uint32_t c = 0; c < list->chunk_count; c++) {
        CHECK(chk, list->chunks[c] < chunk_count, "listed chunk %u of %u", list->chunks[c], chunk_count);
        CHECK(chk, c == 0 || list->chunks[c] > list->chunks[c - 1], "chunk indices not ascending");
        if (list->chunks[c] < chunk_count)
            triangles += chunks[list->chunks[c]].triangles;
    }
    CHECK(chk, triangles == list->triangles, "triangles %llu, batches and chunks say %llu",
          (unsigned long long)list->triangles, (unsigned long long)triangles);
}

/* The world sphere of an instance recomputed from its model matrix: translation, mesh bound times the longest
 * basis column. */
static void instance_sphere(const struct scene *scene, uint32_t kind, const struct scene_instance *in, double out[4])
{
    const float *m = in->model;
    double s = 0.0;
    for (int c = 0; c < 3; c++)
        s = fmax(s, sqrt((double)m[c * 4] * m[c * 4] + (double)m[c * 4 + 1] * m[c * 4 + 1] +
                         (double)m[c * 4 + 2] * m[c * 4 + 2]));
    out[0] = m[12], out[1] = m[13], out[2] = m[14];
    out[3] = scene_get_mesh(scene, kind)->bound_radius * s;
}

static int64_t cell_of(double v)
{
    return (int64_t)floor(v / SCENE_CHUNK_SIZE);
}

/* The static instances are exactly the static slots, each once, grouped by floor cell into chunks whose
 * spheres hold their members; the full list (frustum_count 0) holds every chunk and every animated instance. */
static void check_chunks(struct check *chk, const struct scene *scene, const struct scene_stats *st,
                         const struct scene_draw_list *list)
{
    uint32_t static_count = 0, chunk_count = 0, animated = 0;
    const struct scene_static_instance *statics = scene_static_instances(scene, &static_count);
    const struct scene_chunk *chunks = scene_static_chunks(scene, &chunk_count);
    for (int k = 0; k < SCENE_KIND_COUNT; k++)
        animated += scene->kind_first[k] + scene->kind_count[k] - scene->kind_dynamic_first[k];
    CHECK(chk, static_count == st->static_instance_count && chunk_count == st->chunk_count,
          "accessors %u/%u vs stats %u/%u", static_count, chunk_count, st->static_instance_count, st->chunk_count);
    CHECK(chk, static_count > 0 && chunk_count > 0 && chunk_count <= static_count, "%u statics in %u chunks",
          static_count, chunk_count);
    CHECK(chk, list->instance_count == animated, "full list has %u instances, %u animated slots",
          list->instance_count, animated);
    CHECK(chk, st->instance_count == static_count + list->instance_count, "stats %u instances != %u static + %u",
          st->instance_count, static_count, list->instance_count);
    CHECK(chk, list->chunk_count == chunk_count, "full list keeps %u of %u chunks", list->chunk_count, chunk_count);
    for (uint32_t c = 0; c < list->chunk_count && c < chunk_count; c++)
        CHECK(chk, list->chunks[c] == c, "full list chunk %u is %u", c, list->chunks[c]);

    /* Every static slot exactly once, with its own bytes and kind. */
    uint8_t *seen = calloc(scene->instance_count, 1);
    CHECK(chk, seen != NULL, "out of memory");
    if (!seen)
        return;
    uint32_t wrong_slot = 0, twice = 0;
    for (uint32_t i = 0; i < static_count; i++) {
        uint32_t slot = scene->static_slot[i], k = statics[i].mesh;
        if (k >= SCENE_KIND_COUNT || slot < scene->kind_first[k] || slot >= scene->kind_dynamic_first[k] ||
            memcmp(&statics[i].instance, &scene->instances[slot], sizeof statics[i].instance) != 0) {
            wrong_slot++;
            continue;
        }
        twice += seen[slot]++ > 0;
    }
    free(seen);
    CHECK(chk, wrong_slot == 0 && twice == 0, "%u static instances are no static slot, %u slots twice", wrong_slot,
          twice);

    uint32_t next = 0, unsorted = 0, escaped = 0, mixed = 0, misordered = 0, large_chunks = 0, bad_large = 0;
    uint32_t wrong_thickness = 0, supports = 0;
    uint64_t triangles = 0;
    int64_t prev_row = 0, prev_col = 0;
    bool cell_chunks = false;
    for (uint32_t c = 0; c < chunk_count; c++) {
        const struct scene_chunk *ch = &chunks[c];
        CHECK(chk, ch->first == next && ch->count > 0, "chunk %u: %u+%u, expected to start at %u", c, ch->first,
              ch->count, next);
        if (ch->first != next || ch->count > static_count - ch->first)
            return;
        next += ch->count;
        uint64_t tris = 0;
        const struct scene_instance *head = &statics[ch->first].instance;
        int64_t col = cell_of(head->model[12]), row = cell_of(head->model[14]);
        /* Pieces larger than a cell come after the cells, one per chunk, in emission order. */
        bool large = scene->spheres[scene->static_slot[ch->first]][3] > SCENE_CHUNK_LARGE;
        if (large) {
            bad_large += ch->count != 1 ||
                         (large_chunks > 0 && scene->static_slot[ch->first] < scene->static_slot[ch->first - 1]);
            large_chunks++;
        } else {
            misordered += large_chunks > 0; /* a cell chunk after the large ones */
        }
        for (uint32_t i = ch->first; i < ch->first + ch->count; i++) {
            double s[4];
            instance_sphere(scene, statics[i].mesh, &statics[i].instance, s);
            mixed += !large && (cell_of(s[0]) != col || cell_of(s[2]) != row ||
                                scene->spheres[scene->static_slot[i]][3] > SCENE_CHUNK_LARGE);
            double dx = s[0] - ch->sphere[0], dy = s[1] - ch->sphere[1], dz = s[2] - ch->sphere[2];
            escaped += sqrt(dx * dx + dy * dy + dz * dz) + s[3] > ch->sphere[3];
            double thick = reference_thickness(scene, statics[i].mesh, &statics[i].instance);
            /* Pieces that carry others (rack uprights and beams, conveyor frames) are never detail: infinite
             * (scene_emitter.keep). */
            bool support = !isinf(thick) && isinf(scene->static_thickness[i]);
            supports += support;
            wrong_thickness += isinf(thick) ? !isinf(scene->static_thickness[i])
                                            : !support && fabs(thick - scene->static_thickness[i]) > 1e-4 * thick;
            if (i > ch->first) {
                /* Thinnest first (detail culling skips a prefix); equal thickness keeps the emission order. */
                float t0 = scene->static_thickness[i - 1], t1 = scene->static_thickness[i];
                unsorted += t0 > t1 || (t0 == t1 && scene->static_slot[i - 1] > scene->static_slot[i]);
            }
            tris += scene_get_mesh(scene, statics[i].mesh)->index_count / 3;
        }
        CHECK(chk, tris == ch->triangles, "chunk %u: %llu triangles, members say %llu", c,
              (unsigned long long)ch->triangles, (unsigned long long)tris);
        triangles += ch->triangles;
        /* One cell per chunk, rows front (+z) to back, columns left to right. */
        if (!large) {
            misordered += cell_chunks && !(row < prev_row || (row == prev_row && col > prev_col));
            prev_row = row, prev_col = col;
            cell_chunks = true;
        }
    }
    CHECK(chk, bad_large == 0 && large_chunks > 0, "%u of %u large-piece chunks hold more than their piece or are "
          "out of order", bad_large, large_chunks);
    CHECK(chk, next == static_count, "chunks cover %u of %u static instances", next, static_count);
    CHECK(chk, unsorted == 0, "%u chunk members out of thickness order", unsorted);
    CHECK(chk, wrong_thickness == 0, "%u static thicknesses differ from the reference", wrong_thickness);
    CHECK(chk, supports > 0 && supports < static_count / 3, "%u of %u static pieces are supports", supports,
          static_count);
    CHECK(chk, escaped == 0, "%u chunk members stick out of their chunk's sphere", escaped);
    CHECK(chk, mixed == 0, "%u chunk members stand in another cell", mixed);
    CHECK(chk, misordered == 0, "%u chunks out of cell order (or two chunks in one cell)", misordered);
    uint64_t animated_triangles = 0;
    for (uint32_t b = 0; b < list->batch_count; b++)
        animated_triangles += (uint64_t)list->batches[b].instance_count *
                              (scene_get_mesh(scene, list->batches[b].mesh)->index_count / 3);
    CHECK(chk, triangles + animated_triangles == st->triangles, "chunks %llu + animated %llu triangles != stats %llu",
          (unsigned long long)triangles, (unsigned long long)animated_triangles, (unsigned long long)st->triangles);
}

/* Lights hang inside the hall under the roof, front to back, each at a glowing fixture. */
static void check_lights(struct check *chk, const struct scene *scene, const struct scene_light *lights,
                         uint32_t count)
{
    const struct scene_plan *plan = &scene->plan;
    uint32_t static_count = 0;
    const struct scene_static_instance *statics = scene_static_instances(scene, &static_count);
    for (uint32_t i = 0; i < count; i++) {
        const struct scene_light *l = &lights[i];
        CHECK(chk, l->pos[0] > plan->hall_min[0] && l->pos[0] < plan->hall_max[0] && l->pos[2] > plan->hall_min[1] &&
                       l->pos[2] < plan->hall_max[1] && l->pos[1] > 2.0f && l->pos[1] < plan->roof_y,
              "light %u outside the hall", i);
        CHECK(chk, l->radius > 0.0f && l->intensity > 0.0f, "light %u is dark", i);
        CHECK(chk, i == 0 || l->pos[2] <= lights[i - 1].pos[2], "lights not ordered front to back");
        bool fixture = false;
        for (uint32_t k = 0; k < static_count && !fixture; k++) {
            const struct scene_instance *in = &statics[k].instance;
            if (statics[k].mesh != SCENE_KIND_FIXTURE)
                continue;
            float dx = in->model[12] - l->pos[0], dy = in->model[13] - l->pos[1], dz = in->model[14] - l->pos[2];
            fixture |= dx * dx + dy * dy + dz * dz < 0.25f && in->color[3] > 0.0f;
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
        printf("lines %3u: %6u instances (%6u static in %4u chunks, %5u animated), %8llu triangles, %4u lights, "
               "%u meshes\n",
               lines[i], st.instance_count, st.static_instance_count, st.chunk_count, list.instance_count,
               (unsigned long long)st.triangles, st.light_count, st.mesh_count);
        CHECK(chk, st.mesh_count == scene_mesh_count(scene) && st.mesh_count == SCENE_KIND_COUNT, "mesh count");
        CHECK(chk, list.triangles == st.triangles, "full list triangles differ from stats");
        uint32_t beds = 0;
        for (uint32_t b = 0; b < list.batch_count; b++)
            beds += list.batches[b].mesh == SCENE_KIND_ROLLER_BED ? list.batches[b].instance_count : 0;
        CHECK(chk, beds > 0 && st.object_count == st.instance_count + beds * (SCENE_ROLLER_BED_ROLLERS - 1),
              "%u objects for %u instances and %u roller beds", st.object_count, st.instance_count, beds);
        check_list_consistent(chk, scene, &list);
        check_chunks(chk, scene, &st, &list);
        /* Every kind is used: animated kinds have a batch in the full list, the others static instances. */
        bool used[SCENE_KIND_COUNT] = {false};
        uint32_t animated_kinds = 0, static_count = 0;
        const struct scene_static_instance *statics = scene_static_instances(scene, &static_count);
        for (uint32_t k = 0; k < static_count; k++)
            used[statics[k].mesh < SCENE_KIND_COUNT ? statics[k].mesh : 0] = true;
        for (int k = 0; k < SCENE_KIND_COUNT; k++) {
            bool moving = scene->kind_first[k] + scene->kind_count[k] > scene->kind_dynamic_first[k];
            animated_kinds += moving;
            used[k] |= moving;
            CHECK(chk, used[k], "kind %s is never used", scene_get_mesh(scene, (uint32_t)k)->name);
        }
        CHECK(chk, list.batch_count == animated_kinds, "%u batches for %u animated kinds", list.batch_count,
              animated_kinds);
        CHECK(chk, light_count == st.light_count && lights != NULL, "lights");
        check_lights(chk, scene, lights, light_count);
        CHECK(chk, st.instance_count > prev.instance_count && st.triangles > prev.triangles,
              "%u lines is not bigger than the previous count", lines[i]);
        CHECK(chk, st.light_count >= prev.light_count && st.light_count > 0, "lights shrink");
        CHECK(chk, st.chunk_count >= prev.chunk_count && st.static_instance_count > prev.static_instance_count,
              "chunks or static instances shrink at %u lines", lines[i]);
        float area = (scene->plan.hall_max[0] - scene->plan.hall_min[0]) *
                     (scene->plan.hall_max[1] - scene->plan.hall_min[1]);
        CHECK(chk, area >= prev_area, "hall shrinks at %u lines", lines[i]);
        if (lines[i] == 4) {
            /* The default scene: rich, yet light enough for lavapipe at 512x512 per eye (its triangles are
             * what lavapipe's frame time follows: docs/latency.md). */
            CHECK(chk, st.object_count >= 1500 && st.instance_count >= 1000 && st.instance_count <= 8000,
                  "default scene: %u objects, %u instances", st.object_count, st.instance_count);
            CHECK(chk, st.triangles <= 26000, "default triangles %llu: over the lavapipe budget",
                  (unsigned long long)st.triangles);
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
        CHECK(chk, la.instance_count == lb.instance_count &&
                       memcmp(la.instances, lb.instances, la.instance_count * sizeof *la.instances) == 0,
              "zero desc animates differently from lines 4 seed 1");
        uint32_t sa = 0, sb = 0;
        const struct scene_static_instance *stat_a = scene_static_instances(def, &sa);
        const struct scene_static_instance *stat_b = scene_static_instances(zero, &sb);
        CHECK(chk, sa == sb && memcmp(stat_a, stat_b, sa * sizeof *stat_a) == 0,
              "zero desc is laid out differently from lines 4 seed 1");
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
