/* hvm_op get_param/set_param and the parameters meaningful on arm. */
#ifndef KEEL_PUBLIC_HVM_PARAMS_H
#define KEEL_PUBLIC_HVM_PARAMS_H

#include <stddef.h>
#include <stdint.h>
#include <public/xen.h>

#define HVMOP_set_param 0
#define HVMOP_get_param 1

#define HVM_PARAM_CALLBACK_IRQ    0
#define HVM_PARAM_STORE_PFN       1
#define HVM_PARAM_STORE_EVTCHN    2
#define HVM_PARAM_CONSOLE_PFN     17
#define HVM_PARAM_CONSOLE_EVTCHN  18
#define HVM_PARAM_MONITOR_RING_PFN 28
#define HVM_NR_PARAMS             40

struct xen_hvm_param {
    domid_t domid;
    uint16_t pad;
    uint32_t index;
    uint64_t value;
};
_Static_assert(sizeof(struct xen_hvm_param) == 16, "hvm_param size");
_Static_assert(offsetof(struct xen_hvm_param, index) == 4, "index");
_Static_assert(offsetof(struct xen_hvm_param, value) == 8, "value");

#endif
