/* Virtual interrupt state and its delivery through the list registers.
 * An interrupt is `pending` in software until a list register takes it;
 * from then on the LR owns its state until the guest deactivates it. */
#include <keel/domain.h>
#include <keel/errno.h>
#include <keel/keel.h>
#include <keel/lib.h>
#include <asm/gic.h>
#include <asm/vcpu.h>
#include <asm/vgic.h>
#include <asm/vgic_lr.h>

static struct vgic_dist *dist_of(struct domain *d)
{
    return &d->arch->vgic;
}

int vgic_domain_init(struct domain *d, paddr_t dist, paddr_t redist,
                     unsigned int nr_spis)
{
    struct vgic_dist *vd = dist_of(d);

    vd->dist_base = dist;
    vd->redist_base = redist;
    vd->nr_spis = nr_spis;
    vd->enabled = false;
    if (nr_spis) {
        vd->spis = heap_zalloc(&d->keel->heap, nr_spis * sizeof(*vd->spis));
        if (!vd->spis)
            return -ENOMEM;
    }
    for (unsigned int i = 0; i < nr_spis; i++) {
        vd->spis[i].intid = 32 + i;
        vd->spis[i].priority = VGIC_PRIO_DEFAULT;
    }
    return vgic_mmio_register(d);
}

void vgic_domain_destroy(struct domain *d)
{
    struct vgic_dist *vd = dist_of(d);

    for (unsigned int i = 0; i < vd->nr_spis; i++)
        if (vd->spis[i].hw_intid)
            gic_disable_irq(&host_gic, vd->spis[i].hw_intid);
    vgic_unroute_domain(d);
    heap_free(&d->keel->heap, vd->spis);
    vd->spis = NULL;
}

void vgic_vcpu_init(struct vcpu *v)
{
    struct vgic_cpu *vc = &v->arch->vgic;

    for (unsigned int i = 0; i < VGIC_NR_PRIVATE; i++) {
        vc->private[i].intid = i;
        vc->private[i].priority = VGIC_PRIO_DEFAULT;
        vc->private[i].edge = i < 16;
    }
    vc->sleeping = true;
}

struct vgic_irq *vgic_get_irq(struct domain *d, struct vcpu *v,
                              unsigned int intid)
{
    struct vgic_dist *vd = dist_of(d);

    if (intid < VGIC_NR_PRIVATE)
        return v ? &v->arch->vgic.private[intid] : NULL;
    if (intid - 32 < vd->nr_spis)
        return &vd->spis[intid - 32];
    return NULL;
}

static struct vcpu *irq_target(struct domain *d, struct vcpu *v,
                               const struct vgic_irq *irq)
{
    if (irq->intid < VGIC_NR_PRIVATE)
        return v;
    return irq->target < d->nr_vcpus ? d->vcpus[irq->target] : d->vcpus[0];
}

/* After state changed under the lock: get the target to look at it. */
void vgic_kick(struct vcpu *t)
{
    struct scheduler *s = &t->domain->keel->sched;

    if (t->state == VCPU_BLOCKED)
        sched_wake(s, t);
    else if (t->loaded)
        arch_kick_cpu(t->pcpu);
}

void vgic_inject(struct vcpu *v, unsigned int intid)
{
    struct domain *d = v->domain;
    struct vgic_dist *vd = dist_of(d);
    struct vgic_irq *irq;
    struct vcpu *t;

    spin_lock(&vd->lock);
    irq = vgic_get_irq(d, v, intid);
    if (!irq) {
        spin_unlock(&vd->lock);
        return;
    }
    irq->pending = true;
    t = irq_target(d, v, irq);
    spin_unlock(&vd->lock);
    if (irq->enabled)
        vgic_kick(t);
}

static bool deliverable(const struct vgic_irq *irq)
{
    return irq->pending && irq->enabled;
}

bool vgic_vcpu_pending(struct vcpu *v)
{
    struct vgic_dist *vd = dist_of(v->domain);
    struct vgic_cpu *vc = &v->arch->vgic;
    bool any = false;

    spin_lock(&vd->lock);
    for (unsigned int i = 0; i < VGIC_MAX_LRS && !any; i++)
        any = vc->lr_irq[i] && (vc->lr_irq[i]->lr_state & LR_PENDING);
    for (unsigned int i = 0; i < VGIC_NR_PRIVATE && !any; i++)
        any = deliverable(&vc->private[i]);
    for (unsigned int i = 0; i < vd->nr_spis && !any; i++)
        any = deliverable(&vd->spis[i]) && vd->spis[i].target == v->id;
    spin_unlock(&vd->lock);
    return any;
}

/* ICC_SGI1R_EL1 as the guest wrote it: TargetList [15:0], Aff1 [23:16],
 * INTID [27:24], IRM [40] (all but self). vCPU ids are Aff1 * 16 + Aff0. */
void vgic_send_sgi(struct vcpu *v, uint64_t sgir)
{
    struct domain *d = v->domain;
    unsigned int intid = (sgir >> 24) & 0xf;
    unsigned int aff1 = (sgir >> 16) & 0xff;
    uint16_t targets = sgir & 0xffff;

    if (sgir & (1UL << 40)) {
        for (unsigned int i = 0; i < d->nr_vcpus; i++)
            if (i != v->id)
                vgic_inject(d->vcpus[i], intid);
        return;
    }
    if (((sgir >> 32) & 0xff) || ((sgir >> 48) & 0xff) || ((sgir >> 44) & 0xf))
        return;                 /* Aff2/Aff3/RS: no such vCPUs */
    for (unsigned int i = 0; i < 16; i++) {
        unsigned int id = aff1 * 16 + i;

        if ((targets & (1U << i)) && id < d->nr_vcpus)
            vgic_inject(d->vcpus[id], intid);
    }
}

/* Physical SPIs handed to a domain, indexed by INTID. */
static struct domain *hw_spi_owner[1024];

int vgic_route_hw_spi(struct domain *d, unsigned int intid, bool edge)
{
    struct vgic_irq *irq = vgic_get_irq(d, NULL, intid);

    if (!irq || intid < 32 || intid >= 1020)
        return -EINVAL;
    if (hw_spi_owner[intid])
        return hw_spi_owner[intid] == d ? -EEXIST : -EBUSY;
    irq->hw_intid = (uint16_t)intid;
    irq->edge = edge;
    hw_spi_owner[intid] = d;
    return 0;
}

void vgic_unroute_domain(struct domain *d)
{
    for (unsigned int i = 0; i < 1024; i++)
        if (hw_spi_owner[i] == d)
            hw_spi_owner[i] = NULL;
}

bool vgic_forward_hw_irq(unsigned int intid)
{
    struct domain *d = intid < 1024 ? hw_spi_owner[intid] : NULL;

    if (!d || d->state != DOMAIN_RUNNING)
        return false;
    vgic_inject(d->vcpus[0], intid);
    return true;
}

void arch_vcpu_raise_upcall(struct vcpu *v)
{
    vgic_inject(v, VGIC_PPI_EVTCHN);
}
