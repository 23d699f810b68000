/* Feeds MQTT messages to an offline twin of the default floor (4 lines, prefix plant/a) through its real ingest
 * path, so the bad-data lines it logs are factoryxr's own; for docs/errors.md's payload rows (errors_table.sh).
 *   errors_payload [--repeat N] [--pad N] TOPIC PAYLOAD [TOPIC PAYLOAD ...]
 * --repeat sends each message N times, --pad appends N spaces to each payload. Exit 0 when every message was
 * accepted, 1 when any was counted as bad data, 2 on a usage error. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "factoryxr/scene.h"
#include "factoryxr/twin.h"
#include "twin_internal.h"

int main(int argc, char **argv)
{
    long repeat = 1, pad = 0;
    int k = 1;
    for (; k + 1 < argc && strncmp(argv[k], "--", 2) == 0; k += 2) {
        long *v = strcmp(argv[k], "--repeat") == 0 ? &repeat : strcmp(argv[k], "--pad") == 0 ? &pad : NULL;
        char *end = NULL;
        if (!v || (*v = strtol(argv[k + 1], &end, 10)) < 0 || *end || *v > 1000000) {
            fprintf(stderr, "errors_payload: bad option %s %s\n", argv[k], argv[k + 1]);
            return 2;
        }
    }
    if (k >= argc || (argc - k) % 2 != 0) {
        fprintf(stderr, "usage: errors_payload [--repeat N] [--pad N] TOPIC PAYLOAD [TOPIC PAYLOAD ...]\n");
        return 2;
    }
    struct scene *scene = NULL;
    struct twin *twin = NULL;
    if (scene_create(&(struct scene_desc){.lines = 4}, &scene) != 0 ||
        twin_create_offline(&(struct twin_desc){.scene = scene, .url = "mqtt://127.0.0.1/plant/a"}, &twin) != 0) {
        scene_destroy(&scene);
        return 2;
    }
    int rc = 0;
    for (; k < argc && rc == 0; k += 2) {
        size_t len = strlen(argv[k + 1]);
        char *payload = malloc(len + (size_t)pad + 1);
        if (!payload) {
            rc = 2;
            break;
        }
        memcpy(payload, argv[k + 1], len);
        memset(payload + len, ' ', (size_t)pad);
        for (long n = 0; n < repeat; n++)
            twin_ingest_message(twin, argv[k], payload, len + (size_t)pad);
        free(payload);
    }
    struct twin_counts c;
    twin_get_counts(twin, &c);
    for (int b = 0; b < TWIN_BAD_COUNT && rc == 0; b++)
        rc = c.bad[b] ? 1 : 0;
    twin_destroy(&twin);
    scene_destroy(&scene);
    return rc;
}
