/* Mapping another domain's granted page into the caller's physmap, and the
 * maptrack that remembers each mapping by handle so that it can be undone.
 *
 * A maptrack entry is BUSY while its mapping is being made or taken down,
 * and its gfn sits in the gfn index from before the stage-2 entry appears
 * until after it is gone. So whoever looks a gfn up under maptrack_lock
 * (a copy to a frame of the caller, a pin of the granter's frame) knows
 * whether a grant mapping is there, and a page granted read-only can be
 * neither written through the copy path nor granted on to a third domain.
 *
 * Locking: see keel/grant_table.h. */
#include <keel/domain.h>
#include <keel/errno.h>
#include <keel/grant_table.h>
#include <keel/lib.h>
#include <keel/page_alloc.h>

#define PER_PAGE (PAGE_SIZE / sizeof(struct grant_mapping))
/* Links hold handle + 1, so that a zeroed table has an empty maptrack. */
#define NO_LINK 0

static struct grant_mapping *mt_entry(const struct grant_table *gt, uint32_t h)
{
    struct grant_mapping *page = arch_phys_to_virt(gt->maptrack_pa[h / PER_PAGE]);

    return page + h % PER_PAGE;
}

static uint32_t *gfn_chain(struct grant_table *gt, uint64_t gfn)
{
    return &gt->gfn_bucket[(gfn ^ (gfn >> 8) ^ (gfn >> 16)) % GRANT_GFN_BUCKETS];
}

bool grant_gfn_mapped(struct grant_table *gt, uint64_t gfn)
{
    for (uint32_t l = *gfn_chain(gt, gfn); l != NO_LINK;) {
        const struct grant_mapping *m = mt_entry(gt, l - 1);

        if (m->gfn == gfn)
            return true;
        l = m->next;
    }
    return false;
}

static int mt_grow(struct grant_table *gt)
{
    uint32_t base = gt->maptrack_pages * PER_PAGE;
    struct grant_mapping *page;
    paddr_t pa;

    if (gt->maptrack_pages == GRANT_MAPTRACK_PAGES || page_alloc(gt->pool, 0, &pa))
        return -ENOSPC;
    page = arch_phys_to_virt(pa);
    memset(page, 0, PAGE_SIZE);
    for (uint32_t i = 0; i < PER_PAGE; i++)
        page[i].next = i + 1 < PER_PAGE ? base + i + 2 : gt->maptrack_free;
    gt->maptrack_pa[gt->maptrack_pages++] = pa;
    gt->maptrack_free = base + 1;
    return 0;
}

/* Takes a free handle for a mapping at gfn, BUSY and indexed. A gfn that
 * already holds a grant mapping is refused: its handle could never be
 * unmapped. */
static int16_t mt_alloc(struct grant_table *gt, uint64_t gfn, uint32_t *h)
{
    int16_t st = GNTST_okay;
    uint32_t *chain = gfn_chain(gt, gfn);

    spin_lock(&gt->maptrack_lock);
    if (grant_gfn_mapped(gt, gfn)) {
        st = GNTST_general_error;
    } else if (gt->maptrack_free == NO_LINK && mt_grow(gt)) {
        st = GNTST_no_space;
    } else {
        struct grant_mapping *m = mt_entry(gt, gt->maptrack_free - 1);

        *h = gt->maptrack_free - 1;
        gt->maptrack_free = m->next;
        m->state = MAPTRACK_BUSY;
        m->gfn = gfn;
        m->next = *chain;
        *chain = *h + 1;
        gt->maptrack_used++;
    }
    spin_unlock(&gt->maptrack_lock);
    return st;
}

static void mt_free(struct grant_table *gt, uint32_t h)
{
    struct grant_mapping *m = mt_entry(gt, h);
    uint32_t *link;

    spin_lock(&gt->maptrack_lock);
    for (link = gfn_chain(gt, m->gfn); *link != NO_LINK && *link != h + 1;)
        link = &mt_entry(gt, *link - 1)->next;
    if (*link != NO_LINK)
        *link = m->next;
    memset(m, 0, sizeof(*m));
    m->next = gt->maptrack_free;
    gt->maptrack_free = h + 1;
    gt->maptrack_used--;
    spin_unlock(&gt->maptrack_lock);
}

static uint32_t mt_limit(struct grant_table *gt)
{
    uint32_t n;

    spin_lock(&gt->maptrack_lock);
    n = gt->maptrack_pages * PER_PAGE;
    spin_unlock(&gt->maptrack_lock);
    return n;
}

/* Moves a mapped handle to BUSY, so that no one else unmaps it meanwhile. */
static bool mt_claim(struct grant_table *gt, uint32_t h, struct grant_mapping *out)
{
    bool ok = false;

    spin_lock(&gt->maptrack_lock);
    if (h < gt->maptrack_pages * PER_PAGE && mt_entry(gt, h)->state == MAPTRACK_MAPPED) {
        mt_entry(gt, h)->state = MAPTRACK_BUSY;
        *out = *mt_entry(gt, h);
        ok = true;
    }
    spin_unlock(&gt->maptrack_lock);
    return ok;
}

static void mt_set_mapped(struct grant_table *gt, uint32_t h,
                          struct grant_table *granter, grant_ref_t ref,
                          paddr_t pa, uint16_t flags)
{
    struct grant_mapping *m = mt_entry(gt, h);

    spin_lock(&gt->maptrack_lock);
    m->granter = granter;
    m->ref = ref;
    m->pa = pa;
    m->flags = flags;
    m->state = MAPTRACK_MAPPED;
    spin_unlock(&gt->maptrack_lock);
}

static void mt_unclaim(struct grant_table *gt, uint32_t h)
{
    spin_lock(&gt->maptrack_lock);
    mt_entry(gt, h)->state = MAPTRACK_MAPPED;
    spin_unlock(&gt->maptrack_lock);
}

static int16_t map_one(struct domain *ld, struct gnttab_map_grant_ref *op)
{
    bool ro = op->flags & GNTMAP_readonly;
    uint64_t gfn = op->host_addr >> PAGE_SHIFT;
    struct grant_table *lgt = ld->grant;
    struct domain *rd;
    paddr_t pa;
    uint32_t h;
    int16_t st;

    if (!(op->flags & (GNTMAP_host_map | GNTMAP_device_map)))
        return GNTST_bad_gntref;
    /* Auto-translated guests get host mappings only, as on Xen for arm. */
    if ((op->flags & ~GNTMAP_readonly) != GNTMAP_host_map || !lgt)
        return GNTST_general_error;
    rd = grant_domain(ld, op->dom, false);
    if (!rd)
        return GNTST_bad_domain;
    st = mt_alloc(lgt, gfn, &h);
    if (st != GNTST_okay)
        return st;
    st = grant_pin(rd, op->ref, ld->id, ro, &pa);
    if (st != GNTST_okay)
        goto out_free;
    if (arch_p2m_map_page(ld, gfn, pa, ro)) {
        st = GNTST_general_error;
        goto out_unpin;
    }
    mt_set_mapped(lgt, h, rd->grant, op->ref, pa, (uint16_t)op->flags);
    op->handle = h;
    op->dev_bus_addr = pa;
    return GNTST_okay;

out_unpin:
    grant_unpin(rd->grant, op->ref, ld->id, ro);
out_free:
    mt_free(lgt, h);
    return st;
}

void grant_map(struct domain *ld, struct gnttab_map_grant_ref *op)
{
    op->status = map_one(ld, op);
}

/* The gfn must still show the granted frame: if the guest put something
 * else there, unmapping would remove that instead (Xen refuses too). */
static bool still_mapped(struct domain *ld, const struct grant_mapping *m)
{
    paddr_t pa;

    return !arch_p2m_lookup(ld, m->gfn, &pa) && pa == m->pa;
}

int16_t grant_unmap(struct domain *ld, const struct gnttab_unmap_grant_ref *op)
{
    struct grant_table *lgt = ld->grant;
    struct grant_mapping m;

    if (!lgt || !mt_claim(lgt, op->handle, &m))
        return GNTST_bad_handle;
    /* Like Xen, no address means "leave the host mapping alone". */
    if (!op->host_addr) {
        mt_unclaim(lgt, op->handle);
        return GNTST_okay;
    }
    if ((op->host_addr >> PAGE_SHIFT) != m.gfn || !still_mapped(ld, &m) ||
        arch_p2m_unmap_page(ld, m.gfn)) {
        mt_unclaim(lgt, op->handle);
        return GNTST_general_error;
    }
    grant_unpin(m.granter, m.ref, ld->id, m.flags & GNTMAP_readonly);
    mt_free(lgt, op->handle);
    return GNTST_okay;
}

void grant_table_release_mappings(struct domain *d)
{
    struct grant_table *gt = d->grant;
    struct grant_mapping m;

    if (!gt)
        return;
    for (uint32_t h = 0, n = mt_limit(gt); h < n; h++) {
        if (!mt_claim(gt, h, &m))
            continue;
        /* A failure leaves a stale entry in a stage 2 that is about to be
         * torn down with its domain; the pin must go regardless. */
        (void)arch_p2m_unmap_page(d, m.gfn);
        grant_unpin(m.granter, m.ref, d->id, m.flags & GNTMAP_readonly);
        mt_free(gt, h);
    }
}

bool grant_maps_frame(struct domain *d, paddr_t pa)
{
    struct grant_table *gt = d->grant;
    bool found = false;

    if (!gt)
        return false;
    spin_lock(&gt->maptrack_lock);
    for (uint32_t h = 0; h < gt->maptrack_pages * PER_PAGE && !found; h++) {
        const struct grant_mapping *m = mt_entry(gt, h);

        found = m->state == MAPTRACK_MAPPED && m->pa == ALIGN_DOWN(pa, PAGE_SIZE);
    }
    spin_unlock(&gt->maptrack_lock);
    return found;
}
