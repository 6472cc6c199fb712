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

_Static_assert(LC_CFG_VIFS_MAX <= 32, "adopt_macs keeps a bit per vif");

/* A vif without a MAC got lc_vif_default_mac's for its handle (its
 * index): the config takes it, as libxl's stored config does, so that
 * xl list -l shows it and a restart under another id keeps it. Returns
 * which vifs took one, for undoing. */
static uint32_t adopt_macs(struct lc_domain_config *cfg, uint16_t domid)
{
    uint32_t adopted = 0;

    for (unsigned i = 0; i < cfg->nvifs; i++) {
        if (cfg->vifs[i].mac_set)
            continue;
        lc_vif_default_mac(domid, i, cfg->vifs[i].mac);
        cfg->vifs[i].mac_set = true;
        adopted |= 1u << i;
    }
    return adopted;
}

static void unadopt_macs(struct lc_domain_config *cfg, uint32_t adopted)
{
    for (unsigned i = 0; i < cfg->nvifs; i++)
        if (adopted & (1u << i))
            cfg->vifs[i].mac_set = false;
}

int xl_domain_start(struct xl_env *env, struct lc_domain_config *cfg, bool paused,
                    const char *source, uint16_t *domid)
{
    struct lc_ctx *ctx = xl_ctx(env);
    struct lc_build_params p;
    bool had_uuid = cfg->uuid_set;
    uint32_t adopted;
    int rc;

    if (!ctx)
        return XL_FAIL;
    xl_build_params(cfg, &p);
    rc = lc_domain_create(ctx, &p, paused ? LC_CREATE_PAUSED : 0, domid);
    if (rc)
        return xl_fail_ctx(env, rc, "creating the domain");
    adopted = adopt_macs(cfg, *domid);
    rc = adopt_uuid(env, cfg, *domid);
    if (!rc)
        rc = xl_config_store(env, cfg, *domid, source);
    if (!rc)
        return XL_OK;
    if (cfg->uuid_set)
        xl_config_forget(env, cfg->uuid);
    cfg->uuid_set = had_uuid;
    unadopt_macs(cfg, adopted);
    if (lc_domain_destroy(ctx, *domid))
        xl_msg(env, "%s", lc_ctx_error(ctx));
    return xl_fail(env, "domain %s not created", cfg->name);
}
