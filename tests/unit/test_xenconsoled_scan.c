/* Domains coming and going (dom0-tools/xenconsoled/scan.c): through the
 * @introduceDomain and @releaseDomain watches, the periodic rescan, and
 * what the hypervisor says of dying domains. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "unit.h"
#include "test_xenconsoled.h"

#define GFN 0x39000

static void test_dom0_and_junk_ignored(void)
{
    struct ct t;

    CU_ASSERT_FATAL(ct_start(&t) == 0);
    cfs_set(&t.fs, "/local/domain/0/console/port", "2");
    cfs_set(&t.fs, "/local/domain/0/console/ring-ref", "1");
    cfs_set(&t.fs, "/local/domain/abc", "");
    cfs_set(&t.fs, "/local/domain/007", "");
    cfs_set(&t.fs, "/local/domain/32752", "");      /* DOMID_FIRST_RESERVED */
    cfs_set(&t.fs, "/local/domain/99999999999", "");
    ct_round(&t);
    CU_ASSERT_PTR_NULL(t.d.doms);
    CU_ASSERT_EQUAL(t.fx.maps_made, 0);
    ct_stop(&t);
}

static void test_arrival_through_watch(void)
{
    struct ct t;

    CU_ASSERT_FATAL(ct_start(&t) == 0);
    ct_round(&t);                       /* the watches' first firing */
    CU_ASSERT_PTR_NULL(t.d.doms);
    ct_add_domain(&t, 9, "late", 4, GFN);
    CU_ASSERT(t.d.next_scan_ms > xcd_now_ms());     /* not the timer */
    ct_round(&t);
    CU_ASSERT_PTR_NOT_NULL_FATAL(ct_dom(&t, 9));
    CU_ASSERT_EQUAL(ct_dom(&t, 9)->state, XCD_DOM_CONNECTED);
    ct_stop(&t);
}

/* With no event at all, the periodic rescan finds it. */
static void test_arrival_through_rescan(void)
{
    struct ct t;

    CU_ASSERT_FATAL(ct_start(&t) == 0);
    ct_round(&t);
    ct_add_domain(&t, 9, "quiet", 4, GFN);
    t.fs.nev = 0;                       /* the event got lost */
    while (read(t.fs.pipe[0], (char[8]){ 0 }, 8) > 0)
        ;
    ct_round(&t);
    CU_ASSERT_PTR_NULL(ct_dom(&t, 9));
    t.d.next_scan_ms = 0;               /* time for the rescan */
    ct_round(&t);
    CU_ASSERT_PTR_NOT_NULL_FATAL(ct_dom(&t, 9));
    CU_ASSERT_EQUAL(ct_dom(&t, 9)->state, XCD_DOM_CONNECTED);
    ct_stop(&t);
}

/* Events lost in the store client mean: rescan. */
static void test_lost_watch_events_rescan(void)
{
    struct ct t;

    CU_ASSERT_FATAL(ct_start(&t) == 0);
    ct_round(&t);
    ct_add_domain(&t, 9, "lost", 4, GFN);
    t.fs.nev = 0;
    t.fs.lost = true;                   /* the pipe still says "readable" */
    ct_round(&t);
    CU_ASSERT_PTR_NOT_NULL_FATAL(ct_dom(&t, 9));
    CU_ASSERT_EQUAL(ct_dom(&t, 9)->state, XCD_DOM_CONNECTED);
    ct_stop(&t);
}

/* The toolstack lists the domain before writing its console nodes. */
static void test_nodes_written_later(void)
{
    struct ct t;

    CU_ASSERT_FATAL(ct_start(&t) == 0);
    cfx_add_guest(&t.fx, 4, GFN);
    cfs_set(&t.fs, "/local/domain/4", "");
    cfs_set(&t.fs, "/local/domain/4/console/ring-ref", "233472");
    ct_round(&t);
    CU_ASSERT_EQUAL(ct_dom(&t, 4)->state, XCD_DOM_WAITING);
    CU_ASSERT_EQUAL(t.fx.maps_made, 0);
    cfs_set(&t.fs, "/local/domain/4/console/port", "2");
    cfs_set(&t.fs, "/local/domain/4/console/ring-ref", "233472");
    t.fx.guests[0].gfn = 233472;
    cfs_fire(&t.fs, "@introduceDomain");
    ct_round(&t);
    CU_ASSERT_EQUAL(ct_dom(&t, 4)->state, XCD_DOM_CONNECTED);
    /* No name: the log file is named by the domid. */
    CU_ASSERT_STRING_EQUAL(ct_dom(&t, 4)->log_file, "guest-dom4.log");
    ct_stop(&t);
}

static void try_nodes(const char *port, const char *ref, const char *type,
                      int expect_state)
{
    struct ct t;

    CU_ASSERT_FATAL(ct_start(&t) == 0);
    ct_add_domain(&t, 4, "n", 2, GFN);
    cfs_set(&t.fs, "/local/domain/4/console/port", port);
    cfs_set(&t.fs, "/local/domain/4/console/ring-ref", ref);
    if (type)
        cfs_set(&t.fs, "/local/domain/4/console/type", type);
    else
        cfs_rm(&t.fs, "/local/domain/4/console/type");
    ct_round(&t);
    CU_ASSERT_EQUAL(ct_dom(&t, 4)->state, expect_state);
    if (expect_state != XCD_DOM_CONNECTED)
        CU_ASSERT_EQUAL(t.fx.maps_made, 0);
    ct_stop(&t);
}

static void test_bad_nodes(void)
{
    char ref[32];

    snprintf(ref, sizeof(ref), "%u", GFN);
    try_nodes("2", ref, NULL, XCD_DOM_CONNECTED);   /* type is optional */
    try_nodes("2", ref, "ioemu", XCD_DOM_WAITING);  /* another backend */
    try_nodes("abc", ref, "xenconsoled", XCD_DOM_WAITING);
    try_nodes("", ref, "xenconsoled", XCD_DOM_WAITING);
    try_nodes("0", ref, "xenconsoled", XCD_DOM_WAITING);
    try_nodes("-2", ref, "xenconsoled", XCD_DOM_WAITING);
    try_nodes("131072", ref, "xenconsoled", XCD_DOM_WAITING);
    try_nodes("2 ", ref, "xenconsoled", XCD_DOM_WAITING);
    try_nodes("2", "0", "xenconsoled", XCD_DOM_WAITING);
    try_nodes("2", "0x39000", "xenconsoled", XCD_DOM_WAITING);
    try_nodes("2", "18446744073709551616", "xenconsoled", XCD_DOM_WAITING);
}

/* xl destroy: the nodes go and @releaseDomain fires; the last output is
 * still logged, then everything is let go and forgotten. */
static void test_departure(void)
{
    struct ct t;
    struct xencons_interface *r;
    char tty[64], buf[64];

    CU_ASSERT_FATAL(ct_start(&t) == 0);
    r = ct_add_domain(&t, 7, "bye", 2, GFN);
    ct_round(&t);
    strcpy(tty, cfs_get(&t.fs, "/local/domain/7/console/tty"));
    ct_guest_print(r, "reboot: Power down\n");
    ct_remove_domain(&t, 7);
    ct_round(&t);
    CU_ASSERT_PTR_NULL(ct_dom(&t, 7));
    CU_ASSERT_EQUAL(t.fx.guests[0].maps, 0);
    CU_ASSERT_EQUAL(cfx_port(&t.fx, 7), -1);
    CU_ASSERT_NOT_EQUAL(access(tty, F_OK), 0);
    CU_ASSERT(ct_read_file(t.dir, "guest-bye.log", buf, sizeof(buf)) > 0);
    CU_ASSERT_STRING_EQUAL(buf, "reboot: Power down\n");
    ct_stop(&t);
}

/* Destroyed but still listed (the toolstack waits for it to be freed,
 * which our mapping would prevent): let go on @releaseDomain. */
static void test_dying_domain_released(void)
{
    struct ct t;

    CU_ASSERT_FATAL(ct_start(&t) == 0);
    ct_add_domain(&t, 7, "dying", 2, GFN);
    ct_round(&t);
    t.fx.guests[0].state = XCD_GUEST_DYING;
    cfs_fire(&t.fs, "@releaseDomain");
    ct_round(&t);
    CU_ASSERT_EQUAL(ct_dom(&t, 7)->state, XCD_DOM_CLOSED);
    CU_ASSERT_EQUAL(t.fx.guests[0].maps, 0);
    CU_ASSERT_PTR_NULL(cfs_get(&t.fs, "/local/domain/7/console/tty"));
    CU_ASSERT_EQUAL(xcd_scan(&t.d), 0);
    CU_ASSERT_EQUAL(t.fx.maps_made, 1);     /* never mapped again */
    ct_stop(&t);
}

/* A dying domain is never connected in the first place. */
static void test_dying_domain_not_connected(void)
{
    struct ct t;

    CU_ASSERT_FATAL(ct_start(&t) == 0);
    ct_add_domain(&t, 7, "dying", 2, GFN);
    t.fx.guests[0].state = XCD_GUEST_DYING;
    ct_round(&t);
    CU_ASSERT_EQUAL(t.fx.maps_made, 0);
    ct_stop(&t);
}

/* Shut down (on_poweroff=preserve) but not destroyed: the console stays,
 * and so does a hypervisor that cannot say. */
static void test_shutdown_or_unknown_kept(void)
{
    struct ct t;

    CU_ASSERT_FATAL(ct_start(&t) == 0);
    ct_add_domain(&t, 7, "off", 2, GFN);
    ct_add_domain(&t, 8, "unknown", 2, GFN + 1);
    t.fx.guests[1].state = -ENOSYS;
    ct_round(&t);
    t.fx.guests[0].state = XCD_GUEST_SHUTDOWN;
    cfs_fire(&t.fs, "@releaseDomain");
    ct_round(&t);
    CU_ASSERT_EQUAL(ct_dom(&t, 7)->state, XCD_DOM_CONNECTED);
    CU_ASSERT_EQUAL(ct_dom(&t, 8)->state, XCD_DOM_CONNECTED);
    ct_stop(&t);
}

/* A domain that comes back under the same id after going. */
static void test_same_id_again(void)
{
    struct ct t;
    struct xencons_interface *r;
    char buf[64];

    CU_ASSERT_FATAL(ct_start(&t) == 0);
    r = ct_add_domain(&t, 7, "again", 2, GFN);
    ct_round(&t);
    ct_guest_print(r, "one\n");
    ct_remove_domain(&t, 7);
    ct_round(&t);
    CU_ASSERT_PTR_NULL(ct_dom(&t, 7));
    cfs_set(&t.fs, "/local/domain/7", "");
    cfs_set(&t.fs, "/local/domain/7/name", "again");
    cfs_set(&t.fs, "/local/domain/7/console/port", "2");
    cfs_set(&t.fs, "/local/domain/7/console/ring-ref", "233472");
    memset(r, 0, sizeof(*r));
    cfs_fire(&t.fs, "@introduceDomain");
    ct_round(&t);
    CU_ASSERT_EQUAL_FATAL(ct_dom(&t, 7)->state, XCD_DOM_CONNECTED);
    ct_guest_print(r, "two\n");
    cfx_kick(&t.fx, 7);
    ct_round(&t);
    CU_ASSERT(ct_read_file(t.dir, "guest-again.log", buf, sizeof(buf)) > 0);
    CU_ASSERT_STRING_EQUAL(buf, "one\ntwo\n");
    ct_stop(&t);
}

/* The store cannot list domains: an error for the loop, nothing lost. */
static void test_directory_error(void)
{
    struct ct t;

    CU_ASSERT_FATAL(ct_start(&t) == 0);
    ct_add_domain(&t, 7, "x", 2, GFN);
    ct_round(&t);
    t.fs.dir_err = -EIO;
    CU_ASSERT_EQUAL(xcd_scan(&t.d), -EIO);
    CU_ASSERT_EQUAL(ct_dom(&t, 7)->state, XCD_DOM_CONNECTED);
    t.fs.dir_err = 0;
    cfs_rm(&t.fs, "/local/domain");
    CU_ASSERT_EQUAL(xcd_scan(&t.d), 0);     /* no domains at all */
    CU_ASSERT_PTR_NULL(t.d.doms);
    ct_stop(&t);
}

UNIT_SUITE(xenconsoled_scan,
           UNIT_TEST(test_dom0_and_junk_ignored), UNIT_TEST(test_arrival_through_watch),
           UNIT_TEST(test_arrival_through_rescan),
           UNIT_TEST(test_lost_watch_events_rescan),
           UNIT_TEST(test_nodes_written_later), UNIT_TEST(test_bad_nodes),
           UNIT_TEST(test_departure), UNIT_TEST(test_dying_domain_released),
           UNIT_TEST(test_dying_domain_not_connected),
           UNIT_TEST(test_shutdown_or_unknown_kept), UNIT_TEST(test_same_id_again),
           UNIT_TEST(test_directory_error))
