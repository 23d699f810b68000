/* Fuzzes mockxr's MOCKXR_SCRIPT parser: any bytes load as a script or are refused with a message. */
#include "mx_script.h"

#include <stdlib.h>
#include <string.h>

static struct mx_config g_config;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    setenv(MOCKXR_ENV_QUIET, "1", 1);
    if (mx_config_load(&g_config) != XR_SUCCESS)
        abort(); /* the defaults must load */
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = malloc(size + 1);
    if (!text)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    /* The first byte picks the simulated controllers the script's input paths are checked against. */
    g_config.controllers = (enum mx_controllers)(size ? data[0] % 4 : 0);
    struct mx_script *sc = NULL;
    if (mx_script_parse("fuzz.json", text, &g_config, &sc) == XR_SUCCESS) {
        /* What the frame loop asks of a loaded script, at frames around and past its keyframes. */
        static const char *const users[] = {"/user/head", "/user/hand/left", "/user/hand/right"};
        static const uint64_t frames[] = {0, 1, 7, 100, 1000000, UINT64_MAX};
        for (size_t f = 0; f < sizeof(frames) / sizeof(frames[0]); f++) {
            XrPosef pose;
            float value;
            for (size_t u = 0; u < 3; u++)
                (void)mx_script_pose(sc, users[u], (double)frames[f] + 0.5, &pose);
            (void)mx_script_input_at(sc, "/user/hand/right/input/trigger/value", frames[f], &value);
            (void)mx_script_hand_track_at(sc, true, (double)frames[f], &pose);
        }
    }
    mx_script_destroy(&sc);
    free(text);
    return 0;
}
