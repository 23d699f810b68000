/* fxr-timing's reading of per-frame timing records (mockxr reports, factoryxr --stats files) and the
 * statistics it derives from them; shared with tests/unit/timing_test.c. */
#ifndef FXR_TIMING_H
#define FXR_TIMING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* One frame, in the shared vocabulary of ../shared/DESIGN.md. Times are XrTime (ns); 0 = never. */
struct timing_frame {
    int64_t frame;
    int64_t predicted_display_time;
    int64_t period;
    int64_t wake, begin, located, end;
    int64_t pose_age;  /* ns, valid when located > 0: the record's, else predicted_display_time - located;
                          negative when the views were located after the display time */
    double gpu_ms;     /* < 0: not recorded (absent or null) */
    double fence_ms;   /* factoryxr's wait on the reused frame slot's fence; < 0: not recorded */
    int64_t draws;     /* -1: not recorded */
    int64_t triangles; /* -1: not recorded */
    double res_scale;  /* factoryxr's dynamic resolution: fraction of the swapchain drawn; <= 0: not recorded */
    bool discarded, late;
};

struct timing_records {
    struct timing_frame *frames;
    size_t count, capacity;
    int64_t header_period; /* from a mockxr header line; 0 if none */
};

/* Parses one JSON line. Returns 1 and fills *out_frame for a frame record, 0 for a line that is not
 * a frame (header, summary, blank), -1 for a line that is not JSON or a frame with bad fields. */
int timing_parse_line(const char *line, struct timing_frame *out_frame, int64_t *inout_header_period);
/* Reads a whole JSON-lines file. Returns 0, or -1 after a message naming the file and line. */
int timing_records_load(const char *path, struct timing_records *out_records);
int timing_records_append(struct timing_records *records, const struct timing_frame *frame);
void timing_records_free(struct timing_records *records);

/* Nearest-rank percentile of n >= 1 ascending values: the smallest value v such that at least p% of
 * the values are <= v, i.e. sorted[ceil(p/100 * n) - 1] (p in (0, 100]). p = 100 gives the max. */
double timing_percentile(const double *sorted, size_t n, double p);

struct timing_dist {
    size_t n; /* samples; 0 = no data (the other fields are 0) */
    double p50, p95, p99, max;
};
/* Sorts values in place and fills *out_dist. */
void timing_dist_compute(double *values, size_t n, struct timing_dist *out_dist);

struct timing_summary {
    size_t frames_total;   /* frame records in the file */
    size_t warmup;         /* frames skipped at the start */
    size_t frames;         /* frames summarized */
    size_t unlocated;      /* of those, frames whose views were never located */
    double period_ms;      /* display period (median over the frames) */
    struct timing_dist wake_to_begin, begin_to_located, located_to_end, wake_to_end; /* ms */
    struct timing_dist gpu, fence, pose_age, wake_jitter;                             /* ms */
    int64_t missed, discarded, late;
    double draws, triangles; /* medians; < 0: not recorded */
    double res_scale, res_scale_min; /* median and lowest; < 0: not recorded */
    size_t below_full;               /* frames drawn at a res_scale under 1 */
};
/* Summarizes the frames after the first `warmup` ones. Returns 0, or -1 when nothing is left. */
int timing_summarize(const struct timing_records *records, size_t warmup, struct timing_summary *out_summary);

/* timing_report.c: output. */
void timing_summary_print(const struct timing_summary *s, const char *source, FILE *out);
void timing_row_header_print(FILE *out);
void timing_row_print(const struct timing_summary *s, const char *label, FILE *out);
/* Writes OUT.dat and OUT.gp next to svg_path and runs gnuplot on them. Returns 0 or -1. */
int timing_plot(const struct timing_records *records, size_t warmup, const char *title, const char *svg_path);

#endif
