/* Everything xenconsoled asks of Xen, behind one table of functions: the
 * real one (xen_dev.c) goes through /dev/xen/gntdev, /dev/xen/evtchn and
 * /dev/xen/privcmd; unit tests pass in-memory fake rings and fake event
 * channels, so the daemon's logic runs on the host. */
#ifndef XCD_XENIF_H
#define XCD_XENIF_H

#include <stdint.h>

/* What domain_state says of a guest. */
enum { XCD_GUEST_RUNNING, XCD_GUEST_SHUTDOWN, XCD_GUEST_DYING };

/* A mapped console page; kind and handle belong to whoever mapped it. */
struct xcd_map {
    void *page;                 /* NULL: nothing mapped */
    int kind;
    uint64_t handle;
};

struct xcd_xen {
    void *ctx;
    int fd;                     /* poll()able for events, -1: none */
    /* Maps domid's console page (grant reference 0, else frame gfn). */
    int (*map_ring)(void *ctx, uint16_t domid, uint64_t gfn, struct xcd_map *m);
    void (*unmap_ring)(void *ctx, struct xcd_map *m);
    /* The local port bound to (domid, remote_port), or -errno. */
    int (*bind)(void *ctx, uint16_t domid, unsigned int remote_port);
    void (*unbind)(void *ctx, unsigned int local_port);
    int (*notify)(void *ctx, unsigned int local_port);
    /* The next local port that fired (re-armed already); -EAGAIN when
     * none is waiting, another -errno when the device itself failed. */
    int (*pending)(void *ctx);
    /* XCD_GUEST_*, or -errno when the hypervisor cannot say (-ENOSYS:
     * no way to ask; the store's listing is then all there is). */
    int (*domain_state)(void *ctx, uint16_t domid);
};

/* The real devices. /dev/xen/evtchn is required; gntdev and privcmd are
 * used when present. NULL with *err set on failure. */
struct xcd_xen *xen_dev_open(int *err);
void xen_dev_close(struct xcd_xen *x);

#endif
