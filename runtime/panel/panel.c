/* The machine panel's lifecycle: create (font, layout, background), update (sample on a scene-time grid,
 * compare, re-render only on change) and the pixels. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "panel_internal.h"

static int check_desc(const struct panel_desc *d)
{
    if ((d->width == 0) != (d->height == 0)) {
        fprintf(stderr, "panel: width %u x height %u: give both (at least %ux%u) or neither (512x320)\n", d->width,
                d->height, PANEL_MIN_WIDTH, PANEL_MIN_HEIGHT);
        return -1;
    }
    if (d->width && (d->width < PANEL_MIN_WIDTH || d->height < PANEL_MIN_HEIGHT || d->width > PANEL_MAX_SIZE ||
                     d->height > PANEL_MAX_SIZE)) {
        fprintf(stderr, "panel: %ux%u pixels is out of range: %ux%u to %ux%u (type smaller than the minimum cannot "
                        "be read)\n", d->width, d->height, PANEL_MIN_WIDTH, PANEL_MIN_HEIGHT, PANEL_MAX_SIZE,
                PANEL_MAX_SIZE);
        return -1;
    }
    if (d->refresh_hz > 1000) {
        fprintf(stderr, "panel: refresh_hz %u is out of range: 1..1000, or 0 for 4 Hz\n", d->refresh_hz);
        return -1;
    }
    if (d->font_path && !d->font_path[0]) {
        fprintf(stderr, "panel: font_path is empty: give a TrueType/OpenType file, or NULL for %s\n",
                PANEL_DEFAULT_FONT);
        return -1;
    }
    return 0;
}

int panel_create(const struct panel_desc *desc, struct panel **out_panel)
{
    if (!out_panel) {
        fprintf(stderr, "panel_create: out_panel is NULL\n");
        return -1;
    }
    *out_panel = NULL;
    struct panel_desc d = desc ? *desc : (struct panel_desc){0};
    if (check_desc(&d) != 0)
        return -1;
    if (!d.width)
        d.width = 512, d.height = 320;
    struct panel *p = calloc(1, sizeof *p);
    if (!p) {
        fprintf(stderr, "panel: out of memory\n");
        return -1;
    }
    p->period_ns = 1000000000LL / (d.refresh_hz ? d.refresh_hz : 4);
    panel_layout_compute(d.width, d.height, &p->layout);
    if (panel_canvas_init(&p->canvas, d.width, d.height) != 0 ||
        panel_font_open(&p->font, d.font_path ? d.font_path : PANEL_DEFAULT_FONT, p->layout.scale) != 0) {
        panel_destroy(&p);
        return -1;
    }
    size_t bytes = (size_t)d.width * d.height * 4;
    p->background = malloc(bytes);
    if (!p->background) {
        fprintf(stderr, "panel: out of memory for a %ux%u image\n", d.width, d.height);
        panel_destroy(&p);
        return -1;
    }
    panel_draw_background(&p->canvas, &p->layout);
    memcpy(p->background, p->canvas.pixels, bytes);
    memset(p->canvas.pixels, 0, bytes); /* transparent until the first update */
    *out_panel = p;
    return 0;
}

void panel_destroy(struct panel **panel_ptr)
{
    if (!panel_ptr || !*panel_ptr)
        return;
    struct panel *p = *panel_ptr;
    panel_font_close(&p->font);
    panel_canvas_free(&p->canvas);
    free(p->background);
    free(p);
    *panel_ptr = NULL;
}

/* Which refresh interval a time falls in (rounding toward minus infinity: XrTimes may be negative). */
static int64_t refresh_tick(int64_t time_ns, int64_t period_ns)
{
    int64_t q = time_ns / period_ns;
    return q - (time_ns % period_ns < 0 ? 1 : 0);
}

bool panel_update(struct panel *panel, const struct scene *scene, uint32_t machine)
{
    int64_t tick = scene ? refresh_tick(scene_get_time(scene), panel->period_ns) : 0;
    if (panel->drawn && scene == panel->scene && machine == panel->machine && tick == panel->tick)
        return false;
    panel->scene = scene;
    panel->machine = machine;
    panel->tick = tick;
    const struct panel_rect *plot = &panel->layout.plot;
    panel_content_build(scene, machine, plot->y1 - plot->y0, panel->history, &panel->next);
    if (panel->drawn && panel_content_equal(&panel->next, &panel->shown))
        return false;
    panel->shown = panel->next;
    memcpy(panel->canvas.pixels, panel->background, (size_t)panel->canvas.width * panel->canvas.height * 4);
    panel_draw_content(&panel->canvas, &panel->font, &panel->layout, &panel->shown, &panel->pill);
    panel->drawn = true;
    return true;
}

const uint8_t *panel_pixels(const struct panel *panel, uint32_t *out_width, uint32_t *out_height)
{
    if (out_width)
        *out_width = panel->canvas.width;
    if (out_height)
        *out_height = panel->canvas.height;
    return panel->canvas.pixels;
}
