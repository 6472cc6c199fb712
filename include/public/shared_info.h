/* The shared_info page and vcpu_info: where a guest reads its pending
 * events (2-level ABI) and the wall clock. Layouts are Xen's on arm64.
 *
 * Delivery: a pending port sets its bit in evtchn_pending. Unless the
 * port's bit in evtchn_mask is set, the notified vCPU's vcpu_info then gets
 * bit (port / 64) in evtchn_pending_sel and evtchn_upcall_pending = 1,
 * and the event interrupt goes to that vCPU. The guest clears
 * upcall_pending, swaps the selector to 0 and scans the words it named. */
#ifndef KEEL_PUBLIC_SHARED_INFO_H
#define KEEL_PUBLIC_SHARED_INFO_H

#include <stddef.h>
#include <stdint.h>

/* pvclock data; arm64 Linux reads its clock from the generic timer and
 * ignores this. */
struct vcpu_time_info {
    uint32_t version;
    uint32_t pad0;
    uint64_t tsc_timestamp;
    uint64_t system_time;
    uint32_t tsc_to_system_mul;
    int8_t tsc_shift;
    uint8_t flags;
    uint8_t pad1[2];
};
_Static_assert(sizeof(struct vcpu_time_info) == 32, "vcpu_time_info size");
_Static_assert(offsetof(struct vcpu_time_info, system_time) == 16,
               "vcpu_time_info.system_time");
_Static_assert(offsetof(struct vcpu_time_info, tsc_shift) == 28,
               "vcpu_time_info.tsc_shift");
_Static_assert(offsetof(struct vcpu_time_info, flags) == 29,
               "vcpu_time_info.flags");

/* One per vCPU, in shared_info (vCPU 0 only) or wherever the guest
 * registered it with VCPUOP_register_vcpu_info. The arch part is empty on
 * arm64, so `time` follows the selector directly. */
struct vcpu_info {
    uint8_t evtchn_upcall_pending;
    uint8_t pad0;                   /* the upcall mask on x86; unused here */
    uint8_t pad1[6];
    uint64_t evtchn_pending_sel;
    struct vcpu_time_info time;
};
_Static_assert(sizeof(struct vcpu_info) == 48, "vcpu_info size");
_Static_assert(offsetof(struct vcpu_info, evtchn_pending_sel) == 8,
               "vcpu_info.evtchn_pending_sel");
_Static_assert(offsetof(struct vcpu_info, time) == 16, "vcpu_info.time");

#define XEN_LEGACY_MAX_VCPUS 1
#define EVTCHN_2L_WORDS      64     /* 64 words x 64 bits = 4096 ports */

struct shared_info {
    struct vcpu_info vcpu_info[XEN_LEGACY_MAX_VCPUS];
    uint64_t evtchn_pending[EVTCHN_2L_WORDS];
    uint64_t evtchn_mask[EVTCHN_2L_WORDS];
    /* Wall clock at system time 0; odd wc_version = update under way. */
    uint32_t wc_version;
    uint32_t wc_sec;
    uint32_t wc_nsec;
    uint32_t wc_sec_hi;
};
_Static_assert(sizeof(struct shared_info) == 1088, "shared_info size");
_Static_assert(offsetof(struct shared_info, evtchn_pending) == 48,
               "shared_info.evtchn_pending");
_Static_assert(offsetof(struct shared_info, evtchn_mask) == 560,
               "shared_info.evtchn_mask");
_Static_assert(offsetof(struct shared_info, wc_version) == 1072,
               "shared_info.wc_version");
_Static_assert(offsetof(struct shared_info, wc_sec) == 1076,
               "shared_info.wc_sec");
_Static_assert(offsetof(struct shared_info, wc_nsec) == 1080,
               "shared_info.wc_nsec");
_Static_assert(offsetof(struct shared_info, wc_sec_hi) == 1084,
               "shared_info.wc_sec_hi");

#endif
