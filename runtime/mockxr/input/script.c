/* MOCKXR_SCRIPT: a JSON timeline of poses, input values and faults, checked strictly when loaded (the
 * extensions' keys are script_ext.c's). */
#include "mx_script.h"
#include "mx_input.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

enum mx_fault {
    MX_FAULT_SESSION_LOSS,
    MX_FAULT_FOCUS_LOSS,
    MX_FAULT_FOCUS_REGAIN,
    MX_FAULT_VISIBILITY_LOSS,
    MX_FAULT_VISIBILITY_REGAIN,
    MX_FAULT_EXIT_REQUEST,
    MX_FAULT_INSTANCE_LOSS,
    MX_FAULT_SLOW,
    MX_FAULT_COUNT
};
static const char *const g_fault_names[MX_FAULT_COUNT] = {
    "session_loss", "focus_loss", "focus_regain", "visibility_loss", "visibility_regain",
    "exit_request", "instance_loss", "slow",
};

struct mx_input_set {
    uint64_t frame;
    char *path;
    float value;
};
struct mx_fault_at {
    uint64_t frame;
    enum mx_fault kind;
    XrDuration delay;
};

struct mx_script {
    const struct mx_config *config;  /* input paths are checked against the simulated profile (load only) */
    struct mx_track head, left, right;
    struct mx_input_set *inputs;
    size_t input_count;
    struct mx_fault_at *faults;
    size_t fault_count;
    struct mx_script_ext *ext; /* the extensions' keys */
    uint64_t *snapshots;       /* "snapshots": marked frames, increasing */
    size_t snapshot_count;
};

#define fail mx_script_fail

XrResult mx_script_fail(const struct mx_where *w, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    fprintf(stderr, "mockxr: error: %s=%s:%d: timeline[%zu]: %s (docs/mockxr.md, \"Script\")\n", MOCKXR_ENV_SCRIPT,
            w->file, w->entry_lines ? w->entry_lines[w->entry] : 0, w->entry, msg);
    return XR_ERROR_RUNTIME_FAILURE;
}

static int line_of(const char *text, const char *at)
{
    int line = 1;
    for (const char *p = text; p < at && *p; p++)
        line += *p == '\n';
    return line;
}

/* cJSON keeps no positions: find where each element of the top-level "timeline" array starts. */
static int *entry_lines(const char *text, size_t count)
{
    int *lines = calloc(count ? count : 1, sizeof(*lines));
    const char *p = strstr(text, "\"timeline\"");
    if (!lines || !p || !(p = strchr(p, '[')))
        return lines;
    int depth = 0;
    size_t n = 0;
    bool in_string = false, at_element = true;
    for (p++; *p && n < count; p++) {
        if (in_string) {
            if (*p == '\\' && p[1])
                p++;
            else if (*p == '"')
                in_string = false;
            continue;
        }
        if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
            continue;
        if (depth == 0 && at_element && *p != ']') {
            lines[n++] = line_of(text, p);
            at_element = false;
        }
        if (*p == '"')
            in_string = true;
        else if (*p == '{' || *p == '[')
            depth++;
        else if (*p == '}' || *p == ']') {
            if (depth-- == 0)
                break;
        } else if (*p == ',' && depth == 0)
            at_element = true;
    }
    return lines;
}

static bool read_floats(const cJSON *arr, float *out, int n)
{
    if (!cJSON_IsArray(arr) || cJSON_GetArraySize(arr) != n)
        return false;
    for (int k = 0; k < n; k++) {
        const cJSON *v = cJSON_GetArrayItem(arr, k);
        if (!cJSON_IsNumber(v) || !isfinite(v->valuedouble))
            return false;
        out[k] = (float)v->valuedouble;
    }
    return true;
}

XrResult mx_script_parse_pose(const struct mx_where *w, const cJSON *obj, const char *key, XrPosef *out)
{
    float p[3], q[4] = {0.0f, 0.0f, 0.0f, 1.0f};
    if (!cJSON_IsObject(obj))
        return fail(w, "\"%s\" must be an object {\"position\":[x,y,z],\"orientation\":[x,y,z,w]}", key);
    for (const cJSON *c = obj->child; c; c = c->next) {
        if (strcmp(c->string, "position") != 0 && strcmp(c->string, "orientation") != 0)
            return fail(w, "\"%s\" has unknown key \"%s\"", key, c->string);
    }
    if (!read_floats(cJSON_GetObjectItemCaseSensitive(obj, "position"), p, 3))
        return fail(w, "\"%s\".position must be 3 finite numbers (metres, STAGE space)", key);
    const cJSON *o = cJSON_GetObjectItemCaseSensitive(obj, "orientation");
    if (o && !read_floats(o, q, 4))
        return fail(w, "\"%s\".orientation must be 4 finite numbers (quaternion x,y,z,w)", key);
    float len = sqrtf(q[0] * q[0] + q[1] * q[1] + q[2] * q[2] + q[3] * q[3]);
    if (fabsf(len - 1.0f) > 0.01f)
        return fail(w, "\"%s\".orientation has length %g, must be a unit quaternion", key, (double)len);
    *out = (XrPosef){.orientation = {q[0], q[1], q[2], q[3]}, .position = {p[0], p[1], p[2]}};
    return XR_SUCCESS;
}

XrResult mx_script_track_add(struct mx_track *t, uint64_t frame, const XrPosef *pose)
{
    struct mx_keyframe *grown = realloc(t->keys, (t->count + 1) * sizeof(*grown));
    if (!grown)
        return XR_ERROR_OUT_OF_MEMORY;
    t->keys = grown;
    t->keys[t->count++] = (struct mx_keyframe){frame, *pose};
    return XR_SUCCESS;
}

static XrResult parse_inputs(struct mx_script *sc, const struct mx_where *w, const cJSON *obj, uint64_t frame)
{
    if (!cJSON_IsObject(obj))
        return fail(w, "\"input\" must be an object {\"/user/hand/right/input/trigger/value\": 1.0, ...}");
    for (const cJSON *c = obj->child; c; c = c->next) {
        const char *why = NULL;
        if (!mx_input_script_path_valid(sc->config->controllers, c->string, &why))
            return fail(w, "input \"%s\": %s", c->string, why ? why : "not an input of the simulated controllers");
        float v;
        if (cJSON_IsBool(c))
            v = cJSON_IsTrue(c) ? 1.0f : 0.0f;
        else if (cJSON_IsNumber(c) && isfinite(c->valuedouble) && c->valuedouble >= -1.0 && c->valuedouble <= 1.0)
            v = (float)c->valuedouble;
        else
            return fail(w, "input \"%s\" must be true/false or a number in [-1, 1]", c->string);
        struct mx_input_set *grown = realloc(sc->inputs, (sc->input_count + 1) * sizeof(*grown));
        if (!grown)
            return XR_ERROR_OUT_OF_MEMORY;
        sc->inputs = grown;
        char *path = strdup(c->string);
        if (!path)
            return XR_ERROR_OUT_OF_MEMORY;
        sc->inputs[sc->input_count++] = (struct mx_input_set){frame, path, v};
    }
    return XR_SUCCESS;
}

static XrResult parse_fault(struct mx_script *sc, const struct mx_where *w, const cJSON *entry, uint64_t frame)
{
    const cJSON *f = cJSON_GetObjectItemCaseSensitive(entry, "fault");
    const cJSON *d = cJSON_GetObjectItemCaseSensitive(entry, "delay_ms");
    int kind = -1;
    for (int k = 0; cJSON_IsString(f) && k < MX_FAULT_COUNT; k++) {
        if (strcmp(f->valuestring, g_fault_names[k]) == 0)
            kind = k;
    }
    if (kind < 0)
        return fail(w, "\"fault\" must be one of session_loss, focus_loss, focus_regain, visibility_loss, "
                       "visibility_regain, exit_request, instance_loss, slow");
    if ((kind == MX_FAULT_SLOW) != (d != NULL))
        return fail(w, "\"delay_ms\" goes with (and only with) \"fault\": \"slow\"");
    XrDuration delay = 0;
    if (d) {
        if (!cJSON_IsNumber(d) || !(d->valuedouble >= 0.0 && d->valuedouble <= 1000.0))
            return fail(w, "\"delay_ms\" must be a number 0..1000 (0 ends the slowdown)");
        delay = (XrDuration)llround(d->valuedouble * 1e6);
    }
    struct mx_fault_at *grown = realloc(sc->faults, (sc->fault_count + 1) * sizeof(*grown));
    if (!grown)
        return XR_ERROR_OUT_OF_MEMORY;
    sc->faults = grown;
    sc->faults[sc->fault_count++] = (struct mx_fault_at){frame, (enum mx_fault)kind, delay};
    return XR_SUCCESS;
}

static XrResult parse_entry(struct mx_script *sc, const struct mx_where *w, const cJSON *e, uint64_t *io_last)
{
    static const char *const keys[] = {"frame", "head", "left", "right", "input", "fault", "delay_ms", "comment"};
    if (!cJSON_IsObject(e))
        return fail(w, "each timeline entry must be an object");
    for (const cJSON *c = e->child; c; c = c->next) {
        bool known = mx_script_ext_key(c->string);
        for (size_t k = 0; k < sizeof(keys) / sizeof(keys[0]) && !known; k++)
            known = strcmp(c->string, keys[k]) == 0;
        if (!known)
            return fail(w, "unknown key \"%s\" (frame, head, left, right, input, fault, delay_ms, hand_left, "
                           "hand_right, gaze, user_present, refresh_hz, perf, fov_scale, comment)", c->string);
    }
    const cJSON *fr = cJSON_GetObjectItemCaseSensitive(e, "frame");
    if (!cJSON_IsNumber(fr) || fr->valuedouble < 0 || fr->valuedouble > 1e15 || fr->valuedouble != floor(fr->valuedouble))
        return fail(w, "\"frame\" must be an integer >= 0");
    uint64_t frame = (uint64_t)fr->valuedouble;
    if (frame < *io_last)
        return fail(w, "frame %llu comes after frame %llu: entries must be in frame order",
                    (unsigned long long)frame, (unsigned long long)*io_last);
    *io_last = frame;
    static const char *const tracks[] = {"head", "left", "right"};
    struct mx_track *dst[] = {&sc->head, &sc->left, &sc->right};
    XrResult r = XR_SUCCESS;
    for (int k = 0; k < 3 && r == XR_SUCCESS; k++) {
        const cJSON *p = cJSON_GetObjectItemCaseSensitive(e, tracks[k]);
        XrPosef pose = {.orientation = {0.0f, 0.0f, 0.0f, 1.0f}};
        if (p && (r = mx_script_parse_pose(w, p, tracks[k], &pose)) == XR_SUCCESS)
            r = mx_script_track_add(dst[k], frame, &pose);
    }
    const cJSON *in = cJSON_GetObjectItemCaseSensitive(e, "input");
    if (r == XR_SUCCESS && in)
        r = parse_inputs(sc, w, in, frame);
    if (r == XR_SUCCESS && (cJSON_GetObjectItemCaseSensitive(e, "fault") ||
                            cJSON_GetObjectItemCaseSensitive(e, "delay_ms")))
        r = parse_fault(sc, w, e, frame);
    if (r == XR_SUCCESS)
        r = mx_script_ext_parse(sc->ext, sc->config, w, e, frame);
    return r;
}

/* "snapshots": [frame, ...] — the frames a recording marked (mockxr-run --compare captures them). */
static XrResult parse_snapshots(struct mx_script *sc, const char *path, const cJSON *list)
{
    if (!list)
        return XR_SUCCESS;
    if (!cJSON_IsArray(list)) {
        fprintf(stderr, "mockxr: error: %s=%s: \"snapshots\" must be an array of frame indices\n", MOCKXR_ENV_SCRIPT,
                path);
        return XR_ERROR_RUNTIME_FAILURE;
    }
    size_t n = (size_t)cJSON_GetArraySize(list);
    if (n > 0 && !(sc->snapshots = calloc(n, sizeof(*sc->snapshots))))
        return XR_ERROR_OUT_OF_MEMORY;
    const cJSON *c = list->child;
    for (size_t k = 0; k < n; k++, c = c->next) {
        double v = cJSON_IsNumber(c) ? c->valuedouble : -1.0;
        if (v < 0.0 || v > 1e15 || v != (double)(uint64_t)v || (k > 0 && (uint64_t)v <= sc->snapshots[k - 1])) {
            fprintf(stderr, "mockxr: error: %s=%s: snapshots[%zu]: expected a frame index >= 0, greater than the one "
                    "before (docs/mockxr.md, \"Script\")\n", MOCKXR_ENV_SCRIPT, path, k);
            return XR_ERROR_RUNTIME_FAILURE;
        }
        sc->snapshots[sc->snapshot_count++] = (uint64_t)v;
    }
    return XR_SUCCESS;
}

size_t mx_script_snapshots(const struct mx_script *sc, const uint64_t **out)
{
    *out = sc ? sc->snapshots : NULL;
    return sc ? sc->snapshot_count : 0;
}

static XrResult parse_root(struct mx_script *sc, const char *path, const char *text, const cJSON *root)
{
    struct mx_where w = {.file = path, .text = text};
    const cJSON *tl = cJSON_GetObjectItemCaseSensitive(root, "timeline");
    if (!cJSON_IsObject(root) || !cJSON_IsArray(tl)) {
        fprintf(stderr, "mockxr: error: %s=%s: the file must be an object {\"timeline\": [ ... ]}\n",
                MOCKXR_ENV_SCRIPT, path);
        return XR_ERROR_RUNTIME_FAILURE;
    }
    for (const cJSON *c = root->child; c; c = c->next) {
        if (strcmp(c->string, "timeline") != 0 && strcmp(c->string, "comment") != 0 &&
            strcmp(c->string, "snapshots") != 0) {
            fprintf(stderr, "mockxr: error: %s=%s: unknown top-level key \"%s\" (timeline, snapshots, comment)\n",
                    MOCKXR_ENV_SCRIPT, path, c->string);
            return XR_ERROR_RUNTIME_FAILURE;
        }
    }
    if (parse_snapshots(sc, path, cJSON_GetObjectItemCaseSensitive(root, "snapshots")) != XR_SUCCESS)
        return XR_ERROR_RUNTIME_FAILURE;
    size_t n = (size_t)cJSON_GetArraySize(tl);
    w.entry_lines = entry_lines(text, n);
    if (!w.entry_lines)
        return XR_ERROR_OUT_OF_MEMORY;
    uint64_t last = 0;
    XrResult r = XR_SUCCESS;
    const cJSON *e = tl->child;
    for (size_t k = 0; k < n && r == XR_SUCCESS; k++, e = e->next) {
        w.entry = k;
        r = parse_entry(sc, &w, e, &last);
    }
    free(w.entry_lines);
    return r;
}

static char *read_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *text = NULL;
    long size = -1;
    if (fseek(f, 0, SEEK_END) == 0 && (size = ftell(f)) >= 0 && size < (64l << 20) && fseek(f, 0, SEEK_SET) == 0 &&
        (text = malloc((size_t)size + 1))) {
        if (fread(text, 1, (size_t)size, f) != (size_t)size) {
            free(text);
            text = NULL;
        } else {
            text[size] = '\0';
        }
    }
    fclose(f);
    return text;
}

XrResult mx_script_parse(const char *path, const char *text, const struct mx_config *config, struct mx_script **out)
{
    *out = NULL;
    const char *end = NULL;
    cJSON *root = cJSON_ParseWithOpts(text, &end, true);
    XrResult r = XR_SUCCESS;
    struct mx_script *sc = NULL;
    if (!root) {
        fprintf(stderr, "mockxr: error: %s=%s:%d: not valid JSON near \"%.20s\"\n", MOCKXR_ENV_SCRIPT, path,
                line_of(text, end ? end : text), end ? end : "");
        r = XR_ERROR_RUNTIME_FAILURE;
    } else if (!(sc = calloc(1, sizeof(*sc))) || mx_script_ext_create(&sc->ext) != XR_SUCCESS) {
        r = XR_ERROR_OUT_OF_MEMORY;
    } else {
        sc->config = config;
        r = parse_root(sc, path, text, root);
        sc->config = NULL; /* the instance's configuration may move; nothing reads it after loading */
    }
    cJSON_Delete(root);
    if (r != XR_SUCCESS)
        mx_script_destroy(&sc);
    *out = sc;
    return r;
}

XrResult mx_script_load(const char *path, const struct mx_config *config, struct mx_script **out)
{
    *out = NULL;
    char *text = read_file(path);
    if (!text) {
        fprintf(stderr, "mockxr: error: %s=%s: cannot read the file\n", MOCKXR_ENV_SCRIPT, path);
        return XR_ERROR_RUNTIME_FAILURE;
    }
    XrResult r = mx_script_parse(path, text, config, out);
    free(text);
    return r;
}

void mx_script_destroy(struct mx_script **psc)
{
    struct mx_script *sc = psc ? *psc : NULL;
    if (!sc)
        return;
    free(sc->head.keys);
    free(sc->left.keys);
    free(sc->right.keys);
    for (size_t k = 0; k < sc->input_count; k++)
        free(sc->inputs[k].path);
    free(sc->inputs);
    free(sc->faults);
    free(sc->snapshots);
    mx_script_ext_destroy(&sc->ext);
    free(sc);
    *psc = NULL;
}

static XrPosef lerp_pose(const XrPosef *a, const XrPosef *b, float t)
{
    XrQuaternionf qa = a->orientation, qb = b->orientation;
    float dot = qa.x * qb.x + qa.y * qb.y + qa.z * qb.z + qa.w * qb.w;
    float sign = dot < 0.0f ? -1.0f : 1.0f; /* shortest arc */
    XrQuaternionf q = {qa.x + (sign * qb.x - qa.x) * t, qa.y + (sign * qb.y - qa.y) * t,
                       qa.z + (sign * qb.z - qa.z) * t, qa.w + (sign * qb.w - qa.w) * t};
    float len = sqrtf(q.x * q.x + q.y * q.y + q.z * q.z + q.w * q.w);
    q = (XrQuaternionf){q.x / len, q.y / len, q.z / len, q.w / len};
    return (XrPosef){.orientation = q,
                     .position = {a->position.x + (b->position.x - a->position.x) * t,
                                  a->position.y + (b->position.y - a->position.y) * t,
                                  a->position.z + (b->position.z - a->position.z) * t}};
}

bool mx_script_pose(const struct mx_script *sc, const char *user_path, double frame, XrPosef *out_pose)
{
    const struct mx_track *t = strcmp(user_path, "/user/head") == 0        ? &sc->head
                               : strcmp(user_path, "/user/hand/left") == 0  ? &sc->left
                               : strcmp(user_path, "/user/hand/right") == 0 ? &sc->right
                                                                            : NULL;
    return t && mx_script_track_at(t, frame, out_pose);
}

const struct mx_script_ext *mx_script_ext_of(const struct mx_script *sc)
{
    return sc->ext;
}

bool mx_script_track_at(const struct mx_track *t, double frame, XrPosef *out_pose)
{
    if (t->count == 0)
        return false;
    if (frame <= (double)t->keys[0].frame) {
        *out_pose = t->keys[0].pose;
        return true;
    }
    for (size_t k = 1; k < t->count; k++) {
        const struct mx_keyframe *a = &t->keys[k - 1], *b = &t->keys[k];
        if (frame <= (double)b->frame) {
            double span = (double)(b->frame - a->frame);
            *out_pose = span > 0 ? lerp_pose(&a->pose, &b->pose, (float)((frame - (double)a->frame) / span)) : b->pose;
            return true;
        }
    }
    *out_pose = t->keys[t->count - 1].pose;
    return true;
}

bool mx_script_input_at(const struct mx_script *sc, const char *path, uint64_t frame, float *out_value)
{
    bool found = false;
    for (size_t k = 0; k < sc->input_count && sc->inputs[k].frame <= frame; k++) {
        if (strcmp(sc->inputs[k].path, path) == 0) {
            *out_value = sc->inputs[k].value;
            found = true;
        }
    }
    return found;
}

static void apply_fault(struct mx_session *s, const struct mx_fault_at *f)
{
    mx_info("script: frame %llu: fault %s", (unsigned long long)f->frame, g_fault_names[f->kind]);
    switch (f->kind) {
    case MX_FAULT_SESSION_LOSS:
        mx_session_lose(s);
        break;
    case MX_FAULT_FOCUS_LOSS:
    case MX_FAULT_FOCUS_REGAIN:
        s->instance->unfocused = f->kind == MX_FAULT_FOCUS_LOSS;
        mx_session_update_visibility(s);
        break;
    case MX_FAULT_VISIBILITY_LOSS:
    case MX_FAULT_VISIBILITY_REGAIN:
        s->instance->hidden = f->kind == MX_FAULT_VISIBILITY_LOSS;
        mx_session_update_visibility(s);
        break;
    case MX_FAULT_EXIT_REQUEST:
        mx_session_request_exit(s);
        break;
    case MX_FAULT_INSTANCE_LOSS:
        mx_instance_lose(s->instance);
        break;
    case MX_FAULT_SLOW:
        s->instance->extra_wait_delay = f->delay;
        break;
    case MX_FAULT_COUNT:
        break;
    }
}

void mx_script_apply(struct mx_session *s, uint64_t frame)
{
    const struct mx_script *sc = s->instance->script;
    for (size_t k = 0; sc && k < sc->fault_count; k++) {
        if (sc->faults[k].frame == frame)
            apply_fault(s, &sc->faults[k]);
    }
    if (sc && !s->lost && !s->instance->lost)
        mx_script_ext_apply(sc->ext, s, frame);
}
