/* Tests for the event channels (xen/common/event_channel.c, event_bind.c,
 * event_deliver.c, event_op.c), driven through the hypercall the way
 * guests use it: dom0 (privileged) and dom1, two vCPUs each, with
 * hypercall arguments in fake guest memory and a shared_info each. */
#include <stdlib.h>
#include <string.h>
#include <keel/errno.h>
#include <keel/event.h>
#include <keel/hypercall.h>
#include <keel/keel.h>
#include <public/event_channel.h>
#include <public/shared_info.h>
#include "fake_arch.h"
#include "unit.h"

/* fake_upcall.c */
unsigned int fake_upcalls(const struct vcpu *v);
unsigned int fake_upcalls_total(void);
void fake_upcalls_reset(void);

#define ARG_VA    0x10000000ULL     /* each domain's hypercall argument page */
#define RO_VA     0x20000000ULL     /* a read-only page */
#define WILD_VA   0xdead0000ULL     /* nothing mapped */
#define POOL      (4u << 20)
#define MAX_DOMS  4

struct test_dom {
    struct domain *d;
    unsigned char *arg;             /* host view of ARG_VA */
    struct shared_info *si;
    bool own_si;                    /* si is the test's, not domain.c's */
    struct shared_info *stash;      /* domain.c's, held back */
    struct vcpu_info *vi[2];        /* registered vcpu_info, if any */
};

static struct fake_keel fk;
static struct test_dom doms[MAX_DOMS];
static struct domain *d0, *d1;

/* ---- Fixture ------------------------------------------------------------ */

static struct test_dom *td(struct domain *d)
{
    for (unsigned int i = 0; i < MAX_DOMS; i++)
        if (doms[i].d == d)
            return &doms[i];
    CU_FAIL_FATAL("not a test domain");
    return NULL;
}

/* A domain with event channels but no shared_info: whatever domain.c
 * gave it is held back until give_shared_info(). */
static struct domain *bare_domain(uint16_t id, bool privileged)
{
    struct domain *d = domain_create(&fk.k, id, 2, privileged);

    CU_ASSERT_PTR_NOT_NULL_FATAL(d);
    if (!d->evtchn)
        CU_ASSERT_EQUAL_FATAL(evtchn_domain_init(d), 0);
    for (unsigned int i = 0; i < MAX_DOMS; i++) {
        if (!doms[i].d) {
            doms[i].d = d;
            doms[i].arg = fake_guest_mem(d, ARG_VA, 1, FAKE_PROT_RW);
            doms[i].stash = d->shared_info;
            d->shared_info = NULL;
            return d;
        }
    }
    CU_FAIL_FATAL("too many test domains");
    return NULL;
}

static struct shared_info *give_shared_info(struct domain *d)
{
    struct test_dom *t = td(d);

    t->si = t->stash;
    t->stash = NULL;
    if (!t->si) {
        t->si = calloc(1, sizeof(*t->si));
        CU_ASSERT_PTR_NOT_NULL_FATAL(t->si);
        t->own_si = true;
    }
    d->shared_info = t->si;
    evtchn_shared_info_ready(d);
    return t->si;
}

static struct domain *new_domain(uint16_t id, bool privileged)
{
    struct domain *d = bare_domain(id, privileged);

    give_shared_info(d);
    return d;
}

static struct vcpu_info *register_vcpu_info(struct domain *d, unsigned int vcpu)
{
    struct test_dom *t = td(d);

    t->vi[vcpu] = calloc(1, sizeof(struct vcpu_info));
    CU_ASSERT_PTR_NOT_NULL_FATAL(t->vi[vcpu]);
    d->vcpus[vcpu]->vcpu_info = t->vi[vcpu];
    return t->vi[vcpu];
}

static void setup(void)
{
    fake_reset();
    fake_upcalls_reset();
    memset(doms, 0, sizeof(doms));
    fake_keel_init(&fk, 2, POOL);
    d0 = new_domain(0, true);
    d1 = new_domain(1, false);
}

static void teardown(void)
{
    CU_ASSERT_EQUAL(fake_locks_held(), 0);
    for (unsigned int i = 0; i < MAX_DOMS; i++) {
        struct domain *d = doms[i].d;

        if (!d)
            continue;
        evtchn_domain_destroy(d);
        /* What domain.c allocated, it frees; the rest is ours. */
        if (doms[i].own_si) {
            d->shared_info = NULL;
            free(doms[i].si);
        } else if (doms[i].stash) {
            d->shared_info = doms[i].stash;
        }
        for (unsigned int v = 0; v < d->nr_vcpus; v++)
            d->vcpus[v]->vcpu_info = NULL;
        free(doms[i].vi[0]);
        free(doms[i].vi[1]);
    }
    memset(doms, 0, sizeof(doms));
    fake_keel_fini(&fk);
}

/* ---- Hypercalls as a guest makes them ---------------------------------- */

static long hc_at(struct domain *d, unsigned int vcpu, uint64_t cmd,
                  gvaddr_t va, void *op, size_t len)
{
    uint64_t args[HYPERCALL_ARGS] = { cmd, va };
    long rc;

    if (va == ARG_VA)
        memcpy(td(d)->arg, op, len);
    rc = hypercall_dispatch(d->vcpus[vcpu], __HYPERVISOR_event_channel_op, args);
    if (va == ARG_VA)
        memcpy(op, td(d)->arg, len);
    return rc;
}

static long hc(struct domain *d, uint64_t cmd, void *op, size_t len)
{
    return hc_at(d, 0, cmd, ARG_VA, op, len);
}

static long alloc_unbound(struct domain *d, domid_t dom, domid_t remote,
                          uint32_t *port)
{
    struct evtchn_alloc_unbound op = { .dom = dom, .remote_dom = remote,
                                       .port = 0xbad };
    long rc = hc(d, EVTCHNOP_alloc_unbound, &op, sizeof(op));

    *port = op.port;
    return rc;
}

static long bind_interdomain(struct domain *d, domid_t remote, uint32_t rport,
                             uint32_t *lport)
{
    struct evtchn_bind_interdomain op = { .remote_dom = remote,
                                          .remote_port = rport,
                                          .local_port = 0xbad };
    long rc = hc(d, EVTCHNOP_bind_interdomain, &op, sizeof(op));

    *lport = op.local_port;
    return rc;
}

static long bind_virq(struct domain *d, uint32_t virq, uint32_t vcpu,
                      uint32_t *port)
{
    struct evtchn_bind_virq op = { .virq = virq, .vcpu = vcpu, .port = 0xbad };
    long rc = hc(d, EVTCHNOP_bind_virq, &op, sizeof(op));

    *port = op.port;
    return rc;
}

static long bind_ipi(struct domain *d, uint32_t vcpu, uint32_t *port)
{
    struct evtchn_bind_ipi op = { .vcpu = vcpu, .port = 0xbad };
    long rc = hc(d, EVTCHNOP_bind_ipi, &op, sizeof(op));

    *port = op.port;
    return rc;
}

static long port_op(struct domain *d, unsigned int cmd, uint32_t port)
{
    return hc(d, cmd, &port, sizeof(port));
}

#define close_port(d, p) port_op(d, EVTCHNOP_close, p)
#define send(d, p)       port_op(d, EVTCHNOP_send, p)
#define unmask(d, p)     port_op(d, EVTCHNOP_unmask, p)

static long bind_vcpu(struct domain *d, uint32_t port, uint32_t vcpu)
{
    struct evtchn_bind_vcpu op = { .port = port, .vcpu = vcpu };

    return hc(d, EVTCHNOP_bind_vcpu, &op, sizeof(op));
}

static long status(struct domain *d, domid_t dom, uint32_t port,
                   struct evtchn_status *st)
{
    memset(st, 0xee, sizeof(*st));
    st->dom = dom;
    st->port = port;
    return hc(d, EVTCHNOP_status, st, sizeof(*st));
}

static long reset(struct domain *d, domid_t dom)
{
    struct evtchn_reset op = { .dom = dom };

    return hc(d, EVTCHNOP_reset, &op, sizeof(op));
}

/* ---- What the guest sees ------------------------------------------------ */

static bool pending(const struct shared_info *si, uint32_t port)
{
    return si->evtchn_pending[port / 64] & (1ULL << (port % 64));
}

static void set_mask(struct shared_info *si, uint32_t port, bool on)
{
    if (on)
        si->evtchn_mask[port / 64] |= 1ULL << (port % 64);
    else
        si->evtchn_mask[port / 64] &= ~(1ULL << (port % 64));
}

static bool masked(const struct shared_info *si, uint32_t port)
{
    return si->evtchn_mask[port / 64] & (1ULL << (port % 64));
}

static bool any_pending(const struct shared_info *si)
{
    for (unsigned int w = 0; w < EVTCHN_2L_WORDS; w++)
        if (si->evtchn_pending[w])
            return true;
    return false;
}

/* What the guest's handler does: take everything, leaving no trace. */
static void guest_ack(struct shared_info *si, struct vcpu_info *vi)
{
    vi->evtchn_upcall_pending = 0;
    vi->evtchn_pending_sel = 0;
    memset(si->evtchn_pending, 0, sizeof(si->evtchn_pending));
}

static struct vcpu_info *vi0(struct domain *d)
{
    return &td(d)->si->vcpu_info[0];
}

static void expect_status(struct domain *d, uint32_t port, uint32_t stat,
                          uint32_t vcpu)
{
    struct evtchn_status st;

    CU_ASSERT_EQUAL_FATAL(status(d, DOMID_SELF, port, &st), 0);
    CU_ASSERT_EQUAL(st.status, stat);
    CU_ASSERT_EQUAL(st.vcpu, vcpu);
}

/* dom1's port waiting for dom0, and dom0's port bound to it. */
static void connect(uint32_t *p1, uint32_t *p0)
{
    CU_ASSERT_EQUAL_FATAL(alloc_unbound(d1, DOMID_SELF, 0, p1), 0);
    CU_ASSERT_EQUAL_FATAL(bind_interdomain(d0, 1, *p1, p0), 0);
    guest_ack(td(d0)->si, vi0(d0));
    guest_ack(td(d1)->si, vi0(d1));
    fake_upcalls_reset();
}

/* ---- Lifecycle ----------------------------------------------------------- */

static void test_port0_reserved(void)
{
    struct evtchn_status st;
    uint32_t port;

    setup();
    CU_ASSERT_EQUAL(status(d1, DOMID_SELF, 0, &st), 0);
    CU_ASSERT_EQUAL(st.status, EVTCHNSTAT_closed);
    CU_ASSERT_EQUAL(close_port(d1, 0), -EINVAL);
    CU_ASSERT_EQUAL(send(d1, 0), -EINVAL);
    CU_ASSERT_EQUAL(bind_vcpu(d1, 0, 0), -EINVAL);
    CU_ASSERT_EQUAL(bind_interdomain(d0, 1, 0, &port), -EINVAL);
    CU_ASSERT_EQUAL(alloc_unbound(d1, DOMID_SELF, 0, &port), 0);
    CU_ASSERT_EQUAL(port, 1);
    teardown();
}

static void test_init_twice_and_destroy_twice(void)
{
    setup();
    CU_ASSERT_EQUAL(evtchn_domain_init(d1), -EEXIST);
    evtchn_domain_destroy(d1);
    CU_ASSERT_PTR_NULL(d1->evtchn);
    evtchn_domain_destroy(d1);
    CU_ASSERT_PTR_NULL(d1->evtchn);
    /* Without a table, the domain's own calls find nothing to act on. */
    CU_ASSERT_EQUAL(send(d1, 1), -ENOSYS);
    CU_ASSERT_EQUAL(evtchn_send_virq(d1, VIRQ_CONSOLE), 0);
    teardown();
}

static void test_init_out_of_memory(void)
{
    enum { HOARD = 1 << 16 };
    void **hoard = malloc(HOARD * sizeof(*hoard));
    unsigned int n = 0;
    struct domain *d2;

    CU_ASSERT_PTR_NOT_NULL_FATAL(hoard);
    setup();
    d2 = domain_create(&fk.k, 2, 2, false);
    CU_ASSERT_PTR_NOT_NULL_FATAL(d2);
    evtchn_domain_destroy(d2);      /* in case domain_create set it up */
    for (size_t size = HEAP_SLAB_MAX; size >= HEAP_SLAB_MIN; size /= 2)
        while (n < HOARD && (hoard[n] = heap_alloc(&fk.k.heap, size)))
            n++;
    CU_ASSERT_FATAL(n < HOARD);
    CU_ASSERT_EQUAL(evtchn_domain_init(d2), -ENOMEM);
    CU_ASSERT_PTR_NULL(d2->evtchn);
    /* A full first bucket needs a second one, which cannot be had. */
    for (uint32_t i = 1; i < EVTCHN_BUCKET_PORTS; i++) {
        uint32_t port;

        CU_ASSERT_EQUAL_FATAL(evtchn_alloc_unbound_port(d1, 0, &port), 0);
    }
    CU_ASSERT_EQUAL(evtchn_bind_ipi(d1, 0, &(uint32_t){ 0 }), -ENOMEM);
    while (n)
        heap_free(&fk.k.heap, hoard[--n]);
    CU_ASSERT_EQUAL(evtchn_domain_init(d2), 0);
    CU_ASSERT_EQUAL(evtchn_bind_ipi(d1, 0, &(uint32_t){ 0 }), 0);
    evtchn_domain_destroy(d2);
    teardown();
    free(hoard);
}

/* ---- alloc_unbound ------------------------------------------------------- */

static void test_alloc_unbound_self(void)
{
    struct evtchn_status st;
    uint32_t a, b, c;

    setup();
    CU_ASSERT_EQUAL(alloc_unbound(d1, DOMID_SELF, DOMID_SELF, &a), 0);
    CU_ASSERT_EQUAL(alloc_unbound(d1, 1, 0, &b), 0);
    CU_ASSERT_EQUAL(alloc_unbound(d1, DOMID_SELF, 7, &c), 0);
    CU_ASSERT_EQUAL(a, 1);
    CU_ASSERT_EQUAL(b, 2);
    CU_ASSERT_EQUAL(c, 3);
    CU_ASSERT_EQUAL(status(d1, DOMID_SELF, a, &st), 0);
    CU_ASSERT_EQUAL(st.status, EVTCHNSTAT_unbound);
    CU_ASSERT_EQUAL(st.vcpu, 0);
    CU_ASSERT_EQUAL(st.u.unbound.dom, 1);
    CU_ASSERT_EQUAL(status(d1, 1, b, &st), 0);
    CU_ASSERT_EQUAL(st.u.unbound.dom, 0);
    CU_ASSERT_EQUAL(status(d1, DOMID_SELF, c, &st), 0);
    CU_ASSERT_EQUAL(st.u.unbound.dom, 7);
    teardown();
}

static void test_alloc_unbound_for_another_domain(void)
{
    struct evtchn_status st;
    uint32_t port;

    setup();
    /* dom0 sets up a guest's channel, e.g. xenstore: dom1 end, waiting
     * for dom0 (DOMID_SELF means the caller, not `dom`). */
    CU_ASSERT_EQUAL(alloc_unbound(d0, 1, DOMID_SELF, &port), 0);
    CU_ASSERT_EQUAL(port, 1);
    CU_ASSERT_EQUAL(status(d1, DOMID_SELF, port, &st), 0);
    CU_ASSERT_EQUAL(st.status, EVTCHNSTAT_unbound);
    CU_ASSERT_EQUAL(st.u.unbound.dom, 0);
    CU_ASSERT_EQUAL(status(d0, 1, port, &st), 0);
    CU_ASSERT_EQUAL(st.status, EVTCHNSTAT_unbound);
    /* dom0's own table is untouched. */
    CU_ASSERT_EQUAL(status(d0, DOMID_SELF, port, &st), 0);
    CU_ASSERT_EQUAL(st.status, EVTCHNSTAT_closed);

    CU_ASSERT_EQUAL(alloc_unbound(d1, 0, DOMID_SELF, &port), -EPERM);
    CU_ASSERT_EQUAL(alloc_unbound(d0, 9, DOMID_SELF, &port), -ESRCH);
    CU_ASSERT_EQUAL(alloc_unbound(d0, DOMID_IO, DOMID_SELF, &port), -ESRCH);
    teardown();
}

static void test_kernel_alloc_unbound_port(void)
{
    struct evtchn_status st;
    uint32_t a, b, p0;

    setup();
    CU_ASSERT_EQUAL(evtchn_alloc_unbound_port(d1, DOMID_SELF, &a), 0);
    CU_ASSERT_EQUAL(evtchn_alloc_unbound_port(d1, 0, &b), 0);
    CU_ASSERT_EQUAL(status(d1, DOMID_SELF, a, &st), 0);
    CU_ASSERT_EQUAL(st.u.unbound.dom, 1);
    CU_ASSERT_EQUAL(bind_interdomain(d0, 1, a, &p0), -EINVAL);
    CU_ASSERT_EQUAL(bind_interdomain(d0, 1, b, &p0), 0);
    teardown();
}

/* ---- bind_interdomain ---------------------------------------------------- */

static void test_bind_interdomain_connects_both_ends(void)
{
    struct evtchn_status st;
    uint32_t p1, p0;

    setup();
    CU_ASSERT_EQUAL(alloc_unbound(d1, DOMID_SELF, 0, &p1), 0);
    CU_ASSERT_EQUAL(bind_interdomain(d0, 1, p1, &p0), 0);
    CU_ASSERT_EQUAL(p0, 1);
    CU_ASSERT_EQUAL(status(d0, DOMID_SELF, p0, &st), 0);
    CU_ASSERT_EQUAL(st.status, EVTCHNSTAT_interdomain);
    CU_ASSERT_EQUAL(st.u.interdomain.dom, 1);
    CU_ASSERT_EQUAL(st.u.interdomain.port, p1);
    CU_ASSERT_EQUAL(status(d1, DOMID_SELF, p1, &st), 0);
    CU_ASSERT_EQUAL(st.status, EVTCHNSTAT_interdomain);
    CU_ASSERT_EQUAL(st.u.interdomain.dom, 0);
    CU_ASSERT_EQUAL(st.u.interdomain.port, p0);
    /* Whatever was sent to the unbound end is made up for. */
    CU_ASSERT(pending(td(d0)->si, p0));
    CU_ASSERT_EQUAL(vi0(d0)->evtchn_upcall_pending, 1);
    CU_ASSERT_EQUAL(fake_upcalls(d0->vcpus[0]), 1);
    CU_ASSERT(!any_pending(td(d1)->si));
    teardown();
}

static void test_bind_interdomain_errors(void)
{
    uint32_t other, p1, p0, port;

    setup();
    CU_ASSERT_EQUAL(alloc_unbound(d1, DOMID_SELF, 5, &other), 0);
    CU_ASSERT_EQUAL(bind_interdomain(d0, 1, other, &port), -EINVAL);
    connect(&p1, &p0);
    CU_ASSERT_EQUAL(bind_interdomain(d0, 1, p1, &port), -EINVAL);
    CU_ASSERT_EQUAL(bind_interdomain(d0, 1, 40, &port), -EINVAL);
    CU_ASSERT_EQUAL(bind_interdomain(d0, 1, 64, &port), -EINVAL);
    CU_ASSERT_EQUAL(bind_interdomain(d0, 1, 4095, &port), -EINVAL);
    CU_ASSERT_EQUAL(bind_interdomain(d0, 1, 4096, &port), -EINVAL);
    CU_ASSERT_EQUAL(bind_interdomain(d0, 1, 0xffffffffu, &port), -EINVAL);
    CU_ASSERT_EQUAL(bind_interdomain(d0, 9, 1, &port), -ESRCH);
    CU_ASSERT_EQUAL(bind_interdomain(d0, DOMID_INVALID, 1, &port), -ESRCH);
    /* An unprivileged domain may bind too, when the port waits for it. */
    CU_ASSERT_EQUAL(alloc_unbound(d0, DOMID_SELF, 1, &port), 0);
    CU_ASSERT_EQUAL(bind_interdomain(d1, 0, port, &p1), 0);
    /* None of the failures used up a port. */
    CU_ASSERT_EQUAL(alloc_unbound(d0, DOMID_SELF, 1, &port), 0);
    CU_ASSERT_EQUAL(port, 3);
    teardown();
}

static void test_loopback(void)
{
    struct evtchn_status st;
    uint32_t a, b, c, e;

    setup();
    CU_ASSERT_EQUAL(alloc_unbound(d0, DOMID_SELF, DOMID_SELF, &a), 0);
    CU_ASSERT_EQUAL(bind_interdomain(d0, DOMID_SELF, a, &b), 0);
    CU_ASSERT_NOT_EQUAL(a, b);
    CU_ASSERT_EQUAL(status(d0, DOMID_SELF, a, &st), 0);
    CU_ASSERT_EQUAL(st.status, EVTCHNSTAT_interdomain);
    CU_ASSERT_EQUAL(st.u.interdomain.dom, 0);
    CU_ASSERT_EQUAL(st.u.interdomain.port, b);
    CU_ASSERT_EQUAL(status(d0, DOMID_SELF, b, &st), 0);
    CU_ASSERT_EQUAL(st.u.interdomain.port, a);

    guest_ack(td(d0)->si, vi0(d0));
    CU_ASSERT_EQUAL(send(d0, a), 0);
    CU_ASSERT(pending(td(d0)->si, b));
    CU_ASSERT(!pending(td(d0)->si, a));
    guest_ack(td(d0)->si, vi0(d0));
    CU_ASSERT_EQUAL(send(d0, b), 0);
    CU_ASSERT(pending(td(d0)->si, a));
    CU_ASSERT(!pending(td(d0)->si, b));

    /* The caller's own id works like DOMID_SELF. */
    CU_ASSERT_EQUAL(alloc_unbound(d0, 0, 0, &c), 0);
    CU_ASSERT_EQUAL(bind_interdomain(d0, 0, c, &e), 0);
    /* Closing one end leaves the other waiting for its own domain. */
    CU_ASSERT_EQUAL(close_port(d0, a), 0);
    CU_ASSERT_EQUAL(status(d0, DOMID_SELF, b, &st), 0);
    CU_ASSERT_EQUAL(st.status, EVTCHNSTAT_unbound);
    CU_ASSERT_EQUAL(st.u.unbound.dom, 0);
    CU_ASSERT_EQUAL(bind_interdomain(d0, DOMID_SELF, b, &a), 0);
    CU_ASSERT_EQUAL(fake_locks_held(), 0);
    teardown();
}

/* ---- send and 2-level delivery ------------------------------------------ */

static void test_send_between_domains(void)
{
    struct shared_info *si0, *si1;
    uint32_t p1, p0;

    setup();
    si0 = td(d0)->si;
    si1 = td(d1)->si;
    connect(&p1, &p0);

    CU_ASSERT_EQUAL(send(d1, p1), 0);
    CU_ASSERT(pending(si0, p0));
    CU_ASSERT_EQUAL(vi0(d0)->evtchn_pending_sel, 1ULL << (p0 / 64));
    CU_ASSERT_EQUAL(vi0(d0)->evtchn_upcall_pending, 1);
    CU_ASSERT_EQUAL(fake_upcalls(d0->vcpus[0]), 1);
    CU_ASSERT_EQUAL(fake_upcalls_total(), 1);
    CU_ASSERT(!any_pending(si1));

    /* Still pending: nothing new to tell. */
    CU_ASSERT_EQUAL(send(d1, p1), 0);
    CU_ASSERT_EQUAL(fake_upcalls_total(), 1);

    /* The guest took the event but has not left its handler: the bits
     * are set again but no second interrupt is raised. */
    memset(si0->evtchn_pending, 0, sizeof(si0->evtchn_pending));
    vi0(d0)->evtchn_pending_sel = 0;
    CU_ASSERT_EQUAL(send(d1, p1), 0);
    CU_ASSERT(pending(si0, p0));
    CU_ASSERT_EQUAL(vi0(d0)->evtchn_pending_sel, 1ULL << (p0 / 64));
    CU_ASSERT_EQUAL(fake_upcalls_total(), 1);

    guest_ack(si0, vi0(d0));
    CU_ASSERT_EQUAL(send(d1, p1), 0);
    CU_ASSERT_EQUAL(fake_upcalls(d0->vcpus[0]), 2);

    /* And back the other way. */
    CU_ASSERT_EQUAL(send(d0, p0), 0);
    CU_ASSERT(pending(si1, p1));
    CU_ASSERT_EQUAL(vi0(d1)->evtchn_upcall_pending, 1);
    CU_ASSERT_EQUAL(fake_upcalls(d1->vcpus[0]), 1);
    teardown();
}

static void test_send_errors(void)
{
    uint32_t unbound, virq;

    setup();
    CU_ASSERT_EQUAL(alloc_unbound(d1, DOMID_SELF, 0, &unbound), 0);
    CU_ASSERT_EQUAL(bind_virq(d1, VIRQ_DEBUG, 0, &virq), 0);
    /* Xen drops an event on an unbound port and says nothing. */
    CU_ASSERT_EQUAL(send(d1, unbound), 0);
    CU_ASSERT(!any_pending(td(d1)->si));
    CU_ASSERT(!any_pending(td(d0)->si));
    CU_ASSERT_EQUAL(send(d1, virq), -EINVAL);
    CU_ASSERT_EQUAL(send(d1, 40), -EINVAL);
    CU_ASSERT_EQUAL(send(d1, 64), -EINVAL);
    CU_ASSERT_EQUAL(send(d1, 4096), -EINVAL);
    CU_ASSERT_EQUAL(send(d1, 0x80000001u), -EINVAL);
    CU_ASSERT_EQUAL(fake_upcalls_total(), 0);
    teardown();
}

/* The selector names the pending word: ports 1, 64 and 130 are in words
 * 0, 1 and 2. */
static void test_selector_bits(void)
{
    struct shared_info *si;
    uint32_t port;

    setup();
    si = td(d1)->si;
    for (uint32_t want = 1; want <= 130; want++) {
        CU_ASSERT_EQUAL_FATAL(evtchn_bind_ipi(d1, 0, &port), 0);
        CU_ASSERT_EQUAL_FATAL(port, want);
    }
    CU_ASSERT_EQUAL(send(d1, 64), 0);
    CU_ASSERT_EQUAL(vi0(d1)->evtchn_pending_sel, 1ULL << 1);
    CU_ASSERT_EQUAL(si->evtchn_pending[1], 1ULL << 0);
    CU_ASSERT_EQUAL(send(d1, 130), 0);
    CU_ASSERT_EQUAL(vi0(d1)->evtchn_pending_sel, (1ULL << 1) | (1ULL << 2));
    CU_ASSERT_EQUAL(si->evtchn_pending[2], 1ULL << 2);
    CU_ASSERT_EQUAL(send(d1, 1), 0);
    CU_ASSERT_EQUAL(vi0(d1)->evtchn_pending_sel, 7);
    CU_ASSERT_EQUAL(si->evtchn_pending[0], 1ULL << 1);
    CU_ASSERT_EQUAL(fake_upcalls(d1->vcpus[0]), 1);
    teardown();
}

static void test_mask_and_unmask(void)
{
    struct shared_info *si0;
    uint32_t p1, p0;

    setup();
    si0 = td(d0)->si;
    connect(&p1, &p0);

    set_mask(si0, p0, true);
    CU_ASSERT_EQUAL(send(d1, p1), 0);
    CU_ASSERT(pending(si0, p0));
    CU_ASSERT_EQUAL(vi0(d0)->evtchn_pending_sel, 0);
    CU_ASSERT_EQUAL(vi0(d0)->evtchn_upcall_pending, 0);
    CU_ASSERT_EQUAL(fake_upcalls_total(), 0);

    CU_ASSERT_EQUAL(unmask(d0, p0), 0);
    CU_ASSERT(!masked(si0, p0));
    CU_ASSERT_EQUAL(vi0(d0)->evtchn_pending_sel, 1ULL << (p0 / 64));
    CU_ASSERT_EQUAL(vi0(d0)->evtchn_upcall_pending, 1);
    CU_ASSERT_EQUAL(fake_upcalls(d0->vcpus[0]), 1);

    /* Not masked: nothing to catch up on, even though still pending. */
    vi0(d0)->evtchn_upcall_pending = 0;
    vi0(d0)->evtchn_pending_sel = 0;
    CU_ASSERT_EQUAL(unmask(d0, p0), 0);
    CU_ASSERT_EQUAL(fake_upcalls_total(), 1);
    CU_ASSERT_EQUAL(vi0(d0)->evtchn_pending_sel, 0);

    /* Masked but not pending: the mask goes, nothing is raised. */
    guest_ack(si0, vi0(d0));
    set_mask(si0, p0, true);
    CU_ASSERT_EQUAL(unmask(d0, p0), 0);
    CU_ASSERT(!masked(si0, p0));
    CU_ASSERT_EQUAL(fake_upcalls_total(), 1);

    /* A free port inside the table may be unmasked, as on Xen; one
     * beyond it may not. */
    CU_ASSERT_EQUAL(unmask(d0, 40), 0);
    CU_ASSERT_EQUAL(unmask(d0, 64), -EINVAL);
    CU_ASSERT_EQUAL(unmask(d0, 4096), -EINVAL);
    teardown();
}

static void test_close_clears_pending(void)
{
    uint32_t p1, p0;

    setup();
    connect(&p1, &p0);
    CU_ASSERT_EQUAL(send(d1, p1), 0);
    CU_ASSERT(pending(td(d0)->si, p0));
    CU_ASSERT_EQUAL(close_port(d0, p0), 0);
    CU_ASSERT(!pending(td(d0)->si, p0));
    teardown();
}

/* ---- close ---------------------------------------------------------------- */

static void check_close_makes_peer_unbound(struct domain *closer,
                                           struct domain *other)
{
    struct evtchn_status st;
    uint32_t p1, p0, mine, theirs, again;

    connect(&p1, &p0);
    mine = closer == d1 ? p1 : p0;
    theirs = closer == d1 ? p0 : p1;
    CU_ASSERT_EQUAL(close_port(closer, mine), 0);
    CU_ASSERT_EQUAL(fake_locks_held(), 0);
    expect_status(closer, mine, EVTCHNSTAT_closed, 0);
    CU_ASSERT_EQUAL(status(other, DOMID_SELF, theirs, &st), 0);
    CU_ASSERT_EQUAL(st.status, EVTCHNSTAT_unbound);
    CU_ASSERT_EQUAL(st.u.unbound.dom, closer->id);
    CU_ASSERT_EQUAL(close_port(closer, mine), -EINVAL);

    /* The survivor's sends go nowhere; the closer may come back. */
    CU_ASSERT_EQUAL(send(other, theirs), 0);
    CU_ASSERT(!any_pending(td(closer)->si));
    CU_ASSERT_EQUAL(bind_interdomain(closer, other->id, theirs, &again), 0);
    CU_ASSERT_EQUAL(again, mine);
    CU_ASSERT_EQUAL(status(other, DOMID_SELF, theirs, &st), 0);
    CU_ASSERT_EQUAL(st.status, EVTCHNSTAT_interdomain);
    CU_ASSERT_EQUAL(st.u.interdomain.port, again);
    CU_ASSERT_EQUAL(close_port(closer, again), 0);
    CU_ASSERT_EQUAL(close_port(other, theirs), 0);
}

/* dom1 closing must lock dom0 first, the other way round from dom0. */
static void test_close_interdomain_either_end(void)
{
    setup();
    check_close_makes_peer_unbound(d1, d0);
    check_close_makes_peer_unbound(d0, d1);
    CU_ASSERT_EQUAL(fake_locks_held(), 0);
    teardown();
}

static void test_close_errors(void)
{
    setup();
    CU_ASSERT_EQUAL(close_port(d1, 1), -EINVAL);
    CU_ASSERT_EQUAL(close_port(d1, 63), -EINVAL);
    CU_ASSERT_EQUAL(close_port(d1, 64), -EINVAL);
    CU_ASSERT_EQUAL(close_port(d1, 4096), -EINVAL);
    CU_ASSERT_EQUAL(close_port(d1, 0xffffffffu), -EINVAL);
    CU_ASSERT_EQUAL(evtchn_close(d1, 0xffffffffu), -EINVAL);
    teardown();
}

/* ---- VIRQs ---------------------------------------------------------------- */

static void test_virq_binding_rules(void)
{
    struct evtchn_status st;
    uint32_t t0, t1, con, port;

    setup();
    CU_ASSERT_EQUAL(bind_virq(d0, VIRQ_TIMER, 1, &t1), 0);
    CU_ASSERT_EQUAL(bind_virq(d0, VIRQ_TIMER, 1, &port), -EEXIST);
    CU_ASSERT_EQUAL(bind_virq(d0, VIRQ_TIMER, 0, &t0), 0);
    CU_ASSERT_NOT_EQUAL(t0, t1);
    CU_ASSERT_EQUAL(bind_virq(d0, VIRQ_CONSOLE, 1, &port), -EINVAL);
    CU_ASSERT_EQUAL(bind_virq(d0, VIRQ_DOM_EXC, 1, &port), -EINVAL);
    CU_ASSERT_EQUAL(bind_virq(d0, VIRQ_CONSOLE, 0, &con), 0);
    CU_ASSERT_EQUAL(bind_virq(d0, VIRQ_CONSOLE, 0, &port), -EEXIST);
    CU_ASSERT_EQUAL(bind_virq(d0, NR_VIRQS, 0, &port), -EINVAL);
    CU_ASSERT_EQUAL(bind_virq(d0, 0xffffffffu, 0, &port), -EINVAL);
    CU_ASSERT_EQUAL(bind_virq(d0, VIRQ_DEBUG, 2, &port), -ENOENT);
    CU_ASSERT_EQUAL(bind_virq(d0, VIRQ_XENPMU, 0xffffffffu, &port), -ENOENT);

    CU_ASSERT_EQUAL(status(d0, DOMID_SELF, t1, &st), 0);
    CU_ASSERT_EQUAL(st.status, EVTCHNSTAT_virq);
    CU_ASSERT_EQUAL(st.u.virq, VIRQ_TIMER);
    CU_ASSERT_EQUAL(st.vcpu, 1);
    CU_ASSERT_EQUAL(status(d0, DOMID_SELF, con, &st), 0);
    CU_ASSERT_EQUAL(st.u.virq, VIRQ_CONSOLE);
    CU_ASSERT_EQUAL(st.vcpu, 0);

    /* Closed, a VIRQ can be bound again. */
    CU_ASSERT_EQUAL(close_port(d0, con), 0);
    CU_ASSERT_EQUAL(bind_virq(d0, VIRQ_CONSOLE, 0, &port), 0);
    CU_ASSERT_EQUAL(port, con);
    CU_ASSERT_EQUAL(close_port(d0, t1), 0);
    CU_ASSERT_EQUAL(bind_virq(d0, VIRQ_TIMER, 1, &port), 0);
    CU_ASSERT_EQUAL(bind_virq(d0, VIRQ_TIMER, 0, &port), -EEXIST);
    CU_ASSERT(!evtchn_virq_is_global(VIRQ_DEBUG));
    CU_ASSERT(evtchn_virq_is_global(VIRQ_CON_RING));
    teardown();
}

static void test_virq_raise(void)
{
    struct shared_info *si0;
    struct vcpu_info *vi1;
    uint32_t con, timer;

    setup();
    si0 = td(d0)->si;
    vi1 = register_vcpu_info(d0, 1);
    CU_ASSERT_EQUAL(bind_virq(d0, VIRQ_CONSOLE, 0, &con), 0);
    CU_ASSERT_EQUAL(evtchn_send_virq(d0, VIRQ_CONSOLE), 0);
    CU_ASSERT(pending(si0, con));
    CU_ASSERT_EQUAL(vi0(d0)->evtchn_upcall_pending, 1);
    CU_ASSERT_EQUAL(fake_upcalls(d0->vcpus[0]), 1);

    /* Unbound VIRQs go nowhere; bad numbers are refused. */
    guest_ack(si0, vi0(d0));
    CU_ASSERT_EQUAL(evtchn_send_virq(d0, VIRQ_DOM_EXC), 0);
    CU_ASSERT_EQUAL(evtchn_send_virq(d1, VIRQ_CONSOLE), 0);
    CU_ASSERT(!any_pending(si0));
    CU_ASSERT(!any_pending(td(d1)->si));
    CU_ASSERT_EQUAL(evtchn_send_virq(d0, NR_VIRQS), -EINVAL);
    CU_ASSERT_EQUAL(evtchn_send_vcpu_virq(d0->vcpus[1], 100), -EINVAL);

    /* A per-vCPU VIRQ reaches only its own vCPU. */
    CU_ASSERT_EQUAL(bind_virq(d0, VIRQ_TIMER, 1, &timer), 0);
    CU_ASSERT_EQUAL(evtchn_send_vcpu_virq(d0->vcpus[0], VIRQ_TIMER), 0);
    CU_ASSERT(!any_pending(si0));
    CU_ASSERT_EQUAL(evtchn_send_vcpu_virq(d0->vcpus[1], VIRQ_TIMER), 0);
    CU_ASSERT(pending(si0, timer));
    CU_ASSERT_EQUAL(vi1->evtchn_pending_sel, 1ULL << (timer / 64));
    CU_ASSERT_EQUAL(vi1->evtchn_upcall_pending, 1);
    CU_ASSERT_EQUAL(fake_upcalls(d0->vcpus[1]), 1);
    CU_ASSERT_EQUAL(vi0(d0)->evtchn_upcall_pending, 0);

    /* A global VIRQ moved to vCPU 1 is raised there, from any vCPU. */
    guest_ack(si0, vi1);
    CU_ASSERT_EQUAL(bind_vcpu(d0, con, 1), 0);
    CU_ASSERT_EQUAL(evtchn_send_vcpu_virq(d0->vcpus[1], VIRQ_CONSOLE), 0);
    CU_ASSERT(pending(si0, con));
    CU_ASSERT_EQUAL(fake_upcalls(d0->vcpus[1]), 2);
    CU_ASSERT_EQUAL(fake_upcalls(d0->vcpus[0]), 1);
    /* ...and closed from there, it can be bound on vCPU 0 again. */
    CU_ASSERT_EQUAL(close_port(d0, con), 0);
    CU_ASSERT_EQUAL(bind_virq(d0, VIRQ_CONSOLE, 0, &con), 0);
    teardown();
}

/* ---- IPIs, bind_vcpu, vcpu_info ------------------------------------------ */

static void test_ipi(void)
{
    struct vcpu_info *vi1;
    uint32_t port;

    setup();
    vi1 = register_vcpu_info(d1, 1);
    CU_ASSERT_EQUAL(bind_ipi(d1, 1, &port), 0);
    expect_status(d1, port, EVTCHNSTAT_ipi, 1);
    CU_ASSERT_EQUAL(send(d1, port), 0);
    CU_ASSERT(pending(td(d1)->si, port));
    CU_ASSERT_EQUAL(vi1->evtchn_upcall_pending, 1);
    CU_ASSERT_EQUAL(fake_upcalls(d1->vcpus[1]), 1);
    CU_ASSERT_EQUAL(fake_upcalls(d1->vcpus[0]), 0);
    CU_ASSERT_EQUAL(bind_ipi(d1, 2, &port), -ENOENT);
    CU_ASSERT_EQUAL(bind_ipi(d1, 0xffffffffu, &port), -ENOENT);
    teardown();
}

static void test_bind_vcpu(void)
{
    struct vcpu_info *vi1;
    uint32_t p1, p0, ipi, timer, con, unbound, port;

    setup();
    vi1 = register_vcpu_info(d0, 1);
    connect(&p1, &p0);
    CU_ASSERT_EQUAL(bind_vcpu(d0, p0, 1), 0);
    expect_status(d0, p0, EVTCHNSTAT_interdomain, 1);
    CU_ASSERT_EQUAL(send(d1, p1), 0);
    CU_ASSERT_EQUAL(vi1->evtchn_pending_sel, 1ULL << (p0 / 64));
    CU_ASSERT_EQUAL(vi0(d0)->evtchn_pending_sel, 0);
    CU_ASSERT_EQUAL(fake_upcalls(d0->vcpus[1]), 1);
    CU_ASSERT_EQUAL(fake_upcalls(d0->vcpus[0]), 0);

    CU_ASSERT_EQUAL(bind_ipi(d0, 0, &ipi), 0);
    CU_ASSERT_EQUAL(bind_virq(d0, VIRQ_TIMER, 0, &timer), 0);
    CU_ASSERT_EQUAL(bind_virq(d0, VIRQ_DOM_EXC, 0, &con), 0);
    CU_ASSERT_EQUAL(alloc_unbound(d0, DOMID_SELF, 1, &unbound), 0);
    CU_ASSERT_EQUAL(bind_vcpu(d0, ipi, 1), -EINVAL);
    CU_ASSERT_EQUAL(bind_vcpu(d0, timer, 1), -EINVAL);
    CU_ASSERT_EQUAL(bind_vcpu(d0, con, 1), 0);
    CU_ASSERT_EQUAL(bind_vcpu(d0, unbound, 1), 0);
    CU_ASSERT_EQUAL(bind_vcpu(d0, 50, 1), -EINVAL);
    CU_ASSERT_EQUAL(bind_vcpu(d0, 5000, 1), -EINVAL);
    CU_ASSERT_EQUAL(bind_vcpu(d0, p0, 2), -ENOENT);
    expect_status(d0, ipi, EVTCHNSTAT_ipi, 0);
    expect_status(d0, con, EVTCHNSTAT_virq, 1);

    /* A port freed and handed out again notifies vCPU 0. */
    CU_ASSERT_EQUAL(close_port(d0, unbound), 0);
    CU_ASSERT_EQUAL(alloc_unbound(d0, DOMID_SELF, 1, &port), 0);
    CU_ASSERT_EQUAL(port, unbound);
    expect_status(d0, port, EVTCHNSTAT_unbound, 0);
    teardown();
}

/* Before a secondary vCPU registers its vcpu_info its events wait in the
 * pending bitmap; registering marks everything so none is lost. */
static void test_vcpu_info_registration(void)
{
    struct vcpu_info *vi1;
    uint32_t port;

    setup();
    CU_ASSERT_EQUAL(bind_ipi(d1, 1, &port), 0);
    CU_ASSERT_EQUAL(send(d1, port), 0);
    CU_ASSERT(pending(td(d1)->si, port));
    CU_ASSERT_EQUAL(fake_upcalls_total(), 0);
    CU_ASSERT_EQUAL(vi0(d1)->evtchn_pending_sel, 0);

    evtchn_vcpu_info_registered(d1->vcpus[1]);     /* none yet: no-op */
    CU_ASSERT_EQUAL(fake_upcalls_total(), 0);
    vi1 = register_vcpu_info(d1, 1);
    evtchn_vcpu_info_registered(d1->vcpus[1]);
    CU_ASSERT_EQUAL(vi1->evtchn_pending_sel, ~0ULL);
    CU_ASSERT_EQUAL(vi1->evtchn_upcall_pending, 1);
    CU_ASSERT_EQUAL(fake_upcalls(d1->vcpus[1]), 1);
    teardown();
}

/* A domain's events before its shared_info is mapped are kept and
 * delivered when it appears, except for ports closed meanwhile. */
static void test_events_before_shared_info(void)
{
    struct shared_info *si;
    struct domain *d2;
    uint32_t p2, q2, p0, q0;

    setup();
    d2 = bare_domain(2, false);
    CU_ASSERT_EQUAL(alloc_unbound(d0, 2, DOMID_SELF, &p2), 0);
    CU_ASSERT_EQUAL(alloc_unbound(d0, 2, DOMID_SELF, &q2), 0);
    CU_ASSERT_EQUAL(bind_interdomain(d0, 2, p2, &p0), 0);
    CU_ASSERT_EQUAL(bind_interdomain(d0, 2, q2, &q0), 0);
    CU_ASSERT_EQUAL(send(d0, p0), 0);
    CU_ASSERT_EQUAL(send(d0, q0), 0);
    CU_ASSERT_EQUAL(fake_upcalls(d2->vcpus[0]), 0);
    CU_ASSERT_EQUAL(close_port(d2, q2), 0);

    si = give_shared_info(d2);
    CU_ASSERT(pending(si, p2));
    CU_ASSERT(!pending(si, q2));
    CU_ASSERT_EQUAL(si->vcpu_info[0].evtchn_pending_sel, 1ULL << (p2 / 64));
    CU_ASSERT_EQUAL(fake_upcalls(d2->vcpus[0]), 1);
    /* Replayed once only. */
    guest_ack(si, &si->vcpu_info[0]);
    evtchn_shared_info_ready(d2);
    CU_ASSERT(!any_pending(si));
    CU_ASSERT_EQUAL(fake_upcalls(d2->vcpus[0]), 1);
    teardown();
}

/* ---- status, reset, destroy -------------------------------------------- */

static void test_status_permissions_and_errors(void)
{
    struct evtchn_status st;
    uint32_t p1, p0;

    setup();
    connect(&p1, &p0);
    CU_ASSERT_EQUAL(status(d0, 1, p1, &st), 0);
    CU_ASSERT_EQUAL(st.status, EVTCHNSTAT_interdomain);
    CU_ASSERT_EQUAL(st.u.interdomain.dom, 0);
    CU_ASSERT_EQUAL(st.u.interdomain.port, p0);
    /* The input fields come back as given. */
    CU_ASSERT_EQUAL(st.dom, 1);
    CU_ASSERT_EQUAL(st.port, p1);
    CU_ASSERT_EQUAL(status(d1, 0, p0, &st), -EPERM);
    CU_ASSERT_EQUAL(status(d0, 9, 1, &st), -ESRCH);
    CU_ASSERT_EQUAL(status(d1, DOMID_SELF, 64, &st), -EINVAL);
    CU_ASSERT_EQUAL(status(d1, DOMID_SELF, 4096, &st), -EINVAL);
    /* The union is cleared past what the state uses. */
    CU_ASSERT_EQUAL(status(d1, DOMID_SELF, 5, &st), 0);
    CU_ASSERT_EQUAL(st.status, EVTCHNSTAT_closed);
    CU_ASSERT_EQUAL(st.vcpu, 0);
    CU_ASSERT_EQUAL(st.u.interdomain.dom, 0);
    CU_ASSERT_EQUAL(st.u.interdomain.port, 0);
    teardown();
}

static void populate_d1(uint32_t *p1, uint32_t *p0)
{
    uint32_t port;

    connect(p1, p0);
    CU_ASSERT_EQUAL(bind_virq(d1, VIRQ_DEBUG, 1, &port), 0);
    CU_ASSERT_EQUAL(bind_ipi(d1, 1, &port), 0);
    CU_ASSERT_EQUAL(alloc_unbound(d1, DOMID_SELF, 0, &port), 0);
    CU_ASSERT_EQUAL(alloc_unbound(d1, DOMID_SELF, DOMID_SELF, &port), 0);
    CU_ASSERT_EQUAL(bind_interdomain(d1, DOMID_SELF, port, &port), 0);
}

static void expect_d1_empty(uint32_t p0)
{
    struct evtchn_status st;
    uint32_t port;

    for (uint32_t p = 1; p < 10; p++)
        expect_status(d1, p, EVTCHNSTAT_closed, 0);
    CU_ASSERT_EQUAL(status(d0, DOMID_SELF, p0, &st), 0);
    CU_ASSERT_EQUAL(st.status, EVTCHNSTAT_unbound);
    CU_ASSERT_EQUAL(st.u.unbound.dom, 1);
    CU_ASSERT_EQUAL(bind_virq(d1, VIRQ_DEBUG, 1, &port), 0);
    CU_ASSERT_EQUAL(port, 1);
    CU_ASSERT_EQUAL(close_port(d1, port), 0);
}

static void test_reset(void)
{
    uint32_t p1, p0;

    setup();
    populate_d1(&p1, &p0);
    CU_ASSERT_EQUAL(reset(d1, DOMID_SELF), 0);
    expect_d1_empty(p0);
    CU_ASSERT_EQUAL(close_port(d0, p0), 0);

    populate_d1(&p1, &p0);
    CU_ASSERT_EQUAL(reset(d1, 0), -EPERM);
    CU_ASSERT_EQUAL(reset(d0, 9), -ESRCH);
    CU_ASSERT_EQUAL(reset(d0, 1), 0);
    expect_d1_empty(p0);
    CU_ASSERT_EQUAL(fake_locks_held(), 0);
    teardown();
}

static void test_destroy_with_live_bindings(void)
{
    struct evtchn_status st;
    struct domain *d2;
    uint32_t p1, p0, p2, q0, port;

    setup();
    d2 = new_domain(2, false);
    populate_d1(&p1, &p0);
    CU_ASSERT_EQUAL(alloc_unbound(d2, DOMID_SELF, 0, &p2), 0);
    CU_ASSERT_EQUAL(bind_interdomain(d0, 2, p2, &q0), 0);

    evtchn_domain_destroy(d1);
    CU_ASSERT_PTR_NULL(d1->evtchn);
    CU_ASSERT_EQUAL(status(d0, DOMID_SELF, p0, &st), 0);
    CU_ASSERT_EQUAL(st.status, EVTCHNSTAT_unbound);
    CU_ASSERT_EQUAL(st.u.unbound.dom, 1);
    CU_ASSERT_EQUAL(send(d0, p0), 0);
    /* A domain without a table is not a partner any more. */
    CU_ASSERT_EQUAL(alloc_unbound(d0, 1, DOMID_SELF, &port), -ESRCH);
    CU_ASSERT_EQUAL(bind_interdomain(d0, 1, p1, &port), -ESRCH);
    CU_ASSERT_EQUAL(alloc_unbound(d1, DOMID_SELF, 0, &port), -ENOSYS);

    /* dom0 goes with a channel to a higher domain id still open. */
    evtchn_domain_destroy(d0);
    CU_ASSERT_EQUAL(status(d2, DOMID_SELF, p2, &st), 0);
    CU_ASSERT_EQUAL(st.status, EVTCHNSTAT_unbound);
    CU_ASSERT_EQUAL(st.u.unbound.dom, 0);
    CU_ASSERT_EQUAL(fake_locks_held(), 0);
    teardown();
}

/* While evtchn_domain_destroy runs, another pCPU may still try to make
 * ports there; closing goes on. */
static void test_dying_domain_refuses_new_ports(void)
{
    uint32_t p1, p0, port;

    setup();
    connect(&p1, &p0);
    CU_ASSERT_EQUAL(alloc_unbound(d1, DOMID_SELF, 0, &port), 0);
    d1->evtchn->dying = true;
    CU_ASSERT_EQUAL(alloc_unbound(d1, DOMID_SELF, 0, &port), -EINVAL);
    CU_ASSERT_EQUAL(alloc_unbound(d0, 1, DOMID_SELF, &port), -EINVAL);
    CU_ASSERT_EQUAL(bind_ipi(d1, 0, &port), -EINVAL);
    CU_ASSERT_EQUAL(bind_virq(d1, VIRQ_DEBUG, 0, &port), -EINVAL);
    CU_ASSERT_EQUAL(bind_interdomain(d0, 1, 2, &port), -EINVAL);
    CU_ASSERT_EQUAL(close_port(d1, p1), 0);
    CU_ASSERT_EQUAL(close_port(d1, 2), 0);
    d1->evtchn->dying = false;
    teardown();
}

/* ---- Limits --------------------------------------------------------------- */

static void test_port_limit(void)
{
    uint32_t port, n = 0;
    int rc;

    setup();
    while ((rc = evtchn_alloc_unbound_port(d1, 0, &port)) == 0) {
        CU_ASSERT_EQUAL_FATAL(port, n + 1);
        n++;
    }
    CU_ASSERT_EQUAL(rc, -ENOSPC);
    CU_ASSERT_EQUAL(n, EVTCHN_NR_PORTS - 1);
    CU_ASSERT_EQUAL(alloc_unbound(d1, DOMID_SELF, 0, &port), -ENOSPC);
    CU_ASSERT_EQUAL(bind_ipi(d1, 0, &port), -ENOSPC);
    CU_ASSERT_EQUAL(bind_virq(d1, VIRQ_TIMER, 0, &port), -ENOSPC);
    CU_ASSERT_EQUAL(bind_interdomain(d1, 0, 1, &port), -EINVAL);

    /* The highest port works like any other. */
    CU_ASSERT_EQUAL(bind_interdomain(d0, 1, 4095, &port), 0);
    CU_ASSERT_EQUAL(send(d0, port), 0);
    CU_ASSERT(pending(td(d1)->si, 4095));
    CU_ASSERT_EQUAL(vi0(d1)->evtchn_pending_sel, 1ULL << 63);

    CU_ASSERT_EQUAL(close_port(d1, 777), 0);
    CU_ASSERT_EQUAL(alloc_unbound(d1, DOMID_SELF, 0, &port), 0);
    CU_ASSERT_EQUAL(port, 777);
    teardown();
}

/* ---- The hypercall itself -------------------------------------------------- */

struct op_case {
    unsigned int cmd;
    size_t size;
};

static const struct op_case op_cases[] = {
    { EVTCHNOP_bind_interdomain, sizeof(struct evtchn_bind_interdomain) },
    { EVTCHNOP_bind_virq, sizeof(struct evtchn_bind_virq) },
    { EVTCHNOP_bind_pirq, sizeof(struct evtchn_bind_pirq) },
    { EVTCHNOP_close, sizeof(struct evtchn_close) },
    { EVTCHNOP_send, sizeof(struct evtchn_send) },
    { EVTCHNOP_status, sizeof(struct evtchn_status) },
    { EVTCHNOP_alloc_unbound, sizeof(struct evtchn_alloc_unbound) },
    { EVTCHNOP_bind_ipi, sizeof(struct evtchn_bind_ipi) },
    { EVTCHNOP_bind_vcpu, sizeof(struct evtchn_bind_vcpu) },
    { EVTCHNOP_unmask, sizeof(struct evtchn_unmask) },
    { EVTCHNOP_reset, sizeof(struct evtchn_reset) },
};

static void test_wild_pointers(void)
{
    char junk[32] = { 0 };

    setup();
    fake_guest_mem(d0, RO_VA, 1, FAKE_PROT_RW);
    for (unsigned int i = 0; i < ARRAY_SIZE(op_cases); i++) {
        const struct op_case *c = &op_cases[i];

        CU_ASSERT_EQUAL(hc_at(d1, 0, c->cmd, WILD_VA, junk, c->size), -EFAULT);
        CU_ASSERT_EQUAL(hc_at(d1, 0, c->cmd, 0, junk, c->size), -EFAULT);
        CU_ASSERT_EQUAL(hc_at(d1, 0, c->cmd, ~0ULL - 1, junk, c->size),
                        -EFAULT);
        /* The struct's last byte lies on the unmapped next page. */
        CU_ASSERT_EQUAL(hc_at(d1, 0, c->cmd, ARG_VA + PAGE_SIZE - c->size + 1,
                              junk, c->size), -EFAULT);
        /* Another domain's mapping is not this one's. */
        CU_ASSERT_EQUAL(hc_at(d1, 0, c->cmd, RO_VA, junk, c->size), -EFAULT);
    }
    CU_ASSERT(!any_pending(td(d1)->si));
    CU_ASSERT_EQUAL(fake_locks_held(), 0);
    teardown();
}

/* An op the guest can read but not receive the answer of leaves no port
 * behind: the next allocation gets the same number. */
static void test_unwritable_result_undoes_port(void)
{
    struct evtchn_alloc_unbound au = { DOMID_SELF, 0, 0 };
    struct evtchn_bind_virq bv = { VIRQ_DEBUG, 0, 0 };
    struct evtchn_bind_ipi bi = { 0, 0 };
    struct evtchn_bind_interdomain bd = { 0, 0, 0 };
    struct evtchn_alloc_unbound other = { 0, DOMID_SELF, 0 };
    struct evtchn_status st = { DOMID_SELF, 0, 0, 0, { { 0 } } };
    unsigned char *ro;
    uint32_t p0, port;

    setup();
    ro = fake_guest_mem(d1, RO_VA, 1, FAKE_PROT_R);
    CU_ASSERT_EQUAL(alloc_unbound(d0, DOMID_SELF, 1, &p0), 0);
    bd.remote_port = p0;
    memcpy(ro, &au, sizeof(au));
    CU_ASSERT_EQUAL(hc_at(d1, 0, EVTCHNOP_alloc_unbound, RO_VA, &au, 0), -EFAULT);
    memcpy(ro, &bv, sizeof(bv));
    CU_ASSERT_EQUAL(hc_at(d1, 0, EVTCHNOP_bind_virq, RO_VA, &bv, 0), -EFAULT);
    memcpy(ro, &bi, sizeof(bi));
    CU_ASSERT_EQUAL(hc_at(d1, 0, EVTCHNOP_bind_ipi, RO_VA, &bi, 0), -EFAULT);
    memcpy(ro, &bd, sizeof(bd));
    CU_ASSERT_EQUAL(hc_at(d1, 0, EVTCHNOP_bind_interdomain, RO_VA, &bd, 0),
                    -EFAULT);
    memcpy(ro, &st, sizeof(st));
    CU_ASSERT_EQUAL(hc_at(d1, 0, EVTCHNOP_status, RO_VA, &st, 0), -EFAULT);
    /* Still waiting for dom1, and dom1 has no port in use. */
    expect_status(d0, p0, EVTCHNSTAT_unbound, 0);
    CU_ASSERT_EQUAL(alloc_unbound(d1, DOMID_SELF, 0, &port), 0);
    CU_ASSERT_EQUAL(port, 1);
    CU_ASSERT_EQUAL(bind_virq(d1, VIRQ_DEBUG, 0, &port), 0);

    /* dom0 allocating in dom1 for itself, answer unwritable: undone in
     * dom1, where the port was made. */
    ro = fake_guest_mem(d0, RO_VA, 1, FAKE_PROT_R);
    other.dom = 1;
    memcpy(ro, &other, sizeof(other));
    CU_ASSERT_EQUAL(hc_at(d0, 0, EVTCHNOP_alloc_unbound, RO_VA, &other, 0),
                    -EFAULT);
    CU_ASSERT_EQUAL(evtchn_alloc_unbound_port(d1, 0, &port), 0);
    CU_ASSERT_EQUAL(port, 3);
    teardown();
}

static void test_unknown_and_fifo_ops(void)
{
    struct evtchn_init_control ic = { 0 };
    struct evtchn_bind_pirq bp = { 1, 0, 0 };
    struct evtchn_alloc_unbound au = { DOMID_SELF, 0, 0 };
    struct evtchn_reset rs = { DOMID_SELF };
    char junk[8] = { 0 };

    setup();
    CU_ASSERT_EQUAL(hc(d1, EVTCHNOP_init_control, &ic, sizeof(ic)), -ENOSYS);
    CU_ASSERT_EQUAL(hc(d1, EVTCHNOP_expand_array, junk, 8), -ENOSYS);
    CU_ASSERT_EQUAL(hc(d1, EVTCHNOP_set_priority, junk, 8), -ENOSYS);
    CU_ASSERT_EQUAL(hc(d1, 15, junk, 8), -ENOSYS);
    CU_ASSERT_EQUAL(hc(d1, 0xffffffffu, junk, 8), -ENOSYS);
    CU_ASSERT_EQUAL(hc(d1, EVTCHNOP_bind_pirq, &bp, sizeof(bp)), -EINVAL);
    CU_ASSERT_EQUAL(hc(d1, EVTCHNOP_reset_cont, &rs, sizeof(rs)), 0);
    /* Only the low 32 bits of x0 are the command. */
    CU_ASSERT_EQUAL(hc(d1, (0xabcdULL << 32) | EVTCHNOP_alloc_unbound, &au,
                       sizeof(au)), 0);
    CU_ASSERT_EQUAL(au.port, 1);
    teardown();
}

UNIT_SUITE(event_channel,
           UNIT_TEST(test_port0_reserved),
           UNIT_TEST(test_init_twice_and_destroy_twice),
           UNIT_TEST(test_init_out_of_memory),
           UNIT_TEST(test_alloc_unbound_self),
           UNIT_TEST(test_alloc_unbound_for_another_domain),
           UNIT_TEST(test_kernel_alloc_unbound_port),
           UNIT_TEST(test_bind_interdomain_connects_both_ends),
           UNIT_TEST(test_bind_interdomain_errors),
           UNIT_TEST(test_loopback),
           UNIT_TEST(test_send_between_domains),
           UNIT_TEST(test_send_errors),
           UNIT_TEST(test_selector_bits),
           UNIT_TEST(test_mask_and_unmask),
           UNIT_TEST(test_close_clears_pending),
           UNIT_TEST(test_close_interdomain_either_end),
           UNIT_TEST(test_close_errors),
           UNIT_TEST(test_virq_binding_rules),
           UNIT_TEST(test_virq_raise),
           UNIT_TEST(test_ipi),
           UNIT_TEST(test_bind_vcpu),
           UNIT_TEST(test_vcpu_info_registration),
           UNIT_TEST(test_events_before_shared_info),
           UNIT_TEST(test_status_permissions_and_errors),
           UNIT_TEST(test_reset),
           UNIT_TEST(test_destroy_with_live_bindings),
           UNIT_TEST(test_dying_domain_refuses_new_ports),
           UNIT_TEST(test_port_limit),
           UNIT_TEST(test_wild_pointers),
           UNIT_TEST(test_unwritable_result_undoes_port),
           UNIT_TEST(test_unknown_and_fifo_ops))
