/* hello-guest: checks, a PASS/FAIL summary, then SCHEDOP_shutdown
 * (poweroff when everything passed, crash otherwise). */
#include "hello.h"

const char guest_name[] = "hello-guest";

void guest_main(struct guest *g)
{
    gprintf("%s: running at 0x%lx, x0 (dtb) = 0x%lx\n", g->name,
            (unsigned long)g->boot->load_base, (unsigned long)g->boot->x[0]);
    check_entry(g);
    check_xen_version(g);
    check_console_io(g);
    check_sched_op(g);
    check_numbers(g);
    check_regs(g);
    check_psci(g, "hvc", smccc_hvc, regcheck_smccc_hvc);
    check_psci(g, "smc", smccc_smc, regcheck_smccc_smc);
    guest_finish(g);
}
