/* libctl/domain_ops.c and domain_info.c: destroy, shutdown, pause,
 * memory target, list, physinfo and dmesg against the fakes. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <public/sched.h>
#include <public/xen.h>
#include "unit.h"
#include "libctl_fixture.h"

static struct lcf fx;

/* A built, running domU named name; returns its id. */
static uint16_t build(const char *name, uint8_t uuid0)
{
    uint8_t *img = lcf_image_bytes(0, 1 << 20, 0, 4096);
    struct lc_build_params p = {
        .name = name, .memory_kb = 8192, .max_memory_kb = 16384, .vcpus = 1,
        .uuid = { uuid0, 1 },
    };
    uint16_t id = 0;

    p.kernel = lcf_file(&fx, name, img, 4096);
    CU_ASSERT_EQUAL(lc_domain_create(fx.ctx, &p, 0, &id), 0);
    free(img);
    return id;
}

static void start(void)
{
    CU_ASSERT_FATAL(lcf_init(&fx) == 0);
}

static void destroy_removes_everything(void)
{
    char *before;
    uint16_t id;

    start();
    before = lc_fake_store_dump(fx.xs);
    id = build("a", 1);
    CU_ASSERT_EQUAL(lc_domain_destroy(fx.ctx, id), 0);
    CU_ASSERT_EQUAL(lc_fake_nr_guests(fx.hv), 0);
    CU_ASSERT_FALSE(lc_fake_store_introduced(fx.xs, id, NULL, NULL));
    {
        char *after = lc_fake_store_dump(fx.xs);

        CU_ASSERT_STRING_EQUAL(after, before);
        free(after);
    }
    CU_ASSERT_EQUAL(lc_domain_destroy(fx.ctx, id), -ESRCH);
    CU_ASSERT_STRING_EQUAL(lc_ctx_error(fx.ctx), "destroying domain 1: No such process");
    free(before);
    lcf_fini(&fx);
}

/* The hypervisor frees a domain a little later: destroy waits for it. */
static void destroy_waits(void)
{
    const struct lc_fake_call *calls;
    size_t n, polls = 0;
    uint16_t id;

    start();
    id = build("a", 1);
    lc_fake_set_dying_polls(fx.hv, 4);
    lc_fake_clear_calls(fx.hv);
    CU_ASSERT_EQUAL(lc_domain_destroy(fx.ctx, id), 0);
    calls = lc_fake_calls(fx.hv, &n);
    for (size_t i = 0; i < n; i++)
        polls += calls[i].cmd == KEEL_DOMCTL_getdomaininfo;
    CU_ASSERT_EQUAL(polls, 5);
    CU_ASSERT_EQUAL(lc_fake_nr_guests(fx.hv), 0);
    lcf_fini(&fx);
}

static void destroy_times_out_but_cleans_store(void)
{
    uint16_t id;

    start();
    id = build("a", 1);
    lc_fake_set_dying_polls(fx.hv, UINT32_MAX);
    CU_ASSERT_EQUAL(lc_domain_destroy(fx.ctx, id), -ETIMEDOUT);
    CU_ASSERT_STRING_EQUAL(lc_ctx_error(fx.ctx),
                           "waiting for domain 1 to go: Connection timed out");
    CU_ASSERT_PTR_NULL(lc_fake_store_value(fx.xs, "/local/domain/1"));
    CU_ASSERT_FALSE(lc_fake_store_introduced(fx.xs, id, NULL, NULL));
    lcf_fini(&fx);
}

static void destroy_refusals(void)
{
    uint16_t id;

    start();
    CU_ASSERT_EQUAL(lc_domain_destroy(fx.ctx, 0), -EINVAL);
    CU_ASSERT_EQUAL(lc_domain_destroy(fx.ctx, DOMID_SELF), -EINVAL);
    id = build("a", 1);
    lc_fake_fail(fx.hv, __HYPERVISOR_domctl, KEEL_DOMCTL_destroydomain, 1, EPERM);
    CU_ASSERT_EQUAL(lc_domain_destroy(fx.ctx, id), -EPERM);
    /* nothing removed when the hypervisor refused */
    CU_ASSERT_STRING_EQUAL(lc_fake_store_value(fx.xs, "/local/domain/1/name"), "a");
    /* a store failure is reported after the domain is gone */
    lc_fake_store_fail(fx.xs, LC_FXS_RM, 1, EACCES);
    CU_ASSERT_EQUAL(lc_domain_destroy(fx.ctx, id), -EACCES);
    CU_ASSERT_STRING_EQUAL(lc_ctx_error(fx.ctx),
                           "removing domain 1 from xenstore: Permission denied");
    CU_ASSERT_EQUAL(lc_fake_nr_guests(fx.hv), 0);
    lcf_fini(&fx);
}

/* A vm node pointing anywhere but /vm/<x> is not followed. */
static void destroy_ignores_odd_vm_path(void)
{
    uint16_t id;

    start();
    id = build("a", 1);
    lc_fake_store_set(fx.xs, "/local/domain/1/vm", "/local/domain/0");
    CU_ASSERT_EQUAL(lc_domain_destroy(fx.ctx, id), 0);
    CU_ASSERT_PTR_NOT_NULL(lc_fake_store_value(fx.xs, "/local/domain/0"));
    /* and the real /vm entry stays, as nothing named it */
    CU_ASSERT_PTR_NOT_NULL(lc_fake_store_value(fx.xs, "/vm/01010000-0000-0000-0000-000000000000"));
    lcf_fini(&fx);
}

static void shutdown_writes_control(void)
{
    uint16_t id;

    start();
    id = build("a", 1);
    CU_ASSERT_EQUAL(lc_domain_shutdown(fx.ctx, id, LC_SHUTDOWN_POWEROFF), 0);
    CU_ASSERT_STRING_EQUAL(lc_fake_store_value(fx.xs, "/local/domain/1/control/shutdown"),
                           "poweroff");
    CU_ASSERT_EQUAL(lc_domain_shutdown(fx.ctx, id, LC_SHUTDOWN_REBOOT), 0);
    CU_ASSERT_STRING_EQUAL(lc_fake_store_value(fx.xs, "/local/domain/1/control/shutdown"),
                           "reboot");
    CU_ASSERT_EQUAL(lc_domain_shutdown(fx.ctx, id, (enum lc_shutdown_reason)7), -EINVAL);
    CU_ASSERT_EQUAL(lc_domain_shutdown(fx.ctx, 9, LC_SHUTDOWN_POWEROFF), -ESRCH);
    CU_ASSERT_PTR_NULL(lc_fake_store_value(fx.xs, "/local/domain/9"));
    lc_fake_store_fail(fx.xs, LC_FXS_WRITE, 1, EACCES);
    CU_ASSERT_EQUAL(lc_domain_shutdown(fx.ctx, id, LC_SHUTDOWN_POWEROFF), -EACCES);
    CU_ASSERT_STRING_EQUAL(lc_ctx_error(fx.ctx),
                           "asking domain 1 to poweroff: Permission denied");
    lcf_fini(&fx);
}

static void pause_unpause(void)
{
    uint16_t id;

    start();
    id = build("a", 1);
    CU_ASSERT_EQUAL(lc_domain_pause(fx.ctx, id), 0);
    CU_ASSERT_EQUAL(lc_fake_domain(fx.hv, id)->pause_count, 1);
    CU_ASSERT_EQUAL(lc_domain_unpause(fx.ctx, id), 0);
    CU_ASSERT_EQUAL(lc_fake_domain(fx.hv, id)->pause_count, 0);
    CU_ASSERT_EQUAL(lc_domain_pause(fx.ctx, 0), -EINVAL);
    CU_ASSERT_EQUAL(lc_domain_pause(fx.ctx, 9), -ESRCH);
    CU_ASSERT_STRING_EQUAL(lc_ctx_error(fx.ctx), "pausing domain 9: No such process");
    CU_ASSERT_EQUAL(lc_domain_unpause(fx.ctx, 9), -ESRCH);
    lcf_fini(&fx);
}

static void mem_set_target(void)
{
    uint16_t id;

    start();
    id = build("a", 1);
    CU_ASSERT_EQUAL(lc_mem_set(fx.ctx, id, 12000), 0);
    CU_ASSERT_STRING_EQUAL(lc_fake_store_value(fx.xs, "/local/domain/1/memory/target"),
                           "12000");
    CU_ASSERT_EQUAL(lc_mem_set(fx.ctx, id, 16384), 0);
    CU_ASSERT_EQUAL(lc_mem_set(fx.ctx, id, 16385), -EINVAL);
    CU_ASSERT_EQUAL(lc_mem_set(fx.ctx, id, 0), -EINVAL);
    CU_ASSERT_STRING_EQUAL(lc_fake_store_value(fx.xs, "/local/domain/1/memory/target"),
                           "16384");
    CU_ASSERT_EQUAL(lc_mem_set(fx.ctx, 9, 100), -ESRCH);
    lc_fake_store_set(fx.xs, "/local/domain/1/memory/static-max", "12x");
    CU_ASSERT_EQUAL(lc_mem_set(fx.ctx, id, 100), -EINVAL);
    lcf_fini(&fx);
}

static void list_domains(void)
{
    struct lc_dominfo *list;
    unsigned n;

    start();
    build("first", 1);
    build("second", 2);
    lc_domain_shutdown(fx.ctx, 2, LC_SHUTDOWN_POWEROFF);
    lc_domctl_shutdown(lc_ctx_hc(fx.ctx), 2, SHUTDOWN_poweroff);
    CU_ASSERT_EQUAL(lc_domain_list(fx.ctx, &list, &n), 0);
    CU_ASSERT_EQUAL_FATAL(n, 3);
    CU_ASSERT_EQUAL(list[0].domid, 0);
    CU_ASSERT_STRING_EQUAL(list[0].name, "Domain-0");
    CU_ASSERT_STRING_EQUAL(list[1].name, "first");
    CU_ASSERT_STRING_EQUAL(list[2].name, "second");
    CU_ASSERT_EQUAL(list[1].uuid[0], 1);
    CU_ASSERT_EQUAL(list[1].mem_kb, 8192 + 8);
    CU_ASSERT_EQUAL(list[1].max_mem_kb, 16384 + 8);
    CU_ASSERT_EQUAL(list[1].nr_vcpus, 1);
    CU_ASSERT_EQUAL(list[1].online_vcpus, 1);
    CU_ASSERT(list[2].flags & KEEL_DOMINF_shutdown);
    CU_ASSERT_EQUAL(list[2].shutdown_reason, SHUTDOWN_poweroff);
    free(list);
    lc_fake_fail(fx.hv, __HYPERVISOR_sysctl, KEEL_SYSCTL_getdomaininfolist, 1, EIO);
    CU_ASSERT_EQUAL(lc_domain_list(fx.ctx, &list, &n), -EIO);
    CU_ASSERT_PTR_NULL(list);
    CU_ASSERT_EQUAL(n, 0);
    lcf_fini(&fx);
}

/* More domains than one sysctl returns come in several batches. */
static void list_many(void)
{
    struct lc_dominfo *list;
    const struct lc_fake_call *calls;
    const uint8_t h[16] = { 0 };
    size_t nc, lists = 0;
    unsigned n;

    start();
    for (unsigned i = 1; i < LC_FAKE_MAX_DOMAINS; i++) {
        uint16_t id = 0;

        lc_domctl_createdomain(lc_ctx_hc(fx.ctx), &id, 1, 4096, h);
    }
    lc_fake_clear_calls(fx.hv);
    CU_ASSERT_EQUAL(lc_domain_list(fx.ctx, &list, &n), 0);
    calls = lc_fake_calls(fx.hv, &nc);
    for (size_t i = 0; i < nc; i++)
        lists += calls[i].op == __HYPERVISOR_sysctl &&
                 calls[i].cmd == KEEL_SYSCTL_getdomaininfolist;
    CU_ASSERT_EQUAL(lists, 2);
    CU_ASSERT_EQUAL(n, LC_FAKE_MAX_DOMAINS);
    CU_ASSERT_EQUAL(list[n - 1].domid, LC_FAKE_MAX_DOMAINS - 1);
    CU_ASSERT_STRING_EQUAL(list[3].name, "");
    free(list);
    lcf_fini(&fx);
}

static void physinfo(void)
{
    struct keel_sysctl_physinfo p = { .nr_cpus = 4, .total_pages = 1000, .free_pages = 10,
                                      .cpu_khz = 62500, .xen_major = 4, .xen_minor = 17 };
    struct lc_physinfo info;

    start();
    lc_fake_set_physinfo(fx.hv, &p);
    CU_ASSERT_EQUAL(lc_physinfo(fx.ctx, &info), 0);
    CU_ASSERT_EQUAL(info.nr_cpus, 4);
    CU_ASSERT_EQUAL(info.total_kb, 4000);
    CU_ASSERT_EQUAL(info.free_kb, 40);
    CU_ASSERT_EQUAL(info.cpu_khz, 62500);
    CU_ASSERT_EQUAL(info.xen_minor, 17);
    lc_fake_fail(fx.hv, __HYPERVISOR_sysctl, KEEL_SYSCTL_physinfo, 1, EPERM);
    CU_ASSERT_EQUAL(lc_physinfo(fx.ctx, &info), -EPERM);
    CU_ASSERT_STRING_EQUAL(lc_ctx_error(fx.ctx),
                           "reading the machine's information: Operation not permitted");
    lcf_fini(&fx);
}

static void dmesg_reads_all(void)
{
    size_t big = 40000, len;
    char *log = malloc(big + 1), *text;

    start();
    for (size_t i = 0; i < big; i++)
        log[i] = (char)('a' + i % 26);
    log[big] = '\0';
    CU_ASSERT_EQUAL(lc_fake_set_console(fx.hv, log), 0);
    CU_ASSERT_EQUAL(lc_dmesg(fx.ctx, &text, &len), 0);
    CU_ASSERT_EQUAL(len, big);
    CU_ASSERT_STRING_EQUAL(text, log);
    free(text);
    CU_ASSERT_EQUAL(lc_fake_set_console(fx.hv, ""), 0);
    CU_ASSERT_EQUAL(lc_dmesg(fx.ctx, &text, &len), 0);
    CU_ASSERT_EQUAL(len, 0);
    CU_ASSERT_STRING_EQUAL(text, "");
    free(text);
    lc_fake_fail(fx.hv, __HYPERVISOR_sysctl, KEEL_SYSCTL_readconsole, 1, EFAULT);
    CU_ASSERT_EQUAL(lc_dmesg(fx.ctx, &text, &len), -EFAULT);
    free(log);
    lcf_fini(&fx);
}

static void no_store_calls(void)
{
    struct lc_fake *hv = lc_fake_new(NULL);
    struct lc_ctx *ctx = lc_ctx_new(lc_fake_hc(hv), NULL);
    struct lc_dominfo *list;
    unsigned n;

    CU_ASSERT_EQUAL(lc_domain_destroy(ctx, 3), -ENOTCONN);
    CU_ASSERT_EQUAL(lc_domain_shutdown(ctx, 0, LC_SHUTDOWN_REBOOT), -ENOTCONN);
    CU_ASSERT_EQUAL(lc_mem_set(ctx, 0, 100), -ENOTCONN);
    /* listing still works, with dom0's name known */
    CU_ASSERT_EQUAL(lc_domain_list(ctx, &list, &n), 0);
    CU_ASSERT_EQUAL(n, 1);
    CU_ASSERT_STRING_EQUAL(list[0].name, "Domain-0");
    free(list);
    lc_ctx_close(ctx);
}

UNIT_SUITE(domain_ops,
           UNIT_TEST(destroy_removes_everything), UNIT_TEST(destroy_waits),
           UNIT_TEST(destroy_times_out_but_cleans_store), UNIT_TEST(destroy_refusals),
           UNIT_TEST(destroy_ignores_odd_vm_path), UNIT_TEST(shutdown_writes_control),
           UNIT_TEST(pause_unpause), UNIT_TEST(mem_set_target), UNIT_TEST(list_domains),
           UNIT_TEST(list_many), UNIT_TEST(physinfo), UNIT_TEST(dmesg_reads_all),
           UNIT_TEST(no_store_calls))
