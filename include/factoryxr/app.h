/* The factoryxr executable's command line and exit codes. Owner: runtime/app. */
#ifndef FACTORYXR_APP_H
#define FACTORYXR_APP_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

/* Exit codes of factoryxr (also printed by --help). */
enum app_exit {
    APP_EXIT_OK = 0,            /* ran and shut down cleanly (exit requested, --frames reached, signal) */
    APP_EXIT_FAILURE = 1,       /* an OpenXR / Vulkan call or the scene failed; the log names it */
    APP_EXIT_USAGE = 2,         /* bad command line: usage on stderr */
    APP_EXIT_NO_RUNTIME = 3,    /* no OpenXR runtime or no headset: the message says how to select one */
    APP_EXIT_INSTANCE_LOST = 4, /* the runtime went away while running */
};

#define APP_MAX_FRAMES 1000000000ULL

struct app_options {
    uint32_t lines;        /* --lines N: 1..256, default 4 */
    uint32_t msaa;         /* --msaa 1|4, default 1 */
    bool no_multiview;     /* --no-multiview */
    bool no_late_latch;    /* --no-late-latch */
    bool smooth_move;      /* --smooth-move */
    uint64_t frames;       /* --frames N: 1..APP_MAX_FRAMES; 0 = until told to stop */
    const char *stats;     /* --stats FILE (points into argv); NULL = none */
    uint32_t seed;         /* --seed S: 1..4294967295, default 1 */
    float detail_px;       /* --detail-px PX: 0..16, default XR_DEFAULT_DETAIL_PX; 0 = draw every piece */
    float res_scale;       /* --res-scale auto|F: 0 = auto (default, dynamic resolution), else F in 0.25..1 */
    float min_res_scale;   /* --min-res-scale F: 0.25..1, auto's floor; 0 = XR_DEFAULT_MIN_RES_SCALE */
    const char *plant;        /* --plant FILE: the floor from a plant file instead of --lines/--seed */
    const char *export_plant; /* --export-plant FILE: write the floor as a plant file and exit */
    const char *mqtt;         /* --mqtt URL: live machine data, mqtt[s]://HOST[:PORT][/PREFIX] (checked) */
    const char *mqtt_ca;      /* --mqtt-ca FILE: CA certificates for mqtts:// */
    float stale_after;        /* --stale-after S: 0.1..86400 seconds; 0 = the twin's default (10) */
    uint32_t mqtt_max_rate;   /* --mqtt-max-rate N: messages/s per machine before a flood; 0 = default (50) */
    bool help, version;    /* --help, --version: print and exit 0 */
};

/* The environment variables that carry the MQTT broker's user and password. */
#define APP_ENV_MQTT_USER "FACTORYXR_MQTT_USER"
#define APP_ENV_MQTT_PASSWORD "FACTORYXR_MQTT_PASSWORD"

/* Parses argv (argv[0] is the program). Both "--flag VALUE" and "--flag=VALUE" are accepted; every
 * flag at most once. Returns APP_EXIT_OK with *out_opts filled, or APP_EXIT_USAGE after writing the
 * problem and the usage to err. */
int app_options_parse(int argc, char *const *argv, FILE *err, struct app_options *out_opts);
void app_usage(FILE *out);

#endif
