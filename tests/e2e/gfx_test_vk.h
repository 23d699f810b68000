/* Vulkan scaffolding for the renderer's offscreen test and benchmark: an instance + device the way the XR
 * runtime would make them, swapchain-like images in COLOR_ATTACHMENT_OPTIMAL, read-back. */
#ifndef FXR_GFX_TEST_VK_H
#define FXR_GFX_TEST_VK_H

#include <stdbool.h>
#include <stdint.h>
#include <vulkan/vulkan.h>

#include "factoryxr/gfx.h"

struct gvk {
    VkInstance instance;
    VkDebugUtilsMessengerEXT messenger;
    VkPhysicalDevice physical_device;
    VkDevice device;
    VkQueue queue;
    uint32_t queue_family;
    VkCommandPool pool;
    VkPhysicalDeviceMemoryProperties mem_props;
    uint32_t validation_messages; /* warnings + errors the validation layer reported */
};

/* A set of images like an XR swapchain's: count images of layers layers each, in COLOR_ATTACHMENT_OPTIMAL
 * (color) or DEPTH_STENCIL_ATTACHMENT_OPTIMAL (depth) once created. */
struct gvk_images {
    uint32_t count, layers, width, height;
    VkFormat format;
    VkImage images[GFX_MAX_VIEWS * 2];
    VkDeviceMemory memory[GFX_MAX_VIEWS * 2];
};

int gvk_create(struct gvk *out);
void gvk_destroy(struct gvk *vk);
/* The gfx_device_desc for this device (no persisted cache unless cache_path says so). */
struct gfx_device_desc gvk_device_desc(const struct gvk *vk, const char *cache_path);

int gvk_images_create(struct gvk *vk, VkFormat format, bool depth, uint32_t width, uint32_t height,
                      uint32_t layers, uint32_t count, struct gvk_images *out);
void gvk_images_destroy(struct gvk *vk, struct gvk_images *set);
/* Copies one layer of one image (RGBA8, tightly packed) into out_pixels (width*height*4 bytes); the image
 * goes back to COLOR_ATTACHMENT_OPTIMAL. Waits for the queue's work through its own fence. */
int gvk_read_layer(struct gvk *vk, const struct gvk_images *set, uint32_t image, uint32_t layer,
                   uint8_t *out_pixels);

#endif
