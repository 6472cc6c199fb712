/* Where PSCI CPU_ON starts vCPU 1: EL1h, MMU off, x0 = the context id, and
 * nothing else set up. The boot vCPU has already relocated the image and
 * cleared .bss, so all that is missing is a stack and the vectors. */
#include "asm.h"

    .text
FUNC(domu_secondary_entry)
    msr     daifset, #0xf
    adr_l   x1, vectors
    msr     vbar_el1, x1
    isb
    adr_l   x1, secondary_stack_top
    mov     sp, x1
    bl      domu_secondary_main
1:  wfi
    b       1b
ENDFUNC(domu_secondary_entry)

    .section .bss.secondary_stack, "aw", %nobits
    .balign 16
    .space  4096
secondary_stack_top:
