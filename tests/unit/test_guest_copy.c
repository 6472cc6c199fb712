/* Tests for xen/common/guest_copy.c against fake guest page tables: pages
 * mapped anywhere in host memory, unmapped pages, read-only and write-only
 * pages, buffers straddling them and buffers that wrap around. */
#include <string.h>
#include <keel/domain.h>
#include <keel/errno.h>
#include <keel/guest_copy.h>
#include "fake_arch.h"
#include "unit.h"

#define SENTINEL 0xa5
#define TOP_PAGE (~0ULL & PAGE_MASK)

struct fixture {
    struct domain d;
    struct vcpu v;
    unsigned char buf[4 * PAGE_SIZE];
};

static void setup(struct fixture *f)
{
    fake_reset();
    memset(f, 0, sizeof(*f));
    f->v.domain = &f->d;
    memset(f->buf, SENTINEL, sizeof(f->buf));
}

static void fill(unsigned char *p, size_t n, unsigned int seed)
{
    for (size_t i = 0; i < n; i++)
        p[i] = (unsigned char)(i * 7 + seed);
}

/* Whether p[from, to) all hold `c`. */
static bool all(const unsigned char *p, size_t from, size_t to, unsigned char c)
{
    for (size_t i = from; i < to; i++)
        if (p[i] != c)
            return false;
    return true;
}

/* Guest memory filled with SENTINEL. */
static unsigned char *guest(const struct domain *d, gvaddr_t va, size_t npages,
                            unsigned int prot)
{
    unsigned char *p = fake_guest_mem(d, va, npages, prot);

    memset(p, SENTINEL, npages * PAGE_SIZE);
    return p;
}

static void test_within_one_page(void)
{
    struct fixture f;
    unsigned char *g;

    setup(&f);
    g = guest(NULL, 0x1000, 1, FAKE_PROT_RW);
    CU_ASSERT_EQUAL(copy_to_guest(&f.v, 0x1010, "hello", 5), 0);
    CU_ASSERT_EQUAL(memcmp(g + 0x10, "hello", 5), 0);
    CU_ASSERT_TRUE(all(g, 0, 0x10, SENTINEL));
    CU_ASSERT_TRUE(all(g, 0x15, PAGE_SIZE, SENTINEL));
    CU_ASSERT_EQUAL(fake_translations(), 1);
    CU_ASSERT_EQUAL(copy_from_guest(&f.v, f.buf, 0x100e, 8), 0);
    CU_ASSERT_EQUAL(memcmp(f.buf, "\xa5\xa5hello\xa5", 8), 0);
    CU_ASSERT_EQUAL(f.buf[8], SENTINEL);
    CU_ASSERT_EQUAL(fake_translations(), 2);
    /* The last byte of the page is still the page's. */
    CU_ASSERT_EQUAL(copy_to_guest(&f.v, 0x1fff, "z", 1), 0);
    CU_ASSERT_EQUAL(g[PAGE_SIZE - 1], 'z');
}

/* Neighbouring guest pages live in unrelated host pages, in reverse. */
static void test_across_scattered_pages(void)
{
    static unsigned char lo[PAGE_SIZE], hi[PAGE_SIZE];
    unsigned char src[100];
    struct fixture f;

    setup(&f);
    memset(lo, SENTINEL, sizeof(lo));
    memset(hi, SENTINEL, sizeof(hi));
    fake_map(NULL, 0x11000, lo, 1, FAKE_PROT_RW);
    fake_map(NULL, 0x10000, hi, 1, FAKE_PROT_RW);
    fill(src, sizeof(src), 3);
    CU_ASSERT_EQUAL(copy_to_guest(&f.v, 0x10fc0, src, sizeof(src)), 0);
    CU_ASSERT_EQUAL(memcmp(hi + 0xfc0, src, 64), 0);
    CU_ASSERT_EQUAL(memcmp(lo, src + 64, 36), 0);
    CU_ASSERT_TRUE(all(hi, 0, 0xfc0, SENTINEL));
    CU_ASSERT_TRUE(all(lo, 36, PAGE_SIZE, SENTINEL));
    CU_ASSERT_EQUAL(copy_from_guest(&f.v, f.buf, 0x10fc0, sizeof(src)), 0);
    CU_ASSERT_EQUAL(memcmp(f.buf, src, sizeof(src)), 0);
    CU_ASSERT_EQUAL(f.buf[sizeof(src)], SENTINEL);
}

static void test_one_translation_per_page(void)
{
    static unsigned char src[4 * PAGE_SIZE];
    struct fixture f;
    unsigned char *g;

    setup(&f);
    g = guest(NULL, 0x40000, 5, FAKE_PROT_RW);
    fill(src, sizeof(src), 11);
    CU_ASSERT_EQUAL(copy_to_guest(&f.v, 0x40800, src, sizeof(src)), 0);
    CU_ASSERT_EQUAL(fake_translations(), 5);
    CU_ASSERT_EQUAL(memcmp(g + 0x800, src, sizeof(src)), 0);
    CU_ASSERT_TRUE(all(g, 0, 0x800, SENTINEL));
    CU_ASSERT_TRUE(all(g, 0x800 + sizeof(src), 5 * PAGE_SIZE, SENTINEL));
    CU_ASSERT_EQUAL(copy_from_guest(&f.v, f.buf, 0x41000, 2 * PAGE_SIZE), 0);
    CU_ASSERT_EQUAL(fake_translations(), 5 + 2);    /* aligned: 2 pages */
    CU_ASSERT_EQUAL(memcmp(f.buf, src + 0x800, 2 * PAGE_SIZE), 0);
}

static void test_zero_length(void)
{
    struct fixture f;

    setup(&f);
    CU_ASSERT_EQUAL(copy_to_guest(&f.v, 0x5000, "x", 0), 0);
    CU_ASSERT_EQUAL(copy_from_guest(&f.v, f.buf, 0x5000, 0), 0);
    CU_ASSERT_EQUAL(copy_from_guest(&f.v, f.buf, ~0ULL, 0), 0);
    CU_ASSERT_EQUAL(fake_translations(), 0);
    CU_ASSERT_EQUAL(f.buf[0], SENTINEL);
}

static void test_unmapped(void)
{
    struct fixture f;

    setup(&f);
    guest(NULL, 0x1000, 1, FAKE_PROT_RW);
    CU_ASSERT_EQUAL(copy_from_guest(&f.v, f.buf, 0x2000, 4), -EFAULT);
    CU_ASSERT_EQUAL(copy_from_guest(&f.v, f.buf, 0, 1), -EFAULT);
    CU_ASSERT_EQUAL(copy_to_guest(&f.v, 0x2000, "abcd", 4), -EFAULT);
    CU_ASSERT_TRUE(all(f.buf, 0, sizeof(f.buf), SENTINEL));
}

/* Mapped page, then a hole: nothing at or after the hole is touched. */
static void test_straddle_into_hole(void)
{
    unsigned char src[32];
    struct fixture f;
    unsigned char *g;

    setup(&f);
    g = guest(NULL, 0x20000, 1, FAKE_PROT_RW);
    fill(src, sizeof(src), 1);
    CU_ASSERT_EQUAL(copy_to_guest(&f.v, 0x20ff0, src, sizeof(src)), -EFAULT);
    CU_ASSERT_TRUE(all(g, 0, 0xff0, SENTINEL));
    CU_ASSERT_EQUAL(copy_from_guest(&f.v, f.buf, 0x20ff0, sizeof(src)), -EFAULT);
    CU_ASSERT_TRUE(all(f.buf, 16, sizeof(f.buf), SENTINEL));
    /* The same copy stopping one byte short of the hole works. */
    CU_ASSERT_EQUAL(copy_to_guest(&f.v, 0x20ff0, src, 16), 0);
    CU_ASSERT_EQUAL(memcmp(g + 0xff0, src, 16), 0);
}

/* A hole, then a mapped page: the mapped page is never written. */
static void test_straddle_out_of_hole(void)
{
    unsigned char src[32];
    struct fixture f;
    unsigned char *g;

    setup(&f);
    g = guest(NULL, 0x31000, 1, FAKE_PROT_RW);
    fill(src, sizeof(src), 2);
    CU_ASSERT_EQUAL(copy_to_guest(&f.v, 0x30ff0, src, sizeof(src)), -EFAULT);
    CU_ASSERT_TRUE(all(g, 0, PAGE_SIZE, SENTINEL));
    CU_ASSERT_EQUAL(copy_from_guest(&f.v, f.buf, 0x30ff0, sizeof(src)), -EFAULT);
    CU_ASSERT_TRUE(all(f.buf, 0, sizeof(f.buf), SENTINEL));
}

static void test_stops_at_first_fault(void)
{
    struct fixture f;

    setup(&f);
    guest(NULL, 0x50000, 1, FAKE_PROT_RW);
    guest(NULL, 0x52000, 1, FAKE_PROT_RW);
    CU_ASSERT_EQUAL(copy_from_guest(&f.v, f.buf, 0x50000, 3 * PAGE_SIZE), -EFAULT);
    CU_ASSERT_EQUAL(fake_translations(), 2);
    CU_ASSERT_TRUE(all(f.buf, PAGE_SIZE, sizeof(f.buf), SENTINEL));
}

static void test_read_only_page(void)
{
    struct fixture f;
    unsigned char *g;

    setup(&f);
    g = guest(NULL, 0x3000, 1, FAKE_PROT_R);
    memcpy(g + 8, "ro", 2);
    CU_ASSERT_EQUAL(copy_from_guest(&f.v, f.buf, 0x3008, 2), 0);
    CU_ASSERT_EQUAL(memcmp(f.buf, "ro", 2), 0);
    CU_ASSERT_EQUAL(copy_to_guest(&f.v, 0x3008, "rw", 2), -EFAULT);
    CU_ASSERT_EQUAL(memcmp(g + 8, "ro", 2), 0);
    /* A copy running from a writable page into it stops there. */
    guest(NULL, 0x2000, 1, FAKE_PROT_RW);
    CU_ASSERT_EQUAL(copy_to_guest(&f.v, 0x2ffe, "abcd", 4), -EFAULT);
    CU_ASSERT_TRUE(all(g, 0, 8, SENTINEL));
}

/* Proves the copy asks for read access when reading. */
static void test_write_only_page(void)
{
    struct fixture f;
    unsigned char *g;

    setup(&f);
    g = guest(NULL, 0x3000, 1, FAKE_PROT_W);
    CU_ASSERT_EQUAL(copy_to_guest(&f.v, 0x3000, "wo", 2), 0);
    CU_ASSERT_EQUAL(memcmp(g, "wo", 2), 0);
    CU_ASSERT_EQUAL(copy_from_guest(&f.v, f.buf, 0x3000, 2), -EFAULT);
    CU_ASSERT_EQUAL(f.buf[0], SENTINEL);
    guest(NULL, 0x4000, 1, 0);
    CU_ASSERT_EQUAL(copy_from_guest(&f.v, f.buf, 0x4000, 1), -EFAULT);
    CU_ASSERT_EQUAL(copy_to_guest(&f.v, 0x4000, "x", 1), -EFAULT);
}

/* The top page and page 0 are both mapped: a copy must not run from one
 * into the other. */
static void test_wrap_around(void)
{
    unsigned char src[16];
    struct fixture f;
    unsigned char *top, *zero;

    setup(&f);
    top = guest(NULL, TOP_PAGE, 1, FAKE_PROT_RW);
    zero = guest(NULL, 0, 1, FAKE_PROT_RW);
    fill(src, sizeof(src), 5);
    CU_ASSERT_EQUAL(copy_to_guest(&f.v, ~0ULL - 7, src, sizeof(src)), -EFAULT);
    CU_ASSERT_EQUAL(copy_from_guest(&f.v, f.buf, ~0ULL - 7, sizeof(src)), -EFAULT);
    CU_ASSERT_EQUAL(copy_from_guest(&f.v, f.buf, 1, SIZE_MAX), -EFAULT);
    CU_ASSERT_EQUAL(copy_to_guest(&f.v, TOP_PAGE, src, SIZE_MAX), -EFAULT);
    CU_ASSERT_TRUE(all(top, 0, PAGE_SIZE, SENTINEL));
    CU_ASSERT_TRUE(all(zero, 0, PAGE_SIZE, SENTINEL));
    CU_ASSERT_TRUE(all(f.buf, 0, sizeof(f.buf), SENTINEL));
    /* Just below the top is fine. */
    CU_ASSERT_EQUAL(copy_to_guest(&f.v, ~0ULL - 16, src, sizeof(src)), 0);
    CU_ASSERT_EQUAL(memcmp(top + PAGE_SIZE - 17, src, sizeof(src)), 0);
}

/* Regression: copy_guest() rejects a buffer that ends exactly at the
 * top of the address space, because `gva + len < gva` is true when
 * gva + len wraps to 0; even one byte at ~0 fails. */
static void test_buffer_ending_at_top(void)
{
    struct fixture f;
    unsigned char *top;

    setup(&f);
    top = guest(NULL, TOP_PAGE, 1, FAKE_PROT_RW);
    CU_ASSERT_EQUAL(copy_to_guest(&f.v, ~0ULL, "!", 1), 0);
    CU_ASSERT_EQUAL(top[PAGE_SIZE - 1], '!');
    CU_ASSERT_EQUAL(copy_from_guest(&f.v, f.buf, TOP_PAGE, PAGE_SIZE), 0);
    CU_ASSERT_EQUAL(f.buf[PAGE_SIZE - 1], '!');
}

static void test_sees_own_domain_only(void)
{
    struct fixture f;
    struct domain other = { .id = 7 };
    struct vcpu ov = { .domain = &other };
    unsigned char *g;

    setup(&f);
    g = guest(&other, 0x6000, 1, FAKE_PROT_RW);
    CU_ASSERT_EQUAL(copy_to_guest(&f.v, 0x6000, "x", 1), -EFAULT);
    CU_ASSERT_EQUAL(copy_to_guest(&ov, 0x6000, "y", 1), 0);
    CU_ASSERT_EQUAL(g[0], 'y');
}

UNIT_SUITE(guest_copy,
           UNIT_TEST(test_within_one_page),
           UNIT_TEST(test_across_scattered_pages),
           UNIT_TEST(test_one_translation_per_page),
           UNIT_TEST(test_zero_length),
           UNIT_TEST(test_unmapped),
           UNIT_TEST(test_straddle_into_hole),
           UNIT_TEST(test_straddle_out_of_hole),
           UNIT_TEST(test_stops_at_first_fault),
           UNIT_TEST(test_read_only_page),
           UNIT_TEST(test_write_only_page),
           UNIT_TEST(test_wrap_around),
           UNIT_TEST(test_buffer_ending_at_top),
           UNIT_TEST(test_sees_own_domain_only))
