/* The panel's text: one FreeType face, one size per style (bold by emboldening the outline), and a cache of
 * rendered glyphs so that drawing text after the first time calls neither FreeType nor malloc. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "panel_internal.h"

#include FT_OUTLINE_H
#include FT_SIZES_H

#define PANEL_GLYPH_TABLE 4096 /* slots: ASCII in five styles (475) and room for ~2,600 more */
#define PANEL_ELLIPSIS "\xe2\x80\xa6"

/* FreeType's error texts (FT_Error_String is compiled out in Debian's build), from its own list. */
#undef FTERRORS_H_
#define FT_ERRORDEF(e, v, s) {e, s},
#define FT_ERROR_START_LIST {
#define FT_ERROR_END_LIST {0, NULL}};
static const struct {
    int code;
    const char *text;
} ft_errors[] =
#include FT_ERRORS_H

static const char *ft_error_text(FT_Error err)
{
    for (int i = 0; ft_errors[i].text; i++) {
        if (ft_errors[i].code == err)
            return ft_errors[i].text;
    }
    return "unknown FreeType error";
}

/* Pixel size and weight of each style at scale 1 (a 512 x 320 panel). */
static const struct {
    float px;
    bool bold;
} style_spec[PANEL_STYLE_COUNT] = {
    [PANEL_STYLE_TITLE] = {28.0f, true}, [PANEL_STYLE_STATUS] = {19.0f, true}, [PANEL_STYLE_VALUE] = {26.0f, true},
    [PANEL_STYLE_LABEL] = {15.0f, false}, [PANEL_STYLE_SMALL] = {13.0f, false},
};

/* Next code point of UTF-8 text; malformed or overlong sequences give U+FFFD and skip one byte. */
static uint32_t next_code_point(const char **text)
{
    const unsigned char *s = (const unsigned char *)*text;
    uint32_t cp = s[0];
    int extra = cp < 0x80 ? 0 : (cp & 0xe0) == 0xc0 ? 1 : (cp & 0xf0) == 0xe0 ? 2 : (cp & 0xf8) == 0xf0 ? 3 : -1;
    if (extra < 0) {
        *text += 1;
        return 0xfffd;
    }
    cp &= extra == 0 ? 0x7f : (0x3f >> extra);
    for (int i = 1; i <= extra; i++) {
        if ((s[i] & 0xc0) != 0x80) {
            *text += 1;
            return 0xfffd;
        }
        cp = cp << 6 | (s[i] & 0x3f);
    }
    static const uint32_t min_cp[4] = {0, 0x80, 0x800, 0x10000};
    *text += 1 + extra;
    if (cp < min_cp[extra] || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
        return 0xfffd;
    return cp;
}

static int pool_reserve(struct panel_font *f, size_t bytes)
{
    if (f->pool_used + bytes <= f->pool_cap)
        return 0;
    size_t cap = f->pool_cap ? f->pool_cap : 65536;
    while (cap < f->pool_used + bytes)
        cap *= 2;
    uint8_t *pool = realloc(f->pool, cap);
    if (!pool) {
        fprintf(stderr, "panel: out of memory for the glyph cache (%zu bytes)\n", cap);
        return -1;
    }
    f->pool = pool;
    f->pool_cap = cap;
    return 0;
}

/* Loads and renders one glyph into slot g (key already set). -1: FreeType failed (the caller falls back). */
static int render_glyph(struct panel_font *f, enum panel_style style, uint32_t cp, struct panel_glyph *g)
{
    FT_Error err = FT_Activate_Size(f->sizes[style]);
    FT_UInt index = FT_Get_Char_Index(f->face, cp);
    if (!err)
        err = FT_Load_Glyph(f->face, index, FT_LOAD_NO_BITMAP | FT_LOAD_TARGET_LIGHT);
    FT_GlyphSlot slot = f->face->glyph;
    FT_Pos strength = style_spec[style].bold ? (FT_Pos)(f->px[style] * 64 / 20) : 0;
    if (!err && strength && slot->format == FT_GLYPH_FORMAT_OUTLINE)
        err = FT_Outline_Embolden(&slot->outline, strength);
    if (!err)
        err = FT_Render_Glyph(slot, FT_RENDER_MODE_NORMAL);
    if (err || slot->bitmap.pixel_mode != FT_PIXEL_MODE_GRAY || slot->bitmap.pitch < 0 ||
        pool_reserve(f, (size_t)slot->bitmap.width * slot->bitmap.rows)) {
        if (err)
            fprintf(stderr, "panel: FreeType cannot render U+%04X (%s)\n", cp, ft_error_text(err));
        return -1;
    }
    g->index = index;
    g->offset = (uint32_t)f->pool_used;
    g->left = (int16_t)slot->bitmap_left;
    g->top = (int16_t)slot->bitmap_top;
    g->width = (uint16_t)slot->bitmap.width;
    g->height = (uint16_t)slot->bitmap.rows;
    g->advance = (int32_t)(slot->advance.x + strength);
    for (unsigned r = 0; r < slot->bitmap.rows; r++)
        memcpy(f->pool + f->pool_used + (size_t)r * g->width, slot->bitmap.buffer + (ptrdiff_t)r * slot->bitmap.pitch,
               g->width);
    f->pool_used += (size_t)g->width * g->height;
    return 0;
}

/* The cached glyph of a code point in a style, rendered on first use. When the table is three quarters full
 * or FreeType fails, the style's '?' stands in (cached first at open, so after open this never fails). */
static const struct panel_glyph *glyph(struct panel_font *f, enum panel_style style, uint32_t cp)
{
    uint32_t key = (uint32_t)(style + 1) << 24 | cp, mask = f->table_cap - 1;
    uint32_t h = (key * 2654435761u) & mask;
    while (f->table[h].key) {
        if (f->table[h].key == key)
            return &f->table[h];
        h = (h + 1) & mask;
    }
    if (cp != '?' && (f->table_used + 1) * 4 > f->table_cap * 3)
        return glyph(f, style, '?');
    struct panel_glyph *g = &f->table[h];
    if (render_glyph(f, style, cp, g) != 0) {
        /* Remembered as '?', so a glyph FreeType cannot render costs it once, not on every redraw. */
        const struct panel_glyph *q = cp == '?' ? NULL : glyph(f, style, '?');
        if (!q)
            return NULL;
        *g = *q;
    }
    g->key = key;
    f->table_used++;
    return g;
}

static const char *open_error_hint(const char *path)
{
    return strcmp(path, PANEL_DEFAULT_FONT) == 0
               ? "it comes with Debian's fonts-dejavu-core: apt-get install fonts-dejavu-core"
               : "give panel_desc.font_path a readable TrueType/OpenType file, or NULL for " PANEL_DEFAULT_FONT
                 " (Debian package fonts-dejavu-core)";
}

static int open_face(struct panel_font *f, const char *path)
{
    FILE *probe = fopen(path, "rb");
    if (!probe) {
        fprintf(stderr, "panel: cannot open the font file %s: %s; %s\n", path, strerror(errno),
                open_error_hint(path));
        return -1;
    }
    fclose(probe);
    FT_Error err = FT_Init_FreeType(&f->library);
    if (err) {
        fprintf(stderr, "panel: FT_Init_FreeType failed: %s\n", ft_error_text(err));
        return -1;
    }
    err = FT_New_Face(f->library, path, 0, &f->face);
    if (err) {
        fprintf(stderr, "panel: FreeType cannot read %s as a font (FT_New_Face: %s); %s\n", path, ft_error_text(err),
                open_error_hint(path));
        return -1;
    }
    if (!FT_IS_SCALABLE(f->face)) {
        fprintf(stderr, "panel: %s is a bitmap font; the panel needs an outline (TrueType/OpenType) font; %s\n", path,
                open_error_hint(path));
        return -1;
    }
    f->kerning = FT_HAS_KERNING(f->face);
    return 0;
}

static int open_sizes(struct panel_font *f, const char *path, float scale)
{
    for (int s = 0; s < PANEL_STYLE_COUNT; s++) {
        f->px[s] = (uint32_t)fmaxf(6.0f, roundf(style_spec[s].px * scale));
        FT_Error err = FT_New_Size(f->face, &f->sizes[s]);
        if (!err)
            err = FT_Activate_Size(f->sizes[s]);
        if (!err)
            err = FT_Set_Pixel_Sizes(f->face, 0, f->px[s]);
        if (err) {
            fprintf(stderr, "panel: %s cannot be sized to %u px (%s)\n", path, f->px[s], ft_error_text(err));
            return -1;
        }
        f->ascender[s] = (int32_t)f->face->size->metrics.ascender;
        f->descender[s] = (int32_t)f->face->size->metrics.descender;
    }
    return 0;
}

int panel_font_open(struct panel_font *f, const char *path, float scale)
{
    memset(f, 0, sizeof *f);
    if (open_face(f, path) != 0 || open_sizes(f, path, scale) != 0)
        goto fail;
    f->table_cap = PANEL_GLYPH_TABLE;
    f->table = calloc(f->table_cap, sizeof *f->table);
    if (!f->table) {
        fprintf(stderr, "panel: out of memory for the glyph table\n");
        goto fail;
    }
    for (int s = 0; s < PANEL_STYLE_COUNT; s++) {
        if (!glyph(f, (enum panel_style)s, '?')) {
            fprintf(stderr, "panel: %s has no usable glyph for '?'; %s\n", path, open_error_hint(path));
            goto fail;
        }
        for (uint32_t cp = ' '; cp < 0x7f; cp++)
            glyph(f, (enum panel_style)s, cp);
    }
    return 0;
fail:
    panel_font_close(f);
    return -1;
}

void panel_font_close(struct panel_font *f)
{
    if (f->face)
        FT_Done_Face(f->face); /* frees the sizes too */
    if (f->library)
        FT_Done_FreeType(f->library);
    free(f->table);
    free(f->pool);
    memset(f, 0, sizeof *f);
}

/* Kerning from the face's table in font units, scaled here: asking FreeType for it scaled would need the
 * style's size active. 26.6 pixels. */
static int32_t kern(const struct panel_font *f, enum panel_style style, uint32_t left, uint32_t right)
{
    FT_Vector k;
    if (!f->kerning || !left || !right || FT_Get_Kerning(f->face, left, right, FT_KERNING_UNSCALED, &k))
        return 0;
    return (int32_t)((int64_t)k.x * f->px[style] * 64 / f->face->units_per_EM);
}

/* Pen advance of text up to end (NULL: its NUL) in 26.6, stopping before the first code point that would
 * pass limit (26.6, < 0: none); *out_end: where it stopped. */
static int32_t advance(struct panel_font *f, enum panel_style style, const char *text, const char *end, int32_t limit,
                       const char **out_end)
{
    int32_t pen = 0;
    uint32_t prev = 0;
    const char *s = text;
    while (*s && (!end || s < end)) {
        const char *at = s;
        const struct panel_glyph *g = glyph(f, style, next_code_point(&s));
        int32_t next = pen + kern(f, style, prev, g->index) + g->advance;
        if (limit >= 0 && next > limit) {
            s = at;
            break;
        }
        pen = next;
        prev = g->index;
    }
    if (out_end)
        *out_end = s;
    return pen;
}

float panel_font_width(struct panel_font *f, enum panel_style style, const char *text)
{
    return (float)advance(f, style, text, NULL, -1, NULL) / 64.0f;
}

static void draw_run(struct panel_font *f, struct panel_canvas *c, enum panel_style style, int32_t x, int y,
                     const char *text, const char *end, struct panel_rgba color)
{
    uint32_t prev = 0;
    for (const char *s = text; *s && (!end || s < end);) {
        const struct panel_glyph *g = glyph(f, style, next_code_point(&s));
        x += kern(f, style, prev, g->index);
        panel_canvas_mask(c, (x + 32) / 64 + g->left, y - g->top, f->pool + g->offset, g->width, g->height, color);
        x += g->advance;
        prev = g->index;
    }
}

float panel_font_draw(struct panel_font *f, struct panel_canvas *c, enum panel_style style, float x, float y,
                      const char *text, float max_width, struct panel_rgba color)
{
    int32_t x26 = (int32_t)lrintf(x * 64.0f), max26 = (int32_t)(max_width * 64.0f);
    int32_t width = advance(f, style, text, NULL, -1, NULL);
    int baseline = (int)lrintf(y);
    if (max_width <= 0.0f || width <= max26) {
        draw_run(f, c, style, x26, baseline, text, NULL, color);
        return (float)width / 64.0f;
    }
    int32_t dots = advance(f, style, PANEL_ELLIPSIS, NULL, -1, NULL);
    const char *end;
    advance(f, style, text, NULL, max26 > dots ? max26 - dots : 0, &end);
    while (end > text && end[-1] == ' ') /* "Press…" reads better than "Press …" */
        end--;
    int32_t kept = advance(f, style, text, end, -1, NULL);
    draw_run(f, c, style, x26, baseline, text, end, color);
    draw_run(f, c, style, x26 + kept, baseline, PANEL_ELLIPSIS, NULL, color);
    return (float)(kept + dots) / 64.0f;
}

float panel_font_ascent(const struct panel_font *f, enum panel_style style)
{
    return (float)f->ascender[style] / 64.0f;
}

float panel_font_line(const struct panel_font *f, enum panel_style style)
{
    return (float)(f->ascender[style] - f->descender[style]) / 64.0f;
}
