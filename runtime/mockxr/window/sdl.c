/* SDL2 loaded at runtime: libmockxr.so runs inside other people's apps and on headless CI machines, so it
 * does not link SDL2 (and its X11/Wayland/audio dependencies); only MOCKXR_WINDOW=1 loads it. */
#include "mx_window_private.h"

#include <dlfcn.h>
#include <string.h>

#define MX_SDL_SONAME "libSDL2-2.0.so.0"

bool mx_sdl_load(struct mx_sdl *sdl)
{
    memset(sdl, 0, sizeof(*sdl));
    sdl->lib = dlopen(MX_SDL_SONAME, RTLD_NOW | RTLD_LOCAL);
    if (!sdl->lib) {
        fprintf(stderr, "mockxr: error: %s=1: cannot load %s (%s); install it (Debian: libsdl2-2.0-0)\n",
                MOCKXR_ENV_WINDOW, MX_SDL_SONAME, dlerror());
        return false;
    }
    struct {
        const char *name;
        void **slot;
    } fns[] = {
#define MX_SDL_FN(n) {"SDL_" #n, (void **)&sdl->n}
        MX_SDL_FN(Init), MX_SDL_FN(QuitSubSystem), MX_SDL_FN(SetHint), MX_SDL_FN(GetError), MX_SDL_FN(CreateWindow),
        MX_SDL_FN(DestroyWindow), MX_SDL_FN(GetWindowSurface), MX_SDL_FN(UpdateWindowSurface),
        MX_SDL_FN(SetWindowTitle), MX_SDL_FN(CreateRGBSurfaceWithFormatFrom), MX_SDL_FN(FreeSurface),
        MX_SDL_FN(UpperBlit), MX_SDL_FN(FillRect), MX_SDL_FN(WaitEventTimeout), MX_SDL_FN(PollEvent),
        MX_SDL_FN(NumJoysticks), MX_SDL_FN(IsGameController), MX_SDL_FN(GameControllerOpen),
        MX_SDL_FN(GameControllerClose),
#undef MX_SDL_FN
    };
    for (size_t k = 0; k < sizeof(fns) / sizeof(fns[0]); k++) {
        /* POSIX dlsym returns an object pointer; the cast through memcpy keeps -Wpedantic quiet */
        void *fn = dlsym(sdl->lib, fns[k].name);
        if (!fn) {
            fprintf(stderr, "mockxr: error: %s=1: %s has no %s (SDL 2.0.6 or newer is needed)\n", MOCKXR_ENV_WINDOW,
                    MX_SDL_SONAME, fns[k].name);
            mx_sdl_unload(sdl);
            return false;
        }
        memcpy(fns[k].slot, &fn, sizeof(fn));
    }
    return true;
}

void mx_sdl_unload(struct mx_sdl *sdl)
{
    if (sdl->lib)
        dlclose(sdl->lib);
    memset(sdl, 0, sizeof(*sdl));
}
