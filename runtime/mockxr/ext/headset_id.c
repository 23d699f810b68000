/* XR_META_headset_id: the id of the simulated headset model, in XrSystemHeadsetIdPropertiesMETA. */
#include "mx_ext.h"

/* One model, one id, the same in every run and on every machine, recognisable in an app's logs: the bytes
 * "mockxr" ... "-model1" with the version (5) and variant bits of a name-based UUID in bytes 6 and 8. */
XrUuidEXT mx_headset_id(void)
{
    static const XrUuidEXT id = {{'m', 'o', 'c', 'k', 'x', 'r', 0x50, 0x01, 0x80, '-', 'm', 'o', 'd', 'e', 'l', '1'}};
    return id;
}
