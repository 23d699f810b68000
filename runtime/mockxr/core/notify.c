/* MOCKXR_NOTIFY_FD: tells the process that started the app (mockxr-run) when the app's session reached
 * EXITING and when its instance is gone, so that it can close the app's stdin (docs/mockxr.md). */
#include "mockxr_internal.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>

XrResult mx_notify_parse(const char *value, int *out_fd)
{
    *out_fd = -1;
    if (!value || !*value)
        return XR_SUCCESS;
    char *end = NULL;
    errno = 0;
    long fd = strtol(value, &end, 10);
    struct stat st;
    if (errno != 0 || *end != '\0' || fd < 3 || fd > 65535 || fstat((int)fd, &st) != 0 || !S_ISSOCK(st.st_mode)) {
        fprintf(stderr, "mockxr: error: %s=\"%s\" is invalid: expected the number of an open socket descriptor >= 3 "
                "(mockxr-run sets it; unset it when running the app yourself)\n", MOCKXR_ENV_NOTIFY_FD, value);
        return XR_ERROR_RUNTIME_FAILURE;
    }
    *out_fd = (int)fd;
    return XR_SUCCESS;
}

void mx_notify_send(int fd, const char *what)
{
    if (fd < 0)
        return;
    char line[64];
    int n = snprintf(line, sizeof line, "%s\n", what);
    /* never block the app nor kill it with SIGPIPE: a listener that has gone away just misses the line */
    if (send(fd, line, (size_t)n, MSG_DONTWAIT | MSG_NOSIGNAL) < 0 && errno != EAGAIN && errno != EPIPE &&
        errno != ECONNREFUSED)
        mx_info("%s: cannot notify: %s", MOCKXR_ENV_NOTIFY_FD, strerror(errno));
}
