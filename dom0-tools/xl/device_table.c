/* What xl block-list and network-list share: a header, then the devices
 * of each domain named, as Xen's xl prints them. */
#include <stdlib.h>
#include "xl.h"

int xl_list_devices(struct xl_env *env, const struct xl_args *a, const char *header,
                    xl_dev_list_fn *list, xl_dev_print_fn *print)
{
    struct lc_device_info *devs;
    struct lc_dominfo *doms;
    unsigned ndoms, n;
    int rc = xl_select_domains(env, a->argc, a->argv, &doms, &ndoms);

    if (rc)
        return rc;
    fputs(header, env->out);
    for (unsigned i = 0; !rc && i < ndoms; i++) {
        int err = list(env->ctx, doms[i].domid, &devs, &n);

        if (err) {
            rc = xl_fail_ctx(env, err, "listing devices");
            break;
        }
        print(env->out, doms[i].domid, devs, n);
        free(devs);
    }
    free(doms);
    return rc;
}
