/* Spaces: reference spaces (VIEW, LOCAL, STAGE, LOCAL_FLOOR), xrLocateSpace, xrLocateViews, pose math. */
#include "mockxr_internal.h"
#include "mx_ext.h"
#include "mx_input.h"

#include <math.h>
#include <openxr/openxr_reflection.h>
#include <stdlib.h>
#include <string.h>

#define MX_EYE_HEIGHT 1.6f   /* LOCAL origin above the STAGE floor */
#define MX_IPD 0.063f        /* metres between the eyes */
#define MX_STAGE_HALF_X 2.0f /* 4 m x 4 m play area */
#define MX_STAGE_HALF_Z 2.0f

XrPosef mx_pose_identity(void)
{
    return (XrPosef){.orientation = {0.0f, 0.0f, 0.0f, 1.0f}};
}

static XrQuaternionf quat_mul(XrQuaternionf a, XrQuaternionf b)
{
    return (XrQuaternionf){
        a.w * b.x + a.x * b.w + a.y * b.z - a.z * b.y,
        a.w * b.y - a.x * b.z + a.y * b.w + a.z * b.x,
        a.w * b.z + a.x * b.y - a.y * b.x + a.z * b.w,
        a.w * b.w - a.x * b.x - a.y * b.y - a.z * b.z,
    };
}

static XrVector3f quat_rotate(XrQuaternionf q, XrVector3f v)
{
    XrQuaternionf p = {v.x, v.y, v.z, 0.0f};
    XrQuaternionf conj = {-q.x, -q.y, -q.z, q.w};
    XrQuaternionf r = quat_mul(quat_mul(q, p), conj);
    return (XrVector3f){r.x, r.y, r.z};
}

XrPosef mx_pose_multiply(const XrPosef *a, const XrPosef *b)
{
    XrVector3f t = quat_rotate(a->orientation, b->position);
    return (XrPosef){
        .orientation = quat_mul(a->orientation, b->orientation),
        .position = {a->position.x + t.x, a->position.y + t.y, a->position.z + t.z},
    };
}

XrPosef mx_pose_invert(const XrPosef *p)
{
    XrQuaternionf conj = {-p->orientation.x, -p->orientation.y, -p->orientation.z, p->orientation.w};
    XrVector3f t = quat_rotate(conj, p->position);
    return (XrPosef){.orientation = conj, .position = {-t.x, -t.y, -t.z}};
}

XrResult mx_check_pose(const XrPosef *p, const char *func, const char *what)
{
    const XrQuaternionf *q = &p->orientation;
    float len2 = q->x * q->x + q->y * q->y + q->z * q->z + q->w * q->w;
    bool finite = isfinite(p->position.x) && isfinite(p->position.y) && isfinite(p->position.z);
    if (!finite || !isfinite(len2) || fabsf(len2 - 1.0f) > 0.01f) /* the spec allows a small tolerance */
        return mx_diag(XR_ERROR_POSE_INVALID, func, "%s pose: orientation (%g, %g, %g, %g) is not a unit quaternion "
                       "or the position is not finite", what, (double)q->x, (double)q->y, (double)q->z, (double)q->w);
    return XR_SUCCESS;
}

XrResult mx_space_create(struct mx_session *s, enum mx_space_kind kind, const XrPosef *pose, struct mx_space **out)
{
    struct mx_space *sp = calloc(1, sizeof(*sp));
    if (!sp)
        return XR_ERROR_OUT_OF_MEMORY;
    if (!(sp->handle = mx_handle_register(MX_HANDLE_SPACE, sp))) {
        free(sp);
        return XR_ERROR_OUT_OF_MEMORY;
    }
    sp->session = s;
    sp->kind = kind;
    sp->pose_in_parent = pose ? *pose : mx_pose_identity();
    sp->next = s->spaces;
    s->spaces = sp;
    *out = sp;
    return XR_SUCCESS;
}

XrResult mx_space_pose_in_stage(struct mx_space *space, XrTime t, XrPosef *out_pose, bool *out_valid)
{
    XrPosef base = mx_pose_identity();
    *out_valid = true;
    if (space->kind == MX_SPACE_ACTION) {
        bool active = false;
        XrResult r = mx_input_locate_action_space(space, t, &base, &active);
        if (r != XR_SUCCESS)
            return r;
        *out_valid = active;
    } else if (space->reference_type == XR_REFERENCE_SPACE_TYPE_VIEW) {
        mx_sim_pose(space->session, "/user/head", t, &base);
    } else if (space->reference_type == XR_REFERENCE_SPACE_TYPE_LOCAL) {
        base.position.y = MX_EYE_HEIGHT;
    } else if (space->reference_type == XR_REFERENCE_SPACE_TYPE_LOCAL_FLOOR_EXT) {
        XrPosef local = {.orientation = {0.0f, 0.0f, 0.0f, 1.0f}, .position = {0.0f, MX_EYE_HEIGHT, 0.0f}};
        base = mx_local_floor_pose(&local);
    }
    *out_pose = mx_pose_multiply(&base, &space->pose_in_parent);
    return XR_SUCCESS;
}

static bool is_known_reference_type(XrReferenceSpaceType t)
{
#define MX_RS_CASE(name, value) \
    case value:                 \
        return t != XR_REFERENCE_SPACE_TYPE_MAX_ENUM;
    switch (t) {
        XR_LIST_ENUM_XrReferenceSpaceType(MX_RS_CASE) default : return false;
    }
#undef MX_RS_CASE
}

static XrResult check_reference_type(const struct mx_instance *i, XrReferenceSpaceType t, const char *func)
{
    if (t == XR_REFERENCE_SPACE_TYPE_VIEW || t == XR_REFERENCE_SPACE_TYPE_LOCAL || t == XR_REFERENCE_SPACE_TYPE_STAGE)
        return XR_SUCCESS;
    if (t == XR_REFERENCE_SPACE_TYPE_LOCAL_FLOOR_EXT && MX_EXT_ON(i, MX_EXT_LOCAL_FLOOR))
        return XR_SUCCESS;
    /* Unknown values too: the conformance suite expects "unsupported" for XR_REFERENCE_SPACE_TYPE_MAX_ENUM. */
    return mx_diag(XR_ERROR_REFERENCE_SPACE_UNSUPPORTED, func,
                   "reference space type %d is %s (VIEW, LOCAL, STAGE%s are supported)", (int)t,
                   t == XR_REFERENCE_SPACE_TYPE_LOCAL_FLOOR_EXT ? "LOCAL_FLOOR, whose extension XR_EXT_local_floor "
                                                                  "is not enabled,"
                   : is_known_reference_type(t)                ? "not supported"
                                                                : "not a valid XrReferenceSpaceType",
                   MX_EXT_ON(i, MX_EXT_LOCAL_FLOOR) ? ", LOCAL_FLOOR" : "");
}

static XrResult XRAPI_CALL enumerate_reference_spaces(XrSession session, uint32_t capacity, uint32_t *countOutput,
                                                      XrReferenceSpaceType *spaces)
{
    static const char *func = "xrEnumerateReferenceSpaces";
    mx_lock();
    struct mx_session *s;
    bool write = false;
    XrResult r = mx_session_get(session, func, &s);
    bool floor = r == XR_SUCCESS && MX_EXT_ON(s->instance, MX_EXT_LOCAL_FLOOR);
    if (r == XR_SUCCESS)
        r = mx_two_call(func, "spaces", capacity, countOutput, spaces, floor ? 4 : 3, &write);
    if (write) {
        spaces[0] = XR_REFERENCE_SPACE_TYPE_VIEW;
        spaces[1] = XR_REFERENCE_SPACE_TYPE_LOCAL;
        spaces[2] = XR_REFERENCE_SPACE_TYPE_STAGE;
        if (floor)
            spaces[3] = XR_REFERENCE_SPACE_TYPE_LOCAL_FLOOR_EXT;
    }
    mx_unlock();
    return r;
}

static XrResult XRAPI_CALL create_reference_space(XrSession session, const XrReferenceSpaceCreateInfo *createInfo,
                                                  XrSpace *space)
{
    static const char *func = "xrCreateReferenceSpace";
    mx_lock();
    struct mx_session *s;
    struct mx_space *sp = NULL;
    XrResult r = mx_session_get(session, func, &s);
    if (r == XR_SUCCESS)
        r = mx_check_struct(createInfo, XR_TYPE_REFERENCE_SPACE_CREATE_INFO, func, "createInfo");
    if (r == XR_SUCCESS)
        r = check_reference_type(s->instance, createInfo->referenceSpaceType, func);
    if (r == XR_SUCCESS)
        r = mx_check_pose(&createInfo->poseInReferenceSpace, func, "createInfo->poseInReferenceSpace");
    if (r == XR_SUCCESS && !space)
        r = mx_diag(XR_ERROR_VALIDATION_FAILURE, func, "space (output) is NULL");
    if (r == XR_SUCCESS)
        r = mx_space_create(s, MX_SPACE_REFERENCE, &createInfo->poseInReferenceSpace, &sp);
    if (r == XR_SUCCESS) {
        sp->reference_type = createInfo->referenceSpaceType;
        *space = (XrSpace)(uintptr_t)sp->handle;
    }
    mx_unlock();
    return r;
}

static XrResult XRAPI_CALL get_bounds(XrSession session, XrReferenceSpaceType type, XrExtent2Df *bounds)
{
    static const char *func = "xrGetReferenceSpaceBoundsRect";
    mx_lock();
    struct mx_session *s;
    XrResult r = mx_session_get(session, func, &s);
    if (r == XR_SUCCESS)
        r = check_reference_type(s->instance, type, func);
    if (r == XR_SUCCESS && !bounds)
        r = mx_diag(XR_ERROR_VALIDATION_FAILURE, func, "bounds (output) is NULL");
    if (r == XR_SUCCESS) {
        if (type == XR_REFERENCE_SPACE_TYPE_STAGE) {
            *bounds = (XrExtent2Df){2.0f * MX_STAGE_HALF_X, 2.0f * MX_STAGE_HALF_Z};
        } else {
            *bounds = (XrExtent2Df){0.0f, 0.0f};
            r = XR_SPACE_BOUNDS_UNAVAILABLE; /* VIEW, LOCAL and LOCAL_FLOOR have no play area */
        }
    }
    mx_unlock();
    return r;
}

static XrResult XRAPI_CALL destroy_space(XrSpace space)
{
    mx_lock();
    struct mx_space *sp;
    XrResult r = mx_handle_lookup(MX_HANDLE_VALUE(space), MX_HANDLE_SPACE, "xrDestroySpace", (void **)&sp);
    if (r == XR_SUCCESS) {
        for (struct mx_space **p = &sp->session->spaces; *p; p = &(*p)->next) {
            if (*p == sp) {
                *p = sp->next;
                break;
            }
        }
        mx_handle_unregister(sp->handle);
        free(sp);
    }
    mx_unlock();
    return r;
}

/* Pose of `sp` in `base` at time t; *out_valid is false when either cannot be located. */
static XrResult relate(struct mx_space *sp, struct mx_space *base, XrTime t, XrPosef *out_pose, bool *out_valid)
{
    XrPosef a, b;
    bool a_valid, b_valid;
    XrResult r = mx_space_pose_in_stage(sp, t, &a, &a_valid);
    if (r == XR_SUCCESS)
        r = mx_space_pose_in_stage(base, t, &b, &b_valid);
    if (r != XR_SUCCESS)
        return r;
    XrPosef inv = mx_pose_invert(&b);
    *out_pose = mx_pose_multiply(&inv, &a);
    *out_valid = a_valid && b_valid;
    return XR_SUCCESS;
}

/* Velocities of the simulated motion, which is a pure function of time: a central difference of the
 * relative pose over +-1 ms, linear and angular, both expressed in the base space. */
static XrResult fill_velocity(struct mx_space *sp, struct mx_space *base, XrTime t, XrSpaceVelocity *v)
{
    XrTime h = 1000000;
    XrTime t0 = t - h > 0 ? t - h : t;
    XrPosef p0, p1;
    bool v0, v1;
    XrResult r = relate(sp, base, t0, &p0, &v0);
    if (r == XR_SUCCESS)
        r = relate(sp, base, t + h, &p1, &v1);
    if (r != XR_SUCCESS)
        return r;
    v->linearVelocity = (XrVector3f){0.0f, 0.0f, 0.0f};
    v->angularVelocity = (XrVector3f){0.0f, 0.0f, 0.0f};
    v->velocityFlags = 0;
    if (!v0 || !v1)
        return XR_SUCCESS;
    double dt = (double)(t + h - t0) / 1e9;
    v->linearVelocity = (XrVector3f){(float)((p1.position.x - p0.position.x) / dt),
                                     (float)((p1.position.y - p0.position.y) / dt),
                                     (float)((p1.position.z - p0.position.z) / dt)};
    XrQuaternionf inv0 = {-p0.orientation.x, -p0.orientation.y, -p0.orientation.z, p0.orientation.w};
    XrQuaternionf dq = quat_mul(p1.orientation, inv0); /* the rotation over dt, in base coordinates */
    double sign = dq.w < 0.0f ? -1.0 : 1.0;
    double x = sign * dq.x, y = sign * dq.y, z = sign * dq.z, w = sign * dq.w;
    double s = sqrt(x * x + y * y + z * z);
    if (s > 1e-9) {
        double rate = 2.0 * atan2(s, w) / dt / s;
        v->angularVelocity = (XrVector3f){(float)(x * rate), (float)(y * rate), (float)(z * rate)};
    }
    v->velocityFlags = XR_SPACE_VELOCITY_LINEAR_VALID_BIT | XR_SPACE_VELOCITY_ANGULAR_VALID_BIT;
    return XR_SUCCESS;
}

XrResult mx_space_locate(struct mx_space *sp, struct mx_space *base, XrTime time, XrSpaceLocation *loc)
{
    bool valid;
    XrResult r = relate(sp, base, time, &loc->pose, &valid);
    if (r != XR_SUCCESS)
        return r;
    loc->locationFlags = valid ? (XR_SPACE_LOCATION_ORIENTATION_VALID_BIT | XR_SPACE_LOCATION_POSITION_VALID_BIT |
                                  XR_SPACE_LOCATION_ORIENTATION_TRACKED_BIT | XR_SPACE_LOCATION_POSITION_TRACKED_BIT)
                                : 0;
    if (!valid)
        loc->pose = mx_pose_identity();
    for (XrBaseOutStructure *o = loc->next; o && r == XR_SUCCESS; o = o->next) {
        if (o->type == XR_TYPE_SPACE_VELOCITY)
            r = fill_velocity(sp, base, time, (XrSpaceVelocity *)o);
        /* XR_EXT_eye_gaze_interaction: the simulated gaze is known at any time, so its sample time is the
         * time asked for; 0 (unavailable) for anything but a located gaze. */
        if (o->type == XR_TYPE_EYE_GAZE_SAMPLE_TIME_EXT && MX_EXT_ON(sp->session->instance, MX_EXT_EYE_GAZE_INTERACTION))
            ((XrEyeGazeSampleTimeEXT *)o)->time = valid && mx_input_space_follows_gaze(sp) ? time : 0;
    }
    return r;
}

static XrResult XRAPI_CALL locate_space(XrSpace space, XrSpace baseSpace, XrTime time, XrSpaceLocation *location)
{
    static const char *func = "xrLocateSpace";
    mx_lock();
    struct mx_space *sp, *base;
    XrResult r = mx_space_get(space, func, &sp);
    if (r == XR_SUCCESS)
        r = mx_space_get(baseSpace, func, &base);
    if (r == XR_SUCCESS)
        r = mx_check_struct(location, XR_TYPE_SPACE_LOCATION, func, "location");
    if (r == XR_SUCCESS && sp->session != base->session)
        r = mx_diag(XR_ERROR_VALIDATION_FAILURE, func, "space and baseSpace belong to different sessions");
    if (r == XR_SUCCESS && time <= 0)
        r = mx_diag(XR_ERROR_TIME_INVALID, func, "time %lld is not a valid XrTime", (long long)time);
    if (r == XR_SUCCESS)
        r = mx_space_locate(sp, base, time, location);
    mx_unlock();
    return r;
}

static void note_located(struct mx_session *s, XrTime display_time)
{
    for (uint32_t k = 0; k < MX_FRAME_HISTORY; k++) {
        struct mx_frame *f = &s->frames[k];
        if (f->predicted_display_time == display_time && !f->ended) {
            f->located = mx_clock_now(s->instance);
            f->located_seq = mx_next_seq(s->instance);
        }
    }
}

static XrResult check_locate_info(struct mx_session *s, const XrViewLocateInfo *info, const char *func,
                                  struct mx_space **out_space)
{
    XrResult r = mx_check_struct(info, XR_TYPE_VIEW_LOCATE_INFO, func, "viewLocateInfo");
    if (r == XR_SUCCESS)
        r = mx_check_view_config_offered(s->instance, info->viewConfigurationType, func);
    if (r == XR_SUCCESS && info->displayTime <= 0)
        r = mx_diag(XR_ERROR_TIME_INVALID, func, "displayTime %lld is not a valid XrTime", (long long)info->displayTime);
    if (r == XR_SUCCESS)
        r = mx_space_get(info->space, func, out_space);
    if (r == XR_SUCCESS && (*out_space)->session != s)
        r = mx_diag(XR_ERROR_VALIDATION_FAILURE, func, "viewLocateInfo->space belongs to another session");
    return r;
}

void mx_view_in_stage(const struct mx_session *s, XrViewConfigurationType config, uint32_t k, XrTime t,
                      XrPosef *out_pose, XrFovf *out_fov)
{
    XrPosef head;
    mx_sim_pose(s, "/user/head", t, &head);
    float offset = config == XR_VIEW_CONFIGURATION_TYPE_PRIMARY_MONO ? 0.0f : (k == 0 ? -0.5f : 0.5f) * MX_IPD;
    XrPosef eye_in_head = {.orientation = {0.0f, 0.0f, 0.0f, 1.0f}, .position = {offset, 0.0f, 0.0f}};
    *out_pose = mx_pose_multiply(&head, &eye_in_head);
    *out_fov = mx_view_fov(s->instance, config, k); /* scaled by the script's fov_scale */
}

static void fill_views(struct mx_session *s, const XrViewLocateInfo *info, struct mx_space *space, uint32_t n,
                       XrView *views)
{
    XrPosef base;
    bool valid;
    mx_space_pose_in_stage(space, info->displayTime, &base, &valid);
    XrPosef inv = mx_pose_invert(&base);
    for (uint32_t k = 0; k < n; k++) {
        XrPosef eye;
        mx_view_in_stage(s, info->viewConfigurationType, k, info->displayTime, &eye, &views[k].fov);
        views[k].pose = mx_pose_multiply(&inv, &eye);
    }
}

static XrResult XRAPI_CALL locate_views(XrSession session, const XrViewLocateInfo *viewLocateInfo,
                                        XrViewState *viewState, uint32_t capacity, uint32_t *countOutput,
                                        XrView *views)
{
    static const char *func = "xrLocateViews";
    mx_lock();
    struct mx_session *s;
    struct mx_space *space = NULL;
    bool write = false;
    XrResult r = mx_session_get(session, func, &s);
    if (r == XR_SUCCESS)
        r = check_locate_info(s, viewLocateInfo, func, &space);
    if (r == XR_SUCCESS)
        r = mx_check_struct(viewState, XR_TYPE_VIEW_STATE, func, "viewState");
    uint32_t n = r == XR_SUCCESS && viewLocateInfo->viewConfigurationType == XR_VIEW_CONFIGURATION_TYPE_PRIMARY_MONO ? 1 : 2;
    if (r == XR_SUCCESS)
        r = mx_two_call(func, "views", capacity, countOutput, views, n, &write);
    for (uint32_t k = 0; write && k < n && r == XR_SUCCESS; k++)
        r = mx_check_struct(&views[k], XR_TYPE_VIEW, func, "views[i]");
    if (r == XR_SUCCESS) {
        viewState->viewStateFlags = XR_VIEW_STATE_ORIENTATION_VALID_BIT | XR_VIEW_STATE_POSITION_VALID_BIT |
                                    XR_VIEW_STATE_ORIENTATION_TRACKED_BIT | XR_VIEW_STATE_POSITION_TRACKED_BIT;
        if (write) {
            fill_views(s, viewLocateInfo, space, n, views);
            note_located(s, viewLocateInfo->displayTime);
        }
    }
    mx_unlock();
    return r;
}

PFN_xrVoidFunction mx_space_proc(const char *name)
{
    static const struct {
        const char *name;
        PFN_xrVoidFunction fn;
    } table[] = {
        {"xrEnumerateReferenceSpaces", (PFN_xrVoidFunction)enumerate_reference_spaces},
        {"xrCreateReferenceSpace", (PFN_xrVoidFunction)create_reference_space},
        {"xrGetReferenceSpaceBoundsRect", (PFN_xrVoidFunction)get_bounds},
        {"xrDestroySpace", (PFN_xrVoidFunction)destroy_space},
        {"xrLocateSpace", (PFN_xrVoidFunction)locate_space},
        {"xrLocateViews", (PFN_xrVoidFunction)locate_views},
    };
    for (size_t k = 0; k < sizeof(table) / sizeof(table[0]); k++) {
        if (strcmp(name, table[k].name) == 0)
            return table[k].fn;
    }
    return NULL;
}
