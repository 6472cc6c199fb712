/* The fake store's node table, shared by its two files. Not public. */
#ifndef KEEL_LIBCTL_STORE_FAKE_TREE_H
#define KEEL_LIBCTL_STORE_FAKE_TREE_H

#include "store_fake.h"

#define FXS_PERMS_MAX 8
#define FXS_INTRODUCED_MAX 64

struct fxs_node {
    char *path;
    char *value;                /* NUL-terminated; len excludes it */
    size_t len;
    struct xs_perm perms[FXS_PERMS_MAX];
    unsigned nperms;
};

struct fxs_tree {
    struct fxs_node *nodes;
    size_t n, cap;
};

struct fxs_intro {
    unsigned domid;
    uint64_t gfn;
    unsigned port;
};

struct lc_fake_store {
    struct lc_store s;
    struct fxs_tree tree;
    struct fxs_tree saved;      /* the tree when the transaction began */
    uint32_t tx;                /* the open transaction, or 0 */
    uint32_t last_tx;
    struct fxs_intro intro[FXS_INTRODUCED_MAX];
    unsigned nr_intro;
    uint64_t own_seq, *seq;
    struct {
        bool armed;
        enum lc_fxs_op op;
        unsigned left;
        int err;
    } inject;
    struct lc_fxs_call log[LC_FXS_LOG_MAX];
    size_t nr_log;
};

bool fxs_path_ok(const char *path);
struct fxs_node *fxs_find(const struct fxs_tree *t, const char *path);
/* Creates path and any missing parents, each with its parent's perms. */
int fxs_create(struct fxs_tree *t, const char *path, struct fxs_node **node);
int fxs_set_value(struct fxs_node *n, const void *value, size_t len);
/* Removes path and everything under it. */
void fxs_remove(struct fxs_tree *t, const char *path);
void fxs_tree_free(struct fxs_tree *t);
int fxs_tree_copy(struct fxs_tree *dst, const struct fxs_tree *src);

#endif
