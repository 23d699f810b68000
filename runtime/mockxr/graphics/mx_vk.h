/* mockxr's Vulkan side: the hooks the core runtime calls into vulkan.c, swapchain.c and capture.c. */
#ifndef MOCKXR_MX_VK_H
#define MOCKXR_MX_VK_H

#include <stdbool.h>
#include <stdint.h>

#include <time.h>
#include <vulkan/vulkan.h>
/* Whichever of mx_vk.h / mockxr_internal.h comes first includes openxr_platform.h; both platforms are
 * asked for here so the Vulkan rooms (which include this header first) see everything. */
#define XR_USE_TIMESPEC
#define XR_USE_GRAPHICS_API_VULKAN
#include <openxr/openxr.h>
#include <openxr/openxr_platform.h>

struct mx_instance;
struct mx_session;

/* Functions of XR_KHR_vulkan_enable / enable2 and the swapchain API; NULL for names not served here. */
PFN_xrVoidFunction mx_vk_proc(const char *name);

/* Frees the per-instance Vulkan data (instance->vk); tolerates none. */
void mx_vk_instance_destroy(struct mx_instance *i);

/* Validates the XrGraphicsBindingVulkanKHR in xrCreateSession's next chain (and that the graphics
 * requirements were queried). *out_headless_ok is set true when no binding is present, so the core can
 * accept the session only if XR_MND_headless is enabled. */
XrResult mx_vk_session_bind(struct mx_session *s, const void *create_info_next, bool *out_headless_ok);

/* Frees the per-session Vulkan state (queue, command pool) made by mx_vk_session_bind. */
void mx_vk_session_release(struct mx_session *s);

/* Checks one layer's sub-image for xrEndFrame: handle, released image, rect, array index, a 2D (not cube)
 * swapchain of the right kind (colour, or depth where is_depth). */
XrResult mx_vk_validate_subimage(struct mx_session *s, const XrSwapchainSubImage *sub, const char *func,
                                 const char *what, bool is_depth);
/* The same for a cube layer's swapchain: a released colour swapchain with faceCount 6, array index. */
XrResult mx_vk_validate_cube(struct mx_session *s, XrSwapchain swapchain, uint32_t array_index, const char *func,
                             const char *what);

/* Called after a successful xrEndFrame (layers validated): captures the frame if MOCKXR_CAPTURE_FRAMES
 * selects it (compositor/capture.c). */
void mx_vk_end_frame(struct mx_session *s, uint64_t frame_index, const XrFrameEndInfo *info);

/* xrEndFrame (realtime clock): signals a fence on the app's queue behind the work it submitted so far, as a
 * compositor learns when a frame is ready; a watcher thread reports its completion through
 * mx_frame_gpu_done. False (nothing will be reported) for headless sessions or when no fence is free. */
bool mx_vk_watch_frame(struct mx_session *s, uint64_t frame_index);

/* Destroys every swapchain of the session (session destroy). */
void mx_vk_swapchain_release_all(struct mx_session *s);

#endif
