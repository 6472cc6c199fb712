/* A small sorted set of host physical ranges [base, base + size).
 *
 * Boot code builds the allocator's memory with it: add the RAM banks of the
 * device tree, then remove the hypervisor image, the DTB, the boot modules
 * and the reserved regions; what remains goes to page_pool_add(). Ranges are
 * kept sorted, disjoint and never adjacent (touching ranges are merged), so
 * the set has a single spelling for a given collection of addresses. */
#ifndef KEEL_MEM_RANGE_H
#define KEEL_MEM_RANGE_H

#include <keel/types.h>

#define MEM_RANGES_MAX 64

struct mem_range {
    paddr_t base;
    paddr_t size;
};

struct mem_ranges {
    struct mem_range r[MEM_RANGES_MAX];
    unsigned int n;
};

void mem_ranges_init(struct mem_ranges *s);

/* Adds [base, base + size), merging with ranges it overlaps or touches.
 * -EINVAL if size is 0 or base + size wraps; -ENOSPC if the set is full.
 * On error the set is unchanged. */
int mem_ranges_add(struct mem_ranges *s, paddr_t base, paddr_t size);

/* Takes [base, base + size) out of the set; addresses not in it are ignored.
 * -EINVAL if size is 0 or base + size wraps; -ENOSPC if cutting a hole in the
 * middle of a range needs one more slot than the set has. On error the set is
 * unchanged. */
int mem_ranges_remove(struct mem_ranges *s, paddr_t base, paddr_t size);

/* Sum of the sizes of all ranges. */
uint64_t mem_ranges_total(const struct mem_ranges *s);

#endif
