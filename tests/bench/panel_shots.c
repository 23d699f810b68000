/* panel_shots: writes PNGs of machine panels (a running press, a faulted press, a rack, an AGV, a live press
 * gone stale) composited over a grey like the hall's, to look at and for the docs. Not a test.
 * Usage: panel_shots OUT_DIR [WIDTH HEIGHT] */
#include <errno.h>
#include <math.h>
#include <png.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "factoryxr/panel.h"

#define NS 1000000000LL

static float to_linear(uint8_t v)
{
    float f = (float)v / 255.0f;
    return f <= 0.04045f ? f / 12.92f : powf((f + 0.055f) / 1.055f, 2.4f);
}

static uint8_t to_srgb(float v)
{
    v = v < 0.0f ? 0.0f : v > 1.0f ? 1.0f : v;
    return (uint8_t)lrintf((v <= 0.0031308f ? v * 12.92f : 1.055f * powf(v, 1.0f / 2.4f) - 0.055f) * 255.0f);
}

/* The premultiplied panel over an opaque background, in linear light as a compositor blends. */
static int write_png(const char *path, const uint8_t *px, uint32_t w, uint32_t h, uint8_t bg)
{
    uint8_t *rgb = malloc((size_t)w * h * 3);
    png_image img = {.version = PNG_IMAGE_VERSION, .width = w, .height = h, .format = PNG_FORMAT_RGB};
    if (!rgb)
        return -1;
    float back = to_linear(bg);
    for (size_t i = 0; i < (size_t)w * h; i++) {
        float keep = 1.0f - (float)px[i * 4 + 3] / 255.0f;
        for (int ch = 0; ch < 3; ch++)
            rgb[i * 3 + ch] = to_srgb(to_linear(px[i * 4 + ch]) + back * keep);
    }
    int ok = png_image_write_to_file(&img, path, 0, rgb, (png_int_32)(w * 3), NULL);
    free(rgb);
    if (!ok) {
        fprintf(stderr, "panel_shots: cannot write %s: %s\n", path, img.message);
        return -1;
    }
    printf("panel_shots: %s\n", path);
    return 0;
}

/* Two seconds into the first stretch from `from` in which the machine shows `status` after 40 s of something
 * else (so the chart's band shows the change). */
static int64_t find_time(const struct scene *scene, uint32_t m, enum scene_machine_status status, int64_t from)
{
    for (int64_t t = from; t < from + 3600 * NS; t += NS) {
        struct scene_machine_state now, before;
        scene_machine_state_sim(scene, m, t, &now);
        scene_machine_state_sim(scene, m, t - 40 * NS, &before);
        if (now.status == status && before.status != status)
            return t + 2 * NS;
    }
    return from;
}

static int shot(struct panel *panel, struct scene *scene, const char *dir, const char *name, uint32_t m, int64_t t)
{
    char path[4096];
    uint32_t w, h;
    scene_update(scene, t);
    panel_update(panel, scene, m);
    const uint8_t *px = panel_pixels(panel, &w, &h);
    snprintf(path, sizeof path, "%s/%s.png", dir, name);
    return write_png(path, px, w, h, 0x6a);
}

int main(int argc, char **argv)
{
    if (argc != 2 && argc != 4) {
        fprintf(stderr, "usage: panel_shots OUT_DIR [WIDTH HEIGHT]\n");
        return 2;
    }
    struct panel_desc desc = {0};
    if (argc == 4) {
        desc.width = (uint32_t)strtoul(argv[2], NULL, 10);
        desc.height = (uint32_t)strtoul(argv[3], NULL, 10);
    }
    struct scene *scene = NULL;
    struct panel *panel = NULL;
    if (scene_create(&(struct scene_desc){.lines = 4}, &scene) != 0 || panel_create(&desc, &panel) != 0) {
        scene_destroy(&scene);
        return 1;
    }
    uint32_t press = scene_find_machine(scene, "line1-press");
    int64_t base = 7200 * NS;
    int rc = 0;
    int64_t running = find_time(scene, press, SCENE_MACHINE_RUNNING, base);
    int64_t fault = find_time(scene, press, SCENE_MACHINE_FAULT, base);
    rc |= shot(panel, scene, argv[1], "panel_press_running", press, running);
    rc |= shot(panel, scene, argv[1], "panel_press_fault", press, fault);
    rc |= shot(panel, scene, argv[1], "panel_rack", scene_find_machine(scene, "line1-rack-a"), base);
    rc |= shot(panel, scene, argv[1], "panel_agv", scene_find_machine(scene, "agv2"), base);
    /* Live data gone stale: what the twin will set. */
    struct scene_machine_state live = {.status = SCENE_MACHINE_OFFLINE, .cycle_count = 1234567, .parts_per_hour = NAN,
                                       .temperature_c = 61.4f, .load_pct = NAN, .stale = true};
    snprintf(live.alarm, sizeof live.alarm, "%s", "PLC unreachable since 14:02:17 (no heartbeat from 10.0.4.21)");
    uint32_t robot = scene_find_machine(scene, "line2-robot-a");
    scene_set_machine_live(scene, robot, &live);
    rc |= shot(panel, scene, argv[1], "panel_robot_live_stale", robot, base + 30 * NS);
    panel_destroy(&panel);
    scene_destroy(&scene);
    return rc ? 1 : 0;
}
