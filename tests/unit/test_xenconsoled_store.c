/* The store through libctl's client (dom0-tools/xenconsoled/store_xs.c),
 * against Keel's real xenstored run in a child process, and the daemon
 * finding a domain there. */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include "unit.h"
#include "libctl.h"
#include "test_xenconsoled.h"

struct real {
    char dir[64];
    char sock[96];
    pid_t pid;
    struct xs_conn *tool;       /* the toolstack's own connection */
};

static void real_start(struct real *r)
{
    int err = 0;

    strcpy(r->dir, "/tmp/xcd-xs-XXXXXX");
    CU_ASSERT_FATAL(mkdtemp(r->dir) != NULL);
    snprintf(r->sock, sizeof(r->sock), "%s/socket", r->dir);
    r->pid = ct_run_xenstored(r->sock);
    CU_ASSERT_FATAL(r->pid > 0);
    for (int i = 0; i < 500 && access(r->sock, F_OK); i++)
        usleep(2000);
    r->tool = xs_open(r->sock, &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(r->tool);
    CU_ASSERT_EQUAL(xs_write(r->tool, XS_TX_NONE, "/local/domain/0/name",
                             "Domain-0", 8), 0);
}

static void real_kill(struct real *r)
{
    if (r->pid > 0) {
        kill(r->pid, SIGKILL);
        waitpid(r->pid, NULL, 0);
    }
    r->pid = 0;
}

static void real_stop(struct real *r)
{
    xs_close(r->tool);
    real_kill(r);
    unlink(r->sock);
    rmdir(r->dir);
}

static void tool_write(struct real *r, const char *path, const char *value)
{
    CU_ASSERT_EQUAL(xs_write(r->tool, XS_TX_NONE, path, value, strlen(value)), 0);
}

static void test_store_calls(void)
{
    struct real r;
    struct xcd_store *s;
    char *v = NULL, **names = NULL, *path = NULL, *token = NULL;
    struct pollfd pfd = { .events = POLLIN };
    unsigned n = 0;
    int err = 0;

    real_start(&r);
    s = store_xs_open(r.sock, &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    CU_ASSERT_EQUAL(s->write(s->ctx, "/local/domain/3/console/tty", "/dev/pts/9"), 0);
    CU_ASSERT_EQUAL(s->read(s->ctx, "/local/domain/3/console/tty", &v), 0);
    CU_ASSERT_STRING_EQUAL(v, "/dev/pts/9");
    free(v);
    CU_ASSERT_EQUAL(s->directory(s->ctx, "/local/domain", &names, &n), 0);
    CU_ASSERT_EQUAL(n, 2);
    free(names);
    CU_ASSERT_EQUAL(s->rm(s->ctx, "/local/domain/3/console/tty"), 0);
    CU_ASSERT_EQUAL(s->read(s->ctx, "/local/domain/3/console/tty", &v), -ENOENT);
    CU_ASSERT_EQUAL(s->directory(s->ctx, "/nowhere", &names, &n), -ENOENT);
    /* Watches: the first firing, then nothing waiting (without blocking). */
    pfd.fd = s->watch_fd(s->ctx);
    CU_ASSERT(pfd.fd >= 0);
    CU_ASSERT_EQUAL(s->watch(s->ctx, "@releaseDomain", "release"), 0);
    CU_ASSERT_EQUAL(poll(&pfd, 1, 5000), 1);
    CU_ASSERT_EQUAL_FATAL(s->read_watch(s->ctx, &path, &token), 0);
    CU_ASSERT_STRING_EQUAL(path, "@releaseDomain");
    CU_ASSERT_STRING_EQUAL(token, "release");
    free(path);
    free(token);
    CU_ASSERT_EQUAL(s->read_watch(s->ctx, &path, &token), -EAGAIN);
    store_xs_close(s);
    store_xs_close(NULL);
    real_stop(&r);
}

static void test_store_open_fails(void)
{
    int err = 0;

    CU_ASSERT_PTR_NULL(store_xs_open("/nonexistent/socket", &err));
    CU_ASSERT(err < 0);
}

static int settle(struct xcd *d, int rounds)
{
    int rc = 0;

    for (int i = 0; i < rounds && rc == 0; i++)
        rc = xcd_poll_once(d, 20);
    return rc;
}

/* A domain written by the toolstack is found, its tty published in the
 * real store, its output logged; it goes when its nodes go; and the
 * daemon's loop ends, not hangs, when xenstored dies. */
static void test_daemon_on_real_store(void)
{
    struct real r;
    struct cfx fx;
    struct xcd d;
    struct xcd_store *s;
    struct xencons_interface *ring;
    char logs[] = "/tmp/xcd-xsl-XXXXXX", *v = NULL, buf[64], cmd[64];
    int err = 0;

    real_start(&r);
    cfx_init(&fx);
    ring = cfx_add_guest(&fx, 5, 233472);
    s = store_xs_open(r.sock, &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    CU_ASSERT_FATAL(mkdtemp(logs) != NULL);
    struct xcd_config cfg = { .log_dir = logs, .xen = &fx.x, .store = s };
    CU_ASSERT_EQUAL_FATAL(xcd_init(&d, &cfg), 0);
    CU_ASSERT_EQUAL(settle(&d, 3), 0);
    tool_write(&r, "/local/domain/5/name", "real");
    tool_write(&r, "/local/domain/5/console/type", "xenconsoled");
    tool_write(&r, "/local/domain/5/console/port", "2");
    tool_write(&r, "/local/domain/5/console/ring-ref", "233472");
    ct_guest_print(ring, "hello from a real store\n");
    d.next_scan_ms = 0;         /* INTRODUCE needs a ring: use the timer */
    CU_ASSERT_EQUAL(settle(&d, 3), 0);
    CU_ASSERT_EQUAL(xs_read(r.tool, XS_TX_NONE, "/local/domain/5/console/tty",
                            &v, NULL), 0);
    CU_ASSERT(v && !strncmp(v, "/dev/pts/", 9));
    free(v);
    CU_ASSERT(ct_read_file(logs, "guest-real.log", buf, sizeof(buf)) > 0);
    CU_ASSERT_STRING_EQUAL(buf, "hello from a real store\n");
    CU_ASSERT_EQUAL(xs_rm(r.tool, XS_TX_NONE, "/local/domain/5"), 0);
    d.next_scan_ms = 0;
    CU_ASSERT_EQUAL(settle(&d, 1), 0);
    CU_ASSERT_PTR_NULL(d.doms);
    CU_ASSERT_EQUAL(fx.guests[0].maps, 0);
    real_kill(&r);
    d.next_scan_ms = 0;
    CU_ASSERT(settle(&d, 20) < 0);
    xcd_fini(&d);
    store_xs_close(s);
    real_stop(&r);
    cfx_fini(&fx);
    snprintf(cmd, sizeof(cmd), "rm -rf %s", logs);
    CU_ASSERT(system(cmd) == 0);
}

UNIT_SUITE(xenconsoled_store,
           UNIT_TEST(test_store_calls), UNIT_TEST(test_store_open_fails),
           UNIT_TEST(test_daemon_on_real_store))
