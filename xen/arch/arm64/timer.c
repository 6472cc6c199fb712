/* Generic timer: time in nanoseconds from the system counter, and the
 * EL2 physical timer as this pCPU's one-shot deadline. */
#include <keel/arch.h>
#include <asm/sysregs.h>
#include <asm/timer.h>

#define CNT_ENABLE (1UL << 0)
#define CNT_IMASK  (1UL << 1)

static uint64_t freq;

void timer_init(void)
{
    freq = read_sysreg(cntfrq_el0);
    /* EL1 may read the physical counter; its physical timer traps. */
    write_sysreg(cnthctl_el2, 1UL << 0);
    write_sysreg(cntvoff_el2, 0);
    write_sysreg(cnthp_ctl_el2, 0);
    isb();
}

uint64_t timer_freq(void)
{
    return freq;
}

#define NS_PER_S 1000000000ULL

/* Split into whole seconds and the rest so that no product overflows
 * 64 bits for counter frequencies below 4 GHz. */
uint64_t ticks_to_ns(uint64_t ticks)
{
    return ticks / freq * NS_PER_S + ticks % freq * NS_PER_S / freq;
}

uint64_t ns_to_ticks(uint64_t ns)
{
    return ns / NS_PER_S * freq + ns % NS_PER_S * freq / NS_PER_S;
}

uint64_t arch_now_ns(void)
{
    isb();
    return ticks_to_ns(read_sysreg(cntpct_el0));
}

void timer_set_deadline(uint64_t ns)
{
    if (!ns) {
        write_sysreg(cnthp_ctl_el2, 0);
        isb();
        return;
    }
    write_sysreg(cnthp_cval_el2, ns_to_ticks(ns));
    write_sysreg(cnthp_ctl_el2, CNT_ENABLE);
    isb();
}

uint64_t arch_counter_khz(void)
{
    return freq / 1000;
}
