/* The command line: every flag, its range, and a clear message for every bad input. */
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "factoryxr/app.h"
#include "factoryxr/scene.h"
#include "factoryxr/twin.h"
#include "factoryxr/xr.h"

enum opt_kind { OPT_SWITCH, OPT_NUMBER, OPT_DECIMAL, OPT_STRING, OPT_SCALE, OPT_URL };

/* The smallest resolution scale a flag takes: a quarter of the width and height. */
#define APP_MIN_RES_SCALE 0.25f

struct opt {
    const char *name;
    enum opt_kind kind;
    uint64_t min, max; /* OPT_NUMBER, OPT_DECIMAL */
};

static const struct opt opts[] = {
    {"--lines", OPT_NUMBER, 1, SCENE_MAX_LINES},
    {"--msaa", OPT_NUMBER, 1, 4},
    {"--no-multiview", OPT_SWITCH, 0, 0},
    {"--no-late-latch", OPT_SWITCH, 0, 0},
    {"--smooth-move", OPT_SWITCH, 0, 0},
    {"--frames", OPT_NUMBER, 1, APP_MAX_FRAMES},
    {"--stats", OPT_STRING, 0, 0},
    {"--seed", OPT_NUMBER, 1, UINT32_MAX},
    {"--detail-px", OPT_DECIMAL, 0, 16},
    {"--res-scale", OPT_SCALE, 0, 1},
    {"--min-res-scale", OPT_SCALE, 0, 1},
    {"--plant", OPT_STRING, 0, 0},
    {"--export-plant", OPT_STRING, 0, 0},
    {"--mqtt", OPT_URL, 0, 0},
    {"--mqtt-ca", OPT_STRING, 0, 0},
    {"--stale-after", OPT_DECIMAL, 0, 86400},
    {"--mqtt-max-rate", OPT_NUMBER, 1, 1000000},
    {"--help", OPT_SWITCH, 0, 0},
    {"--version", OPT_SWITCH, 0, 0},
};
#define OPT_COUNT (sizeof(opts) / sizeof(opts[0]))

void app_usage(FILE *out)
{
    fputs("usage: factoryxr [--lines N] [--msaa 1|4] [--no-multiview] [--no-late-latch] [--smooth-move] [--frames N]\n"
          "                 [--stats FILE] [--seed S] [--detail-px PX] [--res-scale auto|F]\n"
          "                 [--min-res-scale F] [--plant FILE] [--export-plant FILE] [--mqtt URL]\n"
          "                 [--mqtt-ca FILE] [--stale-after S] [--mqtt-max-rate N] [--help] [--version]\n"
          "  --lines N         production lines on the floor, 1..256 (default 4)\n"
          "  --msaa 1|4        samples per pixel, resolved into the swapchain (default 1)\n"
          "  --no-multiview    render each eye in its own pass into per-eye swapchains\n"
          "  --no-late-latch   locate the views before recording commands (to measure what latching buys)\n"
          "  --smooth-move     the left thumbstick walks where you look (default: teleport and snap turns only)\n"
          "  --frames N        request exit after N rendered frames, 1..1000000000 (default: run until stopped)\n"
          "  --stats FILE      write one JSON record per frame to FILE\n"
          "  --seed S          layout and schedule variation, 1..4294967295 (default 1)\n"
          "  --detail-px PX    leave out pieces thinner than PX pixels at their distance, 0..16 (default 2;\n"
          "                    0 draws every piece)\n"
          "  --res-scale auto|F  the fraction of the swapchain's width and height drawn: auto (default) lowers\n"
          "                    it when the GPU falls behind the display and raises it again (dynamic\n"
          "                    resolution); F, 0.25..1, fixes it (1: always the full size)\n"
          "  --min-res-scale F the lowest fraction auto goes to, 0.25..1 (default 0.4)\n"
          "  --plant FILE      the floor from a plant file (docs/plant.md) instead of --lines and --seed\n"
          "  --export-plant FILE  write the floor (--lines/--seed, or --plant) as a plant file and exit\n"
          "  --mqtt URL        live machine states from an MQTT broker: mqtt://HOST[:PORT][/PREFIX] or mqtts://...\n"
          "                    (port 1883, 8883 with TLS; prefix factoryxr); subscribes PREFIX/<machine id>/state.\n"
          "                    User and password from the environment: " APP_ENV_MQTT_USER ", " APP_ENV_MQTT_PASSWORD "\n"
          "  --mqtt-ca FILE    CA certificates (PEM) to trust for mqtts:// (default: the system's)\n"
          "  --stale-after S   a machine with no data for S seconds shows stale, 0.1..86400 (default 10)\n"
          "  --mqtt-max-rate N messages a second for one machine above which they count as a flood (default 50)\n"
          "  --help            this text;  --version  the version\n"
          "Runs on the active OpenXR runtime (XR_RUNTIME_JSON selects one). SIGINT/SIGTERM end the session cleanly.\n"
          "Exit codes: 0 ok, 1 failure (the log names the failing call), 2 bad command line or plant file,\n"
          "            3 no OpenXR runtime or headset, 4 runtime lost while running.\n",
          out);
}

static int usage_error(FILE *err, const char *fmt, const char *a, const char *b)
{
    fputs("factoryxr: ", err);
    fprintf(err, fmt, a, b);
    fputc('\n', err);
    app_usage(err);
    return APP_EXIT_USAGE;
}

/* Digits with at most one decimal point and a digit on both sides of it ("1.5", "2", not ".5" or "1e3"),
 * within min..max. */
static bool parse_decimal(const char *s, uint64_t min, uint64_t max, float *out)
{
    bool point = false;
    for (const char *c = s; *c; c++) {
        if (*c == '.' && !point && c > s && c[1] >= '0' && c[1] <= '9')
            point = true;
        else if (*c < '0' || *c > '9')
            return false;
    }
    if (s[0] == '\0' || strlen(s) > 16)
        return false;
    double v = strtod(s, NULL);
    if (!isfinite(v) || v < (double)min || v > (double)max)
        return false;
    *out = (float)v;
    return true;
}

/* Decimal digits only: no sign, no spaces, no hex, nothing after the number. */
static bool parse_number(const char *s, uint64_t min, uint64_t max, uint64_t *out)
{
    if (s[0] < '0' || s[0] > '9')
        return false;
    errno = 0;
    char *end = NULL;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno != 0 || *end != '\0' || v < min || v > max)
        return false;
    *out = v;
    return true;
}

static void store(struct app_options *o, const char *name, uint64_t number, const char *string, float decimal)
{
    if (strcmp(name, "--detail-px") == 0)
        o->detail_px = decimal;
    else if (strcmp(name, "--res-scale") == 0)
        o->res_scale = decimal;
    else if (strcmp(name, "--min-res-scale") == 0)
        o->min_res_scale = decimal;
    else if (strcmp(name, "--lines") == 0)
        o->lines = (uint32_t)number;
    else if (strcmp(name, "--msaa") == 0)
        o->msaa = (uint32_t)number;
    else if (strcmp(name, "--no-multiview") == 0)
        o->no_multiview = true;
    else if (strcmp(name, "--no-late-latch") == 0)
        o->no_late_latch = true;
    else if (strcmp(name, "--smooth-move") == 0)
        o->smooth_move = true;
    else if (strcmp(name, "--frames") == 0)
        o->frames = number;
    else if (strcmp(name, "--stats") == 0)
        o->stats = string;
    else if (strcmp(name, "--seed") == 0)
        o->seed = (uint32_t)number;
    else if (strcmp(name, "--plant") == 0)
        o->plant = string;
    else if (strcmp(name, "--export-plant") == 0)
        o->export_plant = string;
    else if (strcmp(name, "--mqtt") == 0)
        o->mqtt = string;
    else if (strcmp(name, "--mqtt-ca") == 0)
        o->mqtt_ca = string;
    else if (strcmp(name, "--stale-after") == 0)
        o->stale_after = decimal;
    else if (strcmp(name, "--mqtt-max-rate") == 0)
        o->mqtt_max_rate = (uint32_t)number;
    else if (strcmp(name, "--help") == 0)
        o->help = true;
    else if (strcmp(name, "--version") == 0)
        o->version = true;
}

static const struct opt *find(const char *arg, size_t name_len)
{
    for (size_t i = 0; i < OPT_COUNT; ++i)
        if (strlen(opts[i].name) == name_len && strncmp(arg, opts[i].name, name_len) == 0)
            return &opts[i];
    return NULL;
}

/* Parses argv[*i] (and maybe its value in argv[*i + 1]). */
static int parse_one(int argc, char *const *argv, int *i, FILE *err, bool *seen, struct app_options *o)
{
    const char *arg = argv[*i];
    const char *eq = strncmp(arg, "--", 2) == 0 ? strchr(arg, '=') : NULL;
    const struct opt *opt = find(arg, eq ? (size_t)(eq - arg) : strlen(arg));
    if (!opt)
        return usage_error(err, "unknown argument '%s'%s", arg, "");
    if (seen[opt - opts])
        return usage_error(err, "%s given more than once%s", opt->name, "");
    seen[opt - opts] = true;
    if (opt->kind == OPT_SWITCH) {
        if (eq)
            return usage_error(err, "%s takes no value (got '%s')", opt->name, eq + 1);
        store(o, opt->name, 0, NULL, 0.0f);
        return APP_EXIT_OK;
    }
    const char *value = eq ? eq + 1 : NULL;
    if (!value) {
        if (*i + 1 >= argc)
            return usage_error(err, "%s needs a value%s", opt->name, "");
        value = argv[++*i];
    }
    if (opt->kind == OPT_URL) {
        struct twin_url url;
        char why[200];
        if (twin_url_parse(value, &url, why, sizeof why) != 0)
            return usage_error(err, "--mqtt: %s%s", why, "");
        store(o, opt->name, 0, value, 0.0f);
        return APP_EXIT_OK;
    }
    if (opt->kind == OPT_STRING) {
        if (value[0] == '\0' || (!eq && strncmp(value, "--", 2) == 0))
            return usage_error(err, "%s needs a file name (got '%s')", opt->name, value);
        store(o, opt->name, 0, value, 0.0f);
        return APP_EXIT_OK;
    }
    if (opt->kind == OPT_SCALE) {
        const bool is_res_scale = strcmp(opt->name, "--res-scale") == 0;
        float d = 0.0f;
        if (is_res_scale && strcmp(value, "auto") == 0) {
            store(o, opt->name, 0, NULL, 0.0f);
            return APP_EXIT_OK;
        }
        if (!parse_decimal(value, 0, 1, &d) || d < APP_MIN_RES_SCALE) {
            fprintf(err, "factoryxr: %s: '%s' is not %sa decimal number in 0.25..1 (like 0.75)\n", opt->name, value,
                    is_res_scale ? "'auto' or " : "");
            app_usage(err);
            return APP_EXIT_USAGE;
        }
        store(o, opt->name, 0, NULL, d);
        return APP_EXIT_OK;
    }
    if (opt->kind == OPT_DECIMAL) {
        float d = 0.0f;
        const bool stale = strcmp(opt->name, "--stale-after") == 0; /* 0.1..86400: zero is no time */
        if (!parse_decimal(value, opt->min, opt->max, &d) || (stale && d < 0.1f)) {
            fprintf(err, "factoryxr: %s: '%s' is not a decimal number in %s%" PRIu64 " (like 1.5)\n", opt->name, value,
                    stale ? "0.1.." : opt->min == 0 ? "0.." : "", opt->max);
            app_usage(err);
            return APP_EXIT_USAGE;
        }
        store(o, opt->name, 0, NULL, d);
        return APP_EXIT_OK;
    }
    uint64_t n = 0;
    if (!parse_number(value, opt->min, opt->max, &n) || (strcmp(opt->name, "--msaa") == 0 && n != 1 && n != 4)) {
        char range[64];
        if (strcmp(opt->name, "--msaa") == 0)
            snprintf(range, sizeof(range), "1 or 4");
        else
            snprintf(range, sizeof(range), "a whole number in %" PRIu64 "..%" PRIu64, opt->min, opt->max);
        fprintf(err, "factoryxr: %s: '%s' is not %s\n", opt->name, value, range);
        app_usage(err);
        return APP_EXIT_USAGE;
    }
    store(o, opt->name, n, NULL, 0.0f);
    return APP_EXIT_OK;
}

int app_options_parse(int argc, char *const *argv, FILE *err, struct app_options *out_opts)
{
    struct app_options o = {.lines = 4, .msaa = 1, .seed = 1, .detail_px = XR_DEFAULT_DETAIL_PX};
    bool seen[OPT_COUNT] = {false};
    for (int i = 1; i < argc; ++i) {
        int rc = parse_one(argc, argv, &i, err, seen, &o);
        if (rc != APP_EXIT_OK)
            return rc;
    }
    if (o.min_res_scale > 0.0f && o.res_scale > 0.0f)
        return usage_error(err, "--min-res-scale is the floor of --res-scale auto; it does not go with a fixed "
                                "--res-scale%s%s", "", "");
    if (o.plant && (seen[find("--lines", 7) - opts] || seen[find("--seed", 6) - opts]))
        return usage_error(err, "--plant gives the whole floor: it does not go with --lines or --seed%s%s", "", "");
    if (!o.mqtt && (o.mqtt_ca || o.stale_after > 0.0f || o.mqtt_max_rate))
        return usage_error(err, "%s is about live data: it needs --mqtt%s",
                           o.mqtt_ca ? "--mqtt-ca" : o.stale_after > 0.0f ? "--stale-after" : "--mqtt-max-rate", "");
    if (o.mqtt_ca && strncmp(o.mqtt, "mqtts://", 8) != 0)
        return usage_error(err, "--mqtt-ca is for TLS: the url must start with mqtts:// (got '%s')%s", o.mqtt, "");

    *out_opts = o;
    return APP_EXIT_OK;
}
