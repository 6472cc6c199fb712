/* libctl/domain_build.c: the guest memory plan, populating RAM and the
 * magic pages, and copying into a guest, against the fake hypervisor. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <public/arch-arm.h>
#include <public/memory.h>
#include <public/xen.h>
#include "unit.h"
#include "../../libctl/build.h"
#include "../../libctl/hypercall_fake.h"

#define MIB (1024 * 1024ULL)

static struct lc_fake *fake;
static struct lc_hc *hc;

static uint16_t start(uint64_t max_kb)
{
    uint16_t id = 0;

    fake = lc_fake_new(NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(fake);
    hc = lc_fake_hc(fake);
    CU_ASSERT_EQUAL(lc_domctl_createdomain(hc, &id, 1, max_kb, (uint8_t[16]){ 0 }), 0);
    lc_fake_clear_calls(fake);
    return id;
}

static void stop(void)
{
    lc_hc_close(hc);
}

static void plan_small_guest(void)
{
    const struct lc_kernel k = { .text_offset = 0, .footprint = 30 * MIB + 5 };
    struct lc_layout l;

    CU_ASSERT_EQUAL(lc_layout_plan(128 * 1024, &k, 9 * MIB, &l), 0);
    CU_ASSERT_EQUAL(l.nr_banks, 1);
    CU_ASSERT_EQUAL(l.ram_base[0], GUEST_RAM0_BASE);
    CU_ASSERT_EQUAL(l.ram_size[0], 128 * MIB);
    CU_ASSERT_EQUAL(l.kernel_addr, GUEST_RAM0_BASE);
    CU_ASSERT_EQUAL(l.initrd_addr, GUEST_RAM0_BASE + 32 * MIB);
    CU_ASSERT_EQUAL(l.dtb_addr, GUEST_RAM0_BASE + 42 * MIB);
}

static void plan_text_offset_and_no_initrd(void)
{
    const struct lc_kernel k = { .text_offset = 0x80000, .footprint = 2 * MIB };
    struct lc_layout l;

    CU_ASSERT_EQUAL(lc_layout_plan(16 * 1024, &k, 0, &l), 0);
    CU_ASSERT_EQUAL(l.kernel_addr, GUEST_RAM0_BASE + 0x80000);
    CU_ASSERT_EQUAL(l.initrd_addr, GUEST_RAM0_BASE + 4 * MIB);
    CU_ASSERT_EQUAL(l.dtb_addr, GUEST_RAM0_BASE + 4 * MIB);
}

static void plan_too_small_or_too_big(void)
{
    const struct lc_kernel k = { .footprint = 10 * MIB };
    struct lc_layout l;

    /* kernel 10 MiB -> initrd at 10, 4 MiB -> DTB at 14 + 2 = 16 MiB */
    CU_ASSERT_EQUAL(lc_layout_plan(16 * 1024, &k, 4 * MIB, &l), 0);
    CU_ASSERT_EQUAL(lc_layout_plan(16 * 1024 - 4, &k, 4 * MIB, &l), -ENOSPC);
    CU_ASSERT_EQUAL(lc_layout_plan(0, &k, 0, &l), -EINVAL);
    CU_ASSERT_EQUAL(lc_layout_plan((GUEST_RAM0_SIZE + GUEST_RAM1_SIZE) / 1024 + 4, &k, 0, &l),
                    -EINVAL);
}

static void plan_two_banks(void)
{
    const struct lc_kernel k = { .footprint = 10 * MIB };
    struct lc_layout l;

    CU_ASSERT_EQUAL(lc_layout_plan(4 * 1024 * 1024, &k, 0, &l), 0);
    CU_ASSERT_EQUAL(l.nr_banks, 2);
    CU_ASSERT_EQUAL(l.ram_size[0], GUEST_RAM0_SIZE);
    CU_ASSERT_EQUAL(l.ram_base[1], GUEST_RAM1_BASE);
    CU_ASSERT_EQUAL(l.ram_size[1], 4 * 1024 * MIB - GUEST_RAM0_SIZE);
    /* an odd size rounds up to whole pages */
    CU_ASSERT_EQUAL(lc_layout_plan(16 * 1024 + 1, &k, 0, &l), 0);
    CU_ASSERT_EQUAL(l.ram_size[0], 16 * MIB + 4096);
}

/* 5 MiB + 12 KiB: two 2 MiB extents, then 259 single pages. */
static void populate_uses_big_extents(void)
{
    struct lc_layout l = { .ram_base = { GUEST_RAM0_BASE }, .nr_banks = 1,
                           .ram_size = { 5 * MIB + 12 * 1024 } };
    const struct lc_fake_call *calls;
    uint16_t id = start(5 * 1024 + 12);
    size_t n;
    uint8_t b;

    CU_ASSERT_EQUAL(lc_populate_ram(hc, id, &l), 0);
    CU_ASSERT_EQUAL(lc_fake_domain(fake, id)->tot_pages, 2 * 512 + 259);
    CU_ASSERT_EQUAL(lc_fake_domain(fake, id)->nr_ext, 2 + 259);
    CU_ASSERT_EQUAL(lc_fake_read(fake, id, GUEST_RAM0_BASE + 5 * MIB + 8192, &b, 1), 0);
    CU_ASSERT_EQUAL(lc_fake_read(fake, id, GUEST_RAM0_BASE + 5 * MIB + 12288, &b, 1),
                    -ENOENT);
    calls = lc_fake_calls(fake, &n);
    CU_ASSERT_EQUAL_FATAL(n, 2);
    CU_ASSERT_EQUAL(calls[0].op, __HYPERVISOR_memory_op);
    CU_ASSERT_EQUAL(calls[0].cmd, XENMEM_populate_physmap);
    CU_ASSERT_EQUAL(calls[0].rc, 2);
    CU_ASSERT_EQUAL(calls[1].rc, 259);
    stop();
}

static void populate_short_count_is_enomem(void)
{
    struct lc_layout l = { .ram_base = { GUEST_RAM0_BASE }, .nr_banks = 1,
                           .ram_size = { 4 * MIB } };
    uint16_t id = start(4 * 1024 - 4);

    CU_ASSERT_EQUAL(lc_populate_ram(hc, id, &l), -ENOMEM);
    lc_fake_fail(fake, __HYPERVISOR_memory_op, LC_FAKE_ANY, 1, EFAULT);
    CU_ASSERT_EQUAL(lc_populate_ram(hc, id, &l), -EFAULT);
    stop();
}

static void magic_pages_zeroed(void)
{
    uint16_t id = start(8);
    uint8_t page[8192];

    CU_ASSERT_EQUAL(lc_populate_magic(hc, id), 0);
    CU_ASSERT_EQUAL(lc_fake_read(fake, id, GUEST_MAGIC_BASE, page, sizeof(page)), 0);
    for (size_t i = 0; i < sizeof(page); i++)
        if (page[i])
            CU_FAIL("magic page not zero");
    CU_ASSERT_EQUAL(lc_fake_domain(fake, id)->tot_pages, 2);
    CU_ASSERT_EQUAL(lc_fake_nr_mappings(fake), 0);
    /* a third page does not fit under max_mem */
    CU_ASSERT_EQUAL(lc_populate_magic(hc, id), -ENOMEM);
    stop();
}

/* 5 MiB from an odd address: two windows, edges exact. */
static void copy_spans_windows(void)
{
    struct lc_layout l = { .ram_base = { GUEST_RAM0_BASE }, .nr_banks = 1,
                           .ram_size = { 8 * MIB } };
    size_t len = 5 * MIB;
    uint8_t *src = malloc(len), *back = malloc(len + 2);
    uint16_t id = start(8 * 1024);
    uint64_t at = GUEST_RAM0_BASE + 4096 + 3;

    for (size_t i = 0; i < len; i++)
        src[i] = (uint8_t)(i * 13 + i / 4096);
    CU_ASSERT_EQUAL(lc_populate_ram(hc, id, &l), 0);
    CU_ASSERT_EQUAL(lc_copy_to_guest(hc, id, at, src, len), 0);
    CU_ASSERT_EQUAL(lc_fake_read(fake, id, at - 1, back, len + 2), 0);
    CU_ASSERT_EQUAL(back[0], 0);
    CU_ASSERT(memcmp(back + 1, src, len) == 0);
    CU_ASSERT_EQUAL(back[len + 1], 0);
    CU_ASSERT_EQUAL(lc_fake_nr_mappings(fake), 0);
    CU_ASSERT_EQUAL(lc_copy_to_guest(hc, id, at, NULL, 10), 0);
    CU_ASSERT_EQUAL(lc_fake_read(fake, id, at, back, 10), 0);
    CU_ASSERT(memcmp(back, (uint8_t[10]){ 0 }, 10) == 0);
    /* past the end of RAM: the mapping fails and nothing stays mapped */
    CU_ASSERT_EQUAL(lc_copy_to_guest(hc, id, GUEST_RAM0_BASE + 8 * MIB - 2, src, 4),
                    -ENOENT);
    CU_ASSERT_EQUAL(lc_fake_nr_mappings(fake), 0);
    free(src);
    free(back);
    stop();
}

UNIT_SUITE(domain_build,
           UNIT_TEST(plan_small_guest), UNIT_TEST(plan_text_offset_and_no_initrd),
           UNIT_TEST(plan_too_small_or_too_big), UNIT_TEST(plan_two_banks),
           UNIT_TEST(populate_uses_big_extents), UNIT_TEST(populate_short_count_is_enomem),
           UNIT_TEST(magic_pages_zeroed), UNIT_TEST(copy_spans_windows))
