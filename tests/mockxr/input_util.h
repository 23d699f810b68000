/* Shared helpers of the mockxr input tests: a headless session through the real loader, driven by
 * frames until a wanted state, plus checks that print the XrResult by name. */
#ifndef MOCKXR_TEST_INPUT_UTIL_H
#define MOCKXR_TEST_INPUT_UTIL_H

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include <openxr/openxr.h>

static int ix_failures;

static inline const char *ix_result(XrInstance inst, XrResult r)
{
    static char buf[XR_MAX_RESULT_STRING_SIZE];
    if (inst == XR_NULL_HANDLE || xrResultToString(inst, r, buf) != XR_SUCCESS) {
        snprintf(buf, sizeof buf, "XrResult(%d)", (int)r);
    }
    return buf;
}

#define IX_CHECK(cond, ...)                                                                                            \
    do {                                                                                                               \
        if (!(cond)) {                                                                                                 \
            ix_failures++;                                                                                             \
            fprintf(stderr, "%s:%d: CHECK(%s) failed: ", __FILE__, __LINE__, #cond);                                   \
            fprintf(stderr, __VA_ARGS__);                                                                              \
            fputc('\n', stderr);                                                                                       \
        }                                                                                                              \
    } while (0)

/* Expects `call` to return `want`. */
#define IX_EXPECT(inst, call, want)                                                                                    \
    do {                                                                                                               \
        XrResult ix_r_ = (call);                                                                                       \
        if (ix_r_ != (want)) {                                                                                         \
            ix_failures++;                                                                                             \
            fprintf(stderr, "%s:%d: %s returned %s", __FILE__, __LINE__, #call, ix_result(inst, ix_r_));               \
            fprintf(stderr, ", expected %s\n", ix_result(inst, want));                                                 \
        }                                                                                                              \
    } while (0)

static inline XrInstance ix_instance_create(void)
{
    const char *exts[] = {"XR_MND_headless"};
    XrInstanceCreateInfo ci = {
        .type = XR_TYPE_INSTANCE_CREATE_INFO, .enabledExtensionCount = 1, .enabledExtensionNames = exts};
    strcpy(ci.applicationInfo.applicationName, "mockxr-input-test");
    ci.applicationInfo.apiVersion = XR_MAKE_VERSION(1, 0, 0);
    XrInstance inst = XR_NULL_HANDLE;
    XrResult r = xrCreateInstance(&ci, &inst);
    if (r != XR_SUCCESS) {
        fprintf(stderr, "xrCreateInstance failed: %d\n", (int)r);
        return XR_NULL_HANDLE;
    }
    return inst;
}

static inline XrPath ix_path(XrInstance inst, const char *str)
{
    XrPath p = XR_NULL_PATH;
    XrResult r = xrStringToPath(inst, str, &p);
    IX_CHECK(r == XR_SUCCESS, "xrStringToPath(%s): %s", str, ix_result(inst, r));
    return p;
}

static inline XrSession ix_session_create(XrInstance inst)
{
    XrSystemGetInfo gi = {.type = XR_TYPE_SYSTEM_GET_INFO, .formFactor = XR_FORM_FACTOR_HEAD_MOUNTED_DISPLAY};
    XrSystemId sys = XR_NULL_SYSTEM_ID;
    XrResult r = xrGetSystem(inst, &gi, &sys);
    IX_CHECK(r == XR_SUCCESS, "xrGetSystem: %s", ix_result(inst, r));
    XrSessionCreateInfo sci = {.type = XR_TYPE_SESSION_CREATE_INFO, .systemId = sys};
    XrSession s = XR_NULL_HANDLE;
    r = xrCreateSession(inst, &sci, &s);
    IX_CHECK(r == XR_SUCCESS, "xrCreateSession (headless): %s", ix_result(inst, r));
    return s;
}

/* Polls every queued event; returns the last session state seen (or `state` unchanged) and counts
 * interaction-profile-changed events into *profile_changes when non-NULL. */
static inline XrSessionState ix_poll(XrInstance inst, XrSessionState state, int *profile_changes)
{
    for (;;) {
        XrEventDataBuffer ev = {.type = XR_TYPE_EVENT_DATA_BUFFER};
        XrResult r = xrPollEvent(inst, &ev);
        if (r != XR_SUCCESS) {
            IX_CHECK(r == XR_EVENT_UNAVAILABLE, "xrPollEvent: %s", ix_result(inst, r));
            return state;
        }
        if (ev.type == XR_TYPE_EVENT_DATA_SESSION_STATE_CHANGED) {
            state = ((XrEventDataSessionStateChanged *)&ev)->state;
        } else if (ev.type == XR_TYPE_EVENT_DATA_INTERACTION_PROFILE_CHANGED && profile_changes) {
            (*profile_changes)++;
        }
    }
}

/* One frame with no layers. */
static inline void ix_frame(XrInstance inst, XrSession s, XrTime *out_display_time)
{
    XrFrameWaitInfo wi = {.type = XR_TYPE_FRAME_WAIT_INFO};
    XrFrameState fs = {.type = XR_TYPE_FRAME_STATE};
    XrResult r = xrWaitFrame(s, &wi, &fs);
    IX_CHECK(r == XR_SUCCESS, "xrWaitFrame: %s", ix_result(inst, r));
    XrFrameBeginInfo bi = {.type = XR_TYPE_FRAME_BEGIN_INFO};
    r = xrBeginFrame(s, &bi);
    IX_CHECK(r == XR_SUCCESS, "xrBeginFrame: %s", ix_result(inst, r));
    XrFrameEndInfo ei = {.type = XR_TYPE_FRAME_END_INFO,
                         .displayTime = fs.predictedDisplayTime,
                         .environmentBlendMode = XR_ENVIRONMENT_BLEND_MODE_OPAQUE};
    r = xrEndFrame(s, &ei);
    IX_CHECK(r == XR_SUCCESS, "xrEndFrame: %s", ix_result(inst, r));
    if (out_display_time) {
        *out_display_time = fs.predictedDisplayTime;
    }
}

/* Begins the session at READY and runs frames until `want` (FOCUSED, ...) or max_frames. */
static inline XrSessionState ix_run_until(XrInstance inst, XrSession s, XrSessionState want, int max_frames,
                                          int *profile_changes)
{
    XrSessionState state = ix_poll(inst, XR_SESSION_STATE_UNKNOWN, profile_changes);
    if (state == XR_SESSION_STATE_READY) {
        XrSessionBeginInfo bi = {.type = XR_TYPE_SESSION_BEGIN_INFO,
                                 .primaryViewConfigurationType = XR_VIEW_CONFIGURATION_TYPE_PRIMARY_STEREO};
        XrResult r = xrBeginSession(s, &bi);
        IX_CHECK(r == XR_SUCCESS, "xrBeginSession: %s", ix_result(inst, r));
    }
    for (int f = 0; f < max_frames && state != want; f++) {
        ix_frame(inst, s, NULL);
        state = ix_poll(inst, state, profile_changes);
    }
    return state;
}

static inline XrActionSet ix_action_set(XrInstance inst, const char *name, uint32_t priority)
{
    XrActionSetCreateInfo ci = {.type = XR_TYPE_ACTION_SET_CREATE_INFO, .priority = priority};
    snprintf(ci.actionSetName, sizeof ci.actionSetName, "%s", name);
    snprintf(ci.localizedActionSetName, sizeof ci.localizedActionSetName, "Set %s", name);
    XrActionSet set = XR_NULL_HANDLE;
    XrResult r = xrCreateActionSet(inst, &ci, &set);
    IX_CHECK(r == XR_SUCCESS, "xrCreateActionSet(%s): %s", name, ix_result(inst, r));
    return set;
}

/* An action with subaction paths left+right when `hands` is true. */
static inline XrAction ix_action(XrInstance inst, XrActionSet set, const char *name, XrActionType type, bool hands)
{
    XrPath sub[2] = {ix_path(inst, "/user/hand/left"), ix_path(inst, "/user/hand/right")};
    XrActionCreateInfo ci = {.type = XR_TYPE_ACTION_CREATE_INFO,
                             .actionType = type,
                             .countSubactionPaths = hands ? 2 : 0,
                             .subactionPaths = hands ? sub : NULL};
    snprintf(ci.actionName, sizeof ci.actionName, "%s", name);
    snprintf(ci.localizedActionName, sizeof ci.localizedActionName, "Action %s", name);
    XrAction a = XR_NULL_HANDLE;
    XrResult r = xrCreateAction(set, &ci, &a);
    IX_CHECK(r == XR_SUCCESS, "xrCreateAction(%s): %s", name, ix_result(inst, r));
    return a;
}

static inline XrResult ix_suggest(XrInstance inst, const char *profile, const XrAction *actions,
                                  const char *const *paths, uint32_t n)
{
    XrActionSuggestedBinding b[32];
    for (uint32_t k = 0; k < n && k < 32; k++) {
        b[k].action = actions[k];
        b[k].binding = ix_path(inst, paths[k]);
    }
    XrInteractionProfileSuggestedBinding sb = {.type = XR_TYPE_INTERACTION_PROFILE_SUGGESTED_BINDING,
                                               .interactionProfile = ix_path(inst, profile),
                                               .countSuggestedBindings = n,
                                               .suggestedBindings = b};
    return xrSuggestInteractionProfileBindings(inst, &sb);
}

static inline XrResult ix_attach(XrSession s, const XrActionSet *sets, uint32_t n)
{
    XrSessionActionSetsAttachInfo ai = {
        .type = XR_TYPE_SESSION_ACTION_SETS_ATTACH_INFO, .countActionSets = n, .actionSets = sets};
    return xrAttachSessionActionSets(s, &ai);
}

static inline XrResult ix_sync(XrSession s, XrActionSet set, XrPath subaction)
{
    XrActiveActionSet active = {set, subaction};
    XrActionsSyncInfo si = {.type = XR_TYPE_ACTIONS_SYNC_INFO, .countActiveActionSets = 1, .activeActionSets = &active};
    return xrSyncActions(s, &si);
}

static inline int ix_finish(const char *name)
{
    if (ix_failures) {
        fprintf(stderr, "%s: %d failure(s)\n", name, ix_failures);
        return 1;
    }
    printf("%s: ok\n", name);
    return 0;
}

#endif
