/* Directory listings. xenstored answers E2BIG when a node's children do
 * not fit in one reply; the list is then read in parts (XS_DIRECTORY_PART),
 * each tagged with the node's generation so that a change between parts
 * is noticed and the listing started over. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "xs_internal.h"

#define DIR_MAX_BYTES     (16u << 20)  /* what a daemon can make us hold */
#define DIR_MAX_RESTARTS  16
#define GEN_MAX           24           /* a decimal u64 and its NUL */

/* Builds the caller's array from "name NUL name NUL ...". Empty names
 * cannot exist in the store, so empty strings (a lone NUL for an empty
 * directory, the end marker of the last part) are skipped. */
static int names_from_strings(const char *s, size_t len, char ***names,
                              unsigned *n)
{
    size_t count = 0, i = 0;
    char **v, *copy;

    if (len && s[len - 1] != '\0')
        return -EBADMSG;
    for (const char *p = s; p < s + len; p += strlen(p) + 1)
        count += *p != '\0';
    v = malloc((count + 1) * sizeof(*v) + len + 1);
    if (!v)
        return -ENOMEM;
    copy = (char *)(v + count + 1);
    memcpy(copy, s, len);
    for (char *p = copy; p < copy + len; p += strlen(p) + 1)
        if (*p)
            v[i++] = p;
    v[i] = NULL;
    *names = v;
    *n = (unsigned)count;
    return 0;
}

struct dir_parts {
    char *buf;
    size_t len;                 /* also the offset of the next part */
    char gen[GEN_MAX];
};

enum part_result { PART_MORE, PART_LAST, PART_RESTART };

/* Adds one part, "generation NUL names..."; the last part ends with an
 * extra NUL, which is all it holds when the list is already complete. */
static int add_part(struct dir_parts *d, const char *reply, size_t len)
{
    size_t glen = strnlen(reply, len);
    const char *data = reply + glen + 1;
    size_t dlen;
    char *grown;

    if (glen == 0 || glen >= len || glen >= GEN_MAX)
        return -EBADMSG;
    dlen = len - glen - 1;
    if (dlen == 0 || data[dlen - 1] != '\0')
        return -EBADMSG;
    if (d->len == 0)
        memcpy(d->gen, reply, glen + 1);
    else if (strcmp(d->gen, reply))
        return PART_RESTART;
    if (dlen > DIR_MAX_BYTES - d->len)
        return -E2BIG;
    grown = realloc(d->buf, d->len + dlen);
    if (!grown)
        return -ENOMEM;
    memcpy(grown + d->len, data, dlen);
    d->buf = grown;
    d->len += dlen;
    return (dlen == 1 || data[dlen - 2] == '\0') ? PART_LAST : PART_MORE;
}

static int fetch_part(struct xs_conn *c, uint32_t tx, const char *path,
                      struct dir_parts *d)
{
    char off[24], *reply;
    struct xs_iov iov[2];
    size_t len;
    int rc;

    snprintf(off, sizeof(off), "%zu", d->len);
    iov[0] = (struct xs_iov){ path, strlen(path) + 1 };
    iov[1] = (struct xs_iov){ off, strlen(off) + 1 };
    rc = xs_talk(c, XS_DIRECTORY_PART, tx, iov, 2, &reply, &len);
    if (rc == -ENOSYS)
        return -E2BIG;  /* an older daemon: the list cannot be had */
    if (rc)
        return rc;
    rc = add_part(d, reply, len);
    free(reply);
    return rc;
}

static int directory_parts(struct xs_conn *c, uint32_t tx, const char *path,
                           char ***names, unsigned *n)
{
    struct dir_parts d = { 0 };
    unsigned restarts = 0;
    int rc;

    do {
        rc = fetch_part(c, tx, path, &d);
        if (rc == PART_RESTART) {
            d.len = 0;
            if (++restarts == DIR_MAX_RESTARTS)
                break;
        }
    } while (rc == PART_MORE || rc == PART_RESTART);
    if (rc == PART_LAST)
        rc = names_from_strings(d.buf, d.len, names, n);
    else if (rc == PART_RESTART)
        rc = -EAGAIN;
    free(d.buf);
    return rc;
}

int xs_directory(struct xs_conn *c, uint32_t tx, const char *path,
                 char ***names, unsigned *n)
{
    char *reply;
    size_t len;
    int rc;

    if (!path || !names || !n)
        return -EINVAL;
    rc = xs_talk_str(c, XS_DIRECTORY, tx, path, &reply, &len);
    if (rc == -E2BIG)
        return directory_parts(c, tx, path, names, n);
    if (rc)
        return rc;
    rc = names_from_strings(reply, len, names, n);
    free(reply);
    return rc;
}
