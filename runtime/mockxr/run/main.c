/* mockxr-run: runs an OpenXR app on mockxr, prints the summary and turns the run into an exit status. */
#include "mxrun.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* How serious a failure is: the exit status is that of the most serious one. */
static int severity(int code)
{
    switch (code) {
    case MXRUN_EXIT_TIMEOUT: return 3;
    case MXRUN_EXIT_APP_FAILED: return 2;
    case MXRUN_EXIT_VERDICT: return 1;
    default: return 0;
    }
}

__attribute__((format(printf, 3, 4))) static void fail(int *status, int code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "mockxr-run: FAIL: ");
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    if (severity(code) > severity(*status))
        *status = code;
}

static void judge_app(const struct mxrun_child_result *c, const char *app, double timeout_s, int *status)
{
    if (c->timed_out)
        fail(status, MXRUN_EXIT_TIMEOUT, "%s did not end within the %.1f s timeout and was killed "
             "(is an exit requested? see --frames, --timeout)", app, timeout_s);
    else if (c->interrupted)
        fail(status, MXRUN_EXIT_APP_FAILED, "%s was interrupted (mockxr-run got a signal and passed it on)", app);
    if (c->signaled && !c->timed_out && !c->interrupted)
        fail(status, MXRUN_EXIT_APP_FAILED, "%s crashed: killed by signal %d (%s)", app, c->term_signal,
             strsignal(c->term_signal));
    else if (c->exited && c->exit_code != 0)
        fail(status, MXRUN_EXIT_APP_FAILED, "%s exited with status %d", app, c->exit_code);
    if (c->validation_messages > 0)
        fail(status, MXRUN_EXIT_VERDICT, "%u validation message(s) in the output of %s", c->validation_messages, app);
}

static void judge_report(const struct mxrun_report *r, long max_missed, int *status)
{
    if (!r->found) {
        fail(status, MXRUN_EXIT_VERDICT, "no report was written: the app never created an XrInstance on mockxr");
        return;
    }
    if (!r->has_summary) {
        fail(status, MXRUN_EXIT_VERDICT,
             "the report has no summary line (the app did not destroy its XrInstance, or was killed)");
        return;
    }
    if (r->errors > 0)
        fail(status, MXRUN_EXIT_VERDICT, "mockxr diagnosed %ld error(s) (explained above in the app's output)",
             r->errors);
    if (r->frames == 0 || r->frame_records == 0)
        fail(status, MXRUN_EXIT_VERDICT, "no frames: the app never completed an xrWaitFrame");
    if (max_missed >= 0 && r->missed > max_missed)
        fail(status, MXRUN_EXIT_VERDICT, "%ld missed frame(s), more than the %ld allowed (--max-missed)", r->missed,
             max_missed);
}

/* Runs the app and judges it; returns an enum mxrun_exit. */
static int run(const struct mxrun_opts *opts, const char *report_path, struct mxrun_compare *cmp)
{
    double timeout_s = mxrun_effective_timeout(opts);
    struct mxrun_child_result child;
    int rc = mxrun_child_run(opts->app_argv, timeout_s, opts->stdin_null, opts->validation, &child);
    if (rc != MXRUN_EXIT_OK)
        return rc;
    bool comparing = cmp->ref_dir != NULL;
    struct mxrun_report report;
    int report_rc = mxrun_report_read(report_path, &report);
    fflush(stdout);
    if (report.has_summary)
        mxrun_report_print(&report, stdout);
    fflush(stdout);
    int status = MXRUN_EXIT_OK;
    judge_app(&child, opts->app_argv[0], timeout_s, &status);
    if (report_rc != 0)
        fail(&status, MXRUN_EXIT_VERDICT, "the report %s is malformed", report_path);
    else if (!child.timed_out) /* a killed app's report says nothing more */
        judge_report(&report, mxrun_effective_max_missed(opts), &status);
    if (status == MXRUN_EXIT_OK && comparing)
        status = mxrun_compare_finish(opts, cmp);
    else if (comparing)
        fprintf(stderr, "mockxr-run: the images were not compared: the run failed\n");
    if (status == MXRUN_EXIT_OK)
        fprintf(stderr, "mockxr-run: OK: %s ran %ld frames in %.1f s\n", opts->app_argv[0], report.frames,
                child.wall_s);
    return status;
}

int main(int argc, char **argv)
{
    struct mxrun_opts opts;
    int rc = mxrun_opts_parse(argc, argv, &opts);
    if (rc != MXRUN_EXIT_OK)
        return rc < 0 ? MXRUN_EXIT_OK : rc;
    char *report_path = NULL;
    bool report_is_temp = false;
    struct mxrun_compare cmp;
    rc = mxrun_compare_prepare(&opts, &cmp);
    if (rc == MXRUN_EXIT_OK)
        rc = mxrun_env_prepare(&opts, &report_path, &report_is_temp);
    if (rc == MXRUN_EXIT_OK)
        rc = run(&opts, report_path, &cmp);
    mxrun_compare_cleanup(&cmp);
    if (report_is_temp && report_path)
        unlink(report_path);
    free(report_path);
    return rc;
}
