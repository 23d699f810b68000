/* Helpers of the mockxr extension tests (on top of mx_test.h): extension functions by name, scripts, frames
 * that collect the events they queue, and the report's last frame line. Header-only. */
#ifndef MOCKXR_EXT_UTIL_H
#define MOCKXR_EXT_UTIL_H

#include "mx_test.h"

#include <math.h>
#include <mockxr/mockxr_ext.h>

/* An extension function of `inst`, or NULL (and a failed check) when the runtime does not serve it. */
static inline PFN_xrVoidFunction ext_fn(struct mx_test *t, XrInstance inst, const char *name)
{
    PFN_xrVoidFunction fn = NULL;
    XrResult r = xrGetInstanceProcAddr(inst, name, &fn);
    t->checks++;
    if (r != XR_SUCCESS || !fn) {
        fprintf(stderr, "xrGetInstanceProcAddr(%s) returned %s\n", name, mx_test_result_name(r));
        t->failures++;
        return NULL;
    }
    return fn;
}
#define EXT_FN(t, inst, type, name) ((type)ext_fn((t), (inst), (name)))

/* Whether `inst` serves `name` at all (an extension's functions only when it is enabled). */
static inline bool ext_served(XrInstance inst, const char *name)
{
    PFN_xrVoidFunction fn = NULL;
    return xrGetInstanceProcAddr(inst, name, &fn) == XR_SUCCESS && fn != NULL;
}

/* Writes `text` as the MOCKXR_SCRIPT (file `path`); false on failure. */
static inline bool ext_use_script(const char *path, const char *text)
{
    if (!mx_test_write_file(path, text))
        return false;
    setenv("MOCKXR_SCRIPT", path, 1);
    return true;
}

/* Events of one kind seen while polling. */
struct ext_events {
    int count;
    XrEventDataBuffer last;
    XrSessionState state; /* last session state seen */
};

/* Polls everything queued: counts events of `type` into *ev (state changes tracked too). */
static inline void ext_poll(XrInstance inst, XrStructureType type, struct ext_events *ev)
{
    for (;;) {
        XrEventDataBuffer e = {.type = XR_TYPE_EVENT_DATA_BUFFER};
        if (xrPollEvent(inst, &e) != XR_SUCCESS)
            return;
        if (e.type == XR_TYPE_EVENT_DATA_SESSION_STATE_CHANGED)
            ev->state = ((XrEventDataSessionStateChanged *)&e)->state;
        if (e.type == type) {
            ev->count++;
            ev->last = e;
        }
    }
}

/* Frames (no layers) until the session state `want` was polled; false after max frames. */
static inline bool ext_run_to(struct mx_test_app *app, XrSessionState want, int max, XrStructureType type,
                              struct ext_events *ev)
{
    for (int k = 0; k <= max; k++) {
        ext_poll(app->instance, type, ev);
        if (ev->state == want)
            return true;
        if (k < max && mx_test_frame(app->session, NULL) != XR_SUCCESS)
            return false;
    }
    return false;
}

/* The last line of the report that contains `needle` (into buf); false when none. */
static inline bool ext_report_line(const char *path, const char *needle, char *buf, size_t cap)
{
    FILE *f = fopen(path, "r");
    bool found = false;
    char line[8192];
    while (f && fgets(line, sizeof line, f)) {
        if (strstr(line, needle)) {
            snprintf(buf, cap, "%s", line);
            found = true;
        }
    }
    if (f)
        fclose(f);
    return found;
}

static inline float ext_dist(XrVector3f a, XrVector3f b)
{
    float dx = a.x - b.x, dy = a.y - b.y, dz = a.z - b.z;
    return sqrtf(dx * dx + dy * dy + dz * dz);
}

static inline bool ext_near(float a, float b, float eps)
{
    return fabsf(a - b) <= eps;
}

#endif
