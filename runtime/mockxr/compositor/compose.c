/* The reference compositor's blending: every layer an eye sees, in order, bilinearly sampled (sRGB images
 * decoded), blended in linear light as the spec's "composition layer blending" says, encoded to sRGB. */
#include "comp_private.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define ENCODE_BUCKETS 4096

/* Lookup tables, built per call (about 10 us) so that the compositor keeps no state between calls. */
struct comp_tables {
    float srgb[256];   /* sRGB byte -> linear */
    float linear[256]; /* UNORM byte (and alpha) -> linear */
    /* Encoding linear v: start at bucket[(int)(v * ENCODE_BUCKETS)] and step up while v >= mid[b]; a
     * bucket spans less than one sRGB step, so it takes at most one step (mid[255] is +inf). */
    float mid[256];
    uint8_t bucket[ENCODE_BUCKETS];
};

static float srgb_to_linear(float e)
{
    return e <= 0.04045f ? e / 12.92f : powf((e + 0.055f) / 1.055f, 2.4f);
}

static void tables_init(struct comp_tables *t)
{
    for (int b = 0; b < 256; b++) {
        t->srgb[b] = srgb_to_linear((float)b / 255.0f);
        t->linear[b] = (float)b / 255.0f;
        t->mid[b] = b < 255 ? srgb_to_linear(((float)b + 0.5f) / 255.0f) : INFINITY;
    }
    int b = 0;
    for (int k = 0; k < ENCODE_BUCKETS; k++) {
        float v = (float)k / ENCODE_BUCKETS;
        while (v >= t->mid[b])
            b++;
        t->bucket[k] = (uint8_t)b;
    }
}

/* round(255 * sRGB(v)) for v clamped to [0, 1] (NaN: 0). */
static uint8_t encode(const struct comp_tables *t, float v)
{
    if (!(v > 0.0f))
        return 0;
    if (v >= 1.0f)
        return 255;
    int b = t->bucket[(int)(v * ENCODE_BUCKETS)];
    while (v >= t->mid[b])
        b++;
    return (uint8_t)b;
}

static int clampi(int v, int lo, int hi)
{
    return v < lo ? lo : v > hi ? hi : v;
}

/* Bilinear sample at (u, v) of the face, edges clamped: linear RGB out, and alpha when asked for (else 1).
 * u, v are in [0, 1], so fx, fy >= -0.5 and (int)(f + 1) - 1 is their floor. */
static inline void sample(const struct mx_comp_image *img, const float *colour_lut, const float *alpha_lut,
                          uint8_t face, float u, float v, float out[4])
{
    int w = (int)img->width, h = (int)img->height;
    float fx = u * (float)w - 0.5f, fy = v * (float)h - 0.5f;
    int ix = (int)(fx + 1.0f) - 1, iy = (int)(fy + 1.0f) - 1;
    float ax = fx - (float)ix, ay = fy - (float)iy;
    int x0 = clampi(ix, 0, w - 1), x1 = clampi(ix + 1, 0, w - 1);
    int y0 = clampi(iy, 0, h - 1), y1 = clampi(iy + 1, 0, h - 1);
    const uint8_t *base = img->rgba + (size_t)face * (size_t)w * (size_t)h * 4;
    const uint8_t *r0 = base + (size_t)y0 * (size_t)w * 4, *r1 = base + (size_t)y1 * (size_t)w * 4;
    const uint8_t *t00 = r0 + x0 * 4, *t10 = r0 + x1 * 4, *t01 = r1 + x0 * 4, *t11 = r1 + x1 * 4;
    int channels = alpha_lut ? 4 : 3;
    for (int c = 0; c < channels; c++) {
        const float *lut = c < 3 ? colour_lut : alpha_lut;
        float a = lut[t00[c]], b = lut[t10[c]], d = lut[t01[c]], e = lut[t11[c]];
        float top = a + (b - a) * ax, bottom = d + (e - d) * ax;
        out[c] = top + (bottom - top) * ay;
    }
    if (!alpha_lut)
        out[3] = 1.0f;
}

static float clamp01(float v)
{
    return v > 0.0f ? (v < 1.0f ? v : 1.0f) : 0.0f;
}

/* Row buffers of one mx_comp_eye call. */
struct comp_rows {
    float *u, *v, *acc; /* acc: linear RGB per pixel */
    uint8_t *face;
};

/* CompositeColor = LayerColor + CompositeColor * (1 - LayerColor.A), after the flags: without source alpha
 * the layer's alpha is 1 (the texture's is not even read); unpremultiplied colour is multiplied by alpha;
 * then clamped to [0, 1]. */
static void blend_row(const struct mx_comp_layer *l, const struct comp_map *m, const struct comp_tables *t, int y,
                      int x0, int x1, struct comp_rows *rows)
{
    const float *colour_lut = m->image->encoding == MX_COMP_SRGB ? t->srgb : t->linear;
    const float *alpha_lut = l->source_alpha ? t->linear : NULL;
    const uint8_t *texels = m->image->rgba + (size_t)y * m->image->width * 4; /* row y, when aligned */
    for (int x = x0; x < x1; x++) {
        if (rows->face[x] == COMP_MISS)
            continue;
        float s[4];
        if (m->aligned) {
            const uint8_t *p = texels + 4 * x;
            s[0] = colour_lut[p[0]], s[1] = colour_lut[p[1]], s[2] = colour_lut[p[2]];
            s[3] = alpha_lut ? alpha_lut[p[3]] : 1.0f;
        } else {
            sample(m->image, colour_lut, alpha_lut, rows->face[x], rows->u[x], rows->v[x], s);
        }
        float a = clamp01(s[3]), k = l->unpremultiplied ? s[3] : 1.0f;
        float *acc = &rows->acc[3 * x];
        for (int c = 0; c < 3; c++)
            acc[c] = clamp01(s[c] * k) + acc[c] * (1.0f - a);
    }
}

static bool rows_alloc(uint32_t width, struct comp_rows *rows)
{
    rows->u = malloc(width * sizeof(float));
    rows->v = malloc(width * sizeof(float));
    rows->acc = malloc(3 * width * sizeof(float));
    rows->face = malloc(width);
    return rows->u && rows->v && rows->acc && rows->face;
}

static void rows_free(struct comp_rows *rows)
{
    free(rows->u);
    free(rows->v);
    free(rows->acc);
    free(rows->face);
}

/* One output row: every layer the eye sees blended in order, then encoded. */
static void compose_row(const struct mx_comp_frame *f, uint32_t eye, const struct comp_map *maps,
                        const struct comp_tables *t, int y, uint32_t width, struct comp_rows *rows, uint8_t *out)
{
    memset(rows->acc, 0, 3 * width * sizeof(float)); /* the composite starts transparent black */
    for (uint32_t k = 0; k < f->layer_count; k++) {
        const struct comp_map *m = &maps[k];
        if (!(f->layers[k].eyes & (1u << eye)) || y < m->y0 || y >= m->y1 || m->x0 >= m->x1)
            continue;
        comp_map_row(m, y, m->x0, m->x1, rows->u, rows->v, rows->face);
        blend_row(&f->layers[k], m, t, y, m->x0, m->x1, rows);
    }
    for (uint32_t x = 0; x < width; x++) {
        out[4 * x + 0] = encode(t, rows->acc[3 * x + 0]);
        out[4 * x + 1] = encode(t, rows->acc[3 * x + 1]);
        out[4 * x + 2] = encode(t, rows->acc[3 * x + 2]);
        out[4 * x + 3] = 255;
    }
}

bool mx_comp_eye_rows(const struct mx_comp_frame *f, uint32_t eye, uint32_t width, uint32_t height, uint32_t y0,
                      uint32_t y1, uint8_t *out_rgba)
{
    if (!f || eye >= f->eye_count || width == 0 || height == 0 || y0 >= y1 || y1 > height)
        return false;
    struct comp_tables *t = malloc(sizeof(*t));
    struct comp_map *maps = malloc(MX_COMP_MAX_LAYERS * sizeof(*maps));
    struct comp_rows rows = {0};
    bool ok = t && maps && rows_alloc(width, &rows);
    if (ok) {
        tables_init(t);
        struct comp_eye e;
        comp_eye_setup(&f->eye_pose[eye], &f->eye_fov[eye], width, height, &e);
        for (uint32_t k = 0; k < f->layer_count && k < MX_COMP_MAX_LAYERS; k++)
            comp_map_setup(&f->layers[k], eye, &e, &maps[k]);
        for (uint32_t y = y0; y < y1; y++)
            compose_row(f, eye, maps, t, (int)y, width, &rows, out_rgba + (size_t)y * width * 4);
    }
    rows_free(&rows);
    free(maps);
    free(t);
    return ok;
}

bool mx_comp_eye(const struct mx_comp_frame *f, uint32_t eye, uint32_t width, uint32_t height, uint8_t *out_rgba)
{
    return mx_comp_eye_rows(f, eye, width, height, 0, height, out_rgba);
}

void mx_comp_frame_destroy(struct mx_comp_frame **f)
{
    if (!f || !*f)
        return;
    for (uint32_t k = 0; k < MX_COMP_MAX_LAYERS; k++) {
        for (uint32_t v = 0; v < MX_COMP_MAX_VIEWS; v++)
            free((*f)->layers[k].image[v].rgba);
    }
    for (uint32_t v = 0; v < MX_COMP_MAX_VIEWS; v++)
        free((*f)->depth[v].values);
    free(*f);
    *f = NULL;
}
