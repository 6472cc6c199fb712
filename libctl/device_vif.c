/* Network interfaces: a vif as libxl writes one for a bridged interface,
 * which the vif-bridge hotplug script puts on its bridge once netback has
 * made vif<domid>.<handle>. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "device.h"

#define WHAT_MAX 64
#define VIF_KEYS_MAX 10
#define NUM_MAX 32              /* "<u64>,<u32>" and its NUL */

void lc_vif_default_mac(uint16_t domid, unsigned index, uint8_t mac[6])
{
    mac[0] = 0x00;
    mac[1] = 0x16;
    mac[2] = 0x3e;
    mac[3] = (uint8_t)(domid >> 8);
    mac[4] = (uint8_t)domid;
    mac[5] = (uint8_t)index;
}

/* The values that are numbers, formatted once for the key lists. */
struct vif_nums {
    char handle[NUM_MAX];
    char mtu[NUM_MAX];          /* the MTU the vif has */
    char rate[NUM_MAX];         /* "" with no limit */
};

static void format_nums(const struct lc_vif *vif, unsigned index, struct vif_nums *nums)
{
    snprintf(nums->handle, sizeof(nums->handle), "%u", index);
    snprintf(nums->mtu, sizeof(nums->mtu), "%u", vif->mtu ? vif->mtu : LC_VIF_MTU);
    nums->rate[0] = '\0';
    /* netback reads "<bytes>,<usecs>", both decimal. */
    if (vif->rate_interval_usecs)
        snprintf(nums->rate, sizeof(nums->rate), "%llu,%lu",
                 (unsigned long long)vif->rate_bytes_per_interval,
                 (unsigned long)vif->rate_interval_usecs);
}

/* The backend's own keys; ip, vifname and rate only when set, and mtu only
 * when not the default, as libxl does (vif-bridge then takes the
 * bridge's). */
static size_t back_keys(const struct lc_vif *vif, const char *script, const char *mac,
                        const struct vif_nums *nums, struct lc_dev_key *k)
{
    size_t n = 0;

    k[n++] = (struct lc_dev_key){ "script", script };
    k[n++] = (struct lc_dev_key){ "mac", mac };
    k[n++] = (struct lc_dev_key){ "bridge", vif->bridge ? vif->bridge
                                                        : LC_CFG_DEFAULT_BRIDGE };
    k[n++] = (struct lc_dev_key){ "handle", nums->handle };
    k[n++] = (struct lc_dev_key){ "type", "vif" };
    k[n++] = (struct lc_dev_key){ "hotplug-status", "" };
    if (vif->ip)
        k[n++] = (struct lc_dev_key){ "ip", vif->ip };
    if (vif->vifname)
        k[n++] = (struct lc_dev_key){ "vifname", vif->vifname };
    if (nums->rate[0])
        k[n++] = (struct lc_dev_key){ "rate", nums->rate };
    if (vif->mtu && vif->mtu != LC_VIF_MTU)
        k[n++] = (struct lc_dev_key){ "mtu", nums->mtu };
    return n;
}

static void name_vif(char what[WHAT_MAX], uint16_t domid, unsigned index)
{
    snprintf(what, WHAT_MAX, "adding network interface %u (vif%u.%u)", index, domid,
             index);
}

/* The MAC the vif gets: its own, or the default for its handle. */
static void vif_mac(const struct lc_vif *vif, uint16_t domid, unsigned index,
                    uint8_t mac[6])
{
    if (vif->mac_set)
        memcpy(mac, vif->mac, 6);
    else
        lc_vif_default_mac(domid, index, mac);
}

/* what names the vif in messages. */
static int vif_add(struct lc_ctx *ctx, uint16_t domid, const struct lc_vif *vif,
                   unsigned index, const char *what)
{
    char script[LC_DEV_PATH_MAX];
    char mac[LC_CFG_MAC_STR_LEN + 1];
    struct vif_nums nums;
    struct lc_dev_key back[VIF_KEYS_MAX];
    uint8_t m[6];
    struct lc_dev d;
    int rc;

    rc = lc_dev_init(&d, "vif", domid, index);
    if (rc)
        return lc_ctx_fail(ctx, rc, "%s: domain %u cannot have devices", what, domid);
    rc = lc_dev_script_path(vif->script, LC_HOTPLUG_VIF, script, sizeof(script));
    if (rc)
        return lc_ctx_fail(ctx, rc, "%s: hotplug script %s", what, vif->script);
    vif_mac(vif, domid, index, m);
    lc_mac_format(m, mac);
    format_nums(vif, index, &nums);

    const struct lc_dev_key front[] = {
        { "handle", nums.handle }, { "mac", mac }, { "trusted", "1" },
    };
    const struct lc_dev_key front_ro[] = { { "mtu", nums.mtu } };
    const struct lc_dev_keys keys = {
        .back = back, .nback = back_keys(vif, script, mac, &nums, back),
        .front = front, .nfront = sizeof(front) / sizeof(front[0]),
        .front_ro = front_ro, .nfront_ro = 1,
    };

    return lc_dev_add(ctx, &d, &keys, script, what);
}

int lc_device_vif_add(struct lc_ctx *ctx, uint16_t domid, const struct lc_vif *vif,
                      unsigned index)
{
    char what[WHAT_MAX];

    lc_ctx_clear_error(ctx);
    name_vif(what, domid, index);
    return vif_add(ctx, domid, vif, index, what);
}

/* One above the highest handle the domain's vif directories name (ids),
 * as libxl picks a devid; 0 for the first. */
static int next_handle(struct lc_ctx *ctx, uint16_t domid, const uint32_t *ids,
                       unsigned n, unsigned *handle)
{
    uint32_t top = 0;

    for (unsigned i = 0; i < n; i++)
        top = ids[i] > top ? ids[i] : top;
    if (n && top >= LC_VIF_HANDLE_MAX)
        return lc_ctx_fail(ctx, -ENOSPC, "attaching a network interface to domain %u: "
                           "handle %u is in use, and it is the last", domid, top);
    *handle = n ? top + 1 : 0;
    return 0;
}

/* A second vif with one MAC would confuse the bridge; the readers refuse
 * it in a config, and so does this. */
static int check_mac_free(struct lc_ctx *ctx, struct lc_store *s, uint16_t domid,
                          const uint32_t *ids, unsigned n, const uint8_t mac[6],
                          const char *what)
{
    char text[LC_CFG_MAC_STR_LEN + 1];

    for (unsigned i = 0; i < n; i++) {
        uint8_t other[6];
        bool set = false;
        int rc = lc_dev_backend_mac(s, domid, ids[i], other, &set);

        if (rc)
            return lc_ctx_fail(ctx, rc, "%s: reading the MACs in use", what);
        if (set && !memcmp(other, mac, sizeof(other))) {
            lc_mac_format(mac, text);
            return lc_ctx_fail(ctx, -EEXIST, "%s: vif%u.%u has MAC %s already", what,
                               domid, ids[i], text);
        }
    }
    return 0;
}

static int vif_attach(struct lc_ctx *ctx, struct lc_store *s, uint16_t domid,
                      const struct lc_vif *vif, const uint32_t *ids, unsigned n,
                      unsigned *handle)
{
    char what[WHAT_MAX];
    uint8_t mac[6];
    unsigned h = 0;
    int rc = next_handle(ctx, domid, ids, n, &h);

    if (rc)
        return rc;
    snprintf(what, sizeof(what), "attaching network interface vif%u.%u", domid, h);
    vif_mac(vif, domid, h, mac);
    rc = check_mac_free(ctx, s, domid, ids, n, mac, what);
    if (!rc)
        rc = vif_add(ctx, domid, vif, h, what);
    if (!rc)
        *handle = h;
    return rc;
}

int lc_device_vif_attach(struct lc_ctx *ctx, uint16_t domid, const struct lc_vif *vif,
                         unsigned *handle)
{
    struct lc_store *s;
    uint32_t *ids = NULL;
    unsigned n = 0;
    int rc;

    lc_ctx_clear_error(ctx);
    s = lc_ctx_store(ctx);
    if (!s)
        return -ENOTCONN;
    rc = lc_dev_ids(s, "vif", domid, &ids, &n);
    if (rc)
        rc = lc_ctx_fail(ctx, rc, "listing domain %u's network interfaces", domid);
    else
        rc = vif_attach(ctx, s, domid, vif, ids, n, handle);
    free(ids);
    return rc;
}

int lc_device_vif_remove(struct lc_ctx *ctx, uint16_t domid, unsigned handle)
{
    char what[40];

    snprintf(what, sizeof(what), "network interface %u", handle);
    return lc_dev_remove_public(ctx, "vif", domid, handle, what);
}

void lc_dev_undo_vifs(struct lc_ctx *ctx, uint16_t domid, unsigned n)
{
    while (n--) {
        struct lc_dev d;

        if (!lc_dev_init(&d, "vif", domid, n))
            lc_dev_remove(ctx, &d, false);
    }
}

int lc_dev_add_vifs(struct lc_ctx *ctx, uint16_t domid, const struct lc_vif *vifs,
                    unsigned n)
{
    char what[WHAT_MAX];

    for (unsigned i = 0; i < n; i++) {
        int rc;

        name_vif(what, domid, i);
        rc = vif_add(ctx, domid, &vifs[i], i, what);

        if (rc) {
            lc_dev_undo_vifs(ctx, domid, i);
            return rc;
        }
    }
    return 0;
}
