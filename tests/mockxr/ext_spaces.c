/* XR_EXT_local_floor and XR_KHR_locate_spaces through the real loader: LOCAL_FLOOR only when enabled, LOCAL
 * dropped to the STAGE floor; xrLocateSpacesKHR equal to xrLocateSpace space by space (velocities too), and
 * the spec's count / time / handle rules (the conformance suite's cases), nothing written on failure. */
#include "ext_util.h"

static XrSpace ref_space(struct mx_test *t, XrSession s, XrReferenceSpaceType type, XrPosef pose)
{
    XrReferenceSpaceCreateInfo ci = {.type = XR_TYPE_REFERENCE_SPACE_CREATE_INFO, .referenceSpaceType = type,
                                     .poseInReferenceSpace = pose};
    XrSpace sp = XR_NULL_HANDLE;
    MX_CHECK_RESULT(t, xrCreateReferenceSpace(s, &ci, &sp), XR_SUCCESS);
    return sp;
}

static const XrPosef g_identity = {.orientation = {0, 0, 0, 1}};

static bool has_type(const XrReferenceSpaceType *types, uint32_t n, XrReferenceSpaceType want)
{
    for (uint32_t k = 0; k < n; k++) {
        if (types[k] == want)
            return true;
    }
    return false;
}

static void test_local_floor(struct mx_test *t)
{
    struct mx_test_app app;
    XrReferenceSpaceType types[8];
    uint32_t n = 0;
    if (!t->clean) { /* not enabled: not offered, not creatable */
        MX_REQUIRE_RESULT(t, mx_test_app_start(&app, NULL), XR_SUCCESS);
        MX_CHECK_RESULT(t, xrEnumerateReferenceSpaces(app.session, 8, &n, types), XR_SUCCESS);
        MX_CHECK(t, n == 3 && !has_type(types, n, XR_REFERENCE_SPACE_TYPE_LOCAL_FLOOR_EXT));
        XrReferenceSpaceCreateInfo ci = {.type = XR_TYPE_REFERENCE_SPACE_CREATE_INFO,
                                         .referenceSpaceType = XR_REFERENCE_SPACE_TYPE_LOCAL_FLOOR_EXT,
                                         .poseInReferenceSpace = g_identity};
        XrSpace sp;
        MX_CHECK_RESULT(t, xrCreateReferenceSpace(app.session, &ci, &sp), XR_ERROR_REFERENCE_SPACE_UNSUPPORTED);
        mx_test_app_stop(&app);
    }
    const char *ext[] = {"XR_EXT_local_floor", NULL};
    MX_REQUIRE_RESULT(t, mx_test_app_start(&app, ext), XR_SUCCESS);
    MX_CHECK_RESULT(t, xrEnumerateReferenceSpaces(app.session, 8, &n, types), XR_SUCCESS);
    MX_CHECK(t, n == 4 && has_type(types, n, XR_REFERENCE_SPACE_TYPE_LOCAL_FLOOR_EXT));
    XrSpace floor = ref_space(t, app.session, XR_REFERENCE_SPACE_TYPE_LOCAL_FLOOR_EXT, g_identity);
    XrSpace stage = ref_space(t, app.session, XR_REFERENCE_SPACE_TYPE_STAGE, g_identity);
    XrSpace local = ref_space(t, app.session, XR_REFERENCE_SPACE_TYPE_LOCAL, g_identity);
    XrFrameState fs;
    MX_CHECK_RESULT(t, mx_test_frame(app.session, &fs), XR_SUCCESS);
    XrSpaceLocation loc = {.type = XR_TYPE_SPACE_LOCATION};
    MX_CHECK_RESULT(t, xrLocateSpace(floor, stage, fs.predictedDisplayTime, &loc), XR_SUCCESS);
    /* on the STAGE floor, right under LOCAL, facing where LOCAL faces */
    MX_CHECK(t, loc.locationFlags == 0xf && ext_dist(loc.pose.position, (XrVector3f){0, 0, 0}) < 1e-6f &&
                    ext_near(loc.pose.orientation.w, 1.0f, 1e-6f));
    MX_CHECK_RESULT(t, xrLocateSpace(floor, local, fs.predictedDisplayTime, &loc), XR_SUCCESS);
    MX_CHECK(t, ext_dist(loc.pose.position, (XrVector3f){0, -1.6f, 0}) < 1e-6f);
    XrExtent2Df bounds;
    MX_CHECK_RESULT(t, xrGetReferenceSpaceBoundsRect(app.session, XR_REFERENCE_SPACE_TYPE_LOCAL_FLOOR_EXT, &bounds),
                    XR_SPACE_BOUNDS_UNAVAILABLE);
    mx_test_app_stop(&app);
}

struct locate_fixture {
    struct mx_test_app app;
    PFN_xrLocateSpacesKHR locate;
    XrSpace spaces[4]; /* VIEW moved, STAGE, LOCAL, VIEW */
    XrTime time;
};

static void check_same_as_locate_space(struct mx_test *t, struct locate_fixture *fx, XrSpace base)
{
    XrSpaceLocationDataKHR data[4];
    XrSpaceVelocityDataKHR vel[4];
    XrSpaceVelocitiesKHR velocities = {.type = XR_TYPE_SPACE_VELOCITIES_KHR, .velocityCount = 4, .velocities = vel};
    XrSpaceLocationsKHR locs = {.type = XR_TYPE_SPACE_LOCATIONS_KHR, .next = &velocities, .locationCount = 4,
                                .locations = data};
    XrSpacesLocateInfoKHR info = {.type = XR_TYPE_SPACES_LOCATE_INFO_KHR, .baseSpace = base, .time = fx->time,
                                  .spaceCount = 4, .spaces = fx->spaces};
    MX_CHECK_RESULT(t, fx->locate(fx->app.session, &info, &locs), XR_SUCCESS);
    for (int k = 0; k < 4; k++) {
        XrSpaceVelocity v = {.type = XR_TYPE_SPACE_VELOCITY};
        XrSpaceLocation one = {.type = XR_TYPE_SPACE_LOCATION, .next = &v};
        MX_CHECK_RESULT(t, xrLocateSpace(fx->spaces[k], base, fx->time, &one), XR_SUCCESS);
        MX_CHECK(t, data[k].locationFlags == one.locationFlags && memcmp(&data[k].pose, &one.pose, sizeof(one.pose)) == 0);
        MX_CHECK(t, vel[k].velocityFlags == v.velocityFlags &&
                        memcmp(&vel[k].linearVelocity, &v.linearVelocity, sizeof(v.linearVelocity)) == 0 &&
                        memcmp(&vel[k].angularVelocity, &v.angularVelocity, sizeof(v.angularVelocity)) == 0);
    }
}

/* The conformance suite's wrong inputs: each refused, the outputs untouched. */
static void test_locate_errors(struct mx_test *t, struct locate_fixture *fx)
{
    XrSpaceLocationDataKHR data[4] = {{0x55, g_identity}, {0x55, g_identity}, {0x55, g_identity}, {0x55, g_identity}};
    XrSpaceVelocityDataKHR vel[4];
    XrSpaceLocationsKHR locs = {.type = XR_TYPE_SPACE_LOCATIONS_KHR, .locationCount = 4, .locations = data};
    XrSpacesLocateInfoKHR info = {.type = XR_TYPE_SPACES_LOCATE_INFO_KHR, .baseSpace = fx->spaces[1], .time = fx->time,
                                  .spaceCount = 4, .spaces = fx->spaces};
    info.time = 0;
    MX_CHECK_RESULT(t, fx->locate(fx->app.session, &info, &locs), XR_ERROR_TIME_INVALID);
    info.time = -42;
    MX_CHECK_RESULT(t, fx->locate(fx->app.session, &info, &locs), XR_ERROR_TIME_INVALID);
    info.time = fx->time;
    locs.locationCount = 3; /* fewer locations than spaces */
    MX_CHECK_RESULT(t, fx->locate(fx->app.session, &info, &locs), XR_ERROR_VALIDATION_FAILURE);
    locs.locationCount = 4;
    info.spaceCount = 0;
    MX_CHECK_RESULT(t, fx->locate(fx->app.session, &info, &locs), XR_ERROR_VALIDATION_FAILURE);
    info.spaceCount = 4;
    XrSpaceVelocitiesKHR velocities = {.type = XR_TYPE_SPACE_VELOCITIES_KHR, .velocityCount = 3, .velocities = vel};
    locs.next = &velocities;
    MX_CHECK_RESULT(t, fx->locate(fx->app.session, &info, &locs), XR_ERROR_VALIDATION_FAILURE);
    locs.next = NULL;
    XrSpace stale = fx->spaces[3];
    fx->spaces[3] = (XrSpace)(uintptr_t)0x1234;
    MX_CHECK_RESULT(t, fx->locate(fx->app.session, &info, &locs), XR_ERROR_HANDLE_INVALID);
    fx->spaces[3] = stale;
    MX_CHECK(t, data[0].locationFlags == 0x55 && data[3].locationFlags == 0x55);
}

static void test_locate_spaces(struct mx_test *t)
{
    struct locate_fixture fx;
    if (!t->clean) {
        XrInstance inst;
        MX_REQUIRE_RESULT(t, mx_test_create_instance(NULL, &inst), XR_SUCCESS);
        MX_CHECK(t, !ext_served(inst, "xrLocateSpacesKHR"));
        xrDestroyInstance(inst);
    }
    setenv("MOCKXR_HEAD", "walk", 1); /* a moving head: velocities that are not zero */
    const char *ext[] = {"XR_KHR_locate_spaces", NULL};
    MX_REQUIRE_RESULT(t, mx_test_app_start(&fx.app, ext), XR_SUCCESS);
    fx.locate = EXT_FN(t, fx.app.instance, PFN_xrLocateSpacesKHR, "xrLocateSpacesKHR");
    MX_REQUIRE_RESULT(t, fx.locate ? XR_SUCCESS : XR_ERROR_FUNCTION_UNSUPPORTED, XR_SUCCESS);
    XrPosef moved = {.orientation = {0, 0.3826834f, 0, 0.9238795f}, .position = {0.1f, 0.2f, -0.3f}};
    fx.spaces[0] = ref_space(t, fx.app.session, XR_REFERENCE_SPACE_TYPE_VIEW, moved);
    fx.spaces[1] = ref_space(t, fx.app.session, XR_REFERENCE_SPACE_TYPE_STAGE, g_identity);
    fx.spaces[2] = ref_space(t, fx.app.session, XR_REFERENCE_SPACE_TYPE_LOCAL, g_identity);
    fx.spaces[3] = ref_space(t, fx.app.session, XR_REFERENCE_SPACE_TYPE_VIEW, g_identity);
    XrFrameState fs;
    for (int k = 0; k < 30; k++)
        MX_CHECK_RESULT(t, mx_test_frame(fx.app.session, &fs), XR_SUCCESS);
    fx.time = fs.predictedDisplayTime;
    check_same_as_locate_space(t, &fx, fx.spaces[1]);
    check_same_as_locate_space(t, &fx, fx.spaces[0]); /* the base space among the spaces */
    /* the walking head moves in STAGE: VIEW's velocity there is about 0.5 m/s */
    XrSpaceLocationDataKHR data[4];
    XrSpaceVelocityDataKHR vel[4];
    XrSpaceVelocitiesKHR velocities = {.type = XR_TYPE_SPACE_VELOCITIES_KHR, .velocityCount = 4, .velocities = vel};
    XrSpaceLocationsKHR locs = {.type = XR_TYPE_SPACE_LOCATIONS_KHR, .next = &velocities, .locationCount = 4,
                                .locations = data};
    XrSpacesLocateInfoKHR info = {.type = XR_TYPE_SPACES_LOCATE_INFO_KHR, .baseSpace = fx.spaces[1], .time = fx.time,
                                  .spaceCount = 4, .spaces = fx.spaces};
    MX_CHECK_RESULT(t, fx.locate(fx.app.session, &info, &locs), XR_SUCCESS);
    float speed = hypotf(vel[3].linearVelocity.x, vel[3].linearVelocity.z);
    MX_CHECK(t, ext_near(speed, 0.5f, 0.02f) && (vel[3].velocityFlags & XR_SPACE_VELOCITY_LINEAR_VALID_BIT));
    if (!t->clean)
        test_locate_errors(t, &fx);
    mx_test_app_stop(&fx.app);
    unsetenv("MOCKXR_HEAD");
}

int main(int argc, char **argv)
{
    struct mx_test t;
    mx_test_init(&t, argc, argv);
    mx_test_reset_env();
    test_local_floor(&t);
    test_locate_spaces(&t);
    return mx_test_finish(&t, "ext_spaces");
}
