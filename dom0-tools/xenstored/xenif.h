/* Everything xenstored asks of Xen, behind one table of functions: the
 * real one (xenif_dev.c) goes through /proc/xen, /dev/xen/evtchn,
 * /dev/xen/gntdev and /dev/xen/privcmd; unit tests pass in-memory fakes,
 * so domain connections run on the host without Xen. */
#ifndef XSD_XENIF_H
#define XSD_XENIF_H

#include <stdint.h>

enum { XENIF_DOM_RUNNING, XENIF_DOM_SHUTDOWN, XENIF_DOM_GONE };

struct xenif {
    void *ctx;
    int fd;                     /* poll()able for events, -1: none */
    /* dom0's own ring page (/proc/xen/xsd_kva) and its unbound port. */
    int (*map_dom0)(void *ctx, void **page, unsigned int *remote_port);
    void (*unmap_dom0)(void *ctx, void *page);
    /* A guest's ring page, through its grant reference 1. */
    int (*map_guest)(void *ctx, uint16_t domid, uint64_t gfn, void **page);
    void (*unmap_guest)(void *ctx, void *page);
    /* Returns the local port bound to (domid, remote_port), or -errno. */
    int (*bind)(void *ctx, uint16_t domid, unsigned int remote_port);
    void (*unbind)(void *ctx, unsigned int port);
    int (*notify)(void *ctx, unsigned int port);
    /* The next local port that fired (unmasked again), or -EAGAIN. */
    int (*pending)(void *ctx);
    /* Local port of VIRQ_DOM_EXC, or -errno if domain deaths can't be seen. */
    int (*bind_dom_exc)(void *ctx);
    /* XENIF_DOM_*, or -errno when the hypervisor cannot say. */
    int (*domain_state)(void *ctx, uint16_t domid);
};

/* The real implementation; NULL with *err set when /dev/xen is missing. */
struct xenif *xenif_dev_open(int *err);
void xenif_dev_close(struct xenif *xi);

#endif
