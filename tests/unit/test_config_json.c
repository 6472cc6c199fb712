/* Tests for the JSON reader and writer: libctl/config_json*.c. Both
 * shapes are read: ours (xl.cfg's keys) and libxl's (`xl list -l`). */
#include <stdlib.h>
#include "test_config.h"

#define JS LC_CONFIG_JSON
#define XL LC_CONFIG_XL
#define JSON_DEPTH_TEST 33      /* one more than the reader takes */

static void test_json_every_key_matches_xl(void)
{
    static const char json[] =
        "{ \"name\": \"web\", \"uuid\": \"6bfa8ddb-ef59-430e-aab0-"
        "ab36f7db02e5\", \"type\": \"pvh\", \"memory\": 256, \"maxmem\": 512,"
        " \"vcpus\": 2, \"maxvcpus\": 4, \"cpus\": \"0-3,^1\","
        " \"kernel\": \"/boot/Image\", \"ramdisk\": \"/boot/initrd\","
        " \"root\": \"/dev/xvda\", \"extra\": \"quiet\","
        " \"on_poweroff\": \"preserve\", \"on_reboot\": \"rename-restart\","
        " \"on_crash\": \"restart\","
        " \"disk\": [ \"/a,raw,xvda,rw\", { \"target\": \"/b\","
        " \"vdev\": \"xvdb\", \"access\": \"ro\", \"format\": \"raw\","
        " \"script\": \"s\", \"backendtype\": \"phy\", \"backend\": \"0\","
        " \"discard\": false, \"trusted\": false },"
        " { \"vdev\": \"hdc\", \"cdrom\": true } ],"
        " \"vif\": [ \"mac=00:16:3e:00:00:01\", { \"bridge\": \"br1\","
        " \"ip\": \"10.0.0.1\", \"script\": \"vif-nat\", \"vifname\": \"v0\","
        " \"model\": \"e1000\", \"type\": \"vif\", \"mac\": \"\" } ] }";
    static const char xl[] =
        "name='web'\nuuid='6bfa8ddb-ef59-430e-aab0-ab36f7db02e5'\n"
        "type='pvh'\nmemory=256\nmaxmem=512\nvcpus=2\nmaxvcpus=4\n"
        "cpus='0-3,^1'\nkernel='/boot/Image'\nramdisk='/boot/initrd'\n"
        "root='/dev/xvda'\nextra='quiet'\non_poweroff='preserve'\n"
        "on_reboot='rename-restart'\non_crash='restart'\n"
        "disk=['/a,raw,xvda,rw', 'vdev=xvdb,access=ro,script=s,"
        "no-discard,untrusted,target=/b', ',hdc:cdrom,r']\n"
        "vif=['mac=00:16:3e:00:00:01', 'bridge=br1,ip=10.0.0.1,"
        "script=vif-nat,vifname=v0']\n";
    struct lc_domain_config a, b;

    if (PARSE_OK(JS, json, &a))
        return;
    if (!PARSE_OK(XL, xl, &b)) {
        CU_ASSERT_TRUE(lc_config_equal(&a, &b));
        lc_config_free(&b);
    }
    CU_ASSERT_STRING_EQUAL(a.cmdline, "root=/dev/xvda quiet");
    CU_ASSERT_EQUAL(a.ndisks, 3);
    CU_ASSERT_FALSE(a.disks[1].discard);
    CU_ASSERT_TRUE(a.disks[2].cdrom);
    CU_ASSERT_PTR_NULL(a.disks[2].target);
    lc_config_free(&a);
}

/* A null value stands for a key left out; an unknown key is refused
 * whatever its value. */
static void test_json_defaults_and_null(void)
{
    struct lc_domain_config cfg;

    EXPECT_ERROR(JS, "{\"name\": \"n\", \"kernel\": \"/k\", \"cdrom\": null}",
                 "t:1:31: unknown key 'cdrom'");
    if (PARSE_OK(JS, "{\"name\": \"n\", \"kernel\": \"/k\", \"memory\": null,"
                 " \"disk\": null, \"ramdisk\": null}", &cfg))
        return;
    CU_ASSERT_EQUAL(cfg.memory_mb, LC_CFG_MEMORY_DEFAULT_MB);
    CU_ASSERT_EQUAL(cfg.maxvcpus, 1);
    CU_ASSERT_PTR_NULL(cfg.ramdisk);
    CU_ASSERT_EQUAL(cfg.ndisks, 0);
    lc_config_free(&cfg);
}

#define OURS(rest) "{\"name\": \"n\", \"kernel\": \"/k\",\n" rest "}"

static void test_json_value_errors(void)
{
    EXPECT_ERROR(JS, OURS("\"memory\": \"64\""),
                 "t:2:11: 'memory' must be a positive integer");
    EXPECT_ERROR(JS, OURS("\"memory\": 64.0"),
                 "t:2:11: 'memory' must be a positive integer");
    EXPECT_ERROR(JS, OURS("\"memory\": -1"),
                 "t:2:11: 'memory' must be a positive integer");
    EXPECT_ERROR(JS, OURS("\"memory\": 1e3"),
                 "t:2:11: 'memory' must be a positive integer");
    EXPECT_ERROR(JS, OURS("\"vcpus\": 999"),
                 "t:2:10: 'vcpus' must be at most 128");
    EXPECT_ERROR(JS, OURS("\"ramdisk\": 5"),
                 "t:2:12: 'ramdisk' must be a string");
    EXPECT_ERROR(JS, OURS("\"cpus\": [\"1\"]"),
                 "t:2:9: 'cpus' must be one CPULIST string: per-vCPU pinning "
                 "lists are not supported");
    EXPECT_ERROR(JS, OURS("\"type\": \"hvm\""),
                 "t:2:9: 'type' hvm is not supported on arm64 (only pvh)");
    EXPECT_ERROR(JS, OURS("\"disk\": \"/a,,xvda\""),
                 "t:2:9: 'disk' must be a list");
    EXPECT_ERROR(JS, OURS("\"disk\": [ 5 ]"),
                 "t:2:11: 'disk[0]' must be a string or an object");
    EXPECT_ERROR(JS, OURS("\"disk\": [ \"/a,qcow2,xvda\" ]"),
                 "t:2:11: 'disk[0]' format must be raw (qcow2 is not "
                 "supported)");
    EXPECT_ERROR(JS, OURS("\"disk\": [ {\"vdev\": \"xvda\", \"target\": 1} ]"),
                 "t:2:38: 'disk[0].target' must be a string");
    EXPECT_ERROR(JS, OURS("\"disk\": [ {\"vdev\": \"xvda\", \"cdrom\": 1} ]"),
                 "t:2:37: 'disk[0].cdrom' must be true or false");
    EXPECT_ERROR(JS, OURS("\"disk\": [ {\"vdev\": \"xvda\", \"size\": 1} ]"),
                 "t:2:28: unknown key 'disk[0].size'");
    EXPECT_ERROR(JS, OURS("\"disk\": [ {\"vdev\": \"xvda\", \"format\": "
                          "\"vhd\", \"target\": \"/a\"} ]"),
                 "t:2:38: 'disk[0].format' must be raw (vhd is not "
                 "supported)");
    EXPECT_ERROR(JS, OURS("\"disk\": [ {\"target\": \"/a\"} ]"),
                 "t:2:11: 'disk[0]' has no vdev");
    EXPECT_ERROR(JS, OURS("\"disk\": [ \"/a,,xvda\",\n {\"target\": \"/b\","
                          " \"vdev\": \"xvda\"} ]"),
                 "t:3:2: 'disk[1]' vdev 'xvda' is the same device as an "
                 "earlier disk's 'xvda'");
    EXPECT_ERROR(JS, OURS("\"vif\": [ {\"mac\": 5} ]"),
                 "t:2:18: 'vif[0].mac' must be a string");
    EXPECT_ERROR(JS, OURS("\"vif\": [ {\"rate\": \"5\"} ]"),
                 "t:2:19: 'vif[0].rate' must be like 10Mb/s or 100MB/s@20ms, "
                 "not '5'");
    EXPECT_ERROR(JS, OURS("\"vif\": [ {\"rate\": 5} ]"),
                 "t:2:19: 'vif[0].rate' must be a string");
    EXPECT_ERROR(JS, OURS("\"vif\": [ {\"mtu\": 65536} ]"),
                 "t:2:18: 'vif[0].mtu' must be a number from 68 to 65535, "
                 "not '65536'");
    EXPECT_ERROR(JS, OURS("\"vif\": [ {\"mtu\": 1400.0} ]"),
                 "t:2:18: 'vif[0].mtu' must be a number from 68 to 65535, "
                 "not '1400.0'");
    EXPECT_ERROR(JS, OURS("\"vif\": [ {\"mtu\": true} ]"),
                 "t:2:18: 'vif[0].mtu' must be a string");
    EXPECT_ERROR(JS, OURS("\"vif\": [ {\"vlan\": \"5\"} ]"),
                 "t:2:11: unknown key 'vif[0].vlan'");
    EXPECT_ERROR(JS, OURS("\"vif\": [ {\"bridge\": \"a/b\"} ]"),
                 "t:2:21: 'vif[0].bridge' must be a network interface name "
                 "(at most 15 characters, no '/', ':' or space), not 'a/b'");
    EXPECT_ERROR(JS, OURS("\"vif\": [ \"bridge\" ]"),
                 "t:2:10: 'vif[0]' has 'bridge' without a value");
    EXPECT_ERROR(JS, OURS("\"maxvcpus\": 1, \"vcpus\": 2"),
                 "t:2:13: 'maxvcpus' (1) is less than the initial vCPU count "
                 "(2)");
    EXPECT_ERROR(JS, "{\"kernel\": \"/k\"}", "t: missing required key 'name'");
}

static void test_json_syntax_errors(void)
{
    char deep[80];

    EXPECT_ERROR(JS, "{\"name\": \"n\",,}",
                 "t:1:14: syntax error: invalid object key (must be a "
                 "string)");
    EXPECT_ERROR(JS, "{\"name\": \"n\",\n \"kernel\": \"/k\"",
                 "t:2:16: syntax error: premature EOF");
    EXPECT_ERROR(JS, "", "t:1:1: syntax error: premature EOF");
    EXPECT_ERROR(JS, "{\"name\": \"n\"} x",
                 "t:1:15: syntax error: trailing garbage");
    EXPECT_ERROR(JS, "{\"name\": tru}",
                 "t:1:10: syntax error: invalid string in json text");
    EXPECT_ERROR(JS, "{\"name\": \"n\", \"name\": \"m\"}",
                 "t:1:15: duplicate key 'name'");
    EXPECT_ERROR(JS, "{\"name\": \"a\\u0000b\"}",
                 "t:1:10: a string holds \\u0000");
    EXPECT_ERROR(JS, "{\"na\\u0000me\": \"a\"}",
                 "t:1:2: a key holds \\u0000");
    EXPECT_ERROR(JS, "{\"name\": \"\xff\"}",
                 "t:1:10: syntax error: invalid bytes in UTF8 string");
    EXPECT_ERROR(JS, "\"name\"",
                 "t:1:1: the document must be an object or a list");
    EXPECT_ERROR(JS, "{\"name\": \"n\", // c\n}",
                 "t:1:15: syntax error: probable comment found in input "
                 "text, comments are not enabled");
    memset(deep, '[', JSON_DEPTH_TEST);
    deep[JSON_DEPTH_TEST] = '\0';
    EXPECT_ERROR(JS, deep, "t:1:33: nesting too deep");
}

/* The reference `xl list -l` of Xen 4.17, read as it is. */
static void test_json_reads_xl_list_reference(void)
{
    struct lc_domain_config cfg;
    struct lc_config_error err;
    char uuid[LC_CFG_UUID_STR_LEN + 1], mac[LC_CFG_MAC_STR_LEN + 1];
    int ret = lc_config_read(KEEL_CONFIG_TEST_DIR "/good/xl-list-l.json",
                             LC_CONFIG_AUTO, &cfg, &err);

    CU_ASSERT_EQUAL_FATAL(ret, 0);
    CU_ASSERT_STRING_EQUAL(cfg.name, "xr-io");
    lc_uuid_format(cfg.uuid, uuid);
    CU_ASSERT_STRING_EQUAL(uuid, "6bfa8ddb-ef59-430e-aab0-ab36f7db02e5");
    CU_ASSERT_EQUAL(cfg.memory_mb, 128);
    CU_ASSERT_EQUAL(cfg.maxmem_mb, 128);
    CU_ASSERT_EQUAL(cfg.vcpus, 1);
    CU_ASSERT_EQUAL(cfg.maxvcpus, 1);
    CU_ASSERT_STRING_EQUAL(cfg.kernel, "/boot/Image");
    CU_ASSERT_STRING_EQUAL(cfg.ramdisk, "/boot/domU-initrd");
    CU_ASSERT_STRING_EQUAL(cfg.cmdline,
                           "console=hvc0 rdinit=/init xenref.mode=io");
    CU_ASSERT_EQUAL(cfg.on_reboot, LC_ACTION_RESTART);
    CU_ASSERT_EQUAL_FATAL(cfg.ndisks, 1);
    CU_ASSERT_STRING_EQUAL(cfg.disks[0].target, "/tmp/disk.img");
    CU_ASSERT_EQUAL(cfg.disks[0].devnum, 51712);
    CU_ASSERT_TRUE(cfg.disks[0].readwrite);
    CU_ASSERT_EQUAL_FATAL(cfg.nvifs, 1);
    lc_mac_format(cfg.vifs[0].mac, mac);
    CU_ASSERT_STRING_EQUAL(mac, "00:16:3e:00:00:02");
    CU_ASSERT_STRING_EQUAL(cfg.vifs[0].bridge, "xenbr0");
    lc_config_free(&cfg);
}

/* xl.cfg -> model -> JSON -> model gives the same model, and writing
 * that again gives the same text. */
static void round_trip(const char *xl)
{
    struct lc_domain_config a, b;
    char *json = NULL, *again = NULL;

    if (PARSE_OK(XL, xl, &a))
        return;
    CU_ASSERT_EQUAL_FATAL(lc_config_to_json(&a, 7, &json), 0);
    if (!PARSE_OK(JS, json, &b)) {
        if (!lc_config_equal(&a, &b))
            FAIL_WITH(xl);
        CU_ASSERT_EQUAL(lc_config_to_json(&b, 7, &again), 0);
        if (again)
            CU_ASSERT_STRING_EQUAL(again, json);
        lc_config_free(&b);
    }
    free(json);
    free(again);
    lc_config_free(&a);
}

static void test_json_round_trips(void)
{
    round_trip("name='a'\nkernel='/k'\n");
    round_trip("name='a'\nkernel='/k'\nramdisk='/r'\nextra='x y'\n"
               "uuid='6bfa8ddb-ef59-430e-aab0-ab36f7db02e5'\nmemory=128\n"
               "maxmem=1024\nvcpus=3\nmaxvcpus=8\ncpus='0-3,7,255'\n"
               "on_poweroff='rename-restart'\non_reboot='preserve'\n"
               "on_crash='restart'\n");
    round_trip("name='a'\nkernel='/k'\ndisk=['/a,,xvda', '/b,,xvdb,ro,"
               "no-discard,untrusted,script=block-x', ',hdc:cdrom,r', "
               "'/iso,,hdd,cdrom', '/p,,sdb3']\n");
    round_trip("name='a'\nkernel='/k'\nvif=['', 'mac=00:16:3e:01:02:03,"
               "bridge=br9,ip=10.1.1.1 10.1.1.2,script=vif-route,"
               "vifname=web.0']\n");
    round_trip("name='a'\nkernel='/k'\nvif=['rate=10Mb/s,mtu=1400', "
               "'mtu=9000', 'rate=4294967295B/s@4294967295us']\n");
}

static void test_json_writer_output(void)
{
    static const char want[] =
        "[\n"
        "    {\n"
        "        \"domid\": 3,\n"
        "        \"config\": {\n"
        "            \"c_info\": {\n"
        "                \"type\": \"pvh\",\n"
        "                \"name\": \"a\"\n"
        "            },\n"
        "            \"b_info\": {\n"
        "                \"max_vcpus\": 1,\n"
        "                \"avail_vcpus\": [\n"
        "                    0\n"
        "                ],\n"
        "                \"max_memkb\": 65536,\n"
        "                \"target_memkb\": 65536,\n"
        "                \"kernel\": \"/k\"\n"
        "            },\n"
        "            \"disks\": [\n"
        "                {\n"
        "                    \"pdev_path\": \"/d\",\n"
        "                    \"vdev\": \"xvda\",\n"
        "                    \"backend\": \"phy\",\n"
        "                    \"format\": \"raw\",\n"
        "                    \"readwrite\": 1,\n"
        "                    \"is_cdrom\": 0,\n"
        "                    \"discard_enable\": \"True\",\n"
        "                    \"trusted\": \"True\"\n"
        "                }\n"
        "            ],\n"
        "            \"nics\": [\n"
        "                {\n"
        "                    \"devid\": 0,\n"
        "                    \"mac\": \"00:16:3e:00:00:09\",\n"
        "                    \"bridge\": \"xenbr0\",\n"
        "                    \"nictype\": \"vif\"\n"
        "                }\n"
        "            ],\n"
        "            \"on_poweroff\": \"destroy\",\n"
        "            \"on_reboot\": \"restart\",\n"
        "            \"on_crash\": \"destroy\"\n"
        "        }\n"
        "    }\n"
        "]\n";
    struct lc_domain_config cfg;
    char *json = NULL;

    if (PARSE_OK(XL, "name='a'\nkernel='/k'\nmemory=64\n"
                 "disk=['/d,,xvda']\nvif=['mac=00:16:3e:00:00:09']\n", &cfg))
        return;
    CU_ASSERT_EQUAL(lc_config_to_json(&cfg, 3, &json), 0);
    if (json)
        CU_ASSERT_STRING_EQUAL(json, want);
    free(json);
    lc_config_free(&cfg);
}

static void test_json_writer_list_and_errors(void)
{
    struct lc_domain_config a, b;
    const struct lc_domain_config *both[2] = { &a, &b };
    const uint32_t ids[2] = { 1, 2 };
    struct lc_config_error err;
    char *json = NULL;

    if (PARSE_OK(XL, "name='a'\nkernel='/k'\n", &a))
        return;
    if (PARSE_OK(XL, "name='b'\nkernel='/k'\ncmdline='\\xff'\n", &b)) {
        lc_config_free(&a);
        return;
    }
    CU_ASSERT_EQUAL(lc_config_list_to_json(both, ids, 0, &json), 0);
    if (json)
        CU_ASSERT_STRING_EQUAL(json, "[\n\n]\n");     /* as xl prints it */
    free(json);
    json = NULL;
    /* cmdline holds a byte that is not UTF-8 */
    CU_ASSERT_EQUAL(lc_config_list_to_json(both, ids, 2, &json), -EILSEQ);
    CU_ASSERT_PTR_NULL(json);
    free(b.cmdline);
    b.cmdline = NULL;
    CU_ASSERT_EQUAL_FATAL(lc_config_list_to_json(both, ids, 2, &json), 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(json, "\"domid\": 2"));
    lc_config_free(&b);
    CU_ASSERT_EQUAL(lc_config_parse(json, strlen(json), "t", JS, &b, &err),
                    -EINVAL);
    CU_ASSERT_STRING_EQUAL(err.msg, "t:1:1: '[]' must hold exactly one "
                           "domain, not 2");
    free(json);
    lc_config_free(&a);
}

#define LIBXL(c_info, b_info, rest)                                       \
    "[{\"domid\": 1, \"config\": {\n\"c_info\": {\"name\": \"x\"" c_info  \
    "},\n\"b_info\": {\"kernel\": \"/k\"" b_info "}" rest "}}]"

static void test_json_libxl_shape_forms(void)
{
    struct lc_domain_config cfg;

    /* The domain object alone, and its config alone. */
    if (!PARSE_OK(JS, "{\"config\": {\"c_info\": {\"name\": \"x\"}, \"b_info\":"
                  " {\"kernel\": \"/k\"}}}", &cfg))
        lc_config_free(&cfg);
    if (!PARSE_OK(JS, "{\"c_info\": {\"name\": \"x\"}, \"b_info\": "
                  "{\"kernel\": \"/k\"}, \"domid\": {}}", &cfg))
        lc_config_free(&cfg);
    /* libxl's defaults: zero uuid and MAC mean unset; empty values and
     * the listed keys are ignored; restart_rename is rename-restart. */
    if (PARSE_OK(JS, LIBXL(", \"uuid\": \"00000000-0000-0000-0000-"
                           "000000000000\", \"type\": \"pvh\", \"xsdata\": {}",
                           ", \"sched_params\": {\"weight\": 256},"
                           " \"video_memkb\": 0, \"type.pvh\": {},"
                           " \"avail_vcpus\": [0, 1], \"max_vcpus\": 2,"
                           " \"vcpu_hard_affinity\": [[1, 2], [1, 2]]",
                           ",\n\"nics\": [{\"mac\": \"00:00:00:00:00:00\","
                           " \"devid\": 0, \"nictype\": \"vif\", \"model\":"
                           " \"x\", \"ifname\": \"v1\", \"backend_domid\": 0}],"
                           " \"disks\": [{\"vdev\": \"xvda\", \"pdev_path\":"
                           " \"/a\", \"format\": \"unknown\", \"backend\":"
                           " \"unknown\", \"readwrite\": 0, \"is_cdrom\": 0,"
                           " \"discard_enable\": \"<default>\", \"trusted\":"
                           " \"False\", \"removable\": 1}],"
                           " \"on_crash\": \"restart_rename\","
                           " \"on_watchdog\": \"destroy\", \"vtpms\": []"),
                     &cfg))
        return;
    CU_ASSERT_FALSE(cfg.uuid_set);
    CU_ASSERT_EQUAL(cfg.vcpus, 2);
    CU_ASSERT_TRUE(cfg.cpus_set);
    CU_ASSERT_EQUAL(cfg.cpus[0], 0x06);
    CU_ASSERT_EQUAL(cfg.on_crash, LC_ACTION_RENAME_RESTART);
    CU_ASSERT_EQUAL_FATAL(cfg.nvifs, 1);
    CU_ASSERT_FALSE(cfg.vifs[0].mac_set);
    CU_ASSERT_STRING_EQUAL(cfg.vifs[0].vifname, "v1");
    CU_ASSERT_EQUAL_FATAL(cfg.ndisks, 1);
    CU_ASSERT_FALSE(cfg.disks[0].readwrite);
    CU_ASSERT_TRUE(cfg.disks[0].discard);
    CU_ASSERT_FALSE(cfg.disks[0].trusted);
    lc_config_free(&cfg);
}

static void test_json_libxl_shape_errors(void)
{
    EXPECT_ERROR(JS, "[]", "t:1:1: '[]' must hold exactly one domain, not 0");
    EXPECT_ERROR(JS, "[5]", "t:1:2: '[0]' must be an object");
    EXPECT_ERROR(JS, "[{\"domid\": 1, \"config\": 5}]",
                 "t:1:25: 'config' must be an object");
    EXPECT_ERROR(JS, "[{\"domid\": 1, \"config\": {\"c_info\": {}}}]",
                 "t: missing required key 'config.c_info.name'");
    EXPECT_ERROR(JS, "{\"c_info\": {\"name\": \"x\"}}",
                 "t: missing required key 'b_info.kernel'");
    EXPECT_ERROR(JS, LIBXL(", \"type\": \"hvm\"", "", ""),
                 "t:2:33: 'config.c_info.type' hvm is not supported on arm64 "
                 "(only pvh)");
    EXPECT_ERROR(JS, LIBXL(", \"ssid_label\": \"x\"", "", ""),
                 "t:2:25: unknown key 'config.c_info.ssid_label'");
    EXPECT_ERROR(JS, LIBXL("", ", \"max_memkb\": 1000", ""),
                 "t:3:41: 'config.b_info.max_memkb' must be a whole number of "
                 "MiB (a multiple of 1024)");
    EXPECT_ERROR(JS, LIBXL("", ", \"target_memkb\": 2147483648", ""),
                 "t:3:44: 'config.b_info.target_memkb' must be at most "
                 "1048576 MiB");
    EXPECT_ERROR(JS, LIBXL("", ", \"max_memkb\": 65536, \"target_memkb\": "
                           "131072", ""),
                 "t:3:41: 'config.b_info.max_memkb' (64 MiB) is less than the "
                 "initial memory (128 MiB)");
    EXPECT_ERROR(JS, LIBXL("", ", \"max_vcpus\": 1, \"avail_vcpus\": [0, 1]",
                           ""),
                 "t:3:41: 'config.b_info.max_vcpus' (1) is less than the "
                 "initial vCPU count (2)");
    EXPECT_ERROR(JS, LIBXL("", ", \"avail_vcpus\": [1]", ""),
                 "t:3:44: 'config.b_info.avail_vcpus' must list vCPUs from 0 "
                 "up with no gaps");
    EXPECT_ERROR(JS, LIBXL("", ", \"avail_vcpus\": []", ""),
                 "t:3:43: 'config.b_info.avail_vcpus' must be a positive "
                 "integer");
    EXPECT_ERROR(JS, LIBXL("", ", \"avail_vcpus\": 1", ""),
                 "t:3:43: 'config.b_info.avail_vcpus' must be a list of vCPU "
                 "numbers");
    EXPECT_ERROR(JS, LIBXL("", ", \"max_vcpus\": \"1\"", ""),
                 "t:3:41: 'config.b_info.max_vcpus' must be a non-negative "
                 "integer");
    EXPECT_ERROR(JS, LIBXL("", ", \"vcpu_hard_affinity\": [[0], [1]]", ""),
                 "t:3:56: 'config.b_info.vcpu_hard_affinity[1]' differs from "
                 "vCPU 0's: per-vCPU pinning is not supported");
    EXPECT_ERROR(JS, LIBXL("", ", \"vcpu_hard_affinity\": [[256]]", ""),
                 "t:3:52: 'config.b_info.vcpu_hard_affinity[0]' names CPU 256,"
                 " but only CPUs 0-255 can be pinned");
    EXPECT_ERROR(JS, LIBXL("", ", \"vcpu_hard_affinity\": [[]]", ""),
                 "t:3:51: 'config.b_info.vcpu_hard_affinity[0]' must be a list "
                 "of host CPU numbers");
    EXPECT_ERROR(JS, LIBXL("", ", \"vcpu_hard_affinity\": []", ""),
                 "t:3:50: 'config.b_info.vcpu_hard_affinity' must be a list "
                 "with one CPU list per vCPU");
    EXPECT_ERROR(JS, LIBXL("", ", \"device_tree\": \"/x.dtb\"", ""),
                 "t:3:28: unknown key 'config.b_info.device_tree'");
    EXPECT_ERROR(JS, LIBXL("", "", ", \"on_crash\": \"coredump_destroy\""),
                 "t:3:41: 'config.on_crash' coredump-destroy is not supported "
                 "(destroy, restart, preserve or rename-restart)");
    EXPECT_ERROR(JS, LIBXL("", "", ", \"disks\": {}"),
                 "t:3:38: 'config.disks' must be a list");
    EXPECT_ERROR(JS, LIBXL("", "", ", \"disks\": [{\"vdev\": \"xvda\","
                           " \"pdev_path\": \"/a\", \"format\": \"qcow2\"}]"),
                 "t:3:85: 'config.disks[0].format' must be raw (qcow2 is not "
                 "supported)");
    EXPECT_ERROR(JS, LIBXL("", "", ", \"disks\": [{\"vdev\": \"xvda\","
                           " \"pdev_path\": \"/a\", \"backend\": \"qdisk\"}]"),
                 "t:3:86: 'config.disks[0].backend' must be phy ('qdisk' is "
                 "not supported)");
    EXPECT_ERROR(JS, LIBXL("", "", ", \"disks\": [{\"vdev\": \"xvda\","
                           " \"pdev_path\": \"/a\", \"readwrite\": 2}]"),
                 "t:3:88: 'config.disks[0].readwrite' must be 0 or 1");
    EXPECT_ERROR(JS, LIBXL("", "", ", \"disks\": [{\"vdev\": \"xvda\","
                           " \"pdev_path\": \"/a\", \"trusted\": \"yes\"}]"),
                 "t:3:86: 'config.disks[0].trusted' must be \"True\", "
                 "\"False\" or \"<default>\"");
    EXPECT_ERROR(JS, LIBXL("", "", ", \"disks\": [{\"vdev\": \"xvda\","
                           " \"pdev_path\": \"/a\", \"backend_domid\": 3}]"),
                 "t:3:92: 'config.disks[0].backend_domid' must be 0: backends "
                 "run in dom0");
    EXPECT_ERROR(JS, LIBXL("", "", ", \"disks\": [{\"pdev_path\": \"/a\"}]"),
                 "t:3:39: 'config.disks[0]' has no vdev");
    EXPECT_ERROR(JS, LIBXL("", "", ", \"disks\": [{\"vdev\": \"xvda\","
                           " \"pdev_path\": \"/a\"},\n{\"vdev\": \"xvda\","
                           " \"pdev_path\": \"/b\"}]"),
                 "t:4:1: 'config.disks[1]' vdev 'xvda' is the same device as "
                 "an earlier disk's 'xvda'");
    EXPECT_ERROR(JS, LIBXL("", "", ", \"nics\": [{\"nictype\": \"tap\"}]"),
                 "t:3:50: 'config.nics[0].nictype' must be vif");
    EXPECT_ERROR(JS, LIBXL("", "", ", \"nics\": [{\"mtu\": 65536}]"),
                 "t:3:46: 'config.nics[0].mtu' must be a number from 68 to "
                 "65535, not '65536'");
    EXPECT_ERROR(JS, LIBXL("", "", ", \"nics\": [{\"mtu\": \"1400\"}]"),
                 "t:3:46: 'config.nics[0].mtu' must be a non-negative integer");
    EXPECT_ERROR(JS, LIBXL("", "", ", \"nics\": [{\"rate_interval_usecs\": "
                           "50000}]"),
                 "t:3:38: 'config.nics[0]' has only one of "
                 "rate_bytes_per_interval and rate_interval_usecs");
    EXPECT_ERROR(JS, LIBXL("", "", ", \"nics\": [{\"rate_bytes_per_interval\""
                           ": 100, \"rate_interval_usecs\": 0}]"),
                 "t:3:38: 'config.nics[0]' has only one of "
                 "rate_bytes_per_interval and rate_interval_usecs");
    EXPECT_ERROR(JS, LIBXL("", "", ", \"nics\": [{\"rate_interval_usecs\": "
                           "4294967296, \"rate_bytes_per_interval\": 1}]"),
                 "t:3:62: 'config.nics[0].rate_interval_usecs' is too large");
    EXPECT_ERROR(JS, LIBXL("", "", ", \"nics\": [{\"rate_bytes_per_interval\""
                           ": 9223372036854775808, \"rate_interval_usecs\": 1}]"),
                 "t:3:66: 'config.nics[0].rate_bytes_per_interval' is too "
                 "large");
    EXPECT_ERROR(JS, LIBXL("", "", ", \"nics\": [{\"rate_bytes_per_interval\""
                           ": -1, \"rate_interval_usecs\": 1}]"),
                 "t:3:66: 'config.nics[0].rate_bytes_per_interval' must be a "
                 "non-negative integer");
    EXPECT_ERROR(JS, LIBXL("", "", ", \"nics\": [{\"mac\": \"x\"}]"),
                 "t:3:46: 'config.nics[0].mac' must be six hex bytes like "
                 "00:16:3e:12:34:56, not 'x'");
    EXPECT_ERROR(JS, LIBXL("", "", ", \"nics\": [{\"mac\": "
                           "\"00:16:3e:00:00:01\"},\n{\"mac\": "
                           "\"00:16:3e:00:00:01\"}]"),
                 "t:4:1: 'config.nics[1]' mac 00:16:3e:00:00:01 is already "
                 "used by an earlier vif");
    EXPECT_ERROR(JS, LIBXL("", "", ", \"nics\": [{\"devid\": -1}]"),
                 "t:3:48: 'config.nics[0].devid' must be a non-negative "
                 "integer");
    EXPECT_ERROR(JS, LIBXL("", "", ", \"vfbs\": [{\"vnc\": {}}]"),
                 "t:3:29: unknown key 'config.vfbs'");
}

/* rate and mtu in libxl's nic keys, and back; unset ones are left out,
 * as they were never given. */
static void test_json_vif_rate_and_mtu(void)
{
    struct lc_domain_config cfg, back;
    char *json = NULL;

    if (PARSE_OK(XL, "name='a'\nkernel='/k'\nvif=['rate=1MB/s@20ms,mtu=1400',"
                 " '']\n", &cfg))
        return;
    CU_ASSERT_EQUAL_FATAL(lc_config_to_json(&cfg, 1, &json), 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(json, "\"nictype\": \"vif\",\n"
                                  "                    \"rate_bytes_per_interval\": "
                                  "20000,\n                    "
                                  "\"rate_interval_usecs\": 20000,\n"
                                  "                    \"mtu\": 1400\n"));
    /* the second nic has neither */
    CU_ASSERT_PTR_NULL(strstr(strstr(json, "\"devid\": 1"), "rate"));
    CU_ASSERT_PTR_NULL(strstr(strstr(json, "\"devid\": 1"), "mtu"));
    if (!PARSE_OK(JS, json, &back)) {
        CU_ASSERT_EQUAL(back.vifs[0].rate_bytes_per_interval, 20000);
        CU_ASSERT_EQUAL(back.vifs[0].rate_interval_usecs, 20000);
        CU_ASSERT_EQUAL(back.vifs[0].mtu, 1400);
        CU_ASSERT_EQUAL(back.vifs[1].rate_interval_usecs, 0);
        CU_ASSERT_EQUAL(back.vifs[1].mtu, 0);
        lc_config_free(&back);
    }
    free(json);
    lc_config_free(&cfg);
    /* libxl's 0s are "not set"; our shape takes mtu as a number too */
    if (!PARSE_OK(JS, LIBXL("", "", ", \"nics\": [{\"mtu\": 0, "
                            "\"rate_bytes_per_interval\": 0, "
                            "\"rate_interval_usecs\": 0}]"), &cfg)) {
        CU_ASSERT_EQUAL(cfg.vifs[0].mtu, 0);
        CU_ASSERT_EQUAL(cfg.vifs[0].rate_interval_usecs, 0);
        lc_config_free(&cfg);
    }
    if (!PARSE_OK(JS, OURS("\"vif\": [ {\"mtu\": 9000, \"rate\": "
                           "\"8Mb/s@10ms\"}, {\"mtu\": \"1280\"} ]"), &cfg)) {
        CU_ASSERT_EQUAL(cfg.vifs[0].mtu, 9000);
        CU_ASSERT_EQUAL(cfg.vifs[0].rate_bytes_per_interval, 10000);
        CU_ASSERT_EQUAL(cfg.vifs[0].rate_interval_usecs, 10000);
        CU_ASSERT_EQUAL(cfg.vifs[1].mtu, 1280);
        lc_config_free(&cfg);
    }
}

UNIT_SUITE(config_json,
           UNIT_TEST(test_json_every_key_matches_xl),
           UNIT_TEST(test_json_defaults_and_null),
           UNIT_TEST(test_json_value_errors),
           UNIT_TEST(test_json_syntax_errors),
           UNIT_TEST(test_json_reads_xl_list_reference),
           UNIT_TEST(test_json_round_trips),
           UNIT_TEST(test_json_writer_output),
           UNIT_TEST(test_json_writer_list_and_errors),
           UNIT_TEST(test_json_libxl_shape_forms),
           UNIT_TEST(test_json_libxl_shape_errors),
           UNIT_TEST(test_json_vif_rate_and_mtu))
