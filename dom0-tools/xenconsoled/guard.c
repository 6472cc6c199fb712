/* The fault guard (see guard.h). A signal handler takes no argument, so
 * the guard in force is found through a thread-local pointer, and the
 * handlers ours replaced wait in statics: signal dispositions belong to
 * the process, and this file keeps that state away from the rest. */
#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include "guard.h"

struct guard {
    sigjmp_buf env;
    uintptr_t lo, hi;
};

static __thread struct guard *volatile active;
static struct sigaction old_segv, old_bus;
static unsigned int installed;     /* guard_install calls not undone */

static void on_fault(int sig, siginfo_t *si, void *uc)
{
    struct guard *g = active;
    uintptr_t addr = (uintptr_t)si->si_addr;

    (void)uc;
    if (g && addr >= g->lo && addr < g->hi) {
        active = NULL;
        siglongjmp(g->env, 1);
    }
    /* Not a guest page: hand the fault back to whoever had it before
     * (the default action, or a sanitizer), which runs when the faulting
     * instruction runs again. */
    sigaction(sig, sig == SIGBUS ? &old_bus : &old_segv, NULL);
}

int guard_install(void)
{
    struct sigaction sa;

    if (installed) {
        installed++;
        return 0;
    }
    memset(&sa, 0, sizeof(sa));
    sa.sa_sigaction = on_fault;
    sa.sa_flags = SA_SIGINFO | SA_NODEFER;
    sigemptyset(&sa.sa_mask);
    if (sigaction(SIGSEGV, &sa, &old_segv) < 0)
        return -errno;
    if (sigaction(SIGBUS, &sa, &old_bus) < 0) {
        int err = -errno;

        sigaction(SIGSEGV, &old_segv, NULL);
        return err;
    }
    installed = 1;
    return 0;
}

void guard_uninstall(void)
{
    if (!installed || --installed)
        return;
    sigaction(SIGSEGV, &old_segv, NULL);
    sigaction(SIGBUS, &old_bus, NULL);
}

int guard_run(const void *base, size_t len, int (*fn)(void *arg), void *arg)
{
    struct guard g;
    int rc;

    if (!installed)
        return -ENOSYS;
    g.lo = (uintptr_t)base;
    g.hi = g.lo + len;
    if (sigsetjmp(g.env, 1))
        return -EFAULT;
    active = &g;
    rc = fn(arg);
    active = NULL;
    return rc;
}
