/* Tiny check helpers shared by the scene unit tests: count failures, report where, keep going. */
#ifndef FACTORYXR_SCENE_CHECK_H
#define FACTORYXR_SCENE_CHECK_H

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

/* The whole scene, unculled (frustum_count 0). */
static inline void check_full_list(struct scene *scene, struct scene_draw_list *out_list)
{
    scene_cull(scene, NULL, 0, out_list);
}

#endif
