/* The live data source's address: mqtt://HOST[:PORT][/PREFIX] or mqtts://..., checked in full. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "factoryxr/twin.h"

static int url_fail(char *msg, size_t size, const char *fmt, const char *a)
{
    if (msg && size)
        snprintf(msg, size, fmt, a);
    return -1;
}

/* Topic levels separated by '/', none empty, no wildcards. */
static int parse_prefix(const char *p, struct twin_url *out, char *msg, size_t size)
{
    if (*p == '\0') /* "mqtt://host/": as if none */
        return 0;
    if (strlen(p) >= sizeof out->prefix)
        return url_fail(msg, size, "the topic prefix '%s' is too long", p);
    for (const char *c = p; *c; c++) {
        if (*c == '+' || *c == '#')
            return url_fail(msg, size, "the topic prefix '%s' has an MQTT wildcard (+ or #)", p);
        if (*c == '/' && (c == p || c[1] == '/' || c[1] == '\0'))
            return url_fail(msg, size, "the topic prefix '%s' has an empty level", p);
        if ((unsigned char)*c < 0x20)
            return url_fail(msg, size, "the topic prefix '%s' has a control character", p);
    }
    snprintf(out->prefix, sizeof out->prefix, "%s", p);
    return 0;
}

static int parse_port(const char *s, size_t n, struct twin_url *out, char *msg, size_t size)
{
    char buf[8];
    if (n == 0 || n >= sizeof buf)
        return url_fail(msg, size, "the port '%s' is not a number in 1..65535", n ? "(too long)" : "(empty)");
    memcpy(buf, s, n);
    buf[n] = '\0';
    long v = 0;
    for (size_t i = 0; i < n; i++) {
        if (buf[i] < '0' || buf[i] > '9')
            return url_fail(msg, size, "the port '%s' is not a number in 1..65535", buf);
        v = v * 10 + (buf[i] - '0');
    }
    if (v < 1 || v > 65535)
        return url_fail(msg, size, "the port '%s' is not a number in 1..65535", buf);
    out->port = (uint16_t)v;
    return 0;
}

int twin_url_parse(const char *url, struct twin_url *out_url, char *msg, size_t msg_size)
{
    struct twin_url u = {.prefix = TWIN_DEFAULT_PREFIX};
    if (!url)
        return url_fail(msg, msg_size, "%s", "no url");
    const char *p;
    if (strncmp(url, "mqtt://", 7) == 0) {
        p = url + 7;
    } else if (strncmp(url, "mqtts://", 8) == 0) {
        p = url + 8;
        u.tls = true;
    } else {
        return url_fail(msg, msg_size, "'%s' does not start with mqtt:// or mqtts://", url);
    }
    u.port = u.tls ? 8883 : 1883;
    const char *slash = strchr(p, '/'), *end = slash ? slash : p + strlen(p);
    if (memchr(p, '@', (size_t)(end - p)))
        return url_fail(msg, msg_size, "%s", "put the user and password in FACTORYXR_MQTT_USER and FACTORYXR_MQTT_PASSWORD, "
                                             "not in the url");
    const char *host = p, *host_end, *colon;
    if (*p == '[') { /* [IPv6] */
        host_end = memchr(p, ']', (size_t)(end - p));
        if (!host_end)
            return url_fail(msg, msg_size, "'%s': an IPv6 address needs its closing ]", url);
        host++;
        colon = host_end[1] == ':' ? host_end + 1 : NULL;
        if (!colon && host_end + 1 != end)
            return url_fail(msg, msg_size, "'%s': expected :PORT or /PREFIX after the address", url);
    } else {
        colon = memchr(p, ':', (size_t)(end - p));
        host_end = colon ? colon : end;
    }
    size_t host_len = (size_t)(host_end - host);
    if (host_len == 0 || host_len >= sizeof u.host)
        return url_fail(msg, msg_size, "'%s': no host, or a host name that is too long", url);
    memcpy(u.host, host, host_len);
    u.host[host_len] = '\0';
    for (const char *c = u.host; *c; c++) {
        if ((unsigned char)*c <= 0x20 || *c == '/' || *c == '?' || *c == '#')
            return url_fail(msg, msg_size, "'%s': the host has a character a host name cannot have", url);
    }
    if (colon && parse_port(colon + 1, (size_t)(end - colon - 1), &u, msg, msg_size) != 0)
        return -1;
    if (slash && parse_prefix(slash + 1, &u, msg, msg_size) != 0)
        return -1;
    *out_url = u;
    return 0;
}
