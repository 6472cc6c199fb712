/* Watches. Each connection keeps its own list; firing walks every
 * connection, which is cheap next to the socket write each event costs.
 * Events go through the connection's bounded queue (conn_send), so a
 * watcher that does not read never holds up anyone else. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "access.h"
#include "conn.h"
#include "path.h"
#include "proto.h"
#include "txn.h"
#include "watch.h"

static bool may_see(const struct xs_conn *c, const struct xs_permset *perms,
                    const struct xs_permset *old,
                    const struct xs_permset *parent)
{
    struct xs_who who = conn_who(c);

    if (who.priv)
        return true;
    if (perms && (perms_for(perms, &who) & XS_PERM_READ))
        return true;
    if (old && (perms_for(old, &who) & XS_PERM_READ))
        return true;
    return parent && (perms_for(parent, &who) & XS_PERM_READ);
}

static void send_event(struct xsd *d, struct xs_conn *c, const char *path,
                       const char *token)
{
    struct xsd_sockmsg h = { XS_WATCH_EVENT, 0, 0, 0 };

    (void)conn_send(d, c, &h, path, strlen(path) + 1, token,
                    strlen(token) + 1, false);
}

static bool matches(const struct xs_watch *w, const char *path, int match)
{
    if (match == MATCH_EXACT)
        return !strcmp(w->path, path);
    return path_is_under(path, w->path);
}

void watch_fire(struct xsd *d, const char *path, const struct xs_permset *perms,
                const struct xs_permset *old_perms,
                const struct xs_permset *parent_perms, int match)
{
    for (struct xs_conn *c = d->conns; c; c = c->next) {
        bool checked = false;

        for (struct xs_watch *w = c->watches; w && !c->dead && !c->ignored;
             w = w->next) {
            if (!matches(w, path, match))
                continue;
            if (!checked && !may_see(c, perms, old_perms, parent_perms))
                break;
            checked = true;
            send_event(d, c, path + w->strip, w->token);
        }
    }
}

void watch_fire_special(struct xsd *d, int which)
{
    const char *name = xs_special_names[which];
    const struct xs_permset *perms = d->store.special[which]->perms;

    for (struct xs_conn *c = d->conns; c; c = c->next)
        for (struct xs_watch *w = c->watches; w && !c->dead && !c->ignored;
             w = w->next)
            if (!strcmp(w->path, name) && may_see(c, perms, NULL, NULL))
                send_event(d, c, name, w->token);
}

void watch_drop_all(struct xsd *d, struct xs_conn *c)
{
    struct xs_watch *w, *next;

    (void)d;
    for (w = c->watches; w; w = next) {
        next = w->next;
        free(w);
    }
    c->watches = NULL;
    c->nwatches = 0;
}

static int watch_args(struct xs_req *r, const char **path, const char **token,
                      char *abs, size_t *strip)
{
    const char *v[2];
    char prefix[64];
    int len;

    if (req_count_strings(r) != 2 || r->body[r->len - 1] != '\0' ||
        req_args(r, v, 2) < 0)
        return -EINVAL;
    len = path_canon(v[0], r->c->domid, true, abs, XS_PATH_BUF);
    if (len < 0)
        return len;
    *strip = 0;
    if (v[0][0] != '/' && v[0][0] != '@')
        *strip = path_domain_prefix(r->c->domid, prefix, sizeof(prefix));
    *path = v[0];
    *token = v[1];
    return 0;
}

int op_watch(struct xs_req *r)
{
    char abs[XS_PATH_BUF];
    const char *path, *token;
    struct xs_watch *w;
    size_t strip, plen, tlen;
    int rc = watch_args(r, &path, &token, abs, &strip);

    if (rc < 0)
        return rc;
    for (w = r->c->watches; w; w = w->next)
        if (!strcmp(w->path, abs) && !strcmp(w->token, token))
            return -EEXIST;
    if (conn_limited(r->d, r->c) && r->d->quota.watches &&
        r->c->nwatches >= r->d->quota.watches)
        return -ENOSPC;
    plen = strlen(abs) + 1;
    tlen = strlen(token) + 1;
    w = malloc(sizeof(*w) + plen + tlen);
    if (!w)
        return -ENOMEM;
    memcpy(w->path, abs, plen);
    w->token = w->path + plen;
    memcpy(w->token, token, tlen);
    w->strip = strip;
    w->next = r->c->watches;
    r->c->watches = w;
    r->c->nwatches++;
    req_ack(r);
    /* Fired once at once, so a client never misses the initial state. */
    send_event(r->d, r->c, w->path + w->strip, w->token);
    return 0;
}

int op_unwatch(struct xs_req *r)
{
    char abs[XS_PATH_BUF];
    const char *path, *token;
    size_t strip;
    int rc = watch_args(r, &path, &token, abs, &strip);

    if (rc < 0)
        return rc;
    for (struct xs_watch **pp = &r->c->watches; *pp; pp = &(*pp)->next) {
        struct xs_watch *w = *pp;

        if (!strcmp(w->path, abs) && !strcmp(w->token, token)) {
            *pp = w->next;
            free(w);
            r->c->nwatches--;
            return req_ack(r);
        }
    }
    return -ENOENT;
}

int op_reset_watches(struct xs_req *r)
{
    watch_drop_all(r->d, r->c);
    txn_drop_all(r->d, r->c);
    return req_ack(r);
}
