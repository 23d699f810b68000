/* mockxr Vulkan enabling rules: extension strings (two-call idiom), requirements before xrCreateSession,
 * the graphics binding checks, device choice by MOCKXR_VK_DEVICE (good and bad values) and enable2's
 * instance/device creation with the runtime's extensions added. */
#include "vk_test.h"

#include <ctype.h>

static bool instance_ext_supported(const char *name)
{
    VkExtensionProperties props[128];
    uint32_t n = 128;
    vkEnumerateInstanceExtensionProperties(NULL, &n, props);
    for (uint32_t k = 0; k < n; k++) {
        if (strcmp(props[k].extensionName, name) == 0)
            return true;
    }
    return false;
}

/* Two-call idiom and format of one extension string: single spaces between non-empty names. */
static void check_ext_string(XrInstance inst, XrSystemId sys, const char *fn_name, bool instance_level)
{
    PFN_xrGetVulkanInstanceExtensionsKHR get = (PFN_xrGetVulkanInstanceExtensionsKHR)vt_proc(inst, fn_name);
    if (!get)
        return;
    uint32_t n = 0;
    VT_EXPECT(inst, get(inst, sys, 0, &n, NULL), XR_SUCCESS);
    VT_CHECK(n > 1, "%s: count %u (the runtime lists extensions)", fn_name, n);
    char small[2] = {'x', 'x'};
    uint32_t n2 = 0;
    VT_EXPECT(inst, get(inst, sys, 1, &n2, small), XR_ERROR_SIZE_INSUFFICIENT);
    VT_CHECK(n2 == n, "%s: SIZE_INSUFFICIENT reports %u, expected %u", fn_name, n2, n);
    VT_EXPECT(inst, get(inst, sys, 0, NULL, NULL), XR_ERROR_VALIDATION_FAILURE);
    VT_EXPECT(inst, get(inst, sys, 12345, &n2, NULL), XR_ERROR_VALIDATION_FAILURE);
    VT_EXPECT(inst, get(inst, sys + 7, 0, &n2, NULL), XR_ERROR_SYSTEM_INVALID);
    char *buf = calloc(n + 8, 1);
    if (!buf)
        return;
    memset(buf, '#', n + 8);
    VT_EXPECT(inst, get(inst, sys, n + 8, &n2, buf), XR_SUCCESS);
    VT_CHECK(n2 == n && buf[n - 1] == '\0' && strlen(buf) == n - 1, "%s: %u chars + NUL expected", fn_name, n - 1);
    VT_CHECK(buf[0] != ' ' && buf[n - 2] != ' ' && !strstr(buf, "  "), "%s: \"%s\" is not single-space separated",
             fn_name, buf);
    const char *names[16];
    uint32_t count = vt_split(buf, names, 16);
    VT_CHECK(count >= 2, "%s: %u names", fn_name, count);
    for (uint32_t k = 0; k < count; k++) {
        VT_CHECK(strncmp(names[k], "VK_", 3) == 0, "%s: \"%s\" is not an extension name", fn_name, names[k]);
        if (instance_level)
            VT_CHECK(instance_ext_supported(names[k]), "%s lists %s, which the Vulkan loader does not offer", fn_name,
                     names[k]);
    }
    free(buf);
}

/* Requirements rule, then the binding checks of xrCreateSession on the enable path. */
static void check_session_rules(void)
{
    const char *exts[] = {XR_KHR_VULKAN_ENABLE_EXTENSION_NAME, NULL};
    XrSystemId sys = XR_NULL_SYSTEM_ID;
    XrInstance inst = vt_instance(exts, &sys);
    if (!inst)
        return;
    check_ext_string(inst, sys, "xrGetVulkanInstanceExtensionsKHR", true);
    check_ext_string(inst, sys, "xrGetVulkanDeviceExtensionsKHR", false);
    /* The app's Vulkan objects, made through this instance (which also queries the requirements). */
    struct vt_vk vk;
    bool ok = vt_vk_enable1(inst, sys, &vk);
    VT_CHECK(ok, "enable path: instance + device");
    VT_EXPECT(inst, xrDestroyInstance(inst), XR_SUCCESS);

    /* A new XrInstance that never asked for the requirements, with the same VkDevice. */
    inst = vt_instance(exts, &sys);
    XrSession s = XR_NULL_HANDLE;
    XrGraphicsBindingVulkanKHR b = vt_binding(&vk);
    if (inst && ok) {
        VT_EXPECT(inst, vt_session_create(inst, sys, &b, &s), XR_ERROR_GRAPHICS_REQUIREMENTS_CALL_MISSING);
        PFN_xrGetVulkanGraphicsRequirementsKHR reqs =
            (PFN_xrGetVulkanGraphicsRequirementsKHR)vt_proc(inst, "xrGetVulkanGraphicsRequirementsKHR");
        XrGraphicsRequirementsVulkanKHR req = {.type = XR_TYPE_GRAPHICS_REQUIREMENTS_VULKAN_KHR};
        XrGraphicsRequirementsVulkanKHR wrong = {.type = XR_TYPE_GRAPHICS_BINDING_VULKAN_KHR};
        VT_EXPECT(inst, reqs(inst, sys, &wrong), XR_ERROR_VALIDATION_FAILURE);
        VT_EXPECT(inst, reqs(inst, sys + 1, &req), XR_ERROR_SYSTEM_INVALID);
        VT_EXPECT(inst, reqs(inst, sys, &req), XR_SUCCESS);
        VT_CHECK(req.minApiVersionSupported <= XR_MAKE_VERSION(1, 1, 0) &&
                 req.maxApiVersionSupported >= XR_MAKE_VERSION(1, 1, 0), "requirements bracket Vulkan 1.1");
        XrGraphicsBindingVulkanKHR bad = b;
        bad.device = VK_NULL_HANDLE;
        VT_EXPECT(inst, vt_session_create(inst, sys, &bad, &s), XR_ERROR_GRAPHICS_DEVICE_INVALID);
        bad = b;
        bad.physicalDevice = (VkPhysicalDevice)(uintptr_t)0x1234; /* compared only, never used */
        VT_EXPECT(inst, vt_session_create(inst, sys, &bad, &s), XR_ERROR_GRAPHICS_DEVICE_INVALID);
        bad = b;
        bad.queueFamilyIndex = 99;
        VT_EXPECT(inst, vt_session_create(inst, sys, &bad, &s), XR_ERROR_VALIDATION_FAILURE);
        bad = b;
        bad.queueIndex = 4096;
        VT_EXPECT(inst, vt_session_create(inst, sys, &bad, &s), XR_ERROR_VALIDATION_FAILURE);
        VT_EXPECT(inst, vt_session_create(inst, sys, NULL, &s), XR_ERROR_GRAPHICS_DEVICE_INVALID);
        VT_EXPECT(inst, vt_session_create(inst, sys, &b, &s), XR_SUCCESS);
        VT_EXPECT(inst, xrDestroySession(s), XR_SUCCESS);
    }
    if (inst)
        VT_EXPECT(inst, xrDestroyInstance(inst), XR_SUCCESS);
    vt_vk_destroy(&vk);
}

/* xrGetVulkanGraphicsDeviceKHR under one MOCKXR_VK_DEVICE value: the expected device index, or -1 when
 * the value must be refused. */
static void check_device_choice(const char *value, int want_index)
{
    setenv("MOCKXR_VK_DEVICE", value, 1);
    const char *exts[] = {XR_KHR_VULKAN_ENABLE_EXTENSION_NAME, NULL};
    XrSystemId sys = XR_NULL_SYSTEM_ID;
    XrInstance inst = vt_instance(exts, &sys);
    unsetenv("MOCKXR_VK_DEVICE");
    if (!inst)
        return;
    VkInstanceCreateInfo ici = {.sType = VK_STRUCTURE_TYPE_INSTANCE_CREATE_INFO, .pApplicationInfo = vt_app_info()};
    VkInstance vki = VK_NULL_HANDLE;
    VT_VK(vkCreateInstance(&ici, NULL, &vki));
    VkPhysicalDevice all[8];
    uint32_t n = 8;
    VT_VK(vkEnumeratePhysicalDevices(vki, &n, all));
    PFN_xrGetVulkanGraphicsDeviceKHR get =
        (PFN_xrGetVulkanGraphicsDeviceKHR)vt_proc(inst, "xrGetVulkanGraphicsDeviceKHR");
    VkPhysicalDevice pd = VK_NULL_HANDLE;
    if (get && want_index >= 0) {
        VT_EXPECT(inst, get(inst, sys, VK_NULL_HANDLE, &pd), XR_ERROR_VALIDATION_FAILURE);
        VT_EXPECT(inst, get(inst, sys, vki, NULL), XR_ERROR_VALIDATION_FAILURE);
        VT_EXPECT(inst, get(inst, sys, vki, &pd), XR_SUCCESS);
        VT_CHECK(pd == all[want_index], "MOCKXR_VK_DEVICE=%s picked another device than index %d", value, want_index);
    } else if (get) {
        VT_EXPECT(inst, get(inst, sys, vki, &pd), XR_ERROR_RUNTIME_FAILURE);
    }
    vkDestroyInstance(vki, NULL);
    VT_EXPECT(inst, xrDestroyInstance(inst), XR_SUCCESS);
}

static void check_device_choices(void)
{
    VkInstanceCreateInfo ici = {.sType = VK_STRUCTURE_TYPE_INSTANCE_CREATE_INFO, .pApplicationInfo = vt_app_info()};
    VkInstance vki = VK_NULL_HANDLE;
    VT_VK(vkCreateInstance(&ici, NULL, &vki));
    VkPhysicalDevice all[8];
    uint32_t n = 8;
    VT_VK(vkEnumeratePhysicalDevices(vki, &n, all));
    int llvmpipe = -1;
    char upper[VK_MAX_PHYSICAL_DEVICE_NAME_SIZE] = "";
    for (uint32_t k = 0; k < n && llvmpipe < 0; k++) {
        VkPhysicalDeviceProperties p;
        vkGetPhysicalDeviceProperties(all[k], &p);
        if (strstr(p.deviceName, "llvmpipe"))
            llvmpipe = (int)k;
    }
    vkDestroyInstance(vki, NULL);
    VT_CHECK(llvmpipe >= 0, "lavapipe (llvmpipe) is not among the %u devices: check VK_ICD_FILENAMES", n);
    snprintf(upper, sizeof upper, "LLVMpipe");
    check_device_choice("0", 0);
    check_device_choice("llvmpipe", llvmpipe);
    check_device_choice(upper, llvmpipe); /* substring match ignores case */
    char past_end[16];
    snprintf(past_end, sizeof past_end, "%u", n);
    check_device_choice(past_end, -1);
    check_device_choice("no-such-gpu", -1);
}

/* enable2: create-info checks, the physical-device rule, and the runtime's extensions really enabled. */
static void check_enable2(void)
{
    const char *exts[] = {XR_KHR_VULKAN_ENABLE2_EXTENSION_NAME, NULL};
    XrSystemId sys = XR_NULL_SYSTEM_ID;
    XrInstance inst = vt_instance(exts, &sys);
    if (!inst)
        return;
    PFN_xrCreateVulkanInstanceKHR create_instance =
        (PFN_xrCreateVulkanInstanceKHR)vt_proc(inst, "xrCreateVulkanInstanceKHR");
    PFN_xrGetVulkanGraphicsDevice2KHR get_device =
        (PFN_xrGetVulkanGraphicsDevice2KHR)vt_proc(inst, "xrGetVulkanGraphicsDevice2KHR");
    PFN_xrCreateVulkanDeviceKHR create_device = (PFN_xrCreateVulkanDeviceKHR)vt_proc(inst, "xrCreateVulkanDeviceKHR");
    PFN_xrVoidFunction v1 = NULL;
    VT_EXPECT(inst, xrGetInstanceProcAddr(inst, "xrGetVulkanGraphicsDeviceKHR", &v1), XR_ERROR_FUNCTION_UNSUPPORTED);
    if (!create_instance || !get_device || !create_device)
        return;
    VkInstanceCreateInfo ici = {.sType = VK_STRUCTURE_TYPE_INSTANCE_CREATE_INFO, .pApplicationInfo = vt_app_info()};
    XrVulkanInstanceCreateInfoKHR xici = {.type = XR_TYPE_VULKAN_INSTANCE_CREATE_INFO_KHR, .systemId = sys,
                                          .createFlags = 1, .pfnGetInstanceProcAddr = vkGetInstanceProcAddr,
                                          .vulkanCreateInfo = &ici};
    VkInstance vki = VK_NULL_HANDLE;
    VkResult vr = VK_ERROR_UNKNOWN;
    VT_EXPECT(inst, create_instance(inst, &xici, &vki, &vr), XR_ERROR_VALIDATION_FAILURE);
    xici.createFlags = 0;
    xici.pfnGetInstanceProcAddr = NULL;
    VT_EXPECT(inst, create_instance(inst, &xici, &vki, &vr), XR_ERROR_VALIDATION_FAILURE);
    xici.pfnGetInstanceProcAddr = vkGetInstanceProcAddr;
    VT_EXPECT(inst, create_instance(inst, &xici, &vki, &vr), XR_SUCCESS);
    VT_CHECK(vr == VK_SUCCESS && vki, "vulkanResult %d", (int)vr);
    if (!vki)
        return;
    /* The app asked for no extension; the runtime added its own (an extension's command resolves only
     * when the extension is enabled). */
    VT_CHECK(vkGetInstanceProcAddr(vki, "vkGetPhysicalDeviceProperties2KHR") != NULL,
             "VK_KHR_get_physical_device_properties2 was not added to the VkInstance");

    float prio = 1.0f;
    VkDeviceQueueCreateInfo qi = {.sType = VK_STRUCTURE_TYPE_DEVICE_QUEUE_CREATE_INFO, .queueCount = 1,
                                  .pQueuePriorities = &prio};
    VkDeviceCreateInfo dci = {.sType = VK_STRUCTURE_TYPE_DEVICE_CREATE_INFO, .queueCreateInfoCount = 1,
                              .pQueueCreateInfos = &qi};
    VkPhysicalDevice all[8];
    uint32_t n = 8;
    VT_VK(vkEnumeratePhysicalDevices(vki, &n, all));
    XrVulkanDeviceCreateInfoKHR xdci = {.type = XR_TYPE_VULKAN_DEVICE_CREATE_INFO_KHR, .systemId = sys,
                                        .pfnGetInstanceProcAddr = vkGetInstanceProcAddr, .vulkanPhysicalDevice = all[0],
                                        .vulkanCreateInfo = &dci};
    VkDevice dev = VK_NULL_HANDLE;
    /* Before xrGetVulkanGraphicsDevice2KHR there is no device to match. */
    VT_EXPECT(inst, create_device(inst, &xdci, &dev, &vr), XR_ERROR_HANDLE_INVALID);
    XrVulkanGraphicsDeviceGetInfoKHR gi = {.type = XR_TYPE_VULKAN_GRAPHICS_DEVICE_GET_INFO_KHR, .systemId = sys,
                                           .vulkanInstance = vki};
    VkPhysicalDevice pd = VK_NULL_HANDLE;
    VT_EXPECT(inst, get_device(inst, &gi, &pd), XR_SUCCESS);
    xdci.vulkanPhysicalDevice = (VkPhysicalDevice)(uintptr_t)0x1234;
    VT_EXPECT(inst, create_device(inst, &xdci, &dev, &vr), XR_ERROR_HANDLE_INVALID);
    xdci.vulkanPhysicalDevice = pd;
    VT_EXPECT(inst, create_device(inst, &xdci, &dev, &vr), XR_SUCCESS);
    VT_CHECK(vr == VK_SUCCESS && dev, "vulkanResult %d", (int)vr);
    if (dev) {
        VT_CHECK(vkGetDeviceProcAddr(dev, "vkGetImageMemoryRequirements2KHR") != NULL,
                 "VK_KHR_get_memory_requirements2 was not added to the VkDevice");
        vkDestroyDevice(dev, NULL);
    }
    vkDestroyInstance(vki, NULL);
    VT_EXPECT(inst, xrDestroyInstance(inst), XR_SUCCESS);
}

int main(void)
{
    check_session_rules();
    check_device_choices();
    check_enable2();
    return vt_finish("vk_enable");
}
