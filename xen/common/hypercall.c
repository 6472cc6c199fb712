/* The hypercall table. Numbers are Xen's; a hole or an out-of-range
 * number is -ENOSYS, which is what Linux expects for absent calls. */
#include <keel/errno.h>
#include <keel/hypercall.h>
#include <public/xen.h>

static const hypercall_fn hypercall_table[__HYPERVISOR_NR] = {
    [__HYPERVISOR_xen_version] = do_xen_version,
    [__HYPERVISOR_console_io] = do_console_io,
    [__HYPERVISOR_sched_op] = do_sched_op,
};

long hypercall_dispatch(struct vcpu *v, uint64_t nr, const uint64_t *args)
{
    if (nr >= __HYPERVISOR_NR || !hypercall_table[nr])
        return -ENOSYS;
    return hypercall_table[nr](v, args);
}
