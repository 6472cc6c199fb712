/* Socket transport. Sockets are non-blocking; a client that closes or
 * errors is freed at the end of the round. Socket clients act as dom0,
 * as in Xen: whoever can open the socket (mode 0600) is root in dom0. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>
#include "conn.h"
#include "conn_socket.h"

int xsock_listen(const char *path)
{
    struct sockaddr_un sa = { .sun_family = AF_UNIX };
    int fd, rc;

    if (strlen(path) >= sizeof(sa.sun_path))
        return -ENAMETOOLONG;
    strcpy(sa.sun_path, path);
    fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return -errno;
    (void)unlink(path);
    if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0 ||
        chmod(path, 0600) < 0 || listen(fd, 64) < 0) {
        rc = -errno;
        close(fd);
        return rc;
    }
    return fd;
}

static ssize_t sock_read(struct xs_conn *c, void *buf, size_t len)
{
    ssize_t n = recv(c->fd, buf, len, 0);

    if (n > 0)
        return n;
    if (n == 0)
        return -EPIPE;
    if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)
        return 0;
    return -errno;
}

static ssize_t sock_write(struct xs_conn *c, const void *buf, size_t len)
{
    ssize_t n = send(c->fd, buf, len, MSG_NOSIGNAL);

    if (n >= 0)
        return n;
    if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)
        return 0;
    return -errno;
}

static void sock_destroy(struct xs_conn *c)
{
    close(c->fd);
}

const struct conn_ops socket_conn_ops = {
    .kind = "socket",
    .read = sock_read,
    .write = sock_write,
    .broken = NULL,
    .destroy = sock_destroy,
};

void xsock_accept(struct xsd *d)
{
    for (;;) {
        int fd = accept4(d->listen_fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);

        if (fd < 0) {
            if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)
                xlog(&d->log, XLOG_ERR, "accept: %s", strerror(errno));
            return;
        }
        if (!conn_new(d, &socket_conn_ops, NULL, fd, 0, false)) {
            xlog(&d->log, XLOG_ERR, "out of memory for a new client");
            close(fd);
            continue;
        }
        xlog(&d->log, XLOG_DEBUG, "socket client fd %d connected", fd);
    }
}
