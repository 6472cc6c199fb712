/* The daemon's own log. A file is appended to and flushed line by line,
 * so that nothing logged is lost when the daemon is killed. */
#include <errno.h>
#include <stdarg.h>
#include <string.h>
#include <syslog.h>
#include <time.h>
#include "log.h"

static int open_file(struct xcd_log *l)
{
    if (!strcmp(l->dest, "-")) {
        l->fp = stderr;
        return 0;
    }
    l->fp = fopen(l->dest, "ae");
    if (!l->fp)
        return -errno;
    l->owns_fp = true;
    return 0;
}

int xcd_log_open(struct xcd_log *l, const char *dest, int level)
{
    memset(l, 0, sizeof(*l));
    l->level = level;
    if (!dest) {
        l->quiet = true;
        return 0;
    }
    if (!*dest || strlen(dest) >= sizeof(l->dest))
        return -EINVAL;
    strcpy(l->dest, dest);
    if (!strcmp(dest, "syslog")) {
        openlog("xenconsoled", LOG_PID, LOG_DAEMON);
        return 0;
    }
    return open_file(l);
}

int xcd_log_reopen(struct xcd_log *l)
{
    if (!l->owns_fp)
        return 0;
    fclose(l->fp);
    l->fp = NULL;
    l->owns_fp = false;
    return open_file(l);
}

void xcd_log_close(struct xcd_log *l)
{
    if (l->owns_fp && l->fp)
        fclose(l->fp);
    else if (!l->fp && !l->quiet)
        closelog();
    l->fp = NULL;
    l->owns_fp = false;
    l->quiet = true;
}

static void stamp(FILE *fp)
{
    struct timespec ts;
    struct tm tm;
    char buf[32];

    clock_gettime(CLOCK_REALTIME, &ts);
    localtime_r(&ts.tv_sec, &tm);
    strftime(buf, sizeof(buf), "%Y-%m-%d %H:%M:%S", &tm);
    fprintf(fp, "%s.%03ld ", buf, ts.tv_nsec / 1000000);
}

void xcd_log(const struct xcd_log *l, int level, const char *fmt, ...)
{
    static const int prio[] = { LOG_ERR, LOG_INFO, LOG_DEBUG };
    va_list ap;

    if (l->quiet || level > l->level)
        return;
    va_start(ap, fmt);
    if (l->fp) {
        stamp(l->fp);
        vfprintf(l->fp, fmt, ap);
        fputc('\n', l->fp);
        fflush(l->fp);
    } else {
        vsyslog(prio[level < 0 ? 0 : level > 2 ? 2 : level], fmt, ap);
    }
    va_end(ap);
}
