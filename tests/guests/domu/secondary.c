/* A second vCPU, the PSCI way: vCPU 0 starts vCPU 1 with CPU_ON, vCPU 1
 * reports in and turns itself off with CPU_OFF, and AFFINITY_INFO says
 * so. Both vCPUs may share one pCPU, so every wait yields. */
#include "domu.h"

#define SECONDARY_CONTEXT 0xc0de5ec0da1e0001ULL
#define ARRIVED_MAGIC     0x6172726976656421ULL
#define WAIT_MS           5000
#define MPIDR_AFF_MASK    0xff00ffffffULL
#define AFFINITY_ON       0
#define AFFINITY_OFF      1

/* Written by vCPU 1 only (arrived last), read by vCPU 0. */
struct secondary_report {
    uint64_t context;
    uint64_t mpidr;
    uint64_t current_el;
    int64_t off_rc;             /* set only if CPU_OFF came back */
    uint64_t arrived;
};

static volatile struct secondary_report report;

void domu_secondary_entry(void);
void domu_secondary_main(uint64_t context);

void domu_secondary_main(uint64_t context)
{
    uint64_t mpidr, el;

    __asm__ volatile("mrs %0, mpidr_el1" : "=r"(mpidr));
    __asm__ volatile("mrs %0, CurrentEL" : "=r"(el));
    report.context = context;
    report.mpidr = mpidr;
    report.current_el = el >> 2;
    __asm__ volatile("dsb sy" : : : "memory");
    report.arrived = ARRIVED_MAGIC;
    __asm__ volatile("dsb sy" : : : "memory");
    report.off_rc = (int64_t)smccc_hvc(PSCI_0_2_CPU_OFF, 0, 0, 0);
}

static int64_t affinity(uint64_t mpidr)
{
    return (int64_t)smccc_hvc(PSCI_0_2_AFFINITY_INFO, mpidr, 0, 0);
}

static int64_t cpu_on(uint64_t mpidr, uint64_t entry, uint64_t context)
{
    return (int64_t)smccc_hvc(PSCI_0_2_CPU_ON, mpidr, entry, context);
}

static bool has_arrived(void *arg)
{
    (void)arg;
    return report.arrived == ARRIVED_MAGIC;
}

static bool is_off(void *arg)
{
    (void)arg;
    return affinity(PROBE_SECONDARY_MPIDR) == AFFINITY_OFF;
}

/* What vCPU 1 saw at its entry. */
static void check_arrival(struct guest *g)
{
    check_true(g, "vCPU 1 got the CPU_ON context id in x0",
               report.context == SECONDARY_CONTEXT, "x0 = 0x%lx",
               (unsigned long)report.context);
    check_true(g, "vCPU 1 has MPIDR affinity 1 at EL1",
               (report.mpidr & MPIDR_AFF_MASK) == PROBE_SECONDARY_MPIDR &&
                   report.current_el == 1,
               "mpidr 0x%lx, EL%lu", (unsigned long)report.mpidr,
               (unsigned long)report.current_el);
}

static void start_secondary(struct guest *g)
{
    int64_t rc = cpu_on(PROBE_SECONDARY_MPIDR, VA(domu_secondary_entry),
                        SECONDARY_CONTEXT);

    check_eq(g, "psci CPU_ON vCPU 1", rc, PSCI_SUCCESS);
    if (rc != PSCI_SUCCESS) {
        check_true(g, "vCPU 1 ran and reported", false, "not started");
        return;
    }
    check_true(g, "vCPU 1 ran and reported", wait_until(has_arrived, NULL, WAIT_MS),
               "nothing after %u ms", WAIT_MS);
    if (report.arrived != ARRIVED_MAGIC)
        return;
    check_arrival(g);
    check_true(g, "AFFINITY_INFO says vCPU 1 is off after its CPU_OFF",
               wait_until(is_off, NULL, WAIT_MS),
               "still %ld after %u ms (CPU_OFF returned %ld)",
               (long)affinity(PROBE_SECONDARY_MPIDR), WAIT_MS, (long)report.off_rc);
}

void check_secondary(struct guest *g)
{
    uint64_t self;

    __asm__ volatile("mrs %0, mpidr_el1" : "=r"(self));
    check_eq(g, "psci AFFINITY_INFO vCPU 1 off before CPU_ON",
             affinity(PROBE_SECONDARY_MPIDR), AFFINITY_OFF);
    check_eq(g, "psci AFFINITY_INFO of ourselves on", affinity(self & MPIDR_AFF_MASK),
             AFFINITY_ON);
    check_eq(g, "psci CPU_ON of ourselves ALREADY_ON",
             cpu_on(self & MPIDR_AFF_MASK, VA(domu_secondary_entry), 0),
             PSCI_ALREADY_ON);
    check_eq(g, "psci CPU_ON of absent vCPU 7 INVALID_PARAMETERS",
             cpu_on(7, VA(domu_secondary_entry), 0), PSCI_INVALID_PARAMETERS);
    start_secondary(g);
}
