/* Strict JSON reading for plant files: known keys only, typed and ranged values, messages naming path and value. */
#include <math.h>
#include <stdarg.h>
#include <string.h>

#include "plant_json.h"

size_t pj_enter_key(struct pj *pj, const char *key)
{
    size_t len = pj->path_len;
    int n = snprintf(pj->path + len, sizeof pj->path - len, "%s%s", len ? "." : "", key);
    if (n > 0)
        pj->path_len = len + (size_t)n < sizeof pj->path ? len + (size_t)n : sizeof pj->path - 1;
    return len;
}

size_t pj_enter_index(struct pj *pj, uint32_t index)
{
    size_t len = pj->path_len;
    int n = snprintf(pj->path + len, sizeof pj->path - len, "[%u]", index);
    if (n > 0)
        pj->path_len = len + (size_t)n < sizeof pj->path ? len + (size_t)n : sizeof pj->path - 1;
    return len;
}

void pj_leave(struct pj *pj, size_t len)
{
    pj->path_len = len;
    pj->path[len] = '\0';
}

int pj_fail(struct pj *pj, const char *key, const cJSON *value, const char *fmt, ...)
{
    if (pj->failed)
        return -1;
    pj->failed = true;
    size_t len = key ? pj_enter_key(pj, key) : pj->path_len;
    fprintf(pj->err, "%s: %s: ", pj->file, pj->path_len ? pj->path : "(top level)");
    pj_leave(pj, len);
    va_list ap;
    va_start(ap, fmt);
    vfprintf(pj->err, fmt, ap);
    va_end(ap);
    if (value) {
        char *text = cJSON_PrintUnformatted(value);
        if (text) {
            size_t n = strlen(text);
            fprintf(pj->err, " (got %.*s%s)", n > 60 ? 57 : (int)n, text, n > 60 ? "..." : "");
            cJSON_free(text);
        }
    }
    fputc('\n', pj->err);
    return -1;
}

int pj_object(struct pj *pj, const cJSON *obj, const char *const *allowed)
{
    if (!cJSON_IsObject(obj))
        return pj_fail(pj, NULL, obj, "expected an object");
    for (const cJSON *c = obj->child; c; c = c->next) {
        bool known = false;
        for (const char *const *a = allowed; *a && !known; a++)
            known = strcmp(*a, c->string) == 0;
        if (!known) {
            char list[256] = "";
            for (const char *const *a = allowed; *a; a++)
                snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s", a == allowed ? "" : ", ", *a);
            return pj_fail(pj, c->string, NULL, "unknown key (expected one of: %s)", list);
        }
        for (const cJSON *d = c->next; d; d = d->next) {
            if (strcmp(c->string, d->string) == 0)
                return pj_fail(pj, c->string, NULL, "the key appears twice");
        }
    }
    return 0;
}

int pj_array(struct pj *pj, const cJSON *obj, const char *key, bool required, uint32_t max, const cJSON **out,
             uint32_t *out_count)
{
    const cJSON *a = cJSON_GetObjectItemCaseSensitive(obj, key);
    *out = a;
    *out_count = 0;
    if (!a) {
        if (required)
            return pj_fail(pj, key, NULL, "missing (an array)");
        return 0;
    }
    if (!cJSON_IsArray(a))
        return pj_fail(pj, key, a, "expected an array");
    int n = cJSON_GetArraySize(a);
    if (n < 0 || (uint32_t)n > max)
        return pj_fail(pj, key, NULL, "%d items, at most %u", n, max);
    *out_count = (uint32_t)n;
    return 0;
}

static int number_in(struct pj *pj, const char *key, const cJSON *v, double min, double max, double *out)
{
    if (!cJSON_IsNumber(v))
        return pj_fail(pj, key, v, "expected a number");
    double d = v->valuedouble;
    if (!isfinite(d) || d < min || d > max)
        return pj_fail(pj, key, v, "out of range %g..%g", min, max);
    *out = d;
    return 0;
}

int pj_float(struct pj *pj, const cJSON *obj, const char *key, bool required, double min, double max, float def,
             float *out)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    if (!v) {
        if (required)
            return pj_fail(pj, key, NULL, "missing (a number)");
        *out = def;
        return 0;
    }
    double d;
    if (number_in(pj, key, v, min, max, &d) != 0)
        return -1;
    *out = (float)d;
    return 0;
}

int pj_uint(struct pj *pj, const cJSON *obj, const char *key, bool required, uint32_t min, uint32_t max, uint32_t def,
            uint32_t *out)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    if (!v) {
        if (required)
            return pj_fail(pj, key, NULL, "missing (a whole number)");
        *out = def;
        return 0;
    }
    double d;
    if (number_in(pj, key, v, min, max, &d) != 0)
        return -1;
    if (d != floor(d))
        return pj_fail(pj, key, v, "expected a whole number");
    *out = (uint32_t)d;
    return 0;
}

int pj_bool(struct pj *pj, const cJSON *obj, const char *key, bool def, bool *out)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    if (!v) {
        *out = def;
        return 0;
    }
    if (!cJSON_IsBool(v))
        return pj_fail(pj, key, v, "expected true or false");
    *out = cJSON_IsTrue(v);
    return 0;
}

int pj_floats(struct pj *pj, const cJSON *obj, const char *key, uint32_t n, double min, double max,
              const float *def, float *out)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    if (!v) {
        if (!def)
            return pj_fail(pj, key, NULL, "missing (an array of %u numbers)", n);
        memcpy(out, def, n * sizeof *out);
        return 0;
    }
    if (!cJSON_IsArray(v) || cJSON_GetArraySize(v) != (int)n)
        return pj_fail(pj, key, v, "expected an array of %u numbers", n);
    uint32_t i = 0;
    for (const cJSON *c = v->child; c; c = c->next, i++) {
        double d;
        size_t len = pj_enter_key(pj, key);
        int rc = number_in(pj, NULL, c, min, max, &d);
        pj_leave(pj, len);
        if (rc != 0)
            return -1;
        out[i] = (float)d;
    }
    return 0;
}

int pj_string(struct pj *pj, const cJSON *obj, const char *key, char *out, size_t size)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    if (!v)
        return pj_fail(pj, key, NULL, "missing (a string)");
    if (!cJSON_IsString(v) || !v->valuestring)
        return pj_fail(pj, key, v, "expected a string");
    size_t n = strlen(v->valuestring);
    if (n == 0 || n >= size)
        return pj_fail(pj, key, v, "expected 1..%zu bytes, got %zu", size - 1, n);
    memcpy(out, v->valuestring, n + 1);
    return 0;
}
