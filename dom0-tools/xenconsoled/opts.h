/* xenconsoled's command line. */
#ifndef XCD_OPTS_H
#define XCD_OPTS_H

#include <stdbool.h>
#include <stdio.h>

struct xcd_opts {
    const char *log_dir;        /* guests' console logs */
    const char *log_dest;       /* the daemon's own log: file, "-", "syslog" */
    const char *xenstore;       /* NULL: libctl's default */
    const char *pid_file;
    bool foreground;
    bool help;
    int log_level;              /* XCD_LOG_*, raised by --verbose */
};

/* Fills o from argv (defaults first). -EINVAL, with the reason on err,
 * for an unknown option, a missing argument or a stray operand. */
int xcd_parse_args(int argc, char **argv, struct xcd_opts *o, FILE *err);
void xcd_usage(FILE *fp);

#endif
