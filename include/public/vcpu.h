/* vcpu_op(cmd, vcpuid, arg): the two operations arm64 guests use. */
#ifndef KEEL_PUBLIC_VCPU_H
#define KEEL_PUBLIC_VCPU_H

#include <stddef.h>
#include <stdint.h>
#include <public/xen.h>

#define VCPUOP_register_runstate_memory_area 5
#define VCPUOP_register_vcpu_info            10

struct vcpu_register_vcpu_info {
    uint64_t mfn;               /* a guest frame number on arm */
    uint32_t offset;
    uint32_t rsvd;
};
_Static_assert(sizeof(struct vcpu_register_vcpu_info) == 16, "register_vcpu_info size");

#define RUNSTATE_running  0
#define RUNSTATE_runnable 1
#define RUNSTATE_blocked  2
#define RUNSTATE_offline  3
#define XEN_RUNSTATE_UPDATE (1ULL << 63)

struct vcpu_runstate_info {
    int32_t state;
    uint64_t state_entry_time;
    uint64_t time[4];
};
_Static_assert(sizeof(struct vcpu_runstate_info) == 48, "runstate size");
_Static_assert(offsetof(struct vcpu_runstate_info, state_entry_time) == 8, "entry time");

struct vcpu_register_runstate_memory_area {
    xen_guest_handle_t addr;    /* guest virtual address of the info */
};

/* vm_assist(cmd, type) */
#define VMASST_CMD_enable                 0
#define VMASST_CMD_disable                1
#define VMASST_TYPE_runstate_update_flag  5

#endif
