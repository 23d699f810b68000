/* Swapchain formats mockxr offers on Vulkan (preference order, filtered by the device) and usage mapping. */
#include "vk_private.h"

/* Preference order, as a compositor would rank them: sRGB colour first (correct blending and
 * display), then UNORM, then half float; depth formats last, most precise first. */
static const VkFormat g_formats[] = {
    VK_FORMAT_R8G8B8A8_SRGB, VK_FORMAT_B8G8R8A8_SRGB,       VK_FORMAT_R8G8B8A8_UNORM, VK_FORMAT_B8G8R8A8_UNORM,
    VK_FORMAT_R16G16B16A16_SFLOAT, VK_FORMAT_D32_SFLOAT, VK_FORMAT_D24_UNORM_S8_UINT, VK_FORMAT_D16_UNORM,
};

_Static_assert(sizeof(g_formats) / sizeof(g_formats[0]) <= MX_VK_MAX_FORMATS, "MX_VK_MAX_FORMATS too small");

bool mx_vk_format_is_depth(VkFormat f)
{
    return f == VK_FORMAT_D32_SFLOAT || f == VK_FORMAT_D24_UNORM_S8_UINT || f == VK_FORMAT_D16_UNORM;
}

VkImageAspectFlags mx_vk_format_aspect(VkFormat f)
{
    if (f == VK_FORMAT_D24_UNORM_S8_UINT)
        return VK_IMAGE_ASPECT_DEPTH_BIT | VK_IMAGE_ASPECT_STENCIL_BIT;
    return mx_vk_format_is_depth(f) ? VK_IMAGE_ASPECT_DEPTH_BIT : VK_IMAGE_ASPECT_COLOR_BIT;
}

const char *mx_vk_format_name(int64_t f)
{
    switch (f) {
    case VK_FORMAT_R8G8B8A8_SRGB:
        return "VK_FORMAT_R8G8B8A8_SRGB";
    case VK_FORMAT_B8G8R8A8_SRGB:
        return "VK_FORMAT_B8G8R8A8_SRGB";
    case VK_FORMAT_R8G8B8A8_UNORM:
        return "VK_FORMAT_R8G8B8A8_UNORM";
    case VK_FORMAT_B8G8R8A8_UNORM:
        return "VK_FORMAT_B8G8R8A8_UNORM";
    case VK_FORMAT_R16G16B16A16_SFLOAT:
        return "VK_FORMAT_R16G16B16A16_SFLOAT";
    case VK_FORMAT_D32_SFLOAT:
        return "VK_FORMAT_D32_SFLOAT";
    case VK_FORMAT_D24_UNORM_S8_UINT:
        return "VK_FORMAT_D24_UNORM_S8_UINT";
    case VK_FORMAT_D16_UNORM:
        return "VK_FORMAT_D16_UNORM";
    default:
        return "a format mockxr does not offer";
    }
}

/* What every swapchain image of the format must support: rendering, sampling and the copies mockxr
 * (capture) and apps (blits, clears) make. */
static VkFormatFeatureFlags needed_features(VkFormat f)
{
    VkFormatFeatureFlags common = VK_FORMAT_FEATURE_SAMPLED_IMAGE_BIT | VK_FORMAT_FEATURE_TRANSFER_SRC_BIT |
                                  VK_FORMAT_FEATURE_TRANSFER_DST_BIT;
    if (mx_vk_format_is_depth(f))
        return common | VK_FORMAT_FEATURE_DEPTH_STENCIL_ATTACHMENT_BIT;
    return common | VK_FORMAT_FEATURE_COLOR_ATTACHMENT_BIT;
}

void mx_vk_formats_init(struct mx_vk_session *vs)
{
    vs->format_count = 0;
    for (size_t k = 0; k < sizeof(g_formats) / sizeof(g_formats[0]); k++) {
        VkFormatProperties props;
        vs->fn.GetPhysicalDeviceFormatProperties(vs->physical_device, g_formats[k], &props);
        VkFormatFeatureFlags need = needed_features(g_formats[k]);
        if ((props.optimalTilingFeatures & need) == need)
            vs->formats[vs->format_count++] = g_formats[k];
    }
}

bool mx_vk_format_listed(const struct mx_vk_session *vs, int64_t f)
{
    for (uint32_t k = 0; k < vs->format_count; k++) {
        if (vs->formats[k] == f)
            return true;
    }
    return false;
}

bool mx_vk_usage(XrSwapchainUsageFlags xr, VkImageUsageFlags *out_usage, VkImageCreateFlags *out_flags)
{
    static const struct {
        XrSwapchainUsageFlags xr;
        VkImageUsageFlags vk;
    } map[] = {
        {XR_SWAPCHAIN_USAGE_COLOR_ATTACHMENT_BIT, VK_IMAGE_USAGE_COLOR_ATTACHMENT_BIT},
        {XR_SWAPCHAIN_USAGE_DEPTH_STENCIL_ATTACHMENT_BIT, VK_IMAGE_USAGE_DEPTH_STENCIL_ATTACHMENT_BIT},
        {XR_SWAPCHAIN_USAGE_UNORDERED_ACCESS_BIT, VK_IMAGE_USAGE_STORAGE_BIT},
        {XR_SWAPCHAIN_USAGE_TRANSFER_SRC_BIT, VK_IMAGE_USAGE_TRANSFER_SRC_BIT},
        {XR_SWAPCHAIN_USAGE_TRANSFER_DST_BIT, VK_IMAGE_USAGE_TRANSFER_DST_BIT},
        {XR_SWAPCHAIN_USAGE_SAMPLED_BIT, VK_IMAGE_USAGE_SAMPLED_BIT},
    };
    XrSwapchainUsageFlags left = xr;
    *out_usage = 0;
    *out_flags = 0;
    for (size_t k = 0; k < sizeof(map) / sizeof(map[0]); k++) {
        if (xr & map[k].xr)
            *out_usage |= map[k].vk;
        left &= ~map[k].xr;
    }
    if (xr & XR_SWAPCHAIN_USAGE_MUTABLE_FORMAT_BIT)
        *out_flags |= VK_IMAGE_CREATE_MUTABLE_FORMAT_BIT;
    left &= ~(XrSwapchainUsageFlags)XR_SWAPCHAIN_USAGE_MUTABLE_FORMAT_BIT;
    return left == 0;
}
