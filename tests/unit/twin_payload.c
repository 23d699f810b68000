/* Payloads and urls: every field of a good state message, every kind of bad one with its cause, ISO 8601 and Unix
 * ms times, the alarm cut at a character boundary; mqtt:// and mqtts:// urls and each way one can be wrong. */
#include <math.h>
#include <string.h>

#include "factoryxr/twin.h"
#include "unit_check.h"

static int parse(const char *s, struct scene_machine_state *st, int64_t *ts)
{
    char detail[96];
    return twin_payload_parse(s, strlen(s), st, ts, detail, sizeof detail);
}

static void good_payloads(void)
{
    struct scene_machine_state st;
    int64_t ts;
    CHECK(parse("{\"status\":\"fault\",\"cycle_count\":123456,\"parts_per_hour\":711.5,\"temperature_c\":-3.25,"
                "\"load_pct\":100,\"alarm\":\"Die clamp\",\"ts\":1700000000123}",
                &st, &ts) == -1);
    CHECK(st.status == SCENE_MACHINE_FAULT && st.cycle_count == 123456 && st.parts_per_hour == 711.5f &&
          st.temperature_c == -3.25f && st.load_pct == 100.0f && strcmp(st.alarm, "Die clamp") == 0 &&
          ts == 1700000000123LL);
    /* only a status: the numbers are unknown (NAN), no alarm, no ts; unknown keys are ignored */
    CHECK(parse(" {\"status\":\"idle\",\"vendor_field\":[1,2]} \n", &st, &ts) == -1);
    CHECK(st.status == SCENE_MACHINE_IDLE && isnan(st.temperature_c) && isnan(st.load_pct) &&
          isnan(st.parts_per_hour) && st.cycle_count == 0 && st.alarm[0] == '\0' && ts == TWIN_NO_TS);
    CHECK(parse("{\"status\":\"offline\",\"temperature_c\":null,\"alarm\":null,\"ts\":null}", &st, &ts) == -1);
    CHECK(st.status == SCENE_MACHINE_OFFLINE && isnan(st.temperature_c));
    /* ISO 8601 with Z, with an offset, with fractions */
    CHECK(parse("{\"status\":\"running\",\"ts\":\"2023-11-14T22:13:20Z\"}", &st, &ts) == -1 && ts == 1700000000000LL);
    CHECK(parse("{\"status\":\"running\",\"ts\":\"2023-11-14T23:13:20.5+01:00\"}", &st, &ts) == -1 &&
          ts == 1700000000500LL);
    CHECK(parse("{\"status\":\"blocked\",\"ts\":\"1970-01-01T00:00:00.001Z\"}", &st, &ts) == -1 && ts == 1);
    CHECK(parse("{\"status\":\"running\",\"ts\":\"2024-02-29T12:00:00-05:30\"}", &st, &ts) == -1 &&
          ts == 1709227800000LL);
    /* an alarm too long for the state is cut, not at a UTF-8 continuation byte */
    char msg[400] = "{\"status\":\"fault\",\"alarm\":\"";
    for (int i = 0; i < 60; i++)
        strcat(msg, "\xc3\xa4"); /* a-umlaut, two bytes */
    strcat(msg, "\"}");
    CHECK(parse(msg, &st, &ts) == -1);
    size_t n = strlen(st.alarm);
    CHECK(n < SCENE_ALARM_MAX && n >= SCENE_ALARM_MAX - 3 && n % 2 == 0);
}

struct bad_case {
    const char *payload;
    enum twin_bad cause;
};

static void bad_payloads(void)
{
    static const struct bad_case cases[] = {
        {"", TWIN_BAD_JSON},
        {"{", TWIN_BAD_JSON},
        {"not json", TWIN_BAD_JSON},
        {"[\"status\",\"running\"]", TWIN_BAD_JSON},
        {"\"running\"", TWIN_BAD_JSON},
        {"{\"status\":\"running\"} {}", TWIN_BAD_JSON},
        {"{}", TWIN_BAD_TYPE},
        {"{\"status\":1}", TWIN_BAD_TYPE},
        {"{\"status\":\"running\",\"temperature_c\":\"hot\"}", TWIN_BAD_TYPE},
        {"{\"status\":\"running\",\"cycle_count\":true}", TWIN_BAD_TYPE},
        {"{\"status\":\"running\",\"alarm\":42}", TWIN_BAD_TYPE},
        {"{\"status\":\"running\",\"ts\":[1]}", TWIN_BAD_TYPE},
        {"{\"status\":\"exploded\"}", TWIN_BAD_RANGE},
        {"{\"status\":\"Running\"}", TWIN_BAD_RANGE},
        {"{\"status\":\"running\",\"load_pct\":101}", TWIN_BAD_RANGE},
        {"{\"status\":\"running\",\"load_pct\":-0.5}", TWIN_BAD_RANGE},
        {"{\"status\":\"running\",\"temperature_c\":-300}", TWIN_BAD_RANGE},
        {"{\"status\":\"running\",\"temperature_c\":1e999}", TWIN_BAD_RANGE},
        {"{\"status\":\"running\",\"cycle_count\":-1}", TWIN_BAD_RANGE},
        {"{\"status\":\"running\",\"cycle_count\":1.5}", TWIN_BAD_RANGE},
        {"{\"status\":\"running\",\"cycle_count\":1e300}", TWIN_BAD_RANGE},
        {"{\"status\":\"running\",\"parts_per_hour\":-2}", TWIN_BAD_RANGE},
        {"{\"status\":\"running\",\"ts\":-5}", TWIN_BAD_RANGE},
        {"{\"status\":\"running\",\"ts\":12.5}", TWIN_BAD_RANGE},
        {"{\"status\":\"running\",\"ts\":\"yesterday\"}", TWIN_BAD_RANGE},
        {"{\"status\":\"running\",\"ts\":\"2023-11-14T22:13:20\"}", TWIN_BAD_RANGE},  /* no zone */
        {"{\"status\":\"running\",\"ts\":\"2023-02-30T22:13:20Z\"}", TWIN_BAD_RANGE}, /* no such day */
        {"{\"status\":\"running\",\"ts\":\"2023-11-14T25:13:20Z\"}", TWIN_BAD_RANGE},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct scene_machine_state st;
        int64_t ts;
        char detail[96] = "";
        int rc = twin_payload_parse(cases[i].payload, strlen(cases[i].payload), &st, &ts, detail, sizeof detail);
        CHECK(rc == (int)cases[i].cause && detail[0] != '\0');
        if (rc != (int)cases[i].cause)
            fprintf(stderr, "  payload %s: cause %d (%s), expected %s\n", cases[i].payload, rc, detail,
                    twin_bad_name(cases[i].cause));
    }
    char big[TWIN_MAX_PAYLOAD + 2];
    memset(big, ' ', sizeof big);
    struct scene_machine_state st;
    int64_t ts;
    CHECK(twin_payload_parse(big, sizeof big, &st, &ts, NULL, 0) == TWIN_BAD_OVERSIZED);
    CHECK(strcmp(twin_bad_name(TWIN_BAD_UNKNOWN_ID), "unknown_id") == 0 && strcmp(twin_bad_name(99), "unknown") == 0);
}

static void urls(void)
{
    struct twin_url u;
    char msg[200];
    CHECK(twin_url_parse("mqtt://broker.plant.local", &u, msg, sizeof msg) == 0 && !u.tls &&
          strcmp(u.host, "broker.plant.local") == 0 && u.port == 1883 && strcmp(u.prefix, "factoryxr") == 0);
    CHECK(twin_url_parse("mqtts://10.0.0.5:9000/site/hall3", &u, msg, sizeof msg) == 0 && u.tls && u.port == 9000 &&
          strcmp(u.prefix, "site/hall3") == 0);
    CHECK(twin_url_parse("mqtts://h", &u, msg, sizeof msg) == 0 && u.port == 8883);
    CHECK(twin_url_parse("mqtt://[::1]:1884/x", &u, msg, sizeof msg) == 0 && strcmp(u.host, "::1") == 0 &&
          u.port == 1884 && strcmp(u.prefix, "x") == 0);
    CHECK(twin_url_parse("mqtt://h:1883/", &u, msg, sizeof msg) == 0 && strcmp(u.prefix, "factoryxr") == 0);
    static const char *const bad[][2] = {
        {"http://h", "does not start with mqtt://"}, {"mqtt://", "no host"},        {"mqtt://h:0", "port '0'"},
        {"mqtt://h:65536", "port '65536'"},          {"mqtt://h:x1", "port 'x1'"}, {"mqtt://h:/p", "port"},
        {"mqtt://h/a/+/b", "wildcard"},              {"mqtt://h/a#", "wildcard"},  {"mqtt://h/a//b", "empty level"},
        {"mqtt://h/a/", "empty level"},              {"mqtt://u:p@h", "FACTORYXR_MQTT_USER"},
        {"mqtt://[::1", "closing ]"},                {"mqtt://h h", "host"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        msg[0] = '\0';
        int rc = twin_url_parse(bad[i][0], &u, msg, sizeof msg);
        CHECK(rc == -1 && strstr(msg, bad[i][1]) != NULL);
        if (rc != -1 || !strstr(msg, bad[i][1]))
            fprintf(stderr, "  url %s: rc %d, '%s'\n", bad[i][0], rc, msg);
    }
}

int main(void)
{
    good_payloads();
    bad_payloads();
    urls();
    return unit_finish("twin payload");
}
