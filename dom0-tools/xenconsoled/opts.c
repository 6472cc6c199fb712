/* The options are one table (name, letter, argument, help, what it
 * sets) from which both getopt_long's list and --help are made. */
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
#include <string.h>
#include "log.h"
#include "opts.h"
#include "xcd.h"

typedef void (*opt_fn)(struct xcd_opts *o, const char *arg);

static void o_logdir(struct xcd_opts *o, const char *a) { o->log_dir = a; }
static void o_log(struct xcd_opts *o, const char *a) { o->log_dest = a; }
static void o_store(struct xcd_opts *o, const char *a) { o->xenstore = a; }
static void o_pid(struct xcd_opts *o, const char *a) { o->pid_file = a; }
static void o_fg(struct xcd_opts *o, const char *a) { (void)a; o->foreground = true; }
static void o_help(struct xcd_opts *o, const char *a) { (void)a; o->help = true; }

static void o_verbose(struct xcd_opts *o, const char *a)
{
    (void)a;
    if (o->log_level < XCD_LOG_DEBUG)
        o->log_level++;
}

static const struct opt {
    const char *name;
    char letter;
    const char *arg;            /* NULL: takes no argument */
    opt_fn fn;
    const char *help;
} opts[] = {
    { "log-dir", 'd', "DIR", o_logdir,
      "write guest-<name>.log files in DIR (default " XCD_DEFAULT_LOG_DIR ")" },
    { "log", 'l', "DEST", o_log,
      "log what the daemon does to file DEST, '-' (stderr) or 'syslog' "
      "(default: syslog; stderr with --foreground)" },
    { "xenstore", 's', "PATH", o_store,
      "xenstored's socket or xenbus device (default: libctl's)" },
    { "pid-file", 'p', "FILE", o_pid, "write the daemon's pid to FILE" },
    { "foreground", 'F', NULL, o_fg, "stay in the foreground" },
    { "verbose", 'v', NULL, o_verbose, "log more (twice: everything)" },
    { "help", 'h', NULL, o_help, "show this help" },
};

#define NOPTS (sizeof(opts) / sizeof(opts[0]))

void xcd_usage(FILE *fp)
{
    fprintf(fp, "Usage: xenconsoled [OPTION]...\n"
                "Serves the console rings of Keel guests: their output goes to log\n"
                "files and to a pty per guest, named in /local/domain/<id>/console/tty\n"
                "for `xl console`; input typed there goes back to the guest.\n\n");
    for (size_t i = 0; i < NOPTS; i++) {
        char left[48];

        snprintf(left, sizeof(left), "-%c, --%s%s%s", opts[i].letter, opts[i].name,
                 opts[i].arg ? " " : "", opts[i].arg ? opts[i].arg : "");
        fprintf(fp, "  %-26s %s\n", left, opts[i].help);
    }
    fprintf(fp, "\nSIGHUP reopens every log file (for logrotate).\n");
}

static void make_lists(struct option *lo, char *shorts)
{
    size_t ns = 0;

    for (size_t i = 0; i < NOPTS; i++) {
        lo[i] = (struct option){ opts[i].name,
                                 opts[i].arg ? required_argument : no_argument,
                                 NULL, opts[i].letter };
        shorts[ns++] = opts[i].letter;
        if (opts[i].arg)
            shorts[ns++] = ':';
    }
    memset(&lo[NOPTS], 0, sizeof(lo[NOPTS]));
    shorts[ns] = '\0';
}

int xcd_parse_args(int argc, char **argv, struct xcd_opts *o, FILE *err)
{
    struct option lo[NOPTS + 1];
    char shorts[2 * NOPTS + 2];
    int c;

    *o = (struct xcd_opts){ .log_dir = XCD_DEFAULT_LOG_DIR,
                            .log_level = XCD_LOG_INFO };
    make_lists(lo, shorts + 1);
    shorts[0] = ':';            /* report a missing argument as ':' */
    optind = 0;                 /* glibc: start afresh (tests parse often) */
    opterr = 0;
    while ((c = getopt_long(argc, argv, shorts, lo, NULL)) != -1) {
        size_t i;

        for (i = 0; i < NOPTS && opts[i].letter != c; i++)
            ;
        if (i == NOPTS) {
            fprintf(err, "xenconsoled: %s: %s\n", c == ':' ?
                    "missing argument" : "unknown option", argv[optind - 1]);
            return -EINVAL;
        }
        opts[i].fn(o, optarg);
    }
    if (optind < argc) {
        fprintf(err, "xenconsoled: unexpected argument: %s\n", argv[optind]);
        return -EINVAL;
    }
    if (!o->log_dest)
        o->log_dest = o->foreground ? "-" : "syslog";
    return 0;
}
