/* xen_version (17): version, pagesize, extraversion, get_features and the
 * ways to get them wrong. */
#include "hello.h"

static void check_extraversion(struct guest *g)
{
    char ev[16] __attribute__((aligned(8)));

    memset(ev, 0x55, sizeof(ev));
    check_eq(g, "xen_version extraversion", xen_version(XENVER_extraversion, VA(ev)), 0);
    bool terminated = memchr_const(ev, 0, sizeof(ev)) != NULL;

    check_true(g, "xen_version extraversion NUL-terminated", terminated,
               "no NUL in 16 bytes");
    if (!terminated)
        return;
    gprintf("%s: extraversion is \"%s\"\n", g->name, ev);
}

static void check_features(struct guest *g)
{
    struct xen_feature_info fi = { .submap_idx = 0, .submap = 0 };
    uint64_t end;

    check_eq(g, "xen_version get_features(0)", xen_version(XENVER_get_features, VA(&fi)), 0);
    check_true(g, "xen_version get_features(0) auto_translated_physmap",
               fi.submap & (1U << XENFEAT_auto_translated_physmap),
               "submap 0x%x", fi.submap);

    fi.submap_idx = 1;
    check_eq(g, "xen_version get_features(1) -EINVAL",
             xen_version(XENVER_get_features, VA(&fi)), -XEN_EINVAL);
    check_eq(g, "xen_version get_features wild pointer -EFAULT",
             xen_version(XENVER_get_features, WILD_PTR), -XEN_EFAULT);
    if (!ram_own_end(g, &end)) {
        check_skip(g, "xen_version get_features past RAM -EFAULT", "RAM end unknown");
        return;
    }
    check_eq(g, "xen_version get_features past RAM -EFAULT",
             xen_version(XENVER_get_features, end), -XEN_EFAULT);
}

void check_xen_version(struct guest *g)
{
    check_eq(g, "xen_version version", xen_version(XENVER_version, 0),
             (KEEL_XEN_MAJOR << 16) | KEEL_XEN_MINOR);
    check_eq(g, "xen_version pagesize", xen_version(XENVER_pagesize, 0), 4096);
    check_extraversion(g);
    check_features(g);
    check_eq(g, "xen_version cmd 99 -ENOSYS", xen_version(99, 0), -XEN_ENOSYS);
}
