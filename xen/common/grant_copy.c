/* GNTTABOP_copy: copies bytes between two pages, each named either by a
 * grant reference of some domain or by a frame number of the caller,
 * without mapping either into the caller. A granted side is pinned for the
 * length of the copy (read for the source, write for the destination), so
 * its granter sees the grant in use and cannot take the page back midway.
 *
 * Locking: see keel/grant_table.h. */
#include <keel/domain.h>
#include <keel/grant_table.h>
#include <keel/lib.h>

struct copy_side {
    const struct gnttab_copy_ptr *ptr;
    bool by_gref;
    bool readonly;
    struct domain *d;
    struct grant_table *pinned;     /* the table pinned, or NULL */
    paddr_t pa;
};

static int16_t resolve(struct domain *ld, struct copy_side *s)
{
    /* Frames are named by number only in the caller's own memory. */
    if (!s->by_gref && s->ptr->domid != DOMID_SELF)
        return GNTST_permission_denied;
    s->d = grant_domain(ld, s->ptr->domid, true);
    return s->d ? GNTST_okay : GNTST_bad_domain;
}

static int16_t pin(struct domain *ld, struct copy_side *s)
{
    int16_t st;

    if (!s->by_gref)
        return GNTST_okay;
    st = grant_pin(s->d, s->ptr->u.ref, ld->id, s->readonly, &s->pa);
    if (st == GNTST_okay)
        s->pinned = s->d->grant;
    return st;
}

static void unpin(struct domain *ld, struct copy_side *s)
{
    if (s->pinned)
        grant_unpin(s->pinned, s->ptr->u.ref, ld->id, s->readonly);
}

/* A frame of the caller's own: RAM, and not a page it has grant-mapped
 * (which may be read-only, and is not its to hand out). Caller holds ld's
 * maptrack_lock. */
static int16_t own_frame(struct domain *ld, struct copy_side *s)
{
    if (s->by_gref)
        return GNTST_okay;
    if (grant_gfn_mapped(ld->grant, s->ptr->u.gmfn) ||
        arch_p2m_lookup(ld, s->ptr->u.gmfn, &s->pa))
        return GNTST_bad_page;
    return GNTST_okay;
}

static int16_t copy_bytes(struct domain *ld, const struct gnttab_copy *op,
                          struct copy_side *src, struct copy_side *dst)
{
    struct grant_table *lgt = ld->grant;
    int16_t st;

    if (op->source.offset + op->len > PAGE_SIZE ||
        op->dest.offset + op->len > PAGE_SIZE)
        return GNTST_bad_copy_arg;
    /* Held from looking up the caller's frames until the bytes are copied,
     * so that no grant mapping can appear at them or leave them meanwhile. */
    spin_lock(&lgt->maptrack_lock);
    st = own_frame(ld, src);
    if (st == GNTST_okay)
        st = own_frame(ld, dst);
    if (st == GNTST_okay)
        memmove((char *)arch_phys_to_virt(dst->pa) + op->dest.offset,
                (const char *)arch_phys_to_virt(src->pa) + op->source.offset,
                op->len);
    spin_unlock(&lgt->maptrack_lock);
    return st;
}

int16_t grant_copy(struct domain *ld, const struct gnttab_copy *op)
{
    struct copy_side src = {
        .ptr = &op->source,
        .by_gref = op->flags & GNTCOPY_source_gref,
        .readonly = true,
    };
    struct copy_side dst = {
        .ptr = &op->dest,
        .by_gref = op->flags & GNTCOPY_dest_gref,
        .readonly = false,
    };
    int16_t st;

    /* As on Xen, an empty copy succeeds without looking at anything. */
    if (!op->len)
        return GNTST_okay;
    if (!ld->grant)
        return GNTST_general_error;
    st = resolve(ld, &src);
    if (st == GNTST_okay)
        st = resolve(ld, &dst);
    if (st == GNTST_okay)
        st = pin(ld, &src);
    if (st == GNTST_okay)
        st = pin(ld, &dst);
    if (st == GNTST_okay)
        st = copy_bytes(ld, op, &src, &dst);
    unpin(ld, &dst);
    unpin(ld, &src);
    return st;
}
