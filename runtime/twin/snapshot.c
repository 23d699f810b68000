/* The hand-over of machine states from the ingest thread to the frame loop: a triple buffer per machine and a
 * bitmap of the machines written, both with atomic exchanges only (see twin_internal.h); and the id map. */
#include <stdlib.h>
#include <string.h>

#include "twin_internal.h"

int twin_snapshot_init(struct twin_snapshot *s, uint32_t count)
{
    memset(s, 0, sizeof *s);
    size_t n = count ? count : 1;
    s->count = count;
    s->dirty_words = (count + 63) / 64 + 1;
    s->buf = calloc(n, sizeof *s->buf);
    s->mid = calloc(n, sizeof *s->mid);
    s->back = calloc(n, sizeof *s->back);
    s->front = calloc(n, sizeof *s->front);
    s->dirty = calloc(s->dirty_words, sizeof *s->dirty);
    if (!s->buf || !s->mid || !s->back || !s->front || !s->dirty) {
        twin_snapshot_free(s);
        return -1;
    }
    for (uint32_t i = 0; i < count; i++) {
        s->front[i] = 0;
        atomic_init(&s->mid[i], 1u);
        s->back[i] = 2;
    }
    for (uint32_t w = 0; w < s->dirty_words; w++)
        atomic_init(&s->dirty[w], 0u);
    return 0;
}

void twin_snapshot_free(struct twin_snapshot *s)
{
    free(s->buf);
    free((void *)s->mid);
    free(s->back);
    free(s->front);
    free((void *)s->dirty);
    memset(s, 0, sizeof *s);
}

struct twin_slot_data *twin_snapshot_back(struct twin_snapshot *s, uint32_t i)
{
    return &s->buf[i][s->back[i]];
}

void twin_snapshot_publish(struct twin_snapshot *s, uint32_t i)
{
    /* release: the reader that takes this buffer (acquire) sees everything written into it */
    uint32_t old = atomic_exchange_explicit(&s->mid[i], s->back[i] | TWIN_SLOT_NEW, memory_order_acq_rel);
    s->back[i] = old & 3u;
    atomic_fetch_or_explicit(&s->dirty[i / 64], 1ull << (i % 64), memory_order_release);
}

uint32_t twin_snapshot_take(struct twin_snapshot *s, void (*fn)(void *user, uint32_t i, const struct twin_slot_data *d),
                            void *user)
{
    uint32_t taken = 0;
    for (uint32_t w = 0; w < s->dirty_words; w++) {
        if (atomic_load_explicit(&s->dirty[w], memory_order_relaxed) == 0)
            continue;
        uint64_t bits = atomic_exchange_explicit(&s->dirty[w], 0, memory_order_acquire);
        while (bits) {
            uint32_t i = w * 64 + (uint32_t)__builtin_ctzll(bits);
            bits &= bits - 1;
            if (i >= s->count || !(atomic_load_explicit(&s->mid[i], memory_order_relaxed) & TWIN_SLOT_NEW))
                continue; /* already taken with an earlier mark */
            uint32_t old = atomic_exchange_explicit(&s->mid[i], s->front[i], memory_order_acq_rel);
            s->front[i] = old & 3u;
            fn(user, i, &s->buf[i][s->front[i]]);
            taken++;
        }
    }
    return taken;
}

/* ---- ids ---- */

static uint32_t fnv1a(const char *s, size_t n)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 16777619u;
    return h;
}

int twin_idmap_init(struct twin_idmap *m, const struct scene *scene)
{
    uint32_t count = scene_machine_count(scene), cap = 16;
    while (cap < 2 * count)
        cap *= 2;
    m->mask = cap - 1;
    m->slots = calloc(cap, sizeof *m->slots);
    m->ids = calloc(count ? count : 1, sizeof *m->ids);
    if (!m->slots || !m->ids) {
        twin_idmap_free(m);
        return -1;
    }
    for (uint32_t i = 0; i < count; i++) {
        const struct scene_machine *mach = scene_get_machine(scene, i);
        memcpy(m->ids[i], mach->id, SCENE_ID_MAX);
        if (!mach->has_state)
            continue; /* racks take no live data */
        uint32_t h = fnv1a(mach->id, strlen(mach->id)) & m->mask;
        while (m->slots[h])
            h = (h + 1) & m->mask;
        m->slots[h] = i + 1;
    }
    return 0;
}

void twin_idmap_free(struct twin_idmap *m)
{
    free(m->slots);
    free(m->ids);
    memset(m, 0, sizeof *m);
}

uint32_t twin_idmap_find(const struct twin_idmap *m, const char *id, size_t n)
{
    if (n == 0 || n >= SCENE_ID_MAX)
        return SCENE_NO_MACHINE;
    for (uint32_t h = fnv1a(id, n) & m->mask; m->slots[h]; h = (h + 1) & m->mask) {
        const char *cand = m->ids[m->slots[h] - 1];
        if (strncmp(cand, id, n) == 0 && cand[n] == '\0')
            return m->slots[h] - 1;
    }
    return SCENE_NO_MACHINE;
}
