/* The live twin: plant files in and out (docs/plant.md), live machine states over MQTT on a thread of its own,
 * and the hand-over of the latest states to the frame loop, which never waits for the network. Knows scene,
 * nothing of Vulkan or OpenXR. Owner: runtime/twin. */
#ifndef FACTORYXR_TWIN_H
#define FACTORYXR_TWIN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "factoryxr/scene.h"

/* ---- plant files ---- */

#define TWIN_PLANT_VERSION 1
#define TWIN_PLANT_MAX_BYTES (64u << 20)

/* Reads a plant file. Returns 0 with *out_plant (free it with scene_plant_destroy), or -1 after writing one line
 * to err that names the file, then the line and column (JSON syntax) or the field as a JSON path (anything
 * else: unknown key, wrong type, out of range, a missing object referred to, and everything scene_plant_check
 * refuses: an id used twice, an overlap) and the value. */
int twin_plant_load(const char *path, FILE *err, struct scene_plant **out_plant);
/* The same from memory; name stands for the file in messages. */
int twin_plant_parse(const char *json, size_t length, const char *name, FILE *err, struct scene_plant **out_plant);
/* Writes a plant file that twin_plant_load reads back into the same plant (every number round-trips exactly).
 * Returns 0, or -1 with a message on err. */
int twin_plant_save(const struct scene_plant *plant, const char *path, FILE *err);

/* ---- live data ---- */

/* Where live data comes from: mqtt://HOST[:PORT][/PREFIX] or mqtts://... */
#define TWIN_HOST_MAX 256
#define TWIN_PREFIX_MAX 128
#define TWIN_DEFAULT_PREFIX "factoryxr"
struct twin_url {
    bool tls;
    char host[TWIN_HOST_MAX];
    uint16_t port;                 /* default 1883, 8883 with TLS */
    char prefix[TWIN_PREFIX_MAX];  /* topic levels before <machine id>/state; default TWIN_DEFAULT_PREFIX */
};
/* Returns 0, or -1 with what is wrong in msg. */
int twin_url_parse(const char *url, struct twin_url *out_url, char *msg, size_t msg_size);

/* Why a message was counted as bad data. Each cause is logged once (the first time), then only counted. */
enum twin_bad {
    TWIN_BAD_JSON,       /* not a JSON object */
    TWIN_BAD_TYPE,       /* a field of the wrong type, or no "status" */
    TWIN_BAD_RANGE,      /* an unknown status, a number out of range, a ts that is no time */
    TWIN_BAD_UNKNOWN_ID, /* no machine (with a state) has the id in its topic */
    TWIN_BAD_OVERSIZED,  /* more than TWIN_MAX_PAYLOAD bytes (not parsed) */
    TWIN_BAD_FLOOD,      /* more than the rate limit for one machine: counted, the latest still wins */
    TWIN_BAD_TOPIC,      /* a topic that is not PREFIX/<id>/state */
    TWIN_BAD_OLD,        /* a ts older than the machine's last one (dropped) */
    TWIN_BAD_COUNT
};
const char *twin_bad_name(enum twin_bad cause); /* "json", "type", "range", "unknown_id", ... */

#define TWIN_MAX_PAYLOAD 4096
#define TWIN_NO_TS INT64_MIN

/* Parses one state payload (docs/plant.md): status and the optional numbers, alarm and ts (ISO 8601 or Unix ms,
 * as Unix ms in *out_ts_ms, TWIN_NO_TS when absent). Numbers it does not carry are NAN (cycle_count 0). Returns -1
 * when the payload is good, else the cause, with a short reason in detail. */
int twin_payload_parse(const char *data, size_t length, struct scene_machine_state *out_state, int64_t *out_ts_ms,
                       char *detail, size_t detail_size);

/* Zero means default in every field. */
struct twin_desc {
    struct scene *scene;          /* required: the machines to follow (ids are read at create) */
    const char *url;              /* required: mqtt://HOST[:PORT][/PREFIX] or mqtts:// */
    const char *ca_file;          /* mqtts: the CA certificates to trust; NULL = the system's (/etc/ssl/certs) */
    const char *username;         /* NULL = none */
    const char *password;
    double stale_after_s;         /* live data older than this is stale; 0 = 10 s */
    uint32_t max_rate;            /* messages per second for one machine above which they count as a flood; 0 = 50 */
    FILE *log;                    /* connection changes and the first bad data of each cause; NULL = stderr */
};

/* What the twin did up to one frame (twin_apply) or in all (twin_get_counts). */
struct twin_counts {
    enum scene_link link;
    uint32_t machines;                           /* with live data */
    uint32_t stale;
    uint32_t status[SCENE_MACHINE_STATUS_COUNT]; /* machines with live data per status */
    uint32_t applied;                            /* machine updates applied in this frame */
    uint32_t lag_frames;                         /* most frames an update waited after the first frame it could make */
    uint64_t messages;                           /* received since start */
    uint64_t accepted;                           /* of them handed to the frame loop */
    uint64_t bad[TWIN_BAD_COUNT];
    uint64_t connects, disconnects;
};

struct twin;

/* Starts the ingest thread (it owns the MQTT client and connects, and reconnects with backoff, by itself: a broker
 * that is down is no error here). Returns 0, or -1 with a message on stderr (a bad url is one). */
int twin_create(const struct twin_desc *desc, struct twin **out_twin);
/* Stops the thread, disconnects. Tolerates NULL. */
void twin_destroy(struct twin **twin_ptr);
/* The frame loop's side: applies the latest state of every machine that changed to the scene (before
 * scene_update(display_time)), marks stale ones, sets the scene's link state. Never blocks, takes no lock the
 * ingest thread holds, allocates nothing. frame: the app's frame number (for lag_frames). */
void twin_apply(struct twin *twin, struct scene *scene, uint64_t frame, int64_t display_time,
                struct twin_counts *out_counts);
void twin_get_counts(const struct twin *twin, struct twin_counts *out_counts);
/* The exit summary: messages, applied, connects, and the bad data per cause. */
void twin_print_summary(const struct twin *twin, FILE *out);

#endif
