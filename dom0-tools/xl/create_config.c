/* xl create's config: the file through libctl's readers, key=value
 * overrides after it (as xl appends them to the file's lines), and what
 * building takes from the model. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "xl.h"

static int slurp(const char *path, char **text, size_t *len)
{
    size_t cap = LC_CFG_FILE_MAX + 1, n = 0;
    char *buf = malloc(cap + 1);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    ssize_t got = 1;

    if (!buf || fd < 0) {
        int rc = !buf ? -ENOMEM : -errno;

        free(buf);
        if (fd >= 0)
            close(fd);
        return rc;
    }
    while (n < cap && (got = read(fd, buf + n, cap - n)) != 0) {
        if (got < 0 && errno != EINTR)
            break;
        if (got > 0)
            n += (size_t)got;
    }
    close(fd);
    if (got < 0) {
        free(buf);
        return -EIO;
    }
    buf[n] = '\0';
    *text = buf;
    *len = n;
    return 0;
}

/* JSON and XML have no "later key wins" to append overrides to. */
static bool is_xl_cfg(const char *path, const char *text)
{
    size_t n = strlen(path);

    if ((n > 5 && !strcmp(path + n - 5, ".json")) ||
        (n > 4 && !strcmp(path + n - 4, ".xml")))
        return false;
    text += strspn(text, " \t\r\n");
    return *text != '{' && *text != '[' && *text != '<';
}

/* The file, a newline if it lacks one, then one override a line. */
static char *with_overrides(const char *text, size_t len, char *const *ov, int n,
                            unsigned *file_lines)
{
    size_t total = len + 2;
    char *out, *p;

    for (int i = 0; i < n; i++)
        total += strlen(ov[i]) + 1;
    out = malloc(total);
    if (!out)
        return NULL;
    memcpy(out, text, len);
    p = out + len;
    if (len && p[-1] != '\n')
        *p++ = '\n';
    *file_lines = 0;
    for (const char *c = out; c < p; c++)
        *file_lines += *c == '\n';
    for (int i = 0; i < n; i++)
        p += sprintf(p, "%s\n", ov[i]);
    *p = '\0';
    return out;
}

/* A message the reader gave for a line past the file names the override
 * instead: "f.cfg: override 'memory=x': 'memory' must be ...". */
static void report(struct xl_env *env, const char *path, const char *msg,
                   char *const *ov, int n, unsigned file_lines)
{
    size_t plen = strlen(path);
    unsigned long line;
    char *end;

    if (!strncmp(msg, path, plen) && msg[plen] == ':') {
        line = strtoul(msg + plen + 1, &end, 10);
        if (end != msg + plen + 1 && line > file_lines &&
            line - file_lines <= (unsigned long)n) {
            end += strspn(end, ":0123456789");
            xl_msg(env, "%s: override '%s': %s", path, ov[line - file_lines - 1],
                   end + strspn(end, " "));
            return;
        }
    }
    xl_msg(env, "%s", msg);
}

static int apply_overrides(struct xl_env *env, const char *path, char *const *ov,
                           int n, struct lc_domain_config *cfg)
{
    struct lc_config_error err;
    char *text = NULL, *all;
    unsigned lines;
    size_t len = 0;
    int rc = slurp(path, &text, &len);

    if (rc)
        return xl_fail(env, "%s: %s", path, strerror(-rc));
    if (!is_xl_cfg(path, text)) {
        free(text);
        return xl_fail(env, "%s: key=value overrides need an xl.cfg file", path);
    }
    for (int i = 0; i < n; i++)
        if (!strchr(ov[i], '=')) {
            free(text);
            return xl_fail(env, "'%s' is not a key=value override", ov[i]);
        }
    all = with_overrides(text, len, ov, n, &lines);
    free(text);
    if (!all)
        return xl_fail(env, "%s: %s", path, strerror(ENOMEM));
    rc = lc_config_parse(all, strlen(all), path, LC_CONFIG_XL, cfg, &err);
    free(all);
    if (rc) {
        report(env, path, err.msg, ov, n, lines);
        return XL_FAIL;
    }
    return XL_OK;
}

int xl_config_read(struct xl_env *env, const char *path, char *const *overrides,
                   int n, struct lc_domain_config *cfg)
{
    struct lc_config_error err;
    int rc = lc_config_read(path, LC_CONFIG_AUTO, cfg, &err);

    if (rc) {
        xl_msg(env, "%s", err.msg);
        return XL_FAIL;
    }
    if (!n)
        return XL_OK;
    /* The file alone was read first so that its own errors name its lines. */
    lc_config_free(cfg);
    return apply_overrides(env, path, overrides, n, cfg);
}

void xl_build_params(const struct lc_domain_config *cfg, struct lc_build_params *p)
{
    *p = (struct lc_build_params){
        .name = cfg->name,
        .memory_kb = (uint64_t)cfg->memory_mb * 1024,
        .max_memory_kb = (uint64_t)cfg->maxmem_mb * 1024,
        .vcpus = cfg->vcpus,
        .kernel = cfg->kernel,
        .ramdisk = cfg->ramdisk,
        .cmdline = cfg->cmdline,
        .disks = cfg->disks,
        .ndisks = cfg->ndisks,
        .vifs = cfg->vifs,
        .nvifs = cfg->nvifs,
    };
    if (cfg->uuid_set)
        memcpy(p->uuid, cfg->uuid, sizeof(p->uuid));
}
