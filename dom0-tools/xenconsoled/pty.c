/* Pseudo-terminals for guest consoles, with libc's Unix 98 calls only. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>
#include "pty.h"

void pty_init(struct xcd_pty *p)
{
    p->master = -1;
    p->slave = -1;
    p->path[0] = '\0';
}

/* Raw: no echo, no line editing, no CR/LF rewriting, no signals from
 * ^C; the guest's own terminal handles all of that. */
static int make_raw(int fd)
{
    struct termios t;

    if (tcgetattr(fd, &t) < 0)
        return -errno;
    cfmakeraw(&t);
    return tcsetattr(fd, TCSANOW, &t) < 0 ? -errno : 0;
}

static int open_slave(struct xcd_pty *p)
{
    int rc;

    if (grantpt(p->master) < 0 || unlockpt(p->master) < 0)
        return -errno;
    rc = ptsname_r(p->master, p->path, sizeof(p->path));
    if (rc)
        return -rc;
    p->slave = open(p->path, O_RDWR | O_NOCTTY | O_CLOEXEC);
    return p->slave < 0 ? -errno : make_raw(p->slave);
}

int pty_open(struct xcd_pty *p)
{
    int rc;

    pty_init(p);
    p->master = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (p->master < 0)
        return -errno;
    rc = fcntl(p->master, F_SETFL, O_NONBLOCK) < 0 ? -errno : open_slave(p);
    if (rc < 0)
        pty_close(p);
    return rc;
}

void pty_close(struct xcd_pty *p)
{
    if (p->slave >= 0)
        close(p->slave);
    if (p->master >= 0)
        close(p->master);
    pty_init(p);
}

ssize_t pty_write(struct xcd_pty *p, const char *buf, size_t len)
{
    size_t done = 0;

    if (p->master < 0)
        return -EBADF;
    while (done < len) {
        ssize_t n = write(p->master, buf + done, len - done);

        if (n > 0)
            done += (size_t)n;
        else if (n < 0 && errno == EINTR)
            continue;
        else if (n < 0 && errno != EAGAIN)
            return -errno;
        else
            break;
    }
    return (ssize_t)done;
}

ssize_t pty_read(struct xcd_pty *p, char *buf, size_t len)
{
    ssize_t n;

    if (p->master < 0)
        return -EBADF;
    do {
        n = read(p->master, buf, len);
    } while (n < 0 && errno == EINTR);
    if (n < 0)
        return errno == EAGAIN ? 0 : -errno;
    /* With our slave open, end of file cannot happen: treat it as broken. */
    return n == 0 ? -EIO : n;
}
