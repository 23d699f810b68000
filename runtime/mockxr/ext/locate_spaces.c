/* XR_KHR_locate_spaces: xrLocateSpacesKHR, many spaces against one base space at one time, with velocities. */
#include "mx_ext.h"

#include <string.h>

static XrResult check_velocities(const XrSpaceLocationsKHR *out, uint32_t count, const char *func,
                                 XrSpaceVelocitiesKHR **out_vel)
{
    *out_vel = NULL;
    for (XrBaseOutStructure *o = out->next; o; o = o->next) {
        if (o->type != XR_TYPE_SPACE_VELOCITIES_KHR)
            continue;
        XrSpaceVelocitiesKHR *v = (XrSpaceVelocitiesKHR *)o;
        if (v->velocityCount != count || !v->velocities)
            return mx_diag(XR_ERROR_VALIDATION_FAILURE, func, "XrSpaceVelocitiesKHR::velocityCount %u must equal "
                           "spaceCount %u (and velocities be non-NULL)", v->velocityCount, count);
        *out_vel = v;
    }
    return XR_SUCCESS;
}

static XrResult check_info(struct mx_session *s, const XrSpacesLocateInfoKHR *info, XrSpaceLocationsKHR *out,
                           const char *func, struct mx_space **out_base)
{
    XrResult r = mx_check_struct(info, XR_TYPE_SPACES_LOCATE_INFO_KHR, func, "locateInfo");
    if (r == XR_SUCCESS)
        r = mx_check_struct(out, XR_TYPE_SPACE_LOCATIONS_KHR, func, "spaceLocations");
    if (r != XR_SUCCESS)
        return r;
    if (info->spaceCount == 0 || !info->spaces)
        return mx_diag(XR_ERROR_VALIDATION_FAILURE, func, "locateInfo->spaceCount must be > 0 with a non-NULL array");
    if (out->locationCount != info->spaceCount || !out->locations)
        return mx_diag(XR_ERROR_VALIDATION_FAILURE, func, "spaceLocations->locationCount %u must equal "
                       "locateInfo->spaceCount %u (and locations be non-NULL)", out->locationCount, info->spaceCount);
    if (info->time <= 0)
        return mx_diag(XR_ERROR_TIME_INVALID, func, "locateInfo->time %lld is not a valid XrTime", (long long)info->time);
    r = mx_space_get(info->baseSpace, func, out_base);
    if (r == XR_SUCCESS && (*out_base)->session != s)
        r = mx_diag(XR_ERROR_VALIDATION_FAILURE, func, "locateInfo->baseSpace belongs to another session");
    for (uint32_t k = 0; k < info->spaceCount && r == XR_SUCCESS; k++) {
        struct mx_space *sp;
        r = mx_space_get(info->spaces[k], func, &sp);
        if (r == XR_SUCCESS && sp->session != s)
            r = mx_diag(XR_ERROR_VALIDATION_FAILURE, func, "locateInfo->spaces[%u] belongs to another session", k);
    }
    return r;
}

/* Every check passes before anything is written: a failed call leaves the outputs as they were. */
static XrResult XRAPI_CALL locate_spaces(XrSession session, const XrSpacesLocateInfoKHR *locateInfo,
                                         XrSpaceLocationsKHR *spaceLocations)
{
    static const char *func = "xrLocateSpacesKHR";
    mx_lock();
    struct mx_session *s;
    struct mx_space *base = NULL;
    XrSpaceVelocitiesKHR *vel = NULL;
    XrResult r = mx_session_get(session, func, &s);
    if (r == XR_SUCCESS)
        r = check_info(s, locateInfo, spaceLocations, func, &base);
    if (r == XR_SUCCESS)
        r = check_velocities(spaceLocations, locateInfo->spaceCount, func, &vel);
    for (uint32_t k = 0; r == XR_SUCCESS && k < locateInfo->spaceCount; k++) {
        struct mx_space *sp = mx_handle_object(MX_HANDLE_VALUE(locateInfo->spaces[k]), MX_HANDLE_SPACE);
        XrSpaceVelocity v = {.type = XR_TYPE_SPACE_VELOCITY};
        XrSpaceLocation loc = {.type = XR_TYPE_SPACE_LOCATION, .next = vel ? &v : NULL};
        r = mx_space_locate(sp, base, locateInfo->time, &loc);
        spaceLocations->locations[k] = (XrSpaceLocationDataKHR){loc.locationFlags, loc.pose};
        if (vel)
            vel->velocities[k] = (XrSpaceVelocityDataKHR){v.velocityFlags, v.linearVelocity, v.angularVelocity};
    }
    mx_unlock();
    return r;
}

PFN_xrVoidFunction mx_locate_spaces_proc(const char *name)
{
    return strcmp(name, "xrLocateSpacesKHR") == 0 ? (PFN_xrVoidFunction)locate_spaces : NULL;
}
