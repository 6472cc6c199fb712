/* The domain configuration model: an empty config, its release, equality,
 * and the device lists the readers append to. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "config_internal.h"

void lc_config_init(struct lc_domain_config *cfg)
{
    memset(cfg, 0, sizeof(*cfg));
    cfg->on_poweroff = LC_ACTION_DESTROY;
    cfg->on_reboot = LC_ACTION_RESTART;
    cfg->on_crash = LC_ACTION_DESTROY;
}

void lc_disk_free(struct lc_disk *disk)
{
    free(disk->target);
    free(disk->vdev);
    free(disk->script);
    memset(disk, 0, sizeof(*disk));
}

void lc_vif_free(struct lc_vif *vif)
{
    free(vif->bridge);
    free(vif->script);
    free(vif->ip);
    free(vif->vifname);
    memset(vif, 0, sizeof(*vif));
}

void lc_config_free(struct lc_domain_config *cfg)
{
    for (unsigned i = 0; i < cfg->ndisks; i++)
        lc_disk_free(&cfg->disks[i]);
    for (unsigned i = 0; i < cfg->nvifs; i++)
        lc_vif_free(&cfg->vifs[i]);
    free(cfg->disks);
    free(cfg->vifs);
    free(cfg->kernel);
    free(cfg->ramdisk);
    free(cfg->cmdline);
    lc_config_init(cfg);
}

int lc_config_add_disk(struct lc_domain_config *cfg, struct lc_disk *disk)
{
    struct lc_disk *disks;

    if (cfg->ndisks >= LC_CFG_DISKS_MAX)
        return -E2BIG;
    disks = realloc(cfg->disks, (cfg->ndisks + 1) * sizeof(*disks));
    if (!disks)
        return -ENOMEM;
    cfg->disks = disks;
    disks[cfg->ndisks++] = *disk;
    memset(disk, 0, sizeof(*disk));
    return 0;
}

int lc_config_add_vif(struct lc_domain_config *cfg, struct lc_vif *vif)
{
    struct lc_vif *vifs;

    if (cfg->nvifs >= LC_CFG_VIFS_MAX)
        return -E2BIG;
    vifs = realloc(cfg->vifs, (cfg->nvifs + 1) * sizeof(*vifs));
    if (!vifs)
        return -ENOMEM;
    cfg->vifs = vifs;
    vifs[cfg->nvifs++] = *vif;
    memset(vif, 0, sizeof(*vif));
    return 0;
}

static bool str_equal(const char *a, const char *b)
{
    if (!a || !b)
        return a == b;
    return strcmp(a, b) == 0;
}

static bool disk_equal(const struct lc_disk *a, const struct lc_disk *b)
{
    return str_equal(a->target, b->target) && str_equal(a->vdev, b->vdev) &&
           a->devnum == b->devnum && a->readwrite == b->readwrite &&
           a->cdrom == b->cdrom && a->discard == b->discard &&
           a->trusted == b->trusted && str_equal(a->script, b->script);
}

static bool vif_equal(const struct lc_vif *a, const struct lc_vif *b)
{
    if (a->mac_set != b->mac_set ||
        (a->mac_set && memcmp(a->mac, b->mac, sizeof(a->mac))))
        return false;
    return str_equal(a->bridge, b->bridge) &&
           str_equal(a->script, b->script) && str_equal(a->ip, b->ip) &&
           str_equal(a->vifname, b->vifname) &&
           a->rate_bytes_per_interval == b->rate_bytes_per_interval &&
           a->rate_interval_usecs == b->rate_interval_usecs && a->mtu == b->mtu;
}

static bool scalars_equal(const struct lc_domain_config *a,
                          const struct lc_domain_config *b)
{
    if (strcmp(a->name, b->name) || a->uuid_set != b->uuid_set ||
        (a->uuid_set && memcmp(a->uuid, b->uuid, sizeof(a->uuid))))
        return false;
    if (a->cpus_set != b->cpus_set ||
        (a->cpus_set && memcmp(a->cpus, b->cpus, sizeof(a->cpus))))
        return false;
    return a->memory_mb == b->memory_mb && a->maxmem_mb == b->maxmem_mb &&
           a->vcpus == b->vcpus && a->maxvcpus == b->maxvcpus &&
           str_equal(a->kernel, b->kernel) &&
           str_equal(a->ramdisk, b->ramdisk) &&
           str_equal(a->cmdline, b->cmdline) &&
           a->on_poweroff == b->on_poweroff && a->on_reboot == b->on_reboot &&
           a->on_crash == b->on_crash;
}

bool lc_config_equal(const struct lc_domain_config *a,
                     const struct lc_domain_config *b)
{
    if (!scalars_equal(a, b) || a->ndisks != b->ndisks ||
        a->nvifs != b->nvifs)
        return false;
    for (unsigned i = 0; i < a->ndisks; i++)
        if (!disk_equal(&a->disks[i], &b->disks[i]))
            return false;
    for (unsigned i = 0; i < a->nvifs; i++)
        if (!vif_equal(&a->vifs[i], &b->vifs[i]))
            return false;
    return true;
}
