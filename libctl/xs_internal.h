/* What the xenstore client's files share: the connection, the framing
 * layer (xs_io.c) and the watch queue (xs_watch.c). Not public. */
#ifndef KEEL_LIBCTL_XS_INTERNAL_H
#define KEEL_LIBCTL_XS_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <public/io/xs_wire.h>
#include "libctl.h"

/* A message being received; kept across calls so that a timeout in the
 * middle of one does not lose our place in the stream. */
struct xs_rx {
    struct xsd_sockmsg hdr;
    size_t got;                 /* bytes of header + body so far */
    char body[XENSTORE_PAYLOAD_MAX + 1];
};

struct xs_event {
    struct xs_event *next;
    size_t len;
    char body[];                /* path NUL token NUL, as sent */
};

struct xs_conn {
    int fd;
    bool is_socket;             /* send() with MSG_NOSIGNAL, else write() */
    bool broken;                /* stream out of step: fail every call */
    int timeout_ms;
    uint32_t next_req_id;
    struct xs_rx rx;
    struct xs_event *ev_head, *ev_tail;
    unsigned ev_count;
    bool ev_lost;               /* events dropped since the last read */
    bool ev_signalled;          /* event_fd's counter is non-zero */
    int epoll_fd;               /* xs_watch_fd: -1 until asked for */
    int event_fd;               /* readable while events are queued */
};

/* One piece of a request's payload. */
struct xs_iov {
    const void *base;
    size_t len;
};

/* A received message, complete; body is NUL-terminated past len. */
struct xs_msg {
    struct xsd_sockmsg hdr;
    char *body;
};

/* xs_conn.c */
struct xs_conn *xs_conn_new(int fd, bool is_socket, int *err);

/* xs_io.c */
int64_t xs_deadline(int timeout_ms);
int xs_send(struct xs_conn *c, const struct xsd_sockmsg *hdr,
            const struct xs_iov *iov, unsigned n, int64_t deadline);
int xs_receive(struct xs_conn *c, int64_t deadline);
int xs_error_from_name(const char *body, size_t len);

/* xs_request.c: sends a request and waits for its reply. On success
 * *reply (if not NULL) is the payload, NUL-terminated past *len. */
int xs_talk(struct xs_conn *c, uint32_t type, uint32_t tx,
            const struct xs_iov *iov, unsigned n, char **reply, size_t *len);
/* The same for a payload of one NUL-terminated string. */
int xs_talk_str(struct xs_conn *c, uint32_t type, uint32_t tx,
                const char *s, char **reply, size_t *len);

/* xs_watch_queue.c */
void xs_queue_event(struct xs_conn *c, const char *body, size_t len);
struct xs_event *xs_pop_event(struct xs_conn *c);
void xs_drop_events(struct xs_conn *c, const char *path, const char *token);
void xs_update_signal(struct xs_conn *c);

#endif
