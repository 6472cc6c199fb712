/* The generic timer: the counter for time, the EL2 physical timer
 * (CNTHP, PPI 26) for the hypervisor's own deadlines. */
#ifndef ASM_TIMER_H
#define ASM_TIMER_H

#include <keel/types.h>

void timer_init(void);
uint64_t timer_freq(void);
uint64_t ticks_to_ns(uint64_t ticks);
uint64_t ns_to_ticks(uint64_t ns);
/* Arms this pCPU's EL2 timer for an absolute time in ns; 0 disarms it. */
void timer_set_deadline(uint64_t ns);

#endif
