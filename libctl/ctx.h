/* The context every lifecycle call takes: a transport, a store and the
 * last failure's message. Not public. */
#ifndef KEEL_LIBCTL_CTX_H
#define KEEL_LIBCTL_CTX_H

#include "hypercall.h"
#include "store.h"

#define LC_ERROR_MAX 512
#define LC_DESTROY_TIMEOUT_MS 10000

struct lc_ctx {
    struct lc_hc *hc;
    struct lc_store *store;     /* NULL: opened with LC_CTX_NO_STORE */
    unsigned destroy_timeout_ms;
    lc_hotplug_fn *hotplug;     /* NULL: lc_hotplug_exec (device_hotplug.c) */
    void *hotplug_arg;
    unsigned device_timeout_ms; /* 0: LC_DEVICE_TIMEOUT_MS */
    char error[LC_ERROR_MAX];
};

/* Takes ownership of both (store may be NULL); NULL if out of memory, in
 * which case both are closed. */
struct lc_ctx *lc_ctx_new(struct lc_hc *hc, struct lc_store *store);
/* Records "<what>: <strerror(-err)>" and returns err. */
int lc_ctx_fail(struct lc_ctx *ctx, int err, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void lc_ctx_clear_error(struct lc_ctx *ctx);
/* The store, or NULL after recording -ENOTCONN. */
struct lc_store *lc_ctx_store(struct lc_ctx *ctx);

#endif
