/* The xl tests' fixture. */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <ftw.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "test_xl.h"

#define KERNEL_BYTES 4096
#define ARGS_MAX     32

static struct xlt *of(struct xl_env *env)
{
    return (struct xlt *)((char *)env - offsetof(struct xlt, env));
}

/* Records the call instead of forking. */
static int fake_spawn(struct xl_env *env, struct xl_monitor *m, bool detach)
{
    struct xlt *t = of(env);

    t->spawned++;
    t->spawn_detach = detach;
    t->spawn_domid = m->domid;
    return t->spawn_rc;
}

/* Waits take no time here; a test may act in them instead. */
static void fake_sleep(struct xl_env *env, unsigned ms)
{
    struct xlt *t = of(env);

    (void)ms;
    t->sleeps++;
    if (t->on_sleep)
        t->on_sleep(t);
}

static double fake_now(struct xl_env *env)
{
    return of(env)->now;
}

static int fake_uptime(struct xl_env *env, double *secs)
{
    *secs = of(env)->uptime;
    return 0;
}

static int no_ctx(struct lc_ctx **ctx)
{
    (void)ctx;
    return -ENOENT;
}

static int make_kernel(struct xlt *t)
{
    uint8_t *img = lcf_image_bytes(0, 1 << 20, 0, KERNEL_BYTES);

    if (!img)
        return -1;
    t->kernel = lcf_file(&t->fx, "Image", img, KERNEL_BYTES);
    free(img);
    return t->kernel ? 0 : -1;
}

int xlt_init(struct xlt *t)
{
    *t = (struct xlt){ .now = 1000000.0 };
    snprintf(t->dir, sizeof(t->dir), "/tmp/keel-xl.XXXXXX");
    if (!mkdtemp(t->dir))
        return -1;
    if (lcf_init(&t->fx)) {
        rmdir(t->dir);
        return -1;
    }
    t->hotplug.xs = t->fx.xs;
    lc_ctx_set_hotplug(t->fx.ctx, fr_run, &t->hotplug);
    lc_ctx_set_device_timeout(t->fx.ctx, XLT_DEVICE_TIMEOUT_MS);
    snprintf(t->state, sizeof(t->state), "%s/state", t->dir);
    snprintf(t->run, sizeof(t->run), "%s/run", t->dir);
    snprintf(t->log, sizeof(t->log), "%s/log", t->dir);
    t->env = (struct xl_env){
        .ctx = t->fx.ctx, .open_ctx = no_ctx, .out = stderr, .err = stderr,
        .in_fd = -1, .out_fd = -1,
        .state_dir = t->state, .run_dir = t->run, .log_dir = t->log,
        .now = fake_now, .host_uptime = fake_uptime, .spawn_monitor = fake_spawn,
        .sleep_ms = fake_sleep, .poll_ms = 5,
        .wait_limit_ms = 50, .console_wait_ms = 50,
    };
    return make_kernel(t);
}

static int remove_one(const char *path, const struct stat *st, int flag, struct FTW *f)
{
    (void)st;
    (void)flag;
    (void)f;
    return remove(path);
}

void xlt_fini(struct xlt *t)
{
    lcf_fini(&t->fx);
    nftw(t->dir, remove_one, 8, FTW_DEPTH | FTW_PHYS);
    free(t->out);
    free(t->err);
    *t = (struct xlt){ 0 };
}

int xlt_runv(struct xlt *t, int argc, char **argv)
{
    FILE *prev_out = t->env.out, *prev_err = t->env.err;
    size_t olen, elen;
    int rc;

    free(t->out);
    free(t->err);
    t->out = t->err = NULL;
    t->env.out = open_memstream(&t->out, &olen);
    t->env.err = open_memstream(&t->err, &elen);
    if (!t->env.out || !t->env.err)
        return -1;
    rc = xl_main(&t->env, argc, argv);
    fclose(t->env.out);
    fclose(t->env.err);
    t->env.out = prev_out;
    t->env.err = prev_err;
    return rc;
}

int xlt_run(struct xlt *t, ...)
{
    char *argv[ARGS_MAX] = { "xl" };
    int argc = 1;
    va_list ap;

    va_start(ap, t);
    while (argc < ARGS_MAX - 1 && (argv[argc] = va_arg(ap, char *)))
        argc++;
    va_end(ap);
    argv[argc] = NULL;
    return xlt_runv(t, argc, argv);
}

int xlt_write(struct xlt *t, const char *name, const char *text, char *path,
              size_t size)
{
    FILE *f;

    snprintf(path, size, "%s/%s", t->dir, name);
    f = fopen(path, "w");
    if (!f)
        return -1;
    fputs(text, f);
    return fclose(f) ? -1 : 0;
}

int xlt_cfg(struct xlt *t, const char *name, const char *extra, char *path,
            size_t size)
{
    char file[64], *text;
    int rc;

    if (asprintf(&text, "name = \"%s\"\nkernel = \"%s\"\nmemory = 16\nmaxmem = 32\n%s",
                 name, t->kernel, extra ? extra : "") < 0)
        return -1;
    snprintf(file, sizeof(file), "%s.cfg", name);
    rc = xlt_write(t, file, text, path, size);
    free(text);
    return rc;
}

int xlt_create(struct xlt *t, const char *name, const char *extra)
{
    struct lc_dominfo *list;
    char path[256];
    unsigned n;
    int id = -1;

    if (xlt_cfg(t, name, extra, path, sizeof(path)) || xlt_run(t, "create", path, NULL) ||
        lc_domain_list(t->fx.ctx, &list, &n))
        return -1;
    for (unsigned i = 0; i < n; i++)
        if (!strcmp(list[i].name, name))
            id = list[i].domid;
    free(list);
    return id;
}

char *xlt_slurp(const char *path)
{
    FILE *f = fopen(path, "r");
    char *buf = NULL;
    size_t len = 0;
    FILE *m;
    int c;

    if (!f)
        return NULL;
    m = open_memstream(&buf, &len);
    while (m && (c = fgetc(f)) != EOF)
        fputc(c, m);
    if (m)
        fclose(m);
    fclose(f);
    return buf;
}

unsigned xlt_stored_files(struct xlt *t)
{
    char dir[160];
    unsigned n = 0;
    struct dirent *e;
    DIR *d;

    snprintf(dir, sizeof(dir), "%s/domains", t->state);
    d = opendir(dir);
    while (d && (e = readdir(d)))
        n += e->d_name[0] != '.';
    if (d)
        closedir(d);
    return n;
}

bool xlt_stored(struct xlt *t, uint16_t domid)
{
    const struct lc_fake_domain *d = lc_fake_domain(t->fx.hv, domid);
    char path[512];

    return d && !xl_config_path(&t->env, d->handle, ".json", path, sizeof(path)) &&
           !access(path, F_OK);
}
