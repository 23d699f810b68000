/* The API fuzzer's calls on paths, actions and swapchains (fuzz_mockxr_api.c drives them). */
#include "fuzz_mockxr_api.h"

XrResult path_calls(struct in *in)
{
    static const char *const strings[] = {
        "/user/hand/left", "/user/hand/right", "/user/head", "/interaction_profiles/oculus/touch_controller",
        "/interaction_profiles/khr/simple_controller", "/user/hand/right/input/trigger/value",
        "/user/hand/left/input/select/click", "/user/hand/right/output/haptic", "/user/hand/left/input/grip/pose",
        "", "no/leading/slash", "/double//slash", "/trailing/", "/Upper/Case", "/user/hand/left/input/thumbstick",
    };
    XrResult r = XR_SUCCESS;
    XrInstance inst = H(XrInstance, in, K_INSTANCE);
    if (u8(in) & 1) {
        XrPath p = XR_NULL_PATH;
        uint8_t slot = u8(in);
        CALL(PFN_xrStringToPath, "xrStringToPath", inst, PICK(in, strings), &p);
        if (r == XR_SUCCESS)
            g_paths[slot % 8] = p;
    } else {
        char text[XR_MAX_PATH_LENGTH];
        uint32_t capacity = u8(in) % 80, count = 0;
        CALL(PFN_xrPathToString, "xrPathToString", inst, path(in), capacity, &count, capacity ? text : NULL);
        if (r == XR_SUCCESS && capacity && count > capacity)
            abort();
    }
    return r;
}

XrResult action_create_calls(struct in *in)
{
    static const char *const names[] = {"set", "grab", "", "Bad Name", "aim_pose",
        "a_name_that_is_far_too_long_for_any_action_or_action_set_at_all_really_yes"};
    static const XrActionType types[] = {XR_ACTION_TYPE_BOOLEAN_INPUT, XR_ACTION_TYPE_FLOAT_INPUT,
                                         XR_ACTION_TYPE_VECTOR2F_INPUT, XR_ACTION_TYPE_POSE_INPUT,
                                         XR_ACTION_TYPE_VIBRATION_OUTPUT, 0, 7};
    XrResult r = XR_SUCCESS;
    uint8_t b = u8(in);
    const char *name = PICK(in, names);
    if (b % 3 == 0 && !full(K_ACTION_SET)) {
        XrActionSetCreateInfo ci = {.type = type_of(in, XR_TYPE_ACTION_SET_CREATE_INFO), .next = chain(in),
                                    .priority = u8(in)};
        snprintf(ci.actionSetName, sizeof ci.actionSetName, "%s", name);
        snprintf(ci.localizedActionSetName, sizeof ci.localizedActionSetName, "%s", u8(in) & 1 ? "" : "Set");
        XrActionSet set = XR_NULL_HANDLE;
        CALL(PFN_xrCreateActionSet, "xrCreateActionSet", H(XrInstance, in, K_INSTANCE), &ci, &set);
        if (r == XR_SUCCESS && !keep(K_ACTION_SET, (uint64_t)(uintptr_t)set))
            abort();
    } else if (b % 3 == 1 && !full(K_ACTION)) {
        XrPath subs[2] = {path(in), path(in)};
        XrActionCreateInfo ci = {.type = type_of(in, XR_TYPE_ACTION_CREATE_INFO), .next = chain(in),
                                 .actionType = PICK(in, types), .countSubactionPaths = u8(in) % 3,
                                 .subactionPaths = subs};
        snprintf(ci.actionName, sizeof ci.actionName, "%s", name);
        snprintf(ci.localizedActionName, sizeof ci.localizedActionName, "%s", u8(in) & 1 ? "" : "Action");
        XrAction a = XR_NULL_HANDLE;
        CALL(PFN_xrCreateAction, "xrCreateAction", H(XrActionSet, in, K_ACTION_SET), &ci, &a);
        if (r == XR_SUCCESS && !keep(K_ACTION, (uint64_t)(uintptr_t)a))
            abort();
    } else {
        XrActionSuggestedBinding sb[3];
        for (int k = 0; k < 3; k++)
            sb[k] = (XrActionSuggestedBinding){.action = H(XrAction, in, K_ACTION), .binding = path(in)};
        XrInteractionProfileSuggestedBinding s = {.type = type_of(in, XR_TYPE_INTERACTION_PROFILE_SUGGESTED_BINDING),
                                                  .next = chain(in), .interactionProfile = path(in),
                                                  .countSuggestedBindings = u8(in) % 4, .suggestedBindings = sb};
        CALL(PFN_xrSuggestInteractionProfileBindings, "xrSuggestInteractionProfileBindings",
             H(XrInstance, in, K_INSTANCE), &s);
    }
    return r;
}

XrResult action_use_calls(struct in *in)
{
    XrResult r = XR_SUCCESS;
    uint8_t b = u8(in);
    XrSession s = H(XrSession, in, K_SESSION);
    XrActionStateGetInfo gi = {.type = type_of(in, XR_TYPE_ACTION_STATE_GET_INFO), .next = chain(in),
                               .action = H(XrAction, in, K_ACTION), .subactionPath = path(in)};
    switch (b % 8) {
    case 0: {
        XrActionSet sets[2] = {H(XrActionSet, in, K_ACTION_SET), H(XrActionSet, in, K_ACTION_SET)};
        XrSessionActionSetsAttachInfo ai = {.type = type_of(in, XR_TYPE_SESSION_ACTION_SETS_ATTACH_INFO),
                                            .next = chain(in), .countActionSets = u8(in) % 3, .actionSets = sets};
        CALL(PFN_xrAttachSessionActionSets, "xrAttachSessionActionSets", s, &ai);
        break;
    }
    case 1: {
        XrActiveActionSet active[2] = {{H(XrActionSet, in, K_ACTION_SET), path(in)},
                                       {H(XrActionSet, in, K_ACTION_SET), path(in)}};
        XrActionsSyncInfo si = {.type = type_of(in, XR_TYPE_ACTIONS_SYNC_INFO), .next = chain(in),
                                .countActiveActionSets = u8(in) % 3, .activeActionSets = active};
        CALL(PFN_xrSyncActions, "xrSyncActions", s, &si);
        break;
    }
    case 2: {
        XrActionStateBoolean st = {.type = type_of(in, XR_TYPE_ACTION_STATE_BOOLEAN)};
        CALL(PFN_xrGetActionStateBoolean, "xrGetActionStateBoolean", s, &gi, &st);
        break;
    }
    case 3: {
        XrActionStateFloat st = {.type = type_of(in, XR_TYPE_ACTION_STATE_FLOAT)};
        CALL(PFN_xrGetActionStateFloat, "xrGetActionStateFloat", s, &gi, &st);
        XrActionStateVector2f v = {.type = type_of(in, XR_TYPE_ACTION_STATE_VECTOR2F)};
        CALL(PFN_xrGetActionStateVector2f, "xrGetActionStateVector2f", s, &gi, &v);
        break;
    }
    case 4: {
        XrActionStatePose st = {.type = type_of(in, XR_TYPE_ACTION_STATE_POSE)};
        CALL(PFN_xrGetActionStatePose, "xrGetActionStatePose", s, &gi, &st);
        break;
    }
    case 5: {
        XrHapticActionInfo hi = {.type = type_of(in, XR_TYPE_HAPTIC_ACTION_INFO), .next = chain(in),
                                 .action = gi.action, .subactionPath = gi.subactionPath};
        XrHapticVibration v = {.type = type_of(in, XR_TYPE_HAPTIC_VIBRATION), .duration = (XrDuration)u32(in),
                               .frequency = (float)u8(in), .amplitude = (float)u8(in) / 128.0f};
        if (u8(in) & 1)
            CALL(PFN_xrApplyHapticFeedback, "xrApplyHapticFeedback", s, &hi, (const XrHapticBaseHeader *)&v);
        else
            CALL(PFN_xrStopHapticFeedback, "xrStopHapticFeedback", s, &hi);
        break;
    }
    case 6: {
        XrInteractionProfileState st = {.type = type_of(in, XR_TYPE_INTERACTION_PROFILE_STATE)};
        CALL(PFN_xrGetCurrentInteractionProfile, "xrGetCurrentInteractionProfile", s, path(in), &st);
        break;
    }
    default: {
        XrBoundSourcesForActionEnumerateInfo ei = {.type = type_of(in, XR_TYPE_BOUND_SOURCES_FOR_ACTION_ENUMERATE_INFO),
                                                   .action = gi.action};
        XrPath sources[4];
        uint32_t capacity = u8(in) % 5, count = 0;
        CALL(PFN_xrEnumerateBoundSourcesForAction, "xrEnumerateBoundSourcesForAction", s, &ei, capacity, &count,
             capacity ? sources : NULL);
        if (r == XR_SUCCESS && count)
            g_paths[u8(in) % 8] = sources[0];
        XrInputSourceLocalizedNameGetInfo ni = {.type = type_of(in, XR_TYPE_INPUT_SOURCE_LOCALIZED_NAME_GET_INFO),
                                                .sourcePath = path(in), .whichComponents = u8(in) % 9};
        char name[128];
        uint32_t cap = u8(in) % 129;
        CALL(PFN_xrGetInputSourceLocalizedName, "xrGetInputSourceLocalizedName", s, &ni, cap, &count,
             cap ? name : NULL);
        break;
    }
    }
    return r;
}

/* Headless sessions have no swapchains: creating one is refused; the image calls get other handles. */
XrResult swapchain_calls(struct in *in)
{
    XrResult r = XR_SUCCESS;
    uint8_t b = u8(in);
    XrSwapchain sc = H(XrSwapchain, in, K_SWAPCHAIN);
    if (b % 4 == 0 && !full(K_SWAPCHAIN)) {
        XrSwapchainCreateInfo ci = {.type = type_of(in, XR_TYPE_SWAPCHAIN_CREATE_INFO), .next = chain(in),
                                    .usageFlags = XR_SWAPCHAIN_USAGE_COLOR_ATTACHMENT_BIT, .format = 43 /* SRGB */,
                                    .sampleCount = 1, .width = u8(in), .height = 64, .faceCount = 1,
                                    .arraySize = u8(in) % 3, .mipCount = 1};
        XrSwapchain out = XR_NULL_HANDLE;
        CALL(PFN_xrCreateSwapchain, "xrCreateSwapchain", H(XrSession, in, K_SESSION), &ci, &out);
        if (r == XR_SUCCESS && !keep(K_SWAPCHAIN, (uint64_t)(uintptr_t)out))
            abort();
    } else if (b % 4 == 1) {
        XrSwapchainImageVulkanKHR images[4];
        for (int k = 0; k < 4; k++)
            images[k] = (XrSwapchainImageVulkanKHR){.type = type_of(in, XR_TYPE_SWAPCHAIN_IMAGE_VULKAN_KHR)};
        uint32_t capacity = u8(in) % 5, count = 0;
        CALL(PFN_xrEnumerateSwapchainImages, "xrEnumerateSwapchainImages", sc, capacity, &count,
             capacity ? (XrSwapchainImageBaseHeader *)images : NULL);
    } else if (b % 4 == 2) {
        XrSwapchainImageAcquireInfo ai = {.type = type_of(in, XR_TYPE_SWAPCHAIN_IMAGE_ACQUIRE_INFO)};
        uint32_t index = 0;
        CALL(PFN_xrAcquireSwapchainImage, "xrAcquireSwapchainImage", sc, &ai, &index);
        XrSwapchainImageWaitInfo wi = {.type = type_of(in, XR_TYPE_SWAPCHAIN_IMAGE_WAIT_INFO), .timeout = 1000};
        CALL(PFN_xrWaitSwapchainImage, "xrWaitSwapchainImage", sc, &wi);
    } else {
        XrSwapchainImageReleaseInfo ri = {.type = type_of(in, XR_TYPE_SWAPCHAIN_IMAGE_RELEASE_INFO)};
        CALL(PFN_xrReleaseSwapchainImage, "xrReleaseSwapchainImage", sc, &ri);
    }
    return r;
}

