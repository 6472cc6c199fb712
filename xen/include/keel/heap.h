/* The hypervisor's small-object heap (xmalloc), carved from a page_pool.
 *
 * Requests up to HEAP_SLAB_MAX bytes are rounded up to a power of two from
 * 16 and served from slabs: blocks of pages that hold objects of one size,
 * with a header in front recording the size class and a bitmap of the
 * objects in use. Larger requests take a whole block of pages whose header
 * records its order. Every pointer returned is 16-byte aligned.
 *
 * The allocator's bookkeeping lives in headers and bitmaps, never inside
 * objects, so a stray write to a freed object cannot corrupt it. A free of a
 * pointer the heap did not hand out, of an object already freed, or of a
 * misaligned or interior pointer is noticed, counted in bad_frees and
 * otherwise ignored (a stale pointer whose memory has since been handed out
 * again cannot be told from a live one).
 *
 * Locking: h->lock, then the pool's lock inside it. */
#ifndef KEEL_HEAP_H
#define KEEL_HEAP_H

#include <keel/arch.h>
#include <keel/page_alloc.h>
#include <keel/types.h>

#define HEAP_ALIGN     16
#define HEAP_SLAB_MIN  16
#define HEAP_SLAB_MAX  2048
#define HEAP_CLASSES   8   /* 16, 32, ... 2048 */

struct heap_page;

struct heap {
    spinlock_t lock;
    struct page_pool *pool;
    /* Slabs of each class that have at least one free object. */
    struct heap_page *partial[HEAP_CLASSES];
    uint64_t pages;      /* pool pages the heap holds now */
    uint64_t bad_frees;  /* frees refused as not from this heap */
};

void heap_init(struct heap *h, struct page_pool *pool);

/* NULL if size is 0, too large for the pool's biggest block, or the pool is
 * out of pages. */
void *heap_alloc(struct heap *h, size_t size);

/* heap_alloc, with the memory zeroed. */
void *heap_zalloc(struct heap *h, size_t size);

/* Returns ptr to the heap; NULL is ignored. A slab whose objects are all free
 * goes back to the pool at once. */
void heap_free(struct heap *h, void *ptr);

#endif
