/* xenconsoled's command line (dom0-tools/xenconsoled/opts.c) and its own
 * log (log.c). */
#define _GNU_SOURCE
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "unit.h"
#include "../../dom0-tools/xenconsoled/log.h"
#include "../../dom0-tools/xenconsoled/opts.h"
#include "../../dom0-tools/xenconsoled/xcd.h"

static int parse(struct xcd_opts *o, char *out, size_t size, ...)
{
    char *argv[16] = { "xenconsoled" };
    int argc = 1, rc;
    FILE *err = fmemopen(out, size, "w");
    va_list ap;

    va_start(ap, size);
    while ((argv[argc] = va_arg(ap, char *)))
        argc++;
    va_end(ap);
    rc = xcd_parse_args(argc, argv, o, err);
    fclose(err);
    return rc;
}

static void test_defaults(void)
{
    struct xcd_opts o;
    char err[128] = "";

    CU_ASSERT_EQUAL(parse(&o, err, sizeof(err), NULL), 0);
    CU_ASSERT_STRING_EQUAL(o.log_dir, XCD_DEFAULT_LOG_DIR);
    CU_ASSERT_STRING_EQUAL(o.log_dest, "syslog");
    CU_ASSERT_PTR_NULL(o.xenstore);
    CU_ASSERT_PTR_NULL(o.pid_file);
    CU_ASSERT_FALSE(o.foreground);
    CU_ASSERT_FALSE(o.help);
    CU_ASSERT_EQUAL(o.log_level, XCD_LOG_INFO);
}

static void test_all_options(void)
{
    struct xcd_opts o;
    char err[128] = "";

    CU_ASSERT_EQUAL(parse(&o, err, sizeof(err), "--log-dir", "/srv/log",
                          "--foreground", "--pid-file=/run/x.pid", "-v", "-v",
                          "-v", "-s", "/run/xs", NULL), 0);
    CU_ASSERT_STRING_EQUAL(o.log_dir, "/srv/log");
    CU_ASSERT_STRING_EQUAL(o.pid_file, "/run/x.pid");
    CU_ASSERT_STRING_EQUAL(o.xenstore, "/run/xs");
    CU_ASSERT_STRING_EQUAL(o.log_dest, "-");        /* foreground: stderr */
    CU_ASSERT(o.foreground);
    CU_ASSERT_EQUAL(o.log_level, XCD_LOG_DEBUG);    /* capped */
    CU_ASSERT_EQUAL(parse(&o, err, sizeof(err), "-F", "-l", "/tmp/x.log",
                          "-d", "rel", "-h", NULL), 0);
    CU_ASSERT_STRING_EQUAL(o.log_dest, "/tmp/x.log");
    CU_ASSERT_STRING_EQUAL(o.log_dir, "rel");
    CU_ASSERT(o.help);
}

static void test_bad_command_lines(void)
{
    struct xcd_opts o;
    char err[128];

    memset(err, 0, sizeof(err));
    CU_ASSERT_EQUAL(parse(&o, err, sizeof(err), "--bogus", NULL), -EINVAL);
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "unknown option"));
    memset(err, 0, sizeof(err));
    CU_ASSERT_EQUAL(parse(&o, err, sizeof(err), "--log-dir", NULL), -EINVAL);
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "missing argument"));
    memset(err, 0, sizeof(err));
    CU_ASSERT_EQUAL(parse(&o, err, sizeof(err), "-p", NULL), -EINVAL);
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "missing argument"));
    memset(err, 0, sizeof(err));
    CU_ASSERT_EQUAL(parse(&o, err, sizeof(err), "-Fq", NULL), -EINVAL);
    memset(err, 0, sizeof(err));
    CU_ASSERT_EQUAL(parse(&o, err, sizeof(err), "stray", NULL), -EINVAL);
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "stray"));
}

static void test_usage_lists_every_option(void)
{
    static const char *const names[] = { "--log-dir", "--log ", "--xenstore",
                                         "--pid-file", "--foreground",
                                         "--verbose", "--help" };
    char out[2048] = "";
    FILE *fp = fmemopen(out, sizeof(out) - 1, "w");

    xcd_usage(fp);
    fclose(fp);
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
        CU_ASSERT_PTR_NOT_NULL(strstr(out, names[i]));
}

static void test_log_file(void)
{
    char path[] = "/tmp/xcd-own-XXXXXX", moved[64], buf[512];
    struct xcd_log l;
    FILE *fp;
    size_t n;
    int fd = mkstemp(path);

    CU_ASSERT_FATAL(fd >= 0);
    close(fd);
    CU_ASSERT_EQUAL_FATAL(xcd_log_open(&l, path, XCD_LOG_INFO), 0);
    xcd_log(&l, XCD_LOG_INFO, "dom%u: hello", 5u);
    xcd_log(&l, XCD_LOG_DEBUG, "not shown");
    snprintf(moved, sizeof(moved), "%s.1", path);
    CU_ASSERT_FATAL(rename(path, moved) == 0);
    CU_ASSERT_EQUAL(xcd_log_reopen(&l), 0);
    xcd_log(&l, XCD_LOG_ERR, "after rotation");
    xcd_log_close(&l);
    fp = fopen(moved, "r");
    CU_ASSERT_PTR_NOT_NULL_FATAL(fp);
    n = fread(buf, 1, sizeof(buf) - 1, fp);
    buf[n] = '\0';
    fclose(fp);
    CU_ASSERT_PTR_NOT_NULL(strstr(buf, "dom5: hello\n"));
    CU_ASSERT_PTR_NULL(strstr(buf, "not shown"));
    CU_ASSERT_PTR_NULL(strstr(buf, "after rotation"));
    fp = fopen(path, "r");
    CU_ASSERT_PTR_NOT_NULL_FATAL(fp);
    n = fread(buf, 1, sizeof(buf) - 1, fp);
    buf[n] = '\0';
    fclose(fp);
    CU_ASSERT_PTR_NOT_NULL(strstr(buf, "after rotation\n"));
    unlink(path);
    unlink(moved);
}

static void test_log_errors(void)
{
    struct xcd_log l;
    char big[400];

    CU_ASSERT_EQUAL(xcd_log_open(&l, "/nonexistent/dir/log", XCD_LOG_INFO), -ENOENT);
    CU_ASSERT_EQUAL(xcd_log_open(&l, "", XCD_LOG_INFO), -EINVAL);
    memset(big, 'l', sizeof(big) - 1);
    big[sizeof(big) - 1] = '\0';
    CU_ASSERT_EQUAL(xcd_log_open(&l, big, XCD_LOG_INFO), -EINVAL);
    CU_ASSERT_EQUAL(xcd_log_open(&l, NULL, XCD_LOG_DEBUG), 0);
    CU_ASSERT(l.quiet);
    xcd_log(&l, XCD_LOG_ERR, "goes nowhere");
    CU_ASSERT_EQUAL(xcd_log_reopen(&l), 0);
    xcd_log_close(&l);
}

UNIT_SUITE(xenconsoled_opts,
           UNIT_TEST(test_defaults), UNIT_TEST(test_all_options),
           UNIT_TEST(test_bad_command_lines), UNIT_TEST(test_usage_lists_every_option),
           UNIT_TEST(test_log_file), UNIT_TEST(test_log_errors))
