/* xen_version: who we are and what the guest may rely on. Keel presents
 * Xen 4.17's ABI, so it reports that version. */
#include <keel/domain.h>
#include <keel/errno.h>
#include <keel/guest_copy.h>
#include <keel/hypercall.h>
#include <keel/lib.h>
#include <public/features.h>
#include <public/version.h>

#define KEEL_EXTRAVERSION ".0-keel"
#define KEEL_CAPABILITIES "xen-3.0-aarch64 "
#define KEEL_CHANGESET    "keel"

static uint32_t feature_bits(const struct domain *d)
{
    uint32_t f = 1U << XENFEAT_writable_page_tables |
                 1U << XENFEAT_auto_translated_physmap |
                 1U << XENFEAT_ARM_SMCCC_supported;

    if (d->privileged)
        f |= 1U << XENFEAT_dom0;
    f |= d->direct_map ? 1U << XENFEAT_direct_mapped
                       : 1U << XENFEAT_not_direct_mapped;
    return f;
}

static long get_features(struct vcpu *v, gvaddr_t arg)
{
    struct xen_feature_info fi;

    if (copy_from_guest(v, &fi, arg, sizeof(fi)))
        return -EFAULT;
    if (fi.submap_idx >= XENFEAT_NR_SUBMAPS)
        return -EINVAL;
    fi.submap = feature_bits(v->domain);
    return copy_to_guest(v, arg, &fi, sizeof(fi));
}

/* Copies a string into a fixed-size ABI buffer, zero-padding the rest so
 * that no stale guest bytes remain after the terminator. */
static long put_string(struct vcpu *v, gvaddr_t arg, const char *s, size_t size)
{
    static const char zeros[64];
    size_t n = strlen(s) + 1;

    if (copy_to_guest(v, arg, s, n))
        return -EFAULT;
    for (size_t off = n; off < size; off += sizeof(zeros))
        if (copy_to_guest(v, arg + off, zeros, MIN(sizeof(zeros), size - off)))
            return -EFAULT;
    return 0;
}

static long compile_info(struct vcpu *v, gvaddr_t arg)
{
    struct xen_compile_info ci = { 0 };

    memcpy(ci.compiler, "gcc", 4);
    memcpy(ci.compile_by, "keel", 5);
    return copy_to_guest(v, arg, &ci, sizeof(ci));
}

long do_xen_version(struct vcpu *v, const uint64_t *args)
{
    gvaddr_t arg = args[1];

    switch (args[0]) {
    case XENVER_version:
        return KEEL_XEN_MAJOR << 16 | KEEL_XEN_MINOR;
    case XENVER_extraversion:
        return put_string(v, arg, KEEL_EXTRAVERSION, sizeof(xen_extraversion_t));
    case XENVER_compile_info:
        return compile_info(v, arg);
    case XENVER_capabilities:
        return put_string(v, arg, KEEL_CAPABILITIES, sizeof(xen_capabilities_info_t));
    case XENVER_changeset:
        return put_string(v, arg, KEEL_CHANGESET, sizeof(xen_changeset_info_t));
    case XENVER_platform_parameters: {
        struct xen_platform_parameters pp = { 0 };

        return copy_to_guest(v, arg, &pp, sizeof(pp));
    }
    case XENVER_get_features:
        return get_features(v, arg);
    case XENVER_pagesize:
        return PAGE_SIZE;
    case XENVER_guest_handle: {
        uint8_t handle[16] = { 0 };

        return copy_to_guest(v, arg, handle, sizeof(handle));
    }
    default:
        return -ENOSYS;
    }
}
