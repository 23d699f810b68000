/* The simulated hands (input/hands.c) and eyes (input/gaze.c) that XR_EXT_hand_tracking and
 * XR_EXT_eye_gaze_interaction report (ext/). */
#ifndef MOCKXR_MX_SIM_H
#define MOCKXR_MX_SIM_H

#include "mockxr_internal.h"

/* What drives a hand now: the controller's trigger / squeeze, or the script's values. */
struct mx_hand_state {
    bool tracked;  /* false: the hand is not seen (the script's "tracked": false) */
    float curl;    /* 0 open .. 1 fist: middle, ring and little fingers */
    float pinch;   /* 0 open .. 1 the index and thumb tips touch */
};

/* The 26 joints of XR_HAND_JOINT_SET_DEFAULT_EXT, indexed by XrHandJointEXT. */
struct mx_hand_joints {
    XrPosef pose[XR_HAND_JOINT_COUNT_EXT];
    float radius[XR_HAND_JOINT_COUNT_EXT];
};

void mx_hand_state(const struct mx_session *s, XrHandEXT hand, struct mx_hand_state *out);
/* Joint poses in STAGE at time t (and radii), whether tracked or not. */
void mx_hand_joints(const struct mx_session *s, XrHandEXT hand, XrTime t, struct mx_hand_joints *out);

/* The script's hand pose override (the palm joint in STAGE) at time t; false when it has none (sim.c). */
bool mx_script_hand_pose(const struct mx_session *s, bool left, XrTime t, XrPosef *out_palm);

/* The eyes: where the gaze points, relative to the head (degrees; yaw left +, pitch up +). */
struct mx_gaze_state {
    bool tracked;
    float yaw, pitch;
};

void mx_gaze_state(const struct mx_session *s, struct mx_gaze_state *out);
/* The gaze pose in STAGE at time t: from between the eyes (the head pose), -Z along the gaze. */
void mx_gaze_pose(const struct mx_session *s, XrTime t, XrPosef *out);

#endif
