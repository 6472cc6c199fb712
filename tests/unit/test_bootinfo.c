/* Tests for xen/common/bootinfo.c on device trees built with our writer
 * (xen/common/dt_write.c): RAM banks, reserved memory, the command lines
 * in /chosen and the multiboot module nodes. */
#include <stdio.h>
#include <string.h>
#include <keel/bootinfo.h>
#include <keel/errno.h>
#include "fake_arch.h"
#include "unit.h"

#define MB (1ULL << 20)
#define GB (1ULL << 30)

struct tree {
    struct dt_writer w;
    struct dt dt;
    uint8_t buf[32768];
    unsigned int ac, sc;        /* cells of the node being filled */
};

static const char *const kernel_compat[] = { "multiboot,kernel", "multiboot,module" };
static const char *const ramdisk_compat[] = { "multiboot,ramdisk", "multiboot,module" };
static const char *const module_compat[] = { "multiboot,module" };

#define OK(call) CU_ASSERT_EQUAL_FATAL((call), 0)

static void begin(struct tree *t)
{
    OK(dt_writer_init(&t->w, t->buf, sizeof(t->buf)));
}

/* Opens the root, with the given cells for its children. */
static void root(struct tree *t, unsigned int ac, unsigned int sc)
{
    OK(dt_begin_node(&t->w, ""));
    OK(dt_property_string(&t->w, "compatible", "linux,dummy-virt"));
    OK(dt_property_u32(&t->w, "#address-cells", ac));
    OK(dt_property_u32(&t->w, "#size-cells", sc));
    t->ac = ac;
    t->sc = sc;
}

/* A "reg" of n (address, size) pairs in `ac`/`sc` cells each. */
static void reg(struct tree *t, unsigned int ac, unsigned int sc,
                const uint64_t *pairs, unsigned int n)
{
    uint32_t cells[4 * (MEM_RANGES_MAX + 1)];
    unsigned int c = 0;

    CU_ASSERT_FATAL(n * (ac + sc) <= ARRAY_SIZE(cells));
    for (unsigned int i = 0; i < n; i++) {
        if (ac == 2)
            cells[c++] = (uint32_t)(pairs[2 * i] >> 32);
        cells[c++] = (uint32_t)pairs[2 * i];
        if (sc == 2)
            cells[c++] = (uint32_t)(pairs[2 * i + 1] >> 32);
        cells[c++] = (uint32_t)pairs[2 * i + 1];
    }
    OK(dt_property_cells(&t->w, "reg", cells, c));
}

static void memory(struct tree *t, const char *name, const char *type,
                   const uint64_t *pairs, unsigned int n)
{
    OK(dt_begin_node(&t->w, name));
    if (type)
        OK(dt_property_string(&t->w, "device_type", type));
    if (n)
        reg(t, t->ac, t->sc, pairs, n);
    OK(dt_end_node(&t->w));
}

static void chosen(struct tree *t, const char *xen_args, const char *dom0_args)
{
    OK(dt_begin_node(&t->w, "chosen"));
    OK(dt_property_u32(&t->w, "#address-cells", 2));
    OK(dt_property_u32(&t->w, "#size-cells", 2));
    if (xen_args)
        OK(dt_property_string(&t->w, "xen,xen-bootargs", xen_args));
    if (dom0_args)
        OK(dt_property_string(&t->w, "xen,dom0-bootargs", dom0_args));
}

static void module(struct tree *t, const char *name, const char *const *compat,
                   unsigned int ncompat, uint64_t base, uint64_t size,
                   const char *bootargs)
{
    const uint64_t pair[2] = { base, size };

    OK(dt_begin_node(&t->w, name));
    OK(dt_property_strings(&t->w, "compatible", compat, ncompat));
    reg(t, 2, 2, pair, 1);
    if (bootargs)
        OK(dt_property_string(&t->w, "bootargs", bootargs));
    OK(dt_end_node(&t->w));
}

/* Closes the open nodes and reads the tree. */
static int finish(struct tree *t, struct bootinfo *bi, unsigned int open)
{
    size_t size;

    while (open--)
        OK(dt_end_node(&t->w));
    OK(dt_finish(&t->w, &size));
    OK(dt_open(&t->dt, t->buf, size));
    memset(bi, 0x5a, sizeof(*bi));
    return bootinfo_read(bi, &t->dt);
}

/* RAM of one bank at 1 GiB, for trees about something else. */
static void some_ram(struct tree *t)
{
    const uint64_t bank[2] = { GB, GB };

    memory(t, "memory@40000000", "memory", bank, 1);
}

static bool has_range(const struct mem_ranges *s, uint64_t base, uint64_t size)
{
    for (unsigned int i = 0; i < s->n; i++)
        if (s->r[i].base == base && s->r[i].size == size)
            return true;
    return false;
}

static void test_memory_two_cells(void)
{
    const uint64_t banks[] = { GB, GB, 4 * GB, 2 * GB };
    const uint64_t more[] = { 3 * GB, 256 * MB };
    struct tree t;
    struct bootinfo bi;

    begin(&t);
    root(&t, 2, 2);
    memory(&t, "memory@40000000", "memory", banks, 2);
    memory(&t, "memory@c0000000", "memory", more, 1);
    CU_ASSERT_EQUAL(finish(&t, &bi, 1), 0);
    CU_ASSERT_EQUAL(bi.ram.n, 3);
    CU_ASSERT_TRUE(has_range(&bi.ram, GB, GB));
    CU_ASSERT_TRUE(has_range(&bi.ram, 3 * GB, 256 * MB));
    CU_ASSERT_TRUE(has_range(&bi.ram, 4 * GB, 2 * GB));
    CU_ASSERT_EQUAL(mem_ranges_total(&bi.ram), 3 * GB + 256 * MB);
    CU_ASSERT_EQUAL(bi.reserved.n, 0);
    CU_ASSERT_EQUAL(bi.nr_modules, 0);
    CU_ASSERT_STRING_EQUAL(bi.cmdline, "");
    CU_ASSERT_PTR_NULL(bi.dom0_bootargs);
}

static void test_memory_one_cell(void)
{
    const uint64_t banks[] = { 0x40000000, 0x10000000, 0x70000000, 0x1000,
                               0x50000000, 0x10000000 };
    struct tree t;
    struct bootinfo bi;

    begin(&t);
    root(&t, 1, 1);
    memory(&t, "memory", NULL, banks, 3);       /* no device_type: fine */
    CU_ASSERT_EQUAL(finish(&t, &bi, 1), 0);
    /* 0x40000000 and 0x50000000 touch and merge. */
    CU_ASSERT_EQUAL(bi.ram.n, 2);
    CU_ASSERT_TRUE(has_range(&bi.ram, 0x40000000, 0x20000000));
    CU_ASSERT_TRUE(has_range(&bi.ram, 0x70000000, 0x1000));
}

/* Only top-level nodes named memory or memory@..., of type memory. */
static void test_memory_node_selection(void)
{
    const uint64_t bank[2] = { GB, GB };
    const uint64_t other[2] = { 8 * GB, GB };
    struct tree t;
    struct bootinfo bi;

    begin(&t);
    root(&t, 2, 2);
    memory(&t, "memory-controller@1000", "memory", other, 1);
    memory(&t, "memoryx", "memory", other, 1);
    memory(&t, "memory@200000000", "reserved", other, 1);
    memory(&t, "memory@40000000", "memory", bank, 1);
    OK(dt_begin_node(&t.w, "soc"));
    OK(dt_property_u32(&t.w, "#address-cells", 2));
    OK(dt_property_u32(&t.w, "#size-cells", 2));
    memory(&t, "memory@300000000", "memory", other, 1);
    OK(dt_end_node(&t.w));
    CU_ASSERT_EQUAL(finish(&t, &bi, 1), 0);
    CU_ASSERT_EQUAL(bi.ram.n, 1);
    CU_ASSERT_TRUE(has_range(&bi.ram, GB, GB));
}

static void test_missing_memory(void)
{
    const uint64_t bank[2] = { GB, GB };
    struct tree t;
    struct bootinfo bi;

    begin(&t);
    root(&t, 2, 2);
    chosen(&t, "a=b", NULL);
    CU_ASSERT_EQUAL(finish(&t, &bi, 2), -ENOENT);

    begin(&t);
    root(&t, 2, 2);
    memory(&t, "memory@40000000", "cpu", bank, 1);  /* wrong type */
    memory(&t, "memory@80000000", "memory", NULL, 0);  /* no reg */
    CU_ASSERT_EQUAL(finish(&t, &bi, 1), -ENOENT);
}

static void test_too_many_banks(void)
{
    uint64_t banks[2 * (MEM_RANGES_MAX + 1)];
    struct tree t;
    struct bootinfo bi;

    for (unsigned int i = 0; i <= MEM_RANGES_MAX; i++) {
        banks[2 * i] = GB + 2 * i * MB;         /* with gaps between */
        banks[2 * i + 1] = MB;
    }
    begin(&t);
    root(&t, 1, 1);
    memory(&t, "memory", "memory", banks, MEM_RANGES_MAX);
    CU_ASSERT_EQUAL(finish(&t, &bi, 1), 0);
    CU_ASSERT_EQUAL(bi.ram.n, MEM_RANGES_MAX);
    begin(&t);
    root(&t, 1, 1);
    memory(&t, "memory", "memory", banks, MEM_RANGES_MAX);
    memory(&t, "memory@0", "memory", banks + 2 * MEM_RANGES_MAX, 1);
    CU_ASSERT_EQUAL(finish(&t, &bi, 1), -ENOSPC);
}

static void test_memreserve(void)
{
    struct tree t;
    struct bootinfo bi;

    begin(&t);
    OK(dt_add_mem_rsv(&t.w, GB + 128 * MB, 64 * 1024));
    OK(dt_add_mem_rsv(&t.w, GB + 256 * MB, 2 * MB));
    root(&t, 2, 2);
    some_ram(&t);
    CU_ASSERT_EQUAL(finish(&t, &bi, 1), 0);
    CU_ASSERT_EQUAL(bi.reserved.n, 2);
    CU_ASSERT_TRUE(has_range(&bi.reserved, GB + 128 * MB, 64 * 1024));
    CU_ASSERT_TRUE(has_range(&bi.reserved, GB + 256 * MB, 2 * MB));
    CU_ASSERT_EQUAL(bi.ram.n, 1);       /* RAM stays whole; setup cuts it */
}

/* Children of /reserved-memory are decoded with its own cells; those
 * without "reg" (allocated by size) are skipped. */
static void test_reserved_memory_node(void)
{
    const uint64_t tee[2] = { 0x4e000000, 0x200000 };
    const uint64_t two[4] = { 0x48000000, 0x1000, 0x49000000, 0x2000 };
    struct tree t;
    struct bootinfo bi;

    begin(&t);
    OK(dt_add_mem_rsv(&t.w, 0x47000000, 0x1000));
    root(&t, 2, 2);
    some_ram(&t);
    OK(dt_begin_node(&t.w, "reserved-memory"));
    OK(dt_property_u32(&t.w, "#address-cells", 1));
    OK(dt_property_u32(&t.w, "#size-cells", 1));
    OK(dt_property(&t.w, "ranges", NULL, 0));
    OK(dt_begin_node(&t.w, "optee@4e000000"));
    reg(&t, 1, 1, tee, 1);
    OK(dt_property(&t.w, "no-map", NULL, 0));
    OK(dt_end_node(&t.w));
    OK(dt_begin_node(&t.w, "linux,cma"));
    OK(dt_property_u32(&t.w, "size", 0x4000000));
    OK(dt_end_node(&t.w));
    OK(dt_begin_node(&t.w, "split@48000000"));
    reg(&t, 1, 1, two, 2);
    OK(dt_end_node(&t.w));
    CU_ASSERT_EQUAL(finish(&t, &bi, 2), 0);
    CU_ASSERT_EQUAL(bi.reserved.n, 4);
    CU_ASSERT_TRUE(has_range(&bi.reserved, 0x47000000, 0x1000));
    CU_ASSERT_TRUE(has_range(&bi.reserved, 0x4e000000, 0x200000));
    CU_ASSERT_TRUE(has_range(&bi.reserved, 0x48000000, 0x1000));
    CU_ASSERT_TRUE(has_range(&bi.reserved, 0x49000000, 0x2000));
}

static void test_chosen_command_lines(void)
{
    struct tree t;
    struct bootinfo bi;

    begin(&t);
    root(&t, 2, 2);
    some_ram(&t);
    chosen(&t, "dom0_mem=512M loglvl=all", "console=hvc0 earlycon=xen");
    OK(dt_property_string(&t.w, "bootargs", "not for us"));
    CU_ASSERT_EQUAL(finish(&t, &bi, 2), 0);
    CU_ASSERT_STRING_EQUAL(bi.cmdline, "dom0_mem=512M loglvl=all");
    CU_ASSERT_STRING_EQUAL(bi.dom0_bootargs, "console=hvc0 earlycon=xen");
    /* They point into the blob, which stays in place. */
    CU_ASSERT((const uint8_t *)bi.cmdline > t.buf &&
              (const uint8_t *)bi.cmdline < t.buf + sizeof(t.buf));

    begin(&t);
    root(&t, 2, 2);
    some_ram(&t);
    chosen(&t, NULL, NULL);
    CU_ASSERT_EQUAL(finish(&t, &bi, 2), 0);
    CU_ASSERT_STRING_EQUAL(bi.cmdline, "");
    CU_ASSERT_PTR_NULL(bi.dom0_bootargs);
    CU_ASSERT_EQUAL(bi.nr_modules, 0);
}

static void test_modules(void)
{
    struct tree t;
    struct bootinfo bi;
    const struct boot_module *m;

    begin(&t);
    root(&t, 2, 2);
    some_ram(&t);
    chosen(&t, "x", NULL);
    module(&t, "module@42000000", kernel_compat, 2, 0x42000000, 0x1234567,
           "console=hvc0 root=/dev/ram0");
    OK(dt_begin_node(&t.w, "framebuffer@0"));       /* not a module */
    OK(dt_property_string(&t.w, "compatible", "simple-framebuffer"));
    OK(dt_end_node(&t.w));
    module(&t, "module@48000000", ramdisk_compat, 2, 0x48000000, 0x800000, NULL);
    module(&t, "module@49000000", module_compat, 1, 0x49000800, 0x100, "x=1");
    CU_ASSERT_EQUAL(finish(&t, &bi, 2), 0);
    CU_ASSERT_EQUAL_FATAL(bi.nr_modules, 3);
    m = bootinfo_module(&bi, BOOT_MODULE_KERNEL, 0);
    CU_ASSERT_PTR_EQUAL_FATAL(m, &bi.modules[0]);
    CU_ASSERT_EQUAL(m->base, 0x42000000);
    CU_ASSERT_EQUAL(m->size, 0x1234567);
    CU_ASSERT_STRING_EQUAL(m->bootargs, "console=hvc0 root=/dev/ram0");
    m = bootinfo_module(&bi, BOOT_MODULE_RAMDISK, 0);
    CU_ASSERT_PTR_EQUAL_FATAL(m, &bi.modules[1]);
    CU_ASSERT_EQUAL(m->base, 0x48000000);
    CU_ASSERT_EQUAL(m->size, 0x800000);
    CU_ASSERT_PTR_NULL(m->bootargs);
    m = bootinfo_module(&bi, BOOT_MODULE_OTHER, 0);
    CU_ASSERT_PTR_EQUAL_FATAL(m, &bi.modules[2]);
    CU_ASSERT_STRING_EQUAL(m->bootargs, "x=1");
    CU_ASSERT_PTR_NULL(bootinfo_module(&bi, BOOT_MODULE_KERNEL, 1));
    CU_ASSERT_PTR_NULL(bootinfo_module(&bi, BOOT_MODULE_OTHER, 1));
    /* Modules are reserved, to whole pages. */
    CU_ASSERT_TRUE(has_range(&bi.reserved, 0x42000000, 0x1235000));
    CU_ASSERT_TRUE(has_range(&bi.reserved, 0x48000000, 0x800000));
    CU_ASSERT_TRUE(has_range(&bi.reserved, 0x49000800, 0x1000));
}

static void test_module_order_and_nth(void)
{
    struct tree t;
    struct bootinfo bi;

    begin(&t);
    root(&t, 2, 2);
    some_ram(&t);
    chosen(&t, NULL, NULL);
    module(&t, "module@1", ramdisk_compat, 2, 0x50000000, 0x1000, NULL);
    module(&t, "module@2", kernel_compat, 2, 0x51000000, 0x1000, NULL);
    module(&t, "module@3", kernel_compat, 2, 0x52000000, 0x1000, NULL);
    CU_ASSERT_EQUAL(finish(&t, &bi, 2), 0);
    CU_ASSERT_EQUAL(bootinfo_module(&bi, BOOT_MODULE_KERNEL, 0)->base, 0x51000000);
    CU_ASSERT_EQUAL(bootinfo_module(&bi, BOOT_MODULE_KERNEL, 1)->base, 0x52000000);
    CU_ASSERT_EQUAL(bootinfo_module(&bi, BOOT_MODULE_RAMDISK, 0)->base, 0x50000000);
    CU_ASSERT_PTR_NULL(bootinfo_module(&bi, BOOT_MODULE_RAMDISK, 1));
    CU_ASSERT_PTR_NULL(bootinfo_module(&bi, BOOT_MODULE_OTHER, 0));
}

static int tree_with_modules(struct tree *t, struct bootinfo *bi, unsigned int n)
{
    char name[32];

    begin(t);
    root(t, 2, 2);
    some_ram(t);
    chosen(t, NULL, NULL);
    for (unsigned int i = 0; i < n; i++) {
        snprintf(name, sizeof(name), "module@%x", 0x50000000 + i * 0x100000);
        module(t, name, module_compat, 1, 0x50000000 + i * 0x100000, 0x1000, NULL);
    }
    return finish(t, bi, 2);
}

static void test_too_many_modules(void)
{
    struct tree t;
    struct bootinfo bi;

    CU_ASSERT_EQUAL(tree_with_modules(&t, &bi, BOOT_MODULES_MAX), 0);
    CU_ASSERT_EQUAL(bi.nr_modules, BOOT_MODULES_MAX);
    CU_ASSERT_EQUAL(tree_with_modules(&t, &bi, BOOT_MODULES_MAX + 1), -ENOSPC);
}

/* One module node with the given reg cells (chosen has 2 + 2). */
static int bad_module(const uint32_t *cells, unsigned int n)
{
    struct tree t;
    struct bootinfo bi;

    begin(&t);
    root(&t, 2, 2);
    some_ram(&t);
    chosen(&t, NULL, NULL);
    OK(dt_begin_node(&t.w, "module@0"));
    OK(dt_property_strings(&t.w, "compatible", kernel_compat, 2));
    if (cells)
        OK(dt_property_cells(&t.w, "reg", cells, n));
    OK(dt_end_node(&t.w));
    return finish(&t, &bi, 2);
}

static void test_module_bad_reg(void)
{
    const uint32_t zero_size[4] = { 0, 0x42000000, 0, 0 };
    const uint32_t short_reg[3] = { 0, 0x42000000, 0x1000 };
    const uint32_t wraps[4] = { 0xffffffff, 0xfffff000, 0, 0x2000 };
    const uint32_t good[4] = { 0, 0x42000000, 0, 0x1000 };

    CU_ASSERT_EQUAL(bad_module(good, 4), 0);
    CU_ASSERT_EQUAL(bad_module(NULL, 0), -EINVAL);
    CU_ASSERT_EQUAL(bad_module(zero_size, 4), -EINVAL);
    CU_ASSERT_EQUAL(bad_module(short_reg, 3), -EINVAL);
    CU_ASSERT_EQUAL(bad_module(short_reg, 0), -EINVAL);
    CU_ASSERT_EQUAL(bad_module(wraps, 4), -EINVAL);
}

/* Regression (robustness): a memory bank of size 0, which some boot loaders
 * leave in "reg" for an empty slot and Linux skips, makes bootinfo_read()
 * fail with -EINVAL (mem_ranges_add refuses size 0), so the machine does
 * not boot. The same holds for a /reserved-memory child of size 0. */
static void test_zero_size_bank_skipped(void)
{
    const uint64_t banks[4] = { GB, GB, 0, 0 };
    struct tree t;
    struct bootinfo bi;

    begin(&t);
    root(&t, 2, 2);
    memory(&t, "memory@40000000", "memory", banks, 2);
    CU_ASSERT_EQUAL(finish(&t, &bi, 1), 0);
    CU_ASSERT_EQUAL(bi.ram.n, 1);
}

UNIT_SUITE(bootinfo,
           UNIT_TEST(test_memory_two_cells),
           UNIT_TEST(test_memory_one_cell),
           UNIT_TEST(test_memory_node_selection),
           UNIT_TEST(test_missing_memory),
           UNIT_TEST(test_too_many_banks),
           UNIT_TEST(test_memreserve),
           UNIT_TEST(test_reserved_memory_node),
           UNIT_TEST(test_chosen_command_lines),
           UNIT_TEST(test_modules),
           UNIT_TEST(test_module_order_and_nth),
           UNIT_TEST(test_too_many_modules),
           UNIT_TEST(test_module_bad_reg),
           UNIT_TEST(test_zero_size_bank_skipped))
