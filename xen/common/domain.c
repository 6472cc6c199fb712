/* Domain lifecycle: create, find, shut down, destroy. The last domain to
 * go powers the machine off, since nothing would be left to run. */
#include <keel/domain.h>
#include <keel/errno.h>
#include <keel/event.h>
#include <keel/grant_table.h>
#include <keel/keel.h>
#include <keel/lib.h>
#include <keel/printk.h>
#include <public/shared_info.h>
#include <public/event_channel.h>
#include <public/sched.h>
#include <public/xen.h>

static const char *const reason_names[] = {
    "poweroff", "reboot", "suspend", "crash", "watchdog", "soft_reset",
};

static void free_vcpus(struct domain *d)
{
    for (unsigned int i = 0; i < d->nr_vcpus; i++) {
        struct vcpu *v = d->vcpus[i];

        if (!v)
            continue;
        if (v->arch)
            arch_vcpu_destroy(v);
        heap_free(&d->keel->heap, v);
        d->vcpus[i] = NULL;
    }
}

static int create_vcpus(struct domain *d)
{
    for (unsigned int i = 0; i < d->nr_vcpus; i++) {
        struct vcpu *v = heap_zalloc(&d->keel->heap, sizeof(*v));
        int rc;

        if (!v)
            return -ENOMEM;
        v->domain = d;
        v->id = i;
        d->vcpus[i] = v;
        rc = arch_vcpu_create(v);
        if (rc)
            return rc;
    }
    return 0;
}

/* The shared_info page belongs to the hypervisor; the guest maps it where
 * it likes with add_to_physmap. */
static int alloc_shared_info(struct domain *d)
{
    int rc = page_alloc(&d->keel->pool, 0, &d->shared_info_pa);

    if (rc)
        return rc;
    d->shared_info = arch_phys_to_virt(d->shared_info_pa);
    memset(d->shared_info, 0, PAGE_SIZE);
    d->shared_info->wc_sec = (uint32_t)d->keel->wallclock_sec;
    d->shared_info->wc_sec_hi = (uint32_t)(d->keel->wallclock_sec >> 32);
    d->shared_info->wc_nsec = d->keel->wallclock_nsec;
    d->shared_info_gfn = ~0ULL;
    return 0;
}

static void free_shared_info(struct domain *d)
{
    if (d->shared_info)
        page_free(&d->keel->pool, d->shared_info_pa, 0);
    d->shared_info = NULL;
}

/* Event channels and grant tables, undone in reverse on failure. */
static int create_services(struct domain *d)
{
    int rc = alloc_shared_info(d);

    if (rc)
        return rc;
    rc = evtchn_domain_init(d);
    if (rc)
        goto fail_evtchn;
    rc = grant_table_init(d);
    if (rc)
        goto fail_grant;
    return 0;

fail_grant:
    evtchn_domain_destroy(d);
fail_evtchn:
    free_shared_info(d);
    return rc;
}

static void destroy_services(struct domain *d)
{
    grant_table_destroy(d);
    evtchn_domain_destroy(d);
    free_shared_info(d);
}

/* Any domain on the list, dying ones too, keeps its id. */
static bool id_in_use(struct keel *k, uint16_t id)
{
    bool used = false;

    spin_lock(&k->domains_lock);
    for (struct domain *d = k->domains; d && !used; d = d->next)
        used = d->id == id;
    spin_unlock(&k->domains_lock);
    return used;
}

struct domain *domain_create(struct keel *k, uint16_t id, unsigned int nr_vcpus,
                             bool privileged)
{
    struct domain *d;

    if (!nr_vcpus || nr_vcpus > DOMAIN_MAX_VCPUS || id_in_use(k, id))
        return NULL;
    d = heap_zalloc(&k->heap, sizeof(*d));
    if (!d)
        return NULL;
    d->id = id;
    d->keel = k;
    d->privileged = privileged;
    d->nr_vcpus = nr_vcpus;
    if (arch_domain_create(d))
        goto fail;
    if (create_vcpus(d))
        goto fail_vcpus;
    if (create_services(d))
        goto fail_vcpus;
    for (unsigned int i = 0; i < nr_vcpus; i++)
        sched_add_vcpu(&k->sched, d->vcpus[i]);
    spin_lock(&k->domains_lock);
    d->next = k->domains;
    k->domains = d;
    k->nr_domains++;
    k->max_domid = MAX(k->max_domid, id);
    spin_unlock(&k->domains_lock);
    return d;

fail_vcpus:
    free_vcpus(d);
    arch_domain_destroy(d);
fail:
    heap_free(&k->heap, d);
    return NULL;
}

struct domain *domain_find(struct keel *k, uint16_t id)
{
    struct domain *d;

    spin_lock(&k->domains_lock);
    for (d = k->domains; d; d = d->next)
        if (d->id == id && d->state == DOMAIN_RUNNING)
            break;
    spin_unlock(&k->domains_lock);
    return d;
}

struct domain *domain_get(struct keel *k, uint16_t id)
{
    struct domain *d;

    spin_lock(&k->domains_lock);
    for (d = k->domains; d; d = d->next)
        if (d->id == id && d->state != DOMAIN_DEAD)
            break;
    if (d)
        d->refs++;
    spin_unlock(&k->domains_lock);
    return d;
}

void domain_put(struct domain *d)
{
    struct keel *k = d->keel;
    bool running;

    spin_lock(&k->domains_lock);
    d->refs--;
    running = d->state == DOMAIN_RUNNING;
    spin_unlock(&k->domains_lock);
    /* Every hypercall that names a domain ends in a put: only one that
     * may free a shut-down domain is worth a walk of the list. */
    if (!running)
        domain_reap(k);
}

static bool unlink_domain(struct keel *k, struct domain *d)
{
    for (struct domain **pp = &k->domains; *pp; pp = &(*pp)->next) {
        if (*pp == d) {
            *pp = d->next;
            k->nr_domains--;
            return true;
        }
    }
    return false;
}

/* A shut-down domain waits for the toolstack (xl destroy) while a
 * control domain runs to ask for it; otherwise it goes at once. */
static bool may_free(const struct keel *k, const struct domain *d)
{
    bool control = false;

    for (const struct domain *o = k->domains; o; o = o->next)
        control |= o->id == 0 && o->state == DOMAIN_RUNNING;
    /* Another domain still mapping its pages through grants would see
     * them reused: wait until the last such mapping is gone. */
    return d->refs == 0 && d->foreign_refs == 0 &&
           grant_foreign_maps((struct domain *)d) == 0 &&
           (d->destroy_requested || !control);
}

static bool domain_idle(const struct domain *d)
{
    for (unsigned int i = 0; i < d->nr_vcpus; i++)
        if (d->vcpus[i]->loaded || d->vcpus[i]->state != VCPU_DOWN)
            return false;
    return true;
}

static void domain_destroy(struct domain *d)
{
    struct keel *k = d->keel;

    for (unsigned int i = 0; i < d->nr_vcpus; i++)
        sched_remove_vcpu(&k->sched, d->vcpus[i]);
    printk("d%u: destroyed\n", d->id);
    /* Its vCPUs are gone: the foreign pages it mapped are unreachable. */
    foreign_untrack_all(d);
    destroy_services(d);
    free_vcpus(d);
    arch_domain_destroy(d);
    heap_free(&k->heap, d);
}

/* A destroyed domain that lingers is a leak somewhere in dom0 (a mapping
 * never released): say once what it waits on. Caller holds domains_lock. */
static void report_waiting(struct keel *k)
{
    for (struct domain *d = k->domains; d; d = d->next) {
        if (d->state != DOMAIN_SHUTDOWN || !d->destroy_requested ||
            d->wait_reported || d->refs || !domain_idle(d))
            continue;
        d->wait_reported = true;
        printk("d%u: dying, waiting for %u foreign and %u grant mapping(s) to go\n",
               d->id, d->foreign_refs, grant_foreign_maps(d));
    }
}

/* Destroys shut-down domains that no pCPU runs any more. Walking the
 * list under its lock means a domain is never touched after another pCPU
 * has taken it off the list to free it. */
void domain_reap(struct keel *k)
{
    for (;;) {
        struct domain *d;
        bool last;

        spin_lock(&k->domains_lock);
        for (d = k->domains; d; d = d->next)
            if (d->state == DOMAIN_SHUTDOWN && domain_idle(d) && may_free(k, d))
                break;
        if (d) {
            unlink_domain(k, d);
            d->state = DOMAIN_DEAD;
        } else {
            report_waiting(k);
        }
        last = k->nr_domains == 0;
        spin_unlock(&k->domains_lock);
        if (!d)
            return;
        domain_destroy(d);
        if (last && k->reboot_when_empty) {
            printk("no domains left, rebooting\n");
            arch_reboot();
        }
        if (last) {
            printk("no domains left, powering off\n");
            arch_power_off();
        }
    }
}

/* Tells the toolstack a domain changed state (xl's monitor and xenstored
 * listen for VIRQ_DOM_EXC). */
static void notify_control_domain(struct keel *k)
{
    struct domain *d0 = domain_find(k, 0);

    if (d0)
        evtchn_send_virq(d0, VIRQ_DOM_EXC);
}

/* dom0 owns the hardware: when it goes, the machine goes (every other
 * domain first), rebooting if dom0 rebooted. */
static void hardware_domain_gone(struct keel *k, unsigned int reason)
{
    k->reboot_when_empty = reason == SHUTDOWN_reboot;
    for (;;) {
        struct domain *victim = NULL;

        spin_lock(&k->domains_lock);
        for (struct domain *o = k->domains; o; o = o->next)
            if (o->state == DOMAIN_RUNNING)
                victim = o;
        spin_unlock(&k->domains_lock);
        if (!victim)
            return;
        domain_shutdown(victim, SHUTDOWN_poweroff, "dom0 is gone");
    }
}

void domain_shutdown(struct domain *d, unsigned int reason, const char *why)
{
    struct keel *k = d->keel;

    spin_lock(&k->domains_lock);
    if (d->state != DOMAIN_RUNNING) {
        spin_unlock(&k->domains_lock);
        return;
    }
    d->state = DOMAIN_SHUTDOWN;
    d->shutdown_reason = reason;
    spin_unlock(&k->domains_lock);

    printk("d%u: shut down (%s)%s%s\n", d->id,
           reason < ARRAY_SIZE(reason_names) ? reason_names[reason] : "?",
           why ? ": " : "", why ? why : "");
    for (unsigned int i = 0; i < d->nr_vcpus; i++)
        sched_sleep(&k->sched, d->vcpus[i], VCPU_DOWN);
    /* What it maps of others goes now, so that they can go too. */
    grant_table_release_mappings(d);
    if (d->id == 0)
        hardware_domain_gone(k, reason);
    else
        notify_control_domain(k);
    domain_reap(k);
}

uint16_t domain_free_id(struct keel *k)
{
    for (uint16_t id = 1; id < DOMID_FIRST_RESERVED; id++) {
        bool used = false;

        spin_lock(&k->domains_lock);
        for (struct domain *d = k->domains; d && !used; d = d->next)
            used = d->id == id;
        spin_unlock(&k->domains_lock);
        if (!used)
            return id;
    }
    return 0;
}

/* Kicks the pCPUs that run the domain's vCPUs, so they look at its pause
 * state on the way back to the guest. */
static void kick_vcpus(struct domain *d)
{
    for (unsigned int i = 0; i < d->nr_vcpus; i++)
        arch_kick_cpu(d->vcpus[i]->pcpu);
}

void domain_pause(struct domain *d)
{
    __atomic_add_fetch(&d->pause_count, 1, __ATOMIC_SEQ_CST);
    kick_vcpus(d);
}

void domain_unpause(struct domain *d)
{
    unsigned int n = __atomic_load_n(&d->pause_count, __ATOMIC_SEQ_CST);

    while (n && !__atomic_compare_exchange_n(&d->pause_count, &n, n - 1, false,
                                             __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST))
        ;
    kick_vcpus(d);
}

void domain_destroy_request(struct domain *d)
{
    struct keel *k = d->keel;

    d->destroy_requested = true;
    domain_shutdown(d, SHUTDOWN_poweroff, "destroyed by the toolstack");
    /* An already shut-down domain got no notice from domain_shutdown, yet
     * dom0's daemons must hear that it is dying now: their mappings of its
     * rings are what keeps it from being freed. */
    notify_control_domain(k);
    domain_reap(k);
}
