/* Every MOCKXR_* environment variable, parsed and checked in one place. */
#include "mockxr_internal.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

extern char **environ;

#define MX_DEFAULT_VIEW_WIDTH 2064u  /* per-eye recommended size of a current standalone headset */
#define MX_DEFAULT_VIEW_HEIGHT 2208u
#define MX_DEFAULT_REFRESH_HZ 90u

static XrResult bad(const char *var, const char *value, const char *expected)
{
    fprintf(stderr, "mockxr: error: %s=\"%s\" is invalid: expected %s (docs/mockxr.md)\n", var, value, expected);
    return XR_ERROR_RUNTIME_FAILURE;
}

/* NULL when unset or empty: an empty value means "not set" so scripts can clear a variable. */
static const char *env(const char *name)
{
    const char *v = getenv(name);
    return (v && *v) ? v : NULL;
}

static bool parse_u64(const char *s, uint64_t *out)
{
    if (!isdigit((unsigned char)*s))
        return false;
    errno = 0;
    char *end = NULL;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno != 0 || *end != '\0')
        return false;
    *out = v;
    return true;
}

static XrResult parse_choice(const char *var, const char *const *names, int count, int fallback, int *out)
{
    const char *v = env(var);
    *out = fallback;
    if (!v)
        return XR_SUCCESS;
    for (int k = 0; k < count; k++) {
        if (strcmp(v, names[k]) == 0) {
            *out = k;
            return XR_SUCCESS;
        }
    }
    char expected[128] = "one of";
    for (int k = 0; k < count; k++) {
        strncat(expected, k ? " | " : " ", sizeof(expected) - strlen(expected) - 1);
        strncat(expected, names[k], sizeof(expected) - strlen(expected) - 1);
    }
    return bad(var, v, expected);
}

static XrResult parse_view_size(struct mx_config *c)
{
    const char *v = env(MOCKXR_ENV_VIEW_SIZE);
    c->view_width = MX_DEFAULT_VIEW_WIDTH;
    c->view_height = MX_DEFAULT_VIEW_HEIGHT;
    if (!v)
        return XR_SUCCESS;
    const char *x = strchr(v, 'x');
    char w_text[16];
    uint64_t w, h;
    if (!x || (size_t)(x - v) >= sizeof(w_text))
        return bad(MOCKXR_ENV_VIEW_SIZE, v, "WIDTHxHEIGHT, each 16..8192 (e.g. 1024x1024)");
    memcpy(w_text, v, (size_t)(x - v));
    w_text[x - v] = '\0';
    if (!parse_u64(w_text, &w) || !parse_u64(x + 1, &h) || w < 16 || h < 16 || w > 8192 || h > 8192)
        return bad(MOCKXR_ENV_VIEW_SIZE, v, "WIDTHxHEIGHT, each 16..8192 (e.g. 1024x1024)");
    c->view_width = (uint32_t)w;
    c->view_height = (uint32_t)h;
    return XR_SUCCESS;
}

static XrResult parse_numbers(struct mx_config *c)
{
    const char *v = env(MOCKXR_ENV_REFRESH_HZ);
    uint64_t n = MX_DEFAULT_REFRESH_HZ;
    if (v && (!parse_u64(v, &n) || n < 60 || n > 240))
        return bad(MOCKXR_ENV_REFRESH_HZ, v, "an integer 60..240");
    c->refresh_hz = (uint32_t)n;
    c->period = (XrDuration)((1000000000ull + n / 2) / n);

    c->exit_after_frames = -1;
    v = env(MOCKXR_ENV_EXIT_AFTER_FRAMES);
    if (v) {
        if (!parse_u64(v, &n) || n < 1 || n > (uint64_t)INT64_MAX)
            return bad(MOCKXR_ENV_EXIT_AFTER_FRAMES, v, "a frame count >= 1");
        c->exit_after_frames = (int64_t)n;
    }
    v = env(MOCKXR_ENV_QUIET);
    c->quiet = false;
    if (v) {
        if (strcmp(v, "0") != 0 && strcmp(v, "1") != 0)
            return bad(MOCKXR_ENV_QUIET, v, "0 or 1");
        c->quiet = v[0] == '1';
    }
    v = env(MOCKXR_ENV_WINDOW);
    c->window = false;
    if (v) {
        if (strcmp(v, "0") != 0 && strcmp(v, "1") != 0)
            return bad(MOCKXR_ENV_WINDOW, v, "0 or 1");
        c->window = v[0] == '1';
        const char *clock = env(MOCKXR_ENV_CLOCK);
        if (c->window && clock && strcmp(clock, "realtime") != 0)
            return bad(MOCKXR_ENV_CLOCK, clock, "realtime with MOCKXR_WINDOW=1 (a person at the desk lives in real "
                                               "time; replay the recording with the virtual clock instead)");
    }
    v = env(MOCKXR_ENV_VK_DEVICE);
    c->vk_device_index = -1;
    c->vk_device_name = NULL;
    if (v) {
        if (parse_u64(v, &n)) {
            if (n > 64)
                return bad(MOCKXR_ENV_VK_DEVICE, v, "a device index 0..64 or a device-name substring");
            c->vk_device_index = (int)n;
        } else if (!(c->vk_device_name = strdup(v))) {
            return XR_ERROR_OUT_OF_MEMORY;
        }
    }
    return XR_SUCCESS;
}

static XrResult add_range(struct mx_config *c, uint64_t first, uint64_t last)
{
    struct mx_frame_range *grown =
        realloc(c->capture_frames, (c->capture_frame_range_count + 1) * sizeof(*grown));
    if (!grown)
        return XR_ERROR_OUT_OF_MEMORY;
    c->capture_frames = grown;
    c->capture_frames[c->capture_frame_range_count++] = (struct mx_frame_range){first, last};
    return XR_SUCCESS;
}

/* "0,10,20-25": frame indices and inclusive ranges. */
static XrResult parse_frame_list(struct mx_config *c, const char *v)
{
    const char *expected = "a list of frame indices and ranges, e.g. 0,10,20-25";
    char *copy = strdup(v);
    if (!copy)
        return XR_ERROR_OUT_OF_MEMORY;
    XrResult r = XR_SUCCESS;
    char *save = NULL;
    size_t items = 0;
    for (char *tok = strtok_r(copy, ",", &save); tok && r == XR_SUCCESS; tok = strtok_r(NULL, ",", &save)) {
        uint64_t first, last;
        char *dash = strchr(tok, '-');
        if (dash)
            *dash = '\0';
        if (!parse_u64(tok, &first) || (dash && !parse_u64(dash + 1, &last)) || (dash && last < first))
            r = bad(MOCKXR_ENV_CAPTURE_FRAMES, v, expected);
        else
            r = add_range(c, first, dash ? last : first);
        items++;
    }
    if (r == XR_SUCCESS && (items == 0 || v[strlen(v) - 1] == ',' || v[0] == ',' || strstr(v, ",,")))
        r = bad(MOCKXR_ENV_CAPTURE_FRAMES, v, expected);
    free(copy);
    return r;
}

/* "views,composited,depth": any non-empty subset, in any order. */
static XrResult parse_capture_kinds(struct mx_config *c, const char *v)
{
    static const char *const names[] = {"views", "composited", "depth"};
    const char *expected = "a comma-separated list of views, composited, depth (e.g. views,composited)";
    c->capture_kinds = 0;
    for (const char *p = v;;) {
        size_t len = strcspn(p, ",");
        uint32_t bit = 0;
        for (uint32_t k = 0; k < 3 && !bit; k++)
            bit = strlen(names[k]) == len && strncmp(p, names[k], len) == 0 ? 1u << k : 0;
        if (!bit)
            return bad(MOCKXR_ENV_CAPTURE_KINDS, v, expected);
        c->capture_kinds |= bit;
        if (p[len] == '\0')
            return XR_SUCCESS;
        p += len + 1;
    }
}

static XrResult dup_path(const char *var, char **out)
{
    const char *v = env(var);
    *out = NULL;
    if (v && !(*out = strdup(v)))
        return XR_ERROR_OUT_OF_MEMORY;
    return XR_SUCCESS;
}

static XrResult parse_paths(struct mx_config *c)
{
    XrResult r;
    if ((r = dup_path(MOCKXR_ENV_SCRIPT, &c->script_path)) != XR_SUCCESS ||
        (r = dup_path(MOCKXR_ENV_REPORT, &c->report_path)) != XR_SUCCESS ||
        (r = dup_path(MOCKXR_ENV_CAPTURE_DIR, &c->capture_dir)) != XR_SUCCESS ||
        (r = dup_path(MOCKXR_ENV_RECORD, &c->record_path)) != XR_SUCCESS)
        return r;
    const char *frames = env(MOCKXR_ENV_CAPTURE_FRAMES), *kinds = env(MOCKXR_ENV_CAPTURE_KINDS);
    c->capture_kinds = MX_CAPTURE_VIEWS | MX_CAPTURE_COMPOSITED;
    if (kinds && !c->capture_dir) {
        fprintf(stderr, "mockxr: error: %s is set but %s is not: say where to write the PNGs\n",
                MOCKXR_ENV_CAPTURE_KINDS, MOCKXR_ENV_CAPTURE_DIR);
        return XR_ERROR_RUNTIME_FAILURE;
    }
    if (kinds && (r = parse_capture_kinds(c, kinds)) != XR_SUCCESS)
        return r;
    if (c->capture_dir) {
        struct stat st;
        if (stat(c->capture_dir, &st) != 0 || !S_ISDIR(st.st_mode))
            return bad(MOCKXR_ENV_CAPTURE_DIR, c->capture_dir, "an existing directory");
        if (!frames) {
            fprintf(stderr, "mockxr: error: %s is set but %s is not: say which frames to capture\n",
                    MOCKXR_ENV_CAPTURE_DIR, MOCKXR_ENV_CAPTURE_FRAMES);
            return XR_ERROR_RUNTIME_FAILURE;
        }
    }
    if (frames) {
        if (!c->capture_dir) {
            fprintf(stderr, "mockxr: error: %s is set but %s is not: say where to write the PNGs\n",
                    MOCKXR_ENV_CAPTURE_FRAMES, MOCKXR_ENV_CAPTURE_DIR);
            return XR_ERROR_RUNTIME_FAILURE;
        }
        return parse_frame_list(c, frames);
    }
    return XR_SUCCESS;
}

/* A misspelt variable would otherwise be silently ignored. */
static void warn_unknown(void)
{
    static const char *const known[] = {
        MOCKXR_ENV_CLOCK,       MOCKXR_ENV_REFRESH_HZ,     MOCKXR_ENV_VIEW_SIZE,  MOCKXR_ENV_VK_DEVICE,
        MOCKXR_ENV_HEAD,        MOCKXR_ENV_CONTROLLERS,    MOCKXR_ENV_SCRIPT,     MOCKXR_ENV_REPORT,
        MOCKXR_ENV_CAPTURE_DIR, MOCKXR_ENV_CAPTURE_FRAMES, MOCKXR_ENV_EXIT_AFTER_FRAMES, MOCKXR_ENV_QUIET,
        MOCKXR_ENV_VIEWS,       MOCKXR_ENV_CAPTURE_KINDS,  MOCKXR_ENV_PACING,
        MOCKXR_ENV_NOTIFY_FD,   MOCKXR_ENV_RECORD,         MOCKXR_ENV_WINDOW,
    };
    for (char **e = environ; e && *e; e++) {
        if (strncmp(*e, "MOCKXR_", 7) != 0)
            continue;
        size_t len = strcspn(*e, "=");
        bool found = false;
        for (size_t k = 0; k < sizeof(known) / sizeof(known[0]) && !found; k++)
            found = strlen(known[k]) == len && strncmp(*e, known[k], len) == 0;
        if (!found)
            fprintf(stderr, "mockxr: warning: unknown variable %.*s ignored (docs/mockxr.md lists them)\n",
                    (int)len, *e);
    }
}

XrResult mx_config_load(struct mx_config *out)
{
    static const char *const clocks[] = {"realtime", "virtual"};
    static const char *const heads[] = {"still", "look", "walk"};
    static const char *const controllers[] = {"touch", "index", "simple", "none"};
    static const char *const views[] = {"stereo", "mono"};
    static const char *const pacings[] = {"app", "slot"};
    memset(out, 0, sizeof(*out));
    warn_unknown();
    int clock, head, ctl, view_set = 0, pacing = -1;
    XrResult r = parse_choice(MOCKXR_ENV_CLOCK, clocks, 2, MX_CLOCK_REALTIME, &clock);
    if (r == XR_SUCCESS)
        r = parse_choice(MOCKXR_ENV_HEAD, heads, 3, MX_HEAD_STILL, &head);
    if (r == XR_SUCCESS)
        r = parse_choice(MOCKXR_ENV_CONTROLLERS, controllers, 4, MX_CONTROLLERS_TOUCH, &ctl);
    if (r == XR_SUCCESS)
        r = parse_choice(MOCKXR_ENV_VIEWS, views, 2, 0, &view_set);
    if (r == XR_SUCCESS)
        r = parse_choice(MOCKXR_ENV_PACING, pacings, 2, -1, &pacing);
    /* The virtual clock stands still while the app works: there is no cost to learn, so no app pacing. */
    if (r == XR_SUCCESS && pacing == MX_PACING_APP && clock == MX_CLOCK_VIRTUAL)
        r = bad(MOCKXR_ENV_PACING, "app", "slot with MOCKXR_CLOCK=virtual (app pacing learns the app's costs on the "
                "realtime clock; the virtual clock stands still while the app works)");
    if (r == XR_SUCCESS)
        r = parse_view_size(out);
    if (r == XR_SUCCESS)
        r = parse_numbers(out);
    if (r == XR_SUCCESS)
        r = parse_paths(out);
    if (r == XR_SUCCESS)
        r = mx_notify_parse(env(MOCKXR_ENV_NOTIFY_FD), &out->notify_fd);
    if (r != XR_SUCCESS) {
        mx_config_free(out);
        return r == XR_ERROR_OUT_OF_MEMORY ? r : XR_ERROR_RUNTIME_FAILURE;
    }
    out->clock = (enum mx_clock_mode)clock;
    out->head = (enum mx_head_mode)head;
    out->controllers = (enum mx_controllers)ctl;
    out->mono_only = view_set == 1;
    out->pacing = pacing >= 0 ? (enum mx_pacing_mode)pacing : clock == MX_CLOCK_VIRTUAL ? MX_PACING_SLOT : MX_PACING_APP;
    return XR_SUCCESS;
}

void mx_config_free(struct mx_config *c)
{
    free(c->vk_device_name);
    free(c->script_path);
    free(c->report_path);
    free(c->capture_dir);
    free(c->record_path);
    free(c->capture_frames);
    memset(c, 0, sizeof(*c));
    c->notify_fd = -1;
}

bool mx_config_capture_selected(const struct mx_config *c, uint64_t index)
{
    if (!c->capture_dir)
        return false;
    for (size_t k = 0; k < c->capture_frame_range_count; k++) {
        if (index >= c->capture_frames[k].first && index <= c->capture_frames[k].last)
            return true;
    }
    return false;
}
