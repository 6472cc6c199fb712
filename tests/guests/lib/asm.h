/* Helpers for the guests' assembly files. */
#ifndef GUEST_ASM_H
#define GUEST_ASM_H

/* Address of a symbol, PC-relative so it holds wherever the image is loaded. */
.macro adr_l reg, sym
    adrp    \reg, \sym
    add     \reg, \reg, :lo12:\sym
.endm

#define FUNC(name)              \
    .globl name;                \
    .hidden name;               \
    .type name, %function;      \
    name:

#define ENDFUNC(name) .size name, . - name

#endif
