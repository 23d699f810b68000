/* mockxr-run's command line: every flag, its checks, and the --help text that documents them. */
#include "mxrun.h"

#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <mockxr/mockxr.h>

#define MXRUN_MAX_FRAMES 100000000L
#define MXRUN_MIN_VIEW_EDGE 16L /* mockxr's limits */
#define MXRUN_MAX_VIEW_EDGE 8192L
#define MXRUN_MAX_TIMEOUT_S 86400.0

enum {
    OPT_FRAMES = 256, OPT_HZ, OPT_CLOCK, OPT_VIEW_SIZE, OPT_HEAD, OPT_CONTROLLERS, OPT_VK_DEVICE,
    OPT_SCRIPT, OPT_CAPTURE_FRAMES, OPT_CAPTURE_DIR, OPT_CAPTURE_KINDS, OPT_REPORT, OPT_MANIFEST, OPT_MAX_MISSED,
    OPT_TIMEOUT, OPT_VALIDATION, OPT_LAVAPIPE, OPT_QUIET, OPT_STDIN, OPT_VERSION,
    /* record and compare (mxrun_compare.c) */
    OPT_WINDOW = 500, OPT_RECORD = 512, OPT_COMPARE, OPT_UPDATE, OPT_COMPARE_OUT, OPT_TOL_MEAN, OPT_TOL_PIXELS, OPT_PIXEL_THRESHOLD,
    OPT_PACING = 600, /* MOCKXR_PACING */
};

static const struct option long_options[] = {
    {"frames", required_argument, NULL, OPT_FRAMES},
    {"hz", required_argument, NULL, OPT_HZ},
    {"clock", required_argument, NULL, OPT_CLOCK},
    {"pacing", required_argument, NULL, OPT_PACING},
    {"view-size", required_argument, NULL, OPT_VIEW_SIZE},
    {"head", required_argument, NULL, OPT_HEAD},
    {"controllers", required_argument, NULL, OPT_CONTROLLERS},
    {"vk-device", required_argument, NULL, OPT_VK_DEVICE},
    {"script", required_argument, NULL, OPT_SCRIPT},
    {"capture-frames", required_argument, NULL, OPT_CAPTURE_FRAMES},
    {"capture-dir", required_argument, NULL, OPT_CAPTURE_DIR},
    {"capture-kinds", required_argument, NULL, OPT_CAPTURE_KINDS},
    {"report", required_argument, NULL, OPT_REPORT},
    {"manifest", required_argument, NULL, OPT_MANIFEST},
    {"max-missed", required_argument, NULL, OPT_MAX_MISSED},
    {"timeout", required_argument, NULL, OPT_TIMEOUT},
    {"validation", no_argument, NULL, OPT_VALIDATION},
    {"lavapipe", no_argument, NULL, OPT_LAVAPIPE},
    {"quiet", no_argument, NULL, OPT_QUIET},
    {"stdin", required_argument, NULL, OPT_STDIN},
    {"window", no_argument, NULL, OPT_WINDOW},
    {"record", required_argument, NULL, OPT_RECORD},
    {"compare", required_argument, NULL, OPT_COMPARE},
    {"update", required_argument, NULL, OPT_UPDATE},
    {"compare-out", required_argument, NULL, OPT_COMPARE_OUT},
    {"tolerance-mean", required_argument, NULL, OPT_TOL_MEAN},
    {"tolerance-pixels", required_argument, NULL, OPT_TOL_PIXELS},
    {"pixel-threshold", required_argument, NULL, OPT_PIXEL_THRESHOLD},
    {"help", no_argument, NULL, 'h'},
    {"version", no_argument, NULL, OPT_VERSION},
    {NULL, 0, NULL, 0},
};

void mxrun_print_help(void)
{
    printf(
        "Usage: mockxr-run [OPTIONS] -- APP [ARGS...]\n"
        "Runs an OpenXR app on mockxr (headless), prints mockxr's summary table and exits non-zero,\n"
        "saying why, when the run failed.\n"
        "\n"
        "Each option sets the variable named on the right; variables already in the environment\n"
        "are passed through to the app, and an option overrides its variable.\n"
        "  --frames N            request exit after N frames (N >= 1)      " MOCKXR_ENV_EXIT_AFTER_FRAMES "\n"
        "  --hz HZ               display refresh rate, 60..240             " MOCKXR_ENV_REFRESH_HZ "\n"
        "  --clock C             virtual | realtime (mockxr: realtime)     " MOCKXR_ENV_CLOCK "\n"
        "  --pacing P            app | slot: wake the app just in time     " MOCKXR_ENV_PACING "\n"
        "                        for its frame cost, or at slot start (default app with the\n"
        "                        realtime clock; the virtual clock paces by slot only)\n"
        "  --view-size WxH       per-eye size, each edge 16..8192          " MOCKXR_ENV_VIEW_SIZE "\n"
        "  --head H              head motion: still | look | walk          " MOCKXR_ENV_HEAD "\n"
        "  --controllers C       touch | index | simple | none             " MOCKXR_ENV_CONTROLLERS "\n"
        "  --vk-device D         Vulkan device: index or name substring    " MOCKXR_ENV_VK_DEVICE "\n"
        "  --script FILE         JSON timeline of poses, inputs, faults    " MOCKXR_ENV_SCRIPT "\n"
        "  --capture-frames LIST frames to capture, e.g. 0,10,20-25        " MOCKXR_ENV_CAPTURE_FRAMES "\n"
        "  --capture-dir DIR     where the PNGs go (created if missing)    " MOCKXR_ENV_CAPTURE_DIR "\n"
        "                        (--capture-frames and --capture-dir go together)\n"
        "  --capture-kinds LIST  any of views,composited,depth             " MOCKXR_ENV_CAPTURE_KINDS "\n"
        "                        (default views,composited): the raw projection views, what\n"
        "                        each eye sees, the views' depth as 16-bit PNGs\n"
        "  --report FILE         keep mockxr's JSON-lines report in FILE   " MOCKXR_ENV_REPORT "\n"
        "                        (otherwise a temporary file, deleted at the end)\n"
        "  --quiet               no informational lines from mockxr        " MOCKXR_ENV_QUIET "=1\n"
        "  --manifest FILE       this runtime manifest instead of mockxr's XR_RUNTIME_JSON\n"
        "  --validation          enable the Vulkan validation layer and the OpenXR core validation\n"
        "                        layer (VK_INSTANCE_LAYERS, XR_ENABLE_API_LAYERS); any validation\n"
        "                        message in the app's output fails the run\n"
        "  --lavapipe            use Mesa lavapipe even when a GPU exists (VK_ICD_FILENAMES,\n"
        "                        VK_DRIVER_FILES)\n"
        "  --max-missed N        most missed display slots allowed (default: 0 with the virtual\n"
        "                        clock, unlimited with the realtime clock)\n"
        "  --timeout SECONDS     kill the app (SIGTERM, then SIGKILL 5 s later) if it has not ended\n"
        "                        (default: 60 + N x (period + 1) with --frames N, else 600)\n"
        "  --stdin open|null     app's stdin: an open pipe that never delivers data (default; apps\n"
        "                        that quit on end-of-input, like hello_xr, keep running) or /dev/null\n"
        "  -h, --help            this text\n"
        "  --version             mockxr-run's version\n"
        "\n"
        "Manifest: mockxr.json next to mockxr-run (build tree), else ../share/openxr/1/mockxr.json\n"
        "relative to its directory (installed).\n"
        "Vulkan driver: unless VK_ICD_FILENAMES or VK_DRIVER_FILES is set, mockxr-run asks the Vulkan\n"
        "loader for devices; when none is a GPU (only CPU devices, or none at all) and lavapipe is\n"
        "installed, both variables are pointed at lavapipe's manifest.\n"
        "\n"
        "Exit status: 0 success; 1 the run failed a check (mockxr diagnosed errors, too many missed\n"
        "frames, no frames, validation messages); 2 usage error; 3 the app crashed or exited non-zero;\n"
        "4 the app did not end before the timeout; 5 mockxr-run could not set up or start the run.\n"
        "An app interrupted by a signal to mockxr-run (passed on to it) counts as failed (3).\n");
    /* a second string: ISO C caps one literal at 4095 characters */
    printf(
        "\n"
        "Record, replay, compare (docs/mockxr.md, \"Record, replay, compare\"):\n"
        "  --window              show the session in a desktop window and drive it by keyboard,\n"
        "                        mouse, gamepad (realtime clock; no timeout unless --timeout)  " MOCKXR_ENV_WINDOW "=1\n"
        "  --record FILE         write the session (poses, inputs, snapshots) " MOCKXR_ENV_RECORD "\n"
        "                        as a script that --script replays\n"
        "  --compare DIR         capture the snapshot frames of --script (none marked: its last\n"
        "                        frame; no script: frame N-1 of --frames N), composited, and\n"
        "                        compare them with DIR/frame_NNNNNN_eyeV_composited.png; fails (1)\n"
        "                        naming the frames that differ\n"
        "  --update DIR          write those captures to DIR as the references instead\n"
        "  --compare-out DIR     differing captures + difference images (default mockxr-compare)\n"
        "  --tolerance-mean L    most mean absolute difference, 8-bit levels (default 0.5)\n"
        "  --tolerance-pixels S  most share of pixels off, 0..1 (default 0.001)\n"
        "  --pixel-threshold T   a pixel is off when a channel differs by more than T (default 8)\n");
}

static int usage_error(const char *fmt, const char *flag, const char *value)
{
    fprintf(stderr, "mockxr-run: ");
    fprintf(stderr, fmt, flag, value);
    fprintf(stderr, "\nTry 'mockxr-run --help'.\n");
    return MXRUN_EXIT_USAGE;
}

static int parse_long(const char *flag, const char *s, long lo, long hi, long *out)
{
    char *end = NULL;
    errno = 0;
    long v = strtol(s, &end, 10);
    bool plain = isdigit((unsigned char)s[0]) || (s[0] == '-' && isdigit((unsigned char)s[1]));
    if (!plain || *end != '\0' || errno == ERANGE)
        return usage_error("%s: '%s' is not an integer", flag, s);
    if (v < lo || v > hi) {
        fprintf(stderr, "mockxr-run: %s: %ld is out of range %ld..%ld\nTry 'mockxr-run --help'.\n", flag, v, lo, hi);
        return MXRUN_EXIT_USAGE;
    }
    *out = v;
    return MXRUN_EXIT_OK;
}

static int parse_choice(const char *flag, const char *s, const char *const *choices, const char **out)
{
    for (size_t i = 0; choices[i]; i++) {
        if (strcmp(s, choices[i]) == 0) {
            *out = choices[i];
            return MXRUN_EXIT_OK;
        }
    }
    return usage_error("%s: '%s' is not one of the allowed values (see --help)", flag, s);
}

static int check_view_size(const char *s)
{
    long w = 0, h = 0;
    char *end = NULL;
    errno = 0;
    if (s[0] >= '0' && s[0] <= '9')
        w = strtol(s, &end, 10);
    if (!end || *end != 'x' || errno || !(end[1] >= '0' && end[1] <= '9'))
        return usage_error("%s: '%s' is not WIDTHxHEIGHT (e.g. 512x512)", "--view-size", s);
    const char *hs = end + 1;
    h = strtol(hs, &end, 10);
    bool in_range = w >= MXRUN_MIN_VIEW_EDGE && h >= MXRUN_MIN_VIEW_EDGE && w <= MXRUN_MAX_VIEW_EDGE &&
                    h <= MXRUN_MAX_VIEW_EDGE;
    if (*end != '\0' || errno || !in_range)
        return usage_error("%s: '%s' is not WIDTHxHEIGHT with each edge 16..8192", "--view-size", s);
    return MXRUN_EXIT_OK;
}

/* LIST: comma-separated frame numbers or ranges A-B (A <= B). */
static int check_frame_list(const char *s)
{
    const char *p = s;
    for (;;) {
        char *end = NULL;
        if (!(*p >= '0' && *p <= '9'))
            return usage_error("%s: '%s' is not a list like 0,10,20-25", "--capture-frames", s);
        errno = 0;
        long a = strtol(p, &end, 10), b = a;
        if (*end == '-') {
            if (!(end[1] >= '0' && end[1] <= '9'))
                return usage_error("%s: '%s' is not a list like 0,10,20-25", "--capture-frames", s);
            b = strtol(end + 1, &end, 10);
        }
        if (errno || b < a)
            return usage_error("%s: '%s' has an empty or overflowing range", "--capture-frames", s);
        if (*end == '\0')
            return MXRUN_EXIT_OK;
        if (*end != ',')
            return usage_error("%s: '%s' is not a list like 0,10,20-25", "--capture-frames", s);
        p = end + 1;
    }
}

/* LIST: comma-separated views | composited | depth. */
static int check_capture_kinds(const char *s)
{
    for (const char *p = s;;) {
        size_t len = strcspn(p, ",");
        bool known = (len == 5 && strncmp(p, "views", 5) == 0) || (len == 10 && strncmp(p, "composited", 10) == 0) ||
                     (len == 5 && strncmp(p, "depth", 5) == 0);
        if (!known)
            return usage_error("%s: '%s' is not a list of views, composited, depth", "--capture-kinds", s);
        if (p[len] == '\0')
            return MXRUN_EXIT_OK;
        p += len + 1;
    }
}

static int check_readable_file(const char *flag, const char *path)
{
    struct stat st;
    if (stat(path, &st) != 0 || !S_ISREG(st.st_mode) || access(path, R_OK) != 0)
        return usage_error("%s: '%s' is not a readable file", flag, path);
    return MXRUN_EXIT_OK;
}

static int parse_timeout(const char *s, double *out)
{
    char *end = NULL;
    errno = 0;
    double v = strtod(s, &end);
    if (s[0] == '\0' || *end != '\0' || errno || !isfinite(v) || v <= 0.0 || v > MXRUN_MAX_TIMEOUT_S)
        return usage_error("%s: '%s' is not a number of seconds in (0, 86400]", "--timeout", s);
    *out = v;
    return MXRUN_EXIT_OK;
}

/* A number 0..max (tolerances). */
static int parse_fraction(const char *flag, const char *s, double max, double *out)
{
    char *end = NULL;
    errno = 0;
    double v = strtod(s, &end);
    if (s[0] == '\0' || *end != '\0' || errno || !isfinite(v) || v < 0.0 || v > max) {
        fprintf(stderr, "mockxr-run: %s: '%s' is not a number 0..%g\nTry 'mockxr-run --help'.\n", flag, s, max);
        return MXRUN_EXIT_USAGE;
    }
    *out = v;
    return MXRUN_EXIT_OK;
}

static const char *const clock_choices[] = {"virtual", "realtime", NULL};
static const char *const pacing_choices[] = {"app", "slot", NULL};
static const char *const head_choices[] = {"still", "look", "walk", NULL};
static const char *const controller_choices[] = {"touch", "index", "simple", "none", NULL};
static const char *const stdin_choices[] = {"open", "null", NULL};

static int non_empty(const char *flag, const char *value, const char **out)
{
    if (value[0] == '\0')
        return usage_error("%s: the value must not be empty%s", flag, "");
    *out = value;
    return MXRUN_EXIT_OK;
}

/* One flag with its value; returns an enum mxrun_exit, or -1 for --help/--version. */
static int parse_one(int opt, const char *arg, struct mxrun_opts *o)
{
    const char *tmp = NULL;
    long num = 0;
    int rc;
    switch (opt) {
    case OPT_FRAMES: return parse_long("--frames", arg, 1, MXRUN_MAX_FRAMES, &o->frames);
    case OPT_HZ: return parse_long("--hz", arg, 60, 240, &o->hz);
    case OPT_CLOCK: return parse_choice("--clock", arg, clock_choices, &o->clock);
    case OPT_PACING: return parse_choice("--pacing", arg, pacing_choices, &o->pacing);
    case OPT_VIEW_SIZE: o->view_size = arg; return check_view_size(arg);
    case OPT_HEAD: return parse_choice("--head", arg, head_choices, &o->head);
    case OPT_CONTROLLERS: return parse_choice("--controllers", arg, controller_choices, &o->controllers);
    case OPT_VK_DEVICE: return non_empty("--vk-device", arg, &o->vk_device);
    case OPT_SCRIPT: o->script = arg; return check_readable_file("--script", arg);
    case OPT_CAPTURE_FRAMES: o->capture_frames = arg; return check_frame_list(arg);
    case OPT_CAPTURE_DIR: return non_empty("--capture-dir", arg, &o->capture_dir);
    case OPT_CAPTURE_KINDS: o->capture_kinds = arg; return check_capture_kinds(arg);
    case OPT_REPORT: return non_empty("--report", arg, &o->report);
    case OPT_MANIFEST: o->manifest = arg; return check_readable_file("--manifest", arg);
    case OPT_MAX_MISSED: return parse_long("--max-missed", arg, 0, MXRUN_MAX_FRAMES, &o->max_missed);
    case OPT_TIMEOUT: return parse_timeout(arg, &o->timeout_s);
    case OPT_VALIDATION: o->validation = true; return MXRUN_EXIT_OK;
    case OPT_LAVAPIPE: o->lavapipe = true; return MXRUN_EXIT_OK;
    case OPT_QUIET: o->quiet = true; return MXRUN_EXIT_OK;
    case OPT_STDIN:
        rc = parse_choice("--stdin", arg, stdin_choices, &tmp);
        o->stdin_null = tmp && strcmp(tmp, "null") == 0;
        return rc;
    case OPT_WINDOW: o->window = true; return MXRUN_EXIT_OK;
    case OPT_RECORD: return non_empty("--record", arg, &o->record);
    case OPT_COMPARE: return non_empty("--compare", arg, &o->compare_dir);
    case OPT_UPDATE: return non_empty("--update", arg, &o->update_dir);
    case OPT_COMPARE_OUT: return non_empty("--compare-out", arg, &o->compare_out);
    case OPT_TOL_MEAN: return parse_fraction("--tolerance-mean", arg, 255.0, &o->tolerance_mean);
    case OPT_TOL_PIXELS: return parse_fraction("--tolerance-pixels", arg, 1.0, &o->tolerance_pixels);
    case OPT_PIXEL_THRESHOLD: rc = parse_long("--pixel-threshold", arg, 0, 255, &num);
        o->pixel_threshold = (int)num;
        return rc;
    case 'h': mxrun_print_help(); return -1;
    case OPT_VERSION: printf("mockxr-run " MXRUN_VERSION "\n"); return -1;
    default: return MXRUN_EXIT_USAGE;
    }
}

int mxrun_opts_parse(int argc, char **argv, struct mxrun_opts *out_opts)
{
    struct mxrun_opts o = {.frames = -1, .max_missed = -1, .compare_out = "mockxr-compare", .tolerance_mean = 0.5,
                           .tolerance_pixels = 0.001, .pixel_threshold = 8};
    opterr = 0; /* our own messages */
    optind = 1;
    for (;;) {
        int opt = getopt_long(argc, argv, "+:h", long_options, NULL);
        if (opt == -1)
            break;
        if (opt == ':')
            return usage_error("%s: missing value%s", argv[optind - 1], "");
        if (opt == '?')
            return usage_error("unknown option '%s'%s", argv[optind - 1], "");
        int rc = parse_one(opt, optarg, &o);
        if (rc != MXRUN_EXIT_OK)
            return rc;
    }
    if (optind >= argc || argv[optind][0] == '\0')
        return usage_error("no app given: mockxr-run [OPTIONS] -- APP [ARGS...]%s%s", "", "");
    if ((o.capture_frames == NULL) != (o.capture_dir == NULL))
        return usage_error("%s needs %s (they go together)", o.capture_frames ? "--capture-frames" : "--capture-dir",
                           o.capture_frames ? "--capture-dir" : "--capture-frames");
    if (o.pacing && strcmp(o.pacing, "app") == 0 && strcmp(mxrun_effective_clock(&o), "virtual") == 0)
        return usage_error("%s needs the realtime clock (%s paces by slot only)", "--pacing app", "--clock virtual");
    if (o.capture_kinds && !o.capture_dir)
        return usage_error("%s needs %s", "--capture-kinds", "--capture-dir and --capture-frames");
    if (o.window && o.clock && strcmp(o.clock, "realtime") != 0)
        return usage_error("%s implies the realtime clock: drop %s", "--window", "--clock virtual");
    if (o.window && o.timeout_s == 0.0 && o.frames < 1)
        o.timeout_s = MXRUN_MAX_TIMEOUT_S; /* a person ends the session by closing the window */
    if (o.compare_dir && o.update_dir)
        return usage_error("%s and %s exclude each other", "--compare", "--update");
    if ((o.compare_dir || o.update_dir) && o.capture_frames)
        return usage_error("%s capture on their own: drop %s", "--compare/--update", "--capture-frames/--capture-dir");
    if ((o.compare_dir || o.update_dir) && !o.script && o.frames < 1)
        return usage_error("%s needs --script (its snapshots) or --frames N (frame N-1)%s",
                           o.compare_dir ? "--compare" : "--update", "");
    o.app_argv = argv + optind;
    *out_opts = o;
    return MXRUN_EXIT_OK;
}

const char *mxrun_effective_clock(const struct mxrun_opts *opts)
{
    if (opts->clock)
        return opts->clock;
    const char *env = getenv(MOCKXR_ENV_CLOCK);
    return (env && strcmp(env, "virtual") == 0) ? "virtual" : "realtime";
}

long mxrun_effective_hz(const struct mxrun_opts *opts)
{
    if (opts->hz)
        return opts->hz;
    const char *env = getenv(MOCKXR_ENV_REFRESH_HZ);
    long hz = env ? strtol(env, NULL, 10) : 0;
    return (hz >= 60 && hz <= 240) ? hz : 90; /* a bad value is mockxr's to report */
}

double mxrun_effective_timeout(const struct mxrun_opts *opts)
{
    if (opts->timeout_s > 0.0)
        return opts->timeout_s;
    if (opts->frames > 0) /* generous: factoryxr on lavapipe at 512x512 takes ~0.4 s a frame on a busy 2-CPU VM */
        return 60.0 + (double)opts->frames * (1.0 / (double)mxrun_effective_hz(opts) + 1.0);
    return 600.0;
}

long mxrun_effective_max_missed(const struct mxrun_opts *opts)
{
    if (opts->max_missed >= 0)
        return opts->max_missed;
    /* Virtual time is deterministic, so a missed slot is the app's doing; realtime misses on a
     * shared CI machine say more about the machine than the app. */
    return strcmp(mxrun_effective_clock(opts), "virtual") == 0 ? 0 : -1;
}
