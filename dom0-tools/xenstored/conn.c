/* Connections. Input is framed into one request at a time (header,
 * then exactly len bytes of payload); output is a queue of whole
 * messages written as far as the transport takes them. The queue is
 * bounded: a socket client that lets it grow past out_limit is
 * disconnected, a domain (which cannot be disconnected) loses watch
 * events instead, and its requests wait while too many replies are
 * unread. Connections are only freed by conn_reap, at the end of a
 * round, so no handler ever sees one vanish under it. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "conn.h"
#include "proto.h"
#include "txn.h"
#include "watch.h"

#define HDR_LEN sizeof(struct xsd_sockmsg)

struct xs_conn *conn_new(struct xsd *d, const struct conn_ops *ops, void *priv,
                         int fd, uint16_t domid, bool is_domain)
{
    struct xs_conn *c = calloc(1, sizeof(*c));

    if (!c)
        return NULL;
    c->ops = ops;
    c->priv = priv;
    c->fd = fd;
    c->domid = domid;
    c->target = -1;
    c->is_domain = is_domain;
    c->next = d->conns;
    d->conns = c;
    return c;
}

static void drop_output(struct xs_conn *c)
{
    struct xs_outmsg *m, *next;

    for (m = c->out_head; m; m = next) {
        next = m->next;
        free(m);
    }
    c->out_head = c->out_tail = NULL;
    c->out_off = 0;
    c->out_bytes = 0;
    c->out_replies = 0;
}

void conn_forget(struct xsd *d, struct xs_conn *c)
{
    watch_drop_all(d, c);
    txn_drop_all(d, c);
    drop_output(c);
    c->in_have = 0;
}

struct xs_who conn_who(const struct xs_conn *c)
{
    struct xs_who who = { c->domid, c->target, c->domid == 0 };

    return who;
}

bool conn_priv(const struct xs_conn *c)
{
    return c->domid == 0;
}

bool conn_limited(const struct xsd *d, const struct xs_conn *c)
{
    return c->domid != 0 || !d->quota.dom0_exempt;
}

static bool throttled(const struct xsd *d, const struct xs_conn *c)
{
    return c->is_domain && conn_limited(d, c) && d->quota.outstanding &&
           c->out_replies >= d->quota.outstanding;
}

/* Bytes the current message still needs; 0 when it is complete. */
static size_t input_needed(const struct xs_conn *c)
{
    if (c->in_have < HDR_LEN)
        return HDR_LEN - c->in_have;
    return HDR_LEN + c->in.hdr.len - c->in_have;
}

int conn_input(struct xsd *d, struct xs_conn *c, unsigned int budget)
{
    for (unsigned int handled = 0; handled < budget;) {
        size_t need = input_needed(c);
        ssize_t n;

        if (c->dead || c->ignored || throttled(d, c))
            return 0;
        n = c->ops->read(c, c->in.bytes + c->in_have, need);
        if (n == -EPIPE && !c->is_domain) {
            xlog(&d->log, XLOG_DEBUG, "socket client fd %d closed", c->fd);
            c->dead = true;
            return (int)n;
        }
        if (n < 0) {
            conn_fail(d, c, n == -ERANGE ? XENSTORE_ERROR_RINGIDX
                                         : XENSTORE_ERROR_COMM,
                      n == -ERANGE ? "ring indexes corrupted" : "read failed");
            return (int)n;
        }
        if (n == 0)
            return 0;
        c->in_have += (uint32_t)n;
        if (c->in_have == HDR_LEN && c->in.hdr.len > XENSTORE_PAYLOAD_MAX) {
            conn_fail(d, c, XENSTORE_ERROR_PROTO, "oversized payload");
            return -EPROTO;
        }
        if (input_needed(c))
            continue;
        c->in.bytes[HDR_LEN + c->in.hdr.len] = '\0';
        c->requests++;
        proto_handle(d, c, &c->in.hdr,
                     (const char *)c->in.bytes + HDR_LEN, c->in.hdr.len);
        c->in_have = 0;
        handled++;
    }
    return 1;
}

int conn_flush(struct xsd *d, struct xs_conn *c)
{
    while (c->out_head && !c->dead && !c->ignored) {
        struct xs_outmsg *m = c->out_head;
        ssize_t n = c->ops->write(c, m->data + c->out_off, m->len - c->out_off);

        if (n < 0) {
            conn_fail(d, c, n == -ERANGE ? XENSTORE_ERROR_RINGIDX
                                         : XENSTORE_ERROR_COMM,
                      n == -ERANGE ? "ring indexes corrupted" : "write failed");
            return (int)n;
        }
        if (n == 0)
            return 0;
        c->out_off += (size_t)n;
        if (c->out_off < m->len)
            continue;
        c->out_head = m->next;
        if (!c->out_head)
            c->out_tail = NULL;
        c->out_off = 0;
        c->out_bytes -= m->len;
        if (m->is_reply)
            c->out_replies--;
        free(m);
    }
    return 0;
}

/* A full queue: whom we drop depends on who can be dropped. */
static int over_limit(struct xsd *d, struct xs_conn *c, bool is_reply)
{
    if (!c->is_domain) {
        xlog(&d->log, XLOG_INFO,
             "socket client fd %d does not read its replies: disconnected",
             c->fd);
        c->dead = true;
        return -ENOBUFS;
    }
    if (!is_reply) {
        xlog(&d->log, XLOG_DEBUG, "dom%u: output queue full, watch event dropped",
             c->domid);
        return -ENOBUFS;
    }
    return 0;
}

int conn_send(struct xsd *d, struct xs_conn *c, const struct xsd_sockmsg *hdr,
              const void *a, size_t alen, const void *b, size_t blen,
              bool is_reply)
{
    size_t len = HDR_LEN + alen + blen;
    struct xs_outmsg *m;
    struct xsd_sockmsg h = *hdr;
    int rc;

    if (c->dead || c->ignored)
        return -EPIPE;
    if (c->out_bytes + len > d->out_limit) {
        rc = over_limit(d, c, is_reply);
        if (rc < 0)
            return rc;
    }
    m = malloc(sizeof(*m) + len);
    if (!m)
        return -ENOMEM;
    h.len = (uint32_t)(alen + blen);
    memcpy(m->data, &h, HDR_LEN);
    if (alen)
        memcpy(m->data + HDR_LEN, a, alen);
    if (blen)
        memcpy(m->data + HDR_LEN + alen, b, blen);
    m->len = len;
    m->is_reply = is_reply;
    m->next = NULL;
    if (c->out_tail)
        c->out_tail->next = m;
    else
        c->out_head = m;
    c->out_tail = m;
    c->out_bytes += len;
    if (is_reply)
        c->out_replies++;
    return conn_flush(d, c);
}

void conn_fail(struct xsd *d, struct xs_conn *c, unsigned int err,
               const char *why)
{
    if (c->dead || c->ignored)
        return;
    xlog(&d->log, XLOG_INFO, "%s connection dom%u fd %d: %s", c->ops->kind,
         c->domid, c->fd, why);
    if (c->ops->broken)
        c->ops->broken(c, err);
    if (c->is_domain)
        c->ignored = true;
    else
        c->dead = true;
}

void conn_free(struct xsd *d, struct xs_conn *c)
{
    struct xs_conn **pp;

    for (pp = &d->conns; *pp; pp = &(*pp)->next)
        if (*pp == c) {
            *pp = c->next;
            break;
        }
    conn_forget(d, c);
    if (c->ops->destroy)
        c->ops->destroy(c);
    free(c);
}

void conn_reap(struct xsd *d)
{
    struct xs_conn *c, *next;

    for (c = d->conns; c; c = next) {
        next = c->next;
        if (c->dead)
            conn_free(d, c);
        else if (c->ignored && (c->watches || c->txns || c->out_head))
            conn_forget(d, c);
    }
}
