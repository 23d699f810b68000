/* XR_EXT_dpad_binding: a thumbstick or trackpad read as a dpad - the spec's wedges, centre region, force
 * hysteresis and sticky latching, evaluated from the stick's values at each xrSyncActions. */
#include "mx_ext.h"
#include "mx_profiles.h"

#include <math.h>

#define MX_DPAD_PI 3.14159265358979323846

struct mx_dpad_params mx_dpad_defaults(void)
{
    /* spec: "the runtime must behave as if one were passed with the following values" */
    return (struct mx_dpad_params){.force_threshold = 0.5f, .force_released = 0.4f, .center = 0.5f,
                                   .wedge = (float)(MX_DPAD_PI / 2.0), .sticky = false};
}

/* The directions whose wedge (wedgeAngle wide, centred on the direction) holds the angle of (x, y). */
static unsigned regions(float x, float y, float wedge)
{
    static const struct {
        unsigned dir;
        double angle;
    } axes[4] = {{MX_DPAD_RIGHT, 0.0}, {MX_DPAD_UP, MX_DPAD_PI / 2.0}, {MX_DPAD_LEFT, MX_DPAD_PI},
                 {MX_DPAD_DOWN, -MX_DPAD_PI / 2.0}};
    double a = atan2((double)y, (double)x);
    unsigned bits = 0;
    for (int k = 0; k < 4; k++) {
        double d = fabs(remainder(a - axes[k].angle, 2.0 * MX_DPAD_PI));
        if (d <= wedge / 2.0)
            bits |= axes[k].dir;
    }
    return bits;
}

unsigned mx_dpad_eval(const struct mx_dpad_params *p, bool trackpad, float x, float y, bool has_press, bool press_is_force,
                      float press, struct mx_dpad_latch *io)
{
    float r = hypotf(x, y);
    bool engaged;
    if (!trackpad)
        engaged = r >= p->center; /* a thumbstick: inside the centre region every component is inactive */
    else if (!has_press)
        engaged = true;
    else if (!press_is_force)
        engaged = press >= 0.5f; /* the click */
    else /* force: active at >= threshold, inactive again only below the release threshold */
        engaged = io->engaged ? press >= p->force_released : press >= p->force_threshold;
    io->engaged = engaged;
    if (!engaged) {
        io->latched = 0;
        return 0;
    }
    unsigned now = trackpad && r < p->center ? MX_DPAD_CENTER : regions(x, y, p->wedge);
    if (!p->sticky)
        return now;
    if (!io->latched) /* latch the first region(s) entered; hold them until the input lets go */
        io->latched = now;
    return io->latched;
}
