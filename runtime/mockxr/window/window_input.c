/* The desk's input: mouse-look, WASD/QE walking in STAGE, a held key handing the mouse to a controller, mouse
 * buttons as trigger and squeeze, keys for menu, A/B/X/Y and the thumbstick, a game controller for both hands. */
#include "mx_window_private.h"
#include "mx_input.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define MX_DESK_PI 3.14159265358979323846
#define MX_DESK_LOOK_RAD_PER_PX (0.25 * MX_DESK_PI / 180.0)
#define MX_DESK_SPEED 1.0 /* m/s */
#define MX_DESK_STAND 1.6

const char *const mx_desk_key_map[] = {
    "mouse: look (head)          W A S D: walk   Q E: down / up",
    "hold Z / C: mouse aims the left / right controller",
    "left / right button: trigger / squeeze (the aiming hand, else right)",
    "M: menu (left)   J K: A B (right)   U I: X Y (left)",
    "arrows: thumbstick (the aiming hand, else right)",
    "gamepad: sticks, triggers, shoulders = squeeze, A B X Y, start = menu",
    "F1: this map   F12: mark the frame as a snapshot   close: exit",
    NULL,
};

/* Candidate component paths per logical control, first valid one wins (touch, index, simple). */
static const char *const candidates[MX_DESK_CONTROL_COUNT][3] = {
    [MX_DESK_TRIGGER] = {"/input/trigger/value", "/input/select/click", NULL},
    [MX_DESK_SQUEEZE] = {"/input/squeeze/value", "/input/squeeze/click", NULL},
    [MX_DESK_MENU] = {"/input/menu/click", "/input/system/click", NULL},
    [MX_DESK_A] = {"/input/a/click", "/input/x/click", NULL},
    [MX_DESK_B] = {"/input/b/click", "/input/y/click", NULL},
    [MX_DESK_STICK_X] = {"/input/thumbstick/x", "/input/trackpad/x", NULL},
    [MX_DESK_STICK_Y] = {"/input/thumbstick/y", "/input/trackpad/y", NULL},
};

void mx_desk_init(struct mx_desk *d, enum mx_controllers c)
{
    memset(d, 0, sizeof(*d));
    d->head[1] = MX_DESK_STAND;
    d->mouse_hand = -1;
    d->skip_motion = true;
    static const char *const hands[2] = {"/user/hand/left", "/user/hand/right"};
    for (int h = 0; h < 2; h++) {
        for (int k = 0; k < MX_DESK_CONTROL_COUNT; k++) {
            for (int n = 0; n < 3 && candidates[k][n] && !d->path[h][k]; n++) {
                char path[XR_MAX_PATH_LENGTH];
                const char *why = NULL;
                snprintf(path, sizeof path, "%s%s", hands[h], candidates[k][n]);
                if (mx_input_script_path_valid(c, path, &why))
                    d->path[h][k] = strdup(path); /* NULL on OOM: that control stays with the script */
            }
        }
    }
}

void mx_desk_free(struct mx_desk *d)
{
    for (int h = 0; h < 2; h++)
        for (int k = 0; k < MX_DESK_CONTROL_COUNT; k++)
            free(d->path[h][k]);
    memset(d, 0, sizeof(*d));
}

static void set(struct mx_desk *d, int hand, enum mx_desk_control k, float v)
{
    d->value[hand][k] = v;
    d->touched[hand][k] = true;
}

static int active_hand(const struct mx_desk *d)
{
    return d->mouse_hand >= 0 ? d->mouse_hand : 1;
}

static double clamp_pitch(double p)
{
    const double lim = 89.0 * MX_DESK_PI / 180.0;
    return p > lim ? lim : (p < -lim ? -lim : p);
}

static bool key_event(struct mx_window *w, SDL_Keycode key, bool down)
{
    struct mx_desk *d = &w->desk;
    static const SDL_Keycode move[6] = {SDLK_w, SDLK_a, SDLK_s, SDLK_d, SDLK_q, SDLK_e};
    for (int k = 0; k < 6; k++) {
        if (key == move[k]) {
            d->held[k] = down;
            return true;
        }
    }
    float v = down ? 1.0f : 0.0f;
    int hand = active_hand(d);
    switch (key) {
    case SDLK_z: d->mouse_hand = down ? 0 : -1; return true;
    case SDLK_c: d->mouse_hand = down ? 1 : -1; return true;
    case SDLK_m: set(d, 0, MX_DESK_MENU, v); return true;
    case SDLK_j: set(d, 1, MX_DESK_A, v); return true;
    case SDLK_k: set(d, 1, MX_DESK_B, v); return true;
    case SDLK_u: set(d, 0, MX_DESK_A, v); return true;
    case SDLK_i: set(d, 0, MX_DESK_B, v); return true;
    case SDLK_LEFT: set(d, hand, MX_DESK_STICK_X, -v); return true;
    case SDLK_RIGHT: set(d, hand, MX_DESK_STICK_X, v); return true;
    case SDLK_UP: set(d, hand, MX_DESK_STICK_Y, v); return true;
    case SDLK_DOWN: set(d, hand, MX_DESK_STICK_Y, -v); return true;
    case SDLK_F1: if (down) w->show_keys = !w->show_keys; return true;
    case SDLK_F12: if (down) w->marks++; return true;
    default: return false;
    }
}

static bool pad_button(struct mx_desk *d, Uint8 button, bool down)
{
    float v = down ? 1.0f : 0.0f;
    switch (button) {
    case SDL_CONTROLLER_BUTTON_A: set(d, 1, MX_DESK_A, v); return true;
    case SDL_CONTROLLER_BUTTON_B: set(d, 1, MX_DESK_B, v); return true;
    case SDL_CONTROLLER_BUTTON_X: set(d, 0, MX_DESK_A, v); return true;
    case SDL_CONTROLLER_BUTTON_Y: set(d, 0, MX_DESK_B, v); return true;
    case SDL_CONTROLLER_BUTTON_START: set(d, 0, MX_DESK_MENU, v); return true;
    case SDL_CONTROLLER_BUTTON_LEFTSHOULDER: set(d, 0, MX_DESK_SQUEEZE, v); return true;
    case SDL_CONTROLLER_BUTTON_RIGHTSHOULDER: set(d, 1, MX_DESK_SQUEEZE, v); return true;
    default: return false;
    }
}

static bool pad_axis(struct mx_desk *d, Uint8 axis, Sint16 raw)
{
    float v = raw < 0 ? (float)raw / 32768.0f : (float)raw / 32767.0f;
    switch (axis) {
    case SDL_CONTROLLER_AXIS_LEFTX: set(d, 0, MX_DESK_STICK_X, v); return true;
    case SDL_CONTROLLER_AXIS_LEFTY: set(d, 0, MX_DESK_STICK_Y, -v); return true; /* SDL: down is + */
    case SDL_CONTROLLER_AXIS_RIGHTX: set(d, 1, MX_DESK_STICK_X, v); return true;
    case SDL_CONTROLLER_AXIS_RIGHTY: set(d, 1, MX_DESK_STICK_Y, -v); return true;
    case SDL_CONTROLLER_AXIS_TRIGGERLEFT: set(d, 0, MX_DESK_TRIGGER, v); return true;
    case SDL_CONTROLLER_AXIS_TRIGGERRIGHT: set(d, 1, MX_DESK_TRIGGER, v); return true;
    default: return false;
    }
}

bool mx_desk_event(struct mx_window *w, const SDL_Event *e)
{
    struct mx_desk *d = &w->desk;
    switch (e->type) {
    case SDL_KEYDOWN:
    case SDL_KEYUP:
        if (e->key.repeat)
            return true;
        return key_event(w, e->key.keysym.sym, e->type == SDL_KEYDOWN);
    case SDL_WINDOWEVENT:
        if (e->window.event == SDL_WINDOWEVENT_ENTER)
            d->skip_motion = true;
        return e->window.event == SDL_WINDOWEVENT_ENTER;
    case SDL_MOUSEMOTION: {
        if (d->skip_motion) {
            d->skip_motion = false;
            return true;
        }
        double dyaw = -(double)e->motion.xrel * MX_DESK_LOOK_RAD_PER_PX;
        double dpitch = -(double)e->motion.yrel * MX_DESK_LOOK_RAD_PER_PX;
        if (d->mouse_hand < 0) {
            d->yaw += dyaw;
            d->pitch = clamp_pitch(d->pitch + dpitch);
        } else {
            d->aim[d->mouse_hand][0] += dyaw;
            d->aim[d->mouse_hand][1] = clamp_pitch(d->aim[d->mouse_hand][1] + dpitch);
        }
        return true;
    }
    case SDL_MOUSEBUTTONDOWN:
    case SDL_MOUSEBUTTONUP: {
        float v = e->type == SDL_MOUSEBUTTONDOWN ? 1.0f : 0.0f;
        if (e->button.button == SDL_BUTTON_LEFT)
            set(d, active_hand(d), MX_DESK_TRIGGER, v);
        else if (e->button.button == SDL_BUTTON_RIGHT)
            set(d, active_hand(d), MX_DESK_SQUEEZE, v);
        return true;
    }
    case SDL_CONTROLLERBUTTONDOWN:
    case SDL_CONTROLLERBUTTONUP:
        return pad_button(d, e->cbutton.button, e->type == SDL_CONTROLLERBUTTONDOWN);
    case SDL_CONTROLLERAXISMOTION:
        return pad_axis(d, e->caxis.axis, e->caxis.value);
    default:
        return false;
    }
}

void mx_desk_tick(struct mx_desk *d, double dt)
{
    /* held: W A S D Q E; forward is -Z turned by the yaw, on the floor plane */
    double fwd = (d->held[0] ? 1.0 : 0.0) - (d->held[2] ? 1.0 : 0.0);
    double right = (d->held[3] ? 1.0 : 0.0) - (d->held[1] ? 1.0 : 0.0);
    double up = (d->held[5] ? 1.0 : 0.0) - (d->held[4] ? 1.0 : 0.0);
    double step = MX_DESK_SPEED * dt, s = sin(d->yaw), c = cos(d->yaw);
    d->head[0] += step * (-s * fwd + c * right);
    d->head[2] += step * (-c * fwd - s * right);
    d->head[1] += step * up;
}

static XrQuaternionf yaw_pitch(double yaw, double pitch)
{
    double cy = cos(yaw * 0.5), sy = sin(yaw * 0.5), cp = cos(pitch * 0.5), sp = sin(pitch * 0.5);
    return (XrQuaternionf){(float)(cy * sp), (float)(sy * cp), (float)(-sy * sp), (float)(cy * cp)};
}

bool mx_window_pose(const struct mx_instance *i, const char *user_path, XrPosef *out)
{
    struct mx_window *w = i->window;
    if (!w)
        return false;
    pthread_mutex_lock(&w->mutex);
    const struct mx_desk *d = &w->desk;
    XrPosef head = {.orientation = yaw_pitch(d->yaw, d->pitch),
                    .position = {(float)d->head[0], (float)d->head[1], (float)d->head[2]}};
    bool is_head = strcmp(user_path, "/user/head") == 0;
    int hand = strcmp(user_path, "/user/hand/left") == 0 ? 0 : 1;
    /* hands rest where the simulated ones do (40 cm below, 35 cm ahead, 20 cm aside), turning with the body,
     * and aim where the mouse put them */
    XrPosef body = {.orientation = yaw_pitch(d->yaw, 0.0), .position = head.position};
    XrPosef rest = {.orientation = yaw_pitch(d->aim[hand][0], d->aim[hand][1]),
                    .position = {hand == 0 ? -0.2f : 0.2f, -0.4f, -0.35f}};
    pthread_mutex_unlock(&w->mutex);
    *out = is_head ? head : mx_pose_multiply(&body, &rest);
    return true;
}

bool mx_window_input(const struct mx_instance *i, const char *path, float *out)
{
    struct mx_window *w = i->window;
    if (!w)
        return false;
    bool found = false;
    pthread_mutex_lock(&w->mutex);
    for (int h = 0; h < 2 && !found; h++) {
        for (int k = 0; k < MX_DESK_CONTROL_COUNT && !found; k++) {
            if (w->desk.touched[h][k] && w->desk.path[h][k] && strcmp(w->desk.path[h][k], path) == 0) {
                *out = w->desk.value[h][k];
                found = true;
            }
        }
    }
    pthread_mutex_unlock(&w->mutex);
    return found;
}
