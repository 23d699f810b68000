/* The MOCKXR_SCRIPT timeline as data: what script.c parses and the queries sim.c / frame.c make. */
#ifndef MOCKXR_MX_SCRIPT_H
#define MOCKXR_MX_SCRIPT_H

#include "mockxr_internal.h"

/* Keyframed pose of "/user/head" | "/user/hand/left" | "/user/hand/right" at a fractional frame
 * (linear between keyframes, held outside them); false when the script has no keyframe for it. */
bool mx_script_pose(const struct mx_script *sc, const char *user_path, double frame, XrPosef *out_pose);
/* Last value the script set for `path` at or before `frame`; false when never set by then. */
bool mx_script_input_at(const struct mx_script *sc, const char *path, uint64_t frame, float *out_value);

#endif
