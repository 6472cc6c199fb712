/* libctl/device*.c: a vbd's and a vif's xenstore nodes and permissions
 * against what libxl writes (design/xen-reference/xenstore-ls-p.txt, with
 * domain 1 for 17), the hotplug script's outcomes, removal, defaults and
 * refusals, over the fake store and a fake hotplug runner. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <public/xen.h>
#include "unit.h"
#include "test_device.h"

struct node { const char *path, *value, *perms; };

#define BE_VBD "/local/domain/0/backend/vbd/1/51712"
#define FE_VBD "/local/domain/1/device/vbd/51712"
#define MX_VBD "/libxl/1/device/vbd/51712"
#define BE_VIF "/local/domain/0/backend/vif/1/0"
#define FE_VIF "/local/domain/1/device/vif/0"
#define MX_VIF "/libxl/1/device/vif/0"
#define BLOCK "/etc/keel/scripts/block"
#define VIF_BRIDGE "/etc/keel/scripts/vif-bridge"

/* Every node a vbd adds: libxl's, then the (fake) block script's. */
static const struct node vbd_nodes[] = {
    { "/local/domain/0/backend", "", "n0" },
    { "/local/domain/0/backend/vbd", "", "n0" },
    { "/local/domain/0/backend/vbd/1", "", "n0" },
    { BE_VBD, "", "n0,r1" },
    { BE_VBD "/bootable", "1", "n0,r1" },
    { BE_VBD "/dev", "xvda", "n0,r1" },
    { BE_VBD "/device-type", "disk", "n0,r1" },
    { BE_VBD "/discard-enable", "1", "n0,r1" },
    { BE_VBD "/frontend", FE_VBD, "n0,r1" },
    { BE_VBD "/frontend-id", "1", "n0,r1" },
    { BE_VBD "/mode", "w", "n0,r1" },
    { BE_VBD "/online", "1", "n0,r1" },
    { BE_VBD "/params", "/tmp/disk.img", "n0,r1" },
    { BE_VBD "/removable", "0", "n0,r1" },
    { BE_VBD "/script", BLOCK, "n0,r1" },
    { BE_VBD "/specification", "xen", "n0,r1" },
    { BE_VBD "/state", "1", "n0,r1" },
    { BE_VBD "/type", "phy", "n0,r1" },
    { BE_VBD "/hotplug-status", "connected", "n0,r1" },
    { BE_VBD "/node", "/dev/loop0", "n0,r1" },
    { BE_VBD "/physical-device", "7:0", "n0,r1" },
    { BE_VBD "/physical-device-path", "/dev/loop0", "n0,r1" },
    { "/local/domain/1/device/vbd", "", "n0,r1" },
    { FE_VBD, "", "n1,r0" },
    { FE_VBD "/backend", BE_VBD, "n1,r0" },
    { FE_VBD "/backend-id", "0", "n1,r0" },
    { FE_VBD "/device-type", "disk", "n1,r0" },
    { FE_VBD "/state", "1", "n1,r0" },
    { FE_VBD "/trusted", "1", "n1,r0" },
    { FE_VBD "/virtual-device", "51712", "n1,r0" },
    { "/libxl/1/device", "", "n0" },
    { "/libxl/1/device/vbd", "", "n0" },
    { MX_VBD, "", "n0" },
    { MX_VBD "/backend", BE_VBD, "n0" },
    { MX_VBD "/bootable", "1", "n0" },
    { MX_VBD "/dev", "xvda", "n0" },
    { MX_VBD "/device-type", "disk", "n0" },
    { MX_VBD "/discard-enable", "1", "n0" },
    { MX_VBD "/frontend", FE_VBD, "n0" },
    { MX_VBD "/frontend-id", "1", "n0" },
    { MX_VBD "/mode", "w", "n0" },
    { MX_VBD "/online", "1", "n0" },
    { MX_VBD "/params", "/tmp/disk.img", "n0" },
    { MX_VBD "/removable", "0", "n0" },
    { MX_VBD "/script", BLOCK, "n0" },
    { MX_VBD "/specification", "xen", "n0" },
    { MX_VBD "/state", "1", "n0" },
    { MX_VBD "/type", "phy", "n0" },
};

static const struct node vif_nodes[] = {
    { "/local/domain/0/backend", "", "n0" },
    { "/local/domain/0/backend/vif", "", "n0" },
    { "/local/domain/0/backend/vif/1", "", "n0" },
    { BE_VIF, "", "n0,r1" },
    { BE_VIF "/bridge", "xenbr0", "n0,r1" },
    { BE_VIF "/frontend", FE_VIF, "n0,r1" },
    { BE_VIF "/frontend-id", "1", "n0,r1" },
    { BE_VIF "/handle", "0", "n0,r1" },
    { BE_VIF "/hotplug-status", "connected", "n0,r1" },
    { BE_VIF "/mac", "00:16:3e:00:01:00", "n0,r1" },
    { BE_VIF "/online", "1", "n0,r1" },
    { BE_VIF "/script", VIF_BRIDGE, "n0,r1" },
    { BE_VIF "/state", "1", "n0,r1" },
    { BE_VIF "/type", "vif", "n0,r1" },
    { "/local/domain/1/device/vif", "", "n0,r1" },
    { FE_VIF, "", "n1,r0" },
    { FE_VIF "/backend", BE_VIF, "n1,r0" },
    { FE_VIF "/backend-id", "0", "n1,r0" },
    { FE_VIF "/handle", "0", "n1,r0" },
    { FE_VIF "/mac", "00:16:3e:00:01:00", "n1,r0" },
    { FE_VIF "/mtu", "1500", "n0,r1" },
    { FE_VIF "/state", "1", "n1,r0" },
    { FE_VIF "/trusted", "1", "n1,r0" },
    { "/libxl/1/device", "", "n0" },
    { "/libxl/1/device/vif", "", "n0" },
    { MX_VIF, "", "n0" },
    { MX_VIF "/backend", BE_VIF, "n0" },
    { MX_VIF "/bridge", "xenbr0", "n0" },
    { MX_VIF "/frontend", FE_VIF, "n0" },
    { MX_VIF "/frontend-id", "1", "n0" },
    { MX_VIF "/handle", "0", "n0" },
    { MX_VIF "/hotplug-status", "", "n0" },
    { MX_VIF "/mac", "00:16:3e:00:01:00", "n0" },
    { MX_VIF "/online", "1", "n0" },
    { MX_VIF "/script", VIF_BRIDGE, "n0" },
    { MX_VIF "/state", "1", "n0" },
    { MX_VIF "/type", "vif", "n0" },
};

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* Exactly these nodes were added to a store of nr_before nodes. */
static void check_nodes(struct dw *w, const struct node *nodes, size_t n,
                        size_t nr_before)
{
    char perms[64];

    for (size_t i = 0; i < n; i++) {
        const char *v = lc_fake_store_value(w->fx.xs, nodes[i].path);

        CU_ASSERT_PTR_NOT_NULL(v);
        if (!v) {
            fprintf(stderr, "missing %s\n", nodes[i].path);
            continue;
        }
        CU_ASSERT_STRING_EQUAL(v, nodes[i].value);
        CU_ASSERT_EQUAL(lc_fake_store_perms(w->fx.xs, nodes[i].path, perms,
                                            sizeof(perms)), 0);
        CU_ASSERT_STRING_EQUAL(perms, nodes[i].perms);
        if (strcmp(perms, nodes[i].perms))
            fprintf(stderr, "%s: %s\n", nodes[i].path, perms);
    }
    CU_ASSERT_EQUAL(lc_fake_store_nr_nodes(w->fx.xs), nr_before + n);
}

static void check_call(const struct fr_call *c, const char *script, const char *action,
                       const char *path, const char *type, const char *vif)
{
    CU_ASSERT_STRING_EQUAL(c->script, script);
    CU_ASSERT_STRING_EQUAL(c->action, action);
    CU_ASSERT_STRING_EQUAL(c->path, path);
    CU_ASSERT_STRING_EQUAL(c->type, type);
    CU_ASSERT_STRING_EQUAL(c->base, "backend");
    CU_ASSERT_STRING_EQUAL(c->vif, vif);
    CU_ASSERT_EQUAL(c->nenv, *vif ? 5 : 4);
    CU_ASSERT_EQUAL(c->timeout_ms, DW_TIMEOUT_MS);
}

static void vbd_nodes_match_libxl(void)
{
    struct dw w;
    struct lc_disk disk = dw_disk("xvda", "/tmp/disk.img");
    size_t before;

    dw_init(&w, true, false);
    before = lc_fake_store_nr_nodes(w.fx.xs);
    CU_ASSERT_EQUAL(lc_device_vbd_add(w.fx.ctx, 1, &disk, 0), 0);
    CU_ASSERT_STRING_EQUAL(lc_ctx_error(w.fx.ctx), "");
    check_nodes(&w, vbd_nodes, N(vbd_nodes), before);
    CU_ASSERT_EQUAL(w.run.ncalls, 1);
    check_call(&w.run.calls[0], BLOCK, "add", BE_VBD, "vbd", "");
    dw_fini(&w);
}

static void vif_nodes_match_libxl(void)
{
    struct dw w;
    struct lc_vif vif = dw_vif();
    size_t before;

    dw_init(&w, true, false);
    vif.bridge = NULL;          /* the default: xenbr0 */
    before = lc_fake_store_nr_nodes(w.fx.xs);
    CU_ASSERT_EQUAL(lc_device_vif_add(w.fx.ctx, 1, &vif, 0), 0);
    check_nodes(&w, vif_nodes, N(vif_nodes), before);
    CU_ASSERT_EQUAL(w.run.ncalls, 1);
    check_call(&w.run.calls[0], VIF_BRIDGE, "add", BE_VIF, "vif", "vif1.0");
    dw_fini(&w);
}

/* Read-only, cdrom, untrusted, no discard; the devnum from the vdev. */
static void vbd_variants(void)
{
    static const struct { const char *vdev; const char *dir; } names[] = {
        { "xvdb", "/local/domain/0/backend/vbd/1/51728" },
        { "hda", "/local/domain/0/backend/vbd/1/768" },
        { "sdb1", "/local/domain/0/backend/vbd/1/2065" },
        { "xvdaa", "/local/domain/0/backend/vbd/1/268442112" },
    };
    struct lc_disk disk = dw_disk("hdc", "/dev/sr0");
    struct dw w;
    char path[128];

    dw_init(&w, true, false);
    disk.cdrom = true;
    disk.readwrite = disk.discard = disk.trusted = false;
    CU_ASSERT_EQUAL(lc_device_vbd_add(w.fx.ctx, 1, &disk, 3), 0);
    CU_ASSERT_STRING_EQUAL(lc_fake_store_value(w.fx.xs, "/local/domain/0/backend/vbd/1/"
                                                        "5632/mode"), "r");
    CU_ASSERT_STRING_EQUAL(lc_fake_store_value(w.fx.xs, "/local/domain/0/backend/vbd/1/"
                                                        "5632/device-type"), "cdrom");
    CU_ASSERT_STRING_EQUAL(lc_fake_store_value(w.fx.xs, "/local/domain/0/backend/vbd/1/"
                                                        "5632/removable"), "1");
    CU_ASSERT_STRING_EQUAL(lc_fake_store_value(w.fx.xs, "/local/domain/0/backend/vbd/1/"
                                                        "5632/discard-enable"), "0");
    CU_ASSERT_STRING_EQUAL(lc_fake_store_value(w.fx.xs, "/local/domain/1/device/vbd/"
                                                        "5632/trusted"), "0");
    CU_ASSERT_STRING_EQUAL(lc_fake_store_value(w.fx.xs, "/local/domain/1/device/vbd/"
                                                        "5632/device-type"), "cdrom");
    for (size_t i = 0; i < N(names); i++) {
        disk = dw_disk(names[i].vdev, "/tmp/d");
        CU_ASSERT_EQUAL(lc_device_vbd_add(w.fx.ctx, 1, &disk, (unsigned)i), 0);
        snprintf(path, sizeof(path), "%s/dev", names[i].dir);
        CU_ASSERT_STRING_EQUAL(lc_fake_store_value(w.fx.xs, path), names[i].vdev);
    }
    dw_fini(&w);
}

/* A script named by the disk or vif: a bare name is in LC_HOTPLUG_DIR. */
static void custom_scripts(void)
{
    struct lc_disk disk = dw_disk("xvda", "/tmp/d");
    struct lc_vif vif = dw_vif();
    struct dw w;

    dw_init(&w, true, false);
    disk.script = "my-block";
    vif.script = "/usr/local/bin/my-vif";
    CU_ASSERT_EQUAL(lc_device_vbd_add(w.fx.ctx, 1, &disk, 0), 0);
    CU_ASSERT_EQUAL(lc_device_vif_add(w.fx.ctx, 1, &vif, 0), 0);
    CU_ASSERT_STRING_EQUAL(lc_fake_store_value(w.fx.xs, BE_VBD "/script"),
                           "/etc/keel/scripts/my-block");
    CU_ASSERT_STRING_EQUAL(w.run.calls[0].script, "/etc/keel/scripts/my-block");
    CU_ASSERT_STRING_EQUAL(lc_fake_store_value(w.fx.xs, BE_VIF "/script"),
                           "/usr/local/bin/my-vif");
    CU_ASSERT_STRING_EQUAL(w.run.calls[1].script, "/usr/local/bin/my-vif");
    dw_fini(&w);
}

static void mac_defaults(void)
{
    uint8_t mac[6];
    struct lc_vif vif = dw_vif();
    struct dw w;

    lc_vif_default_mac(0x1234, 5, mac);
    CU_ASSERT(!memcmp(mac, "\x00\x16\x3e\x12\x34\x05", 6));
    lc_vif_default_mac(7, 0, mac);
    CU_ASSERT(!memcmp(mac, "\x00\x16\x3e\x00\x07\x00", 6));
    dw_init(&w, true, false);
    CU_ASSERT_EQUAL(lc_device_vif_add(w.fx.ctx, 1, &vif, 2), 0);
    CU_ASSERT_STRING_EQUAL(lc_fake_store_value(w.fx.xs, "/local/domain/0/backend/vif/1/2/"
                                                        "mac"), "00:16:3e:00:01:02");
    CU_ASSERT_STRING_EQUAL(lc_fake_store_value(w.fx.xs, "/local/domain/1/device/vif/2/"
                                                        "handle"), "2");
    /* a MAC of the config's own wins, in both directories */
    memcpy(vif.mac, "\xaa\x00\x00\x00\x00\x01", 6);
    vif.mac_set = true;
    vif.bridge = "br-guests";
    vif.ip = "10.0.0.2";
    vif.vifname = "guestnet";
    CU_ASSERT_EQUAL(lc_device_vif_add(w.fx.ctx, 1, &vif, 0), 0);
    CU_ASSERT_STRING_EQUAL(lc_fake_store_value(w.fx.xs, BE_VIF "/mac"),
                           "aa:00:00:00:00:01");
    CU_ASSERT_STRING_EQUAL(lc_fake_store_value(w.fx.xs, FE_VIF "/mac"),
                           "aa:00:00:00:00:01");
    CU_ASSERT_STRING_EQUAL(lc_fake_store_value(w.fx.xs, BE_VIF "/bridge"), "br-guests");
    CU_ASSERT_STRING_EQUAL(lc_fake_store_value(w.fx.xs, BE_VIF "/ip"), "10.0.0.2");
    CU_ASSERT_STRING_EQUAL(lc_fake_store_value(w.fx.xs, BE_VIF "/vifname"), "guestnet");
    CU_ASSERT_STRING_EQUAL(lc_fake_store_value(w.fx.xs, MX_VIF "/vifname"), "guestnet");
    CU_ASSERT_PTR_NULL(lc_fake_store_value(w.fx.xs, "/local/domain/0/backend/vif/1/2/ip"));
    dw_fini(&w);
}

static void expect_value(struct dw *w, const char *path, const char *value,
                         const char *perms)
{
    const char *v = lc_fake_store_value(w->fx.xs, path);
    char p[64] = "";

    if (!v || strcmp(v, value))
        fprintf(stderr, "%s: want %s, got %s\n", path, value, v ? v : "(none)");
    CU_ASSERT(v && !strcmp(v, value));
    CU_ASSERT_EQUAL(lc_fake_store_perms(w->fx.xs, path, p, sizeof(p)), 0);
    CU_ASSERT_STRING_EQUAL(p, perms);
}

/* rate= in netback's "<bytes>,<usecs>", mtu= in the backend (for
 * vif-bridge) unless it is the default, and always in the frontend's
 * read-only mtu; libxl's directory copies the backend's keys. */
static void vif_rate_and_mtu_nodes(void)
{
    struct lc_vif vif = dw_vif();
    struct dw w;
    size_t before;

    dw_init(&w, true, false);
    vif.rate_bytes_per_interval = 62500;
    vif.rate_interval_usecs = 50000;
    vif.mtu = 1400;
    before = lc_fake_store_nr_nodes(w.fx.xs);
    CU_ASSERT_EQUAL(lc_device_vif_add(w.fx.ctx, 1, &vif, 0), 0);
    expect_value(&w, BE_VIF "/rate", "62500,50000", "n0,r1");
    expect_value(&w, BE_VIF "/mtu", "1400", "n0,r1");
    expect_value(&w, MX_VIF "/rate", "62500,50000", "n0");
    expect_value(&w, MX_VIF "/mtu", "1400", "n0");
    expect_value(&w, FE_VIF "/mtu", "1400", "n0,r1");
    /* the default vif's nodes and these four */
    CU_ASSERT_EQUAL(lc_fake_store_nr_nodes(w.fx.xs), before + N(vif_nodes) + 4);

    /* the largest values the parser makes, whole */
    vif.rate_bytes_per_interval = 18446744065119ull;
    vif.rate_interval_usecs = 4294967295u;
    vif.mtu = LC_VIF_MTU;       /* given, but the default: as libxl, no node */
    CU_ASSERT_EQUAL(lc_device_vif_add(w.fx.ctx, 1, &vif, 1), 0);
    expect_value(&w, "/local/domain/0/backend/vif/1/1/rate", "18446744065119,4294967295",
                 "n0,r1");
    CU_ASSERT_PTR_NULL(lc_fake_store_value(w.fx.xs, "/local/domain/0/backend/vif/1/1/mtu"));
    expect_value(&w, "/local/domain/1/device/vif/1/mtu", "1500", "n0,r1");

    vif.rate_bytes_per_interval = 0;
    vif.rate_interval_usecs = 0;
    vif.mtu = 65535;
    CU_ASSERT_EQUAL(lc_device_vif_add(w.fx.ctx, 1, &vif, 2), 0);
    CU_ASSERT_PTR_NULL(lc_fake_store_value(w.fx.xs, "/local/domain/0/backend/vif/1/2/rate"));
    expect_value(&w, "/local/domain/0/backend/vif/1/2/mtu", "65535", "n0,r1");
    expect_value(&w, "/local/domain/1/device/vif/2/mtu", "65535", "n0,r1");
    dw_fini(&w);
}

/* A failed add leaves the store as it was, with the script's cleanup run. */
static void expect_add_fails(struct dw *w, enum fr_mode mode, int err, const char *msg)
{
    struct lc_disk disk = dw_disk("xvda", "/nope.img");

    w->run = (struct fake_runner){ .xs = w->fx.xs, .mode = mode, .fail_nth = 1 };
    CU_ASSERT_EQUAL(lc_device_vbd_add(w->fx.ctx, 1, &disk, 0), err);
    CU_ASSERT_STRING_EQUAL(lc_ctx_error(w->fx.ctx), msg);
    dw_store_is(w, w->built);
    CU_ASSERT_EQUAL(w->run.nadds, 1);
    CU_ASSERT_EQUAL(w->run.nremoves, 1);
    CU_ASSERT_EQUAL(w->run.ncalls, 2);
    check_call(&w->run.calls[1], BLOCK, "remove", BE_VBD, "vbd", "");
}

static void hotplug_failures(void)
{
    struct dw w;

    dw_init(&w, true, false);
    expect_add_fails(&w, FR_ERROR, -EIO, "adding disk 0 (xvda): hotplug script " BLOCK
                     ": /nope.img does not exist: Input/output error");
    expect_add_fails(&w, FR_EXIT3, -EIO, "adding disk 0 (xvda): hotplug script " BLOCK
                     " exited with status 3: Input/output error");
    expect_add_fails(&w, FR_NO_SPAWN, -ENOENT, "adding disk 0 (xvda): running hotplug "
                     "script " BLOCK ": No such file or directory");
    expect_add_fails(&w, FR_HANG, -ETIMEDOUT, "adding disk 0 (xvda): hotplug script "
                     BLOCK " still running after 100 ms: Connection timed out");
    dw_fini(&w);
}

/* A script that says nothing is waited for, but only so long. */
static void hotplug_timeout(void)
{
    struct dw w;
    uint64_t start;

    dw_init(&w, true, false);
    start = lc_dev_now_ms();
    expect_add_fails(&w, FR_SILENT, -ETIMEDOUT, "adding disk 0 (xvda): no hotplug-status "
                     "from " BLOCK " within 100 ms: Connection timed out");
    CU_ASSERT(lc_dev_now_ms() - start >= DW_TIMEOUT_MS);
    CU_ASSERT(lc_dev_now_ms() - start < 2000);
    dw_fini(&w);
}

/* A script that answers late (having gone to the background) is waited for. */
static void hotplug_late_answer(void)
{
    struct lc_disk disk = dw_disk("xvda", "/tmp/d");
    struct slow_store *s;
    struct dw w;

    dw_init(&w, true, false);
    s = slow_store_wrap(&w);
    s->status_after = 4;
    w.run.mode = FR_SILENT;
    w.run.fail_nth = 1;
    CU_ASSERT_EQUAL(lc_device_vbd_add(w.fx.ctx, 1, &disk, 0), 0);
    CU_ASSERT_EQUAL(s->status_reads, 4);
    CU_ASSERT_STRING_EQUAL(lc_fake_store_value(w.fx.xs, BE_VBD "/hotplug-status"),
                           "connected");
    dw_fini(&w);
}

static void vif_failure_named(void)
{
    struct lc_vif vif = dw_vif();
    struct dw w;

    dw_init(&w, true, false);
    w.run.mode = FR_ERROR;
    w.run.fail_nth = 1;
    CU_ASSERT_EQUAL(lc_device_vif_add(w.fx.ctx, 1, &vif, 0), -EIO);
    CU_ASSERT_STRING_EQUAL(lc_ctx_error(w.fx.ctx), "adding network interface 0 (vif1.0): "
                           "hotplug script " VIF_BRIDGE ": /nope.img does not exist: "
                           "Input/output error");
    dw_store_is(&w, w.built);
    check_call(&w.run.calls[1], VIF_BRIDGE, "remove", BE_VIF, "vif", "vif1.0");
    dw_fini(&w);
}

static void add_refusals(void)
{
    struct lc_disk disk = dw_disk("xvda", "/tmp/d");
    struct lc_vif vif = dw_vif();
    struct lc_fake *hv;
    struct lc_ctx *ctx;
    struct dw w;

    dw_init(&w, true, false);
    CU_ASSERT_EQUAL(lc_device_vbd_add(w.fx.ctx, 0, &disk, 0), -EINVAL);
    CU_ASSERT_EQUAL(lc_device_vif_add(w.fx.ctx, DOMID_FIRST_RESERVED, &vif, 0), -EINVAL);
    CU_ASSERT_EQUAL(lc_device_vbd_add(w.fx.ctx, 9, &disk, 0), -ENOENT);
    CU_ASSERT_STRING_EQUAL(lc_ctx_error(w.fx.ctx), "adding disk 0 (xvda): domain 9 has "
                           "no xenstore entries: No such file or directory");
    disk.vdev = "xvd";
    CU_ASSERT_EQUAL(lc_device_vbd_add(w.fx.ctx, 1, &disk, 0), -EINVAL);
    CU_ASSERT_STRING_EQUAL(lc_ctx_error(w.fx.ctx), "adding disk 0 (xvd): not a virtual "
                           "disk name: Invalid argument");
    disk.vdev = NULL;
    CU_ASSERT_EQUAL(lc_device_vbd_add(w.fx.ctx, 1, &disk, 2), -EINVAL);
    disk = dw_disk("hdc", NULL);
    disk.cdrom = true;
    CU_ASSERT_EQUAL(lc_device_vbd_add(w.fx.ctx, 1, &disk, 1), -EINVAL);
    CU_ASSERT_STRING_EQUAL(lc_ctx_error(w.fx.ctx), "adding disk 1 (hdc): an empty drive "
                           "is not supported: Invalid argument");
    dw_store_is(&w, w.built);
    CU_ASSERT_EQUAL(w.run.ncalls, 0);
    /* a second disk on the same device leaves the first alone */
    disk = dw_disk("xvda", "/tmp/d");
    CU_ASSERT_EQUAL(lc_device_vbd_add(w.fx.ctx, 1, &disk, 0), 0);
    disk.target = "/tmp/other";
    CU_ASSERT_EQUAL(lc_device_vbd_add(w.fx.ctx, 1, &disk, 1), -EEXIST);
    CU_ASSERT_STRING_EQUAL(lc_ctx_error(w.fx.ctx), "adding disk 1 (xvda): domain 1 has vbd "
                           "51712 already: File exists");
    CU_ASSERT_STRING_EQUAL(lc_fake_store_value(w.fx.xs, BE_VBD "/params"), "/tmp/d");
    CU_ASSERT_EQUAL(w.run.ncalls, 1);
    dw_fini(&w);
    hv = lc_fake_new(NULL);
    ctx = lc_ctx_new(lc_fake_hc(hv), NULL);
    CU_ASSERT_EQUAL(lc_device_vbd_add(ctx, 1, &disk, 0), -ENOTCONN);
    CU_ASSERT_EQUAL(lc_device_vbd_remove(ctx, 1, 51712), -ENOTCONN);
    CU_ASSERT_EQUAL(lc_devices_remove_all(ctx, 1), -ENOTCONN);
    lc_ctx_close(ctx);
}

/* A store failure while writing leaves nothing and runs no script. */
static void store_failure_while_writing(void)
{
    struct lc_disk disk = dw_disk("xvda", "/tmp/d");
    struct dw w;

    dw_init(&w, true, false);
    lc_fake_store_fail(w.fx.xs, LC_FXS_SET_PERMS, 2, EACCES);
    CU_ASSERT_EQUAL(lc_device_vbd_add(w.fx.ctx, 1, &disk, 0), -EACCES);
    CU_ASSERT_STRING_EQUAL(lc_ctx_error(w.fx.ctx), "adding disk 0 (xvda): writing its "
                           "xenstore entries: Permission denied");
    dw_store_is(&w, w.built);
    CU_ASSERT_EQUAL(w.run.ncalls, 0);
    /* a conflicting transaction is run again */
    lc_fake_store_fail(w.fx.xs, LC_FXS_TX_END, 1, EAGAIN);
    CU_ASSERT_EQUAL(lc_device_vbd_add(w.fx.ctx, 1, &disk, 0), 0);
    CU_ASSERT_STRING_EQUAL(lc_fake_store_value(w.fx.xs, BE_VBD "/params"), "/tmp/d");
    dw_fini(&w);
}

UNIT_SUITE(device,
           UNIT_TEST(vbd_nodes_match_libxl), UNIT_TEST(vif_nodes_match_libxl),
           UNIT_TEST(vbd_variants), UNIT_TEST(custom_scripts), UNIT_TEST(mac_defaults),
           UNIT_TEST(vif_rate_and_mtu_nodes),
           UNIT_TEST(hotplug_failures), UNIT_TEST(hotplug_timeout),
           UNIT_TEST(hotplug_late_answer), UNIT_TEST(vif_failure_named),
           UNIT_TEST(add_refusals), UNIT_TEST(store_failure_while_writing))
