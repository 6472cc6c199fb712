/* The configs of the domains xl created, where libxl keeps its own: one
 * JSON file per domain, named by UUID, under <state_dir>/domains. xl list
 * -l prints them and the monitor's restarts rewrite them. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "xl.h"

int xl_mkdirs(const char *path)
{
    char buf[XL_PATH_MAX];
    size_t len = strlen(path);

    if (len >= sizeof(buf))
        return -ENAMETOOLONG;
    memcpy(buf, path, len + 1);
    for (char *p = buf + 1; ; p++) {
        if (*p && *p != '/')
            continue;
        char c = *p;

        *p = '\0';
        if (mkdir(buf, 0755) && errno != EEXIST)
            return -errno;
        if (!c)
            return 0;
        *p = c;
    }
}

int xl_config_path(const struct xl_env *env, const uint8_t uuid[16],
                   const char *ext, char *buf, size_t size)
{
    char u[LC_CFG_UUID_STR_LEN + 1];
    int n;

    lc_uuid_format(uuid, u);
    n = snprintf(buf, size, "%s/domains/%s%s", env->state_dir, u, ext);
    return n < 0 || (size_t)n >= size ? -ENAMETOOLONG : 0;
}

/* Through a temporary file and rename, so a reader never sees half. */
static int write_whole(const char *path, const char *text)
{
    char tmp[XL_PATH_MAX + 8];
    size_t len = strlen(text), done = 0;
    int fd, rc = 0;

    snprintf(tmp, sizeof(tmp), "%s.tmp", path);
    fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0)
        return -errno;
    while (!rc && done < len) {
        ssize_t n = write(fd, text + done, len - done);

        if (n < 0 && errno != EINTR)
            rc = -errno;
        else if (n > 0)
            done += (size_t)n;
    }
    if (close(fd) && !rc)
        rc = -errno;
    if (!rc && rename(tmp, path))
        rc = -errno;
    if (rc)
        unlink(tmp);
    return rc;
}

static int store_file(struct xl_env *env, const uint8_t uuid[16], const char *ext,
                      const char *text)
{
    char path[XL_PATH_MAX];
    int rc = xl_config_path(env, uuid, ext, path, sizeof(path));

    if (!rc)
        rc = write_whole(path, text);
    if (rc)
        xl_msg(env, "storing %s: %s", path, strerror(-rc));
    return rc;
}

int xl_config_store(struct xl_env *env, const struct lc_domain_config *cfg,
                    uint16_t domid, const char *source)
{
    char dir[XL_PATH_MAX], *json = NULL, *src = NULL;
    int rc;

    snprintf(dir, sizeof(dir), "%s/domains", env->state_dir);
    rc = xl_mkdirs(dir);
    if (rc) {
        xl_msg(env, "creating %s: %s", dir, strerror(-rc));
        return rc;
    }
    rc = lc_config_to_json(cfg, domid, &json);
    if (rc) {
        xl_msg(env, "writing %s's config as JSON: %s", cfg->name, strerror(-rc));
        return rc;
    }
    rc = store_file(env, cfg->uuid, ".json", json);
    if (!rc && source) {
        rc = asprintf(&src, "%s\n", source) < 0 ? -ENOMEM : 0;
        if (!rc)
            rc = store_file(env, cfg->uuid, ".source", src);
    }
    free(json);
    free(src);
    return rc;
}

int xl_config_load(struct xl_env *env, const uint8_t uuid[16],
                   struct lc_domain_config *cfg)
{
    struct lc_config_error err;
    char path[XL_PATH_MAX];
    int rc = xl_config_path(env, uuid, ".json", path, sizeof(path));

    if (rc)
        return rc;
    if (access(path, F_OK))
        return -ENOENT;
    rc = lc_config_read(path, LC_CONFIG_JSON, cfg, &err);
    if (rc)
        xl_msg(env, "%s", err.msg);
    return rc;
}

void xl_config_forget(struct xl_env *env, const uint8_t uuid[16])
{
    static const char *const exts[] = { ".json", ".source" };
    char path[XL_PATH_MAX];

    for (size_t i = 0; i < sizeof(exts) / sizeof(exts[0]); i++)
        if (!xl_config_path(env, uuid, exts[i], path, sizeof(path)))
            unlink(path);
}
