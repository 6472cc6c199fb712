/* The hypervisor's own (EL2 stage-1) address space: an identity map.
 * At boot a static table maps the first 8 GiB coarsely so that C can run
 * with caches on; once the device tree is read, a precise map replaces it:
 * RAM as normal memory, the hypervisor's text read-only and executable,
 * everything else never executable, devices only where the tree has them. */
#include <keel/errno.h>
#include <keel/lib.h>
#include <keel/page_alloc.h>
#include <asm/gic.h>
#include <asm/pagetable.h>
#include <asm/setup.h>
#include <asm/sysregs.h>

#define BOOT_GIB 8

uint64_t mmu_boot_regs[3];      /* TTBR0, TCR, MAIR for every CPU's mmu_on */
static uint64_t boot_l1[PT_ENTRIES] __attribute__((aligned(4096)));
static struct mem_ranges host_ram;

static uint64_t tcr_value(void)
{
    uint64_t pa_range = read_sysreg(id_aa64mmfr0_el1) & 0xf;

    if (pa_range > 5)
        pa_range = 5;
    return (1UL << 31) | (1UL << 23) | (pa_range << 16) |
           (3UL << 12) | (1UL << 10) | (1UL << 8) | (64 - PT_VA_BITS);
}

/* Runs with the MMU off, before anything else: keep it trivial. */
void mmu_boot_tables(paddr_t load_base)
{
    (void)load_base;
    boot_l1[0] = 0 | S1_DEVICE | PTE_VALID;
    for (uint64_t i = 1; i < BOOT_GIB; i++)
        boot_l1[i] = (i << 30) | S1_NORMAL | PTE_VALID;
    mmu_boot_regs[0] = (uint64_t)(uintptr_t)boot_l1;
    mmu_boot_regs[1] = tcr_value();
    mmu_boot_regs[2] = MAIR_EL2_VALUE;
}

static int map_ram_bank(struct page_pool *pool, const struct pt *root, paddr_t base,
                        uint64_t size)
{
    paddr_t text = (paddr_t)_text, etext = (paddr_t)_etext;
    paddr_t data = (paddr_t)_data, end = ALIGN_UP((paddr_t)_end, PAGE_SIZE);
    paddr_t bank_end = base + size;
    int rc;

    if (text < base || end > bank_end)
        return pt_map(pool, root, base, base, size, S1_NORMAL_XN);
    rc = pt_map(pool, root, base, base, text - base, S1_NORMAL_XN);
    if (!rc)
        rc = pt_map(pool, root, text, text, etext - text, S1_NORMAL | S1_READ_ONLY);
    if (!rc)
        rc = pt_map(pool, root, etext, etext, data - etext, S1_NORMAL_XN | S1_READ_ONLY);
    if (!rc)
        rc = pt_map(pool, root, data, data, end - data, S1_NORMAL_XN);
    if (!rc && bank_end > end)
        rc = pt_map(pool, root, end, end, bank_end - end, S1_NORMAL_XN);
    return rc;
}

static int map_device(struct page_pool *pool, const struct pt *root, paddr_t base,
                      uint64_t size)
{
    paddr_t start = ALIGN_DOWN(base, PAGE_SIZE);

    return pt_map(pool, root, start, start,
                  ALIGN_UP(base + size, PAGE_SIZE) - start, S1_DEVICE);
}

/* The devices the hypervisor itself drives: its UART and the GIC. */
static int map_devices(struct page_pool *pool, const struct pt *root, const struct dt *dt)
{
    const struct gic_info *gic = &host_gic;
    int node = dt_find_compatible(dt, -1, "arm,pl011");
    uint64_t base, size;
    int rc;

    for (; node >= 0; node = dt_find_compatible(dt, node, "arm,pl011")) {
        if (dt_reg(dt, node, 0, &base, &size))
            continue;
        rc = map_device(pool, root, base, size);
        if (rc)
            return rc;
    }
    rc = map_device(pool, root, gic->dist_base, gic->dist_size);
    if (!rc)
        rc = map_device(pool, root, gic->redist_base, gic->redist_size);
    return rc;
}

int mmu_final_map(struct page_pool *pool, const struct bootinfo *bi,
                  const struct dt *dt)
{
    struct pt pt;
    const struct pt *root = &pt;
    int rc = pt_create(pool, &pt, PT_VA_BITS);

    for (unsigned int i = 0; !rc && i < bi->ram.n; i++)
        rc = map_ram_bank(pool, root, bi->ram.r[i].base, bi->ram.r[i].size);
    if (!rc)
        rc = map_devices(pool, root, dt);
    if (rc)
        return rc;
    host_ram = bi->ram;
    dsb(ish);
    write_sysreg(ttbr0_el2, pt.root);
    isb();
    __asm__ volatile("tlbi alle2" ::: "memory");
    dsb(ish);
    isb();
    mmu_boot_regs[0] = pt.root;
    return 0;
}

bool mmu_is_ram(paddr_t pa)
{
    for (unsigned int i = 0; i < host_ram.n; i++)
        if (pa >= host_ram.r[i].base && pa - host_ram.r[i].base < host_ram.r[i].size)
            return true;
    return false;
}

void *arch_phys_to_virt(paddr_t pa)
{
    return (void *)(uintptr_t)pa;
}
