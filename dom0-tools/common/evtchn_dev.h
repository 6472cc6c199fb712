/* Linux's event channel device (/dev/xen/evtchn) as dom0's daemons use
 * it: interdomain ports, notifications, and the stream of ports that
 * fired. Each call takes the open device's fd. */
#ifndef KEEL_EVTCHN_DEV_H
#define KEEL_EVTCHN_DEV_H

#include <stdint.h>

/* The local port bound to domid's remote_port, or -errno. */
int evtchn_dev_bind(int fd, uint16_t domid, unsigned int remote_port);
void evtchn_dev_unbind(int fd, unsigned int port);
int evtchn_dev_notify(int fd, unsigned int port);
/* The next port that fired, unmasked again for its next event; -EAGAIN
 * when none is waiting; -EOVERFLOW when the driver's queue overflowed
 * and events were lost (the device is reset: the caller must look at
 * every port); another -errno on failure. */
int evtchn_dev_pending(int fd);

#endif
