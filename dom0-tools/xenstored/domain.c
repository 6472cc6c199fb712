/* Domains and their rings. INTRODUCE maps the guest's ring page (grant
 * reference 1), binds its event channel and starts serving it; RELEASE,
 * or the hypervisor reporting the domain gone, tears that down again.
 * A domain that goes away loses its watches and transactions at once;
 * its connection is freed at the end of the round (conn_reap). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "access.h"
#include "conn.h"
#include "domain.h"
#include "proto.h"
#include "txn.h"
#include "watch.h"
#include "public/xen.h"
#include "xenif.h"

#define SERVE_BUDGET 64

struct xs_domain *xsdom_find(struct xsd *d, uint16_t domid)
{
    for (struct xs_domain *dom = d->domains; dom; dom = dom->next)
        if (dom->domid == domid)
            return dom;
    return NULL;
}

static void unlink_domain(struct xsd *d, struct xs_domain *dom)
{
    for (struct xs_domain **pp = &d->domains; *pp; pp = &(*pp)->next)
        if (*pp == dom) {
            *pp = dom->next;
            return;
        }
}

void xsdom_conn_destroy(struct xs_conn *c)
{
    struct xs_domain *dom = c->priv;
    const struct xenif *xi = dom->xen;

    if (dom->port >= 0)
        xi->unbind(xi->ctx, (unsigned int)dom->port);
    if (dom->intf && dom->dom0_page)
        xi->unmap_dom0(xi->ctx, dom->intf);
    else if (dom->intf)
        xi->unmap_guest(xi->ctx, dom->intf);
    free(dom);
}

static void reset_ring(struct xs_domain *dom)
{
    struct xenstore_domain_interface *intf = dom->intf;

    intf->req_cons = intf->req_prod = 0;
    intf->rsp_cons = intf->rsp_prod = 0;
    intf->error = XENSTORE_ERROR_NONE;
    intf->server_features = XENSTORE_SERVER_FEATURE_ERROR;
    if (intf->connection == XENSTORE_RECONNECT)
        intf->connection = XENSTORE_CONNECTED;
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
}

static struct xs_domain *add_domain(struct xsd *d, uint16_t domid, void *page,
                                    bool dom0_page, int port)
{
    struct xs_domain *dom = calloc(1, sizeof(*dom));

    if (!dom)
        return NULL;
    dom->xen = d->xen;
    dom->intf = page;
    dom->dom0_page = dom0_page;
    dom->port = port;
    dom->domid = domid;
    dom->conn = conn_new(d, &ring_conn_ops, dom, -1, domid, true);
    if (!dom->conn) {
        free(dom);
        return NULL;
    }
    dom->next = d->domains;
    d->domains = dom;
    return dom;
}

int xsdom_init_dom0(struct xsd *d)
{
    const struct xenif *xi = d->xen;
    struct xs_domain *dom;
    unsigned int remote;
    void *page;
    int port, rc = xi->map_dom0(xi->ctx, &page, &remote);

    if (rc < 0)
        return rc;
    port = xi->bind(xi->ctx, 0, remote);
    if (port < 0) {
        xi->unmap_dom0(xi->ctx, page);
        return port;
    }
    dom = add_domain(d, 0, page, true, port);
    if (!dom) {
        xi->unbind(xi->ctx, (unsigned int)port);
        xi->unmap_dom0(xi->ctx, page);
        return -ENOMEM;
    }
    /* The kernel may already have queued requests: keep its indexes,
     * and look at the ring once without waiting for an event. */
    dom->intf->server_features = XENSTORE_SERVER_FEATURE_ERROR;
    d->more_input = true;
    (void)xi->notify(xi->ctx, (unsigned int)port);
    xlog(&d->log, XLOG_INFO, "dom0 ring on local port %d", port);
    return 0;
}

void xsdom_fini_all(struct xsd *d)
{
    while (d->domains) {
        struct xs_domain *dom = d->domains;

        d->domains = dom->next;
        conn_free(d, dom->conn);
    }
}

void xsdom_serve(struct xsd *d, struct xs_domain *dom)
{
    struct xs_conn *c = dom->conn;

    if (c->dead || c->ignored)
        return;
    (void)conn_flush(d, c);
    if (conn_input(d, c, SERVE_BUDGET) > 0)
        d->more_input = true;
    (void)conn_flush(d, c);
}

void xsdom_serve_port(struct xsd *d, unsigned int port)
{
    for (struct xs_domain *dom = d->domains; dom; dom = dom->next)
        if (dom->port == (int)port) {
            xsdom_serve(d, dom);
            return;
        }
}

struct disown_ctx {
    struct xsd *d;
    uint16_t domid;
};

static void disown_visit(void *arg, struct xs_node *n)
{
    struct disown_ctx *dc = arg;
    struct xs_permset *ps;

    if (perms_without(n->perms, dc->domid, 0, &ps) <= 0)
        return;
    acc_owned(dc->d, n->perms->p[0].domid, -1);
    acc_owned(dc->d, ps->p[0].domid, 1);
    store_set_perms(&dc->d->store, n, ps);
    perms_put(ps);
}

void xsdom_release(struct xsd *d, struct xs_domain *dom)
{
    struct disown_ctx dc = { d, dom->domid };

    xlog(&d->log, XLOG_INFO, "dom%u released", dom->domid);
    unlink_domain(d, dom);
    conn_forget(d, dom->conn);
    dom->conn->dead = true;
    for (struct xs_conn *c = d->conns; c; c = c->next)
        if (c->target == dom->domid)
            c->target = -1;
    /* Nodes it owned now belong to dom0, and its grants are void. */
    store_walk(&d->store, disown_visit, &dc);
    watch_fire_special(d, XS_SPECIAL_RELEASE);
}

void xsdom_check_all(struct xsd *d)
{
    struct xs_domain *dom, *next;

    for (dom = d->domains; dom; dom = next) {
        int state;

        next = dom->next;
        if (dom->domid == 0)
            continue;
        state = d->xen->domain_state(d->xen->ctx, dom->domid);
        if (state == XENIF_DOM_GONE) {
            xsdom_release(d, dom);
        } else if (state == XENIF_DOM_SHUTDOWN && !dom->shutdown) {
            dom->shutdown = true;
            xlog(&d->log, XLOG_INFO, "dom%u shut down", dom->domid);
            watch_fire_special(d, XS_SPECIAL_RELEASE);
        }
    }
}

/* Re-introducing a known domain starts its connection afresh. */
static int reintroduce(struct xsd *d, struct xs_domain *dom, unsigned int port)
{
    int local = d->xen->bind(d->xen->ctx, dom->domid, port);

    if (local < 0)
        return local;
    if (dom->port >= 0)
        d->xen->unbind(d->xen->ctx, (unsigned int)dom->port);
    dom->port = local;
    conn_forget(d, dom->conn);
    dom->conn->ignored = false;
    reset_ring(dom);
    (void)d->xen->notify(d->xen->ctx, (unsigned int)local);
    return 0;
}

static int introduce(struct xsd *d, uint16_t domid, uint64_t gfn,
                     unsigned int port)
{
    const struct xenif *xi = d->xen;
    struct xs_domain *dom = xsdom_find(d, domid);
    void *page;
    int local, rc;

    if (dom)
        return reintroduce(d, dom, port);
    rc = xi->map_guest(xi->ctx, domid, gfn, &page);
    if (rc < 0)
        return rc;
    local = xi->bind(xi->ctx, domid, port);
    if (local < 0) {
        xi->unmap_guest(xi->ctx, page);
        return local;
    }
    dom = add_domain(d, domid, page, false, local);
    if (!dom) {
        xi->unbind(xi->ctx, (unsigned int)local);
        xi->unmap_guest(xi->ctx, page);
        return -ENOMEM;
    }
    reset_ring(dom);
    (void)xi->notify(xi->ctx, (unsigned int)local);
    xlog(&d->log, XLOG_INFO, "dom%u introduced: port %u, local port %d",
         domid, port, local);
    watch_fire_special(d, XS_SPECIAL_INTRODUCE);
    return 0;
}

static int parse_u64(const char *s, uint64_t *out)
{
    char *end;

    if (*s == '-' || !*s)
        return -EINVAL;
    *out = strtoull(s, &end, 10);
    return *end ? -EINVAL : 0;
}

int op_introduce(struct xs_req *r)
{
    const char *v[3];
    uint64_t gfn, port;
    int domid, rc;

    if (req_args(r, v, 3) < 0)
        return -EINVAL;
    domid = xs_parse_domid(v[0]);
    if (domid <= 0 || (unsigned int)domid >= DOMID_FIRST_RESERVED ||
        parse_u64(v[1], &gfn) < 0 || parse_u64(v[2], &port) < 0 ||
        port == 0 || port > 0xffffffffu)
        return -EINVAL;
    if (!r->d->xen)
        return -ENOSYS;
    rc = introduce(r->d, (uint16_t)domid, gfn, (unsigned int)port);
    return rc < 0 ? rc : req_ack(r);
}

static int onearg_domain(struct xs_req *r, struct xs_domain **out)
{
    const char *arg = req_onearg(r);
    int domid = arg ? xs_parse_domid(arg) : -EINVAL;

    if (domid < 0)
        return domid;
    if (domid == 0)
        return -EINVAL;
    *out = xsdom_find(r->d, (uint16_t)domid);
    return *out ? 0 : -ENOENT;
}

int op_release(struct xs_req *r)
{
    struct xs_domain *dom;
    int rc = onearg_domain(r, &dom);

    if (rc < 0)
        return rc;
    xsdom_release(r->d, dom);
    return req_ack(r);
}

int op_resume(struct xs_req *r)
{
    struct xs_domain *dom;
    int rc = onearg_domain(r, &dom);

    if (rc < 0)
        return rc;
    dom->shutdown = false;
    return req_ack(r);
}

int op_get_domain_path(struct xs_req *r)
{
    const char *arg = req_onearg(r);
    int domid = arg ? xs_parse_domid(arg) : -EINVAL;
    char path[32];
    int n;

    if (domid < 0)
        return domid;
    n = snprintf(path, sizeof(path), "/local/domain/%d", domid);
    return req_reply(r, path, (size_t)n + 1);
}

int op_is_domain_introduced(struct xs_req *r)
{
    const char *arg = req_onearg(r);
    int domid = arg ? xs_parse_domid(arg) : -EINVAL;
    bool yes;

    if (domid < 0)
        return domid;
    yes = domid == 0 || domid == DOMID_SELF ||
          xsdom_find(r->d, (uint16_t)domid);
    return req_reply(r, yes ? "T" : "F", 2);
}

int op_set_target(struct xs_req *r)
{
    const char *v[2];
    int domid, tdomid;
    struct xs_domain *dom;

    if (req_args(r, v, 2) < 0)
        return -EINVAL;
    domid = xs_parse_domid(v[0]);
    tdomid = xs_parse_domid(v[1]);
    if (domid < 0 || tdomid < 0)
        return -EINVAL;
    dom = xsdom_find(r->d, (uint16_t)domid);
    if (!dom || !xsdom_find(r->d, (uint16_t)tdomid))
        return -ENOENT;
    dom->conn->target = tdomid;
    return req_ack(r);
}
