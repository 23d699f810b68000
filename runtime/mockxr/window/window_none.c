/* The window room when mockxr was built without SDL2's or stb_truetype's headers: MOCKXR_WINDOW=1 is refused. */
#include "mockxr_internal.h"

XrResult mx_window_create(struct mx_instance *i)
{
    if (!i->config.window)
        return XR_SUCCESS;
    fprintf(stderr, "mockxr: error: %s=1: this mockxr was built without the window (rebuild with Debian's "
            "libsdl2-dev and libstb-dev installed)\n", MOCKXR_ENV_WINDOW);
    return XR_ERROR_RUNTIME_FAILURE;
}

void mx_window_destroy(struct mx_instance *i)
{
    (void)i;
}

void mx_window_end_frame(struct mx_session *s, const struct mx_frame *f, const XrFrameEndInfo *info)
{
    (void)s, (void)f, (void)info;
}

void mx_window_session_end(struct mx_session *s)
{
    (void)s;
}

bool mx_window_pose(const struct mx_instance *i, const char *user_path, XrPosef *out)
{
    (void)i, (void)user_path, (void)out;
    return false;
}

bool mx_window_input(const struct mx_instance *i, const char *path, float *out)
{
    (void)i, (void)path, (void)out;
    return false;
}
