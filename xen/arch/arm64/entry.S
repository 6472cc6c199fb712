/* EL2 exception vectors. Traps from a guest save its registers straight
 * into the running vCPU's frame (pcpu->guest_regs) and leave through
 * guest_enter, which loads whichever vCPU the scheduler chose. */
#include <asm/config.h>

.macro ventry label
    .balign 0x80
    b       \label
.endm

    .section .text.vectors, "ax"
    .balign 0x800
    .global el2_vectors
el2_vectors:
    ventry  hyp_bad         /* current EL, SP0 */
    ventry  hyp_bad
    ventry  hyp_bad
    ventry  hyp_bad
    ventry  hyp_sync        /* current EL, SPx */
    ventry  hyp_irq
    ventry  hyp_bad
    ventry  hyp_bad
    ventry  guest_sync      /* lower EL, AArch64 */
    ventry  guest_irq
    ventry  guest_fiq
    ventry  guest_serror
    ventry  guest_aarch32   /* lower EL, AArch32 */
    ventry  guest_aarch32
    ventry  guest_aarch32
    ventry  guest_aarch32

    .text
.macro save_guest
    stp     x0, x1, [sp, #-16]!
    mrs     x0, tpidr_el2
    ldr     x0, [x0, #PCPU_GUEST_REGS]
    stp     x2, x3, [x0, #REGS_X(2)]
    stp     x4, x5, [x0, #REGS_X(4)]
    stp     x6, x7, [x0, #REGS_X(6)]
    stp     x8, x9, [x0, #REGS_X(8)]
    stp     x10, x11, [x0, #REGS_X(10)]
    stp     x12, x13, [x0, #REGS_X(12)]
    stp     x14, x15, [x0, #REGS_X(14)]
    stp     x16, x17, [x0, #REGS_X(16)]
    stp     x18, x19, [x0, #REGS_X(18)]
    stp     x20, x21, [x0, #REGS_X(20)]
    stp     x22, x23, [x0, #REGS_X(22)]
    stp     x24, x25, [x0, #REGS_X(24)]
    stp     x26, x27, [x0, #REGS_X(26)]
    stp     x28, x29, [x0, #REGS_X(28)]
    ldp     x2, x3, [sp], #16
    stp     x2, x3, [x0, #REGS_X(0)]
    mrs     x2, elr_el2
    mrs     x3, spsr_el2
    str     x30, [x0, #REGS_X(30)]
    stp     x2, x3, [x0, #REGS_ELR]
.endm

.macro guest_vector label, handler
\label:
    save_guest
    bl      \handler
    b       guest_enter
.endm

    guest_vector guest_sync, trap_guest_sync
    guest_vector guest_irq, trap_guest_irq
    guest_vector guest_fiq, trap_guest_bad
    guest_vector guest_serror, trap_guest_serror
    guest_vector guest_aarch32, trap_guest_bad

/* guest_enter(): runs pcpu->guest_regs at EL1 on an empty stack. */
    .global guest_enter
guest_enter:
    mrs     x0, tpidr_el2
    ldr     x1, [x0, #PCPU_STACK_TOP]
    mov     sp, x1
    bl      guest_enter_prepare
    mrs     x0, tpidr_el2
    ldr     x0, [x0, #PCPU_GUEST_REGS]
    ldp     x2, x3, [x0, #REGS_ELR]
    msr     elr_el2, x2
    msr     spsr_el2, x3
    ldr     x30, [x0, #REGS_X(30)]
    ldp     x28, x29, [x0, #REGS_X(28)]
    ldp     x26, x27, [x0, #REGS_X(26)]
    ldp     x24, x25, [x0, #REGS_X(24)]
    ldp     x22, x23, [x0, #REGS_X(22)]
    ldp     x20, x21, [x0, #REGS_X(20)]
    ldp     x18, x19, [x0, #REGS_X(18)]
    ldp     x16, x17, [x0, #REGS_X(16)]
    ldp     x14, x15, [x0, #REGS_X(14)]
    ldp     x12, x13, [x0, #REGS_X(12)]
    ldp     x10, x11, [x0, #REGS_X(10)]
    ldp     x8, x9, [x0, #REGS_X(8)]
    ldp     x6, x7, [x0, #REGS_X(6)]
    ldp     x4, x5, [x0, #REGS_X(4)]
    ldp     x2, x3, [x0, #REGS_X(2)]
    ldp     x0, x1, [x0, #REGS_X(0)]
    eret
    dsb     nsh
    isb

/* An interrupt while the hypervisor idles with IRQs unmasked. Only the
 * caller-saved registers need saving: the handler is ordinary C. */
hyp_irq:
    sub     sp, sp, #(24 * 8)
    stp     x0, x1, [sp, #0]
    stp     x2, x3, [sp, #16]
    stp     x4, x5, [sp, #32]
    stp     x6, x7, [sp, #48]
    stp     x8, x9, [sp, #64]
    stp     x10, x11, [sp, #80]
    stp     x12, x13, [sp, #96]
    stp     x14, x15, [sp, #112]
    stp     x16, x17, [sp, #128]
    stp     x18, x29, [sp, #144]
    mrs     x0, elr_el2
    mrs     x1, spsr_el2
    stp     x30, x0, [sp, #160]
    str     x1, [sp, #176]
    bl      irq_handle_hyp
    ldr     x1, [sp, #176]
    ldp     x30, x0, [sp, #160]
    msr     elr_el2, x0
    msr     spsr_el2, x1
    ldp     x18, x29, [sp, #144]
    ldp     x16, x17, [sp, #128]
    ldp     x14, x15, [sp, #112]
    ldp     x12, x13, [sp, #96]
    ldp     x10, x11, [sp, #80]
    ldp     x8, x9, [sp, #64]
    ldp     x6, x7, [sp, #48]
    ldp     x4, x5, [sp, #32]
    ldp     x2, x3, [sp, #16]
    ldp     x0, x1, [sp, #0]
    add     sp, sp, #(24 * 8)
    eret

/* A fault in the hypervisor itself is a bug: report it and stop. */
hyp_sync:
    mov     x0, #0
    b       1f
hyp_bad:
    mov     x0, #1
1:  mrs     x1, esr_el2
    mrs     x2, elr_el2
    mrs     x3, far_el2
    mov     x4, sp
    bl      hyp_fault
    b       park

/* fpsimd_save(struct fpsimd *) / fpsimd_load(const struct fpsimd *) */
    .global fpsimd_save
fpsimd_save:
    stp     q0, q1, [x0, #(0 * 32)]
    stp     q2, q3, [x0, #(1 * 32)]
    stp     q4, q5, [x0, #(2 * 32)]
    stp     q6, q7, [x0, #(3 * 32)]
    stp     q8, q9, [x0, #(4 * 32)]
    stp     q10, q11, [x0, #(5 * 32)]
    stp     q12, q13, [x0, #(6 * 32)]
    stp     q14, q15, [x0, #(7 * 32)]
    stp     q16, q17, [x0, #(8 * 32)]
    stp     q18, q19, [x0, #(9 * 32)]
    stp     q20, q21, [x0, #(10 * 32)]
    stp     q22, q23, [x0, #(11 * 32)]
    stp     q24, q25, [x0, #(12 * 32)]
    stp     q26, q27, [x0, #(13 * 32)]
    stp     q28, q29, [x0, #(14 * 32)]
    stp     q30, q31, [x0, #(15 * 32)]
    mrs     x1, fpsr
    mrs     x2, fpcr
    add     x0, x0, #(16 * 32)
    stp     x1, x2, [x0]
    ret

    .global fpsimd_load
fpsimd_load:
    ldp     q0, q1, [x0, #(0 * 32)]
    ldp     q2, q3, [x0, #(1 * 32)]
    ldp     q4, q5, [x0, #(2 * 32)]
    ldp     q6, q7, [x0, #(3 * 32)]
    ldp     q8, q9, [x0, #(4 * 32)]
    ldp     q10, q11, [x0, #(5 * 32)]
    ldp     q12, q13, [x0, #(6 * 32)]
    ldp     q14, q15, [x0, #(7 * 32)]
    ldp     q16, q17, [x0, #(8 * 32)]
    ldp     q18, q19, [x0, #(9 * 32)]
    ldp     q20, q21, [x0, #(10 * 32)]
    ldp     q22, q23, [x0, #(11 * 32)]
    ldp     q24, q25, [x0, #(12 * 32)]
    ldp     q26, q27, [x0, #(13 * 32)]
    ldp     q28, q29, [x0, #(14 * 32)]
    ldp     q30, q31, [x0, #(15 * 32)]
    add     x0, x0, #(16 * 32)
    ldp     x1, x2, [x0]
    msr     fpsr, x1
    msr     fpcr, x2
    ret
