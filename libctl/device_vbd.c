/* Disks: a vbd as libxl writes one for a "phy" disk (a file or a block
 * device in dom0), which the block hotplug script then attaches (a file
 * to a loop device) and names to blkback in physical-device. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "device.h"

#define WHAT_MAX 96

static void name_disk(char *what, const struct lc_disk *disk, unsigned index)
{
    snprintf(what, WHAT_MAX, "adding disk %u (%s)", index,
             disk->vdev ? disk->vdev : "no vdev");
}

/* What building a domain may refuse before it creates anything. */
static int check_disk(struct lc_ctx *ctx, const struct lc_disk *disk, const char *what,
                      uint32_t *devnum)
{
    if (!disk->vdev || lc_vdev_to_devnum(disk->vdev, devnum))
        return lc_ctx_fail(ctx, -EINVAL, "%s: not a virtual disk name", what);
    if (!disk->target || !*disk->target)
        return lc_ctx_fail(ctx, -EINVAL, "%s: an empty drive is not supported", what);
    return 0;
}

/* what names the disk in messages: "adding disk 0 (xvda)". */
static int vbd_add(struct lc_ctx *ctx, uint16_t domid, const struct lc_disk *disk,
                   const char *what)
{
    const char *type = disk->cdrom ? "cdrom" : "disk";
    char script[LC_DEV_PATH_MAX], devnum_str[12];
    uint32_t devnum;
    struct lc_dev d;
    int rc;

    rc = check_disk(ctx, disk, what, &devnum);
    if (rc)
        return rc;
    rc = lc_dev_init(&d, "vbd", domid, devnum);
    if (rc)
        return lc_ctx_fail(ctx, rc, "%s: domain %u cannot have devices", what, domid);
    rc = lc_dev_script_path(disk->script, LC_HOTPLUG_BLOCK, script, sizeof(script));
    if (rc)
        return lc_ctx_fail(ctx, rc, "%s: hotplug script %s", what, disk->script);
    snprintf(devnum_str, sizeof(devnum_str), "%u", devnum);

    const struct lc_dev_key back[] = {
        { "params", disk->target }, { "script", script },
        { "removable", disk->cdrom ? "1" : "0" }, { "bootable", "1" },
        { "dev", disk->vdev }, { "type", "phy" }, { "mode", disk->readwrite ? "w" : "r" },
        { "device-type", type }, { "discard-enable", disk->discard ? "1" : "0" },
        { "specification", "xen" },
    };
    const struct lc_dev_key front[] = {
        { "virtual-device", devnum_str }, { "device-type", type },
        { "trusted", disk->trusted ? "1" : "0" },
    };
    const struct lc_dev_keys keys = {
        .back = back, .nback = sizeof(back) / sizeof(back[0]),
        .front = front, .nfront = sizeof(front) / sizeof(front[0]),
    };

    return lc_dev_add(ctx, &d, &keys, script, what);
}

int lc_device_vbd_add(struct lc_ctx *ctx, uint16_t domid, const struct lc_disk *disk,
                      unsigned index)
{
    char what[WHAT_MAX];

    lc_ctx_clear_error(ctx);
    name_disk(what, disk, index);
    return vbd_add(ctx, domid, disk, what);
}

int lc_device_vbd_attach(struct lc_ctx *ctx, uint16_t domid, const struct lc_disk *disk)
{
    const char *vdev = disk->vdev ? disk->vdev : "with no vdev";
    char what[WHAT_MAX];
    uint32_t devnum;
    int rc;

    lc_ctx_clear_error(ctx);
    snprintf(what, sizeof(what), "attaching disk %s to domain %u", vdev, domid);
    rc = vbd_add(ctx, domid, disk, what);
    /* Only the store transaction refuses so, before any script ran. */
    if (rc == -EEXIST && !lc_vdev_to_devnum(vdev, &devnum))
        return lc_ctx_fail(ctx, rc, "%s: it has disk %s (device %u) already", what, vdev,
                           devnum);
    return rc;
}

int lc_device_vbd_remove(struct lc_ctx *ctx, uint16_t domid, uint32_t devnum)
{
    char what[32];

    snprintf(what, sizeof(what), "disk %u", devnum);
    return lc_dev_remove_public(ctx, "vbd", domid, devnum, what);
}

int lc_dev_check_disks(struct lc_ctx *ctx, const struct lc_disk *disks, unsigned n)
{
    uint32_t devnums[LC_CFG_DISKS_MAX];
    char what[WHAT_MAX];

    if (n > LC_CFG_DISKS_MAX)
        return lc_ctx_fail(ctx, -EINVAL, "%u disks (at most %u)", n, LC_CFG_DISKS_MAX);
    for (unsigned i = 0; i < n; i++) {
        int rc;

        name_disk(what, &disks[i], i);
        rc = check_disk(ctx, &disks[i], what, &devnums[i]);
        if (rc)
            return rc;
        for (unsigned j = 0; j < i; j++)
            if (devnums[j] == devnums[i])
                return lc_ctx_fail(ctx, -EEXIST, "%s: the same device as disk %u", what,
                                   j);
    }
    return 0;
}

void lc_dev_undo_disks(struct lc_ctx *ctx, uint16_t domid, const struct lc_disk *disks,
                       unsigned n)
{
    while (n--) {
        uint32_t devnum;
        struct lc_dev d;

        if (disks[n].vdev && !lc_vdev_to_devnum(disks[n].vdev, &devnum) &&
            !lc_dev_init(&d, "vbd", domid, devnum))
            lc_dev_remove(ctx, &d, false);
    }
}

int lc_dev_add_disks(struct lc_ctx *ctx, uint16_t domid, const struct lc_disk *disks,
                     unsigned n)
{
    char what[WHAT_MAX];

    for (unsigned i = 0; i < n; i++) {
        int rc;

        name_disk(what, &disks[i], i);
        rc = vbd_add(ctx, domid, &disks[i], what);

        if (rc) {
            lc_dev_undo_disks(ctx, domid, disks, i);
            return rc;
        }
    }
    return 0;
}
