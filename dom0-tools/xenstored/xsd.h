/* The daemon's state and the types every part shares. One struct xsd
 * holds everything; nothing is global, so tests and the fuzzer run as
 * many daemons in one process as they like. */
#ifndef XSD_XSD_H
#define XSD_XSD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include "public/io/xs_wire.h"
#include "log.h"
#include "perms.h"
#include "store.h"
#include "strmap.h"

struct xenif;
struct xs_conn;
struct xs_watch;
struct xs_txn;
struct xs_domain;
struct pollfd;

/* Per-domain limits; 0 means unlimited. */
struct xs_quota {
    unsigned int nodes;         /* nodes a domain owns */
    unsigned int watches;
    unsigned int txns;          /* open transactions */
    unsigned int value_size;    /* bytes in one node's value */
    unsigned int outstanding;   /* replies queued before we stop reading */
    unsigned int perms;         /* entries in one permission set */
    unsigned int tx_nodes;      /* nodes one transaction may touch */
    bool dom0_exempt;
};

struct xsd_config {
    const char *socket_path;    /* NULL: no socket */
    const struct xenif *xen;    /* NULL: no domain rings */
    const char *log_dest;       /* see xlog_open */
    int log_level;
    struct xs_quota quota;
    size_t out_limit;           /* bytes queued for one client, 0: default */
};

struct xsd {
    struct xs_store store;
    struct xs_quota quota;
    uint32_t *owned;            /* nodes owned, indexed by domid */
    struct xs_log log;
    struct xs_conn *conns;
    struct xs_domain *domains;
    const struct xenif *xen;
    int dom_exc_port;           /* -1: none */
    int listen_fd;              /* -1: none */
    char *socket_path;
    size_t out_limit;
    unsigned int open_txns;
    uint32_t next_txid;
    struct strmap tombs;        /* paths deleted while transactions ran */
    bool more_input;            /* a ring still has requests to read */
    struct pollfd *pfds;        /* the loop's poll set, reused */
    struct xs_conn **pconns;
    size_t pcap;
};

/* A connection's transport: a Unix socket or a shared ring. */
struct conn_ops {
    const char *kind;
    /* Bytes moved (> 0), 0 when it would block, -errno when broken. */
    ssize_t (*read)(struct xs_conn *c, void *buf, size_t len);
    ssize_t (*write)(struct xs_conn *c, const void *buf, size_t len);
    /* The peer broke the protocol with reason err (XENSTORE_ERROR_*). */
    void (*broken)(struct xs_conn *c, unsigned int err);
    void (*destroy)(struct xs_conn *c);
};

struct xs_outmsg {
    struct xs_outmsg *next;
    size_t len;
    bool is_reply;
    uint8_t data[];
};

#define XS_MSG_MAX (sizeof(struct xsd_sockmsg) + XENSTORE_PAYLOAD_MAX)

struct xs_conn {
    struct xs_conn *next;
    const struct conn_ops *ops;
    void *priv;
    int fd;                     /* socket, or -1 */
    uint16_t domid;
    int32_t target;             /* SET_TARGET: acts for this domain, -1 */
    bool is_domain;             /* a ring (quotas apply unless dom0) */
    bool dead;                  /* free it at the end of this round */
    bool ignored;               /* broken ring: serve nothing more */
    uint32_t in_have;
    union {
        struct xsd_sockmsg hdr;
        uint8_t bytes[XS_MSG_MAX + 1];  /* + a NUL after the payload */
    } in;
    struct xs_outmsg *out_head, *out_tail;
    size_t out_off;             /* bytes of out_head already written */
    size_t out_bytes;
    unsigned int out_replies;
    struct xs_watch *watches;
    unsigned int nwatches;
    struct xs_txn *txns;
    unsigned int ntxns;
    unsigned long requests;
};

/* One request being handled. */
struct xs_req {
    struct xsd *d;
    struct xs_conn *c;
    struct xs_txn *t;           /* NULL: the main store */
    struct xsd_sockmsg hdr;
    const char *body;           /* NUL-terminated after len bytes */
    uint32_t len;
};

int xsd_init(struct xsd *d, const struct xsd_config *cfg);
void xsd_fini(struct xsd *d);
/* One round of the loop: poll (at most timeout_ms), then serve. */
int xsd_poll_once(struct xsd *d, int timeout_ms);
/* Serve event-channel notifications (the loop calls it when fd fires). */
void xsd_xen_events(struct xsd *d);
void xsd_quota_defaults(struct xs_quota *q);

#endif
