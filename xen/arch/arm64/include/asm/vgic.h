/* The virtual GICv3 each domain sees: an emulated distributor and
 * redistributors (their MMIO traps), and the CPU interface backed by the
 * hardware's list registers. One lock per domain covers all of it: guests
 * are small and interrupts rare enough that finer locks would buy nothing. */
#ifndef ASM_VGIC_H
#define ASM_VGIC_H

#include <keel/arch.h>
#include <keel/types.h>

struct domain;
struct vcpu;

#define VGIC_NR_PRIVATE   32
#define VGIC_MAX_LRS      16
#define VGIC_PPI_VTIMER   27
#define VGIC_PPI_EVTCHN   31
#define VGIC_DIST_SIZE    0x10000
#define VGIC_REDIST_STRIDE 0x20000
#define VGIC_PRIO_DEFAULT 0xa0

struct vgic_irq {
    uint32_t intid;
    uint16_t hw_intid;          /* physical INTID backing it, 0 if none */
    uint8_t priority;
    uint8_t target;             /* vCPU index, for SPIs */
    uint8_t lr_state;           /* LR state bits last seen (in_lr only) */
    bool enabled;
    bool pending;               /* waiting to be put in a list register */
    bool edge;
    bool in_lr;
};

struct vgic_cpu {
    struct vgic_irq private[VGIC_NR_PRIVATE];
    struct vgic_irq *lr_irq[VGIC_MAX_LRS];
    uint64_t vmcr;
    uint64_t ap0r0, ap1r0;
    bool sleeping;              /* GICR_WAKER.ProcessorSleep */
};

struct vgic_dist {
    spinlock_t lock;
    bool enabled;
    unsigned int nr_spis;
    struct vgic_irq *spis;
    paddr_t dist_base;          /* guest physical addresses */
    paddr_t redist_base;
};

int vgic_domain_init(struct domain *d, paddr_t dist, paddr_t redist,
                     unsigned int nr_spis);
void vgic_domain_destroy(struct domain *d);
void vgic_vcpu_init(struct vcpu *v);

/* Makes a virtual interrupt pending. For SGIs and PPIs `v` is the target;
 * for SPIs pass any vCPU of the domain (routing picks the target). */
void vgic_inject(struct vcpu *v, unsigned int intid);
/* Whether the vCPU has an enabled interrupt pending or in its LRs: a WFI
 * must not block then. */
bool vgic_vcpu_pending(struct vcpu *v);

/* List registers: read back after a guest exit, refilled before entry. */
void vgic_sync(struct vcpu *v);
void vgic_flush(struct vcpu *v);
/* CPU-interface state across a vCPU switch. */
void vgic_save(struct vcpu *v);
void vgic_load(struct vcpu *v);

/* Hardware SPIs a domain owns (passed-through devices). */
int vgic_route_hw_spi(struct domain *d, unsigned int intid, bool edge);
/* A physical SPI fired: hand it to the domain that owns it. */
bool vgic_forward_hw_irq(unsigned int intid);

/* MMIO emulation of the distributor and redistributors. */
int vgic_mmio_register(struct domain *d);
/* An ICC_SGI1R_EL1-style write from a guest. */
void vgic_send_sgi(struct vcpu *v, uint64_t sgir);

unsigned int vgic_nr_lrs(void);

/* Shared by the vgic_*.c files only. vgic_get_irq: the state of INTID
 * (private ones need the vCPU), or NULL. vgic_kick: make a vCPU notice new
 * interrupt state (wake it or interrupt its pCPU). */
struct vgic_irq *vgic_get_irq(struct domain *d, struct vcpu *v, unsigned int intid);
void vgic_kick(struct vcpu *t);
void vgic_unroute_domain(struct domain *d);
int vgic_dist_register(struct domain *d);
int vgic_redist_register(struct domain *d);

#endif
