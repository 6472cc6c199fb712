/* The fakes and helpers behind test_xenconsoled.h. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include <CUnit/CUnit.h>
#include "test_xenconsoled.h"

#define PAGE 4096

/* ---- fake Xen ---- */

int cfx_guest(struct cfx *fx, uint16_t domid)
{
    for (int i = 0; i < CFX_GUESTS; i++)
        if (fx->guests[i].page && fx->guests[i].domid == domid)
            return i;
    return -1;
}

static int cfx_map(void *ctx, uint16_t domid, uint64_t gfn, struct xcd_map *m)
{
    struct cfx *fx = ctx;
    int g = cfx_guest(fx, domid);

    if (fx->map_err)
        return fx->map_err;
    if (g < 0 || fx->guests[g].vanished)
        return -ESRCH;
    if (fx->guests[g].gfn != gfn)
        return -EINVAL;
    fx->guests[g].maps++;
    fx->maps_made++;
    *m = (struct xcd_map){ fx->guests[g].page, 7, (uint64_t)g };
    return 0;
}

static void cfx_unmap(void *ctx, struct xcd_map *m)
{
    struct cfx *fx = ctx;

    CU_ASSERT_EQUAL(m->kind, 7);
    CU_ASSERT_PTR_EQUAL(m->page, fx->guests[m->handle].page);
    CU_ASSERT(fx->guests[m->handle].maps > 0);
    fx->guests[m->handle].maps--;
    m->page = NULL;
}

static int cfx_bind(void *ctx, uint16_t domid, unsigned int remote)
{
    struct cfx *fx = ctx;

    if (fx->bind_err)
        return fx->bind_err;
    for (int i = 0; i < CFX_PORTS; i++)
        if (!fx->ports[i].live) {
            fx->ports[i] = (typeof(fx->ports[i])){ true, domid, remote, 0, false };
            fx->binds_made++;
            return i + 1;
        }
    return -ENOSPC;
}

static void cfx_unbind(void *ctx, unsigned int port)
{
    struct cfx *fx = ctx;

    CU_ASSERT_FATAL(port >= 1 && port <= CFX_PORTS);
    CU_ASSERT(fx->ports[port - 1].live);
    fx->ports[port - 1].live = false;
}

static int cfx_notify(void *ctx, unsigned int port)
{
    struct cfx *fx = ctx;

    if (port < 1 || port > CFX_PORTS || !fx->ports[port - 1].live)
        return -EINVAL;
    if (fx->ports[port - 1].dead)
        return -ENODEV;
    fx->ports[port - 1].notifies++;
    return 0;
}

static int cfx_pending(void *ctx)
{
    struct cfx *fx = ctx;
    char c;
    int port;

    if (fx->pending_err)
        return fx->pending_err;
    if (!fx->nq)
        return -EAGAIN;
    port = fx->queue[0];
    memmove(fx->queue, fx->queue + 1, (size_t)--fx->nq * sizeof(fx->queue[0]));
    if (read(fx->pipe[0], &c, 1) != 1)
        CU_FAIL("fake event pipe empty");
    return port;
}

static int cfx_state(void *ctx, uint16_t domid)
{
    struct cfx *fx = ctx;
    int g = cfx_guest(fx, domid);

    return g < 0 ? XCD_GUEST_DYING : fx->guests[g].state;
}

void cfx_init(struct cfx *fx)
{
    memset(fx, 0, sizeof(*fx));
    CU_ASSERT_FATAL(pipe2(fx->pipe, O_NONBLOCK | O_CLOEXEC) == 0);
    fx->x = (struct xcd_xen){
        .ctx = fx, .fd = fx->pipe[0], .map_ring = cfx_map, .unmap_ring = cfx_unmap,
        .bind = cfx_bind, .unbind = cfx_unbind, .notify = cfx_notify,
        .pending = cfx_pending, .domain_state = cfx_state,
    };
}

void cfx_fini(struct cfx *fx)
{
    for (int i = 0; i < CFX_GUESTS; i++)
        if (fx->guests[i].page)
            munmap(fx->guests[i].page, PAGE);
    close(fx->pipe[0]);
    close(fx->pipe[1]);
}

struct xencons_interface *cfx_add_guest(struct cfx *fx, uint16_t domid,
                                       uint64_t gfn)
{
    for (int i = 0; i < CFX_GUESTS; i++) {
        void *p;

        if (fx->guests[i].page)
            continue;
        p = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
                 -1, 0);
        CU_ASSERT_FATAL(p != MAP_FAILED);
        fx->guests[i].domid = domid;
        fx->guests[i].page = p;
        fx->guests[i].gfn = gfn;
        fx->guests[i].state = XCD_GUEST_RUNNING;
        return p;
    }
    CU_FAIL_FATAL("too many fake guests");
    return NULL;
}

int cfx_port(struct cfx *fx, uint16_t domid)
{
    for (int i = 0; i < CFX_PORTS; i++)
        if (fx->ports[i].live && fx->ports[i].domid == domid)
            return i + 1;
    return -1;
}

void cfx_kick(struct cfx *fx, uint16_t domid)
{
    int port = cfx_port(fx, domid);

    CU_ASSERT_FATAL(port > 0 && fx->nq < CFX_QUEUE);
    fx->queue[fx->nq++] = port;
    CU_ASSERT_FATAL(write(fx->pipe[1], "e", 1) == 1);
}

void cfx_vanish(struct cfx *fx, uint16_t domid)
{
    int g = cfx_guest(fx, domid), port = cfx_port(fx, domid);

    CU_ASSERT_FATAL(g >= 0);
    CU_ASSERT_FATAL(mprotect(fx->guests[g].page, PAGE, PROT_NONE) == 0);
    fx->guests[g].vanished = true;
    if (port > 0)
        fx->ports[port - 1].dead = true;
}

/* ---- fake store ---- */

static int cfs_find(const struct cfs *fs, const char *path)
{
    for (int i = 0; i < fs->nnodes; i++)
        if (!strcmp(fs->nodes[i].path, path))
            return i;
    return -1;
}

const char *cfs_get(const struct cfs *fs, const char *path)
{
    int i = cfs_find(fs, path);

    return i < 0 ? NULL : fs->nodes[i].value;
}

int cfs_set(struct cfs *fs, const char *path, const char *value)
{
    int i = cfs_find(fs, path);

    if (i < 0) {
        if (fs->nnodes == CFS_NODES)
            return -ENOSPC;
        i = fs->nnodes++;
        snprintf(fs->nodes[i].path, sizeof(fs->nodes[i].path), "%s", path);
    }
    snprintf(fs->nodes[i].value, sizeof(fs->nodes[i].value), "%s", value);
    return 0;
}

static bool under(const char *path, const char *dir)
{
    size_t n = strlen(dir);

    return !strncmp(path, dir, n) && (path[n] == '/' || path[n] == '\0');
}

void cfs_rm(struct cfs *fs, const char *path)
{
    for (int i = 0; i < fs->nnodes;)
        if (under(fs->nodes[i].path, path))
            fs->nodes[i] = fs->nodes[--fs->nnodes];
        else
            i++;
}

void cfs_fire(struct cfs *fs, const char *path)
{
    for (int i = 0; i < fs->nwatches; i++) {
        if (strcmp(fs->watches[i].path, path) || fs->nev == CFS_EVENTS)
            continue;
        strcpy(fs->events[fs->nev].path, path);
        strcpy(fs->events[fs->nev].token, fs->watches[i].token);
        fs->nev++;
        CU_ASSERT_FATAL(write(fs->pipe[1], "w", 1) == 1);
    }
}

static int cfs_read(void *ctx, const char *path, char **value)
{
    const char *v = cfs_get(ctx, path);

    if (!v)
        return -ENOENT;
    *value = strdup(v);
    return *value ? 0 : -ENOMEM;
}

static int cfs_write(void *ctx, const char *path, const char *value)
{
    struct cfs *fs = ctx;

    return fs->write_err ? fs->write_err : cfs_set(fs, path, value);
}

static int cfs_rm_op(void *ctx, const char *path)
{
    if (!cfs_get(ctx, path))
        return -ENOENT;
    cfs_rm(ctx, path);
    return 0;
}

/* The distinct first components below dir, as xs_directory packs them. */
static int cfs_directory(void *ctx, const char *dir, char ***names, unsigned *n)
{
    struct cfs *fs = ctx;
    const char *kids[CFS_NODES];
    size_t lens[CFS_NODES], dlen = strlen(dir), bytes = 0;
    unsigned count = 0;
    char **out, *str;

    if (fs->dir_err)
        return fs->dir_err;
    if (!cfs_get(fs, dir))
        return -ENOENT;
    for (int i = 0; i < fs->nnodes; i++) {
        const char *p = fs->nodes[i].path;
        bool dup = false;

        if (strncmp(p, dir, dlen) || p[dlen] != '/')
            continue;
        p += dlen + 1;
        size_t len = strcspn(p, "/");

        for (unsigned k = 0; k < count; k++)
            dup |= lens[k] == len && !strncmp(kids[k], p, len);
        if (dup)
            continue;
        kids[count] = p;
        lens[count++] = len;
        bytes += len + 1;
    }
    out = malloc((count + 1) * sizeof(char *) + bytes);
    if (!out)
        return -ENOMEM;
    str = (char *)(out + count + 1);
    for (unsigned k = 0; k < count; k++) {
        out[k] = str;
        memcpy(str, kids[k], lens[k]);
        str[lens[k]] = '\0';
        str += lens[k] + 1;
    }
    out[count] = NULL;
    *names = out;
    *n = count;
    return 0;
}

static int cfs_watch(void *ctx, const char *path, const char *token)
{
    struct cfs *fs = ctx;

    if (fs->watch_err)
        return fs->watch_err;
    if (fs->nwatches == CFS_WATCHES)
        return -ENOSPC;
    strcpy(fs->watches[fs->nwatches].path, path);
    strcpy(fs->watches[fs->nwatches].token, token);
    fs->nwatches++;
    /* xenstored fires a new watch once at once. */
    cfs_fire(fs, path);
    return 0;
}

static int cfs_watch_fd(void *ctx)
{
    return ((struct cfs *)ctx)->pipe[0];
}

static int cfs_read_watch(void *ctx, char **path, char **token)
{
    struct cfs *fs = ctx;
    char c;

    if (fs->read_watch_err)
        return fs->read_watch_err;
    if (fs->lost) {
        fs->lost = false;
        return -ENOBUFS;
    }
    if (!fs->nev)
        return -EAGAIN;
    *path = strdup(fs->events[0].path);
    *token = strdup(fs->events[0].token);
    memmove(fs->events, fs->events + 1, (size_t)--fs->nev * sizeof(fs->events[0]));
    if (read(fs->pipe[0], &c, 1) != 1)
        CU_FAIL("fake watch pipe empty");
    return 0;
}

void cfs_init(struct cfs *fs)
{
    memset(fs, 0, sizeof(*fs));
    CU_ASSERT_FATAL(pipe2(fs->pipe, O_NONBLOCK | O_CLOEXEC) == 0);
    fs->s = (struct xcd_store){
        .ctx = fs, .read = cfs_read, .write = cfs_write, .rm = cfs_rm_op,
        .directory = cfs_directory, .watch = cfs_watch, .watch_fd = cfs_watch_fd,
        .read_watch = cfs_read_watch,
    };
    cfs_set(fs, "/local", "");
    cfs_set(fs, "/local/domain", "");
    cfs_set(fs, "/local/domain/0", "");
    cfs_set(fs, "/local/domain/0/name", "Domain-0");
}

void cfs_fini(struct cfs *fs)
{
    close(fs->pipe[0]);
    close(fs->pipe[1]);
}

/* ---- the daemon on both ---- */

int ct_start(struct ct *t)
{
    struct xcd_config cfg = { 0 };
    int rc;

    memset(t, 0, sizeof(*t));
    cfx_init(&t->fx);
    cfs_init(&t->fs);
    strcpy(t->dir, "/tmp/xcd-test-XXXXXX");
    if (!mkdtemp(t->dir))
        return -errno;
    cfg.log_dir = t->dir;
    cfg.xen = &t->fx.x;
    cfg.store = &t->fs.s;
    rc = xcd_init(&t->d, &cfg);
    t->up = rc == 0;
    return rc;
}

static int rm_entry(const char *path, const struct stat *st, int flag, struct FTW *f)
{
    (void)st;
    (void)flag;
    (void)f;
    return remove(path);
}

void ct_stop(struct ct *t)
{
    if (t->up)
        xcd_fini(&t->d);
    t->up = false;
    nftw(t->dir, rm_entry, 8, FTW_DEPTH | FTW_PHYS);
    cfs_fini(&t->fs);
    cfx_fini(&t->fx);
}

void ct_round(struct ct *t)
{
    CU_ASSERT_EQUAL(xcd_poll_once(&t->d, 0), 0);
}

struct xencons_interface *ct_add_domain(struct ct *t, uint16_t domid,
                                        const char *name, unsigned int port,
                                        uint64_t gfn)
{
    struct xencons_interface *r = cfx_add_guest(&t->fx, domid, gfn);
    char path[96], value[32];

    snprintf(path, sizeof(path), "/local/domain/%u", domid);
    cfs_set(&t->fs, path, "");
    snprintf(path, sizeof(path), "/local/domain/%u/name", domid);
    cfs_set(&t->fs, path, name);
    snprintf(path, sizeof(path), "/local/domain/%u/console/type", domid);
    cfs_set(&t->fs, path, "xenconsoled");
    snprintf(path, sizeof(path), "/local/domain/%u/console/port", domid);
    snprintf(value, sizeof(value), "%u", port);
    cfs_set(&t->fs, path, value);
    snprintf(path, sizeof(path), "/local/domain/%u/console/ring-ref", domid);
    snprintf(value, sizeof(value), "%llu", (unsigned long long)gfn);
    cfs_set(&t->fs, path, value);
    cfs_fire(&t->fs, "@introduceDomain");
    return r;
}

void ct_remove_domain(struct ct *t, uint16_t domid)
{
    char path[32];

    snprintf(path, sizeof(path), "/local/domain/%u", domid);
    cfs_rm(&t->fs, path);
    cfs_fire(&t->fs, "@releaseDomain");
}

struct xcd_dom *ct_dom(struct ct *t, uint16_t domid)
{
    for (struct xcd_dom *dom = t->d.doms; dom; dom = dom->next)
        if (dom->domid == domid)
            return dom;
    return NULL;
}

void ct_guest_print(struct xencons_interface *r, const char *s)
{
    uint32_t prod = r->out_prod;
    size_t len = strlen(s);

    CU_ASSERT_FATAL(prod - r->out_cons + len <= XENCONS_OUT_SIZE);
    for (size_t i = 0; i < len; i++)
        r->out[(prod + i) & (XENCONS_OUT_SIZE - 1)] = s[i];
    __atomic_store_n(&r->out_prod, prod + (uint32_t)len, __ATOMIC_RELEASE);
}

size_t ct_guest_read(struct xencons_interface *r, char *buf, size_t size)
{
    size_t n = 0;

    while (r->in_cons != r->in_prod && n + 1 < size)
        buf[n++] = r->in[r->in_cons++ & (XENCONS_IN_SIZE - 1)];
    buf[n] = '\0';
    return n;
}

long ct_read_file(const char *dir, const char *name, char *buf, size_t size)
{
    char path[256];
    ssize_t n;
    int fd;

    snprintf(path, sizeof(path), "%s/%s", dir, name);
    fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -errno;
    n = read(fd, buf, size - 1);
    close(fd);
    if (n < 0)
        return -errno;
    buf[n] = '\0';
    return (long)n;
}
