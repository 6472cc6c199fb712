/* Tests for libctl's xenstore client (libctl/xs_*.c) against a fake
 * xenstored: a thread on a temporary Unix socket that records each request
 * and answers it through a per-test handler, which can also send events,
 * late or broken replies, or nothing at all. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>
#include <public/io/xs_wire.h>
#include "libctl.h"
#include "../../libctl/xs_internal.h"
#include "unit.h"

#define FAKE_MAX_REQS 64
#define SHORT_MS 100

struct fake_req {
    struct xsd_sockmsg hdr;
    char payload[XENSTORE_PAYLOAD_MAX + 1];
};

struct fake;
typedef void fake_handler(struct fake *f, unsigned i, const struct fake_req *r);

struct fake {
    int listen_fd, fd;
    char dir[32], path[64];
    pthread_t thread;
    fake_handler *handler;
    int arg;                    /* a number the handler may use */
    unsigned nreqs;
    struct fake_req reqs[FAKE_MAX_REQS];
};

/* ---- the fake server ------------------------------------------------- */

static int read_full(int fd, void *p, size_t n)
{
    while (n) {
        ssize_t r = read(fd, p, n);

        if (r <= 0)
            return -1;
        p = (char *)p + r;
        n -= (size_t)r;
    }
    return 0;
}

static void fake_raw(struct fake *f, const void *p, size_t n)
{
    /* The client may be gone already; what it missed is its test's
     * business, so failures here are ignored. */
    if (send(f->fd, p, n, MSG_NOSIGNAL) < 0)
        return;
}

static void fake_msg(struct fake *f, uint32_t type, uint32_t req_id,
                     uint32_t tx, const void *p, size_t len)
{
    struct xsd_sockmsg h = { type, req_id, tx, (uint32_t)len };
    char buf[sizeof(h) + 8192];

    memcpy(buf, &h, sizeof(h));
    memcpy(buf + sizeof(h), p, len);
    fake_raw(f, buf, sizeof(h) + len);
}

static void fake_reply(struct fake *f, const struct fake_req *r,
                       const void *p, size_t len)
{
    fake_msg(f, r->hdr.type, r->hdr.req_id, r->hdr.tx_id, p, len);
}

static void fake_ok(struct fake *f, const struct fake_req *r)
{
    fake_reply(f, r, "OK", 3);
}

static void fake_error(struct fake *f, const struct fake_req *r,
                       const char *name)
{
    fake_msg(f, XS_ERROR, r->hdr.req_id, r->hdr.tx_id, name,
             strlen(name) + 1);
}

static void fake_event(struct fake *f, const char *path, const char *token)
{
    char buf[256];
    size_t pl = strlen(path) + 1, tl = strlen(token) + 1;

    memcpy(buf, path, pl);
    memcpy(buf + pl, token, tl);
    fake_msg(f, XS_WATCH_EVENT, 0, 0, buf, pl + tl);
}

static void *fake_main(void *arg)
{
    struct fake *f = arg;

    if (f->listen_fd >= 0)
        f->fd = accept(f->listen_fd, NULL, NULL);
    while (f->fd >= 0 && f->nreqs < FAKE_MAX_REQS) {
        struct fake_req *r = &f->reqs[f->nreqs];

        if (read_full(f->fd, &r->hdr, sizeof(r->hdr)) ||
            r->hdr.len > XENSTORE_PAYLOAD_MAX ||
            read_full(f->fd, r->payload, r->hdr.len))
            break;
        r->payload[r->hdr.len] = '\0';
        f->nreqs++;
        f->handler(f, f->nreqs - 1, r);
    }
    return NULL;
}

static struct xs_conn *fake_start(struct fake *f, fake_handler *h)
{
    struct sockaddr_un sa = { .sun_family = AF_UNIX };
    struct xs_conn *c;
    int err = 0;

    memset(f, 0, sizeof(*f));
    f->handler = h;
    f->fd = -1;
    strcpy(f->dir, "/tmp/xs_test.XXXXXX");
    CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(f->dir));
    snprintf(f->path, sizeof(f->path), "%s/socket", f->dir);
    strcpy(sa.sun_path, f->path);
    f->listen_fd = socket(AF_UNIX, SOCK_STREAM, 0);
    CU_ASSERT_FATAL(f->listen_fd >= 0);
    CU_ASSERT_FATAL(bind(f->listen_fd, (struct sockaddr *)&sa, sizeof(sa)) == 0);
    CU_ASSERT_FATAL(listen(f->listen_fd, 4) == 0);
    CU_ASSERT_FATAL(pthread_create(&f->thread, NULL, fake_main, f) == 0);
    c = xs_open(f->path, &err);
    CU_ASSERT_EQUAL(err, 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(c);
    xs_set_timeout(c, 2000);
    return c;
}

/* Closing the client ends the server's loop (it reads end of file). */
static void fake_stop(struct fake *f, struct xs_conn *c)
{
    xs_close(c);
    if (f->listen_fd >= 0)
        shutdown(f->listen_fd, SHUT_RDWR);
    pthread_join(f->thread, NULL);
    if (f->fd >= 0)
        close(f->fd);
    if (f->listen_fd >= 0) {
        close(f->listen_fd);
        unlink(f->path);
        rmdir(f->dir);
    }
}

static bool payload_is(const struct fake_req *r, const void *p, size_t len)
{
    return r->hdr.len == len && memcmp(r->payload, p, len) == 0;
}

/* ---- handlers ---------------------------------------------------------- */

/* Answers READ with a value holding a NUL, everything else with OK. */
static void h_basic(struct fake *f, unsigned i, const struct fake_req *r)
{
    (void)i;
    if (r->hdr.type == XS_READ)
        fake_reply(f, r, "ab\0cd", 5);
    else
        fake_ok(f, r);
}

static void h_error_name(struct fake *f, unsigned i, const struct fake_req *r)
{
    (void)i;
    fake_error(f, r, r->payload);   /* the path is the name to send */
}

/* The reply comes in pieces, one byte at first, so the client must
 * put the header and body together. */
static void h_fragmented(struct fake *f, unsigned i, const struct fake_req *r)
{
    struct xsd_sockmsg h = { XS_READ, r->hdr.req_id, 0, 5 };
    char buf[sizeof(h) + 5];

    (void)i;
    memcpy(buf, &h, sizeof(h));
    memcpy(buf + sizeof(h), "hello", 5);
    for (size_t off = 0; off < sizeof(buf); off += off < 3 ? 1 : 7) {
        size_t n = off < 3 ? 1 : 7;

        fake_raw(f, buf + off, off + n > sizeof(buf) ? sizeof(buf) - off : n);
        usleep(2000);
    }
}

/* A reply to some other request first, then the right one. */
static void h_stale_first(struct fake *f, unsigned i, const struct fake_req *r)
{
    (void)i;
    fake_msg(f, XS_READ, r->hdr.req_id + 100, 0, "wrong", 5);
    fake_reply(f, r, "right", 5);
}

/* Events before and after the reply. */
static void h_events_around(struct fake *f, unsigned i, const struct fake_req *r)
{
    (void)i;
    fake_event(f, "/a", "t1");
    fake_event(f, "/b/c", "t2");
    fake_reply(f, r, "v", 1);
    usleep(20000);
    fake_event(f, "/late", "t3");
}

static void h_watch_then_events(struct fake *f, unsigned i,
                                const struct fake_req *r)
{
    fake_ok(f, r);
    if (i == 0) {               /* fired at once, as xenstored does */
        usleep(20000);
        fake_event(f, "/w", "tok");
    }
}

/* Events for two watches queued ahead of the UNWATCH reply. */
static void h_unwatch(struct fake *f, unsigned i, const struct fake_req *r)
{
    (void)i;
    if (r->hdr.type == XS_UNWATCH) {
        fake_event(f, "/x/y", "a");
        fake_event(f, "/x", "b");
        fake_event(f, "/xy", "a");
        fake_event(f, "/x", "a");
    }
    fake_ok(f, r);
}

static void h_flood(struct fake *f, unsigned i, const struct fake_req *r)
{
    (void)i;
    for (int n = 0; n < f->arg; n++)
        fake_event(f, "/flood", "t");
    fake_reply(f, r, "v", 1);
}

static void h_bad_event(struct fake *f, unsigned i, const struct fake_req *r)
{
    (void)i;
    fake_msg(f, XS_WATCH_EVENT, 0, 0, "/only-a-path", 12);
    fake_msg(f, XS_WATCH_EVENT, 0, 0, "/p\0tok", 6);
    fake_event(f, "/good", "t");
    fake_reply(f, r, "v", 1);
}

static void h_directory(struct fake *f, unsigned i, const struct fake_req *r)
{
    (void)i;
    if (!strcmp(r->payload, "/three"))
        fake_reply(f, r, "a\0bb\0ccc\0", 9);
    else if (!strcmp(r->payload, "/empty"))
        fake_reply(f, r, "", 0);
    else if (!strcmp(r->payload, "/lone-nul"))
        fake_reply(f, r, "", 1);
    else
        fake_reply(f, r, "a\0b", 3);    /* no final NUL */
}

/* A big directory: DIRECTORY says E2BIG; parts by offset. f->arg = 1
 * makes the generation change once, at the second part. */
static void h_parts(struct fake *f, unsigned i, const struct fake_req *r)
{
    const char *off = r->payload + strlen(r->payload) + 1;

    (void)i;
    if (r->hdr.type == XS_DIRECTORY) {
        fake_error(f, r, "E2BIG");
    } else if (!strcmp(off, "0")) {
        fake_reply(f, r, "7\0alpha\0beta\0", 13);
    } else if (!strcmp(off, "11") && f->arg == 1) {
        f->arg = 0;
        fake_reply(f, r, "8\0gamma\0\0", 9);
    } else if (!strcmp(off, "11")) {
        fake_reply(f, r, "7\0gamma\0\0", 9);
    } else {
        fake_error(f, r, "EINVAL");
    }
}

static void h_parts_bad(struct fake *f, unsigned i, const struct fake_req *r)
{
    (void)i;
    if (r->hdr.type == XS_DIRECTORY)
        fake_error(f, r, "E2BIG");
    else if (f->arg == 0)
        fake_error(f, r, "ENOSYS");
    else if (f->arg == 1)
        fake_reply(f, r, "7", 1);           /* generation without NUL */
    else if (f->arg == 2)
        fake_reply(f, r, "7\0", 2);         /* no names, no end */
    else
        fake_reply(f, r, "7\0abc", 5);      /* name without NUL */
}

/* Generation changes on every part: the client must give up. */
static void h_parts_unstable(struct fake *f, unsigned i,
                             const struct fake_req *r)
{
    char buf[32];
    int n;

    if (r->hdr.type == XS_DIRECTORY) {
        fake_error(f, r, "E2BIG");
        return;
    }
    n = snprintf(buf, sizeof(buf), "%u", i);
    memcpy(buf + n + 1, "x\0", 2);
    fake_reply(f, r, buf, (size_t)n + 3);
}

static void h_perms(struct fake *f, unsigned i, const struct fake_req *r)
{
    (void)i;
    if (r->hdr.type == XS_SET_PERMS)
        fake_ok(f, r);
    else if (!strcmp(r->payload, "/good"))
        fake_reply(f, r, "n0\0r5\0b7\0w65535\0", 16);
    else if (!strcmp(r->payload, "/letter"))
        fake_reply(f, r, "x1\0", 3);
    else if (!strcmp(r->payload, "/empty"))
        fake_reply(f, r, "", 0);
    else
        fake_reply(f, r, "r1", 2);
}

/* TRANSACTION_START answers f->arg's id; END fails with EAGAIN while
 * f->arg counts down (then it is 0: OK). */
static void h_tx(struct fake *f, unsigned i, const struct fake_req *r)
{
    (void)i;
    if (r->hdr.type == XS_TRANSACTION_START) {
        fake_reply(f, r, "42", 3);
    } else if (r->hdr.type == XS_TRANSACTION_END && r->payload[0] == 'T' &&
               f->arg > 0) {
        f->arg--;
        fake_error(f, r, "EAGAIN");
    } else {
        fake_ok(f, r);
    }
}

static void h_tx_id(struct fake *f, unsigned i, const struct fake_req *r)
{
    static const char *const ids[] = { "abc", "0", "4294967296", "", "12" };

    fake_reply(f, r, ids[i % 5], strlen(ids[i % 5]) + 1);
}

/* No answer to the first request. The second gets the first's reply
 * (late, in two pieces) and then its own. */
static void h_late(struct fake *f, unsigned i, const struct fake_req *r)
{
    struct xsd_sockmsg h = { XS_READ, 0, 0, 4 };
    char buf[sizeof(h) + 4];

    if (i == 0)
        return;
    h.req_id = f->reqs[0].hdr.req_id;
    memcpy(buf, &h, sizeof(h));
    memcpy(buf + sizeof(h), "late", 4);
    if (f->arg == 1) {          /* half the late header went out in time */
        fake_raw(f, buf + 8, sizeof(buf) - 8);
    } else {
        fake_raw(f, buf, sizeof(buf));
    }
    fake_reply(f, r, "mine", 4);
}

static void h_half_header(struct fake *f, unsigned i, const struct fake_req *r)
{
    struct xsd_sockmsg h = { XS_READ, r->hdr.req_id, 0, 4 };

    if (i == 0) {
        f->arg = 1;
        fake_raw(f, &h, 8);
    } else {
        h_late(f, i, r);
    }
}

static void h_truncated(struct fake *f, unsigned i, const struct fake_req *r)
{
    struct xsd_sockmsg h = { XS_READ, r->hdr.req_id, 0, 10 };

    (void)i;
    fake_raw(f, &h, sizeof(h));
    fake_raw(f, "abc", 3);
    shutdown(f->fd, SHUT_WR);
}

static void h_oversized(struct fake *f, unsigned i, const struct fake_req *r)
{
    struct xsd_sockmsg h = { XS_READ, r->hdr.req_id, 0,
                             XENSTORE_PAYLOAD_MAX + 1 };

    (void)i;
    fake_raw(f, &h, sizeof(h));
}

static void h_wrong_type(struct fake *f, unsigned i, const struct fake_req *r)
{
    if (i == 0)
        fake_msg(f, XS_DIRECTORY, r->hdr.req_id, 0, "x", 2);
    else
        fake_reply(f, r, "ok", 2);
}

static void h_close(struct fake *f, unsigned i, const struct fake_req *r)
{
    (void)i;
    (void)r;
    shutdown(f->fd, SHUT_RDWR);
}

static void h_domain(struct fake *f, unsigned i, const struct fake_req *r)
{
    (void)i;
    switch (r->hdr.type) {
    case XS_GET_DOMAIN_PATH:
        if (!strcmp(r->payload, "5"))
            fake_reply(f, r, "/local/domain/5", 16);
        else
            fake_reply(f, r, "bogus", 6);
        break;
    case XS_IS_DOMAIN_INTRODUCED:
        fake_reply(f, r, r->payload[0] == '1' ? "T" :
                   r->payload[0] == '2' ? "F" : "maybe", 2);
        break;
    case XS_CONTROL:
        fake_reply(f, r, "logging on", 11);
        break;
    default:
        fake_ok(f, r);
    }
}

/* ---- tests ------------------------------------------------------------- */

static void test_open_errors(void)
{
    char longpath[200];
    int err = 0;

    CU_ASSERT_PTR_NULL(xs_open("/nonexistent/xs/socket", &err));
    CU_ASSERT_EQUAL(err, -ENOENT);
    CU_ASSERT_PTR_NULL(xs_open_dev("/nonexistent/xenbus", &err));
    CU_ASSERT_EQUAL(err, -ENOENT);
    setenv("XENSTORED_PATH", "/nonexistent/env/socket", 1);
    err = 0;
    CU_ASSERT_PTR_NULL(xs_open(NULL, &err));
    CU_ASSERT_EQUAL(err, -ENOENT);
    unsetenv("XENSTORED_PATH");
    /* A socket path longer than sun_path cannot be connected to. */
    memset(longpath, 'a', sizeof(longpath) - 1);
    longpath[0] = '/';
    longpath[sizeof(longpath) - 1] = '\0';
    CU_ASSERT_PTR_NULL(xs_open(longpath, &err));
    CU_ASSERT(err < 0);
    xs_close(NULL);
}

/* XENSTORED_PATH is used when no path is given. */
static void test_open_env(void)
{
    struct fake f;
    struct xs_conn *c = fake_start(&f, h_basic), *c2;
    char *v = NULL;
    int err = 0;

    setenv("XENSTORED_PATH", f.path, 1);
    c2 = xs_open(NULL, &err);
    unsetenv("XENSTORED_PATH");
    CU_ASSERT_PTR_NOT_NULL(c2);
    xs_close(c2);               /* the fake serves only the first client */
    CU_ASSERT_EQUAL(xs_read(c, XS_TX_NONE, "/k", &v, NULL), 0);
    free(v);
    fake_stop(&f, c);
}

static void test_read_write_framing(void)
{
    struct fake f;
    struct xs_conn *c = fake_start(&f, h_basic);
    char *v = NULL;
    size_t len = 0;

    CU_ASSERT_EQUAL(xs_read(c, 7, "/vm/name", &v, &len), 0);
    CU_ASSERT_EQUAL(len, 5);
    CU_ASSERT(v && memcmp(v, "ab\0cd", 6) == 0);   /* NUL added after */
    free(v);
    CU_ASSERT_EQUAL(xs_write(c, XS_TX_NONE, "/a/b", "val", 3), 0);
    CU_ASSERT_EQUAL(xs_write(c, 3, "/empty", NULL, 0), 0);
    CU_ASSERT_EQUAL(xs_mkdir(c, XS_TX_NONE, "/dir"), 0);
    CU_ASSERT_EQUAL(xs_rm(c, XS_TX_NONE, "/gone"), 0);
    CU_ASSERT_EQUAL(xs_read(c, 0, "/x", NULL, NULL), -EINVAL);
    CU_ASSERT_EQUAL(xs_write(c, 0, NULL, "v", 1), -EINVAL);
    CU_ASSERT_EQUAL(xs_rm(c, 0, NULL), -EINVAL);
    fake_stop(&f, c);

    CU_ASSERT_EQUAL_FATAL(f.nreqs, 5);
    CU_ASSERT_EQUAL(f.reqs[0].hdr.type, XS_READ);
    CU_ASSERT_EQUAL(f.reqs[0].hdr.tx_id, 7);
    CU_ASSERT(payload_is(&f.reqs[0], "/vm/name", 9));
    CU_ASSERT_NOT_EQUAL(f.reqs[0].hdr.req_id, 0);
    CU_ASSERT_NOT_EQUAL(f.reqs[0].hdr.req_id, f.reqs[1].hdr.req_id);
    CU_ASSERT_EQUAL(f.reqs[1].hdr.type, XS_WRITE);
    CU_ASSERT(payload_is(&f.reqs[1], "/a/b\0val", 8));     /* no final NUL */
    CU_ASSERT_EQUAL(f.reqs[2].hdr.tx_id, 3);
    CU_ASSERT(payload_is(&f.reqs[2], "/empty", 7));
    CU_ASSERT_EQUAL(f.reqs[3].hdr.type, XS_MKDIR);
    CU_ASSERT(payload_is(&f.reqs[3], "/dir", 5));
    CU_ASSERT_EQUAL(f.reqs[4].hdr.type, XS_RM);
}

static void test_fragmented_reply(void)
{
    struct fake f;
    struct xs_conn *c = fake_start(&f, h_fragmented);
    char *v = NULL;
    size_t len = 0;

    CU_ASSERT_EQUAL(xs_read(c, XS_TX_NONE, "/k", &v, &len), 0);
    CU_ASSERT_EQUAL(len, 5);
    CU_ASSERT(v && strcmp(v, "hello") == 0);
    free(v);
    fake_stop(&f, c);
}

static void test_error_names(void)
{
    static const struct { const char *name; int err; } names[] = {
        { "EINVAL", EINVAL }, { "EACCES", EACCES }, { "EEXIST", EEXIST },
        { "EISDIR", EISDIR }, { "ENOENT", ENOENT }, { "ENOMEM", ENOMEM },
        { "ENOSPC", ENOSPC }, { "EIO", EIO }, { "ENOTEMPTY", ENOTEMPTY },
        { "ENOSYS", ENOSYS }, { "EROFS", EROFS }, { "EBUSY", EBUSY },
        { "EAGAIN", EAGAIN }, { "EISCONN", EISCONN }, { "E2BIG", E2BIG },
        { "EPERM", EPERM }, { "EWHATEVER", EINVAL }, { "", EINVAL },
        { "enoent", EINVAL },
    };
    struct fake f;
    struct xs_conn *c = fake_start(&f, h_error_name);

    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
        CU_ASSERT_EQUAL(xs_rm(c, XS_TX_NONE, names[i].name), -names[i].err);
    fake_stop(&f, c);
}

static void test_error_name_forms(void)
{
    CU_ASSERT_EQUAL(xs_error_from_name("ENOENT", 6), -ENOENT);   /* no NUL */
    CU_ASSERT_EQUAL(xs_error_from_name("ENOENT", 7), -ENOENT);
    CU_ASSERT_EQUAL(xs_error_from_name("ENOENT\0x", 9), -EINVAL);
    CU_ASSERT_EQUAL(xs_error_from_name("ENOEN", 5), -EINVAL);
    CU_ASSERT_EQUAL(xs_error_from_name("", 0), -EINVAL);
}

static void test_stale_reply_dropped(void)
{
    struct fake f;
    struct xs_conn *c = fake_start(&f, h_stale_first);
    char *v = NULL;

    CU_ASSERT_EQUAL(xs_read(c, XS_TX_NONE, "/k", &v, NULL), 0);
    CU_ASSERT(v && strcmp(v, "right") == 0);
    free(v);
    fake_stop(&f, c);
}

static void expect_event(struct xs_conn *c, int timeout, const char *path,
                         const char *token)
{
    char *p = NULL, *t = NULL;

    CU_ASSERT_EQUAL_FATAL(xs_read_watch(c, &p, &t, timeout), 0);
    CU_ASSERT_STRING_EQUAL(p, path);
    CU_ASSERT_STRING_EQUAL(t, token);
    free(p);
    free(t);
}

static void expect_no_event(struct xs_conn *c, int timeout, int err)
{
    char *p = NULL, *t = NULL;

    CU_ASSERT_EQUAL(xs_read_watch(c, &p, &t, timeout), err);
    CU_ASSERT_PTR_NULL(p);
    CU_ASSERT_PTR_NULL(t);
}

static void test_events_interleaved(void)
{
    struct fake f;
    struct xs_conn *c = fake_start(&f, h_events_around);
    char *v = NULL;

    CU_ASSERT_EQUAL(xs_read(c, XS_TX_NONE, "/k", &v, NULL), 0);
    CU_ASSERT(v && strcmp(v, "v") == 0);
    free(v);
    expect_event(c, 0, "/a", "t1");
    expect_event(c, 0, "/b/c", "t2");
    expect_event(c, 2000, "/late", "t3");
    expect_no_event(c, 0, -ETIMEDOUT);
    expect_no_event(c, SHORT_MS, -ETIMEDOUT);
    CU_ASSERT_EQUAL(xs_read_watch(c, NULL, NULL, 0), -EINVAL);
    fake_stop(&f, c);
}

static bool fd_readable(int fd, int timeout)
{
    struct pollfd p = { .fd = fd, .events = POLLIN };

    return poll(&p, 1, timeout) == 1 && (p.revents & POLLIN);
}

static void test_watch_fd(void)
{
    struct fake f;
    struct xs_conn *c = fake_start(&f, h_watch_then_events);
    int fd;

    CU_ASSERT_EQUAL(xs_watch(c, "/w", "tok"), 0);
    fd = xs_watch_fd(c);
    CU_ASSERT_FATAL(fd >= 0);
    CU_ASSERT_EQUAL(xs_watch_fd(c), fd);
    /* The event arrives on the connection while nobody reads it. */
    CU_ASSERT(fd_readable(fd, 2000));
    expect_event(c, 0, "/w", "tok");
    CU_ASSERT_FALSE(fd_readable(fd, 0));
    /* An event queued during a request keeps the descriptor readable
     * although the connection has nothing more to read. */
    f.handler = h_events_around;
    CU_ASSERT_EQUAL(xs_mkdir(c, XS_TX_NONE, "/m"), 0);
    CU_ASSERT(fd_readable(fd, 0));
    expect_event(c, 0, "/a", "t1");
    CU_ASSERT(fd_readable(fd, 0));
    expect_event(c, 0, "/b/c", "t2");
    expect_event(c, 2000, "/late", "t3");
    CU_ASSERT_FALSE(fd_readable(fd, 0));
    CU_ASSERT_EQUAL(xs_watch_fd(NULL), -EINVAL);
    fake_stop(&f, c);
    CU_ASSERT(payload_is(&f.reqs[0], "/w\0tok", 7));
    CU_ASSERT_EQUAL(f.reqs[0].hdr.type, XS_WATCH);
}

static void test_unwatch_drops_queued(void)
{
    struct fake f;
    struct xs_conn *c = fake_start(&f, h_unwatch);

    CU_ASSERT_EQUAL(xs_unwatch(c, "/x", "a"), 0);
    expect_event(c, 0, "/x", "b");      /* other token */
    expect_event(c, 0, "/xy", "a");     /* not under /x */
    expect_no_event(c, 0, -ETIMEDOUT);
    CU_ASSERT_EQUAL(xs_unwatch(c, NULL, "a"), -EINVAL);
    CU_ASSERT_EQUAL(xs_watch(c, "/p", NULL), -EINVAL);
    fake_stop(&f, c);
    CU_ASSERT_EQUAL(f.reqs[0].hdr.type, XS_UNWATCH);
    CU_ASSERT(payload_is(&f.reqs[0], "/x\0a", 5));
}

static void test_reset_watches_drops_all(void)
{
    struct fake f;
    struct xs_conn *c = fake_start(&f, h_unwatch);

    CU_ASSERT_EQUAL(xs_unwatch(c, "/none", "z"), 0);    /* queues 4 */
    CU_ASSERT_EQUAL(xs_reset_watches(c), 0);
    expect_no_event(c, 0, -ETIMEDOUT);
    fake_stop(&f, c);
    CU_ASSERT_EQUAL(f.reqs[1].hdr.type, XS_RESET_WATCHES);
    CU_ASSERT(payload_is(&f.reqs[1], "", 1));
}

/* More events than the queue holds: the loss is reported once, first,
 * and the events that fit are all there, in order. */
static void test_event_queue_overflow(void)
{
    struct fake f;
    struct xs_conn *c = fake_start(&f, h_flood);
    char *v = NULL;
    int fd = xs_watch_fd(c);

    f.arg = XS_WATCH_QUEUE_MAX + 5;
    CU_ASSERT_EQUAL(xs_read(c, XS_TX_NONE, "/k", &v, NULL), 0);
    free(v);
    expect_no_event(c, 0, -ENOBUFS);
    for (unsigned i = 0; i < XS_WATCH_QUEUE_MAX; i++)
        expect_event(c, 0, "/flood", "t");
    CU_ASSERT_FALSE(fd_readable(fd, 0));
    expect_no_event(c, 0, -ETIMEDOUT);
    fake_stop(&f, c);
}

static void test_malformed_event(void)
{
    struct fake f;
    struct xs_conn *c = fake_start(&f, h_bad_event);
    char *v = NULL;

    CU_ASSERT_EQUAL(xs_read(c, XS_TX_NONE, "/k", &v, NULL), 0);
    free(v);
    expect_no_event(c, 0, -EBADMSG);    /* no token at all */
    expect_no_event(c, 0, -EBADMSG);    /* token not terminated */
    expect_event(c, 0, "/good", "t");
    fake_stop(&f, c);
}

static void test_directory(void)
{
    struct fake f;
    struct xs_conn *c = fake_start(&f, h_directory);
    char **names = NULL;
    unsigned n = 99;

    CU_ASSERT_EQUAL_FATAL(xs_directory(c, 0, "/three", &names, &n), 0);
    CU_ASSERT_EQUAL(n, 3);
    CU_ASSERT_STRING_EQUAL(names[0], "a");
    CU_ASSERT_STRING_EQUAL(names[1], "bb");
    CU_ASSERT_STRING_EQUAL(names[2], "ccc");
    CU_ASSERT_PTR_NULL(names[3]);
    free(names);
    CU_ASSERT_EQUAL_FATAL(xs_directory(c, 0, "/empty", &names, &n), 0);
    CU_ASSERT_EQUAL(n, 0);
    CU_ASSERT_PTR_NULL(names[0]);
    free(names);
    CU_ASSERT_EQUAL_FATAL(xs_directory(c, 0, "/lone-nul", &names, &n), 0);
    CU_ASSERT_EQUAL(n, 0);
    free(names);
    names = NULL;
    CU_ASSERT_EQUAL(xs_directory(c, 0, "/bad", &names, &n), -EBADMSG);
    CU_ASSERT_PTR_NULL(names);
    CU_ASSERT_EQUAL(xs_directory(c, 0, "/x", NULL, &n), -EINVAL);
    fake_stop(&f, c);
}

static void check_parts_result(struct xs_conn *c)
{
    char **names = NULL;
    unsigned n = 0;

    CU_ASSERT_EQUAL_FATAL(xs_directory(c, 9, "/big", &names, &n), 0);
    CU_ASSERT_EQUAL_FATAL(n, 3);
    CU_ASSERT_STRING_EQUAL(names[0], "alpha");
    CU_ASSERT_STRING_EQUAL(names[1], "beta");
    CU_ASSERT_STRING_EQUAL(names[2], "gamma");
    CU_ASSERT_PTR_NULL(names[3]);
    free(names);
}

static void test_directory_part(void)
{
    struct fake f;
    struct xs_conn *c = fake_start(&f, h_parts);

    check_parts_result(c);
    fake_stop(&f, c);
    CU_ASSERT_EQUAL_FATAL(f.nreqs, 3);
    CU_ASSERT_EQUAL(f.reqs[1].hdr.type, XS_DIRECTORY_PART);
    CU_ASSERT_EQUAL(f.reqs[1].hdr.tx_id, 9);
    CU_ASSERT(payload_is(&f.reqs[1], "/big\0" "0", 7));
    CU_ASSERT(payload_is(&f.reqs[2], "/big\0" "11", 8));
}

static void test_directory_part_restart(void)
{
    struct fake f;
    struct xs_conn *c = fake_start(&f, h_parts);

    f.arg = 1;
    check_parts_result(c);
    fake_stop(&f, c);
    CU_ASSERT_EQUAL_FATAL(f.nreqs, 5);  /* DIRECTORY, 0, 11 (stale), 0, 11 */
    CU_ASSERT(payload_is(&f.reqs[3], "/big\0" "0", 7));
}

static void test_directory_part_errors(void)
{
    static const int expect[] = { -E2BIG, -EBADMSG, -EBADMSG, -EBADMSG };
    struct fake f;
    struct xs_conn *c = fake_start(&f, h_parts_bad);
    char **names = NULL;
    unsigned n;

    for (int i = 0; i < 4; i++) {
        f.arg = i;
        CU_ASSERT_EQUAL(xs_directory(c, 0, "/big", &names, &n), expect[i]);
        CU_ASSERT_PTR_NULL(names);
    }
    f.handler = h_parts_unstable;
    CU_ASSERT_EQUAL(xs_directory(c, 0, "/big", &names, &n), -EAGAIN);
    CU_ASSERT_PTR_NULL(names);
    fake_stop(&f, c);
}

static void test_perms(void)
{
    static const struct xs_perm set[] = { { 0, 'b' }, { 3, 'r' } };
    struct fake f;
    struct xs_conn *c = fake_start(&f, h_perms);
    struct xs_perm *p = NULL;
    unsigned n = 0;

    CU_ASSERT_EQUAL_FATAL(xs_get_perms(c, 0, "/good", &p, &n), 0);
    CU_ASSERT_EQUAL(n, 4);
    CU_ASSERT(p[0].perm == 'n' && p[0].domid == 0);
    CU_ASSERT(p[1].perm == 'r' && p[1].domid == 5);
    CU_ASSERT(p[2].perm == 'b' && p[2].domid == 7);
    CU_ASSERT(p[3].perm == 'w' && p[3].domid == 65535);
    free(p);
    p = NULL;
    CU_ASSERT_EQUAL(xs_get_perms(c, 0, "/letter", &p, &n), -EBADMSG);
    CU_ASSERT_EQUAL(xs_get_perms(c, 0, "/empty", &p, &n), -EBADMSG);
    CU_ASSERT_EQUAL(xs_get_perms(c, 0, "/unterminated", &p, &n), -EBADMSG);
    CU_ASSERT_PTR_NULL(p);
    CU_ASSERT_EQUAL(xs_set_perms(c, 4, "/node", set, 2), 0);
    CU_ASSERT_EQUAL(xs_set_perms(c, 0, "/node", set, 0), -EINVAL);
    CU_ASSERT_EQUAL(xs_set_perms(c, 0, "/node", (struct xs_perm[]){ { 1, 'q' } },
                                 1), -EINVAL);
    fake_stop(&f, c);
    CU_ASSERT_EQUAL_FATAL(f.nreqs, 5);
    CU_ASSERT_EQUAL(f.reqs[4].hdr.type, XS_SET_PERMS);
    CU_ASSERT_EQUAL(f.reqs[4].hdr.tx_id, 4);
    CU_ASSERT(payload_is(&f.reqs[4], "/node\0b0\0r3", 12));
}

static void test_perm_strings(void)
{
    struct xs_perm p;
    char buf[XS_PERM_STR_MAX];

    CU_ASSERT_EQUAL(xs_perm_parse("w12", &p), 0);
    CU_ASSERT(p.perm == 'w' && p.domid == 12);
    CU_ASSERT_EQUAL(xs_perm_parse("r", &p), -EINVAL);
    CU_ASSERT_EQUAL(xs_perm_parse("q1", &p), -EINVAL);
    CU_ASSERT_EQUAL(xs_perm_parse("r1x", &p), -EINVAL);
    CU_ASSERT_EQUAL(xs_perm_parse("r-1", &p), -EINVAL);
    CU_ASSERT_EQUAL(xs_perm_parse("r65536", &p), -ERANGE);
    CU_ASSERT_EQUAL(xs_perm_parse(NULL, &p), -EINVAL);
    CU_ASSERT_EQUAL(xs_perm_format(&(struct xs_perm){ 65535, 'b' }, buf,
                                   sizeof(buf)), 0);
    CU_ASSERT_STRING_EQUAL(buf, "b65535");
    CU_ASSERT_EQUAL(xs_perm_format(&(struct xs_perm){ 1, 'x' }, buf,
                                   sizeof(buf)), -EINVAL);
    CU_ASSERT_EQUAL(xs_perm_format(&(struct xs_perm){ 65536, 'r' }, buf,
                                   sizeof(buf)), -EINVAL);
    CU_ASSERT_EQUAL(xs_perm_format(&(struct xs_perm){ 123, 'r' }, buf, 4),
                    -ENOSPC);
}

static void test_transaction(void)
{
    struct fake f;
    struct xs_conn *c = fake_start(&f, h_tx);
    uint32_t tx = 0;

    CU_ASSERT_EQUAL(xs_transaction_start(c, &tx), 0);
    CU_ASSERT_EQUAL(tx, 42);
    CU_ASSERT_EQUAL(xs_transaction_end(c, tx, true), 0);
    CU_ASSERT_EQUAL(xs_transaction_end(c, tx, false), 0);
    f.arg = 1;
    CU_ASSERT_EQUAL(xs_transaction_end(c, tx, true), -EAGAIN);
    CU_ASSERT_EQUAL(xs_transaction_end(c, XS_TX_NONE, true), -EINVAL);
    CU_ASSERT_EQUAL(xs_transaction_start(c, NULL), -EINVAL);
    fake_stop(&f, c);
    CU_ASSERT_EQUAL_FATAL(f.nreqs, 4);
    CU_ASSERT(payload_is(&f.reqs[0], "", 1));
    CU_ASSERT_EQUAL(f.reqs[0].hdr.tx_id, 0);
    CU_ASSERT_EQUAL(f.reqs[1].hdr.type, XS_TRANSACTION_END);
    CU_ASSERT_EQUAL(f.reqs[1].hdr.tx_id, 42);
    CU_ASSERT(payload_is(&f.reqs[1], "T", 2));
    CU_ASSERT(payload_is(&f.reqs[2], "F", 2));
}

static void test_transaction_bad_id(void)
{
    struct fake f;
    struct xs_conn *c = fake_start(&f, h_tx_id);
    uint32_t tx = 0;

    for (int i = 0; i < 4; i++)
        CU_ASSERT_EQUAL(xs_transaction_start(c, &tx), -EBADMSG);
    CU_ASSERT_EQUAL(tx, 0);
    CU_ASSERT_EQUAL(xs_transaction_start(c, &tx), 0);
    CU_ASSERT_EQUAL(tx, 12);
    fake_stop(&f, c);
}

struct tx_job {
    int calls;
    int result;
};

static int tx_write(struct xs_conn *c, uint32_t tx, void *arg)
{
    struct tx_job *job = arg;
    int rc;

    job->calls++;
    rc = xs_write(c, tx, "/k", "v", 1);
    return rc ? rc : job->result;
}

static void test_transact_retries(void)
{
    struct fake f;
    struct xs_conn *c = fake_start(&f, h_tx);
    struct tx_job job = { 0, 7 };

    f.arg = 2;                  /* two conflicts, then success */
    CU_ASSERT_EQUAL(xs_transact(c, tx_write, &job), 7);
    CU_ASSERT_EQUAL(job.calls, 3);
    CU_ASSERT_EQUAL(f.nreqs, 9);
    CU_ASSERT_EQUAL(f.reqs[1].hdr.tx_id, 42);   /* the write ran inside */

    job.calls = 0;
    f.arg = 1000;               /* conflicts for ever: bounded */
    CU_ASSERT_EQUAL(xs_transact(c, tx_write, &job), -EAGAIN);
    CU_ASSERT_EQUAL(job.calls, XS_TRANSACT_MAX_TRIES);

    job.calls = 0;
    job.result = -ENOSPC;       /* fn fails: aborted, not retried */
    CU_ASSERT_EQUAL(xs_transact(c, tx_write, &job), -ENOSPC);
    CU_ASSERT_EQUAL(job.calls, 1);
    CU_ASSERT_EQUAL(xs_transact(c, NULL, &job), -EINVAL);
    fake_stop(&f, c);
    CU_ASSERT(payload_is(&f.reqs[f.nreqs - 1], "F", 2));
}

static void test_timeout_then_late_reply(void)
{
    struct fake f;
    struct xs_conn *c = fake_start(&f, h_late);
    char *v = NULL;

    xs_set_timeout(c, SHORT_MS);
    CU_ASSERT_EQUAL(xs_read(c, XS_TX_NONE, "/slow", &v, NULL), -ETIMEDOUT);
    CU_ASSERT_PTR_NULL(v);
    xs_set_timeout(c, 2000);
    CU_ASSERT_EQUAL(xs_read(c, XS_TX_NONE, "/k", &v, NULL), 0);
    CU_ASSERT(v && strcmp(v, "mine") == 0);
    free(v);
    fake_stop(&f, c);
}

/* A timeout in the middle of a header keeps our place in the stream. */
static void test_timeout_mid_message(void)
{
    struct fake f;
    struct xs_conn *c = fake_start(&f, h_half_header);
    char *v = NULL;

    xs_set_timeout(c, SHORT_MS);
    CU_ASSERT_EQUAL(xs_read(c, XS_TX_NONE, "/slow", &v, NULL), -ETIMEDOUT);
    xs_set_timeout(c, 2000);
    CU_ASSERT_EQUAL(xs_read(c, XS_TX_NONE, "/k", &v, NULL), 0);
    CU_ASSERT(v && strcmp(v, "mine") == 0);
    free(v);
    fake_stop(&f, c);
}

static void test_truncated_reply(void)
{
    struct fake f;
    struct xs_conn *c = fake_start(&f, h_truncated);
    char *v = NULL;

    CU_ASSERT_EQUAL(xs_read(c, XS_TX_NONE, "/k", &v, NULL), -EIO);
    CU_ASSERT_EQUAL(xs_mkdir(c, XS_TX_NONE, "/k"), -EIO);   /* stays broken */
    expect_no_event(c, 0, -EIO);
    fake_stop(&f, c);
    CU_ASSERT_EQUAL(f.nreqs, 1);
}

static void test_oversized_reply(void)
{
    struct fake f;
    struct xs_conn *c = fake_start(&f, h_oversized);
    char *v = NULL;

    CU_ASSERT_EQUAL(xs_read(c, XS_TX_NONE, "/k", &v, NULL), -EIO);
    CU_ASSERT_PTR_NULL(v);
    CU_ASSERT_EQUAL(xs_read(c, XS_TX_NONE, "/k", &v, NULL), -EIO);
    fake_stop(&f, c);
    CU_ASSERT_EQUAL(f.nreqs, 1);
}

static void test_wrong_reply_type(void)
{
    struct fake f;
    struct xs_conn *c = fake_start(&f, h_wrong_type);
    char *v = NULL;

    CU_ASSERT_EQUAL(xs_read(c, XS_TX_NONE, "/k", &v, NULL), -EBADMSG);
    CU_ASSERT_PTR_NULL(v);
    CU_ASSERT_EQUAL(xs_read(c, XS_TX_NONE, "/k", &v, NULL), 0);  /* in step */
    free(v);
    fake_stop(&f, c);
}

static void test_request_too_big(void)
{
    struct fake f;
    struct xs_conn *c = fake_start(&f, h_basic);
    static char big[XENSTORE_PAYLOAD_MAX];

    CU_ASSERT_EQUAL(xs_write(c, 0, "/k", big, sizeof(big)), -E2BIG);
    /* Exactly the limit: path "/k" NUL is 3 bytes. */
    CU_ASSERT_EQUAL(xs_write(c, 0, "/k", big, sizeof(big) - 3), 0);
    fake_stop(&f, c);
    CU_ASSERT_EQUAL_FATAL(f.nreqs, 1);
    CU_ASSERT_EQUAL(f.reqs[0].hdr.len, XENSTORE_PAYLOAD_MAX);
}

/* A request cut off half-way leaves the daemon mid-message: the
 * connection cannot be used again. A one-page pipe as the "device" takes
 * the first 4096 bytes of a 4112-byte message and then nothing more. */
static void test_partial_write_breaks(void)
{
    static char big[XENSTORE_PAYLOAD_MAX - 3];
    struct xs_conn *c;
    int p[2], err = 0;

    CU_ASSERT_FATAL(pipe2(p, O_NONBLOCK) == 0);
    CU_ASSERT_FATAL(fcntl(p[1], F_SETPIPE_SZ, 4096) == 4096);
    c = xs_conn_new(p[1], false, &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(c);
    xs_set_timeout(c, 20);
    CU_ASSERT_EQUAL(xs_write(c, 0, "/k", big, sizeof(big)), -EIO);
    CU_ASSERT_EQUAL(xs_mkdir(c, 0, "/k"), -EIO);
    xs_close(c);
    close(p[0]);
}

static void test_server_closes(void)
{
    struct fake f;
    struct xs_conn *c = fake_start(&f, h_close);

    CU_ASSERT_EQUAL(xs_mkdir(c, XS_TX_NONE, "/k"), -EIO);
    CU_ASSERT_EQUAL(xs_mkdir(c, XS_TX_NONE, "/k"), -EIO);
    fake_stop(&f, c);
}

static void test_domain_ops(void)
{
    struct fake f;
    struct xs_conn *c = fake_start(&f, h_domain);
    char *path = NULL, *reply = NULL;

    CU_ASSERT_EQUAL(xs_get_domain_path(c, 5, &path), 0);
    CU_ASSERT(path && strcmp(path, "/local/domain/5") == 0);
    free(path);
    path = NULL;
    CU_ASSERT_EQUAL(xs_get_domain_path(c, 6, &path), -EBADMSG);
    CU_ASSERT_EQUAL(xs_introduce(c, 5, 0x39001ULL, 3), 0);
    CU_ASSERT_EQUAL(xs_release(c, 5), 0);
    CU_ASSERT_EQUAL(xs_resume(c, 5), 0);
    CU_ASSERT_EQUAL(xs_set_target(c, 5, 7), 0);
    CU_ASSERT_EQUAL(xs_is_domain_introduced(c, 1), 1);
    CU_ASSERT_EQUAL(xs_is_domain_introduced(c, 2), 0);
    CU_ASSERT_EQUAL(xs_is_domain_introduced(c, 3), -EBADMSG);
    CU_ASSERT_EQUAL(xs_control(c, &reply, "log", "on", NULL), 0);
    CU_ASSERT(reply && strcmp(reply, "logging on") == 0);
    free(reply);
    CU_ASSERT_EQUAL(xs_control(c, NULL, NULL, NULL), -EINVAL);
    CU_ASSERT_EQUAL(xs_controlv(c, NULL, 0, NULL, NULL), -EINVAL);
    fake_stop(&f, c);
    CU_ASSERT_EQUAL_FATAL(f.nreqs, 10);
    CU_ASSERT_EQUAL(f.reqs[2].hdr.type, XS_INTRODUCE);
    CU_ASSERT(payload_is(&f.reqs[2], "5\0" "233473\0" "3", 11));
    CU_ASSERT(payload_is(&f.reqs[3], "5", 2));
    CU_ASSERT_EQUAL(f.reqs[4].hdr.type, XS_RESUME);
    CU_ASSERT(payload_is(&f.reqs[5], "5\0" "7", 4));
    CU_ASSERT_EQUAL(f.reqs[9].hdr.type, XS_CONTROL);
    CU_ASSERT(payload_is(&f.reqs[9], "log\0on", 7));
}

/* The xenbus device path: write() instead of send(), same messages. */
static void test_device_mode(void)
{
    struct fake f;
    struct xs_conn *c;
    int sv[2], err = 0;
    char *v = NULL;

    memset(&f, 0, sizeof(f));
    f.handler = h_events_around;
    f.listen_fd = -1;
    CU_ASSERT_FATAL(socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == 0);
    f.fd = sv[1];
    CU_ASSERT_FATAL(pthread_create(&f.thread, NULL, fake_main, &f) == 0);
    c = xs_conn_new(sv[0], false, &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(c);
    CU_ASSERT_EQUAL(xs_read(c, XS_TX_NONE, "/k", &v, NULL), 0);
    free(v);
    expect_event(c, 0, "/a", "t1");
    fake_stop(&f, c);
}

UNIT_SUITE(xs_client,
    UNIT_TEST(test_open_errors),
    UNIT_TEST(test_open_env),
    UNIT_TEST(test_read_write_framing),
    UNIT_TEST(test_fragmented_reply),
    UNIT_TEST(test_error_names),
    UNIT_TEST(test_error_name_forms),
    UNIT_TEST(test_stale_reply_dropped),
    UNIT_TEST(test_events_interleaved),
    UNIT_TEST(test_watch_fd),
    UNIT_TEST(test_unwatch_drops_queued),
    UNIT_TEST(test_reset_watches_drops_all),
    UNIT_TEST(test_event_queue_overflow),
    UNIT_TEST(test_malformed_event),
    UNIT_TEST(test_directory),
    UNIT_TEST(test_directory_part),
    UNIT_TEST(test_directory_part_restart),
    UNIT_TEST(test_directory_part_errors),
    UNIT_TEST(test_perms),
    UNIT_TEST(test_perm_strings),
    UNIT_TEST(test_transaction),
    UNIT_TEST(test_transaction_bad_id),
    UNIT_TEST(test_transact_retries),
    UNIT_TEST(test_timeout_then_late_reply),
    UNIT_TEST(test_timeout_mid_message),
    UNIT_TEST(test_truncated_reply),
    UNIT_TEST(test_oversized_reply),
    UNIT_TEST(test_wrong_reply_type),
    UNIT_TEST(test_request_too_big),
    UNIT_TEST(test_partial_write_breaks),
    UNIT_TEST(test_server_closes),
    UNIT_TEST(test_domain_ops),
    UNIT_TEST(test_device_mode))
