/*
 * privcmd transport for domu-smoke: hypercalls whose arguments sit in two
 * locked pages, and foreign mappings of a guest's frames.
 */
#define _GNU_SOURCE
#include "domu-ctl.h"
#include "xen_uapi.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <public/memory.h>
#include <public/xen.h>

#define PAGE 4096UL

static long hypercall(struct ctl *c, uint64_t op, uint64_t a0, uint64_t a1)
{
    struct privcmd_hypercall h = { .op = op, .arg = { a0, a1 } };
    long rc = ioctl(c->fd, IOCTL_PRIVCMD_HYPERCALL, &h);

    return rc < 0 ? -errno : rc;
}

int ctl_open(struct ctl *c)
{
    char *pages;

    c->fd = open(DEV_PRIVCMD, O_RDWR | O_CLOEXEC);
    if (c->fd < 0)
        return -errno;
    pages = mmap(NULL, 2 * PAGE, PROT_READ | PROT_WRITE,
                 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (pages == MAP_FAILED || mlock(pages, 2 * PAGE) < 0) {
        int err = -errno;

        close(c->fd);
        c->fd = -1;
        return err;
    }
    memset(pages, 0, 2 * PAGE);
    c->op = pages;
    c->list = (uint64_t *)(pages + PAGE);
    return 0;
}

void ctl_close(struct ctl *c)
{
    if (c->op)
        munmap(c->op, 2 * PAGE);
    if (c->fd >= 0)
        close(c->fd);
    c->op = NULL;
    c->fd = -1;
}

void ctl_domctl_init(struct keel_domctl *op, uint32_t cmd, uint16_t domid)
{
    memset(op, 0, sizeof(*op));
    op->cmd = cmd;
    op->version = KEEL_DOMCTL_VERSION;
    op->domid = domid;
}

/* The hypervisor writes the structure back only on success. */
static long op_call(struct ctl *c, uint64_t nr, void *op, size_t len)
{
    long rc;

    memcpy(c->op, op, len);
    rc = hypercall(c, nr, (uint64_t)(uintptr_t)c->op, 0);
    if (rc == 0)
        memcpy(op, c->op, len);
    return rc;
}

long ctl_domctl(struct ctl *c, struct keel_domctl *op)
{
    return op_call(c, __HYPERVISOR_domctl, op, sizeof(*op));
}

long ctl_sysctl(struct ctl *c, struct keel_sysctl *op)
{
    return op_call(c, __HYPERVISOR_sysctl, op, sizeof(*op));
}

long ctl_free_pages(struct ctl *c, uint64_t *free_pages)
{
    struct keel_sysctl op = { .cmd = KEEL_SYSCTL_physinfo,
                              .version = KEEL_SYSCTL_VERSION };
    long rc = ctl_sysctl(c, &op);

    if (rc == 0)
        *free_pages = op.u.physinfo.free_pages;
    return rc;
}

long ctl_domain_info(struct ctl *c, uint16_t domid, struct keel_domaininfo *info)
{
    struct keel_domctl op;
    long rc;

    ctl_domctl_init(&op, KEEL_DOMCTL_getdomaininfo, domid);
    rc = ctl_domctl(c, &op);
    if (rc == 0)
        *info = op.u.info;
    return rc;
}

static long reservation(struct ctl *c, uint64_t cmd, uint16_t domid,
                        const uint64_t *gfns, unsigned n, unsigned order)
{
    struct xen_memory_reservation *r = c->op;

    if (n > CTL_LIST_MAX)
        return -E2BIG;
    memcpy(c->list, gfns, n * sizeof(*gfns));
    memset(r, 0, sizeof(*r));
    r->extent_start.p = (uint64_t)(uintptr_t)c->list;
    r->nr_extents = n;
    r->extent_order = order;
    r->domid = domid;
    return hypercall(c, __HYPERVISOR_memory_op, cmd, (uint64_t)(uintptr_t)r);
}

long ctl_populate(struct ctl *c, uint16_t domid, const uint64_t *gfns,
                  unsigned n, unsigned order)
{
    return reservation(c, XENMEM_populate_physmap, domid, gfns, n, order);
}

long ctl_decrease(struct ctl *c, uint16_t domid, const uint64_t *gfns,
                  unsigned n, unsigned order)
{
    return reservation(c, XENMEM_decrease_reservation, domid, gfns, n, order);
}

/* The first frame that failed to map, as -errno, or 0. */
static long first_error(const int *errs, unsigned n)
{
    for (unsigned i = 0; i < n; i++)
        if (errs[i])
            return errs[i] < 0 ? errs[i] : -errs[i];
    return 0;
}

static long map_batch(struct ctl *c, uint16_t domid, uint64_t first, unsigned n,
                      void *at)
{
    xen_pfn_t *gfns = calloc(n, sizeof(*gfns));
    int *errs = calloc(n, sizeof(*errs));
    struct privcmd_mmapbatch_v2 m = { .num = n, .dom = domid,
                                      .addr = (uint64_t)(uintptr_t)at,
                                      .arr = gfns, .err = errs };
    long rc = -ENOMEM;

    if (gfns && errs) {
        for (unsigned i = 0; i < n; i++)
            gfns[i] = first + i;
        rc = ioctl(c->fd, IOCTL_PRIVCMD_MMAPBATCH_V2, &m) < 0 ? -errno : 0;
        if (rc == 0 || rc == -ENOENT)
            rc = first_error(errs, n) ? first_error(errs, n) : rc;
    }
    free(gfns);
    free(errs);
    return rc;
}

void *ctl_map_foreign(struct ctl *c, uint16_t domid, uint64_t first, unsigned n,
                      long *err)
{
    void *p = mmap(NULL, n * PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, c->fd, 0);

    if (p == MAP_FAILED) {
        *err = -errno;
        return NULL;
    }
    *err = map_batch(c, domid, first, n, p);
    if (*err) {
        munmap(p, n * PAGE);
        return NULL;
    }
    return p;
}

int ctl_unmap(void *p, unsigned n)
{
    return munmap(p, n * PAGE) < 0 ? -errno : 0;
}

/* CTR_EL0.DminLine: log2 of the smallest data cache line in words. */
static size_t dcache_line(void)
{
    uint64_t ctr;

    __asm__ volatile("mrs %0, ctr_el0" : "=r"(ctr));
    return 4UL << ((ctr >> 16) & 0xf);
}

void ctl_cache_clean(const void *p, size_t len)
{
    size_t line = dcache_line();
    uintptr_t a = (uintptr_t)p & ~(line - 1), end = (uintptr_t)p + len;

    for (; a < end; a += line)
        __asm__ volatile("dc cvac, %0" : : "r"(a) : "memory");
    __asm__ volatile("dsb sy" : : : "memory");
}

void ctl_cache_invalidate(const void *p, size_t len)
{
    size_t line = dcache_line();
    uintptr_t a = (uintptr_t)p & ~(line - 1), end = (uintptr_t)p + len;

    for (; a < end; a += line)
        __asm__ volatile("dc civac, %0" : : "r"(a) : "memory");
    __asm__ volatile("dsb sy" : : : "memory");
}
