/* mockxr conformance: libmockxr.so exports only the negotiation function and validates the loader's structs. */
#include "mx_test.h"

#include <dlfcn.h>
#include <mockxr/mockxr.h>

static XrResult negotiate(PFN_xrNegotiateLoaderRuntimeInterface fn, XrNegotiateLoaderInfo info,
                          XrNegotiateRuntimeRequest req, XrNegotiateRuntimeRequest *out)
{
    XrResult r = fn(&info, &req);
    if (out)
        *out = req;
    return r;
}

int main(int argc, char **argv)
{
    struct mx_test t;
    mx_test_init(&t, argc, argv);
    void *lib = dlopen(MOCKXR_LIBRARY, RTLD_NOW | RTLD_LOCAL);
    if (!lib) {
        fprintf(stderr, "dlopen %s: %s\n", MOCKXR_LIBRARY, dlerror());
        return 1;
    }
    PFN_xrNegotiateLoaderRuntimeInterface fn = NULL;
    void *sym = dlsym(lib, "xrNegotiateLoaderRuntimeInterface");
    memcpy(&fn, &sym, sizeof(fn)); /* POSIX guarantees this conversion; ISO C needs the copy */
    MX_REQUIRE_RESULT(&t, fn ? XR_SUCCESS : XR_ERROR_FUNCTION_UNSUPPORTED, XR_SUCCESS);
    /* nothing else is visible: the app's own symbols can never be confused with the runtime's */
    MX_CHECK(&t, dlsym(lib, "xrCreateInstance") == NULL && dlsym(lib, "mx_diag") == NULL &&
                     dlsym(lib, "mx_lock") == NULL);
    const XrNegotiateLoaderInfo info = {.structType = XR_LOADER_INTERFACE_STRUCT_LOADER_INFO,
                                        .structVersion = XR_LOADER_INFO_STRUCT_VERSION,
                                        .structSize = sizeof(XrNegotiateLoaderInfo),
                                        .minInterfaceVersion = 1, .maxInterfaceVersion = 1,
                                        .minApiVersion = XR_MAKE_VERSION(1, 0, 0),
                                        .maxApiVersion = XR_MAKE_VERSION(1, 0x3ff, 0xfff)};
    const XrNegotiateRuntimeRequest req = {.structType = XR_LOADER_INTERFACE_STRUCT_RUNTIME_REQUEST,
                                           .structVersion = XR_RUNTIME_INFO_STRUCT_VERSION,
                                           .structSize = sizeof(XrNegotiateRuntimeRequest)};
    XrNegotiateRuntimeRequest out;
    MX_CHECK_RESULT(&t, negotiate(fn, info, req, &out), XR_SUCCESS);
    MX_CHECK(&t, out.runtimeInterfaceVersion == 1 && out.getInstanceProcAddr != NULL);
    MX_CHECK(&t, XR_VERSION_MAJOR(out.runtimeApiVersion) == 1 && XR_VERSION_MINOR(out.runtimeApiVersion) == 0);
    if (!t.clean) {
        XrNegotiateLoaderInfo bad = info;
        bad.structType = XR_LOADER_INTERFACE_STRUCT_RUNTIME_REQUEST;
        MX_CHECK_RESULT(&t, negotiate(fn, bad, req, NULL), XR_ERROR_INITIALIZATION_FAILED);
        bad = info;
        bad.structSize = sizeof(info) - 8;
        MX_CHECK_RESULT(&t, negotiate(fn, bad, req, NULL), XR_ERROR_INITIALIZATION_FAILED);
        bad = info;
        bad.minInterfaceVersion = bad.maxInterfaceVersion = 2;
        MX_CHECK_RESULT(&t, negotiate(fn, bad, req, NULL), XR_ERROR_INITIALIZATION_FAILED);
        bad = info;
        bad.minApiVersion = XR_MAKE_VERSION(2, 0, 0);
        bad.maxApiVersion = XR_MAKE_VERSION(2, 0, 0);
        MX_CHECK_RESULT(&t, negotiate(fn, bad, req, NULL), XR_ERROR_INITIALIZATION_FAILED);
        XrNegotiateRuntimeRequest bad_req = req;
        bad_req.structVersion = 7;
        MX_CHECK_RESULT(&t, negotiate(fn, info, bad_req, NULL), XR_ERROR_INITIALIZATION_FAILED);
        MX_CHECK_RESULT(&t, fn(NULL, &bad_req), XR_ERROR_INITIALIZATION_FAILED);
        /* xrGetInstanceProcAddr without an instance serves only the pre-instance functions */
        PFN_xrVoidFunction f = NULL;
        MX_CHECK_RESULT(&t, out.getInstanceProcAddr(XR_NULL_HANDLE, "xrCreateInstance", &f), XR_SUCCESS);
        MX_CHECK_RESULT(&t, out.getInstanceProcAddr(XR_NULL_HANDLE, "xrWaitFrame", &f), XR_ERROR_HANDLE_INVALID);
    }
    dlclose(lib);
    return mx_test_finish(&t, "core_loading");
}
