/* What the toolstack tells xenstored about domains. Numbers travel as
 * decimal strings, each NUL-terminated. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "xs_internal.h"

#define NUM_MAX 24              /* a decimal u64 and its NUL */

/* Sends "a NUL b NUL ..." built from up to three numbers. */
static int talk_numbers(struct xs_conn *c, uint32_t type, const uint64_t *v,
                        unsigned n, char **reply, size_t *len)
{
    char s[3][NUM_MAX];
    struct xs_iov iov[3];

    for (unsigned i = 0; i < n && i < 3; i++) {
        snprintf(s[i], sizeof(s[i]), "%" PRIu64, v[i]);
        iov[i] = (struct xs_iov){ s[i], strlen(s[i]) + 1 };
    }
    return xs_talk(c, type, XS_TX_NONE, iov, n < 3 ? n : 3, reply, len);
}

int xs_get_domain_path(struct xs_conn *c, unsigned domid, char **path)
{
    uint64_t v = domid;
    int rc;

    if (!path)
        return -EINVAL;
    rc = talk_numbers(c, XS_GET_DOMAIN_PATH, &v, 1, path, NULL);
    if (rc == 0 && (*path)[0] != '/') {
        free(*path);
        return -EBADMSG;
    }
    return rc;
}

int xs_introduce(struct xs_conn *c, unsigned domid, uint64_t gfn,
                 unsigned port)
{
    uint64_t v[3] = { domid, gfn, port };

    return talk_numbers(c, XS_INTRODUCE, v, 3, NULL, NULL);
}

int xs_release(struct xs_conn *c, unsigned domid)
{
    uint64_t v = domid;

    return talk_numbers(c, XS_RELEASE, &v, 1, NULL, NULL);
}

int xs_resume(struct xs_conn *c, unsigned domid)
{
    uint64_t v = domid;

    return talk_numbers(c, XS_RESUME, &v, 1, NULL, NULL);
}

int xs_set_target(struct xs_conn *c, unsigned domid, unsigned target)
{
    uint64_t v[2] = { domid, target };

    return talk_numbers(c, XS_SET_TARGET, v, 2, NULL, NULL);
}

/* The answer is "T" or "F". */
int xs_is_domain_introduced(struct xs_conn *c, unsigned domid)
{
    uint64_t v = domid;
    char *reply;
    int rc;

    rc = talk_numbers(c, XS_IS_DOMAIN_INTRODUCED, &v, 1, &reply, NULL);
    if (rc)
        return rc;
    if (strcmp(reply, "T") == 0)
        rc = 1;
    else if (strcmp(reply, "F") == 0)
        rc = 0;
    else
        rc = -EBADMSG;
    free(reply);
    return rc;
}
