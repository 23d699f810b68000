/* The nine interaction profiles of core OpenXR 1.0 (spec "Interaction Profile Paths"), the eye gaze profile
 * of XR_EXT_eye_gaze_interaction, and the rules that map a suggested binding path onto their components for
 * each action type (XR_EXT_dpad_binding's dpad components included). Pure data, no handles. */
#include "mx_profiles.h"

#include <ctype.h>
#include <string.h>

#define B MX_COMP_BOOLEAN
#define F MX_COMP_FLOAT
#define P MX_COMP_POSE
#define V MX_COMP_VIBRATION
#define L MX_USER_LEFT
#define R MX_USER_RIGHT
#define LR MX_USER_HANDS
#define H MX_USER_HEAD
#define G MX_USER_GAMEPAD
#define E MX_USER_EYES

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static const struct mx_profile_component simple_controller[] = {
    {"/input/select/click", B, LR, false}, {"/input/menu/click", B, LR, false},
    {"/input/grip/pose", P, LR, false},    {"/input/aim/pose", P, LR, false},
    {"/output/haptic", V, LR, false},
};

static const struct mx_profile_component daydream_controller[] = {
    {"/input/select/click", B, LR, false}, {"/input/trackpad/x", F, LR, false},
    {"/input/trackpad/y", F, LR, false},   {"/input/trackpad/click", B, LR, false},
    {"/input/trackpad/touch", B, LR, false}, {"/input/grip/pose", P, LR, false},
    {"/input/aim/pose", P, LR, false},
};

static const struct mx_profile_component vive_controller[] = {
    {"/input/system/click", B, LR, true},  {"/input/squeeze/click", B, LR, false},
    {"/input/menu/click", B, LR, false},   {"/input/trigger/click", B, LR, false},
    {"/input/trigger/value", F, LR, false}, {"/input/trackpad/x", F, LR, false},
    {"/input/trackpad/y", F, LR, false},   {"/input/trackpad/click", B, LR, false},
    {"/input/trackpad/touch", B, LR, false}, {"/input/grip/pose", P, LR, false},
    {"/input/aim/pose", P, LR, false},     {"/output/haptic", V, LR, false},
};

static const struct mx_profile_component vive_pro[] = {
    {"/input/system/click", B, H, true},
    {"/input/volume_up/click", B, H, false},
    {"/input/volume_down/click", B, H, false},
    {"/input/mute_mic/click", B, H, false},
};

static const struct mx_profile_component motion_controller[] = {
    {"/input/menu/click", B, LR, false},     {"/input/squeeze/click", B, LR, false},
    {"/input/trigger/value", F, LR, false},  {"/input/thumbstick/x", F, LR, false},
    {"/input/thumbstick/y", F, LR, false},   {"/input/thumbstick/click", B, LR, false},
    {"/input/trackpad/x", F, LR, false},     {"/input/trackpad/y", F, LR, false},
    {"/input/trackpad/click", B, LR, false}, {"/input/trackpad/touch", B, LR, false},
    {"/input/grip/pose", P, LR, false},      {"/input/aim/pose", P, LR, false},
    {"/output/haptic", V, LR, false},
};

static const struct mx_profile_component xbox_controller[] = {
    {"/input/menu/click", B, G, false},
    {"/input/view/click", B, G, false},
    {"/input/a/click", B, G, false},
    {"/input/b/click", B, G, false},
    {"/input/x/click", B, G, false},
    {"/input/y/click", B, G, false},
    {"/input/dpad_down/click", B, G, false},
    {"/input/dpad_right/click", B, G, false},
    {"/input/dpad_up/click", B, G, false},
    {"/input/dpad_left/click", B, G, false},
    {"/input/shoulder_left/click", B, G, false},
    {"/input/shoulder_right/click", B, G, false},
    {"/input/thumbstick_left/click", B, G, false},
    {"/input/thumbstick_right/click", B, G, false},
    {"/input/trigger_left/value", F, G, false},
    {"/input/trigger_right/value", F, G, false},
    {"/input/thumbstick_left/x", F, G, false},
    {"/input/thumbstick_left/y", F, G, false},
    {"/input/thumbstick_right/x", F, G, false},
    {"/input/thumbstick_right/y", F, G, false},
    {"/output/haptic_left", V, G, false},
    {"/output/haptic_right", V, G, false},
    {"/output/haptic_left_trigger", V, G, false},
    {"/output/haptic_right_trigger", V, G, false},
};

static const struct mx_profile_component go_controller[] = {
    {"/input/system/click", B, LR, true},  {"/input/trigger/click", B, LR, false},
    {"/input/back/click", B, LR, false},   {"/input/trackpad/x", F, LR, false},
    {"/input/trackpad/y", F, LR, false},   {"/input/trackpad/click", B, LR, false},
    {"/input/trackpad/touch", B, LR, false}, {"/input/grip/pose", P, LR, false},
    {"/input/aim/pose", P, LR, false},
};

static const struct mx_profile_component touch_controller[] = {
    {"/input/x/click", B, L, false},          {"/input/x/touch", B, L, false},
    {"/input/y/click", B, L, false},          {"/input/y/touch", B, L, false},
    {"/input/menu/click", B, L, false},       {"/input/a/click", B, R, false},
    {"/input/a/touch", B, R, false},          {"/input/b/click", B, R, false},
    {"/input/b/touch", B, R, false},          {"/input/system/click", B, R, true},
    {"/input/squeeze/value", F, LR, false},   {"/input/trigger/value", F, LR, false},
    {"/input/trigger/touch", B, LR, false},   {"/input/thumbstick/x", F, LR, false},
    {"/input/thumbstick/y", F, LR, false},    {"/input/thumbstick/click", B, LR, false},
    {"/input/thumbstick/touch", B, LR, false}, {"/input/thumbrest/touch", B, LR, false},
    {"/input/grip/pose", P, LR, false},       {"/input/aim/pose", P, LR, false},
    {"/output/haptic", V, LR, false},
};

static const struct mx_profile_component index_controller[] = {
    {"/input/system/click", B, LR, true},     {"/input/system/touch", B, LR, true},
    {"/input/a/click", B, LR, false},         {"/input/a/touch", B, LR, false},
    {"/input/b/click", B, LR, false},         {"/input/b/touch", B, LR, false},
    {"/input/squeeze/value", F, LR, false},   {"/input/squeeze/force", F, LR, false},
    {"/input/trigger/click", B, LR, false},   {"/input/trigger/value", F, LR, false},
    {"/input/trigger/touch", B, LR, false},   {"/input/thumbstick/x", F, LR, false},
    {"/input/thumbstick/y", F, LR, false},    {"/input/thumbstick/click", B, LR, false},
    {"/input/thumbstick/touch", B, LR, false}, {"/input/trackpad/x", F, LR, false},
    {"/input/trackpad/y", F, LR, false},      {"/input/trackpad/force", F, LR, false},
    {"/input/trackpad/touch", B, LR, false},  {"/input/grip/pose", P, LR, false},
    {"/input/aim/pose", P, LR, false},        {"/output/haptic", V, LR, false},
};

static const struct mx_profile_component eye_gaze_interaction[] = {
    {"/input/gaze_ext/pose", P, E, false},
};

#define PROFILE(p, name, users, comps) {p, name, NULL, users, comps, COUNT(comps)}

static const struct mx_profile profiles[] = {
    PROFILE("/interaction_profiles/khr/simple_controller", "Khronos Simple Controller", LR, simple_controller),
    PROFILE("/interaction_profiles/google/daydream_controller", "Google Daydream Controller", LR,
            daydream_controller),
    PROFILE("/interaction_profiles/htc/vive_controller", "HTC Vive Controller", LR, vive_controller),
    PROFILE("/interaction_profiles/htc/vive_pro", "HTC Vive Pro", H, vive_pro),
    PROFILE("/interaction_profiles/microsoft/motion_controller", "Microsoft Mixed Reality Motion Controller", LR,
            motion_controller),
    PROFILE("/interaction_profiles/microsoft/xbox_controller", "Microsoft Xbox Controller", G, xbox_controller),
    PROFILE("/interaction_profiles/oculus/go_controller", "Oculus Go Controller", LR, go_controller),
    PROFILE("/interaction_profiles/oculus/touch_controller", "Oculus Touch Controller", LR, touch_controller),
    PROFILE("/interaction_profiles/valve/index_controller", "Valve Index Controller", LR, index_controller),
    {"/interaction_profiles/ext/eye_gaze_interaction", "Eye Gaze Interaction", "XR_EXT_eye_gaze_interaction", E,
     eye_gaze_interaction, COUNT(eye_gaze_interaction)},
};
_Static_assert(COUNT(profiles) == MX_PROFILE_COUNT, "MX_PROFILE_COUNT is the number of profiles");

static const struct {
    unsigned bit;
    const char *path;
    const char *localized;
} user_paths[MX_USER_PATH_COUNT] = {
    {MX_USER_LEFT, "/user/hand/left", "Left Hand"},
    {MX_USER_RIGHT, "/user/hand/right", "Right Hand"},
    {MX_USER_HEAD, "/user/head", "Head"},
    {MX_USER_GAMEPAD, "/user/gamepad", "Gamepad"},
    {MX_USER_EYES, "/user/eyes_ext", "Eyes"},
};

size_t mx_profile_count(void)
{
    return COUNT(profiles);
}

const struct mx_profile *mx_profile_at(size_t index)
{
    return index < COUNT(profiles) ? &profiles[index] : NULL;
}

const struct mx_profile *mx_profile_find(const char *path)
{
    if (!path) {
        return NULL;
    }
    for (size_t i = 0; i < COUNT(profiles); i++) {
        if (strcmp(profiles[i].path, path) == 0) {
            return &profiles[i];
        }
    }
    return NULL;
}

unsigned mx_user_from_path(const char *user_path)
{
    if (!user_path) {
        return 0;
    }
    for (size_t i = 0; i < MX_USER_PATH_COUNT; i++) {
        if (strcmp(user_paths[i].path, user_path) == 0) {
            return user_paths[i].bit;
        }
    }
    return 0;
}

const char *mx_user_path(unsigned user_bit)
{
    for (size_t i = 0; i < MX_USER_PATH_COUNT; i++) {
        if (user_paths[i].bit == user_bit) {
            return user_paths[i].path;
        }
    }
    return NULL;
}

const char *mx_user_localized(unsigned user_bit)
{
    for (size_t i = 0; i < MX_USER_PATH_COUNT; i++) {
        if (user_paths[i].bit == user_bit) {
            return user_paths[i].localized;
        }
    }
    return NULL;
}

/* Splits a binding into its top-level user path (returned as a bit) and the subpath after it. */
static unsigned split_binding(const char *binding, const char **out_sub)
{
    for (size_t i = 0; i < MX_USER_PATH_COUNT; i++) {
        size_t n = strlen(user_paths[i].path);
        if (strncmp(binding, user_paths[i].path, n) == 0 && binding[n] == '/') {
            *out_sub = binding + n;
            return user_paths[i].bit;
        }
    }
    *out_sub = NULL;
    return 0;
}

/* Length of the identifier part of an input component ("/input/trigger" of "/input/trigger/value"). */
static size_t parent_len(const struct mx_profile_component *c)
{
    if (strncmp(c->subpath, "/input/", 7) != 0) {
        return 0; /* outputs have no components, hence no parent form */
    }
    const char *last = strrchr(c->subpath, '/');
    return (size_t)(last - c->subpath);
}

static bool is_parent_of(const struct mx_profile_component *c, const char *sub)
{
    size_t n = parent_len(c);
    return n > 0 && strlen(sub) == n && strncmp(c->subpath, sub, n) == 0;
}

static const struct mx_profile_component *find_exact(const struct mx_profile *p, unsigned user, const char *sub)
{
    for (size_t i = 0; i < p->component_count; i++) {
        if ((p->components[i].users & user) && strcmp(p->components[i].subpath, sub) == 0) {
            return &p->components[i];
        }
    }
    return NULL;
}

/* The child `leaf` ("click", "value", "x", ...) of the identifier `parent_sub`, if listed. */
static const struct mx_profile_component *find_child(const struct mx_profile *p, unsigned user,
                                                     const char *parent_sub, const char *leaf)
{
    size_t n = strlen(parent_sub);
    for (size_t i = 0; i < p->component_count; i++) {
        const struct mx_profile_component *c = &p->components[i];
        if ((c->users & user) && strncmp(c->subpath, parent_sub, n) == 0 && c->subpath[n] == '/' &&
            strcmp(c->subpath + n + 1, leaf) == 0) {
            return c;
        }
    }
    return NULL;
}

static bool has_children(const struct mx_profile *p, unsigned user, const char *sub)
{
    for (size_t i = 0; i < p->component_count; i++) {
        if ((p->components[i].users & user) && is_parent_of(&p->components[i], sub)) {
            return true;
        }
    }
    return false;
}

bool mx_profile_binding_valid(const struct mx_profile *profile, const char *binding, const char **out_why)
{
    const char *why_local;
    const char **why = out_why ? out_why : &why_local;
    const char *sub;
    if (!profile || !binding) {
        *why = "no profile or binding";
        return false;
    }
    unsigned user = split_binding(binding, &sub);
    if (user == 0) {
        *why = "does not start with a top-level user path (/user/hand/left, /user/hand/right, /user/head, "
               "/user/gamepad, /user/eyes_ext)";
        return false;
    }
    if (!(profile->users & user)) {
        *why = "this top-level user path is not valid for the interaction profile";
        return false;
    }
    if (find_exact(profile, user, sub) || has_children(profile, user, sub)) {
        *why = NULL;
        return true;
    }
    *why = "the interaction profile has no such input/output path on this top-level user path";
    return false;
}

static void resolve_exact(const struct mx_profile_component *c, XrActionType type, struct mx_binding_source *out)
{
    out->comp = c;
    switch (type) {
    case XR_ACTION_TYPE_BOOLEAN_INPUT:
        out->kind = c->type == MX_COMP_BOOLEAN ? MX_BIND_DIRECT
                    : c->type == MX_COMP_FLOAT ? MX_BIND_THRESHOLD
                                               : MX_BIND_NONE;
        break;
    case XR_ACTION_TYPE_FLOAT_INPUT:
        out->kind = c->type == MX_COMP_FLOAT     ? MX_BIND_DIRECT
                    : c->type == MX_COMP_BOOLEAN ? MX_BIND_BOOL_TO_FLOAT
                                                 : MX_BIND_NONE;
        break;
    case XR_ACTION_TYPE_POSE_INPUT:
        out->kind = c->type == MX_COMP_POSE ? MX_BIND_DIRECT : MX_BIND_NONE;
        break;
    case XR_ACTION_TYPE_VIBRATION_OUTPUT:
        out->kind = c->type == MX_COMP_VIBRATION ? MX_BIND_DIRECT : MX_BIND_NONE;
        break;
    default: /* vector2f needs the parent path */
        out->kind = MX_BIND_NONE;
        break;
    }
}

/* The spec's shorthand: a parent path means click (else value) for booleans, value (else click) for
 * floats, x+y for vector2f, pose for poses. */
static void resolve_parent(const struct mx_profile *p, unsigned user, const char *sub, XrActionType type,
                           struct mx_binding_source *out)
{
    const struct mx_profile_component *c = NULL;
    out->kind = MX_BIND_NONE;
    switch (type) {
    case XR_ACTION_TYPE_BOOLEAN_INPUT:
        if ((c = find_child(p, user, sub, "click")) != NULL) {
            out->kind = MX_BIND_DIRECT;
        } else if ((c = find_child(p, user, sub, "value")) != NULL) {
            out->kind = MX_BIND_THRESHOLD;
        }
        break;
    case XR_ACTION_TYPE_FLOAT_INPUT:
        if ((c = find_child(p, user, sub, "value")) != NULL) {
            out->kind = MX_BIND_DIRECT;
        } else if ((c = find_child(p, user, sub, "click")) != NULL) {
            out->kind = MX_BIND_BOOL_TO_FLOAT;
        }
        break;
    case XR_ACTION_TYPE_VECTOR2F_INPUT:
        c = find_child(p, user, sub, "x");
        out->comp_y = find_child(p, user, sub, "y");
        if (c && out->comp_y) {
            out->kind = MX_BIND_VECTOR2;
        }
        break;
    case XR_ACTION_TYPE_POSE_INPUT:
        if ((c = find_child(p, user, sub, "pose")) != NULL) {
            out->kind = MX_BIND_DIRECT;
        }
        break;
    default:
        break;
    }
    out->comp = out->kind == MX_BIND_NONE ? NULL : c;
    if (out->kind != MX_BIND_VECTOR2) {
        out->comp_y = NULL;
    }
}

bool mx_profile_resolve(const struct mx_profile *profile, const char *binding, XrActionType type,
                        struct mx_binding_source *out)
{
    const char *sub;
    *out = (struct mx_binding_source){.kind = MX_BIND_NONE};
    if (!mx_profile_binding_valid(profile, binding, NULL)) {
        return false;
    }
    out->user = split_binding(binding, &sub);
    const struct mx_profile_component *c = find_exact(profile, out->user, sub);
    if (c) {
        resolve_exact(c, type, out);
    } else {
        resolve_parent(profile, out->user, sub, type, out);
    }
    if (out->kind == MX_BIND_NONE) {
        out->comp = NULL;
        return false;
    }
    return true;
}

/* Appends `word` with underscores as spaces and each word capitalised. */
static size_t append_title(char *buf, size_t cap, size_t at, const char *word, size_t len)
{
    bool start = true;
    for (size_t i = 0; i < len && at + 1 < cap; i++) {
        char ch = word[i] == '_' ? ' ' : word[i];
        buf[at++] = start ? (char)toupper((unsigned char)ch) : ch;
        start = ch == ' ';
    }
    buf[at] = '\0';
    return at;
}

void mx_component_localized(const struct mx_profile_component *comp, char *buf, size_t cap)
{
    if (cap == 0) {
        return;
    }
    buf[0] = '\0';
    if (!comp) {
        return;
    }
    const char *id = strchr(comp->subpath + 1, '/'); /* after "/input" or "/output" */
    if (!id) {
        return;
    }
    id++;
    const char *slash = strchr(id, '/');
    size_t at = append_title(buf, cap, 0, id, slash ? (size_t)(slash - id) : strlen(id));
    if (slash && at + 2 < cap) {
        buf[at++] = ' ';
        buf[at] = '\0';
        append_title(buf, cap, at, slash + 1, strlen(slash + 1));
    }
}

/* ---- XR_EXT_dpad_binding ------------------------------------------------------------------------------ */

const char *mx_dpad_name(unsigned dir)
{
    switch (dir) {
    case MX_DPAD_UP: return "dpad_up";
    case MX_DPAD_DOWN: return "dpad_down";
    case MX_DPAD_LEFT: return "dpad_left";
    case MX_DPAD_RIGHT: return "dpad_right";
    case MX_DPAD_CENTER: return "dpad_center";
    default: return NULL;
    }
}

/* The spec's identifiers that take dpad components: "thumbstick" and "trackpad", or "thumbstick_<location>"
 * and "trackpad_<location>" ("/input/thumbstick_left" of the gamepad). */
static bool dpad_capable(const char *sub, bool *out_trackpad)
{
    static const char *const names[2] = {"/input/thumbstick", "/input/trackpad"};
    for (int k = 0; k < 2; k++) {
        size_t n = strlen(names[k]);
        if (strncmp(sub, names[k], n) == 0 && (sub[n] == '\0' || (sub[n] == '_' && sub[n + 1] && !strchr(sub + n, '/')))) {
            *out_trackpad = k == 1;
            return true;
        }
    }
    return false;
}

bool mx_profile_dpad_identifier(const struct mx_profile *profile, const char *binding, struct mx_binding_source *out)
{
    const char *sub;
    bool trackpad = false;
    *out = (struct mx_binding_source){.kind = MX_BIND_NONE};
    unsigned user = profile && binding ? split_binding(binding, &sub) : 0;
    if (!user || !(profile->users & user) || !dpad_capable(sub, &trackpad))
        return false;
    out->comp = find_child(profile, user, sub, "x");
    out->comp_y = find_child(profile, user, sub, "y");
    if (!out->comp || !out->comp_y)
        return false;
    if (trackpad && !(out->comp_press = find_child(profile, user, sub, "click")))
        out->comp_press = find_child(profile, user, sub, "force"); /* neither: always pressed when touched */
    out->user = user;
    return true;
}

bool mx_profile_dpad_resolve(const struct mx_profile *profile, const char *binding, XrActionType type,
                             struct mx_binding_source *out)
{
    *out = (struct mx_binding_source){.kind = MX_BIND_NONE};
    const char *leaf = binding ? strrchr(binding, '/') : NULL;
    unsigned dir = 0;
    for (unsigned d = MX_DPAD_UP; leaf && d <= MX_DPAD_CENTER && !dir; d <<= 1)
        dir = strcmp(leaf + 1, mx_dpad_name(d)) == 0 ? d : 0;
    char identifier[XR_MAX_PATH_LENGTH];
    if (!dir || (size_t)(leaf - binding) >= sizeof identifier)
        return false;
    memcpy(identifier, binding, (size_t)(leaf - binding));
    identifier[leaf - binding] = '\0';
    if (!mx_profile_dpad_identifier(profile, identifier, out))
        return false;
    bool trackpad = strstr(identifier, "/input/trackpad") != NULL;
    if (dir == MX_DPAD_CENTER && !trackpad) { /* the spec gives thumbsticks no center component */
        *out = (struct mx_binding_source){.kind = MX_BIND_NONE};
        return false;
    }
    out->dpad = dir;
    out->kind = type == XR_ACTION_TYPE_BOOLEAN_INPUT || type == XR_ACTION_TYPE_FLOAT_INPUT ? MX_BIND_DPAD : MX_BIND_NONE;
    return true;
}
