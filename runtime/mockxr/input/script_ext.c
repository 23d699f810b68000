/* MOCKXR_SCRIPT keys of the extensions: hands (curl, pinch, tracked, pose), gaze, user presence, display
 * refresh rate, performance / thermal notifications and the field of view - checked as strictly as the rest. */
#include "mx_ext.h"
#include "mx_script.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* A value that holds from its frame on (hands and gaze). */
enum mx_held_field { MX_HELD_CURL, MX_HELD_PINCH, MX_HELD_TRACKED, MX_HELD_YAW, MX_HELD_PITCH };
enum mx_held_target { MX_HELD_LEFT, MX_HELD_RIGHT, MX_HELD_GAZE };
struct mx_held {
    uint64_t frame;
    enum mx_held_target target;
    enum mx_held_field field;
    float value;
};

/* A change of the simulated headset that happens at its frame. */
enum mx_change_kind { MX_CHANGE_PRESENCE, MX_CHANGE_REFRESH, MX_CHANGE_PERF, MX_CHANGE_FOV };
struct mx_change {
    uint64_t frame;
    enum mx_change_kind kind;
    float value; /* presence 0/1, refresh rate Hz, FOV scale */
    XrPerfSettingsDomainEXT domain;
    XrPerfSettingsSubDomainEXT sub;
    XrPerfSettingsNotificationLevelEXT level;
    float headroom, slope; /* NAN: unchanged */
};

struct mx_script_ext {
    struct mx_held *held;
    size_t held_count;
    struct mx_change *changes;
    size_t change_count;
    struct mx_track hand_pose[2]; /* [0] left, [1] right: the palm joint in STAGE */
};

static const char *const g_keys[] = {"hand_left", "hand_right", "gaze", "user_present", "refresh_hz", "perf",
                                     "fov_scale"};

bool mx_script_ext_key(const char *key)
{
    for (size_t k = 0; k < sizeof(g_keys) / sizeof(g_keys[0]); k++) {
        if (strcmp(key, g_keys[k]) == 0)
            return true;
    }
    return false;
}

XrResult mx_script_ext_create(struct mx_script_ext **out)
{
    *out = calloc(1, sizeof(**out));
    return *out ? XR_SUCCESS : XR_ERROR_OUT_OF_MEMORY;
}

void mx_script_ext_destroy(struct mx_script_ext **pe)
{
    struct mx_script_ext *e = pe ? *pe : NULL;
    if (!e)
        return;
    free(e->held);
    free(e->changes);
    free(e->hand_pose[0].keys);
    free(e->hand_pose[1].keys);
    free(e);
    *pe = NULL;
}

static XrResult add_held(struct mx_script_ext *e, struct mx_held h)
{
    struct mx_held *grown = realloc(e->held, (e->held_count + 1) * sizeof(*grown));
    if (!grown)
        return XR_ERROR_OUT_OF_MEMORY;
    e->held = grown;
    e->held[e->held_count++] = h;
    return XR_SUCCESS;
}

static XrResult add_change(struct mx_script_ext *e, struct mx_change c)
{
    struct mx_change *grown = realloc(e->changes, (e->change_count + 1) * sizeof(*grown));
    if (!grown)
        return XR_ERROR_OUT_OF_MEMORY;
    e->changes = grown;
    e->changes[e->change_count++] = c;
    return XR_SUCCESS;
}

/* A number within [lo, hi] (inclusive). */
static bool number_in(const cJSON *v, double lo, double hi)
{
    return cJSON_IsNumber(v) && isfinite(v->valuedouble) && v->valuedouble >= lo && v->valuedouble <= hi;
}

/* Every member of `obj` is one of `keys` (count n); else fails naming the first that is not. */
static XrResult only_keys(const struct mx_where *w, const cJSON *obj, const char *what, const char *const *keys,
                          size_t n, const char *list)
{
    for (const cJSON *c = obj->child; c; c = c->next) {
        bool known = false;
        for (size_t k = 0; k < n && !known; k++)
            known = strcmp(c->string, keys[k]) == 0;
        if (!known)
            return mx_script_fail(w, "\"%s\" has unknown key \"%s\" (%s)", what, c->string, list);
    }
    return obj->child ? XR_SUCCESS : mx_script_fail(w, "\"%s\" is empty (%s)", what, list);
}

/* "hand_left" / "hand_right": {"curl": 0..1, "pinch": 0..1, "tracked": bool, "pose": {...}} */
static XrResult parse_hand(struct mx_script_ext *e, const struct mx_where *w, const cJSON *obj, bool left,
                           uint64_t frame)
{
    static const char *const keys[] = {"curl", "pinch", "tracked", "pose"};
    const char *what = left ? "hand_left" : "hand_right";
    if (!cJSON_IsObject(obj))
        return mx_script_fail(w, "\"%s\" must be an object {\"curl\":0..1, \"pinch\":0..1, \"tracked\":true|false, "
                                 "\"pose\":{\"position\":[x,y,z], \"orientation\":[x,y,z,w]}}", what);
    XrResult r = only_keys(w, obj, what, keys, 4, "curl, pinch, tracked, pose");
    enum mx_held_target target = left ? MX_HELD_LEFT : MX_HELD_RIGHT;
    for (const cJSON *c = obj->child; c && r == XR_SUCCESS; c = c->next) {
        if (strcmp(c->string, "pose") == 0) {
            XrPosef pose;
            r = mx_script_parse_pose(w, c, "pose", &pose);
            if (r == XR_SUCCESS)
                r = mx_script_track_add(&e->hand_pose[left ? 0 : 1], frame, &pose);
        } else if (strcmp(c->string, "tracked") == 0) {
            if (!cJSON_IsBool(c))
                return mx_script_fail(w, "\"%s\".tracked must be true or false", what);
            r = add_held(e, (struct mx_held){frame, target, MX_HELD_TRACKED, cJSON_IsTrue(c) ? 1.0f : 0.0f});
        } else {
            if (!number_in(c, 0.0, 1.0))
                return mx_script_fail(w, "\"%s\".%s must be a number in [0, 1]", what, c->string);
            enum mx_held_field field = strcmp(c->string, "curl") == 0 ? MX_HELD_CURL : MX_HELD_PINCH;
            r = add_held(e, (struct mx_held){frame, target, field, (float)c->valuedouble});
        }
    }
    return r;
}

/* "gaze": {"yaw": degrees, "pitch": degrees, "tracked": bool}, relative to the head */
static XrResult parse_gaze(struct mx_script_ext *e, const struct mx_where *w, const cJSON *obj, uint64_t frame)
{
    static const char *const keys[] = {"yaw", "pitch", "tracked"};
    if (!cJSON_IsObject(obj))
        return mx_script_fail(w, "\"gaze\" must be an object {\"yaw\": degrees, \"pitch\": degrees, \"tracked\": "
                                 "true|false}");
    XrResult r = only_keys(w, obj, "gaze", keys, 3, "yaw, pitch, tracked");
    for (const cJSON *c = obj->child; c && r == XR_SUCCESS; c = c->next) {
        if (strcmp(c->string, "tracked") == 0) {
            if (!cJSON_IsBool(c))
                return mx_script_fail(w, "\"gaze\".tracked must be true or false");
            r = add_held(e, (struct mx_held){frame, MX_HELD_GAZE, MX_HELD_TRACKED, cJSON_IsTrue(c) ? 1.0f : 0.0f});
        } else {
            if (!number_in(c, -60.0, 60.0))
                return mx_script_fail(w, "\"gaze\".%s must be a number of degrees in [-60, 60] (the eyes' range)",
                                      c->string);
            enum mx_held_field field = strcmp(c->string, "yaw") == 0 ? MX_HELD_YAW : MX_HELD_PITCH;
            r = add_held(e, (struct mx_held){frame, MX_HELD_GAZE, field, (float)c->valuedouble});
        }
    }
    return r;
}

/* Index of `s` in `names` (n of them), -1 when absent or not a string. */
static int choice(const cJSON *v, const char *const *names, int n)
{
    for (int k = 0; cJSON_IsString(v) && k < n; k++) {
        if (strcmp(v->valuestring, names[k]) == 0)
            return k;
    }
    return -1;
}

/* "perf": {"domain": "cpu"|"gpu", "sub_domain": "compositing"|"rendering"|"thermal",
 *          "level": "normal"|"warning"|"impaired", "headroom": degrees C, "slope": degrees C per s} */
static XrResult parse_perf(struct mx_script_ext *e, const struct mx_where *w, const cJSON *obj, uint64_t frame)
{
    static const char *const keys[] = {"domain", "sub_domain", "level", "headroom", "slope"};
    static const char *const domains[] = {"cpu", "gpu"}, *const subs[] = {"compositing", "rendering", "thermal"};
    static const char *const levels[] = {"normal", "warning", "impaired"};
    static const XrPerfSettingsNotificationLevelEXT level_values[] = {
        XR_PERF_SETTINGS_NOTIF_LEVEL_NORMAL_EXT, XR_PERF_SETTINGS_NOTIF_LEVEL_WARNING_EXT,
        XR_PERF_SETTINGS_NOTIF_LEVEL_IMPAIRED_EXT};
    if (!cJSON_IsObject(obj))
        return mx_script_fail(w, "\"perf\" must be an object {\"domain\", \"sub_domain\", \"level\", \"headroom\", "
                                 "\"slope\"}");
    XrResult r = only_keys(w, obj, "perf", keys, 5, "domain, sub_domain, level, headroom, slope");
    int d = choice(cJSON_GetObjectItemCaseSensitive(obj, "domain"), domains, 2);
    int sub = choice(cJSON_GetObjectItemCaseSensitive(obj, "sub_domain"), subs, 3);
    int level = choice(cJSON_GetObjectItemCaseSensitive(obj, "level"), levels, 3);
    const cJSON *headroom = cJSON_GetObjectItemCaseSensitive(obj, "headroom");
    const cJSON *slope = cJSON_GetObjectItemCaseSensitive(obj, "slope");
    if (r != XR_SUCCESS)
        return r;
    if (d < 0 || sub < 0 || level < 0)
        return mx_script_fail(w, "\"perf\" needs \"domain\": cpu|gpu, \"sub_domain\": compositing|rendering|thermal "
                                 "and \"level\": normal|warning|impaired");
    if ((headroom || slope) && sub != 2)
        return mx_script_fail(w, "\"perf\": \"headroom\" and \"slope\" go with the thermal sub_domain only");
    if ((headroom && !number_in(headroom, -100.0, 100.0)) || (slope && !number_in(slope, -100.0, 100.0)))
        return mx_script_fail(w, "\"perf\": \"headroom\" (degrees C) and \"slope\" (degrees C per second) must be "
                                 "numbers in [-100, 100]");
    return add_change(e, (struct mx_change){.frame = frame, .kind = MX_CHANGE_PERF,
                                            .domain = (XrPerfSettingsDomainEXT)(d + 1),
                                            .sub = (XrPerfSettingsSubDomainEXT)(sub + 1),
                                            .level = level_values[level],
                                            .headroom = headroom ? (float)headroom->valuedouble : NAN,
                                            .slope = slope ? (float)slope->valuedouble : NAN});
}

XrResult mx_script_ext_parse(struct mx_script_ext *e, const struct mx_config *cfg, const struct mx_where *w,
                             const cJSON *entry, uint64_t frame)
{
    XrResult r = XR_SUCCESS;
    for (const cJSON *c = entry->child; c && r == XR_SUCCESS; c = c->next) {
        if (strcmp(c->string, "hand_left") == 0 || strcmp(c->string, "hand_right") == 0) {
            r = parse_hand(e, w, c, strcmp(c->string, "hand_left") == 0, frame);
        } else if (strcmp(c->string, "gaze") == 0) {
            r = parse_gaze(e, w, c, frame);
        } else if (strcmp(c->string, "perf") == 0) {
            r = parse_perf(e, w, c, frame);
        } else if (strcmp(c->string, "user_present") == 0) {
            if (!cJSON_IsBool(c))
                return mx_script_fail(w, "\"user_present\" must be true or false");
            r = add_change(e, (struct mx_change){.frame = frame, .kind = MX_CHANGE_PRESENCE,
                                                 .value = cJSON_IsTrue(c) ? 1.0f : 0.0f});
        } else if (strcmp(c->string, "refresh_hz") == 0) {
            if (!cJSON_IsNumber(c) || !mx_refresh_rate_supported(cfg, (float)c->valuedouble))
                return mx_script_fail(w, "\"refresh_hz\" must be a rate the display supports: 60, 72, 80, 90, 120, "
                                         "144 or MOCKXR_REFRESH_HZ (%u)", cfg->refresh_hz);
            r = add_change(e, (struct mx_change){.frame = frame, .kind = MX_CHANGE_REFRESH,
                                                 .value = (float)c->valuedouble});
        } else if (strcmp(c->string, "fov_scale") == 0) {
            if (!number_in(c, 0.5, 1.0))
                return mx_script_fail(w, "\"fov_scale\" must be a number in [0.5, 1] (1: the nominal field of view)");
            r = add_change(e, (struct mx_change){.frame = frame, .kind = MX_CHANGE_FOV, .value = (float)c->valuedouble});
        }
    }
    return r;
}

void mx_script_ext_apply(const struct mx_script_ext *e, struct mx_session *s, uint64_t frame)
{
    for (size_t k = 0; e && k < e->change_count; k++) {
        const struct mx_change *c = &e->changes[k];
        if (c->frame != frame)
            continue;
        switch (c->kind) {
        case MX_CHANGE_PRESENCE: mx_ext_set_user_presence(s, c->value != 0.0f); break;
        case MX_CHANGE_REFRESH: mx_ext_set_refresh_rate(s, c->value); break;
        case MX_CHANGE_PERF: mx_ext_set_perf(s, c->domain, c->sub, c->level, c->headroom, c->slope); break;
        case MX_CHANGE_FOV: mx_ext_set_fov_scale(s, c->value); break;
        }
    }
}

/* The last value of (target, field) set at or before `frame`; false when none. */
static bool held_at(const struct mx_script_ext *e, enum mx_held_target target, enum mx_held_field field,
                    uint64_t frame, float *out)
{
    bool found = false;
    for (size_t k = 0; k < e->held_count && e->held[k].frame <= frame; k++) {
        if (e->held[k].target == target && e->held[k].field == field) {
            *out = e->held[k].value;
            found = true;
        }
    }
    return found;
}

void mx_script_hand_at(const struct mx_script *sc, bool left, uint64_t frame, struct mx_hand_state *io)
{
    const struct mx_script_ext *e = mx_script_ext_of(sc);
    enum mx_held_target target = left ? MX_HELD_LEFT : MX_HELD_RIGHT;
    float tracked = 1.0f;
    held_at(e, target, MX_HELD_CURL, frame, &io->curl);
    held_at(e, target, MX_HELD_PINCH, frame, &io->pinch);
    if (held_at(e, target, MX_HELD_TRACKED, frame, &tracked))
        io->tracked = tracked != 0.0f;
}

bool mx_script_hand_track_at(const struct mx_script *sc, bool left, double frame, XrPosef *out_palm)
{
    return mx_script_track_at(&mx_script_ext_of(sc)->hand_pose[left ? 0 : 1], frame, out_palm);
}

void mx_script_gaze_at(const struct mx_script *sc, uint64_t frame, struct mx_gaze_state *io)
{
    const struct mx_script_ext *e = mx_script_ext_of(sc);
    float tracked = 1.0f;
    held_at(e, MX_HELD_GAZE, MX_HELD_YAW, frame, &io->yaw);
    held_at(e, MX_HELD_GAZE, MX_HELD_PITCH, frame, &io->pitch);
    if (held_at(e, MX_HELD_GAZE, MX_HELD_TRACKED, frame, &tracked))
        io->tracked = tracked != 0.0f;
}
