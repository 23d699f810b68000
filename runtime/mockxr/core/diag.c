/* Diagnostics: why mockxr returned an error, on stderr and through XR_EXT_debug_utils; enum names. */
#include "mockxr_internal.h"

#include <openxr/openxr_reflection.h>
#include <stdlib.h>
#include <string.h>

const char *mx_result_str(XrResult r)
{
#define MX_RESULT_CASE(name, value) \
    case value:                     \
        return #name;
    switch (r) {
        XR_LIST_ENUM_XrResult(MX_RESULT_CASE) default : return NULL;
    }
#undef MX_RESULT_CASE
}

const char *mx_struct_type_str(XrStructureType t)
{
#define MX_TYPE_CASE(name, value) \
    case value:                   \
        return #name;
    switch (t) {
        XR_LIST_ENUM_XrStructureType(MX_TYPE_CASE) default : return NULL;
    }
#undef MX_TYPE_CASE
}

static bool quiet(void)
{
    for (struct mx_instance *i = mx_runtime_instances(); i; i = i->next) {
        if (i->config.quiet)
            return true;
    }
    const char *q = getenv(MOCKXR_ENV_QUIET);
    return q && strcmp(q, "1") == 0;
}

XrResult mx_diag(XrResult r, const char *func, const char *fmt, ...)
{
    char message[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(message, sizeof(message), fmt, ap);
    va_end(ap);
    const char *name = mx_result_str(r);
    char full[1200];
    snprintf(full, sizeof(full), "%s returns %s: %s", func, name ? name : "XrResult", message);
    if (r == XR_ERROR_SESSION_LOST || r == XR_ERROR_INSTANCE_LOST) {
        /* The spec's answer after a loss the script injected: the app did nothing wrong. */
        mx_runtime_count_lost();
        if (!quiet())
            fprintf(stderr, "mockxr: note: %s\n", full);
        mx_debug_emit(XR_DEBUG_UTILS_MESSAGE_SEVERITY_INFO_BIT_EXT, func, full);
        return r;
    }
    fprintf(stderr, "mockxr: error: %s\n", full);
    if (r < 0)
        mx_runtime_count_error();
    mx_debug_emit(XR_DEBUG_UTILS_MESSAGE_SEVERITY_ERROR_BIT_EXT, func, full);
    return r;
}

void mx_warn(const char *func, const char *fmt, ...)
{
    char message[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(message, sizeof(message), fmt, ap);
    va_end(ap);
    fprintf(stderr, "mockxr: warning: %s\n", message);
    mx_debug_emit(XR_DEBUG_UTILS_MESSAGE_SEVERITY_WARNING_BIT_EXT, func, message);
}

void mx_info(const char *fmt, ...)
{
    if (quiet())
        return;
    va_list ap;
    va_start(ap, fmt);
    fputs("mockxr: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
}

XrResult mx_check_struct(const void *s, XrStructureType expected, const char *func, const char *what)
{
    if (!s)
        return mx_diag(XR_ERROR_VALIDATION_FAILURE, func, "%s is NULL (expected a %s)", what,
                       mx_struct_type_str(expected));
    XrStructureType got = *(const XrStructureType *)s;
    if (got != expected) {
        const char *got_name = mx_struct_type_str(got);
        return mx_diag(XR_ERROR_VALIDATION_FAILURE, func, "%s->type is %s (%d), expected %s", what,
                       got_name ? got_name : "not a structure type", (int)got, mx_struct_type_str(expected));
    }
    return XR_SUCCESS;
}

XrResult mx_two_call(const char *func, const char *what, uint32_t capacity, uint32_t *count_out,
                     const void *buffer, uint32_t needed, bool *out_write)
{
    *out_write = false;
    if (!count_out)
        return mx_diag(XR_ERROR_VALIDATION_FAILURE, func, "the count output pointer for %s is NULL", what);
    if (capacity > 0 && !buffer)
        return mx_diag(XR_ERROR_VALIDATION_FAILURE, func, "capacity for %s is %u but the array is NULL", what,
                       capacity);
    *count_out = needed;
    if (capacity == 0)
        return XR_SUCCESS;
    if (capacity < needed)
        return mx_diag(XR_ERROR_SIZE_INSUFFICIENT, func, "capacity %u for %s is less than the %u needed "
                       "(call once with capacity 0 to get the count)", capacity, what, needed);
    *out_write = true;
    return XR_SUCCESS;
}
