/* mockxr-run's supervision of the app: fork/exec in its own process group, a timeout that kills it,
 * signals passed on, and (with --validation) its output relayed and scanned for validation messages. */
#include "mxrun.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MXRUN_KILL_GRACE_S 5.0
#define MXRUN_LINE_MAX 8192

/* What a validation layer prints (the same patterns the project's tests fail on). */
static const char *const validation_patterns[] = {
    "Validation Error", "Validation Warning", "VUID-", "VALID_USAGE", "XR_ERROR_VALIDATION_FAILURE", NULL,
};

bool mxrun_is_validation_line(const char *line)
{
    for (size_t i = 0; validation_patterns[i]; i++) {
        if (strstr(line, validation_patterns[i]))
            return true;
    }
    return false;
}

/* One relayed output stream of the app, assembled into lines for scanning. */
struct relay {
    int fd;     /* read end, -1 once closed */
    int out_fd; /* where the bytes go */
    char line[MXRUN_LINE_MAX];
    size_t len;
};

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void write_all(int fd, const char *p, size_t n)
{
    while (n > 0) {
        ssize_t w = write(fd, p, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return; /* our own stdout is gone: nothing sensible left to do with the bytes */
        p += w;
        n -= (size_t)w;
    }
}

static void relay_scan_line(struct relay *r, unsigned *count)
{
    r->line[r->len] = '\0';
    if (mxrun_is_validation_line(r->line))
        (*count)++;
    r->len = 0;
}

/* Reads what is there; returns false at end of stream. */
static bool relay_pump(struct relay *r, unsigned *count)
{
    char buf[4096];
    ssize_t n = read(r->fd, buf, sizeof buf);
    if (n < 0 && (errno == EINTR || errno == EAGAIN))
        return true;
    if (n <= 0) {
        if (r->len > 0)
            relay_scan_line(r, count);
        close(r->fd);
        r->fd = -1;
        return false;
    }
    write_all(r->out_fd, buf, (size_t)n);
    for (ssize_t i = 0; i < n; i++) {
        if (buf[i] == '\n' || r->len == MXRUN_LINE_MAX - 1)
            relay_scan_line(r, count);
        if (buf[i] != '\n')
            r->line[r->len++] = buf[i];
    }
    return true;
}

/* In the child: own process group (so a timeout kills everything it started), dies with us,
 * default signal mask, stdin and (maybe) stdout/stderr redirected. Never returns. */
static void exec_child(char **argv, const sigset_t *old_mask, int stdin_fd, const int out_pipe[2],
                       const int err_pipe[2], int exec_err_fd, int notify_fd, pid_t parent)
{
    setpgid(0, 0);
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != parent)
        _exit(127);
    sigprocmask(SIG_SETMASK, old_mask, NULL);
    if (dup2(stdin_fd, STDIN_FILENO) < 0)
        _exit(127);
    /* mockxr tells us on this socket when the session reached EXITING (mxrun_child_run closes stdin) */
    char fd_text[16];
    snprintf(fd_text, sizeof fd_text, "%d", notify_fd);
    if (notify_fd >= 0 && (fcntl(notify_fd, F_SETFD, 0) < 0 || setenv("MOCKXR_NOTIFY_FD", fd_text, 1) != 0))
        _exit(127);
    if (out_pipe[1] >= 0 && (dup2(out_pipe[1], STDOUT_FILENO) < 0 || dup2(err_pipe[1], STDERR_FILENO) < 0))
        _exit(127);
    execvp(argv[0], argv);
    int err = errno; /* the parent reports it: this pipe closes silently on a successful exec */
    if (write(exec_err_fd, &err, sizeof err) < 0)
        _exit(126);
    _exit(127);
}

static void close_fd(int *fd)
{
    if (*fd >= 0)
        close(*fd);
    *fd = -1;
}

/* The pipes and descriptors of one run; -1 = none. */
struct child_fds {
    int sig;        /* signalfd for SIGCHLD/SIGINT/SIGTERM/SIGHUP */
    int in[2];      /* app stdin (pipe kept open) */
    int devnull;    /* app stdin with --stdin null */
    int out[2], err[2];
    int exec_err[2];
    int notify[2];  /* [0] ours, [1] the app's (MOCKXR_NOTIFY_FD); only with the open stdin pipe */
};

static void child_fds_close(struct child_fds *f)
{
    int *all[] = {&f->sig, &f->in[0], &f->in[1], &f->devnull, &f->out[0], &f->out[1],
                  &f->err[0], &f->err[1], &f->exec_err[0], &f->exec_err[1], &f->notify[0], &f->notify[1]};
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
        close_fd(all[i]);
}

static int child_fds_open(struct child_fds *f, const sigset_t *mask, bool stdin_null, bool scan)
{
    *f = (struct child_fds){-1, {-1, -1}, -1, {-1, -1}, {-1, -1}, {-1, -1}, {-1, -1}};
    bool ok = (f->sig = signalfd(-1, mask, SFD_CLOEXEC | SFD_NONBLOCK)) >= 0;
    if (ok && stdin_null)
        ok = (f->devnull = open("/dev/null", O_RDONLY | O_CLOEXEC)) >= 0;
    else if (ok)
        ok = pipe2(f->in, O_CLOEXEC) == 0 &&
             socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0, f->notify) == 0;
    if (ok && scan)
        ok = pipe2(f->out, O_CLOEXEC) == 0 && pipe2(f->err, O_CLOEXEC) == 0;
    if (ok)
        ok = pipe2(f->exec_err, O_CLOEXEC) == 0;
    if (!ok) {
        fprintf(stderr, "mockxr-run: cannot set up the app's pipes: %s\n", strerror(errno));
        child_fds_close(f);
        return MXRUN_EXIT_SETUP;
    }
    return MXRUN_EXIT_OK;
}

static void record_status(int status, struct mxrun_child_result *r)
{
    r->exited = WIFEXITED(status);
    r->exit_code = r->exited ? WEXITSTATUS(status) : 0;
    r->signaled = WIFSIGNALED(status);
    r->term_signal = r->signaled ? WTERMSIG(status) : 0;
}

/* Signals to mockxr-run: reap the app, or pass SIGINT/SIGTERM/SIGHUP on to its group. */
static bool handle_signals(int sig_fd, pid_t pid, double *kill_at, struct mxrun_child_result *r)
{
    struct signalfd_siginfo si;
    while (read(sig_fd, &si, sizeof si) == (ssize_t)sizeof si) {
        if (si.ssi_signo != SIGCHLD) {
            kill(-pid, (int)si.ssi_signo);
            r->interrupted = true;
            if (*kill_at == 0.0)
                *kill_at = now_s() + MXRUN_KILL_GRACE_S;
        }
    }
    int status = 0;
    if (waitpid(pid, &status, WNOHANG) == pid) {
        record_status(status, r);
        return true;
    }
    return false;
}

/* mockxr said the session reached EXITING or the instance is gone: nothing the app reads from stdin
 * can matter any more, and an app (or the shell around it) that reads stdin until end of input must
 * get it — else it never ends (hello_xr with glibc >= 2.39 waits in exit() for stdin's lock). */
static void notify_pump(struct child_fds *f, struct mxrun_child_result *r)
{
    char buf[256];
    ssize_t n = read(f->notify[0], buf, sizeof buf);
    if (n < 0 && (errno == EINTR || errno == EAGAIN))
        return;
    if (n <= 0) {
        close_fd(&f->notify[0]); /* every holder of the app's end is gone */
        return;
    }
    if (f->in[1] >= 0) {
        close_fd(&f->in[1]);
        r->stdin_closed = true;
    }
}

static void supervise(pid_t pid, struct child_fds *f, double timeout_s, struct mxrun_child_result *r)
{
    struct relay relays[2] = {{.fd = f->out[0], .out_fd = STDOUT_FILENO}, {.fd = f->err[0], .out_fd = STDERR_FILENO}};
    f->out[0] = f->err[0] = -1; /* owned by the relays now */
    double deadline = now_s() + timeout_s, kill_at = 0.0;
    bool done = false;
    while (!done) {
        struct pollfd pfd[4] = {{.fd = f->sig, .events = POLLIN}};
        nfds_t n = 1;
        for (int i = 0; i < 2; i++)
            pfd[n++] = (struct pollfd){.fd = relays[i].fd, .events = POLLIN}; /* fd -1 is skipped */
        pfd[n++] = (struct pollfd){.fd = f->notify[0], .events = POLLIN};
        double next = kill_at > 0.0 ? kill_at : deadline;
        double wait_s = next - now_s();
        int ms = wait_s <= 0.0 ? 0 : (wait_s > 1e6 ? -1 : (int)(wait_s * 1000.0) + 1);
        if (poll(pfd, n, ms) < 0 && errno != EINTR) {
            /* cannot supervise any more: do not leave the app running unwatched */
            fprintf(stderr, "mockxr-run: poll failed: %s; killing the app\n", strerror(errno));
            kill(-pid, SIGKILL);
            int status = 0;
            while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
                ;
            record_status(status, r);
            break;
        }
        for (int i = 0; i < 2; i++) {
            if (relays[i].fd >= 0 && (pfd[1 + i].revents & (POLLIN | POLLHUP | POLLERR)))
                relay_pump(&relays[i], &r->validation_messages);
        }
        if (f->notify[0] >= 0 && (pfd[3].revents & (POLLIN | POLLHUP | POLLERR)))
            notify_pump(f, r);
        done = handle_signals(f->sig, pid, &kill_at, r);
        double t = now_s();
        if (!done && !r->timed_out && t >= deadline) {
            r->timed_out = true;
            kill(-pid, SIGTERM);
            kill_at = t + MXRUN_KILL_GRACE_S;
            deadline = 1e300;
        } else if (!done && kill_at > 0.0 && t >= kill_at) {
            kill(-pid, SIGKILL);
            kill_at = 0.0;
            deadline = 1e300;
        }
    }
    /* What the app wrote just before ending; a leftover grandchild holding the pipe open must
     * not hold us up for long. */
    double drain_until = now_s() + 1.0;
    for (int i = 0; i < 2; i++) {
        while (relays[i].fd >= 0 && now_s() < drain_until) {
            struct pollfd p = {.fd = relays[i].fd, .events = POLLIN};
            if (poll(&p, 1, 100) > 0)
                relay_pump(&relays[i], &r->validation_messages);
        }
        close_fd(&relays[i].fd);
    }
}

int mxrun_child_run(char **argv, double timeout_s, bool stdin_null, bool scan_validation,
                    struct mxrun_child_result *out_result)
{
    struct mxrun_child_result r = {0};
    sigset_t mask, old_mask;
    sigemptyset(&mask);
    int sigs[] = {SIGCHLD, SIGINT, SIGTERM, SIGHUP};
    for (size_t i = 0; i < 4; i++)
        sigaddset(&mask, sigs[i]);
    sigprocmask(SIG_BLOCK, &mask, &old_mask);
    struct child_fds f;
    int rc = child_fds_open(&f, &mask, stdin_null, scan_validation);
    double start = now_s();
    pid_t pid = -1;
    if (rc == MXRUN_EXIT_OK) {
        pid_t parent = getpid();
        fflush(NULL);
        pid = fork();
        if (pid == 0)
            exec_child(argv, &old_mask, stdin_null ? f.devnull : f.in[0], f.out, f.err, f.exec_err[1], f.notify[1],
                       parent);
        if (pid < 0) {
            fprintf(stderr, "mockxr-run: fork failed: %s\n", strerror(errno));
            rc = MXRUN_EXIT_SETUP;
        }
    }
    if (pid > 0) {
        setpgid(pid, pid); /* also in the child: whichever runs first; EACCES after exec is fine */
        close_fd(&f.in[0]);
        close_fd(&f.devnull);
        close_fd(&f.out[1]);
        close_fd(&f.err[1]);
        close_fd(&f.exec_err[1]);
        close_fd(&f.notify[1]);
        int exec_errno = 0;
        ssize_t got;
        while ((got = read(f.exec_err[0], &exec_errno, sizeof exec_errno)) < 0 && errno == EINTR)
            ;
        if (got == (ssize_t)sizeof exec_errno) {
            fprintf(stderr, "mockxr-run: cannot run '%s': %s\n", argv[0], strerror(exec_errno));
            int status;
            while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
                ;
            rc = MXRUN_EXIT_SETUP;
        } else {
            r.started = true;
            supervise(pid, &f, timeout_s, &r);
        }
    }
    r.wall_s = now_s() - start;
    child_fds_close(&f);
    sigprocmask(SIG_SETMASK, &old_mask, NULL);
    *out_result = r;
    return rc;
}
