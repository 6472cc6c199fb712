/* A domain's grant table: its frames, grown on demand up to max_frames, and
 * the pinning of its entries by the domains that map or copy them.
 *
 * The guest writes its entries while we read them, so an entry's
 * {flags, domid} pair is only ever changed with a compare-and-swap on the
 * whole 32-bit word: the checks that decide a pin (right type, right domain,
 * not read-only for a write) hold for exactly the value the swap replaced,
 * and a granter revoking the grant at the same moment either wins (the pin
 * fails) or sees GTF_reading/GTF_writing and knows the page is in use.
 *
 * Locking: see keel/grant_table.h. */
#include <keel/domain.h>
#include <keel/errno.h>
#include <keel/grant_table.h>
#include <keel/heap.h>
#include <keel/keel.h>
#include <keel/lib.h>
#include <keel/page_alloc.h>

#if __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "grant entries are read as little-endian 32-bit words"
#endif

/* Debian's gcc turns atomics into calls to libgcc helpers unless told not
 * to, and the hypervisor links without libgcc. */
#ifdef __aarch64__
#define INLINE_ATOMICS __attribute__((target("no-outline-atomics"), noinline))
#else
#define INLINE_ATOMICS
#endif

/* The guest can make every swap fail by rewriting the entry faster than we
 * retry; a few failures mean it is misbehaving, and the pin fails. */
#define PIN_RETRIES 5
#define ACTIVE_ORDER 1

_Static_assert(GRANT_ENTRIES_PER_FRAME == GRANT_ENTRIES_PER_FRAME_V1,
               "one frame holds 512 v1 entries");
_Static_assert(sizeof(struct grant_active) * GRANT_ENTRIES_PER_FRAME ==
                   PAGE_SIZE << ACTIVE_ORDER,
               "a frame's active entries fill an ACTIVE_ORDER block");

/* Entry ref's {flags, domid} word; the frame number is the word after. */
static uint32_t *entry_head(const struct grant_table *gt, grant_ref_t ref)
{
    uint32_t *frame = arch_phys_to_virt(gt->frame_pa[ref / GRANT_ENTRIES_PER_FRAME]);

    return frame + 2 * (ref % GRANT_ENTRIES_PER_FRAME);
}

static struct grant_active *active_entry(const struct grant_table *gt,
                                         grant_ref_t ref)
{
    struct grant_active *a = arch_phys_to_virt(gt->active_pa[ref / GRANT_ENTRIES_PER_FRAME]);

    return a + ref % GRANT_ENTRIES_PER_FRAME;
}

INLINE_ATOMICS static bool head_swap(uint32_t *head, uint32_t *old, uint32_t new)
{
    return __atomic_compare_exchange_n(head, old, new, false, __ATOMIC_ACQ_REL,
                                       __ATOMIC_ACQUIRE);
}

INLINE_ATOMICS static void head_clear(uint32_t *head, uint32_t bits)
{
    __atomic_fetch_and(head, ~bits, __ATOMIC_RELEASE);
}

static int grow_locked(struct grant_table *gt, unsigned int nr_frames)
{
    if (nr_frames > gt->max_frames)
        return -EINVAL;
    while (gt->nr_frames < nr_frames) {
        unsigned int i = gt->nr_frames;

        if (page_alloc(gt->pool, 0, &gt->frame_pa[i]))
            return -ENOMEM;
        if (page_alloc(gt->pool, ACTIVE_ORDER, &gt->active_pa[i])) {
            page_free(gt->pool, gt->frame_pa[i], 0);
            return -ENOMEM;
        }
        memset(arch_phys_to_virt(gt->frame_pa[i]), 0, PAGE_SIZE);
        memset(arch_phys_to_virt(gt->active_pa[i]), 0, PAGE_SIZE << ACTIVE_ORDER);
        gt->frame_gfn[i] = GRANT_GFN_NONE;
        gt->nr_frames++;
    }
    return 0;
}

int grant_table_grow(struct grant_table *gt, unsigned int nr_frames)
{
    int rc;

    spin_lock(&gt->lock);
    rc = grow_locked(gt, nr_frames);
    spin_unlock(&gt->lock);
    return rc;
}

static void free_table(struct grant_table *gt)
{
    for (unsigned int i = 0; i < gt->nr_frames; i++) {
        page_free(gt->pool, gt->frame_pa[i], 0);
        page_free(gt->pool, gt->active_pa[i], ACTIVE_ORDER);
    }
    for (unsigned int i = 0; i < gt->maptrack_pages; i++)
        page_free(gt->pool, gt->maptrack_pa[i], 0);
    heap_free(gt->heap, gt);
}

int grant_table_init(struct domain *d)
{
    struct grant_table *gt;
    int rc;

    if (d->grant)
        return -EEXIST;
    gt = heap_zalloc(&d->keel->heap, sizeof(*gt));
    if (!gt)
        return -ENOMEM;
    gt->pool = &d->keel->pool;
    gt->heap = &d->keel->heap;
    gt->domid = d->id;
    gt->max_frames = GRANT_MAX_FRAMES;
    rc = grow_locked(gt, GRANT_INITIAL_FRAMES);
    if (rc) {
        free_table(gt);
        return rc;
    }
    d->grant = gt;
    return 0;
}

void grant_table_destroy(struct domain *d)
{
    struct grant_table *gt = d->grant;
    bool in_use;

    if (!gt)
        return;
    grant_table_release_mappings(d);
    spin_lock(&gt->lock);
    gt->orphaned = true;
    in_use = gt->foreign_pins != 0;
    spin_unlock(&gt->lock);
    d->grant = NULL;
    if (!in_use)
        free_table(gt);
}

unsigned int grant_foreign_maps(struct domain *d)
{
    unsigned int n;

    if (!d->grant)
        return 0;
    spin_lock(&d->grant->lock);
    n = d->grant->foreign_pins;
    spin_unlock(&d->grant->lock);
    return n;
}

int grant_table_frame(struct domain *d, unsigned int idx, paddr_t *pa)
{
    struct grant_table *gt = d->grant;
    int rc;

    if (!gt || (idx & GRANT_STATUS_FRAME) || idx >= gt->max_frames)
        return -EINVAL;
    spin_lock(&gt->lock);
    rc = grow_locked(gt, idx + 1);
    if (!rc)
        *pa = gt->frame_pa[idx];
    spin_unlock(&gt->lock);
    return rc;
}

int grant_table_set_frame_gfn(struct domain *d, unsigned int idx, uint64_t gfn,
                              uint64_t *old_gfn)
{
    struct grant_table *gt = d->grant;
    int rc = -EINVAL;

    if (!gt)
        return -EINVAL;
    spin_lock(&gt->lock);
    if (idx < gt->nr_frames) {
        *old_gfn = gt->frame_gfn[idx];
        gt->frame_gfn[idx] = gfn;
        rc = 0;
    }
    spin_unlock(&gt->lock);
    return rc;
}

struct domain *grant_domain(struct domain *ld, domid_t domid, bool allow_self)
{
    struct domain *d;

    if (domid == DOMID_SELF && allow_self)
        d = ld;
    else if (domid >= DOMID_FIRST_RESERVED)
        return NULL;
    else
        d = domain_hold(ld->keel, domid);
    return d && d->grant ? d : NULL;
}

/* Sets GTF_reading (and GTF_writing) if the entry allows it. `check` is
 * false when the entry is already pinned: the grant was checked then, and
 * only read-only-ness can still stop a new write pin. */
static int16_t mark_in_use(uint32_t *head, domid_t ldomid, bool readonly,
                           bool check)
{
    uint32_t old = __atomic_load_n(head, __ATOMIC_ACQUIRE);

    for (unsigned int i = 0; i < PIN_RETRIES; i++) {
        uint16_t flags = (uint16_t)old;
        uint32_t new = old | GTF_reading | (readonly ? 0 : GTF_writing);

        if (check && ((flags & (GTF_type_mask | GTF_sub_page)) != GTF_permit_access ||
                      (domid_t)(old >> 16) != ldomid))
            return GNTST_general_error;
        if (!readonly && (flags & GTF_readonly))
            return GNTST_general_error;
        if (head_swap(head, &old, new))
            return GNTST_okay;
    }
    return GNTST_general_error;
}

/* The granter's frame must be its own RAM: not a hole, not a device, and
 * not a page some other domain granted to it. */
static int16_t lookup_frame(struct domain *rd, struct grant_table *gt,
                            uint64_t gfn, paddr_t *pa)
{
    int16_t st = GNTST_okay;

    spin_lock(&gt->maptrack_lock);
    if (grant_gfn_mapped(gt, gfn) || arch_p2m_lookup(rd, gfn, pa))
        st = GNTST_bad_page;
    spin_unlock(&gt->maptrack_lock);
    return st;
}

static int16_t pin_locked(struct domain *rd, struct grant_table *gt,
                          grant_ref_t ref, domid_t ldomid, bool readonly)
{
    struct grant_active *act;
    uint32_t *head;
    bool first;
    int16_t st;

    if (gt->orphaned)
        return GNTST_bad_domain;
    if (ref >= gt->nr_frames * GRANT_ENTRIES_PER_FRAME)
        return GNTST_bad_gntref;
    act = active_entry(gt, ref);
    head = entry_head(gt, ref);
    first = !act->readers && !act->writers;
    if (!first && (act->domid != ldomid ||
                   (readonly ? act->readers : act->writers) == UINT16_MAX))
        return GNTST_general_error;
    if (first || (!readonly && !act->writers)) {
        st = mark_in_use(head, ldomid, readonly, first);
        if (st != GNTST_okay)
            return st;
    }
    if (first) {
        uint32_t frame = __atomic_load_n(head + 1, __ATOMIC_ACQUIRE);

        st = lookup_frame(rd, gt, frame, &act->pa);
        if (st != GNTST_okay) {
            head_clear(head, GTF_reading | GTF_writing);
            return st;
        }
        act->domid = ldomid;
    }
    if (readonly)
        act->readers++;
    else
        act->writers++;
    if (ldomid != gt->domid)
        gt->foreign_pins++;
    return GNTST_okay;
}

int16_t grant_pin(struct domain *rd, grant_ref_t ref, domid_t ldomid,
                  bool readonly, paddr_t *pa)
{
    struct grant_table *gt = rd->grant;
    int16_t st;

    spin_lock(&gt->lock);
    st = pin_locked(rd, gt, ref, ldomid, readonly);
    if (st == GNTST_okay)
        *pa = active_entry(gt, ref)->pa;
    spin_unlock(&gt->lock);
    return st;
}

/* Drops a pin; the entry's in-use flags go with the last pin of each kind,
 * and an orphaned table with it. */
void grant_unpin(struct grant_table *gt, grant_ref_t ref, domid_t ldomid,
                 bool readonly)
{
    struct grant_active *act;
    uint16_t *count;
    uint32_t clear = 0;
    bool free_now = false;

    spin_lock(&gt->lock);
    act = active_entry(gt, ref);
    count = readonly ? &act->readers : &act->writers;
    if (*count) {
        (*count)--;
        if (!act->writers)
            clear |= GTF_writing;
        if (!act->readers && !act->writers)
            clear |= GTF_reading;
        if (clear)
            head_clear(entry_head(gt, ref), clear);
        if (ldomid != gt->domid && !--gt->foreign_pins)
            free_now = gt->orphaned;
    }
    spin_unlock(&gt->lock);
    if (free_now)
        free_table(gt);
}
