/* libctl/store.c's helpers and transaction retry, over the fake store
 * (store_fake*.c), whose semantics the domain tests rely on. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "unit.h"
#include "../../libctl/store_fake.h"

static struct lc_fake_store *fs;
static struct lc_store *s;

static void start(void)
{
    fs = lc_fake_store_new(NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(fs);
    s = lc_fake_store_base(fs);
}

static void stop(void)
{
    lc_store_close(s);
}

static const char *perms(const char *path)
{
    static char buf[64];

    if (lc_fake_store_perms(fs, path, buf, sizeof(buf)))
        return "?";
    return buf;
}

static void write_creates_parents_with_parent_perms(void)
{
    char *v;

    start();
    CU_ASSERT_EQUAL(lc_store_mkdir(s, XS_TX_NONE, "/local/domain/3"), 0);
    CU_ASSERT_EQUAL(lc_store_perms(s, XS_TX_NONE, "/local/domain/3", 0, 3), 0);
    CU_ASSERT_EQUAL(lc_store_write(s, XS_TX_NONE, "/local/domain/3/a/b", "x"), 0);
    CU_ASSERT_STRING_EQUAL(perms("/local/domain/3/a"), "n0,r3");
    CU_ASSERT_STRING_EQUAL(perms("/local/domain/3/a/b"), "n0,r3");
    CU_ASSERT_STRING_EQUAL(lc_fake_store_value(fs, "/local/domain/3/a"), "");
    CU_ASSERT_EQUAL(lc_store_read(s, XS_TX_NONE, "/local/domain/3/a/b", &v), 0);
    CU_ASSERT_STRING_EQUAL(v, "x");
    free(v);
    CU_ASSERT_EQUAL(lc_store_printf(s, XS_TX_NONE, "/vm/n", "%d-%s", 7, "z"), 0);
    CU_ASSERT_STRING_EQUAL(lc_fake_store_value(fs, "/vm/n"), "7-z");
    CU_ASSERT_EQUAL(lc_store_perms(s, XS_TX_NONE, "/vm/n", 4, -1), 0);
    CU_ASSERT_STRING_EQUAL(perms("/vm/n"), "n4");
    CU_ASSERT_EQUAL(lc_store_read(s, XS_TX_NONE, "/nope", &v), -ENOENT);
    CU_ASSERT_EQUAL(lc_store_perms(s, XS_TX_NONE, "/nope", 0, -1), -ENOENT);
    stop();
}

static void bad_paths(void)
{
    start();
    CU_ASSERT_EQUAL(lc_store_write(s, XS_TX_NONE, "relative", "x"), -EINVAL);
    CU_ASSERT_EQUAL(lc_store_write(s, XS_TX_NONE, "/a//b", "x"), -EINVAL);
    CU_ASSERT_EQUAL(lc_store_write(s, XS_TX_NONE, "/a/", "x"), -EINVAL);
    CU_ASSERT_EQUAL(lc_store_write(s, XS_TX_NONE, "/a b", "x"), -EINVAL);
    CU_ASSERT_EQUAL(lc_store_rm(s, XS_TX_NONE, "/"), -EINVAL);
    CU_ASSERT_EQUAL(lc_store_write(s, 42, "/a", "x"), -ENOENT);    /* no such tx */
    stop();
}

static void rm_subtrees(void)
{
    size_t before;

    start();
    before = lc_fake_store_nr_nodes(fs);
    lc_store_write(s, XS_TX_NONE, "/libxl/5/type", "pvh");
    lc_store_write(s, XS_TX_NONE, "/libxl/55", "other");
    CU_ASSERT_EQUAL(lc_store_rm(s, XS_TX_NONE, "/libxl/5"), 0);
    CU_ASSERT_PTR_NULL(lc_fake_store_value(fs, "/libxl/5/type"));
    CU_ASSERT_STRING_EQUAL(lc_fake_store_value(fs, "/libxl/55"), "other");
    CU_ASSERT_EQUAL(lc_store_rm(s, XS_TX_NONE, "/libxl/5"), 0);     /* gone: fine */
    CU_ASSERT_EQUAL(lc_store_rm(s, XS_TX_NONE, "/nope/x"), -ENOENT);
    CU_ASSERT_EQUAL(lc_store_rm(s, XS_TX_NONE, "/libxl/55"), 0);
    CU_ASSERT_EQUAL(lc_fake_store_nr_nodes(fs), before);
    stop();
}

static int write_two(struct lc_store *st, uint32_t tx, void *arg)
{
    int *runs = arg;
    int rc = lc_store_write(st, tx, "/vm/a", "1");

    (*runs)++;
    return rc ? rc : lc_store_write(st, tx, "/vm/b", "2");
}

static void transaction_commit_abort_retry(void)
{
    char *before, *after;
    int runs = 0;

    start();
    before = lc_fake_store_dump(fs);
    /* An error inside aborts: nothing stays. */
    lc_fake_store_fail(fs, LC_FXS_WRITE, 2, EACCES);
    CU_ASSERT_EQUAL(lc_store_transact(s, write_two, &runs), -EACCES);
    after = lc_fake_store_dump(fs);
    CU_ASSERT_STRING_EQUAL(before, after);
    free(after);
    CU_ASSERT_FALSE(lc_fake_store_in_tx(fs));
    /* A conflict at commit starts over. */
    runs = 0;
    lc_fake_store_fail(fs, LC_FXS_TX_END, 1, EAGAIN);
    CU_ASSERT_EQUAL(lc_store_transact(s, write_two, &runs), 0);
    CU_ASSERT_EQUAL(runs, 2);
    CU_ASSERT_STRING_EQUAL(lc_fake_store_value(fs, "/vm/b"), "2");
    /* A conflict reported inside the function starts over too. */
    runs = 0;
    lc_fake_store_fail(fs, LC_FXS_WRITE, 1, EAGAIN);
    CU_ASSERT_EQUAL(lc_store_transact(s, write_two, &runs), 0);
    CU_ASSERT_EQUAL(runs, 2);
    lc_fake_store_fail(fs, LC_FXS_TX_START, 1, ENOMEM);
    CU_ASSERT_EQUAL(lc_store_transact(s, write_two, &runs), -ENOMEM);
    free(before);
    stop();
}

static int always_conflict(struct lc_store *st, uint32_t tx, void *arg)
{
    (void)st;
    (void)tx;
    (*(int *)arg)++;
    return -EAGAIN;
}

static void transaction_gives_up(void)
{
    int runs = 0;

    start();
    CU_ASSERT_EQUAL(lc_store_transact(s, always_conflict, &runs), -EAGAIN);
    CU_ASSERT_EQUAL(runs, XS_TRANSACT_MAX_TRIES);
    CU_ASSERT_FALSE(lc_fake_store_in_tx(fs));
    stop();
}

static void introduce_release(void)
{
    uint64_t gfn;
    unsigned port;

    start();
    CU_ASSERT_EQUAL(lc_store_introduce(s, 3, 0x39001, 1), 0);
    CU_ASSERT_EQUAL(lc_store_introduce(s, 3, 0x39001, 1), -EEXIST);
    CU_ASSERT_EQUAL(lc_store_introduce(s, 0, 0x39001, 1), -EINVAL);
    CU_ASSERT(lc_fake_store_introduced(fs, 3, &gfn, &port));
    CU_ASSERT_EQUAL(gfn, 0x39001);
    CU_ASSERT_EQUAL(port, 1);
    CU_ASSERT_EQUAL(lc_store_release(s, 3), 0);
    CU_ASSERT_EQUAL(lc_store_release(s, 3), -ENOENT);
    CU_ASSERT_FALSE(lc_fake_store_introduced(fs, 3, NULL, NULL));
    stop();
}

static void calls_logged(void)
{
    const struct lc_fxs_call *calls;
    size_t n;

    start();
    lc_store_write(s, XS_TX_NONE, "/vm/x", "1");
    lc_fake_store_fail(fs, LC_FXS_ANY, 1, EIO);
    CU_ASSERT_EQUAL(lc_store_rm(s, XS_TX_NONE, "/vm/x"), -EIO);
    CU_ASSERT_STRING_EQUAL(lc_fake_store_value(fs, "/vm/x"), "1");
    lc_store_release(s, 9);
    calls = lc_fake_store_calls(fs, &n);
    CU_ASSERT_EQUAL_FATAL(n, 3);
    CU_ASSERT_EQUAL(calls[0].op, LC_FXS_WRITE);
    CU_ASSERT_STRING_EQUAL(calls[0].path, "/vm/x");
    CU_ASSERT_EQUAL(calls[1].op, LC_FXS_RM);
    CU_ASSERT_EQUAL(calls[1].rc, -EIO);
    CU_ASSERT_EQUAL(calls[2].op, LC_FXS_RELEASE);
    CU_ASSERT_STRING_EQUAL(calls[2].path, "9");
    CU_ASSERT_EQUAL(calls[2].rc, -ENOENT);
    stop();
}

UNIT_SUITE(store_fake,
           UNIT_TEST(write_creates_parents_with_parent_perms), UNIT_TEST(bad_paths),
           UNIT_TEST(rm_subtrees), UNIT_TEST(transaction_commit_abort_retry),
           UNIT_TEST(transaction_gives_up), UNIT_TEST(introduce_release),
           UNIT_TEST(calls_logged))
