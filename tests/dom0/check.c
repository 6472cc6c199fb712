/*
 * Runs one check in a child process and reports it. The child sends its
 * verdict through a pipe; the parent waits for it at most the check's
 * timeout, then kills the child, so no check can stop the ones after it.
 */
#define _GNU_SOURCE
#include "check.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* What the child writes to the pipe: one write, well under PIPE_BUF. */
struct verdict {
    int passed;
    struct result res;
};

#define REAP_WAIT_MS 2000

static int vformat(struct result *r, const char *fmt, va_list ap)
{
    vsnprintf(r->msg, sizeof(r->msg), fmt, ap);
    return 0;
}

int pass(struct result *r, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vformat(r, fmt, ap);
    va_end(ap);
    return 0;
}

int fail(struct result *r, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vformat(r, fmt, ap);
    va_end(ap);
    return -1;
}

const char *describe_rc(long rc, char *buf, unsigned len)
{
    const char *name;

    if (rc >= 0) {
        snprintf(buf, len, rc > 9 ? "%#lx" : "%ld", rc);
        return buf;
    }
    name = strerrorname_np((int)-rc);
    if (name)
        snprintf(buf, len, "-%s (%s)", name, strerror((int)-rc));
    else
        snprintf(buf, len, "%ld", rc);
    return buf;
}

int fail_errno(struct result *r, const char *what, const char *want)
{
    char got[64];

    return fail(r, "%s: got %s want %s", what,
                describe_rc(-errno, got, sizeof(got)), want);
}

int expect_errno(struct result *r, const char *what, long rc, int want_err)
{
    char got[64], want[64];

    describe_rc(rc, got, sizeof(got));
    if (rc == -want_err)
        return pass(r, "%s: %s", what, got);
    return fail(r, "%s: got %s want %s", what, got,
                describe_rc(-want_err, want, sizeof(want)));
}

int expect_error(struct result *r, const char *what, long rc)
{
    char got[64];

    describe_rc(rc, got, sizeof(got));
    if (rc < 0)
        return pass(r, "%s: %s", what, got);
    return fail(r, "%s: got %s want an error", what, got);
}

int open_or_fail(struct result *r, const char *path, int flags)
{
    char what[96];
    int fd = open(path, flags | O_CLOEXEC);

    if (fd < 0) {
        snprintf(what, sizeof(what), "open %s", path);
        fail_errno(r, what, "success");
    }
    return fd;
}

static long now_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

static void run_child(const struct check *c, int wfd)
{
    struct verdict v;
    ssize_t n;

    memset(&v, 0, sizeof(v));
    v.passed = c->run(&v.res) == 0;
    n = write(wfd, &v, sizeof(v));
    _exit(n == (ssize_t)sizeof(v) ? 0 : 1);
}

/*
 * Reads the child's verdict until the deadline. Returns 1 with a verdict,
 * 0 if the child closed the pipe without one, -ETIMEDOUT at the deadline.
 */
static int read_verdict(int fd, struct verdict *v, long deadline)
{
    size_t have = 0;

    while (have < sizeof(*v)) {
        struct pollfd p = { .fd = fd, .events = POLLIN };
        long left = deadline - now_ms();
        ssize_t n;

        if (left <= 0)
            return -ETIMEDOUT;
        if (poll(&p, 1, (int)left) < 0 && errno != EINTR)
            return 0;
        if (!(p.revents & (POLLIN | POLLHUP | POLLERR)))
            continue;
        n = read(fd, (char *)v + have, sizeof(*v) - have);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return 0;
        have += (size_t)n;
    }
    return 1;
}

/* Waits a bounded time for PID; returns 0 and its status, or -1. */
static int reap(pid_t pid, int *status)
{
    long deadline = now_ms() + REAP_WAIT_MS;
    struct timespec tick = { 0, 10 * 1000 * 1000 };

    do {
        pid_t got = waitpid(pid, status, WNOHANG);

        if (got == pid)
            return 0;
        if (got < 0 && errno != EINTR)
            return -1;
        nanosleep(&tick, NULL);
    } while (now_ms() < deadline);
    return -1;
}

static void report(const char *name, int passed, const char *msg)
{
    printf("dom0-test: %s %s%s%s\n", passed ? "ok" : "FAIL", name,
           msg[0] ? ": " : "", msg);
    fflush(stdout);
}

/* The child ended without a verdict: say how. */
static void report_death(const char *name, pid_t pid)
{
    char msg[96];
    int status;

    if (reap(pid, &status) < 0)
        snprintf(msg, sizeof(msg), "child vanished without a result");
    else if (WIFSIGNALED(status))
        snprintf(msg, sizeof(msg), "crashed: got signal %d (%s) want a result",
                 WTERMSIG(status), strsignal(WTERMSIG(status)));
    else
        snprintf(msg, sizeof(msg), "exited %d without a result",
                 WEXITSTATUS(status));
    report(name, 0, msg);
}

static void report_timeout(const char *name, pid_t pid, unsigned timeout_s)
{
    char msg[96];
    int status;

    kill(pid, SIGKILL);
    snprintf(msg, sizeof(msg), "timed out after %u s%s", timeout_s,
             reap(pid, &status) < 0 ? " (still stuck after SIGKILL)" : "");
    report(name, 0, msg);
}

int run_check(const struct check *c)
{
    struct verdict v;
    int fds[2], got, status;
    pid_t pid;

    if (pipe2(fds, O_CLOEXEC) < 0) {
        report(c->name, 0, "pipe failed");
        return 1;
    }
    fflush(stdout);
    pid = fork();
    if (pid < 0) {
        close(fds[0]);
        close(fds[1]);
        report(c->name, 0, "fork failed");
        return 1;
    }
    if (pid == 0) {
        close(fds[0]);
        run_child(c, fds[1]);
    }
    close(fds[1]);
    got = read_verdict(fds[0], &v, now_ms() + c->timeout_s * 1000L);
    close(fds[0]);
    if (got == -ETIMEDOUT) {
        report_timeout(c->name, pid, c->timeout_s);
        return 1;
    }
    if (got == 0) {
        report_death(c->name, pid);
        return 1;
    }
    reap(pid, &status);
    v.res.msg[sizeof(v.res.msg) - 1] = '\0';
    report(c->name, v.passed, v.res.msg);
    return v.passed ? 0 : 1;
}
