/* Finding domains: the store's /local/domain listing says which exist,
 * their console nodes say where the rings are, and the hypervisor (when
 * it can be asked) says which are dying. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "domain.h"
#include "public/xen.h"
#include "store.h"

/* A directory entry naming a guest: decimal, 1..DOMID_FIRST_RESERVED-1. */
static int parse_domid(const char *s, uint16_t *domid)
{
    unsigned long v = 0;

    if (!*s || (s[0] == '0' && s[1]))
        return -EINVAL;
    for (; *s; s++) {
        if (*s < '0' || *s > '9')
            return -EINVAL;
        v = v * 10 + (unsigned long)(*s - '0');
        if (v >= DOMID_FIRST_RESERVED)
            return -ERANGE;
    }
    if (v == 0)
        return -ERANGE;     /* dom0's console is the hypervisor's business */
    *domid = (uint16_t)v;
    return 0;
}

static int mark_listed(struct xcd *d)
{
    char **names = NULL;
    unsigned n = 0;
    int rc = d->store->directory(d->store->ctx, "/local/domain", &names, &n);

    if (rc == -ENOENT)
        return 0;
    if (rc < 0)
        return rc;
    for (unsigned i = 0; i < n; i++) {
        struct xcd_dom *dom;
        uint16_t domid;

        if (parse_domid(names[i], &domid) < 0)
            continue;
        dom = dom_find(d, domid);
        if (!dom && !(dom = dom_new(d, domid))) {
            xcd_log(&d->log, XCD_LOG_ERR, "dom%u: out of memory", domid);
            continue;
        }
        dom->seen = true;
    }
    free(names);
    return 0;
}

static void sweep_unlisted(struct xcd *d)
{
    struct xcd_dom *dom = d->doms, *next;

    for (; dom; dom = next) {
        next = dom->next;
        if (dom->seen)
            continue;
        dom_release(d, dom, "gone from xenstore");
        dom_free(d, dom);
    }
}

/* Whether the hypervisor has the domain on its way out. When it cannot
 * tell, the store's word (the domain is listed) stands. */
static bool dying(struct xcd *d, struct xcd_dom *dom)
{
    int state = d->xen->domain_state(d->xen->ctx, dom->domid);

    return state == XCD_GUEST_DYING;
}

static void consider(struct xcd *d, struct xcd_dom *dom)
{
    unsigned int port;
    uint64_t ref;
    int rc;

    if (dying(d, dom)) {
        /* Our mapping would keep it from being freed. */
        if (dom->state == XCD_DOM_CONNECTED)
            dom_release(d, dom, "domain destroyed");
        return;
    }
    if (dom->state == XCD_DOM_CONNECTED)
        return;
    rc = dom_read_nodes(d, dom->domid, &port, &ref);
    if (rc == -EOPNOTSUPP && !dom->complained) {
        xcd_log(&d->log, XCD_LOG_INFO, "dom%u: console served by another "
                "backend (console/type)", dom->domid);
        dom->complained = true;
    }
    if (rc < 0)
        return;
    /* A closed console comes back only with a new ring. */
    if (dom->state == XCD_DOM_CLOSED && port == dom->remote_port &&
        ref == dom->ring_ref)
        return;
    /* Whatever the guest printed before we came is waiting in out[]. */
    if (dom_connect(d, dom, port, ref) == 0)
        dom_on_event(d, dom);
}

int xcd_scan(struct xcd *d)
{
    int rc;

    for (struct xcd_dom *dom = d->doms; dom; dom = dom->next)
        dom->seen = false;
    rc = mark_listed(d);
    if (rc < 0)
        return rc;
    sweep_unlisted(d);
    for (struct xcd_dom *dom = d->doms; dom; dom = dom->next)
        consider(d, dom);
    d->scan_due = false;
    d->next_scan_ms = xcd_now_ms() + XCD_RESCAN_MS;
    return 0;
}
