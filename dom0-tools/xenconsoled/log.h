/* What the daemon itself did (not what guests print): to a file, stderr
 * or syslog, filtered by level. */
#ifndef XCD_LOG_H
#define XCD_LOG_H

#include <stdbool.h>
#include <stdio.h>

enum { XCD_LOG_ERR, XCD_LOG_INFO, XCD_LOG_DEBUG };

struct xcd_log {
    FILE *fp;                   /* NULL: syslog, unless quiet */
    bool owns_fp;
    bool quiet;                 /* no output at all (tests) */
    int level;                  /* highest level written */
    char dest[256];             /* what it was opened on, for reopening */
};

/* dest: a file name, "-" for stderr, "syslog", or NULL for nothing. */
int xcd_log_open(struct xcd_log *l, const char *dest, int level);
/* Reopens a log file after logrotate moved it; others are left alone. */
int xcd_log_reopen(struct xcd_log *l);
void xcd_log_close(struct xcd_log *l);
void xcd_log(const struct xcd_log *l, int level, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#endif
