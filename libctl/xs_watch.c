/* Watches: setting them up, and reading the events they fire. Without a
 * reader thread, events are read from the connection either while a reply
 * is awaited (xs_request.c queues them) or here. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <unistd.h>
#include "xs_internal.h"

static int watch_request(struct xs_conn *c, uint32_t type, const char *path,
                         const char *token)
{
    struct xs_iov iov[2];

    if (!path || !token)
        return -EINVAL;
    iov[0] = (struct xs_iov){ path, strlen(path) + 1 };
    iov[1] = (struct xs_iov){ token, strlen(token) + 1 };
    return xs_talk(c, type, XS_TX_NONE, iov, 2, NULL, NULL);
}

int xs_watch(struct xs_conn *c, const char *path, const char *token)
{
    return watch_request(c, XS_WATCH, path, token);
}

/* Events of this watch already queued would otherwise surprise a caller
 * who has just said it no longer wants them. */
int xs_unwatch(struct xs_conn *c, const char *path, const char *token)
{
    int rc = watch_request(c, XS_UNWATCH, path, token);

    if (rc == 0)
        xs_drop_events(c, path, token);
    return rc;
}

int xs_reset_watches(struct xs_conn *c)
{
    int rc = xs_talk_str(c, XS_RESET_WATCHES, XS_TX_NONE, "", NULL, NULL);

    if (rc == 0)
        xs_drop_events(c, NULL, NULL);
    return rc;
}

/* One descriptor for two sources: the connection (events not read yet)
 * and an eventfd (events already queued). epoll gives us both as one. */
static int make_watch_fd(struct xs_conn *c)
{
    struct epoll_event ev = { .events = EPOLLIN };
    int rc = 0;

    c->epoll_fd = epoll_create1(EPOLL_CLOEXEC);
    c->event_fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    if (c->epoll_fd < 0 || c->event_fd < 0)
        rc = -errno;
    if (!rc && epoll_ctl(c->epoll_fd, EPOLL_CTL_ADD, c->fd, &ev) < 0)
        rc = -errno;
    if (!rc && epoll_ctl(c->epoll_fd, EPOLL_CTL_ADD, c->event_fd, &ev) < 0)
        rc = -errno;
    if (rc) {
        if (c->epoll_fd >= 0)
            close(c->epoll_fd);
        if (c->event_fd >= 0)
            close(c->event_fd);
        c->epoll_fd = c->event_fd = -1;
        return rc;
    }
    c->ev_signalled = false;
    xs_update_signal(c);
    return 0;
}

int xs_watch_fd(struct xs_conn *c)
{
    int rc;

    if (!c)
        return -EINVAL;
    if (c->epoll_fd < 0) {
        rc = make_watch_fd(c);
        if (rc)
            return rc;
    }
    return c->epoll_fd;
}

/* Reads from the connection until an event (or a loss) is pending. Other
 * messages here can only be late replies, which nobody waits for. */
static int wait_event(struct xs_conn *c, int64_t deadline)
{
    while (!c->ev_head && !c->ev_lost) {
        int rc = xs_receive(c, deadline);

        if (rc)
            return rc;
        if (c->rx.hdr.type == XS_WATCH_EVENT)
            xs_queue_event(c, c->rx.body, c->rx.hdr.len);
        c->rx.got = 0;
    }
    return 0;
}

/* body is "path NUL token NUL"; anything after the token is ignored. */
static int split_event(const struct xs_event *e, char **path, char **token)
{
    size_t plen = strnlen(e->body, e->len);
    const char *tok = e->body + plen + 1;
    size_t room;

    if (plen == 0 || plen + 1 >= e->len)
        return -EBADMSG;
    room = e->len - plen - 1;
    if (strnlen(tok, room) == room)
        return -EBADMSG;
    *path = strdup(e->body);
    *token = strdup(tok);
    if (*path && *token)
        return 0;
    free(*path);
    free(*token);
    return -ENOMEM;
}

int xs_read_watch(struct xs_conn *c, char **path, char **token,
                  int timeout_ms)
{
    struct xs_event *e;
    int rc;

    if (!c || !path || !token)
        return -EINVAL;
    rc = wait_event(c, xs_deadline(timeout_ms));
    if (rc)
        return rc;
    if (c->ev_lost) {
        c->ev_lost = false;
        xs_update_signal(c);
        return -ENOBUFS;
    }
    e = xs_pop_event(c);
    rc = split_event(e, path, token);
    free(e);
    if (rc == -ENOMEM) {
        /* The event is gone: make sure the caller hears of it. */
        c->ev_lost = true;
        xs_update_signal(c);
    }
    return rc;
}
