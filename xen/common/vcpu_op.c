/* vcpu_op: where a vCPU's vcpu_info lives, and the runstate area the
 * guest reads its steal time from. Everything else is x86's: -EINVAL, as
 * Xen answers on arm. */
#include <keel/domain.h>
#include <keel/errno.h>
#include <keel/event.h>
#include <keel/guest_copy.h>
#include <keel/lib.h>
#include <keel/memory.h>
#include <public/shared_info.h>

static long register_vcpu_info(struct vcpu *caller, struct vcpu *v, gvaddr_t arg)
{
    struct vcpu_register_vcpu_info r;
    struct vcpu_info *vi, *old;
    paddr_t pa;

    if (copy_from_guest(caller, &r, arg, sizeof(r)))
        return -EFAULT;
    if (r.offset > PAGE_SIZE - sizeof(struct vcpu_info) ||
        (r.offset & 7) || r.rsvd)
        return -EINVAL;
    if (arch_p2m_lookup(v->domain, r.mfn, &pa))
        return -EINVAL;
    vi = (struct vcpu_info *)((char *)arch_phys_to_virt(pa) + r.offset);
    /* Registration takes over what the previous place held (vCPU 0 starts
     * with its slot in shared_info). */
    old = v->vcpu_info;
    if (!old && v->id == 0 && v->domain->shared_info)
        old = &v->domain->shared_info->vcpu_info[0];
    if (old)
        *vi = *old;
    else
        memset(vi, 0, sizeof(*vi));
    v->vcpu_info = vi;
    /* Events that went pending before had nowhere to be flagged. */
    evtchn_vcpu_info_registered(v);
    return 0;
}

static long register_runstate(struct vcpu *caller, struct vcpu *v, gvaddr_t arg)
{
    struct vcpu_register_runstate_memory_area r;

    if (copy_from_guest(caller, &r, arg, sizeof(r)))
        return -EFAULT;
    v->runstate_va = r.addr.p;
    if (v == caller && r.addr.p &&
        copy_to_guest(v, r.addr.p, &v->runstate, sizeof(v->runstate))) {
        v->runstate_va = 0;
        return -EFAULT;
    }
    return 0;
}

/* Called with the vCPU loaded (its own translation is live), so the
 * guest virtual address resolves as the guest meant it. */
void runstate_update(struct vcpu *v, int state, uint64_t now)
{
    struct vcpu_runstate_info *rs = &v->runstate;
    uint64_t flag = (v->domain->vm_assist & (1U << VMASST_TYPE_runstate_update_flag))
                        ? XEN_RUNSTATE_UPDATE : 0;

    if (rs->state >= 0 && rs->state < 4 && rs->state_entry_time)
        rs->time[rs->state] += now - (rs->state_entry_time & ~XEN_RUNSTATE_UPDATE);
    rs->state = state;
    rs->state_entry_time = now;
    if (!v->runstate_va)
        return;
    if (flag) {
        uint64_t t = now | flag;

        copy_to_guest(v, v->runstate_va + offsetof(struct vcpu_runstate_info, state_entry_time),
                      &t, sizeof(t));
    }
    copy_to_guest(v, v->runstate_va, rs, sizeof(*rs));
}

long do_vcpu_op(struct vcpu *v, const uint64_t *args)
{
    struct domain *d = v->domain;
    uint64_t id = args[1];

    if (id >= d->nr_vcpus)
        return -ENOENT;
    switch (args[0]) {
    case VCPUOP_register_vcpu_info:
        return register_vcpu_info(v, d->vcpus[id], args[2]);
    case VCPUOP_register_runstate_memory_area:
        return register_runstate(v, d->vcpus[id], args[2]);
    default:
        return -EINVAL;
    }
}

/* vm_assist: only the runstate update flag means anything on arm. */
long do_vm_assist(struct vcpu *v, const uint64_t *args)
{
    if (args[1] != VMASST_TYPE_runstate_update_flag)
        return -EINVAL;
    if (args[0] == VMASST_CMD_enable)
        v->domain->vm_assist |= 1U << VMASST_TYPE_runstate_update_flag;
    else if (args[0] == VMASST_CMD_disable)
        v->domain->vm_assist &= ~(1U << VMASST_TYPE_runstate_update_flag);
    else
        return -EINVAL;
    return 0;
}
