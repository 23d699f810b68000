/* MOCKXR_WINDOW=1: a desktop window showing what each eye sees (the reference compositor's view of the frames
 * the app submits), a one-line overlay, and the person's input; its own thread, SDL2 loaded at runtime. */
#include "mx_window_private.h"
#include "mx_window_text.h"

#include <stdlib.h>
#include <string.h>

#define MX_WINDOW_EYE_MAX 640u   /* widest eye in the window, pixels */
#define MX_WINDOW_TICK_MS 8

static double now_s(void)
{
    return (double)mx_clock_monotonic_ns() * 1e-9;
}

/* Both eyes side by side (each composited into `eye`, then copied into `all`), the overlay line across the top
 * and (F1) the key map, blitted into the window surface. */
static void present(struct mx_window *w, SDL_Window *win, struct mx_comp_frame *f, uint8_t *all, uint8_t *eye,
                    const char *overlay, bool keys)
{
    struct mx_sdl *sdl = &w->sdl;
    SDL_Surface *dst = sdl->GetWindowSurface(win);
    if (!dst)
        return;
    uint32_t ew = w->view_w, eh = w->view_h, aw = 2 * ew, eyes = f->eye_count > 1 ? 2 : 1;
    memset(all, 0, (size_t)aw * eh * 4);
    for (uint32_t e = 0; e < eyes; e++) {
        if (!mx_comp_eye(f, e, ew, eh, eye))
            continue;
        for (uint32_t y = 0; y < eh; y++)
            memcpy(all + ((size_t)y * aw + e * ew) * 4, eye + (size_t)y * ew * 4, (size_t)ew * 4);
    }
    mx_text_draw(w->text, all, aw, eh, 6, 6, overlay);
    for (int k = 0; keys && mx_desk_key_map[k]; k++)
        mx_text_draw(w->text, all, aw, eh, 6, 30 + 18 * k, mx_desk_key_map[k]);
    SDL_Surface *src = sdl->CreateRGBSurfaceWithFormatFrom(all, (int)aw, (int)eh, 32, (int)aw * 4,
                                                           SDL_PIXELFORMAT_ABGR8888); /* bytes R G B A */
    if (src) {
        sdl->UpperBlit(src, NULL, dst, NULL);
        sdl->FreeSurface(src);
    }
    sdl->UpdateWindowSurface(win);
}

static void handle_events(struct mx_window *w, SDL_Window *win, SDL_Event *first)
{
    SDL_Event e;
    bool have = first != NULL;
    if (have)
        e = *first;
    for (; have; have = w->sdl.PollEvent(&e) != 0) {
        pthread_mutex_lock(&w->mutex);
        if (e.type == SDL_QUIT || (e.type == SDL_WINDOWEVENT && e.window.event == SDL_WINDOWEVENT_CLOSE))
            w->close_requested = true;
        else if (e.type == SDL_CONTROLLERDEVICEADDED)
            w->sdl.GameControllerOpen(e.cdevice.which); /* closed with the subsystem */
        else
            mx_desk_event(w, &e);
        pthread_mutex_unlock(&w->mutex);
    }
    (void)win;
}

static void *window_thread(void *arg)
{
    struct mx_window *w = arg;
    struct mx_sdl *sdl = &w->sdl;
    sdl->SetHint(SDL_HINT_NO_SIGNAL_HANDLERS, "1"); /* SIGINT/SIGTERM stay the app's */
    SDL_Window *win = NULL;
    if (sdl->Init(SDL_INIT_VIDEO | SDL_INIT_GAMECONTROLLER) == 0)
        win = sdl->CreateWindow("mockxr", SDL_WINDOWPOS_UNDEFINED, SDL_WINDOWPOS_UNDEFINED,
                                (int)(2 * w->view_w), (int)w->view_h, 0);
    pthread_mutex_lock(&w->mutex);
    if (!win)
        fprintf(stderr, "mockxr: error: %s=1: cannot open the window: %s (is DISPLAY set?)\n", MOCKXR_ENV_WINDOW,
                sdl->GetError());
    w->open_state = win ? 1 : -1;
    pthread_cond_broadcast(&w->ready);
    pthread_mutex_unlock(&w->mutex);
    uint8_t *all = win ? malloc((size_t)w->view_w * w->view_h * 8) : NULL;
    uint8_t *eye = win ? malloc((size_t)w->view_w * w->view_h * 4) : NULL;
    double last = now_s();
    struct mx_comp_frame *shown = NULL;
    while (win && all && eye) {
        SDL_Event e;
        int got = sdl->WaitEventTimeout(&e, MX_WINDOW_TICK_MS);
        handle_events(w, win, got ? &e : NULL);
        double t = now_s();
        pthread_mutex_lock(&w->mutex);
        mx_desk_tick(&w->desk, t - last);
        bool quit = w->quit;
        struct mx_comp_frame *f = w->frame;
        w->frame = NULL;
        char overlay[sizeof w->overlay];
        memcpy(overlay, w->overlay, sizeof overlay);
        bool keys = w->show_keys;
        pthread_mutex_unlock(&w->mutex);
        last = t;
        if (quit) {
            mx_comp_frame_destroy(&f);
            break;
        }
        if (f) {
            mx_comp_frame_destroy(&shown);
            shown = f;
            present(w, win, shown, all, eye, overlay, keys);
            sdl->SetWindowTitle(win, overlay);
        }
    }
    mx_comp_frame_destroy(&shown);
    free(all);
    free(eye);
    if (win)
        sdl->DestroyWindow(win);
    sdl->QuitSubSystem(SDL_INIT_VIDEO | SDL_INIT_GAMECONTROLLER);
    return NULL;
}

static void window_free(struct mx_window *w)
{
    mx_comp_frame_destroy(&w->frame);
    mx_desk_free(&w->desk);
    mx_text_destroy(&w->text);
    mx_sdl_unload(&w->sdl);
    pthread_mutex_destroy(&w->mutex);
    pthread_cond_destroy(&w->ready);
    free(w);
}

XrResult mx_window_create(struct mx_instance *i)
{
    if (!i->config.window)
        return XR_SUCCESS;
    struct mx_window *w = calloc(1, sizeof(*w));
    if (!w)
        return XR_ERROR_OUT_OF_MEMORY;
    pthread_mutex_init(&w->mutex, NULL);
    pthread_cond_init(&w->ready, NULL);
    mx_desk_init(&w->desk, i->config.controllers);
    uint32_t vw = i->config.view_width, vh = i->config.view_height;
    w->view_w = vw > MX_WINDOW_EYE_MAX ? MX_WINDOW_EYE_MAX : vw;
    w->view_h = (uint32_t)((uint64_t)vh * w->view_w / vw);
    snprintf(w->overlay, sizeof w->overlay, "mockxr: waiting for the first frame");
    if (!mx_sdl_load(&w->sdl)) {
        window_free(w);
        return XR_ERROR_RUNTIME_FAILURE;
    }
    w->text = mx_text_create();
    if (pthread_create(&w->thread, NULL, window_thread, w) != 0) {
        fprintf(stderr, "mockxr: error: %s=1: cannot start the window's thread\n", MOCKXR_ENV_WINDOW);
        window_free(w);
        return XR_ERROR_RUNTIME_FAILURE;
    }
    w->thread_started = true;
    pthread_mutex_lock(&w->mutex);
    while (w->open_state == 0)
        pthread_cond_wait(&w->ready, &w->mutex);
    bool ok = w->open_state > 0;
    pthread_mutex_unlock(&w->mutex);
    i->window = w;
    if (!ok) {
        mx_window_destroy(i);
        return XR_ERROR_RUNTIME_FAILURE;
    }
    mx_info("window open: %ux%u per eye (F1: key map)", w->view_w, w->view_h);
    return XR_SUCCESS;
}

void mx_window_destroy(struct mx_instance *i)
{
    struct mx_window *w = i->window;
    if (!w)
        return;
    if (w->session)
        mx_window_session_end(w->session);
    pthread_mutex_lock(&w->mutex);
    w->quit = true;
    pthread_mutex_unlock(&w->mutex);
    if (w->thread_started)
        pthread_join(w->thread, NULL);
    window_free(w);
    i->window = NULL;
}

void mx_window_session_end(struct mx_session *s)
{
    struct mx_window *w = s->instance->window;
    if (!w || w->session != s)
        return;
    mx_comp_pending_destroy(s, &w->pending);
    w->session = NULL;
}

static const char *state_text(XrSessionState st)
{
    static const char *const names[] = {"?", "IDLE", "READY", "SYNCHRONIZED", "VISIBLE", "FOCUSED", "STOPPING",
                                        "LOSS_PENDING", "EXITING"};
    return st >= 0 && (size_t)st < sizeof(names) / sizeof(names[0]) ? names[st] : "?";
}

/* The overlay's numbers: fps over the last second, missed slots, the frame's app CPU and pose age. */
static void update_overlay(struct mx_window *w, struct mx_session *s, const struct mx_frame *f)
{
    XrTime now = mx_clock_monotonic_ns();
    /* display slots that passed with no new frame, as the report counts them */
    if (f && w->last_predicted > 0 && f->period > 0 && f->predicted_display_time > w->last_predicted + f->period)
        w->missed += (uint64_t)((f->predicted_display_time - w->last_predicted) / f->period) - 1;
    if (f)
        w->last_predicted = f->predicted_display_time;
    w->fps_frames++;
    if (w->fps_since == 0)
        w->fps_since = now;
    if (now - w->fps_since >= 1000000000) {
        w->fps = (double)w->fps_frames * 1e9 / (double)(now - w->fps_since);
        w->fps_frames = 0;
        w->fps_since = now;
    }
    double cpu = f && f->end >= f->wake ? (double)(f->end - f->wake) / 1e6 : 0.0;
    double age = f && f->located > 0 ? (double)(f->display_time - f->located) / 1e6 : 0.0;
    pthread_mutex_lock(&w->mutex);
    snprintf(w->overlay, sizeof w->overlay, "%.0f fps  missed %llu  app CPU %.1f ms  pose age %.1f ms  %s",
             w->fps, (unsigned long long)w->missed, cpu, age, state_text(s->state));
    pthread_mutex_unlock(&w->mutex);
}

void mx_window_end_frame(struct mx_session *s, const struct mx_frame *f, const XrFrameEndInfo *info)
{
    struct mx_instance *i = s->instance;
    struct mx_window *w = i->window;
    if (!w)
        return;
    if (w->session && w->session != s)
        mx_window_session_end(w->session);
    w->session = s;
    update_overlay(w, s, f);
    struct mx_comp_frame *done = NULL;
    XrResult r = XR_SUCCESS;
    if (w->pending && (r = mx_comp_pending_poll(s, &w->pending, &done)) == XR_SUCCESS && done) {
        pthread_mutex_lock(&w->mutex);
        mx_comp_frame_destroy(&w->frame); /* not shown yet: the newer one replaces it */
        w->frame = done;
        pthread_mutex_unlock(&w->mutex);
        w->shown_frames++;
    }
    /* one read-back in flight at most: the next starts when the last finished */
    if (!w->pending && r != XR_EVENT_UNAVAILABLE && f)
        mx_comp_frame_read_async(s, info, f->index, &w->pending);
    pthread_mutex_lock(&w->mutex);
    bool close = w->close_requested && !w->exit_sent && s->running && !s->exit_requested;
    unsigned marks = w->marks;
    w->marks = 0;
    w->exit_sent |= close;
    pthread_mutex_unlock(&w->mutex);
    for (; marks > 0; marks--)
        mx_recorder_mark(i);
    if (close) { /* as a runtime does: STOPPING, then EXITING after xrEndSession */
        mx_info("window closed: requesting exit");
        mx_session_request_exit(s);
        mx_recorder_exit(i);
    }
}
