/* XR_EXT_eye_gaze_interaction: the /interaction_profiles/ext/eye_gaze_interaction profile (input/profiles.c)
 * over the simulated eyes (input/gaze.c), the gaze sample time of xrLocateSpace, and the report's "gaze". */
#include "mx_ext.h"
#include "mx_sim.h"

/* "gaze":{"tracked","yaw","pitch"} - degrees, relative to the head. */
void mx_gaze_record(FILE *f, struct mx_session *s)
{
    struct mx_gaze_state g;
    mx_gaze_state(s, &g);
    fprintf(f, "\"gaze\":{\"tracked\":%d,\"yaw\":%.2f,\"pitch\":%.2f},", g.tracked ? 1 : 0, (double)g.yaw,
            (double)g.pitch);
}
