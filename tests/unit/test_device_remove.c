/* libctl/device_remove.c: removing one device, a domain's every device,
 * and lc_domain_destroy doing so, over the fakes. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <public/xen.h>
#include "unit.h"
#include "test_device.h"

#define BE_VBD "/local/domain/0/backend/vbd/1/51712"
#define BE_VIF "/local/domain/0/backend/vif/1/0"

static void add_both(struct dw *w)
{
    struct lc_disk disk = dw_disk("xvda", "/tmp/d");
    struct lc_vif vif = dw_vif();

    CU_ASSERT_EQUAL_FATAL(lc_device_vbd_add(w->fx.ctx, 1, &disk, 0), 0);
    CU_ASSERT_EQUAL_FATAL(lc_device_vif_add(w->fx.ctx, 1, &vif, 0), 0);
}

/* The backend is told to close, the script runs, every node goes. */
static void remove_one_by_one(void)
{
    struct slow_store *s;
    struct dw w;

    dw_init(&w, true, false);
    add_both(&w);
    s = slow_store_wrap(&w);
    s->closed_after = 3;
    CU_ASSERT_EQUAL(lc_device_vbd_remove(w.fx.ctx, 1, 51712), 0);
    CU_ASSERT_STRING_EQUAL(lc_ctx_error(w.fx.ctx), "");
    CU_ASSERT_STRING_EQUAL(s->last_online, "0");
    CU_ASSERT_STRING_EQUAL(s->last_state, "5");
    CU_ASSERT_EQUAL(s->state_reads, 3);    /* waited for Closed */
    CU_ASSERT_EQUAL(w.run.ncalls, 3);
    CU_ASSERT_STRING_EQUAL(w.run.calls[2].action, "remove");
    CU_ASSERT_STRING_EQUAL(w.run.calls[2].path, BE_VBD);
    CU_ASSERT_PTR_NULL(lc_fake_store_value(w.fx.xs, "/local/domain/0/backend/vbd"));
    CU_ASSERT_PTR_NULL(lc_fake_store_value(w.fx.xs, "/local/domain/1/device/vbd"));
    CU_ASSERT_PTR_NULL(lc_fake_store_value(w.fx.xs, "/libxl/1/device/vbd"));
    /* the vif and what it shares stay */
    CU_ASSERT_STRING_EQUAL(lc_fake_store_value(w.fx.xs, BE_VIF "/state"), "1");
    CU_ASSERT_PTR_NOT_NULL(lc_fake_store_value(w.fx.xs, "/libxl/1/device"));
    s->state_reads = 0;
    s->closed_after = 1;
    CU_ASSERT_EQUAL(lc_device_vif_remove(w.fx.ctx, 1, 0), 0);
    CU_ASSERT_STRING_EQUAL(w.run.calls[3].action, "remove");
    CU_ASSERT_STRING_EQUAL(w.run.calls[3].vif, "vif1.0");
    dw_store_is(&w, w.built);
    /* gone already is fine, and runs nothing */
    CU_ASSERT_EQUAL(lc_device_vif_remove(w.fx.ctx, 1, 0), 0);
    CU_ASSERT_EQUAL(lc_device_vbd_remove(w.fx.ctx, 1, 51712), 0);
    CU_ASSERT_EQUAL(w.run.ncalls, 4);
    dw_store_is(&w, w.built);
    dw_fini(&w);
}

/* A backend that never closes costs the timeout, then goes anyway. */
static void remove_backend_never_closes(void)
{
    struct slow_store *s;
    struct dw w;
    uint64_t start;

    dw_init(&w, true, false);
    add_both(&w);
    s = slow_store_wrap(&w);
    start = lc_dev_now_ms();
    CU_ASSERT_EQUAL(lc_device_vbd_remove(w.fx.ctx, 1, 51712), 0);
    CU_ASSERT(lc_dev_now_ms() - start >= DW_TIMEOUT_MS);
    CU_ASSERT(lc_dev_now_ms() - start < 2000);
    CU_ASSERT(s->state_reads > 2);
    CU_ASSERT_PTR_NULL(lc_fake_store_value(w.fx.xs, BE_VBD));
    dw_fini(&w);
}

/* A paused guest cannot answer: no waiting for it. */
static void remove_paused_does_not_wait(void)
{
    struct slow_store *s;
    struct dw w;

    dw_init(&w, true, true);
    add_both(&w);
    s = slow_store_wrap(&w);
    CU_ASSERT_EQUAL(lc_devices_remove_all(w.fx.ctx, 1), 0);
    CU_ASSERT_EQUAL(s->state_reads, 0);
    CU_ASSERT_STRING_EQUAL(s->last_state, "5");
    CU_ASSERT_EQUAL(w.run.nremoves, 2);
    dw_store_is(&w, w.built);
    dw_fini(&w);
}

static void remove_all_finds_every_device(void)
{
    struct lc_disk disks[2] = { dw_disk("xvda", "/a"), dw_disk("xvdb", "/b") };
    struct lc_vif vif = dw_vif();
    struct dw w;

    dw_init(&w, true, false);
    CU_ASSERT_EQUAL(lc_device_vbd_add(w.fx.ctx, 1, &disks[0], 0), 0);
    CU_ASSERT_EQUAL(lc_device_vbd_add(w.fx.ctx, 1, &disks[1], 1), 0);
    CU_ASSERT_EQUAL(lc_device_vif_add(w.fx.ctx, 1, &vif, 0), 0);
    CU_ASSERT_EQUAL(lc_device_vif_add(w.fx.ctx, 1, &vif, 1), 0);
    /* leftovers with one directory of three: a frontend, a mirror */
    CU_ASSERT_EQUAL(lc_fake_store_set(w.fx.xs, "/local/domain/1/device/vbd/768/state",
                                      "1"), 0);
    CU_ASSERT_EQUAL(lc_fake_store_set(w.fx.xs, "/libxl/1/device/vif/7/state", "1"), 0);
    /* and a stranger that is no device */
    CU_ASSERT_EQUAL(lc_fake_store_set(w.fx.xs, "/local/domain/1/device/vbd/x", ""), 0);
    CU_ASSERT_EQUAL(lc_devices_remove_all(w.fx.ctx, 1), 0);
    CU_ASSERT_EQUAL(w.run.nremoves, 4);     /* only backends name a script */
    CU_ASSERT_PTR_NULL(lc_fake_store_value(w.fx.xs, "/local/domain/0/backend"));
    CU_ASSERT_PTR_NULL(lc_fake_store_value(w.fx.xs, "/local/domain/1/device/vbd/768"));
    CU_ASSERT_PTR_NULL(lc_fake_store_value(w.fx.xs, "/libxl/1/device"));
    CU_ASSERT_STRING_EQUAL(lc_fake_store_value(w.fx.xs, "/local/domain/1/device/vbd/x"),
                           "");
    CU_ASSERT_PTR_NOT_NULL(lc_fake_store_value(w.fx.xs, "/local/domain/1/device/suspend"));
    /* nothing left: nothing to do */
    CU_ASSERT_EQUAL(lc_devices_remove_all(w.fx.ctx, 1), 0);
    CU_ASSERT_EQUAL(w.run.nremoves, 4);
    CU_ASSERT_EQUAL(lc_devices_remove_all(w.fx.ctx, 0), -EINVAL);
    CU_ASSERT_EQUAL(lc_devices_remove_all(w.fx.ctx, DOMID_FIRST_RESERVED), -EINVAL);
    CU_ASSERT_EQUAL(lc_device_vbd_remove(w.fx.ctx, 0, 51712), -EINVAL);
    CU_ASSERT_STRING_EQUAL(lc_ctx_error(w.fx.ctx),
                           "removing disk 51712 from domain 0: Invalid argument");
    dw_fini(&w);
}

/* Destroying a domain takes its devices with it, also once it is gone. */
static void destroy_removes_devices(void)
{
    struct dw w;

    dw_init(&w, true, false);
    add_both(&w);
    CU_ASSERT_EQUAL(lc_domain_destroy(w.fx.ctx, 1), 0);
    CU_ASSERT_EQUAL(w.run.nremoves, 2);
    CU_ASSERT_EQUAL(lc_fake_nr_guests(w.fx.hv), 0);
    dw_store_is(&w, w.empty);
    /* the domain is gone, its devices' entries are not */
    CU_ASSERT_EQUAL(lc_domain_create(w.fx.ctx, &w.p, 0, &w.domid), 0);
    add_both(&w);
    CU_ASSERT_EQUAL(lc_domctl_destroydomain(lc_ctx_hc(w.fx.ctx), w.domid), 0);
    CU_ASSERT_EQUAL(lc_domain_destroy(w.fx.ctx, w.domid), -ESRCH);
    CU_ASSERT_EQUAL(w.run.nremoves, 4);
    dw_store_is(&w, w.empty);
    dw_fini(&w);
}

/* A store failure is reported, and every other device still goes. */
static void remove_failure_reported(void)
{
    struct dw w;

    dw_init(&w, true, false);
    add_both(&w);
    lc_fake_store_fail(w.fx.xs, LC_FXS_RM, 1, EACCES);
    CU_ASSERT_EQUAL(lc_devices_remove_all(w.fx.ctx, 1), -EACCES);
    CU_ASSERT_STRING_EQUAL(lc_ctx_error(w.fx.ctx),
                           "removing the devices of domain 1: Permission denied");
    CU_ASSERT_PTR_NOT_NULL(lc_fake_store_value(w.fx.xs, BE_VBD));
    CU_ASSERT_PTR_NULL(lc_fake_store_value(w.fx.xs, BE_VIF));
    CU_ASSERT_EQUAL(lc_devices_remove_all(w.fx.ctx, 1), 0);
    dw_store_is(&w, w.built);
    /* and through destroy */
    add_both(&w);
    lc_fake_store_fail(w.fx.xs, LC_FXS_DIRECTORY, 1, EIO);
    CU_ASSERT_EQUAL(lc_domain_destroy(w.fx.ctx, 1), -EIO);
    CU_ASSERT_STRING_EQUAL(lc_ctx_error(w.fx.ctx),
                           "removing domain 1's devices: Input/output error");
    CU_ASSERT_EQUAL(lc_fake_nr_guests(w.fx.hv), 0);
    dw_store_is(&w, w.empty);       /* found through the other directories */
    dw_fini(&w);
}

UNIT_SUITE(device_remove,
           UNIT_TEST(remove_one_by_one), UNIT_TEST(remove_backend_never_closes),
           UNIT_TEST(remove_paused_does_not_wait), UNIT_TEST(remove_all_finds_every_device),
           UNIT_TEST(destroy_removes_devices), UNIT_TEST(remove_failure_reported))
