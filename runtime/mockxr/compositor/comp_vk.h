/* The compositor's Vulkan side: copying the layers' images of a frame back to host memory in one submit. */
#ifndef MOCKXR_COMP_VK_H
#define MOCKXR_COMP_VK_H

#include "vk_private.h"

#include "mx_comp.h"

#define MX_READ_MAX_ITEMS (2 * MX_COMP_MAX_LAYERS + MX_COMP_MAX_VIEWS)

/* One region to copy: layers [first_layer, first_layer + layer_count) of the rect of a swapchain's last
 * released image, into exactly one of `colour` / `depth` (converted after the copy). */
struct mx_read_item {
    const struct mx_vk_swapchain *vsc;
    uint32_t first_layer, layer_count;
    XrRect2Di rect;
    VkDeviceSize offset, bytes; /* in the read-back buffer */
    struct mx_comp_image *colour;
    struct mx_comp_depth *depth;
};

struct mx_read_list {
    struct mx_read_item items[MX_READ_MAX_ITEMS];
    uint32_t count;
};

/* Queues a copy (false when the list is full). */
bool mx_read_add(struct mx_read_list *list, const struct mx_vk_swapchain *vsc, uint32_t first_layer,
                 uint32_t layer_count, XrRect2Di rect, struct mx_comp_image *colour, struct mx_comp_depth *depth);
/* Copies every queued region on the session's queue after the app's work (one submit, waited with
 * MX_VK_GPU_TIMEOUT_NS) and fills the images; errors are diagnosed and returned. */
XrResult mx_read_run(struct mx_vk_session *vs, struct mx_read_list *list, const char *func);

/* The same without waiting (async.c, the window): mx_read_submit queues the copies with a fence and returns;
 * mx_read_poll converts once the fence is signalled (XR_SUCCESS), else returns XR_EVENT_UNAVAILABLE without
 * waiting (or, with wait, waits up to MX_VK_GPU_TIMEOUT_NS); mx_read_abandon waits (bounded) and frees. */
struct mx_read_async;
XrResult mx_read_submit(struct mx_vk_session *vs, struct mx_read_list *list, const char *func,
                        struct mx_read_async **out);
XrResult mx_read_poll(struct mx_vk_session *vs, struct mx_read_async *a, bool wait, const char *func);
void mx_read_abandon(struct mx_vk_session *vs, struct mx_read_async **a);

#endif
