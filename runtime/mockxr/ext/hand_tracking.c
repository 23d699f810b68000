/* XR_EXT_hand_tracking: hand trackers and xrLocateHandJointsEXT over the simulated hands (input/hands.c):
 * 26 joints with radii, locatable while the hand is tracked and the session has input focus; velocities
 * from the simulated motion; and the report's "hands" field. */
#include "mx_ext.h"
#include "mx_sim.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define MX_LOCATED_FLAGS                                                                                    \
    (XR_SPACE_LOCATION_ORIENTATION_VALID_BIT | XR_SPACE_LOCATION_POSITION_VALID_BIT |                      \
     XR_SPACE_LOCATION_ORIENTATION_TRACKED_BIT | XR_SPACE_LOCATION_POSITION_TRACKED_BIT)

static XrResult XRAPI_CALL create_tracker(XrSession session, const XrHandTrackerCreateInfoEXT *createInfo,
                                          XrHandTrackerEXT *handTracker)
{
    static const char *func = "xrCreateHandTrackerEXT";
    mx_lock();
    struct mx_session *s;
    struct mx_ext_session *es = NULL;
    struct mx_hand_tracker *t = NULL;
    XrResult r = mx_session_get(session, func, &s);
    if (r == XR_SUCCESS)
        r = mx_check_struct(createInfo, XR_TYPE_HAND_TRACKER_CREATE_INFO_EXT, func, "createInfo");
    if (r == XR_SUCCESS && createInfo->hand != XR_HAND_LEFT_EXT && createInfo->hand != XR_HAND_RIGHT_EXT)
        r = mx_diag(XR_ERROR_VALIDATION_FAILURE, func, "createInfo->hand %d is not an XrHandEXT", (int)createInfo->hand);
    if (r == XR_SUCCESS && createInfo->handJointSet != XR_HAND_JOINT_SET_DEFAULT_EXT)
        r = mx_diag(XR_ERROR_VALIDATION_FAILURE, func, "createInfo->handJointSet %d is not a joint set mockxr "
                    "offers (XR_HAND_JOINT_SET_DEFAULT_EXT)", (int)createInfo->handJointSet);
    if (r == XR_SUCCESS && !handTracker)
        r = mx_diag(XR_ERROR_VALIDATION_FAILURE, func, "handTracker (output) is NULL");
    if (r == XR_SUCCESS && (!(es = mx_ext_session_data(s)) || !(t = calloc(1, sizeof(*t)))))
        r = XR_ERROR_OUT_OF_MEMORY;
    if (r == XR_SUCCESS && !(t->handle = mx_handle_register(MX_HANDLE_HAND_TRACKER, t))) {
        free(t);
        r = XR_ERROR_OUT_OF_MEMORY;
    }
    if (r == XR_SUCCESS) {
        t->session = s;
        t->hand = createInfo->hand;
        t->next = es->trackers;
        es->trackers = t;
        *handTracker = (XrHandTrackerEXT)(uintptr_t)t->handle;
    }
    mx_unlock();
    return r;
}

static void unlink_tracker(struct mx_hand_tracker *t)
{
    struct mx_ext_session *es = t->session->ext;
    for (struct mx_hand_tracker **p = es ? &es->trackers : NULL; p && *p; p = &(*p)->next) {
        if (*p == t) {
            *p = t->next;
            break;
        }
    }
    mx_handle_unregister(t->handle);
    free(t);
}

void mx_hand_trackers_destroy(struct mx_session *s)
{
    struct mx_ext_session *es = s->ext;
    while (es && es->trackers)
        unlink_tracker(es->trackers);
}

static XrResult XRAPI_CALL destroy_tracker(XrHandTrackerEXT handTracker)
{
    mx_lock();
    struct mx_hand_tracker *t;
    XrResult r = mx_handle_lookup(MX_HANDLE_VALUE(handTracker), MX_HANDLE_HAND_TRACKER, "xrDestroyHandTrackerEXT",
                                  (void **)&t);
    if (r == XR_SUCCESS)
        unlink_tracker(t);
    mx_unlock();
    return r;
}

/* The velocities chained to the locations, checked like the locations (NULL when none is chained). */
static XrResult velocities_of(const XrHandJointLocationsEXT *loc, const char *func, XrHandJointVelocitiesEXT **out)
{
    *out = NULL;
    for (XrBaseOutStructure *o = loc->next; o; o = o->next) {
        if (o->type != XR_TYPE_HAND_JOINT_VELOCITIES_EXT)
            continue;
        XrHandJointVelocitiesEXT *v = (XrHandJointVelocitiesEXT *)o;
        if (v->jointCount != XR_HAND_JOINT_COUNT_EXT || !v->jointVelocities)
            return mx_diag(XR_ERROR_VALIDATION_FAILURE, func, "XrHandJointVelocitiesEXT::jointCount is %u; "
                           "XR_HAND_JOINT_SET_DEFAULT_EXT has %u joints (and jointVelocities must not be NULL)",
                           v->jointCount, XR_HAND_JOINT_COUNT_EXT);
        *out = v;
    }
    return XR_SUCCESS;
}

static XrResult check_locate(struct mx_hand_tracker *t, const XrHandJointsLocateInfoEXT *info,
                             XrHandJointLocationsEXT *loc, const char *func, struct mx_space **out_base,
                             XrHandJointVelocitiesEXT **out_vel)
{
    struct mx_session *s;
    XrResult r = mx_session_get((XrSession)(uintptr_t)t->session->handle, func, &s);
    if (r == XR_SUCCESS)
        r = mx_check_struct(info, XR_TYPE_HAND_JOINTS_LOCATE_INFO_EXT, func, "locateInfo");
    if (r == XR_SUCCESS)
        r = mx_check_struct(loc, XR_TYPE_HAND_JOINT_LOCATIONS_EXT, func, "locations");
    if (r == XR_SUCCESS)
        r = mx_space_get(info->baseSpace, func, out_base);
    if (r == XR_SUCCESS && (*out_base)->session != s)
        r = mx_diag(XR_ERROR_VALIDATION_FAILURE, func, "locateInfo->baseSpace belongs to another session");
    if (r == XR_SUCCESS && info->time <= 0)
        r = mx_diag(XR_ERROR_TIME_INVALID, func, "locateInfo->time %lld is not a valid XrTime", (long long)info->time);
    if (r == XR_SUCCESS && (loc->jointCount != XR_HAND_JOINT_COUNT_EXT || !loc->jointLocations))
        r = mx_diag(XR_ERROR_VALIDATION_FAILURE, func, "locations->jointCount is %u; XR_HAND_JOINT_SET_DEFAULT_EXT has "
                    "%u joints (and jointLocations must not be NULL)", loc->jointCount, XR_HAND_JOINT_COUNT_EXT);
    if (r == XR_SUCCESS)
        r = velocities_of(loc, func, out_vel);
    return r;
}

/* The joints relative to the base space at time t; false when the base space cannot be located. */
static bool joints_in_base(struct mx_hand_tracker *t, struct mx_space *base, XrTime time, struct mx_hand_joints *out)
{
    XrPosef base_pose;
    bool valid;
    if (mx_space_pose_in_stage(base, time, &base_pose, &valid) != XR_SUCCESS || !valid)
        return false;
    mx_hand_joints(t->session, t->hand, time, out);
    XrPosef inv = mx_pose_invert(&base_pose);
    for (int k = 0; k < XR_HAND_JOINT_COUNT_EXT; k++)
        out->pose[k] = mx_pose_multiply(&inv, &out->pose[k]);
    return true;
}

/* Angular velocity (rad/s, base-space axes) of an orientation going from qa to qb in dt seconds. */
static XrVector3f angular_velocity(XrQuaternionf qa, XrQuaternionf qb, double dt)
{
    XrPosef from = {{-qa.x, -qa.y, -qa.z, qa.w}, {0, 0, 0}}, to = {qb, {0, 0, 0}};
    XrQuaternionf d = mx_pose_multiply(&to, &from).orientation; /* qb * qa^-1: the turn over dt */
    double sign = d.w < 0.0f ? -1.0 : 1.0, x = sign * d.x, y = sign * d.y, z = sign * d.z;
    double sn = sqrt(x * x + y * y + z * z);
    double rate = sn > 1e-9 ? 2.0 * atan2(sn, sign * d.w) / dt / sn : 0.0;
    return (XrVector3f){(float)(x * rate), (float)(y * rate), (float)(z * rate)};
}

/* Velocities of the simulated motion (a pure function of time): central differences over +-1 ms. */
static void fill_velocities(struct mx_hand_tracker *t, struct mx_space *base, XrTime time, XrHandJointVelocitiesEXT *v)
{
    XrTime h = 1000000, t0 = time - h > 0 ? time - h : time;
    struct mx_hand_joints a, b;
    bool ok = joints_in_base(t, base, t0, &a) && joints_in_base(t, base, time + h, &b);
    double dt = (double)(time + h - t0) / 1e9;
    for (int k = 0; k < XR_HAND_JOINT_COUNT_EXT; k++) {
        XrHandJointVelocityEXT *o = &v->jointVelocities[k];
        *o = (XrHandJointVelocityEXT){0};
        if (!ok)
            continue;
        const XrVector3f *pa = &a.pose[k].position, *pb = &b.pose[k].position;
        o->linearVelocity = (XrVector3f){(float)((pb->x - pa->x) / dt), (float)((pb->y - pa->y) / dt),
                                         (float)((pb->z - pa->z) / dt)};
        o->angularVelocity = angular_velocity(a.pose[k].orientation, b.pose[k].orientation, dt);
        o->velocityFlags = XR_SPACE_VELOCITY_LINEAR_VALID_BIT | XR_SPACE_VELOCITY_ANGULAR_VALID_BIT;
    }
}

/* Every check passes before anything is written (a failed call leaves the outputs as they were). */
static XrResult XRAPI_CALL locate_joints(XrHandTrackerEXT handTracker, const XrHandJointsLocateInfoEXT *locateInfo,
                                         XrHandJointLocationsEXT *locations)
{
    static const char *func = "xrLocateHandJointsEXT";
    mx_lock();
    struct mx_hand_tracker *t;
    struct mx_space *base = NULL;
    XrHandJointVelocitiesEXT *vel = NULL;
    XrResult r = mx_handle_lookup(MX_HANDLE_VALUE(handTracker), MX_HANDLE_HAND_TRACKER, func, (void **)&t);
    if (r == XR_SUCCESS)
        r = check_locate(t, locateInfo, locations, func, &base, &vel);
    if (r == XR_SUCCESS) {
        struct mx_hand_state st;
        struct mx_hand_joints j;
        mx_hand_state(t->session, t->hand, &st);
        bool active = st.tracked && mx_session_is_focused(t->session) &&
                      joints_in_base(t, base, locateInfo->time, &j);
        locations->isActive = active ? XR_TRUE : XR_FALSE;
        for (int k = 0; k < XR_HAND_JOINT_COUNT_EXT; k++) {
            XrHandJointLocationEXT *o = &locations->jointLocations[k];
            *o = active ? (XrHandJointLocationEXT){MX_LOCATED_FLAGS, j.pose[k], j.radius[k]}
                        : (XrHandJointLocationEXT){0, {{0, 0, 0, 1}, {0, 0, 0}}, 0.0f};
        }
        if (vel && active)
            fill_velocities(t, base, locateInfo->time, vel);
        else if (vel)
            memset(vel->jointVelocities, 0, XR_HAND_JOINT_COUNT_EXT * sizeof(*vel->jointVelocities));
        struct mx_ext_session *es = mx_ext_session_data(t->session);
        if (es)
            es->hand_locates[t->hand == XR_HAND_RIGHT_EXT]++;
    }
    mx_unlock();
    return r;
}

/* "hands":[left, right], each {"tracked", "curl", "pinch", "locates" (xrLocateHandJointsEXT calls since the
 * previous frame line)}. */
void mx_hands_record(FILE *f, struct mx_session *s)
{
    struct mx_ext_session *es = mx_ext_session_data(s);
    fputs("\"hands\":[", f);
    for (int h = 0; h < 2; h++) {
        struct mx_hand_state st;
        mx_hand_state(s, h ? XR_HAND_RIGHT_EXT : XR_HAND_LEFT_EXT, &st);
        fprintf(f, "%s{\"tracked\":%d,\"curl\":%.3f,\"pinch\":%.3f,\"locates\":%u}", h ? "," : "", st.tracked ? 1 : 0,
                (double)st.curl, (double)st.pinch, es ? es->hand_locates[h] : 0u);
        if (es)
            es->hand_locates[h] = 0;
    }
    fputs("],", f);
}

PFN_xrVoidFunction mx_hand_tracking_proc(const char *name)
{
    if (strcmp(name, "xrCreateHandTrackerEXT") == 0)
        return (PFN_xrVoidFunction)create_tracker;
    if (strcmp(name, "xrDestroyHandTrackerEXT") == 0)
        return (PFN_xrVoidFunction)destroy_tracker;
    if (strcmp(name, "xrLocateHandJointsEXT") == 0)
        return (PFN_xrVoidFunction)locate_joints;
    return NULL;
}
