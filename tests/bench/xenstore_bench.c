/* Load generator for tests/bench/xenstore: operations per second and
 * latency (median, 99th percentile) over xenstored's socket for read,
 * write, directory, a transaction (start, write, commit) and watch
 * delivery (write on one client until the event arrives on another),
 * then the daemon's VmRSS with N nodes in the store.
 *   xenstore_bench SOCKET DAEMON-PID [NODES] [OPS] */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>
#include "public/io/xs_wire.h"

struct msg {
    struct xsd_sockmsg h;
    char body[XENSTORE_PAYLOAD_MAX + 1];
};

static double now_us(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

static int connect_to(const char *path)
{
    struct sockaddr_un sa = { .sun_family = AF_UNIX };
    int fd = socket(AF_UNIX, SOCK_STREAM, 0);

    snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", path);
    if (fd < 0 || connect(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
        perror("connect");
        exit(1);
    }
    return fd;
}

static void full(int fd, void *buf, size_t len, int rd)
{
    char *p = buf;

    while (len) {
        ssize_t n = rd ? read(fd, p, len) : write(fd, p, len);

        if (n <= 0) {
            perror(rd ? "read" : "write");
            exit(1);
        }
        p += n;
        len -= (size_t)n;
    }
}

static void recv_msg(int fd, struct msg *m)
{
    full(fd, &m->h, sizeof(m->h), 1);
    full(fd, m->body, m->h.len, 1);
    m->body[m->h.len] = '\0';
}

/* Sends a request; returns the reply (events before it are skipped). */
static void rpc(int fd, uint32_t type, uint32_t tx, const void *p, size_t len,
                struct msg *m)
{
    static uint32_t id;
    struct xsd_sockmsg h = { type, ++id, tx, (uint32_t)len };
    char buf[sizeof(h) + XENSTORE_PAYLOAD_MAX];

    memcpy(buf, &h, sizeof(h));
    memcpy(buf + sizeof(h), p, len);
    full(fd, buf, sizeof(h) + len, 0);
    do
        recv_msg(fd, m);
    while (m->h.type == XS_WATCH_EVENT);
    if (m->h.type == XS_ERROR) {
        fprintf(stderr, "request %u failed: %s\n", type, m->body);
        exit(1);
    }
}

static size_t pv(char *buf, const char *path, const char *val)
{
    size_t pl = strlen(path) + 1, vl = strlen(val);

    memcpy(buf, path, pl);
    memcpy(buf + pl, val, vl);
    return pl + vl;
}

static int cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;

    return x < y ? -1 : x > y;
}

static void report(const char *what, double *lat, int n, double total_us)
{
    qsort(lat, (size_t)n, sizeof(*lat), cmp);
    printf("%-12s %9.0f ops/s   median %7.1f us   p99 %7.1f us\n", what,
           n / (total_us / 1e6), lat[n / 2], lat[n * 99 / 100]);
}

typedef void (*op_fn)(int fd, int i, struct msg *m);

static void op_read(int fd, int i, struct msg *m)
{
    char path[64];
    int n = snprintf(path, sizeof(path), "/bench/k%d", i % 100);

    rpc(fd, XS_READ, 0, path, (size_t)n + 1, m);
}

static void op_write(int fd, int i, struct msg *m)
{
    char path[64], buf[128];

    snprintf(path, sizeof(path), "/bench/k%d", i % 100);
    rpc(fd, XS_WRITE, 0, buf, pv(buf, path, "value-of-some-length"), m);
}

static void op_dir(int fd, int i, struct msg *m)
{
    (void)i;
    rpc(fd, XS_DIRECTORY, 0, "/bench", 7, m);
}

static void op_txn(int fd, int i, struct msg *m)
{
    char path[64], buf[128];
    uint32_t tx;

    rpc(fd, XS_TRANSACTION_START, 0, "", 1, m);
    tx = (uint32_t)strtoul(m->body, NULL, 10);
    snprintf(path, sizeof(path), "/bench/t%d", i % 100);
    rpc(fd, XS_WRITE, tx, buf, pv(buf, path, "x"), m);
    rpc(fd, XS_TRANSACTION_END, tx, "T", 2, m);
}

static void run(const char *what, int fd, op_fn fn, int ops)
{
    double *lat = malloc(sizeof(double) * (size_t)ops), t0 = now_us();
    struct msg m;

    for (int i = 0; i < ops; i++) {
        double s = now_us();

        fn(fd, i, &m);
        lat[i] = now_us() - s;
    }
    report(what, lat, ops, now_us() - t0);
    free(lat);
}

static void watch_delivery(int wfd, int fd, int ops)
{
    double *lat = malloc(sizeof(double) * (size_t)ops), t0;
    struct msg m;
    char buf[128];

    rpc(wfd, XS_WATCH, 0, "/watched\0tok", 13, &m);
    recv_msg(wfd, &m);                  /* the first event */
    t0 = now_us();
    for (int i = 0; i < ops; i++) {
        double s = now_us();
        size_t len = pv(buf, "/watched/x", "1");
        struct xsd_sockmsg h = { XS_WRITE, 0, 0, (uint32_t)len };
        char req[256];

        memcpy(req, &h, sizeof(h));
        memcpy(req + sizeof(h), buf, len);
        full(fd, req, sizeof(h) + len, 0);
        recv_msg(wfd, &m);              /* the event */
        lat[i] = now_us() - s;
        recv_msg(fd, &m);               /* the writer's OK */
    }
    report("watch event", lat, ops, now_us() - t0);
    free(lat);
}

static long vmrss_kb(int pid)
{
    char path[64], line[256];
    long kb = -1;
    FILE *fp;

    snprintf(path, sizeof(path), "/proc/%d/status", pid);
    fp = fopen(path, "r");
    if (!fp)
        return -1;
    while (fgets(line, sizeof(line), fp))
        if (!strncmp(line, "VmRSS:", 6))
            kb = strtol(line + 6, NULL, 10);
    fclose(fp);
    return kb;
}

static void fill(int fd, int nodes)
{
    struct msg m;
    char path[96], buf[160];
    double t0 = now_us();

    /* 100 domains' worth of nodes, 10 levels of fan-out like a real store. */
    for (int i = 0; i < nodes; i++) {
        snprintf(path, sizeof(path), "/local/domain/%d/device/vbd/%d/key%d",
                 i / 1000, (i / 100) % 10, i % 100);
        rpc(fd, XS_WRITE, 0, buf, pv(buf, path, "some-value"), &m);
    }
    printf("fill         %9.0f writes/s (%d nodes, with their parents)\n",
           nodes / ((now_us() - t0) / 1e6), nodes);
}

int main(int argc, char **argv)
{
    int pid, nodes, ops, fd, wfd;
    long before, after;
    struct msg m;
    char buf[128];

    if (argc < 3) {
        fprintf(stderr, "usage: %s SOCKET DAEMON-PID [NODES] [OPS]\n", argv[0]);
        return 2;
    }
    pid = atoi(argv[2]);
    nodes = argc > 3 ? atoi(argv[3]) : 100000;
    ops = argc > 4 ? atoi(argv[4]) : 20000;
    fd = connect_to(argv[1]);
    wfd = connect_to(argv[1]);
    for (int i = 0; i < 100; i++) {
        char path[64];

        snprintf(path, sizeof(path), "/bench/k%d", i);
        rpc(fd, XS_WRITE, 0, buf, pv(buf, path, "initial"), &m);
    }
    run("read", fd, op_read, ops);
    run("write", fd, op_write, ops);
    run("directory", fd, op_dir, ops);
    run("transaction", fd, op_txn, ops / 4);
    watch_delivery(wfd, fd, ops);
    before = vmrss_kb(pid);
    fill(fd, nodes);
    after = vmrss_kb(pid);
    printf("VmRSS        %ld KiB before, %ld KiB with %d more nodes (%.0f bytes/node)\n",
           before, after, nodes, (double)(after - before) * 1024.0 / nodes);
    run("read@100k", fd, op_read, ops);
    close(fd);
    close(wfd);
    return 0;
}
