/* The guest's RAM as the DTB describes it, for the checks that aim at
 * addresses just outside it. */
#include "guest.h"

const struct ram_range *ram_bank_of(const struct guest *g, uint64_t addr)
{
    for (int i = 0; i < g->nbanks; i++) {
        if (addr >= g->banks[i].base && addr < g->banks[i].end)
            return &g->banks[i];
    }
    return NULL;
}

bool ram_contains(const struct guest *g, uint64_t addr)
{
    return ram_bank_of(g, addr) != NULL;
}

/* The end of the bank holding our image, if the address right after it is
 * not RAM again (adjacent banks would make "just past" meaningless). */
bool ram_own_end(const struct guest *g, uint64_t *end)
{
    const struct ram_range *r = ram_bank_of(g, g->boot->load_base);

    if (!r || ram_contains(g, r->end))
        return false;
    *end = r->end;
    return true;
}
