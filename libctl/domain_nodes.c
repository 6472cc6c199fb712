/* A new domain's xenstore entries, as libxl writes them for an arm PVH
 * guest (see xenstore-ls-f.txt / -p.txt in the design references): the
 * domain's directory is dom0's and readable by the guest ("n0,r<id>"),
 * with the few nodes the guest itself writes owned by it ("n<id>"). New
 * nodes take their parent's permissions, so each directory gets its
 * permissions before its children are written. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <time.h>
#include "domain.h"

#define CONSOLE_LIMIT 1048576   /* bytes xenconsoled keeps per guest */
#define PATH_LEN 256

/* Each call does nothing once one has failed, so the writers below are
 * flat lists. */
struct nw {
    struct lc_store *s;
    uint32_t tx;
    int err;
    char base[PATH_LEN];
};

static int path_of(struct nw *w, const char *rel, char *out)
{
    int n = snprintf(out, PATH_LEN, "%s%s%s", w->base, *rel ? "/" : "", rel);

    return n < 0 || n >= PATH_LEN ? -ENAMETOOLONG : 0;
}

static void nw_write(struct nw *w, const char *rel, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void nw_write(struct nw *w, const char *rel, const char *fmt, ...)
{
    char path[PATH_LEN], value[PATH_LEN];
    va_list ap;
    int n;

    if (w->err || (w->err = path_of(w, rel, path)))
        return;
    va_start(ap, fmt);
    n = vsnprintf(value, sizeof(value), fmt, ap);
    va_end(ap);
    w->err = n < 0 || (size_t)n >= sizeof(value) ? -E2BIG
                                                  : lc_store_write(w->s, w->tx, path, value);
}

static void nw_perms(struct nw *w, const char *rel, unsigned owner, int reader)
{
    char path[PATH_LEN];

    if (w->err || (w->err = path_of(w, rel, path)))
        return;
    w->err = lc_store_perms(w->s, w->tx, path, owner, reader);
}

/* A directory and its permissions. */
static void nw_dir(struct nw *w, const char *rel, unsigned owner, int reader)
{
    char path[PATH_LEN];

    if (w->err || (w->err = path_of(w, rel, path)))
        return;
    w->err = lc_store_mkdir(w->s, w->tx, path);
    nw_perms(w, rel, owner, reader);
}

/* A node the guest owns, empty to start with. */
static void nw_guest_node(struct nw *w, const char *rel, unsigned domid)
{
    nw_write(w, rel, "%s", "");
    nw_perms(w, rel, domid, -1);
}

static void nw_base(struct nw *w, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void nw_base(struct nw *w, const char *fmt, ...)
{
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vsnprintf(w->base, sizeof(w->base), fmt, ap);
    va_end(ap);
    if (!w->err && (n < 0 || (size_t)n >= sizeof(w->base)))
        w->err = -ENAMETOOLONG;
}

static void write_console_store(struct nw *w, const struct lc_domain_nodes *n)
{
    nw_write(w, "console/port", "%u", n->console_port);
    nw_write(w, "console/ring-ref", "%llu", (unsigned long long)n->console_gfn);
    nw_write(w, "console/type", "xenconsoled");
    nw_write(w, "console/output", "pty");
    nw_write(w, "console/limit", "%u", CONSOLE_LIMIT);
    nw_write(w, "store/port", "%u", n->store_port);
    nw_write(w, "store/ring-ref", "%llu", (unsigned long long)n->store_gfn);
}

static void write_control(struct nw *w, unsigned id)
{
    static const char *const guest_dirs[] = { "data", "attr", "drivers", "error",
                                              "feature" };

    nw_dir(w, "control", 0, (int)id);
    nw_write(w, "control/platform-feature-multiprocessor-suspend", "1");
    nw_write(w, "control/platform-feature-xs_reset_watches", "1");
    nw_guest_node(w, "control/shutdown", id);
    nw_guest_node(w, "control/sysrq", id);
    for (size_t i = 0; i < sizeof(guest_dirs) / sizeof(guest_dirs[0]); i++)
        nw_dir(w, guest_dirs[i], id, -1);
    nw_dir(w, "device", 0, (int)id);
    nw_guest_node(w, "device/suspend/event-channel", id);
}

static void write_domain_dir(struct nw *w, const struct lc_domain_nodes *n)
{
    char cpu[32];

    nw_base(w, "/local/domain/%u", n->domid);
    if (!w->err)
        w->err = lc_store_rm(w->s, w->tx, w->base);    /* a stale one */
    nw_dir(w, "", 0, n->domid);
    nw_write(w, "name", "%s", n->name);
    nw_write(w, "domid", "%u", n->domid);
    nw_write(w, "vm", "/vm/%s", n->uuid);
    nw_write(w, "memory/static-max", "%llu", (unsigned long long)n->max_memory_kb);
    nw_write(w, "memory/target", "%llu", (unsigned long long)n->memory_kb);
    for (unsigned i = 0; i < n->vcpus; i++) {
        snprintf(cpu, sizeof(cpu), "cpu/%u/availability", i);
        nw_write(w, cpu, "online");
    }
    write_console_store(w, n);
    write_control(w, n->domid);
}

static void write_vm_dir(struct nw *w, const struct lc_domain_nodes *n)
{
    struct timespec now;

    clock_gettime(CLOCK_REALTIME, &now);
    nw_base(w, "/vm/%s", n->uuid);
    nw_dir(w, "", 0, n->domid);
    nw_write(w, "name", "%s", n->name);
    nw_write(w, "uuid", "%s", n->uuid);
    nw_write(w, "start_time", "%lld.%02ld", (long long)now.tv_sec,
             now.tv_nsec / 10000000);
}

static void write_libxl_dir(struct nw *w, const struct lc_domain_nodes *n)
{
    nw_base(w, "/libxl/%u", n->domid);
    nw_dir(w, "", 0, -1);
    nw_write(w, "type", "pvh");
    nw_write(w, "dm-version", "qemu_xen");
}

static int write_all(struct lc_store *s, uint32_t tx, void *arg)
{
    const struct lc_domain_nodes *n = arg;
    struct nw w = { .s = s, .tx = tx };

    write_domain_dir(&w, n);
    write_vm_dir(&w, n);
    write_libxl_dir(&w, n);
    return w.err;
}

int lc_domain_nodes_write(struct lc_store *s, const struct lc_domain_nodes *n)
{
    return lc_store_transact(s, write_all, (void *)n);
}

int lc_domain_nodes_remove(struct lc_store *s, uint16_t domid, const char *vm_path)
{
    char path[PATH_LEN];
    int rc, first;

    snprintf(path, sizeof(path), "/local/domain/%u", domid);
    first = lc_store_rm(s, XS_TX_NONE, path);
    if (vm_path) {
        rc = lc_store_rm(s, XS_TX_NONE, vm_path);
        first = first ? first : rc;
    }
    snprintf(path, sizeof(path), "/libxl/%u", domid);
    rc = lc_store_rm(s, XS_TX_NONE, path);
    return first ? first : rc;
}
