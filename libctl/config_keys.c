/* The keys of xl.cfg(5), as far as an arm64 PVH guest of Keel has them:
 *   name uuid type memory maxmem vcpus maxvcpus cpus kernel ramdisk
 *   cmdline root extra on_poweroff on_reboot on_crash disk vif
 * shared by the xl.cfg reader and our JSON shape. cmdline wins over root
 * and extra; without it the command line is "root=ROOT EXTRA", as xl
 * builds it. */
#define _GNU_SOURCE     /* asprintf */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "config_internal.h"

static int set_name(struct lc_keyed *k, const char *v, struct lc_why *why)
{
    return lc_set_name(k->cfg, v, why);
}

static int set_uuid(struct lc_keyed *k, const char *v, struct lc_why *why)
{
    return lc_set_uuid(k->cfg, v, why);
}

static int set_type(struct lc_keyed *k, const char *v, struct lc_why *why)
{
    (void)k;
    return lc_check_type(v, why);
}

static int set_memory(struct lc_keyed *k, const char *v, struct lc_why *why)
{
    return lc_set_mb(&k->cfg->memory_mb, v, k->c_numbers, why);
}

static int set_maxmem(struct lc_keyed *k, const char *v, struct lc_why *why)
{
    return lc_set_mb(&k->cfg->maxmem_mb, v, k->c_numbers, why);
}

static int set_vcpus(struct lc_keyed *k, const char *v, struct lc_why *why)
{
    return lc_set_vcpus(&k->cfg->vcpus, v, k->c_numbers, why);
}

static int set_maxvcpus(struct lc_keyed *k, const char *v,
                        struct lc_why *why)
{
    return lc_set_vcpus(&k->cfg->maxvcpus, v, k->c_numbers, why);
}

static int set_cpus(struct lc_keyed *k, const char *v, struct lc_why *why)
{
    return lc_set_cpus(k->cfg, v, why);
}

static int set_kernel(struct lc_keyed *k, const char *v, struct lc_why *why)
{
    return lc_set_string(&k->cfg->kernel, v, why);
}

static int set_ramdisk(struct lc_keyed *k, const char *v, struct lc_why *why)
{
    return lc_set_string(&k->cfg->ramdisk, v, why);
}

static int set_cmdline(struct lc_keyed *k, const char *v, struct lc_why *why)
{
    return lc_set_string(&k->cmdline, v, why);
}

static int set_root(struct lc_keyed *k, const char *v, struct lc_why *why)
{
    return lc_set_string(&k->root, v, why);
}

static int set_extra(struct lc_keyed *k, const char *v, struct lc_why *why)
{
    return lc_set_string(&k->extra, v, why);
}

static int set_poweroff(struct lc_keyed *k, const char *v,
                        struct lc_why *why)
{
    return lc_set_action(&k->cfg->on_poweroff, v, why);
}

static int set_reboot(struct lc_keyed *k, const char *v, struct lc_why *why)
{
    return lc_set_action(&k->cfg->on_reboot, v, why);
}

static int set_crash(struct lc_keyed *k, const char *v, struct lc_why *why)
{
    return lc_set_action(&k->cfg->on_crash, v, why);
}

static int add_disk(struct lc_keyed *k, const char *v, struct lc_why *why)
{
    struct lc_disk_draft d;
    struct lc_disk disk;
    int ret;

    lc_disk_draft_init(&d);
    ret = lc_disk_parse_spec(&d, v, why);
    if (!ret)
        ret = lc_disk_complete(&d, &disk, why);
    lc_disk_draft_free(&d);
    if (!ret && (ret = lc_config_add_disk(k->cfg, &disk)) != 0)
        lc_disk_free(&disk);
    if (ret == -E2BIG)
        return lc_why(why, "is one disk more than the %d allowed",
                      LC_CFG_DISKS_MAX);
    return ret;
}

static int add_vif(struct lc_keyed *k, const char *v, struct lc_why *why)
{
    struct lc_vif vif;
    int ret;

    lc_vif_init(&vif);
    ret = lc_vif_parse_spec(&vif, v, why);
    if (!ret)
        ret = lc_config_add_vif(k->cfg, &vif);
    lc_vif_free(&vif);
    if (ret == -E2BIG)
        return lc_why(why, "is one vif more than the %d allowed",
                      LC_CFG_VIFS_MAX);
    return ret;
}

static const struct lc_key keys[LC_KEYS_COUNT] = {
    { "name", LC_KEY_TEXT, set_name, NULL },
    { "uuid", LC_KEY_TEXT, set_uuid, NULL },
    { "type", LC_KEY_TEXT, set_type, NULL },
    { "memory", LC_KEY_NUMBER, set_memory, NULL },
    { "maxmem", LC_KEY_NUMBER, set_maxmem, NULL },
    { "vcpus", LC_KEY_NUMBER, set_vcpus, NULL },
    { "maxvcpus", LC_KEY_NUMBER, set_maxvcpus, NULL },
    { "cpus", LC_KEY_TEXT, set_cpus, "must be one CPULIST string: "
      "per-vCPU pinning lists are not supported" },
    { "kernel", LC_KEY_TEXT, set_kernel, NULL },
    { "ramdisk", LC_KEY_TEXT, set_ramdisk, NULL },
    { "cmdline", LC_KEY_TEXT, set_cmdline, NULL },
    { "root", LC_KEY_TEXT, set_root, NULL },
    { "extra", LC_KEY_TEXT, set_extra, NULL },
    { "on_poweroff", LC_KEY_TEXT, set_poweroff, NULL },
    { "on_reboot", LC_KEY_TEXT, set_reboot, NULL },
    { "on_crash", LC_KEY_TEXT, set_crash, NULL },
    { "disk", LC_KEY_LIST, add_disk, NULL },
    { "vif", LC_KEY_LIST, add_vif, NULL },
};

const struct lc_key *lc_key_find(const char *name)
{
    for (unsigned i = 0; i < LC_KEYS_COUNT; i++)
        if (!strcmp(keys[i].name, name))
            return &keys[i];
    return NULL;
}

unsigned lc_key_index(const struct lc_key *key)
{
    return (unsigned)(key - keys);
}

void lc_keyed_free(struct lc_keyed *k)
{
    free(k->cmdline);
    free(k->root);
    free(k->extra);
    k->cmdline = k->root = k->extra = NULL;
}

int lc_keyed_done(struct lc_keyed *k)
{
    char *s = NULL;
    int ret = 0;

    if (k->cmdline) {
        s = k->cmdline;
        k->cmdline = NULL;
    } else if (k->root) {
        if (asprintf(&s, "root=%s%s%s", k->root, k->extra ? " " : "",
                     k->extra ? k->extra : "") < 0) {
            s = NULL;
            ret = -ENOMEM;
        }
    } else if (k->extra) {
        s = k->extra;
        k->extra = NULL;
    }
    free(k->cfg->cmdline);
    k->cfg->cmdline = s;
    lc_keyed_free(k);
    return ret;
}
