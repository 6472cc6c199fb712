/* xl mem-set: the balloon target, in xl's size notation, refused above
 * the domain's maxmem (memory/static-max). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "xl.h"

int xl_parse_mem_kb(const char *s, uint64_t *kb)
{
    unsigned shift = 10;    /* no unit: MiB, as xl */
    unsigned long long v;
    char *end;

    if (*s < '0' || *s > '9')
        return -EINVAL;
    errno = 0;
    v = strtoull(s, &end, 10);
    if (errno || strlen(end) > 1)
        return -EINVAL;
    switch (*end) {
    case 't': case 'T':
        shift = 30;
        break;
    case 'g': case 'G':
        shift = 20;
        break;
    case '\0': case 'm': case 'M':
        break;
    case 'k': case 'K':
        shift = 0;
        break;
    case 'b': case 'B':
        *kb = v / 1024;
        return 0;
    default:
        return -EINVAL;
    }
    if (v > (UINT64_MAX >> shift))
        return -ERANGE;
    *kb = (uint64_t)v << shift;
    return 0;
}

/* memory/static-max, in KiB. */
static int static_max(struct xl_env *env, uint16_t domid, uint64_t *kb)
{
    char path[64], *value, *end;
    int rc;

    snprintf(path, sizeof(path), "/local/domain/%u/memory/static-max", domid);
    rc = lc_ctx_store_read(env->ctx, path, &value);
    if (rc)
        return rc;
    errno = 0;
    *kb = strtoull(value, &end, 10);
    rc = errno || end == value || *end ? -EINVAL : 0;
    free(value);
    return rc;
}

int xl_cmd_mem_set(struct xl_env *env, const struct xl_args *a)
{
    struct lc_dominfo d;
    uint64_t kb, max;
    int rc;

    if (xl_parse_mem_kb(a->argv[1], &kb))
        return xl_fail(env, "invalid memory size: %s", a->argv[1]);
    if (xl_find_domain(env, a->argv[0], &d))
        return XL_FAIL;
    rc = static_max(env, d.domid, &max);
    if (rc)
        return xl_fail(env, "reading %s's maximum memory: %s", d.name, strerror(-rc));
    if (kb > max)
        return xl_fail(env, "%s: %llu KiB is above the domain's maxmem of %llu KiB",
                       d.name, (unsigned long long)kb, (unsigned long long)max);
    if (!kb)
        return xl_fail(env, "%s: a memory target of 0 is not allowed", d.name);
    rc = lc_mem_set(env->ctx, d.domid, kb);
    return rc ? xl_fail_ctx(env, rc, "setting the memory target") : XL_OK;
}
