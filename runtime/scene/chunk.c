/* Static chunks: the instances that never move, grouped by floor-plan cell for merged, chunk-culled drawing. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "scene_internal.h"

/* Sort key of one static slot: its chunk, then thinnest first (detail culling leaves out a prefix; flat and
 * glowing pieces, infinitely thick, come last, the floor slabs among them), then emission order (keeps it
 * deterministic whatever qsort does with equal keys). */
struct chunk_key {
    uint64_t cell;
    float thickness;
    uint32_t slot;
    uint32_t kind;
};

static int chunk_key_compare(const void *pa, const void *pb)
{
    const struct chunk_key *a = pa, *b = pb;
    if (a->cell != b->cell)
        return a->cell < b->cell ? -1 : 1;
    if (a->thickness != b->thickness)
        return a->thickness < b->thickness ? -1 : 1;
    return a->slot < b->slot ? -1 : (a->slot > b->slot);
}

static int64_t chunk_cell(float v)
{
    return (int64_t)floor((double)v / (double)SCENE_CHUNK_SIZE);
}

/* A sphere around the member spheres: centred in their bounding box, reaching the farthest member's far side. */
static void chunk_bound(const struct scene *scene, struct scene_chunk *chunk)
{
    double lo[3] = {INFINITY, INFINITY, INFINITY}, hi[3] = {-INFINITY, -INFINITY, -INFINITY};
    for (uint32_t i = chunk->first; i < chunk->first + chunk->count; i++) {
        const float *s = scene->spheres[scene->static_slot[i]];
        for (int a = 0; a < 3; a++) {
            lo[a] = fmin(lo[a], (double)s[a] - s[3]);
            hi[a] = fmax(hi[a], (double)s[a] + s[3]);
        }
    }
    double c[3] = {(lo[0] + hi[0]) * 0.5, (lo[1] + hi[1]) * 0.5, (lo[2] + hi[2]) * 0.5};
    for (int a = 0; a < 3; a++)
        chunk->sphere[a] = (float)c[a];
    double r = 0.0;
    for (uint32_t i = chunk->first; i < chunk->first + chunk->count; i++) {
        const float *s = scene->spheres[scene->static_slot[i]];
        double dx = s[0] - (double)chunk->sphere[0], dy = s[1] - (double)chunk->sphere[1];
        double dz = s[2] - (double)chunk->sphere[2];
        r = fmax(r, sqrt(dx * dx + dy * dy + dz * dz) + s[3]);
    }
    /* A hair larger, like the mesh bounds, plus a millimetre: the culling planes are evaluated in float at
     * hall-sized coordinates, and a member seen by a frustum must never lose its chunk to rounding. */
    chunk->sphere[3] = (float)(r * 1.0001 + 0.001);
}

int scene_chunks_build(struct scene *scene)
{
    uint32_t n = 0;
    for (int k = 0; k < SCENE_KIND_COUNT; k++)
        n += scene->kind_dynamic_first[k] - scene->kind_first[k];
    scene->static_count = n;
    struct chunk_key *keys = calloc(n ? n : 1, sizeof *keys);
    scene->statics = calloc(n ? n : 1, sizeof *scene->statics);
    scene->static_slot = calloc(n ? n : 1, sizeof *scene->static_slot);
    scene->static_thickness = calloc(n ? n : 1, sizeof *scene->static_thickness);
    scene->static_tris_before = calloc(n ? n : 1, sizeof *scene->static_tris_before);
    if (!keys || !scene->statics || !scene->static_slot || !scene->static_thickness || !scene->static_tris_before) {
        fprintf(stderr, "scene: out of memory for %u static instances\n", n);
        free(keys);
        return -1;
    }
    /* Cells relative to the front-left one, rows front (+z, near the viewer at the origin) to back, so that
     * a renderer drawing chunks in order draws roughly near to far. */
    int64_t col_min = INT64_MAX, row_max = INT64_MIN, col_max = INT64_MIN, row_min = INT64_MAX;
    for (int k = 0; k < SCENE_KIND_COUNT; k++) {
        for (uint32_t i = scene->kind_first[k]; i < scene->kind_dynamic_first[k]; i++) {
            int64_t col = chunk_cell(scene->spheres[i][0]), row = chunk_cell(scene->spheres[i][2]);
            col_min = col < col_min ? col : col_min;
            col_max = col > col_max ? col : col_max;
            row_max = row > row_max ? row : row_max;
            row_min = row < row_min ? row : row_min;
        }
    }
    /* Pieces larger than a cell (roof, walls, truss chords spanning the hall) each get a chunk of their own,
     * after the cells: in a cell's chunk they would stretch its sphere over the hall and it would never be
     * culled, with every small piece in it. */
    const uint64_t cells = (uint64_t)(col_max - col_min + 1) * (uint64_t)(row_max - row_min + 1);
    uint32_t m = 0;
    uint64_t large = 0;
    for (int k = 0; k < SCENE_KIND_COUNT; k++) {
        for (uint32_t i = scene->kind_first[k]; i < scene->kind_dynamic_first[k]; i++) {
            uint64_t col = (uint64_t)(chunk_cell(scene->spheres[i][0]) - col_min);
            uint64_t row = (uint64_t)(row_max - chunk_cell(scene->spheres[i][2]));
            uint64_t cell = row * (uint64_t)(col_max - col_min + 1) + col;
            if (scene->spheres[i][3] > SCENE_CHUNK_LARGE)
                cell = cells + large++;
            keys[m++] = (struct chunk_key){.cell = cell,
                                           .thickness = scene->thickness[i],
                                           .slot = i,
                                           .kind = (uint32_t)k};
        }
    }
    qsort(keys, n, sizeof *keys, chunk_key_compare);
    uint32_t chunks = 0;
    for (uint32_t i = 0; i < n; i++)
        chunks += i == 0 || keys[i].cell != keys[i - 1].cell;
    scene->chunks = calloc(chunks ? chunks : 1, sizeof *scene->chunks);
    scene->visible_chunks = calloc(chunks ? chunks : 1, sizeof *scene->visible_chunks);
    scene->visible_chunk_skip = calloc(chunks ? chunks : 1, sizeof *scene->visible_chunk_skip);
    if (!scene->chunks || !scene->visible_chunks || !scene->visible_chunk_skip) {
        fprintf(stderr, "scene: out of memory for %u static chunks\n", chunks);
        free(keys);
        return -1;
    }
    scene->chunk_count = chunks;
    for (uint32_t i = 0, c = 0; i < n; i++) {
        if (i > 0 && keys[i].cell != keys[i - 1].cell)
            scene->chunks[++c].first = i;
        struct scene_chunk *chunk = &scene->chunks[c];
        scene->statics[i] = (struct scene_static_instance){.instance = scene->instances[keys[i].slot],
                                                           .mesh = keys[i].kind};
        scene->static_slot[i] = keys[i].slot;
        scene->static_thickness[i] = keys[i].thickness;
        scene->static_tris_before[i] = (uint32_t)chunk->triangles;
        chunk->count++;
        chunk->triangles += scene->meshes[keys[i].kind].index_count / 3;
    }
    free(keys);
    for (uint32_t c = 0; c < chunks; c++)
        chunk_bound(scene, &scene->chunks[c]);
    return 0;
}
