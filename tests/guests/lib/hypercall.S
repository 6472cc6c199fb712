/* The Xen hypercall instruction. The immediate must equal
 * XEN_HYPERCALL_TAG (include/public/xen.h; checked in hypercall.h). */
#include "asm.h"

    .text
/* int64_t hypercall(nr, a0, a1, a2, a3, a4) */
FUNC(hypercall)
    mov     x16, x0
    mov     x0, x1
    mov     x1, x2
    mov     x2, x3
    mov     x3, x4
    mov     x4, x5
    hvc     #0xEA1
    ret
ENDFUNC(hypercall)
