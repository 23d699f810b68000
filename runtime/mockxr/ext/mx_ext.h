/* mockxr's extensions room: the objects of the extensions in ext/ and what other rooms may call there. */
#ifndef MOCKXR_MX_EXT_H
#define MOCKXR_MX_EXT_H

#include "mockxr_internal.h"

/* XR_EXT_hand_tracking: one tracker of one hand, a child of its session. */
struct mx_hand_tracker {
    uint64_t handle;
    struct mx_session *session;
    XrHandEXT hand;
    struct mx_hand_tracker *next;
};

#endif
