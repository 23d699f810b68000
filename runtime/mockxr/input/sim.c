/* Simulated tracking: the default head motion (MOCKXR_HEAD) and controller rest poses, overridable by
 * the script's keyframes. All of it is a pure function of time, so virtual-clock runs repeat exactly. */
#include "mockxr_internal.h"
#include "mx_script.h"

#include <math.h>
#include <string.h>

#define MX_PI 3.14159265358979323846
#define MX_STAND_HEIGHT 1.6

static XrQuaternionf yaw_pitch(double yaw, double pitch)
{
    double cy = cos(yaw * 0.5), sy = sin(yaw * 0.5), cp = cos(pitch * 0.5), sp = sin(pitch * 0.5);
    /* q = yaw(Y) * pitch(X) */
    return (XrQuaternionf){(float)(cy * sp), (float)(sy * cp), (float)(-sy * sp), (float)(cy * cp)};
}

static void default_head(const struct mx_instance *i, XrTime t, XrPosef *out, double *out_yaw)
{
    double sec = (double)(t - i->clock.epoch) / 1e9;
    double yaw = 0.0, pitch = 0.0;
    out->position = (XrVector3f){0.0f, (float)MX_STAND_HEIGHT, 0.0f};
    switch (i->config.head) {
    case MX_HEAD_STILL:
        break;
    case MX_HEAD_LOOK: /* look left/right +-30 deg every 4 s, up/down +-10 deg every 6 s */
        yaw = (30.0 * MX_PI / 180.0) * sin(2.0 * MX_PI * sec / 4.0);
        pitch = (10.0 * MX_PI / 180.0) * sin(2.0 * MX_PI * sec / 6.0);
        break;
    case MX_HEAD_WALK: { /* a 1 m circle at 0.5 m/s, facing the walking direction, with a step bob */
        double theta = 0.5 * sec;
        out->position = (XrVector3f){(float)sin(theta), (float)(MX_STAND_HEIGHT + 0.02 * sin(4.0 * MX_PI * sec)),
                                     (float)cos(theta)};
        yaw = theta - MX_PI / 2.0;
        break;
    }
    }
    out->orientation = yaw_pitch(yaw, pitch);
    *out_yaw = yaw;
}

/* Frame index (fractional) of time t on the run's display timeline (run frame 0 = its first
 * predictedDisplayTime, one frame per period, whichever session is asking). */
static double frame_at(const struct mx_session *s, XrTime t)
{
    const struct mx_instance *i = s->instance;
    if (i->frames_waited == 0 || i->clock.period <= 0)
        return 0.0;
    double f = (double)(t - i->first_predicted) / (double)i->clock.period;
    return f < 0.0 ? 0.0 : f;
}

void mx_sim_pose(const struct mx_session *s, const char *user_path, XrTime t, XrPosef *out_pose)
{
    const struct mx_instance *i = s->instance;
    if (i->script && mx_script_pose(i->script, user_path, frame_at(s, t), out_pose))
        return;
    if (mx_window_pose(i, user_path, out_pose)) /* MOCKXR_WINDOW: the person at the desk drives it */
        return;
    XrPosef head;
    double yaw;
    default_head(i, t, &head, &yaw);
    if (strcmp(user_path, "/user/head") == 0) {
        *out_pose = head;
        return;
    }
    /* Hands rest 40 cm below and 35 cm in front of the eyes, 20 cm to each side, turning with the body. */
    float side = strcmp(user_path, "/user/hand/left") == 0 ? -0.2f : 0.2f;
    XrPosef body = {.orientation = yaw_pitch(yaw, 0.0), .position = head.position};
    XrPosef hand = {.orientation = {0.0f, 0.0f, 0.0f, 1.0f}, .position = {side, -0.4f, -0.35f}};
    *out_pose = mx_pose_multiply(&body, &hand);
}

bool mx_script_input(const struct mx_session *s, const char *path, float *out_value)
{
    const struct mx_instance *i = s->instance;
    if (mx_window_input(i, path, out_value))
        return true;
    return i->script && mx_script_input_at(i->script, path, s->current_frame, out_value);
}

bool mx_script_hand_pose(const struct mx_session *s, bool left, XrTime t, XrPosef *out_palm)
{
    const struct mx_instance *i = s->instance;
    return i->script && mx_script_hand_track_at(i->script, left, frame_at(s, t), out_palm);
}
