/* The real xenif: dom0's ring from /proc/xen (xsd_kva, xsd_port),
 * event channels from /dev/xen/evtchn, guest rings mapped through
 * /dev/xen/gntdev (grant reference 1), and domain states from Keel's
 * getdomaininfo domctl through /dev/xen/privcmd. Only the Linux uapi
 * headers are used; privcmd's is not usable from user space (it pulls
 * in kernel-internal headers), so its one ioctl is declared here. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>
#include "public/domctl.h"
#include "public/grant_table.h"
#include "public/io/xs_wire.h"
#include "public/xen.h"
#include <xen/evtchn.h>
#include "../common/evtchn_dev.h"
#include <xen/gntdev.h>
#include "xenif.h"

struct xs_privcmd_hypercall {
    uint64_t op;
    uint64_t arg[5];
};
#define XS_IOCTL_PRIVCMD_HYPERCALL \
    _IOC(_IOC_NONE, 'P', 0, sizeof(struct xs_privcmd_hypercall))

#define PAGE 4096
#define MAX_MAPS 1024
#define VIRQ_DOM_EXC_NR 3

struct gnt_map {
    void *page;
    uint64_t index;
};

struct devctx {
    struct xenif xi;
    int evtchn, gntdev, privcmd;
    struct keel_domctl *op;     /* a locked page: the hypervisor reads it */
    struct gnt_map maps[MAX_MAPS];
};

static int map_dom0(void *ctx, void **page, unsigned int *remote_port)
{
    char buf[32];
    ssize_t n;
    int fd = open("/proc/xen/xsd_port", O_RDONLY | O_CLOEXEC);
    void *p;

    (void)ctx;
    if (fd < 0)
        return -errno;
    n = read(fd, buf, sizeof(buf) - 1);
    close(fd);
    if (n <= 0)
        return -EIO;
    buf[n] = '\0';
    *remote_port = (unsigned int)strtoul(buf, NULL, 10);
    fd = open("/proc/xen/xsd_kva", O_RDWR | O_CLOEXEC);
    if (fd < 0)
        return -errno;
    p = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    close(fd);
    if (p == MAP_FAILED)
        return -errno;
    *page = p;
    return 0;
}

static void unmap_dom0(void *ctx, void *page)
{
    (void)ctx;
    munmap(page, PAGE);
}

static int map_guest(void *ctx, uint16_t domid, uint64_t gfn, void **page)
{
    struct devctx *dc = ctx;
    struct ioctl_gntdev_map_grant_ref m = { .count = 1 };
    struct gnt_map *slot = NULL;
    void *p;

    (void)gfn;      /* grant reference 1 names the same page */
    for (int i = 0; i < MAX_MAPS && !slot; i++)
        if (!dc->maps[i].page)
            slot = &dc->maps[i];
    if (!slot || dc->gntdev < 0)
        return slot ? -ENODEV : -ENOSPC;
    m.refs[0].domid = domid;
    m.refs[0].ref = GNTTAB_RESERVED_XENSTORE;
    if (ioctl(dc->gntdev, IOCTL_GNTDEV_MAP_GRANT_REF, &m) < 0)
        return -errno;
    p = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, dc->gntdev,
             (off_t)m.index);
    if (p == MAP_FAILED) {
        int err = -errno;
        struct ioctl_gntdev_unmap_grant_ref u = { .index = m.index, .count = 1 };

        (void)ioctl(dc->gntdev, IOCTL_GNTDEV_UNMAP_GRANT_REF, &u);
        return err;
    }
    slot->page = p;
    slot->index = m.index;
    *page = p;
    return 0;
}

static void unmap_guest(void *ctx, void *page)
{
    struct devctx *dc = ctx;

    for (int i = 0; i < MAX_MAPS; i++) {
        struct ioctl_gntdev_unmap_grant_ref u = { .count = 1 };

        if (dc->maps[i].page != page)
            continue;
        munmap(page, PAGE);
        u.index = dc->maps[i].index;
        (void)ioctl(dc->gntdev, IOCTL_GNTDEV_UNMAP_GRANT_REF, &u);
        dc->maps[i].page = NULL;
        return;
    }
}

static int bind(void *ctx, uint16_t domid, unsigned int remote_port)
{
    return evtchn_dev_bind(((struct devctx *)ctx)->evtchn, domid, remote_port);
}

static void unbind(void *ctx, unsigned int port)
{
    evtchn_dev_unbind(((struct devctx *)ctx)->evtchn, port);
}

static int notify(void *ctx, unsigned int port)
{
    return evtchn_dev_notify(((struct devctx *)ctx)->evtchn, port);
}

static int pending(void *ctx)
{
    return evtchn_dev_pending(((struct devctx *)ctx)->evtchn);
}

static int bind_dom_exc(void *ctx)
{
    struct devctx *dc = ctx;
    struct ioctl_evtchn_bind_virq b = { VIRQ_DOM_EXC_NR };
    int rc = ioctl(dc->evtchn, IOCTL_EVTCHN_BIND_VIRQ, &b);

    return rc < 0 ? -errno : rc;
}

static int domain_state(void *ctx, uint16_t domid)
{
    struct devctx *dc = ctx;
    struct xs_privcmd_hypercall h = { __HYPERVISOR_domctl,
                                      { (uint64_t)(uintptr_t)dc->op } };
    long rc;

    if (dc->privcmd < 0 || !dc->op)
        return -ENOSYS;
    memset(dc->op, 0, sizeof(*dc->op));
    dc->op->cmd = KEEL_DOMCTL_getdomaininfo;
    dc->op->version = KEEL_DOMCTL_VERSION;
    dc->op->domid = domid;
    rc = ioctl(dc->privcmd, XS_IOCTL_PRIVCMD_HYPERCALL, &h);
    if (rc < 0)
        return errno == ESRCH ? XENIF_DOM_GONE : -errno;
    if (dc->op->u.info.flags & KEEL_DOMINF_dying)
        return XENIF_DOM_GONE;
    if (dc->op->u.info.flags & KEEL_DOMINF_shutdown)
        return XENIF_DOM_SHUTDOWN;
    return XENIF_DOM_RUNNING;
}

static void open_privcmd(struct devctx *dc)
{
    void *p;

    dc->privcmd = open("/dev/xen/privcmd", O_RDWR | O_CLOEXEC);
    if (dc->privcmd < 0)
        return;
    p = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
             -1, 0);
    if (p != MAP_FAILED && mlock(p, PAGE) == 0)
        dc->op = p;
    else if (p != MAP_FAILED)
        munmap(p, PAGE);
}

struct xenif *xenif_dev_open(int *err)
{
    struct devctx *dc = calloc(1, sizeof(*dc));

    if (!dc) {
        *err = -ENOMEM;
        return NULL;
    }
    dc->evtchn = open("/dev/xen/evtchn", O_RDWR | O_NONBLOCK | O_CLOEXEC);
    if (dc->evtchn < 0) {
        *err = -errno;
        free(dc);
        return NULL;
    }
    dc->gntdev = open("/dev/xen/gntdev", O_RDWR | O_CLOEXEC);
    open_privcmd(dc);
    dc->xi = (struct xenif){ dc, dc->evtchn, map_dom0, unmap_dom0, map_guest,
                             unmap_guest, bind, unbind, notify, pending,
                             bind_dom_exc, domain_state };
    return &dc->xi;
}

void xenif_dev_close(struct xenif *xi)
{
    struct devctx *dc;

    if (!xi)
        return;
    dc = xi->ctx;
    if (dc->op)
        munmap(dc->op, PAGE);
    if (dc->privcmd >= 0)
        close(dc->privcmd);
    if (dc->gntdev >= 0)
        close(dc->gntdev);
    close(dc->evtchn);
    free(dc);
}
