/* The panel's pixels: sRGB8, premultiplied in linear light; every fill and glyph is composited in linear
 * light (through two tables) so that edges and translucency look the same as the compositor's blending. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "panel_internal.h"

static float srgb_to_linear(float v)
{
    return v <= 0.04045f ? v / 12.92f : powf((v + 0.055f) / 1.055f, 2.4f);
}

static float linear_to_srgb(float v)
{
    return v <= 0.0031308f ? v * 12.92f : 1.055f * powf(v, 1.0f / 2.4f) - 0.055f;
}

int panel_canvas_init(struct panel_canvas *c, uint32_t width, uint32_t height)
{
    memset(c, 0, sizeof *c);
    c->width = width;
    c->height = height;
    c->pixels = calloc((size_t)width * height, 4);
    c->to_srgb = malloc(65536);
    if (!c->pixels || !c->to_srgb) {
        fprintf(stderr, "panel: out of memory for a %ux%u image\n", width, height);
        panel_canvas_free(c);
        return -1;
    }
    for (int i = 0; i < 256; i++)
        c->to_linear[i] = srgb_to_linear((float)i / 255.0f);
    for (int i = 0; i < 65536; i++)
        c->to_srgb[i] = (uint8_t)lrintf(linear_to_srgb((float)i / 65535.0f) * 255.0f);
    return 0;
}

void panel_canvas_free(struct panel_canvas *c)
{
    free(c->pixels);
    free(c->to_srgb);
    c->pixels = NULL;
    c->to_srgb = NULL;
}

struct panel_rgba panel_srgb(uint32_t rgb, float alpha)
{
    return (struct panel_rgba){srgb_to_linear((float)((rgb >> 16) & 0xff) / 255.0f),
                               srgb_to_linear((float)((rgb >> 8) & 0xff) / 255.0f),
                               srgb_to_linear((float)(rgb & 0xff) / 255.0f), alpha};
}

static inline uint8_t encode(const struct panel_canvas *c, float linear)
{
    if (linear <= 0.0f)
        return 0;
    if (linear >= 1.0f)
        return 255;
    return c->to_srgb[(int)(linear * 65535.0f + 0.5f)];
}

/* Premultiplied "over": dst = src * a + dst * (1 - a), colour in linear light. */
void panel_canvas_blend(struct panel_canvas *c, int x, int y, float coverage, struct panel_rgba color)
{
    if (x < 0 || y < 0 || (uint32_t)x >= c->width || (uint32_t)y >= c->height || coverage <= 0.0f)
        return;
    float a = color.a * (coverage < 1.0f ? coverage : 1.0f), keep = 1.0f - a;
    uint8_t *p = c->pixels + ((size_t)y * c->width + (size_t)x) * 4;
    p[0] = encode(c, color.r * a + c->to_linear[p[0]] * keep);
    p[1] = encode(c, color.g * a + c->to_linear[p[1]] * keep);
    p[2] = encode(c, color.b * a + c->to_linear[p[2]] * keep);
    p[3] = (uint8_t)lrintf((a + (float)p[3] / 255.0f * keep) * 255.0f);
}

/* Coverage of a pixel centred at (px, py) by a rounded rectangle given by its centre, half size and radius:
 * the signed distance, with a one-pixel ramp. Only the corners need a square root. */
static float round_rect_coverage(float px, float py, float cx, float cy, float hx, float hy, float r)
{
    float qx = fabsf(px - cx) - (hx - r), qy = fabsf(py - cy) - (hy - r), d;
    if (qx > 0.0f && qy > 0.0f)
        d = sqrtf(qx * qx + qy * qy) - r;
    else
        d = (qx > qy ? qx : qy) - r;
    float cov = 0.5f - d;
    return cov <= 0.0f ? 0.0f : cov >= 1.0f ? 1.0f : cov;
}

/* An opaque colour as the pixel it leaves where it covers fully: written, not blended (fills are most of a
 * re-render's pixels). */
static void solid_pixel(const struct panel_canvas *c, struct panel_rgba color, uint8_t out[4])
{
    out[0] = encode(c, color.r);
    out[1] = encode(c, color.g);
    out[2] = encode(c, color.b);
    out[3] = 255;
}

static inline void put(struct panel_canvas *c, int x, int y, float coverage, struct panel_rgba color,
                       const uint8_t *solid)
{
    if (solid && coverage >= 1.0f)
        memcpy(c->pixels + ((size_t)y * c->width + (size_t)x) * 4, solid, 4);
    else
        panel_canvas_blend(c, x, y, coverage, color);
}

static int clamp_int(int v, int lo, int hi)
{
    return v < lo ? lo : v > hi ? hi : v;
}

void panel_canvas_round_rect(struct panel_canvas *c, float x0, float y0, float x1, float y1, float radius,
                             struct panel_rgba color)
{
    if (x1 <= x0 || y1 <= y0)
        return;
    float hx = (x1 - x0) * 0.5f, hy = (y1 - y0) * 0.5f, cx = x0 + hx, cy = y0 + hy;
    float r = fminf(fmaxf(radius, 0.0f), fminf(hx, hy));
    int ix0 = clamp_int((int)floorf(x0), 0, (int)c->width), ix1 = clamp_int((int)ceilf(x1), 0, (int)c->width);
    int iy0 = clamp_int((int)floorf(y0), 0, (int)c->height), iy1 = clamp_int((int)ceilf(y1), 0, (int)c->height);
    uint8_t solid[4];
    solid_pixel(c, color, solid);
    const uint8_t *opaque = color.a >= 1.0f ? solid : NULL;
    for (int y = iy0; y < iy1; y++) {
        float py = (float)y + 0.5f;
        /* Rows clear of the corners and of the top and bottom edges cover every pixel whose centre is half a
         * pixel inside the sides: those are written as one run, only the side pixels need a coverage. */
        int run0 = ix1, run1 = ix1;
        if (opaque && fabsf(py - cy) <= hy - r && hy - fabsf(py - cy) >= 0.5f) {
            run0 = clamp_int((int)ceilf(x0), ix0, ix1);
            run1 = clamp_int((int)floorf(x1), run0, ix1);
            uint8_t *row = c->pixels + ((size_t)y * c->width) * 4;
            for (int x = run0; x < run1; x++)
                memcpy(row + (size_t)x * 4, solid, 4);
        }
        for (int x = ix0; x < ix1; x++) {
            if (x == run0)
                x = run1;
            if (x >= ix1)
                break;
            float cov = round_rect_coverage((float)x + 0.5f, py, cx, cy, hx, hy, r);
            if (cov > 0.0f)
                put(c, x, y, cov, color, opaque);
        }
    }
}

/* A segment with round caps: coverage from each pixel centre's distance to the segment. */
void panel_canvas_line(struct panel_canvas *c, float x0, float y0, float x1, float y1, float width,
                       struct panel_rgba color)
{
    float h = width * 0.5f, dx = x1 - x0, dy = y1 - y0, len2 = dx * dx + dy * dy;
    int ix0 = clamp_int((int)floorf(fminf(x0, x1) - h - 1.0f), 0, (int)c->width);
    int ix1 = clamp_int((int)ceilf(fmaxf(x0, x1) + h + 1.0f), 0, (int)c->width);
    int iy0 = clamp_int((int)floorf(fminf(y0, y1) - h - 1.0f), 0, (int)c->height);
    int iy1 = clamp_int((int)ceilf(fmaxf(y0, y1) + h + 1.0f), 0, (int)c->height);
    uint8_t solid[4];
    solid_pixel(c, color, solid);
    const uint8_t *opaque = color.a >= 1.0f ? solid : NULL;
    for (int y = iy0; y < iy1; y++) {
        for (int x = ix0; x < ix1; x++) {
            float px = (float)x + 0.5f - x0, py = (float)y + 0.5f - y0;
            float t = len2 > 0.0f ? (px * dx + py * dy) / len2 : 0.0f;
            t = t < 0.0f ? 0.0f : t > 1.0f ? 1.0f : t;
            float ex = px - t * dx, ey = py - t * dy;
            float cov = h + 0.5f - sqrtf(ex * ex + ey * ey);
            if (cov > 0.0f)
                put(c, x, y, cov, color, opaque);
        }
    }
}

void panel_canvas_mask(struct panel_canvas *c, int x, int y, const uint8_t *mask, int width, int height,
                       struct panel_rgba color)
{
    uint8_t solid[4];
    solid_pixel(c, color, solid);
    const uint8_t *opaque = color.a >= 1.0f ? solid : NULL;
    for (int j = 0; j < height; j++) {
        if (y + j < 0 || (uint32_t)(y + j) >= c->height)
            continue;
        for (int i = 0; i < width; i++) {
            uint8_t m = mask[j * width + i];
            if (m && x + i >= 0 && (uint32_t)(x + i) < c->width)
                put(c, x + i, y + j, (float)m * (1.0f / 255.0f), color, opaque);
        }
    }
}
