/* sysctl: what the toolstack asks of the whole machine (xl info, xl list,
 * xl dmesg). Control domain only. */
#include <keel/control.h>
#include <keel/domain.h>
#include <keel/errno.h>
#include <keel/guest_copy.h>
#include <keel/keel.h>
#include <keel/lib.h>
#include <keel/printk.h>
#include <public/version.h>

#define READCONSOLE_CHUNK 256

static long physinfo(struct keel *k, struct keel_sysctl_physinfo *p)
{
    memset(p, 0, sizeof(*p));
    p->nr_cpus = k->sched.nr_cpus;
    p->total_pages = k->total_pages;
    p->free_pages = page_pool_free_pages(&k->pool);
    p->cpu_khz = arch_counter_khz();
    p->xen_major = KEEL_XEN_MAJOR;
    p->xen_minor = KEEL_XEN_MINOR;
    return 0;
}

/* Copies domain summaries out one at a time, never holding the list lock
 * across a guest copy (which may fault). */
static long domaininfolist(struct vcpu *v, struct keel_sysctl_getdomaininfolist *l)
{
    struct keel *k = v->domain->keel;
    uint32_t n = 0;

    for (uint32_t id = l->first_domain; id <= k->max_domid && n < l->max_domains; id++) {
        struct keel_domaininfo info;
        struct domain *d = domain_get(k, (uint16_t)id);

        if (!d)
            continue;
        domain_fill_info(d, &info);
        domain_put(d);
        if (copy_to_guest(v, l->buffer + n * sizeof(info), &info, sizeof(info)))
            return -EFAULT;
        n++;
    }
    l->num_domains = n;
    return 0;
}

static long readconsole(struct vcpu *v, struct keel_sysctl_readconsole *r)
{
    char chunk[READCONSOLE_CHUNK];
    uint32_t done = 0;

    while (done < r->count) {
        size_t n = console_log_read(chunk, MIN(sizeof(chunk), (size_t)(r->count - done)),
                                    &r->index);

        if (!n)
            break;
        if (copy_to_guest(v, r->buffer + done, chunk, n))
            return -EFAULT;
        done += (uint32_t)n;
    }
    r->count = done;
    return 0;
}

long do_sysctl(struct vcpu *v, const uint64_t *args)
{
    struct keel_sysctl op;
    long rc;

    if (!v->domain->privileged)
        return -EPERM;
    if (copy_from_guest(v, &op, args[0], sizeof(op)))
        return -EFAULT;
    if (op.version != KEEL_SYSCTL_VERSION)
        return -EACCES;
    switch (op.cmd) {
    case KEEL_SYSCTL_physinfo:
        rc = physinfo(v->domain->keel, &op.u.physinfo);
        break;
    case KEEL_SYSCTL_getdomaininfolist:
        rc = domaininfolist(v, &op.u.domaininfolist);
        break;
    case KEEL_SYSCTL_readconsole:
        rc = readconsole(v, &op.u.readconsole);
        break;
    default:
        return -ENOSYS;
    }
    if (rc == 0 && copy_to_guest(v, args[0], &op, sizeof(op)))
        return -EFAULT;
    return rc;
}
