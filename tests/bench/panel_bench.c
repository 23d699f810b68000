/* Benchmark: the machine panel's CPU cost — panel_create, panel_update when nothing is due, when sampled but
 * unchanged, a full re-render, and a minute of 90 Hz frames with a panel open. Not a test: prints a table.
 * Usage: panel_bench [WIDTH HEIGHT] */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "factoryxr/panel.h"

#define NS 1000000000LL

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

/* p50, p99 and max of n timings (sorted in place), in µs. */
static void row(const char *what, double *v, int n, const char *note)
{
    qsort(v, (size_t)n, sizeof *v, cmp_double);
    printf("| %s | %d | %.3f | %.3f | %.3f | %s |\n", what, n, v[n / 2], v[(n * 99) / 100], v[n - 1], note);
}

/* Calls panel_update n times with the scenes and machines the callback picks; timings in out (µs). */
static int time_updates(struct panel *panel, struct scene *const scenes[2], uint32_t machine, int n, int mode,
                        double *out)
{
    int renders = 0;
    for (int i = 0; i < n; i++) {
        const struct scene *s = scenes[mode == 1 ? i & 1 : 0];
        if (mode == 2) /* another refresh interval each call, and content that changed */
            scene_update(scenes[0], 7200 * NS + (int64_t)(i & 1) * 7 * NS);
        double a = now_us();
        renders += panel_update(panel, s, machine);
        out[i] = now_us() - a;
    }
    return renders;
}

/* A minute of frames at 90 Hz with the panel open on a running press: what the frame loop pays. */
static void frame_loop(struct panel *panel, struct scene *scene, uint32_t machine, double *out)
{
    const int frames = 90 * 60;
    int renders = 0;
    for (int f = 0; f < frames; f++) {
        scene_update(scene, 7300 * NS + (int64_t)f * 11111111);
        double a = now_us();
        renders += panel_update(panel, scene, machine);
        out[f] = now_us() - a;
    }
    char note[96];
    snprintf(note, sizeof note, "%d re-renders in %d frames (4 Hz refresh)", renders, frames);
    row("90 Hz frames for 60 s, panel open", out, frames, note);
}

int main(int argc, char **argv)
{
    struct panel_desc desc = {0};
    if (argc == 3) {
        desc.width = (uint32_t)strtoul(argv[1], NULL, 10);
        desc.height = (uint32_t)strtoul(argv[2], NULL, 10);
    } else if (argc != 1) {
        fprintf(stderr, "usage: panel_bench [WIDTH HEIGHT]\n");
        return 2;
    }
    struct scene *scenes[2] = {NULL, NULL};
    struct panel *panel = NULL;
    double *t = malloc(100000 * sizeof *t);
    if (!t || scene_create(NULL, &scenes[0]) != 0 || scene_create(NULL, &scenes[1]) != 0)
        return 1;
    double a = now_us();
    if (panel_create(&desc, &panel) != 0)
        return 1;
    double create_ms = (now_us() - a) * 1e-3;
    uint32_t w, h, press = scene_find_machine(scenes[0], "line1-press");
    panel_pixels(panel, &w, &h);
    printf("panel %ux%u, panel_create %.1f ms (FreeType face, ASCII in 5 styles, background)\n\n", w, h, create_ms);
    printf("| panel_update | calls | p50 µs | p99 µs | max µs | |\n|---|--:|--:|--:|--:|---|\n");
    scene_update(scenes[0], 7200 * NS);
    scene_update(scenes[1], 7200 * NS);
    panel_update(panel, scenes[0], press);
    int r = time_updates(panel, scenes, press, 100000, 0, t);
    row("nothing due (same refresh interval)", t, 100000, r ? "re-rendered!" : "no re-render");
    r = time_updates(panel, scenes, press, 20000, 1, t);
    row("sampled, unchanged (history of 121 + compare)", t, 20000, r ? "re-rendered!" : "no re-render");
    r = time_updates(panel, scenes, press, 2000, 2, t);
    char note[64];
    snprintf(note, sizeof note, "%d of 2000 re-rendered", r);
    row("changed: sample + full re-render", t, 2000, note);
    frame_loop(panel, scenes[0], press, t);
    panel_destroy(&panel);
    scene_destroy(&scenes[0]);
    scene_destroy(&scenes[1]);
    free(t);
    return 0;
}
