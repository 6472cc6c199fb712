/* The emulated redistributors (GICR): one 128 KiB pair of frames per
 * vCPU, laid out contiguously from the domain's redistributor base. */
#include <keel/domain.h>
#include <keel/errno.h>
#include <asm/mmio.h>
#include <asm/vcpu.h>
#include <asm/vgic.h>
#include <asm/vgic_regs.h>

#define GICR_CTLR       0x0000
#define GICR_IIDR       0x0004
#define GICR_TYPER      0x0008
#define GICR_TYPER_HI   0x000c
#define GICR_WAKER      0x0014
#define GICR_SGI_FRAME  0x10000
#define TYPER_LAST      (1UL << 4)
#define WAKER_SLEEP     (1U << 1)
#define WAKER_ASLEEP    (1U << 2)
#define KEEL_IIDR       0x0000043bU

static uint64_t typer(const struct vcpu *v)
{
    uint64_t mpidr = v->arch->vmpidr;
    uint64_t aff = ((mpidr >> 32) & 0xff) << 24 | (mpidr & 0xffffff);

    return aff << 32 | (uint64_t)v->id << 8 |
           (v->id + 1 == v->domain->nr_vcpus ? TYPER_LAST : 0);
}

static int rd_frame(struct vcpu *v, struct mmio_access *a, uint64_t off)
{
    struct vgic_cpu *vc = &v->arch->vgic;

    if (a->write) {
        if (off == GICR_WAKER)
            vc->sleeping = a->value & WAKER_SLEEP;
        return 0;
    }
    switch (off) {
    case GICR_IIDR:
        a->value = KEEL_IIDR;
        break;
    case GICR_TYPER:
        a->value = a->size == 8 ? typer(v) : (uint32_t)typer(v);
        break;
    case GICR_TYPER_HI:
        a->value = typer(v) >> 32;
        break;
    case GICR_WAKER:
        a->value = vc->sleeping ? WAKER_SLEEP | WAKER_ASLEEP : 0;
        break;
    case GICX_PIDR2:
        a->value = GIC_PIDR2_V3;
        break;
    default:
        a->value = 0;           /* CTLR, LPI tables: no LPIs */
    }
    return 0;
}

static int redist_access(struct vcpu *caller, struct mmio_access *a, void *priv)
{
    struct domain *d = caller->domain;
    unsigned int idx = (unsigned int)(a->offset / VGIC_REDIST_STRIDE);
    uint64_t off = a->offset % VGIC_REDIST_STRIDE;
    struct vcpu *v;

    (void)priv;
    if (idx >= d->nr_vcpus)
        return -EINVAL;
    v = d->vcpus[idx];
    if (off < GICR_SGI_FRAME)
        return rd_frame(v, a, off);
    off -= GICR_SGI_FRAME;
    if (!vgic_bank_access(d, v, off, a->size, a->write, &a->value) && !a->write)
        a->value = 0;
    return 0;
}

int vgic_redist_register(struct domain *d)
{
    return mmio_add(d, d->arch->vgic.redist_base,
                    (uint64_t)d->nr_vcpus * VGIC_REDIST_STRIDE, redist_access, NULL);
}

int vgic_mmio_register(struct domain *d)
{
    int rc = vgic_dist_register(d);

    return rc ? rc : vgic_redist_register(d);
}
