/* XR_EXT_debug_utils on the runtime side: messengers that receive mockxr's diagnostics. */
#include "mockxr_internal.h"

#include <stdlib.h>
#include <string.h>

static XrResult add_messenger(struct mx_instance *i, const XrDebugUtilsMessengerCreateInfoEXT *ci,
                              const char *func, struct mx_debug_messenger **out)
{
    if (!ci->userCallback)
        return mx_diag(XR_ERROR_VALIDATION_FAILURE, func, "userCallback is NULL");
    if (ci->messageSeverities == 0 || ci->messageTypes == 0)
        return mx_diag(XR_ERROR_VALIDATION_FAILURE, func, "messageSeverities and messageTypes must not be 0");
    struct mx_debug_messenger *m = calloc(1, sizeof(*m));
    if (!m)
        return XR_ERROR_OUT_OF_MEMORY;
    if (!(m->handle = mx_handle_register(MX_HANDLE_DEBUG_MESSENGER, m))) {
        free(m);
        return XR_ERROR_OUT_OF_MEMORY;
    }
    m->instance = i;
    m->severities = ci->messageSeverities;
    m->types = ci->messageTypes;
    m->callback = ci->userCallback;
    m->user_data = ci->userData;
    m->next = i->messengers;
    i->messengers = m;
    if (out)
        *out = m;
    return XR_SUCCESS;
}

/* Messengers chained to XrInstanceCreateInfo live as long as the instance. */
XrResult mx_debug_messengers_from_chain(struct mx_instance *i, const void *next);
XrResult mx_debug_messengers_from_chain(struct mx_instance *i, const void *next)
{
    for (const XrBaseInStructure *b = next; b; b = b->next) {
        if (b->type != XR_TYPE_DEBUG_UTILS_MESSENGER_CREATE_INFO_EXT)
            continue;
        XrResult r = add_messenger(i, (const XrDebugUtilsMessengerCreateInfoEXT *)b, "xrCreateInstance", NULL);
        if (r != XR_SUCCESS)
            return r;
    }
    return XR_SUCCESS;
}

static XrResult XRAPI_CALL create_messenger(XrInstance instance, const XrDebugUtilsMessengerCreateInfoEXT *createInfo,
                                            XrDebugUtilsMessengerEXT *messenger)
{
    static const char *func = "xrCreateDebugUtilsMessengerEXT";
    mx_lock();
    struct mx_instance *i;
    struct mx_debug_messenger *m = NULL;
    XrResult r = mx_instance_get(instance, func, &i);
    if (r == XR_SUCCESS)
        r = mx_check_struct(createInfo, XR_TYPE_DEBUG_UTILS_MESSENGER_CREATE_INFO_EXT, func, "createInfo");
    if (r == XR_SUCCESS && !messenger)
        r = mx_diag(XR_ERROR_VALIDATION_FAILURE, func, "messenger (output) is NULL");
    if (r == XR_SUCCESS)
        r = add_messenger(i, createInfo, func, &m);
    if (r == XR_SUCCESS)
        *messenger = (XrDebugUtilsMessengerEXT)(uintptr_t)m->handle;
    mx_unlock();
    return r;
}

static XrResult XRAPI_CALL destroy_messenger(XrDebugUtilsMessengerEXT messenger)
{
    mx_lock();
    struct mx_debug_messenger *m;
    XrResult r = mx_handle_lookup(MX_HANDLE_VALUE(messenger), MX_HANDLE_DEBUG_MESSENGER,
                                  "xrDestroyDebugUtilsMessengerEXT", (void **)&m);
    if (r == XR_SUCCESS) {
        for (struct mx_debug_messenger **p = &m->instance->messengers; *p; p = &(*p)->next) {
            if (*p == m) {
                *p = m->next;
                break;
            }
        }
        mx_handle_unregister(m->handle);
        free(m);
    }
    mx_unlock();
    return r;
}

static XrResult XRAPI_CALL submit_message(XrInstance instance, XrDebugUtilsMessageSeverityFlagsEXT severity,
                                          XrDebugUtilsMessageTypeFlagsEXT types,
                                          const XrDebugUtilsMessengerCallbackDataEXT *data)
{
    static const char *func = "xrSubmitDebugUtilsMessageEXT";
    mx_lock();
    struct mx_instance *i;
    XrResult r = mx_instance_get(instance, func, &i);
    if (r == XR_SUCCESS)
        r = mx_check_struct(data, XR_TYPE_DEBUG_UTILS_MESSENGER_CALLBACK_DATA_EXT, func, "callbackData");
    for (struct mx_debug_messenger *m = r == XR_SUCCESS ? i->messengers : NULL; m; m = m->next) {
        if ((m->severities & severity) && (m->types & types))
            m->callback(severity, types, data, m->user_data);
    }
    mx_unlock();
    return r;
}

static XrResult XRAPI_CALL set_object_name(XrInstance instance, const XrDebugUtilsObjectNameInfoEXT *nameInfo)
{
    static const char *func = "xrSetDebugUtilsObjectNameEXT";
    mx_lock();
    struct mx_instance *i;
    XrResult r = mx_instance_get(instance, func, &i);
    if (r == XR_SUCCESS)
        r = mx_check_struct(nameInfo, XR_TYPE_DEBUG_UTILS_OBJECT_NAME_INFO_EXT, func, "nameInfo");
    mx_unlock();
    return r;
}

static XrResult session_label(XrSession session, const XrDebugUtilsLabelEXT *label, bool needs_label,
                              const char *func)
{
    mx_lock();
    struct mx_session *s;
    XrResult r = mx_session_get(session, func, &s);
    if (r == XR_SUCCESS && needs_label)
        r = mx_check_struct(label, XR_TYPE_DEBUG_UTILS_LABEL_EXT, func, "labelInfo");
    mx_unlock();
    return r;
}

static XrResult XRAPI_CALL begin_label(XrSession session, const XrDebugUtilsLabelEXT *labelInfo)
{
    return session_label(session, labelInfo, true, "xrSessionBeginDebugUtilsLabelRegionEXT");
}

static XrResult XRAPI_CALL end_label(XrSession session)
{
    return session_label(session, NULL, false, "xrSessionEndDebugUtilsLabelRegionEXT");
}

static XrResult XRAPI_CALL insert_label(XrSession session, const XrDebugUtilsLabelEXT *labelInfo)
{
    return session_label(session, labelInfo, true, "xrSessionInsertDebugUtilsLabelEXT");
}

PFN_xrVoidFunction mx_debug_proc(const char *name)
{
    static const struct {
        const char *name;
        PFN_xrVoidFunction fn;
    } table[] = {
        {"xrCreateDebugUtilsMessengerEXT", (PFN_xrVoidFunction)create_messenger},
        {"xrDestroyDebugUtilsMessengerEXT", (PFN_xrVoidFunction)destroy_messenger},
        {"xrSubmitDebugUtilsMessageEXT", (PFN_xrVoidFunction)submit_message},
        {"xrSetDebugUtilsObjectNameEXT", (PFN_xrVoidFunction)set_object_name},
        {"xrSessionBeginDebugUtilsLabelRegionEXT", (PFN_xrVoidFunction)begin_label},
        {"xrSessionEndDebugUtilsLabelRegionEXT", (PFN_xrVoidFunction)end_label},
        {"xrSessionInsertDebugUtilsLabelEXT", (PFN_xrVoidFunction)insert_label},
    };
    for (size_t k = 0; k < sizeof(table) / sizeof(table[0]); k++) {
        if (strcmp(name, table[k].name) == 0)
            return table[k].fn;
    }
    return NULL;
}
