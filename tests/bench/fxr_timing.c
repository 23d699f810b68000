/* fxr-timing: turns a timing record (mockxr report or factoryxr --stats JSON lines) into the summary
 * table, a one-row form for benchmark tables, and a per-frame SVG plot (see docs/benchmarks.md). */
#include "timing.h"

#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

static void usage(FILE *out)
{
    fprintf(out,
            "Usage: fxr-timing [--warmup K] [--plot OUT.svg] [--title TEXT] [--row LABEL] FILE\n"
            "       fxr-timing --row-header\n"
            "FILE: a mockxr report (MOCKXR_REPORT / mockxr-run --report) or a factoryxr --stats file,\n"
            "JSON lines; frame records are read, other lines (header, summary) skipped.\n"
            "  --warmup K       skip the first K frame records (default 30)\n"
            "  --plot OUT.svg   plot per-frame app CPU, pose age, GPU time and wake-to-wake interval\n"
            "                   against the display period with gnuplot (writes OUT.svg.dat, OUT.svg.gp)\n"
            "  --title TEXT     the plot's title (default: FILE)\n"
            "  --row LABEL      print one markdown table row instead of the table\n"
            "  --row-header     print the header for --row rows\n"
            "Percentiles are nearest-rank: pP = the smallest sample with at least P%% of samples <= it.\n");
}

static int parse_warmup(const char *s, size_t *out)
{
    char *end = NULL;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (s[0] == '\0' || *end != '\0' || errno || v < 0 || v > 100000000L) {
        fprintf(stderr, "fxr-timing: --warmup: '%s' is not a frame count 0..100000000\n", s);
        return -1;
    }
    *out = (size_t)v;
    return 0;
}

int main(int argc, char **argv)
{
    static const struct option opts[] = {
        {"warmup", required_argument, NULL, 'w'}, {"plot", required_argument, NULL, 'p'},
        {"title", required_argument, NULL, 't'},  {"row", required_argument, NULL, 'r'},
        {"row-header", no_argument, NULL, 'H'},   {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    size_t warmup = 30;
    const char *plot = NULL, *title = NULL, *row = NULL;
    int opt;
    opterr = 0;
    while ((opt = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
        switch (opt) {
        case 'w': if (parse_warmup(optarg, &warmup) != 0) return 2; break;
        case 'p': plot = optarg; break;
        case 't': title = optarg; break;
        case 'r': row = optarg; break;
        case 'H': timing_row_header_print(stdout); return 0;
        case 'h': usage(stdout); return 0;
        case ':': fprintf(stderr, "fxr-timing: %s: missing value\n", argv[optind - 1]); return 2;
        default: fprintf(stderr, "fxr-timing: unknown option '%s'\n", argv[optind - 1]); usage(stderr); return 2;
        }
    }
    if (optind != argc - 1) {
        usage(stderr);
        return 2;
    }
    const char *path = argv[optind];
    if (plot && strchr(plot, '\'')) {
        fprintf(stderr, "fxr-timing: --plot: a path with a single quote cannot be given to gnuplot\n");
        return 2;
    }
    struct timing_records records;
    if (timing_records_load(path, &records) != 0)
        return 1;
    struct timing_summary summary;
    int rc = 0;
    if (timing_summarize(&records, warmup, &summary) != 0) {
        fprintf(stderr, "fxr-timing: %s has %zu frame records, none left after a warm-up of %zu\n", path,
                records.count, warmup);
        rc = 1;
    } else if (row) {
        timing_row_print(&summary, row, stdout);
    } else {
        timing_summary_print(&summary, path, stdout);
    }
    if (rc == 0 && plot && timing_plot(&records, warmup, title ? title : path, plot) != 0)
        rc = 1;
    timing_records_free(&records);
    return rc;
}
