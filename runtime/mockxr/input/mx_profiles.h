/* The interaction profiles of core OpenXR 1.0 (and of mockxr's extensions) as data, and the binding-path
 * rules of "Suggested Bindings" (with XR_EXT_dpad_binding's dpad components). */
#ifndef MOCKXR_MX_PROFILES_H
#define MOCKXR_MX_PROFILES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <openxr/openxr.h>

/* What one component path of a profile yields. */
enum mx_comp_type {
    MX_COMP_BOOLEAN,   /* .../click, .../touch */
    MX_COMP_FLOAT,     /* .../value, .../force, .../x, .../y */
    MX_COMP_POSE,      /* .../pose */
    MX_COMP_VIBRATION, /* /output/haptic* */
};

/* Top-level user paths a profile (or one of its components) is valid for. */
enum mx_user_bits {
    MX_USER_LEFT = 1u << 0,    /* /user/hand/left */
    MX_USER_RIGHT = 1u << 1,   /* /user/hand/right */
    MX_USER_HEAD = 1u << 2,    /* /user/head */
    MX_USER_GAMEPAD = 1u << 3, /* /user/gamepad */
    MX_USER_EYES = 1u << 4,    /* /user/eyes_ext (XR_EXT_eye_gaze_interaction) */
    MX_USER_HANDS = MX_USER_LEFT | MX_USER_RIGHT,
};

#define MX_USER_PATH_COUNT 5
#define MX_PROFILE_COUNT 10 /* the nine of OpenXR 1.0, then XR_EXT_eye_gaze_interaction's */

struct mx_profile_component {
    const char *subpath;  /* "/input/trigger/value", "/output/haptic" */
    enum mx_comp_type type;
    unsigned users;       /* subset of the profile's users this component exists on */
    bool system;          /* "may not be available for application use" */
};

struct mx_profile {
    const char *path;           /* "/interaction_profiles/oculus/touch_controller" */
    const char *localized_name; /* "Oculus Touch Controller" */
    const char *extension;      /* the extension that defines it, NULL for a profile of the core spec */
    unsigned users;             /* mx_user_bits */
    const struct mx_profile_component *components;
    size_t component_count;
};

/* How an action of a given type reads a bound path (spec, "Suggested Bindings"). */
enum mx_bind_kind {
    MX_BIND_NONE,      /* path valid for the profile but it cannot feed this action type: ignored */
    MX_BIND_DIRECT,    /* value as is (boolean→boolean, float→float, pose, vibration) */
    MX_BIND_THRESHOLD, /* float source read by a boolean action: threshold with hysteresis */
    MX_BIND_BOOL_TO_FLOAT, /* boolean source read by a float action: 0.0 / 1.0 */
    MX_BIND_VECTOR2,   /* parent path with /x and /y read by a vector2f action */
    MX_BIND_DPAD,      /* XR_EXT_dpad_binding: a dpad component of a thumbstick / trackpad, read as boolean */
};

/* XR_EXT_dpad_binding's components, as bits (a dpad can have two adjacent directions active). */
enum mx_dpad_dir {
    MX_DPAD_UP = 1u << 0,
    MX_DPAD_DOWN = 1u << 1,
    MX_DPAD_LEFT = 1u << 2,
    MX_DPAD_RIGHT = 1u << 3,
    MX_DPAD_CENTER = 1u << 4, /* trackpads only */
};

struct mx_binding_source {
    enum mx_bind_kind kind;
    unsigned user;              /* exactly one mx_user_bits bit */
    const struct mx_profile_component *comp;   /* the component read (the x one for MX_BIND_VECTOR2 / DPAD) */
    const struct mx_profile_component *comp_y; /* MX_BIND_VECTOR2 and MX_BIND_DPAD */
    const struct mx_profile_component *comp_press; /* MX_BIND_DPAD on a trackpad: its click, else its force */
    unsigned dpad;              /* MX_BIND_DPAD: the enum mx_dpad_dir bit it reads */
};

size_t mx_profile_count(void);
const struct mx_profile *mx_profile_at(size_t index);
/* NULL when `path` is not one of the nine core profiles. */
const struct mx_profile *mx_profile_find(const char *path);

/* "/user/hand/left" → MX_USER_LEFT ...; 0 when not a top-level user path of the core spec. */
unsigned mx_user_from_path(const char *user_path);
const char *mx_user_path(unsigned user_bit);
const char *mx_user_localized(unsigned user_bit);

/* True when `binding` (full path, e.g. "/user/hand/left/input/trigger") is accepted by
 * xrSuggestInteractionProfileBindings for `profile`: a listed component, or the parent
 * identifier of listed components. On false, *out_why says what is wrong (static text). */
bool mx_profile_binding_valid(const struct mx_profile *profile, const char *binding, const char **out_why);

/* Which component(s) an action of `type` reads through the valid path `binding`.
 * Returns false (and kind MX_BIND_NONE) when the path is not valid or cannot feed that type. */
bool mx_profile_resolve(const struct mx_profile *profile, const char *binding, XrActionType type,
                        struct mx_binding_source *out);

/* XR_EXT_dpad_binding: when `binding` is a dpad component ("/user/hand/left/input/thumbstick/dpad_up") of a
 * thumbstick or trackpad identifier of `profile` (center on trackpads only), true with *out resolved for
 * an action of `type` (kind MX_BIND_NONE when that type cannot read it); false otherwise. */
bool mx_profile_dpad_resolve(const struct mx_profile *profile, const char *binding, XrActionType type,
                             struct mx_binding_source *out);
/* True when `binding` is a thumbstick / trackpad identifier of `profile` without a component
 * ("/user/hand/left/input/thumbstick"), the input XrInteractionProfileDpadBindingEXT::binding names; *out
 * then has its user, x, y and (trackpads) press components. */
bool mx_profile_dpad_identifier(const struct mx_profile *profile, const char *binding, struct mx_binding_source *out);
/* "dpad_up" ... of a direction bit. */
const char *mx_dpad_name(unsigned dir);

/* Human-readable name of a component, e.g. "Trigger" for "/input/trigger/value"; writes at most
 * `cap` bytes into `buf` (always terminated when cap > 0). */
void mx_component_localized(const struct mx_profile_component *comp, char *buf, size_t cap);

#endif
