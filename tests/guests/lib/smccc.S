/* SMCCC conduits. x0..x3 carry the function id and arguments; the callee
 * preserves x4..x30 and SP, which the AAPCS caller-saved rules cover. */
#include "asm.h"

    .text
/* uint64_t smccc_hvc(fid, a1, a2, a3) */
FUNC(smccc_hvc)
    hvc     #0
    ret
ENDFUNC(smccc_hvc)

/* uint64_t smccc_smc(fid, a1, a2, a3): the hypervisor must trap SMC
 * (HCR_EL2.TSC) and answer it like HVC #0. */
FUNC(smccc_smc)
    smc     #0
    ret
ENDFUNC(smccc_smc)
