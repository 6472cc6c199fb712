/* The fake hypervisor's frame: creation, the call log, error injection,
 * dispatch by hypercall number, and sysctl. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <public/xen.h>
#include "hypercall_fake_internal.h"

#define FAKE_TOTAL_PAGES (1u << 19)     /* a 2 GiB machine */

struct lc_fake_domain *hcf_find(struct lc_fake *f, uint16_t id)
{
    if (id >= LC_FAKE_MAX_DOMAINS || !f->doms[id].exists)
        return NULL;
    return &f->doms[id];
}

static unsigned cmd_of(unsigned op, const uint64_t args[5])
{
    switch (op) {
    case __HYPERVISOR_domctl:
        return ((const struct keel_domctl *)(uintptr_t)args[0])->cmd;
    case __HYPERVISOR_sysctl:
        return ((const struct keel_sysctl *)(uintptr_t)args[0])->cmd;
    default:
        return (unsigned)args[0];
    }
}

static uint16_t domid_of(unsigned op, const uint64_t args[5])
{
    if (op == __HYPERVISOR_domctl)
        return ((const struct keel_domctl *)(uintptr_t)args[0])->domid;
    if (op == __HYPERVISOR_memory_op && args[0] == XENMEM_populate_physmap)
        return ((const struct xen_memory_reservation *)(uintptr_t)args[1])->domid;
    return DOMID_INVALID;
}

/* Whether this call is the one chosen to fail. */
static bool injected(struct lc_fake *f, unsigned op, unsigned cmd)
{
    if (!f->inject.armed || (f->inject.op != LC_FAKE_ANY && f->inject.op != op) ||
        (f->inject.cmd != LC_FAKE_ANY && f->inject.cmd != cmd))
        return false;
    if (--f->inject.left)
        return false;
    f->inject.armed = false;
    return true;
}

/* Records a call and says whether it must fail. */
long hcf_enter(struct lc_fake *f, unsigned op, unsigned cmd, uint16_t domid)
{
    uint64_t seq = ++*f->seq;

    if (f->nr_log < LC_FAKE_LOG_MAX)
        f->log[f->nr_log++] = (struct lc_fake_call){ .seq = seq, .op = op, .cmd = cmd,
                                                     .domid = domid };
    return injected(f, op, cmd) ? -f->inject.err : 0;
}

void hcf_leave(struct lc_fake *f, long rc)
{
    /* Only if this call was logged (the log may be full). */
    if (f->nr_log && f->log[f->nr_log - 1].seq == *f->seq)
        f->log[f->nr_log - 1].rc = rc;
}

static long readconsole(struct lc_fake *f, struct keel_sysctl_readconsole *r)
{
    size_t n = 0;

    if (r->index < f->console_len)
        n = f->console_len - r->index;
    if (n > r->count)
        n = r->count;
    memcpy((void *)(uintptr_t)r->buffer, f->console + r->index, n);
    r->index += n;
    r->count = (uint32_t)n;
    return 0;
}

static long domaininfolist(struct lc_fake *f, struct keel_sysctl_getdomaininfolist *l)
{
    struct keel_domaininfo *out = (void *)(uintptr_t)l->buffer;
    uint32_t n = 0;

    for (unsigned id = l->first_domain; id < LC_FAKE_MAX_DOMAINS && n < l->max_domains;
         id++) {
        struct keel_domctl op = { .cmd = KEEL_DOMCTL_getdomaininfo,
                                  .version = KEEL_DOMCTL_VERSION, .domid = id };

        if (hcf_find(f, (uint16_t)id) && hcf_domctl(f, &op) == 0)
            out[n++] = op.u.info;
    }
    l->num_domains = n;
    return 0;
}

static long sysctl(struct lc_fake *f, struct keel_sysctl *op)
{
    if (op->version != KEEL_SYSCTL_VERSION)
        return -EACCES;
    switch (op->cmd) {
    case KEEL_SYSCTL_physinfo:
        op->u.physinfo = f->phys;
        return 0;
    case KEEL_SYSCTL_getdomaininfolist:
        return domaininfolist(f, &op->u.domaininfolist);
    case KEEL_SYSCTL_readconsole:
        return readconsole(f, &op->u.readconsole);
    default:
        return -ENOSYS;
    }
}

static long dispatch(struct lc_fake *f, unsigned op, const uint64_t args[5])
{
    switch (op) {
    case __HYPERVISOR_domctl:
        return hcf_domctl(f, (void *)(uintptr_t)args[0]);
    case __HYPERVISOR_sysctl:
        return sysctl(f, (void *)(uintptr_t)args[0]);
    case __HYPERVISOR_memory_op:
        if (args[0] != XENMEM_populate_physmap)
            return -ENOSYS;
        return hcf_populate(f, (void *)(uintptr_t)args[1]);
    default:
        return -ENOSYS;
    }
}

static long hcf_call(struct lc_hc *hc, unsigned op, const uint64_t args[5])
{
    struct lc_fake *f = to_hcf(hc);
    long rc = hcf_enter(f, op, cmd_of(op, args), domid_of(op, args));

    if (!rc)
        rc = dispatch(f, op, args);
    hcf_leave(f, rc);
    return rc;
}

static void *hcf_buf_alloc(struct lc_hc *hc, size_t size)
{
    (void)hc;
    return calloc(1, size ? size : 1);
}

static void hcf_buf_free(struct lc_hc *hc, void *buf, size_t size)
{
    (void)hc;
    (void)size;
    free(buf);
}

void hcf_domain_free(struct lc_fake_domain *d)
{
    if (d->memfd >= 0)
        close(d->memfd);
    free(d->ext);
    memset(d, 0, sizeof(*d));
    d->memfd = -1;
}

static void hcf_close(struct lc_hc *hc)
{
    struct lc_fake *f = to_hcf(hc);

    for (unsigned i = 0; i < LC_FAKE_MAX_DOMAINS; i++)
        hcf_domain_free(&f->doms[i]);
    free(f->console);
    free(f);
}

static const struct lc_hc_ops hcf_ops = {
    .call = hcf_call,
    .buf_alloc = hcf_buf_alloc,
    .buf_free = hcf_buf_free,
    .map = hcf_map,
    .unmap = hcf_unmap,
    .close = hcf_close,
};

struct lc_fake *lc_fake_new(uint64_t *seq)
{
    struct lc_fake *f = calloc(1, sizeof(*f));

    if (!f)
        return NULL;
    f->hc.ops = &hcf_ops;
    f->seq = seq ? seq : &f->own_seq;
    for (unsigned i = 0; i < LC_FAKE_MAX_DOMAINS; i++)
        f->doms[i].memfd = -1;
    f->doms[0] = (struct lc_fake_domain){ .exists = true, .id = 0, .max_vcpus = 1,
                                          .memfd = -1, .weight = 256 };
    f->phys = (struct keel_sysctl_physinfo){
        .nr_cpus = 2, .total_pages = FAKE_TOTAL_PAGES,
        .free_pages = FAKE_TOTAL_PAGES / 2, .cpu_khz = 62500,
        .xen_major = 4, .xen_minor = 17 };
    return f;
}

struct lc_hc *lc_fake_hc(struct lc_fake *f)
{
    return &f->hc;
}

void lc_fake_fail(struct lc_fake *f, unsigned op, unsigned cmd, unsigned nth, int err)
{
    f->inject.armed = nth > 0;
    f->inject.op = op;
    f->inject.cmd = cmd;
    f->inject.left = nth;
    f->inject.err = err;
}

void lc_fake_set_dying_polls(struct lc_fake *f, unsigned n)
{
    f->dying_polls = n;
}

int lc_fake_set_console(struct lc_fake *f, const char *text)
{
    char *copy = strdup(text);

    if (!copy)
        return -ENOMEM;
    free(f->console);
    f->console = copy;
    f->console_len = strlen(copy);
    return 0;
}

void lc_fake_set_physinfo(struct lc_fake *f, const struct keel_sysctl_physinfo *p)
{
    f->phys = *p;
}

const struct lc_fake_call *lc_fake_calls(const struct lc_fake *f, size_t *n)
{
    *n = f->nr_log;
    return f->log;
}

void lc_fake_clear_calls(struct lc_fake *f)
{
    f->nr_log = 0;
}

const struct lc_fake_domain *lc_fake_domain(const struct lc_fake *f, uint16_t id)
{
    return hcf_find((struct lc_fake *)f, id);
}

unsigned lc_fake_nr_guests(const struct lc_fake *f)
{
    unsigned n = 0;

    for (unsigned i = 1; i < LC_FAKE_MAX_DOMAINS; i++)
        n += f->doms[i].exists;
    return n;
}

unsigned lc_fake_nr_mappings(const struct lc_fake *f)
{
    return f->nr_maps;
}
