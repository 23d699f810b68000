/* fxr-plant-sim: publishes plausible live machine states for a plant (a plant file or the procedural floor) to an
 * MQTT broker at a chosen rate, records what it sends as JSON lines, or replays such a recording. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cjson/cJSON.h>
#include <mosquitto.h>

#include "factoryxr/twin.h"
#include "sim.h"

#define SIM_TICK_NS 10000000LL /* publications are spread over 10 ms ticks */
#define SIM_USAGE_EXIT 2
#define SIM_STR2(x) #x
#define SIM_STR(x) SIM_STR2(x)

/* Set by the signal handler, read by the publishing loops. */
static volatile sig_atomic_t sim_quit;

static void on_signal(int sig)
{
    sim_quit = sig;
}

struct sim_opts {
    const char *url, *plant, *record, *replay, *ca;
    uint32_t lines, seed;
    double rate, duration, faults, speed;
    bool loop, quiet;
};

static void usage(FILE *out)
{
    fputs("usage: fxr-plant-sim --mqtt URL [--plant FILE | --lines N] [--seed S] [--rate HZ] [--duration S]\n"
          "                     [--faults-per-hour F] [--record FILE] [--quiet]\n"
          "       fxr-plant-sim --mqtt URL --replay FILE [--speed X] [--loop] [--quiet]\n"
          "  --mqtt URL          mqtt://HOST[:PORT][/PREFIX] or mqtts://... (as factoryxr's); publishes\n"
          "                      PREFIX/<machine id>/state. User and password: FACTORYXR_MQTT_USER, FACTORYXR_MQTT_PASSWORD\n"
          "  --mqtt-ca FILE      CA certificates for mqtts://\n"
          "  --plant FILE        the machines of a plant file (default: the procedural floor of --lines, --seed)\n"
          "  --lines N           1..256 (default 4);  --seed S  the floor's and the faults' variation (default 1)\n"
          "  --rate HZ           messages per second per machine, 0.01..1000 (default 1)\n"
          "  --duration S        stop after S seconds (default: until SIGINT/SIGTERM)\n"
          "  --faults-per-hour F random faults per machine and hour, 0..3600 (default 6)\n"
          "  --record FILE       also write every message as a JSON line {\"t\": s, \"id\": ..., \"state\": {...}}\n"
          "  --replay FILE       publish a recording (JSON lines as --record writes them) at its own pace, each\n"
          "                      ts stamped afresh\n"
          "  --speed X           replay X times as fast, 0.01..1000 (default 1);  --loop  replay until stopped\n",
          out);
}

/* "fxr-plant-sim: <message>" and the usage on stderr; the usage exit code. */
static int bad_opt(const char *fmt, const char *a, const char *b)
{
    fputs("fxr-plant-sim: ", stderr);
    fprintf(stderr, fmt, a, b);
    fputc('\n', stderr);
    usage(stderr);
    return SIM_USAGE_EXIT;
}

static bool number(const char *s, double lo, double hi, double *out)
{
    char *end = NULL;
    errno = 0;
    double v = s ? strtod(s, &end) : 0.0;
    if (!s || end == s || *end || errno || !(v >= lo && v <= hi))
        return false;
    *out = v;
    return true;
}

static int parse_value(struct sim_opts *o, const char *flag, const char *v)
{
    double d = 0.0;
    if (!strcmp(flag, "--mqtt") || !strcmp(flag, "--plant") || !strcmp(flag, "--record") ||
        !strcmp(flag, "--replay") || !strcmp(flag, "--mqtt-ca")) {
        const char **dst = !strcmp(flag, "--mqtt") ? &o->url : !strcmp(flag, "--plant") ? &o->plant
                           : !strcmp(flag, "--record") ? &o->record : !strcmp(flag, "--replay") ? &o->replay : &o->ca;
        *dst = v;
        return 0;
    }
    if (!strcmp(flag, "--lines") || !strcmp(flag, "--seed")) {
        const bool lines = !strcmp(flag, "--lines");
        if (!number(v, 1, lines ? SCENE_MAX_LINES : 4294967295.0, &d) || d != (double)(uint32_t)d)
            return bad_opt(lines ? "--lines: '%s' is not a whole number in 1..%s" : "--seed: '%s' is not a whole number in 1..%s",
                           v, lines ? SIM_STR(SCENE_MAX_LINES) : "4294967295");
        *(!strcmp(flag, "--lines") ? &o->lines : &o->seed) = (uint32_t)d;
        return 0;
    }
    struct { const char *name; double lo, hi; double *dst; const char *range; } nums[] = {
        {"--rate", 0.01, 1000, &o->rate, "0.01..1000"}, {"--duration", 0.01, 1e9, &o->duration, "0.01..1e9"},
        {"--faults-per-hour", 0, 3600, &o->faults, "0..3600"}, {"--speed", 0.01, 1000, &o->speed, "0.01..1000"}};
    for (size_t i = 0; i < sizeof nums / sizeof nums[0]; i++) {
        if (!strcmp(flag, nums[i].name)) {
            if (!number(v, nums[i].lo, nums[i].hi, nums[i].dst)) {
                fprintf(stderr, "fxr-plant-sim: %s: '%s' is not a number in %s\n", flag, v, nums[i].range);
                usage(stderr);
                return SIM_USAGE_EXIT;
            }
            return 0;
        }
    }
    return bad_opt("unknown option '%s'%s", flag, "");
}

static int parse_args(int argc, char **argv, struct sim_opts *o)
{
    *o = (struct sim_opts){.lines = 4, .seed = 1, .rate = 1.0, .faults = 6.0, .speed = 1.0};
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--help")) {
            usage(stdout);
            exit(0);
        }
        if (!strcmp(argv[i], "--loop") || !strcmp(argv[i], "--quiet")) {
            *(!strcmp(argv[i], "--loop") ? &o->loop : &o->quiet) = true;
            continue;
        }
        if (i + 1 >= argc)
            return bad_opt("%s needs a value%s", argv[i], "");
        int rc = parse_value(o, argv[i], argv[i + 1]);
        if (rc)
            return rc;
        i++;
    }
    struct twin_url url;
    char why[200];
    if (!o->url)
        return bad_opt("--mqtt URL is required: the broker to publish to%s%s", "", "");
    if (twin_url_parse(o->url, &url, why, sizeof why) != 0)
        return bad_opt("--mqtt: %s%s", why, "");
    if (o->replay && (o->plant || o->record))
        return bad_opt("--replay plays a recording: it does not go with %s%s", o->plant ? "--plant" : "--record", "");
    return 0;
}

static int64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static int64_t unix_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void sleep_until(int64_t t_ns)
{
    struct timespec ts = {.tv_sec = t_ns / 1000000000LL, .tv_nsec = t_ns % 1000000000LL};
    while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL) == EINTR && !sim_quit) {
    }
}

static struct mosquitto *connect_broker(const struct sim_opts *o, struct twin_url *url)
{
    char why[200];
    twin_url_parse(o->url, url, why, sizeof why);
    struct mosquitto *m = mosquitto_new(NULL, true, NULL);
    if (!m) {
        fprintf(stderr, "fxr-plant-sim: mosquitto_new failed\n");
        return NULL;
    }
    const char *user = getenv("FACTORYXR_MQTT_USER"), *pass = getenv("FACTORYXR_MQTT_PASSWORD");
    int rc = user ? mosquitto_username_pw_set(m, user, pass) : MOSQ_ERR_SUCCESS;
    if (rc == MOSQ_ERR_SUCCESS && url->tls)
        rc = mosquitto_tls_set(m, o->ca, o->ca ? NULL : "/etc/ssl/certs", NULL, NULL, NULL);
    if (rc == MOSQ_ERR_SUCCESS)
        rc = mosquitto_connect(m, url->host, url->port, 30);
    if (rc != MOSQ_ERR_SUCCESS) {
        fprintf(stderr, "fxr-plant-sim: cannot connect to %s:%u: %s\n", url->host, url->port,
                rc == MOSQ_ERR_ERRNO ? strerror(errno) : mosquitto_strerror(rc));
        mosquitto_destroy(m);
        return NULL;
    }
    return m;
}

/* Writes out what is queued (and keeps the connection alive). The simulator runs the network on its own thread of
 * work, so it never queues more than the broker takes: when the broker is slower than the rate, it falls behind
 * (and says so) instead of piling messages up in memory. Gives up after limit_ms. */
static int flush(struct mosquitto *m, int limit_ms)
{
    int rc = mosquitto_loop(m, 0, 1);
    for (int waited = 0; rc == MOSQ_ERR_SUCCESS && mosquitto_want_write(m) && waited < limit_ms; waited += 5)
        rc = mosquitto_loop(m, 5, 1);
    if (rc != MOSQ_ERR_SUCCESS)
        fprintf(stderr, "fxr-plant-sim: the connection failed: %s\n",
                rc == MOSQ_ERR_ERRNO ? strerror(errno) : mosquitto_strerror(rc));
    return rc == MOSQ_ERR_SUCCESS ? 0 : -1;
}

static int publish(struct mosquitto *m, const struct twin_url *url, const char *id, const char *payload, size_t n)
{
    char topic[TWIN_PREFIX_MAX + SCENE_ID_MAX + 8];
    snprintf(topic, sizeof topic, "%s/%s/state", url->prefix, id);
    int rc = mosquitto_publish(m, NULL, topic, (int)n, payload, 0, false);
    if (rc != MOSQ_ERR_SUCCESS)
        fprintf(stderr, "fxr-plant-sim: publishing to %s failed: %s\n", topic, mosquitto_strerror(rc));
    return rc == MOSQ_ERR_SUCCESS ? 0 : -1;
}

/* Publishes every machine `rate` times a second, spread evenly over each period. More than a second behind (a
 * broker slower than the rate), it skips what it could not send and counts it. */
static int simulate(const struct sim_opts *o, struct mosquitto *m, const struct twin_url *url, struct sim_model *model,
                    FILE *rec, uint64_t *out_sent, uint64_t *out_skipped)
{
    const int64_t start = now_ns();
    const double per_s = o->rate * model->count;
    uint64_t slot = 0, sent = 0, skipped = 0;
    char payload[512];
    for (int64_t tick = start; !sim_quit; tick += SIM_TICK_NS) {
        double t = (double)(now_ns() - start) * 1e-9;
        if (o->duration > 0.0 && t >= o->duration)
            break;
        sim_model_step(model, t);
        uint64_t due = (uint64_t)((t + SIM_TICK_NS * 1e-9) * per_s);
        if (due > slot + (uint64_t)per_s + 1) {
            skipped += due - slot - (uint64_t)per_s;
            slot = due - (uint64_t)per_s;
        }
        int64_t ms = unix_ms();
        for (; slot < due && model->count; slot++, sent++) {
            uint32_t i = (uint32_t)(slot % model->count);
            size_t n = sim_model_payload(model, i, ms, payload, sizeof payload);
            if (publish(m, url, model->machines[i].id, payload, n) != 0)
                return -1;
            if (rec)
                fprintf(rec, "{\"t\":%.3f,\"id\":\"%s\",\"state\":%s}\n", t, model->machines[i].id, payload);
        }
        if (flush(m, 1000) != 0)
            return -1;
        if (now_ns() < tick + SIM_TICK_NS)
            sleep_until(tick + SIM_TICK_NS);
        else
            tick = now_ns() - SIM_TICK_NS; /* behind: no burst of ticks to catch up */
    }
    *out_sent = sent;
    *out_skipped = skipped;
    return 0;
}

/* One recorded line: its time, id and state (as the payload to send). */
static int replay_line(const char *file, unsigned lineno, const char *line, double *out_t, char *id, char **out_payload)
{
    cJSON *j = cJSON_Parse(line);
    const cJSON *t = cJSON_GetObjectItemCaseSensitive(j, "t"), *i = cJSON_GetObjectItemCaseSensitive(j, "id");
    const cJSON *st = cJSON_GetObjectItemCaseSensitive(j, "state");
    if (!cJSON_IsNumber(t) || !(t->valuedouble >= 0.0) || !cJSON_IsString(i) || strlen(i->valuestring) >= SCENE_ID_MAX ||
        !cJSON_IsObject(st)) {
        fprintf(stderr, "fxr-plant-sim: %s:%u: expected {\"t\": seconds >= 0, \"id\": \"...\", \"state\": {...}}\n",
                file, lineno);
        cJSON_Delete(j);
        return -1;
    }
    *out_t = t->valuedouble;
    strcpy(id, i->valuestring);
    /* A recorded ts would be old by now (and the twin drops old data): stamp it afresh. */
    if (cJSON_GetObjectItemCaseSensitive(st, "ts"))
        cJSON_ReplaceItemInObjectCaseSensitive((cJSON *)st, "ts", cJSON_CreateNumber((double)unix_ms()));
    *out_payload = cJSON_PrintUnformatted(st);
    cJSON_Delete(j);
    return *out_payload ? 0 : -1;
}

static int replay(const struct sim_opts *o, struct mosquitto *m, const struct twin_url *url, uint64_t *out_sent)
{
    FILE *f = fopen(o->replay, "r");
    if (!f) {
        fprintf(stderr, "fxr-plant-sim: cannot read %s: %s\n", o->replay, strerror(errno));
        return SIM_USAGE_EXIT;
    }
    char line[8192], id[SCENE_ID_MAX];
    int rc = 0;
    do {
        rewind(f);
        const int64_t start = now_ns();
        unsigned lineno = 0;
        while (!sim_quit && rc == 0 && fgets(line, sizeof line, f)) {
            lineno++;
            if (line[strspn(line, " \t\r\n")] == '\0')
                continue;
            double t;
            char *payload = NULL;
            if (replay_line(o->replay, lineno, line, &t, id, &payload) != 0) {
                rc = SIM_USAGE_EXIT;
                break;
            }
            sleep_until(start + (int64_t)(t / o->speed * 1e9));
            rc = publish(m, url, id, payload, strlen(payload)) == 0 && flush(m, 1000) == 0 ? 0 : 1;
            cJSON_free(payload);
            (*out_sent)++;
        }
    } while (o->loop && !sim_quit && rc == 0);
    fclose(f);
    return rc;
}

static int load_model(const struct sim_opts *o, struct sim_model *model)
{
    struct scene_plant *plant = NULL;
    if (o->plant ? twin_plant_load(o->plant, stderr, &plant) != 0 : scene_plant_generate(o->lines, o->seed, &plant) != 0)
        return SIM_USAGE_EXIT;
    int rc = sim_model_init(model, plant, o->seed, o->faults);
    scene_plant_destroy(&plant);
    if (rc != 0)
        fprintf(stderr, "fxr-plant-sim: out of memory\n");
    return rc ? 1 : 0;
}

int main(int argc, char **argv)
{
    struct sim_opts o;
    int rc = parse_args(argc, argv, &o);
    if (rc)
        return rc;
    struct sim_model model = {0};
    if (!o.replay && (rc = load_model(&o, &model)) != 0)
        return rc;
    FILE *rec = o.record ? fopen(o.record, "w") : NULL;
    if (o.record && !rec) {
        fprintf(stderr, "fxr-plant-sim: cannot write %s: %s\n", o.record, strerror(errno));
        sim_model_free(&model);
        return SIM_USAGE_EXIT;
    }
    signal(SIGINT, on_signal);
    signal(SIGTERM, on_signal);
    mosquitto_lib_init();
    struct twin_url url;
    struct mosquitto *m = connect_broker(&o, &url);
    uint64_t sent = 0, skipped = 0;
    int64_t start = now_ns();
    if (!m)
        rc = 1;
    else if (o.replay)
        rc = replay(&o, m, &url, &sent);
    else
        rc = simulate(&o, m, &url, &model, rec, &sent, &skipped) == 0 ? 0 : 1;
    if (m) {
        if (flush(m, 60000) == 0 && mosquitto_want_write(m))
            fprintf(stderr, "fxr-plant-sim: the broker did not take everything within a minute\n");
        mosquitto_disconnect(m); /* a disconnect drops what is still queued: the flush went first */
        mosquitto_loop(m, 10, 1);
        mosquitto_destroy(m);
    }
    double secs = (double)(now_ns() - start) * 1e-9;
    if (!o.quiet || rc || skipped)
        fprintf(stderr, "fxr-plant-sim: published %llu messages (%u machines) in %.1f s, %.0f a second%s\n",
                (unsigned long long)sent, model.count, secs, secs > 0 ? (double)sent / secs : 0.0,
                skipped ? "; the broker was slower than the rate" : "");
    if (skipped)
        printf("skipped %llu\n", (unsigned long long)skipped);
    printf("published %llu\n", (unsigned long long)sent);
    if (rec && fclose(rec) != 0)
        rc = 1;
    sim_model_free(&model);
    mosquitto_lib_cleanup();
    return rc;
}
