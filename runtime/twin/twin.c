/* The twin object and the frame loop's side of it: take the newest machine states from the snapshot, give them to
 * the scene (with the time their status began, for animation), mark the ones whose data went stale, and count. */
#include <stdlib.h>
#include <string.h>

#include <mosquitto.h>

#include "twin_internal.h"

#define TWIN_DEFAULT_STALE_S 10.0
#define TWIN_DEFAULT_MAX_RATE 50

static int twin_init(struct twin *t, const struct twin_desc *desc)
{
    char msg[200];
    if (!desc || !desc->scene || !desc->url) {
        fprintf(stderr, "twin_create: a scene and a url are required\n");
        return -1;
    }
    t->desc = *desc;
    if (t->desc.stale_after_s <= 0.0)
        t->desc.stale_after_s = TWIN_DEFAULT_STALE_S;
    if (t->desc.max_rate == 0)
        t->desc.max_rate = TWIN_DEFAULT_MAX_RATE;
    t->log = desc->log ? desc->log : stderr;
    if (twin_url_parse(desc->url, &t->url, msg, sizeof msg) != 0) {
        fprintf(stderr, "twin: %s\n", msg);
        return -1;
    }
    snprintf(t->topic, sizeof t->topic, "%s/+/state", t->url.prefix);
    t->machine_count = scene_machine_count(desc->scene);
    size_t n = t->machine_count ? t->machine_count : 1;
    t->writer = calloc(n, sizeof *t->writer);
    t->reader = calloc(n, sizeof *t->reader);
    t->live_list = calloc(n, sizeof *t->live_list);
    if (!t->writer || !t->reader || !t->live_list || twin_idmap_init(&t->ids, desc->scene) != 0 ||
        twin_snapshot_init(&t->snap, t->machine_count) != 0) {
        fprintf(stderr, "twin: out of memory for %u machines\n", t->machine_count);
        return -1;
    }
    for (uint32_t i = 0; i < t->machine_count; i++) {
        t->writer[i].last_ts_ms = INT64_MIN;
        t->reader[i].status = 0xff;
    }
    atomic_init(&t->stop, false);
    atomic_init(&t->link, SCENE_LINK_CONNECTING);
    atomic_init(&t->next_frame, 0);
    atomic_init(&t->messages, 0);
    atomic_init(&t->accepted, 0);
    atomic_init(&t->connects, 0);
    atomic_init(&t->disconnects, 0);
    for (int k = 0; k < TWIN_BAD_COUNT; k++)
        atomic_init(&t->bad[k], 0);
    t->link_shown = SCENE_LINK_NONE;
    return 0;
}

int twin_create(const struct twin_desc *desc, struct twin **out_twin)
{
    *out_twin = NULL;
    struct twin *t = calloc(1, sizeof *t);
    if (!t) {
        fprintf(stderr, "twin_create: out of memory\n");
        return -1;
    }
    mosquitto_lib_init();
    if (twin_init(t, desc) != 0 || twin_ingest_start(t) != 0) {
        twin_destroy(&t);
        return -1;
    }
    *out_twin = t;
    return 0;
}

int twin_create_offline(const struct twin_desc *desc, struct twin **out_twin)
{
    *out_twin = NULL;
    struct twin *t = calloc(1, sizeof *t);
    if (!t) {
        fprintf(stderr, "twin_create: out of memory\n");
        return -1;
    }
    mosquitto_lib_init(); /* as twin_create, so that twin_destroy's cleanup pairs with it */
    if (twin_init(t, desc) != 0) {
        twin_destroy(&t);
        return -1;
    }
    *out_twin = t;
    return 0;
}

void twin_destroy(struct twin **twin_ptr)
{
    if (!twin_ptr || !*twin_ptr)
        return;
    struct twin *t = *twin_ptr;
    twin_ingest_stop(t);
    twin_snapshot_free(&t->snap);
    twin_idmap_free(&t->ids);
    free(t->writer);
    free(t->reader);
    free(t->live_list);
    free(t);
    mosquitto_lib_cleanup();
    *twin_ptr = NULL;
}

struct apply_ctx {
    struct twin *twin;
    struct scene *scene;
    uint64_t frame;
    int64_t display_time;
    uint32_t applied, lag;
};

static void count_status(struct twin *t, struct twin_reader *r, uint8_t status, bool stale)
{
    if (r->status < SCENE_MACHINE_STATUS_COUNT)
        t->status_count[r->status]--;
    t->status_count[status]++;
    t->stale_count += (uint32_t)stale - (uint32_t)r->stale;
    r->status = status;
    r->stale = stale;
}

static void apply_one(void *user, uint32_t i, const struct twin_slot_data *d)
{
    struct apply_ctx *c = user;
    struct twin *t = c->twin;
    struct twin_reader *r = &t->reader[i];
    struct scene_machine_state st = d->state;
    if (r->status == 0xff)
        t->live_list[t->live_count++] = i;
    if (r->status != (uint8_t)st.status)
        r->since_ns = c->display_time; /* a stopped machine freezes as it was now */
    st.since_ns = r->since_ns;
    st.updated_ns = c->display_time;
    st.stale = false;
    count_status(t, r, (uint8_t)st.status, false);
    r->arrived_ns = d->arrived_ns;
    scene_set_machine_live(c->scene, i, &st);
    c->applied++;
    if (c->frame > d->arrived_frame && c->frame - d->arrived_frame > c->lag)
        c->lag = (uint32_t)(c->frame - d->arrived_frame);
}

/* Machines whose last data is older than the limit are marked stale (once); fresh data clears it (apply_one).
 * Each frame looks at a slice of the live machines, round robin, so that a plant of 10,000 live machines costs
 * 10,000 / TWIN_STALE_SLICES checks a frame: staleness shows at most TWIN_STALE_SLICES frames late. */
#define TWIN_STALE_SLICES 32
static void mark_stale(struct twin *t, struct scene *scene, int64_t now)
{
    const int64_t limit = (int64_t)(t->desc.stale_after_s * 1e9);
    uint32_t slice = (t->live_count + TWIN_STALE_SLICES - 1) / TWIN_STALE_SLICES;
    for (uint32_t n = 0; n < slice; n++) {
        if (t->stale_cursor >= t->live_count)
            t->stale_cursor = 0;
        uint32_t i = t->live_list[t->stale_cursor++];
        struct twin_reader *r = &t->reader[i];
        if (r->stale || now - r->arrived_ns <= limit)
            continue;
        struct scene_machine_state st;
        scene_machine_state(scene, i, &st);
        st.stale = true;
        scene_set_machine_live(scene, i, &st);
        count_status(t, r, r->status, true);
    }
}

static void fill_counts(const struct twin *t, struct twin_counts *out)
{
    out->link = (enum scene_link)atomic_load_explicit(&t->link, memory_order_relaxed);
    out->machines = t->live_count;
    out->stale = t->stale_count;
    memcpy(out->status, t->status_count, sizeof out->status);
    out->messages = atomic_load_explicit(&t->messages, memory_order_relaxed);
    out->accepted = atomic_load_explicit(&t->accepted, memory_order_relaxed);
    out->connects = atomic_load_explicit(&t->connects, memory_order_relaxed);
    out->disconnects = atomic_load_explicit(&t->disconnects, memory_order_relaxed);
    for (int k = 0; k < TWIN_BAD_COUNT; k++)
        out->bad[k] = atomic_load_explicit(&t->bad[k], memory_order_relaxed);
}

void twin_apply(struct twin *t, struct scene *scene, uint64_t frame, int64_t display_time, struct twin_counts *out)
{
    struct apply_ctx c = {.twin = t, .scene = scene, .frame = frame, .display_time = display_time};
    twin_snapshot_take(&t->snap, apply_one, &c);
    mark_stale(t, scene, twin_now_ns());
    enum scene_link link = (enum scene_link)atomic_load_explicit(&t->link, memory_order_relaxed);
    if (link != t->link_shown) {
        scene_set_link(scene, link);
        t->link_shown = link;
    }
    /* what arrives from now on can be applied in the next frame at the earliest */
    atomic_store_explicit(&t->next_frame, frame + 1, memory_order_relaxed);
    if (out) {
        fill_counts(t, out);
        out->applied = c.applied;
        out->lag_frames = c.lag;
    }
}

void twin_get_counts(const struct twin *t, struct twin_counts *out)
{
    memset(out, 0, sizeof *out);
    fill_counts(t, out);
}

void twin_print_summary(const struct twin *t, FILE *out)
{
    struct twin_counts c;
    twin_get_counts(t, &c);
    uint64_t bad = 0;
    for (int k = 0; k < TWIN_BAD_COUNT; k++)
        bad += c.bad[k];
    fprintf(out,
            "factoryxr: live data from %s: %llu messages, %llu accepted, %u machines live (%u stale), link %s, "
            "%llu connects, %llu disconnects\n",
            t->desc.url, (unsigned long long)c.messages, (unsigned long long)c.accepted, c.machines, c.stale,
            scene_link_name(c.link), (unsigned long long)c.connects, (unsigned long long)c.disconnects);
    fprintf(out, "  bad data: %llu (", (unsigned long long)bad);
    for (int k = 0; k < TWIN_BAD_COUNT; k++)
        fprintf(out, "%s%s %llu", k ? ", " : "", twin_bad_name((enum twin_bad)k), (unsigned long long)c.bad[k]);
    fputs(")\n", out);
}
