/* domctl (hypercall 36) and sysctl (35): Keel's own control interface,
 * used only by the toolstack in the control domain (privcmd passes the
 * buffers through). Versioned: a caller built for another version gets
 * -EACCES, so a stale toolstack fails loudly instead of corrupting state.
 * Every structure is fixed-size with explicit padding, checked below. */
#ifndef KEEL_PUBLIC_DOMCTL_H
#define KEEL_PUBLIC_DOMCTL_H

#include <stddef.h>
#include <stdint.h>

#define KEEL_DOMCTL_VERSION 0x4b450001U    /* "KE", version 1 */
#define KEEL_SYSCTL_VERSION 0x4b450001U

/* domctl commands */
#define KEEL_DOMCTL_createdomain    1
#define KEEL_DOMCTL_destroydomain   2
#define KEEL_DOMCTL_pausedomain     3
#define KEEL_DOMCTL_unpausedomain   4
#define KEEL_DOMCTL_getdomaininfo   5
#define KEEL_DOMCTL_max_mem         6
#define KEEL_DOMCTL_setvcpucontext  7
#define KEEL_DOMCTL_getvcpucontext  8
#define KEEL_DOMCTL_getvcpuinfo     9
#define KEEL_DOMCTL_scheduler_op    10
#define KEEL_DOMCTL_set_hvm_param   11
#define KEEL_DOMCTL_seed_grants     12
#define KEEL_DOMCTL_alloc_evtchn    13
#define KEEL_DOMCTL_shutdown        14

struct keel_domctl_createdomain {
    uint32_t max_vcpus;
    uint32_t flags;             /* none defined yet: must be 0 */
    uint64_t max_mem_kb;
    uint8_t handle[16];         /* the toolstack's UUID for the domain */
};

#define KEEL_DOMINF_dying      (1U << 0)   /* destroyed, not yet freed */
#define KEEL_DOMINF_shutdown   (1U << 1)   /* shut down; see shutdown_reason */
#define KEEL_DOMINF_paused     (1U << 2)
#define KEEL_DOMINF_running    (1U << 3)   /* a vCPU is on a pCPU now */
#define KEEL_DOMINF_blocked    (1U << 4)   /* every online vCPU waits */
#define KEEL_DOMINF_privileged (1U << 5)

struct keel_domaininfo {
    uint16_t domid;
    uint16_t pad0;
    uint32_t flags;             /* KEEL_DOMINF_* */
    uint32_t shutdown_reason;   /* SHUTDOWN_* when flags has shutdown */
    uint32_t nr_vcpus;
    uint32_t online_vcpus;
    uint32_t pad1;
    uint64_t tot_pages;
    uint64_t max_pages;
    uint64_t cpu_time_ns;
    uint8_t handle[16];
};

struct keel_domctl_max_mem {
    uint64_t max_mem_kb;
};

/* The registers a vCPU starts from (PSCI-like: EL1h, MMU off). */
struct keel_domctl_vcpu_context {
    uint32_t vcpu;
    uint32_t online;            /* get: whether it runs; set: start it */
    uint64_t pc;
    uint64_t x0;
    uint64_t x1;
    uint64_t spsr;              /* 0: EL1h with DAIF masked */
};

struct keel_domctl_vcpu_info {
    uint32_t vcpu;
    uint32_t online;
    uint32_t blocked;
    uint32_t running;
    uint32_t cpu;               /* the pCPU it is homed on */
    uint32_t pad;
    uint64_t cpu_time_ns;
};

#define KEEL_SCHED_get 0
#define KEEL_SCHED_set 1
struct keel_domctl_scheduler_op {
    uint32_t cmd;               /* KEEL_SCHED_get or _set */
    uint32_t weight;            /* 1..65535, default 256 */
    uint32_t cap;               /* percent of one pCPU, 0 = none */
    uint32_t pad;
};

struct keel_domctl_hvm_param {
    uint32_t index;
    uint32_t pad;
    uint64_t value;
};

/* Grant entries 0 (console) and 1 (xenstore) of a new domain, so that
 * the daemons in those domains can map the pages. */
struct keel_domctl_seed_grants {
    uint64_t console_gfn;
    uint64_t xenstore_gfn;
    uint16_t console_domid;
    uint16_t xenstore_domid;
    uint32_t pad;
};

struct keel_domctl_alloc_evtchn {
    uint16_t remote_domid;      /* who may bind the other end */
    uint16_t pad;
    uint32_t port;              /* out */
};

struct keel_domctl_shutdown {
    uint32_t reason;            /* SHUTDOWN_* */
};

struct keel_domctl {
    uint32_t cmd;
    uint32_t version;           /* KEEL_DOMCTL_VERSION */
    uint16_t domid;             /* createdomain: 0 picks one; out: the id */
    uint16_t pad[3];
    union {
        struct keel_domctl_createdomain createdomain;
        struct keel_domaininfo info;
        struct keel_domctl_max_mem max_mem;
        struct keel_domctl_vcpu_context vcpu_context;
        struct keel_domctl_vcpu_info vcpu_info;
        struct keel_domctl_scheduler_op scheduler;
        struct keel_domctl_hvm_param hvm_param;
        struct keel_domctl_seed_grants seed_grants;
        struct keel_domctl_alloc_evtchn alloc_evtchn;
        struct keel_domctl_shutdown shutdown;
        uint8_t raw[128];
    } u;
};
_Static_assert(sizeof(struct keel_domaininfo) == 64, "domaininfo size");
_Static_assert(sizeof(struct keel_domctl_vcpu_context) == 40, "vcpu_context size");
_Static_assert(sizeof(struct keel_domctl) == 144, "domctl size");
_Static_assert(offsetof(struct keel_domctl, u) == 16, "domctl.u");

/* sysctl commands */
#define KEEL_SYSCTL_physinfo          1
#define KEEL_SYSCTL_getdomaininfolist 2
#define KEEL_SYSCTL_readconsole       3

struct keel_sysctl_physinfo {
    uint32_t nr_cpus;
    uint32_t pad;
    uint64_t total_pages;
    uint64_t free_pages;
    uint64_t cpu_khz;           /* the system counter's frequency */
    uint32_t xen_major, xen_minor;  /* the ABI Keel presents */
};

struct keel_sysctl_getdomaininfolist {
    uint16_t first_domain;      /* list domains with id >= this */
    uint16_t pad;
    uint32_t max_domains;       /* entries the buffer holds */
    uint64_t buffer;            /* guest address of keel_domaininfo[max] */
    uint32_t num_domains;       /* out */
    uint32_t pad1;
};

/* The hypervisor's log ring (xl dmesg). index is a byte position in the
 * log's history: pass 0 to start from the oldest byte kept. */
struct keel_sysctl_readconsole {
    uint64_t index;             /* in/out */
    uint64_t buffer;            /* guest address */
    uint32_t count;             /* in: buffer size; out: bytes copied */
    uint32_t pad;
};

struct keel_sysctl {
    uint32_t cmd;
    uint32_t version;           /* KEEL_SYSCTL_VERSION */
    union {
        struct keel_sysctl_physinfo physinfo;
        struct keel_sysctl_getdomaininfolist domaininfolist;
        struct keel_sysctl_readconsole readconsole;
        uint8_t raw[128];
    } u;
};
_Static_assert(sizeof(struct keel_sysctl) == 136, "sysctl size");
_Static_assert(sizeof(struct keel_sysctl_physinfo) == 40, "physinfo size");

#endif
