/* Naming domains: every command takes a name or an id. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <public/xen.h>
#include "xl.h"

int xl_parse_domid(const char *s, uint16_t *domid)
{
    unsigned long v = 0;

    if (!*s || strlen(s) > 5)
        return -EINVAL;
    for (const char *p = s; *p; p++) {
        if (*p < '0' || *p > '9')
            return -EINVAL;
        v = v * 10 + (unsigned long)(*p - '0');
    }
    if (v >= DOMID_FIRST_RESERVED)
        return -EINVAL;
    *domid = (uint16_t)v;
    return 0;
}

int xl_list_domains(struct xl_env *env, struct lc_dominfo **list, unsigned *n)
{
    struct lc_ctx *ctx = xl_ctx(env);
    int rc;

    if (!ctx)
        return -ENOTCONN;
    rc = lc_domain_list(ctx, list, n);
    if (rc)
        xl_fail_ctx(env, rc, "listing domains");
    return rc;
}

static bool matches(const struct lc_dominfo *d, const char *ref, bool by_id,
                    uint16_t id)
{
    return by_id ? d->domid == id : !strcmp(d->name, ref);
}

int xl_find_domain(struct xl_env *env, const char *ref, struct lc_dominfo *d)
{
    struct lc_dominfo *list;
    uint16_t id = 0;
    bool by_id = !xl_parse_domid(ref, &id);
    unsigned n, i;

    if (xl_list_domains(env, &list, &n))
        return XL_FAIL;
    for (i = 0; i < n && !matches(&list[i], ref, by_id, id); i++)
        ;
    if (i < n)
        *d = list[i];
    free(list);
    if (i == n)
        return xl_fail(env, "%s is an invalid domain identifier", ref);
    return XL_OK;
}

/* The domains the operands name, in their order; all if there are none. */
int xl_select_domains(struct xl_env *env, int argc, char **argv,
                      struct lc_dominfo **doms, unsigned *n)
{
    if (!argc)
        return xl_list_domains(env, doms, n) ? XL_FAIL : XL_OK;
    *doms = calloc((size_t)argc, sizeof(**doms));
    if (!*doms)
        return xl_fail(env, "out of memory");
    for (*n = 0; *n < (unsigned)argc; ++*n)
        if (xl_find_domain(env, argv[*n], &(*doms)[*n])) {
            free(*doms);
            return XL_FAIL;
        }
    return XL_OK;
}

int xl_read_start_time(struct xl_env *env, uint16_t domid, char **text)
{
    char path[64], *vm;
    int rc;

    snprintf(path, sizeof(path), "/local/domain/%u/vm", domid);
    rc = lc_ctx_store_read(env->ctx, path, &vm);
    if (rc)
        return rc;
    if (strlen(vm) < sizeof(path) - sizeof("/start_time")) {
        snprintf(path, sizeof(path), "%s/start_time", vm);
        rc = lc_ctx_store_read(env->ctx, path, text);
    } else {
        rc = -ENAMETOOLONG;
    }
    free(vm);
    return rc;
}
