/* Sorted singly linked timer queues. Queues stay short (a slice timer and
 * the virtual timers of the vCPUs homed on the pCPU), so a list is enough. */
#include <keel/timer.h>

void timer_init_one(struct timer *t, timer_fn fn, void *data)
{
    t->deadline = 0;
    t->fn = fn;
    t->data = data;
    t->armed = false;
    t->next = NULL;
}

static void unlink(struct timer_queue *q, struct timer *t)
{
    for (struct timer **pp = &q->head; *pp; pp = &(*pp)->next) {
        if (*pp == t) {
            *pp = t->next;
            break;
        }
    }
    t->next = NULL;
    t->armed = false;
}

bool timer_arm(struct timer_queue *q, struct timer *t, uint64_t deadline)
{
    struct timer **pp;
    bool first;

    spin_lock(&q->lock);
    if (t->armed)
        unlink(q, t);
    t->deadline = deadline;
    for (pp = &q->head; *pp && (*pp)->deadline <= deadline; pp = &(*pp)->next)
        ;
    t->next = *pp;
    *pp = t;
    t->armed = true;
    first = q->head == t;
    spin_unlock(&q->lock);
    return first;
}

void timer_cancel(struct timer_queue *q, struct timer *t)
{
    spin_lock(&q->lock);
    if (t->armed)
        unlink(q, t);
    spin_unlock(&q->lock);
}

uint64_t timer_run(struct timer_queue *q, uint64_t now)
{
    for (;;) {
        struct timer *t;

        spin_lock(&q->lock);
        t = q->head;
        if (!t || t->deadline > now) {
            uint64_t next = t ? t->deadline : 0;

            spin_unlock(&q->lock);
            return next;
        }
        unlink(q, t);
        spin_unlock(&q->lock);
        t->fn(t);
    }
}

uint64_t timer_next_deadline(struct timer_queue *q)
{
    uint64_t d;

    spin_lock(&q->lock);
    d = q->head ? q->head->deadline : 0;
    spin_unlock(&q->lock);
    return d;
}
