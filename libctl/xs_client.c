/* Reading and changing single nodes. */
#include <errno.h>
#include <string.h>
#include "xs_internal.h"

int xs_read(struct xs_conn *c, uint32_t tx, const char *path,
            char **value, size_t *len)
{
    if (!value)
        return -EINVAL;
    return xs_talk_str(c, XS_READ, tx, path, value, len);
}

int xs_write(struct xs_conn *c, uint32_t tx, const char *path,
             const void *value, size_t len)
{
    struct xs_iov iov[2];

    if (!path || (!value && len))
        return -EINVAL;
    iov[0] = (struct xs_iov){ path, strlen(path) + 1 };
    iov[1] = (struct xs_iov){ value, len };
    return xs_talk(c, XS_WRITE, tx, iov, 2, NULL, NULL);
}

int xs_mkdir(struct xs_conn *c, uint32_t tx, const char *path)
{
    return xs_talk_str(c, XS_MKDIR, tx, path, NULL, NULL);
}

int xs_rm(struct xs_conn *c, uint32_t tx, const char *path)
{
    return xs_talk_str(c, XS_RM, tx, path, NULL, NULL);
}
