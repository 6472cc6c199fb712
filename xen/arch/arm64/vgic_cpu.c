/* Moving virtual interrupts between the software state and the list
 * registers: sync after every guest exit, flush before every entry, so a
 * vCPU's LRs are only ever in hardware while it runs. */
#include <keel/domain.h>
#include <asm/vcpu.h>
#include <asm/vgic.h>
#include <asm/vgic_lr.h>

static uint64_t lr_value(const struct vgic_irq *irq, uint64_t state)
{
    uint64_t v = state << LR_STATE_SHIFT | LR_GROUP1 |
                 (uint64_t)irq->priority << LR_PRIO_SHIFT | irq->intid;

    if (irq->hw_intid)
        v |= LR_HW | (uint64_t)irq->hw_intid << LR_PINTID_SHIFT;
    return v;
}

void vgic_sync(struct vcpu *v)
{
    struct vgic_dist *vd = &v->domain->arch->vgic;
    struct vgic_cpu *vc = &v->arch->vgic;
    unsigned int n = vgic_nr_lrs();

    spin_lock(&vd->lock);
    for (unsigned int i = 0; i < n; i++) {
        struct vgic_irq *irq = vc->lr_irq[i];

        if (!irq)
            continue;
        irq->lr_state = (uint8_t)(lr_read(i) >> LR_STATE_SHIFT);
        if (!irq->lr_state) {
            irq->in_lr = false;
            vc->lr_irq[i] = NULL;
        }
    }
    spin_unlock(&vd->lock);
}

/* The best candidate not yet in an LR: lowest priority value first. */
static struct vgic_irq *best_pending(struct vcpu *v)
{
    struct vgic_dist *vd = &v->domain->arch->vgic;
    struct vgic_cpu *vc = &v->arch->vgic;
    struct vgic_irq *best = NULL;

    for (unsigned int i = 0; i < VGIC_NR_PRIVATE; i++) {
        struct vgic_irq *irq = &vc->private[i];

        if (irq->pending && irq->enabled && !irq->in_lr &&
            (!best || irq->priority < best->priority))
            best = irq;
    }
    for (unsigned int i = 0; i < vd->nr_spis; i++) {
        struct vgic_irq *irq = &vd->spis[i];

        if (irq->pending && irq->enabled && !irq->in_lr && irq->target == v->id &&
            (!best || irq->priority < best->priority))
            best = irq;
    }
    return best;
}

/* An interrupt re-triggered while the guest still has it active in an LR:
 * purely virtual ones become pending+active there. */
static void refresh_in_lr(struct vgic_cpu *vc, unsigned int n)
{
    for (unsigned int i = 0; i < n; i++) {
        struct vgic_irq *irq = vc->lr_irq[i];

        if (irq && irq->pending && !irq->hw_intid && irq->enabled) {
            irq->lr_state |= LR_PENDING;
            irq->pending = false;
        }
    }
}

void vgic_flush(struct vcpu *v)
{
    struct vgic_dist *vd = &v->domain->arch->vgic;
    struct vgic_cpu *vc = &v->arch->vgic;
    unsigned int n = vgic_nr_lrs();
    uint64_t hcr = ICH_HCR_EN;

    spin_lock(&vd->lock);
    refresh_in_lr(vc, n);
    for (unsigned int i = 0; i < n; i++) {
        struct vgic_irq *irq;

        if (vc->lr_irq[i])
            continue;
        irq = vd->enabled ? best_pending(v) : NULL;
        if (!irq)
            break;
        irq->pending = false;
        irq->in_lr = true;
        irq->lr_state = LR_PENDING;
        vc->lr_irq[i] = irq;
    }
    /* More waiting than LRs: ask for a maintenance interrupt when the
     * guest has drained them, so the rest get their turn. */
    if (vd->enabled && best_pending(v))
        hcr |= ICH_HCR_UIE;
    for (unsigned int i = 0; i < n; i++)
        lr_write(i, vc->lr_irq[i] ? lr_value(vc->lr_irq[i], vc->lr_irq[i]->lr_state) : 0);
    spin_unlock(&vd->lock);
    ich_hcr_write(hcr);
}

void vgic_save(struct vcpu *v)
{
    struct vgic_cpu *vc = &v->arch->vgic;
    unsigned int n = vgic_nr_lrs();

    vgic_sync(v);
    vc->vmcr = ich_vmcr_read();
    ich_apr_read(&vc->ap0r0, &vc->ap1r0);
    for (unsigned int i = 0; i < n; i++)
        lr_write(i, 0);
    ich_hcr_write(0);
}

void vgic_load(struct vcpu *v)
{
    struct vgic_cpu *vc = &v->arch->vgic;

    ich_vmcr_write(vc->vmcr);
    ich_apr_write(vc->ap0r0, vc->ap1r0);
}
