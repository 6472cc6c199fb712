/* The fake store's nodes: a flat table searched by path, small enough
 * for tests. */
#define _GNU_SOURCE
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "store_fake_tree.h"

#define PATH_MAX_LEN 3072

bool fxs_path_ok(const char *path)
{
    size_t len = strlen(path);

    if (path[0] != '/' || len > PATH_MAX_LEN || strstr(path, "//") ||
        (len > 1 && path[len - 1] == '/'))
        return false;
    for (const char *c = path; *c; c++)
        if (!isalnum((unsigned char)*c) && !strchr("-/_@", *c))
            return false;
    return true;
}

struct fxs_node *fxs_find(const struct fxs_tree *t, const char *path)
{
    for (size_t i = 0; i < t->n; i++)
        if (!strcmp(t->nodes[i].path, path))
            return &t->nodes[i];
    return NULL;
}

static char *parent_of(const char *path)
{
    const char *slash = strrchr(path, '/');

    return slash == path ? strdup("/") : strndup(path, (size_t)(slash - path));
}

static int append(struct fxs_tree *t, const char *path, const struct fxs_node *parent,
                  struct fxs_node **node)
{
    struct xs_perm perms[FXS_PERMS_MAX] = { { 0, 'n' } };
    unsigned nperms = 1;
    struct fxs_node *n;

    /* Copied first: growing the table may move the parent. */
    if (parent) {
        memcpy(perms, parent->perms, sizeof(perms));
        nperms = parent->nperms;
    }
    if (t->n == t->cap) {
        size_t cap = t->cap ? t->cap * 2 : 64;
        struct fxs_node *nodes = realloc(t->nodes, cap * sizeof(*nodes));

        if (!nodes)
            return -ENOMEM;
        t->nodes = nodes;
        t->cap = cap;
    }
    n = &t->nodes[t->n];
    *n = (struct fxs_node){ .path = strdup(path), .value = strdup(""), .nperms = nperms };
    if (!n->path || !n->value) {
        free(n->path);
        free(n->value);
        return -ENOMEM;
    }
    memcpy(n->perms, perms, sizeof(perms));
    t->n++;
    *node = n;
    return 0;
}

int fxs_create(struct fxs_tree *t, const char *path, struct fxs_node **node)
{
    struct fxs_node *parent = NULL;
    char *up;
    int rc;

    *node = fxs_find(t, path);
    if (*node)
        return 0;
    if (strcmp(path, "/")) {
        up = parent_of(path);
        if (!up)
            return -ENOMEM;
        rc = fxs_create(t, up, &parent);
        free(up);
        if (rc)
            return rc;
        /* The table may have moved while the parents were added. */
        up = parent_of(path);
        parent = up ? fxs_find(t, up) : NULL;
        free(up);
        if (!parent)
            return -ENOMEM;
    }
    return append(t, path, parent, node);
}

int fxs_set_value(struct fxs_node *n, const void *value, size_t len)
{
    char *copy = malloc(len + 1);

    if (!copy)
        return -ENOMEM;
    memcpy(copy, value, len);
    copy[len] = '\0';
    free(n->value);
    n->value = copy;
    n->len = len;
    return 0;
}

static bool under(const char *path, const char *top)
{
    size_t len = strlen(top);

    return !strcmp(path, top) || (!strncmp(path, top, len) && path[len] == '/');
}

void fxs_remove(struct fxs_tree *t, const char *path)
{
    size_t keep = 0;

    for (size_t i = 0; i < t->n; i++) {
        if (under(t->nodes[i].path, path)) {
            free(t->nodes[i].path);
            free(t->nodes[i].value);
        } else {
            t->nodes[keep++] = t->nodes[i];
        }
    }
    t->n = keep;
}

void fxs_tree_free(struct fxs_tree *t)
{
    for (size_t i = 0; i < t->n; i++) {
        free(t->nodes[i].path);
        free(t->nodes[i].value);
    }
    free(t->nodes);
    *t = (struct fxs_tree){ 0 };
}

int fxs_tree_copy(struct fxs_tree *dst, const struct fxs_tree *src)
{
    *dst = (struct fxs_tree){ 0 };
    dst->nodes = calloc(src->cap ? src->cap : 1, sizeof(*dst->nodes));
    if (!dst->nodes)
        return -ENOMEM;
    dst->cap = src->cap;
    for (size_t i = 0; i < src->n; i++) {
        struct fxs_node *n = &dst->nodes[i];

        *n = src->nodes[i];
        n->path = strdup(src->nodes[i].path);
        n->value = malloc(src->nodes[i].len + 1);
        dst->n = i + 1;
        if (!n->path || !n->value) {
            fxs_tree_free(dst);
            return -ENOMEM;
        }
        memcpy(n->value, src->nodes[i].value, src->nodes[i].len + 1);
    }
    return 0;
}
