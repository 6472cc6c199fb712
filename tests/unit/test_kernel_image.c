/* Tests for xen/arch/arm64/kernel_image.c: the arm64 Image header check.
 * Headers live in heap blocks of exactly the size given, so ASan catches
 * any read past the end. */
#include <stdlib.h>
#include <string.h>
#include <asm/kernel_image.h>
#include <keel/errno.h>
#include "unit.h"

#define MAGIC       0x644d5241u     /* "ARM\x64" */
#define F_BE        (1u << 0)
#define F_4K        (1u << 1)
#define F_16K       (2u << 1)
#define F_64K       (3u << 1)
#define F_ANYWHERE  (1u << 3)
#define MB          (1ULL << 20)

static void put_le(uint8_t *p, uint64_t v, unsigned int bytes)
{
    for (unsigned int i = 0; i < bytes; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

struct header {
    uint64_t text_offset, image_size, flags;
    uint32_t magic;
    uint32_t pe_offset;         /* EFI-stub kernels put one here */
};

/* An Image of `file_size` bytes (at least the header) with header h. */
static uint8_t *image(const struct header *h, size_t file_size)
{
    uint8_t *p = malloc(file_size);

    CU_ASSERT_PTR_NOT_NULL_FATAL(p);
    memset(p, 0, file_size);
    if (file_size >= 64) {
        put_le(p, 0x91005a4d, 4);          /* "MZ" and an add */
        put_le(p + 8, h->text_offset, 8);
        put_le(p + 16, h->image_size, 8);
        put_le(p + 24, h->flags, 8);
        put_le(p + 56, h->magic, 4);
        put_le(p + 60, h->pe_offset, 4);
    }
    return p;
}

static int parse(const struct header *h, size_t file_size, struct kernel_image *img)
{
    uint8_t *p = image(h, file_size);
    int rc;

    memset(img, 0x5a, sizeof(*img));
    rc = kernel_image_parse(p, file_size, img);
    free(p);
    return rc;
}

static const struct header good = {
    .text_offset = 0, .image_size = 0x30000, .flags = F_4K | F_ANYWHERE,
    .magic = MAGIC, .pe_offset = 0x40,
};

static void test_good_header(void)
{
    struct kernel_image img;

    CU_ASSERT_EQUAL(parse(&good, 0x20000, &img), 0);
    CU_ASSERT_EQUAL(img.text_offset, 0);
    CU_ASSERT_EQUAL(img.image_size, 0x30000);
    CU_ASSERT_EQUAL(img.file_size, 0x20000);
}

static void test_text_offset(void)
{
    struct header h = good;
    struct kernel_image img;

    h.text_offset = 0x80000;            /* kernels before 5.8 */
    CU_ASSERT_EQUAL(parse(&h, 0x1000, &img), 0);
    CU_ASSERT_EQUAL(img.text_offset, 0x80000);
    h.text_offset = 2 * MB - 0x1000;
    CU_ASSERT_EQUAL(parse(&h, 0x1000, &img), 0);
    h.text_offset = 2 * MB;
    CU_ASSERT_EQUAL(parse(&h, 0x1000, &img), -EINVAL);
    h.text_offset = 0x80001;
    CU_ASSERT_EQUAL(parse(&h, 0x1000, &img), -EINVAL);
    h.text_offset = ~0ULL & ~0xfffULL;
    CU_ASSERT_EQUAL(parse(&h, 0x1000, &img), -EINVAL);
}

static void test_bad_magic(void)
{
    struct header h = good;
    struct kernel_image img;

    h.magic = 0;
    CU_ASSERT_EQUAL(parse(&h, 0x1000, &img), -EINVAL);
    h.magic = MAGIC ^ 0x01000000u;
    CU_ASSERT_EQUAL(parse(&h, 0x1000, &img), -EINVAL);
    h.magic = 0x41524d64;               /* the bytes reversed */
    CU_ASSERT_EQUAL(parse(&h, 0x1000, &img), -EINVAL);
    /* What follows the magic (the PE header offset) does not matter. */
    h.magic = MAGIC;
    h.pe_offset = 0xffffffff;
    CU_ASSERT_EQUAL(parse(&h, 0x1000, &img), 0);
}

static void test_flags(void)
{
    struct header h = good;
    struct kernel_image img;

    h.flags = 0;                        /* page size unspecified: 4K */
    CU_ASSERT_EQUAL(parse(&h, 0x1000, &img), 0);
    h.flags = F_4K;
    CU_ASSERT_EQUAL(parse(&h, 0x1000, &img), 0);
    h.flags = F_BE;
    CU_ASSERT_EQUAL(parse(&h, 0x1000, &img), -EINVAL);
    h.flags = F_BE | F_4K;
    CU_ASSERT_EQUAL(parse(&h, 0x1000, &img), -EINVAL);
    h.flags = F_16K;
    CU_ASSERT_EQUAL(parse(&h, 0x1000, &img), -EINVAL);
    h.flags = F_64K;
    CU_ASSERT_EQUAL(parse(&h, 0x1000, &img), -EINVAL);
    h.flags = F_64K | F_ANYWHERE;
    CU_ASSERT_EQUAL(parse(&h, 0x1000, &img), -EINVAL);
}

static void test_image_size(void)
{
    struct header h = good;
    struct kernel_image img;

    h.image_size = 0;                   /* before 3.17: take the file */
    CU_ASSERT_EQUAL(parse(&h, 0x5000, &img), 0);
    CU_ASSERT_EQUAL(img.image_size, 0x5000);
    CU_ASSERT_EQUAL(img.file_size, 0x5000);
    h.image_size = 0x5000;
    CU_ASSERT_EQUAL(parse(&h, 0x5000, &img), 0);
    h.image_size = 0x4fff;              /* smaller than the file */
    CU_ASSERT_EQUAL(parse(&h, 0x5000, &img), -EINVAL);
    h.image_size = 1ULL << 30;
    CU_ASSERT_EQUAL(parse(&h, 0x5000, &img), 0);
    h.image_size = (1ULL << 30) + 1;
    CU_ASSERT_EQUAL(parse(&h, 0x5000, &img), -EINVAL);
    h.image_size = ~0ULL;
    CU_ASSERT_EQUAL(parse(&h, 0x5000, &img), -EINVAL);
}

static void test_too_short(void)
{
    struct header h = good;
    struct kernel_image img;

    h.image_size = 0;
    CU_ASSERT_EQUAL(parse(&h, 0, &img), -EINVAL);
    CU_ASSERT_EQUAL(parse(&h, 1, &img), -EINVAL);
    CU_ASSERT_EQUAL(parse(&h, 63, &img), -EINVAL);
    CU_ASSERT_EQUAL(parse(&h, 64, &img), 0);
    CU_ASSERT_EQUAL(img.image_size, 64);
}

/* The header may sit at any address: it is read byte by byte. */
static void test_unaligned(void)
{
    uint8_t *p = image(&good, 0x1001);
    uint8_t *q = malloc(0x1001);
    struct kernel_image img;

    CU_ASSERT_PTR_NOT_NULL_FATAL(q);
    memcpy(q + 1, p, 0x1000);
    CU_ASSERT_EQUAL(kernel_image_parse(q + 1, 0x1000, &img), 0);
    CU_ASSERT_EQUAL(img.image_size, 0x30000);
    free(p);
    free(q);
}

UNIT_SUITE(kernel_image,
           UNIT_TEST(test_good_header),
           UNIT_TEST(test_text_offset),
           UNIT_TEST(test_bad_magic),
           UNIT_TEST(test_flags),
           UNIT_TEST(test_image_size),
           UNIT_TEST(test_too_short),
           UNIT_TEST(test_unaligned))
