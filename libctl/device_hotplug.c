/* Running hotplug scripts: the environment Xen's scripts expect, the
 * context's runner, and the default runner, a child process held to a
 * deadline. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include "device.h"

#define ENV_VALUE_MAX (LC_DEV_PATH_MAX + 32)

extern char **environ;

uint64_t lc_dev_now_ms(void)
{
    struct timespec t;

    clock_gettime(CLOCK_MONOTONIC, &t);
    return (uint64_t)t.tv_sec * 1000 + (uint64_t)t.tv_nsec / 1000000;
}

void lc_dev_sleep_ms(unsigned ms)
{
    struct timespec t = { ms / 1000, (long)(ms % 1000) * 1000000L };

    nanosleep(&t, NULL);
}

unsigned lc_dev_timeout_ms(const struct lc_ctx *ctx)
{
    return ctx->device_timeout_ms ? ctx->device_timeout_ms : LC_DEVICE_TIMEOUT_MS;
}

void lc_ctx_set_hotplug(struct lc_ctx *ctx, lc_hotplug_fn *fn, void *arg)
{
    ctx->hotplug = fn;
    ctx->hotplug_arg = fn ? arg : NULL;
}

void lc_ctx_set_device_timeout(struct lc_ctx *ctx, unsigned timeout_ms)
{
    ctx->device_timeout_ms = timeout_ms;
}

int lc_dev_run_script(struct lc_ctx *ctx, const struct lc_dev *d, const char *script,
                      const char *action, unsigned timeout_ms)
{
    char vars[5][ENV_VALUE_MAX];
    char *env[6] = { vars[0], vars[1], vars[2], vars[3], NULL, NULL };
    lc_hotplug_fn *run = ctx->hotplug ? ctx->hotplug : lc_hotplug_exec;

    if (strlen(script) + sizeof("script=") > ENV_VALUE_MAX)
        return -ENAMETOOLONG;
    snprintf(vars[0], ENV_VALUE_MAX, "script=%s", script);
    snprintf(vars[1], ENV_VALUE_MAX, "XENBUS_TYPE=%s", d->type);
    snprintf(vars[2], ENV_VALUE_MAX, "XENBUS_PATH=%s", d->back);
    snprintf(vars[3], ENV_VALUE_MAX, "XENBUS_BASE_PATH=backend");
    if (!strcmp(d->type, "vif")) {
        snprintf(vars[4], ENV_VALUE_MAX, "vif=vif%u.%u", d->domid, d->devid);
        env[4] = vars[4];
    }
    return run(ctx->hotplug_arg, script, action, env, timeout_ms);
}

/* Whether entry ("NAME=value") sets a variable that one of add sets. */
static bool replaced(const char *entry, char *const add[])
{
    size_t len = strcspn(entry, "=");

    for (size_t i = 0; add[i]; i++)
        if (!strncmp(entry, add[i], len) && add[i][len] == '=')
            return true;
    return false;
}

/* The caller's environment with add on top; the strings are shared. */
static char **merged_env(char *const add[])
{
    size_t n = 0, nadd = 0, k = 0;
    char **env;

    while (environ && environ[n])
        n++;
    while (add[nadd])
        nadd++;
    env = calloc(n + nadd + 1, sizeof(*env));
    if (!env)
        return NULL;
    for (size_t i = 0; i < n; i++)
        if (!replaced(environ[i], add))
            env[k++] = environ[i];
    for (size_t i = 0; i < nadd; i++)
        env[k++] = add[i];
    return env;
}

static int exit_status(int status)
{
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

static int wait_child(pid_t pid, unsigned timeout_ms)
{
    uint64_t deadline = lc_dev_now_ms() + timeout_ms;
    int status;

    for (;;) {
        pid_t r = waitpid(pid, &status, WNOHANG);

        if (r == pid)
            return exit_status(status);
        if (r < 0 && errno != EINTR)
            return -errno;
        if (lc_dev_now_ms() >= deadline)
            break;
        lc_dev_sleep_ms(LC_DEV_POLL_MS);
    }
    /* The whole group: a script's own children (a sleep, a xenstore
     * call) would otherwise outlive it. */
    kill(-pid, SIGKILL);
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
        ;
    return -ETIMEDOUT;
}

/* A group of its own (so that a timeout can end all of it), default
 * signal handling whatever the caller ignores, nothing to read. */
static int spawn_setup(posix_spawn_file_actions_t *fa, posix_spawnattr_t *at)
{
    const int defaults[] = { SIGPIPE, SIGINT, SIGQUIT, SIGTERM, SIGHUP, SIGCHLD };
    sigset_t none, dfl;
    int rc;

    sigemptyset(&none);
    sigemptyset(&dfl);
    for (size_t i = 0; i < sizeof(defaults) / sizeof(defaults[0]); i++)
        sigaddset(&dfl, defaults[i]);
    rc = posix_spawn_file_actions_addopen(fa, 0, "/dev/null", O_RDONLY, 0);
    if (!rc)
        rc = posix_spawnattr_setflags(at, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK |
                                              POSIX_SPAWN_SETSIGDEF);
    if (!rc)
        rc = posix_spawnattr_setpgroup(at, 0);
    if (!rc)
        rc = posix_spawnattr_setsigmask(at, &none);
    if (!rc)
        rc = posix_spawnattr_setsigdefault(at, &dfl);
    return -rc;
}

int lc_hotplug_exec(void *arg, const char *script, const char *action,
                    char *const env[], unsigned timeout_ms)
{
    char *const argv[] = { (char *)script, (char *)action, NULL };
    posix_spawn_file_actions_t fa;
    posix_spawnattr_t at;
    char **envp = merged_env(env);
    pid_t pid;
    int rc;

    (void)arg;
    if (!envp)
        return -ENOMEM;
    if (posix_spawn_file_actions_init(&fa)) {
        free(envp);
        return -ENOMEM;
    }
    if (posix_spawnattr_init(&at)) {
        posix_spawn_file_actions_destroy(&fa);
        free(envp);
        return -ENOMEM;
    }
    rc = spawn_setup(&fa, &at);
    if (!rc)
        rc = -posix_spawn(&pid, script, &fa, &at, argv, envp);
    posix_spawnattr_destroy(&at);
    posix_spawn_file_actions_destroy(&fa);
    free(envp);
    return rc ? rc : wait_child(pid, timeout_ms);
}
