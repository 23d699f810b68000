/* One machine state message: {"status": ..., optional numbers, alarm, ts} into a scene machine state, with the
 * cause when it is bad data. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "factoryxr/twin.h"

#define PAYLOAD_MAX_COUNT 9007199254740992.0 /* 2^53: a JSON number still holds every whole number below it */
#define PAYLOAD_MAX_TS_MS 253402300799999LL  /* 9999-12-31T23:59:59.999Z */

static const char *const bad_names[TWIN_BAD_COUNT] = {"json",      "type",  "range", "unknown_id",
                                                      "oversized", "flood", "topic", "old"};

const char *twin_bad_name(enum twin_bad cause)
{
    return (unsigned)cause < TWIN_BAD_COUNT ? bad_names[cause] : "unknown";
}

static int bad(int cause, char *detail, size_t size, const char *fmt, const char *a)
{
    if (detail && size)
        snprintf(detail, size, fmt, a);
    return cause;
}

/* Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil). */
static int64_t days_from_civil(int64_t y, unsigned m, unsigned d)
{
    y -= m <= 2;
    const int64_t era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = (unsigned)(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (int64_t)doe - 719468;
}

static bool digits(const char *s, int n, int *out)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return false;
        v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return true;
}

/* YYYY-MM-DDTHH:MM:SS[.fraction](Z|+HH:MM|-HH:MM) as Unix milliseconds; the time zone is required. */
static bool parse_iso8601(const char *s, int64_t *out_ms)
{
    int y, mo, d, h, mi, se, ms = 0;
    if (strlen(s) < 20 || !digits(s, 4, &y) || s[4] != '-' || !digits(s + 5, 2, &mo) || s[7] != '-' ||
        !digits(s + 8, 2, &d) || (s[10] != 'T' && s[10] != 't' && s[10] != ' ') || !digits(s + 11, 2, &h) ||
        s[13] != ':' || !digits(s + 14, 2, &mi) || s[16] != ':' || !digits(s + 17, 2, &se))
        return false;
    static const int mdays[12] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (mo < 1 || mo > 12 || d < 1 || d > mdays[mo - 1] || h > 23 || mi > 59 || se > 60)
        return false;
    const char *p = s + 19;
    if (*p == '.' || *p == ',') {
        int scale = 100, n = 0;
        for (p++; *p >= '0' && *p <= '9'; p++, n++) {
            ms += (*p - '0') * scale;
            scale /= 10;
        }
        if (n == 0)
            return false;
    }
    int offset_min = 0;
    if (*p == 'Z' || *p == 'z') {
        p++;
    } else if (*p == '+' || *p == '-') {
        int oh, om;
        if (!digits(p + 1, 2, &oh) || p[3] != ':' || !digits(p + 4, 2, &om) || oh > 23 || om > 59)
            return false;
        offset_min = (*p == '-' ? -1 : 1) * (oh * 60 + om);
        p += 6;
    } else {
        return false;
    }
    if (*p != '\0')
        return false;
    int64_t secs = days_from_civil(y, (unsigned)mo, (unsigned)d) * 86400 + h * 3600 + mi * 60 + se - offset_min * 60;
    *out_ms = secs * 1000 + ms;
    return *out_ms >= 0 && *out_ms <= PAYLOAD_MAX_TS_MS;
}

/* An optional number in min..max: absent or null leaves *out as it is. Returns -1 or the cause. */
static int number(const cJSON *obj, const char *key, double min, double max, double *out, char *detail, size_t size)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    if (!v || cJSON_IsNull(v))
        return -1;
    if (!cJSON_IsNumber(v))
        return bad(TWIN_BAD_TYPE, detail, size, "%s is not a number", key);
    if (!isfinite(v->valuedouble) || v->valuedouble < min || v->valuedouble > max)
        return bad(TWIN_BAD_RANGE, detail, size, "%s is out of range", key);
    *out = v->valuedouble;
    return -1;
}

static int parse_status(const cJSON *obj, struct scene_machine_state *out, char *detail, size_t size)
{
    const cJSON *status = cJSON_GetObjectItemCaseSensitive(obj, "status");
    if (!status)
        return bad(TWIN_BAD_TYPE, detail, size, "%s", "no \"status\"");
    if (!cJSON_IsString(status))
        return bad(TWIN_BAD_TYPE, detail, size, "%s", "\"status\" is not a string");
    for (int k = 0; k < SCENE_MACHINE_STATUS_COUNT; k++) {
        if (strcmp(status->valuestring, scene_machine_status_name((enum scene_machine_status)k)) == 0) {
            out->status = (enum scene_machine_status)k;
            return -1;
        }
    }
    return bad(TWIN_BAD_RANGE, detail, size, "unknown status '%.40s'", status->valuestring);
}

/* The alarm text, cut to fit at a character boundary (UTF-8). */
static int parse_alarm(const cJSON *obj, struct scene_machine_state *out, char *detail, size_t size)
{
    const cJSON *alarm = cJSON_GetObjectItemCaseSensitive(obj, "alarm");
    if (!alarm || cJSON_IsNull(alarm))
        return -1;
    if (!cJSON_IsString(alarm))
        return bad(TWIN_BAD_TYPE, detail, size, "%s", "\"alarm\" is not a string");
    size_t n = strlen(alarm->valuestring);
    if (n >= sizeof out->alarm) {
        n = sizeof out->alarm - 1;
        while (n > 0 && ((unsigned char)alarm->valuestring[n] & 0xC0) == 0x80)
            n--;
    }
    memcpy(out->alarm, alarm->valuestring, n);
    out->alarm[n] = '\0';
    return -1;
}

static int parse_ts(const cJSON *obj, int64_t *out_ts, char *detail, size_t size)
{
    const cJSON *ts = cJSON_GetObjectItemCaseSensitive(obj, "ts");
    *out_ts = TWIN_NO_TS;
    if (!ts || cJSON_IsNull(ts))
        return -1;
    if (cJSON_IsString(ts)) {
        if (!parse_iso8601(ts->valuestring, out_ts))
            return bad(TWIN_BAD_RANGE, detail, size, "ts '%.40s' is not an ISO 8601 time with a zone", ts->valuestring);
        return -1;
    }
    if (!cJSON_IsNumber(ts))
        return bad(TWIN_BAD_TYPE, detail, size, "%s", "\"ts\" is neither a string nor a number");
    double v = ts->valuedouble;
    if (!(v >= 0.0 && v <= (double)PAYLOAD_MAX_TS_MS) || v != floor(v))
        return bad(TWIN_BAD_RANGE, detail, size, "%s", "ts is not a whole number of Unix milliseconds");
    *out_ts = (int64_t)v;
    return -1;
}

static int parse_fields(const cJSON *obj, struct scene_machine_state *out, int64_t *out_ts, char *detail, size_t size)
{
    double count = 0.0, pph = NAN, temp = NAN, load = NAN;
    int rc = parse_status(obj, out, detail, size);
    if (rc < 0)
        rc = number(obj, "cycle_count", 0.0, PAYLOAD_MAX_COUNT, &count, detail, size);
    if (rc < 0 && count != floor(count))
        rc = bad(TWIN_BAD_RANGE, detail, size, "%s", "cycle_count is not a whole number");
    if (rc < 0)
        rc = number(obj, "parts_per_hour", 0.0, 1e6, &pph, detail, size);
    if (rc < 0)
        rc = number(obj, "temperature_c", -273.15, 2000.0, &temp, detail, size);
    if (rc < 0)
        rc = number(obj, "load_pct", 0.0, 100.0, &load, detail, size);
    if (rc < 0)
        rc = parse_alarm(obj, out, detail, size);
    if (rc < 0)
        rc = parse_ts(obj, out_ts, detail, size);
    out->cycle_count = (uint64_t)count;
    out->parts_per_hour = (float)pph;
    out->temperature_c = (float)temp;
    out->load_pct = (float)load;
    return rc;
}

int twin_payload_parse(const char *data, size_t length, struct scene_machine_state *out_state, int64_t *out_ts_ms,
                       char *detail, size_t detail_size)
{
    memset(out_state, 0, sizeof *out_state);
    *out_ts_ms = TWIN_NO_TS;
    if (length > TWIN_MAX_PAYLOAD)
        return bad(TWIN_BAD_OVERSIZED, detail, detail_size, "%s", "payload too large");
    const char *end = NULL;
    cJSON *root = length ? cJSON_ParseWithLengthOpts(data, length, &end, false) : NULL;
    int rc = -1;
    if (!root) {
        rc = bad(TWIN_BAD_JSON, detail, detail_size, "%s", length ? "not JSON" : "empty payload");
    } else if (!cJSON_IsObject(root)) {
        rc = bad(TWIN_BAD_JSON, detail, detail_size, "%s", "not a JSON object");
    } else {
        for (const char *c = end; c && c < data + length && rc < 0; c++) {
            if (*c != ' ' && *c != '\n' && *c != '\r' && *c != '\t')
                rc = bad(TWIN_BAD_JSON, detail, detail_size, "%s", "text after the JSON object");
        }
        if (rc < 0)
            rc = parse_fields(root, out_state, out_ts_ms, detail, detail_size);
    }
    cJSON_Delete(root);
    return rc;
}
