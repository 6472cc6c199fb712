/* The xenstored test harness (see test_xenstored.h). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>
#include "test_xenstored.h"

#define PUMP_TRIES 2000

/* --- the fake Xen --- */

static struct fake_xen *fx_of(void *ctx) { return ctx; }

static int fx_map_dom0(void *ctx, void **page, unsigned int *remote)
{
    struct fake_xen *fx = fx_of(ctx);

    if (!fx->dom0_page)
        return -ENOENT;
    *page = fx->dom0_page;
    *remote = 3;
    return 0;
}

static void fx_unmap(void *ctx, void *page) { (void)ctx; (void)page; }

static int fx_map_guest(void *ctx, uint16_t domid, uint64_t gfn, void **page)
{
    struct fake_xen *fx = fx_of(ctx);

    (void)gfn;
    if (fx->map_error)
        return fx->map_error;
    for (int i = 0; i < FX_MAX; i++)
        if (fx->guests[i].page && fx->guests[i].domid == domid) {
            *page = fx->guests[i].page;
            return 0;
        }
    return -ENOENT;
}

static int fx_bind(void *ctx, uint16_t domid, unsigned int remote)
{
    struct fake_xen *fx = fx_of(ctx);

    for (int i = 1; i < 64; i++)
        if (!fx->ports[i].live) {
            fx->ports[i].domid = domid;
            fx->ports[i].remote = remote;
            fx->ports[i].live = true;
            return i;
        }
    return -ENOSPC;
}

static void fx_unbind(void *ctx, unsigned int port)
{
    struct fake_xen *fx = fx_of(ctx);

    if (port < 64)
        fx->ports[port].live = false;
}

static int fx_notify(void *ctx, unsigned int port)
{
    (void)port;
    fx_of(ctx)->notifies++;
    return 0;
}

static int fx_pending(void *ctx)
{
    struct fake_xen *fx = fx_of(ctx);
    int port;

    if (!fx->npending)
        return -EAGAIN;
    port = fx->pending[0];
    memmove(fx->pending, fx->pending + 1, --fx->npending * sizeof(int));
    return port;
}

static int fx_bind_dom_exc(void *ctx) { (void)ctx; return 63; }

static int fx_domain_state(void *ctx, uint16_t domid)
{
    struct fake_xen *fx = fx_of(ctx);

    for (int i = 0; i < FX_MAX; i++)
        if (fx->guests[i].page && fx->guests[i].domid == domid)
            return fx->guests[i].state;
    return XENIF_DOM_GONE;
}

int fx_local_port(struct fake_xen *fx, uint16_t domid)
{
    for (int i = 1; i < 63; i++)
        if (fx->ports[i].live && fx->ports[i].domid == domid)
            return i;
    return -1;
}

static void fx_init(struct fake_xen *fx)
{
    memset(fx, 0, sizeof(*fx));
    fx->xi = (struct xenif){ fx, -1, fx_map_dom0, fx_unmap, fx_map_guest,
                             fx_unmap, fx_bind, fx_unbind, fx_notify,
                             fx_pending, fx_bind_dom_exc, fx_domain_state };
}

static void fx_free(struct fake_xen *fx)
{
    for (int i = 0; i < FX_MAX; i++)
        free(fx->guests[i].page);
    free(fx->dom0_page);
}

/* --- the daemon --- */

static int start(struct xt *t, const struct xsd_config *cfg, bool xen,
                 void *dom0_page)
{
    struct xsd_config c = *cfg;
    int rc;

    memset(&t->d, 0, sizeof(t->d));
    fx_init(&t->fx);
    t->fx.dom0_page = dom0_page;
    snprintf(t->dir, sizeof(t->dir), "/tmp/xsd-test-XXXXXX");
    if (!mkdtemp(t->dir))
        return -errno;
    snprintf(t->sock, sizeof(t->sock), "%s/socket", t->dir);
    c.socket_path = t->sock;
    c.xen = xen ? &t->fx.xi : NULL;
    rc = xsd_init(&t->d, &c);
    if (rc < 0) {
        rmdir(t->dir);
        fx_free(&t->fx);
        return rc;
    }
    t->up = true;
    return 0;
}

int xt_start_cfg(struct xt *t, const struct xsd_config *cfg, bool xen)
{
    return start(t, cfg, xen, NULL);
}

int xt_start_dom0(struct xt *t, void *page)
{
    struct xsd_config cfg = { 0 };

    xsd_quota_defaults(&cfg.quota);
    return start(t, &cfg, true, page);
}

int xt_start(struct xt *t, const struct xs_quota *q, bool xen)
{
    struct xsd_config cfg = { 0 };

    if (q)
        cfg.quota = *q;
    else
        xsd_quota_defaults(&cfg.quota);
    return xt_start_cfg(t, &cfg, xen);
}

void xt_stop(struct xt *t)
{
    if (!t->up)
        return;
    xsd_fini(&t->d);
    fx_free(&t->fx);
    rmdir(t->dir);
    t->up = false;
}

void xt_pump(struct xt *t)
{
    xsd_xen_events(&t->d);
    xsd_poll_once(&t->d, 0);
}

/* --- clients --- */

int xc_socket(struct xt *t, struct xc *c)
{
    struct sockaddr_un sa = { .sun_family = AF_UNIX };

    memset(c, 0, sizeof(*c));
    c->t = t;
    c->fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0);
    if (c->fd < 0)
        return -errno;
    snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", t->sock);
    if (connect(c->fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
        close(c->fd);
        return -errno;
    }
    xt_pump(t);
    return 0;
}

void xc_close(struct xc *c)
{
    if (c->fd >= 0 && !c->ring)
        close(c->fd);
    c->fd = -1;
    if (c->t)
        xt_pump(c->t);
}

int xc_domain(struct xt *t, struct xc *admin, uint16_t domid, struct xc *c)
{
    struct xt_msg m;
    char payload[64];
    int n, slot = -1;

    memset(c, 0, sizeof(*c));
    c->t = t;
    c->fd = -1;
    c->domid = domid;
    for (int i = 0; i < FX_MAX && slot < 0; i++)
        if (!t->fx.guests[i].page)
            slot = i;
    if (slot < 0 || posix_memalign((void **)&c->ring, 4096, 4096))
        return -ENOMEM;
    memset(c->ring, 0, 4096);
    t->fx.guests[slot].domid = domid;
    t->fx.guests[slot].page = c->ring;
    t->fx.guests[slot].state = XENIF_DOM_RUNNING;
    n = snprintf(payload, sizeof(payload), "%u%c1234%c7", domid, 0, 0);
    return xc_req(admin, XS_INTRODUCE, 0, payload, (size_t)n + 1, &m);
}

static void ring_kick(struct xc *c)
{
    int port = fx_local_port(&c->t->fx, c->domid);

    if (port > 0 && c->t->fx.npending < 256)
        c->t->fx.pending[c->t->fx.npending++] = port;
}

static int ring_put(struct xc *c, const uint8_t *p, size_t len)
{
    struct xenstore_domain_interface *r = c->ring;

    for (int tries = 0; len && tries < PUMP_TRIES; tries++) {
        uint32_t prod = r->req_prod, space = XENSTORE_RING_SIZE - (prod - r->req_cons);
        size_t chunk = space < len ? space : len;

        for (size_t i = 0; i < chunk; i++)
            r->req[(prod + i) & (XENSTORE_RING_SIZE - 1)] = (char)p[i];
        r->req_prod = prod + (uint32_t)chunk;
        p += chunk;
        len -= chunk;
        ring_kick(c);
        xt_pump(c->t);
    }
    return len ? -EAGAIN : 0;
}

int xc_send_raw(struct xc *c, const void *buf, size_t len)
{
    const uint8_t *p = buf;

    if (c->ring)
        return ring_put(c, p, len);
    while (len) {
        ssize_t n = send(c->fd, p, len, MSG_NOSIGNAL);

        if (n < 0 && errno != EAGAIN)
            return -errno;
        if (n > 0) {
            p += n;
            len -= (size_t)n;
        }
        xt_pump(c->t);
    }
    return 0;
}

/* Up to len bytes of what the daemon sent; 0 if nothing yet, <0 closed. */
static ssize_t get_bytes(struct xc *c, uint8_t *buf, size_t len)
{
    struct xenstore_domain_interface *r = c->ring;
    ssize_t n;

    if (!r) {
        n = recv(c->fd, buf, len, 0);
        if (n == 0)
            return -EPIPE;
        return n < 0 ? (errno == EAGAIN ? 0 : -errno) : n;
    }
    n = 0;
    while ((size_t)n < len && r->rsp_cons != r->rsp_prod) {
        buf[n++] = (uint8_t)r->rsp[r->rsp_cons & (XENSTORE_RING_SIZE - 1)];
        r->rsp_cons++;
    }
    if (n)
        ring_kick(c);
    return n;
}

static int recv_any(struct xc *c, struct xt_msg *m)
{
    size_t have = 0, need = sizeof(m->h);

    for (int tries = 0; tries < PUMP_TRIES; tries++) {
        ssize_t n = get_bytes(c, (uint8_t *)m + have, need - have);

        if (n < 0)
            return (int)n;
        have += (size_t)n;
        if (have == sizeof(m->h) && need == sizeof(m->h)) {
            if (m->h.len > XENSTORE_PAYLOAD_MAX)
                return -EPROTO;
            need += m->h.len;
        }
        if (have == need) {
            m->body[m->h.len] = '\0';
            return 0;
        }
        if (!n)
            xt_pump(c->t);
    }
    return -ETIMEDOUT;
}

int xc_recv(struct xc *c, struct xt_msg *m)
{
    for (;;) {
        int rc = recv_any(c, m);

        if (rc < 0 || m->h.type != XS_WATCH_EVENT)
            return rc;
        if (c->nev < 16)
            c->ev[c->nev++] = *m;
    }
}

int xc_err(const struct xt_msg *m)
{
#define XC_ERRNAME(e) if (!strcmp(m->body, #e)) return -e;
    if (m->h.type != XS_ERROR)
        return 0;
    XSD_ERROR_NAMES(XC_ERRNAME)
    return -EPROTO;
#undef XC_ERRNAME
}

int xc_req(struct xc *c, uint32_t type, uint32_t tx, const void *payload,
           size_t len, struct xt_msg *m)
{
    struct xsd_sockmsg h = { type, ++c->next_id, tx, (uint32_t)len };
    uint8_t buf[sizeof(h) + XENSTORE_PAYLOAD_MAX];
    int rc;

    if (len > XENSTORE_PAYLOAD_MAX)
        return -E2BIG;
    memcpy(buf, &h, sizeof(h));
    memcpy(buf + sizeof(h), payload, len);
    rc = xc_send_raw(c, buf, sizeof(h) + len);
    if (rc == 0)
        rc = xc_recv(c, m);
    if (rc == 0 && m->h.req_id != h.req_id)
        return -EPROTO;
    return rc < 0 ? rc : xc_err(m);
}

static int req_str(struct xc *c, uint32_t type, uint32_t tx, const char *s,
                   struct xt_msg *m)
{
    return xc_req(c, type, tx, s, strlen(s) + 1, m);
}

static int copy_out(const struct xt_msg *m, char *out, size_t size)
{
    size_t n = m->h.len < size - 1 ? m->h.len : size - 1;

    memcpy(out, m->body, n);
    out[n] = '\0';
    return (int)m->h.len;
}

int xc_read(struct xc *c, uint32_t tx, const char *path, char *out, size_t size)
{
    struct xt_msg m;
    int rc = req_str(c, XS_READ, tx, path, &m);

    return rc < 0 ? rc : copy_out(&m, out, size);
}

int xc_write(struct xc *c, uint32_t tx, const char *path, const char *value)
{
    char buf[XENSTORE_PAYLOAD_MAX];
    size_t pl = strlen(path) + 1, vl = strlen(value);
    struct xt_msg m;

    if (pl + vl > sizeof(buf))
        return -E2BIG;
    memcpy(buf, path, pl);
    memcpy(buf + pl, value, vl);
    return xc_req(c, XS_WRITE, tx, buf, pl + vl, &m);
}

int xc_mkdir(struct xc *c, uint32_t tx, const char *path)
{
    struct xt_msg m;

    return req_str(c, XS_MKDIR, tx, path, &m);
}

int xc_rm(struct xc *c, uint32_t tx, const char *path)
{
    struct xt_msg m;

    return req_str(c, XS_RM, tx, path, &m);
}

static int join(const struct xt_msg *m, char sep, char *out, size_t size)
{
    size_t n = m->h.len && m->body[m->h.len - 1] == '\0' ? m->h.len - 1 : m->h.len;

    if (n >= size)
        return -E2BIG;
    for (size_t i = 0; i < n; i++)
        out[i] = m->body[i] ? m->body[i] : sep;
    out[n] = '\0';
    return (int)n;
}

int xc_dir(struct xc *c, uint32_t tx, const char *path, char *out, size_t size)
{
    struct xt_msg m;
    int rc = req_str(c, XS_DIRECTORY, tx, path, &m);

    return rc < 0 ? rc : join(&m, ' ', out, size);
}

int xc_setperms(struct xc *c, uint32_t tx, const char *path, const char *perms)
{
    char buf[512];
    size_t pl = strlen(path) + 1, ql = strlen(perms) + 1;
    struct xt_msg m;

    if (pl + ql > sizeof(buf))
        return -E2BIG;
    memcpy(buf, path, pl);
    memcpy(buf + pl, perms, ql);
    for (size_t i = pl; i < pl + ql; i++)
        if (buf[i] == ',')
            buf[i] = '\0';
    return xc_req(c, XS_SET_PERMS, tx, buf, pl + ql, &m);
}

int xc_getperms(struct xc *c, uint32_t tx, const char *path, char *out,
                size_t size)
{
    struct xt_msg m;
    int rc = req_str(c, XS_GET_PERMS, tx, path, &m);

    return rc < 0 ? rc : join(&m, ',', out, size);
}

static int two(struct xc *c, uint32_t type, const char *a, const char *b)
{
    char buf[512];
    size_t al = strlen(a) + 1, bl = strlen(b) + 1;
    struct xt_msg m;

    if (al + bl > sizeof(buf))
        return -E2BIG;
    memcpy(buf, a, al);
    memcpy(buf + al, b, bl);
    return xc_req(c, type, 0, buf, al + bl, &m);
}

int xc_watch(struct xc *c, const char *path, const char *token)
{
    return two(c, XS_WATCH, path, token);
}

int xc_unwatch(struct xc *c, const char *path, const char *token)
{
    return two(c, XS_UNWATCH, path, token);
}

int xc_tx_start(struct xc *c, uint32_t *id)
{
    struct xt_msg m;
    int rc = xc_req(c, XS_TRANSACTION_START, 0, "", 1, &m);

    if (rc == 0)
        *id = (uint32_t)strtoul(m.body, NULL, 10);
    return rc;
}

int xc_tx_end(struct xc *c, uint32_t id, bool commit)
{
    struct xt_msg m;

    return req_str(c, XS_TRANSACTION_END, id, commit ? "T" : "F", &m);
}

int xc_control(struct xc *c, const char *args, char *out, size_t size)
{
    char buf[512];
    size_t len = strlen(args) + 1;
    struct xt_msg m;
    int rc;

    if (len > sizeof(buf))
        return -E2BIG;
    memcpy(buf, args, len);
    for (size_t i = 0; i < len; i++)
        if (buf[i] == '|')
            buf[i] = '\0';
    rc = xc_req(c, XS_CONTROL, 0, buf, len, &m);
    return rc < 0 ? rc : copy_out(&m, out, size);
}

int xc_nevents(struct xc *c)
{
    struct xt_msg m;

    /* Collect whatever has arrived without waiting long. */
    for (int i = 0; i < 4; i++) {
        ssize_t n;

        xt_pump(c->t);
        if (!c->ring) {
            uint8_t b;

            n = recv(c->fd, &b, 1, MSG_PEEK);
            if (n <= 0)
                continue;
        } else if (c->ring->rsp_cons == c->ring->rsp_prod) {
            continue;
        }
        if (recv_any(c, &m) == 0 && m.h.type == XS_WATCH_EVENT && c->nev < 16)
            c->ev[c->nev++] = m;
        i = 0;
    }
    return c->nev;
}

int xc_event(struct xc *c, char *out, size_t size)
{
    struct xt_msg m;

    if (!xc_nevents(c))
        return -EAGAIN;
    m = c->ev[0];
    memmove(c->ev, c->ev + 1, (size_t)--c->nev * sizeof(c->ev[0]));
    return join(&m, ' ', out, size);
}
