/* Tests for xen/common/heap.c, on a page pool over a malloc'd buffer. */
#include <stdlib.h>
#include <string.h>
#include <keel/errno.h>
#include <keel/heap.h>
#include "unit.h"

#define MB (1ULL << 20)
#define BASE 0x40000000ULL

struct fixture {
    struct page_pool pool;
    struct heap heap;
    uint8_t *mem;
    uint64_t size;
    uint64_t free0;
};

static void setup(struct fixture *f, uint64_t size)
{
    f->mem = aligned_alloc(PAGE_SIZE, size);
    CU_ASSERT_PTR_NOT_NULL_FATAL(f->mem);
    memset(f->mem, 0x5a, size);
    f->size = size;
    page_pool_init(&f->pool);
    CU_ASSERT_EQUAL_FATAL(page_pool_add(&f->pool, BASE, size, f->mem), 0);
    heap_init(&f->heap, &f->pool);
    f->free0 = page_pool_free_pages(&f->pool);
}

/* Everything was given back: the pool is whole again. */
static void teardown(struct fixture *f)
{
    CU_ASSERT_EQUAL(f->heap.pages, 0);
    CU_ASSERT_EQUAL(page_pool_free_pages(&f->pool), f->free0);
    free(f->mem);
}

static bool in_pool(struct fixture *f, const void *p, size_t size)
{
    const uint8_t *b = p;

    return b >= f->mem && b + size <= f->mem + f->size;
}

static void test_rejects_bad_sizes(void)
{
    struct fixture f;

    setup(&f, 4 * MB);
    CU_ASSERT_PTR_NULL(heap_alloc(&f.heap, 0));
    CU_ASSERT_PTR_NULL(heap_zalloc(&f.heap, 0));
    CU_ASSERT_PTR_NULL(heap_alloc(&f.heap, SIZE_MAX));
    CU_ASSERT_PTR_NULL(heap_alloc(&f.heap, SIZE_MAX - 15));
    CU_ASSERT_PTR_NULL(heap_alloc(&f.heap, PAGE_SIZE << PAGE_ORDER_MAX));
    /* Within the largest order but more than this pool holds. */
    CU_ASSERT_PTR_NULL(heap_alloc(&f.heap, 4 * MB));
    CU_ASSERT_EQUAL(f.heap.bad_frees, 0);
    teardown(&f);
}

static void test_sizes_alignment_no_overlap(void)
{
    static uint8_t *ptrs[600];
    static size_t sizes[600];
    struct fixture f;
    unsigned int n = 0;

    setup(&f, 8 * MB);
    for (size_t size = 1; size < 9000; size += 1 + size / 8, n++) {
        CU_ASSERT_FATAL(n < ARRAY_SIZE(ptrs));
        ptrs[n] = heap_alloc(&f.heap, size);
        sizes[n] = size;
        CU_ASSERT_PTR_NOT_NULL_FATAL(ptrs[n]);
        CU_ASSERT(IS_ALIGNED((uintptr_t)ptrs[n], HEAP_ALIGN));
        CU_ASSERT(in_pool(&f, ptrs[n], size));
        memset(ptrs[n], (int)n, size);
    }
    for (unsigned int i = 0; i < n; i++) {
        for (size_t k = 0; k < sizes[i]; k++)
            CU_ASSERT_EQUAL_FATAL(ptrs[i][k], (uint8_t)i);
        heap_free(&f.heap, ptrs[i]);
    }
    CU_ASSERT_EQUAL(f.heap.bad_frees, 0);
    teardown(&f);
}

static void free_shuffled(struct heap *h, void **ptrs, unsigned int n)
{
    for (unsigned int i = n; i > 0; i--) {
        unsigned int j = rand() % i;

        heap_free(h, ptrs[j]);
        ptrs[j] = ptrs[i - 1];
    }
}

/* Documents the slab layout: 64-byte header, a page for classes up to 512
 * bytes, 8 KiB for 1024 and 16 KiB for 2048. */
static void test_slabs_pack_and_return(void)
{
    static void *ptrs[300];
    struct fixture f;

    srand(3);
    setup(&f, 4 * MB);
    for (unsigned int i = 0; i < 252; i++)
        CU_ASSERT_PTR_NOT_NULL_FATAL(ptrs[i] = heap_alloc(&f.heap, 16));
    CU_ASSERT_EQUAL(f.heap.pages, 1);
    CU_ASSERT_EQUAL(page_pool_free_pages(&f.pool), f.free0 - 1);
    CU_ASSERT_PTR_NOT_NULL_FATAL(ptrs[252] = heap_alloc(&f.heap, 9));
    CU_ASSERT_EQUAL(f.heap.pages, 2);
    free_shuffled(&f.heap, ptrs, 253);
    CU_ASSERT_EQUAL(f.heap.pages, 0);

    /* 2048-byte objects spread over four pages; freeing ones that start in
     * the later pages must find the header in the first. */
    for (unsigned int i = 0; i < 14; i++)
        CU_ASSERT_PTR_NOT_NULL_FATAL(ptrs[i] = heap_alloc(&f.heap, 2000));
    CU_ASSERT_EQUAL(f.heap.pages, 8);
    free_shuffled(&f.heap, ptrs, 14);
    for (unsigned int i = 0; i < 7; i++)
        CU_ASSERT_PTR_NOT_NULL_FATAL(ptrs[i] = heap_alloc(&f.heap, 1024));
    CU_ASSERT_EQUAL(f.heap.pages, 2);
    free_shuffled(&f.heap, ptrs, 7);
    CU_ASSERT_EQUAL(f.heap.bad_frees, 0);
    teardown(&f);
}

static void test_large_blocks(void)
{
    struct fixture f;
    uint8_t *a, *b, *c;

    setup(&f, 4 * MB);
    /* The header pushes a page-sized request into two pages. */
    CU_ASSERT_PTR_NOT_NULL_FATAL(a = heap_alloc(&f.heap, PAGE_SIZE));
    CU_ASSERT_EQUAL(f.heap.pages, 2);
    CU_ASSERT_PTR_NOT_NULL_FATAL(b = heap_alloc(&f.heap, 4032));
    CU_ASSERT_EQUAL(f.heap.pages, 3);
    CU_ASSERT_PTR_NOT_NULL_FATAL(c = heap_alloc(&f.heap, MB));
    CU_ASSERT_EQUAL(f.heap.pages, 3 + 512);
    CU_ASSERT(IS_ALIGNED((uintptr_t)a | (uintptr_t)b | (uintptr_t)c,
                         HEAP_ALIGN));
    CU_ASSERT(in_pool(&f, a, PAGE_SIZE) && in_pool(&f, b, 4032) &&
              in_pool(&f, c, MB));
    memset(a, 1, PAGE_SIZE);
    memset(b, 2, 4032);
    memset(c, 3, MB);
    CU_ASSERT_EQUAL(a[PAGE_SIZE - 1], 1);
    CU_ASSERT_EQUAL(b[0], 2);
    heap_free(&f.heap, c);
    heap_free(&f.heap, a);
    heap_free(&f.heap, b);
    CU_ASSERT_EQUAL(f.heap.bad_frees, 0);
    teardown(&f);
}

static void test_zalloc_zeroes(void)
{
    struct fixture f;
    uint8_t *p;

    setup(&f, 4 * MB);
    p = heap_alloc(&f.heap, 100);
    CU_ASSERT_PTR_NOT_NULL_FATAL(p);
    memset(p, 0xaa, 100);
    heap_free(&f.heap, p);
    p = heap_zalloc(&f.heap, 100);
    CU_ASSERT_PTR_NOT_NULL_FATAL(p);
    for (unsigned int i = 0; i < 100; i++)
        CU_ASSERT_EQUAL_FATAL(p[i], 0);
    heap_free(&f.heap, p);
    /* Pool memory starts as 0x5a, so a large zalloc must clear it. */
    p = heap_zalloc(&f.heap, 3 * PAGE_SIZE);
    CU_ASSERT_PTR_NOT_NULL_FATAL(p);
    for (unsigned int i = 0; i < 3 * PAGE_SIZE; i++)
        CU_ASSERT_EQUAL_FATAL(p[i], 0);
    heap_free(&f.heap, p);
    teardown(&f);
}

/* Each of these frees must be refused, counted, and leave no trace. */
static void expect_bad_free(struct fixture *f, void *ptr)
{
    uint64_t bad = f->heap.bad_frees, pages = f->heap.pages;
    uint64_t pool = page_pool_free_pages(&f->pool);

    heap_free(&f->heap, ptr);
    CU_ASSERT_EQUAL(f->heap.bad_frees, bad + 1);
    CU_ASSERT_EQUAL(f->heap.pages, pages);
    CU_ASSERT_EQUAL(page_pool_free_pages(&f->pool), pool);
}

static uint8_t *page_of(struct fixture *f, const uint8_t *p)
{
    return f->mem + ALIGN_DOWN((uintptr_t)(p - f->mem), PAGE_SIZE);
}

static void test_bad_frees(void)
{
    struct fixture f;
    struct heap other;
    uint8_t *x, *y, *z, *big, *header, *foreign, *raw;
    int on_stack;
    paddr_t pa;

    setup(&f, 4 * MB);
    heap_free(&f.heap, NULL);
    CU_ASSERT_EQUAL(f.heap.bad_frees, 0);
    x = heap_alloc(&f.heap, 64);
    y = heap_alloc(&f.heap, 64);
    z = heap_alloc(&f.heap, 512);
    big = heap_alloc(&f.heap, 10000);
    CU_ASSERT_FATAL(x && y && z && big);
    header = page_of(&f, x);

    expect_bad_free(&f, x + 1);
    expect_bad_free(&f, x + 8);
    expect_bad_free(&f, x + 16);             /* inside the object */
    expect_bad_free(&f, header);             /* the slab's own header */
    /* A 512-byte slab page holds 7 objects after its 64-byte header; the
     * eighth slot would be aligned but does not exist. */
    expect_bad_free(&f, page_of(&f, z) + 64 + 7 * 512);
    expect_bad_free(&f, big + 16);
    expect_bad_free(&f, big + PAGE_SIZE);
    expect_bad_free(&f, &on_stack);
    foreign = malloc(64);
    expect_bad_free(&f, foreign);
    free(foreign);
    expect_bad_free(&f, f.mem);              /* the pool's metadata */
    expect_bad_free(&f, f.mem + f.size - PAGE_SIZE); /* a free pool page */

    /* A page taken straight from the pool, even one holding a copy of a
     * real slab header, is not the heap's. */
    CU_ASSERT_EQUAL_FATAL(page_alloc(&f.pool, 0, &pa), 0);
    raw = page_pool_map(&f.pool, pa);
    memcpy(raw, header, 256);
    expect_bad_free(&f, raw + (x - header));
    expect_bad_free(&f, raw + 64);
    CU_ASSERT_EQUAL(page_free(&f.pool, pa, 0), 0);

    /* Another heap's object. */
    heap_init(&other, &f.pool);
    foreign = heap_alloc(&other, 64);
    CU_ASSERT_PTR_NOT_NULL_FATAL(foreign);
    expect_bad_free(&f, foreign);
    heap_free(&other, foreign);
    CU_ASSERT_EQUAL(other.bad_frees, 0);

    /* Double frees: while the slab lives, after it is gone, and of a
     * large block. */
    heap_free(&f.heap, x);
    expect_bad_free(&f, x);
    heap_free(&f.heap, y);
    expect_bad_free(&f, y);
    heap_free(&f.heap, big);
    expect_bad_free(&f, big);
    heap_free(&f.heap, z);
    CU_ASSERT_EQUAL(f.heap.bad_frees, 17);
    teardown(&f);
}

/* A page that once held a genuine slab header of this heap, written back by
 * whoever owned the page next (a guest, say) and returned inside a larger
 * block, later becomes the second page of a 2048-byte slab. Freeing the
 * object that starts in that page must still find the real header in the
 * slab's first page. */
static void test_stale_header_in_reused_page(void)
{
    const paddr_t block = BASE + 4 * PAGE_SIZE;
    uint8_t stale[64], *x, *objs[3];
    struct fixture f;

    setup(&f, MB);
    /* Pages 1..4 taken, so the heap's first slab lands on page 5. */
    CU_ASSERT_EQUAL_FATAL(page_alloc_at(&f.pool, BASE + PAGE_SIZE, 0), 0);
    CU_ASSERT_EQUAL_FATAL(page_alloc_at(&f.pool, BASE + 2 * PAGE_SIZE, 1), 0);
    CU_ASSERT_EQUAL_FATAL(page_alloc_at(&f.pool, block, 0), 0);
    x = heap_alloc(&f.heap, 16);
    CU_ASSERT_PTR_EQUAL_FATAL(page_of(&f, x), f.mem + 5 * PAGE_SIZE);
    memcpy(stale, f.mem + 5 * PAGE_SIZE, sizeof(stale));
    heap_free(&f.heap, x);
    CU_ASSERT_EQUAL_FATAL(page_free(&f.pool, block, 0), 0);
    /* The next owner of pages 4..7 leaves the old header behind. */
    CU_ASSERT_EQUAL_FATAL(page_alloc_at(&f.pool, block, 2), 0);
    memcpy(f.mem + 5 * PAGE_SIZE, stale, sizeof(stale));
    CU_ASSERT_EQUAL_FATAL(page_free(&f.pool, block, 2), 0);
    /* Pages 4..7 are the smallest free block a 2048-byte slab fits. */
    for (unsigned int i = 0; i < 3; i++)
        CU_ASSERT_PTR_NOT_NULL_FATAL(objs[i] = heap_alloc(&f.heap, 2048));
    CU_ASSERT_PTR_EQUAL_FATAL(page_of(&f, objs[0]), f.mem + 4 * PAGE_SIZE);
    CU_ASSERT_PTR_EQUAL_FATAL(page_of(&f, objs[2]), f.mem + 5 * PAGE_SIZE);
    for (unsigned int i = 3; i > 0; i--)
        heap_free(&f.heap, objs[i - 1]);
    CU_ASSERT_EQUAL(f.heap.bad_frees, 0);
    CU_ASSERT_EQUAL(page_free(&f.pool, BASE + PAGE_SIZE, 0), 0);
    CU_ASSERT_EQUAL(page_free(&f.pool, BASE + 2 * PAGE_SIZE, 1), 0);
    teardown(&f);
}

static void test_exhaustion(void)
{
    static void *ptrs[70000];
    struct fixture f;
    unsigned int n = 0;
    void *p;

    srand(5);
    setup(&f, MB);
    while ((p = heap_alloc(&f.heap, 2048)) != NULL) {
        CU_ASSERT_FATAL(n < ARRAY_SIZE(ptrs));
        ptrs[n++] = p;
    }
    CU_ASSERT(n > 0);
    CU_ASSERT(page_largest_free_order(&f.pool) < 2);
    CU_ASSERT_PTR_NULL(heap_alloc(&f.heap, 4 * PAGE_SIZE));
    /* Smaller classes still fit in what is left, until that runs out. */
    while ((p = heap_alloc(&f.heap, 16)) != NULL) {
        CU_ASSERT_FATAL(n < ARRAY_SIZE(ptrs));
        ptrs[n++] = p;
    }
    CU_ASSERT_EQUAL(page_pool_free_pages(&f.pool), 0);
    CU_ASSERT_PTR_NULL(heap_alloc(&f.heap, 16));
    free_shuffled(&f.heap, ptrs, n);
    CU_ASSERT_EQUAL(f.heap.bad_frees, 0);
    teardown(&f);
}

/* Random allocations and frees checked against an owner map of 16-byte
 * granules and a fill pattern per object. */
#define RPOOL (2 * MB)
#define GRANULES (RPOOL / HEAP_ALIGN)

struct robj {
    uint8_t *ptr;
    size_t size;
    uint8_t tag;
};

static size_t random_size(void)
{
    unsigned int r = rand() % 100;

    if (r < 70)
        return 1 + rand() % HEAP_SLAB_MAX;
    if (r < 95)
        return HEAP_SLAB_MAX + 1 + rand() % 20000;
    return 1 + rand() % 300000;
}

static void claim(struct fixture *f, uint16_t *owner, const struct robj *o,
                  uint16_t id)
{
    size_t g0 = (size_t)(o->ptr - f->mem) / HEAP_ALIGN;
    size_t g1 = (size_t)(o->ptr - f->mem + o->size - 1) / HEAP_ALIGN;

    for (size_t g = g0; g <= g1; g++) {
        CU_ASSERT_FATAL(id == 0 || owner[g] == 0);
        owner[g] = id;
    }
}

static void test_random_against_model(void)
{
    static struct robj live[4000];
    static uint16_t owner[GRANULES];
    unsigned int nlive = 0, nulls = 0;
    struct fixture f;

    srand(99);
    memset(owner, 0, sizeof(owner));
    setup(&f, RPOOL);
    for (int step = 0; step < 30000; step++) {
        if (nlive < ARRAY_SIZE(live) && rand() % 100 < 55) {
            struct robj *o = &live[nlive];

            o->size = random_size();
            o->ptr = heap_alloc(&f.heap, o->size);
            if (!o->ptr) {
                nulls++;
                continue;
            }
            CU_ASSERT_FATAL(IS_ALIGNED((uintptr_t)o->ptr, HEAP_ALIGN));
            CU_ASSERT_FATAL(in_pool(&f, o->ptr, o->size));
            o->tag = (uint8_t)(1 + rand() % 255);
            memset(o->ptr, o->tag, o->size);
            claim(&f, owner, o, 1 + nlive % 65535);
            nlive++;
        } else if (nlive) {
            unsigned int i = rand() % nlive;
            struct robj *o = &live[i];

            for (size_t k = 0; k < o->size; k++)
                CU_ASSERT_EQUAL_FATAL(o->ptr[k], o->tag);
            claim(&f, owner, o, 0);
            heap_free(&f.heap, o->ptr);
            *o = live[--nlive];
        }
    }
    CU_ASSERT(nulls > 0);
    while (nlive) {
        heap_free(&f.heap, live[nlive - 1].ptr);
        nlive--;
    }
    CU_ASSERT_EQUAL(f.heap.bad_frees, 0);
    teardown(&f);
}

UNIT_SUITE(heap,
           UNIT_TEST(test_rejects_bad_sizes),
           UNIT_TEST(test_sizes_alignment_no_overlap),
           UNIT_TEST(test_slabs_pack_and_return),
           UNIT_TEST(test_large_blocks),
           UNIT_TEST(test_zalloc_zeroes),
           UNIT_TEST(test_bad_frees),
           UNIT_TEST(test_stale_header_in_reused_page),
           UNIT_TEST(test_exhaustion),
           UNIT_TEST(test_random_against_model))
