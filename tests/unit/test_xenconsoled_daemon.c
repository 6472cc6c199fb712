/* The daemon as a whole (dom0-tools/xenconsoled/daemon.c): start-up and
 * its failures, the loop's handling of device errors, log reopening and
 * stopping. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "unit.h"
#include "test_xenconsoled.h"

#define GFN 0x39000

static int start_cfg(struct cfx *fx, struct cfs *fs, struct xcd *d,
                     const char *dir)
{
    struct xcd_config cfg = { .log_dir = dir, .xen = &fx->x, .store = &fs->s };

    return xcd_init(d, &cfg);
}

static void test_init_sets_watches(void)
{
    struct ct t;

    CU_ASSERT_FATAL(ct_start(&t) == 0);
    CU_ASSERT_EQUAL(t.fs.nwatches, 2);
    CU_ASSERT_STRING_EQUAL(t.fs.watches[0].path, "@introduceDomain");
    CU_ASSERT_STRING_EQUAL(t.fs.watches[1].path, "@releaseDomain");
    CU_ASSERT_EQUAL(t.d.log_dir[0], '/');
    ct_stop(&t);
}

static void test_init_creates_log_dir(void)
{
    struct cfx fx;
    struct cfs fs;
    struct xcd d;
    char base[] = "/tmp/xcd-dir-XXXXXX", dir[96], rel[128];

    cfx_init(&fx);
    cfs_init(&fs);
    CU_ASSERT_FATAL(mkdtemp(base) != NULL);
    snprintf(dir, sizeof(dir), "%s/a/b", base);
    CU_ASSERT_EQUAL(start_cfg(&fx, &fs, &d, dir), 0);
    CU_ASSERT_STRING_EQUAL(d.log_dir, dir);
    xcd_fini(&d);
    /* A relative directory is kept as an absolute one. */
    CU_ASSERT_FATAL(getcwd(rel, sizeof(rel)) != NULL);
    CU_ASSERT_FATAL(chdir(base) == 0);
    CU_ASSERT_EQUAL(start_cfg(&fx, &fs, &d, "a"), 0);
    snprintf(dir, sizeof(dir), "%s/a", base);
    CU_ASSERT_STRING_EQUAL(d.log_dir, dir);
    xcd_fini(&d);
    CU_ASSERT_FATAL(chdir(rel) == 0);
    snprintf(dir, sizeof(dir), "rm -rf %s", base);
    CU_ASSERT(system(dir) == 0);
    cfs_fini(&fs);
    cfx_fini(&fx);
}

static void test_init_failures(void)
{
    struct cfx fx;
    struct cfs fs;
    struct xcd d;
    char file[] = "/tmp/xcd-file-XXXXXX", dir[64];
    int fd = mkstemp(file);

    CU_ASSERT_FATAL(fd >= 0);
    close(fd);
    cfx_init(&fx);
    cfs_init(&fs);
    CU_ASSERT_EQUAL(start_cfg(&fx, &fs, &d, file), -ENOTDIR);
    snprintf(dir, sizeof(dir), "%s/sub", file);
    CU_ASSERT_EQUAL(start_cfg(&fx, &fs, &d, dir), -ENOTDIR);
    CU_ASSERT_EQUAL(start_cfg(&fx, &fs, &d, ""), -EINVAL);
    fs.watch_err = -EACCES;
    CU_ASSERT_EQUAL(start_cfg(&fx, &fs, &d, "/tmp"), -EACCES);
    cfs_fini(&fs);
    cfx_fini(&fx);
    unlink(file);
}

/* The event channel device failing is the end of the daemon's loop. */
static void test_event_device_error(void)
{
    struct ct t;

    CU_ASSERT_FATAL(ct_start(&t) == 0);
    ct_add_domain(&t, 5, "x", 2, GFN);
    ct_round(&t);
    cfx_kick(&t.fx, 5);
    t.fx.pending_err = -EBADF;
    CU_ASSERT_EQUAL(xcd_poll_once(&t.d, 0), -EBADF);
    t.fx.pending_err = 0;
    ct_stop(&t);
}

/* The store connection failing ends it too. */
static void test_store_error(void)
{
    struct ct t;

    CU_ASSERT_FATAL(ct_start(&t) == 0);
    t.fs.read_watch_err = -EIO;
    CU_ASSERT_EQUAL(xcd_poll_once(&t.d, 0), -EIO);
    ct_stop(&t);
}

/* Events were lost in the device: every domain is looked at. */
static void test_event_overflow(void)
{
    struct ct t;
    struct xencons_interface *a, *b;

    CU_ASSERT_FATAL(ct_start(&t) == 0);
    a = ct_add_domain(&t, 1, "a", 2, GFN);
    b = ct_add_domain(&t, 2, "b", 2, GFN + 1);
    ct_round(&t);
    ct_guest_print(a, "aaa");
    ct_guest_print(b, "bbb");
    t.fx.pending_err = -EOVERFLOW;
    CU_ASSERT_FATAL(write(t.fx.pipe[1], "e", 1) == 1);
    /* The fake keeps failing: the loop's budget must end the round. */
    CU_ASSERT_EQUAL(xcd_poll_once(&t.d, 0), 0);
    t.fx.pending_err = 0;
    CU_ASSERT_EQUAL(a->out_cons, a->out_prod);
    CU_ASSERT_EQUAL(b->out_cons, b->out_prod);
    ct_stop(&t);
}

static void test_reopen_logs(void)
{
    struct ct t;
    struct xencons_interface *r;
    char old[128], buf[160];

    CU_ASSERT_FATAL(ct_start(&t) == 0);
    r = ct_add_domain(&t, 5, "rot", 2, GFN);
    ct_round(&t);
    ct_guest_print(r, "before\n");
    cfx_kick(&t.fx, 5);
    ct_round(&t);
    snprintf(old, sizeof(old), "%s/guest-rot.log", t.dir);
    snprintf(buf, sizeof(buf), "%s.1", old);
    CU_ASSERT_FATAL(rename(old, buf) == 0);
    xcd_reopen_logs(&t.d);
    ct_guest_print(r, "after\n");
    cfx_kick(&t.fx, 5);
    ct_round(&t);
    CU_ASSERT(ct_read_file(t.dir, "guest-rot.log", buf, sizeof(buf)) > 0);
    CU_ASSERT_STRING_EQUAL(buf, "after\n");
    CU_ASSERT(ct_read_file(t.dir, "guest-rot.log.1", buf, sizeof(buf)) > 0);
    CU_ASSERT_STRING_EQUAL(buf, "before\n");
    ct_stop(&t);
}

/* Stopping lets every domain go, taking their last output. */
static void test_fini_lets_go(void)
{
    struct ct t;
    struct xencons_interface *r;
    char buf[64];

    CU_ASSERT_FATAL(ct_start(&t) == 0);
    r = ct_add_domain(&t, 5, "a", 2, GFN);
    ct_add_domain(&t, 6, "b", 2, GFN + 1);
    ct_round(&t);
    ct_guest_print(r, "tail");
    xcd_fini(&t.d);
    t.up = false;
    CU_ASSERT_EQUAL(t.fx.guests[0].maps + t.fx.guests[1].maps, 0);
    CU_ASSERT_EQUAL(cfx_port(&t.fx, 5), -1);
    CU_ASSERT_EQUAL(cfx_port(&t.fx, 6), -1);
    CU_ASSERT_PTR_NULL(cfs_get(&t.fs, "/local/domain/5/console/tty"));
    CU_ASSERT(ct_read_file(t.dir, "guest-a.log", buf, sizeof(buf)) > 0);
    CU_ASSERT_STRING_EQUAL(buf, "tail");
    ct_stop(&t);
}

/* An event for a port nobody owns (unbound meanwhile) is ignored. */
static void test_stray_event(void)
{
    struct ct t;

    CU_ASSERT_FATAL(ct_start(&t) == 0);
    t.fx.queue[t.fx.nq++] = 17;
    CU_ASSERT_FATAL(write(t.fx.pipe[1], "e", 1) == 1);
    ct_round(&t);
    CU_ASSERT_EQUAL(t.fx.nq, 0);
    ct_stop(&t);
}

/* The loop sleeps no longer than asked when nothing happens. */
static void test_poll_waits(void)
{
    struct ct t;
    uint64_t t0;

    CU_ASSERT_FATAL(ct_start(&t) == 0);
    ct_round(&t);
    t0 = xcd_now_ms();
    CU_ASSERT_EQUAL(xcd_poll_once(&t.d, 30), 0);
    CU_ASSERT(xcd_now_ms() - t0 >= 25);
    CU_ASSERT(xcd_now_ms() - t0 < 1000);
    ct_stop(&t);
}

UNIT_SUITE(xenconsoled_daemon,
           UNIT_TEST(test_init_sets_watches), UNIT_TEST(test_init_creates_log_dir),
           UNIT_TEST(test_init_failures), UNIT_TEST(test_event_device_error),
           UNIT_TEST(test_store_error), UNIT_TEST(test_event_overflow),
           UNIT_TEST(test_reopen_logs), UNIT_TEST(test_fini_lets_go),
           UNIT_TEST(test_stray_event), UNIT_TEST(test_poll_waits))
