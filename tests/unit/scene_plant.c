/* Plants: the procedural floor's plant passes the check at every size and builds the same scene as the procedural
 * path; every kind of bad plant is refused with a message naming the field and the value. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "scene_check.h"
#include "scene_internal.h"

static void check_generated(struct check *chk, uint32_t lines, uint32_t seed)
{
    struct scene_plant *plant = NULL;
    CHECK(chk, scene_plant_generate(lines, seed, &plant) == 0 && plant, "generate %u lines", lines);
    if (!plant)
        return;
    char msg[256];
    CHECK(chk, scene_plant_check(plant, msg, sizeof msg) == 0, "%u lines seed %u: %s", lines, seed, msg);
    CHECK(chk, plant->line_count == lines && plant->agv_count == lines && plant->rack_count == 3 * lines,
          "%u lines: %u lines, %u agvs, %u racks", lines, plant->line_count, plant->agv_count, plant->rack_count);
    /* The procedural path and the plant path build the same scene, instance for instance. */
    struct scene *a = NULL, *b = NULL;
    scene_create(&(struct scene_desc){.lines = lines, .seed = seed}, &a);
    scene_create(&(struct scene_desc){.plant = plant}, &b);
    CHECK(chk, a && b, "scene_create failed");
    if (a && b) {
        CHECK(chk, a->instance_count == b->instance_count && a->triangles == b->triangles &&
                       memcmp(a->instances, b->instances, a->instance_count * sizeof *a->instances) == 0,
              "%u lines: the plant's scene differs from the procedural one", lines);
        CHECK(chk, a->machine_count == b->machine_count, "machine counts differ");
    }
    scene_destroy(&a);
    scene_destroy(&b);
    scene_plant_destroy(&plant);
}

/* One bad plant: made from the 4-line floor by `edit`, refused with a message containing `want`. */
struct bad_case {
    const char *name;
    void (*edit)(struct scene_plant *p);
    const char *want;
};

static void dup_id(struct scene_plant *p) { strcpy(p->racks[2].ident.id, "line1-press"); }
static void slash_id(struct scene_plant *p) { strcpy(p->lines[1].infeed.id, "line2/infeed"); }
static void empty_name(struct scene_plant *p) { p->agvs[3].ident.name[0] = '\0'; }
static void short_infeed(struct scene_plant *p) { p->lines[2].infeed_length = 2.5f; }
static void no_cells(struct scene_plant *p) { p->lines[0].cell_count = 0; }
static void many_cells(struct scene_plant *p) { p->lines[0].cell_count = SCENE_PLANT_MAX_CELLS + 1; }
static void bad_schedule(struct scene_plant *p) { p->lines[3].schedule[1] += 3; }
static void odd_schedule(struct scene_plant *p) { p->lines[3].schedule[0] += 1, p->lines[3].schedule[2] -= 1; }
static void rack_in_line(struct scene_plant *p) { p->racks[0].at[0] = p->lines[0].origin[0]; }
static void lines_overlap(struct scene_plant *p) { p->lines[1].origin[0] = p->lines[0].origin[0] + 4.0f; }
static void pallet_outside(struct scene_plant *p) { p->pallets[0].at[0] = p->hall_min[0] - 3.0f; }
static void column_on_rack(struct scene_plant *p)
{
    p->columns[0][0] = p->racks[1].at[0];
    p->columns[0][1] = p->racks[1].at[1] - 1.0f;
}
static void agv_through_rack(struct scene_plant *p) { p->agvs[0].half[0] -= 1.3f; }
static void agvs_close(struct scene_plant *p) { p->agvs[1].center[0] -= 0.5f; }
static void light_outside(struct scene_plant *p) { p->lights[0].pos[1] = p->roof_y + 1.0f; }
static void rack_line_ref(struct scene_plant *p) { p->racks[0].line = 99; }
static void small_hall(struct scene_plant *p) { p->hall_max[0] = p->hall_min[0] + 1.0f; }
static void fast_agv(struct scene_plant *p) { p->agvs[0].laps_per_hour = 500; }
static void nan_origin(struct scene_plant *p) { p->lines[0].origin[1] = NAN; }
static void agv_phase(struct scene_plant *p) { p->agvs[2].phase = 1.0f; }

static const struct bad_case bad_cases[] = {
    {"duplicate id", dup_id, "racks[2].id: 'line1-press' is used twice (also lines[0].cells[0].press.id)"},
    {"id with a slash", slash_id, "lines[1].infeed.id: 'line2/infeed' has '/'"},
    {"empty name", empty_name, "agvs[3].name: empty"},
    {"short infeed", short_infeed, "lines[2].infeed.length: 2.5 is not within 4..40 m"},
    {"no cells", no_cells, "lines[0].cells: 0 cells, expected 1..8"},
    {"nine cells", many_cells, "lines[0].cells: 9 cells, expected 1..8"},
    {"schedule sum", bad_schedule, "= 63 s, expected 60"},
    {"schedule step", odd_schedule, "is not a multiple of 3"},
    {"rack in a line", rack_in_line, "overlap at x"},
    {"lines overlap", lines_overlap, "lines[0] (line1) and lines[1] (line2) overlap"},
    {"pallet outside", pallet_outside, "pallets[0] at x"},
    {"column on a rack", column_on_rack, "columns[0]"},
    {"agv through a rack", agv_through_rack, "agvs[0] (agv1): its route passes"},
    {"agvs too close", agvs_close, "agvs[0] (agv1) and agvs[1] (agv2): their routes come"},
    {"light above the roof", light_outside, "lights[0].at"},
    {"rack line reference", rack_line_ref, "racks[0].line: line index 99 of 4 lines"},
    {"small hall", small_hall, "hall.max: x"},
    {"fast agv", fast_agv, "agvs[0].laps_per_hour: 500 laps"},
    {"nan origin", nan_origin, "lines[0].origin"},
    {"agv phase", agv_phase, "agvs[2].phase: 1 is not within [0, 1)"},
};

static void check_bad(struct check *chk)
{
    for (size_t i = 0; i < sizeof bad_cases / sizeof bad_cases[0]; i++) {
        struct scene_plant *plant = NULL;
        if (scene_plant_generate(4, 1, &plant) != 0)
            return;
        bad_cases[i].edit(plant);
        char msg[256] = "";
        int rc = scene_plant_check(plant, msg, sizeof msg);
        CHECK(chk, rc == -1 && strstr(msg, bad_cases[i].want), "%s: rc %d, message '%s', expected '%s'",
              bad_cases[i].name, rc, msg, bad_cases[i].want);
        struct scene *scene = NULL;
        CHECK(chk, scene_create(&(struct scene_desc){.plant = plant}, &scene) == -1 && !scene,
              "%s: scene_create took it", bad_cases[i].name);
        scene_plant_destroy(&plant);
    }
}

int main(void)
{
    struct check chk = {0};
    const uint32_t sizes[] = {1, 2, 3, 4, 7, 16, 64, 256};
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++)
        check_generated(&chk, sizes[i], 1 + (uint32_t)i * 7);
    check_bad(&chk);
    struct scene_plant *p = NULL;
    CHECK(&chk, scene_plant_generate(0, 1, &p) == -1 && !p, "0 lines generated");
    CHECK(&chk, scene_plant_generate(SCENE_MAX_LINES + 1, 1, &p) == -1 && !p, "257 lines generated");
    CHECK(&chk, scene_plant_create(&(struct scene_plant_counts){.lines = SCENE_PLANT_MAX_LINES + 1}, &p) == -1 && !p,
          "too many lines allocated");
    scene_plant_destroy(&p); /* NULL: tolerated */
    return check_finish(&chk, "scene_plant");
}
