/* The store interface over a xenstored connection, and the helpers
 * shared by every store. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "store.h"

#define STORE_VALUE_MAX 4096

struct xs_store {
    struct lc_store s;
    struct xs_conn *c;
};

static struct xs_conn *conn(struct lc_store *s)
{
    return ((struct xs_store *)s)->c;
}

static int xs_st_read(struct lc_store *s, uint32_t tx, const char *path, char **value,
                      size_t *len)
{
    return xs_read(conn(s), tx, path, value, len);
}

static int xs_st_write(struct lc_store *s, uint32_t tx, const char *path,
                       const void *value, size_t len)
{
    return xs_write(conn(s), tx, path, value, len);
}

static int xs_st_mkdir(struct lc_store *s, uint32_t tx, const char *path)
{
    return xs_mkdir(conn(s), tx, path);
}

static int xs_st_rm(struct lc_store *s, uint32_t tx, const char *path)
{
    return xs_rm(conn(s), tx, path);
}

static int xs_st_set_perms(struct lc_store *s, uint32_t tx, const char *path,
                           const struct xs_perm *perms, unsigned n)
{
    return xs_set_perms(conn(s), tx, path, perms, n);
}

static int xs_st_directory(struct lc_store *s, uint32_t tx, const char *path,
                           char ***names, unsigned *n)
{
    return xs_directory(conn(s), tx, path, names, n);
}

static int xs_st_tx_start(struct lc_store *s, uint32_t *tx)
{
    return xs_transaction_start(conn(s), tx);
}

static int xs_st_tx_end(struct lc_store *s, uint32_t tx, bool commit)
{
    return xs_transaction_end(conn(s), tx, commit);
}

static int xs_st_introduce(struct lc_store *s, unsigned domid, uint64_t gfn,
                           unsigned port)
{
    return xs_introduce(conn(s), domid, gfn, port);
}

static int xs_st_release(struct lc_store *s, unsigned domid)
{
    return xs_release(conn(s), domid);
}

static void xs_st_close(struct lc_store *s)
{
    xs_close(conn(s));
    free(s);
}

static const struct lc_store_ops xs_store_ops = {
    .read = xs_st_read, .write = xs_st_write, .mkdir = xs_st_mkdir,
    .rm = xs_st_rm, .set_perms = xs_st_set_perms, .directory = xs_st_directory,
    .tx_start = xs_st_tx_start, .tx_end = xs_st_tx_end, .introduce = xs_st_introduce,
    .release = xs_st_release, .close = xs_st_close,
};

int lc_store_open(const char *path, struct lc_store **s)
{
    struct xs_store *x = calloc(1, sizeof(*x));
    int err = 0;

    if (!x)
        return -ENOMEM;
    x->c = xs_open(path, &err);
    if (!x->c) {
        free(x);
        return err ? err : -EIO;
    }
    x->s.ops = &xs_store_ops;
    *s = &x->s;
    return 0;
}

void lc_store_close(struct lc_store *s)
{
    if (s)
        s->ops->close(s);
}

int lc_store_read(struct lc_store *s, uint32_t tx, const char *path, char **value)
{
    return s->ops->read(s, tx, path, value, NULL);
}

int lc_store_write(struct lc_store *s, uint32_t tx, const char *path, const char *value)
{
    return s->ops->write(s, tx, path, value, strlen(value));
}

int lc_store_printf(struct lc_store *s, uint32_t tx, const char *path,
                    const char *fmt, ...)
{
    char value[STORE_VALUE_MAX];
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vsnprintf(value, sizeof(value), fmt, ap);
    va_end(ap);
    if (n < 0 || (size_t)n >= sizeof(value))
        return -E2BIG;
    return s->ops->write(s, tx, path, value, (size_t)n);
}

int lc_store_mkdir(struct lc_store *s, uint32_t tx, const char *path)
{
    return s->ops->mkdir(s, tx, path);
}

int lc_store_rm(struct lc_store *s, uint32_t tx, const char *path)
{
    return s->ops->rm(s, tx, path);
}

int lc_store_directory(struct lc_store *s, uint32_t tx, const char *path,
                       char ***names, unsigned *n)
{
    return s->ops->directory(s, tx, path, names, n);
}

int lc_store_perms(struct lc_store *s, uint32_t tx, const char *path,
                   unsigned owner, int reader)
{
    struct xs_perm p[2] = { { owner, 'n' }, { (unsigned)reader, 'r' } };

    return s->ops->set_perms(s, tx, path, p, reader < 0 ? 1 : 2);
}

int lc_store_introduce(struct lc_store *s, unsigned domid, uint64_t gfn, unsigned port)
{
    return s->ops->introduce(s, domid, gfn, port);
}

int lc_store_release(struct lc_store *s, unsigned domid)
{
    return s->ops->release(s, domid);
}

int lc_store_transact(struct lc_store *s, lc_store_tx_fn *fn, void *arg)
{
    int rc = -EAGAIN;

    for (unsigned try = 0; try < XS_TRANSACT_MAX_TRIES && rc == -EAGAIN; try++) {
        uint32_t tx;

        rc = s->ops->tx_start(s, &tx);
        if (rc)
            return rc;
        rc = fn(s, tx, arg);
        if (rc) {
            s->ops->tx_end(s, tx, false);
            continue;
        }
        rc = s->ops->tx_end(s, tx, true);
    }
    return rc;
}
