/* xl network-attach, network-detach and network-list: a running domain's
 * virtual network interfaces, with Xen's xl's arguments and columns. */
#include <stdlib.h>
#include <string.h>
#include "xl.h"

int xl_cmd_network_attach(struct xl_env *env, const struct xl_args *a)
{
    struct lc_config_error err;
    struct lc_dominfo d;
    struct lc_vif vif;
    unsigned handle;
    int rc;

    if (xl_find_domain(env, a->argv[0], &d))
        return XL_FAIL;
    if (lc_vif_from_words(a->argv + 1, (unsigned)a->argc - 1, &vif, &err))
        return xl_fail(env, "%s", err.msg);
    rc = lc_device_vif_attach(env->ctx, d.domid, &vif, &handle);
    if (!rc && !vif.mac_set) {
        /* What libctl gave it, kept so that a restart gives the same. */
        lc_vif_default_mac(d.domid, handle, vif.mac);
        vif.mac_set = true;
    }
    if (!rc && xl_config_put_vif(env, &d, &vif)) {
        if (lc_device_vif_remove(env->ctx, d.domid, handle))
            xl_msg(env, "%s", lc_ctx_error(env->ctx));
        lc_vif_free(&vif);
        return xl_fail(env, "vif%u.%u detached again: its config was not stored", d.domid,
                       handle);
    }
    lc_vif_free(&vif);
    return rc ? xl_fail_ctx(env, rc, "attaching the network interface") : XL_OK;
}

/* xl's DevId|mac: a handle, or (with a ':') the MAC of one. */
static const struct lc_device_info *find_vif(const struct lc_device_info *list, unsigned n,
                                             const char *id)
{
    bool by_mac = strchr(id, ':');
    unsigned long handle = 0;
    uint8_t mac[6];
    char *end = NULL;

    if (by_mac ? lc_mac_parse(id, mac) != 0 : (*id < '0' || *id > '9'))
        return NULL;
    if (!by_mac) {
        handle = strtoul(id, &end, 10);
        if (*end)
            return NULL;
    }
    for (unsigned i = 0; i < n; i++) {
        bool same = by_mac ? list[i].mac_set && !memcmp(list[i].mac, mac, sizeof(mac))
                           : list[i].devid == handle;

        if (same)
            return &list[i];
    }
    return NULL;
}

int xl_cmd_network_detach(struct xl_env *env, const struct xl_args *a)
{
    const struct lc_device_info *vif;
    struct lc_device_info *list;
    struct lc_dominfo d;
    unsigned n;
    int rc;

    if (xl_find_domain(env, a->argv[0], &d))
        return XL_FAIL;
    rc = lc_device_vif_list(env->ctx, d.domid, &list, &n);
    if (rc)
        return xl_fail_ctx(env, rc, "listing the network interfaces");
    vif = find_vif(list, n, a->argv[1]);
    if (!vif)
        rc = xl_fail(env, "Unknown device %s.", a->argv[1]);
    else if ((rc = lc_device_vif_remove(env->ctx, d.domid, vif->devid)) != 0)
        rc = xl_fail_ctx(env, rc, "detaching the network interface");
    else if (vif->mac_set && xl_config_drop_vif(env, &d, vif->mac))
        rc = XL_FAIL;
    free(list);
    return rc;
}

/* Xen's columns: the handle twice, as Idx and handle. */
static void print_vifs(FILE *f, uint16_t domid, const struct lc_device_info *list,
                       unsigned n)
{
    (void)domid;
    for (unsigned i = 0; i < n; i++) {
        const struct lc_device_info *v = &list[i];
        char mac[LC_CFG_MAC_STR_LEN + 1];
        static const uint8_t none[6];

        lc_mac_format(v->mac_set ? v->mac : none, mac);
        fprintf(f, "%-3u %-2d %s%6u %5d %6d %5d/%-11d %-30s\n", v->devid, v->backend_id,
                mac, v->devid, v->state, v->evtch, v->ring_ref[0], v->ring_ref[1],
                v->backend);
    }
}

int xl_cmd_network_list(struct xl_env *env, const struct xl_args *a)
{
    char header[100];

    snprintf(header, sizeof(header), "%-3s %-2s %-17s %-6s %-5s %-6s %5s/%-5s %-30s\n",
             "Idx", "BE", "Mac Addr.", "handle", "state", "evt-ch", "tx-", "rx-ring-ref",
             "BE-path");
    return xl_list_devices(env, a, header, lc_device_vif_list, print_vifs);
}
