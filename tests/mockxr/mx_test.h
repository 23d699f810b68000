/* Shared helpers of the mockxr conformance tests: checks that name XrResults, instance/session setup
 * through the real OpenXR loader, event polling and a minimal headless frame loop. Header-only. */
#ifndef MOCKXR_MX_TEST_H
#define MOCKXR_MX_TEST_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openxr/openxr.h>
#include <openxr/openxr_reflection.h>

extern char **environ;

struct mx_test {
    int checks;
    int failures;
    bool clean; /* --clean: skip checks that provoke errors (runs under the core validation layer) */
};

static inline const char *mx_test_result_name(XrResult r)
{
#define MX_TEST_RESULT_CASE(name, value) \
    case value:                          \
        return #name;
    switch (r) {
        XR_LIST_ENUM_XrResult(MX_TEST_RESULT_CASE) default : return "XrResult(?)";
    }
#undef MX_TEST_RESULT_CASE
}

static inline const char *mx_test_state_name(XrSessionState s)
{
#define MX_TEST_STATE_CASE(name, value) \
    case value:                         \
        return #name;
    switch (s) {
        XR_LIST_ENUM_XrSessionState(MX_TEST_STATE_CASE) default : return "XrSessionState(?)";
    }
#undef MX_TEST_STATE_CASE
}

#define MX_CHECK(t, cond)                                                          \
    do {                                                                           \
        (t)->checks++;                                                             \
        if (!(cond)) {                                                             \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
            (t)->failures++;                                                       \
        }                                                                          \
    } while (0)

#define MX_CHECK_RESULT(t, expr, expected)                                                           \
    do {                                                                                             \
        XrResult mx_r_ = (expr);                                                                     \
        (t)->checks++;                                                                               \
        if (mx_r_ != (expected)) {                                                                   \
            fprintf(stderr, "%s:%d: %s returned %s, expected %s\n", __FILE__, __LINE__, #expr,      \
                    mx_test_result_name(mx_r_), mx_test_result_name(expected));                      \
            (t)->failures++;                                                                         \
        }                                                                                            \
    } while (0)

/* A failed precondition ends the program: later checks would only repeat the failure. */
#define MX_REQUIRE_RESULT(t, expr, expected)                                                         \
    do {                                                                                             \
        XrResult mx_r_ = (expr);                                                                     \
        (t)->checks++;                                                                               \
        if (mx_r_ != (expected)) {                                                                   \
            fprintf(stderr, "%s:%d: FATAL: %s returned %s, expected %s\n", __FILE__, __LINE__, #expr, \
                    mx_test_result_name(mx_r_), mx_test_result_name(expected));                      \
            exit(1);                                                                                 \
        }                                                                                            \
    } while (0)

static inline void mx_test_init(struct mx_test *t, int argc, char **argv)
{
    memset(t, 0, sizeof(*t));
    for (int k = 1; k < argc; k++)
        t->clean = t->clean || strcmp(argv[k], "--clean") == 0;
}

static inline int mx_test_finish(const struct mx_test *t, const char *name)
{
    printf("%s: %d checks, %d failed%s\n", name, t->checks, t->failures, t->clean ? " (clean subset)" : "");
    return t->failures == 0 ? 0 : 1;
}

/* Every MOCKXR_* variable unset (MOCKXR_QUIET kept), then the virtual clock: deterministic tests. */
static inline void mx_test_reset_env(void)
{
    for (;;) {
        char name[128] = "";
        for (char **e = environ; e && *e; e++) {
            size_t len = strcspn(*e, "=");
            if (strncmp(*e, "MOCKXR_", 7) == 0 && strncmp(*e, "MOCKXR_QUIET=", 13) != 0 && len < sizeof(name)) {
                memcpy(name, *e, len);
                name[len] = '\0';
                break;
            }
        }
        if (!name[0])
            break;
        unsetenv(name);
    }
    setenv("MOCKXR_CLOCK", "virtual", 1);
}

/* Instance with XR_MND_headless plus `extra` extensions (NULL-terminated list, may be NULL). */
static inline XrResult mx_test_create_instance(const char *const *extra, XrInstance *out)
{
    const char *names[8] = {"XR_MND_headless"};
    uint32_t n = 1;
    for (; extra && *extra && n < 8; extra++)
        names[n++] = *extra;
    XrInstanceCreateInfo ci = {.type = XR_TYPE_INSTANCE_CREATE_INFO};
    snprintf(ci.applicationInfo.applicationName, sizeof(ci.applicationInfo.applicationName), "mockxr-test");
    ci.applicationInfo.apiVersion = XR_MAKE_VERSION(1, 0, 0);
    ci.enabledExtensionCount = n;
    ci.enabledExtensionNames = names;
    *out = XR_NULL_HANDLE;
    return xrCreateInstance(&ci, out);
}

/* mx_test_create_instance with stderr captured into `out` (to check mockxr's messages). */
static inline XrResult mx_test_create_instance_captured(XrInstance *inst, char *out, size_t size)
{
    fflush(stderr);
    FILE *tmp = tmpfile();
    int saved = dup(2);
    if (!tmp || saved < 0) {
        if (tmp)
            fclose(tmp);
        return XR_ERROR_RUNTIME_FAILURE;
    }
    dup2(fileno(tmp), 2);
    XrResult r = mx_test_create_instance(NULL, inst);
    fflush(stderr);
    dup2(saved, 2);
    close(saved);
    rewind(tmp);
    size_t n = fread(out, 1, size - 1, tmp);
    out[n] = '\0';
    fclose(tmp);
    return r;
}

/* Captures stderr (fd 2) from mx_test_capture_start until mx_test_capture_stop, which copies what was
 * written into `out` (NUL-terminated) and restores stderr. */
struct mx_test_capture {
    FILE *tmp;
    int saved;
};

static inline bool mx_test_capture_start(struct mx_test_capture *c)
{
    fflush(stderr);
    c->tmp = tmpfile();
    c->saved = dup(2);
    if (!c->tmp || c->saved < 0) {
        if (c->tmp)
            fclose(c->tmp);
        if (c->saved >= 0)
            close(c->saved);
        return false;
    }
    dup2(fileno(c->tmp), 2);
    return true;
}

static inline void mx_test_capture_stop(struct mx_test_capture *c, char *out, size_t size)
{
    fflush(stderr);
    dup2(c->saved, 2);
    close(c->saved);
    rewind(c->tmp);
    size_t n = fread(out, 1, size - 1, c->tmp);
    out[n] = '\0';
    fclose(c->tmp);
}

/* Writes `text` to `path` (test scripts); false on failure. */
static inline bool mx_test_write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    if (!f)
        return false;
    bool ok = fputs(text, f) >= 0;
    return fclose(f) == 0 && ok;
}

static inline XrResult mx_test_get_system(XrInstance inst, XrSystemId *out)
{
    XrSystemGetInfo gi = {.type = XR_TYPE_SYSTEM_GET_INFO, .formFactor = XR_FORM_FACTOR_HEAD_MOUNTED_DISPLAY};
    return xrGetSystem(inst, &gi, out);
}

static inline XrResult mx_test_create_session(XrInstance inst, XrSystemId sys, XrSession *out)
{
    XrSessionCreateInfo ci = {.type = XR_TYPE_SESSION_CREATE_INFO, .systemId = sys};
    return xrCreateSession(inst, &ci, out);
}

/* Next session state change of the instance's queue (other events skipped); false when none. */
static inline bool mx_test_next_state(XrInstance inst, XrSessionState *out)
{
    for (;;) {
        XrEventDataBuffer ev = {.type = XR_TYPE_EVENT_DATA_BUFFER};
        if (xrPollEvent(inst, &ev) != XR_SUCCESS)
            return false;
        if (ev.type == XR_TYPE_EVENT_DATA_SESSION_STATE_CHANGED) {
            *out = ((XrEventDataSessionStateChanged *)&ev)->state;
            return true;
        }
    }
}

/* Polls and checks the exact sequence of state changes, then that nothing else is queued. */
static inline void mx_test_expect_states(struct mx_test *t, XrInstance inst, const XrSessionState *states, int n,
                                         const char *where)
{
    for (int k = 0; k < n; k++) {
        XrSessionState got;
        t->checks++;
        if (!mx_test_next_state(inst, &got)) {
            fprintf(stderr, "%s: expected state %s, no event queued\n", where, mx_test_state_name(states[k]));
            t->failures++;
            return;
        }
        if (got != states[k]) {
            fprintf(stderr, "%s: expected state %s, got %s\n", where, mx_test_state_name(states[k]),
                    mx_test_state_name(got));
            t->failures++;
            return;
        }
    }
    XrSessionState extra;
    t->checks++;
    if (mx_test_next_state(inst, &extra)) {
        fprintf(stderr, "%s: unexpected extra state %s\n", where, mx_test_state_name(extra));
        t->failures++;
    }
}

/* One frame with no layers; returns the first failing result (XR_FRAME_DISCARDED from xrBeginFrame,
 * after a frame left unfinished, is returned once the frame was ended). */
static inline XrResult mx_test_frame(XrSession session, XrFrameState *out_state)
{
    XrFrameState fs = {.type = XR_TYPE_FRAME_STATE};
    XrResult r = xrWaitFrame(session, NULL, &fs);
    if (r == XR_SUCCESS)
        r = xrBeginFrame(session, NULL);
    if (r == XR_SUCCESS || r == XR_FRAME_DISCARDED) {
        XrResult begun = r;
        XrFrameEndInfo end = {.type = XR_TYPE_FRAME_END_INFO,
                              .displayTime = fs.predictedDisplayTime,
                              .environmentBlendMode = XR_ENVIRONMENT_BLEND_MODE_OPAQUE};
        r = xrEndFrame(session, &end);
        if (r == XR_SUCCESS)
            r = begun;
    }
    if (out_state)
        *out_state = fs;
    return r;
}

struct mx_test_app {
    XrInstance instance;
    XrSystemId system;
    XrSession session;
};

/* Instance + system + headless session, READY polled and the session begun (stereo). */
static inline XrResult mx_test_app_start(struct mx_test_app *app, const char *const *extra_extensions)
{
    memset(app, 0, sizeof(*app));
    XrResult r = mx_test_create_instance(extra_extensions, &app->instance);
    if (r == XR_SUCCESS)
        r = mx_test_get_system(app->instance, &app->system);
    if (r == XR_SUCCESS)
        r = mx_test_create_session(app->instance, app->system, &app->session);
    XrSessionState st = XR_SESSION_STATE_UNKNOWN;
    while (r == XR_SUCCESS && st != XR_SESSION_STATE_READY) {
        if (!mx_test_next_state(app->instance, &st))
            r = XR_ERROR_RUNTIME_FAILURE;
    }
    XrSessionBeginInfo bi = {.type = XR_TYPE_SESSION_BEGIN_INFO,
                             .primaryViewConfigurationType = XR_VIEW_CONFIGURATION_TYPE_PRIMARY_STEREO};
    if (r == XR_SUCCESS)
        r = xrBeginSession(app->session, &bi);
    return r;
}

/* Runs frames (polling between them) until `target` is polled; false after max_frames. */
static inline bool mx_test_run_to_state(struct mx_test_app *app, XrSessionState target, int max_frames)
{
    for (int k = 0; k <= max_frames; k++) {
        XrSessionState st;
        while (mx_test_next_state(app->instance, &st)) {
            if (st == target)
                return true;
        }
        if (k < max_frames && mx_test_frame(app->session, NULL) != XR_SUCCESS)
            return false;
    }
    return false;
}

static inline void mx_test_app_stop(struct mx_test_app *app)
{
    if (app->instance != XR_NULL_HANDLE)
        xrDestroyInstance(app->instance);
    memset(app, 0, sizeof(*app));
}

#endif
