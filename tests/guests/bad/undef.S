/* HVC with an immediate other than 0 (SMCCC) or 0xEA1 (Xen) must come back
 * as an UNDEF in our own vectors. Each helper returns the address of its
 * hvc so the caller can compare it with ELR_EL1; the nop after it absorbs a
 * hypervisor that reports ELR one instruction late (the check still fails). */
#include "asm.h"

    .text
FUNC(hvc_imm_1234)
    adr     x9, 1f
1:  hvc     #0x1234
    nop
    mov     x0, x9
    ret
ENDFUNC(hvc_imm_1234)

FUNC(hvc_imm_ffff)
    adr     x9, 1f
1:  hvc     #0xffff
    nop
    mov     x0, x9
    ret
ENDFUNC(hvc_imm_ffff)
