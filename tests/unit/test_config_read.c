/* Tests for reading configuration files (libctl/config_read.c): every
 * file in tests/configs/good/ reads, the same domain reads the same in
 * every format, and every file in tests/configs/bad/ is refused with
 * the exact message of its .expect file. */
#include <dirent.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>
#include "test_config.h"

#define GOOD KEEL_CONFIG_TEST_DIR "/good"
#define BAD KEEL_CONFIG_TEST_DIR "/bad"
#define BAD_CONFIGS_MIN 24

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);

    return n >= m && !strcmp(s + n - m, suffix);
}

static bool is_config(const char *name)
{
    return ends_with(name, ".cfg") || ends_with(name, ".json") ||
           ends_with(name, ".xml");
}

/* The whole of a small file, NUL-terminated; NULL if unreadable. */
static char *slurp(const char *path)
{
    FILE *f = fopen(path, "r");
    char *buf = calloc(1, 65536);
    size_t n = 0;

    if (f && buf)
        n = fread(buf, 1, 65535, f);
    if (f)
        fclose(f);
    if (buf && n == 0) {
        free(buf);
        buf = NULL;
    }
    return buf;
}

static void test_read_good_configs(void)
{
    DIR *d = opendir(GOOD);
    struct dirent *e;
    unsigned n = 0;

    CU_ASSERT_PTR_NOT_NULL_FATAL(d);
    while ((e = readdir(d)) != NULL) {
        struct lc_domain_config cfg;
        struct lc_config_error err;
        char path[512];

        if (!is_config(e->d_name))
            continue;
        snprintf(path, sizeof(path), "%s/%s", GOOD, e->d_name);
        if (lc_config_read(path, LC_CONFIG_AUTO, &cfg, &err)) {
            FAIL_WITH(err.msg);
            continue;
        }
        lc_config_free(&cfg);
        n++;
    }
    closedir(d);
    CU_ASSERT(n >= 8);
}

/* domain.cfg, .json, .xml and -libxl.json are one domain; and writing
 * it out gives domain-libxl.json byte for byte. */
static void test_read_same_domain_in_every_format(void)
{
    static const char *const others[] = {
        GOOD "/domain.json", GOOD "/domain.xml", GOOD "/domain-libxl.json",
    };
    struct lc_domain_config cfg, other;
    struct lc_config_error err;
    char *json = NULL, *want = slurp(GOOD "/domain-libxl.json");

    CU_ASSERT_EQUAL_FATAL(lc_config_read(GOOD "/domain.cfg", LC_CONFIG_AUTO,
                                         &cfg, &err), 0);
    for (unsigned i = 0; i < sizeof(others) / sizeof(others[0]); i++) {
        if (lc_config_read(others[i], LC_CONFIG_AUTO, &other, &err)) {
            FAIL_WITH(err.msg);
            continue;
        }
        if (!lc_config_equal(&cfg, &other))
            FAIL_WITH(others[i]);
        lc_config_free(&other);
    }
    CU_ASSERT_EQUAL(lc_config_to_json(&cfg, 1, &json), 0);
    CU_ASSERT_PTR_NOT_NULL(want);
    if (json && want)
        CU_ASSERT_STRING_EQUAL(json, want);
    free(json);
    free(want);
    lc_config_free(&cfg);
}

/* Checks one bad file against its .expect; the message names the file
 * by the path it was read from. */
static void check_bad(const char *name)
{
    struct lc_domain_config cfg;
    struct lc_config_error err = { "" };
    char path[512], want[1024], *expect;
    int ret;

    snprintf(path, sizeof(path), "%s/%s.expect", BAD, name);
    expect = slurp(path);
    if (!expect) {
        FAIL_WITH(path);
        return;
    }
    expect[strcspn(expect, "\n")] = '\0';
    snprintf(want, sizeof(want), "%s/%s", BAD, expect);
    snprintf(path, sizeof(path), "%s/%s", BAD, name);
    ret = lc_config_read(path, LC_CONFIG_AUTO, &cfg, &err);
    if (ret != -EINVAL || strcmp(err.msg, want)) {
        snprintf(want + strlen(want), sizeof(want) - strlen(want),
                 " <- wanted, got %d: %s", ret, err.msg);
        FAIL_WITH(want);
    }
    CU_ASSERT_TRUE(config_is_empty(&cfg));
    if (!ret)
        lc_config_free(&cfg);
    free(expect);
}

static void test_read_bad_configs(void)
{
    DIR *d = opendir(BAD);
    struct dirent *e;
    unsigned n[3] = { 0 };

    CU_ASSERT_PTR_NOT_NULL_FATAL(d);
    while ((e = readdir(d)) != NULL) {
        if (!is_config(e->d_name))
            continue;
        check_bad(e->d_name);
        n[ends_with(e->d_name, ".cfg") ? 0 : ends_with(e->d_name, ".json")
                                             ? 1 : 2]++;
    }
    closedir(d);
    CU_ASSERT(n[0] + n[1] + n[2] >= BAD_CONFIGS_MIN);
    CU_ASSERT(n[0] >= 8 && n[1] >= 8 && n[2] >= 8);
}

static void test_read_file_errors(void)
{
    struct lc_domain_config cfg;
    struct lc_config_error err;

    CU_ASSERT_EQUAL(lc_config_read(GOOD "/no-such.cfg", LC_CONFIG_AUTO, &cfg,
                                   &err), -ENOENT);
    CU_ASSERT_STRING_EQUAL(err.msg, GOOD "/no-such.cfg: cannot open: No such "
                           "file or directory");
    CU_ASSERT_TRUE(config_is_empty(&cfg));
    CU_ASSERT_EQUAL(lc_config_read(GOOD, LC_CONFIG_AUTO, &cfg, &err),
                    -EISDIR);
    CU_ASSERT_STRING_EQUAL(err.msg, GOOD ": cannot read: Is a directory");
    CU_ASSERT_EQUAL(lc_config_read(GOOD "/domain.cfg", (enum lc_config_format)9,
                                   &cfg, &err), -EINVAL);
    CU_ASSERT_STRING_EQUAL(err.msg, GOOD "/domain.cfg: unknown configuration "
                           "format 9");
}

/* Writes a config of exactly size bytes: the keys, then a comment. */
static int write_sized(const char *path, size_t size)
{
    static const char keys[] = "name='big'\nkernel='/k'\n#";
    FILE *f = fopen(path, "w");
    int ok;

    if (!f)
        return -1;
    ok = fputs(keys, f) >= 0;
    for (size_t i = sizeof(keys) - 1; ok && i < size; i++)
        ok = fputc('x', f) != EOF;
    return fclose(f) == 0 && ok ? 0 : -1;
}

static void test_read_size_limit(void)
{
    char path[] = "/tmp/keel-config-XXXXXX";
    struct lc_domain_config cfg;
    struct lc_config_error err;
    int fd = mkstemp(path);

    CU_ASSERT_FATAL(fd >= 0);
    close(fd);
    CU_ASSERT_EQUAL_FATAL(write_sized(path, LC_CFG_FILE_MAX), 0);
    CU_ASSERT_EQUAL(lc_config_read(path, LC_CONFIG_XL, &cfg, &err), 0);
    lc_config_free(&cfg);
    CU_ASSERT_EQUAL_FATAL(write_sized(path, LC_CFG_FILE_MAX + 1), 0);
    CU_ASSERT_EQUAL(lc_config_read(path, LC_CONFIG_XL, &cfg, &err), -EFBIG);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, ": larger than 1048576 bytes"));
    CU_ASSERT_TRUE(config_is_empty(&cfg));
    unlink(path);
    CU_ASSERT_EQUAL(lc_config_parse("x", LC_CFG_FILE_MAX + 1, "t",
                                    LC_CONFIG_XML, &cfg, &err), -EFBIG);
    CU_ASSERT_STRING_EQUAL(err.msg, "t: larger than 1048576 bytes");
}

/* By extension first (.json, .xml), then by the first visible byte. */
static void test_read_format_detection(void)
{
    char path[] = "/tmp/keel-config-XXXXXX.json";
    struct lc_domain_config cfg;
    struct lc_config_error err;
    int fd;

    CU_ASSERT_EQUAL(parse_as(LC_CONFIG_AUTO, " \n\t{\"name\": \"a\", "
                             "\"kernel\": \"/k\"}", &cfg, &err), 0);
    lc_config_free(&cfg);
    CU_ASSERT_EQUAL(parse_as(LC_CONFIG_AUTO, "\r\n<domain type='xen'>"
                             "<name>a</name><os><kernel>/k</kernel></os>"
                             "</domain>", &cfg, &err), 0);
    lc_config_free(&cfg);
    CU_ASSERT_EQUAL(parse_as(LC_CONFIG_AUTO, "[]", &cfg, &err), -EINVAL);
    CU_ASSERT_STRING_EQUAL(err.msg, "t:1:1: '[]' must hold exactly one "
                           "domain, not 0");
    CU_ASSERT_EQUAL(parse_as(LC_CONFIG_AUTO, "   ", &cfg, &err), -EINVAL);
    CU_ASSERT_STRING_EQUAL(err.msg, "t: missing required key 'name'");
    fd = mkstemps(path, 5);
    CU_ASSERT_FATAL(fd >= 0);
    CU_ASSERT_EQUAL(write(fd, "name='a'\n", 9), 9);
    close(fd);
    CU_ASSERT_EQUAL(lc_config_read(path, LC_CONFIG_AUTO, &cfg, &err),
                    -EINVAL);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, ".json:1:1: syntax error: "));
    CU_ASSERT_EQUAL(lc_config_read(path, LC_CONFIG_XL, &cfg, &err), -EINVAL);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, ".json: missing required key "
                                  "'kernel'"));
    unlink(path);
}

UNIT_SUITE(config_read,
           UNIT_TEST(test_read_good_configs),
           UNIT_TEST(test_read_same_domain_in_every_format),
           UNIT_TEST(test_read_bad_configs),
           UNIT_TEST(test_read_file_errors),
           UNIT_TEST(test_read_size_limit),
           UNIT_TEST(test_read_format_detection))
