/* Removing split devices as libxl does: tell the backend to close, give
 * it (and the guest's frontend) a bounded time to reach Closed, run the
 * hotplug script with "remove", then delete the directories. A device
 * whose backend never answers is removed all the same. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <public/xen.h>
#include "device.h"

struct close_arg {
    const struct lc_dev *d;
    bool present;               /* the backend directory was there */
};

static int close_backend(struct lc_store *s, uint32_t tx, void *arg)
{
    struct close_arg *c = arg;
    char *v;
    int rc = lc_store_read(s, tx, c->d->back, &v);

    c->present = !rc;
    if (rc)
        return rc == -ENOENT ? 0 : rc;
    free(v);
    rc = lc_dev_write_key(s, tx, c->d->back, "online", "0");
    return rc ? rc : lc_dev_write_key(s, tx, c->d->back, "state", "5");
}

/* Until the backend says Closed (6) or is gone; giving up is no error. */
static void wait_closed(struct lc_ctx *ctx, struct lc_store *s, const struct lc_dev *d)
{
    uint64_t deadline = lc_dev_now_ms() + lc_dev_timeout_ms(ctx);

    for (;;) {
        char *v = NULL;
        int rc = lc_dev_read_key(s, XS_TX_NONE, d->back, "state", &v);
        bool closed = !rc && !strcmp(v, "6");

        free(v);
        if (closed || rc || lc_dev_now_ms() >= deadline)
            return;
        lc_dev_sleep_ms(LC_DEV_POLL_MS);
    }
}

/* The script the backend names; its failure only leaves a trace in its
 * own log, as the device goes anyway. */
static void run_remove_script(struct lc_ctx *ctx, struct lc_store *s,
                              const struct lc_dev *d)
{
    char *script = NULL;

    if (!lc_dev_read_key(s, XS_TX_NONE, d->back, "script", &script) && *script)
        lc_dev_run_script(ctx, d, script, "remove", lc_dev_timeout_ms(ctx));
    free(script);
}

static int rm_if_there(struct lc_store *s, uint32_t tx, const char *path)
{
    int rc = lc_store_rm(s, tx, path);

    return rc == -ENOENT ? 0 : rc;
}

/* Removes path, then each parent left empty, up to (not including) stop. */
static int rm_and_prune(struct lc_store *s, uint32_t tx, const char *path,
                        const char *stop)
{
    char dir[LC_DEV_PATH_MAX];
    int rc = rm_if_there(s, tx, path);

    snprintf(dir, sizeof(dir), "%s", path);
    while (!rc) {
        char **names, *slash = strrchr(dir, '/');
        unsigned n;

        *slash = '\0';
        if (strlen(dir) <= strlen(stop))
            break;
        rc = lc_store_directory(s, tx, dir, &names, &n);
        if (rc)
            return rc == -ENOENT ? 0 : rc;
        free(names);
        if (n)
            break;
        rc = rm_if_there(s, tx, dir);
    }
    return rc;
}

static int delete_dirs(struct lc_store *s, uint32_t tx, void *arg)
{
    const struct lc_dev *d = arg;
    char front_stop[LC_DEV_PATH_MAX], mirror_stop[LC_DEV_PATH_MAX];
    int rc;

    snprintf(front_stop, sizeof(front_stop), "/local/domain/%u/device", d->domid);
    snprintf(mirror_stop, sizeof(mirror_stop), "/libxl/%u", d->domid);
    rc = rm_and_prune(s, tx, d->back, "/local/domain/0");
    if (!rc)
        rc = rm_and_prune(s, tx, d->front, front_stop);
    return rc ? rc : rm_and_prune(s, tx, d->mirror, mirror_stop);
}

int lc_dev_remove(struct lc_ctx *ctx, const struct lc_dev *d, bool wait)
{
    struct close_arg c = { .d = d };
    struct lc_store *s = ctx->store;
    int closing, deleting;

    if (!s)
        return -ENOTCONN;
    closing = lc_store_transact(s, close_backend, &c);
    if (c.present && !closing && wait)
        wait_closed(ctx, s, d);
    if (c.present)
        run_remove_script(ctx, s, d);
    deleting = lc_store_transact(s, delete_dirs, (void *)d);
    return closing ? closing : deleting;
}

/* Adds id to the set in ids. */
static int add_id(uint32_t **ids, unsigned *n, uint32_t id)
{
    uint32_t *more;

    for (unsigned j = 0; j < *n; j++)
        if ((*ids)[j] == id)
            return 0;
    more = realloc(*ids, (*n + 1) * sizeof(**ids));
    if (!more)
        return -ENOMEM;
    more[(*n)++] = id;
    *ids = more;
    return 0;
}

int lc_dev_collect(struct lc_store *s, const char *dir, uint32_t **ids, unsigned *n)
{
    char **names, *end;
    unsigned count;
    int rc = lc_store_directory(s, XS_TX_NONE, dir, &names, &count);

    if (rc)
        return rc == -ENOENT ? 0 : rc;
    for (unsigned i = 0; !rc && i < count; i++) {
        unsigned long long id = strtoull(names[i], &end, 10);

        /* Anything else there is not a device. */
        if (!*end && end != names[i] && names[i][0] != '-' && id <= UINT32_MAX)
            rc = add_id(ids, n, (uint32_t)id);
    }
    free(names);
    return rc;
}

int lc_dev_ids(struct lc_store *s, const char *type, uint16_t domid, uint32_t **ids,
               unsigned *n)
{
    char dirs[3][LC_DEV_PATH_MAX];
    int first = 0;

    snprintf(dirs[0], sizeof(dirs[0]), "/local/domain/0/backend/%s/%u", type, domid);
    snprintf(dirs[1], sizeof(dirs[1]), "/local/domain/%u/device/%s", domid, type);
    snprintf(dirs[2], sizeof(dirs[2]), "/libxl/%u/device/%s", domid, type);
    for (size_t i = 0; i < 3; i++) {
        int rc = lc_dev_collect(s, dirs[i], ids, n);

        first = first ? first : rc;
    }
    return first;
}

/* Every device of one type, found by any of its three directories. */
static int remove_type(struct lc_ctx *ctx, const char *type, uint16_t domid, bool wait)
{
    uint32_t *ids = NULL;
    unsigned n = 0;
    int first = lc_dev_ids(ctx->store, type, domid, &ids, &n);

    for (unsigned i = 0; i < n; i++) {
        struct lc_dev d;
        int rc = lc_dev_init(&d, type, domid, ids[i]);

        if (!rc)
            rc = lc_dev_remove(ctx, &d, wait);
        first = first ? first : rc;
    }
    free(ids);
    return first;
}

int lc_dev_remove_all(struct lc_ctx *ctx, uint16_t domid, bool wait)
{
    int vbd, vif;

    if (!ctx->store)
        return -ENOTCONN;
    vbd = remove_type(ctx, "vbd", domid, wait);
    vif = remove_type(ctx, "vif", domid, wait);
    return vbd ? vbd : vif;
}

/* Whether a frontend may still answer: waiting for one that cannot only
 * costs the timeout. */
static bool frontend_can_answer(struct lc_ctx *ctx, uint16_t domid)
{
    const uint32_t stopped = KEEL_DOMINF_dying | KEEL_DOMINF_shutdown | KEEL_DOMINF_paused;
    struct keel_domaininfo info;

    return !lc_domctl_getdomaininfo(ctx->hc, domid, &info) && !(info.flags & stopped);
}

int lc_dev_remove_public(struct lc_ctx *ctx, const char *type, uint16_t domid,
                         uint32_t devid, const char *what)
{
    struct lc_dev d;
    int rc;

    lc_ctx_clear_error(ctx);
    rc = lc_dev_init(&d, type, domid, devid);
    if (rc)
        return lc_ctx_fail(ctx, rc, "removing %s from domain %u", what, domid);
    if (!lc_ctx_store(ctx))
        return -ENOTCONN;
    rc = lc_dev_remove(ctx, &d, frontend_can_answer(ctx, domid));
    return rc ? lc_ctx_fail(ctx, rc, "removing %s from domain %u", what, domid) : 0;
}

int lc_devices_remove_all(struct lc_ctx *ctx, uint16_t domid)
{
    int rc;

    lc_ctx_clear_error(ctx);
    if (!domid || domid >= DOMID_FIRST_RESERVED)
        return lc_ctx_fail(ctx, -EINVAL, "removing the devices of domain %u", domid);
    if (!lc_ctx_store(ctx))
        return -ENOTCONN;
    rc = lc_dev_remove_all(ctx, domid, frontend_can_answer(ctx, domid));
    return rc ? lc_ctx_fail(ctx, rc, "removing the devices of domain %u", domid) : 0;
}
