/* Register-preservation probes shared by the hypercall and PSCI checks. */
#ifndef HELLO_REGS_H
#define HELLO_REGS_H

#include "hello.h"

/* Fill rc->in with a distinct sentinel per register, then the arguments
 * (x0..) and, for hypercalls, the number in x16. */
void regs_fill(struct regcheck *rc, const uint64_t *args, int nargs);

/* Check that x[first]..x30 and SP came back as they went in. */
void regs_check_kept(struct guest *g, const char *what, const struct regcheck *rc,
                     int first);

#endif
