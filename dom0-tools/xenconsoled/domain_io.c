/* Moving bytes for one domain: ring output to the log file and the pty,
 * pty input into the ring. Whatever goes wrong on the guest's side ends
 * that domain's console, never the daemon. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "conlog.h"
#include "domain.h"
#include "ring.h"

/* Ring-fulls taken per event at most. What a busy guest writes beyond
 * that is covered by the event it sent meanwhile (the port is re-armed
 * before we read), so it is served on the next round, after the others. */
#define DRAIN_ROUNDS 4

static void fail(struct xcd *d, struct xcd_dom *dom, int err, const char *what)
{
    char why[128];

    if (err == -EPROTO) {
        snprintf(why, sizeof(why), "%s: ring indexes corrupt", what);
        xcd_log(&d->log, XCD_LOG_ERR, "dom%u: the guest broke its console "
                "ring; letting it go", dom->domid);
    } else {
        snprintf(why, sizeof(why), "%s: %s", what, strerror(-err));
    }
    dom_disconnect(d, dom, why);
}

/* A pty that broke is dropped; the log file carries on alone. */
static void drop_pty(struct xcd *d, struct xcd_dom *dom, int err)
{
    xcd_log(&d->log, XCD_LOG_ERR, "dom%u: pty %s: %s; console output goes to "
            "the log file only", dom->domid, dom->pty.path, strerror(-err));
    dom_close_pty(d, dom);
}

static void deliver(struct xcd *d, struct xcd_dom *dom, const char *buf, size_t n)
{
    if (dom->log_fd >= 0) {
        int rc = conlog_write(dom->log_fd, buf, n);

        if (rc < 0 && !dom->log_failed)
            xcd_log(&d->log, XCD_LOG_ERR, "dom%u: writing %s: %s", dom->domid,
                    dom->log_file, strerror(-rc));
        dom->log_failed = rc < 0;
    }
    if (dom->pty.master >= 0) {
        ssize_t rc = pty_write(&dom->pty, buf, n);

        /* A short write means nobody reads: the rest is dropped. */
        if (rc < 0)
            drop_pty(d, dom, (int)rc);
    }
}

static int notify(struct xcd *d, struct xcd_dom *dom)
{
    return d->xen->notify(d->xen->ctx, (unsigned int)dom->local_port);
}

static int drain(struct xcd *d, struct xcd_dom *dom)
{
    char buf[XENCONS_OUT_SIZE];
    int took = 0;

    for (int round = 0; round < DRAIN_ROUNDS; round++) {
        int n = ring_take_output(dom->ring, buf, sizeof(buf));

        if (n < 0)
            return n;
        if (n == 0)
            break;
        took++;
        deliver(d, dom, buf, (size_t)n);
    }
    /* The guest may wait for room: tell it there is some. */
    return took ? notify(d, dom) : 0;
}

void dom_on_event(struct xcd *d, struct xcd_dom *dom)
{
    int rc;

    if (dom->state != XCD_DOM_CONNECTED)
        return;
    rc = drain(d, dom);
    if (rc < 0) {
        fail(d, dom, rc, "taking console output");
        return;
    }
    /* The guest may have read from in[]: try the pty again. */
    dom->input_full = false;
}

void dom_on_input(struct xcd *d, struct xcd_dom *dom)
{
    char buf[XENCONS_IN_SIZE];
    int room, put;
    ssize_t n;

    if (dom->state != XCD_DOM_CONNECTED || dom->pty.master < 0)
        return;
    room = ring_input_space(dom->ring);
    if (room < 0) {
        fail(d, dom, room, "checking console input room");
        return;
    }
    dom->input_full = room == 0;
    if (!room)
        return;
    n = pty_read(&dom->pty, buf, (size_t)room);
    if (n < 0)
        drop_pty(d, dom, (int)n);
    if (n <= 0)
        return;
    put = ring_put_input(dom->ring, buf, (size_t)n);
    if (put >= 0)
        put = notify(d, dom);
    if (put < 0)
        fail(d, dom, put, "passing console input");
}

void dom_release(struct xcd *d, struct xcd_dom *dom, const char *why)
{
    /* Its last words (a panic, say) still go to the log; a failure here
     * changes nothing, the domain goes either way. */
    if (dom->state == XCD_DOM_CONNECTED) {
        char buf[XENCONS_OUT_SIZE];
        int n = ring_take_output(dom->ring, buf, sizeof(buf));

        if (n > 0)
            deliver(d, dom, buf, (size_t)n);
    }
    dom_disconnect(d, dom, why);
}
