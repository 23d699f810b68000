/* twin_bench: live data at scale. A plant of N machines (lines of 8 robot cells), a twin subscribed to a local
 * broker, and a frame loop at HZ that does what factoryxr's does on the CPU besides OpenXR and Vulkan (twin_apply,
 * scene_update, culling for two eyes). First S seconds without messages, then S seconds while fxr-plant-sim
 * publishes RATE states a second for every machine. Reports the frame loop's CPU per frame (p50/p95/max, and the
 * twin_apply part), messages ingested per second, the ingest thread's CPU, and whether every message for a known
 * machine arrived. Not a test: run_benchmarks.sh runs it (docs/benchmarks.md).
 * usage: twin_bench --port P --sim PATH [--machines N] [--rate HZ] [--seconds S] [--hz HZ] [--broker-pid PID]
 *                   [--dir DIR] */
#include <errno.h>
#include <math.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <mosquitto.h>

#include "twin_internal.h"

extern char **environ;

struct opts {
    int port;
    const char *sim, *dir;
    uint32_t machines;
    double rate, seconds, hz;
    long broker_pid;
};

static int64_t clock_ns(clockid_t id)
{
    struct timespec ts;
    clock_gettime(id, &ts);
    return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* Lines of 8 cells (33 machines each) on a grid, 8 m apart across and 48 m along: enough lines for n machines. */
static struct scene_plant *bench_plant(uint32_t n)
{
    uint32_t lines = (n + 32) / 33, cols = (uint32_t)ceil(sqrt((double)lines)), rows = (lines + cols - 1) / cols;
    struct scene_plant *p = NULL;
    if (lines > SCENE_PLANT_MAX_LINES || scene_plant_create(&(struct scene_plant_counts){.lines = lines}, &p) != 0)
        return NULL;
    p->seed = 1;
    p->roof_y = 9.0f;
    p->hall_min[0] = -(float)cols * 4.0f - 2.0f;
    p->hall_max[0] = (float)cols * 4.0f + 2.0f;
    p->hall_max[1] = 6.0f;
    p->hall_min[1] = -4.0f - (float)rows * 48.0f - 2.0f;
    for (uint32_t i = 0; i < lines; i++) {
        struct scene_plant_line *l = &p->lines[i];
        l->origin[0] = (float)(i % cols) * 8.0f - (float)(cols - 1) * 4.0f;
        l->origin[1] = -4.0f - (float)(i / cols) * 48.0f;
        l->infeed_length = 4.0f;
        l->outfeed_length = 3.0f;
        l->cell_count = 8;
        memcpy(l->schedule, (uint32_t[4]){27, 3, 27, 3}, sizeof l->schedule);
        snprintf(l->ident.id, sizeof l->ident.id, "L%u", i);
        snprintf(l->ident.name, sizeof l->ident.name, "Line %u", i);
        snprintf(l->infeed.id, sizeof l->infeed.id, "L%u-in", i);
        snprintf(l->outfeed.id, sizeof l->outfeed.id, "L%u-out", i);
        strcpy(l->infeed.name, "Infeed");
        strcpy(l->outfeed.name, "Outfeed");
        for (uint32_t k = 0; k < 8; k++) {
            struct scene_plant_cell *c = &l->cells[k];
            snprintf(c->robot_in.id, sizeof c->robot_in.id, "L%u-c%u-a", i, k);
            snprintf(c->press.id, sizeof c->press.id, "L%u-c%u-p", i, k);
            snprintf(c->robot_out.id, sizeof c->robot_out.id, "L%u-c%u-b", i, k);
            strcpy(c->robot_in.name, "Loader");
            strcpy(c->press.name, "Press");
            strcpy(c->robot_out.name, "Unloader");
            if (k < 7) {
                snprintf(c->transfer.id, sizeof c->transfer.id, "L%u-c%u-t", i, k);
                strcpy(c->transfer.name, "Transfer");
                c->transfer_length = 3.0f;
            }
        }
    }
    return p;
}

static int cmp_i64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

struct phase {
    int64_t *frame_ns, *apply_ns; /* thread CPU per frame */
    uint32_t frames;
    uint64_t applied; /* machine updates applied */
};

/* The frame loop at hz for `seconds`: CPU time of each frame's twin_apply + scene_update + culling. */
static void run_frames(struct twin *twin, struct scene *scene, double seconds, double hz, uint64_t *frame,
                       struct phase *out)
{
    const int64_t period = (int64_t)(1e9 / hz), start = clock_ns(CLOCK_MONOTONIC);
    const float eye[2][3] = {{-0.032f, 1.6f, 0.0f}, {0.032f, 1.6f, 0.0f}}, orient[4] = {0, 0, 0, 1};
    struct scene_frustum frusta[2];
    for (int v = 0; v < 2; v++)
        scene_frustum_from_fov(eye[v], orient, -0.94f, 0.79f, 0.84f, -0.87f, 0.05f, 400.0f, 0.02f, &frusta[v]);
    uint32_t cap = (uint32_t)(seconds * hz) + 2;
    out->frame_ns = calloc(cap, sizeof *out->frame_ns);
    out->apply_ns = calloc(cap, sizeof *out->apply_ns);
    out->frames = 0;
    for (uint32_t f = 0; f < cap && out->frame_ns && out->apply_ns; f++, (*frame)++) {
        int64_t due = start + (int64_t)f * period;
        struct timespec ts = {.tv_sec = due / 1000000000LL, .tv_nsec = due % 1000000000LL};
        clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL);
        if (clock_ns(CLOCK_MONOTONIC) - start > (int64_t)(seconds * 1e9))
            break;
        int64_t t0 = clock_ns(CLOCK_THREAD_CPUTIME_ID);
        struct twin_counts c;
        twin_apply(twin, scene, *frame, due, &c);
        int64_t t1 = clock_ns(CLOCK_THREAD_CPUTIME_ID);
        scene_update(scene, due);
        struct scene_draw_list list;
        scene_cull(scene, frusta, 2, &list);
        int64_t t2 = clock_ns(CLOCK_THREAD_CPUTIME_ID);
        out->frame_ns[out->frames] = t2 - t0;
        out->apply_ns[out->frames++] = t1 - t0;
        out->applied += c.applied;
    }
}

static double pct_ms(int64_t *v, uint32_t n, int p)
{
    if (n == 0)
        return NAN;
    qsort(v, n, sizeof *v, cmp_i64);
    return (double)v[(size_t)(n - 1) * (size_t)p / 100] * 1e-6;
}

static void report_phase(const char *name, struct phase *ph)
{
    uint32_t n = ph->frames;
    int64_t apply_total = 0;
    for (uint32_t i = 0; i < n; i++)
        apply_total += ph->apply_ns[i];
    double per_frame = n ? (double)ph->applied / n : 0.0, per_update = ph->applied ? (double)apply_total / ph->applied : 0.0;
    double p50 = pct_ms(ph->frame_ns, n, 50), p95 = pct_ms(ph->frame_ns, n, 95), max = pct_ms(ph->frame_ns, n, 100);
    double a50 = pct_ms(ph->apply_ns, n, 50), a95 = pct_ms(ph->apply_ns, n, 95), amax = pct_ms(ph->apply_ns, n, 100);
    printf("| %s | %u | %.3f | %.3f | %.3f | %.3f | %.3f | %.3f | %.0f | %.0f |\n", name, n, p50, p95, max, a50, a95, amax,
           per_frame, per_update);
}

static long proc_cpu_ticks(long pid)
{
    char path[64], buf[1024];
    snprintf(path, sizeof path, "/proc/%ld/stat", pid);
    FILE *f = fopen(path, "r");
    if (!f)
        return -1;
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = '\0';
    const char *p = strrchr(buf, ')');
    unsigned long utime = 0, stime = 0;
    if (!p || sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu", &utime, &stime) != 2)
        return -1;
    return (long)(utime + stime);
}

/* fxr-plant-sim publishing every machine of the plant file at rate for seconds; its stdout (published N) in out. */
static pid_t start_sim(const struct opts *o, const char *plant, int *out_fd)
{
    char url[128], rate[32], secs[32];
    snprintf(url, sizeof url, "mqtt://127.0.0.1:%d/bench", o->port);
    snprintf(rate, sizeof rate, "%g", o->rate);
    snprintf(secs, sizeof secs, "%g", o->seconds);
    char *argv[] = {(char *)o->sim, "--mqtt", url, "--plant", (char *)plant, "--rate", rate, "--duration", secs,
                    "--faults-per-hour", "0", "--quiet", NULL};
    int fds[2];
    if (pipe(fds) != 0)
        return -1;
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, fds[1], 1);
    posix_spawn_file_actions_addclose(&fa, fds[0]);
    pid_t pid;
    int rc = posix_spawn(&pid, o->sim, &fa, NULL, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    close(fds[1]);
    if (rc != 0) {
        fprintf(stderr, "twin_bench: cannot start %s: %s\n", o->sim, strerror(rc));
        close(fds[0]);
        return -1;
    }
    *out_fd = fds[0];
    return pid;
}

/* The broker's own counts ($SYS, published every sys_interval seconds): where messages were lost, if they were. */
struct sys_counts {
    long long received, sent, dropped;
};

static void on_sys(struct mosquitto *m, void *obj, const struct mosquitto_message *msg)
{
    (void)m;
    struct sys_counts *c = obj;
    long long v = msg->payloadlen > 0 ? atoll(msg->payload) : -1;
    if (strstr(msg->topic, "/received"))
        c->received = v;
    else if (strstr(msg->topic, "/sent"))
        c->sent = v;
    else if (strstr(msg->topic, "/dropped"))
        c->dropped = v;
}

static struct sys_counts broker_counts(int port)
{
    struct sys_counts c = {-1, -1, -1};
    struct mosquitto *m = mosquitto_new(NULL, true, &c);
    if (m && mosquitto_connect(m, "127.0.0.1", port, 10) == MOSQ_ERR_SUCCESS) {
        mosquitto_message_callback_set(m, on_sys);
        mosquitto_subscribe(m, NULL, "$SYS/broker/publish/messages/+", 0);
        int64_t until = clock_ns(CLOCK_MONOTONIC) + 2500000000LL;
        while (clock_ns(CLOCK_MONOTONIC) < until && mosquitto_loop(m, 100, 1) == MOSQ_ERR_SUCCESS) {
        }
        mosquitto_disconnect(m);
    }
    mosquitto_destroy(m);
    return c;
}

static int parse_opts(int argc, char **argv, struct opts *o)
{
    *o = (struct opts){.machines = 10000, .rate = 10.0, .seconds = 20.0, .hz = 90.0, .dir = "."};
    for (int i = 1; i + 1 < argc; i += 2) {
        const char *k = argv[i], *v = argv[i + 1];
        if (!strcmp(k, "--port")) o->port = atoi(v);
        else if (!strcmp(k, "--sim")) o->sim = v;
        else if (!strcmp(k, "--dir")) o->dir = v;
        else if (!strcmp(k, "--machines")) o->machines = (uint32_t)atoi(v);
        else if (!strcmp(k, "--rate")) o->rate = atof(v);
        else if (!strcmp(k, "--seconds")) o->seconds = atof(v);
        else if (!strcmp(k, "--hz")) o->hz = atof(v);
        else if (!strcmp(k, "--broker-pid")) o->broker_pid = atol(v);
        else return -1;
    }
    return o->port > 0 && o->sim && o->machines > 0 && o->rate > 0 && o->seconds > 0 && o->hz > 0 ? 0 : -1;
}

int main(int argc, char **argv)
{
    struct opts o;
    if (parse_opts(argc, argv, &o) != 0) {
        fprintf(stderr, "usage: twin_bench --port P --sim PATH [--machines N] [--rate HZ] [--seconds S] [--hz HZ]"
                        " [--broker-pid PID] [--dir DIR]\n");
        return 2;
    }
    char plant_path[512], url[128];
    snprintf(plant_path, sizeof plant_path, "%s/twin_bench_plant.json", o.dir);
    snprintf(url, sizeof url, "mqtt://127.0.0.1:%d/bench", o.port);
    struct scene_plant *plant = bench_plant(o.machines);
    struct scene *scene = NULL;
    if (!plant || twin_plant_save(plant, plant_path, stderr) != 0 ||
        scene_create(&(struct scene_desc){.plant = plant}, &scene) != 0)
        return 1;
    scene_plant_destroy(&plant);
    uint32_t stateful = 0;
    for (uint32_t i = 0; i < scene_machine_count(scene); i++)
        stateful += scene_get_machine(scene, i)->has_state;
    struct twin *twin = NULL;
    /* the flood guard stays out of the way: 10 a second per machine is the load, not a fault */
    if (twin_create(&(struct twin_desc){.scene = scene, .url = url, .max_rate = 1000, .stale_after_s = 3600}, &twin) != 0)
        return 1;
    uint64_t frame = 0;
    struct phase idle = {0}, flood = {0}, warm = {0};
    run_frames(twin, scene, 2.0, o.hz, &frame, &warm); /* connect, warm the caches */
    run_frames(twin, scene, o.seconds, o.hz, &frame, &idle);

    int fd = -1;
    clockid_t ingest_clock;
    pthread_getcpuclockid(twin->thread, &ingest_clock);
    int64_t ingest0 = clock_ns(ingest_clock), wall0 = clock_ns(CLOCK_MONOTONIC);
    long broker0 = o.broker_pid ? proc_cpu_ticks(o.broker_pid) : -1;
    struct twin_counts c0, c1;
    twin_get_counts(twin, &c0);
    pid_t sim = start_sim(&o, plant_path, &fd);
    if (sim < 0)
        return 1;
    run_frames(twin, scene, o.seconds, o.hz, &frame, &flood);
    int status = 0;
    struct rusage sim_usage;
    wait4(sim, &status, 0, &sim_usage);
    double sim_wall = (double)(clock_ns(CLOCK_MONOTONIC) - wall0) * 1e-9;
    char out[256] = "";
    ssize_t got = read(fd, out, sizeof out - 1);
    out[got > 0 ? got : 0] = '\0';
    close(fd);
    unsigned long long published = 0, skipped = 0;
    const char *p = strstr(out, "published "), *q = strstr(out, "skipped ");
    if (p)
        published = strtoull(p + 10, NULL, 10);
    if (q)
        skipped = strtoull(q + 8, NULL, 10);
    run_frames(twin, scene, 3.0, o.hz, &frame, &warm); /* what is still on its way */
    free(warm.frame_ns);
    free(warm.apply_ns);
    twin_get_counts(twin, &c1);
    double wall = (double)(clock_ns(CLOCK_MONOTONIC) - wall0) * 1e-9;
    double ingest_cpu = (double)(clock_ns(ingest_clock) - ingest0) * 1e-9;
    long broker1 = o.broker_pid ? proc_cpu_ticks(o.broker_pid) : -1;
    unsigned long long received = c1.messages - c0.messages, accepted = c1.accepted - c0.accepted;
    double sim_cpu = (double)sim_usage.ru_utime.tv_sec + sim_usage.ru_utime.tv_usec * 1e-6 +
                     (double)sim_usage.ru_stime.tv_sec + sim_usage.ru_stime.tv_usec * 1e-6;

    printf("twin_bench: %u machines with a state (%u in the scene), %g states/s each for %g s, frame loop at %g Hz\n",
           stateful, scene_machine_count(scene), o.rate, o.seconds, o.hz);
    printf("| phase | frames | frame CPU p50 ms | p95 | max | twin_apply p50 ms | p95 | max | updates/frame | ns/update |\n"
           "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|\n");
    report_phase("no messages", &idle);
    report_phase("flood", &flood);
    printf("\nthe simulator published %llu in %.1f s (%.0f a second; %llu skipped, the broker being slower than the "
           "rate; exit %d, its CPU %.1f s)\n",
           published, sim_wall, (double)published / sim_wall, skipped, WIFEXITED(status) ? WEXITSTATUS(status) : -1,
           sim_cpu);
    printf("the twin received %llu, accepted %llu, bad %llu: lost %lld\n", received, accepted,
           (unsigned long long)(received - accepted), (long long)published - (long long)accepted);
    printf("ingested %.0f messages/s while the simulator ran; ingest thread CPU %.1f s over %.1f s (%.0f%% of a core, "
           "%.1f us a message)\n",
           (double)accepted / sim_wall, ingest_cpu, wall, 100.0 * ingest_cpu / wall,
           accepted ? ingest_cpu * 1e6 / (double)accepted : 0.0);
    if (broker0 >= 0 && broker1 >= 0)
        printf("broker CPU %.1f s (%.0f%% of a core)\n", (double)(broker1 - broker0) / (double)sysconf(_SC_CLK_TCK),
               100.0 * (double)(broker1 - broker0) / (double)sysconf(_SC_CLK_TCK) / wall);
    struct sys_counts sys = broker_counts(o.port);
    if (sys.received >= 0)
        printf("broker ($SYS, since it started): %lld publishes received, %lld sent, %lld dropped\n", sys.received,
               sys.sent, sys.dropped);
    free(idle.frame_ns);
    free(idle.apply_ns);
    free(flood.frame_ns);
    free(flood.apply_ns);
    twin_destroy(&twin);
    scene_destroy(&scene);
    return 0;
}
