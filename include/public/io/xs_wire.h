/* The xenstore wire protocol: message header and types, the shared ring
 * page of a domain's connection, and the error names replies carry.
 * Numbers and layouts are Xen's (io/xs_wire.h), so Linux's xenbus and
 * Xen's client library speak to Keel's xenstored unchanged. */
#ifndef KEEL_PUBLIC_IO_XS_WIRE_H
#define KEEL_PUBLIC_IO_XS_WIRE_H

#include <stddef.h>
#include <stdint.h>

enum xsd_sockmsg_type {
    XS_CONTROL = 0,             /* also known as XS_DEBUG */
    XS_DIRECTORY = 1,
    XS_READ = 2,
    XS_GET_PERMS = 3,
    XS_WATCH = 4,
    XS_UNWATCH = 5,
    XS_TRANSACTION_START = 6,
    XS_TRANSACTION_END = 7,
    XS_INTRODUCE = 8,
    XS_RELEASE = 9,
    XS_GET_DOMAIN_PATH = 10,
    XS_WRITE = 11,
    XS_MKDIR = 12,
    XS_RM = 13,
    XS_SET_PERMS = 14,
    XS_WATCH_EVENT = 15,
    XS_ERROR = 16,
    XS_IS_DOMAIN_INTRODUCED = 17,
    XS_RESUME = 18,
    XS_SET_TARGET = 19,
    XS_RESET_WATCHES = 21,
    XS_DIRECTORY_PART = 22,
    XS_GET_FEATURE = 23,
    XS_SET_FEATURE = 24,
    XS_GET_QUOTA = 25,
    XS_SET_QUOTA = 26,
    XS_TYPE_COUNT,
    XS_INVALID = 0xffff,
};

struct xsd_sockmsg {
    uint32_t type;
    uint32_t req_id;            /* echoed in the reply */
    uint32_t tx_id;             /* 0: no transaction */
    uint32_t len;               /* payload bytes that follow */
};
_Static_assert(sizeof(struct xsd_sockmsg) == 16, "xsd_sockmsg size");

#define XENSTORE_PAYLOAD_MAX     4096
#define XENSTORE_ABS_PATH_MAX    3072
#define XENSTORE_REL_PATH_MAX    2048

/* Error replies: type XS_ERROR, payload the errno name and a NUL. The
 * order is the one clients look names up in. */
struct xsd_errors {
    int errnum;
    const char *errstring;
};
#define XSD_ERROR_NAMES(X) \
    X(EINVAL) X(EACCES) X(EEXIST) X(EISDIR) X(ENOENT) X(ENOMEM) X(ENOSPC) \
    X(EIO) X(ENOTEMPTY) X(ENOSYS) X(EROFS) X(EBUSY) X(EAGAIN) X(EISCONN) \
    X(E2BIG) X(EPERM)

/* The ring page of a domain's connection (one 4 KiB page). Indexes run
 * freely; byte i lives at [i & (size - 1)]. */
#define XENSTORE_RING_SIZE 1024
typedef uint32_t XENSTORE_RING_IDX;

struct xenstore_domain_interface {
    char req[XENSTORE_RING_SIZE];   /* guest -> xenstored */
    char rsp[XENSTORE_RING_SIZE];   /* xenstored -> guest */
    XENSTORE_RING_IDX req_cons, req_prod;
    XENSTORE_RING_IDX rsp_cons, rsp_prod;
    uint32_t server_features;
    uint32_t connection;
    uint32_t error;
};
_Static_assert(offsetof(struct xenstore_domain_interface, req_cons) == 2048, "req_cons");
_Static_assert(offsetof(struct xenstore_domain_interface, rsp_prod) == 2060, "rsp_prod");
_Static_assert(offsetof(struct xenstore_domain_interface, server_features) == 2064, "features");
_Static_assert(offsetof(struct xenstore_domain_interface, connection) == 2068, "connection");
_Static_assert(offsetof(struct xenstore_domain_interface, error) == 2072, "error");

#define XENSTORE_SERVER_FEATURE_RECONNECTION 1
#define XENSTORE_SERVER_FEATURE_ERROR        2
#define XENSTORE_CONNECTED 0
#define XENSTORE_RECONNECT 1
#define XENSTORE_ERROR_NONE    0
#define XENSTORE_ERROR_COMM    1
#define XENSTORE_ERROR_RINGIDX 2
#define XENSTORE_ERROR_PROTO   3

/* The grant reference a guest's xenstore page is seeded at for dom0. */
#define GNTTAB_RESERVED_XENSTORE 1
#define GNTTAB_RESERVED_CONSOLE  0

#endif
