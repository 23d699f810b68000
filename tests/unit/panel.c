/* The machine panel without XR or GPU: its pixels carry the machine's text (ink where the name goes, other
 * names other pixels), status colours, no "nan", a chart that follows the history, re-rendering only on
 * change, and clear refusals of a missing font and bad descs. */
#include <ctype.h>
#include <fcntl.h>
#include <malloc.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "panel_internal.h"
#include "unit_check.h"

#define NS 1000000000LL
#define CARD_R 0x16
#define CARD_G 0x1a
#define CARD_B 0x20

static const uint8_t *pixel(const struct panel *p, int x, int y)
{
    return panel_pixels(p, NULL, NULL) + ((size_t)y * p->canvas.width + (size_t)x) * 4;
}

/* Pixels in r that stand out from the card (text, fills); with out_x0/out_x1 the ink's horizontal extent. */
static int ink(const struct panel *p, struct panel_rect r, int *out_x0, int *out_x1)
{
    int count = 0, lo = 1 << 30, hi = -1;
    for (int y = (int)r.y0; y < (int)ceilf(r.y1); y++) {
        for (int x = (int)r.x0; x < (int)ceilf(r.x1); x++) {
            const uint8_t *px = pixel(p, x, y);
            if (abs(px[0] - CARD_R) > 40 || abs(px[1] - CARD_G) > 40 || abs(px[2] - CARD_B) > 40) {
                count++;
                lo = x < lo ? x : lo;
                hi = x > hi ? x : hi;
            }
        }
    }
    if (out_x0)
        *out_x0 = lo;
    if (out_x1)
        *out_x1 = hi;
    return count;
}

static bool same_region(const struct panel *a, const uint8_t *b_pixels, struct panel_rect r)
{
    for (int y = (int)r.y0; y < (int)ceilf(r.y1); y++) {
        size_t off = ((size_t)y * a->canvas.width + (size_t)r.x0) * 4;
        if (memcmp(panel_pixels(a, NULL, NULL) + off, b_pixels + off, ((size_t)ceilf(r.x1) - (size_t)r.x0) * 4) != 0)
            return false;
    }
    return true;
}

/* Which status a colour shows, by hue (independent of the exact table): -1 for none. */
static int status_of_colour(const uint8_t *px)
{
    int r = px[0], g = px[1], b = px[2];
    if (g > r + 60 && g > b + 60)
        return SCENE_MACHINE_RUNNING;
    if (r > 200 && b < 80 && g >= 150 && g < 215)
        return SCENE_MACHINE_IDLE;
    if (r > 200 && b < 80 && g >= 80 && g < 150)
        return SCENE_MACHINE_BLOCKED;
    if (r > 180 && g < 80 && b < 80)
        return SCENE_MACHINE_FAULT;
    if (abs(r - g) < 25 && abs(g - b) < 25 && r > 100 && r < 190)
        return SCENE_MACHINE_OFFLINE;
    return -1;
}

static struct panel *make_panel(const struct panel_desc *desc)
{
    struct panel *p = NULL;
    if (panel_create(desc, &p) != 0 || !p) {
        fprintf(stderr, "panel_create failed\n");
        exit(1);
    }
    return p;
}

/* Runs fn with stderr going to a buffer; returns fn's result and what it printed. */
static int with_stderr(int (*fn)(const void *), const void *arg, char *out, size_t size)
{
    FILE *tmp = tmpfile();
    int saved = dup(STDERR_FILENO);
    fflush(stderr);
    dup2(fileno(tmp), STDERR_FILENO);
    int rc = fn(arg);
    fflush(stderr);
    dup2(saved, STDERR_FILENO);
    close(saved);
    rewind(tmp);
    size_t n = fread(out, 1, size - 1, tmp);
    out[n] = '\0';
    fclose(tmp);
    return rc;
}

static int create_refused(const void *arg)
{
    struct panel *p = (struct panel *)&p; /* not NULL: panel_create must clear it */
    int rc = panel_create(arg, &p);
    if (rc == 0 || p != NULL) {
        panel_destroy(&p);
        return 0;
    }
    return -1;
}

static int create_without_out(const void *arg)
{
    return panel_create(arg, NULL);
}

static void test_defaults(struct scene *scene)
{
    struct panel *p = make_panel(NULL);
    uint32_t w = 0, h = 0;
    const uint8_t *px = panel_pixels(p, &w, &h);
    CHECK(w == 512 && h == 320);
    bool blank = true;
    for (size_t i = 0; i < (size_t)w * h * 4; i++)
        blank = blank && px[i] == 0;
    CHECK(blank); /* transparent before the first update */
    CHECK(panel_update(p, scene, scene_find_machine(scene, "line1-press")));
    CHECK(pixel(p, 256, 300)[3] == 255);                         /* the card is opaque */
    CHECK(pixel(p, 0, 0)[3] == 0);                               /* the frame's corner is round */
    CHECK(pixel(p, 2, 160)[3] > 100 && pixel(p, 2, 160)[3] < 250); /* the frame is translucent */
    const uint8_t *f = pixel(p, 2, 160);
    CHECK(f[0] <= f[3] && f[1] <= f[3] && f[2] <= f[3]); /* premultiplied: no channel above alpha */
    panel_destroy(&p);
    CHECK(p == NULL);
    panel_destroy(&p);
    panel_destroy(NULL);
}

/* The name is drawn with the font: ink where it goes, as wide as FreeType says; another name, other pixels. */
static void test_text(struct scene *scene)
{
    struct panel *a = make_panel(NULL), *b = make_panel(NULL);
    uint32_t m1 = scene_find_machine(scene, "line1-press"), m2 = scene_find_machine(scene, "line2-press");
    struct scene_machine_state same = {.status = SCENE_MACHINE_RUNNING, .cycle_count = 777, .parts_per_hour = 600,
                                       .temperature_c = 40, .load_pct = 50};
    scene_update(scene, 7000 * NS);
    scene_set_machine_live(scene, m1, &same);
    scene_set_machine_live(scene, m2, &same);
    panel_update(a, scene, m1);
    panel_update(b, scene, m2);
    struct panel_rect name = a->layout.header;
    name.x1 = a->pill.x0 - 2.0f; /* the pill's anti-aliased edge is not the name's ink */
    int x0, x1, n = ink(a, name, &x0, &x1);
    float want = panel_font_width(&a->font, PANEL_STYLE_TITLE, "Press, line 1");
    CHECK(n > 300);
    CHECK(x0 >= (int)name.x0 - 1 && x0 <= (int)name.x0 + 3);
    CHECK(fabsf((float)(x1 - x0 + 1) - want) < 4.0f);
    CHECK(!same_region(a, panel_pixels(b, NULL, NULL), name));
    /* The same live numbers draw the same value cells: the difference is the name's. */
    for (int i = 0; i < PANEL_VALUE_SLOTS; i++)
        CHECK(same_region(a, panel_pixels(b, NULL, NULL), a->layout.values[i]));
    /* The kind line names the kind and the id. */
    CHECK(strcmp(a->shown.kind, "Press \xc2\xb7 line1-press") == 0);
    CHECK(ink(a, a->layout.sub, NULL, NULL) > 100);
    scene_set_machine_live(scene, m1, NULL);
    scene_set_machine_live(scene, m2, NULL);
    panel_destroy(&a);
    panel_destroy(&b);
}

static void test_status_colours(struct scene *scene)
{
    struct panel *p = make_panel(NULL);
    uint32_t m = scene_find_machine(scene, "line3-robot-b");
    for (int s = 0; s < SCENE_MACHINE_STATUS_COUNT; s++) {
        struct scene_machine_state st = {.status = (enum scene_machine_status)s, .cycle_count = 5,
                                         .parts_per_hour = NAN, .temperature_c = NAN, .load_pct = NAN};
        scene_update(scene, 9000 * NS + s * NS);
        scene_set_machine_live(scene, m, &st);
        CHECK(panel_update(p, scene, m));
        struct panel_rect r = p->pill;
        const uint8_t *in_pill = pixel(p, (int)r.x0 + 4, (int)((r.y0 + r.y1) * 0.5f));
        const uint8_t *accent = pixel(p, (int)((p->layout.accent.x0 + p->layout.accent.x1) * 0.5f),
                                      (int)((p->layout.accent.y0 + p->layout.accent.y1) * 0.5f));
        if (status_of_colour(in_pill) != s || status_of_colour(accent) != s)
            fprintf(stderr, "status %d: pill %d,%d,%d accent %d,%d,%d\n", s, in_pill[0], in_pill[1], in_pill[2],
                    accent[0], accent[1], accent[2]);
        CHECK(status_of_colour(in_pill) == s);
        CHECK(status_of_colour(accent) == s);
        CHECK(ink(p, r, NULL, NULL) > 200); /* the status word is in it */
    }
    scene_set_machine_live(scene, m, NULL);
    panel_destroy(&p);
}

/* "nan", "inf" (any case, with or without a sign) as a word of their own: "Infeed" is fine. */
static bool has_nan_text(const char *s)
{
    for (const char *w = s; *w; w++) {
        bool starts = w == s || !isalpha((unsigned char)w[-1]);
        if (starts && (strncasecmp(w, "nan", 3) == 0 || strncasecmp(w, "inf", 3) == 0) &&
            (!isalpha((unsigned char)w[3]) || strncasecmp(w, "infinity", 8) == 0))
            return true;
    }
    return false;
}

static void test_nan(struct scene *scene)
{
    struct panel *p = make_panel(NULL);
    uint32_t agv = scene_find_machine(scene, "agv1");
    scene_update(scene, 7300 * NS);
    panel_update(p, scene, agv);
    CHECK(p->shown.value_count == 2 && strcmp(p->shown.values[0].label, "Cycles") == 0 &&
          strcmp(p->shown.values[1].label, "Load") == 0);
    CHECK(strncmp(p->shown.chart.title, "Load", 4) == 0); /* no temperature: the chart shows load */
    CHECK(ink(p, p->layout.values[1], NULL, NULL) > 100 && ink(p, p->layout.values[2], NULL, NULL) == 0 &&
          ink(p, p->layout.values[3], NULL, NULL) == 0);
    /* Live data with nothing but a count: one cell; infinities are not numbers to show either. */
    uint32_t press = scene_find_machine(scene, "line1-press");
    struct scene_machine_state st = {.status = SCENE_MACHINE_IDLE, .cycle_count = 12,
                                     .parts_per_hour = NAN, .temperature_c = INFINITY, .load_pct = -NAN};
    scene_set_machine_live(scene, press, &st);
    panel_update(p, scene, press);
    CHECK(p->shown.value_count == 1);
    CHECK(ink(p, p->layout.values[0], NULL, NULL) > 100);
    for (int i = 1; i < PANEL_VALUE_SLOTS; i++)
        CHECK(ink(p, p->layout.values[i], NULL, NULL) == 0);
    scene_set_machine_live(scene, press, NULL);
    /* No machine at any time shows "nan" or "inf" in any text. */
    struct panel_content c;
    int bad = 0;
    for (int64_t t = 7000; t < 7120; t += 7) {
        scene_update(scene, t * NS);
        for (uint32_t m = 0; m < scene_machine_count(scene); m++) {
            panel_content_build(scene, m, 80.0f, p->history, &c);
            bad += has_nan_text(c.name) || has_nan_text(c.alarm) || has_nan_text(c.chart.lo) ||
                   has_nan_text(c.chart.hi);
            for (uint32_t i = 0; i < c.value_count; i++)
                bad += has_nan_text(c.values[i].text);
        }
    }
    CHECK(bad == 0);
    panel_destroy(&p);
}

/* Pixels of the line's colour in a rect. */
static int line_pixels(const struct panel *p, struct panel_rect r)
{
    int n = 0;
    for (int y = (int)r.y0; y < (int)r.y1; y++) {
        for (int x = (int)r.x0; x < (int)r.x1; x++) {
            const uint8_t *px = pixel(p, x, y);
            n += px[2] > 200 && px[1] > 150 && px[0] < 140;
        }
    }
    return n;
}

static void test_chart(struct scene *scene)
{
    struct panel *p = make_panel(NULL);
    uint32_t press = scene_find_machine(scene, "line2-press");
    scene_update(scene, 8000 * NS);
    panel_update(p, scene, press);
    struct panel_rect plot = p->layout.plot, band = p->layout.band;
    CHECK(line_pixels(p, plot) > (int)(plot.x1 - plot.x0));
    /* The line passes through each sample's temperature on the axis its labels give; the band shows each
     * sample's status. */
    struct scene_machine_state h[PANEL_CHART_SAMPLES];
    CHECK(scene_machine_history(scene, press, PANEL_CHART_SAMPLES, PANEL_CHART_STEP_NS, h) == PANEL_CHART_SAMPLES);
    float lo = strtof(p->shown.chart.lo, NULL), hi = strtof(p->shown.chart.hi, NULL);
    CHECK(hi > lo);
    float dx = (plot.x1 - plot.x0) / (PANEL_CHART_SAMPLES - 1), tmin = INFINITY, tmax = -INFINITY;
    int off_line = 0, wrong_band = 0;
    for (int k = 0; k < PANEL_CHART_SAMPLES; k += 4) {
        float want = (h[k].temperature_c - lo) / (hi - lo) * (plot.y1 - plot.y0);
        int x = (int)(plot.x0 + (float)k * dx), y = (int)(plot.y1 - want);
        struct panel_rect around = {(float)x - 1, (float)y - 2, (float)x + 2, (float)y + 3};
        off_line += line_pixels(p, around) == 0;
        int bx = (int)fminf(band.x0 + (float)k * dx, band.x1 - 1.0f); /* the last sample's span ends at x1 */
        const uint8_t *b = pixel(p, bx, (int)((band.y0 + band.y1) * 0.5f));
        wrong_band += status_of_colour(b) != (int)h[k].status;
        tmin = fminf(tmin, h[k].temperature_c);
        tmax = fmaxf(tmax, h[k].temperature_c);
    }
    CHECK(off_line == 0);
    CHECK(wrong_band == 0);
    CHECK(tmax - tmin > 5.0f); /* a minute that moves: the line is not flat */
    /* The chart's temperature axis holds the samples. */
    for (int k = 0; k < PANEL_CHART_SAMPLES; k++)
        CHECK(h[k].temperature_c >= lo && h[k].temperature_c <= hi);
    /* Another minute, another chart; the header stays. */
    uint8_t *before = malloc((size_t)p->canvas.width * p->canvas.height * 4);
    memcpy(before, panel_pixels(p, NULL, NULL), (size_t)p->canvas.width * p->canvas.height * 4);
    scene_update(scene, 8023 * NS);
    CHECK(panel_update(p, scene, press));
    CHECK(!same_region(p, before, plot));
    CHECK(!same_region(p, before, band));
    CHECK(same_region(p, before, (struct panel_rect){p->layout.header.x0, p->layout.header.y0, p->pill.x0 - 1,
                                                     p->layout.header.y1}));
    free(before);
    panel_destroy(&p);
}

static void test_update_only_on_change(struct scene *scene)
{
    struct panel *p = make_panel(&(struct panel_desc){.refresh_hz = 4});
    size_t bytes = (size_t)p->canvas.width * p->canvas.height * 4;
    uint8_t *before = malloc(bytes);
    uint32_t press = scene_find_machine(scene, "line4-press"), rack = scene_find_machine(scene, "line4-rack-b");
    scene_update(scene, 7400 * NS);
    CHECK(panel_update(p, scene, press));
    memcpy(before, panel_pixels(p, NULL, NULL), bytes);
    CHECK(!panel_update(p, scene, press)); /* nothing changed */
    CHECK(memcmp(before, panel_pixels(p, NULL, NULL), bytes) == 0);
    scene_update(scene, 7400 * NS + 100000000); /* same refresh interval (4 Hz): not sampled */
    CHECK(!panel_update(p, scene, press));
    CHECK(memcmp(before, panel_pixels(p, NULL, NULL), bytes) == 0);
    /* A live value changes: shown from the next interval on, and only the cell that changed differs. */
    struct scene_machine_state st;
    scene_machine_state(scene, press, &st);
    scene_set_machine_live(scene, press, &st);
    scene_update(scene, 7400 * NS + 300000000);
    CHECK(panel_update(p, scene, press)); /* SIMULATED became LIVE */
    memcpy(before, panel_pixels(p, NULL, NULL), bytes);
    st.cycle_count += 1000;
    scene_set_machine_live(scene, press, &st);
    scene_update(scene, 7400 * NS + 400000000);
    CHECK(!panel_update(p, scene, press)); /* still the same interval */
    scene_update(scene, 7400 * NS + 500000000);
    CHECK(panel_update(p, scene, press));
    CHECK(!same_region(p, before, p->layout.values[0]));
    CHECK(same_region(p, before, p->layout.values[2]) && same_region(p, before, p->layout.header));
    /* A rack shows nothing that changes: sampled in each new interval, never re-rendered. */
    CHECK(panel_update(p, scene, rack)); /* another machine: at once, same interval */
    memcpy(before, panel_pixels(p, NULL, NULL), bytes);
    for (int k = 1; k <= 20; k++) {
        scene_update(scene, 7400 * NS + 500000000 + k * 300000000LL);
        CHECK(!panel_update(p, scene, rack));
    }
    CHECK(memcmp(before, panel_pixels(p, NULL, NULL), bytes) == 0);
    /* No machine, and a NULL scene: "No machine", drawn once. */
    CHECK(panel_update(p, scene, SCENE_NO_MACHINE));
    CHECK(p->shown.show == PANEL_SHOW_NOTHING && ink(p, p->layout.header, NULL, NULL) > 200);
    CHECK(!panel_update(p, NULL, SCENE_NO_MACHINE)); /* sampled again (another scene), the same picture */
    CHECK(!panel_update(p, NULL, 3));
    scene_set_machine_live(scene, press, NULL);
    free(before);
    panel_destroy(&p);
}

/* The twin's link goes down: a live machine's panel re-renders with the marker row and greyed numbers changed,
 * the header (name, status) as it was; back up, the picture is the one from before. */
static void test_link_down(struct scene *scene)
{
    struct panel *p = make_panel(&(struct panel_desc){.refresh_hz = 4});
    size_t bytes = (size_t)p->canvas.width * p->canvas.height * 4;
    uint8_t *up = malloc(bytes);
    uint32_t press = scene_find_machine(scene, "line2-press");
    struct scene_machine_state st;
    scene_update(scene, 9000 * NS);
    scene_machine_state(scene, press, &st);
    st.updated_ns = 9000 * NS;
    scene_set_link(scene, SCENE_LINK_UP);
    scene_set_machine_live(scene, press, &st);
    scene_update(scene, 9000 * NS);
    CHECK(panel_update(p, scene, press));
    CHECK(!p->shown.link_down);
    memcpy(up, panel_pixels(p, NULL, NULL), bytes);
    scene_set_link(scene, SCENE_LINK_DOWN);
    scene_update(scene, 9000 * NS + 300000000);
    CHECK(panel_update(p, scene, press) && p->shown.link_down);
    CHECK(!same_region(p, up, p->layout.sub) && !same_region(p, up, p->layout.values[0]));
    CHECK(same_region(p, up, p->layout.header));
    scene_set_link(scene, SCENE_LINK_UP);
    scene_update(scene, 9000 * NS + 600000000);
    CHECK(panel_update(p, scene, press) && !p->shown.link_down);
    CHECK(same_region(p, up, p->layout.sub) && same_region(p, up, p->layout.values[0]));
    scene_set_machine_live(scene, press, NULL);
    scene_set_link(scene, SCENE_LINK_NONE);
    free(up);
    panel_destroy(&p);
}

static void test_refusals(void)
{
    char err[2048];
    const struct panel_desc missing = {.font_path = "/nonexistent/Font.ttf"};
    CHECK(with_stderr(create_refused, &missing, err, sizeof err) == -1);
    CHECK(strstr(err, "/nonexistent/Font.ttf") && strstr(err, "fonts-dejavu-core"));
    /* A file that is not a font. */
    char junk[] = "/tmp/panel_junk_XXXXXX";
    int fd = mkstemp(junk);
    CHECK(fd >= 0 && write(fd, "not a font at all\n", 18) == 18);
    close(fd);
    CHECK(with_stderr(create_refused, &(struct panel_desc){.font_path = junk}, err, sizeof err) == -1);
    CHECK(strstr(err, junk) && strstr(err, "FT_New_Face"));
    unlink(junk);
    static const struct panel_desc bad[] = {
        {.width = 512}, {.height = 320}, {.width = 100, .height = 100}, {.width = 512, .height = 159},
        {.width = 5000, .height = 320}, {.refresh_hz = 5000}, {.font_path = ""},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        CHECK(with_stderr(create_refused, &bad[i], err, sizeof err) == -1);
        CHECK(strstr(err, "panel") != NULL);
    }
    CHECK(with_stderr(create_without_out, NULL, err, sizeof err) == -1 && strstr(err, "out_panel"));
}

/* Text past its room ends in an ellipsis inside it; bad UTF-8 and unknown code points draw, not crash. */
static void test_long_text(struct scene *scene)
{
    struct panel *p = make_panel(NULL);
    uint32_t m = scene_find_machine(scene, "line1-outfeed");
    struct scene_machine_state st = {.status = SCENE_MACHINE_FAULT, .cycle_count = UINT64_MAX,
                                     .parts_per_hour = 1e30f, .temperature_c = -0.3f, .load_pct = 100.0f};
    snprintf(st.alarm, sizeof st.alarm, "\xff\xfe bad bytes \xe2\x82 then a very long alarm text \xe4\xb8\xad "
                                        "that cannot fit in one line of the panel at all");
    scene_update(scene, 7100 * NS);
    scene_set_machine_live(scene, m, &st);
    panel_update(p, scene, m);
    CHECK(strcmp(p->shown.values[0].text, "18.4 E") == 0);
    CHECK(strcmp(p->shown.values[2].text, "0 \xc2\xb0" "C") == 0); /* not "-0" */
    struct panel_rect alarm = p->layout.alarm;
    int x0, x1;
    ink(p, (struct panel_rect){alarm.x0, alarm.y0 + 4, alarm.x1, alarm.y1 - 4}, &x0, &x1);
    CHECK(x1 < (int)alarm.x1); /* the red band's own edge is not crossed by text */
    /* Draw a name longer than the header directly: it stops left of the pill. */
    struct panel_content c = p->shown;
    snprintf(c.name, sizeof c.name, "%s", "A machine with a name far too long for the header of any panel");
    memcpy(p->canvas.pixels, p->background, (size_t)p->canvas.width * p->canvas.height * 4);
    struct panel_rect pill;
    panel_draw_content(&p->canvas, &p->font, &p->layout, &c, &pill);
    struct panel_rect header = p->layout.header;
    header.x1 = pill.x0 - 2.0f;
    ink(p, header, &x0, &x1);
    CHECK(x1 < (int)pill.x0 - 6);
    scene_set_machine_live(scene, m, NULL);
    panel_destroy(&p);
}

/* The test links with --wrap=malloc,calloc,realloc: every allocation of the panel's code (and the test's) is
 * counted here. FreeType's own happen inside its shared library; glibc's bytes-in-use count covers those. */
void *__real_malloc(size_t size);
void *__real_calloc(size_t count, size_t size);
void *__real_realloc(void *ptr, size_t size);
static unsigned long allocations;
void *__wrap_malloc(size_t size)
{
    allocations++;
    return __real_malloc(size);
}
void *__wrap_calloc(size_t count, size_t size)
{
    allocations++;
    return __real_calloc(count, size);
}
void *__wrap_realloc(void *ptr, size_t size)
{
    allocations++;
    return __real_realloc(ptr, size);
}

/* Once the glyphs are cached, re-rendering allocates nothing: no call at all from the panel's code, and (not
 * under ASan, whose allocator does not report to mallinfo2) no byte more in use anywhere. */
static void test_no_allocation(struct scene *scene)
{
    struct panel *p = make_panel(NULL);
    uint32_t press = scene_find_machine(scene, "line2-press");
    for (int k = 0; k < 8; k++) { /* warm: every glyph the texts use */
        scene_update(scene, (7000 + 7 * k) * NS);
        panel_update(p, scene, press);
    }
    unsigned long calls = allocations;
    uint32_t glyphs = p->font.table_used;
    size_t pool = p->font.pool_used;
#if !defined(__SANITIZE_ADDRESS__)
    struct mallinfo2 before = mallinfo2();
#endif
    int renders = 0;
    for (int k = 0; k < 40; k++) {
        scene_update(scene, (7000 + 3 * k) * NS);
        renders += panel_update(p, scene, press);
        renders += panel_update(p, scene, scene_find_machine(scene, "agv3"));
    }
    CHECK(renders > 60);
    CHECK(allocations == calls);
    CHECK(p->font.table_used == glyphs && p->font.pool_used == pool); /* every glyph came from the cache */
#if !defined(__SANITIZE_ADDRESS__)
    struct mallinfo2 after = mallinfo2();
    CHECK(before.uordblks == after.uordblks && before.hblkhd == after.hblkhd);
#endif
    panel_destroy(&p);
}

/* Other sizes scale the layout: the name and the chart are still where the layout says. */
static void test_sizes(struct scene *scene)
{
    struct panel *p = make_panel(&(struct panel_desc){.width = 1024, .height = 800});
    uint32_t press = scene_find_machine(scene, "line1-press");
    scene_update(scene, 7000 * NS);
    panel_update(p, scene, press);
    CHECK(p->layout.scale == 2.0f && p->font.px[PANEL_STYLE_TITLE] == 56);
    CHECK(ink(p, p->layout.header, NULL, NULL) > 1200);
    CHECK(line_pixels(p, p->layout.plot) > (int)(p->layout.plot.x1 - p->layout.plot.x0));
    CHECK(p->layout.plot.y1 - p->layout.plot.y0 > 2.0f * 80.0f); /* the extra height went to the chart */
    panel_destroy(&p);
    p = make_panel(&(struct panel_desc){.width = PANEL_MIN_WIDTH, .height = PANEL_MIN_HEIGHT});
    panel_update(p, scene, press);
    CHECK(ink(p, p->layout.header, NULL, NULL) > 100);
    panel_destroy(&p);
}

int main(void)
{
    struct scene *scene = NULL;
    if (scene_create(&(struct scene_desc){.lines = 4}, &scene) != 0)
        return 1;
    test_defaults(scene);
    test_text(scene);
    test_status_colours(scene);
    test_nan(scene);
    test_chart(scene);
    test_update_only_on_change(scene);
    test_link_down(scene);
    test_refusals();
    test_long_text(scene);
    test_no_allocation(scene);
    test_sizes(scene);
    scene_destroy(&scene);
    return unit_finish("panel");
}
