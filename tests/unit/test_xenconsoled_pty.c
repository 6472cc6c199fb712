/* Guest ptys (dom0-tools/xenconsoled/pty.c). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>
#include "unit.h"
#include "../../dom0-tools/xenconsoled/pty.h"

static void test_open_close(void)
{
    struct xcd_pty p;
    struct termios t;
    char path[XCD_PTY_PATH_MAX];

    CU_ASSERT_EQUAL_FATAL(pty_open(&p), 0);
    CU_ASSERT(p.master >= 0 && p.slave >= 0);
    CU_ASSERT_EQUAL(strncmp(p.path, "/dev/pts/", 9), 0);
    CU_ASSERT_EQUAL(tcgetattr(p.slave, &t), 0);
    CU_ASSERT_EQUAL(t.c_lflag & (ECHO | ICANON | ISIG), 0);     /* raw */
    CU_ASSERT_EQUAL(t.c_oflag & OPOST, 0);
    CU_ASSERT(fcntl(p.master, F_GETFL) & O_NONBLOCK);
    strcpy(path, p.path);
    pty_close(&p);
    CU_ASSERT_EQUAL(p.master, -1);
    CU_ASSERT_EQUAL(p.slave, -1);
    CU_ASSERT_NOT_EQUAL(access(path, F_OK), 0);
    pty_close(&p);                                  /* twice is harmless */
}

static void test_both_ways(void)
{
    struct xcd_pty p;
    char buf[32];
    int client;

    CU_ASSERT_EQUAL_FATAL(pty_open(&p), 0);
    client = open(p.path, O_RDWR | O_NOCTTY | O_CLOEXEC);
    CU_ASSERT_FATAL(client >= 0);
    CU_ASSERT_EQUAL(pty_write(&p, "out\n", 4), 4);
    CU_ASSERT_EQUAL(read(client, buf, sizeof(buf)), 4);     /* no \r added */
    CU_ASSERT_EQUAL(memcmp(buf, "out\n", 4), 0);
    CU_ASSERT_EQUAL(pty_read(&p, buf, sizeof(buf)), 0);     /* nothing typed */
    CU_ASSERT_EQUAL(write(client, "in\003", 3), 3);         /* ^C is data */
    usleep(10000);
    CU_ASSERT_EQUAL(pty_read(&p, buf, sizeof(buf)), 3);
    CU_ASSERT_EQUAL(memcmp(buf, "in\003", 3), 0);
    close(client);
    /* The client leaving is no hang-up for us: our slave stays open. */
    CU_ASSERT_EQUAL(pty_read(&p, buf, sizeof(buf)), 0);
    pty_close(&p);
}

/* With nobody reading, writes stop being taken but never block. */
static void test_write_never_blocks(void)
{
    struct xcd_pty p;
    char chunk[4096];
    ssize_t n = 1;
    int i;

    memset(chunk, 'x', sizeof(chunk));
    CU_ASSERT_EQUAL_FATAL(pty_open(&p), 0);
    for (i = 0; i < 1024 && n > 0; i++)
        n = pty_write(&p, chunk, sizeof(chunk));
    CU_ASSERT_EQUAL(n, 0);
    CU_ASSERT(i < 1024);
    pty_close(&p);
}

static void test_closed_pty(void)
{
    struct xcd_pty p;
    char buf[4];

    pty_init(&p);
    CU_ASSERT_EQUAL(pty_write(&p, "x", 1), -EBADF);
    CU_ASSERT_EQUAL(pty_read(&p, buf, sizeof(buf)), -EBADF);
}

UNIT_SUITE(xenconsoled_pty,
           UNIT_TEST(test_open_close), UNIT_TEST(test_both_ways),
           UNIT_TEST(test_write_never_blocks), UNIT_TEST(test_closed_pty))
