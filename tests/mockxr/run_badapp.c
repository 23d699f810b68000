/* A real OpenXR app (headless session, XR_MND_headless) that breaks one rule on purpose — xrBeginFrame
 * before any xrWaitFrame — then runs a few correct frames and ends cleanly: mockxr-run must turn the
 * error mockxr diagnosed into a failed run. With the argument "loss" it breaks no rule: it runs until a
 * scripted session loss, recovers with a new session as the spec says, runs a few frames there and ends;
 * mockxr-run must pass it (the XR_ERROR_SESSION_LOST it got is no rule violation). With "stdin" it breaks
 * no rule and, after destroying its instance, reads stdin until end of input, as a shell around an app
 * would: mockxr-run must close it once the instance is gone (else the run ends at its timeout). */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include <openxr/openxr.h>

#define FRAMES 5

static int check(XrResult r, XrResult want, const char *call)
{
    if (r == want)
        return 0;
    fprintf(stderr, "run_badapp: %s returned %d, expected %d\n", call, (int)r, (int)want);
    return 1;
}

/* Polls until the session reaches `state` (mockxr moves IDLE -> READY promptly). */
static int wait_state(XrInstance instance, XrSessionState state)
{
    for (int i = 0; i < 1000; i++) {
        XrEventDataBuffer ev = {.type = XR_TYPE_EVENT_DATA_BUFFER};
        XrResult r = xrPollEvent(instance, &ev);
        if (r == XR_SUCCESS && ev.type == XR_TYPE_EVENT_DATA_SESSION_STATE_CHANGED &&
            ((XrEventDataSessionStateChanged *)&ev)->state == state)
            return 0;
        if (XR_FAILED(r))
            return check(r, XR_SUCCESS, "xrPollEvent");
    }
    fprintf(stderr, "run_badapp: session never reached state %d\n", (int)state);
    return 1;
}

static int run_frames(XrSession session, bool break_rule)
{
    int bad = !break_rule ? 0 : check(xrBeginFrame(session, &(XrFrameBeginInfo){.type = XR_TYPE_FRAME_BEGIN_INFO}),
                                      XR_ERROR_CALL_ORDER_INVALID, "xrBeginFrame before xrWaitFrame (the broken rule)");
    for (int i = 0; i < FRAMES && !bad; i++) {
        XrFrameState fs = {.type = XR_TYPE_FRAME_STATE};
        bad |= check(xrWaitFrame(session, &(XrFrameWaitInfo){.type = XR_TYPE_FRAME_WAIT_INFO}, &fs), XR_SUCCESS,
                     "xrWaitFrame");
        bad |= check(xrBeginFrame(session, &(XrFrameBeginInfo){.type = XR_TYPE_FRAME_BEGIN_INFO}), XR_SUCCESS,
                     "xrBeginFrame");
        XrFrameEndInfo ei = {.type = XR_TYPE_FRAME_END_INFO, .displayTime = fs.predictedDisplayTime,
                             .environmentBlendMode = XR_ENVIRONMENT_BLEND_MODE_OPAQUE};
        bad |= check(xrEndFrame(session, &ei), XR_SUCCESS, "xrEndFrame");
    }
    return bad;
}

static int start_session(XrInstance instance, XrSystemId system, XrSession *out_session)
{
    XrSessionCreateInfo sci = {.type = XR_TYPE_SESSION_CREATE_INFO, .systemId = system};
    XrSessionBeginInfo bi = {.type = XR_TYPE_SESSION_BEGIN_INFO,
                             .primaryViewConfigurationType = XR_VIEW_CONFIGURATION_TYPE_PRIMARY_STEREO};
    return check(xrCreateSession(instance, &sci, out_session), XR_SUCCESS, "xrCreateSession (headless)") ||
           wait_state(instance, XR_SESSION_STATE_READY) || check(xrBeginSession(*out_session, &bi), XR_SUCCESS,
                                                                 "xrBeginSession");
}

/* Frames until the scripted loss makes a call return XR_ERROR_SESSION_LOST, then LOSS_PENDING polled,
 * the session destroyed and a new one begun in its place. */
static int survive_loss(XrInstance instance, XrSystemId system, XrSession *io_session)
{
    XrResult r = XR_SUCCESS;
    for (int i = 0; i < 100 && r == XR_SUCCESS; i++) {
        XrFrameState fs = {.type = XR_TYPE_FRAME_STATE};
        r = xrWaitFrame(*io_session, &(XrFrameWaitInfo){.type = XR_TYPE_FRAME_WAIT_INFO}, &fs);
        if (r == XR_SUCCESS)
            r = xrBeginFrame(*io_session, &(XrFrameBeginInfo){.type = XR_TYPE_FRAME_BEGIN_INFO});
        XrFrameEndInfo ei = {.type = XR_TYPE_FRAME_END_INFO, .displayTime = fs.predictedDisplayTime,
                             .environmentBlendMode = XR_ENVIRONMENT_BLEND_MODE_OPAQUE};
        if (r == XR_SUCCESS)
            r = xrEndFrame(*io_session, &ei);
    }
    if (check(r, XR_ERROR_SESSION_LOST, "a frame call after the scripted loss") ||
        wait_state(instance, XR_SESSION_STATE_LOSS_PENDING))
        return 1;
    xrDestroySession(*io_session);
    *io_session = XR_NULL_HANDLE;
    return start_session(instance, system, io_session);
}

int main(int argc, char **argv)
{
    bool loss = argc > 1 && strcmp(argv[1], "loss") == 0;
    bool read_stdin = argc > 1 && strcmp(argv[1], "stdin") == 0;
    const char *exts[] = {XR_MND_HEADLESS_EXTENSION_NAME};
    XrInstanceCreateInfo ci = {.type = XR_TYPE_INSTANCE_CREATE_INFO, .enabledExtensionCount = 1,
                               .enabledExtensionNames = exts};
    snprintf(ci.applicationInfo.applicationName, sizeof ci.applicationInfo.applicationName, "run_badapp");
    ci.applicationInfo.apiVersion = XR_MAKE_VERSION(1, 0, 0);
    XrInstance instance = XR_NULL_HANDLE;
    if (check(xrCreateInstance(&ci, &instance), XR_SUCCESS, "xrCreateInstance"))
        return 1;
    XrSystemId system = XR_NULL_SYSTEM_ID;
    XrSystemGetInfo si = {.type = XR_TYPE_SYSTEM_GET_INFO, .formFactor = XR_FORM_FACTOR_HEAD_MOUNTED_DISPLAY};
    XrSession session = XR_NULL_HANDLE;
    int bad = check(xrGetSystem(instance, &si, &system), XR_SUCCESS, "xrGetSystem") ||
              start_session(instance, system, &session);
    if (!bad && loss)
        bad = survive_loss(instance, system, &session);
    if (!bad)
        bad = run_frames(session, !loss && !read_stdin);
    if (session != XR_NULL_HANDLE)
        xrDestroySession(session);
    xrDestroyInstance(instance);
    if (read_stdin) {
        while (getchar() != EOF)
            ;
        fprintf(stderr, "run_badapp: stdin reached end of input\n");
    }
    return bad;
}
