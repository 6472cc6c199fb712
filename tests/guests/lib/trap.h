/* Exceptions the guest provokes on purpose: arm the recorder, do the bad
 * thing, then read back what the vector table saw. */
#ifndef GUEST_TRAP_H
#define GUEST_TRAP_H

#include "guest.h"

#define ESR_EC(esr)     (((esr) >> 26) & 0x3f)
#define ESR_IL(esr)     (((esr) >> 25) & 1)
#define ESR_ISS(esr)    ((esr) & 0x1ffffff)

struct trap_record {
    unsigned count;         /* synchronous exceptions taken while armed */
    uint64_t esr;
    uint64_t elr;           /* ELR_EL1 as delivered, before the skip */
    uint64_t far;
};

/* Expect one synchronous exception at EL1h: the handler records it and
 * resumes at ELR_EL1 + 4. Any other exception ends the guest with a FAIL. */
void trap_expect(void);
/* Disarm and return what was recorded since trap_expect(). */
struct trap_record trap_taken(void);

#endif
