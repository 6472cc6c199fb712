/* Typed wrappers for Keel's domctl and sysctl (include/public/domctl.h)
 * and for populate_physmap on another domain. Each copies its request
 * into a hypercall buffer, makes the call and copies the answer back. */
#include <errno.h>
#include <string.h>
#include <public/memory.h>
#include <public/xen.h>
#include "hypercall.h"

#define POPULATE_BATCH 512      /* extents per hypercall */

static long call_with(struct lc_hc *hc, unsigned op, void *req, size_t size)
{
    void *buf = lc_hbuf_alloc(hc, size);
    long rc;

    if (!buf)
        return -ENOMEM;
    memcpy(buf, req, size);
    rc = lc_hypercall(hc, op, (const uint64_t[5]){ (uintptr_t)buf });
    /* The hypervisor writes the structure back only on success. */
    if (rc >= 0)
        memcpy(req, buf, size);
    lc_hbuf_free(hc, buf, size);
    return rc;
}

static int domctl(struct lc_hc *hc, uint32_t cmd, uint16_t domid, struct keel_domctl *op)
{
    op->cmd = cmd;
    op->version = KEEL_DOMCTL_VERSION;
    op->domid = domid;
    return (int)call_with(hc, __HYPERVISOR_domctl, op, sizeof(*op));
}

static int sysctl(struct lc_hc *hc, uint32_t cmd, struct keel_sysctl *op)
{
    op->cmd = cmd;
    op->version = KEEL_SYSCTL_VERSION;
    return (int)call_with(hc, __HYPERVISOR_sysctl, op, sizeof(*op));
}

int lc_domctl_createdomain(struct lc_hc *hc, uint16_t *domid, uint32_t max_vcpus,
                           uint64_t max_mem_kb, const uint8_t handle[16])
{
    struct keel_domctl op = { .u.createdomain = {
        .max_vcpus = max_vcpus, .max_mem_kb = max_mem_kb } };
    int rc;

    memcpy(op.u.createdomain.handle, handle, 16);
    rc = domctl(hc, KEEL_DOMCTL_createdomain, *domid, &op);
    if (!rc)
        *domid = op.domid;
    return rc;
}

static int simple(struct lc_hc *hc, uint32_t cmd, uint16_t domid)
{
    struct keel_domctl op = { 0 };

    return domctl(hc, cmd, domid, &op);
}

int lc_domctl_destroydomain(struct lc_hc *hc, uint16_t domid)
{
    return simple(hc, KEEL_DOMCTL_destroydomain, domid);
}

int lc_domctl_pausedomain(struct lc_hc *hc, uint16_t domid)
{
    return simple(hc, KEEL_DOMCTL_pausedomain, domid);
}

int lc_domctl_unpausedomain(struct lc_hc *hc, uint16_t domid)
{
    return simple(hc, KEEL_DOMCTL_unpausedomain, domid);
}

int lc_domctl_getdomaininfo(struct lc_hc *hc, uint16_t domid,
                            struct keel_domaininfo *info)
{
    struct keel_domctl op = { 0 };
    int rc = domctl(hc, KEEL_DOMCTL_getdomaininfo, domid, &op);

    if (!rc)
        *info = op.u.info;
    return rc;
}

int lc_domctl_max_mem(struct lc_hc *hc, uint16_t domid, uint64_t max_mem_kb)
{
    struct keel_domctl op = { .u.max_mem.max_mem_kb = max_mem_kb };

    return domctl(hc, KEEL_DOMCTL_max_mem, domid, &op);
}

int lc_domctl_setvcpucontext(struct lc_hc *hc, uint16_t domid,
                             const struct keel_domctl_vcpu_context *ctx)
{
    struct keel_domctl op = { .u.vcpu_context = *ctx };

    return domctl(hc, KEEL_DOMCTL_setvcpucontext, domid, &op);
}

int lc_domctl_getvcpucontext(struct lc_hc *hc, uint16_t domid, uint32_t vcpu,
                             struct keel_domctl_vcpu_context *ctx)
{
    struct keel_domctl op = { .u.vcpu_context.vcpu = vcpu };
    int rc = domctl(hc, KEEL_DOMCTL_getvcpucontext, domid, &op);

    if (!rc)
        *ctx = op.u.vcpu_context;
    return rc;
}

int lc_domctl_getvcpuinfo(struct lc_hc *hc, uint16_t domid, uint32_t vcpu,
                          struct keel_domctl_vcpu_info *info)
{
    struct keel_domctl op = { .u.vcpu_info.vcpu = vcpu };
    int rc = domctl(hc, KEEL_DOMCTL_getvcpuinfo, domid, &op);

    if (!rc)
        *info = op.u.vcpu_info;
    return rc;
}

int lc_domctl_sched_get(struct lc_hc *hc, uint16_t domid, uint32_t *weight,
                        uint32_t *cap)
{
    struct keel_domctl op = { .u.scheduler.cmd = KEEL_SCHED_get };
    int rc = domctl(hc, KEEL_DOMCTL_scheduler_op, domid, &op);

    if (!rc) {
        *weight = op.u.scheduler.weight;
        *cap = op.u.scheduler.cap;
    }
    return rc;
}

int lc_domctl_sched_set(struct lc_hc *hc, uint16_t domid, uint32_t weight,
                        uint32_t cap)
{
    struct keel_domctl op = { .u.scheduler = {
        .cmd = KEEL_SCHED_set, .weight = weight, .cap = cap } };

    return domctl(hc, KEEL_DOMCTL_scheduler_op, domid, &op);
}

int lc_domctl_set_hvm_param(struct lc_hc *hc, uint16_t domid, uint32_t index,
                            uint64_t value)
{
    struct keel_domctl op = { .u.hvm_param = { .index = index, .value = value } };

    return domctl(hc, KEEL_DOMCTL_set_hvm_param, domid, &op);
}

int lc_domctl_seed_grants(struct lc_hc *hc, uint16_t domid,
                          const struct keel_domctl_seed_grants *grants)
{
    struct keel_domctl op = { .u.seed_grants = *grants };

    return domctl(hc, KEEL_DOMCTL_seed_grants, domid, &op);
}

int lc_domctl_alloc_evtchn(struct lc_hc *hc, uint16_t domid, uint16_t remote,
                           uint32_t *port)
{
    struct keel_domctl op = { .u.alloc_evtchn.remote_domid = remote };
    int rc = domctl(hc, KEEL_DOMCTL_alloc_evtchn, domid, &op);

    if (!rc)
        *port = op.u.alloc_evtchn.port;
    return rc;
}

int lc_domctl_shutdown(struct lc_hc *hc, uint16_t domid, uint32_t reason)
{
    struct keel_domctl op = { .u.shutdown.reason = reason };

    return domctl(hc, KEEL_DOMCTL_shutdown, domid, &op);
}

int lc_sysctl_physinfo(struct lc_hc *hc, struct keel_sysctl_physinfo *info)
{
    struct keel_sysctl op = { 0 };
    int rc = sysctl(hc, KEEL_SYSCTL_physinfo, &op);

    if (!rc)
        *info = op.u.physinfo;
    return rc;
}

int lc_sysctl_getdomaininfolist(struct lc_hc *hc, uint16_t first,
                                struct keel_domaininfo *out, uint32_t max,
                                uint32_t *n)
{
    size_t size = (size_t)max * sizeof(*out);
    struct keel_domaininfo *buf;
    struct keel_sysctl op = { 0 };
    int rc;

    if (!max)
        return -EINVAL;
    buf = lc_hbuf_alloc(hc, size);
    if (!buf)
        return -ENOMEM;
    op.u.domaininfolist = (struct keel_sysctl_getdomaininfolist){
        .first_domain = first, .max_domains = max, .buffer = (uintptr_t)buf };
    rc = sysctl(hc, KEEL_SYSCTL_getdomaininfolist, &op);
    if (!rc && op.u.domaininfolist.num_domains > max)
        rc = -EIO;
    if (!rc) {
        *n = op.u.domaininfolist.num_domains;
        memcpy(out, buf, *n * sizeof(*out));
    }
    lc_hbuf_free(hc, buf, size);
    return rc;
}

int lc_sysctl_readconsole(struct lc_hc *hc, uint64_t *index, char *out,
                          uint32_t *count)
{
    uint32_t size = *count;
    char *buf;
    struct keel_sysctl op = { 0 };
    int rc;

    if (!size)
        return -EINVAL;
    buf = lc_hbuf_alloc(hc, size);
    if (!buf)
        return -ENOMEM;
    op.u.readconsole = (struct keel_sysctl_readconsole){
        .index = *index, .buffer = (uintptr_t)buf, .count = size };
    rc = sysctl(hc, KEEL_SYSCTL_readconsole, &op);
    if (!rc && op.u.readconsole.count > size)
        rc = -EIO;
    if (!rc) {
        memcpy(out, buf, op.u.readconsole.count);
        *index = op.u.readconsole.index;
        *count = op.u.readconsole.count;
    }
    lc_hbuf_free(hc, buf, size);
    return rc;
}

/* One batch; the hypervisor stops at the first extent it cannot fill. */
static long populate_batch(struct lc_hc *hc, uint64_t *list, uint16_t domid,
                           const uint64_t *gfns, uint64_t n, unsigned order)
{
    struct xen_memory_reservation *r = lc_hbuf_alloc(hc, sizeof(*r));
    long rc;

    if (!r)
        return -ENOMEM;
    memcpy(list, gfns, n * sizeof(*gfns));
    *r = (struct xen_memory_reservation){
        .extent_start.p = (uintptr_t)list, .nr_extents = n,
        .extent_order = order, .domid = domid };
    rc = lc_hypercall(hc, __HYPERVISOR_memory_op,
                      (const uint64_t[5]){ XENMEM_populate_physmap, (uintptr_t)r });
    lc_hbuf_free(hc, r, sizeof(*r));
    return rc;
}

long lc_memory_populate(struct lc_hc *hc, uint16_t domid, const uint64_t *gfns,
                        uint64_t n, unsigned order)
{
    size_t size = POPULATE_BATCH * sizeof(uint64_t);
    uint64_t *list = lc_hbuf_alloc(hc, size);
    uint64_t done = 0;
    long rc = 0;

    if (!list)
        return -ENOMEM;
    while (done < n) {
        uint64_t batch = n - done < POPULATE_BATCH ? n - done : POPULATE_BATCH;

        rc = populate_batch(hc, list, domid, gfns + done, batch, order);
        if (rc >= 0 && (uint64_t)rc > batch)
            rc = -EIO;
        if (rc < 0)
            break;
        done += (uint64_t)rc;
        if ((uint64_t)rc < batch)
            break;
    }
    lc_hbuf_free(hc, list, size);
    return rc < 0 && !done ? rc : (long)done;
}
