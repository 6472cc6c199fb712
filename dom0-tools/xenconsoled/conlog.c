/* Console log files (see conlog.h). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "conlog.h"

static bool safe_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
}

int conlog_file_name(char *buf, size_t size, const char *name, uint16_t domid)
{
    char safe[XCD_CONLOG_NAME_MAX + 1];
    size_t i;
    int n;

    if (!name || !*name) {
        n = snprintf(buf, size, "guest-dom%u.log", (unsigned)domid);
        return n < 0 || (size_t)n >= size ? -ENAMETOOLONG : 0;
    }
    for (i = 0; name[i] && i < XCD_CONLOG_NAME_MAX; i++)
        safe[i] = safe_char(name[i]) ? name[i] : '_';
    safe[i] = '\0';
    n = snprintf(buf, size, "guest-%s.log", safe);
    return n < 0 || (size_t)n >= size ? -ENAMETOOLONG : 0;
}

int conlog_open(const char *dir, const char *file)
{
    char path[PATH_MAX];
    int n = snprintf(path, sizeof(path), "%s/%s", dir, file);
    int fd;

    if (n < 0 || (size_t)n >= sizeof(path))
        return -ENAMETOOLONG;
    fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0640);
    return fd < 0 ? -errno : fd;
}

int conlog_write(int fd, const char *buf, size_t len)
{
    while (len) {
        ssize_t n = write(fd, buf, len);

        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return -errno;
        if (n == 0)
            return -EIO;
        buf += n;
        len -= (size_t)n;
    }
    return 0;
}

int conlog_mkdirs(const char *dir)
{
    char path[PATH_MAX];
    size_t len = strlen(dir);
    struct stat st;

    if (!len || len >= sizeof(path))
        return len ? -ENAMETOOLONG : -EINVAL;
    memcpy(path, dir, len + 1);
    for (char *p = path + 1; ; p++) {
        bool end = *p == '\0';

        if (*p != '/' && !end)
            continue;
        *p = '\0';
        if (mkdir(path, 0755) < 0 && errno != EEXIST)
            return -errno;
        if (end)
            break;
        *p = '/';
    }
    if (stat(path, &st) < 0)
        return -errno;
    return S_ISDIR(st.st_mode) ? 0 : -ENOTDIR;
}
