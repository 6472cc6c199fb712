/* An in-process stand-in for the hypervisor behind struct lc_hc, for host
 * tests: a table of domains with their memory (a memfd each, so foreign
 * mappings share pages as real ones do), a log of every call, and errors
 * injected on demand. It follows xen/common/domctl.c, sysctl.c and
 * memory_op.c in what it accepts and refuses. */
#ifndef KEEL_LIBCTL_HYPERCALL_FAKE_H
#define KEEL_LIBCTL_HYPERCALL_FAKE_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>
#include <public/domctl.h>
#include <public/hvm_params.h>
#include "libctl.h"

#define LC_FAKE_MAX_DOMAINS 80      /* more than one getdomaininfolist batch */
#define LC_FAKE_MAX_VCPUS   LC_DOMAIN_MAX_VCPUS
#define LC_FAKE_MAX_PORTS   16
#define LC_FAKE_LOG_MAX     8192

/* Pseudo hypercall numbers, so that mapping shows in the log and can be
 * made to fail like a hypercall. */
#define LC_FAKE_OP_MAP      1000u
#define LC_FAKE_ANY         (~0u)

struct lc_fake_extent {
    uint64_t gfn;
    uint64_t pages;
    off_t offset;               /* in the domain's memfd */
};

struct lc_fake_domain {
    bool exists;
    uint16_t id;
    uint32_t max_vcpus;
    unsigned pause_count;
    bool shut_down;
    uint32_t shutdown_reason;
    unsigned dying_polls;       /* getdomaininfo calls left before it goes */
    uint64_t max_pages, tot_pages;
    uint8_t handle[16];
    uint64_t hvm_params[HVM_NR_PARAMS];
    bool grants_seeded;
    struct keel_domctl_seed_grants grants;
    uint32_t weight, cap;
    unsigned nr_ports;          /* ports are 1..nr_ports */
    uint16_t port_remote[LC_FAKE_MAX_PORTS + 1];
    struct keel_domctl_vcpu_context vcpu[LC_FAKE_MAX_VCPUS];
    int memfd;
    off_t mem_bytes;
    struct lc_fake_extent *ext;
    size_t nr_ext, cap_ext;
};

struct lc_fake_call {
    uint64_t seq;               /* shared with the fake store, if given */
    unsigned op;                /* __HYPERVISOR_* or LC_FAKE_OP_MAP */
    unsigned cmd;               /* domctl/sysctl cmd, memory_op sub-op */
    uint16_t domid;
    long rc;
};

struct lc_fake;

/* seq: a counter shared with other fakes to order their logs; NULL for
 * one of its own. The fake is freed by lc_hc_close(lc_fake_hc(f)). */
struct lc_fake *lc_fake_new(uint64_t *seq);
struct lc_hc *lc_fake_hc(struct lc_fake *f);

/* The nth call (1 = the next) matching op and cmd (LC_FAKE_ANY: any)
 * fails with -err and changes nothing. One injection at a time. */
void lc_fake_fail(struct lc_fake *f, unsigned op, unsigned cmd, unsigned nth,
                  int err);
/* After destroydomain, the domain lingers (dying) for n getdomaininfo
 * calls; UINT32_MAX: for ever. */
void lc_fake_set_dying_polls(struct lc_fake *f, unsigned n);
/* What sysctl readconsole returns (copied). */
int lc_fake_set_console(struct lc_fake *f, const char *text);
void lc_fake_set_physinfo(struct lc_fake *f, const struct keel_sysctl_physinfo *p);

const struct lc_fake_call *lc_fake_calls(const struct lc_fake *f, size_t *n);
void lc_fake_clear_calls(struct lc_fake *f);
/* NULL if there is no such domain. Domain 0 always exists; nr_guests
 * counts the others. */
const struct lc_fake_domain *lc_fake_domain(const struct lc_fake *f, uint16_t id);
unsigned lc_fake_nr_guests(const struct lc_fake *f);
/* Copies guest memory out; -ENOENT if a page is not populated. */
int lc_fake_read(const struct lc_fake *f, uint16_t id, uint64_t gpa, void *buf,
                 size_t len);
/* Foreign mappings still open. */
unsigned lc_fake_nr_mappings(const struct lc_fake *f);

#endif
