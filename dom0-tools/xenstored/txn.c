/* Transaction lifecycle and commit.
 *
 * Consistency: every node the transaction reads or writes is recorded
 * with the main store's generation at first access. A node whose
 * generation is newer than the transaction's start, or a path deleted
 * after the start (txn_note_deleted keeps those while any transaction
 * is open), dooms the transaction; commit re-checks every recorded
 * generation. So a committed transaction saw exactly the store as it
 * was when it started, and EAGAIN tells the client to retry.
 *
 * Commit applies the overlay in two passes: deletions first, then
 * creations and updates from the root down (by depth, then creation
 * order, so siblings keep the order the transaction gave them). Watch
 * events are fired last, for the entries that asked for them. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "access.h"
#include "conn.h"
#include "path.h"
#include "proto.h"
#include "txn.h"
#include "watch.h"

#define MAX_TOMBS 100000

struct xs_txn *txn_find(struct xs_conn *c, uint32_t id)
{
    for (struct xs_txn *t = c->txns; t; t = t->next)
        if (t->id == id)
            return t;
    return NULL;
}

static void doom_all(struct xsd *d)
{
    for (struct xs_conn *c = d->conns; c; c = c->next)
        for (struct xs_txn *t = c->txns; t; t = t->next)
            t->doomed = true;
}

void txn_note_deleted(struct xsd *d, const char *path)
{
    uint64_t gen;

    if (!d->open_txns)
        return;
    if (d->tombs.n >= MAX_TOMBS) {
        /* Too much history to keep: fail the old transactions instead. */
        doom_all(d);
        strmap_clear(&d->tombs, NULL);
    }
    gen = store_next_gen(&d->store);
    if (strmap_put(&d->tombs, path, (void *)(uintptr_t)gen) < 0)
        doom_all(d);
}

static void txn_free(struct xsd *d, struct xs_conn *c, struct xs_txn *t)
{
    struct xs_txn **pp;

    for (pp = &c->txns; *pp; pp = &(*pp)->next)
        if (*pp == t) {
            *pp = t->next;
            break;
        }
    strmap_clear(&t->entries, NULL);
    for (struct txe *e = t->first, *next; e; e = next) {
        next = e->next;
        txe_free(e);
    }
    free(t);
    c->ntxns--;
    if (--d->open_txns == 0)
        strmap_clear(&d->tombs, NULL);
}

void txn_drop_all(struct xsd *d, struct xs_conn *c)
{
    while (c->txns)
        txn_free(d, c, c->txns);
}

static uint32_t new_id(struct xsd *d, struct xs_conn *c)
{
    do {
        d->next_txid++;
    } while (!d->next_txid || txn_find(c, d->next_txid));
    return d->next_txid;
}

int op_transaction_start(struct xs_req *r)
{
    struct xs_txn *t;
    char reply[16];
    int n;

    if (r->t)
        return -EBUSY;
    if (conn_limited(r->d, r->c) && r->d->quota.txns &&
        r->c->ntxns >= r->d->quota.txns)
        return -ENOSPC;
    t = calloc(1, sizeof(*t));
    if (!t)
        return -ENOMEM;
    t->id = new_id(r->d, r->c);
    t->start_gen = r->d->store.gen;
    t->next = r->c->txns;
    r->c->txns = t;
    r->c->ntxns++;
    r->d->open_txns++;
    n = snprintf(reply, sizeof(reply), "%u", t->id);
    return req_reply(r, reply, (size_t)n + 1);
}

static int depth(const char *path)
{
    int n = 0;

    for (; *path; path++)
        n += *path == '/';
    return n;
}

static int by_depth(const void *a, const void *b)
{
    const struct txe *x = *(const struct txe *const *)a;
    const struct txe *y = *(const struct txe *const *)b;
    int dx = depth(x->path), dy = depth(y->path);

    if (dx != dy)
        return dx - dy;
    return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static bool conflicts(struct xsd *d, struct xs_txn *t)
{
    if (t->doomed)
        return true;
    for (struct txe *e = t->first; e; e = e->next) {
        struct xs_node *n = store_lookup(&d->store, e->path);

        if ((n ? n->gen : 0) != e->gen_seen)
            return true;
    }
    return false;
}

static int apply_one(struct xsd *d, struct txe *e)
{
    struct xs_node *n = store_lookup(&d->store, e->path);
    int rc;

    if (!n) {
        char parent[XS_PATH_BUF];
        struct xs_node *p;
        const char *base = path_basename(e->path);

        snprintf(parent, sizeof(parent), "%.*s",
                 (int)path_parent_len(e->path), e->path);
        p = store_lookup(&d->store, parent);
        if (!p)
            return -EIO;
        rc = store_add(&d->store, p, base, strlen(base), e->perms, &n);
        if (rc < 0)
            return rc;
        acc_owned(d, e->perms->p[0].domid, 1);
    } else if (e->set_perms && !perms_equal(n->perms, e->perms)) {
        acc_owned(d, n->perms->p[0].domid, -1);
        acc_owned(d, e->perms->p[0].domid, 1);
        store_set_perms(&d->store, n, e->perms);
    }
    if (e->set_value)
        return store_set_value(&d->store, n, e->value, e->vlen);
    return 0;
}

static int apply(struct xsd *d, struct xs_txn *t)
{
    struct txe **v = malloc((t->nentries + 1) * sizeof(*v));
    unsigned int n = 0;
    int rc = 0;

    if (!v)
        return -ENOMEM;
    for (struct txe *e = t->first; e; e = e->next) {
        struct xs_node *node;

        if (e->state == TXE_EXISTS)
            v[n++] = e;
        else if (e->state == TXE_DELETED &&
                 (node = store_lookup(&d->store, e->path)))
            acc_remove_node(d, node, false);
    }
    qsort(v, n, sizeof(*v), by_depth);
    for (unsigned int i = 0; i < n && rc == 0; i++)
        rc = apply_one(d, v[i]);
    free(v);
    return rc;
}

static void fire_all(struct xsd *d, struct xs_txn *t)
{
    for (struct txe *e = t->first; e; e = e->next) {
        char parent[XS_PATH_BUF];
        struct xs_node *n, *p;

        if (!e->watch)
            continue;
        n = store_lookup(&d->store, e->path);
        snprintf(parent, sizeof(parent), "%.*s",
                 (int)path_parent_len(e->path), e->path);
        p = parent[0] ? store_lookup(&d->store, parent) : NULL;
        watch_fire(d, e->path, n ? n->perms : NULL, e->old_perms,
                   p ? p->perms : NULL, e->watch);
    }
}

int txn_commit(struct xsd *d, struct xs_txn *t)
{
    int rc;

    if (conflicts(d, t))
        return -EAGAIN;
    rc = apply(d, t);
    if (rc < 0) {
        xlog(&d->log, XLOG_ERR, "transaction %u: commit failed half-way: %s",
             t->id, proto_errname(rc));
        return rc;
    }
    fire_all(d, t);
    return 0;
}

int op_transaction_end(struct xs_req *r)
{
    const char *arg = req_onearg(r);
    struct xs_txn *t = r->t;
    int rc = 0;

    if (!t)
        return -ENOENT;
    if (!arg || (strcmp(arg, "T") && strcmp(arg, "F")))
        return -EINVAL;
    if (!strcmp(arg, "T"))
        rc = txn_commit(r->d, t);
    txn_free(r->d, r->c, t);
    r->t = NULL;
    if (rc < 0)
        return rc;
    return req_ack(r);
}
