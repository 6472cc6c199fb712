/* xenstored transactions: isolation, commit and abort, conflicts
 * (EAGAIN) and the snapshot a committed transaction saw. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "unit.h"
#include "test_xenstored.h"

static struct xt t;
static struct xc a, b;

static void up(void)
{
    CU_ASSERT_FATAL(xt_start(&t, NULL, false) == 0);
    CU_ASSERT_FATAL(xc_socket(&t, &a) == 0);
    CU_ASSERT_FATAL(xc_socket(&t, &b) == 0);
}

static void down(void)
{
    char out[64];

    CU_ASSERT(xc_control(&a, "check", out, sizeof(out)) > 0);
    CU_ASSERT_STRING_EQUAL(out, "OK");
    xc_close(&a);
    xc_close(&b);
    xt_stop(&t);
}

static void test_commit_and_isolation(void)
{
    uint32_t tx;
    char out[64];

    up();
    CU_ASSERT_FATAL(xc_tx_start(&a, &tx) == 0);
    CU_ASSERT(tx != 0);
    CU_ASSERT(xc_write(&a, tx, "/t/x", "1") == 0);
    CU_ASSERT(xc_read(&a, tx, "/t/x", out, sizeof(out)) == 1);
    CU_ASSERT(xc_read(&b, 0, "/t/x", out, sizeof(out)) == -ENOENT);
    CU_ASSERT(xc_read(&a, 0, "/t/x", out, sizeof(out)) == -ENOENT);
    CU_ASSERT(xc_tx_end(&a, tx, true) == 0);
    CU_ASSERT(xc_read(&b, 0, "/t/x", out, sizeof(out)) == 1);
    CU_ASSERT(xc_tx_end(&a, tx, true) == -ENOENT);
    down();
}

static void test_abort(void)
{
    uint32_t tx;
    char out[64];

    up();
    CU_ASSERT(xc_write(&a, 0, "/k", "old") == 0);
    CU_ASSERT_FATAL(xc_tx_start(&a, &tx) == 0);
    CU_ASSERT(xc_write(&a, tx, "/k", "new") == 0);
    CU_ASSERT(xc_rm(&a, tx, "/tool") == 0);
    CU_ASSERT(xc_tx_end(&a, tx, false) == 0);
    CU_ASSERT(xc_read(&b, 0, "/k", out, sizeof(out)) == 3);
    CU_ASSERT_STRING_EQUAL(out, "old");
    CU_ASSERT(xc_read(&b, 0, "/tool/xenstored", out, sizeof(out)) == 0);
    down();
}

static void test_conflict_on_read_node(void)
{
    uint32_t tx;
    char out[64];

    up();
    CU_ASSERT(xc_write(&a, 0, "/c", "1") == 0);
    CU_ASSERT_FATAL(xc_tx_start(&a, &tx) == 0);
    CU_ASSERT(xc_read(&a, tx, "/c", out, sizeof(out)) == 1);
    CU_ASSERT(xc_write(&a, tx, "/d", "x") == 0);
    CU_ASSERT(xc_write(&b, 0, "/c", "2") == 0);
    CU_ASSERT(xc_tx_end(&a, tx, true) == -EAGAIN);
    CU_ASSERT(xc_read(&b, 0, "/d", out, sizeof(out)) == -ENOENT);
    down();
}

static void test_conflict_on_written_node(void)
{
    uint32_t tx;
    char out[64];

    up();
    CU_ASSERT(xc_write(&a, 0, "/w", "1") == 0);
    CU_ASSERT_FATAL(xc_tx_start(&a, &tx) == 0);
    CU_ASSERT(xc_write(&a, tx, "/w", "tx") == 0);
    CU_ASSERT(xc_write(&b, 0, "/w", "other") == 0);
    CU_ASSERT(xc_tx_end(&a, tx, true) == -EAGAIN);
    CU_ASSERT(xc_read(&b, 0, "/w", out, sizeof(out)) == 5);
    down();
}

static void test_no_conflict_elsewhere(void)
{
    uint32_t tx;
    char out[64];

    up();
    CU_ASSERT(xc_write(&a, 0, "/one/x", "1") == 0);
    CU_ASSERT(xc_write(&a, 0, "/two/y", "1") == 0);
    CU_ASSERT_FATAL(xc_tx_start(&a, &tx) == 0);
    CU_ASSERT(xc_read(&a, tx, "/one/x", out, sizeof(out)) == 1);
    CU_ASSERT(xc_write(&a, tx, "/one/x", "2") == 0);
    CU_ASSERT(xc_write(&b, 0, "/two/y", "9") == 0);
    CU_ASSERT(xc_tx_end(&a, tx, true) == 0);
    CU_ASSERT(xc_read(&b, 0, "/one/x", out, sizeof(out)) == 1 && !strcmp(out, "2"));
    down();
}

/* A node changed after the start but before the first read: the value
 * read is not the snapshot's, so the commit must fail. */
static void test_snapshot_change_before_read(void)
{
    uint32_t tx;
    char out[64];

    up();
    CU_ASSERT(xc_write(&a, 0, "/s", "before") == 0);
    CU_ASSERT_FATAL(xc_tx_start(&a, &tx) == 0);
    CU_ASSERT(xc_write(&b, 0, "/s", "after") == 0);
    CU_ASSERT(xc_read(&a, tx, "/s", out, sizeof(out)) > 0);
    CU_ASSERT(xc_tx_end(&a, tx, true) == -EAGAIN);
    down();
}

static void test_snapshot_delete_before_read(void)
{
    uint32_t tx;
    char out[64];

    up();
    CU_ASSERT(xc_write(&a, 0, "/gone/leaf", "v") == 0);
    CU_ASSERT_FATAL(xc_tx_start(&a, &tx) == 0);
    CU_ASSERT(xc_rm(&b, 0, "/gone") == 0);
    CU_ASSERT(xc_read(&a, tx, "/gone/leaf", out, sizeof(out)) == -ENOENT);
    CU_ASSERT(xc_tx_end(&a, tx, true) == -EAGAIN);
    down();
}

static void test_snapshot_create_before_read(void)
{
    uint32_t tx;
    char out[64];

    up();
    CU_ASSERT_FATAL(xc_tx_start(&a, &tx) == 0);
    CU_ASSERT(xc_read(&a, tx, "/late", out, sizeof(out)) == -ENOENT);
    CU_ASSERT(xc_write(&b, 0, "/late", "x") == 0);
    CU_ASSERT(xc_tx_end(&a, tx, true) == -EAGAIN);
    down();
}

static void test_rm_and_recreate_in_tx(void)
{
    uint32_t tx;
    char out[128];

    up();
    CU_ASSERT(xc_write(&a, 0, "/r/a/deep", "1") == 0);
    CU_ASSERT(xc_write(&a, 0, "/r/b", "2") == 0);
    CU_ASSERT(xc_setperms(&a, 0, "/r/b", "b3") == 0);
    CU_ASSERT_FATAL(xc_tx_start(&a, &tx) == 0);
    CU_ASSERT(xc_rm(&a, tx, "/r") == 0);
    CU_ASSERT(xc_read(&a, tx, "/r/a/deep", out, sizeof(out)) == -ENOENT);
    CU_ASSERT(xc_dir(&a, tx, "/r", out, sizeof(out)) == -ENOENT);
    CU_ASSERT(xc_write(&a, tx, "/r/b", "new") == 0);
    CU_ASSERT(xc_mkdir(&a, tx, "/r/c/d") == 0);
    CU_ASSERT(xc_dir(&a, tx, "/r", out, sizeof(out)) >= 0);
    CU_ASSERT_STRING_EQUAL(out, "b c");
    CU_ASSERT(xc_tx_end(&a, tx, true) == 0);
    CU_ASSERT(xc_dir(&b, 0, "/r", out, sizeof(out)) >= 0);
    CU_ASSERT_STRING_EQUAL(out, "b c");
    CU_ASSERT(xc_read(&b, 0, "/r/a", out, sizeof(out)) == -ENOENT);
    CU_ASSERT(xc_read(&b, 0, "/r/b", out, sizeof(out)) == 3 && !strcmp(out, "new"));
    CU_ASSERT(xc_getperms(&b, 0, "/r/b", out, sizeof(out)) > 0);
    CU_ASSERT_STRING_EQUAL(out, "n0");          /* recreated: inherits again */
    CU_ASSERT(xc_read(&b, 0, "/r/c/d", out, sizeof(out)) == 0);
    down();
}

static void test_directory_and_perms_in_tx(void)
{
    uint32_t tx;
    char out[128];
    struct xt_msg m;

    up();
    CU_ASSERT(xc_write(&a, 0, "/dir/x", "") == 0);
    CU_ASSERT_FATAL(xc_tx_start(&a, &tx) == 0);
    CU_ASSERT(xc_write(&a, tx, "/dir/y", "") == 0);
    CU_ASSERT(xc_write(&a, tx, "/dir/z", "") == 0);
    CU_ASSERT(xc_rm(&a, tx, "/dir/x") == 0);
    CU_ASSERT(xc_dir(&a, tx, "/dir", out, sizeof(out)) >= 0);
    CU_ASSERT_STRING_EQUAL(out, "y z");
    CU_ASSERT(xc_req(&a, XS_DIRECTORY_PART, tx, "/dir\0" "0", 7, &m) == 0);
    CU_ASSERT(!memcmp(m.body + strlen(m.body) + 1, "y\0z\0\0", 5));
    CU_ASSERT(xc_setperms(&a, tx, "/dir/y", "r4") == 0);
    CU_ASSERT(xc_getperms(&a, tx, "/dir/y", out, sizeof(out)) > 0);
    CU_ASSERT_STRING_EQUAL(out, "r4");
    CU_ASSERT(xc_dir(&b, 0, "/dir", out, sizeof(out)) >= 0);
    CU_ASSERT_STRING_EQUAL(out, "x");
    CU_ASSERT(xc_tx_end(&a, tx, true) == 0);
    CU_ASSERT(xc_dir(&b, 0, "/dir", out, sizeof(out)) >= 0);
    CU_ASSERT_STRING_EQUAL(out, "y z");
    CU_ASSERT(xc_getperms(&b, 0, "/dir/y", out, sizeof(out)) > 0);
    CU_ASSERT_STRING_EQUAL(out, "r4");
    down();
}

static void test_watches_fire_at_commit(void)
{
    uint32_t tx;
    char out[128];

    up();
    CU_ASSERT(xc_watch(&b, "/wt", "tok") == 0);
    CU_ASSERT(xc_event(&b, out, sizeof(out)) > 0);    /* the initial one */
    CU_ASSERT_FATAL(xc_tx_start(&a, &tx) == 0);
    CU_ASSERT(xc_write(&a, tx, "/wt/a", "1") == 0);
    CU_ASSERT(xc_nevents(&b) == 0);
    CU_ASSERT(xc_tx_end(&a, tx, true) == 0);
    CU_ASSERT(xc_event(&b, out, sizeof(out)) > 0);
    CU_ASSERT_STRING_EQUAL(out, "/wt/a tok");
    CU_ASSERT(xc_nevents(&b) == 0);
    CU_ASSERT_FATAL(xc_tx_start(&a, &tx) == 0);
    CU_ASSERT(xc_write(&a, tx, "/wt/b", "1") == 0);
    CU_ASSERT(xc_tx_end(&a, tx, false) == 0);
    CU_ASSERT(xc_nevents(&b) == 0);
    down();
}

static void test_tx_errors(void)
{
    uint32_t tx, tx2;
    struct xt_msg m;

    up();
    CU_ASSERT_FATAL(xc_tx_start(&a, &tx) == 0);
    CU_ASSERT(xc_req(&a, XS_TRANSACTION_START, tx, "", 1, &m) == -EBUSY);
    CU_ASSERT(xc_req(&a, XS_TRANSACTION_END, tx, "X", 2, &m) == -EINVAL);
    CU_ASSERT(xc_req(&a, XS_TRANSACTION_END, tx, "T", 1, &m) == -EINVAL);
    CU_ASSERT(xc_req(&a, XS_TRANSACTION_END, 0, "T", 2, &m) == -ENOENT);
    /* Transactions belong to their connection. */
    CU_ASSERT(xc_req(&b, XS_READ, tx, "/tool", 6, &m) == -ENOENT);
    CU_ASSERT_FATAL(xc_tx_start(&a, &tx2) == 0);
    CU_ASSERT(tx2 != tx);
    CU_ASSERT(xc_tx_end(&a, tx, true) == 0);    /* still open after EINVAL */
    CU_ASSERT(xc_req(&a, XS_RESET_WATCHES, 0, "", 1, &m) == 0);
    CU_ASSERT(xc_tx_end(&a, tx2, true) == -ENOENT);
    CU_ASSERT(xc_tx_start(&a, &tx) == 0);      /* closed with the client */
    down();
}

/* Deleting while a transaction is open, then ending it, leaves no
 * records behind and the accounting straight (check runs in down()). */
static void test_many_tx_accounting(void)
{
    char path[64];
    uint32_t tx;

    up();
    CU_ASSERT_FATAL(xc_tx_start(&b, &tx) == 0);
    for (int i = 0; i < 50; i++) {
        snprintf(path, sizeof(path), "/acc/%d/x", i);
        CU_ASSERT(xc_write(&a, 0, path, "v") == 0);
        CU_ASSERT(xc_write(&b, tx, path, "w") == 0);
    }
    CU_ASSERT(xc_rm(&a, 0, "/acc") == 0);
    CU_ASSERT(t.d.tombs.n > 0);
    CU_ASSERT(xc_tx_end(&b, tx, true) == -EAGAIN);
    CU_ASSERT(t.d.tombs.n == 0 && t.d.open_txns == 0);
    CU_ASSERT_FATAL(xc_tx_start(&b, &tx) == 0);
    for (int i = 0; i < 50; i++) {
        snprintf(path, sizeof(path), "/acc/%d/x", i);
        CU_ASSERT(xc_write(&b, tx, path, "w") == 0);
    }
    CU_ASSERT(xc_rm(&b, tx, "/acc/7") == 0);
    CU_ASSERT(xc_tx_end(&b, tx, true) == 0);
    down();
}

UNIT_SUITE(xenstored_txn,
           UNIT_TEST(test_commit_and_isolation),
           UNIT_TEST(test_abort),
           UNIT_TEST(test_conflict_on_read_node),
           UNIT_TEST(test_conflict_on_written_node),
           UNIT_TEST(test_no_conflict_elsewhere),
           UNIT_TEST(test_snapshot_change_before_read),
           UNIT_TEST(test_snapshot_delete_before_read),
           UNIT_TEST(test_snapshot_create_before_read),
           UNIT_TEST(test_rm_and_recreate_in_tx),
           UNIT_TEST(test_directory_and_perms_in_tx),
           UNIT_TEST(test_watches_fire_at_commit),
           UNIT_TEST(test_tx_errors),
           UNIT_TEST(test_many_tx_accounting))
