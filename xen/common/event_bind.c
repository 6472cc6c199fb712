/* Binding, moving and signalling ports: event_channel_op on the kernel
 * side, after event_op.c has decided who may act on which domain. The
 * rules and error codes follow Xen's, which Linux and the tools expect. */
#include <keel/domain.h>
#include <keel/errno.h>
#include <keel/event.h>
#include <keel/lib.h>

bool evtchn_virq_is_global(unsigned int virq)
{
    switch (virq) {
    case VIRQ_TIMER:
    case VIRQ_DEBUG:
    case VIRQ_XENOPROF:
    case VIRQ_XENPMU:
        return false;
    default:
        return true;
    }
}

static bool vcpu_exists(struct domain *d, unsigned int vcpu)
{
    return vcpu < d->nr_vcpus && d->vcpus[vcpu];
}

int evtchn_alloc_unbound_port(struct domain *d, uint16_t remote_domid,
                              uint32_t *port)
{
    int rc;

    spin_lock(&d->evtchn->lock);
    rc = evtchn_claim_port(d, ECS_UNBOUND, port);
    if (!rc)
        evtchn_port(d, *port)->remote_domid =
            remote_domid == DOMID_SELF ? d->id : remote_domid;
    spin_unlock(&d->evtchn->lock);
    return rc;
}

/* Events sent while the remote end was unbound were dropped, so the new
 * local port starts pending and its owner looks at the channel once. */
int evtchn_bind_interdomain(struct domain *ld, struct domain *rd,
                            uint32_t rport, uint32_t *lport)
{
    struct evtchn *lchn, *rchn;
    int rc = -EINVAL;

    evtchn_lock_pair(ld, rd);
    rchn = evtchn_port(rd, rport);
    if (rd->evtchn->dying || !rchn || rchn->state != ECS_UNBOUND ||
        rchn->remote_domid != ld->id)
        goto out;
    rc = evtchn_claim_port(ld, ECS_INTERDOMAIN, lport);
    if (rc)
        goto out;
    lchn = evtchn_port(ld, *lport);
    lchn->peer = rd;
    lchn->remote_port = rport;
    rchn->state = ECS_INTERDOMAIN;
    rchn->peer = ld;
    rchn->remote_port = *lport;
    evtchn_2l_set_pending(ld, lchn->notify_vcpu, *lport);
out:
    evtchn_unlock_pair(ld, rd);
    return rc;
}

int evtchn_bind_virq(struct domain *d, unsigned int virq, unsigned int vcpu,
                     uint32_t *port)
{
    struct evtchn *chn;
    uint16_t *slot;
    int rc;

    if (virq >= NR_VIRQS || (evtchn_virq_is_global(virq) && vcpu != 0))
        return -EINVAL;
    if (!vcpu_exists(d, vcpu))
        return -ENOENT;
    spin_lock(&d->evtchn->lock);
    slot = &d->evtchn->virq_port[vcpu * NR_VIRQS + virq];
    rc = *slot ? -EEXIST : evtchn_claim_port(d, ECS_VIRQ, port);
    if (!rc) {
        chn = evtchn_port(d, *port);
        chn->virq = virq;
        chn->notify_vcpu = vcpu;
        *slot = *port;
    }
    spin_unlock(&d->evtchn->lock);
    return rc;
}

int evtchn_bind_ipi(struct domain *d, unsigned int vcpu, uint32_t *port)
{
    int rc;

    if (!vcpu_exists(d, vcpu))
        return -ENOENT;
    spin_lock(&d->evtchn->lock);
    rc = evtchn_claim_port(d, ECS_IPI, port);
    if (!rc)
        evtchn_port(d, *port)->notify_vcpu = vcpu;
    spin_unlock(&d->evtchn->lock);
    return rc;
}

/* IPIs and per-vCPU VIRQs belong to the vCPU they were bound on. */
static bool movable(const struct evtchn *chn)
{
    switch (chn->state) {
    case ECS_UNBOUND:
    case ECS_INTERDOMAIN:
        return true;
    case ECS_VIRQ:
        return evtchn_virq_is_global(chn->virq);
    default:
        return false;
    }
}

int evtchn_bind_vcpu(struct domain *d, uint32_t port, unsigned int vcpu)
{
    struct evtchn *chn;
    int rc = -EINVAL;

    if (!vcpu_exists(d, vcpu))
        return -ENOENT;
    spin_lock(&d->evtchn->lock);
    chn = evtchn_port(d, port);
    if (chn && movable(chn)) {
        /* A peer's send reads it under the peer's lock, not ours. */
        __atomic_store_n(&chn->notify_vcpu, (uint8_t)vcpu, __ATOMIC_RELAXED);
        rc = 0;
    }
    spin_unlock(&d->evtchn->lock);
    return rc;
}

static void fill_status(const struct evtchn *chn, struct evtchn_status *st)
{
    memset(&st->u, 0, sizeof(st->u));
    st->vcpu = chn->notify_vcpu;
    switch (chn->state) {
    case ECS_UNBOUND:
        st->status = EVTCHNSTAT_unbound;
        st->u.unbound.dom = chn->remote_domid;
        break;
    case ECS_INTERDOMAIN:
        st->status = EVTCHNSTAT_interdomain;
        st->u.interdomain.dom = chn->peer->id;
        st->u.interdomain.port = chn->remote_port;
        break;
    case ECS_VIRQ:
        st->status = EVTCHNSTAT_virq;
        st->u.virq = chn->virq;
        break;
    case ECS_IPI:
        st->status = EVTCHNSTAT_ipi;
        break;
    default:
        st->status = EVTCHNSTAT_closed;
        break;
    }
}

int evtchn_status(struct domain *d, uint32_t port, struct evtchn_status *st)
{
    struct evtchn *chn;
    int rc = -EINVAL;

    spin_lock(&d->evtchn->lock);
    chn = evtchn_port(d, port);
    if (chn) {
        fill_status(chn, st);
        rc = 0;
    }
    spin_unlock(&d->evtchn->lock);
    return rc;
}

static int send_locked(struct domain *d, uint32_t port)
{
    struct evtchn *chn = evtchn_port(d, port), *rchn;

    if (!chn)
        return -EINVAL;
    switch (chn->state) {
    case ECS_INTERDOMAIN:
        rchn = evtchn_port(chn->peer, chn->remote_port);
        evtchn_2l_set_pending(chn->peer,
                              __atomic_load_n(&rchn->notify_vcpu,
                                              __ATOMIC_RELAXED),
                              chn->remote_port);
        return 0;
    case ECS_IPI:
        evtchn_2l_set_pending(d, chn->notify_vcpu, port);
        return 0;
    case ECS_UNBOUND:
        return 0;
    default:
        return -EINVAL;
    }
}

int evtchn_send(struct domain *d, uint32_t port)
{
    int rc;

    spin_lock(&d->evtchn->lock);
    rc = send_locked(d, port);
    spin_unlock(&d->evtchn->lock);
    return rc;
}

int evtchn_unmask(struct domain *d, uint32_t port)
{
    struct evtchn *chn;
    int rc = -EINVAL;

    spin_lock(&d->evtchn->lock);
    chn = evtchn_port(d, port);
    if (chn) {
        evtchn_2l_unmask(d, chn->notify_vcpu, port);
        rc = 0;
    }
    spin_unlock(&d->evtchn->lock);
    return rc;
}

int evtchn_send_vcpu_virq(struct vcpu *v, unsigned int virq)
{
    struct domain *d = v->domain;
    unsigned int vcpu;
    uint32_t port;

    if (virq >= NR_VIRQS)
        return -EINVAL;
    if (!d->evtchn)
        return 0;
    vcpu = evtchn_virq_is_global(virq) ? 0 : v->id;
    spin_lock(&d->evtchn->lock);
    port = d->evtchn->virq_port[vcpu * NR_VIRQS + virq];
    if (port)
        evtchn_2l_set_pending(d, evtchn_port(d, port)->notify_vcpu, port);
    spin_unlock(&d->evtchn->lock);
    return 0;
}

int evtchn_send_virq(struct domain *d, unsigned int virq)
{
    if (!d->nr_vcpus || !d->vcpus[0])
        return -EINVAL;
    return evtchn_send_vcpu_virq(d->vcpus[0], virq);
}

void evtchn_shared_info_ready(struct domain *d)
{
    uint64_t words[EVTCHN_NR_PORTS / 64];

    if (!d->evtchn || !d->shared_info)
        return;
    /* Orders the caller's store of d->shared_info before the take, which
     * a concurrent early sender's re-check of it pairs with. */
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
    spin_lock(&d->evtchn->lock);
    evtchn_2l_take_early(d, words);
    for (unsigned int w = 0; w < ARRAY_SIZE(words); w++) {
        for (uint64_t bits = words[w]; bits; bits &= bits - 1) {
            uint32_t port = w * 64 + (uint32_t)__builtin_ctzll(bits);

            /* Closing a port clears its note, so each one is bound. */
            evtchn_2l_set_pending(d, evtchn_port(d, port)->notify_vcpu, port);
        }
    }
    spin_unlock(&d->evtchn->lock);
}
