/* The control domain's powers, tried by a domU: each must be refused with
 * -EPERM and leave no trace (no output written, nothing changed). */
#include "domu.h"

#define SENTINEL_BYTE 0xa5
#define SENTINEL_ERR  0x7eadbeef

static const char console_text[] = "domu-probe: this line must not reach the console\n";

static bool bytes_equal(const void *a, const void *b, size_t n)
{
    const unsigned char *x = a, *y = b;

    for (size_t i = 0; i < n; i++)
        if (x[i] != y[i])
            return false;
    return true;
}

static void check_domctl(struct guest *g)
{
    struct keel_domctl op, before;

    memset(&op, SENTINEL_BYTE, sizeof(op));
    op.cmd = KEEL_DOMCTL_getdomaininfo;
    op.version = KEEL_DOMCTL_VERSION;
    op.domid = 0;
    before = op;
    check_eq(g, "domctl getdomaininfo of dom0 -EPERM",
             hypercall(__HYPERVISOR_domctl, VA(&op), 0, 0, 0, 0), -XEN_EPERM);
    check_true(g, "domctl refused leaves its buffer alone",
               bytes_equal(&op, &before, sizeof(op)), "domctl struct was written");
}

static void check_sysctl(struct guest *g)
{
    struct keel_sysctl op, before;

    memset(&op, SENTINEL_BYTE, sizeof(op));
    op.cmd = KEEL_SYSCTL_physinfo;
    op.version = KEEL_SYSCTL_VERSION;
    before = op;
    check_eq(g, "sysctl physinfo -EPERM",
             hypercall(__HYPERVISOR_sysctl, VA(&op), 0, 0, 0, 0), -XEN_EPERM);
    check_true(g, "sysctl refused leaves its buffer alone",
               bytes_equal(&op, &before, sizeof(op)), "sysctl struct was written");
}

/* privcmd's way of mapping another domain's pages: dom0's frame 0x40000
 * at our frame 0x50000. */
static void check_foreign_map(struct guest *g)
{
    uint64_t idx = 0x40000, gpfn = 0x50000;
    int32_t err = SENTINEL_ERR;
    struct xen_add_to_physmap_batch b = {
        .domid = DOMID_SELF, .space = XENMAPSPACE_gmfn_foreign, .size = 1,
        .foreign_domid = 0, .idxs = { VA(&idx) }, .gpfns = { VA(&gpfn) },
        .errs = { VA(&err) },
    };

    check_eq(g, "memory_op add_to_physmap_batch gmfn_foreign of dom0 -EPERM",
             memory_op(XENMEM_add_to_physmap_batch, VA(&b)), -XEN_EPERM);
    check_eq(g, "add_to_physmap_batch refused writes no per-page error", err,
             SENTINEL_ERR);
}

static void check_populate_other(struct guest *g)
{
    uint64_t gfn = 0x50000;
    struct xen_memory_reservation r = {
        .extent_start = { VA(&gfn) }, .nr_extents = 1, .extent_order = 0,
        .domid = 0,
    };

    check_eq(g, "memory_op populate_physmap for dom0 -EPERM",
             memory_op(XENMEM_populate_physmap, VA(&r)), -XEN_EPERM);
}

static void check_evtchn_other(struct guest *g)
{
    struct evtchn_alloc_unbound a = { .dom = 0, .remote_dom = DOMID_SELF,
                                      .port = 0 };

    check_eq(g, "event_channel_op alloc_unbound in dom0 -EPERM",
             event_channel_op(EVTCHNOP_alloc_unbound, VA(&a)), -XEN_EPERM);
}

static void check_remote_shutdown(struct guest *g)
{
    struct sched_remote_shutdown s = { .domain_id = 0, .reason = SHUTDOWN_poweroff };

    check_eq(g, "sched_op remote_shutdown of dom0 -EPERM",
             sched_op(SCHEDOP_remote_shutdown, VA(&s)), -XEN_EPERM);
}

/* The value is never read back here: services.c checks the parameter
 * still holds what dom0 set. */
static void check_set_param(struct guest *g)
{
    struct xen_hvm_param p = { .domid = DOMID_SELF, .index = HVM_PARAM_CONSOLE_PFN,
                               .value = 0x12345 };

    check_eq(g, "hvm_op set_param of our own CONSOLE_PFN -EPERM",
             hvm_op(HVMOP_set_param, VA(&p)), -XEN_EPERM);
}

void check_privilege(struct guest *g)
{
    check_eq(g, "console_io write -EPERM",
             console_io(CONSOLEIO_write, sizeof(console_text) - 1, VA(console_text)),
             -XEN_EPERM);
    check_domctl(g);
    check_sysctl(g);
    check_foreign_map(g);
    check_populate_other(g);
    check_evtchn_other(g);
    check_remote_shutdown(g);
    check_set_param(g);
}
