/* The hypervisor's state as one object, passed to whoever needs it. */
#ifndef KEEL_KEEL_H
#define KEEL_KEEL_H

#include <keel/arch.h>
#include <keel/heap.h>
#include <keel/page_alloc.h>
#include <keel/sched.h>
#include <keel/timer.h>

#include <keel/domain.h>

#define DOMAIN_HOLDS_MAX 8

/* The domains the hypercall running on one pCPU holds (domain_hold). */
struct domain_holds {
    struct domain *d[DOMAIN_HOLDS_MAX];
    unsigned int n;
};

struct keel {
    struct page_pool pool;
    struct heap heap;
    struct scheduler sched;
    struct timer_queue timers[SCHED_CPUS_MAX];
    spinlock_t domains_lock;
    struct domain *domains;
    struct domain_holds holds[SCHED_CPUS_MAX];
    unsigned int nr_domains;
    uint16_t max_domid;         /* highest id ever used, bounds list walks */
    uint64_t total_pages;       /* RAM pages of the machine */
    uint64_t wallclock_sec;     /* wall clock at system time 0 */
    uint32_t wallclock_nsec;
    bool reboot_when_empty;     /* dom0 rebooted: reset, not power off */
    bool input_to_hypervisor;   /* serial input focus (Ctrl-A x3) */
    unsigned int ctrl_a;        /* consecutive Ctrl-A presses */
};

/* A character from the serial console (common/console_switch.c). */
void console_input_char(struct keel *k, char c);

#endif
