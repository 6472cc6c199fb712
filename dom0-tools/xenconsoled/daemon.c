/* The daemon's state and its loop (design notes in xcd.h). */
#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "conlog.h"
#include "domain.h"
#include "guard.h"
#include "store.h"

/* Events and watch events served per round before ptys get a turn. */
#define EVENT_BUDGET 256
#define WATCH_BUDGET 64

uint64_t xcd_now_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

static int set_watches(struct xcd *d)
{
    int rc = d->store->watch(d->store->ctx, "@introduceDomain", "introduce");

    if (rc == 0)
        rc = d->store->watch(d->store->ctx, "@releaseDomain", "release");
    if (rc == 0)
        rc = d->watch_fd = d->store->watch_fd(d->store->ctx);
    return rc < 0 ? rc : 0;
}

/* Absolute, since the daemon leaves its working directory for "/". */
static int set_log_dir(struct xcd *d, const char *dir)
{
    int rc = conlog_mkdirs(dir);

    if (rc < 0)
        return rc;
    d->log_dir = realpath(dir, NULL);
    return d->log_dir ? 0 : -errno;
}

int xcd_init(struct xcd *d, const struct xcd_config *cfg)
{
    int rc;

    memset(d, 0, sizeof(*d));
    d->xen = cfg->xen;
    d->store = cfg->store;
    rc = xcd_log_open(&d->log, cfg->log_dest, cfg->log_level);
    if (rc < 0)
        return rc;
    rc = set_log_dir(d, cfg->log_dir ? cfg->log_dir : XCD_DEFAULT_LOG_DIR);
    if (rc == 0)
        rc = guard_install();
    if (rc == 0 && (rc = set_watches(d)) < 0)
        guard_uninstall();
    if (rc < 0) {
        free(d->log_dir);
        xcd_log_close(&d->log);
        return rc;
    }
    d->scan_due = true;
    return 0;
}

void xcd_fini(struct xcd *d)
{
    while (d->doms) {
        dom_release(d, d->doms, "xenconsoled stopping");
        dom_free(d, d->doms);
    }
    guard_uninstall();
    free(d->pfds);
    free(d->pdoms);
    free(d->log_dir);
    xcd_log_close(&d->log);
}

void xcd_reopen_logs(struct xcd *d)
{
    int rc = xcd_log_reopen(&d->log);

    if (rc < 0)
        xcd_log(&d->log, XCD_LOG_ERR, "reopening the log: %s", strerror(-rc));
    for (struct xcd_dom *dom = d->doms; dom; dom = dom->next) {
        if (dom->log_fd < 0)
            continue;
        close(dom->log_fd);
        dom->log_fd = conlog_open(d->log_dir, dom->log_file);
        if (dom->log_fd < 0)
            xcd_log(&d->log, XCD_LOG_ERR, "dom%u: reopening %s: %s", dom->domid,
                    dom->log_file, strerror(-dom->log_fd));
        dom->log_failed = false;
    }
}

static void all_events(struct xcd *d)
{
    for (struct xcd_dom *dom = d->doms; dom; dom = dom->next)
        dom_on_event(d, dom);
}

static int read_events(struct xcd *d)
{
    for (int i = 0; i < EVENT_BUDGET; i++) {
        int port = d->xen->pending(d->xen->ctx);
        struct xcd_dom *dom;

        if (port == -EAGAIN)
            return 0;
        if (port == -EOVERFLOW) {
            /* Events were lost: any domain may have had one. */
            all_events(d);
            continue;
        }
        if (port < 0)
            return port;
        dom = dom_find_port(d, port);
        if (dom)
            dom_on_event(d, dom);
    }
    return 0;
}

/* Either watch means the set of domains (or their states) changed. */
static int read_watches(struct xcd *d)
{
    for (int i = 0; i < WATCH_BUDGET; i++) {
        char *path = NULL, *token = NULL;
        int rc = d->store->read_watch(d->store->ctx, &path, &token);

        if (rc == -EAGAIN)
            return 0;
        if (rc < 0 && rc != -ENOBUFS && rc != -EBADMSG)
            return rc;
        free(path);
        free(token);
        d->scan_due = true;
    }
    return 0;
}

static int grow_pollset(struct xcd *d, size_t need)
{
    struct pollfd *pfds;
    struct xcd_dom **pdoms;
    size_t cap = need * 2;

    if (need <= d->pcap)
        return 0;
    pfds = realloc(d->pfds, cap * sizeof(*pfds));
    if (!pfds)
        return -ENOMEM;
    d->pfds = pfds;
    pdoms = realloc(d->pdoms, cap * sizeof(*pdoms));
    if (!pdoms)
        return -ENOMEM;
    d->pdoms = pdoms;
    d->pcap = cap;
    return 0;
}

/* Slot 0: event channels; 1: watches; then each pty whose input has
 * somewhere to go (a full in[] waits for the guest's next event). */
static int build_pollset(struct xcd *d, size_t *n)
{
    size_t count = 2;
    int rc;

    for (struct xcd_dom *dom = d->doms; dom; dom = dom->next)
        count++;
    rc = grow_pollset(d, count);
    if (rc < 0)
        return rc;
    d->pfds[0] = (struct pollfd){ .fd = d->xen->fd, .events = POLLIN };
    d->pfds[1] = (struct pollfd){ .fd = d->watch_fd, .events = POLLIN };
    *n = 2;
    for (struct xcd_dom *dom = d->doms; dom; dom = dom->next) {
        if (dom->state != XCD_DOM_CONNECTED || dom->pty.master < 0 ||
            dom->input_full)
            continue;
        d->pfds[*n] = (struct pollfd){ .fd = dom->pty.master, .events = POLLIN };
        d->pdoms[(*n)++] = dom;
    }
    return 0;
}

static int wait_ms(const struct xcd *d, int max_wait_ms)
{
    uint64_t now = xcd_now_ms(), left;

    if (d->scan_due || now >= d->next_scan_ms)
        return 0;
    left = d->next_scan_ms - now;
    if (max_wait_ms >= 0 && left > (uint64_t)max_wait_ms)
        return max_wait_ms;
    return (int)left;
}

static int serve(struct xcd *d, size_t n)
{
    int rc = 0;

    if (d->pfds[0].revents)
        rc = read_events(d);
    if (rc == 0 && d->pfds[1].revents)
        rc = read_watches(d);
    if (rc < 0)
        return rc;
    for (size_t i = 2; i < n; i++)
        if (d->pfds[i].revents)
            dom_on_input(d, d->pdoms[i]);
    return 0;
}

int xcd_poll_once(struct xcd *d, int max_wait_ms)
{
    size_t n;
    int rc = build_pollset(d, &n);

    if (rc < 0)
        return rc;
    rc = poll(d->pfds, n, wait_ms(d, max_wait_ms));
    if (rc < 0)
        return errno == EINTR ? 0 : -errno;
    rc = rc ? serve(d, n) : 0;
    if (rc == 0 && (d->scan_due || xcd_now_ms() >= d->next_scan_ms))
        rc = xcd_scan(d);
    return rc;
}
