/* The hypercall transport through Linux's privcmd driver: hypercalls by
 * ioctl, buffers in locked anonymous pages, foreign mappings by
 * MMAPBATCH_V2 on a mapping of the device. The generic entry points at
 * the end dispatch to whichever transport a handle holds. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>
#include "hypercall.h"

/* The privcmd uapi layouts (linux/include/uapi/xen/privcmd.h), declared
 * here because that header pulls in kernel-internal ones. */
struct privcmd_hypercall {
    uint64_t op;
    uint64_t arg[5];
};

struct privcmd_mmapbatch_v2 {
    unsigned int num;
    uint16_t dom;
    uint64_t addr;
    const uint64_t *arr;
    int *err;
};
_Static_assert(sizeof(struct privcmd_hypercall) == 48, "privcmd_hypercall");
_Static_assert(sizeof(struct privcmd_mmapbatch_v2) == 32, "privcmd_mmapbatch_v2");
_Static_assert(offsetof(struct privcmd_mmapbatch_v2, addr) == 8, "mmapbatch addr");

#define IOCTL_PRIVCMD_HYPERCALL \
    _IOC(_IOC_NONE, 'P', 0, sizeof(struct privcmd_hypercall))
#define IOCTL_PRIVCMD_MMAPBATCH_V2 \
    _IOC(_IOC_NONE, 'P', 4, sizeof(struct privcmd_mmapbatch_v2))

struct privcmd {
    struct lc_hc hc;
    int fd;
};

static struct privcmd *to_privcmd(struct lc_hc *hc)
{
    return (struct privcmd *)hc;
}

static size_t page_round(size_t size)
{
    return (size + LC_PAGE_SIZE - 1) & ~(size_t)(LC_PAGE_SIZE - 1);
}

void *lc_locked_pages_alloc(size_t size)
{
    size_t len = page_round(size ? size : 1);
    void *p = mmap(NULL, len, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

    if (p == MAP_FAILED)
        return NULL;
    /* A forked child must not take copy-on-write copies of pages the
     * hypervisor is writing. */
    if (mlock(p, len) || madvise(p, len, MADV_DONTFORK)) {
        munmap(p, len);
        return NULL;
    }
    return p;
}

void lc_locked_pages_free(void *buf, size_t size)
{
    if (!buf)
        return;
    munmap(buf, page_round(size ? size : 1));
}

static long privcmd_call(struct lc_hc *hc, unsigned op, const uint64_t args[5])
{
    struct privcmd_hypercall h = { .op = op };
    long rc;

    memcpy(h.arg, args, sizeof(h.arg));
    rc = ioctl(to_privcmd(hc)->fd, IOCTL_PRIVCMD_HYPERCALL, &h);
    return rc < 0 ? -errno : rc;
}

static void *privcmd_buf_alloc(struct lc_hc *hc, size_t size)
{
    (void)hc;
    return lc_locked_pages_alloc(size);
}

static void privcmd_buf_free(struct lc_hc *hc, void *buf, size_t size)
{
    (void)hc;
    lc_locked_pages_free(buf, size);
}

/* The first per-page error, or 0. */
static int first_error(const int *errs, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (errs[i])
            return errs[i] < 0 ? errs[i] : -errs[i];
    return 0;
}

static int mmapbatch(int fd, uint16_t domid, void *addr, const uint64_t *gfns,
                     size_t n)
{
    int *errs = calloc(n, sizeof(*errs));
    struct privcmd_mmapbatch_v2 b = {
        .num = (unsigned int)n, .dom = domid, .addr = (uintptr_t)addr,
        .arr = gfns, .err = errs,
    };
    int rc;

    if (!errs)
        return -ENOMEM;
    rc = ioctl(fd, IOCTL_PRIVCMD_MMAPBATCH_V2, &b) < 0 ? -errno : 0;
    /* -ENOENT from the ioctl only says some entry failed; the entries
     * say which and why. */
    if (rc == 0 || rc == -ENOENT) {
        int e = first_error(errs, n);

        rc = e ? e : rc;
    }
    free(errs);
    return rc;
}

static void *privcmd_map(struct lc_hc *hc, uint16_t domid, const uint64_t *gfns,
                         size_t n, int *err)
{
    int fd = to_privcmd(hc)->fd;
    size_t len = n * LC_PAGE_SIZE;
    void *addr;
    int rc;

    if (!n || n > UINT32_MAX / LC_PAGE_SIZE) {
        *err = -EINVAL;
        return NULL;
    }
    addr = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    if (addr == MAP_FAILED) {
        *err = -errno;
        return NULL;
    }
    rc = mmapbatch(fd, domid, addr, gfns, n);
    if (rc) {
        munmap(addr, len);
        *err = rc;
        return NULL;
    }
    return addr;
}

/* A new guest starts with its MMU and caches off, so what we wrote
 * through our cacheable mapping must reach memory first. Linux lets user
 * space clean by VA (SCTLR_EL1.UCI). */
static void clean_to_poc(void *addr, size_t len)
{
#if defined(__aarch64__)
    uint64_t ctr;
    uintptr_t line, a;

    __asm__ volatile("mrs %0, ctr_el0" : "=r"(ctr));
    line = (uintptr_t)4 << ((ctr >> 16) & 0xf);
    for (a = (uintptr_t)addr & ~(line - 1); a < (uintptr_t)addr + len; a += line)
        __asm__ volatile("dc cvac, %0" : : "r"(a) : "memory");
    __asm__ volatile("dsb sy" : : : "memory");
#else
    (void)addr;
    (void)len;
#endif
}

static void privcmd_unmap(struct lc_hc *hc, void *addr, size_t n)
{
    (void)hc;
    clean_to_poc(addr, n * LC_PAGE_SIZE);
    munmap(addr, n * LC_PAGE_SIZE);
}

static void privcmd_close(struct lc_hc *hc)
{
    close(to_privcmd(hc)->fd);
    free(hc);
}

static const struct lc_hc_ops privcmd_ops = {
    .call = privcmd_call,
    .buf_alloc = privcmd_buf_alloc,
    .buf_free = privcmd_buf_free,
    .map = privcmd_map,
    .unmap = privcmd_unmap,
    .close = privcmd_close,
};

int lc_hc_open(const char *path, struct lc_hc **hc)
{
    struct privcmd *p = calloc(1, sizeof(*p));

    if (!p)
        return -ENOMEM;
    p->fd = open(path ? path : LC_PRIVCMD_PATH, O_RDWR | O_CLOEXEC);
    if (p->fd < 0) {
        int rc = -errno;

        free(p);
        return rc;
    }
    p->hc.ops = &privcmd_ops;
    *hc = &p->hc;
    return 0;
}

void lc_hc_close(struct lc_hc *hc)
{
    if (hc)
        hc->ops->close(hc);
}

long lc_hypercall(struct lc_hc *hc, unsigned op, const uint64_t args[5])
{
    return hc->ops->call(hc, op, args);
}

void *lc_hbuf_alloc(struct lc_hc *hc, size_t size)
{
    return hc->ops->buf_alloc(hc, size);
}

void lc_hbuf_free(struct lc_hc *hc, void *buf, size_t size)
{
    if (buf)
        hc->ops->buf_free(hc, buf, size);
}

void *lc_foreign_map(struct lc_hc *hc, uint16_t domid, const uint64_t *gfns,
                     size_t n, int *err)
{
    if (!n) {
        *err = -EINVAL;
        return NULL;
    }
    return hc->ops->map(hc, domid, gfns, n, err);
}

void lc_foreign_unmap(struct lc_hc *hc, void *addr, size_t n)
{
    if (addr)
        hc->ops->unmap(hc, addr, n);
}
