/* Tests for the hypercall table (xen/common/hypercall.c) and the calls a
 * guest makes first: xen_version, console_io (with console.c's output and
 * console_input.c's ring) and sched_op. Calls go through
 * hypercall_dispatch from vCPUs of domains made with domain_create; their
 * arguments live in fake guest memory.
 *
 * Each domain sees, at guest virtual addresses:
 *   BUF   .. BUF + 4 pages   read-write
 *   RO                      one read-only page
 *   HOLE                    nothing */
#include <stdio.h>
#include <string.h>
#include <keel/domain.h>
#include <keel/errno.h>
#include <keel/hypercall.h>
#include <keel/keel.h>
#include <keel/printk.h>
#include <public/features.h>
#include <public/sched.h>
#include <public/version.h>
#include <public/xen.h>
#include "fake_arch.h"
#include "unit.h"

#define BUF   0x100000ULL
#define RO    0x200000ULL
#define HOLE  0x300000ULL
#define PAGES 4
#define FILL  0xaa

static struct fake_keel fk;
static struct keel *const k = &fk.k;
static struct domain *dom0, *domu;
static struct vcpu *v0, *vu;    /* the vCPUs making the calls */

struct guest {
    unsigned char *buf, *ro;
};

static struct guest g0, gu;

static void map_guest(const struct domain *d, struct guest *g)
{
    g->buf = fake_guest_mem(d, BUF, PAGES, FAKE_PROT_RW);
    g->ro = fake_guest_mem(d, RO, 1, FAKE_PROT_R);
    memset(g->buf, FILL, PAGES * PAGE_SIZE);
    memset(g->ro, FILL, PAGE_SIZE);
}

static void load(struct vcpu *v)
{
    sched_start(&k->sched, v);
    CU_ASSERT_PTR_EQUAL_FATAL(sched_next(&k->sched, v->pcpu, NULL), v);
}

/* Reads whatever serial input an earlier test left behind. */
static void drain_input(void)
{
    char tmp[256];

    while (console_input_read(tmp, sizeof(tmp)))
        ;
}

/* dom0 (privileged, direct mapped, 1 vCPU on pCPU 0) and domU 1 (2 vCPUs,
 * the first on pCPU 1), each with its first vCPU loaded. */
static void setup(void)
{
    fake_reset();
    drain_input();
    fake_keel_init(&fk, 2, 4u << 20);
    dom0 = domain_create(k, 0, 1, true);
    domu = domain_create(k, 1, 2, false);
    CU_ASSERT_PTR_NOT_NULL_FATAL(dom0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(domu);
    dom0->direct_map = true;
    v0 = dom0->vcpus[0];
    vu = domu->vcpus[0];
    CU_ASSERT_EQUAL(v0->pcpu, 0);
    CU_ASSERT_EQUAL(vu->pcpu, 1);
    load(v0);
    load(vu);
    map_guest(dom0, &g0);
    map_guest(domu, &gu);
    fake_console_clear();
}

static void teardown(void)
{
    fake_keel_fini(&fk);
}

struct call {
    struct vcpu *v;
    uint64_t nr;
    uint64_t args[HYPERCALL_ARGS];
    long rc;
};

static void do_call(void *arg)
{
    struct call *c = arg;

    c->rc = hypercall_dispatch(c->v, c->nr, c->args);
}

/* A hypercall must return (no power-off, no halt) and release its locks. */
static long hc(struct vcpu *v, uint64_t nr, uint64_t a0, uint64_t a1,
               uint64_t a2)
{
    struct call c = { v, nr, { a0, a1, a2, 0xdead, 0xbeef }, -9999 };

    CU_ASSERT_EQUAL(fake_run(do_call, &c), FAKE_RETURNED);
    CU_ASSERT_EQUAL(fake_locks_held(), 0);
    return c.rc;
}

static bool all(const unsigned char *p, size_t from, size_t to, unsigned char c)
{
    for (size_t i = from; i < to; i++)
        if (p[i] != c)
            return false;
    return true;
}

/* ---- dispatch ---------------------------------------------------------- */

static void test_dispatch_unknown_numbers(void)
{
    static const uint64_t nrs[] = {
        0, 1, 2, 3, 63, __HYPERVISOR_NR, __HYPERVISOR_NR + 1, 1000,
        1ULL << 32 | __HYPERVISOR_xen_version, ~0ULL,
    };

    setup();
    for (unsigned int i = 0; i < ARRAY_SIZE(nrs); i++)
        CU_ASSERT_EQUAL(hc(v0, nrs[i], XENVER_version, BUF, 0), -ENOSYS);
    CU_ASSERT_EQUAL(fake_translations(), 0);
    CU_ASSERT_EQUAL(hc(v0, __HYPERVISOR_xen_version, XENVER_version, 0, 0),
                    4 << 16 | 17);
    teardown();
}

/* ---- xen_version -------------------------------------------------------- */

static long xv(struct vcpu *v, uint64_t cmd, uint64_t arg)
{
    return hc(v, __HYPERVISOR_xen_version, cmd, arg, 0);
}

static void test_version_and_pagesize(void)
{
    setup();
    CU_ASSERT_EQUAL(xv(v0, XENVER_version, 0), 0x40011);
    CU_ASSERT_EQUAL(xv(vu, XENVER_version, HOLE), 0x40011);
    CU_ASSERT_EQUAL(xv(vu, XENVER_pagesize, HOLE), 4096);
    CU_ASSERT_EQUAL(fake_translations(), 0);
    teardown();
}

/* A string sub-op fills exactly `size` bytes: the string, then zeros. */
static void check_string(uint64_t cmd, size_t size, const char *prefix)
{
    /* Straddles two guest pages. */
    size_t off = PAGE_SIZE - 10;
    const char *s = (const char *)gu.buf + off;

    memset(gu.buf, FILL, PAGES * PAGE_SIZE);
    CU_ASSERT_EQUAL(xv(vu, cmd, BUF + off), 0);
    CU_ASSERT_EQUAL(strncmp(s, prefix, strlen(prefix)), 0);
    CU_ASSERT(strnlen(s, size) < size);
    CU_ASSERT_TRUE(all(gu.buf, off + strlen(s), off + size, 0));
    CU_ASSERT_TRUE(all(gu.buf, off + size, PAGES * PAGE_SIZE, FILL));
    CU_ASSERT_TRUE(all(gu.buf, 0, off, FILL));
    /* Faults: no page, a read-only page, the second page missing. */
    CU_ASSERT_EQUAL(xv(vu, cmd, HOLE), -EFAULT);
    CU_ASSERT_EQUAL(xv(vu, cmd, RO), -EFAULT);
    CU_ASSERT_TRUE(all(gu.ro, 0, PAGE_SIZE, FILL));
    CU_ASSERT_EQUAL(xv(vu, cmd, BUF + PAGES * PAGE_SIZE - size + 1), -EFAULT);
    CU_ASSERT_EQUAL(xv(vu, cmd, ~0ULL - 2), -EFAULT);
}

static void test_extraversion(void)
{
    setup();
    check_string(XENVER_extraversion, sizeof(xen_extraversion_t), ".");
    teardown();
}

static void test_capabilities(void)
{
    setup();
    check_string(XENVER_capabilities, sizeof(xen_capabilities_info_t),
                 "xen-3.0-aarch64");
    teardown();
}

static void test_changeset(void)
{
    setup();
    check_string(XENVER_changeset, sizeof(xen_changeset_info_t), "");
    teardown();
}

/* A structure sub-op writes exactly its structure. */
static void check_struct(uint64_t cmd, size_t size, bool zeros)
{
    size_t off = 100;

    memset(gu.buf, FILL, PAGES * PAGE_SIZE);
    CU_ASSERT_EQUAL(xv(vu, cmd, BUF + off), 0);
    CU_ASSERT_FALSE(all(gu.buf, off, off + size, FILL));
    if (zeros)
        CU_ASSERT_TRUE(all(gu.buf, off, off + size, 0));
    CU_ASSERT_TRUE(all(gu.buf, 0, off, FILL));
    CU_ASSERT_TRUE(all(gu.buf, off + size, PAGES * PAGE_SIZE, FILL));
    CU_ASSERT_EQUAL(xv(vu, cmd, HOLE), -EFAULT);
    CU_ASSERT_EQUAL(xv(vu, cmd, RO), -EFAULT);
    CU_ASSERT_TRUE(all(gu.ro, 0, PAGE_SIZE, FILL));
    CU_ASSERT_EQUAL(xv(vu, cmd, BUF + PAGES * PAGE_SIZE - size + 1), -EFAULT);
}

static void test_compile_info(void)
{
    const struct xen_compile_info *ci;

    setup();
    check_struct(XENVER_compile_info, sizeof(struct xen_compile_info), false);
    ci = (const void *)(gu.buf + 100);
    CU_ASSERT(strnlen(ci->compiler, sizeof(ci->compiler)) < sizeof(ci->compiler));
    CU_ASSERT(strnlen(ci->compile_by, sizeof(ci->compile_by)) < sizeof(ci->compile_by));
    CU_ASSERT(strnlen(ci->compile_domain, sizeof(ci->compile_domain)) <
              sizeof(ci->compile_domain));
    CU_ASSERT(strnlen(ci->compile_date, sizeof(ci->compile_date)) <
              sizeof(ci->compile_date));
    teardown();
}

static void test_platform_parameters_and_handle(void)
{
    setup();
    check_struct(XENVER_platform_parameters,
                 sizeof(struct xen_platform_parameters), true);
    check_struct(XENVER_guest_handle, 16, true);
    teardown();
}

static uint32_t features(struct vcpu *v, struct guest *g, uint32_t idx,
                         long *rc)
{
    struct xen_feature_info fi = { .submap_idx = idx, .submap = 0x12345678 };

    memcpy(g->buf + 8, &fi, sizeof(fi));
    *rc = xv(v, XENVER_get_features, BUF + 8);
    memcpy(&fi, g->buf + 8, sizeof(fi));
    CU_ASSERT_EQUAL(fi.submap_idx, idx);
    return fi.submap;
}

static void test_get_features(void)
{
    const uint32_t common = 1u << XENFEAT_writable_page_tables |
                            1u << XENFEAT_auto_translated_physmap |
                            1u << XENFEAT_ARM_SMCCC_supported;
    long rc;

    setup();
    CU_ASSERT_EQUAL(features(v0, &g0, 0, &rc),
                    common | 1u << XENFEAT_dom0 | 1u << XENFEAT_direct_mapped);
    CU_ASSERT_EQUAL(rc, 0);
    CU_ASSERT_EQUAL(features(vu, &gu, 0, &rc),
                    common | 1u << XENFEAT_not_direct_mapped);
    CU_ASSERT_EQUAL(rc, 0);
    /* Privilege and direct mapping are separate bits. */
    dom0->direct_map = false;
    CU_ASSERT_EQUAL(features(v0, &g0, 0, &rc),
                    common | 1u << XENFEAT_dom0 | 1u << XENFEAT_not_direct_mapped);
    /* No second submap: the guest's structure is left alone. */
    CU_ASSERT_EQUAL(features(vu, &gu, 1, &rc), 0x12345678);
    CU_ASSERT_EQUAL(rc, -EINVAL);
    CU_ASSERT_EQUAL(features(vu, &gu, ~0u, &rc), 0x12345678);
    CU_ASSERT_EQUAL(rc, -EINVAL);
    CU_ASSERT_EQUAL(xv(vu, XENVER_get_features, HOLE), -EFAULT);
    /* Readable but not writable. */
    memset(gu.ro, 0, 8);
    CU_ASSERT_EQUAL(xv(vu, XENVER_get_features, RO), -EFAULT);
    CU_ASSERT_TRUE(all(gu.ro, 0, 8, 0));
    CU_ASSERT_EQUAL(xv(vu, XENVER_get_features, BUF + PAGES * PAGE_SIZE - 4),
                    -EFAULT);
    teardown();
}

static void test_xen_version_unknown(void)
{
    setup();
    CU_ASSERT_EQUAL(xv(v0, 11, BUF), -ENOSYS);
    CU_ASSERT_EQUAL(xv(v0, 64, BUF), -ENOSYS);
    CU_ASSERT_EQUAL(xv(v0, 0xffffffff, BUF), -ENOSYS);
    CU_ASSERT_EQUAL(xv(v0, ~0ULL, BUF), -ENOSYS);
    CU_ASSERT_TRUE(all(g0.buf, 0, PAGES * PAGE_SIZE, FILL));
    teardown();
}

/* ---- console_io --------------------------------------------------------- */

static long cio(struct vcpu *v, uint64_t cmd, uint64_t count, uint64_t buf)
{
    return hc(v, __HYPERVISOR_console_io, cmd, count, buf);
}

/* Puts text in a domain's guest buffer at BUF + off. */
static void put(struct guest *g, size_t off, const char *text)
{
    memcpy(g->buf + off, text, strlen(text));
}

static void test_console_write_dom0_raw(void)
{
    const char *text = "Booting Linux\nno newline at the end";
    char ring[128];
    uint64_t pos = 0;
    size_t n;

    setup();
    while (console_log_read(ring, sizeof(ring), &pos))
        ;
    put(&g0, 10, text);
    CU_ASSERT_EQUAL(cio(v0, CONSOLEIO_write, strlen(text), BUF + 10), 0);
    CU_ASSERT_EQUAL(fake_console_len(), strlen(text));
    CU_ASSERT_STRING_EQUAL(fake_console(), text);
    /* It is in the log ring too, for xl dmesg. */
    n = console_log_read(ring, sizeof(ring), &pos);
    CU_ASSERT_EQUAL(n, strlen(text));
    CU_ASSERT_EQUAL(memcmp(ring, text, strlen(text)), 0);
    CU_ASSERT_EQUAL(cio(v0, CONSOLEIO_write, 0, HOLE), 0);
    CU_ASSERT_EQUAL(fake_console_len(), strlen(text));
    teardown();
}

static void test_console_write_long(void)
{
    static char text[3 * PAGE_SIZE + 1];

    setup();
    for (size_t i = 0; i < sizeof(text) - 1; i++)
        text[i] = (char)('a' + i % 26);
    put(&g0, 123, text);
    CU_ASSERT_EQUAL(cio(v0, CONSOLEIO_write, sizeof(text) - 1, BUF + 123), 0);
    CU_ASSERT_STRING_EQUAL(fake_console(), text);
    teardown();
}

static void test_console_write_prefixed(void)
{
    struct domain *d3;
    unsigned char *mem;
    char line[200];

    setup();
    /* A privileged domain other than dom0 gets its lines prefixed. */
    d3 = domain_create(k, 3, 1, true);
    CU_ASSERT_PTR_NOT_NULL_FATAL(d3);
    mem = fake_guest_mem(d3, BUF, 1, FAKE_PROT_RW);
    fake_console_clear();
    memcpy(mem, "one\ntw", 6);
    CU_ASSERT_EQUAL(cio(d3->vcpus[0], CONSOLEIO_write, 6, BUF), 0);
    CU_ASSERT_STRING_EQUAL(fake_console(), "(d3) one\n");  /* "tw" waits */
    memcpy(mem, "o\n\n", 3);
    CU_ASSERT_EQUAL(cio(d3->vcpus[0], CONSOLEIO_write, 3, BUF), 0);
    CU_ASSERT_STRING_EQUAL(fake_console(), "(d3) one\n(d3) two\n(d3) \n");
    /* An unprivileged domain's text (from elsewhere) is prefixed too. */
    fake_console_clear();
    domain_console_write(domu, "hi\n", 3);
    CU_ASSERT_STRING_EQUAL(fake_console(), "(d1) hi\n");
    /* A line longer than the buffer comes out in pieces, each prefixed. */
    fake_console_clear();
    memset(line, 'z', sizeof(line));
    domain_console_write(domu, line, sizeof(line));
    domain_console_write(domu, "\n", 1);
    CU_ASSERT_EQUAL(fake_console_len(), 2 * 5 + sizeof(line) + 2);
    CU_ASSERT_EQUAL(strncmp(fake_console(), "(d1) zzz", 8), 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(fake_console(), "z\n(d1) z"));
    teardown();
}

static void test_console_unprivileged(void)
{
    setup();
    put(&gu, 0, "hello\n");
    console_input_push('q');
    CU_ASSERT_EQUAL(cio(vu, CONSOLEIO_write, 6, BUF), -EPERM);
    CU_ASSERT_EQUAL(cio(vu, CONSOLEIO_write, 6, HOLE), -EPERM);
    CU_ASSERT_EQUAL(cio(vu, CONSOLEIO_read, 6, BUF), -EPERM);
    CU_ASSERT_EQUAL(cio(vu, 99, 0, 0), -EPERM);
    CU_ASSERT_EQUAL(fake_console_len(), 0);
    CU_ASSERT_EQUAL(fake_translations(), 0);
    CU_ASSERT_EQUAL(gu.buf[6], FILL);
    teardown();
}

static void test_console_write_faults(void)
{
    static char text[300];
    size_t off = PAGES * PAGE_SIZE - 200;   /* 200 bytes before the hole */

    setup();
    memset(text, 'm', sizeof(text));
    memset(g0.buf + off, 'm', 200);
    CU_ASSERT_EQUAL(cio(v0, CONSOLEIO_write, sizeof(text), BUF + off), -EFAULT);
    /* What came out is a piece of what was readable, nothing more. */
    CU_ASSERT(fake_console_len() < 200);
    CU_ASSERT_EQUAL(memcmp(fake_console(), text, fake_console_len()), 0);
    fake_console_clear();
    CU_ASSERT_EQUAL(cio(v0, CONSOLEIO_write, 10, HOLE), -EFAULT);
    CU_ASSERT_EQUAL(cio(v0, CONSOLEIO_write, ~0ULL, BUF + off), -EFAULT);
    CU_ASSERT_EQUAL(cio(v0, CONSOLEIO_write, 16, ~0ULL - 7), -EFAULT);
    CU_ASSERT(fake_console_len() < 200);
    CU_ASSERT_EQUAL(cio(v0, 2, 1, BUF), -ENOSYS);
    teardown();
}

static long read_input(uint64_t count, uint64_t where)
{
    return cio(v0, CONSOLEIO_read, count, where);
}

static void push(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        CU_ASSERT_TRUE(console_input_push(s[i]));
}

static void test_console_read(void)
{
    setup();
    CU_ASSERT_EQUAL(read_input(10, BUF), 0);        /* nothing typed */
    push("hello", 5);
    CU_ASSERT_EQUAL(read_input(0, BUF), 0);         /* takes nothing */
    CU_ASSERT_EQUAL(read_input(3, BUF), 3);
    CU_ASSERT_EQUAL(memcmp(g0.buf, "hel", 3), 0);
    CU_ASSERT_EQUAL(g0.buf[3], FILL);
    CU_ASSERT_EQUAL(read_input(10, BUF + 3), 2);
    CU_ASSERT_EQUAL(memcmp(g0.buf, "hello", 5), 0);
    CU_ASSERT_EQUAL(g0.buf[5], FILL);
    CU_ASSERT_EQUAL(read_input(10, BUF), 0);
    teardown();
}

static void test_console_read_many_chunks(void)
{
    static char text[700];

    setup();
    for (size_t i = 0; i < sizeof(text); i++)
        text[i] = (char)(' ' + i % 90);
    push(text, sizeof(text));
    /* Across a page boundary in the guest. */
    CU_ASSERT_EQUAL(read_input(1000, BUF + PAGE_SIZE - 300), sizeof(text));
    CU_ASSERT_EQUAL(memcmp(g0.buf + PAGE_SIZE - 300, text, sizeof(text)), 0);
    CU_ASSERT_EQUAL(g0.buf[PAGE_SIZE - 300 + sizeof(text)], FILL);
    teardown();
}

static void test_console_input_ring_full(void)
{
    char c;

    setup();
    for (unsigned int i = 0; i < 1024; i++)
        CU_ASSERT_TRUE(console_input_push((char)i));
    CU_ASSERT_FALSE(console_input_push('!'));       /* dropped */
    CU_ASSERT_EQUAL(read_input(2000, BUF), 1024);
    for (unsigned int i = 0; i < 1024; i++)
        CU_ASSERT_EQUAL(g0.buf[i], (unsigned char)i);
    CU_ASSERT_TRUE(console_input_push('x'));
    CU_ASSERT_EQUAL(console_input_read(&c, 1), 1);
    CU_ASSERT_EQUAL(c, 'x');
    teardown();
}

static void test_console_read_faults(void)
{
    static char text[200];

    setup();
    memset(text, 'r', sizeof(text));
    push(text, 10);
    CU_ASSERT_EQUAL(read_input(10, HOLE), -EFAULT);
    drain_input();
    push(text, 10);
    CU_ASSERT_EQUAL(read_input(10, RO), -EFAULT);
    CU_ASSERT_TRUE(all(g0.ro, 0, PAGE_SIZE, FILL));
    drain_input();
    /* A fault after some input was delivered reports what was. */
    push(text, sizeof(text));
    CU_ASSERT_EQUAL(read_input(sizeof(text), BUF + PAGES * PAGE_SIZE - 128), 128);
    CU_ASSERT_TRUE(all(g0.buf, PAGES * PAGE_SIZE - 128, PAGES * PAGE_SIZE, 'r'));
    teardown();
}

/* Regression: console_read() takes characters out of the input ring before
 * copying them to the guest, so those of a chunk whose copy faults are
 * lost: the next read does not return them. */
static void test_console_read_fault_keeps_input(void)
{
    static char text[200];
    char rest[128];

    setup();
    push("abc", 3);
    CU_ASSERT_EQUAL(read_input(3, HOLE), -EFAULT);
    CU_ASSERT_EQUAL(read_input(3, BUF), 3);
    CU_ASSERT_EQUAL(memcmp(g0.buf, "abc", 3), 0);
    drain_input();
    memset(text, 'r', sizeof(text));
    push(text, sizeof(text));
    CU_ASSERT_EQUAL(read_input(sizeof(text), BUF + PAGES * PAGE_SIZE - 128), 128);
    CU_ASSERT_EQUAL(console_input_read(rest, sizeof(rest)), sizeof(text) - 128);
    teardown();
}

/* ---- sched_op ----------------------------------------------------------- */

static long sop(struct vcpu *v, uint64_t cmd, uint64_t arg)
{
    return hc(v, __HYPERVISOR_sched_op, cmd, arg, 0);
}

static void put_reason(struct guest *g, uint32_t reason)
{
    struct sched_shutdown s = { reason };

    memcpy(g->buf, &s, sizeof(s));
}

static void put_remote(struct guest *g, uint16_t domid, uint32_t reason)
{
    struct sched_remote_shutdown s = { .domain_id = domid, .reason = reason };

    memcpy(g->buf, &s, sizeof(s));
}

/* The pCPU leaves the vCPU and reaps, as the arch does. */
static void unload(struct vcpu *v)
{
    sched_next(&k->sched, v->pcpu, v);
    domain_reap(k);
}

static void test_sched_yield(void)
{
    struct vcpu *other;

    setup();
    other = domu->vcpus[1];
    CU_ASSERT_EQUAL(other->pcpu, v0->pcpu);
    CU_ASSERT_EQUAL(sop(v0, SCHEDOP_yield, 0), 0);  /* alone: stays */
    CU_ASSERT_PTR_EQUAL(sched_head(&k->sched, 0), v0);
    sched_start(&k->sched, other);
    CU_ASSERT_EQUAL(sop(v0, SCHEDOP_yield, HOLE), 0);
    CU_ASSERT_PTR_EQUAL(sched_head(&k->sched, 0), other);
    CU_ASSERT_PTR_EQUAL(sched_next(&k->sched, 0, v0), other);
    CU_ASSERT_EQUAL(sop(other, SCHEDOP_yield, 0), 0);
    CU_ASSERT_PTR_EQUAL(sched_head(&k->sched, 0), v0);
    teardown();
}

static void test_sched_shutdown_reasons(void)
{
    setup();
    for (uint32_t r = 0; r <= SHUTDOWN_MAX; r++) {
        put_reason(&gu, r);
        CU_ASSERT_EQUAL(sop(vu, SCHEDOP_shutdown, BUF), 0);
        CU_ASSERT_EQUAL(domu->state, DOMAIN_SHUTDOWN);
        CU_ASSERT_EQUAL(domu->shutdown_reason, r);
        CU_ASSERT_EQUAL(vu->state, VCPU_DOWN);
        /* Kept for the toolstack, which destroys it. */
        unload(vu);
        CU_ASSERT_EQUAL(k->nr_domains, 2);
        domain_destroy_request(domu);
        CU_ASSERT_EQUAL(k->nr_domains, 1);
        domu = domain_create(k, 1, 2, false);
        CU_ASSERT_PTR_NOT_NULL_FATAL(domu);
        vu = domu->vcpus[0];
        load(vu);
        map_guest(domu, &gu);
    }
    teardown();
}

static void test_sched_shutdown_bad_args(void)
{
    setup();
    put_reason(&gu, SHUTDOWN_MAX + 1);
    CU_ASSERT_EQUAL(sop(vu, SCHEDOP_shutdown, BUF), -EINVAL);
    put_reason(&gu, ~0u);
    CU_ASSERT_EQUAL(sop(vu, SCHEDOP_shutdown, BUF), -EINVAL);
    CU_ASSERT_EQUAL(sop(vu, SCHEDOP_shutdown, HOLE), -EFAULT);
    CU_ASSERT_EQUAL(sop(vu, SCHEDOP_shutdown, BUF + PAGES * PAGE_SIZE - 2),
                    -EFAULT);
    CU_ASSERT_EQUAL(domu->state, DOMAIN_RUNNING);
    CU_ASSERT_EQUAL(vu->state, VCPU_RUNNABLE);
    CU_ASSERT_PTR_EQUAL(domain_find(k, 1), domu);
    teardown();
}

static void test_remote_shutdown(void)
{
    setup();
    put_remote(&g0, 1, SHUTDOWN_reboot);
    CU_ASSERT_EQUAL(sop(v0, SCHEDOP_remote_shutdown, BUF), 0);
    CU_ASSERT_EQUAL(domu->state, DOMAIN_SHUTDOWN);
    CU_ASSERT_EQUAL(domu->shutdown_reason, SHUTDOWN_reboot);
    /* vu runs on pCPU 1, so pCPU 1 was told. */
    CU_ASSERT_EQUAL(fake_kicks(1), 2);              /* its wake, the stop */
    /* A second request finds no running domain 1. */
    CU_ASSERT_EQUAL(sop(v0, SCHEDOP_remote_shutdown, BUF), -ESRCH);
    unload(vu);
    CU_ASSERT_EQUAL(k->nr_domains, 2);              /* until destroyed */
    CU_ASSERT_EQUAL(sop(v0, SCHEDOP_remote_shutdown, BUF), -ESRCH);
    domain_destroy_request(domu);
    CU_ASSERT_EQUAL(k->nr_domains, 1);
    /* A domain that never ran stops as well. */
    domu = domain_create(k, 2, 1, false);
    put_remote(&g0, 2, SHUTDOWN_poweroff);
    CU_ASSERT_EQUAL(sop(v0, SCHEDOP_remote_shutdown, BUF), 0);
    CU_ASSERT_EQUAL(domu->state, DOMAIN_SHUTDOWN);
    CU_ASSERT_EQUAL(domu->shutdown_reason, SHUTDOWN_poweroff);
    teardown();
}

static void test_remote_shutdown_errors(void)
{
    setup();
    /* Permission comes first: nothing is read for an unprivileged caller. */
    put_remote(&gu, 0, SHUTDOWN_poweroff);
    CU_ASSERT_EQUAL(sop(vu, SCHEDOP_remote_shutdown, BUF), -EPERM);
    CU_ASSERT_EQUAL(sop(vu, SCHEDOP_remote_shutdown, HOLE), -EPERM);
    CU_ASSERT_EQUAL(fake_translations(), 0);
    put_remote(&gu, 1, SHUTDOWN_poweroff);          /* even itself */
    CU_ASSERT_EQUAL(sop(vu, SCHEDOP_remote_shutdown, BUF), -EPERM);
    CU_ASSERT_EQUAL(dom0->state, DOMAIN_RUNNING);
    CU_ASSERT_EQUAL(domu->state, DOMAIN_RUNNING);
    put_remote(&g0, 42, SHUTDOWN_poweroff);
    CU_ASSERT_EQUAL(sop(v0, SCHEDOP_remote_shutdown, BUF), -ESRCH);
    put_remote(&g0, DOMID_SELF, SHUTDOWN_poweroff);
    CU_ASSERT_EQUAL(sop(v0, SCHEDOP_remote_shutdown, BUF), -ESRCH);
    put_remote(&g0, 1, SHUTDOWN_MAX + 1);
    CU_ASSERT_EQUAL(sop(v0, SCHEDOP_remote_shutdown, BUF), -EINVAL);
    CU_ASSERT_EQUAL(sop(v0, SCHEDOP_remote_shutdown, HOLE), -EFAULT);
    CU_ASSERT_EQUAL(sop(v0, SCHEDOP_remote_shutdown, BUF + PAGES * PAGE_SIZE - 4),
                    -EFAULT);
    CU_ASSERT_EQUAL(domu->state, DOMAIN_RUNNING);
    /* The control domain may stop itself this way too. */
    put_remote(&g0, 0, SHUTDOWN_crash);
    CU_ASSERT_EQUAL(sop(v0, SCHEDOP_remote_shutdown, BUF), 0);
    CU_ASSERT_EQUAL(dom0->state, DOMAIN_SHUTDOWN);
    CU_ASSERT_EQUAL(dom0->shutdown_reason, SHUTDOWN_crash);
    teardown();
}

static void test_sched_op_unknown(void)
{
    setup();
    CU_ASSERT_EQUAL(sop(v0, 99, BUF), -ENOSYS);
    CU_ASSERT_EQUAL(sop(v0, 0x7fffffff, BUF), -ENOSYS);
    CU_ASSERT_EQUAL(sop(v0, ~0ULL, BUF), -ENOSYS);
    CU_ASSERT_EQUAL(dom0->state, DOMAIN_RUNNING);
    CU_ASSERT_EQUAL(fake_translations(), 0);
    teardown();
}

UNIT_SUITE(hypercall,
           UNIT_TEST(test_dispatch_unknown_numbers),
           UNIT_TEST(test_version_and_pagesize),
           UNIT_TEST(test_extraversion),
           UNIT_TEST(test_capabilities),
           UNIT_TEST(test_changeset),
           UNIT_TEST(test_compile_info),
           UNIT_TEST(test_platform_parameters_and_handle),
           UNIT_TEST(test_get_features),
           UNIT_TEST(test_xen_version_unknown),
           UNIT_TEST(test_console_write_dom0_raw),
           UNIT_TEST(test_console_write_long),
           UNIT_TEST(test_console_write_prefixed),
           UNIT_TEST(test_console_unprivileged),
           UNIT_TEST(test_console_write_faults),
           UNIT_TEST(test_console_read),
           UNIT_TEST(test_console_read_many_chunks),
           UNIT_TEST(test_console_input_ring_full),
           UNIT_TEST(test_console_read_faults),
           UNIT_TEST(test_console_read_fault_keeps_input),
           UNIT_TEST(test_sched_yield),
           UNIT_TEST(test_sched_shutdown_reasons),
           UNIT_TEST(test_sched_shutdown_bad_args),
           UNIT_TEST(test_remote_shutdown),
           UNIT_TEST(test_remote_shutdown_errors),
           UNIT_TEST(test_sched_op_unknown))
