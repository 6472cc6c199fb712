/* memory_op(cmd, arg): numbers and arm64 layouts of Xen's public ABI. */
#ifndef KEEL_PUBLIC_MEMORY_H
#define KEEL_PUBLIC_MEMORY_H

#include <stddef.h>
#include <stdint.h>
#include <public/xen.h>

#define XENMEM_increase_reservation   0
#define XENMEM_decrease_reservation   1
#define XENMEM_maximum_ram_page       2
#define XENMEM_current_reservation    3
#define XENMEM_maximum_reservation    4
#define XENMEM_populate_physmap       6
#define XENMEM_add_to_physmap         7
#define XENMEM_remove_from_physmap    15
#define XENMEM_add_to_physmap_batch   23
#define XENMEM_acquire_resource       28

/* Extent list and count; the result is how many extents were done. */
struct xen_memory_reservation {
    xen_guest_handle_t extent_start;
    uint64_t nr_extents;
    uint32_t extent_order;
    uint32_t mem_flags;
    domid_t domid;
};
_Static_assert(sizeof(struct xen_memory_reservation) == 32, "reservation size");
_Static_assert(offsetof(struct xen_memory_reservation, nr_extents) == 8, "nr_extents");
_Static_assert(offsetof(struct xen_memory_reservation, extent_order) == 16, "extent_order");
_Static_assert(offsetof(struct xen_memory_reservation, domid) == 24, "domid");

#define XENMAPSPACE_shared_info  0
#define XENMAPSPACE_grant_table  1
#define XENMAPSPACE_gmfn         2
#define XENMAPSPACE_gmfn_range   3
#define XENMAPSPACE_gmfn_foreign 4
#define XENMAPSPACE_dev_mmio     5
#define XENMAPIDX_grant_table_status 0x80000000U

struct xen_add_to_physmap {
    domid_t domid;
    uint16_t size;              /* gmfn_range only; Linux leaves it unset otherwise */
    uint32_t space;
    uint64_t idx;
    uint64_t gpfn;
};
_Static_assert(sizeof(struct xen_add_to_physmap) == 24, "add_to_physmap size");
_Static_assert(offsetof(struct xen_add_to_physmap, space) == 4, "space");
_Static_assert(offsetof(struct xen_add_to_physmap, idx) == 8, "idx");
_Static_assert(offsetof(struct xen_add_to_physmap, gpfn) == 16, "gpfn");

struct xen_add_to_physmap_batch {
    domid_t domid;
    uint16_t space;
    uint16_t size;
    domid_t foreign_domid;
    xen_guest_handle_t idxs;    /* uint64_t[size] */
    xen_guest_handle_t gpfns;   /* uint64_t[size] */
    xen_guest_handle_t errs;    /* int32_t[size] */
};
_Static_assert(sizeof(struct xen_add_to_physmap_batch) == 32, "batch size");
_Static_assert(offsetof(struct xen_add_to_physmap_batch, foreign_domid) == 6, "foreign_domid");
_Static_assert(offsetof(struct xen_add_to_physmap_batch, idxs) == 8, "idxs");
_Static_assert(offsetof(struct xen_add_to_physmap_batch, errs) == 24, "errs");

struct xen_remove_from_physmap {
    domid_t domid;
    uint64_t gpfn;
};
_Static_assert(sizeof(struct xen_remove_from_physmap) == 16, "remove size");
_Static_assert(offsetof(struct xen_remove_from_physmap, gpfn) == 8, "gpfn");

#define XENMEM_resource_ioreq_server 0
#define XENMEM_resource_grant_table  1
#define XENMEM_resource_grant_table_id_shared 0
#define XENMEM_resource_grant_table_id_status 1

struct xen_mem_acquire_resource {
    domid_t domid;
    uint16_t type;
    uint32_t id;
    uint32_t nr_frames;         /* in; out: max frames when frame_list is NULL */
    uint32_t flags;
    uint64_t frame;
    xen_guest_handle_t frame_list;  /* uint64_t[nr_frames]: where to map (GFNs) */
};
_Static_assert(sizeof(struct xen_mem_acquire_resource) == 32, "acquire_resource size");
_Static_assert(offsetof(struct xen_mem_acquire_resource, nr_frames) == 8, "nr_frames");
_Static_assert(offsetof(struct xen_mem_acquire_resource, frame) == 16, "frame");
_Static_assert(offsetof(struct xen_mem_acquire_resource, frame_list) == 24, "frame_list");

#endif
