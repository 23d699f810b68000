/* XR_KHR_binding_modification: the modifications chained to xrSuggestInteractionProfileBindings, of which
 * mockxr knows XR_EXT_dpad_binding's XrInteractionProfileDpadBindingEXT - validated here as the spec says. */
#include "mx_ext.h"
#include "mx_input.h"
#include "mx_profiles.h"

#include <math.h>
#include <stdlib.h>

static bool in_half_open(float v) /* (0, 1] */
{
    return isfinite(v) && v > 0.0f && v <= 1.0f;
}

static XrResult check_dpad(struct mx_instance *i, const struct mx_profile *p, const XrInteractionProfileDpadBindingEXT *d,
                           uint32_t k, const char *func, struct mx_dpad_params *out)
{
    const char *binding = mx_path_string(i, d->binding);
    struct mx_binding_source src;
    if (!binding)
        return mx_diag(XR_ERROR_PATH_INVALID, func, "bindingModifications[%u]->binding 0x%llx is not a path of this "
                       "instance", k, (unsigned long long)d->binding);
    if (!mx_profile_dpad_identifier(p, binding, &src))
        return mx_diag(XR_ERROR_PATH_UNSUPPORTED, func, "bindingModifications[%u]->binding %s is not a thumbstick or "
                       "trackpad (without a component) of %s", k, binding, p->path);
    struct mx_action_set *set;
    XrResult r = mx_action_set_get(d->actionSet, func, &set);
    if (r != XR_SUCCESS)
        return r;
    if (set->instance != i)
        return mx_diag(XR_ERROR_HANDLE_INVALID, func, "bindingModifications[%u]->actionSet belongs to another instance", k);
    if (!in_half_open(d->forceThreshold) || !in_half_open(d->forceThresholdReleased))
        return mx_diag(XR_ERROR_VALIDATION_FAILURE, func, "bindingModifications[%u]: forceThreshold %g and "
                       "forceThresholdReleased %g must be in (0, 1]", k, (double)d->forceThreshold,
                       (double)d->forceThresholdReleased);
    if (d->forceThreshold < d->forceThresholdReleased)
        return mx_diag(XR_ERROR_VALIDATION_FAILURE, func, "bindingModifications[%u]: forceThreshold %g is below "
                       "forceThresholdReleased %g", k, (double)d->forceThreshold, (double)d->forceThresholdReleased);
    if (!(isfinite(d->centerRegion) && d->centerRegion > 0.0f && d->centerRegion < 1.0f))
        return mx_diag(XR_ERROR_VALIDATION_FAILURE, func, "bindingModifications[%u]: centerRegion %g is outside (0, 1)",
                       k, (double)d->centerRegion);
    if (!(isfinite(d->wedgeAngle) && d->wedgeAngle >= 0.0f && d->wedgeAngle < 3.14159265f))
        return mx_diag(XR_ERROR_VALIDATION_FAILURE, func, "bindingModifications[%u]: wedgeAngle %g is outside [0, pi)",
                       k, (double)d->wedgeAngle);
    const XrHapticBaseHeader *h[2] = {d->onHaptic, d->offHaptic};
    for (int n = 0; n < 2; n++) {
        if (h[n] && (r = mx_check_struct(h[n], XR_TYPE_HAPTIC_VIBRATION, func, n ? "offHaptic" : "onHaptic")) != XR_SUCCESS)
            return r;
    }
    *out = (struct mx_dpad_params){.set = set, .user = src.user, .x = src.comp, .force_threshold = d->forceThreshold,
                                   .force_released = d->forceThresholdReleased, .center = d->centerRegion,
                                   .wedge = d->wedgeAngle, .sticky = d->isSticky != XR_FALSE};
    return XR_SUCCESS;
}

/* Two settings for the same input (top-level path included) and action set are an error (spec). */
static XrResult check_duplicates(const struct mx_dpad_params *list, size_t n, const char *func)
{
    for (size_t a = 0; a < n; a++) {
        for (size_t b = a + 1; b < n; b++) {
            if (list[a].set == list[b].set && list[a].user == list[b].user && list[a].x == list[b].x)
                return mx_diag(XR_ERROR_VALIDATION_FAILURE, func, "bindingModifications[%zu] and [%zu] set the dpad of "
                               "the same input for the same action set", a, b);
        }
    }
    return XR_SUCCESS;
}

static XrResult add_modifications(struct mx_instance *i, const struct mx_profile *p, const XrBindingModificationsKHR *m,
                                  const char *func, struct mx_dpad_params **io, size_t *io_count)
{
    if (m->bindingModificationCount && !m->bindingModifications)
        return mx_diag(XR_ERROR_VALIDATION_FAILURE, func, "bindingModificationCount is %u but bindingModifications is "
                       "NULL", m->bindingModificationCount);
    for (uint32_t k = 0; k < m->bindingModificationCount; k++) {
        const XrBindingModificationBaseHeaderKHR *b = m->bindingModifications[k];
        if (!b)
            return mx_diag(XR_ERROR_VALIDATION_FAILURE, func, "bindingModifications[%u] is NULL", k);
        if (b->type != XR_TYPE_INTERACTION_PROFILE_DPAD_BINDING_EXT || !MX_EXT_ON(i, MX_EXT_DPAD_BINDING))
            continue; /* a modification of an extension mockxr does not offer (or the app did not enable) */
        struct mx_dpad_params *grown = realloc(*io, (*io_count + 1) * sizeof(*grown));
        if (!grown)
            return XR_ERROR_OUT_OF_MEMORY;
        *io = grown;
        XrResult r = check_dpad(i, p, (const XrInteractionProfileDpadBindingEXT *)b, k, func, &grown[*io_count]);
        if (r != XR_SUCCESS)
            return r;
        (*io_count)++;
    }
    return XR_SUCCESS;
}

XrResult mx_binding_modifications(struct mx_instance *i, const struct mx_profile *profile, const void *next,
                                  const char *func, struct mx_dpad_params **out, size_t *out_count)
{
    *out = NULL;
    *out_count = 0;
    XrResult r = XR_SUCCESS;
    for (const XrBaseInStructure *b = next; b && r == XR_SUCCESS && MX_EXT_ON(i, MX_EXT_BINDING_MODIFICATION);
         b = b->next) {
        if (b->type == XR_TYPE_BINDING_MODIFICATIONS_KHR)
            r = add_modifications(i, profile, (const XrBindingModificationsKHR *)b, func, out, out_count);
    }
    if (r == XR_SUCCESS)
        r = check_duplicates(*out, *out_count, func);
    if (r != XR_SUCCESS) {
        free(*out);
        *out = NULL;
        *out_count = 0;
    }
    return r;
}
