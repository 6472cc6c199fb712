/* dom0-tools/xl create: every config format, dry runs, key=value
 * overrides, refused configs (no domain left), and each way creation can
 * fail after the config was read. */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <public/xen.h>
#include "unit.h"
#include "test_xl.h"

#define GOOD KEEL_CONFIG_TEST_DIR "/good"
#define BAD  KEEL_CONFIG_TEST_DIR "/bad"

static struct xlt t;

static void start(void)
{
    CU_ASSERT_FATAL(xlt_init(&t) == 0);
}

static unsigned stored_files(void)
{
    return xlt_stored_files(&t);
}

static void creates_and_monitors(void)
{
    struct lc_domain_config cfg;
    const struct lc_fake_domain *fd;
    char path[256], want[300];
    int id;

    start();
    id = xlt_create(&t, "d1", NULL);
    CU_ASSERT_EQUAL(id, 1);
    CU_ASSERT_EQUAL(lc_fake_nr_guests(t.fx.hv), 1);
    fd = lc_fake_domain(t.fx.hv, 1);
    CU_ASSERT_PTR_NOT_NULL_FATAL(fd);
    CU_ASSERT_EQUAL(fd->pause_count, 0);
    CU_ASSERT_EQUAL(t.spawned, 1);
    CU_ASSERT_TRUE(t.spawn_detach);
    CU_ASSERT_EQUAL(t.spawn_domid, 1);
    snprintf(path, sizeof(path), "%s/d1.cfg", t.dir);
    snprintf(want, sizeof(want), "Parsing config from %s\n", path);
    CU_ASSERT_STRING_EQUAL(t.err, want);
    CU_ASSERT_STRING_EQUAL(t.out, "");
    /* The stored config carries the UUID the domain was given, and the
     * source it came from. */
    CU_ASSERT_TRUE(xlt_stored(&t, 1));
    CU_ASSERT_EQUAL_FATAL(xl_config_load(&t.env, fd->handle, &cfg), 0);
    CU_ASSERT_TRUE(cfg.uuid_set);
    CU_ASSERT_EQUAL(memcmp(cfg.uuid, fd->handle, 16), 0);
    CU_ASSERT_STRING_EQUAL(cfg.name, "d1");
    CU_ASSERT_EQUAL(cfg.memory_mb, 16);
    CU_ASSERT_EQUAL(cfg.maxmem_mb, 32);
    lc_config_free(&cfg);
    {
        char src[512], *text;

        CU_ASSERT_EQUAL(xl_config_path(&t.env, fd->handle, ".source", src, sizeof(src)), 0);
        text = xlt_slurp(src);
        snprintf(want, sizeof(want), "%s\n", path);
        CU_ASSERT_PTR_NOT_NULL_FATAL(text);
        CU_ASSERT_STRING_EQUAL(text, want);
        free(text);
    }
    xlt_fini(&t);
}

static void paused_without_monitor(void)
{
    char path[256];

    start();
    CU_ASSERT_EQUAL_FATAL(xlt_cfg(&t, "d1", NULL, path, sizeof(path)), 0);
    CU_ASSERT_EQUAL(xlt_run(&t, "create", "-p", path, "-e", NULL), 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(lc_fake_domain(t.fx.hv, 1));
    CU_ASSERT_EQUAL(lc_fake_domain(t.fx.hv, 1)->pause_count, 1);
    CU_ASSERT_EQUAL(t.spawned, 0);
    /* -F runs the monitor here instead of as a daemon; -f names the file. */
    CU_ASSERT_EQUAL_FATAL(xlt_cfg(&t, "d2", NULL, path, sizeof(path)), 0);
    CU_ASSERT_EQUAL(xlt_run(&t, "create", "-F", "-f", path, NULL), 0);
    CU_ASSERT_EQUAL(t.spawned, 1);
    CU_ASSERT_FALSE(t.spawn_detach);
    CU_ASSERT_EQUAL(t.spawn_domid, 2);
    xlt_fini(&t);
}

/* A copy of a good config whose image paths point at the fixture's. */
static int localise(const char *name, const char *ramdisk, char *out, size_t size)
{
    static const char *const kernels[] = { "/var/lib/keel/vmlinuz-6.1-arm64",
                                           "/boot/Image" };
    static const char *const ramdisks[] = { "/var/lib/keel/initrd.img-6.1-arm64",
                                            "/boot/domU-initrd" };
    char src[256], *text, *p;
    int rc;

    snprintf(src, sizeof(src), "%s/%s", GOOD, name);
    text = xlt_slurp(src);
    if (!text)
        return -1;
    for (unsigned k = 0; k < 2; k++) {
        const char *from[2] = { kernels[k], ramdisks[k] }, *to[2] = { t.kernel, ramdisk };

        for (unsigned j = 0; j < 2; j++)
            while ((p = strstr(text, from[j]))) {
                char *next;

                *p = '\0';
                if (asprintf(&next, "%s%s%s", text, to[j], p + strlen(from[j])) < 0)
                    return -1;
                free(text);
                text = next;
            }
    }
    rc = xlt_write(&t, name, text, out, size);
    free(text);
    return rc;
}

/* Created from the file, its devices added (each hotplug "add" later
 * matched by a "remove" at destroy) and its config stored as read. */
static void check_format(const char *file, const char *name, const char *ramdisk)
{
    struct lc_domain_config want, got;
    struct lc_config_error err;
    const struct lc_fake_domain *fd;
    unsigned adds = t.hotplug.nadds, removes = t.hotplug.nremoves;
    char path[256];

    CU_ASSERT_EQUAL_FATAL(localise(file, ramdisk, path, sizeof(path)), 0);
    CU_ASSERT_EQUAL(xlt_run(&t, "create", path, NULL), 0);
    CU_ASSERT_EQUAL(lc_fake_nr_guests(t.fx.hv), 1);
    fd = lc_fake_domain(t.fx.hv, 1);
    CU_ASSERT_PTR_NOT_NULL_FATAL(fd);
    /* What is stored is what was read, with the domain's UUID. */
    CU_ASSERT_EQUAL_FATAL(lc_config_read(path, LC_CONFIG_AUTO, &want, &err), 0);
    CU_ASSERT_EQUAL(t.hotplug.nadds - adds, want.ndisks + want.nvifs);
    memcpy(want.uuid, fd->handle, sizeof(want.uuid));
    want.uuid_set = true;
    CU_ASSERT_EQUAL_FATAL(xl_config_load(&t.env, fd->handle, &got), 0);
    CU_ASSERT_TRUE(lc_config_equal(&want, &got));
    CU_ASSERT_STRING_EQUAL(got.name, name);
    lc_config_free(&want);
    lc_config_free(&got);
    CU_ASSERT_EQUAL(xlt_run(&t, "destroy", name, NULL), 0);
    CU_ASSERT_EQUAL(lc_fake_nr_guests(t.fx.hv), 0);
    CU_ASSERT_EQUAL(t.hotplug.nremoves - removes, t.hotplug.nadds - adds);
}

/* Keel has no empty drives: a config with an empty cdrom is refused
 * whole, after the notes, and leaves nothing behind. */
static void check_refused(const char *file, const char *ramdisk,
                          const char *const *notes)
{
    char path[256];

    CU_ASSERT_EQUAL_FATAL(localise(file, ramdisk, path, sizeof(path)), 0);
    CU_ASSERT_EQUAL(xlt_run(&t, "create", path, NULL), 1);
    for (; *notes; notes++)
        CU_ASSERT_PTR_NOT_NULL(strstr(t.err, *notes));
    CU_ASSERT_PTR_NOT_NULL(strstr(t.err, "xl: adding disk 2 (hdc): an empty drive is not "
                                         "supported: Invalid argument\n"));
    CU_ASSERT_EQUAL(lc_fake_nr_guests(t.fx.hv), 0);
    CU_ASSERT_EQUAL(stored_files(), 0);
    CU_ASSERT_PTR_NULL(lc_fake_store_value(t.fx.xs, "/local/domain/1"));
    CU_ASSERT_EQUAL(t.hotplug.ncalls, 0);
}

static void every_format(void)
{
    static const char *const big[] = { "domain.cfg", "domain.json", "domain.xml",
                                       "domain-libxl.json" };
    static const char *const small[] = { "minimal.cfg", "minimal.json", "minimal.xml" };
    static const char *const notes[] = {
        "xl: starting 2 vCPUs: vCPU hotplug (maxvcpus 4) not available yet\n",
        "xl: ignoring cpus: vCPU pinning not available yet\n", NULL,
    };
    const char *rd;
    char rdpath[256];

    start();
    CU_ASSERT_EQUAL_FATAL(xlt_write(&t, "initrd", "an initrd", rdpath, sizeof(rdpath)), 0);
    rd = rdpath;
    for (unsigned i = 0; i < sizeof(big) / sizeof(big[0]); i++)
        check_refused(big[i], rd, notes);
    for (unsigned i = 0; i < sizeof(small) / sizeof(small[0]); i++)
        check_format(small[i], "tiny", rd);
    check_format("xl-list-l.json", "xr-io", rd);
    CU_ASSERT_EQUAL(t.hotplug.nadds, 2);
    xlt_fini(&t);
}

static const char minimal_json[] =
    "{\n"
    "    \"c_info\": {\n"
    "        \"type\": \"pvh\",\n"
    "        \"name\": \"tiny\"\n"
    "    },\n"
    "    \"b_info\": {\n"
    "        \"max_vcpus\": 1,\n"
    "        \"avail_vcpus\": [\n"
    "            0\n"
    "        ],\n"
    "        \"max_memkb\": 32768,\n"
    "        \"target_memkb\": 32768,\n"
    "        \"kernel\": \"/boot/Image\"\n"
    "    },\n"
    "    \"disks\": [\n\n"
    "    ],\n"
    "    \"nics\": [\n\n"
    "    ],\n"
    "    \"on_poweroff\": \"destroy\",\n"
    "    \"on_reboot\": \"restart\",\n"
    "    \"on_crash\": \"destroy\"\n"
    "}\n";

static void dry_run(void)
{
    size_t calls;

    start();
    lc_fake_clear_calls(t.fx.hv);
    CU_ASSERT_EQUAL(xlt_run(&t, "create", "-n", GOOD "/minimal.cfg", NULL), 0);
    CU_ASSERT_STRING_EQUAL(t.out, minimal_json);
    CU_ASSERT_STRING_EQUAL(t.err, "Parsing config from " GOOD "/minimal.cfg\n");
    lc_fake_calls(t.fx.hv, &calls);
    CU_ASSERT_EQUAL(calls, 0);
    CU_ASSERT_EQUAL(t.spawned, 0);
    CU_ASSERT_EQUAL(stored_files(), 0);
    /* Every format gives the same; overrides show in it. */
    CU_ASSERT_EQUAL(xlt_run(&t, "create", "-n", GOOD "/minimal.xml", NULL), 0);
    CU_ASSERT_STRING_EQUAL(t.out, minimal_json);
    CU_ASSERT_EQUAL(xlt_run(&t, "create", "-n", GOOD "/minimal.json", NULL), 0);
    CU_ASSERT_STRING_EQUAL(t.out, minimal_json);
    CU_ASSERT_EQUAL(xlt_run(&t, "create", "-n", GOOD "/minimal.cfg", "memory=64", NULL), 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(t.out, "\"target_memkb\": 65536,"));
    CU_ASSERT_EQUAL(lc_fake_nr_guests(t.fx.hv), 0);
    xlt_fini(&t);
}

static void overrides(void)
{
    char path[256], msg[600];

    start();
    CU_ASSERT_EQUAL_FATAL(xlt_cfg(&t, "d1", NULL, path, sizeof(path)), 0);
    CU_ASSERT_EQUAL(xlt_run(&t, "create", path, "memory=24", "name=\"other\"", NULL), 0);
    CU_ASSERT_STRING_EQUAL(lc_fake_store_value(t.fx.xs, "/local/domain/1/name"), "other");
    CU_ASSERT_STRING_EQUAL(lc_fake_store_value(t.fx.xs, "/local/domain/1/memory/target"),
                           "24576");
    /* A bad override is named as such. */
    CU_ASSERT_EQUAL(xlt_run(&t, "create", path, "vcpus=2", "memory=\"lots\"", NULL), 1);
    snprintf(msg, sizeof(msg), "xl: %s: override 'memory=\"lots\"': 'memory' must be", path);
    CU_ASSERT_PTR_NOT_NULL(strstr(t.err, msg));
    CU_ASSERT_EQUAL(xlt_run(&t, "create", path, "memory=lots", NULL), 1);
    snprintf(msg, sizeof(msg), "xl: %s: override 'memory=lots': syntax error", path);
    CU_ASSERT_PTR_NOT_NULL(strstr(t.err, msg));
    CU_ASSERT_EQUAL(xlt_run(&t, "create", path, "bootloader=\"x\"", NULL), 1);
    snprintf(msg, sizeof(msg), "xl: %s: override 'bootloader=\"x\"': unknown key", path);
    CU_ASSERT_PTR_NOT_NULL(strstr(t.err, msg));
    CU_ASSERT_EQUAL(xlt_run(&t, "create", path, "memory", NULL), 1);
    CU_ASSERT_PTR_NOT_NULL(strstr(t.err, "xl: 'memory' is not a key=value override\n"));
    CU_ASSERT_EQUAL(xlt_run(&t, "create", GOOD "/minimal.json", "memory=64", NULL), 1);
    CU_ASSERT_PTR_NOT_NULL(strstr(t.err, "xl: " GOOD "/minimal.json: key=value overrides "
                                         "need an xl.cfg file\n"));
    CU_ASSERT_EQUAL(lc_fake_nr_guests(t.fx.hv), 1);
    xlt_fini(&t);
}

/* Each refused config of tests/configs/bad: the reader's one line after
 * "xl: ", and nothing created or stored. */
static void check_bad(const char *name)
{
    char path[300], expect_path[320], want[1200], *expect;
    size_t calls;

    snprintf(path, sizeof(path), "%s/%s", BAD, name);
    snprintf(expect_path, sizeof(expect_path), "%s.expect", path);
    expect = xlt_slurp(expect_path);
    CU_ASSERT_PTR_NOT_NULL_FATAL(expect);
    expect[strcspn(expect, "\n")] = '\0';
    snprintf(want, sizeof(want), "Parsing config from %s\nxl: %s/%s\n", path, BAD, expect);
    lc_fake_clear_calls(t.fx.hv);
    CU_ASSERT_EQUAL(xlt_run(&t, "create", path, NULL), 1);
    CU_ASSERT_STRING_EQUAL(t.err, want);
    if (strcmp(t.err, want))
        fprintf(stderr, "\n%s: got %s", name, t.err);
    lc_fake_calls(t.fx.hv, &calls);
    CU_ASSERT_EQUAL(calls, 0);
    free(expect);
}

static void bad_configs(void)
{
    DIR *d = opendir(BAD);
    struct dirent *e;
    unsigned n = 0;

    start();
    CU_ASSERT_PTR_NOT_NULL_FATAL(d);
    while ((e = readdir(d))) {
        size_t len = strlen(e->d_name);

        if (e->d_name[0] == '.' || (len > 7 && !strcmp(e->d_name + len - 7, ".expect")))
            continue;
        check_bad(e->d_name);
        n++;
    }
    closedir(d);
    CU_ASSERT(n >= 40);
    CU_ASSERT_EQUAL(lc_fake_nr_guests(t.fx.hv), 0);
    CU_ASSERT_EQUAL(stored_files(), 0);
    CU_ASSERT_EQUAL(t.spawned, 0);
    /* A file that is not there. */
    CU_ASSERT_EQUAL(xlt_run(&t, "create", "/nonexistent/x.cfg", NULL), 1);
    CU_ASSERT_PTR_NOT_NULL(strstr(t.err, "xl: /nonexistent/x.cfg"));
    xlt_fini(&t);
}

static void build_failures(void)
{
    char path[256];

    start();
    /* No kernel: libctl's message, nothing created. */
    CU_ASSERT_EQUAL_FATAL(xlt_write(&t, "nok.cfg", "name=\"nok\"\nkernel=\"/nonexistent\"\n",
                                    path, sizeof(path)), 0);
    CU_ASSERT_EQUAL(xlt_run(&t, "create", path, NULL), 1);
    CU_ASSERT_PTR_NOT_NULL(strstr(t.err, "xl: reading kernel /nonexistent: "));
    /* A step failing part-way is undone by libctl. */
    CU_ASSERT_EQUAL_FATAL(xlt_cfg(&t, "d1", NULL, path, sizeof(path)), 0);
    lc_fake_fail(t.fx.hv, __HYPERVISOR_memory_op, LC_FAKE_ANY, 1, ENOMEM);
    CU_ASSERT_EQUAL(xlt_run(&t, "create", path, NULL), 1);
    CU_ASSERT_PTR_NOT_NULL(strstr(t.err, "xl: populating memory: Cannot allocate memory\n"));
    CU_ASSERT_EQUAL(lc_fake_nr_guests(t.fx.hv), 0);
    CU_ASSERT_EQUAL(stored_files(), 0);
    CU_ASSERT_EQUAL(t.spawned, 0);
    /* The same name twice. */
    CU_ASSERT_EQUAL(xlt_run(&t, "create", path, NULL), 0);
    CU_ASSERT_EQUAL(xlt_run(&t, "create", path, NULL), 1);
    CU_ASSERT_PTR_NOT_NULL(strstr(t.err, "xl: domain name d1: File exists\n"));
    CU_ASSERT_EQUAL(lc_fake_nr_guests(t.fx.hv), 1);
    CU_ASSERT_EQUAL(stored_files(), 2);
    xlt_fini(&t);
}

/* Without its stored config or its monitor a domain is not kept. */
static void store_and_monitor_failures(void)
{
    char path[256];

    start();
    CU_ASSERT_EQUAL_FATAL(xlt_cfg(&t, "d1", NULL, path, sizeof(path)), 0);
    t.env.state_dir = "/proc/keel-xl-test";
    CU_ASSERT_EQUAL(xlt_run(&t, "create", path, NULL), 1);
    CU_ASSERT_PTR_NOT_NULL(strstr(t.err, "xl: creating /proc/keel-xl-test/domains: "));
    CU_ASSERT_PTR_NOT_NULL(strstr(t.err, "xl: domain d1 not created\n"));
    CU_ASSERT_EQUAL(lc_fake_nr_guests(t.fx.hv), 0);
    CU_ASSERT_PTR_NULL(lc_fake_store_value(t.fx.xs, "/local/domain/1/name"));
    t.env.state_dir = t.state;
    t.spawn_rc = -EAGAIN;
    CU_ASSERT_EQUAL(xlt_run(&t, "create", path, NULL), 1);
    CU_ASSERT_PTR_NOT_NULL(strstr(t.err, "xl: domain d1 destroyed: its monitor did not "
                                         "start\n"));
    CU_ASSERT_EQUAL(t.spawned, 1);
    CU_ASSERT_EQUAL(lc_fake_nr_guests(t.fx.hv), 0);
    CU_ASSERT_EQUAL(stored_files(), 0);
    xlt_fini(&t);
}

/* -c attaches after creating; without a console there is an error, and
 * the domain stays, as with xl. */
static void create_with_console(void)
{
    char path[256];

    start();
    CU_ASSERT_EQUAL_FATAL(xlt_cfg(&t, "d1", NULL, path, sizeof(path)), 0);
    CU_ASSERT_EQUAL(xlt_run(&t, "create", "-c", path, NULL), 1);
    CU_ASSERT_PTR_NOT_NULL(strstr(t.err, "xl: domain 1 has no console: "
                                         "/local/domain/1/console/tty not written"));
    CU_ASSERT_EQUAL(lc_fake_nr_guests(t.fx.hv), 1);
    CU_ASSERT_EQUAL(t.spawned, 1);
    xlt_fini(&t);
}

UNIT_SUITE(xl_create,
           UNIT_TEST(creates_and_monitors), UNIT_TEST(paused_without_monitor),
           UNIT_TEST(every_format), UNIT_TEST(dry_run), UNIT_TEST(overrides),
           UNIT_TEST(bad_configs), UNIT_TEST(build_failures),
           UNIT_TEST(store_and_monitor_failures), UNIT_TEST(create_with_console))
