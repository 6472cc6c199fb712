/* xl console [-t pv|serial] [-n 0] <Domain>. */
#include <string.h>
#include "xl.h"

int xl_cmd_console(struct xl_env *env, const struct xl_args *a)
{
    const char *type = xl_optval(a, 't'), *num = xl_optval(a, 'n');
    struct lc_dominfo d;

    if (type && strcmp(type, "pv") && strcmp(type, "serial"))
        return xl_fail(env, "console type '%s': pv or serial", type);
    if (xl_find_domain(env, a->argv[0], &d))
        return XL_FAIL;
    if (d.domid == 0)
        return xl_fail(env, "dom0's console is the hypervisor console");
    if (type && !strcmp(type, "serial"))
        return xl_fail(env, "%s has no serial console, only pv", d.name);
    if (num && strcmp(num, "0"))
        return xl_fail(env, "%s has console 0 only, not '%s'", d.name, num);
    return xl_console_attach(env, d.domid);
}
