/* sched_op: a vCPU gives up its pCPU, or its domain stops. */
#include <keel/domain.h>
#include <keel/errno.h>
#include <keel/guest_copy.h>
#include <keel/hypercall.h>
#include <keel/keel.h>
#include <public/sched.h>
#include <public/xen.h>

static long shutdown_self(struct vcpu *v, gvaddr_t arg)
{
    struct sched_shutdown s;

    if (copy_from_guest(v, &s, arg, sizeof(s)))
        return -EFAULT;
    if (s.reason > SHUTDOWN_MAX)
        return -EINVAL;
    domain_shutdown(v->domain, s.reason, NULL);
    return 0;
}

static long shutdown_remote(struct vcpu *v, gvaddr_t arg)
{
    struct sched_remote_shutdown s;
    struct domain *d;

    if (!v->domain->privileged)
        return -EPERM;
    if (copy_from_guest(v, &s, arg, sizeof(s)))
        return -EFAULT;
    if (s.reason > SHUTDOWN_MAX)
        return -EINVAL;
    d = domain_hold(v->domain->keel, s.domain_id);
    if (!d)
        return -ESRCH;
    domain_shutdown(d, s.reason, NULL);
    return 0;
}

long do_sched_op(struct vcpu *v, const uint64_t *args)
{
    switch (args[0]) {
    case SCHEDOP_yield:
        sched_rotate(&v->domain->keel->sched, v);
        return 0;
    case SCHEDOP_shutdown:
        return shutdown_self(v, args[1]);
    case SCHEDOP_remote_shutdown:
        return shutdown_remote(v, args[1]);
    default:
        return -ENOSYS;
    }
}
