/* The libctl tests' fixture. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>
#include "libctl_fixture.h"

int lcf_init(struct lcf *t)
{
    *t = (struct lcf){ 0 };
    snprintf(t->dir, sizeof(t->dir), "/tmp/keel-libctl.XXXXXX");
    if (!mkdtemp(t->dir))
        return -1;
    t->hv = lc_fake_new(&t->seq);
    t->xs = lc_fake_store_new(&t->seq);
    if (!t->hv || !t->xs) {
        if (t->hv)
            lc_hc_close(lc_fake_hc(t->hv));
        if (t->xs)
            lc_store_close(lc_fake_store_base(t->xs));
        rmdir(t->dir);
        return -1;
    }
    t->ctx = lc_ctx_new(lc_fake_hc(t->hv), lc_fake_store_base(t->xs));
    if (!t->ctx) {
        rmdir(t->dir);
        return -1;
    }
    t->ctx->destroy_timeout_ms = 200;
    return 0;
}

void lcf_fini(struct lcf *t)
{
    lc_ctx_close(t->ctx);
    for (unsigned i = 0; i < t->nr_files; i++) {
        unlink(t->files[i]);
        free(t->files[i]);
    }
    rmdir(t->dir);
    *t = (struct lcf){ 0 };
}

const char *lcf_file(struct lcf *t, const char *name, const void *data, size_t len)
{
    char *path;
    FILE *f;

    if (t->nr_files == LCF_FILES_MAX || asprintf(&path, "%s/%s", t->dir, name) < 0)
        return NULL;
    f = fopen(path, "wb");
    if (!f || fwrite(data, 1, len, f) != len) {
        if (f)
            fclose(f);
        free(path);
        return NULL;
    }
    fclose(f);
    t->files[t->nr_files++] = path;
    return path;
}

static void put_le64(uint8_t *p, uint64_t v)
{
    for (int i = 0; i < 8; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

uint8_t *lcf_image_bytes(uint64_t text_offset, uint64_t image_size, uint64_t flags,
                         size_t size)
{
    uint8_t *img = malloc(size);

    if (!img || size < 64) {
        free(img);
        return NULL;
    }
    for (size_t i = 0; i < size; i++)
        img[i] = (uint8_t)(i * 7 + 3);
    memset(img, 0, 64);
    img[0] = 'M';
    img[1] = 'Z';
    put_le64(img + 8, text_offset);
    put_le64(img + 16, image_size);
    put_le64(img + 24, flags);
    memcpy(img + 56, "ARM\x64", 4);
    return img;
}

uint8_t *lcf_gzip(const void *data, size_t len, size_t *out_len)
{
    z_stream z = { 0 };
    size_t cap = compressBound((uLong)len) + 64;
    uint8_t *out = malloc(cap);

    if (!out || deflateInit2(&z, 6, Z_DEFLATED, 16 + MAX_WBITS, 8,
                             Z_DEFAULT_STRATEGY) != Z_OK) {
        free(out);
        return NULL;
    }
    z.next_in = (Bytef *)data;
    z.avail_in = (uInt)len;
    z.next_out = out;
    z.avail_out = (uInt)cap;
    if (deflate(&z, Z_FINISH) != Z_STREAM_END) {
        deflateEnd(&z);
        free(out);
        return NULL;
    }
    *out_len = z.total_out;
    deflateEnd(&z);
    return out;
}
