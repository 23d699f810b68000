/* Benchmark: scene_update and scene_cull (two eyes) per frame at 4 and 256 lines. Not a test: prints a table.
 * Usage: scene_bench [frames]   (default 2000 frames at 90 Hz display times) */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "factoryxr/scene.h"

static double now_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec * 1e-3;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static void summarize(double *v, int n, double *out_p50, double *out_p99, double *out_max)
{
    qsort(v, (size_t)n, sizeof *v, cmp_double);
    *out_p50 = v[n / 2];
    *out_p99 = v[(n * 99) / 100];
    *out_max = v[n - 1];
}

static int bench(uint32_t lines, int frames)
{
    struct scene *scene = NULL;
    double t0 = now_us();
    if (scene_create(&(struct scene_desc){.lines = lines}, &scene) != 0)
        return -1;
    double create_ms = (now_us() - t0) * 1e-3;
    double *upd = malloc((size_t)frames * sizeof *upd), *cull = malloc((size_t)frames * sizeof *cull);
    if (!upd || !cull) {
        free(upd);
        free(cull);
        scene_destroy(&scene);
        return -1;
    }
    /* Two eyes at 1.7 m looking down the aisle with a Quest-like FOV, the head turning slowly. */
    const int64_t base = 1700000000000000000LL, period = 11111111;
    uint64_t visible = 0, triangles = 0;
    for (int f = 0; f < frames; f++) {
        int64_t t = base + (int64_t)f * period;
        double a = now_us();
        scene_update(scene, t);
        double b = now_us();
        float yaw = 0.6f * (float)((f % 600) - 300) / 300.0f;
        float q[4] = {0.0f, sinf(yaw * 0.5f), 0.0f, cosf(yaw * 0.5f)};
        const float eye_l[3] = {-0.032f, 1.7f, 0.0f}, eye_r[3] = {0.032f, 1.7f, 0.0f};
        struct scene_frustum fr[2];
        scene_frustum_from_fov(eye_l, q, -0.94f, 0.79f, 0.80f, -0.94f, 0.05f, 200.0f, 0.035f, &fr[0]);
        scene_frustum_from_fov(eye_r, q, -0.79f, 0.94f, 0.80f, -0.94f, 0.05f, 200.0f, 0.035f, &fr[1]);
        struct scene_draw_list list;
        scene_cull(scene, fr, 2, &list);
        double c = now_us();
        upd[f] = b - a;
        cull[f] = c - b;
        visible += list.instance_count;
        triangles += list.triangles;
    }
    struct scene_stats st;
    scene_get_stats(scene, &st);
    double u50, u99, umax, c50, c99, cmax;
    summarize(upd, frames, &u50, &u99, &umax);
    summarize(cull, frames, &c50, &c99, &cmax);
    printf("| %5u | %7u | %9llu | %6.1f | %7.1f | %7.1f | %7.1f | %7.1f | %7.1f | %7.1f | %8llu | %9llu |\n", lines,
           st.instance_count, (unsigned long long)st.triangles, create_ms, u50, u99, umax, c50, c99, cmax,
           (unsigned long long)(visible / (uint64_t)frames), (unsigned long long)(triangles / (uint64_t)frames));
    free(upd);
    free(cull);
    scene_destroy(&scene);
    return 0;
}

int main(int argc, char **argv)
{
    int frames = 2000;
    if (argc > 2 || (argc == 2 && (sscanf(argv[1], "%d", &frames) != 1 || frames < 10 || frames > 1000000))) {
        fprintf(stderr, "usage: %s [frames 10..1000000]\n", argv[0]);
        return 2;
    }
    static const uint32_t lines[] = {1, 4, 16, 64, 256};
    printf("scene_bench: %d frames each, times in microseconds per frame (cull = both eyes)\n", frames);
    printf("| lines | instances | triangles | create ms | update p50 | p99 | max | cull p50 | p99 | max | visible | vis. tris |\n");
    printf("|---|---|---|---|---|---|---|---|---|---|---|---|\n");
    for (size_t i = 0; i < sizeof lines / sizeof lines[0]; i++) {
        if (bench(lines[i], frames) != 0) {
            fprintf(stderr, "scene_bench: %u lines failed\n", lines[i]);
            return 1;
        }
    }
    return 0;
}
