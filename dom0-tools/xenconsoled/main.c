/* xenconsoled: start-up, daemon set-up and the main loop. */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "opts.h"
#include "store.h"
#include "xcd.h"
#include "xenif.h"

static volatile sig_atomic_t stop_signal, reopen_wanted;

static void on_stop(int sig)
{
    stop_signal = sig;
}

static void on_hup(int sig)
{
    (void)sig;
    reopen_wanted = 1;
}

static void setup_signals(void)
{
    struct sigaction sa = { .sa_handler = on_stop };

    sigemptyset(&sa.sa_mask);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
    sa.sa_handler = on_hup;
    sigaction(SIGHUP, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);
}

static int write_pid(const char *file)
{
    FILE *fp = fopen(file, "we");

    if (!fp)
        return -errno;
    fprintf(fp, "%d\n", (int)getpid());
    return fclose(fp) ? -errno : 0;
}

static int loop(struct xcd *d)
{
    int rc = 0;

    while (rc == 0 && !stop_signal) {
        if (reopen_wanted) {
            reopen_wanted = 0;
            xcd_reopen_logs(d);
        }
        rc = xcd_poll_once(d, 1000);
    }
    if (rc < 0)
        xcd_log(&d->log, XCD_LOG_ERR, "cannot go on: %s", strerror(-rc));
    else
        xcd_log(&d->log, XCD_LOG_INFO, "stopping (signal %d)", (int)stop_signal);
    return rc;
}

/* Forks only once everything that can fail early has been opened, so
 * those failures reach the terminal, and before any guest page is
 * mapped, since a child does not inherit device mappings. */
static int serve(const struct xcd_opts *o, struct xcd_xen *xen,
                 struct xcd_store *store)
{
    struct xcd_config cfg = { .log_dir = o->log_dir, .xen = xen, .store = store,
                              .log_dest = o->log_dest, .log_level = o->log_level };
    struct xcd d;
    int rc = xcd_init(&d, &cfg);

    if (rc < 0) {
        fprintf(stderr, "xenconsoled: cannot start: %s\n", strerror(-rc));
        return rc;
    }
    if (!o->foreground && daemon(0, 0) < 0) {
        rc = -errno;
        xcd_log(&d.log, XCD_LOG_ERR, "daemon: %s", strerror(-rc));
    }
    if (rc == 0 && o->pid_file && (rc = write_pid(o->pid_file)) < 0)
        xcd_log(&d.log, XCD_LOG_ERR, "pid file %s: %s", o->pid_file, strerror(-rc));
    if (rc == 0) {
        xcd_log(&d.log, XCD_LOG_INFO, "started; logs in %s", d.log_dir);
        setup_signals();
        rc = loop(&d);
    }
    xcd_fini(&d);
    if (o->pid_file)
        unlink(o->pid_file);
    return rc;
}

int main(int argc, char **argv)
{
    struct xcd_opts o;
    struct xcd_xen *xen;
    struct xcd_store *store;
    int rc;

    if (xcd_parse_args(argc, argv, &o, stderr) < 0) {
        fprintf(stderr, "Try 'xenconsoled --help'.\n");
        return 2;
    }
    if (o.help) {
        xcd_usage(stdout);
        return 0;
    }
    xen = xen_dev_open(&rc);
    if (!xen) {
        fprintf(stderr, "xenconsoled: /dev/xen/evtchn: %s\n", strerror(-rc));
        return 1;
    }
    store = store_xs_open(o.xenstore, &rc);
    if (!store) {
        fprintf(stderr, "xenconsoled: xenstored: %s\n", strerror(-rc));
        xen_dev_close(xen);
        return 1;
    }
    rc = serve(&o, xen, store);
    store_xs_close(store);
    xen_dev_close(xen);
    return rc < 0 ? 1 : 0;
}
