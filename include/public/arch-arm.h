/* The guest physical layout Xen's toolstack gives arm guests; Keel's
 * toolstack uses the same, so guests see what they would on Xen. */
#ifndef KEEL_PUBLIC_ARCH_ARM_H
#define KEEL_PUBLIC_ARCH_ARM_H

#define GUEST_GICV3_GICD_BASE   0x03001000ULL
#define GUEST_GICV3_GICD_SIZE   0x00010000ULL
#define GUEST_GICV3_RDIST_BASE  0x03020000ULL
#define GUEST_GICV3_RDIST_SIZE  0x01000000ULL   /* 128 vCPUs at most */
#define GUEST_GNTTAB_BASE       0x38000000ULL
#define GUEST_GNTTAB_SIZE       0x01000000ULL
#define GUEST_MAGIC_BASE        0x39000000ULL
#define GUEST_MAGIC_SIZE        0x01000000ULL
#define GUEST_CONSOLE_PFN_OFFSET 0
#define GUEST_XENSTORE_PFN_OFFSET 1
#define GUEST_RAM0_BASE         0x40000000ULL
#define GUEST_RAM0_SIZE         0xc0000000ULL
#define GUEST_RAM1_BASE         0x0200000000ULL
#define GUEST_RAM1_SIZE         0xfe00000000ULL
#define GUEST_EVTCHN_PPI        31
#define GUEST_NR_SPIS           32

#endif
