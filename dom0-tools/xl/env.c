/* The environment of the real xl: privcmd and xenstored, stdio, the
 * standard paths and a forking monitor. */
#include <errno.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>
#include "xl.h"

/* Without xenstored, xl info and xl dmesg still work; what needs the
 * store then says that it is not connected. */
static int open_real(struct lc_ctx **ctx)
{
    int rc = lc_ctx_open(ctx, 0);

    if (rc && !lc_ctx_open(ctx, LC_CTX_NO_STORE))
        return 0;
    return rc;
}

static double wall_clock(struct xl_env *env)
{
    (void)env;
    struct timespec t;

    clock_gettime(CLOCK_REALTIME, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* dom0 is the host's Linux: its uptime is the host's. */
static int boot_uptime(struct xl_env *env, double *secs)
{
    struct timespec t;

    (void)env;
    if (clock_gettime(CLOCK_BOOTTIME, &t))
        return -errno;
    *secs = (double)t.tv_sec + (double)t.tv_nsec / 1e9;
    return 0;
}

void xl_env_default(struct xl_env *env)
{
    *env = (struct xl_env){
        .open_ctx = open_real, .out = stdout, .err = stderr,
        .in_fd = STDIN_FILENO, .out_fd = STDOUT_FILENO,
        .state_dir = XL_STATE_DIR, .run_dir = XL_RUN_DIR, .log_dir = XL_LOG_DIR,
        .now = wall_clock, .host_uptime = boot_uptime,
        .spawn_monitor = xl_monitor_spawn, .poll_ms = XL_POLL_MS,
        .console_wait_ms = XL_CONSOLE_WAIT_MS,
    };
}
