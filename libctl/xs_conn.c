/* Opening and closing connections to xenstored: its Unix socket, or the
 * kernel's xenbus device, which carries the same messages. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>
#include "xs_internal.h"

struct xs_conn *xs_conn_new(int fd, bool is_socket, int *err)
{
    struct xs_conn *c = calloc(1, sizeof(*c));

    if (!c) {
        *err = -ENOMEM;
        return NULL;
    }
    c->fd = fd;
    c->is_socket = is_socket;
    c->timeout_ms = XS_DEFAULT_TIMEOUT_MS;
    c->epoll_fd = -1;
    c->event_fd = -1;
    return c;
}

static int connect_socket(const char *path)
{
    struct sockaddr_un sa = { .sun_family = AF_UNIX };
    int fd;

    if (strlen(path) >= sizeof(sa.sun_path))
        return -ENAMETOOLONG;
    strcpy(sa.sun_path, path);
    fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    if (fd < 0)
        return -errno;
    /* A local connect completes or fails at once, even non-blocking,
     * except EAGAIN when the listener's backlog is full. */
    if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
        int rc = -errno;

        close(fd);
        return rc;
    }
    return fd;
}

static struct xs_conn *open_fd(int fd, bool is_socket, int *err)
{
    struct xs_conn *c;

    if (fd < 0) {
        *err = fd;
        return NULL;
    }
    c = xs_conn_new(fd, is_socket, err);
    if (!c)
        close(fd);
    return c;
}

static struct xs_conn *open_device(const char *path, int *err)
{
    int fd = open(path, O_RDWR | O_CLOEXEC | O_NONBLOCK);

    return open_fd(fd < 0 ? -errno : fd, false, err);
}

/* XENSTORED_PATH may name either kind, as with Xen's tools. */
static struct xs_conn *open_path(const char *path, int *err)
{
    struct stat st;

    if (stat(path, &st) < 0) {
        *err = -errno;
        return NULL;
    }
    if (S_ISSOCK(st.st_mode))
        return open_fd(connect_socket(path), true, err);
    return open_device(path, err);
}

struct xs_conn *xs_open(const char *path, int *err)
{
    const char *env = getenv("XENSTORED_PATH");
    struct xs_conn *c;
    int dummy, dev_err;

    if (!err)
        err = &dummy;
    if (path)
        return open_path(path, err);
    if (env && *env)
        return open_path(env, err);
    c = open_path(XS_DEFAULT_SOCKET, err);
    if (c)
        return c;
    /* No daemon socket (a domU, or xenstored elsewhere): try the kernel.
     * Report the device's error only if the device is there at all. */
    c = open_device(XS_DEFAULT_XENBUS, &dev_err);
    if (!c && dev_err != -ENOENT)
        *err = dev_err;
    return c;
}

struct xs_conn *xs_open_dev(const char *path, int *err)
{
    int dummy;

    return open_device(path ? path : XS_DEFAULT_XENBUS, err ? err : &dummy);
}

void xs_set_timeout(struct xs_conn *c, int timeout_ms)
{
    if (c)
        c->timeout_ms = timeout_ms < 0 ? -1 : timeout_ms;
}

void xs_close(struct xs_conn *c)
{
    if (!c)
        return;
    xs_drop_events(c, NULL, NULL);
    if (c->epoll_fd >= 0)
        close(c->epoll_fd);
    if (c->event_fd >= 0)
        close(c->event_fd);
    close(c->fd);
    free(c);
}
