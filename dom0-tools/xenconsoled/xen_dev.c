/* The real Xen interface: console pages mapped through /dev/xen/gntdev
 * (grant reference 0, which the toolstack seeds for dom0) or, failing
 * that, by frame number through /dev/xen/privcmd; event channels through
 * /dev/xen/evtchn; domain states from Keel's getdomaininfo domctl. The
 * privcmd uapi header pulls in kernel-internal ones, so its two ioctls
 * are declared here. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>
#include "public/domctl.h"
#include "public/grant_table.h"
#include "public/xen.h"
/* After the public headers: these use their domid_t and grant_ref_t. */
#include <xen/evtchn.h>
#include "../common/evtchn_dev.h"
#include <xen/gntdev.h>
#include "xenif.h"

struct xcd_privcmd_hypercall {
    uint64_t op;
    uint64_t arg[5];
};

struct xcd_privcmd_mmapbatch_v2 {
    unsigned int num;
    uint16_t dom;
    uint64_t addr;
    const uint64_t *arr;        /* guest frame numbers */
    int *err;                   /* per frame: 0 or -errno */
};
_Static_assert(sizeof(struct xcd_privcmd_hypercall) == 48, "privcmd_hypercall");
_Static_assert(sizeof(void *) != 8 ||
               sizeof(struct xcd_privcmd_mmapbatch_v2) == 32, "mmapbatch_v2");
_Static_assert(offsetof(struct xcd_privcmd_mmapbatch_v2, addr) == 8, "addr");

#define XCD_IOCTL_PRIVCMD_HYPERCALL \
    _IOC(_IOC_NONE, 'P', 0, sizeof(struct xcd_privcmd_hypercall))
#define XCD_IOCTL_PRIVCMD_MMAPBATCH_V2 \
    _IOC(_IOC_NONE, 'P', 4, sizeof(struct xcd_privcmd_mmapbatch_v2))

#define PAGE 4096
enum { MAP_GNTDEV = 1, MAP_PRIVCMD };

struct devctx {
    struct xcd_xen x;
    int evtchn, gntdev, privcmd;
    struct keel_domctl *op;     /* locked: the hypervisor reads it */
};

static int map_grant(struct devctx *dc, uint16_t domid, struct xcd_map *m)
{
    struct ioctl_gntdev_map_grant_ref g = { .count = 1 };
    struct ioctl_gntdev_unmap_grant_ref u = { .count = 1 };
    void *p;
    int err;

    if (dc->gntdev < 0)
        return -ENODEV;
    g.refs[0].domid = domid;
    g.refs[0].ref = GNTTAB_RESERVED_CONSOLE;
    if (ioctl(dc->gntdev, IOCTL_GNTDEV_MAP_GRANT_REF, &g) < 0)
        return -errno;
    /* The grant is mapped by this mmap; a bad grant fails here. */
    p = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, dc->gntdev,
             (off_t)g.index);
    if (p != MAP_FAILED) {
        *m = (struct xcd_map){ p, MAP_GNTDEV, g.index };
        return 0;
    }
    err = -errno;
    u.index = g.index;
    (void)ioctl(dc->gntdev, IOCTL_GNTDEV_UNMAP_GRANT_REF, &u);
    return err;
}

static int map_foreign(struct devctx *dc, uint16_t domid, uint64_t gfn,
                       struct xcd_map *m)
{
    struct xcd_privcmd_mmapbatch_v2 b = { .num = 1, .dom = domid, .arr = &gfn };
    int frame_err = 0, rc = 0;
    void *p;

    if (dc->privcmd < 0)
        return -ENODEV;
    p = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, dc->privcmd, 0);
    if (p == MAP_FAILED)
        return -errno;
    b.addr = (uint64_t)(uintptr_t)p;
    b.err = &frame_err;
    /* A frame's own error can come with the call itself succeeding. */
    if (ioctl(dc->privcmd, XCD_IOCTL_PRIVCMD_MMAPBATCH_V2, &b) < 0)
        rc = -errno;
    if (frame_err < 0)
        rc = frame_err;
    if (rc < 0) {
        munmap(p, PAGE);
        return rc;
    }
    *m = (struct xcd_map){ p, MAP_PRIVCMD, 0 };
    return 0;
}

static int map_ring(void *ctx, uint16_t domid, uint64_t gfn, struct xcd_map *m)
{
    int rc = map_grant(ctx, domid, m);

    return rc == 0 ? 0 : map_foreign(ctx, domid, gfn, m) == 0 ? 0 : rc;
}

static void unmap_ring(void *ctx, struct xcd_map *m)
{
    struct devctx *dc = ctx;
    struct ioctl_gntdev_unmap_grant_ref u = { .index = m->handle, .count = 1 };

    munmap(m->page, PAGE);
    if (m->kind == MAP_GNTDEV)
        (void)ioctl(dc->gntdev, IOCTL_GNTDEV_UNMAP_GRANT_REF, &u);
    m->page = NULL;
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

/* Allocated at first use, after the daemon forked: locks are not
 * inherited by a child. */
static int domctl_buffer(struct devctx *dc)
{
    void *p;

    if (dc->op)
        return 0;
    p = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
             -1, 0);
    if (p == MAP_FAILED)
        return -errno;
    if (mlock(p, PAGE) < 0) {
        int err = -errno;

        munmap(p, PAGE);
        return err;
    }
    dc->op = p;
    return 0;
}

static int domain_state(void *ctx, uint16_t domid)
{
    struct devctx *dc = ctx;
    struct xcd_privcmd_hypercall h = { .op = __HYPERVISOR_domctl };
    int rc = dc->privcmd < 0 ? -ENOSYS : domctl_buffer(dc);

    if (rc < 0)
        return rc;
    memset(dc->op, 0, sizeof(*dc->op));
    dc->op->cmd = KEEL_DOMCTL_getdomaininfo;
    dc->op->version = KEEL_DOMCTL_VERSION;
    dc->op->domid = domid;
    h.arg[0] = (uint64_t)(uintptr_t)dc->op;
    if (ioctl(dc->privcmd, XCD_IOCTL_PRIVCMD_HYPERCALL, &h) < 0)
        return errno == ESRCH ? XCD_GUEST_DYING : -errno;
    if (dc->op->u.info.flags & KEEL_DOMINF_dying)
        return XCD_GUEST_DYING;
    if (dc->op->u.info.flags & KEEL_DOMINF_shutdown)
        return XCD_GUEST_SHUTDOWN;
    return XCD_GUEST_RUNNING;
}

struct xcd_xen *xen_dev_open(int *err)
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
    dc->privcmd = open("/dev/xen/privcmd", O_RDWR | O_CLOEXEC);
    dc->x = (struct xcd_xen){
        .ctx = dc, .fd = dc->evtchn, .map_ring = map_ring,
        .unmap_ring = unmap_ring, .bind = bind, .unbind = unbind,
        .notify = notify, .pending = pending, .domain_state = domain_state,
    };
    return &dc->x;
}

void xen_dev_close(struct xcd_xen *x)
{
    struct devctx *dc;

    if (!x)
        return;
    dc = x->ctx;
    if (dc->op)
        munmap(dc->op, PAGE);
    if (dc->privcmd >= 0)
        close(dc->privcmd);
    if (dc->gntdev >= 0)
        close(dc->gntdev);
    close(dc->evtchn);
    free(dc);
}
