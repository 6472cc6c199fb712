/* hvm_op: the parameters through which a guest finds its xenstore and
 * console (page and event channel). Only get_param and set_param exist
 * on arm; the toolstack sets, the guest gets. */
#include <keel/domain.h>
#include <keel/errno.h>
#include <keel/guest_copy.h>
#include <keel/memory.h>

static bool known_param(uint32_t index)
{
    switch (index) {
    case HVM_PARAM_CALLBACK_IRQ:
    case HVM_PARAM_STORE_PFN:
    case HVM_PARAM_STORE_EVTCHN:
    case HVM_PARAM_CONSOLE_PFN:
    case HVM_PARAM_CONSOLE_EVTCHN:
    case HVM_PARAM_MONITOR_RING_PFN:
        return true;
    default:
        return false;
    }
}

long do_hvm_op(struct vcpu *v, const uint64_t *args)
{
    struct xen_hvm_param p;
    struct domain *d;
    int err = 0;

    if (args[0] != HVMOP_get_param && args[0] != HVMOP_set_param)
        return -ENOSYS;
    if (copy_from_guest(v, &p, args[1], sizeof(p)))
        return -EFAULT;
    if (!known_param(p.index))
        return -EINVAL;
    d = hypercall_target(v, p.domid, &err);
    if (!d)
        return err;
    if (args[0] == HVMOP_set_param) {
        if (!v->domain->privileged)
            return -EPERM;
        d->hvm_params[p.index] = p.value;
        return 0;
    }
    p.value = d->hvm_params[p.index];
    return copy_to_guest(v, args[1], &p, sizeof(p));
}
