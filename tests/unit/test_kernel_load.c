/* libctl/kernel_load.c: reading raw and gzip'd arm64 Images and refusing
 * what is not one. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "unit.h"
#include "libctl_fixture.h"
#include "../../libctl/build.h"

#define KIB 1024u

static struct lcf fx;

static void setup(void)
{
    CU_ASSERT_FATAL(lcf_init(&fx) == 0);
}

static void load_raw_image(void)
{
    uint8_t *img = lcf_image_bytes(0, 64 * KIB, 0x0a, 20 * KIB);
    struct lc_kernel k;
    const char *path;

    setup();
    path = lcf_file(&fx, "Image", img, 20 * KIB);
    CU_ASSERT_EQUAL(lc_kernel_load(path, &k), 0);
    CU_ASSERT_EQUAL(k.size, 20 * KIB);
    CU_ASSERT_EQUAL(k.text_offset, 0);
    CU_ASSERT_EQUAL(k.footprint, 64 * KIB);
    CU_ASSERT(memcmp(k.data, img, 20 * KIB) == 0);
    lc_kernel_free(&k);
    CU_ASSERT_PTR_NULL(k.data);
    free(img);
    lcf_fini(&fx);
}

static void load_gzip_image(void)
{
    uint8_t *img = lcf_image_bytes(0x80000, 1024 * KIB, 0, 300 * KIB);
    size_t zlen;
    uint8_t *gz = lcf_gzip(img, 300 * KIB, &zlen);
    struct lc_kernel k;
    const char *path;

    setup();
    CU_ASSERT_FATAL(gz != NULL);
    CU_ASSERT(zlen < 300 * KIB);
    path = lcf_file(&fx, "Image.gz", gz, zlen);
    CU_ASSERT_EQUAL(lc_kernel_load(path, &k), 0);
    CU_ASSERT_EQUAL(k.size, 300 * KIB);
    CU_ASSERT_EQUAL(k.text_offset, 0x80000);
    CU_ASSERT_EQUAL(k.footprint, 1024 * KIB);
    CU_ASSERT(memcmp(k.data, img, 300 * KIB) == 0);
    lc_kernel_free(&k);
    free(gz);
    free(img);
    lcf_fini(&fx);
}

/* A file bigger than its header's image_size keeps its own size free. */
static void footprint_covers_file(void)
{
    uint8_t *img = lcf_image_bytes(0, 4 * KIB, 0, 8 * KIB);
    uint64_t off, fp;

    CU_ASSERT_EQUAL(lc_kernel_parse(img, 8 * KIB, &off, &fp), 0);
    CU_ASSERT_EQUAL(fp, 8 * KIB);
    free(img);
}

/* Kernels before 3.17: image_size 0 means text_offset 0x80000. */
static void legacy_header(void)
{
    uint8_t *img = lcf_image_bytes(0, 0, 0, 8 * KIB);
    uint64_t off, fp;

    CU_ASSERT_EQUAL(lc_kernel_parse(img, 8 * KIB, &off, &fp), 0);
    CU_ASSERT_EQUAL(off, 0x80000);
    CU_ASSERT_EQUAL(fp, 8 * KIB);
    free(img);
}

static void bad_headers_rejected(void)
{
    uint8_t *img = lcf_image_bytes(0, 64 * KIB, 0, 4 * KIB);
    uint64_t off, fp;

    CU_ASSERT_EQUAL(lc_kernel_parse(img, 63, &off, &fp), -ENOEXEC);
    img[57] = 'X';
    CU_ASSERT_EQUAL(lc_kernel_parse(img, 4 * KIB, &off, &fp), -ENOEXEC);
    free(img);
    img = lcf_image_bytes(0, 64 * KIB, 1, 4 * KIB);     /* big-endian */
    CU_ASSERT_EQUAL(lc_kernel_parse(img, 4 * KIB, &off, &fp), -ENOEXEC);
    free(img);
    img = lcf_image_bytes(0x80010, 64 * KIB, 0, 4 * KIB);   /* unaligned */
    CU_ASSERT_EQUAL(lc_kernel_parse(img, 4 * KIB, &off, &fp), -ENOEXEC);
    free(img);
    img = lcf_image_bytes(0x200000, 64 * KIB, 0, 4 * KIB);  /* >= 2 MiB */
    CU_ASSERT_EQUAL(lc_kernel_parse(img, 4 * KIB, &off, &fp), -ENOEXEC);
    free(img);
    img = lcf_image_bytes(0x1ff000, 64 * KIB, 0, 4 * KIB);  /* the last good one */
    CU_ASSERT_EQUAL(lc_kernel_parse(img, 4 * KIB, &off, &fp), 0);
    CU_ASSERT_EQUAL(off, 0x1ff000);
    free(img);
}

static void bad_files_rejected(void)
{
    uint8_t junk[4096];
    uint8_t *img = lcf_image_bytes(0, 64 * KIB, 0, 16 * KIB);
    size_t zlen;
    uint8_t *gz = lcf_gzip(img, 16 * KIB, &zlen);
    struct lc_kernel k;

    setup();
    memset(junk, 0x5a, sizeof(junk));
    CU_ASSERT_EQUAL(lc_kernel_load(lcf_file(&fx, "junk", junk, sizeof(junk)), &k),
                    -ENOEXEC);
    CU_ASSERT_EQUAL(lc_kernel_load(lcf_file(&fx, "empty", junk, 0), &k), -ENOEXEC);
    CU_ASSERT_EQUAL(lc_kernel_load(lcf_file(&fx, "cut.gz", gz, zlen / 2), &k), -ENOEXEC);
    gz[zlen / 2] ^= 0xff;
    CU_ASSERT_EQUAL(lc_kernel_load(lcf_file(&fx, "bad.gz", gz, zlen), &k), -ENOEXEC);
    /* gzip of something that is not an Image */
    free(gz);
    gz = lcf_gzip(junk, sizeof(junk), &zlen);
    CU_ASSERT_EQUAL(lc_kernel_load(lcf_file(&fx, "junk.gz", gz, zlen), &k), -ENOEXEC);
    CU_ASSERT_EQUAL(lc_kernel_load("/nonexistent/Image", &k), -ENOENT);
    CU_ASSERT_EQUAL(lc_kernel_load(fx.dir, &k), -EINVAL);  /* a directory */
    CU_ASSERT_PTR_NULL(k.data);
    free(gz);
    free(img);
    lcf_fini(&fx);
}

static void gunzip_limits(void)
{
    uint8_t *zeros = calloc(1, 1 << 20);
    size_t zlen, out_len;
    uint8_t *gz = lcf_gzip(zeros, 1 << 20, &zlen), *out;

    CU_ASSERT_FATAL(gz != NULL);
    /* A small stream that inflates past the limit is refused. */
    CU_ASSERT_EQUAL(lc_gunzip(gz, zlen, (1 << 20) - 1, &out, &out_len), -EFBIG);
    CU_ASSERT_EQUAL(lc_gunzip(gz, zlen, 1 << 20, &out, &out_len), 0);
    CU_ASSERT_EQUAL(out_len, 1 << 20);
    CU_ASSERT(memcmp(out, zeros, 1 << 20) == 0);
    free(out);
    CU_ASSERT_EQUAL(lc_gunzip(gz, 10, 1 << 20, &out, &out_len), -ENOEXEC);
    CU_ASSERT_EQUAL(lc_gunzip(gz, zlen, 0, &out, &out_len), -EFBIG);
    free(gz);
    free(zeros);
}

static void file_read_limits(void)
{
    uint8_t data[100] = { 1, 2, 3 };
    const char *path;
    uint8_t *out;
    size_t len;

    setup();
    path = lcf_file(&fx, "f", data, sizeof(data));
    CU_ASSERT_EQUAL(lc_file_read(path, 99, &out, &len), -EFBIG);
    CU_ASSERT_EQUAL(lc_file_read(path, 100, &out, &len), 0);
    CU_ASSERT_EQUAL(len, 100);
    CU_ASSERT(memcmp(out, data, 100) == 0);
    free(out);
    lcf_fini(&fx);
}

UNIT_SUITE(kernel_load,
           UNIT_TEST(load_raw_image), UNIT_TEST(load_gzip_image),
           UNIT_TEST(footprint_covers_file), UNIT_TEST(legacy_header),
           UNIT_TEST(bad_headers_rejected), UNIT_TEST(bad_files_rejected),
           UNIT_TEST(gunzip_limits), UNIT_TEST(file_read_limits))
