/* One domain's console through the daemon (dom0-tools/xenconsoled/
 * domain.c and domain_io.c) on the fakes: connecting, output to the log
 * file and the pty, input from the pty, and every way a guest can break
 * its console. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "unit.h"
#include "test_xenconsoled.h"

#define GFN 0x39000

static int open_tty(struct ct *t, uint16_t domid)
{
    char path[64];
    const char *tty;

    snprintf(path, sizeof(path), "/local/domain/%u/console/tty", domid);
    tty = cfs_get(&t->fs, path);
    CU_ASSERT_PTR_NOT_NULL_FATAL(tty);
    return open(tty, O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
}

static long read_tty(int fd, char *buf, size_t size)
{
    size_t got = 0;
    ssize_t n;

    while (got + 1 < size && (n = read(fd, buf + got, size - 1 - got)) > 0)
        got += (size_t)n;
    buf[got] = '\0';
    return (long)got;
}

static struct xencons_interface *start_with(struct ct *t, uint16_t domid,
                                            const char *name)
{
    struct xencons_interface *r;

    CU_ASSERT_FATAL(ct_start(t) == 0);
    r = ct_add_domain(t, domid, name, 2, GFN);
    ct_round(t);
    CU_ASSERT_PTR_NOT_NULL_FATAL(ct_dom(t, domid));
    CU_ASSERT_EQUAL_FATAL(ct_dom(t, domid)->state, XCD_DOM_CONNECTED);
    return r;
}

static void test_connect(void)
{
    struct ct t;
    char buf[64];
    const char *tty;
    int port;

    start_with(&t, 5, "web");
    CU_ASSERT_EQUAL(t.fx.guests[0].maps, 1);
    port = cfx_port(&t.fx, 5);
    CU_ASSERT_FATAL(port > 0);
    CU_ASSERT_EQUAL(t.fx.ports[port - 1].remote, 2);
    tty = cfs_get(&t.fs, "/local/domain/5/console/tty");
    CU_ASSERT_PTR_NOT_NULL_FATAL(tty);
    CU_ASSERT_EQUAL(strncmp(tty, "/dev/pts/", 9), 0);
    CU_ASSERT_EQUAL(access(tty, R_OK | W_OK), 0);
    CU_ASSERT_EQUAL(ct_read_file(t.dir, "guest-web.log", buf, sizeof(buf)), 0);
    ct_stop(&t);
}

static void test_output_to_log_and_pty(void)
{
    struct ct t;
    struct xencons_interface *r = start_with(&t, 5, "web");
    int tty = open_tty(&t, 5), port = cfx_port(&t.fx, 5);
    unsigned before = t.fx.ports[port - 1].notifies;
    char buf[256];

    CU_ASSERT_FATAL(tty >= 0);
    ct_guest_print(r, "Booting Linux\r\n");
    cfx_kick(&t.fx, 5);
    ct_round(&t);
    CU_ASSERT_EQUAL(r->out_cons, r->out_prod);
    CU_ASSERT(t.fx.ports[port - 1].notifies > before);
    CU_ASSERT(ct_read_file(t.dir, "guest-web.log", buf, sizeof(buf)) > 0);
    CU_ASSERT_STRING_EQUAL(buf, "Booting Linux\r\n");
    CU_ASSERT(read_tty(tty, buf, sizeof(buf)) > 0);
    CU_ASSERT_STRING_EQUAL(buf, "Booting Linux\r\n");
    close(tty);
    ct_stop(&t);
}

/* What the guest wrote before we connected is taken at once. */
static void test_output_before_connect(void)
{
    struct ct t;
    struct xencons_interface *r;
    char buf[64];

    CU_ASSERT_FATAL(ct_start(&t) == 0);
    r = ct_add_domain(&t, 3, "early", 2, GFN);
    ct_guest_print(r, "early bird\n");
    ct_round(&t);
    CU_ASSERT(ct_read_file(t.dir, "guest-early.log", buf, sizeof(buf)) > 0);
    CU_ASSERT_STRING_EQUAL(buf, "early bird\n");
    ct_stop(&t);
}

static void test_output_wraps(void)
{
    struct ct t;
    struct xencons_interface *r;
    char expect[4096] = "", buf[4096], line[64];

    CU_ASSERT_FATAL(ct_start(&t) == 0);
    r = ct_add_domain(&t, 4, "wrap", 2, GFN);
    r->out_cons = r->out_prod = UINT32_MAX - 700;
    ct_round(&t);
    for (int i = 0; i < 60; i++) {
        snprintf(line, sizeof(line), "line %02d of the wrap test\n", i);
        ct_guest_print(r, line);
        strcat(expect, line);
        if (i % 20 == 19) {
            cfx_kick(&t.fx, 4);
            ct_round(&t);
        }
    }
    CU_ASSERT(r->out_prod < 2000);                  /* the index wrapped */
    CU_ASSERT(ct_read_file(t.dir, "guest-wrap.log", buf, sizeof(buf)) > 0);
    CU_ASSERT_STRING_EQUAL(buf, expect);
    ct_stop(&t);
}

/* Nobody reads the pty: output is dropped there, never blocks, and the
 * log file still gets all of it. */
static void test_unread_pty_never_blocks(void)
{
    struct ct t;
    struct xencons_interface *r = start_with(&t, 6, "chatty");
    char chunk[1025], *buf = malloc(300 * 1024);
    long n;

    CU_ASSERT_PTR_NOT_NULL_FATAL(buf);
    memset(chunk, 'z', 1024);
    chunk[1024] = '\0';
    for (int i = 0; i < 256; i++) {
        ct_guest_print(r, chunk);
        cfx_kick(&t.fx, 6);
        ct_round(&t);
        CU_ASSERT_EQUAL_FATAL(r->out_cons, r->out_prod);
    }
    CU_ASSERT_EQUAL(ct_dom(&t, 6)->state, XCD_DOM_CONNECTED);
    n = ct_read_file(t.dir, "guest-chatty.log", buf, 300 * 1024);
    CU_ASSERT_EQUAL(n, 256 * 1024);
    free(buf);
    ct_stop(&t);
}

static void test_input_from_pty(void)
{
    struct ct t;
    struct xencons_interface *r = start_with(&t, 5, "web");
    int tty = open_tty(&t, 5), port = cfx_port(&t.fx, 5);
    unsigned before = t.fx.ports[port - 1].notifies;
    char buf[64];

    CU_ASSERT_FATAL(tty >= 0);
    CU_ASSERT_EQUAL(write(tty, "ls -l\r", 6), 6);
    ct_round(&t);
    CU_ASSERT_EQUAL(ct_guest_read(r, buf, sizeof(buf)), 6);
    CU_ASSERT_STRING_EQUAL(buf, "ls -l\r");
    CU_ASSERT(t.fx.ports[port - 1].notifies > before);
    close(tty);
    ct_stop(&t);
}

/* A full in[] holds input back in the pty until the guest reads. */
static void test_input_waits_for_room(void)
{
    struct ct t;
    struct xencons_interface *r = start_with(&t, 5, "web");
    int tty = open_tty(&t, 5);
    char buf[64];

    CU_ASSERT_FATAL(tty >= 0);
    r->in_prod = XENCONS_IN_SIZE;                   /* full, in_cons 0 */
    CU_ASSERT_EQUAL(write(tty, "abc", 3), 3);
    ct_round(&t);
    ct_round(&t);
    CU_ASSERT_EQUAL(r->in_prod, (uint32_t)XENCONS_IN_SIZE);
    CU_ASSERT(ct_dom(&t, 5)->input_full);
    r->in_cons = XENCONS_IN_SIZE - 2;               /* the guest read all but 2 */
    cfx_kick(&t.fx, 5);
    ct_round(&t);                                   /* the event re-arms input */
    ct_round(&t);
    CU_ASSERT_EQUAL(r->in_prod, (uint32_t)XENCONS_IN_SIZE + 3);
    CU_ASSERT_EQUAL(ct_guest_read(r, buf, sizeof(buf)), 5);
    CU_ASSERT_EQUAL(memcmp(buf + 2, "abc", 3), 0);
    close(tty);
    ct_stop(&t);
}

/* Everything the connect chain set up is gone. */
static void assert_let_go(struct ct *t, uint16_t domid, const char *tty)
{
    struct xcd_dom *dom = ct_dom(t, domid);
    char path[64];
    int g = cfx_guest(&t->fx, domid);

    CU_ASSERT_EQUAL(g >= 0 ? t->fx.guests[g].maps : 0, 0);
    CU_ASSERT_EQUAL(cfx_port(&t->fx, domid), -1);
    snprintf(path, sizeof(path), "/local/domain/%u/console/tty", domid);
    CU_ASSERT_PTR_NULL(cfs_get(&t->fs, path));
    if (dom) {
        CU_ASSERT_EQUAL(dom->state, XCD_DOM_CLOSED);
        CU_ASSERT_EQUAL(dom->pty.master, -1);
        CU_ASSERT_EQUAL(dom->log_fd, -1);
    }
    /* The pty itself is gone once its last descriptor closed. */
    if (tty)
        CU_ASSERT_NOT_EQUAL(access(tty, F_OK), 0);
}

static void test_corrupt_output_disconnects(void)
{
    struct ct t;
    struct xencons_interface *r = start_with(&t, 5, "evil");
    char tty[64];

    strcpy(tty, cfs_get(&t.fs, "/local/domain/5/console/tty"));
    r->out_prod = r->out_cons + XENCONS_OUT_SIZE + 100;
    cfx_kick(&t.fx, 5);
    ct_round(&t);
    assert_let_go(&t, 5, tty);
    /* The next scans leave it alone: same ring, same corruption. */
    CU_ASSERT_EQUAL(xcd_scan(&t.d), 0);
    CU_ASSERT_EQUAL(ct_dom(&t, 5)->state, XCD_DOM_CLOSED);
    CU_ASSERT_EQUAL(t.fx.maps_made, 1);
    ct_stop(&t);
}

/* A new ring (the toolstack set the console up again) is served anew. */
static void test_closed_console_new_ring(void)
{
    struct ct t;
    struct xencons_interface *r = start_with(&t, 5, "evil");

    r->out_prod = r->out_cons - 1;
    cfx_kick(&t.fx, 5);
    ct_round(&t);
    CU_ASSERT_EQUAL_FATAL(ct_dom(&t, 5)->state, XCD_DOM_CLOSED);
    r->out_prod = r->out_cons = 0;
    cfs_set(&t.fs, "/local/domain/5/console/port", "9");
    CU_ASSERT_EQUAL(xcd_scan(&t.d), 0);
    CU_ASSERT_EQUAL(ct_dom(&t, 5)->state, XCD_DOM_CONNECTED);
    CU_ASSERT_EQUAL(t.fx.ports[cfx_port(&t.fx, 5) - 1].remote, 9);
    ct_stop(&t);
}

static void test_corrupt_input_disconnects(void)
{
    struct ct t;
    struct xencons_interface *r = start_with(&t, 5, "evil");
    int tty = open_tty(&t, 5);

    CU_ASSERT_FATAL(tty >= 0);
    r->in_cons = 5000;                              /* ahead of in_prod */
    CU_ASSERT_EQUAL(write(tty, "x", 1), 1);
    ct_round(&t);
    assert_let_go(&t, 5, NULL);
    close(tty);
    ct_stop(&t);
}

/* The domain vanishes between printing and our reading: the page faults,
 * the event channel is dead. The daemon lets it go and carries on. */
static void test_vanish_before_read(void)
{
    struct ct t;
    struct xencons_interface *r = start_with(&t, 5, "gone");
    char tty[64];

    strcpy(tty, cfs_get(&t.fs, "/local/domain/5/console/tty"));
    ct_guest_print(r, "last words");
    cfx_kick(&t.fx, 5);
    cfx_vanish(&t.fx, 5);
    ct_round(&t);
    assert_let_go(&t, 5, tty);
    /* Other domains are still served. */
    r = ct_add_domain(&t, 6, "other", 3, GFN + 1);
    ct_round(&t);
    ct_guest_print(r, "still here");
    cfx_kick(&t.fx, 6);
    ct_round(&t);
    CU_ASSERT_EQUAL(r->out_cons, r->out_prod);
    ct_stop(&t);
}

/* The output was taken, but the event channel died before the notify:
 * what was taken is still logged. */
static void test_vanish_at_notify(void)
{
    struct ct t;
    struct xencons_interface *r = start_with(&t, 5, "gone");
    int port = cfx_port(&t.fx, 5);
    char buf[64];

    ct_guest_print(r, "panic: oops\n");
    t.fx.ports[port - 1].dead = true;
    cfx_kick(&t.fx, 5);
    ct_round(&t);
    assert_let_go(&t, 5, NULL);
    CU_ASSERT(ct_read_file(t.dir, "guest-gone.log", buf, sizeof(buf)) > 0);
    CU_ASSERT_STRING_EQUAL(buf, "panic: oops\n");
    ct_stop(&t);
}

/* Input typed as the domain vanishes. */
static void test_vanish_during_input(void)
{
    struct ct t;
    int tty;

    start_with(&t, 5, "gone");
    tty = open_tty(&t, 5);
    CU_ASSERT_FATAL(tty >= 0);
    CU_ASSERT_EQUAL(write(tty, "reboot\r", 7), 7);
    cfx_vanish(&t.fx, 5);
    ct_round(&t);
    assert_let_go(&t, 5, NULL);
    close(tty);
    ct_stop(&t);
}

static void test_connect_map_fails(void)
{
    struct ct t;

    CU_ASSERT_FATAL(ct_start(&t) == 0);
    t.fx.map_err = -ENOENT;
    ct_add_domain(&t, 5, "web", 2, GFN);
    ct_round(&t);
    CU_ASSERT_EQUAL(ct_dom(&t, 5)->state, XCD_DOM_WAITING);
    CU_ASSERT_EQUAL(t.fx.binds_made, 0);
    CU_ASSERT_PTR_NULL(cfs_get(&t.fs, "/local/domain/5/console/tty"));
    t.fx.map_err = 0;                               /* retried next scan */
    CU_ASSERT_EQUAL(xcd_scan(&t.d), 0);
    CU_ASSERT_EQUAL(ct_dom(&t, 5)->state, XCD_DOM_CONNECTED);
    ct_stop(&t);
}

static void test_connect_bind_fails(void)
{
    struct ct t;

    CU_ASSERT_FATAL(ct_start(&t) == 0);
    t.fx.bind_err = -EINVAL;
    ct_add_domain(&t, 5, "web", 2, GFN);
    ct_round(&t);
    CU_ASSERT_EQUAL(ct_dom(&t, 5)->state, XCD_DOM_WAITING);
    CU_ASSERT_EQUAL(t.fx.maps_made, 1);
    CU_ASSERT_EQUAL(t.fx.guests[0].maps, 0);        /* mapped, then undone */
    CU_ASSERT_PTR_NULL(cfs_get(&t.fs, "/local/domain/5/console/tty"));
    ct_stop(&t);
}

/* Without a log directory or a store to publish in, the console still
 * works through what is left. */
static void test_connect_optional_steps_fail(void)
{
    struct ct t;
    struct xencons_interface *r;
    char path[128];

    CU_ASSERT_FATAL(ct_start(&t) == 0);
    snprintf(path, sizeof(path), "%s/guest-web.log", t.dir);
    CU_ASSERT_FATAL(mkdir(path, 0700) == 0);        /* cannot be opened */
    t.fs.write_err = -EACCES;
    r = ct_add_domain(&t, 5, "web", 2, GFN);
    ct_round(&t);
    CU_ASSERT_EQUAL(ct_dom(&t, 5)->state, XCD_DOM_CONNECTED);
    CU_ASSERT_EQUAL(ct_dom(&t, 5)->log_fd, -1);
    CU_ASSERT_PTR_NULL(cfs_get(&t.fs, "/local/domain/5/console/tty"));
    ct_guest_print(r, "nobody listens");
    cfx_kick(&t.fx, 5);
    ct_round(&t);
    CU_ASSERT_EQUAL(r->out_cons, r->out_prod);
    ct_stop(&t);
}

/* Names become safe file names. */
static void test_log_file_name(void)
{
    struct ct t;
    char buf[8];

    CU_ASSERT_FATAL(ct_start(&t) == 0);
    ct_add_domain(&t, 5, "../../etc/passwd", 2, GFN);
    ct_round(&t);
    CU_ASSERT_EQUAL(ct_read_file(t.dir, "guest-.._.._etc_passwd.log", buf,
                              sizeof(buf)), 0);
    ct_stop(&t);
}

static void test_two_domains_routed(void)
{
    struct ct t;
    struct xencons_interface *a, *b;
    char buf[64];

    CU_ASSERT_FATAL(ct_start(&t) == 0);
    a = ct_add_domain(&t, 1, "alpha", 2, GFN);
    b = ct_add_domain(&t, 2, "beta", 2, GFN + 1);
    ct_round(&t);
    ct_guest_print(a, "from alpha\n");
    ct_guest_print(b, "from beta\n");
    cfx_kick(&t.fx, 2);
    ct_round(&t);
    CU_ASSERT_EQUAL(b->out_cons, b->out_prod);
    CU_ASSERT_NOT_EQUAL(a->out_cons, a->out_prod);  /* not its event */
    cfx_kick(&t.fx, 1);
    ct_round(&t);
    CU_ASSERT(ct_read_file(t.dir, "guest-alpha.log", buf, sizeof(buf)) > 0);
    CU_ASSERT_STRING_EQUAL(buf, "from alpha\n");
    CU_ASSERT(ct_read_file(t.dir, "guest-beta.log", buf, sizeof(buf)) > 0);
    CU_ASSERT_STRING_EQUAL(buf, "from beta\n");
    ct_stop(&t);
}

/* The pty breaks under us: it is dropped (console/tty withdrawn) and the
 * log file carries on. */
static void test_broken_pty_dropped(void)
{
    struct ct t;
    struct xencons_interface *r = start_with(&t, 5, "web");
    struct xcd_dom *dom = ct_dom(&t, 5);
    int null = open("/dev/null", O_RDONLY | O_CLOEXEC);
    char buf[64];

    CU_ASSERT_FATAL(null >= 0);
    /* Reads now see end of file, writes fail: both are "broken". */
    CU_ASSERT_FATAL(dup3(null, dom->pty.master, O_CLOEXEC) == dom->pty.master);
    close(null);
    ct_round(&t);
    CU_ASSERT_EQUAL(dom->state, XCD_DOM_CONNECTED);
    CU_ASSERT_EQUAL(dom->pty.master, -1);
    CU_ASSERT_PTR_NULL(cfs_get(&t.fs, "/local/domain/5/console/tty"));
    ct_guest_print(r, "still logged\n");
    cfx_kick(&t.fx, 5);
    ct_round(&t);
    CU_ASSERT(ct_read_file(t.dir, "guest-web.log", buf, sizeof(buf)) > 0);
    CU_ASSERT_STRING_EQUAL(buf, "still logged\n");
    ct_stop(&t);
}

/* Writing to a pty that broke drops it as well. */
static void test_broken_pty_on_output(void)
{
    struct ct t;
    struct xencons_interface *r = start_with(&t, 5, "web");
    struct xcd_dom *dom = ct_dom(&t, 5);
    int null = open("/dev/null", O_RDONLY | O_CLOEXEC);

    CU_ASSERT_FATAL(null >= 0);
    CU_ASSERT_FATAL(dup3(null, dom->pty.master, O_CLOEXEC) == dom->pty.master);
    close(null);
    ct_guest_print(r, "x");
    cfx_kick(&t.fx, 5);
    CU_ASSERT_EQUAL(xcd_poll_once(&t.d, 0), 0);
    CU_ASSERT_EQUAL(dom->state, XCD_DOM_CONNECTED);
    CU_ASSERT_EQUAL(dom->pty.master, -1);
    CU_ASSERT_EQUAL(r->out_cons, r->out_prod);
    ct_stop(&t);
}

UNIT_SUITE(xenconsoled_domain,
           UNIT_TEST(test_connect), UNIT_TEST(test_output_to_log_and_pty),
           UNIT_TEST(test_output_before_connect), UNIT_TEST(test_output_wraps),
           UNIT_TEST(test_unread_pty_never_blocks),
           UNIT_TEST(test_input_from_pty), UNIT_TEST(test_input_waits_for_room),
           UNIT_TEST(test_corrupt_output_disconnects),
           UNIT_TEST(test_closed_console_new_ring),
           UNIT_TEST(test_corrupt_input_disconnects),
           UNIT_TEST(test_vanish_before_read), UNIT_TEST(test_vanish_at_notify),
           UNIT_TEST(test_vanish_during_input),
           UNIT_TEST(test_connect_map_fails), UNIT_TEST(test_connect_bind_fails),
           UNIT_TEST(test_connect_optional_steps_fail),
           UNIT_TEST(test_log_file_name), UNIT_TEST(test_two_domains_routed),
           UNIT_TEST(test_broken_pty_dropped), UNIT_TEST(test_broken_pty_on_output))
