/* Reading xenstore through a context's store, so that tools holding only
 * a context (xl) reach xenstored, or the fake store in tests, the same way
 * the lifecycle calls do. */
#include <errno.h>
#include "ctx.h"

int lc_ctx_store_read(struct lc_ctx *ctx, const char *path, char **value)
{
    struct lc_store *s = lc_ctx_store(ctx);

    if (!s)
        return -ENOTCONN;
    return lc_store_read(s, XS_TX_NONE, path, value);
}
