/* The store as a transaction sees it. txn_entry records the first access
 * to a path; materialize() gives an entry its own copy of the node so it
 * can change without touching the main store. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "access.h"
#include "conn.h"
#include "path.h"
#include "txn.h"
#include "watch.h"

void txe_free(void *p)
{
    struct txe *e = p;

    perms_put(e->old_perms);
    perms_put(e->perms);
    free(e->value);
    free(e->children);
    free(e);
}

static struct txe *new_entry(struct xs_req *r, const char *path, int *err)
{
    struct xsd *d = r->d;
    struct xs_txn *t = r->t;
    size_t len = strlen(path);
    struct xs_node *n = store_lookup(&d->store, path);
    struct txe *e;

    if (conn_limited(d, r->c) && d->quota.tx_nodes &&
        t->nentries >= d->quota.tx_nodes) {
        *err = -ENOSPC;
        return NULL;
    }
    e = calloc(1, sizeof(*e) + len + 1);
    if (!e || strmap_put(&t->entries, path, e) < 0) {
        free(e);
        *err = -ENOMEM;
        return NULL;
    }
    memcpy(e->path, path, len + 1);
    e->state = TXE_SEEN;
    if (n) {
        e->gen_seen = n->gen;
        e->old_perms = perms_get(n->perms);
        if (n->gen > t->start_gen)
            t->doomed = true;
    } else if ((uintptr_t)strmap_get(&d->tombs, path) > t->start_gen) {
        t->doomed = true;
    }
    if (t->last)
        t->last->next = e;
    else
        t->first = e;
    t->last = e;
    t->nentries++;
    return e;
}

struct txe *txn_entry(struct xs_req *r, const char *path, int *err)
{
    struct txe *e = strmap_get(&r->t->entries, path);

    return e ? e : new_entry(r, path, err);
}

/* Gives a SEEN entry of an existing node its own copy of the node. */
static int materialize(struct xs_req *r, struct txe *e)
{
    struct xs_node *n;
    struct xs_buf b = { 0 };

    if (e->state == TXE_EXISTS)
        return 0;
    n = store_lookup(&r->d->store, e->path);
    if (e->state != TXE_SEEN || !n)
        return -ENOENT;
    for (struct xs_node *c = n->first; c; c = c->next)
        if (xsbuf_append(&b, c->name, (size_t)c->namelen + 1) < 0) {
            xsbuf_free(&b);
            return -ENOMEM;
        }
    if (n->vlen) {
        e->value = malloc(n->vlen);
        if (!e->value) {
            xsbuf_free(&b);
            return -ENOMEM;
        }
        memcpy(e->value, n->value, n->vlen);
    }
    e->vlen = n->vlen;
    e->perms = perms_get(n->perms);
    e->children = b.p;
    e->clen = b.len;
    e->gen = n->gen;
    e->state = TXE_EXISTS;
    return 0;
}

int txn_view(struct xs_req *r, const char *path, struct xs_nview *v)
{
    int err = 0;
    struct txe *e = txn_entry(r, path, &err);
    struct xs_node *n;

    if (!e)
        return err;
    if (e->state == TXE_DELETED)
        return -ENOENT;
    if (e->state == TXE_EXISTS) {
        v->value = e->value;
        v->vlen = e->vlen;
        v->perms = e->perms;
        v->gen = e->gen;
        return 0;
    }
    n = store_lookup(&r->d->store, path);
    if (!n)
        return -ENOENT;
    v->value = n->value;
    v->vlen = n->vlen;
    v->perms = n->perms;
    v->gen = n->gen;
    return 0;
}

int txn_children(struct xs_req *r, const char *path, struct xs_buf *out)
{
    int err = 0;
    struct txe *e = txn_entry(r, path, &err);
    struct xs_node *n;

    if (!e)
        return err;
    if (e->state == TXE_DELETED)
        return -ENOENT;
    if (e->state == TXE_EXISTS)
        return e->clen ? xsbuf_append(out, e->children, e->clen) : 0;
    n = store_lookup(&r->d->store, path);
    if (!n)
        return -ENOENT;
    for (struct xs_node *c = n->first; c; c = c->next)
        if (xsbuf_append(out, c->name, (size_t)c->namelen + 1) < 0)
            return -ENOMEM;
    return 0;
}

static void mark_watch(struct txe *e, int match)
{
    if (e->watch != MATCH_SUBTREE)
        e->watch = match;
}

static int add_child_name(struct txe *parent, const char *name)
{
    size_t len = strlen(name) + 1;
    char *p = realloc(parent->children, parent->clen + len);

    if (!p)
        return -ENOMEM;
    memcpy(p + parent->clen, name, len);
    parent->children = p;
    parent->clen += len;
    return 0;
}

static void remove_child_name(struct txe *parent, const char *name)
{
    size_t len = strlen(name) + 1;

    for (size_t off = 0; off < parent->clen;
         off += strlen(parent->children + off) + 1) {
        if (!strcmp(parent->children + off, name)) {
            memmove(parent->children + off, parent->children + off + len,
                    parent->clen - off - len);
            parent->clen -= len;
            return;
        }
    }
}

/* Turns the entry for path into a fresh, empty node below parent. */
static int create_one(struct xs_req *r, struct txe *parent, const char *path,
                      struct xs_permset *ps, struct txe **out)
{
    int err = 0;
    struct txe *e = txn_entry(r, path, &err);

    if (!e)
        return err;
    err = add_child_name(parent, path_basename(path));
    if (err < 0)
        return err;
    free(e->value);
    free(e->children);
    perms_put(e->perms);
    e->value = e->children = NULL;
    e->vlen = 0;
    e->clen = 0;
    e->perms = perms_get(ps);
    e->state = TXE_EXISTS;
    e->set_value = e->set_perms = true;
    e->seq = ++r->t->seq;
    e->gen = store_next_gen(&r->d->store);
    parent->gen = store_next_gen(&r->d->store);
    r->t->nodes_delta++;
    *out = e;
    return 0;
}

static int create_path(struct xs_req *r, const char *path, struct txe **out)
{
    char anc[XS_PATH_BUF], sub[XS_PATH_BUF];
    struct xs_nview v;
    struct xs_permset *ps;
    struct txe *cur;
    size_t have;
    unsigned int missing = 0;
    int rc, err = 0;

    snprintf(anc, sizeof(anc), "%s", path);
    rc = view_nearest(r, anc, &v);
    if (rc < 0)
        return rc;
    have = strlen(anc);
    for (const char *p = path + have; *p; p++)
        missing += *p == '/';
    if (have == 1)
        missing++;
    if (conn_limited(r->d, r->c) && r->d->quota.nodes &&
        r->d->owned[r->c->domid] + r->t->nodes_delta + missing > r->d->quota.nodes)
        return -ENOSPC;
    cur = txn_entry(r, anc, &err);
    if (!cur)
        return err;
    rc = materialize(r, cur);
    ps = rc < 0 ? NULL : acc_new_perms(r, v.perms);
    if (!ps)
        return rc < 0 ? rc : -ENOMEM;
    for (size_t i = have == 1 ? 1 : have + 1; rc == 0; i++) {
        if (path[i] != '/' && path[i] != '\0')
            continue;
        snprintf(sub, sizeof(sub), "%.*s", (int)i, path);
        rc = create_one(r, cur, sub, ps, &cur);
        if (!path[i])
            break;
    }
    perms_put(ps);
    *out = cur;
    return rc;
}

int txn_write(struct xs_req *r, const char *path, const void *val,
              uint32_t vlen, bool with_value)
{
    int rc, err = 0;
    struct txe *e = txn_entry(r, path, &err);
    char *copy = NULL;

    if (!e)
        return err;
    if (e->state == TXE_DELETED ||
        (e->state == TXE_SEEN && !store_lookup(&r->d->store, path))) {
        rc = create_path(r, path, &e);
        if (rc < 0)
            return rc;
    } else if (!with_value) {
        return 0;
    } else if ((rc = materialize(r, e)) < 0) {
        return rc;
    }
    if (with_value) {
        if (vlen && !(copy = malloc(vlen)))
            return -ENOMEM;
        if (vlen)
            memcpy(copy, val, vlen);
        free(e->value);
        e->value = copy;
        e->vlen = vlen;
        e->set_value = true;
        e->gen = store_next_gen(&r->d->store);
    }
    mark_watch(e, MATCH_SUBTREE);
    return 0;
}

/* Marks path and everything below it deleted, depth first. */
static int delete_tree(struct xs_req *r, const char *top)
{
    struct xs_buf stack = { 0 };
    int rc = xsbuf_append(&stack, top, strlen(top) + 1);

    while (rc == 0 && stack.len) {
        char path[XS_PATH_BUF], *last = stack.p + stack.len - 1;
        struct xs_buf kids = { 0 };
        struct txe *e;

        while (last > stack.p && last[-1])
            last--;
        snprintf(path, sizeof(path), "%s", last);
        stack.len = (size_t)(last - stack.p);
        rc = txn_children(r, path, &kids);
        for (size_t off = 0; rc == 0 && off < kids.len;
             off += strlen(kids.p + off) + 1) {
            rc = xsbuf_append(&stack, path, strlen(path));
            if (rc == 0)
                rc = xsbuf_append(&stack, "/", 1);
            if (rc == 0)
                rc = xsbuf_append(&stack, kids.p + off, strlen(kids.p + off) + 1);
        }
        xsbuf_free(&kids);
        e = rc == 0 ? txn_entry(r, path, &rc) : NULL;
        if (!e)
            break;
        e->state = TXE_DELETED;
        mark_watch(e, strcmp(path, top) ? MATCH_EXACT : MATCH_SUBTREE);
        r->t->nodes_delta--;
    }
    xsbuf_free(&stack);
    return rc;
}

int txn_remove(struct xs_req *r, const char *path)
{
    char parent[XS_PATH_BUF];
    struct txe *p;
    int rc, err = 0;

    snprintf(parent, sizeof(parent), "%.*s", (int)path_parent_len(path), path);
    p = txn_entry(r, parent, &err);
    if (!p)
        return err;
    rc = materialize(r, p);
    if (rc < 0)
        return rc;
    rc = delete_tree(r, path);
    if (rc < 0)
        return rc;
    remove_child_name(p, path_basename(path));
    p->gen = store_next_gen(&r->d->store);
    return 0;
}

int txn_set_perms(struct xs_req *r, const char *path, struct xs_permset *ps)
{
    int rc, err = 0;
    struct txe *e = txn_entry(r, path, &err);

    if (!e)
        return err;
    rc = materialize(r, e);
    if (rc < 0)
        return rc;
    perms_put(e->perms);
    e->perms = perms_get(ps);
    e->set_perms = true;
    e->gen = store_next_gen(&r->d->store);
    mark_watch(e, MATCH_SUBTREE);
    return 0;
}
