/* xenstored over its socket: every store operation, the domain
 * management requests a toolstack sends, CONTROL, and bad input. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include "unit.h"
#include "test_xenstored.h"

static struct xt t;
static struct xc c;

static void up(void)
{
    CU_ASSERT_FATAL(xt_start(&t, NULL, false) == 0);
    CU_ASSERT_FATAL(xc_socket(&t, &c) == 0);
}

static void down(void)
{
    xc_close(&c);
    xt_stop(&t);
}

static void expect_check_ok(struct xc *cl)
{
    char out[256];

    CU_ASSERT(xc_control(cl, "check", out, sizeof(out)) > 0);
    CU_ASSERT_STRING_EQUAL(out, "OK");
}

static void test_initial_contents(void)
{
    char out[256];

    up();
    CU_ASSERT(xc_dir(&c, 0, "/", out, sizeof(out)) >= 0);
    CU_ASSERT_STRING_EQUAL(out, "tool");
    CU_ASSERT(xc_dir(&c, 0, "/tool", out, sizeof(out)) >= 0);
    CU_ASSERT_STRING_EQUAL(out, "xenstored");
    CU_ASSERT(xc_read(&c, 0, "/local", out, sizeof(out)) == -ENOENT);
    CU_ASSERT(xc_getperms(&c, 0, "/", out, sizeof(out)) > 0);
    CU_ASSERT_STRING_EQUAL(out, "n0");
    CU_ASSERT(xc_getperms(&c, 0, "@introduceDomain", out, sizeof(out)) > 0);
    CU_ASSERT_STRING_EQUAL(out, "n0");
    expect_check_ok(&c);
    down();
}

static void test_write_read(void)
{
    static const char bin[] = "/bin\0a\0b";   /* value "a\0b" */
    struct xt_msg m;
    char out[64];

    up();
    CU_ASSERT(xc_write(&c, 0, "/a/b/c", "hello") == 0);
    CU_ASSERT(xc_read(&c, 0, "/a/b/c", out, sizeof(out)) == 5);
    CU_ASSERT_STRING_EQUAL(out, "hello");
    CU_ASSERT(xc_read(&c, 0, "/a/b", out, sizeof(out)) == 0);
    CU_ASSERT(xc_write(&c, 0, "/a/b/c", "") == 0);
    CU_ASSERT(xc_read(&c, 0, "/a/b/c", out, sizeof(out)) == 0);
    CU_ASSERT(xc_req(&c, XS_WRITE, 0, bin, sizeof(bin) - 1, &m) == 0);
    CU_ASSERT(m.h.type == XS_WRITE && m.h.len == 3 && !strcmp(m.body, "OK"));
    CU_ASSERT(xc_req(&c, XS_READ, 0, "/bin", 5, &m) == 0);
    CU_ASSERT(m.h.len == 3 && !memcmp(m.body, "a\0b", 3));
    CU_ASSERT(xc_write(&c, 0, "rel", "x") == 0);
    CU_ASSERT(xc_read(&c, 0, "/local/domain/0/rel", out, sizeof(out)) == 1);
    expect_check_ok(&c);
    down();
}

static void test_directory_order(void)
{
    char out[256];

    up();
    CU_ASSERT(xc_write(&c, 0, "/d/zeta", "1") == 0);
    CU_ASSERT(xc_write(&c, 0, "/d/alpha", "2") == 0);
    CU_ASSERT(xc_write(&c, 0, "/d/mid/x", "3") == 0);
    CU_ASSERT(xc_dir(&c, 0, "/d", out, sizeof(out)) >= 0);
    CU_ASSERT_STRING_EQUAL(out, "zeta alpha mid");
    CU_ASSERT(xc_dir(&c, 0, "/d/zeta", out, sizeof(out)) == 0);
    CU_ASSERT(xc_dir(&c, 0, "/nope", out, sizeof(out)) == -ENOENT);
    down();
}

static void test_mkdir(void)
{
    char out[64];

    up();
    CU_ASSERT(xc_mkdir(&c, 0, "/m/n/o") == 0);
    CU_ASSERT(xc_read(&c, 0, "/m/n/o", out, sizeof(out)) == 0);
    CU_ASSERT(xc_write(&c, 0, "/m/n", "keep") == 0);
    CU_ASSERT(xc_mkdir(&c, 0, "/m/n") == 0);
    CU_ASSERT(xc_read(&c, 0, "/m/n", out, sizeof(out)) == 4);
    CU_ASSERT_STRING_EQUAL(out, "keep");
    down();
}

static void test_rm(void)
{
    char out[64];

    up();
    CU_ASSERT(xc_write(&c, 0, "/r/a/b", "1") == 0);
    CU_ASSERT(xc_write(&c, 0, "/r/c", "2") == 0);
    CU_ASSERT(xc_rm(&c, 0, "/r/a") == 0);
    CU_ASSERT(xc_read(&c, 0, "/r/a/b", out, sizeof(out)) == -ENOENT);
    CU_ASSERT(xc_dir(&c, 0, "/r", out, sizeof(out)) >= 0);
    CU_ASSERT_STRING_EQUAL(out, "c");
    CU_ASSERT(xc_rm(&c, 0, "/r/a") == 0);        /* gone, parent there */
    CU_ASSERT(xc_rm(&c, 0, "/r/x/y") == -ENOENT); /* parent gone too */
    CU_ASSERT(xc_rm(&c, 0, "/") == -EINVAL);
    expect_check_ok(&c);
    down();
}

static void test_perms(void)
{
    char out[64];

    up();
    CU_ASSERT(xc_write(&c, 0, "/p/q", "v") == 0);
    CU_ASSERT(xc_getperms(&c, 0, "/p/q", out, sizeof(out)) > 0);
    CU_ASSERT_STRING_EQUAL(out, "n0");
    CU_ASSERT(xc_setperms(&c, 0, "/p", "b5,r7,w8") == 0);
    CU_ASSERT(xc_getperms(&c, 0, "/p", out, sizeof(out)) > 0);
    CU_ASSERT_STRING_EQUAL(out, "b5,r7,w8");
    CU_ASSERT(xc_write(&c, 0, "/p/new", "") == 0);
    CU_ASSERT(xc_getperms(&c, 0, "/p/new", out, sizeof(out)) > 0);
    CU_ASSERT_STRING_EQUAL(out, "b5,r7,w8");     /* dom0 keeps the owner */
    CU_ASSERT(xc_setperms(&c, 0, "/p", "q5") == -EINVAL);
    CU_ASSERT(xc_setperms(&c, 0, "/p", "r") == -EINVAL);
    CU_ASSERT(xc_setperms(&c, 0, "/nope", "b0") == -ENOENT);
    CU_ASSERT(xc_getperms(&c, 0, "/nope", out, sizeof(out)) == -ENOENT);
    CU_ASSERT(xc_setperms(&c, 0, "@releaseDomain", "n0,r5") == 0);
    CU_ASSERT(xc_getperms(&c, 0, "@releaseDomain", out, sizeof(out)) > 0);
    CU_ASSERT_STRING_EQUAL(out, "n0,r5");
    expect_check_ok(&c);
    down();
}

/* A directory longer than one payload: DIRECTORY says E2BIG and
 * DIRECTORY_PART hands it out in pieces, as libxenstore expects. */
static void test_directory_part(void)
{
    static char all[40000];
    char path[128], req[128];
    struct xt_msg m;
    size_t have = 0, off = 0;
    char gen[32] = "";
    int n;

    up();
    for (int i = 0; i < 300; i++) {
        snprintf(path, sizeof(path), "/big/child-with-a-rather-long-name-%04d", i);
        CU_ASSERT_FATAL(xc_write(&c, 0, path, "") == 0);
    }
    CU_ASSERT(xc_req(&c, XS_DIRECTORY, 0, "/big", 5, &m) == -E2BIG);
    for (int parts = 0; parts < 10; parts++) {
        size_t glen, len;

        n = snprintf(req, sizeof(req), "/big%c%zu", 0, off);
        CU_ASSERT_FATAL(xc_req(&c, XS_DIRECTORY_PART, 0, req, (size_t)n + 1, &m) == 0);
        glen = strlen(m.body) + 1;
        if (!gen[0])
            snprintf(gen, sizeof(gen), "%.31s", m.body);
        CU_ASSERT_STRING_EQUAL(m.body, gen);
        len = m.h.len - glen;
        memcpy(all + have, m.body + glen, len);
        have += len;
        off += len;
        if (len >= 2 && all[have - 2] == '\0')
            break;
    }
    CU_ASSERT(have > XENSTORE_PAYLOAD_MAX);
    CU_ASSERT(!strcmp(all, "child-with-a-rather-long-name-0000"));
    CU_ASSERT(!strcmp(all + have - 36, "child-with-a-rather-long-name-0299"));
    n = snprintf(req, sizeof(req), "/big%c%d", 0, 1000000);
    CU_ASSERT(xc_req(&c, XS_DIRECTORY_PART, 0, req, (size_t)n + 1, &m) == 0);
    CU_ASSERT(m.h.len == strlen(gen) + 2);
    n = snprintf(req, sizeof(req), "/big%cx1", 0);
    CU_ASSERT(xc_req(&c, XS_DIRECTORY_PART, 0, req, (size_t)n + 1, &m) == -EINVAL);
    CU_ASSERT(xc_req(&c, XS_DIRECTORY_PART, 0, "/big", 5, &m) == -EINVAL);
    down();
}

static void test_domain_requests_without_rings(void)
{
    struct xt_msg m;

    up();
    CU_ASSERT(xc_req(&c, XS_GET_DOMAIN_PATH, 0, "5", 2, &m) == 0);
    CU_ASSERT_STRING_EQUAL(m.body, "/local/domain/5");
    CU_ASSERT(xc_req(&c, XS_GET_DOMAIN_PATH, 0, "x", 2, &m) == -EINVAL);
    CU_ASSERT(xc_req(&c, XS_IS_DOMAIN_INTRODUCED, 0, "0", 2, &m) == 0);
    CU_ASSERT_STRING_EQUAL(m.body, "T");
    CU_ASSERT(xc_req(&c, XS_IS_DOMAIN_INTRODUCED, 0, "7", 2, &m) == 0);
    CU_ASSERT_STRING_EQUAL(m.body, "F");
    CU_ASSERT(xc_req(&c, XS_INTRODUCE, 0, "5\0" "1\0" "2", 6, &m) == -ENOSYS);
    CU_ASSERT(xc_req(&c, XS_RELEASE, 0, "5", 2, &m) == -ENOENT);
    CU_ASSERT(xc_req(&c, XS_RELEASE, 0, "0", 2, &m) == -EINVAL);
    CU_ASSERT(xc_req(&c, XS_RESUME, 0, "5", 2, &m) == -ENOENT);
    CU_ASSERT(xc_req(&c, XS_SET_TARGET, 0, "5\0" "6", 4, &m) == -ENOENT);
    CU_ASSERT(xc_req(&c, XS_RESET_WATCHES, 0, "", 1, &m) == 0);
    down();
}

static void test_control(void)
{
    char out[4096], file[160];
    FILE *fp;
    bool found = false;

    up();
    CU_ASSERT(xc_control(&c, "help", out, sizeof(out)) > 0);
    CU_ASSERT(strstr(out, "dump") != NULL && strstr(out, "log") != NULL);
    CU_ASSERT(xc_control(&c, "log|on", out, sizeof(out)) > 0);
    CU_ASSERT(xc_control(&c, "log", out, sizeof(out)) > 0 && !strcmp(out, "on"));
    CU_ASSERT(xc_control(&c, "log|off", out, sizeof(out)) > 0);
    CU_ASSERT(xc_control(&c, "log", out, sizeof(out)) > 0 && !strcmp(out, "off"));
    CU_ASSERT(xc_control(&c, "log|maybe", out, sizeof(out)) == -EINVAL);
    snprintf(file, sizeof(file), "%s/log", t.dir);
    snprintf(out, sizeof(out), "logfile|%s", file);
    CU_ASSERT(xc_control(&c, out, out, sizeof(out)) > 0);
    CU_ASSERT(xc_control(&c, "print|hello", out, sizeof(out)) > 0);
    fp = fopen(file, "r");
    CU_ASSERT_FATAL(fp != NULL);
    CU_ASSERT(fread(out, 1, sizeof(out) - 1, fp) > 0);
    fclose(fp);
    unlink(file);
    CU_ASSERT(strstr(out, "control: hello") != NULL);
    CU_ASSERT(xc_control(&c, "logfile|/nonexistent-dir/x", out, sizeof(out)) == -ENOENT);
    CU_ASSERT(xc_control(&c, "quota", out, sizeof(out)) > 0 && strstr(out, "nodes 1000"));
    CU_ASSERT(xc_control(&c, "quota|0", out, sizeof(out)) > 0 && strstr(out, "dom0 nodes 3"));
    CU_ASSERT(xc_control(&c, "quota|abc", out, sizeof(out)) == -EINVAL);
    CU_ASSERT(xc_control(&c, "no-such-command", out, sizeof(out)) == -EINVAL);
    CU_ASSERT(xc_write(&c, 0, "/dumped/node", "va\"l") == 0);
    snprintf(file, sizeof(file), "%s/dump", t.dir);
    snprintf(out, sizeof(out), "dump|%s", file);
    CU_ASSERT(xc_control(&c, out, out, sizeof(out)) > 0 && strstr(out, "dumped 7 nodes"));
    fp = fopen(file, "r");
    CU_ASSERT_FATAL(fp != NULL);
    while (fgets(out, sizeof(out), fp))
        found |= !strcmp(out, "/dumped/node = \"va\\x22l\" (n0)\n");
    fclose(fp);
    unlink(file);
    CU_ASSERT(found);
    down();
}

static void test_bad_requests(void)
{
    static char longpath[3200];
    struct xt_msg m;

    up();
    CU_ASSERT(xc_req(&c, XS_READ, 0, "/a", 2, &m) == -EINVAL);       /* no NUL */
    CU_ASSERT(xc_req(&c, XS_READ, 0, "/a\0/b", 6, &m) == -EINVAL);   /* two args */
    CU_ASSERT(xc_req(&c, XS_READ, 0, "", 0, &m) == -EINVAL);
    CU_ASSERT(xc_req(&c, XS_READ, 0, "/a b", 5, &m) == -EINVAL);
    CU_ASSERT(xc_req(&c, XS_READ, 0, "/a/", 4, &m) == -EINVAL);
    CU_ASSERT(xc_req(&c, XS_READ, 0, "//a", 4, &m) == -EINVAL);
    CU_ASSERT(xc_req(&c, XS_WRITE, 0, "/a", 2, &m) == -EINVAL);
    CU_ASSERT(xc_req(&c, XS_WRITE, 0, "@introduceDomain", 17, &m) == -EINVAL);
    CU_ASSERT(xc_req(&c, 99, 0, "", 0, &m) == -ENOSYS);
    CU_ASSERT(xc_req(&c, 20, 0, "", 0, &m) == -ENOSYS);
    CU_ASSERT(xc_req(&c, XS_WATCH_EVENT, 0, "", 0, &m) == -ENOSYS);
    CU_ASSERT(xc_req(&c, XS_ERROR, 0, "", 0, &m) == -ENOSYS);
    CU_ASSERT(xc_req(&c, XS_INVALID, 0, "", 0, &m) == -ENOSYS);
    CU_ASSERT(xc_req(&c, XS_READ, 1234, "/tool", 6, &m) == -ENOENT); /* no such tx */
    memset(longpath, 'a', sizeof(longpath) - 1);
    longpath[0] = '/';
    CU_ASSERT(xc_req(&c, XS_READ, 0, longpath, 3100, &m) == -EINVAL);
    /* Still serving after all that. */
    CU_ASSERT(xc_write(&c, 0, "/ok", "1") == 0);
    down();
}

/* A message split into single bytes, and many sent at once. */
static void test_framing(void)
{
    struct xsd_sockmsg h = { XS_WRITE, 77, 0, 6 };
    uint8_t buf[64 * 32];
    struct xt_msg m;
    size_t len = 0;

    up();
    memcpy(buf, &h, sizeof(h));
    memcpy(buf + sizeof(h), "/f\0val", 6);
    for (size_t i = 0; i < sizeof(h) + 6; i++)
        CU_ASSERT_FATAL(xc_send_raw(&c, buf + i, 1) == 0);
    CU_ASSERT(xc_recv(&c, &m) == 0 && m.h.req_id == 77 && m.h.type == XS_WRITE);
    for (uint32_t i = 0; i < 64; i++) {
        struct xsd_sockmsg r = { XS_READ, 1000 + i, 0, 3 };

        memcpy(buf + len, &r, sizeof(r));
        memcpy(buf + len + sizeof(r), "/f", 3);
        len += sizeof(r) + 3;
    }
    CU_ASSERT(xc_send_raw(&c, buf, len) == 0);
    for (uint32_t i = 0; i < 64; i++) {
        CU_ASSERT_FATAL(xc_recv(&c, &m) == 0);
        CU_ASSERT(m.h.req_id == 1000 + i && m.h.len == 3 && !memcmp(m.body, "val", 3));
    }
    down();
}

/* An oversized length kills that client only. */
static void test_oversized_disconnects(void)
{
    struct xsd_sockmsg h = { XS_READ, 1, 0, XENSTORE_PAYLOAD_MAX + 1 };
    struct xc other;
    struct xt_msg m;
    char out[16];

    up();
    CU_ASSERT_FATAL(xc_socket(&t, &other) == 0);
    CU_ASSERT(xc_send_raw(&c, &h, sizeof(h)) == 0);
    CU_ASSERT(xc_recv(&c, &m) == -EPIPE);
    CU_ASSERT(xc_write(&other, 0, "/still", "up") == 0);
    CU_ASSERT(xc_read(&other, 0, "/still", out, sizeof(out)) == 2);
    xc_close(&other);
    down();
}

/* A client that sends and never reads is cut off; others carry on. */
static void test_slow_reader_disconnected(void)
{
    struct xsd_config cfg = { .out_limit = 64 * 1024 };
    struct xsd_sockmsg h = { XS_READ, 1, 0, 6 };
    uint8_t req[sizeof(h) + 6];
    struct xc other;
    char big[2000];
    bool cut = false;

    xsd_quota_defaults(&cfg.quota);
    CU_ASSERT_FATAL(xt_start_cfg(&t, &cfg, false) == 0);
    CU_ASSERT_FATAL(xc_socket(&t, &c) == 0);
    CU_ASSERT_FATAL(xc_socket(&t, &other) == 0);
    memset(big, 'x', sizeof(big) - 1);
    big[sizeof(big) - 1] = '\0';
    CU_ASSERT(xc_write(&other, 0, "/big", big) == 0);
    memcpy(req, &h, sizeof(h));
    memcpy(req + sizeof(h), "/big", 5);
    memcpy(req + sizeof(h), "/big\0", 6);
    for (int i = 0; i < 5000 && !cut; i++) {
        ssize_t n = send(c.fd, req, sizeof(req), MSG_NOSIGNAL);

        cut = n < 0 && errno != EAGAIN;
        xt_pump(&t);
        if (i % 50 == 0)
            CU_ASSERT(xc_write(&other, 0, "/alive", "1") == 0);
    }
    CU_ASSERT(cut);
    CU_ASSERT(xc_write(&other, 0, "/alive", "2") == 0);
    xc_close(&other);
    down();
}

UNIT_SUITE(xenstored_ops,
           UNIT_TEST(test_initial_contents),
           UNIT_TEST(test_write_read),
           UNIT_TEST(test_directory_order),
           UNIT_TEST(test_mkdir),
           UNIT_TEST(test_rm),
           UNIT_TEST(test_perms),
           UNIT_TEST(test_directory_part),
           UNIT_TEST(test_domain_requests_without_rings),
           UNIT_TEST(test_control),
           UNIT_TEST(test_bad_requests),
           UNIT_TEST(test_framing),
           UNIT_TEST(test_oversized_disconnects),
           UNIT_TEST(test_slow_reader_disconnected))
