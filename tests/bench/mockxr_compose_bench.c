/* Benchmark of mockxr's reference compositor (mx_comp_eye, CPU only): the cost of compositing one eye of a
 * synthetic frame at a given output size, for a projection layer alone, projection + quad, and one layer of
 * every kind. Built from the compositor's sources; not a test: run by hand or run_benchmarks.sh, numbers in
 * docs/benchmarks.md. Usage: mockxr_compose_bench [--size N]... [--runs R] (default sizes 256 and 1024). */
#include "mx_comp.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static int64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* A w x h x faces image of a coloured checkerboard (8 x 8 texel squares, varied per face). */
static bool image(struct mx_comp_image *img, uint32_t w, uint32_t h, uint32_t faces, enum mx_comp_encoding enc)
{
    *img = (struct mx_comp_image){.width = w, .height = h, .faces = faces, .encoding = enc};
    img->rgba = malloc((size_t)w * h * faces * 4);
    if (!img->rgba)
        return false;
    for (uint32_t f = 0; f < faces; f++) {
        for (uint32_t y = 0; y < h; y++) {
            for (uint32_t x = 0; x < w; x++) {
                uint8_t *p = img->rgba + (((size_t)f * h + y) * w + x) * 4;
                bool on = ((x / 8) ^ (y / 8)) & 1;
                p[0] = (uint8_t)(on ? 200 : 40 * f), p[1] = (uint8_t)(x & 0xff), p[2] = (uint8_t)(y & 0xff);
                p[3] = on ? 255 : 160;
            }
        }
    }
    return true;
}

static XrPosef pose_at(float x, float y, float z)
{
    return (XrPosef){{0, 0, 0, 1}, {x, y, z}};
}

/* The frame: eyes as mockxr's (asymmetric FOV, 63 mm apart), a projection layer of `edge`-sized views,
 * then optionally a quad and one layer of each other kind. */
enum config { PROJECTION, RESAMPLED, QUAD, EVERY_KIND, CONFIG_COUNT };

static bool frame_init(struct mx_comp_frame *f, uint32_t edge, enum config config)
{
    bool quad = config >= QUAD, every_kind = config == EVERY_KIND;
    /* RESAMPLED: views rendered at 3/4 of the output's size, so every pixel is filtered (a window whose
     * size is not the recommended one); the others match it, the common case. */
    uint32_t view_edge = config == RESAMPLED ? edge * 3 / 4 : edge;
    memset(f, 0, sizeof(*f));
    f->eye_count = 2;
    f->projection = 0;
    const XrFovf fov[2] = {{-0.9425f, 0.7854f, 0.8378f, -0.8727f}, {-0.7854f, 0.9425f, 0.8378f, -0.8727f}};
    struct mx_comp_layer *p = &f->layers[f->layer_count++];
    p->kind = MX_COMP_PROJECTION, p->eyes = 3;
    for (int e = 0; e < 2; e++) {
        f->eye_pose[e] = pose_at(e ? 0.0315f : -0.0315f, 1.6f, 0);
        f->eye_fov[e] = fov[e];
        p->view_pose[e] = f->eye_pose[e], p->view_fov[e] = fov[e];
        if (!image(&p->image[e], view_edge, view_edge, 1, MX_COMP_SRGB))
            return false;
    }
    if (quad) {
        struct mx_comp_layer *q = &f->layers[f->layer_count++];
        *q = (struct mx_comp_layer){.kind = MX_COMP_QUAD, .eyes = 3, .source_alpha = true,
                                    .pose = pose_at(0.2f, 1.5f, -1.5f), .shape.quad_size = {1.0f, 0.6f}};
        if (!image(&q->image[0], 512, 320, 1, MX_COMP_SRGB))
            return false;
    }
    if (every_kind) {
        const enum mx_comp_kind kinds[4] = {MX_COMP_CYLINDER, MX_COMP_EQUIRECT, MX_COMP_EQUIRECT2, MX_COMP_CUBE};
        for (int k = 0; k < 4; k++) {
            struct mx_comp_layer *l = &f->layers[f->layer_count++];
            *l = (struct mx_comp_layer){.kind = kinds[k], .eyes = 3, .source_alpha = true,
                                        .pose = pose_at(0, 1.6f, 0)};
            l->shape.cylinder.radius = 2.0f, l->shape.cylinder.central_angle = 1.0f;
            l->shape.cylinder.aspect_ratio = 1.0f;
            if (kinds[k] == MX_COMP_EQUIRECT) {
                l->shape.equirect.radius = 3.0f;
                l->shape.equirect.scale = (XrVector2f){1, 1}, l->shape.equirect.bias = (XrVector2f){0, 0};
            } else if (kinds[k] == MX_COMP_EQUIRECT2) {
                l->shape.equirect2.radius = 0.0f, l->shape.equirect2.central_horizontal_angle = 1.5f;
                l->shape.equirect2.upper_vertical_angle = 0.4f, l->shape.equirect2.lower_vertical_angle = -0.4f;
            }
            if (!image(&l->image[0], 256, 256, kinds[k] == MX_COMP_CUBE ? 6 : 1, MX_COMP_LINEAR))
                return false;
        }
    }
    return true;
}

static int cmp_i64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

/* Median and minimum of `runs` calls compositing the left eye at size x size, in ms. */
static bool measure(const struct mx_comp_frame *f, uint32_t size, int runs, double *out_median, double *out_min)
{
    uint8_t *out = malloc((size_t)size * size * 4);
    int64_t *t = malloc((size_t)runs * sizeof(*t));
    bool ok = out && t;
    for (int r = 0; ok && r < runs; r++) {
        int64_t t0 = now_ns();
        ok = mx_comp_eye(f, 0, size, size, out);
        t[r] = now_ns() - t0;
    }
    if (ok) {
        qsort(t, (size_t)runs, sizeof(*t), cmp_i64);
        *out_median = (double)t[runs / 2] / 1e6;
        *out_min = (double)t[0] / 1e6;
    }
    free(out);
    free(t);
    return ok;
}

static bool parse_int(const char *s, long lo, long hi, long *out)
{
    char *end = NULL;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (!s[0] || *end || errno || v < lo || v > hi)
        return false;
    *out = v;
    return true;
}

int main(int argc, char **argv)
{
    long sizes[8] = {256, 1024}, runs = 20;
    int nsizes = 0;
    for (int k = 1; k < argc; k++) {
        long v = 0;
        bool has_value = k + 1 < argc;
        if (strcmp(argv[k], "--size") == 0 && has_value && nsizes < 8 && parse_int(argv[k + 1], 16, 8192, &v)) {
            sizes[nsizes++] = v, k++;
        } else if (strcmp(argv[k], "--runs") == 0 && has_value && parse_int(argv[k + 1], 1, 10000, &v)) {
            runs = v, k++;
        } else {
            fprintf(stderr, "mockxr_compose_bench: bad argument '%s'\nusage: mockxr_compose_bench [--size N (16..8192)]... "
                            "[--runs R (1..10000)]\n", argv[k]);
            return 2;
        }
    }
    if (nsizes == 0)
        nsizes = 2;
    static const char *const names[CONFIG_COUNT] = {"projection (views at the output size)",
                                                    "projection (views at 3/4 size, resampled)",
                                                    "projection + quad (1 m x 0.6 m at 1.5 m)",
                                                    "projection, quad, cylinder, equirect, equirect2, cube"};
    printf("| Output per eye | Layers | Median ms | Min ms | ns / pixel |\n|---|---|---|---|---|\n");
    for (int s = 0; s < nsizes; s++) {
        for (int c = 0; c < CONFIG_COUNT; c++) {
            struct mx_comp_frame *f = calloc(1, sizeof(*f));
            double median = 0, min = 0;
            bool ok = f && frame_init(f, (uint32_t)sizes[s], (enum config)c) &&
                      measure(f, (uint32_t)sizes[s], (int)runs, &median, &min);
            mx_comp_frame_destroy(&f);
            if (!ok) {
                fprintf(stderr, "mockxr_compose_bench: out of memory at %ld\n", sizes[s]);
                return 1;
            }
            printf("| %ld x %ld | %s | %.2f | %.2f | %.1f |\n", sizes[s], sizes[s], names[c], median, min,
                   median * 1e6 / ((double)sizes[s] * (double)sizes[s]));
        }
    }
    return 0;
}
