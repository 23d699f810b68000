/* Fuzzes mockxr's MOCKXR_* parsing: line k of the input is the value of variable k (empty: unset). */
#include "mockxr_internal.h"

#include <stdlib.h>
#include <string.h>

static const char *const g_vars[] = {
    MOCKXR_ENV_CLOCK,         MOCKXR_ENV_REFRESH_HZ, MOCKXR_ENV_VIEW_SIZE,   MOCKXR_ENV_VK_DEVICE,
    MOCKXR_ENV_HEAD,          MOCKXR_ENV_CONTROLLERS, MOCKXR_ENV_SCRIPT,     MOCKXR_ENV_REPORT,
    MOCKXR_ENV_CAPTURE_DIR,   MOCKXR_ENV_CAPTURE_FRAMES, MOCKXR_ENV_EXIT_AFTER_FRAMES, MOCKXR_ENV_QUIET,
    MOCKXR_ENV_VIEWS,         MOCKXR_ENV_CAPTURE_KINDS, MOCKXR_ENV_WINDOW,     MOCKXR_ENV_RECORD,
    MOCKXR_ENV_NOTIFY_FD,
};
#define VAR_COUNT (sizeof(g_vars) / sizeof(g_vars[0]))

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = malloc(size + 1);
    if (!text)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    char *line = text;
    for (size_t k = 0; k < VAR_COUNT; k++) {
        char *next = line ? strchr(line, '\n') : NULL;
        if (next)
            *next++ = '\0';
        if (line && *line)
            setenv(g_vars[k], line, 1);
        else
            unsetenv(g_vars[k]);
        line = next;
    }
    /* What is left, NAME=VALUE, is a variable of its own: a misspelt one is warned about, never taken. */
    char *extra = NULL;
    if (line && strncmp(line, "MOCKXR_", 7) == 0 && strchr(line, '=') && !strchr(line, '\n')) {
        extra = line;
        *strchr(extra, '=') = '\0';
        setenv(extra, extra + strlen(extra) + 1, 1);
    }
    struct mx_config c;
    if (mx_config_load(&c) == XR_SUCCESS) {
        if (c.view_width < 16 || c.view_height < 16 || c.refresh_hz < 60 || c.period <= 0)
            abort(); /* accepted values must be in their documented ranges */
        for (uint64_t f = 0; f < 64; f++)
            (void)mx_config_capture_selected(&c, f * 977);
        mx_config_free(&c);
    }
    if (extra)
        unsetenv(extra);
    free(text);
    return 0;
}
