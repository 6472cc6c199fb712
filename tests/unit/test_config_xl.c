/* Tests for the xl.cfg reader: libctl/config_xl*.c, config_keys.c, and
 * the value, disk and vif parsing that the other readers share. */
#include <stdlib.h>
#include "test_config.h"

#define XL LC_CONFIG_XL
#define BASE "name = \"vm\"\nkernel = \"/k\"\n"

static void test_xl_minimal_gets_xl_defaults(void)
{
    struct lc_domain_config cfg;

    if (PARSE_OK(XL, BASE, &cfg))
        return;
    CU_ASSERT_STRING_EQUAL(cfg.name, "vm");
    CU_ASSERT_STRING_EQUAL(cfg.kernel, "/k");
    CU_ASSERT_FALSE(cfg.uuid_set);
    CU_ASSERT_EQUAL(cfg.memory_mb, LC_CFG_MEMORY_DEFAULT_MB);
    CU_ASSERT_EQUAL(cfg.maxmem_mb, LC_CFG_MEMORY_DEFAULT_MB);
    CU_ASSERT_EQUAL(cfg.vcpus, 1);
    CU_ASSERT_EQUAL(cfg.maxvcpus, 1);
    CU_ASSERT_FALSE(cfg.cpus_set);
    CU_ASSERT_PTR_NULL(cfg.ramdisk);
    CU_ASSERT_PTR_NULL(cfg.cmdline);
    CU_ASSERT_EQUAL(cfg.on_poweroff, LC_ACTION_DESTROY);
    CU_ASSERT_EQUAL(cfg.on_reboot, LC_ACTION_RESTART);
    CU_ASSERT_EQUAL(cfg.on_crash, LC_ACTION_DESTROY);
    CU_ASSERT_EQUAL(cfg.ndisks, 0);
    CU_ASSERT_EQUAL(cfg.nvifs, 0);
    lc_config_free(&cfg);
    CU_ASSERT_TRUE(config_is_empty(&cfg));
}

static void test_xl_every_key(void)
{
    static const char text[] =
        "name = 'web-1.a_b'\n"
        "uuid = \"6BFA8DDB-ef59-430e-aab0-ab36f7db02e5\"\n"
        "type = \"pvh\"\n"
        "memory = 256\nmaxmem = 512\nvcpus = 2\nmaxvcpus = 4\n"
        "cpus = \"0-3,^1,8\"\n"
        "kernel = \"/boot/Image\"\nramdisk = \"/boot/initrd\"\n"
        "cmdline = \"console=hvc0\"\n"
        "on_poweroff = \"preserve\"\non_reboot = \"rename-restart\"\n"
        "on_crash = \"restart\"\n"
        "disk = [ '/srv/a.img,raw,xvda,rw' ]\n"
        "vif = [ 'mac=00:16:3e:0a:0b:0c,bridge=br1' ]\n";
    static const uint8_t uuid[16] = {
        0x6b, 0xfa, 0x8d, 0xdb, 0xef, 0x59, 0x43, 0x0e,
        0xaa, 0xb0, 0xab, 0x36, 0xf7, 0xdb, 0x02, 0xe5,
    };
    struct lc_domain_config cfg;

    if (PARSE_OK(XL, text, &cfg))
        return;
    CU_ASSERT_STRING_EQUAL(cfg.name, "web-1.a_b");
    CU_ASSERT_TRUE(cfg.uuid_set);
    CU_ASSERT_EQUAL(memcmp(cfg.uuid, uuid, 16), 0);
    CU_ASSERT_EQUAL(cfg.memory_mb, 256);
    CU_ASSERT_EQUAL(cfg.maxmem_mb, 512);
    CU_ASSERT_EQUAL(cfg.vcpus, 2);
    CU_ASSERT_EQUAL(cfg.maxvcpus, 4);
    CU_ASSERT_TRUE(cfg.cpus_set);
    CU_ASSERT_EQUAL(cfg.cpus[0], 0x0d);
    CU_ASSERT_EQUAL(cfg.cpus[1], 0x01);
    CU_ASSERT_EQUAL(cfg.cpus[2], 0);
    CU_ASSERT_STRING_EQUAL(cfg.kernel, "/boot/Image");
    CU_ASSERT_STRING_EQUAL(cfg.ramdisk, "/boot/initrd");
    CU_ASSERT_STRING_EQUAL(cfg.cmdline, "console=hvc0");
    CU_ASSERT_EQUAL(cfg.on_poweroff, LC_ACTION_PRESERVE);
    CU_ASSERT_EQUAL(cfg.on_reboot, LC_ACTION_RENAME_RESTART);
    CU_ASSERT_EQUAL(cfg.on_crash, LC_ACTION_RESTART);
    CU_ASSERT_EQUAL_FATAL(cfg.ndisks, 1);
    CU_ASSERT_STRING_EQUAL(cfg.disks[0].target, "/srv/a.img");
    CU_ASSERT_EQUAL_FATAL(cfg.nvifs, 1);
    CU_ASSERT_STRING_EQUAL(cfg.vifs[0].bridge, "br1");
    lc_config_free(&cfg);
}

static void expect_memory(const char *keys, unsigned mem, unsigned max,
                          unsigned vcpus, unsigned maxvcpus)
{
    char text[256];
    struct lc_domain_config cfg;

    snprintf(text, sizeof(text), BASE "%s", keys);
    if (PARSE_OK(XL, text, &cfg))
        return;
    CU_ASSERT_EQUAL(cfg.memory_mb, mem);
    CU_ASSERT_EQUAL(cfg.maxmem_mb, max);
    CU_ASSERT_EQUAL(cfg.vcpus, vcpus);
    CU_ASSERT_EQUAL(cfg.maxvcpus, maxvcpus);
    lc_config_free(&cfg);
}

/* Either of memory and maxmem stands for the other, as in xl and libxl. */
static void test_xl_memory_and_vcpu_defaults(void)
{
    expect_memory("memory = 96\n", 96, 96, 1, 1);
    expect_memory("maxmem = 96\n", 96, 96, 1, 1);
    expect_memory("memory = 64\nmaxmem = 64\n", 64, 64, 1, 1);
    expect_memory("vcpus = 3\n", 32, 32, 3, 3);
    expect_memory("maxvcpus = 3\n", 32, 32, 1, 3);
    expect_memory("vcpus = 128\n", 32, 32, 128, 128);
    expect_memory("memory = 1048576\n", 1048576, 1048576, 1, 1);
}

/* Numbers as xl.cfg(5) writes them: decimal, 0x hex, 0 octal, quoted. */
static void test_xl_number_forms(void)
{
    expect_memory("memory = 0x40\n", 64, 64, 1, 1);
    expect_memory("memory = 0X40\n", 64, 64, 1, 1);
    expect_memory("memory = 0100\n", 64, 64, 1, 1);
    expect_memory("memory = \"64\"\n", 64, 64, 1, 1);
    expect_memory("memory = '0x40'\n", 64, 64, 1, 1);
    EXPECT_ERROR(XL, BASE "memory = 08\n",
                 "t:3: 'memory' must be a positive integer");
    EXPECT_ERROR(XL, BASE "memory = 0x\n",
                 "t:3: 'memory' must be a positive integer");
    EXPECT_ERROR(XL, BASE "memory = 128M\n",
                 "t:3: 'memory' must be a positive integer");
    EXPECT_ERROR(XL, BASE "memory = 1.5\n",
                 "t:3: 'memory' must be a positive integer");
    EXPECT_ERROR(XL, BASE "memory = \"-5\"\n",
                 "t:3: 'memory' must be a positive integer");
    EXPECT_ERROR(XL, BASE "memory = \" 5\"\n",
                 "t:3: 'memory' must be a positive integer");
    EXPECT_ERROR(XL, BASE "memory = 0\n",
                 "t:3: 'memory' must be a positive integer");
    EXPECT_ERROR(XL, BASE "memory = 1048577\n",
                 "t:3: 'memory' must be at most 1048576 MiB");
    EXPECT_ERROR(XL, BASE "memory = 99999999999999999999999\n",
                 "t:3: 'memory' must be at most 1048576 MiB");
    EXPECT_ERROR(XL, BASE "maxmem = 0\n",
                 "t:3: 'maxmem' must be a positive integer");
    EXPECT_ERROR(XL, BASE "vcpus = 0\n",
                 "t:3: 'vcpus' must be a positive integer");
    EXPECT_ERROR(XL, BASE "vcpus = 129\n", "t:3: 'vcpus' must be at most 128");
    EXPECT_ERROR(XL, BASE "vcpus = 0x10000000000000000\n",
                 "t:3: 'vcpus' must be at most 128");
    EXPECT_ERROR(XL, BASE "maxvcpus = two\n",
                 "t:3:12: syntax error: expected a value for 'maxvcpus', "
                 "found a name");
    EXPECT_ERROR(XL, BASE "maxvcpus = 'two'\n",
                 "t:3: 'maxvcpus' must be a positive integer");
}

static void expect_cmdline(const char *keys, const char *want)
{
    char text[256];
    struct lc_domain_config cfg;

    snprintf(text, sizeof(text), BASE "%s", keys);
    if (PARSE_OK(XL, text, &cfg))
        return;
    if (want && cfg.cmdline)
        CU_ASSERT_STRING_EQUAL(cfg.cmdline, want);
    CU_ASSERT_EQUAL(want == NULL, cfg.cmdline == NULL);
    lc_config_free(&cfg);
}

/* cmdline wins; otherwise "root=ROOT EXTRA", as xl builds it. */
static void test_xl_cmdline_root_extra(void)
{
    expect_cmdline("", NULL);
    expect_cmdline("root = \"/dev/xvda1\"\n", "root=/dev/xvda1");
    expect_cmdline("extra = \"quiet\"\n", "quiet");
    expect_cmdline("extra = \"quiet\"\nroot = \"/dev/xvda1\"\n",
                   "root=/dev/xvda1 quiet");
    expect_cmdline("root = \"/r\"\nextra = \"e\"\ncmdline = \"c\"\n", "c");
    expect_cmdline("cmdline = \"c\"\nextra = \"e\"\n", "c");
    EXPECT_ERROR(XL, BASE "extra = \"\"\n", "t:3: 'extra' must not be empty");
    EXPECT_ERROR(XL, BASE "root = \"a\\tb\"\n",
                 "t:3: 'root' must not hold control characters");
}

/* Semicolons, both quotes, comments, lists over lines with a trailing
 * comma, no spaces, CR LF line ends, no final newline. */
static void test_xl_syntax_variants(void)
{
    static const char text[] =
        "# a comment\r\n\r\n"
        "name='vm';kernel=\"/k\" ; memory=64   # trailing comment\r\n"
        "disk=[\r\n  '/a,,xvda',  # first\r\n\r\n  \"/b,,xvdb\",\r\n]\r\n"
        "vif = []\n;;\n"
        "ramdisk = \"/r\"";
    struct lc_domain_config cfg;

    if (PARSE_OK(XL, text, &cfg))
        return;
    CU_ASSERT_STRING_EQUAL(cfg.name, "vm");
    CU_ASSERT_EQUAL(cfg.memory_mb, 64);
    CU_ASSERT_EQUAL(cfg.ndisks, 2);
    CU_ASSERT_EQUAL(cfg.nvifs, 0);
    CU_ASSERT_STRING_EQUAL(cfg.ramdisk, "/r");
    lc_config_free(&cfg);
}

static void test_xl_string_escapes(void)
{
    struct lc_domain_config cfg;

    if (PARSE_OK(XL, BASE "cmdline = \"\\x41\\101\\\\\\\"\\'\"\n", &cfg))
        return;
    CU_ASSERT_STRING_EQUAL(cfg.cmdline, "AA\\\"'");
    lc_config_free(&cfg);
    if (PARSE_OK(XL, BASE "cmdline = 'a\"b\\'c'\n", &cfg))
        return;
    CU_ASSERT_STRING_EQUAL(cfg.cmdline, "a\"b'c");
    lc_config_free(&cfg);
    EXPECT_ERROR(XL, BASE "cmdline = \"a\\nb\"\n",
                 "t:3: 'cmdline' must not hold control characters");
    EXPECT_ERROR(XL, BASE "cmdline = \"a\\qb\"\n",
                 "t:3:13: syntax error: unknown escape '\\q' in a string");
    EXPECT_ERROR(XL, BASE "cmdline = \"\\x4\"\n",
                 "t:3:12: syntax error: \\x needs two hex digits");
    EXPECT_ERROR(XL, BASE "cmdline = \"\\0\"\n",
                 "t:3:12: syntax error: a string cannot hold NUL");
    EXPECT_ERROR(XL, BASE "cmdline = \"\\777\"\n",
                 "t:3:12: syntax error: octal escape above \\377");
    EXPECT_ERROR(XL, BASE "cmdline = \"ab\\",
                 "t:3:11: syntax error: unterminated string");
}

/* A later setting wins, and the earlier one is not even checked. */
static void test_xl_duplicate_keys_last_wins(void)
{
    struct lc_domain_config cfg;

    if (PARSE_OK(XL, BASE "memory = 'junk'\nmemory = 64\nname = \"w\"\n",
                 &cfg))
        return;
    CU_ASSERT_EQUAL(cfg.memory_mb, 64);
    CU_ASSERT_STRING_EQUAL(cfg.name, "w");
    lc_config_free(&cfg);
}

static void test_xl_plus_equals_appends(void)
{
    struct lc_domain_config cfg;

    if (PARSE_OK(XL, BASE "disk += ['/a,,xvda']\ndisk += ['/b,,xvdb']\n"
                 "disk += []\nvif = ['']\nvif += ['']\n", &cfg))
        return;
    CU_ASSERT_EQUAL_FATAL(cfg.ndisks, 2);
    CU_ASSERT_STRING_EQUAL(cfg.disks[0].target, "/a");
    CU_ASSERT_STRING_EQUAL(cfg.disks[1].target, "/b");
    CU_ASSERT_EQUAL(cfg.nvifs, 2);
    lc_config_free(&cfg);
    EXPECT_ERROR(XL, BASE "name += 'x'\n",
                 "t:3:1: syntax error: '+=' needs a list on both sides "
                 "('name')");
    EXPECT_ERROR(XL, BASE "disk = ['/a,,xvda']\ndisk += '/b,,xvdb'\n",
                 "t:4:1: syntax error: '+=' needs a list on both sides "
                 "('disk')");
    /* The joined list keeps each item's own line. */
    EXPECT_ERROR(XL, BASE "disk = ['/a,,xvda']\ndisk += ['/b,,xvd']\n",
                 "t:4: 'disk[1]' vdev must name a virtual disk like xvda, "
                 "hda or sda, not 'xvd'");
}

static void test_xl_syntax_errors(void)
{
    EXPECT_ERROR(XL, "name = \"vm\nkernel = \"/k\"\n",
                 "t:1:8: syntax error: unterminated string");
    EXPECT_ERROR(XL, "memory 128\n",
                 "t:1:8: syntax error: expected '=' after 'memory', found a "
                 "number");
    EXPECT_ERROR(XL, "memory =\n",
                 "t:1:9: syntax error: expected a value for 'memory', found "
                 "a new line");
    EXPECT_ERROR(XL, "memory =",
                 "t:1:9: syntax error: expected a value for 'memory', found "
                 "the end of the file");
    EXPECT_ERROR(XL, "memory = = 1\n",
                 "t:1:10: syntax error: expected a value for 'memory', found "
                 "'='");
    EXPECT_ERROR(XL, "Memory = 128\n", "t:1:1: syntax error: unexpected 'M'");
    EXPECT_ERROR(XL, "memory = 128 64\n",
                 "t:1:14: syntax error: expected a new line or ';' after the "
                 "value of 'memory', found a number");
    EXPECT_ERROR(XL, "128 = memory\n",
                 "t:1:1: syntax error: expected a key, found a number");
    EXPECT_ERROR(XL, "disk = [ 'a' 'b' ]\n",
                 "t:1:14: syntax error: expected ',' or ']' in the list of "
                 "'disk', found a string");
    EXPECT_ERROR(XL, "disk = [ 'a',\n 'b'\n",
                 "t:1:8: syntax error: the list of 'disk' is not closed");
    EXPECT_ERROR(XL, "disk = [ 'a',",
                 "t:1:14: syntax error: the list of 'disk' is not closed");
    EXPECT_ERROR(XL, "disk = [[[[[[[[['a']]]]]]]]]\n",
                 "t:1:16: syntax error: lists nest too deeply");
    EXPECT_ERROR(XL, "name = 'a' + 'b'\n",
                 "t:1:12: syntax error: unexpected '+'");
    EXPECT_ERROR(XL, "name = \x01\n",
                 "t:1:8: syntax error: unexpected byte 0x01");
    EXPECT_ERROR(XL, "name = 'a'\n]\n",
                 "t:2:1: syntax error: expected a key, found ']'");
}

static void test_xl_key_errors(void)
{
    EXPECT_ERROR(XL, BASE "foo = 1\n", "t:3: unknown key 'foo'");
    EXPECT_ERROR(XL, BASE "on_watchdog = 'destroy'\n",
                 "t:3: unknown key 'on_watchdog'");
    EXPECT_ERROR(XL, "kernel = '/k'\n", "t: missing required key 'name'");
    EXPECT_ERROR(XL, "name = 'vm'\n", "t: missing required key 'kernel'");
    EXPECT_ERROR(XL, "", "t: missing required key 'name'");
    EXPECT_ERROR(XL, BASE "kernel = ['/a']\n",
                 "t:3: 'kernel' must be one value, not a list");
    EXPECT_ERROR(XL, BASE "disk = '/a,,xvda'\n",
                 "t:3: 'disk' must be a list of strings in [ ]");
    EXPECT_ERROR(XL, BASE "vif = [ [''] ]\n",
                 "t:3: 'vif[0]' must be a string, not a list");
    EXPECT_ERROR(XL, BASE "name = ''\n", "t:3: 'name' must not be empty");
    EXPECT_ERROR(XL, BASE "name = 'a b'\n",
                 "t:3: 'name' 'a b' may only hold A-Z a-z 0-9 _ . -");
    EXPECT_ERROR(XL, BASE "name = '"
                 "01234567890123456789012345678901234567890123456789"
                 "012345678901234'\n",
                 "t:3: 'name' must be at most 64 characters long");
    EXPECT_ERROR(XL, BASE "uuid = '6bfa8ddb-ef59-430e-aab0-ab36f7db02e'\n",
                 "t:3: 'uuid' must be a UUID like "
                 "6bfa8ddb-ef59-430e-aab0-ab36f7db02e5, not "
                 "'6bfa8ddb-ef59-430e-aab0-ab36f7db02e'");
    EXPECT_ERROR(XL, BASE "type = 'hvm'\n",
                 "t:3: 'type' hvm is not supported on arm64 (only pvh)");
    EXPECT_ERROR(XL, BASE "type = 'pv'\n",
                 "t:3: 'type' pv is not supported on arm64 (only pvh)");
    EXPECT_ERROR(XL, BASE "type = 'pvhx'\n",
                 "t:3: 'type' must be pvh, not 'pvhx'");
    EXPECT_ERROR(XL, BASE "kernel = ''\n", "t:3: 'kernel' must not be empty");
    EXPECT_ERROR(XL, BASE "ramdisk = ''\n",
                 "t:3: 'ramdisk' must not be empty");
    EXPECT_ERROR(XL, BASE "on_crash = 'coredump-destroy'\n",
                 "t:3: 'on_crash' coredump-destroy is not supported "
                 "(destroy, restart, preserve or rename-restart)");
    EXPECT_ERROR(XL, BASE "on_reboot = 'soft-reset'\n",
                 "t:3: 'on_reboot' soft-reset is not supported (destroy, "
                 "restart, preserve or rename-restart)");
    EXPECT_ERROR(XL, BASE "on_poweroff = 'stop'\n",
                 "t:3: 'on_poweroff' must be destroy, restart, preserve or "
                 "rename-restart, not 'stop'");
    EXPECT_ERROR(XL, BASE "memory = 64\nmaxmem = 32\n",
                 "t:4: 'maxmem' (32 MiB) is less than the initial memory "
                 "(64 MiB)");
    EXPECT_ERROR(XL, BASE "maxvcpus = 1\nvcpus = 2\n",
                 "t:3: 'maxvcpus' (1) is less than the initial vCPU count "
                 "(2)");
}

static void test_xl_cpus(void)
{
    struct lc_domain_config cfg;

    if (PARSE_OK(XL, BASE "cpus = 'all'\n", &cfg))
        return;
    CU_ASSERT_FALSE(cfg.cpus_set);
    lc_config_free(&cfg);
    if (PARSE_OK(XL, BASE "cpus = 'all,^0-253'\n", &cfg))
        return;
    CU_ASSERT_TRUE(cfg.cpus_set);
    CU_ASSERT_EQUAL(cfg.cpus[31], 0xc0);
    CU_ASSERT_EQUAL(cfg.cpus[0], 0);
    lc_config_free(&cfg);
    if (PARSE_OK(XL, BASE "cpus = '255,3-3'\n", &cfg))
        return;
    CU_ASSERT_EQUAL(cfg.cpus[0], 0x08);
    CU_ASSERT_EQUAL(cfg.cpus[31], 0x80);
    lc_config_free(&cfg);
    EXPECT_ERROR(XL, BASE "cpus = ['0', '1']\n",
                 "t:3: 'cpus' must be one CPULIST string: per-vCPU pinning "
                 "lists are not supported");
    EXPECT_ERROR(XL, BASE "cpus = 'nodes:0'\n",
                 "t:3: 'cpus' names NUMA nodes, which are not supported");
    EXPECT_ERROR(XL, BASE "cpus = '1,node:1'\n",
                 "t:3: 'cpus' names NUMA nodes, which are not supported");
    EXPECT_ERROR(XL, BASE "cpus = '3-1'\n",
                 "t:3: 'cpus' has the range 3-1, which runs backwards");
    EXPECT_ERROR(XL, BASE "cpus = '256'\n",
                 "t:3: 'cpus' names CPU 256, but only CPUs 0-255 can be "
                 "pinned");
    EXPECT_ERROR(XL, BASE "cpus = '0-999999999999999999'\n",
                 "t:3: 'cpus' must list CPUs like \"0-3,5,^1\"");
    EXPECT_ERROR(XL, BASE "cpus = '0,,1'\n",
                 "t:3: 'cpus' must list CPUs like \"0-3,5,^1\"");
    EXPECT_ERROR(XL, BASE "cpus = 'x'\n",
                 "t:3: 'cpus' must list CPUs like \"0-3,5,^1\", not 'x'");
    EXPECT_ERROR(XL, BASE "cpus = ''\n",
                 "t:3: 'cpus' must list CPUs like \"0-3,5,^1\"");
    /* Messages stay on one line whatever the value holds. */
    EXPECT_ERROR(XL, BASE "cpus = '\\nodes'\n",
                 "t:3: 'cpus' must list CPUs like \"0-3,5,^1\", not "
                 "'\\x0aodes'");
    EXPECT_ERROR(XL, BASE "vif = ['a\\tb']\n",
                 "t:3: 'vif[0]' has unknown parameter 'a\\x09b'");
    EXPECT_ERROR(XL, BASE "cpus = '1,^1'\n", "t:3: 'cpus' selects no CPU");
    EXPECT_ERROR(XL, BASE "cpus = 'all,^all'\n", "t:3: 'cpus' selects no CPU");
}

struct disk_case {
    const char *spec;
    const char *target, *vdev;
    uint32_t devnum;
    bool rw, cdrom, discard, trusted;
    const char *script;
};

static void expect_disk(const struct disk_case *c)
{
    char text[512];
    struct lc_domain_config cfg;
    const struct lc_disk *d;

    snprintf(text, sizeof(text), BASE "disk = [ '%s' ]\n", c->spec);
    if (PARSE_OK(XL, text, &cfg))
        return;
    CU_ASSERT_EQUAL_FATAL(cfg.ndisks, 1);
    d = &cfg.disks[0];
    if (c->target && d->target)
        CU_ASSERT_STRING_EQUAL(d->target, c->target);
    CU_ASSERT_EQUAL(c->target == NULL, d->target == NULL);
    CU_ASSERT_STRING_EQUAL(d->vdev, c->vdev);
    CU_ASSERT_EQUAL(d->devnum, c->devnum);
    CU_ASSERT_EQUAL(d->readwrite, c->rw);
    CU_ASSERT_EQUAL(d->cdrom, c->cdrom);
    CU_ASSERT_EQUAL(d->discard, c->discard);
    CU_ASSERT_EQUAL(d->trusted, c->trusted);
    if (c->script && d->script)
        CU_ASSERT_STRING_EQUAL(d->script, c->script);
    CU_ASSERT_EQUAL(c->script == NULL, d->script == NULL);
    lc_config_free(&cfg);
}

/* The forms of xl-disk-configuration(5). */
static void test_xl_disk_specs(void)
{
    static const struct disk_case cases[] = {
        { "/img,raw,xvda,rw", "/img", "xvda", 51712, 1, 0, 1, 1, NULL },
        { "/img,raw,xvdb,ro", "/img", "xvdb", 51728, 0, 0, 1, 1, NULL },
        { "/img,,xvdb,r", "/img", "xvdb", 51728, 0, 0, 1, 1, NULL },
        { "/img,,hda", "/img", "hda", 768, 1, 0, 1, 1, NULL },
        { "/img,,sda,w", "/img", "sda", 2048, 1, 0, 1, 1, NULL },
        { "format=raw, vdev=xvda, access=rw, target=/dev/vg/guest",
          "/dev/vg/guest", "xvda", 51712, 1, 0, 1, 1, NULL },
        { "vdev=xvda, target=/odd,name with, commas,",
          "/odd,name with, commas", "xvda", 51712, 1, 0, 1, 1, NULL },
        { ",,xvdc,,target=/late", "/late", "xvdc", 51744, 1, 0, 1, 1,
          NULL },
        { "phy:/dev/vg/lv,xvdc,w", "/dev/vg/lv", "xvdc", 51744, 1, 0, 1, 1,
          NULL },
        { "file:/img,xvda,r", "/img", "xvda", 51712, 0, 0, 1, 1, NULL },
        { "tap:aio:/img,xvda,w", "/img", "xvda", 51712, 1, 0, 1, 1, NULL },
        { "raw:/img,hda,w", "/img", "hda", 768, 1, 0, 1, 1, NULL },
        { "iscsi:iqn.x,xvda,w", "iqn.x", "xvda", 51712, 1, 0, 1, 1,
          "block-iscsi" },
        { "/img.iso,,hdc,cdrom", "/img.iso", "hdc", 5632, 0, 1, 1, 1, NULL },
        { "/img.iso,,hdc,,cdrom", "/img.iso", "hdc", 5632, 0, 1, 1, 1,
          NULL },
        { "/img.iso,raw,hdc,devtype=cdrom", "/img.iso", "hdc", 5632, 0, 1, 1,
          1, NULL },
        { "raw:/img.iso,hdc:cdrom,ro", "/img.iso", "hdc", 5632, 0, 1, 1, 1,
          NULL },
        { ",hdc:cdrom,r", NULL, "hdc", 5632, 0, 1, 1, 1, NULL },
        { "vdev=xvdd, devtype=cdrom", NULL, "xvdd", 51760, 0, 1, 1, 1,
          NULL },
        { "vdev=xvdd, format=empty, cdrom", NULL, "xvdd", 51760, 0, 1, 1, 1,
          NULL },
        { "/img,,xvda,devtype=disk,no-discard,untrusted", "/img", "xvda",
          51712, 1, 0, 0, 0, NULL },
        { "/img,,xvda,discard,trusted,direct-io-safe", "/img", "xvda",
          51712, 1, 0, 1, 1, NULL },
        { "/img,,xvda,script=block-drbd,backendtype=phy,backend=0",
          "/img", "xvda", 51712, 1, 0, 1, 1, "block-drbd" },
        { "/img,,xvda,backend=Domain-0,specification=xen,backendtype=",
          "/img", "xvda", 51712, 1, 0, 1, 1, NULL },
        { "/img,,xvdq", "/img", "xvdq", (1u << 28) | (16u << 8), 1, 0, 1, 1,
          NULL },
        { "/img,,xvda1", "/img", "xvda1", 51713, 1, 0, 1, 1, NULL },
    };

    for (unsigned i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
        expect_disk(&cases[i]);
}

static void test_xl_disk_errors(void)
{
    char text[4096];
    size_t n;

    EXPECT_ERROR(XL, BASE "disk = ['/img,qcow2,xvda']\n",
                 "t:3: 'disk[0]' format must be raw (qcow2 is not "
                 "supported)");
    EXPECT_ERROR(XL, BASE "disk = ['format=vhd,vdev=xvda,target=/i']\n",
                 "t:3: 'disk[0]' format must be raw (vhd is not supported)");
    EXPECT_ERROR(XL, BASE "disk = ['qcow2:/img,xvda,w']\n",
                 "t:3: 'disk[0]' format must be raw (qcow2 is not "
                 "supported)");
    EXPECT_ERROR(XL, BASE "disk = ['/img,xvda,w']\n",
                 "t:3: 'disk[0]' format must be raw, not 'xvda'");
    EXPECT_ERROR(XL, BASE "disk = ['/img,raw,vda']\n",
                 "t:3: 'disk[0]' vdev must name a virtual disk like xvda, "
                 "hda or sda, not 'vda'");
    EXPECT_ERROR(XL, BASE "disk = ['/img,raw']\n",
                 "t:3: 'disk[0]' has no vdev");
    EXPECT_ERROR(XL, BASE "disk = ['vdev=xvda']\n",
                 "t:3: 'disk[0]' has no target (only a cdrom may be empty)");
    EXPECT_ERROR(XL, BASE "disk = ['vdev=xvda,format=empty,target=/i']\n",
                 "t:3: 'disk[0]' format may only be empty for a cdrom");
    EXPECT_ERROR(XL, BASE "disk = ['/i,raw,xvda,rw,cdrom']\n",
                 "t:3: 'disk[0]' is a cdrom, which cannot be writable");
    EXPECT_ERROR(XL, BASE "disk = ['/i,raw,xvda,rw,xvdb']\n",
                 "t:3: 'disk[0]' has too many positional parameters");
    EXPECT_ERROR(XL, BASE "disk = ['/i,raw,xvda,vdev=xvdb']\n",
                 "t:3: 'disk[0]' gives vdev twice");
    EXPECT_ERROR(XL, BASE "disk = ['/i,raw,xvda,rate=1']\n",
                 "t:3: 'disk[0]' has unknown parameter 'rate'");
    EXPECT_ERROR(XL, BASE "disk = ['/i,raw,xvda,colo']\n",
                 "t:3: 'disk[0]' has colo, which is not supported");
    EXPECT_ERROR(XL, BASE "disk = ['/i,raw,xvda,ro,xvdb']\n",
                 "t:3: 'disk[0]' has too many positional parameters");
    EXPECT_ERROR(XL, BASE "disk = ['nfs:/i,xvda,w']\n",
                 "t:3: 'disk[0]' has unknown prefix 'nfs:'");
    EXPECT_ERROR(XL, BASE "disk = ['/i,raw,hdc:floppy']\n",
                 "t:3: 'disk[0]' vdev must be followed by :cdrom or nothing, "
                 "not ':floppy'");
    EXPECT_ERROR(XL, BASE "disk = ['/i,raw,xvda,access=x']\n",
                 "t:3: 'disk[0]' access must be r, ro, w or rw, not 'x'");
    EXPECT_ERROR(XL, BASE "disk = ['/i,raw,xvda,devtype=floppy']\n",
                 "t:3: 'disk[0]' devtype must be cdrom or disk, not "
                 "'floppy'");
    EXPECT_ERROR(XL, BASE "disk = ['/i,raw,xvda,backendtype=qdisk']\n",
                 "t:3: 'disk[0]' backendtype must be phy ('qdisk' is not "
                 "supported)");
    EXPECT_ERROR(XL, BASE "disk = ['/i,raw,xvda,backend=dd']\n",
                 "t:3: 'disk[0]' backend must be dom0 ('dd' is not "
                 "supported)");
    EXPECT_ERROR(XL, BASE "disk = ['/i,raw,xvda,specification=virtio']\n",
                 "t:3: 'disk[0]' specification must be xen ('virtio' is not "
                 "supported)");
    EXPECT_ERROR(XL, BASE "disk = ['/a,,xvda',\n '/b,,hda',\n '/c,,xvda']\n",
                 "t:5: 'disk[2]' vdev 'xvda' is the same device as an "
                 "earlier disk's 'xvda'");
    /* One more disk than allowed, each with its own vdev. */
    n = (size_t)snprintf(text, sizeof(text), BASE "disk = [");
    for (unsigned i = 0; i <= LC_CFG_DISKS_MAX; i++)
        n += (size_t)snprintf(text + n, sizeof(text) - n, "'/i,,xvd%s%c',\n",
                              i < 26 ? "" : i < 52 ? "a" : "b",
                              'a' + i % 26);
    snprintf(text + n, sizeof(text) - n, "]\n");
    EXPECT_ERROR(XL, text, "t:67: 'disk[64]' is one disk more than the 64 "
                 "allowed");
}

static void test_xl_vif_specs(void)
{
    struct lc_domain_config cfg;
    const struct lc_vif *v;

    if (PARSE_OK(XL, BASE "vif = [ ' mac = 00:16:3E:0a:0b:0c , bridge=br0,"
                 "ip=10.0.0.2 fd00::2/64,script=vif-nat,vifname=web0,"
                 "model=e1000,type=ioemu,', '', 'mac=,bridge=' ]\n", &cfg))
        return;
    CU_ASSERT_EQUAL_FATAL(cfg.nvifs, 3);
    v = &cfg.vifs[0];
    CU_ASSERT_TRUE(v->mac_set);
    CU_ASSERT_EQUAL(v->mac[2], 0x3e);
    CU_ASSERT_EQUAL(v->mac[5], 0x0c);
    CU_ASSERT_STRING_EQUAL(v->bridge, "br0");
    CU_ASSERT_STRING_EQUAL(v->ip, "10.0.0.2 fd00::2/64");
    CU_ASSERT_STRING_EQUAL(v->script, "vif-nat");
    CU_ASSERT_STRING_EQUAL(v->vifname, "web0");
    for (unsigned i = 1; i < 3; i++) {
        v = &cfg.vifs[i];
        CU_ASSERT_FALSE(v->mac_set);
        CU_ASSERT_STRING_EQUAL(v->bridge, LC_CFG_DEFAULT_BRIDGE);
        CU_ASSERT_PTR_NULL(v->script);
        CU_ASSERT_PTR_NULL(v->ip);
        CU_ASSERT_PTR_NULL(v->vifname);
    }
    lc_config_free(&cfg);
}

static void test_xl_vif_errors(void)
{
    char text[2048];
    size_t n;

    EXPECT_ERROR(XL, BASE "vif = ['mac=00:16:3e:00:00']\n",
                 "t:3: 'vif[0]' mac must be six hex bytes like "
                 "00:16:3e:12:34:56, not '00:16:3e:00:00'");
    EXPECT_ERROR(XL, BASE "vif = ['mac=00-16-3e-00-00-01']\n",
                 "t:3: 'vif[0]' mac must be six hex bytes like "
                 "00:16:3e:12:34:56, not '00-16-3e-00-00-01'");
    EXPECT_ERROR(XL, BASE "vif = ['mac=01:00:5e:00:00:01']\n",
                 "t:3: 'vif[0]' mac must not be a multicast address");
    EXPECT_ERROR(XL, BASE "vif = ['vlan=10']\n",
                 "t:3: 'vif[0]' has unknown parameter 'vlan'");
    EXPECT_ERROR(XL, BASE "vif = ['bridge']\n",
                 "t:3: 'vif[0]' has 'bridge' without a value");
    EXPECT_ERROR(XL, BASE "vif = ['bridge=a,bridge=b']\n",
                 "t:3: 'vif[0]' gives bridge twice");
    EXPECT_ERROR(XL, BASE "vif = ['mac=00:16:3e:00:00:01,"
                 "mac=00:16:3e:00:00:02']\n",
                 "t:3: 'vif[0]' gives mac twice");
    EXPECT_ERROR(XL, BASE "vif = ['bridge=a-very-long-bridge']\n",
                 "t:3: 'vif[0]' bridge must be a network interface name (at "
                 "most 15 characters, no '/', ':' or space), not "
                 "'a-very-long-bridge'");
    EXPECT_ERROR(XL, BASE "vif = ['vifname=a/b']\n",
                 "t:3: 'vif[0]' vifname must be a network interface name (at "
                 "most 15 characters, no '/', ':' or space), not 'a/b'");
    EXPECT_ERROR(XL, BASE "vif = ['ip=10.0.0.1;rm']\n",
                 "t:3: 'vif[0]' ip must be IP addresses separated by spaces, "
                 "not '10.0.0.1;rm'");
    EXPECT_ERROR(XL, BASE "vif = ['mac=00:16:3e:00:00:01',\n"
                 "'mac=00:16:3E:00:00:01']\n",
                 "t:4: 'vif[1]' mac 00:16:3e:00:00:01 is already used by an "
                 "earlier vif");
    n = (size_t)snprintf(text, sizeof(text), BASE "vif = [");
    for (unsigned i = 0; i <= LC_CFG_VIFS_MAX; i++)
        n += (size_t)snprintf(text + n, sizeof(text) - n, "'',");
    snprintf(text + n, sizeof(text) - n, "]\n");
    EXPECT_ERROR(XL, text, "t:3: 'vif[16]' is one vif more than the 16 "
                 "allowed");
}

/* xl's rate=RATE[@INTERVAL] becomes what netback takes: bytes per
 * interval, and the interval in microseconds (50 ms by default). */
static void test_xl_vif_rate(void)
{
    static const struct {
        const char *rate;
        uint64_t bytes;
        uint32_t usecs;
    } cases[] = {
        { "10Mb/s", 62500, 50000 },             /* 1.25 MB/s for 50 ms */
        { "10MB/s", 500000, 50000 },
        { "10mb/s", 62500, 50000 },
        { "1Gb/s@20ms", 2500000, 20000 },
        { "1gB/s@1s", 1000000000, 1000000 },
        { "100kB/s@250us", 25, 250 },
        { "8Kb/s@2", 2000, 2000000 },           /* no unit: seconds */
        { "1000B/s@5s", 5000, 5000000 },
        { "80b/s@100ms", 1, 100000 },
        { "4294967295B/s@4294967295us", 18446744065119ull, 4294967295u },
    };
    char text[256];

    for (unsigned i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct lc_domain_config cfg;

        snprintf(text, sizeof(text), BASE "vif = ['bridge=br0, rate = %s ']\n",
                 cases[i].rate);
        if (PARSE_OK(XL, text, &cfg))
            continue;
        if (cfg.vifs[0].rate_bytes_per_interval != cases[i].bytes ||
            cfg.vifs[0].rate_interval_usecs != cases[i].usecs)
            FAIL_WITH(cases[i].rate);
        CU_ASSERT_EQUAL(cfg.vifs[0].mtu, 0);
        lc_config_free(&cfg);
    }
}

static void test_xl_vif_rate_errors(void)
{
    static const char *const bad_form[] = {
        "10Mbit/s", "10M/s", "10Mb", "10Mb/sec", "Mb/s", "-1Mb/s",
        " 1 Mb/s", "1.5Mb/s", "0x10Mb/s", "10Tb/s", "10Mb/s@", "10Mb/s@ms",
        "10Mb/s@5h", "10Mb/s@5 ms", "10Mb/s@-5ms", "10Mb/s@1ms@2ms",
        "@50ms",
    };
    char text[256], want[256];

    for (unsigned i = 0; i < sizeof(bad_form) / sizeof(bad_form[0]); i++) {
        const char *r = bad_form[i];

        snprintf(text, sizeof(text), BASE "vif = ['rate=%s']\n", r);
        snprintf(want, sizeof(want), "t:3: 'vif[0]' rate must be like 10Mb/s "
                 "or 100MB/s@20ms, not '%s'", r[0] == ' ' ? r + 1 : r);
        EXPECT_ERROR(XL, text, want);
    }
    EXPECT_ERROR(XL, BASE "vif = ['rate=0Mb/s']\n",
                 "t:3: 'vif[0]' rate must allow at least a byte per interval, "
                 "not '0Mb/s'");
    EXPECT_ERROR(XL, BASE "vif = ['rate=10Mb/s@0ms']\n",
                 "t:3: 'vif[0]' rate must allow at least a byte per interval, "
                 "not '10Mb/s@0ms'");
    /* 7 bits are not a byte, however long the interval */
    EXPECT_ERROR(XL, BASE "vif = ['rate=7b/s@1s']\n",
                 "t:3: 'vif[0]' rate must allow at least a byte per interval, "
                 "not '7b/s@1s'");
    EXPECT_ERROR(XL, BASE "vif = ['rate=18446744073709551616B/s']\n",
                 "t:3: 'vif[0]' rate is too large: "
                 "'18446744073709551616B/s'");
    EXPECT_ERROR(XL, BASE "vif = ['rate=18446744073709551615Gb/s']\n",
                 "t:3: 'vif[0]' rate is too large: "
                 "'18446744073709551615Gb/s'");
    EXPECT_ERROR(XL, BASE "vif = ['rate=1MB/s@4295s']\n",
                 "t:3: 'vif[0]' rate is too large: '1MB/s@4295s'");
    /* bytes per second times microseconds past 64 bits */
    EXPECT_ERROR(XL, BASE "vif = ['rate=10000000000GB/s@4000s']\n",
                 "t:3: 'vif[0]' rate is too large: '10000000000GB/s@4000s'");
    EXPECT_ERROR(XL, BASE "vif = ['rate=1MB/s,rate=2MB/s']\n",
                 "t:3: 'vif[0]' gives rate twice");
    EXPECT_ERROR(XL, BASE "vif = ['rate']\n",
                 "t:3: 'vif[0]' has 'rate' without a value");
}

static void test_xl_vif_mtu(void)
{
    struct lc_domain_config cfg;

    if (PARSE_OK(XL, BASE "vif = ['mtu=68', 'mtu=65535,bridge=br1', "
                 "'mtu=1400', 'mtu=', '']\n", &cfg))
        return;
    CU_ASSERT_EQUAL_FATAL(cfg.nvifs, 5);
    CU_ASSERT_EQUAL(cfg.vifs[0].mtu, 68);
    CU_ASSERT_EQUAL(cfg.vifs[1].mtu, 65535);
    CU_ASSERT_EQUAL(cfg.vifs[2].mtu, 1400);
    CU_ASSERT_EQUAL(cfg.vifs[3].mtu, 0);        /* empty: the default */
    CU_ASSERT_EQUAL(cfg.vifs[4].mtu, 0);
    CU_ASSERT_EQUAL(cfg.vifs[2].rate_interval_usecs, 0);
    CU_ASSERT_EQUAL(cfg.vifs[2].rate_bytes_per_interval, 0);
    lc_config_free(&cfg);

    EXPECT_ERROR(XL, BASE "vif = ['mtu=67']\n",
                 "t:3: 'vif[0]' mtu must be a number from 68 to 65535, "
                 "not '67'");
    EXPECT_ERROR(XL, BASE "vif = ['mtu=65536']\n",
                 "t:3: 'vif[0]' mtu must be a number from 68 to 65535, "
                 "not '65536'");
    EXPECT_ERROR(XL, BASE "vif = ['mtu=0']\n",
                 "t:3: 'vif[0]' mtu must be a number from 68 to 65535, "
                 "not '0'");
    EXPECT_ERROR(XL, BASE "vif = ['mtu=1500b']\n",
                 "t:3: 'vif[0]' mtu must be a number from 68 to 65535, "
                 "not '1500b'");
    EXPECT_ERROR(XL, BASE "vif = ['mtu=-1500']\n",
                 "t:3: 'vif[0]' mtu must be a number from 68 to 65535, "
                 "not '-1500'");
    EXPECT_ERROR(XL, BASE "vif = ['mtu=99999999999999999999999']\n",
                 "t:3: 'vif[0]' mtu must be a number from 68 to 65535, "
                 "not '99999999999999999999999'");
    EXPECT_ERROR(XL, BASE "vif = ['mtu=1400,mtu=1400']\n",
                 "t:3: 'vif[0]' gives mtu twice");
}

UNIT_SUITE(config_xl,
           UNIT_TEST(test_xl_minimal_gets_xl_defaults),
           UNIT_TEST(test_xl_every_key),
           UNIT_TEST(test_xl_memory_and_vcpu_defaults),
           UNIT_TEST(test_xl_number_forms),
           UNIT_TEST(test_xl_cmdline_root_extra),
           UNIT_TEST(test_xl_syntax_variants),
           UNIT_TEST(test_xl_string_escapes),
           UNIT_TEST(test_xl_duplicate_keys_last_wins),
           UNIT_TEST(test_xl_plus_equals_appends),
           UNIT_TEST(test_xl_syntax_errors),
           UNIT_TEST(test_xl_key_errors),
           UNIT_TEST(test_xl_cpus),
           UNIT_TEST(test_xl_disk_specs),
           UNIT_TEST(test_xl_disk_errors),
           UNIT_TEST(test_xl_vif_specs),
           UNIT_TEST(test_xl_vif_errors),
           UNIT_TEST(test_xl_vif_rate),
           UNIT_TEST(test_xl_vif_rate_errors),
           UNIT_TEST(test_xl_vif_mtu))
