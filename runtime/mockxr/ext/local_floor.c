/* XR_EXT_local_floor: the LOCAL_FLOOR reference space (core/space.c serves it next to VIEW, LOCAL, STAGE). */
#include "mx_ext.h"

/* LOCAL_FLOOR is LOCAL dropped to the floor: LOCAL's x, z and (gravity-aligned) orientation, STAGE's floor
 * height (y = 0 in STAGE), so that LOCAL_FLOOR and a LOCAL space offset by LOCAL's height above the
 * STAGE floor coincide, as the spec and the conformance suite require. */
XrPosef mx_local_floor_pose(const XrPosef *local_in_stage)
{
    XrPosef floor = *local_in_stage;
    floor.position.y = 0.0f;
    return floor;
}
