/* xl list: xl's table of domains, or with -l the config of each as the
 * JSON libxl prints. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <public/sched.h>
#include "xl.h"

static void print_row(FILE *f, const struct lc_dominfo *d)
{
    uint32_t fl = d->flags;
    bool shut = fl & KEEL_DOMINF_shutdown;

    fprintf(f, "%-40s %5u %5llu %5u     %c%c%c%c%c%c  %8.1f\n", d->name, d->domid,
            (unsigned long long)(d->mem_kb / 1024), d->online_vcpus,
            fl & KEEL_DOMINF_running ? 'r' : '-', fl & KEEL_DOMINF_blocked ? 'b' : '-',
            fl & KEEL_DOMINF_paused ? 'p' : '-', shut ? 's' : '-',
            shut && d->shutdown_reason == SHUTDOWN_crash ? 'c' : '-',
            fl & KEEL_DOMINF_dying ? 'd' : '-', (double)d->cpu_time_ns / 1e9);
}

static uint32_t to_mb(uint64_t kb)
{
    uint64_t mb = kb / 1024;

    return mb > LC_CFG_MEMORY_MAX_MB ? LC_CFG_MEMORY_MAX_MB : (uint32_t)mb;
}

/* A domain xl did not create (dom0) has no stored config: what the
 * hypervisor knows of it stands in, as xen-init-dom0's stub does. */
static void stub_config(const struct lc_dominfo *d, struct lc_domain_config *c)
{
    static const uint8_t zero[16];

    lc_config_init(c);
    snprintf(c->name, sizeof(c->name), "%.*s", LC_CFG_NAME_MAX, d->name);
    if (memcmp(d->uuid, zero, sizeof(zero))) {
        memcpy(c->uuid, d->uuid, sizeof(c->uuid));
        c->uuid_set = true;
    }
    c->memory_mb = to_mb(d->mem_kb);
    c->maxmem_mb = to_mb(d->max_mem_kb);
    if (c->maxmem_mb < c->memory_mb)
        c->maxmem_mb = c->memory_mb;
    c->vcpus = d->online_vcpus;
    c->maxvcpus = d->nr_vcpus > d->online_vcpus ? d->nr_vcpus : d->online_vcpus;
}

static int print_long(struct xl_env *env, const struct lc_dominfo *doms, unsigned n)
{
    struct lc_domain_config *cfgs = calloc(n ? n : 1, sizeof(*cfgs));
    const struct lc_domain_config **ptrs = calloc(n ? n : 1, sizeof(*ptrs));
    uint32_t *ids = calloc(n ? n : 1, sizeof(*ids));
    char *json = NULL;
    int rc = cfgs && ptrs && ids ? 0 : -ENOMEM;

    for (unsigned i = 0; !rc && i < n; i++) {
        if (xl_config_load(env, doms[i].uuid, &cfgs[i]))
            stub_config(&doms[i], &cfgs[i]);
        ptrs[i] = &cfgs[i];
        ids[i] = doms[i].domid;
    }
    if (!rc)
        rc = lc_config_list_to_json(ptrs, ids, n, &json);
    if (!rc)
        xl_print_json(env->out, json);
    for (unsigned i = 0; cfgs && i < n; i++)
        lc_config_free(&cfgs[i]);
    free(json);
    free(cfgs);
    free(ptrs);
    free(ids);
    return rc ? xl_fail(env, "writing the configs as JSON: %s", strerror(-rc)) : XL_OK;
}

int xl_cmd_list(struct xl_env *env, const struct xl_args *a)
{
    struct lc_dominfo *doms;
    unsigned n;
    int rc = xl_select_domains(env, a->argc, a->argv, &doms, &n);

    if (rc)
        return rc;
    if (xl_opt(a, 'l')) {
        rc = print_long(env, doms, n);
    } else {
        fprintf(env->out, "Name                                        ID   Mem VCPUs"
                          "\tState\tTime(s)\n");
        for (unsigned i = 0; i < n; i++)
            print_row(env->out, &doms[i]);
    }
    free(doms);
    return rc;
}
