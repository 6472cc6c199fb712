/* Build-time limits of the arm64 port. */
#ifndef ASM_CONFIG_H
#define ASM_CONFIG_H

#define NR_CPUS_MAX     8
#define STACK_SHIFT     14
#define STACK_SIZE      (1 << STACK_SHIFT)

/* struct cpu_regs layout, shared with entry.S. */
#define REGS_X(n)       ((n) * 8)
#define REGS_ELR        (31 * 8)
#define REGS_SPSR       (32 * 8)
#define REGS_SIZE       (34 * 8)

/* struct pcpu layout, shared with entry.S. */
#define PCPU_GUEST_REGS 0
#define PCPU_STACK_TOP  8

#define R_AARCH64_RELATIVE 1027

#endif
