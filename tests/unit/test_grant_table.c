/* Tests for the grant tables (xen/common/grant_table.c, grant_map.c,
 * grant_copy.c, gnttab_op.c): three hand-built domains on a page pool over
 * a malloc'd buffer that the fake arch maps 1:1, with tests/unit/fake_p2m.c
 * as their stage 2. Each domain's RAM pages also appear at the same guest
 * virtual addresses (fake_map), so a hypercall's arguments are written
 * straight into the caller's RAM. */
#include <stdlib.h>
#include <string.h>
#include <threads.h>
#include <keel/hypercall.h>
#include <keel/domain.h>
#include <keel/errno.h>
#include <keel/grant_table.h>
#include <keel/keel.h>
#include <public/grant_table.h>
#include "fake_arch.h"
#include "unit.h"

void fake_p2m_reset(void);
int fake_p2m_add_device(struct domain *d, uint64_t gfn, paddr_t pa);
int fake_p2m_get(struct domain *d, uint64_t gfn, paddr_t *pa, bool *readonly);
extern unsigned int fake_p2m_map_failures;

#define POOL_SIZE (32ULL << 20)
#define NR_DOMS   3
#define RAM_GFN   0x40000ULL    /* guest RAM at 1 GiB */
#define RAM_PAGES 16
#define MAP_GFN   0x50000ULL    /* where grants get mapped */
#define GVA(page) ((RAM_GFN + (page)) << PAGE_SHIFT)
#define RW        GNTMAP_host_map
#define RO        (GNTMAP_host_map | GNTMAP_readonly)
#define INUSE     (GTF_reading | GTF_writing)

struct world {
    struct keel k;
    uint8_t *mem;
    uint64_t size;
    uint64_t free_empty;        /* pool pages before any domain */
    struct domain d[NR_DOMS];
    struct vcpu v[NR_DOMS];
    paddr_t ram[NR_DOMS][RAM_PAGES];
};

static struct world *w;
static struct domain *d0, *d1, *d2;

static void make_world(uint64_t size)
{
    w = calloc(1, sizeof(*w));
    CU_ASSERT_PTR_NOT_NULL_FATAL(w);
    w->mem = aligned_alloc(PAGE_SIZE, size);
    CU_ASSERT_PTR_NOT_NULL_FATAL(w->mem);
    memset(w->mem, 0xa5, size);
    w->size = size;
    page_pool_init(&w->k.pool);
    CU_ASSERT_EQUAL_FATAL(page_pool_add(&w->k.pool, (paddr_t)(uintptr_t)w->mem,
                                        size, w->mem), 0);
    heap_init(&w->k.heap, &w->k.pool);
    fake_reset();
    fake_p2m_reset();
    w->free_empty = page_pool_free_pages(&w->k.pool);
}

static uint8_t *ram(const struct domain *d, unsigned int page)
{
    return (uint8_t *)(uintptr_t)w->ram[d->id][page];
}

static struct domain *add_domain(unsigned int i, bool privileged)
{
    struct domain *d = &w->d[i];

    d->id = (uint16_t)i;
    d->keel = &w->k;
    d->privileged = privileged;
    d->state = DOMAIN_RUNNING;
    d->nr_vcpus = 1;
    d->vcpus[0] = &w->v[i];
    w->v[i].domain = d;
    d->next = w->k.domains;
    w->k.domains = d;
    CU_ASSERT_EQUAL_FATAL(grant_table_init(d), 0);
    for (unsigned int p = 0; p < RAM_PAGES; p++) {
        CU_ASSERT_EQUAL_FATAL(page_alloc(&w->k.pool, 0, &w->ram[i][p]), 0);
        memset((void *)(uintptr_t)w->ram[i][p], 0, PAGE_SIZE);
        CU_ASSERT_EQUAL_FATAL(arch_p2m_map_page(d, RAM_GFN + p, w->ram[i][p], false), 0);
        fake_map(d, GVA(p), ram(d, p), 1, FAKE_PROT_RW);
    }
    return d;
}

static void setup(void)
{
    make_world(POOL_SIZE);
    d0 = add_domain(0, true);
    d1 = add_domain(1, false);
    d2 = add_domain(2, false);
}

/* Every page comes back once the domains are gone: nothing leaked. */
static void teardown(void)
{
    for (unsigned int i = 0; i < NR_DOMS; i++)
        grant_table_release_mappings(&w->d[i]);
    for (unsigned int i = 0; i < NR_DOMS; i++) {
        CU_ASSERT_EQUAL(grant_foreign_maps(&w->d[i]), 0);
        grant_table_destroy(&w->d[i]);
        for (unsigned int p = 0; p < RAM_PAGES; p++)
            if (w->ram[i][p])
                CU_ASSERT_EQUAL(page_free(&w->k.pool, w->ram[i][p], 0), 0);
    }
    CU_ASSERT_EQUAL(page_pool_free_pages(&w->k.pool), w->free_empty);
    CU_ASSERT_EQUAL(w->k.heap.bad_frees, 0);
    CU_ASSERT_EQUAL(fake_locks_held(), 0);
    free(w->mem);
    free(w);
    w = NULL;
}

static struct grant_entry_v1 *entry(struct domain *d, grant_ref_t ref)
{
    struct grant_entry_v1 *f =
        (void *)(uintptr_t)d->grant->frame_pa[ref / GRANT_ENTRIES_PER_FRAME];

    return &f[ref % GRANT_ENTRIES_PER_FRAME];
}

/* The granter's side: d lets `to` use its RAM page `page` through ref. */
static void grant(struct domain *d, grant_ref_t ref, domid_t to,
                  unsigned int page, uint16_t flags)
{
    struct grant_entry_v1 *e = entry(d, ref);

    e->frame = (uint32_t)(RAM_GFN + page);
    e->domid = to;
    e->flags = flags;
}

static int16_t map(struct domain *ld, domid_t dom, grant_ref_t ref, uint64_t gfn,
                   uint32_t flags, struct gnttab_map_grant_ref *out)
{
    struct gnttab_map_grant_ref op = {
        .host_addr = gfn << PAGE_SHIFT, .flags = flags, .ref = ref, .dom = dom,
        .status = 99, .handle = 0xdead,
    };

    grant_map(ld, &op);
    if (out)
        *out = op;
    return op.status;
}

static int16_t unmap(struct domain *ld, uint64_t gfn, grant_handle_t h)
{
    struct gnttab_unmap_grant_ref op = { .host_addr = gfn << PAGE_SHIFT, .handle = h };

    return grant_unmap(ld, &op);
}

static bool p2m_has(struct domain *d, uint64_t gfn, paddr_t pa, bool ro)
{
    paddr_t got;
    bool got_ro;

    return !fake_p2m_get(d, gfn, &got, &got_ro) && got == pa && got_ro == ro;
}

static bool p2m_hole(struct domain *d, uint64_t gfn)
{
    paddr_t pa;
    bool ro;

    return fake_p2m_get(d, gfn, &pa, &ro) == -ENOENT;
}

static long hcall(struct domain *d, uint64_t cmd, uint64_t uop, uint64_t count)
{
    uint64_t args[5] = { cmd, uop, count, 0, 0 };

    return hypercall_dispatch(d->vcpus[0], __HYPERVISOR_grant_table_op, args);
}

/* --- the table and its frames --- */

static void test_init_one_zeroed_frame(void)
{
    setup();
    CU_ASSERT_EQUAL(d1->grant->nr_frames, GRANT_INITIAL_FRAMES);
    CU_ASSERT_EQUAL(d1->grant->max_frames, 64);
    for (grant_ref_t r = 0; r < GRANT_ENTRIES_PER_FRAME; r++)
        CU_ASSERT_EQUAL(entry(d1, r)->flags | entry(d1, r)->domid | entry(d1, r)->frame, 0);
    CU_ASSERT_EQUAL(grant_table_init(d1), -EEXIST);
    CU_ASSERT_EQUAL(grant_foreign_maps(d1), 0);
    teardown();
}

static void test_frames_grow_to_max(void)
{
    paddr_t pa[GRANT_MAX_FRAMES], again;
    uint64_t old;

    setup();
    CU_ASSERT_EQUAL(grant_table_frame(d1, 3, &pa[3]), 0);
    CU_ASSERT_EQUAL(d1->grant->nr_frames, 4);
    CU_ASSERT_EQUAL(grant_table_frame(d1, 63, &pa[63]), 0);
    CU_ASSERT_EQUAL(d1->grant->nr_frames, 64);
    for (unsigned int i = 0; i < GRANT_MAX_FRAMES; i++) {
        CU_ASSERT_EQUAL(grant_table_frame(d1, i, &pa[i]), 0);
        CU_ASSERT(IS_ALIGNED(pa[i], PAGE_SIZE));
        for (unsigned int j = 0; j < i; j++)
            CU_ASSERT_NOT_EQUAL(pa[i], pa[j]);
    }
    CU_ASSERT_EQUAL(grant_table_frame(d1, 3, &again), 0);
    CU_ASSERT_EQUAL(again, pa[3]);
    /* Beyond the maximum, and v2 status frames. */
    CU_ASSERT_EQUAL(grant_table_frame(d1, 64, &again), -EINVAL);
    CU_ASSERT_EQUAL(grant_table_frame(d1, GRANT_STATUS_FRAME, &again), -EINVAL);
    CU_ASSERT_EQUAL(grant_table_frame(d1, GRANT_STATUS_FRAME | 1, &again), -EINVAL);
    CU_ASSERT_EQUAL(grant_table_frame(d1, UINT32_MAX, &again), -EINVAL);
    CU_ASSERT_EQUAL(d1->grant->nr_frames, 64);
    /* The last entry of the last frame is usable. */
    grant(d1, 64 * 512 - 1, 2, 0, GTF_permit_access);
    CU_ASSERT_EQUAL(map(d2, 1, 64 * 512 - 1, MAP_GFN, RW, NULL), GNTST_okay);
    CU_ASSERT_EQUAL(map(d2, 1, 64 * 512, MAP_GFN + 1, RW, NULL), GNTST_bad_gntref);
    /* Where the guest put each frame. */
    CU_ASSERT_EQUAL(grant_table_set_frame_gfn(d1, 5, 0x38000, &old), 0);
    CU_ASSERT_EQUAL(old, GRANT_GFN_NONE);
    CU_ASSERT_EQUAL(grant_table_set_frame_gfn(d1, 5, 0x38100, &old), 0);
    CU_ASSERT_EQUAL(old, 0x38000);
    CU_ASSERT_EQUAL(grant_table_set_frame_gfn(d1, 64, 0x38000, &old), -EINVAL);
    teardown();
}

static void test_frames_out_of_memory(void)
{
    paddr_t pa, spare[8192];
    unsigned int n = 0;

    setup();
    while (n < ARRAY_SIZE(spare) && !page_alloc(&w->k.pool, 0, &spare[n]))
        n++;
    CU_ASSERT_FATAL(n < ARRAY_SIZE(spare));
    CU_ASSERT_EQUAL(grant_table_frame(d1, 1, &pa), -ENOMEM);
    CU_ASSERT_EQUAL(d1->grant->nr_frames, 1);
    /* One page is not enough either: a frame needs its active entries. */
    CU_ASSERT_EQUAL(page_free(&w->k.pool, spare[--n], 0), 0);
    CU_ASSERT_EQUAL(grant_table_frame(d1, 1, &pa), -ENOMEM);
    CU_ASSERT_EQUAL(d1->grant->nr_frames, 1);
    while (n)
        CU_ASSERT_EQUAL(page_free(&w->k.pool, spare[--n], 0), 0);
    CU_ASSERT_EQUAL(grant_table_frame(d1, 1, &pa), 0);
    CU_ASSERT_EQUAL(d1->grant->nr_frames, 2);
    teardown();
}

static void test_init_out_of_memory(void)
{
    struct domain d = { .id = 7 };
    paddr_t spare[8192];
    unsigned int n = 0;

    make_world(1ULL << 20);
    d.keel = &w->k;
    while (n < ARRAY_SIZE(spare) && !page_alloc(&w->k.pool, 0, &spare[n]))
        n++;
    CU_ASSERT_EQUAL(grant_table_init(&d), -ENOMEM);
    CU_ASSERT_PTR_NULL(d.grant);
    while (n)
        CU_ASSERT_EQUAL(page_free(&w->k.pool, spare[--n], 0), 0);
    CU_ASSERT_EQUAL(grant_table_init(&d), 0);
    grant_table_destroy(&d);
    CU_ASSERT_PTR_NULL(d.grant);
    CU_ASSERT_EQUAL(page_pool_free_pages(&w->k.pool), w->free_empty);
    free(w->mem);
    free(w);
}

/* --- map and unmap --- */

static void test_map_write_read_unmap(void)
{
    struct gnttab_map_grant_ref op;
    uint8_t *mapped;

    setup();
    grant(d1, 8, 2, 3, GTF_permit_access);
    CU_ASSERT_EQUAL(map(d2, 1, 8, MAP_GFN, RW, &op), GNTST_okay);
    CU_ASSERT_EQUAL(op.dev_bus_addr, w->ram[1][3]);
    CU_ASSERT(p2m_has(d2, MAP_GFN, w->ram[1][3], false));
    CU_ASSERT_EQUAL(entry(d1, 8)->flags, GTF_permit_access | INUSE);
    CU_ASSERT_EQUAL(grant_foreign_maps(d1), 1);
    CU_ASSERT_EQUAL(grant_foreign_maps(d2), 0);
    /* What d2 writes through its mapping, d1 reads in its page. */
    mapped = (uint8_t *)(uintptr_t)op.dev_bus_addr;
    memcpy(mapped + 100, "hello", 6);
    CU_ASSERT_STRING_EQUAL((char *)ram(d1, 3) + 100, "hello");
    CU_ASSERT_EQUAL(unmap(d2, MAP_GFN, op.handle), GNTST_okay);
    CU_ASSERT(p2m_hole(d2, MAP_GFN));
    CU_ASSERT_EQUAL(entry(d1, 8)->flags, GTF_permit_access);
    CU_ASSERT_EQUAL(grant_foreign_maps(d1), 0);
    teardown();
}

static void test_map_readonly_grant(void)
{
    struct gnttab_map_grant_ref op;

    setup();
    grant(d1, 9, 2, 1, GTF_permit_access | GTF_readonly);
    CU_ASSERT_EQUAL(map(d2, 1, 9, MAP_GFN, RW, NULL), GNTST_general_error);
    CU_ASSERT_EQUAL(entry(d1, 9)->flags, GTF_permit_access | GTF_readonly);
    CU_ASSERT(p2m_hole(d2, MAP_GFN));
    CU_ASSERT_EQUAL(map(d2, 1, 9, MAP_GFN, RO, &op), GNTST_okay);
    CU_ASSERT(p2m_has(d2, MAP_GFN, w->ram[1][1], true));
    CU_ASSERT_EQUAL(entry(d1, 9)->flags, GTF_permit_access | GTF_readonly | GTF_reading);
    CU_ASSERT_EQUAL(unmap(d2, MAP_GFN, op.handle), GNTST_okay);
    CU_ASSERT_EQUAL(entry(d1, 9)->flags, GTF_permit_access | GTF_readonly);
    teardown();
}

static void test_map_wrong_domain_or_revoked(void)
{
    setup();
    grant(d1, 10, 0, 1, GTF_permit_access);
    CU_ASSERT_EQUAL(map(d2, 1, 10, MAP_GFN, RW, NULL), GNTST_general_error);
    CU_ASSERT_EQUAL(entry(d1, 10)->flags, GTF_permit_access);
    grant(d1, 10, 2, 1, GTF_invalid);
    CU_ASSERT_EQUAL(map(d2, 1, 10, MAP_GFN, RW, NULL), GNTST_general_error);
    grant(d1, 10, 2, 1, GTF_accept_transfer);
    CU_ASSERT_EQUAL(map(d2, 1, 10, MAP_GFN, RW, NULL), GNTST_general_error);
    grant(d1, 10, 2, 1, GTF_transitive);
    CU_ASSERT_EQUAL(map(d2, 1, 10, MAP_GFN, RW, NULL), GNTST_general_error);
    grant(d1, 10, 2, 1, GTF_permit_access | GTF_sub_page);
    CU_ASSERT_EQUAL(map(d2, 1, 10, MAP_GFN, RW, NULL), GNTST_general_error);
    CU_ASSERT_EQUAL(entry(d1, 10)->flags, GTF_permit_access | GTF_sub_page);
    CU_ASSERT(p2m_hole(d2, MAP_GFN));
    CU_ASSERT_EQUAL(grant_foreign_maps(d1), 0);
    teardown();
}

static void test_map_bad_arguments(void)
{
    struct gnttab_map_grant_ref op;

    setup();
    grant(d1, 11, 2, 1, GTF_permit_access);
    CU_ASSERT_EQUAL(map(d2, 1, 11, MAP_GFN, 0, NULL), GNTST_bad_gntref);
    CU_ASSERT_EQUAL(map(d2, 1, 11, MAP_GFN, GNTMAP_readonly, NULL), GNTST_bad_gntref);
    CU_ASSERT_EQUAL(map(d2, 1, 11, MAP_GFN, RW | GNTMAP_device_map, NULL), GNTST_general_error);
    CU_ASSERT_EQUAL(map(d2, 1, 11, MAP_GFN, GNTMAP_device_map, NULL), GNTST_general_error);
    CU_ASSERT_EQUAL(map(d2, 1, 11, MAP_GFN, RW | GNTMAP_application_map, NULL), GNTST_general_error);
    CU_ASSERT_EQUAL(map(d2, 1, 11, MAP_GFN, RW | GNTMAP_contains_pte, NULL), GNTST_general_error);
    CU_ASSERT_EQUAL(map(d2, 1, 11, MAP_GFN, RW | 0x10000, NULL), GNTST_general_error);
    CU_ASSERT_EQUAL(map(d2, DOMID_SELF, 11, MAP_GFN, RW, NULL), GNTST_bad_domain);
    CU_ASSERT_EQUAL(map(d2, 9, 11, MAP_GFN, RW, NULL), GNTST_bad_domain);
    CU_ASSERT_EQUAL(map(d2, DOMID_IO, 11, MAP_GFN, RW, NULL), GNTST_bad_domain);
    CU_ASSERT_EQUAL(map(d2, 1, GRANT_ENTRIES_PER_FRAME, MAP_GFN, RW, NULL), GNTST_bad_gntref);
    CU_ASSERT_EQUAL(map(d2, 1, UINT32_MAX, MAP_GFN, RW, NULL), GNTST_bad_gntref);
    /* Failed maps leave the outputs alone, and nothing behind. */
    CU_ASSERT_EQUAL(map(d2, 1, 11, MAP_GFN, 0, &op), GNTST_bad_gntref);
    CU_ASSERT_EQUAL(op.handle, 0xdead);
    CU_ASSERT_EQUAL(entry(d1, 11)->flags, GTF_permit_access);
    CU_ASSERT(p2m_hole(d2, MAP_GFN));
    CU_ASSERT_EQUAL(d2->grant->maptrack_used, 0);
    /* A domain that is shutting down grants nothing new. */
    d1->state = DOMAIN_SHUTDOWN;
    CU_ASSERT_EQUAL(map(d2, 1, 11, MAP_GFN, RW, NULL), GNTST_bad_domain);
    d1->state = DOMAIN_RUNNING;
    teardown();
}

static void test_map_bad_frames(void)
{
    setup();
    /* A hole in the granter's physmap. */
    grant(d1, 12, 2, 0, GTF_permit_access);
    entry(d1, 12)->frame = 0x12345;
    CU_ASSERT_EQUAL(map(d2, 1, 12, MAP_GFN, RW, NULL), GNTST_bad_page);
    CU_ASSERT_EQUAL(entry(d1, 12)->flags, GTF_permit_access);
    /* A device. */
    CU_ASSERT_EQUAL(fake_p2m_add_device(d1, 0x9000, 0x9000000), 0);
    entry(d1, 12)->frame = 0x9000;
    CU_ASSERT_EQUAL(map(d2, 1, 12, MAP_GFN, RO, NULL), GNTST_bad_page);
    CU_ASSERT_EQUAL(entry(d1, 12)->flags, GTF_permit_access);
    CU_ASSERT(p2m_hole(d2, MAP_GFN));
    CU_ASSERT_EQUAL(grant_foreign_maps(d1), 0);
    CU_ASSERT_EQUAL(d2->grant->maptrack_used, 0);
    teardown();
}

/* A page d1 holds only by grant from d0 cannot be granted on to d2. */
static void test_map_regrant_refused(void)
{
    struct gnttab_map_grant_ref op;

    setup();
    grant(d0, 8, 1, 2, GTF_permit_access | GTF_readonly);
    CU_ASSERT_EQUAL(map(d1, 0, 8, MAP_GFN, RO, &op), GNTST_okay);
    grant(d1, 13, 2, 0, GTF_permit_access);
    entry(d1, 13)->frame = MAP_GFN;
    CU_ASSERT_EQUAL(map(d2, 1, 13, MAP_GFN, RW, NULL), GNTST_bad_page);
    CU_ASSERT_EQUAL(map(d2, 1, 13, MAP_GFN, RO, NULL), GNTST_bad_page);
    CU_ASSERT_EQUAL(entry(d1, 13)->flags, GTF_permit_access);
    CU_ASSERT_EQUAL(unmap(d1, MAP_GFN, op.handle), GNTST_okay);
    teardown();
}

static void test_map_p2m_failure_undone(void)
{
    setup();
    grant(d1, 14, 2, 1, GTF_permit_access);
    fake_p2m_map_failures = 1;
    CU_ASSERT_EQUAL(map(d2, 1, 14, MAP_GFN, RW, NULL), GNTST_general_error);
    /* Outside the IPA space. */
    CU_ASSERT_EQUAL(map(d2, 1, 14, 1ULL << 40, RW, NULL), GNTST_general_error);
    CU_ASSERT_EQUAL(entry(d1, 14)->flags, GTF_permit_access);
    CU_ASSERT_EQUAL(grant_foreign_maps(d1), 0);
    CU_ASSERT_EQUAL(d2->grant->maptrack_used, 0);
    CU_ASSERT_EQUAL(map(d2, 1, 14, MAP_GFN, RW, NULL), GNTST_okay);
    teardown();
}

static void test_map_same_gfn_twice_refused(void)
{
    struct gnttab_map_grant_ref op;

    setup();
    grant(d1, 15, 2, 1, GTF_permit_access);
    grant(d1, 16, 2, 2, GTF_permit_access);
    CU_ASSERT_EQUAL(map(d2, 1, 15, MAP_GFN, RW, &op), GNTST_okay);
    CU_ASSERT_EQUAL(map(d2, 1, 16, MAP_GFN, RW, NULL), GNTST_general_error);
    CU_ASSERT_EQUAL(entry(d1, 16)->flags, GTF_permit_access);
    CU_ASSERT(p2m_has(d2, MAP_GFN, w->ram[1][1], false));
    CU_ASSERT_EQUAL(unmap(d2, MAP_GFN, op.handle), GNTST_okay);
    CU_ASSERT_EQUAL(map(d2, 1, 16, MAP_GFN, RW, &op), GNTST_okay);
    teardown();
}

/* A domain may map its own grants by its own id (not by DOMID_SELF). */
static void test_map_own_grant(void)
{
    struct gnttab_map_grant_ref op;

    setup();
    grant(d1, 17, 1, 4, GTF_permit_access);
    CU_ASSERT_EQUAL(map(d1, 1, 17, MAP_GFN, RW, &op), GNTST_okay);
    CU_ASSERT_EQUAL(op.dev_bus_addr, w->ram[1][4]);
    /* Not a foreign mapping: it does not hold the domain's death up. */
    CU_ASSERT_EQUAL(grant_foreign_maps(d1), 0);
    CU_ASSERT_EQUAL(unmap(d1, MAP_GFN, op.handle), GNTST_okay);
    CU_ASSERT_EQUAL(entry(d1, 17)->flags, GTF_permit_access);
    teardown();
}

static void test_pin_counts_two_mappings(void)
{
    struct gnttab_map_grant_ref a, b;

    setup();
    grant(d1, 20, 2, 5, GTF_permit_access);
    CU_ASSERT_EQUAL(map(d2, 1, 20, MAP_GFN, RO, &a), GNTST_okay);
    CU_ASSERT_EQUAL(entry(d1, 20)->flags, GTF_permit_access | GTF_reading);
    CU_ASSERT_EQUAL(map(d2, 1, 20, MAP_GFN + 1, RW, &b), GNTST_okay);
    CU_ASSERT_NOT_EQUAL(a.handle, b.handle);
    CU_ASSERT_EQUAL(a.dev_bus_addr, b.dev_bus_addr);
    CU_ASSERT_EQUAL(entry(d1, 20)->flags, GTF_permit_access | INUSE);
    CU_ASSERT_EQUAL(grant_foreign_maps(d1), 2);
    /* The writer goes: still read. */
    CU_ASSERT_EQUAL(unmap(d2, MAP_GFN + 1, b.handle), GNTST_okay);
    CU_ASSERT_EQUAL(entry(d1, 20)->flags, GTF_permit_access | GTF_reading);
    CU_ASSERT(p2m_has(d2, MAP_GFN, w->ram[1][5], true));
    CU_ASSERT_EQUAL(unmap(d2, MAP_GFN, a.handle), GNTST_okay);
    CU_ASSERT_EQUAL(entry(d1, 20)->flags, GTF_permit_access);
    /* The other way round: the reader goes first. */
    CU_ASSERT_EQUAL(map(d2, 1, 20, MAP_GFN, RW, &a), GNTST_okay);
    CU_ASSERT_EQUAL(map(d2, 1, 20, MAP_GFN + 1, RO, &b), GNTST_okay);
    CU_ASSERT_EQUAL(unmap(d2, MAP_GFN + 1, b.handle), GNTST_okay);
    CU_ASSERT_EQUAL(entry(d1, 20)->flags, GTF_permit_access | INUSE);
    CU_ASSERT_EQUAL(unmap(d2, MAP_GFN, a.handle), GNTST_okay);
    CU_ASSERT_EQUAL(entry(d1, 20)->flags, GTF_permit_access);
    CU_ASSERT_EQUAL(grant_foreign_maps(d1), 0);
    teardown();
}

/* Once pinned, the grant is what it was at the first pin: the granter's
 * later changes to the entry do not move or widen existing use. */
static void test_entry_changed_while_pinned(void)
{
    struct gnttab_map_grant_ref a, b;
    uint32_t expect;

    setup();
    grant(d1, 21, 2, 6, GTF_permit_access);
    CU_ASSERT_EQUAL(map(d2, 1, 21, MAP_GFN, RO, &a), GNTST_okay);
    /* Revoking with a compare-and-swap, as Linux does, fails while in use. */
    expect = GTF_permit_access | (2U << 16);
    CU_ASSERT_FALSE(__atomic_compare_exchange_n((uint32_t *)entry(d1, 21), &expect, 0,
                                                false, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST));
    /* A new frame number does not move a pinned grant. */
    entry(d1, 21)->frame = (uint32_t)(RAM_GFN + 7);
    CU_ASSERT_EQUAL(map(d2, 1, 21, MAP_GFN + 1, RO, &b), GNTST_okay);
    CU_ASSERT_EQUAL(b.dev_bus_addr, w->ram[1][6]);
    /* Made read-only after a read pin: no write pin. */
    entry(d1, 21)->flags |= GTF_readonly;
    CU_ASSERT_EQUAL(map(d2, 1, 21, MAP_GFN + 2, RW, NULL), GNTST_general_error);
    /* Handed to another domain while pinned by d2: refused to d0. */
    entry(d1, 21)->domid = 0;
    CU_ASSERT_EQUAL(map(d0, 1, 21, MAP_GFN, RO, NULL), GNTST_general_error);
    CU_ASSERT_EQUAL(unmap(d2, MAP_GFN, a.handle), GNTST_okay);
    CU_ASSERT_EQUAL(unmap(d2, MAP_GFN + 1, b.handle), GNTST_okay);
    CU_ASSERT_EQUAL(entry(d1, 21)->flags, GTF_permit_access | GTF_readonly);
    /* Unpinned, the entry is read afresh: now d0's, at page 7. */
    CU_ASSERT_EQUAL(map(d0, 1, 21, MAP_GFN, RO, &a), GNTST_okay);
    CU_ASSERT_EQUAL(a.dev_bus_addr, w->ram[1][7]);
    CU_ASSERT_EQUAL(map(d2, 1, 21, MAP_GFN, RO, NULL), GNTST_general_error);
    teardown();
}

static void test_pin_count_overflow(void)
{
    struct grant_active *act;

    setup();
    grant(d1, 22, 2, 1, GTF_permit_access);
    act = (struct grant_active *)(uintptr_t)d1->grant->active_pa[0] + 22;
    CU_ASSERT_EQUAL(map(d2, 1, 22, MAP_GFN, RO, NULL), GNTST_okay);
    act->readers = UINT16_MAX;
    CU_ASSERT_EQUAL(map(d2, 1, 22, MAP_GFN + 1, RO, NULL), GNTST_general_error);
    CU_ASSERT_EQUAL(map(d2, 1, 22, MAP_GFN + 1, RW, NULL), GNTST_okay);
    act->readers = 1;
    teardown();
}

struct flipper {
    uint16_t *flags;
    uint16_t bits;
    bool stop;
};

static int flip(void *arg)
{
    struct flipper *f = arg;

    while (!__atomic_load_n(&f->stop, __ATOMIC_ACQUIRE))
        __atomic_fetch_xor(f->flags, f->bits, __ATOMIC_SEQ_CST);
    return 0;
}

/* The guest rewrites its entry while we pin and unpin it: every pin either
 * succeeds or fails cleanly, and in the end no in-use flag is left over. */
static void run_against_flipper(uint16_t bits, uint32_t map_flags)
{
    struct flipper f;
    thrd_t t;
    unsigned int ok = 0;

    setup();
    grant(d1, 23, 2, 1, GTF_permit_access);
    f.flags = &entry(d1, 23)->flags;
    f.bits = bits;
    f.stop = false;
    CU_ASSERT_EQUAL_FATAL(thrd_create(&t, flip, &f), thrd_success);
    for (unsigned int i = 0; i < 3000; i++) {
        struct gnttab_map_grant_ref op;
        int16_t st = map(d2, 1, 23, MAP_GFN, map_flags, &op);

        CU_ASSERT(st == GNTST_okay || st == GNTST_general_error);
        if (st == GNTST_okay) {
            ok++;
            CU_ASSERT(entry(d1, 23)->flags & GTF_reading);
            CU_ASSERT_EQUAL(unmap(d2, MAP_GFN, op.handle), GNTST_okay);
        }
    }
    __atomic_store_n(&f.stop, true, __ATOMIC_RELEASE);
    CU_ASSERT_EQUAL(thrd_join(t, NULL), thrd_success);
    CU_ASSERT_EQUAL(entry(d1, 23)->flags & INUSE, 0);
    CU_ASSERT_EQUAL(grant_foreign_maps(d1), 0);
    CU_ASSERT_EQUAL(d2->grant->maptrack_used, 0);
    /* Quiet again, the grant works. */
    entry(d1, 23)->flags = GTF_permit_access;
    CU_ASSERT_EQUAL(map(d2, 1, 23, MAP_GFN, map_flags, NULL), GNTST_okay);
    teardown();
}

static void test_guest_rewrites_entry_concurrently(void)
{
    run_against_flipper(GTF_PWT, RW);
    run_against_flipper(GTF_readonly, RW);
    run_against_flipper(GTF_permit_access, RO);
}

static void test_unmap_bad_handles(void)
{
    struct gnttab_map_grant_ref op;
    struct gnttab_unmap_grant_ref u = { 0 };

    setup();
    CU_ASSERT_EQUAL(unmap(d2, MAP_GFN, 0), GNTST_bad_handle);
    CU_ASSERT_EQUAL(unmap(d2, MAP_GFN, UINT32_MAX), GNTST_bad_handle);
    grant(d1, 30, 2, 1, GTF_permit_access);
    CU_ASSERT_EQUAL(map(d2, 1, 30, MAP_GFN, RW, &op), GNTST_okay);
    CU_ASSERT_EQUAL(unmap(d2, MAP_GFN, op.handle + 1), GNTST_bad_handle);
    CU_ASSERT_EQUAL(unmap(d2, MAP_GFN, 1000000), GNTST_bad_handle);
    /* Another domain's handle means nothing here. */
    CU_ASSERT_EQUAL(unmap(d0, MAP_GFN, op.handle), GNTST_bad_handle);
    /* The wrong address: refused, and the mapping stays. */
    CU_ASSERT_EQUAL(unmap(d2, MAP_GFN + 1, op.handle), GNTST_general_error);
    CU_ASSERT(p2m_has(d2, MAP_GFN, w->ram[1][1], false));
    /* No address: Xen leaves the host mapping alone and says okay. */
    u.handle = op.handle;
    CU_ASSERT_EQUAL(grant_unmap(d2, &u), GNTST_okay);
    CU_ASSERT(p2m_has(d2, MAP_GFN, w->ram[1][1], false));
    CU_ASSERT_EQUAL(entry(d1, 30)->flags, GTF_permit_access | INUSE);
    CU_ASSERT_EQUAL(unmap(d2, MAP_GFN, op.handle), GNTST_okay);
    CU_ASSERT_EQUAL(unmap(d2, MAP_GFN, op.handle), GNTST_bad_handle);
    CU_ASSERT_EQUAL(entry(d1, 30)->flags, GTF_permit_access);
    teardown();
}

/* The guest put something else at the mapped gfn: unmapping would remove
 * that, so it is refused as on Xen, and the pin stays until d2 dies. */
static void test_unmap_after_guest_remapped(void)
{
    struct gnttab_map_grant_ref op;

    setup();
    grant(d1, 31, 2, 1, GTF_permit_access);
    CU_ASSERT_EQUAL(map(d2, 1, 31, MAP_GFN, RW, &op), GNTST_okay);
    CU_ASSERT_EQUAL(arch_p2m_map_page(d2, MAP_GFN, w->ram[2][0], false), 0);
    CU_ASSERT_EQUAL(unmap(d2, MAP_GFN, op.handle), GNTST_general_error);
    CU_ASSERT(p2m_has(d2, MAP_GFN, w->ram[2][0], false));
    CU_ASSERT_EQUAL(grant_foreign_maps(d1), 1);
    grant_table_release_mappings(d2);
    CU_ASSERT_EQUAL(grant_foreign_maps(d1), 0);
    CU_ASSERT_EQUAL(entry(d1, 31)->flags, GTF_permit_access);
    teardown();
}

static void test_maptrack_limits(void)
{
    const uint32_t per_page = PAGE_SIZE / sizeof(struct grant_mapping);
    const uint32_t max = GRANT_MAPTRACK_PAGES * per_page;
    paddr_t spare[8192];
    unsigned int n = 0;
    uint32_t h;

    setup();
    grant(d1, 40, 2, 1, GTF_permit_access);
    /* No page for the first maptrack page. */
    while (n < ARRAY_SIZE(spare) && !page_alloc(&w->k.pool, 0, &spare[n]))
        n++;
    CU_ASSERT_FATAL(n < ARRAY_SIZE(spare));
    CU_ASSERT_EQUAL(map(d2, 1, 40, MAP_GFN, RO, NULL), GNTST_no_space);
    CU_ASSERT_EQUAL(entry(d1, 40)->flags, GTF_permit_access);
    while (n)
        CU_ASSERT_EQUAL(page_free(&w->k.pool, spare[--n], 0), 0);
    /* Fill every handle there can be, then one more. */
    for (h = 0; h < max; h++) {
        struct gnttab_map_grant_ref op;

        if (map(d2, 1, 40, MAP_GFN + h, RO, &op) != GNTST_okay || op.handle != h)
            break;
    }
    CU_ASSERT_EQUAL(h, max);
    CU_ASSERT_EQUAL(map(d2, 1, 40, MAP_GFN + max, RO, NULL), GNTST_no_space);
    CU_ASSERT_EQUAL(grant_foreign_maps(d1), max);
    /* A freed handle is reused. */
    CU_ASSERT_EQUAL(unmap(d2, MAP_GFN + 77, 77), GNTST_okay);
    CU_ASSERT_EQUAL(map(d2, 1, 40, MAP_GFN + max, RO, NULL), GNTST_okay);
    for (h = 0; h < max; h++)
        if (unmap(d2, MAP_GFN + (h == 77 ? max : h), h) != GNTST_okay)
            break;
    CU_ASSERT_EQUAL(h, max);
    CU_ASSERT_EQUAL(entry(d1, 40)->flags, GTF_permit_access);
    CU_ASSERT_EQUAL(grant_foreign_maps(d1), 0);
    teardown();
}

/* A backend under load: hundreds of grants mapped at once, read-only
 * and writable mixed, then unmapped in an order unrelated to the mapping
 * one; each unmap must undo exactly its own mapping. */
static void test_many_mapped_unmapped_in_any_order(void)
{
    enum { N = 384, STRIDE = 97 };  /* STRIDE coprime with N: a permutation */
    grant_handle_t handle[N];

    setup();
    for (grant_ref_t r = 0; r < N; r++) {
        struct gnttab_map_grant_ref op;
        uint16_t flags = GTF_permit_access | (r & 1 ? GTF_readonly : 0);

        grant(d1, r, 2, r % RAM_PAGES, flags);
        CU_ASSERT_EQUAL_FATAL(map(d2, 1, r, MAP_GFN + r, r & 1 ? RO : RW, &op),
                              GNTST_okay);
        handle[r] = op.handle;
    }
    CU_ASSERT_EQUAL(grant_foreign_maps(d1), N);
    for (unsigned int k = 0; k < N; k++) {
        grant_ref_t r = (grant_ref_t)((k * STRIDE) % N);

        CU_ASSERT_EQUAL(unmap(d2, MAP_GFN + r, handle[r]), GNTST_okay);
        CU_ASSERT(p2m_hole(d2, MAP_GFN + r));
        CU_ASSERT_EQUAL(entry(d1, r)->flags & INUSE, 0);
        CU_ASSERT_EQUAL(grant_foreign_maps(d1), N - 1 - k);
        /* A mapping not yet undone is untouched. */
        if (k + 1 < N) {
            grant_ref_t next = (grant_ref_t)(((k + 1) * STRIDE) % N);

            CU_ASSERT(p2m_has(d2, MAP_GFN + next, w->ram[1][next % RAM_PAGES],
                              next & 1));
        }
    }
    teardown();
}

/* --- copy --- */

static struct gnttab_copy copy_op(uint16_t flags, uint64_t src, domid_t sdom,
                                  uint16_t soff, uint64_t dst, domid_t ddom,
                                  uint16_t doff, uint16_t len)
{
    struct gnttab_copy op = { .len = len, .flags = flags, .status = 99 };

    op.source.u.gmfn = src;
    op.source.domid = sdom;
    op.source.offset = soff;
    op.dest.u.gmfn = dst;
    op.dest.domid = ddom;
    op.dest.offset = doff;
    return op;
}

static int16_t copy(struct gnttab_copy op)
{
    return grant_copy(d2, &op);
}

static void test_copy_between_domains(void)
{
    setup();
    grant(d1, 50, 2, 2, GTF_permit_access);
    grant(d0, 51, 2, 3, GTF_permit_access | GTF_readonly);
    memcpy(ram(d2, 1) + 10, "from-d2", 8);
    /* Own frame -> d1's grant. */
    CU_ASSERT_EQUAL(copy(copy_op(GNTCOPY_dest_gref, RAM_GFN + 1, DOMID_SELF, 10,
                                 50, 1, 4000, 8)), GNTST_okay);
    CU_ASSERT_STRING_EQUAL((char *)ram(d1, 2) + 4000, "from-d2");
    CU_ASSERT_EQUAL(entry(d1, 50)->flags, GTF_permit_access);
    /* d0's read-only grant -> own frame. */
    memcpy(ram(d0, 3), "from-d0", 8);
    CU_ASSERT_EQUAL(copy(copy_op(GNTCOPY_source_gref, 51, 0, 0, RAM_GFN + 4,
                                 DOMID_SELF, 4088, 8)), GNTST_okay);
    CU_ASSERT_STRING_EQUAL((char *)ram(d2, 4) + 4088, "from-d0");
    /* Grant -> grant, a whole page. */
    memset(ram(d0, 3), 0x5c, PAGE_SIZE);
    CU_ASSERT_EQUAL(copy(copy_op(GNTCOPY_source_gref | GNTCOPY_dest_gref, 51, 0, 0,
                                 50, 1, 0, PAGE_SIZE)), GNTST_okay);
    CU_ASSERT_EQUAL(ram(d1, 2)[0], 0x5c);
    CU_ASSERT_EQUAL(ram(d1, 2)[PAGE_SIZE - 1], 0x5c);
    /* Own frame -> own frame, and within one granted page. */
    CU_ASSERT_EQUAL(copy(copy_op(0, RAM_GFN + 4, DOMID_SELF, 4088, RAM_GFN + 5,
                                 DOMID_SELF, 0, 8)), GNTST_okay);
    CU_ASSERT_STRING_EQUAL((char *)ram(d2, 5), "from-d0");
    memcpy(ram(d1, 2), "abcdef", 6);
    CU_ASSERT_EQUAL(copy(copy_op(GNTCOPY_source_gref | GNTCOPY_dest_gref, 50, 1, 0,
                                 50, 1, 2, 4)), GNTST_okay);
    CU_ASSERT_EQUAL(memcmp(ram(d1, 2), "ababcd", 6), 0);
    CU_ASSERT_EQUAL(entry(d1, 50)->flags, GTF_permit_access);
    CU_ASSERT_EQUAL(entry(d0, 51)->flags, GTF_permit_access | GTF_readonly);
    CU_ASSERT_EQUAL(grant_foreign_maps(d0) + grant_foreign_maps(d1), 0);
    teardown();
}

static void test_copy_errors(void)
{
    struct gnttab_map_grant_ref m;

    setup();
    grant(d1, 52, 2, 2, GTF_permit_access);
    grant(d1, 53, 2, 3, GTF_permit_access | GTF_readonly);
    grant(d1, 54, 0, 3, GTF_permit_access);
    /* Nothing to copy: nothing is even looked at. */
    CU_ASSERT_EQUAL(copy(copy_op(3, 99999, 9, 5000, 99999, 9, 5000, 0)), GNTST_okay);
    /* Frames by number only in the caller's own memory. */
    CU_ASSERT_EQUAL(copy(copy_op(GNTCOPY_dest_gref, RAM_GFN, 1, 0, 52, 1, 0, 8)),
                    GNTST_permission_denied);
    CU_ASSERT_EQUAL(copy(copy_op(GNTCOPY_source_gref, 52, 1, 0, RAM_GFN, 2, 0, 8)),
                    GNTST_permission_denied);
    CU_ASSERT_EQUAL(copy(copy_op(GNTCOPY_dest_gref, RAM_GFN, DOMID_SELF, 0, 52, 9, 0, 8)),
                    GNTST_bad_domain);
    CU_ASSERT_EQUAL(copy(copy_op(GNTCOPY_dest_gref, RAM_GFN, DOMID_SELF, 0, 9999, 1, 0, 8)),
                    GNTST_bad_gntref);
    /* Write to a read-only grant, use of someone else's grant. */
    CU_ASSERT_EQUAL(copy(copy_op(GNTCOPY_dest_gref, RAM_GFN, DOMID_SELF, 0, 53, 1, 0, 8)),
                    GNTST_general_error);
    CU_ASSERT_EQUAL(copy(copy_op(GNTCOPY_source_gref, 54, 1, 0, RAM_GFN, DOMID_SELF, 0, 8)),
                    GNTST_general_error);
    /* Crossing the end of a page, on either side. */
    CU_ASSERT_EQUAL(copy(copy_op(GNTCOPY_dest_gref, RAM_GFN, DOMID_SELF, 4090, 52, 1, 0, 8)),
                    GNTST_bad_copy_arg);
    CU_ASSERT_EQUAL(copy(copy_op(GNTCOPY_dest_gref, RAM_GFN, DOMID_SELF, 0, 52, 1, 4089, 8)),
                    GNTST_bad_copy_arg);
    CU_ASSERT_EQUAL(copy(copy_op(0, RAM_GFN, DOMID_SELF, 65535, RAM_GFN + 1, DOMID_SELF, 0, 1)),
                    GNTST_bad_copy_arg);
    CU_ASSERT_EQUAL(copy(copy_op(0, RAM_GFN, DOMID_SELF, 0, RAM_GFN + 1, DOMID_SELF, 0, 4097)),
                    GNTST_bad_copy_arg);
    /* Own frames that are holes, devices, or grant mappings. */
    CU_ASSERT_EQUAL(copy(copy_op(GNTCOPY_dest_gref, 0x123, DOMID_SELF, 0, 52, 1, 0, 8)),
                    GNTST_bad_page);
    CU_ASSERT_EQUAL(fake_p2m_add_device(d2, 0x9000, 0x9000000), 0);
    CU_ASSERT_EQUAL(copy(copy_op(GNTCOPY_source_gref, 52, 1, 0, 0x9000, DOMID_SELF, 0, 8)),
                    GNTST_bad_page);
    CU_ASSERT_EQUAL(map(d2, 1, 53, MAP_GFN, RO, &m), GNTST_okay);
    CU_ASSERT_EQUAL(copy(copy_op(0, RAM_GFN, DOMID_SELF, 0, MAP_GFN, DOMID_SELF, 0, 8)),
                    GNTST_bad_page);
    CU_ASSERT_EQUAL(copy(copy_op(0, MAP_GFN, DOMID_SELF, 0, RAM_GFN, DOMID_SELF, 0, 8)),
                    GNTST_bad_page);
    CU_ASSERT_EQUAL(unmap(d2, MAP_GFN, m.handle), GNTST_okay);
    /* A grant of a hole. */
    entry(d1, 52)->frame = 0x777;
    CU_ASSERT_EQUAL(copy(copy_op(GNTCOPY_source_gref, 52, 1, 0, RAM_GFN, DOMID_SELF, 0, 8)),
                    GNTST_bad_page);
    /* Every failure let go of what it had pinned. */
    CU_ASSERT_EQUAL(entry(d1, 52)->flags, GTF_permit_access);
    CU_ASSERT_EQUAL(entry(d1, 53)->flags, GTF_permit_access | GTF_readonly);
    CU_ASSERT_EQUAL(entry(d1, 54)->flags, GTF_permit_access);
    CU_ASSERT_EQUAL(grant_foreign_maps(d1), 0);
    teardown();
}

/* A copy takes part in the pin counts: a copy through an entry mapped
 * read-only by the same domain leaves the mapping's flag in place. */
static void test_copy_keeps_mapping_pins(void)
{
    struct gnttab_map_grant_ref m;

    setup();
    grant(d1, 55, 2, 2, GTF_permit_access);
    CU_ASSERT_EQUAL(map(d2, 1, 55, MAP_GFN, RO, &m), GNTST_okay);
    CU_ASSERT_EQUAL(copy(copy_op(GNTCOPY_dest_gref, RAM_GFN, DOMID_SELF, 0, 55, 1, 0, 8)),
                    GNTST_okay);
    CU_ASSERT_EQUAL(entry(d1, 55)->flags, GTF_permit_access | GTF_reading);
    CU_ASSERT_EQUAL(grant_foreign_maps(d1), 1);
    CU_ASSERT_EQUAL(unmap(d2, MAP_GFN, m.handle), GNTST_okay);
    CU_ASSERT_EQUAL(entry(d1, 55)->flags, GTF_permit_access);
    teardown();
}

/* --- lifecycle --- */

static void test_destroy_mapper_drops_pins(void)
{
    setup();
    grant(d1, 60, 2, 1, GTF_permit_access);
    grant(d0, 61, 2, 1, GTF_permit_access | GTF_readonly);
    CU_ASSERT_EQUAL(map(d2, 1, 60, MAP_GFN, RW, NULL), GNTST_okay);
    CU_ASSERT_EQUAL(map(d2, 1, 60, MAP_GFN + 1, RO, NULL), GNTST_okay);
    CU_ASSERT_EQUAL(map(d2, 0, 61, MAP_GFN + 2, RO, NULL), GNTST_okay);
    CU_ASSERT_EQUAL(grant_foreign_maps(d1), 2);
    grant_table_destroy(d2);
    CU_ASSERT_PTR_NULL(d2->grant);
    CU_ASSERT(p2m_hole(d2, MAP_GFN) && p2m_hole(d2, MAP_GFN + 2));
    CU_ASSERT_EQUAL(entry(d1, 60)->flags, GTF_permit_access);
    CU_ASSERT_EQUAL(entry(d0, 61)->flags, GTF_permit_access | GTF_readonly);
    CU_ASSERT_EQUAL(grant_foreign_maps(d0) + grant_foreign_maps(d1), 0);
    /* With no table, every operation fails cleanly. */
    CU_ASSERT_EQUAL(map(d2, 1, 60, MAP_GFN, RW, NULL), GNTST_general_error);
    CU_ASSERT_EQUAL(unmap(d2, MAP_GFN, 0), GNTST_bad_handle);
    CU_ASSERT_EQUAL(copy(copy_op(0, RAM_GFN, DOMID_SELF, 0, RAM_GFN, DOMID_SELF, 0, 1)),
                    GNTST_general_error);
    CU_ASSERT_EQUAL(map(d0, 2, 0, MAP_GFN, RW, NULL), GNTST_bad_domain);
    grant_table_destroy(d2);
    teardown();
}

/* The granter goes first while d2 still maps its page: the table lives on,
 * orphaned, until d2's last unmap frees it. */
static void test_destroy_granter_with_live_mapping(void)
{
    struct gnttab_map_grant_ref a, b;
    uint64_t before;

    setup();
    grant(d1, 62, 2, 1, GTF_permit_access);
    grant(d1, 63, 2, 2, GTF_permit_access);
    CU_ASSERT_EQUAL(map(d2, 1, 62, MAP_GFN, RW, &a), GNTST_okay);
    CU_ASSERT_EQUAL(map(d2, 1, 63, MAP_GFN + 1, RO, &b), GNTST_okay);
    CU_ASSERT_EQUAL(grant_foreign_maps(d1), 2);
    before = page_pool_free_pages(&w->k.pool);
    grant_table_destroy(d1);
    CU_ASSERT_PTR_NULL(d1->grant);
    CU_ASSERT_EQUAL(grant_foreign_maps(d1), 0);
    CU_ASSERT_EQUAL(page_pool_free_pages(&w->k.pool), before);
    CU_ASSERT_EQUAL(map(d2, 1, 62, MAP_GFN + 2, RW, NULL), GNTST_bad_domain);
    CU_ASSERT_EQUAL(unmap(d2, MAP_GFN, a.handle), GNTST_okay);
    CU_ASSERT_EQUAL(page_pool_free_pages(&w->k.pool), before);
    CU_ASSERT_EQUAL(unmap(d2, MAP_GFN + 1, b.handle), GNTST_okay);
    /* Frame, active entries (2 pages) and the table's heap block. */
    CU_ASSERT(page_pool_free_pages(&w->k.pool) >= before + 3);
    teardown();
}

/* Two dying domains that map each other's pages: releasing each one's
 * mappings first lets both counts reach zero. */
static void test_release_mappings_breaks_cycles(void)
{
    setup();
    grant(d1, 64, 2, 1, GTF_permit_access);
    grant(d2, 64, 1, 1, GTF_permit_access);
    CU_ASSERT_EQUAL(map(d2, 1, 64, MAP_GFN, RW, NULL), GNTST_okay);
    CU_ASSERT_EQUAL(map(d1, 2, 64, MAP_GFN, RW, NULL), GNTST_okay);
    CU_ASSERT_EQUAL(grant_foreign_maps(d1), 1);
    CU_ASSERT_EQUAL(grant_foreign_maps(d2), 1);
    grant_table_release_mappings(d1);
    grant_table_release_mappings(d2);
    CU_ASSERT_EQUAL(grant_foreign_maps(d1), 0);
    CU_ASSERT_EQUAL(grant_foreign_maps(d2), 0);
    CU_ASSERT(p2m_hole(d1, MAP_GFN) && p2m_hole(d2, MAP_GFN));
    grant_table_release_mappings(d1);
    teardown();
}

/* --- the hypercall --- */

static void test_op_query_size(void)
{
    struct gnttab_query_size *q;

    setup();
    q = (void *)ram(d1, 0);
    q->dom = DOMID_SELF;
    q->status = 99;
    CU_ASSERT_EQUAL(hcall(d1, GNTTABOP_query_size, GVA(0), 1), 0);
    CU_ASSERT_EQUAL(q->status, GNTST_okay);
    CU_ASSERT_EQUAL(q->nr_frames, 1);
    CU_ASSERT_EQUAL(q->max_nr_frames, 64);
    /* Another domain's: only for the control domain. */
    q->dom = 2;
    CU_ASSERT_EQUAL(hcall(d1, GNTTABOP_query_size, GVA(0), 1), 0);
    CU_ASSERT_EQUAL(q->status, GNTST_permission_denied);
    q = (void *)ram(d0, 0);
    q->dom = 1;
    CU_ASSERT_EQUAL(hcall(d0, GNTTABOP_query_size, GVA(0), 1), 0);
    CU_ASSERT_EQUAL(q->status, GNTST_okay);
    q->dom = 5;
    CU_ASSERT_EQUAL(hcall(d0, GNTTABOP_query_size, GVA(0), 1), 0);
    CU_ASSERT_EQUAL(q->status, GNTST_bad_domain);
    CU_ASSERT_EQUAL(hcall(d0, GNTTABOP_query_size, GVA(0), 2), -EINVAL);
    CU_ASSERT_EQUAL(hcall(d0, GNTTABOP_query_size, GVA(0), 0), -EINVAL);
    CU_ASSERT_EQUAL(hcall(d0, GNTTABOP_query_size, 0x1000, 1), -EFAULT);
    /* The struct straddles into a hole. */
    CU_ASSERT_EQUAL(hcall(d0, GNTTABOP_query_size, GVA(RAM_PAGES) - 8, 1), -EFAULT);
    teardown();
}

static void test_op_versions(void)
{
    uint32_t *v;
    struct gnttab_get_version *g;

    setup();
    v = (uint32_t *)ram(d1, 0);
    *v = 1;
    CU_ASSERT_EQUAL(hcall(d1, GNTTABOP_set_version, GVA(0), 1), 0);
    CU_ASSERT_EQUAL(*v, 1);
    *v = 2;
    CU_ASSERT_EQUAL(hcall(d1, GNTTABOP_set_version, GVA(0), 1), -ENOSYS);
    CU_ASSERT_EQUAL(*v, 1);
    *v = 0;
    CU_ASSERT_EQUAL(hcall(d1, GNTTABOP_set_version, GVA(0), 1), -EINVAL);
    CU_ASSERT_EQUAL(*v, 1);
    *v = 3;
    CU_ASSERT_EQUAL(hcall(d1, GNTTABOP_set_version, GVA(0), 1), -EINVAL);
    CU_ASSERT_EQUAL(hcall(d1, GNTTABOP_set_version, 0xdead0000, 1), -EFAULT);
    g = (void *)ram(d1, 1);
    g->dom = DOMID_SELF;
    g->version = 0;
    CU_ASSERT_EQUAL(hcall(d1, GNTTABOP_get_version, GVA(1), 1), 0);
    CU_ASSERT_EQUAL(g->version, 1);
    g->dom = 2;
    CU_ASSERT_EQUAL(hcall(d1, GNTTABOP_get_version, GVA(1), 1), -EPERM);
    g->dom = 8;
    CU_ASSERT_EQUAL(hcall(d1, GNTTABOP_get_version, GVA(1), 1), -ESRCH);
    CU_ASSERT_EQUAL(hcall(d1, GNTTABOP_get_version, 0xdead0000, 1), -EFAULT);
    g = (void *)ram(d0, 1);
    g->dom = 2;
    g->version = 0;
    CU_ASSERT_EQUAL(hcall(d0, GNTTABOP_get_version, GVA(1), 1), 0);
    CU_ASSERT_EQUAL(g->version, 1);
    teardown();
}

static void test_op_setup_table(void)
{
    struct gnttab_setup_table *s;
    uint64_t *list, old;

    setup();
    s = (void *)ram(d1, 0);
    list = (uint64_t *)ram(d1, 1);
    s->dom = DOMID_SELF;
    s->nr_frames = 4;
    s->frame_list.p = GVA(1);
    CU_ASSERT_EQUAL(grant_table_set_frame_gfn(d1, 0, 0x38000, &old), 0);
    CU_ASSERT_EQUAL(hcall(d1, GNTTABOP_setup_table, GVA(0), 1), 0);
    CU_ASSERT_EQUAL(s->status, GNTST_okay);
    CU_ASSERT_EQUAL(d1->grant->nr_frames, 4);
    CU_ASSERT_EQUAL(list[0], 0x38000);
    CU_ASSERT_EQUAL(list[1], GRANT_GFN_NONE);
    CU_ASSERT_EQUAL(list[3], GRANT_GFN_NONE);
    s->nr_frames = 65;
    CU_ASSERT_EQUAL(hcall(d1, GNTTABOP_setup_table, GVA(0), 1), 0);
    CU_ASSERT_EQUAL(s->status, GNTST_general_error);
    CU_ASSERT_EQUAL(d1->grant->nr_frames, 4);
    s->nr_frames = 2;
    s->frame_list.p = 0xdead0000;
    CU_ASSERT_EQUAL(hcall(d1, GNTTABOP_setup_table, GVA(0), 1), 0);
    CU_ASSERT_EQUAL(s->status, GNTST_bad_virt_addr);
    s->dom = 2;
    CU_ASSERT_EQUAL(hcall(d1, GNTTABOP_setup_table, GVA(0), 1), 0);
    CU_ASSERT_EQUAL(s->status, GNTST_permission_denied);
    CU_ASSERT_EQUAL(hcall(d1, GNTTABOP_setup_table, GVA(0), 2), -EINVAL);
    CU_ASSERT_EQUAL(hcall(d1, GNTTABOP_setup_table, 0xdead0000, 1), -EFAULT);
    teardown();
}

static void test_op_get_status_frames(void)
{
    struct gnttab_get_status_frames *s;

    setup();
    s = (void *)ram(d1, 0);
    s->dom = DOMID_SELF;
    s->nr_frames = 0;
    CU_ASSERT_EQUAL(hcall(d1, GNTTABOP_get_status_frames, GVA(0), 1), 0);
    CU_ASSERT_EQUAL(s->status, GNTST_okay);
    s->nr_frames = 1;
    CU_ASSERT_EQUAL(hcall(d1, GNTTABOP_get_status_frames, GVA(0), 1), 0);
    CU_ASSERT_EQUAL(s->status, GNTST_general_error);
    s->dom = 7;
    CU_ASSERT_EQUAL(hcall(d1, GNTTABOP_get_status_frames, GVA(0), 1), 0);
    CU_ASSERT_EQUAL(s->status, GNTST_bad_domain);
    CU_ASSERT_EQUAL(hcall(d1, GNTTABOP_get_status_frames, GVA(0), 3), -EINVAL);
    CU_ASSERT_EQUAL(hcall(d1, GNTTABOP_get_status_frames, 0xdead0000, 1), -EFAULT);
    teardown();
}

static void test_op_map_unmap_batch(void)
{
    struct gnttab_map_grant_ref *m;
    struct gnttab_unmap_grant_ref *u;

    setup();
    grant(d1, 70, 2, 1, GTF_permit_access);
    grant(d1, 71, 2, 2, GTF_permit_access | GTF_readonly);
    m = (void *)ram(d2, 0);
    m[0] = (struct gnttab_map_grant_ref){ .host_addr = MAP_GFN << 12, .flags = RW, .ref = 70, .dom = 1 };
    m[1] = (struct gnttab_map_grant_ref){ .host_addr = (MAP_GFN + 1) << 12, .flags = RW, .ref = 71, .dom = 1 };
    m[2] = (struct gnttab_map_grant_ref){ .host_addr = (MAP_GFN + 2) << 12, .flags = RO, .ref = 71, .dom = 1 };
    CU_ASSERT_EQUAL(hcall(d2, GNTTABOP_map_grant_ref, GVA(0), 3), 0);
    CU_ASSERT_EQUAL(m[0].status, GNTST_okay);
    CU_ASSERT_EQUAL(m[0].dev_bus_addr, w->ram[1][1]);
    CU_ASSERT_EQUAL(m[1].status, GNTST_general_error);
    CU_ASSERT_EQUAL(m[2].status, GNTST_okay);
    CU_ASSERT_EQUAL(m[2].dev_bus_addr, w->ram[1][2]);
    CU_ASSERT(p2m_has(d2, MAP_GFN + 2, w->ram[1][2], true));
    u = (void *)ram(d2, 1);
    u[0] = (struct gnttab_unmap_grant_ref){ .host_addr = MAP_GFN << 12, .handle = m[0].handle, .status = 99 };
    u[1] = (struct gnttab_unmap_grant_ref){ .host_addr = (MAP_GFN + 2) << 12, .handle = m[2].handle, .status = 99 };
    u[2] = (struct gnttab_unmap_grant_ref){ .host_addr = (MAP_GFN + 2) << 12, .handle = m[2].handle, .status = 99 };
    CU_ASSERT_EQUAL(hcall(d2, GNTTABOP_unmap_grant_ref, GVA(1), 3), 0);
    CU_ASSERT_EQUAL(u[0].status, GNTST_okay);
    CU_ASSERT_EQUAL(u[1].status, GNTST_okay);
    CU_ASSERT_EQUAL(u[2].status, GNTST_bad_handle);
    CU_ASSERT_EQUAL(u[2].handle, m[2].handle);
    CU_ASSERT_EQUAL(entry(d1, 70)->flags, GTF_permit_access);
    CU_ASSERT_EQUAL(entry(d1, 71)->flags, GTF_permit_access | GTF_readonly);
    CU_ASSERT_EQUAL(hcall(d2, GNTTABOP_map_grant_ref, GVA(0), 0), 0);
    teardown();
}

static void test_op_batch_limits_and_faults(void)
{
    struct gnttab_map_grant_ref *m;

    setup();
    grant(d1, 72, 2, 1, GTF_permit_access);
    CU_ASSERT_EQUAL(hcall(d2, GNTTABOP_map_grant_ref, GVA(0), GRANT_MAX_BATCH + 1), -EINVAL);
    CU_ASSERT_EQUAL(hcall(d2, GNTTABOP_copy, GVA(0), GRANT_MAX_BATCH + 1), -EINVAL);
    CU_ASSERT_EQUAL(hcall(d2, GNTTABOP_unmap_grant_ref, GVA(0), 0x80000000ULL), -EINVAL);
    CU_ASSERT_EQUAL(hcall(d2, GNTTABOP_map_grant_ref, 0xdead0000, 1), -EFAULT);
    CU_ASSERT_EQUAL(hcall(d2, GNTTABOP_unmap_grant_ref, 0xdead0000, 1), -EFAULT);
    CU_ASSERT_EQUAL(hcall(d2, GNTTABOP_copy, 0xdead0000, 1), -EFAULT);
    CU_ASSERT_EQUAL(hcall(d2, GNTTABOP_map_grant_ref, ~0ULL - 8, 1), -EFAULT);
    /* The array runs off the end of RAM: the first op is done, then fault. */
    m = (void *)(ram(d2, RAM_PAGES - 1) + PAGE_SIZE - sizeof(*m));
    *m = (struct gnttab_map_grant_ref){ .host_addr = MAP_GFN << 12, .flags = RW, .ref = 72, .dom = 1 };
    CU_ASSERT_EQUAL(hcall(d2, GNTTABOP_map_grant_ref, GVA(RAM_PAGES) - sizeof(*m), 2), -EFAULT);
    CU_ASSERT_EQUAL(m->status, GNTST_okay);
    CU_ASSERT_EQUAL(entry(d1, 72)->flags, GTF_permit_access | INUSE);
    /* Only 64-bit arguments' low halves count, as on Xen. */
    CU_ASSERT_EQUAL(hcall(d2, (1ULL << 32) | GNTTABOP_unmap_grant_ref, GVA(0), (1ULL << 32)), 0);
    teardown();
}

/* Results cannot be written back to a read-only page. */
static void test_op_readonly_arguments(void)
{
    struct gnttab_map_grant_ref *m;

    setup();
    grant(d1, 73, 2, 1, GTF_permit_access);
    m = (void *)ram(d2, 3);
    *m = (struct gnttab_map_grant_ref){ .host_addr = MAP_GFN << 12, .flags = RW, .ref = 73, .dom = 1 };
    fake_map(d2, GVA(3), ram(d2, 3), 1, FAKE_PROT_R);
    CU_ASSERT_EQUAL(hcall(d2, GNTTABOP_map_grant_ref, GVA(3), 1), -EFAULT);
    CU_ASSERT_EQUAL(hcall(d2, GNTTABOP_query_size, GVA(3), 1), -EFAULT);
    teardown();
}

static void test_op_copy_batch(void)
{
    struct gnttab_copy *c;

    setup();
    grant(d1, 74, 2, 1, GTF_permit_access);
    memcpy(ram(d2, 2), "batch", 6);
    c = (void *)ram(d2, 0);
    c[0] = copy_op(GNTCOPY_dest_gref, RAM_GFN + 2, DOMID_SELF, 0, 74, 1, 16, 6);
    c[1] = copy_op(GNTCOPY_dest_gref, RAM_GFN + 2, DOMID_SELF, 0, 74, 1, 4095, 6);
    c[2] = copy_op(GNTCOPY_dest_gref, RAM_GFN + 2, 1, 0, 74, 1, 0, 6);
    CU_ASSERT_EQUAL(hcall(d2, GNTTABOP_copy, GVA(0), 3), 0);
    CU_ASSERT_EQUAL(c[0].status, GNTST_okay);
    CU_ASSERT_EQUAL(c[1].status, GNTST_bad_copy_arg);
    CU_ASSERT_EQUAL(c[2].status, GNTST_permission_denied);
    CU_ASSERT_STRING_EQUAL((char *)ram(d1, 1) + 16, "batch");
    /* Only the status is written back. */
    CU_ASSERT_EQUAL(c[1].dest.offset, 4095);
    teardown();
}

static void test_op_cache_flush(void)
{
    struct gnttab_cache_flush *c;
    struct gnttab_map_grant_ref m;

    setup();
    c = (void *)ram(d2, 0);
    *c = (struct gnttab_cache_flush){ .op = 0 };
    /* Linux's probe. */
    CU_ASSERT_EQUAL(hcall(d2, GNTTABOP_cache_flush, GVA(0), 1), 0);
    grant(d1, 75, 2, 1, GTF_permit_access);
    CU_ASSERT_EQUAL(map(d2, 1, 75, MAP_GFN, RW, &m), GNTST_okay);
    *c = (struct gnttab_cache_flush){ .a.dev_bus_addr = m.dev_bus_addr + 64, .offset = 64,
                                      .length = 128, .op = GNTTAB_CACHE_CLEAN };
    CU_ASSERT_EQUAL(hcall(d2, GNTTABOP_cache_flush, GVA(0), 1), 0);
    c->op = GNTTAB_CACHE_CLEAN | GNTTAB_CACHE_INVAL;
    CU_ASSERT_EQUAL(hcall(d2, GNTTABOP_cache_flush, GVA(0), 1), 0);
    /* Continuation bits are accepted for cache_flush only. */
    CU_ASSERT_EQUAL(hcall(d2, (5 << 12) | GNTTABOP_cache_flush, GVA(0), 1), 0);
    CU_ASSERT_EQUAL(hcall(d2, (5 << 12) | GNTTABOP_query_size, GVA(0), 1), -EINVAL);
    c->op = GNTTAB_CACHE_SOURCE_GREF | GNTTAB_CACHE_CLEAN;
    CU_ASSERT_EQUAL(hcall(d2, GNTTABOP_cache_flush, GVA(0), 1), -EINVAL);
    c->op = GNTTAB_CACHE_CLEAN;
    c->offset = 4096;
    CU_ASSERT_EQUAL(hcall(d2, GNTTABOP_cache_flush, GVA(0), 1), -EINVAL);
    c->offset = 4000;
    c->length = 97;
    CU_ASSERT_EQUAL(hcall(d2, GNTTABOP_cache_flush, GVA(0), 1), -EINVAL);
    /* A frame the caller neither owns (direct-mapped) nor maps. */
    c->offset = 0;
    c->length = 16;
    c->a.dev_bus_addr = w->ram[1][2];
    CU_ASSERT_EQUAL(hcall(d2, GNTTABOP_cache_flush, GVA(0), 1), -EINVAL);
    CU_ASSERT_EQUAL(hcall(d2, GNTTABOP_cache_flush, 0xdead0000, 1), -EFAULT);
    CU_ASSERT_EQUAL(hcall(d2, GNTTABOP_cache_flush, GVA(0), GRANT_MAX_BATCH + 1), -EINVAL);
    /* A direct-mapped domain's own page. */
    d0->direct_map = true;
    CU_ASSERT_EQUAL(arch_p2m_map_page(d0, w->ram[0][5] >> PAGE_SHIFT, w->ram[0][5], false), 0);
    c = (void *)ram(d0, 0);
    *c = (struct gnttab_cache_flush){ .a.dev_bus_addr = w->ram[0][5], .length = 16,
                                      .op = GNTTAB_CACHE_INVAL };
    CU_ASSERT_EQUAL(hcall(d0, GNTTABOP_cache_flush, GVA(0), 1), 0);
    c->a.dev_bus_addr = w->ram[0][6];
    CU_ASSERT_EQUAL(hcall(d0, GNTTABOP_cache_flush, GVA(0), 1), -EINVAL);
    teardown();
}

static void test_op_unsupported(void)
{
    setup();
    CU_ASSERT_EQUAL(hcall(d1, GNTTABOP_dump_table, GVA(0), 1), -ENOSYS);
    CU_ASSERT_EQUAL(hcall(d1, GNTTABOP_transfer, GVA(0), 1), -ENOSYS);
    CU_ASSERT_EQUAL(hcall(d1, GNTTABOP_unmap_and_replace, GVA(0), 1), -ENOSYS);
    CU_ASSERT_EQUAL(hcall(d1, GNTTABOP_swap_grant_ref, GVA(0), 1), -ENOSYS);
    CU_ASSERT_EQUAL(hcall(d1, 13, GVA(0), 1), -ENOSYS);
    CU_ASSERT_EQUAL(hcall(d1, 0xfff, GVA(0), 1), -ENOSYS);
    CU_ASSERT_EQUAL(hcall(d1, 1 << 12, GVA(0), 1), -EINVAL);
    teardown();
}

UNIT_SUITE(grant_table,
           UNIT_TEST(test_init_one_zeroed_frame),
           UNIT_TEST(test_frames_grow_to_max),
           UNIT_TEST(test_frames_out_of_memory),
           UNIT_TEST(test_init_out_of_memory),
           UNIT_TEST(test_map_write_read_unmap),
           UNIT_TEST(test_map_readonly_grant),
           UNIT_TEST(test_map_wrong_domain_or_revoked),
           UNIT_TEST(test_map_bad_arguments),
           UNIT_TEST(test_map_bad_frames),
           UNIT_TEST(test_map_regrant_refused),
           UNIT_TEST(test_map_p2m_failure_undone),
           UNIT_TEST(test_map_same_gfn_twice_refused),
           UNIT_TEST(test_map_own_grant),
           UNIT_TEST(test_pin_counts_two_mappings),
           UNIT_TEST(test_entry_changed_while_pinned),
           UNIT_TEST(test_pin_count_overflow),
           UNIT_TEST(test_guest_rewrites_entry_concurrently),
           UNIT_TEST(test_unmap_bad_handles),
           UNIT_TEST(test_unmap_after_guest_remapped),
           UNIT_TEST(test_maptrack_limits),
           UNIT_TEST(test_many_mapped_unmapped_in_any_order),
           UNIT_TEST(test_copy_between_domains),
           UNIT_TEST(test_copy_errors),
           UNIT_TEST(test_copy_keeps_mapping_pins),
           UNIT_TEST(test_destroy_mapper_drops_pins),
           UNIT_TEST(test_destroy_granter_with_live_mapping),
           UNIT_TEST(test_release_mappings_breaks_cycles),
           UNIT_TEST(test_op_query_size),
           UNIT_TEST(test_op_versions),
           UNIT_TEST(test_op_setup_table),
           UNIT_TEST(test_op_get_status_frames),
           UNIT_TEST(test_op_map_unmap_batch),
           UNIT_TEST(test_op_batch_limits_and_faults),
           UNIT_TEST(test_op_readonly_arguments),
           UNIT_TEST(test_op_copy_batch),
           UNIT_TEST(test_op_cache_flush),
           UNIT_TEST(test_op_unsupported))
