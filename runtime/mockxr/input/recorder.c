/* MOCKXR_RECORD: writes what the wearer did — head and controller poses of every frame, every input change,
 * the marked snapshot frames — as a MOCKXR_SCRIPT file that replays the session (docs/mockxr.md, "Record"). */
#include "mockxr_internal.h"
#include "mx_input.h"
#include "mx_profiles.h"
#include "mx_script.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define MX_REC_MAX_INPUTS 64 /* boolean + scalar components of both hands of any simulated profile */

struct mx_recorder {
    FILE *file;
    bool any_entry;             /* a timeline entry was written (the next needs a comma) */
    bool hands;                 /* controllers are simulated: record their poses */
    char *paths[MX_REC_MAX_INPUTS];
    float last[MX_REC_MAX_INPUTS]; /* value written last (untouched controls rest at 0) */
    size_t input_count;
    bool exit_written;          /* the runtime's exit request is in the file */
    uint64_t *marks;
    size_t mark_count, mark_capacity;
};

/* The inputs a script may set for the simulated controllers: what the recording tracks. */
static XrResult collect_inputs(struct mx_recorder *rec, enum mx_controllers c)
{
    const struct mx_profile *p = mx_input_simulated_profile(c);
    static const unsigned users[] = {MX_USER_LEFT, MX_USER_RIGHT};
    for (size_t k = 0; p && k < p->component_count; k++) {
        const struct mx_profile_component *comp = &p->components[k];
        for (size_t u = 0; u < 2; u++) {
            char path[XR_MAX_PATH_LENGTH];
            const char *why = NULL;
            if (!(comp->users & users[u]) || (comp->type != MX_COMP_BOOLEAN && comp->type != MX_COMP_FLOAT))
                continue;
            snprintf(path, sizeof path, "%s%s", mx_user_path(users[u]), comp->subpath);
            if (!mx_input_script_path_valid(c, path, &why) || rec->input_count == MX_REC_MAX_INPUTS)
                continue;
            if (!(rec->paths[rec->input_count++] = strdup(path)))
                return XR_ERROR_OUT_OF_MEMORY;
        }
    }
    return XR_SUCCESS;
}

static void recorder_free(struct mx_recorder *rec)
{
    for (size_t k = 0; k < rec->input_count; k++)
        free(rec->paths[k]);
    free(rec->marks);
    free(rec);
}

XrResult mx_recorder_open(struct mx_instance *i)
{
    if (!i->config.record_path)
        return XR_SUCCESS;
    struct mx_recorder *rec = calloc(1, sizeof(*rec));
    if (!rec)
        return XR_ERROR_OUT_OF_MEMORY;
    rec->hands = i->config.controllers != MX_CONTROLLERS_NONE;
    XrResult r = collect_inputs(rec, i->config.controllers);
    if (r == XR_SUCCESS && !(rec->file = fopen(i->config.record_path, "w"))) {
        fprintf(stderr, "mockxr: error: %s=%s: cannot open for writing: %s\n", MOCKXR_ENV_RECORD,
                i->config.record_path, strerror(errno));
        r = XR_ERROR_RUNTIME_FAILURE;
    }
    if (r != XR_SUCCESS) {
        recorder_free(rec);
        return r;
    }
    fprintf(rec->file, "{\n\"comment\": \"recorded by mockxr (%s): controllers %s, %u Hz; replay with %s\",\n"
            "\"timeline\": [\n", MOCKXR_ENV_RECORD,
            i->config.controllers == MX_CONTROLLERS_TOUCH ? "touch" : i->config.controllers == MX_CONTROLLERS_INDEX
            ? "index" : i->config.controllers == MX_CONTROLLERS_SIMPLE ? "simple" : "none",
            i->config.refresh_hz, MOCKXR_ENV_SCRIPT);
    i->recorder = rec;
    return XR_SUCCESS;
}

/* -0 written as 0: the same pose reads the same */
static double num(float v)
{
    return v == 0.0f ? 0.0 : (double)v;
}

static void write_pose(FILE *f, const char *key, const XrPosef *p)
{
    /* %.9g: a float read back by the script parser is bit-identical */
    fprintf(f, ", \"%s\": {\"position\": [%.9g, %.9g, %.9g], \"orientation\": [%.9g, %.9g, %.9g, %.9g]}", key,
            num(p->position.x), num(p->position.y), num(p->position.z), num(p->orientation.x), num(p->orientation.y),
            num(p->orientation.z), num(p->orientation.w));
}

static void begin_entry(struct mx_recorder *rec, uint64_t frame)
{
    fprintf(rec->file, "%s{\"frame\": %llu", rec->any_entry ? ",\n" : "", (unsigned long long)frame);
    rec->any_entry = true;
}

void mx_recorder_frame(struct mx_session *s, uint64_t frame, XrTime predicted)
{
    struct mx_recorder *rec = s->instance->recorder;
    if (!rec)
        return;
    XrPosef head, left, right;
    mx_sim_pose(s, "/user/head", predicted, &head);
    begin_entry(rec, frame);
    write_pose(rec->file, "head", &head);
    if (rec->hands) {
        mx_sim_pose(s, "/user/hand/left", predicted, &left);
        mx_sim_pose(s, "/user/hand/right", predicted, &right);
        write_pose(rec->file, "left", &left);
        write_pose(rec->file, "right", &right);
    }
    bool any = false;
    for (size_t k = 0; k < rec->input_count; k++) {
        float v = 0.0f;
        if (!mx_script_input(s, rec->paths[k], &v))
            v = 0.0f;
        if (v == rec->last[k])
            continue;
        fprintf(rec->file, "%s\"%s\": %.9g", any ? ", " : ", \"input\": {", rec->paths[k], (double)v);
        rec->last[k] = v;
        any = true;
    }
    if (any)
        fputc('}', rec->file);
    fputc('}', rec->file);
}

void mx_recorder_exit(struct mx_instance *i)
{
    struct mx_recorder *rec = i->recorder;
    if (!rec || rec->exit_written || i->frames_waited == 0)
        return;
    /* Requested after the last waited frame F was submitted; a replay requests it in F's xrWaitFrame: the
     * app still renders and submits F, sees STOPPING at its next poll, and waits no further frame — the
     * same frames as here. */
    begin_entry(rec, i->frames_waited - 1);
    fputs(", \"fault\": \"exit_request\"}", rec->file);
    rec->exit_written = true;
}

void mx_recorder_mark(struct mx_instance *i)
{
    struct mx_recorder *rec = i->recorder;
    if (!rec || i->frames_waited == 0)
        return;
    uint64_t frame = i->frames_waited - 1; /* the frame the wearer sees now */
    if (rec->mark_count > 0 && rec->marks[rec->mark_count - 1] >= frame)
        return;
    if (rec->mark_count == rec->mark_capacity) {
        size_t cap = rec->mark_capacity ? rec->mark_capacity * 2 : 16;
        uint64_t *grown = realloc(rec->marks, cap * sizeof(*grown));
        if (!grown)
            return; /* one snapshot fewer beats failing the app's frame */
        rec->marks = grown;
        rec->mark_capacity = cap;
    }
    rec->marks[rec->mark_count++] = frame;
    mx_info("%s: frame %llu marked as a snapshot", MOCKXR_ENV_RECORD, (unsigned long long)frame);
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

/* The marked frames and the script's own snapshots, in increasing order, each once. */
static void write_snapshots(struct mx_recorder *rec, const struct mx_script *sc)
{
    const uint64_t *given = NULL;
    size_t n = mx_script_snapshots(sc, &given), all = rec->mark_count + n;
    uint64_t *merged = all ? malloc(all * sizeof(*merged)) : NULL;
    fputs("\"snapshots\": [", rec->file);
    if (merged) {
        if (rec->mark_count)
            memcpy(merged, rec->marks, rec->mark_count * sizeof(*merged));
        if (n)
            memcpy(merged + rec->mark_count, given, n * sizeof(*merged));
        qsort(merged, all, sizeof(*merged), cmp_u64);
        for (size_t k = 0; k < all; k++) {
            if (k == 0 || merged[k] != merged[k - 1])
                fprintf(rec->file, "%s%llu", k ? ", " : "", (unsigned long long)merged[k]);
        }
    } else if (all) {
        fprintf(stderr, "mockxr: error: %s: out of memory: the snapshots are not listed\n", MOCKXR_ENV_RECORD);
        mx_runtime_count_error();
    }
    free(merged);
    fputs("]\n}\n", rec->file);
}

void mx_recorder_close(struct mx_instance *i)
{
    struct mx_recorder *rec = i->recorder;
    if (!rec)
        return;
    fputs(rec->any_entry ? "\n],\n" : "],\n", rec->file);
    write_snapshots(rec, i->script);
    bool failed = ferror(rec->file) != 0;
    if (fclose(rec->file) != 0)
        failed = true;
    if (failed) {
        fprintf(stderr, "mockxr: error: %s=%s: writing the recording failed\n", MOCKXR_ENV_RECORD,
                i->config.record_path);
        mx_runtime_count_error();
    }
    recorder_free(rec);
    i->recorder = NULL;
}
