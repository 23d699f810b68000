/* XR_MSFT_controller_model: a binary glTF (GLB) model of each simulated controller - a handle with a trigger
 * and a thumbstick (a select button on the simple controller), built here from boxes - and the poses of its
 * animatable nodes, which follow the controller's scripted inputs. */
#include "mx_ext.h"
#include "mx_input.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

enum mx_part_motion { MX_STILL, MX_TRIGGER, MX_STICK, MX_BUTTON };

/* One box of the model; part 0 is the root (the handle), the others are its animatable children. */
struct mx_part {
    const char *name;
    float center[3], half[3];
    enum mx_part_motion motion;
    const char *input; /* the component driving it, after /user/hand/<hand>/input */
};

static const struct mx_part g_full[] = {
    {"controller", {0.0f, -0.01f, 0.02f}, {0.018f, 0.02f, 0.06f}, MX_STILL, NULL},
    {"trigger", {0.0f, -0.025f, -0.045f}, {0.006f, 0.012f, 0.008f}, MX_TRIGGER, "trigger/value"},
    {"thumbstick", {0.0f, 0.02f, -0.02f}, {0.008f, 0.01f, 0.008f}, MX_STICK, "thumbstick"},
};
static const struct mx_part g_simple[] = {
    {"controller", {0.0f, -0.01f, 0.02f}, {0.018f, 0.02f, 0.06f}, MX_STILL, NULL},
    {"select", {0.0f, 0.012f, -0.02f}, {0.008f, 0.004f, 0.008f}, MX_BUTTON, "select/click"},
};

/* The model of a profile's controller (NULL: none). */
static const struct mx_part *model_of(const struct mx_profile *p, size_t *out_count)
{
    bool simple = p && strcmp(p->path, "/interaction_profiles/khr/simple_controller") == 0;
    *out_count = simple ? sizeof(g_simple) / sizeof(g_simple[0]) : sizeof(g_full) / sizeof(g_full[0]);
    return simple ? g_simple : g_full;
}

/* Keys: a tag, the profile's index, the hand; valid in a session once xrGetControllerModelKeyMSFT gave it. */
#define MX_KEY_TAG 0x4d58000000000000ull
static XrControllerModelKeyMSFT make_key(size_t profile, unsigned hand)
{
    return MX_KEY_TAG | ((XrControllerModelKeyMSFT)profile << 4) | (hand + 1u);
}

static XrResult check_key(struct mx_session *s, XrControllerModelKeyMSFT key, const char *func,
                          const struct mx_profile **out_profile, unsigned *out_hand)
{
    const struct mx_ext_session *es = s->ext;
    size_t profile = (size_t)((key >> 4) & 0xfffu);
    unsigned hand = (unsigned)(key & 0xfu) - 1u;
    bool given = es && (key & ~0xffffull) == MX_KEY_TAG && hand < 2 && profile < mx_profile_count() &&
                 make_key(profile, hand) == key && (es->model_keys & (1ull << (profile * 2 + hand)));
    if (!given)
        return mx_diag(XR_ERROR_CONTROLLER_MODEL_KEY_INVALID_MSFT, func, "modelKey 0x%llx was not returned by "
                       "xrGetControllerModelKeyMSFT in this session", (unsigned long long)key);
    *out_profile = mx_profile_at(profile);
    *out_hand = hand;
    return XR_SUCCESS;
}

/* A key for the controller of a hand whose profile is current (the spec ties keys to an active binding). */
static XrResult XRAPI_CALL get_key(XrSession session, XrPath topLevelUserPath, XrControllerModelKeyStateMSFT *state)
{
    static const char *func = "xrGetControllerModelKeyMSFT";
    mx_lock();
    struct mx_session *s;
    struct mx_ext_session *es = NULL;
    XrResult r = mx_session_get(session, func, &s);
    if (r == XR_SUCCESS)
        r = mx_check_struct(state, XR_TYPE_CONTROLLER_MODEL_KEY_STATE_MSFT, func, "controllerModelKeyState");
    const char *str = r == XR_SUCCESS ? mx_path_string(s->instance, topLevelUserPath) : NULL;
    unsigned user = str ? mx_input_user(s->instance, str) : 0;
    if (r == XR_SUCCESS && !str)
        r = mx_diag(XR_ERROR_PATH_INVALID, func, "topLevelUserPath 0x%llx is not a path of this instance",
                    (unsigned long long)topLevelUserPath);
    if (r == XR_SUCCESS && user != MX_USER_LEFT && user != MX_USER_RIGHT)
        r = mx_diag(XR_ERROR_PATH_UNSUPPORTED, func, "%s: controller models exist for /user/hand/left and "
                    "/user/hand/right", str);
    if (r == XR_SUCCESS && !(es = mx_ext_session_data(s)))
        r = XR_ERROR_OUT_OF_MEMORY;
    if (r == XR_SUCCESS) {
        const struct mx_profile *p = mx_input_current_profile(s, user);
        unsigned hand = user == MX_USER_RIGHT;
        size_t index = 0;
        for (size_t k = 0; p && k < mx_profile_count(); k++)
            index = mx_profile_at(k) == p ? k : index;
        state->modelKey = p ? make_key(index, hand) : XR_NULL_CONTROLLER_MODEL_KEY_MSFT;
        if (p)
            es->model_keys |= 1ull << (index * 2 + hand);
    }
    mx_unlock();
    return r;
}

/* The binary glTF: JSON and BIN chunks, each padded to 4 bytes (spaces / zeros). NULL on OOM. */
static uint8_t *build_glb(const struct mx_part *parts, size_t n, uint32_t *out_size);

static XrResult XRAPI_CALL load_model(XrSession session, XrControllerModelKeyMSFT modelKey, uint32_t capacity,
                                      uint32_t *countOutput, uint8_t *buffer)
{
    static const char *func = "xrLoadControllerModelMSFT";
    mx_lock();
    struct mx_session *s;
    const struct mx_profile *p;
    unsigned hand;
    uint8_t *glb = NULL;
    uint32_t size = 0;
    bool write = false;
    XrResult r = mx_session_get(session, func, &s);
    if (r == XR_SUCCESS)
        r = check_key(s, modelKey, func, &p, &hand);
    size_t n = 0;
    const struct mx_part *parts = r == XR_SUCCESS ? model_of(p, &n) : NULL;
    if (r == XR_SUCCESS && !(glb = build_glb(parts, n, &size)))
        r = XR_ERROR_OUT_OF_MEMORY;
    if (r == XR_SUCCESS)
        r = mx_two_call(func, "buffer", capacity, countOutput, buffer, size, &write);
    if (write)
        memcpy(buffer, glb, size);
    free(glb);
    mx_unlock();
    return r;
}

/* Two-call idiom over a structure's array (the spec's form for properties and states). */
static XrResult struct_two_call(const char *func, uint32_t capacity, uint32_t *count_out, const void *array,
                                uint32_t needed, bool *out_write)
{
    *out_write = false;
    *count_out = needed;
    if (capacity == 0)
        return XR_SUCCESS;
    if (!array)
        return mx_diag(XR_ERROR_VALIDATION_FAILURE, func, "nodeCapacityInput is %u but the array is NULL", capacity);
    if (capacity < needed)
        return mx_diag(XR_ERROR_SIZE_INSUFFICIENT, func, "nodeCapacityInput %u < %u nodes", capacity, needed);
    *out_write = true;
    return XR_SUCCESS;
}

static XrResult XRAPI_CALL get_properties(XrSession session, XrControllerModelKeyMSFT modelKey,
                                          XrControllerModelPropertiesMSFT *properties)
{
    static const char *func = "xrGetControllerModelPropertiesMSFT";
    mx_lock();
    struct mx_session *s;
    const struct mx_profile *p;
    unsigned hand;
    bool write = false;
    XrResult r = mx_session_get(session, func, &s);
    if (r == XR_SUCCESS)
        r = mx_check_struct(properties, XR_TYPE_CONTROLLER_MODEL_PROPERTIES_MSFT, func, "properties");
    if (r == XR_SUCCESS)
        r = check_key(s, modelKey, func, &p, &hand);
    size_t n = 0;
    const struct mx_part *parts = r == XR_SUCCESS ? model_of(p, &n) : NULL;
    if (r == XR_SUCCESS)
        r = struct_two_call(func, properties->nodeCapacityInput, &properties->nodeCountOutput,
                            properties->nodeProperties, (uint32_t)(n - 1), &write);
    for (size_t k = 1; write && k < n; k++) {
        XrControllerModelNodePropertiesMSFT *o = &properties->nodeProperties[k - 1];
        snprintf(o->parentNodeName, sizeof(o->parentNodeName), "%s", parts[0].name);
        snprintf(o->nodeName, sizeof(o->nodeName), "%s", parts[k].name);
    }
    mx_unlock();
    return r;
}

static float input(struct mx_session *s, unsigned hand, const char *component)
{
    char path[XR_MAX_PATH_LENGTH];
    float v = 0.0f;
    snprintf(path, sizeof(path), "/user/hand/%s/input/%s", hand ? "right" : "left", component);
    return mx_script_input(s, path, &v) ? v : 0.0f;
}

/* A part's pose in the root node: pulled trigger (20 degrees at full travel), tilted stick (15 degrees at
 * full deflection), pressed button (3 mm). */
static XrPosef part_pose(struct mx_session *s, unsigned hand, const struct mx_part *part)
{
    XrPosef pose = {{0, 0, 0, 1}, {part->center[0], part->center[1], part->center[2]}};
    if (part->motion == MX_TRIGGER) {
        float a = -0.349f * input(s, hand, part->input);
        pose.orientation = (XrQuaternionf){sinf(a * 0.5f), 0, 0, cosf(a * 0.5f)};
    } else if (part->motion == MX_STICK) {
        char x[64], y[64];
        snprintf(x, sizeof x, "%s/x", part->input);
        snprintf(y, sizeof y, "%s/y", part->input);
        float ax = -0.262f * input(s, hand, y), az = -0.262f * input(s, hand, x); /* stick up: tip forward */
        XrPosef rx = {{sinf(ax * 0.5f), 0, 0, cosf(ax * 0.5f)}, {0, 0, 0}};
        XrPosef rz = {{0, 0, sinf(az * 0.5f), cosf(az * 0.5f)}, {0, 0, 0}};
        pose.orientation = mx_pose_multiply(&rx, &rz).orientation;
    } else if (part->motion == MX_BUTTON) {
        pose.position.y -= 0.003f * input(s, hand, part->input);
    }
    return pose;
}

static XrResult XRAPI_CALL get_state(XrSession session, XrControllerModelKeyMSFT modelKey,
                                     XrControllerModelStateMSFT *state)
{
    static const char *func = "xrGetControllerModelStateMSFT";
    mx_lock();
    struct mx_session *s;
    const struct mx_profile *p;
    unsigned hand;
    bool write = false;
    XrResult r = mx_session_get(session, func, &s);
    if (r == XR_SUCCESS)
        r = mx_check_struct(state, XR_TYPE_CONTROLLER_MODEL_STATE_MSFT, func, "state");
    if (r == XR_SUCCESS)
        r = check_key(s, modelKey, func, &p, &hand);
    size_t n = 0;
    const struct mx_part *parts = r == XR_SUCCESS ? model_of(p, &n) : NULL;
    if (r == XR_SUCCESS)
        r = struct_two_call(func, state->nodeCapacityInput, &state->nodeCountOutput, state->nodeStates,
                            (uint32_t)(n - 1), &write);
    for (size_t k = 1; write && k < n; k++)
        state->nodeStates[k - 1].nodePose = part_pose(s, hand, &parts[k]);
    mx_unlock();
    return r;
}

PFN_xrVoidFunction mx_controller_model_proc(const char *name)
{
    static const struct {
        const char *name;
        PFN_xrVoidFunction fn;
    } table[] = {
        {"xrGetControllerModelKeyMSFT", (PFN_xrVoidFunction)get_key},
        {"xrLoadControllerModelMSFT", (PFN_xrVoidFunction)load_model},
        {"xrGetControllerModelPropertiesMSFT", (PFN_xrVoidFunction)get_properties},
        {"xrGetControllerModelStateMSFT", (PFN_xrVoidFunction)get_state},
    };
    for (size_t k = 0; k < sizeof(table) / sizeof(table[0]); k++) {
        if (strcmp(name, table[k].name) == 0)
            return table[k].fn;
    }
    return NULL;
}

/* ---- the GLB ------------------------------------------------------------------------------------------ */

#define MX_BOX_VERTICES 8
#define MX_BOX_INDICES 36
#define MX_BOX_BYTES (MX_BOX_VERTICES * 12 + MX_BOX_INDICES * 2) /* 168: every box stays 4-byte aligned */

/* A box, counter-clockwise seen from outside (glTF's front faces): the root's around its centre (the root
 * node is the model's origin, the grip), a child's around its node (the node carries the centre). */
static void write_box(const struct mx_part *p, bool root, uint8_t *out)
{
    static const uint16_t idx[MX_BOX_INDICES] = {0, 2, 1, 0, 3, 2, 4, 5, 6, 4, 6, 7, 0, 1, 5, 0, 5, 4,
                                                  2, 3, 7, 2, 7, 6, 1, 2, 6, 1, 6, 5, 0, 4, 7, 0, 7, 3};
    float v[MX_BOX_VERTICES][3];
    for (int k = 0; k < MX_BOX_VERTICES; k++) {
        const float sign[3] = {(k & 1) ^ ((k >> 1) & 1) ? 1.0f : -1.0f, (k & 2) ? 1.0f : -1.0f, (k & 4) ? 1.0f : -1.0f};
        for (int a = 0; a < 3; a++)
            v[k][a] = sign[a] * p->half[a] + (root ? p->center[a] : 0.0f);
    }
    memcpy(out, v, sizeof(v));
    memcpy(out + sizeof(v), idx, sizeof(idx));
}

/* Appends printf output to a growing string; false once out of room. */
static bool appendf(char *buf, size_t cap, size_t *at, const char *fmt, ...) __attribute__((format(printf, 4, 5)));
static bool appendf(char *buf, size_t cap, size_t *at, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf + *at, cap - *at, fmt, ap);
    va_end(ap);
    if (n < 0 || (size_t)n >= cap - *at)
        return false;
    *at += (size_t)n;
    return true;
}

/* "nodes": node 0 the root (at the model's origin) with the others as its children, at their centres. */
static bool json_nodes(const struct mx_part *parts, size_t n, char *j, size_t cap, size_t *at)
{
    bool ok = appendf(j, cap, at, "\"nodes\":[");
    for (size_t k = 0; k < n && ok; k++) {
        const float *c = k ? parts[k].center : (const float[3]){0.0f, 0.0f, 0.0f};
        ok = appendf(j, cap, at, "%s{\"name\":\"%s\",\"mesh\":%zu,\"translation\":[%g,%g,%g]", k ? "," : "",
                     parts[k].name, k, (double)c[0], (double)c[1], (double)c[2]);
        for (size_t child = 1; k == 0 && child < n && ok; child++)
            ok = appendf(j, cap, at, "%s%zu", child == 1 ? ",\"children\":[" : ",", child);
        ok = ok && appendf(j, cap, at, "%s}", k == 0 && n > 1 ? "]" : "");
    }
    return ok && appendf(j, cap, at, "],");
}

/* "meshes", "accessors" (positions with min / max, 16-bit indices) and "bufferViews": two per box. */
static bool json_meshes(const struct mx_part *parts, size_t n, char *j, size_t cap, size_t *at)
{
    bool ok = appendf(j, cap, at, "\"meshes\":[");
    for (size_t k = 0; k < n && ok; k++)
        ok = appendf(j, cap, at, "%s{\"name\":\"%s\",\"primitives\":[{\"attributes\":{\"POSITION\":%zu},"
                                 "\"indices\":%zu}]}", k ? "," : "", parts[k].name, 2 * k, 2 * k + 1);
    ok = ok && appendf(j, cap, at, "],\"accessors\":[");
    for (size_t k = 0; k < n && ok; k++) {
        float lo[3], hi[3];
        for (int a = 0; a < 3; a++) {
            lo[a] = (k ? 0.0f : parts[k].center[a]) - parts[k].half[a];
            hi[a] = (k ? 0.0f : parts[k].center[a]) + parts[k].half[a];
        }
        ok = appendf(j, cap, at, "%s{\"bufferView\":%zu,\"componentType\":5126,\"count\":%d,\"type\":\"VEC3\","
                                 "\"min\":[%g,%g,%g],\"max\":[%g,%g,%g]},{\"bufferView\":%zu,\"componentType\":5123,"
                                 "\"count\":%d,\"type\":\"SCALAR\"}", k ? "," : "", 2 * k, MX_BOX_VERTICES,
                     (double)lo[0], (double)lo[1], (double)lo[2], (double)hi[0], (double)hi[1], (double)hi[2], 2 * k + 1,
                     MX_BOX_INDICES);
    }
    ok = ok && appendf(j, cap, at, "],\"bufferViews\":[");
    for (size_t k = 0; k < n && ok; k++)
        ok = appendf(j, cap, at, "%s{\"buffer\":0,\"byteOffset\":%zu,\"byteLength\":%d,\"target\":34962},"
                                 "{\"buffer\":0,\"byteOffset\":%zu,\"byteLength\":%d,\"target\":34963}", k ? "," : "",
                     k * MX_BOX_BYTES, MX_BOX_VERTICES * 12, k * MX_BOX_BYTES + MX_BOX_VERTICES * 12,
                     MX_BOX_INDICES * 2);
    return ok && appendf(j, cap, at, "],");
}

/* The glTF JSON of the parts, one mesh per box, all in one buffer (the BIN chunk); its length, 0 when it
 * does not fit. */
static size_t build_json(const struct mx_part *parts, size_t n, char *j, size_t cap)
{
    size_t at = 0;
    bool ok = appendf(j, cap, &at, "{\"asset\":{\"version\":\"2.0\",\"generator\":\"mockxr\"},\"scene\":0,"
                                   "\"scenes\":[{\"nodes\":[0]}],") &&
              json_nodes(parts, n, j, cap, &at) && json_meshes(parts, n, j, cap, &at) &&
              appendf(j, cap, &at, "\"buffers\":[{\"byteLength\":%zu}]}", n * MX_BOX_BYTES);
    return ok ? at : 0;
}

static void put_u32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)v, p[1] = (uint8_t)(v >> 8), p[2] = (uint8_t)(v >> 16), p[3] = (uint8_t)(v >> 24);
}

static uint8_t *build_glb(const struct mx_part *parts, size_t n, uint32_t *out_size)
{
    char json[4096];
    size_t json_len = build_json(parts, n, json, sizeof json);
    if (json_len == 0)
        return NULL;
    size_t json_padded = (json_len + 3) & ~(size_t)3, bin = n * MX_BOX_BYTES;
    size_t total = 12 + 8 + json_padded + 8 + bin;
    uint8_t *glb = calloc(1, total);
    if (!glb)
        return NULL;
    put_u32(glb, 0x46546C67u); /* "glTF" */
    put_u32(glb + 4, 2);
    put_u32(glb + 8, (uint32_t)total);
    put_u32(glb + 12, (uint32_t)json_padded);
    put_u32(glb + 16, 0x4E4F534Au); /* "JSON" */
    memcpy(glb + 20, json, json_len);
    memset(glb + 20 + json_len, ' ', json_padded - json_len);
    uint8_t *chunk = glb + 20 + json_padded;
    put_u32(chunk, (uint32_t)bin);
    put_u32(chunk + 4, 0x004E4942u); /* "BIN" */
    for (size_t k = 0; k < n; k++)
        write_box(&parts[k], k == 0, chunk + 8 + k * MX_BOX_BYTES);
    *out_size = (uint32_t)total;
    return glb;
}
