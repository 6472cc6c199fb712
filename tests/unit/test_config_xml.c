/* Tests for the libvirt-style XML reader: libctl/config_xml*.c. */
#include <stdlib.h>
#include "test_config.h"

#define XM LC_CONFIG_XML
#define DOM(body) "<domain type='xen'>\n<name>n</name>\n" \
                  "<os><kernel>/k</kernel></os>\n" body "</domain>\n"

static void test_xml_every_element_matches_xl(void)
{
    static const char xml[] =
        "<?xml version='1.0'?>\n"
        "<!-- a libvirt domain -->\n"
        "<domain type='xen' id='7' xmlns:x='urn:x'>\n"
        "  <name> web </name>\n"
        "  <uuid>6bfa8ddb-ef59-430e-aab0-ab36f7db02e5</uuid>\n"
        "  <title>t</title><description>d</description>\n"
        "  <metadata><x:app x:v='1'/></metadata>\n"
        "  <memory unit='GiB'>1</memory>\n"
        "  <currentMemory unit='M'>256</currentMemory>\n"
        "  <vcpu placement='static' current='2' cpuset='0-3,^1'>4</vcpu>\n"
        "  <os>\n"
        "    <type arch='aarch64' machine='xenpvh'>xenpvh</type>\n"
        "    <kernel>/boot/Image</kernel>\n"
        "    <initrd>/boot/initrd</initrd>\n"
        "    <cmdline>root=/dev/xvda quiet &amp; more</cmdline>\n"
        "  </os>\n"
        "  <features><acpi/></features>\n"
        "  <clock offset='utc'/>\n"
        "  <on_poweroff>preserve</on_poweroff>\n"
        "  <on_reboot>rename-restart</on_reboot>\n"
        "  <on_crash>restart</on_crash>\n"
        "  <devices>\n"
        "    <emulator>/usr/bin/qemu</emulator>\n"
        "    <disk type='file' device='disk'>\n"
        "      <driver name='qemu' type='raw'/>\n"
        "      <source file='/a'/>\n"
        "      <target dev='xvda' bus='xen'/>\n"
        "      <alias name='d0'/>\n"
        "    </disk>\n"
        "    <disk type='block'>\n"
        "      <driver name='phy'/><source dev='/dev/b'/>\n"
        "      <target dev='xvdb'/><readonly/><shareable/>\n"
        "    </disk>\n"
        "    <disk type='file' device='cdrom'><target dev='hdc'/></disk>\n"
        "    <interface type='bridge'>\n"
        "      <mac address='00:16:3e:00:00:01'/>\n"
        "      <source bridge='br1'/><model type='netfront'/>\n"
        "    </interface>\n"
        "    <interface type='ethernet'>\n"
        "      <ip address='10.0.0.1' family='ipv4' prefix='24'/>\n"
        "      <ip address='10.0.0.2'/>\n"
        "      <script path='vif-nat'/><target dev='v0'/>\n"
        "    </interface>\n"
        "    <console type='pty'/><serial type='pty'/><memballoon/>\n"
        "  </devices>\n"
        "</domain>\n";
    static const char xl[] =
        "name='web'\nuuid='6bfa8ddb-ef59-430e-aab0-ab36f7db02e5'\n"
        "memory=256\nmaxmem=1024\nvcpus=2\nmaxvcpus=4\ncpus='0-3,^1'\n"
        "kernel='/boot/Image'\nramdisk='/boot/initrd'\n"
        "cmdline='root=/dev/xvda quiet & more'\non_poweroff='preserve'\n"
        "on_reboot='rename-restart'\non_crash='restart'\n"
        "disk=['/a,raw,xvda,rw', '/dev/b,,xvdb,ro', ',hdc:cdrom,r']\n"
        "vif=['mac=00:16:3e:00:00:01,bridge=br1', 'ip=10.0.0.1 10.0.0.2,"
        "script=vif-nat,vifname=v0']\n";
    struct lc_domain_config a, b;

    if (PARSE_OK(XM, xml, &a))
        return;
    if (!PARSE_OK(LC_CONFIG_XL, xl, &b)) {
        CU_ASSERT_TRUE(lc_config_equal(&a, &b));
        lc_config_free(&b);
    }
    lc_config_free(&a);
}

static void expect_memory(const char *body, unsigned mem, unsigned max,
                          unsigned vcpus, unsigned maxvcpus)
{
    char text[512];
    struct lc_domain_config cfg;

    snprintf(text, sizeof(text), DOM("%s"), body);
    if (PARSE_OK(XM, text, &cfg))
        return;
    CU_ASSERT_EQUAL(cfg.memory_mb, mem);
    CU_ASSERT_EQUAL(cfg.maxmem_mb, max);
    CU_ASSERT_EQUAL(cfg.vcpus, vcpus);
    CU_ASSERT_EQUAL(cfg.maxvcpus, maxvcpus);
    lc_config_free(&cfg);
}

/* libvirt's units; KiB when none is given. */
static void test_xml_memory_units_and_defaults(void)
{
    expect_memory("", 32, 32, 1, 1);
    expect_memory("<memory>131072</memory>", 128, 128, 1, 1);
    expect_memory("<currentMemory>131072</currentMemory>", 128, 128, 1, 1);
    expect_memory("<memory unit='b'>1048576</memory>", 1, 1, 1, 1);
    expect_memory("<memory unit='bytes'>2097152</memory>", 2, 2, 1, 1);
    expect_memory("<memory unit='KB'>1048576000</memory>", 1000000,
                  1000000, 1, 1);
    expect_memory("<memory unit='k'>1024</memory>", 1, 1, 1, 1);
    expect_memory("<memory unit='KiB'>1024</memory>", 1, 1, 1, 1);
    expect_memory("<memory unit='MB'>1048576</memory>", 1000000, 1000000,
                  1, 1);
    expect_memory("<memory unit='MiB'>64</memory>", 64, 64, 1, 1);
    expect_memory("<memory unit='G'>2</memory>", 2048, 2048, 1, 1);
    expect_memory("<memory unit='T'>1</memory>", 1048576, 1048576, 1, 1);
    expect_memory("<memory unit='TiB'>1</memory>", 1048576, 1048576, 1, 1);
    expect_memory("<vcpu>3</vcpu>", 32, 32, 3, 3);
    expect_memory("<vcpu current='3'>3</vcpu>", 32, 32, 3, 3);
    expect_memory("<vcpu current='1'>3</vcpu>", 32, 32, 1, 3);
}

static void test_xml_errors(void)
{
    EXPECT_ERROR(XM, DOM("<memory unit='GB'>1</memory>\n"),
                 "t:4: <memory> must be a whole number of MiB");
    EXPECT_ERROR(XM, DOM("<memory unit='TB'>256</memory>\n"),
                 "t:4: <memory> must be at most 1048576 MiB");
    EXPECT_ERROR(XM, DOM("<memory unit='TiB'>99999999999</memory>\n"),
                 "t:4: <memory> must be at most 1048576 MiB");
    EXPECT_ERROR(XM, DOM("<memory unit='PiB'>1</memory>\n"),
                 "t:4: <memory> unit must be b, KB, k, KiB, MB, M, MiB, GB, "
                 "G, GiB, TB, T or TiB, not 'PiB'");
    EXPECT_ERROR(XM, DOM("<memory dumpCore='on'>1024</memory>\n"),
                 "t:4: <memory> has unknown attribute 'dumpCore'");
    EXPECT_ERROR(XM, DOM("<memory>lots</memory>\n"),
                 "t:4: <memory> must be a positive integer");
    EXPECT_ERROR(XM, DOM("<currentMemory>0</currentMemory>\n"),
                 "t:4: <currentMemory> must be a positive integer");
    EXPECT_ERROR(XM, DOM("<memory>65536</memory>\n"
                         "<currentMemory>131072</currentMemory>\n"),
                 "t:4: <memory> (64 MiB) is less than the initial memory "
                 "(128 MiB)");
    EXPECT_ERROR(XM, DOM("<vcpu current='3'>2</vcpu>\n"),
                 "t:4: <vcpu> (2) is less than the initial vCPU count (3)");
    EXPECT_ERROR(XM, DOM("<vcpu>200</vcpu>\n"),
                 "t:4: <vcpu> must be at most 128");
    EXPECT_ERROR(XM, DOM("<vcpu current='x'>2</vcpu>\n"),
                 "t:4: <vcpu current> must be a positive integer");
    EXPECT_ERROR(XM, DOM("<vcpu cpuset='1-0'>2</vcpu>\n"),
                 "t:4: <vcpu cpuset> has the range 1-0, which runs backwards");
    EXPECT_ERROR(XM, DOM("<vcpu placement='dynamic'>2</vcpu>\n"),
                 "t:4: <vcpu placement> must be static or auto");
    EXPECT_ERROR(XM, DOM("<vcpu><x/></vcpu>\n"),
                 "t:4: <vcpu> must hold text, not <x>");
    EXPECT_ERROR(XM, "<domain type='xen'><name>a b</name></domain>",
                 "t:1: <name> 'a b' may only hold A-Z a-z 0-9 _ . -");
    EXPECT_ERROR(XM, "<domain type='xen'><uuid>x</uuid></domain>",
                 "t:1: <uuid> must be a UUID like "
                 "6bfa8ddb-ef59-430e-aab0-ab36f7db02e5, not 'x'");
    EXPECT_ERROR(XM, DOM("<name>m</name>\n"),
                 "t:4: <name> appears more than once");
    EXPECT_ERROR(XM, DOM("<on_crash>coredump-restart</on_crash>\n"),
                 "t:4: <on_crash> coredump-restart is not supported (destroy, "
                 "restart, preserve or rename-restart)");
    EXPECT_ERROR(XM, DOM("<on_reboot when='x'>restart</on_reboot>\n"),
                 "t:4: <on_reboot> has unknown attribute 'when'");
    EXPECT_ERROR(XM, DOM("<maxMemory slots='2'>1</maxMemory>\n"),
                 "t:4: <maxMemory> is unknown or not supported");
    EXPECT_ERROR(XM, DOM("<x:y xmlns:x='urn:x'/>\n"),
                 "t:4: <y> is not a known element");
    EXPECT_ERROR(XM, DOM("stray\n"), "t:1: <domain> holds stray text 'stray'");
    EXPECT_ERROR(XM, "<domain type='xen' x:a='1' xmlns:x='urn:x'/>",
                 "t:1: <domain> has unknown attribute 'a'");
    EXPECT_ERROR(XM, "<domain type='kvm'/>",
                 "t:1: <domain type> must be xen, not 'kvm'");
    EXPECT_ERROR(XM, "<domain/>", "t:1: <domain> needs type='xen'");
    EXPECT_ERROR(XM, "<vm type='xen'/>", "t:1: <vm> must be <domain>");
    EXPECT_ERROR(XM, "<domain type='xen'><name>n</name></domain>",
                 "t: missing required element <kernel>");
    EXPECT_ERROR(XM, "<domain type='xen'><os><kernel>/k</kernel></os>"
                 "</domain>", "t: missing required element <name>");
}

static void test_xml_os_errors(void)
{
    EXPECT_ERROR(XM, DOM("<os><type>hvm</type></os>\n"),
                 "t:4: <os> appears more than once");
    EXPECT_ERROR(XM, "<domain type='xen'><os><type>hvm</type></os>"
                 "</domain>",
                 "t:1: <type> hvm is not supported on arm64 (only pvh)");
    EXPECT_ERROR(XM, "<domain type='xen'><os><type>xenfv</type></os>"
                 "</domain>",
                 "t:1: <type> hvm is not supported on arm64 (only pvh)");
    EXPECT_ERROR(XM, "<domain type='xen'><os><type>exe</type></os>"
                 "</domain>",
                 "t:1: <type> must be linux, xen or xenpvh, not 'exe'");
    EXPECT_ERROR(XM, "<domain type='xen'><os><type arch='x86_64'>linux"
                 "</type></os></domain>",
                 "t:1: <type arch> must be aarch64, not 'x86_64'");
    EXPECT_ERROR(XM, "<domain type='xen'><os><loader>/l</loader></os>"
                 "</domain>",
                 "t:1: <loader> is unknown or not supported in <os>");
    EXPECT_ERROR(XM, "<domain type='xen'><os firmware='efi'/></domain>",
                 "t:1: <os> has unknown attribute 'firmware'");
    EXPECT_ERROR(XM, "<domain type='xen'><os><kernel>/a</kernel>\n"
                 "<kernel>/b</kernel></os></domain>",
                 "t:2: <kernel> appears more than once");
    EXPECT_ERROR(XM, "<domain type='xen'><os><kernel></kernel></os>"
                 "</domain>", "t:1: <kernel> must not be empty");
    EXPECT_ERROR(XM, "<domain type='xen'><os><cmdline>a&#9;b</cmdline>"
                 "</os></domain>",
                 "t:1: <cmdline> must not hold control characters");
}

#define DEVS(devs) DOM("<devices>\n" devs "</devices>\n")

static void test_xml_device_errors(void)
{
    EXPECT_ERROR(XM, DEVS("<disk type='network'/>\n"),
                 "t:5: <disk type> must be file or block, not 'network'");
    EXPECT_ERROR(XM, DEVS("<disk/>\n"),
                 "t:5: <disk> needs type='file' or type='block'");
    EXPECT_ERROR(XM, DEVS("<disk type='file' device='floppy'/>\n"),
                 "t:5: <disk device> must be disk or cdrom, not 'floppy'");
    EXPECT_ERROR(XM, DEVS("<disk type='file' snapshot='no'/>\n"),
                 "t:5: <disk> has unknown attribute 'snapshot'");
    EXPECT_ERROR(XM, DEVS("<disk type='file'><source file='/a'/></disk>\n"),
                 "t:5: <disk> has no vdev");
    EXPECT_ERROR(XM, DEVS("<disk type='file'><target dev='xvda'/></disk>\n"),
                 "t:5: <disk> has no target (only a cdrom may be empty)");
    EXPECT_ERROR(XM, DEVS("<disk type='file'>\n<target dev='vda'/></disk>\n"),
                 "t:6: <target dev> must name a virtual disk like xvda, hda "
                 "or sda, not 'vda'");
    EXPECT_ERROR(XM, DEVS("<disk type='file'><target dev='xvda' "
                          "bus='virtio'/></disk>\n"),
                 "t:5: <target> has bus 'virtio', but only xen disks exist "
                 "here");
    EXPECT_ERROR(XM, DEVS("<disk type='file'><driver type='qcow2'/></disk>\n"),
                 "t:5: <driver type> must be raw (qcow2 is not supported)");
    EXPECT_ERROR(XM, DEVS("<disk type='file'><driver cache='none'/></disk>\n"),
                 "t:5: <driver> has unknown attribute 'cache'");
    EXPECT_ERROR(XM, DEVS("<disk type='file'><source file='/a' dev='/b'/>"
                          "</disk>\n"),
                 "t:5: <source> has both file and dev");
    EXPECT_ERROR(XM, DEVS("<disk type='file'><source file='/a'/>"
                          "<source file='/b'/></disk>\n"),
                 "t:5: <source file> gives target twice");
    EXPECT_ERROR(XM, DEVS("<disk type='file'><readonly/><readonly/></disk>\n"),
                 "t:5: <readonly> gives access twice");
    EXPECT_ERROR(XM, DEVS("<disk type='file'><boot order='1'/></disk>\n"),
                 "t:5: <boot> is unknown or not supported in <disk>");
    EXPECT_ERROR(XM, DEVS("<disk type='file' device='cdrom'>"
                          "<target dev='hdc'/><readonly/></disk>\n"
                          "<disk type='file'><source file='/a'/>"
                          "<target dev='hdc'/></disk>\n"),
                 "t:6: <disk> vdev 'hdc' is the same device as an earlier "
                 "disk's 'hdc'");
    EXPECT_ERROR(XM, DEVS("<interface type='network'/>\n"),
                 "t:5: <interface type> must be bridge or ethernet, not "
                 "'network'");
    EXPECT_ERROR(XM, DEVS("<interface/>\n"),
                 "t:5: <interface> needs type='bridge' or type='ethernet'");
    EXPECT_ERROR(XM, DEVS("<interface type='bridge'><mac/></interface>\n"),
                 "t:5: <mac> needs the address attribute");
    EXPECT_ERROR(XM, DEVS("<interface type='bridge'><mac address='x'/>"
                          "</interface>\n"),
                 "t:5: <mac address> must be six hex bytes like "
                 "00:16:3e:12:34:56, not 'x'");
    EXPECT_ERROR(XM, DEVS("<interface type='bridge'><source network='n'/>"
                          "</interface>\n"),
                 "t:5: <source> has unknown attribute 'network'");
    EXPECT_ERROR(XM, DEVS("<interface type='bridge'><ip prefix='8'/>"
                          "</interface>\n"),
                 "t:5: <ip> needs an address attribute");
    EXPECT_ERROR(XM, DEVS("<interface type='bridge'><ip address='a;b'/>"
                          "</interface>\n"),
                 "t:5: <interface> ip must be IP addresses separated by "
                 "spaces, not 'a;b'");
    EXPECT_ERROR(XM, DEVS("<interface type='bridge'><bandwidth>"
                          "<inbound average='10'/></bandwidth></interface>\n"),
                 "t:5: <inbound> is not supported: netback limits only what "
                 "the guest sends (<outbound>)");
    EXPECT_ERROR(XM, DEVS("<interface type='bridge'><bandwidth>"
                          "<sideways/></bandwidth></interface>\n"),
                 "t:5: <sideways> is unknown or not supported in <bandwidth>");
    EXPECT_ERROR(XM, DEVS("<interface type='bridge'><bandwidth>"
                          "<outbound peak='10'/></bandwidth></interface>\n"),
                 "t:5: <outbound> needs the average attribute");
    EXPECT_ERROR(XM, DEVS("<interface type='bridge'><bandwidth>"
                          "<outbound average='10' floor='1'/></bandwidth>"
                          "</interface>\n"),
                 "t:5: <outbound> has unknown attribute 'floor'");
    EXPECT_ERROR(XM, DEVS("<interface type='bridge'><bandwidth>"
                          "<outbound average='0'/></bandwidth></interface>\n"),
                 "t:5: <outbound average> must be a positive number of KiB "
                 "per second, not '0'");
    EXPECT_ERROR(XM, DEVS("<interface type='bridge'><bandwidth>"
                          "<outbound average='10MB'/></bandwidth></interface>\n"),
                 "t:5: <outbound average> must be a positive number of KiB "
                 "per second, not '10MB'");
    EXPECT_ERROR(XM, DEVS("<interface type='bridge'><bandwidth type='x'/>"
                          "</interface>\n"),
                 "t:5: <bandwidth> has unknown attribute 'type'");
    EXPECT_ERROR(XM, DEVS("<interface type='bridge'><bandwidth>"
                          "<outbound average='10'/><outbound average='20'/>"
                          "</bandwidth></interface>\n"),
                 "t:5: <outbound average> gives rate twice");
    EXPECT_ERROR(XM, DEVS("<interface type='bridge'><mtu/></interface>\n"),
                 "t:5: <mtu> needs the size attribute");
    EXPECT_ERROR(XM, DEVS("<interface type='bridge'><mtu size='67'/>"
                          "</interface>\n"),
                 "t:5: <mtu size> must be a number from 68 to 65535, not '67'");
    EXPECT_ERROR(XM, DEVS("<interface type='bridge'><mac address="
                          "'00:16:3e:00:00:01'/></interface>\n"
                          "<interface type='bridge'><mac address="
                          "'00:16:3e:00:00:01'/></interface>\n"),
                 "t:6: <interface> mac 00:16:3e:00:00:01 is already used by "
                 "an earlier vif");
    EXPECT_ERROR(XM, DEVS("<graphics type='vnc'/>\n"),
                 "t:5: <graphics> is not supported: Keel's guests have no "
                 "display");
    EXPECT_ERROR(XM, DEVS("<hostdev/>\n"),
                 "t:5: <hostdev> is unknown or not supported in <devices>");
}

static void test_xml_malformed(void)
{
    EXPECT_ERROR(XM, "", "t:1:1: XML error: Document is empty");
    EXPECT_ERROR(XM, "<domain type='xen'>\n<name>n</nam>\n</domain>",
                 "t:2:14: XML error: Opening and ending tag mismatch: name "
                 "line 2 and nam");
    EXPECT_ERROR(XM, "<domain type='xen'>&bogus;</domain>",
                 "t:1:27: XML error: Entity 'bogus' not defined");
    EXPECT_ERROR(XM, "<?xml version='1.0'?>\n<!DOCTYPE domain [\n"
                 "<!ENTITY a 'b'>]>\n<domain type='xen'/>",
                 "t:2: a DOCTYPE is not allowed");
}

/* libvirt's <mtu> and <bandwidth><outbound>: average is KiB/s, at xl's
 * default interval of 50 ms. */
static void test_xml_interface_mtu_and_bandwidth(void)
{
    struct lc_domain_config cfg;

    if (PARSE_OK(XM, DEVS("<interface type='bridge'><mtu size='9000'/>"
                          "<bandwidth><outbound average='1000' peak='2000' "
                          "burst='64'/></bandwidth></interface>\n"
                          "<interface type='bridge'><bandwidth/></interface>\n"),
                 &cfg))
        return;
    CU_ASSERT_EQUAL_FATAL(cfg.nvifs, 2);
    CU_ASSERT_EQUAL(cfg.vifs[0].mtu, 9000);
    CU_ASSERT_EQUAL(cfg.vifs[0].rate_bytes_per_interval, 51200);
    CU_ASSERT_EQUAL(cfg.vifs[0].rate_interval_usecs, 50000);
    CU_ASSERT_EQUAL(cfg.vifs[1].mtu, 0);
    CU_ASSERT_EQUAL(cfg.vifs[1].rate_interval_usecs, 0);
    lc_config_free(&cfg);
}

UNIT_SUITE(config_xml,
           UNIT_TEST(test_xml_every_element_matches_xl),
           UNIT_TEST(test_xml_memory_units_and_defaults),
           UNIT_TEST(test_xml_errors),
           UNIT_TEST(test_xml_os_errors),
           UNIT_TEST(test_xml_device_errors),
           UNIT_TEST(test_xml_malformed),
           UNIT_TEST(test_xml_interface_mtu_and_bandwidth))
