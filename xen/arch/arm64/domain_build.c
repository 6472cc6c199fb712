/* Building the boot domain (dom0) from the first kernel module: RAM
 * direct-mapped (guest physical == host physical, as a domain that drives
 * DMA devices without an IOMMU needs), the kernel placed as the arm64
 * boot protocol asks, and vCPU 0 started at its entry point. */
#include <keel/cmdline.h>
#include <keel/errno.h>
#include <keel/keel.h>
#include <keel/lib.h>
#include <keel/printk.h>
#include <asm/dom0_dt.h>
#include <asm/gic.h>
#include <asm/kernel_image.h>
#include <asm/vgic.h>
#include <asm/p2m.h>
#include <asm/pcpu.h>
#include <asm/setup.h>
#include <asm/vcpu.h>

#define DOM0_MEM_DEFAULT (512UL << 20)
#define DOM0_MEM_MIN     (16UL << 20)
#define DTB_SLOT         (2UL << 20)
#define GNTTAB_ORDER     6      /* 64 frames, as Xen gives dom0 */

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
                       paddr_t *entry, paddr_t *end)
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
    *end = dst + img.image_size;
    return 0;
}

/* The initrd goes just below the DTB slot at the top of RAM. */
static int load_initrd(struct domain *d, const struct boot_module *m,
                       paddr_t kernel_end, struct dom0_dt_params *p)
{
    struct arch_domain *ad = d->arch;
    paddr_t top = ad->ram_base + ad->ram_size - DTB_SLOT;
    paddr_t dst;

    if (!m)
        return 0;
    if (m->size > top - kernel_end) {
        printk("the initrd (%lu bytes) does not fit in dom0's RAM\n", m->size);
        return -ENOMEM;
    }
    dst = ALIGN_DOWN(top - m->size, PAGE_SIZE);
    memcpy(arch_phys_to_virt(dst), arch_phys_to_virt(m->base), m->size);
    clean_dcache(dst, m->size);
    p->initrd_start = dst;
    p->initrd_size = m->size;
    return 0;
}

static int load_dtb(struct domain *d, const struct dt *host,
                    const struct dom0_dt_params *p, paddr_t *where)
{
    struct arch_domain *ad = d->arch;
    size_t cap = host->size + 16384, size;
    void *buf = heap_alloc(&d->keel->heap, cap);
    int rc;

    if (!buf)
        return -ENOMEM;
    rc = dom0_dt_build(d, host, p, buf, cap, &size);
    if (!rc && size > DTB_SLOT)
        rc = -E2BIG;
    if (!rc) {
        *where = ad->ram_base + ad->ram_size - DTB_SLOT;
        memcpy(arch_phys_to_virt(*where), buf, size);
        clean_dcache(*where, size);
    }
    heap_free(&d->keel->heap, buf);
    if (rc)
        printk("cannot build dom0's device tree: %d\n", rc);
    return rc;
}

static const char *dom0_bootargs(const struct bootinfo *bi,
                                 const struct boot_module *kernel)
{
    if (bi->dom0_bootargs)
        return bi->dom0_bootargs;
    return kernel->bootargs ? kernel->bootargs : "";
}

static int setup_platform(struct domain *d, struct dom0_dt_params *p)
{
    int rc = vgic_domain_init(d, host_gic.dist_base, host_gic.redist_base,
                              host_gic.nr_lines - 32);

    if (rc)
        return rc;
    /* A window no dom0 RAM can ever occupy, for the grant-table frames. */
    rc = page_alloc(&d->keel->pool, GNTTAB_ORDER, &p->gnttab_base);
    p->gnttab_size = PAGE_SIZE << GNTTAB_ORDER;
    p->host_uart = console_node();
    return rc;
}

int build_boot_domain(struct keel *k, const struct bootinfo *bi,
                      const struct dt *host)
{
    const struct boot_module *kmod = bootinfo_module(bi, BOOT_MODULE_KERNEL, 0);
    const struct boot_module *initrd = bootinfo_module(bi, BOOT_MODULE_RAMDISK, 0);
    struct dom0_dt_params params = { 0 };
    struct dom0_options opt;
    struct domain *d;
    paddr_t entry, kernel_end, dtb;
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
    d->max_pages = d->tot_pages = opt.mem >> PAGE_SHIFT;
    params.bootargs = dom0_bootargs(bi, kmod);
    rc = allocate_ram(d, opt.mem);
    if (!rc)
        rc = setup_platform(d, &params);
    if (!rc)
        rc = load_kernel(d, kmod, &entry, &kernel_end);
    if (!rc)
        rc = load_initrd(d, initrd, kernel_end, &params);
    if (!rc)
        rc = load_dtb(d, host, &params, &dtb);
    if (rc)
        return rc;
    d->vcpus[0]->arch->regs.elr = entry;
    d->vcpus[0]->arch->regs.x[0] = dtb;
    printk("d0: %lu MiB at 0x%lx (direct-mapped), %u vCPU(s), entry 0x%lx, device tree at 0x%lx\n",
           opt.mem >> 20, d->arch->ram_base, opt.vcpus, entry, dtb);
    sched_start(&k->sched, d->vcpus[0]);
    return 0;
}
