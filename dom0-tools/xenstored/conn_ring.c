/* The shared-ring transport (struct xenstore_domain_interface). The
 * guest owns req_prod and rsp_cons and may write anything there, so
 * each index is read once, checked (prod - cons never exceeds the ring),
 * and only then used; a bad index ends service to that ring. Every
 * change of our indexes is followed by a notification. */
#include <errno.h>
#include <string.h>
#include "conn.h"
#include "domain.h"
#include "xenif.h"

#define RING_MASK(i) ((i) & (XENSTORE_RING_SIZE - 1))

static uint32_t load_idx(const volatile XENSTORE_RING_IDX *p)
{
    return __atomic_load_n(p, __ATOMIC_RELAXED);
}

static void store_idx(volatile XENSTORE_RING_IDX *p, uint32_t v)
{
    __atomic_store_n(p, v, __ATOMIC_RELAXED);
}

static void notify(struct xs_domain *dom)
{
    if (dom->port >= 0)
        (void)dom->xen->notify(dom->xen->ctx, (unsigned int)dom->port);
}

static ssize_t ring_read(struct xs_conn *c, void *buf, size_t len)
{
    struct xs_domain *dom = c->priv;
    struct xenstore_domain_interface *intf = dom->intf;
    uint32_t cons = load_idx(&intf->req_cons);
    uint32_t prod = load_idx(&intf->req_prod);
    size_t avail, chunk;

    /* Read the data only after the indexes that cover it. */
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
    if (prod - cons > XENSTORE_RING_SIZE)
        return -ERANGE;
    avail = prod - cons;
    if (!avail)
        return 0;
    chunk = XENSTORE_RING_SIZE - RING_MASK(cons);
    if (chunk > avail)
        chunk = avail;
    if (chunk > len)
        chunk = len;
    memcpy(buf, intf->req + RING_MASK(cons), chunk);
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
    store_idx(&intf->req_cons, cons + (uint32_t)chunk);
    notify(dom);
    return (ssize_t)chunk;
}

static ssize_t ring_write(struct xs_conn *c, const void *buf, size_t len)
{
    struct xs_domain *dom = c->priv;
    struct xenstore_domain_interface *intf = dom->intf;
    uint32_t cons = load_idx(&intf->rsp_cons);
    uint32_t prod = load_idx(&intf->rsp_prod);
    size_t space, chunk;

    __atomic_thread_fence(__ATOMIC_SEQ_CST);
    if (prod - cons > XENSTORE_RING_SIZE)
        return -ERANGE;
    space = XENSTORE_RING_SIZE - (prod - cons);
    if (!space)
        return 0;
    chunk = XENSTORE_RING_SIZE - RING_MASK(prod);
    if (chunk > space)
        chunk = space;
    if (chunk > len)
        chunk = len;
    memcpy(intf->rsp + RING_MASK(prod), buf, chunk);
    /* The data must be visible before the index that publishes it. */
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
    store_idx(&intf->rsp_prod, prod + (uint32_t)chunk);
    notify(dom);
    return (ssize_t)chunk;
}

static void ring_broken(struct xs_conn *c, unsigned int err)
{
    struct xs_domain *dom = c->priv;

    if (dom->intf->server_features & XENSTORE_SERVER_FEATURE_ERROR)
        dom->intf->error = err;
    notify(dom);
}

const struct conn_ops ring_conn_ops = {
    .kind = "ring",
    .read = ring_read,
    .write = ring_write,
    .broken = ring_broken,
    .destroy = xsdom_conn_destroy,
};
