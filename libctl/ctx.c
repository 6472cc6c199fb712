/* Contexts and their error messages. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "ctx.h"

struct lc_ctx *lc_ctx_new(struct lc_hc *hc, struct lc_store *store)
{
    struct lc_ctx *ctx = calloc(1, sizeof(*ctx));

    if (!ctx) {
        lc_hc_close(hc);
        lc_store_close(store);
        return NULL;
    }
    ctx->hc = hc;
    ctx->store = store;
    ctx->destroy_timeout_ms = LC_DESTROY_TIMEOUT_MS;
    return ctx;
}

int lc_ctx_open(struct lc_ctx **ctx, unsigned flags)
{
    struct lc_store *store = NULL;
    struct lc_hc *hc;
    int rc = lc_hc_open(NULL, &hc);

    if (rc)
        return rc;
    if (!(flags & LC_CTX_NO_STORE)) {
        rc = lc_store_open(NULL, &store);
        if (rc) {
            lc_hc_close(hc);
            return rc;
        }
    }
    *ctx = lc_ctx_new(hc, store);
    return *ctx ? 0 : -ENOMEM;
}

void lc_ctx_close(struct lc_ctx *ctx)
{
    if (!ctx)
        return;
    lc_hc_close(ctx->hc);
    lc_store_close(ctx->store);
    free(ctx);
}

const char *lc_ctx_error(const struct lc_ctx *ctx)
{
    return ctx->error;
}

struct lc_hc *lc_ctx_hc(struct lc_ctx *ctx)
{
    return ctx->hc;
}

int lc_ctx_fail(struct lc_ctx *ctx, int err, const char *fmt, ...)
{
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vsnprintf(ctx->error, sizeof(ctx->error), fmt, ap);
    va_end(ap);
    if (n >= 0 && (size_t)n < sizeof(ctx->error))
        snprintf(ctx->error + n, sizeof(ctx->error) - (size_t)n, ": %s", strerror(-err));
    return err;
}

void lc_ctx_clear_error(struct lc_ctx *ctx)
{
    ctx->error[0] = '\0';
}

struct lc_store *lc_ctx_store(struct lc_ctx *ctx)
{
    if (!ctx->store)
        lc_ctx_fail(ctx, -ENOTCONN, "xenstore");
    return ctx->store;
}
