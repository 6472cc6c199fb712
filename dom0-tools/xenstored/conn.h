/* Connections: framing of requests, the queue of replies and watch
 * events, and what happens to a client that misbehaves. */
#ifndef XSD_CONN_H
#define XSD_CONN_H

#include "xsd.h"

struct xs_conn *conn_new(struct xsd *d, const struct conn_ops *ops, void *priv,
                         int fd, uint16_t domid, bool is_domain);
/* Drops watches, transactions, queued output and partial input. */
void conn_forget(struct xsd *d, struct xs_conn *c);
/* Reads and handles at most budget requests: 1 if more may be waiting,
 * 0 if the transport had no more (or the client must wait), <0 broken. */
int conn_input(struct xsd *d, struct xs_conn *c, unsigned int budget);
int conn_flush(struct xsd *d, struct xs_conn *c);
/* Queues one message: the header, then a and b as its payload. */
int conn_send(struct xsd *d, struct xs_conn *c, const struct xsd_sockmsg *hdr,
              const void *a, size_t alen, const void *b, size_t blen,
              bool is_reply);
/* The client broke the protocol: a socket is closed, a ring ignored. */
void conn_fail(struct xsd *d, struct xs_conn *c, unsigned int err,
               const char *why);
/* Frees dead connections and cleans up ignored ones. */
void conn_reap(struct xsd *d);
void conn_free(struct xsd *d, struct xs_conn *c);

struct xs_who conn_who(const struct xs_conn *c);
bool conn_priv(const struct xs_conn *c);
/* Do the quotas apply to this connection? */
bool conn_limited(const struct xsd *d, const struct xs_conn *c);

#endif
