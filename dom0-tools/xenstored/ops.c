/* The store's requests: READ, WRITE, MKDIR, RM, DIRECTORY,
 * DIRECTORY_PART, GET_PERMS and SET_PERMS. Each checks the caller's
 * rights first; for a node that does not exist, the nearest existing
 * ancestor decides whether the caller learns ENOENT or EACCES (so an
 * unreadable subtree does not tell what is in it). */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "access.h"
#include "conn.h"
#include "path.h"
#include "proto.h"

static int canon(struct xs_req *r, const char *arg, bool special, char *abs)
{
    int n;

    if (!arg)
        return -EINVAL;
    n = path_canon(arg, r->c->domid, special, abs, XS_PATH_BUF);
    return n < 0 ? n : 0;
}

/* 0 with *v filled, -ENOENT, -EACCES or another error. */
static int check(struct xs_req *r, const char *path, unsigned int perm,
                 struct xs_nview *v)
{
    struct xs_who who = conn_who(r->c);
    char anc[XS_PATH_BUF];
    struct xs_nview a;
    int rc = view_get(r, path, v);

    if (rc == 0)
        return (perms_for(v->perms, &who) & perm) == perm ? 0 : -EACCES;
    if (rc != -ENOENT)
        return rc;
    snprintf(anc, sizeof(anc), "%s", path);
    rc = view_nearest(r, anc, &a);
    if (rc < 0)
        return rc;
    return (perms_for(a.perms, &who) & perm) ? -ENOENT : -EACCES;
}

int op_read(struct xs_req *r)
{
    char path[XS_PATH_BUF];
    struct xs_nview v;
    int rc = canon(r, req_onearg(r), false, path);

    if (rc == 0)
        rc = check(r, path, XS_PERM_READ, &v);
    if (rc < 0)
        return rc;
    return req_reply(r, v.value, v.vlen);
}

int op_write(struct xs_req *r)
{
    char path[XS_PATH_BUF];
    const char *arg;
    struct xs_nview v;
    int off = req_args(r, &arg, 1);
    int rc = off < 0 ? off : canon(r, arg, false, path);
    uint32_t vlen = off < 0 ? 0 : r->len - (uint32_t)off;

    if (rc < 0)
        return rc;
    if (conn_limited(r->d, r->c) && r->d->quota.value_size &&
        vlen > r->d->quota.value_size)
        return -E2BIG;
    rc = check(r, path, XS_PERM_WRITE, &v);
    if (rc < 0 && rc != -ENOENT)
        return rc;
    rc = acc_write(r, path, r->body + off, vlen, true);
    return rc < 0 ? rc : req_ack(r);
}

int op_mkdir(struct xs_req *r)
{
    char path[XS_PATH_BUF];
    struct xs_nview v;
    int rc = canon(r, req_onearg(r), false, path);

    if (rc == 0)
        rc = check(r, path, XS_PERM_WRITE, &v);
    if (rc == -ENOENT)
        rc = acc_write(r, path, NULL, 0, false);
    return rc < 0 ? rc : req_ack(r);
}

int op_rm(struct xs_req *r)
{
    char path[XS_PATH_BUF];
    struct xs_nview v;
    int rc = canon(r, req_onearg(r), false, path);

    if (rc < 0)
        return rc;
    if (!strcmp(path, "/"))
        return -EINVAL;
    rc = check(r, path, XS_PERM_WRITE, &v);
    if (rc == 0)
        rc = acc_remove(r, path);
    else if (rc == -ENOENT) {
        /* Already gone is fine, as long as the parent is there. */
        path[path_parent_len(path)] = '\0';
        rc = view_get(r, path, &v);
    }
    return rc < 0 ? rc : req_ack(r);
}

int op_directory(struct xs_req *r)
{
    char path[XS_PATH_BUF];
    struct xs_nview v;
    struct xs_buf kids = { 0 };
    int rc = canon(r, req_onearg(r), false, path);

    if (rc == 0)
        rc = check(r, path, XS_PERM_READ, &v);
    if (rc == 0)
        rc = view_children(r, path, &kids);
    if (rc == 0)
        rc = req_reply(r, kids.p, kids.len);
    xsbuf_free(&kids);
    return rc;
}

static int parse_offset(const char *s, size_t *out)
{
    char *end;
    unsigned long v;

    if (*s < '0' || *s > '9')
        return -EINVAL;
    v = strtoul(s, &end, 10);
    if (*end)
        return -EINVAL;
    *out = v;
    return 0;
}

/* Children from byte offset off, as many whole names as fit; the last
 * part ends with an empty name so the client knows it has them all. */
static int reply_part(struct xs_req *r, const struct xs_buf *kids, size_t off,
                      uint64_t gen)
{
    char out[XENSTORE_PAYLOAD_MAX];
    int glen = snprintf(out, sizeof(out), "%" PRIu64, gen) + 1;
    size_t max = sizeof(out) - (size_t)glen - 1, len = 0;

    while (off + len < kids->len) {
        size_t name = strlen(kids->p + off + len) + 1;

        if (len + name > max)
            break;
        len += name;
    }
    memcpy(out + glen, kids->p + off, len);
    if (off + len >= kids->len)
        out[glen + len++] = '\0';
    return req_reply(r, out, (size_t)glen + len);
}

int op_directory_part(struct xs_req *r)
{
    char path[XS_PATH_BUF];
    const char *v[2];
    struct xs_nview node;
    struct xs_buf kids = { 0 };
    size_t off = 0;
    int rc = req_count_strings(r) == 2 && req_args(r, v, 2) == (int)r->len
                 ? canon(r, v[0], false, path) : -EINVAL;

    if (rc == 0)
        rc = parse_offset(v[1], &off);
    if (rc == 0)
        rc = check(r, path, XS_PERM_READ, &node);
    if (rc == 0)
        rc = view_children(r, path, &kids);
    if (rc == 0)
        rc = reply_part(r, &kids, off > kids.len ? kids.len : off, node.gen);
    xsbuf_free(&kids);
    return rc;
}

int op_get_perms(struct xs_req *r)
{
    char path[XS_PATH_BUF], out[XENSTORE_PAYLOAD_MAX];
    struct xs_nview v;
    int rc = canon(r, req_onearg(r), true, path);

    if (rc == 0)
        rc = check(r, path, XS_PERM_READ, &v);
    if (rc == 0)
        rc = perms_format(v.perms, out, sizeof(out));
    return rc < 0 ? rc : req_reply(r, out, (size_t)rc);
}

int op_set_perms(struct xs_req *r)
{
    char path[XS_PATH_BUF];
    unsigned int n = req_count_strings(r);
    struct xs_permset *ps = NULL;
    struct xs_nview v;
    const char *arg;
    int off = req_args(r, &arg, 1);
    int rc = (off < 0 || n < 2) ? -EINVAL : canon(r, arg, true, path);

    if (rc < 0)
        return rc;
    if (conn_limited(r->d, r->c) && r->d->quota.perms && n - 1 > r->d->quota.perms)
        return -ENOSPC;
    rc = perms_parse(r->body + off, r->len - (uint32_t)off, n - 1, &ps);
    if (rc == 0)
        rc = check(r, path, XS_PERM_WRITE | XS_PERM_OWNER, &v);
    /* Only the control domain gives a node away. */
    if (rc == 0 && !conn_priv(r->c) && ps->p[0].domid != v.perms->p[0].domid)
        rc = -EPERM;
    if (rc == 0)
        rc = acc_set_perms(r, path, ps);
    perms_put(ps);
    return rc < 0 ? rc : req_ack(r);
}
