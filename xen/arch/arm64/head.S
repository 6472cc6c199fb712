/* Entry from the boot loader (primary CPU) and from PSCI CPU_ON (others).
 * Keel is linked at 0 and position independent: it applies its own
 * R_AARCH64_RELATIVE relocations before any C runs. */
#include <asm/config.h>

.macro adr_l reg, sym
    adrp \reg, \sym
    add  \reg, \reg, :lo12:\sym
.endm

    .section .text.head, "ax"
    .global _start
_start:
    b       primary_entry           /* code0 */
    .long   0                       /* code1 */
    .quad   0                       /* text_offset */
    .quad   __image_size            /* image_size: up to the end of .bss */
    .quad   0xa                     /* LE, 4 KiB pages, anywhere in RAM */
    .quad   0, 0, 0
    .ascii  "ARM\x64"
    .long   0

primary_entry:
    msr     daifset, #0xf
    mov     x19, x0                 /* DTB physical address */
    mrs     x1, CurrentEL
    cmp     x1, #(2 << 2)
    b.ne    park

    adr_l   x20, _start             /* load address == link offset */
    adr_l   x1, __rela_start
    adr_l   x2, __rela_end
1:  cmp     x1, x2
    b.hs    2f
    ldp     x3, x4, [x1], #24       /* r_offset, r_info */
    ldur    x5, [x1, #-8]           /* r_addend */
    cmp     x4, #R_AARCH64_RELATIVE
    b.ne    1b
    add     x5, x5, x20
    str     x5, [x20, x3]
    b       1b

2:  adr_l   x1, __bss_start
    adr_l   x2, __bss_end
3:  cmp     x1, x2
    b.hs    4f
    str     xzr, [x1], #8
    b       3b

4:  adr_l   x1, cpu_stacks
    add     sp, x1, #STACK_SIZE
    adr_l   x1, el2_vectors
    msr     vbar_el2, x1
    isb
    mov     x0, x20
    bl      mmu_boot_tables         /* fills mmu_boot_regs */
    adr_l   x3, mmu_boot_regs
    ldp     x0, x1, [x3]
    ldr     x2, [x3, #16]
    bl      mmu_on
    mov     x0, x19
    mov     x1, x20
    bl      start_keel
    b       park

    .global secondary_entry
secondary_entry:                    /* x0 = CPU index (PSCI context id) */
    msr     daifset, #0xf
    mov     x19, x0
    adr_l   x1, cpu_stacks
    add     x2, x19, #1
    lsl     x2, x2, #STACK_SHIFT
    add     sp, x1, x2
    adr_l   x1, el2_vectors
    msr     vbar_el2, x1
    isb
    adr_l   x3, mmu_boot_regs
    ldp     x0, x1, [x3]
    ldr     x2, [x3, #16]
    bl      mmu_on
    mov     x0, x19
    bl      secondary_main
    b       park

/* mmu_on(ttbr0, tcr, mair): enables the EL2 MMU and caches. */
    .global mmu_on
mmu_on:
    msr     mair_el2, x2
    msr     tcr_el2, x1
    msr     ttbr0_el2, x0
    isb
    tlbi    alle2
    dsb     ish
    ic      iallu
    dsb     ish
    isb
    ldr     x3, =0x30c5183d         /* RES1 bits, M, C, SA, I */
    msr     sctlr_el2, x3
    isb
    ret

    .global park
park:
    msr     daifset, #0xf
5:  wfi
    b       5b

    .section .bss.stacks, "aw", %nobits
    .balign 4096
    .global cpu_stacks
cpu_stacks:
    .space  STACK_SIZE * NR_CPUS_MAX
