/* fxr-timing's output: the summary table (markdown), one-row form for benchmark tables, and the
 * per-frame plot (gnuplot, SVG) against the display period. */
#include "timing.h"

#include <errno.h>
#include <math.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

extern char **environ;

static void dist_row(FILE *out, const char *name, const struct timing_dist *d)
{
    if (d->n == 0)
        fprintf(out, "| %-24s | %7s | %7s | %7s | %7s | %6s |\n", name, "n/a", "n/a", "n/a", "n/a", "0");
    else
        fprintf(out, "| %-24s | %7.3f | %7.3f | %7.3f | %7.3f | %6zu |\n", name, d->p50, d->p95, d->p99, d->max, d->n);
}

void timing_summary_print(const struct timing_summary *s, const char *source, FILE *out)
{
    fprintf(out, "%s: %zu frames, %zu summarized after a warm-up of %zu; display period %.3f ms\n\n", source,
            s->frames_total, s->frames, s->warmup, s->period_ms);
    fprintf(out, "| %-24s | %7s | %7s | %7s | %7s | %6s |\n", "ms", "p50", "p95", "p99", "max", "frames");
    fprintf(out, "|--------------------------|--------:|--------:|--------:|--------:|-------:|\n");
    dist_row(out, "app CPU wake->begin", &s->wake_to_begin);
    dist_row(out, "app CPU begin->located", &s->begin_to_located);
    dist_row(out, "app CPU located->end", &s->located_to_end);
    dist_row(out, "app CPU wake->end", &s->wake_to_end);
    dist_row(out, "GPU", &s->gpu);
    dist_row(out, "fence wait (frame slot)", &s->fence);
    dist_row(out, "pose age", &s->pose_age);
    dist_row(out, "wake jitter", &s->wake_jitter);
    fprintf(out, "\nmissed %lld, discarded %lld, late %lld, views never located %zu", (long long)s->missed,
            (long long)s->discarded, (long long)s->late, s->unlocated);
    if (s->draws >= 0.0)
        fprintf(out, ", draws %.0f", s->draws);
    if (s->triangles >= 0.0)
        fprintf(out, ", triangles %.0f", s->triangles);
    if (s->res_scale >= 0.0)
        fprintf(out, ", resolution scale p50 %.3f, lowest %.3f, %zu frames below full size", s->res_scale,
                s->res_scale_min, s->below_full);
    fprintf(out, "\n");
}

void timing_row_header_print(FILE *out)
{
    fprintf(out, "| run | frames | missed | late | CPU p50 | CPU p99 | wake->begin p50 | begin->located p50 | "
                 "located->end p50 | GPU p50 | GPU p99 | fence p99 | pose age p50 | pose age p99 | jitter p99 | "
                 "draws | triangles | res scale p50 / lowest |\n");
    fprintf(out, "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|\n");
}

static void cell(FILE *out, const struct timing_dist *d, double v)
{
    if (d->n == 0)
        fprintf(out, " n/a |");
    else
        fprintf(out, " %.3f |", v);
}

void timing_row_print(const struct timing_summary *s, const char *label, FILE *out)
{
    fprintf(out, "| %s | %zu | %lld | %lld |", label, s->frames, (long long)s->missed, (long long)s->late);
    cell(out, &s->wake_to_end, s->wake_to_end.p50);
    cell(out, &s->wake_to_end, s->wake_to_end.p99);
    cell(out, &s->wake_to_begin, s->wake_to_begin.p50);
    cell(out, &s->begin_to_located, s->begin_to_located.p50);
    cell(out, &s->located_to_end, s->located_to_end.p50);
    cell(out, &s->gpu, s->gpu.p50);
    cell(out, &s->gpu, s->gpu.p99);
    cell(out, &s->fence, s->fence.p99);
    cell(out, &s->pose_age, s->pose_age.p50);
    cell(out, &s->pose_age, s->pose_age.p99);
    cell(out, &s->wake_jitter, s->wake_jitter.p99);
    if (s->draws >= 0.0)
        fprintf(out, " %.0f |", s->draws);
    else
        fprintf(out, " n/a |");
    if (s->triangles >= 0.0)
        fprintf(out, " %.0f |", s->triangles);
    else
        fprintf(out, " n/a |");
    if (s->res_scale >= 0.0)
        fprintf(out, " %.3f / %.3f |\n", s->res_scale, s->res_scale_min);
    else
        fprintf(out, " n/a |\n");
}

/* Columns: frame, wake->end, pose age, GPU, wake-to-wake interval, period (ms; NaN = none), resolution
 * scale (NaN = not recorded). */
static int write_plot_data(const struct timing_records *r, size_t warmup, const char *path)
{
    FILE *f = fopen(path, "w");
    if (!f) {
        fprintf(stderr, "fxr-timing: cannot write %s: %s\n", path, strerror(errno));
        return -1;
    }
    fprintf(f, "# frame wake_to_end_ms pose_age_ms gpu_ms wake_interval_ms period_ms res_scale\n");
    for (size_t i = warmup; i < r->count; i++) {
        const struct timing_frame *fr = &r->frames[i];
        int64_t period = fr->period > 0 ? fr->period : r->header_period;
        double cpu = (fr->wake > 0 && fr->end >= fr->wake) ? (double)(fr->end - fr->wake) / 1e6 : NAN;
        double age = fr->located > 0 ? (double)fr->pose_age / 1e6 : NAN;
        double gpu = fr->gpu_ms >= 0.0 ? fr->gpu_ms : NAN;
        double interval = (i > 0 && fr->wake > 0 && r->frames[i - 1].wake > 0 && r->frames[i - 1].frame + 1 == fr->frame)
                              ? (double)(fr->wake - r->frames[i - 1].wake) / 1e6 : NAN;
        fprintf(f, "%lld %.4f %.4f %.4f %.4f %.4f %.4f\n", (long long)fr->frame, cpu, age, gpu, interval,
                period > 0 ? (double)period / 1e6 : NAN, fr->res_scale > 0.0 ? fr->res_scale : NAN);
    }
    return fclose(f) == 0 ? 0 : -1;
}

/* Which series have at least one sample (gnuplot warns about, and draws nothing for, empty ones). */
struct plot_series {
    bool cpu, age, gpu, interval, scale;
};

static struct plot_series present_series(const struct timing_records *r, size_t warmup)
{
    struct plot_series p = {0};
    for (size_t i = warmup; i < r->count; i++) {
        const struct timing_frame *f = &r->frames[i];
        p.cpu |= f->wake > 0 && f->end >= f->wake;
        p.age |= f->located > 0;
        p.gpu |= f->gpu_ms >= 0.0;
        p.scale |= f->res_scale > 0.0;
        p.interval |= i > 0 && f->wake > 0 && r->frames[i - 1].wake > 0;
    }
    return p;
}

static int write_plot_script(const char *gp, const char *dat, const char *svg, const char *title,
                             struct plot_series p)
{
    FILE *f = fopen(gp, "w");
    if (!f) {
        fprintf(stderr, "fxr-timing: cannot write %s: %s\n", gp, strerror(errno));
        return -1;
    }
    fprintf(f, "# per-frame times against the display period (written by fxr-timing; run: gnuplot %s)\n", gp);
    fprintf(f, "set terminal svg size 1000,480 dynamic font 'sans,11' background '#ffffff'\n");
    fprintf(f, "set output '%s'\nset datafile missing 'nan'\n", svg);
    fprintf(f, "set title \"");
    for (const char *c = title; *c; c++) { /* a quote or backslash would end gnuplot's string early */
        if (*c != '"' && *c != '\\')
            fputc(*c, f);
    }
    fprintf(f, "\" noenhanced\nset xlabel 'frame'\nset ylabel 'ms'\n");
    fprintf(f, "set key outside right top\nset grid ytics lc rgb '#dddddd'\nset yrange [0:*]\n");
    if (p.scale) /* dynamic resolution on the right-hand axis */
        fprintf(f, "set y2label 'resolution scale'\nset y2range [0:1.05]\nset y2tics 0.1\nset ytics nomirror\n");
    fprintf(f, "plot '%s' using 1:6 with lines lw 2 lc rgb '#888888' title 'display period'", dat);
    if (p.interval)
        fprintf(f, ", \\\n     '' using 1:5 with lines lc rgb '#aaaaee' title 'wake-to-wake'");
    if (p.age)
        fprintf(f, ", \\\n     '' using 1:3 with lines lc rgb '#d62728' title 'pose age'");
    if (p.cpu)
        fprintf(f, ", \\\n     '' using 1:2 with lines lc rgb '#1f77b4' title 'app CPU wake->end'");
    if (p.gpu)
        fprintf(f, ", \\\n     '' using 1:4 with lines lc rgb '#2ca02c' title 'GPU'");
    if (p.scale)
        fprintf(f, ", \\\n     '' using 1:7 axes x1y2 with steps lc rgb '#9467bd' title 'resolution scale (right)'");
    fprintf(f, "\n");
    return fclose(f) == 0 ? 0 : -1;
}

int timing_plot(const struct timing_records *r, size_t warmup, const char *title, const char *svg_path)
{
    size_t len = strlen(svg_path) + 8;
    char *dat = malloc(len), *gp = malloc(len);
    int rc = (dat && gp) ? 0 : -1;
    if (rc == 0) {
        snprintf(dat, len, "%s.dat", svg_path);
        snprintf(gp, len, "%s.gp", svg_path);
        rc = write_plot_data(r, warmup, dat);
    }
    if (rc == 0)
        rc = write_plot_script(gp, dat, svg_path, title, present_series(r, warmup));
    if (rc == 0) {
        char *argv[] = {"gnuplot", gp, NULL};
        pid_t pid;
        int status = 0;
        int err = posix_spawnp(&pid, "gnuplot", NULL, NULL, argv, environ);
        if (err != 0) {
            fprintf(stderr, "fxr-timing: cannot run gnuplot: %s (apt-get install gnuplot-nox)\n", strerror(err));
            rc = -1;
        } else if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
            fprintf(stderr, "fxr-timing: gnuplot %s failed\n", gp);
            rc = -1;
        }
    }
    free(dat);
    free(gp);
    return rc;
}
