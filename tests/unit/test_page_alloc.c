/* Tests for xen/common/page_alloc.c: each zone is a malloc'd buffer standing
 * for a made-up physical base, and a shadow model of page states checks every
 * answer the allocator gives. */
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <keel/errno.h>
#include <keel/page_alloc.h>
#include "unit.h"

#define KB (1ULL << 10)
#define MB (1ULL << 20)
#define GB (1ULL << 30)

/* Zone memory starts out as garbage so nothing relies on zeroed RAM. */
static void *zone_mem(size_t size)
{
    void *m = aligned_alloc(PAGE_SIZE, size);

    CU_ASSERT_PTR_NOT_NULL_FATAL(m);
    memset(m, 0xa5, size);
    return m;
}

static void one_zone(struct page_pool *p, void **mem, paddr_t base,
                     uint64_t size)
{
    page_pool_init(p);
    *mem = zone_mem(size);
    CU_ASSERT_EQUAL_FATAL(page_pool_add(p, base, size, *mem), 0);
}

static void test_add_rejects_bad_zones(void)
{
    struct page_pool p;
    void *a = zone_mem(MB), *b = zone_mem(MB);

    page_pool_init(&p);
    CU_ASSERT_EQUAL(page_pool_add(&p, 0x40000800, MB, a), -EINVAL);
    CU_ASSERT_EQUAL(page_pool_add(&p, 0x40000000, MB + 1, a), -EINVAL);
    CU_ASSERT_EQUAL(page_pool_add(&p, 0x40000000, 0, a), -EINVAL);
    CU_ASSERT_EQUAL(page_pool_add(&p, 0x40000000, MB, NULL), -EINVAL);
    CU_ASSERT_EQUAL(page_pool_add(&p, 0x40000000, MB, (char *)a + 8), -EINVAL);
    /* One page is all metadata. */
    CU_ASSERT_EQUAL(page_pool_add(&p, 0x40000000, PAGE_SIZE, a), -EINVAL);
    CU_ASSERT_EQUAL(page_pool_add(&p, 0xfffffffffff00000ULL, 2 * MB, a),
                    -EINVAL);
    /* Too many pages for 32-bit links; rejected before map is touched. */
    CU_ASSERT_EQUAL(page_pool_add(&p, 0, PAGE_ZONE_PAGES_MAX << PAGE_SHIFT,
                                  (void *)0x10000),
                    -EINVAL);
    CU_ASSERT_EQUAL(p.nzones, 0);
    CU_ASSERT_EQUAL(page_pool_free_pages(&p), 0);

    CU_ASSERT_EQUAL(page_pool_add(&p, 0x40000000, MB, a), 0);
    /* Overlapping physical addresses, or the same host memory twice. */
    CU_ASSERT_EQUAL(page_pool_add(&p, 0x400ff000, MB, b), -EINVAL);
    CU_ASSERT_EQUAL(page_pool_add(&p, 0x3ff01000, MB, b), -EINVAL);
    CU_ASSERT_EQUAL(page_pool_add(&p, 0x80000000, MB, a), -EINVAL);
    CU_ASSERT_EQUAL(p.nzones, 1);
    CU_ASSERT_EQUAL(page_pool_free_pages(&p), 255);
    /* Adjacent is fine. */
    CU_ASSERT_EQUAL(page_pool_add(&p, 0x40100000, MB, b), 0);
    CU_ASSERT_EQUAL(page_pool_free_pages(&p), 510);
    free(a);
    free(b);
}

static void test_add_too_many_zones(void)
{
    struct page_pool p;
    char *mem = zone_mem((PAGE_POOL_ZONES_MAX + 1) * 2 * PAGE_SIZE);

    page_pool_init(&p);
    for (unsigned int i = 0; i < PAGE_POOL_ZONES_MAX; i++)
        CU_ASSERT_EQUAL(page_pool_add(&p, 0x40000000 + i * 0x100000ULL,
                                      2 * PAGE_SIZE, mem + i * 2 * PAGE_SIZE),
                        0);
    CU_ASSERT_EQUAL(page_pool_add(&p, 0x90000000, 2 * PAGE_SIZE,
                                  mem + PAGE_POOL_ZONES_MAX * 2 * PAGE_SIZE),
                    -ENOSPC);
    CU_ASSERT_EQUAL(p.nzones, PAGE_POOL_ZONES_MAX);
    CU_ASSERT_EQUAL(page_pool_free_pages(&p), PAGE_POOL_ZONES_MAX);
    free(mem);
}

static void test_initial_state_and_lookups(void)
{
    struct page_pool p;
    void *mem;
    int on_stack;

    page_pool_init(&p);
    CU_ASSERT_EQUAL(page_largest_free_order(&p), -ENOMEM);
    one_zone(&p, &mem, 0x40000000, 2 * MB);
    /* 512 pages, the first holding the metadata. */
    CU_ASSERT_EQUAL(page_pool_free_pages(&p), 511);
    CU_ASSERT_EQUAL(page_largest_free_order(&p), 8);
    CU_ASSERT_PTR_NULL(page_pool_map(&p, 0x40000000));
    CU_ASSERT_PTR_NULL(page_pool_map(&p, 0x3ffff000));
    CU_ASSERT_PTR_NULL(page_pool_map(&p, 0x40200000));
    CU_ASSERT_PTR_EQUAL(page_pool_map(&p, 0x40001000), (char *)mem + 4096);
    CU_ASSERT_PTR_EQUAL(page_pool_map(&p, 0x401fffff),
                        (char *)mem + 2 * MB - 1);
    CU_ASSERT_EQUAL(page_pool_paddr(&p, (char *)mem + 4096 + 5), 0x40001005);
    CU_ASSERT_EQUAL(page_pool_paddr(&p, mem), 0);
    CU_ASSERT_EQUAL(page_pool_paddr(&p, (char *)mem + 2 * MB), 0);
    CU_ASSERT_EQUAL(page_pool_paddr(&p, &on_stack), 0);
    free(mem);
}

static void test_alloc_alignment(void)
{
    struct page_pool p;
    void *mem;

    /* A base aligned to one page only: alignment must follow physical
     * addresses, not offsets in the zone. */
    one_zone(&p, &mem, 0x40003000, 4 * MB);
    for (unsigned int order = 0; order <= 9; order++) {
        paddr_t pa;

        CU_ASSERT_EQUAL_FATAL(page_alloc(&p, order, &pa), 0);
        CU_ASSERT(IS_ALIGNED(pa, PAGE_SIZE << order));
        CU_ASSERT(pa >= 0x40004000);
        CU_ASSERT(pa + (PAGE_SIZE << order) <= 0x40003000 + 4 * MB);
    }
    free(mem);
}

static void test_alloc_errors(void)
{
    struct page_pool p;
    paddr_t pa = 0x1234;
    void *mem;

    page_pool_init(&p);
    CU_ASSERT_EQUAL(page_alloc(&p, 0, &pa), -ENOMEM);
    one_zone(&p, &mem, 0x40000000, 2 * MB);
    CU_ASSERT_EQUAL(page_alloc(&p, PAGE_ORDER_MAX + 1, &pa), -EINVAL);
    CU_ASSERT_EQUAL(page_alloc(&p, 0, NULL), -EINVAL);
    CU_ASSERT_EQUAL(page_alloc(&p, 9, &pa), -ENOMEM);
    CU_ASSERT_EQUAL(pa, 0x1234);
    CU_ASSERT_EQUAL(page_pool_free_pages(&p), 511);
    free(mem);
}

/* Order-0 pages until the pool is dry, each checked against a bitmap. */
static unsigned int drain(struct page_pool *p, paddr_t *out, unsigned int max)
{
    unsigned int n = 0;
    paddr_t pa;
    int rc;

    while ((rc = page_alloc(p, 0, &pa)) == 0) {
        CU_ASSERT_FATAL(n < max);
        CU_ASSERT_PTR_NOT_NULL(page_pool_map(p, pa));
        for (unsigned int i = 0; i < n; i++)
            CU_ASSERT_FATAL(out[i] != pa);
        out[n++] = pa;
    }
    CU_ASSERT_EQUAL(rc, -ENOMEM);
    return n;
}

static void shuffle(paddr_t *a, unsigned int n)
{
    for (unsigned int i = n; i > 1; i--) {
        unsigned int j = rand() % i;
        paddr_t t = a[i - 1];

        a[i - 1] = a[j];
        a[j] = t;
    }
}

static void test_exhaustion_and_coalescing(void)
{
    static paddr_t pages[2048];
    struct page_pool p;
    uint8_t meta0[2048];
    unsigned int n;
    void *mem;

    srand(11);
    one_zone(&p, &mem, 0x40000000, 8 * MB);
    memcpy(meta0, mem, sizeof(meta0));
    CU_ASSERT_EQUAL(page_largest_free_order(&p), 10);
    n = drain(&p, pages, ARRAY_SIZE(pages));
    CU_ASSERT_EQUAL(n, 2047);
    CU_ASSERT_EQUAL(page_pool_free_pages(&p), 0);
    CU_ASSERT_EQUAL(page_largest_free_order(&p), -ENOMEM);
    CU_ASSERT_EQUAL(page_alloc(&p, 3, &pages[n]), -ENOMEM);
    CU_ASSERT_EQUAL(page_alloc_at(&p, 0x40400000, 0), -EBUSY);
    shuffle(pages, n);
    for (unsigned int i = 0; i < n; i++)
        CU_ASSERT_EQUAL_FATAL(page_free(&p, pages[i], 0), 0);
    CU_ASSERT_EQUAL(page_pool_free_pages(&p), 2047);
    /* Fully merged again: the same blocks as a fresh zone. */
    CU_ASSERT_EQUAL(memcmp(meta0, mem, sizeof(meta0)), 0);
    CU_ASSERT_EQUAL(page_largest_free_order(&p), 10);
    CU_ASSERT_EQUAL(page_alloc_at(&p, 0x40400000, 10), 0);
    free(mem);
}

/* A guest's RAM comes as 2 MiB blocks and is ballooned back page by page. */
static void test_split_then_free_pages(void)
{
    struct page_pool p;
    uint64_t before;
    paddr_t blk;
    void *mem;

    one_zone(&p, &mem, 0x40000000, 8 * MB);
    before = page_pool_free_pages(&p);
    CU_ASSERT_EQUAL_FATAL(page_alloc(&p, 9, &blk), 0);
    CU_ASSERT_EQUAL(page_split(&p, blk, 8), -EINVAL);     /* wrong order */
    CU_ASSERT_EQUAL(page_split(&p, blk + PAGE_SIZE, 9), -EINVAL);
    CU_ASSERT_EQUAL(page_split(&p, blk, 9), 0);
    CU_ASSERT_EQUAL(page_free(&p, blk, 9), -EINVAL);      /* no longer a block */
    CU_ASSERT_EQUAL(page_split(&p, blk, 9), -EINVAL);
    for (unsigned int i = 0; i < 512; i += 2)
        CU_ASSERT_EQUAL_FATAL(page_free(&p, blk + i * PAGE_SIZE, 0), 0);
    CU_ASSERT_EQUAL(page_pool_free_pages(&p), before - 256);
    CU_ASSERT_EQUAL(page_free(&p, blk, 0), -EINVAL);      /* double free */
    for (unsigned int i = 1; i < 512; i += 2)
        CU_ASSERT_EQUAL_FATAL(page_free(&p, blk + i * PAGE_SIZE, 0), 0);
    CU_ASSERT_EQUAL(page_pool_free_pages(&p), before);
    CU_ASSERT_EQUAL(page_largest_free_order(&p), 10);     /* merged back */
    free(mem);
}

static void test_alloc_at(void)
{
    struct page_pool p;
    void *mem;

    one_zone(&p, &mem, 0x40000000, 2 * MB);
    /* A whole free block, twice. */
    CU_ASSERT_EQUAL(page_alloc_at(&p, 0x40100000, 8), 0);
    CU_ASSERT_EQUAL(page_alloc_at(&p, 0x40100000, 8), -EBUSY);
    CU_ASSERT_EQUAL(page_alloc_at(&p, 0x40180000, 0), -EBUSY);
    CU_ASSERT_EQUAL(page_pool_free_pages(&p), 255);
    CU_ASSERT_EQUAL(page_free(&p, 0x40100000, 8), 0);
    /* A page out of the middle of a free block, then its neighbours. */
    CU_ASSERT_EQUAL(page_alloc_at(&p, 0x40103000, 0), 0);
    CU_ASSERT_EQUAL(page_pool_free_pages(&p), 510);
    CU_ASSERT_EQUAL(page_alloc_at(&p, 0x40100000, 2), -EBUSY);
    CU_ASSERT_EQUAL(page_alloc_at(&p, 0x40100000, 8), -EBUSY);
    CU_ASSERT_EQUAL(page_alloc_at(&p, 0x40104000, 2), 0);
    CU_ASSERT_EQUAL(page_alloc_at(&p, 0x40100000, 1), 0);
    CU_ASSERT_EQUAL(page_alloc_at(&p, 0x40102000, 0), 0);
    CU_ASSERT_EQUAL(page_pool_free_pages(&p), 503);
    CU_ASSERT_EQUAL(page_free(&p, 0x40102000, 0), 0);
    CU_ASSERT_EQUAL(page_free(&p, 0x40104000, 2), 0);
    CU_ASSERT_EQUAL(page_free(&p, 0x40103000, 0), 0);
    CU_ASSERT_EQUAL(page_free(&p, 0x40100000, 1), 0);
    CU_ASSERT_EQUAL(page_alloc_at(&p, 0x40100000, 8), 0);
    CU_ASSERT_EQUAL(page_free(&p, 0x40100000, 8), 0);
    /* Malformed or outside any zone. */
    CU_ASSERT_EQUAL(page_alloc_at(&p, 0x40101000, 1), -EINVAL);
    CU_ASSERT_EQUAL(page_alloc_at(&p, 0x40100800, 0), -EINVAL);
    CU_ASSERT_EQUAL(page_alloc_at(&p, 0x40100000, PAGE_ORDER_MAX + 1),
                    -EINVAL);
    CU_ASSERT_EQUAL(page_alloc_at(&p, 0x3ffff000, 0), -EINVAL);
    CU_ASSERT_EQUAL(page_alloc_at(&p, 0x40200000, 0), -EINVAL);
    CU_ASSERT_EQUAL(page_alloc_at(&p, 0x40000000, 10), -EINVAL);
    /* The metadata page is never free. */
    CU_ASSERT_EQUAL(page_alloc_at(&p, 0x40000000, 0), -EBUSY);
    CU_ASSERT_EQUAL(page_alloc_at(&p, 0x40000000, 1), -EBUSY);
    CU_ASSERT_EQUAL(page_pool_free_pages(&p), 511);
    free(mem);
}

static void test_alloc_at_page_never_reissued(void)
{
    static paddr_t pages[512];
    struct page_pool p;
    unsigned int n;
    void *mem;

    one_zone(&p, &mem, 0x40000000, 2 * MB);
    CU_ASSERT_EQUAL(page_alloc_at(&p, 0x40077000, 0), 0);
    n = drain(&p, pages, ARRAY_SIZE(pages));
    CU_ASSERT_EQUAL(n, 510);
    for (unsigned int i = 0; i < n; i++)
        CU_ASSERT(pages[i] != 0x40077000);
    free(mem);
}

static void test_free_refuses_misuse(void)
{
    struct page_pool p;
    paddr_t pa, a, b, c;
    uint64_t left;
    void *mem;

    one_zone(&p, &mem, 0x40000000, 2 * MB);
    CU_ASSERT_EQUAL_FATAL(page_alloc(&p, 2, &pa), 0);
    left = page_pool_free_pages(&p);
    CU_ASSERT_EQUAL(page_free(&p, pa, 1), -EINVAL);
    CU_ASSERT_EQUAL(page_free(&p, ALIGN_DOWN(pa, 8 * PAGE_SIZE), 3), -EINVAL);
    CU_ASSERT_EQUAL(page_free(&p, pa + PAGE_SIZE, 0), -EINVAL);
    CU_ASSERT_EQUAL(page_free(&p, pa + 2 * PAGE_SIZE, 1), -EINVAL);
    CU_ASSERT_EQUAL(page_free(&p, pa, PAGE_ORDER_MAX + 1), -EINVAL);
    CU_ASSERT_EQUAL(page_free(&p, pa + 0x10, 0), -EINVAL);
    CU_ASSERT_EQUAL(page_free(&p, 0x10000000, 0), -EINVAL);
    CU_ASSERT_EQUAL(page_free(&p, 0x40000000, 0), -EINVAL);
    CU_ASSERT_EQUAL(page_free(&p, 0x40100000, 8), -EINVAL); /* free block */
    CU_ASSERT_EQUAL(page_pool_free_pages(&p), left);
    CU_ASSERT_EQUAL(page_free(&p, pa, 2), 0);
    CU_ASSERT_EQUAL(page_free(&p, pa, 2), -EINVAL);
    CU_ASSERT_EQUAL(page_pool_free_pages(&p), 511);

    /* Double free after the block merged with its buddy. */
    a = 0x40010000;
    b = a + PAGE_SIZE;
    CU_ASSERT_EQUAL_FATAL(page_alloc_at(&p, a, 0), 0);
    CU_ASSERT_EQUAL_FATAL(page_alloc_at(&p, b, 0), 0);
    CU_ASSERT_EQUAL(page_free(&p, a, 0), 0);
    CU_ASSERT_EQUAL(page_free(&p, b, 0), 0);
    CU_ASSERT_EQUAL(page_free(&p, a, 0), -EINVAL);
    CU_ASSERT_EQUAL(page_free(&p, b, 0), -EINVAL);
    /* A stale order after the block was freed and handed out smaller. */
    CU_ASSERT_EQUAL_FATAL(page_alloc(&p, 1, &c), 0);
    CU_ASSERT_EQUAL(page_free(&p, c, 1), 0);
    CU_ASSERT_EQUAL(page_alloc_at(&p, c, 0), 0);
    CU_ASSERT_EQUAL(page_free(&p, c, 1), -EINVAL);
    CU_ASSERT_EQUAL(page_free(&p, c, 0), 0);
    CU_ASSERT_EQUAL(page_pool_free_pages(&p), 511);
    free(mem);
}

static void test_multiple_zones(void)
{
    static paddr_t pages[600];
    struct page_pool p;
    void *small = zone_mem(16 * KB), *big = zone_mem(2 * MB);
    unsigned int n, in_small = 0;
    paddr_t pa;

    page_pool_init(&p);
    CU_ASSERT_EQUAL_FATAL(page_pool_add(&p, 0x80000000, 2 * MB, big), 0);
    CU_ASSERT_EQUAL_FATAL(page_pool_add(&p, 0x40000000, 16 * KB, small), 0);
    CU_ASSERT_EQUAL(page_pool_free_pages(&p), 511 + 3);
    /* With the big zone's order-1 block gone, an order-1 request fits the
     * small zone exactly and must not split the big zone's order-2 block. */
    CU_ASSERT_EQUAL(page_alloc_at(&p, 0x80002000, 1), 0);
    CU_ASSERT_EQUAL(page_alloc(&p, 1, &pa), 0);
    CU_ASSERT_EQUAL(pa, 0x40002000);
    CU_ASSERT_EQUAL(page_free(&p, pa, 1), 0);
    CU_ASSERT_EQUAL(page_free(&p, 0x80002000, 1), 0);
    /* Orders only the big zone has. */
    CU_ASSERT_EQUAL(page_alloc(&p, 8, &pa), 0);
    CU_ASSERT_EQUAL(pa, 0x80100000);
    CU_ASSERT_EQUAL(page_free(&p, pa, 8), 0);

    n = drain(&p, pages, ARRAY_SIZE(pages));
    CU_ASSERT_EQUAL(n, 514);
    for (unsigned int i = 0; i < n; i++) {
        void *ptr = page_pool_map(&p, pages[i]);

        CU_ASSERT_EQUAL(page_pool_paddr(&p, ptr), pages[i]);
        in_small += pages[i] < 0x80000000;
    }
    CU_ASSERT_EQUAL(in_small, 3);
    CU_ASSERT_PTR_EQUAL(page_pool_map(&p, 0x40003000),
                        (char *)small + 3 * PAGE_SIZE);
    CU_ASSERT_PTR_NULL(page_pool_map(&p, 0x40004000));
    shuffle(pages, n);
    for (unsigned int i = 0; i < n; i++)
        CU_ASSERT_EQUAL(page_free(&p, pages[i], 0), 0);
    CU_ASSERT_EQUAL(page_pool_free_pages(&p), 514);
    CU_ASSERT_EQUAL(page_largest_free_order(&p), 8);
    free(small);
    free(big);
}

/* A 16 GiB zone backed by reserved-but-untouched host memory: only the
 * metadata and the first bytes of free blocks are ever written. */
static void test_sixteen_gib_zone(void)
{
    const uint64_t size = 16 * GB, base = 0x800000000ULL;
    static paddr_t pages[2000];
    struct page_pool p;
    paddr_t pa, big[3];
    void *mem;

    mem = mmap(NULL, size, PROT_READ | PROT_WRITE,
               MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    CU_ASSERT_FATAL(mem != MAP_FAILED);
    page_pool_init(&p);
    CU_ASSERT_EQUAL_FATAL(page_pool_add(&p, base, size, mem), 0);
    CU_ASSERT_EQUAL(page_pool_free_pages(&p), 4 * MB - 1024);
    CU_ASSERT_EQUAL(page_largest_free_order(&p), PAGE_ORDER_MAX);
    for (unsigned int i = 0; i < 3; i++) {
        CU_ASSERT_EQUAL(page_alloc(&p, PAGE_ORDER_MAX, &big[i]), 0);
        CU_ASSERT(IS_ALIGNED(big[i], 4 * GB) && big[i] > base);
    }
    CU_ASSERT_EQUAL(page_alloc(&p, PAGE_ORDER_MAX, &pa), -ENOMEM);
    CU_ASSERT_EQUAL(page_largest_free_order(&p), 19);
    for (unsigned int i = 0; i < ARRAY_SIZE(pages); i++)
        CU_ASSERT_EQUAL_FATAL(page_alloc(&p, 0, &pages[i]), 0);
    for (unsigned int i = 0; i < ARRAY_SIZE(pages); i++)
        CU_ASSERT_EQUAL_FATAL(page_free(&p, pages[i], 0), 0);
    for (unsigned int i = 0; i < 3; i++)
        CU_ASSERT_EQUAL(page_free(&p, big[i], PAGE_ORDER_MAX), 0);
    CU_ASSERT_EQUAL(page_pool_free_pages(&p), 4 * MB - 1024);
    CU_ASSERT_EQUAL(page_alloc_at(&p, base + 12 * GB, PAGE_ORDER_MAX), 0);
    munmap(mem, size);
}

/* Random operations over three zones checked against a page-state model. */
#define RZONES 3
#define RMAX_PAGES 1024

enum { PG_FREE, PG_META, PG_USED };

struct rzone {
    paddr_t base;
    unsigned int npages;
    uint8_t *mem;
    uint8_t state[RMAX_PAGES];
};

struct rblock {
    paddr_t pa;
    unsigned int order;
    uint8_t tag;
};

struct rmodel {
    struct page_pool pool;
    struct rzone z[RZONES];
    struct rblock live[4096];
    unsigned int nlive;
    uint64_t nfree;
    unsigned int outcomes[3]; /* ENOMEM, alloc_at taken, alloc_at busy */
};

static struct rzone *rzone_of(struct rmodel *m, paddr_t pa, unsigned int *idx)
{
    *idx = 0;
    for (unsigned int i = 0; i < RZONES; i++) {
        struct rzone *z = &m->z[i];

        if (pa >= z->base && (pa - z->base) / PAGE_SIZE < z->npages) {
            *idx = (pa - z->base) / PAGE_SIZE;
            return z;
        }
    }
    return NULL;
}

/* 0 if the aligned block is wholly free, -EBUSY if not, -EINVAL if it is not
 * inside one zone: what page_alloc_at must answer. */
static int model_block(struct rmodel *m, paddr_t pa, unsigned int order)
{
    unsigned int idx;
    struct rzone *z = rzone_of(m, pa, &idx);

    if (!z || idx + (1U << order) > z->npages)
        return -EINVAL;
    for (unsigned int i = idx; i < idx + (1U << order); i++)
        if (z->state[i] != PG_FREE)
            return -EBUSY;
    return 0;
}

static bool model_has_block(struct rmodel *m, unsigned int order)
{
    uint64_t bytes = PAGE_SIZE << order;

    for (unsigned int i = 0; i < RZONES; i++) {
        struct rzone *z = &m->z[i];
        paddr_t end = z->base + (uint64_t)z->npages * PAGE_SIZE;

        for (paddr_t pa = ALIGN_UP(z->base, bytes); pa + bytes <= end;
             pa += bytes)
            if (model_block(m, pa, order) == 0)
                return true;
    }
    return false;
}

static void model_take(struct rmodel *m, paddr_t pa, unsigned int order)
{
    unsigned int idx;
    struct rzone *z = rzone_of(m, pa, &idx);
    struct rblock *b = &m->live[m->nlive++];

    if (!z) {
        CU_FAIL_FATAL("page_alloc gave a page outside every zone");
        return;
    }
    CU_ASSERT_FATAL(IS_ALIGNED(pa, PAGE_SIZE << order));
    CU_ASSERT_FATAL(model_block(m, pa, order) == 0);
    memset(&z->state[idx], PG_USED, 1U << order);
    m->nfree -= 1U << order;
    *b = (struct rblock){ pa, order, (uint8_t)rand() };
    memset(z->mem + (uint64_t)idx * PAGE_SIZE, b->tag, PAGE_SIZE << order);
}

static void model_give_back(struct rmodel *m, unsigned int i)
{
    struct rblock b = m->live[i];
    unsigned int idx;
    struct rzone *z = rzone_of(m, b.pa, &idx);
    const uint8_t *data;

    if (!z) {
        CU_FAIL_FATAL("model block outside every zone");
        return;
    }
    /* The allocator never writes into allocated pages. */
    data = z->mem + (uint64_t)idx * PAGE_SIZE;
    for (uint64_t k = 0; k < PAGE_SIZE << b.order; k++)
        CU_ASSERT_EQUAL_FATAL(data[k], b.tag);
    CU_ASSERT_EQUAL_FATAL(page_free(&m->pool, b.pa, b.order), 0);
    memset(&z->state[idx], PG_FREE, 1U << b.order);
    m->nfree += 1U << b.order;
    m->live[i] = m->live[--m->nlive];
}

static void random_alloc(struct rmodel *m)
{
    unsigned int order = rand() % 8;
    paddr_t pa;
    int rc = page_alloc(&m->pool, order, &pa);

    if (rc == 0) {
        model_take(m, pa, order);
    } else {
        CU_ASSERT_FATAL(rc == -ENOMEM && !model_has_block(m, order));
        m->outcomes[0]++;
    }
}

static void random_alloc_at(struct rmodel *m)
{
    const struct rzone *z = &m->z[rand() % RZONES];
    unsigned int order = rand() % 6;
    /* Sometimes a little outside the zone, sometimes misaligned. */
    paddr_t pa = z->base - 4 * PAGE_SIZE +
                 (paddr_t)(rand() % (z->npages + 8)) * PAGE_SIZE;
    int want, rc;

    if (rand() % 8)
        pa = ALIGN_DOWN(pa, PAGE_SIZE << order);
    want = IS_ALIGNED(pa, PAGE_SIZE << order) ? model_block(m, pa, order)
                                              : -EINVAL;
    rc = page_alloc_at(&m->pool, pa, order);
    CU_ASSERT_EQUAL_FATAL(rc, want);
    if (rc == 0)
        model_take(m, pa, order);
    m->outcomes[1] += rc == 0;
    m->outcomes[2] += rc == -EBUSY;
}

static void random_bad_free(struct rmodel *m)
{
    struct rblock *b;
    paddr_t pa;
    unsigned int idx;
    struct rzone *z;

    if (!m->nlive)
        return;
    b = &m->live[rand() % m->nlive];
    CU_ASSERT_EQUAL_FATAL(page_free(&m->pool, b->pa, b->order + 1), -EINVAL);
    if (b->order > 0) {
        CU_ASSERT_EQUAL_FATAL(page_free(&m->pool, b->pa, b->order - 1),
                              -EINVAL);
        CU_ASSERT_EQUAL_FATAL(page_free(&m->pool, b->pa + PAGE_SIZE, 0),
                              -EINVAL);
    }
    /* Any free page of the model is not a block to free. */
    z = &m->z[rand() % RZONES];
    idx = rand() % z->npages;
    pa = z->base + (paddr_t)idx * PAGE_SIZE;
    if (z->state[idx] != PG_USED)
        CU_ASSERT_EQUAL_FATAL(page_free(&m->pool, pa, 0), -EINVAL);
}

static void rmodel_init(struct rmodel *m)
{
    static const paddr_t bases[RZONES] = { 0x40000000, 0x80003000,
                                           0x100000000ULL };
    static const unsigned int sizes[RZONES] = { 512, 277, 1024 };

    memset(m, 0, sizeof(*m));
    page_pool_init(&m->pool);
    for (unsigned int i = 0; i < RZONES; i++) {
        struct rzone *z = &m->z[i];

        z->base = bases[i];
        z->npages = sizes[i];
        z->mem = zone_mem((size_t)z->npages * PAGE_SIZE);
        z->state[0] = PG_META;
        m->nfree += z->npages - 1;
        CU_ASSERT_EQUAL_FATAL(page_pool_add(&m->pool, z->base,
                                            (uint64_t)z->npages * PAGE_SIZE,
                                            z->mem),
                              0);
    }
}

static int model_largest(struct rmodel *m)
{
    for (int k = PAGE_ORDER_MAX; k >= 0; k--)
        if (model_has_block(m, k))
            return k;
    return -ENOMEM;
}

static void test_random_against_model(void)
{
    static struct rmodel m;
    uint8_t meta0[RZONES][RMAX_PAGES];
    unsigned int step;

    srand(1234);
    rmodel_init(&m);
    for (unsigned int i = 0; i < RZONES; i++)
        memcpy(meta0[i], m.z[i].mem, m.z[i].npages);
    for (step = 0; step < 20000; step++) {
        unsigned int r = rand() % 100;

        /* Phases that lean towards filling, then towards emptying. */
        if (r < ((step / 2000) % 2 ? 30 : 55))
            random_alloc(&m);
        else if (r < 70)
            random_alloc_at(&m);
        else if (r < 95 && m.nlive)
            model_give_back(&m, rand() % m.nlive);
        else
            random_bad_free(&m);
        CU_ASSERT_EQUAL_FATAL(page_pool_free_pages(&m.pool), m.nfree);
        if (step % 97 == 0)
            CU_ASSERT_EQUAL_FATAL(page_largest_free_order(&m.pool),
                                  model_largest(&m));
    }
    for (unsigned int i = 0; i < ARRAY_SIZE(m.outcomes); i++)
        CU_ASSERT(m.outcomes[i] > 100);
    while (m.nlive)
        model_give_back(&m, rand() % m.nlive);
    CU_ASSERT_EQUAL(page_pool_free_pages(&m.pool), 511 + 276 + 1023);
    for (unsigned int i = 0; i < RZONES; i++) {
        CU_ASSERT_EQUAL(memcmp(meta0[i], m.z[i].mem, m.z[i].npages), 0);
        free(m.z[i].mem);
    }
}

UNIT_SUITE(page_alloc,
           UNIT_TEST(test_add_rejects_bad_zones),
           UNIT_TEST(test_add_too_many_zones),
           UNIT_TEST(test_initial_state_and_lookups),
           UNIT_TEST(test_alloc_alignment),
           UNIT_TEST(test_alloc_errors),
           UNIT_TEST(test_exhaustion_and_coalescing),
           UNIT_TEST(test_split_then_free_pages),
           UNIT_TEST(test_alloc_at),
           UNIT_TEST(test_alloc_at_page_never_reissued),
           UNIT_TEST(test_free_refuses_misuse),
           UNIT_TEST(test_multiple_zones),
           UNIT_TEST(test_sixteen_gib_zone),
           UNIT_TEST(test_random_against_model))
