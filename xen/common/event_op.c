/* event_channel_op: copies each op's struct in, decides which domain it
 * acts on and whether the caller may, runs it and copies the result out.
 * A result the guest cannot receive undoes the port it would have named,
 * so a bad pointer never leaks a port. */
#include <keel/domain.h>
#include <keel/errno.h>
#include <keel/event.h>
#include <keel/guest_copy.h>
#include <keel/keel.h>

static int find_domain(struct domain *self, domid_t dom, struct domain **d)
{
    *d = domain_hold(self->keel, dom);
    if (!*d || !(*d)->evtchn)
        return -ESRCH;
    return 0;
}

/* DOMID_SELF or the caller's own id name the caller; another domain only
 * a privileged caller may name (dom0 acting for a guest). */
static int target_domain(struct vcpu *v, domid_t dom, struct domain **d)
{
    struct domain *self = v->domain;

    if (dom == DOMID_SELF || dom == self->id) {
        *d = self;
        return 0;
    }
    if (!self->privileged)
        return -EPERM;
    return find_domain(self, dom, d);
}

static long reply(struct vcpu *v, gvaddr_t arg, const void *op, size_t len,
                  struct domain *d, uint32_t port)
{
    if (!copy_to_guest(v, arg, op, len))
        return 0;
    (void)evtchn_close(d, port);
    return -EFAULT;
}

static long op_alloc_unbound(struct vcpu *v, gvaddr_t arg)
{
    struct evtchn_alloc_unbound op;
    struct domain *d;
    int rc;

    if (copy_from_guest(v, &op, arg, sizeof(op)))
        return -EFAULT;
    rc = target_domain(v, op.dom, &d);
    if (!rc)
        rc = evtchn_alloc_unbound_port(d, op.remote_dom == DOMID_SELF
                                              ? v->domain->id : op.remote_dom,
                                       &op.port);
    if (rc)
        return rc;
    return reply(v, arg, &op, sizeof(op), d, op.port);
}

static long op_bind_interdomain(struct vcpu *v, gvaddr_t arg)
{
    struct evtchn_bind_interdomain op;
    struct domain *rd = v->domain;
    int rc = 0;

    if (copy_from_guest(v, &op, arg, sizeof(op)))
        return -EFAULT;
    if (op.remote_dom != DOMID_SELF && op.remote_dom != rd->id)
        rc = find_domain(v->domain, op.remote_dom, &rd);
    if (!rc)
        rc = evtchn_bind_interdomain(v->domain, rd, op.remote_port,
                                     &op.local_port);
    if (rc)
        return rc;
    return reply(v, arg, &op, sizeof(op), v->domain, op.local_port);
}

static long op_bind_virq(struct vcpu *v, gvaddr_t arg)
{
    struct evtchn_bind_virq op;
    int rc;

    if (copy_from_guest(v, &op, arg, sizeof(op)))
        return -EFAULT;
    rc = evtchn_bind_virq(v->domain, op.virq, op.vcpu, &op.port);
    if (rc)
        return rc;
    return reply(v, arg, &op, sizeof(op), v->domain, op.port);
}

static long op_bind_ipi(struct vcpu *v, gvaddr_t arg)
{
    struct evtchn_bind_ipi op;
    int rc;

    if (copy_from_guest(v, &op, arg, sizeof(op)))
        return -EFAULT;
    rc = evtchn_bind_ipi(v->domain, op.vcpu, &op.port);
    if (rc)
        return rc;
    return reply(v, arg, &op, sizeof(op), v->domain, op.port);
}

/* No physical IRQs are routed to guests on arm: every pirq is out of
 * range, as on Xen. */
static long op_bind_pirq(struct vcpu *v, gvaddr_t arg)
{
    struct evtchn_bind_pirq op;

    if (copy_from_guest(v, &op, arg, sizeof(op)))
        return -EFAULT;
    return -EINVAL;
}

static long op_status(struct vcpu *v, gvaddr_t arg)
{
    struct evtchn_status op;
    struct domain *d;
    int rc;

    if (copy_from_guest(v, &op, arg, sizeof(op)))
        return -EFAULT;
    rc = target_domain(v, op.dom, &d);
    if (!rc)
        rc = evtchn_status(d, op.port, &op);
    if (rc)
        return rc;
    return copy_to_guest(v, arg, &op, sizeof(op)) ? -EFAULT : 0;
}

static long op_bind_vcpu(struct vcpu *v, gvaddr_t arg)
{
    struct evtchn_bind_vcpu op;

    if (copy_from_guest(v, &op, arg, sizeof(op)))
        return -EFAULT;
    return evtchn_bind_vcpu(v->domain, op.port, op.vcpu);
}

static long op_reset(struct vcpu *v, gvaddr_t arg)
{
    struct evtchn_reset op;
    struct domain *d;
    int rc;

    if (copy_from_guest(v, &op, arg, sizeof(op)))
        return -EFAULT;
    rc = target_domain(v, op.dom, &d);
    return rc ? rc : evtchn_reset(d);
}

/* close, send and unmask carry nothing but a port of the caller's. */
static long op_port(struct vcpu *v, gvaddr_t arg,
                    int (*fn)(struct domain *d, uint32_t port))
{
    evtchn_port_t port;

    if (copy_from_guest(v, &port, arg, sizeof(port)))
        return -EFAULT;
    return fn(v->domain, port);
}

/* The command is a C int in the guest's prototype: the upper half of x0
 * is whatever the guest's compiler left there. */
long do_event_channel_op(struct vcpu *v, const uint64_t *args)
{
    gvaddr_t arg = args[1];

    if (!v->domain->evtchn)
        return -ENOSYS;
    switch ((uint32_t)args[0]) {
    case EVTCHNOP_alloc_unbound:
        return op_alloc_unbound(v, arg);
    case EVTCHNOP_bind_interdomain:
        return op_bind_interdomain(v, arg);
    case EVTCHNOP_bind_virq:
        return op_bind_virq(v, arg);
    case EVTCHNOP_bind_ipi:
        return op_bind_ipi(v, arg);
    case EVTCHNOP_bind_pirq:
        return op_bind_pirq(v, arg);
    case EVTCHNOP_close:
        return op_port(v, arg, evtchn_close);
    case EVTCHNOP_send:
        return op_port(v, arg, evtchn_send);
    case EVTCHNOP_unmask:
        return op_port(v, arg, evtchn_unmask);
    case EVTCHNOP_status:
        return op_status(v, arg);
    case EVTCHNOP_bind_vcpu:
        return op_bind_vcpu(v, arg);
    case EVTCHNOP_reset:
    case EVTCHNOP_reset_cont:
        return op_reset(v, arg);
    default:
        /* Including the FIFO ABI's init_control, expand_array and
         * set_priority: Linux falls back to 2-level on any error. */
        return -ENOSYS;
    }
}
