/* xl shutdown and reboot: the request through control/shutdown, and with
 * -w the wait until each domain has shut down or gone. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "xl.h"

struct target {
    struct lc_dominfo d;
    char *start;        /* start_time when asked; NULL if it has none */
    bool done;
};

static void sleep_ms(struct xl_env *env, unsigned ms)
{
    struct timespec t = { ms / 1000, (long)(ms % 1000) * 1000000L };

    if (env->sleep_ms)
        env->sleep_ms(env, ms);
    else
        nanosleep(&t, NULL);
}

/* A restart rebuilds the domain, often under the same id here (the
 * hypervisor hands out the lowest free one) and with the same UUID; its
 * new start time tells it from the old one. */
static bool restarted(struct xl_env *env, const struct target *tg)
{
    char *now = NULL;
    bool changed;

    if (!tg->start || xl_read_start_time(env, tg->d.domid, &now))
        return false;
    changed = strcmp(now, tg->start) != 0;
    free(now);
    return changed;
}

/* 1 once the domain has shut down or is gone, 0 while it runs, or a
 * negative errno. */
static int has_ended(struct xl_env *env, const struct target *tg)
{
    struct keel_domaininfo info;
    uint16_t id = tg->d.domid;
    int rc = lc_domctl_getdomaininfo(lc_ctx_hc(env->ctx), id, &info);

    if (rc == -ESRCH || (!rc && restarted(env, tg))) {
        fprintf(env->err, "Domain %u has been destroyed.\n", id);
        return 1;
    }
    if (rc)
        return rc;
    if (info.flags & (KEEL_DOMINF_shutdown | KEEL_DOMINF_dying)) {
        fprintf(env->err, "Domain %u has been shut down, reason code %u\n", id,
                info.shutdown_reason);
        return 1;
    }
    return 0;
}

/* One look at every domain not done yet; how many are left, or an
 * exit status. */
static int look(struct xl_env *env, struct target *tg, unsigned n, unsigned *left)
{
    for (unsigned i = 0; i < n; i++) {
        int e = tg[i].done ? 0 : has_ended(env, &tg[i]);

        if (e < 0)
            return xl_fail(env, "watching %s: %s", tg[i].d.name, strerror(-e));
        if (e == 1) {
            tg[i].done = true;
            --*left;
        }
    }
    return XL_OK;
}

/* As xl, for ever unless the environment sets a limit. */
static int wait_ended(struct xl_env *env, struct target *tg, unsigned n)
{
    unsigned left = n, waited = 0;
    int rc = XL_OK;

    fprintf(env->err, "Waiting for %u domains\n", n);
    while (!(rc = look(env, tg, n, &left)) && left) {
        if (env->wait_limit_ms && waited >= env->wait_limit_ms)
            return xl_fail(env, "%u domain%s still running after %u ms", left,
                           left > 1 ? "s" : "", waited);
        sleep_ms(env, env->poll_ms);
        waited += env->poll_ms;
    }
    if (!rc)
        fprintf(env->err, "All domains have been shut down\n");
    return rc;
}

/* Every domain but dom0 (-a), or the one named. */
static int targets(struct xl_env *env, const struct xl_args *a,
                   struct lc_dominfo **doms, unsigned *n)
{
    unsigned kept = 0;

    if (xl_opt(a, 'a') == (a->argc == 1))
        return xl_usage_fail(env, a->cmd, "Give a domain or -a, not both.");
    if (xl_select_domains(env, a->argc, a->argv, doms, n))
        return XL_FAIL;
    if (a->argc)
        return XL_OK;
    for (unsigned i = 0; i < *n; i++)
        if ((*doms)[i].domid != 0)
            (*doms)[kept++] = (*doms)[i];
    *n = kept;
    return XL_OK;
}

/* Asks each domain; those that were asked become wait targets. */
static int ask(struct xl_env *env, const struct lc_dominfo *doms, unsigned n,
               enum lc_shutdown_reason reason, struct target *tg, unsigned *asked)
{
    int rc = XL_OK;

    *asked = 0;
    for (unsigned i = 0; i < n; i++) {
        struct target *t = &tg[*asked];

        *t = (struct target){ .d = doms[i] };
        if (xl_read_start_time(env, doms[i].domid, &t->start))
            t->start = NULL;
        if (lc_domain_shutdown(env->ctx, doms[i].domid, reason)) {
            rc = xl_fail_ctx(env, -EIO, "asking the domain to stop");
            free(t->start);
            continue;
        }
        ++*asked;
    }
    return rc;
}

static int shutdown_domains(struct xl_env *env, const struct xl_args *a,
                            enum lc_shutdown_reason reason)
{
    struct lc_dominfo *doms;
    struct target *tg;
    unsigned n, asked = 0;
    int rc = targets(env, a, &doms, &n);

    if (rc)
        return rc;
    tg = calloc(n ? n : 1, sizeof(*tg));
    rc = tg ? ask(env, doms, n, reason, tg, &asked) : xl_fail(env, "out of memory");
    if (tg && xl_opt(a, 'w') && asked) {
        int w = wait_ended(env, tg, asked);

        rc = rc ? rc : w;
    }
    for (unsigned i = 0; tg && i < asked; i++)
        free(tg[i].start);
    free(tg);
    free(doms);
    return rc;
}

int xl_cmd_shutdown(struct xl_env *env, const struct xl_args *a)
{
    return shutdown_domains(env, a, LC_SHUTDOWN_POWEROFF);
}

int xl_cmd_reboot(struct xl_env *env, const struct xl_args *a)
{
    return shutdown_domains(env, a, LC_SHUTDOWN_REBOOT);
}
