/* What xl list, xl info and xl dmesg show: domain summaries with their
 * names, the machine, and the hypervisor's log. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <public/xen.h>
#include "domain.h"

#define LIST_BATCH   64
#define DMESG_CHUNK  16384
#define DMESG_MAX    (64u << 20)    /* a guard, far above any log ring */
#define PATH_LEN     64

static void fill(struct lc_ctx *ctx, const struct keel_domaininfo *k, struct lc_dominfo *d)
{
    char path[PATH_LEN], *name = NULL;

    *d = (struct lc_dominfo){
        .domid = k->domid, .flags = k->flags, .shutdown_reason = k->shutdown_reason,
        .nr_vcpus = k->nr_vcpus, .online_vcpus = k->online_vcpus,
        .mem_kb = k->tot_pages * 4, .max_mem_kb = k->max_pages * 4,
        .cpu_time_ns = k->cpu_time_ns,
    };
    memcpy(d->uuid, k->handle, sizeof(d->uuid));
    snprintf(path, sizeof(path), "/local/domain/%u/name", k->domid);
    if (ctx->store && !lc_store_read(ctx->store, XS_TX_NONE, path, &name))
        snprintf(d->name, sizeof(d->name), "%s", name);
    else if (k->domid == 0)
        snprintf(d->name, sizeof(d->name), "Domain-0");
    free(name);
}

static int append(struct lc_ctx *ctx, struct lc_dominfo **list, unsigned *n,
                  const struct keel_domaininfo *batch, uint32_t got)
{
    struct lc_dominfo *grown = realloc(*list, (*n + got) * sizeof(**list));

    if (!grown)
        return -ENOMEM;
    *list = grown;
    for (uint32_t i = 0; i < got; i++)
        fill(ctx, &batch[i], &grown[(*n)++]);
    return 0;
}

int lc_domain_list(struct lc_ctx *ctx, struct lc_dominfo **list, unsigned *n)
{
    struct keel_domaininfo batch[LIST_BATCH];
    unsigned first = 0;
    uint32_t got = LIST_BATCH;
    int rc = 0;

    lc_ctx_clear_error(ctx);
    *list = NULL;
    *n = 0;
    while (!rc && got == LIST_BATCH && first < DOMID_FIRST_RESERVED) {
        rc = lc_sysctl_getdomaininfolist(ctx->hc, (uint16_t)first, batch, LIST_BATCH,
                                         &got);
        /* Ids must rise, or a broken answer would loop for ever. */
        if (!rc && got && batch[got - 1].domid < first)
            rc = -EIO;
        if (!rc)
            rc = append(ctx, list, n, batch, got);
        if (!rc && got)
            first = batch[got - 1].domid + 1u;
    }
    if (rc) {
        free(*list);
        *list = NULL;
        *n = 0;
        return lc_ctx_fail(ctx, rc, "listing domains");
    }
    return 0;
}

int lc_physinfo(struct lc_ctx *ctx, struct lc_physinfo *info)
{
    struct keel_sysctl_physinfo p;
    int rc;

    lc_ctx_clear_error(ctx);
    rc = lc_sysctl_physinfo(ctx->hc, &p);
    if (rc)
        return lc_ctx_fail(ctx, rc, "reading the machine's information");
    *info = (struct lc_physinfo){
        .nr_cpus = p.nr_cpus, .total_kb = p.total_pages * 4, .free_kb = p.free_pages * 4,
        .cpu_khz = p.cpu_khz, .xen_major = p.xen_major, .xen_minor = p.xen_minor,
    };
    return 0;
}

int lc_dmesg(struct lc_ctx *ctx, char **text, size_t *len)
{
    uint64_t index = 0;
    size_t used = 0;
    char *buf = NULL;
    int rc = 0;

    lc_ctx_clear_error(ctx);
    for (;;) {
        uint32_t count = DMESG_CHUNK;
        char *grown = realloc(buf, used + DMESG_CHUNK + 1);

        if (!grown) {
            rc = -ENOMEM;
            break;
        }
        buf = grown;
        rc = lc_sysctl_readconsole(ctx->hc, &index, buf + used, &count);
        if (rc || !count)
            break;
        used += count;
        if (used >= DMESG_MAX)
            break;
    }
    if (rc) {
        free(buf);
        return lc_ctx_fail(ctx, rc, "reading the hypervisor's log");
    }
    buf[used] = '\0';
    *text = buf;
    *len = used;
    return 0;
}
