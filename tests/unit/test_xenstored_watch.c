/* xenstored watches: the first event on registration, which changes
 * fire which watches, tokens, removal, and slow watchers. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include "unit.h"
#include "test_xenstored.h"

static struct xt t;
static struct xc a, w;

static void up(void)
{
    CU_ASSERT_FATAL(xt_start(&t, NULL, false) == 0);
    CU_ASSERT_FATAL(xc_socket(&t, &a) == 0);
    CU_ASSERT_FATAL(xc_socket(&t, &w) == 0);
}

static void down(void)
{
    xc_close(&a);
    xc_close(&w);
    xt_stop(&t);
}

static void drain(struct xc *c)
{
    xc_nevents(c);
    c->nev = 0;
}

static void expect(struct xc *c, const char *ev)
{
    char out[256];

    CU_ASSERT(xc_event(c, out, sizeof(out)) > 0);
    CU_ASSERT_STRING_EQUAL(out, ev);
}

static void test_fires_on_registration(void)
{
    struct xsd_sockmsg h = { XS_WATCH, 9, 0, 13 };
    uint8_t buf[64];
    struct xt_msg m;

    up();
    memcpy(buf, &h, sizeof(h));
    memcpy(buf + sizeof(h), "/nowhere\0tok", 13);
    CU_ASSERT(xc_send_raw(&w, buf, sizeof(h) + 13) == 0);
    /* The reply comes first, then the event. */
    CU_ASSERT(xc_recv(&w, &m) == 0 && m.h.type == XS_WATCH && m.h.req_id == 9);
    expect(&w, "/nowhere tok");
    CU_ASSERT(w.ev[0].h.req_id == 0 || w.nev == 0);
    CU_ASSERT(xc_nevents(&w) == 0);
    down();
}

static void test_fires_on_node_and_ancestors_only(void)
{
    up();
    CU_ASSERT(xc_watch(&w, "/a", "anc") == 0);
    CU_ASSERT(xc_watch(&w, "/a/b", "self") == 0);
    CU_ASSERT(xc_watch(&w, "/a/b/c", "child") == 0);
    CU_ASSERT(xc_watch(&w, "/a/bb", "sibling") == 0);
    CU_ASSERT(xc_watch(&w, "/", "root") == 0);
    CU_ASSERT(xc_nevents(&w) == 5);
    drain(&w);
    CU_ASSERT(xc_write(&a, 0, "/a/b", "v") == 0);
    CU_ASSERT(xc_nevents(&w) == 3);
    for (int i = 0; i < 3; i++) {
        char out[64];

        CU_ASSERT(xc_event(&w, out, sizeof(out)) > 0);
        CU_ASSERT(!strcmp(out, "/a/b anc") || !strcmp(out, "/a/b self") ||
                  !strcmp(out, "/a/b root"));
    }
    CU_ASSERT(xc_nevents(&w) == 0);
    down();
}

static void test_removal_fires_each_node(void)
{
    char out[64];
    int seen = 0;

    up();
    CU_ASSERT(xc_write(&a, 0, "/x/y/z", "1") == 0);
    CU_ASSERT(xc_watch(&w, "/x/y/z", "deep") == 0);
    CU_ASSERT(xc_watch(&w, "/x/y/z/none", "below") == 0);
    CU_ASSERT(xc_watch(&w, "/x", "top") == 0);
    drain(&w);
    CU_ASSERT(xc_nevents(&w) == 0);
    CU_ASSERT(xc_rm(&a, 0, "/x/y") == 0);
    CU_ASSERT(xc_nevents(&w) == 2);
    while (xc_event(&w, out, sizeof(out)) > 0) {
        CU_ASSERT(!strcmp(out, "/x/y/z deep") || !strcmp(out, "/x/y top"));
        seen++;
    }
    CU_ASSERT(seen == 2);
    down();
}

static void test_mkdir_perms_and_tokens(void)
{
    struct xc w2;
    char out[64];

    up();
    CU_ASSERT_FATAL(xc_socket(&t, &w2) == 0);
    CU_ASSERT(xc_watch(&w, "/m", "one") == 0);
    CU_ASSERT(xc_watch(&w, "/m", "two") == 0);
    CU_ASSERT(xc_watch(&w2, "/m", "one") == 0);
    drain(&w);
    drain(&w2);
    CU_ASSERT(xc_mkdir(&a, 0, "/m") == 0);
    CU_ASSERT(xc_nevents(&w) == 2 && xc_nevents(&w2) == 1);
    drain(&w);
    drain(&w2);
    CU_ASSERT(xc_mkdir(&a, 0, "/m") == 0);          /* no change, no event */
    CU_ASSERT(xc_nevents(&w) == 0);
    CU_ASSERT(xc_setperms(&a, 0, "/m", "b0,r3") == 0);
    CU_ASSERT(xc_nevents(&w) == 2);
    CU_ASSERT(xc_event(&w2, out, sizeof(out)) > 0);
    CU_ASSERT_STRING_EQUAL(out, "/m one");
    xc_close(&w2);
    down();
}

static void test_unwatch_and_duplicates(void)
{
    struct xt_msg m;

    up();
    CU_ASSERT(xc_watch(&w, "/u", "t") == 0);
    CU_ASSERT(xc_watch(&w, "/u", "t") == -EEXIST);
    CU_ASSERT(xc_unwatch(&w, "/u", "t") == 0);
    CU_ASSERT(xc_unwatch(&w, "/u", "t") == -ENOENT);
    CU_ASSERT(xc_unwatch(&w, "/u", "other") == -ENOENT);
    drain(&w);
    CU_ASSERT(xc_write(&a, 0, "/u", "1") == 0);
    CU_ASSERT(xc_nevents(&w) == 0);
    CU_ASSERT(xc_req(&w, XS_WATCH, 0, "/u", 3, &m) == -EINVAL);
    CU_ASSERT(xc_req(&w, XS_WATCH, 0, "/u\0t\0x", 7, &m) == -EINVAL);
    CU_ASSERT(xc_req(&w, XS_WATCH, 0, "/u\0t", 4, &m) == -EINVAL);
    CU_ASSERT(xc_req(&w, XS_WATCH, 0, "/u/\0t", 6, &m) == -EINVAL);
    CU_ASSERT(xc_watch(&w, "/v", "t") == 0);
    CU_ASSERT(xc_req(&w, XS_RESET_WATCHES, 0, "", 1, &m) == 0);
    drain(&w);
    CU_ASSERT(xc_write(&a, 0, "/v", "1") == 0);
    CU_ASSERT(xc_nevents(&w) == 0);
    CU_ASSERT(xc_watch(&w, "/v", "t") == 0);       /* gone: can add again */
    down();
}

static void test_special_watch_needs_event(void)
{
    up();
    CU_ASSERT(xc_watch(&w, "@introduceDomain", "i") == 0);
    CU_ASSERT(xc_watch(&w, "@releaseDomain", "r") == 0);
    CU_ASSERT(xc_nevents(&w) == 2);
    drain(&w);
    CU_ASSERT(xc_write(&a, 0, "/any", "1") == 0);  /* not a domain event */
    CU_ASSERT(xc_nevents(&w) == 0);
    down();
}

/* A watcher that never reads: events pile up to the limit, it is cut
 * off, and the writer is never held up. */
static void test_slow_watcher(void)
{
    struct xsd_config cfg = { .out_limit = 32 * 1024 };
    char path[64];
    bool cut = false;

    xsd_quota_defaults(&cfg.quota);
    CU_ASSERT_FATAL(xt_start_cfg(&t, &cfg, false) == 0);
    CU_ASSERT_FATAL(xc_socket(&t, &a) == 0);
    CU_ASSERT_FATAL(xc_socket(&t, &w) == 0);
    CU_ASSERT(xc_watch(&w, "/", "everything") == 0);
    for (int i = 0; i < 20000 && !cut; i++) {
        snprintf(path, sizeof(path), "/flood/%d", i % 100);
        CU_ASSERT_FATAL(xc_write(&a, 0, path, "x") == 0);
        cut = t.d.conns && t.d.conns->next && !t.d.conns->next->next;
    }
    CU_ASSERT(cut);                                /* one client left */
    CU_ASSERT(xc_write(&a, 0, "/after", "fine") == 0);
    down();
}

UNIT_SUITE(xenstored_watch,
           UNIT_TEST(test_fires_on_registration),
           UNIT_TEST(test_fires_on_node_and_ancestors_only),
           UNIT_TEST(test_removal_fires_each_node),
           UNIT_TEST(test_mkdir_perms_and_tokens),
           UNIT_TEST(test_unwatch_and_duplicates),
           UNIT_TEST(test_special_watch_needs_event),
           UNIT_TEST(test_slow_watcher))
