/* A domain's lifecycle after creation: destroy, shutdown, pause and
 * unpause, and its balloon target. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <public/xen.h>
#include "device.h"
#include "domain.h"

#define POLL_INTERVAL_NS 10000000L      /* 10 ms */
#define PATH_LEN 64

static uint64_t now_ms(void)
{
    struct timespec t;

    clock_gettime(CLOCK_MONOTONIC, &t);
    return (uint64_t)t.tv_sec * 1000 + (uint64_t)t.tv_nsec / 1000000;
}

int lc_wait_gone(struct lc_ctx *ctx, uint16_t domid)
{
    const struct timespec interval = { 0, POLL_INTERVAL_NS };
    uint64_t deadline = now_ms() + ctx->destroy_timeout_ms;
    struct keel_domaininfo info;

    for (;;) {
        int rc = lc_domctl_getdomaininfo(ctx->hc, domid, &info);

        if (rc == -ESRCH)
            return 0;
        if (rc)
            return rc;
        if (now_ms() >= deadline)
            return -ETIMEDOUT;
        nanosleep(&interval, NULL);
    }
}

/* The /vm/<uuid> path the domain's entries name, or NULL. */
static char *vm_path(struct lc_store *s, uint16_t domid)
{
    char path[PATH_LEN], *vm = NULL;

    snprintf(path, sizeof(path), "/local/domain/%u/vm", domid);
    if (lc_store_read(s, XS_TX_NONE, path, &vm))
        return NULL;
    /* Only ever remove a direct child of /vm, whatever the node says. */
    if (strncmp(vm, "/vm/", 4) || !vm[4] || strchr(vm + 4, '/')) {
        free(vm);
        return NULL;
    }
    return vm;
}

static int forget(struct lc_ctx *ctx, struct lc_store *s, uint16_t domid, char *vm)
{
    int rc = lc_domain_nodes_remove(s, domid, vm);
    int rel = lc_store_release(s, domid);

    free(vm);
    if (rc)
        return lc_ctx_fail(ctx, rc, "removing domain %u from xenstore", domid);
    /* It was never introduced if building it failed early. */
    if (rel && rel != -ENOENT)
        return lc_ctx_fail(ctx, rel, "releasing domain %u in xenstored", domid);
    return 0;
}

int lc_domain_destroy(struct lc_ctx *ctx, uint16_t domid)
{
    struct lc_store *s;
    char *vm;
    int rc, devs, gone, forgot;

    lc_ctx_clear_error(ctx);
    if (domid == 0 || domid >= DOMID_FIRST_RESERVED)
        return lc_ctx_fail(ctx, -EINVAL, "destroying domain %u", domid);
    s = lc_ctx_store(ctx);
    if (!s)
        return -ENOTCONN;
    vm = vm_path(s, domid);
    rc = lc_domctl_destroydomain(ctx->hc, domid);
    if (rc && rc != -ESRCH) {
        free(vm);
        return lc_ctx_fail(ctx, rc, "destroying domain %u", domid);
    }
    /* Before waiting: the hypervisor frees the domain only once its
     * backends have let go of its pages, which they do as their devices
     * go. Its frontends are gone, so there is no waiting for them. */
    devs = lc_dev_remove_all(ctx, domid, false);
    gone = rc ? 0 : lc_wait_gone(ctx, domid);
    /* What xenstore holds goes even if the domain was gone already. */
    forgot = forget(ctx, s, domid, vm);
    if (rc)
        return lc_ctx_fail(ctx, rc, "destroying domain %u", domid);
    if (gone)
        return lc_ctx_fail(ctx, gone, "waiting for domain %u to go", domid);
    if (devs)
        return lc_ctx_fail(ctx, devs, "removing domain %u's devices", domid);
    return forgot;
}

static int check_exists(struct lc_ctx *ctx, uint16_t domid)
{
    struct keel_domaininfo info;
    int rc = lc_domctl_getdomaininfo(ctx->hc, domid, &info);

    return rc ? lc_ctx_fail(ctx, rc, "domain %u", domid) : 0;
}

int lc_domain_shutdown(struct lc_ctx *ctx, uint16_t domid,
                       enum lc_shutdown_reason reason)
{
    static const char *const words[] = {
        [LC_SHUTDOWN_POWEROFF] = "poweroff", [LC_SHUTDOWN_REBOOT] = "reboot",
    };
    char path[PATH_LEN];
    struct lc_store *s;
    int rc;

    lc_ctx_clear_error(ctx);
    if ((unsigned)reason >= sizeof(words) / sizeof(words[0]))
        return lc_ctx_fail(ctx, -EINVAL, "shutdown reason %d", (int)reason);
    s = lc_ctx_store(ctx);
    if (!s)
        return -ENOTCONN;
    rc = check_exists(ctx, domid);
    if (rc)
        return rc;
    snprintf(path, sizeof(path), "/local/domain/%u/control/shutdown", domid);
    rc = lc_store_write(s, XS_TX_NONE, path, words[reason]);
    return rc ? lc_ctx_fail(ctx, rc, "asking domain %u to %s", domid, words[reason]) : 0;
}

int lc_domain_pause(struct lc_ctx *ctx, uint16_t domid)
{
    int rc;

    lc_ctx_clear_error(ctx);
    rc = lc_domctl_pausedomain(ctx->hc, domid);
    return rc ? lc_ctx_fail(ctx, rc, "pausing domain %u", domid) : 0;
}

int lc_domain_unpause(struct lc_ctx *ctx, uint16_t domid)
{
    int rc;

    lc_ctx_clear_error(ctx);
    rc = lc_domctl_unpausedomain(ctx->hc, domid);
    return rc ? lc_ctx_fail(ctx, rc, "unpausing domain %u", domid) : 0;
}

/* memory/static-max in KiB; -ENOENT if the domain has none. */
static int static_max(struct lc_store *s, uint16_t domid, uint64_t *kb)
{
    char path[PATH_LEN], *value, *end;
    int rc;

    snprintf(path, sizeof(path), "/local/domain/%u/memory/static-max", domid);
    rc = lc_store_read(s, XS_TX_NONE, path, &value);
    if (rc)
        return rc;
    errno = 0;
    *kb = strtoull(value, &end, 10);
    rc = errno || end == value || *end ? -EINVAL : 0;
    free(value);
    return rc;
}

int lc_mem_set(struct lc_ctx *ctx, uint16_t domid, uint64_t target_kb)
{
    char path[PATH_LEN];
    struct lc_store *s;
    uint64_t max;
    int rc;

    lc_ctx_clear_error(ctx);
    s = lc_ctx_store(ctx);
    if (!s)
        return -ENOTCONN;
    rc = check_exists(ctx, domid);
    if (rc)
        return rc;
    rc = static_max(s, domid, &max);
    if (rc)
        return lc_ctx_fail(ctx, rc, "reading domain %u's memory/static-max", domid);
    if (!target_kb || target_kb > max)
        return lc_ctx_fail(ctx, -EINVAL, "target %llu KiB (1 to %llu)",
                           (unsigned long long)target_kb, (unsigned long long)max);
    snprintf(path, sizeof(path), "/local/domain/%u/memory/target", domid);
    rc = lc_store_printf(s, XS_TX_NONE, path, "%llu", (unsigned long long)target_kb);
    return rc ? lc_ctx_fail(ctx, rc, "setting domain %u's memory target", domid) : 0;
}
