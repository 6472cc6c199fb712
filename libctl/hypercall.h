/* The transport behind struct lc_hc: what a hypercall path must provide.
 * The privcmd transport (hypercall.c) and the in-process fake
 * (hypercall_fake.c) each embed struct lc_hc first. Not public. */
#ifndef KEEL_LIBCTL_HYPERCALL_H
#define KEEL_LIBCTL_HYPERCALL_H

#include <stddef.h>
#include <stdint.h>
#include "libctl.h"

#define LC_PAGE_SIZE  4096u
#define LC_PAGE_SHIFT 12

struct lc_hc_ops {
    long (*call)(struct lc_hc *hc, unsigned op, const uint64_t args[5]);
    void *(*buf_alloc)(struct lc_hc *hc, size_t size);
    void (*buf_free)(struct lc_hc *hc, void *buf, size_t size);
    void *(*map)(struct lc_hc *hc, uint16_t domid, const uint64_t *gfns,
                 size_t n, int *err);
    void (*unmap)(struct lc_hc *hc, void *addr, size_t n);
    void (*close)(struct lc_hc *hc);
};

struct lc_hc {
    const struct lc_hc_ops *ops;
};

/* Page-backed, locked, zeroed memory: what privcmd's hypercalls need,
 * since the hypervisor reads the buffers through the caller's page
 * tables and must not find them paged out. */
void *lc_locked_pages_alloc(size_t size);
void lc_locked_pages_free(void *buf, size_t size);

#endif
