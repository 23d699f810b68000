/* The simulated hands of XR_EXT_hand_tracking: 26 joints per hand with radii, held around the simulated
 * controller's grip (or where the script puts them), the middle, ring and little fingers curled by the
 * squeeze and the index finger and thumb brought together by the trigger - a pinch - unless the script
 * sets the curl and pinch itself. A pure function of time and the run frame, so runs repeat exactly. */
#include "mx_input.h"
#include "mx_script.h"
#include "mx_sim.h"

#include <math.h>
#include <string.h>

#define DEG(a) ((float)((a) * 3.14159265358979323846 / 180.0))

/* A right hand in its own frame: origin at the palm joint (centre of the middle metacarpal), fingers
 * along -Z, back of the hand +Y, thumb towards -X: the spec's "fully opened hand facing down", in which
 * every joint's orientation is the identity. The left hand is its mirror image in X. Metres. */
struct finger {
    XrVector3f base;     /* the metacarpal joint (carpometacarpal, near the wrist) */
    XrVector3f knuckle;  /* the proximal joint: where the metacarpal ends */
    float length[3];     /* proximal, intermediate, distal phalanx (thumb: proximal, distal, and none) */
    float radius[5];     /* metacarpal, proximal, intermediate, distal, tip */
    float flex_max[3];   /* flexion of the three finger joints in a fist */
};

static const struct finger g_fingers[4] = { /* index, middle, ring, little */
    {{-0.012f, 0.0f, 0.035f}, {-0.022f, 0.0f, -0.033f}, {0.040f, 0.024f, 0.020f},
     {0.0110f, 0.0100f, 0.0090f, 0.0080f, 0.0070f}, {DEG(80), DEG(100), DEG(70)}},
    {{0.0f, 0.0f, 0.035f}, {0.0f, 0.0f, -0.035f}, {0.045f, 0.028f, 0.022f},
     {0.0110f, 0.0100f, 0.0090f, 0.0080f, 0.0070f}, {DEG(80), DEG(100), DEG(70)}},
    {{0.010f, 0.0f, 0.035f}, {0.020f, 0.0f, -0.032f}, {0.042f, 0.026f, 0.021f},
     {0.0105f, 0.0095f, 0.0085f, 0.0075f, 0.0065f}, {DEG(80), DEG(100), DEG(70)}},
    {{0.020f, 0.0f, 0.035f}, {0.037f, 0.0f, -0.027f}, {0.033f, 0.019f, 0.018f},
     {0.0095f, 0.0085f, 0.0075f, 0.0070f, 0.0060f}, {DEG(80), DEG(100), DEG(70)}},
};

/* The index finger's shape in a pinch (a fraction of a fist), the thumb's chain. */
static const float g_pinch_flex[3] = {DEG(50), DEG(55), DEG(30)};
static const XrVector3f g_thumb_base = {-0.028f, -0.018f, 0.028f};
static const XrVector3f g_thumb_open_dir = {-0.50f, -0.30f, -0.81f}; /* open: forward, out and down */
static const float g_thumb_length[3] = {0.044f, 0.033f, 0.029f};     /* metacarpal, proximal, distal */
static const float g_thumb_radius[4] = {0.0130f, 0.0110f, 0.0095f, 0.0085f};
#define WRIST_Z 0.047f
#define WRIST_RADIUS 0.022f
#define PALM_RADIUS 0.016f
/* The palm joint sits inside the hand that holds the controller: this far from the grip (the handle's
 * centre) towards the back of the hand. */
#define GRIP_TO_PALM 0.035f

static XrQuaternionf q_mul(XrQuaternionf a, XrQuaternionf b)
{
    return (XrQuaternionf){a.w * b.x + a.x * b.w + a.y * b.z - a.z * b.y, a.w * b.y - a.x * b.z + a.y * b.w + a.z * b.x,
                           a.w * b.z + a.x * b.y - a.y * b.x + a.z * b.w, a.w * b.w - a.x * b.x - a.y * b.y - a.z * b.z};
}

static XrVector3f q_rotate(XrQuaternionf q, XrVector3f v)
{
    XrPosef p = {.orientation = q}, pv = {.orientation = {0, 0, 0, 1}, .position = v};
    return mx_pose_multiply(&p, &pv).position;
}

static XrVector3f v_add(XrVector3f a, XrVector3f b) { return (XrVector3f){a.x + b.x, a.y + b.y, a.z + b.z}; }
static XrVector3f v_sub(XrVector3f a, XrVector3f b) { return (XrVector3f){a.x - b.x, a.y - b.y, a.z - b.z}; }
static XrVector3f v_scale(XrVector3f a, float s) { return (XrVector3f){a.x * s, a.y * s, a.z * s}; }
static float v_dot(XrVector3f a, XrVector3f b) { return a.x * b.x + a.y * b.y + a.z * b.z; }
static float v_len(XrVector3f a) { return sqrtf(v_dot(a, a)); }
static XrVector3f v_cross(XrVector3f a, XrVector3f b)
{
    return (XrVector3f){a.y * b.z - a.z * b.y, a.z * b.x - a.x * b.z, a.x * b.y - a.y * b.x};
}

/* The rotation taking unit vector a onto unit vector b (shortest arc). */
static XrQuaternionf q_between(XrVector3f a, XrVector3f b)
{
    XrVector3f c = v_cross(a, b);
    float w = 1.0f + v_dot(a, b);
    if (w < 1e-6f) /* opposite: any perpendicular axis */
        return fabsf(a.x) > 0.9f ? (XrQuaternionf){0, 1, 0, 0} : (XrQuaternionf){1, 0, 0, 0};
    float n = sqrtf(c.x * c.x + c.y * c.y + c.z * c.z + w * w);
    return (XrQuaternionf){c.x / n, c.y / n, c.z / n, w / n};
}

/* Rotation about +X by `angle` (bending a finger towards the palm is a negative angle). */
static XrQuaternionf q_axis_x(float angle)
{
    return (XrQuaternionf){sinf(angle * 0.5f), 0.0f, 0.0f, cosf(angle * 0.5f)};
}

/* The orientation whose -Z is `dir` (a bone pointing at the finger tip), back of the hand kept up. */
static XrQuaternionf q_bone(XrVector3f dir)
{
    return q_between((XrVector3f){0.0f, 0.0f, -1.0f}, v_scale(dir, 1.0f / v_len(dir)));
}

/* One finger: metacarpal joint, then each phalanx's joint bent by flex[k] (k = 0: the knuckle). */
static void finger_chain(const struct finger *f, const float flex[3], XrPosef *out /* 5 joints */)
{
    XrQuaternionf q = q_bone(v_sub(f->knuckle, f->base));
    out[0] = (XrPosef){q, f->base};
    XrVector3f p = f->knuckle;
    for (int k = 0; k < 3; k++) {
        q = q_mul(q, q_axis_x(-flex[k]));
        out[1 + k] = (XrPosef){q, p};
        p = v_add(p, q_rotate(q, (XrVector3f){0.0f, 0.0f, -f->length[k]}));
    }
    out[4] = (XrPosef){q, p};
}

/* The thumb bent by `flex` at its two outer joints, its base turned so that the chain starts along `dir`. */
static void thumb_chain(XrVector3f dir, float flex, XrPosef *out /* 4 joints */)
{
    XrQuaternionf q = q_bone(dir);
    XrVector3f p = g_thumb_base;
    for (int k = 0; k < 3; k++) {
        if (k > 0)
            q = q_mul(q, q_axis_x(-flex));
        out[k] = (XrPosef){q, p};
        p = v_add(p, q_rotate(q, (XrVector3f){0.0f, 0.0f, -g_thumb_length[k]}));
    }
    out[3] = (XrPosef){q, p};
}

/* The thumb reaching for `target`: bent just enough that base-to-tip spans the distance (bisection), then
 * turned about its base onto it. Beyond reach it stretches straight towards it. */
static void thumb_reach(XrVector3f target, XrPosef *out)
{
    XrVector3f open = v_scale(g_thumb_open_dir, 1.0f / v_len(g_thumb_open_dir));
    float want = v_len(v_sub(target, g_thumb_base)), lo = 0.0f, hi = DEG(100);
    for (int k = 0; k < 24; k++) {
        float mid = 0.5f * (lo + hi);
        thumb_chain(open, mid, out);
        if (v_len(v_sub(out[3].position, g_thumb_base)) > want)
            lo = mid;
        else
            hi = mid;
    }
    thumb_chain(open, lo, out);
    XrVector3f from = v_sub(out[3].position, g_thumb_base), to = v_sub(target, g_thumb_base);
    XrQuaternionf turn = q_between(v_scale(from, 1.0f / v_len(from)), v_scale(to, 1.0f / v_len(to)));
    for (int k = 0; k < 4; k++) {
        out[k].orientation = q_mul(turn, out[k].orientation);
        out[k].position = v_add(g_thumb_base, q_rotate(turn, v_sub(out[k].position, g_thumb_base)));
    }
}

/* The right hand's joints in its own frame for a curl (middle, ring, little) and pinch (index + thumb). */
static void right_hand(float curl, float pinch, struct mx_hand_joints *out)
{
    out->pose[XR_HAND_JOINT_PALM_EXT] = (XrPosef){{0, 0, 0, 1}, {0, 0, 0}};
    out->pose[XR_HAND_JOINT_WRIST_EXT] = (XrPosef){{0, 0, 0, 1}, {0, 0, WRIST_Z}};
    out->radius[XR_HAND_JOINT_PALM_EXT] = PALM_RADIUS;
    out->radius[XR_HAND_JOINT_WRIST_EXT] = WRIST_RADIUS;
    for (int f = 0; f < 4; f++) {
        float flex[3];
        for (int k = 0; k < 3; k++)
            flex[k] = f == 0 ? g_pinch_flex[k] * pinch : g_fingers[f].flex_max[k] * curl;
        int first = XR_HAND_JOINT_INDEX_METACARPAL_EXT + 5 * f;
        finger_chain(&g_fingers[f], flex, &out->pose[first]);
        memcpy(&out->radius[first], g_fingers[f].radius, sizeof(g_fingers[f].radius));
    }
    /* The thumb's tip goes from where the open thumb points to touching the index tip (the tips' spheres
     * meet: the target stops short by both radii). */
    XrPosef open[4];
    thumb_chain(g_thumb_open_dir, 0.0f, open);
    XrVector3f index_tip = out->pose[XR_HAND_JOINT_INDEX_TIP_EXT].position;
    XrVector3f back = v_sub(g_thumb_base, index_tip);
    float gap = g_fingers[0].radius[4] + g_thumb_radius[3];
    XrVector3f contact = v_add(index_tip, v_scale(back, gap / v_len(back)));
    XrVector3f target = v_add(open[3].position, v_scale(v_sub(contact, open[3].position), pinch));
    thumb_reach(target, &out->pose[XR_HAND_JOINT_THUMB_METACARPAL_EXT]);
    memcpy(&out->radius[XR_HAND_JOINT_THUMB_METACARPAL_EXT], g_thumb_radius, sizeof(g_thumb_radius));
}

/* Mirror image in X: positions x -> -x, rotations (x, y, z, w) -> (x, -y, -z, w). */
static void mirror(struct mx_hand_joints *j)
{
    for (int k = 0; k < XR_HAND_JOINT_COUNT_EXT; k++) {
        j->pose[k].position.x = -j->pose[k].position.x;
        j->pose[k].orientation.y = -j->pose[k].orientation.y;
        j->pose[k].orientation.z = -j->pose[k].orientation.z;
    }
}

/* The palm joint's pose in STAGE for a controller grip pose (spec "grip": +X is the palm's normal, into
 * the palm of the right hand and out of the left's; -Z runs through the curled fingers from the little
 * finger to the thumb): the back of the hand is +X of the right grip (-X of the left), its fingers hang
 * along -Y of the grip, its thumb points along -Z. */
static XrPosef palm_from_grip(const XrPosef *grip, bool left)
{
    /* hand axes in grip axes: right: X_h = +Z_g, Y_h = +X_g, Z_h = +Y_g; left: X_h = -Z_g, Y_h = -X_g, Z_h = +Y_g */
    XrQuaternionf r = left ? (XrQuaternionf){-0.5f, 0.5f, 0.5f, 0.5f} : (XrQuaternionf){-0.5f, -0.5f, -0.5f, 0.5f};
    XrPosef hand_in_grip = {r, {left ? -GRIP_TO_PALM : GRIP_TO_PALM, 0.0f, 0.0f}};
    return mx_pose_multiply(grip, &hand_in_grip);
}

static float input_value(const struct mx_session *s, const char *hand_path, const char *component)
{
    char path[XR_MAX_PATH_LENGTH];
    float v = 0.0f;
    snprintf(path, sizeof(path), "%s/input/%s", hand_path, component);
    return mx_script_input(s, path, &v) ? v : 0.0f;
}

void mx_hand_state(const struct mx_session *s, XrHandEXT hand, struct mx_hand_state *out)
{
    bool left = hand == XR_HAND_LEFT_EXT;
    const char *path = left ? "/user/hand/left" : "/user/hand/right";
    /* the controllers' inputs: trigger (select on the simple controller) pinches, squeeze curls */
    out->pinch = fmaxf(input_value(s, path, "trigger/value"), input_value(s, path, "select/click"));
    out->curl = input_value(s, path, "squeeze/value");
    out->tracked = true;
    const struct mx_script *sc = s->instance->script;
    if (sc)
        mx_script_hand_at(sc, left, s->current_frame, out);
}

void mx_hand_joints(const struct mx_session *s, XrHandEXT hand, XrTime t, struct mx_hand_joints *out)
{
    bool left = hand == XR_HAND_LEFT_EXT;
    struct mx_hand_state st;
    mx_hand_state(s, hand, &st);
    right_hand(st.curl, st.pinch, out);
    if (left)
        mirror(out);
    XrPosef palm;
    if (!mx_script_hand_pose(s, left, t, &palm)) {
        XrPosef grip;
        mx_sim_pose(s, left ? "/user/hand/left" : "/user/hand/right", t, &grip);
        palm = palm_from_grip(&grip, left);
    }
    for (int k = 0; k < XR_HAND_JOINT_COUNT_EXT; k++)
        out->pose[k] = mx_pose_multiply(&palm, &out->pose[k]);
}
