/* Check helpers of the unit tests outside scene/ (those have scene_check.h): count failures, say where,
 * keep going, and end with one line and the exit code. */
#ifndef FXR_UNIT_CHECK_H
#define FXR_UNIT_CHECK_H

#include <stdio.h>

static int failures;

#define CHECK(c)                                                                                                   \
    do {                                                                                                           \
        if (!(c)) {                                                                                                \
            fprintf(stderr, "FAIL %s:%d: %s\n", __FILE__, __LINE__, #c);                                           \
            failures++;                                                                                            \
        }                                                                                                          \
    } while (0)

/* main's last line: "NAME: all checks passed" and 0, or the count of failures on stderr and 1. */
static inline int unit_finish(const char *name)
{
    if (failures) {
        fprintf(stderr, "%s: %d check(s) failed\n", name, failures);
        return 1;
    }
    printf("%s: all checks passed\n", name);
    return 0;
}

#endif
