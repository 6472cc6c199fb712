/* Path syntax, following the protocol: alphanumerics and -/_@, no empty
 * components, no trailing slash except for "/", at most 3072 bytes. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "public/io/xs_wire.h"
#include "path.h"

static bool valid_chars(const char *s)
{
    for (; *s; s++) {
        char c = *s;

        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
              (c >= '0' && c <= '9') || c == '-' || c == '/' || c == '_' ||
              c == '@'))
            return false;
    }
    return true;
}

size_t path_domain_prefix(uint16_t domid, char *buf, size_t size)
{
    int n = snprintf(buf, size, "/local/domain/%u/", domid);

    return n < 0 ? 0 : (size_t)n;
}

int path_canon(const char *in, uint16_t domid, bool allow_special, char *out,
               size_t size)
{
    size_t len = strlen(in), pre = 0;

    if (!len || !valid_chars(in) || (in[0] == '@' && !allow_special))
        return -EINVAL;
    if (in[0] != '/' && in[0] != '@') {
        if (len > XENSTORE_REL_PATH_MAX)
            return -EINVAL;
        pre = path_domain_prefix(domid, out, size);
    }
    if (pre + len > XENSTORE_ABS_PATH_MAX || pre + len + 1 > size)
        return -EINVAL;
    memcpy(out + pre, in, len + 1);
    len += pre;
    if (strstr(out, "//") || (len > 1 && out[len - 1] == '/'))
        return -EINVAL;
    if (out[0] == '@' && strchr(out, '/'))
        return -EINVAL;
    return (int)len;
}

size_t path_parent_len(const char *path)
{
    const char *slash = strrchr(path, '/');

    if (!slash || !path[1])
        return 0;
    return slash == path ? 1 : (size_t)(slash - path);
}

const char *path_basename(const char *path)
{
    const char *slash = strrchr(path, '/');

    return slash ? slash + 1 : path;
}

bool path_is_under(const char *child, const char *parent)
{
    size_t len = strlen(parent);

    if (!strcmp(parent, "/"))
        return child[0] == '/';
    return !strncmp(child, parent, len) &&
           (child[len] == '\0' || child[len] == '/');
}
