/* Tests for xen/common/domain.c: creation and its failure paths, look-up,
 * shutdown, reaping once no vCPU is loaded, and the power-off when the
 * last domain goes. */
#include <stdio.h>
#include <string.h>
#include <keel/domain.h>
#include <keel/errno.h>
#include <keel/event.h>
#include <keel/keel.h>
#include <public/event_channel.h>
#include <public/sched.h>
#include <public/shared_info.h>
#include "fake_arch.h"
#include "unit.h"

#define POOL (4u << 20)

static struct fake_keel fk;
static struct keel *const k = &fk.k;

static void setup(unsigned int nr_cpus)
{
    fake_reset();
    fake_keel_init(&fk, nr_cpus, POOL);
}

static bool logged(const char *text)
{
    return strstr(fake_console(), text) != NULL;
}

/* Runs the vCPU on its home pCPU, as the arch does after a wake. */
static void load(struct vcpu *v)
{
    struct vcpu *cur = k->sched.rq[v->pcpu].current;

    sched_start(&k->sched, v);
    CU_ASSERT_PTR_EQUAL(sched_next(&k->sched, v->pcpu, cur), v);
    CU_ASSERT_TRUE(v->loaded);
}

static void do_reap(void *arg)
{
    domain_reap(arg);
}

/* Its pCPU leaves the vCPU, then reaps, as the arch does when it leaves a
 * vCPU of a domain that is not running. */
static enum fake_end unload(struct vcpu *v)
{
    sched_next(&k->sched, v->pcpu, v);
    CU_ASSERT_FALSE(v->loaded);
    return fake_run(do_reap, k);
}

struct shutdown_args {
    struct domain *d;
    unsigned int reason;
    const char *why;
};

static void do_shutdown(void *arg)
{
    struct shutdown_args *a = arg;

    domain_shutdown(a->d, a->reason, a->why);
}

static enum fake_end shutdown(struct domain *d, unsigned int reason,
                              const char *why)
{
    struct shutdown_args a = { d, reason, why };

    return fake_run(do_shutdown, &a);
}

static void test_create(void)
{
    struct domain *d;

    setup(2);
    k->wallclock_sec = 0x123456789ULL;
    k->wallclock_nsec = 42;
    d = domain_create(k, 5, 3, true);
    CU_ASSERT_PTR_NOT_NULL_FATAL(d);
    CU_ASSERT_EQUAL(d->id, 5);
    CU_ASSERT_PTR_EQUAL(d->keel, k);
    CU_ASSERT_TRUE(d->privileged);
    CU_ASSERT_EQUAL(d->state, DOMAIN_RUNNING);
    CU_ASSERT_EQUAL(d->nr_vcpus, 3);
    CU_ASSERT_PTR_NOT_NULL(d->arch);
    for (unsigned int i = 0; i < 3; i++) {
        struct vcpu *v = d->vcpus[i];

        CU_ASSERT_PTR_NOT_NULL_FATAL(v);
        CU_ASSERT_PTR_EQUAL(v->domain, d);
        CU_ASSERT_EQUAL(v->id, i);
        CU_ASSERT_PTR_NOT_NULL(v->arch);
        CU_ASSERT_EQUAL(v->state, VCPU_DOWN);
        CU_ASSERT_FALSE(v->loaded);
        CU_ASSERT_EQUAL(v->pcpu, i % 2);    /* spread over the pCPUs */
    }
    CU_ASSERT_PTR_NULL(d->vcpus[3]);
    CU_ASSERT_PTR_NOT_NULL_FATAL(d->shared_info);
    CU_ASSERT_EQUAL(d->shared_info->wc_sec, 0x23456789u);
    CU_ASSERT_EQUAL(d->shared_info->wc_sec_hi, 1);
    CU_ASSERT_EQUAL(d->shared_info->wc_nsec, 42);
    CU_ASSERT_EQUAL(d->shared_info_gfn, ~0ULL);
    CU_ASSERT_PTR_NOT_NULL(d->evtchn);
    CU_ASSERT_PTR_NOT_NULL(d->grant);
    CU_ASSERT_PTR_EQUAL(domain_find(k, 5), d);
    CU_ASSERT_EQUAL(k->nr_domains, 1);
    CU_ASSERT_EQUAL(fake_live_domains(), 1);
    CU_ASSERT_EQUAL(fake_live_vcpus(), 3);
    CU_ASSERT_EQUAL(fake_locks_held(), 0);
    d = domain_create(k, 6, 1, false);
    CU_ASSERT_PTR_NOT_NULL_FATAL(d);
    CU_ASSERT_FALSE(d->privileged);
    CU_ASSERT_EQUAL(k->nr_domains, 2);
    fake_keel_fini(&fk);
}

static void test_create_rejects_bad_requests(void)
{
    unsigned int pages;

    setup(1);
    CU_ASSERT_PTR_NOT_NULL_FATAL(domain_create(k, 1, 1, false));
    pages = (unsigned int)k->heap.pages;
    CU_ASSERT_PTR_NULL(domain_create(k, 1, 1, false));      /* duplicate */
    CU_ASSERT_PTR_NULL(domain_create(k, 2, 0, false));
    CU_ASSERT_PTR_NULL(domain_create(k, 2, DOMAIN_MAX_VCPUS + 1, false));
    CU_ASSERT_PTR_NULL(domain_create(k, 2, ~0u, false));
    /* Refused before anything was allocated or asked of the arch. */
    CU_ASSERT_EQUAL(fake_domain_creates(), 1);
    CU_ASSERT_EQUAL(k->heap.pages, pages);
    CU_ASSERT_EQUAL(k->nr_domains, 1);
    CU_ASSERT_PTR_NOT_NULL(domain_create(k, 2, DOMAIN_MAX_VCPUS, false));
    CU_ASSERT_EQUAL(fake_live_vcpus(), 1 + DOMAIN_MAX_VCPUS);
    fake_keel_fini(&fk);
}

static void test_create_arch_failures_undone(void)
{
    setup(2);
    fake_fail_domain_create(-ENOMEM);
    CU_ASSERT_PTR_NULL(domain_create(k, 1, 2, false));
    CU_ASSERT_EQUAL(fake_vcpu_creates(), 0);
    fake_fail_vcpu_create(0, -EINVAL);
    CU_ASSERT_PTR_NULL(domain_create(k, 1, 3, false));
    fake_fail_vcpu_create(2, -ENOMEM);                       /* the last */
    CU_ASSERT_PTR_NULL(domain_create(k, 1, 3, false));
    CU_ASSERT_EQUAL(fake_vcpu_creates(), 1 + 3);
    CU_ASSERT_EQUAL(fake_live_domains(), 0);
    CU_ASSERT_EQUAL(fake_live_vcpus(), 0);
    CU_ASSERT_EQUAL(k->heap.pages, 0);
    CU_ASSERT_EQUAL(k->nr_domains, 0);
    CU_ASSERT_PTR_NULL(domain_find(k, 1));
    for (unsigned int c = 0; c < 2; c++)
        CU_ASSERT_EQUAL(k->sched.rq[c].nr_assigned, 0);
    /* Nothing stuck: the same id works now. */
    CU_ASSERT_PTR_NOT_NULL(domain_create(k, 1, 3, false));
    fake_keel_fini(&fk);
}

#define SMALL_POOL (1u << 20)

static paddr_t hoard[SMALL_POOL / PAGE_SIZE];

/* Leaves exactly `budget` free pages in the pool; the rest go to hoard. */
static unsigned int starve(unsigned int budget)
{
    unsigned int n = 0;

    while (n < ARRAY_SIZE(hoard) && page_alloc(&k->pool, 0, &hoard[n]) == 0)
        n++;
    CU_ASSERT_FATAL(n >= budget);
    for (unsigned int i = 0; i < budget; i++)
        CU_ASSERT_EQUAL(page_free(&k->pool, hoard[--n], 0), 0);
    return n;
}

/* Every memory budget too small for a domain fails cleanly, wherever in
 * creation it runs out (domain, vCPUs, shared_info, event channels,
 * grant table). */
static void test_create_out_of_memory_at_every_step(void)
{
    bool past_arch = false, past_vcpus = false, created = false;

    for (unsigned int budget = 0; budget < ARRAY_SIZE(hoard) && !created;
         budget++) {
        unsigned int hoarded;

        fake_reset();
        fake_keel_init(&fk, 2, SMALL_POOL);
        hoarded = starve(budget);
        created = domain_create(k, 3, 4, true) != NULL;
        if (!created) {
            past_arch |= fake_domain_creates() > 0;
            past_vcpus |= fake_vcpu_creates() == 4;
            CU_ASSERT_EQUAL(page_pool_free_pages(&k->pool), budget);
            CU_ASSERT_EQUAL(k->heap.pages, 0);
            CU_ASSERT_EQUAL(k->heap.bad_frees, 0);
            CU_ASSERT_EQUAL(fake_live_domains(), 0);
            CU_ASSERT_EQUAL(fake_live_vcpus(), 0);
            CU_ASSERT_EQUAL(fake_locks_held(), 0);
            CU_ASSERT_EQUAL(k->nr_domains, 0);
            CU_ASSERT_EQUAL(k->sched.rq[0].nr_assigned, 0);
        }
        while (hoarded)
            CU_ASSERT_EQUAL(page_free(&k->pool, hoard[--hoarded], 0), 0);
        fake_keel_fini(&fk);
    }
    CU_ASSERT_TRUE(created);
    CU_ASSERT_TRUE(past_arch);
    CU_ASSERT_TRUE(past_vcpus);
}

static void test_find(void)
{
    struct domain *a, *b;

    setup(1);
    CU_ASSERT_PTR_NULL(domain_find(k, 0));
    a = domain_create(k, 0, 1, true);
    b = domain_create(k, 9, 1, false);
    CU_ASSERT_PTR_EQUAL(domain_find(k, 0), a);
    CU_ASSERT_PTR_EQUAL(domain_find(k, 9), b);
    CU_ASSERT_PTR_NULL(domain_find(k, 1));
    CU_ASSERT_PTR_NULL(domain_find(k, 0xffff));
    /* A domain on its way out is not found any more. */
    load(b->vcpus[0]);
    CU_ASSERT_EQUAL(shutdown(b, SHUTDOWN_poweroff, NULL), FAKE_RETURNED);
    CU_ASSERT_EQUAL(b->state, DOMAIN_SHUTDOWN);
    CU_ASSERT_PTR_NULL(domain_find(k, 9));
    CU_ASSERT_EQUAL(fake_locks_held(), 0);
    fake_keel_fini(&fk);
}

static void destroy_request(struct domain *d)
{
    domain_destroy_request(d);
    CU_ASSERT_EQUAL(fake_locks_held(), 0);
}

/* While dom0 runs, a shut-down domain waits for the toolstack to destroy
 * it (xl reads its state first), however idle it is. */
static void test_shutdown_waits_for_toolstack(void)
{
    struct domain *d;

    setup(2);
    domain_create(k, 0, 1, true);
    d = domain_create(k, 1, 2, false);
    CU_ASSERT_PTR_NOT_NULL_FATAL(d);
    sched_start(&k->sched, d->vcpus[1]);    /* runnable, never loaded */
    CU_ASSERT_EQUAL(shutdown(d, SHUTDOWN_reboot, NULL), FAKE_RETURNED);
    CU_ASSERT_EQUAL(d->state, DOMAIN_SHUTDOWN);
    CU_ASSERT_EQUAL(d->shutdown_reason, SHUTDOWN_reboot);
    CU_ASSERT_EQUAL(d->vcpus[1]->state, VCPU_DOWN);
    CU_ASSERT_PTR_NULL(sched_head(&k->sched, d->vcpus[1]->pcpu));
    CU_ASSERT_PTR_NULL(domain_find(k, 1));
    CU_ASSERT_TRUE(logged("(keel) d1: shut down (reboot)\n"));
    CU_ASSERT_EQUAL(fake_run(do_reap, k), FAKE_RETURNED);
    CU_ASSERT_EQUAL(k->nr_domains, 2);
    CU_ASSERT_EQUAL(fake_live_domains(), 2);
    destroy_request(d);
    CU_ASSERT_EQUAL(k->nr_domains, 1);
    CU_ASSERT_EQUAL(fake_live_domains(), 1);
    CU_ASSERT_EQUAL(fake_live_vcpus(), 1);
    CU_ASSERT_EQUAL(k->sched.rq[0].nr_assigned + k->sched.rq[1].nr_assigned, 1);
    CU_ASSERT_TRUE(logged("(keel) d1: destroyed\n"));
    CU_ASSERT_FALSE(logged("powering off"));
    fake_keel_fini(&fk);
}

/* With no control domain to ask, a shut-down domain goes at once. */
static void test_shutdown_without_dom0_frees_at_once(void)
{
    struct domain *d;

    setup(1);
    domain_create(k, 2, 1, false);
    d = domain_create(k, 1, 1, false);
    CU_ASSERT_EQUAL(shutdown(d, SHUTDOWN_crash, "oops"), FAKE_RETURNED);
    CU_ASSERT_EQUAL(k->nr_domains, 1);
    CU_ASSERT_EQUAL(fake_live_domains(), 1);
    CU_ASSERT_TRUE(logged("(keel) d1: shut down (crash): oops\n"));
    fake_keel_fini(&fk);
}

static bool dom_exc_pending(struct domain *d0, uint32_t port)
{
    return d0->shared_info->evtchn_pending[port / 64] & (1ULL << (port % 64));
}

/* dom0's daemons keep a shut-down domain's rings mapped until they hear
 * it is dying; the destroy request of an already shut-down domain must
 * tell them (VIRQ_DOM_EXC), or the domain is never freed. */
static void test_destroy_of_shut_down_domain_tells_dom0(void)
{
    struct domain *d0, *d;
    uint32_t port;

    setup(1);
    d0 = domain_create(k, 0, 1, true);
    d = domain_create(k, 1, 1, false);
    CU_ASSERT_PTR_NOT_NULL_FATAL(d);
    CU_ASSERT_EQUAL_FATAL(evtchn_bind_virq(d0, VIRQ_DOM_EXC, 0, &port), 0);
    CU_ASSERT_EQUAL(shutdown(d, SHUTDOWN_reboot, NULL), FAKE_RETURNED);
    CU_ASSERT_TRUE(dom_exc_pending(d0, port));
    memset(d0->shared_info->evtchn_pending, 0, sizeof(d0->shared_info->evtchn_pending));
    CU_ASSERT_PTR_EQUAL(domain_get(k, 1), d);  /* a holder keeps it */
    destroy_request(d);
    CU_ASSERT_TRUE(dom_exc_pending(d0, port));
    CU_ASSERT_EQUAL(k->nr_domains, 2);
    domain_put(d);
    CU_ASSERT_EQUAL(k->nr_domains, 1);
    fake_keel_fini(&fk);
}

static void test_destroy_request_of_running_domain(void)
{
    struct domain *d;

    setup(1);
    domain_create(k, 0, 1, true);
    d = domain_create(k, 3, 1, false);
    destroy_request(d);
    CU_ASSERT_EQUAL(k->nr_domains, 1);
    CU_ASSERT_PTR_NULL(domain_find(k, 3));
    CU_ASSERT_TRUE(logged("(keel) d3: shut down (poweroff): destroyed by the toolstack\n"));
    fake_keel_fini(&fk);
}

static void test_reap_waits_for_every_loaded_vcpu(void)
{
    struct domain *d;

    setup(2);
    domain_create(k, 0, 1, true);
    d = domain_create(k, 4, 2, false);
    CU_ASSERT_PTR_NOT_NULL_FATAL(d);
    load(d->vcpus[0]);                  /* on pCPU 1, dom0 has 0 */
    load(d->vcpus[1]);                  /* on pCPU 0 */
    CU_ASSERT_NOT_EQUAL(d->vcpus[0]->pcpu, d->vcpus[1]->pcpu);
    fake_set_cpu(d->vcpus[1]->pcpu);
    CU_ASSERT_EQUAL(shutdown(d, SHUTDOWN_crash, "test"), FAKE_RETURNED);
    for (unsigned int i = 0; i < 2; i++) {
        CU_ASSERT_EQUAL(d->vcpus[i]->state, VCPU_DOWN);
        CU_ASSERT_TRUE(d->vcpus[i]->loaded);
    }
    CU_ASSERT_PTR_NULL(sched_head(&k->sched, 0));
    CU_ASSERT_PTR_NULL(sched_head(&k->sched, 1));
    /* The other pCPU was told to stop running the domain. */
    CU_ASSERT_EQUAL(fake_kicks(d->vcpus[0]->pcpu), 2);     /* wake, sleep */
    destroy_request(d);
    CU_ASSERT_TRUE(d->destroy_requested);
    CU_ASSERT_EQUAL(d->shutdown_reason, SHUTDOWN_crash);    /* kept */
    CU_ASSERT_EQUAL(fake_live_domains(), 2);
    CU_ASSERT_EQUAL(unload(d->vcpus[0]), FAKE_RETURNED);
    CU_ASSERT_EQUAL(fake_live_domains(), 2);               /* one left */
    CU_ASSERT_EQUAL(k->nr_domains, 2);
    CU_ASSERT_EQUAL(unload(d->vcpus[1]), FAKE_RETURNED);
    CU_ASSERT_EQUAL(fake_live_domains(), 1);
    CU_ASSERT_EQUAL(fake_live_vcpus(), 1);
    CU_ASSERT_EQUAL(k->nr_domains, 1);
    fake_keel_fini(&fk);
}

static void test_second_shutdown_ignored(void)
{
    struct domain *d;

    setup(1);
    domain_create(k, 0, 1, true);
    d = domain_create(k, 2, 1, false);
    CU_ASSERT_EQUAL(shutdown(d, SHUTDOWN_watchdog, NULL), FAKE_RETURNED);
    fake_console_clear();
    CU_ASSERT_EQUAL(shutdown(d, SHUTDOWN_poweroff, NULL), FAKE_RETURNED);
    CU_ASSERT_EQUAL(d->shutdown_reason, SHUTDOWN_watchdog);
    CU_ASSERT_EQUAL(fake_console_len(), 0);
    CU_ASSERT_EQUAL(k->nr_domains, 2);
    fake_keel_fini(&fk);
}

static void test_reason_names(void)
{
    static const char *const names[] = {
        "poweroff", "reboot", "suspend", "crash", "watchdog", "soft_reset", "?",
    };
    char line[64];

    setup(1);
    domain_create(k, 0, 1, true);
    for (unsigned int r = 0; r < ARRAY_SIZE(names); r++) {
        struct domain *d = domain_create(k, 1, 1, false);

        CU_ASSERT_PTR_NOT_NULL_FATAL(d);
        CU_ASSERT_EQUAL(shutdown(d, r == 6 ? 77 : r, NULL), FAKE_RETURNED);
        snprintf(line, sizeof(line), "(keel) d1: shut down (%s)\n", names[r]);
        CU_ASSERT_TRUE(logged(line));
        destroy_request(d);
    }
    fake_keel_fini(&fk);
}

/* dom0 owns the machine: when it stops, every domain stops, and the
 * machine powers off (or resets, if dom0 rebooted). */
static void dom0_goes(unsigned int reason, enum fake_end want, const char *msg)
{
    struct domain *d0, *a;

    setup(2);
    d0 = domain_create(k, 0, 2, true);
    a = domain_create(k, 1, 1, false);
    CU_ASSERT_PTR_NOT_NULL_FATAL(domain_create(k, 2, 1, false));
    load(a->vcpus[0]);
    CU_ASSERT_EQUAL(shutdown(d0, reason, NULL), FAKE_RETURNED);
    CU_ASSERT_EQUAL(a->state, DOMAIN_SHUTDOWN);
    CU_ASSERT_EQUAL(a->shutdown_reason, SHUTDOWN_poweroff);
    CU_ASSERT_TRUE(logged("(keel) d1: shut down (poweroff): dom0 is gone\n"));
    CU_ASSERT_TRUE(logged("(keel) d2: shut down (poweroff): dom0 is gone\n"));
    /* Only a's loaded vCPU holds the machine up now. */
    CU_ASSERT_EQUAL(k->nr_domains, 1);
    CU_ASSERT_FALSE(logged(msg));
    CU_ASSERT_EQUAL(unload(a->vcpus[0]), want);
    CU_ASSERT_TRUE(logged(msg));
    CU_ASSERT_PTR_NULL(k->domains);
    CU_ASSERT_EQUAL(fake_live_domains(), 0);
    CU_ASSERT_EQUAL(k->heap.pages, 0);
    CU_ASSERT_EQUAL(fake_locks_held(), 0);
    fake_keel_fini(&fk);
}

static void test_dom0_poweroff_takes_all(void)
{
    dom0_goes(SHUTDOWN_poweroff, FAKE_POWERED_OFF,
              "(keel) no domains left, powering off\n");
}

static void test_dom0_reboot_resets(void)
{
    dom0_goes(SHUTDOWN_reboot, FAKE_REBOOTED, "(keel) no domains left, rebooting\n");
}

static void test_dom0_crash_powers_off(void)
{
    dom0_goes(SHUTDOWN_crash, FAKE_POWERED_OFF,
              "(keel) no domains left, powering off\n");
}

static void test_last_domain_powers_off(void)
{
    struct domain *a, *b;

    setup(1);
    a = domain_create(k, 1, 2, false);
    b = domain_create(k, 2, 1, false);
    CU_ASSERT_EQUAL(shutdown(a, SHUTDOWN_reboot, NULL), FAKE_RETURNED);
    CU_ASSERT_FALSE(logged("no domains left"));
    CU_ASSERT_EQUAL(shutdown(b, SHUTDOWN_poweroff, NULL), FAKE_POWERED_OFF);
    CU_ASSERT_TRUE(logged("(keel) d2: destroyed\n(keel) no domains left, powering off\n"));
    /* Everything was freed before the machine went off. */
    CU_ASSERT_PTR_NULL(k->domains);
    CU_ASSERT_EQUAL(k->nr_domains, 0);
    CU_ASSERT_EQUAL(fake_live_domains(), 0);
    CU_ASSERT_EQUAL(k->heap.pages, 0);
    CU_ASSERT_EQUAL(fake_locks_held(), 0);
    fake_keel_fini(&fk);
}

static void test_last_domain_powers_off_when_unloaded(void)
{
    struct domain *d;

    setup(1);
    d = domain_create(k, 0, 1, true);
    load(d->vcpus[0]);
    CU_ASSERT_EQUAL(shutdown(d, SHUTDOWN_poweroff, NULL), FAKE_RETURNED);
    CU_ASSERT_EQUAL(k->nr_domains, 1);
    CU_ASSERT_EQUAL(unload(d->vcpus[0]), FAKE_POWERED_OFF);
    CU_ASSERT_EQUAL(k->nr_domains, 0);
    CU_ASSERT_EQUAL(fake_live_domains(), 0);
    fake_keel_fini(&fk);
}

static void test_reap_with_nothing_to_do(void)
{
    setup(1);
    /* No domain yet (boot): nothing to reap, and no power-off. */
    CU_ASSERT_EQUAL(fake_run(do_reap, k), FAKE_RETURNED);
    domain_create(k, 0, 1, true);
    CU_ASSERT_EQUAL(fake_run(do_reap, k), FAKE_RETURNED);
    CU_ASSERT_EQUAL(k->nr_domains, 1);
    fake_keel_fini(&fk);
}

static void test_one_reap_frees_several(void)
{
    struct domain *a, *b;

    setup(2);
    domain_create(k, 0, 1, true);
    a = domain_create(k, 1, 1, false);
    b = domain_create(k, 2, 1, false);
    load(a->vcpus[0]);
    load(b->vcpus[0]);
    destroy_request(a);
    destroy_request(b);
    CU_ASSERT_EQUAL(k->nr_domains, 3);
    /* Unload both behind the reaper's back, then one reap takes both. */
    sched_next(&k->sched, a->vcpus[0]->pcpu, a->vcpus[0]);
    sched_next(&k->sched, b->vcpus[0]->pcpu, b->vcpus[0]);
    CU_ASSERT_EQUAL(fake_run(do_reap, k), FAKE_RETURNED);
    CU_ASSERT_EQUAL(k->nr_domains, 1);
    CU_ASSERT_EQUAL(fake_live_domains(), 1);
    fake_keel_fini(&fk);
}

/* A domain_get reference keeps even a destroyed, idle domain allocated. */
static void test_get_and_put(void)
{
    struct domain *d;

    setup(1);
    domain_create(k, 0, 1, true);
    d = domain_create(k, 1, 1, false);
    CU_ASSERT_PTR_NULL(domain_get(k, 2));
    CU_ASSERT_PTR_EQUAL(domain_get(k, 1), d);
    CU_ASSERT_PTR_EQUAL(domain_get(k, 1), d);
    CU_ASSERT_EQUAL(d->refs, 2);
    destroy_request(d);
    CU_ASSERT_PTR_NULL(domain_find(k, 1));
    CU_ASSERT_PTR_EQUAL(domain_get(k, 1), d);  /* shut down: still got */
    domain_put(d);
    domain_put(d);
    CU_ASSERT_EQUAL(k->nr_domains, 2);
    CU_ASSERT_EQUAL(fake_locks_held(), 0);
    domain_put(d);                              /* the last one frees */
    CU_ASSERT_EQUAL(k->nr_domains, 1);
    CU_ASSERT_EQUAL(fake_live_domains(), 1);
    fake_keel_fini(&fk);
}

static void test_free_id(void)
{
    struct domain *d;

    setup(1);
    CU_ASSERT_EQUAL(domain_free_id(k), 1);
    domain_create(k, 0, 1, true);
    domain_create(k, 1, 1, false);
    d = domain_create(k, 2, 1, false);
    domain_create(k, 4, 1, false);
    CU_ASSERT_EQUAL(domain_free_id(k), 3);
    domain_create(k, 3, 1, false);
    CU_ASSERT_EQUAL(domain_free_id(k), 5);
    /* A dying domain's id is not free until it is gone. */
    load(d->vcpus[0]);
    destroy_request(d);
    CU_ASSERT_EQUAL(domain_free_id(k), 5);
    CU_ASSERT_EQUAL(unload(d->vcpus[0]), FAKE_RETURNED);
    CU_ASSERT_EQUAL(domain_free_id(k), 2);
    fake_keel_fini(&fk);
}

static void test_pause(void)
{
    struct domain *d0, *d;

    setup(2);
    d0 = domain_create(k, 0, 1, true);          /* pCPU 0 */
    d = domain_create(k, 1, 2, false);          /* pCPUs 1 and 0 */
    sched_start(&k->sched, d->vcpus[1]);
    sched_start(&k->sched, d0->vcpus[0]);
    CU_ASSERT_PTR_EQUAL(sched_head(&k->sched, 0), d->vcpus[1]);
    domain_pause(d);
    domain_pause(d);
    CU_ASSERT_EQUAL(d->pause_count, 2);
    /* Its pCPUs were told, and skip it while it stays queued. */
    CU_ASSERT(fake_kicks(1) >= 2);
    CU_ASSERT_PTR_EQUAL(sched_head(&k->sched, 0), d0->vcpus[0]);
    CU_ASSERT_PTR_EQUAL(sched_next(&k->sched, 0, NULL), d0->vcpus[0]);
    CU_ASSERT_EQUAL(d->vcpus[1]->state, VCPU_RUNNABLE);
    CU_ASSERT_FALSE(d->vcpus[1]->loaded);
    domain_unpause(d);
    CU_ASSERT_PTR_EQUAL(sched_head(&k->sched, 0), d0->vcpus[0]);
    domain_unpause(d);
    CU_ASSERT_EQUAL(d->pause_count, 0);
    CU_ASSERT_PTR_EQUAL(sched_head(&k->sched, 0), d->vcpus[1]);
    domain_unpause(d);                          /* never below 0 */
    CU_ASSERT_EQUAL(d->pause_count, 0);
    CU_ASSERT_EQUAL(fake_locks_held(), 0);
    fake_keel_fini(&fk);
}

/* Regression: domain_create() checks the id against running
 * domains only (domain_find), so the id of a domain that is shut down but
 * not yet destroyed is handed out again and two domains with one id sit on
 * the list; domain_get() then finds the old one. domain_free_id() does
 * count dying domains, and Xen refuses such an id until it is destroyed. */
static void test_id_of_dying_domain_not_reused(void)
{
    struct domain *d;

    setup(1);
    domain_create(k, 0, 1, true);
    d = domain_create(k, 1, 1, false);
    CU_ASSERT_EQUAL(shutdown(d, SHUTDOWN_poweroff, NULL), FAKE_RETURNED);
    CU_ASSERT_EQUAL(d->state, DOMAIN_SHUTDOWN);
    CU_ASSERT_PTR_NULL(domain_create(k, 1, 1, false));
    destroy_request(d);
    CU_ASSERT_PTR_NOT_NULL(domain_create(k, 1, 1, false));
    fake_keel_fini(&fk);
}

UNIT_SUITE(domain,
           UNIT_TEST(test_create),
           UNIT_TEST(test_create_rejects_bad_requests),
           UNIT_TEST(test_create_arch_failures_undone),
           UNIT_TEST(test_create_out_of_memory_at_every_step),
           UNIT_TEST(test_find),
           UNIT_TEST(test_shutdown_waits_for_toolstack),
           UNIT_TEST(test_shutdown_without_dom0_frees_at_once),
           UNIT_TEST(test_destroy_request_of_running_domain),
           UNIT_TEST(test_destroy_of_shut_down_domain_tells_dom0),
           UNIT_TEST(test_reap_waits_for_every_loaded_vcpu),
           UNIT_TEST(test_second_shutdown_ignored),
           UNIT_TEST(test_reason_names),
           UNIT_TEST(test_dom0_poweroff_takes_all),
           UNIT_TEST(test_dom0_reboot_resets),
           UNIT_TEST(test_dom0_crash_powers_off),
           UNIT_TEST(test_last_domain_powers_off),
           UNIT_TEST(test_last_domain_powers_off_when_unloaded),
           UNIT_TEST(test_reap_with_nothing_to_do),
           UNIT_TEST(test_one_reap_frees_several),
           UNIT_TEST(test_get_and_put),
           UNIT_TEST(test_free_id),
           UNIT_TEST(test_pause),
           UNIT_TEST(test_id_of_dying_domain_not_reused))
