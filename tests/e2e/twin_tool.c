/* Helper of the twin's e2e tests:
 *   twin_tool publish PORT TOPIC PAYLOAD [--retain] [--repeat N] [--pad N]
 *       publishes (QoS 1: returns once the broker has it) PAYLOAD, or N copies, or PAYLOAD padded with N spaces
 *   twin_tool beacon ID [LINES SEED]   prints the world position of machine ID's status lamp: "x y z"
 *   twin_tool pixel PNG X Y R          prints the mean "r g b" of the (2R+1)^2 pixels around (X, Y)
 *   twin_tool record FILE              checks a recording of fxr-plant-sim: every line {"t", "id", "state"} with times
 *                                      in order and a state the twin accepts; prints "lines machines statuses" */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>
#include <mosquitto.h>
#include <png.h>

#include "factoryxr/scene.h"
#include "factoryxr/twin.h"

struct pub {
    int sent, acked;
};

static void on_publish(struct mosquitto *m, void *obj, int mid)
{
    (void)m;
    (void)mid;
    ((struct pub *)obj)->acked++;
}

static int publish(int argc, char **argv)
{
    if (argc < 5)
        return 2;
    int port = atoi(argv[2]), repeat = 1, pad = 0;
    bool retain = false;
    for (int i = 5; i < argc; i++) {
        if (!strcmp(argv[i], "--retain"))
            retain = true;
        else if (!strcmp(argv[i], "--repeat") && i + 1 < argc)
            repeat = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--pad") && i + 1 < argc)
            pad = atoi(argv[++i]);
        else
            return 2;
    }
    size_t len = strlen(argv[4]);
    char *payload = calloc(1, len + (size_t)pad + 1);
    if (!payload)
        return 1;
    memcpy(payload, argv[4], len);
    memset(payload + len, ' ', (size_t)pad);
    mosquitto_lib_init();
    struct pub p = {0};
    struct mosquitto *m = mosquitto_new(NULL, true, &p);
    int rc = m ? mosquitto_connect(m, "127.0.0.1", port, 30) : MOSQ_ERR_NOMEM;
    if (rc == MOSQ_ERR_SUCCESS)
        mosquitto_publish_callback_set(m, on_publish);
    for (int k = 0; k < repeat && rc == MOSQ_ERR_SUCCESS; k++, p.sent++)
        rc = mosquitto_publish(m, NULL, argv[3], (int)(len + (size_t)pad), payload, 1, retain);
    for (int loops = 0; rc == MOSQ_ERR_SUCCESS && p.acked < p.sent && loops < 1000; loops++)
        rc = mosquitto_loop(m, 50, 1);
    if (rc != MOSQ_ERR_SUCCESS || p.acked < p.sent)
        fprintf(stderr, "twin_tool: publishing to 127.0.0.1:%d failed: %s (%d of %d acknowledged)\n", port,
                mosquitto_strerror(rc), p.acked, p.sent);
    int ok = rc == MOSQ_ERR_SUCCESS && p.acked == p.sent;
    if (m) {
        mosquitto_disconnect(m);
        mosquitto_destroy(m);
    }
    mosquitto_lib_cleanup();
    free(payload);
    return ok ? 0 : 1;
}

static int beacon(int argc, char **argv)
{
    struct scene *scene = NULL;
    uint32_t lines = argc > 3 ? (uint32_t)atoi(argv[3]) : 4, seed = argc > 4 ? (uint32_t)atoi(argv[4]) : 1;
    if (argc < 3 || scene_create(&(struct scene_desc){.lines = lines, .seed = seed}, &scene) != 0)
        return 2;
    float pos[3];
    bool found = scene_machine_beacon(scene, scene_find_machine(scene, argv[2]), pos);
    if (found)
        printf("%.4f %.4f %.4f\n", (double)pos[0], (double)pos[1], (double)pos[2]);
    else
        fprintf(stderr, "twin_tool: no machine '%s' with a lamp\n", argv[2]);
    scene_destroy(&scene);
    return found ? 0 : 1;
}

static int pixel(int argc, char **argv)
{
    if (argc < 6)
        return 2;
    png_image img = {.version = PNG_IMAGE_VERSION};
    if (!png_image_begin_read_from_file(&img, argv[2])) {
        fprintf(stderr, "twin_tool: cannot read %s: %s\n", argv[2], img.message);
        return 1;
    }
    img.format = PNG_FORMAT_RGB;
    unsigned char *buf = malloc(PNG_IMAGE_SIZE(img));
    if (!buf || !png_image_finish_read(&img, NULL, buf, 0, NULL)) {
        fprintf(stderr, "twin_tool: cannot decode %s\n", argv[2]);
        free(buf);
        return 1;
    }
    int cx = atoi(argv[3]), cy = atoi(argv[4]), r = atoi(argv[5]);
    long sum[3] = {0, 0, 0}, n = 0;
    for (int y = cy - r; y <= cy + r; y++) {
        for (int x = cx - r; x <= cx + r; x++) {
            if (x < 0 || y < 0 || x >= (int)img.width || y >= (int)img.height)
                continue;
            for (int c = 0; c < 3; c++)
                sum[c] += buf[((size_t)y * img.width + (size_t)x) * 3 + (size_t)c];
            n++;
        }
    }
    free(buf);
    if (n == 0)
        return 1;
    printf("%ld %ld %ld\n", sum[0] / n, sum[1] / n, sum[2] / n);
    return 0;
}

static int record(int argc, char **argv)
{
    FILE *f = argc > 2 ? fopen(argv[2], "r") : NULL;
    if (!f)
        return 2;
    char line[8192], ids[1024][SCENE_ID_MAX];
    unsigned lines = 0, machines = 0, seen_status[SCENE_MACHINE_STATUS_COUNT] = {0}, bad = 0;
    double last_t = -1.0;
    while (fgets(line, sizeof line, f)) {
        lines++;
        cJSON *j = cJSON_Parse(line);
        const cJSON *t = cJSON_GetObjectItemCaseSensitive(j, "t"), *id = cJSON_GetObjectItemCaseSensitive(j, "id");
        char *state = cJSON_PrintUnformatted(cJSON_GetObjectItemCaseSensitive(j, "state"));
        struct scene_machine_state st;
        int64_t ts;
        char detail[96];
        if (!cJSON_IsNumber(t) || t->valuedouble < last_t || !cJSON_IsString(id) || !state ||
            twin_payload_parse(state, strlen(state), &st, &ts, detail, sizeof detail) >= 0 || ts == TWIN_NO_TS) {
            fprintf(stderr, "twin_tool: %s:%u: not a good recorded state\n", argv[2], lines);
            bad++;
        } else {
            last_t = t->valuedouble;
            seen_status[st.status]++;
            unsigned k = 0;
            while (k < machines && strcmp(ids[k], id->valuestring) != 0)
                k++;
            if (k == machines && machines < 1024)
                snprintf(ids[machines++], SCENE_ID_MAX, "%s", id->valuestring);
        }
        cJSON_free(state);
        cJSON_Delete(j);
    }
    fclose(f);
    unsigned statuses = 0;
    for (int k = 0; k < SCENE_MACHINE_STATUS_COUNT; k++)
        statuses += seen_status[k] > 0;
    printf("%u %u %u\n", lines, machines, statuses);
    return bad ? 1 : 0;
}

int main(int argc, char **argv)
{
    int rc = 2;
    if (argc > 1 && !strcmp(argv[1], "publish"))
        rc = publish(argc, argv);
    else if (argc > 1 && !strcmp(argv[1], "beacon"))
        rc = beacon(argc, argv);
    else if (argc > 1 && !strcmp(argv[1], "pixel"))
        rc = pixel(argc, argv);
    else if (argc > 1 && !strcmp(argv[1], "record"))
        rc = record(argc, argv);
    if (rc == 2)
        fputs("usage: twin_tool publish PORT TOPIC PAYLOAD [--retain] [--repeat N] [--pad N] | beacon ID [LINES SEED]"
              " | pixel PNG X Y R | record FILE\n",
              stderr);
    return rc;
}
