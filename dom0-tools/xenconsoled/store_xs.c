/* The store through libctl's xenstore client (libctl.h). Every call is
 * outside any transaction; watch events are only ever taken without
 * waiting, since the daemon's loop polls the connection itself. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "libctl.h"
#include "store.h"

struct xsctx {
    struct xcd_store s;
    struct xs_conn *conn;
};

static int s_read(void *ctx, const char *path, char **value)
{
    struct xsctx *x = ctx;

    return xs_read(x->conn, XS_TX_NONE, path, value, NULL);
}

static int s_write(void *ctx, const char *path, const char *value)
{
    struct xsctx *x = ctx;

    return xs_write(x->conn, XS_TX_NONE, path, value, strlen(value));
}

static int s_rm(void *ctx, const char *path)
{
    struct xsctx *x = ctx;

    return xs_rm(x->conn, XS_TX_NONE, path);
}

static int s_directory(void *ctx, const char *path, char ***names, unsigned *n)
{
    struct xsctx *x = ctx;

    return xs_directory(x->conn, XS_TX_NONE, path, names, n);
}

static int s_watch(void *ctx, const char *path, const char *token)
{
    struct xsctx *x = ctx;

    return xs_watch(x->conn, path, token);
}

static int s_watch_fd(void *ctx)
{
    struct xsctx *x = ctx;

    return xs_watch_fd(x->conn);
}

static int s_read_watch(void *ctx, char **path, char **token)
{
    struct xsctx *x = ctx;
    int rc = xs_read_watch(x->conn, path, token, 0);

    return rc == -ETIMEDOUT ? -EAGAIN : rc;
}

struct xcd_store *store_xs_open(const char *path, int *err)
{
    struct xsctx *x = calloc(1, sizeof(*x));

    if (!x) {
        *err = -ENOMEM;
        return NULL;
    }
    x->conn = xs_open(path, err);
    if (!x->conn) {
        free(x);
        return NULL;
    }
    x->s = (struct xcd_store){
        .ctx = x, .read = s_read, .write = s_write, .rm = s_rm,
        .directory = s_directory, .watch = s_watch, .watch_fd = s_watch_fd,
        .read_watch = s_read_watch,
    };
    return &x->s;
}

void store_xs_close(struct xcd_store *s)
{
    struct xsctx *x;

    if (!s)
        return;
    x = s->ctx;
    xs_close(x->conn);
    free(x);
}
