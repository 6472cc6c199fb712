/* The fake hypervisor's domctl, accepting and refusing what
 * xen/common/domctl.c does. */
#define _GNU_SOURCE
#include <errno.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include <public/sched.h>
#include <public/xen.h>
#include "hypercall_fake_internal.h"

static long create(struct lc_fake *f, struct keel_domctl *op)
{
    const struct keel_domctl_createdomain *c = &op->u.createdomain;
    uint16_t id = op->domid;
    struct lc_fake_domain *d;

    if (c->flags || !c->max_vcpus || c->max_vcpus > LC_FAKE_MAX_VCPUS || !c->max_mem_kb)
        return -EINVAL;
    for (uint16_t i = 1; !id && i < LC_FAKE_MAX_DOMAINS; i++)
        if (!f->doms[i].exists)
            id = i;
    if (!id || id >= LC_FAKE_MAX_DOMAINS)
        return -ENOSPC;
    if (f->doms[id].exists)
        return -EEXIST;
    d = &f->doms[id];
    d->memfd = memfd_create("lc-fake-guest", MFD_CLOEXEC);
    if (d->memfd < 0)
        return -errno;
    d->exists = true;
    d->id = id;
    d->max_vcpus = c->max_vcpus;
    d->pause_count = 1;
    d->max_pages = c->max_mem_kb / 4;
    d->weight = 256;
    memcpy(d->handle, c->handle, sizeof(d->handle));
    for (uint32_t i = 0; i < c->max_vcpus; i++)
        d->vcpu[i].vcpu = i;
    op->domid = id;
    return 0;
}

static void fill_info(struct lc_fake *f, struct lc_fake_domain *d,
                      struct keel_domaininfo *i)
{
    memset(i, 0, sizeof(*i));
    i->domid = d->id;
    for (uint32_t v = 0; v < d->max_vcpus; v++)
        i->online_vcpus += d->vcpu[v].online;
    i->flags = (d->pause_count ? KEEL_DOMINF_paused : KEEL_DOMINF_blocked) |
               (d->shut_down ? KEEL_DOMINF_shutdown : 0) |
               (d->dying_polls ? KEEL_DOMINF_dying : 0) |
               (d->id == 0 ? KEEL_DOMINF_privileged : 0);
    i->shutdown_reason = d->shutdown_reason;
    i->nr_vcpus = d->max_vcpus;
    i->tot_pages = d->tot_pages;
    i->max_pages = d->max_pages;
    i->cpu_time_ns = 1000000ULL * d->id;
    memcpy(i->handle, d->handle, sizeof(i->handle));
    /* A dying domain goes after it has been looked at enough times. */
    if (d->dying_polls && d->dying_polls != UINT32_MAX && !--d->dying_polls)
        hcf_domain_free(d);
    (void)f;
}

static long destroy(struct lc_fake *f, struct lc_fake_domain *d)
{
    if (d->id == 0)
        return -EINVAL;
    if (f->dying_polls)
        d->dying_polls = f->dying_polls;
    else
        hcf_domain_free(d);
    return 0;
}

static long set_vcpu(struct lc_fake_domain *d, const struct keel_domctl_vcpu_context *c)
{
    if (c->vcpu >= d->max_vcpus)
        return -ENOENT;
    if (d->vcpu[c->vcpu].online || d->shut_down)
        return -EBUSY;
    d->vcpu[c->vcpu] = *c;
    return 0;
}

static long vcpu_info(struct lc_fake_domain *d, struct keel_domctl_vcpu_info *i)
{
    if (i->vcpu >= d->max_vcpus)
        return -ENOENT;
    i->online = d->vcpu[i->vcpu].online;
    i->blocked = i->online && !d->pause_count;
    i->running = 0;
    i->cpu = i->vcpu % 2;
    i->cpu_time_ns = 0;
    return 0;
}

static long scheduler(struct lc_fake_domain *d, struct keel_domctl_scheduler_op *s)
{
    if (s->cmd == KEEL_SCHED_get) {
        s->weight = d->weight;
        s->cap = d->cap;
        return 0;
    }
    if (s->cmd != KEEL_SCHED_set || !s->weight || s->weight > 65535 ||
        s->cap > 100 * LC_FAKE_MAX_VCPUS)
        return -EINVAL;
    d->weight = s->weight;
    d->cap = s->cap;
    return 0;
}

static long alloc_evtchn(struct lc_fake_domain *d, struct keel_domctl_alloc_evtchn *a)
{
    if (d->nr_ports >= LC_FAKE_MAX_PORTS)
        return -ENOSPC;
    d->port_remote[++d->nr_ports] = a->remote_domid;
    a->port = d->nr_ports;
    return 0;
}

static long on_domain(struct lc_fake *f, struct lc_fake_domain *d, struct keel_domctl *op)
{
    switch (op->cmd) {
    case KEEL_DOMCTL_destroydomain:
        return destroy(f, d);
    case KEEL_DOMCTL_pausedomain:
        if (d->id == 0)
            return -EINVAL;
        d->pause_count++;
        return 0;
    case KEEL_DOMCTL_unpausedomain:
        if (d->pause_count)
            d->pause_count--;
        return 0;
    case KEEL_DOMCTL_getdomaininfo:
        fill_info(f, d, &op->u.info);
        return 0;
    case KEEL_DOMCTL_max_mem:
        d->max_pages = op->u.max_mem.max_mem_kb / 4;
        return 0;
    case KEEL_DOMCTL_setvcpucontext:
        return set_vcpu(d, &op->u.vcpu_context);
    case KEEL_DOMCTL_getvcpucontext:
        if (op->u.vcpu_context.vcpu >= d->max_vcpus)
            return -ENOENT;
        op->u.vcpu_context = d->vcpu[op->u.vcpu_context.vcpu];
        return 0;
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
        d->grants = op->u.seed_grants;
        d->grants_seeded = true;
        return 0;
    case KEEL_DOMCTL_alloc_evtchn:
        return alloc_evtchn(d, &op->u.alloc_evtchn);
    case KEEL_DOMCTL_shutdown:
        if (op->u.shutdown.reason > SHUTDOWN_MAX)
            return -EINVAL;
        d->shut_down = true;
        d->shutdown_reason = op->u.shutdown.reason;
        return 0;
    default:
        return -ENOSYS;
    }
}

long hcf_domctl(struct lc_fake *f, struct keel_domctl *op)
{
    struct lc_fake_domain *d;

    if (op->version != KEEL_DOMCTL_VERSION)
        return -EACCES;
    if (op->cmd == KEEL_DOMCTL_createdomain)
        return create(f, op);
    d = hcf_find(f, op->domid == DOMID_SELF ? 0 : op->domid);
    if (!d)
        return -ESRCH;
    return on_domain(f, d, op);
}
