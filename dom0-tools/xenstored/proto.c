/* Dispatch. The table says, per type, who may send it and whether the
 * header's tx_id selects a transaction. Anything not in the table
 * (server-only types, removed ones, numbers past the end) gets ENOSYS. */
#include <errno.h>
#include <string.h>
#include "conn.h"
#include "proto.h"
#include "txn.h"

#define F_PRIV 1u                /* the control domain only */
#define F_NOTX 2u                /* tx_id is ignored */

struct op {
    const char *name;
    int (*fn)(struct xs_req *r);
    unsigned int flags;
};

static const struct op ops[XS_TYPE_COUNT] = {
    [XS_CONTROL] = { "CONTROL", op_control, F_PRIV | F_NOTX },
    [XS_DIRECTORY] = { "DIRECTORY", op_directory, 0 },
    [XS_READ] = { "READ", op_read, 0 },
    [XS_GET_PERMS] = { "GET_PERMS", op_get_perms, 0 },
    [XS_WATCH] = { "WATCH", op_watch, F_NOTX },
    [XS_UNWATCH] = { "UNWATCH", op_unwatch, F_NOTX },
    [XS_TRANSACTION_START] = { "TRANSACTION_START", op_transaction_start, 0 },
    [XS_TRANSACTION_END] = { "TRANSACTION_END", op_transaction_end, 0 },
    [XS_INTRODUCE] = { "INTRODUCE", op_introduce, F_PRIV | F_NOTX },
    [XS_RELEASE] = { "RELEASE", op_release, F_PRIV | F_NOTX },
    [XS_GET_DOMAIN_PATH] = { "GET_DOMAIN_PATH", op_get_domain_path, F_NOTX },
    [XS_WRITE] = { "WRITE", op_write, 0 },
    [XS_MKDIR] = { "MKDIR", op_mkdir, 0 },
    [XS_RM] = { "RM", op_rm, 0 },
    [XS_SET_PERMS] = { "SET_PERMS", op_set_perms, 0 },
    [XS_WATCH_EVENT] = { "WATCH_EVENT", NULL, 0 },
    [XS_ERROR] = { "ERROR", NULL, 0 },
    [XS_IS_DOMAIN_INTRODUCED] = { "IS_DOMAIN_INTRODUCED",
                                  op_is_domain_introduced, F_PRIV | F_NOTX },
    [XS_RESUME] = { "RESUME", op_resume, F_PRIV | F_NOTX },
    [XS_SET_TARGET] = { "SET_TARGET", op_set_target, F_PRIV | F_NOTX },
    [XS_RESET_WATCHES] = { "RESET_WATCHES", op_reset_watches, F_NOTX },
    [XS_DIRECTORY_PART] = { "DIRECTORY_PART", op_directory_part, 0 },
};

const char *proto_typename(uint32_t type)
{
    if (type < XS_TYPE_COUNT && ops[type].name)
        return ops[type].name;
    return "UNKNOWN";
}

const char *proto_errname(int err)
{
#define XS_ERRNAME(e) case e: return #e;
    switch (err < 0 ? -err : err) {
        XSD_ERROR_NAMES(XS_ERRNAME)
    default:
        return "EINVAL";
    }
#undef XS_ERRNAME
}

static int reply_type(struct xs_req *r, uint32_t type, const void *data,
                      size_t len)
{
    struct xsd_sockmsg h = { type, r->hdr.req_id, r->hdr.tx_id, 0 };

    return conn_send(r->d, r->c, &h, data, len, NULL, 0, true);
}

int req_reply(struct xs_req *r, const void *data, size_t len)
{
    if (len > XENSTORE_PAYLOAD_MAX)
        return -E2BIG;
    (void)reply_type(r, r->hdr.type, data, len);
    return 0;
}

int req_ack(struct xs_req *r)
{
    return req_reply(r, "OK", 3);
}

static void reply_error(struct xs_req *r, int err)
{
    const char *name = proto_errname(err);

    (void)reply_type(r, XS_ERROR, name, strlen(name) + 1);
}

unsigned int req_count_strings(const struct xs_req *r)
{
    unsigned int n = 0;

    for (uint32_t i = 0; i < r->len; i++)
        n += r->body[i] == '\0';
    return n;
}

int req_args(const struct xs_req *r, const char **v, unsigned int n)
{
    uint32_t off = 0;

    for (unsigned int i = 0; i < n; i++) {
        const char *end = memchr(r->body + off, '\0', r->len - off);

        if (!end)
            return -EINVAL;
        v[i] = r->body + off;
        off = (uint32_t)(end - r->body) + 1;
    }
    return (int)off;
}

const char *req_onearg(const struct xs_req *r)
{
    if (!r->len || memchr(r->body, '\0', r->len) != r->body + r->len - 1)
        return NULL;
    return r->body;
}

int xs_parse_domid(const char *s)
{
    unsigned long v = 0;

    if (!*s)
        return -EINVAL;
    for (; *s; s++) {
        if (*s < '0' || *s > '9')
            return -EINVAL;
        v = v * 10 + (unsigned long)(*s - '0');
        if (v > 65535)
            return -EINVAL;
    }
    return (int)v;
}

static int dispatch(struct xs_req *r)
{
    const struct op *op = r->hdr.type < XS_TYPE_COUNT ? &ops[r->hdr.type] : NULL;

    if (!op || !op->fn)
        return -ENOSYS;
    if ((op->flags & F_PRIV) && !conn_priv(r->c))
        return -EACCES;
    if (!(op->flags & F_NOTX) && r->hdr.tx_id) {
        r->t = txn_find(r->c, r->hdr.tx_id);
        if (!r->t)
            return -ENOENT;
    }
    return op->fn(r);
}

void proto_handle(struct xsd *d, struct xs_conn *c,
                  const struct xsd_sockmsg *hdr, const char *body,
                  uint32_t len)
{
    struct xs_req r = { d, c, NULL, *hdr, body, len };
    int rc = dispatch(&r);

    if (rc < 0)
        reply_error(&r, rc);
    xlog(&d->log, XLOG_TRACE, "dom%u fd %d %s id %u tx %u len %u: %s",
         c->domid, c->fd, proto_typename(hdr->type), hdr->req_id,
         hdr->tx_id, len, rc < 0 ? proto_errname(rc) : "ok");
}
