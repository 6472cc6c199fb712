/* What the fake hypervisor's files share. Not public. */
#ifndef KEEL_LIBCTL_HYPERCALL_FAKE_INTERNAL_H
#define KEEL_LIBCTL_HYPERCALL_FAKE_INTERNAL_H

#include "hypercall.h"
#include <public/memory.h>
#include "hypercall_fake.h"

struct lc_fake {
    struct lc_hc hc;
    struct lc_fake_domain doms[LC_FAKE_MAX_DOMAINS];   /* indexed by id */
    uint64_t own_seq;
    uint64_t *seq;
    struct lc_fake_call log[LC_FAKE_LOG_MAX];
    size_t nr_log;
    struct {
        bool armed;
        unsigned op, cmd, left;
        int err;
    } inject;
    unsigned dying_polls;
    char *console;
    size_t console_len;
    struct keel_sysctl_physinfo phys;
    unsigned nr_maps;
};

static inline struct lc_fake *to_hcf(struct lc_hc *hc)
{
    return (struct lc_fake *)hc;
}

/* A live or dying domain, or NULL. */
struct lc_fake_domain *hcf_find(struct lc_fake *f, uint16_t id);
void hcf_domain_free(struct lc_fake_domain *d);

/* Logs a call; non-zero if it is the one to fail (then its result). */
long hcf_enter(struct lc_fake *f, unsigned op, unsigned cmd, uint16_t domid);
void hcf_leave(struct lc_fake *f, long rc);

long hcf_domctl(struct lc_fake *f, struct keel_domctl *op);
long hcf_populate(struct lc_fake *f, const struct xen_memory_reservation *r);
void *hcf_map(struct lc_hc *hc, uint16_t domid, const uint64_t *gfns, size_t n,
               int *err);
void hcf_unmap(struct lc_hc *hc, void *addr, size_t n);
/* The memfd offset backing gfn, or -1. */
off_t hcf_gfn_offset(const struct lc_fake_domain *d, uint64_t gfn);

#endif
