/* Reading a domain's devices back from xenstore, for xl block-list,
 * network-list and the detach commands: the ids in its frontend
 * directory and what each frontend says of itself, as libxl's
 * device_*_getinfo reads them. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <public/xen.h>
#include "device.h"

/* What differs between the types' frontends. */
struct dev_kind {
    const char *type;
    const char *rings[2];       /* ring-ref keys, NULL past the last */
    bool mac;
};

static const struct dev_kind vbd_kind = { "vbd", { "ring-ref", NULL }, false };
static const struct dev_kind vif_kind = { "vif", { "tx-ring-ref", "rx-ring-ref" }, true };

/* Decimal digits that fit an int, else -1: the guest writes these. */
static int to_int(const char *s)
{
    long long v = 0;

    if (!*s)
        return -1;
    for (; *s; s++) {
        if (*s < '0' || *s > '9' || v > (long long)INT_MAX)
            return -1;
        v = v * 10 + (*s - '0');
    }
    return v > INT_MAX ? -1 : (int)v;
}

/* A missing key is -1, not an error. */
static int read_int(struct lc_store *s, const char *dir, const char *name, int *out)
{
    char *v = NULL;
    int rc = lc_dev_read_key(s, XS_TX_NONE, dir, name, &v);

    *out = rc ? -1 : to_int(v);
    free(v);
    return rc == -ENOENT ? 0 : rc;
}

/* A value to print on the administrator's terminal: no control bytes. */
static int read_shown(struct lc_store *s, const char *dir, const char *name, char *out,
                      size_t size)
{
    char *v = NULL;
    int rc = lc_dev_read_key(s, XS_TX_NONE, dir, name, &v);
    size_t i = 0;

    for (; !rc && v[i] && i + 1 < size; i++)
        out[i] = v[i] >= 0x20 && v[i] < 0x7f ? v[i] : '?';
    out[i] = '\0';
    free(v);
    return rc == -ENOENT ? 0 : rc;
}

int lc_dev_backend_mac(struct lc_store *s, uint16_t domid, uint32_t devid, uint8_t mac[6],
                       bool *set)
{
    char dir[LC_DEV_PATH_MAX], *v = NULL;
    int rc;

    *set = false;
    snprintf(dir, sizeof(dir), "/local/domain/%u/backend/vif/%u/%u", LC_DEV_BACKEND_ID,
             domid, devid);
    rc = lc_dev_read_key(s, XS_TX_NONE, dir, "mac", &v);
    if (!rc)
        *set = !lc_mac_parse(v, mac);
    free(v);
    return rc == -ENOENT ? 0 : rc;
}

static int read_one(struct lc_store *s, uint16_t domid, const struct dev_kind *k,
                    uint32_t devid, struct lc_device_info *info)
{
    char dir[LC_DEV_PATH_MAX];
    int rc;

    snprintf(dir, sizeof(dir), "/local/domain/%u/device/%s/%u", domid, k->type, devid);
    *info = (struct lc_device_info){ .devid = devid, .ring_ref = { -1, -1 } };
    rc = read_int(s, dir, "backend-id", &info->backend_id);
    if (!rc)
        rc = read_int(s, dir, "state", &info->state);
    if (!rc)
        rc = read_int(s, dir, "event-channel", &info->evtch);
    for (size_t i = 0; !rc && i < 2 && k->rings[i]; i++)
        rc = read_int(s, dir, k->rings[i], &info->ring_ref[i]);
    if (!rc)
        rc = read_shown(s, dir, "backend", info->backend, sizeof(info->backend));
    if (!rc && k->mac)
        rc = lc_dev_backend_mac(s, domid, devid, info->mac, &info->mac_set);
    return rc;
}

static int by_id(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

    return (x > y) - (x < y);
}

static int read_all(struct lc_store *s, uint16_t domid, const struct dev_kind *k,
                    struct lc_device_info **list, unsigned *n)
{
    char dir[LC_DEV_PATH_MAX];
    struct lc_device_info *out = NULL;
    uint32_t *ids = NULL;
    unsigned count = 0;
    int rc;

    snprintf(dir, sizeof(dir), "/local/domain/%u/device/%s", domid, k->type);
    rc = lc_dev_collect(s, dir, &ids, &count);
    if (!rc && count) {
        qsort(ids, count, sizeof(*ids), by_id);
        out = calloc(count, sizeof(*out));
        rc = out ? 0 : -ENOMEM;
    }
    for (unsigned i = 0; !rc && i < count; i++)
        rc = read_one(s, domid, k, ids[i], &out[i]);
    free(ids);
    if (rc) {
        free(out);
        return rc;
    }
    *list = out;
    *n = count;
    return 0;
}

static int list(struct lc_ctx *ctx, uint16_t domid, const struct dev_kind *k,
                struct lc_device_info **list, unsigned *n)
{
    struct lc_store *s;
    int rc;

    lc_ctx_clear_error(ctx);
    *list = NULL;
    *n = 0;
    if (domid >= DOMID_FIRST_RESERVED)
        return lc_ctx_fail(ctx, -EINVAL, "listing the %s devices of domain %u", k->type,
                           domid);
    s = lc_ctx_store(ctx);
    if (!s)
        return -ENOTCONN;
    rc = read_all(s, domid, k, list, n);
    return rc ? lc_ctx_fail(ctx, rc, "listing the %s devices of domain %u", k->type, domid)
              : 0;
}

int lc_device_vbd_list(struct lc_ctx *ctx, uint16_t domid, struct lc_device_info **out,
                       unsigned *n)
{
    return list(ctx, domid, &vbd_kind, out, n);
}

int lc_device_vif_list(struct lc_ctx *ctx, uint16_t domid, struct lc_device_info **out,
                       unsigned *n)
{
    return list(ctx, domid, &vif_kind, out, n);
}
