/* The simulated eyes of XR_EXT_eye_gaze_interaction: a gaze that looks straight ahead from between the
 * eyes, following the head, unless the script turns it (yaw, pitch relative to the head) or loses it. */
#include "mx_script.h"
#include "mx_sim.h"

#include <math.h>

void mx_gaze_state(const struct mx_session *s, struct mx_gaze_state *out)
{
    *out = (struct mx_gaze_state){.tracked = true};
    if (s->instance->script)
        mx_script_gaze_at(s->instance->script, s->current_frame, out);
}

void mx_gaze_pose(const struct mx_session *s, XrTime t, XrPosef *out)
{
    struct mx_gaze_state g;
    mx_gaze_state(s, &g);
    double yaw = g.yaw * 3.14159265358979323846 / 180.0, pitch = g.pitch * 3.14159265358979323846 / 180.0;
    double cy = cos(yaw * 0.5), sy = sin(yaw * 0.5), cp = cos(pitch * 0.5), sp = sin(pitch * 0.5);
    /* yaw about the head's +Y (left is positive), then pitch about its +X (up is positive) */
    XrPosef eyes = {.orientation = {(float)(cy * sp), (float)(sy * cp), (float)(-sy * sp), (float)(cy * cp)}};
    XrPosef head;
    mx_sim_pose(s, "/user/head", t, &head);
    *out = mx_pose_multiply(&head, &eyes);
}
