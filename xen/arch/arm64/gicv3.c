/* Host GICv3 driver. Keel keeps the GIC in affinity-routing mode with a
 * single security state, as QEMU's virt machine presents it at EL2. */
#include <keel/errno.h>
#include <keel/printk.h>
#include <asm/gic.h>
#include <asm/sysregs.h>

#define GICD_CTLR       0x0000
#define GICD_TYPER      0x0004
#define GICD_IGROUPR    0x0080
#define GICD_ISENABLER  0x0100
#define GICD_ICENABLER  0x0180
#define GICD_IPRIORITYR 0x0400
#define GICD_ICFGR      0x0c00
#define GICD_IROUTER    0x6000
#define GICD_CTLR_RWP   (1U << 31)
#define GICD_CTLR_ARE   (1U << 4)
#define GICD_CTLR_GRP1  (1U << 1)

#define GICR_STRIDE     0x20000
#define GICR_TYPER      0x0008
#define GICR_WAKER      0x0014
#define GICR_SGI        0x10000
#define GICR_TYPER_LAST (1UL << 4)
#define WAKER_SLEEP     (1U << 1)
#define WAKER_ASLEEP    (1U << 2)

#define MPIDR_AFF_MASK  0xff00ffffffUL

struct gic_info host_gic;

static volatile uint32_t *reg32(paddr_t base, uint64_t off)
{
    return (volatile uint32_t *)(uintptr_t)(base + off);
}

static volatile uint64_t *reg64(paddr_t base, uint64_t off)
{
    return (volatile uint64_t *)(uintptr_t)(base + off);
}

int gic_probe(struct gic_info *gic, const struct dt *dt)
{
    int node = dt_find_compatible(dt, -1, "arm,gic-v3");

    if (node < 0)
        return -ENODEV;
    if (dt_reg(dt, node, 0, &gic->dist_base, &gic->dist_size) ||
        dt_reg(dt, node, 1, &gic->redist_base, &gic->redist_size))
        return -EINVAL;
    return 0;
}

static void dist_wait(const struct gic_info *gic)
{
    while (*reg32(gic->dist_base, GICD_CTLR) & GICD_CTLR_RWP)
        ;
}

void gic_dist_init(const struct gic_info *gic)
{
    struct gic_info *g = (struct gic_info *)gic;
    unsigned int lines;

    *reg32(gic->dist_base, GICD_CTLR) = 0;
    dist_wait(gic);
    lines = 32 * ((*reg32(gic->dist_base, GICD_TYPER) & 0x1f) + 1);
    g->nr_lines = lines > 1020 ? 1020 : lines;
    for (unsigned int i = 32; i < g->nr_lines; i += 32) {
        *reg32(gic->dist_base, GICD_ICENABLER + i / 8) = ~0U;
        *reg32(gic->dist_base, GICD_IGROUPR + i / 8) = ~0U;
    }
    for (unsigned int i = 32; i < g->nr_lines; i += 4)
        *reg32(gic->dist_base, GICD_IPRIORITYR + i) = 0xa0a0a0a0;
    dist_wait(gic);
    *reg32(gic->dist_base, GICD_CTLR) = GICD_CTLR_ARE | GICD_CTLR_GRP1;
    dist_wait(gic);
}

static uint64_t mpidr_affinity(uint64_t mpidr)
{
    return ((mpidr >> 32) & 0xff) << 24 | (mpidr & 0xffffff);
}

static paddr_t find_redist(const struct gic_info *gic, uint64_t mpidr)
{
    for (uint64_t off = 0; off + GICR_STRIDE <= gic->redist_size; off += GICR_STRIDE) {
        uint64_t typer = *reg64(gic->redist_base + off, GICR_TYPER);

        if ((typer >> 32) == mpidr_affinity(mpidr))
            return gic->redist_base + off;
        if (typer & GICR_TYPER_LAST)
            break;
    }
    return 0;
}

static void cpu_interface_init(void)
{
    write_sysreg(ICC_SRE_EL2, 0xf);
    isb();
    write_sysreg(icc_pmr_el1, 0xff);
    write_sysreg(icc_bpr1_el1, 0);
    /* EOImode 1: EOIR only drops priority, so an interrupt forwarded to
     * a guest stays active until the guest deactivates it through a
     * hardware-mapped list register. */
    write_sysreg(icc_ctlr_el1, 1UL << 1);
    write_sysreg(icc_igrpen1_el1, 1);
    isb();
}

int gic_cpu_init(const struct gic_info *gic, uint64_t mpidr)
{
    paddr_t rd = find_redist(gic, mpidr);

    if (!rd)
        return -ENODEV;
    *reg32(rd, GICR_WAKER) &= ~WAKER_SLEEP;
    while (*reg32(rd, GICR_WAKER) & WAKER_ASLEEP)
        ;
    *reg32(rd, GICR_SGI + GICD_ICENABLER) = ~0U;
    *reg32(rd, GICR_SGI + GICD_IGROUPR) = ~0U;
    for (unsigned int i = 0; i < 32; i += 4)
        *reg32(rd, GICR_SGI + GICD_IPRIORITYR + i) = 0xa0a0a0a0;
    cpu_interface_init();
    return 0;
}

static void set_config(paddr_t base, unsigned int intid, bool edge)
{
    volatile uint32_t *cfg = reg32(base, GICD_ICFGR + (intid / 16) * 4);
    unsigned int shift = (intid % 16) * 2 + 1;

    *cfg = (*cfg & ~(1U << shift)) | ((uint32_t)edge << shift);
}

void gic_enable_irq(const struct gic_info *gic, unsigned int intid,
                    uint64_t target_mpidr, bool edge)
{
    if (intid < 32) {
        paddr_t rd = find_redist(gic, target_mpidr);

        if (!rd)
            return;
        if (intid >= 16)
            set_config(rd + GICR_SGI, intid, edge);
        *reg32(rd, GICR_SGI + GICD_ISENABLER) = 1U << intid;
        return;
    }
    if (intid >= gic->nr_lines)
        return;
    set_config(gic->dist_base, intid, edge);
    *reg64(gic->dist_base, GICD_IROUTER + intid * 8) = target_mpidr & MPIDR_AFF_MASK;
    *reg32(gic->dist_base, GICD_ISENABLER + (intid / 32) * 4) = 1U << (intid % 32);
}

void gic_disable_irq(const struct gic_info *gic, unsigned int intid)
{
    if (intid < 32 || intid >= gic->nr_lines)
        return;
    *reg32(gic->dist_base, GICD_ICENABLER + (intid / 32) * 4) = 1U << (intid % 32);
}

void gic_send_sgi(unsigned int sgi, uint64_t target_mpidr)
{
    uint64_t v = (uint64_t)(sgi & 0xf) << 24 |
                 ((target_mpidr >> 8) & 0xff) << 16 |
                 ((target_mpidr >> 16) & 0xff) << 32 |
                 ((target_mpidr >> 32) & 0xff) << 48 |
                 (1UL << (target_mpidr & 0xf));

    dsb(ishst);
    write_sysreg(icc_sgi1r_el1, v);
    isb();
}

unsigned int gic_ack(void)
{
    unsigned int intid = (unsigned int)read_sysreg(icc_iar1_el1) & 0xffffff;

    dsb(sy);
    return intid;
}

void gic_eoi(unsigned int intid)
{
    write_sysreg(icc_eoir1_el1, intid);
    isb();
}

void gic_deactivate(unsigned int intid)
{
    write_sysreg(icc_dir_el1, intid);
    isb();
}
