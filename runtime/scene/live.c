/* Live data in the scene: overrides of machine states (set by the twin before scene_update), the history those
 * updates build for charts, the link state panels show, and where each machine's lamp is. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scene_internal.h"

static bool link_is_down(const struct scene *scene)
{
    return scene->link == SCENE_LINK_CONNECTING || scene->link == SCENE_LINK_DOWN;
}

void scene_machine_state(const struct scene *scene, uint32_t index, struct scene_machine_state *out_state)
{
    if (index < scene->machine_count && scene->live[index].live) {
        *out_state = scene->live[index];
        out_state->link_down = link_is_down(scene);
        return;
    }
    scene_machine_state_sim(scene, index, scene->time_ns, out_state);
}

static struct scene_history_sample *history_at(const struct scene_history *h, uint32_t k)
{
    /* k-th oldest of the samples held */
    return &h->samples[(h->next + SCENE_HISTORY_SAMPLES - h->count + k) % SCENE_HISTORY_SAMPLES];
}

/* Keeps one sample per SCENE_HISTORY_STEP_NS: a new sample replaces the newest one while that one is less than a
 * step after the one before it and nothing changed (status, stale, link) between the three; so the samples kept
 * are a step apart, each the last value of its step, and every change keeps its own sample. */
static void history_add(struct scene *scene, struct scene_history *h, const struct scene_machine_state *st, int64_t t)
{
    if (!h->samples)
        return; /* a machine without a state: none */
    const struct scene_history_sample s = {.time_ns = t, .cycle_count = st->cycle_count,
                                           .parts_per_hour = st->parts_per_hour, .temperature_c = st->temperature_c,
                                           .load_pct = st->load_pct, .status = (uint8_t)st->status, .stale = st->stale,
                                           .link_down = link_is_down(scene)};
    if (h->count > 0 && t < history_at(h, h->count - 1)->time_ns) {
        h->count = 0; /* time went back (a new timeline): start over */
        h->dropped = false;
    }
    if (h->count >= 2) {
        struct scene_history_sample *last = history_at(h, h->count - 1), *before = history_at(h, h->count - 2);
        bool same = last->status == s.status && before->status == s.status && last->stale == s.stale &&
                    before->stale == s.stale && last->link_down == s.link_down && before->link_down == s.link_down;
        if (same && last->time_ns - before->time_ns < SCENE_HISTORY_STEP_NS) {
            *last = s;
            return;
        }
    }
    h->samples[h->next] = s;
    h->next = (h->next + 1) % SCENE_HISTORY_SAMPLES;
    if (h->count < SCENE_HISTORY_SAMPLES)
        h->count++;
    else
        h->dropped = true;
}

void scene_set_machine_live(struct scene *scene, uint32_t index, const struct scene_machine_state *state)
{
    if (index >= scene->machine_count || !scene->machines[index].has_state)
        return;
    if (!state) {
        memset(&scene->live[index], 0, sizeof scene->live[index]);
        scene->history[index].count = 0;
        scene->history[index].next = 0;
        scene->history[index].dropped = false;
        return;
    }
    scene->live[index] = *state;
    scene->live[index].live = true;
    scene->live[index].alarm[SCENE_ALARM_MAX - 1] = '\0';
    /* A change without new data (stale now) happens at the scene's time, not at the last data's. */
    int64_t t = state->updated_ns > scene->time_ns ? state->updated_ns : scene->time_ns;
    history_add(scene, &scene->history[index], state, t);
}

void scene_set_link(struct scene *scene, enum scene_link link)
{
    scene->link = (unsigned)link < SCENE_LINK_COUNT ? link : SCENE_LINK_NONE;
}

enum scene_link scene_get_link(const struct scene *scene)
{
    return scene->link;
}

const char *scene_link_name(enum scene_link link)
{
    static const char *const names[SCENE_LINK_COUNT] = {"none", "connecting", "up", "down"};
    return (unsigned)link < SCENE_LINK_COUNT ? names[link] : "unknown";
}

bool scene_machine_beacon(const struct scene *scene, uint32_t index, float out_pos[3])
{
    if (index >= scene->machine_count || !scene->machines[index].has_state) {
        out_pos[0] = out_pos[1] = out_pos[2] = 0.0f;
        return false;
    }
    memcpy(out_pos, scene->beacons[index], sizeof(float) * 3);
    return true;
}

/* The live state in effect at time t: the newest sample at or before it. */
static void live_sample(const struct scene *scene, uint32_t index, int64_t t, struct scene_machine_state *out)
{
    const struct scene_history *h = &scene->history[index];
    uint32_t lo = 0, hi = h->count; /* first sample after t */
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (history_at(h, mid)->time_ns <= t)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo == 0 && !h->dropped) {
        scene_machine_state_sim(scene, index, t, out);
        return;
    }
    const struct scene_history_sample *s = history_at(h, lo ? lo - 1 : 0);
    *out = (struct scene_machine_state){.status = (enum scene_machine_status)s->status, .cycle_count = s->cycle_count,
                                        .parts_per_hour = s->parts_per_hour, .temperature_c = s->temperature_c,
                                        .load_pct = s->load_pct, .live = true, .stale = s->stale,
                                        .link_down = s->link_down, .updated_ns = s->time_ns};
    if (lo == h->count) { /* the newest sample: what is shown now, with its alarm */
        memcpy(out->alarm, scene->live[index].alarm, sizeof out->alarm);
        out->since_ns = scene->live[index].since_ns;
    }
}

uint32_t scene_machine_history(const struct scene *scene, uint32_t index, uint32_t count, int64_t step_ns,
                               struct scene_machine_state *out_samples)
{
    if (index >= scene->machine_count || step_ns <= 0)
        return 0;
    const bool live = scene->live[index].live && scene->history[index].count > 0;
    for (uint32_t k = 0; k < count; k++) {
        int64_t t = scene->time_ns - (int64_t)(count - 1 - k) * step_ns;
        if (live)
            live_sample(scene, index, t, &out_samples[k]);
        else
            scene_machine_state_sim(scene, index, t, &out_samples[k]);
    }
    return count;
}
