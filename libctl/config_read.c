/* Reading a configuration file: its bytes, which format it is in, and
 * which reader to hand it to. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "config_internal.h"

/* Sniffs what the first visible character suggests: JSON opens with a
 * brace or bracket and XML with '<', neither of which can open xl.cfg. */
static enum lc_config_format by_content(const char *text, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        switch (text[i]) {
        case ' ': case '\t': case '\r': case '\n':
            continue;
        case '{': case '[':
            return LC_CONFIG_JSON;
        case '<':
            return LC_CONFIG_XML;
        default:
            return LC_CONFIG_XL;
        }
    }
    return LC_CONFIG_XL;
}

static bool has_suffix(const char *path, const char *suffix)
{
    size_t n = strlen(path), m = strlen(suffix);

    return n > m && !strcmp(path + n - m, suffix);
}

int lc_config_parse(const char *text, size_t len, const char *name,
                    enum lc_config_format fmt, struct lc_domain_config *cfg,
                    struct lc_config_error *err)
{
    lc_config_init(cfg);
    if (len > LC_CFG_FILE_MAX)
        return lc_err(err, -EFBIG, "%s: larger than %u bytes", name,
                      LC_CFG_FILE_MAX);
    if (fmt == LC_CONFIG_AUTO)
        fmt = by_content(text, len);
    switch (fmt) {
    case LC_CONFIG_JSON:
        return lc_config_parse_json(text, len, name, cfg, err);
    case LC_CONFIG_XML:
        return lc_config_parse_xml(text, len, name, cfg, err);
    case LC_CONFIG_XL:
        return lc_config_parse_xl(text, len, name, cfg, err);
    default:
        return lc_err(err, -EINVAL, "%s: unknown configuration format %d",
                      name, (int)fmt);
    }
}

/* Reads up to one byte past the limit, so that pipes and other files
 * with no size are held to it too. */
static int slurp(int fd, char **text, size_t *len)
{
    size_t cap = 4096, n = 0;
    char *buf = malloc(cap);

    for (;;) {
        ssize_t got;

        if (!buf)
            return -ENOMEM;
        if (n == cap) {
            char *bigger = cap > LC_CFG_FILE_MAX ? NULL
                                                 : realloc(buf, cap * 2);
            if (!bigger) {
                free(buf);
                return cap > LC_CFG_FILE_MAX ? -EFBIG : -ENOMEM;
            }
            buf = bigger;
            cap *= 2;
        }
        got = read(fd, buf + n, cap - n);
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0) {
            int e = -errno;

            free(buf);
            return e;
        }
        if (got == 0)
            break;
        n += (size_t)got;
    }
    if (n > LC_CFG_FILE_MAX) {
        free(buf);
        return -EFBIG;
    }
    *text = buf;
    *len = n;
    return 0;
}

int lc_config_read(const char *path, enum lc_config_format fmt,
                   struct lc_domain_config *cfg, struct lc_config_error *err)
{
    char *text = NULL;
    size_t len = 0;
    int fd, ret;

    lc_config_init(cfg);
    fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        ret = -errno;
        return lc_err(err, ret, "%s: cannot open: %s", path, strerror(-ret));
    }
    ret = slurp(fd, &text, &len);
    close(fd);
    if (ret == -EFBIG)
        return lc_err(err, ret, "%s: larger than %u bytes", path,
                      LC_CFG_FILE_MAX);
    if (ret)
        return lc_err(err, ret, "%s: cannot read: %s", path, strerror(-ret));
    if (fmt == LC_CONFIG_AUTO && has_suffix(path, ".json"))
        fmt = LC_CONFIG_JSON;
    else if (fmt == LC_CONFIG_AUTO && has_suffix(path, ".xml"))
        fmt = LC_CONFIG_XML;
    ret = lc_config_parse(text, len, path, fmt, cfg, err);
    free(text);
    return ret;
}
