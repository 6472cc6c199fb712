/* dom0-tools/xl console: a real pty stands in for xenconsoled's, named in
 * the fake store; pipes (or a second pty, as a terminal) are xl's input
 * and output. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>
#include <public/sched.h>
#include "unit.h"
#include "test_xl.h"

static struct xlt t;

struct pty {
    int master, slave;
    char path[64];
};

static int pty_open(struct pty *p)
{
    struct termios tio;

    p->master = posix_openpt(O_RDWR | O_NOCTTY);
    if (p->master < 0 || grantpt(p->master) || unlockpt(p->master) ||
        ptsname_r(p->master, p->path, sizeof(p->path)))
        return -1;
    p->slave = open(p->path, O_RDWR | O_NOCTTY);
    if (p->slave < 0 || tcgetattr(p->slave, &tio))
        return -1;
    return fcntl(p->master, F_SETFL, O_NONBLOCK);
}

static void pty_close(struct pty *p)
{
    if (p->slave >= 0)
        close(p->slave);
    if (p->master >= 0)
        close(p->master);
}

/* The guest's pty, held open and raw as xenconsoled holds it. */
static struct pty guest;
static int in[2], out[2];

static void start(void)
{
    struct termios tio;

    CU_ASSERT_FATAL(xlt_init(&t) == 0);
    CU_ASSERT_EQUAL_FATAL(xlt_create(&t, "d1", NULL), 1);
    CU_ASSERT_EQUAL_FATAL(pty_open(&guest), 0);
    CU_ASSERT_EQUAL_FATAL(tcgetattr(guest.slave, &tio), 0);
    cfmakeraw(&tio);
    CU_ASSERT_EQUAL_FATAL(tcsetattr(guest.slave, TCSANOW, &tio), 0);
    CU_ASSERT_EQUAL_FATAL(lc_fake_store_set(t.fx.xs, "/local/domain/1/console/tty",
                                            guest.path), 0);
    CU_ASSERT_EQUAL_FATAL(pipe(in), 0);
    CU_ASSERT_EQUAL_FATAL(pipe2(out, O_NONBLOCK), 0);
    t.env.in_fd = in[0];
    t.env.out_fd = out[1];
}

static void finish(void)
{
    pty_close(&guest);
    close(in[0]);
    if (in[1] >= 0)
        close(in[1]);
    close(out[0]);
    close(out[1]);
    xlt_fini(&t);
}

/* Everything readable now from a non-blocking fd, NUL-terminated. */
static char *drain(int fd)
{
    static char buf[4096];
    ssize_t n, len = 0;

    while ((n = read(fd, buf + len, sizeof(buf) - 1 - (size_t)len)) > 0)
        len += n;
    buf[len] = '\0';
    return buf;
}

static void feed(const char *s, bool close_after)
{
    CU_ASSERT_EQUAL(write(in[1], s, strlen(s)), (ssize_t)strlen(s));
    if (close_after) {
        close(in[1]);
        in[1] = -1;
    }
}

/* Input from a pipe until its end, then the guest's output until the
 * guest shuts down: the shape of `(sleep 5; echo cmd) | xl console d1`. */
static void piped_session_until_shutdown(void)
{
    start();
    CU_ASSERT_EQUAL(write(guest.master, "login: ", 7), 7);
    feed("root\n", true);
    CU_ASSERT_EQUAL(lc_domctl_shutdown(lc_ctx_hc(t.fx.ctx), 1, SHUTDOWN_poweroff), 0);
    CU_ASSERT_EQUAL(xlt_run(&t, "console", "d1", NULL), 0);
    CU_ASSERT_STRING_EQUAL(t.err, "");
    CU_ASSERT_STRING_EQUAL(drain(out[0]), "login: ");
    CU_ASSERT_STRING_EQUAL(drain(guest.master), "root\n");
    finish();
}

static void escape_detaches(void)
{
    start();
    feed("ab\x1d" "cd", false);
    CU_ASSERT_EQUAL(xlt_run(&t, "console", "-t", "pv", "-n", "0", "1", NULL), 0);
    CU_ASSERT_STRING_EQUAL(drain(guest.master), "ab");
    CU_ASSERT_PTR_NOT_NULL(lc_fake_domain(t.fx.hv, 1));
    finish();
}

/* Output the guest wrote before it went still arrives; a domain that is
 * destroyed meanwhile ends the session too. */
static void destroyed_domain_ends_it(void)
{
    start();
    CU_ASSERT_EQUAL(write(guest.master, "bye\r\n", 5), 5);
    CU_ASSERT_EQUAL(lc_domctl_destroydomain(lc_ctx_hc(t.fx.ctx), 1), 0);
    CU_ASSERT_EQUAL(xl_console_attach(&t.env, 1), XL_OK);
    CU_ASSERT_STRING_EQUAL(drain(out[0]), "bye\r\n");
    finish();
}

/* Closes the guest's pty a moment after xl has opened it, as
 * xenconsoled going away would. */
static void *close_later(void *arg)
{
    struct pty *p = arg;
    const struct timespec moment = { 0, 100 * 1000000L };

    nanosleep(&moment, NULL);
    close(p->slave);
    close(p->master);
    return NULL;
}

/* The pty closing (xenconsoled gone) ends the session. */
static void hangup_ends_it(void)
{
    pthread_t closer;

    start();
    t.env.poll_ms = 20;
    CU_ASSERT_EQUAL_FATAL(pthread_create(&closer, NULL, close_later, &guest), 0);
    CU_ASSERT_EQUAL(xlt_run(&t, "console", "d1", NULL), 0);
    CU_ASSERT_EQUAL(pthread_join(closer, NULL), 0);
    guest.slave = guest.master = -1;
    CU_ASSERT_STRING_EQUAL(t.err, "");
    CU_ASSERT_PTR_NOT_NULL(lc_fake_domain(t.fx.hv, 1));
    finish();
}

/* A terminal as input is made raw for the session and put back after. */
static void terminal_is_restored(void)
{
    struct termios before, after;
    struct pty term;

    start();
    CU_ASSERT_EQUAL_FATAL(pty_open(&term), 0);
    CU_ASSERT_EQUAL_FATAL(tcgetattr(term.slave, &before), 0);
    CU_ASSERT(before.c_lflag & ICANON);
    t.env.in_fd = term.slave;
    CU_ASSERT_EQUAL(write(term.master, "ls\x1d", 3), 3);
    CU_ASSERT_EQUAL(xlt_run(&t, "console", "d1", NULL), 0);
    CU_ASSERT_EQUAL_FATAL(tcgetattr(term.slave, &after), 0);
    CU_ASSERT_EQUAL(after.c_lflag, before.c_lflag);
    CU_ASSERT_EQUAL(after.c_iflag, before.c_iflag);
    CU_ASSERT_EQUAL(after.c_oflag, before.c_oflag);
    CU_ASSERT_STRING_EQUAL(drain(guest.master), "ls");
    pty_close(&term);
    finish();
}

static void refusals(void)
{
    start();
    CU_ASSERT_EQUAL(xlt_run(&t, "console", "0", NULL), 1);
    CU_ASSERT_STRING_EQUAL(t.err, "xl: dom0's console is the hypervisor console\n");
    {
        char *log = NULL;
        size_t len;

        t.env.err = open_memstream(&log, &len);
        CU_ASSERT_EQUAL(xl_console_attach(&t.env, 0), XL_FAIL);
        fclose(t.env.err);
        t.env.err = stderr;
        CU_ASSERT_STRING_EQUAL(log, "xl: dom0's console is the hypervisor console\n");
        free(log);
    }
    CU_ASSERT_EQUAL(xlt_run(&t, "console", "nope", NULL), 1);
    CU_ASSERT_STRING_EQUAL(t.err, "xl: nope is an invalid domain identifier\n");
    CU_ASSERT_EQUAL(xlt_run(&t, "console", "-t", "serial", "d1", NULL), 1);
    CU_ASSERT_STRING_EQUAL(t.err, "xl: d1 has no serial console, only pv\n");
    CU_ASSERT_EQUAL(xlt_run(&t, "console", "-t", "vga", "d1", NULL), 1);
    CU_ASSERT_STRING_EQUAL(t.err, "xl: console type 'vga': pv or serial\n");
    CU_ASSERT_EQUAL(xlt_run(&t, "console", "-n", "1", "d1", NULL), 1);
    CU_ASSERT_STRING_EQUAL(t.err, "xl: d1 has console 0 only, not '1'\n");
    /* No pty named yet: xl waits a while, then says so. */
    CU_ASSERT_EQUAL(lc_fake_store_set(t.fx.xs, "/local/domain/1/console/tty", ""), 0);
    CU_ASSERT_EQUAL(xlt_run(&t, "console", "d1", NULL), 1);
    CU_ASSERT_STRING_EQUAL(t.err, "xl: domain 1 has no console: /local/domain/1/console/tty "
                                  "not written by xenconsoled\n");
    CU_ASSERT_EQUAL(lc_fake_store_set(t.fx.xs, "/local/domain/1/console/tty",
                                      "/nonexistent/pty"), 0);
    CU_ASSERT_EQUAL(xlt_run(&t, "console", "d1", NULL), 1);
    CU_ASSERT_STRING_EQUAL(t.err, "xl: opening /nonexistent/pty: No such file or directory\n");
    finish();
}

UNIT_SUITE(xl_console,
           UNIT_TEST(piped_session_until_shutdown), UNIT_TEST(escape_detaches),
           UNIT_TEST(destroyed_domain_ends_it), UNIT_TEST(hangup_ends_it),
           UNIT_TEST(terminal_is_restored), UNIT_TEST(refusals))
