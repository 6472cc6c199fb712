/* One domain's console: connecting it, letting it go, and moving bytes
 * between its ring, its log file and its pty. */
#ifndef XCD_DOMAIN_H
#define XCD_DOMAIN_H

#include "xcd.h"

struct xcd_dom *dom_new(struct xcd *d, uint16_t domid);
struct xcd_dom *dom_find(const struct xcd *d, uint16_t domid);
struct xcd_dom *dom_find_port(const struct xcd *d, int local_port);
/* Lets it go if connected, unlinks it and frees it. */
void dom_free(struct xcd *d, struct xcd_dom *dom);

/* Reads the domain's console nodes. 0 with *port and *ring_ref; -ENOENT
 * while the toolstack has not written them; -EOPNOTSUPP when another
 * backend (console/type other than "xenconsoled") serves it. */
int dom_read_nodes(struct xcd *d, uint16_t domid, unsigned int *port,
                   uint64_t *ring_ref);

/* Runs the connect chain for the ring found at (port, ring_ref); on
 * failure every step taken is undone and the domain stays WAITING. */
int dom_connect(struct xcd *d, struct xcd_dom *dom, unsigned int port,
                uint64_t ring_ref);
/* Undoes the chain and marks the domain CLOSED; why goes to the log. */
void dom_disconnect(struct xcd *d, struct xcd_dom *dom, const char *why);

/* Withdraws console/tty and closes the pty; the rest stays connected. */
void dom_close_pty(struct xcd *d, struct xcd_dom *dom);

/* An event came: take the output, feed waiting input. Failures close the
 * domain (never the daemon). */
void dom_on_event(struct xcd *d, struct xcd_dom *dom);
/* The pty has input. */
void dom_on_input(struct xcd *d, struct xcd_dom *dom);
/* Takes the last output and lets the domain go (it is dying). */
void dom_release(struct xcd *d, struct xcd_dom *dom, const char *why);

#endif
