/* Grant tables (version 1): how domains share pages with each other.
 *
 * Each domain has a table of grant entries in hypervisor-owned frames that
 * it maps into its own physmap and writes. Another domain maps a granted
 * page into its physmap (grant_map.c, tracked in its maptrack so that it
 * can be undone by handle) or copies to and from it (grant_copy.c). While
 * it does, the entry is "pinned": the hypervisor keeps a shadow of it (the
 * active entry: who, which frame, how many read and write pins) and sets
 * GTF_reading / GTF_writing in the guest-visible entry.
 *
 * Files: grant_table.c (the table, its frames, pinning entries),
 * grant_map.c (map, unmap, maptrack), grant_copy.c (copy), gnttab_op.c
 * (the hypercall).
 *
 * Locking, outermost first:
 *   1. a grant table's `lock` (frames, active entries, foreign_pins);
 *      never two of them at once;
 *   2. a grant table's `maptrack_lock` (its maptrack and gfn index), taken
 *      alone or inside its own table's `lock` (a pin checks that the
 *      granter's frame is not a grant mapping); never a `lock` inside it;
 *      a copy holds the caller's across its look-ups and the memmove;
 *   3. the arch p2m and page pool locks, inside either.
 *
 * Lifetime: a mapping or an in-flight copy of domain D's grant by another
 * domain counts in grant_foreign_maps(D). D's memory must stay allocated
 * while that count is non-zero, so domain destruction goes: at shutdown,
 * grant_table_release_mappings() for every dying domain (which drops their
 * pins in others' tables, so no two dying domains wait for each other),
 * then wait for grant_foreign_maps() == 0, then grant_table_destroy(). If
 * the table is destroyed anyway, it is kept (orphaned) until the last
 * foreign pin goes, so the hypervisor never touches freed memory. */
#ifndef KEEL_GRANT_TABLE_H
#define KEEL_GRANT_TABLE_H

#include <keel/arch.h>
#include <keel/types.h>
#include <public/grant_table.h>

struct domain;
struct heap;
struct page_pool;
struct vcpu;

#define GRANT_MAX_FRAMES       64   /* Xen's default max_grant_frames */
#define GRANT_INITIAL_FRAMES   1
#define GRANT_ENTRIES_PER_FRAME 512
#define GRANT_MAPTRACK_PAGES   256
#define GRANT_GFN_BUCKETS      256
#define GRANT_MAX_BATCH        512  /* operations per hypercall */
#define GRANT_GFN_NONE         (~0ULL)
/* XENMAPIDX_grant_table_status: add_to_physmap asks for a v2 status frame. */
#define GRANT_STATUS_FRAME     (1U << 31)

/* The hypervisor's shadow of an entry while it is pinned: what the
 * granter wrote when the first pin was taken, which it can no longer
 * change under the pinning domain's feet. */
struct grant_active {
    paddr_t pa;             /* the granted frame */
    uint16_t domid;         /* the domain holding the pins */
    uint16_t readers;       /* read-only pins */
    uint16_t writers;       /* writable pins */
    uint16_t pad;
};

/* One entry of a domain's maptrack; its index is the handle. */
struct grant_mapping {
    struct grant_table *granter;
    uint64_t gfn;           /* where the mapper sees the page */
    paddr_t pa;
    grant_ref_t ref;
    uint32_t next;          /* free list, or the gfn index's bucket chain */
    uint16_t flags;         /* GNTMAP_* of the mapping */
    uint8_t state;          /* MAPTRACK_* */
};

enum {
    MAPTRACK_FREE,
    MAPTRACK_BUSY,          /* being mapped or unmapped */
    MAPTRACK_MAPPED,
};

/* Only grant_*.c and gnttab_op.c look inside. */
struct grant_table {
    spinlock_t lock;
    struct page_pool *pool;
    struct heap *heap;
    uint16_t domid;
    bool orphaned;          /* its domain is gone; freed at the last unpin */
    unsigned int nr_frames;
    unsigned int max_frames;
    unsigned int foreign_pins;
    paddr_t frame_pa[GRANT_MAX_FRAMES];
    uint64_t frame_gfn[GRANT_MAX_FRAMES];   /* where the guest mapped it */
    paddr_t active_pa[GRANT_MAX_FRAMES];    /* 2 pages of grant_active each */

    spinlock_t maptrack_lock;
    unsigned int maptrack_pages;
    unsigned int maptrack_used;
    uint32_t maptrack_free;
    paddr_t maptrack_pa[GRANT_MAPTRACK_PAGES];
    uint32_t gfn_bucket[GRANT_GFN_BUCKETS]; /* mapped gfn -> handle chain */
};

/* grant_table.c */
int grant_table_init(struct domain *d);
void grant_table_destroy(struct domain *d);
unsigned int grant_foreign_maps(struct domain *d);
/* Grows d's table to hold frame idx and gives its host address, for
 * XENMEM_add_to_physmap(XENMAPSPACE_grant_table). -EINVAL: a status frame
 * (v2 only) or idx beyond the maximum; -ENOMEM. */
int grant_table_frame(struct domain *d, unsigned int idx, paddr_t *pa);
/* Records that the guest now sees frame idx at gfn (GRANT_GFN_NONE: no
 * longer mapped) and returns where it was before, so that the caller can
 * remove the old alias as Xen does. -EINVAL if the frame does not exist. */
int grant_table_set_frame_gfn(struct domain *d, unsigned int idx, uint64_t gfn,
                              uint64_t *old_gfn);
int grant_table_grow(struct grant_table *gt, unsigned int nr_frames);
/* The domain `domid` names for the caller ld (DOMID_SELF only if allowed),
 * or NULL if there is none or it has no grant table. */
struct domain *grant_domain(struct domain *ld, domid_t domid, bool allow_self);
/* Pins entry ref of rd's table for domain ldomid and gives the frame;
 * returns a GNTST_* code. */
int16_t grant_pin(struct domain *rd, grant_ref_t ref, domid_t ldomid,
                  bool readonly, paddr_t *pa);
void grant_unpin(struct grant_table *gt, grant_ref_t ref, domid_t ldomid,
                 bool readonly);

/* grant_map.c */
void grant_map(struct domain *ld, struct gnttab_map_grant_ref *op);
int16_t grant_unmap(struct domain *ld, const struct gnttab_unmap_grant_ref *op);
/* Undoes every mapping d holds; call once d's vCPUs are stopped. */
void grant_table_release_mappings(struct domain *d);
/* Whether d maps a grant at gfn; caller holds d's maptrack_lock. */
bool grant_gfn_mapped(struct grant_table *gt, uint64_t gfn);
/* Whether d maps a grant of frame pa. */
bool grant_maps_frame(struct domain *d, paddr_t pa);

/* grant_copy.c */
int16_t grant_copy(struct domain *ld, const struct gnttab_copy *op);

/* gnttab_op.c: grant_table_op(cmd, uop, count). */
long do_grant_table_op(struct vcpu *v, const uint64_t *args);

#endif
