/* dom0-tools/xl monitor: the decision (every reason against every
 * action), and the step and loop against the fakes: destroy, restart
 * under the same name and UUID, preserve, suspend, and the domain going
 * away under it. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <public/sched.h>
#include <public/xen.h>
#include "unit.h"
#include "test_xl.h"

static struct xlt t;

/* What each reason consults, written out independently of the code:
 * 0 on_poweroff, 1 on_reboot, 2 on_crash, -1 none (suspend: wait),
 * -2 none (unknown: destroy). */
static int field_for(uint32_t reason)
{
    switch (reason) {
    case SHUTDOWN_poweroff: return 0;
    case SHUTDOWN_reboot: return 1;
    case SHUTDOWN_suspend: return -1;
    case SHUTDOWN_crash: return 2;
    case SHUTDOWN_watchdog: return 2;
    case SHUTDOWN_soft_reset: return 1;
    default: return -2;
    }
}

static enum xl_mon_do expected(enum lc_action a)
{
    static const enum xl_mon_do map[] = {
        [LC_ACTION_DESTROY] = XL_MON_DESTROY, [LC_ACTION_RESTART] = XL_MON_RESTART,
        [LC_ACTION_RENAME_RESTART] = XL_MON_RENAME_RESTART,
        [LC_ACTION_PRESERVE] = XL_MON_PRESERVE,
    };

    return map[a];
}

static void decide_every_case(void)
{
    static const uint32_t reasons[] = { 0, 1, 2, 3, 4, 5, 6, 99, UINT32_MAX };
    unsigned checked = 0;

    for (size_t r = 0; r < sizeof(reasons) / sizeof(reasons[0]); r++)
        for (unsigned p = 0; p < 4; p++)
            for (unsigned b = 0; b < 4; b++)
                for (unsigned c = 0; c < 4; c++) {
                    struct lc_domain_config cfg;
                    enum lc_action acts[3] = { p, b, c };
                    int f = field_for(reasons[r]);
                    enum xl_mon_do want = f == -1 ? XL_MON_WAIT
                                        : f == -2 ? XL_MON_DESTROY : expected(acts[f]);

                    lc_config_init(&cfg);
                    cfg.on_poweroff = acts[0];
                    cfg.on_reboot = acts[1];
                    cfg.on_crash = acts[2];
                    CU_ASSERT_EQUAL(xl_monitor_decide(reasons[r], &cfg), want);
                    checked++;
                }
    CU_ASSERT_EQUAL(checked, 9 * 64);
}

static void reason_names(void)
{
    CU_ASSERT_STRING_EQUAL(xl_shutdown_reason_name(SHUTDOWN_poweroff), "poweroff");
    CU_ASSERT_STRING_EQUAL(xl_shutdown_reason_name(SHUTDOWN_reboot), "reboot");
    CU_ASSERT_STRING_EQUAL(xl_shutdown_reason_name(SHUTDOWN_suspend), "suspend");
    CU_ASSERT_STRING_EQUAL(xl_shutdown_reason_name(SHUTDOWN_crash), "crash");
    CU_ASSERT_STRING_EQUAL(xl_shutdown_reason_name(SHUTDOWN_watchdog), "watchdog");
    CU_ASSERT_STRING_EQUAL(xl_shutdown_reason_name(SHUTDOWN_soft_reset), "soft_reset");
    CU_ASSERT_STRING_EQUAL(xl_shutdown_reason_name(6), "unknown");
}

/* A monitor as xl create starts it, over a domain built with extra lines;
 * its output goes to t.err's stream. */
struct mon {
    struct lc_domain_config cfg;
    struct xl_monitor m;
    char path[256];             /* the monitor's source */
    char *log;
    size_t log_len;
};

static void mon_start(struct mon *mo, const char *extra)
{
    int id;

    CU_ASSERT_FATAL(xlt_init(&t) == 0);
    id = xlt_create(&t, "d1", extra);
    CU_ASSERT_EQUAL_FATAL(id, 1);
    CU_ASSERT_EQUAL_FATAL(xlt_cfg(&t, "d1", extra, mo->path, sizeof(mo->path)), 0);
    CU_ASSERT_EQUAL_FATAL(xl_config_read(&t.env, mo->path, NULL, 0, &mo->cfg), XL_OK);
    memcpy(mo->cfg.uuid, lc_fake_domain(t.fx.hv, 1)->handle, 16);
    mo->cfg.uuid_set = true;
    mo->m = (struct xl_monitor){ .cfg = &mo->cfg, .source = mo->path, .domid = 1 };
    memcpy(mo->m.uuid, mo->cfg.uuid, 16);
    mo->log = NULL;
    t.env.err = open_memstream(&mo->log, &mo->log_len);
    t.env.out = t.env.err;
    CU_ASSERT_PTR_NOT_NULL_FATAL(t.env.err);
}

static void mon_flush(struct mon *mo)
{
    (void)mo;
    fflush(t.env.err);
}

static void mon_end(struct mon *mo)
{
    fclose(t.env.err);
    t.env.err = t.env.out = NULL;
    free(mo->log);
    lc_config_free(&mo->cfg);
    xlt_fini(&t);
}

static int shut(uint16_t domid, uint32_t reason)
{
    return lc_domctl_shutdown(lc_ctx_hc(t.fx.ctx), domid, reason);
}

static void running_domain_is_watched(void)
{
    struct mon mo;

    mon_start(&mo, NULL);
    CU_ASSERT_EQUAL(xl_monitor_step(&t.env, &mo.m), 1);
    CU_ASSERT_EQUAL(xl_monitor_step(&t.env, &mo.m), 1);
    CU_ASSERT_EQUAL(lc_fake_nr_guests(t.fx.hv), 1);
    mon_flush(&mo);
    CU_ASSERT_STRING_EQUAL(mo.log, "");
    mon_end(&mo);
}

static void poweroff_destroys(void)
{
    struct mon mo;

    mon_start(&mo, NULL);
    CU_ASSERT_EQUAL(shut(1, SHUTDOWN_poweroff), 0);
    CU_ASSERT_EQUAL(xl_monitor_step(&t.env, &mo.m), 0);
    CU_ASSERT_EQUAL(lc_fake_nr_guests(t.fx.hv), 0);
    CU_ASSERT_FALSE(xlt_stored(&t, 1));
    CU_ASSERT_PTR_NULL(lc_fake_store_value(t.fx.xs, "/local/domain/1/name"));
    mon_flush(&mo);
    CU_ASSERT_STRING_EQUAL(mo.log, "xl: d1 (1) shut down: poweroff\n"
                                   "xl: d1 (1) destroyed\n");
    mon_end(&mo);
}

static void reboot_restarts(void)
{
    struct lc_domain_config stored;
    const struct lc_fake_domain *fd;
    struct mon mo;

    mon_start(&mo, NULL);
    /* Another domain takes id 2, so the restarted one cannot reuse 1's. */
    CU_ASSERT_EQUAL(xlt_create(&t, "other", NULL), 2);
    CU_ASSERT_EQUAL(shut(1, SHUTDOWN_reboot), 0);
    CU_ASSERT_EQUAL(lc_domctl_pausedomain(lc_ctx_hc(t.fx.ctx), 2), 0);
    CU_ASSERT_EQUAL(xl_monitor_step(&t.env, &mo.m), 1);
    fd = lc_fake_domain(t.fx.hv, mo.m.domid);
    CU_ASSERT_PTR_NOT_NULL_FATAL(fd);
    CU_ASSERT_EQUAL(lc_fake_nr_guests(t.fx.hv), 2);
    CU_ASSERT_FALSE(fd->shut_down);
    CU_ASSERT_EQUAL(fd->pause_count, 0);
    CU_ASSERT_EQUAL(memcmp(fd->handle, mo.m.uuid, 16), 0);
    CU_ASSERT_EQUAL(mo.m.restarts, 1);
    {
        char path[64];

        snprintf(path, sizeof(path), "/local/domain/%u/name", mo.m.domid);
        CU_ASSERT_STRING_EQUAL(lc_fake_store_value(t.fx.xs, path), "d1");
    }
    /* The stored config follows the new id. */
    CU_ASSERT_EQUAL_FATAL(xl_config_load(&t.env, mo.m.uuid, &stored), 0);
    CU_ASSERT_TRUE(lc_config_equal(&stored, &mo.cfg));
    lc_config_free(&stored);
    CU_ASSERT_EQUAL(xlt_run(&t, "list", "-l", "d1", NULL), 0);
    {
        char want[32];

        snprintf(want, sizeof(want), "\"domid\": %u,", fd->id);
        CU_ASSERT_PTR_NOT_NULL(strstr(t.out, want));
    }
    mon_end(&mo);
}

static const char *backend_value(const char *type, uint16_t domid, const char *rest)
{
    char path[128];

    snprintf(path, sizeof(path), "/local/domain/0/backend/%s/%u/%s", type, domid, rest);
    return lc_fake_store_value(t.fx.xs, path);
}

/* The restart builds the devices the domain has now: those of its config
 * and those attached since, less those detached, as the stored config
 * has them. */
static void restart_brings_devices_back(void)
{
    struct mon mo;
    uint16_t id;

    mon_start(&mo, "disk = [ '/tmp/a.img,raw,xvda' ]\nvif = [ 'bridge=xenbr0' ]\n");
    CU_ASSERT_EQUAL(xlt_run(&t, "block-attach", "d1", "/tmp/b.img,raw,xvdb", NULL), 0);
    CU_ASSERT_EQUAL(xlt_run(&t, "network-detach", "d1", "0", NULL), 0);
    CU_ASSERT_EQUAL(xlt_run(&t, "network-attach", "d1", "bridge=br1",
                            "mac=00:16:3e:00:00:42", NULL), 0);
    CU_ASSERT_EQUAL(shut(1, SHUTDOWN_reboot), 0);
    CU_ASSERT_EQUAL(xl_monitor_step(&t.env, &mo.m), 1);
    CU_ASSERT_EQUAL(mo.m.restarts, 1);
    id = mo.m.domid;
    CU_ASSERT_STRING_EQUAL(backend_value("vbd", id, "51712/params"), "/tmp/a.img");
    CU_ASSERT_STRING_EQUAL(backend_value("vbd", id, "51728/params"), "/tmp/b.img");
    CU_ASSERT_STRING_EQUAL(backend_value("vif", id, "0/mac"), "00:16:3e:00:00:42");
    CU_ASSERT_STRING_EQUAL(backend_value("vif", id, "0/bridge"), "br1");
    CU_ASSERT_PTR_NULL(backend_value("vif", id, "1"));
    CU_ASSERT_EQUAL(mo.cfg.ndisks, 2);
    CU_ASSERT_EQUAL(mo.cfg.nvifs, 1);
    /* The old domain's three devices went with it, by their scripts. */
    CU_ASSERT_EQUAL(t.hotplug.nadds, 7);
    CU_ASSERT_EQUAL(t.hotplug.nremoves, 4);
    mon_end(&mo);
}

static void restart_keeps_watching(void)
{
    struct mon mo;
    uint16_t first;

    mon_start(&mo, "on_crash = \"restart\"\n");
    CU_ASSERT_EQUAL(shut(1, SHUTDOWN_crash), 0);
    CU_ASSERT_EQUAL(xl_monitor_step(&t.env, &mo.m), 1);
    first = mo.m.domid;
    CU_ASSERT_EQUAL(xl_monitor_step(&t.env, &mo.m), 1);
    CU_ASSERT_EQUAL(shut(first, SHUTDOWN_watchdog), 0);
    CU_ASSERT_EQUAL(xl_monitor_step(&t.env, &mo.m), 1);
    CU_ASSERT_EQUAL(mo.m.restarts, 2);
    CU_ASSERT_EQUAL(lc_fake_nr_guests(t.fx.hv), 1);
    mon_flush(&mo);
    CU_ASSERT_PTR_NOT_NULL(strstr(mo.log, "xl: d1 (1) shut down: crash\n"));
    CU_ASSERT_PTR_NOT_NULL(strstr(mo.log, "shut down: watchdog\n"));
    CU_ASSERT_PTR_NOT_NULL(strstr(mo.log, "xl: d1 restarted: domain 1 is now "));
    mon_end(&mo);
}

static void rename_restart_is_a_restart(void)
{
    struct mon mo;

    mon_start(&mo, "on_reboot = \"rename-restart\"\n");
    CU_ASSERT_EQUAL(shut(1, SHUTDOWN_reboot), 0);
    CU_ASSERT_EQUAL(xl_monitor_step(&t.env, &mo.m), 1);
    CU_ASSERT_EQUAL(mo.m.restarts, 1);
    CU_ASSERT_EQUAL(lc_fake_nr_guests(t.fx.hv), 1);
    mon_flush(&mo);
    CU_ASSERT_PTR_NOT_NULL(strstr(mo.log, "xl: rename-restart is done as restart"));
    mon_end(&mo);
}

static void preserve_leaves_it(void)
{
    struct mon mo;

    mon_start(&mo, "on_crash = \"preserve\"\n");
    CU_ASSERT_EQUAL(shut(1, SHUTDOWN_crash), 0);
    CU_ASSERT_EQUAL(xl_monitor_step(&t.env, &mo.m), 0);
    CU_ASSERT_PTR_NOT_NULL(lc_fake_domain(t.fx.hv, 1));
    CU_ASSERT_TRUE(xlt_stored(&t, 1));
    mon_flush(&mo);
    CU_ASSERT_PTR_NOT_NULL(strstr(mo.log, "xl: d1 (1) preserved: xl destroy removes it\n"));
    mon_end(&mo);
}

static void suspend_is_watched(void)
{
    struct mon mo;

    mon_start(&mo, NULL);
    CU_ASSERT_EQUAL(shut(1, SHUTDOWN_suspend), 0);
    CU_ASSERT_EQUAL(xl_monitor_step(&t.env, &mo.m), 1);
    CU_ASSERT_EQUAL(xl_monitor_step(&t.env, &mo.m), 1);
    CU_ASSERT_PTR_NOT_NULL(lc_fake_domain(t.fx.hv, 1));
    mon_flush(&mo);
    CU_ASSERT_STRING_EQUAL(mo.log, "xl: d1 (1) suspended: still watching\n");
    mon_end(&mo);
}

/* xl destroy, or the id taken by another domain: the monitor's work is
 * done, and it does not touch what is there now. */
static void domain_gone_or_replaced(void)
{
    struct mon mo;

    mon_start(&mo, NULL);
    CU_ASSERT_EQUAL(lc_domain_destroy(t.fx.ctx, 1), 0);
    CU_ASSERT_EQUAL(xl_monitor_step(&t.env, &mo.m), 0);
    mon_flush(&mo);
    CU_ASSERT_STRING_EQUAL(mo.log, "xl: d1 (1) is gone\n");
    CU_ASSERT_EQUAL(xlt_create(&t, "d2", NULL), 1);
    CU_ASSERT_EQUAL(shut(1, SHUTDOWN_poweroff), 0);
    CU_ASSERT_EQUAL(xl_monitor_step(&t.env, &mo.m), 0);
    CU_ASSERT_PTR_NOT_NULL(lc_fake_domain(t.fx.hv, 1));
    mon_end(&mo);
}

static void dying_domain_is_waited_for(void)
{
    struct mon mo;

    mon_start(&mo, NULL);
    lc_fake_set_dying_polls(t.fx.hv, UINT32_MAX);
    CU_ASSERT_EQUAL(lc_domctl_destroydomain(lc_ctx_hc(t.fx.ctx), 1), 0);
    CU_ASSERT_EQUAL(xl_monitor_step(&t.env, &mo.m), 1);
    lc_fake_fail(t.fx.hv, __HYPERVISOR_domctl, KEEL_DOMCTL_getdomaininfo, 1, EIO);
    CU_ASSERT_EQUAL(xl_monitor_step(&t.env, &mo.m), -EIO);
    mon_flush(&mo);
    CU_ASSERT_STRING_EQUAL(mo.log, "xl: watching d1 (1): Input/output error\n");
    mon_end(&mo);
}

/* The restart cannot build the domain again: nothing is left. */
static void failed_restart(void)
{
    struct mon mo;

    mon_start(&mo, NULL);
    CU_ASSERT_EQUAL(shut(1, SHUTDOWN_reboot), 0);
    lc_fake_fail(t.fx.hv, __HYPERVISOR_memory_op, LC_FAKE_ANY, 1, ENOMEM);
    CU_ASSERT_EQUAL(xl_monitor_step(&t.env, &mo.m), -EIO);
    CU_ASSERT_EQUAL(lc_fake_nr_guests(t.fx.hv), 0);
    CU_ASSERT_FALSE(xlt_stored(&t, 1));
    {
        char path[512];

        CU_ASSERT_EQUAL(xl_config_path(&t.env, mo.m.uuid, ".json", path, sizeof(path)), 0);
        CU_ASSERT_PTR_NULL(xlt_slurp(path));
    }
    mon_flush(&mo);
    CU_ASSERT_PTR_NOT_NULL(strstr(mo.log, "xl: populating memory: Cannot allocate memory\n"));
    CU_ASSERT_PTR_NOT_NULL(strstr(mo.log, "xl: d1 not restarted\n"));
    mon_end(&mo);
}

/* The loop: a wait that, on its third call, destroys the domain as xl
 * destroy would; or one that fails, after shutting the domain down if
 * asked. */
struct waiter {
    unsigned calls;
    int fail;
    bool shut;
};

static int fake_wait(void *arg, int timeout_ms)
{
    struct waiter *w = arg;

    CU_ASSERT(timeout_ms > 0);
    if (w->shut && !w->calls++)
        CU_ASSERT_EQUAL(shut(1, SHUTDOWN_poweroff), 0);
    if (w->fail)
        return w->fail;
    if (++w->calls == 3)
        CU_ASSERT_EQUAL(lc_domain_destroy(t.fx.ctx, 1), 0);
    return w->calls == 2 ? 0 : -ETIMEDOUT;
}

static void loop_ends_with_the_domain(void)
{
    struct waiter w = { 0 };
    struct mon mo;

    mon_start(&mo, NULL);
    CU_ASSERT_EQUAL(xl_monitor_run(&t.env, &mo.m, fake_wait, &w), 0);
    CU_ASSERT_EQUAL(w.calls, 3);
    mon_end(&mo);
}

static void loop_stops_on_a_broken_wait(void)
{
    struct waiter w = { .fail = -EIO };
    struct mon mo;

    mon_start(&mo, NULL);
    CU_ASSERT_EQUAL(xl_monitor_run(&t.env, &mo.m, fake_wait, &w), -EIO);
    mon_flush(&mo);
    CU_ASSERT_STRING_EQUAL(mo.log, "xl: watching d1: Input/output error\n");
    CU_ASSERT_PTR_NOT_NULL(lc_fake_domain(t.fx.hv, 1));
    /* Dropped or malformed events only mean looking again. */
    for (int e = 0; e < 2; e++) {
        w = (struct waiter){ .fail = e ? -EBADMSG : -ENOBUFS, .shut = true };
        CU_ASSERT_EQUAL(xl_monitor_run(&t.env, &mo.m, fake_wait, &w), 0);
        CU_ASSERT_EQUAL(w.calls, 1);
        CU_ASSERT_EQUAL(lc_fake_nr_guests(t.fx.hv), 0);
        if (!e) {
            CU_ASSERT_EQUAL(xlt_create(&t, "d1", NULL), 1);
            memcpy(mo.m.uuid, lc_fake_domain(t.fx.hv, 1)->handle, 16);
        }
    }
    mon_end(&mo);
}

/* The real spawn, in the foreground: no xenstored here, so it says so
 * and polls; the domain has already powered off, so it acts at once. */
static void spawn_in_foreground(void)
{
    struct mon mo;

    mon_start(&mo, NULL);
    CU_ASSERT_EQUAL_FATAL(setenv("XENSTORED_PATH", "/nonexistent/keel-xs", 1), 0);
    CU_ASSERT_EQUAL(shut(1, SHUTDOWN_poweroff), 0);
    CU_ASSERT_EQUAL(xl_monitor_spawn(&t.env, &mo.m, false), 0);
    unsetenv("XENSTORED_PATH");
    CU_ASSERT_EQUAL(lc_fake_nr_guests(t.fx.hv), 0);
    mon_flush(&mo);
    CU_ASSERT_PTR_NOT_NULL(strstr(mo.log, "xl: watching @releaseDomain: "));
    CU_ASSERT_PTR_NOT_NULL(strstr(mo.log, "; polling instead\n"));
    CU_ASSERT_PTR_NOT_NULL(strstr(mo.log, "xl: d1 (1) destroyed\n"));
    mon_end(&mo);
}

/* The daemon opens a context of its own: here, fakes with no domains. */
static int empty_fakes(struct lc_ctx **ctx)
{
    struct lc_fake *hv = lc_fake_new(NULL);
    struct lc_fake_store *xs = lc_fake_store_new(NULL);

    *ctx = hv && xs ? lc_ctx_new(lc_fake_hc(hv), lc_fake_store_base(xs)) : NULL;
    return *ctx ? 0 : -ENOMEM;
}

/* The real spawn, detached: it returns at once, and the daemon's words
 * land in its log. */
static void spawn_detached(void)
{
    const struct timespec moment = { 0, 20 * 1000000L };
    char path[200], *log = NULL;
    struct mon mo;

    mon_start(&mo, NULL);
    t.env.open_ctx = empty_fakes;
    CU_ASSERT_EQUAL_FATAL(setenv("XENSTORED_PATH", "/nonexistent/keel-xs", 1), 0);
    CU_ASSERT_EQUAL(xl_monitor_spawn(&t.env, &mo.m, true), 0);
    unsetenv("XENSTORED_PATH");
    snprintf(path, sizeof(path), "%s/xl-d1.log", t.log);
    for (int i = 0; i < 250 && !(log && strstr(log, "is gone")); i++) {
        free(log);
        nanosleep(&moment, NULL);
        log = xlt_slurp(path);
    }
    CU_ASSERT_PTR_NOT_NULL_FATAL(log);
    CU_ASSERT_PTR_NOT_NULL(strstr(log, "xl: monitoring d1 (1)\n"));
    CU_ASSERT_PTR_NOT_NULL(strstr(log, "xl: d1 (1) is gone\n"));
    /* This process's context and domain are untouched. */
    CU_ASSERT_PTR_EQUAL(t.env.ctx, t.fx.ctx);
    CU_ASSERT_PTR_NOT_NULL(lc_fake_domain(t.fx.hv, 1));
    free(log);
    mon_end(&mo);
}

static void default_environment(void)
{
    struct xl_env env;

    xl_env_default(&env);
    CU_ASSERT_PTR_NULL(env.ctx);
    CU_ASSERT_PTR_EQUAL(env.out, stdout);
    CU_ASSERT_PTR_EQUAL(env.err, stderr);
    CU_ASSERT_STRING_EQUAL(env.state_dir, "/var/lib/keel");
    CU_ASSERT_STRING_EQUAL(env.log_dir, "/var/log/keel");
    CU_ASSERT_STRING_EQUAL(env.run_dir, "/run/keel");
    CU_ASSERT_PTR_EQUAL(env.spawn_monitor, xl_monitor_spawn);
    CU_ASSERT_EQUAL(env.wait_limit_ms, 0);
    CU_ASSERT(env.now(&env) > 1.6e9);
    {
        double up = -1;

        CU_ASSERT_EQUAL(env.host_uptime(&env, &up), 0);
        CU_ASSERT(up > 0);
    }
}

UNIT_SUITE(xl_monitor,
           UNIT_TEST(decide_every_case), UNIT_TEST(reason_names),
           UNIT_TEST(running_domain_is_watched), UNIT_TEST(poweroff_destroys),
           UNIT_TEST(reboot_restarts), UNIT_TEST(restart_brings_devices_back),
           UNIT_TEST(restart_keeps_watching),
           UNIT_TEST(rename_restart_is_a_restart), UNIT_TEST(preserve_leaves_it),
           UNIT_TEST(suspend_is_watched), UNIT_TEST(domain_gone_or_replaced),
           UNIT_TEST(dying_domain_is_waited_for), UNIT_TEST(failed_restart),
           UNIT_TEST(loop_ends_with_the_domain), UNIT_TEST(loop_stops_on_a_broken_wait),
           UNIT_TEST(spawn_in_foreground), UNIT_TEST(spawn_detached),
           UNIT_TEST(default_environment))
