/* dom0-tools/xl and devices: disks and vifs connected at create and gone
 * at destroy, block-attach/-detach/-list and network-attach/-detach/-list
 * with Xen's arguments and columns, the stored config following every
 * change, and the refusals, over the fakes and the fake hotplug runner. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "unit.h"
#include "test_xl.h"

#define BE_VBD(n) "/local/domain/0/backend/vbd/1/" #n
#define FE_VBD(n) "/local/domain/1/device/vbd/" #n
#define BE_VIF(n) "/local/domain/0/backend/vif/1/" #n
#define FE_VIF(n) "/local/domain/1/device/vif/" #n

static const char two_of_each[] =
    "disk = [ '/tmp/a.img,raw,xvda,rw', 'vdev=xvdb, access=ro, target=/tmp/b.img' ]\n"
    "vif = [ 'bridge=xenbr0', 'mac=00:16:3e:12:34:56,bridge=br1' ]\n";

static struct xlt t;

static void start(const char *extra)
{
    CU_ASSERT_FATAL(xlt_init(&t) == 0);
    CU_ASSERT_EQUAL_FATAL(xlt_create(&t, "d1", extra), 1);
}

static const char *val(const char *path)
{
    return lc_fake_store_value(t.fx.xs, path);
}

static void guest_writes(const char *path, const char *value)
{
    CU_ASSERT_EQUAL(lc_fake_store_set(t.fx.xs, path, value), 0);
}

/* The stored config of domain 1; the caller frees it. */
static void load(struct lc_domain_config *cfg)
{
    const struct lc_fake_domain *fd = lc_fake_domain(t.fx.hv, 1);

    CU_ASSERT_PTR_NOT_NULL_FATAL(fd);
    CU_ASSERT_EQUAL_FATAL(xl_config_load(&t.env, fd->handle, cfg), 0);
}

static void create_connects_devices(void)
{
    char path[256];
    unsigned adds;

    start(two_of_each);
    CU_ASSERT_EQUAL(t.hotplug.nadds, 4);
    CU_ASSERT_STRING_EQUAL(val(BE_VBD(51712) "/params"), "/tmp/a.img");
    CU_ASSERT_STRING_EQUAL(val(BE_VBD(51728) "/mode"), "r");
    CU_ASSERT_STRING_EQUAL(val(BE_VIF(0) "/mac"), "00:16:3e:00:01:00");
    CU_ASSERT_STRING_EQUAL(val(BE_VIF(1) "/mac"), "00:16:3e:12:34:56");
    CU_ASSERT_STRING_EQUAL(val(BE_VIF(1) "/bridge"), "br1");
    /* The generated MAC is kept, as libxl keeps it. */
    CU_ASSERT_EQUAL(xlt_run(&t, "list", "-l", "d1", NULL), 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(t.out, "\"pdev_path\": \"/tmp/b.img\""));
    CU_ASSERT_PTR_NOT_NULL(strstr(t.out, "\"vdev\": \"xvdb\""));
    CU_ASSERT_PTR_NOT_NULL(strstr(t.out, "\"mac\": \"00:16:3e:00:01:00\""));
    CU_ASSERT_PTR_NOT_NULL(strstr(t.out, "\"mac\": \"00:16:3e:12:34:56\""));
    /* A dry run shows the devices as configured, and adds none. */
    adds = t.hotplug.nadds;
    CU_ASSERT_EQUAL_FATAL(xlt_cfg(&t, "d2", two_of_each, path, sizeof(path)), 0);
    CU_ASSERT_EQUAL(xlt_run(&t, "create", "-n", path, NULL), 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(t.out, "\"pdev_path\": \"/tmp/a.img\""));
    CU_ASSERT_PTR_NOT_NULL(strstr(t.out, "\"mac\": \"00:16:3e:12:34:56\""));
    CU_ASSERT_PTR_NULL(strstr(t.out, "00:16:3e:00:01:00"));
    CU_ASSERT_EQUAL(t.hotplug.nadds, adds);
    /* Destroying takes every device, its script run with "remove". */
    CU_ASSERT_EQUAL(xlt_run(&t, "destroy", "d1", NULL), 0);
    CU_ASSERT_EQUAL(t.hotplug.nremoves, 4);
    CU_ASSERT_PTR_NULL(val("/local/domain/0/backend"));
    CU_ASSERT_PTR_NULL(val("/libxl/1"));
    CU_ASSERT_EQUAL(xlt_stored_files(&t), 0);
    xlt_fini(&t);
}

static void create_fails_with_a_device(void)
{
    char path[256];

    CU_ASSERT_FATAL(xlt_init(&t) == 0);
    t.hotplug.mode = FR_ERROR;
    t.hotplug.fail_nth = 3;
    CU_ASSERT_EQUAL_FATAL(xlt_cfg(&t, "d1", two_of_each, path, sizeof(path)), 0);
    CU_ASSERT_EQUAL(xlt_run(&t, "create", path, NULL), 1);
    CU_ASSERT_PTR_NOT_NULL(strstr(t.err, "xl: adding network interface 0 (vif1.0): "
                                         "hotplug script /etc/keel/scripts/vif-bridge: "
                                         "/nope.img does not exist: Input/output error\n"));
    CU_ASSERT_EQUAL(lc_fake_nr_guests(t.fx.hv), 0);
    CU_ASSERT_EQUAL(t.hotplug.nadds, 3);
    CU_ASSERT_EQUAL(t.hotplug.nremoves, 3);
    CU_ASSERT_PTR_NULL(val("/local/domain/0/backend"));
    CU_ASSERT_EQUAL(xlt_stored_files(&t), 0);
    CU_ASSERT_EQUAL(t.spawned, 0);
    xlt_fini(&t);
}

static void block_attach_forms(void)
{
    struct lc_domain_config cfg;

    start(NULL);
    CU_ASSERT_EQUAL(xlt_run(&t, "block-attach", "d1", "/tmp/x.img,raw,xvdb,r", NULL), 0);
    CU_ASSERT_STRING_EQUAL(t.out, "");
    CU_ASSERT_STRING_EQUAL(t.err, "");
    CU_ASSERT_STRING_EQUAL(val(BE_VBD(51728) "/params"), "/tmp/x.img");
    CU_ASSERT_STRING_EQUAL(val(BE_VBD(51728) "/mode"), "r");
    CU_ASSERT_STRING_EQUAL(val(FE_VBD(51728) "/virtual-device"), "51728");
    CU_ASSERT_EQUAL(xlt_run(&t, "block-attach", "d1", "target=/tmp/y,z.img", "vdev=xvdc",
                            "access=rw", NULL), 0);
    CU_ASSERT_STRING_EQUAL(val(BE_VBD(51744) "/params"), "/tmp/y,z.img");
    CU_ASSERT_STRING_EQUAL(val(BE_VBD(51744) "/mode"), "w");
    CU_ASSERT_EQUAL(xlt_run(&t, "block-attach", "1", "/tmp/w.img", "raw", "hda", NULL), 0);
    CU_ASSERT_STRING_EQUAL(val(BE_VBD(768) "/params"), "/tmp/w.img");
    CU_ASSERT_EQUAL(t.hotplug.nadds, 3);
    load(&cfg);
    CU_ASSERT_EQUAL_FATAL(cfg.ndisks, 3);
    CU_ASSERT_STRING_EQUAL(cfg.disks[0].vdev, "xvdb");
    CU_ASSERT_FALSE(cfg.disks[0].readwrite);
    CU_ASSERT_STRING_EQUAL(cfg.disks[1].target, "/tmp/y,z.img");
    CU_ASSERT_STRING_EQUAL(cfg.disks[2].vdev, "hda");
    lc_config_free(&cfg);
    CU_ASSERT_EQUAL(xlt_run(&t, "list", "-l", "d1", NULL), 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(t.out, "\"vdev\": \"xvdc\""));
    xlt_fini(&t);
}

static void block_attach_refusals(void)
{
    struct lc_domain_config cfg;

    start("disk = [ '/tmp/a.img,raw,xvdb' ]\n");
    CU_ASSERT_EQUAL(xlt_run(&t, "block-attach", "d1", "/tmp/o.img,raw,xvdb", NULL), 1);
    CU_ASSERT_STRING_EQUAL(t.err, "xl: attaching disk xvdb to domain 1: it has disk xvdb "
                                  "(device 51728) already: File exists\n");
    CU_ASSERT_STRING_EQUAL(val(BE_VBD(51728) "/params"), "/tmp/a.img");
    CU_ASSERT_EQUAL(xlt_run(&t, "block-attach", "d1", "/tmp/x.img,qcow2,xvdc", NULL), 1);
    CU_ASSERT_STRING_EQUAL(t.err, "xl: disk spec '/tmp/x.img,qcow2,xvdc': format must be "
                                  "raw (qcow2 is not supported)\n");
    CU_ASSERT_EQUAL(xlt_run(&t, "block-attach", "nosuch", "/tmp/x.img,raw,xvdc", NULL), 1);
    CU_ASSERT_STRING_EQUAL(t.err, "xl: nosuch is an invalid domain identifier\n");
    CU_ASSERT_EQUAL(xlt_run(&t, "block-attach", "0", "/tmp/x.img,raw,xvdc", NULL), 1);
    CU_ASSERT_STRING_EQUAL(t.err, "xl: attaching disk xvdc to domain 0: domain 0 cannot "
                                  "have devices: Invalid argument\n");
    CU_ASSERT_EQUAL(xlt_run(&t, "block-attach", "d1", NULL), 2);
    /* The script fails: nothing left, nothing stored. */
    t.hotplug.mode = FR_ERROR;
    t.hotplug.fail_nth = t.hotplug.nadds + 1;
    CU_ASSERT_EQUAL(xlt_run(&t, "block-attach", "d1", "/nope.img,raw,xvdc", NULL), 1);
    CU_ASSERT_STRING_EQUAL(t.err, "xl: attaching disk xvdc to domain 1: hotplug script "
                                  "/etc/keel/scripts/block: /nope.img does not exist: "
                                  "Input/output error\n");
    CU_ASSERT_PTR_NULL(val(BE_VBD(51744)));
    load(&cfg);
    CU_ASSERT_EQUAL(cfg.ndisks, 1);
    lc_config_free(&cfg);
    xlt_fini(&t);
}

static void block_detach(void)
{
    struct lc_domain_config cfg;
    const struct fr_call *last;

    start("disk = [ '/tmp/a.img,raw,xvda', '/tmp/b.img,raw,xvdb' ]\n");
    CU_ASSERT_EQUAL(xlt_run(&t, "block-detach", "d1", "xvdb", NULL), 0);
    CU_ASSERT_STRING_EQUAL(t.err, "");
    CU_ASSERT_PTR_NULL(val(BE_VBD(51728)));
    CU_ASSERT_PTR_NULL(val(FE_VBD(51728)));
    CU_ASSERT_PTR_NULL(val("/libxl/1/device/vbd/51728"));
    CU_ASSERT_PTR_NOT_NULL(val(BE_VBD(51712)));
    last = &t.hotplug.calls[t.hotplug.ncalls - 1];
    CU_ASSERT_STRING_EQUAL(last->action, "remove");
    CU_ASSERT_STRING_EQUAL(last->path, BE_VBD(51728));
    load(&cfg);
    CU_ASSERT_EQUAL_FATAL(cfg.ndisks, 1);
    CU_ASSERT_STRING_EQUAL(cfg.disks[0].vdev, "xvda");
    lc_config_free(&cfg);
    /* By number, as Xen's xl also takes it. */
    CU_ASSERT_EQUAL(xlt_run(&t, "block-detach", "1", "51712", NULL), 0);
    CU_ASSERT_PTR_NULL(val(BE_VBD(51712)));
    CU_ASSERT_EQUAL(t.hotplug.nremoves, 2);
    load(&cfg);
    CU_ASSERT_EQUAL(cfg.ndisks, 0);
    lc_config_free(&cfg);
    CU_ASSERT_EQUAL(xlt_run(&t, "block-detach", "d1", "xvdb", NULL), 1);
    CU_ASSERT_STRING_EQUAL(t.err, "xl: Device xvdb not connected.\n");
    CU_ASSERT_EQUAL(xlt_run(&t, "block-detach", "d1", "foo", NULL), 1);
    CU_ASSERT_STRING_EQUAL(t.err, "xl: Device foo not connected.\n");
    CU_ASSERT_EQUAL(xlt_run(&t, "block-detach", "d1", "99999999999", NULL), 1);
    CU_ASSERT_EQUAL(xlt_run(&t, "block-detach", "nosuch", "xvda", NULL), 1);
    CU_ASSERT_STRING_EQUAL(t.err, "xl: nosuch is an invalid domain identifier\n");
    CU_ASSERT_EQUAL(xlt_run(&t, "block-detach", "d1", NULL), 2);
    CU_ASSERT_EQUAL(t.hotplug.nremoves, 2);
    xlt_fini(&t);
}

/* A running guest is given time to close (backend state 5, then the wait
 * for 6), which ends when it does or at the device timeout; a paused one
 * cannot answer and is not waited for. */
static void detach_waits_for_the_guest(void)
{
    struct slow_store *s;
    uint64_t begun;
    unsigned reads;

    start("disk = [ '/tmp/a.img,raw,xvda', '/tmp/b.img,raw,xvdb', '/tmp/c,raw,xvdc' ]\n");
    s = slow_store_over(&t.fx);
    s->closed_after = 3;
    lc_ctx_set_device_timeout(t.fx.ctx, 5000);
    begun = lc_dev_now_ms();
    CU_ASSERT_EQUAL(xlt_run(&t, "block-detach", "d1", "xvda", NULL), 0);
    CU_ASSERT(lc_dev_now_ms() - begun < 5000);
    CU_ASSERT_EQUAL(s->state_reads, 3);
    CU_ASSERT_STRING_EQUAL(s->last_state, "5");
    CU_ASSERT_STRING_EQUAL(s->last_online, "0");
    lc_ctx_set_device_timeout(t.fx.ctx, XLT_DEVICE_TIMEOUT_MS);
    begun = lc_dev_now_ms();
    CU_ASSERT_EQUAL(xlt_run(&t, "block-detach", "d1", "xvdb", NULL), 0);
    CU_ASSERT(lc_dev_now_ms() - begun >= XLT_DEVICE_TIMEOUT_MS);
    CU_ASSERT_PTR_NULL(val(BE_VBD(51728)));
    CU_ASSERT_EQUAL(xlt_run(&t, "pause", "d1", NULL), 0);
    reads = s->state_reads;
    CU_ASSERT_EQUAL(xlt_run(&t, "block-detach", "d1", "xvdc", NULL), 0);
    CU_ASSERT_EQUAL(s->state_reads, reads);
    CU_ASSERT_PTR_NULL(val(BE_VBD(51744)));
    xlt_fini(&t);
}

static void block_list(void)
{
    start("disk = [ '/tmp/a.img,raw,xvda', '/tmp/b.img,raw,xvdb' ]\n");
    CU_ASSERT_EQUAL(xlt_create(&t, "d2", NULL), 2);
    guest_writes(FE_VBD(51712) "/state", "4");
    guest_writes(FE_VBD(51712) "/event-channel", "18");
    guest_writes(FE_VBD(51712) "/ring-ref", "8");
    CU_ASSERT_EQUAL(xlt_run(&t, "block-list", "d1", "d2", NULL), 0);
    CU_ASSERT_STRING_EQUAL(t.out,
        "Vdev  BE  handle state evt-ch ring-ref BE-path                       \n"
        "51712 0   1      4     18     8        /local/domain/0/backend/vbd/1/51712\n"
        "51728 0   1      1     -1     -1       /local/domain/0/backend/vbd/1/51728\n");
    CU_ASSERT_STRING_EQUAL(t.err, "");
    CU_ASSERT_EQUAL(xlt_run(&t, "block-list", "d1", "nosuch", NULL), 1);
    CU_ASSERT_STRING_EQUAL(t.out, "");
    CU_ASSERT_STRING_EQUAL(t.err, "xl: nosuch is an invalid domain identifier\n");
    CU_ASSERT_EQUAL(xlt_run(&t, "block-list", NULL), 2);
    xlt_fini(&t);
}

static void network_attach(void)
{
    struct lc_domain_config cfg;

    start(NULL);
    CU_ASSERT_EQUAL(xlt_run(&t, "network-attach", "d1", NULL), 0);
    CU_ASSERT_STRING_EQUAL(t.err, "");
    CU_ASSERT_STRING_EQUAL(val(BE_VIF(0) "/mac"), "00:16:3e:00:01:00");
    CU_ASSERT_STRING_EQUAL(val(BE_VIF(0) "/bridge"), "xenbr0");
    CU_ASSERT_EQUAL(xlt_run(&t, "network-attach", "d1", "bridge=br1",
                            "mac=00:16:3e:00:00:09", NULL), 0);
    CU_ASSERT_STRING_EQUAL(val(BE_VIF(1) "/mac"), "00:16:3e:00:00:09");
    CU_ASSERT_STRING_EQUAL(val(FE_VIF(1) "/handle"), "1");
    CU_ASSERT_EQUAL(xlt_run(&t, "network-attach", "d1", "mac=00:16:3e:00:00:09", NULL), 1);
    CU_ASSERT_STRING_EQUAL(t.err, "xl: attaching network interface vif1.2: vif1.1 has MAC "
                                  "00:16:3e:00:00:09 already: File exists\n");
    CU_ASSERT_EQUAL(xlt_run(&t, "network-attach", "d1", "mac=zz", NULL), 1);
    CU_ASSERT_STRING_EQUAL(t.err, "xl: vif spec 'mac=zz': mac must be six hex bytes like "
                                  "00:16:3e:12:34:56, not 'zz'\n");
    CU_ASSERT_EQUAL(xlt_run(&t, "network-attach", "nosuch", NULL), 1);
    CU_ASSERT_STRING_EQUAL(t.err, "xl: nosuch is an invalid domain identifier\n");
    CU_ASSERT_EQUAL(xlt_run(&t, "network-attach", NULL), 2);
    CU_ASSERT_EQUAL(t.hotplug.nadds, 2);
    load(&cfg);
    CU_ASSERT_EQUAL_FATAL(cfg.nvifs, 2);
    CU_ASSERT_TRUE(cfg.vifs[0].mac_set);
    CU_ASSERT_EQUAL(memcmp(cfg.vifs[0].mac, "\x00\x16\x3e\x00\x01\x00", 6), 0);
    CU_ASSERT_STRING_EQUAL(cfg.vifs[0].bridge, "xenbr0");
    CU_ASSERT_STRING_EQUAL(cfg.vifs[1].bridge, "br1");
    lc_config_free(&cfg);
    xlt_fini(&t);
}

static void network_detach(void)
{
    struct lc_domain_config cfg;

    start("vif = [ 'bridge=xenbr0', 'mac=00:16:3e:00:00:09' ]\n");
    CU_ASSERT_EQUAL(xlt_run(&t, "network-detach", "d1", "0", NULL), 0);
    CU_ASSERT_PTR_NULL(val(BE_VIF(0)));
    CU_ASSERT_PTR_NULL(val(FE_VIF(0)));
    CU_ASSERT_PTR_NOT_NULL(val(BE_VIF(1)));
    load(&cfg);
    CU_ASSERT_EQUAL_FATAL(cfg.nvifs, 1);
    CU_ASSERT_EQUAL(memcmp(cfg.vifs[0].mac, "\x00\x16\x3e\x00\x00\x09", 6), 0);
    lc_config_free(&cfg);
    CU_ASSERT_EQUAL(xlt_run(&t, "network-detach", "d1", "00:16:3e:00:00:09", NULL), 0);
    CU_ASSERT_PTR_NULL(val(BE_VIF(1)));
    CU_ASSERT_EQUAL(t.hotplug.nremoves, 2);
    load(&cfg);
    CU_ASSERT_EQUAL(cfg.nvifs, 0);
    lc_config_free(&cfg);
    CU_ASSERT_EQUAL(xlt_run(&t, "network-detach", "d1", "7", NULL), 1);
    CU_ASSERT_STRING_EQUAL(t.err, "xl: Unknown device 7.\n");
    CU_ASSERT_EQUAL(xlt_run(&t, "network-detach", "d1", "00:16:3e:00:00:09", NULL), 1);
    CU_ASSERT_STRING_EQUAL(t.err, "xl: Unknown device 00:16:3e:00:00:09.\n");
    CU_ASSERT_EQUAL(xlt_run(&t, "network-detach", "d1", "zz:zz", NULL), 1);
    CU_ASSERT_EQUAL(xlt_run(&t, "network-detach", "d1", "1x", NULL), 1);
    CU_ASSERT_EQUAL(xlt_run(&t, "network-detach", "nosuch", "0", NULL), 1);
    CU_ASSERT_EQUAL(xlt_run(&t, "network-detach", "d1", NULL), 2);
    CU_ASSERT_EQUAL(t.hotplug.nremoves, 2);
    /* The next attach starts again at handle 0. */
    CU_ASSERT_EQUAL(xlt_run(&t, "network-attach", "d1", NULL), 0);
    CU_ASSERT_PTR_NOT_NULL(val(BE_VIF(0)));
    xlt_fini(&t);
}

static void network_list(void)
{
    start("vif = [ 'bridge=xenbr0', 'mac=00:16:3e:00:00:09' ]\n");
    guest_writes(FE_VIF(0) "/state", "4");
    guest_writes(FE_VIF(0) "/event-channel", "17");
    guest_writes(FE_VIF(0) "/tx-ring-ref", "768");
    guest_writes(FE_VIF(0) "/rx-ring-ref", "769");
    CU_ASSERT_EQUAL(xlt_run(&t, "network-list", "d1", NULL), 0);
    CU_ASSERT_STRING_EQUAL(t.out,
        "Idx BE Mac Addr.         handle state evt-ch   tx-/rx-ring-ref BE-path"
        "                       \n"
        "0   0  00:16:3e:00:01:00     0     4     17   768/769         "
        "/local/domain/0/backend/vif/1/0\n"
        "1   0  00:16:3e:00:00:09     1     1     -1    -1/-1          "
        "/local/domain/0/backend/vif/1/1\n");
    CU_ASSERT_EQUAL(xlt_run(&t, "network-list", "nosuch", NULL), 1);
    CU_ASSERT_STRING_EQUAL(t.out, "");
    lc_fake_store_fail(t.fx.xs, LC_FXS_DIRECTORY, 1, EIO);
    CU_ASSERT_EQUAL(xlt_run(&t, "network-list", "d1", NULL), 1);
    CU_ASSERT_PTR_NOT_NULL(strstr(t.err, "Input/output error\n"));
    xlt_fini(&t);
}

/* Attached but not recorded, a device would be lost at the next
 * restart: it is detached again and the command fails. */
static void unstored_attach_is_undone(void)
{
    const struct lc_fake_domain *fd;
    char tmp[512];

    start(NULL);
    fd = lc_fake_domain(t.fx.hv, 1);
    CU_ASSERT_PTR_NOT_NULL_FATAL(fd);
    CU_ASSERT_EQUAL(xl_config_path(&t.env, fd->handle, ".json.tmp", tmp, sizeof(tmp)), 0);
    CU_ASSERT_EQUAL_FATAL(mkdir(tmp, 0755), 0);
    CU_ASSERT_EQUAL(xlt_run(&t, "block-attach", "d1", "/tmp/x.img,raw,xvdb", NULL), 1);
    CU_ASSERT_PTR_NOT_NULL(strstr(t.err, "xl: storing "));
    CU_ASSERT_PTR_NOT_NULL(strstr(t.err, "xl: disk 51728 of d1 detached again: its config "
                                         "was not stored\n"));
    CU_ASSERT_PTR_NULL(val(BE_VBD(51728)));
    CU_ASSERT_EQUAL(xlt_run(&t, "network-attach", "d1", NULL), 1);
    CU_ASSERT_PTR_NOT_NULL(strstr(t.err, "xl: vif1.0 detached again: its config was not "
                                         "stored\n"));
    CU_ASSERT_PTR_NULL(val(BE_VIF(0)));
    CU_ASSERT_EQUAL(t.hotplug.nadds, 2);
    CU_ASSERT_EQUAL(t.hotplug.nremoves, 2);
    xlt_fini(&t);
}

/* A device removed behind xl's back is still in the stored config:
 * attaching one with its number or MAC replaces it there, rather than
 * leaving a config the readers would refuse. */
static void stale_config_entries_are_replaced(void)
{
    struct lc_domain_config cfg;

    start("disk = [ '/tmp/a.img,raw,xvdb' ]\nvif = [ 'mac=00:16:3e:00:00:09' ]\n");
    CU_ASSERT_EQUAL(lc_device_vbd_remove(t.fx.ctx, 1, 51728), 0);
    CU_ASSERT_EQUAL(lc_device_vif_remove(t.fx.ctx, 1, 0), 0);
    CU_ASSERT_EQUAL(xlt_run(&t, "block-attach", "d1", "/tmp/new.img,raw,xvdb", NULL), 0);
    CU_ASSERT_EQUAL(xlt_run(&t, "network-attach", "d1", "mac=00:16:3e:00:00:09",
                            "bridge=br2", NULL), 0);
    load(&cfg);
    CU_ASSERT_EQUAL_FATAL(cfg.ndisks, 1);
    CU_ASSERT_STRING_EQUAL(cfg.disks[0].target, "/tmp/new.img");
    CU_ASSERT_EQUAL_FATAL(cfg.nvifs, 1);
    CU_ASSERT_STRING_EQUAL(cfg.vifs[0].bridge, "br2");
    lc_config_free(&cfg);
    xlt_fini(&t);
}

/* A domain xl holds no config for (not created by xl) still gets its
 * devices; there is just nothing to record. */
static void domain_without_stored_config(void)
{
    start(NULL);
    xl_config_forget(&t.env, lc_fake_domain(t.fx.hv, 1)->handle);
    CU_ASSERT_EQUAL(xlt_run(&t, "block-attach", "d1", "/tmp/x.img,raw,xvdb", NULL), 0);
    CU_ASSERT_EQUAL(xlt_run(&t, "network-attach", "d1", NULL), 0);
    CU_ASSERT_EQUAL(xlt_run(&t, "network-detach", "d1", "0", NULL), 0);
    CU_ASSERT_EQUAL(xlt_run(&t, "block-detach", "d1", "xvdb", NULL), 0);
    CU_ASSERT_STRING_EQUAL(t.err, "");
    CU_ASSERT_EQUAL(xlt_stored_files(&t), 0);
    xlt_fini(&t);
}

UNIT_SUITE(xl_devices,
           UNIT_TEST(create_connects_devices), UNIT_TEST(create_fails_with_a_device),
           UNIT_TEST(block_attach_forms), UNIT_TEST(block_attach_refusals),
           UNIT_TEST(block_detach), UNIT_TEST(detach_waits_for_the_guest),
           UNIT_TEST(block_list), UNIT_TEST(network_attach), UNIT_TEST(network_detach),
           UNIT_TEST(network_list), UNIT_TEST(unstored_attach_is_undone),
           UNIT_TEST(stale_config_entries_are_replaced),
           UNIT_TEST(domain_without_stored_config))
