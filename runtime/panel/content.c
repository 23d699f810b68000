/* What a panel shows, sampled from the scene: texts already formatted (numbers a machine does not have are
 * left out, never "nan"), the status, the markers, and the chart's samples quantized as they are drawn, so
 * that two samplings compare equal exactly when they would draw the same pixels. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "panel_internal.h"

static const struct {
    const char *text;
    uint32_t rgb;
} status_look[SCENE_MACHINE_STATUS_COUNT] = {
    /* Green, amber and red as on the beacons; blocked is orange (it is not idle), offline grey. */
    [SCENE_MACHINE_RUNNING] = {"RUNNING", 0x22c55e}, [SCENE_MACHINE_IDLE] = {"IDLE", 0xf5b000},
    [SCENE_MACHINE_BLOCKED] = {"BLOCKED", 0xf97316}, [SCENE_MACHINE_FAULT] = {"FAULT", 0xef2b2b},
    [SCENE_MACHINE_OFFLINE] = {"OFFLINE", 0x8a939e},
};

uint32_t panel_status_rgb(enum scene_machine_status status)
{
    return (unsigned)status < SCENE_MACHINE_STATUS_COUNT ? status_look[status].rgb : 0x8a939e;
}

const char *panel_status_text(enum scene_machine_status status)
{
    return (unsigned)status < SCENE_MACHINE_STATUS_COUNT ? status_look[status].text : "UNKNOWN";
}

static const char *kind_text(enum scene_machine_kind kind)
{
    static const char *const names[SCENE_MACHINE_KIND_COUNT] = {"Conveyor", "Robot", "Press", "Rack", "AGV"};
    return (unsigned)kind < SCENE_MACHINE_KIND_COUNT ? names[kind] : "Machine";
}

/* A bounded copy of a string field that may lack its NUL (live data). */
static void copy_text(char *dst, size_t size, const char *src, size_t src_size)
{
    size_t n = strnlen(src, src_size);
    if (n >= size)
        n = size - 1;
    memcpy(dst, src, n);
    dst[n] = '\0';
}

/* "123,456" up to a million, then "1.23 M", "12.3 M", "123 M", "1.23 G"...: fits a value cell. */
static void format_count(char *out, size_t size, uint64_t v)
{
    if (v < 1000000u) {
        if (v < 1000u)
            snprintf(out, size, "%u", (unsigned)v);
        else
            snprintf(out, size, "%u,%03u", (unsigned)(v / 1000u), (unsigned)(v % 1000u));
        return;
    }
    static const char units[] = "MGTPE";
    double x = (double)v / 1e6;
    int u = 0;
    while (x >= 999.5 && u < 4) {
        x /= 1000.0;
        u++;
    }
    snprintf(out, size, x < 9.995 ? "%.2f %c" : x < 99.95 ? "%.1f %c" : "%.0f %c", x, units[u]);
}

/* Whole numbers; -0.3 reads "0", not "-0". */
static void format_whole(char *out, size_t size, float v, const char *unit)
{
    double r = round((double)v);
    snprintf(out, size, "%.0f%s", r == 0.0 ? 0.0 : r, unit);
}

static void add_value(struct panel_content *c, const char *label, const char *text)
{
    struct panel_value *v = &c->values[c->value_count++];
    snprintf(v->label, sizeof v->label, "%s", label);
    snprintf(v->text, sizeof v->text, "%s", text);
}

static void build_values(struct panel_content *c, const struct scene_machine_state *st)
{
    char text[24];
    format_count(text, sizeof text, st->cycle_count);
    add_value(c, "Cycles", text);
    if (isfinite(st->parts_per_hour)) {
        format_whole(text, sizeof text, st->parts_per_hour, "");
        add_value(c, "Parts / h", text);
    }
    if (isfinite(st->temperature_c)) {
        format_whole(text, sizeof text, st->temperature_c, " \xc2\xb0" "C");
        add_value(c, "Temperature", text);
    }
    if (isfinite(st->load_pct)) {
        format_whole(text, sizeof text, st->load_pct, " %");
        add_value(c, "Load", text);
    }
}

/* A value axis with round ends: temperature in steps of 5 spanning at least 10, load 0..100 unless the data
 * leaves it. */
static void chart_range(bool temperature, float lo_data, float hi_data, float *out_lo, float *out_hi)
{
    if (!temperature) {
        *out_lo = lo_data < 0.0f ? floorf(lo_data / 50.0f) * 50.0f : 0.0f;
        *out_hi = hi_data > 100.0f ? ceilf(hi_data / 50.0f) * 50.0f : 100.0f;
        return;
    }
    float lo = floorf(lo_data / 5.0f) * 5.0f, hi = ceilf(hi_data / 5.0f) * 5.0f;
    if (hi - lo < 10.0f) {
        float mid = floorf((lo + hi) * 0.5f / 5.0f) * 5.0f;
        lo = mid - 5.0f;
        hi = mid + 5.0f;
        if (hi < hi_data)
            hi += 5.0f, lo += 5.0f;
    }
    *out_lo = lo;
    *out_hi = hi;
}

static float chart_number(const struct scene_machine_state *s, bool temperature)
{
    return temperature ? s->temperature_c : s->load_pct;
}

/* The line: temperature when the machine has one in the last minute, else load, else none (the status band
 * alone). */
static void build_chart(struct panel_chart *ch, const struct scene_machine_state *h, uint32_t n, float plot_height)
{
    uint32_t temps = 0, loads = 0;
    for (uint32_t k = 0; k < n; k++) {
        ch->status[k] = (uint8_t)h[k].status;
        ch->y[k] = PANEL_CHART_GAP;
        temps += isfinite(h[k].temperature_c) ? 1 : 0;
        loads += isfinite(h[k].load_pct) ? 1 : 0;
    }
    if (!temps && !loads)
        return;
    bool temperature = temps > 0;
    float lo = INFINITY, hi = -INFINITY;
    for (uint32_t k = 0; k < n; k++) {
        float v = chart_number(&h[k], temperature);
        if (isfinite(v))
            lo = fminf(lo, v), hi = fmaxf(hi, v);
    }
    chart_range(temperature, lo, hi, &lo, &hi);
    snprintf(ch->title, sizeof ch->title, "%s, last minute", temperature ? "Temperature \xc2\xb0" "C" : "Load %");
    format_whole(ch->lo, sizeof ch->lo, lo, "");
    format_whole(ch->hi, sizeof ch->hi, hi, "");
    float quarters = 4.0f * plot_height;
    for (uint32_t k = 0; k < n; k++) {
        float v = chart_number(&h[k], temperature);
        if (isfinite(v))
            ch->y[k] = (int16_t)lrintf(fminf(fmaxf((v - lo) / (hi - lo), 0.0f), 1.0f) * quarters);
    }
}

void panel_content_build(const struct scene *scene, uint32_t machine, float plot_height,
                         struct scene_machine_state *history, struct panel_content *out)
{
    memset(out, 0, sizeof *out);
    const struct scene_machine *m = scene ? scene_get_machine(scene, machine) : NULL;
    if (!m)
        return; /* PANEL_SHOW_NOTHING */
    copy_text(out->name, sizeof out->name, m->name, sizeof m->name);
    char id[SCENE_ID_MAX];
    copy_text(id, sizeof id, m->id, sizeof m->id);
    snprintf(out->kind, sizeof out->kind, "%s \xc2\xb7 %s", kind_text(m->kind), id);
    if (!m->has_state) {
        out->show = PANEL_SHOW_PASSIVE;
        return;
    }
    out->show = PANEL_SHOW_STATE;
    struct scene_machine_state st;
    scene_machine_state(scene, machine, &st);
    out->status = (unsigned)st.status < SCENE_MACHINE_STATUS_COUNT ? st.status : SCENE_MACHINE_STATUS_COUNT;
    out->live = st.live;
    out->stale = st.stale;
    out->link_down = st.link_down;
    copy_text(out->alarm, sizeof out->alarm, st.alarm, sizeof st.alarm);
    build_values(out, &st);
    uint32_t n = scene_machine_history(scene, machine, PANEL_CHART_SAMPLES, PANEL_CHART_STEP_NS, history);
    if (n == PANEL_CHART_SAMPLES)
        build_chart(&out->chart, history, n, plot_height);
}

static bool chart_equal(const struct panel_chart *a, const struct panel_chart *b)
{
    return strcmp(a->title, b->title) == 0 && strcmp(a->lo, b->lo) == 0 && strcmp(a->hi, b->hi) == 0 &&
           memcmp(a->y, b->y, sizeof a->y) == 0 && memcmp(a->status, b->status, sizeof a->status) == 0;
}

bool panel_content_equal(const struct panel_content *a, const struct panel_content *b)
{
    if (a->show != b->show || strcmp(a->name, b->name) != 0 || strcmp(a->kind, b->kind) != 0)
        return false;
    if (a->show != PANEL_SHOW_STATE)
        return true;
    if (a->status != b->status || a->live != b->live || a->stale != b->stale || a->link_down != b->link_down || strcmp(a->alarm, b->alarm) != 0 ||
        a->value_count != b->value_count)
        return false;
    for (uint32_t i = 0; i < a->value_count; i++) {
        if (strcmp(a->values[i].label, b->values[i].label) != 0 || strcmp(a->values[i].text, b->values[i].text) != 0)
            return false;
    }
    return chart_equal(&a->chart, &b->chart);
}
