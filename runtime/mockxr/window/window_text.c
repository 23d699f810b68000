/* Text for the window: the printable ASCII glyphs of DejaVu Sans baked once by stb_truetype (Debian
 * libstb-dev, compiled in: no runtime dependency), then drawn glyph by glyph with alpha blending. */
#include "mx_window_text.h"

#include <stdio.h>
#include <stdlib.h>

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wconversion"
#pragma GCC diagnostic ignored "-Wsign-compare"
#pragma GCC diagnostic ignored "-Wunused-function"
#pragma GCC diagnostic ignored "-Wcast-qual"
#define STB_TRUETYPE_IMPLEMENTATION
#define STBTT_STATIC
#include <stb/stb_truetype.h>
#pragma GCC diagnostic pop

#define MX_FONT_PATH "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf" /* fonts-dejavu-core */
#define MX_FONT_PX 15.0f
#define MX_ATLAS_W 512
#define MX_ATLAS_H 128

struct mx_text {
    stbtt_bakedchar glyphs[95]; /* ' ' .. '~' */
    unsigned char atlas[MX_ATLAS_W * MX_ATLAS_H];
};

struct mx_text *mx_text_create(void)
{
    FILE *f = fopen(MX_FONT_PATH, "rb");
    unsigned char *ttf = NULL;
    long size = -1;
    if (f && fseek(f, 0, SEEK_END) == 0 && (size = ftell(f)) > 0 && fseek(f, 0, SEEK_SET) == 0 &&
        (ttf = malloc((size_t)size)) && fread(ttf, 1, (size_t)size, f) != (size_t)size) {
        free(ttf);
        ttf = NULL;
    }
    if (f)
        fclose(f);
    struct mx_text *t = ttf ? calloc(1, sizeof(*t)) : NULL;
    if (t && stbtt_BakeFontBitmap(ttf, 0, MX_FONT_PX, t->atlas, MX_ATLAS_W, MX_ATLAS_H, 32, 95, t->glyphs) <= 0) {
        free(t); /* the atlas is too small for this font: no text rather than clipped glyphs */
        t = NULL;
    }
    free(ttf);
    if (!t)
        fprintf(stderr, "mockxr: warning: window: cannot read the font %s (Debian: fonts-dejavu-core); the "
                "overlay is in the window title only\n", MX_FONT_PATH);
    return t;
}

void mx_text_destroy(struct mx_text **t)
{
    if (t && *t) {
        free(*t);
        *t = NULL;
    }
}

static void blend(uint8_t *px, uint8_t value, unsigned alpha)
{
    for (int c = 0; c < 3; c++)
        px[c] = (uint8_t)((value * alpha + px[c] * (255u - alpha)) / 255u);
}

static void draw_pass(const struct mx_text *t, uint8_t *rgba, uint32_t width, uint32_t height, float x, float y,
                      const char *text, uint8_t value)
{
    for (const char *p = text; *p; p++) {
        if (*p < 32 || *p > 126)
            continue;
        stbtt_aligned_quad q;
        stbtt_GetBakedQuad(t->glyphs, MX_ATLAS_W, MX_ATLAS_H, *p - 32, &x, &y, &q, 1);
        int gx0 = (int)q.x0, gy0 = (int)q.y0;
        int sx0 = (int)(q.s0 * MX_ATLAS_W), sy0 = (int)(q.t0 * MX_ATLAS_H);
        int gw = (int)((q.s1 - q.s0) * MX_ATLAS_W + 0.5f), gh = (int)((q.t1 - q.t0) * MX_ATLAS_H + 0.5f);
        for (int j = 0; j < gh; j++) {
            for (int i = 0; i < gw; i++) {
                int px = gx0 + i, py = gy0 + j;
                if (px < 0 || py < 0 || (uint32_t)px >= width || (uint32_t)py >= height)
                    continue;
                unsigned a = t->atlas[(sy0 + j) * MX_ATLAS_W + sx0 + i];
                if (a)
                    blend(rgba + ((size_t)py * width + (size_t)px) * 4, value, a);
            }
        }
    }
}

void mx_text_draw(const struct mx_text *t, uint8_t *rgba, uint32_t width, uint32_t height, int x, int y,
                  const char *text)
{
    if (!t || !text)
        return;
    float base = (float)y + MX_FONT_PX * 0.8f; /* y is the top; stb draws on the baseline */
    draw_pass(t, rgba, width, height, (float)x + 1.0f, base + 1.0f, text, 0);   /* shadow */
    draw_pass(t, rgba, width, height, (float)x, base, text, 255);
}
