/* What the hypervisor promised at entry (design/abi-arm64.md 1.1): EL1h,
 * interrupts masked, MMU off, x1..x3 zero, x0 a DTB whose memory holds us. */
#include "hello.h"

#define DAIF_ALL    0x3c0
#define SCTLR_M     1

static void check_dtb(struct guest *g)
{
    const struct boot_info *b = g->boot;
    const struct ram_range *r;

    if (b->x[0] == 0) {
        check_skip(g, "entry dtb readable", "x0 is 0");
        return;
    }
    check_eq(g, "entry dtb readable", g->fdt_err, 0);
    if (g->fdt_err)
        return;
    r = ram_bank_of(g, b->load_base);
    check_true(g, "entry dtb memory holds the image", r && b->load_end <= r->end,
               "image 0x%lx-0x%lx, %d banks", (unsigned long)b->load_base,
               (unsigned long)b->load_end, g->nbanks);
}

void check_entry(struct guest *g)
{
    const struct boot_info *b = g->boot;

    check_eq(g, "entry at EL1", (int64_t)(b->current_el >> 2), 1);
    check_eq(g, "entry on SP_EL1 (EL1h)", (int64_t)b->spsel, 1);
    check_eq(g, "entry with DAIF masked", (int64_t)b->daif, DAIF_ALL);
    check_eq(g, "entry with MMU off", (int64_t)(b->sctlr & SCTLR_M), 0);
    check_true(g, "entry x1..x3 zero", !(b->x[1] | b->x[2] | b->x[3]),
               "x1=0x%lx x2=0x%lx x3=0x%lx", (unsigned long)b->x[1],
               (unsigned long)b->x[2], (unsigned long)b->x[3]);
    check_dtb(g);
}
