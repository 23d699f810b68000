/* The plant check's id pass (well formed, each used once) and space pass (footprints inside the hall, nothing
 * in the same place, AGV loops clear of everything). Footprints are axis-aligned rectangles on the floor; an
 * AGV loop is a rounded rectangle, measured exactly through its signed distance. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "plant_check.h"
#include "scene_internal.h"

#define SPACE_AGV_CLEAR 0.7f  /* an AGV (1.1 x 0.75 m) reaches 0.67 m from its path in any direction */
#define SPACE_AGV_BAND 0.5f   /* ... and may cut across the painted corner of a line's band (half its width) */
#define SPACE_AGV_APART 1.4f  /* two AGV paths keep this far apart, so two AGVs never touch */
#define SPACE_CORRIDOR 2.0f   /* a line's machines stay within this of its centre line (press column, crown) */

/* ---- ids ---- */

struct id_entry {
    const char *id;
    char path[48];
};

static int id_compare(const void *pa, const void *pb)
{
    const struct id_entry *a = pa, *b = pb;
    int c = strcmp(a->id, b->id);
    return c ? c : strcmp(a->path, b->path);
}

static int id_add(struct plant_check *pc, struct id_entry *list, uint32_t *n, const struct scene_plant_ident *id,
                  const char *fmt, uint32_t a, uint32_t b)
{
    struct id_entry *e = &list[(*n)++];
    snprintf(e->path, sizeof e->path, fmt, a, b);
    e->id = id->id;
    return plant_check_ident(pc, id, e->path);
}

static int collect_ids(struct plant_check *pc, struct id_entry *list, uint32_t *n)
{
    const struct scene_plant *p = pc->plant;
    int rc = 0;
    for (uint32_t i = 0; i < p->line_count && rc == 0; i++) {
        const struct scene_plant_line *l = &p->lines[i];
        rc |= id_add(pc, list, n, &l->ident, "lines[%u]%.0u", i, 0);
        rc = rc ? rc : id_add(pc, list, n, &l->infeed, "lines[%u].infeed%.0u", i, 0);
        for (uint32_t k = 0; k < l->cell_count && rc == 0; k++) {
            rc = id_add(pc, list, n, &l->cells[k].robot_in, "lines[%u].cells[%u].robot_in", i, k);
            rc = rc ? rc : id_add(pc, list, n, &l->cells[k].press, "lines[%u].cells[%u].press", i, k);
            rc = rc ? rc : id_add(pc, list, n, &l->cells[k].robot_out, "lines[%u].cells[%u].robot_out", i, k);
            if (rc == 0 && k + 1 < l->cell_count)
                rc = id_add(pc, list, n, &l->cells[k].transfer, "lines[%u].cells[%u].transfer", i, k);
        }
        rc = rc ? rc : id_add(pc, list, n, &l->outfeed, "lines[%u].outfeed%.0u", i, 0);
    }
    for (uint32_t i = 0; i < p->rack_count && rc == 0; i++)
        rc = id_add(pc, list, n, &p->racks[i].ident, "racks[%u]%.0u", i, 0);
    for (uint32_t i = 0; i < p->agv_count && rc == 0; i++)
        rc = id_add(pc, list, n, &p->agvs[i].ident, "agvs[%u]%.0u", i, 0);
    return rc;
}

int plant_check_ids(struct plant_check *pc)
{
    const struct scene_plant *p = pc->plant;
    size_t cap = p->rack_count + p->agv_count + 1;
    for (uint32_t i = 0; i < p->line_count; i++)
        cap += 2 + scene_line_machine_count(&p->lines[i]);
    struct id_entry *list = calloc(cap, sizeof *list);
    if (!list)
        return plant_fail(pc, "out of memory checking %zu ids", cap);
    uint32_t n = 0;
    int rc = collect_ids(pc, list, &n);
    if (rc == 0) {
        qsort(list, n, sizeof *list, id_compare);
        for (uint32_t i = 1; i < n && rc == 0; i++) {
            if (strcmp(list[i - 1].id, list[i].id) == 0)
                rc = plant_fail(pc, "%s.id: '%s' is used twice (also %s.id)", list[i].path, list[i].id,
                                list[i - 1].path);
        }
    }
    free(list);
    return rc;
}

/* ---- footprints ---- */

enum rect_kind { RECT_BAND, RECT_SOLID };

struct rect {
    float min[2], max[2];
    enum rect_kind kind;
    char what;      /* 'l' line, 'r' rack, 'p' pallet, 'c' column */
    uint32_t index; /* into its array */
    int32_t cell;   /* a line's cell cabinet, or -1 */
};

static void describe(const struct scene_plant *p, const struct rect *r, char *out, size_t size)
{
    switch (r->what) {
    case 'l':
        if (r->cell >= 0)
            snprintf(out, size, "lines[%u] (%s) cells[%d]'s control cabinet", r->index, p->lines[r->index].ident.id,
                     r->cell);
        else
            snprintf(out, size, "lines[%u] (%s)%s", r->index, p->lines[r->index].ident.id,
                     r->kind == RECT_BAND ? "" : "'s machines");
        break;
    case 'r': snprintf(out, size, "racks[%u] (%s)", r->index, p->racks[r->index].ident.id); break;
    case 'p': snprintf(out, size, "pallets[%u]", r->index); break;
    default: snprintf(out, size, "columns[%u]", r->index); break;
    }
}

/* A box in a line's own coordinates (lx across, s along) as a world rectangle. */
static struct rect line_rect(const struct scene_line_plan *g, float lx0, float lx1, float s0, float s1)
{
    float xa = g->x + g->mirror * lx0, xb = g->x + g->mirror * lx1;
    return (struct rect){.min = {fminf(xa, xb), g->z0 - s1}, .max = {fmaxf(xa, xb), g->z0 - s0}, .cell = -1};
}

static uint32_t add_line_rects(const struct scene_plant_line *l, uint32_t i, struct rect *out)
{
    struct scene_line_plan g;
    scene_line_geometry(l, &g);
    uint32_t n = 0;
    out[n] = line_rect(&g, -SCENE_BAND_HALF_W, SCENE_BAND_HALF_W, SCENE_BAND_S0, g.band_s1);
    out[n++].kind = RECT_BAND;
    out[n] = line_rect(&g, -SPACE_CORRIDOR, SPACE_CORRIDOR, -0.8f, g.bin_s + 0.55f);
    out[n++].kind = RECT_SOLID;
    for (uint32_t k = 0; k < g.cell_count; k++) {
        float side = g.cell[k].side, p = g.cell[k].pick_s;
        out[n] = line_rect(&g, side * 2.3f, side * 2.9f, p - 1.2f, p - 0.4f);
        out[n].kind = RECT_SOLID;
        out[n++].cell = (int32_t)k;
    }
    for (uint32_t r = 0; r < n; r++) {
        out[r].what = 'l';
        out[r].index = i;
    }
    return n;
}

static struct rect *collect_rects(const struct scene_plant *p, uint32_t *out_count)
{
    size_t cap = (size_t)p->line_count * (2 + SCENE_PLANT_MAX_CELLS) + p->rack_count + p->pallet_count +
                 p->column_count + 1;
    struct rect *r = calloc(cap, sizeof *r);
    if (!r)
        return NULL;
    uint32_t n = 0;
    for (uint32_t i = 0; i < p->line_count; i++)
        n += add_line_rects(&p->lines[i], i, &r[n]);
    for (uint32_t i = 0; i < p->rack_count; i++) {
        const struct scene_plant_rack *k = &p->racks[i];
        r[n++] = (struct rect){.min = {k->at[0] - SCENE_RACK_HALF_W, k->at[1] - SCENE_RACK_BAY * (float)k->bays - 0.04f},
                               .max = {k->at[0] + SCENE_RACK_HALF_W, k->at[1] + 0.04f},
                               .kind = RECT_SOLID, .what = 'r', .index = i, .cell = -1};
    }
    for (uint32_t i = 0; i < p->pallet_count; i++) {
        const float *at = p->pallets[i].at;
        r[n++] = (struct rect){.min = {at[0] - 0.45f, at[1] - 0.55f}, .max = {at[0] + 0.45f, at[1] + 0.55f},
                               .kind = RECT_SOLID, .what = 'p', .index = i, .cell = -1};
    }
    for (uint32_t i = 0; i < p->column_count; i++) {
        const float *at = p->columns[i];
        r[n++] = (struct rect){.min = {at[0] - 0.25f, at[1] - 0.25f}, .max = {at[0] + 0.25f, at[1] + 0.25f},
                               .kind = RECT_SOLID, .what = 'c', .index = i, .cell = -1};
    }
    *out_count = n;
    return r;
}

static int rect_compare(const void *pa, const void *pb)
{
    const struct rect *a = pa, *b = pb;
    return (a->min[0] > b->min[0]) - (a->min[0] < b->min[0]);
}

static bool same_owner(const struct rect *a, const struct rect *b)
{
    return a->what == b->what && a->index == b->index;
}

static int overlap_fail(struct plant_check *pc, const struct rect *a, const struct rect *b)
{
    char da[128], db[128];
    describe(pc->plant, a, da, sizeof da);
    describe(pc->plant, b, db, sizeof db);
    return plant_fail(pc, "%s and %s overlap at x %.2f..%.2f, z %.2f..%.2f", da, db,
                      (double)fmaxf(a->min[0], b->min[0]), (double)fminf(a->max[0], b->max[0]),
                      (double)fmaxf(a->min[1], b->min[1]), (double)fminf(a->max[1], b->max[1]));
}

/* Sweep along x: solid things of different owners, and bands of different lines, must not overlap. */
static int check_overlaps(struct plant_check *pc, const struct rect *r, uint32_t n)
{
    const struct scene_plant *p = pc->plant;
    for (uint32_t i = 0; i < n; i++) {
        const struct rect *a = &r[i];
        if (a->min[0] < p->hall_min[0] || a->max[0] > p->hall_max[0] || a->min[1] < p->hall_min[1] ||
            a->max[1] > p->hall_max[1]) {
            char d[128];
            describe(p, a, d, sizeof d);
            return plant_fail(pc, "%s at x %.2f..%.2f, z %.2f..%.2f is not inside the hall (x %.2f..%.2f, z %.2f..%.2f)",
                              d, (double)a->min[0], (double)a->max[0], (double)a->min[1], (double)a->max[1],
                              (double)p->hall_min[0], (double)p->hall_max[0], (double)p->hall_min[1],
                              (double)p->hall_max[1]);
        }
        for (uint32_t j = i + 1; j < n && r[j].min[0] < a->max[0]; j++) {
            const struct rect *b = &r[j];
            if (a->kind != b->kind || same_owner(a, b) || !(a->min[1] < b->max[1] && b->min[1] < a->max[1]))
                continue;
            if (a->kind == RECT_SOLID || a->what == 'l')
                return overlap_fail(pc, a, b);
        }
    }
    return 0;
}

/* ---- AGV loops ---- */

/* Signed distance from a point to the loop's outline region (negative inside): the rounded rectangle is the
 * inner rectangle grown by the corner radius. Its absolute value is the distance to the path itself. */
static float loop_sdf(const struct scene_plant_agv *a, float x, float z)
{
    float qx = fabsf(x - a->center[0]) - (a->half[0] - a->corner);
    float qz = fabsf(z - a->center[1]) - (a->half[1] - a->corner);
    float ox = fmaxf(qx, 0.0f), oz = fmaxf(qz, 0.0f);
    return sqrtf(ox * ox + oz * oz) + fminf(fmaxf(qx, qz), 0.0f) - a->corner;
}

/* Distance from a rectangle to the loop's path: 0 when the path crosses it. */
static float loop_rect_distance(const struct scene_plant_agv *a, const struct rect *r)
{
    const float cx[4] = {r->min[0], r->max[0], r->min[0], r->max[0]}, cz[4] = {r->min[1], r->min[1], r->max[1], r->max[1]};
    float worst = -INFINITY;
    for (int k = 0; k < 4; k++)
        worst = fmaxf(worst, loop_sdf(a, cx[k], cz[k]));
    if (worst <= 0.0f)
        return -worst; /* inside the loop (convex: the corners are the farthest out) */
    /* Outside, or across: rectangle to inner rectangle, less the radius. */
    float ix0 = a->center[0] - (a->half[0] - a->corner), ix1 = a->center[0] + (a->half[0] - a->corner);
    float iz0 = a->center[1] - (a->half[1] - a->corner), iz1 = a->center[1] + (a->half[1] - a->corner);
    float dx = fmaxf(0.0f, fmaxf(ix0 - r->max[0], r->min[0] - ix1));
    float dz = fmaxf(0.0f, fmaxf(iz0 - r->max[1], r->min[1] - iz1));
    float outside = sqrtf(dx * dx + dz * dz) - a->corner;
    return outside > 0.0f ? outside : 0.0f;
}

static void loop_box(const struct scene_plant_agv *a, float grow, float out_min[2], float out_max[2])
{
    for (int k = 0; k < 2; k++) {
        out_min[k] = a->center[k] - a->half[k] - grow;
        out_max[k] = a->center[k] + a->half[k] + grow;
    }
}

static int check_agv_rects(struct plant_check *pc, uint32_t i, const struct rect *r, uint32_t n, float max_width)
{
    const struct scene_plant_agv *a = &pc->plant->agvs[i];
    float lo[2], hi[2];
    loop_box(a, SPACE_AGV_CLEAR, lo, hi);
    /* r is sorted by min x and no rectangle is wider than max_width. */
    uint32_t first = 0, last = n;
    while (first < last) {
        uint32_t mid = first + (last - first) / 2;
        if (r[mid].min[0] < lo[0] - max_width)
            first = mid + 1;
        else
            last = mid;
    }
    for (uint32_t j = first; j < n && r[j].min[0] <= hi[0]; j++) {
        if (r[j].max[0] < lo[0] || r[j].min[1] > hi[1] || r[j].max[1] < lo[1])
            continue;
        float d = loop_rect_distance(a, &r[j]), need = r[j].kind == RECT_BAND ? SPACE_AGV_BAND : SPACE_AGV_CLEAR;
        if (d < need) {
            char what[128];
            describe(pc->plant, &r[j], what, sizeof what);
            return plant_fail(pc, "agvs[%u] (%s): its route passes %.2f m from %s (at least %.1f m)", i, a->ident.id,
                              (double)d, what, (double)need);
        }
    }
    return 0;
}

/* Smallest distance between two loop paths, sampling b's path every 0.1 m (one crossing gives 0). */
static float loop_loop_distance(const struct scene_plant_agv *a, const struct scene_plant_agv *b)
{
    struct scene_agv_plan bp = {.cx = b->center[0], .cz = b->center[1], .hx = b->half[0], .hz = b->half[1],
                                .corner = b->corner};
    bp.length = 4.0f * (bp.hx + bp.hz - 2.0f * bp.corner) + 2.0f * 3.14159265f * bp.corner;
    bp.speed = 1.0f;
    float best = INFINITY, first_sign = 0.0f;
    for (float l = 0.0f; l < bp.length; l += 0.1f) {
        float pos[3], yaw;
        scene_agv_at(&bp, (double)l, pos, &yaw);
        float d = loop_sdf(a, pos[0], pos[2]);
        if (first_sign == 0.0f)
            first_sign = d < 0.0f ? -1.0f : 1.0f;
        else if ((d < 0.0f ? -1.0f : 1.0f) != first_sign)
            return 0.0f;
        best = fminf(best, fabsf(d));
    }
    return best;
}

static int check_agv_pairs(struct plant_check *pc)
{
    const struct scene_plant *p = pc->plant;
    for (uint32_t i = 0; i < p->agv_count; i++) {
        float ai[2], ax[2];
        loop_box(&p->agvs[i], SPACE_AGV_APART, ai, ax);
        for (uint32_t j = i + 1; j < p->agv_count; j++) {
            float bi[2], bx[2];
            loop_box(&p->agvs[j], 0.0f, bi, bx);
            if (bi[0] > ax[0] || bx[0] < ai[0] || bi[1] > ax[1] || bx[1] < ai[1])
                continue;
            float d = loop_loop_distance(&p->agvs[i], &p->agvs[j]);
            if (d < SPACE_AGV_APART)
                return plant_fail(pc, "agvs[%u] (%s) and agvs[%u] (%s): their routes come %.2f m close (at least %.1f m)",
                                  i, p->agvs[i].ident.id, j, p->agvs[j].ident.id, (double)d, (double)SPACE_AGV_APART);
        }
    }
    return 0;
}

static int check_agvs(struct plant_check *pc, const struct rect *r, uint32_t n, float max_width)
{
    const struct scene_plant *p = pc->plant;
    for (uint32_t i = 0; i < p->agv_count; i++) {
        float lo[2], hi[2];
        loop_box(&p->agvs[i], SPACE_AGV_CLEAR, lo, hi);
        if (lo[0] < p->hall_min[0] || hi[0] > p->hall_max[0] || lo[1] < p->hall_min[1] || hi[1] > p->hall_max[1])
            return plant_fail(pc, "agvs[%u] (%s): its route (x %.2f..%.2f, z %.2f..%.2f with the AGV) leaves the hall", i,
                              p->agvs[i].ident.id, (double)lo[0], (double)hi[0], (double)lo[1], (double)hi[1]);
    }
    if (check_agv_pairs(pc) != 0)
        return -1;
    for (uint32_t i = 0; i < p->agv_count; i++) {
        if (check_agv_rects(pc, i, r, n, max_width) != 0)
            return -1;
    }
    return 0;
}

int plant_check_space(struct plant_check *pc)
{
    uint32_t n = 0;
    struct rect *r = collect_rects(pc->plant, &n);
    if (!r)
        return plant_fail(pc, "out of memory checking the floor's footprints");
    qsort(r, n, sizeof *r, rect_compare);
    float max_width = 0.0f;
    for (uint32_t i = 0; i < n; i++)
        max_width = fmaxf(max_width, r[i].max[0] - r[i].min[0]);
    int rc = check_overlaps(pc, r, n);
    if (rc == 0)
        rc = check_agvs(pc, r, n, max_width);
    free(r);
    return rc;
}
