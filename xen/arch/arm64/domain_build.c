/* Building the boot domain (dom0) from the first kernel module: RAM
 * direct-mapped (guest physical == host physical, as a domain that drives
 * DMA devices without an IOMMU needs), the kernel placed as the arm64
 * boot protocol asks, and vCPU 0 started at its entry point. */
#include <keel/cmdline.h>
#include <keel/errno.h>
#include <keel/keel.h>
#include <keel/lib.h>
#include <keel/printk.h>
#include <asm/kernel_image.h>
#include <asm/p2m.h>
#include <asm/pcpu.h>
#include <asm/setup.h>
#include <asm/vcpu.h>

#define DOM0_MEM_DEFAULT (512UL << 20)
#define DOM0_MEM_MIN     (16UL << 20)

struct dom0_options {
    uint64_t mem;
    unsigned int vcpus;
};

static int read_options(const char *cmdline, struct dom0_options *o)
{
    char val[32];
    uint64_t n;
    int rc;

    o->mem = DOM0_MEM_DEFAULT;
    o->vcpus = nr_pcpus;
    rc = cmdline_get(cmdline, "dom0_mem", val, sizeof(val));
    if (!rc) {
        if (strchr(val, ','))
            *strchr(val, ',') = '\0';
        rc = parse_size(val, &o->mem);
        if (rc || o->mem < DOM0_MEM_MIN) {
            printk("bad dom0_mem=%s (at least 16M)\n", val);
            return -EINVAL;
        }
    } else if (rc != -ENOENT) {
        return rc;
    }
    rc = cmdline_get(cmdline, "dom0_max_vcpus", val, sizeof(val));
    if (!rc) {
        if (parse_uint(val, &n) || n == 0 || n > DOMAIN_MAX_VCPUS) {
            printk("bad dom0_max_vcpus=%s\n", val);
            return -EINVAL;
        }
        o->vcpus = (unsigned int)n;
    } else if (rc != -ENOENT) {
        return rc;
    }
    return 0;
}

static unsigned int order_for(uint64_t bytes)
{
    unsigned int order = 0;

    while ((PAGE_SIZE << order) < bytes)
        order++;
    return order;
}

/* One naturally aligned block, so its base is 2 MiB aligned as the
 * kernel's load address must be. */
static int allocate_ram(struct domain *d, uint64_t mem)
{
    struct arch_domain *ad = d->arch;
    unsigned int order = order_for(mem);
    int rc = page_alloc(&d->keel->pool, order, &ad->ram_base);

    if (rc)
        return rc;
    ad->ram_order = order;
    ad->ram_size = PAGE_SIZE << order;
    ad->ram_gpa = ad->ram_base;
    return p2m_map_ram(&d->keel->pool, &ad->p2m, GPA(ad->ram_gpa),
                       ad->ram_base, ad->ram_size);
}

static void clean_dcache(paddr_t start, uint64_t size)
{
    for (paddr_t a = ALIGN_DOWN(start, 64); a < start + size; a += 64)
        __asm__ volatile("dc cvac, %0" : : "r"(a) : "memory");
    __asm__ volatile("dsb sy" ::: "memory");
}

static int load_kernel(struct domain *d, const struct boot_module *m,
                       paddr_t *entry)
{
    struct arch_domain *ad = d->arch;
    struct kernel_image img;
    paddr_t dst;
    int rc = kernel_image_parse(arch_phys_to_virt(m->base), m->size, &img);

    if (rc) {
        printk("the kernel module is not an arm64 Image\n");
        return rc;
    }
    if (img.text_offset + img.image_size > ad->ram_size) {
        printk("the kernel needs %lu bytes, more than the domain's RAM\n",
               img.text_offset + img.image_size);
        return -ENOMEM;
    }
    dst = ad->ram_base + img.text_offset;
    memcpy(arch_phys_to_virt(dst), arch_phys_to_virt(m->base), m->size);
    memset(arch_phys_to_virt(dst + m->size), 0, img.image_size - m->size);
    clean_dcache(dst, img.image_size);
    *entry = dst;
    return 0;
}

int build_boot_domain(struct keel *k, const struct bootinfo *bi)
{
    const struct boot_module *kmod = bootinfo_module(bi, BOOT_MODULE_KERNEL, 0);
    struct dom0_options opt;
    struct domain *d;
    paddr_t entry;
    int rc;

    if (!kmod) {
        printk("no kernel module in /chosen: nothing to run\n");
        return -ENOENT;
    }
    rc = read_options(bi->cmdline, &opt);
    if (rc)
        return rc;
    d = domain_create(k, 0, opt.vcpus, true);
    if (!d)
        return -ENOMEM;
    d->direct_map = true;
    rc = allocate_ram(d, opt.mem);
    if (!rc)
        rc = load_kernel(d, kmod, &entry);
    if (rc)
        return rc;
    d->vcpus[0]->arch->regs.elr = entry;
    d->vcpus[0]->arch->regs.x[0] = 0;
    printk("d0: %lu MiB at 0x%lx (direct-mapped), %u vCPU(s), entry 0x%lx\n",
           opt.mem >> 20, d->arch->ram_base, opt.vcpus, entry);
    sched_wake(&k->sched, d->vcpus[0]);
    return 0;
}
