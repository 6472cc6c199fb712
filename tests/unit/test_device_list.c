/* libctl/device_list.c and the attach entry points: a domain's devices
 * read back from its frontend directories (and what a guest may have
 * written there), the handle and MAC a vif attached later gets, and the
 * refusals, over the fake store and the fake hotplug runner. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "unit.h"
#include "test_device.h"

#define FE_VBD "/local/domain/1/device/vbd/51712"
#define FE_VIF "/local/domain/1/device/vif/0"

static void set(struct dw *w, const char *path, const char *value)
{
    CU_ASSERT_EQUAL(lc_fake_store_set(w->fx.xs, path, value), 0);
}

static void nothing_to_list(void)
{
    struct lc_device_info *list = (void *)1;
    unsigned n = 7;
    struct dw w;

    dw_init(&w, true, false);
    CU_ASSERT_EQUAL(lc_device_vbd_list(w.fx.ctx, 1, &list, &n), 0);
    CU_ASSERT_EQUAL(n, 0);
    CU_ASSERT_PTR_NULL(list);
    /* No such domain is no device either: xl checks domains first. */
    CU_ASSERT_EQUAL(lc_device_vif_list(w.fx.ctx, 9, &list, &n), 0);
    CU_ASSERT_EQUAL(n, 0);
    CU_ASSERT_EQUAL(lc_device_vif_list(w.fx.ctx, 0xfff0, &list, &n), -EINVAL);
    CU_ASSERT_STRING_EQUAL(lc_ctx_error(w.fx.ctx), "listing the vif devices of domain "
                                                   "65520: Invalid argument");
    dw_fini(&w);
}

static void lists_in_order(void)
{
    struct lc_disk b = dw_disk("xvdb", "/tmp/b"), a = dw_disk("xvda", "/tmp/a");
    struct lc_vif vif = dw_vif();
    struct lc_device_info *list;
    unsigned n;
    struct dw w;

    dw_init(&w, true, false);
    CU_ASSERT_EQUAL_FATAL(lc_device_vbd_add(w.fx.ctx, 1, &b, 0), 0);
    CU_ASSERT_EQUAL_FATAL(lc_device_vbd_add(w.fx.ctx, 1, &a, 1), 0);
    CU_ASSERT_EQUAL(lc_device_vbd_list(w.fx.ctx, 1, &list, &n), 0);
    CU_ASSERT_EQUAL_FATAL(n, 2);
    CU_ASSERT_EQUAL(list[0].devid, 51712);
    CU_ASSERT_EQUAL(list[1].devid, 51728);
    /* What the toolstack wrote; the guest has written nothing yet. */
    CU_ASSERT_EQUAL(list[0].backend_id, 0);
    CU_ASSERT_EQUAL(list[0].state, 1);
    CU_ASSERT_EQUAL(list[0].evtch, -1);
    CU_ASSERT_EQUAL(list[0].ring_ref[0], -1);
    CU_ASSERT_EQUAL(list[0].ring_ref[1], -1);
    CU_ASSERT_FALSE(list[0].mac_set);
    CU_ASSERT_STRING_EQUAL(list[0].backend, "/local/domain/0/backend/vbd/1/51712");
    free(list);
    vif.mac_set = true;
    memcpy(vif.mac, "\x00\x16\x3e\x0a\x0b\x0c", 6);
    CU_ASSERT_EQUAL_FATAL(lc_device_vif_add(w.fx.ctx, 1, &vif, 3), 0);
    CU_ASSERT_EQUAL(lc_device_vif_list(w.fx.ctx, 1, &list, &n), 0);
    CU_ASSERT_EQUAL_FATAL(n, 1);
    CU_ASSERT_EQUAL(list[0].devid, 3);
    CU_ASSERT_TRUE(list[0].mac_set);
    CU_ASSERT_EQUAL(memcmp(list[0].mac, vif.mac, 6), 0);
    CU_ASSERT_STRING_EQUAL(list[0].backend, "/local/domain/0/backend/vif/1/3");
    free(list);
    dw_fini(&w);
}

/* The frontend is the guest's: numbers it wrote are read, anything else
 * is -1, its backend link is made safe to print, and the MAC is the
 * backend's whatever the frontend says. */
static void what_the_guest_wrote(void)
{
    struct lc_disk disk = dw_disk("xvda", "/tmp/a");
    struct lc_vif vif = dw_vif();
    struct lc_device_info *list;
    unsigned n;
    struct dw w;

    dw_init(&w, true, false);
    CU_ASSERT_EQUAL_FATAL(lc_device_vbd_add(w.fx.ctx, 1, &disk, 0), 0);
    CU_ASSERT_EQUAL_FATAL(lc_device_vif_add(w.fx.ctx, 1, &vif, 0), 0);
    set(&w, FE_VBD "/state", "4");
    set(&w, FE_VBD "/event-channel", "18");
    set(&w, FE_VBD "/ring-ref", "8");
    set(&w, FE_VBD "/backend", "/x\x1b[2J\t");
    CU_ASSERT_EQUAL(lc_device_vbd_list(w.fx.ctx, 1, &list, &n), 0);
    CU_ASSERT_EQUAL_FATAL(n, 1);
    CU_ASSERT_EQUAL(list[0].state, 4);
    CU_ASSERT_EQUAL(list[0].evtch, 18);
    CU_ASSERT_EQUAL(list[0].ring_ref[0], 8);
    CU_ASSERT_STRING_EQUAL(list[0].backend, "/x?[2J?");
    free(list);
    set(&w, FE_VIF "/state", "");
    set(&w, FE_VIF "/event-channel", "-3");
    set(&w, FE_VIF "/tx-ring-ref", "2147483648");
    set(&w, FE_VIF "/rx-ring-ref", "2147483647");
    set(&w, FE_VIF "/backend-id", "0x1");
    set(&w, FE_VIF "/mac", "00:16:3e:66:66:66");
    CU_ASSERT_EQUAL(lc_device_vif_list(w.fx.ctx, 1, &list, &n), 0);
    CU_ASSERT_EQUAL_FATAL(n, 1);
    CU_ASSERT_EQUAL(list[0].state, -1);
    CU_ASSERT_EQUAL(list[0].evtch, -1);
    CU_ASSERT_EQUAL(list[0].ring_ref[0], -1);
    CU_ASSERT_EQUAL(list[0].ring_ref[1], 2147483647);
    CU_ASSERT_EQUAL(list[0].backend_id, -1);
    CU_ASSERT_TRUE(list[0].mac_set);
    CU_ASSERT_EQUAL(memcmp(list[0].mac, "\x00\x16\x3e\x00\x01\x00", 6), 0);
    free(list);
    set(&w, "/local/domain/0/backend/vif/1/0/mac", "not a mac");
    CU_ASSERT_EQUAL(lc_device_vif_list(w.fx.ctx, 1, &list, &n), 0);
    CU_ASSERT_EQUAL_FATAL(n, 1);
    CU_ASSERT_FALSE(list[0].mac_set);
    free(list);
    dw_fini(&w);
}

static void store_failures(void)
{
    struct lc_disk disk = dw_disk("xvda", "/tmp/a");
    struct lc_device_info *list = (void *)1;
    unsigned n = 5;
    struct dw w;

    dw_init(&w, true, false);
    CU_ASSERT_EQUAL_FATAL(lc_device_vbd_add(w.fx.ctx, 1, &disk, 0), 0);
    lc_fake_store_fail(w.fx.xs, LC_FXS_DIRECTORY, 1, EIO);
    CU_ASSERT_EQUAL(lc_device_vbd_list(w.fx.ctx, 1, &list, &n), -EIO);
    CU_ASSERT_STRING_EQUAL(lc_ctx_error(w.fx.ctx), "listing the vbd devices of domain 1: "
                                                   "Input/output error");
    CU_ASSERT_PTR_NULL(list);
    CU_ASSERT_EQUAL(n, 0);
    lc_fake_store_fail(w.fx.xs, LC_FXS_READ, 3, EACCES);
    CU_ASSERT_EQUAL(lc_device_vbd_list(w.fx.ctx, 1, &list, &n), -EACCES);
    CU_ASSERT_PTR_NULL(list);
    CU_ASSERT_EQUAL(lc_device_vbd_list(w.fx.ctx, 1, &list, &n), 0);
    CU_ASSERT_EQUAL(n, 1);
    free(list);
    dw_fini(&w);
}

static void disk_attach(void)
{
    struct lc_disk disk = dw_disk("xvdb", "/tmp/b");
    struct dw w;

    dw_init(&w, true, false);
    CU_ASSERT_EQUAL(lc_device_vbd_attach(w.fx.ctx, 1, &disk), 0);
    CU_ASSERT_STRING_EQUAL(lc_ctx_error(w.fx.ctx), "");
    CU_ASSERT_STRING_EQUAL(lc_fake_store_value(w.fx.xs, "/local/domain/0/backend/vbd/1/"
                                                        "51728/params"), "/tmp/b");
    disk.target = "/tmp/other";
    CU_ASSERT_EQUAL(lc_device_vbd_attach(w.fx.ctx, 1, &disk), -EEXIST);
    CU_ASSERT_STRING_EQUAL(lc_ctx_error(w.fx.ctx), "attaching disk xvdb to domain 1: it "
                                                   "has disk xvdb (device 51728) already: "
                                                   "File exists");
    CU_ASSERT_EQUAL(w.run.nadds, 1);
    /* The script's failure, named for the attach; nothing left. */
    disk = dw_disk("xvdc", "/nope.img");
    w.run.mode = FR_ERROR;
    w.run.fail_nth = 2;
    CU_ASSERT_EQUAL(lc_device_vbd_attach(w.fx.ctx, 1, &disk), -EIO);
    CU_ASSERT_STRING_EQUAL(lc_ctx_error(w.fx.ctx), "attaching disk xvdc to domain 1: "
                                                   "hotplug script /etc/keel/scripts/block: "
                                                   "/nope.img does not exist: Input/output "
                                                   "error");
    CU_ASSERT_PTR_NULL(lc_fake_store_value(w.fx.xs, "/local/domain/1/device/vbd/51744"));
    disk = dw_disk("xvdd", NULL);
    CU_ASSERT_EQUAL(lc_device_vbd_attach(w.fx.ctx, 1, &disk), -EINVAL);
    CU_ASSERT_STRING_EQUAL(lc_ctx_error(w.fx.ctx), "attaching disk xvdd to domain 1: an "
                                                   "empty drive is not supported: Invalid "
                                                   "argument");
    CU_ASSERT_EQUAL(lc_device_vbd_attach(w.fx.ctx, 4, &disk), -EINVAL);
    disk.target = "/tmp/d";
    CU_ASSERT_EQUAL(lc_device_vbd_attach(w.fx.ctx, 4, &disk), -ENOENT);
    CU_ASSERT_STRING_EQUAL(lc_ctx_error(w.fx.ctx), "attaching disk xvdd to domain 4: "
                                                   "domain 4 has no xenstore entries: No "
                                                   "such file or directory");
    dw_fini(&w);
}

static unsigned attach_vif(struct dw *w, const struct lc_vif *vif, int want)
{
    unsigned handle = 999;

    CU_ASSERT_EQUAL(lc_device_vif_attach(w->fx.ctx, 1, vif, &handle), want);
    return handle;
}

static void mac_of(struct dw *w, unsigned handle, const char *want)
{
    char path[64];

    snprintf(path, sizeof(path), "/local/domain/0/backend/vif/1/%u/mac", handle);
    CU_ASSERT_STRING_EQUAL(lc_fake_store_value(w->fx.xs, path), want);
}

/* One above the highest handle, in any of the three directories. */
static void vif_handles(void)
{
    struct lc_vif vif = dw_vif();
    struct dw w;

    dw_init(&w, true, false);
    CU_ASSERT_EQUAL(attach_vif(&w, &vif, 0), 0);
    mac_of(&w, 0, "00:16:3e:00:01:00");
    CU_ASSERT_EQUAL(attach_vif(&w, &vif, 0), 1);
    mac_of(&w, 1, "00:16:3e:00:01:01");
    CU_ASSERT_STRING_EQUAL(lc_ctx_error(w.fx.ctx), "");
    CU_ASSERT_EQUAL(lc_device_vif_remove(w.fx.ctx, 1, 0), 0);
    CU_ASSERT_EQUAL(attach_vif(&w, &vif, 0), 2);
    CU_ASSERT_EQUAL(lc_device_vif_remove(w.fx.ctx, 1, 2), 0);
    CU_ASSERT_EQUAL(lc_device_vif_remove(w.fx.ctx, 1, 1), 0);
    CU_ASSERT_EQUAL(attach_vif(&w, &vif, 0), 0);
    set(&w, "/libxl/1/device/vif/7", "");
    CU_ASSERT_EQUAL(attach_vif(&w, &vif, 0), 8);
    CU_ASSERT_STRING_EQUAL(lc_fake_store_value(w.fx.xs, "/local/domain/1/device/vif/8/"
                                                        "handle"), "8");
    set(&w, "/local/domain/0/backend/vif/1/255", "");
    CU_ASSERT_EQUAL(attach_vif(&w, &vif, -ENOSPC), 999);
    CU_ASSERT_STRING_EQUAL(lc_ctx_error(w.fx.ctx), "attaching a network interface to "
                                                   "domain 1: handle 255 is in use, and it "
                                                   "is the last: No space left on device");
    dw_fini(&w);
}

static void vif_mac_refusals(void)
{
    struct lc_vif vif = dw_vif();
    struct dw w;

    dw_init(&w, true, false);
    CU_ASSERT_EQUAL(attach_vif(&w, &vif, 0), 0);
    /* The MAC the next default would collide with an explicit one. */
    vif.mac_set = true;
    memcpy(vif.mac, "\x00\x16\x3e\x00\x01\x00", 6);
    CU_ASSERT_EQUAL(attach_vif(&w, &vif, -EEXIST), 999);
    CU_ASSERT_STRING_EQUAL(lc_ctx_error(w.fx.ctx), "attaching network interface vif1.1: "
                                                   "vif1.0 has MAC 00:16:3e:00:01:00 "
                                                   "already: File exists");
    memcpy(vif.mac, "\x00\x16\x3e\x00\x01\x02", 6);
    CU_ASSERT_EQUAL(attach_vif(&w, &vif, 0), 1);
    vif.mac_set = false;
    CU_ASSERT_EQUAL(attach_vif(&w, &vif, -EEXIST), 999);
    CU_ASSERT_EQUAL(w.run.nadds, 2);
    lc_fake_store_fail(w.fx.xs, LC_FXS_DIRECTORY, 1, EIO);
    CU_ASSERT_EQUAL(attach_vif(&w, &vif, -EIO), 999);
    CU_ASSERT_STRING_EQUAL(lc_ctx_error(w.fx.ctx), "listing domain 1's network "
                                                   "interfaces: Input/output error");
    lc_fake_store_fail(w.fx.xs, LC_FXS_READ, 1, EIO);
    CU_ASSERT_EQUAL(attach_vif(&w, &vif, -EIO), 999);
    CU_ASSERT_STRING_EQUAL(lc_ctx_error(w.fx.ctx), "attaching network interface vif1.2: "
                                                   "reading the MACs in use: Input/output "
                                                   "error");
    dw_fini(&w);
}

UNIT_SUITE(device_list,
           UNIT_TEST(nothing_to_list), UNIT_TEST(lists_in_order),
           UNIT_TEST(what_the_guest_wrote), UNIT_TEST(store_failures),
           UNIT_TEST(disk_attach), UNIT_TEST(vif_handles), UNIT_TEST(vif_mac_refusals))
