/*
 * A domain from nothing: created paused, held to the memory it is built
 * with, and given its RAM and magic pages by dom0 (populate_physmap on its
 * behalf). One extra page shows the limit holds: populate stops short.
 */
#include "domu-smoke.h"

#include <errno.h>
#include <stdio.h>

#define EXTENT_ORDER   9
#define EXTENT_PAGES   (1U << EXTENT_ORDER)
#define RAM_PAGES      (PROBE_RAM_SIZE / SMOKE_PAGE)
#define RAM_EXTENTS    (RAM_PAGES / EXTENT_PAGES)
#define MAGIC_PAGES    2
#define BUILT_PAGES    (RAM_PAGES + MAGIC_PAGES)
/* Room for exactly one page beyond what the build needs. */
#define LIMIT_PAGES    (BUILT_PAGES + 1)
#define EXTRA_GFN      (PROBE_XENSTORE_PFN + 1)

static int fail_rc(struct result *r, const char *what, long rc, const char *want)
{
    char got[64];

    return fail(r, "%s: got %s want %s", what, describe_rc(rc, got, sizeof(got)), want);
}

/* The call did `got` of `want` extents and the domain holds `pages`. */
static int expect_count(struct smoke *s, struct result *r, const char *what,
                        long got, long want, uint64_t pages)
{
    struct keel_domaininfo info;
    char want_txt[32];

    snprintf(want_txt, sizeof(want_txt), "%ld", want);
    if (got != want)
        return fail_rc(r, what, got, want_txt);
    if (smoke_info(s, r, &info) < 0)
        return -1;
    if (info.tot_pages != pages)
        return fail(r, "%s: tot_pages %llu want %llu", what,
                    (unsigned long long)info.tot_pages, (unsigned long long)pages);
    return pass(r, "%s: %ld, tot_pages %llu", what, got,
                (unsigned long long)info.tot_pages);
}

int step_free_before(struct smoke *s, struct result *r)
{
    long rc = ctl_free_pages(&s->ctl, &s->free_before);

    if (rc < 0)
        return fail_rc(r, "sysctl physinfo", rc, "0");
    return pass(r, "sysctl physinfo: %llu free pages",
                (unsigned long long)s->free_before);
}

static int check_new_domain(struct smoke *s, struct result *r)
{
    struct keel_domaininfo info;

    if (smoke_info(s, r, &info) < 0)
        return -1;
    if (info.nr_vcpus != PROBE_NR_VCPUS || !(info.flags & KEEL_DOMINF_paused) ||
        info.tot_pages != 0 || info.max_pages != SMOKE_MAX_MEM_KB / 4)
        return fail(r, "new d%u: nr_vcpus %u flags %#x tot_pages %llu max_pages "
                    "%llu; want %u vCPUs, paused, 0 pages of %lu", s->domid,
                    info.nr_vcpus, info.flags, (unsigned long long)info.tot_pages,
                    (unsigned long long)info.max_pages, PROBE_NR_VCPUS,
                    SMOKE_MAX_MEM_KB / 4);
    return pass(r, "domctl createdomain: d%u, %u vCPUs, paused, %lu KiB max",
                s->domid, info.nr_vcpus, SMOKE_MAX_MEM_KB);
}

int step_create(struct smoke *s, struct result *r)
{
    struct keel_domctl op;
    long rc;

    ctl_domctl_init(&op, KEEL_DOMCTL_createdomain, 0);
    op.u.createdomain.max_vcpus = PROBE_NR_VCPUS;
    op.u.createdomain.max_mem_kb = SMOKE_MAX_MEM_KB;
    rc = ctl_domctl(&s->ctl, &op);
    if (rc < 0)
        return fail_rc(r, "domctl createdomain", rc, "0");
    if (op.domid == 0 || op.domid >= 0x7ff0)
        return fail(r, "domctl createdomain: got domid %u want 1..0x7fef", op.domid);
    s->domid = op.domid;
    return check_new_domain(s, r);
}

int step_max_mem(struct smoke *s, struct result *r)
{
    struct keel_domaininfo info;
    struct keel_domctl op;
    long rc;

    ctl_domctl_init(&op, KEEL_DOMCTL_max_mem, s->domid);
    op.u.max_mem.max_mem_kb = LIMIT_PAGES * (SMOKE_PAGE / 1024);
    rc = ctl_domctl(&s->ctl, &op);
    if (rc < 0)
        return fail_rc(r, "domctl max_mem", rc, "0");
    if (smoke_info(s, r, &info) < 0)
        return -1;
    if (info.max_pages != LIMIT_PAGES)
        return fail(r, "domctl max_mem: max_pages %llu want %lu",
                    (unsigned long long)info.max_pages, (unsigned long)LIMIT_PAGES);
    return pass(r, "domctl max_mem: %llu pages", (unsigned long long)info.max_pages);
}

int step_populate_ram(struct smoke *s, struct result *r)
{
    uint64_t gfns[RAM_EXTENTS];

    for (unsigned i = 0; i < RAM_EXTENTS; i++)
        gfns[i] = PROBE_RAM_BASE / SMOKE_PAGE + (uint64_t)i * EXTENT_PAGES;
    return expect_count(s, r, "populate_physmap 16 MiB at gfn 0x40000, order 9",
                        ctl_populate(&s->ctl, s->domid, gfns, RAM_EXTENTS, EXTENT_ORDER),
                        RAM_EXTENTS, RAM_PAGES);
}

int step_populate_magic(struct smoke *s, struct result *r)
{
    const uint64_t gfns[MAGIC_PAGES] = { PROBE_CONSOLE_PFN, PROBE_XENSTORE_PFN };

    return expect_count(s, r, "populate_physmap console and xenstore pages",
                        ctl_populate(&s->ctl, s->domid, gfns, MAGIC_PAGES, 0),
                        MAGIC_PAGES, BUILT_PAGES);
}

/* Two pages asked for, room for one: the count says where it stopped. */
int step_populate_over_max(struct smoke *s, struct result *r)
{
    const uint64_t gfns[2] = { EXTRA_GFN, EXTRA_GFN + 1 };

    return expect_count(s, r, "populate_physmap 2 pages with room for 1 (short count)",
                        ctl_populate(&s->ctl, s->domid, gfns, 2, 0), 1, LIMIT_PAGES);
}

int step_decrease(struct smoke *s, struct result *r)
{
    const uint64_t gfn = EXTRA_GFN;

    return expect_count(s, r, "decrease_reservation of the extra page",
                        ctl_decrease(&s->ctl, s->domid, &gfn, 1, 0), 1, BUILT_PAGES);
}
