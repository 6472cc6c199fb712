/* libctl/device_hotplug.c: the default runner on small /bin/sh scripts
 * of the test's own (exit status, environment, stdin, signals, the
 * deadline), the context's runner settings, and the fake store's
 * directory listing the removal relies on. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "unit.h"
#include "test_device.h"

static const char *script(struct lcf *fx, const char *name, const char *body)
{
    const char *path = lcf_file(fx, name, body, strlen(body));

    CU_ASSERT_PTR_NOT_NULL_FATAL(path);
    CU_ASSERT_EQUAL_FATAL(chmod(path, 0755), 0);
    return path;
}

static char *slurp(const char *path)
{
    static char buf[512];
    FILE *f = fopen(path, "r");
    size_t n;

    if (!f)
        return NULL;
    n = fread(buf, 1, sizeof(buf) - 1, f);
    fclose(f);
    buf[n] = '\0';
    return buf;
}

static void exec_status_and_env(void)
{
    char out[128], body[512], *seen;
    char *env[] = { "XENBUS_PATH=/local/domain/0/backend/vbd/3/51712", "KEEL_T=new", NULL };
    const char *s;
    struct lcf fx;

    CU_ASSERT_FATAL(lcf_init(&fx) == 0);
    snprintf(out, sizeof(out), "%s/out", fx.dir);
    snprintf(body, sizeof(body),
             "#!/bin/sh\nread line; echo \"$1|$XENBUS_PATH|$KEEL_T|$KEEL_KEEP|$line\" >%s\n"
             "exit 3\n", out);
    s = script(&fx, "s1", body);
    setenv("KEEL_T", "old", 1);
    setenv("KEEL_KEEP", "kept", 1);
    CU_ASSERT_EQUAL(lc_hotplug_exec(NULL, s, "add", env, 5000), 3);
    seen = slurp(out);
    CU_ASSERT_PTR_NOT_NULL_FATAL(seen);
    /* ours replace the caller's variables, the rest come through; no stdin */
    CU_ASSERT_STRING_EQUAL(seen, "add|/local/domain/0/backend/vbd/3/51712|new|kept|\n");
    unsetenv("KEEL_T");
    unsetenv("KEEL_KEEP");
    unlink(out);
    s = script(&fx, "s2", "#!/bin/sh\nexit 0\n");
    CU_ASSERT_EQUAL(lc_hotplug_exec(NULL, s, "remove", env, 5000), 0);
    s = script(&fx, "s3", "#!/bin/sh\nkill -TERM $$\nsleep 5\n");
    CU_ASSERT_EQUAL(lc_hotplug_exec(NULL, s, "add", env, 5000), 128 + 15);
    CU_ASSERT_EQUAL(lc_hotplug_exec(NULL, "/nonexistent/block", "add", env, 5000),
                    -ENOENT);
    lcf_fini(&fx);
}

/* Not there, or a zombie nobody has reaped yet. */
static bool running(pid_t pid)
{
    char path[64], *stat, *close;

    snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
    stat = slurp(path);
    close = stat ? strrchr(stat, ')') : NULL;
    return close && close[1] == ' ' && close[2] != 'Z' && close[2] != 'X';
}

/* A hung script is killed at the deadline, its children with it. */
static void exec_deadline(void)
{
    char body[512], pidfile[128], *pid;
    char *env[] = { NULL };
    struct lcf fx;
    uint64_t start;
    const char *s;

    CU_ASSERT_FATAL(lcf_init(&fx) == 0);
    snprintf(pidfile, sizeof(pidfile), "%s/pid", fx.dir);
    snprintf(body, sizeof(body), "#!/bin/sh\nsleep 30 &\necho $! >%s\nwait\n", pidfile);
    s = script(&fx, "hang", body);
    start = lc_dev_now_ms();
    CU_ASSERT_EQUAL(lc_hotplug_exec(NULL, s, "add", env, 200), -ETIMEDOUT);
    CU_ASSERT(lc_dev_now_ms() - start >= 200);
    CU_ASSERT(lc_dev_now_ms() - start < 3000);
    pid = slurp(pidfile);
    CU_ASSERT_PTR_NOT_NULL_FATAL(pid);
    lc_dev_sleep_ms(50);
    CU_ASSERT_FALSE(running((pid_t)atoi(pid)));     /* the sleep is gone too */
    unlink(pidfile);
    lcf_fini(&fx);
}

static int counting_run(void *arg, const char *script, const char *action,
                        char *const env[], unsigned timeout_ms)
{
    (void)script;
    (void)action;
    (void)env;
    *(unsigned *)arg = timeout_ms;
    return 0;
}

static void ctx_settings(void)
{
    struct lcf fx;
    struct lc_dev d;
    unsigned seen = 0;

    CU_ASSERT_FATAL(lcf_init(&fx) == 0);
    CU_ASSERT_EQUAL(lc_dev_timeout_ms(fx.ctx), LC_DEVICE_TIMEOUT_MS);
    CU_ASSERT_EQUAL(lc_dev_init(&d, "vbd", 3, 51712), 0);
    lc_ctx_set_hotplug(fx.ctx, counting_run, &seen);
    lc_ctx_set_device_timeout(fx.ctx, 1234);
    CU_ASSERT_EQUAL(lc_dev_run_script(fx.ctx, &d, "/x", "add", lc_dev_timeout_ms(fx.ctx)),
                    0);
    CU_ASSERT_EQUAL(seen, 1234);
    lc_ctx_set_device_timeout(fx.ctx, 0);
    CU_ASSERT_EQUAL(lc_dev_timeout_ms(fx.ctx), LC_DEVICE_TIMEOUT_MS);
    /* back to the real runner, which finds no such script */
    lc_ctx_set_hotplug(fx.ctx, NULL, &seen);
    CU_ASSERT_EQUAL(lc_dev_run_script(fx.ctx, &d, "/nonexistent/x", "add", 100), -ENOENT);
    CU_ASSERT_EQUAL(lc_dev_init(&d, "vbd", 0, 1), -EINVAL);
    lcf_fini(&fx);
}

static void script_paths(void)
{
    char out[LC_DEV_PATH_MAX], long_name[300];

    CU_ASSERT_EQUAL(lc_dev_script_path(NULL, "block", out, sizeof(out)), 0);
    CU_ASSERT_STRING_EQUAL(out, "/etc/keel/scripts/block");
    CU_ASSERT_EQUAL(lc_dev_script_path("", "block", out, sizeof(out)), 0);
    CU_ASSERT_STRING_EQUAL(out, "/etc/keel/scripts/block");
    CU_ASSERT_EQUAL(lc_dev_script_path("./mine", "block", out, sizeof(out)), 0);
    CU_ASSERT_STRING_EQUAL(out, "./mine");
    memset(long_name, 'a', sizeof(long_name) - 1);
    long_name[sizeof(long_name) - 1] = '\0';
    CU_ASSERT_EQUAL(lc_dev_script_path(long_name, "block", out, sizeof(out)),
                    -ENAMETOOLONG);
}

static void fake_store_directory(void)
{
    struct lc_fake_store *fs = lc_fake_store_new(NULL);
    struct lc_store *s = lc_fake_store_base(fs);
    char **names;
    unsigned n;

    CU_ASSERT_EQUAL(lc_fake_store_set(fs, "/a/b", "1"), 0);
    CU_ASSERT_EQUAL(lc_fake_store_set(fs, "/a/c/d", "2"), 0);
    CU_ASSERT_EQUAL(lc_fake_store_set(fs, "/ab", "3"), 0);
    CU_ASSERT_EQUAL(lc_store_directory(s, XS_TX_NONE, "/a", &names, &n), 0);
    CU_ASSERT_EQUAL(n, 2);
    CU_ASSERT_STRING_EQUAL(names[0], "b");
    CU_ASSERT_STRING_EQUAL(names[1], "c");
    CU_ASSERT_PTR_NULL(names[2]);
    free(names);
    CU_ASSERT_EQUAL(lc_store_directory(s, XS_TX_NONE, "/a/b", &names, &n), 0);
    CU_ASSERT_EQUAL(n, 0);
    CU_ASSERT_PTR_NULL(names[0]);
    free(names);
    CU_ASSERT_EQUAL(lc_store_directory(s, XS_TX_NONE, "/", &names, &n), 0);
    CU_ASSERT_EQUAL(n, 5);      /* local vm libxl a ab */
    free(names);
    CU_ASSERT_EQUAL(lc_store_directory(s, XS_TX_NONE, "/nope", &names, &n), -ENOENT);
    CU_ASSERT_EQUAL(lc_store_directory(s, XS_TX_NONE, "bad", &names, &n), -EINVAL);
    lc_fake_store_fail(fs, LC_FXS_DIRECTORY, 1, EIO);
    CU_ASSERT_EQUAL(lc_store_directory(s, XS_TX_NONE, "/a", &names, &n), -EIO);
    lc_store_close(s);
}

UNIT_SUITE(device_hotplug,
           UNIT_TEST(exec_status_and_env), UNIT_TEST(exec_deadline),
           UNIT_TEST(ctx_settings), UNIT_TEST(script_paths),
           UNIT_TEST(fake_store_directory))
