/*
 * Stand-in for the kernel-internal <xen/interface/xen.h>, which the Linux
 * uapi header <xen/privcmd.h> includes but linux-libc-dev does not ship.
 * The uapi headers privcmd.h, evtchn.h and gntdev.h need only these
 * types from the kernel's Xen interface headers.
 */
#ifndef DOM0_TEST_XEN_INTERFACE_XEN_H
#define DOM0_TEST_XEN_INTERFACE_XEN_H

#include <linux/types.h>

typedef __u16 domid_t;
typedef __u64 xen_pfn_t;
typedef __u32 grant_ref_t;

#endif
