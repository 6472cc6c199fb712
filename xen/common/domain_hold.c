/* Domains a hypercall names by id, held until it returns. Looking a
 * domain up and using it is not atomic: another pCPU may destroy it in
 * between. A reference taken at the lookup and dropped by the dispatcher
 * keeps it allocated for the whole call, with no put on every return
 * path. The list is per pCPU because a hypercall runs on one pCPU from
 * start to end. */
#include <keel/domain.h>
#include <keel/keel.h>

struct domain *domain_hold(struct keel *k, uint16_t id)
{
    struct domain_holds *h = &k->holds[arch_cpu_id()];
    struct domain *d;

    /* Batches name the same domain over and over: one reference does. */
    for (unsigned int i = 0; i < h->n; i++)
        if (h->d[i]->id == id)
            return h->d[i]->state == DOMAIN_RUNNING ? h->d[i] : NULL;
    if (h->n == DOMAIN_HOLDS_MAX)
        return NULL;
    d = domain_get(k, id);
    if (!d)
        return NULL;
    if (d->state != DOMAIN_RUNNING) {
        domain_put(d);
        return NULL;
    }
    h->d[h->n++] = d;
    return d;
}

void domain_release_holds(struct keel *k)
{
    struct domain_holds *h = &k->holds[arch_cpu_id()];

    /* domain_put may free the domain: unlist it first. */
    while (h->n) {
        struct domain *d = h->d[--h->n];

        domain_put(d);
    }
}
