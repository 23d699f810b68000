/* runtime/panel's rooms and what they share: the canvas (blending in linear light onto sRGB8 premultiplied
 * pixels), the font (FreeType, glyph cache), the content a panel shows, and the fixed layout. */
#ifndef FACTORYXR_PANEL_INTERNAL_H
#define FACTORYXR_PANEL_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include <ft2build.h>
#include FT_FREETYPE_H

#include "factoryxr/panel.h"

/* The chart: the last minute in half seconds (both ends included). */
#define PANEL_CHART_SAMPLES 121
#define PANEL_CHART_STEP_NS 500000000LL
#define PANEL_CHART_GAP INT16_MIN /* a sample with no number: the line breaks there */
#define PANEL_VALUE_SLOTS 4

/* ---- canvas.c: the output image, blended in linear light ---- */

/* Linear-light colour, straight (not premultiplied) alpha. */
struct panel_rgba {
    float r, g, b, a;
};

struct panel_canvas {
    uint32_t width, height;
    uint8_t *pixels;     /* width * height * 4: sRGB-encoded, premultiplied in linear light */
    float to_linear[256];/* sRGB8 -> linear */
    uint8_t *to_srgb;    /* 65536 entries: linear * 65535 -> sRGB8 (exact at the dark end, unlike 8 bits) */
};

int panel_canvas_init(struct panel_canvas *c, uint32_t width, uint32_t height);
void panel_canvas_free(struct panel_canvas *c);
/* A colour given as sRGB 0xRRGGBB (how designers write it) and an alpha, in linear light. */
struct panel_rgba panel_srgb(uint32_t rgb, float alpha);
/* One pixel covered by `coverage` (0..1) of `color`, composited over what is there. */
void panel_canvas_blend(struct panel_canvas *c, int x, int y, float coverage, struct panel_rgba color);
/* Anti-aliased fills and strokes; coordinates in pixels, (0, 0) the top-left corner of the top-left pixel. */
void panel_canvas_round_rect(struct panel_canvas *c, float x0, float y0, float x1, float y1, float radius,
                             struct panel_rgba color);
void panel_canvas_line(struct panel_canvas *c, float x0, float y0, float x1, float y1, float width,
                       struct panel_rgba color);
/* An 8-bit coverage mask (a glyph) with its top-left pixel at (x, y). */
void panel_canvas_mask(struct panel_canvas *c, int x, int y, const uint8_t *mask, int width, int height,
                       struct panel_rgba color);

/* ---- font.c: FreeType, one face, a size per style, a cache of rendered glyphs ---- */

enum panel_style {
    PANEL_STYLE_TITLE,  /* the machine's name */
    PANEL_STYLE_STATUS, /* the status pill, the alarm */
    PANEL_STYLE_VALUE,  /* the numbers */
    PANEL_STYLE_LABEL,  /* what the numbers are, kind and id */
    PANEL_STYLE_SMALL,  /* markers, chart axes */
    PANEL_STYLE_COUNT
};

struct panel_glyph {
    uint32_t key;     /* (style + 1) << 24 | code point; 0 = empty slot */
    uint32_t index;   /* the face's glyph index (kerning) */
    uint32_t offset;  /* of the coverage bitmap in the pool */
    int16_t left, top;/* bitmap origin relative to the pen on the baseline (top: up) */
    uint16_t width, height;
    int32_t advance;  /* 26.6 pixels */
};

struct panel_font {
    FT_Library library;
    FT_Face face;
    FT_Size sizes[PANEL_STYLE_COUNT];
    uint32_t px[PANEL_STYLE_COUNT];
    int32_t ascender[PANEL_STYLE_COUNT], descender[PANEL_STYLE_COUNT]; /* 26.6, descender negative */
    bool kerning;
    struct panel_glyph *table; /* open addressing, table_cap a power of two */
    uint32_t table_cap, table_used;
    uint8_t *pool;
    size_t pool_used, pool_cap;
};

/* Opens the face, sizes the styles for `scale` (1 = the 512 x 320 layout) and caches printable ASCII.
 * Returns 0 or -1 with a message naming the file and what to do. */
int panel_font_open(struct panel_font *f, const char *path, float scale);
void panel_font_close(struct panel_font *f);
/* Width of the text in pixels (UTF-8; invalid bytes count as U+FFFD). */
float panel_font_width(struct panel_font *f, enum panel_style style, const char *text);
/* Draws text with its baseline at y starting at x; text wider than max_width (> 0) ends in an ellipsis
 * within it. Returns the width drawn. */
float panel_font_draw(struct panel_font *f, struct panel_canvas *c, enum panel_style style, float x, float y,
                      const char *text, float max_width, struct panel_rgba color);
float panel_font_ascent(const struct panel_font *f, enum panel_style style);
float panel_font_line(const struct panel_font *f, enum panel_style style); /* ascent + descent */

/* ---- content.c: what a panel shows, sampled from the scene ---- */

enum panel_show {
    PANEL_SHOW_NOTHING, /* no machine */
    PANEL_SHOW_PASSIVE, /* a machine without state (a rack) */
    PANEL_SHOW_STATE,
};

struct panel_value {
    char label[16];
    char text[24];
};

struct panel_chart {
    char title[48];   /* what the line is; empty when no sample has a number to chart */
    char lo[12], hi[12]; /* the value axis' ends */
    /* Per sample, oldest first: height above the plot's bottom in quarter pixels (as drawn), or
     * PANEL_CHART_GAP; and the status (the band along the time axis). */
    int16_t y[PANEL_CHART_SAMPLES];
    uint8_t status[PANEL_CHART_SAMPLES];
};

struct panel_content {
    enum panel_show show;
    char name[SCENE_NAME_MAX];
    char kind[SCENE_ID_MAX + 24]; /* "Press · line1-press" */
    enum scene_machine_status status;
    bool live, stale, link_down;
    uint32_t value_count;       /* the first value_count slots, in order: only numbers the machine has */
    struct panel_value values[PANEL_VALUE_SLOTS];
    char alarm[SCENE_ALARM_MAX];
    struct panel_chart chart;
};

/* Samples machine `machine` of `scene` (NULL or out of range: nothing); plot_height: the chart's height in
 * pixels, so that samples are quantized as drawn; history: room for PANEL_CHART_SAMPLES states. */
void panel_content_build(const struct scene *scene, uint32_t machine, float plot_height,
                         struct scene_machine_state *history, struct panel_content *out);
bool panel_content_equal(const struct panel_content *a, const struct panel_content *b);
/* The status' colour (sRGB 0xRRGGBB, like the beacons) and its word; out-of-range statuses are grey. */
uint32_t panel_status_rgb(enum scene_machine_status status);
const char *panel_status_text(enum scene_machine_status status);

/* ---- draw.c: the fixed layout, and the content drawn into it ---- */

struct panel_rect {
    float x0, y0, x1, y1;
};

struct panel_layout {
    float scale;
    struct panel_rect card;    /* the opaque text area */
    struct panel_rect accent;  /* status colour bar left of the name */
    struct panel_rect header;  /* name (left) and status pill (right) */
    struct panel_rect sub;     /* kind and id (left), LIVE/SIMULATED and STALE markers (right) */
    struct panel_rect values[PANEL_VALUE_SLOTS]; /* label over number */
    struct panel_rect alarm;
    struct panel_rect chart_title;
    struct panel_rect plot;
    struct panel_rect band;    /* the status along the time axis, under the plot */
};

void panel_layout_compute(uint32_t width, uint32_t height, struct panel_layout *out);
/* The translucent frame and the opaque card: drawn once at create, copied under every render. */
void panel_draw_background(struct panel_canvas *c, const struct panel_layout *l);
/* Draws content over the background; out_pill: where the status pill went (zero size when none). */
void panel_draw_content(struct panel_canvas *c, struct panel_font *f, const struct panel_layout *l,
                        const struct panel_content *content, struct panel_rect *out_pill);

/* ---- panel.c ---- */

struct panel {
    struct panel_canvas canvas;
    uint8_t *background; /* the canvas' pixels with frame and card only */
    struct panel_font font;
    struct panel_layout layout;
    int64_t period_ns;   /* of the refresh */
    /* What is on the pixels, and when and from where it was sampled. */
    bool drawn;
    const struct scene *scene;
    uint32_t machine;
    int64_t tick;
    struct panel_content shown, next;
    struct panel_rect pill;
    struct scene_machine_state history[PANEL_CHART_SAMPLES];
};

#endif
