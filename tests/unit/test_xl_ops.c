/* dom0-tools/xl: destroy, pause, unpause, shutdown, reboot, mem-set,
 * domid, domname, uptime, vcpu-list, info and dmesg against the fakes. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <public/sched.h>
#include <public/xen.h>
#include "unit.h"
#include "test_xl.h"

static struct xlt t;

static void start(void)
{
    CU_ASSERT_FATAL(xlt_init(&t) == 0);
}

static void destroy_by_name_and_id(void)
{
    start();
    CU_ASSERT_EQUAL(xlt_create(&t, "d1", NULL), 1);
    CU_ASSERT_EQUAL(xlt_create(&t, "d2", NULL), 2);
    CU_ASSERT_TRUE(xlt_stored(&t, 1));
    {
        uint8_t uuid[16];
        char path[512];

        memcpy(uuid, lc_fake_domain(t.fx.hv, 1)->handle, 16);
        CU_ASSERT_EQUAL(xlt_run(&t, "destroy", "d1", NULL), 0);
        CU_ASSERT_STRING_EQUAL(t.err, "");
        CU_ASSERT_PTR_NULL(lc_fake_domain(t.fx.hv, 1));
        CU_ASSERT_EQUAL_FATAL(xl_config_path(&t.env, uuid, ".json", path, sizeof(path)), 0);
        CU_ASSERT_PTR_NULL(xlt_slurp(path));
    }
    CU_ASSERT_EQUAL(xlt_run(&t, "destroy", "2", NULL), 0);
    CU_ASSERT_EQUAL(lc_fake_nr_guests(t.fx.hv), 0);
    CU_ASSERT_PTR_NULL(lc_fake_store_value(t.fx.xs, "/local/domain/2/name"));
    CU_ASSERT_EQUAL(xlt_run(&t, "destroy", "d1", NULL), 1);
    CU_ASSERT_STRING_EQUAL(t.err, "xl: d1 is an invalid domain identifier\n");
    CU_ASSERT_EQUAL(xlt_run(&t, "destroy", "0", NULL), 1);
    CU_ASSERT_STRING_EQUAL(t.err, "xl: cannot destroy privileged domain 0\n");
    CU_ASSERT_EQUAL(xlt_run(&t, "destroy", "Domain-0", NULL), 1);
    CU_ASSERT_PTR_NOT_NULL(lc_fake_domain(t.fx.hv, 0));
    xlt_fini(&t);
}

static void destroy_failure_is_reported(void)
{
    start();
    CU_ASSERT_EQUAL(xlt_create(&t, "d1", NULL), 1);
    lc_fake_fail(t.fx.hv, __HYPERVISOR_domctl, KEEL_DOMCTL_destroydomain, 1, EPERM);
    CU_ASSERT_EQUAL(xlt_run(&t, "destroy", "d1", NULL), 1);
    CU_ASSERT_STRING_EQUAL(t.err, "xl: destroying domain 1: Operation not permitted\n");
    CU_ASSERT_TRUE(xlt_stored(&t, 1));
    /* A domain that lingers past the timeout: the error, entries gone. */
    lc_fake_set_dying_polls(t.fx.hv, UINT32_MAX);
    CU_ASSERT_EQUAL(xlt_run(&t, "destroy", "d1", NULL), 1);
    CU_ASSERT_STRING_EQUAL(t.err, "xl: waiting for domain 1 to go: Connection timed out\n");
    CU_ASSERT_FALSE(xlt_stored(&t, 1));
    xlt_fini(&t);
}

static void pause_and_unpause(void)
{
    start();
    CU_ASSERT_EQUAL(xlt_create(&t, "d1", NULL), 1);
    CU_ASSERT_EQUAL(xlt_run(&t, "pause", "d1", NULL), 0);
    CU_ASSERT_EQUAL(lc_fake_domain(t.fx.hv, 1)->pause_count, 1);
    CU_ASSERT_EQUAL(xlt_run(&t, "pause", "1", NULL), 0);
    CU_ASSERT_EQUAL(lc_fake_domain(t.fx.hv, 1)->pause_count, 2);
    CU_ASSERT_EQUAL(xlt_run(&t, "unpause", "1", NULL), 0);
    CU_ASSERT_EQUAL(xlt_run(&t, "unpause", "d1", NULL), 0);
    CU_ASSERT_EQUAL(lc_fake_domain(t.fx.hv, 1)->pause_count, 0);
    CU_ASSERT_EQUAL(xlt_run(&t, "pause", "d9", NULL), 1);
    CU_ASSERT_STRING_EQUAL(t.err, "xl: d9 is an invalid domain identifier\n");
    CU_ASSERT_EQUAL(xlt_run(&t, "unpause", "5", NULL), 1);
    CU_ASSERT_EQUAL(xlt_run(&t, "pause", "0", NULL), 1);
    CU_ASSERT_STRING_EQUAL(t.err, "xl: pausing domain 0: Invalid argument\n");
    xlt_fini(&t);
}

static void shutdown_and_reboot(void)
{
    const char *node = "/local/domain/1/control/shutdown";

    start();
    CU_ASSERT_EQUAL(xlt_create(&t, "d1", NULL), 1);
    CU_ASSERT_EQUAL(xlt_create(&t, "d2", NULL), 2);
    CU_ASSERT_EQUAL(xlt_run(&t, "shutdown", "d1", NULL), 0);
    CU_ASSERT_STRING_EQUAL(lc_fake_store_value(t.fx.xs, node), "poweroff");
    CU_ASSERT_STRING_EQUAL(t.err, "");
    CU_ASSERT_EQUAL(xlt_run(&t, "reboot", "1", NULL), 0);
    CU_ASSERT_STRING_EQUAL(lc_fake_store_value(t.fx.xs, node), "reboot");
    CU_ASSERT_STRING_EQUAL(lc_fake_store_value(t.fx.xs, "/local/domain/2/control/shutdown"),
                           "");
    CU_ASSERT_EQUAL(xlt_run(&t, "shutdown", "-a", NULL), 0);
    CU_ASSERT_STRING_EQUAL(lc_fake_store_value(t.fx.xs, node), "poweroff");
    CU_ASSERT_STRING_EQUAL(lc_fake_store_value(t.fx.xs, "/local/domain/2/control/shutdown"),
                           "poweroff");
    CU_ASSERT_PTR_NULL(lc_fake_store_value(t.fx.xs, "/local/domain/0/control/shutdown"));
    CU_ASSERT_EQUAL(xlt_run(&t, "reboot", "-a", NULL), 0);
    CU_ASSERT_STRING_EQUAL(lc_fake_store_value(t.fx.xs, "/local/domain/2/control/shutdown"),
                           "reboot");
    CU_ASSERT_EQUAL(xlt_run(&t, "shutdown", "nope", NULL), 1);
    CU_ASSERT_STRING_EQUAL(t.err, "xl: nope is an invalid domain identifier\n");
    xlt_fini(&t);
}

static void shutdown_failure(void)
{
    start();
    CU_ASSERT_EQUAL(xlt_create(&t, "d1", NULL), 1);
    lc_fake_store_fail(t.fx.xs, LC_FXS_WRITE, 1, EACCES);
    CU_ASSERT_EQUAL(xlt_run(&t, "shutdown", "-w", "d1", NULL), 1);
    CU_ASSERT_STRING_EQUAL(t.err, "xl: asking domain 1 to poweroff: Permission denied\n");
    xlt_fini(&t);
}

static void shutdown_waits(void)
{
    struct lc_hc *hc;

    start();
    hc = lc_ctx_hc(t.fx.ctx);
    CU_ASSERT_EQUAL(xlt_create(&t, "d1", NULL), 1);
    CU_ASSERT_EQUAL(xlt_create(&t, "d2", NULL), 2);
    /* The guest obeys at once (the fake has no guest to do it). */
    CU_ASSERT_EQUAL(lc_domctl_shutdown(hc, 1, SHUTDOWN_poweroff), 0);
    CU_ASSERT_EQUAL(xlt_run(&t, "shutdown", "-w", "d1", NULL), 0);
    CU_ASSERT_STRING_EQUAL(t.err, "Waiting for 1 domains\n"
                                  "Domain 1 has been shut down, reason code 0\n"
                                  "All domains have been shut down\n");
    /* -a asks every domain still there (d1 is gone) and waits for all. */
    CU_ASSERT_EQUAL(lc_domctl_destroydomain(hc, 1), 0);
    CU_ASSERT_EQUAL(xlt_run(&t, "shutdown", "-w", "-a", NULL), 1);
    CU_ASSERT_STRING_EQUAL(t.err, "Waiting for 1 domains\n"
                                  "xl: 1 domain still running after 50 ms\n");
    CU_ASSERT_STRING_EQUAL(lc_fake_store_value(t.fx.xs, "/local/domain/2/control/shutdown"),
                           "poweroff");
    /* d2 does not stop: the environment's limit ends the wait. */
    t.sleeps = 0;
    CU_ASSERT_EQUAL(xlt_run(&t, "reboot", "-w", "d2", NULL), 1);
    CU_ASSERT_STRING_EQUAL(t.err, "Waiting for 1 domains\n"
                                  "xl: 1 domain still running after 50 ms\n");
    CU_ASSERT_EQUAL(t.sleeps, 10);
    CU_ASSERT_EQUAL(lc_domctl_shutdown(hc, 2, SHUTDOWN_reboot), 0);
    CU_ASSERT_EQUAL(xlt_run(&t, "reboot", "-w", "d2", NULL), 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(t.err, "Domain 2 has been shut down, reason code 1\n"));
    /* Destroyed while xl waits: it lingers for the lookup and the request,
     * then is gone. */
    CU_ASSERT_EQUAL(lc_domain_destroy(t.fx.ctx, 1), -ESRCH);    /* its entries */
    CU_ASSERT_EQUAL(xlt_create(&t, "d3", NULL), 1);
    lc_fake_set_dying_polls(t.fx.hv, 2);
    CU_ASSERT_EQUAL(lc_domctl_destroydomain(hc, 1), 0);
    CU_ASSERT_EQUAL(xlt_run(&t, "shutdown", "-w", "d3", NULL), 0);
    CU_ASSERT_STRING_EQUAL(t.err, "Waiting for 1 domains\nDomain 1 has been destroyed.\n"
                                  "All domains have been shut down\n");
    xlt_fini(&t);
}

/* What the guest and its monitor do while xl waits. */
static void guest_powers_off(struct xlt *x)
{
    if (x->sleeps == 3)
        CU_ASSERT_EQUAL(lc_domctl_shutdown(lc_ctx_hc(x->fx.ctx), 2, SHUTDOWN_poweroff), 0);
}

static void monitor_restarts(struct xlt *x)
{
    if (x->sleeps == 2)
        CU_ASSERT_EQUAL(lc_fake_store_set(x->fx.xs, "/vm/u1/start_time", "2000.50"), 0);
}

static void shutdown_waits_across_polls(void)
{
    start();
    CU_ASSERT_EQUAL(xlt_create(&t, "d1", NULL), 1);
    CU_ASSERT_EQUAL(xlt_create(&t, "d2", NULL), 2);
    t.on_sleep = guest_powers_off;
    CU_ASSERT_EQUAL(xlt_run(&t, "shutdown", "-w", "d2", NULL), 0);
    CU_ASSERT_EQUAL(t.sleeps, 3);
    CU_ASSERT_STRING_EQUAL(t.err, "Waiting for 1 domains\n"
                                  "Domain 2 has been shut down, reason code 0\n"
                                  "All domains have been shut down\n");
    /* Restarted under the same id and UUID: its start time changed. */
    CU_ASSERT_EQUAL(lc_fake_store_set(t.fx.xs, "/local/domain/1/vm", "/vm/u1"), 0);
    CU_ASSERT_EQUAL(lc_fake_store_set(t.fx.xs, "/vm/u1/start_time", "1000.25"), 0);
    t.sleeps = 0;
    t.on_sleep = monitor_restarts;
    CU_ASSERT_EQUAL(xlt_run(&t, "reboot", "-w", "d1", NULL), 0);
    CU_ASSERT_EQUAL(t.sleeps, 2);
    CU_ASSERT_STRING_EQUAL(t.err, "Waiting for 1 domains\nDomain 1 has been destroyed.\n"
                                  "All domains have been shut down\n");
    /* Two at once (-a): d2 has shut down, d1 goes on running. */
    t.on_sleep = NULL;
    CU_ASSERT_EQUAL(xlt_run(&t, "shutdown", "-a", "-w", NULL), 1);
    CU_ASSERT_STRING_EQUAL(t.err, "Waiting for 2 domains\n"
                                  "Domain 2 has been shut down, reason code 0\n"
                                  "xl: 1 domain still running after 50 ms\n");
    xlt_fini(&t);
}

static void mem_set(void)
{
    const char *target = "/local/domain/1/memory/target";

    start();
    CU_ASSERT_EQUAL(xlt_create(&t, "d1", NULL), 1);
    CU_ASSERT_EQUAL(xlt_run(&t, "mem-set", "d1", "24", NULL), 0);
    CU_ASSERT_STRING_EQUAL(lc_fake_store_value(t.fx.xs, target), "24576");
    CU_ASSERT_EQUAL(xlt_run(&t, "mem-set", "1", "20000k", NULL), 0);
    CU_ASSERT_STRING_EQUAL(lc_fake_store_value(t.fx.xs, target), "20000");
    CU_ASSERT_EQUAL(xlt_run(&t, "mem-set", "d1", "32m", NULL), 0);
    CU_ASSERT_STRING_EQUAL(lc_fake_store_value(t.fx.xs, target), "32768");
    /* Above maxmem (32 MiB). */
    CU_ASSERT_EQUAL(xlt_run(&t, "mem-set", "d1", "33m", NULL), 1);
    CU_ASSERT_STRING_EQUAL(t.err, "xl: d1: 33792 KiB is above the domain's maxmem of "
                                  "32768 KiB\n");
    CU_ASSERT_EQUAL(xlt_run(&t, "mem-set", "d1", "1g", NULL), 1);
    CU_ASSERT_STRING_EQUAL(lc_fake_store_value(t.fx.xs, target), "32768");
    CU_ASSERT_EQUAL(xlt_run(&t, "mem-set", "d1", "0", NULL), 1);
    CU_ASSERT_STRING_EQUAL(t.err, "xl: d1: a memory target of 0 is not allowed\n");
    CU_ASSERT_EQUAL(xlt_run(&t, "mem-set", "d1", "12q", NULL), 1);
    CU_ASSERT_STRING_EQUAL(t.err, "xl: invalid memory size: 12q\n");
    CU_ASSERT_EQUAL(xlt_run(&t, "mem-set", "d5", "12", NULL), 1);
    CU_ASSERT_STRING_EQUAL(t.err, "xl: d5 is an invalid domain identifier\n");
    /* dom0 has no static-max: no balloon target to set. */
    CU_ASSERT_EQUAL(xlt_run(&t, "mem-set", "0", "12", NULL), 1);
    CU_ASSERT_STRING_EQUAL(t.err, "xl: reading Domain-0's maximum memory: "
                                  "No such file or directory\n");
    CU_ASSERT_STRING_EQUAL(lc_fake_store_value(t.fx.xs, target), "32768");
    xlt_fini(&t);
}

static void names_and_ids(void)
{
    start();
    CU_ASSERT_EQUAL(xlt_create(&t, "d1", NULL), 1);
    CU_ASSERT_EQUAL(xlt_run(&t, "domid", "d1", NULL), 0);
    CU_ASSERT_STRING_EQUAL(t.out, "1\n");
    CU_ASSERT_EQUAL(xlt_run(&t, "domid", "Domain-0", NULL), 0);
    CU_ASSERT_STRING_EQUAL(t.out, "0\n");
    CU_ASSERT_EQUAL(xlt_run(&t, "domid", "1", NULL), 1);
    CU_ASSERT_STRING_EQUAL(t.err, "xl: no domain named '1'\n");
    CU_ASSERT_EQUAL(xlt_run(&t, "domname", "1", NULL), 0);
    CU_ASSERT_STRING_EQUAL(t.out, "d1\n");
    CU_ASSERT_EQUAL(xlt_run(&t, "domname", "0", NULL), 0);
    CU_ASSERT_STRING_EQUAL(t.out, "Domain-0\n");
    CU_ASSERT_EQUAL(xlt_run(&t, "domname", "d1", NULL), 1);
    CU_ASSERT_STRING_EQUAL(t.err, "xl: 'd1' is not a domain id\n");
    CU_ASSERT_EQUAL(xlt_run(&t, "domname", "4", NULL), 1);
    CU_ASSERT_STRING_EQUAL(t.err, "xl: 4 is an invalid domain identifier\n");
    xlt_fini(&t);
}

static void uptime(void)
{
    start();
    CU_ASSERT_EQUAL(xlt_create(&t, "d1", NULL), 1);
    CU_ASSERT_EQUAL_FATAL(lc_fake_store_set(t.fx.xs, "/vm/x/start_time", "1000.25"), 0);
    CU_ASSERT_EQUAL_FATAL(lc_fake_store_set(t.fx.xs, "/local/domain/1/vm", "/vm/x"), 0);
    t.now = 1000.25 + 86400 + 3600 + 62;
    t.uptime = 2 * 86400 + 5;
    CU_ASSERT_EQUAL(xlt_run(&t, "uptime", NULL), 0);
    CU_ASSERT_STRING_EQUAL(t.out,
        "Name                                ID Uptime\n"
        "Domain-0                             0 2 days,  0:00:05\n"
        "d1                                   1 1 day,  1:01:02\n");
    CU_ASSERT_EQUAL(xlt_run(&t, "uptime", "-s", "d1", NULL), 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(t.out, " up 1 day,  1:01, d1 (1)\n"));
    /* A domain without a start time is an error, the others still print. */
    CU_ASSERT_EQUAL(xlt_create(&t, "d2", NULL), 2);
    CU_ASSERT_EQUAL_FATAL(lc_fake_store_set(t.fx.xs, "/local/domain/2/vm", "/vm/none"), 0);
    CU_ASSERT_EQUAL(xlt_run(&t, "uptime", "d2", "d1", NULL), 1);
    CU_ASSERT_STRING_EQUAL(t.err, "xl: d2's start time: No such file or directory\n");
    CU_ASSERT_PTR_NOT_NULL(strstr(t.out, "\nd1 "));
    xlt_fini(&t);
}

/* libctl writes the start time itself when it builds the domain. */
static void uptime_of_a_new_domain(void)
{
    start();
    CU_ASSERT_EQUAL(xlt_create(&t, "d1", NULL), 1);
    t.now = 1e12;
    CU_ASSERT_EQUAL(xlt_run(&t, "uptime", "d1", NULL), 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(t.out, "\nd1                                   1 "));
    CU_ASSERT_STRING_EQUAL(t.err, "");
    xlt_fini(&t);
}

static void vcpu_list(void)
{
    start();
    CU_ASSERT_EQUAL(xlt_create(&t, "d1", "vcpus = 2\ncpus = \"1\"\n"), 1);
    CU_ASSERT_EQUAL(xlt_run(&t, "vcpu-list", NULL), 0);
    CU_ASSERT_STRING_EQUAL(t.out,
        "Name                                ID  VCPU   CPU State   Time(s) "
        "Affinity (Hard / Soft)\n"
        "Domain-0                             0     0    -   --p       0.0  all / all\n"
        "d1                                   1     0    0   -b-       0.0  1 / all\n"
        "d1                                   1     1    -   --p       0.0  1 / all\n");
    CU_ASSERT_EQUAL(xlt_run(&t, "vcpu-list", "nope", NULL), 1);
    CU_ASSERT_STRING_EQUAL(t.err, "xl: nope is an invalid domain identifier\n");
    lc_fake_fail(t.fx.hv, __HYPERVISOR_domctl, KEEL_DOMCTL_getvcpuinfo, 1, EIO);
    CU_ASSERT_EQUAL(xlt_run(&t, "vcpu-list", "d1", NULL), 1);
    CU_ASSERT_STRING_EQUAL(t.err, "xl: reading vCPU 0 of d1: Input/output error\n");
    xlt_fini(&t);
}

static void info(void)
{
    start();
    CU_ASSERT_EQUAL(xlt_run(&t, "info", NULL), 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(t.out, "host                   : "));
    CU_ASSERT_PTR_NOT_NULL(strstr(t.out, "\nnr_cpus                : 2\n"));
    CU_ASSERT_PTR_NOT_NULL(strstr(t.out, "\ncpu_mhz                : 62.500\n"));
    CU_ASSERT_PTR_NOT_NULL(strstr(t.out, "\ntotal_memory           : 2048\n"));
    CU_ASSERT_PTR_NOT_NULL(strstr(t.out, "\nfree_memory            : 1024\n"));
    CU_ASSERT_PTR_NOT_NULL(strstr(t.out, "\nxen_version            : 4.17\n"));
    CU_ASSERT_PTR_NOT_NULL(strstr(t.out, "\nxen_caps               : xen-3.0-aarch64\n"));
    lc_fake_fail(t.fx.hv, __HYPERVISOR_sysctl, KEEL_SYSCTL_physinfo, 1, EACCES);
    CU_ASSERT_EQUAL(xlt_run(&t, "info", NULL), 1);
    CU_ASSERT_STRING_EQUAL(t.err, "xl: reading the machine's information: "
                                  "Permission denied\n");
    CU_ASSERT_STRING_EQUAL(t.out, "");
    xlt_fini(&t);
}

static void dmesg(void)
{
    start();
    CU_ASSERT_EQUAL_FATAL(lc_fake_set_console(t.fx.hv, "(XEN) one\n(XEN) two\n"), 0);
    CU_ASSERT_EQUAL(xlt_run(&t, "dmesg", NULL), 0);
    CU_ASSERT_STRING_EQUAL(t.out, "(XEN) one\n(XEN) two\n");
    CU_ASSERT_EQUAL(xlt_run(&t, "dmesg", "-c", NULL), 0);
    CU_ASSERT_STRING_EQUAL(t.out, "(XEN) one\n(XEN) two\n");
    /* Cleared: only what comes later. */
    CU_ASSERT_EQUAL(xlt_run(&t, "dmesg", NULL), 0);
    CU_ASSERT_STRING_EQUAL(t.out, "");
    CU_ASSERT_EQUAL_FATAL(lc_fake_set_console(t.fx.hv, "(XEN) one\n(XEN) two\n(XEN) 3\n"),
                          0);
    CU_ASSERT_EQUAL(xlt_run(&t, "dmesg", NULL), 0);
    CU_ASSERT_STRING_EQUAL(t.out, "(XEN) 3\n");
    lc_fake_fail(t.fx.hv, __HYPERVISOR_sysctl, KEEL_SYSCTL_readconsole, 1, EIO);
    CU_ASSERT_EQUAL(xlt_run(&t, "dmesg", NULL), 1);
    CU_ASSERT_STRING_EQUAL(t.err, "xl: reading the hypervisor's log: Input/output error\n");
    /* Nowhere to keep the mark. */
    t.env.run_dir = "/proc/keel-xl-test";
    CU_ASSERT_EQUAL(xlt_run(&t, "dmesg", "-c", NULL), 1);
    CU_ASSERT_PTR_NOT_NULL(strstr(t.err, "xl: clearing the log (/proc/keel-xl-test/"));
    xlt_fini(&t);
}

UNIT_SUITE(xl_ops,
           UNIT_TEST(destroy_by_name_and_id), UNIT_TEST(destroy_failure_is_reported),
           UNIT_TEST(pause_and_unpause), UNIT_TEST(shutdown_and_reboot),
           UNIT_TEST(shutdown_failure), UNIT_TEST(shutdown_waits),
           UNIT_TEST(shutdown_waits_across_polls), UNIT_TEST(mem_set),
           UNIT_TEST(names_and_ids), UNIT_TEST(uptime), UNIT_TEST(uptime_of_a_new_domain),
           UNIT_TEST(vcpu_list), UNIT_TEST(info), UNIT_TEST(dmesg))
