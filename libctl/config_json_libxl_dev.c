/* libxl's "disks" and "nics" lists, each entry an object whose members
 * feed the same disk and vif parameters as xl's spec strings do. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include "config_json.h"

#define N(rules) (sizeof(rules) / sizeof(rules[0]))

static int disk_param(struct json_ctx *j, const struct jnode *v,
                      const char *path, struct lc_disk_draft *d,
                      const char *key, const char *value)
{
    struct lc_why why;
    int ret = lc_disk_param(d, key, value, &why);

    why.field[0] = '\0';        /* the path names it */
    return ret ? json_report(j, ret, v->pos, path, &why) : 0;
}

/* A string member passed on as parameter key; "unknown" is libxl's word
 * for the default. */
static int disk_text(struct json_ctx *j, const struct jnode *v,
                     const char *path, void *arg, const char *key)
{
    const char *s;
    int ret = json_string(j, v, path, &s);

    if (ret)
        return ret;
    return disk_param(j, v, path, arg, key, strcmp(s, "unknown") ? s : "");
}

static int d_pdev_path(struct json_ctx *j, const struct jnode *v,
                       const char *path, void *arg)
{
    return disk_text(j, v, path, arg, "target");
}

static int d_vdev(struct json_ctx *j, const struct jnode *v,
                  const char *path, void *arg)
{
    return disk_text(j, v, path, arg, "vdev");
}

static int d_backend(struct json_ctx *j, const struct jnode *v,
                     const char *path, void *arg)
{
    return disk_text(j, v, path, arg, "backendtype");
}

static int d_format(struct json_ctx *j, const struct jnode *v,
                    const char *path, void *arg)
{
    return disk_text(j, v, path, arg, "format");
}

static int d_script(struct json_ctx *j, const struct jnode *v,
                    const char *path, void *arg)
{
    return disk_text(j, v, path, arg, "script");
}

static int d_backend_domname(struct json_ctx *j, const struct jnode *v,
                             const char *path, void *arg)
{
    return disk_text(j, v, path, arg, "backend");
}

static int flag01(struct json_ctx *j, const struct jnode *v,
                  const char *path, bool *on)
{
    uint64_t n = 0;
    int ret = json_uint(j, v, path, &n);

    if (!ret && n > 1)
        return json_fail(j, v->pos, path, "must be 0 or 1");
    *on = n == 1;
    return ret;
}

static int d_readwrite(struct json_ctx *j, const struct jnode *v,
                       const char *path, void *arg)
{
    bool on = false;
    int ret = flag01(j, v, path, &on);

    return ret ? ret : disk_param(j, v, path, arg, "access", on ? "rw" : "ro");
}

static int d_is_cdrom(struct json_ctx *j, const struct jnode *v,
                      const char *path, void *arg)
{
    bool on = false;
    int ret = flag01(j, v, path, &on);

    return ret ? ret
               : disk_param(j, v, path, arg, "devtype", on ? "cdrom" : "disk");
}

static int d_discard(struct json_ctx *j, const struct jnode *v,
                     const char *path, void *arg)
{
    bool on, set;
    int ret = json_defbool(j, v, path, &on, &set);

    if (ret || !set)
        return ret;
    return disk_param(j, v, path, arg, on ? "discard" : "no-discard", NULL);
}

static int d_trusted(struct json_ctx *j, const struct jnode *v,
                     const char *path, void *arg)
{
    bool on, set;
    int ret = json_defbool(j, v, path, &on, &set);

    if (ret || !set)
        return ret;
    return disk_param(j, v, path, arg, on ? "trusted" : "untrusted", NULL);
}

static int backend_domid(struct json_ctx *j, const struct jnode *v,
                         const char *path, void *arg)
{
    uint64_t id;
    int ret = json_uint(j, v, path, &id);

    (void)arg;
    if (!ret && id != 0)
        return json_fail(j, v->pos, path, "must be 0: backends run in dom0");
    return ret;
}

static const struct json_rule disk_rules[] = {
    { "pdev_path", d_pdev_path }, { "vdev", d_vdev },
    { "backend", d_backend }, { "format", d_format },
    { "script", d_script }, { "readwrite", d_readwrite },
    { "is_cdrom", d_is_cdrom }, { "discard_enable", d_discard },
    { "trusted", d_trusted }, { "backend_domid", backend_domid },
    { "backend_domname", d_backend_domname }, { "removable", NULL },
    { "direct_io_safe", NULL }, { "colo_restore_enable", NULL },
};

static int one_disk(struct json_ctx *j, const struct jnode *v,
                    const char *path)
{
    struct lc_disk_draft d;
    struct lc_disk disk;
    struct lc_why why;
    int ret;

    lc_disk_draft_init(&d);
    ret = json_walk(j, v, path, disk_rules, N(disk_rules), &d);
    if (ret) {
        lc_disk_draft_free(&d);
        return ret;
    }
    ret = lc_disk_complete(&d, &disk, &why);
    lc_disk_draft_free(&d);
    if (!ret && (ret = lc_config_add_disk(j->cfg, &disk)) != 0)
        lc_disk_free(&disk);
    if (ret == -E2BIG)
        ret = lc_why(&why, "is one disk more than the %d allowed",
                     LC_CFG_DISKS_MAX);
    return ret ? json_report(j, ret, v->pos, path, &why) : 0;
}

int json_libxl_disks(struct json_ctx *j, const struct jnode *v,
                     const char *path, void *arg)
{
    char sub[160];
    int ret;

    (void)arg;
    if (v->type != J_ARRAY)
        return json_fail(j, v->pos, path, "must be a list");
    j->lists[0] = v;
    for (unsigned i = 0; i < v->n; i++) {
        snprintf(sub, sizeof(sub), "%s[%u]", path, i);
        if ((ret = one_disk(j, v->m[i].val, sub)) != 0)
            return ret;
    }
    return 0;
}

static int vif_text(struct json_ctx *j, const struct jnode *v,
                    const char *path, struct lc_vif *vif, const char *key)
{
    struct lc_why why;
    const char *s;
    int ret = json_string(j, v, path, &s);

    if (ret)
        return ret;
    ret = lc_vif_param(vif, key, s, &why);
    why.field[0] = '\0';
    return ret ? json_report(j, ret, v->pos, path, &why) : 0;
}

static int n_mac(struct json_ctx *j, const struct jnode *v,
                 const char *path, void *arg)
{
    if (v->type == J_STRING && !strcmp(v->str, "00:00:00:00:00:00"))
        return 0;
    return vif_text(j, v, path, arg, "mac");
}

static int n_bridge(struct json_ctx *j, const struct jnode *v,
                    const char *path, void *arg)
{
    return vif_text(j, v, path, arg, "bridge");
}

static int n_script(struct json_ctx *j, const struct jnode *v,
                    const char *path, void *arg)
{
    return vif_text(j, v, path, arg, "script");
}

static int n_ip(struct json_ctx *j, const struct jnode *v,
                const char *path, void *arg)
{
    return vif_text(j, v, path, arg, "ip");
}

static int n_ifname(struct json_ctx *j, const struct jnode *v,
                    const char *path, void *arg)
{
    return vif_text(j, v, path, arg, "vifname");
}

static int n_nictype(struct json_ctx *j, const struct jnode *v,
                     const char *path, void *arg)
{
    const char *s;
    int ret = json_string(j, v, path, &s);

    (void)arg;
    if (!ret && strcmp(s, "vif") && strcmp(s, "vif_ioemu"))
        return json_fail(j, v->pos, path, "must be vif");
    return ret;
}

static int n_devid(struct json_ctx *j, const struct jnode *v,
                   const char *path, void *arg)
{
    uint64_t id;

    (void)arg;
    return json_uint(j, v, path, &id);
}

/* libxl keeps the rate as netback takes it; the pair is checked once the
 * whole nic is read (nic_rate_check). */
static int n_rate_bytes(struct json_ctx *j, const struct jnode *v,
                        const char *path, void *arg)
{
    struct lc_vif *vif = arg;
    uint64_t n = 0;
    int ret = json_uint(j, v, path, &n);

    if (!ret && n > INT64_MAX)
        return json_fail(j, v->pos, path, "is too large");
    vif->rate_bytes_per_interval = n;
    return ret;
}

static int n_rate_usecs(struct json_ctx *j, const struct jnode *v,
                        const char *path, void *arg)
{
    struct lc_vif *vif = arg;
    uint64_t n = 0;
    int ret = json_uint(j, v, path, &n);

    if (!ret && n > UINT32_MAX)
        return json_fail(j, v->pos, path, "is too large");
    vif->rate_interval_usecs = (uint32_t)n;
    return ret;
}

/* 0 is libxl's "not set". */
static int n_mtu(struct json_ctx *j, const struct jnode *v,
                 const char *path, void *arg)
{
    struct lc_why why;
    char text[24];
    uint64_t n = 0;
    int ret = json_uint(j, v, path, &n);

    if (ret || n == 0)
        return ret;
    snprintf(text, sizeof(text), "%llu", (unsigned long long)n);
    ret = lc_vif_param(arg, "mtu", text, &why);
    why.field[0] = '\0';
    return ret ? json_report(j, ret, v->pos, path, &why) : 0;
}

/* Both or neither: netback would let the guest send nothing at all on a
 * credit of 0 bytes, and a credit without an interval means nothing. */
static int nic_rate_check(struct json_ctx *j, const struct jnode *nic,
                          const char *path, const struct lc_vif *vif)
{
    if (!vif->rate_bytes_per_interval == !vif->rate_interval_usecs)
        return 0;
    return json_fail(j, nic->pos, path, "has only one of "
                     "rate_bytes_per_interval and rate_interval_usecs");
}

static const struct json_rule nic_rules[] = {
    { "devid", n_devid }, { "mac", n_mac }, { "bridge", n_bridge },
    { "script", n_script }, { "ip", n_ip }, { "ifname", n_ifname },
    { "nictype", n_nictype }, { "backend_domid", backend_domid },
    { "rate_bytes_per_interval", n_rate_bytes },
    { "rate_interval_usecs", n_rate_usecs }, { "mtu", n_mtu },
    { "model", NULL },
};

int json_libxl_nics(struct json_ctx *j, const struct jnode *v,
                    const char *path, void *arg)
{
    char sub[160];
    int ret = 0;

    (void)arg;
    if (v->type != J_ARRAY)
        return json_fail(j, v->pos, path, "must be a list");
    j->lists[1] = v;
    for (unsigned i = 0; !ret && i < v->n; i++) {
        struct lc_vif vif;

        snprintf(sub, sizeof(sub), "%s[%u]", path, i);
        lc_vif_init(&vif);
        ret = json_walk(j, v->m[i].val, sub, nic_rules, N(nic_rules), &vif);
        if (!ret)
            ret = nic_rate_check(j, v->m[i].val, sub, &vif);
        if (!ret && (ret = lc_config_add_vif(j->cfg, &vif)) == -E2BIG)
            ret = json_fail(j, v->m[i].val->pos, sub, "is one vif more "
                            "than the %d allowed", LC_CFG_VIFS_MAX);
        lc_vif_free(&vif);
    }
    return ret;
}
