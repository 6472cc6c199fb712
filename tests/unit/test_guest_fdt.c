/* libctl/guest_fdt.c: every node and property of a domU's device tree,
 * read back with libfdt. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <libfdt.h>
#include "unit.h"
#include "../../libctl/build.h"

#define GIC_PHANDLE 65000

static const struct lc_fdt_params two_vcpus = {
    .ram_base = { 0x40000000 }, .ram_size = { 128 << 20 }, .nr_banks = 1,
    .nr_vcpus = 2, .cmdline = "console=hvc0 rdinit=/init",
    .initrd_start = 0x40400000, .initrd_size = 0x123456,
};

static void *build(const struct lc_fdt_params *p)
{
    void *fdt = NULL;
    size_t size = 0;

    CU_ASSERT_EQUAL_FATAL(lc_guest_fdt(p, &fdt, &size), 0);
    CU_ASSERT_EQUAL(fdt_check_full(fdt, size), 0);
    CU_ASSERT_EQUAL(fdt_totalsize(fdt), size);
    return fdt;
}

static int node(const void *fdt, const char *path)
{
    int off = fdt_path_offset(fdt, path);

    CU_ASSERT(off >= 0);
    return off;
}

/* The property's bytes equal val/len exactly. */
static void check_prop(const void *fdt, const char *path, const char *name,
                       const void *val, int len)
{
    int got = -1;
    const void *p = fdt_getprop(fdt, node(fdt, path), name, &got);

    CU_ASSERT_PTR_NOT_NULL(p);
    CU_ASSERT_EQUAL(got, len);
    if (p && got == len)
        CU_ASSERT(memcmp(p, val, (size_t)len) == 0);
}

static void check_str(const void *fdt, const char *path, const char *name, const char *s)
{
    check_prop(fdt, path, name, s, (int)strlen(s) + 1);
}

/* Up to 16 cells. */
static void check_cells(const void *fdt, const char *path, const char *name,
                        const uint32_t *cells, int n)
{
    fdt32_t be[16];

    for (int i = 0; i < n; i++)
        be[i] = cpu_to_fdt32(cells[i]);
    check_prop(fdt, path, name, be, n * 4);
}

static void check_u32(const void *fdt, const char *path, const char *name, uint32_t v)
{
    check_cells(fdt, path, name, &v, 1);
}

static int count_props(const void *fdt, const char *path)
{
    int n = 0, off;

    fdt_for_each_property_offset(off, fdt, node(fdt, path))
        n++;
    return n;
}

static int count_subnodes(const void *fdt, const char *path)
{
    int n = 0, off;

    fdt_for_each_subnode(off, fdt, node(fdt, path))
        n++;
    return n;
}

static void root_and_chosen(void)
{
    static const char compat[] = "xen,xenvm-4.17\0xen,xenvm";
    void *fdt = build(&two_vcpus);
    const uint32_t start[2] = { 0, 0x40400000 }, end[2] = { 0, 0x40523456 };

    check_str(fdt, "/", "model", "XENVM-4.17");
    check_prop(fdt, "/", "compatible", compat, sizeof(compat));
    check_u32(fdt, "/", "interrupt-parent", GIC_PHANDLE);
    check_u32(fdt, "/", "#address-cells", 2);
    check_u32(fdt, "/", "#size-cells", 2);
    CU_ASSERT_EQUAL(count_props(fdt, "/"), 5);
    CU_ASSERT_EQUAL(count_subnodes(fdt, "/"), 7);
    check_str(fdt, "/chosen", "bootargs", "console=hvc0 rdinit=/init");
    check_cells(fdt, "/chosen", "linux,initrd-start", start, 2);
    check_cells(fdt, "/chosen", "linux,initrd-end", end, 2);
    CU_ASSERT_EQUAL(count_props(fdt, "/chosen"), 3);
    CU_ASSERT_EQUAL(fdt_num_mem_rsv(fdt), 0);
    free(fdt);
}

static void cpus_psci_memory(void)
{
    static const char psci[] = "arm,psci-1.0\0arm,psci-0.2\0arm,psci";
    void *fdt = build(&two_vcpus);
    const uint32_t mem[4] = { 0, 0x40000000, 0, 128 << 20 };

    check_u32(fdt, "/cpus", "#address-cells", 1);
    check_u32(fdt, "/cpus", "#size-cells", 0);
    CU_ASSERT_EQUAL(count_subnodes(fdt, "/cpus"), 2);
    for (int i = 0; i < 2; i++) {
        const char *path = i ? "/cpus/cpu@1" : "/cpus/cpu@0";

        check_str(fdt, path, "device_type", "cpu");
        check_str(fdt, path, "compatible", "arm,armv8");
        check_str(fdt, path, "enable-method", "psci");
        check_u32(fdt, path, "reg", (uint32_t)i);
        CU_ASSERT_EQUAL(count_props(fdt, path), 4);
    }
    check_prop(fdt, "/psci", "compatible", psci, sizeof(psci));
    check_str(fdt, "/psci", "method", "hvc");
    check_u32(fdt, "/psci", "cpu_off", 1);
    check_u32(fdt, "/psci", "cpu_on", 2);
    CU_ASSERT_EQUAL(count_props(fdt, "/psci"), 4);
    check_str(fdt, "/memory@40000000", "device_type", "memory");
    check_cells(fdt, "/memory@40000000", "reg", mem, 4);
    CU_ASSERT_EQUAL(count_props(fdt, "/memory@40000000"), 2);
    free(fdt);
}

static void gic_timer_hypervisor(void)
{
    void *fdt = build(&two_vcpus);
    const char *gic = "/interrupt-controller@3001000";
    const uint32_t gic_reg[8] = { 0, 0x03001000, 0, 0x10000, 0, 0x03020000, 0, 0x40000 };
    const uint32_t timer_irqs[9] = { 1, 13, 0xf08, 1, 14, 0xf08, 1, 11, 0xf08 };
    const uint32_t hyp_reg[4] = { 0, 0x38000000, 0, 0x1000000 };
    const uint32_t hyp_irq[3] = { 1, 15, 0xf08 };
    static const char hyp_compat[] = "xen,xen-4.17\0xen,xen";

    check_str(fdt, gic, "compatible", "arm,gic-v3");
    check_u32(fdt, gic, "#interrupt-cells", 3);
    check_u32(fdt, gic, "#address-cells", 0);
    check_prop(fdt, gic, "interrupt-controller", "", 0);
    check_cells(fdt, gic, "reg", gic_reg, 8);
    check_u32(fdt, gic, "linux,phandle", GIC_PHANDLE);
    check_u32(fdt, gic, "phandle", GIC_PHANDLE);
    CU_ASSERT_EQUAL(count_props(fdt, gic), 7);
    CU_ASSERT_EQUAL(fdt_node_offset_by_phandle(fdt, GIC_PHANDLE), node(fdt, gic));
    check_str(fdt, "/timer", "compatible", "arm,armv8-timer");
    check_cells(fdt, "/timer", "interrupts", timer_irqs, 9);
    check_u32(fdt, "/timer", "interrupt-parent", GIC_PHANDLE);
    CU_ASSERT_EQUAL(count_props(fdt, "/timer"), 3);
    check_prop(fdt, "/hypervisor", "compatible", hyp_compat, sizeof(hyp_compat));
    check_cells(fdt, "/hypervisor", "reg", hyp_reg, 4);
    check_cells(fdt, "/hypervisor", "interrupts", hyp_irq, 3);
    check_u32(fdt, "/hypervisor", "interrupt-parent", GIC_PHANDLE);
    CU_ASSERT_EQUAL(count_props(fdt, "/hypervisor"), 4);
    free(fdt);
}

/* vCPU 17 is Aff1 1, Aff0 1; the redistributors cover 18 frames. */
static void many_vcpus_and_two_banks(void)
{
    struct lc_fdt_params p = {
        .ram_base = { 0x40000000, 0x200000000 }, .ram_size = { 0xc0000000, 0x40000000 },
        .nr_banks = 2, .nr_vcpus = 18,
    };
    const uint32_t mem[8] = { 0, 0x40000000, 0, 0xc0000000, 2, 0, 0, 0x40000000 };
    const uint32_t gic_reg[8] = { 0, 0x03001000, 0, 0x10000, 0, 0x03020000, 0,
                                  18 * 0x20000 };
    void *fdt = build(&p);

    CU_ASSERT_EQUAL(count_subnodes(fdt, "/cpus"), 18);
    check_u32(fdt, "/cpus/cpu@f", "reg", 0x00f);
    check_u32(fdt, "/cpus/cpu@100", "reg", 0x100);
    check_u32(fdt, "/cpus/cpu@101", "reg", 0x101);
    CU_ASSERT(fdt_path_offset(fdt, "/cpus/cpu@10") < 0);
    check_cells(fdt, "/memory@40000000", "reg", mem, 8);
    check_cells(fdt, "/interrupt-controller@3001000", "reg", gic_reg, 8);
    /* No command line, no initrd: no such properties. */
    CU_ASSERT_EQUAL(count_props(fdt, "/chosen"), 0);
    free(fdt);
}

static void long_cmdline_grows_buffer(void)
{
    struct lc_fdt_params p = two_vcpus;
    char *line = malloc(20000);
    void *fdt;

    memset(line, 'a', 19999);
    line[19999] = '\0';
    p.cmdline = line;
    fdt = build(&p);
    check_str(fdt, "/chosen", "bootargs", line);
    free(fdt);
    line = realloc(line, 3 << 20);
    memset(line, 'b', (3 << 20) - 1);
    line[(3 << 20) - 1] = '\0';
    p.cmdline = line;
    CU_ASSERT_EQUAL(lc_guest_fdt(&p, &fdt, &(size_t){ 0 }), -E2BIG);
    free(line);
}

static void bad_params(void)
{
    struct lc_fdt_params p = two_vcpus;
    void *fdt;
    size_t size;

    p.nr_vcpus = 0;
    CU_ASSERT_EQUAL(lc_guest_fdt(&p, &fdt, &size), -EINVAL);
    p.nr_vcpus = LC_DOMAIN_MAX_VCPUS + 1;
    CU_ASSERT_EQUAL(lc_guest_fdt(&p, &fdt, &size), -EINVAL);
    p.nr_vcpus = LC_DOMAIN_MAX_VCPUS;
    CU_ASSERT_EQUAL(lc_guest_fdt(&p, &fdt, &size), 0);
    free(fdt);
    p.nr_banks = 0;
    CU_ASSERT_EQUAL(lc_guest_fdt(&p, &fdt, &size), -EINVAL);
    p.nr_banks = 3;
    CU_ASSERT_EQUAL(lc_guest_fdt(&p, &fdt, &size), -EINVAL);
}

UNIT_SUITE(guest_fdt,
           UNIT_TEST(root_and_chosen), UNIT_TEST(cpus_psci_memory),
           UNIT_TEST(gic_timer_hypervisor), UNIT_TEST(many_vcpus_and_two_banks),
           UNIT_TEST(long_cmdline_grows_buffer), UNIT_TEST(bad_params))
