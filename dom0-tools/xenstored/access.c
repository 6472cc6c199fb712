/* Changes to the main store, with their accounting (nodes per owning
 * domain) and watch events. A removal fires, for every node removed and
 * while it can still be seen, the watches on exactly that node; the top
 * of the removed subtree also fires the watches above it. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "access.h"
#include "conn.h"
#include "path.h"
#include "txn.h"
#include "watch.h"

int xsbuf_append(struct xs_buf *b, const void *data, size_t len)
{
    if (b->len + len > b->cap) {
        size_t cap = b->cap ? b->cap : 256;
        char *p;

        while (cap < b->len + len)
            cap *= 2;
        p = realloc(b->p, cap);
        if (!p)
            return -ENOMEM;
        b->p = p;
        b->cap = cap;
    }
    memcpy(b->p + b->len, data, len);
    b->len += len;
    return 0;
}

void xsbuf_free(struct xs_buf *b)
{
    free(b->p);
    memset(b, 0, sizeof(*b));
}

void acc_owned(struct xsd *d, uint16_t domid, int delta)
{
    if (delta < 0 && d->owned[domid] < (uint32_t)-delta)
        d->owned[domid] = 0;
    else
        d->owned[domid] += (uint32_t)delta;
}

static void fill_view(const struct xs_node *n, struct xs_nview *v)
{
    v->value = n->value;
    v->vlen = n->vlen;
    v->perms = n->perms;
    v->gen = n->gen;
}

int view_get(struct xs_req *r, const char *path, struct xs_nview *v)
{
    struct xs_node *n;

    if (r->t && path[0] == '/')
        return txn_view(r, path, v);
    n = store_lookup(&r->d->store, path);
    if (!n)
        return -ENOENT;
    fill_view(n, v);
    return 0;
}

int view_children(struct xs_req *r, const char *path, struct xs_buf *out)
{
    struct xs_node *n;

    if (r->t && path[0] == '/')
        return txn_children(r, path, out);
    n = store_lookup(&r->d->store, path);
    if (!n)
        return -ENOENT;
    for (struct xs_node *c = n->first; c; c = c->next)
        if (xsbuf_append(out, c->name, (size_t)c->namelen + 1) < 0)
            return -ENOMEM;
    return 0;
}

int view_nearest(struct xs_req *r, char *path, struct xs_nview *v)
{
    for (;;) {
        int rc = view_get(r, path, v);
        size_t plen;

        if (rc != -ENOENT)
            return rc;
        plen = path_parent_len(path);
        if (!plen)
            return -ENOENT;
        path[plen] = '\0';
    }
}

struct xs_permset *acc_new_perms(struct xs_req *r, struct xs_permset *parent)
{
    /* What an unprivileged domain creates, it owns (as in Xen). */
    if (conn_priv(r->c))
        return perms_get(parent);
    return perms_with_owner(parent, r->c->domid);
}

static void fire_node(struct xsd *d, struct xs_node *n, const char *path,
                      int match)
{
    watch_fire(d, path, n->perms, NULL, n->parent ? n->parent->perms : NULL,
               match);
}

struct remove_ctx {
    struct xsd *d;
    struct xs_node *top;
    bool fire;
};

static void remove_visit(void *arg, struct xs_node *n)
{
    struct remove_ctx *rc = arg;
    char path[XS_PATH_BUF];

    acc_owned(rc->d, n->perms->p[0].domid, -1);
    if (store_path(n, path, sizeof(path)) < 0)
        return;
    txn_note_deleted(rc->d, path);
    if (rc->fire)
        fire_node(rc->d, n, path, n == rc->top ? MATCH_SUBTREE : MATCH_EXACT);
}

void acc_remove_node(struct xsd *d, struct xs_node *n, bool fire)
{
    struct remove_ctx rc = { d, n, fire };

    store_remove(&d->store, n, remove_visit, &rc);
}

static int create_below(struct xs_req *r, struct xs_node *anc, const char *path,
                        struct xs_node **out)
{
    struct xsd *d = r->d;
    struct xs_permset *ps = acc_new_perms(r, anc->perms);
    struct xs_node *first = NULL, *cur = anc;
    const char *p = path + (anc == d->store.root ? 1 : 0);
    char anc_path[XS_PATH_BUF];
    int rc = 0;

    if (!ps)
        return -ENOMEM;
    if (anc != d->store.root)
        p += store_path(anc, anc_path, sizeof(anc_path)) + 1;
    while (*p) {
        const char *slash = strchr(p, '/');
        size_t len = slash ? (size_t)(slash - p) : strlen(p);

        rc = store_add(&d->store, cur, p, len, ps, &cur);
        if (rc < 0)
            break;
        acc_owned(d, ps->p[0].domid, 1);
        if (!first)
            first = cur;
        p += len + (slash ? 1 : 0);
    }
    perms_put(ps);
    if (rc < 0 && first)
        acc_remove_node(d, first, false);
    *out = cur;
    return rc;
}

static unsigned int missing_nodes(const char *path, size_t have)
{
    unsigned int n = 0;

    for (const char *p = path + have; *p; p++)
        n += *p == '/';
    return have == 1 ? n + 1 : n;
}

static int main_write(struct xs_req *r, const char *path, const void *val,
                      uint32_t vlen, bool with_value)
{
    struct xsd *d = r->d;
    struct xs_node *n = store_lookup(&d->store, path);
    char anc[XS_PATH_BUF];
    int rc;

    if (!n) {
        struct xs_node *a;

        snprintf(anc, sizeof(anc), "%s", path);
        do {
            anc[path_parent_len(anc)] = '\0';
            a = store_lookup(&d->store, anc);
        } while (!a);
        if (conn_limited(d, r->c) && d->quota.nodes &&
            d->owned[r->c->domid] + missing_nodes(path, strlen(anc)) >
                d->quota.nodes)
            return -ENOSPC;
        rc = create_below(r, a, path, &n);
        if (rc < 0)
            return rc;
    } else if (!with_value) {
        return 0;
    }
    if (with_value) {
        rc = store_set_value(&d->store, n, val, vlen);
        if (rc < 0)
            return rc;
    }
    fire_node(d, n, path, MATCH_SUBTREE);
    return 0;
}

int acc_write(struct xs_req *r, const char *path, const void *val,
              uint32_t vlen, bool with_value)
{
    if (r->t)
        return txn_write(r, path, val, vlen, with_value);
    return main_write(r, path, val, vlen, with_value);
}

int acc_remove(struct xs_req *r, const char *path)
{
    struct xs_node *n;

    if (r->t)
        return txn_remove(r, path);
    n = store_lookup(&r->d->store, path);
    if (!n)
        return -ENOENT;
    acc_remove_node(r->d, n, true);
    return 0;
}

int acc_set_perms(struct xs_req *r, const char *path, struct xs_permset *ps)
{
    struct xs_node *n;
    struct xs_permset *old;

    if (r->t && path[0] == '/')
        return txn_set_perms(r, path, ps);
    n = store_lookup(&r->d->store, path);
    if (!n)
        return -ENOENT;
    old = perms_get(n->perms);
    acc_owned(r->d, old->p[0].domid, -1);
    acc_owned(r->d, ps->p[0].domid, 1);
    store_set_perms(&r->d->store, n, ps);
    /* A watcher who just lost access still hears of the change. */
    watch_fire(r->d, path, n->perms, old, n->parent ? n->parent->perms : NULL,
               MATCH_SUBTREE);
    perms_put(old);
    return 0;
}
