/* Renderer benchmark: GPU ms (timestamps) of one native multiview pass vs one pass per view (and gfx's
 * default, which splits multiview on llvmpipe) for --lines and --sizes, offscreen, no XR. Prints a
 * Markdown table. Run on lavapipe with LP_NUM_THREADS pinned (required, and printed). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "factoryxr/gfx.h"
#include "factoryxr/scene.h"
#include "factoryxr/xr.h"
#include "gfx_test_vk.h"

#define MAX_LIST 16
#define WARMUP 4u
#define IMAGES 3u

struct bench {
    uint32_t lines[MAX_LIST], line_count;
    uint32_t sizes[MAX_LIST], size_count;
    uint32_t frames;
    float detail_px;
    uint32_t rounds; /* each mode runs once per round, modes interleaved; the best median is kept */
};

enum mode { MODE_NATIVE, MODE_PER_VIEW, MODE_DEFAULT, MODE_COUNT };
static const char *const mode_names[MODE_COUNT] = {"native multiview", "per-view", "gfx default"};

static int parse_list(const char *arg, uint32_t max, uint32_t *out, uint32_t *out_count)
{
    char *copy = strdup(arg), *save = NULL;
    *out_count = 0;
    int rc = copy ? 0 : -1;
    for (char *tok = copy ? strtok_r(copy, ",", &save) : NULL; tok && rc == 0; tok = strtok_r(NULL, ",", &save)) {
        char *end = NULL;
        unsigned long v = strtoul(tok, &end, 10);
        if (*end || v < 1 || v > max || *out_count == MAX_LIST)
            rc = -1;
        else
            out[(*out_count)++] = (uint32_t)v;
    }
    free(copy);
    return rc == 0 && *out_count > 0 ? 0 : -1;
}

static int parse_args(int argc, char **argv, struct bench *b)
{
    *b = (struct bench){.lines = {1, 4, 16}, .line_count = 3, .sizes = {512, 1024}, .size_count = 2, .frames = 20,
                        .rounds = 3, .detail_px = XR_DEFAULT_DETAIL_PX};
    for (int i = 1; i < argc; i++) {
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        char *end = NULL;
        if (strcmp(argv[i], "--lines") == 0 && v) {
            if (parse_list(v, SCENE_MAX_LINES, b->lines, &b->line_count) != 0)
                return -1;
        } else if (strcmp(argv[i], "--sizes") == 0 && v) {
            if (parse_list(v, 4096, b->sizes, &b->size_count) != 0)
                return -1;
        } else if (strcmp(argv[i], "--rounds") == 0 && v) {
            unsigned long n = strtoul(v, &end, 10);
            if (*end || n < 1 || n > 100)
                return -1;
            b->rounds = (uint32_t)n;
        } else if (strcmp(argv[i], "--detail-px") == 0 && v) {
            double d = strtod(v, &end);
            if (*end || end == v || !(d >= 0.0 && d <= 16.0))
                return -1;
            b->detail_px = (float)d;
        } else if (strcmp(argv[i], "--frames") == 0 && v) {
            unsigned long n = strtoul(v, &end, 10);
            if (*end || n < 1 || n > 10000)
                return -1;
            b->frames = (uint32_t)n;
        } else {
            return -1;
        }
        i++;
    }
    return 0;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Eyes 63 mm apart at standing height, looking down the hall; both frusta cull the scene, and detail
 * culling leaves out what factoryxr would at this size (XR_DEFAULT_DETAIL_PX pixels; --detail-px). */
static void make_views(struct scene *scene, uint32_t size, float detail_px, struct gfx_view views[2],
                       struct scene_draw_list *out_list)
{
    float q[4] = {-0.0599640f, 0.0f, 0.0f, 0.9982005f}; /* 6.9 degrees down */
    struct scene_frustum frusta[2];
    for (int e = 0; e < 2; e++) {
        float pos[3] = {e == 0 ? -0.0315f : 0.0315f, 1.7f, 6.0f};
        gfx_view_from_pose(pos, q, -0.785f, 0.785f, 0.785f, -0.785f, 0.05f, 200.0f, &views[e]);
        scene_frustum_from_fov(pos, q, -0.785f, 0.785f, 0.785f, -0.785f, 0.05f, 200.0f, 0.0f, &frusta[e]);
    }
    scene_update(scene, 2000000000ll);
    /* the tangent per pixel at the view's centre, as runtime/xr/frame.c measures it */
    struct scene_detail detail = {.eye = {0.0f, 1.7f, 6.0f}, .min_angle = detail_px * 2.0f * tanf(0.785f) / (float)size};
    scene_cull_detail(scene, frusta, 2, detail_px > 0.0f ? &detail : NULL, out_list);
}

/* Median GPU ms of `frames` frames after a warm-up; -1 on failure. */
static double run(struct gvk *vk, struct gfx *gfx, enum mode mode, uint32_t size, uint32_t frames,
                  const struct scene_draw_list *list, const struct gfx_view views[2], uint32_t *out_draws)
{
    bool multiview = mode != MODE_PER_VIEW;
    struct gvk_images color[2] = {0};
    struct gfx_target_desc target = {.width = size, .height = size, .view_count = 2, .multiview = multiview,
                                     .msaa_samples = 1, .color_format = VK_FORMAT_R8G8B8A8_SRGB};
    double *times = calloc(frames, sizeof *times), median = -1.0;
    uint32_t got = 0;
    for (uint32_t s = 0; s < (multiview ? 1u : 2u); s++) {
        if (gvk_images_create(vk, VK_FORMAT_R8G8B8A8_SRGB, false, size, size, multiview ? 2 : 1, IMAGES, &color[s]) != 0)
            goto done;
        target.color[s] = (struct gfx_image_set){IMAGES, color[s].images};
    }
    if (!times || gfx_set_target(gfx, &target) != 0)
        goto done;
    for (uint32_t f = 0; f < WARMUP + frames + GFX_FRAMES_IN_FLIGHT; f++) {
        struct gfx_frame_stats prev, stats;
        uint32_t index[2] = {f % IMAGES, f % IMAGES};
        if (gfx_frame_begin(gfx, &prev) != 0)
            goto done;
        /* begin reports the frame that last used the slot: frame f - 2 */
        if (f >= WARMUP + GFX_FRAMES_IN_FLIGHT && prev.gpu_ms > 0.0 && got < frames)
            times[got++] = prev.gpu_ms;
        if (gfx_frame_record(gfx, list, index, NULL, &stats) != 0)
            goto done;
        gfx_frame_set_views(gfx, views, 2);
        if (gfx_frame_submit(gfx) != 0)
            goto done;
        *out_draws = stats.draws;
    }
    if (got > 0) {
        qsort(times, got, sizeof *times, cmp_double);
        median = times[got / 2];
    }
done:
    if (vkQueueWaitIdle(vk->queue) != VK_SUCCESS) /* the images go away; benchmark scaffolding only */
        median = -1.0;
    for (uint32_t s = 0; s < 2; s++)
        gvk_images_destroy(vk, &color[s]);
    free(times);
    return median;
}

static int bench_lines(struct gvk *vk, struct gfx *gfx[MODE_COUNT], const struct bench *b, uint32_t lines)
{
    struct scene *scene = NULL;
    struct scene_desc desc = {.lines = lines};
    if (scene_create(&desc, &scene) != 0)
        return -1;
    int rc = 0;
    for (enum mode m = 0; m < MODE_COUNT && rc == 0; m++)
        rc = gfx_upload_scene(gfx[m], scene);
    struct gfx_view views[2];
    struct scene_draw_list list;
    for (uint32_t s = 0; s < b->size_count && rc == 0; s++) {
        make_views(scene, b->sizes[s], b->detail_px, views, &list);
        double ms[MODE_COUNT] = {0};
        uint32_t draws[MODE_COUNT] = {0};
        /* Other processes share the CPUs lavapipe runs on: interleave the modes and keep each one's best
         * median, the run least disturbed. */
        for (uint32_t r = 0; r < b->rounds && rc == 0; r++) {
            for (enum mode m = 0; m < MODE_COUNT && rc == 0; m++) {
                double t = run(vk, gfx[m], m, b->sizes[s], b->frames, &list, views, &draws[m]);
                rc = t > 0.0 ? 0 : -1;
                ms[m] = r == 0 || t < ms[m] ? t : ms[m];
            }
        }
        if (rc == 0)
            printf("| %u | %u² | %u + %u | %llu | %u / %u | %.2f | %.2f | %.2f | %.2fx |\n", lines, b->sizes[s],
                   list.instance_count, list.chunk_count, (unsigned long long)list.triangles, draws[MODE_NATIVE], draws[MODE_PER_VIEW],
                   ms[MODE_NATIVE], ms[MODE_PER_VIEW], ms[MODE_DEFAULT], ms[MODE_PER_VIEW] / ms[MODE_NATIVE]);
        fflush(stdout);
    }
    scene_destroy(&scene);
    return rc;
}

int main(int argc, char **argv)
{
    struct bench b;
    if (parse_args(argc, argv, &b) != 0) {
        fprintf(stderr, "usage: gfx_bench [--lines 1,4,16] [--sizes 512,1024] [--frames 20] [--rounds 3] "
                        "[--detail-px 2 (0: every piece)]\n");
        return 2;
    }
    const char *threads = getenv("LP_NUM_THREADS");
    if (!threads || !*threads) {
        fprintf(stderr, "gfx_bench: set LP_NUM_THREADS (lavapipe's thread count) so runs are comparable\n");
        return 2;
    }
    struct gvk vk;
    if (gvk_create(&vk) != 0)
        return 1;
    VkPhysicalDeviceProperties props;
    vkGetPhysicalDeviceProperties(vk.physical_device, &props);
    printf("gfx_bench: %s, LP_NUM_THREADS=%s, GPU ms (timestamps, both eyes, culled to both eye frusta, detail "
           "culling %.1f px): best of %u interleaved runs of the median of %u frames\n\n",
           props.deviceName, threads, (double)b.detail_px, b.rounds, b.frames);
    printf("| lines | per eye | animated instances + static chunks | triangles | draws (mv / pv) | %s ms | %s ms | %s ms | pv / mv |\n",
           mode_names[MODE_NATIVE], mode_names[MODE_PER_VIEW], mode_names[MODE_DEFAULT]);
    printf("|---|---|---|---|---|---|---|---|---|\n");
    struct gfx *gfx[MODE_COUNT] = {NULL};
    int rc = 0;
    for (enum mode m = 0; m < MODE_COUNT && rc == 0; m++) {
        struct gfx_device_desc desc = gvk_device_desc(&vk, "");
        desc.force_native_multiview = m == MODE_NATIVE;
        rc = gfx_create(&desc, &gfx[m]);
    }
    for (uint32_t l = 0; l < b.line_count && rc == 0; l++)
        rc = bench_lines(&vk, gfx, &b, b.lines[l]);
    for (enum mode m = 0; m < MODE_COUNT; m++)
        gfx_destroy(&gfx[m]);
    gvk_destroy(&vk);
    return rc == 0 ? 0 : 1;
}
