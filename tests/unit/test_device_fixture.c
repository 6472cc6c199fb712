/* The device tests' fixture: see test_device.h. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "unit.h"
#include "test_device.h"

static const char *env_value(char *const env[], const char *name, unsigned *n)
{
    size_t len = strlen(name);
    const char *found = "";

    for (*n = 0; env[*n]; (*n)++)
        if (!strncmp(env[*n], name, len) && env[*n][len] == '=')
            found = env[*n] + len + 1;
    return found;
}

static void record(struct fake_runner *r, const char *script, const char *action,
                   char *const env[], unsigned timeout_ms)
{
    struct fr_call *c;

    if (r->ncalls == FR_CALLS_MAX)
        return;
    c = &r->calls[r->ncalls++];
    snprintf(c->script, sizeof(c->script), "%s", script);
    snprintf(c->action, sizeof(c->action), "%s", action);
    snprintf(c->path, sizeof(c->path), "%s", env_value(env, "XENBUS_PATH", &c->nenv));
    snprintf(c->type, sizeof(c->type), "%s", env_value(env, "XENBUS_TYPE", &c->nenv));
    snprintf(c->base, sizeof(c->base), "%s", env_value(env, "XENBUS_BASE_PATH", &c->nenv));
    snprintf(c->vif, sizeof(c->vif), "%s", env_value(env, "vif", &c->nenv));
    c->timeout_ms = timeout_ms;
}

static void set_key(struct fake_runner *r, const char *dir, const char *key,
                    const char *value)
{
    char path[256];

    snprintf(path, sizeof(path), "%s/%s", dir, key);
    CU_ASSERT_EQUAL(lc_fake_store_set(r->xs, path, value), 0);
}

/* What the block and vif-bridge scripts leave when they succeed. */
static int connect(struct fake_runner *r, const char *dir, const char *type)
{
    if (!strcmp(type, "vbd")) {
        set_key(r, dir, "node", "/dev/loop0");
        set_key(r, dir, "physical-device", "7:0");
        set_key(r, dir, "physical-device-path", "/dev/loop0");
    }
    set_key(r, dir, "hotplug-status", "connected");
    return 0;
}

int fr_run(void *arg, const char *script, const char *action, char *const env[],
             unsigned timeout_ms)
{
    struct fake_runner *r = arg;
    const struct fr_call *c;

    record(r, script, action, env, timeout_ms);
    c = &r->calls[r->ncalls - 1];
    if (strcmp(action, "add")) {
        r->nremoves++;
        return 0;
    }
    if (++r->nadds != r->fail_nth)
        return connect(r, c->path, c->type);
    switch (r->mode) {
    case FR_CONNECT:
        return connect(r, c->path, c->type);
    case FR_ERROR:
        set_key(r, c->path, "hotplug-error", "/nope.img does not exist");
        set_key(r, c->path, "hotplug-status", "error");
        return 1;
    case FR_EXIT3:
        return 3;
    case FR_SILENT:
        return 0;
    case FR_NO_SPAWN:
        return -ENOENT;
    case FR_HANG:
        return -ETIMEDOUT;
    }
    return -EINVAL;
}

void dw_init(struct dw *w, bool build, bool paused)
{
    *w = (struct dw){ 0 };
    CU_ASSERT_FATAL(lcf_init(&w->fx) == 0);
    w->run.xs = w->fx.xs;
    lc_ctx_set_hotplug(w->fx.ctx, fr_run, &w->run);
    lc_ctx_set_device_timeout(w->fx.ctx, DW_TIMEOUT_MS);
    w->kernel = lcf_image_bytes(0, 1 << 20, 0, 4096);
    CU_ASSERT_FATAL(w->kernel != NULL);
    w->p = (struct lc_build_params){
        .name = "guest", .memory_kb = 8192, .vcpus = 1, .uuid = { 1, 2, 3 },
        .kernel = lcf_file(&w->fx, "Image", w->kernel, 4096),
    };
    w->empty = lc_fake_store_dump(w->fx.xs);
    if (build) {
        CU_ASSERT_EQUAL_FATAL(lc_domain_create(w->fx.ctx, &w->p,
                                               paused ? LC_CREATE_PAUSED : 0, &w->domid),
                              0);
        CU_ASSERT_EQUAL(w->domid, 1);
    }
    w->built = lc_fake_store_dump(w->fx.xs);
}

void dw_fini(struct dw *w)
{
    free(w->kernel);
    free(w->empty);
    free(w->built);
    lcf_fini(&w->fx);
}

void dw_store_is(struct dw *w, const char *snapshot)
{
    char *now = lc_fake_store_dump(w->fx.xs);

    CU_ASSERT_PTR_NOT_NULL_FATAL(now);
    CU_ASSERT_STRING_EQUAL(now, snapshot);
    if (strcmp(now, snapshot))
        fprintf(stderr, "\n--- expected\n%s--- found\n%s", snapshot, now);
    free(now);
}

struct lc_disk dw_disk(const char *vdev, const char *target)
{
    return (struct lc_disk){
        .target = (char *)target, .vdev = (char *)vdev, .readwrite = true,
        .discard = true, .trusted = true,
    };
}

struct lc_vif dw_vif(void)
{
    return (struct lc_vif){ .bridge = "xenbr0" };
}

/* ---- the slow store ---- */

static struct slow_store *slow(struct lc_store *s)
{
    return (struct slow_store *)s;
}

static bool backend_key(const char *path, const char *key)
{
    size_t len = strlen(path), klen = strlen(key);

    return strstr(path, "/backend/") && len > klen && !strcmp(path + len - klen, key) &&
           path[len - klen - 1] == '/';
}

static int ss_read(struct lc_store *s, uint32_t tx, const char *path, char **value,
                   size_t *len)
{
    struct slow_store *w = slow(s);

    if (backend_key(path, "hotplug-status") &&
        ++w->status_reads == w->status_after)
        lc_fake_store_set(w->xs, path, "connected");
    if (backend_key(path, "state") && ++w->state_reads == w->closed_after)
        lc_fake_store_set(w->xs, path, "6");
    return w->inner->ops->read(w->inner, tx, path, value, len);
}

static int ss_write(struct lc_store *s, uint32_t tx, const char *path, const void *value,
                    size_t len)
{
    struct slow_store *w = slow(s);

    if (backend_key(path, "state") && len < sizeof(w->last_state))
        snprintf(w->last_state, sizeof(w->last_state), "%.*s", (int)len,
                 (const char *)value);
    if (backend_key(path, "online") && len < sizeof(w->last_online))
        snprintf(w->last_online, sizeof(w->last_online), "%.*s", (int)len,
                 (const char *)value);
    return w->inner->ops->write(w->inner, tx, path, value, len);
}

static int ss_mkdir(struct lc_store *s, uint32_t tx, const char *path)
{
    return slow(s)->inner->ops->mkdir(slow(s)->inner, tx, path);
}

static int ss_rm(struct lc_store *s, uint32_t tx, const char *path)
{
    return slow(s)->inner->ops->rm(slow(s)->inner, tx, path);
}

static int ss_set_perms(struct lc_store *s, uint32_t tx, const char *path,
                        const struct xs_perm *perms, unsigned n)
{
    return slow(s)->inner->ops->set_perms(slow(s)->inner, tx, path, perms, n);
}

static int ss_directory(struct lc_store *s, uint32_t tx, const char *path,
                        char ***names, unsigned *n)
{
    return slow(s)->inner->ops->directory(slow(s)->inner, tx, path, names, n);
}

static int ss_tx_start(struct lc_store *s, uint32_t *tx)
{
    return slow(s)->inner->ops->tx_start(slow(s)->inner, tx);
}

static int ss_tx_end(struct lc_store *s, uint32_t tx, bool commit)
{
    return slow(s)->inner->ops->tx_end(slow(s)->inner, tx, commit);
}

static int ss_introduce(struct lc_store *s, unsigned domid, uint64_t gfn, unsigned port)
{
    return slow(s)->inner->ops->introduce(slow(s)->inner, domid, gfn, port);
}

static int ss_release(struct lc_store *s, unsigned domid)
{
    return slow(s)->inner->ops->release(slow(s)->inner, domid);
}

static void ss_close(struct lc_store *s)
{
    lc_store_close(slow(s)->inner);
    free(s);
}

static const struct lc_store_ops slow_ops = {
    .read = ss_read, .write = ss_write, .mkdir = ss_mkdir, .rm = ss_rm,
    .set_perms = ss_set_perms, .directory = ss_directory, .tx_start = ss_tx_start,
    .tx_end = ss_tx_end, .introduce = ss_introduce, .release = ss_release,
    .close = ss_close,
};

struct slow_store *slow_store_over(struct lcf *fx)
{
    struct slow_store *s = calloc(1, sizeof(*s));

    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    s->s.ops = &slow_ops;
    s->inner = fx->ctx->store;
    s->xs = fx->xs;
    fx->ctx->store = &s->s;
    return s;
}

struct slow_store *slow_store_wrap(struct dw *w)
{
    return slow_store_over(&w->fx);
}
