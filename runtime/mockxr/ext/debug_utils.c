/* XR_EXT_debug_utils on the runtime side: messengers, object names, session labels, and the callback
 * data of every message (mockxr's own diagnostics and xrSubmitDebugUtilsMessageEXT alike). */
#include "mockxr_internal.h"
#include "mx_ext.h"
#include "mx_input.h"

#include <openxr/openxr_reflection.h>
#include <stdlib.h>
#include <string.h>

struct mx_debug_name {
    XrObjectType type;
    uint64_t handle;
    char *name;
};

struct mx_debug_instance {
    struct mx_debug_name *names;
    size_t count, capacity;
};

/* A session's labels: the open regions (oldest first) and the latest inserted label, which the next
 * begin, end or insert replaces (spec "Session Labels"). */
struct mx_debug_labels {
    char **regions;
    size_t region_count, region_capacity;
    char *inserted;
};

#define MX_SEVERITY_BITS                                                                                   \
    (XR_DEBUG_UTILS_MESSAGE_SEVERITY_VERBOSE_BIT_EXT | XR_DEBUG_UTILS_MESSAGE_SEVERITY_INFO_BIT_EXT |       \
     XR_DEBUG_UTILS_MESSAGE_SEVERITY_WARNING_BIT_EXT | XR_DEBUG_UTILS_MESSAGE_SEVERITY_ERROR_BIT_EXT)
#define MX_TYPE_BITS                                                                                       \
    (XR_DEBUG_UTILS_MESSAGE_TYPE_GENERAL_BIT_EXT | XR_DEBUG_UTILS_MESSAGE_TYPE_VALIDATION_BIT_EXT |         \
     XR_DEBUG_UTILS_MESSAGE_TYPE_PERFORMANCE_BIT_EXT | XR_DEBUG_UTILS_MESSAGE_TYPE_CONFORMANCE_BIT_EXT)

/* ---- handles and object types ------------------------------------------------------------------- */

static XrObjectType object_type_of(enum mx_handle_kind kind)
{
    switch (kind) {
    case MX_HANDLE_INSTANCE: return XR_OBJECT_TYPE_INSTANCE;
    case MX_HANDLE_SESSION: return XR_OBJECT_TYPE_SESSION;
    case MX_HANDLE_SPACE: return XR_OBJECT_TYPE_SPACE;
    case MX_HANDLE_SWAPCHAIN: return XR_OBJECT_TYPE_SWAPCHAIN;
    case MX_HANDLE_ACTION_SET: return XR_OBJECT_TYPE_ACTION_SET;
    case MX_HANDLE_ACTION: return XR_OBJECT_TYPE_ACTION;
    case MX_HANDLE_DEBUG_MESSENGER: return XR_OBJECT_TYPE_DEBUG_UTILS_MESSENGER_EXT;
    case MX_HANDLE_HAND_TRACKER: return XR_OBJECT_TYPE_HAND_TRACKER_EXT;
    default: return XR_OBJECT_TYPE_UNKNOWN;
    }
}

/* The handle kind of an XrObjectType mockxr has objects of (0 for the others). */
static enum mx_handle_kind kind_of(XrObjectType type)
{
    for (int k = MX_HANDLE_INSTANCE; k < MX_HANDLE_KIND_COUNT; k++) {
        if (object_type_of((enum mx_handle_kind)k) == type)
            return (enum mx_handle_kind)k;
    }
    return (enum mx_handle_kind)0;
}

static bool is_object_type(XrObjectType t)
{
#define MX_OT_CASE(name, value) \
    case value:                 \
        return t != XR_OBJECT_TYPE_MAX_ENUM;
    switch (t) {
        XR_LIST_ENUM_XrObjectType(MX_OT_CASE) default : return false;
    }
#undef MX_OT_CASE
}

/* The instance a live object belongs to. */
static struct mx_instance *instance_of(enum mx_handle_kind kind, void *obj)
{
    switch (kind) {
    case MX_HANDLE_INSTANCE: return obj;
    case MX_HANDLE_SESSION: return ((struct mx_session *)obj)->instance;
    case MX_HANDLE_SPACE: return ((struct mx_space *)obj)->session->instance;
    case MX_HANDLE_SWAPCHAIN: return ((struct mx_swapchain *)obj)->session->instance;
    case MX_HANDLE_ACTION_SET: return ((struct mx_action_set *)obj)->instance;
    case MX_HANDLE_ACTION: return ((struct mx_action *)obj)->set->instance;
    case MX_HANDLE_DEBUG_MESSENGER: return ((struct mx_debug_messenger *)obj)->instance;
    case MX_HANDLE_HAND_TRACKER: return ((struct mx_hand_tracker *)obj)->session->instance;
    default: return NULL;
    }
}

/* ---- object names --------------------------------------------------------------------------------- */

static const char *name_of(const struct mx_instance *i, XrObjectType type, uint64_t handle)
{
    const struct mx_debug_instance *d = i->debug;
    for (size_t k = 0; d && k < d->count; k++) {
        if (d->names[k].handle == handle && d->names[k].type == type)
            return d->names[k].name;
    }
    return NULL;
}

static void drop_name(struct mx_debug_instance *d, size_t k)
{
    free(d->names[k].name);
    d->names[k] = d->names[--d->count];
}

static XrResult store_name(struct mx_instance *i, XrObjectType type, uint64_t handle, const char *name)
{
    struct mx_debug_instance *d = i->debug;
    if (!d && !(d = i->debug = calloc(1, sizeof(*d))))
        return XR_ERROR_OUT_OF_MEMORY;
    for (size_t k = 0; k < d->count; k++) {
        if (d->names[k].handle == handle && d->names[k].type == type) {
            drop_name(d, k);
            break;
        }
    }
    if (!name || !name[0])
        return XR_SUCCESS; /* an empty name removes the previous one */
    if (d->count == d->capacity) {
        size_t cap = d->capacity ? d->capacity * 2 : 16;
        struct mx_debug_name *grown = realloc(d->names, cap * sizeof(*grown));
        if (!grown)
            return XR_ERROR_OUT_OF_MEMORY;
        d->names = grown;
        d->capacity = cap;
    }
    char *copy = strdup(name);
    if (!copy)
        return XR_ERROR_OUT_OF_MEMORY;
    d->names[d->count++] = (struct mx_debug_name){type, handle, copy};
    return XR_SUCCESS;
}

void mx_debug_forget(uint64_t handle)
{
    for (struct mx_instance *i = mx_runtime_instances(); i; i = i->next) {
        struct mx_debug_instance *d = i->debug;
        for (size_t k = 0; d && k < d->count; k++) {
            if (d->names[k].handle == handle) {
                drop_name(d, k);
                break;
            }
        }
    }
}

/* ---- callback data: objects named, session labels most recent first ---------------------------- */

struct mx_filled {
    XrDebugUtilsMessengerCallbackDataEXT data;
    XrDebugUtilsObjectNameInfoEXT *objects;
    XrDebugUtilsLabelEXT *labels;
};

static size_t label_count(const struct mx_session *s)
{
    const struct mx_debug_labels *l = s ? s->debug : NULL;
    return l ? l->region_count + (l->inserted ? 1 : 0) : 0;
}

static size_t add_labels(const struct mx_session *s, XrDebugUtilsLabelEXT *out)
{
    const struct mx_debug_labels *l = s ? s->debug : NULL;
    size_t n = 0;
    if (l && l->inserted)
        out[n++] = (XrDebugUtilsLabelEXT){.type = XR_TYPE_DEBUG_UTILS_LABEL_EXT, .labelName = l->inserted};
    for (size_t k = l ? l->region_count : 0; k-- > 0;)
        out[n++] = (XrDebugUtilsLabelEXT){.type = XR_TYPE_DEBUG_UTILS_LABEL_EXT, .labelName = l->regions[k]};
    return n;
}

/* The live session an object entry names, or NULL. */
static const struct mx_session *session_named(const XrDebugUtilsObjectNameInfoEXT *o)
{
    return o->objectType == XR_OBJECT_TYPE_SESSION ? mx_handle_object(o->objectHandle, MX_HANDLE_SESSION) : NULL;
}

/* Copies `in` with every object's name taken from the instance's table (when it has one there) and the
 * labels of every session among the objects before the labels the caller gave. */
static XrResult fill(const struct mx_instance *i, const XrDebugUtilsMessengerCallbackDataEXT *in,
                     struct mx_filled *out)
{
    out->data = *in;
    out->objects = NULL;
    out->labels = NULL;
    size_t labels = in->sessionLabelCount;
    for (uint32_t k = 0; k < in->objectCount; k++)
        labels += label_count(session_named(&in->objects[k]));
    if (in->objectCount && !(out->objects = malloc(in->objectCount * sizeof(*out->objects))))
        return XR_ERROR_OUT_OF_MEMORY;
    if (labels && !(out->labels = malloc(labels * sizeof(*out->labels)))) {
        free(out->objects);
        return XR_ERROR_OUT_OF_MEMORY;
    }
    size_t n = 0;
    for (uint32_t k = 0; k < in->objectCount; k++) {
        out->objects[k] = in->objects[k];
        const char *name = i ? name_of(i, in->objects[k].objectType, in->objects[k].objectHandle) : NULL;
        if (name)
            out->objects[k].objectName = name;
        if (out->labels) /* NULL when there are none: no arithmetic on it */
            n += add_labels(session_named(&in->objects[k]), out->labels + n);
    }
    for (uint32_t k = 0; k < in->sessionLabelCount; k++)
        out->labels[n++] = in->sessionLabels[k];
    out->data.objects = out->objects;
    out->data.sessionLabels = out->labels;
    out->data.sessionLabelCount = (uint32_t)n;
    return XR_SUCCESS;
}

static bool wants(const struct mx_debug_messenger *m, XrDebugUtilsMessageSeverityFlagsEXT severity,
                  XrDebugUtilsMessageTypeFlagsEXT types)
{
    return (m->severities & severity) && (m->types & types);
}

/* The loader registers a messenger chained to XrInstanceCreateInfo with the runtime once more after
 * creation: the same callback and user data must hear each message once. */
static bool seen_before(const struct mx_instance *i, const struct mx_debug_messenger *m,
                        XrDebugUtilsMessageSeverityFlagsEXT severity, XrDebugUtilsMessageTypeFlagsEXT types)
{
    for (const struct mx_debug_messenger *o = i->messengers; o != m; o = o->next) {
        if (wants(o, severity, types) && o->callback == m->callback && o->user_data == m->user_data)
            return true;
    }
    return false;
}

/* Calls the instance's messengers that want the message; a messenger's callback may destroy nothing
 * (spec), so the list stays valid while walking it. */
static XrResult deliver(struct mx_instance *i, XrDebugUtilsMessageSeverityFlagsEXT severity,
                        XrDebugUtilsMessageTypeFlagsEXT types, const XrDebugUtilsMessengerCallbackDataEXT *data)
{
    struct mx_filled f;
    XrResult r = fill(i, data, &f);
    for (struct mx_debug_messenger *m = r == XR_SUCCESS ? i->messengers : NULL; m; m = m->next) {
        if (wants(m, severity, types) && !seen_before(i, m, severity, types))
            m->callback(severity, types, &f.data, m->user_data);
    }
    if (r == XR_SUCCESS) {
        free(f.objects);
        free(f.labels);
    }
    return r;
}

/* The instance of the first object of the call in progress (NULL when it named none). */
static struct mx_instance *context_instance(const struct mx_call_object *ctx, uint32_t n)
{
    for (uint32_t k = 0; k < n; k++) {
        void *obj = mx_handle_object(ctx[k].handle, ctx[k].kind);
        struct mx_instance *i = obj ? instance_of(ctx[k].kind, obj) : NULL;
        if (i)
            return i;
    }
    return NULL;
}

void mx_debug_emit(XrDebugUtilsMessageSeverityFlagsEXT severity, const char *func, const char *message)
{
    const struct mx_call_object *ctx;
    uint32_t n = mx_call_context(&ctx);
    XrDebugUtilsObjectNameInfoEXT objects[MX_CALL_CONTEXT_MAX];
    uint32_t count = 0;
    for (uint32_t k = 0; k < n; k++) {
        if (mx_handle_object(ctx[k].handle, ctx[k].kind))
            objects[count++] = (XrDebugUtilsObjectNameInfoEXT){.type = XR_TYPE_DEBUG_UTILS_OBJECT_NAME_INFO_EXT,
                                                                .objectType = object_type_of(ctx[k].kind),
                                                                .objectHandle = ctx[k].handle};
    }
    XrDebugUtilsMessengerCallbackDataEXT data = {
        .type = XR_TYPE_DEBUG_UTILS_MESSENGER_CALLBACK_DATA_EXT,
        .messageId = "mockxr",
        .functionName = func,
        .message = message,
        .objectCount = count,
        .objects = count ? objects : NULL,
    };
    struct mx_instance *owner = context_instance(ctx, n);
    for (struct mx_instance *i = mx_runtime_instances(); i; i = i->next) {
        if (!owner || i == owner)
            deliver(i, severity, XR_DEBUG_UTILS_MESSAGE_TYPE_VALIDATION_BIT_EXT, &data);
    }
}

/* ---- messengers ----------------------------------------------------------------------------------- */

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

void mx_debug_instance_release(struct mx_instance *i)
{
    while (i->messengers) {
        struct mx_debug_messenger *m = i->messengers;
        i->messengers = m->next;
        mx_handle_unregister(m->handle);
        free(m);
    }
    struct mx_debug_instance *d = i->debug;
    for (size_t k = 0; d && k < d->count; k++)
        free(d->names[k].name);
    if (d)
        free(d->names);
    free(d);
    i->debug = NULL;
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

static XrResult check_submit(XrDebugUtilsMessageSeverityFlagsEXT severity, XrDebugUtilsMessageTypeFlagsEXT types,
                             const XrDebugUtilsMessengerCallbackDataEXT *data, const char *func)
{
    XrResult r = mx_check_struct(data, XR_TYPE_DEBUG_UTILS_MESSENGER_CALLBACK_DATA_EXT, func, "callbackData");
    if (r != XR_SUCCESS)
        return r;
    if (severity == 0 || (severity & (severity - 1)) || (severity & ~(XrDebugUtilsMessageSeverityFlagsEXT)MX_SEVERITY_BITS))
        return mx_diag(XR_ERROR_VALIDATION_FAILURE, func, "messageSeverity 0x%llx is not a single severity bit",
                       (unsigned long long)severity);
    if (types == 0 || (types & ~(XrDebugUtilsMessageTypeFlagsEXT)MX_TYPE_BITS))
        return mx_diag(XR_ERROR_VALIDATION_FAILURE, func, "messageTypes 0x%llx is 0 or has undefined bits",
                       (unsigned long long)types);
    if ((data->objectCount && !data->objects) || (data->sessionLabelCount && !data->sessionLabels))
        return mx_diag(XR_ERROR_VALIDATION_FAILURE, func, "callbackData has a count > 0 with a NULL array");
    for (uint32_t k = 0; k < data->objectCount; k++) {
        r = mx_check_struct(&data->objects[k], XR_TYPE_DEBUG_UTILS_OBJECT_NAME_INFO_EXT, func, "objects[i]");
        if (r == XR_SUCCESS && data->objects[k].objectType == XR_OBJECT_TYPE_UNKNOWN)
            r = mx_diag(XR_ERROR_VALIDATION_FAILURE, func, "objects[%u].objectType is XR_OBJECT_TYPE_UNKNOWN", k);
        if (r != XR_SUCCESS)
            return r;
    }
    return XR_SUCCESS;
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
        r = check_submit(severity, types, data, func);
    if (r == XR_SUCCESS)
        r = deliver(i, severity, types, data);
    mx_unlock();
    return r;
}

/* objectHandle must be a live handle of objectType that belongs to `i`. */
static XrResult check_named_object(struct mx_instance *i, const XrDebugUtilsObjectNameInfoEXT *info, const char *func)
{
    if (!is_object_type(info->objectType) || info->objectType == XR_OBJECT_TYPE_UNKNOWN)
        return mx_diag(XR_ERROR_VALIDATION_FAILURE, func, "nameInfo->objectType %d is %s", (int)info->objectType,
                       info->objectType == XR_OBJECT_TYPE_UNKNOWN ? "XR_OBJECT_TYPE_UNKNOWN" : "not an XrObjectType");
    if (info->objectHandle == 0)
        return mx_diag(XR_ERROR_VALIDATION_FAILURE, func, "nameInfo->objectHandle is XR_NULL_HANDLE");
    enum mx_handle_kind kind = kind_of(info->objectType);
    void *obj = kind ? mx_handle_object(info->objectHandle, kind) : NULL;
    if (!obj || instance_of(kind, obj) != i)
        return mx_diag(XR_ERROR_HANDLE_INVALID, func, "nameInfo->objectHandle 0x%llx is not a live handle of object "
                       "type %d of this instance", (unsigned long long)info->objectHandle, (int)info->objectType);
    return XR_SUCCESS;
}

static XrResult XRAPI_CALL set_object_name(XrInstance instance, const XrDebugUtilsObjectNameInfoEXT *nameInfo)
{
    static const char *func = "xrSetDebugUtilsObjectNameEXT";
    mx_lock();
    struct mx_instance *i;
    XrResult r = mx_instance_get(instance, func, &i);
    if (r == XR_SUCCESS)
        r = mx_check_struct(nameInfo, XR_TYPE_DEBUG_UTILS_OBJECT_NAME_INFO_EXT, func, "nameInfo");
    if (r == XR_SUCCESS)
        r = check_named_object(i, nameInfo, func);
    if (r == XR_SUCCESS)
        r = store_name(i, nameInfo->objectType, nameInfo->objectHandle, nameInfo->objectName);
    mx_unlock();
    return r;
}

/* ---- session labels ------------------------------------------------------------------------------- */

void mx_debug_session_release(struct mx_session *s)
{
    struct mx_debug_labels *l = s->debug;
    if (!l)
        return;
    for (size_t k = 0; k < l->region_count; k++)
        free(l->regions[k]);
    free(l->regions);
    free(l->inserted);
    free(l);
    s->debug = NULL;
}

enum mx_label_op { MX_LABEL_BEGIN, MX_LABEL_END, MX_LABEL_INSERT };

static XrResult apply_label(struct mx_session *s, enum mx_label_op op, const char *name)
{
    struct mx_debug_labels *l = s->debug;
    if (!l && !(l = s->debug = calloc(1, sizeof(*l))))
        return XR_ERROR_OUT_OF_MEMORY;
    char *copy = NULL;
    if (op != MX_LABEL_END && !(copy = strdup(name)))
        return XR_ERROR_OUT_OF_MEMORY;
    if (op == MX_LABEL_BEGIN && l->region_count == l->region_capacity) {
        size_t cap = l->region_capacity ? l->region_capacity * 2 : 8;
        char **grown = realloc(l->regions, cap * sizeof(*grown));
        if (!grown) {
            free(copy);
            return XR_ERROR_OUT_OF_MEMORY;
        }
        l->regions = grown;
        l->region_capacity = cap;
    }
    free(l->inserted); /* every label call replaces the inserted label */
    l->inserted = NULL;
    if (op == MX_LABEL_BEGIN)
        l->regions[l->region_count++] = copy;
    else if (op == MX_LABEL_INSERT)
        l->inserted = copy;
    else if (l->region_count > 0) /* ending with no region open succeeds, as the loader does */
        free(l->regions[--l->region_count]);
    return XR_SUCCESS;
}

static XrResult session_label(XrSession session, const XrDebugUtilsLabelEXT *label, enum mx_label_op op,
                              const char *func)
{
    mx_lock();
    struct mx_session *s;
    XrResult r = mx_session_get(session, func, &s);
    if (r == XR_SUCCESS && op != MX_LABEL_END)
        r = mx_check_struct(label, XR_TYPE_DEBUG_UTILS_LABEL_EXT, func, "labelInfo");
    if (r == XR_SUCCESS && op != MX_LABEL_END && !label->labelName)
        r = mx_diag(XR_ERROR_VALIDATION_FAILURE, func, "labelInfo->labelName is NULL");
    if (r == XR_SUCCESS)
        r = apply_label(s, op, op == MX_LABEL_END ? NULL : label->labelName);
    mx_unlock();
    return r;
}

static XrResult XRAPI_CALL begin_label(XrSession session, const XrDebugUtilsLabelEXT *labelInfo)
{
    return session_label(session, labelInfo, MX_LABEL_BEGIN, "xrSessionBeginDebugUtilsLabelRegionEXT");
}

static XrResult XRAPI_CALL end_label(XrSession session)
{
    return session_label(session, NULL, MX_LABEL_END, "xrSessionEndDebugUtilsLabelRegionEXT");
}

static XrResult XRAPI_CALL insert_label(XrSession session, const XrDebugUtilsLabelEXT *labelInfo)
{
    return session_label(session, labelInfo, MX_LABEL_INSERT, "xrSessionInsertDebugUtilsLabelEXT");
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
