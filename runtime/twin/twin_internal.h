/* The twin's rooms: the snapshot hand-over (snapshot.c), the id map, the ingest thread (ingest.c) and the frame
 * loop's side (twin.c). Not a public contract. */
#ifndef FACTORYXR_TWIN_INTERNAL_H
#define FACTORYXR_TWIN_INTERNAL_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "factoryxr/twin.h"

/* ---- the hand-over: one triple buffer per machine and a bitmap of the machines written since the last take ----
 * The ingest thread (the only writer) fills its back buffer and swaps it with the middle one, marked new; the
 * frame loop (the only reader) swaps a new middle buffer with its front one. Both swaps are atomic exchanges, so
 * neither side ever waits for the other, and each buffer belongs to one side at a time: no torn reads. The
 * bitmap only says where to look: a machine is marked after its buffer is published. */
#define TWIN_SLOT_NEW 4u /* in mid: the middle buffer holds data the reader has not taken */

struct twin_slot_data {
    struct scene_machine_state state;
    int64_t arrived_ns;     /* CLOCK_MONOTONIC when the message arrived */
    uint64_t arrived_frame; /* the first frame that could apply it */
};

struct twin_snapshot {
    uint32_t count;
    struct twin_slot_data (*buf)[3];
    _Atomic uint32_t *mid;  /* per machine: the middle buffer's index | TWIN_SLOT_NEW */
    uint32_t *back;         /* per machine: the writer's buffer */
    uint32_t *front;        /* per machine: the reader's buffer */
    _Atomic uint64_t *dirty;
    uint32_t dirty_words;
};

int twin_snapshot_init(struct twin_snapshot *s, uint32_t count);
void twin_snapshot_free(struct twin_snapshot *s);
/* Writer: the buffer to fill for machine i; twin_snapshot_publish hands it over (until then nothing changes for
 * the reader, and a buffer not published is simply filled again next time). */
struct twin_slot_data *twin_snapshot_back(struct twin_snapshot *s, uint32_t i);
void twin_snapshot_publish(struct twin_snapshot *s, uint32_t i);
/* Reader: calls fn for every machine published since the last take, with its newest data. Returns how many. */
uint32_t twin_snapshot_take(struct twin_snapshot *s, void (*fn)(void *user, uint32_t i, const struct twin_slot_data *d),
                            void *user);

/* ---- ids: machine id -> index, built at create, read by the ingest thread only ---- */
struct twin_idmap {
    uint32_t *slots; /* index + 1; 0 = empty */
    uint32_t mask;
    char (*ids)[SCENE_ID_MAX];
};
int twin_idmap_init(struct twin_idmap *m, const struct scene *scene);
void twin_idmap_free(struct twin_idmap *m);
/* The machine with this id (n bytes, not NUL-terminated), or SCENE_NO_MACHINE. */
uint32_t twin_idmap_find(const struct twin_idmap *m, const char *id, size_t n);

/* ---- the twin ---- */
struct twin_writer { /* per machine, ingest thread only */
    int64_t last_ts_ms;
    int64_t window_ns;  /* start of the current one-second window of the flood guard */
    uint32_t in_window; /* messages in it */
};

struct twin_reader { /* per machine, frame loop only */
    uint8_t status;      /* 0xff: no live data yet */
    bool stale;
    int64_t since_ns;
    int64_t arrived_ns;
};

struct twin {
    struct twin_desc desc;
    struct twin_url url;
    char topic[TWIN_PREFIX_MAX + 16]; /* PREFIX/+/state */
    FILE *log;
    uint32_t machine_count;
    struct twin_idmap ids;
    struct twin_snapshot snap;

    /* ingest thread */
    pthread_t thread;
    bool thread_started;
    struct mosquitto *mosq;
    struct twin_writer *writer;
    bool logged[TWIN_BAD_COUNT];
    bool connected;
    double backoff_s;

    /* shared: atomics */
    atomic_bool stop;
    atomic_int link; /* enum scene_link */
    atomic_uint_least64_t next_frame;
    atomic_uint_least64_t messages, accepted, connects, disconnects;
    atomic_uint_least64_t bad[TWIN_BAD_COUNT];

    /* frame loop */
    struct twin_reader *reader;
    uint32_t *live_list; /* machines that have had live data, in the order it first came */
    uint32_t live_count, stale_count;
    uint32_t stale_cursor; /* where the next staleness check starts in live_list */
    uint32_t status_count[SCENE_MACHINE_STATUS_COUNT];
    enum scene_link link_shown;
};

/* twin.c: a twin without the ingest thread (tests feed it with twin_ingest_message from a thread of their own). */
int twin_create_offline(const struct twin_desc *desc, struct twin **out_twin);

/* ingest.c */
int twin_ingest_start(struct twin *twin);
void twin_ingest_stop(struct twin *twin);
/* One message (exposed for the unit test, which feeds it without a broker). */
void twin_ingest_message(struct twin *twin, const char *topic, const void *payload, size_t length);
int64_t twin_now_ns(void);

#endif
