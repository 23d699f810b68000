/* Plant files in: JSON (docs/plant.md) into a struct scene_plant, strictly, then scene_plant_check; every refusal
 * names the file and the line (syntax) or the field and the value. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "factoryxr/twin.h"
#include "plant_json.h"

#define COORD 5000.0 /* metres: the scene's range for positions */

static const float default_light_color[3] = {1.0f, 0.92f, 0.8f};
static const float default_agv_color[3] = {0.8f, 0.55f, 0.02f};

static int read_ident(struct pj *pj, const cJSON *obj, struct scene_plant_ident *out)
{
    if (pj_string(pj, obj, "id", out->id, sizeof out->id) != 0 ||
        pj_string(pj, obj, "name", out->name, sizeof out->name) != 0)
        return -1;
    return 0;
}

/* {"id", "name"[, "length"]} */
static int read_machine(struct pj *pj, const cJSON *parent, const char *key, bool with_length, double min, double max,
                        float def, struct scene_plant_ident *out, float *out_length)
{
    static const char *const plain[] = {"id", "name", NULL}, *const lengthy[] = {"id", "name", "length", NULL};
    const cJSON *obj = cJSON_GetObjectItemCaseSensitive(parent, key);
    if (!obj)
        return pj_fail(pj, key, NULL, "missing (an object with id and name)");
    size_t len = pj_enter_key(pj, key);
    int rc = pj_object(pj, obj, with_length ? lengthy : plain);
    if (rc == 0)
        rc = read_ident(pj, obj, out);
    if (rc == 0 && with_length)
        rc = pj_float(pj, obj, "length", false, min, max, def, out_length);
    pj_leave(pj, len);
    return rc;
}

static int read_cell(struct pj *pj, const cJSON *obj, bool last, struct scene_plant_cell *out)
{
    static const char *const keys[] = {"robot_in", "press", "robot_out", "transfer", NULL};
    if (pj_object(pj, obj, keys) != 0 || read_machine(pj, obj, "robot_in", false, 0, 0, 0, &out->robot_in, NULL) != 0 ||
        read_machine(pj, obj, "press", false, 0, 0, 0, &out->press, NULL) != 0 ||
        read_machine(pj, obj, "robot_out", false, 0, 0, 0, &out->robot_out, NULL) != 0)
        return -1;
    const cJSON *transfer = cJSON_GetObjectItemCaseSensitive(obj, "transfer");
    if (last && transfer)
        return pj_fail(pj, "transfer", NULL, "the last cell has no transfer conveyor (its parts go to the outfeed)");
    if (!last)
        return read_machine(pj, obj, "transfer", true, SCENE_PLANT_TRANSFER_MIN, SCENE_PLANT_TRANSFER_MAX, 6.0f,
                            &out->transfer, &out->transfer_length);
    return 0;
}

static int read_schedule(struct pj *pj, const cJSON *line, struct scene_plant_line *out)
{
    static const char *const keys[] = {"run", "idle", "run_again", "fault", "phase", NULL};
    static const uint32_t def[5] = {27, 3, 27, 3, 0};
    const cJSON *obj = cJSON_GetObjectItemCaseSensitive(line, "schedule");
    uint32_t v[5];
    memcpy(v, def, sizeof v);
    if (obj) {
        size_t len = pj_enter_key(pj, "schedule");
        int rc = pj_object(pj, obj, keys);
        for (int k = 0; k < 5 && rc == 0; k++)
            rc = pj_uint(pj, obj, keys[k], true, 0, 60, 0, &v[k]);
        pj_leave(pj, len);
        if (rc != 0)
            return -1;
    }
    memcpy(out->schedule, v, sizeof out->schedule);
    out->schedule_phase = v[4];
    return 0;
}

static int read_line(struct pj *pj, const cJSON *obj, struct scene_plant_line *out)
{
    static const char *const keys[] = {"id", "name", "origin", "mirrored", "infeed", "cells", "outfeed", "schedule",
                                       NULL};
    const cJSON *cells;
    uint32_t n = 0;
    if (pj_object(pj, obj, keys) != 0 || read_ident(pj, obj, &out->ident) != 0 ||
        pj_floats(pj, obj, "origin", 2, -COORD, COORD, NULL, out->origin) != 0 ||
        pj_bool(pj, obj, "mirrored", false, &out->mirrored) != 0 ||
        read_machine(pj, obj, "infeed", true, SCENE_PLANT_INFEED_MIN, SCENE_PLANT_INFEED_MAX, 10.0f, &out->infeed,
                     &out->infeed_length) != 0 ||
        pj_array(pj, obj, "cells", true, SCENE_PLANT_MAX_CELLS, &cells, &n) != 0)
        return -1;
    if (n == 0)
        return pj_fail(pj, "cells", NULL, "no cells (a line has 1..%d)", SCENE_PLANT_MAX_CELLS);
    out->cell_count = n;
    uint32_t i = 0;
    for (const cJSON *c = cells->child; c; c = c->next, i++) {
        size_t a = pj_enter_key(pj, "cells"), b = pj_enter_index(pj, i);
        int rc = read_cell(pj, c, i + 1 == n, &out->cells[i]);
        pj_leave(pj, b);
        pj_leave(pj, a);
        if (rc != 0)
            return -1;
    }
    return read_machine(pj, obj, "outfeed", true, SCENE_PLANT_OUTFEED_MIN, SCENE_PLANT_OUTFEED_MAX, 5.9f,
                        &out->outfeed, &out->outfeed_length) != 0 ||
                   read_schedule(pj, obj, out) != 0
               ? -1
               : 0;
}

/* A rack's "line" names a line by id. */
static int read_rack(struct pj *pj, const cJSON *obj, const struct scene_plant *plant, struct scene_plant_rack *out)
{
    static const char *const keys[] = {"id", "name", "line", "at", "bays", NULL};
    if (pj_object(pj, obj, keys) != 0 || read_ident(pj, obj, &out->ident) != 0 ||
        pj_floats(pj, obj, "at", 2, -COORD, COORD, NULL, out->at) != 0 ||
        pj_uint(pj, obj, "bays", true, 1, 8, 0, &out->bays) != 0)
        return -1;
    out->line = SCENE_NO_LINE;
    const cJSON *line = cJSON_GetObjectItemCaseSensitive(obj, "line");
    if (!line)
        return 0;
    if (!cJSON_IsString(line))
        return pj_fail(pj, "line", line, "expected a line's id (a string)");
    for (uint32_t i = 0; i < plant->line_count; i++) {
        if (strcmp(plant->lines[i].ident.id, line->valuestring) == 0) {
            out->line = i;
            return 0;
        }
    }
    return pj_fail(pj, "line", line, "no line has this id");
}

static int read_agv(struct pj *pj, const cJSON *obj, struct scene_plant_agv *out)
{
    static const char *const keys[] = {"id", "name", "route", "laps_per_hour", "phase", "color", NULL};
    static const char *const route_keys[] = {"center", "size", "corner", NULL};
    if (pj_object(pj, obj, keys) != 0 || read_ident(pj, obj, &out->ident) != 0 ||
        pj_uint(pj, obj, "laps_per_hour", true, 1, 100000, 0, &out->laps_per_hour) != 0 ||
        pj_float(pj, obj, "phase", false, 0.0, 1.0, 0.0f, &out->phase) != 0 ||
        pj_floats(pj, obj, "color", 3, 0.0, 1.0, default_agv_color, out->color) != 0)
        return -1;
    const cJSON *route = cJSON_GetObjectItemCaseSensitive(obj, "route");
    if (!route)
        return pj_fail(pj, "route", NULL, "missing (an object with center, size and corner)");
    size_t len = pj_enter_key(pj, "route");
    float size[2] = {0.0f, 0.0f};
    int rc = pj_object(pj, route, route_keys);
    if (rc == 0)
        rc = pj_floats(pj, route, "center", 2, -COORD, COORD, NULL, out->center);
    if (rc == 0)
        rc = pj_floats(pj, route, "size", 2, 0.0, 2 * COORD, NULL, size);
    if (rc == 0)
        rc = pj_float(pj, route, "corner", false, 0.0, COORD, 1.2f, &out->corner);
    pj_leave(pj, len);
    out->half[0] = size[0] * 0.5f;
    out->half[1] = size[1] * 0.5f;
    return rc;
}

static int read_light(struct pj *pj, const cJSON *obj, struct scene_light *out)
{
    static const char *const keys[] = {"at", "radius", "color", "intensity", NULL};
    if (pj_object(pj, obj, keys) != 0 || pj_floats(pj, obj, "at", 3, -COORD, COORD, NULL, out->pos) != 0 ||
        pj_float(pj, obj, "radius", false, 0.1, 500.0, 14.0f, &out->radius) != 0 ||
        pj_floats(pj, obj, "color", 3, 0.0, 1.0, default_light_color, out->color) != 0 ||
        pj_float(pj, obj, "intensity", false, 0.0, 100.0, 1.0f, &out->intensity) != 0)
        return -1;
    return 0;
}

static int read_pallet(struct pj *pj, const cJSON *obj, struct scene_plant_pallet *out)
{
    static const char *const keys[] = {"at", "layers", NULL};
    if (pj_object(pj, obj, keys) != 0 || pj_floats(pj, obj, "at", 2, -COORD, COORD, NULL, out->at) != 0 ||
        pj_uint(pj, obj, "layers", false, 0, 2, 1, &out->layers) != 0)
        return -1;
    return 0;
}

/* A column is just [x, z]. */
static int read_column(struct pj *pj, const cJSON *item, float out[2])
{
    if (!cJSON_IsArray(item) || cJSON_GetArraySize(item) != 2)
        return pj_fail(pj, NULL, item, "expected [x, z]");
    const cJSON *c = item->child;
    for (int k = 0; k < 2; k++, c = c->next) {
        if (!cJSON_IsNumber(c) || !(c->valuedouble >= -COORD && c->valuedouble <= COORD))
            return pj_fail(pj, NULL, item, "expected [x, z], each a number in %g..%g", -COORD, COORD);
        out[k] = (float)c->valuedouble;
    }
    return 0;
}

static int read_hall(struct pj *pj, const cJSON *top, struct scene_plant *plant)
{
    static const char *const keys[] = {"min", "max", "height", NULL};
    const cJSON *hall = cJSON_GetObjectItemCaseSensitive(top, "hall");
    if (!hall)
        return pj_fail(pj, "hall", NULL, "missing (an object with min, max and height)");
    size_t len = pj_enter_key(pj, "hall");
    int rc = pj_object(pj, hall, keys);
    if (rc == 0)
        rc = pj_floats(pj, hall, "min", 2, -COORD, COORD, NULL, plant->hall_min);
    if (rc == 0)
        rc = pj_floats(pj, hall, "max", 2, -COORD, COORD, NULL, plant->hall_max);
    if (rc == 0)
        rc = pj_float(pj, hall, "height", true, 4.0, 30.0, 0.0f, &plant->roof_y);
    pj_leave(pj, len);
    return rc;
}

/* Each item of array `key` through read(item, index). */
#define READ_ITEMS(pj, array, key, body)                                                                          \
    do {                                                                                                          \
        uint32_t index_ = 0;                                                                                      \
        for (const cJSON *item = (array) ? (array)->child : NULL; item; item = item->next, index_++) {            \
            size_t a_ = pj_enter_key(pj, key), b_ = pj_enter_index(pj, index_);                                   \
            const uint32_t i = index_;                                                                            \
            int rc_ = (body);                                                                                     \
            pj_leave(pj, b_);                                                                                     \
            pj_leave(pj, a_);                                                                                     \
            if (rc_ != 0)                                                                                         \
                return -1;                                                                                        \
        }                                                                                                         \
    } while (0)

static int read_arrays(struct pj *pj, const cJSON *top, struct scene_plant **out_plant)
{
    const cJSON *lines, *racks, *pallets, *columns, *agvs, *lights;
    struct scene_plant_counts c = {0};
    if (pj_array(pj, top, "lines", true, SCENE_PLANT_MAX_LINES, &lines, &c.lines) != 0 ||
        pj_array(pj, top, "racks", false, SCENE_PLANT_MAX_OBJECTS, &racks, &c.racks) != 0 ||
        pj_array(pj, top, "pallets", false, SCENE_PLANT_MAX_OBJECTS, &pallets, &c.pallets) != 0 ||
        pj_array(pj, top, "columns", false, SCENE_PLANT_MAX_OBJECTS, &columns, &c.columns) != 0 ||
        pj_array(pj, top, "agvs", false, SCENE_PLANT_MAX_OBJECTS, &agvs, &c.agvs) != 0 ||
        pj_array(pj, top, "lights", false, SCENE_PLANT_MAX_OBJECTS, &lights, &c.lights) != 0)
        return -1;
    if (scene_plant_create(&c, out_plant) != 0)
        return pj_fail(pj, NULL, NULL, "cannot allocate the plant");
    struct scene_plant *p = *out_plant;
    READ_ITEMS(pj, lines, "lines", read_line(pj, item, &p->lines[i]));
    READ_ITEMS(pj, racks, "racks", read_rack(pj, item, p, &p->racks[i]));
    READ_ITEMS(pj, pallets, "pallets", read_pallet(pj, item, &p->pallets[i]));
    READ_ITEMS(pj, columns, "columns", read_column(pj, item, p->columns[i]));
    READ_ITEMS(pj, agvs, "agvs", read_agv(pj, item, &p->agvs[i]));
    READ_ITEMS(pj, lights, "lights", read_light(pj, item, &p->lights[i]));
    return 0;
}

static int read_top(struct pj *pj, const cJSON *top, struct scene_plant **out_plant)
{
    static const char *const keys[] = {"factoryxr_plant", "name", "seed", "hall", "lines", "racks", "pallets",
                                       "columns", "agvs", "lights", NULL};
    uint32_t version = 0, seed = 1;
    if (pj_object(pj, top, keys) != 0 ||
        pj_uint(pj, top, "factoryxr_plant", true, 1, UINT32_MAX, 0, &version) != 0)
        return -1;
    if (version != TWIN_PLANT_VERSION)
        return pj_fail(pj, "factoryxr_plant", cJSON_GetObjectItemCaseSensitive(top, "factoryxr_plant"),
                       "this factoryxr reads version %d", TWIN_PLANT_VERSION);
    const cJSON *name = cJSON_GetObjectItemCaseSensitive(top, "name");
    if (name && !cJSON_IsString(name))
        return pj_fail(pj, "name", name, "expected a string");
    if (pj_uint(pj, top, "seed", false, 1, UINT32_MAX, 1, &seed) != 0 || read_arrays(pj, top, out_plant) != 0 ||
        read_hall(pj, top, *out_plant) != 0)
        return -1;
    (*out_plant)->seed = seed;
    return 0;
}

/* "FILE:LINE:COLUMN: invalid JSON near '...'" from where cJSON stopped. */
static void syntax_error(struct pj *pj, const char *json, size_t length, const char *at)
{
    size_t off = at && at >= json && (size_t)(at - json) <= length ? (size_t)(at - json) : 0;
    unsigned line = 1, col = 1;
    for (size_t i = 0; i < off; i++) {
        if (json[i] == '\n')
            line++, col = 1;
        else
            col++;
    }
    char near[24] = "";
    size_t k = 0;
    for (size_t i = off; i < length && k + 1 < sizeof near && json[i] != '\n'; i++)
        near[k++] = (json[i] >= 0x20 && json[i] < 0x7f) ? json[i] : '?';
    near[k] = '\0';
    fprintf(pj->err, "%s:%u:%u: invalid JSON near '%s'\n", pj->file, line, col, near);
}

int twin_plant_parse(const char *json, size_t length, const char *name, FILE *err, struct scene_plant **out_plant)
{
    *out_plant = NULL;
    struct pj pj = {.file = name ? name : "plant", .err = err ? err : stderr};
    const char *end = NULL;
    cJSON *top = cJSON_ParseWithLengthOpts(json, length, &end, false);
    if (!top) {
        syntax_error(&pj, json, length, cJSON_GetErrorPtr());
        return -1;
    }
    for (const char *c = end; c && c < json + length; c++) {
        if (*c != ' ' && *c != '\n' && *c != '\r' && *c != '\t') {
            syntax_error(&pj, json, length, c);
            cJSON_Delete(top);
            return -1;
        }
    }
    int rc = read_top(&pj, top, out_plant);
    cJSON_Delete(top);
    char msg[300];
    if (rc == 0 && scene_plant_check(*out_plant, msg, sizeof msg) != 0) {
        fprintf(pj.err, "%s: %s\n", pj.file, msg);
        rc = -1;
    }
    if (rc != 0)
        scene_plant_destroy(out_plant);
    return rc;
}

int twin_plant_load(const char *path, FILE *err, struct scene_plant **out_plant)
{
    *out_plant = NULL;
    err = err ? err : stderr;
    FILE *f = fopen(path, "rb");
    struct stat st;
    if (!f || fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode)) {
        fprintf(err, "%s: cannot read the plant file: %s\n", path, f ? "not a regular file" : strerror(errno));
        if (f)
            fclose(f);
        return -1;
    }
    if (st.st_size > (off_t)TWIN_PLANT_MAX_BYTES) {
        fprintf(err, "%s: larger than %u MiB: not a plant file\n", path, TWIN_PLANT_MAX_BYTES >> 20);
        fclose(f);
        return -1;
    }
    size_t size = (size_t)st.st_size;
    char *buf = malloc(size + 1);
    size_t n = buf ? fread(buf, 1, size, f) : 0;
    bool read_error = ferror(f) != 0 || n != size;
    fclose(f);
    int rc = -1;
    if (!buf)
        fprintf(err, "%s: out of memory reading the plant file\n", path);
    else if (read_error)
        fprintf(err, "%s: reading the plant file failed\n", path);
    else if (memchr(buf, '\0', n))
        fprintf(err, "%s: has a NUL byte: not a plant file (JSON text)\n", path);
    else
        rc = twin_plant_parse(buf, n, path, err, out_plant);
    free(buf);
    return rc;
}
