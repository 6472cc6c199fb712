/* The nodes Keel adds to dom0's tree: what a Xen guest looks for
 * (/hypervisor), how it reaches PSCI, its vCPUs, its memory and its boot
 * arguments. */
#include <keel/domain.h>
#include <keel/errno.h>
#include <keel/lib.h>
#include <public/version.h>
#include <asm/dom0_dt.h>
#include <asm/vcpu.h>
#include <asm/vgic.h>

#define STR2(x) #x
#define STR(x) STR2(x)
#define XEN_COMPAT "xen,xen-" STR(KEEL_XEN_MAJOR) "." STR(KEEL_XEN_MINOR)

static int reg64(struct dt_writer *w, const char *name, uint64_t base, uint64_t size)
{
    uint32_t cells[4] = { (uint32_t)(base >> 32), (uint32_t)base,
                          (uint32_t)(size >> 32), (uint32_t)size };

    return dt_property_cells(w, name, cells, 4);
}

static int write_chosen(struct dt_writer *w, const struct dom0_dt_params *p)
{
    int rc = dt_begin_node(w, "chosen");

    if (!rc && p->bootargs)
        rc = dt_property_string(w, "bootargs", p->bootargs);
    if (!rc && p->initrd_start) {
        rc = dt_property_u64(w, "linux,initrd-start", p->initrd_start);
        if (!rc)
            rc = dt_property_u64(w, "linux,initrd-end", p->initrd_start + p->initrd_size);
    }
    return rc ? rc : dt_end_node(w);
}

static int write_hypervisor(struct dt_writer *w, const struct dom0_dt_params *p)
{
    static const char *const compat[] = { XEN_COMPAT, "xen,xen" };
    /* PPI 15 = INTID 31, level-high, all CPUs. */
    static const uint32_t irq[3] = { 1, VGIC_PPI_EVTCHN - 16, 0xf04 };
    int rc = dt_begin_node(w, "hypervisor");

    if (!rc)
        rc = dt_property_strings(w, "compatible", compat, 2);
    if (!rc)
        rc = reg64(w, "reg", p->gnttab_base, p->gnttab_size);
    if (!rc)
        rc = dt_property_cells(w, "interrupts", irq, 3);
    return rc ? rc : dt_end_node(w);
}

static int write_psci(struct dt_writer *w)
{
    static const char *const compat[] = { "arm,psci-1.0", "arm,psci-0.2", "arm,psci" };
    int rc = dt_begin_node(w, "psci");

    if (!rc)
        rc = dt_property_strings(w, "compatible", compat, 3);
    if (!rc)
        rc = dt_property_string(w, "method", "hvc");
    if (!rc)
        rc = dt_property_u32(w, "cpu_on", 0xc4000003);
    if (!rc)
        rc = dt_property_u32(w, "cpu_off", 0x84000002);
    return rc ? rc : dt_end_node(w);
}

static int write_cpu(struct dt_writer *w, const struct vcpu *v, const char *compat)
{
    char name[16];
    uint32_t aff = (uint32_t)(v->arch->vmpidr & 0xffffff);
    int rc;

    snprintf(name, sizeof(name), "cpu@%x", aff);
    rc = dt_begin_node(w, name);
    if (!rc)
        rc = dt_property_string(w, "device_type", "cpu");
    if (!rc)
        rc = dt_property_string(w, "compatible", compat);
    if (!rc)
        rc = dt_property_u32(w, "reg", aff);
    if (!rc)
        rc = dt_property_string(w, "enable-method", "psci");
    return rc ? rc : dt_end_node(w);
}

/* The host's first CPU names the core type dom0 runs on. */
static const char *cpu_compatible(const struct dt *host)
{
    int cpus = dt_path(host, "/cpus");

    for (int c = cpus >= 0 ? dt_first_child(host, cpus) : -1; c >= 0;
         c = dt_next_sibling(host, c)) {
        const char *compat = dt_prop_str(host, c, "compatible");

        if (compat)
            return compat;
    }
    return "arm,armv8";
}

static int write_cpus(struct dt_writer *w, const struct domain *d, const struct dt *host)
{
    int rc = dt_begin_node(w, "cpus");

    if (!rc)
        rc = dt_property_u32(w, "#address-cells", 1);
    if (!rc)
        rc = dt_property_u32(w, "#size-cells", 0);
    for (unsigned int i = 0; !rc && i < d->nr_vcpus; i++)
        rc = write_cpu(w, d->vcpus[i], cpu_compatible(host));
    return rc ? rc : dt_end_node(w);
}

static int write_memory(struct dt_writer *w, const struct domain *d)
{
    const struct arch_domain *ad = d->arch;
    char name[32];
    int rc;

    snprintf(name, sizeof(name), "memory@%lx", ad->ram_gpa);
    rc = dt_begin_node(w, name);
    if (!rc)
        rc = dt_property_string(w, "device_type", "memory");
    if (!rc)
        rc = reg64(w, "reg", ad->ram_gpa, ad->ram_size);
    return rc ? rc : dt_end_node(w);
}

int dom0_dt_add_xen_nodes(struct dt_writer *w, struct domain *d,
                          const struct dt *host, const struct dom0_dt_params *p)
{
    int rc = write_chosen(w, p);

    if (!rc)
        rc = write_hypervisor(w, p);
    if (!rc)
        rc = write_psci(w);
    if (!rc)
        rc = write_cpus(w, d, host);
    if (!rc)
        rc = write_memory(w, d);
    return rc;
}
