/* grant_table_op(cmd, uop, count): numbers and layouts of Xen's public ABI
 * (version 1 grant entries), arm64 sizes and offsets.
 *
 * A domain shares a page by writing an entry in its own grant table, a run
 * of hypervisor-owned frames it maps into its physmap: "domain `domid` may
 * access my frame `frame`". The other domain then names the page by
 * (granting domain, reference) to map it or copy to and from it. While a
 * grant is in use the hypervisor sets GTF_reading / GTF_writing in the
 * entry, so the granter knows when it may safely revoke the grant (it
 * clears the entry with a compare-and-swap that fails while they are set). */
#ifndef KEEL_PUBLIC_GRANT_TABLE_H
#define KEEL_PUBLIC_GRANT_TABLE_H

#include <stddef.h>
#include <stdint.h>
#include <public/xen.h>

typedef uint32_t grant_ref_t;
typedef uint32_t grant_handle_t;

#define GNTTABOP_map_grant_ref     0
#define GNTTABOP_unmap_grant_ref   1
#define GNTTABOP_setup_table       2
#define GNTTABOP_dump_table        3
#define GNTTABOP_transfer          4
#define GNTTABOP_copy              5
#define GNTTABOP_query_size        6
#define GNTTABOP_unmap_and_replace 7
#define GNTTABOP_set_version       8
#define GNTTABOP_get_status_frames 9
#define GNTTABOP_get_version       10
#define GNTTABOP_swap_grant_ref    11
#define GNTTABOP_cache_flush       12

/* The low 12 bits of cmd are the command; Xen keeps continuation state in
 * the rest, which only cache_flush may carry. */
#define GNTTABOP_CMD_MASK 0xfffU

/* Entries 0..7 belong to the toolstack: 0 the console ring, 1 xenstore. */
#define GNTTAB_NR_RESERVED_ENTRIES 8
#define GNTTAB_RESERVED_CONSOLE    0
#define GNTTAB_RESERVED_XENSTORE   1

/* One v1 entry; {flags, domid} are read and updated as one 32-bit word. */
struct grant_entry_v1 {
    uint16_t flags;     /* GTF_* */
    domid_t domid;      /* the domain allowed to use the grant */
    uint32_t frame;     /* the granter's frame number (gfn) */
};
_Static_assert(sizeof(struct grant_entry_v1) == 8, "grant_entry_v1 size");
_Static_assert(offsetof(struct grant_entry_v1, domid) == 2, "grant_entry_v1.domid");
_Static_assert(offsetof(struct grant_entry_v1, frame) == 4, "grant_entry_v1.frame");

#define GRANT_ENTRIES_PER_FRAME_V1 (4096 / sizeof(struct grant_entry_v1))

/* Entry type, flags[1:0]. */
#define GTF_invalid         0x0000U
#define GTF_permit_access   0x0001U
#define GTF_accept_transfer 0x0002U
#define GTF_transitive      0x0003U /* v2 only */
#define GTF_type_mask       0x0003U
/* Set by the granter. */
#define GTF_readonly        0x0004U
/* Set and cleared by the hypervisor while the grant is in use. */
#define GTF_reading         0x0008U
#define GTF_writing         0x0010U
/* Cache attributes (x86), and sub-page grants (v2 only). */
#define GTF_PWT             0x0020U
#define GTF_PCD             0x0040U
#define GTF_PAT             0x0080U
#define GTF_sub_page        0x0100U
/* Transfer grants (accept_transfer) reuse bits 2 and 3. */
#define GTF_transfer_committed 0x0004U
#define GTF_transfer_completed 0x0008U

/* map_grant_ref flags. */
#define GNTMAP_device_map      0x01U
#define GNTMAP_host_map        0x02U
#define GNTMAP_readonly        0x04U
#define GNTMAP_application_map 0x08U
#define GNTMAP_contains_pte    0x10U
#define GNTMAP_guest_avail_mask 0xffff0000U

/* Per-operation status codes. */
#define GNTST_okay              0
#define GNTST_general_error     (-1)
#define GNTST_bad_domain        (-2)
#define GNTST_bad_gntref        (-3)
#define GNTST_bad_handle        (-4)
#define GNTST_bad_virt_addr     (-5)
#define GNTST_bad_dev_addr      (-6)
#define GNTST_no_device_space   (-7)
#define GNTST_permission_denied (-8)
#define GNTST_bad_page          (-9)
#define GNTST_bad_copy_arg      (-10)
#define GNTST_address_too_big   (-11)
#define GNTST_eagain            (-12)
#define GNTST_no_space          (-13)

/* host_addr: a guest physical address of the caller (auto-translated
 * guests), where the granted frame appears. dev_bus_addr: the frame's
 * machine address. */
struct gnttab_map_grant_ref {
    uint64_t host_addr;
    uint32_t flags;             /* GNTMAP_* */
    grant_ref_t ref;
    domid_t dom;
    int16_t status;             /* out */
    grant_handle_t handle;      /* out */
    uint64_t dev_bus_addr;      /* out */
};
_Static_assert(sizeof(struct gnttab_map_grant_ref) == 32, "map_grant_ref size");
_Static_assert(offsetof(struct gnttab_map_grant_ref, flags) == 8, "map.flags");
_Static_assert(offsetof(struct gnttab_map_grant_ref, ref) == 12, "map.ref");
_Static_assert(offsetof(struct gnttab_map_grant_ref, dom) == 16, "map.dom");
_Static_assert(offsetof(struct gnttab_map_grant_ref, status) == 18, "map.status");
_Static_assert(offsetof(struct gnttab_map_grant_ref, handle) == 20, "map.handle");
_Static_assert(offsetof(struct gnttab_map_grant_ref, dev_bus_addr) == 24, "map.bus");

struct gnttab_unmap_grant_ref {
    uint64_t host_addr;
    uint64_t dev_bus_addr;
    grant_handle_t handle;
    int16_t status;             /* out */
};
_Static_assert(sizeof(struct gnttab_unmap_grant_ref) == 24, "unmap_grant_ref size");
_Static_assert(offsetof(struct gnttab_unmap_grant_ref, dev_bus_addr) == 8, "unmap.bus");
_Static_assert(offsetof(struct gnttab_unmap_grant_ref, handle) == 16, "unmap.handle");
_Static_assert(offsetof(struct gnttab_unmap_grant_ref, status) == 20, "unmap.status");

/* frame_list: guest pointer to nr_frames u64 gfns (out). */
struct gnttab_setup_table {
    domid_t dom;
    uint32_t nr_frames;
    int16_t status;             /* out */
    xen_guest_handle_t frame_list;
};
_Static_assert(sizeof(struct gnttab_setup_table) == 24, "setup_table size");
_Static_assert(offsetof(struct gnttab_setup_table, nr_frames) == 4, "setup.nr_frames");
_Static_assert(offsetof(struct gnttab_setup_table, status) == 8, "setup.status");
_Static_assert(offsetof(struct gnttab_setup_table, frame_list) == 16, "setup.frame_list");

#define GNTCOPY_source_gref 0x1U
#define GNTCOPY_dest_gref   0x2U

/* One side of a copy: a grant reference of domain `domid`, or (without the
 * *_gref flag) a frame of the caller, who must then say DOMID_SELF. */
struct gnttab_copy_ptr {
    union {
        grant_ref_t ref;
        uint64_t gmfn;
    } u;
    domid_t domid;
    uint16_t offset;
};
_Static_assert(sizeof(struct gnttab_copy_ptr) == 16, "copy_ptr size");
_Static_assert(offsetof(struct gnttab_copy_ptr, domid) == 8, "copy_ptr.domid");
_Static_assert(offsetof(struct gnttab_copy_ptr, offset) == 10, "copy_ptr.offset");

struct gnttab_copy {
    struct gnttab_copy_ptr source;
    struct gnttab_copy_ptr dest;
    uint16_t len;
    uint16_t flags;             /* GNTCOPY_* */
    int16_t status;             /* out */
};
_Static_assert(sizeof(struct gnttab_copy) == 40, "copy size");
_Static_assert(offsetof(struct gnttab_copy, dest) == 16, "copy.dest");
_Static_assert(offsetof(struct gnttab_copy, len) == 32, "copy.len");
_Static_assert(offsetof(struct gnttab_copy, flags) == 34, "copy.flags");
_Static_assert(offsetof(struct gnttab_copy, status) == 36, "copy.status");

struct gnttab_query_size {
    domid_t dom;
    uint32_t nr_frames;         /* out */
    uint32_t max_nr_frames;     /* out */
    int16_t status;             /* out */
};
_Static_assert(sizeof(struct gnttab_query_size) == 16, "query_size size");
_Static_assert(offsetof(struct gnttab_query_size, nr_frames) == 4, "query.nr_frames");
_Static_assert(offsetof(struct gnttab_query_size, max_nr_frames) == 8, "query.max");
_Static_assert(offsetof(struct gnttab_query_size, status) == 12, "query.status");

struct gnttab_set_version {
    uint32_t version;           /* in: wanted; out: in force */
};
_Static_assert(sizeof(struct gnttab_set_version) == 4, "set_version size");

struct gnttab_get_status_frames {
    uint32_t nr_frames;
    domid_t dom;
    int16_t status;             /* out */
    xen_guest_handle_t frame_list;
};
_Static_assert(sizeof(struct gnttab_get_status_frames) == 16, "get_status_frames size");
_Static_assert(offsetof(struct gnttab_get_status_frames, dom) == 4, "status_frames.dom");
_Static_assert(offsetof(struct gnttab_get_status_frames, status) == 6, "status_frames.status");
_Static_assert(offsetof(struct gnttab_get_status_frames, frame_list) == 8, "status_frames.list");

struct gnttab_get_version {
    domid_t dom;
    uint16_t pad;
    uint32_t version;           /* out */
};
_Static_assert(sizeof(struct gnttab_get_version) == 8, "get_version size");
_Static_assert(offsetof(struct gnttab_get_version, version) == 4, "get_version.version");

#define GNTTAB_CACHE_CLEAN       0x1U
#define GNTTAB_CACHE_INVAL       0x2U
#define GNTTAB_CACHE_SOURCE_GREF 0x80000000U

struct gnttab_cache_flush {
    union {
        uint64_t dev_bus_addr;
        grant_ref_t ref;
    } a;
    uint16_t offset;
    uint16_t length;
    uint32_t op;                /* GNTTAB_CACHE_* */
};
_Static_assert(sizeof(struct gnttab_cache_flush) == 16, "cache_flush size");
_Static_assert(offsetof(struct gnttab_cache_flush, offset) == 8, "cache_flush.offset");
_Static_assert(offsetof(struct gnttab_cache_flush, length) == 10, "cache_flush.length");
_Static_assert(offsetof(struct gnttab_cache_flush, op) == 12, "cache_flush.op");

#endif
