/* Domains: the ring connection of each introduced domain (and dom0's
 * own), INTRODUCE / RELEASE / RESUME / SET_TARGET, and what happens when
 * a domain goes away. */
#ifndef XSD_DOMAIN_H
#define XSD_DOMAIN_H

#include "xsd.h"

struct xs_domain {
    struct xs_domain *next;
    const struct xenif *xen;
    struct xenstore_domain_interface *intf;
    bool dom0_page;             /* from /proc/xen/xsd_kva */
    int port;                   /* local event channel, -1: none */
    uint16_t domid;
    bool shutdown;              /* @releaseDomain sent for its shutdown */
    struct xs_conn *conn;
};

extern const struct conn_ops ring_conn_ops;

/* dom0's own ring (the kernel's, through /proc/xen). */
int xsdom_init_dom0(struct xsd *d);
void xsdom_fini_all(struct xsd *d);
struct xs_domain *xsdom_find(struct xsd *d, uint16_t domid);
/* Reads and answers what the domain's ring holds. */
void xsdom_serve(struct xsd *d, struct xs_domain *dom);
void xsdom_serve_port(struct xsd *d, unsigned int port);
/* VIRQ_DOM_EXC fired: look for domains that shut down or died. */
void xsdom_check_all(struct xsd *d);
/* Tear down: watches, transactions, ring; nodes it owned go to dom0;
 * @releaseDomain fires. */
void xsdom_release(struct xsd *d, struct xs_domain *dom);
void xsdom_conn_destroy(struct xs_conn *c);

#endif
