/* Plant files out: a struct scene_plant as JSON (docs/plant.md) that reads back into the same plant, every number
 * written in the fewest digits that give the same float again. */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "factoryxr/twin.h"

/* Shortest decimal that strtod and a cast to float (the way the loader reads it) turn back into v. */
static const char *num(char buf[32], float v)
{
    if (v == floorf(v) && fabsf(v) < 1e9f) { /* whole numbers without an exponent: 10, not 1e+01 */
        snprintf(buf, 32, "%.0f", (double)v);
        return buf;
    }
    for (int prec = 1; prec <= 9; prec++) {
        snprintf(buf, 32, "%.*g", prec, (double)v);
        if ((float)strtod(buf, NULL) == v)
            break;
    }
    return buf;
}

static void put_string(FILE *f, const char *s)
{
    fputc('"', f);
    for (const unsigned char *c = (const unsigned char *)s; *c; c++) {
        if (*c == '"' || *c == '\\')
            fprintf(f, "\\%c", *c);
        else if (*c < 0x20)
            fprintf(f, "\\u%04x", *c);
        else
            fputc(*c, f);
    }
    fputc('"', f);
}

static void put_ident(FILE *f, const struct scene_plant_ident *id)
{
    fputs("\"id\": ", f);
    put_string(f, id->id);
    fputs(", \"name\": ", f);
    put_string(f, id->name);
}

static void put_vec(FILE *f, const float *v, int n)
{
    char a[32];
    fputc('[', f);
    for (int k = 0; k < n; k++)
        fprintf(f, "%s%s", k ? ", " : "", num(a, v[k]));
    fputc(']', f);
}

static void put_machine(FILE *f, const char *key, const struct scene_plant_ident *id, const float *length)
{
    char a[32];
    fprintf(f, "\"%s\": {", key);
    put_ident(f, id);
    if (length)
        fprintf(f, ", \"length\": %s", num(a, *length));
    fputc('}', f);
}

static void put_line(FILE *f, const struct scene_plant_line *l, bool last)
{
    fputs("    {", f);
    put_ident(f, &l->ident);
    fputs(", \"origin\": ", f);
    put_vec(f, l->origin, 2);
    fprintf(f, ", \"mirrored\": %s,\n     ", l->mirrored ? "true" : "false");
    put_machine(f, "infeed", &l->infeed, &l->infeed_length);
    fputs(",\n     \"cells\": [\n", f);
    for (uint32_t k = 0; k < l->cell_count; k++) {
        const struct scene_plant_cell *c = &l->cells[k];
        fputs("       {", f);
        put_machine(f, "robot_in", &c->robot_in, NULL);
        fputs(",\n        ", f);
        put_machine(f, "press", &c->press, NULL);
        fputs(",\n        ", f);
        put_machine(f, "robot_out", &c->robot_out, NULL);
        if (k + 1 < l->cell_count) {
            fputs(",\n        ", f);
            put_machine(f, "transfer", &c->transfer, &c->transfer_length);
        }
        fprintf(f, "}%s\n", k + 1 < l->cell_count ? "," : "");
    }
    fputs("     ],\n     ", f);
    put_machine(f, "outfeed", &l->outfeed, &l->outfeed_length);
    fprintf(f, ",\n     \"schedule\": {\"run\": %u, \"idle\": %u, \"run_again\": %u, \"fault\": %u, \"phase\": %u}}%s\n",
            l->schedule[0], l->schedule[1], l->schedule[2], l->schedule[3], l->schedule_phase, last ? "" : ",");
}

static void put_objects(FILE *f, const struct scene_plant *p)
{
    char a[32], b[32], c[32];
    fputs("  \"racks\": [\n", f);
    for (uint32_t i = 0; i < p->rack_count; i++) {
        const struct scene_plant_rack *r = &p->racks[i];
        fputs("    {", f);
        put_ident(f, &r->ident);
        if (r->line < p->line_count) {
            fputs(", \"line\": ", f);
            put_string(f, p->lines[r->line].ident.id);
        }
        fputs(", \"at\": ", f);
        put_vec(f, r->at, 2);
        fprintf(f, ", \"bays\": %u}%s\n", r->bays, i + 1 < p->rack_count ? "," : "");
    }
    fputs("  ],\n  \"pallets\": [\n", f);
    for (uint32_t i = 0; i < p->pallet_count; i++)
        fprintf(f, "    {\"at\": [%s, %s], \"layers\": %u}%s\n", num(a, p->pallets[i].at[0]), num(b, p->pallets[i].at[1]),
                p->pallets[i].layers, i + 1 < p->pallet_count ? "," : "");
    fputs("  ],\n  \"columns\": [", f);
    for (uint32_t i = 0; i < p->column_count; i++)
        fprintf(f, "%s[%s, %s]", i ? ", " : "", num(a, p->columns[i][0]), num(b, p->columns[i][1]));
    fputs("],\n  \"agvs\": [\n", f);
    for (uint32_t i = 0; i < p->agv_count; i++) {
        const struct scene_plant_agv *g = &p->agvs[i];
        const float size[2] = {g->half[0] * 2.0f, g->half[1] * 2.0f};
        fputs("    {", f);
        put_ident(f, &g->ident);
        fputs(", \"route\": {\"center\": ", f);
        put_vec(f, g->center, 2);
        fputs(", \"size\": ", f);
        put_vec(f, size, 2);
        fprintf(f, ", \"corner\": %s}, \"laps_per_hour\": %u, \"phase\": %s, \"color\": ", num(a, g->corner),
                g->laps_per_hour, num(b, g->phase));
        put_vec(f, g->color, 3);
        fprintf(f, "}%s\n", i + 1 < p->agv_count ? "," : "");
    }
    fputs("  ],\n  \"lights\": [\n", f);
    for (uint32_t i = 0; i < p->light_count; i++) {
        const struct scene_light *l = &p->lights[i];
        fputs("    {\"at\": ", f);
        put_vec(f, l->pos, 3);
        fprintf(f, ", \"radius\": %s, \"color\": ", num(a, l->radius));
        put_vec(f, l->color, 3);
        fprintf(f, ", \"intensity\": %s}%s\n", num(c, l->intensity), i + 1 < p->light_count ? "," : "");
    }
    fputs("  ]\n", f);
}

int twin_plant_save(const struct scene_plant *plant, const char *path, FILE *err)
{
    err = err ? err : stderr;
    char msg[300];
    if (scene_plant_check(plant, msg, sizeof msg) != 0) {
        fprintf(err, "%s: not written: the plant is not usable: %s\n", path, msg);
        return -1;
    }
    FILE *f = fopen(path, "w");
    if (!f) {
        fprintf(err, "%s: cannot write the plant file: %s\n", path, strerror(errno));
        return -1;
    }
    char a[32], b[32], c[32], d[32], e[32];
    fprintf(f, "{\n  \"factoryxr_plant\": %d,\n  \"seed\": %u,\n", TWIN_PLANT_VERSION, plant->seed);
    fprintf(f, "  \"hall\": {\"min\": [%s, %s], \"max\": [%s, %s], \"height\": %s},\n", num(a, plant->hall_min[0]),
            num(b, plant->hall_min[1]), num(c, plant->hall_max[0]), num(d, plant->hall_max[1]), num(e, plant->roof_y));
    fputs("  \"lines\": [\n", f);
    for (uint32_t i = 0; i < plant->line_count; i++)
        put_line(f, &plant->lines[i], i + 1 == plant->line_count);
    fputs("  ],\n", f);
    put_objects(f, plant);
    fputs("}\n", f);
    bool failed = ferror(f) != 0;
    if (fclose(f) != 0 || failed) {
        fprintf(err, "%s: writing the plant file failed: %s\n", path, strerror(errno));
        return -1;
    }
    return 0;
}
