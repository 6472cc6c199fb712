/* Framing: writing one whole request and reading one whole message, each
 * bounded by a deadline. Anything that leaves the byte stream out of step
 * marks the connection broken, since no later message could be trusted. */
#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include "xs_internal.h"

static int64_t now_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* -1 means no deadline. */
int64_t xs_deadline(int timeout_ms)
{
    if (timeout_ms < 0)
        return -1;
    return now_ms() + timeout_ms;
}

static int poll_timeout(int64_t deadline)
{
    int64_t left;

    if (deadline < 0)
        return -1;
    left = deadline - now_ms();
    if (left < 0)
        return 0;
    return left > INT_MAX ? INT_MAX : (int)left;
}

/* The xenbus device ignores O_NONBLOCK on read, so we always poll first. */
static int wait_fd(int fd, short events, int64_t deadline)
{
    struct pollfd p = { .fd = fd, .events = events };
    int n;

    do
        n = poll(&p, 1, poll_timeout(deadline));
    while (n < 0 && errno == EINTR);
    if (n < 0)
        return -errno;
    return n == 0 ? -ETIMEDOUT : 0;
}

static int broken(struct xs_conn *c)
{
    c->broken = true;
    return -EIO;
}

static ssize_t put_bytes(struct xs_conn *c, const char *p, size_t n)
{
    if (c->is_socket)
        return send(c->fd, p, n, MSG_NOSIGNAL);
    return write(c->fd, p, n);
}

static int write_all(struct xs_conn *c, const char *p, size_t n,
                     int64_t deadline)
{
    size_t done = 0;

    while (done < n) {
        int rc = wait_fd(c->fd, POLLOUT, deadline);
        ssize_t w;

        if (rc)
            return done ? broken(c) : rc;
        w = put_bytes(c, p + done, n - done);
        if (w < 0 && (errno == EINTR || errno == EAGAIN))
            continue;
        if (w <= 0)
            return broken(c);
        done += (size_t)w;
    }
    return 0;
}

/* The whole message goes in one write where possible: the xenbus device
 * then sees it in one piece. */
int xs_send(struct xs_conn *c, const struct xsd_sockmsg *hdr,
            const struct xs_iov *iov, unsigned n, int64_t deadline)
{
    char buf[sizeof(*hdr) + XENSTORE_PAYLOAD_MAX];
    struct xsd_sockmsg h = *hdr;
    size_t len = 0;

    for (unsigned i = 0; i < n; i++) {
        if (iov[i].len > XENSTORE_PAYLOAD_MAX - len)
            return -E2BIG;
        if (iov[i].len)
            memcpy(buf + sizeof(h) + len, iov[i].base, iov[i].len);
        len += iov[i].len;
    }
    h.len = (uint32_t)len;
    memcpy(buf, &h, sizeof(h));
    return write_all(c, buf, sizeof(h) + len, deadline);
}

/* Bytes still missing from the message in c->rx, and where they go. */
static size_t rx_missing(struct xs_rx *rx, char **dst)
{
    size_t hlen = sizeof(rx->hdr);

    if (rx->got < hlen) {
        *dst = (char *)&rx->hdr + rx->got;
        return hlen - rx->got;
    }
    *dst = rx->body + (rx->got - hlen);
    return hlen + rx->hdr.len - rx->got;
}

static int read_some(struct xs_conn *c, char *dst, size_t n)
{
    ssize_t r = read(c->fd, dst, n);

    if (r < 0 && (errno == EINTR || errno == EAGAIN))
        return 0;
    if (r <= 0)
        return broken(c);
    c->rx.got += (size_t)r;
    return 0;
}

/* Reads until c->rx holds one whole message; the caller consumes it and
 * sets c->rx.got back to 0. A timeout keeps what was read so far. */
int xs_receive(struct xs_conn *c, int64_t deadline)
{
    struct xs_rx *rx = &c->rx;

    for (;;) {
        char *dst;
        size_t missing;
        int rc;

        if (c->broken)
            return -EIO;
        if (rx->got >= sizeof(rx->hdr) && rx->hdr.len > XENSTORE_PAYLOAD_MAX)
            return broken(c);
        missing = rx_missing(rx, &dst);
        if (missing == 0) {
            rx->body[rx->hdr.len] = '\0';
            return 0;
        }
        rc = wait_fd(c->fd, POLLIN, deadline);
        if (rc)
            return rc;
        rc = read_some(c, dst, missing);
        if (rc)
            return rc;
    }
}

#define XS_ERROR_ENTRY(e) { e, #e },
static const struct xsd_errors error_names[] = {
    XSD_ERROR_NAMES(XS_ERROR_ENTRY)
};

/* An XS_ERROR payload is the errno name, normally NUL-terminated. Names we
 * do not know become EINVAL, as in Xen's own client. */
int xs_error_from_name(const char *body, size_t len)
{
    size_t n = strnlen(body, len);

    if (n + 1 < len)
        return -EINVAL;
    for (size_t i = 0; i < sizeof(error_names) / sizeof(error_names[0]); i++) {
        const char *name = error_names[i].errstring;

        if (strlen(name) == n && memcmp(name, body, n) == 0)
            return -error_names[i].errnum;
    }
    return -EINVAL;
}
