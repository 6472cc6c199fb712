/* The xenstore calls domain building and the lifecycle make, behind a
 * small interface so host tests can use an in-memory store
 * (store_fake.c) where dom0 uses xenstored (xs_client.c). Not public. */
#ifndef KEEL_LIBCTL_STORE_H
#define KEEL_LIBCTL_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "libctl.h"

struct lc_store;

struct lc_store_ops {
    int (*read)(struct lc_store *s, uint32_t tx, const char *path, char **value,
                size_t *len);
    int (*write)(struct lc_store *s, uint32_t tx, const char *path,
                 const void *value, size_t len);
    int (*mkdir)(struct lc_store *s, uint32_t tx, const char *path);
    int (*rm)(struct lc_store *s, uint32_t tx, const char *path);
    int (*set_perms)(struct lc_store *s, uint32_t tx, const char *path,
                     const struct xs_perm *perms, unsigned n);
    /* As xs_directory: one allocation, a NULL-terminated array then the
     * names. */
    int (*directory)(struct lc_store *s, uint32_t tx, const char *path,
                     char ***names, unsigned *n);
    int (*tx_start)(struct lc_store *s, uint32_t *tx);
    int (*tx_end)(struct lc_store *s, uint32_t tx, bool commit);
    int (*introduce)(struct lc_store *s, unsigned domid, uint64_t gfn, unsigned port);
    int (*release)(struct lc_store *s, unsigned domid);
    void (*close)(struct lc_store *s);
};

struct lc_store {
    const struct lc_store_ops *ops;
};

/* xenstored through xs_open(path). */
int lc_store_open(const char *path, struct lc_store **s);
void lc_store_close(struct lc_store *s);

int lc_store_read(struct lc_store *s, uint32_t tx, const char *path, char **value);
int lc_store_write(struct lc_store *s, uint32_t tx, const char *path, const char *value);
int lc_store_printf(struct lc_store *s, uint32_t tx, const char *path,
                    const char *fmt, ...) __attribute__((format(printf, 4, 5)));
int lc_store_mkdir(struct lc_store *s, uint32_t tx, const char *path);
int lc_store_rm(struct lc_store *s, uint32_t tx, const char *path);
/* The children's names: *names is released by one free(). */
int lc_store_directory(struct lc_store *s, uint32_t tx, const char *path,
                       char ***names, unsigned *n);
/* owner gets 'n' (and so does everyone not listed); reader, unless < 0,
 * gets 'r': "n0,r5" is lc_store_perms(s, tx, path, 0, 5). */
int lc_store_perms(struct lc_store *s, uint32_t tx, const char *path,
                   unsigned owner, int reader);
int lc_store_introduce(struct lc_store *s, unsigned domid, uint64_t gfn, unsigned port);
int lc_store_release(struct lc_store *s, unsigned domid);

/* Runs fn in a transaction and commits, starting over on -EAGAIN (from
 * fn or the commit) up to XS_TRANSACT_MAX_TRIES times. fn returns 0 or a
 * negative errno, which aborts. */
typedef int lc_store_tx_fn(struct lc_store *s, uint32_t tx, void *arg);
int lc_store_transact(struct lc_store *s, lc_store_tx_fn *fn, void *arg);

#endif
