/* xl vcpu-list: one line per vCPU, in xl's columns. */
#include <stdlib.h>
#include <string.h>
#include "xl.h"

#define AFFINITY_MAX 256

/* The hard affinity the stored config asks for, else "all". */
static void hard_affinity(struct xl_env *env, const struct lc_dominfo *d, char *buf,
                          size_t size)
{
    struct lc_domain_config cfg;

    snprintf(buf, size, "all");
    if (xl_config_load(env, d->uuid, &cfg))
        return;
    if (cfg.cpus_set && lc_cpulist_format(cfg.cpus, buf, size))
        snprintf(buf, size, "all");
    lc_config_free(&cfg);
}

static int print_domain(struct xl_env *env, const struct lc_dominfo *d)
{
    struct lc_hc *hc = lc_ctx_hc(env->ctx);
    char hard[AFFINITY_MAX];

    hard_affinity(env, d, hard, sizeof(hard));
    for (uint32_t v = 0; v < d->nr_vcpus; v++) {
        struct keel_domctl_vcpu_info vi;
        int rc = lc_domctl_getvcpuinfo(hc, d->domid, v, &vi);

        if (rc)
            return xl_fail(env, "reading vCPU %u of %s: %s", v, d->name, strerror(-rc));
        fprintf(env->out, "%-32s %5u %5u", d->name, d->domid, v);
        if (vi.online)
            fprintf(env->out, "%5u %3c%c- ", vi.cpu, vi.running ? 'r' : '-',
                    vi.blocked ? 'b' : '-');
        else
            fprintf(env->out, "%5c %3c%cp ", '-', '-', '-');
        fprintf(env->out, "%9.1f  %s / all\n", (double)vi.cpu_time_ns / 1e9, hard);
    }
    return XL_OK;
}

int xl_cmd_vcpu_list(struct xl_env *env, const struct xl_args *a)
{
    struct lc_dominfo *doms;
    unsigned n;
    int rc = xl_select_domains(env, a->argc, a->argv, &doms, &n);

    if (rc)
        return rc;
    fprintf(env->out, "%-32s %5s %5s %5s %5s %9s %s\n", "Name", "ID", "VCPU", "CPU",
            "State", "Time(s)", "Affinity (Hard / Soft)");
    for (unsigned i = 0; !rc && i < n; i++)
        rc = print_domain(env, &doms[i]);
    free(doms);
    return rc;
}
