/* The per-domain monitor, as xl keeps one: when its domain shuts down it
 * carries out on_poweroff, on_reboot or on_crash, and it ends when the
 * domain is gone. The decision is a pure function of the reason and the
 * config; the step acts on it through libctl. */
#include <errno.h>
#include <string.h>
#include <public/sched.h>
#include "xl.h"

static const char *const reason_names[] = {
    [SHUTDOWN_poweroff] = "poweroff", [SHUTDOWN_reboot] = "reboot",
    [SHUTDOWN_suspend] = "suspend",   [SHUTDOWN_crash] = "crash",
    [SHUTDOWN_watchdog] = "watchdog", [SHUTDOWN_soft_reset] = "soft_reset",
};

const char *xl_shutdown_reason_name(uint32_t reason)
{
    if (reason >= sizeof(reason_names) / sizeof(reason_names[0]))
        return "unknown";
    return reason_names[reason];
}

static enum xl_mon_do from_action(enum lc_action action)
{
    switch (action) {
    case LC_ACTION_RESTART:
        return XL_MON_RESTART;
    case LC_ACTION_RENAME_RESTART:
        return XL_MON_RENAME_RESTART;
    case LC_ACTION_PRESERVE:
        return XL_MON_PRESERVE;
    case LC_ACTION_DESTROY:
    default:
        return XL_MON_DESTROY;
    }
}

enum xl_mon_do xl_monitor_decide(uint32_t reason, const struct lc_domain_config *cfg)
{
    switch (reason) {
    case SHUTDOWN_poweroff:
        return from_action(cfg->on_poweroff);
    case SHUTDOWN_reboot:
    case SHUTDOWN_soft_reset:
        return from_action(cfg->on_reboot);
    case SHUTDOWN_crash:
    case SHUTDOWN_watchdog:
        return from_action(cfg->on_crash);
    case SHUTDOWN_suspend:
        return XL_MON_WAIT;
    default:
        return XL_MON_DESTROY;
    }
}

static int destroy(struct xl_env *env, struct xl_monitor *m)
{
    int rc = lc_domain_destroy(env->ctx, m->domid);

    xl_config_forget(env, m->uuid);
    if (rc && rc != -ESRCH) {
        xl_msg(env, "%s", lc_ctx_error(env->ctx));
        return rc;
    }
    xl_msg(env, "%s (%u) destroyed", m->cfg->name, m->domid);
    return 0;
}

/* The stored config is what the domain restarts with, as xl reloads it:
 * block-attach, network-attach and the detaches keep it in step with
 * the domain's devices. Without one, the config the monitor holds. */
static void reload(struct xl_env *env, struct xl_monitor *m)
{
    struct lc_domain_config stored;

    if (xl_config_load(env, m->uuid, &stored))
        return;
    lc_config_free(m->cfg);
    *m->cfg = stored;
}

/* The old domain goes first: the new one takes its name and UUID. */
static int restart(struct xl_env *env, struct xl_monitor *m)
{
    uint16_t old = m->domid, domid;
    int rc;

    reload(env, m);
    rc = lc_domain_destroy(env->ctx, old);

    if (rc && rc != -ESRCH) {
        xl_msg(env, "%s", lc_ctx_error(env->ctx));
        xl_config_forget(env, m->uuid);
        return rc;
    }
    if (xl_domain_start(env, m->cfg, false, m->source, &domid)) {
        xl_config_forget(env, m->uuid);
        xl_msg(env, "%s not restarted", m->cfg->name);
        return -EIO;
    }
    m->domid = domid;
    m->restarts++;
    xl_msg(env, "%s restarted: domain %u is now %u", m->cfg->name, old, domid);
    return 1;
}

static int act(struct xl_env *env, struct xl_monitor *m, uint32_t reason)
{
    enum xl_mon_do what = xl_monitor_decide(reason, m->cfg);

    if (what != XL_MON_WAIT)
        xl_msg(env, "%s (%u) shut down: %s", m->cfg->name, m->domid,
               xl_shutdown_reason_name(reason));
    switch (what) {
    case XL_MON_WAIT:
        if (!m->suspend_seen)
            xl_msg(env, "%s (%u) suspended: still watching", m->cfg->name, m->domid);
        m->suspend_seen = true;
        return 1;
    case XL_MON_PRESERVE:
        xl_msg(env, "%s (%u) preserved: xl destroy removes it", m->cfg->name,
               m->domid);
        return 0;
    case XL_MON_RENAME_RESTART:
        xl_msg(env, "rename-restart is done as restart (the old domain is not kept)");
        return restart(env, m);
    case XL_MON_RESTART:
        return restart(env, m);
    case XL_MON_DESTROY:
    default:
        return destroy(env, m);
    }
}

int xl_monitor_step(struct xl_env *env, struct xl_monitor *m)
{
    struct keel_domaininfo info;
    int rc = lc_domctl_getdomaininfo(lc_ctx_hc(env->ctx), m->domid, &info);

    /* Gone, or the id already reused: someone else destroyed it. */
    if (rc == -ESRCH || (!rc && memcmp(info.handle, m->uuid, sizeof(m->uuid)))) {
        xl_msg(env, "%s (%u) is gone", m->cfg->name, m->domid);
        return 0;
    }
    if (rc) {
        xl_msg(env, "watching %s (%u): %s", m->cfg->name, m->domid, strerror(-rc));
        return rc;
    }
    if (info.flags & KEEL_DOMINF_dying)
        return 1;
    if (!(info.flags & KEEL_DOMINF_shutdown)) {
        m->suspend_seen = false;
        return 1;
    }
    return act(env, m, info.shutdown_reason);
}

#define MONITOR_POLL_MS 2000    /* in case an @releaseDomain is missed */

int xl_monitor_run(struct xl_env *env, struct xl_monitor *m, xl_wait_fn *wait,
                   void *arg)
{
    int rc;

    while ((rc = xl_monitor_step(env, m)) > 0) {
        int w = wait(arg, MONITOR_POLL_MS);

        if (w < 0 && w != -ETIMEDOUT && w != -ENOBUFS && w != -EBADMSG) {
            xl_msg(env, "watching %s: %s", m->cfg->name, strerror(-w));
            return w;
        }
    }
    return rc;
}
