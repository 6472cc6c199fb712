/* Building and freeing 4 KiB-granule translation tables. */
#include <keel/arch.h>
#include <keel/errno.h>
#include <keel/lib.h>
#include <keel/page_alloc.h>
#include <asm/pagetable.h>
#include <asm/sysregs.h>

static unsigned int level_shift(unsigned int level)
{
    return 12 + 9 * (3 - level);
}

static uint64_t *table_at(paddr_t pa)
{
    return arch_phys_to_virt(pa);
}

static int new_table(struct page_pool *pool, paddr_t *pa)
{
    int rc = page_alloc(pool, 0, pa);

    if (rc)
        return rc;
    memset(table_at(*pa), 0, PAGE_SIZE);
    return 0;
}

static unsigned int root_order(unsigned int bits)
{
    return bits > PT_VA_BITS ? bits - PT_VA_BITS : 0;
}

/* The root level resolves bits [bits-1:30]: more than 9 of them means
 * concatenated root pages, indexed as one larger table. */
static unsigned int root_index(const struct pt *pt, uint64_t va)
{
    return (unsigned int)((va >> 30) & ((1UL << (pt->bits - 30)) - 1));
}

int pt_create(struct page_pool *pool, struct pt *pt, unsigned int bits)
{
    unsigned int order = root_order(bits);
    int rc = page_alloc(pool, order, &pt->root);

    if (rc)
        return rc;
    memset(table_at(pt->root), 0, PAGE_SIZE << order);
    pt->bits = bits;
    return 0;
}

static unsigned int index_at(const struct pt *pt, uint64_t va, unsigned int level)
{
    return level == 1 ? root_index(pt, va)
                      : (unsigned int)((va >> level_shift(level)) & (PT_ENTRIES - 1));
}

/* Returns the next-level table for va at `level`, creating it if needed. */
static int descend(struct page_pool *pool, const struct pt *pt, uint64_t *table,
                   uint64_t va, unsigned int level, uint64_t **next)
{
    uint64_t *e = &table[index_at(pt, va, level)];
    paddr_t pa;
    int rc;

    if (!(*e & PTE_VALID)) {
        rc = new_table(pool, &pa);
        if (rc)
            return rc;
        dsb(ishst);
        *e = pa | PTE_VALID | PTE_NONBLOCK;
    } else if (!(*e & PTE_NONBLOCK)) {
        return -EBUSY;
    }
    *next = table_at(*e & PTE_ADDR_MASK);
    return 0;
}

static unsigned int leaf_level(uint64_t va, paddr_t pa, uint64_t size)
{
    for (unsigned int level = 1; level < 3; level++) {
        uint64_t block = 1UL << level_shift(level);

        if (IS_ALIGNED(va | pa, block) && size >= block)
            return level;
    }
    return 3;
}

static int map_one(struct page_pool *pool, const struct pt *pt, uint64_t va,
                   paddr_t pa, unsigned int leaf, uint64_t attrs)
{
    uint64_t *table = table_at(pt->root);
    uint64_t *e;

    for (unsigned int level = 1; level < leaf; level++) {
        int rc = descend(pool, pt, table, va, level, &table);

        if (rc)
            return rc;
    }
    e = &table[index_at(pt, va, leaf)];
    if (*e & PTE_VALID)
        return -EBUSY;
    *e = pa | attrs | PTE_VALID | (leaf == 3 ? PTE_NONBLOCK : 0);
    return 0;
}

int pt_map(struct page_pool *pool, const struct pt *pt, uint64_t va, paddr_t pa,
           uint64_t size, uint64_t attrs)
{
    if (!IS_ALIGNED(va | pa | size, PAGE_SIZE) || va + size < va ||
        (va + size) > (1UL << pt->bits))
        return -EINVAL;
    while (size) {
        unsigned int leaf = leaf_level(va, pa, size);
        uint64_t step = 1UL << level_shift(leaf);
        int rc = map_one(pool, pt, va, pa, leaf, attrs);

        if (rc)
            return rc;
        va += step;
        pa += step;
        size -= step;
    }
    dsb(ishst);
    return 0;
}

/* Replaces a block entry by a table of the next level holding the same
 * mapping, so that one page inside it can change. The entry goes invalid
 * and its TLB entries are flushed before the table is installed
 * (break-before-make); a guest touching it meanwhile takes a stage-2
 * fault that the fault handler sees as spurious and retries. */
static int split_block(struct page_pool *pool, uint64_t *e, unsigned int level,
                       uint64_t va, void (*flush)(uint64_t va, void *ctx),
                       void *ctx)
{
    uint64_t old = *e, attrs = old & ~PTE_ADDR_MASK & ~(PTE_VALID | PTE_NONBLOCK);
    uint64_t step = 1UL << level_shift(level + 1);
    paddr_t base = old & PTE_ADDR_MASK & ~((1UL << level_shift(level)) - 1);
    paddr_t table_pa;
    uint64_t *table;
    int rc = new_table(pool, &table_pa);

    if (rc)
        return rc;
    table = table_at(table_pa);
    for (unsigned int i = 0; i < PT_ENTRIES; i++)
        table[i] = (base + i * step) | attrs | PTE_VALID |
                   (level + 1 == 3 ? PTE_NONBLOCK : 0);
    *e = 0;
    dsb(ishst);
    if (flush)
        flush(ALIGN_DOWN(va, 1UL << level_shift(level)), ctx);
    *e = table_pa | PTE_VALID | PTE_NONBLOCK;
    dsb(ishst);
    return 0;
}

int pt_set_page(struct page_pool *pool, const struct pt *pt, uint64_t va,
                const paddr_t *pa, uint64_t attrs,
                void (*flush)(uint64_t va, void *ctx), void *ctx)
{
    uint64_t *table = table_at(pt->root);
    uint64_t *e;
    int rc;

    if (!IS_ALIGNED(va, PAGE_SIZE) || va >= (1UL << pt->bits))
        return -EINVAL;
    for (unsigned int level = 1; level < 3; level++) {
        e = &table[index_at(pt, va, level)];
        if (!(*e & PTE_VALID) && !pa)
            return 0;
        if ((*e & PTE_VALID) && !(*e & PTE_NONBLOCK)) {
            rc = split_block(pool, e, level, va, flush, ctx);
            if (rc)
                return rc;
        }
        rc = descend(pool, pt, table, va, level, &table);
        if (rc)
            return rc;
    }
    e = &table[index_at(pt, va, 3)];
    if (*e & PTE_VALID) {
        *e = 0;
        dsb(ishst);
        if (flush)
            flush(va, ctx);
    }
    if (pa)
        *e = *pa | attrs | PTE_VALID | PTE_NONBLOCK;
    dsb(ishst);
    return 0;
}

int pt_lookup(const struct pt *pt, uint64_t va, paddr_t *pa)
{
    uint64_t attrs;

    return pt_lookup_attrs(pt, va, pa, &attrs);
}

int pt_lookup_attrs(const struct pt *pt, uint64_t va, paddr_t *pa, uint64_t *attrs)
{
    uint64_t *table = table_at(pt->root);

    if (va >= (1UL << pt->bits))
        return -ENOENT;
    for (unsigned int level = 1; level <= 3; level++) {
        uint64_t e = table[index_at(pt, va, level)];
        uint64_t mask = (1UL << level_shift(level)) - 1;

        if (!(e & PTE_VALID))
            return -ENOENT;
        if (level == 3 || !(e & PTE_NONBLOCK)) {
            *pa = (e & PTE_ADDR_MASK & ~mask) | (va & mask);
            *attrs = e & ~PTE_ADDR_MASK;
            return 0;
        }
        table = table_at(e & PTE_ADDR_MASK);
    }
    return -ENOENT;
}

static void walk_level(uint64_t *table, unsigned int level, unsigned int entries,
                       uint64_t base,
                       void (*fn)(uint64_t, paddr_t, uint64_t, uint64_t, void *),
                       void *ctx)
{
    uint64_t size = 1UL << level_shift(level);

    for (unsigned int i = 0; i < entries; i++) {
        uint64_t e = table[i], va = base + i * size;

        if (!(e & PTE_VALID))
            continue;
        if (level < 3 && (e & PTE_NONBLOCK))
            walk_level(table_at(e & PTE_ADDR_MASK), level + 1, PT_ENTRIES, va, fn, ctx);
        else
            fn(va, e & PTE_ADDR_MASK & ~(size - 1), size, e & ~PTE_ADDR_MASK, ctx);
    }
}

void pt_for_each_leaf(const struct pt *pt,
                      void (*fn)(uint64_t va, paddr_t pa, uint64_t size,
                                 uint64_t attrs, void *ctx),
                      void *ctx)
{
    walk_level(table_at(pt->root), 1, 1U << (pt->bits - 30), 0, fn, ctx);
}

static void free_level(struct page_pool *pool, paddr_t table_pa,
                       unsigned int level, unsigned int entries, unsigned int order)
{
    uint64_t *table = table_at(table_pa);

    for (unsigned int i = 0; level < 3 && i < entries; i++) {
        uint64_t e = table[i];

        if ((e & PTE_VALID) && (e & PTE_NONBLOCK))
            free_level(pool, e & PTE_ADDR_MASK, level + 1, PT_ENTRIES, 0);
    }
    page_free(pool, table_pa, order);
}

void pt_destroy(struct page_pool *pool, const struct pt *pt)
{
    free_level(pool, pt->root, 1, 1U << (pt->bits - 30), root_order(pt->bits));
}
