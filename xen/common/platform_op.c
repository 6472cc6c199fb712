/* platform_op and physdev_op: the control domain telling the hypervisor
 * about the platform. On arm that is the wall clock (settime64), which
 * every domain's shared_info then shows, and PCI devices appearing, which
 * need nothing from Keel. */
#include <keel/domain.h>
#include <keel/errno.h>
#include <keel/guest_copy.h>
#include <keel/keel.h>
#include <keel/memory.h>
#include <public/platform.h>
#include <public/shared_info.h>

/* Wall clock at system time 0, as dom0 last set it. */
static void publish_wallclock(struct domain *d, uint64_t secs, uint32_t nsecs)
{
    struct shared_info *si = d->shared_info;

    if (!si)
        return;
    __atomic_fetch_add(&si->wc_version, 1, __ATOMIC_RELEASE);
    si->wc_sec = (uint32_t)secs;
    si->wc_sec_hi = (uint32_t)(secs >> 32);
    si->wc_nsec = nsecs;
    __atomic_fetch_add(&si->wc_version, 1, __ATOMIC_RELEASE);
}

static long settime(struct keel *k, const struct xenpf_settime64 *t)
{
    uint64_t boot_ns, secs;
    uint32_t nsecs;

    if (t->mbz || t->nsecs >= 1000000000U)
        return -EINVAL;
    /* secs.nsecs was the time at system_time: step back to time 0. */
    boot_ns = t->secs * 1000000000ULL + t->nsecs - t->system_time;
    secs = boot_ns / 1000000000ULL;
    nsecs = (uint32_t)(boot_ns % 1000000000ULL);
    k->wallclock_sec = secs;
    k->wallclock_nsec = nsecs;
    spin_lock(&k->domains_lock);
    for (struct domain *d = k->domains; d; d = d->next)
        publish_wallclock(d, secs, nsecs);
    spin_unlock(&k->domains_lock);
    return 0;
}

long do_platform_op(struct vcpu *v, const uint64_t *args)
{
    struct xen_platform_op op;

    if (!v->domain->privileged)
        return -EPERM;
    if (copy_from_guest(v, &op, args[0], sizeof(op)))
        return -EFAULT;
    if (op.interface_version != XENPF_INTERFACE_VERSION)
        return -EACCES;
    if (op.cmd != XENPF_settime64)
        return -ENOSYS;
    return settime(v->domain->keel, &op.u.settime64);
}

long do_physdev_op(struct vcpu *v, const uint64_t *args)
{
    switch (args[0]) {
    case PHYSDEVOP_pci_device_add:
    case PHYSDEVOP_pci_device_remove:
    case PHYSDEVOP_manage_pci_add:
    case PHYSDEVOP_manage_pci_remove:
    case PHYSDEVOP_manage_pci_add_ext:
        /* No IOMMU to program: the device stays with dom0. */
        return v->domain->privileged ? 0 : -EPERM;
    default:
        return -ENOSYS;
    }
}
