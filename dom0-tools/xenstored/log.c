/* Logging. A file is opened in append mode and flushed per line so a
 * crash or kill loses nothing that was logged. */
#include <errno.h>
#include <stdarg.h>
#include <string.h>
#include <syslog.h>
#include <time.h>
#include "log.h"

int xlog_open(struct xs_log *l, const char *dest, int level)
{
    memset(l, 0, sizeof(*l));
    l->level = level;
    if (!dest) {
        l->quiet = true;
        return 0;
    }
    snprintf(l->dest, sizeof(l->dest), "%s", dest);
    if (!strcmp(dest, "syslog")) {
        openlog("xenstored", LOG_PID, LOG_DAEMON);
        return 0;
    }
    if (!strcmp(dest, "-")) {
        l->fp = stderr;
        return 0;
    }
    l->fp = fopen(dest, "ae");
    if (!l->fp)
        return -errno;
    l->owns_fp = true;
    return 0;
}

void xlog_close(struct xs_log *l)
{
    if (l->owns_fp && l->fp)
        fclose(l->fp);
    l->fp = NULL;
    l->owns_fp = false;
}

void xlog(const struct xs_log *l, int level, const char *fmt, ...)
{
    static const int prio[] = { LOG_ERR, LOG_INFO, LOG_DEBUG, LOG_DEBUG };
    va_list ap;

    if (l->quiet || level > l->level)
        return;
    va_start(ap, fmt);
    if (l->fp) {
        struct timespec ts;
        struct tm tm;
        char stamp[32];

        clock_gettime(CLOCK_REALTIME, &ts);
        localtime_r(&ts.tv_sec, &tm);
        strftime(stamp, sizeof(stamp), "%Y-%m-%d %H:%M:%S", &tm);
        fprintf(l->fp, "%s.%03ld ", stamp, ts.tv_nsec / 1000000);
        vfprintf(l->fp, fmt, ap);
        fputc('\n', l->fp);
        fflush(l->fp);
    } else {
        vsyslog(prio[level < 0 ? 0 : level > 3 ? 3 : level], fmt, ap);
    }
    va_end(ap);
}
