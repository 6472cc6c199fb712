/* Running the monitor for real: as a daemon of its own (double fork,
 * setsid, output to a log), woken by xenstored's @releaseDomain. The
 * monitor opens its own context and connection, since sharing the
 * parent's xenstore connection would mix the two processes' replies. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include "xl.h"

#define WATCH_TOKEN "xl-monitor"

static int wait_release(void *arg, int timeout_ms)
{
    struct xs_conn *c = arg;
    char *path = NULL, *token = NULL;
    int rc;

    if (c) {
        rc = xs_read_watch(c, &path, &token, timeout_ms);
        free(path);
        free(token);
        /* A broken connection degrades to polling, not to an orphan. */
        if (rc == 0 || rc == -ETIMEDOUT || rc == -ENOBUFS || rc == -EBADMSG)
            return rc;
    }
    usleep((useconds_t)timeout_ms * 1000);
    return -ETIMEDOUT;
}

/* Without a watch the monitor still works, by polling. */
static struct xs_conn *open_watch(struct xl_env *env)
{
    int err = 0;
    struct xs_conn *c = xs_open(NULL, &err);

    if (c && !(err = xs_watch(c, "@releaseDomain", WATCH_TOKEN)))
        return c;
    xl_msg(env, "watching @releaseDomain: %s; polling instead", strerror(-err));
    xs_close(c);
    return NULL;
}

static int run_here(struct xl_env *env, struct xl_monitor *m)
{
    struct xs_conn *c = open_watch(env);
    int rc = xl_monitor_run(env, m, wait_release, c);

    xs_close(c);
    return rc;
}

static int redirect_stdio(struct xl_env *env, const char *name)
{
    char path[XL_PATH_MAX];
    int in = open("/dev/null", O_RDONLY), out;

    xl_mkdirs(env->log_dir);
    snprintf(path, sizeof(path), "%s/xl-%s.log", env->log_dir, name);
    out = open(path, O_WRONLY | O_CREAT | O_APPEND, 0644);
    if (out < 0)
        out = open("/dev/null", O_WRONLY);
    if (in < 0 || out < 0 || dup2(in, 0) < 0 || dup2(out, 1) < 0 || dup2(out, 2) < 0)
        return -errno;
    close(in);
    close(out);
    env->out = stdout;
    env->err = stderr;
    setvbuf(stderr, NULL, _IOLBF, 0);
    return 0;
}

/* The grandchild: a session of its own, so the shell's hangups and job
 * control leave it alone. */
static void daemon_main(struct xl_env *env, struct xl_monitor *m)
{
    struct lc_ctx *old = env->ctx;

    env->ctx = NULL;
    lc_ctx_close(old);
    if (redirect_stdio(env, m->cfg->name) || !xl_ctx(env))
        _exit(1);
    xl_msg(env, "monitoring %s (%u)", m->cfg->name, m->domid);
    _exit(run_here(env, m) < 0 ? 1 : 0);
}

int xl_monitor_spawn(struct xl_env *env, struct xl_monitor *m, bool detach)
{
    pid_t child;
    int status;

    if (!detach)
        return run_here(env, m) < 0 ? -EIO : 0;
    fflush(env->out);
    fflush(env->err);
    child = fork();
    if (child < 0)
        return -errno;
    if (child == 0) {
        if (setsid() < 0)
            _exit(1);
        child = fork();
        if (child == 0)
            daemon_main(env, m);
        _exit(child < 0 ? 1 : 0);
    }
    if (waitpid(child, &status, 0) < 0)
        return -errno;
    return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : -ECHILD;
}
