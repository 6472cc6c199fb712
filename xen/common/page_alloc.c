/* Buddy allocator for host physical pages; see keel/page_alloc.h. */
#include <keel/errno.h>
#include <keel/lib.h>
#include <keel/page_alloc.h>

/* One metadata byte per page. Only the first page of a block carries a mark;
 * every other page, and every metadata page, is META_NONE. Merging and
 * splitting keep that true, so a mark is never stale. */
#define META_NONE 0x00
#define META_USED 0x40
#define META_FREE 0x80

#define NIL UINT32_MAX

/* Kept in the first bytes of the first page of each free block. */
struct free_link {
    uint32_t next;
    uint32_t prev;
};

static uint8_t *meta(struct page_zone *z, uint64_t idx)
{
    return &z->map[idx];
}

static struct free_link *link_at(struct page_zone *z, uint64_t idx)
{
    return (struct free_link *)(z->map + idx * PAGE_SIZE);
}

static uint64_t zone_pfn(const struct page_zone *z)
{
    return z->base >> PAGE_SHIFT;
}

static void list_push(struct page_zone *z, uint64_t idx, unsigned int k)
{
    struct free_link *l = link_at(z, idx);

    l->prev = NIL;
    l->next = z->head[k];
    if (l->next != NIL)
        link_at(z, l->next)->prev = (uint32_t)idx;
    z->head[k] = (uint32_t)idx;
    z->nonempty |= 1U << k;
    *meta(z, idx) = META_FREE | k;
    z->free_pages += 1ULL << k;
}

static void list_remove(struct page_zone *z, uint64_t idx, unsigned int k)
{
    struct free_link *l = link_at(z, idx);

    if (l->prev != NIL)
        link_at(z, l->prev)->next = l->next;
    else
        z->head[k] = l->next;
    if (l->next != NIL)
        link_at(z, l->next)->prev = l->prev;
    if (z->head[k] == NIL)
        z->nonempty &= ~(1U << k);
    *meta(z, idx) = META_NONE;
    z->free_pages -= 1ULL << k;
}

/* The zone holding pa, metadata pages included. */
static struct page_zone *zone_of(struct page_pool *p, paddr_t pa)
{
    for (unsigned int i = 0; i < p->nzones; i++) {
        struct page_zone *z = &p->zones[i];

        if (pa >= z->base && (pa - z->base) >> PAGE_SHIFT < z->npages)
            return z;
    }
    return NULL;
}

/* Largest order of a block that can start at idx and end inside the zone. */
static unsigned int fitting_order(const struct page_zone *z, uint64_t idx)
{
    uint64_t pfn = zone_pfn(z) + idx;
    unsigned int k = pfn ? (unsigned int)__builtin_ctzll(pfn) : PAGE_ORDER_MAX;

    k = MIN(k, PAGE_ORDER_MAX);
    while (idx + (1ULL << k) > z->npages)
        k--;
    return k;
}

static void zone_fill(struct page_zone *z)
{
    for (unsigned int k = 0; k <= PAGE_ORDER_MAX; k++)
        z->head[k] = NIL;
    memset(z->map, META_NONE, z->npages);
    for (uint64_t idx = z->first; idx < z->npages;) {
        unsigned int k = fitting_order(z, idx);

        list_push(z, idx, k);
        idx += 1ULL << k;
    }
}

void page_pool_init(struct page_pool *p)
{
    memset(p, 0, sizeof(*p));
}

static bool overlaps(uint64_t a, uint64_t alen, uint64_t b, uint64_t blen)
{
    return a < b + blen && b < a + alen;
}

static int check_new_zone(const struct page_pool *p, paddr_t base,
                          uint64_t size, uintptr_t map)
{
    uint64_t npages = size >> PAGE_SHIFT;

    if (!map || !IS_ALIGNED(base | size | map, PAGE_SIZE))
        return -EINVAL;
    if (size > UINT64_MAX - base || size > UINTPTR_MAX - map)
        return -EINVAL;
    if (npages >= PAGE_ZONE_PAGES_MAX)
        return -EINVAL;
    if (npages <= ALIGN_UP(npages, PAGE_SIZE) / PAGE_SIZE)
        return -EINVAL;
    for (unsigned int i = 0; i < p->nzones; i++) {
        const struct page_zone *z = &p->zones[i];
        uint64_t zsize = z->npages << PAGE_SHIFT;

        if (overlaps(base, size, z->base, zsize) ||
            overlaps(map, size, (uintptr_t)z->map, zsize))
            return -EINVAL;
    }
    return p->nzones == PAGE_POOL_ZONES_MAX ? -ENOSPC : 0;
}

int page_pool_add(struct page_pool *p, paddr_t base, uint64_t size, void *map)
{
    struct page_zone *z;
    int rc;

    spin_lock(&p->lock);
    rc = check_new_zone(p, base, size, (uintptr_t)map);
    if (rc)
        goto out;
    z = &p->zones[p->nzones];
    memset(z, 0, sizeof(*z));
    z->base = base;
    z->npages = size >> PAGE_SHIFT;
    z->first = ALIGN_UP(z->npages, PAGE_SIZE) / PAGE_SIZE;
    z->map = map;
    zone_fill(z);
    p->nzones++;
out:
    spin_unlock(&p->lock);
    return rc;
}

/* Splits the free order-k block at idx down to one of the given order that
 * contains page want, putting the halves it does not keep on their lists.
 * The block at idx is already off its list. */
static uint64_t split_to(struct page_zone *z, uint64_t idx, unsigned int k,
                         unsigned int order, uint64_t want)
{
    while (k > order) {
        uint64_t half = 1ULL << --k;

        if (want >= idx + half) {
            list_push(z, idx, k);
            idx += half;
        } else {
            list_push(z, idx + half, k);
        }
    }
    *meta(z, idx) = META_USED | order;
    return idx;
}

/* Smallest free order >= order in z, or -1. */
static int zone_fit(const struct page_zone *z, unsigned int order)
{
    uint32_t avail = z->nonempty & ~((1U << order) - 1);

    return avail ? __builtin_ctz(avail) : -1;
}

int page_alloc(struct page_pool *p, unsigned int order, paddr_t *out)
{
    struct page_zone *best = NULL;
    int best_k = PAGE_ORDER_MAX + 1;
    uint64_t idx;

    if (order > PAGE_ORDER_MAX || !out)
        return -EINVAL;
    spin_lock(&p->lock);
    for (unsigned int i = 0; i < p->nzones; i++) {
        int k = zone_fit(&p->zones[i], order);

        if (k >= 0 && k < best_k) {
            best = &p->zones[i];
            best_k = k;
        }
    }
    if (!best) {
        spin_unlock(&p->lock);
        return -ENOMEM;
    }
    idx = best->head[best_k];
    list_remove(best, idx, best_k);
    idx = split_to(best, idx, best_k, order, idx);
    *out = best->base + (idx << PAGE_SHIFT);
    spin_unlock(&p->lock);
    return 0;
}

/* First page of the free block of order >= order holding page idx, with its
 * order in *k; false if the pages around idx are not all free. */
static bool free_block_holding(struct page_zone *z, uint64_t idx,
                               unsigned int order, unsigned int *k)
{
    uint64_t pfn = zone_pfn(z) + idx;

    for (unsigned int o = order; o <= PAGE_ORDER_MAX; o++) {
        uint64_t head = ALIGN_DOWN(pfn, 1ULL << o);

        if (head < zone_pfn(z) + z->first)
            return false;
        if (*meta(z, head - zone_pfn(z)) == (META_FREE | o)) {
            *k = o;
            return true;
        }
    }
    return false;
}

int page_alloc_at(struct page_pool *p, paddr_t base, unsigned int order)
{
    uint64_t bytes, idx, head;
    struct page_zone *z;
    unsigned int k;
    int rc = 0;

    if (order > PAGE_ORDER_MAX)
        return -EINVAL;
    bytes = PAGE_SIZE << order;
    if (!IS_ALIGNED(base, bytes))
        return -EINVAL;
    spin_lock(&p->lock);
    z = zone_of(p, base);
    if (!z || (base - z->base) / PAGE_SIZE + (1ULL << order) > z->npages) {
        rc = -EINVAL;
        goto out;
    }
    idx = (base - z->base) >> PAGE_SHIFT;
    if (!free_block_holding(z, idx, order, &k)) {
        rc = -EBUSY;
        goto out;
    }
    head = ALIGN_DOWN(zone_pfn(z) + idx, 1ULL << k) - zone_pfn(z);
    list_remove(z, head, k);
    split_to(z, head, k, order, idx);
out:
    spin_unlock(&p->lock);
    return rc;
}

/* Index of the order-k buddy of the block at idx if it is free, else NIL. */
static uint64_t free_buddy(struct page_zone *z, uint64_t idx, unsigned int k)
{
    uint64_t buddy = (zone_pfn(z) + idx) ^ (1ULL << k);

    if (buddy < zone_pfn(z) + z->first)
        return NIL;
    buddy -= zone_pfn(z);
    if (buddy >= z->npages || *meta(z, buddy) != (META_FREE | k))
        return NIL;
    return buddy;
}

/* With the lock held: the zone and index of an allocated block of exactly
 * this order at pa, or NULL if there is none (a misuse the caller refuses). */
static struct page_zone *used_block(struct page_pool *p, paddr_t pa,
                                    unsigned int order, uint64_t *idx)
{
    struct page_zone *z = zone_of(p, pa);

    if (!z)
        return NULL;
    *idx = (pa - z->base) >> PAGE_SHIFT;
    if (*idx < z->first || *meta(z, *idx) != (META_USED | order))
        return NULL;
    return z;
}

int page_free(struct page_pool *p, paddr_t pa, unsigned int order)
{
    struct page_zone *z;
    uint64_t idx, buddy;
    int rc = 0;

    if (order > PAGE_ORDER_MAX || !IS_ALIGNED(pa, PAGE_SIZE << order))
        return -EINVAL;
    spin_lock(&p->lock);
    z = used_block(p, pa, order, &idx);
    if (!z) {
        rc = -EINVAL;
        goto out;
    }
    *meta(z, idx) = META_NONE;
    while (order < PAGE_ORDER_MAX &&
           (buddy = free_buddy(z, idx, order)) != NIL) {
        list_remove(z, buddy, order);
        idx = MIN(idx, buddy);
        order++;
    }
    list_push(z, idx, order);
out:
    spin_unlock(&p->lock);
    return rc;
}

int page_split(struct page_pool *p, paddr_t pa, unsigned int order)
{
    struct page_zone *z;
    uint64_t idx;
    int rc = 0;

    if (order > PAGE_ORDER_MAX || !IS_ALIGNED(pa, PAGE_SIZE << order))
        return -EINVAL;
    spin_lock(&p->lock);
    z = used_block(p, pa, order, &idx);
    if (!z) {
        rc = -EINVAL;
        goto out;
    }
    for (uint64_t i = 0; i < (1ULL << order); i++)
        *meta(z, idx + i) = META_USED;
out:
    spin_unlock(&p->lock);
    return rc;
}

uint64_t page_pool_free_pages(const struct page_pool *p)
{
    uint64_t total = 0;

    for (unsigned int i = 0; i < p->nzones; i++)
        total += p->zones[i].free_pages;
    return total;
}

int page_largest_free_order(struct page_pool *p)
{
    int best = -ENOMEM;

    spin_lock(&p->lock);
    for (unsigned int i = 0; i < p->nzones; i++) {
        uint32_t m = p->zones[i].nonempty;

        if (m)
            best = MAX(best, 31 - __builtin_clz(m));
    }
    spin_unlock(&p->lock);
    return best;
}

void *page_pool_map(const struct page_pool *p, paddr_t pa)
{
    for (unsigned int i = 0; i < p->nzones; i++) {
        const struct page_zone *z = &p->zones[i];
        uint64_t off = pa - z->base;

        if (pa >= z->base && off >> PAGE_SHIFT < z->npages &&
            off >> PAGE_SHIFT >= z->first)
            return z->map + off;
    }
    return NULL;
}

paddr_t page_pool_paddr(const struct page_pool *p, const void *ptr)
{
    uintptr_t v = (uintptr_t)ptr;

    for (unsigned int i = 0; i < p->nzones; i++) {
        const struct page_zone *z = &p->zones[i];
        uintptr_t start = (uintptr_t)z->map;
        uint64_t off = v - start;

        if (v >= start && off >> PAGE_SHIFT < z->npages &&
            off >> PAGE_SHIFT >= z->first)
            return z->base + off;
    }
    return 0;
}
