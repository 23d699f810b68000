/* A stand-in app for mockxr-run's tests: writes a made-up mockxr report to $MOCKXR_REPORT and then
 * ends the way its key=value arguments say (exit code, signal, hang, ...), without any OpenXR. */
#include <poll.h>
#include <stdbool.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* What the arguments ask for; see usage(). */
struct fake_plan {
    long frames, errors, missed, layers, summary, exit_code, sig, hang, ignore_term, check_stdin, report;
    const char *print;  /* a line to print to stdout */
    const char *env[8]; /* variables whose value to print as NAME=value */
    int env_count;
};

static int usage(const char *arg)
{
    fprintf(stderr, "run_fakeapp: bad argument '%s'; use frames=N errors=N missed=N layers=0|1 summary=0|1 "
                    "report=0|1 exit=N signal=N hang=0|1 ignore_term=0|1 check_stdin=0|1 print=TEXT env=NAME\n",
            arg);
    return 64;
}

static int parse(int argc, char **argv, struct fake_plan *p)
{
    *p = (struct fake_plan){.frames = 10, .layers = 1, .summary = 1, .report = 1};
    struct { const char *key; long *dst; } keys[] = {
        {"frames=", &p->frames}, {"errors=", &p->errors}, {"missed=", &p->missed}, {"layers=", &p->layers},
        {"summary=", &p->summary}, {"exit=", &p->exit_code}, {"signal=", &p->sig}, {"hang=", &p->hang},
        {"ignore_term=", &p->ignore_term}, {"check_stdin=", &p->check_stdin}, {"report=", &p->report},
    };
    for (int i = 1; i < argc; i++) {
        bool known = false;
        for (size_t k = 0; k < sizeof keys / sizeof keys[0] && !known; k++) {
            size_t n = strlen(keys[k].key);
            if (strncmp(argv[i], keys[k].key, n) == 0) {
                char *end = NULL;
                *keys[k].dst = strtol(argv[i] + n, &end, 10);
                if (*end != '\0' || end == argv[i] + n)
                    return usage(argv[i]);
                known = true;
            }
        }
        if (!known && strncmp(argv[i], "print=", 6) == 0) {
            p->print = argv[i] + 6;
            known = true;
        }
        if (!known && strncmp(argv[i], "env=", 4) == 0 && p->env_count < 8) {
            p->env[p->env_count++] = argv[i] + 4;
            known = true;
        }
        if (!known)
            return usage(argv[i]);
    }
    return 0;
}

static int write_report(const struct fake_plan *p)
{
    const char *path = getenv("MOCKXR_REPORT");
    if (!path) {
        fprintf(stderr, "run_fakeapp: MOCKXR_REPORT is not set\n");
        return 65;
    }
    FILE *f = fopen(path, "w");
    if (!f) {
        perror("run_fakeapp: fopen(MOCKXR_REPORT)");
        return 66;
    }
    const long period = 11111111;
    fprintf(f, "{\"type\":\"header\",\"clock\":\"virtual\",\"refresh_hz\":90,\"period\":%ld,\"view_size\":[64,64]}\n",
            period);
    for (long i = 0; i < p->frames; i++) {
        long t = (i + 2) * period, wake = (i + 1) * period;
        fprintf(f, "{\"type\":\"frame\",\"frame\":%ld,\"predicted_display_time\":%ld,\"period\":%ld,\"wake\":%ld,"
                   "\"begin\":%ld,\"located\":%ld,\"end\":%ld,\"display_time\":%ld,\"pose_age\":%ld,"
                   "\"app_cpu\":%ld,\"discarded\":0,\"late\":0,\"in_flight\":1,\"layers\":[%s]}\n",
                i, t, period, wake, wake + 1000, wake + 2000, wake + 3000, t, t - wake - 2000, 3000L,
                p->layers ? "{\"type\":\"projection\",\"views\":[]}" : "");
    }
    if (p->summary)
        fprintf(f, "{\"type\":\"summary\",\"frames\":%ld,\"missed\":%ld,\"discarded\":0,\"late\":0,\"errors\":%ld,"
                   "\"app_cpu_ms\":{\"p50\":0.003,\"p95\":0.003,\"p99\":0.003,\"max\":0.003},"
                   "\"pose_age_ms\":{\"p50\":11.1,\"p95\":11.1,\"p99\":11.1,\"max\":11.1},"
                   "\"wake_jitter_ms\":{\"p50\":0,\"p95\":0,\"p99\":0,\"max\":0}}\n",
                p->frames, p->missed, p->errors);
    return fclose(f) == 0 ? 0 : 67;
}

/* 0 when stdin stays open and silent for a moment (the default of mockxr-run), 7 at end-of-input. */
static int check_stdin(void)
{
    struct pollfd pfd = {.fd = STDIN_FILENO, .events = POLLIN};
    if (poll(&pfd, 1, 200) > 0) {
        char c;
        if (read(STDIN_FILENO, &c, 1) == 0) {
            fprintf(stderr, "run_fakeapp: stdin is at end-of-input\n");
            return 7;
        }
    }
    return 0;
}

int main(int argc, char **argv)
{
    struct fake_plan p;
    int rc = parse(argc, argv, &p);
    if (rc != 0)
        return rc;
    for (int i = 0; i < p.env_count; i++) {
        const char *v = getenv(p.env[i]);
        printf("%s=%s\n", p.env[i], v ? v : "(unset)");
    }
    if (p.print)
        printf("%s\n", p.print);
    fflush(stdout);
    if (p.check_stdin && (rc = check_stdin()) != 0)
        return rc;
    if (p.report && (rc = write_report(&p)) != 0)
        return rc;
    if (p.ignore_term)
        signal(SIGTERM, SIG_IGN);
    while (p.hang)
        pause();
    if (p.sig) {
        signal((int)p.sig, SIG_DFL);
        raise((int)p.sig);
    }
    return (int)p.exit_code;
}
