/* Unit test of mockxr's interaction-profile tables and binding rules (profiles.c compiled in, no loader). */
#include "mx_profiles.h"

#include <stdio.h>
#include <string.h>

static int failures;

#define CHECK(cond, ...)                                                                                  \
    do {                                                                                                  \
        if (!(cond)) {                                                                                    \
            failures++;                                                                                   \
            fprintf(stderr, "%s:%d: CHECK(%s) failed: ", __FILE__, __LINE__, #cond);                      \
            fprintf(stderr, __VA_ARGS__);                                                                 \
            fputc('\n', stderr);                                                                          \
        }                                                                                                 \
    } while (0)

/* Spec 1.0 component counts per profile (per the lists in "Interaction Profile Paths"). */
static void test_profile_set(void)
{
    static const struct {
        const char *path;
        unsigned users;
        size_t components;
    } expect[] = {
        {"/interaction_profiles/khr/simple_controller", MX_USER_HANDS, 5},
        {"/interaction_profiles/google/daydream_controller", MX_USER_HANDS, 7},
        {"/interaction_profiles/htc/vive_controller", MX_USER_HANDS, 12},
        {"/interaction_profiles/htc/vive_pro", MX_USER_HEAD, 4},
        {"/interaction_profiles/microsoft/motion_controller", MX_USER_HANDS, 13},
        {"/interaction_profiles/microsoft/xbox_controller", MX_USER_GAMEPAD, 24},
        {"/interaction_profiles/oculus/go_controller", MX_USER_HANDS, 9},
        {"/interaction_profiles/oculus/touch_controller", MX_USER_HANDS, 21},
        {"/interaction_profiles/valve/index_controller", MX_USER_HANDS, 22},
        {"/interaction_profiles/ext/eye_gaze_interaction", MX_USER_EYES, 1}, /* XR_EXT_eye_gaze_interaction */
    };
    CHECK(mx_profile_count() == 10, "count %zu", mx_profile_count());
    for (size_t i = 0; i < sizeof(expect) / sizeof(expect[0]); i++) {
        const struct mx_profile *p = mx_profile_find(expect[i].path);
        CHECK(p != NULL, "%s missing", expect[i].path);
        if (p) {
            CHECK(p->users == expect[i].users, "%s users", expect[i].path);
            CHECK(p->component_count == expect[i].components, "%s has %zu components", expect[i].path,
                  p->component_count);
        }
    }
    CHECK(mx_profile_find("/interaction_profiles/oculus/touch_controllers") == NULL, "typo profile found");
    CHECK(mx_profile_find("/interaction_profiles/khr/simple_controller/") == NULL, "trailing slash found");
    CHECK(mx_profile_at(10) == NULL, "index past end");
    const struct mx_profile *eyes = mx_profile_find("/interaction_profiles/ext/eye_gaze_interaction");
    CHECK(eyes && eyes->extension && strcmp(eyes->extension, "XR_EXT_eye_gaze_interaction") == 0, "eye profile ext");
    CHECK(mx_profile_find("/interaction_profiles/oculus/touch_controller")->extension == NULL, "core profile ext");
    CHECK(eyes && mx_profile_binding_valid(eyes, "/user/eyes_ext/input/gaze_ext/pose", NULL), "gaze pose");
    CHECK(eyes && mx_profile_binding_valid(eyes, "/user/eyes_ext/input/gaze_ext", NULL), "gaze parent");
    CHECK(eyes && !mx_profile_binding_valid(eyes, "/user/hand/left/input/gaze_ext/pose", NULL), "gaze on a hand");
    CHECK(eyes && !mx_profile_binding_valid(eyes, "/user/eyes_ext/input/gaze/pose", NULL), "gaze typo");
}

/* Every listed component is accepted on each user path it belongs to, and rejected on others. */
static void test_every_component(void)
{
    static const unsigned bits[] = {MX_USER_LEFT, MX_USER_RIGHT, MX_USER_HEAD, MX_USER_GAMEPAD};
    size_t accepted = 0;
    for (size_t i = 0; i < mx_profile_count(); i++) {
        const struct mx_profile *p = mx_profile_at(i);
        for (size_t c = 0; c < p->component_count; c++) {
            for (size_t u = 0; u < 4; u++) {
                char path[256];
                snprintf(path, sizeof path, "%s%s", mx_user_path(bits[u]), p->components[c].subpath);
                const char *why = NULL;
                bool ok = mx_profile_binding_valid(p, path, &why);
                bool want = (p->components[c].users & bits[u]) != 0;
                CHECK(ok == want, "%s %s: got %d (%s)", p->path, path, ok, why ? why : "");
                accepted += ok;
            }
        }
    }
    /* 5*2+7*2+12*2+4+13*2+24+9*2+(21*2-10)+22*2 */
    CHECK(accepted == 196, "accepted %zu", accepted);
}

static void test_typos_and_shorthand(void)
{
    const struct mx_profile *touch = mx_profile_find("/interaction_profiles/oculus/touch_controller");
    const struct mx_profile *xbox = mx_profile_find("/interaction_profiles/microsoft/xbox_controller");
    const struct mx_profile *vive = mx_profile_find("/interaction_profiles/htc/vive_controller");
    static const char *bad_touch[] = {
        "/user/hand/left/input/trigger/click",  /* touch has no trigger click */
        "/user/hand/left/input/triger/value",   /* typo */
        "/user/hand/left/input/a/click",        /* a is right-only */
        "/user/hand/right/input/x/click",       /* x is left-only */
        "/user/hand/left/input/trigger/value/", /* trailing */
        "/user/hand/left/input",                /* not a component */
        "/user/hand/left/input/",
        "/user/hand/left",
        "/user/hand/left/output/haptic/value",  /* outputs have no components */
        "/user/hand/left/output",
        "/user/head/input/system/click",        /* head not valid for touch */
        "/user/gamepad/input/a/click",
        "/user/hand/middle/input/trigger/value",
        "/user/hand/left/input/thumbstick/z",
        "/user/hand/left/input/grip/value",
        "/user/hand/left/input/squeeze/click",
    };
    for (size_t i = 0; i < sizeof(bad_touch) / sizeof(bad_touch[0]); i++) {
        const char *why = NULL;
        CHECK(!mx_profile_binding_valid(touch, bad_touch[i], &why), "%s accepted", bad_touch[i]);
        CHECK(why != NULL, "%s: no reason", bad_touch[i]);
    }
    static const char *good_touch[] = {
        "/user/hand/left/input/trigger", "/user/hand/right/input/thumbstick", "/user/hand/left/input/grip",
        "/user/hand/left/input/squeeze", "/user/hand/right/input/a",          "/user/hand/left/input/thumbrest",
    };
    for (size_t i = 0; i < sizeof(good_touch) / sizeof(good_touch[0]); i++) {
        CHECK(mx_profile_binding_valid(touch, good_touch[i], NULL), "%s rejected", good_touch[i]);
    }
    CHECK(!mx_profile_binding_valid(touch, "/user/hand/right/input/x", NULL), "left-only parent on right");
    CHECK(mx_profile_binding_valid(xbox, "/user/gamepad/input/thumbstick_left", NULL), "xbox stick parent");
    CHECK(!mx_profile_binding_valid(xbox, "/user/gamepad/input/thumbstick", NULL), "xbox plain stick");
    CHECK(!mx_profile_binding_valid(xbox, "/user/gamepad/output/haptic", NULL), "xbox plain haptic");
    CHECK(mx_profile_binding_valid(vive, "/user/hand/right/input/trackpad", NULL), "vive trackpad parent");
}

static void expect_resolve(const char *profile, const char *binding, XrActionType type, enum mx_bind_kind kind,
                           const char *subpath)
{
    const struct mx_profile *p = mx_profile_find(profile);
    struct mx_binding_source src;
    bool ok = mx_profile_resolve(p, binding, type, &src);
    CHECK(ok == (kind != MX_BIND_NONE), "%s type %d: ok %d", binding, (int)type, ok);
    CHECK(src.kind == kind, "%s type %d: kind %d want %d", binding, (int)type, (int)src.kind, (int)kind);
    if (subpath) {
        CHECK(src.comp && strcmp(src.comp->subpath, subpath) == 0, "%s type %d: comp %s want %s", binding,
              (int)type, src.comp ? src.comp->subpath : "(null)", subpath);
    }
}

static void test_resolution(void)
{
    const char *touch = "/interaction_profiles/oculus/touch_controller";
    const char *index = "/interaction_profiles/valve/index_controller";
    const char *simple = "/interaction_profiles/khr/simple_controller";
    /* boolean: click first, else thresholded value */
    expect_resolve(index, "/user/hand/left/input/trigger", XR_ACTION_TYPE_BOOLEAN_INPUT, MX_BIND_DIRECT,
                   "/input/trigger/click");
    expect_resolve(touch, "/user/hand/left/input/trigger", XR_ACTION_TYPE_BOOLEAN_INPUT, MX_BIND_THRESHOLD,
                   "/input/trigger/value");
    expect_resolve(touch, "/user/hand/left/input/trigger/value", XR_ACTION_TYPE_BOOLEAN_INPUT, MX_BIND_THRESHOLD,
                   "/input/trigger/value");
    /* float: value first, else click as 0/1 */
    expect_resolve(index, "/user/hand/left/input/trigger", XR_ACTION_TYPE_FLOAT_INPUT, MX_BIND_DIRECT,
                   "/input/trigger/value");
    expect_resolve(simple, "/user/hand/left/input/select", XR_ACTION_TYPE_FLOAT_INPUT, MX_BIND_BOOL_TO_FLOAT,
                   "/input/select/click");
    expect_resolve(touch, "/user/hand/right/input/a/click", XR_ACTION_TYPE_FLOAT_INPUT, MX_BIND_BOOL_TO_FLOAT,
                   "/input/a/click");
    /* vector2f: only the parent with x and y */
    expect_resolve(touch, "/user/hand/left/input/thumbstick", XR_ACTION_TYPE_VECTOR2F_INPUT, MX_BIND_VECTOR2,
                   "/input/thumbstick/x");
    expect_resolve(touch, "/user/hand/left/input/thumbstick/x", XR_ACTION_TYPE_VECTOR2F_INPUT, MX_BIND_NONE, NULL);
    expect_resolve(touch, "/user/hand/left/input/trigger", XR_ACTION_TYPE_VECTOR2F_INPUT, MX_BIND_NONE, NULL);
    /* pose */
    expect_resolve(touch, "/user/hand/left/input/grip", XR_ACTION_TYPE_POSE_INPUT, MX_BIND_DIRECT,
                   "/input/grip/pose");
    expect_resolve(touch, "/user/hand/left/input/aim/pose", XR_ACTION_TYPE_POSE_INPUT, MX_BIND_DIRECT,
                   "/input/aim/pose");
    expect_resolve(touch, "/user/hand/left/input/trigger/value", XR_ACTION_TYPE_POSE_INPUT, MX_BIND_NONE, NULL);
    /* vibration */
    expect_resolve(touch, "/user/hand/left/output/haptic", XR_ACTION_TYPE_VIBRATION_OUTPUT, MX_BIND_DIRECT,
                   "/output/haptic");
    expect_resolve(touch, "/user/hand/left/input/trigger/value", XR_ACTION_TYPE_VIBRATION_OUTPUT, MX_BIND_NONE,
                   NULL);
    /* invalid path never resolves */
    expect_resolve(touch, "/user/hand/left/input/trigger/click", XR_ACTION_TYPE_BOOLEAN_INPUT, MX_BIND_NONE, NULL);
    struct mx_binding_source src;
    mx_profile_resolve(mx_profile_find(touch), "/user/hand/right/input/thumbstick", XR_ACTION_TYPE_VECTOR2F_INPUT,
                       &src);
    CHECK(src.user == MX_USER_RIGHT && src.comp_y && strcmp(src.comp_y->subpath, "/input/thumbstick/y") == 0,
          "vector2 y component");
}

static void test_names(void)
{
    char buf[64];
    const struct mx_profile *xbox = mx_profile_find("/interaction_profiles/microsoft/xbox_controller");
    mx_component_localized(&xbox->components[12], buf, sizeof buf); /* /input/thumbstick_left/click */
    CHECK(strcmp(buf, "Thumbstick Left Click") == 0, "got '%s'", buf);
    mx_component_localized(&xbox->components[23], buf, sizeof buf);
    CHECK(strcmp(buf, "Haptic Right Trigger") == 0, "got '%s'", buf);
    mx_component_localized(&xbox->components[12], buf, 6);
    CHECK(strcmp(buf, "Thumb") == 0, "truncated got '%s'", buf);
    CHECK(mx_user_from_path("/user/hand/right") == MX_USER_RIGHT, "right");
    CHECK(mx_user_from_path("/user/hand") == 0, "partial user path");
    CHECK(strcmp(mx_user_localized(MX_USER_GAMEPAD), "Gamepad") == 0, "gamepad name");
    CHECK(mx_user_from_path("/user/eyes_ext") == MX_USER_EYES, "eyes");
    CHECK(strcmp(mx_user_localized(MX_USER_EYES), "Eyes") == 0, "eyes name");
}

static void expect_dpad(const char *profile, const char *binding, bool valid, unsigned dir, const char *press)
{
    const struct mx_profile *p = mx_profile_find(profile);
    struct mx_binding_source src;
    bool ok = mx_profile_dpad_resolve(p, binding, XR_ACTION_TYPE_BOOLEAN_INPUT, &src);
    CHECK(ok == valid, "%s %s: dpad %d, want %d", profile, binding, ok, valid);
    if (!ok || !valid)
        return;
    CHECK(src.kind == MX_BIND_DPAD && src.dpad == dir && src.comp && src.comp_y, "%s: kind %d dir %u", binding,
          (int)src.kind, src.dpad);
    CHECK(press ? (src.comp_press && strcmp(src.comp_press->subpath, press) == 0) : !src.comp_press,
          "%s: press %s want %s", binding, src.comp_press ? src.comp_press->subpath : "(none)", press ? press : "(none)");
}

/* XR_EXT_dpad_binding's components: on thumbsticks (no center) and trackpads of the profile, read through
 * the trackpad's click, else its force. */
static void test_dpad(void)
{
    const char *touch = "/interaction_profiles/oculus/touch_controller";
    const char *index = "/interaction_profiles/valve/index_controller";
    const char *vive = "/interaction_profiles/htc/vive_controller";
    const char *xbox = "/interaction_profiles/microsoft/xbox_controller";
    expect_dpad(touch, "/user/hand/left/input/thumbstick/dpad_up", true, MX_DPAD_UP, NULL);
    expect_dpad(touch, "/user/hand/right/input/thumbstick/dpad_right", true, MX_DPAD_RIGHT, NULL);
    expect_dpad(touch, "/user/hand/left/input/thumbstick/dpad_center", false, 0, NULL); /* sticks have none */
    expect_dpad(touch, "/user/hand/left/input/trackpad/dpad_up", false, 0, NULL);       /* touch has no trackpad */
    expect_dpad(touch, "/user/hand/left/input/trigger/dpad_up", false, 0, NULL);
    expect_dpad(touch, "/user/hand/left/input/thumbstick/dpad_north", false, 0, NULL);
    expect_dpad(index, "/user/hand/left/input/trackpad/dpad_center", true, MX_DPAD_CENTER, "/input/trackpad/force");
    expect_dpad(index, "/user/hand/left/input/thumbstick/dpad_down", true, MX_DPAD_DOWN, NULL);
    expect_dpad(vive, "/user/hand/right/input/trackpad/dpad_left", true, MX_DPAD_LEFT, "/input/trackpad/click");
    expect_dpad(vive, "/user/hand/right/input/thumbstick/dpad_left", false, 0, NULL);
    expect_dpad(xbox, "/user/gamepad/input/thumbstick_left/dpad_up", true, MX_DPAD_UP, NULL);
    struct mx_binding_source src;
    const struct mx_profile *p = mx_profile_find(index);
    CHECK(mx_profile_dpad_identifier(p, "/user/hand/right/input/thumbstick", &src) && src.user == MX_USER_RIGHT,
          "index thumbstick identifier");
    CHECK(!mx_profile_dpad_identifier(p, "/user/hand/right/input/thumbstick/dpad_up", &src), "a dpad path is no identifier");
    CHECK(!mx_profile_dpad_identifier(p, "/user/hand/right/input/trigger", &src), "trigger is no dpad input");
    CHECK(!mx_profile_dpad_identifier(mx_profile_find(touch), "/user/hand/right/input/trackpad", &src), "no trackpad");
    CHECK(!mx_profile_binding_valid(mx_profile_find(touch), "/user/hand/left/input/thumbstick/dpad_up", NULL),
          "dpad paths are not core bindings");
}

int main(void)
{
    test_profile_set();
    test_every_component();
    test_typos_and_shorthand();
    test_resolution();
    test_names();
    test_dpad();
    if (failures) {
        fprintf(stderr, "input_profiles: %d failure(s)\n", failures);
        return 1;
    }
    printf("input_profiles: ok\n");
    return 0;
}
