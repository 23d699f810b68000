/* mockxr-run's internal interface: options, environment setup, child supervision, report reading. */
#ifndef MXRUN_H
#define MXRUN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* Exit codes of mockxr-run (documented in --help and docs/mockxr.md). */
enum mxrun_exit {
    MXRUN_EXIT_OK = 0,
    MXRUN_EXIT_VERDICT = 1,    /* the app ran but failed a check: mockxr errors, missed frames, no frames */
    MXRUN_EXIT_USAGE = 2,      /* bad flag or value */
    MXRUN_EXIT_APP_FAILED = 3, /* the app crashed (signal) or exited non-zero */
    MXRUN_EXIT_TIMEOUT = 4,    /* the app did not end by itself before the timeout */
    MXRUN_EXIT_SETUP = 5,      /* mockxr-run could not prepare or start the run (no manifest, exec failed) */
};

/* Everything the command line says. NULL / negative / zero mean "not given". */
struct mxrun_opts {
    long frames;                /* -> MOCKXR_EXIT_AFTER_FRAMES; -1 unset */
    long hz;                    /* -> MOCKXR_REFRESH_HZ; 0 unset */
    const char *clock;          /* -> MOCKXR_CLOCK */
    const char *pacing;         /* -> MOCKXR_PACING */
    const char *view_size;      /* -> MOCKXR_VIEW_SIZE */
    const char *head;           /* -> MOCKXR_HEAD */
    const char *controllers;    /* -> MOCKXR_CONTROLLERS */
    const char *vk_device;      /* -> MOCKXR_VK_DEVICE */
    const char *script;         /* -> MOCKXR_SCRIPT */
    const char *capture_frames; /* -> MOCKXR_CAPTURE_FRAMES */
    const char *capture_dir;    /* -> MOCKXR_CAPTURE_DIR */
    const char *capture_kinds;  /* -> MOCKXR_CAPTURE_KINDS */
    const char *report;         /* -> MOCKXR_REPORT */
    const char *manifest;       /* -> XR_RUNTIME_JSON instead of the discovered manifest */
    long max_missed;            /* -1 unset: 0 with the virtual clock, unlimited with the realtime clock */
    double timeout_s;           /* 0 unset: derived from frames and hz */
    bool validation;            /* Vulkan + OpenXR core validation layers; their messages fail the run */
    bool lavapipe;              /* force Mesa lavapipe even when a GPU exists */
    bool quiet;                 /* -> MOCKXR_QUIET=1 */
    bool stdin_null;            /* app stdin = /dev/null instead of an open, silent pipe */
    char **app_argv;            /* NULL-terminated, points into main's argv */
    /* Recording and image comparison (mxrun_compare.c; docs/mockxr.md, "Record, replay, compare"). */
    bool window;                /* -> MOCKXR_WINDOW=1 (and the realtime clock) */
    const char *record;         /* -> MOCKXR_RECORD */
    const char *compare_dir;    /* --compare DIR: references to compare the snapshot frames with */
    const char *update_dir;     /* --update DIR: write the snapshot frames there as references */
    const char *compare_out;    /* where differing captures and difference images go */
    double tolerance_mean;      /* most mean absolute difference allowed, 8-bit levels */
    double tolerance_pixels;    /* most share of pixels off allowed, 0..1 */
    int pixel_threshold;        /* a pixel is off when a channel differs by more than this */
};

/* mxrun_opts.c: parse argv. Returns MXRUN_EXIT_OK, MXRUN_EXIT_USAGE (message printed) or -1 when
 * --help/--version was printed and the program should exit 0. */
int mxrun_opts_parse(int argc, char **argv, struct mxrun_opts *out_opts);
void mxrun_print_help(void);
/* The clock mockxr will use: the flag, else MOCKXR_CLOCK, else "realtime" (mockxr's default). */
const char *mxrun_effective_clock(const struct mxrun_opts *opts);
long mxrun_effective_hz(const struct mxrun_opts *opts);
double mxrun_effective_timeout(const struct mxrun_opts *opts);
long mxrun_effective_max_missed(const struct mxrun_opts *opts);

/* mxrun_compare.c: --compare / --update. prepare picks the frames (the script's "snapshots", else its last
 * timeline frame, else --frames - 1) and points the capture options at a temporary directory; finish
 * compares (or writes) the composited captures and returns an enum mxrun_exit; cleanup removes the
 * temporary directory. All three do nothing without --compare / --update. */
struct mxrun_compare {
    const char *ref_dir;        /* NULL: not comparing */
    long *frames;
    size_t frame_count;
    char frame_list[4096];      /* -> MOCKXR_CAPTURE_FRAMES */
    char capture_dir[1024];     /* mkdtemp'd; "" when none */
};
int mxrun_compare_prepare(struct mxrun_opts *opts, struct mxrun_compare *out);
int mxrun_compare_finish(const struct mxrun_opts *opts, struct mxrun_compare *c);
void mxrun_compare_cleanup(struct mxrun_compare *c);

/* mxrun_env.c: export the MOCKXR_* variables, XR_RUNTIME_JSON, the Vulkan driver choice and the
 * validation layers. *out_report_path gets the report path (malloc'd); *out_report_is_temp says
 * whether mockxr-run made it up (and must delete it). Returns an enum mxrun_exit. */
int mxrun_env_prepare(const struct mxrun_opts *opts, char **out_report_path, bool *out_report_is_temp);

/* mxrun_child.c: how the app ended. */
struct mxrun_child_result {
    bool started;        /* exec succeeded */
    bool exited;         /* ended with exit(): exit_code valid */
    int exit_code;
    bool signaled;       /* killed by a signal: term_signal valid */
    int term_signal;
    bool timed_out;      /* mockxr-run killed it at the timeout */
    bool interrupted;    /* mockxr-run got SIGINT/SIGTERM/SIGHUP and passed it on */
    bool stdin_closed;   /* mockxr said the session reached EXITING (or the instance is gone): stdin closed */
    unsigned validation_messages; /* lines matching the validation patterns (only with scan) */
    double wall_s;
};
/* Runs argv with stdin an open pipe (or /dev/null) that is closed once mockxr reports (MOCKXR_NOTIFY_FD)
 * the session EXITING or the instance destroyed, kills the process group at timeout_s (SIGTERM,
 * then SIGKILL after a grace period). With scan_validation the app's stdout/stderr are relayed
 * line by line and validation messages counted. Returns an enum mxrun_exit (SETUP on failure). */
int mxrun_child_run(char **argv, double timeout_s, bool stdin_null, bool scan_validation,
                    struct mxrun_child_result *out_result);
/* Whether a line is a Vulkan / OpenXR validation message. */
bool mxrun_is_validation_line(const char *line);

/* mxrun_report.c: what the report says. */
struct mxrun_pctl {
    double p50, p95, p99, max;
    bool present;
};
struct mxrun_report {
    bool found;             /* the file exists and has at least one record */
    bool has_summary;
    char clock[16];
    char pacing[16];
    long refresh_hz;
    long frame_records;     /* "frame" lines */
    long projection_frames; /* frame lines with at least one projection layer */
    long frames, missed, discarded, late, errors; /* from the summary line */
    long gpu_late; /* frames whose GPU work ended after their display time (realtime clock) */
    long lost_returns; /* XR_ERROR_SESSION_LOST / INSTANCE_LOST after an injected loss: shown, never a failure */
    struct mxrun_pctl app_cpu_ms, pose_age_ms, wake_jitter_ms;
    struct mxrun_pctl app_cpu_monotonic_ms, gpu_after_end_ms; /* CLOCK_MONOTONIC whatever the clock */
};
/* Reads the JSON-lines report. Returns 0, or -1 with a message when the file is malformed. */
int mxrun_report_read(const char *path, struct mxrun_report *out_report);
void mxrun_report_print(const struct mxrun_report *report, FILE *out);

#endif
