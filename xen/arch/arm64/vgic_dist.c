/* The emulated distributor (GICD): always in affinity-routing mode with a
 * single security state, the only mode Linux uses on GICv3. */
#include <keel/domain.h>
#include <keel/errno.h>
#include <asm/gic.h>
#include <asm/mmio.h>
#include <asm/vcpu.h>
#include <asm/vgic.h>
#include <asm/vgic_regs.h>

#define GICD_CTLR        0x0000
#define GICD_TYPER       0x0004
#define GICD_IIDR        0x0008
#define GICD_IROUTER     0x6000
#define CTLR_ENABLE_G1   (1U << 1)
#define CTLR_ARE         (1U << 4)
#define CTLR_DS          (1U << 6)
#define TYPER_IDBITS_10  (9U << 19)
#define TYPER_NO1N       (1U << 25)
#define KEEL_IIDR        0x0000043bU

static uint64_t vcpu_affinity(const struct vcpu *v)
{
    return v->arch->vmpidr & 0xff00ffffffUL;
}

static uint64_t irouter_read(struct domain *d, unsigned int intid)
{
    struct vgic_irq *irq = vgic_get_irq(d, NULL, intid);

    if (!irq || intid < 32)
        return 0;
    return vcpu_affinity(d->vcpus[irq->target < d->nr_vcpus ? irq->target : 0]);
}

/* Routing to one vCPU by affinity; 1-of-N routing is not offered. */
static void irouter_write(struct domain *d, unsigned int intid, uint64_t val)
{
    struct vgic_dist *vd = &d->arch->vgic;
    struct vgic_irq *irq = vgic_get_irq(d, NULL, intid);

    if (!irq || intid < 32)
        return;
    spin_lock(&vd->lock);
    for (unsigned int i = 0; i < d->nr_vcpus; i++) {
        if (vcpu_affinity(d->vcpus[i]) == (val & 0xff00ffffffUL)) {
            irq->target = (uint8_t)i;
            if (irq->hw_intid && irq->enabled)
                gic_enable_irq(&host_gic, irq->hw_intid,
                               pcpus[d->vcpus[i]->pcpu].mpidr, irq->edge);
            break;
        }
    }
    spin_unlock(&vd->lock);
}

static int dist_access(struct vcpu *v, struct mmio_access *a, void *priv)
{
    struct domain *d = v->domain;
    struct vgic_dist *vd = &d->arch->vgic;
    uint64_t off = a->offset;

    (void)priv;
    if (off >= GICD_IROUTER + 32 * 8 && off < GICD_IROUTER + 1020 * 8) {
        unsigned int intid = (unsigned int)((off - GICD_IROUTER) / 8);

        if (a->write)
            irouter_write(d, intid, a->value);
        else
            a->value = irouter_read(d, intid);
        return 0;
    }
    /* Private interrupts' words here resolve to nothing: under ARE they
     * live in the redistributors. */
    if (off >= 0x80 && vgic_bank_access(d, NULL, off, a->size, a->write, &a->value))
        return 0;
    if (a->write) {
        if (off == GICD_CTLR)
            vd->enabled = a->value & CTLR_ENABLE_G1;
        return 0;               /* everything else: write ignored */
    }
    switch (off) {
    case GICD_CTLR:
        a->value = CTLR_ARE | CTLR_DS | (vd->enabled ? CTLR_ENABLE_G1 : 0);
        break;
    case GICD_TYPER:
        a->value = TYPER_IDBITS_10 | TYPER_NO1N | ((vd->nr_spis + 32) / 32 - 1);
        break;
    case GICD_IIDR:
        a->value = KEEL_IIDR;
        break;
    case GICX_PIDR2:
        a->value = GIC_PIDR2_V3;
        break;
    default:
        a->value = 0;
    }
    return 0;
}

int vgic_dist_register(struct domain *d)
{
    return mmio_add(d, d->arch->vgic.dist_base, VGIC_DIST_SIZE, dist_access, NULL);
}
