/* Tests for the configuration model (libctl/config.c) and the value
 * helpers every reader uses: uuid, MAC, vdev numbers, CPU lists, action
 * names (config_values.c, config_vdev.c, config_cpus.c). */
#include <stdlib.h>
#include "test_config.h"

static void test_init_and_free(void)
{
    struct lc_domain_config cfg;

    memset(&cfg, 0xa5, sizeof(cfg));
    lc_config_init(&cfg);
    CU_ASSERT_EQUAL(cfg.name[0], '\0');
    CU_ASSERT_EQUAL(cfg.memory_mb, 0);
    CU_ASSERT_PTR_NULL(cfg.kernel);
    CU_ASSERT_PTR_NULL(cfg.disks);
    CU_ASSERT_EQUAL(cfg.on_poweroff, LC_ACTION_DESTROY);
    CU_ASSERT_EQUAL(cfg.on_reboot, LC_ACTION_RESTART);
    CU_ASSERT_EQUAL(cfg.on_crash, LC_ACTION_DESTROY);
    lc_config_free(&cfg);       /* nothing to free is fine */
    CU_ASSERT_TRUE(config_is_empty(&cfg));
}

static const char full[] =
    "name='a'\nkernel='/k'\nramdisk='/r'\ncmdline='c'\nmemory=64\n"
    "maxmem=128\nvcpus=2\nmaxvcpus=3\ncpus='1'\n"
    "uuid='00000000-0000-0000-0000-000000000001'\n"
    "disk=['/d,,xvda,ro,script=s']\n"
    "vif=['mac=00:16:3e:00:00:01,ip=1.2.3.4,script=v,vifname=x']\n";

/* Each edit changes one field; equality must notice every one. */
static void test_equal_notices_every_field(void)
{
    static const char *const edits[] = {
        "name='b'", "kernel='/k2'", "ramdisk='/r2'", "cmdline='c2'",
        "memory=65", "maxmem=129", "vcpus=1", "maxvcpus=4", "cpus='2'",
        "uuid='00000000-0000-0000-0000-000000000002'",
        "on_poweroff='restart'", "on_reboot='destroy'",
        "on_crash='preserve'",
        "disk=['/e,,xvda,ro,script=s']", "disk=['/d,,xvdb,ro,script=s']",
        "disk=['/d,,xvda,rw,script=s']", "disk=['/d,,xvda,cdrom,script=s']",
        "disk=['/d,,xvda,ro,script=t']", "disk=['/d,,xvda,ro']",
        "disk=['/d,,xvda,ro,script=s,no-discard']",
        "disk=['/d,,xvda,ro,script=s,untrusted']",
        "disk=['/d,,xvda,ro,script=s','/e,,xvdb']", "disk=[]",
        "vif=['mac=00:16:3e:00:00:02,ip=1.2.3.4,script=v,vifname=x']",
        "vif=['ip=1.2.3.4,script=v,vifname=x']",
        "vif=['mac=00:16:3e:00:00:01,ip=1.2.3.5,script=v,vifname=x']",
        "vif=['mac=00:16:3e:00:00:01,ip=1.2.3.4,script=w,vifname=x']",
        "vif=['mac=00:16:3e:00:00:01,ip=1.2.3.4,script=v,vifname=y']",
        "vif=['mac=00:16:3e:00:00:01,ip=1.2.3.4,script=v,vifname=x,"
        "bridge=b']",
        "vif=[]",
    };
    struct lc_domain_config a, b;
    char text[1024];

    if (PARSE_OK(LC_CONFIG_XL, full, &a))
        return;
    if (!PARSE_OK(LC_CONFIG_XL, full, &b)) {
        CU_ASSERT_TRUE(lc_config_equal(&a, &b));
        lc_config_free(&b);
    }
    for (unsigned i = 0; i < sizeof(edits) / sizeof(edits[0]); i++) {
        snprintf(text, sizeof(text), "%s%s\n", full, edits[i]);
        if (PARSE_OK(LC_CONFIG_XL, text, &b))
            continue;
        if (lc_config_equal(&a, &b))
            FAIL_WITH(edits[i]);
        lc_config_free(&b);
    }
    lc_config_free(&a);
}

static void test_uuid(void)
{
    uint8_t u[16], keep[16];
    char s[LC_CFG_UUID_STR_LEN + 1];
    static const char *const bad[] = {
        "", "6bfa8ddb-ef59-430e-aab0-ab36f7db02e",
        "6bfa8ddbef59430eaab0ab36f7db02e5",
        "6bfa8ddb-ef59-430e-aab0-ab36f7db02e55",
        "6bfa8ddb_ef59-430e-aab0-ab36f7db02e5",
        "6bfa8ddb-ef59-430e-aab0-ab36f7db02eg",
        "6bfa8ddbe-f59-430e-aab0-ab36f7db02e5",
    };

    CU_ASSERT_EQUAL(lc_uuid_parse("6BFA8DDB-ef59-430e-aab0-ab36f7db02e5", u),
                    0);
    CU_ASSERT_EQUAL(u[0], 0x6b);
    CU_ASSERT_EQUAL(u[15], 0xe5);
    lc_uuid_format(u, s);
    CU_ASSERT_STRING_EQUAL(s, "6bfa8ddb-ef59-430e-aab0-ab36f7db02e5");
    memcpy(keep, u, sizeof(u));
    for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        CU_ASSERT_EQUAL(lc_uuid_parse(bad[i], u), -EINVAL);
        CU_ASSERT_EQUAL(memcmp(u, keep, 16), 0);     /* untouched */
    }
}

static void test_mac(void)
{
    uint8_t m[6];
    char s[LC_CFG_MAC_STR_LEN + 1];

    CU_ASSERT_EQUAL(lc_mac_parse("00:16:3E:0a:ff:01", m), 0);
    CU_ASSERT_EQUAL(m[2], 0x3e);
    CU_ASSERT_EQUAL(m[4], 0xff);
    lc_mac_format(m, s);
    CU_ASSERT_STRING_EQUAL(s, "00:16:3e:0a:ff:01");
    CU_ASSERT_EQUAL(lc_mac_parse("00:16:3e:0a:ff", m), -EINVAL);
    CU_ASSERT_EQUAL(lc_mac_parse("00:16:3e:0a:ff:011", m), -EINVAL);
    CU_ASSERT_EQUAL(lc_mac_parse("00:16:3e:0a:ff-01", m), -EINVAL);
    CU_ASSERT_EQUAL(lc_mac_parse("00:16:3e:0a:fg:01", m), -EINVAL);
}

static void test_vdev_numbers(void)
{
    static const struct { const char *vdev; uint32_t num; } good[] = {
        { "xvda", 51712 }, { "xvdb", 51728 }, { "xvdp", 51952 },
        { "xvda1", 51713 }, { "xvda15", 51727 },
        { "xvda16", (1u << 28) | 16 }, { "xvdq", (1u << 28) | (16u << 8) },
        { "xvdaa", (1u << 28) | (26u << 8) },
        { "xvdaaaaa", (1u << 28) | (475254u << 8) },
        { "xvdq255", (1u << 28) | (16u << 8) | 255 },
        { "hda", 768 }, { "hdb", 832 }, { "hdc", 5632 }, { "hdd", 5696 },
        { "hda63", 831 }, { "sda", 2048 }, { "sdb3", 2067 },
        { "sdp", 2288 }, { "sdp15", 2303 },
    };
    static const char *const bad[] = {
        "", "xvd", "xvdA", "vda", "xvda0", "xvda01", "xvda256", "hde",
        "hda64", "sdq", "sda16", "xvda1x", "xvd1", "xvdzzzzz", "hd", "sd",
    };
    uint32_t n;

    for (unsigned i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
        n = 0;
        CU_ASSERT_EQUAL(lc_vdev_to_devnum(good[i].vdev, &n), 0);
        if (n != good[i].num)
            FAIL_WITH(good[i].vdev);
    }
    for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        if (lc_vdev_to_devnum(bad[i], &n) != -EINVAL)
            FAIL_WITH(bad[i]);
}

static void test_cpulist(void)
{
    uint8_t map[LC_CFG_PCPUS_MAX / 8];
    char buf[64];

    CU_ASSERT_EQUAL(lc_cpulist_parse("0-3,^1,5,7-9", map), 0);
    CU_ASSERT_EQUAL(map[0], 0xad);
    CU_ASSERT_EQUAL(map[1], 0x03);
    CU_ASSERT_EQUAL(lc_cpulist_format(map, buf, sizeof(buf)), 0);
    CU_ASSERT_STRING_EQUAL(buf, "0,2-3,5,7-9");
    CU_ASSERT_EQUAL(lc_cpulist_format(map, buf, 8), -ENOSPC);
    CU_ASSERT_EQUAL(lc_cpulist_format(map, buf, 0), -ENOSPC);
    CU_ASSERT_EQUAL(lc_cpulist_parse("all", map), 1);
    CU_ASSERT_EQUAL(map[31], 0xff);
    CU_ASSERT_EQUAL(lc_cpulist_format(map, buf, sizeof(buf)), 0);
    CU_ASSERT_STRING_EQUAL(buf, "0-255");
    CU_ASSERT_EQUAL(lc_cpulist_parse("all,^255", map), 0);
    CU_ASSERT_EQUAL(lc_cpulist_format(map, buf, sizeof(buf)), 0);
    CU_ASSERT_STRING_EQUAL(buf, "0-254");
    CU_ASSERT_EQUAL(lc_cpulist_parse("^3", map), -EINVAL);
    CU_ASSERT_EQUAL(lc_cpulist_parse("1-", map), -EINVAL);
    CU_ASSERT_EQUAL(lc_cpulist_parse("-1", map), -EINVAL);
    CU_ASSERT_EQUAL(lc_cpulist_parse("1,", map), -EINVAL);
    CU_ASSERT_EQUAL(lc_cpulist_parse("0x1", map), -EINVAL);
    memset(map, 0, sizeof(map));
    CU_ASSERT_EQUAL(lc_cpulist_format(map, buf, sizeof(buf)), 0);
    CU_ASSERT_STRING_EQUAL(buf, "");
}

static void test_action_names(void)
{
    CU_ASSERT_STRING_EQUAL(lc_action_name(LC_ACTION_DESTROY), "destroy");
    CU_ASSERT_STRING_EQUAL(lc_action_name(LC_ACTION_RESTART), "restart");
    CU_ASSERT_STRING_EQUAL(lc_action_name(LC_ACTION_RENAME_RESTART),
                           "rename-restart");
    CU_ASSERT_STRING_EQUAL(lc_action_name(LC_ACTION_PRESERVE), "preserve");
    CU_ASSERT_STRING_EQUAL(lc_action_name((enum lc_action)42), "?");
}

UNIT_SUITE(config,
           UNIT_TEST(test_init_and_free),
           UNIT_TEST(test_equal_notices_every_field),
           UNIT_TEST(test_uuid),
           UNIT_TEST(test_mac),
           UNIT_TEST(test_vdev_numbers),
           UNIT_TEST(test_cpulist),
           UNIT_TEST(test_action_names))
