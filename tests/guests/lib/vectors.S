/* The guest's exception vectors (VBAR_EL1). Every entry saves the whole
 * register file into a struct trap_frame on the stack and calls
 * trap_handle(frame, kind); whatever ELR/SPSR the handler leaves in the
 * frame is where we return to. */
#include "asm.h"

/* struct trap_frame (trap.c): x0..x30, elr, spsr, esr, far, pad */
#define TF_X30      240
#define TF_ELR      248
#define TF_SPSR     256
#define TF_ESR      264
#define TF_FAR      272
#define TF_SIZE     288

.macro ventry kind
    .balign 128
    sub     sp, sp, #TF_SIZE
    stp     x0, x1, [sp]
    mov     x1, #\kind
    b       trap_common
.endm

    .text
    .balign 2048
    .globl vectors
    .hidden vectors
vectors:
    ventry  0       /* current EL, SP_EL0: sync */
    ventry  1       /* irq */
    ventry  2       /* fiq */
    ventry  3       /* serror */
    ventry  4       /* current EL, SP_ELx: sync */
    ventry  5
    ventry  6
    ventry  7
    ventry  8       /* lower EL, AArch64 */
    ventry  9
    ventry  10
    ventry  11
    ventry  12      /* lower EL, AArch32 */
    ventry  13
    ventry  14
    ventry  15

trap_common:
    stp     x2, x3, [sp, #16]
    stp     x4, x5, [sp, #32]
    stp     x6, x7, [sp, #48]
    stp     x8, x9, [sp, #64]
    stp     x10, x11, [sp, #80]
    stp     x12, x13, [sp, #96]
    stp     x14, x15, [sp, #112]
    stp     x16, x17, [sp, #128]
    stp     x18, x19, [sp, #144]
    stp     x20, x21, [sp, #160]
    stp     x22, x23, [sp, #176]
    stp     x24, x25, [sp, #192]
    stp     x26, x27, [sp, #208]
    stp     x28, x29, [sp, #224]
    mrs     x2, elr_el1
    stp     x30, x2, [sp, #TF_X30]
    mrs     x3, spsr_el1
    mrs     x4, esr_el1
    stp     x3, x4, [sp, #TF_SPSR]
    mrs     x5, far_el1
    str     x5, [sp, #TF_FAR]

    mov     x0, sp
    bl      trap_handle

    ldp     x2, x3, [sp, #TF_ELR]
    msr     elr_el1, x2
    msr     spsr_el1, x3
    ldp     x0, x1, [sp]
    ldp     x2, x3, [sp, #16]
    ldp     x4, x5, [sp, #32]
    ldp     x6, x7, [sp, #48]
    ldp     x8, x9, [sp, #64]
    ldp     x10, x11, [sp, #80]
    ldp     x12, x13, [sp, #96]
    ldp     x14, x15, [sp, #112]
    ldp     x16, x17, [sp, #128]
    ldp     x18, x19, [sp, #144]
    ldp     x20, x21, [sp, #160]
    ldp     x22, x23, [sp, #176]
    ldp     x24, x25, [sp, #192]
    ldp     x26, x27, [sp, #208]
    ldp     x28, x29, [sp, #224]
    ldr     x30, [sp, #TF_X30]
    add     sp, sp, #TF_SIZE
    eret
