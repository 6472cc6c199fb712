/* Keeping a domain's stored config in step with its devices, as libxl
 * keeps its own: attaching adds the device, detaching takes it out, so
 * that xl list -l shows what the domain has and its monitor restarts it
 * with the same. A domain xl did not create has no stored config, and
 * nothing is kept for it. */
#include <errno.h>
#include <string.h>
#include "xl.h"

typedef int edit_fn(struct lc_domain_config *cfg, void *arg);

static int edit(struct xl_env *env, const struct lc_dominfo *d, edit_fn *fn, void *arg)
{
    struct lc_domain_config cfg;
    int rc = xl_config_load(env, d->uuid, &cfg);

    if (rc == -ENOENT)
        return 0;
    if (rc)
        return rc;
    rc = fn(&cfg, arg);
    if (rc)
        xl_msg(env, "updating the stored config of %s: %s", d->name, strerror(-rc));
    else
        rc = xl_config_store(env, &cfg, d->domid, NULL);
    lc_config_free(&cfg);
    return rc;
}

static void drop_disk_at(struct lc_domain_config *cfg, unsigned i)
{
    lc_disk_free(&cfg->disks[i]);
    memmove(&cfg->disks[i], &cfg->disks[i + 1], (cfg->ndisks - i - 1) * sizeof(*cfg->disks));
    cfg->ndisks--;
}

static void drop_vif_at(struct lc_domain_config *cfg, unsigned i)
{
    lc_vif_free(&cfg->vifs[i]);
    memmove(&cfg->vifs[i], &cfg->vifs[i + 1], (cfg->nvifs - i - 1) * sizeof(*cfg->vifs));
    cfg->nvifs--;
}

static int drop_disk(struct lc_domain_config *cfg, void *arg)
{
    uint32_t devnum = *(const uint32_t *)arg;

    for (unsigned i = cfg->ndisks; i-- > 0;)
        if (cfg->disks[i].devnum == devnum)
            drop_disk_at(cfg, i);
    return 0;
}

/* Replaces a disk of the same number the config may still hold: two
 * would make the file one the readers refuse. */
static int put_disk(struct lc_domain_config *cfg, void *arg)
{
    struct lc_disk *disk = arg;

    drop_disk(cfg, &disk->devnum);
    return lc_config_add_disk(cfg, disk);
}

static int drop_vif(struct lc_domain_config *cfg, void *arg)
{
    const uint8_t *mac = arg;

    for (unsigned i = cfg->nvifs; i-- > 0;)
        if (cfg->vifs[i].mac_set && !memcmp(cfg->vifs[i].mac, mac, 6))
            drop_vif_at(cfg, i);
    return 0;
}

static int put_vif(struct lc_domain_config *cfg, void *arg)
{
    struct lc_vif *vif = arg;

    drop_vif(cfg, vif->mac);
    return lc_config_add_vif(cfg, vif);
}

int xl_config_put_disk(struct xl_env *env, const struct lc_dominfo *d, struct lc_disk *disk)
{
    return edit(env, d, put_disk, disk);
}

int xl_config_drop_disk(struct xl_env *env, const struct lc_dominfo *d, uint32_t devnum)
{
    return edit(env, d, drop_disk, &devnum);
}

int xl_config_put_vif(struct xl_env *env, const struct lc_dominfo *d, struct lc_vif *vif)
{
    return edit(env, d, put_vif, vif);
}

int xl_config_drop_vif(struct xl_env *env, const struct lc_dominfo *d, const uint8_t mac[6])
{
    return edit(env, d, drop_vif, (void *)mac);
}
