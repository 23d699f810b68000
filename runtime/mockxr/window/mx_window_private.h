/* The window room's shared state: SDL2 loaded at runtime, the desk's input state, the frame to show. */
#ifndef MOCKXR_MX_WINDOW_PRIVATE_H
#define MOCKXR_MX_WINDOW_PRIVATE_H

#include "mockxr_internal.h"
#include "mx_comp.h"
#include "mx_window_text.h"

#include <SDL.h>

/* The SDL2 functions the window uses, looked up with dlsym in libSDL2-2.0.so.0 (sdl.c). */
struct mx_sdl {
    void *lib;
    int (*Init)(Uint32);
    void (*QuitSubSystem)(Uint32);
    SDL_bool (*SetHint)(const char *, const char *);
    const char *(*GetError)(void);
    SDL_Window *(*CreateWindow)(const char *, int, int, int, int, Uint32);
    void (*DestroyWindow)(SDL_Window *);
    SDL_Surface *(*GetWindowSurface)(SDL_Window *);
    int (*UpdateWindowSurface)(SDL_Window *);
    void (*SetWindowTitle)(SDL_Window *, const char *);
    SDL_Surface *(*CreateRGBSurfaceWithFormatFrom)(void *, int, int, int, int, Uint32);
    void (*FreeSurface)(SDL_Surface *);
    int (*UpperBlit)(SDL_Surface *, const SDL_Rect *, SDL_Surface *, SDL_Rect *);
    int (*FillRect)(SDL_Surface *, const SDL_Rect *, Uint32);
    int (*WaitEventTimeout)(SDL_Event *, int);
    int (*PollEvent)(SDL_Event *);
    int (*NumJoysticks)(void);
    SDL_bool (*IsGameController)(int);
    SDL_GameController *(*GameControllerOpen)(int);
    void (*GameControllerClose)(SDL_GameController *);
};
/* Loads libSDL2-2.0.so.0; false with a message naming what is missing. */
bool mx_sdl_load(struct mx_sdl *sdl);
void mx_sdl_unload(struct mx_sdl *sdl);

/* Logical controls of one hand the desk drives; each maps to the simulated profile's path, if it has one. */
enum mx_desk_control {
    MX_DESK_TRIGGER, MX_DESK_SQUEEZE, MX_DESK_MENU, MX_DESK_A, MX_DESK_B, MX_DESK_STICK_X, MX_DESK_STICK_Y,
    MX_DESK_CONTROL_COUNT
};

/* What the person at the desk does (window_input.c), read by the runtime under `mutex`. */
struct mx_desk {
    double head[3];         /* STAGE position */
    double yaw, pitch;      /* radians; yaw left +, pitch up + */
    double aim[2][2];       /* per hand: yaw, pitch relative to the body */
    int mouse_hand;         /* -1: the mouse looks; 0 / 1: it aims the left / right controller */
    bool skip_motion;       /* the mouse (re)entered the window: its first motion is a jump, not a look */
    bool held[8];           /* W A S D Q E (movement keys held) */
    char *path[2][MX_DESK_CONTROL_COUNT];   /* NULL: the profile has no such control */
    float value[2][MX_DESK_CONTROL_COUNT];
    bool touched[2][MX_DESK_CONTROL_COUNT]; /* set once: from then on the desk's value counts */
};

struct mx_window {
    struct mx_sdl sdl;
    pthread_t thread;
    bool thread_started;
    pthread_mutex_t mutex;   /* guards everything below (taken after mockxr's lock, never before) */
    pthread_cond_t ready;
    int open_state;          /* 0 opening, 1 open, -1 failed */
    bool quit;               /* the instance goes: the thread ends */
    bool close_requested;    /* the person closed the window */
    bool exit_sent;
    unsigned marks;          /* F12 presses not yet handed to the recorder */
    bool show_keys;          /* F1 */
    struct mx_desk desk;
    struct mx_comp_frame *frame;    /* newest finished frame, taken by the thread */
    uint32_t view_w, view_h;        /* one eye in the window */
    char overlay[160];
    /* runtime side (mockxr's lock): the read-back in flight and the overlay's numbers */
    struct mx_session *session;
    struct mx_comp_pending *pending;
    struct mx_text *text;    /* NULL: no font, overlay in the title only */
    uint64_t shown_frames, missed;
    XrTime last_predicted, fps_since;
    uint64_t fps_frames;
    double fps;
};

void mx_desk_init(struct mx_desk *d, enum mx_controllers c);
void mx_desk_free(struct mx_desk *d);
/* One SDL event; returns false for events it does not handle. Called with w->mutex held. */
bool mx_desk_event(struct mx_window *w, const SDL_Event *e);
/* Moves the head by the held keys over dt seconds. w->mutex held. */
void mx_desk_tick(struct mx_desk *d, double dt);
/* The key map, one line per entry (F1). */
extern const char *const mx_desk_key_map[];

#endif
