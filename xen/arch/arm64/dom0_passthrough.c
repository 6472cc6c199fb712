/* Device passthrough for dom0, read from the host device tree. Only the
 * shapes QEMU's virt machine and typical boards use are understood: device
 * nodes under the root with 2-cell addresses, GIC interrupt specifiers of
 * 3 cells, and PCIe host bridges with ranges and an interrupt-map. */
#include <keel/domain.h>
#include <keel/errno.h>
#include <keel/keel.h>
#include <keel/printk.h>
#include <asm/dom0_passthrough.h>
#include <asm/p2m.h>
#include <asm/pagetable.h>
#include <asm/vcpu.h>
#include <asm/vgic.h>

#define GIC_SPI 0
#define IRQ_EDGE_MASK 3

static int map_mmio(struct domain *d, uint64_t base, uint64_t size)
{
    uint64_t start = ALIGN_DOWN(base, PAGE_SIZE);
    uint64_t end = ALIGN_UP(base + size, PAGE_SIZE);
    struct page_pool *pool = &d->keel->pool;
    const struct pt *root = &d->arch->p2m.pt;
    int rc;

    if (end > (1UL << P2M_IPA_BITS) || end <= start) {
        printk("d0: device range 0x%lx+0x%lx is outside the guest address space: skipped\n",
               base, size);
        return 0;
    }
    rc = pt_map(pool, root, start, start, end - start, S2_DEVICE);
    if (rc != -EBUSY)
        return rc;
    /* Shares a page with a device mapped before (virtio-mmio slots). */
    for (uint64_t a = start; a < end; a += PAGE_SIZE) {
        paddr_t pa;

        if (pt_lookup(root, a, &pa) == -ENOENT) {
            rc = pt_map(pool, root, a, a, PAGE_SIZE, S2_DEVICE);
            if (rc)
                return rc;
        }
    }
    return 0;
}

static int route_spec(struct domain *d, const uint8_t *spec)
{
    uint32_t type = (uint32_t)dt_read_cells(spec, 1);
    uint32_t num = (uint32_t)dt_read_cells(spec + 4, 1);
    uint32_t flags = (uint32_t)dt_read_cells(spec + 8, 1);
    int rc;

    if (type != GIC_SPI)
        return 0;
    rc = vgic_route_hw_spi(d, num + 32, flags & IRQ_EDGE_MASK);
    return rc == -EEXIST ? 0 : rc;
}

static int route_interrupts(struct domain *d, const struct dt *host, int node)
{
    uint32_t len;
    const uint8_t *p = dt_prop(host, node, "interrupts", &len);

    for (uint32_t off = 0; p && off + 12 <= len; off += 12) {
        int rc = route_spec(d, p + off);

        if (rc)
            return rc;
    }
    return 0;
}

/* interrupt-map entries: child unit address, child specifier, parent
 * phandle, parent unit address, parent (GIC) specifier. */
static int route_interrupt_map(struct domain *d, const struct dt *host, int node,
                               uint32_t gic_addr_cells)
{
    uint32_t len, child_addr = 3, child_int = 1;
    const uint8_t *p = dt_prop(host, node, "interrupt-map", &len);
    uint32_t stride;

    if (!p)
        return 0;
    dt_prop_u32(host, node, "#address-cells", &child_addr);
    dt_prop_u32(host, node, "#interrupt-cells", &child_int);
    stride = 4 * (child_addr + child_int + 1 + gic_addr_cells + 3);
    for (uint32_t off = 0; off + stride <= len; off += stride) {
        int rc = route_spec(d, p + off + stride - 12);

        if (rc)
            return rc;
    }
    return 0;
}

/* PCIe ranges: 3-cell child address, 2-cell parent address, 2-cell size. */
static int map_ranges(struct domain *d, const struct dt *host, int node)
{
    uint32_t len, child_addr = 0;
    const uint8_t *p = dt_prop(host, node, "ranges", &len);

    if (!p || dt_prop_u32(host, node, "#address-cells", &child_addr) || child_addr != 3)
        return 0;
    for (uint32_t off = 0; off + 28 <= len; off += 28) {
        int rc = map_mmio(d, dt_read_cells(p + off + 12, 2), dt_read_cells(p + off + 20, 2));

        if (rc)
            return rc;
    }
    return 0;
}

static uint32_t gic_address_cells(const struct dt *host)
{
    int gic = dt_find_compatible(host, -1, "arm,gic-v3");
    uint32_t cells = 0;

    if (gic >= 0)
        dt_prop_u32(host, gic, "#address-cells", &cells);
    return cells;
}

int passthrough_node(struct domain *d, const struct dt *host, int node)
{
    uint64_t base, size;
    int rc = 0;

    for (unsigned int i = 0; !rc && dt_reg(host, node, i, &base, &size) == 0; i++)
        if (size)
            rc = map_mmio(d, base, size);
    if (!rc)
        rc = route_interrupts(d, host, node);
    if (!rc)
        rc = route_interrupt_map(d, host, node, gic_address_cells(host));
    if (!rc)
        rc = map_ranges(d, host, node);
    return rc;
}
