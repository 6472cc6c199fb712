/* A domain's console: finding its ring in the store, the connect chain
 * and its undoing. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "conlog.h"
#include "domain.h"
#include "store.h"

#define NODE_PATH_MAX 96
#define EVTCHN_PORT_MAX (1u << 17)  /* the FIFO ABI's limit */

struct xcd_dom *dom_new(struct xcd *d, uint16_t domid)
{
    struct xcd_dom *dom = calloc(1, sizeof(*dom));

    if (!dom)
        return NULL;
    dom->domid = domid;
    dom->state = XCD_DOM_WAITING;
    dom->local_port = -1;
    dom->log_fd = -1;
    pty_init(&dom->pty);
    dom->next = d->doms;
    d->doms = dom;
    return dom;
}

struct xcd_dom *dom_find(const struct xcd *d, uint16_t domid)
{
    for (struct xcd_dom *dom = d->doms; dom; dom = dom->next)
        if (dom->domid == domid)
            return dom;
    return NULL;
}

struct xcd_dom *dom_find_port(const struct xcd *d, int local_port)
{
    for (struct xcd_dom *dom = d->doms; dom; dom = dom->next)
        if (dom->state == XCD_DOM_CONNECTED && dom->local_port == local_port)
            return dom;
    return NULL;
}

static void node_path(char *buf, uint16_t domid, const char *node)
{
    snprintf(buf, NODE_PATH_MAX, "/local/domain/%u/%s", (unsigned)domid, node);
}

/* Strict decimal: digits only, 1..max. */
static int parse_number(const char *s, uint64_t max, uint64_t *out)
{
    uint64_t v = 0;

    if (!*s)
        return -EINVAL;
    for (; *s; s++) {
        if (*s < '0' || *s > '9' || v > (max - (uint64_t)(*s - '0')) / 10)
            return -EINVAL;
        v = v * 10 + (uint64_t)(*s - '0');
    }
    if (v == 0)
        return -EINVAL;
    *out = v;
    return 0;
}

static int read_number(struct xcd *d, uint16_t domid, const char *node,
                       uint64_t max, uint64_t *out)
{
    char path[NODE_PATH_MAX], *value;
    int rc;

    node_path(path, domid, node);
    rc = d->store->read(d->store->ctx, path, &value);
    if (rc < 0)
        return rc;
    rc = parse_number(value, max, out);
    free(value);
    return rc;
}

int dom_read_nodes(struct xcd *d, uint16_t domid, unsigned int *port,
                   uint64_t *ring_ref)
{
    char path[NODE_PATH_MAX], *type;
    uint64_t p;
    int rc;

    node_path(path, domid, "console/type");
    rc = d->store->read(d->store->ctx, path, &type);
    if (rc == 0) {
        rc = strcmp(type, "xenconsoled") ? -EOPNOTSUPP : 0;
        free(type);
    } else if (rc == -ENOENT) {
        rc = 0;     /* older toolstacks leave it out */
    }
    if (rc == 0)
        rc = read_number(d, domid, "console/port", EVTCHN_PORT_MAX - 1, &p);
    if (rc == 0)
        rc = read_number(d, domid, "console/ring-ref", UINT64_MAX, ring_ref);
    if (rc == 0)
        *port = (unsigned int)p;
    return rc;
}

/* The connect chain. Each undo is safe to run whether or not its step
 * ran, so letting a domain go is simply every undo, last first. */

static int map_ring(struct xcd *d, struct xcd_dom *dom)
{
    int rc = d->xen->map_ring(d->xen->ctx, dom->domid, dom->ring_ref, &dom->map);

    if (rc == 0 && !dom->map.page)
        rc = -EFAULT;
    dom->ring = rc ? NULL : dom->map.page;
    return rc;
}

static void unmap_ring(struct xcd *d, struct xcd_dom *dom)
{
    if (dom->map.page)
        d->xen->unmap_ring(d->xen->ctx, &dom->map);
    memset(&dom->map, 0, sizeof(dom->map));
    dom->ring = NULL;
}

static int bind_port(struct xcd *d, struct xcd_dom *dom)
{
    int rc = d->xen->bind(d->xen->ctx, dom->domid, dom->remote_port);

    if (rc >= 0)
        dom->local_port = rc;
    return rc < 0 ? rc : 0;
}

static void unbind_port(struct xcd *d, struct xcd_dom *dom)
{
    if (dom->local_port >= 0)
        d->xen->unbind(d->xen->ctx, (unsigned int)dom->local_port);
    dom->local_port = -1;
}

static int open_log(struct xcd *d, struct xcd_dom *dom)
{
    char path[NODE_PATH_MAX], *name = NULL;
    int rc;

    node_path(path, dom->domid, "name");
    if (d->store->read(d->store->ctx, path, &name) < 0)
        name = NULL;
    rc = conlog_file_name(dom->log_file, sizeof(dom->log_file), name, dom->domid);
    free(name);
    if (rc == 0)
        rc = conlog_open(d->log_dir, dom->log_file);
    if (rc >= 0)
        dom->log_fd = rc;
    dom->log_failed = false;
    return rc < 0 ? rc : 0;
}

static void close_log(struct xcd *d, struct xcd_dom *dom)
{
    (void)d;
    if (dom->log_fd >= 0)
        close(dom->log_fd);
    dom->log_fd = -1;
}

static int open_pty(struct xcd *d, struct xcd_dom *dom)
{
    (void)d;
    return pty_open(&dom->pty);
}

static void close_pty(struct xcd *d, struct xcd_dom *dom)
{
    (void)d;
    pty_close(&dom->pty);
}

/* Where `xl console` looks for the pty, as with Xen's xenconsoled. */
static int publish_tty(struct xcd *d, struct xcd_dom *dom)
{
    char path[NODE_PATH_MAX];
    int rc;

    if (dom->pty.master < 0)
        return 0;       /* no pty: opening it failed, and said so */
    node_path(path, dom->domid, "console/tty");
    rc = d->store->write(d->store->ctx, path, dom->pty.path);
    dom->tty_published = rc == 0;
    return rc;
}

static void withdraw_tty(struct xcd *d, struct xcd_dom *dom)
{
    char path[NODE_PATH_MAX];

    if (!dom->tty_published)
        return;
    /* Fails harmlessly when the toolstack removed the domain already. */
    node_path(path, dom->domid, "console/tty");
    (void)d->store->rm(d->store->ctx, path);
    dom->tty_published = false;
}

static const struct step {
    const char *what;
    int (*run)(struct xcd *d, struct xcd_dom *dom);
    void (*undo)(struct xcd *d, struct xcd_dom *dom);
    bool optional;              /* the console is still worth having without */
} steps[] = {
    { "mapping the console page", map_ring, unmap_ring, false },
    { "binding the event channel", bind_port, unbind_port, false },
    { "opening the log file", open_log, close_log, true },
    { "opening a pty", open_pty, close_pty, true },
    { "publishing console/tty", publish_tty, withdraw_tty, true },
};

#define NR_STEPS (sizeof(steps) / sizeof(steps[0]))

static void undo_all(struct xcd *d, struct xcd_dom *dom)
{
    for (size_t i = NR_STEPS; i--;)
        steps[i].undo(d, dom);
    dom->input_full = false;
}

int dom_connect(struct xcd *d, struct xcd_dom *dom, unsigned int port,
                uint64_t ring_ref)
{
    dom->remote_port = port;
    dom->ring_ref = ring_ref;
    for (size_t i = 0; i < NR_STEPS; i++) {
        int rc = steps[i].run(d, dom);

        if (rc == 0)
            continue;
        if (steps[i].optional) {
            xcd_log(&d->log, XCD_LOG_ERR, "dom%u: %s: %s", dom->domid,
                    steps[i].what, strerror(-rc));
            continue;
        }
        undo_all(d, dom);
        /* A domain still being built fails the same way every scan. */
        xcd_log(&d->log, dom->complained ? XCD_LOG_DEBUG : XCD_LOG_ERR,
                "dom%u: %s: %s", dom->domid, steps[i].what, strerror(-rc));
        dom->complained = true;
        dom->state = XCD_DOM_WAITING;
        return rc;
    }
    dom->state = XCD_DOM_CONNECTED;
    dom->complained = false;
    xcd_log(&d->log, XCD_LOG_INFO, "dom%u: console connected (port %u, "
            "ring-ref %" PRIu64 ", local port %d, tty %s, log %s)", dom->domid,
            port, ring_ref, dom->local_port, dom->pty.path[0] ? dom->pty.path : "-",
            dom->log_fd >= 0 ? dom->log_file : "-");
    return 0;
}

void dom_disconnect(struct xcd *d, struct xcd_dom *dom, const char *why)
{
    if (dom->state == XCD_DOM_CONNECTED)
        xcd_log(&d->log, XCD_LOG_INFO, "dom%u: console closed: %s", dom->domid,
                why);
    undo_all(d, dom);
    dom->state = XCD_DOM_CLOSED;
}

void dom_close_pty(struct xcd *d, struct xcd_dom *dom)
{
    withdraw_tty(d, dom);
    close_pty(d, dom);
}

void dom_free(struct xcd *d, struct xcd_dom *dom)
{
    struct xcd_dom **pp;

    dom_disconnect(d, dom, "domain gone");
    for (pp = &d->doms; *pp; pp = &(*pp)->next)
        if (*pp == dom) {
            *pp = dom->next;
            break;
        }
    free(dom);
}
