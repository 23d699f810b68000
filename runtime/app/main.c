/* factoryxr's entry point: options, wiring scene + xr, the outer loop and signal handling. */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "factoryxr/app.h"
#include "factoryxr/scene.h"
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
    if (install_signals() != 0)
        return APP_EXIT_FAILURE;

    struct scene *scene = NULL;
    if (scene_create(&(struct scene_desc){.lines = opts.lines, .seed = opts.seed}, &scene) != 0)
        return APP_EXIT_FAILURE;
    struct scene_stats ss;
    scene_get_stats(scene, &ss);
    fprintf(stderr,
            "factoryxr: scene: %u lines, %u objects, %u meshes, %u instances (%u static in %u chunks), %llu "
            "triangles, %u lights\n",
            opts.lines, ss.object_count, ss.mesh_count, ss.instance_count, ss.static_instance_count, ss.chunk_count,
            (unsigned long long)ss.triangles, ss.light_count);

    struct xr_desc desc = {.scene = scene,
                           .msaa_samples = opts.msaa,
                           .no_multiview = opts.no_multiview,
                           .no_late_latch = opts.no_late_latch,
                           .detail_px = opts.detail_px > 0.0f ? opts.detail_px : -1.0f, /* 0: every piece */
                           .res_scale = opts.res_scale,
                           .min_res_scale = opts.min_res_scale,
                           .max_frames = opts.frames,
                           .stats_path = opts.stats};
    struct xr *xr = NULL;
    enum xr_status status = xr_create(&desc, &xr);
    if (status == XR_STATUS_OK) {
        status = run(xr);
        xr_print_stats_table(xr, stdout);
        xr_destroy(&xr);
    }
    scene_destroy(&scene);
    if (status != XR_STATUS_OK)
        fprintf(stderr, "factoryxr: exiting: %s\n", xr_status_string(status));
    return exit_code(status);
}
