/* platform_op: only setting the wall clock exists on arm. */
#ifndef KEEL_PUBLIC_PLATFORM_H
#define KEEL_PUBLIC_PLATFORM_H

#include <stddef.h>
#include <stdint.h>

#define XENPF_INTERFACE_VERSION 0x03000001U
#define XENPF_settime64         62

struct xenpf_settime64 {
    uint64_t secs;
    uint32_t nsecs;
    uint32_t mbz;
    uint64_t system_time;
};

struct xen_platform_op {
    uint32_t cmd;
    uint32_t interface_version;
    union {
        struct xenpf_settime64 settime64;
        uint8_t pad[128];
    } u;
};
_Static_assert(sizeof(struct xen_platform_op) == 136, "platform_op size");
_Static_assert(offsetof(struct xen_platform_op, u) == 8, "platform_op.u");

/* physdev_op: the PCI notifications dom0 sends. */
#define PHYSDEVOP_manage_pci_add      15
#define PHYSDEVOP_manage_pci_remove   16
#define PHYSDEVOP_manage_pci_add_ext  20
#define PHYSDEVOP_pci_device_add      25
#define PHYSDEVOP_pci_device_remove   26

#endif
