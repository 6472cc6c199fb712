/* Domains and their vCPUs: the arch-neutral part. Arch state hangs off
 * `arch` and is only touched through the arch_* calls below. */
#ifndef KEEL_DOMAIN_H
#define KEEL_DOMAIN_H

#include <keel/arch.h>
#include <keel/foreign.h>
#include <keel/types.h>
#include <public/hvm_params.h>
#include <public/vcpu.h>

struct keel;
struct arch_vcpu;
struct arch_domain;
struct evtchn_domain;
struct grant_table;
struct shared_info;
struct vcpu_info;

enum vcpu_state {
    VCPU_DOWN,          /* never started, or off (PSCI CPU_OFF, domain gone) */
    VCPU_RUNNABLE,      /* on its pCPU's run queue */
    VCPU_BLOCKED,       /* waiting for an interrupt */
};

struct vcpu {
    struct domain *domain;
    unsigned int id;
    unsigned int pcpu;          /* the pCPU whose run queue owns it */
    enum vcpu_state state;
    bool loaded;                /* its state is in a pCPU's registers */
    struct vcpu *rq_next;
    struct arch_vcpu *arch;
    /* Where the guest reads its event upcall state: its registered
     * vcpu_info, or for vCPU 0 until then, the slot in shared_info. */
    struct vcpu_info *vcpu_info;
    /* VCPUOP_register_runstate_memory_area: a guest virtual address,
     * refreshed whenever the vCPU is loaded or leaves its pCPU. */
    gvaddr_t runstate_va;
    struct vcpu_runstate_info runstate;
};

enum domain_state {
    DOMAIN_RUNNING,
    DOMAIN_SHUTDOWN,            /* asked to stop; vCPUs being taken down */
    DOMAIN_DEAD,                /* resources freed */
};

#define DOMAIN_MAX_VCPUS 64

struct domain {
    uint16_t id;
    bool privileged;
    bool direct_map;
    enum domain_state state;
    unsigned int shutdown_reason;
    unsigned int nr_vcpus;
    struct vcpu *vcpus[DOMAIN_MAX_VCPUS];
    struct keel *keel;
    struct arch_domain *arch;
    struct domain *next;
    /* The shared_info page, hypervisor-owned and mapped into the guest by
     * XENMEM_add_to_physmap(XENMAPSPACE_shared_info). */
    struct shared_info *shared_info;
    paddr_t shared_info_pa;
    uint64_t shared_info_gfn;   /* where it is mapped, ~0 if nowhere */
    struct evtchn_domain *evtchn;
    struct grant_table *grant;
    uint64_t hvm_params[HVM_NR_PARAMS];
    uint32_t vm_assist;         /* VMASST_TYPE_* bits enabled */
    /* Toolstack state (domctl). */
    unsigned int pause_count;   /* vCPUs run only while 0 */
    bool destroy_requested;     /* a shut-down domain is freed only then */
    bool wait_reported;         /* told the log what its freeing waits on */
    unsigned int refs;          /* domain_get holders; freed only at 0 */
    unsigned int foreign_refs;  /* its pages other domains map (foreign.c) */
    spinlock_t foreign_lock;
    struct foreign_maps foreign; /* others' pages this domain maps */
    uint64_t max_pages;         /* RAM it may populate */
    uint64_t tot_pages;         /* RAM it holds */
    uint8_t handle[16];
    uint32_t sched_weight, sched_cap;
    /* Console output collected until a newline, for prefixed lines. */
    char con_line[128];
    size_t con_len;
};

struct domain *domain_create(struct keel *k, uint16_t id, unsigned int nr_vcpus,
                             bool privileged);
/* A running domain, unreferenced: only for domains that outlive the
 * caller's use (dom0, whose end ends everything) or a mere existence test. */
struct domain *domain_find(struct keel *k, uint16_t id);
/* A running domain a hypercall names, referenced until the hypercall
 * returns (domain_release_holds, called by the dispatcher), so that
 * another pCPU destroying it cannot free it under the caller. NULL if
 * there is none, or if this pCPU already holds DOMAIN_HOLDS_MAX others. */
struct domain *domain_hold(struct keel *k, uint16_t id);
void domain_release_holds(struct keel *k);
/* A domain in any state but freed, held until domain_put: the toolstack's
 * handle on domains that may be shutting down under it. */
struct domain *domain_get(struct keel *k, uint16_t id);
void domain_put(struct domain *d);
/* A free domain id from 1 up, or 0 if none is left. */
uint16_t domain_free_id(struct keel *k);
void domain_pause(struct domain *d);
void domain_unpause(struct domain *d);
/* The toolstack wants it gone: shut down if still running, freed as soon
 * as no pCPU runs it. */
void domain_destroy_request(struct domain *d);

/* Ends the domain: its vCPUs stop, its memory is freed once no pCPU runs
 * it, and when no domain is left the machine powers off. `reason` is a
 * SHUTDOWN_* code; `why` is logged. */
void domain_shutdown(struct domain *d, unsigned int reason, const char *why);

/* Frees every shut-down domain none of whose vCPUs is loaded; called
 * whenever a pCPU unloads a vCPU of a domain that is not running. */
void domain_reap(struct keel *k);

/* Implemented by the architecture. */
int arch_domain_create(struct domain *d);
void arch_domain_destroy(struct domain *d);
int arch_vcpu_create(struct vcpu *v);
void arch_vcpu_destroy(struct vcpu *v);

/* Translates a guest virtual address of the vCPU's current context to a
 * host physical address of RAM the domain owns, for reading or writing.
 * -EFAULT when it does not translate or is not the domain's RAM. */
int arch_guest_va_to_pa(struct vcpu *v, gvaddr_t va, bool write, paddr_t *pa);

/* Guest memory through the domain's stage 2 (gfn = guest frame number).
 * map/unmap replace whatever the frame held; lookup fails with -ENOENT for
 * a hole and -EINVAL for a frame that is not RAM (a device). */
int arch_p2m_map_page(struct domain *d, uint64_t gfn, paddr_t pa, bool readonly);
int arch_p2m_unmap_page(struct domain *d, uint64_t gfn);
int arch_p2m_lookup(struct domain *d, uint64_t gfn, paddr_t *pa);

/* The host frame backing guest frame `gfn` of the domain's own RAM
 * (mapped or ballooned out); -EINVAL if gfn is not its RAM. */
int arch_ram_frame(struct domain *d, uint64_t gfn, paddr_t *pa);

/* Ballooning: gives the domain RAM at gfn (2^order pages), or takes the
 * page at gfn back. A direct-mapped domain keeps its frames and only maps
 * or unmaps them; others get fresh pages and return them. Both keep
 * d->tot_pages. */
int arch_populate(struct domain *d, uint64_t gfn, unsigned int order);
int arch_release(struct domain *d, uint64_t gfn);

/* Sets up a toolstack-built guest's platform (virtual GIC at the guest
 * layout's addresses). */
int arch_domain_setup_guest(struct domain *d);

/* A vCPU's boot registers (domctl set/getvcpucontext). */
void arch_vcpu_set_boot(struct vcpu *v, uint64_t pc, uint64_t x0, uint64_t x1,
                        uint64_t spsr);
void arch_vcpu_get_boot(struct vcpu *v, uint64_t *pc, uint64_t *x0,
                        uint64_t *x1, uint64_t *spsr);

/* Raises the event-channel upcall interrupt on the vCPU (and wakes it). */
void arch_vcpu_raise_upcall(struct vcpu *v);

#endif
