/* Bad HVC immediates: an UNDEF (ESR_EL1.EC 0, IL 1) delivered to our vector
 * table with ELR_EL1 at the hvc itself; the handler steps over it. */
#include "bad.h"

static void check_one(struct guest *g, const char *imm, uint64_t (*hvc)(void))
{
    struct trap_record r;
    uint64_t at;
    char name[80];

    trap_expect();
    at = hvc();
    r = trap_taken();
    gsnprintf(name, sizeof(name), "hvc #%s raises one exception", imm);
    check_eq(g, name, r.count, 1);
    if (r.count != 1)
        return;
    gsnprintf(name, sizeof(name), "hvc #%s ESR_EL1.EC is 0 (unknown)", imm);
    check_eq(g, name, (int64_t)ESR_EC(r.esr), 0);
    gsnprintf(name, sizeof(name), "hvc #%s ESR_EL1.IL is 1", imm);
    check_eq(g, name, (int64_t)ESR_IL(r.esr), 1);
    gsnprintf(name, sizeof(name), "hvc #%s ELR_EL1 is the hvc", imm);
    check_eq(g, name, (int64_t)r.elr, (int64_t)at);
}

void check_bad_hvc(struct guest *g)
{
    check_one(g, "0x1234", hvc_imm_1234);
    check_one(g, "0xffff", hvc_imm_ffff);
}
