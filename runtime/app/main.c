/* factoryxr's entry point: options, wiring scene + twin + xr, the outer loop and signal handling. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "factoryxr/app.h"
#include "factoryxr/scene.h"
#include "factoryxr/twin.h"
#include "factoryxr/xr.h"

/* The only mutable global: set by the signal handler, read by the outer loop. */
static volatile sig_atomic_t quit_signal;

static void on_signal(int sig)
{
    quit_signal = sig;
}

/* SA_RESETHAND: a second Ctrl-C kills a process that is stuck. No SA_RESTART: waits return early. */
static int install_signals(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_signal;
    sa.sa_flags = SA_RESETHAND;
    sigemptyset(&sa.sa_mask);
    if (sigaction(SIGINT, &sa, NULL) != 0 || sigaction(SIGTERM, &sa, NULL) != 0) {
        perror("factoryxr: sigaction");
        return -1;
    }
    return 0;
}

static int exit_code(enum xr_status status)
{
    switch (status) {
    case XR_STATUS_OK: return APP_EXIT_OK;
    case XR_STATUS_NO_RUNTIME: return APP_EXIT_NO_RUNTIME;
    case XR_STATUS_INSTANCE_LOST: return APP_EXIT_INSTANCE_LOST;
    case XR_STATUS_FAILED: break;
    }
    return APP_EXIT_FAILURE;
}

/* Polls the session; renders while it runs; idles (without spinning) while it does not. */
static enum xr_status run(struct xr *xr)
{
    bool asked = false;
    for (;;) {
        if (quit_signal && !asked) {
            fprintf(stderr, "factoryxr: %s: ending the session\n", quit_signal == SIGINT ? "SIGINT" : "SIGTERM");
            xr_request_exit(xr);
            asked = true;
        }
        enum xr_step step = xr_poll(xr);
        if (step == XR_STEP_EXIT)
            break;
        if (step == XR_STEP_FRAME) {
            if (xr_frame(xr) != XR_STATUS_OK)
                break;
        } else {
            struct timespec idle = {0, 5000000};
            nanosleep(&idle, NULL);
        }
    }
    return xr_get_status(xr);
}

/* The frame loop's live data hook: the twin's newest states into the scene, its counts into the stats record. */
static void live_hook(void *user, struct scene *scene, uint64_t frame, int64_t display_time,
                      struct xr_live_record *out)
{
    struct twin_counts c;
    twin_apply(user, scene, frame, display_time, &c);
    *out = (struct xr_live_record){.enabled = true, .link = (uint8_t)c.link, .machines = c.machines, .stale = c.stale,
                                   .applied = c.applied, .lag_frames = c.lag_frames, .messages = c.messages};
    memcpy(out->status, c.status, sizeof out->status);
    for (int k = 0; k < TWIN_BAD_COUNT && k < XR_LIVE_MAX_BAD; k++)
        out->bad[k] = c.bad[k];
}

/* The plant to build: from --plant (exit 2 when refused), else none (scene_create makes the procedural one). */
static int load_plant(const struct app_options *opts, struct scene_plant **out_plant)
{
    *out_plant = NULL;
    if (!opts->plant)
        return APP_EXIT_OK;
    if (twin_plant_load(opts->plant, stderr, out_plant) != 0) {
        fprintf(stderr, "factoryxr: --plant %s: refused (see above)\n", opts->plant);
        return APP_EXIT_USAGE;
    }
    return APP_EXIT_OK;
}

/* --export-plant: the floor as a plant file, then exit. */
static int export_plant(const struct app_options *opts, const struct scene_plant *loaded)
{
    struct scene_plant *generated = NULL;
    if (!loaded && scene_plant_generate(opts->lines, opts->seed, &generated) != 0)
        return APP_EXIT_FAILURE;
    int rc = twin_plant_save(loaded ? loaded : generated, opts->export_plant, stderr);
    scene_plant_destroy(&generated);
    if (rc != 0)
        return APP_EXIT_FAILURE;
    fprintf(stderr, "factoryxr: wrote the plant file %s\n", opts->export_plant);
    return APP_EXIT_OK;
}

static int start_twin(const struct app_options *opts, struct scene *scene, struct twin **out_twin)
{
    *out_twin = NULL;
    if (!opts->mqtt)
        return APP_EXIT_OK;
    const char *user = getenv(APP_ENV_MQTT_USER), *password = getenv(APP_ENV_MQTT_PASSWORD);
    if (password && !user) {
        fprintf(stderr, "factoryxr: %s is set but %s is not: the broker needs both\n", APP_ENV_MQTT_PASSWORD,
                APP_ENV_MQTT_USER);
        return APP_EXIT_USAGE;
    }
    const struct twin_desc desc = {.scene = scene, .url = opts->mqtt, .ca_file = opts->mqtt_ca, .username = user,
                                   .password = password, .stale_after_s = opts->stale_after,
                                   .max_rate = opts->mqtt_max_rate};
    return twin_create(&desc, out_twin) == 0 ? APP_EXIT_OK : APP_EXIT_FAILURE;
}

static void print_scene(const struct scene *scene)
{
    struct scene_stats ss;
    scene_get_stats(scene, &ss);
    fprintf(stderr,
            "factoryxr: scene: %u machines, %u objects, %u meshes, %u instances (%u static in %u chunks), %llu "
            "triangles, %u lights\n",
            scene_machine_count(scene), ss.object_count, ss.mesh_count, ss.instance_count, ss.static_instance_count,
            ss.chunk_count, (unsigned long long)ss.triangles, ss.light_count);
}

static enum xr_status run_xr(const struct app_options *opts, struct scene *scene, struct twin *twin)
{
    const char *bad_names[TWIN_BAD_COUNT]; /* xr keeps the pointer: it lives until xr_destroy below */
    for (int k = 0; k < TWIN_BAD_COUNT; k++)
        bad_names[k] = twin_bad_name((enum twin_bad)k);
    struct xr_desc desc = {.scene = scene,
                           .msaa_samples = opts->msaa,
                           .no_multiview = opts->no_multiview,
                           .no_late_latch = opts->no_late_latch,
                           .smooth_move = opts->smooth_move,
                           .detail_px = opts->detail_px > 0.0f ? opts->detail_px : -1.0f, /* 0: every piece */
                           .res_scale = opts->res_scale,
                           .min_res_scale = opts->min_res_scale,
                           .max_frames = opts->frames,
                           .stats_path = opts->stats,
                           .live_hook = twin ? live_hook : NULL,
                           .live_user = twin,
                           .live_bad_names = bad_names,
                           .live_bad_count = TWIN_BAD_COUNT};
    struct xr *xr = NULL;
    enum xr_status status = xr_create(&desc, &xr);
    if (status == XR_STATUS_OK) {
        status = run(xr);
        xr_print_stats_table(xr, stdout);
        xr_destroy(&xr);
    }
    return status;
}

int main(int argc, char **argv)
{
    struct app_options opts;
    int rc = app_options_parse(argc, argv, stderr, &opts);
    if (rc != APP_EXIT_OK)
        return rc;
    if (opts.help) {
        app_usage(stdout);
        return APP_EXIT_OK;
    }
    if (opts.version) {
        printf("factoryxr %s\n", FXR_VERSION);
        return APP_EXIT_OK;
    }
    struct scene_plant *plant = NULL;
    if ((rc = load_plant(&opts, &plant)) != APP_EXIT_OK)
        return rc;
    if (opts.export_plant) {
        rc = export_plant(&opts, plant);
        scene_plant_destroy(&plant);
        return rc;
    }
    struct scene *scene = NULL;
    rc = scene_create(&(struct scene_desc){.lines = opts.lines, .seed = opts.seed, .plant = plant}, &scene);
    scene_plant_destroy(&plant);
    if (rc != 0)
        return APP_EXIT_FAILURE;
    print_scene(scene);
    struct twin *twin = NULL;
    if (install_signals() != 0 || (rc = start_twin(&opts, scene, &twin)) != APP_EXIT_OK) {
        scene_destroy(&scene);
        return rc != APP_EXIT_OK ? rc : APP_EXIT_FAILURE;
    }
    enum xr_status status = run_xr(&opts, scene, twin);
    if (twin)
        twin_print_summary(twin, stdout);
    twin_destroy(&twin);
    scene_destroy(&scene);
    if (status != XR_STATUS_OK)
        fprintf(stderr, "factoryxr: exiting: %s\n", xr_status_string(status));
    return exit_code(status);
}
