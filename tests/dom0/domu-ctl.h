/*
 * What domu-smoke needs of the hypervisor, through /dev/xen/privcmd:
 * Keel's domctl and sysctl, memory_op on another domain's behalf, and
 * foreign mappings of that domain's RAM. Every call returns its result
 * (>= 0) or -errno; the hypervisor's own error codes arrive as errno.
 */
#ifndef DOMU_CTL_H
#define DOMU_CTL_H

#include <stddef.h>
#include <stdint.h>

#include <public/domctl.h>

/*
 * The hypervisor reads and writes hypercall arguments through dom0's page
 * tables at the moment of the call, so they live in locked memory that is
 * always mapped: one page for the op structure, one for extent lists.
 */
#define CTL_LIST_MAX 512

struct ctl {
    int fd;
    void *op;               /* one locked page */
    uint64_t *list;         /* CTL_LIST_MAX locked entries */
};

int ctl_open(struct ctl *c);
void ctl_close(struct ctl *c);

/* Zeroes op and fills in cmd, the current version and domid. */
void ctl_domctl_init(struct keel_domctl *op, uint32_t cmd, uint16_t domid);
long ctl_domctl(struct ctl *c, struct keel_domctl *op);
long ctl_sysctl(struct ctl *c, struct keel_sysctl *op);

long ctl_free_pages(struct ctl *c, uint64_t *free_pages);
long ctl_domain_info(struct ctl *c, uint16_t domid, struct keel_domaininfo *info);

/* XENMEM_populate_physmap / decrease_reservation for `domid`: n extents
 * of 2^order pages starting at gfns[i]. Returns how many were done. */
long ctl_populate(struct ctl *c, uint16_t domid, const uint64_t *gfns,
                  unsigned n, unsigned order);
long ctl_decrease(struct ctl *c, uint16_t domid, const uint64_t *gfns,
                  unsigned n, unsigned order);

/*
 * Maps n consecutive frames of `domid` from gfn `first` (mmap of privcmd
 * plus IOCTL_PRIVCMD_MMAPBATCH_V2). Returns the mapping, or NULL with
 * *err = -errno, or the first frame's own error when one did not map.
 */
void *ctl_map_foreign(struct ctl *c, uint16_t domid, uint64_t first, unsigned n,
                      long *err);
int ctl_unmap(void *p, unsigned n);

/* Data-cache maintenance to the point of coherency for a guest that runs
 * with its MMU (hence its caches) off: clean after writing its memory,
 * clean+invalidate before reading what it wrote. */
void ctl_cache_clean(const void *p, size_t len);
void ctl_cache_invalidate(const void *p, size_t len);

#endif
