/* XR_EXT_user_presence: whether the simulated headset is worn (the script's "user_present"), told to a
 * running session when it begins and whenever it changes. */
#include "mx_ext.h"

void mx_ext_set_user_presence(struct mx_session *s, bool present)
{
    struct mx_ext_instance *e = mx_ext_instance_data(s->instance);
    if (e->user_present == present)
        return;
    e->user_present = present;
    mx_info("script: user %s", present ? "present (headset put on)" : "absent (headset taken off)");
    /* Only a running session hears of it (spec); a session that begins later gets it at xrBeginSession. */
    if (!MX_EXT_ON(s->instance, MX_EXT_USER_PRESENCE) || !s->running)
        return;
    XrEventDataUserPresenceChangedEXT ev = {.type = XR_TYPE_EVENT_DATA_USER_PRESENCE_CHANGED_EXT,
                                            .session = (XrSession)(uintptr_t)s->handle,
                                            .isUserPresent = present ? XR_TRUE : XR_FALSE};
    mx_ext_push_event(s->instance, &ev, MX_REPORT_USER_PRESENCE);
}
