/* See evtchn_dev.h. The Linux uapi header wants domid_t from our
 * public/xen.h first. */
#include <errno.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include "public/xen.h"
#include <xen/evtchn.h>
#include "evtchn_dev.h"

int evtchn_dev_bind(int fd, uint16_t domid, unsigned int remote_port)
{
    struct ioctl_evtchn_bind_interdomain b = { domid, remote_port };
    int rc = ioctl(fd, IOCTL_EVTCHN_BIND_INTERDOMAIN, &b);

    return rc < 0 ? -errno : rc;
}

void evtchn_dev_unbind(int fd, unsigned int port)
{
    struct ioctl_evtchn_unbind u = { port };

    (void)ioctl(fd, IOCTL_EVTCHN_UNBIND, &u);
}

int evtchn_dev_notify(int fd, unsigned int port)
{
    struct ioctl_evtchn_notify n = { port };

    return ioctl(fd, IOCTL_EVTCHN_NOTIFY, &n) < 0 ? -errno : 0;
}

int evtchn_dev_pending(int fd)
{
    uint32_t port;
    ssize_t n = read(fd, &port, sizeof(port));

    if (n < 0 && errno == EFBIG) {
        /* Until reset, the device would answer every read this way. */
        (void)ioctl(fd, IOCTL_EVTCHN_RESET, 0);
        return -EOVERFLOW;
    }
    if (n < 0)
        return errno == EAGAIN || errno == EINTR ? -EAGAIN : -errno;
    if (n != (ssize_t)sizeof(port))
        return -EAGAIN;
    /* Writing the port back unmasks it for the next event. */
    if (write(fd, &port, sizeof(port)) != (ssize_t)sizeof(port))
        return -errno;
    return (int)port;
}
