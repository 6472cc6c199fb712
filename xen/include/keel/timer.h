/* Software timers, one queue per pCPU. A pCPU programs its hardware timer
 * for the earliest deadline of its own queue whenever it leaves the
 * hypervisor, so arming a timer on another pCPU only needs a kick. */
#ifndef KEEL_TIMER_H
#define KEEL_TIMER_H

#include <keel/arch.h>
#include <keel/types.h>

struct timer;
typedef void (*timer_fn)(struct timer *t);

struct timer {
    uint64_t deadline;          /* ns since boot */
    timer_fn fn;
    void *data;
    bool armed;
    struct timer *next;
};

struct timer_queue {
    spinlock_t lock;
    struct timer *head;         /* sorted by deadline */
};

void timer_init_one(struct timer *t, timer_fn fn, void *data);
/* (Re)arms t on queue q; returns true if it became q's earliest. */
bool timer_arm(struct timer_queue *q, struct timer *t, uint64_t deadline);
void timer_cancel(struct timer_queue *q, struct timer *t);
/* Runs every timer due at `now` (outside the lock); returns the next
 * deadline, or 0 if the queue is empty. */
uint64_t timer_run(struct timer_queue *q, uint64_t now);
uint64_t timer_next_deadline(struct timer_queue *q);

#endif
