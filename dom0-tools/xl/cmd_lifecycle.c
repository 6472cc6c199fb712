/* xl destroy, pause and unpause. */
#include <errno.h>
#include <string.h>
#include "xl.h"

int xl_cmd_destroy(struct xl_env *env, const struct xl_args *a)
{
    struct lc_dominfo d;
    int rc;

    if (xl_find_domain(env, a->argv[0], &d))
        return XL_FAIL;
    if (d.domid == 0)
        return xl_fail(env, "cannot destroy privileged domain 0");
    rc = lc_domain_destroy(env->ctx, d.domid);
    /* A domain that lingers has lost its entries all the same. */
    if (!rc || rc == -ETIMEDOUT)
        xl_config_forget(env, d.uuid);
    return rc ? xl_fail_ctx(env, rc, "destroying the domain") : XL_OK;
}

static int pause_or_unpause(struct xl_env *env, const struct xl_args *a, bool pause)
{
    struct lc_dominfo d;
    int rc;

    if (xl_find_domain(env, a->argv[0], &d))
        return XL_FAIL;
    rc = pause ? lc_domain_pause(env->ctx, d.domid) : lc_domain_unpause(env->ctx, d.domid);
    return rc ? xl_fail_ctx(env, rc, pause ? "pausing" : "unpausing") : XL_OK;
}

int xl_cmd_pause(struct xl_env *env, const struct xl_args *a)
{
    return pause_or_unpause(env, a, true);
}

int xl_cmd_unpause(struct xl_env *env, const struct xl_args *a)
{
    return pause_or_unpause(env, a, false);
}
