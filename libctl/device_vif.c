/* Network interfaces: a vif as libxl writes one for a bridged interface,
 * which the vif-bridge hotplug script puts on its bridge once netback has
 * made vif<domid>.<handle>. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "device.h"

#define WHAT_MAX 64
#define VIF_KEYS_MAX 8

void lc_vif_default_mac(uint16_t domid, unsigned index, uint8_t mac[6])
{
    mac[0] = 0x00;
    mac[1] = 0x16;
    mac[2] = 0x3e;
    mac[3] = (uint8_t)(domid >> 8);
    mac[4] = (uint8_t)domid;
    mac[5] = (uint8_t)index;
}

/* The backend's own keys; ip and vifname only when set, as libxl does. */
static size_t back_keys(const struct lc_vif *vif, const char *script, const char *mac,
                        const char *handle, struct lc_dev_key *k)
{
    size_t n = 0;

    k[n++] = (struct lc_dev_key){ "script", script };
    k[n++] = (struct lc_dev_key){ "mac", mac };
    k[n++] = (struct lc_dev_key){ "bridge", vif->bridge ? vif->bridge
                                                        : LC_CFG_DEFAULT_BRIDGE };
    k[n++] = (struct lc_dev_key){ "handle", handle };
    k[n++] = (struct lc_dev_key){ "type", "vif" };
    k[n++] = (struct lc_dev_key){ "hotplug-status", "" };
    if (vif->ip)
        k[n++] = (struct lc_dev_key){ "ip", vif->ip };
    if (vif->vifname)
        k[n++] = (struct lc_dev_key){ "vifname", vif->vifname };
    return n;
}

static int vif_add(struct lc_ctx *ctx, uint16_t domid, const struct lc_vif *vif,
                   unsigned index)
{
    char what[WHAT_MAX], script[LC_DEV_PATH_MAX], handle[12], mtu[12];
    char mac[LC_CFG_MAC_STR_LEN + 1];
    struct lc_dev_key back[VIF_KEYS_MAX];
    uint8_t m[6];
    struct lc_dev d;
    int rc;

    snprintf(what, sizeof(what), "adding network interface %u (vif%u.%u)", index, domid,
             index);
    rc = lc_dev_init(&d, "vif", domid, index);
    if (rc)
        return lc_ctx_fail(ctx, rc, "%s", what);
    rc = lc_dev_script_path(vif->script, LC_HOTPLUG_VIF, script, sizeof(script));
    if (rc)
        return lc_ctx_fail(ctx, rc, "%s: hotplug script %s", what, vif->script);
    if (vif->mac_set)
        memcpy(m, vif->mac, sizeof(m));
    else
        lc_vif_default_mac(domid, index, m);
    lc_mac_format(m, mac);
    snprintf(handle, sizeof(handle), "%u", index);
    snprintf(mtu, sizeof(mtu), "%u", LC_VIF_MTU);

    const struct lc_dev_key front[] = {
        { "handle", handle }, { "mac", mac }, { "trusted", "1" },
    };
    const struct lc_dev_key front_ro[] = { { "mtu", mtu } };
    const struct lc_dev_keys keys = {
        .back = back, .nback = back_keys(vif, script, mac, handle, back),
        .front = front, .nfront = sizeof(front) / sizeof(front[0]),
        .front_ro = front_ro, .nfront_ro = 1,
    };

    return lc_dev_add(ctx, &d, &keys, script, what);
}

int lc_device_vif_add(struct lc_ctx *ctx, uint16_t domid, const struct lc_vif *vif,
                      unsigned index)
{
    lc_ctx_clear_error(ctx);
    return vif_add(ctx, domid, vif, index);
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
    for (unsigned i = 0; i < n; i++) {
        int rc = vif_add(ctx, domid, &vifs[i], i);

        if (rc) {
            lc_dev_undo_vifs(ctx, domid, i);
            return rc;
        }
    }
    return 0;
}
