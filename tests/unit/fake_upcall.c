/* The fake arch's event upcall: counts arch_vcpu_raise_upcall per vCPU so
 * tests of event delivery can tell whether, and where, it fired. */
#include <CUnit/CUnit.h>
#include <keel/domain.h>

#define UPCALL_VCPUS_MAX 64

struct upcall_count {
    const struct vcpu *v;
    unsigned int n;
};

static struct upcall_count counts[UPCALL_VCPUS_MAX];
static unsigned int nr_counts;
static unsigned int total;

void arch_vcpu_raise_upcall(struct vcpu *v)
{
    unsigned int i;

    total++;
    for (i = 0; i < nr_counts; i++)
        if (counts[i].v == v)
            break;
    if (i == nr_counts) {
        if (nr_counts == UPCALL_VCPUS_MAX) {
            CU_FAIL("fake_upcall: too many vCPUs");
            return;
        }
        counts[nr_counts].v = v;
        counts[nr_counts++].n = 0;
    }
    counts[i].n++;
}

/* Upcalls raised on v since the last reset. */
unsigned int fake_upcalls(const struct vcpu *v)
{
    for (unsigned int i = 0; i < nr_counts; i++)
        if (counts[i].v == v)
            return counts[i].n;
    return 0;
}

unsigned int fake_upcalls_total(void)
{
    return total;
}

void fake_upcalls_reset(void)
{
    nr_counts = 0;
    total = 0;
}
