/* The few xenstore calls xenconsoled makes, behind a table of functions:
 * the real one (store_xs.c) is libctl's xenstore client talking to
 * xenstored; unit tests use an in-memory store with fake watches. */
#ifndef XCD_STORE_H
#define XCD_STORE_H

struct xcd_store {
    void *ctx;
    /* *value is NUL-terminated and the caller's to free. */
    int (*read)(void *ctx, const char *path, char **value);
    int (*write)(void *ctx, const char *path, const char *value);
    int (*rm)(void *ctx, const char *path);
    /* *names: one allocation, NULL-terminated, freed with free(*names). */
    int (*directory)(void *ctx, const char *path, char ***names, unsigned *n);
    int (*watch)(void *ctx, const char *path, const char *token);
    /* poll()able while a watch event may be waiting. */
    int (*watch_fd)(void *ctx);
    /* The next event without waiting: -EAGAIN if none, -ENOBUFS when some
     * were lost (rescan), -EIO when the connection is gone for good. */
    int (*read_watch)(void *ctx, char **path, char **token);
};

/* xenstored through libctl's client (path: NULL for its default). */
struct xcd_store *store_xs_open(const char *path, int *err);
void store_xs_close(struct xcd_store *s);

#endif
