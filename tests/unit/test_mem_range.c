/* Tests for xen/common/mem_range.c. */
#include <stdlib.h>
#include <string.h>
#include <keel/errno.h>
#include <keel/mem_range.h>
#include "unit.h"

#define MB (1ULL << 20)

/* Checks the set holds exactly the n ranges given as base, size pairs. */
static void expect(const struct mem_ranges *s, unsigned int n,
                   const paddr_t *pairs)
{
    CU_ASSERT_EQUAL_FATAL(s->n, n);
    for (unsigned int i = 0; i < n; i++) {
        CU_ASSERT_EQUAL(s->r[i].base, pairs[2 * i]);
        CU_ASSERT_EQUAL(s->r[i].size, pairs[2 * i + 1]);
    }
}

#define EXPECT(s, ...)                                                   \
    do {                                                                 \
        const paddr_t pairs_[] = { __VA_ARGS__ };                        \
        expect(s, ARRAY_SIZE(pairs_) / 2, pairs_);                       \
    } while (0)

static void test_add_sorted_and_disjoint(void)
{
    struct mem_ranges s;

    mem_ranges_init(&s);
    CU_ASSERT_EQUAL(s.n, 0);
    CU_ASSERT_EQUAL(mem_ranges_add(&s, 0x5000, 0x1000), 0);
    CU_ASSERT_EQUAL(mem_ranges_add(&s, 0x1000, 0x1000), 0);
    CU_ASSERT_EQUAL(mem_ranges_add(&s, 0x9000, 0x1000), 0);
    CU_ASSERT_EQUAL(mem_ranges_add(&s, 0x7000, 0x800), 0);
    EXPECT(&s, 0x1000, 0x1000, 0x5000, 0x1000, 0x7000, 0x800, 0x9000, 0x1000);
    CU_ASSERT_EQUAL(mem_ranges_total(&s), 0x3800);
}

static void test_add_merges(void)
{
    struct mem_ranges s;

    mem_ranges_init(&s);
    CU_ASSERT_EQUAL(mem_ranges_add(&s, 0x1000, 0x1000), 0);
    /* Touching on either side merges. */
    CU_ASSERT_EQUAL(mem_ranges_add(&s, 0x2000, 0x1000), 0);
    CU_ASSERT_EQUAL(mem_ranges_add(&s, 0x0, 0x1000), 0);
    EXPECT(&s, 0x0, 0x3000);
    /* Overlap on the right, and a range already inside. */
    CU_ASSERT_EQUAL(mem_ranges_add(&s, 0x2800, 0x1000), 0);
    CU_ASSERT_EQUAL(mem_ranges_add(&s, 0x100, 0x100), 0);
    EXPECT(&s, 0x0, 0x3800);
    /* One range swallowing several and bridging the gaps between them. */
    CU_ASSERT_EQUAL(mem_ranges_add(&s, 0x5000, 0x1000), 0);
    CU_ASSERT_EQUAL(mem_ranges_add(&s, 0x8000, 0x1000), 0);
    CU_ASSERT_EQUAL(mem_ranges_add(&s, 0xb000, 0x1000), 0);
    CU_ASSERT_EQUAL(mem_ranges_add(&s, 0x3000, 0x6000), 0);
    EXPECT(&s, 0x0, 0x9000, 0xb000, 0x1000);
}

static void test_add_rejects_bad_ranges(void)
{
    struct mem_ranges s;

    mem_ranges_init(&s);
    CU_ASSERT_EQUAL(mem_ranges_add(&s, 0x1000, 0), -EINVAL);
    CU_ASSERT_EQUAL(mem_ranges_add(&s, UINT64_MAX - 0xfff, 0x1000), -EINVAL);
    CU_ASSERT_EQUAL(mem_ranges_add(&s, 1, UINT64_MAX), -EINVAL);
    CU_ASSERT_EQUAL(s.n, 0);
    /* The largest range that still fits. */
    CU_ASSERT_EQUAL(mem_ranges_add(&s, UINT64_MAX - 0x1000, 0x1000), 0);
    EXPECT(&s, UINT64_MAX - 0x1000, 0x1000);
}

static void fill(struct mem_ranges *s)
{
    mem_ranges_init(s);
    for (unsigned int i = 0; i < MEM_RANGES_MAX; i++)
        CU_ASSERT_EQUAL_FATAL(mem_ranges_add(s, i * 0x10000ULL, 0x1000), 0);
    CU_ASSERT_EQUAL_FATAL(s->n, MEM_RANGES_MAX);
}

static void test_add_full(void)
{
    struct mem_ranges s, before;

    fill(&s);
    before = s;
    CU_ASSERT_EQUAL(mem_ranges_add(&s, 0x8000, 0x1000), -ENOSPC);
    CU_ASSERT_EQUAL(mem_ranges_add(&s, 0x10000000, 0x1000), -ENOSPC);
    CU_ASSERT_EQUAL(memcmp(&s, &before, sizeof(s)), 0);
    /* Growing or merging existing ranges needs no slot. */
    CU_ASSERT_EQUAL(mem_ranges_add(&s, 0x1000, 0x1000), 0);
    CU_ASSERT_EQUAL(s.n, MEM_RANGES_MAX);
    CU_ASSERT_EQUAL(mem_ranges_add(&s, 0x0, 0x30000), 0); /* touches 0x30000 */
    CU_ASSERT_EQUAL(s.n, MEM_RANGES_MAX - 3);
    CU_ASSERT_EQUAL(s.r[0].size, 0x31000);
}

static void test_remove_shapes(void)
{
    struct mem_ranges s;

    mem_ranges_init(&s);
    CU_ASSERT_EQUAL(mem_ranges_add(&s, 0x10000, 0x10000), 0);
    /* A hole in the middle splits. */
    CU_ASSERT_EQUAL(mem_ranges_remove(&s, 0x14000, 0x1000), 0);
    EXPECT(&s, 0x10000, 0x4000, 0x15000, 0xb000);
    /* Trim at the start and at the end, overhanging the range. */
    CU_ASSERT_EQUAL(mem_ranges_remove(&s, 0xf000, 0x2000), 0);
    CU_ASSERT_EQUAL(mem_ranges_remove(&s, 0x1f000, 0x5000), 0);
    EXPECT(&s, 0x11000, 0x3000, 0x15000, 0xa000);
    /* Exact removal of a whole range. */
    CU_ASSERT_EQUAL(mem_ranges_remove(&s, 0x11000, 0x3000), 0);
    EXPECT(&s, 0x15000, 0xa000);
    /* Nothing there: no change. */
    CU_ASSERT_EQUAL(mem_ranges_remove(&s, 0x0, 0x15000), 0);
    CU_ASSERT_EQUAL(mem_ranges_remove(&s, 0x1f000, 0x1000), 0);
    EXPECT(&s, 0x15000, 0xa000);
}

static void test_remove_spanning(void)
{
    struct mem_ranges s;

    mem_ranges_init(&s);
    for (unsigned int i = 0; i < 5; i++)
        CU_ASSERT_EQUAL(mem_ranges_add(&s, i * 0x10000ULL, 0x8000), 0);
    /* Cuts the tail of range 1, all of 2 and 3, the head of range 4. */
    CU_ASSERT_EQUAL(mem_ranges_remove(&s, 0x14000, 0x30000), 0);
    EXPECT(&s, 0x0, 0x8000, 0x10000, 0x4000, 0x44000, 0x4000);
}

static void test_remove_errors(void)
{
    struct mem_ranges s, before;

    fill(&s);
    before = s;
    CU_ASSERT_EQUAL(mem_ranges_remove(&s, 0x0, 0), -EINVAL);
    CU_ASSERT_EQUAL(mem_ranges_remove(&s, UINT64_MAX, 2), -EINVAL);
    /* Splitting needs a free slot. */
    CU_ASSERT_EQUAL(mem_ranges_remove(&s, 0x400, 0x100), -ENOSPC);
    CU_ASSERT_EQUAL(memcmp(&s, &before, sizeof(s)), 0);
    /* Trimming does not. */
    CU_ASSERT_EQUAL(mem_ranges_remove(&s, 0x0, 0x800), 0);
    CU_ASSERT_EQUAL(s.r[0].base, 0x800);
    CU_ASSERT_EQUAL(mem_ranges_remove(&s, 0x400, 0x100), 0);
    CU_ASSERT_EQUAL(s.n, MEM_RANGES_MAX);
}

/* Boot: two RAM banks minus the image, the DTB, a module and a reserved
 * region that straddles the end of bank 0. */
static void test_boot_layout(void)
{
    struct mem_ranges s;

    mem_ranges_init(&s);
    CU_ASSERT_EQUAL(mem_ranges_add(&s, 0x40000000, 1024 * MB), 0);
    CU_ASSERT_EQUAL(mem_ranges_add(&s, 0x100000000ULL, 1024 * MB), 0);
    CU_ASSERT_EQUAL(mem_ranges_remove(&s, 0x40200000, 2 * MB), 0);
    CU_ASSERT_EQUAL(mem_ranges_remove(&s, 0x48000000, 0x10000), 0);
    CU_ASSERT_EQUAL(mem_ranges_remove(&s, 0x47000000, 16 * MB), 0);
    CU_ASSERT_EQUAL(mem_ranges_remove(&s, 0x7ff00000, 0x80200000ULL), 0);
    EXPECT(&s, 0x40000000, 2 * MB, 0x40400000, 0x47000000 - 0x40400000,
           0x48010000, 0x7ff00000 - 0x48010000, 0x100100000ULL,
           1023 * MB);
}

/* Random adds and removes over 512 units of 0x1000, against a bitmap. */
#define UNITS 512

static void check_against(const struct mem_ranges *s, const bool *model)
{
    bool seen[UNITS] = { false };

    for (unsigned int i = 0; i < s->n; i++) {
        const struct mem_range *r = &s->r[i];

        CU_ASSERT_FATAL(r->size > 0);
        if (i > 0)  /* sorted, and a gap between neighbours */
            CU_ASSERT_FATAL(s->r[i - 1].base + s->r[i - 1].size < r->base);
        for (paddr_t a = r->base; a < r->base + r->size; a += 0x1000)
            seen[a / 0x1000] = true;
    }
    CU_ASSERT_FATAL(memcmp(seen, model, sizeof(seen)) == 0);
}

static void test_random_against_model(void)
{
    struct mem_ranges s;
    bool model[UNITS] = { false };
    unsigned int nospc = 0;

    srand(7);
    mem_ranges_init(&s);
    for (int step = 0; step < 20000; step++) {
        unsigned int a = rand() % UNITS;
        unsigned int len = 1 + rand() % MIN(4u, UNITS - a);
        bool add = rand() % 2;
        struct mem_ranges before = s;
        int rc = add ? mem_ranges_add(&s, a * 0x1000ULL, len * 0x1000ULL)
                     : mem_ranges_remove(&s, a * 0x1000ULL, len * 0x1000ULL);

        if (rc == -ENOSPC) {
            nospc++;
            CU_ASSERT_FATAL(memcmp(&s, &before, sizeof(s)) == 0);
            continue;
        }
        CU_ASSERT_EQUAL_FATAL(rc, 0);
        for (unsigned int u = a; u < a + len; u++)
            model[u] = add;
        check_against(&s, model);
    }
    CU_ASSERT(nospc > 0); /* the full-set path was exercised */
}

UNIT_SUITE(mem_range,
           UNIT_TEST(test_add_sorted_and_disjoint),
           UNIT_TEST(test_add_merges),
           UNIT_TEST(test_add_rejects_bad_ranges),
           UNIT_TEST(test_add_full),
           UNIT_TEST(test_remove_shapes),
           UNIT_TEST(test_remove_spanning),
           UNIT_TEST(test_remove_errors),
           UNIT_TEST(test_boot_layout),
           UNIT_TEST(test_random_against_model))
