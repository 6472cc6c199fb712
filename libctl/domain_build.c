/* Guest memory for a domU: the plan of where each image goes, populating
 * the RAM and the magic pages, and copying into the guest through
 * foreign mappings.
 *
 * Layout (RAM0 starts at GUEST_RAM0_BASE, which is 2 MiB-aligned):
 *   kernel  at RAM0 + text_offset, with its footprint (the header's
 *           image_size, or the file size if larger) kept free;
 *   initrd  at the first 2 MiB boundary after the kernel's footprint;
 *   DTB     at the first 2 MiB boundary after the initrd (or the kernel),
 *           with 2 MiB kept for it (the arm64 boot protocol's limit).
 * All of it must fit in RAM0; memory beyond RAM0's 3 GiB goes in RAM1.
 * Keeping the modules low means a small guest needs only a little more
 * RAM than its kernel and initrd, and Linux finds them in its linear map. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <public/arch-arm.h>
#include "build.h"

#define ORDER_2M        9
#define PAGES_2M        (1ULL << ORDER_2M)
#define MAP_WINDOW      1024    /* pages mapped at a time */

static uint64_t align_up(uint64_t v, uint64_t a)
{
    return (v + a - 1) & ~(a - 1);
}

static int plan_banks(uint64_t memory_kb, struct lc_layout *l)
{
    uint64_t bytes = align_up(memory_kb, 4) * 1024;

    if (!memory_kb || bytes > GUEST_RAM0_SIZE + GUEST_RAM1_SIZE)
        return -EINVAL;
    l->ram_base[0] = GUEST_RAM0_BASE;
    l->ram_size[0] = bytes < GUEST_RAM0_SIZE ? bytes : GUEST_RAM0_SIZE;
    l->nr_banks = 1;
    if (bytes > GUEST_RAM0_SIZE) {
        l->ram_base[1] = GUEST_RAM1_BASE;
        l->ram_size[1] = bytes - GUEST_RAM0_SIZE;
        l->nr_banks = 2;
    }
    return 0;
}

int lc_layout_plan(uint64_t memory_kb, const struct lc_kernel *k, size_t initrd_size,
                   struct lc_layout *l)
{
    uint64_t ram0_end;
    int rc;

    *l = (struct lc_layout){ 0 };
    rc = plan_banks(memory_kb, l);
    if (rc)
        return rc;
    ram0_end = l->ram_base[0] + l->ram_size[0];
    l->kernel_addr = GUEST_RAM0_BASE + k->text_offset;
    l->initrd_addr = align_up(l->kernel_addr + k->footprint, LC_IMAGE_ALIGN);
    l->dtb_addr = align_up(l->initrd_addr + initrd_size, LC_IMAGE_ALIGN);
    if (l->dtb_addr < l->initrd_addr || l->dtb_addr + LC_DTB_MAX > ram0_end)
        return -ENOSPC;
    return 0;
}

static int populate_list(struct lc_hc *hc, uint16_t domid, const uint64_t *gfns,
                         uint64_t n, unsigned order)
{
    long done;

    if (!n)
        return 0;
    done = lc_memory_populate(hc, domid, gfns, n, order);
    if (done < 0)
        return (int)done;
    /* A short count is how the hypervisor says it ran out. */
    return (uint64_t)done < n ? -ENOMEM : 0;
}

static int populate_bank(struct lc_hc *hc, uint16_t domid, uint64_t base, uint64_t size)
{
    uint64_t first = base >> LC_PAGE_SHIFT, end = (base + size) >> LC_PAGE_SHIFT;
    uint64_t *big = malloc((size_t)((end - first) / PAGES_2M + 1) * sizeof(*big));
    uint64_t *small = malloc((size_t)(PAGES_2M * 2) * sizeof(*small));
    uint64_t nbig = 0, nsmall = 0;
    int rc = big && small ? 0 : -ENOMEM;

    /* Pages before the first and after the last whole 2 MiB block go
     * one by one: at most 511 at each end. */
    for (uint64_t gfn = first; !rc && gfn < end;) {
        if (gfn % PAGES_2M == 0 && end - gfn >= PAGES_2M) {
            big[nbig++] = gfn;
            gfn += PAGES_2M;
        } else {
            small[nsmall++] = gfn++;
        }
    }
    if (!rc)
        rc = populate_list(hc, domid, big, nbig, ORDER_2M);
    if (!rc)
        rc = populate_list(hc, domid, small, nsmall, 0);
    free(big);
    free(small);
    return rc;
}

int lc_populate_ram(struct lc_hc *hc, uint16_t domid, const struct lc_layout *l)
{
    int rc = 0;

    for (unsigned i = 0; !rc && i < l->nr_banks; i++)
        rc = populate_bank(hc, domid, l->ram_base[i], l->ram_size[i]);
    return rc;
}

int lc_populate_magic(struct lc_hc *hc, uint16_t domid)
{
    const uint64_t base = GUEST_MAGIC_BASE >> LC_PAGE_SHIFT;
    const uint64_t gfns[2] = { base + GUEST_CONSOLE_PFN_OFFSET,
                               base + GUEST_XENSTORE_PFN_OFFSET };
    int rc = populate_list(hc, domid, gfns, 2, 0);

    /* The guest's drivers expect idle rings: all indexes zero. */
    if (!rc)
        rc = lc_copy_to_guest(hc, domid, gfns[0] << LC_PAGE_SHIFT, NULL, 2 * LC_PAGE_SIZE);
    return rc;
}

/* One window: up to MAP_WINDOW pages from gpa's page on. */
static int copy_window(struct lc_hc *hc, uint16_t domid, uint64_t *gfns, uint64_t gpa,
                       const uint8_t *data, size_t len, size_t *done)
{
    uint64_t in_page = gpa & (LC_PAGE_SIZE - 1);
    uint64_t pages = (in_page + len + LC_PAGE_SIZE - 1) >> LC_PAGE_SHIFT;
    size_t chunk;
    uint8_t *map;
    int rc = 0;

    if (pages > MAP_WINDOW)
        pages = MAP_WINDOW;
    for (uint64_t i = 0; i < pages; i++)
        gfns[i] = (gpa >> LC_PAGE_SHIFT) + i;
    map = lc_foreign_map(hc, domid, gfns, pages, &rc);
    if (!map)
        return rc;
    chunk = pages * LC_PAGE_SIZE - in_page;
    if (chunk > len)
        chunk = len;
    if (data)
        memcpy(map + in_page, data, chunk);
    else
        memset(map + in_page, 0, chunk);
    lc_foreign_unmap(hc, map, pages);
    *done = chunk;
    return 0;
}

int lc_copy_to_guest(struct lc_hc *hc, uint16_t domid, uint64_t gpa, const void *data,
                     size_t len)
{
    uint64_t *gfns = malloc(MAP_WINDOW * sizeof(*gfns));
    const uint8_t *src = data;
    int rc = gfns ? 0 : -ENOMEM;

    while (!rc && len) {
        size_t done = 0;

        rc = copy_window(hc, domid, gfns, gpa, src, len, &done);
        gpa += done;
        len -= done;
        if (src)
            src += done;
    }
    free(gfns);
    return rc;
}
