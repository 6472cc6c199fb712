/* Keel's xenconsoled: the daemon's state and its entry points.
 *
 * Design, in short:
 * - Domains are found in xenstore: every /local/domain/<id> but dom0,
 *   rescanned when xenstored fires @introduceDomain or @releaseDomain and
 *   every XCD_RESCAN_MS besides (store.h hides the store).
 * - Connecting a domain is a chain of undoable steps (domain.c): read
 *   console/port and console/ring-ref, map the page, bind the event
 *   channel, open the log file, open a pty, publish it as console/tty.
 *   Disconnecting undoes them in reverse, whatever state the guest is in.
 * - Guest output goes to the log file and the pty; what is typed on the
 *   pty goes into in[] (domain_io.c). The device access hides behind
 *   xenif.h, so tests run on fake rings and event channels.
 * - A guest can break only its own console: a corrupt ring, a page that
 *   vanished, a dead event channel or a broken pty disconnect that
 *   domain; it stays disconnected until it is gone from the store or
 *   gets a new ring. A domain that is dying (destroyed) is let go at
 *   once, since our mapping would keep the hypervisor from freeing it.
 * - One poll() loop, nothing blocks but poll itself; domains are freed
 *   only from the scan, never while an event for them is in hand. */
#ifndef XCD_XCD_H
#define XCD_XCD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "log.h"
#include "pty.h"
#include "xenif.h"

struct pollfd;
struct xcd_store;
struct xencons_interface;

#define XCD_DEFAULT_LOG_DIR "/var/log/keel/console"
#define XCD_RESCAN_MS       2000

struct xcd_config {
    const char *log_dir;            /* NULL: XCD_DEFAULT_LOG_DIR */
    const struct xcd_xen *xen;
    const struct xcd_store *store;
    const char *log_dest;           /* the daemon's own log, see log.h */
    int log_level;
};

enum xcd_dom_state {
    XCD_DOM_WAITING,            /* not connected yet: retried each scan */
    XCD_DOM_CONNECTED,
    XCD_DOM_CLOSED,             /* let go: retried only for a new ring */
};

struct xcd_dom {
    struct xcd_dom *next;
    uint16_t domid;
    enum xcd_dom_state state;
    bool seen;                  /* listed by the scan in progress */
    bool complained;            /* a failure to connect was logged */
    bool input_full;            /* in[] had no room: wait for the guest */
    unsigned int remote_port;   /* what the ring was found by */
    uint64_t ring_ref;
    struct xcd_map map;
    struct xencons_interface *ring;
    int local_port;             /* -1: not bound */
    int log_fd;                 /* -1: no log file */
    bool log_failed;            /* a write error was logged */
    struct xcd_pty pty;
    bool tty_published;
    char log_file[128];
};

struct xcd {
    const struct xcd_xen *xen;
    const struct xcd_store *store;
    struct xcd_log log;
    char *log_dir;              /* absolute */
    int watch_fd;               /* the store's, for poll() */
    struct xcd_dom *doms;
    uint64_t next_scan_ms;
    bool scan_due;
    struct pollfd *pfds;        /* the loop's poll set, reused */
    struct xcd_dom **pdoms;     /* the domain behind each pty slot */
    size_t pcap;
};

/* Opens the daemon's log, creates the log directory and sets the
 * watches; maps nothing (the daemon may fork after this). */
int xcd_init(struct xcd *d, const struct xcd_config *cfg);
/* Lets every domain go and frees everything. */
void xcd_fini(struct xcd *d);

/* One round of the loop: waits up to max_wait_ms (or until the next
 * rescan) and serves what came. 0, or a negative errno when the daemon
 * cannot go on (xenstored or the event channel device is gone). */
int xcd_poll_once(struct xcd *d, int max_wait_ms);

/* Brings the domain list in line with the store now. */
int xcd_scan(struct xcd *d);

/* Reopens every log file (after logrotate). */
void xcd_reopen_logs(struct xcd *d);

/* Monotonic milliseconds. */
uint64_t xcd_now_ms(void);

#endif
