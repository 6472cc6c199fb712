/* What a domU may use: its own HVM parameters (set by the toolstack), its
 * grant table, PSCI, and all of the RAM it was given. */
#include "domu.h"

#define RAM_PATTERN 0x6b65656c2d726d21ULL

static void check_console_param(struct guest *g)
{
    struct xen_hvm_param p = { .domid = DOMID_SELF, .index = HVM_PARAM_CONSOLE_PFN,
                               .value = ~0ULL };
    int64_t rc = hvm_op(HVMOP_get_param, VA(&p));

    check_eq(g, "hvm_op get_param CONSOLE_PFN", rc, 0);
    check_true(g, "CONSOLE_PFN is what dom0 set", rc == 0 && p.value == PROBE_CONSOLE_PFN,
               "rc %ld value 0x%lx want 0x%lx", (long)rc, (unsigned long)p.value,
               (unsigned long)PROBE_CONSOLE_PFN);
}

static void check_grant_size(struct guest *g)
{
    struct gnttab_query_size q = { .dom = DOMID_SELF, .status = 99 };
    int64_t rc = grant_table_op(GNTTABOP_query_size, VA(&q), 1);

    check_eq(g, "grant_table_op query_size", rc, 0);
    check_true(g, "query_size status okay, frames within the limit",
               rc == 0 && q.status == GNTST_okay && q.max_nr_frames > 0 &&
                   q.nr_frames <= q.max_nr_frames,
               "rc %ld status %d frames %u of %u", (long)rc, q.status, q.nr_frames,
               q.max_nr_frames);
}

/* The last page of our RAM: write a word at each end, read both back. */
static void check_ram_end(struct guest *g)
{
    uint64_t last = PROBE_RAM_BASE + PROBE_RAM_SIZE - 4096;
    volatile uint64_t *lo = (volatile uint64_t *)(uintptr_t)last;
    volatile uint64_t *hi = (volatile uint64_t *)(uintptr_t)(last + 4096 - 8);

    *lo = RAM_PATTERN;
    *hi = ~RAM_PATTERN;
    check_true(g, "last page of RAM reads back what was written",
               *lo == RAM_PATTERN && *hi == ~RAM_PATTERN, "read 0x%lx and 0x%lx",
               (unsigned long)*lo, (unsigned long)*hi);
}

void check_services(struct guest *g)
{
    check_console_param(g);
    check_grant_size(g);
    check_eq(g, "psci hvc PSCI_VERSION is 1.1",
             (int32_t)(uint32_t)smccc_hvc(PSCI_0_2_VERSION, 0, 0, 0),
             (int32_t)PSCI_VERSION_1_1);
    check_ram_end(g);
}
