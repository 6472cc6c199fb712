/* The daemon's state and its loop: setup of the store and of the
 * transports, one round of poll() and serving, teardown. The design of
 * the whole daemon is described at the top of main.c. */
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "access.h"
#include "conn.h"
#include "conn_socket.h"
#include "domain.h"
#include "xenif.h"

#define DEFAULT_OUT_LIMIT (1024 * 1024)
#define SOCKET_BUDGET 32

void xsd_quota_defaults(struct xs_quota *q)
{
    q->nodes = 1000;
    q->watches = 128;
    q->txns = 10;
    q->value_size = 2048;
    q->outstanding = 20;
    q->perms = 5;
    q->tx_nodes = 1024;
    q->dom0_exempt = true;
}

static int initial_nodes(struct xsd *d)
{
    static const char *const paths[] = { "/tool", "/tool/xenstored" };

    for (size_t i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
        char parent[32];
        struct xs_node *p;
        size_t plen = (size_t)(strrchr(paths[i], '/') - paths[i]);
        const char *name = paths[i] + plen + 1;
        int rc;

        memcpy(parent, paths[i], plen);
        parent[plen] = '\0';
        p = store_lookup(&d->store, plen ? parent : "/");
        rc = store_add(&d->store, p, name, strlen(name), d->store.root->perms,
                       NULL);
        if (rc < 0)
            return rc;
        acc_owned(d, 0, 1);
    }
    acc_owned(d, 0, 1);
    return 0;
}

static int init_store(struct xsd *d)
{
    static const struct xs_perm dom0_only = { 0, XS_PERM_NONE, 0 };
    struct xs_permset *ps = perms_new(&dom0_only, 1);
    int rc;

    if (!ps)
        return -ENOMEM;
    rc = store_init(&d->store, ps);
    perms_put(ps);
    return rc < 0 ? rc : initial_nodes(d);
}

static void init_xen(struct xsd *d)
{
    int rc = xsdom_init_dom0(d);

    if (rc < 0)
        xlog(&d->log, XLOG_ERR, "no dom0 ring (/proc/xen/xsd_kva): %s",
             strerror(-rc));
    d->dom_exc_port = d->xen->bind_dom_exc(d->xen->ctx);
    if (d->dom_exc_port < 0)
        xlog(&d->log, XLOG_ERR,
             "VIRQ_DOM_EXC unavailable: domain deaths need RELEASE");
}

int xsd_init(struct xsd *d, const struct xsd_config *cfg)
{
    int rc;

    memset(d, 0, sizeof(*d));
    d->listen_fd = -1;
    d->dom_exc_port = -1;
    rc = xlog_open(&d->log, cfg->log_dest, cfg->log_level);
    if (rc < 0)
        return rc;
    d->quota = cfg->quota;
    d->out_limit = cfg->out_limit ? cfg->out_limit : DEFAULT_OUT_LIMIT;
    d->owned = calloc(65536, sizeof(*d->owned));
    rc = d->owned ? init_store(d) : -ENOMEM;
    if (rc == 0 && cfg->socket_path) {
        d->socket_path = strdup(cfg->socket_path);
        rc = d->socket_path ? xsock_listen(cfg->socket_path) : -ENOMEM;
        if (rc >= 0) {
            d->listen_fd = rc;
            rc = 0;
        }
    }
    if (rc < 0) {
        xsd_fini(d);
        return rc;
    }
    d->xen = cfg->xen;
    if (d->xen)
        init_xen(d);
    xlog(&d->log, XLOG_INFO, "xenstored started%s%s",
         d->socket_path ? ", socket " : "", d->socket_path ? d->socket_path : "");
    return 0;
}

void xsd_fini(struct xsd *d)
{
    if (d->xen && d->dom_exc_port >= 0)
        d->xen->unbind(d->xen->ctx, (unsigned int)d->dom_exc_port);
    xsdom_fini_all(d);
    while (d->conns)
        conn_free(d, d->conns);
    strmap_clear(&d->tombs, NULL);
    if (d->store.root)
        store_fini(&d->store);
    if (d->listen_fd >= 0) {
        close(d->listen_fd);
        unlink(d->socket_path);
    }
    free(d->socket_path);
    free(d->owned);
    free(d->pfds);
    free(d->pconns);
    xlog_close(&d->log);
    memset(d, 0, sizeof(*d));
    d->listen_fd = -1;
}

void xsd_xen_events(struct xsd *d)
{
    for (unsigned int n = 0; d->xen && n < 1024; n++) {
        int port = d->xen->pending(d->xen->ctx);

        if (port == -EOVERFLOW) {
            /* Events were lost: any domain may have had one. */
            xsdom_check_all(d);
            for (struct xs_domain *dom = d->domains, *next; dom; dom = next) {
                next = dom->next;
                xsdom_serve(d, dom);
            }
            continue;
        }
        if (port < 0)
            return;
        if (port == d->dom_exc_port)
            xsdom_check_all(d);
        else
            xsdom_serve_port(d, (unsigned int)port);
    }
}

static int grow_pollset(struct xsd *d, size_t need)
{
    struct pollfd *p;
    struct xs_conn **c;

    if (need <= d->pcap)
        return 0;
    p = realloc(d->pfds, need * 2 * sizeof(*p));
    if (!p)
        return -ENOMEM;
    d->pfds = p;
    c = realloc(d->pconns, need * 2 * sizeof(*c));
    if (!c)
        return -ENOMEM;
    d->pconns = c;
    d->pcap = need * 2;
    return 0;
}

static size_t build_pollset(struct xsd *d)
{
    size_t n = 0;

    d->pfds[n++] = (struct pollfd){ d->listen_fd, POLLIN, 0 };
    d->pfds[n++] = (struct pollfd){ d->xen ? d->xen->fd : -1, POLLIN, 0 };
    for (struct xs_conn *c = d->conns; c; c = c->next) {
        if (c->fd < 0 || c->dead)
            continue;
        d->pconns[n] = c;
        d->pfds[n++] = (struct pollfd){ c->fd,
                                        (short)(POLLIN | (c->out_head ? POLLOUT : 0)),
                                        0 };
    }
    return n;
}

static void serve_sockets(struct xsd *d, size_t n)
{
    for (size_t i = 2; i < n; i++) {
        struct xs_conn *c = d->pconns[i];
        short ev = d->pfds[i].revents;

        if (ev & POLLOUT)
            (void)conn_flush(d, c);
        if (ev & (POLLIN | POLLHUP | POLLERR))
            (void)conn_input(d, c, SOCKET_BUDGET);
        if (ev & POLLNVAL)
            c->dead = true;
    }
}

int xsd_poll_once(struct xsd *d, int timeout_ms)
{
    size_t nconns = 0, n;
    int rc;

    for (struct xs_conn *c = d->conns; c; c = c->next)
        nconns++;
    rc = grow_pollset(d, nconns + 2);
    if (rc < 0)
        return rc;
    n = build_pollset(d);
    rc = poll(d->pfds, n, d->more_input ? 0 : timeout_ms);
    if (rc < 0)
        return errno == EINTR ? 0 : -errno;
    if (d->pfds[0].revents & POLLIN)
        xsock_accept(d);
    if (d->pfds[1].revents & POLLIN)
        xsd_xen_events(d);
    if (d->more_input) {
        d->more_input = false;
        for (struct xs_domain *dom = d->domains; dom; dom = dom->next)
            xsdom_serve(d, dom);
    }
    serve_sockets(d, n);
    conn_reap(d);
    return 0;
}
