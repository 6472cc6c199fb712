/* From start.S to the guest's body, and the ways out. */
#include "hypercall.h"

static void read_dtb(struct guest *g)
{
    int n;

    if (g->boot->x[0] == 0) {
        g->fdt_err = -XEN_EINVAL;
        return;
    }
    n = fdt_memory_banks((const void *)(uintptr_t)g->boot->x[0], g->banks,
                         RAM_BANKS_MAX);
    if (n < 0) {
        g->fdt_err = n;
        return;
    }
    g->nbanks = n;
}

void guest_boot(const struct boot_info *bi)
{
    struct guest g = { .name = guest_name, .boot = bi };

    read_dtb(&g);
    guest_main(&g);
    gprintf("%s: FAIL guest_main returned\n", g.name);
    guest_crash();
}

/* Called from start.S before any C-visible data is usable; only string
 * literals (PC-relative) are touched on the way out. */
void guest_reloc_failed(uint64_t r_info);

void guest_reloc_failed(uint64_t r_info)
{
    gprintf("%s: FAIL cannot apply relocation type %lu\n", guest_name,
            (unsigned long)(r_info & 0xffffffff));
    guest_crash();
}

/* SCHEDOP_shutdown must not return; if it does, say so, try PSCI
 * SYSTEM_OFF, and park the CPU so the test runner's time limit ends it. */
void guest_shutdown(unsigned reason)
{
    struct sched_shutdown s = { .reason = reason };
    int64_t rc = sched_op(SCHEDOP_shutdown, VA(&s));

    gprintf("%s: FAIL SCHEDOP_shutdown(%u) returned %ld\n", guest_name, reason,
            (long)rc);
    smccc_hvc(PSCI_0_2_SYSTEM_OFF, 0, 0, 0);
    for (;;)
        __asm__ volatile("wfi");
}

void guest_crash(void)
{
    guest_shutdown(SHUTDOWN_crash);
}
