/* grant_table_op(cmd, uop, count): reads each operation from the guest, runs
 * it, and writes its results back, as Xen does.
 *
 * Where Xen splits a long batch into continuations, we cap a batch at
 * GRANT_MAX_BATCH operations and refuse larger ones with -EINVAL: Linux's
 * arm users (blkback, netback, xenbus, gntdev for the toolstack) issue far
 * fewer at a time. Operations that arm Linux never uses (transfer,
 * swap_grant_ref, unmap_and_replace, dump_table) are -ENOSYS. */
#include <keel/domain.h>
#include <keel/errno.h>
#include <keel/grant_table.h>
#include <keel/guest_copy.h>
#include <keel/lib.h>

union batch_buf {
    struct gnttab_map_grant_ref map;
    struct gnttab_unmap_grant_ref unmap;
    struct gnttab_copy copy;
};

struct batch_op {
    size_t size;                /* of one operation in the guest's array */
    size_t out_off, out_len;    /* what goes back to the guest */
    void (*run)(struct domain *ld, union batch_buf *op);
};

static void run_map(struct domain *ld, union batch_buf *op)
{
    grant_map(ld, &op->map);
}

static void run_unmap(struct domain *ld, union batch_buf *op)
{
    op->unmap.status = grant_unmap(ld, &op->unmap);
}

static void run_copy(struct domain *ld, union batch_buf *op)
{
    op->copy.status = grant_copy(ld, &op->copy);
}

static const struct batch_op map_op = {
    sizeof(struct gnttab_map_grant_ref), 0, sizeof(struct gnttab_map_grant_ref),
    run_map,
};
static const struct batch_op unmap_op = {
    sizeof(struct gnttab_unmap_grant_ref),
    offsetof(struct gnttab_unmap_grant_ref, status), sizeof(int16_t), run_unmap,
};
static const struct batch_op copy_op = {
    sizeof(struct gnttab_copy), offsetof(struct gnttab_copy, status),
    sizeof(int16_t), run_copy,
};

/* Each operation carries its own status, so the hypercall itself fails
 * only on a bad array; those before the fault are done, as on Xen. */
static long run_batch(struct vcpu *v, const struct batch_op *b, gvaddr_t uop,
                      unsigned int count)
{
    union batch_buf op;

    if (count > GRANT_MAX_BATCH)
        return -EINVAL;
    for (unsigned int i = 0; i < count; i++) {
        gvaddr_t at = uop + (gvaddr_t)i * b->size;

        if (copy_from_guest(v, &op, at, b->size))
            return -EFAULT;
        b->run(v->domain, &op);
        if (copy_to_guest(v, at + b->out_off, (char *)&op + b->out_off, b->out_len))
            return -EFAULT;
    }
    return 0;
}

/* The domain a size query or set-up names: the caller's own, or any for
 * the control domain (Xen's XSM_TARGET default). */
static int16_t target(struct domain *ld, domid_t domid, struct domain **d)
{
    *d = grant_domain(ld, domid, true);
    if (!*d)
        return GNTST_bad_domain;
    if (*d != ld && !ld->privileged)
        return GNTST_permission_denied;
    return GNTST_okay;
}

static long query_size(struct vcpu *v, gvaddr_t uop, unsigned int count)
{
    struct gnttab_query_size q;
    struct domain *d;

    if (count != 1)
        return -EINVAL;
    if (copy_from_guest(v, &q, uop, sizeof(q)))
        return -EFAULT;
    q.status = target(v->domain, q.dom, &d);
    if (q.status == GNTST_okay) {
        spin_lock(&d->grant->lock);
        q.nr_frames = d->grant->nr_frames;
        q.max_nr_frames = d->grant->max_frames;
        spin_unlock(&d->grant->lock);
    }
    return copy_to_guest(v, uop, &q, sizeof(q)) ? -EFAULT : 0;
}

static uint64_t frame_gfn(struct grant_table *gt, unsigned int i)
{
    uint64_t gfn;

    spin_lock(&gt->lock);
    gfn = gt->frame_gfn[i];
    spin_unlock(&gt->lock);
    return gfn;
}

/* Auto-translated guests map frames with add_to_physmap; as on Xen for
 * arm, the list gives where each frame is mapped, or ~0 if nowhere. */
static long setup_table(struct vcpu *v, gvaddr_t uop, unsigned int count)
{
    struct gnttab_setup_table s;
    struct domain *d;

    if (count != 1)
        return -EINVAL;
    if (copy_from_guest(v, &s, uop, sizeof(s)))
        return -EFAULT;
    s.status = target(v->domain, s.dom, &d);
    if (s.status == GNTST_okay && grant_table_grow(d->grant, s.nr_frames))
        s.status = GNTST_general_error;
    for (unsigned int i = 0; s.status == GNTST_okay && i < s.nr_frames; i++) {
        uint64_t gfn = frame_gfn(d->grant, i);

        if (copy_to_guest(v, s.frame_list.p + (gvaddr_t)i * sizeof(gfn), &gfn,
                          sizeof(gfn)))
            s.status = GNTST_bad_virt_addr;
    }
    if (copy_to_guest(v, uop + offsetof(struct gnttab_setup_table, status),
                      &s.status, sizeof(s.status)))
        return -EFAULT;
    return 0;
}

/* Version 1 has no status frames: asking for any is an error. */
static long get_status_frames(struct vcpu *v, gvaddr_t uop, unsigned int count)
{
    struct gnttab_get_status_frames s;
    struct domain *d;

    if (count != 1)
        return -EINVAL;
    if (copy_from_guest(v, &s, uop, sizeof(s)))
        return -EFAULT;
    s.status = target(v->domain, s.dom, &d);
    if (s.status == GNTST_okay && s.nr_frames)
        s.status = GNTST_general_error;
    if (copy_to_guest(v, uop + offsetof(struct gnttab_get_status_frames, status),
                      &s.status, sizeof(s.status)))
        return -EFAULT;
    return 0;
}

/* Only version 1 exists here; asking for 2 gets Xen's answer when v2 is
 * disabled (-ENOSYS), and the version in force is written back either way. */
static long set_version(struct vcpu *v, gvaddr_t uop)
{
    struct gnttab_set_version s;
    long rc;

    if (copy_from_guest(v, &s, uop, sizeof(s)))
        return -EFAULT;
    rc = s.version == 1 ? 0 : s.version == 2 ? -ENOSYS : -EINVAL;
    s.version = 1;
    if (copy_to_guest(v, uop, &s, sizeof(s)))
        return -EFAULT;
    return rc;
}

static long get_version(struct vcpu *v, gvaddr_t uop)
{
    struct gnttab_get_version g;
    struct domain *d;

    if (copy_from_guest(v, &g, uop, sizeof(g)))
        return -EFAULT;
    d = grant_domain(v->domain, g.dom, true);
    if (!d)
        return -ESRCH;
    if (d != v->domain && !v->domain->privileged)
        return -EPERM;
    g.version = 1;
    if (copy_to_guest(v, uop + offsetof(struct gnttab_get_version, version),
                      &g.version, sizeof(g.version)))
        return -EFAULT;
    return 0;
}

/* Our machines keep caches coherent for DMA, so there is nothing to clean
 * or invalidate; the arguments are still checked as Xen checks them, and
 * the frame must be the caller's own (direct-mapped) or grant-mapped. */
static long cache_flush_one(struct domain *ld, const struct gnttab_cache_flush *c)
{
    uint64_t addr = c->a.dev_bus_addr;
    paddr_t pa;

    if (c->offset >= PAGE_SIZE || c->length > PAGE_SIZE ||
        c->offset + c->length > PAGE_SIZE ||
        (c->op & ~(GNTTAB_CACHE_CLEAN | GNTTAB_CACHE_INVAL)))
        return -EINVAL;
    if (!c->length || !c->op)
        return 0;
    if (grant_maps_frame(ld, addr))
        return 0;
    if (ld->direct_map && !arch_p2m_lookup(ld, addr >> PAGE_SHIFT, &pa) &&
        pa == ALIGN_DOWN(addr, PAGE_SIZE))
        return 0;
    return -EINVAL;
}

static long cache_flush(struct vcpu *v, gvaddr_t uop, unsigned int count)
{
    struct gnttab_cache_flush c;

    if (count > GRANT_MAX_BATCH)
        return -EINVAL;
    for (unsigned int i = 0; i < count; i++) {
        long rc;

        if (copy_from_guest(v, &c, uop + (gvaddr_t)i * sizeof(c), sizeof(c)))
            return -EFAULT;
        rc = cache_flush_one(v->domain, &c);
        if (rc)
            return rc;
    }
    return 0;
}

long do_grant_table_op(struct vcpu *v, const uint64_t *args)
{
    /* Xen's prototype takes cmd and count as unsigned int. */
    uint32_t cmd = (uint32_t)args[0];
    gvaddr_t uop = args[1];
    uint32_t count = (uint32_t)args[2];

    if ((int32_t)count < 0)
        return -EINVAL;
    /* Continuation state in the high bits is ours to make; only cache_flush
     * carries it on Xen, and we never make any, so it is ignored there. */
    if ((cmd & ~GNTTABOP_CMD_MASK) && (cmd & GNTTABOP_CMD_MASK) != GNTTABOP_cache_flush)
        return -EINVAL;
    switch (cmd & GNTTABOP_CMD_MASK) {
    case GNTTABOP_map_grant_ref:
        return run_batch(v, &map_op, uop, count);
    case GNTTABOP_unmap_grant_ref:
        return run_batch(v, &unmap_op, uop, count);
    case GNTTABOP_copy:
        return run_batch(v, &copy_op, uop, count);
    case GNTTABOP_setup_table:
        return setup_table(v, uop, count);
    case GNTTABOP_query_size:
        return query_size(v, uop, count);
    case GNTTABOP_set_version:
        return set_version(v, uop);
    case GNTTABOP_get_status_frames:
        return get_status_frames(v, uop, count);
    case GNTTABOP_get_version:
        return get_version(v, uop);
    case GNTTABOP_cache_flush:
        return cache_flush(v, uop, count);
    default:
        return -ENOSYS;
    }
}
