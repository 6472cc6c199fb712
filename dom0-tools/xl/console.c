/* xl console: the pty xenconsoled serves for a domain (named in
 * /local/domain/<id>/console/tty), copied both ways until Ctrl-] or the
 * domain's end. Standard input may be a pipe: at its end xl stops sending
 * and keeps printing, so `(sleep 5; echo cmd) | xl console d1` works. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>
#include "xl.h"

#define ESCAPE_CHAR 0x1d        /* Ctrl-] */
#define IO_CHUNK    4096

enum { GO_ON, ENDED };

struct console {
    struct xl_env *env;
    uint16_t domid;
    int tty;
    bool in_open;
    uint64_t last_check_ms;
};

static uint64_t now_ms(void)
{
    struct timespec t;

    clock_gettime(CLOCK_MONOTONIC, &t);
    return (uint64_t)t.tv_sec * 1000 + (uint64_t)t.tv_nsec / 1000000;
}

/* Gone, dying or shut down: nothing more will come. */
static bool domain_ended(struct xl_env *env, uint16_t domid)
{
    struct keel_domaininfo info;
    int rc = lc_domctl_getdomaininfo(lc_ctx_hc(env->ctx), domid, &info);

    return rc || (info.flags & (KEEL_DOMINF_shutdown | KEEL_DOMINF_dying));
}

/* xenconsoled writes the node a moment after the domain appears. */
static int find_tty(struct xl_env *env, uint16_t domid, char **tty)
{
    const struct timespec pause = { 0, 50 * 1000000L };
    uint64_t deadline = now_ms() + env->console_wait_ms;
    char path[64];

    snprintf(path, sizeof(path), "/local/domain/%u/console/tty", domid);
    for (;;) {
        int rc = lc_ctx_store_read(env->ctx, path, tty);

        if (!rc && **tty)
            return 0;
        if (!rc)
            free(*tty);
        if ((rc && rc != -ENOENT) || domain_ended(env, domid) || now_ms() >= deadline)
            return xl_fail(env, "domain %u has no console: %s not written by xenconsoled",
                           domid, path);
        nanosleep(&pause, NULL);
    }
}

static int write_all(int fd, const char *buf, size_t len)
{
    while (len) {
        ssize_t n = write(fd, buf, len);

        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return -errno;
        buf += n;
        len -= (size_t)n;
    }
    return 0;
}

/* The guest's output. A hung-up pty (EIO) ends the session. */
static int copy_out(struct console *c)
{
    char buf[IO_CHUNK];
    ssize_t n = read(c->tty, buf, sizeof(buf));

    if (n < 0 && (errno == EINTR || errno == EAGAIN))
        return GO_ON;
    if (n <= 0 || write_all(c->env->out_fd, buf, (size_t)n))
        return ENDED;
    return GO_ON;
}

/* Our input, up to the escape character. */
static int copy_in(struct console *c)
{
    char buf[IO_CHUNK], *esc;
    ssize_t n = read(c->env->in_fd, buf, sizeof(buf));

    if (n < 0 && (errno == EINTR || errno == EAGAIN))
        return GO_ON;
    if (n <= 0) {
        c->in_open = false;
        return GO_ON;
    }
    esc = memchr(buf, ESCAPE_CHAR, (size_t)n);
    if (write_all(c->tty, buf, esc ? (size_t)(esc - buf) : (size_t)n) || esc)
        return ENDED;
    return GO_ON;
}

/* What the guest wrote before it ended still reaches the user. */
static void drain(struct console *c)
{
    struct pollfd p = { .fd = c->tty, .events = POLLIN };

    while (poll(&p, 1, 0) > 0 && (p.revents & POLLIN) && copy_out(c) == GO_ON)
        ;
}

static int pump(struct console *c)
{
    struct pollfd p[2] = {
        { .fd = c->tty, .events = POLLIN },
        { .fd = c->in_open ? c->env->in_fd : -1, .events = POLLIN },
    };
    int n = poll(p, 2, (int)c->env->poll_ms);
    int rc = GO_ON;

    if (n < 0 && errno != EINTR)
        return ENDED;
    if (n > 0 && (p[0].revents & (POLLIN | POLLHUP | POLLERR)))
        rc = copy_out(c);
    if (rc == GO_ON && n > 0 && (p[1].revents & (POLLIN | POLLHUP | POLLERR)))
        rc = copy_in(c);
    if (rc == GO_ON && (n == 0 || now_ms() - c->last_check_ms >= c->env->poll_ms)) {
        c->last_check_ms = now_ms();
        if (domain_ended(c->env, c->domid)) {
            drain(c);
            rc = ENDED;
        }
    }
    return rc;
}

static void make_raw(int fd, struct termios *saved, bool *was_set)
{
    struct termios t;

    *was_set = false;
    if (!isatty(fd) || tcgetattr(fd, &t))
        return;
    if (saved)
        *saved = t;
    cfmakeraw(&t);
    *was_set = !tcsetattr(fd, TCSANOW, &t);
}

int xl_console_attach(struct xl_env *env, uint16_t domid)
{
    struct console c = { .env = env, .domid = domid, .in_open = true };
    struct termios saved;
    bool local_raw, pty_raw;
    char *path;

    if (domid == 0)
        return xl_fail(env, "dom0's console is the hypervisor console");
    if (!xl_ctx(env) || find_tty(env, domid, &path))
        return XL_FAIL;
    c.tty = open(path, O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (c.tty < 0) {
        int err = errno;

        xl_fail(env, "opening %s: %s", path, strerror(err));
        free(path);
        return XL_FAIL;
    }
    free(path);
    make_raw(c.tty, NULL, &pty_raw);
    make_raw(env->in_fd, &saved, &local_raw);
    c.last_check_ms = now_ms();
    while (pump(&c) == GO_ON)
        ;
    if (local_raw)
        tcsetattr(env->in_fd, TCSANOW, &saved);
    close(c.tty);
    return XL_OK;
}
