/* The one process-wide runtime state (lock, handle table, instance list, counters) and handle checks. */
#include "mockxr_internal.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Handle value layout: kind (8 bits) | generation (24 bits) | slot + 1 (32 bits). A value built any
 * other way (garbage, stale after destroy, another kind) fails the lookup without being dereferenced. */
struct mx_slot {
    void *obj;
    uint32_t generation;
    uint8_t kind;
};

struct mx_runtime {
    pthread_mutex_t lock;
    /* The API call in progress (only the lock holder touches these): how deep the lock is held, and the
     * handles the call looked up, for the objects of its diagnostics (XR_EXT_debug_utils). */
    uint32_t lock_depth;
    struct mx_call_object context[MX_CALL_CONTEXT_MAX];
    uint32_t context_count;
    struct mx_slot *slots;
    uint32_t slot_count, slot_capacity;
    uint32_t free_hint;
    uint32_t live[MX_HANDLE_KIND_COUNT]; /* handles registered and not yet unregistered, per kind */
    uint64_t error_count;
    uint64_t lost_count; /* SESSION_LOST / INSTANCE_LOST returned (not errors: the app's due after a loss) */
    struct mx_instance *instances;
};

static struct mx_runtime g_runtime = {.lock = PTHREAD_RECURSIVE_MUTEX_INITIALIZER_NP};

/* Taking the lock from outside marks the start of an API call: its context starts empty. */
void mx_lock(void)
{
    pthread_mutex_lock(&g_runtime.lock);
    if (g_runtime.lock_depth++ == 0)
        g_runtime.context_count = 0;
}

void mx_unlock(void)
{
    g_runtime.lock_depth--;
    pthread_mutex_unlock(&g_runtime.lock);
}

int mx_cond_init(pthread_cond_t *cond)
{
    pthread_condattr_t attr;
    int err = pthread_condattr_init(&attr);
    if (err == 0) {
        err = pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
        if (err == 0)
            err = pthread_cond_init(cond, &attr);
        pthread_condattr_destroy(&attr);
    }
    return err;
}

/* While a thread sleeps with the lock released, other calls run: its call context is put aside. */
struct mx_saved_call {
    uint32_t depth, count;
    struct mx_call_object context[MX_CALL_CONTEXT_MAX];
};

static void call_set_aside(struct mx_saved_call *saved)
{
    saved->depth = g_runtime.lock_depth;
    saved->count = g_runtime.context_count;
    memcpy(saved->context, g_runtime.context, sizeof(saved->context));
    g_runtime.lock_depth = 0;
}

static void call_resume(const struct mx_saved_call *saved)
{
    g_runtime.lock_depth = saved->depth;
    g_runtime.context_count = saved->count;
    memcpy(g_runtime.context, saved->context, sizeof(saved->context));
}

void mx_cond_wait(pthread_cond_t *cond)
{
    struct mx_saved_call saved;
    call_set_aside(&saved);
    pthread_cond_wait(cond, &g_runtime.lock);
    call_resume(&saved);
}

bool mx_cond_timedwait(pthread_cond_t *cond, const struct timespec *abs_deadline)
{
    struct mx_saved_call saved;
    call_set_aside(&saved);
    bool signalled = pthread_cond_timedwait(cond, &g_runtime.lock, abs_deadline) == 0;
    call_resume(&saved);
    return signalled;
}

static void context_note(enum mx_handle_kind kind, uint64_t handle)
{
    for (uint32_t k = 0; k < g_runtime.context_count; k++) {
        if (g_runtime.context[k].handle == handle)
            return;
    }
    if (g_runtime.context_count < MX_CALL_CONTEXT_MAX)
        g_runtime.context[g_runtime.context_count++] = (struct mx_call_object){.kind = kind, .handle = handle};
}

uint32_t mx_call_context(const struct mx_call_object **out)
{
    *out = g_runtime.context;
    return g_runtime.context_count;
}

uint64_t mx_next_seq(struct mx_instance *i)
{
    return ++i->seq;
}

void mx_runtime_count_error(void)
{
    g_runtime.error_count++;
}

uint64_t mx_diag_error_count(void)
{
    return g_runtime.error_count;
}

void mx_runtime_count_lost(void)
{
    g_runtime.lost_count++;
}

uint64_t mx_diag_lost_count(void)
{
    return g_runtime.lost_count;
}

struct mx_instance *mx_runtime_instances(void)
{
    return g_runtime.instances;
}

void mx_runtime_add_instance(struct mx_instance *i)
{
    i->next = g_runtime.instances;
    g_runtime.instances = i;
}

void mx_runtime_remove_instance(struct mx_instance *i)
{
    for (struct mx_instance **p = &g_runtime.instances; *p; p = &(*p)->next) {
        if (*p == i) {
            *p = i->next;
            break;
        }
    }
}

static uint64_t make_handle(uint8_t kind, uint32_t generation, uint32_t slot)
{
    return ((uint64_t)kind << 56) | ((uint64_t)(generation & 0xffffffu) << 32) | (uint64_t)(slot + 1u);
}

uint64_t mx_handle_register(enum mx_handle_kind kind, void *obj)
{
    struct mx_runtime *rt = &g_runtime;
    uint32_t slot = UINT32_MAX;
    for (uint32_t k = rt->free_hint; k < rt->slot_count; k++) {
        if (!rt->slots[k].obj) {
            slot = k;
            break;
        }
    }
    if (slot == UINT32_MAX) {
        if (rt->slot_count == rt->slot_capacity) {
            uint32_t cap = rt->slot_capacity ? rt->slot_capacity * 2 : 64;
            struct mx_slot *grown = realloc(rt->slots, cap * sizeof(*grown));
            if (!grown)
                return 0;
            rt->slots = grown;
            rt->slot_capacity = cap;
        }
        slot = rt->slot_count++;
        rt->slots[slot].generation = 0;
    }
    struct mx_slot *s = &rt->slots[slot];
    s->obj = obj;
    s->kind = (uint8_t)kind;
    s->generation = (s->generation + 1) & 0xffffffu;
    if (s->generation == 0)
        s->generation = 1;
    rt->free_hint = slot + 1;
    rt->live[kind]++;
    return make_handle((uint8_t)kind, s->generation, slot);
}

static struct mx_slot *find_slot(uint64_t handle)
{
    uint32_t slot = (uint32_t)(handle & 0xffffffffu);
    if (slot == 0 || slot > g_runtime.slot_count)
        return NULL;
    struct mx_slot *s = &g_runtime.slots[slot - 1];
    if (!s->obj || s->kind != (uint8_t)(handle >> 56) || s->generation != ((handle >> 32) & 0xffffffu))
        return NULL;
    return s;
}

/* With no instance and no handle left, the table goes: nothing outstanding for a leak checker, and the
 * next instance starts from the same slots (report ids repeat run to run). */
static void release_table_if_empty(void)
{
    if (g_runtime.instances)
        return;
    for (uint32_t k = 0; k < g_runtime.slot_count; k++) {
        if (g_runtime.slots[k].obj)
            return;
    }
    free(g_runtime.slots);
    g_runtime.slots = NULL;
    g_runtime.slot_count = g_runtime.slot_capacity = g_runtime.free_hint = 0;
}

/* An app that never calls xrDestroyInstance still must not show the table as a leak once the loader
 * unloads the runtime (or the process ends). */
__attribute__((destructor)) static void release_table_at_unload(void)
{
    free(g_runtime.slots);
    g_runtime.slots = NULL;
    g_runtime.slot_count = g_runtime.slot_capacity = g_runtime.free_hint = 0;
}

void mx_handle_unregister(uint64_t handle)
{
    struct mx_slot *s = find_slot(handle);
    if (!s)
        return;
    s->obj = NULL;
    g_runtime.live[s->kind]--;
    mx_debug_forget(handle);
    uint32_t slot = (uint32_t)(handle & 0xffffffffu) - 1u;
    if (slot < g_runtime.free_hint)
        g_runtime.free_hint = slot;
    release_table_if_empty();
}

static const char *kind_name(enum mx_handle_kind kind)
{
    static const char *const names[MX_HANDLE_KIND_COUNT] = {
        [MX_HANDLE_INSTANCE] = "XrInstance",   [MX_HANDLE_SESSION] = "XrSession",
        [MX_HANDLE_SPACE] = "XrSpace",         [MX_HANDLE_SWAPCHAIN] = "XrSwapchain",
        [MX_HANDLE_ACTION_SET] = "XrActionSet", [MX_HANDLE_ACTION] = "XrAction",
        [MX_HANDLE_DEBUG_MESSENGER] = "XrDebugUtilsMessengerEXT", [MX_HANDLE_HAND_TRACKER] = "XrHandTrackerEXT",
    };
    return (kind > 0 && kind < MX_HANDLE_KIND_COUNT) ? names[kind] : "handle";
}

/* "N live handles (1 XrInstance, 2 XrActionSet, ...)": what the app holds (the soak compares it per session). */
void mx_handle_live_text(char *buf, size_t size)
{
    uint32_t total = 0;
    for (int k = 1; k < MX_HANDLE_KIND_COUNT; k++)
        total += g_runtime.live[k];
    size_t n = (size_t)snprintf(buf, size, "%u live handles", total);
    const char *sep = " (";
    for (int k = 1; k < MX_HANDLE_KIND_COUNT && n < size; k++) {
        if (g_runtime.live[k]) {
            n += (size_t)snprintf(buf + n, size - n, "%s%u %s", sep, g_runtime.live[k],
                                  kind_name((enum mx_handle_kind)k));
            sep = ", ";
        }
    }
    if (total && n < size)
        snprintf(buf + n, size - n, ")");
}

XrResult mx_handle_lookup(uint64_t handle, enum mx_handle_kind kind, const char *func, void **out)
{
    *out = NULL;
    if (handle == 0)
        return mx_diag(XR_ERROR_HANDLE_INVALID, func, "%s is XR_NULL_HANDLE", kind_name(kind));
    struct mx_slot *s = find_slot(handle);
    if (!s || s->kind != (uint8_t)kind)
        return mx_diag(XR_ERROR_HANDLE_INVALID, func,
                       "%s 0x%llx is not a live handle of that type (destroyed, never created, or another type)",
                       kind_name(kind), (unsigned long long)handle);
    *out = s->obj;
    context_note(kind, handle);
    return XR_SUCCESS;
}

void *mx_handle_object(uint64_t handle, enum mx_handle_kind kind)
{
    struct mx_slot *s = find_slot(handle);
    return (s && s->kind == (uint8_t)kind) ? s->obj : NULL;
}

XrResult mx_instance_lookup(XrInstance h, const char *func, struct mx_instance **out)
{
    return mx_handle_lookup(MX_HANDLE_VALUE(h), MX_HANDLE_INSTANCE, func, (void **)out);
}

XrResult mx_instance_get(XrInstance h, const char *func, struct mx_instance **out)
{
    XrResult r = mx_instance_lookup(h, func, out);
    if (r == XR_SUCCESS && (*out)->lost)
        return mx_diag(XR_ERROR_INSTANCE_LOST, func, "the instance was lost (injected fault); destroy it");
    return r;
}

XrResult mx_session_lookup(XrSession h, const char *func, struct mx_session **out)
{
    return mx_handle_lookup(MX_HANDLE_VALUE(h), MX_HANDLE_SESSION, func, (void **)out);
}

XrResult mx_session_get(XrSession h, const char *func, struct mx_session **out)
{
    XrResult r = mx_session_lookup(h, func, out);
    if (r != XR_SUCCESS)
        return r;
    if ((*out)->instance->lost)
        return mx_diag(XR_ERROR_INSTANCE_LOST, func, "the instance was lost (injected fault); destroy it");
    if ((*out)->lost)
        return mx_diag(XR_ERROR_SESSION_LOST, func,
                       "the session was lost (XR_SESSION_STATE_LOSS_PENDING); destroy it and create a new one");
    return XR_SUCCESS;
}

XrResult mx_space_get(XrSpace h, const char *func, struct mx_space **out)
{
    XrResult r = mx_handle_lookup(MX_HANDLE_VALUE(h), MX_HANDLE_SPACE, func, (void **)out);
    if (r != XR_SUCCESS)
        return r;
    struct mx_session *unused;
    return mx_session_get((XrSession)(uintptr_t)(*out)->session->handle, func, &unused);
}

XrResult mx_swapchain_get(XrSwapchain h, const char *func, struct mx_swapchain **out)
{
    XrResult r = mx_handle_lookup(MX_HANDLE_VALUE(h), MX_HANDLE_SWAPCHAIN, func, (void **)out);
    if (r != XR_SUCCESS)
        return r;
    struct mx_session *unused;
    return mx_session_get((XrSession)(uintptr_t)(*out)->session->handle, func, &unused);
}

XrResult mx_action_set_get(XrActionSet h, const char *func, struct mx_action_set **out)
{
    return mx_handle_lookup(MX_HANDLE_VALUE(h), MX_HANDLE_ACTION_SET, func, (void **)out);
}

XrResult mx_action_get(XrAction h, const char *func, struct mx_action **out)
{
    return mx_handle_lookup(MX_HANDLE_VALUE(h), MX_HANDLE_ACTION, func, (void **)out);
}
