/* Shared by the xenconsoled unit tests: a fake Xen (console pages in
 * anonymous memory that a test can make vanish, event channels in a
 * table, events queued behind a pipe so poll() sees them), a fake store
 * (nodes, watches and their events), and a daemon run on both with its
 * logs in a temporary directory. Nothing here waits: a test calls the
 * daemon's loop with a zero timeout after each step. */
#ifndef TEST_XENCONSOLED_H
#define TEST_XENCONSOLED_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include "../../dom0-tools/xenconsoled/store.h"
#include "../../dom0-tools/xenconsoled/xcd.h"
#include "../../dom0-tools/xenconsoled/xenif.h"
#include "public/io/console.h"

#define CFX_GUESTS 8
#define CFX_PORTS  32
#define CFX_QUEUE  64

struct cfx {
    struct xcd_xen x;
    int pipe[2];
    struct {
        uint16_t domid;
        struct xencons_interface *page;     /* a whole page, mmap()ed */
        uint64_t gfn;
        int state;                          /* XCD_GUEST_* or -errno */
        bool vanished;
        unsigned int maps;                  /* mappings held */
    } guests[CFX_GUESTS];
    struct {
        bool live;
        uint16_t domid;
        unsigned int remote;
        unsigned int notifies;
        bool dead;                          /* notify fails with -ENODEV */
    } ports[CFX_PORTS];                      /* local port = index + 1 */
    int queue[CFX_QUEUE];
    int nq;
    int map_err, bind_err, pending_err;     /* forced failures */
    unsigned int maps_made, binds_made;
};

#define CFS_NODES   128
#define CFS_WATCHES 8
#define CFS_EVENTS  32

struct cfs {
    struct xcd_store s;
    int pipe[2];
    struct { char path[128]; char value[128]; } nodes[CFS_NODES];
    int nnodes;
    struct { char path[64]; char token[32]; } watches[CFS_WATCHES];
    int nwatches;
    struct { char path[64]; char token[32]; } events[CFS_EVENTS];
    int nev;
    int dir_err, watch_err, read_watch_err, write_err;   /* forced */
    bool lost;                              /* next read_watch: -ENOBUFS */
};

struct ct {
    struct cfx fx;
    struct cfs fs;
    struct xcd d;
    char dir[64];
    bool up;
};

void cfx_init(struct cfx *fx);
void cfx_fini(struct cfx *fx);
/* A guest page for domid, found at gfn; zeroed. */
struct xencons_interface *cfx_add_guest(struct cfx *fx, uint16_t domid,
                                       uint64_t gfn);
int cfx_guest(struct cfx *fx, uint16_t domid);
/* The local port bound to domid, or -1. */
int cfx_port(struct cfx *fx, uint16_t domid);
/* The guest signals its console port. */
void cfx_kick(struct cfx *fx, uint16_t domid);
/* The page leaves the address space (accesses fault) and the event
 * channel dies (notify: -ENODEV). */
void cfx_vanish(struct cfx *fx, uint16_t domid);

void cfs_init(struct cfs *fs);
void cfs_fini(struct cfs *fs);
int cfs_set(struct cfs *fs, const char *path, const char *value);
const char *cfs_get(const struct cfs *fs, const char *path);
void cfs_rm(struct cfs *fs, const char *path);
/* Queues an event for every watch on path (xenstored firing it). */
void cfs_fire(struct cfs *fs, const char *path);

/* Fakes, a temporary log directory and a daemon on them; 0 or -errno. */
int ct_start(struct ct *t);
void ct_stop(struct ct *t);
/* One round of the daemon's loop without waiting; asserts it went well. */
void ct_round(struct ct *t);
/* What the toolstack does for a new guest: its page, its nodes, then
 * @introduceDomain. Returns the page. */
struct xencons_interface *ct_add_domain(struct ct *t, uint16_t domid,
                                        const char *name, unsigned int port,
                                        uint64_t gfn);
/* What xl destroy does: the nodes go, then @releaseDomain. */
void ct_remove_domain(struct ct *t, uint16_t domid);
/* The guest prints s (as hvc_xen: out[] then out_prod). */
void ct_guest_print(struct xencons_interface *r, const char *s);
/* The guest reads what was typed, up to size - 1 bytes, NUL-terminated. */
size_t ct_guest_read(struct xencons_interface *r, char *buf, size_t size);
/* The whole of a file, NUL-terminated in buf; bytes read or -errno. */
long ct_read_file(const char *dir, const char *name, char *buf, size_t size);
struct xcd_dom *ct_dom(struct ct *t, uint16_t domid);
/* Keel's xenstored listening on sock, in a child process (kill it). */
pid_t ct_run_xenstored(const char *sock);

#endif
