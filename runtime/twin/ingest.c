/* The ingest thread: owns the MQTT client (libmosquitto), connects and reconnects with backoff, subscribes
 * PREFIX/+/state, checks each message and hands good states over through the snapshot. Nothing here touches the
 * scene or waits for the frame loop. */
#include <errno.h>
#include <poll.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <mosquitto.h>

#include "twin_internal.h"

#define INGEST_LOOP_MS 100      /* the longest the thread sleeps in the network loop (stop requests wait this long) */
#define INGEST_BACKOFF_MIN 0.25 /* seconds before the first reconnect; doubles per failure */
#define INGEST_BACKOFF_MAX 8.0
#define INGEST_KEEPALIVE_S 10
#define INGEST_READ_BURST 10000 /* messages read in a row before the loop's housekeeping (keepalive, writes) */

int64_t twin_now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static void set_link(struct twin *t, enum scene_link link)
{
    atomic_store_explicit(&t->link, (int)link, memory_order_relaxed);
}

/* Counts a bad message; logs the first of each cause, with where it came from. */
static void bad_data(struct twin *t, enum twin_bad cause, const char *topic, const char *detail)
{
    atomic_fetch_add_explicit(&t->bad[cause], 1, memory_order_relaxed);
    if (t->logged[cause])
        return;
    t->logged[cause] = true;
    fprintf(t->log, "twin: bad data (%s) on %.200s: %s (further ones are only counted: see the summary at exit)\n",
            twin_bad_name(cause), topic, detail);
    fflush(t->log);
}

/* PREFIX/<id>/state: the id part, or false. */
static bool topic_id(const struct twin *t, const char *topic, const char **out_id, size_t *out_len)
{
    size_t plen = strlen(t->url.prefix);
    if (strncmp(topic, t->url.prefix, plen) != 0 || topic[plen] != '/')
        return false;
    const char *id = topic + plen + 1, *slash = strchr(id, '/');
    if (!slash || slash == id || strcmp(slash, "/state") != 0)
        return false;
    *out_id = id;
    *out_len = (size_t)(slash - id);
    return true;
}

/* Flood guard: more than max_rate messages in one second for one machine count as a flood (the latest still
 * wins: the hand-over keeps only the newest state anyway). */
static bool flooding(struct twin *t, uint32_t i, int64_t now)
{
    struct twin_writer *w = &t->writer[i];
    if (now - w->window_ns >= 1000000000LL) {
        w->window_ns = now;
        w->in_window = 0;
    }
    return ++w->in_window > t->desc.max_rate;
}

void twin_ingest_message(struct twin *t, const char *topic, const void *payload, size_t length)
{
    atomic_fetch_add_explicit(&t->messages, 1, memory_order_relaxed);
    const char *id;
    size_t id_len;
    char detail[96];
    if (!topic || !topic_id(t, topic, &id, &id_len)) {
        bad_data(t, TWIN_BAD_TOPIC, topic ? topic : "(none)", "not PREFIX/<machine id>/state");
        return;
    }
    uint32_t i = twin_idmap_find(&t->ids, id, id_len);
    if (i == SCENE_NO_MACHINE) {
        bad_data(t, TWIN_BAD_UNKNOWN_ID, topic, "no machine with a state has this id");
        return;
    }
    if (length > TWIN_MAX_PAYLOAD) {
        snprintf(detail, sizeof detail, "%zu bytes, at most %d", length, TWIN_MAX_PAYLOAD);
        bad_data(t, TWIN_BAD_OVERSIZED, topic, detail);
        return;
    }
    struct twin_slot_data *d = twin_snapshot_back(&t->snap, i);
    int64_t ts = TWIN_NO_TS;
    int cause = twin_payload_parse(payload, length, &d->state, &ts, detail, sizeof detail);
    if (cause >= 0) {
        bad_data(t, (enum twin_bad)cause, topic, detail);
        return;
    }
    if (ts != TWIN_NO_TS) {
        if (ts < t->writer[i].last_ts_ms) {
            bad_data(t, TWIN_BAD_OLD, topic, "its ts is older than the machine's last one");
            return;
        }
        t->writer[i].last_ts_ms = ts;
    }
    int64_t now = twin_now_ns();
    if (flooding(t, i, now)) {
        snprintf(detail, sizeof detail, "more than %u messages in a second for %s", t->desc.max_rate, t->ids.ids[i]);
        bad_data(t, TWIN_BAD_FLOOD, topic, detail);
    }
    d->arrived_ns = now;
    d->arrived_frame = atomic_load_explicit(&t->next_frame, memory_order_relaxed);
    twin_snapshot_publish(&t->snap, i);
    atomic_fetch_add_explicit(&t->accepted, 1, memory_order_relaxed);
}

static void on_message(struct mosquitto *mosq, void *obj, const struct mosquitto_message *msg)
{
    (void)mosq;
    twin_ingest_message(obj, msg->topic, msg->payload, msg->payloadlen > 0 ? (size_t)msg->payloadlen : 0);
}

static void on_connect(struct mosquitto *mosq, void *obj, int rc)
{
    struct twin *t = obj;
    if (rc != 0) {
        fprintf(t->log, "twin: mqtt: %s:%u refused the connection: %s\n", t->url.host, t->url.port,
                mosquitto_connack_string(rc));
        mosquitto_disconnect(mosq);
        return;
    }
    int sub = mosquitto_subscribe(mosq, NULL, t->topic, 0);
    if (sub != MOSQ_ERR_SUCCESS) {
        fprintf(t->log, "twin: mqtt: subscribing to %s failed: %s\n", t->topic, mosquitto_strerror(sub));
        mosquitto_disconnect(mosq);
        return;
    }
    t->connected = true;
    t->backoff_s = INGEST_BACKOFF_MIN;
    atomic_fetch_add_explicit(&t->connects, 1, memory_order_relaxed);
    set_link(t, SCENE_LINK_UP);
    fprintf(t->log, "twin: mqtt: connected to %s:%u, subscribed to %s\n", t->url.host, t->url.port, t->topic);
    fflush(t->log);
}

static void on_disconnect(struct mosquitto *mosq, void *obj, int rc)
{
    (void)mosq;
    (void)rc;
    struct twin *t = obj;
    if (!t->connected)
        return;
    t->connected = false;
    atomic_fetch_add_explicit(&t->disconnects, 1, memory_order_relaxed);
    set_link(t, SCENE_LINK_DOWN);
    if (!atomic_load_explicit(&t->stop, memory_order_relaxed)) {
        fprintf(t->log, "twin: mqtt: connection to %s:%u lost; reconnecting (backoff %.2f..%.0f s)\n", t->url.host,
                t->url.port, INGEST_BACKOFF_MIN, INGEST_BACKOFF_MAX);
        fflush(t->log);
    }
}

/* Sleeps the backoff in small steps, so a stop request is seen soon; the next one is twice as long. */
static void back_off(struct twin *t, const char *why)
{
    if (why) {
        fprintf(t->log, "twin: mqtt: cannot reach %s:%u: %s; next try in %.2f s\n", t->url.host, t->url.port, why,
                t->backoff_s);
        fflush(t->log);
    }
    if (atomic_load_explicit(&t->link, memory_order_relaxed) == SCENE_LINK_UP)
        set_link(t, SCENE_LINK_DOWN);
    int64_t until = twin_now_ns() + (int64_t)(t->backoff_s * 1e9);
    while (!atomic_load_explicit(&t->stop, memory_order_relaxed) && twin_now_ns() < until) {
        struct timespec step = {0, 50000000};
        nanosleep(&step, NULL);
    }
    t->backoff_s = t->backoff_s * 2.0 > INGEST_BACKOFF_MAX ? INGEST_BACKOFF_MAX : t->backoff_s * 2.0;
}

static const char *loop_error(int rc, char *buf, size_t size)
{
    if (rc == MOSQ_ERR_ERRNO)
        snprintf(buf, size, "%s", strerror(errno));
    else
        snprintf(buf, size, "%s", mosquitto_strerror(rc));
    return buf;
}

static void *ingest_main(void *arg)
{
    struct twin *t = arg;
    bool started = false, have_socket = false;
    char why[128];
    while (!atomic_load_explicit(&t->stop, memory_order_relaxed)) {
        if (!have_socket) {
            int rc = started ? mosquitto_reconnect_async(t->mosq)
                             : mosquitto_connect_async(t->mosq, t->url.host, t->url.port, INGEST_KEEPALIVE_S);
            started = true;
            if (rc != MOSQ_ERR_SUCCESS) {
                back_off(t, loop_error(rc, why, sizeof why));
                continue;
            }
            have_socket = true;
        }
        bool was_connected = t->connected;
        int rc = mosquitto_loop(t->mosq, INGEST_LOOP_MS, 1);
        /* mosquitto_loop reads one QoS 0 message per call (after a select): read on while more are waiting */
        struct pollfd in = {.fd = mosquitto_socket(t->mosq), .events = POLLIN};
        for (int k = 0; rc == MOSQ_ERR_SUCCESS && k < INGEST_READ_BURST && in.fd >= 0 && poll(&in, 1, 0) == 1 &&
                        (in.revents & POLLIN);
             k++)
            rc = mosquitto_loop_read(t->mosq, 1);
        if (rc != MOSQ_ERR_SUCCESS) {
            if (t->connected)
                on_disconnect(t->mosq, t, rc);
            have_socket = false;
            /* a lost connection was logged as such; a connection attempt that failed says why */
            back_off(t, was_connected ? NULL : loop_error(rc, why, sizeof why));
        }
    }
    if (have_socket) {
        mosquitto_disconnect(t->mosq);
        mosquitto_loop(t->mosq, 10, 1);
    }
    return NULL;
}

int twin_ingest_start(struct twin *t)
{
    char id[48];
    snprintf(id, sizeof id, "factoryxr-%ld-%p", (long)getpid(), (void *)t);
    t->mosq = mosquitto_new(id, true, t);
    if (!t->mosq) {
        fprintf(stderr, "twin: mosquitto_new failed: %s\n", strerror(errno));
        return -1;
    }
    mosquitto_connect_callback_set(t->mosq, on_connect);
    mosquitto_disconnect_callback_set(t->mosq, on_disconnect);
    mosquitto_message_callback_set(t->mosq, on_message);
    int rc = MOSQ_ERR_SUCCESS;
    if (t->desc.username)
        rc = mosquitto_username_pw_set(t->mosq, t->desc.username, t->desc.password);
    if (rc == MOSQ_ERR_SUCCESS && t->url.tls)
        rc = mosquitto_tls_set(t->mosq, t->desc.ca_file, t->desc.ca_file ? NULL : "/etc/ssl/certs", NULL, NULL, NULL);
    if (rc != MOSQ_ERR_SUCCESS) {
        fprintf(stderr, "twin: setting up the MQTT client failed: %s%s\n", mosquitto_strerror(rc),
                t->url.tls ? " (is the CA file readable?)" : "");
        return -1;
    }
    t->backoff_s = INGEST_BACKOFF_MIN;
    set_link(t, SCENE_LINK_CONNECTING);
    fprintf(t->log, "twin: mqtt: connecting to %s:%u%s, topics %s\n", t->url.host, t->url.port,
            t->url.tls ? " (TLS)" : "", t->topic);
    fflush(t->log);
    rc = pthread_create(&t->thread, NULL, ingest_main, t);
    if (rc != 0) {
        fprintf(stderr, "twin: cannot start the ingest thread: %s\n", strerror(rc));
        return -1;
    }
    t->thread_started = true;
    return 0;
}

void twin_ingest_stop(struct twin *t)
{
    atomic_store_explicit(&t->stop, true, memory_order_relaxed);
    if (t->thread_started)
        pthread_join(t->thread, NULL);
    t->thread_started = false;
    if (t->mosq)
        mosquitto_destroy(t->mosq);
    t->mosq = NULL;
}
