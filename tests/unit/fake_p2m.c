/* The host's stand-in for stage 2: a hash of (domain, gfn) -> page, each
 * entry RAM (writable or read-only) or a device, so that common code that
 * maps, unmaps and looks up guest frames runs in unit tests. Host
 * "physical" addresses are host pointers, as in fake_arch.c's
 * arch_phys_to_virt. (Guest virtual addresses are fake_arch.c's.) */
#include <string.h>
#include <keel/domain.h>
#include <keel/errno.h>
#include <keel/keel.h>

#define NODES   65536
#define BUCKETS 16384
/* A 48-bit IPA space, wide enough for host pointers used as addresses. */
#define GFN_LIMIT (1ULL << 36)

struct node {
    const struct domain *d;
    uint64_t gfn;
    paddr_t pa;
    bool readonly;
    bool device;
    struct node *next;
};

static struct node nodes[NODES];
static struct node *buckets[BUCKETS];
static struct node *free_nodes;

/* Tests set this to make the next N arch_p2m_map_page calls fail. */
unsigned int fake_p2m_map_failures;

void fake_p2m_reset(void)
{
    memset(buckets, 0, sizeof(buckets));
    free_nodes = NULL;
    for (unsigned int i = 0; i < NODES; i++) {
        nodes[i].next = free_nodes;
        free_nodes = &nodes[i];
    }
    fake_p2m_map_failures = 0;
}

static struct node **link_of(const struct domain *d, uint64_t gfn)
{
    struct node **l = &buckets[(gfn ^ ((uintptr_t)d >> 4)) % BUCKETS];

    while (*l && ((*l)->d != d || (*l)->gfn != gfn))
        l = &(*l)->next;
    return l;
}

static int set(const struct domain *d, uint64_t gfn, paddr_t pa, bool ro,
               bool device)
{
    struct node **l = link_of(d, gfn);
    struct node *n = *l;

    if (gfn >= GFN_LIMIT)
        return -EINVAL;
    if (!n) {
        if (!free_nodes)
            return -ENOMEM;
        n = free_nodes;
        free_nodes = n->next;
        n->next = NULL;
        *l = n;
    }
    n->d = d;
    n->gfn = gfn;
    n->pa = pa;
    n->readonly = ro;
    n->device = device;
    return 0;
}

int fake_p2m_add_device(struct domain *d, uint64_t gfn, paddr_t pa)
{
    return set(d, gfn, pa, false, true);
}

/* What the test's "MMU" sees at gfn: 0 and the entry, or -ENOENT. */
int fake_p2m_get(struct domain *d, uint64_t gfn, paddr_t *pa, bool *readonly)
{
    struct node *n = *link_of(d, gfn);

    if (!n)
        return -ENOENT;
    *pa = n->pa;
    *readonly = n->readonly;
    return 0;
}

int arch_p2m_map_page(struct domain *d, uint64_t gfn, paddr_t pa, bool readonly)
{
    if (fake_p2m_map_failures) {
        fake_p2m_map_failures--;
        return -ENOMEM;
    }
    return set(d, gfn, pa, readonly, false);
}

int arch_p2m_unmap_page(struct domain *d, uint64_t gfn)
{
    struct node **l = link_of(d, gfn);
    struct node *n = *l;

    if (n) {
        *l = n->next;
        n->next = free_nodes;
        free_nodes = n;
    }
    return 0;
}

int arch_p2m_lookup(struct domain *d, uint64_t gfn, paddr_t *pa)
{
    struct node *n = *link_of(d, gfn);

    if (!n)
        return -ENOENT;
    if (n->device)
        return -EINVAL;
    *pa = n->pa;
    return 0;
}
