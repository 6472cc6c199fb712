/* Reading an arm64 kernel Image, raw or gzip-compressed (Image.gz), and
 * checking its header before anything is built from it. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>
#include "build.h"

#define GZIP_MAGIC0 0x1f
#define GZIP_MAGIC1 0x8b
#define IMAGE_FLAG_BE 1ULL

static int read_all(int fd, uint8_t *buf, size_t size)
{
    size_t done = 0;

    while (done < size) {
        ssize_t n = read(fd, buf + done, size - done);

        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return -errno;
        if (n == 0)
            return -EIO;        /* it shrank under us */
        done += (size_t)n;
    }
    return 0;
}

int lc_file_read(const char *path, size_t max, uint8_t **data, size_t *size)
{
    struct stat st;
    uint8_t *buf;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    int rc;

    if (fd < 0)
        return -errno;
    rc = fstat(fd, &st) ? -errno : 0;
    if (!rc && !S_ISREG(st.st_mode))
        rc = -EINVAL;
    if (!rc && (uint64_t)st.st_size > max)
        rc = -EFBIG;
    buf = rc ? NULL : malloc(st.st_size ? (size_t)st.st_size : 1);
    if (!rc && !buf)
        rc = -ENOMEM;
    if (!rc)
        rc = read_all(fd, buf, (size_t)st.st_size);
    close(fd);
    if (rc) {
        free(buf);
        return rc;
    }
    *data = buf;
    *size = (size_t)st.st_size;
    return 0;
}

static int inflate_into(z_stream *z, size_t max, uint8_t **out, size_t *out_len)
{
    size_t cap = z->avail_in < max / 4 ? z->avail_in * 4 + 4096 : max;
    uint8_t *buf = NULL;
    int zr = Z_OK;

    while (zr != Z_STREAM_END) {
        uint8_t *grown = realloc(buf, cap);

        if (!grown) {
            free(buf);
            return -ENOMEM;
        }
        buf = grown;
        z->next_out = buf + z->total_out;
        z->avail_out = (uInt)(cap - z->total_out);
        zr = inflate(z, Z_NO_FLUSH);
        if (zr == Z_MEM_ERROR || zr == Z_NEED_DICT || zr == Z_DATA_ERROR ||
            zr == Z_STREAM_ERROR || (zr == Z_BUF_ERROR && z->avail_out)) {
            free(buf);
            return zr == Z_MEM_ERROR ? -ENOMEM : -ENOEXEC;
        }
        if (zr != Z_STREAM_END && !z->avail_out) {
            if (cap >= max) {
                free(buf);
                return -EFBIG;
            }
            cap = cap > max / 2 ? max : cap * 2;
        } else if (zr != Z_STREAM_END && !z->avail_in) {
            free(buf);
            return -ENOEXEC;    /* truncated */
        }
    }
    *out = buf;
    *out_len = z->total_out;
    return 0;
}

int lc_gunzip(const uint8_t *in, size_t len, size_t max, uint8_t **out, size_t *out_len)
{
    z_stream z = { .next_in = (Bytef *)in, .avail_in = (uInt)len };
    int rc;

    if (len > UINT32_MAX || max > UINT32_MAX || !max)
        return -EFBIG;
    /* 16 + window bits: a gzip header and trailer, not zlib's. */
    if (inflateInit2(&z, 16 + MAX_WBITS) != Z_OK)
        return -ENOMEM;
    rc = inflate_into(&z, max, out, out_len);
    inflateEnd(&z);
    return rc;
}

static uint64_t le64(const uint8_t *p)
{
    uint64_t v = 0;

    for (int i = 7; i >= 0; i--)
        v = v << 8 | p[i];
    return v;
}

int lc_kernel_parse(const uint8_t *data, size_t size, uint64_t *text_offset,
                    uint64_t *footprint)
{
    uint64_t offset, image_size, flags;

    if (size < LC_IMAGE_HEADER_SIZE || (uint32_t)le64(data + 56) != LC_IMAGE_MAGIC)
        return -ENOEXEC;
    offset = le64(data + 8);
    image_size = le64(data + 16);
    flags = le64(data + 24);
    /* Kernels before 3.17 leave image_size 0 and expect 0x80000. */
    if (!image_size)
        offset = LC_IMAGE_LEGACY_TEXT_OFFSET;
    if (flags & IMAGE_FLAG_BE)
        return -ENOEXEC;
    if (offset % 4096 || offset >= LC_IMAGE_ALIGN)
        return -ENOEXEC;
    *text_offset = offset;
    *footprint = image_size > size ? image_size : size;
    return 0;
}

static int inflate_if_gzip(struct lc_kernel *k)
{
    uint8_t *out;
    size_t len;
    int rc;

    if (k->size < 2 || k->data[0] != GZIP_MAGIC0 || k->data[1] != GZIP_MAGIC1)
        return 0;
    rc = lc_gunzip(k->data, k->size, LC_KERNEL_MAX, &out, &len);
    if (rc)
        return rc;
    free(k->data);
    k->data = out;
    k->size = len;
    return 0;
}

int lc_kernel_load(const char *path, struct lc_kernel *k)
{
    int rc;

    *k = (struct lc_kernel){ 0 };
    rc = lc_file_read(path, LC_KERNEL_MAX, &k->data, &k->size);
    if (!rc)
        rc = inflate_if_gzip(k);
    if (!rc)
        rc = lc_kernel_parse(k->data, k->size, &k->text_offset, &k->footprint);
    if (rc)
        lc_kernel_free(k);
    return rc;
}

void lc_kernel_free(struct lc_kernel *k)
{
    free(k->data);
    *k = (struct lc_kernel){ 0 };
}
