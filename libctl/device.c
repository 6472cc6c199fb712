/* Adding a split device as libxl__device_generic_add does: the frontend,
 * backend and /libxl directories in one transaction, each directory
 * given its permissions before anything is written into it (new nodes
 * take their parent's), then the hotplug script and the wait for its
 * word in hotplug-status. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <public/xen.h>
#include "device.h"

#define KEY_PATH_MAX (LC_DEV_PATH_MAX + 64)

int lc_dev_init(struct lc_dev *d, const char *type, uint16_t domid, uint32_t devid)
{
    int f, b, m;

    if (!domid || domid >= DOMID_FIRST_RESERVED)
        return -EINVAL;
    *d = (struct lc_dev){ .type = type, .domid = domid, .devid = devid };
    f = snprintf(d->front, sizeof(d->front), "/local/domain/%u/device/%s/%u", domid,
                 type, devid);
    b = snprintf(d->back, sizeof(d->back), "/local/domain/%u/backend/%s/%u/%u",
                 LC_DEV_BACKEND_ID, type, domid, devid);
    m = snprintf(d->mirror, sizeof(d->mirror), "/libxl/%u/device/%s/%u", domid, type,
                 devid);
    if (f < 0 || b < 0 || m < 0 || (size_t)f >= sizeof(d->front) ||
        (size_t)b >= sizeof(d->back) || (size_t)m >= sizeof(d->mirror))
        return -ENAMETOOLONG;
    return 0;
}

int lc_dev_script_path(const char *script, const char *dflt, char *out, size_t size)
{
    const char *name = script && *script ? script : dflt;
    int n = strchr(name, '/') ? snprintf(out, size, "%s", name)
                              : snprintf(out, size, "%s/%s", LC_HOTPLUG_DIR, name);

    return n < 0 || (size_t)n >= size ? -ENAMETOOLONG : 0;
}

static int key_path(const char *dir, const char *name, char out[KEY_PATH_MAX])
{
    int n = snprintf(out, KEY_PATH_MAX, "%s/%s", dir, name);

    return n < 0 || n >= KEY_PATH_MAX ? -ENAMETOOLONG : 0;
}

int lc_dev_write_key(struct lc_store *s, uint32_t tx, const char *dir, const char *name,
                     const char *value)
{
    char path[KEY_PATH_MAX];
    int rc = key_path(dir, name, path);

    return rc ? rc : lc_store_write(s, tx, path, value);
}

int lc_dev_read_key(struct lc_store *s, uint32_t tx, const char *dir, const char *name,
                    char **value)
{
    char path[KEY_PATH_MAX];
    int rc = key_path(dir, name, path);

    return rc ? rc : lc_store_read(s, tx, path, value);
}

static int write_keys(struct lc_store *s, uint32_t tx, const char *dir,
                      const struct lc_dev_key *keys, size_t n)
{
    int rc = 0;

    for (size_t i = 0; !rc && i < n; i++)
        rc = lc_dev_write_key(s, tx, dir, keys[i].name, keys[i].value);
    return rc;
}

/* A directory that must not exist yet, made with its permissions. */
static int new_dir(struct lc_store *s, uint32_t tx, const char *path, unsigned owner,
                   int reader)
{
    char *v;
    int rc = lc_store_read(s, tx, path, &v);

    if (!rc) {
        free(v);
        return -EEXIST;
    }
    if (rc != -ENOENT)
        return rc;
    rc = lc_store_mkdir(s, tx, path);
    return rc ? rc : lc_store_perms(s, tx, path, owner, reader);
}

/* The guest's device directory: a device needs its domain's entries. */
static int check_domain(struct lc_store *s, uint32_t tx, uint16_t domid)
{
    char path[LC_DEV_PATH_MAX], *v;
    int rc;

    snprintf(path, sizeof(path), "/local/domain/%u/device", domid);
    rc = lc_store_read(s, tx, path, &v);
    if (!rc)
        free(v);
    return rc;
}

/* Keys the guest may only read, owned by the backend's domain. */
static int write_ro_keys(struct lc_store *s, uint32_t tx, const struct lc_dev *d,
                         const struct lc_dev_keys *k)
{
    char path[KEY_PATH_MAX];
    int rc = 0;

    for (size_t i = 0; !rc && i < k->nfront_ro; i++) {
        rc = key_path(d->front, k->front_ro[i].name, path);
        if (!rc)
            rc = lc_store_write(s, tx, path, k->front_ro[i].value);
        if (!rc)
            rc = lc_store_perms(s, tx, path, LC_DEV_BACKEND_ID, d->domid);
    }
    return rc;
}

static int write_front(struct lc_store *s, uint32_t tx, const struct lc_dev *d,
                       const struct lc_dev_keys *k)
{
    int rc = new_dir(s, tx, d->front, d->domid, LC_DEV_BACKEND_ID);

    if (!rc)
        rc = lc_dev_write_key(s, tx, d->front, "backend", d->back);
    if (!rc)
        rc = lc_dev_write_key(s, tx, d->front, "backend-id", "0");
    if (!rc)
        rc = lc_dev_write_key(s, tx, d->front, "state", "1");
    if (!rc)
        rc = write_keys(s, tx, d->front, k->front, k->nfront);
    return rc ? rc : write_ro_keys(s, tx, d, k);
}

/* The backend's keys, which the /libxl mirror repeats. */
static int write_back_keys(struct lc_store *s, uint32_t tx, const struct lc_dev *d,
                           const char *dir, const struct lc_dev_keys *k)
{
    char id[8];
    int rc;

    snprintf(id, sizeof(id), "%u", d->domid);
    rc = lc_dev_write_key(s, tx, dir, "frontend", d->front);
    if (!rc)
        rc = lc_dev_write_key(s, tx, dir, "frontend-id", id);
    if (!rc)
        rc = lc_dev_write_key(s, tx, dir, "online", "1");
    if (!rc)
        rc = lc_dev_write_key(s, tx, dir, "state", "1");
    return rc ? rc : write_keys(s, tx, dir, k->back, k->nback);
}

struct dev_write {
    const struct lc_dev *d;
    const struct lc_dev_keys *k;
};

static int write_all(struct lc_store *s, uint32_t tx, void *arg)
{
    const struct dev_write *w = arg;
    const struct lc_dev *d = w->d;
    int rc = check_domain(s, tx, d->domid);

    if (!rc)
        rc = write_front(s, tx, d, w->k);
    if (!rc)
        rc = new_dir(s, tx, d->back, LC_DEV_BACKEND_ID, d->domid);
    if (!rc)
        rc = write_back_keys(s, tx, d, d->back, w->k);
    if (!rc)
        rc = new_dir(s, tx, d->mirror, 0, -1);
    if (!rc)
        rc = write_back_keys(s, tx, d, d->mirror, w->k);
    return rc ? rc : lc_dev_write_key(s, tx, d->mirror, "backend", d->back);
}

/* The script said "error", or exited non-zero: its hotplug-error says why. */
static int script_failed(struct lc_ctx *ctx, struct lc_store *s, const struct lc_dev *d,
                         const char *script, int status, const char *what)
{
    char *msg = NULL;
    int rc;

    if (lc_dev_read_key(s, XS_TX_NONE, d->back, "hotplug-error", &msg) || !*msg) {
        free(msg);
        msg = NULL;
    }
    if (msg)
        rc = lc_ctx_fail(ctx, -EIO, "%s: hotplug script %s: %s", what, script, msg);
    else if (status)
        rc = lc_ctx_fail(ctx, -EIO, "%s: hotplug script %s exited with status %d", what,
                         script, status);
    else
        rc = lc_ctx_fail(ctx, -EIO, "%s: hotplug script %s reported an error", what,
                         script);
    free(msg);
    return rc;
}

/* Polls rather than watches: the script has normally finished (and
 * written its word) by the time this starts. */
static int wait_hotplug(struct lc_ctx *ctx, struct lc_store *s, const struct lc_dev *d,
                        const char *script, int status, uint64_t deadline,
                        const char *what)
{
    for (;;) {
        char *v = NULL;
        int rc = lc_dev_read_key(s, XS_TX_NONE, d->back, "hotplug-status", &v);
        bool connected = !rc && !strcmp(v, "connected"), error = !rc && !strcmp(v, "error");

        free(v);
        if (rc && rc != -ENOENT)
            return lc_ctx_fail(ctx, rc, "%s: reading %s/hotplug-status", what, d->back);
        if (connected)
            return 0;
        if (error || status)
            return script_failed(ctx, s, d, script, status, what);
        if (lc_dev_now_ms() >= deadline)
            return lc_ctx_fail(ctx, -ETIMEDOUT, "%s: no hotplug-status from %s within "
                               "%u ms", what, script, lc_dev_timeout_ms(ctx));
        lc_dev_sleep_ms(LC_DEV_POLL_MS);
    }
}

static int hotplug_add(struct lc_ctx *ctx, struct lc_store *s, const struct lc_dev *d,
                       const char *script, const char *what)
{
    unsigned timeout = lc_dev_timeout_ms(ctx);
    uint64_t deadline = lc_dev_now_ms() + timeout;
    int status = lc_dev_run_script(ctx, d, script, "add", timeout);

    if (status == -ETIMEDOUT)
        return lc_ctx_fail(ctx, status, "%s: hotplug script %s still running after %u ms",
                           what, script, timeout);
    if (status < 0)
        return lc_ctx_fail(ctx, status, "%s: running hotplug script %s", what, script);
    return wait_hotplug(ctx, s, d, script, status, deadline, what);
}

int lc_dev_add(struct lc_ctx *ctx, const struct lc_dev *d, const struct lc_dev_keys *k,
               const char *script, const char *what)
{
    struct lc_store *s = lc_ctx_store(ctx);
    struct dev_write w = { d, k };
    int rc;

    if (!s)
        return -ENOTCONN;
    rc = lc_store_transact(s, write_all, &w);
    if (rc == -ENOENT)
        return lc_ctx_fail(ctx, rc, "%s: domain %u has no xenstore entries", what,
                           d->domid);
    if (rc == -EEXIST)
        return lc_ctx_fail(ctx, rc, "%s: domain %u has %s %u already", what, d->domid,
                           d->type, d->devid);
    if (rc)
        return lc_ctx_fail(ctx, rc, "%s: writing its xenstore entries", what);
    rc = hotplug_add(ctx, s, d, script, what);
    if (rc)
        lc_dev_remove(ctx, d, false);
    return rc;
}
