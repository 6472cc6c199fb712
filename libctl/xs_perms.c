/* Node permissions: the list form on the wire ("b0", "r5", ...) and the
 * two requests that carry it. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "xs_internal.h"

#define DOMID_MAX 0xffffu

static bool known_perm(char p)
{
    return p == 'n' || p == 'r' || p == 'w' || p == 'b';
}

int xs_perm_parse(const char *s, struct xs_perm *perm)
{
    unsigned long id = 0;
    const char *d;

    if (!s || !perm || !known_perm(s[0]) || s[1] == '\0')
        return -EINVAL;
    for (d = s + 1; *d; d++) {
        if (*d < '0' || *d > '9')
            return -EINVAL;
        id = id * 10 + (unsigned long)(*d - '0');
        if (id > DOMID_MAX)
            return -ERANGE;
    }
    perm->perm = s[0];
    perm->domid = (unsigned)id;
    return 0;
}

int xs_perm_format(const struct xs_perm *perm, char *buf, size_t size)
{
    int n;

    if (!perm || !buf || !known_perm(perm->perm) || perm->domid > DOMID_MAX)
        return -EINVAL;
    n = snprintf(buf, size, "%c%u", perm->perm, perm->domid);
    return n < 0 || (size_t)n >= size ? -ENOSPC : 0;
}

static int perms_from_strings(const char *s, size_t len,
                              struct xs_perm **perms, unsigned *n)
{
    size_t count = 0, i = 0;
    struct xs_perm *v;
    int rc = 0;

    if (len == 0 || s[len - 1] != '\0')
        return -EBADMSG;
    for (const char *p = s; p < s + len; p += strlen(p) + 1)
        count++;
    v = calloc(count, sizeof(*v));
    if (!v)
        return -ENOMEM;
    for (const char *p = s; p < s + len && !rc; p += strlen(p) + 1)
        rc = xs_perm_parse(p, &v[i++]) ? -EBADMSG : 0;
    if (rc) {
        free(v);
        return rc;
    }
    *perms = v;
    *n = (unsigned)count;
    return 0;
}

int xs_get_perms(struct xs_conn *c, uint32_t tx, const char *path,
                 struct xs_perm **perms, unsigned *n)
{
    char *reply;
    size_t len;
    int rc;

    if (!perms || !n)
        return -EINVAL;
    rc = xs_talk_str(c, XS_GET_PERMS, tx, path, &reply, &len);
    if (rc)
        return rc;
    rc = perms_from_strings(reply, len, perms, n);
    free(reply);
    return rc;
}

/* The payload is built in one buffer: path, then each permission. */
int xs_set_perms(struct xs_conn *c, uint32_t tx, const char *path,
                 const struct xs_perm *perms, unsigned n)
{
    char buf[XENSTORE_PAYLOAD_MAX];
    struct xs_iov iov = { buf, 0 };
    size_t used;
    int rc;

    if (!path || !perms || n == 0)
        return -EINVAL;
    used = strlen(path) + 1;
    if (used > sizeof(buf))
        return -E2BIG;
    memcpy(buf, path, used);
    for (unsigned i = 0; i < n; i++) {
        rc = xs_perm_format(&perms[i], buf + used, sizeof(buf) - used);
        if (rc)
            return rc == -ENOSPC ? -E2BIG : rc;
        used += strlen(buf + used) + 1;
    }
    iov.len = used;
    return xs_talk(c, XS_SET_PERMS, tx, &iov, 1, NULL, NULL);
}
