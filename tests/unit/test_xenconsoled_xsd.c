/* Keel's real xenstored for the xenconsoled store tests, served in a
 * child process (its headers and libctl.h cannot share a file). */
#define _GNU_SOURCE
#include <signal.h>
#include <sys/prctl.h>
#include <unistd.h>
#include "test_xenconsoled.h"
#include "../../dom0-tools/xenstored/xsd.h"

pid_t ct_run_xenstored(const char *sock)
{
    struct xsd_config cfg = { .socket_path = sock };
    struct xsd d;
    pid_t pid = fork();

    if (pid != 0)
        return pid;
    /* A test that dies must not leave its store behind. */
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    xsd_quota_defaults(&cfg.quota);
    if (xsd_init(&d, &cfg) < 0)
        _exit(1);
    for (;;)
        if (xsd_poll_once(&d, 1000) < 0)
            _exit(2);
}
