/* Domain building's pieces: reading images, the guest device tree, the
 * guest memory plan and copying into a guest. Not public. */
#ifndef KEEL_LIBCTL_BUILD_H
#define KEEL_LIBCTL_BUILD_H

#include <stddef.h>
#include <stdint.h>
#include "hypercall.h"

#define LC_MIB (1ULL << 20)
#define LC_KERNEL_MAX   (256 * LC_MIB)  /* uncompressed Image */
#define LC_RAMDISK_MAX  (1024 * LC_MIB)
#define LC_DTB_MAX      (2 * LC_MIB)    /* arm64 booting.rst's limit */
#define LC_IMAGE_ALIGN  (2 * LC_MIB)

/* The arm64 Image header (Documentation/arch/arm64/booting.rst). */
#define LC_IMAGE_HEADER_SIZE 64
#define LC_IMAGE_MAGIC       0x644d5241u        /* "ARM\x64" at +56 */
#define LC_IMAGE_LEGACY_TEXT_OFFSET 0x80000u    /* when image_size is 0 */

struct lc_kernel {
    uint8_t *data;              /* the uncompressed Image */
    size_t size;
    uint64_t text_offset;       /* from a 2 MiB-aligned base */
    uint64_t footprint;         /* bytes it needs from its load address */
};

/* Reads a regular file of at most max bytes: -EFBIG if larger. */
int lc_file_read(const char *path, size_t max, uint8_t **data, size_t *size);
/* Inflates a gzip stream into at most max bytes: -EFBIG if larger,
 * -ENOEXEC if corrupt or truncated. */
int lc_gunzip(const uint8_t *in, size_t len, size_t max, uint8_t **out,
              size_t *out_len);
/* Checks an Image header: -ENOEXEC if it is not a little-endian arm64
 * Image with a sane text_offset. */
int lc_kernel_parse(const uint8_t *data, size_t size, uint64_t *text_offset,
                    uint64_t *footprint);
/* Reads, inflates if gzip-compressed, and checks a kernel. */
int lc_kernel_load(const char *path, struct lc_kernel *k);
void lc_kernel_free(struct lc_kernel *k);

/* The guest's device tree. */
struct lc_fdt_params {
    uint64_t ram_base[2], ram_size[2];
    unsigned nr_banks;          /* 1 or 2 */
    unsigned nr_vcpus;
    const char *cmdline;        /* NULL: no bootargs */
    uint64_t initrd_start, initrd_size;     /* size 0: no initrd */
};
int lc_guest_fdt(const struct lc_fdt_params *p, void **fdt, size_t *size);

/* Where everything goes in guest RAM (see domain_build.c). */
struct lc_layout {
    uint64_t ram_base[2], ram_size[2];
    unsigned nr_banks;
    uint64_t kernel_addr;       /* load address = entry point */
    uint64_t initrd_addr;
    uint64_t dtb_addr;
};
int lc_layout_plan(uint64_t memory_kb, const struct lc_kernel *k, size_t initrd_size,
                   struct lc_layout *l);
/* RAM as order-9 extents where aligned, order 0 elsewhere. */
int lc_populate_ram(struct lc_hc *hc, uint16_t domid, const struct lc_layout *l);
/* The console and xenstore pages, zeroed. */
int lc_populate_magic(struct lc_hc *hc, uint16_t domid);
/* Copies len bytes to guest physical gpa (data NULL: zeroes). */
int lc_copy_to_guest(struct lc_hc *hc, uint16_t domid, uint64_t gpa,
                     const void *data, size_t len);

#endif
