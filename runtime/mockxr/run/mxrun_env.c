/* mockxr-run's environment for the app: mockxr's manifest, the MOCKXR_* variables, the Vulkan driver
 * (lavapipe when there is no GPU) and the validation layers. */
#include "mxrun.h"

#include <errno.h>
#include <fcntl.h>
#include <glob.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <vulkan/vulkan.h>
#include <mockxr/mockxr.h>

#define MXRUN_LVP_GLOB "/usr/share/vulkan/icd.d/lvp_icd.*.json"

static int set_env(const char *name, const char *value)
{
    if (setenv(name, value, 1) != 0) {
        fprintf(stderr, "mockxr-run: setenv(%s) failed: %s\n", name, strerror(errno));
        return MXRUN_EXIT_SETUP;
    }
    return MXRUN_EXIT_OK;
}

/* Appends item to a ':'-separated list variable unless it is already there. */
static int append_env_list(const char *name, const char *item)
{
    const char *old = getenv(name);
    if (!old || old[0] == '\0')
        return set_env(name, item);
    size_t n = strlen(item);
    for (const char *p = old; p;) {
        if (strncmp(p, item, n) == 0 && (p[n] == ':' || p[n] == '\0'))
            return MXRUN_EXIT_OK;
        const char *colon = strchr(p, ':');
        p = colon ? colon + 1 : NULL;
    }
    size_t len = strlen(old) + 1 + n + 1;
    char *joined = malloc(len);
    if (!joined)
        return MXRUN_EXIT_SETUP;
    snprintf(joined, len, "%s:%s", old, item);
    int rc = set_env(name, joined);
    free(joined);
    return rc;
}

/* The manifest beside the executable (build tree), else the installed one under <prefix>/share. */
static int find_manifest(char *out, size_t out_size)
{
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n <= 0) {
        fprintf(stderr, "mockxr-run: readlink(/proc/self/exe) failed: %s\n", strerror(errno));
        return MXRUN_EXIT_SETUP;
    }
    exe[n] = '\0';
    char *slash = strrchr(exe, '/');
    if (slash)
        *slash = '\0';
    const char *candidates[] = {"mockxr.json", MXRUN_INSTALLED_MANIFEST};
    char tried[2][PATH_MAX + 64];
    for (size_t i = 0; i < 2; i++) {
        snprintf(tried[i], sizeof tried[i], "%s/%s", exe, candidates[i]);
        if (access(tried[i], R_OK) == 0 && realpath(tried[i], out) && strlen(out) < out_size)
            return MXRUN_EXIT_OK;
    }
    fprintf(stderr,
            "mockxr-run: mockxr's manifest was not found; looked for\n  %s (build tree)\n  %s (installed)\n"
            "Build the 'mockxr' target, install the project, or pass --manifest FILE.\n",
            tried[0], tried[1]);
    return MXRUN_EXIT_SETUP;
}

/* In a child process, so that no driver stays loaded (or crashes) in mockxr-run itself.
 * Exit status: 0 a non-CPU device exists, 1 none (or no usable driver at all). */
static int probe_child(void)
{
    VkApplicationInfo app = {.sType = VK_STRUCTURE_TYPE_APPLICATION_INFO, .apiVersion = VK_API_VERSION_1_0};
    VkInstanceCreateInfo ci = {.sType = VK_STRUCTURE_TYPE_INSTANCE_CREATE_INFO, .pApplicationInfo = &app};
    VkInstance instance = VK_NULL_HANDLE;
    if (vkCreateInstance(&ci, NULL, &instance) != VK_SUCCESS)
        return 1;
    uint32_t count = 0;
    VkPhysicalDevice devices[32];
    VkResult r = vkEnumeratePhysicalDevices(instance, &count, NULL);
    if (count > 32)
        count = 32;
    if (r == VK_SUCCESS || r == VK_INCOMPLETE)
        r = vkEnumeratePhysicalDevices(instance, &count, devices);
    int found = 1;
    for (uint32_t i = 0; (r == VK_SUCCESS || r == VK_INCOMPLETE) && i < count; i++) {
        VkPhysicalDeviceProperties props;
        vkGetPhysicalDeviceProperties(devices[i], &props);
        if (props.deviceType != VK_PHYSICAL_DEVICE_TYPE_CPU)
            found = 0;
    }
    vkDestroyInstance(instance, NULL);
    return found;
}

/* 1: a GPU exists; 0: none (or the probe failed, which is no better for us). */
static int system_has_gpu(void)
{
    fflush(NULL);
    pid_t pid = fork();
    if (pid < 0) {
        fprintf(stderr, "mockxr-run: fork (Vulkan device probe) failed: %s\n", strerror(errno));
        return 0;
    }
    if (pid == 0) {
        int devnull = open("/dev/null", O_RDWR);
        if (devnull >= 0) { /* driver chatter about absent hardware is not the user's business */
            dup2(devnull, STDOUT_FILENO);
            dup2(devnull, STDERR_FILENO);
        }
        _exit(probe_child());
    }
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
        ;
    return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

static int choose_vulkan_driver(const struct mxrun_opts *opts)
{
    bool user_choice = getenv("VK_ICD_FILENAMES") || getenv("VK_DRIVER_FILES");
    if (user_choice && !opts->lavapipe)
        return MXRUN_EXIT_OK;
    glob_t g = {0};
    int grc = glob(MXRUN_LVP_GLOB, 0, NULL, &g);
    if (grc != 0 || g.gl_pathc == 0) {
        globfree(&g);
        if (opts->lavapipe) {
            fprintf(stderr, "mockxr-run: --lavapipe: no %s (apt-get install mesa-vulkan-drivers)\n", MXRUN_LVP_GLOB);
            return MXRUN_EXIT_SETUP;
        }
        return MXRUN_EXIT_OK; /* nothing better to offer: the system's drivers it is */
    }
    int rc = MXRUN_EXIT_OK;
    if (opts->lavapipe || !system_has_gpu()) {
        rc = set_env("VK_ICD_FILENAMES", g.gl_pathv[0]);
        if (rc == MXRUN_EXIT_OK)
            rc = set_env("VK_DRIVER_FILES", g.gl_pathv[0]);
    }
    globfree(&g);
    return rc;
}

/* The report mockxr writes: --report, else MOCKXR_REPORT from the environment, else a temp file. */
static int prepare_report(const struct mxrun_opts *opts, char **out_path, bool *out_is_temp)
{
    const char *given = opts->report ? opts->report : getenv(MOCKXR_ENV_REPORT);
    *out_is_temp = false;
    if (given && given[0] != '\0') {
        FILE *f = fopen(given, "w"); /* fail here, clearly, rather than inside mockxr */
        if (!f) {
            fprintf(stderr, "mockxr-run: --report: cannot write '%s': %s\n", given, strerror(errno));
            return MXRUN_EXIT_USAGE;
        }
        fclose(f);
        *out_path = strdup(given);
    } else {
        const char *tmpdir = getenv("TMPDIR");
        size_t len = strlen(tmpdir && tmpdir[0] ? tmpdir : "/tmp") + 32;
        char *path = malloc(len);
        if (!path)
            return MXRUN_EXIT_SETUP;
        snprintf(path, len, "%s/mockxr-run-XXXXXX", tmpdir && tmpdir[0] ? tmpdir : "/tmp");
        int fd = mkstemp(path);
        if (fd < 0) {
            fprintf(stderr, "mockxr-run: cannot create a temporary report file %s: %s\n", path, strerror(errno));
            free(path);
            return MXRUN_EXIT_SETUP;
        }
        close(fd);
        *out_path = path;
        *out_is_temp = true;
    }
    if (!*out_path)
        return MXRUN_EXIT_SETUP;
    return set_env(MOCKXR_ENV_REPORT, *out_path);
}

static int prepare_capture_dir(const char *dir)
{
    struct stat st;
    if (stat(dir, &st) == 0 && S_ISDIR(st.st_mode))
        return MXRUN_EXIT_OK;
    if (mkdir(dir, 0777) != 0) {
        fprintf(stderr, "mockxr-run: --capture-dir: cannot create '%s': %s\n", dir, strerror(errno));
        return MXRUN_EXIT_USAGE;
    }
    return MXRUN_EXIT_OK;
}

static int set_mockxr_vars(const struct mxrun_opts *o)
{
    char num[32];
    int rc = MXRUN_EXIT_OK;
    if (rc == MXRUN_EXIT_OK && o->frames > 0) {
        snprintf(num, sizeof num, "%ld", o->frames);
        rc = set_env(MOCKXR_ENV_EXIT_AFTER_FRAMES, num);
    }
    if (rc == MXRUN_EXIT_OK && o->hz > 0) {
        snprintf(num, sizeof num, "%ld", o->hz);
        rc = set_env(MOCKXR_ENV_REFRESH_HZ, num);
    }
    const struct { const char *name, *value; } strs[] = {
        {MOCKXR_ENV_CLOCK, o->clock},           {MOCKXR_ENV_VIEW_SIZE, o->view_size},
        {MOCKXR_ENV_PACING, o->pacing},
        {MOCKXR_ENV_HEAD, o->head},             {MOCKXR_ENV_CONTROLLERS, o->controllers},
        {MOCKXR_ENV_VK_DEVICE, o->vk_device},   {MOCKXR_ENV_SCRIPT, o->script},
        {MOCKXR_ENV_CAPTURE_FRAMES, o->capture_frames}, {MOCKXR_ENV_CAPTURE_DIR, o->capture_dir},
        {MOCKXR_ENV_CAPTURE_KINDS, o->capture_kinds},
        {MOCKXR_ENV_RECORD, o->record},
        {MOCKXR_ENV_WINDOW, o->window ? "1" : NULL},
        {MOCKXR_ENV_CLOCK, o->window && !o->clock ? "realtime" : NULL},
        {MOCKXR_ENV_QUIET, o->quiet ? "1" : NULL},
    };
    for (size_t i = 0; rc == MXRUN_EXIT_OK && i < sizeof strs / sizeof strs[0]; i++) {
        if (strs[i].value)
            rc = set_env(strs[i].name, strs[i].value);
    }
    if (rc == MXRUN_EXIT_OK && o->capture_dir)
        rc = prepare_capture_dir(o->capture_dir);
    return rc;
}

int mxrun_env_prepare(const struct mxrun_opts *opts, char **out_report_path, bool *out_report_is_temp)
{
    char manifest[PATH_MAX];
    *out_report_path = NULL;
    *out_report_is_temp = false;
    int rc = MXRUN_EXIT_OK;
    if (opts->manifest) {
        if (!realpath(opts->manifest, manifest)) {
            fprintf(stderr, "mockxr-run: --manifest '%s': %s\n", opts->manifest, strerror(errno));
            return MXRUN_EXIT_USAGE;
        }
    } else {
        rc = find_manifest(manifest, sizeof manifest);
    }
    if (rc == MXRUN_EXIT_OK)
        rc = set_env("XR_RUNTIME_JSON", manifest);
    if (rc == MXRUN_EXIT_OK)
        rc = set_mockxr_vars(opts);
    if (rc == MXRUN_EXIT_OK)
        rc = choose_vulkan_driver(opts);
    if (rc == MXRUN_EXIT_OK && opts->validation) {
        rc = append_env_list("VK_INSTANCE_LAYERS", "VK_LAYER_KHRONOS_validation");
        if (rc == MXRUN_EXIT_OK)
            rc = append_env_list("XR_ENABLE_API_LAYERS", "XR_APILAYER_LUNARG_core_validation");
    }
    if (rc == MXRUN_EXIT_OK)
        rc = prepare_report(opts, out_report_path, out_report_is_temp);
    return rc;
}
