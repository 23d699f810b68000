/* Tiny check helpers shared by the scene unit tests: count failures, report where, keep going. */
#ifndef FACTORYXR_SCENE_CHECK_H
#define FACTORYXR_SCENE_CHECK_H

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "factoryxr/scene.h"

struct check {
    int failures;
};

#define CHECK(chk, cond, ...)                                                                            \
    do {                                                                                                  \
        if (!(cond)) {                                                                                    \
            fprintf(stderr, "%s:%d: CHECK(%s) failed: ", __FILE__, __LINE__, #cond);                      \
            fprintf(stderr, __VA_ARGS__);                                                                 \
            fputc('\n', stderr);                                                                          \
            (chk)->failures++;                                                                            \
        }                                                                                                 \
    } while (0)

static inline int check_finish(const struct check *chk, const char *name)
{
    if (chk->failures)
        fprintf(stderr, "%s: %d check(s) failed\n", name, chk->failures);
    else
        printf("%s: all checks passed\n", name);
    return chk->failures ? 1 : 0;
}

/* Reference thickness: the mesh's bounding-box size along each local axis times that axis' scale, the
 * smallest of the three; flat meshes and glowing pieces infinite. */
static inline double reference_thickness(const struct scene *scene, uint32_t kind, const struct scene_instance *in)
{
    const struct scene_mesh *mesh = scene_get_mesh(scene, kind);
    double lo[3] = {1e30, 1e30, 1e30}, hi[3] = {-1e30, -1e30, -1e30}, thick = INFINITY;
    for (uint32_t v = 0; v < mesh->vertex_count; v++) {
        for (int a = 0; a < 3; a++) {
            lo[a] = fmin(lo[a], mesh->vertices[v].pos[a]);
            hi[a] = fmax(hi[a], mesh->vertices[v].pos[a]);
        }
    }
    for (int a = 0; a < 3; a++) {
        const float *c = &in->model[a * 4];
        if (hi[a] - lo[a] <= 0.0)
            return INFINITY;
        thick = fmin(thick, (hi[a] - lo[a]) * sqrt((double)c[0] * c[0] + (double)c[1] * c[1] + (double)c[2] * c[2]));
    }
    return in->color[3] > 0.0f ? INFINITY : thick;
}

/* The whole scene, unculled (frustum_count 0). */
static inline void check_full_list(struct scene *scene, struct scene_draw_list *out_list)
{
    scene_cull(scene, NULL, 0, out_list);
}

#endif
