/* The vCPU scheduler: a run queue per pCPU, round robin with a time slice.
 * The vCPU at the head of a run queue is the one that runs. */
#ifndef KEEL_SCHED_H
#define KEEL_SCHED_H

#include <keel/arch.h>
#include <keel/types.h>

#define SCHED_CPUS_MAX 8
#define SCHED_SLICE_NS (10 * 1000 * 1000ULL)

struct vcpu;

struct runqueue {
    spinlock_t lock;
    struct vcpu *head;
    struct vcpu *tail;
    unsigned int nr_runnable;
    unsigned int nr_assigned;   /* vCPUs homed here, runnable or not */
    struct vcpu *current;       /* loaded in this pCPU's registers */
};

struct scheduler {
    unsigned int nr_cpus;
    struct runqueue rq[SCHED_CPUS_MAX];
};

void sched_init(struct scheduler *s, unsigned int nr_cpus);
/* Homes a new vCPU on the least loaded pCPU; it stays down until woken. */
void sched_add_vcpu(struct scheduler *s, struct vcpu *v);
void sched_remove_vcpu(struct scheduler *s, struct vcpu *v);
/* Makes a blocked vCPU runnable (an interrupt for it). A down vCPU stays
 * down: an event racing with its domain's shutdown must not revive it. */
void sched_wake(struct scheduler *s, struct vcpu *v);
/* Makes a down vCPU runnable (PSCI CPU_ON, the toolstack, the builder). */
void sched_start(struct scheduler *s, struct vcpu *v);
/* Takes a vCPU off its run queue: VCPU_DOWN always wins, VCPU_BLOCKED
 * only applies to a runnable vCPU (not one another pCPU just took down). */
void sched_sleep(struct scheduler *s, struct vcpu *v, int state);
/* Moves a runnable vCPU behind the others on its pCPU. */
void sched_rotate(struct scheduler *s, struct vcpu *v);
/* The vCPU at the head of pCPU `cpu`'s queue, without claiming it. */
struct vcpu *sched_head(struct scheduler *s, unsigned int cpu);
/* The vCPU pCPU `cpu` should run now, or NULL to idle. `prev` (may be
 * NULL) is the vCPU the pCPU is leaving: it is marked unloaded and the
 * result marked loaded under the run-queue lock, so a vCPU taken off its
 * queue can never be loaded again behind the domain reaper's back. */
struct vcpu *sched_next(struct scheduler *s, unsigned int cpu,
                        struct vcpu *prev);
/* Whether the pCPU has more than one runnable vCPU (needs a slice timer). */
bool sched_needs_slice(struct scheduler *s, unsigned int cpu);

/* Implemented by the architecture: make pCPU `cpu` reschedule soon. */
void arch_kick_cpu(unsigned int cpu);

#endif
