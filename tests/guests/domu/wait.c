/* Bounded waits on the generic timer's virtual counter. */
#include "domu.h"

static uint64_t counter(void)
{
    uint64_t v;

    __asm__ volatile("isb; mrs %0, cntvct_el0" : "=r"(v) : : "memory");
    return v;
}

static uint64_t counter_hz(void)
{
    uint64_t v;

    __asm__ volatile("mrs %0, cntfrq_el0" : "=r"(v));
    return v;
}

bool wait_until(bool (*ready)(void *arg), void *arg, unsigned ms)
{
    uint64_t hz = counter_hz();
    /* An unset CNTFRQ would make every wait end at once: assume 62.5 MHz,
     * QEMU's, rather than give up. */
    uint64_t ticks = (hz ? hz : 62500000) / 1000 * ms;
    uint64_t start = counter();

    while (!ready(arg)) {
        if (counter() - start > ticks)
            return ready(arg);
        (void)sched_op(SCHEDOP_yield, 0);
    }
    return true;
}
