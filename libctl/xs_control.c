/* XS_CONTROL: commands to xenstored itself ("log", "quota", ...), each a
 * list of NUL-terminated words. */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include "xs_internal.h"

#define CONTROL_MAX_ARGS 16

int xs_controlv(struct xs_conn *c, const char *const *args, unsigned nargs,
                char **reply, size_t *len)
{
    struct xs_iov iov[CONTROL_MAX_ARGS];

    if (!args || nargs == 0)
        return -EINVAL;
    if (nargs > CONTROL_MAX_ARGS)
        return -E2BIG;
    for (unsigned i = 0; i < nargs; i++) {
        if (!args[i])
            return -EINVAL;
        iov[i] = (struct xs_iov){ args[i], strlen(args[i]) + 1 };
    }
    return xs_talk(c, XS_CONTROL, XS_TX_NONE, iov, nargs, reply, len);
}

int xs_control(struct xs_conn *c, char **reply, const char *cmd, ...)
{
    const char *args[CONTROL_MAX_ARGS];
    unsigned n = 0;
    const char *a;
    va_list ap;

    if (!cmd)
        return -EINVAL;
    args[n++] = cmd;
    va_start(ap, cmd);
    while ((a = va_arg(ap, const char *)) != NULL) {
        if (n == CONTROL_MAX_ARGS) {
            va_end(ap);
            return -E2BIG;
        }
        args[n++] = a;
    }
    va_end(ap);
    return xs_controlv(c, args, n, reply, NULL);
}
