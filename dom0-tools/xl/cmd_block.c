/* xl block-attach, block-detach and block-list: a running domain's
 * virtual disks, with Xen's xl's arguments and columns. */
#include <stdlib.h>
#include <string.h>
#include "xl.h"

int xl_cmd_block_attach(struct xl_env *env, const struct xl_args *a)
{
    struct lc_config_error err;
    struct lc_dominfo d;
    struct lc_disk disk;
    uint32_t devnum;
    int rc;

    if (xl_find_domain(env, a->argv[0], &d))
        return XL_FAIL;
    if (lc_disk_from_words(a->argv + 1, (unsigned)a->argc - 1, &disk, &err))
        return xl_fail(env, "%s", err.msg);
    devnum = disk.devnum;
    rc = lc_device_vbd_attach(env->ctx, d.domid, &disk);
    if (!rc && xl_config_put_disk(env, &d, &disk)) {
        /* Attached but not recorded would come back wrong at a restart. */
        if (lc_device_vbd_remove(env->ctx, d.domid, devnum))
            xl_msg(env, "%s", lc_ctx_error(env->ctx));
        lc_disk_free(&disk);
        return xl_fail(env, "disk %u of %s detached again: its config was not stored",
                       devnum, d.name);
    }
    lc_disk_free(&disk);
    return rc ? xl_fail_ctx(env, rc, "attaching the disk") : XL_OK;
}

/* xl's DevId: the vdev the guest knows (xvdb) or its number (51728). */
static int parse_devid(const char *s, uint32_t *devnum)
{
    char *end;
    unsigned long v;

    if (*s < '0' || *s > '9')
        return lc_vdev_to_devnum(s, devnum);
    v = strtoul(s, &end, 10);
    if (*end || v > UINT32_MAX)
        return -1;
    *devnum = (uint32_t)v;
    return 0;
}

/* Whether the domain's frontend directory has the disk. */
static int has_disk(struct xl_env *env, uint16_t domid, uint32_t devnum, bool *found)
{
    struct lc_device_info *list;
    unsigned n;
    int rc = lc_device_vbd_list(env->ctx, domid, &list, &n);

    if (rc)
        return xl_fail_ctx(env, rc, "listing the disks");
    *found = false;
    for (unsigned i = 0; i < n; i++)
        *found = *found || list[i].devid == devnum;
    free(list);
    return XL_OK;
}

int xl_cmd_block_detach(struct xl_env *env, const struct xl_args *a)
{
    const char *id = a->argv[1];
    struct lc_dominfo d;
    uint32_t devnum;
    bool found = false;
    int rc;

    if (xl_find_domain(env, a->argv[0], &d))
        return XL_FAIL;
    if (parse_devid(id, &devnum) == 0 && has_disk(env, d.domid, devnum, &found))
        return XL_FAIL;
    if (!found)
        return xl_fail(env, "Device %s not connected.", id);
    rc = lc_device_vbd_remove(env->ctx, d.domid, devnum);
    if (rc)
        return xl_fail_ctx(env, rc, "detaching the disk");
    return xl_config_drop_disk(env, &d, devnum) ? XL_FAIL : XL_OK;
}

/* Xen's columns, its "handle" being the frontend's domain. */
static void print_disks(FILE *f, uint16_t domid, const struct lc_device_info *list,
                        unsigned n)
{
    for (unsigned i = 0; i < n; i++) {
        const struct lc_device_info *v = &list[i];

        fprintf(f, "%-5u %-3d %-6u %-5d %-6d %-8d %-30s\n", v->devid, v->backend_id,
                domid, v->state, v->evtch, v->ring_ref[0], v->backend);
    }
}

int xl_cmd_block_list(struct xl_env *env, const struct xl_args *a)
{
    char header[80];

    snprintf(header, sizeof(header), "%-5s %-3s %-6s %-5s %-6s %-8s %-30s\n", "Vdev", "BE",
             "handle", "state", "evt-ch", "ring-ref", "BE-path");
    return xl_list_devices(env, a, header, lc_device_vbd_list, print_disks);
}
