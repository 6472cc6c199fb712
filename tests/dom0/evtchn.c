/*
 * Event channels through /dev/xen/evtchn: a loopback pair inside dom0
 * (alloc_unbound to ourselves, bind_interdomain to that port) carries an
 * event each way; then the ways a bind or notify must be refused.
 * Loopback ports live on two open files, as two domains' would.
 */
#define _GNU_SOURCE
#include "checks.h"
#include "check.h"
#include "xen_uapi.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/ioctl.h>
#include <unistd.h>

#define EVENT_WAIT_MS 2000

static long evtchn_ioctl(int fd, unsigned long cmd, void *arg)
{
    long rc = ioctl(fd, cmd, arg);

    return rc < 0 ? -errno : rc;
}

/* Returns the new local port, or -errno. */
static long bind_unbound(int fd, unsigned domid)
{
    struct ioctl_evtchn_bind_unbound_port b = { .remote_domain = domid };

    return evtchn_ioctl(fd, IOCTL_EVTCHN_BIND_UNBOUND_PORT, &b);
}

static long bind_interdomain(int fd, unsigned domid, unsigned port)
{
    struct ioctl_evtchn_bind_interdomain b = {
        .remote_domain = domid,
        .remote_port = port,
    };

    return evtchn_ioctl(fd, IOCTL_EVTCHN_BIND_INTERDOMAIN, &b);
}

static long unbind(int fd, unsigned port)
{
    struct ioctl_evtchn_unbind u = { .port = port };

    return evtchn_ioctl(fd, IOCTL_EVTCHN_UNBIND, &u);
}

static long notify(int fd, unsigned port)
{
    struct ioctl_evtchn_notify n = { .port = port };

    return evtchn_ioctl(fd, IOCTL_EVTCHN_NOTIFY, &n);
}

/* The port of the next pending event on FD, or -errno (-ETIMEDOUT). */
static long wait_event(int fd)
{
    struct pollfd p = { .fd = fd, .events = POLLIN };
    uint32_t port;
    ssize_t n;

    n = poll(&p, 1, EVENT_WAIT_MS);
    if (n < 0)
        return -errno;
    if (n == 0)
        return -ETIMEDOUT;
    n = read(fd, &port, sizeof(port));
    if (n < 0)
        return -errno;
    return n == sizeof(port) ? (long)port : -EIO;
}

/* The driver masks a port when it queues its event; writing unmasks. */
static long unmask(int fd, uint32_t port)
{
    ssize_t n = write(fd, &port, sizeof(port));

    if (n < 0)
        return -errno;
    return n == sizeof(port) ? 0 : -EIO;
}

/* Two ends of one channel, each on its own open file. */
struct pair {
    int fd[2];
    long port[2];
};

static int fail_rc(struct result *r, const char *what, long rc,
                   const char *want)
{
    char got[64];

    return fail(r, "%s: got %s want %s", what,
                describe_rc(rc, got, sizeof(got)), want);
}

static int open_pair(struct result *r, struct pair *p)
{
    p->fd[0] = open_or_fail(r, DEV_EVTCHN, O_RDWR | O_NONBLOCK);
    if (p->fd[0] < 0)
        return -1;
    p->fd[1] = open_or_fail(r, DEV_EVTCHN, O_RDWR | O_NONBLOCK);
    if (p->fd[1] < 0)
        return -1;
    p->port[0] = bind_unbound(p->fd[0], DOMID_DOM0);
    if (p->port[0] < 0)
        return fail_rc(r, "bind_unbound_port(dom0)", p->port[0], "a port");
    p->port[1] = bind_interdomain(p->fd[1], DOMID_DOM0, p->port[0]);
    if (p->port[1] < 0)
        return fail_rc(r, "bind_interdomain(dom0, unbound port)", p->port[1],
                       "a port");
    return 0;
}

static void close_pair(struct pair *p)
{
    int i;

    for (i = 0; i < 2; i++) {
        if (p->port[i] >= 0)
            unbind(p->fd[i], p->port[i]);
        if (p->fd[i] >= 0)
            close(p->fd[i]);
    }
}

static int send_event(struct result *r, struct pair *p, int from)
{
    int to = !from;
    long rc;

    rc = notify(p->fd[from], p->port[from]);
    if (rc != 0)
        return fail_rc(r, "notify", rc, "0");
    rc = wait_event(p->fd[to]);
    if (rc != p->port[to]) {
        char want[32];

        snprintf(want, sizeof(want), "port %ld", p->port[to]);
        return fail_rc(r, from ? "event back" : "event", rc, want);
    }
    rc = unmask(p->fd[to], (uint32_t)p->port[to]);
    if (rc != 0)
        return fail_rc(r, "unmask by write", rc, "0");
    return 0;
}

static int unbind_pair(struct result *r, struct pair *p)
{
    int i;

    for (i = 0; i < 2; i++) {
        long rc = unbind(p->fd[i], p->port[i]);

        p->port[i] = -1;
        if (rc != 0)
            return fail_rc(r, "unbind", rc, "0");
    }
    return 0;
}

int check_evtchn_loopback(struct result *r)
{
    struct pair p = { { -1, -1 }, { -1, -1 } };
    long a, b;
    int ret = -1;

    if (open_pair(r, &p) < 0)
        goto out;
    a = p.port[0];
    b = p.port[1];
    if (send_event(r, &p, 0) < 0 || send_event(r, &p, 1) < 0)
        goto out;
    if (unbind_pair(r, &p) < 0)
        goto out;
    ret = pass(r, "ports %ld <-> %ld, one event each way", a, b);
out:
    close_pair(&p);
    return ret;
}

/* Runs FN(fd) on a fresh evtchn file. */
static int with_evtchn(struct result *r, int (*fn)(struct result *, int))
{
    int fd = open_or_fail(r, DEV_EVTCHN, O_RDWR | O_NONBLOCK);
    int ret;

    if (fd < 0)
        return -1;
    ret = fn(r, fd);
    close(fd);
    return ret;
}

static int notify_never_bound(struct result *r, int fd)
{
    long rc = notify(fd, 4095);

    if (rc >= 0)
        return fail_rc(r, "notify port 4095 (never bound)", rc, "an error");
    return expect_error(r, "notify ports 4095 and 0xffffffff (never bound)",
                        notify(fd, 0xffffffffu));
}

static int notify_after_unbind(struct result *r, int fd)
{
    long port = bind_unbound(fd, DOMID_DOM0);
    long rc;

    if (port < 0)
        return fail_rc(r, "bind_unbound_port(dom0)", port, "a port");
    rc = unbind(fd, port);
    if (rc != 0)
        return fail_rc(r, "unbind", rc, "0");
    return expect_error(r, "notify after unbind", notify(fd, port));
}

/* Port 0 is reserved: it is never unbound, so nobody can bind to it. */
static int bind_port_zero(struct result *r, int fd)
{
    long rc = bind_interdomain(fd, DOMID_DOM0, 0);

    if (rc >= 0)
        unbind(fd, rc);
    return expect_errno(r, "bind_interdomain(dom0, port 0)", rc, EINVAL);
}

static int bind_absent_domain(struct result *r, int fd)
{
    long rc = bind_interdomain(fd, DOMID_ABSENT, 1);

    if (rc >= 0)
        unbind(fd, rc);
    return expect_errno(r, "bind_interdomain(domain 0x7fef, port 1)", rc,
                        ESRCH);
}

/*
 * Once bound, a port is no longer unbound: a second bind_interdomain to
 * it must fail. (Offering a port to another domain cannot be tried here:
 * Xen refuses alloc_unbound for a domain that does not exist.)
 */
static int bind_port_taken(struct result *r, int fd)
{
    long offered = bind_unbound(fd, DOMID_DOM0), first, second;
    int ret;

    if (offered < 0)
        return fail_rc(r, "bind_unbound_port(dom0)", offered, "a port");
    first = bind_interdomain(fd, DOMID_DOM0, offered);
    if (first < 0) {
        ret = fail_rc(r, "bind_interdomain(dom0, unbound port)", first,
                      "a port");
        unbind(fd, offered);
        return ret;
    }
    second = bind_interdomain(fd, DOMID_DOM0, offered);
    if (second >= 0)
        unbind(fd, second);
    unbind(fd, first);
    unbind(fd, offered);
    return expect_errno(r, "second bind_interdomain to a connected port",
                        second, EINVAL);
}

int check_evtchn_notify_never_bound(struct result *r)
{
    return with_evtchn(r, notify_never_bound);
}

int check_evtchn_notify_after_unbind(struct result *r)
{
    return with_evtchn(r, notify_after_unbind);
}

int check_evtchn_bind_port_zero(struct result *r)
{
    return with_evtchn(r, bind_port_zero);
}

int check_evtchn_bind_absent_domain(struct result *r)
{
    return with_evtchn(r, bind_absent_domain);
}

int check_evtchn_bind_port_taken(struct result *r)
{
    return with_evtchn(r, bind_port_taken);
}
