/* The API fuzzer's shared pieces: the input as a stream of choices, the handles made so far, struct chains. */
#ifndef FUZZ_MOCKXR_API_H
#define FUZZ_MOCKXR_API_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <vulkan/vulkan.h>
#define XR_USE_GRAPHICS_API_VULKAN
#include <openxr/openxr.h>
#include <openxr/openxr_platform.h>

#include <mockxr/mockxr.h>
#include <mockxr/mockxr_ext.h>

struct in {
    const uint8_t *p;
    size_t n;
};
uint8_t u8(struct in *in);
uint32_t u32(struct in *in);
uint64_t u64(struct in *in);
#define PICK(in, table) ((table)[u8(in) % (sizeof(table) / sizeof((table)[0]))])

enum kind { K_INSTANCE, K_SESSION, K_SPACE, K_ACTION_SET, K_ACTION, K_SWAPCHAIN, K_MESSENGER, K_COUNT };
#define POOL 4
extern XrPath g_paths[8];

/* Keeps a new live handle (false: its pool is full); true when its pool has no room left. */
bool keep(enum kind k, uint64_t h);
bool full(enum kind k);
/* A handle for a parameter of kind k: live, destroyed, another kind's, garbage or XR_NULL_HANDLE. */
uint64_t handle(struct in *in, enum kind k);
#define H(type, in, k) ((type)(uintptr_t)handle(in, k))
XrPath path(struct in *in);
/* A next chain: none, or up to 3 zeroed structs of known or unknown types. */
void *chain(struct in *in);
/* A structure type for an input or output struct: right (mostly), or wrong. */
XrStructureType type_of(struct in *in, XrStructureType right);
/* The function through xrGetInstanceProcAddr of a live instance (NULL when none serves it). */
PFN_xrVoidFunction proc(const char *name);
#define CALL(type, name, ...)                                                                                    \
    do {                                                                                                         \
        type fn_ = (type)proc(name);                                                                             \
        r = fn_ ? fn_(__VA_ARGS__) : XR_ERROR_FUNCTION_UNSUPPORTED;                                              \
    } while (0)

/* fuzz_mockxr_api_input.c: paths, actions, swapchains. */
XrResult path_calls(struct in *in);
XrResult action_create_calls(struct in *in);
XrResult action_use_calls(struct in *in);
XrResult swapchain_calls(struct in *in);

#endif
