/* The host firmware's PSCI, reached with SMC from EL2. */
#ifndef ASM_PSCI_H
#define ASM_PSCI_H

#include <keel/types.h>

int64_t psci_smc(uint64_t fn, uint64_t a1, uint64_t a2, uint64_t a3);
int64_t psci_cpu_on(uint64_t mpidr, paddr_t entry, uint64_t context);
void psci_system_off(void) __attribute__((noreturn));

#endif
