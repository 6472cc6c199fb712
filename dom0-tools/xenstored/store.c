/* The node tree. See store.h for the shape; the hash table grows by
 * doubling so 100,000 nodes cost one pointer of table each. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "perms.h"
#include "store.h"

const char *const xs_special_names[XS_NSPECIAL] = {
    [XS_SPECIAL_INTRODUCE] = "@introduceDomain",
    [XS_SPECIAL_RELEASE] = "@releaseDomain",
};

static uint32_t name_hash(const struct xs_node *parent, const char *name,
                          size_t len)
{
    uint64_t h = 1469598103934665603ull ^ (uintptr_t)parent;

    for (size_t i = 0; i < len; i++)
        h = (h ^ (unsigned char)name[i]) * 1099511628211ull;
    return (uint32_t)(h ^ (h >> 32));
}

static struct xs_node *node_alloc(const char *name, size_t len,
                                  struct xs_permset *perms)
{
    struct xs_node *n = calloc(1, sizeof(*n) + len + 1);

    if (!n)
        return NULL;
    memcpy(n->name, name, len);
    n->namelen = (uint16_t)len;
    n->perms = perms_get(perms);
    return n;
}

static void node_free(struct xs_node *n)
{
    perms_put(n->perms);
    free(n->value);
    free(n);
}

uint64_t store_next_gen(struct xs_store *s)
{
    return ++s->gen;
}

int store_init(struct xs_store *s, struct xs_permset *perms)
{
    memset(s, 0, sizeof(*s));
    s->nbuckets = 1024;
    s->buckets = calloc(s->nbuckets, sizeof(*s->buckets));
    s->root = node_alloc("", 0, perms);
    for (int i = 0; i < XS_NSPECIAL; i++)
        s->special[i] = node_alloc(xs_special_names[i],
                                   strlen(xs_special_names[i]), perms);
    for (int i = 0; i < XS_NSPECIAL; i++)
        if (!s->special[i])
            goto nomem;
    if (!s->buckets || !s->root)
        goto nomem;
    s->root->gen = store_next_gen(s);
    return 0;
nomem:
    store_fini(s);
    return -ENOMEM;
}

static void free_visit(void *arg, struct xs_node *n)
{
    (void)arg;
    (void)n;
}

void store_fini(struct xs_store *s)
{
    if (s->root)
        store_remove(s, s->root, free_visit, NULL);
    for (int i = 0; i < XS_NSPECIAL; i++)
        if (s->special[i])
            node_free(s->special[i]);
    free(s->buckets);
    memset(s, 0, sizeof(*s));
}

struct xs_node *store_child(const struct xs_store *s, const struct xs_node *parent,
                            const char *name, size_t len)
{
    uint32_t h = name_hash(parent, name, len);

    for (struct xs_node *n = s->buckets[h & (s->nbuckets - 1)]; n; n = n->hnext)
        if (n->hash == h && n->parent == parent && n->namelen == len &&
            !memcmp(n->name, name, len))
            return n;
    return NULL;
}

int store_special_index(const char *path)
{
    for (int i = 0; i < XS_NSPECIAL; i++)
        if (!strcmp(path, xs_special_names[i]))
            return i;
    return -1;
}

struct xs_node *store_lookup(const struct xs_store *s, const char *path)
{
    struct xs_node *n = s->root;
    int special;

    if (path[0] != '/') {
        special = store_special_index(path);
        return special < 0 ? NULL : s->special[special];
    }
    for (const char *p = path + 1; *p && n;) {
        const char *slash = strchr(p, '/');
        size_t len = slash ? (size_t)(slash - p) : strlen(p);

        n = store_child(s, n, p, len);
        p += len + (slash ? 1 : 0);
    }
    return n;
}

static int grow(struct xs_store *s)
{
    size_t nb = s->nbuckets * 2;
    struct xs_node **b = calloc(nb, sizeof(*b));

    if (!b)
        return -ENOMEM;
    for (size_t i = 0; i < s->nbuckets; i++) {
        struct xs_node *n = s->buckets[i], *next;

        for (; n; n = next) {
            next = n->hnext;
            n->hnext = b[n->hash & (nb - 1)];
            b[n->hash & (nb - 1)] = n;
        }
    }
    free(s->buckets);
    s->buckets = b;
    s->nbuckets = nb;
    return 0;
}

int store_add(struct xs_store *s, struct xs_node *parent, const char *name,
              size_t len, struct xs_permset *perms, struct xs_node **out)
{
    struct xs_node *n;
    size_t slot;

    /* Growing late is harmless: a failed grow only makes chains longer. */
    if (s->nnodes >= s->nbuckets)
        (void)grow(s);
    n = node_alloc(name, len, perms);
    if (!n)
        return -ENOMEM;
    n->parent = parent;
    n->hash = name_hash(parent, name, len);
    slot = n->hash & (s->nbuckets - 1);
    n->hnext = s->buckets[slot];
    s->buckets[slot] = n;
    n->prev = parent->last;
    if (parent->last)
        parent->last->next = n;
    else
        parent->first = n;
    parent->last = n;
    parent->nchildren++;
    parent->gen = store_next_gen(s);
    n->gen = store_next_gen(s);
    s->nnodes++;
    if (out)
        *out = n;
    return 0;
}

int store_set_value(struct xs_store *s, struct xs_node *n, const void *v,
                    uint32_t len)
{
    char *copy = NULL;

    if (len) {
        copy = malloc(len);
        if (!copy)
            return -ENOMEM;
        memcpy(copy, v, len);
    }
    free(n->value);
    n->value = copy;
    n->vlen = len;
    n->gen = store_next_gen(s);
    return 0;
}

void store_set_perms(struct xs_store *s, struct xs_node *n,
                     struct xs_permset *perms)
{
    struct xs_permset *old = n->perms;

    n->perms = perms_get(perms);
    perms_put(old);
    n->gen = store_next_gen(s);
}

static void unlink_node(struct xs_store *s, struct xs_node *n)
{
    struct xs_node *parent = n->parent;
    struct xs_node **pp;

    if (!parent)
        return;
    for (pp = &s->buckets[n->hash & (s->nbuckets - 1)]; *pp; pp = &(*pp)->hnext)
        if (*pp == n) {
            *pp = n->hnext;
            break;
        }
    if (n->prev)
        n->prev->next = n->next;
    else
        parent->first = n->next;
    if (n->next)
        n->next->prev = n->prev;
    else
        parent->last = n->prev;
    parent->nchildren--;
    s->nnodes--;
}

void store_remove(struct xs_store *s, struct xs_node *n, store_visit_fn visit,
                  void *arg)
{
    struct xs_node *parent = n->parent;
    struct xs_node *leaf;

    do {
        for (leaf = n; leaf->first; leaf = leaf->first)
            ;
        visit(arg, leaf);
        unlink_node(s, leaf);
        if (leaf == s->root)
            s->root = NULL;
        node_free(leaf);
    } while (leaf != n);
    if (parent)
        parent->gen = store_next_gen(s);
}

void store_walk(struct xs_store *s, store_visit_fn visit, void *arg)
{
    struct xs_node *n = s->root;

    for (int i = 0; i < XS_NSPECIAL; i++)
        visit(arg, s->special[i]);
    while (n) {
        visit(arg, n);
        if (n->first) {
            n = n->first;
            continue;
        }
        while (n && !n->next)
            n = n->parent;
        if (n)
            n = n->next;
    }
}

int store_path(const struct xs_node *n, char *buf, size_t size)
{
    size_t len = 0, pos;

    if (!n->parent) {
        /* The root has no name; a special node's name is its path. */
        const char *name = n->namelen ? n->name : "/";

        if (strlen(name) + 1 > size)
            return -ENAMETOOLONG;
        strcpy(buf, name);
        return (int)strlen(name);
    }
    for (const struct xs_node *p = n; p->parent; p = p->parent)
        len += p->namelen + 1;
    if (len + 1 > size)
        return -ENAMETOOLONG;
    pos = len;
    buf[pos] = '\0';
    for (const struct xs_node *p = n; p->parent; p = p->parent) {
        pos -= p->namelen;
        memcpy(buf + pos, p->name, p->namelen);
        buf[--pos] = '/';
    }
    return (int)len;
}
