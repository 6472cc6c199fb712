/* xl domid, domname and uptime. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "xl.h"

int xl_cmd_domid(struct xl_env *env, const struct xl_args *a)
{
    struct lc_dominfo *list;
    unsigned n, i;

    if (xl_list_domains(env, &list, &n))
        return XL_FAIL;
    for (i = 0; i < n && strcmp(list[i].name, a->argv[0]); i++)
        ;
    if (i < n)
        fprintf(env->out, "%u\n", list[i].domid);
    free(list);
    return i < n ? XL_OK : xl_fail(env, "no domain named '%s'", a->argv[0]);
}

int xl_cmd_domname(struct xl_env *env, const struct xl_args *a)
{
    struct lc_dominfo d;
    uint16_t id;

    if (xl_parse_domid(a->argv[0], &id))
        return xl_fail(env, "'%s' is not a domain id", a->argv[0]);
    if (xl_find_domain(env, a->argv[0], &d))
        return XL_FAIL;
    fprintf(env->out, "%s\n", d.name);
    return XL_OK;
}

void xl_format_uptime(uint64_t secs, bool brief, char *buf, size_t size)
{
    unsigned long long days = secs / 86400;
    unsigned h = (unsigned)(secs % 86400 / 3600), m = (unsigned)(secs % 3600 / 60);
    unsigned s = (unsigned)(secs % 60);
    char day[40] = "";

    if (days)
        snprintf(day, sizeof(day), "%llu day%s, ", days, days > 1 ? "s" : "");
    if (brief)
        snprintf(buf, size, "%s%2u:%02u", day, h, m);
    else
        snprintf(buf, size, "%s%2u:%02u:%02u", day, h, m, s);
}

/* When the domain started; dom0 started with the host. */
static int start_time(struct xl_env *env, const struct lc_dominfo *d, double *t)
{
    char *value = NULL, *end;
    double up;
    int rc;

    if (d->domid == 0) {
        rc = env->host_uptime ? env->host_uptime(env, &up) : -ENOSYS;
        if (!rc)
            *t = env->now(env) - up;
        return rc;
    }
    rc = xl_read_start_time(env, d->domid, &value);
    if (!rc) {
        *t = strtod(value, &end);
        rc = end == value || *end ? -EINVAL : 0;
    }
    free(value);
    return rc;
}

static void print_uptime(struct xl_env *env, const struct lc_dominfo *d, bool brief,
                         uint64_t secs, double now)
{
    char up[64], clock[16];
    time_t t = (time_t)now;
    struct tm tm;

    xl_format_uptime(secs, brief, up, sizeof(up));
    if (!brief) {
        fprintf(env->out, "%-33s %4u %s\n", d->name, d->domid, up);
        return;
    }
    if (!localtime_r(&t, &tm) || !strftime(clock, sizeof(clock), "%H:%M:%S", &tm))
        snprintf(clock, sizeof(clock), "??:??:??");
    fprintf(env->out, " %s up %s, %s (%u)\n", clock, up, d->name, d->domid);
}

int xl_cmd_uptime(struct xl_env *env, const struct xl_args *a)
{
    bool brief = xl_opt(a, 's');
    struct lc_dominfo *doms;
    unsigned n;
    int rc = xl_select_domains(env, a->argc, a->argv, &doms, &n);
    double now = env->now(env);

    if (rc)
        return rc;
    if (!brief)
        fprintf(env->out, "%-33s %4s %s\n", "Name", "ID", "Uptime");
    for (unsigned i = 0; i < n; i++) {
        double start;
        int e = start_time(env, &doms[i], &start);

        if (e)
            rc = xl_fail(env, "%s's start time: %s", doms[i].name, strerror(-e));
        else
            print_uptime(env, &doms[i], brief, now > start ? (uint64_t)(now - start) : 0,
                         now);
    }
    free(doms);
    return rc;
}
