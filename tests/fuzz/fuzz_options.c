/* Fuzzes factoryxr's command line: NUL-separated arguments go through app_options_parse. */
#include "factoryxr/app.h"

#include <stdlib.h>
#include <string.h>

#define MAX_ARGS 64

static FILE *g_null;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!g_null && !(g_null = fopen("/dev/null", "w")))
        abort();
    char *text = malloc(size + 1);
    if (!text)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    char *argv[MAX_ARGS + 1] = {"factoryxr"};
    int argc = 1;
    for (char *p = text; p < text + size && argc < MAX_ARGS; p += strlen(p) + 1)
        argv[argc++] = p;
    argv[argc] = NULL;
    struct app_options o;
    int rc = app_options_parse(argc, argv, g_null, &o);
    if (rc != APP_EXIT_OK && rc != APP_EXIT_USAGE)
        abort(); /* documented: OK or a usage error, nothing else */
    if (rc == APP_EXIT_OK && (o.lines < 1 || o.lines > 256 || (o.msaa != 1 && o.msaa != 4)))
        abort();
    free(text);
    return 0;
}
