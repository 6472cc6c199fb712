/* Shared by the xenstored unit tests: a daemon run in-process on a
 * temporary socket (served by calling its loop between client steps,
 * so no threads and no timing), clients over that socket or over an
 * in-memory ring of a fake domain, and the fake Xen behind those rings. */
#ifndef TEST_XENSTORED_H
#define TEST_XENSTORED_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "../../dom0-tools/xenstored/xenif.h"
#include "../../dom0-tools/xenstored/xsd.h"

#define FX_MAX 16

struct fake_xen {
    struct xenif xi;
    struct { uint16_t domid; void *page; int state; } guests[FX_MAX];
    struct { uint16_t domid; unsigned int remote; bool live; } ports[64];
    int pending[256];
    int npending;
    unsigned int notifies;
    void *dom0_page;            /* NULL: map_dom0 fails */
    int map_error;              /* forced failure of map_guest */
};

struct xt {
    struct xsd d;
    struct fake_xen fx;
    char dir[64];
    char sock[96];
    bool up;
};

struct xt_msg {
    struct xsd_sockmsg h;
    char body[XENSTORE_PAYLOAD_MAX + 1];
};

/* A client: a socket, or (ring != NULL) a domain's ring. */
struct xc {
    struct xt *t;
    int fd;
    struct xenstore_domain_interface *ring;
    uint16_t domid;
    uint32_t next_id;
    struct xt_msg ev[16];
    int nev;
};

/* q: NULL for defaults; xen: run with the fake Xen. */
int xt_start(struct xt *t, const struct xs_quota *q, bool xen);
int xt_start_cfg(struct xt *t, const struct xsd_config *cfg, bool xen);
/* With the fake Xen handing out page as dom0's own ring (freed at stop). */
int xt_start_dom0(struct xt *t, void *page);
void xt_stop(struct xt *t);
void xt_pump(struct xt *t);

int xc_socket(struct xt *t, struct xc *c);
void xc_close(struct xc *c);
/* Adds a guest page for domid to the fake and introduces it (as dom0,
 * through admin) on remote port 7; c talks over its ring. */
int xc_domain(struct xt *t, struct xc *admin, uint16_t domid, struct xc *c);
int fx_local_port(struct fake_xen *fx, uint16_t domid);

int xc_send_raw(struct xc *c, const void *buf, size_t len);
/* Next message that is not a watch event (those are kept in c->ev). */
int xc_recv(struct xc *c, struct xt_msg *m);
/* Sends a request; returns 0 with the reply, or -errno from an ERROR. */
int xc_req(struct xc *c, uint32_t type, uint32_t tx, const void *payload,
           size_t len, struct xt_msg *m);
int xc_err(const struct xt_msg *m);

int xc_read(struct xc *c, uint32_t tx, const char *path, char *out, size_t size);
int xc_write(struct xc *c, uint32_t tx, const char *path, const char *value);
int xc_mkdir(struct xc *c, uint32_t tx, const char *path);
int xc_rm(struct xc *c, uint32_t tx, const char *path);
/* Children joined with spaces. */
int xc_dir(struct xc *c, uint32_t tx, const char *path, char *out, size_t size);
/* perms as "b0,r5": commas become NULs. */
int xc_setperms(struct xc *c, uint32_t tx, const char *path, const char *perms);
int xc_getperms(struct xc *c, uint32_t tx, const char *path, char *out,
                size_t size);
int xc_watch(struct xc *c, const char *path, const char *token);
int xc_unwatch(struct xc *c, const char *path, const char *token);
int xc_tx_start(struct xc *c, uint32_t *id);
int xc_tx_end(struct xc *c, uint32_t id, bool commit);
int xc_control(struct xc *c, const char *args, char *out, size_t size);
/* The next watch event as "path token" (-EAGAIN if none came). */
int xc_event(struct xc *c, char *out, size_t size);
int xc_nevents(struct xc *c);

#endif
