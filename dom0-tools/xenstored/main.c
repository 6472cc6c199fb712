/* Keel's xenstored.
 *
 * Design, in short:
 * - The store (store.c) is a tree of nodes; each node links to its
 *   parent and its children (a list in creation order, the order
 *   DIRECTORY answers in), and one hash table keyed by (parent, name)
 *   finds a child in O(1). Permission sets are shared, reference-counted
 *   and immutable, so 100,000 nodes under one owner share one set.
 *   Every change stamps the node with the next store generation.
 * - Transactions (txn.c, txn_ops.c) are overlays: the paths they touched
 *   with the generation seen then, plus private copies of what they
 *   changed. Commit checks the generations (EAGAIN on any difference)
 *   and replays the overlay onto the store.
 * - Connections (conn.c) frame requests and queue replies and watch
 *   events; the transports are sockets (conn_socket.c) and shared rings
 *   (conn_ring.c) reached through the xenif table (xenif.h), which unit
 *   tests replace with in-memory fakes. Permissions: owner plus n/r/w/b
 *   per domain (perms.c), checked in ops.c for every domain but dom0;
 *   quotas per domain (xsd.h struct xs_quota), dom0 exempt by default.
 * - One poll() loop (daemon.c) serves everything; all sockets are
 *   non-blocking, each round serves a bounded number of requests per
 *   client, and connections are freed only between rounds.
 * - Initial contents are Xen's own: "/", "/tool", "/tool/xenstored" and
 *   the special nodes @introduceDomain and @releaseDomain, all owned by
 *   dom0 with no access for others. /local/domain/0 (name "Domain-0",
 *   domid) is left to dom0's init scripts, as with Xen's xenstored. */

/* This file: the command line, daemon setup and the main loop. The
 * options are one table (name, argument, help, what it sets) from which
 * both getopt_long's list and --help are made. */
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
#include <libgen.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "xenif.h"
#include "xsd.h"

#define DEFAULT_SOCKET "/run/xenstored/socket"

struct options {
    struct xsd_config cfg;
    bool foreground;
    bool no_rings;
    const char *pid_file;
};

typedef int (*opt_fn)(struct options *o, const char *arg);

static int set_uint(const char *arg, unsigned int *out)
{
    char *end;
    unsigned long v = strtoul(arg, &end, 10);

    if (!*arg || *end || v > UINT_MAX)
        return -EINVAL;
    *out = (unsigned int)v;
    return 0;
}

static int o_socket(struct options *o, const char *a) { o->cfg.socket_path = a; return 0; }
static int o_log(struct options *o, const char *a) { o->cfg.log_dest = a; return 0; }
static int o_verbose(struct options *o, const char *a) { (void)a; o->cfg.log_level++; return 0; }
static int o_norings(struct options *o, const char *a) { (void)a; o->no_rings = true; return 0; }
static int o_fg(struct options *o, const char *a) { (void)a; o->foreground = true; return 0; }
static int o_daemon(struct options *o, const char *a) { (void)a; o->foreground = false; return 0; }
static int o_pid(struct options *o, const char *a) { o->pid_file = a; return 0; }
static int o_qnodes(struct options *o, const char *a) { return set_uint(a, &o->cfg.quota.nodes); }
static int o_qwatch(struct options *o, const char *a) { return set_uint(a, &o->cfg.quota.watches); }
static int o_qtxn(struct options *o, const char *a) { return set_uint(a, &o->cfg.quota.txns); }
static int o_qsize(struct options *o, const char *a) { return set_uint(a, &o->cfg.quota.value_size); }
static int o_qout(struct options *o, const char *a) { return set_uint(a, &o->cfg.quota.outstanding); }
static int o_qperm(struct options *o, const char *a) { return set_uint(a, &o->cfg.quota.perms); }
static int o_qtxnodes(struct options *o, const char *a) { return set_uint(a, &o->cfg.quota.tx_nodes); }
static int o_qdom0(struct options *o, const char *a) { (void)a; o->cfg.quota.dom0_exempt = false; return 0; }

static int o_outlimit(struct options *o, const char *a)
{
    unsigned int v = 0;
    int rc = set_uint(a, &v);

    o->cfg.out_limit = v;
    return rc;
}

static const struct opt {
    const char *name;
    char letter;
    const char *arg;            /* NULL: takes no argument */
    opt_fn fn;
    const char *help;
} opts[] = {
    { "socket", 's', "PATH", o_socket, "listen on PATH (default " DEFAULT_SOCKET ")" },
    { "log", 'l', "DEST", o_log, "log to file DEST, '-' (stderr) or 'syslog' (default: syslog; stderr with --foreground)" },
    { "verbose", 'v', NULL, o_verbose, "log more: once for details, twice for every request" },
    { "no-domain-rings", 'N', NULL, o_norings, "serve the socket only: no /proc/xen or /dev/xen (host tests)" },
    { "foreground", 'F', NULL, o_fg, "stay in the foreground" },
    { "daemon", 'D', NULL, o_daemon, "detach and run in the background (default)" },
    { "pid-file", 'p', "FILE", o_pid, "write the daemon's pid to FILE" },
    { "quota-nodes", 0, "N", o_qnodes, "nodes a domain may own (default 1000, 0: no limit)" },
    { "quota-watches", 0, "N", o_qwatch, "watches per domain (default 128)" },
    { "quota-transactions", 0, "N", o_qtxn, "open transactions per domain (default 10)" },
    { "quota-value-size", 0, "BYTES", o_qsize, "bytes in one value (default 2048; over it: E2BIG)" },
    { "quota-outstanding", 0, "N", o_qout, "unread replies before a domain's requests wait (default 20)" },
    { "quota-perms", 0, "N", o_qperm, "entries in one permission list (default 5)" },
    { "quota-transaction-nodes", 0, "N", o_qtxnodes, "nodes one transaction may touch (default 1024)" },
    { "quota-dom0", 0, NULL, o_qdom0, "apply the quotas to dom0 (and socket clients) too" },
    { "output-limit", 0, "BYTES", o_outlimit, "bytes queued for one client before it is cut off (default 1 MiB)" },
    { "help", 'h', NULL, NULL, "show this help" },
};

#define NOPTS (sizeof(opts) / sizeof(opts[0]))

static void usage(FILE *fp)
{
    fprintf(fp, "Usage: xenstored [OPTION]...\n"
                "Keel's xenstore daemon: the Xen store protocol over a Unix socket\n"
                "and over the shared rings of dom0 and introduced domains.\n\n");
    for (size_t i = 0; i < NOPTS; i++) {
        char left[64];

        snprintf(left, sizeof(left), "%c%c%s --%s%s%s",
                 opts[i].letter ? '-' : ' ', opts[i].letter ? opts[i].letter : ' ',
                 opts[i].letter ? "," : " ", opts[i].name,
                 opts[i].arg ? " " : "", opts[i].arg ? opts[i].arg : "");
        fprintf(fp, "  %-34s %s\n", left, opts[i].help);
    }
    fprintf(fp, "\nSocket clients act as dom0. CONTROL commands: xenstore-control help.\n");
}

static int parse(int argc, char **argv, struct options *o)
{
    struct option lo[NOPTS + 1];
    char shorts[2 * NOPTS + 1];
    size_t ns = 0;
    int c, idx;

    memset(lo, 0, sizeof(lo));
    for (size_t i = 0; i < NOPTS; i++) {
        lo[i] = (struct option){ opts[i].name,
                                 opts[i].arg ? required_argument : no_argument,
                                 NULL, opts[i].letter ? opts[i].letter : 256 + (int)i };
        if (opts[i].letter) {
            shorts[ns++] = opts[i].letter;
            if (opts[i].arg)
                shorts[ns++] = ':';
        }
    }
    shorts[ns] = '\0';
    while ((c = getopt_long(argc, argv, shorts, lo, &idx)) != -1) {
        size_t i;

        for (i = 0; i < NOPTS; i++)
            if (c == (opts[i].letter ? opts[i].letter : 256 + (int)i))
                break;
        if (i == NOPTS)
            return -EINVAL;
        if (!opts[i].fn) {
            usage(stdout);
            exit(0);
        }
        if (opts[i].fn(o, optarg) < 0) {
            fprintf(stderr, "xenstored: bad value for --%s: %s\n", opts[i].name,
                    optarg);
            return -EINVAL;
        }
    }
    return optind == argc ? 0 : -EINVAL;
}

static volatile sig_atomic_t stop_signal;

static void on_signal(int sig)
{
    stop_signal = sig;
}

static void setup_signals(void)
{
    struct sigaction sa = { .sa_handler = on_signal };

    sigemptyset(&sa.sa_mask);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);
}

static int write_pid(const char *file)
{
    FILE *fp = fopen(file, "we");

    if (!fp)
        return -errno;
    fprintf(fp, "%d\n", (int)getpid());
    return fclose(fp) ? -errno : 0;
}

static void make_socket_dir(const char *path)
{
    char *copy = strdup(path);

    if (copy)
        (void)mkdir(dirname(copy), 0755);
    free(copy);
}

static int run(struct options *o)
{
    struct xenif *xi = NULL;
    struct xsd d;
    int rc;

    if (!o->no_rings) {
        xi = xenif_dev_open(&rc);
        if (!xi) {
            fprintf(stderr, "xenstored: /dev/xen/evtchn: %s (use --no-domain-rings"
                            " to serve the socket only)\n", strerror(-rc));
            return 1;
        }
    }
    o->cfg.xen = xi;
    make_socket_dir(o->cfg.socket_path);
    rc = xsd_init(&d, &o->cfg);
    if (rc < 0) {
        fprintf(stderr, "xenstored: cannot start: %s\n", strerror(-rc));
        xenif_dev_close(xi);
        return 1;
    }
    if (!o->foreground && daemon(0, 0) < 0) {
        xlog(&d.log, XLOG_ERR, "daemon: %s", strerror(errno));
        rc = -errno;
    }
    if (rc == 0 && o->pid_file && (rc = write_pid(o->pid_file)) < 0)
        xlog(&d.log, XLOG_ERR, "pid file %s: %s", o->pid_file, strerror(-rc));
    setup_signals();
    while (rc == 0 && !stop_signal)
        rc = xsd_poll_once(&d, 1000);
    if (rc < 0)
        xlog(&d.log, XLOG_ERR, "main loop: %s", strerror(-rc));
    xlog(&d.log, XLOG_INFO, "stopping (signal %d)", (int)stop_signal);
    xsd_fini(&d);
    xenif_dev_close(xi);
    if (o->pid_file)
        unlink(o->pid_file);
    return rc < 0 ? 1 : 0;
}

int main(int argc, char **argv)
{
    struct options o = { .cfg = { .socket_path = DEFAULT_SOCKET,
                                  .log_level = XLOG_INFO } };

    xsd_quota_defaults(&o.cfg.quota);
    for (int i = 1; i < argc; i++)
        if (!strcmp(argv[i], "-F") || !strcmp(argv[i], "--foreground"))
            o.cfg.log_dest = "-";
    if (!o.cfg.log_dest)
        o.cfg.log_dest = "syslog";
    if (parse(argc, argv, &o) < 0) {
        usage(stderr);
        return 2;
    }
    return run(&o);
}
