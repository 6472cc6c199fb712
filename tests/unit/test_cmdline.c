/* Tests for xen/common/cmdline.c (and parse_u64 in xen/common/parse.c):
 * option look-up on the hypervisor's command line and number parsing. */
#include <string.h>
#include <keel/cmdline.h>
#include <keel/errno.h>
#include "fake_arch.h"
#include "unit.h"

#define UNTOUCHED "untouched"

static void expect_value(const char *line, const char *key, const char *want)
{
    char val[64] = UNTOUCHED;

    CU_ASSERT_EQUAL(cmdline_get(line, key, val, sizeof(val)), 0);
    CU_ASSERT_STRING_EQUAL(val, want);
}

static void expect_absent(const char *line, const char *key)
{
    char val[64] = UNTOUCHED;

    CU_ASSERT_EQUAL(cmdline_get(line, key, val, sizeof(val)), -ENOENT);
    CU_ASSERT_STRING_EQUAL(val, UNTOUCHED);
}

static void test_present_and_absent(void)
{
    const char *line = "console=dtuart dom0_mem=512M loglvl=all sched=rr";

    expect_value(line, "console", "dtuart");
    expect_value(line, "dom0_mem", "512M");
    expect_value(line, "loglvl", "all");
    expect_value(line, "sched", "rr");
    expect_absent(line, "foo");
    expect_absent(line, "Console");         /* keys are case sensitive */
    expect_absent(line, "dtuart");          /* a value is not a key */
    expect_absent(line, "512M");
    expect_absent("", "console");
    expect_absent(" \t  ", "console");
}

static void test_bare_keys_and_empty_values(void)
{
    const char *line = "noreboot quiet=1 sync_console empty=";

    expect_value(line, "noreboot", "");
    expect_value(line, "sync_console", "");
    expect_value(line, "empty", "");
    expect_value(line, "quiet", "1");
    expect_value("noreboot", "noreboot", "");
}

static void test_value_may_hold_equals(void)
{
    expect_value("root=LABEL=rootfs ro", "root", "LABEL=rootfs");
    expect_value("a==", "a", "=");
}

static void test_last_occurrence_wins(void)
{
    expect_value("a=1 b=2 a=3", "a", "3");
    expect_value("a=1 b=2 a=3", "b", "2");
    expect_value("a=1 a", "a", "");         /* a later bare key too */
    expect_value("a a=7", "a", "7");
    expect_value("a=1 a=", "a", "");
}

static void test_key_prefix_of_another(void)
{
    const char *line = "dom0_mem_max=1G dom0_mem=512M dom0_memx";

    expect_value(line, "dom0_mem", "512M");
    expect_value(line, "dom0_mem_max", "1G");
    expect_value(line, "dom0_memx", "");
    expect_absent("dom0_mem_max=1G", "dom0_mem");
    expect_absent("dom0_mem=512M", "dom0_mem_max");
    expect_absent("dom0_mem=512M", "dom0_me");
    expect_absent("xdom0_mem=1", "dom0_mem");
    /* A key inside another option's value is not a key. */
    expect_absent("opt=dom0_mem=1G", "dom0_mem");
}

static void test_value_too_long(void)
{
    char val[8];

    /* 7 characters and the terminator fit exactly. */
    CU_ASSERT_EQUAL(cmdline_get("k=1234567", "k", val, 8), 0);
    CU_ASSERT_STRING_EQUAL(val, "1234567");
    memcpy(val, "xxxxxxx", 8);
    CU_ASSERT_EQUAL(cmdline_get("k=12345678", "k", val, 8), -ENOSPC);
    CU_ASSERT_STRING_EQUAL(val, "xxxxxxx");
    CU_ASSERT_EQUAL(cmdline_get("k=1", "k", val, 1), -ENOSPC);
    CU_ASSERT_EQUAL(cmdline_get("k=1", "k", val, 0), -ENOSPC);
    CU_ASSERT_EQUAL(cmdline_get("k", "k", val, 0), -ENOSPC);
    CU_ASSERT_STRING_EQUAL(val, "xxxxxxx");
    CU_ASSERT_EQUAL(cmdline_get("k", "k", val, 1), 0);
    CU_ASSERT_STRING_EQUAL(val, "");
    /* Only the occurrence that wins has to fit. */
    CU_ASSERT_EQUAL(cmdline_get("k=123456789 k=1", "k", val, 2), 0);
    CU_ASSERT_STRING_EQUAL(val, "1");
    CU_ASSERT_EQUAL(cmdline_get("k=1 k=123456789", "k", val, 8), -ENOSPC);
}

static void test_tabs_and_spaces(void)
{
    const char *line = "  a=1\t\tb=2   \t c=3 \t";

    expect_value(line, "a", "1");
    expect_value(line, "b", "2");
    expect_value(line, "c", "3");
    expect_value("\ta\t", "a", "");
    expect_value("x=1\ty=2", "x", "1");     /* a tab ends a value */
    expect_value("x=1\ty=2", "y", "2");
}

static int size_of(const char *s, uint64_t *out)
{
    *out = 0xdeadbeef;
    return parse_size(s, out);
}

static void expect_size(const char *s, uint64_t want)
{
    uint64_t v;

    CU_ASSERT_EQUAL(size_of(s, &v), 0);
    CU_ASSERT_EQUAL(v, want);
}

static void expect_bad_size(const char *s)
{
    uint64_t v;

    CU_ASSERT_EQUAL(size_of(s, &v), -EINVAL);
    CU_ASSERT_EQUAL(v, 0xdeadbeef);
}

static void test_parse_size_units(void)
{
    expect_size("0", 0);
    expect_size("4096", 4096);
    expect_size("64k", 64ULL << 10);
    expect_size("64K", 64ULL << 10);
    expect_size("512m", 512ULL << 20);
    expect_size("512M", 512ULL << 20);
    expect_size("1g", 1ULL << 30);
    expect_size("3G", 3ULL << 30);
    expect_size("2t", 2ULL << 40);
    expect_size("2T", 2ULL << 40);
    expect_size("0k", 0);
}

static void test_parse_size_hex(void)
{
    expect_size("0x1000", 0x1000);
    expect_size("0X1000", 0x1000);
    expect_size("0x10M", 16ULL << 20);
    expect_size("0xffk", 255ULL << 10);
    expect_size("0xffffffffffffffff", UINT64_MAX);
}

static void test_parse_size_overflow(void)
{
    expect_size("16777215T", ((1ULL << 24) - 1) << 40);
    expect_bad_size("16777216T");
    expect_size("17179869183G", ((1ULL << 34) - 1) << 30);
    expect_bad_size("17179869184G");
    expect_size("17592186044415M", ((1ULL << 44) - 1) << 20);
    expect_bad_size("17592186044416M");
    expect_size("0x3fffffffffffffk", 0x3fffffffffffffULL << 10);
    expect_bad_size("0x40000000000000k");
    expect_bad_size("0x10000000000000000");
    expect_bad_size("0xffffffffffffffffk");
    expect_bad_size("99999999999999999999");
}

static void test_parse_size_empty_and_junk(void)
{
    expect_bad_size("");
    expect_bad_size("k");
    expect_bad_size("M");
    expect_bad_size("kk");
    expect_bad_size("1kk");
    expect_bad_size("512MB");
    expect_bad_size("512b");
    expect_bad_size("1.5G");
    expect_bad_size("-1");
    expect_bad_size("+1");
    expect_bad_size(" 1");
    expect_bad_size("1 ");
    expect_bad_size("1 M");
    expect_bad_size("12x");
    expect_bad_size("0x");
    expect_bad_size("0xk");
    expect_bad_size("0xg");     /* "0x" then the unit */
    expect_bad_size("0x1h");
    expect_bad_size("M512");
    expect_bad_size("abc");
}

static int uint_of(const char *s, uint64_t *out)
{
    *out = 0xdeadbeef;
    return parse_uint(s, out);
}

static void expect_uint(const char *s, uint64_t want)
{
    uint64_t v;

    CU_ASSERT_EQUAL(uint_of(s, &v), 0);
    CU_ASSERT_EQUAL(v, want);
}

static void expect_bad_uint(const char *s)
{
    uint64_t v;

    CU_ASSERT_EQUAL(uint_of(s, &v), -EINVAL);
    CU_ASSERT_EQUAL(v, 0xdeadbeef);
}

static void test_parse_uint(void)
{
    expect_uint("0", 0);
    expect_uint("7", 7);
    expect_uint("010", 10);     /* decimal: no octal */
    expect_uint("0x1F", 0x1f);
    expect_uint("0XaBc", 0xabc);
    expect_uint("0x0", 0);
    expect_bad_uint("");
    expect_bad_uint("0x");
    expect_bad_uint("0X");
    expect_bad_uint("x10");
    expect_bad_uint("0xg");
    expect_bad_uint("0x1g");
    expect_bad_uint("12a");
    expect_bad_uint("1f");      /* hex digits need 0x */
    expect_bad_uint("-1");
    expect_bad_uint("+1");
    expect_bad_uint(" 1");
    expect_bad_uint("1 ");
    expect_bad_uint("1k");      /* units are parse_size's */
}

static void test_parse_uint_limits(void)
{
    expect_uint("9999999999999999999", 9999999999999999999ULL);
    expect_uint("0xffffffffffffffff", UINT64_MAX);
    expect_uint("0xFFFFFFFFFFFFFFFF", UINT64_MAX);
    expect_uint("0x8000000000000000", 1ULL << 63);
    expect_bad_uint("0x10000000000000000");
    expect_bad_uint("0xfffffffffffffffff");
    expect_bad_uint("18446744073709551616");    /* UINT64_MAX + 1 */
    expect_bad_uint("99999999999999999999");
    expect_bad_uint("100000000000000000000000000000");
}

/* Regression: parse_uint rejects every decimal of 20 digits, though those up
 * to 18446744073709551615 fit in 64 bits, and any number written with
 * leading zeros past 19 decimal or 16 hex digits: it bounds the length of
 * the text instead of checking for overflow while it accumulates. */
static void test_parse_uint_full_range(void)
{
    expect_uint("18446744073709551615", UINT64_MAX);
    expect_uint("10000000000000000000", 10000000000000000000ULL);
    expect_uint("00000000000000000000001", 1);
    expect_uint("0x00000000000000000001", 1);
    expect_size("18446744073709551615", UINT64_MAX);
    expect_bad_uint("18446744073709551616");
}

UNIT_SUITE(cmdline,
           UNIT_TEST(test_present_and_absent),
           UNIT_TEST(test_bare_keys_and_empty_values),
           UNIT_TEST(test_value_may_hold_equals),
           UNIT_TEST(test_last_occurrence_wins),
           UNIT_TEST(test_key_prefix_of_another),
           UNIT_TEST(test_value_too_long),
           UNIT_TEST(test_tabs_and_spaces),
           UNIT_TEST(test_parse_size_units),
           UNIT_TEST(test_parse_size_hex),
           UNIT_TEST(test_parse_size_overflow),
           UNIT_TEST(test_parse_size_empty_and_junk),
           UNIT_TEST(test_parse_uint),
           UNIT_TEST(test_parse_uint_limits),
           UNIT_TEST(test_parse_uint_full_range))
