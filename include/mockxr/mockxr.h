/* mockxr's public contract: its environment variables, the report record format, and the OpenXR
 * loader-negotiation structs (Debian's OpenXR 1.0.20 SDK does not ship loader_interfaces.h). */
#ifndef MOCKXR_MOCKXR_H
#define MOCKXR_MOCKXR_H

#include <stddef.h>
#include <stdint.h>
#include <openxr/openxr.h>

/* ---- Environment variables (parsed and checked in one place: runtime/mockxr/config.c) ----------
 * A bad value makes xrCreateInstance fail with XR_ERROR_RUNTIME_FAILURE after a message on stderr
 * naming the variable. docs/mockxr.md documents every one with its default. */
#define MOCKXR_ENV_CLOCK             "MOCKXR_CLOCK"             /* realtime (default) | virtual */
#define MOCKXR_ENV_REFRESH_HZ        "MOCKXR_REFRESH_HZ"        /* 60..240, default 90 */
#define MOCKXR_ENV_VIEW_SIZE         "MOCKXR_VIEW_SIZE"         /* WxH recommended per-eye size */
#define MOCKXR_ENV_VK_DEVICE         "MOCKXR_VK_DEVICE"         /* index or device-name substring */
#define MOCKXR_ENV_HEAD              "MOCKXR_HEAD"              /* still | look | walk */
#define MOCKXR_ENV_CONTROLLERS       "MOCKXR_CONTROLLERS"       /* touch | index | simple | none */
#define MOCKXR_ENV_SCRIPT            "MOCKXR_SCRIPT"            /* path to a JSON timeline */
#define MOCKXR_ENV_REPORT            "MOCKXR_REPORT"            /* path of the JSON-lines report */
#define MOCKXR_ENV_CAPTURE_DIR       "MOCKXR_CAPTURE_DIR"       /* directory for PNG captures */
#define MOCKXR_ENV_CAPTURE_FRAMES    "MOCKXR_CAPTURE_FRAMES"    /* list of run frames: 0,10,20-25 */
#define MOCKXR_ENV_CAPTURE_KINDS     "MOCKXR_CAPTURE_KINDS"     /* views,composited,depth (default views,composited) */
#define MOCKXR_ENV_EXIT_AFTER_FRAMES "MOCKXR_EXIT_AFTER_FRAMES" /* request exit after N frames of the run */
#define MOCKXR_ENV_QUIET             "MOCKXR_QUIET"             /* 1: no informational lines */
#define MOCKXR_ENV_VIEWS             "MOCKXR_VIEWS"             /* stereo (default: STEREO + MONO) | mono (MONO only) */
#define MOCKXR_ENV_WINDOW            "MOCKXR_WINDOW"            /* 1: a desktop window (SDL2) shows and drives the session */
#define MOCKXR_ENV_RECORD            "MOCKXR_RECORD"            /* path: the session written as a MOCKXR_SCRIPT */
#define MOCKXR_ENV_NOTIFY_FD         "MOCKXR_NOTIFY_FD"         /* socket fd: "exiting" / "instance-gone" lines (mockxr-run) */
#define MOCKXR_ENV_PACING            "MOCKXR_PACING"            /* app (realtime default) | slot (virtual: slot only) */

/* ---- Report (MOCKXR_REPORT): one JSON object per line ----------------------------------------
 * Times are XrTime (ns) on the runtime's clock. Under MOCKXR_CLOCK=virtual the clock only moves in
 * xrWaitFrame (by exactly one period), so the *_seq fields (a per-instance call counter) give call order.
 * Frames are numbered run-wide: frame 0 is the instance's first xrWaitFrame and a new session continues
 * the count (never restarts it), the same numbers as MOCKXR_SCRIPT's "frame" and MOCKXR_CAPTURE_FRAMES,
 * so every scripted event happens once per run.
 *
 * {"type":"header","runtime":"mockxr","clock":"virtual","refresh_hz":90,"period":11111111,"view_size":[w,h],
 *   "head":"still","controllers":"touch","exit_after_frames":-1,"pacing":"app"|"slot"}
 * {"type":"frame","frame":N,               run frame index (0-based, xrWaitFrame calls of all sessions)
 *   "predicted_display_time":T,"period":P, what xrWaitFrame returned
 *   "wake":t,"begin":t,"located":t,"end":t,    when xrWaitFrame returned / xrBeginFrame / the last
 *                                              xrLocateViews for displayTime == T / xrEndFrame (0 = never)
 *   "wake_seq":s,"begin_seq":s,"located_seq":s,"end_seq":s,
 *   "display_time":T2,                     the displayTime given to xrEndFrame
 *   "pose_age":ns,                         display_time - located (0 if views never located for it)
 *   "app_cpu":ns,                          end - wake
 *   "discarded":0|1,"late":0|1,            late: xrEndFrame came after display_time's slot
 *   "in_flight":n,                         frames begun and not yet ended when this one began (+1)
 *   "wake_target":t,                       when xrWaitFrame aimed to wake: slot start, or (app pacing)
 *                                          predicted - min(period, estimate + margin)
 *   "estimate":ns,"margin":ns,             app pacing's cost estimate and margin at this wake
 *   "haptics":n,                           haptic feedback calls applied since the session's previous line
 *   extension fields, each only when the app enabled its extension (docs/mockxr.md, "Extensions"):
 *   "hands":[{"tracked":0|1,"curl":c,"pinch":p,"locates":n} left, {...} right],
 *   "gaze":{"tracked":0|1,"yaw":deg,"pitch":deg}, "user_present":0|1, "refresh_hz":hz, "fov_scale":s,
 *   "perf":{"cpu":{"hint":..,"compositing":..,"rendering":..,"thermal":..,"headroom":C,"slope":C_per_s},"gpu":{..}},
 *   "events":["user_presence_changed"|"display_refresh_rate_changed"|"perf_settings"|"visibility_mask_changed"]
 *                                          (only when an extension queued events since the previous line)
 *   "layers":[{"type":"projection","views":[{"swapchain":id,"array_index":i,
 *              "rect":[x,y,w,h],"depth":0|1}]}, {"type":"quad",...}, {"type":"cylinder",...},
 *             {"type":"equirect",...}, {"type":"equirect2",...}, {"type":"cube",...}],
 *                                          (docs/mockxr.md lists each type's members)
 *   "gpu_done":t}                          last: the app's queue finished this frame's work (realtime clock,
 *                                          Vulkan session; CLOCK_MONOTONIC; 0 unknown)
 * {"type":"monotonic","app_cpu_ms":{...}}  app CPU on CLOCK_MONOTONIC whatever the clock (differs run to run)
 * {"type":"summary","frames":N,"missed":M,"discarded":D,"late":L,"haptics":H,"errors":E,"lost_returns":R,
 *   "gpu_late":G,"app_cpu_ms":{"p50":x,"p95":x,"p99":x,"max":x},"pose_age_ms":{...},"wake_jitter_ms":{...}
 *   [,"gpu_after_end_ms":{...}]}            (realtime clock and a Vulkan session only)
 * "errors" counts the errors mockxr diagnosed (rule violations returned to the app, failed captures);
 * "lost_returns" counts XR_ERROR_SESSION_LOST / XR_ERROR_INSTANCE_LOST returned after a scripted loss,
 * which are the spec's answer, not the app's fault, and are not in "errors". */

/* ---- OpenXR loader <-> runtime negotiation (OpenXR loader specification, interface version 1) --- */
#define XR_LOADER_INFO_STRUCT_VERSION 1
#define XR_RUNTIME_INFO_STRUCT_VERSION 1
#define XR_CURRENT_LOADER_RUNTIME_VERSION 1

typedef enum XrLoaderInterfaceStructs {
    XR_LOADER_INTERFACE_STRUCT_UNINTIALIZED = 0,
    XR_LOADER_INTERFACE_STRUCT_LOADER_INFO = 1,
    XR_LOADER_INTERFACE_STRUCT_API_LAYER_REQUEST = 2,
    XR_LOADER_INTERFACE_STRUCT_RUNTIME_REQUEST = 3,
    XR_LOADER_INTERFACE_STRUCT_API_LAYER_CREATE_INFO = 4,
    XR_LOADER_INTERFACE_STRUCT_API_LAYER_NEXT_INFO = 5,
    XR_LOADER_INTERFACE_STRUCTS_MAX_ENUM = 0x7FFFFFFF
} XrLoaderInterfaceStructs;

typedef struct XrNegotiateLoaderInfo {
    XrLoaderInterfaceStructs structType; /* XR_LOADER_INTERFACE_STRUCT_LOADER_INFO */
    uint32_t structVersion;              /* XR_LOADER_INFO_STRUCT_VERSION */
    size_t structSize;                   /* sizeof(XrNegotiateLoaderInfo) */
    uint32_t minInterfaceVersion;
    uint32_t maxInterfaceVersion;
    XrVersion minApiVersion;
    XrVersion maxApiVersion;
} XrNegotiateLoaderInfo;

typedef struct XrNegotiateRuntimeRequest {
    XrLoaderInterfaceStructs structType; /* XR_LOADER_INTERFACE_STRUCT_RUNTIME_REQUEST */
    uint32_t structVersion;              /* XR_RUNTIME_INFO_STRUCT_VERSION */
    size_t structSize;                   /* sizeof(XrNegotiateRuntimeRequest) */
    uint32_t runtimeInterfaceVersion;    /* out */
    XrVersion runtimeApiVersion;         /* out */
    PFN_xrGetInstanceProcAddr getInstanceProcAddr; /* out */
} XrNegotiateRuntimeRequest;

typedef XrResult(XRAPI_PTR *PFN_xrNegotiateLoaderRuntimeInterface)(const XrNegotiateLoaderInfo *loaderInfo,
                                                                    XrNegotiateRuntimeRequest *runtimeRequest);

#endif
