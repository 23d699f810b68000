/* mockxr's action/input system: its objects, the hooks CORE calls into INPUT, and the proc lookup. */
#ifndef MOCKXR_MX_INPUT_H
#define MOCKXR_MX_INPUT_H

#include <stdbool.h>
#include <stdint.h>
#include <openxr/openxr.h>

#include "mockxr_internal.h"
#include "mx_profiles.h"

struct mx_instance;
struct mx_session;
struct mx_space;

/* An action set. Its memory lives until the instance is destroyed: action spaces and bindings keep
 * using an action after its handle is destroyed (spec: "must not destroy the underlying resources"). */
struct mx_action_set {
    uint64_t handle; /* 0 once xrDestroyActionSet was called */
    struct mx_instance *instance;
    char name[XR_MAX_ACTION_SET_NAME_SIZE];
    char localized_name[XR_MAX_LOCALIZED_ACTION_SET_NAME_SIZE];
    uint32_t priority;
    bool attached; /* included in an xrAttachSessionActionSets call: immutable */
    struct mx_action *actions;
    struct mx_action_set *next;
};

struct mx_action {
    uint64_t handle; /* 0 once destroyed (directly or with its set) */
    struct mx_action_set *set;
    char name[XR_MAX_ACTION_NAME_SIZE];
    char localized_name[XR_MAX_LOCALIZED_ACTION_NAME_SIZE];
    XrActionType type;
    unsigned subaction_users; /* mx_user_bits of the declared subaction paths, 0 = none declared */
    struct mx_action *next;
};

/* Returns the input function named `name` (xrCreateActionSet, xrSyncActions, ...) or NULL. */
PFN_xrVoidFunction mx_input_proc(const char *name);

/* Frees every action set / action / suggested binding of the instance (instance destroy). */
void mx_input_instance_destroy(struct mx_instance *i);

/* Frees the session's input state (attachment, per-action states). */
void mx_input_session_destroy(struct mx_session *s);

/* Pose, in STAGE space (like mx_sim_pose), of the input source an action space follows at `time` (the
 * bound grip/aim pose of the simulated controller), WITHOUT the space's poseInActionSpace (CORE applies it).
 * out_active is false when the action is not active as of the last xrSyncActions (unlocatable). */
XrResult mx_input_locate_action_space(struct mx_space *space, XrTime time, XrPosef *out_pose, bool *out_active);

/* Session focus changed. States only change at xrSyncActions (spec), so this just notes it. */
void mx_input_on_focus_change(struct mx_session *s, bool focused);

/* Haptic calls of the session so far (for the report): xrApplyHapticFeedback calls that reached a
 * bound haptic output while focused, and xrStopHapticFeedback calls while focused (unfocused calls
 * return XR_SESSION_NOT_FOCUSED and do not count). */
void mx_input_haptic_counts(const struct mx_session *s, uint64_t *out_applied, uint64_t *out_stopped);

/* The current interaction profile of a top-level user path bit in the session (NULL: XR_NULL_PATH). */
const struct mx_profile *mx_input_current_profile(const struct mx_session *s, unsigned user);

/* The interaction profile the simulated controllers present (NULL for MX_CONTROLLERS_NONE). */
const struct mx_profile *mx_input_simulated_profile(enum mx_controllers c);

/* For script.c: true when `path` ("/user/hand/right/input/a/click") is a boolean or scalar input of the
 * simulated controllers, so a script can set it; otherwise *out_why (static text) says why not. */
bool mx_input_script_path_valid(enum mx_controllers c, const char *path, const char **out_why);

/* ---- Internal to the input rooms (input.c, actions_bindings.c, actions_sync.c, actions_output.c) ---- */

/* Suggested bindings of one profile: replaced wholesale by each successful suggest call. */
struct mx_suggested_binding {
    struct mx_action *action;
    XrPath path;
    struct mx_binding_source src; /* resolved for the action's type (kind NONE: ignored) */
};

struct mx_dpad_params; /* ext/mx_ext.h */

struct mx_input_instance {
    struct mx_action_set *sets; /* every set ever created (destroyed ones keep handle 0) */
    struct mx_suggested_binding *suggested[MX_PROFILE_COUNT]; /* indexed like mx_profile_at() */
    size_t suggested_count[MX_PROFILE_COUNT];
    struct mx_dpad_params *dpads[MX_PROFILE_COUNT]; /* XR_EXT_dpad_binding settings of the last suggest call */
    size_t dpad_count[MX_PROFILE_COUNT];
};

/* State of one action for one top-level user path (or, in slot MX_ANY, for all of them). */
#define MX_ANY MX_USER_PATH_COUNT
struct mx_action_value {
    bool active, changed;
    float v[2]; /* boolean 0/1, float, vector2f x/y */
    XrTime last_change;
};

struct mx_action_state {
    struct mx_action *action;
    struct mx_action_value sub[MX_USER_PATH_COUNT + 1];
    unsigned pose_user; /* pose actions: the user path whose source the action follows (0: none) */
};

/* XR_EXT_dpad_binding: one dpad (action set, thumbstick / trackpad) of the session, evaluated once per sync. */
struct mx_dpad_state {
    const struct mx_action_set *set;
    unsigned user;
    const struct mx_profile_component *x;
    bool engaged;      /* see struct mx_dpad_latch */
    unsigned latched;
    unsigned active;   /* enum mx_dpad_dir bits of the last sync */
    uint64_t sync;     /* the sync that computed `active` */
};

struct mx_input_session {
    bool attached;
    uint64_t syncs;    /* xrSyncActions calls (dpads evaluate once per sync) */
    struct mx_dpad_state *dpads;
    size_t dpad_count;
    struct mx_action_set **sets;
    size_t set_count;
    struct mx_action_state *states;
    size_t state_count;
    const struct mx_profile *current[MX_USER_PATH_COUNT]; /* NULL: XR_NULL_PATH */
    uint64_t haptic_applied, haptic_stopped;
};

struct mx_input_instance *mx_input_instance_data(struct mx_instance *i); /* created on demand, NULL on OOM */
struct mx_input_session *mx_input_session_data(struct mx_session *s);    /* created on demand, NULL on OOM */
/* The user bit of a top-level user path this instance knows (/user/eyes_ext only with
 * XR_EXT_eye_gaze_interaction enabled), else 0. */
unsigned mx_input_user(const struct mx_instance *i, const char *path);
/* True when an action space follows the eyes now (XrEyeGazeSampleTimeEXT applies to it). */
bool mx_input_space_follows_gaze(struct mx_space *space);
/* Index 0..MX_USER_PATH_COUNT-1 of a single user bit. */
unsigned mx_user_index(unsigned user_bit);
/* The state of `a` in the session, or NULL when its set is not attached to it. */
struct mx_action_state *mx_input_state_of(struct mx_input_session *is, const struct mx_action *a);
/* Validates an XrPath given as a subaction path for action `a`: XR_NULL_PATH gives *out_user 0;
 * unknown value → PATH_INVALID; not declared on the action → PATH_UNSUPPORTED (all diagnosed). */
XrResult mx_input_check_subaction(struct mx_instance *i, const struct mx_action *a, XrPath path, const char *func,
                                  unsigned *out_user);
/* XR_EXT_dpad_binding (actions_dpad.c): whether the dpad component `src` reads is active at this sync. */
bool mx_input_dpad_read(struct mx_session *s, struct mx_input_session *is, const struct mx_input_instance *ii,
                        const struct mx_profile *p, const struct mx_action_set *set, const struct mx_binding_source *src);
/* Re-evaluates the current interaction profile per user path; queues the changed event if any changed. */
void mx_input_update_profiles(struct mx_session *s, struct mx_input_session *is);

/* Entry points implemented by the rooms (served through mx_input_proc). */
XrResult XRAPI_CALL mx_xrSuggestInteractionProfileBindings(XrInstance instance,
                                                           const XrInteractionProfileSuggestedBinding *suggested);
XrResult XRAPI_CALL mx_xrAttachSessionActionSets(XrSession session, const XrSessionActionSetsAttachInfo *info);
XrResult XRAPI_CALL mx_xrGetCurrentInteractionProfile(XrSession session, XrPath top_level_user_path,
                                                      XrInteractionProfileState *out_state);
XrResult XRAPI_CALL mx_xrEnumerateBoundSourcesForAction(XrSession session,
                                                        const XrBoundSourcesForActionEnumerateInfo *info,
                                                        uint32_t capacity, uint32_t *count_out, XrPath *sources);
XrResult XRAPI_CALL mx_xrGetInputSourceLocalizedName(XrSession session,
                                                     const XrInputSourceLocalizedNameGetInfo *info,
                                                     uint32_t capacity, uint32_t *count_out, char *buffer);
XrResult XRAPI_CALL mx_xrSyncActions(XrSession session, const XrActionsSyncInfo *info);
XrResult XRAPI_CALL mx_xrGetActionStateBoolean(XrSession session, const XrActionStateGetInfo *info,
                                               XrActionStateBoolean *state);
XrResult XRAPI_CALL mx_xrGetActionStateFloat(XrSession session, const XrActionStateGetInfo *info,
                                             XrActionStateFloat *state);
XrResult XRAPI_CALL mx_xrGetActionStateVector2f(XrSession session, const XrActionStateGetInfo *info,
                                                XrActionStateVector2f *state);
XrResult XRAPI_CALL mx_xrGetActionStatePose(XrSession session, const XrActionStateGetInfo *info,
                                            XrActionStatePose *state);
XrResult XRAPI_CALL mx_xrApplyHapticFeedback(XrSession session, const XrHapticActionInfo *info,
                                             const XrHapticBaseHeader *feedback);
XrResult XRAPI_CALL mx_xrStopHapticFeedback(XrSession session, const XrHapticActionInfo *info);
XrResult XRAPI_CALL mx_xrCreateActionSpace(XrSession session, const XrActionSpaceCreateInfo *info, XrSpace *space);

#endif
