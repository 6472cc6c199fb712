/* A domain's table of event-channel ports: buckets of ports allocated as
 * they fill, port 0 reserved, and the one path that frees a port (close),
 * which reset and domain destruction reuse. Lock order: see keel/event.h. */
#include <keel/domain.h>
#include <keel/errno.h>
#include <keel/event.h>
#include <keel/keel.h>
#include <keel/lib.h>

struct evtchn *evtchn_port(struct domain *d, uint32_t port)
{
    struct evtchn *bucket;

    if (port >= EVTCHN_NR_PORTS)
        return NULL;
    /* A sender reads its peer's table under its own lock only; a bucket,
     * once published, never moves until the table goes. */
    bucket = __atomic_load_n(&d->evtchn->buckets[port / EVTCHN_BUCKET_PORTS],
                             __ATOMIC_ACQUIRE);
    return bucket ? &bucket[port % EVTCHN_BUCKET_PORTS] : NULL;
}

static int add_bucket(struct domain *d, unsigned int b)
{
    struct evtchn *bucket;

    bucket = heap_zalloc(&d->keel->heap,
                         EVTCHN_BUCKET_PORTS * sizeof(struct evtchn));
    if (!bucket)
        return -ENOMEM;
    __atomic_store_n(&d->evtchn->buckets[b], bucket, __ATOMIC_RELEASE);
    return 0;
}

/* The lowest free port, adding a bucket when every existing one is full.
 * Buckets are added in order, so the first missing one ends the search. */
static int find_free_port(struct domain *d, uint32_t *port)
{
    struct evtchn_domain *ed = d->evtchn;

    for (unsigned int b = 0; b < EVTCHN_NR_BUCKETS; b++) {
        if (!ed->buckets[b]) {
            int rc = add_bucket(d, b);

            if (rc)
                return rc;
        }
        for (unsigned int i = 0; i < EVTCHN_BUCKET_PORTS; i++) {
            if (ed->buckets[b][i].state == ECS_FREE) {
                *port = b * EVTCHN_BUCKET_PORTS + i;
                return 0;
            }
        }
    }
    return -ENOSPC;
}

int evtchn_claim_port(struct domain *d, enum evtchn_state state,
                      uint32_t *port)
{
    int rc;

    if (d->evtchn->dying)
        return -EINVAL;
    rc = find_free_port(d, port);
    if (rc)
        return rc;
    evtchn_port(d, *port)->state = state;
    return 0;
}

void evtchn_lock_pair(struct domain *a, struct domain *b)
{
    if (a == b) {
        spin_lock(&a->evtchn->lock);
    } else if (a->id < b->id) {
        spin_lock(&a->evtchn->lock);
        spin_lock(&b->evtchn->lock);
    } else {
        spin_lock(&b->evtchn->lock);
        spin_lock(&a->evtchn->lock);
    }
}

void evtchn_unlock_pair(struct domain *a, struct domain *b)
{
    if (a != b)
        spin_unlock(&b->evtchn->lock);
    spin_unlock(&a->evtchn->lock);
}

/* Frees the port; an interdomain peer goes back to waiting for d, which
 * lets the same domain bind again (a backend reconnecting). Both
 * domains' locks are held. */
static int close_locked(struct domain *d, uint32_t port)
{
    struct evtchn_domain *ed = d->evtchn;
    struct evtchn *chn = evtchn_port(d, port), *peer;

    if (!chn || chn->state == ECS_FREE || chn->state == ECS_RESERVED)
        return -EINVAL;
    if (chn->state == ECS_VIRQ) {
        unsigned int vcpu = evtchn_virq_is_global(chn->virq) ? 0
                                                             : chn->notify_vcpu;

        ed->virq_port[vcpu * NR_VIRQS + chn->virq] = 0;
    } else if (chn->state == ECS_INTERDOMAIN) {
        peer = evtchn_port(chn->peer, chn->remote_port);
        peer->state = ECS_UNBOUND;
        peer->remote_domid = d->id;
        peer->remote_port = 0;
        peer->peer = NULL;
    }
    evtchn_2l_clear_pending(d, port);
    memset(chn, 0, sizeof(*chn));
    return 0;
}

static struct domain *peer_of(struct domain *d, uint32_t port)
{
    struct evtchn *chn = evtchn_port(d, port);

    return chn && chn->state == ECS_INTERDOMAIN ? chn->peer : NULL;
}

/* Locks d and, for an interdomain port, its peer, returned in *peer. A
 * peer with a lower id must be locked first, so d's lock is dropped for a
 * moment; the pin keeps the peer's table alive meanwhile (its destruction
 * waits for pins), and the port is looked at again once both are held. */
static void lock_port(struct domain *d, uint32_t port, struct domain **peer)
{
    for (;;) {
        struct domain *p;

        spin_lock(&d->evtchn->lock);
        p = peer_of(d, port);
        if (!p || p == d || d->id < p->id) {
            if (p && p != d)
                spin_lock(&p->evtchn->lock);
            *peer = p ? p : d;
            return;
        }
        __atomic_fetch_add(&p->evtchn->pins, 1, __ATOMIC_ACQ_REL);
        spin_unlock(&d->evtchn->lock);
        evtchn_lock_pair(d, p);
        if (peer_of(d, port) == p) {
            *peer = p;
            __atomic_fetch_sub(&p->evtchn->pins, 1, __ATOMIC_ACQ_REL);
            return;
        }
        evtchn_unlock_pair(d, p);
        __atomic_fetch_sub(&p->evtchn->pins, 1, __ATOMIC_ACQ_REL);
    }
}

int evtchn_close(struct domain *d, uint32_t port)
{
    struct domain *peer;
    int rc;

    if (port >= EVTCHN_NR_PORTS)
        return -EINVAL;
    lock_port(d, port, &peer);
    rc = close_locked(d, port);
    evtchn_unlock_pair(d, peer);
    return rc;
}

static void close_all(struct domain *d)
{
    for (uint32_t port = 1; port < EVTCHN_NR_PORTS; port++) {
        struct evtchn *chn = evtchn_port(d, port);

        if (!chn)
            break;
        if (__atomic_load_n(&chn->state, __ATOMIC_RELAXED) != ECS_FREE)
            (void)evtchn_close(d, port);
    }
}

int evtchn_reset(struct domain *d)
{
    close_all(d);
    return 0;
}

int evtchn_domain_init(struct domain *d)
{
    struct evtchn_domain *ed;
    int rc = -ENOMEM;

    if (d->evtchn)
        return -EEXIST;
    ed = heap_zalloc(&d->keel->heap, sizeof(*ed));
    if (!ed)
        return -ENOMEM;
    ed->virq_port = heap_zalloc(&d->keel->heap,
                                d->nr_vcpus * NR_VIRQS * sizeof(uint16_t));
    if (!ed->virq_port)
        goto fail;
    d->evtchn = ed;
    rc = add_bucket(d, 0);
    if (rc)
        goto fail;
    ed->buckets[0][0].state = ECS_RESERVED;
    return 0;

fail:
    d->evtchn = NULL;
    heap_free(&d->keel->heap, ed->virq_port);
    heap_free(&d->keel->heap, ed);
    return rc;
}

void evtchn_domain_destroy(struct domain *d)
{
    struct evtchn_domain *ed = d->evtchn;

    if (!ed)
        return;
    spin_lock(&ed->lock);
    ed->dying = true;
    spin_unlock(&ed->lock);
    close_all(d);
    /* A closer in another domain may still be between its two locks. */
    while (__atomic_load_n(&ed->pins, __ATOMIC_ACQUIRE))
        ;
    for (unsigned int b = 0; b < EVTCHN_NR_BUCKETS; b++)
        heap_free(&d->keel->heap, ed->buckets[b]);
    heap_free(&d->keel->heap, ed->virq_port);
    heap_free(&d->keel->heap, ed);
    d->evtchn = NULL;
}
