/* Building a domain from its config and recording it, for xl create and
 * for the monitor's restarts. Either the domain runs with its config
 * stored, or nothing of it is left. */
#include <string.h>
#include "xl.h"

/* A domain built without a UUID got one from libctl: the config takes it,
 * so a restart keeps it and xl list -l shows it. */
static int adopt_uuid(struct xl_env *env, struct lc_domain_config *cfg, uint16_t domid)
{
    struct keel_domaininfo info;
    int rc;

    if (cfg->uuid_set)
        return 0;
    rc = lc_domctl_getdomaininfo(lc_ctx_hc(env->ctx), domid, &info);
    if (rc) {
        xl_msg(env, "reading domain %u's UUID: %s", domid, strerror(-rc));
        return rc;
    }
    memcpy(cfg->uuid, info.handle, sizeof(cfg->uuid));
    cfg->uuid_set = true;
    return 0;
}

int xl_domain_start(struct xl_env *env, struct lc_domain_config *cfg, bool paused,
                    const char *source, uint16_t *domid)
{
    struct lc_ctx *ctx = xl_ctx(env);
    struct lc_build_params p;
    bool had_uuid = cfg->uuid_set;
    int rc;

    if (!ctx)
        return XL_FAIL;
    xl_build_params(cfg, &p);
    rc = lc_domain_create(ctx, &p, paused ? LC_CREATE_PAUSED : 0, domid);
    if (rc)
        return xl_fail_ctx(env, rc, "creating the domain");
    rc = adopt_uuid(env, cfg, *domid);
    if (!rc)
        rc = xl_config_store(env, cfg, *domid, source);
    if (!rc)
        return XL_OK;
    if (cfg->uuid_set)
        xl_config_forget(env, cfg->uuid);
    cfg->uuid_set = had_uuid;
    if (lc_domain_destroy(ctx, *domid))
        xl_msg(env, "%s", lc_ctx_error(ctx));
    return xl_fail(env, "domain %s not created", cfg->name);
}
