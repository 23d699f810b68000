/* MOCKXR_REPORT: one JSON line per frame as the runtime saw it, then a summary (include/mockxr/mockxr.h). */
#include "mockxr_internal.h"
#include "mx_ext.h"
#include "mx_input.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define MX_WARMUP_FRAMES 10 /* left out of the percentiles when the run has at least twice as many */

struct mx_series {
    int64_t *values;
    size_t count, capacity;
};

/* A frame line written but for its GPU completion, which the watcher thread reports later. */
struct mx_line {
    uint64_t index;
    char *text;   /* the line up to its closing brace */
    bool pending; /* GPU completion not known yet */
    XrTime end, predicted, gpu_done;
};

struct mx_record {
    FILE *file;
    struct mx_line *lines; /* in frame order: written out from the first while not pending */
    size_t line_count, line_capacity;
    uint64_t errors_at_open, lost_at_open;
    uint64_t frames, discarded, late, missed, gpu_late;
    uint64_t haptics_total;   /* applied haptic calls attributed to frame lines so far */
    uint64_t haptics_session; /* session whose counter haptics_last reads */
    uint64_t haptics_last;
    struct mx_series app_cpu, pose_age, wake_jitter, app_cpu_mono, gpu_after_end;
};

static void series_add(struct mx_series *s, int64_t v)
{
    if (s->count == s->capacity) {
        size_t cap = s->capacity ? s->capacity * 2 : 256;
        int64_t *grown = realloc(s->values, cap * sizeof(*grown));
        if (!grown)
            return; /* a summary with fewer samples beats failing the app's frame */
        s->values = grown;
        s->capacity = cap;
    }
    s->values[s->count++] = v;
}

static const char *clock_name(const struct mx_instance *i)
{
    return i->config.clock == MX_CLOCK_VIRTUAL ? "virtual" : "realtime";
}

/* Writes out the lines whose GPU completion is known (all with `all`, unknown ones as 0), in order. */
static void flush_lines(struct mx_record *rec, bool all)
{
    size_t k = 0;
    for (; k < rec->line_count && (all || !rec->lines[k].pending); k++) {
        struct mx_line *l = &rec->lines[k];
        fprintf(rec->file, "%s,\"gpu_done\":%lld}\n", l->text, (long long)(l->pending ? 0 : l->gpu_done));
        free(l->text);
    }
    if (k == 0)
        return;
    rec->line_count -= k;
    memmove(rec->lines, rec->lines + k, rec->line_count * sizeof(*rec->lines));
    fflush(rec->file);
}

static bool queue_line(struct mx_record *rec, const struct mx_line *line)
{
    if (rec->line_count == rec->line_capacity) {
        size_t cap = rec->line_capacity ? rec->line_capacity * 2 : 16;
        struct mx_line *grown = realloc(rec->lines, cap * sizeof(*grown));
        if (!grown)
            return false;
        rec->lines = grown;
        rec->line_capacity = cap;
    }
    rec->lines[rec->line_count++] = *line;
    return true;
}

void mx_record_gpu_done(struct mx_instance *i, uint64_t index, XrTime t)
{
    struct mx_record *rec = i->record;
    if (!rec)
        return;
    for (size_t k = 0; k < rec->line_count; k++) {
        struct mx_line *l = &rec->lines[k];
        if (l->index != index || !l->pending)
            continue;
        l->pending = false;
        l->gpu_done = t;
        if (t > 0) {
            series_add(&rec->gpu_after_end, t > l->end ? t - l->end : 0);
            rec->gpu_late += t > l->predicted;
        }
        break;
    }
    flush_lines(rec, false);
}

XrResult mx_record_open(struct mx_instance *i)
{
    static const char *const heads[] = {"still", "look", "walk"};
    static const char *const ctl[] = {"touch", "index", "simple", "none"};
    if (!i->config.report_path)
        return XR_SUCCESS;
    struct mx_record *rec = calloc(1, sizeof(*rec));
    if (!rec)
        return XR_ERROR_OUT_OF_MEMORY;
    if (!(rec->file = fopen(i->config.report_path, "w"))) {
        fprintf(stderr, "mockxr: error: %s=%s: cannot open for writing: %s\n", MOCKXR_ENV_REPORT,
                i->config.report_path, strerror(errno));
        free(rec);
        return XR_ERROR_RUNTIME_FAILURE;
    }
    rec->errors_at_open = mx_diag_error_count();
    rec->lost_at_open = mx_diag_lost_count();
    fprintf(rec->file,
            "{\"type\":\"header\",\"runtime\":\"mockxr\",\"clock\":\"%s\",\"refresh_hz\":%u,\"period\":%lld,"
            "\"view_size\":[%u,%u],\"head\":\"%s\",\"controllers\":\"%s\",\"exit_after_frames\":%lld,"
            "\"pacing\":\"%s\"}\n",
            clock_name(i), i->config.refresh_hz, (long long)i->config.period, i->config.view_width,
            i->config.view_height, heads[i->config.head], ctl[i->config.controllers],
            (long long)i->config.exit_after_frames, i->config.pacing == MX_PACING_APP ? "app" : "slot");
    fflush(rec->file);
    i->record = rec;
    return XR_SUCCESS;
}

static uint32_t swapchain_id(XrSwapchain h)
{
    return (uint32_t)(MX_HANDLE_VALUE(h) & 0xffffffffu); /* the slot: small and repeatable run to run */
}

static void write_subimage(FILE *f, const XrSwapchainSubImage *sub)
{
    fprintf(f, "\"swapchain\":%u,\"array_index\":%u,\"rect\":[%d,%d,%d,%d]", swapchain_id(sub->swapchain),
            sub->imageArrayIndex, sub->imageRect.offset.x, sub->imageRect.offset.y, sub->imageRect.extent.width,
            sub->imageRect.extent.height);
}

static bool has_depth(const XrCompositionLayerProjectionView *v)
{
    for (const XrBaseInStructure *b = v->next; b; b = b->next) {
        if (b->type == XR_TYPE_COMPOSITION_LAYER_DEPTH_INFO_KHR)
            return true;
    }
    return false;
}

/* JSON has no infinity: a radius at infinity (0 or +inf submitted) is written as 0. */
static double radius_value(float r)
{
    return isinf(r) ? 0.0 : (double)r;
}

static void write_projection(FILE *f, const XrCompositionLayerProjection *p)
{
    fputs("\"type\":\"projection\",\"views\":[", f);
    for (uint32_t v = 0; v < p->viewCount; v++) {
        fputs(v ? ",{" : "{", f);
        write_subimage(f, &p->views[v].subImage);
        fprintf(f, ",\"depth\":%d}", has_depth(&p->views[v]) ? 1 : 0);
    }
    fputc(']', f);
}

/* The members of each layer type after "type" (the eye, then the shape's parameters). */
static void write_shape(FILE *f, const XrCompositionLayerBaseHeader *l)
{
    static const char *const eyes[] = {"both", "left", "right"};
    if (l->type == XR_TYPE_COMPOSITION_LAYER_QUAD) {
        const XrCompositionLayerQuad *q = (const XrCompositionLayerQuad *)l;
        fputs("\"type\":\"quad\",", f);
        write_subimage(f, &q->subImage);
        fprintf(f, ",\"eye\":\"%s\",\"size\":[%.4f,%.4f]", eyes[q->eyeVisibility], (double)q->size.width,
                (double)q->size.height);
    } else if (l->type == XR_TYPE_COMPOSITION_LAYER_CYLINDER_KHR) {
        const XrCompositionLayerCylinderKHR *c = (const XrCompositionLayerCylinderKHR *)l;
        fputs("\"type\":\"cylinder\",", f);
        write_subimage(f, &c->subImage);
        fprintf(f, ",\"eye\":\"%s\",\"radius\":%.4f,\"central_angle\":%.4f,\"aspect_ratio\":%.4f",
                eyes[c->eyeVisibility], radius_value(c->radius), (double)c->centralAngle, (double)c->aspectRatio);
    } else if (l->type == XR_TYPE_COMPOSITION_LAYER_EQUIRECT_KHR) {
        const XrCompositionLayerEquirectKHR *e = (const XrCompositionLayerEquirectKHR *)l;
        fputs("\"type\":\"equirect\",", f);
        write_subimage(f, &e->subImage);
        fprintf(f, ",\"eye\":\"%s\",\"radius\":%.4f,\"scale\":[%.4f,%.4f],\"bias\":[%.4f,%.4f]", eyes[e->eyeVisibility],
                radius_value(e->radius), (double)e->scale.x, (double)e->scale.y, (double)e->bias.x, (double)e->bias.y);
    } else if (l->type == XR_TYPE_COMPOSITION_LAYER_EQUIRECT2_KHR) {
        const XrCompositionLayerEquirect2KHR *e = (const XrCompositionLayerEquirect2KHR *)l;
        fputs("\"type\":\"equirect2\",", f);
        write_subimage(f, &e->subImage);
        fprintf(f, ",\"eye\":\"%s\",\"radius\":%.4f,\"central_horizontal_angle\":%.4f,\"upper_vertical_angle\":%.4f,"
                "\"lower_vertical_angle\":%.4f", eyes[e->eyeVisibility], radius_value(e->radius),
                (double)e->centralHorizontalAngle, (double)e->upperVerticalAngle, (double)e->lowerVerticalAngle);
    } else {
        const XrCompositionLayerCubeKHR *c = (const XrCompositionLayerCubeKHR *)l;
        fprintf(f, "\"type\":\"cube\",\"swapchain\":%u,\"array_index\":%u,\"eye\":\"%s\"", swapchain_id(c->swapchain),
                c->imageArrayIndex, eyes[c->eyeVisibility]);
    }
}

static void write_layers(FILE *f, const XrFrameEndInfo *info)
{
    fputs("\"layers\":[", f);
    for (uint32_t k = 0; info && k < info->layerCount; k++) {
        const XrCompositionLayerBaseHeader *l = info->layers[k];
        fputs(k ? ",{" : "{", f);
        if (l->type == XR_TYPE_COMPOSITION_LAYER_PROJECTION)
            write_projection(f, (const XrCompositionLayerProjection *)l);
        else
            write_shape(f, l);
        fputc('}', f);
    }
    fputc(']', f);
}

void mx_record_frame(struct mx_session *s, const struct mx_frame *fr, const XrFrameEndInfo *end_info,
                     bool gpu_pending)
{
    struct mx_instance *i = s->instance;
    struct mx_record *rec = i->record;
    if (!rec)
        return;
    XrDuration pose_age = fr->located && fr->display_time ? fr->display_time - fr->located : 0;
    XrDuration app_cpu = fr->end ? fr->end - fr->wake : 0;
    struct mx_line line = {.index = fr->index, .pending = gpu_pending, .end = fr->end,
                           .predicted = fr->predicted_display_time};
    size_t text_len = 0;
    FILE *f = open_memstream(&line.text, &text_len);
    if (!f) { /* out of memory: this line goes straight out, after those before it */
        flush_lines(rec, true);
        line.pending = false;
        f = rec->file;
    }
    fprintf(f,
            "{\"type\":\"frame\",\"frame\":%llu,\"predicted_display_time\":%lld,\"period\":%lld,\"wake\":%lld,"
            "\"begin\":%lld,\"located\":%lld,\"end\":%lld,\"wake_seq\":%llu,\"begin_seq\":%llu,\"located_seq\":%llu,"
            "\"end_seq\":%llu,\"display_time\":%lld,\"pose_age\":%lld,\"app_cpu\":%lld,\"discarded\":%d,\"late\":%d,"
            "\"in_flight\":%u,",
            (unsigned long long)fr->index, (long long)fr->predicted_display_time, (long long)fr->period,
            (long long)fr->wake, (long long)fr->begin, (long long)fr->located, (long long)fr->end,
            (unsigned long long)fr->wake_seq, (unsigned long long)fr->begin_seq, (unsigned long long)fr->located_seq,
            (unsigned long long)fr->end_seq, (long long)fr->display_time, (long long)pose_age, (long long)app_cpu,
            fr->discarded ? 1 : 0, fr->late ? 1 : 0, fr->in_flight);
    fprintf(f, "\"wake_target\":%lld,\"estimate\":%lld,\"margin\":%lld,", (long long)fr->scheduled_wake,
            (long long)fr->estimate, (long long)fr->margin);
    uint64_t applied = 0, stopped = 0;
    mx_input_haptic_counts(s, &applied, &stopped);
    if (rec->haptics_session != s->handle) { /* a new session counts from zero */
        rec->haptics_session = s->handle;
        rec->haptics_last = 0;
    }
    uint64_t delta = applied >= rec->haptics_last ? applied - rec->haptics_last : 0;
    rec->haptics_last = applied;
    rec->haptics_total += delta;
    fprintf(f, "\"haptics\":%llu,", (unsigned long long)delta);
    mx_ext_record_frame(f, s);
    write_layers(f, fr->discarded ? NULL : end_info);
    if (f == rec->file) {
        fputs(",\"gpu_done\":0}\n", f);
        fflush(f);
    } else if (fclose(f) != 0 || !queue_line(rec, &line)) {
        free(line.text); /* out of memory: a line lost beats failing the app's frame */
    } else {
        flush_lines(rec, false);
    }
    rec->frames++;
    rec->discarded += fr->discarded;
    rec->late += fr->late;
    if (!fr->discarded) {
        series_add(&rec->app_cpu, app_cpu);
        series_add(&rec->pose_age, pose_age);
        series_add(&rec->wake_jitter, i->clock.mode == MX_CLOCK_VIRTUAL ? 0 : fr->wake - fr->scheduled_wake);
        series_add(&rec->app_cpu_mono, fr->end_mono ? fr->end_mono - fr->wake_mono : 0);
    }
}

void mx_record_missed(struct mx_instance *i, uint64_t slots)
{
    if (i->record)
        i->record->missed += slots;
}

static int cmp_i64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

/* Nearest-rank percentiles in milliseconds, warm-up frames left out. */
static void write_percentiles(FILE *f, const char *name, struct mx_series *s)
{
    size_t skip = s->count >= 2 * MX_WARMUP_FRAMES ? MX_WARMUP_FRAMES : 0;
    size_t n = s->count - skip;
    int64_t *v = s->values + skip;
    if (n > 0)
        qsort(v, n, sizeof(*v), cmp_i64);
    double p[4] = {0, 0, 0, 0};
    const double q[3] = {0.50, 0.95, 0.99};
    for (int k = 0; k < 3 && n > 0; k++) {
        size_t rank = (size_t)(q[k] * (double)n + 0.999999);
        p[k] = (double)v[(rank ? rank : 1) - 1] / 1e6;
    }
    if (n > 0)
        p[3] = (double)v[n - 1] / 1e6;
    fprintf(f, ",\"%s\":{\"p50\":%.3f,\"p95\":%.3f,\"p99\":%.3f,\"max\":%.3f}", name, p[0], p[1], p[2], p[3]);
}

void mx_record_close(struct mx_instance *i)
{
    struct mx_record *rec = i->record;
    if (!rec)
        return;
    flush_lines(rec, true);
    /* The process's own clock, apart from the summary: it is not deterministic under the virtual clock
     * (which stands still while the app works, its app_cpu 0), the rest of the report is. */
    fputs("{\"type\":\"monotonic\"", rec->file);
    write_percentiles(rec->file, "app_cpu_ms", &rec->app_cpu_mono);
    fputs("}\n", rec->file);
    fprintf(rec->file,
            "{\"type\":\"summary\",\"frames\":%llu,\"missed\":%llu,\"discarded\":%llu,\"late\":%llu,\"haptics\":%llu,"
            "\"errors\":%llu,\"lost_returns\":%llu,\"gpu_late\":%llu",
            (unsigned long long)rec->frames, (unsigned long long)rec->missed, (unsigned long long)rec->discarded,
            (unsigned long long)rec->late, (unsigned long long)rec->haptics_total,
            (unsigned long long)(mx_diag_error_count() - rec->errors_at_open),
            (unsigned long long)(mx_diag_lost_count() - rec->lost_at_open), (unsigned long long)rec->gpu_late);
    write_percentiles(rec->file, "app_cpu_ms", &rec->app_cpu);
    write_percentiles(rec->file, "pose_age_ms", &rec->pose_age);
    write_percentiles(rec->file, "wake_jitter_ms", &rec->wake_jitter);
    if (rec->gpu_after_end.count > 0) /* realtime clock and a Vulkan session only */
        write_percentiles(rec->file, "gpu_after_end_ms", &rec->gpu_after_end);
    fputs("}\n", rec->file);
    if (fclose(rec->file) != 0)
        fprintf(stderr, "mockxr: error: %s=%s: writing the report failed: %s\n", MOCKXR_ENV_REPORT,
                i->config.report_path, strerror(errno));
    free(rec->app_cpu.values);
    free(rec->pose_age.values);
    free(rec->wake_jitter.values);
    free(rec->app_cpu_mono.values);
    free(rec->gpu_after_end.values);
    free(rec->lines);
    free(rec);
    i->record = NULL;
}
