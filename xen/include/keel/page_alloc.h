/* Physical page allocator: a binary buddy system over a few RAM regions.
 *
 * Each region ("zone") carries its own metadata in its first pages: one byte
 * per page saying whether the page heads a free block, heads an allocated
 * block (and of which order), or neither. Free blocks of each order sit on a
 * doubly linked list threaded through the first bytes of the free blocks
 * themselves, so the allocator needs no memory but the RAM it manages, and
 * allocation and freeing cost O(PAGE_ORDER_MAX). Allocated pages are never
 * read: whether a block may be freed, and whether a buddy may be merged, is
 * decided by the metadata alone.
 *
 * Blocks of order k are 2^k pages, aligned to 2^k pages in host physical
 * address space.
 *
 * Locking: every call that changes the pool takes p->lock. Zones are only
 * added at boot, before the pool is shared, which is what lets the const
 * look-ups (page_pool_map, page_pool_paddr, page_pool_free_pages) skip it. */
#ifndef KEEL_PAGE_ALLOC_H
#define KEEL_PAGE_ALLOC_H

#include <keel/arch.h>
#include <keel/types.h>

#define PAGE_ORDER_MAX      20
#define PAGE_POOL_ZONES_MAX 16

/* A zone holds fewer than this many pages (16 TiB), so that the free list
 * links stored in free pages fit in 32 bits. */
#define PAGE_ZONE_PAGES_MAX 0xffffffffULL

struct page_zone {
    paddr_t base;       /* host physical address of the first page */
    uint64_t npages;    /* pages in the zone, metadata included */
    uint64_t first;     /* index of the first page the allocator hands out */
    uint8_t *map;       /* host pointer to the first page; metadata is here */
    uint64_t free_pages;
    uint32_t nonempty;  /* bit k set while the order-k free list has blocks */
    /* Page index of the first block on each order's free list, or ~0. */
    uint32_t head[PAGE_ORDER_MAX + 1];
};

struct page_pool {
    spinlock_t lock;
    unsigned int nzones;
    struct page_zone zones[PAGE_POOL_ZONES_MAX];
};

void page_pool_init(struct page_pool *p);

/* Hands the pages [base, base + size) to the pool; map is where the
 * hypervisor reads and writes them ((void *)base when identity mapped).
 * The first size / 2^24 pages (rounded up) become the zone's metadata.
 * -EINVAL: base, size or map not page aligned, the range wraps, overlaps a
 * zone already added, is too large, or leaves no page after the metadata.
 * -ENOSPC: PAGE_POOL_ZONES_MAX zones already. */
int page_pool_add(struct page_pool *p, paddr_t base, uint64_t size, void *map);

/* Allocates 2^order contiguous pages, taking them from the zone whose
 * smallest fitting free block is smallest. -EINVAL if order is above
 * PAGE_ORDER_MAX or out is NULL, -ENOMEM if no free block is large enough. */
int page_alloc(struct page_pool *p, unsigned int order, paddr_t *out);

/* Allocates exactly the block of 2^order pages at base.
 * -EINVAL: order too large, base not aligned to the block size, or the block
 * is not wholly inside one zone. -EBUSY: some page of it is not free. */
int page_alloc_at(struct page_pool *p, paddr_t base, unsigned int order);

/* Returns a block to the pool and merges it with its free buddies.
 * -EINVAL, with the pool untouched, unless [pa, order] is exactly a block
 * that page_alloc or page_alloc_at handed out and that is still allocated:
 * this refuses double frees, wrong orders and foreign addresses. */
int page_free(struct page_pool *p, paddr_t pa, unsigned int order);

/* Turns an allocated 2^order block into 2^order allocated single pages,
 * each then freed on its own (a guest's RAM, ballooned page by page). */
int page_split(struct page_pool *p, paddr_t pa, unsigned int order);
uint64_t page_pool_free_pages(const struct page_pool *p);

/* Order of the largest free block in any zone, or -ENOMEM if none. */
int page_largest_free_order(struct page_pool *p);

/* Host pointer for pa, NULL unless pa lies in the allocatable part of a
 * zone (the metadata pages are not given out). */
void *page_pool_map(const struct page_pool *p, paddr_t pa);

/* Inverse of page_pool_map; 0 if ptr is not in the allocatable part of a
 * zone (0 is never such an address: a zone starts with its metadata). */
paddr_t page_pool_paddr(const struct page_pool *p, const void *ptr);

#endif
