/* The panel's look: a fixed layout scaled from 512 x 320 (header with name and status, kind and markers,
 * four value cells, the alarm line, the chart with its status band) and the content drawn into it. Made for a
 * headset: large type, light on an opaque dark card inside a translucent frame. */
#include <math.h>
#include <stdio.h>

#include "panel_internal.h"

/* sRGB colours of the look. */
#define RGB_FRAME 0x0b0e12
#define RGB_CARD 0x161a20
#define RGB_TEXT 0xf2f4f7
#define RGB_DIM 0x9aa4b2
#define RGB_FAINT 0x5c6672
#define RGB_PLOT 0x1e242c
#define RGB_GRID 0x313a46
#define RGB_LINE 0x5ccfff
#define RGB_ALARM 0xb3261e
#define RGB_MARKER 0x2a3340
#define RGB_INK_DARK 0x111418

static struct panel_rect rect(float x0, float y0, float x1, float y1)
{
    return (struct panel_rect){x0, y0, x1, y1};
}

void panel_layout_compute(uint32_t width, uint32_t height, struct panel_layout *out)
{
    float w = (float)width, h = (float)height;
    float s = fminf(w / 512.0f, h / 320.0f), m = 6.0f * s, pad = 16.0f * s;
    float x0 = m + 26.0f * s, x1 = w - m - pad;
    out->scale = s;
    out->card = rect(m, m, w - m, h - m);
    out->header = rect(x0, m + 10.0f * s, x1, m + 48.0f * s);
    out->accent = rect(m + 10.0f * s, out->header.y0 + 2.0f * s, m + 16.0f * s, m + 70.0f * s);
    out->sub = rect(x0, m + 50.0f * s, x1, m + 72.0f * s);
    float cell = (x1 - (m + pad)) / PANEL_VALUE_SLOTS;
    for (int i = 0; i < PANEL_VALUE_SLOTS; i++)
        out->values[i] = rect(m + pad + (float)i * cell, m + 80.0f * s, m + pad + (float)(i + 1) * cell - 8.0f * s,
                              m + 132.0f * s);
    out->alarm = rect(m + pad, m + 138.0f * s, x1, m + 168.0f * s);
    out->chart_title = rect(m + pad, m + 176.0f * s, x1, m + 194.0f * s);
    /* Extra height beyond the 320 layout goes to the plot. */
    out->band = rect(m + pad + 34.0f * s, h - m - pad - 8.0f * s, x1, h - m - pad);
    out->plot = rect(out->band.x0, m + 198.0f * s, x1, out->band.y0 - 4.0f * s);
}

void panel_draw_background(struct panel_canvas *c, const struct panel_layout *l)
{
    float s = l->scale;
    panel_canvas_round_rect(c, 0.0f, 0.0f, (float)c->width, (float)c->height, 16.0f * s, panel_srgb(RGB_FRAME, 0.72f));
    panel_canvas_round_rect(c, l->card.x0, l->card.y0, l->card.x1, l->card.y1, 11.0f * s, panel_srgb(RGB_CARD, 1.0f));
}

/* Text vertically centred in r (by the style's ascent and descent). */
static float centred_baseline(const struct panel_font *f, enum panel_style style, struct panel_rect r)
{
    return (r.y0 + r.y1) * 0.5f - panel_font_line(f, style) * 0.5f + panel_font_ascent(f, style);
}

/* A filled rounded label ending at x_right; returns its left edge. */
static float pill(struct panel_canvas *c, struct panel_font *f, enum panel_style style, float x_right,
                  struct panel_rect row, float s, const char *text, uint32_t fill, uint32_t ink, struct panel_rect *out)
{
    float tw = panel_font_width(f, style, text), padx = 10.0f * s;
    struct panel_rect r = rect(x_right - tw - 2.0f * padx, row.y0, x_right, row.y1);
    panel_canvas_round_rect(c, r.x0, r.y0, r.x1, r.y1, (r.y1 - r.y0) * 0.3f, panel_srgb(fill, 1.0f));
    panel_font_draw(f, c, style, r.x0 + padx, centred_baseline(f, style, r), text, 0.0f, panel_srgb(ink, 1.0f));
    if (out)
        *out = r;
    return r.x0;
}

static void draw_header(struct panel_canvas *c, struct panel_font *f, const struct panel_layout *l,
                        const struct panel_content *ct, struct panel_rect *out_pill)
{
    float s = l->scale, name_right = l->header.x1;
    *out_pill = rect(0, 0, 0, 0);
    uint32_t accent = ct->show == PANEL_SHOW_STATE ? panel_status_rgb(ct->status) : RGB_FAINT;
    if (ct->show != PANEL_SHOW_NOTHING)
        panel_canvas_round_rect(c, l->accent.x0, l->accent.y0, l->accent.x1, l->accent.y1, 3.0f * s,
                                panel_srgb(accent, 1.0f));
    if (ct->show == PANEL_SHOW_STATE) {
        /* Dark ink on the bright statuses, white on red and grey: both above 4.5:1 contrast. */
        bool light_ink = ct->status == SCENE_MACHINE_FAULT || ct->status >= SCENE_MACHINE_OFFLINE;
        struct panel_rect row = rect(0, l->header.y0 + 3.0f * s, 0, l->header.y1 - 3.0f * s);
        name_right = pill(c, f, PANEL_STYLE_STATUS, l->header.x1, row, s, panel_status_text(ct->status),
                          accent, light_ink ? 0xffffff : RGB_INK_DARK, out_pill) - 12.0f * s;
    }
    const char *name = ct->show == PANEL_SHOW_NOTHING ? "No machine" : ct->name;
    panel_font_draw(f, c, PANEL_STYLE_TITLE, l->header.x0, centred_baseline(f, PANEL_STYLE_TITLE, l->header), name,
                    name_right - l->header.x0, panel_srgb(ct->show == PANEL_SHOW_NOTHING ? RGB_DIM : RGB_TEXT, 1.0f));
}

static void draw_sub(struct panel_canvas *c, struct panel_font *f, const struct panel_layout *l,
                     const struct panel_content *ct)
{
    float s = l->scale, right = l->sub.x1;
    const char *kind = ct->show == PANEL_SHOW_NOTHING ? "Point at a machine and select it" : ct->kind;
    if (ct->show == PANEL_SHOW_STATE) {
        struct panel_rect row = rect(0, l->sub.y0 + 1.0f * s, 0, l->sub.y1 - 1.0f * s);
        right = pill(c, f, PANEL_STYLE_SMALL, right, row, s, ct->live ? "LIVE" : "SIMULATED",
                     ct->live ? 0x1f6feb : RGB_MARKER, RGB_TEXT, NULL) - 6.0f * s;
        if (ct->link_down) /* the twin lost its broker: what is shown is the last heard */
            right = pill(c, f, PANEL_STYLE_SMALL, right, row, s, "LINK DOWN", 0xd73a49, RGB_TEXT, NULL) - 6.0f * s;
        if (ct->stale)
            right = pill(c, f, PANEL_STYLE_SMALL, right, row, s, "STALE", 0xf5b000, RGB_INK_DARK, NULL) - 6.0f * s;
        right -= 6.0f * s;
    }
    panel_font_draw(f, c, PANEL_STYLE_LABEL, l->sub.x0, centred_baseline(f, PANEL_STYLE_LABEL, l->sub), kind,
                    right - l->sub.x0, panel_srgb(RGB_DIM, 1.0f));
}

static void draw_values(struct panel_canvas *c, struct panel_font *f, const struct panel_layout *l,
                        const struct panel_content *ct)
{
    /* Stale numbers are greyed, as on a plant HMI: they are what was last heard, not what is. */
    struct panel_rgba ink = panel_srgb(ct->stale || ct->link_down ? RGB_DIM : RGB_TEXT, 1.0f);
    for (uint32_t i = 0; i < ct->value_count; i++) {
        struct panel_rect r = l->values[i];
        float label_base = r.y0 + panel_font_ascent(f, PANEL_STYLE_LABEL);
        panel_font_draw(f, c, PANEL_STYLE_LABEL, r.x0, label_base, ct->values[i].label, r.x1 - r.x0,
                        panel_srgb(RGB_DIM, 1.0f));
        panel_font_draw(f, c, PANEL_STYLE_VALUE, r.x0, r.y1 + f->descender[PANEL_STYLE_VALUE] / 64.0f,
                        ct->values[i].text, r.x1 - r.x0, ink);
    }
}

static void draw_alarm(struct panel_canvas *c, struct panel_font *f, const struct panel_layout *l,
                       const struct panel_content *ct)
{
    struct panel_rect r = l->alarm;
    float s = l->scale, x = r.x0 + 10.0f * s;
    if (!ct->alarm[0]) {
        panel_font_draw(f, c, PANEL_STYLE_LABEL, r.x0, centred_baseline(f, PANEL_STYLE_LABEL, r), "No active alarm",
                        r.x1 - r.x0, panel_srgb(RGB_FAINT, 1.0f));
        return;
    }
    panel_canvas_round_rect(c, r.x0, r.y0, r.x1, r.y1, 6.0f * s, panel_srgb(RGB_ALARM, 1.0f));
    float base = centred_baseline(f, PANEL_STYLE_STATUS, r);
    x += panel_font_draw(f, c, PANEL_STYLE_STATUS, x, base, "ALARM", 0.0f, panel_srgb(0xffffff, 1.0f)) + 10.0f * s;
    panel_font_draw(f, c, PANEL_STYLE_STATUS, x, base, ct->alarm, r.x1 - 10.0f * s - x, panel_srgb(0xffffff, 1.0f));
}

static void draw_chart(struct panel_canvas *c, struct panel_font *f, const struct panel_layout *l,
                       const struct panel_chart *ch)
{
    struct panel_rect p = l->plot, b = l->band;
    float s = l->scale, dx = (p.x1 - p.x0) / (PANEL_CHART_SAMPLES - 1);
    float title_base = l->chart_title.y0 + panel_font_ascent(f, PANEL_STYLE_LABEL);
    panel_font_draw(f, c, PANEL_STYLE_LABEL, l->chart_title.x0, title_base,
                    ch->title[0] ? ch->title : "Status, last minute", 0.0f, panel_srgb(RGB_DIM, 1.0f));
    panel_font_draw(f, c, PANEL_STYLE_SMALL, p.x1 - panel_font_width(f, PANEL_STYLE_SMALL, "now"), title_base, "now",
                    0.0f, panel_srgb(RGB_FAINT, 1.0f));
    /* The status band: each sample's status over its half-second, on whole pixels so neighbours do not bleed. */
    for (int k = 0; k < PANEL_CHART_SAMPLES; k++) {
        float xa = fmaxf(b.x0, roundf(b.x0 + ((float)k - 0.5f) * dx));
        float xb = fminf(b.x1, roundf(b.x0 + ((float)k + 0.5f) * dx));
        panel_canvas_round_rect(c, xa, b.y0, xb, b.y1, 0.0f, panel_srgb(panel_status_rgb(ch->status[k]), 1.0f));
    }
    panel_canvas_round_rect(c, p.x0, p.y0, p.x1, p.y1, 3.0f * s, panel_srgb(RGB_PLOT, 1.0f));
    if (!ch->title[0])
        return;
    for (int g = 0; g < 3; g++) {
        float y = roundf(p.y0 + (p.y1 - p.y0) * (float)g * 0.5f) + 0.5f;
        panel_canvas_line(c, p.x0 + 2.0f * s, y, p.x1 - 2.0f * s, y, 1.0f, panel_srgb(RGB_GRID, 1.0f));
    }
    float gutter = p.x0 - 6.0f * s;
    panel_font_draw(f, c, PANEL_STYLE_SMALL, gutter - panel_font_width(f, PANEL_STYLE_SMALL, ch->hi),
                    p.y0 + panel_font_ascent(f, PANEL_STYLE_SMALL), ch->hi, 0.0f, panel_srgb(RGB_DIM, 1.0f));
    panel_font_draw(f, c, PANEL_STYLE_SMALL, gutter - panel_font_width(f, PANEL_STYLE_SMALL, ch->lo), p.y1, ch->lo,
                    0.0f, panel_srgb(RGB_DIM, 1.0f));
    /* The line, from the quantized samples (what was compared is what is drawn); a gap breaks it. */
    for (int k = 1; k < PANEL_CHART_SAMPLES; k++) {
        if (ch->y[k - 1] == PANEL_CHART_GAP || ch->y[k] == PANEL_CHART_GAP)
            continue;
        panel_canvas_line(c, p.x0 + (float)(k - 1) * dx, p.y1 - (float)ch->y[k - 1] * 0.25f, p.x0 + (float)k * dx,
                          p.y1 - (float)ch->y[k] * 0.25f, 2.5f * s, panel_srgb(RGB_LINE, 1.0f));
    }
}

static void draw_passive(struct panel_canvas *c, struct panel_font *f, const struct panel_layout *l)
{
    struct panel_rect r = l->values[0];
    panel_font_draw(f, c, PANEL_STYLE_VALUE, r.x0, r.y0 + panel_font_ascent(f, PANEL_STYLE_VALUE), "No telemetry", 0.0f,
                    panel_srgb(RGB_DIM, 1.0f));
    panel_font_draw(f, c, PANEL_STYLE_LABEL, r.x0, l->alarm.y0 + panel_font_ascent(f, PANEL_STYLE_LABEL),
                    "Passive equipment: no status, counters or chart", l->alarm.x1 - r.x0, panel_srgb(RGB_FAINT, 1.0f));
}

void panel_draw_content(struct panel_canvas *c, struct panel_font *f, const struct panel_layout *l,
                        const struct panel_content *content, struct panel_rect *out_pill)
{
    draw_header(c, f, l, content, out_pill);
    draw_sub(c, f, l, content);
    if (content->show == PANEL_SHOW_PASSIVE)
        draw_passive(c, f, l);
    if (content->show != PANEL_SHOW_STATE)
        return;
    draw_values(c, f, l, content);
    draw_alarm(c, f, l, content);
    draw_chart(c, f, l, &content->chart);
}
