/* The register banks GICD and GICR share: one bit, two bits or one byte
 * per interrupt. Both frontends resolve an INTID to its state and call
 * these, so the semantics live in one place. */
#include <keel/domain.h>
#include <asm/gic.h>
#include <asm/vcpu.h>
#include <asm/vgic.h>
#include <asm/vgic_regs.h>

static void set_enabled(struct domain *d, struct vgic_irq *irq, bool on)
{
    if (irq->enabled == on)
        return;
    irq->enabled = on;
    if (!irq->hw_intid)
        return;
    if (on)
        gic_enable_irq(&host_gic, irq->hw_intid,
                       pcpus[d->vcpus[irq->target < d->nr_vcpus ? irq->target : 0]->pcpu].mpidr,
                       irq->edge);
    else
        gic_disable_irq(&host_gic, irq->hw_intid);
}

/* Applies a write of `val` to 32 one-bit fields starting at `first`. */
void vgic_bits_write(struct domain *d, struct vcpu *v, enum vgic_bitreg reg,
                     unsigned int first, uint32_t val)
{
    struct vgic_dist *vd = &d->arch->vgic;
    struct vcpu *kick = NULL;

    spin_lock(&vd->lock);
    for (unsigned int i = 0; i < 32; i++) {
        struct vgic_irq *irq = vgic_get_irq(d, v, first + i);

        if (!irq || !(val & (1U << i)))
            continue;
        switch (reg) {
        case VGIC_ISENABLER:
            set_enabled(d, irq, true);
            if (irq->pending)
                kick = irq->intid < 32 ? v : d->vcpus[irq->target % d->nr_vcpus];
            break;
        case VGIC_ICENABLER:
            set_enabled(d, irq, false);
            break;
        case VGIC_ISPENDR:
            if (!irq->hw_intid) {
                irq->pending = true;
                kick = irq->intid < 32 ? v : d->vcpus[irq->target % d->nr_vcpus];
            }
            break;
        case VGIC_ICPENDR:
            irq->pending = false;
            break;
        case VGIC_ISACTIVER:
        case VGIC_ICACTIVER:
            /* Linux clears active state at boot; the LRs own it, so
             * these writes are accepted and ignored. */
            break;
        }
    }
    spin_unlock(&vd->lock);
    if (kick)
        vgic_kick(kick);
}

uint32_t vgic_bits_read(struct domain *d, struct vcpu *v, enum vgic_bitreg reg,
                        unsigned int first)
{
    struct vgic_dist *vd = &d->arch->vgic;
    uint32_t val = 0;

    spin_lock(&vd->lock);
    for (unsigned int i = 0; i < 32; i++) {
        struct vgic_irq *irq = vgic_get_irq(d, v, first + i);
        bool bit = false;

        if (!irq)
            continue;
        switch (reg) {
        case VGIC_ISENABLER:
        case VGIC_ICENABLER:
            bit = irq->enabled;
            break;
        case VGIC_ISPENDR:
        case VGIC_ICPENDR:
            bit = irq->pending || (irq->in_lr && (irq->lr_state & 1));
            break;
        case VGIC_ISACTIVER:
        case VGIC_ICACTIVER:
            bit = irq->in_lr && (irq->lr_state & 2);
            break;
        }
        val |= (uint32_t)bit << i;
    }
    spin_unlock(&vd->lock);
    return val;
}

uint64_t vgic_prio_read(struct domain *d, struct vcpu *v, unsigned int first,
                        unsigned int size)
{
    struct vgic_dist *vd = &d->arch->vgic;
    uint64_t val = 0;

    spin_lock(&vd->lock);
    for (unsigned int i = 0; i < size; i++) {
        struct vgic_irq *irq = vgic_get_irq(d, v, first + i);

        if (irq)
            val |= (uint64_t)irq->priority << (8 * i);
    }
    spin_unlock(&vd->lock);
    return val;
}

void vgic_prio_write(struct domain *d, struct vcpu *v, unsigned int first,
                     unsigned int size, uint64_t val)
{
    struct vgic_dist *vd = &d->arch->vgic;

    spin_lock(&vd->lock);
    for (unsigned int i = 0; i < size; i++) {
        struct vgic_irq *irq = vgic_get_irq(d, v, first + i);

        if (irq)
            irq->priority = (uint8_t)(val >> (8 * i));
    }
    spin_unlock(&vd->lock);
}

/* ICFGR: two bits per interrupt, the upper one meaning edge-triggered.
 * SGIs are always edge. */
uint32_t vgic_cfg_read(struct domain *d, struct vcpu *v, unsigned int first)
{
    struct vgic_dist *vd = &d->arch->vgic;
    uint32_t val = 0;

    spin_lock(&vd->lock);
    for (unsigned int i = 0; i < 16; i++) {
        struct vgic_irq *irq = vgic_get_irq(d, v, first + i);

        if (irq && irq->edge)
            val |= 2U << (2 * i);
    }
    spin_unlock(&vd->lock);
    return val;
}

void vgic_cfg_write(struct domain *d, struct vcpu *v, unsigned int first,
                    uint32_t val)
{
    struct vgic_dist *vd = &d->arch->vgic;

    spin_lock(&vd->lock);
    for (unsigned int i = 0; i < 16; i++) {
        struct vgic_irq *irq = vgic_get_irq(d, v, first + i);

        if (irq && irq->intid >= 16)
            irq->edge = (val >> (2 * i + 1)) & 1;
    }
    spin_unlock(&vd->lock);
}

static bool bitreg_at(uint64_t off, enum vgic_bitreg *reg, uint64_t *base)
{
    static const struct {
        uint64_t base;
        enum vgic_bitreg reg;
    } banks[] = {
        { GICX_ISENABLER, VGIC_ISENABLER }, { GICX_ICENABLER, VGIC_ICENABLER },
        { GICX_ISPENDR, VGIC_ISPENDR },     { GICX_ICPENDR, VGIC_ICPENDR },
        { GICX_ISACTIVER, VGIC_ISACTIVER }, { GICX_ICACTIVER, VGIC_ICACTIVER },
    };

    for (unsigned int i = 0; i < sizeof(banks) / sizeof(banks[0]); i++) {
        if (off >= banks[i].base && off < banks[i].base + 0x80) {
            *reg = banks[i].reg;
            *base = banks[i].base;
            return true;
        }
    }
    return false;
}

bool vgic_bank_access(struct domain *d, struct vcpu *v, uint64_t off,
                      unsigned int size, bool write, uint64_t *val)
{
    enum vgic_bitreg reg;
    uint64_t base;

    if (off >= GICX_IGROUPR && off < GICX_IGROUPR + 0x80) {
        if (!write)
            *val = size == 8 ? ~0UL : 0xffffffffU;    /* all group 1 */
        return true;
    }
    if (bitreg_at(off, &reg, &base)) {
        unsigned int first = (unsigned int)(off - base) * 8;

        if (size != 4)
            return true;                /* only word access is defined */
        if (write)
            vgic_bits_write(d, v, reg, first, (uint32_t)*val);
        else
            *val = vgic_bits_read(d, v, reg, first);
        return true;
    }
    if (off >= GICX_IPRIORITYR && off < GICX_IPRIORITYR + 0x400) {
        unsigned int first = (unsigned int)(off - GICX_IPRIORITYR);

        if (write)
            vgic_prio_write(d, v, first, size, *val);
        else
            *val = vgic_prio_read(d, v, first, size);
        return true;
    }
    if (off >= GICX_ICFGR && off < GICX_ICFGR + 0x100) {
        unsigned int first = (unsigned int)(off - GICX_ICFGR) * 4;

        if (size != 4)
            return true;
        if (write)
            vgic_cfg_write(d, v, first, (uint32_t)*val);
        else
            *val = vgic_cfg_read(d, v, first);
        return true;
    }
    return false;
}
