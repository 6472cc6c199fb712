/* Calls into the host firmware's PSCI (QEMU answers SMC at EL2). */
#include <keel/arch.h>
#include <public/psci.h>
#include <asm/psci.h>

int64_t psci_smc(uint64_t fn, uint64_t a1, uint64_t a2, uint64_t a3)
{
    register uint64_t x0 __asm__("x0") = fn;
    register uint64_t x1 __asm__("x1") = a1;
    register uint64_t x2 __asm__("x2") = a2;
    register uint64_t x3 __asm__("x3") = a3;

    __asm__ volatile("smc #0"
                     : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3)
                     :
                     : "x4", "x5", "x6", "x7", "x8", "x9", "x10", "x11",
                       "x12", "x13", "x14", "x15", "x16", "x17", "memory");
    return (int64_t)x0;
}

int64_t psci_cpu_on(uint64_t mpidr, paddr_t entry, uint64_t context)
{
    return psci_smc(PSCI_0_2_CPU_ON, mpidr, entry, context);
}

void psci_system_off(void)
{
    psci_smc(PSCI_0_2_SYSTEM_OFF, 0, 0, 0);
    for (;;)
        __asm__ volatile("wfi");
}

void arch_power_off(void)
{
    psci_system_off();
}

void arch_reboot(void)
{
    psci_smc(PSCI_0_2_SYSTEM_RESET, 0, 0, 0);
    for (;;)
        __asm__ volatile("wfi");
}
