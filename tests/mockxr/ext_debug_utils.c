/* XR_EXT_debug_utils through the real loader: session labels (regions and the inserted label, most recent
 * first), object names replacing objectName, and both filled into xrSubmitDebugUtilsMessageEXT callbacks
 * and into mockxr's own diagnostics (the CTS test_XR_EXT_debug_utils sequence, plus ours). */
#include "mx_test.h"

#include <dlfcn.h>
#include <mockxr/mockxr.h>

#define MAX_MESSAGES 1024
#define MAX_ITEMS 8

/* A copy of one callback's data (the strings die when the callback returns). */
struct message {
    XrDebugUtilsMessageSeverityFlagsEXT severity;
    char id[64], function[64], text[1280];
    uint32_t object_count, label_count;
    XrObjectType object_types[MAX_ITEMS];
    uint64_t object_handles[MAX_ITEMS];
    char object_names[MAX_ITEMS][64]; /* "(null)" for a NULL name */
    char labels[MAX_ITEMS][64];
};

struct inbox {
    struct message msgs[MAX_MESSAGES];
    int count;
};

static void copy_text(char *dst, size_t cap, const char *src)
{
    snprintf(dst, cap, "%s", src ? src : "(null)");
}

static XrBool32 XRAPI_CALL collect(XrDebugUtilsMessageSeverityFlagsEXT severity, XrDebugUtilsMessageTypeFlagsEXT types,
                                   const XrDebugUtilsMessengerCallbackDataEXT *data, void *user)
{
    struct inbox *in = user;
    (void)types;
    if (in->count == MAX_MESSAGES)
        return XR_FALSE;
    struct message *m = &in->msgs[in->count++];
    memset(m, 0, sizeof(*m));
    m->severity = severity;
    copy_text(m->id, sizeof(m->id), data->messageId);
    copy_text(m->function, sizeof(m->function), data->functionName);
    copy_text(m->text, sizeof(m->text), data->message);
    m->object_count = data->objectCount;
    m->label_count = data->sessionLabelCount;
    for (uint32_t k = 0; k < data->objectCount && k < MAX_ITEMS; k++) {
        m->object_types[k] = data->objects[k].objectType;
        m->object_handles[k] = data->objects[k].objectHandle;
        copy_text(m->object_names[k], sizeof(m->object_names[k]), data->objects[k].objectName);
    }
    for (uint32_t k = 0; k < data->sessionLabelCount && k < MAX_ITEMS; k++)
        copy_text(m->labels[k], sizeof(m->labels[k]), data->sessionLabels[k].labelName);
    return XR_FALSE;
}

/* The last message with this id (NULL when none). */
static const struct message *find(const struct inbox *in, const char *id)
{
    for (int k = in->count - 1; k >= 0; k--) {
        if (strcmp(in->msgs[k].id, id) == 0)
            return &in->msgs[k];
    }
    return NULL;
}

struct debug_fns {
    PFN_xrCreateDebugUtilsMessengerEXT create;
    PFN_xrDestroyDebugUtilsMessengerEXT destroy;
    PFN_xrSubmitDebugUtilsMessageEXT submit;
    PFN_xrSetDebugUtilsObjectNameEXT set_name;
    PFN_xrSessionBeginDebugUtilsLabelRegionEXT begin;
    PFN_xrSessionEndDebugUtilsLabelRegionEXT end;
    PFN_xrSessionInsertDebugUtilsLabelEXT insert;
};

static void load_fns(struct mx_test *t, XrInstance inst, struct debug_fns *f)
{
    MX_REQUIRE_RESULT(t, xrGetInstanceProcAddr(inst, "xrCreateDebugUtilsMessengerEXT", (PFN_xrVoidFunction *)&f->create), XR_SUCCESS);
    MX_REQUIRE_RESULT(t, xrGetInstanceProcAddr(inst, "xrDestroyDebugUtilsMessengerEXT", (PFN_xrVoidFunction *)&f->destroy), XR_SUCCESS);
    MX_REQUIRE_RESULT(t, xrGetInstanceProcAddr(inst, "xrSubmitDebugUtilsMessageEXT", (PFN_xrVoidFunction *)&f->submit), XR_SUCCESS);
    MX_REQUIRE_RESULT(t, xrGetInstanceProcAddr(inst, "xrSetDebugUtilsObjectNameEXT", (PFN_xrVoidFunction *)&f->set_name), XR_SUCCESS);
    MX_REQUIRE_RESULT(t, xrGetInstanceProcAddr(inst, "xrSessionBeginDebugUtilsLabelRegionEXT", (PFN_xrVoidFunction *)&f->begin), XR_SUCCESS);
    MX_REQUIRE_RESULT(t, xrGetInstanceProcAddr(inst, "xrSessionEndDebugUtilsLabelRegionEXT", (PFN_xrVoidFunction *)&f->end), XR_SUCCESS);
    MX_REQUIRE_RESULT(t, xrGetInstanceProcAddr(inst, "xrSessionInsertDebugUtilsLabelEXT", (PFN_xrVoidFunction *)&f->insert), XR_SUCCESS);
}

static XrDebugUtilsMessengerEXT listen(struct mx_test *t, const struct debug_fns *f, XrInstance inst, struct inbox *in)
{
    XrDebugUtilsMessengerCreateInfoEXT ci = {
        .type = XR_TYPE_DEBUG_UTILS_MESSENGER_CREATE_INFO_EXT,
        .messageSeverities = XR_DEBUG_UTILS_MESSAGE_SEVERITY_VERBOSE_BIT_EXT | XR_DEBUG_UTILS_MESSAGE_SEVERITY_INFO_BIT_EXT |
                             XR_DEBUG_UTILS_MESSAGE_SEVERITY_WARNING_BIT_EXT | XR_DEBUG_UTILS_MESSAGE_SEVERITY_ERROR_BIT_EXT,
        .messageTypes = XR_DEBUG_UTILS_MESSAGE_TYPE_GENERAL_BIT_EXT | XR_DEBUG_UTILS_MESSAGE_TYPE_VALIDATION_BIT_EXT |
                        XR_DEBUG_UTILS_MESSAGE_TYPE_PERFORMANCE_BIT_EXT,
        .userCallback = collect,
        .userData = in};
    XrDebugUtilsMessengerEXT m = XR_NULL_HANDLE;
    MX_REQUIRE_RESULT(t, f->create(inst, &ci, &m), XR_SUCCESS);
    return m;
}

/* Submits a message naming the instance and the session; returns what the messenger received. */
static const struct message *submit(struct mx_test *t, const struct debug_fns *f, struct mx_test_app *app,
                                    const struct inbox *in, const char *id)
{
    XrDebugUtilsObjectNameInfoEXT objects[2] = {
        {.type = XR_TYPE_DEBUG_UTILS_OBJECT_NAME_INFO_EXT, .objectType = XR_OBJECT_TYPE_INSTANCE,
         .objectHandle = (uint64_t)(uintptr_t)app->instance},
        {.type = XR_TYPE_DEBUG_UTILS_OBJECT_NAME_INFO_EXT, .objectType = XR_OBJECT_TYPE_SESSION,
         .objectHandle = (uint64_t)(uintptr_t)app->session}};
    XrDebugUtilsMessengerCallbackDataEXT data = {.type = XR_TYPE_DEBUG_UTILS_MESSENGER_CALLBACK_DATA_EXT,
                                                 .messageId = id, .functionName = "test", .message = id,
                                                 .objectCount = 2, .objects = objects};
    MX_CHECK_RESULT(t, f->submit(app->instance, XR_DEBUG_UTILS_MESSAGE_SEVERITY_VERBOSE_BIT_EXT,
                                 XR_DEBUG_UTILS_MESSAGE_TYPE_PERFORMANCE_BIT_EXT, &data), XR_SUCCESS);
    const struct message *m = find(in, id);
    MX_CHECK(t, m != NULL);
    return m;
}

static bool labels_are(const struct message *m, int n, const char *const *want)
{
    if (!m || m->label_count != (uint32_t)n)
        return false;
    for (int k = 0; k < n; k++) {
        if (strcmp(m->labels[k], want[k]) != 0)
            return false;
    }
    return true;
}

static void label(struct mx_test *t, PFN_xrSessionInsertDebugUtilsLabelEXT fn, XrSession s, const char *name)
{
    XrDebugUtilsLabelEXT l = {.type = XR_TYPE_DEBUG_UTILS_LABEL_EXT, .labelName = name};
    MX_CHECK_RESULT(t, fn(s, &l), XR_SUCCESS);
}

/* The CTS sequence (test_XR_EXT_debug_utils.cpp, "Test object names"): an inserted label lasts until the
 * next label call, regions nest, most recent first. */
static void test_labels(struct mx_test *t, const struct debug_fns *f, struct mx_test_app *app, const struct inbox *in)
{
    label(t, f->insert, app->session, "First individual");
    MX_CHECK(t, labels_are(submit(t, f, app, in, "a"), 1, (const char *[]){"First individual"}));
    label(t, f->begin, app->session, "First region");
    MX_CHECK(t, labels_are(submit(t, f, app, in, "b"), 1, (const char *[]){"First region"}));
    label(t, f->insert, app->session, "Second individual");
    MX_CHECK(t, labels_are(submit(t, f, app, in, "c"), 2, (const char *[]){"Second individual", "First region"}));
    label(t, f->insert, app->session, "Third individual");
    MX_CHECK(t, labels_are(submit(t, f, app, in, "d"), 2, (const char *[]){"Third individual", "First region"}));
    label(t, f->begin, app->session, "Second region");
    MX_CHECK(t, labels_are(submit(t, f, app, in, "e"), 2, (const char *[]){"Second region", "First region"}));
    MX_CHECK_RESULT(t, f->end(app->session), XR_SUCCESS);
    MX_CHECK(t, labels_are(submit(t, f, app, in, "f"), 1, (const char *[]){"First region"}));
    label(t, f->insert, app->session, "Fourth individual");
    MX_CHECK_RESULT(t, f->end(app->session), XR_SUCCESS); /* ending clears the inserted label too */
    MX_CHECK(t, labels_are(submit(t, f, app, in, "g"), 0, NULL));
    MX_CHECK_RESULT(t, f->end(app->session), XR_SUCCESS); /* no region open: allowed, as the loader does */
    if (t->clean)
        return;
    XrDebugUtilsLabelEXT l = {.type = XR_TYPE_DEBUG_UTILS_LABEL_EXT, .labelName = "x"};
    MX_CHECK_RESULT(t, f->begin(XR_NULL_HANDLE, &l), XR_ERROR_HANDLE_INVALID);
    MX_CHECK_RESULT(t, f->end(XR_NULL_HANDLE), XR_ERROR_HANDLE_INVALID);
    MX_CHECK_RESULT(t, f->insert(XR_NULL_HANDLE, &l), XR_ERROR_HANDLE_INVALID);
    MX_CHECK_RESULT(t, f->begin(app->session, NULL), XR_ERROR_VALIDATION_FAILURE);
    MX_CHECK_RESULT(t, f->insert(app->session, NULL), XR_ERROR_VALIDATION_FAILURE);
}

static XrResult set_name(const struct debug_fns *f, XrInstance inst, XrObjectType type, uint64_t handle,
                         const char *name)
{
    XrDebugUtilsObjectNameInfoEXT info = {.type = XR_TYPE_DEBUG_UTILS_OBJECT_NAME_INFO_EXT, .objectType = type,
                                          .objectHandle = handle, .objectName = name};
    return f->set_name(inst, &info);
}

/* Names replace objectName in later messages; a name the caller gave stays when the object has none;
 * an empty (or NULL) name removes it; a destroyed object's name is forgotten. */
static void test_names(struct mx_test *t, const struct debug_fns *f, struct mx_test_app *app, const struct inbox *in)
{
    uint64_t inst = (uint64_t)(uintptr_t)app->instance, sess = (uint64_t)(uintptr_t)app->session;
    MX_CHECK_RESULT(t, set_name(f, app->instance, XR_OBJECT_TYPE_INSTANCE, inst, "My Instance"), XR_SUCCESS);
    XrDebugUtilsObjectNameInfoEXT objects[2] = {
        {.type = XR_TYPE_DEBUG_UTILS_OBJECT_NAME_INFO_EXT, .objectType = XR_OBJECT_TYPE_INSTANCE, .objectHandle = inst,
         .objectName = "Not my instance"},
        {.type = XR_TYPE_DEBUG_UTILS_OBJECT_NAME_INFO_EXT, .objectType = XR_OBJECT_TYPE_SESSION, .objectHandle = sess,
         .objectName = "Caller's session name"}};
    XrDebugUtilsMessengerCallbackDataEXT data = {.type = XR_TYPE_DEBUG_UTILS_MESSENGER_CALLBACK_DATA_EXT,
                                                 .messageId = "names", .functionName = "test", .message = "names",
                                                 .objectCount = 2, .objects = objects};
    MX_CHECK_RESULT(t, f->submit(app->instance, XR_DEBUG_UTILS_MESSAGE_SEVERITY_VERBOSE_BIT_EXT,
                                 XR_DEBUG_UTILS_MESSAGE_TYPE_GENERAL_BIT_EXT, &data), XR_SUCCESS);
    const struct message *m = find(in, "names");
    MX_CHECK(t, m && m->object_count == 2 && strcmp(m->object_names[0], "My Instance") == 0 &&
                    strcmp(m->object_names[1], "Caller's session name") == 0);
    MX_CHECK_RESULT(t, set_name(f, app->instance, XR_OBJECT_TYPE_SESSION, sess, "My Session"), XR_SUCCESS);
    MX_CHECK_RESULT(t, set_name(f, app->instance, XR_OBJECT_TYPE_SESSION, sess, "My Session, renamed"), XR_SUCCESS);
    data.messageId = "renamed";
    MX_CHECK_RESULT(t, f->submit(app->instance, XR_DEBUG_UTILS_MESSAGE_SEVERITY_VERBOSE_BIT_EXT,
                                 XR_DEBUG_UTILS_MESSAGE_TYPE_GENERAL_BIT_EXT, &data), XR_SUCCESS);
    m = find(in, "renamed");
    MX_CHECK(t, m && strcmp(m->object_names[1], "My Session, renamed") == 0);
    MX_CHECK_RESULT(t, set_name(f, app->instance, XR_OBJECT_TYPE_INSTANCE, inst, ""), XR_SUCCESS);
    MX_CHECK_RESULT(t, set_name(f, app->instance, XR_OBJECT_TYPE_SESSION, sess, ""), XR_SUCCESS);
    objects[0].objectName = NULL;
    data.messageId = "removed";
    MX_CHECK_RESULT(t, f->submit(app->instance, XR_DEBUG_UTILS_MESSAGE_SEVERITY_VERBOSE_BIT_EXT,
                                 XR_DEBUG_UTILS_MESSAGE_TYPE_GENERAL_BIT_EXT, &data), XR_SUCCESS);
    m = find(in, "removed");
    MX_CHECK(t, m && strcmp(m->object_names[0], "(null)") == 0 &&
                    strcmp(m->object_names[1], "Caller's session name") == 0);
}

/* Every object type mockxr has can be named, and only live objects of this instance of that type. */
static void test_name_rules(struct mx_test *t, const struct debug_fns *f, struct mx_test_app *app,
                            XrDebugUtilsMessengerEXT messenger)
{
    XrReferenceSpaceCreateInfo rs = {.type = XR_TYPE_REFERENCE_SPACE_CREATE_INFO,
                                     .referenceSpaceType = XR_REFERENCE_SPACE_TYPE_LOCAL,
                                     .poseInReferenceSpace = {.orientation = {0, 0, 0, 1}}};
    XrSpace space;
    MX_REQUIRE_RESULT(t, xrCreateReferenceSpace(app->session, &rs, &space), XR_SUCCESS);
    XrActionSetCreateInfo asci = {.type = XR_TYPE_ACTION_SET_CREATE_INFO};
    strcpy(asci.actionSetName, "named");
    strcpy(asci.localizedActionSetName, "Named");
    XrActionSet set;
    MX_REQUIRE_RESULT(t, xrCreateActionSet(app->instance, &asci, &set), XR_SUCCESS);
    XrActionCreateInfo aci = {.type = XR_TYPE_ACTION_CREATE_INFO, .actionType = XR_ACTION_TYPE_BOOLEAN_INPUT};
    strcpy(aci.actionName, "named");
    strcpy(aci.localizedActionName, "Named");
    XrAction action;
    MX_REQUIRE_RESULT(t, xrCreateAction(set, &aci, &action), XR_SUCCESS);
    MX_CHECK_RESULT(t, set_name(f, app->instance, XR_OBJECT_TYPE_SPACE, (uint64_t)(uintptr_t)space, "s"), XR_SUCCESS);
    MX_CHECK_RESULT(t, set_name(f, app->instance, XR_OBJECT_TYPE_ACTION_SET, (uint64_t)(uintptr_t)set, "a"), XR_SUCCESS);
    MX_CHECK_RESULT(t, set_name(f, app->instance, XR_OBJECT_TYPE_ACTION, (uint64_t)(uintptr_t)action, "b"), XR_SUCCESS);
    MX_CHECK_RESULT(t, set_name(f, app->instance, XR_OBJECT_TYPE_DEBUG_UTILS_MESSENGER_EXT,
                                (uint64_t)(uintptr_t)messenger, "m"), XR_SUCCESS);
    if (!t->clean) {
        MX_CHECK_RESULT(t, set_name(f, app->instance, XR_OBJECT_TYPE_UNKNOWN, (uint64_t)(uintptr_t)space, "x"),
                        XR_ERROR_VALIDATION_FAILURE);
        MX_CHECK_RESULT(t, set_name(f, app->instance, XR_OBJECT_TYPE_SPACE, 0, "x"), XR_ERROR_VALIDATION_FAILURE);
        /* a space handle named as a session; a handle of no object */
        MX_CHECK_RESULT(t, set_name(f, app->instance, XR_OBJECT_TYPE_SESSION, (uint64_t)(uintptr_t)space, "x"),
                        XR_ERROR_HANDLE_INVALID);
        MX_CHECK_RESULT(t, set_name(f, app->instance, XR_OBJECT_TYPE_SPACE, 0x1234, "x"), XR_ERROR_HANDLE_INVALID);
    }
    MX_CHECK_RESULT(t, xrDestroySpace(space), XR_SUCCESS);
    if (!t->clean) /* destroyed: no longer a live handle */
        MX_CHECK_RESULT(t, set_name(f, app->instance, XR_OBJECT_TYPE_SPACE, (uint64_t)(uintptr_t)space, "s"),
                        XR_ERROR_HANDLE_INVALID);
    MX_CHECK_RESULT(t, xrDestroyActionSet(set), XR_SUCCESS);
}

/* mockxr's own diagnostics carry the failing call's objects, named, and the session's labels. */
static void test_diagnostics(struct mx_test *t, const struct debug_fns *f, struct mx_test_app *app, struct inbox *in)
{
    MX_CHECK_RESULT(t, set_name(f, app->instance, XR_OBJECT_TYPE_SESSION, (uint64_t)(uintptr_t)app->session,
                                "Main session"), XR_SUCCESS);
    label(t, f->begin, app->session, "Frame loop");
    label(t, f->insert, app->session, "Ending early");
    const struct message *before = find(in, "mockxr");
    MX_CHECK_RESULT(t, xrEndSession(app->session), XR_ERROR_SESSION_NOT_STOPPING);
    const struct message *m = find(in, "mockxr");
    MX_REQUIRE_RESULT(t, m && m != before ? XR_SUCCESS : XR_ERROR_RUNTIME_FAILURE, XR_SUCCESS);
    MX_CHECK(t, strcmp(m->id, "mockxr") == 0 && strcmp(m->function, "xrEndSession") == 0 &&
                    (m->severity & XR_DEBUG_UTILS_MESSAGE_SEVERITY_ERROR_BIT_EXT));
    MX_CHECK(t, strstr(m->text, "XR_ERROR_SESSION_NOT_STOPPING") != NULL);
    MX_CHECK(t, m->object_count == 1 && m->object_types[0] == XR_OBJECT_TYPE_SESSION &&
                    m->object_handles[0] == (uint64_t)(uintptr_t)app->session &&
                    strcmp(m->object_names[0], "Main session") == 0);
    MX_CHECK(t, labels_are(m, 2, (const char *[]){"Ending early", "Frame loop"}));
    MX_CHECK_RESULT(t, f->end(app->session), XR_SUCCESS);

    /* A call that names no object of this instance's: the message carries no objects. */
    XrPath p;
    MX_CHECK_RESULT(t, xrStringToPath(app->instance, "/bad//path", &p), XR_ERROR_PATH_FORMAT_INVALID);
    m = find(in, "mockxr");
    MX_CHECK(t, m && strcmp(m->function, "xrStringToPath") == 0 && m->object_count == 1 &&
                    m->object_types[0] == XR_OBJECT_TYPE_INSTANCE && m->label_count == 0);
}

/* Straight to libmockxr (no loader): two instances at once, and arguments the loader would stop. */
struct direct {
    void *lib;
    PFN_xrGetInstanceProcAddr gipa;
};

static bool direct_open(struct direct *d)
{
    d->lib = dlopen(MOCKXR_LIBRARY, RTLD_NOW | RTLD_LOCAL);
    void *sym = d->lib ? dlsym(d->lib, "xrNegotiateLoaderRuntimeInterface") : NULL;
    PFN_xrNegotiateLoaderRuntimeInterface negotiate = NULL;
    memcpy(&negotiate, &sym, sizeof(negotiate)); /* POSIX allows it; ISO C needs the copy */
    XrNegotiateLoaderInfo info = {.structType = XR_LOADER_INTERFACE_STRUCT_LOADER_INFO,
                                  .structVersion = XR_LOADER_INFO_STRUCT_VERSION,
                                  .structSize = sizeof(XrNegotiateLoaderInfo), .minInterfaceVersion = 1,
                                  .maxInterfaceVersion = 1, .minApiVersion = XR_MAKE_VERSION(1, 0, 0),
                                  .maxApiVersion = XR_MAKE_VERSION(1, 0, 0)};
    XrNegotiateRuntimeRequest req = {.structType = XR_LOADER_INTERFACE_STRUCT_RUNTIME_REQUEST,
                                     .structVersion = XR_RUNTIME_INFO_STRUCT_VERSION,
                                     .structSize = sizeof(XrNegotiateRuntimeRequest)};
    if (!negotiate || negotiate(&info, &req) != XR_SUCCESS) {
        fprintf(stderr, "cannot load %s directly: %s\n", MOCKXR_LIBRARY, d->lib ? "negotiation failed" : dlerror());
        return false;
    }
    d->gipa = req.getInstanceProcAddr;
    return true;
}

static PFN_xrVoidFunction direct_fn(const struct direct *d, XrInstance inst, const char *name)
{
    PFN_xrVoidFunction fn = NULL;
    if (d->gipa(inst, name, &fn) != XR_SUCCESS) {
        fprintf(stderr, "xrGetInstanceProcAddr(%s) failed\n", name);
        exit(1);
    }
    return fn;
}
#define DIRECT(d, inst, type, name) ((type)direct_fn((d), (inst), (name)))

static XrInstance direct_instance(struct mx_test *t, const struct direct *d, struct inbox *in)
{
    const char *names[] = {"XR_EXT_debug_utils", "XR_MND_headless"};
    XrInstanceCreateInfo ci = {.type = XR_TYPE_INSTANCE_CREATE_INFO, .enabledExtensionCount = 2,
                               .enabledExtensionNames = names};
    snprintf(ci.applicationInfo.applicationName, sizeof(ci.applicationInfo.applicationName), "direct");
    ci.applicationInfo.apiVersion = XR_MAKE_VERSION(1, 0, 0);
    XrInstance inst = XR_NULL_HANDLE;
    MX_REQUIRE_RESULT(t, DIRECT(d, XR_NULL_HANDLE, PFN_xrCreateInstance, "xrCreateInstance")(&ci, &inst), XR_SUCCESS);
    XrDebugUtilsMessengerCreateInfoEXT mci = {.type = XR_TYPE_DEBUG_UTILS_MESSENGER_CREATE_INFO_EXT,
                                              .messageSeverities = XR_DEBUG_UTILS_MESSAGE_SEVERITY_ERROR_BIT_EXT,
                                              .messageTypes = XR_DEBUG_UTILS_MESSAGE_TYPE_VALIDATION_BIT_EXT,
                                              .userCallback = collect, .userData = in};
    XrDebugUtilsMessengerEXT m;
    MX_REQUIRE_RESULT(t, DIRECT(d, inst, PFN_xrCreateDebugUtilsMessengerEXT, "xrCreateDebugUtilsMessengerEXT")(inst, &mci, &m),
                      XR_SUCCESS);
    return inst;
}

/* Diagnostics about one instance's objects reach that instance's messengers only; a NULL objectName
 * removes a name; a NULL labelName is refused. */
static void test_direct(struct mx_test *t)
{
    struct direct d;
    MX_REQUIRE_RESULT(t, direct_open(&d) ? XR_SUCCESS : XR_ERROR_RUNTIME_UNAVAILABLE, XR_SUCCESS);
    static struct inbox in_a, in_b;
    XrInstance a = direct_instance(t, &d, &in_a), b = direct_instance(t, &d, &in_b);
    PFN_xrStringToPath to_path = DIRECT(&d, a, PFN_xrStringToPath, "xrStringToPath");
    XrPath p;
    MX_CHECK_RESULT(t, to_path(b, "/bad//path", &p), XR_ERROR_PATH_FORMAT_INVALID);
    MX_CHECK(t, in_a.count == 0 && in_b.count == 1);
    MX_CHECK_RESULT(t, to_path(a, "/bad//path", &p), XR_ERROR_PATH_FORMAT_INVALID);
    MX_CHECK(t, in_a.count == 1 && in_b.count == 1);
    MX_CHECK(t, in_a.count == 1 && in_a.msgs[0].object_count == 1 &&
                    in_a.msgs[0].object_handles[0] == (uint64_t)(uintptr_t)a);

    PFN_xrSetDebugUtilsObjectNameEXT set = DIRECT(&d, a, PFN_xrSetDebugUtilsObjectNameEXT, "xrSetDebugUtilsObjectNameEXT");
    XrDebugUtilsObjectNameInfoEXT info = {.type = XR_TYPE_DEBUG_UTILS_OBJECT_NAME_INFO_EXT,
                                          .objectType = XR_OBJECT_TYPE_INSTANCE,
                                          .objectHandle = (uint64_t)(uintptr_t)a, .objectName = "A"};
    MX_CHECK_RESULT(t, set(a, &info), XR_SUCCESS);
    MX_CHECK_RESULT(t, to_path(a, "/bad//path", &p), XR_ERROR_PATH_FORMAT_INVALID);
    MX_CHECK(t, in_a.count == 2 && strcmp(in_a.msgs[1].object_names[0], "A") == 0);
    info.objectName = NULL;
    MX_CHECK_RESULT(t, set(a, &info), XR_SUCCESS);
    MX_CHECK_RESULT(t, to_path(a, "/bad//path", &p), XR_ERROR_PATH_FORMAT_INVALID);
    MX_CHECK(t, in_a.count == 3 && strcmp(in_a.msgs[2].object_names[0], "(null)") == 0);
    /* b's instance named through a: another instance's object */
    info.objectHandle = (uint64_t)(uintptr_t)b;
    info.objectName = "B";
    MX_CHECK_RESULT(t, set(a, &info), XR_ERROR_HANDLE_INVALID);

    XrSystemGetInfo gi = {.type = XR_TYPE_SYSTEM_GET_INFO, .formFactor = XR_FORM_FACTOR_HEAD_MOUNTED_DISPLAY};
    XrSystemId sys;
    MX_REQUIRE_RESULT(t, DIRECT(&d, a, PFN_xrGetSystem, "xrGetSystem")(a, &gi, &sys), XR_SUCCESS);
    XrSessionCreateInfo sci = {.type = XR_TYPE_SESSION_CREATE_INFO, .systemId = sys};
    XrSession s;
    MX_REQUIRE_RESULT(t, DIRECT(&d, a, PFN_xrCreateSession, "xrCreateSession")(a, &sci, &s), XR_SUCCESS);
    XrDebugUtilsLabelEXT l = {.type = XR_TYPE_DEBUG_UTILS_LABEL_EXT, .labelName = NULL};
    MX_CHECK_RESULT(t, DIRECT(&d, a, PFN_xrSessionInsertDebugUtilsLabelEXT, "xrSessionInsertDebugUtilsLabelEXT")(s, &l),
                    XR_ERROR_VALIDATION_FAILURE);
    PFN_xrDestroyInstance destroy = DIRECT(&d, a, PFN_xrDestroyInstance, "xrDestroyInstance");
    MX_CHECK_RESULT(t, destroy(a), XR_SUCCESS);
    MX_CHECK_RESULT(t, destroy(b), XR_SUCCESS);
    dlclose(d.lib);
}

int main(int argc, char **argv)
{
    struct mx_test t;
    mx_test_init(&t, argc, argv);
    mx_test_reset_env();
    static struct inbox in;
    struct mx_test_app app;
    const char *ext[] = {"XR_EXT_debug_utils", NULL};
    MX_REQUIRE_RESULT(&t, mx_test_app_start(&app, ext), XR_SUCCESS);
    struct debug_fns f;
    load_fns(&t, app.instance, &f);
    XrDebugUtilsMessengerEXT messenger = listen(&t, &f, app.instance, &in);
    test_labels(&t, &f, &app, &in);
    test_names(&t, &f, &app, &in);
    test_name_rules(&t, &f, &app, messenger);
    if (!t.clean) {
        test_diagnostics(&t, &f, &app, &in);
    }
    MX_CHECK_RESULT(&t, f.destroy(messenger), XR_SUCCESS);
    mx_test_app_stop(&app);
    if (!t.clean)
        test_direct(&t);
    return mx_test_finish(&t, "ext_debug_utils");
}
