/* Hypercall numbers Keel does not implement, inside and outside the table. */
#include "hello.h"

struct unknown_nr {
    uint64_t nr;
    const char *what;
};

static const struct unknown_nr unknown[] = {
    { HC_mmu_update, "hypercall 1 (mmu_update) -ENOSYS" },
    { 63, "hypercall 63 -ENOSYS" },
    { __HYPERVISOR_NR, "hypercall 64 -ENOSYS" },
    { 4096, "hypercall 4096 -ENOSYS" },
    { ~0ULL, "hypercall 0xffffffffffffffff -ENOSYS" },
};

void check_numbers(struct guest *g)
{
    for (size_t i = 0; i < sizeof(unknown) / sizeof(unknown[0]); i++)
        check_eq(g, unknown[i].what, hypercall(unknown[i].nr, 0, 0, 0, 0, 0),
                 -XEN_ENOSYS);
}
