/* Tests for xen/common/dt_write.c. What the writer produces must pass
 * libfdt's full check, read back the same through libfdt and through our
 * reader, and, given the same calls, match libfdt's own sequential writer
 * byte for byte. Buffers are heap blocks of exactly the capacity given, so
 * ASan reports any write past the end. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <libfdt.h>
#include <keel/dt.h>
#include <keel/errno.h>
#include "unit.h"

#define F(call) CU_ASSERT_FATAL((call) >= 0)

/* A tree as a list of writer calls, replayed through either writer. */
enum op_kind { OP_RSV, OP_BEGIN, OP_END, OP_PROP };

struct op {
    enum op_kind kind;
    const char *name;
    const void *val;
    uint32_t len;
    uint64_t addr, size;
};

#define RSV(a, s)      { OP_RSV, NULL, NULL, 0, (a), (s) }
#define BEGIN(n)       { OP_BEGIN, (n), NULL, 0, 0, 0 }
#define END()          { OP_END, NULL, NULL, 0, 0, 0 }
#define PROP(n, v, l)  { OP_PROP, (n), (v), (l), 0, 0 }
#define PSTR(n, s)     PROP(n, s, sizeof(s))
#define PU32(n, ...)   PROP(n, ((const uint8_t[]){ __VA_ARGS__ }), \
                            sizeof((const uint8_t[]){ __VA_ARGS__ }))

static const struct op sample_ops[] = {
    RSV(0x1000, 0x2000),
    RSV(0x180000000ULL, 0x100000),
    BEGIN(""),
    PSTR("compatible", "linux,dummy-virt"),
    PU32("#address-cells", 0, 0, 0, 2),
    PU32("#size-cells", 0, 0, 0, 2),
    PSTR("model", "keel-guest"),
    BEGIN("chosen"),
    PSTR("bootargs", "console=hvc0 root=/dev/xvda"),
    PROP("empty", NULL, 0),
    PROP("raw", "\x01\x02\x03\x04\x05", 5),
    END(),
    BEGIN("cpus"),
    PU32("#address-cells", 0, 0, 0, 1),
    PU32("#size-cells", 0, 0, 0, 0),
    BEGIN("cpu@0"),
    PSTR("device_type", "cpu"),
    PSTR("compatible", "arm,armv8"),
    PU32("reg", 0, 0, 0, 0),
    END(),
    BEGIN("cpu@1"),
    PSTR("device_type", "cpu"),
    PSTR("compatible", "arm,armv8"),
    PU32("reg", 0, 0, 0, 1),
    END(),
    END(),
    BEGIN("memory@40000000"),
    PSTR("device_type", "memory"),
    PU32("reg", 0, 0, 0, 0, 0x40, 0, 0, 0, 0, 0, 0, 0, 0x20, 0, 0, 0),
    END(),
    BEGIN("hypervisor"),
    PSTR("compatible", "xen,xen-4.17\0xen,xen"),
    PU32("interrupts", 0, 0, 0, 1, 0, 0, 0, 0xf, 0, 0, 0xf, 0x08),
    END(),
    END(),
};

static int replay_ours(struct dt_writer *w, const struct op *ops,
                       size_t n, size_t *total)
{
    int rc = 0;

    for (size_t i = 0; i < n && rc == 0; i++) {
        const struct op *o = &ops[i];
        struct dt_writer before = *w;

        switch (o->kind) {
        case OP_RSV:
            rc = dt_add_mem_rsv(w, o->addr, o->size);
            break;
        case OP_BEGIN:
            rc = dt_begin_node(w, o->name);
            break;
        case OP_END:
            rc = dt_end_node(w);
            break;
        case OP_PROP:
            rc = dt_property(w, o->name, o->val, o->len);
            break;
        }
        /* A failed call leaves the writer as it was. */
        if (rc < 0)
            CU_ASSERT(memcmp(&before, w, sizeof(before)) == 0);
    }
    return rc < 0 ? rc : dt_finish(w, total);
}

static void replay_libfdt(void *f, int cap, const struct op *ops, size_t n)
{
    size_t i = 0;

    F(fdt_create(f, cap));
    for (; i < n && ops[i].kind == OP_RSV; i++)
        F(fdt_add_reservemap_entry(f, ops[i].addr, ops[i].size));
    F(fdt_finish_reservemap(f));
    for (; i < n; i++) {
        const struct op *o = &ops[i];

        int rc;

        if (o->kind == OP_BEGIN)
            rc = fdt_begin_node(f, o->name);
        else if (o->kind == OP_END)
            rc = fdt_end_node(f);
        else
            rc = fdt_property(f, o->name, o->val, (int)o->len);
        F(rc);
    }
    F(fdt_finish(f));
}

/* Writes the sample with our writer into a heap block of `cap` bytes. */
static uint8_t *write_sample(size_t cap, size_t *total)
{
    uint8_t *buf = malloc(cap);
    struct dt_writer w;

    CU_ASSERT_FATAL(buf != NULL);
    CU_ASSERT_FATAL(dt_writer_init(&w, buf, cap) == 0);
    CU_ASSERT_FATAL(replay_ours(&w, sample_ops, ARRAY_SIZE(sample_ops),
                                total) == 0);
    return buf;
}

static void test_libfdt_accepts(void)
{
    size_t total;
    uint8_t *b = write_sample(4096, &total);
    uint64_t a, s;
    const char *str;
    const fdt32_t *c;
    int node, len;

    CU_ASSERT_EQUAL_FATAL(fdt_check_full(b, total), 0);
    CU_ASSERT_EQUAL(fdt_totalsize(b), total);
    CU_ASSERT_EQUAL(fdt_version(b), 17);
    CU_ASSERT_EQUAL(fdt_num_mem_rsv(b), 2);
    CU_ASSERT_EQUAL(fdt_get_mem_rsv(b, 1, &a, &s), 0);
    CU_ASSERT_EQUAL(a, 0x180000000ULL);
    CU_ASSERT_EQUAL(s, 0x100000);
    node = fdt_path_offset(b, "/cpus/cpu@1");
    CU_ASSERT_FATAL(node >= 0);
    c = fdt_getprop(b, node, "reg", &len);
    CU_ASSERT_EQUAL(len, 4);
    CU_ASSERT_EQUAL(fdt32_to_cpu(*c), 1);
    node = fdt_path_offset(b, "/hypervisor");
    str = fdt_stringlist_get(b, node, "compatible", 1, &len);
    CU_ASSERT_STRING_EQUAL(str, "xen,xen");
    node = fdt_path_offset(b, "/chosen");
    CU_ASSERT_PTR_NOT_NULL(fdt_getprop(b, node, "empty", &len));
    CU_ASSERT_EQUAL(len, 0);
    CU_ASSERT_EQUAL(memcmp(fdt_getprop(b, node, "raw", &len), "\1\2\3\4\5", 5),
                    0);
    CU_ASSERT_EQUAL(len, 5);
    free(b);
}

/* Do two blobs hold the same bytes in each block? They may place the
 * blocks differently: libfdt aligns the map to 16 bytes, we (like dtc)
 * to 8. */
static bool same_blocks(const void *a, const void *b)
{
    size_t rsv = (size_t)(fdt_num_mem_rsv(a) + 1) * 16;

    return fdt_num_mem_rsv(a) == fdt_num_mem_rsv(b) &&
           fdt_version(a) == fdt_version(b) &&
           fdt_last_comp_version(a) == fdt_last_comp_version(b) &&
           fdt_boot_cpuid_phys(a) == fdt_boot_cpuid_phys(b) &&
           fdt_size_dt_struct(a) == fdt_size_dt_struct(b) &&
           fdt_size_dt_strings(a) == fdt_size_dt_strings(b) &&
           !memcmp((const char *)a + fdt_off_mem_rsvmap(a),
                   (const char *)b + fdt_off_mem_rsvmap(b), rsv) &&
           !memcmp((const char *)a + fdt_off_dt_struct(a),
                   (const char *)b + fdt_off_dt_struct(b),
                   fdt_size_dt_struct(a)) &&
           !memcmp((const char *)a + fdt_off_dt_strings(a),
                   (const char *)b + fdt_off_dt_strings(b),
                   fdt_size_dt_strings(a));
}

/* Same calls, same blocks: tokens, padding and shared names all agree,
 * and nothing is wasted between or after the blocks. */
static void test_same_bytes_as_libfdt(void)
{
    static uint8_t ref[4096];
    size_t total;
    uint8_t *b = write_sample(4096, &total);

    replay_libfdt(ref, sizeof(ref), sample_ops, ARRAY_SIZE(sample_ops));
    CU_ASSERT_TRUE(same_blocks(b, ref));
    CU_ASSERT_EQUAL(fdt_off_mem_rsvmap(b), 40);
    CU_ASSERT_EQUAL(fdt_off_dt_struct(b), 40 + 3 * 16);
    CU_ASSERT_EQUAL(fdt_off_dt_strings(b),
                    fdt_off_dt_struct(b) + fdt_size_dt_struct(b));
    CU_ASSERT_EQUAL(total, fdt_off_dt_strings(b) + fdt_size_dt_strings(b));
    free(b);
}

/* ---- copying a tree through reader and writer ---- */

static int copy_props(const struct dt *src, int node, struct dt_writer *w)
{
    int prop, rc;

    for (prop = dt_first_prop(src, node); prop >= 0;
         prop = dt_next_prop(src, prop)) {
        const char *name;
        uint32_t len;
        const void *v = dt_prop_at(src, prop, &name, &len);

        if (!v)
            return -EINVAL;
        rc = dt_property(w, name, v, len);
        if (rc < 0)
            return rc;
    }
    return prop == -ENOENT ? 0 : prop;
}

static int copy_tree(const struct dt *src, struct dt_writer *w)
{
    int node, depth = 0, open = 0, rc = 0;
    uint64_t a, s;

    for (unsigned int i = 0; dt_mem_rsv(src, i, &a, &s) == 0 && !rc; i++)
        rc = dt_add_mem_rsv(w, a, s);
    for (node = dt_root(src); node >= 0 && !rc;
         node = dt_next_node(src, node, &depth)) {
        for (; open > depth && !rc; open--)
            rc = dt_end_node(w);
        if (!rc)
            rc = dt_begin_node(w, dt_name(src, node));
        if (!rc)
            rc = copy_props(src, node, w);
        open++;
    }
    for (; open > 0 && !rc; open--)
        rc = dt_end_node(w);
    if (rc)
        return rc;
    return node == -ENOENT ? 0 : node;
}

static void test_round_trip(void)
{
    static uint8_t ref[4096];
    uint8_t *out = malloc(4096);
    struct dt_writer w;
    struct dt src, back;
    size_t total;

    replay_libfdt(ref, sizeof(ref), sample_ops, ARRAY_SIZE(sample_ops));
    CU_ASSERT_FATAL(dt_open(&src, ref, sizeof(ref)) == 0);
    CU_ASSERT_FATAL(dt_writer_init(&w, out, 4096) == 0);
    CU_ASSERT_EQUAL_FATAL(copy_tree(&src, &w), 0);
    CU_ASSERT_EQUAL_FATAL(dt_finish(&w, &total), 0);
    CU_ASSERT_EQUAL(total, fdt_totalsize(out));
    CU_ASSERT_TRUE(same_blocks(out, ref));
    CU_ASSERT_FATAL(dt_open(&back, out, total) == 0);
    CU_ASSERT_EQUAL(dt_check(&back), 0);
    CU_ASSERT_STRING_EQUAL(dt_prop_str(&back, dt_path(&back, "/chosen"),
                                       "bootargs"),
                           "console=hvc0 root=/dev/xvda");
    free(out);
}

/* ---- typed properties ---- */

static void test_typed_props(void)
{
    static const uint32_t cells[] = { 0, 0x40000000, 0x1, 0x80000000 };
    static const char *const list[] = { "multiboot,kernel", "",
                                        "multiboot,module" };
    uint8_t *buf = malloc(1024);
    struct dt_writer w;
    struct dt dt;
    uint64_t a, s;
    uint32_t len, v;
    size_t total;
    const uint8_t *p;
    int n;

    CU_ASSERT_FATAL(dt_writer_init(&w, buf, 1024) == 0);
    F(dt_begin_node(&w, ""));
    F(dt_property_u32(&w, "#address-cells", 2));
    F(dt_property_u32(&w, "#size-cells", 2));
    F(dt_property_u64(&w, "big", 0x0123456789abcdefULL));
    F(dt_property_string(&w, "empty-string", ""));
    F(dt_property_strings(&w, "none", NULL, 0));
    F(dt_property_cells(&w, "no-cells", NULL, 0));
    F(dt_property(&w, "no-value", NULL, 0));
    F(dt_begin_node(&w, "module@40000000"));
    F(dt_property_strings(&w, "compatible", list, 3));
    F(dt_property_cells(&w, "reg", cells, 4));
    F(dt_end_node(&w));
    F(dt_end_node(&w));
    F(dt_finish(&w, &total));
    CU_ASSERT_EQUAL_FATAL(fdt_check_full(buf, total), 0);
    CU_ASSERT_FATAL(dt_open(&dt, buf, total) == 0);

    p = dt_prop(&dt, 0, "big", &len);
    CU_ASSERT_EQUAL(len, 8);
    CU_ASSERT_EQUAL(dt_read_cells(p, 2), 0x0123456789abcdefULL);
    CU_ASSERT_EQUAL(dt_prop_u32(&dt, 0, "#size-cells", &v), 0);
    CU_ASSERT_EQUAL(v, 2);
    CU_ASSERT_STRING_EQUAL(dt_prop_str(&dt, 0, "empty-string"), "");
    dt_prop(&dt, 0, "empty-string", &len);
    CU_ASSERT_EQUAL(len, 1);
    for (unsigned int i = 0; i < 3; i++) {
        CU_ASSERT_PTR_NOT_NULL(dt_prop(&dt, 0, (const char *[]){
            "none", "no-cells", "no-value" }[i], &len));
        CU_ASSERT_EQUAL(len, 0);
    }
    n = dt_find_compatible(&dt, -1, "multiboot,module");
    CU_ASSERT_EQUAL(n, dt_path(&dt, "/module@40000000"));
    CU_ASSERT_TRUE(dt_is_compatible(&dt, n, "multiboot,kernel"));
    CU_ASSERT_TRUE(dt_is_compatible(&dt, n, ""));
    dt_prop(&dt, n, "compatible", &len);
    CU_ASSERT_EQUAL(len, sizeof("multiboot,kernel") + 1 +
                         sizeof("multiboot,module"));
    CU_ASSERT_EQUAL(dt_reg(&dt, n, 0, &a, &s), 0);
    CU_ASSERT_EQUAL(a, 0x40000000);
    CU_ASSERT_EQUAL(s, 0x180000000ULL);
    free(buf);
}

/* ---- strings block ---- */

static uint32_t strings_size(const char *const *names, unsigned int n)
{
    uint8_t *buf = malloc(512);
    struct dt_writer w;
    size_t total;
    uint32_t size;

    CU_ASSERT_FATAL(dt_writer_init(&w, buf, 512) == 0);
    F(dt_begin_node(&w, ""));
    for (unsigned int i = 0; i < n; i++)
        F(dt_property_u32(&w, names[i], i));
    F(dt_end_node(&w));
    F(dt_finish(&w, &total));
    CU_ASSERT_EQUAL(fdt_check_full(buf, total), 0);
    for (unsigned int i = 0; i < n; i++) {
        const fdt32_t *v = fdt_getprop(buf, 0, names[i], NULL);

        /* A repeated name finds its first property. */
        CU_ASSERT_FATAL(v != NULL);
        CU_ASSERT(fdt32_to_cpu(*v) <= i);
    }
    size = fdt_size_dt_strings(buf);
    free(buf);
    return size;
}

static void test_string_dedup(void)
{
    static const char *const same[] = { "reg", "reg", "reg" };
    static const char *const tail[] = { "interrupt-reg", "reg" };
    static const char *const head[] = { "reg", "interrupt-reg" };
    static const char *const distinct[] = { "a", "b", "ab" };

    CU_ASSERT_EQUAL(strings_size(same, 3), 4);
    CU_ASSERT_EQUAL(strings_size(tail, 2), 14);
    CU_ASSERT_EQUAL(strings_size(head, 2), 18);
    CU_ASSERT_EQUAL(strings_size(distinct, 3), 7);
}

/* ---- running out of room ---- */

/* Every capacity below the exact size fails with -ENOSPC somewhere,
 * without writing outside the buffer; the exact size succeeds. */
static void test_enospc_every_call(void)
{
    size_t need, total;
    uint8_t *ref = write_sample(4096, &need);
    for (size_t cap = 0; cap <= need; cap++) {
        uint8_t *buf = malloc(cap ? cap : 1);
        struct dt_writer w;
        int rc = dt_writer_init(&w, buf, cap);

        if (rc == 0)
            rc = replay_ours(&w, sample_ops, ARRAY_SIZE(sample_ops), &total);
        if (cap < need) {
            CU_ASSERT_EQUAL(rc, -ENOSPC);
        } else {
            CU_ASSERT_EQUAL(rc, 0);
            CU_ASSERT_EQUAL(total, need);
            CU_ASSERT_EQUAL(memcmp(buf, ref, need), 0);
        }
        free(buf);
    }
    free(ref);
}

static void test_enospc_typed(void)
{
    static const uint32_t cells[] = { 1, 2, 3 };
    static const char *const list[] = { "abc", "de" };
    uint8_t *buf = malloc(64);
    struct dt_writer w, before;

    CU_ASSERT_FATAL(dt_writer_init(&w, buf, 64) == 0);
    F(dt_begin_node(&w, ""));      /* header 40 + rsv end 16 + 8 = 64 */
    before = w;
    CU_ASSERT_EQUAL(dt_property_u32(&w, "a", 1), -ENOSPC);
    CU_ASSERT_EQUAL(dt_property_u64(&w, "a", 1), -ENOSPC);
    CU_ASSERT_EQUAL(dt_property_string(&w, "a", "x"), -ENOSPC);
    CU_ASSERT_EQUAL(dt_property_cells(&w, "a", cells, 3), -ENOSPC);
    CU_ASSERT_EQUAL(dt_property_strings(&w, "a", list, 2), -ENOSPC);
    CU_ASSERT_EQUAL(dt_property(&w, "a", NULL, 0), -ENOSPC);
    CU_ASSERT_EQUAL(dt_begin_node(&w, "n"), -ENOSPC);
    CU_ASSERT_EQUAL(dt_end_node(&w), -ENOSPC);
    CU_ASSERT_EQUAL(dt_add_mem_rsv(&w, 1, 1), -EINVAL);
    CU_ASSERT(memcmp(&before, &w, sizeof(w)) == 0);
    CU_ASSERT_EQUAL(dt_writer_init(&w, buf, 39), -ENOSPC);
    CU_ASSERT_EQUAL(dt_begin_node(&w, ""), -EINVAL);
    CU_ASSERT_EQUAL(dt_writer_init(&w, buf, 40), 0);
    CU_ASSERT_EQUAL(dt_add_mem_rsv(&w, 1, 1), -ENOSPC);
    CU_ASSERT_EQUAL(dt_begin_node(&w, ""), -ENOSPC);
    free(buf);
}

/* ---- misuse ---- */

static void test_einval(void)
{
    uint8_t *buf = malloc(1024);
    static const char *const bad_list[] = { "a", NULL };
    struct dt_writer w;
    size_t total = 99;

    CU_ASSERT_EQUAL(dt_writer_init(&w, NULL, 1024), -EINVAL);
    CU_ASSERT_EQUAL(dt_begin_node(&w, ""), -EINVAL);
    CU_ASSERT_EQUAL(dt_writer_init(NULL, buf, 1024), -EINVAL);
    CU_ASSERT_FATAL(dt_writer_init(&w, buf, 1024) == 0);
    CU_ASSERT_EQUAL(dt_add_mem_rsv(&w, 0x1000, 0), -EINVAL);
    CU_ASSERT_EQUAL(dt_end_node(&w), -EINVAL);
    CU_ASSERT_EQUAL(dt_property_u32(&w, "a", 1), -EINVAL);
    CU_ASSERT_EQUAL(dt_finish(&w, &total), -EINVAL);
    CU_ASSERT_EQUAL(dt_begin_node(&w, "root"), -EINVAL);
    CU_ASSERT_EQUAL(dt_begin_node(&w, NULL), -EINVAL);
    F(dt_begin_node(&w, ""));
    CU_ASSERT_EQUAL(dt_add_mem_rsv(&w, 0x1000, 0x1000), -EINVAL);
    CU_ASSERT_EQUAL(dt_begin_node(&w, ""), -EINVAL);
    CU_ASSERT_EQUAL(dt_begin_node(&w, "a/b"), -EINVAL);
    CU_ASSERT_EQUAL(dt_property(&w, "", "x", 1), -EINVAL);
    CU_ASSERT_EQUAL(dt_property(&w, NULL, "x", 1), -EINVAL);
    CU_ASSERT_EQUAL(dt_property(&w, "p", NULL, 1), -EINVAL);
    CU_ASSERT_EQUAL(dt_property_string(&w, "p", NULL), -EINVAL);
    CU_ASSERT_EQUAL(dt_property_cells(&w, "p", NULL, 1), -EINVAL);
    CU_ASSERT_EQUAL(dt_property_strings(&w, "p", NULL, 1), -EINVAL);
    CU_ASSERT_EQUAL(dt_property_strings(&w, "p", bad_list, 2), -EINVAL);
    F(dt_begin_node(&w, "child"));
    CU_ASSERT_EQUAL(dt_finish(&w, &total), -EINVAL);    /* still open */
    F(dt_end_node(&w));
    /* Properties must come before subnodes. */
    CU_ASSERT_EQUAL(dt_property_u32(&w, "late", 1), -EINVAL);
    F(dt_begin_node(&w, "child2"));
    F(dt_property_u32(&w, "fine", 1));
    F(dt_end_node(&w));
    F(dt_end_node(&w));
    CU_ASSERT_EQUAL(dt_end_node(&w), -EINVAL);
    CU_ASSERT_EQUAL(dt_begin_node(&w, ""), -EINVAL);    /* second root */
    CU_ASSERT_EQUAL(dt_begin_node(&w, "x"), -EINVAL);
    CU_ASSERT_EQUAL(dt_property_u32(&w, "a", 1), -EINVAL);
    CU_ASSERT_EQUAL(total, 99);
    F(dt_finish(&w, &total));
    CU_ASSERT_EQUAL(fdt_check_full(buf, total), 0);
    CU_ASSERT_EQUAL(dt_finish(&w, &total), -EINVAL);    /* after finish */
    CU_ASSERT_EQUAL(dt_begin_node(&w, "x"), -EINVAL);
    CU_ASSERT_EQUAL(dt_end_node(&w), -EINVAL);
    CU_ASSERT_EQUAL(dt_property_u32(&w, "a", 1), -EINVAL);
    CU_ASSERT_EQUAL(dt_add_mem_rsv(&w, 1, 1), -EINVAL);
    free(buf);
}

/* ---- size ---- */

static void test_big_tree(void)
{
    const size_t cap = 2 << 20;
    uint8_t *buf = malloc(cap);
    struct dt_writer w;
    struct dt dt;
    size_t total;
    char name[32];
    int n, count = 0;

    CU_ASSERT_FATAL(dt_writer_init(&w, buf, cap) == 0);
    F(dt_begin_node(&w, ""));
    for (int i = 0; i < 20000; i++) {
        snprintf(name, sizeof(name), "dev@%x", i << 12);
        F(dt_begin_node(&w, name));
        F(dt_property_string(&w, "compatible",
                             i % 7 ? "vendor,other" : "vendor,seventh"));
        F(dt_property_u64(&w, "reg", (uint64_t)i << 44 | 0x1000));
        F(dt_end_node(&w));
    }
    F(dt_end_node(&w));
    F(dt_finish(&w, &total));
    CU_ASSERT(total > (1 << 20));
    CU_ASSERT_EQUAL_FATAL(fdt_check_full(buf, total), 0);
    CU_ASSERT_FATAL(dt_open(&dt, buf, total) == 0);
    CU_ASSERT_EQUAL(dt_check(&dt), 0);
    for (n = -1; (n = dt_find_compatible(&dt, n, "vendor,seventh")) >= 0;)
        count++;
    CU_ASSERT_EQUAL(count, (20000 + 6) / 7);
    CU_ASSERT_EQUAL(dt_path(&dt, "/dev@4e1f000"),
                    fdt_path_offset(buf, "/dev@4e1f000"));
    free(buf);
}

UNIT_SUITE(dt_write,
           UNIT_TEST(test_libfdt_accepts),
           UNIT_TEST(test_same_bytes_as_libfdt),
           UNIT_TEST(test_round_trip),
           UNIT_TEST(test_typed_props),
           UNIT_TEST(test_string_dedup),
           UNIT_TEST(test_enospc_every_call),
           UNIT_TEST(test_enospc_typed),
           UNIT_TEST(test_einval),
           UNIT_TEST(test_big_tree))
