/* Per-physical-CPU state, found through TPIDR_EL2. */
#ifndef ASM_PCPU_H
#define ASM_PCPU_H

#include <keel/timer.h>
#include <keel/types.h>
#include <asm/config.h>

/* A guest's general registers as saved by entry.S. */
struct cpu_regs {
    uint64_t x[31];
    uint64_t elr;
    uint64_t spsr;
    uint64_t pad;
};
_Static_assert(sizeof(struct cpu_regs) == REGS_SIZE, "entry.S frame");

struct vcpu;
struct keel;

struct pcpu {
    struct cpu_regs *guest_regs;    /* entry.S saves guest state here */
    uint64_t stack_top;
    unsigned int id;
    uint64_t mpidr;
    bool online;
    struct vcpu *current;           /* vCPU loaded on this pCPU */
    struct keel *keel;
    struct timer slice_timer;       /* round-robin preemption */
};
_Static_assert(__builtin_offsetof(struct pcpu, guest_regs) == PCPU_GUEST_REGS, "entry.S");
_Static_assert(__builtin_offsetof(struct pcpu, stack_top) == PCPU_STACK_TOP, "entry.S");

extern struct pcpu pcpus[NR_CPUS_MAX];
extern unsigned int nr_pcpus;

static inline struct pcpu *this_pcpu(void)
{
    struct pcpu *p;

    __asm__ volatile("mrs %0, tpidr_el2" : "=r"(p));
    return p;
}

#endif
