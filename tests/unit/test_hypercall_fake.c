/* libctl/hypercall.c, domctl.c and the fake hypervisor behind them: the
 * typed wrappers against the fake, the fake's memory and mappings, call
 * recording and error injection, and the privcmd transport's own errors. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <public/memory.h>
#include <public/sched.h>
#include <public/xen.h>
#include "unit.h"
#include "../../libctl/hypercall.h"
#include "../../libctl/hypercall_fake.h"

static struct lc_fake *fake;
static struct lc_hc *hc;

static void start(void)
{
    fake = lc_fake_new(NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(fake);
    hc = lc_fake_hc(fake);
}

static void stop(void)
{
    lc_hc_close(hc);
}

static uint16_t create(uint32_t vcpus, uint64_t kb)
{
    const uint8_t handle[16] = { 0xab, 1, 2, 3 };
    uint16_t id = 0;

    CU_ASSERT_EQUAL(lc_domctl_createdomain(hc, &id, vcpus, kb, handle), 0);
    return id;
}

static void create_and_info(void)
{
    struct keel_domaininfo info;
    uint16_t id, id2 = 9;

    start();
    id = create(2, 8192);
    CU_ASSERT_EQUAL(id, 1);
    CU_ASSERT_EQUAL(lc_domctl_createdomain(hc, &id2, 1, 4096, (uint8_t[16]){ 0 }), 0);
    CU_ASSERT_EQUAL(id2, 9);
    CU_ASSERT_EQUAL(lc_domctl_createdomain(hc, &id2, 1, 4096, (uint8_t[16]){ 0 }), -EEXIST);
    CU_ASSERT_EQUAL(lc_domctl_getdomaininfo(hc, id, &info), 0);
    CU_ASSERT_EQUAL(info.domid, 1);
    CU_ASSERT_EQUAL(info.nr_vcpus, 2);
    CU_ASSERT_EQUAL(info.max_pages, 2048);
    CU_ASSERT_EQUAL(info.handle[0], 0xab);
    CU_ASSERT(info.flags & KEEL_DOMINF_paused);
    CU_ASSERT_EQUAL(lc_fake_nr_guests(fake), 2);
    CU_ASSERT_EQUAL(lc_domctl_getdomaininfo(hc, 0, &info), 0);
    CU_ASSERT(info.flags & KEEL_DOMINF_privileged);
    CU_ASSERT_EQUAL(lc_domctl_getdomaininfo(hc, 5, &info), -ESRCH);
    stop();
}

static void create_refused(void)
{
    const uint8_t h[16] = { 0 };
    uint16_t id = 0;

    start();
    CU_ASSERT_EQUAL(lc_domctl_createdomain(hc, &id, 0, 4096, h), -EINVAL);
    CU_ASSERT_EQUAL(lc_domctl_createdomain(hc, &id, LC_DOMAIN_MAX_VCPUS + 1, 4096, h),
                    -EINVAL);
    CU_ASSERT_EQUAL(lc_domctl_createdomain(hc, &id, 1, 0, h), -EINVAL);
    for (unsigned i = 1; i < LC_FAKE_MAX_DOMAINS; i++) {
        id = 0;
        CU_ASSERT_EQUAL(lc_domctl_createdomain(hc, &id, 1, 4096, h), 0);
    }
    id = 0;
    CU_ASSERT_EQUAL(lc_domctl_createdomain(hc, &id, 1, 4096, h), -ENOSPC);
    stop();
}

static void version_checked(void)
{
    struct keel_domctl *d;
    struct keel_sysctl *s;

    start();
    d = lc_hbuf_alloc(hc, sizeof(*d));
    s = lc_hbuf_alloc(hc, sizeof(*s));
    d->cmd = KEEL_DOMCTL_getdomaininfo;
    d->version = KEEL_DOMCTL_VERSION + 1;
    CU_ASSERT_EQUAL(lc_hypercall(hc, __HYPERVISOR_domctl, (uint64_t[5]){ (uintptr_t)d }),
                    -EACCES);
    d->version = KEEL_DOMCTL_VERSION;
    d->cmd = 99;
    CU_ASSERT_EQUAL(lc_hypercall(hc, __HYPERVISOR_domctl, (uint64_t[5]){ (uintptr_t)d }),
                    -ENOSYS);
    s->cmd = KEEL_SYSCTL_physinfo;
    s->version = 0;
    CU_ASSERT_EQUAL(lc_hypercall(hc, __HYPERVISOR_sysctl, (uint64_t[5]){ (uintptr_t)s }),
                    -EACCES);
    s->version = KEEL_SYSCTL_VERSION;
    s->cmd = 77;
    CU_ASSERT_EQUAL(lc_hypercall(hc, __HYPERVISOR_sysctl, (uint64_t[5]){ (uintptr_t)s }),
                    -ENOSYS);
    CU_ASSERT_EQUAL(lc_hypercall(hc, __HYPERVISOR_sched_op, (uint64_t[5]){ 0 }), -ENOSYS);
    lc_hbuf_free(hc, d, sizeof(*d));
    lc_hbuf_free(hc, s, sizeof(*s));
    stop();
}

static void pause_destroy_shutdown(void)
{
    struct keel_domaininfo info;
    uint16_t id;

    start();
    id = create(1, 4096);
    CU_ASSERT_EQUAL(lc_domctl_unpausedomain(hc, id), 0);
    lc_domctl_getdomaininfo(hc, id, &info);
    CU_ASSERT_FALSE(info.flags & KEEL_DOMINF_paused);
    CU_ASSERT_EQUAL(lc_domctl_pausedomain(hc, id), 0);
    lc_domctl_getdomaininfo(hc, id, &info);
    CU_ASSERT(info.flags & KEEL_DOMINF_paused);
    CU_ASSERT_EQUAL(lc_domctl_pausedomain(hc, 0), -EINVAL);
    CU_ASSERT_EQUAL(lc_domctl_shutdown(hc, id, SHUTDOWN_MAX + 1), -EINVAL);
    CU_ASSERT_EQUAL(lc_domctl_shutdown(hc, id, SHUTDOWN_reboot), 0);
    lc_domctl_getdomaininfo(hc, id, &info);
    CU_ASSERT(info.flags & KEEL_DOMINF_shutdown);
    CU_ASSERT_EQUAL(info.shutdown_reason, SHUTDOWN_reboot);
    CU_ASSERT_EQUAL(lc_domctl_destroydomain(hc, 0), -EINVAL);
    CU_ASSERT_EQUAL(lc_domctl_destroydomain(hc, id), 0);
    CU_ASSERT_EQUAL(lc_domctl_destroydomain(hc, id), -ESRCH);
    CU_ASSERT_EQUAL(lc_fake_nr_guests(fake), 0);
    stop();
}

static void dying_domain_lingers(void)
{
    struct keel_domaininfo info;
    uint16_t id;

    start();
    id = create(1, 4096);
    lc_fake_set_dying_polls(fake, 2);
    CU_ASSERT_EQUAL(lc_domctl_destroydomain(hc, id), 0);
    CU_ASSERT_EQUAL(lc_domctl_getdomaininfo(hc, id, &info), 0);
    CU_ASSERT(info.flags & KEEL_DOMINF_dying);
    CU_ASSERT_EQUAL(lc_domctl_getdomaininfo(hc, id, &info), 0);
    CU_ASSERT_EQUAL(lc_domctl_getdomaininfo(hc, id, &info), -ESRCH);
    stop();
}

static void vcpus_params_grants_ports(void)
{
    struct keel_domctl_vcpu_context c = { .vcpu = 1, .online = 1, .pc = 0x40080000,
                                          .x0 = 0x48000000 }, got;
    struct keel_domctl_seed_grants g = { .console_gfn = 0x39000, .xenstore_gfn = 0x39001 };
    struct keel_domctl_vcpu_info vi;
    const struct lc_fake_domain *d;
    uint32_t port, w, cap;
    uint16_t id;

    start();
    id = create(2, 4096);
    CU_ASSERT_EQUAL(lc_domctl_setvcpucontext(hc, id, &c), 0);
    CU_ASSERT_EQUAL(lc_domctl_setvcpucontext(hc, id, &c), -EBUSY);
    c.vcpu = 2;
    CU_ASSERT_EQUAL(lc_domctl_setvcpucontext(hc, id, &c), -ENOENT);
    CU_ASSERT_EQUAL(lc_domctl_getvcpucontext(hc, id, 1, &got), 0);
    CU_ASSERT_EQUAL(got.pc, 0x40080000);
    CU_ASSERT_EQUAL(got.x0, 0x48000000);
    CU_ASSERT_EQUAL(lc_domctl_getvcpucontext(hc, id, 2, &got), -ENOENT);
    CU_ASSERT_EQUAL(lc_domctl_getvcpuinfo(hc, id, 1, &vi), 0);
    CU_ASSERT_EQUAL(vi.online, 1);
    CU_ASSERT_EQUAL(lc_domctl_getvcpuinfo(hc, id, 0, &vi), 0);
    CU_ASSERT_EQUAL(vi.online, 0);
    CU_ASSERT_EQUAL(lc_domctl_getvcpuinfo(hc, id, 7, &vi), -ENOENT);
    CU_ASSERT_EQUAL(lc_domctl_set_hvm_param(hc, id, HVM_PARAM_STORE_PFN, 0x39001), 0);
    CU_ASSERT_EQUAL(lc_domctl_set_hvm_param(hc, id, HVM_NR_PARAMS, 1), -EINVAL);
    CU_ASSERT_EQUAL(lc_domctl_seed_grants(hc, id, &g), 0);
    CU_ASSERT_EQUAL(lc_domctl_alloc_evtchn(hc, id, 0, &port), 0);
    CU_ASSERT_EQUAL(port, 1);
    CU_ASSERT_EQUAL(lc_domctl_alloc_evtchn(hc, id, 0, &port), 0);
    CU_ASSERT_EQUAL(port, 2);
    CU_ASSERT_EQUAL(lc_domctl_sched_get(hc, id, &w, &cap), 0);
    CU_ASSERT_EQUAL(w, 256);
    CU_ASSERT_EQUAL(lc_domctl_sched_set(hc, id, 512, 50), 0);
    CU_ASSERT_EQUAL(lc_domctl_sched_get(hc, id, &w, &cap), 0);
    CU_ASSERT_EQUAL(w, 512);
    CU_ASSERT_EQUAL(cap, 50);
    CU_ASSERT_EQUAL(lc_domctl_sched_set(hc, id, 0, 0), -EINVAL);
    CU_ASSERT_EQUAL(lc_domctl_sched_set(hc, id, 65536, 0), -EINVAL);
    CU_ASSERT_EQUAL(lc_domctl_max_mem(hc, id, 8192), 0);
    d = lc_fake_domain(fake, id);
    CU_ASSERT_EQUAL(d->hvm_params[HVM_PARAM_STORE_PFN], 0x39001);
    CU_ASSERT(d->grants_seeded);
    CU_ASSERT_EQUAL(d->grants.xenstore_gfn, 0x39001);
    CU_ASSERT_EQUAL(d->max_pages, 2048);
    CU_ASSERT_EQUAL(d->port_remote[2], 0);
    stop();
}

static void populate_extents(void)
{
    const uint64_t big[2] = { 0x40000, 0x40200 }, small[3] = { 0x40400, 0x40401, 0x40401 };
    const uint64_t odd = 0x40601;
    const struct lc_fake_domain *d;
    uint16_t id;

    start();
    id = create(1, 4 * 1024 + 8);     /* two 2 MiB extents and two pages */
    CU_ASSERT_EQUAL(lc_memory_populate(hc, id, big, 2, 9), 2);
    CU_ASSERT_EQUAL(lc_memory_populate(hc, id, &odd, 1, 9), 0);    /* misaligned */
    /* the repeated gfn stops the batch after two */
    CU_ASSERT_EQUAL(lc_memory_populate(hc, id, small, 3, 0), 2);
    CU_ASSERT_EQUAL(lc_memory_populate(hc, id, &odd, 1, 0), 0);    /* over max */
    CU_ASSERT_EQUAL(lc_memory_populate(hc, id, &odd, 1, 10), -EINVAL);
    CU_ASSERT_EQUAL(lc_memory_populate(hc, 7, &odd, 1, 0), -ESRCH);
    d = lc_fake_domain(fake, id);
    CU_ASSERT_EQUAL(d->tot_pages, 1026);
    stop();
}

/* More extents than one hypercall carries go in several. */
static void populate_batches(void)
{
    uint64_t *gfns = malloc(1200 * sizeof(*gfns));
    const struct lc_fake_call *calls;
    size_t n, populates = 0;
    uint16_t id;

    start();
    id = create(1, 1200 * 4);
    for (int i = 0; i < 1200; i++)
        gfns[i] = 0x40000 + (uint64_t)i;
    lc_fake_clear_calls(fake);
    CU_ASSERT_EQUAL(lc_memory_populate(hc, id, gfns, 1200, 0), 1200);
    calls = lc_fake_calls(fake, &n);
    for (size_t i = 0; i < n; i++)
        populates += calls[i].op == __HYPERVISOR_memory_op;
    CU_ASSERT_EQUAL(populates, 3);
    /* An error in a later batch leaves the count of those done. */
    lc_fake_fail(fake, __HYPERVISOR_memory_op, XENMEM_populate_physmap, 2, ENOMEM);
    for (int i = 0; i < 1200; i++)
        gfns[i] += 0x1000;
    lc_domctl_max_mem(hc, id, 2400 * 4);
    CU_ASSERT_EQUAL(lc_memory_populate(hc, id, gfns, 1200, 0), 512);
    lc_fake_fail(fake, __HYPERVISOR_memory_op, LC_FAKE_ANY, 1, ENOMEM);
    CU_ASSERT_EQUAL(lc_memory_populate(hc, id, gfns + 600, 1, 0), -ENOMEM);
    free(gfns);
    stop();
}

static void foreign_mapping(void)
{
    const uint64_t gfns[2] = { 0x40001, 0x40000 }, hole = 0x50000;
    const uint64_t base = 0x40000;
    uint8_t buf[8];
    uint8_t *map;
    int err = 0;
    uint16_t id;

    start();
    id = create(1, 8192);
    CU_ASSERT_EQUAL(lc_memory_populate(hc, id, &base, 1, 9), 1);
    map = lc_foreign_map(hc, id, gfns, 2, &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(map);
    CU_ASSERT_EQUAL(lc_fake_nr_mappings(fake), 1);
    CU_ASSERT_EQUAL(map[5], 0);
    memcpy(map, "page-one", 8);
    memcpy(map + 4096, "page-zer", 8);
    lc_foreign_unmap(hc, map, 2);
    CU_ASSERT_EQUAL(lc_fake_nr_mappings(fake), 0);
    CU_ASSERT_EQUAL(lc_fake_read(fake, id, 0x40001000, buf, 8), 0);
    CU_ASSERT(memcmp(buf, "page-one", 8) == 0);
    CU_ASSERT_EQUAL(lc_fake_read(fake, id, 0x40000000, buf, 8), 0);
    CU_ASSERT(memcmp(buf, "page-zer", 8) == 0);
    CU_ASSERT_EQUAL(lc_fake_read(fake, id, 0x50000000, buf, 8), -ENOENT);
    CU_ASSERT_PTR_NULL(lc_foreign_map(hc, id, &hole, 1, &err));
    CU_ASSERT_EQUAL(err, -ENOENT);
    CU_ASSERT_PTR_NULL(lc_foreign_map(hc, 9, gfns, 1, &err));
    CU_ASSERT_EQUAL(err, -ESRCH);
    CU_ASSERT_PTR_NULL(lc_foreign_map(hc, id, gfns, 0, &err));
    CU_ASSERT_EQUAL(err, -EINVAL);
    lc_fake_fail(fake, LC_FAKE_OP_MAP, LC_FAKE_ANY, 1, EFAULT);
    CU_ASSERT_PTR_NULL(lc_foreign_map(hc, id, gfns, 1, &err));
    CU_ASSERT_EQUAL(err, -EFAULT);
    CU_ASSERT_EQUAL(lc_fake_nr_mappings(fake), 0);
    stop();
}

static void calls_recorded_and_injected(void)
{
    struct keel_domaininfo info;
    const struct lc_fake_call *calls;
    size_t n;
    uint16_t id;

    start();
    id = create(1, 4096);
    lc_fake_fail(fake, __HYPERVISOR_domctl, KEEL_DOMCTL_getdomaininfo, 2, EIO);
    CU_ASSERT_EQUAL(lc_domctl_getdomaininfo(hc, id, &info), 0);
    CU_ASSERT_EQUAL(lc_domctl_unpausedomain(hc, id), 0);
    CU_ASSERT_EQUAL(lc_domctl_getdomaininfo(hc, id, &info), -EIO);
    CU_ASSERT_EQUAL(lc_domctl_getdomaininfo(hc, id, &info), 0);
    calls = lc_fake_calls(fake, &n);
    CU_ASSERT_EQUAL_FATAL(n, 5);
    CU_ASSERT_EQUAL(calls[0].op, __HYPERVISOR_domctl);
    CU_ASSERT_EQUAL(calls[0].cmd, KEEL_DOMCTL_createdomain);
    CU_ASSERT_EQUAL(calls[2].cmd, KEEL_DOMCTL_unpausedomain);
    CU_ASSERT_EQUAL(calls[2].domid, id);
    CU_ASSERT_EQUAL(calls[3].rc, -EIO);
    CU_ASSERT_EQUAL(calls[4].rc, 0);
    CU_ASSERT(calls[4].seq > calls[3].seq);
    /* the injected failure changed nothing: still unpaused */
    lc_domctl_getdomaininfo(hc, id, &info);
    CU_ASSERT_FALSE(info.flags & KEEL_DOMINF_paused);
    stop();
}

static void sysctls(void)
{
    struct keel_domaininfo list[4];
    struct keel_sysctl_physinfo p;
    uint64_t index = 0;
    char buf[8];
    uint32_t n, count = sizeof(buf);

    start();
    create(1, 4096);
    create(1, 4096);
    CU_ASSERT_EQUAL(lc_sysctl_getdomaininfolist(hc, 0, list, 4, &n), 0);
    CU_ASSERT_EQUAL(n, 3);
    CU_ASSERT_EQUAL(list[2].domid, 2);
    CU_ASSERT_EQUAL(lc_sysctl_getdomaininfolist(hc, 1, list, 1, &n), 0);
    CU_ASSERT_EQUAL(n, 1);
    CU_ASSERT_EQUAL(list[0].domid, 1);
    CU_ASSERT_EQUAL(lc_sysctl_getdomaininfolist(hc, 0, list, 0, &n), -EINVAL);
    CU_ASSERT_EQUAL(lc_sysctl_physinfo(hc, &p), 0);
    CU_ASSERT_EQUAL(p.xen_major, 4);
    CU_ASSERT_EQUAL(p.xen_minor, 17);
    CU_ASSERT_EQUAL(lc_fake_set_console(fake, "hello, keel"), 0);
    CU_ASSERT_EQUAL(lc_sysctl_readconsole(hc, &index, buf, &count), 0);
    CU_ASSERT_EQUAL(count, 8);
    CU_ASSERT(memcmp(buf, "hello, k", 8) == 0);
    CU_ASSERT_EQUAL(index, 8);
    count = 0;
    CU_ASSERT_EQUAL(lc_sysctl_readconsole(hc, &index, buf, &count), -EINVAL);
    stop();
}

/* The privcmd transport against a device that is not privcmd: every
 * call's error comes back as a negative errno, nothing crashes. */
static void privcmd_errors(void)
{
    struct lc_hc *real;
    uint64_t gfn = 1;
    int err = 0;
    void *buf;

    CU_ASSERT_EQUAL(lc_hc_open("/nonexistent/privcmd", &real), -ENOENT);
    CU_ASSERT_EQUAL_FATAL(lc_hc_open("/dev/null", &real), 0);
    buf = lc_hbuf_alloc(real, 100);
    CU_ASSERT_PTR_NOT_NULL_FATAL(buf);
    CU_ASSERT_EQUAL((uintptr_t)buf % 4096, 0);
    CU_ASSERT_EQUAL(((uint8_t *)buf)[99], 0);
    CU_ASSERT_EQUAL(lc_hypercall(real, __HYPERVISOR_domctl, (uint64_t[5]){ (uintptr_t)buf }),
                    -ENOTTY);
    lc_hbuf_free(real, buf, 100);
    CU_ASSERT_PTR_NULL(lc_foreign_map(real, 1, &gfn, 1, &err));
    CU_ASSERT(err < 0);
    CU_ASSERT_EQUAL(lc_domctl_pausedomain(real, 1), -ENOTTY);
    lc_hc_close(real);
    lc_hc_close(NULL);
}

UNIT_SUITE(hypercall_fake,
           UNIT_TEST(create_and_info), UNIT_TEST(create_refused),
           UNIT_TEST(version_checked), UNIT_TEST(pause_destroy_shutdown),
           UNIT_TEST(dying_domain_lingers), UNIT_TEST(vcpus_params_grants_ports),
           UNIT_TEST(populate_extents), UNIT_TEST(populate_batches),
           UNIT_TEST(foreign_mapping), UNIT_TEST(calls_recorded_and_injected),
           UNIT_TEST(sysctls), UNIT_TEST(privcmd_errors))
