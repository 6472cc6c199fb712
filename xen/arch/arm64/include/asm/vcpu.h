/* The arm64 part of a vCPU and a domain. */
#ifndef ASM_VCPU_H
#define ASM_VCPU_H

#include <keel/timer.h>
#include <keel/types.h>
#include <asm/mmio.h>
#include <asm/pagetable.h>
#include <asm/pcpu.h>
#include <asm/vgic.h>

struct fpsimd {
    __uint128_t q[32];
    uint64_t fpsr, fpcr;
};

/* EL1 system registers the guest owns; switched with the vCPU. */
struct el1_regs {
    uint64_t sctlr, ttbr0, ttbr1, tcr, mair, amair, vbar, contextidr;
    uint64_t tpidr_el0, tpidrro_el0, tpidr_el1, sp_el0, sp_el1;
    uint64_t elr, spsr, esr, far, afsr0, afsr1, par, cpacr, cntkctl;
    uint64_t csselr, mdscr;
    uint64_t cntv_ctl, cntv_cval;
};

struct arch_vcpu {
    struct cpu_regs regs;
    struct el1_regs el1;
    struct fpsimd fp;
    uint64_t vmpidr;
    uint64_t hcr;
    uint64_t pauth[10];
    struct vgic_cpu vgic;
    struct timer vtimer;        /* fires the guest's virtual timer while it is off its pCPU */
};

struct p2m {
    struct pt pt;
    uint16_t vmid;
};

struct arch_domain {
    struct p2m p2m;
    paddr_t ram_base;           /* host physical base of the domain's RAM */
    uint64_t ram_size;
    uint64_t ram_gpa;           /* where the guest sees it */
    unsigned int ram_order;     /* allocated as one 2^order-page block */
    struct vgic_dist vgic;
    struct mmio_region mmio[MMIO_REGIONS_MAX];
    unsigned int nr_mmio;
};

#endif
