/* The primary CPU's path from the boot loader to the first guest. */
#include <keel/cmdline.h>
#include <keel/errno.h>
#include <keel/lib.h>
#include <keel/printk.h>
#include <public/version.h>
#include <asm/gic.h>
#include <asm/pcpu.h>
#include <asm/setup.h>
#include <asm/sysregs.h>
#include <asm/timer.h>

#define DTB_MAX_SIZE (2 * 1024 * 1024)

static struct keel keel;
static struct bootinfo bootinfo;

static int reserve_boot_ranges(struct bootinfo *bi, paddr_t load_base,
                               paddr_t dtb, uint32_t dtb_size)
{
    int rc = mem_ranges_add(&bi->reserved, load_base,
                            ALIGN_UP((paddr_t)_end - load_base, PAGE_SIZE));

    if (rc)
        return rc;
    return mem_ranges_add(&bi->reserved, ALIGN_DOWN(dtb, PAGE_SIZE),
                          ALIGN_UP(dtb + dtb_size, PAGE_SIZE) - ALIGN_DOWN(dtb, PAGE_SIZE));
}

/* Gives the page allocator all RAM that nothing else holds. */
static int init_page_pool(struct page_pool *pool, const struct bootinfo *bi)
{
    struct mem_ranges free = bi->ram;
    int rc;

    for (unsigned int i = 0; i < bi->reserved.n; i++) {
        rc = mem_ranges_remove(&free, bi->reserved.r[i].base, bi->reserved.r[i].size);
        if (rc)
            return rc;
    }
    page_pool_init(pool);
    for (unsigned int i = 0; i < free.n; i++) {
        paddr_t base = ALIGN_UP(free.r[i].base, PAGE_SIZE);
        paddr_t end = ALIGN_DOWN(free.r[i].base + free.r[i].size, PAGE_SIZE);

        if (end <= base)
            continue;
        rc = page_pool_add(pool, base, end - base, (void *)(uintptr_t)base);
        if (rc && rc != -EINVAL)
            return rc;
    }
    return page_pool_free_pages(pool) ? 0 : -ENOMEM;
}

static uint64_t total_ram(const struct bootinfo *bi)
{
    uint64_t sum = 0;

    for (unsigned int i = 0; i < bi->ram.n; i++)
        sum += bi->ram.r[i].size;
    return sum;
}

static void banner(void)
{
    printk("Keel %s, a hypervisor with Xen %d.%d's guest ABI, on arm64 (EL%lu)\n",
           KEEL_VERSION, KEEL_XEN_MAJOR, KEEL_XEN_MINOR,
           (read_sysreg(CurrentEL) >> 2) & 3);
}

void start_keel(paddr_t dtb, paddr_t load_base)
{
    struct dt dt;
    int rc, ncpus;

    pcpu_setup(0, read_sysreg(mpidr_el1), &keel);
    if (dt_open(&dt, (const void *)(uintptr_t)dtb, DTB_MAX_SIZE))
        arch_halt();
    rc = console_init(&dt);
    banner();
    if (rc)
        printk("no console UART found (%d)\n", rc);
    rc = bootinfo_read(&bootinfo, &dt);
    if (!rc)
        rc = reserve_boot_ranges(&bootinfo, load_base, dtb, dt.size);
    if (rc)
        panic("cannot read the boot information from the device tree: %d\n", rc);
    printk("command line: \"%s\"\n", bootinfo.cmdline);
    rc = init_page_pool(&keel.pool, &bootinfo);
    if (rc)
        panic("cannot set up the page allocator: %d\n", rc);
    if (gic_probe(&host_gic, &dt))
        panic("no GICv3 in the device tree\n");
    rc = mmu_final_map(&keel.pool, &bootinfo, &dt);
    if (rc)
        panic("cannot build the hypervisor's page tables: %d\n", rc);
    heap_init(&keel.heap, &keel.pool);
    keel.total_pages = total_ram(&bootinfo) >> PAGE_SHIFT;

    gic_dist_init(&host_gic);
    timer_init();
    irq_init_cpu();
    ncpus = smp_read_cpus(&dt);
    if (ncpus < 1)
        panic("no CPUs in the device tree: %d\n", ncpus);
    printk("RAM %lu MiB in %u bank(s), %d CPU(s), GICv3 (distributor 0x%lx, %u lines), timer %lu kHz\n",
           total_ram(&bootinfo) >> 20, bootinfo.ram.n, ncpus,
           host_gic.dist_base, host_gic.nr_lines, timer_freq() / 1000);
    sched_init(&keel.sched, (unsigned int)ncpus);
    smp_boot_secondaries(&keel);
    console_enable_input();

    rc = build_boot_domain(&keel, &bootinfo, &dt);
    if (rc)
        panic("cannot build the boot domain: %d\n", rc);
    printk("free memory: %lu MiB\n", page_pool_free_pages(&keel.pool) >> 8);
    idle_loop();
}
