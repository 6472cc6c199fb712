/* Console ring transfers (dom0-tools/xenconsoled/ring.c) and the fault
 * guard under them (guard.c). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>
#include "unit.h"
#include "../../dom0-tools/xenconsoled/guard.h"
#include "../../dom0-tools/xenconsoled/ring.h"

#define PAGE 4096

static struct xencons_interface *new_ring(void)
{
    void *p = mmap(NULL, PAGE, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

    CU_ASSERT_FATAL(p != MAP_FAILED);
    CU_ASSERT_FATAL(guard_install() == 0);
    return p;
}

static void free_ring(struct xencons_interface *r)
{
    munmap(r, PAGE);
    guard_uninstall();
}

/* Puts len bytes of pattern (starting at seed) at out_prod, as a guest. */
static void produce(struct xencons_interface *r, size_t len, unsigned seed)
{
    for (size_t i = 0; i < len; i++)
        r->out[(r->out_prod + i) % XENCONS_OUT_SIZE] = (char)(seed + i);
    r->out_prod += (uint32_t)len;
}

static void check_pattern(const char *buf, size_t len, unsigned seed)
{
    for (size_t i = 0; i < len; i++)
        if (buf[i] != (char)(seed + i)) {
            CU_FAIL("byte differs");
            return;
        }
}

static void test_take_nothing(void)
{
    struct xencons_interface *r = new_ring();
    char buf[XENCONS_OUT_SIZE];

    CU_ASSERT_EQUAL(ring_take_output(r, buf, sizeof(buf)), 0);
    CU_ASSERT_EQUAL(r->out_cons, 0);
    free_ring(r);
}

static void test_take_simple(void)
{
    struct xencons_interface *r = new_ring();
    char buf[XENCONS_OUT_SIZE];

    produce(r, 100, 1);
    CU_ASSERT_EQUAL(ring_take_output(r, buf, sizeof(buf)), 100);
    check_pattern(buf, 100, 1);
    CU_ASSERT_EQUAL(r->out_cons, 100);
    CU_ASSERT_EQUAL(ring_take_output(r, buf, sizeof(buf)), 0);
    free_ring(r);
}

/* Across the end of out[] and across the 32-bit wrap of the indexes. */
static void test_take_wraps(void)
{
    struct xencons_interface *r = new_ring();
    char buf[XENCONS_OUT_SIZE];

    r->out_cons = r->out_prod = UINT32_MAX - 99;    /* 100 before the wrap */
    produce(r, 300, 7);
    CU_ASSERT_EQUAL(r->out_prod, 200u);
    CU_ASSERT_EQUAL(ring_take_output(r, buf, sizeof(buf)), 300);
    check_pattern(buf, 300, 7);
    CU_ASSERT_EQUAL(r->out_cons, 200u);
    free_ring(r);
}

static void test_take_full_ring(void)
{
    struct xencons_interface *r = new_ring();
    char buf[XENCONS_OUT_SIZE];

    r->out_cons = r->out_prod = 1000;
    produce(r, XENCONS_OUT_SIZE, 3);
    CU_ASSERT_EQUAL(ring_take_output(r, buf, sizeof(buf)), XENCONS_OUT_SIZE);
    check_pattern(buf, XENCONS_OUT_SIZE, 3);
    free_ring(r);
}

static void test_take_partial(void)
{
    struct xencons_interface *r = new_ring();
    char buf[XENCONS_OUT_SIZE];

    r->out_cons = r->out_prod = 2040;
    produce(r, 50, 9);
    CU_ASSERT_EQUAL(ring_take_output(r, buf, 20), 20);
    check_pattern(buf, 20, 9);
    CU_ASSERT_EQUAL(r->out_cons, 2060u);
    CU_ASSERT_EQUAL(ring_take_output(r, buf, sizeof(buf)), 30);
    check_pattern(buf, 30, 9 + 20);
    free_ring(r);
}

static void test_take_corrupt(void)
{
    struct xencons_interface *r = new_ring();
    char buf[XENCONS_OUT_SIZE];

    r->out_cons = 10;
    r->out_prod = 10 + XENCONS_OUT_SIZE + 1;       /* more than fits */
    CU_ASSERT_EQUAL(ring_take_output(r, buf, sizeof(buf)), -EPROTO);
    CU_ASSERT_EQUAL(r->out_cons, 10u);              /* left alone */
    r->out_prod = 5;                                /* behind the consumer */
    CU_ASSERT_EQUAL(ring_take_output(r, buf, sizeof(buf)), -EPROTO);
    CU_ASSERT_EQUAL(r->out_cons, 10u);
    free_ring(r);
}

static void test_input_space(void)
{
    struct xencons_interface *r = new_ring();

    CU_ASSERT_EQUAL(ring_input_space(r), XENCONS_IN_SIZE);
    r->in_prod = 1000;
    r->in_cons = 1000 - 24;
    CU_ASSERT_EQUAL(ring_input_space(r), XENCONS_IN_SIZE - 24);
    r->in_cons = 1000 - XENCONS_IN_SIZE;
    CU_ASSERT_EQUAL(ring_input_space(r), 0);
    r->in_cons = 1000 - XENCONS_IN_SIZE - 1;
    CU_ASSERT_EQUAL(ring_input_space(r), -EPROTO);
    r->in_cons = 1001;
    CU_ASSERT_EQUAL(ring_input_space(r), -EPROTO);
    free_ring(r);
}

static void test_put_input_wraps(void)
{
    struct xencons_interface *r = new_ring();
    char src[300];

    for (size_t i = 0; i < sizeof(src); i++)
        src[i] = (char)(i * 3);
    r->in_cons = r->in_prod = UINT32_MAX - 9;       /* 10 before the wrap */
    CU_ASSERT_EQUAL(ring_put_input(r, src, sizeof(src)), 300);
    CU_ASSERT_EQUAL(r->in_prod, 290u);
    for (uint32_t i = 0; i < 300; i++)
        if (r->in[(UINT32_MAX - 9 + i) % XENCONS_IN_SIZE] != src[i])
            CU_FAIL("input byte misplaced");
    free_ring(r);
}

static void test_put_input_fills_up(void)
{
    struct xencons_interface *r = new_ring();
    char src[XENCONS_IN_SIZE * 2];

    memset(src, 'x', sizeof(src));
    r->in_prod = 100;
    r->in_cons = 100 - 1000;                        /* 24 bytes free */
    CU_ASSERT_EQUAL(ring_put_input(r, src, sizeof(src)), 24);
    CU_ASSERT_EQUAL(r->in_prod, 124u);
    CU_ASSERT_EQUAL(ring_put_input(r, src, sizeof(src)), 0);
    r->in_cons = 200;                               /* ahead of in_prod */
    CU_ASSERT_EQUAL(ring_put_input(r, src, 1), -EPROTO);
    CU_ASSERT_EQUAL(r->in_prod, 124u);
    free_ring(r);
}

/* The page leaves the address space: every call says so and none crashes. */
static void test_vanished_page(void)
{
    struct xencons_interface *r = new_ring();
    char buf[XENCONS_OUT_SIZE];

    produce(r, 10, 0);
    CU_ASSERT_FATAL(mprotect(r, PAGE, PROT_NONE) == 0);
    CU_ASSERT_EQUAL(ring_take_output(r, buf, sizeof(buf)), -EFAULT);
    CU_ASSERT_EQUAL(ring_input_space(r), -EFAULT);
    CU_ASSERT_EQUAL(ring_put_input(r, "a", 1), -EFAULT);
    /* And again, now that the handler has run once. */
    CU_ASSERT_EQUAL(ring_take_output(r, buf, sizeof(buf)), -EFAULT);
    CU_ASSERT_FATAL(mprotect(r, PAGE, PROT_READ | PROT_WRITE) == 0);
    CU_ASSERT_EQUAL(ring_take_output(r, buf, sizeof(buf)), 10);
    free_ring(r);
}

static void test_guard_needs_install(void)
{
    char page[64];

    CU_ASSERT_EQUAL(ring_input_space((struct xencons_interface *)page), -ENOSYS);
}

static volatile char *stray;

static int touch_stray(void *arg)
{
    (void)arg;
    return *stray;
}

/* A fault outside the guarded range is not swallowed: the process dies
 * of it as it would without the guard. */
static void test_guard_keeps_other_faults(void)
{
    char *pages = mmap(NULL, 2 * PAGE, PROT_READ | PROT_WRITE,
                       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    pid_t pid;
    int status;

    CU_ASSERT_FATAL(pages != MAP_FAILED);
    CU_ASSERT_FATAL(mprotect(pages + PAGE, PAGE, PROT_NONE) == 0);
    stray = pages + PAGE;
    pid = fork();
    CU_ASSERT_FATAL(pid >= 0);
    if (pid == 0) {
        int null = open("/dev/null", O_WRONLY);

        dup2(null, 2);          /* the sanitizer's report is expected */
        if (guard_install() < 0)
            _exit(3);
        guard_run(pages, PAGE, touch_stray, NULL);
        _exit(42);
    }
    CU_ASSERT_EQUAL_FATAL(waitpid(pid, &status, 0), pid);
    CU_ASSERT(WIFSIGNALED(status) || (WIFEXITED(status) &&
              WEXITSTATUS(status) != 42 && WEXITSTATUS(status) != 3 &&
              WEXITSTATUS(status) != 0));
    munmap(pages, 2 * PAGE);
}

/* Installing twice and uninstalling once keeps the guard working. */
static void test_guard_nesting(void)
{
    struct xencons_interface *r = new_ring();
    char buf[16];

    CU_ASSERT_EQUAL(guard_install(), 0);
    guard_uninstall();
    CU_ASSERT_FATAL(mprotect(r, PAGE, PROT_NONE) == 0);
    CU_ASSERT_EQUAL(ring_take_output(r, buf, sizeof(buf)), -EFAULT);
    free_ring(r);
    CU_ASSERT_EQUAL(ring_take_output(r, buf, sizeof(buf)), -ENOSYS);
}

/* A guest producing on another CPU while we consume: every byte arrives,
 * once and in order, whatever the interleaving. */
#define STREAM_BYTES (4u << 20)

static void *producer(void *arg)
{
    struct xencons_interface *r = arg;
    uint32_t prod = 0;

    while (prod < STREAM_BYTES) {
        uint32_t cons = __atomic_load_n(&r->out_cons, __ATOMIC_ACQUIRE);
        uint32_t room = XENCONS_OUT_SIZE - (prod - cons);

        if (room > STREAM_BYTES - prod)
            room = STREAM_BYTES - prod;
        for (uint32_t i = 0; i < room; i++)
            r->out[(prod + i) % XENCONS_OUT_SIZE] = (char)((prod + i) % 251);
        prod += room;
        __atomic_store_n(&r->out_prod, prod, __ATOMIC_RELEASE);
    }
    return NULL;
}

static void test_concurrent_producer(void)
{
    struct xencons_interface *r = new_ring();
    char buf[XENCONS_OUT_SIZE];
    uint32_t got = 0;
    bool ok = true;
    pthread_t th;

    CU_ASSERT_FATAL(pthread_create(&th, NULL, producer, r) == 0);
    while (got < STREAM_BYTES && ok) {
        int n = ring_take_output(r, buf, sizeof(buf));

        ok = n >= 0;
        for (int i = 0; ok && i < n; i++)
            ok = buf[i] == (char)((got + (uint32_t)i) % 251);
        got += ok ? (uint32_t)n : 0;
    }
    CU_ASSERT(ok);
    CU_ASSERT_EQUAL(got, STREAM_BYTES);
    pthread_join(th, NULL);
    free_ring(r);
}

UNIT_SUITE(xenconsoled_ring,
           UNIT_TEST(test_take_nothing), UNIT_TEST(test_take_simple),
           UNIT_TEST(test_take_wraps), UNIT_TEST(test_take_full_ring),
           UNIT_TEST(test_take_partial), UNIT_TEST(test_take_corrupt),
           UNIT_TEST(test_input_space), UNIT_TEST(test_put_input_wraps),
           UNIT_TEST(test_put_input_fills_up), UNIT_TEST(test_vanished_page),
           UNIT_TEST(test_guard_needs_install),
           UNIT_TEST(test_guard_keeps_other_faults),
           UNIT_TEST(test_guard_nesting), UNIT_TEST(test_concurrent_producer))
