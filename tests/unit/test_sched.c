/* Tests for xen/common/sched.c: homing, run-queue order, round robin, the
 * loaded flag and the kicks sent to other pCPUs. vCPUs are built by hand;
 * run queues are checked by walking them. */
#include <string.h>
#include <keel/domain.h>
#include <keel/sched.h>
#include "fake_arch.h"
#include "unit.h"

#define NV 8

struct fixture {
    struct scheduler s;
    struct domain d;
    struct vcpu v[NV];
};

static void setup(struct fixture *f, unsigned int nr_cpus, unsigned int nr_vcpus)
{
    fake_reset();
    memset(f, 0, sizeof(*f));
    sched_init(&f->s, nr_cpus);
    for (unsigned int i = 0; i < nr_vcpus; i++) {
        f->v[i].domain = &f->d;
        f->v[i].id = i;
        sched_add_vcpu(&f->s, &f->v[i]);
    }
}

/* Puts v on its queue whichever way it is off it: started if down,
 * woken if blocked. */
static void run(struct scheduler *s, struct vcpu *v)
{
    if (v->state == VCPU_DOWN)
        sched_start(s, v);
    else
        sched_wake(s, v);
}

/* The run queue of `cpu` as vCPU letters ("a" is v[0]), after checking
 * that its count, tail and members agree. */
static const char *queue(struct fixture *f, unsigned int cpu)
{
    static char buf[NV + 1];
    struct runqueue *rq = &f->s.rq[cpu];
    struct vcpu *last = NULL;
    unsigned int n = 0;

    for (struct vcpu *v = rq->head; v && n < NV; v = v->rq_next) {
        CU_ASSERT_EQUAL(v->state, VCPU_RUNNABLE);
        CU_ASSERT_EQUAL(v->pcpu, cpu);
        buf[n++] = (char)('a' + (v - f->v));
        last = v;
    }
    buf[n] = '\0';
    CU_ASSERT_EQUAL(rq->nr_runnable, n);
    CU_ASSERT_PTR_EQUAL(rq->tail, last);
    CU_ASSERT_EQUAL(fake_locks_held(), 0);
    return buf;
}

static void test_init_clamps_cpus(void)
{
    struct fixture f;

    setup(&f, 3, 0);
    CU_ASSERT_EQUAL(f.s.nr_cpus, 3);
    for (unsigned int c = 0; c < SCHED_CPUS_MAX; c++) {
        CU_ASSERT_PTR_NULL(sched_head(&f.s, c));
        CU_ASSERT_EQUAL(f.s.rq[c].nr_assigned, 0);
    }
    setup(&f, SCHED_CPUS_MAX + 5, 0);
    CU_ASSERT_EQUAL(f.s.nr_cpus, SCHED_CPUS_MAX);
}

static void test_homing_least_loaded(void)
{
    static const unsigned int want[7] = { 0, 1, 2, 0, 1, 2, 0 };
    struct fixture f;

    setup(&f, 3, 7);
    for (unsigned int i = 0; i < 7; i++) {
        CU_ASSERT_EQUAL(f.v[i].pcpu, want[i]);
        CU_ASSERT_EQUAL(f.v[i].state, VCPU_DOWN);
        CU_ASSERT_FALSE(f.v[i].loaded);
    }
    CU_ASSERT_EQUAL(f.s.rq[0].nr_assigned, 3);
    CU_ASSERT_EQUAL(f.s.rq[1].nr_assigned, 2);
    CU_ASSERT_EQUAL(f.s.rq[2].nr_assigned, 2);
    /* Homed, not queued: nothing runs until woken, and no pCPU is bothered. */
    for (unsigned int c = 0; c < 3; c++)
        CU_ASSERT_STRING_EQUAL(queue(&f, c), "");
    CU_ASSERT_EQUAL(fake_kicks_total(), 0);
    /* A pCPU beyond nr_cpus never gets one. */
    CU_ASSERT_EQUAL(f.s.rq[3].nr_assigned, 0);
}

static void test_homing_counts_assigned_not_runnable(void)
{
    struct fixture f;

    setup(&f, 2, 3);                    /* a, c on 0; b on 1 */
    run(&f.s, &f.v[1]);
    /* pCPU 0 runs nothing but is home to two vCPUs: 1 gets the next. */
    f.v[3].domain = &f.d;
    sched_add_vcpu(&f.s, &f.v[3]);
    CU_ASSERT_EQUAL(f.v[3].pcpu, 1);
    /* Removal frees a place; ties go to the lowest pCPU. */
    sched_remove_vcpu(&f.s, &f.v[0]);
    CU_ASSERT_EQUAL(f.s.rq[0].nr_assigned, 1);
    CU_ASSERT_EQUAL(f.s.rq[1].nr_assigned, 2);
    f.v[4].domain = &f.d;
    sched_add_vcpu(&f.s, &f.v[4]);
    CU_ASSERT_EQUAL(f.v[4].pcpu, 0);
    f.v[5].domain = &f.d;
    sched_add_vcpu(&f.s, &f.v[5]);
    CU_ASSERT_EQUAL(f.v[5].pcpu, 0);
    CU_ASSERT_EQUAL(f.s.rq[0].nr_assigned, 3);
}

static void test_wake_appends_once(void)
{
    struct fixture f;

    setup(&f, 1, 4);
    run(&f.s, &f.v[2]);
    run(&f.s, &f.v[0]);
    run(&f.s, &f.v[3]);
    CU_ASSERT_STRING_EQUAL(queue(&f, 0), "cad");
    CU_ASSERT_PTR_EQUAL(sched_head(&f.s, 0), &f.v[2]);
    /* Waking a runnable vCPU changes nothing. */
    run(&f.s, &f.v[0]);
    CU_ASSERT_STRING_EQUAL(queue(&f, 0), "cad");
    /* A blocked vCPU wakes to the tail. */
    sched_sleep(&f.s, &f.v[2], VCPU_BLOCKED);
    CU_ASSERT_EQUAL(f.v[2].state, VCPU_BLOCKED);
    CU_ASSERT_STRING_EQUAL(queue(&f, 0), "ad");
    run(&f.s, &f.v[2]);
    CU_ASSERT_STRING_EQUAL(queue(&f, 0), "adc");
}

static void test_sleep_unlinks_anywhere(void)
{
    struct fixture f;

    setup(&f, 1, 5);
    for (unsigned int i = 0; i < 4; i++)
        run(&f.s, &f.v[i]);
    CU_ASSERT_STRING_EQUAL(queue(&f, 0), "abcd");
    sched_sleep(&f.s, &f.v[1], VCPU_BLOCKED);      /* middle */
    CU_ASSERT_STRING_EQUAL(queue(&f, 0), "acd");
    sched_sleep(&f.s, &f.v[3], VCPU_DOWN);         /* tail */
    CU_ASSERT_STRING_EQUAL(queue(&f, 0), "ac");
    run(&f.s, &f.v[4]);                     /* tail was fixed up */
    CU_ASSERT_STRING_EQUAL(queue(&f, 0), "ace");
    sched_sleep(&f.s, &f.v[0], VCPU_BLOCKED);      /* head */
    CU_ASSERT_STRING_EQUAL(queue(&f, 0), "ce");
    sched_sleep(&f.s, &f.v[2], VCPU_BLOCKED);
    sched_sleep(&f.s, &f.v[4], VCPU_BLOCKED);      /* last one */
    CU_ASSERT_STRING_EQUAL(queue(&f, 0), "");
    CU_ASSERT_PTR_NULL(f.s.rq[0].head);
    run(&f.s, &f.v[1]);
    CU_ASSERT_STRING_EQUAL(queue(&f, 0), "b");
}

static void test_sleep_of_sleeping_vcpu(void)
{
    struct fixture f;

    setup(&f, 1, 3);
    run(&f.s, &f.v[0]);
    run(&f.s, &f.v[2]);
    sched_sleep(&f.s, &f.v[1], VCPU_BLOCKED);      /* was down: stays so */
    CU_ASSERT_EQUAL(f.v[1].state, VCPU_DOWN);
    CU_ASSERT_STRING_EQUAL(queue(&f, 0), "ac");
    sched_sleep(&f.s, &f.v[0], VCPU_BLOCKED);
    CU_ASSERT_EQUAL(f.v[0].state, VCPU_BLOCKED);
    CU_ASSERT_STRING_EQUAL(queue(&f, 0), "c");
    sched_sleep(&f.s, &f.v[0], VCPU_DOWN);
    CU_ASSERT_EQUAL(f.v[0].state, VCPU_DOWN);
    sched_sleep(&f.s, &f.v[1], VCPU_DOWN);
    CU_ASSERT_EQUAL(f.v[1].state, VCPU_DOWN);
    CU_ASSERT_STRING_EQUAL(queue(&f, 0), "c");
}

/* A domain shut down on one pCPU while its vCPU traps on another (a WFI
 * that blocks, an interrupt that wakes) must stay down: only a start
 * (PSCI CPU_ON, the toolstack) brings a down vCPU back. */
static void test_down_vcpu_not_revived(void)
{
    struct fixture f;

    setup(&f, 1, 2);
    sched_wake(&f.s, &f.v[0]);                     /* never started */
    CU_ASSERT_EQUAL(f.v[0].state, VCPU_DOWN);
    CU_ASSERT_STRING_EQUAL(queue(&f, 0), "");
    sched_start(&f.s, &f.v[0]);
    CU_ASSERT_STRING_EQUAL(queue(&f, 0), "a");
    sched_sleep(&f.s, &f.v[0], VCPU_DOWN);         /* the shutdown */
    sched_sleep(&f.s, &f.v[0], VCPU_BLOCKED);      /* its WFI, late */
    CU_ASSERT_EQUAL(f.v[0].state, VCPU_DOWN);
    sched_wake(&f.s, &f.v[0]);                     /* an interrupt, late */
    CU_ASSERT_EQUAL(f.v[0].state, VCPU_DOWN);
    CU_ASSERT_STRING_EQUAL(queue(&f, 0), "");
    /* A start is for down vCPUs only: a blocked one waits for its wake. */
    sched_start(&f.s, &f.v[1]);
    sched_sleep(&f.s, &f.v[1], VCPU_BLOCKED);
    sched_start(&f.s, &f.v[1]);
    CU_ASSERT_EQUAL(f.v[1].state, VCPU_BLOCKED);
    sched_wake(&f.s, &f.v[1]);
    CU_ASSERT_STRING_EQUAL(queue(&f, 0), "b");
}

static void test_yield_moves_to_tail(void)
{
    struct fixture f;

    setup(&f, 1, 4);
    for (unsigned int i = 0; i < 3; i++)
        run(&f.s, &f.v[i]);
    sched_rotate(&f.s, &f.v[0]);
    CU_ASSERT_STRING_EQUAL(queue(&f, 0), "bca");
    sched_rotate(&f.s, &f.v[2]);                    /* from the middle */
    CU_ASSERT_STRING_EQUAL(queue(&f, 0), "bac");
    sched_rotate(&f.s, &f.v[2]);                    /* already last */
    CU_ASSERT_STRING_EQUAL(queue(&f, 0), "bac");
    sched_rotate(&f.s, &f.v[3]);                    /* not runnable */
    CU_ASSERT_EQUAL(f.v[3].state, VCPU_DOWN);
    CU_ASSERT_STRING_EQUAL(queue(&f, 0), "bac");
    sched_sleep(&f.s, &f.v[0], VCPU_BLOCKED);
    sched_sleep(&f.s, &f.v[2], VCPU_BLOCKED);
    sched_rotate(&f.s, &f.v[1]);                    /* alone */
    CU_ASSERT_STRING_EQUAL(queue(&f, 0), "b");
}

static void test_round_robin(void)
{
    static const char order[] = "abcabca";
    struct fixture f;
    struct vcpu *cur = NULL;

    setup(&f, 1, 3);
    for (unsigned int i = 0; i < 3; i++)
        run(&f.s, &f.v[i]);
    /* What the slice timer does: yield the running vCPU, pick the next. */
    for (const char *o = order; *o; o++) {
        if (cur)
            sched_rotate(&f.s, cur);
        cur = sched_next(&f.s, 0, cur);
        CU_ASSERT_PTR_EQUAL_FATAL(cur, &f.v[*o - 'a']);
        CU_ASSERT_PTR_EQUAL(f.s.rq[0].current, cur);
        for (unsigned int i = 0; i < 3; i++)
            CU_ASSERT_EQUAL(f.v[i].loaded, &f.v[i] == cur);
    }
    CU_ASSERT_STRING_EQUAL(queue(&f, 0), "abc");
}

static void test_sched_next_does_not_claim(void)
{
    struct fixture f;

    setup(&f, 1, 2);
    run(&f.s, &f.v[0]);
    run(&f.s, &f.v[1]);
    /* Without a yield the head keeps its pCPU. */
    CU_ASSERT_PTR_EQUAL(sched_next(&f.s, 0, NULL), &f.v[0]);
    CU_ASSERT_PTR_EQUAL(sched_next(&f.s, 0, &f.v[0]), &f.v[0]);
    CU_ASSERT_TRUE(f.v[0].loaded);
    CU_ASSERT_FALSE(f.v[1].loaded);
    CU_ASSERT_STRING_EQUAL(queue(&f, 0), "ab");
    CU_ASSERT_PTR_EQUAL(sched_head(&f.s, 0), &f.v[0]);
}

static void test_loaded_flag(void)
{
    struct fixture f;

    setup(&f, 2, 4);                    /* a, c on 0; b, d on 1 */
    CU_ASSERT_PTR_NULL(sched_next(&f.s, 0, NULL));  /* idle */
    CU_ASSERT_PTR_NULL(f.s.rq[0].current);
    run(&f.s, &f.v[0]);
    CU_ASSERT_FALSE(f.v[0].loaded);     /* queued is not loaded */
    CU_ASSERT_PTR_EQUAL(sched_next(&f.s, 0, NULL), &f.v[0]);
    CU_ASSERT_TRUE(f.v[0].loaded);
    /* Taken off its queue it stays loaded until its pCPU leaves it... */
    sched_sleep(&f.s, &f.v[0], VCPU_BLOCKED);
    CU_ASSERT_TRUE(f.v[0].loaded);
    CU_ASSERT_PTR_EQUAL(f.s.rq[0].current, &f.v[0]);
    /* ...and then it is unloaded even though nothing replaces it. */
    CU_ASSERT_PTR_NULL(sched_next(&f.s, 0, &f.v[0]));
    CU_ASSERT_FALSE(f.v[0].loaded);
    CU_ASSERT_PTR_NULL(f.s.rq[0].current);
    /* Leaving one vCPU for another moves the flag. */
    run(&f.s, &f.v[0]);
    run(&f.s, &f.v[2]);
    CU_ASSERT_PTR_EQUAL(sched_next(&f.s, 0, NULL), &f.v[0]);
    sched_sleep(&f.s, &f.v[0], VCPU_DOWN);
    CU_ASSERT_PTR_EQUAL(sched_next(&f.s, 0, &f.v[0]), &f.v[2]);
    CU_ASSERT_FALSE(f.v[0].loaded);
    CU_ASSERT_TRUE(f.v[2].loaded);
    /* Each pCPU has its own current. */
    run(&f.s, &f.v[1]);
    CU_ASSERT_PTR_EQUAL(sched_next(&f.s, 1, NULL), &f.v[1]);
    CU_ASSERT_PTR_EQUAL(f.s.rq[0].current, &f.v[2]);
    CU_ASSERT_PTR_EQUAL(f.s.rq[1].current, &f.v[1]);
    CU_ASSERT_FALSE(f.v[3].loaded);
}

static void test_needs_slice(void)
{
    struct fixture f;

    setup(&f, 2, 4);                    /* a, c on 0; b, d on 1 */
    CU_ASSERT_FALSE(sched_needs_slice(&f.s, 0));
    run(&f.s, &f.v[0]);
    CU_ASSERT_FALSE(sched_needs_slice(&f.s, 0));
    run(&f.s, &f.v[1]);
    CU_ASSERT_FALSE(sched_needs_slice(&f.s, 0));   /* b is on pCPU 1 */
    run(&f.s, &f.v[2]);
    CU_ASSERT_TRUE(sched_needs_slice(&f.s, 0));
    CU_ASSERT_FALSE(sched_needs_slice(&f.s, 1));
    sched_sleep(&f.s, &f.v[0], VCPU_BLOCKED);
    CU_ASSERT_FALSE(sched_needs_slice(&f.s, 0));
    run(&f.s, &f.v[3]);
    CU_ASSERT_TRUE(sched_needs_slice(&f.s, 1));
}

static void test_queues_are_per_cpu(void)
{
    struct fixture f;

    setup(&f, 3, 6);                    /* a d | b e | c f */
    for (unsigned int i = 0; i < 6; i++)
        run(&f.s, &f.v[5 - i]);
    CU_ASSERT_STRING_EQUAL(queue(&f, 0), "da");
    CU_ASSERT_STRING_EQUAL(queue(&f, 1), "eb");
    CU_ASSERT_STRING_EQUAL(queue(&f, 2), "fc");
    sched_rotate(&f.s, &f.v[4]);
    CU_ASSERT_STRING_EQUAL(queue(&f, 1), "be");
    CU_ASSERT_STRING_EQUAL(queue(&f, 0), "da");
    CU_ASSERT_STRING_EQUAL(queue(&f, 2), "fc");
}

static void test_kicks_reach_home_cpu(void)
{
    struct fixture f;
    unsigned int total;

    setup(&f, 3, 3);                    /* a on 0, b on 1, c on 2 */
    fake_set_cpu(0);
    run(&f.s, &f.v[1]);
    CU_ASSERT_EQUAL(fake_kicks(1), 1);
    CU_ASSERT_EQUAL(fake_kicks_total(), 1);
    run(&f.s, &f.v[1]);                     /* already runnable */
    CU_ASSERT_EQUAL(fake_kicks_total(), 1);
    /* Taking a vCPU away from another pCPU must make it notice. */
    sched_sleep(&f.s, &f.v[1], VCPU_BLOCKED);
    CU_ASSERT_EQUAL(fake_kicks(1), 2);
    sched_sleep(&f.s, &f.v[2], VCPU_DOWN);         /* even if not queued */
    CU_ASSERT_EQUAL(fake_kicks(2), 1);
    /* The pCPU doing it reschedules on its way out: no kick to itself. */
    fake_set_cpu(2);
    run(&f.s, &f.v[2]);
    total = fake_kicks_total();
    sched_sleep(&f.s, &f.v[2], VCPU_BLOCKED);
    CU_ASSERT_EQUAL(fake_kicks_total(), total);
    /* Neither yield nor picking the next vCPU kicks anyone. */
    fake_set_cpu(1);
    run(&f.s, &f.v[0]);
    CU_ASSERT_EQUAL(fake_kicks(0), 1);
    total = fake_kicks_total();
    sched_rotate(&f.s, &f.v[0]);
    sched_next(&f.s, 0, NULL);
    sched_next(&f.s, 0, &f.v[0]);
    CU_ASSERT_EQUAL(fake_kicks_total(), total);
}

/* Regression: sched_wake() kicks the vCPU's home pCPU even when it
 * is the calling pCPU, unlike sched_sleep(); harmless only because the
 * arm64 arch_kick_cpu() drops kicks to itself. */
static void test_wake_on_own_cpu_sends_no_kick(void)
{
    struct fixture f;

    setup(&f, 2, 2);
    fake_set_cpu(1);
    run(&f.s, &f.v[1]);
    CU_ASSERT_EQUAL(fake_kicks_total(), 0);
    run(&f.s, &f.v[0]);
    CU_ASSERT_EQUAL(fake_kicks(0), 1);
    CU_ASSERT_EQUAL(fake_kicks_total(), 1);
}

/* A paused domain's vCPUs stay queued but are passed over. */
static void test_paused_domain_skipped(void)
{
    struct fixture f;
    struct domain other = { .id = 9 };

    setup(&f, 1, 3);
    f.v[1].domain = &other;
    for (unsigned int i = 0; i < 3; i++)
        run(&f.s, &f.v[i]);
    f.d.pause_count = 1;                            /* a and c */
    CU_ASSERT_PTR_EQUAL(sched_head(&f.s, 0), &f.v[1]);
    CU_ASSERT_PTR_EQUAL(sched_next(&f.s, 0, NULL), &f.v[1]);
    CU_ASSERT_FALSE(f.v[0].loaded);
    CU_ASSERT_STRING_EQUAL(queue(&f, 0), "abc");
    other.pause_count = 2;                          /* everyone: idle */
    CU_ASSERT_PTR_NULL(sched_next(&f.s, 0, &f.v[1]));
    CU_ASSERT_FALSE(f.v[1].loaded);
    CU_ASSERT_PTR_NULL(f.s.rq[0].current);
    f.d.pause_count = 0;
    CU_ASSERT_PTR_EQUAL(sched_next(&f.s, 0, NULL), &f.v[0]);
    CU_ASSERT_STRING_EQUAL(queue(&f, 0), "abc");
}

static void test_remove_vcpu(void)
{
    struct fixture f;

    setup(&f, 1, 3);
    for (unsigned int i = 0; i < 3; i++)
        run(&f.s, &f.v[i]);
    sched_remove_vcpu(&f.s, &f.v[1]);
    CU_ASSERT_EQUAL(f.v[1].state, VCPU_DOWN);
    CU_ASSERT_STRING_EQUAL(queue(&f, 0), "ac");
    CU_ASSERT_EQUAL(f.s.rq[0].nr_assigned, 2);
    sched_sleep(&f.s, &f.v[2], VCPU_DOWN);
    sched_remove_vcpu(&f.s, &f.v[2]);              /* not queued */
    CU_ASSERT_STRING_EQUAL(queue(&f, 0), "a");
    CU_ASSERT_EQUAL(f.s.rq[0].nr_assigned, 1);
}

UNIT_SUITE(sched,
           UNIT_TEST(test_init_clamps_cpus),
           UNIT_TEST(test_homing_least_loaded),
           UNIT_TEST(test_homing_counts_assigned_not_runnable),
           UNIT_TEST(test_wake_appends_once),
           UNIT_TEST(test_sleep_unlinks_anywhere),
           UNIT_TEST(test_sleep_of_sleeping_vcpu),
           UNIT_TEST(test_down_vcpu_not_revived),
           UNIT_TEST(test_yield_moves_to_tail),
           UNIT_TEST(test_round_robin),
           UNIT_TEST(test_sched_next_does_not_claim),
           UNIT_TEST(test_loaded_flag),
           UNIT_TEST(test_needs_slice),
           UNIT_TEST(test_queues_are_per_cpu),
           UNIT_TEST(test_kicks_reach_home_cpu),
           UNIT_TEST(test_wake_on_own_cpu_sends_no_kick),
           UNIT_TEST(test_paused_domain_skipped),
           UNIT_TEST(test_remove_vcpu))
