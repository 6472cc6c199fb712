/* Touching a guest's page safely. When a domain dies its page can leave
 * our address space under our feet (the access then faults with SIGBUS or
 * SIGSEGV); guard_run turns such a fault, inside the guarded range only,
 * into -EFAULT instead of a crash. Faults anywhere else still crash. */
#ifndef XCD_GUARD_H
#define XCD_GUARD_H

#include <stddef.h>

/* Installs the fault handlers; the last of as many guard_uninstall
 * calls puts the previous ones back. */
int guard_install(void);
void guard_uninstall(void);

/* Runs fn(arg), returning what it returns, or -EFAULT if it faulted on
 * an address in [base, base + len). fn must not allocate or take locks:
 * it may be left half-way. */
int guard_run(const void *base, size_t len, int (*fn)(void *arg), void *arg);

#endif
