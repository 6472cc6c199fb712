/* Finding the physical CPUs in the device tree and starting them with
 * the firmware's PSCI CPU_ON. */
#include <keel/errno.h>
#include <keel/lib.h>
#include <keel/printk.h>
#include <asm/gic.h>
#include <asm/p2m.h>
#include <asm/pcpu.h>
#include <asm/psci.h>
#include <asm/setup.h>
#include <asm/sysregs.h>
#include <asm/timer.h>

#define MPIDR_HWID_MASK 0xff00ffffffUL
#define CPU_START_TIMEOUT_NS (2000ULL * 1000 * 1000)

struct pcpu pcpus[NR_CPUS_MAX];
unsigned int nr_pcpus;
extern char cpu_stacks[];
extern char secondary_entry[];

void pcpu_setup(unsigned int id, uint64_t mpidr, struct keel *k)
{
    struct pcpu *p = &pcpus[id];

    p->id = id;
    p->mpidr = mpidr & MPIDR_HWID_MASK;
    p->keel = k;
    p->stack_top = (uint64_t)(uintptr_t)cpu_stacks + (uint64_t)(id + 1) * STACK_SIZE;
    write_sysreg(tpidr_el2, p);
    /* EL2 itself uses FP/SIMD only to switch guests' registers. */
    write_sysreg(cptr_el2, 0x33ffUL);
    /* While no guest is loaded, trap nothing; EL1 would be AArch64. */
    write_sysreg(hcr_el2, HCR_RW);
    isb();
    p2m_cpu_init();
}

unsigned int arch_cpu_id(void)
{
    return this_pcpu()->id;
}

/* Records every cpu node's MPIDR; the boot CPU is always index 0. */
int smp_read_cpus(const struct dt *dt)
{
    uint64_t boot = read_sysreg(mpidr_el1) & MPIDR_HWID_MASK;
    int cpus = dt_path(dt, "/cpus");
    unsigned int n = 1;

    if (cpus < 0)
        return -ENOENT;
    for (int c = dt_first_child(dt, cpus); c >= 0; c = dt_next_sibling(dt, c)) {
        const char *type = dt_prop_str(dt, c, "device_type");
        uint64_t mpidr, size;

        if (!type || strcmp(type, "cpu") || dt_reg(dt, c, 0, &mpidr, &size))
            continue;
        if ((mpidr & MPIDR_HWID_MASK) == boot)
            continue;
        if (n == NR_CPUS_MAX) {
            printk("more than %d CPUs: ignoring the rest\n", NR_CPUS_MAX);
            break;
        }
        pcpus[n++].mpidr = mpidr & MPIDR_HWID_MASK;
    }
    nr_pcpus = n;
    return (int)n;
}

static bool wait_online(struct pcpu *p)
{
    uint64_t deadline = arch_now_ns() + CPU_START_TIMEOUT_NS;

    while (!__atomic_load_n(&p->online, __ATOMIC_ACQUIRE))
        if (arch_now_ns() > deadline)
            return false;
    return true;
}

void smp_boot_secondaries(struct keel *k)
{
    pcpus[0].online = true;
    for (unsigned int i = 1; i < nr_pcpus; i++) {
        int64_t rc;

        pcpus[i].keel = k;
        rc = psci_cpu_on(pcpus[i].mpidr, (paddr_t)(uintptr_t)secondary_entry, i);
        if (rc || !wait_online(&pcpus[i]))
            printk("CPU%u (MPIDR 0x%lx) did not start: %ld\n", i, pcpus[i].mpidr, rc);
    }
}

void secondary_main(unsigned int id)
{
    struct pcpu *p = &pcpus[id];

    pcpu_setup(id, read_sysreg(mpidr_el1), p->keel);
    timer_init();
    irq_init_cpu();
    __atomic_store_n(&p->online, true, __ATOMIC_RELEASE);
    idle_loop();
}
