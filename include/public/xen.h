/* Keel's guest ABI: hypercall numbers and common constants.
 * Numbers and layouts follow Xen's public ABI (4.17) so that stock Linux
 * drivers work unchanged; see docs/abi.md. Shared by the hypervisor, the
 * toolstack and the test guests, so it uses only fixed-size types. */
#ifndef KEEL_PUBLIC_XEN_H
#define KEEL_PUBLIC_XEN_H

#include <stdint.h>

/* arm64 calling convention: HVC with this immediate, number in x16,
 * arguments in x0..x4, result in x0. HVC #0 is SMCCC/PSCI. */
#define XEN_HYPERCALL_TAG 0xEA1

#define __HYPERVISOR_platform_op        7
#define __HYPERVISOR_memory_op          12
#define __HYPERVISOR_multicall          13
#define __HYPERVISOR_xen_version        17
#define __HYPERVISOR_console_io         18
#define __HYPERVISOR_grant_table_op     20
#define __HYPERVISOR_vm_assist          21
#define __HYPERVISOR_vcpu_op            24
#define __HYPERVISOR_xsm_op             27
#define __HYPERVISOR_sched_op           29
#define __HYPERVISOR_event_channel_op   32
#define __HYPERVISOR_physdev_op         33
#define __HYPERVISOR_hvm_op             34
#define __HYPERVISOR_sysctl             35
#define __HYPERVISOR_domctl             36
#define __HYPERVISOR_dm_op              41
#define __HYPERVISOR_NR                 64

typedef uint16_t domid_t;
#define DOMID_FIRST_RESERVED 0x7FF0U
#define DOMID_SELF           0x7FF0U
#define DOMID_IO             0x7FF1U
#define DOMID_XEN            0x7FF2U
#define DOMID_COW            0x7FF3U
#define DOMID_INVALID        0x7FF4U
#define DOMID_IDLE           0x7FFFU

/* console_io(cmd, count, buffer) */
#define CONSOLEIO_write 0
#define CONSOLEIO_read  1

/* A guest handle is a guest virtual address, 8 bytes and 8-aligned in
 * every structure on arm64. */
typedef struct {
    uint64_t p;
} __attribute__((aligned(8))) xen_guest_handle_t;
_Static_assert(sizeof(xen_guest_handle_t) == 8, "guest handle is 8 bytes");

#endif
