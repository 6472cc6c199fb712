/* dom0's device tree: the host's, less what the hypervisor keeps or
 * replaces (its UART, CPUs, memory, PSCI, the PMU and timer PPIs, the
 * GIC's ITS), plus the nodes a Xen guest looks for (/hypervisor, PSCI by
 * HVC). Every device node kept is passed through: its MMIO mapped 1:1 and
 * its SPIs routed to dom0. */
#include <keel/domain.h>
#include <keel/errno.h>
#include <keel/lib.h>
#include <keel/printk.h>
#include <public/version.h>
#include <asm/dom0_dt.h>
#include <asm/dom0_passthrough.h>
#include <asm/vcpu.h>
#include <asm/vgic.h>

#define MAX_DEPTH 16

struct ctx {
    struct domain *d;
    const struct dt *host;
    const struct dom0_dt_params *p;
    struct dt_writer w;
};

static bool compatible_any(const struct dt *dt, int node, const char *const *list)
{
    for (; *list; list++)
        if (dt_is_compatible(dt, node, *list))
            return true;
    return false;
}

/* Nodes dom0 does not get at all: hypervisor-owned, replaced, or devices
 * that need what Keel does not emulate (PPIs of the PMU, the ITS). */
static bool dropped(const struct ctx *c, int node, int depth)
{
    static const char *const compat[] = {
        "arm,armv8-pmuv3", "arm,cortex-a57-pmu", "arm,cortex-a53-pmu",
        "arm,psci", "arm,psci-0.2", "arm,psci-1.0", "arm,gic-v3-its",
        "arm,pl061", "gpio-keys", "multiboot,module", "xen,xen", NULL,
    };
    const char *name = dt_name(c->host, node);

    if (node == c->p->host_uart || compatible_any(c->host, node, compat))
        return true;
    if (depth != 1)
        return false;
    return !strcmp(name, "cpus") || !strcmp(name, "chosen") ||
           !strncmp(name, "memory", 6) || !strcmp(name, "hypervisor");
}

static bool dropped_prop(const char *name)
{
    return !strcmp(name, "msi-parent") || !strcmp(name, "msi-map");
}

static int copy_props(struct ctx *c, int node)
{
    for (int prop = dt_first_prop(c->host, node); prop >= 0;
         prop = dt_next_prop(c->host, prop)) {
        const char *name;
        uint32_t len;
        const void *val = dt_prop_at(c->host, prop, &name, &len);
        int rc;

        if (!val)
            return -EINVAL;
        if (dropped_prop(name))
            continue;
        rc = dt_property(&c->w, name, val, len);
        if (rc)
            return rc;
    }
    return 0;
}

/* The GIC as dom0 sees it: the distributor and one redistributor frame
 * pair per vCPU, all emulated at the host's addresses. */
static int write_gic(struct ctx *c, int node)
{
    const struct vgic_dist *vd = &c->d->arch->vgic;
    uint32_t len;
    const void *ph = dt_prop(c->host, node, "phandle", &len);
    uint32_t reg[8] = {
        (uint32_t)(vd->dist_base >> 32), (uint32_t)vd->dist_base, 0, VGIC_DIST_SIZE,
        (uint32_t)(vd->redist_base >> 32), (uint32_t)vd->redist_base, 0,
        c->d->nr_vcpus * VGIC_REDIST_STRIDE,
    };
    int rc = dt_property_string(&c->w, "compatible", "arm,gic-v3");

    if (!rc)
        rc = dt_property_u32(&c->w, "#interrupt-cells", 3);
    if (!rc)
        rc = dt_property(&c->w, "interrupt-controller", NULL, 0);
    if (!rc)
        rc = dt_property_u32(&c->w, "#redistributor-regions", 1);
    if (!rc)
        rc = dt_property_cells(&c->w, "reg", reg, 8);
    if (!rc && ph)
        rc = dt_property(&c->w, "phandle", ph, len);
    return rc;
}

/* The architected timer minus its fourth (hypervisor) interrupt. */
static int write_timer(struct ctx *c, int node)
{
    uint32_t len;
    const void *irqs = dt_prop(c->host, node, "interrupts", &len);
    int rc = dt_property_string(&c->w, "compatible", "arm,armv8-timer");

    if (!rc && irqs)
        rc = dt_property(&c->w, "interrupts", irqs, MIN(len, 36u));
    if (!rc && dt_prop(c->host, node, "always-on", &len))
        rc = dt_property(&c->w, "always-on", NULL, 0);
    return rc;
}

static int write_node_body(struct ctx *c, int node, int depth)
{
    int rc;

    if (dt_is_compatible(c->host, node, "arm,gic-v3"))
        return write_gic(c, node);
    if (dt_is_compatible(c->host, node, "arm,armv8-timer"))
        return write_timer(c, node);
    rc = copy_props(c, node);
    if (!rc && depth == 1)
        rc = passthrough_node(c->d, c->host, node);
    return rc;
}

int dom0_dt_add_xen_nodes(struct dt_writer *w, struct domain *d,
                          const struct dt *host, const struct dom0_dt_params *p);

static int copy_node(struct ctx *c, int node, int depth)
{
    const char *name = depth ? dt_name(c->host, node) : "";
    bool gic = dt_is_compatible(c->host, node, "arm,gic-v3");
    int rc;

    if (depth > MAX_DEPTH)
        return -EINVAL;
    if (dropped(c, node, depth))
        return 0;
    rc = dt_begin_node(&c->w, name);
    if (!rc)
        rc = write_node_body(c, node, depth);
    for (int child = dt_first_child(c->host, node); !rc && !gic && child >= 0;
         child = dt_next_sibling(c->host, child))
        rc = copy_node(c, child, depth + 1);
    if (!rc && depth == 0)
        rc = dom0_dt_add_xen_nodes(&c->w, c->d, c->host, c->p);
    if (!rc)
        rc = dt_end_node(&c->w);
    return rc;
}

int dom0_dt_build(struct domain *d, const struct dt *host,
                  const struct dom0_dt_params *p, void *buf, size_t cap,
                  size_t *size)
{
    struct ctx c = { .d = d, .host = host, .p = p };
    int root = dt_root(host);
    int rc = dt_writer_init(&c.w, buf, cap);

    if (!rc && root < 0)
        rc = root;
    if (!rc)
        rc = copy_node(&c, root, 0);
    if (!rc)
        rc = dt_finish(&c.w, size);
    return rc;
}
