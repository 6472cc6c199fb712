/* Unix-socket clients: the toolstack and xenstore-* tools in dom0. */
#ifndef XSD_CONN_SOCKET_H
#define XSD_CONN_SOCKET_H

#include "xsd.h"

/* Listens on path (an old socket file there is replaced). */
int xsock_listen(const char *path);
/* Accepts every waiting client; each becomes a dom0 connection. */
void xsock_accept(struct xsd *d);

extern const struct conn_ops socket_conn_ops;

#endif
