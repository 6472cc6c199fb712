/* What the daemon did: to a file, stderr or syslog, filtered by level.
 * Request tracing (level XLOG_TRACE) can be switched on and off at run
 * time with CONTROL log. */
#ifndef XSD_LOG_H
#define XSD_LOG_H

#include <stdbool.h>
#include <stdio.h>

enum { XLOG_ERR, XLOG_INFO, XLOG_DEBUG, XLOG_TRACE };

struct xs_log {
    FILE *fp;                   /* NULL: syslog, unless quiet */
    bool owns_fp;
    bool quiet;                 /* no output at all (tests, fuzzing) */
    int level;                  /* highest level written */
    char dest[256];
};

/* dest: a file name, "-" for stderr, "syslog", or NULL for nothing. */
int xlog_open(struct xs_log *l, const char *dest, int level);
void xlog_close(struct xs_log *l);
void xlog(const struct xs_log *l, int level, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#endif
