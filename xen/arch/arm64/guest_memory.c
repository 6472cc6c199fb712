/* A domain's RAM as it balloons. A direct-mapped domain (dom0) owns its
 * frames for good and only maps or unmaps them. Other domains get fresh
 * pages, marked owned (S2_OWNED) in their stage 2; a page leaves the
 * domain when it is unmapped and all of them go when it dies. Blocks are
 * split into single pages as soon as they are allocated, so any one page
 * can go back to the pool later. */
#include <keel/domain.h>
#include <keel/errno.h>
#include <keel/keel.h>
#include <keel/lib.h>
#include <asm/p2m.h>
#include <asm/pagetable.h>
#include <asm/vcpu.h>

#define POPULATE_ORDER_MAX 9

static int populate_direct(struct domain *d, uint64_t gfn, unsigned int order)
{
    for (uint64_t i = 0; i < (1ULL << order); i++) {
        paddr_t pa;
        int rc = arch_ram_frame(d, gfn + i, &pa);

        if (!rc)
            rc = arch_p2m_map_page(d, gfn + i, pa, false);
        if (rc)
            return rc;
    }
    return 0;
}

int arch_populate(struct domain *d, uint64_t gfn, unsigned int order)
{
    struct page_pool *pool = &d->keel->pool;
    paddr_t pa, probe;
    int rc;

    if (order > POPULATE_ORDER_MAX || !IS_ALIGNED(gfn, 1ULL << order))
        return -EINVAL;
    if (d->direct_map)
        return populate_direct(d, gfn, order);
    for (uint64_t i = 0; i < (1ULL << order); i++)
        if (arch_p2m_lookup(d, gfn + i, &probe) != -ENOENT)
            return -EEXIST;
    rc = page_alloc(pool, order, &pa);
    if (rc)
        return rc;
    memset(arch_phys_to_virt(pa), 0, PAGE_SIZE << order);
    page_split(pool, pa, order);
    rc = pt_map(pool, &d->arch->p2m.pt, gfn << PAGE_SHIFT, pa, PAGE_SIZE << order,
                S2_NORMAL | S2_OWNED);
    if (rc) {
        for (uint64_t i = 0; i < (1ULL << order); i++)
            page_free(pool, pa + i * PAGE_SIZE, 0);
        return rc;
    }
    d->tot_pages += 1ULL << order;
    return 0;
}

int arch_release(struct domain *d, uint64_t gfn)
{
    paddr_t pa;
    uint64_t attrs;
    int rc = pt_lookup_attrs(&d->arch->p2m.pt, gfn << PAGE_SHIFT, &pa, &attrs);

    if (rc)
        return rc;
    if (d->direct_map)
        return arch_p2m_unmap_page(d, gfn);
    if (!(attrs & S2_OWNED))
        return -EINVAL;
    rc = arch_p2m_unmap_page(d, gfn);
    if (rc)
        return rc;
    page_free(&d->keel->pool, pa & PAGE_MASK, 0);
    d->tot_pages--;
    return 0;
}

static void free_owned(uint64_t va, paddr_t pa, uint64_t size, uint64_t attrs,
                       void *ctx)
{
    struct page_pool *pool = ctx;

    (void)va;
    if (!(attrs & S2_OWNED))
        return;
    for (uint64_t off = 0; off < size; off += PAGE_SIZE)
        page_free(pool, pa + off, 0);
}

/* Returns every owned page; the stage-2 tables go separately. */
void guest_memory_free(struct domain *d)
{
    if (!d->direct_map && d->arch->p2m.pt.root)
        pt_for_each_leaf(&d->arch->p2m.pt, free_owned, &d->keel->pool);
    d->tot_pages = 0;
}
