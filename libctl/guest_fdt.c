/* The device tree a domU boots with: the Xen 4.17 toolstack's tree for
 * arm guests (see docs/design xen-reference/domU-device-tree.dts), except
 * that the redistributor region covers only the vCPUs the guest has, as
 * that is all Keel emulates. Written with libfdt's sequential-write API. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <libfdt.h>
#include <public/arch-arm.h>
#include "build.h"

#define GIC_PHANDLE        65000        /* what libxl uses */
#define GICR_FRAME_SIZE    0x20000u     /* RD + SGI frame per vCPU */
#define FDT_INITIAL_SIZE   4096
#define PPI_BASE           16
#define IRQ_TYPE_PPI       1
#define IRQ_FLAGS_LEVEL    0xf08u       /* all CPUs, level-low, as Xen writes */
#define TIMER_PPI_SEC_PHYS 29
#define TIMER_PPI_PHYS     30
#define TIMER_PPI_VIRT     27
#define PSCI_0_1_CPU_OFF   1
#define PSCI_0_1_CPU_ON    2

/* libfdt's calls return negative FDT_ERR_* codes; each step below runs
 * only while nothing has failed, so a writer is a flat list of calls. */
struct fdt_w {
    void *fdt;
    int err;
};

static void begin(struct fdt_w *w, const char *name)
{
    if (!w->err)
        w->err = fdt_begin_node(w->fdt, name);
}

static void end(struct fdt_w *w)
{
    if (!w->err)
        w->err = fdt_end_node(w->fdt);
}

static void prop(struct fdt_w *w, const char *name, const void *val, size_t len)
{
    if (!w->err)
        w->err = fdt_property(w->fdt, name, val, (int)len);
}

static void prop_str(struct fdt_w *w, const char *name, const char *s)
{
    prop(w, name, s, strlen(s) + 1);
}

static void prop_u32(struct fdt_w *w, const char *name, uint32_t v)
{
    if (!w->err)
        w->err = fdt_property_u32(w->fdt, name, v);
}

static void prop_u64(struct fdt_w *w, const char *name, uint64_t v)
{
    if (!w->err)
        w->err = fdt_property_u64(w->fdt, name, v);
}

/* A list of big-endian cells. */
static void prop_cells(struct fdt_w *w, const char *name, const uint32_t *cells,
                       size_t n)
{
    fdt32_t be[16];

    if (n > 16) {
        w->err = w->err ? w->err : -FDT_ERR_BADVALUE;
        return;
    }
    for (size_t i = 0; i < n; i++)
        be[i] = cpu_to_fdt32(cells[i]);
    prop(w, name, be, n * sizeof(be[0]));
}

/* (address, size) pairs of two cells each. */
static void prop_regs(struct fdt_w *w, const uint64_t *pairs, size_t n)
{
    uint32_t cells[16] = { 0 };

    if (n > 4) {
        w->err = w->err ? w->err : -FDT_ERR_BADVALUE;
        return;
    }
    for (size_t i = 0; i < 2 * n; i++) {
        cells[2 * i] = (uint32_t)(pairs[i] >> 32);
        cells[2 * i + 1] = (uint32_t)pairs[i];
    }
    prop_cells(w, "reg", cells, 4 * n);
}

static void root_props(struct fdt_w *w)
{
    static const char compat[] = "xen,xenvm-4.17\0xen,xenvm";

    prop_str(w, "model", "XENVM-4.17");
    prop(w, "compatible", compat, sizeof(compat));
    prop_u32(w, "interrupt-parent", GIC_PHANDLE);
    prop_u32(w, "#address-cells", 2);
    prop_u32(w, "#size-cells", 2);
}

static void chosen(struct fdt_w *w, const struct lc_fdt_params *p)
{
    begin(w, "chosen");
    if (p->cmdline)
        prop_str(w, "bootargs", p->cmdline);
    if (p->initrd_size) {
        prop_u64(w, "linux,initrd-start", p->initrd_start);
        prop_u64(w, "linux,initrd-end", p->initrd_start + p->initrd_size);
    }
    end(w);
}

/* A vCPU's MPIDR affinity as Keel gives it: 16 vCPUs per cluster. */
static uint32_t vcpu_affinity(unsigned id)
{
    return (id / 16) << 8 | (id % 16);
}

static void cpus(struct fdt_w *w, unsigned nr)
{
    char name[16];

    begin(w, "cpus");
    prop_u32(w, "#address-cells", 1);
    prop_u32(w, "#size-cells", 0);
    for (unsigned i = 0; i < nr; i++) {
        snprintf(name, sizeof(name), "cpu@%x", vcpu_affinity(i));
        begin(w, name);
        prop_str(w, "device_type", "cpu");
        prop_str(w, "compatible", "arm,armv8");
        prop_str(w, "enable-method", "psci");
        prop_u32(w, "reg", vcpu_affinity(i));
        end(w);
    }
    end(w);
}

static void psci(struct fdt_w *w)
{
    static const char compat[] = "arm,psci-1.0\0arm,psci-0.2\0arm,psci";

    begin(w, "psci");
    prop(w, "compatible", compat, sizeof(compat));
    prop_str(w, "method", "hvc");
    prop_u32(w, "cpu_off", PSCI_0_1_CPU_OFF);
    prop_u32(w, "cpu_on", PSCI_0_1_CPU_ON);
    end(w);
}

static void memory(struct fdt_w *w, const struct lc_fdt_params *p)
{
    uint64_t pairs[4] = { 0 };
    char name[32];

    for (unsigned i = 0; i < p->nr_banks; i++) {
        pairs[2 * i] = p->ram_base[i];
        pairs[2 * i + 1] = p->ram_size[i];
    }
    snprintf(name, sizeof(name), "memory@%llx", (unsigned long long)p->ram_base[0]);
    begin(w, name);
    prop_str(w, "device_type", "memory");
    prop_regs(w, pairs, p->nr_banks);
    end(w);
}

static void gic(struct fdt_w *w, unsigned nr_vcpus)
{
    const uint64_t regs[4] = {
        GUEST_GICV3_GICD_BASE, GUEST_GICV3_GICD_SIZE,
        GUEST_GICV3_RDIST_BASE, (uint64_t)GICR_FRAME_SIZE * nr_vcpus,
    };
    char name[48];

    snprintf(name, sizeof(name), "interrupt-controller@%llx",
             (unsigned long long)GUEST_GICV3_GICD_BASE);
    begin(w, name);
    prop_str(w, "compatible", "arm,gic-v3");
    prop_u32(w, "#interrupt-cells", 3);
    prop_u32(w, "#address-cells", 0);
    prop(w, "interrupt-controller", NULL, 0);
    prop_regs(w, regs, 2);
    prop_u32(w, "linux,phandle", GIC_PHANDLE);
    prop_u32(w, "phandle", GIC_PHANDLE);
    end(w);
}

static void timer(struct fdt_w *w)
{
    const uint32_t irqs[9] = {
        IRQ_TYPE_PPI, TIMER_PPI_SEC_PHYS - PPI_BASE, IRQ_FLAGS_LEVEL,
        IRQ_TYPE_PPI, TIMER_PPI_PHYS - PPI_BASE, IRQ_FLAGS_LEVEL,
        IRQ_TYPE_PPI, TIMER_PPI_VIRT - PPI_BASE, IRQ_FLAGS_LEVEL,
    };

    begin(w, "timer");
    prop_str(w, "compatible", "arm,armv8-timer");
    prop_cells(w, "interrupts", irqs, 9);
    prop_u32(w, "interrupt-parent", GIC_PHANDLE);
    end(w);
}

static void hypervisor(struct fdt_w *w)
{
    static const char compat[] = "xen,xen-4.17\0xen,xen";
    const uint64_t regs[2] = { GUEST_GNTTAB_BASE, GUEST_GNTTAB_SIZE };
    const uint32_t irq[3] = {
        IRQ_TYPE_PPI, GUEST_EVTCHN_PPI - PPI_BASE, IRQ_FLAGS_LEVEL };

    begin(w, "hypervisor");
    prop(w, "compatible", compat, sizeof(compat));
    prop_regs(w, regs, 1);
    prop_cells(w, "interrupts", irq, 3);
    prop_u32(w, "interrupt-parent", GIC_PHANDLE);
    end(w);
}

static int write_tree(void *buf, size_t size, const struct lc_fdt_params *p)
{
    struct fdt_w w = { .fdt = buf };

    w.err = fdt_create(buf, (int)size);
    if (!w.err)
        w.err = fdt_finish_reservemap(buf);
    begin(&w, "");
    root_props(&w);
    chosen(&w, p);
    cpus(&w, p->nr_vcpus);
    psci(&w);
    memory(&w, p);
    gic(&w, p->nr_vcpus);
    timer(&w);
    hypervisor(&w);
    end(&w);
    if (!w.err)
        w.err = fdt_finish(buf);
    return w.err;
}

static int check_params(const struct lc_fdt_params *p)
{
    if (!p->nr_vcpus || p->nr_vcpus > LC_DOMAIN_MAX_VCPUS)
        return -EINVAL;
    if (p->nr_banks < 1 || p->nr_banks > 2)
        return -EINVAL;
    return 0;
}

int lc_guest_fdt(const struct lc_fdt_params *p, void **fdt, size_t *size)
{
    size_t cap = FDT_INITIAL_SIZE;
    int rc = check_params(p);

    if (rc)
        return rc;
    /* A long command line may need a bigger buffer; start small. */
    for (;;) {
        void *buf = malloc(cap);

        if (!buf)
            return -ENOMEM;
        rc = write_tree(buf, cap, p);
        if (!rc) {
            *fdt = buf;
            *size = fdt_totalsize(buf);
            return 0;
        }
        free(buf);
        if (rc != -FDT_ERR_NOSPACE)
            return -EINVAL;
        if (cap >= LC_DTB_MAX)
            return -E2BIG;
        cap *= 2;
    }
}
