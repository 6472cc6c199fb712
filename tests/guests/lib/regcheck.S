/* Register-preservation probes: every general register gets a value chosen
 * by the caller, one call into the hypervisor is made, and every register is
 * stored back, so C code can see exactly which ones the call changed. */
#include "asm.h"

#define RC_IN       0
#define RC_OUT      248
#define RC_SP_IN    496
#define RC_SP_OUT   504

/* Frame: x29/x30 @0, x19..x28 @16..80, rc pointer @96, spilled x1 @104. */
#define FRAME       112

.macro REGCHECK name, insn:vararg
FUNC(\name)
    stp     x29, x30, [sp, #-FRAME]!
    stp     x19, x20, [sp, #16]
    stp     x21, x22, [sp, #32]
    stp     x23, x24, [sp, #48]
    stp     x25, x26, [sp, #64]
    stp     x27, x28, [sp, #80]
    str     x0, [sp, #96]
    mov     x1, sp
    str     x1, [x0, #RC_SP_IN]

    ldr     x1, [x0, #RC_IN + 8]
    ldp     x2, x3, [x0, #RC_IN + 16]
    ldp     x4, x5, [x0, #RC_IN + 32]
    ldp     x6, x7, [x0, #RC_IN + 48]
    ldp     x8, x9, [x0, #RC_IN + 64]
    ldp     x10, x11, [x0, #RC_IN + 80]
    ldp     x12, x13, [x0, #RC_IN + 96]
    ldp     x14, x15, [x0, #RC_IN + 112]
    ldp     x16, x17, [x0, #RC_IN + 128]
    ldp     x18, x19, [x0, #RC_IN + 144]
    ldp     x20, x21, [x0, #RC_IN + 160]
    ldp     x22, x23, [x0, #RC_IN + 176]
    ldp     x24, x25, [x0, #RC_IN + 192]
    ldp     x26, x27, [x0, #RC_IN + 208]
    ldp     x28, x29, [x0, #RC_IN + 224]
    ldr     x30, [x0, #RC_IN + 240]
    ldr     x0, [x0, #RC_IN]

    \insn

    str     x1, [sp, #104]
    ldr     x1, [sp, #96]
    str     x0, [x1, #RC_OUT]
    stp     x2, x3, [x1, #RC_OUT + 16]
    stp     x4, x5, [x1, #RC_OUT + 32]
    stp     x6, x7, [x1, #RC_OUT + 48]
    stp     x8, x9, [x1, #RC_OUT + 64]
    stp     x10, x11, [x1, #RC_OUT + 80]
    stp     x12, x13, [x1, #RC_OUT + 96]
    stp     x14, x15, [x1, #RC_OUT + 112]
    stp     x16, x17, [x1, #RC_OUT + 128]
    stp     x18, x19, [x1, #RC_OUT + 144]
    stp     x20, x21, [x1, #RC_OUT + 160]
    stp     x22, x23, [x1, #RC_OUT + 176]
    stp     x24, x25, [x1, #RC_OUT + 192]
    stp     x26, x27, [x1, #RC_OUT + 208]
    stp     x28, x29, [x1, #RC_OUT + 224]
    str     x30, [x1, #RC_OUT + 240]
    ldr     x2, [sp, #104]
    str     x2, [x1, #RC_OUT + 8]
    mov     x2, sp
    str     x2, [x1, #RC_SP_OUT]

    ldp     x19, x20, [sp, #16]
    ldp     x21, x22, [sp, #32]
    ldp     x23, x24, [sp, #48]
    ldp     x25, x26, [sp, #64]
    ldp     x27, x28, [sp, #80]
    ldp     x29, x30, [sp], #FRAME
    ret
ENDFUNC(\name)
.endm

    .text
REGCHECK regcheck_xen, hvc #0xEA1
REGCHECK regcheck_smccc_hvc, hvc #0
REGCHECK regcheck_smccc_smc, smc #0
