/* Tests for xen/common/domain_hold.c: a domain a hypercall names stays
 * allocated until the hypercall returns, even when another pCPU destroys
 * it meanwhile; the dispatcher lets go of it. */
#include <string.h>
#include <keel/domain.h>
#include <keel/hypercall.h>
#include <keel/keel.h>
#include <keel/errno.h>
#include <public/event_channel.h>
#include <public/sched.h>
#include <public/xen.h>
#include "fake_arch.h"
#include "unit.h"

#define POOL (4u << 20)

static struct fake_keel fk;
static struct keel *const k = &fk.k;

static struct domain *setup(unsigned int nr_domus)
{
    fake_reset();
    fake_keel_init(&fk, 2, POOL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(domain_create(k, 0, 1, true));
    for (unsigned int i = 1; i <= nr_domus; i++)
        CU_ASSERT_PTR_NOT_NULL_FATAL(domain_create(k, (uint16_t)i, 1, false));
    return domain_find(k, 1);
}

static void test_hold_outlives_destroy(void)
{
    struct domain *d = setup(1);

    CU_ASSERT_PTR_EQUAL(domain_hold(k, 1), d);
    CU_ASSERT_EQUAL(d->refs, 1);
    /* The toolstack destroys it while the hypercall still uses it. */
    domain_destroy_request(d);
    CU_ASSERT_EQUAL(k->nr_domains, 2);
    CU_ASSERT_EQUAL(d->state, DOMAIN_SHUTDOWN);
    /* Shut down: no longer found, even by the pCPU that holds it. */
    CU_ASSERT_PTR_NULL(domain_hold(k, 1));
    domain_release_holds(k);
    CU_ASSERT_EQUAL(k->nr_domains, 1);
    CU_ASSERT_EQUAL(k->holds[0].n, 0);
    fake_keel_fini(&fk);
}

static void test_hold_once_per_domain(void)
{
    struct domain *d = setup(1);

    for (unsigned int i = 0; i < 100; i++)
        CU_ASSERT_PTR_EQUAL(domain_hold(k, 1), d);
    CU_ASSERT_EQUAL(d->refs, 1);
    CU_ASSERT_EQUAL(k->holds[0].n, 1);
    domain_release_holds(k);
    CU_ASSERT_EQUAL(d->refs, 0);
    fake_keel_fini(&fk);
}

static void test_hold_absent_or_dying(void)
{
    struct domain *d = setup(2);
    struct domain *d2 = domain_find(k, 2);

    CU_ASSERT_PTR_NULL(domain_hold(k, 7));
    domain_shutdown(d2, SHUTDOWN_crash, NULL);  /* waits for the toolstack */
    CU_ASSERT_PTR_NULL(domain_hold(k, 2));
    CU_ASSERT_EQUAL(d2->refs, 0);
    CU_ASSERT_EQUAL(k->holds[0].n, 0);
    CU_ASSERT_EQUAL(d->refs, 0);
    fake_keel_fini(&fk);
}

/* Holds are per pCPU: one pCPU letting go leaves the other's alone. */
static void test_holds_per_cpu(void)
{
    struct domain *d = setup(1);

    fake_set_cpu(1);
    CU_ASSERT_PTR_EQUAL(domain_hold(k, 1), d);
    fake_set_cpu(0);
    CU_ASSERT_PTR_EQUAL(domain_hold(k, 1), d);
    CU_ASSERT_EQUAL(d->refs, 2);
    domain_release_holds(k);
    CU_ASSERT_EQUAL(d->refs, 1);
    fake_set_cpu(1);
    domain_release_holds(k);
    CU_ASSERT_EQUAL(d->refs, 0);
    fake_set_cpu(0);
    fake_keel_fini(&fk);
}

static void test_hold_limit(void)
{
    setup(DOMAIN_HOLDS_MAX + 1);
    for (uint16_t id = 1; id <= DOMAIN_HOLDS_MAX; id++)
        CU_ASSERT_PTR_NOT_NULL(domain_hold(k, id));
    CU_ASSERT_PTR_NULL(domain_hold(k, DOMAIN_HOLDS_MAX + 1));
    CU_ASSERT_EQUAL(domain_find(k, DOMAIN_HOLDS_MAX + 1)->refs, 0);
    /* One already held still answers. */
    CU_ASSERT_PTR_NOT_NULL(domain_hold(k, 3));
    domain_release_holds(k);
    for (uint16_t id = 1; id <= DOMAIN_HOLDS_MAX; id++)
        CU_ASSERT_EQUAL(domain_find(k, id)->refs, 0);
    fake_keel_fini(&fk);
}

/* The dispatcher lets go of what the hypercall held, whatever it returned. */
static void test_dispatch_releases(void)
{
    struct domain *d = setup(1);
    uint64_t args[HYPERCALL_ARGS] = { EVTCHNOP_status, 0xdead0000ULL };

    CU_ASSERT_PTR_EQUAL(domain_hold(k, 1), d);   /* as if named earlier */
    CU_ASSERT_EQUAL(hypercall_dispatch(domain_find(k, 0)->vcpus[0],
                                       __HYPERVISOR_event_channel_op, args),
                    -EFAULT);
    CU_ASSERT_EQUAL(d->refs, 0);
    CU_ASSERT_EQUAL(k->holds[0].n, 0);
    fake_keel_fini(&fk);
}

UNIT_SUITE(domain_hold,
           UNIT_TEST(test_hold_outlives_destroy),
           UNIT_TEST(test_hold_once_per_domain),
           UNIT_TEST(test_hold_absent_or_dying),
           UNIT_TEST(test_holds_per_cpu),
           UNIT_TEST(test_hold_limit),
           UNIT_TEST(test_dispatch_releases))
