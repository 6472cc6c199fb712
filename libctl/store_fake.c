/* The fake store's operations, logging and injection. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "store_fake_tree.h"

static struct lc_fake_store *to_fs(struct lc_store *s)
{
    return (struct lc_fake_store *)s;
}

/* Logs the call; a non-zero result is the injected error. */
static int enter(struct lc_fake_store *fs, enum lc_fxs_op op, uint32_t tx,
                 const char *what)
{
    uint64_t seq = ++*fs->seq;

    if (fs->nr_log < LC_FXS_LOG_MAX) {
        struct lc_fxs_call *c = &fs->log[fs->nr_log++];

        *c = (struct lc_fxs_call){ .seq = seq, .op = op, .tx = tx };
        snprintf(c->path, sizeof(c->path), "%s", what);
    }
    if (!fs->inject.armed || (fs->inject.op != LC_FXS_ANY && fs->inject.op != op) ||
        --fs->inject.left)
        return 0;
    fs->inject.armed = false;
    return -fs->inject.err;
}

static int leave(struct lc_fake_store *fs, int rc)
{
    /* Only if this call was logged (the log may be full). */
    if (fs->nr_log && fs->log[fs->nr_log - 1].seq == *fs->seq)
        fs->log[fs->nr_log - 1].rc = rc;
    return rc;
}

/* Common checks of a node call: the injected error, the transaction id
 * and the path. */
static int begin(struct lc_fake_store *fs, enum lc_fxs_op op, uint32_t tx,
                 const char *path)
{
    int rc = enter(fs, op, tx, path);

    if (!rc && tx != XS_TX_NONE && tx != fs->tx)
        rc = -ENOENT;
    if (!rc && !fxs_path_ok(path))
        rc = -EINVAL;
    return rc;
}

static int fs_read(struct lc_store *s, uint32_t tx, const char *path, char **value,
                   size_t *len)
{
    struct lc_fake_store *fs = to_fs(s);
    int rc = begin(fs, LC_FXS_READ, tx, path);
    struct fxs_node *n = rc ? NULL : fxs_find(&fs->tree, path);

    if (!rc && !n)
        rc = -ENOENT;
    if (!rc) {
        *value = malloc(n->len + 1);
        if (!*value)
            return leave(fs, -ENOMEM);
        memcpy(*value, n->value, n->len + 1);
        if (len)
            *len = n->len;
    }
    return leave(fs, rc);
}

static int fs_write(struct lc_store *s, uint32_t tx, const char *path,
                    const void *value, size_t len)
{
    struct lc_fake_store *fs = to_fs(s);
    int rc = begin(fs, LC_FXS_WRITE, tx, path);
    struct fxs_node *n;

    if (!rc)
        rc = fxs_create(&fs->tree, path, &n);
    if (!rc)
        rc = fxs_set_value(n, value, len);
    return leave(fs, rc);
}

static int fs_mkdir(struct lc_store *s, uint32_t tx, const char *path)
{
    struct lc_fake_store *fs = to_fs(s);
    int rc = begin(fs, LC_FXS_MKDIR, tx, path);
    struct fxs_node *n;

    return leave(fs, rc ? rc : fxs_create(&fs->tree, path, &n));
}

static int fs_rm(struct lc_store *s, uint32_t tx, const char *path)
{
    struct lc_fake_store *fs = to_fs(s);
    int rc = begin(fs, LC_FXS_RM, tx, path);
    char *up;

    if (!rc && !strcmp(path, "/"))
        rc = -EINVAL;
    if (!rc && !fxs_find(&fs->tree, path)) {
        /* Gone already is fine, unless its parent is gone too. */
        up = strndup(path, (size_t)(strrchr(path, '/') - path));
        if (!up)
            return leave(fs, -ENOMEM);
        rc = *up && !fxs_find(&fs->tree, up) ? -ENOENT : 0;
        free(up);
        return leave(fs, rc);
    }
    if (!rc)
        fxs_remove(&fs->tree, path);
    return leave(fs, rc);
}

static int fs_set_perms(struct lc_store *s, uint32_t tx, const char *path,
                        const struct xs_perm *perms, unsigned nperms)
{
    struct lc_fake_store *fs = to_fs(s);
    int rc = begin(fs, LC_FXS_SET_PERMS, tx, path);
    struct fxs_node *n = rc ? NULL : fxs_find(&fs->tree, path);

    if (!rc && !n)
        rc = -ENOENT;
    if (!rc && (!nperms || nperms > FXS_PERMS_MAX))
        rc = -EINVAL;
    for (unsigned i = 0; !rc && i < nperms; i++)
        if (!strchr("nrwb", perms[i].perm) || !perms[i].perm)
            rc = -EINVAL;
    if (!rc) {
        memcpy(n->perms, perms, nperms * sizeof(*perms));
        n->nperms = nperms;
    }
    return leave(fs, rc);
}

/* The name of p below a parent of length plen, or NULL if p is not a
 * direct child of it. */
static const char *child_name(const char *p, const char *parent, size_t plen)
{
    if (strncmp(p, parent, plen) || p[plen] != '/' || !p[plen + 1] ||
        strchr(p + plen + 1, '/'))
        return NULL;
    return p + plen + 1;
}

/* The direct children of path, in table order. */
static int list_children(const struct fxs_tree *t, const char *path, char ***names,
                         unsigned *n)
{
    size_t plen = strcmp(path, "/") ? strlen(path) : 0, count = 0, bytes = 0;
    const char *name;
    char **list, *next;

    for (size_t i = 0; i < t->n; i++) {
        if ((name = child_name(t->nodes[i].path, path, plen))) {
            count++;
            bytes += strlen(name) + 1;
        }
    }
    list = malloc((count + 1) * sizeof(*list) + bytes);
    if (!list)
        return -ENOMEM;
    next = (char *)(list + count + 1);
    *n = 0;
    for (size_t i = 0; i < t->n; i++) {
        if ((name = child_name(t->nodes[i].path, path, plen))) {
            list[(*n)++] = strcpy(next, name);
            next += strlen(name) + 1;
        }
    }
    list[*n] = NULL;
    *names = list;
    return 0;
}

static int fs_directory(struct lc_store *s, uint32_t tx, const char *path,
                        char ***names, unsigned *n)
{
    struct lc_fake_store *fs = to_fs(s);
    int rc = begin(fs, LC_FXS_DIRECTORY, tx, path);

    if (!rc && !fxs_find(&fs->tree, path))
        rc = -ENOENT;
    return leave(fs, rc ? rc : list_children(&fs->tree, path, names, n));
}

static int fs_tx_start(struct lc_store *s, uint32_t *tx)
{
    struct lc_fake_store *fs = to_fs(s);
    int rc = enter(fs, LC_FXS_TX_START, 0, "");

    /* One transaction at a time is all domain building needs. */
    if (!rc && fs->tx)
        rc = -EBUSY;
    if (!rc)
        rc = fxs_tree_copy(&fs->saved, &fs->tree);
    if (!rc)
        *tx = fs->tx = ++fs->last_tx;
    return leave(fs, rc);
}

static int fs_tx_end(struct lc_store *s, uint32_t tx, bool commit)
{
    struct lc_fake_store *fs = to_fs(s);
    int rc = enter(fs, LC_FXS_TX_END, tx, commit ? "T" : "F");

    if (!fs->tx || tx != fs->tx)
        return leave(fs, -ENOENT);
    /* An injected failure ends the transaction too, as a conflict does. */
    if (rc || !commit) {
        fxs_tree_free(&fs->tree);
        fs->tree = fs->saved;
    } else {
        fxs_tree_free(&fs->saved);
    }
    fs->saved = (struct fxs_tree){ 0 };
    fs->tx = 0;
    return leave(fs, rc);
}

static struct fxs_intro *introduced(const struct lc_fake_store *fs, unsigned domid)
{
    for (unsigned i = 0; i < fs->nr_intro; i++)
        if (fs->intro[i].domid == domid)
            return (struct fxs_intro *)&fs->intro[i];
    return NULL;
}

static int fs_introduce(struct lc_store *s, unsigned domid, uint64_t gfn, unsigned port)
{
    struct lc_fake_store *fs = to_fs(s);
    char what[16];
    int rc;

    snprintf(what, sizeof(what), "%u", domid);
    rc = enter(fs, LC_FXS_INTRODUCE, 0, what);
    if (!rc && (!domid || !port))
        rc = -EINVAL;
    if (!rc && introduced(fs, domid))
        rc = -EEXIST;
    if (!rc && fs->nr_intro == FXS_INTRODUCED_MAX)
        rc = -ENOSPC;
    if (!rc)
        fs->intro[fs->nr_intro++] = (struct fxs_intro){ domid, gfn, port };
    return leave(fs, rc);
}

static int fs_release(struct lc_store *s, unsigned domid)
{
    struct lc_fake_store *fs = to_fs(s);
    struct fxs_intro *i;
    char what[16];
    int rc;

    snprintf(what, sizeof(what), "%u", domid);
    rc = enter(fs, LC_FXS_RELEASE, 0, what);
    i = rc ? NULL : introduced(fs, domid);
    if (!rc && !i)
        rc = -ENOENT;
    if (!rc)
        *i = fs->intro[--fs->nr_intro];
    return leave(fs, rc);
}

static void fs_close(struct lc_store *s)
{
    struct lc_fake_store *fs = to_fs(s);

    fxs_tree_free(&fs->tree);
    fxs_tree_free(&fs->saved);
    free(fs);
}

static const struct lc_store_ops fake_store_ops = {
    .read = fs_read, .write = fs_write, .mkdir = fs_mkdir, .rm = fs_rm,
    .set_perms = fs_set_perms, .directory = fs_directory, .tx_start = fs_tx_start,
    .tx_end = fs_tx_end, .introduce = fs_introduce, .release = fs_release,
    .close = fs_close,
};

struct lc_fake_store *lc_fake_store_new(uint64_t *seq)
{
    static const char *const initial[] = {
        "/local/domain/0", "/vm", "/libxl",
    };
    struct lc_fake_store *fs = calloc(1, sizeof(*fs));
    struct fxs_node *n;

    if (!fs)
        return NULL;
    fs->s.ops = &fake_store_ops;
    fs->seq = seq ? seq : &fs->own_seq;
    for (size_t i = 0; i < sizeof(initial) / sizeof(initial[0]); i++) {
        if (fxs_create(&fs->tree, initial[i], &n)) {
            fs_close(&fs->s);
            return NULL;
        }
    }
    return fs;
}

struct lc_store *lc_fake_store_base(struct lc_fake_store *fs)
{
    return &fs->s;
}

void lc_fake_store_fail(struct lc_fake_store *fs, enum lc_fxs_op op, unsigned nth,
                        int err)
{
    fs->inject.armed = nth > 0;
    fs->inject.op = op;
    fs->inject.left = nth;
    fs->inject.err = err;
}

int lc_fake_store_set(struct lc_fake_store *fs, const char *path, const char *value)
{
    struct fxs_node *n;
    int rc = fxs_path_ok(path) ? fxs_create(&fs->tree, path, &n) : -EINVAL;

    return rc ? rc : fxs_set_value(n, value, strlen(value));
}
