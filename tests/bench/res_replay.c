/* res_replay: replays recorded full-size GPU times (tests/bench/traces) through factoryxr's dynamic
 * resolution controller (runtime/xr/resolution.c, the real code) and a model of the frame loop, and says how
 * many display slots each trace misses at full size and with the controller, and at what scale. A way to
 * judge a change to the controller on the same machine behaviour every time; the numbers are the model's.
 *
 * The model: display period P; frame i wakes at the first slot boundary at or after both w[i-1] + P and
 * the end of frame i-2's GPU work (the loop waits on that fence before xrWaitFrame); it submits after
 * CPU_MS; its GPU work starts when the GPU is free and takes trace[i] * share(scale[i]), with
 * share(s) = A + (1 - A) s^2 (A: --true-share); the controller learns frame i-2's GPU time when frame i
 * wakes, as in runtime/xr/frame.c. Missed slots: sum of (w[i] - w[i-1]) / P - 1. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xr_internal.h"

#define PERIOD_MS (1000.0 / 90.0)
#define CPU_MS 0.15
#define MAX_FRAMES 100000

struct replay {
    uint64_t missed;
    double mean_scale, lowest_scale;
};

/* One GPU ms per line; '#' starts a comment line. Returns the count, or -1 after a message. */
static long load_trace(const char *path, double *out, long cap)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        fprintf(stderr, "res_replay: cannot open %s: %s\n", path, strerror(errno));
        return -1;
    }
    char line[256];
    long n = 0, lineno = 0;
    while (fgets(line, sizeof line, f)) {
        lineno++;
        if (line[0] == '#' || line[strspn(line, " \t\r\n")] == '\0')
            continue;
        char *end = NULL;
        const double v = strtod(line, &end);
        if (end == line || !(v > 0.0) || !isfinite(v) || end[strspn(end, " \t\r\n")] != '\0' || n == cap) {
            fprintf(stderr, "res_replay: %s:%ld: expected one positive number of GPU ms (at most %ld lines)\n", path,
                    lineno, cap);
            fclose(f);
            return -1;
        }
        out[n++] = v;
    }
    fclose(f);
    if (n < 3) {
        fprintf(stderr, "res_replay: %s: fewer than 3 frames\n", path);
        return -1;
    }
    return n;
}

static struct replay replay(const double *trace, long n, float res_scale, float min_scale, double true_share)
{
    struct xr_res res;
    xr_res_init(&res, res_scale, min_scale);
    double *wake = calloc((size_t)n, sizeof *wake), *end = calloc((size_t)n, sizeof *end);
    float *scale = calloc((size_t)n, sizeof *scale);
    struct replay r = {.lowest_scale = 1.0};
    if (!wake || !end || !scale) {
        fprintf(stderr, "res_replay: out of memory\n");
        r.missed = UINT64_MAX;
        goto out;
    }
    for (long i = 0; i < n; ++i) {
        double t = i > 0 ? wake[i - 1] + PERIOD_MS : 0.0;
        if (i >= 2) {
            const double s = scale[i - 2];
            xr_res_measured(&res, trace[i - 2] * (true_share + (1.0 - true_share) * s * s), scale[i - 2], PERIOD_MS);
            t = fmax(t, end[i - 2]);
        }
        wake[i] = PERIOD_MS * ceil(t / PERIOD_MS - 1e-9);
        if (i > 0)
            r.missed += (uint64_t)llround((wake[i] - wake[i - 1]) / PERIOD_MS) - 1;
        scale[i] = xr_res_scale(&res);
        const double start = fmax(wake[i] + CPU_MS, i > 0 ? end[i - 1] : 0.0);
        end[i] = start + trace[i] * (true_share + (1.0 - true_share) * (double)scale[i] * (double)scale[i]);
        r.mean_scale += scale[i] / (double)n;
        r.lowest_scale = fmin(r.lowest_scale, scale[i]);
    }
out:
    free(wake);
    free(end);
    free(scale);
    return r;
}

static int usage(void)
{
    fprintf(stderr, "usage: res_replay [--true-share A] [--min-res-scale F] [--check] TRACE...\n"
                    "  TRACE: GPU ms per frame at full size, one per line (tests/bench/traces/*.txt)\n"
                    "  --true-share A   share of a frame's GPU time that does not shrink with its pixels, 0..1 "
                    "(default 0.6)\n"
                    "  --min-res-scale F  the controller's floor, 0.25..1 (default: factoryxr's)\n"
                    "  --check          exit 1 unless, on every trace, the controller misses no more slots than\n"
                    "                   full size, at most a quarter of them where full size misses > 10, and\n"
                    "                   keeps a mean scale >= 0.85 where full size misses <= 2\n");
    return 2;
}

static bool parse_fraction(const char *s, double lo, double hi, double *out)
{
    char *end = NULL;
    errno = 0;
    const double v = strtod(s, &end);
    if (errno || end == s || *end != '\0' || !(v >= lo && v <= hi))
        return false;
    *out = v;
    return true;
}

int main(int argc, char **argv)
{
    double true_share = 0.6, min_scale = 0.0;
    bool check = false;
    int first = 1;
    for (; first < argc && strncmp(argv[first], "--", 2) == 0; ++first) {
        const char *v = first + 1 < argc ? argv[first + 1] : NULL;
        if (strcmp(argv[first], "--check") == 0) {
            check = true;
        } else if (strcmp(argv[first], "--true-share") == 0 && v && parse_fraction(v, 0.0, 1.0, &true_share)) {
            first++;
        } else if (strcmp(argv[first], "--min-res-scale") == 0 && v && parse_fraction(v, 0.25, 1.0, &min_scale)) {
            first++;
        } else {
            fprintf(stderr, "res_replay: bad option '%s'%s%s\n", argv[first], v ? " " : "", v ? v : "");
            return usage();
        }
    }
    if (first == argc)
        return usage();
    static double trace[MAX_FRAMES];
    int failed = 0;
    printf("| trace | frames | missed at full size | missed, dynamic resolution | mean scale | lowest |\n");
    printf("|---|--:|--:|--:|--:|--:|\n");
    for (int t = first; t < argc; ++t) {
        const long n = load_trace(argv[t], trace, MAX_FRAMES);
        if (n < 0)
            return 1;
        const struct replay full = replay(trace, n, 1.0f, 0.0f, true_share);
        const struct replay dyn = replay(trace, n, 0.0f, (float)min_scale, true_share);
        if (full.missed == UINT64_MAX || dyn.missed == UINT64_MAX)
            return 1;
        const char *name = strrchr(argv[t], '/') ? strrchr(argv[t], '/') + 1 : argv[t];
        printf("| %s | %ld | %llu | %llu | %.3f | %.3f |\n", name, n, (unsigned long long)full.missed,
               (unsigned long long)dyn.missed, dyn.mean_scale, dyn.lowest_scale);
        if (check && dyn.missed > full.missed) {
            fprintf(stderr, "res_replay: %s: %llu slots missed with dynamic resolution, %llu at full size\n", name,
                    (unsigned long long)dyn.missed, (unsigned long long)full.missed);
            failed = 1;
        }
        if (check && full.missed > 10 && dyn.missed * 4 > full.missed) {
            fprintf(stderr, "res_replay: %s: %llu slots missed with dynamic resolution, more than a quarter of the "
                            "%llu at full size\n", name, (unsigned long long)dyn.missed, (unsigned long long)full.missed);
            failed = 1;
        }
        if (check && full.missed <= 2 && dyn.mean_scale < 0.85) {
            fprintf(stderr, "res_replay: %s: full size fits (%llu missed), yet the mean scale is %.3f\n", name,
                    (unsigned long long)full.missed, dyn.mean_scale);
            failed = 1;
        }
    }
    return failed;
}
