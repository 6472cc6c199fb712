/* 4 KiB-granule translation tables with a level-1 root, shared by the EL2
 * stage 1 (39-bit addresses, one root page) and the guests' stage 2
 * (40-bit, two concatenated root pages, enough for QEMU's high PCIe
 * window): their table descriptors are the same, only the leaf attributes
 * differ. */
#ifndef ASM_PAGETABLE_H
#define ASM_PAGETABLE_H

#include <keel/types.h>

struct page_pool;

#define PT_VA_BITS      39      /* EL2 stage 1 */
#define P2M_IPA_BITS    40      /* stage 2 */
#define PT_ENTRIES      512

struct pt {
    paddr_t root;
    unsigned int bits;          /* input address bits: 39 or 40 */
};
#define PTE_VALID       (1UL << 0)
#define PTE_NONBLOCK    (1UL << 1)      /* table at L1/L2, page at L3 */
#define PTE_ADDR_MASK   0x0000fffffffff000UL
#define PTE_AF          (1UL << 10)
#define PTE_SH_INNER    (3UL << 8)

/* EL2 stage-1 leaf attributes (MAIR_EL2 index 0 device, 1 normal). */
#define MAIR_EL2_VALUE  0xff00UL
#define S1_DEVICE       (PTE_AF | (0UL << 2) | (1UL << 54))
#define S1_NORMAL       (PTE_AF | PTE_SH_INNER | (1UL << 2))
#define S1_NORMAL_XN    (S1_NORMAL | (1UL << 54))
#define S1_READ_ONLY    (1UL << 7)

/* Stage-2 leaf attributes. */
#define S2_READ         (1UL << 6)
#define S2_RW           (3UL << 6)
#define S2_NORMAL       (PTE_AF | PTE_SH_INNER | S2_RW | (0xfUL << 2))
/* Software bit of stage-2 leaves: the page was allocated to the domain
 * and goes back to the pool when unmapped or at destruction. */
#define S2_OWNED        (1UL << 55)
#define S2_DEVICE       (PTE_AF | S2_RW | (0x1UL << 2) | (2UL << 53))

/* Allocates a zeroed root table for `bits`-bit input addresses. */
int pt_create(struct page_pool *pool, struct pt *pt, unsigned int bits);
/* Maps [va, va+size) to pa with the largest blocks that fit. Fails with
 * -EBUSY rather than replace an existing mapping. */
int pt_map(struct page_pool *pool, const struct pt *pt, uint64_t va, paddr_t pa,
           uint64_t size, uint64_t attrs);
/* Maps one page at va to *pa, or unmaps it when pa is NULL, splitting a
 * block that covers it. `flush` (may be NULL) is called for a live entry
 * that goes invalid, to drop its TLB entries. */
int pt_set_page(struct page_pool *pool, const struct pt *pt, uint64_t va,
                const paddr_t *pa, uint64_t attrs,
                void (*flush)(uint64_t va, void *ctx), void *ctx);
/* Looks up va; -ENOENT if unmapped. */
int pt_lookup(const struct pt *pt, uint64_t va, paddr_t *pa);
/* The same, also giving the leaf descriptor's attribute bits. */
int pt_lookup_attrs(const struct pt *pt, uint64_t va, paddr_t *pa, uint64_t *attrs);
/* Calls fn for every leaf mapping (block or page), in address order. */
void pt_for_each_leaf(const struct pt *pt,
                      void (*fn)(uint64_t va, paddr_t pa, uint64_t size,
                                 uint64_t attrs, void *ctx),
                      void *ctx);
/* Frees every table page under and including the root. */
void pt_destroy(struct page_pool *pool, const struct pt *pt);

#endif
