/* lc_domain_create with disks and vifs: the device steps of the
 * transaction, their messages, and a failure at any store call or any
 * hotplug script leaving no device (and no loop device: every "add" the
 * scripts saw is matched by a "remove"). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "unit.h"
#include "test_device.h"

#define BE_VBD "/local/domain/0/backend/vbd/1/51712"
#define BE_VIF "/local/domain/0/backend/vif/1/0"

struct cw {
    struct dw w;
    struct lc_disk disks[2];
    struct lc_vif vifs[1];
};

static void cw_init(struct cw *c)
{
    dw_init(&c->w, false, false);
    c->disks[0] = dw_disk("xvda", "/tmp/root.img");
    c->disks[1] = dw_disk("xvdb", "/dev/sdb");
    c->vifs[0] = dw_vif();
    c->w.p.disks = c->disks;
    c->w.p.ndisks = 2;
    c->w.p.vifs = c->vifs;
    c->w.p.nvifs = 1;
}

static void check_nothing_left(struct cw *c, bool balanced)
{
    dw_store_is(&c->w, c->w.empty);
    CU_ASSERT_EQUAL(lc_fake_nr_guests(c->w.fx.hv), 0);
    CU_ASSERT_FALSE(lc_fake_store_in_tx(c->w.fx.xs));
    CU_ASSERT_FALSE(lc_fake_store_introduced(c->w.fx.xs, 1, NULL, NULL));
    if (balanced) {
        CU_ASSERT_EQUAL(c->w.run.nadds, c->w.run.nremoves);
    }
}

static void create_with_devices(void)
{
    struct cw c;
    uint16_t id;

    cw_init(&c);
    CU_ASSERT_EQUAL(lc_domain_create(c.w.fx.ctx, &c.w.p, 0, &id), 0);
    CU_ASSERT_EQUAL(id, 1);
    CU_ASSERT_STRING_EQUAL(lc_fake_store_value(c.w.fx.xs, BE_VBD "/params"),
                           "/tmp/root.img");
    CU_ASSERT_STRING_EQUAL(lc_fake_store_value(c.w.fx.xs, "/local/domain/0/backend/vbd/1/"
                                                          "51728/params"), "/dev/sdb");
    CU_ASSERT_STRING_EQUAL(lc_fake_store_value(c.w.fx.xs, BE_VIF "/mac"),
                           "00:16:3e:00:01:00");
    CU_ASSERT_EQUAL(c.w.run.ncalls, 3);
    CU_ASSERT_STRING_EQUAL(c.w.run.calls[0].path, BE_VBD);
    CU_ASSERT_STRING_EQUAL(c.w.run.calls[2].path, BE_VIF);
    CU_ASSERT(lc_fake_store_introduced(c.w.fx.xs, 1, NULL, NULL));
    CU_ASSERT_EQUAL(lc_domain_destroy(c.w.fx.ctx, id), 0);
    check_nothing_left(&c, true);
    dw_fini(&c.w);
}

static void expect_create_fails(struct cw *c, int err, const char *msg)
{
    uint16_t id = 99;

    CU_ASSERT_EQUAL(lc_domain_create(c->w.fx.ctx, &c->w.p, 0, &id), err);
    CU_ASSERT_EQUAL(id, 99);
    CU_ASSERT_STRING_EQUAL(lc_ctx_error(c->w.fx.ctx), msg);
    check_nothing_left(c, true);
}

static void device_step_failures(void)
{
    struct cw c;

    cw_init(&c);
    c.w.run.mode = FR_ERROR;
    c.w.run.fail_nth = 2;
    expect_create_fails(&c, -EIO, "adding disk 1 (xvdb): hotplug script "
                        "/etc/keel/scripts/block: /nope.img does not exist: "
                        "Input/output error");
    CU_ASSERT_EQUAL(c.w.run.nremoves, 2);
    c.w.run = (struct fake_runner){ .xs = c.w.fx.xs, .mode = FR_SILENT, .fail_nth = 3 };
    expect_create_fails(&c, -ETIMEDOUT, "adding network interface 0 (vif1.0): no "
                        "hotplug-status from /etc/keel/scripts/vif-bridge within 100 ms: "
                        "Connection timed out");
    CU_ASSERT_EQUAL(c.w.run.nremoves, 3);
    /* a later step failing takes the devices away too */
    c.w.run = (struct fake_runner){ .xs = c.w.fx.xs };
    lc_fake_store_fail(c.w.fx.xs, LC_FXS_INTRODUCE, 1, EIO);
    expect_create_fails(&c, -EIO,
                        "introducing the domain to xenstored: Input/output error");
    CU_ASSERT_EQUAL(c.w.run.nremoves, 3);
    dw_fini(&c.w);
}

static void expect_refused(struct cw *c, int err, const char *msg)
{
    expect_create_fails(c, err, msg);
    CU_ASSERT_EQUAL(c->w.run.ncalls, 0);
}

static void device_params_refused(void)
{
    struct cw c;

    cw_init(&c);
    c.disks[1].vdev = "xvd";
    expect_refused(&c, -EINVAL, "adding disk 1 (xvd): not a virtual disk name: "
                   "Invalid argument");
    c.disks[1].vdev = "xvda";
    expect_refused(&c, -EEXIST, "adding disk 1 (xvda): the same device as disk 0: "
                   "File exists");
    c.disks[1].vdev = "xvdb";
    c.disks[1].target = NULL;
    expect_refused(&c, -EINVAL, "adding disk 1 (xvdb): an empty drive is not supported: "
                   "Invalid argument");
    c.w.p.ndisks = LC_CFG_DISKS_MAX + 1;
    expect_refused(&c, -EINVAL, "65 disks (at most 64): Invalid argument");
    c.w.p.disks = NULL;
    c.w.p.ndisks = 1;
    expect_refused(&c, -EINVAL, "ndisks 1 without a disk list: Invalid argument");
    c.w.p.ndisks = 0;
    c.w.p.nvifs = LC_CFG_VIFS_MAX + 1;
    expect_refused(&c, -EINVAL, "17 network interfaces (at most 16): Invalid argument");
    c.w.p.vifs = NULL;
    c.w.p.nvifs = 1;
    expect_refused(&c, -EINVAL, "nvifs 1 without a vif list: Invalid argument");
    dw_fini(&c.w);
}

/* The calls of a good build, each counted among calls of its kind. */
struct store_call {
    enum lc_fxs_op op;
    unsigned nth;
};

static size_t good_build_calls(struct store_call *out, size_t max)
{
    const struct lc_fxs_call *calls;
    struct cw c;
    size_t n;
    uint16_t id;

    cw_init(&c);
    CU_ASSERT_EQUAL_FATAL(lc_domain_create(c.w.fx.ctx, &c.w.p, 0, &id), 0);
    calls = lc_fake_store_calls(c.w.fx.xs, &n);
    n = n < max ? n : max;
    for (size_t i = 0; i < n; i++) {
        out[i] = (struct store_call){ calls[i].op, 1 };
        for (size_t j = 0; j < i; j++)
            out[i].nth += calls[j].op == calls[i].op;
    }
    dw_fini(&c.w);
    return n;
}

/* A build failing at any store call leaves nothing. A failed read may
 * not fail it (a name missing while checking for duplicates); then the
 * domain is whole and destroying it leaves nothing. Which script to run
 * for "remove" is read from the store, so a failed read is the one case
 * that may leave a script's "add" unmatched. */
static void failure_at_every_store_call(void)
{
    static struct store_call calls[4096];
    size_t n = good_build_calls(calls, 4096), failed = 0;

    CU_ASSERT(n > 150);
    for (size_t k = 0; k < n; k++) {
        struct cw c;
        uint16_t id;
        int rc;

        cw_init(&c);
        lc_fake_store_fail(c.w.fx.xs, calls[k].op, calls[k].nth, EIO);
        rc = lc_domain_create(c.w.fx.ctx, &c.w.p, 0, &id);
        if (rc) {
            failed++;
            CU_ASSERT_EQUAL(rc, -EIO);
            CU_ASSERT(strstr(lc_ctx_error(c.w.fx.ctx), "Input/output error") != NULL);
        } else {
            CU_ASSERT_EQUAL(calls[k].op, LC_FXS_READ);
            CU_ASSERT_EQUAL(lc_domain_destroy(c.w.fx.ctx, id), 0);
        }
        check_nothing_left(&c, calls[k].op != LC_FXS_READ);
        if (getenv("LC_TEST_VERBOSE"))
            fprintf(stderr, "store call %zu: op %d nth %u: %d %s\n", k, calls[k].op,
                    calls[k].nth, rc, lc_ctx_error(c.w.fx.ctx));
        dw_fini(&c.w);
    }
    CU_ASSERT(failed > 100);
}

UNIT_SUITE(device_create,
           UNIT_TEST(create_with_devices), UNIT_TEST(device_step_failures),
           UNIT_TEST(device_params_refused), UNIT_TEST(failure_at_every_store_call))
