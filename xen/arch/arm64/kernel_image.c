/* Reading an arm64 Image header. */
#include <keel/errno.h>
#include <keel/lib.h>
#include <asm/kernel_image.h>

#define IMAGE_MAGIC       0x644d5241U   /* "ARM\x64" */
#define IMAGE_HEADER_SIZE 64
#define FLAG_BE           (1UL << 0)
#define FLAG_PAGE_SHIFT   1
#define FLAG_PAGE_MASK    (3UL << FLAG_PAGE_SHIFT)
#define FLAG_PAGE_4K      (1UL << FLAG_PAGE_SHIFT)
#define IMAGE_MAX_SIZE    (1UL << 30)

static uint64_t le64(const uint8_t *p)
{
    uint64_t v = 0;

    for (int i = 7; i >= 0; i--)
        v = v << 8 | p[i];
    return v;
}

int kernel_image_parse(const void *data, uint64_t size, struct kernel_image *img)
{
    const uint8_t *h = data;
    uint64_t flags;

    if (size < IMAGE_HEADER_SIZE || (uint32_t)le64(h + 56) != IMAGE_MAGIC)
        return -EINVAL;
    img->text_offset = le64(h + 8);
    img->image_size = le64(h + 16);
    img->file_size = size;
    flags = le64(h + 24);
    if (flags & FLAG_BE)
        return -EINVAL;
    /* 0 means "unspecified", which 4 KiB-page kernels may leave. */
    if ((flags & FLAG_PAGE_MASK) && (flags & FLAG_PAGE_MASK) != FLAG_PAGE_4K)
        return -EINVAL;
    if (!img->image_size)
        img->image_size = size;
    if (img->image_size < size || img->image_size > IMAGE_MAX_SIZE ||
        img->text_offset >= (2UL << 20) || !IS_ALIGNED(img->text_offset, PAGE_SIZE))
        return -EINVAL;
    return 0;
}
