/* xl info (the host, as "key : value" lines) and xl dmesg (the
 * hypervisor's log). */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include "xl.h"

#define KEY_WIDTH   23
#define PAGE_BYTES  4096
#define LOG_CHUNK   16384
#define LOG_MAX     (64u << 20)     /* a guard far above any log ring */

static void line(FILE *f, const char *key, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void line(FILE *f, const char *key, const char *fmt, ...)
{
    va_list ap;

    fprintf(f, "%-*s: ", KEY_WIDTH, key);
    va_start(ap, fmt);
    vfprintf(f, fmt, ap);
    va_end(ap);
    fputc('\n', f);
}

static void print_host(FILE *f)
{
    struct utsname u;

    if (uname(&u))
        return;
    line(f, "host", "%s", u.nodename);
    line(f, "release", "%s", u.release);
    line(f, "version", "%s", u.version);
    line(f, "machine", "%s", u.machine);
}

int xl_cmd_info(struct xl_env *env, const struct xl_args *a)
{
    struct lc_ctx *ctx = xl_ctx(env);
    struct lc_physinfo p;
    FILE *f = env->out;
    int rc;

    (void)a;
    if (!ctx)
        return XL_FAIL;
    rc = lc_physinfo(ctx, &p);
    if (rc)
        return xl_fail_ctx(env, rc, "reading the host's information");
    print_host(f);
    line(f, "nr_cpus", "%u", p.nr_cpus);
    line(f, "max_cpu_id", "%u", p.nr_cpus ? p.nr_cpus - 1 : 0);
    line(f, "nr_nodes", "1");
    line(f, "cpu_mhz", "%" PRIu64 ".%03" PRIu64, p.cpu_khz / 1000, p.cpu_khz % 1000);
    line(f, "total_memory", "%" PRIu64, p.total_kb / 1024);
    line(f, "free_memory", "%" PRIu64, p.free_kb / 1024);
    line(f, "xen_major", "%u", p.xen_major);
    line(f, "xen_minor", "%u", p.xen_minor);
    line(f, "xen_version", "%u.%u", p.xen_major, p.xen_minor);
    line(f, "xen_caps", "xen-3.0-aarch64");
    line(f, "xen_pagesize", "%u", PAGE_BYTES);
    line(f, "xend_config_format", "4");
    return XL_OK;
}

/* The hypervisor keeps its log; -c remembers how far it was read (in
 * run_dir, so a reboot forgets it) and later reads start there. */
static uint64_t read_mark(const char *path)
{
    unsigned long long v = 0;
    FILE *f = fopen(path, "re");

    if (f) {
        if (fscanf(f, "%llu", &v) != 1)
            v = 0;
        fclose(f);
    }
    return v;
}

static int write_mark(struct xl_env *env, const char *path, uint64_t index)
{
    FILE *f;
    int rc = xl_mkdirs(env->run_dir);

    if (rc)
        return rc;
    f = fopen(path, "we");
    if (!f)
        return -errno;
    fprintf(f, "%" PRIu64 "\n", index);
    return fclose(f) ? -errno : 0;
}

static int print_log(struct xl_env *env, uint64_t *index)
{
    struct lc_hc *hc = lc_ctx_hc(env->ctx);
    char *buf = malloc(LOG_CHUNK);
    uint64_t total = 0;
    int rc = buf ? 0 : -ENOMEM;

    while (!rc && total < LOG_MAX) {
        uint32_t count = LOG_CHUNK;

        rc = lc_sysctl_readconsole(hc, index, buf, &count);
        if (rc || !count)
            break;
        fwrite(buf, 1, count, env->out);
        total += count;
    }
    free(buf);
    return rc;
}

int xl_cmd_dmesg(struct xl_env *env, const struct xl_args *a)
{
    char mark[XL_PATH_MAX];
    uint64_t index;
    int rc;

    if (!xl_ctx(env))
        return XL_FAIL;
    snprintf(mark, sizeof(mark), "%s/dmesg-cleared", env->run_dir);
    index = read_mark(mark);
    rc = print_log(env, &index);
    if (rc)
        return xl_fail(env, "reading the hypervisor's log: %s", strerror(-rc));
    if (xl_opt(a, 'c')) {
        rc = write_mark(env, mark, index);
        if (rc)
            return xl_fail(env, "clearing the log (%s): %s", mark, strerror(-rc));
    }
    return XL_OK;
}
