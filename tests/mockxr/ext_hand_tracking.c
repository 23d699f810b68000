/* XR_EXT_hand_tracking through the real loader: 26 joints with radii around the simulated controller's grip,
 * the trigger's pinch (thumb tip meets index tip), the squeeze's fist, the script's curl / pinch / tracked /
 * pose, velocities, focus, the spec's argument rules, and the report's "hands". */
#include "ext_util.h"

#define REPORT "ext_hand_tracking_report.jsonl"

static const char g_script[] =
    "{\"timeline\": [\n"
    " {\"frame\": 10, \"input\": {\"/user/hand/right/input/trigger/value\": 1.0,\n"
    "                            \"/user/hand/left/input/squeeze/value\": 1.0}},\n"
    " {\"frame\": 20, \"input\": {\"/user/hand/right/input/trigger/value\": 0.0,\n"
    "                            \"/user/hand/left/input/squeeze/value\": 0.0},\n"
    "               \"hand_right\": {\"pinch\": 1.0}, \"hand_left\": {\"curl\": 0.5}},\n"
    " {\"frame\": 30, \"hand_right\": {\"pinch\": 0.0, \"tracked\": false}},\n"
    " {\"frame\": 40, \"hand_left\": {\"pose\": {\"position\": [0, 1, -0.5]}}, \"hand_right\": {\"tracked\": true}},\n"
    " {\"frame\": 50, \"hand_left\": {\"pose\": {\"position\": [0.9, 1, -0.5]}}}\n"
    "]}\n";

struct fns {
    PFN_xrCreateHandTrackerEXT create;
    PFN_xrDestroyHandTrackerEXT destroy;
    PFN_xrLocateHandJointsEXT locate;
};

struct hand {
    XrHandJointLocationEXT j[XR_HAND_JOINT_COUNT_EXT];
    XrHandJointVelocityEXT v[XR_HAND_JOINT_COUNT_EXT];
    XrBool32 active;
};

static XrResult locate(const struct fns *f, XrHandTrackerEXT tracker, XrSpace base, XrTime time, struct hand *out)
{
    XrHandJointVelocitiesEXT vel = {.type = XR_TYPE_HAND_JOINT_VELOCITIES_EXT, .jointCount = XR_HAND_JOINT_COUNT_EXT,
                                    .jointVelocities = out->v};
    XrHandJointLocationsEXT loc = {.type = XR_TYPE_HAND_JOINT_LOCATIONS_EXT, .next = &vel,
                                   .jointCount = XR_HAND_JOINT_COUNT_EXT, .jointLocations = out->j};
    XrHandJointsLocateInfoEXT info = {.type = XR_TYPE_HAND_JOINTS_LOCATE_INFO_EXT, .baseSpace = base, .time = time};
    XrResult r = f->locate(tracker, &info, &loc);
    out->active = loc.isActive;
    return r;
}

static float joint_dist(const struct hand *h, XrHandJointEXT a, XrHandJointEXT b)
{
    return ext_dist(h->j[a].pose.position, h->j[b].pose.position);
}

/* An active hand: every joint valid and tracked with a positive radius, a plausible skeleton. */
static void check_active_hand(struct mx_test *t, const struct hand *h, const char *what)
{
    bool flags = true, radii = true;
    for (int k = 0; k < XR_HAND_JOINT_COUNT_EXT; k++) {
        flags = flags && h->j[k].locationFlags == (XR_SPACE_LOCATION_ORIENTATION_VALID_BIT |
                                                  XR_SPACE_LOCATION_POSITION_VALID_BIT |
                                                  XR_SPACE_LOCATION_ORIENTATION_TRACKED_BIT |
                                                  XR_SPACE_LOCATION_POSITION_TRACKED_BIT);
        radii = radii && h->j[k].radius > 0.004f && h->j[k].radius < 0.03f;
    }
    float span = joint_dist(h, XR_HAND_JOINT_WRIST_EXT, XR_HAND_JOINT_MIDDLE_TIP_EXT);
    bool ok = h->active && flags && radii && span > 0.08f && span < 0.23f;
    t->checks++;
    if (!ok) {
        fprintf(stderr, "%s: active %d flags %d radii %d wrist-to-middle-tip %.3f m\n", what, h->active, flags, radii,
                (double)span);
        t->failures++;
    }
}

/* Runs frames up to run frame `frame` (exclusive); returns the predicted display time of the last one. */
static XrTime run_to_frame(struct mx_test *t, struct mx_test_app *app, int *io_frame, int frame)
{
    XrFrameState fs = {0};
    for (; *io_frame < frame; (*io_frame)++)
        MX_CHECK_RESULT(t, mx_test_frame(app->session, &fs), XR_SUCCESS);
    XrSessionState st;
    while (mx_test_next_state(app->instance, &st)) {
    }
    return fs.predictedDisplayTime;
}

static void test_not_enabled(struct mx_test *t)
{
    XrInstance inst;
    MX_REQUIRE_RESULT(t, mx_test_create_instance(NULL, &inst), XR_SUCCESS);
    MX_CHECK(t, !ext_served(inst, "xrCreateHandTrackerEXT") && !ext_served(inst, "xrLocateHandJointsEXT"));
    XrSystemId sys;
    MX_REQUIRE_RESULT(t, mx_test_get_system(inst, &sys), XR_SUCCESS);
    XrSystemHandTrackingPropertiesEXT hp = {.type = XR_TYPE_SYSTEM_HAND_TRACKING_PROPERTIES_EXT};
    XrSystemProperties sp = {.type = XR_TYPE_SYSTEM_PROPERTIES, .next = &hp};
    MX_CHECK_RESULT(t, xrGetSystemProperties(inst, sys, &sp), XR_SUCCESS);
    MX_CHECK(t, hp.supportsHandTracking == XR_FALSE); /* the structure is not the runtime's to fill */
    xrDestroyInstance(inst);
}

static void test_arguments(struct mx_test *t, const struct fns *f, struct mx_test_app *app, XrHandTrackerEXT right,
                           XrSpace stage, XrTime time)
{
    XrHandTrackerCreateInfoEXT ci = {.type = XR_TYPE_HAND_TRACKER_CREATE_INFO_EXT, .hand = (XrHandEXT)3,
                                     .handJointSet = XR_HAND_JOINT_SET_DEFAULT_EXT};
    XrHandTrackerEXT tr;
    MX_CHECK_RESULT(t, f->create(app->session, &ci, &tr), XR_ERROR_VALIDATION_FAILURE);
    ci.hand = XR_HAND_LEFT_EXT;
    ci.handJointSet = (XrHandJointSetEXT)7;
    MX_CHECK_RESULT(t, f->create(app->session, &ci, &tr), XR_ERROR_VALIDATION_FAILURE);
    /* time 0, a joint count other than the set's: errors that leave the outputs alone */
    struct hand h;
    for (int k = 0; k < XR_HAND_JOINT_COUNT_EXT; k++)
        h.j[k].locationFlags = 0x55;
    MX_CHECK_RESULT(t, locate(f, right, stage, 0, &h), XR_ERROR_TIME_INVALID);
    MX_CHECK(t, h.j[0].locationFlags == 0x55 && h.j[25].locationFlags == 0x55);
    XrHandJointLocationsEXT loc = {.type = XR_TYPE_HAND_JOINT_LOCATIONS_EXT, .jointCount = XR_HAND_JOINT_COUNT_EXT - 1,
                                   .jointLocations = h.j};
    XrHandJointsLocateInfoEXT info = {.type = XR_TYPE_HAND_JOINTS_LOCATE_INFO_EXT, .baseSpace = stage, .time = time};
    MX_CHECK_RESULT(t, f->locate(right, &info, &loc), XR_ERROR_VALIDATION_FAILURE);
    XrHandJointVelocitiesEXT vel = {.type = XR_TYPE_HAND_JOINT_VELOCITIES_EXT, .jointCount = 3, .jointVelocities = h.v};
    loc.jointCount = XR_HAND_JOINT_COUNT_EXT;
    loc.next = &vel;
    MX_CHECK_RESULT(t, f->locate(right, &info, &loc), XR_ERROR_VALIDATION_FAILURE);
    MX_CHECK(t, h.j[0].locationFlags == 0x55);
}

/* Frame by frame through the script (frames 0..59). */
static void test_timeline(struct mx_test *t, const struct fns *f, struct mx_test_app *app, XrHandTrackerEXT left,
                          XrHandTrackerEXT right, XrSpace stage)
{
    struct hand l, r;
    int frame = 0;
    XrTime time = run_to_frame(t, app, &frame, 5); /* FOCUSED after the first frame */
    MX_CHECK_RESULT(t, locate(f, right, stage, time, &r), XR_SUCCESS);
    MX_CHECK_RESULT(t, locate(f, left, stage, time, &l), XR_SUCCESS);
    check_active_hand(t, &r, "right, open");
    check_active_hand(t, &l, "left, open");
    /* around the resting controllers (grip at (+-0.2, 1.2, -0.35)): palm 3.5 cm off the handle, fingers
     * hanging down from it, thumb forward */
    XrVector3f grip_r = {0.2f, 1.2f, -0.35f};
    MX_CHECK(t, ext_near(ext_dist(r.j[XR_HAND_JOINT_PALM_EXT].pose.position, grip_r), 0.035f, 0.002f));
    MX_CHECK(t, r.j[XR_HAND_JOINT_PALM_EXT].pose.position.x > 0.2f); /* the back of the right hand faces out */
    /* the left hand is where the script's pose track puts it: held before its first keyframe (frame 40) */
    XrVector3f lp = l.j[XR_HAND_JOINT_PALM_EXT].pose.position;
    MX_CHECK(t, ext_near(lp.x, 0.0f, 1e-4f) && ext_near(lp.y, 1.0f, 1e-4f) && ext_near(lp.z, -0.5f, 1e-4f));
    /* the left hand mirrors the right: with the palm frame unrotated, fingers along -Z, thumb towards +X */
    MX_CHECK(t, l.j[XR_HAND_JOINT_MIDDLE_TIP_EXT].pose.position.z < lp.z - 0.1f);
    MX_CHECK(t, l.j[XR_HAND_JOINT_THUMB_TIP_EXT].pose.position.x > lp.x + 0.03f);
    /* the right hand round the handle: index finger in front (-Z), little finger behind */
    MX_CHECK(t, r.j[XR_HAND_JOINT_LITTLE_TIP_EXT].pose.position.z > r.j[XR_HAND_JOINT_INDEX_TIP_EXT].pose.position.z + 0.03f);
    MX_CHECK(t, r.j[XR_HAND_JOINT_MIDDLE_TIP_EXT].pose.position.y < r.j[XR_HAND_JOINT_PALM_EXT].pose.position.y - 0.07f);
    MX_CHECK(t, r.j[XR_HAND_JOINT_THUMB_TIP_EXT].pose.position.z < r.j[XR_HAND_JOINT_PALM_EXT].pose.position.z - 0.03f);
    MX_CHECK(t, joint_dist(&r, XR_HAND_JOINT_THUMB_TIP_EXT, XR_HAND_JOINT_INDEX_TIP_EXT) > 0.04f);
    MX_CHECK(t, joint_dist(&l, XR_HAND_JOINT_MIDDLE_TIP_EXT, XR_HAND_JOINT_PALM_EXT) > 0.07f);

    time = run_to_frame(t, app, &frame, 15); /* right trigger pressed, left squeezed */
    MX_CHECK_RESULT(t, locate(f, right, stage, time, &r), XR_SUCCESS);
    MX_CHECK_RESULT(t, locate(f, left, stage, time, &l), XR_SUCCESS);
    float touch = r.j[XR_HAND_JOINT_THUMB_TIP_EXT].radius + r.j[XR_HAND_JOINT_INDEX_TIP_EXT].radius;
    MX_CHECK(t, ext_near(joint_dist(&r, XR_HAND_JOINT_THUMB_TIP_EXT, XR_HAND_JOINT_INDEX_TIP_EXT), touch, 0.002f));
    MX_CHECK(t, joint_dist(&l, XR_HAND_JOINT_MIDDLE_TIP_EXT, XR_HAND_JOINT_PALM_EXT) < 0.05f); /* a fist ... */
    MX_CHECK(t, joint_dist(&l, XR_HAND_JOINT_INDEX_TIP_EXT, XR_HAND_JOINT_PALM_EXT) > 0.07f);  /* but the index */

    time = run_to_frame(t, app, &frame, 25); /* the script pinches instead of the trigger; half a fist */
    MX_CHECK_RESULT(t, locate(f, right, stage, time, &r), XR_SUCCESS);
    MX_CHECK_RESULT(t, locate(f, left, stage, time, &l), XR_SUCCESS);
    MX_CHECK(t, joint_dist(&r, XR_HAND_JOINT_THUMB_TIP_EXT, XR_HAND_JOINT_INDEX_TIP_EXT) < 0.02f);
    float half = joint_dist(&l, XR_HAND_JOINT_MIDDLE_TIP_EXT, XR_HAND_JOINT_PALM_EXT);
    MX_CHECK(t, half > 0.05f && half < 0.11f); /* between the fist (< 5 cm) and open (13 cm) */

    time = run_to_frame(t, app, &frame, 35); /* right hand lost */
    MX_CHECK_RESULT(t, locate(f, right, stage, time, &r), XR_SUCCESS);
    MX_CHECK(t, !r.active && r.j[XR_HAND_JOINT_PALM_EXT].locationFlags == 0 && r.v[0].velocityFlags == 0);

    time = run_to_frame(t, app, &frame, 45); /* left hand where the script puts it, moving at 8.1 m/s */
    MX_CHECK_RESULT(t, locate(f, right, stage, time, &r), XR_SUCCESS);
    MX_CHECK_RESULT(t, locate(f, left, stage, time, &l), XR_SUCCESS);
    check_active_hand(t, &r, "right, found again");
    XrVector3f p = l.j[XR_HAND_JOINT_PALM_EXT].pose.position;
    MX_CHECK(t, ext_near(p.x, 0.36f, 0.001f) && ext_near(p.y, 1.0f, 0.001f) && ext_near(p.z, -0.5f, 0.001f));
    const XrHandJointVelocityEXT *v = &l.v[XR_HAND_JOINT_PALM_EXT];
    MX_CHECK(t, (v->velocityFlags & XR_SPACE_VELOCITY_LINEAR_VALID_BIT) && ext_near(v->linearVelocity.x, 8.1f, 0.05f) &&
                    ext_near(v->linearVelocity.y, 0.0f, 0.01f) && ext_near(v->angularVelocity.y, 0.0f, 0.01f));
    if (!t->clean)
        test_arguments(t, f, app, right, stage, time);
}

static long report_int(const char *line, const char *key)
{
    const char *at = line ? strstr(line, key) : NULL;
    return at ? strtol(at + strlen(key), NULL, 10) : -1;
}

int main(int argc, char **argv)
{
    struct mx_test t;
    mx_test_init(&t, argc, argv);
    mx_test_reset_env();
    if (!t.clean) /* the validation layer serves the functions of every extension it knows */
        test_not_enabled(&t);
    MX_REQUIRE_RESULT(&t, ext_use_script("ext_hand_tracking.json", g_script) ? XR_SUCCESS : XR_ERROR_RUNTIME_FAILURE,
                      XR_SUCCESS);
    setenv("MOCKXR_REPORT", REPORT, 1);
    struct mx_test_app app;
    const char *ext[] = {"XR_EXT_hand_tracking", NULL};
    MX_REQUIRE_RESULT(&t, mx_test_app_start(&app, ext), XR_SUCCESS);
    XrSystemHandTrackingPropertiesEXT hp = {.type = XR_TYPE_SYSTEM_HAND_TRACKING_PROPERTIES_EXT};
    XrSystemProperties sp = {.type = XR_TYPE_SYSTEM_PROPERTIES, .next = &hp};
    MX_CHECK_RESULT(&t, xrGetSystemProperties(app.instance, app.system, &sp), XR_SUCCESS);
    MX_CHECK(&t, hp.supportsHandTracking == XR_TRUE);
    struct fns f = {EXT_FN(&t, app.instance, PFN_xrCreateHandTrackerEXT, "xrCreateHandTrackerEXT"),
                    EXT_FN(&t, app.instance, PFN_xrDestroyHandTrackerEXT, "xrDestroyHandTrackerEXT"),
                    EXT_FN(&t, app.instance, PFN_xrLocateHandJointsEXT, "xrLocateHandJointsEXT")};
    MX_REQUIRE_RESULT(&t, f.create && f.destroy && f.locate ? XR_SUCCESS : XR_ERROR_FUNCTION_UNSUPPORTED, XR_SUCCESS);
    XrHandTrackerCreateInfoEXT ci = {.type = XR_TYPE_HAND_TRACKER_CREATE_INFO_EXT, .hand = XR_HAND_LEFT_EXT,
                                     .handJointSet = XR_HAND_JOINT_SET_DEFAULT_EXT};
    XrHandTrackerEXT left, right;
    MX_REQUIRE_RESULT(&t, f.create(app.session, &ci, &left), XR_SUCCESS);
    ci.hand = XR_HAND_RIGHT_EXT;
    MX_REQUIRE_RESULT(&t, f.create(app.session, &ci, &right), XR_SUCCESS);
    XrReferenceSpaceCreateInfo rs = {.type = XR_TYPE_REFERENCE_SPACE_CREATE_INFO,
                                     .referenceSpaceType = XR_REFERENCE_SPACE_TYPE_STAGE,
                                     .poseInReferenceSpace = {.orientation = {0, 0, 0, 1}}};
    XrSpace stage;
    MX_REQUIRE_RESULT(&t, xrCreateReferenceSpace(app.session, &rs, &stage), XR_SUCCESS);
    /* not focused yet: inactive, nothing valid */
    struct hand h;
    MX_CHECK_RESULT(&t, locate(&f, right, stage, 1000000000, &h), XR_SUCCESS);
    MX_CHECK(&t, !h.active && h.j[XR_HAND_JOINT_INDEX_TIP_EXT].locationFlags == 0);
    test_timeline(&t, &f, &app, left, right, stage);
    MX_CHECK_RESULT(&t, f.destroy(left), XR_SUCCESS);
    if (!t.clean)
        MX_CHECK_RESULT(&t, f.destroy(left), XR_ERROR_HANDLE_INVALID);
    MX_CHECK_RESULT(&t, xrDestroySession(app.session), XR_SUCCESS); /* takes the right tracker with it */
    if (!t.clean)
        MX_CHECK_RESULT(&t, f.destroy(right), XR_ERROR_HANDLE_INVALID);
    mx_test_app_stop(&app);
    /* the report: frame 25's line has the script's pinch on the right, half a fist on the left, and the
     * locate call per hand made since frame 24's line */
    char line[8192];
    MX_CHECK(&t, ext_report_line(REPORT, "\"frame\":25,", line, sizeof line));
    const char *hands = strstr(line, "\"hands\":[");
    MX_CHECK(&t, hands && strstr(hands, "{\"tracked\":1,\"curl\":0.500,\"pinch\":0.000,\"locates\":1},"
                                        "{\"tracked\":1,\"curl\":0.000,\"pinch\":1.000,\"locates\":1}]") == hands + 9);
    MX_CHECK(&t, ext_report_line(REPORT, "\"frame\":35,", line, sizeof line) && strstr(line, "{\"tracked\":0,"));
    /* the seven calls refused on purpose: five in test_arguments, two destroys of dead trackers */
    MX_CHECK(&t, ext_report_line(REPORT, "\"type\":\"summary\"", line, sizeof line) &&
                     report_int(line, "\"errors\":") == (t.clean ? 0 : 7));
    unsetenv("MOCKXR_REPORT");
    return mx_test_finish(&t, "ext_hand_tracking");
}
