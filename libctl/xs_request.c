/* One request, one reply: the reply is the next message carrying the
 * request's req_id. Watch events met on the way are queued; other
 * messages are replies to requests that timed out earlier, and dropped. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "xs_internal.h"

static uint32_t next_req_id(struct xs_conn *c)
{
    /* 0 is what watch events carry; keep it out of requests. */
    if (++c->next_req_id == 0)
        c->next_req_id = 1;
    return c->next_req_id;
}

static int wait_reply(struct xs_conn *c, uint32_t req_id, int64_t deadline)
{
    for (;;) {
        int rc = xs_receive(c, deadline);

        if (rc)
            return rc;
        if (c->rx.hdr.type == XS_WATCH_EVENT)
            xs_queue_event(c, c->rx.body, c->rx.hdr.len);
        else if (c->rx.hdr.req_id == req_id)
            return 0;
        c->rx.got = 0;
    }
}

/* Turns the reply in c->rx into the caller's result and frees c->rx. */
static int take_reply(struct xs_conn *c, uint32_t type, char **reply,
                      size_t *len)
{
    struct xs_rx *rx = &c->rx;
    size_t n = rx->hdr.len;
    int rc = 0;

    if (rx->hdr.type == XS_ERROR)
        rc = xs_error_from_name(rx->body, n);
    else if (rx->hdr.type != type)
        rc = -EBADMSG;
    else if (reply) {
        *reply = malloc(n + 1);
        if (!*reply)
            rc = -ENOMEM;
        else
            memcpy(*reply, rx->body, n + 1);
    }
    if (rc == 0 && len)
        *len = n;
    rx->got = 0;
    return rc;
}

int xs_talk(struct xs_conn *c, uint32_t type, uint32_t tx,
            const struct xs_iov *iov, unsigned n, char **reply, size_t *len)
{
    struct xsd_sockmsg hdr = { .type = type, .tx_id = tx };
    int64_t deadline;
    int rc;

    if (!c)
        return -EINVAL;
    if (c->broken)
        return -EIO;
    hdr.req_id = next_req_id(c);
    deadline = xs_deadline(c->timeout_ms);
    rc = xs_send(c, &hdr, iov, n, deadline);
    if (rc)
        return rc;
    rc = wait_reply(c, hdr.req_id, deadline);
    if (rc)
        return rc;
    return take_reply(c, type, reply, len);
}

int xs_talk_str(struct xs_conn *c, uint32_t type, uint32_t tx,
                const char *s, char **reply, size_t *len)
{
    struct xs_iov iov = { s, 0 };

    if (!s)
        return -EINVAL;
    iov.len = strlen(s) + 1;
    return xs_talk(c, type, tx, &iov, 1, reply, len);
}
