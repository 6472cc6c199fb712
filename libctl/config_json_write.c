/* The model as libxl's JSON, pretty-printed as `xl list -l` prints it:
 * a list of { "domid", "config": { c_info, b_info, disks, nics,
 * on_poweroff, on_reboot, on_crash } }. Every value the model holds is
 * written, defaults included, so that the JSON reader gets back exactly
 * the same config. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <yajl/yajl_gen.h>
#include "config_internal.h"

/* Sticky failure: after the first yajl error the rest are skipped, and
 * the caller checks once at the end. */
struct jw {
    yajl_gen g;
    yajl_gen_status st;
};

static void note(struct jw *w, yajl_gen_status st)
{
    if (w->st == yajl_gen_status_ok)
        w->st = st;
}

static void w_str(struct jw *w, const char *s)
{
    if (w->st == yajl_gen_status_ok)
        note(w, yajl_gen_string(w->g, (const unsigned char *)s, strlen(s)));
}

static void w_int(struct jw *w, long long v)
{
    if (w->st == yajl_gen_status_ok)
        note(w, yajl_gen_integer(w->g, v));
}

static void w_open(struct jw *w, bool map)
{
    if (w->st == yajl_gen_status_ok)
        note(w, map ? yajl_gen_map_open(w->g) : yajl_gen_array_open(w->g));
}

static void w_close(struct jw *w, bool map)
{
    if (w->st == yajl_gen_status_ok)
        note(w, map ? yajl_gen_map_close(w->g) : yajl_gen_array_close(w->g));
}

static void kv_str(struct jw *w, const char *key, const char *s)
{
    if (s) {
        w_str(w, key);
        w_str(w, s);
    }
}

static void kv_int(struct jw *w, const char *key, long long v)
{
    w_str(w, key);
    w_int(w, v);
}

static void write_c_info(struct jw *w, const struct lc_domain_config *cfg)
{
    char uuid[LC_CFG_UUID_STR_LEN + 1];

    w_str(w, "c_info");
    w_open(w, true);
    kv_str(w, "type", "pvh");
    kv_str(w, "name", cfg->name);
    if (cfg->uuid_set) {
        lc_uuid_format(cfg->uuid, uuid);
        kv_str(w, "uuid", uuid);
    }
    w_close(w, true);
}

static void write_cpus(struct jw *w, const struct lc_domain_config *cfg)
{
    w_str(w, "vcpu_hard_affinity");
    w_open(w, false);
    for (unsigned v = 0; v < cfg->maxvcpus; v++) {
        w_open(w, false);
        for (unsigned c = 0; c < LC_CFG_PCPUS_MAX; c++)
            if (cfg->cpus[c / 8] >> (c % 8) & 1)
                w_int(w, c);
        w_close(w, false);
    }
    w_close(w, false);
}

static void write_b_info(struct jw *w, const struct lc_domain_config *cfg)
{
    w_str(w, "b_info");
    w_open(w, true);
    kv_int(w, "max_vcpus", cfg->maxvcpus);
    w_str(w, "avail_vcpus");
    w_open(w, false);
    for (unsigned v = 0; v < cfg->vcpus; v++)
        w_int(w, v);
    w_close(w, false);
    kv_int(w, "max_memkb", (long long)cfg->maxmem_mb * 1024);
    kv_int(w, "target_memkb", (long long)cfg->memory_mb * 1024);
    if (cfg->cpus_set)
        write_cpus(w, cfg);
    kv_str(w, "kernel", cfg->kernel);
    kv_str(w, "cmdline", cfg->cmdline);
    kv_str(w, "ramdisk", cfg->ramdisk);
    w_close(w, true);
}

static void write_disk(struct jw *w, const struct lc_disk *d)
{
    w_open(w, true);
    kv_str(w, "pdev_path", d->target);
    kv_str(w, "vdev", d->vdev);
    kv_str(w, "backend", "phy");
    kv_str(w, "format", d->target ? "raw" : "empty");
    kv_str(w, "script", d->script);
    kv_int(w, "readwrite", d->readwrite);
    kv_int(w, "is_cdrom", d->cdrom);
    kv_str(w, "discard_enable", d->discard ? "True" : "False");
    kv_str(w, "trusted", d->trusted ? "True" : "False");
    w_close(w, true);
}

static void write_nic(struct jw *w, const struct lc_vif *v, unsigned devid)
{
    char mac[LC_CFG_MAC_STR_LEN + 1];

    w_open(w, true);
    kv_int(w, "devid", devid);
    if (v->mac_set) {
        lc_mac_format(v->mac, mac);
        kv_str(w, "mac", mac);
    }
    kv_str(w, "ip", v->ip);
    kv_str(w, "bridge", v->bridge);
    kv_str(w, "ifname", v->vifname);
    kv_str(w, "script", v->script);
    kv_str(w, "nictype", "vif");
    /* Only what is set, so that reading it back gives the same vif. The
     * rate's bytes fit a long long: the parsers keep them below 2^64 /
     * 10^6 (xl.cfg) or 2^63 (JSON). */
    if (v->rate_interval_usecs) {
        kv_int(w, "rate_bytes_per_interval", (long long)v->rate_bytes_per_interval);
        kv_int(w, "rate_interval_usecs", v->rate_interval_usecs);
    }
    if (v->mtu)
        kv_int(w, "mtu", v->mtu);
    w_close(w, true);
}

/* libxl's names for the actions. */
static const char *libxl_action(enum lc_action a)
{
    return a == LC_ACTION_RENAME_RESTART ? "restart_rename"
                                         : lc_action_name(a);
}

static void write_domain(struct jw *w, const struct lc_domain_config *cfg,
                         uint32_t domid)
{
    w_open(w, true);
    kv_int(w, "domid", domid);
    w_str(w, "config");
    w_open(w, true);
    write_c_info(w, cfg);
    write_b_info(w, cfg);
    w_str(w, "disks");
    w_open(w, false);
    for (unsigned i = 0; i < cfg->ndisks; i++)
        write_disk(w, &cfg->disks[i]);
    w_close(w, false);
    w_str(w, "nics");
    w_open(w, false);
    for (unsigned i = 0; i < cfg->nvifs; i++)
        write_nic(w, &cfg->vifs[i], i);
    w_close(w, false);
    kv_str(w, "on_poweroff", libxl_action(cfg->on_poweroff));
    kv_str(w, "on_reboot", libxl_action(cfg->on_reboot));
    kv_str(w, "on_crash", libxl_action(cfg->on_crash));
    w_close(w, true);
    w_close(w, true);
}

/* yajl refuses strings that are not UTF-8; xl.cfg's \x escapes can make
 * them. */
static int status_errno(yajl_gen_status st)
{
    if (st == yajl_gen_status_ok)
        return 0;
    return st == yajl_gen_invalid_string ? -EILSEQ : -EINVAL;
}

int lc_config_list_to_json(const struct lc_domain_config *const *cfgs,
                           const uint32_t *domids, unsigned n, char **json)
{
    struct jw w = { .st = yajl_gen_status_ok };
    const unsigned char *buf;
    size_t len;
    int ret;

    w.g = yajl_gen_alloc(NULL);
    if (!w.g)
        return -ENOMEM;
    if (!yajl_gen_config(w.g, yajl_gen_beautify, 1) ||
        !yajl_gen_config(w.g, yajl_gen_validate_utf8, 1)) {
        yajl_gen_free(w.g);
        return -ENOMEM;
    }
    w_open(&w, false);
    for (unsigned i = 0; i < n; i++)
        write_domain(&w, cfgs[i], domids[i]);
    w_close(&w, false);
    ret = status_errno(w.st);
    if (!ret)
        note(&w, yajl_gen_get_buf(w.g, &buf, &len));
    ret = status_errno(w.st);
    if (!ret && !(*json = strndup((const char *)buf, len)))
        ret = -ENOMEM;
    yajl_gen_free(w.g);
    return ret;
}

int lc_config_to_json(const struct lc_domain_config *cfg, uint32_t domid,
                      char **json)
{
    return lc_config_list_to_json(&cfg, &domid, 1, json);
}
