/* event_channel_op(cmd, arg): numbers and layouts of Xen's public ABI.
 *
 * An event channel is a port number in one domain. Its other end is a port
 * in another (or the same) domain, a virtual IRQ the hypervisor raises, or
 * an IPI between the domain's own vCPUs. Sending marks the far end pending
 * in its domain's shared_info; see shared_info.h for how it is delivered. */
#ifndef KEEL_PUBLIC_EVENT_CHANNEL_H
#define KEEL_PUBLIC_EVENT_CHANNEL_H

#include <stddef.h>
#include <stdint.h>
#include <public/xen.h>

typedef uint32_t evtchn_port_t;

#define EVTCHNOP_bind_interdomain 0
#define EVTCHNOP_bind_virq        1
#define EVTCHNOP_bind_pirq        2
#define EVTCHNOP_close            3
#define EVTCHNOP_send             4
#define EVTCHNOP_status           5
#define EVTCHNOP_alloc_unbound    6
#define EVTCHNOP_bind_ipi         7
#define EVTCHNOP_bind_vcpu        8
#define EVTCHNOP_unmask           9
#define EVTCHNOP_reset            10
#define EVTCHNOP_init_control     11   /* FIFO ABI */
#define EVTCHNOP_expand_array     12   /* FIFO ABI */
#define EVTCHNOP_set_priority     13   /* FIFO ABI */
#define EVTCHNOP_reset_cont       14

/* The 2-level ABI's capacity: one bit per port in 64 words of 64 bits. */
#define EVTCHN_2L_NR_CHANNELS 4096

/* Virtual IRQs. Per-vCPU ones (TIMER, DEBUG, XENOPROF, XENPMU) are bound
 * once per vCPU; every other one is global to the domain, bound on vCPU 0
 * and movable with bind_vcpu. */
#define VIRQ_TIMER      0
#define VIRQ_DEBUG      1
#define VIRQ_CONSOLE    2   /* dom0: serial input for console_io read */
#define VIRQ_DOM_EXC    3   /* dom0: a domain shut down (xenstored) */
#define VIRQ_TBUF       4
#define VIRQ_DEBUGGER   6
#define VIRQ_XENOPROF   7
#define VIRQ_CON_RING   8   /* dom0: the hypervisor's log grew */
#define VIRQ_PCPU_STATE 9
#define VIRQ_MEM_EVENT  10
#define VIRQ_ARGO       11
#define VIRQ_ENOMEM     12
#define VIRQ_XENPMU     13
#define VIRQ_ARCH_0     16
#define VIRQ_ARCH_7     23
#define NR_VIRQS        24

/* A new port in `dom` that `remote_dom` may bind to. dom and remote_dom
 * may be DOMID_SELF; a dom other than the caller needs privilege. */
struct evtchn_alloc_unbound {
    domid_t dom;
    domid_t remote_dom;
    evtchn_port_t port;             /* out */
};
_Static_assert(sizeof(struct evtchn_alloc_unbound) == 8, "alloc_unbound size");
_Static_assert(offsetof(struct evtchn_alloc_unbound, remote_dom) == 2,
               "alloc_unbound.remote_dom");
_Static_assert(offsetof(struct evtchn_alloc_unbound, port) == 4,
               "alloc_unbound.port");

/* Connects a new local port to an unbound port of remote_dom that waits
 * for the caller. */
struct evtchn_bind_interdomain {
    domid_t remote_dom;
    evtchn_port_t remote_port;
    evtchn_port_t local_port;       /* out */
};
_Static_assert(sizeof(struct evtchn_bind_interdomain) == 12,
               "bind_interdomain size");
_Static_assert(offsetof(struct evtchn_bind_interdomain, remote_port) == 4,
               "bind_interdomain.remote_port");
_Static_assert(offsetof(struct evtchn_bind_interdomain, local_port) == 8,
               "bind_interdomain.local_port");

struct evtchn_bind_virq {
    uint32_t virq;
    uint32_t vcpu;
    evtchn_port_t port;             /* out */
};
_Static_assert(sizeof(struct evtchn_bind_virq) == 12, "bind_virq size");
_Static_assert(offsetof(struct evtchn_bind_virq, vcpu) == 4, "bind_virq.vcpu");
_Static_assert(offsetof(struct evtchn_bind_virq, port) == 8, "bind_virq.port");

#define BIND_PIRQ__WILL_SHARE 1

struct evtchn_bind_pirq {
    uint32_t pirq;
    uint32_t flags;                 /* BIND_PIRQ__* */
    evtchn_port_t port;             /* out */
};
_Static_assert(sizeof(struct evtchn_bind_pirq) == 12, "bind_pirq size");
_Static_assert(offsetof(struct evtchn_bind_pirq, port) == 8, "bind_pirq.port");

struct evtchn_bind_ipi {
    uint32_t vcpu;
    evtchn_port_t port;             /* out */
};
_Static_assert(sizeof(struct evtchn_bind_ipi) == 8, "bind_ipi size");
_Static_assert(offsetof(struct evtchn_bind_ipi, port) == 4, "bind_ipi.port");

/* An interdomain peer goes back to unbound, waiting for the closer. */
struct evtchn_close {
    evtchn_port_t port;
};
_Static_assert(sizeof(struct evtchn_close) == 4, "close size");

struct evtchn_send {
    evtchn_port_t port;
};
_Static_assert(sizeof(struct evtchn_send) == 4, "send size");

#define EVTCHNSTAT_closed      0
#define EVTCHNSTAT_unbound     1
#define EVTCHNSTAT_interdomain 2
#define EVTCHNSTAT_pirq        3
#define EVTCHNSTAT_virq        4
#define EVTCHNSTAT_ipi         5

struct evtchn_status {
    domid_t dom;                    /* DOMID_SELF, or another if privileged */
    evtchn_port_t port;
    uint32_t status;                /* out: EVTCHNSTAT_* */
    uint32_t vcpu;                  /* out: the vCPU it notifies */
    union {                         /* out, by status */
        struct {
            domid_t dom;
        } unbound;
        struct {
            domid_t dom;
            evtchn_port_t port;
        } interdomain;
        uint32_t pirq;
        uint32_t virq;
    } u;
};
_Static_assert(sizeof(struct evtchn_status) == 24, "status size");
_Static_assert(offsetof(struct evtchn_status, port) == 4, "status.port");
_Static_assert(offsetof(struct evtchn_status, status) == 8, "status.status");
_Static_assert(offsetof(struct evtchn_status, vcpu) == 12, "status.vcpu");
_Static_assert(offsetof(struct evtchn_status, u) == 16, "status.u");
_Static_assert(offsetof(struct evtchn_status, u.interdomain.port) == 20,
               "status.u.interdomain.port");

/* Moves delivery of an unbound, interdomain or global-VIRQ port. */
struct evtchn_bind_vcpu {
    evtchn_port_t port;
    uint32_t vcpu;
};
_Static_assert(sizeof(struct evtchn_bind_vcpu) == 8, "bind_vcpu size");
_Static_assert(offsetof(struct evtchn_bind_vcpu, vcpu) == 4, "bind_vcpu.vcpu");

struct evtchn_unmask {
    evtchn_port_t port;
};
_Static_assert(sizeof(struct evtchn_unmask) == 4, "unmask size");

/* Closes every port of `dom` (DOMID_SELF, or another if privileged). */
struct evtchn_reset {
    domid_t dom;
};
_Static_assert(sizeof(struct evtchn_reset) == 2, "reset size");

/* FIFO ABI, which Keel does not offer: Linux then uses the 2-level one. */
struct evtchn_init_control {
    uint64_t control_gfn;
    uint32_t offset;
    uint32_t vcpu;
    uint8_t link_bits;              /* out */
    uint8_t _pad[7];
};
_Static_assert(sizeof(struct evtchn_init_control) == 24, "init_control size");
_Static_assert(offsetof(struct evtchn_init_control, offset) == 8,
               "init_control.offset");
_Static_assert(offsetof(struct evtchn_init_control, link_bits) == 16,
               "init_control.link_bits");

struct evtchn_expand_array {
    uint64_t array_gfn;
};
_Static_assert(sizeof(struct evtchn_expand_array) == 8, "expand_array size");

struct evtchn_set_priority {
    evtchn_port_t port;
    uint32_t priority;
};
_Static_assert(sizeof(struct evtchn_set_priority) == 8, "set_priority size");

#endif
