/* The fake hypervisor's guest memory: populate_physmap backs each extent
 * with a fresh stretch of the domain's memfd, and foreign mappings map
 * those stretches, so what the toolstack writes is what a test reads. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include "hypercall_fake_internal.h"

#define EXTENT_ORDER_MAX 9

off_t hcf_gfn_offset(const struct lc_fake_domain *d, uint64_t gfn)
{
    for (size_t i = 0; i < d->nr_ext; i++) {
        const struct lc_fake_extent *e = &d->ext[i];

        if (gfn >= e->gfn && gfn - e->gfn < e->pages)
            return e->offset + (off_t)((gfn - e->gfn) << LC_PAGE_SHIFT);
    }
    return -1;
}

static bool overlaps(const struct lc_fake_domain *d, uint64_t gfn, uint64_t pages)
{
    for (size_t i = 0; i < d->nr_ext; i++) {
        const struct lc_fake_extent *e = &d->ext[i];

        if (gfn < e->gfn + e->pages && e->gfn < gfn + pages)
            return true;
    }
    return false;
}

/* Refuses what arch_populate refuses: misaligned, already there, or
 * over the domain's maximum. */
static int populate_one(struct lc_fake_domain *d, uint64_t gfn, unsigned order)
{
    uint64_t pages = 1ULL << order;
    off_t len = (off_t)(pages << LC_PAGE_SHIFT);

    if (gfn & (pages - 1))
        return -EINVAL;
    if (overlaps(d, gfn, pages))
        return -EEXIST;
    if (d->tot_pages + pages > d->max_pages)
        return -ENOMEM;
    if (d->nr_ext == d->cap_ext) {
        size_t cap = d->cap_ext ? d->cap_ext * 2 : 64;
        struct lc_fake_extent *ext = realloc(d->ext, cap * sizeof(*ext));

        if (!ext)
            return -ENOMEM;
        d->ext = ext;
        d->cap_ext = cap;
    }
    if (ftruncate(d->memfd, d->mem_bytes + len))
        return -errno;
    d->ext[d->nr_ext++] = (struct lc_fake_extent){ gfn, pages, d->mem_bytes };
    d->mem_bytes += len;
    d->tot_pages += pages;
    return 0;
}

long hcf_populate(struct lc_fake *f, const struct xen_memory_reservation *r)
{
    const uint64_t *gfns = (const uint64_t *)(uintptr_t)r->extent_start.p;
    struct lc_fake_domain *d = hcf_find(f, r->domid);
    uint64_t done;

    if (!d)
        return -ESRCH;
    if (r->extent_order > EXTENT_ORDER_MAX)
        return -EINVAL;
    for (done = 0; done < r->nr_extents; done++)
        if (populate_one(d, gfns[done], r->extent_order))
            break;
    return (long)done;
}

static int map_pages(const struct lc_fake_domain *d, char *base, const uint64_t *gfns,
                     size_t n)
{
    for (size_t i = 0; i < n; i++) {
        off_t off = hcf_gfn_offset(d, gfns[i]);

        if (off < 0)
            return -ENOENT;
        if (mmap(base + i * LC_PAGE_SIZE, LC_PAGE_SIZE, PROT_READ | PROT_WRITE,
                 MAP_SHARED | MAP_FIXED, d->memfd, off) == MAP_FAILED)
            return -errno;
    }
    return 0;
}

void *hcf_map(struct lc_hc *hc, uint16_t domid, const uint64_t *gfns, size_t n,
               int *err)
{
    struct lc_fake *f = to_hcf(hc);
    const struct lc_fake_domain *d;
    long rc = hcf_enter(f, LC_FAKE_OP_MAP, 0, domid);
    void *base = MAP_FAILED;

    d = rc ? NULL : hcf_find(f, domid);
    if (!rc && !d)
        rc = -ESRCH;
    if (!rc) {
        base = mmap(NULL, n * LC_PAGE_SIZE, PROT_NONE,
                    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        rc = base == MAP_FAILED ? -errno : map_pages(d, base, gfns, n);
    }
    hcf_leave(f, rc);
    if (rc) {
        if (base != MAP_FAILED)
            munmap(base, n * LC_PAGE_SIZE);
        *err = (int)rc;
        return NULL;
    }
    f->nr_maps++;
    return base;
}

void hcf_unmap(struct lc_hc *hc, void *addr, size_t n)
{
    struct lc_fake *f = to_hcf(hc);

    munmap(addr, n * LC_PAGE_SIZE);
    f->nr_maps--;
}

int lc_fake_read(const struct lc_fake *f, uint16_t id, uint64_t gpa, void *buf,
                 size_t len)
{
    const struct lc_fake_domain *d = lc_fake_domain(f, id);
    char *out = buf;

    if (!d)
        return -ESRCH;
    while (len) {
        uint64_t in_page = gpa & (LC_PAGE_SIZE - 1);
        size_t chunk = LC_PAGE_SIZE - in_page < len ? LC_PAGE_SIZE - in_page : len;
        off_t off = hcf_gfn_offset(d, gpa >> LC_PAGE_SHIFT);

        if (off < 0)
            return -ENOENT;
        if (pread(d->memfd, out, chunk, off + (off_t)in_page) != (ssize_t)chunk)
            return -EIO;
        out += chunk;
        gpa += chunk;
        len -= chunk;
    }
    return 0;
}
