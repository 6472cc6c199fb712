/* The arm64 Image header and the first instructions of every test guest.
 * We are entered at EL1h with the MMU off, x0 = DTB or 0, at a load address
 * we cannot know in advance, so everything here is PC-relative and the
 * linker's R_AARCH64_RELATIVE fix-ups are applied before any C runs. */
#include "asm.h"

#define R_AARCH64_RELATIVE  1027

/* struct boot_info offsets (guest.h) */
#define BOOT_X          0
#define BOOT_EL         32
#define BOOT_DAIF       48
#define BOOT_LOAD       64
#define BOOT_SIZE       80

    .section .head.text, "ax"
    .globl _head
_head:
    b       entry                   /* code0 */
    .long   0                       /* code1 */
    .quad   0                       /* text_offset */
    .quad   __load_end - _head      /* image_size: file and .bss, 4 KiB rounded */
    .quad   0xa                     /* flags: little-endian, 4 KiB pages, anywhere */
    .quad   0                       /* res2 */
    .quad   0                       /* res3 */
    .quad   0                       /* res4 */
    .long   0x644d5241              /* magic "ARM\x64" */
    .long   0                       /* res5: no PE/COFF header */

    .text
entry:
    /* Keep the entry state for the checks before anything disturbs it. */
    mov     x19, x0
    mov     x20, x1
    mov     x21, x2
    mov     x22, x3
    mrs     x23, daif
    msr     daifset, #0xf
    adr_l   x24, _head

    adr_l   x0, __stack_top
    mov     sp, x0

    /* .bss is 16-byte aligned and sized (guest.lds); the loader may not
     * have zeroed the memory behind the file. */
    adr_l   x0, __bss_start
    adr_l   x1, __bss_end
1:  cmp     x0, x1
    b.hs    2f
    stp     xzr, xzr, [x0], #16
    b       1b
2:
    adr_l   x0, vectors
    msr     vbar_el1, x0
    isb

    mov     x0, x24
    bl      relocate
    cbnz    x0, reloc_failed

    sub     sp, sp, #BOOT_SIZE
    stp     x19, x20, [sp, #BOOT_X]
    stp     x21, x22, [sp, #BOOT_X + 16]
    mrs     x0, CurrentEL
    mrs     x1, SPSel
    stp     x0, x1, [sp, #BOOT_EL]
    mrs     x0, sctlr_el1
    stp     x23, x0, [sp, #BOOT_DAIF]
    adr_l   x1, __load_end
    stp     x24, x1, [sp, #BOOT_LOAD]
    mov     x0, sp
    bl      guest_boot
    b       .

reloc_failed:
    /* x0 = r_info of the relocation we cannot apply */
    bl      guest_reloc_failed
    b       .

/* uint64_t relocate(uint64_t base): add the load address to every word the
 * linker listed as R_AARCH64_RELATIVE. Returns 0, or the r_info of the first
 * entry of any other type (the Makefile's image check rejects those too). */
relocate:
    adr_l   x1, __rela_start
    adr_l   x2, __rela_end
1:  cmp     x1, x2
    b.hs    3f
    ldp     x3, x4, [x1], #16       /* r_offset, r_info */
    ldr     x5, [x1], #8            /* r_addend */
    cmp     x4, #R_AARCH64_RELATIVE
    b.ne    2f
    add     x5, x5, x0
    str     x5, [x0, x3]
    b       1b
2:  mov     x0, x4
    ret
3:  mov     x0, #0
    ret

    .section .bss.stack, "aw", %nobits
    .balign 16
    .space  16384
__stack_top:
