/* OpenXR extension types that Debian's OpenXR 1.0.20 SDK headers lack, declared from the OpenXR
 * specification and its registry (xr.xml) for mockxr and its tests. Each block is skipped when the
 * headers in use already define the extension, so a newer SDK takes precedence. */
#ifndef MOCKXR_MOCKXR_EXT_H
#define MOCKXR_MOCKXR_EXT_H

#include <openxr/openxr.h>

/* Enum values of extension number N start at 1000000000 + (N - 1) * 1000 (registry convention). */

/* ---- XR_EXT_dpad_binding (extension 79; needs XR_KHR_binding_modification) ------------------------ */
#ifndef XR_EXT_dpad_binding
#define XR_EXT_dpad_binding 1
#define XR_EXT_dpad_binding_SPEC_VERSION 1
#define XR_EXT_DPAD_BINDING_EXTENSION_NAME "XR_EXT_dpad_binding"
#define XR_TYPE_INTERACTION_PROFILE_DPAD_BINDING_EXT ((XrStructureType)1000078000)
typedef struct XrInteractionProfileDpadBindingEXT {
    XrStructureType type;
    const void *XR_MAY_ALIAS next;
    XrPath binding;
    XrActionSet actionSet;
    float forceThreshold;
    float forceThresholdReleased;
    float centerRegion;
    float wedgeAngle;
    XrBool32 isSticky;
    const XrHapticBaseHeader *onHaptic;
    const XrHapticBaseHeader *offHaptic;
} XrInteractionProfileDpadBindingEXT;
#endif

/* ---- XR_EXT_uuid (extension 300; core in OpenXR 1.1): the UUID type XR_META_headset_id uses ---------- */
#ifndef XR_EXT_uuid
#define XR_EXT_uuid 1
#define XR_UUID_SIZE_EXT 16
typedef struct XrUuidEXT {
    uint8_t data[XR_UUID_SIZE_EXT];
} XrUuidEXT;
#endif

/* ---- XR_META_headset_id (extension 246) ------------------------------------------------------------ */
#ifndef XR_META_headset_id
#define XR_META_headset_id 1
#define XR_META_headset_id_SPEC_VERSION 2
#define XR_META_HEADSET_ID_EXTENSION_NAME "XR_META_headset_id"
#define XR_TYPE_SYSTEM_HEADSET_ID_PROPERTIES_META ((XrStructureType)1000245000)
typedef struct XrSystemHeadsetIdPropertiesMETA {
    XrStructureType type;
    void *XR_MAY_ALIAS next;
    XrUuidEXT id;
} XrSystemHeadsetIdPropertiesMETA;
#endif

/* ---- XR_META_performance_metrics (extension 233) -------------------------------------------------- */
#ifndef XR_META_performance_metrics
#define XR_META_performance_metrics 1
#define XR_META_performance_metrics_SPEC_VERSION 2
#define XR_META_PERFORMANCE_METRICS_EXTENSION_NAME "XR_META_performance_metrics"
#define XR_TYPE_PERFORMANCE_METRICS_STATE_META ((XrStructureType)1000232001)
#define XR_TYPE_PERFORMANCE_METRICS_COUNTER_META ((XrStructureType)1000232002)
typedef XrFlags64 XrPerformanceMetricsCounterFlagsMETA;
static const XrPerformanceMetricsCounterFlagsMETA XR_PERFORMANCE_METRICS_COUNTER_ANY_VALUE_VALID_BIT_META = 0x00000001;
static const XrPerformanceMetricsCounterFlagsMETA XR_PERFORMANCE_METRICS_COUNTER_UINT_VALUE_VALID_BIT_META = 0x00000002;
static const XrPerformanceMetricsCounterFlagsMETA XR_PERFORMANCE_METRICS_COUNTER_FLOAT_VALUE_VALID_BIT_META = 0x00000004;
typedef enum XrPerformanceMetricsCounterUnitMETA {
    XR_PERFORMANCE_METRICS_COUNTER_UNIT_GENERIC_META = 0,
    XR_PERFORMANCE_METRICS_COUNTER_UNIT_PERCENTAGE_META = 1,
    XR_PERFORMANCE_METRICS_COUNTER_UNIT_MILLISECONDS_META = 2,
    XR_PERFORMANCE_METRICS_COUNTER_UNIT_BYTES_META = 3,
    XR_PERFORMANCE_METRICS_COUNTER_UNIT_HERTZ_META = 4,
    XR_PERFORMANCE_METRICS_COUNTER_UNIT_MAX_ENUM_META = 0x7FFFFFFF
} XrPerformanceMetricsCounterUnitMETA;
typedef struct XrPerformanceMetricsStateMETA {
    XrStructureType type;
    const void *XR_MAY_ALIAS next;
    XrBool32 enabled;
} XrPerformanceMetricsStateMETA;
typedef struct XrPerformanceMetricsCounterMETA {
    XrStructureType type;
    const void *XR_MAY_ALIAS next;
    XrPerformanceMetricsCounterFlagsMETA counterFlags;
    XrPerformanceMetricsCounterUnitMETA counterUnit;
    uint32_t uintValue;
    float floatValue;
} XrPerformanceMetricsCounterMETA;
typedef XrResult(XRAPI_PTR *PFN_xrEnumeratePerformanceMetricsCounterPathsMETA)(XrInstance instance,
                                                                              uint32_t counterPathCapacityInput,
                                                                              uint32_t *counterPathCountOutput,
                                                                              XrPath *counterPaths);
typedef XrResult(XRAPI_PTR *PFN_xrSetPerformanceMetricsStateMETA)(XrSession session,
                                                                 const XrPerformanceMetricsStateMETA *state);
typedef XrResult(XRAPI_PTR *PFN_xrGetPerformanceMetricsStateMETA)(XrSession session, XrPerformanceMetricsStateMETA *state);
typedef XrResult(XRAPI_PTR *PFN_xrQueryPerformanceMetricsCounterMETA)(XrSession session, XrPath counterPath,
                                                                     XrPerformanceMetricsCounterMETA *counter);
#endif

/* ---- XR_EXT_local_floor (extension 427; core in OpenXR 1.1) --------------------------------------- */
#ifndef XR_EXT_local_floor
#define XR_EXT_local_floor 1
#define XR_EXT_local_floor_SPEC_VERSION 1
#define XR_EXT_LOCAL_FLOOR_EXTENSION_NAME "XR_EXT_local_floor"
#define XR_REFERENCE_SPACE_TYPE_LOCAL_FLOOR_EXT ((XrReferenceSpaceType)1000426000)
#endif

/* ---- XR_EXT_user_presence (extension 471) -------------------------------------------------------- */
#ifndef XR_EXT_user_presence
#define XR_EXT_user_presence 1
#define XR_EXT_user_presence_SPEC_VERSION 1
#define XR_EXT_USER_PRESENCE_EXTENSION_NAME "XR_EXT_user_presence"
#define XR_TYPE_EVENT_DATA_USER_PRESENCE_CHANGED_EXT ((XrStructureType)1000470000)
#define XR_TYPE_SYSTEM_USER_PRESENCE_PROPERTIES_EXT ((XrStructureType)1000470001)
typedef struct XrEventDataUserPresenceChangedEXT {
    XrStructureType type;
    const void *XR_MAY_ALIAS next;
    XrSession session;
    XrBool32 isUserPresent;
} XrEventDataUserPresenceChangedEXT;
typedef struct XrSystemUserPresencePropertiesEXT {
    XrStructureType type;
    void *XR_MAY_ALIAS next;
    XrBool32 supportsUserPresence;
} XrSystemUserPresencePropertiesEXT;
#endif

/* ---- XR_KHR_locate_spaces (extension 472; core in OpenXR 1.1) ------------------------------------ */
#ifndef XR_KHR_locate_spaces
#define XR_KHR_locate_spaces 1
#define XR_KHR_locate_spaces_SPEC_VERSION 1
#define XR_KHR_LOCATE_SPACES_EXTENSION_NAME "XR_KHR_locate_spaces"
#define XR_TYPE_SPACES_LOCATE_INFO_KHR ((XrStructureType)1000471000)
#define XR_TYPE_SPACE_LOCATIONS_KHR ((XrStructureType)1000471001)
#define XR_TYPE_SPACE_VELOCITIES_KHR ((XrStructureType)1000471002)
typedef struct XrSpacesLocateInfoKHR {
    XrStructureType type;
    const void *XR_MAY_ALIAS next;
    XrSpace baseSpace;
    XrTime time;
    uint32_t spaceCount;
    const XrSpace *spaces;
} XrSpacesLocateInfoKHR;
typedef struct XrSpaceLocationDataKHR {
    XrSpaceLocationFlags locationFlags;
    XrPosef pose;
} XrSpaceLocationDataKHR;
typedef struct XrSpaceLocationsKHR {
    XrStructureType type;
    void *XR_MAY_ALIAS next;
    uint32_t locationCount;
    XrSpaceLocationDataKHR *locations;
} XrSpaceLocationsKHR;
typedef struct XrSpaceVelocityDataKHR {
    XrSpaceVelocityFlags velocityFlags;
    XrVector3f linearVelocity;
    XrVector3f angularVelocity;
} XrSpaceVelocityDataKHR;
typedef struct XrSpaceVelocitiesKHR {
    XrStructureType type;
    void *XR_MAY_ALIAS next;
    uint32_t velocityCount;
    XrSpaceVelocityDataKHR *velocities;
} XrSpaceVelocitiesKHR;
typedef XrResult(XRAPI_PTR *PFN_xrLocateSpacesKHR)(XrSession session, const XrSpacesLocateInfoKHR *locateInfo,
                                                   XrSpaceLocationsKHR *spaceLocations);
#endif

#endif
