/* Bookkeeping of foreign mappings (see keel/foreign.h): a hash of the
 * mapper's gfns naming each page's owner, and a count in the owner that
 * domain_reap waits on. The hash's lock is the mapper's foreign_lock; the
 * owner's count changes under domains_lock, where the reaper reads it. */
#include <keel/domain.h>
#include <keel/errno.h>
#include <keel/foreign.h>
#include <keel/keel.h>
#include <keel/lib.h>

static unsigned int bucket_of(uint64_t gfn)
{
    return (unsigned int)((gfn ^ (gfn >> 10)) % FOREIGN_BUCKETS);
}

static void owner_refs(struct keel *k, uint16_t owner, int delta)
{
    spin_lock(&k->domains_lock);
    for (struct domain *d = k->domains; d; d = d->next)
        if (d->id == owner && d->state != DOMAIN_DEAD)
            d->foreign_refs += delta;
    spin_unlock(&k->domains_lock);
}

/* Unlinks gfn's record, returning it (or NULL). Caller holds the lock. */
static struct foreign_entry *take(struct foreign_maps *fm, uint64_t gfn)
{
    struct foreign_entry **pp;

    if (!fm->buckets)
        return NULL;
    for (pp = &fm->buckets[bucket_of(gfn)]; *pp; pp = &(*pp)->next) {
        struct foreign_entry *e = *pp;

        if (e->gfn == gfn) {
            *pp = e->next;
            fm->count--;
            return e;
        }
    }
    return NULL;
}

int foreign_track(struct domain *mapper, uint64_t gfn, struct domain *owner)
{
    struct keel *k = mapper->keel;
    struct foreign_maps *fm = &mapper->foreign;
    struct foreign_entry *e = heap_alloc(&k->heap, sizeof(*e)), *old;
    unsigned int b = bucket_of(gfn);

    if (!e)
        return -ENOMEM;
    spin_lock(&mapper->foreign_lock);
    if (!fm->buckets)
        fm->buckets = heap_zalloc(&k->heap, FOREIGN_BUCKETS * sizeof(*fm->buckets));
    if (!fm->buckets) {
        spin_unlock(&mapper->foreign_lock);
        heap_free(&k->heap, e);
        return -ENOMEM;
    }
    old = take(fm, gfn);
    *e = (struct foreign_entry){ gfn, owner->id, fm->buckets[b] };
    fm->buckets[b] = e;
    fm->count++;
    spin_unlock(&mapper->foreign_lock);
    owner_refs(k, owner->id, 1);
    if (old) {
        owner_refs(k, old->owner, -1);
        heap_free(&k->heap, old);
    }
    return 0;
}

void foreign_untrack(struct domain *mapper, uint64_t gfn)
{
    struct keel *k = mapper->keel;
    struct foreign_entry *e;

    spin_lock(&mapper->foreign_lock);
    e = take(&mapper->foreign, gfn);
    spin_unlock(&mapper->foreign_lock);
    if (!e)
        return;
    owner_refs(k, e->owner, -1);
    heap_free(&k->heap, e);
    domain_reap(k);
}

void foreign_untrack_all(struct domain *mapper)
{
    struct keel *k = mapper->keel;
    struct foreign_maps *fm = &mapper->foreign;

    if (!fm->buckets)
        return;
    for (unsigned int b = 0; b < FOREIGN_BUCKETS; b++) {
        while (fm->buckets[b]) {
            struct foreign_entry *e = fm->buckets[b];

            fm->buckets[b] = e->next;
            owner_refs(k, e->owner, -1);
            heap_free(&k->heap, e);
        }
    }
    heap_free(&k->heap, fm->buckets);
    fm->buckets = NULL;
    fm->count = 0;
}
