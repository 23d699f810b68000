/* Strict JSON reading for plant files: every key known, every value of its type and range, and a message that
 * names the file, the field's JSON path and the value when not. Used by plant_load.c. */
#ifndef FACTORYXR_TWIN_PLANT_JSON_H
#define FACTORYXR_TWIN_PLANT_JSON_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include <cjson/cJSON.h>

struct pj {
    const char *file;
    FILE *err;
    char path[256];
    size_t path_len;
    bool failed;
};

/* Writes "FILE: PATH[.key]: message (got VALUE)" once (the first failure) and returns -1. */
int pj_fail(struct pj *pj, const char *key, const cJSON *value, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* Enters a field (".key" or "[index]") for messages; pj_leave goes back out. Returns the previous length. */
size_t pj_enter_key(struct pj *pj, const char *key);
size_t pj_enter_index(struct pj *pj, uint32_t index);
void pj_leave(struct pj *pj, size_t len);

/* obj must be an object whose keys are all in allowed (NULL-terminated), each once. */
int pj_object(struct pj *pj, const cJSON *obj, const char *const *allowed);
/* An array of at most max items (into *out_count). Missing: 0 items when !required. */
int pj_array(struct pj *pj, const cJSON *obj, const char *key, bool required, uint32_t max, const cJSON **out,
             uint32_t *out_count);
/* Numbers: finite, within min..max; missing = def when !required. */
int pj_float(struct pj *pj, const cJSON *obj, const char *key, bool required, double min, double max, float def,
             float *out);
int pj_uint(struct pj *pj, const cJSON *obj, const char *key, bool required, uint32_t min, uint32_t max, uint32_t def,
            uint32_t *out);
int pj_bool(struct pj *pj, const cJSON *obj, const char *key, bool def, bool *out);
/* An array of exactly n numbers within min..max (a position, a colour); missing = def when def != NULL. */
int pj_floats(struct pj *pj, const cJSON *obj, const char *key, uint32_t n, double min, double max,
              const float *def, float *out);
/* A non-empty string of at most size - 1 bytes. */
int pj_string(struct pj *pj, const cJSON *obj, const char *key, char *out, size_t size);

#endif
