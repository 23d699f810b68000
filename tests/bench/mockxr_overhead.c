/* Benchmark of mockxr itself: the cost of xrWaitFrame + xrBeginFrame + xrEndFrame (one stereo
 * projection layer, tiny swapchain, no capture) under the virtual clock, and xrWaitFrame's wake-up
 * jitter under the realtime clock. Not a test: run by run_benchmarks.sh, numbers in docs/benchmarks.md. */
#include "timing.h"

#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <vulkan/vulkan.h>
#define XR_USE_GRAPHICS_API_VULKAN
#include <openxr/openxr.h>
#include <openxr/openxr_platform.h>

#define BENCH_EDGE 32 /* per-eye swapchain edge: small, so the runtime's own work dominates */

/* Everything the run holds, torn down by bench_destroy in reverse. */
struct bench {
    XrInstance instance;
    XrSystemId system;
    VkInstance vk_instance;
    VkPhysicalDevice vk_physical;
    VkDevice vk_device;
    uint32_t queue_family;
    XrSession session;
    XrSpace space;
    XrSwapchain swapchain;
    XrSessionState state;
    bool running;
};

static bool xr_ok(XrInstance instance, XrResult r, const char *call)
{
    if (XR_SUCCEEDED(r))
        return true;
    char text[XR_MAX_RESULT_STRING_SIZE] = "";
    if (instance == XR_NULL_HANDLE || XR_FAILED(xrResultToString(instance, r, text)))
        snprintf(text, sizeof text, "XrResult %d", (int)r);
    fprintf(stderr, "mockxr_overhead: %s failed: %s\n", call, text);
    return false;
}
#define XR_CHECK(b, call) xr_ok((b)->instance, (call), #call)

static bool vk_ok(VkResult r, const char *call)
{
    if (r == VK_SUCCESS)
        return true;
    fprintf(stderr, "mockxr_overhead: %s failed: VkResult %d\n", call, (int)r);
    return false;
}

static int64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static PFN_xrVoidFunction get_proc(struct bench *b, const char *name)
{
    PFN_xrVoidFunction fn = NULL;
    if (!xr_ok(b->instance, xrGetInstanceProcAddr(b->instance, name, &fn), name))
        return NULL;
    return fn;
}

static bool create_instance(struct bench *b)
{
    const char *exts[] = {XR_KHR_VULKAN_ENABLE2_EXTENSION_NAME};
    XrInstanceCreateInfo ci = {.type = XR_TYPE_INSTANCE_CREATE_INFO, .enabledExtensionCount = 1,
                               .enabledExtensionNames = exts};
    snprintf(ci.applicationInfo.applicationName, sizeof ci.applicationInfo.applicationName, "mockxr_overhead");
    ci.applicationInfo.apiVersion = XR_MAKE_VERSION(1, 0, 0);
    if (!XR_CHECK(b, xrCreateInstance(&ci, &b->instance)))
        return false;
    XrSystemGetInfo si = {.type = XR_TYPE_SYSTEM_GET_INFO, .formFactor = XR_FORM_FACTOR_HEAD_MOUNTED_DISPLAY};
    return XR_CHECK(b, xrGetSystem(b->instance, &si, &b->system));
}

/* XR_KHR_vulkan_enable2: the runtime creates the Vulkan instance and device with us. */
static bool create_vulkan(struct bench *b)
{
    PFN_xrGetVulkanGraphicsRequirements2KHR get_reqs =
        (PFN_xrGetVulkanGraphicsRequirements2KHR)get_proc(b, "xrGetVulkanGraphicsRequirements2KHR");
    PFN_xrCreateVulkanInstanceKHR create_inst = (PFN_xrCreateVulkanInstanceKHR)get_proc(b, "xrCreateVulkanInstanceKHR");
    PFN_xrGetVulkanGraphicsDevice2KHR get_dev =
        (PFN_xrGetVulkanGraphicsDevice2KHR)get_proc(b, "xrGetVulkanGraphicsDevice2KHR");
    PFN_xrCreateVulkanDeviceKHR create_dev = (PFN_xrCreateVulkanDeviceKHR)get_proc(b, "xrCreateVulkanDeviceKHR");
    if (!get_reqs || !create_inst || !get_dev || !create_dev)
        return false;
    XrGraphicsRequirementsVulkan2KHR reqs = {.type = XR_TYPE_GRAPHICS_REQUIREMENTS_VULKAN2_KHR};
    if (!XR_CHECK(b, get_reqs(b->instance, b->system, &reqs)))
        return false;
    VkApplicationInfo app = {.sType = VK_STRUCTURE_TYPE_APPLICATION_INFO, .pApplicationName = "mockxr_overhead",
                             .apiVersion = VK_API_VERSION_1_1};
    VkInstanceCreateInfo vci = {.sType = VK_STRUCTURE_TYPE_INSTANCE_CREATE_INFO, .pApplicationInfo = &app};
    XrVulkanInstanceCreateInfoKHR xci = {.type = XR_TYPE_VULKAN_INSTANCE_CREATE_INFO_KHR, .systemId = b->system,
                                         .pfnGetInstanceProcAddr = vkGetInstanceProcAddr,
                                         .vulkanCreateInfo = &vci};
    VkResult vr = VK_SUCCESS;
    if (!XR_CHECK(b, create_inst(b->instance, &xci, &b->vk_instance, &vr)) || !vk_ok(vr, "vkCreateInstance"))
        return false;
    XrVulkanGraphicsDeviceGetInfoKHR gi = {.type = XR_TYPE_VULKAN_GRAPHICS_DEVICE_GET_INFO_KHR,
                                           .systemId = b->system, .vulkanInstance = b->vk_instance};
    if (!XR_CHECK(b, get_dev(b->instance, &gi, &b->vk_physical)))
        return false;
    uint32_t n = 0;
    VkQueueFamilyProperties families[16];
    vkGetPhysicalDeviceQueueFamilyProperties(b->vk_physical, &n, NULL);
    n = n > 16 ? 16 : n;
    vkGetPhysicalDeviceQueueFamilyProperties(b->vk_physical, &n, families);
    b->queue_family = UINT32_MAX;
    for (uint32_t i = 0; i < n && b->queue_family == UINT32_MAX; i++) {
        if (families[i].queueFlags & VK_QUEUE_GRAPHICS_BIT)
            b->queue_family = i;
    }
    if (b->queue_family == UINT32_MAX) {
        fprintf(stderr, "mockxr_overhead: the runtime's Vulkan device has no graphics queue\n");
        return false;
    }
    float prio = 1.0f;
    VkDeviceQueueCreateInfo qci = {.sType = VK_STRUCTURE_TYPE_DEVICE_QUEUE_CREATE_INFO,
                                   .queueFamilyIndex = b->queue_family, .queueCount = 1, .pQueuePriorities = &prio};
    VkDeviceCreateInfo dci = {.sType = VK_STRUCTURE_TYPE_DEVICE_CREATE_INFO, .queueCreateInfoCount = 1,
                              .pQueueCreateInfos = &qci};
    XrVulkanDeviceCreateInfoKHR xdi = {.type = XR_TYPE_VULKAN_DEVICE_CREATE_INFO_KHR, .systemId = b->system,
                                       .pfnGetInstanceProcAddr = vkGetInstanceProcAddr,
                                       .vulkanPhysicalDevice = b->vk_physical, .vulkanCreateInfo = &dci};
    return XR_CHECK(b, create_dev(b->instance, &xdi, &b->vk_device, &vr)) && vk_ok(vr, "vkCreateDevice");
}

static bool create_session(struct bench *b)
{
    XrGraphicsBindingVulkan2KHR binding = {.type = XR_TYPE_GRAPHICS_BINDING_VULKAN2_KHR,
                                           .instance = b->vk_instance, .physicalDevice = b->vk_physical,
                                           .device = b->vk_device, .queueFamilyIndex = b->queue_family};
    XrSessionCreateInfo sci = {.type = XR_TYPE_SESSION_CREATE_INFO, .next = &binding, .systemId = b->system};
    if (!XR_CHECK(b, xrCreateSession(b->instance, &sci, &b->session)))
        return false;
    XrReferenceSpaceCreateInfo rci = {.type = XR_TYPE_REFERENCE_SPACE_CREATE_INFO,
                                      .referenceSpaceType = XR_REFERENCE_SPACE_TYPE_LOCAL,
                                      .poseInReferenceSpace = {.orientation = {.w = 1.0f}}};
    if (!XR_CHECK(b, xrCreateReferenceSpace(b->session, &rci, &b->space)))
        return false;
    int64_t formats[32];
    uint32_t nf = 0;
    if (!XR_CHECK(b, xrEnumerateSwapchainFormats(b->session, 32, &nf, formats)) || nf == 0)
        return false;
    int64_t format = formats[0];
    for (uint32_t i = 0; i < nf; i++) {
        if (formats[i] == VK_FORMAT_R8G8B8A8_UNORM)
            format = formats[i];
    }
    XrSwapchainCreateInfo swci = {.type = XR_TYPE_SWAPCHAIN_CREATE_INFO,
                                  .usageFlags = XR_SWAPCHAIN_USAGE_COLOR_ATTACHMENT_BIT, .format = format,
                                  .sampleCount = 1, .width = BENCH_EDGE, .height = BENCH_EDGE, .faceCount = 1,
                                  .arraySize = 2, .mipCount = 1};
    return XR_CHECK(b, xrCreateSwapchain(b->session, &swci, &b->swapchain));
}

/* Drains the event queue; begins the session at READY, ends it at STOPPING. */
static bool poll_events(struct bench *b)
{
    for (;;) {
        XrEventDataBuffer ev = {.type = XR_TYPE_EVENT_DATA_BUFFER};
        XrResult r = xrPollEvent(b->instance, &ev);
        if (r == XR_EVENT_UNAVAILABLE)
            return true;
        if (!XR_CHECK(b, r))
            return false;
        if (ev.type != XR_TYPE_EVENT_DATA_SESSION_STATE_CHANGED)
            continue;
        b->state = ((const XrEventDataSessionStateChanged *)&ev)->state;
        if (b->state == XR_SESSION_STATE_READY) {
            XrSessionBeginInfo bi = {.type = XR_TYPE_SESSION_BEGIN_INFO,
                                     .primaryViewConfigurationType = XR_VIEW_CONFIGURATION_TYPE_PRIMARY_STEREO};
            if (!XR_CHECK(b, xrBeginSession(b->session, &bi)))
                return false;
            b->running = true;
        } else if (b->state == XR_SESSION_STATE_STOPPING) {
            if (!XR_CHECK(b, xrEndSession(b->session)))
                return false;
            b->running = false;
        }
    }
}

/* One frame's timestamps (CLOCK_MONOTONIC ns around each call). */
struct frame_times {
    int64_t wait_start, wake, begin_done, locate_start, locate_done, swapchain_start, end_start, end_done;
    XrTime period;
};

/* Acquire, wait and release one image (no rendering: the runtime's cost is what is measured). */
static bool cycle_swapchain(struct bench *b)
{
    XrSwapchainImageAcquireInfo ai = {.type = XR_TYPE_SWAPCHAIN_IMAGE_ACQUIRE_INFO};
    XrSwapchainImageWaitInfo wi = {.type = XR_TYPE_SWAPCHAIN_IMAGE_WAIT_INFO, .timeout = XR_INFINITE_DURATION};
    XrSwapchainImageReleaseInfo ri = {.type = XR_TYPE_SWAPCHAIN_IMAGE_RELEASE_INFO};
    uint32_t index = 0;
    return XR_CHECK(b, xrAcquireSwapchainImage(b->swapchain, &ai, &index)) &&
           XR_CHECK(b, xrWaitSwapchainImage(b->swapchain, &wi)) &&
           XR_CHECK(b, xrReleaseSwapchainImage(b->swapchain, &ri));
}

static bool end_frame(struct bench *b, XrTime display_time, const XrView views[2], bool render, struct frame_times *t)
{
    XrCompositionLayerProjectionView pv[2];
    for (uint32_t i = 0; i < 2; i++)
        pv[i] = (XrCompositionLayerProjectionView){
            .type = XR_TYPE_COMPOSITION_LAYER_PROJECTION_VIEW, .pose = views[i].pose, .fov = views[i].fov,
            .subImage = {.swapchain = b->swapchain, .imageRect = {.extent = {BENCH_EDGE, BENCH_EDGE}},
                         .imageArrayIndex = i}};
    XrCompositionLayerProjection layer = {.type = XR_TYPE_COMPOSITION_LAYER_PROJECTION, .space = b->space,
                                          .viewCount = 2, .views = pv};
    const XrCompositionLayerBaseHeader *layers[] = {(const XrCompositionLayerBaseHeader *)&layer};
    XrFrameEndInfo ei = {.type = XR_TYPE_FRAME_END_INFO, .displayTime = display_time,
                         .environmentBlendMode = XR_ENVIRONMENT_BLEND_MODE_OPAQUE, .layerCount = render ? 1 : 0,
                         .layers = render ? layers : NULL};
    t->end_start = now_ns();
    bool ok = XR_CHECK(b, xrEndFrame(b->session, &ei));
    t->end_done = now_ns();
    return ok;
}

static bool run_frame(struct bench *b, struct frame_times *t)
{
    XrFrameWaitInfo wi = {.type = XR_TYPE_FRAME_WAIT_INFO};
    XrFrameState fs = {.type = XR_TYPE_FRAME_STATE};
    XrFrameBeginInfo bi = {.type = XR_TYPE_FRAME_BEGIN_INFO};
    t->wait_start = now_ns();
    if (!XR_CHECK(b, xrWaitFrame(b->session, &wi, &fs)))
        return false;
    t->wake = now_ns();
    t->period = fs.predictedDisplayPeriod;
    if (!XR_CHECK(b, xrBeginFrame(b->session, &bi)))
        return false;
    t->begin_done = now_ns();
    XrViewLocateInfo li = {.type = XR_TYPE_VIEW_LOCATE_INFO, .displayTime = fs.predictedDisplayTime, .space = b->space,
                           .viewConfigurationType = XR_VIEW_CONFIGURATION_TYPE_PRIMARY_STEREO};
    XrViewState vs = {.type = XR_TYPE_VIEW_STATE};
    XrView views[2] = {{.type = XR_TYPE_VIEW}, {.type = XR_TYPE_VIEW}};
    uint32_t nv = 0;
    t->locate_start = now_ns();
    if (!XR_CHECK(b, xrLocateViews(b->session, &li, &vs, 2, &nv, views)))
        return false;
    t->locate_done = t->swapchain_start = now_ns();
    if (fs.shouldRender && !cycle_swapchain(b))
        return false;
    return end_frame(b, fs.predictedDisplayTime, views, fs.shouldRender, t);
}

static void bench_destroy(struct bench *b)
{
    if (b->swapchain != XR_NULL_HANDLE)
        xrDestroySwapchain(b->swapchain);
    if (b->space != XR_NULL_HANDLE)
        xrDestroySpace(b->space);
    if (b->session != XR_NULL_HANDLE)
        xrDestroySession(b->session);
    if (b->vk_device != VK_NULL_HANDLE)
        vkDestroyDevice(b->vk_device, NULL);
    if (b->vk_instance != VK_NULL_HANDLE)
        vkDestroyInstance(b->vk_instance, NULL);
    if (b->instance != XR_NULL_HANDLE)
        xrDestroyInstance(b->instance);
    *b = (struct bench){0};
}

/* Runs frames until FOCUSED plus `warmup` more, then `count` measured ones into times[]. */
static bool run_frames(struct bench *b, size_t warmup, size_t count, struct frame_times *times)
{
    for (int tries = 0; !b->running && tries < 1000; tries++) {
        if (!poll_events(b))
            return false;
    }
    size_t measured = 0, after_focus = 0;
    for (size_t guard = 0; measured < count && guard < count + warmup + 10000; guard++) {
        if (!poll_events(b))
            return false;
        if (!b->running) {
            fprintf(stderr, "mockxr_overhead: the session stopped before the run was complete\n");
            return false;
        }
        struct frame_times t;
        if (!run_frame(b, &t))
            return false;
        if (b->state == XR_SESSION_STATE_FOCUSED && after_focus++ >= warmup)
            times[measured++] = t;
    }
    if (measured < count) {
        fprintf(stderr, "mockxr_overhead: the session never reached FOCUSED\n");
        return false;
    }
    if (!XR_CHECK(b, xrRequestExitSession(b->session)))
        return false;
    for (int tries = 0; b->running && tries < 1000; tries++) {
        if (!poll_events(b))
            return false;
    }
    return true;
}

typedef int64_t (*span_fn)(const struct frame_times *t);
static int64_t span_wait(const struct frame_times *t) { return t->wake - t->wait_start; }
static int64_t span_begin(const struct frame_times *t) { return t->begin_done - t->wake; }
static int64_t span_end(const struct frame_times *t) { return t->end_done - t->end_start; }
static int64_t span_wbe(const struct frame_times *t) { return span_wait(t) + span_begin(t) + span_end(t); }
static int64_t span_locate(const struct frame_times *t) { return t->locate_done - t->locate_start; }
static int64_t span_swapchain(const struct frame_times *t) { return t->end_start - t->swapchain_start; }

static void print_row(const char *name, const struct frame_times *times, size_t n, span_fn fn, double unit,
                      double *scratch, struct timing_dist *out)
{
    for (size_t i = 0; i < n; i++)
        scratch[i] = (double)fn(&times[i]) / unit;
    timing_dist_compute(scratch, n, out);
    printf("| %-34s | %9.3f | %9.3f | %9.3f | %9.3f |\n", name, out->p50, out->p95, out->p99, out->max);
}

static void report_virtual(const struct frame_times *t, size_t n, double *scratch)
{
    struct timing_dist d, wbe;
    printf("| µs (virtual clock)                 |       p50 |       p95 |       p99 |       max |\n");
    printf("|------------------------------------|----------:|----------:|----------:|----------:|\n");
    print_row("xrWaitFrame", t, n, span_wait, 1e3, scratch, &d);
    print_row("xrBeginFrame", t, n, span_begin, 1e3, scratch, &d);
    print_row("xrEndFrame (1 stereo projection)", t, n, span_end, 1e3, scratch, &d);
    print_row("**wait + begin + end**", t, n, span_wbe, 1e3, scratch, &wbe);
    print_row("xrLocateViews", t, n, span_locate, 1e3, scratch, &d);
    print_row("acquire + wait + release image", t, n, span_swapchain, 1e3, scratch, &d);
    printf("\nmockxr per-frame overhead (wait+begin+end) p50 %.1f µs, p99 %.1f µs: target < 20 µs %s\n", wbe.p50,
           wbe.p99, wbe.p50 < 20.0 ? "met" : "NOT met");
}

static void report_realtime(const struct frame_times *t, size_t n, double *scratch)
{
    size_t m = 0;
    for (size_t i = 1; i < n; i++) /* |wake-to-wake - period| */
        scratch[m++] = fabs((double)(t[i].wake - t[i - 1].wake - t[i].period)) / 1e6;
    struct timing_dist jit, iv;
    timing_dist_compute(scratch, m, &jit);
    for (size_t i = 1; i < n; i++)
        scratch[i - 1] = (double)(t[i].wake - t[i - 1].wake) / 1e6;
    timing_dist_compute(scratch, m, &iv);
    printf("| ms (realtime clock, period %.3f)  |       p50 |       p95 |       p99 |       max |\n",
           (double)t[0].period / 1e6);
    printf("|------------------------------------|----------:|----------:|----------:|----------:|\n");
    printf("| %-34s | %9.3f | %9.3f | %9.3f | %9.3f |\n", "wake-to-wake interval", iv.p50, iv.p95, iv.p99, iv.max);
    printf("| %-34s | %9.3f | %9.3f | %9.3f | %9.3f |\n", "**wake jitter** abs(interval-period)", jit.p50,
           jit.p95, jit.p99, jit.max);
    printf("\nxrWaitFrame wake-up jitter p99 %.3f ms: target < 0.5 ms %s\n", jit.p99, jit.p99 < 0.5 ? "met" : "NOT met");
}

static int parse_count(const char *flag, const char *s, long lo, long hi, size_t *out)
{
    char *end = NULL;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (s[0] == '\0' || *end != '\0' || errno || v < lo || v > hi) {
        fprintf(stderr, "mockxr_overhead: %s: '%s' is not an integer %ld..%ld\n", flag, s, lo, hi);
        return -1;
    }
    *out = (size_t)v;
    return 0;
}

/* Flags into clock, frames and warmup; returns 0, 1 (help printed) or 2 (usage error). */
static int parse_args(int argc, char **argv, const char **clock, size_t *frames, size_t *warmup)
{
    static const struct option opts[] = {{"clock", required_argument, NULL, 'c'},
                                         {"frames", required_argument, NULL, 'f'},
                                         {"warmup", required_argument, NULL, 'w'},
                                         {"help", no_argument, NULL, 'h'},
                                         {NULL, 0, NULL, 0}};
    int opt;
    opterr = 0;
    while ((opt = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
        if (opt == 'c' && (strcmp(optarg, "virtual") == 0 || strcmp(optarg, "realtime") == 0))
            *clock = optarg;
        else if (opt == 'f' && parse_count("--frames", optarg, 2, 10000000, frames) == 0)
            continue;
        else if (opt == 'w' && parse_count("--warmup", optarg, 0, 100000, warmup) == 0)
            continue;
        else if (opt == 'h') {
            printf("Usage: mockxr_overhead [--clock virtual|realtime] [--frames N] [--warmup K]\n"
                   "virtual (default): time of xrWaitFrame+xrBeginFrame+xrEndFrame with one stereo projection\n"
                   "layer on a %dx%d two-layer swapchain; realtime: xrWaitFrame wake-up jitter.\n"
                   "Uses XR_RUNTIME_JSON, else this build's mockxr.json; MOCKXR_REFRESH_HZ is honoured.\n",
                   BENCH_EDGE, BENCH_EDGE);
            return 1;
        } else {
            if (opt == 'c')
                fprintf(stderr, "mockxr_overhead: --clock: '%s' is not virtual or realtime\n", optarg);
            else if (opt == ':' || opt == '?')
                fprintf(stderr, "mockxr_overhead: bad or incomplete option '%s'\n", argv[optind - 1]);
            return 2;
        }
    }
    if (optind != argc) {
        fprintf(stderr, "mockxr_overhead: unexpected argument '%s'\n", argv[optind]);
        return 2;
    }
    return 0;
}

int main(int argc, char **argv)
{
    const char *clock = "virtual";
    size_t frames = 0, warmup = 30;
    int rc = parse_args(argc, argv, &clock, &frames, &warmup);
    if (rc != 0)
        return rc == 1 ? 0 : 2;
    if (frames == 0)
        frames = strcmp(clock, "virtual") == 0 ? 5000 : 900;
    /* The runtime reads its variables at xrCreateInstance. */
    if (setenv("MOCKXR_CLOCK", clock, 1) != 0 || setenv("XR_RUNTIME_JSON", getenv("XR_RUNTIME_JSON") ?
                                                           getenv("XR_RUNTIME_JSON") : FXR_BUILD_MANIFEST, 1) != 0 ||
        (!getenv("MOCKXR_QUIET") && setenv("MOCKXR_QUIET", "1", 1) != 0)) {
        fprintf(stderr, "mockxr_overhead: setenv failed: %s\n", strerror(errno));
        return 1;
    }
    struct frame_times *times = calloc(frames, sizeof *times);
    double *scratch = calloc(frames, sizeof *scratch);
    struct bench b = {0};
    bool ok = times && scratch && create_instance(&b) && create_vulkan(&b) && create_session(&b) &&
              run_frames(&b, warmup, frames, times);
    if (ok) {
        printf("mockxr_overhead: %s clock, %zu frames after FOCUSED + %zu warm-up, runtime %s\n\n", clock, frames,
               warmup, getenv("XR_RUNTIME_JSON"));
        if (strcmp(clock, "virtual") == 0)
            report_virtual(times, frames, scratch);
        else
            report_realtime(times, frames, scratch);
    }
    bench_destroy(&b);
    free(times);
    free(scratch);
    return ok ? 0 : 1;
}
