/* Shared by the libctl tests: a context over the fake hypervisor and the
 * fake store, sharing one sequence counter, and image files in a
 * temporary directory. */
#ifndef KEEL_TEST_LIBCTL_FIXTURE_H
#define KEEL_TEST_LIBCTL_FIXTURE_H

#include <stddef.h>
#include <stdint.h>
#include "../../libctl/ctx.h"
#include "../../libctl/hypercall_fake.h"
#include "../../libctl/store_fake.h"

#define LCF_FILES_MAX 8

struct lcf {
    uint64_t seq;
    struct lc_fake *hv;
    struct lc_fake_store *xs;
    struct lc_ctx *ctx;
    char dir[64];
    char *files[LCF_FILES_MAX];
    unsigned nr_files;
};

/* 0 on success; the fixture is then torn down by lcf_fini. */
int lcf_init(struct lcf *t);
void lcf_fini(struct lcf *t);

/* A file in the fixture's directory; the path lives as long as t. */
const char *lcf_file(struct lcf *t, const char *name, const void *data, size_t len);
/* An arm64 Image of size bytes (>= 64): the header with these fields,
 * then a byte pattern. malloc'd. */
uint8_t *lcf_image_bytes(uint64_t text_offset, uint64_t image_size, uint64_t flags,
                         size_t size);
/* A gzip stream of the data; malloc'd. */
uint8_t *lcf_gzip(const void *data, size_t len, size_t *out_len);

#endif
