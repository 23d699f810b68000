/* mockxr conformance, clean path only (also run under the validation layers): a typical app's input
 * setup on a headless session — bindings for several profiles, attach, sync while focused, every state
 * type, action spaces located, haptics, current profile + its changed event, bound sources and names. */
#include <stdlib.h>

#include "input_util.h"

enum { SELECT, TRIGGER, STICK, GRIP, AIM, BUZZ, ACTION_COUNT };

struct app {
    XrInstance inst;
    XrSession session;
    XrActionSet set;
    XrAction act[ACTION_COUNT];
    XrPath hand[2];
};

static void suggest_all(struct app *a)
{
    static const char *touch[] = {
        "/user/hand/left/input/x/click",   "/user/hand/right/input/a/click",   "/user/hand/left/input/trigger/value",
        "/user/hand/right/input/trigger",  "/user/hand/left/input/thumbstick", "/user/hand/right/input/thumbstick",
        "/user/hand/left/input/grip/pose", "/user/hand/right/input/grip",      "/user/hand/left/input/aim/pose",
        "/user/hand/right/input/aim/pose", "/user/hand/left/output/haptic",    "/user/hand/right/output/haptic",
    };
    static const char *simple[] = {
        "/user/hand/left/input/select/click", "/user/hand/right/input/select/click", "/user/hand/left/input/select",
        "/user/hand/right/input/menu/click",  "/user/hand/left/input/grip/pose",     "/user/hand/right/input/grip/pose",
        "/user/hand/left/input/aim/pose",     "/user/hand/right/input/aim/pose",     "/user/hand/left/output/haptic",
        "/user/hand/right/output/haptic",
    };
    static const char *index_paths[] = {
        "/user/hand/left/input/a/click",       "/user/hand/right/input/trigger/click",
        "/user/hand/left/input/trigger/value", "/user/hand/right/input/squeeze/force",
        "/user/hand/left/input/trackpad",      "/user/hand/right/input/thumbstick",
        "/user/hand/left/input/grip/pose",     "/user/hand/right/input/grip/pose",
        "/user/hand/left/input/aim/pose",      "/user/hand/right/input/aim/pose",
        "/user/hand/left/output/haptic",       "/user/hand/right/output/haptic",
    };
    XrAction t[12] = {a->act[SELECT], a->act[SELECT], a->act[TRIGGER], a->act[TRIGGER], a->act[STICK], a->act[STICK],
                      a->act[GRIP],   a->act[GRIP],   a->act[AIM],     a->act[AIM],     a->act[BUZZ],  a->act[BUZZ]};
    XrAction s[10] = {a->act[SELECT], a->act[SELECT], a->act[TRIGGER], a->act[TRIGGER], a->act[GRIP],
                      a->act[GRIP],   a->act[AIM],    a->act[AIM],     a->act[BUZZ],    a->act[BUZZ]};
    IX_EXPECT(a->inst, ix_suggest(a->inst, "/interaction_profiles/oculus/touch_controller", t, touch, 12), XR_SUCCESS);
    IX_EXPECT(a->inst, ix_suggest(a->inst, "/interaction_profiles/khr/simple_controller", s, simple, 10), XR_SUCCESS);
    IX_EXPECT(a->inst, ix_suggest(a->inst, "/interaction_profiles/valve/index_controller", t, index_paths, 12),
              XR_SUCCESS);
    /* Suggesting again replaces the previous list. */
    IX_EXPECT(a->inst, ix_suggest(a->inst, "/interaction_profiles/oculus/touch_controller", t, touch, 12), XR_SUCCESS);
}

static void setup(struct app *a)
{
    a->hand[0] = ix_path(a->inst, "/user/hand/left");
    a->hand[1] = ix_path(a->inst, "/user/hand/right");
    a->set = ix_action_set(a->inst, "main", 0);
    a->act[SELECT] = ix_action(a->inst, a->set, "select", XR_ACTION_TYPE_BOOLEAN_INPUT, true);
    a->act[TRIGGER] = ix_action(a->inst, a->set, "trigger", XR_ACTION_TYPE_FLOAT_INPUT, true);
    a->act[STICK] = ix_action(a->inst, a->set, "stick", XR_ACTION_TYPE_VECTOR2F_INPUT, true);
    a->act[GRIP] = ix_action(a->inst, a->set, "grip", XR_ACTION_TYPE_POSE_INPUT, true);
    a->act[AIM] = ix_action(a->inst, a->set, "aim", XR_ACTION_TYPE_POSE_INPUT, true);
    a->act[BUZZ] = ix_action(a->inst, a->set, "buzz", XR_ACTION_TYPE_VIBRATION_OUTPUT, true);
    suggest_all(a);
    IX_EXPECT(a->inst, ix_attach(a->session, &a->set, 1), XR_SUCCESS);
}

static void check_states(struct app *a)
{
    XrActionStateGetInfo gi = {.type = XR_TYPE_ACTION_STATE_GET_INFO, .action = a->act[SELECT]};
    XrActionStateBoolean b = {.type = XR_TYPE_ACTION_STATE_BOOLEAN};
    IX_EXPECT(a->inst, xrGetActionStateBoolean(a->session, &gi, &b), XR_SUCCESS);
    IX_CHECK(b.isActive && !b.currentState && !b.changedSinceLastSync, "select %d %d %d", b.isActive, b.currentState,
             b.changedSinceLastSync);
    gi.action = a->act[TRIGGER];
    gi.subactionPath = a->hand[1];
    XrActionStateFloat f = {.type = XR_TYPE_ACTION_STATE_FLOAT};
    IX_EXPECT(a->inst, xrGetActionStateFloat(a->session, &gi, &f), XR_SUCCESS);
    IX_CHECK(f.isActive && f.currentState == 0.0f, "trigger %d %f", f.isActive, (double)f.currentState);
    gi.action = a->act[STICK];
    XrActionStateVector2f v = {.type = XR_TYPE_ACTION_STATE_VECTOR2F};
    IX_EXPECT(a->inst, xrGetActionStateVector2f(a->session, &gi, &v), XR_SUCCESS);
    IX_CHECK(v.isActive, "stick inactive");
    gi.action = a->act[GRIP];
    gi.subactionPath = a->hand[0];
    XrActionStatePose p = {.type = XR_TYPE_ACTION_STATE_POSE};
    IX_EXPECT(a->inst, xrGetActionStatePose(a->session, &gi, &p), XR_SUCCESS);
    IX_CHECK(p.isActive, "grip inactive");
}

static void check_spaces(struct app *a, XrTime t)
{
    XrReferenceSpaceCreateInfo rci = {.type = XR_TYPE_REFERENCE_SPACE_CREATE_INFO,
                                      .referenceSpaceType = XR_REFERENCE_SPACE_TYPE_LOCAL,
                                      .poseInReferenceSpace = {.orientation = {0, 0, 0, 1}}};
    XrSpace local = XR_NULL_HANDLE, grip[2] = {XR_NULL_HANDLE, XR_NULL_HANDLE}, aim = XR_NULL_HANDLE;
    IX_EXPECT(a->inst, xrCreateReferenceSpace(a->session, &rci, &local), XR_SUCCESS);
    XrActionSpaceCreateInfo aci = {.type = XR_TYPE_ACTION_SPACE_CREATE_INFO,
                                   .action = a->act[GRIP],
                                   .poseInActionSpace = {.orientation = {0, 0, 0, 1}}};
    for (int h = 0; h < 2; h++) {
        aci.subactionPath = a->hand[h];
        IX_EXPECT(a->inst, xrCreateActionSpace(a->session, &aci, &grip[h]), XR_SUCCESS);
    }
    aci.action = a->act[AIM];
    aci.subactionPath = XR_NULL_PATH;
    IX_EXPECT(a->inst, xrCreateActionSpace(a->session, &aci, &aim), XR_SUCCESS);
    XrSpaceLocation loc[3];
    XrSpace spaces[3] = {grip[0], grip[1], aim};
    for (int k = 0; k < 3; k++) {
        loc[k] = (XrSpaceLocation){.type = XR_TYPE_SPACE_LOCATION};
        IX_EXPECT(a->inst, xrLocateSpace(spaces[k], local, t, &loc[k]), XR_SUCCESS);
        IX_CHECK((loc[k].locationFlags & XR_SPACE_LOCATION_POSITION_VALID_BIT) &&
                     (loc[k].locationFlags & XR_SPACE_LOCATION_ORIENTATION_VALID_BIT),
                 "space %d flags 0x%llx", k, (unsigned long long)loc[k].locationFlags);
    }
    /* Two hands apart, aim follows the left hand (the first bound source). */
    IX_CHECK(loc[0].pose.position.x < loc[1].pose.position.x, "left hand x %f right %f", (double)loc[0].pose.position.x,
             (double)loc[1].pose.position.x);
    IX_CHECK(loc[2].pose.position.z < loc[0].pose.position.z, "aim in front of grip: %f vs %f",
             (double)loc[2].pose.position.z, (double)loc[0].pose.position.z);
    for (int k = 0; k < 3; k++) {
        IX_EXPECT(a->inst, xrDestroySpace(spaces[k]), XR_SUCCESS);
    }
    IX_EXPECT(a->inst, xrDestroySpace(local), XR_SUCCESS);
}

static void check_sources(struct app *a)
{
    XrBoundSourcesForActionEnumerateInfo ei = {.type = XR_TYPE_BOUND_SOURCES_FOR_ACTION_ENUMERATE_INFO,
                                               .action = a->act[SELECT]};
    uint32_t n = 0;
    XrPath src[8];
    IX_EXPECT(a->inst, xrEnumerateBoundSourcesForAction(a->session, &ei, 0, &n, NULL), XR_SUCCESS);
    IX_CHECK(n == 2, "select has %u sources", n);
    IX_EXPECT(a->inst, xrEnumerateBoundSourcesForAction(a->session, &ei, 8, &n, src), XR_SUCCESS);
    char str[XR_MAX_PATH_LENGTH];
    uint32_t len = 0;
    IX_EXPECT(a->inst, xrPathToString(a->inst, src[0], sizeof str, &len, str), XR_SUCCESS);
    IX_CHECK(strcmp(str, "/user/hand/left/input/x/click") == 0, "source %s", str);
    XrInputSourceLocalizedNameGetInfo li = {.type = XR_TYPE_INPUT_SOURCE_LOCALIZED_NAME_GET_INFO,
                                            .sourcePath = src[1],
                                            .whichComponents = XR_INPUT_SOURCE_LOCALIZED_NAME_USER_PATH_BIT |
                                                               XR_INPUT_SOURCE_LOCALIZED_NAME_INTERACTION_PROFILE_BIT |
                                                               XR_INPUT_SOURCE_LOCALIZED_NAME_COMPONENT_BIT};
    char name[128];
    IX_EXPECT(a->inst, xrGetInputSourceLocalizedName(a->session, &li, 0, &len, NULL), XR_SUCCESS);
    IX_EXPECT(a->inst, xrGetInputSourceLocalizedName(a->session, &li, sizeof name, &len, name), XR_SUCCESS);
    IX_CHECK(strcmp(name, "Right Hand Oculus Touch Controller A Click") == 0, "name '%s'", name);
    IX_CHECK(len == strlen(name) + 1, "len %u", len);
}

int main(void)
{
    setenv("MOCKXR_CONTROLLERS", "touch", 1);
    struct app a = {.inst = ix_instance_create()};
    if (a.inst == XR_NULL_HANDLE) {
        return 1;
    }
    a.session = ix_session_create(a.inst);
    setup(&a);
    int changes = 0;
    XrSessionState st = ix_run_until(a.inst, a.session, XR_SESSION_STATE_FOCUSED, 30, &changes);
    IX_CHECK(st == XR_SESSION_STATE_FOCUSED, "state %d", (int)st);
    IX_CHECK(changes == 0, "profile changed before the first sync (%d)", changes);
    IX_EXPECT(a.inst, ix_sync(a.session, a.set, XR_NULL_PATH), XR_SUCCESS);
    ix_poll(a.inst, st, &changes);
    IX_CHECK(changes == 1, "%d profile-changed events after the first sync", changes);
    XrInteractionProfileState ps = {.type = XR_TYPE_INTERACTION_PROFILE_STATE};
    IX_EXPECT(a.inst, xrGetCurrentInteractionProfile(a.session, a.hand[1], &ps), XR_SUCCESS);
    IX_CHECK(ps.interactionProfile == ix_path(a.inst, "/interaction_profiles/oculus/touch_controller"), "profile");
    IX_EXPECT(a.inst, xrGetCurrentInteractionProfile(a.session, ix_path(a.inst, "/user/gamepad"), &ps), XR_SUCCESS);
    IX_CHECK(ps.interactionProfile == XR_NULL_PATH, "gamepad profile");
    check_states(&a);
    XrTime t;
    ix_frame(a.inst, a.session, &t);
    IX_EXPECT(a.inst, ix_sync(a.session, a.set, a.hand[0]), XR_SUCCESS);
    IX_EXPECT(a.inst, ix_sync(a.session, a.set, XR_NULL_PATH), XR_SUCCESS);
    ix_poll(a.inst, st, &changes);
    IX_CHECK(changes == 1, "profile events repeated: %d", changes);
    check_spaces(&a, t);
    check_sources(&a);
    XrHapticVibration vib = {.type = XR_TYPE_HAPTIC_VIBRATION,
                             .duration = XR_MIN_HAPTIC_DURATION,
                             .frequency = XR_FREQUENCY_UNSPECIFIED,
                             .amplitude = 0.5f};
    XrHapticActionInfo hi = {.type = XR_TYPE_HAPTIC_ACTION_INFO, .action = a.act[BUZZ], .subactionPath = a.hand[0]};
    IX_EXPECT(a.inst, xrApplyHapticFeedback(a.session, &hi, (const XrHapticBaseHeader *)&vib), XR_SUCCESS);
    IX_EXPECT(a.inst, xrStopHapticFeedback(a.session, &hi), XR_SUCCESS);
    IX_EXPECT(a.inst, xrDestroySession(a.session), XR_SUCCESS);
    IX_EXPECT(a.inst, xrDestroyInstance(a.inst), XR_SUCCESS);
    return ix_finish("input_clean");
}
