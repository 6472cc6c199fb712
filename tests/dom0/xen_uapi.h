/*
 * The Linux device interfaces dom0-test drives (uapi headers from
 * linux-libc-dev) and the few Xen ABI numbers it passes through privcmd.
 * The numbers are written out here rather than taken from Keel's own
 * include/public, so a wrong number there cannot hide from this test.
 */
#ifndef DOM0_TEST_XEN_UAPI_H
#define DOM0_TEST_XEN_UAPI_H

#include <stddef.h>
#include <linux/types.h>
#include <xen/interface/xen.h>
#include <xen/privcmd.h>
#include <xen/evtchn.h>
#include <xen/gntalloc.h>
#include <xen/gntdev.h>

#define DEV_PRIVCMD  "/dev/xen/privcmd"
#define DEV_EVTCHN   "/dev/xen/evtchn"
#define DEV_GNTALLOC "/dev/xen/gntalloc"
#define DEV_GNTDEV   "/dev/xen/gntdev"

/* Hypercall numbers and xen_version sub-commands (public/xen.h, version.h). */
#define HYPERCALL_MMU_UPDATE      1  /* x86 PV only: unknown on arm64 */
#define HYPERCALL_XEN_VERSION     17
#define XENVER_VERSION            0
#define XENVER_GET_FEATURES       6

/* Xen 4.17: (major << 16) | minor. */
#define XEN_VERSION_WANT          0x40011

/* Feature bits of submap 0 (public/features.h) a dom0 on arm64 needs. */
#define XENFEAT_AUTO_TRANSLATED   2
#define XENFEAT_DOM0              11
#define XENFEAT_DIRECT_MAPPED     17

/* xen_feature_info: the buffer XENVER_get_features fills in. */
struct feature_info {
    __u32 submap_idx;
    __u32 submap;
};

#define DOMID_DOM0                0
/* Below DOMID_FIRST_RESERVED (0x7ff0), so a real id, but never created here. */
#define DOMID_ABSENT              0x7fef

#endif
