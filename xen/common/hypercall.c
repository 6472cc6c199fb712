/* The hypercall table. Numbers are Xen's; a hole or an out-of-range
 * number is -ENOSYS, which is what Linux expects for absent calls. */
#include <keel/errno.h>
#include <keel/control.h>
#include <keel/event.h>
#include <keel/grant_table.h>
#include <keel/hypercall.h>
#include <keel/keel.h>
#include <keel/memory.h>
#include <public/xen.h>

static const hypercall_fn hypercall_table[__HYPERVISOR_NR] = {
    [__HYPERVISOR_platform_op] = do_platform_op,
    [__HYPERVISOR_memory_op] = do_memory_op,
    [__HYPERVISOR_xen_version] = do_xen_version,
    [__HYPERVISOR_console_io] = do_console_io,
    [__HYPERVISOR_grant_table_op] = do_grant_table_op,
    [__HYPERVISOR_vm_assist] = do_vm_assist,
    [__HYPERVISOR_vcpu_op] = do_vcpu_op,
    [__HYPERVISOR_sched_op] = do_sched_op,
    [__HYPERVISOR_event_channel_op] = do_event_channel_op,
    [__HYPERVISOR_physdev_op] = do_physdev_op,
    [__HYPERVISOR_hvm_op] = do_hvm_op,
    [__HYPERVISOR_sysctl] = do_sysctl,
    [__HYPERVISOR_domctl] = do_domctl,
};

long hypercall_dispatch(struct vcpu *v, uint64_t nr, const uint64_t *args)
{
    long rc;

    if (nr >= __HYPERVISOR_NR || !hypercall_table[nr])
        return -ENOSYS;
    rc = hypercall_table[nr](v, args);
    domain_release_holds(v->domain->keel);
    return rc;
}
