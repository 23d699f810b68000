/* Plant files: a plant written and read back is the same plant, byte for byte (the procedural floors and one with
 * multi-cell lines of other lengths), and builds the same scene; every kind of bad file is refused with a message
 * naming the file, the line or the field, and the value. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "factoryxr/twin.h"
#include "unit_check.h"

static bool same_plant(const struct scene_plant *a, const struct scene_plant *b)
{
#define SAME(field, n) (memcmp(a->field, b->field, (size_t)(n) * sizeof *a->field) == 0)
    bool same = a->seed == b->seed && a->roof_y == b->roof_y && memcmp(a->hall_min, b->hall_min, sizeof a->hall_min) == 0 &&
                memcmp(a->hall_max, b->hall_max, sizeof a->hall_max) == 0 && a->line_count == b->line_count &&
                a->rack_count == b->rack_count && a->pallet_count == b->pallet_count &&
                a->column_count == b->column_count && a->agv_count == b->agv_count && a->light_count == b->light_count;
    return same && SAME(lines, a->line_count) && SAME(racks, a->rack_count) && SAME(pallets, a->pallet_count) &&
           SAME(columns, a->column_count) && SAME(agvs, a->agv_count) && SAME(lights, a->light_count);
#undef SAME
}

static bool same_scene(const struct scene_plant *a, const struct scene_plant *b)
{
    struct scene *sa = NULL, *sb = NULL;
    scene_create(&(struct scene_desc){.plant = a}, &sa);
    scene_create(&(struct scene_desc){.plant = b}, &sb);
    bool same = sa && sb;
    if (same) {
        uint32_t na, nb;
        const struct scene_static_instance *ia = scene_static_instances(sa, &na), *ib = scene_static_instances(sb, &nb);
        struct scene_stats xa, xb;
        scene_get_stats(sa, &xa);
        scene_get_stats(sb, &xb);
        same = na == nb && memcmp(ia, ib, na * sizeof *ia) == 0 && memcmp(&xa, &xb, sizeof xa) == 0 &&
               scene_machine_count(sa) == scene_machine_count(sb);
        scene_update(sa, 1234567890123LL);
        scene_update(sb, 1234567890123LL);
        struct scene_draw_list la, lb;
        scene_cull(sa, NULL, 0, &la);
        scene_cull(sb, NULL, 0, &lb);
        same = same && la.instance_count == lb.instance_count &&
               memcmp(la.instances, lb.instances, la.instance_count * sizeof *la.instances) == 0;
    }
    scene_destroy(&sa);
    scene_destroy(&sb);
    return same;
}

static void round_trip(struct scene_plant *plant, const char *what)
{
    char path[] = "/tmp/twin_plant_XXXXXX";
    int fd = mkstemp(path);
    CHECK(fd >= 0);
    if (fd >= 0)
        close(fd);
    struct scene_plant *back = NULL;
    CHECK(twin_plant_save(plant, path, stderr) == 0);
    CHECK(twin_plant_load(path, stderr, &back) == 0 && back);
    if (back) {
        bool plant_ok = same_plant(plant, back), scene_ok = same_scene(plant, back);
        CHECK(plant_ok && scene_ok);
        if (!plant_ok || !scene_ok)
            fprintf(stderr, "  %s: plant %s, scene %s after the round trip\n", what, plant_ok ? "same" : "differs",
                    scene_ok ? "same" : "differs");
    }
    scene_plant_destroy(&back);
    unlink(path);
}

/* Two lines the procedural floor does not make: three cells and other lengths, and a free-standing rack. */
static struct scene_plant *long_plant(void)
{
    struct scene_plant *p = NULL;
    if (scene_plant_generate(2, 9, &p) != 0)
        return NULL;
    struct scene_plant_line *l = &p->lines[1];
    l->infeed_length = 7.5f;
    l->outfeed_length = 9.25f;
    l->cell_count = 3;
    for (uint32_t k = 0; k < 3; k++) {
        struct scene_plant_cell *c = &l->cells[k];
        memset(c, 0, sizeof *c); /* the comparison is byte for byte: no leftovers after the strings */
        snprintf(c->robot_in.id, sizeof c->robot_in.id, "L2-c%u-in", k);
        snprintf(c->press.id, sizeof c->press.id, "L2-c%u-press", k);
        snprintf(c->robot_out.id, sizeof c->robot_out.id, "L2-c%u-out", k);
        snprintf(c->transfer.id, sizeof c->transfer.id, "L2-c%u-transfer", k);
        strcpy(c->robot_in.name, "Robot \"in\" \\ ä");
        strcpy(c->press.name, "Press");
        strcpy(c->robot_out.name, "Robot out");
        strcpy(c->transfer.name, "Transfer");
        c->transfer_length = 4.1f + 1.7f * (float)k;
    }
    memset(&l->cells[2].transfer, 0, sizeof l->cells[2].transfer); /* the last cell has none */
    l->cells[2].transfer_length = 0.0f;
    p->hall_min[1] -= 30.0f;
    p->agvs[1].half[1] += 12.0f;
    p->agvs[1].center[1] -= 12.0f;
    p->agvs[1].laps_per_hour = 40;
    for (uint32_t k = 3; k < 6; k++)
        p->racks[k].at[1] -= 24.0f;
    p->racks[5].line = SCENE_NO_LINE;
    return p;
}

struct bad_file {
    const char *json, *want;
};

static void bad_files(void)
{
    static const struct bad_file cases[] = {
        {"{\"factoryxr_plant\": 1,\n  \"hall\": {\"min\": [0, 0],, }", "bad.json:2:27: invalid JSON near ' }'"},
        {"{\"factoryxr_plant\": 1} trailing", "bad.json:1:24: invalid JSON near 'trailing'"},
        {"[1, 2]", "bad.json: (top level): expected an object"},
        {"{\"factoryxr_plant\": 2, \"hall\": {}, \"lines\": []}", "factoryxr_plant: this factoryxr reads version 1 (got 2)"},
        {"{\"factoryxr_plant\": 1, \"hall\": {\"min\": [0,0], \"max\": [30,30], \"height\": 9}, \"lines\": [], \"lamps\": []}",
         "bad.json: lamps: unknown key (expected one of: factoryxr_plant, name, seed, hall, lines"},
        {"{\"factoryxr_plant\": 1, \"hall\": {\"min\": [0,0], \"max\": [30,30], \"height\": \"tall\"}, \"lines\": []}",
         "bad.json: hall.height: expected a number (got \"tall\")"},
        {"{\"factoryxr_plant\": 1, \"hall\": {\"min\": [0,0], \"max\": [30,30], \"height\": 9}, \"lines\": [],"
         " \"pallets\": [{\"at\": [1, \"x\"]}]}",
         "bad.json: pallets[0].at: expected a number (got \"x\")"},
        {"{\"factoryxr_plant\": 1, \"hall\": {\"min\": [0,0], \"max\": [30,30], \"height\": 9}, \"lines\": [],"
         " \"racks\": [{\"id\": \"r\", \"name\": \"R\", \"at\": [5, 5], \"bays\": 2, \"line\": \"line7\"}]}",
         "bad.json: racks[0].line: no line has this id (got \"line7\")"},
        {"{\"factoryxr_plant\": 1, \"hall\": {\"min\": [0,0], \"max\": [30,30], \"height\": 9}, \"lines\": [],"
         " \"racks\": [{\"id\": \"r\", \"name\": \"R\", \"at\": [5, 8], \"bays\": 2},"
         " {\"id\": \"s\", \"name\": \"S\", \"at\": [5.5, 9], \"bays\": 1}]}",
         "bad.json: racks[0] (r) and racks[1] (s) overlap at x 5.00..5.50"},
        {"{\"factoryxr_plant\": 1, \"hall\": {\"min\": [0,0], \"max\": [30,30], \"height\": 9}, \"lines\": [],"
         " \"racks\": [{\"id\": \"r\", \"name\": \"R\", \"at\": [5, 8], \"bays\": 2},"
         " {\"id\": \"r\", \"name\": \"S\", \"at\": [15, 9], \"bays\": 1}]}",
         "bad.json: racks[1].id: 'r' is used twice (also racks[0].id)"},
        {"{\"factoryxr_plant\": 1, \"hall\": {\"min\": [0,0], \"max\": [30,30], \"height\": 9}, \"lines\": [],"
         " \"racks\": [{\"id\": \"r\", \"name\": \"R\", \"at\": [5, 8], \"bays\": 2, \"bays\": 3}]}",
         "bad.json: racks[0].bays: the key appears twice"},
        {"{\"factoryxr_plant\": 1, \"hall\": {\"min\": [0,0], \"max\": [30,30], \"height\": 9}, \"lines\": [],"
         " \"agvs\": [{\"id\": \"a\", \"name\": \"A\", \"laps_per_hour\": 10}]}",
         "bad.json: agvs[0].route: missing"},
        {"{\"factoryxr_plant\": 1, \"hall\": {\"min\": [0,0], \"max\": [30,30], \"height\": 9}, \"lines\": [],"
         " \"racks\": [{\"id\": \"r\", \"name\": \"R\", \"at\": [5, 8], \"bays\": 2.5}]}",
         "bad.json: racks[0].bays: expected a whole number (got 2.5)"},
        {"{\"factoryxr_plant\": 1, \"hall\": {\"min\": [0,0], \"max\": [30,30], \"height\": 9}}",
         "bad.json: lines: missing (an array)"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *text = NULL;
        size_t size = 0;
        FILE *err = open_memstream(&text, &size);
        struct scene_plant *p = NULL;
        int rc = twin_plant_parse(cases[i].json, strlen(cases[i].json), "bad.json", err, &p);
        fclose(err);
        CHECK(rc == -1 && p == NULL && text && strstr(text, cases[i].want) != NULL);
        if (rc != -1 || !text || !strstr(text, cases[i].want))
            fprintf(stderr, "  case %zu: rc %d, message '%s', expected '%s'\n", i, rc, text ? text : "", cases[i].want);
        free(text);
    }
}

int main(void)
{
    for (uint32_t lines = 1; lines <= 16; lines *= 4) {
        struct scene_plant *p = NULL;
        CHECK(scene_plant_generate(lines, lines * 3, &p) == 0);
        if (p)
            round_trip(p, "procedural");
        scene_plant_destroy(&p);
    }
    struct scene_plant *p = long_plant();
    char msg[256];
    CHECK(p && scene_plant_check(p, msg, sizeof msg) == 0);
    if (p)
        round_trip(p, "three cells");
    scene_plant_destroy(&p);
    bad_files();
    struct scene_plant *none = NULL;
    char *text = NULL;
    size_t size = 0;
    FILE *err = open_memstream(&text, &size);
    CHECK(twin_plant_load("/nonexistent/plant.json", err, &none) == -1 && none == NULL);
    fclose(err);
    CHECK(text && strstr(text, "/nonexistent/plant.json: cannot read the plant file"));
    free(text);
    return unit_finish("twin plant");
}
