/* Fuzzes the MQTT machine-state payload parser and the broker URL parser. */
#include "factoryxr/scene.h"
#include "factoryxr/twin.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct scene_machine_state st;
    int64_t ts = TWIN_NO_TS;
    char detail[96] = "";
    int cause = twin_payload_parse((const char *)data, size, &st, &ts, detail, sizeof detail);
    if (cause >= TWIN_BAD_COUNT || (cause >= 0 && detail[0] == '\0'))
        abort(); /* a refusal names one documented cause and says why */
    if (cause < 0 && memchr(st.alarm, '\0', sizeof st.alarm) == NULL)
        abort(); /* the alarm text is always terminated */
    /* The same bytes as a --mqtt URL. */
    char *url = malloc(size + 1);
    if (!url)
        return 0;
    memcpy(url, data, size);
    url[size] = '\0';
    struct twin_url u;
    char msg[200];
    (void)twin_url_parse(url, &u, msg, sizeof msg);
    free(url);
    return 0;
}
