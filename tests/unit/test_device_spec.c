/* libctl/device_spec.c: disk and vif specs given as command-line words,
 * as xl block-attach and network-attach take them: joined, target= last,
 * parsed by the config readers' own parsers, refusals named. */
#include <errno.h>
#include <string.h>
#include "unit.h"
#include "libctl.h"

#define N(a) (unsigned)(sizeof(a) / sizeof((a)[0]))

static struct lc_config_error err;

static void disk_is(struct lc_disk *d, const char *target, const char *vdev,
                    uint32_t devnum, bool rw)
{
    CU_ASSERT_STRING_EQUAL(d->target, target);
    CU_ASSERT_STRING_EQUAL(d->vdev, vdev);
    CU_ASSERT_EQUAL(d->devnum, devnum);
    CU_ASSERT_EQUAL(d->readwrite, rw);
    lc_disk_free(d);
}

static void disks_from_words(void)
{
    char *whole[] = { "/tmp/x.img,raw,xvdb,r" };
    char *split[] = { "/tmp/x.img", "raw", "xvdb", "r" };
    char *keyed[] = { "target=/tmp/a,b.img", "vdev=xvdc", "access=rw" };
    char *mixed[] = { "vdev=hda", "target=/dev/vg/lv", "access=ro" };
    char *flags[] = { "/dev/sr0,,hdc", "cdrom" };
    struct lc_disk d;

    CU_ASSERT_EQUAL_FATAL(lc_disk_from_words(whole, N(whole), &d, &err), 0);
    disk_is(&d, "/tmp/x.img", "xvdb", 51728, false);
    CU_ASSERT_EQUAL_FATAL(lc_disk_from_words(split, N(split), &d, &err), 0);
    disk_is(&d, "/tmp/x.img", "xvdb", 51728, false);
    /* target= takes the rest of its own word only. */
    CU_ASSERT_EQUAL_FATAL(lc_disk_from_words(keyed, N(keyed), &d, &err), 0);
    disk_is(&d, "/tmp/a,b.img", "xvdc", 51744, true);
    CU_ASSERT_EQUAL_FATAL(lc_disk_from_words(mixed, N(mixed), &d, &err), 0);
    CU_ASSERT_TRUE(d.discard);
    disk_is(&d, "/dev/vg/lv", "hda", 768, false);
    CU_ASSERT_EQUAL_FATAL(lc_disk_from_words(flags, N(flags), &d, &err), 0);
    CU_ASSERT_TRUE(d.cdrom);
    disk_is(&d, "/dev/sr0", "hdc", 5632, false);
}

static void refused(char **words, unsigned n, const char *msg)
{
    struct lc_disk d = { .vdev = (char *)"junk" };

    CU_ASSERT_EQUAL(lc_disk_from_words(words, n, &d, &err), -EINVAL);
    CU_ASSERT_STRING_EQUAL(err.msg, msg);
    CU_ASSERT_PTR_NULL(d.vdev);
    CU_ASSERT_PTR_NULL(d.target);
}

static void disk_refusals(void)
{
    char *qcow[] = { "x.img,qcow2,xvdb" };
    char *novdev[] = { "/x.img" };
    char *twice[] = { "target=/a", "vdev=xvdb", "target=/b" };
    char *badvdev[] = { "/x.img", "raw", "vdb" };
    char *unknown[] = { "/x.img,raw,xvdb", "colour=blue" };
    char *many[] = { "/x", "raw", "xvdb", "r", "w" };

    refused(qcow, N(qcow), "disk spec 'x.img,qcow2,xvdb': format must be raw (qcow2 is "
                           "not supported)");
    refused(novdev, N(novdev), "disk spec '/x.img': has no vdev");
    refused(twice, N(twice), "disk spec 'vdev=xvdb,target=/a,target=/b': gives target "
                             "twice");
    refused(badvdev, N(badvdev), "disk spec '/x.img,raw,vdb': vdev must name a virtual "
                                 "disk like xvda, hda or sda, not 'vdb'");
    refused(unknown, N(unknown), "disk spec '/x.img,raw,xvdb,colour=blue': has unknown "
                                 "parameter 'colour'");
    refused(many, N(many), "disk spec '/x,raw,xvdb,r,w': has too many positional "
                           "parameters");
    refused(NULL, 0, "disk spec '': has no vdev");
}

static void vifs_from_words(void)
{
    char *none[] = { NULL };
    char *two[] = { "bridge=br1", "mac=00:16:3e:00:00:09" };
    char *joined[] = { "ip=10.0.0.2,script=vif-route", "vifname=web0", "model=e1000" };
    struct lc_vif v;

    CU_ASSERT_EQUAL_FATAL(lc_vif_from_words(none, 0, &v, &err), 0);
    CU_ASSERT_FALSE(v.mac_set);
    CU_ASSERT_STRING_EQUAL(v.bridge, "xenbr0");
    CU_ASSERT_PTR_NULL(v.script);
    lc_vif_free(&v);
    CU_ASSERT_EQUAL_FATAL(lc_vif_from_words(two, N(two), &v, &err), 0);
    CU_ASSERT_TRUE(v.mac_set);
    CU_ASSERT_EQUAL(memcmp(v.mac, "\x00\x16\x3e\x00\x00\x09", 6), 0);
    CU_ASSERT_STRING_EQUAL(v.bridge, "br1");
    lc_vif_free(&v);
    CU_ASSERT_EQUAL_FATAL(lc_vif_from_words(joined, N(joined), &v, &err), 0);
    CU_ASSERT_STRING_EQUAL(v.ip, "10.0.0.2");
    CU_ASSERT_STRING_EQUAL(v.script, "vif-route");
    CU_ASSERT_STRING_EQUAL(v.vifname, "web0");
    lc_vif_free(&v);
}

static void vif_refusals(void)
{
    char *badmac[] = { "mac=zz" };
    char *unknown[] = { "bridge=br0", "vlan=10" };
    char *badrate[] = { "rate=10Mbit/s" };
    char *badmtu[] = { "mtu=65536,bridge=br0" };
    char *twice[] = { "bridge=br0", "bridge=br1" };
    struct lc_vif v;

    CU_ASSERT_EQUAL(lc_vif_from_words(badmac, N(badmac), &v, &err), -EINVAL);
    CU_ASSERT_STRING_EQUAL(err.msg, "vif spec 'mac=zz': mac must be six hex bytes like "
                                    "00:16:3e:12:34:56, not 'zz'");
    CU_ASSERT_EQUAL(lc_vif_from_words(unknown, N(unknown), &v, &err), -EINVAL);
    CU_ASSERT_STRING_EQUAL(err.msg, "vif spec 'bridge=br0,vlan=10': has unknown "
                                    "parameter 'vlan'");
    /* What was parsed before the refusal is released. */
    CU_ASSERT_PTR_NULL(v.bridge);
    CU_ASSERT_EQUAL(lc_vif_from_words(twice, N(twice), &v, &err), -EINVAL);
    CU_ASSERT_STRING_EQUAL(err.msg, "vif spec 'bridge=br0,bridge=br1': gives bridge twice");
    CU_ASSERT_EQUAL(lc_vif_from_words(badrate, N(badrate), &v, &err), -EINVAL);
    CU_ASSERT_STRING_EQUAL(err.msg, "vif spec 'rate=10Mbit/s': rate must be like 10Mb/s "
                                    "or 100MB/s@20ms, not '10Mbit/s'");
    CU_ASSERT_EQUAL(lc_vif_from_words(badmtu, N(badmtu), &v, &err), -EINVAL);
    CU_ASSERT_STRING_EQUAL(err.msg, "vif spec 'mtu=65536,bridge=br0': mtu must be a "
                                    "number from 68 to 65535, not '65536'");
}

/* xl network-attach's words carry rate= and mtu= through. */
static void vif_rate_and_mtu_words(void)
{
    char *words[] = { "bridge=br1", "mtu=1400", "rate=100Mb/s@10ms" };
    struct lc_vif v;

    CU_ASSERT_EQUAL_FATAL(lc_vif_from_words(words, N(words), &v, &err), 0);
    CU_ASSERT_EQUAL(v.mtu, 1400);
    CU_ASSERT_EQUAL(v.rate_bytes_per_interval, 125000);
    CU_ASSERT_EQUAL(v.rate_interval_usecs, 10000);
    lc_vif_free(&v);
    CU_ASSERT_EQUAL(v.mtu, 0);          /* freeing zeroes it all */
    CU_ASSERT_EQUAL(v.rate_interval_usecs, 0);
}

UNIT_SUITE(device_spec,
           UNIT_TEST(disks_from_words), UNIT_TEST(disk_refusals),
           UNIT_TEST(vifs_from_words), UNIT_TEST(vif_refusals),
           UNIT_TEST(vif_rate_and_mtu_words))
