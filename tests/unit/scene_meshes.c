/* Meshes: every procedural mesh is well-formed (indices, normals, winding, bounds, names); the two flat
 * squares (the quad grid and the single-cell tile) cover the same unit square facing +Y. */
#include <math.h>

#include "scene_check.h"
#include "scene_internal.h"

static void sub(const float a[3], const float b[3], float out[3])
{
    out[0] = a[0] - b[0], out[1] = a[1] - b[1], out[2] = a[2] - b[2];
}

static void check_mesh(struct check *chk, const struct scene_mesh *mesh, uint32_t k)
{
    CHECK(chk, mesh->name && mesh->name[0], "mesh %u has no name", k);
    CHECK(chk, mesh->vertex_count >= 3 && mesh->index_count >= 3, "mesh %u is empty", k);
    CHECK(chk, mesh->index_count % 3 == 0, "mesh %s: %u indices", mesh->name, mesh->index_count);
    float far = 0.0f;
    for (uint32_t v = 0; v < mesh->vertex_count; v++) {
        const float *n = mesh->vertices[v].normal, *p = mesh->vertices[v].pos;
        float len = sqrtf(n[0] * n[0] + n[1] * n[1] + n[2] * n[2]);
        CHECK(chk, fabsf(len - 1.0f) < 1e-4f, "mesh %s vertex %u: normal length %f", mesh->name, v, (double)len);
        far = fmaxf(far, sqrtf(p[0] * p[0] + p[1] * p[1] + p[2] * p[2]));
    }
    CHECK(chk, mesh->bound_radius >= far, "mesh %s: bound %f < farthest vertex %f", mesh->name,
          (double)mesh->bound_radius, (double)far);
    CHECK(chk, mesh->bound_radius <= far * 1.01f, "mesh %s: bound %f is loose (%f)", mesh->name,
          (double)mesh->bound_radius, (double)far);
    uint32_t bad_winding = 0, degenerate = 0;
    for (uint32_t i = 0; i + 2 < mesh->index_count; i += 3) {
        const uint32_t *t = &mesh->indices[i];
        if (t[0] >= mesh->vertex_count || t[1] >= mesh->vertex_count || t[2] >= mesh->vertex_count) {
            CHECK(chk, 0, "mesh %s: triangle %u has an index out of range", mesh->name, i / 3);
            continue;
        }
        const struct scene_vertex *a = &mesh->vertices[t[0]], *b = &mesh->vertices[t[1]], *c = &mesh->vertices[t[2]];
        float e1[3], e2[3];
        sub(b->pos, a->pos, e1);
        sub(c->pos, a->pos, e2);
        float f[3] = {e1[1] * e2[2] - e1[2] * e2[1], e1[2] * e2[0] - e1[0] * e2[2], e1[0] * e2[1] - e1[1] * e2[0]};
        float area2 = sqrtf(f[0] * f[0] + f[1] * f[1] + f[2] * f[2]);
        if (area2 < 1e-7f) {
            degenerate++;
            continue;
        }
        /* Counter-clockwise seen from outside: the face normal agrees with the vertex normals. */
        float n[3] = {a->normal[0] + b->normal[0] + c->normal[0], a->normal[1] + b->normal[1] + c->normal[1],
                      a->normal[2] + b->normal[2] + c->normal[2]};
        if (f[0] * n[0] + f[1] * n[1] + f[2] * n[2] <= 0.0f)
            bad_winding++;
    }
    CHECK(chk, bad_winding == 0, "mesh %s: %u triangles wound against their normals", mesh->name, bad_winding);
    CHECK(chk, degenerate == 0, "mesh %s: %u degenerate triangles", mesh->name, degenerate);
}

/* A unit square in XZ at y = 0, every normal +Y, made of cells x cells squares of 2 triangles. */
static void check_flat_square(struct check *chk, const struct scene_mesh *mesh, uint32_t cells)
{
    CHECK(chk, mesh->vertex_count == (cells + 1) * (cells + 1) && mesh->index_count == cells * cells * 6,
          "mesh %s: %u vertices, %u indices for a %ux%u grid", mesh->name, mesh->vertex_count, mesh->index_count,
          cells, cells);
    float lo[3] = {1e9f, 1e9f, 1e9f}, hi[3] = {-1e9f, -1e9f, -1e9f};
    uint32_t off_normal = 0;
    for (uint32_t v = 0; v < mesh->vertex_count; v++) {
        const struct scene_vertex *vx = &mesh->vertices[v];
        for (int a = 0; a < 3; a++) {
            lo[a] = fminf(lo[a], vx->pos[a]);
            hi[a] = fmaxf(hi[a], vx->pos[a]);
        }
        off_normal += vx->normal[0] != 0.0f || vx->normal[1] != 1.0f || vx->normal[2] != 0.0f;
    }
    CHECK(chk, lo[0] == -0.5f && hi[0] == 0.5f && lo[1] == 0.0f && hi[1] == 0.0f && lo[2] == -0.5f && hi[2] == 0.5f,
          "mesh %s is not the unit square in XZ", mesh->name);
    CHECK(chk, off_normal == 0, "mesh %s: %u normals not +Y", mesh->name, off_normal);
    CHECK(chk, fabsf(mesh->bound_radius - sqrtf(0.5f)) < 1e-3f, "mesh %s: bound %f", mesh->name,
          (double)mesh->bound_radius);
}

/* A roller bed is SCENE_ROLLER_BED_ROLLERS copies of the single roller's prism at the conveyor's real radius,
 * axes parallel to X at y = 0, z = (k + 1/2) * spin_pitch: every vertex within the radius of its axis, so a
 * renderer can find the axis from the vertex alone (floor(z / pitch) + 1/2) and spin it there. */
static void check_roller_bed(struct check *chk, const struct scene_mesh *bed, const struct scene_mesh *roller)
{
    float pitch = bed->spin_pitch;
    CHECK(chk, fabsf(pitch - SCENE_ROLLER_STEP) < 1e-6f && pitch > 2.0f * SCENE_ROLLER_R, "bed pitch %f",
          (double)pitch);
    CHECK(chk, bed->index_count == roller->index_count * SCENE_ROLLER_BED_ROLLERS &&
                   bed->vertex_count == roller->vertex_count * SCENE_ROLLER_BED_ROLLERS,
          "bed has %u indices / %u vertices for %d rollers of %u / %u", bed->index_count, bed->vertex_count,
          SCENE_ROLLER_BED_ROLLERS, roller->index_count, roller->vertex_count);
    uint32_t per_axis[SCENE_ROLLER_BED_ROLLERS] = {0}, off = 0;
    for (uint32_t v = 0; v < bed->vertex_count; v++) {
        const float *p = bed->vertices[v].pos, *n = bed->vertices[v].normal;
        float axis = (floorf(p[2] / pitch) + 0.5f) * pitch;
        int k = (int)lroundf(axis / pitch - 0.5f) + SCENE_ROLLER_BED_ROLLERS / 2;
        float r = sqrtf(p[1] * p[1] + (p[2] - axis) * (p[2] - axis));
        if (k < 0 || k >= SCENE_ROLLER_BED_ROLLERS || fabsf(r - SCENE_ROLLER_R) > 1e-5f || fabsf(p[0]) > 0.5f + 1e-6f ||
            fabsf(n[0]) > 1e-6f) {
            off++;
            continue;
        }
        per_axis[k]++;
    }
    CHECK(chk, off == 0, "%u bed vertices are not on a roller's surface around its own axis", off);
    for (int k = 0; k < SCENE_ROLLER_BED_ROLLERS; k++)
        CHECK(chk, per_axis[k] == roller->vertex_count, "bed axis %d has %u vertices, a roller %u", k, per_axis[k],
              roller->vertex_count);
}

int main(void)
{
    struct check chk = {0};
    struct scene *scene = NULL;
    if (scene_create(NULL, &scene) != 0) {
        fprintf(stderr, "scene_create failed\n");
        return 1;
    }
    uint32_t count = scene_mesh_count(scene);
    CHECK(&chk, count == SCENE_KIND_COUNT, "%u mesh kinds, %d expected", count, SCENE_KIND_COUNT);
    for (uint32_t k = 0; k < count; k++) {
        const struct scene_mesh *mesh = scene_get_mesh(scene, k);
        CHECK(&chk, mesh != NULL, "mesh %u missing", k);
        if (!mesh)
            continue;
        check_mesh(&chk, mesh, k);
        for (uint32_t j = 0; j < k; j++)
            CHECK(&chk, strcmp(scene_get_mesh(scene, j)->name, mesh->name) != 0, "two meshes named %s", mesh->name);
        printf("mesh %-9s %5u vertices %5u triangles bound %.3f\n", mesh->name, mesh->vertex_count,
               mesh->index_count / 3, (double)mesh->bound_radius);
    }
    CHECK(&chk, scene_get_mesh(scene, count) == NULL, "index past the end returns a mesh");
    for (uint32_t k = 0; k < count; k++)
        CHECK(&chk, (scene_get_mesh(scene, k)->spin_pitch > 0.0f) == (k == SCENE_KIND_ROLLER_BED),
              "mesh %s: spin pitch %f", scene_get_mesh(scene, k)->name, (double)scene_get_mesh(scene, k)->spin_pitch);
    check_roller_bed(&chk, scene_get_mesh(scene, SCENE_KIND_ROLLER_BED), scene_get_mesh(scene, SCENE_KIND_ROLLER));
    const struct scene_mesh *quad = scene_get_mesh(scene, SCENE_KIND_QUAD);
    const struct scene_mesh *tile = scene_get_mesh(scene, SCENE_KIND_TILE);
    if (quad && tile) {
        CHECK(&chk, strcmp(quad->name, "quad") == 0 && strcmp(tile->name, "tile") == 0, "flat meshes named %s, %s",
              quad->name, tile->name);
        /* The quad stays a grid (large pieces need vertices where the light varies); the tile is one cell. */
        check_flat_square(&chk, quad, 4);
        check_flat_square(&chk, tile, 1);
    }
    scene_destroy(&scene);
    return check_finish(&chk, "scene_meshes");
}
