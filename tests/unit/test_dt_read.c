/* Tests for xen/common/dt_read.c. Sample trees are written with the host's
 * libfdt, so the reader is checked against an independent writer; libfdt
 * offsets are structure-block offsets too, which lets the tests compare
 * node and property handles one for one. Every blob sits in a heap block
 * of exactly its size, so ASan reports any read past its end. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <libfdt.h>
#include <keel/dt.h>
#include <keel/errno.h>
#include "unit.h"

#define STRS(s) s, sizeof(s)
#define F(call) CU_ASSERT_FATAL((call) >= 0)

/* Builds the sample tree with libfdt's sequential writer. */
static void sample_nodes_chosen(void *f)
{
    const uint32_t kreg[] = { 0, cpu_to_fdt32(0x80000000), 0,
                              cpu_to_fdt32(0x1000000) };

    F(fdt_begin_node(f, "chosen"));
    F(fdt_property_u32(f, "#address-cells", 2));
    F(fdt_property_u32(f, "#size-cells", 2));
    F(fdt_property_string(f, "bootargs", "console=hvc0"));
    F(fdt_property(f, "raw", "abc", 3));
    F(fdt_property(f, "empty", NULL, 0));
    F(fdt_begin_node(f, "module@80000000"));
    F(fdt_property(f, "compatible",
                   STRS("multiboot,kernel\0multiboot,module")));
    F(fdt_property(f, "reg", kreg, sizeof(kreg)));
    F(fdt_end_node(f));
    F(fdt_begin_node(f, "module@81000000"));
    F(fdt_property(f, "compatible",
                   STRS("multiboot,ramdisk\0multiboot,module")));
    F(fdt_end_node(f));
    F(fdt_end_node(f));
}

static void sample_nodes_cpus(void *f)
{
    F(fdt_begin_node(f, "cpus"));
    F(fdt_property_u32(f, "#address-cells", 1));
    F(fdt_property_u32(f, "#size-cells", 0));
    for (uint32_t i = 0; i < 2; i++) {
        F(fdt_begin_node(f, i ? "cpu@1" : "cpu@0"));
        F(fdt_property_string(f, "device_type", "cpu"));
        F(fdt_property_string(f, "compatible", "arm,cortex-a57"));
        F(fdt_property_u32(f, "reg", i));
        F(fdt_end_node(f));
    }
    F(fdt_end_node(f));
}

static void sample_nodes_soc(void *f)
{
    const uint32_t odd[] = { 1, 2, 3 };

    F(fdt_begin_node(f, "soc"));
    F(fdt_property_u32(f, "#address-cells", 1));
    F(fdt_property_u32(f, "#size-cells", 1));
    F(fdt_begin_node(f, "uart@9000000"));
    F(fdt_property(f, "compatible", STRS("arm,pl011\0arm,primecell")));
    F(fdt_property_u64(f, "reg", 0x0900000000001000ULL));
    F(fdt_end_node(f));
    F(fdt_begin_node(f, "intc@8000000"));
    F(fdt_property_string(f, "compatible", "arm,gic-v3"));
    F(fdt_property_u64(f, "reg", 0x0800000000010000ULL));
    F(fdt_end_node(f));
    F(fdt_begin_node(f, "odd"));
    F(fdt_property(f, "reg", odd, sizeof(odd)));
    F(fdt_end_node(f));
    F(fdt_begin_node(f, "tail"));
    F(fdt_property(f, "compatible", "abc\0def", 7));
    F(fdt_end_node(f));
    F(fdt_end_node(f));
}

static void sample_nodes_misc(void *f)
{
    const uint32_t mreg[] = { 0, cpu_to_fdt32(0x40000000), 0,
                              cpu_to_fdt32(0x80000000), cpu_to_fdt32(1),
                              0, 0, cpu_to_fdt32(0x1000) };
    const uint32_t wreg[] = { 0, 0, 0, cpu_to_fdt32(1) };
    const uint32_t dreg[] = { 0, cpu_to_fdt32(0x10), cpu_to_fdt32(0x20) };

    F(fdt_begin_node(f, "memory@40000000"));
    F(fdt_property_string(f, "device_type", "memory"));
    F(fdt_property(f, "reg", mreg, sizeof(mreg)));
    F(fdt_end_node(f));
    F(fdt_begin_node(f, "node@1"));
    F(fdt_begin_node(f, "dev@10"));
    F(fdt_property(f, "reg", dreg, sizeof(dreg)));
    F(fdt_end_node(f));
    F(fdt_end_node(f));
    F(fdt_begin_node(f, "node"));
    F(fdt_property_u32(f, "marker", 7));
    F(fdt_property(f, "trap", "\0\0\0\0\1x\0", 8));
    F(fdt_end_node(f));
    F(fdt_begin_node(f, "wide"));
    F(fdt_property_u32(f, "#address-cells", 3));
    F(fdt_begin_node(f, "dev@0"));
    F(fdt_property(f, "reg", wreg, sizeof(wreg)));
    F(fdt_end_node(f));
    F(fdt_end_node(f));
    F(fdt_begin_node(f, "widesize"));
    F(fdt_property_u32(f, "#address-cells", 1));
    F(fdt_property_u32(f, "#size-cells", 3));
    F(fdt_begin_node(f, "dev@0"));
    F(fdt_property(f, "reg", wreg, sizeof(wreg)));
    F(fdt_end_node(f));
    F(fdt_end_node(f));
    F(fdt_begin_node(f, "badcells"));
    F(fdt_property_u64(f, "#address-cells", 1));
    F(fdt_begin_node(f, "dev"));
    F(fdt_property_u64(f, "reg", 1));
    F(fdt_end_node(f));
    F(fdt_end_node(f));
}

/* Returns a heap copy of exactly the blob's size. */
static uint8_t *exact_copy(const void *fdt, size_t *size)
{
    uint8_t *b;

    *size = fdt_totalsize(fdt);
    b = malloc(*size);
    CU_ASSERT_FATAL(b != NULL);
    memcpy(b, fdt, *size);
    return b;
}

static uint8_t *sample(size_t *size)
{
    static uint8_t f[8192];

    F(fdt_create(f, sizeof(f)));
    F(fdt_add_reservemap_entry(f, 0x1000, 0x2000));
    F(fdt_add_reservemap_entry(f, 0x148000000ULL, 0x10000));
    F(fdt_add_reservemap_entry(f, 0, 0x1000));
    F(fdt_finish_reservemap(f));
    F(fdt_begin_node(f, ""));
    F(fdt_property(f, "compatible", STRS("linux,dummy-virt")));
    F(fdt_property_u32(f, "#address-cells", 2));
    F(fdt_property_u32(f, "#size-cells", 2));
    F(fdt_property_string(f, "model", "keel-test"));
    sample_nodes_chosen(f);
    sample_nodes_cpus(f);
    sample_nodes_soc(f);
    sample_nodes_misc(f);
    F(fdt_end_node(f));
    F(fdt_finish(f));
    CU_ASSERT_FATAL(fdt_check_full(f, sizeof(f)) == 0);
    return exact_copy(f, size);
}

static void open_sample(struct dt *dt, uint8_t **blob)
{
    size_t size;

    *blob = sample(&size);
    CU_ASSERT_FATAL(dt_open(dt, *blob, size) == 0);
}

static int path(const struct dt *dt, const char *p)
{
    int node = dt_path(dt, p);

    CU_ASSERT_FATAL(node >= 0);
    return node;
}

static void set32(uint8_t *blob, size_t off, uint32_t v)
{
    uint32_t be = cpu_to_fdt32(v);

    memcpy(blob + off, &be, 4);
}

static uint32_t get32(const uint8_t *blob, size_t off)
{
    uint32_t be;

    memcpy(&be, blob + off, 4);
    return fdt32_to_cpu(be);
}

/* ---- header ---- */

static void test_open_valid(void)
{
    struct dt dt;
    uint8_t *b;

    open_sample(&dt, &b);
    CU_ASSERT_EQUAL(dt.size, fdt_totalsize(b));
    CU_ASSERT_EQUAL(dt.off_struct, fdt_off_dt_struct(b));
    CU_ASSERT_EQUAL(dt.size_struct, fdt_size_dt_struct(b));
    CU_ASSERT_EQUAL(dt.off_strings, fdt_off_dt_strings(b));
    CU_ASSERT_EQUAL(dt.size_strings, fdt_size_dt_strings(b));
    CU_ASSERT_EQUAL(dt_check(&dt), 0);
    free(b);
}

static void expect_open_fails(uint8_t *b, size_t size, size_t field,
                              uint32_t v)
{
    uint32_t saved = get32(b, field);
    struct dt dt;

    set32(b, field, v);
    CU_ASSERT_EQUAL(dt_open(&dt, b, size), -EINVAL);
    set32(b, field, saved);
    CU_ASSERT_EQUAL(dt_open(&dt, b, size), 0);
}

static void test_open_bad_header(void)
{
    size_t size;
    uint8_t *b = sample(&size);
    uint32_t ostr = fdt_off_dt_strings(b), sstr = fdt_size_dt_strings(b);
    uint32_t ostruct = fdt_off_dt_struct(b);
    struct dt dt;

    expect_open_fails(b, size, 0, 0xd00dfeee);              /* magic */
    expect_open_fails(b, size, 4, (uint32_t)size + 1);      /* totalsize */
    expect_open_fails(b, size, 4, 39);
    expect_open_fails(b, size, 4, ostr + sstr - 1);
    expect_open_fails(b, size, 4, 0x80000000);
    expect_open_fails(b, size, 8, (uint32_t)size);          /* struct */
    expect_open_fails(b, size, 8, 0xfffffff0);
    expect_open_fails(b, size, 8, 8);
    expect_open_fails(b, size, 36, 0xfffffffc);
    expect_open_fails(b, size, 12, (uint32_t)size - 2);     /* strings */
    expect_open_fails(b, size, 12, 12);
    expect_open_fails(b, size, 12, ostruct + 8);            /* overlap */
    expect_open_fails(b, size, 32, 0xffffffff);
    expect_open_fails(b, size, 16, (uint32_t)size - 15);    /* rsvmap */
    expect_open_fails(b, size, 16, 4);
    expect_open_fails(b, size, 20, 15);                     /* version */
    expect_open_fails(b, size, 24, 18);
    CU_ASSERT_EQUAL(dt_open(&dt, b, size - 1), -EINVAL);    /* truncated */
    CU_ASSERT_EQUAL(dt_open(&dt, b, 39), -EINVAL);
    CU_ASSERT_EQUAL(dt_open(&dt, NULL, size), -EINVAL);
    /* Only the header is read, so a lying max_size is safe here. */
    set32(b, 4, DT_MAX_SIZE + 4);
    CU_ASSERT_EQUAL(dt_open(&dt, b, SIZE_MAX), -EINVAL);
    set32(b, 4, DT_MAX_SIZE);
    CU_ASSERT_EQUAL(dt_open(&dt, b, SIZE_MAX), 0);
    free(b);
}

/* Version 16 has no size_dt_struct: the block runs up to the strings. */
static void test_open_v16(void)
{
    size_t size;
    uint8_t *b = sample(&size);
    struct dt dt;

    set32(b, 20, 16);
    set32(b, 36, 0xdeadbeef);
    CU_ASSERT_FATAL(dt_open(&dt, b, size) == 0);
    CU_ASSERT_EQUAL(dt.size_struct,
                    fdt_off_dt_strings(b) - fdt_off_dt_struct(b));
    CU_ASSERT_EQUAL(dt_check(&dt), 0);
    CU_ASSERT_EQUAL(dt_path(&dt, "/cpus/cpu@1"),
                    fdt_path_offset(b, "/cpus/cpu@1"));
    free(b);
}

static void test_mem_rsv(void)
{
    uint64_t a, s;
    struct dt dt;
    uint8_t *b;

    open_sample(&dt, &b);
    CU_ASSERT_EQUAL(dt_mem_rsv(&dt, 0, &a, &s), 0);
    CU_ASSERT_EQUAL(a, 0x1000);
    CU_ASSERT_EQUAL(s, 0x2000);
    CU_ASSERT_EQUAL(dt_mem_rsv(&dt, 1, &a, &s), 0);
    CU_ASSERT_EQUAL(a, 0x148000000ULL);
    CU_ASSERT_EQUAL(s, 0x10000);
    CU_ASSERT_EQUAL(dt_mem_rsv(&dt, 2, &a, &s), 0);
    CU_ASSERT_EQUAL(a, 0);
    CU_ASSERT_EQUAL(s, 0x1000);
    CU_ASSERT_EQUAL(dt_mem_rsv(&dt, 3, &a, &s), -ENOENT);
    CU_ASSERT_EQUAL(dt_mem_rsv(&dt, 1000, &a, &s), -ENOENT);
    /* A zero size ends the map, whatever the address. */
    memset(b + dt.off_rsvmap + 16 + 8, 0, 8);
    CU_ASSERT_EQUAL(dt_mem_rsv(&dt, 0, &a, &s), 0);
    CU_ASSERT_EQUAL(dt_mem_rsv(&dt, 1, &a, &s), -ENOENT);
    CU_ASSERT_EQUAL(dt_mem_rsv(&dt, 2, &a, &s), -ENOENT);
    /* A map whose terminator lies past the blob's end. */
    dt.off_rsvmap = dt.size - 24;
    memset(b + dt.size - 24, 0xff, 24);
    CU_ASSERT_EQUAL(dt_mem_rsv(&dt, 0, &a, &s), 0);
    CU_ASSERT_EQUAL(dt_mem_rsv(&dt, 1, &a, &s), -EINVAL);
    free(b);
}

/* ---- nodes ---- */

static void test_root_and_names(void)
{
    const uint8_t *trap;
    struct dt dt;
    uint8_t *b;

    open_sample(&dt, &b);
    CU_ASSERT_EQUAL(dt_root(&dt), 0);
    CU_ASSERT_STRING_EQUAL(dt_name(&dt, 0), "");
    CU_ASSERT_STRING_EQUAL(dt_name(&dt, path(&dt, "/cpus/cpu@1")), "cpu@1");
    CU_ASSERT_PTR_NULL(dt_name(&dt, 2));
    CU_ASSERT_PTR_NULL(dt_name(&dt, -4));
    CU_ASSERT_PTR_NULL(dt_name(&dt, (int)dt.size_struct));
    CU_ASSERT_PTR_NULL(dt_name(&dt, dt_first_prop(&dt, 0)));
    /* Handles are 4-aligned: this one would read a BEGIN_NODE "x". */
    trap = dt_prop(&dt, path(&dt, "/node"), "trap", NULL);
    CU_ASSERT_FATAL(trap != NULL);
    CU_ASSERT_PTR_NULL(dt_name(&dt, (int)(trap + 1 - b - dt.off_struct)));
    free(b);
}

static void test_path(void)
{
    uint32_t v;
    struct dt dt;
    uint8_t *b;

    open_sample(&dt, &b);
    CU_ASSERT_EQUAL(dt_path(&dt, "/"), 0);
    CU_ASSERT_EQUAL(dt_path(&dt, "/chosen"), fdt_path_offset(b, "/chosen"));
    CU_ASSERT_EQUAL(dt_path(&dt, "/cpus/cpu@1"),
                    fdt_path_offset(b, "/cpus/cpu@1"));
    CU_ASSERT_EQUAL(dt_path(&dt, "//cpus//cpu@1/"),
                    fdt_path_offset(b, "/cpus/cpu@1"));
    /* Without a unit address: the first "name@..." child... */
    CU_ASSERT_EQUAL(dt_path(&dt, "/cpus/cpu"),
                    fdt_path_offset(b, "/cpus/cpu@0"));
    CU_ASSERT_EQUAL(dt_path(&dt, "/chosen/module"),
                    fdt_path_offset(b, "/chosen/module@80000000"));
    /* ...unless a later child has exactly that name. */
    CU_ASSERT_STRING_EQUAL(dt_name(&dt, path(&dt, "/node")), "node");
    CU_ASSERT_EQUAL(dt_prop_u32(&dt, path(&dt, "/node"), "marker", &v), 0);
    CU_ASSERT_EQUAL(dt_path(&dt, "/node@1"), fdt_path_offset(b, "/node@1"));
    CU_ASSERT_EQUAL(dt_path(&dt, "/memory@0"), -ENOENT);
    CU_ASSERT_EQUAL(dt_path(&dt, "/cpus/cpu@2"), -ENOENT);
    CU_ASSERT_EQUAL(dt_path(&dt, "/cpu"), -ENOENT);
    CU_ASSERT_EQUAL(dt_path(&dt, "/chose"), -ENOENT);
    CU_ASSERT_EQUAL(dt_path(&dt, "/chosenx"), -ENOENT);
    CU_ASSERT_EQUAL(dt_path(&dt, "/cpus/cpu@0/x"), -ENOENT);
    CU_ASSERT_EQUAL(dt_path(&dt, "chosen"), -EINVAL);
    CU_ASSERT_EQUAL(dt_path(&dt, ""), -EINVAL);
    CU_ASSERT_EQUAL(dt_path(&dt, NULL), -EINVAL);
    free(b);
}

static void test_children(void)
{
    static const char *const names[] = {
        "chosen", "cpus", "soc", "memory@40000000", "node@1", "node",
        "wide", "widesize", "badcells",
    };
    struct dt dt;
    uint8_t *b;
    unsigned int i = 0;
    int n;

    open_sample(&dt, &b);
    for (n = dt_first_child(&dt, 0); n >= 0; n = dt_next_sibling(&dt, n)) {
        CU_ASSERT_FATAL(i < ARRAY_SIZE(names));
        CU_ASSERT_STRING_EQUAL(dt_name(&dt, n), names[i++]);
    }
    CU_ASSERT_EQUAL(n, -ENOENT);
    CU_ASSERT_EQUAL(i, ARRAY_SIZE(names));
    CU_ASSERT_EQUAL(dt_first_child(&dt, path(&dt, "/node")), -ENOENT);
    CU_ASSERT_EQUAL(dt_next_sibling(&dt, 0), -ENOENT);
    CU_ASSERT_EQUAL(dt_next_sibling(&dt, path(&dt, "/cpus/cpu@1")),
                    -ENOENT);
    CU_ASSERT_EQUAL(dt_first_child(&dt, 1), -EINVAL);
    CU_ASSERT_EQUAL(dt_next_sibling(&dt, -1), -EINVAL);
    free(b);
}

static void test_parent_depth(void)
{
    int cpu1, cpus, prop;
    struct dt dt;
    uint8_t *b;

    open_sample(&dt, &b);
    cpu1 = path(&dt, "/cpus/cpu@1");
    cpus = path(&dt, "/cpus");
    CU_ASSERT_EQUAL(dt_parent(&dt, cpu1), cpus);
    CU_ASSERT_EQUAL(dt_parent(&dt, cpus), 0);
    CU_ASSERT_EQUAL(dt_parent(&dt, 0), -ENOENT);
    CU_ASSERT_EQUAL(dt_node_depth(&dt, 0), 0);
    CU_ASSERT_EQUAL(dt_node_depth(&dt, cpus), 1);
    CU_ASSERT_EQUAL(dt_node_depth(&dt, cpu1), 2);
    prop = dt_first_prop(&dt, cpu1);
    CU_ASSERT_EQUAL(dt_parent(&dt, prop), -EINVAL);
    CU_ASSERT_EQUAL(dt_node_depth(&dt, prop), -EINVAL);
    CU_ASSERT_EQUAL(dt_parent(&dt, cpu1 + 1), -EINVAL);
    CU_ASSERT_EQUAL(dt_parent(&dt, (int)dt.size_struct + 64), -EINVAL);
    CU_ASSERT_EQUAL(dt_node_depth(&dt, -8), -EINVAL);
    free(b);
}

/* Our handles, depths, names, parents and properties equal libfdt's. */
static void test_walk_matches_libfdt(void)
{
    int node, lnode, depth = 0, ldepth = 0, count = 0;
    struct dt dt;
    uint8_t *b;

    open_sample(&dt, &b);
    node = dt_root(&dt);
    /* libfdt ends its walk with depth -1 rather than an error. */
    for (lnode = 0; lnode >= 0 && ldepth >= 0;
         lnode = fdt_next_node(b, lnode, &ldepth)) {
        int prop, lprop;

        CU_ASSERT_EQUAL_FATAL(node, lnode);
        CU_ASSERT_EQUAL(depth, ldepth);
        CU_ASSERT_EQUAL(dt_node_depth(&dt, node), ldepth);
        CU_ASSERT_STRING_EQUAL(dt_name(&dt, node), fdt_get_name(b, lnode, 0));
        CU_ASSERT_EQUAL(dt_parent(&dt, node),
                        lnode ? fdt_parent_offset(b, lnode) : -ENOENT);
        prop = dt_first_prop(&dt, node);
        fdt_for_each_property_offset(lprop, b, lnode) {
            const char *n, *ln;
            uint32_t len;
            int llen;
            const void *v = dt_prop_at(&dt, prop, &n, &len);

            CU_ASSERT_EQUAL_FATAL(prop, lprop);
            CU_ASSERT_PTR_EQUAL(v, fdt_getprop_by_offset(b, lprop, &ln, &llen));
            CU_ASSERT_STRING_EQUAL(n, ln);
            CU_ASSERT_EQUAL(len, (uint32_t)llen);
            prop = dt_next_prop(&dt, prop);
        }
        CU_ASSERT_EQUAL(prop, -ENOENT);
        node = dt_next_node(&dt, node, &depth);
        count++;
    }
    CU_ASSERT_EQUAL(node, -ENOENT);
    CU_ASSERT_EQUAL(count, 22);
    free(b);
}

static void test_next_node_depth(void)
{
    struct dt dt;
    uint8_t *b;
    int depth = 0, n;

    open_sample(&dt, &b);
    n = dt_next_node(&dt, path(&dt, "/cpus"), &depth);
    CU_ASSERT_EQUAL(n, path(&dt, "/cpus/cpu@0"));
    CU_ASSERT_EQUAL(depth, 1);
    n = dt_next_node(&dt, n, &depth);
    CU_ASSERT_EQUAL(depth, 1);
    n = dt_next_node(&dt, n, &depth);
    CU_ASSERT_EQUAL(n, path(&dt, "/soc"));
    CU_ASSERT_EQUAL(depth, 0);
    CU_ASSERT_EQUAL(dt_next_node(&dt, path(&dt, "/badcells/dev"), NULL),
                    -ENOENT);
    CU_ASSERT_EQUAL(dt_next_node(&dt, 3, NULL), -EINVAL);
    free(b);
}

/* ---- properties ---- */

static void test_props(void)
{
    uint32_t len, v;
    struct dt dt;
    uint8_t *b;
    int chosen, cpus;

    open_sample(&dt, &b);
    chosen = path(&dt, "/chosen");
    cpus = path(&dt, "/cpus");
    CU_ASSERT_STRING_EQUAL(dt_prop(&dt, 0, "model", &len), "keel-test");
    CU_ASSERT_EQUAL(len, 10);
    CU_ASSERT_PTR_NULL(dt_prop(&dt, 0, "nope", &len));
    CU_ASSERT_PTR_NOT_NULL(dt_prop(&dt, chosen, "empty", &len));
    CU_ASSERT_EQUAL(len, 0);
    CU_ASSERT_PTR_NOT_NULL(dt_prop(&dt, chosen, "raw", NULL));
    CU_ASSERT_EQUAL(dt_prop_u32(&dt, cpus, "#address-cells", &v), 0);
    CU_ASSERT_EQUAL(v, 1);
    CU_ASSERT_EQUAL(dt_prop_u32(&dt, 0, "model", &v), -EINVAL);
    CU_ASSERT_EQUAL(dt_prop_u32(&dt, 0, "nope", &v), -ENOENT);
    CU_ASSERT_EQUAL(dt_prop_u32(&dt, 1, "model", &v), -EINVAL);
    CU_ASSERT_STRING_EQUAL(dt_prop_str(&dt, chosen, "bootargs"),
                           "console=hvc0");
    CU_ASSERT_PTR_NULL(dt_prop_str(&dt, chosen, "raw"));
    CU_ASSERT_PTR_NULL(dt_prop_str(&dt, chosen, "empty"));
    CU_ASSERT_PTR_NULL(dt_prop_str(&dt, chosen, "nope"));
    /* Properties belong to their node, not to its children. */
    CU_ASSERT_PTR_NULL(dt_prop(&dt, 0, "bootargs", NULL));
    CU_ASSERT_EQUAL(dt_first_prop(&dt, path(&dt, "/node@1")), -ENOENT);
    CU_ASSERT_EQUAL(dt_first_prop(&dt, 5), -EINVAL);
    CU_ASSERT_EQUAL(dt_next_prop(&dt, 0), -EINVAL);
    CU_ASSERT_PTR_NULL(dt_prop_at(&dt, 0, NULL, NULL));
    free(b);
}

/* ---- compatible ---- */

static void test_compatible(void)
{
    int uart, tail, n, count = 0;
    struct dt dt;
    uint8_t *b;

    open_sample(&dt, &b);
    uart = path(&dt, "/soc/uart");
    tail = path(&dt, "/soc/tail");
    CU_ASSERT_TRUE(dt_is_compatible(&dt, uart, "arm,pl011"));
    CU_ASSERT_TRUE(dt_is_compatible(&dt, uart, "arm,primecell"));
    CU_ASSERT_FALSE(dt_is_compatible(&dt, uart, "arm,pl01"));
    CU_ASSERT_FALSE(dt_is_compatible(&dt, path(&dt, "/node"), "arm,pl011"));
    CU_ASSERT_TRUE(dt_is_compatible(&dt, tail, "abc"));
    CU_ASSERT_FALSE(dt_is_compatible(&dt, tail, "def"));
    CU_ASSERT_FALSE(dt_is_compatible(&dt, 1, "abc"));
    CU_ASSERT_EQUAL(dt_find_compatible(&dt, -1, "linux,dummy-virt"), 0);
    CU_ASSERT_EQUAL(dt_find_compatible(&dt, 0, "linux,dummy-virt"), -ENOENT);
    n = dt_find_compatible(&dt, -1, "multiboot,module");
    CU_ASSERT_EQUAL(n, path(&dt, "/chosen/module@80000000"));
    n = dt_find_compatible(&dt, n, "multiboot,module");
    CU_ASSERT_EQUAL(n, path(&dt, "/chosen/module@81000000"));
    CU_ASSERT_EQUAL(dt_find_compatible(&dt, n, "multiboot,module"), -ENOENT);
    for (n = -1; (n = dt_find_compatible(&dt, n, "arm,cortex-a57")) >= 0;)
        count++;
    CU_ASSERT_EQUAL(n, -ENOENT);
    CU_ASSERT_EQUAL(count, 2);
    CU_ASSERT_EQUAL(dt_find_compatible(&dt, -2, "arm,pl011"), -EINVAL);
    CU_ASSERT_EQUAL(dt_find_compatible(&dt, 1, "arm,pl011"), -EINVAL);
    free(b);
}

/* ---- addresses ---- */

static void test_cells(void)
{
    uint32_t ac, sc;
    struct dt dt;
    uint8_t *b;

    open_sample(&dt, &b);
    CU_ASSERT_EQUAL(dt_cells(&dt, path(&dt, "/cpus"), &ac, &sc), 0);
    CU_ASSERT_EQUAL(ac, 1);
    CU_ASSERT_EQUAL(sc, 0);
    CU_ASSERT_EQUAL(dt_cells(&dt, path(&dt, "/node"), &ac, &sc), 0);
    CU_ASSERT_EQUAL(ac, 2);
    CU_ASSERT_EQUAL(sc, 1);
    CU_ASSERT_EQUAL(dt_cells(&dt, path(&dt, "/wide"), &ac, &sc), 0);
    CU_ASSERT_EQUAL(ac, 3);
    CU_ASSERT_EQUAL(sc, 1);
    CU_ASSERT_EQUAL(dt_cells(&dt, path(&dt, "/badcells"), &ac, &sc),
                    -EINVAL);
    CU_ASSERT_EQUAL(dt_cells(&dt, 1, &ac, &sc), -EINVAL);
    free(b);
}

static void expect_reg(const struct dt *dt, const char *p, unsigned int i,
                       uint64_t addr, uint64_t size)
{
    uint64_t a = ~0ULL, s = ~0ULL;

    CU_ASSERT_EQUAL(dt_reg(dt, path(dt, p), i, &a, &s), 0);
    CU_ASSERT_EQUAL(a, addr);
    CU_ASSERT_EQUAL(s, size);
}

static void test_reg(void)
{
    uint64_t a, s;
    struct dt dt;
    uint8_t *b;

    open_sample(&dt, &b);
    expect_reg(&dt, "/memory", 0, 0x40000000, 0x80000000);
    expect_reg(&dt, "/memory", 1, 0x100000000ULL, 0x1000);
    expect_reg(&dt, "/chosen/module@80000000", 0, 0x80000000, 0x1000000);
    expect_reg(&dt, "/cpus/cpu@1", 0, 1, 0);
    expect_reg(&dt, "/node@1/dev@10", 0, 0x10, 0x20);
    expect_reg(&dt, "/soc/uart@9000000", 0, 0x9000000, 0x1000);
    expect_reg(&dt, "/soc/intc", 0, 0x08000000, 0x10000);
    CU_ASSERT_EQUAL(dt_reg(&dt, path(&dt, "/soc/uart"), 0, NULL, NULL), 0);
    CU_ASSERT_EQUAL(dt_reg(&dt, path(&dt, "/memory"), 2, &a, &s), -ENOENT);
    CU_ASSERT_EQUAL(dt_reg(&dt, path(&dt, "/soc/intc"), 1, &a, &s), -ENOENT);
    CU_ASSERT_EQUAL(dt_reg(&dt, path(&dt, "/soc/odd"), 0, &a, &s), -EINVAL);
    CU_ASSERT_EQUAL(dt_reg(&dt, path(&dt, "/wide/dev"), 0, &a, &s), -EINVAL);
    CU_ASSERT_EQUAL(dt_reg(&dt, path(&dt, "/widesize/dev"), 0, &a, &s),
                    -EINVAL);
    CU_ASSERT_EQUAL(dt_reg(&dt, path(&dt, "/badcells/dev"), 0, &a, &s),
                    -EINVAL);
    CU_ASSERT_EQUAL(dt_reg(&dt, path(&dt, "/chosen"), 0, &a, &s), -ENOENT);
    CU_ASSERT_EQUAL(dt_reg(&dt, 0, 0, &a, &s), -ENOENT);
    CU_ASSERT_EQUAL(dt_reg(&dt, 1, 0, &a, &s), -EINVAL);
    free(b);
}

static void test_read_cells(void)
{
    static const uint8_t c[] = { 0x12, 0x34, 0x56, 0x78, 0x9a, 0xbc, 0xde,
                                 0xf0, 0x01, 0x02, 0x03, 0x04 };

    CU_ASSERT_EQUAL(dt_read_cells(c, 0), 0);
    CU_ASSERT_EQUAL(dt_read_cells(c, 1), 0x12345678);
    CU_ASSERT_EQUAL(dt_read_cells(c + 1, 1), 0x3456789a);
    CU_ASSERT_EQUAL(dt_read_cells(c, 2), 0x123456789abcdef0ULL);
    CU_ASSERT_EQUAL(dt_read_cells(c, 3), 0x9abcdef001020304ULL);
}

/* ---- corrupt trees ---- */

/* Runs every reader call over whatever `b` holds and checks what must hold
 * even for garbage: handles inside the blob, values inside the blob,
 * walks that end. */
static void poke_node(const struct dt *dt, const uint8_t *b, size_t size,
                      int node)
{
    uint64_t a, s;
    uint32_t ac, sc, len;
    const char *name;
    int prop, n = 0;

    CU_ASSERT_FATAL(node >= 0 && (uint32_t)node < dt->size_struct);
    CU_ASSERT_PTR_NOT_NULL(dt_name(dt, node));
    dt_parent(dt, node);
    dt_first_child(dt, node);
    dt_next_sibling(dt, node);
    dt_cells(dt, node, &ac, &sc);
    for (unsigned int i = 0; i < 4; i++)
        dt_reg(dt, node, i, &a, &s);
    dt_is_compatible(dt, node, "multiboot,module");
    dt_prop_str(dt, node, "compatible");
    for (prop = dt_first_prop(dt, node); prop >= 0;
         prop = dt_next_prop(dt, prop)) {
        const uint8_t *v = dt_prop_at(dt, prop, &name, &len);

        CU_ASSERT_FATAL(++n < (int)size);
        if (v)
            CU_ASSERT_FATAL(v >= b && v + len <= b + size);
    }
}

static void poke_everything(const uint8_t *b, size_t size)
{
    int node, depth = 0, n = 0;
    uint64_t a, s;
    struct dt dt;

    if (dt_open(&dt, b, size) < 0)
        return;
    dt_check(&dt);
    for (unsigned int i = 0; dt_mem_rsv(&dt, i, &a, &s) == 0; i++)
        CU_ASSERT_FATAL(i < size);
    for (node = dt_root(&dt); node >= 0;
         node = dt_next_node(&dt, node, &depth)) {
        CU_ASSERT_FATAL(++n < (int)size);
        poke_node(&dt, b, size, node);
    }
    dt_path(&dt, "/chosen/module");
    dt_path(&dt, "/soc/uart@9000000");
    n = 0;
    for (node = -1; (node = dt_find_compatible(&dt, node, "arm,gic-v3")) >= 0;)
        CU_ASSERT_FATAL(++n < (int)size);
}

/* Applies one corruption to a fresh sample; the reader must notice. */
struct corruption {
    const uint8_t *base;
    uint8_t *b;
    size_t size;
    struct dt dt;
};

static void corrupt_begin(struct corruption *c)
{
    c->b = sample(&c->size);
    c->base = c->b + fdt_off_dt_struct(c->b);
    CU_ASSERT_FATAL(dt_open(&c->dt, c->b, c->size) == 0);
}

static void corrupt_end(struct corruption *c)
{
    poke_everything(c->b, c->size);
    free(c->b);
}

/* Struct-block offset of the PROP token for `name` in node `path`. */
static int prop_off(const uint8_t *b, const char *p, const char *name)
{
    int node = fdt_path_offset(b, p), prop;

    fdt_for_each_property_offset(prop, b, node) {
        const char *n;

        fdt_getprop_by_offset(b, prop, &n, NULL);
        if (!strcmp(n, name))
            return prop;
    }
    CU_FAIL_FATAL("no such property");
    return -1;
}

static void test_corrupt_unterminated_name(void)
{
    struct corruption c;
    int chosen;

    corrupt_begin(&c);
    chosen = fdt_path_offset(c.b, "/chosen");
    /* The structure block now ends inside "chosen". */
    set32(c.b, 36, chosen + 4 + 3);
    CU_ASSERT_FATAL(dt_open(&c.dt, c.b, c.size) == 0);
    CU_ASSERT_PTR_NULL(dt_name(&c.dt, chosen));
    CU_ASSERT_EQUAL(dt_first_child(&c.dt, 0), -EINVAL);
    CU_ASSERT_EQUAL(dt_path(&c.dt, "/chosen"), -EINVAL);
    CU_ASSERT_EQUAL(dt_next_node(&c.dt, 0, NULL), -EINVAL);
    CU_ASSERT_EQUAL(dt_find_compatible(&c.dt, -1, "x"), -EINVAL);
    CU_ASSERT_EQUAL(dt_check(&c.dt), -EINVAL);
    corrupt_end(&c);
}

static void test_corrupt_prop_name(void)
{
    struct corruption c;
    int model;
    uint32_t v;

    corrupt_begin(&c);
    model = prop_off(c.b, "/", "model");
    set32((uint8_t *)c.base, model + 8, c.dt.size_strings);
    CU_ASSERT_PTR_NULL(dt_prop_at(&c.dt, model, NULL, NULL));
    CU_ASSERT_PTR_NULL(dt_prop(&c.dt, 0, "model", NULL));
    CU_ASSERT_EQUAL(dt_prop_u32(&c.dt, 0, "model", &v), -EINVAL);
    CU_ASSERT_EQUAL(dt_check(&c.dt), -EINVAL);
    /* A name running into the end of the strings block. */
    set32((uint8_t *)c.base, model + 8, c.dt.size_strings - 1);
    c.b[c.dt.off_strings + c.dt.size_strings - 1] = 'x';
    CU_ASSERT_PTR_NULL(dt_prop_at(&c.dt, model, NULL, NULL));
    CU_ASSERT_EQUAL(dt_check(&c.dt), -EINVAL);
    CU_ASSERT_EQUAL(dt_find_compatible(&c.dt, -1, "arm,gic-v3"), -EINVAL);
    corrupt_end(&c);
}

static void test_corrupt_prop_len(void)
{
    static const uint32_t lens[] = { 0xffffffff, 0x7ffffffc, 0x10000 };
    struct corruption c;
    int bootargs, chosen;
    uint32_t v;

    for (unsigned int i = 0; i < ARRAY_SIZE(lens); i++) {
        corrupt_begin(&c);
        chosen = fdt_path_offset(c.b, "/chosen");
        bootargs = prop_off(c.b, "/chosen", "bootargs");
        set32((uint8_t *)c.base, bootargs + 4, lens[i]);
        CU_ASSERT_PTR_NULL(dt_prop_at(&c.dt, bootargs, NULL, NULL));
        CU_ASSERT_PTR_NULL(dt_prop_str(&c.dt, chosen, "bootargs"));
        CU_ASSERT_EQUAL(dt_prop_u32(&c.dt, chosen, "bootargs", &v), -EINVAL);
        CU_ASSERT_EQUAL(dt_first_child(&c.dt, chosen), -EINVAL);
        CU_ASSERT_EQUAL(dt_next_sibling(&c.dt, chosen), -EINVAL);
        CU_ASSERT_EQUAL(dt_path(&c.dt, "/cpus"), -EINVAL);
        CU_ASSERT_EQUAL(dt_parent(&c.dt, fdt_path_offset(c.b, "/cpus")),
                        -EINVAL);
        CU_ASSERT_EQUAL(dt_check(&c.dt), -EINVAL);
        corrupt_end(&c);
    }
}

/* The last property's value may reach the end of the block, not beyond. */
static void test_corrupt_prop_len_boundary(void)
{
    struct corruption c;
    uint32_t len;
    int prop;

    corrupt_begin(&c);
    prop = prop_off(c.b, "/badcells/dev", "reg");
    len = c.dt.size_struct - prop - 12;
    set32((uint8_t *)c.base, prop + 4, len);
    CU_ASSERT_PTR_NOT_NULL(dt_prop_at(&c.dt, prop, NULL, NULL));
    set32((uint8_t *)c.base, prop + 4, len + 1);
    CU_ASSERT_PTR_NULL(dt_prop_at(&c.dt, prop, NULL, NULL));
    CU_ASSERT_EQUAL(dt_next_prop(&c.dt, prop), -EINVAL);
    corrupt_end(&c);
}

static void test_corrupt_missing_end(void)
{
    struct corruption c;
    int last;

    corrupt_begin(&c);
    last = fdt_path_offset(c.b, "/badcells/dev");
    set32((uint8_t *)c.base, c.dt.size_struct - 4, FDT_NOP);
    CU_ASSERT_EQUAL(dt_next_node(&c.dt, last, NULL), -EINVAL);
    CU_ASSERT_EQUAL(dt_find_compatible(&c.dt, -1, "none"), -EINVAL);
    CU_ASSERT_EQUAL(dt_check(&c.dt), -EINVAL);
    /* Still readable up to the damage. */
    CU_ASSERT_EQUAL(dt_path(&c.dt, "/badcells/dev"), last);
    corrupt_end(&c);

    corrupt_begin(&c);
    c.dt.size_struct -= 4;    /* END cut off the block */
    CU_ASSERT_EQUAL(dt_next_node(&c.dt, last, NULL), -EINVAL);
    CU_ASSERT_EQUAL(dt_check(&c.dt), -EINVAL);
    corrupt_end(&c);
}

static void test_corrupt_structure(void)
{
    struct corruption c;
    int node;

    corrupt_begin(&c);    /* unbalanced: a node never closed */
    set32((uint8_t *)c.base, c.dt.size_struct - 8, FDT_NOP);
    CU_ASSERT_EQUAL(dt_check(&c.dt), -EINVAL);
    CU_ASSERT_EQUAL(dt_next_sibling(&c.dt, 0), -EINVAL);
    corrupt_end(&c);

    corrupt_begin(&c);    /* one END_NODE too many */
    set32((uint8_t *)c.base, c.dt.size_struct - 4, FDT_END_NODE);
    CU_ASSERT_EQUAL(dt_check(&c.dt), -EINVAL);
    corrupt_end(&c);

    corrupt_begin(&c);    /* an unknown token */
    node = fdt_path_offset(c.b, "/node@1");
    set32((uint8_t *)c.base, node, 7);
    CU_ASSERT_EQUAL(dt_check(&c.dt), -EINVAL);
    CU_ASSERT_EQUAL(dt_path(&c.dt, "/node"), -EINVAL);
    CU_ASSERT_PTR_NULL(dt_name(&c.dt, node));
    corrupt_end(&c);

    corrupt_begin(&c);    /* the tree does not start with a node */
    set32((uint8_t *)c.base, 0, FDT_PROP);
    CU_ASSERT_EQUAL(dt_root(&c.dt), -EINVAL);
    CU_ASSERT_EQUAL(dt_path(&c.dt, "/"), -EINVAL);
    CU_ASSERT_EQUAL(dt_check(&c.dt), -EINVAL);
    corrupt_end(&c);
}

/* dt_check's structural rules, on trees libfdt lets one write. */
static void expect_check_fails(void (*build)(void *f))
{
    static uint8_t f[1024];
    struct dt dt;

    F(fdt_create(f, sizeof(f)));
    F(fdt_finish_reservemap(f));
    build(f);
    F(fdt_finish(f));
    CU_ASSERT_FATAL(dt_open(&dt, f, sizeof(f)) == 0);
    CU_ASSERT_EQUAL(dt_check(&dt), -EINVAL);
}

static void two_roots(void *f)
{
    F(fdt_begin_node(f, ""));
    F(fdt_end_node(f));
    F(fdt_begin_node(f, ""));
    F(fdt_end_node(f));
}

static void prop_after_child(void *f)
{
    F(fdt_begin_node(f, ""));
    F(fdt_begin_node(f, "a"));
    F(fdt_end_node(f));
    F(fdt_property_u32(f, "late", 1));
    F(fdt_end_node(f));
}

static void no_root(void *f)
{
    (void)f;
}

static void extra_end_node(void *f)
{
    F(fdt_begin_node(f, ""));
    F(fdt_end_node(f));
    F(fdt_end_node(f));
    F(fdt_begin_node(f, "x"));
    F(fdt_end_node(f));
}

static void test_check_rules(void)
{
    expect_check_fails(two_roots);
    expect_check_fails(prop_after_child);
    expect_check_fails(no_root);
    expect_check_fails(extra_end_node);
}

/* A node after one END_NODE too many would sit at depth -1. */
static void test_negative_depth(void)
{
    static uint8_t f[256];
    struct dt dt;
    int x;

    F(fdt_create(f, sizeof(f)));
    F(fdt_finish_reservemap(f));
    extra_end_node(f);
    F(fdt_finish(f));
    CU_ASSERT_FATAL(dt_open(&dt, f, sizeof(f)) == 0);
    x = dt_next_node(&dt, 0, NULL);
    CU_ASSERT_STRING_EQUAL(dt_name(&dt, x), "x");
    CU_ASSERT_EQUAL(dt_node_depth(&dt, x), -EINVAL);
    CU_ASSERT_EQUAL(dt_parent(&dt, x), -EINVAL);
}

/* Random damage: no crash, no endless walk, no handle outside the blob. */
static void test_corrupt_random(void)
{
    size_t size;
    uint8_t *orig = sample(&size), *b = malloc(size);
    uint32_t seed = 12345;

    CU_ASSERT_FATAL(b != NULL);
    for (int round = 0; round < 3000; round++) {
        memcpy(b, orig, size);
        for (int k = 0; k < 1 + round % 4; k++) {
            seed = (uint32_t)((uint64_t)seed * 1103515245 + 12345);
            b[(seed >> 8) % size] ^= (uint8_t)(1 + (seed >> 24) % 255);
        }
        poke_everything(b, size);
    }
    /* Every truncation, with a totalsize that agrees. */
    for (size_t len = 0; len < size; len++) {
        uint8_t *t = malloc(len ? len : 1);

        memcpy(t, orig, len);
        if (len >= 8)
            set32(t, 4, (uint32_t)len);
        poke_everything(t, len);
        free(t);
    }
    free(b);
    free(orig);
}

/* ---- size ---- */

static void *big_tree(size_t cap, int buses, int devs)
{
    uint8_t *f = malloc(cap);
    char name[32];

    CU_ASSERT_FATAL(f != NULL);
    F(fdt_create(f, (int)cap));
    F(fdt_finish_reservemap(f));
    F(fdt_begin_node(f, ""));
    for (int i = 0; i < buses; i++) {
        snprintf(name, sizeof(name), "bus@%x", i);
        F(fdt_begin_node(f, name));
        F(fdt_property_u32(f, "#address-cells", 1));
        F(fdt_property_u32(f, "#size-cells", 1));
        for (int j = 0; j < devs; j++) {
            uint32_t reg[2] = { cpu_to_fdt32(j << 12), cpu_to_fdt32(0x1000) };

            snprintf(name, sizeof(name), "dev@%x", j << 12);
            F(fdt_begin_node(f, name));
            F(fdt_property_string(f, "compatible",
                                  j % 10 ? "vendor,other" : "vendor,tenth"));
            F(fdt_property(f, "reg", reg, sizeof(reg)));
            F(fdt_end_node(f));
        }
        F(fdt_end_node(f));
    }
    F(fdt_end_node(f));
    F(fdt_finish(f));
    return f;
}

static void test_big_tree(void)
{
    uint8_t *f = big_tree(2 << 20, 400, 50);
    clock_t start = clock();
    uint64_t a, s;
    struct dt dt;
    int n, count = 0, last;

    CU_ASSERT_FATAL(fdt_totalsize(f) > (1 << 20));
    CU_ASSERT_FATAL(dt_open(&dt, f, 2 << 20) == 0);
    CU_ASSERT_EQUAL(dt_check(&dt), 0);
    for (n = -1; (n = dt_find_compatible(&dt, n, "vendor,tenth")) >= 0;)
        count++;
    CU_ASSERT_EQUAL(n, -ENOENT);
    CU_ASSERT_EQUAL(count, 400 * 5);
    for (n = dt_root(&dt), count = 0; n >= 0; n = dt_next_node(&dt, n, NULL))
        count++;
    CU_ASSERT_EQUAL(count, 1 + 400 + 400 * 50);
    last = dt_path(&dt, "/bus@18f/dev@31000");
    CU_ASSERT_EQUAL(last, fdt_path_offset(f, "/bus@18f/dev@31000"));
    CU_ASSERT_EQUAL(dt_reg(&dt, last, 0, &a, &s), 0);
    CU_ASSERT_EQUAL(a, 0x31000);
    CU_ASSERT_EQUAL(s, 0x1000);
    /* Linear scans take milliseconds; quadratic ones would take minutes. */
    CU_ASSERT((clock() - start) / CLOCKS_PER_SEC < 5);
    free(f);
}

UNIT_SUITE(dt_read,
           UNIT_TEST(test_open_valid),
           UNIT_TEST(test_open_bad_header),
           UNIT_TEST(test_open_v16),
           UNIT_TEST(test_mem_rsv),
           UNIT_TEST(test_root_and_names),
           UNIT_TEST(test_path),
           UNIT_TEST(test_children),
           UNIT_TEST(test_parent_depth),
           UNIT_TEST(test_walk_matches_libfdt),
           UNIT_TEST(test_next_node_depth),
           UNIT_TEST(test_props),
           UNIT_TEST(test_compatible),
           UNIT_TEST(test_cells),
           UNIT_TEST(test_reg),
           UNIT_TEST(test_read_cells),
           UNIT_TEST(test_corrupt_unterminated_name),
           UNIT_TEST(test_corrupt_prop_name),
           UNIT_TEST(test_corrupt_prop_len),
           UNIT_TEST(test_corrupt_missing_end),
           UNIT_TEST(test_corrupt_structure),
           UNIT_TEST(test_corrupt_prop_len_boundary),
           UNIT_TEST(test_check_rules),
           UNIT_TEST(test_negative_depth),
           UNIT_TEST(test_corrupt_random),
           UNIT_TEST(test_big_tree))
