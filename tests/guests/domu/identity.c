/* Who the guest is told it is: Xen 4.17, auto-translated, not dom0 and
 * not direct-mapped (its RAM is wherever the hypervisor found pages). */
#include "domu.h"

static void check_feature(struct guest *g, const char *what, int64_t rc,
                          uint32_t submap, unsigned bit, bool want)
{
    bool set = (submap >> bit) & 1;

    check_true(g, what, rc == 0 && set == want, "get_features rc %ld, submap 0x%x",
               (long)rc, submap);
}

void check_identity(struct guest *g)
{
    struct xen_feature_info fi = { .submap_idx = 0, .submap = 0 };
    int64_t rc;

    check_eq(g, "xen_version is 4.17", xen_version(XENVER_version, 0),
             (KEEL_XEN_MAJOR << 16) | KEEL_XEN_MINOR);
    rc = xen_version(XENVER_get_features, VA(&fi));
    check_eq(g, "xen_version get_features", rc, 0);
    check_feature(g, "feature auto_translated_physmap set", rc, fi.submap,
                  XENFEAT_auto_translated_physmap, true);
    check_feature(g, "feature not_direct_mapped set", rc, fi.submap,
                  XENFEAT_not_direct_mapped, true);
    check_feature(g, "feature dom0 clear", rc, fi.submap, XENFEAT_dom0, false);
    check_feature(g, "feature direct_mapped clear", rc, fi.submap,
                  XENFEAT_direct_mapped, false);
}
