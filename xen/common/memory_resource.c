/* XENMEM_acquire_resource: the control domain maps another domain's grant
 * table frames (how toolstacks reach a guest's console and xenstore
 * grants). The caller names, for each frame, the local guest frame to map
 * it at, as an auto-translated guest must. */
#include <keel/domain.h>
#include <keel/errno.h>
#include <keel/foreign.h>
#include <keel/grant_table.h>
#include <keel/guest_copy.h>
#include <keel/memory.h>
#include <public/memory.h>

#define RESOURCE_FRAMES_MAX 64

static long query_size(struct vcpu *v, gvaddr_t arg, struct xen_mem_acquire_resource *r)
{
    r->nr_frames = RESOURCE_FRAMES_MAX;
    return copy_to_guest(v, arg, r, sizeof(*r));
}

long acquire_resource(struct vcpu *v, gvaddr_t arg)
{
    struct xen_mem_acquire_resource r;
    struct domain *d;
    int err = 0;

    if (copy_from_guest(v, &r, arg, sizeof(r)))
        return -EFAULT;
    d = hypercall_target(v, r.domid, &err);
    if (!d)
        return err;
    if (r.type != XENMEM_resource_grant_table)
        return -EOPNOTSUPP;
    if (r.id != XENMEM_resource_grant_table_id_shared || r.flags)
        return -EINVAL;
    if (!r.frame_list.p && !r.nr_frames)
        return query_size(v, arg, &r);
    if (r.nr_frames > RESOURCE_FRAMES_MAX || r.frame + r.nr_frames > RESOURCE_FRAMES_MAX)
        return -EINVAL;
    for (uint32_t i = 0; i < r.nr_frames; i++) {
        uint64_t gfn;
        paddr_t pa;
        int rc;

        if (copy_from_guest(v, &gfn, r.frame_list.p + i * 8ULL, 8))
            return -EFAULT;
        rc = grant_table_frame(d, (unsigned int)(r.frame + i), &pa);
        if (!rc && d != v->domain)
            rc = foreign_track(v->domain, gfn, d);
        if (!rc)
            rc = arch_p2m_map_page(v->domain, gfn, pa, false);
        if (rc)
            return rc;
    }
    return 0;
}
