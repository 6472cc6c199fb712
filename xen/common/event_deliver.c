/* 2-level event delivery: the pending and mask bitmaps in shared_info,
 * the selector and upcall flag in each vCPU's vcpu_info. The guest writes
 * the same words from its own CPUs at any time, so every access here is
 * an atomic read-modify-write, in the order the ABI fixes: pending bit,
 * then mask check, then selector, then the upcall flag. */
#include <keel/domain.h>
#include <keel/event.h>
#include <public/shared_info.h>

#define WORD(port) ((port) / 64)
#define BIT(port)  (1ULL << ((port) % 64))

static bool test_and_set(uint64_t *word, uint64_t bit)
{
    return __atomic_fetch_or(word, bit, __ATOMIC_SEQ_CST) & bit;
}

static bool test_and_clear(uint64_t *word, uint64_t bit)
{
    return __atomic_fetch_and(word, ~bit, __ATOMIC_SEQ_CST) & bit;
}

static bool test(const uint64_t *word, uint64_t bit)
{
    return __atomic_load_n(word, __ATOMIC_SEQ_CST) & bit;
}

static struct shared_info *shared_info_of(struct domain *d)
{
    return __atomic_load_n(&d->shared_info, __ATOMIC_ACQUIRE);
}

/* Until a vCPU registers its own vcpu_info, vCPU 0 has the legacy slot in
 * shared_info and the others nowhere: their events stay in the pending
 * bitmap until registration marks everything. */
static struct vcpu_info *vcpu_info_of(struct vcpu *v, struct shared_info *si)
{
    if (v->vcpu_info)
        return v->vcpu_info;
    if (v->id == 0)
        return &si->vcpu_info[0];
    return NULL;
}

static void mark_upcall(struct vcpu *v, struct vcpu_info *vi)
{
    if (__atomic_exchange_n(&vi->evtchn_upcall_pending, 1, __ATOMIC_SEQ_CST))
        return;
    arch_vcpu_raise_upcall(v);
}

/* The selector bit is the guest's cue to scan the word; only when it was
 * clear can the upcall be new. */
static void notify(struct domain *d, unsigned int vcpu, uint32_t port,
                   struct shared_info *si)
{
    struct vcpu *v = vcpu < d->nr_vcpus ? d->vcpus[vcpu] : NULL;
    struct vcpu_info *vi;

    if (!v)
        return;
    vi = vcpu_info_of(v, si);
    if (!vi || test_and_set(&vi->evtchn_pending_sel, BIT(WORD(port))))
        return;
    mark_upcall(v, vi);
}

/* With no shared_info yet the port is noted aside. Should the page appear
 * meanwhile, whichever of us and the replay takes the note delivers it. */
static struct shared_info *note_early(struct domain *d, uint32_t port)
{
    uint64_t *word = &d->evtchn->early_pending[WORD(port)];
    struct shared_info *si;

    test_and_set(word, BIT(port));
    si = shared_info_of(d);
    if (si && test_and_clear(word, BIT(port)))
        return si;
    return NULL;
}

void evtchn_2l_set_pending(struct domain *d, unsigned int vcpu, uint32_t port)
{
    struct shared_info *si = shared_info_of(d);

    if (!si)
        si = note_early(d, port);
    if (!si)
        return;
    if (test_and_set(&si->evtchn_pending[WORD(port)], BIT(port)))
        return;
    if (test(&si->evtchn_mask[WORD(port)], BIT(port)))
        return;
    notify(d, vcpu, port, si);
}

void evtchn_2l_clear_pending(struct domain *d, uint32_t port)
{
    struct shared_info *si = shared_info_of(d);

    test_and_clear(&d->evtchn->early_pending[WORD(port)], BIT(port));
    if (si)
        test_and_clear(&si->evtchn_pending[WORD(port)], BIT(port));
}

/* Only a port that was masked can have an event the guest never heard
 * of; Linux relies on this and re-masks before asking. */
void evtchn_2l_unmask(struct domain *d, unsigned int vcpu, uint32_t port)
{
    struct shared_info *si = shared_info_of(d);

    if (!si)
        return;
    if (!test_and_clear(&si->evtchn_mask[WORD(port)], BIT(port)))
        return;
    if (test(&si->evtchn_pending[WORD(port)], BIT(port)))
        notify(d, vcpu, port, si);
}

void evtchn_2l_take_early(struct domain *d, uint64_t *words)
{
    for (unsigned int w = 0; w < EVTCHN_NR_PORTS / 64; w++)
        words[w] = __atomic_exchange_n(&d->evtchn->early_pending[w], 0,
                                       __ATOMIC_SEQ_CST);
}

/* Raised even if upcall_pending was already set (copied from the old
 * place): the vCPU had nowhere to look until now, and a spurious upcall
 * costs the guest one empty scan. */
void evtchn_vcpu_info_registered(struct vcpu *v)
{
    struct vcpu_info *vi = v->vcpu_info;

    if (!vi)
        return;
    __atomic_store_n(&vi->evtchn_pending_sel, ~0ULL, __ATOMIC_SEQ_CST);
    __atomic_store_n(&vi->evtchn_upcall_pending, 1, __ATOMIC_SEQ_CST);
    arch_vcpu_raise_upcall(v);
}
