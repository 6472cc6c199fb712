/* The arm64 Linux Image format (Documentation/arm64/booting): a 64-byte
 * header in front of the kernel; test guests use the same format. */
#ifndef ASM_KERNEL_IMAGE_H
#define ASM_KERNEL_IMAGE_H

#include <keel/types.h>

struct kernel_image {
    uint64_t text_offset;       /* load at a 2 MiB-aligned base + this */
    uint64_t image_size;        /* bytes to keep free from the load address */
    uint64_t file_size;
};

/* Checks the header of `size` bytes at `data`. -EINVAL if it is not an
 * arm64 little-endian 4 KiB-page Image or its sizes do not add up. */
int kernel_image_parse(const void *data, uint64_t size, struct kernel_image *img);

#endif
