/* Round-robin vCPU scheduling over per-pCPU run queues. A vCPU stays on
 * its home pCPU; new vCPUs are homed where the fewest already live. */
#include <keel/domain.h>
#include <keel/lib.h>
#include <keel/sched.h>

void sched_init(struct scheduler *s, unsigned int nr_cpus)
{
    memset(s, 0, sizeof(*s));
    s->nr_cpus = MIN(nr_cpus, (unsigned int)SCHED_CPUS_MAX);
}

static void rq_append(struct runqueue *rq, struct vcpu *v)
{
    v->rq_next = NULL;
    if (rq->tail)
        rq->tail->rq_next = v;
    else
        rq->head = v;
    rq->tail = v;
    rq->nr_runnable++;
}

static bool rq_unlink(struct runqueue *rq, struct vcpu *v)
{
    struct vcpu **pp = &rq->head, *prev = NULL;

    for (; *pp; prev = *pp, pp = &(*pp)->rq_next) {
        if (*pp != v)
            continue;
        *pp = v->rq_next;
        if (rq->tail == v)
            rq->tail = prev;
        v->rq_next = NULL;
        rq->nr_runnable--;
        return true;
    }
    return false;
}

void sched_add_vcpu(struct scheduler *s, struct vcpu *v)
{
    unsigned int best = 0;

    for (unsigned int c = 1; c < s->nr_cpus; c++)
        if (s->rq[c].nr_assigned < s->rq[best].nr_assigned)
            best = c;
    spin_lock(&s->rq[best].lock);
    v->pcpu = best;
    v->state = VCPU_DOWN;
    s->rq[best].nr_assigned++;
    spin_unlock(&s->rq[best].lock);
}

void sched_remove_vcpu(struct scheduler *s, struct vcpu *v)
{
    struct runqueue *rq = &s->rq[v->pcpu];

    spin_lock(&rq->lock);
    rq_unlink(rq, v);
    v->state = VCPU_DOWN;
    rq->nr_assigned--;
    spin_unlock(&rq->lock);
}

/* Moves v from state `from` to the run queue, if it is in that state. */
static void make_runnable(struct scheduler *s, struct vcpu *v, enum vcpu_state from)
{
    struct runqueue *rq = &s->rq[v->pcpu];
    bool woke = false;

    spin_lock(&rq->lock);
    if (v->state == from) {
        v->state = VCPU_RUNNABLE;
        rq_append(rq, v);
        woke = true;
    }
    spin_unlock(&rq->lock);
    if (woke && v->pcpu != arch_cpu_id())
        arch_kick_cpu(v->pcpu);
}

void sched_wake(struct scheduler *s, struct vcpu *v)
{
    make_runnable(s, v, VCPU_BLOCKED);
}

void sched_start(struct scheduler *s, struct vcpu *v)
{
    make_runnable(s, v, VCPU_DOWN);
}

void sched_sleep(struct scheduler *s, struct vcpu *v, int state)
{
    struct runqueue *rq = &s->rq[v->pcpu];

    spin_lock(&rq->lock);
    if (state == VCPU_DOWN || v->state == VCPU_RUNNABLE) {
        if (v->state == VCPU_RUNNABLE)
            rq_unlink(rq, v);
        v->state = (enum vcpu_state)state;
    }
    spin_unlock(&rq->lock);
    if (v->pcpu != arch_cpu_id())
        arch_kick_cpu(v->pcpu);
}

void sched_rotate(struct scheduler *s, struct vcpu *v)
{
    struct runqueue *rq = &s->rq[v->pcpu];

    spin_lock(&rq->lock);
    if (v->state == VCPU_RUNNABLE && rq_unlink(rq, v))
        rq_append(rq, v);
    spin_unlock(&rq->lock);
}

/* The first queued vCPU whose domain is not paused. */
static struct vcpu *first_eligible(struct runqueue *rq)
{
    struct vcpu *v = rq->head;

    while (v && v->domain->pause_count)
        v = v->rq_next;
    return v;
}

struct vcpu *sched_head(struct scheduler *s, unsigned int cpu)
{
    struct runqueue *rq = &s->rq[cpu];
    struct vcpu *v;

    spin_lock(&rq->lock);
    v = first_eligible(rq);
    spin_unlock(&rq->lock);
    return v;
}

struct vcpu *sched_next(struct scheduler *s, unsigned int cpu,
                        struct vcpu *prev)
{
    struct runqueue *rq = &s->rq[cpu];
    struct vcpu *v;

    spin_lock(&rq->lock);
    if (prev)
        prev->loaded = false;
    v = first_eligible(rq);
    if (v)
        v->loaded = true;
    rq->current = v;
    spin_unlock(&rq->lock);
    return v;
}

bool sched_needs_slice(struct scheduler *s, unsigned int cpu)
{
    return s->rq[cpu].nr_runnable > 1;
}
