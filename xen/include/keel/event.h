/* Event channels, 2-level ABI (Xen's event_channel_op).
 *
 * event_channel.c keeps each domain's port table and its lifecycle,
 * event_bind.c the operations that bind, move and signal ports,
 * event_deliver.c the 2-level delivery into shared_info and vcpu_info,
 * event_op.c decodes the hypercall.
 *
 * Locking: each domain's table has one lock, ed->lock. An operation that
 * touches two domains holds both, taken in ascending domain id (one lock
 * when both ends are in the same domain). Under it the code takes only the
 * heap's lock (a new bucket of ports) and whatever arch_vcpu_raise_upcall
 * takes; never domains_lock. Sending on an interdomain port holds only the
 * sender's lock: the peer cannot close, move or free its end without that
 * lock too, and what delivery writes is atomic. */
#ifndef KEEL_EVENT_H
#define KEEL_EVENT_H

#include <keel/arch.h>
#include <keel/types.h>
#include <public/event_channel.h>

struct domain;
struct vcpu;

#define EVTCHN_NR_PORTS     EVTCHN_2L_NR_CHANNELS
#define EVTCHN_BUCKET_PORTS 64
#define EVTCHN_NR_BUCKETS   (EVTCHN_NR_PORTS / EVTCHN_BUCKET_PORTS)

enum evtchn_state {
    ECS_FREE,
    ECS_RESERVED,       /* port 0, never handed out */
    ECS_UNBOUND,        /* waiting for remote_domid to bind */
    ECS_INTERDOMAIN,    /* connected to peer's remote_port */
    ECS_VIRQ,
    ECS_IPI,
};

struct evtchn {
    uint8_t state;              /* enum evtchn_state */
    uint8_t notify_vcpu;        /* the vCPU told when it goes pending */
    uint16_t remote_domid;      /* unbound: the domain allowed to bind */
    union {
        uint32_t remote_port;   /* interdomain */
        uint32_t virq;          /* virq */
    };
    struct domain *peer;        /* interdomain: the other end's domain */
};

struct evtchn_domain {
    spinlock_t lock;
    bool dying;                 /* being destroyed: no new ports */
    uint32_t pins;              /* closers holding a pointer across a relock */
    /* Ports buckets[0..n-1] exist; a bucket is added when all are in use. */
    struct evtchn *buckets[EVTCHN_NR_BUCKETS];
    /* Port bound to each VIRQ, per vCPU: virq_port[vcpu * NR_VIRQS + virq]. */
    uint16_t *virq_port;
    /* Ports that went pending before the guest had a shared_info. */
    uint64_t early_pending[EVTCHN_NR_PORTS / 64];
};

/* Lifecycle (event_channel.c). init: -ENOMEM, or -EEXIST if already done.
 * destroy closes every port as close would (interdomain peers in other
 * domains go back to unbound), then frees the table; it must run before
 * the domain's vCPUs and shared_info go. A second call does nothing. */
int evtchn_domain_init(struct domain *d);
void evtchn_domain_destroy(struct domain *d);

/* The port's entry, or NULL if it lies outside the ports that exist. */
struct evtchn *evtchn_port(struct domain *d, uint32_t port);

/* For event_bind.c: with d's lock held, the lowest free port, now in
 * `state` and notifying vCPU 0 (-EINVAL if d is being destroyed). And the
 * two-domain lock in the order above (a == b takes one lock). */
int evtchn_claim_port(struct domain *d, enum evtchn_state state,
                      uint32_t *port);
void evtchn_lock_pair(struct domain *a, struct domain *b);
void evtchn_unlock_pair(struct domain *a, struct domain *b);

/* The guest's shared_info is now at d->shared_info: replays what went
 * pending before (event_bind.c). */
void evtchn_shared_info_ready(struct domain *d);

/* v->vcpu_info was just registered: marks every selector bit and raises
 * the upcall, so nothing pending for v is lost (event_deliver.c). */
void evtchn_vcpu_info_registered(struct vcpu *v);

/* Operations on a domain's ports, for the hypercall and for the
 * hypervisor itself (e.g. a new domain's xenstore and console channels).
 * Errors: -EINVAL bad or wrongly bound port, bad VIRQ; -ENOENT no such
 * vCPU; -EEXIST VIRQ already bound; -ENOSPC all ports in use; -ENOMEM.
 * DOMID_SELF as remote_domid means d itself. */
int evtchn_alloc_unbound_port(struct domain *d, uint16_t remote_domid,
                              uint32_t *port);
int evtchn_bind_interdomain(struct domain *ld, struct domain *rd,
                            uint32_t rport, uint32_t *lport);
int evtchn_bind_virq(struct domain *d, unsigned int virq, unsigned int vcpu,
                     uint32_t *port);
int evtchn_bind_ipi(struct domain *d, unsigned int vcpu, uint32_t *port);
int evtchn_bind_vcpu(struct domain *d, uint32_t port, unsigned int vcpu);
int evtchn_close(struct domain *d, uint32_t port);
int evtchn_reset(struct domain *d);
int evtchn_status(struct domain *d, uint32_t port, struct evtchn_status *st);
/* An unbound port drops the event and succeeds, as Xen does. */
int evtchn_send(struct domain *d, uint32_t port);
int evtchn_unmask(struct domain *d, uint32_t port);

/* Raises a VIRQ: for a global one (and evtchn_send_virq) the binding made
 * on vCPU 0, for a per-vCPU one v's. Nothing happens if it is unbound;
 * -EINVAL only for a VIRQ number out of range. */
int evtchn_send_virq(struct domain *d, unsigned int virq);
int evtchn_send_vcpu_virq(struct vcpu *v, unsigned int virq);
bool evtchn_virq_is_global(unsigned int virq);

/* 2-level delivery (event_deliver.c). Callers hold the lock of the
 * domain that owns the port, or of its interdomain peer. */
void evtchn_2l_set_pending(struct domain *d, unsigned int vcpu, uint32_t port);
void evtchn_2l_clear_pending(struct domain *d, uint32_t port);
void evtchn_2l_unmask(struct domain *d, unsigned int vcpu, uint32_t port);
/* Takes the ports that went pending before shared_info existed: fills
 * `words` and clears them. */
void evtchn_2l_take_early(struct domain *d, uint64_t *words);

/* The hypercall: args[0] = EVTCHNOP_*, args[1] = guest address of the
 * op's struct (event_op.c). */
long do_event_channel_op(struct vcpu *v, const uint64_t *args);

#endif
