/* Messages ("xl: ..." on the error stream) and the context, opened only
 * by commands that need the hypervisor, so that xl help works anywhere. */
#include <errno.h>
#include <stdarg.h>
#include <string.h>
#include "xl.h"

static void vmsg(struct xl_env *env, const char *fmt, va_list ap)
{
    fputs("xl: ", env->err);
    vfprintf(env->err, fmt, ap);
    fputc('\n', env->err);
    fflush(env->err);
}

void xl_msg(struct xl_env *env, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vmsg(env, fmt, ap);
    va_end(ap);
}

int xl_fail(struct xl_env *env, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vmsg(env, fmt, ap);
    va_end(ap);
    return XL_FAIL;
}

int xl_fail_ctx(struct xl_env *env, int err, const char *fallback)
{
    const char *why = env->ctx ? lc_ctx_error(env->ctx) : "";

    if (*why)
        return xl_fail(env, "%s", why);
    return xl_fail(env, "%s: %s", fallback, strerror(-err));
}

struct lc_ctx *xl_ctx(struct xl_env *env)
{
    int rc;

    if (env->ctx)
        return env->ctx;
    rc = env->open_ctx ? env->open_ctx(&env->ctx) : -ENOSYS;
    if (rc) {
        env->ctx = NULL;
        xl_msg(env, "cannot reach the hypervisor (%s) and xenstored: %s",
               LC_PRIVCMD_PATH, strerror(-rc));
    }
    return env->ctx;
}
