/* memory_op: ballooning (decrease/populate), placing the shared_info page
 * and grant frames in a guest's physmap, and mapping other domains' pages
 * for the control domain (privcmd). A domain's RAM frames stay its own
 * when ballooned out: decrease unmaps a frame, populate maps it back. */
#include <keel/domain.h>
#include <keel/errno.h>
#include <keel/event.h>
#include <keel/foreign.h>
#include <keel/grant_table.h>
#include <keel/guest_copy.h>
#include <keel/keel.h>
#include <keel/lib.h>
#include <keel/memory.h>
#include <public/memory.h>

#define BATCH_MAX 1024
#define EXTENT_ORDER_MAX 9

struct domain *hypercall_target(struct vcpu *v, uint16_t domid, int *err)
{
    struct domain *d;

    if (domid == DOMID_SELF || domid == v->domain->id)
        return v->domain;
    if (!v->domain->privileged) {
        *err = -EPERM;
        return NULL;
    }
    d = domain_hold(v->domain->keel, domid);
    if (!d)
        *err = -ESRCH;
    return d;
}

/* A direct-mapped domain only maps its own frames back; others are held
 * to their maximum. */
static int populate_extent(struct domain *d, uint64_t gfn, unsigned int order)
{
    if (!d->direct_map && d->tot_pages + (1ULL << order) > d->max_pages)
        return -ENOMEM;
    return arch_populate(d, gfn, order);
}

/* Decrease takes single pages back, however they were populated. */
static int release_extent(struct domain *d, uint64_t gfn, unsigned int order)
{
    for (uint64_t i = 0; i < (1ULL << order); i++) {
        int rc = arch_release(d, gfn + i);

        if (rc)
            return rc;
    }
    return 0;
}

/* Returns how many extents were done: the caller sees a short count on
 * the first failure, as Xen reports it. */
static long reservation(struct vcpu *v, gvaddr_t arg, bool populate)
{
    struct xen_memory_reservation r;
    struct domain *d;
    int err = 0;
    uint64_t done;

    if (copy_from_guest(v, &r, arg, sizeof(r)))
        return -EFAULT;
    d = hypercall_target(v, r.domid, &err);
    if (!d)
        return err;
    if (r.extent_order > EXTENT_ORDER_MAX)
        return -EINVAL;
    for (done = 0; done < r.nr_extents; done++) {
        uint64_t gfn;

        if (copy_from_guest(v, &gfn, r.extent_start.p + done * 8, 8))
            return done ? (long)done : -EFAULT;
        if (populate ? populate_extent(d, gfn, r.extent_order)
                     : release_extent(d, gfn, r.extent_order))
            break;
    }
    return (long)done;
}

static int map_shared_info(struct domain *d, uint64_t idx, uint64_t gpfn)
{
    int rc;

    if (idx != 0 || !d->shared_info)
        return -EINVAL;
    if (d->shared_info_gfn != ~0ULL && d->shared_info_gfn != gpfn)
        arch_p2m_unmap_page(d, d->shared_info_gfn);
    rc = arch_p2m_map_page(d, gpfn, d->shared_info_pa, false);
    if (rc)
        return rc;
    d->shared_info_gfn = gpfn;
    evtchn_shared_info_ready(d);
    return 0;
}

/* Maps grant frame idx at gpfn, dropping the alias it had elsewhere. */
static int map_grant_frame(struct domain *d, uint64_t idx, uint64_t gpfn)
{
    uint64_t old_gfn;
    paddr_t pa;
    int rc;

    if (idx > UINT32_MAX || (idx & XENMAPIDX_grant_table_status))
        return -EINVAL;
    rc = grant_table_frame(d, (unsigned int)idx, &pa);
    if (!rc)
        rc = arch_p2m_map_page(d, gpfn, pa, false);
    if (rc)
        return rc;
    rc = grant_table_set_frame_gfn(d, (unsigned int)idx, gpfn, &old_gfn);
    if (!rc && old_gfn != GRANT_GFN_NONE && old_gfn != gpfn)
        arch_p2m_unmap_page(d, old_gfn);
    return rc;
}

static long add_to_physmap(struct vcpu *v, gvaddr_t arg)
{
    struct xen_add_to_physmap x;
    struct domain *d;
    int err = 0;

    if (copy_from_guest(v, &x, arg, sizeof(x)))
        return -EFAULT;
    d = hypercall_target(v, x.domid, &err);
    if (!d)
        return err;
    switch (x.space) {
    case XENMAPSPACE_shared_info:
        return map_shared_info(d, x.idx, x.gpfn);
    case XENMAPSPACE_grant_table:
        return map_grant_frame(d, x.idx, x.gpfn);
    default:
        return -EOPNOTSUPP;
    }
}

/* privcmd's foreign mappings: each entry maps foreign gfn idxs[i] of
 * foreign_domid at local gfn gpfns[i], with its own error. */
static int map_foreign_one(struct domain *d, struct domain *fd, uint64_t idx,
                           uint64_t gpfn)
{
    paddr_t pa;
    int rc = arch_p2m_lookup(fd, idx, &pa);

    if (rc)
        return rc == -ENOENT ? -ENOENT : -EINVAL;
    rc = foreign_track(d, gpfn, fd);
    if (rc)
        return rc;
    rc = arch_p2m_map_page(d, gpfn, pa, false);
    if (rc)
        foreign_untrack(d, gpfn);
    return rc;
}

static long add_to_physmap_batch(struct vcpu *v, gvaddr_t arg)
{
    struct xen_add_to_physmap_batch b;
    struct domain *d, *fd;
    int err = 0;

    if (copy_from_guest(v, &b, arg, sizeof(b)))
        return -EFAULT;
    d = hypercall_target(v, b.domid, &err);
    if (!d)
        return err;
    if (b.space != XENMAPSPACE_gmfn_foreign)
        return -EOPNOTSUPP;
    if (!v->domain->privileged)
        return -EPERM;
    fd = domain_hold(v->domain->keel, b.foreign_domid);
    if (!fd)
        return -ESRCH;
    if (b.size > BATCH_MAX)
        return -EINVAL;
    for (uint16_t i = 0; i < b.size; i++) {
        uint64_t idx, gpfn;
        int32_t rc;

        if (copy_from_guest(v, &idx, b.idxs.p + i * 8ULL, 8) ||
            copy_from_guest(v, &gpfn, b.gpfns.p + i * 8ULL, 8))
            return -EFAULT;
        rc = map_foreign_one(d, fd, idx, gpfn);
        if (copy_to_guest(v, b.errs.p + i * 4ULL, &rc, 4))
            return -EFAULT;
    }
    return 0;
}

static long remove_from_physmap(struct vcpu *v, gvaddr_t arg)
{
    struct xen_remove_from_physmap x;
    struct domain *d;
    int err = 0;
    long rc;

    if (copy_from_guest(v, &x, arg, sizeof(x)))
        return -EFAULT;
    d = hypercall_target(v, x.domid, &err);
    if (!d)
        return err;
    if (x.gpfn == d->shared_info_gfn)
        d->shared_info_gfn = ~0ULL;
    rc = arch_p2m_unmap_page(d, x.gpfn);
    foreign_untrack(d, x.gpfn);
    return rc;
}

long do_memory_op(struct vcpu *v, const uint64_t *args)
{
    gvaddr_t arg = args[1];

    switch (args[0]) {
    case XENMEM_decrease_reservation:
        return reservation(v, arg, false);
    case XENMEM_populate_physmap:
    case XENMEM_increase_reservation:
        return reservation(v, arg, true);
    case XENMEM_add_to_physmap:
        return add_to_physmap(v, arg);
    case XENMEM_add_to_physmap_batch:
        return add_to_physmap_batch(v, arg);
    case XENMEM_remove_from_physmap:
        return remove_from_physmap(v, arg);
    case XENMEM_acquire_resource:
        return acquire_resource(v, arg);
    default:
        return -ENOSYS;
    }
}
