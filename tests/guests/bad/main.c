/* bad-guest: survivable misbehaviour first, then a store outside its RAM,
 * which the hypervisor answers by killing the domain. */
#include "bad.h"

const char guest_name[] = "bad-guest";

static _Noreturn void touch_outside(struct guest *g)
{
    gprintf("%s: now touching memory outside my RAM\n", g->name);
    *(volatile uint64_t *)(uintptr_t)OUTSIDE_RAM = 0xbadbadbadbadbad0ULL;
    gprintf("%s: FAIL still alive\n", g->name);
    guest_crash();
}

void guest_main(struct guest *g)
{
    gprintf("%s: running at 0x%lx, x0 (dtb) = 0x%lx\n", g->name,
            (unsigned long)g->boot->load_base, (unsigned long)g->boot->x[0]);
    if (g->boot->x[0] && g->fdt_err)
        gprintf("%s: cannot read the DTB (%d)\n", g->name, g->fdt_err);
    check_bad_hvc(g);
    check_bad_pointers(g);
    if (g->failed == 0)
        gprintf("%s: survived %u checks (%u skipped)\n", g->name, g->run, g->skipped);
    else
        gprintf("%s: FAIL %u of %u\n", g->name, g->failed, g->run);
    touch_outside(g);
}
