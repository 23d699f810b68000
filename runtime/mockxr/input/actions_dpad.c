/* mockxr input: XR_EXT_dpad_binding in xrSyncActions - each (action set, thumbstick / trackpad) dpad of
 * the session evaluated once per sync from the simulated controller's values, with the app's settings
 * (XrInteractionProfileDpadBindingEXT) or the spec's defaults. */
#include "mx_input.h"

#include <stdlib.h>
#include <string.h>

#include "mockxr_internal.h"
#include "mx_ext.h"

static float read_value(const struct mx_session *s, unsigned user, const struct mx_profile_component *comp)
{
    char path[XR_MAX_PATH_LENGTH];
    float v = 0.0f;
    snprintf(path, sizeof path, "%s%s", mx_user_path(user), comp->subpath);
    return mx_script_input(s, path, &v) ? v : 0.0f; /* untouched controls rest at zero */
}

/* The app's settings for this dpad in the current profile, else the spec's defaults. */
static struct mx_dpad_params params_of(const struct mx_input_instance *ii, const struct mx_profile *p,
                                       const struct mx_action_set *set, const struct mx_binding_source *src)
{
    for (size_t k = 0; ii && k < mx_profile_count(); k++) {
        for (size_t d = 0; mx_profile_at(k) == p && d < ii->dpad_count[k]; d++) {
            const struct mx_dpad_params *dp = &ii->dpads[k][d];
            if (dp->set == set && dp->user == src->user && dp->x == src->comp) {
                return *dp;
            }
        }
    }
    return mx_dpad_defaults();
}

static struct mx_dpad_state *state_of(struct mx_input_session *is, const struct mx_action_set *set,
                                      const struct mx_binding_source *src)
{
    for (size_t k = 0; k < is->dpad_count; k++) {
        struct mx_dpad_state *d = &is->dpads[k];
        if (d->set == set && d->user == src->user && d->x == src->comp) {
            return d;
        }
    }
    struct mx_dpad_state *grown = realloc(is->dpads, (is->dpad_count + 1) * sizeof(*grown));
    if (!grown) {
        return NULL;
    }
    is->dpads = grown;
    grown[is->dpad_count] = (struct mx_dpad_state){.set = set, .user = src->user, .x = src->comp};
    return &grown[is->dpad_count++];
}

bool mx_input_dpad_read(struct mx_session *s, struct mx_input_session *is, const struct mx_input_instance *ii,
                        const struct mx_profile *p, const struct mx_action_set *set, const struct mx_binding_source *src)
{
    struct mx_dpad_state *d = state_of(is, set, src);
    if (!d) {
        return false; /* out of memory: the dpad reads as released */
    }
    if (d->sync != is->syncs) { /* once per sync, whatever number of bindings read it */
        struct mx_dpad_params prm = params_of(ii, p, set, src);
        struct mx_dpad_latch latch = {d->engaged, d->latched};
        bool trackpad = strstr(src->comp->subpath, "/input/trackpad") != NULL;
        const struct mx_profile_component *press = src->comp_press;
        d->active = mx_dpad_eval(&prm, trackpad, read_value(s, src->user, src->comp), read_value(s, src->user, src->comp_y),
                                 press != NULL, press && press->type == MX_COMP_FLOAT,
                                 press ? read_value(s, src->user, press) : 0.0f, &latch);
        d->engaged = latch.engaged;
        d->latched = latch.latched;
        d->sync = is->syncs;
    }
    return (d->active & src->dpad) != 0;
}
