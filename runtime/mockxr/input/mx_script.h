/* The MOCKXR_SCRIPT timeline as data: what script.c (and script_ext.c, the extensions' keys) parse and the
 * queries sim.c, hands.c, gaze.c and frame.c make. */
#ifndef MOCKXR_MX_SCRIPT_H
#define MOCKXR_MX_SCRIPT_H

#include <cjson/cJSON.h>

#include "mockxr_internal.h"
#include "mx_sim.h"

/* Keyframed pose of "/user/head" | "/user/hand/left" | "/user/hand/right" at a fractional frame
 * (linear between keyframes, held outside them); false when the script has no keyframe for it. */
bool mx_script_pose(const struct mx_script *sc, const char *user_path, double frame, XrPosef *out_pose);
/* Last value the script set for `path` at or before `frame`; false when never set by then. */
bool mx_script_input_at(const struct mx_script *sc, const char *path, uint64_t frame, float *out_value);

/* The script's "snapshots" (marked frames, increasing); 0 without a script or the key. */
size_t mx_script_snapshots(const struct mx_script *sc, const uint64_t **out);

/* ---- Shared by the parsers (script.c, script_ext.c) ----------------------------------------------- */

/* Where a problem is: file, line of the entry, entry index. */
struct mx_where {
    const char *file;
    const char *text;
    int *entry_lines;
    size_t entry;
};
/* Prints "MOCKXR_SCRIPT=<file>:<line>: timeline[N]: <message>" and returns XR_ERROR_RUNTIME_FAILURE. */
XrResult mx_script_fail(const struct mx_where *w, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* {"position":[x,y,z],"orientation":[x,y,z,w]} (orientation optional, a unit quaternion). */
XrResult mx_script_parse_pose(const struct mx_where *w, const cJSON *obj, const char *key, XrPosef *out);

struct mx_keyframe {
    uint64_t frame;
    XrPosef pose;
};
struct mx_track {
    struct mx_keyframe *keys;
    size_t count;
};
XrResult mx_script_track_add(struct mx_track *t, uint64_t frame, const XrPosef *pose);
/* The track's pose at a fractional frame (linear, shortest arc), false when it has no keyframe. */
bool mx_script_track_at(const struct mx_track *t, double frame, XrPosef *out_pose);

/* ---- The extensions' keys (script_ext.c) ------------------------------------------------------------ */

struct mx_script_ext;
XrResult mx_script_ext_create(struct mx_script_ext **out);
void mx_script_ext_destroy(struct mx_script_ext **e);
/* True when `key` is one of the extensions' timeline keys. */
bool mx_script_ext_key(const char *key);
/* Parses the extensions' keys of one timeline entry. */
XrResult mx_script_ext_parse(struct mx_script_ext *e, const struct mx_config *cfg, const struct mx_where *w,
                             const cJSON *entry, uint64_t frame);
/* Applies the extensions' changes scheduled for run frame `frame` (presence, refresh rate, perf, FOV). */
void mx_script_ext_apply(const struct mx_script_ext *e, struct mx_session *s, uint64_t frame);
const struct mx_script_ext *mx_script_ext_of(const struct mx_script *sc);
/* The script's hand values at a run frame, over what the controller gives (left false: the right hand). */
void mx_script_hand_at(const struct mx_script *sc, bool left, uint64_t frame, struct mx_hand_state *io);
bool mx_script_hand_track_at(const struct mx_script *sc, bool left, double frame, XrPosef *out_palm);
void mx_script_gaze_at(const struct mx_script *sc, uint64_t frame, struct mx_gaze_state *io);

#endif
