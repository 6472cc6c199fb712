/* The last step of every reader: xl's defaults for what the file left
 * out, then the checks that involve more than one key. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "config_internal.h"

static int fault_at(struct lc_fault *f, enum lc_field field, unsigned index)
{
    f->field = field;
    f->index = index;
    return -EINVAL;
}

static int missing(struct lc_fault *f, enum lc_field field)
{
    f->missing = true;
    lc_why(&f->why, "is missing");
    return fault_at(f, field, 0);
}

/* As xl and libxl: either of memory and maxmem stands for both. */
static int finish_memory(struct lc_domain_config *cfg, struct lc_fault *f)
{
    if (!cfg->memory_mb && !cfg->maxmem_mb)
        cfg->memory_mb = LC_CFG_MEMORY_DEFAULT_MB;
    if (!cfg->memory_mb)
        cfg->memory_mb = cfg->maxmem_mb;
    if (!cfg->maxmem_mb)
        cfg->maxmem_mb = cfg->memory_mb;
    if (cfg->maxmem_mb < cfg->memory_mb) {
        lc_why(&f->why, "(%u MiB) is less than the initial memory (%u MiB)",
               cfg->maxmem_mb, cfg->memory_mb);
        return fault_at(f, LC_F_MAXMEM, 0);
    }
    return 0;
}

static int finish_vcpus(struct lc_domain_config *cfg, struct lc_fault *f)
{
    if (!cfg->vcpus)
        cfg->vcpus = 1;
    if (!cfg->maxvcpus)
        cfg->maxvcpus = cfg->vcpus;
    if (cfg->maxvcpus < cfg->vcpus) {
        lc_why(&f->why, "(%u) is less than the initial vCPU count (%u)",
               cfg->maxvcpus, cfg->vcpus);
        return fault_at(f, LC_F_MAXVCPUS, 0);
    }
    return 0;
}

static int check_disks(const struct lc_domain_config *cfg,
                       struct lc_fault *f)
{
    for (unsigned i = 0; i < cfg->ndisks; i++) {
        for (unsigned j = 0; j < i; j++) {
            if (cfg->disks[i].devnum != cfg->disks[j].devnum)
                continue;
            lc_why_field(&f->why, "vdev", "'%s' is the same device as "
                         "an earlier disk's '%s'", cfg->disks[i].vdev,
                         cfg->disks[j].vdev);
            return fault_at(f, LC_F_DISK, i);
        }
    }
    return 0;
}

static int finish_vifs(struct lc_domain_config *cfg, struct lc_fault *f)
{
    char mac[LC_CFG_MAC_STR_LEN + 1];

    for (unsigned i = 0; i < cfg->nvifs; i++) {
        struct lc_vif *v = &cfg->vifs[i];

        if (!v->bridge && !(v->bridge = strdup(LC_CFG_DEFAULT_BRIDGE)))
            return -ENOMEM;
        for (unsigned j = 0; v->mac_set && j < i; j++) {
            if (!cfg->vifs[j].mac_set ||
                memcmp(v->mac, cfg->vifs[j].mac, sizeof(v->mac)))
                continue;
            lc_mac_format(v->mac, mac);
            lc_why_field(&f->why, "mac", "%s is already used by an "
                         "earlier vif", mac);
            return fault_at(f, LC_F_VIF, i);
        }
    }
    return 0;
}

int lc_config_finish(struct lc_domain_config *cfg, struct lc_fault *f)
{
    int ret;

    memset(f, 0, sizeof(*f));
    if (!cfg->name[0])
        return missing(f, LC_F_NAME);
    if (!cfg->kernel)
        return missing(f, LC_F_KERNEL);
    ret = finish_memory(cfg, f);
    if (!ret)
        ret = finish_vcpus(cfg, f);
    if (!ret)
        ret = check_disks(cfg, f);
    if (!ret)
        ret = finish_vifs(cfg, f);
    return ret;
}
