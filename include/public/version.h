/* xen_version(cmd, arg): numbers and layouts of Xen's public ABI. */
#ifndef KEEL_PUBLIC_VERSION_H
#define KEEL_PUBLIC_VERSION_H

#include <stddef.h>
#include <stdint.h>

#define XENVER_version       0
#define XENVER_extraversion  1
#define XENVER_compile_info  2
#define XENVER_capabilities  3
#define XENVER_changeset     4
#define XENVER_platform_parameters 5
#define XENVER_get_features  6
#define XENVER_pagesize      7
#define XENVER_guest_handle  8
#define XENVER_commandline   9
#define XENVER_build_id      10

/* The Xen release whose ABI Keel presents. Linux checks the DT compatible
 * "xen,xen-<major>.<minor>" and XENVER_version reports the same pair. */
#define KEEL_XEN_MAJOR 4
#define KEEL_XEN_MINOR 17

typedef char xen_extraversion_t[16];
typedef char xen_capabilities_info_t[1024];
typedef char xen_changeset_info_t[64];
typedef char xen_commandline_t[1024];

struct xen_compile_info {
    char compiler[64];
    char compile_by[16];
    char compile_domain[32];
    char compile_date[32];
};
_Static_assert(sizeof(struct xen_compile_info) == 144, "compile_info size");

struct xen_platform_parameters {
    uint64_t virt_start;
};
_Static_assert(sizeof(struct xen_platform_parameters) == 8, "platform_parameters size");

struct xen_feature_info {
    uint32_t submap_idx;
    uint32_t submap;
};
_Static_assert(sizeof(struct xen_feature_info) == 8, "feature_info size");
_Static_assert(offsetof(struct xen_feature_info, submap) == 4, "feature_info.submap");

#endif
