/* Guest traps handled at EL2. */
#ifndef ASM_TRAPS_H
#define ASM_TRAPS_H

#include <keel/domain.h>
#include <asm/pcpu.h>

/* Ends the vCPU's domain after something it did that Keel cannot allow. */
void kill_guest(struct vcpu *v, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Delivers an undefined-instruction exception to the guest's EL1. */
void inject_undef(struct cpu_regs *regs);

/* PSCI and SMCCC calls (HVC #0 or a trapped SMC); result in x0. */
void vpsci_call(struct vcpu *v, struct cpu_regs *regs);

/* Trapped MSR/MRS and system instructions. */
void trap_sysreg(struct vcpu *v, struct cpu_regs *regs, uint64_t esr);

#endif
