/* domctl: the toolstack builds, runs and ends domains. Only the control
 * domain may call it; the target is held (domain_get) for the call, so a
 * domain shutting down meanwhile cannot be freed under it. */
#include <keel/control.h>
#include <keel/domain.h>
#include <keel/errno.h>
#include <keel/event.h>
#include <keel/grant_table.h>
#include <keel/guest_copy.h>
#include <keel/keel.h>
#include <keel/lib.h>
#include <keel/printk.h>
#include <public/grant_table.h>
#include <public/hvm_params.h>
#include <public/sched.h>

#define SCHED_WEIGHT_DEFAULT 256

static long create(struct keel *k, struct keel_domctl *op)
{
    const struct keel_domctl_createdomain *c = &op->u.createdomain;
    uint16_t id = op->domid ? op->domid : domain_free_id(k);
    struct domain *d;

    if (c->flags || !c->max_vcpus || c->max_vcpus > DOMAIN_MAX_VCPUS || !c->max_mem_kb)
        return -EINVAL;
    if (!id || id >= DOMID_FIRST_RESERVED)
        return -ENOSPC;
    d = domain_create(k, id, c->max_vcpus, false);
    if (!d)
        return domain_find(k, id) ? -EEXIST : -ENOMEM;
    /* Paused until the toolstack has built it. */
    d->pause_count = 1;
    d->max_pages = c->max_mem_kb / 4;
    d->sched_weight = SCHED_WEIGHT_DEFAULT;
    memcpy(d->handle, c->handle, sizeof(d->handle));
    if (arch_domain_setup_guest(d)) {
        domain_destroy_request(d);
        return -ENOMEM;
    }
    op->domid = id;
    printk("d%u: created by the toolstack (%u vCPU(s), %lu KiB)\n", id,
           c->max_vcpus, c->max_mem_kb);
    return 0;
}

static long set_vcpu_context(struct domain *d, struct keel_domctl_vcpu_context *c)
{
    struct vcpu *v;

    if (c->vcpu >= d->nr_vcpus)
        return -ENOENT;
    v = d->vcpus[c->vcpu];
    if (v->state != VCPU_DOWN || d->state != DOMAIN_RUNNING)
        return -EBUSY;
    arch_vcpu_set_boot(v, c->pc, c->x0, c->x1, c->spsr);
    if (c->online)
        sched_start(&d->keel->sched, v);
    return 0;
}

static long get_vcpu_context(struct domain *d, struct keel_domctl_vcpu_context *c)
{
    struct vcpu *v;

    if (c->vcpu >= d->nr_vcpus)
        return -ENOENT;
    v = d->vcpus[c->vcpu];
    c->online = v->state != VCPU_DOWN;
    arch_vcpu_get_boot(v, &c->pc, &c->x0, &c->x1, &c->spsr);
    return 0;
}

uint64_t vcpu_cpu_time(const struct vcpu *v);

static long vcpu_info(struct domain *d, struct keel_domctl_vcpu_info *i)
{
    struct vcpu *v;

    if (i->vcpu >= d->nr_vcpus)
        return -ENOENT;
    v = d->vcpus[i->vcpu];
    i->online = v->state != VCPU_DOWN;
    i->blocked = v->state == VCPU_BLOCKED;
    i->running = v->loaded;
    i->cpu = v->pcpu;
    i->cpu_time_ns = vcpu_cpu_time(v);
    return 0;
}

static long scheduler(struct domain *d, struct keel_domctl_scheduler_op *s)
{
    if (s->cmd == KEEL_SCHED_get) {
        s->weight = d->sched_weight;
        s->cap = d->sched_cap;
        return 0;
    }
    if (s->cmd != KEEL_SCHED_set || !s->weight || s->weight > 65535 || s->cap > 100 * DOMAIN_MAX_VCPUS)
        return -EINVAL;
    d->sched_weight = s->weight;
    d->sched_cap = s->cap;
    return 0;
}

/* Grant entries 0 and 1 let the console and xenstore daemons map a new
 * guest's rings before the guest has run. */
static long seed_grants(struct domain *d, const struct keel_domctl_seed_grants *g)
{
    struct grant_entry_v1 *e;
    paddr_t pa;
    int rc = grant_table_frame(d, 0, &pa);

    if (rc)
        return rc;
    e = arch_phys_to_virt(pa);
    e[GNTTAB_RESERVED_CONSOLE] = (struct grant_entry_v1){
        .flags = GTF_permit_access, .domid = g->console_domid,
        .frame = (uint32_t)g->console_gfn };
    e[GNTTAB_RESERVED_XENSTORE] = (struct grant_entry_v1){
        .flags = GTF_permit_access, .domid = g->xenstore_domid,
        .frame = (uint32_t)g->xenstore_gfn };
    return 0;
}

static long on_domain(struct vcpu *caller, struct domain *d, struct keel_domctl *op)
{
    switch (op->cmd) {
    case KEEL_DOMCTL_destroydomain:
        if (d == caller->domain || d->id == 0)
            return -EINVAL;
        domain_destroy_request(d);
        return 0;
    case KEEL_DOMCTL_pausedomain:
        if (d == caller->domain)
            return -EINVAL;
        domain_pause(d);
        return 0;
    case KEEL_DOMCTL_unpausedomain:
        domain_unpause(d);
        return 0;
    case KEEL_DOMCTL_getdomaininfo:
        domain_fill_info(d, &op->u.info);
        return 0;
    case KEEL_DOMCTL_max_mem:
        d->max_pages = op->u.max_mem.max_mem_kb / 4;
        return 0;
    case KEEL_DOMCTL_setvcpucontext:
        return set_vcpu_context(d, &op->u.vcpu_context);
    case KEEL_DOMCTL_getvcpucontext:
        return get_vcpu_context(d, &op->u.vcpu_context);
    case KEEL_DOMCTL_getvcpuinfo:
        return vcpu_info(d, &op->u.vcpu_info);
    case KEEL_DOMCTL_scheduler_op:
        return scheduler(d, &op->u.scheduler);
    case KEEL_DOMCTL_set_hvm_param:
        if (op->u.hvm_param.index >= HVM_NR_PARAMS)
            return -EINVAL;
        d->hvm_params[op->u.hvm_param.index] = op->u.hvm_param.value;
        return 0;
    case KEEL_DOMCTL_seed_grants:
        return seed_grants(d, &op->u.seed_grants);
    case KEEL_DOMCTL_alloc_evtchn:
        return evtchn_alloc_unbound_port(d, op->u.alloc_evtchn.remote_domid,
                                         &op->u.alloc_evtchn.port);
    case KEEL_DOMCTL_shutdown:
        if (op->u.shutdown.reason > SHUTDOWN_MAX)
            return -EINVAL;
        domain_shutdown(d, op->u.shutdown.reason, "asked by the toolstack");
        return 0;
    default:
        return -ENOSYS;
    }
}

long do_domctl(struct vcpu *v, const uint64_t *args)
{
    struct keel *k = v->domain->keel;
    struct keel_domctl op;
    struct domain *d;
    long rc;

    if (!v->domain->privileged)
        return -EPERM;
    if (copy_from_guest(v, &op, args[0], sizeof(op)))
        return -EFAULT;
    if (op.version != KEEL_DOMCTL_VERSION)
        return -EACCES;
    if (op.cmd == KEEL_DOMCTL_createdomain) {
        rc = create(k, &op);
    } else {
        d = domain_get(k, op.domid == DOMID_SELF ? v->domain->id : op.domid);
        if (!d)
            return -ESRCH;
        rc = on_domain(v, d, &op);
        domain_put(d);
    }
    if (rc == 0 && copy_to_guest(v, args[0], &op, sizeof(op)))
        return -EFAULT;
    return rc;
}
